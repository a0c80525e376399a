/* docx_document.c — word/document.xml from the document tree.
 *
 * One function per element, called in document order (ad_dx_w_p writes
 * <w:p>, S_w_ppr <w:pPr> …), so the code reads next to the ECMA-376 element
 * lists.  pPr, tblPr, tcPr and sectPr are strict sequences in the schema:
 * their children are written in schema order.
 *
 * Word conventions followed here:
 * - Sections: every section but the last ends with a paragraph whose pPr
 *   holds its sectPr (a next-page section break); the last section's sectPr
 *   is the last child of w:body.  A section that does not end with a
 *   paragraph gets an empty one to carry it.  Page-break nodes at the very
 *   end of a section are dropped (the section break already starts a page).
 * - A page-break node becomes w:pageBreakBefore on the next paragraph, or a
 *   paragraph holding <w:br w:type="page"/> when a table follows.
 * - List markers and typed sequence numbers are Word list numbering
 *   (docx_numbering.c): the list level carries the hanging indent and the
 *   tab to the text.  A label numbering cannot say stays text,
 *   "marker<TAB>text", with the same indent and tab stop on the paragraph.
 * - Indents and alignment shared by paragraphs are their body or table text
 *   style's (docx_styles.c); direct formatting is what stays particular.
 * - Spacing as the PDF sets it: none before the first paragraph of a page,
 *   blank paragraphs folded into the next one's space before.
 * - Tables follow the HTML model in the tree (cells covered by a rowspan are
 *   omitted in later rows); Word needs a <w:vMerge/> continuation cell in
 *   each covered grid slot, which S_w_tr inserts.
 * - Alignment uses left/right/center/both, which every Word version reads
 *   (not the 5th-edition start/end).
 * - The outline (navigation pane) is the tree's, as the PDF's bookmarks: a
 *   paragraph whose text is its entry's title carries it (the built-in
 *   "heading N" style at level N, a part's title in the PartTitle style,
 *   else a direct w:outlineLvl); an entry titled otherwise (次第, 結果報告書,
 *   a department's name over its report's title) is a hidden paragraph.
 * - Anchors become bookmarks (names Word accepts: a letter, then letters,
 *   digits or '_', at most 40 characters; other anchors get "ad_N"); runs
 *   that link to an anchor become <w:hyperlink w:anchor>. */
#include "docx_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* ---- prepare: anchors → bookmark names --------------------------------------*/

static bool S_word_bookmark_ok(const char *a)
{
    size_t n = strlen(a);
    if (n == 0 || n > 40)
        return false;
    if (!((a[0] >= 'A' && a[0] <= 'Z') || (a[0] >= 'a' && a[0] <= 'z')))
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = a[i];
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
              ch == '_'))
            return false;
    }
    return true;
}

static bool S_bookmark_taken(const ad_dx_ctx *c, const char *name)
{
    for (size_t i = 0; i < c->n_anchors; i++)
        if (strcmp(c->anchors[i].bookmark, name) == 0)
            return true;
    return false;
}

static void S_add_anchor(ad_dx_ctx *c, const void *owner, const char *anchor)
{
    if (!anchor || !*anchor || ad_dx_bookmark(c, anchor))
        return;
    struct ad_dx_anchor a;
    a.anchor = anchor;
    a.owner = owner;
    a.bookmark = S_word_bookmark_ok(anchor) ? ad_xstrdup(anchor)
                                            : ad_xasprintf("ad_%zu", c->n_anchors + 1);
    /* bookmark names must be unique (a real anchor may look like "ad_3") */
    while (S_bookmark_taken(c, a.bookmark)) {
        char *b = ad_xasprintf("ad_%zu_%zu", c->n_anchors + 1, strlen(a.bookmark));
        free(a.bookmark);
        a.bookmark = b;
    }
    AD_VEC_PUSH(c->anchors, c->n_anchors, c->cap_anchors) = a;
}

static void S_collect(ad_dx_ctx *c, const ad_nodes *body)
{
    for (size_t i = 0; i < body->n; i++) {
        const ad_node *n = body->v[i];
        if (n->kind == AD_NODE_PARA)
            S_add_anchor(c, n, n->anchor);
        else if (n->kind == AD_NODE_TABLE)
            for (size_t r = 0; r < n->n_rows; r++)
                for (size_t k = 0; k < n->rows[r].n; k++)
                    S_collect(c, &n->rows[r].cells[k].body);
    }
}

void ad_dx_ctx_init(ad_dx_ctx *c, const ad_doc *d)
{
    memset(c, 0, sizeof *c);
    c->d = d;
    c->footer = d->page_number_format != NULL;
    for (int i = 0; i < AD_PS_COUNT; i++)
        c->style_id[i] = ad_xstrdup(d->styles[i].docx_id ? d->styles[i].docx_id : "Normal");
    c->table_style = ad_xstrdup(AD_DOCX_TABLE_STYLE);
    c->footer_style = ad_xstrdup(AD_DOCX_FOOTER_STYLE);
    c->part_title_style = ad_xstrdup(AD_DOCX_PART_TITLE_STYLE);
    c->grid_pitch = c->grid_char_space = -1;
    for (size_t s = 0; s < d->n_sections; s++) {
        S_add_anchor(c, &d->sections[s], d->sections[s].anchor);
        S_collect(c, &d->sections[s].body);
    }
    ad_dx_numbering_plan(c);
    ad_dx_body_plan(c);
}

void ad_dx_ctx_free(ad_dx_ctx *c)
{
    for (size_t i = 0; i < c->n_anchors; i++)
        free(c->anchors[i].bookmark);
    free(c->anchors);
    for (int i = 0; i < AD_PS_COUNT; i++)
        free(c->style_id[i]);
    free(c->table_style);
    free(c->footer_style);
    free(c->part_title_style);
    free(c->grid_type);
    for (size_t i = 0; i < c->n_bodies; i++)
        free(c->bodies[i].id);
    free(c->bodies);
    ad_dx_numbering_free(c);
    c->anchors = NULL;
    c->n_anchors = c->cap_anchors = 0;
}

const char *ad_dx_bookmark(const ad_dx_ctx *c, const char *anchor)
{
    if (!anchor)
        return NULL;
    for (size_t i = 0; i < c->n_anchors; i++)
        if (strcmp(c->anchors[i].anchor, anchor) == 0)
            return c->anchors[i].bookmark;
    return NULL;
}

const char *ad_dx_bookmark_of(const ad_dx_ctx *c, const void *owner, const char *anchor)
{
    if (!anchor)
        return NULL;
    for (size_t i = 0; i < c->n_anchors; i++)
        if (c->anchors[i].owner == owner && strcmp(c->anchors[i].anchor, anchor) == 0)
            return c->anchors[i].bookmark;
    return NULL;
}

/* ---- runs ---------------------------------------------------------------------*/

static void S_w_rfonts(ad_xw *x, const char *font)
{
    xw_start(x, "w:rFonts");
    xw_attr(x, "w:ascii", font);
    xw_attr(x, "w:eastAsia", font);
    xw_attr(x, "w:hAnsi", font);
    xw_end(x);
}

static void S_w_rpr(ad_xw *x, const ad_run *r)
{
    if (!(r->flags & (AD_RUN_BOLD | AD_RUN_GOTHIC | AD_RUN_UNDERLINE)) && r->color == AD_COLOR_NONE)
        return;
    xw_start(x, "w:rPr");
    /* bold Japanese is the Gothic bold face, as in the PDF (Word would
     * embolden Mincho artificially) */
    if (r->flags & (AD_RUN_GOTHIC | AD_RUN_BOLD))
        S_w_rfonts(x, AD_DOCX_GOTHIC);
    if (r->flags & AD_RUN_BOLD) {
        xw_empty(x, "w:b");
        xw_empty(x, "w:bCs");
    }
    if (r->color != AD_COLOR_NONE) {
        char hex[8];
        snprintf(hex, sizeof hex, "%06X", (unsigned)(r->color & 0xFFFFFFu));
        xw_val(x, "w:color", hex);
    }
    if (r->flags & AD_RUN_UNDERLINE)
        xw_val(x, "w:u", "single");
    xw_end(x);
}

/* <w:t> for one stretch of text without '\n' or '\t'. */
static void S_w_t(ad_xw *x, const char *s, size_t n)
{
    if (n == 0)
        return;
    char *t = ad_xstrndup(s, n);
    xw_start(x, "w:t");
    if (t[0] == ' ' || t[n - 1] == ' ' || strstr(t, "  "))
        xw_attr(x, "xml:space", "preserve");
    xw_text(x, t);
    xw_end(x);
    free(t);
}

/* The run's content: text split at '\n' (w:br) and '\t' (w:tab). */
static void S_run_content(ad_xw *x, const char *text)
{
    const char *s = text ? text : "";
    const char *start = s;
    for (;; s++) {
        if (*s == '\n' || *s == '\t' || *s == '\0') {
            S_w_t(x, start, (size_t)(s - start));
            if (*s == '\0')
                break;
            xw_empty(x, *s == '\n' ? "w:br" : "w:tab");
            start = s + 1;
        }
    }
}

void ad_dx_w_r(ad_xw *x, const ad_run *r)
{
    xw_start(x, "w:r");
    S_w_rpr(x, r);
    S_run_content(x, r->text);
    xw_end(x);
}

/* ---- paragraphs -----------------------------------------------------------------*/

static const char *S_jc(ad_align a)
{
    switch (a) {
    case AD_ALIGN_CENTER: return "center";
    case AD_ALIGN_RIGHT: return "right";
    case AD_ALIGN_JUSTIFY: return "both";
    case AD_ALIGN_LEFT: break;
    }
    return "left";
}

/* style: the style id to write instead of the paragraph's own, or NULL;
 * outline: a direct outline level (1-based), 0 for the style's. */
static void S_w_ppr(ad_xw *x, ad_dx_state *s, const ad_node *p, bool page_break, int outline,
                    const char *style, int num_id, int before, const ad_doc_section *sect_end)
{
    const ad_doc *d = s->c->d;
    /* a body paragraph's indents and alignment are its body style's */
    const struct ad_dx_body_style *body = style ? NULL : ad_dx_body_style_of(s->c, p);
    if (body)
        style = body->id;
    bool has_style = style || (p->style != AD_PS_NORMAL && p->style < AD_PS_COUNT);
    /* a numbered paragraph's indents are its list level's */
    int hang = p->marker && *p->marker && !num_id ? ad_para_marker_hang(d, p) : 0;
    bool ind = !body && !num_id && (hang > 0 || p->indent != 0 || p->first_line != 0);
    ad_align align = body ? AD_ALIGN_LEFT : p->align;
    if (!has_style && !p->keep_next && !page_break && !ind && align == AD_ALIGN_LEFT &&
        !outline && !sect_end && !num_id && before < 0)
        return;
    xw_start(x, "w:pPr");
    if (has_style)
        xw_val(x, "w:pStyle", style ? style : s->c->style_id[p->style]);
    if (p->keep_next)
        xw_empty(x, "w:keepNext");
    if (page_break)
        xw_empty(x, "w:pageBreakBefore");
    if (num_id) {
        xw_start(x, "w:numPr");
        xw_val_int(x, "w:ilvl", 0);
        xw_val_int(x, "w:numId", num_id);
        xw_end(x);
    }
    if (hang > 0) {
        xw_start(x, "w:tabs");
        xw_start(x, "w:tab");
        xw_attr(x, "w:val", "left");
        xw_attr_int(x, "w:pos", p->indent + hang);
        xw_end(x);
        xw_end(x);
    }
    if (before >= 0) {
        xw_start(x, "w:spacing");
        xw_attr_int(x, "w:before", before);
        xw_end(x);
    }
    if (ind) {
        xw_start(x, "w:ind");
        if (hang > 0) {
            xw_attr_int(x, "w:left", p->indent + hang);
            xw_attr_int(x, "w:hanging", hang);
        } else {
            xw_attr_int(x, "w:left", p->indent);
            if (p->first_line > 0)
                xw_attr_int(x, "w:firstLine", p->first_line);
            else if (p->first_line < 0)
                xw_attr_int(x, "w:hanging", -p->first_line);
        }
        xw_end(x);
    }
    if (align != AD_ALIGN_LEFT)
        xw_val(x, "w:jc", S_jc(align));
    if (outline > 0 && outline <= 9)
        xw_val_int(x, "w:outlineLvl", outline - 1);
    if (sect_end)
        ad_dx_w_sectPr(x, s->c, sect_end);
    xw_end(x);
}

static void S_w_bookmark_start(ad_xw *x, long id, const char *name)
{
    xw_start(x, "w:bookmarkStart");
    xw_attr_int(x, "w:id", id);
    xw_attr(x, "w:name", name);
    xw_end(x);
}

static void S_w_bookmark_end(ad_xw *x, long id)
{
    xw_start(x, "w:bookmarkEnd");
    xw_attr_int(x, "w:id", id);
    xw_end(x);
}

static void S_w_hyperlink(ad_xw *x, const char *bookmark, const ad_run *r)
{
    xw_start(x, "w:hyperlink");
    xw_attr(x, "w:anchor", bookmark);
    xw_attr(x, "w:history", "1");
    ad_dx_w_r(x, r);
    xw_end(x);
}

/* An outline entry whose title is not the text of the paragraph that carries
 * it (次第, 結果報告書, a department's name over its report's title): a
 * hidden heading paragraph, in the navigation pane but neither shown nor
 * printed.  Level 1 takes the part title style, deeper levels a direct
 * outline level. */
static void S_w_p_hidden_entry(ad_xw *x, ad_dx_state *s, const char *title, int level)
{
    xw_start(x, "w:p");
    xw_start(x, "w:pPr");
    if (level == 1)
        xw_val(x, "w:pStyle", s->c->part_title_style);
    else
        xw_val_int(x, "w:outlineLvl", level - 1 > 8 ? 8 : level - 1);
    xw_start(x, "w:rPr");
    xw_empty(x, "w:vanish");
    xw_end(x);
    xw_end(x);
    xw_start(x, "w:r");
    xw_start(x, "w:rPr");
    xw_empty(x, "w:vanish");
    xw_end(x);
    S_run_content(x, title);
    xw_end(x);
    xw_end(x);
}

int ad_dx_builtin_level(const ad_dx_ctx *c, ad_pstyle st)
{
    const char *name = st < AD_PS_COUNT ? c->d->styles[st].name : NULL;
    if (!name || strncasecmp(name, "heading ", 8) != 0)
        return 0;
    char *end = NULL;
    long n = strtol(name + 8, &end, 10);
    return end && *end == '\0' && n >= 1 && n <= 9 ? (int)n : 0;
}

/* Settles the outline of paragraph p: the entries it does not carry itself
 * are written before it as hidden paragraphs; *style and *outline say how p
 * carries its own (the part title style, or a direct outline level). */
static void S_outline_of(ad_xw *x, ad_dx_state *s, const ad_node *p, const char **style,
                         int *outline)
{
    const ad_doc *d = s->c->d;
    const char *titles[2] = {s->pending_title, p->outline_title};
    int levels[2] = {s->pending_outline, ad_outline_level(d, s->section_level, p)};
    s->pending_title = NULL;
    s->pending_outline = 0;
    if (!titles[0] && !titles[1])
        return;
    char *text = ad_para_text(p);
    int carried = -1;
    for (int i = 1; i >= 0 && carried < 0; i--)
        if (titles[i] && levels[i] > 0 && strcmp(titles[i], text) == 0)
            carried = i;
    free(text);
    for (int i = 0; i < 2; i++)
        if (titles[i] && *titles[i] && levels[i] > 0 && i != carried)
            S_w_p_hidden_entry(x, s, titles[i], levels[i]);
    if (carried < 0)
        return;
    int level = levels[carried];
    if (ad_dx_builtin_level(s->c, p->style) == level)
        return;
    if (level == 1 && (p->style == AD_PS_TITLE || p->style == AD_PS_NORMAL))
        *style = s->c->part_title_style;
    else
        *outline = level;
}

static void S_w_run_or_link(ad_xw *x, const char *target, const ad_run *r)
{
    if (target)
        S_w_hyperlink(x, target, r);
    else
        ad_dx_w_r(x, r);
}

/* Line breaks that end a paragraph in the DOCX: after one, Word and
 * LibreOffice start the line at the left indent, the PDF (each line a
 * paragraph of the layout) at the first-line indent again; so a paragraph
 * with a first-line indent becomes one paragraph per line.  Returns their
 * number (0: written as w:br). */
static int S_split_breaks(const ad_node *p, bool numbered)
{
    if (p->first_line <= 0 || numbered || (p->marker && *p->marker))
        return 0;
    int n = 0;
    for (size_t i = 0; i < p->n_runs; i++)
        for (const char *t = p->runs[i].text; t && (t = strchr(t, '\n')) != NULL; t++)
            n++;
    return n;
}

/* The paragraph's space before when it is not its style's (-1): none at the
 * top of a page, as in the PDF; its blank lines (doc.h) and the height of
 * blank paragraphs folded into it added. */
static int S_space_before(ad_dx_state *s, const ad_node *p, bool page_break)
{
    const ad_doc *d = s->c->d;
    int style_before = p->style < AD_PS_COUNT ? d->styles[p->style].space_before : 0;
    int extra = s->pending_space + ad_para_blank_height(d, p);
    bool top = s->section_top || page_break;
    s->pending_space = 0;
    s->section_top = false;
    if (top)
        return style_before > 0 || extra > 0 ? extra : -1;
    /* less what the body paragraph above gained in Word (its last line's
     * leading), as the headings' styles do */
    if (extra > 0) {
        int excess = s->after_table ? 0 : ad_dx_last_line_excess(&d->styles[AD_PS_NORMAL]);
        return style_before + (extra > excess ? extra - excess : 0);
    }
    return -1;
}

/* A blank paragraph the PDF sets as one empty line (agenda spacing): in the
 * DOCX it becomes space before the next paragraph, of the same height. */
static bool S_blank(const ad_node *p)
{
    if (p->kind != AD_NODE_PARA || (p->marker && *p->marker) || p->anchor || p->outline_title ||
        p->keep_next || p->style >= AD_PS_COUNT)
        return false;
    for (size_t i = 0; i < p->n_runs; i++)
        if (p->runs[i].text && *p->runs[i].text)
            return false;
    return true;
}

/* sect_end: this paragraph ends that section (its sectPr goes in the pPr). */
void ad_dx_w_p(ad_xw *x, ad_dx_state *s, const ad_node *p, const ad_doc_section *sect_end)
{
    const char *bm[2] = {NULL, NULL};
    long ids[2] = {0, 0};
    bool page_break = s->pending_page_break;
    int outline = 0;
    const char *style = NULL;
    s->pending_page_break = false;
    if (s->pending_anchor) {
        bm[0] = s->pending_anchor;
        s->pending_anchor = NULL;
    }
    S_outline_of(x, s, p, &style, &outline);
    bm[1] = ad_dx_bookmark_of(s->c, p, p->anchor);
    const struct ad_dx_numbered *num = ad_dx_numbered_of(s->c, &s->next_numbered, p);
    int breaks = S_split_breaks(p, num != NULL);
    int before = S_space_before(s, p, page_break);
    s->after_table = false;

    xw_start(x, "w:p");
    S_w_ppr(x, s, p, page_break, outline, style, num ? num->num_id : 0, before,
            breaks ? NULL : sect_end);
    for (int i = 0; i < 2; i++)
        if (bm[i]) {
            ids[i] = s->next_bookmark_id++;
            S_w_bookmark_start(x, ids[i], bm[i]);
        }
    if (p->marker && *p->marker && !num) {
        ad_run m = {0};
        m.text = p->marker;
        m.color = AD_COLOR_NONE;
        m.flags = ad_para_marker_flags(p);
        xw_start(x, "w:r");
        S_w_rpr(x, &m);
        S_run_content(x, p->marker);
        xw_empty(x, "w:tab");
        xw_end(x);
    }
    for (size_t i = 0; i < p->n_runs; i++) {
        ad_run cut;
        const ad_run *r = &p->runs[i];
        if (i == 0 && num && num->strip) {
            /* the typed number is the list's label now */
            cut = *r;
            cut.text = r->text + num->strip;
            r = &cut;
        }
        if (!r->text || !*r->text)
            continue;
        const char *target = r->link ? ad_dx_bookmark(s->c, r->link) : NULL;
        const char *nl = breaks ? strchr(r->text, '\n') : NULL;
        if (!nl) {
            S_w_run_or_link(x, target, r);
            continue;
        }
        /* a line break of an indented paragraph: the next line starts a
         * paragraph of its own, with the same indents */
        const char *seg = r->text;
        for (;;) {
            ad_run part = *r;
            part.text = nl ? ad_xstrndup(seg, (size_t)(nl - seg)) : ad_xstrdup(seg);
            if (*part.text)
                S_w_run_or_link(x, target, &part);
            free(part.text);
            if (!nl)
                break;
            for (int k = 1; k >= 0; k--)
                if (bm[k]) {
                    S_w_bookmark_end(x, ids[k]);
                    bm[k] = NULL;
                }
            xw_end(x);
            breaks--;
            xw_start(x, "w:p");
            S_w_ppr(x, s, p, false, 0, NULL, 0, -1, breaks ? NULL : sect_end);
            seg = nl + 1;
            nl = strchr(seg, '\n');
        }
    }
    for (int i = 1; i >= 0; i--)
        if (bm[i])
            S_w_bookmark_end(x, ids[i]);
    xw_end(x);
}

/* An empty paragraph (cells without content, section ends after a table). */
static void S_w_p_empty(ad_xw *x, ad_dx_state *s, ad_pstyle style, const ad_doc_section *sect_end)
{
    ad_node p = {0};
    p.kind = AD_NODE_PARA;
    p.style = style;
    ad_dx_w_p(x, s, &p, sect_end);
}

/* A page break that cannot go into the next paragraph's pPr (a table follows). */
static void S_w_p_page_break(ad_xw *x)
{
    xw_start(x, "w:p");
    xw_start(x, "w:r");
    xw_start(x, "w:br");
    xw_attr(x, "w:type", "page");
    xw_end(x);
    xw_end(x);
    xw_end(x);
}

/* ---- tables ------------------------------------------------------------------------*/

static void S_w_border(ad_xw *x, const char *name)
{
    xw_start(x, name);
    xw_attr(x, "w:val", "single");
    xw_attr(x, "w:sz", "4");
    xw_attr(x, "w:space", "0");
    xw_attr(x, "w:color", "000000");
    xw_end(x);
}

static void S_w_tblpr(ad_xw *x, const ad_dx_state *s, const ad_node *t)
{
    long total = 0;
    for (int i = 0; i < t->n_cols; i++)
        total += t->col_w[i];
    xw_start(x, "w:tblPr");
    xw_val(x, "w:tblStyle", s->c->table_style);
    xw_start(x, "w:tblW");
    xw_attr_int(x, "w:w", total);
    xw_attr(x, "w:type", "dxa");
    xw_end(x);
    xw_start(x, "w:tblBorders");
    if (t->borders) {
        static const char *const names[] = {"w:top", "w:left", "w:bottom", "w:right", "w:insideH",
                                            "w:insideV"};
        for (size_t i = 0; i < sizeof names / sizeof *names; i++)
            S_w_border(x, names[i]);
    } else {
        static const char *const names[] = {"w:top", "w:left", "w:bottom", "w:right", "w:insideH",
                                            "w:insideV"};
        for (size_t i = 0; i < sizeof names / sizeof *names; i++)
            xw_val(x, names[i], "nil");
    }
    xw_end(x);
    xw_start(x, "w:tblLayout");
    xw_attr(x, "w:type", "fixed");
    xw_end(x);
    /* the cells' inner margins: the PDF's (doc.h), less above and below
     * half of what Word and LibreOffice add to a row of one-paragraph
     * cells that the PDF does not: the leading below a paragraph's last
     * line and LibreOffice's row border (0.6 pt), so rows are as tall as
     * in the PDF (a matrix row: 13.0 pt in both) */
    const ad_doc *d = s->c->d;
    int pad_v = d->cell_pad_y - ad_dx_last_line_excess(&d->styles[AD_PS_TABLE]) / 2 - 6;
    if (pad_v < 0)
        pad_v = 0;
    xw_start(x, "w:tblCellMar");
    static const char *const sides[] = {"w:top", "w:left", "w:bottom", "w:right"};
    for (int i = 0; i < 4; i++) {
        xw_start(x, sides[i]);
        xw_attr_int(x, "w:w", i % 2 ? d->cell_pad_x : pad_v);
        xw_attr(x, "w:type", "dxa");
        xw_end(x);
    }
    xw_end(x);
    xw_start(x, "w:tblLook");
    xw_attr(x, "w:val", "0020");
    xw_attr(x, "w:firstRow", "1");
    xw_attr(x, "w:lastRow", "0");
    xw_attr(x, "w:firstColumn", "0");
    xw_attr(x, "w:lastColumn", "0");
    xw_attr(x, "w:noHBand", "1");
    xw_attr(x, "w:noVBand", "1");
    xw_end(x);
    xw_end(x);
}

static void S_w_tblgrid(ad_xw *x, const ad_node *t)
{
    xw_start(x, "w:tblGrid");
    for (int i = 0; i < t->n_cols; i++) {
        xw_start(x, "w:gridCol");
        xw_attr_int(x, "w:w", t->col_w[i]);
        xw_end(x);
    }
    xw_end(x);
}

/* vmerge: 0 none, 1 restart, 2 continue */
static void S_w_tcpr(ad_xw *x, long width, int span, int vmerge, uint32_t shade, ad_valign va)
{
    xw_start(x, "w:tcPr");
    xw_start(x, "w:tcW");
    xw_attr_int(x, "w:w", width);
    xw_attr(x, "w:type", "dxa");
    xw_end(x);
    if (span > 1)
        xw_val_int(x, "w:gridSpan", span);
    if (vmerge == 1)
        xw_val(x, "w:vMerge", "restart");
    else if (vmerge == 2)
        xw_empty(x, "w:vMerge");
    if (shade != AD_COLOR_NONE) {
        char hex[8];
        snprintf(hex, sizeof hex, "%06X", (unsigned)(shade & 0xFFFFFFu));
        xw_start(x, "w:shd");
        xw_attr(x, "w:val", "clear");
        xw_attr(x, "w:color", "auto");
        xw_attr(x, "w:fill", hex);
        xw_end(x);
    }
    if (va != AD_VALIGN_TOP)
        xw_val(x, "w:vAlign", va == AD_VALIGN_CENTER ? "center" : "bottom");
    xw_end(x);
}

static void S_w_body(ad_xw *x, ad_dx_state *s, const ad_nodes *body, const ad_doc_section *sect,
                     ad_pstyle empty_style);

static long S_span_width(const ad_node *t, int col, int span)
{
    long w = 0;
    for (int i = col; i < col + span && i < t->n_cols; i++)
        w += t->col_w[i];
    return w;
}

/* Grid slot bookkeeping for rowspans: covered[c] > 0 while a cell from an
 * earlier row still covers column c (rows left); cov_span/cov_* describe it. */
typedef struct {
    int rows_left;
    int span;           /* colspan of the covering cell (set at its first column) */
    uint32_t shade;
    ad_valign valign;
} S_cover;

static void S_w_tc(ad_xw *x, ad_dx_state *s, const ad_node *t, const ad_cell *cell, int col,
                   int span, bool header, S_cover *cover)
{
    uint32_t shade = cell->shade;
    if (shade == AD_COLOR_NONE && header)
        shade = s->c->d->header_shade;
    xw_start(x, "w:tc");
    S_w_tcpr(x, S_span_width(t, col, span), span, cell->rowspan > 1 ? 1 : 0, shade, cell->valign);
    S_w_body(x, s, &cell->body, NULL, header ? AD_PS_TABLE_HEADER : AD_PS_TABLE);
    xw_end(x);
    if (cell->rowspan > 1) {
        cover[col].rows_left = cell->rowspan - 1;
        cover[col].span = span;
        cover[col].shade = shade;
        cover[col].valign = cell->valign;
    }
}

static void S_w_tc_continue(ad_xw *x, ad_dx_state *s, const ad_node *t, int col, S_cover *cv)
{
    xw_start(x, "w:tc");
    S_w_tcpr(x, S_span_width(t, col, cv->span), cv->span, 2, cv->shade, cv->valign);
    S_w_p_empty(x, s, AD_PS_TABLE, NULL);
    xw_end(x);
    cv->rows_left--;
}

static void S_w_tr(ad_xw *x, ad_dx_state *s, const ad_node *t, size_t r, S_cover *cover)
{
    const ad_row *row = &t->rows[r];
    bool header = (long)r < (long)t->header_rows;
    xw_start(x, "w:tr");
    xw_start(x, "w:trPr");
    xw_empty(x, "w:cantSplit"); /* rows are kept whole (doc.h) */
    if (header)
        xw_empty(x, "w:tblHeader");
    xw_end(x);
    size_t k = 0;
    int col = 0;
    while (col < t->n_cols) {
        if (cover[col].rows_left > 0) {
            int span = cover[col].span;
            S_w_tc_continue(x, s, t, col, &cover[col]);
            col += span;
            continue;
        }
        if (k < row->n) {
            const ad_cell *cell = &row->cells[k++];
            int span = cell->colspan;
            if (col + span > t->n_cols)
                span = t->n_cols - col;
            /* a span must not run into a slot that an earlier rowspan covers */
            for (int j = col + 1; j < col + span; j++)
                if (cover[j].rows_left > 0) {
                    span = j - col;
                    break;
                }
            S_w_tc(x, s, t, cell, col, span, header, cover);
            col += span;
        } else {
            /* the row has fewer cells than the grid: fill it */
            ad_cell empty = {0};
            empty.colspan = empty.rowspan = 1;
            empty.shade = AD_COLOR_NONE;
            S_w_tc(x, s, t, &empty, col, 1, header, cover);
            col++;
        }
    }
    /* cells beyond the grid keep their text in the last column's width */
    for (; k < row->n; k++) {
        ad_cell extra = row->cells[k];
        extra.rowspan = 1;
        S_w_tc(x, s, t, &extra, t->n_cols - 1, 1, header, cover);
    }
    xw_end(x);
}

void ad_dx_w_tbl(ad_xw *x, ad_dx_state *s, const ad_node *t)
{
    if (t->n_cols <= 0)
        return;
    S_cover *cover = ad_xcalloc((size_t)t->n_cols, sizeof *cover);
    xw_start(x, "w:tbl");
    S_w_tblpr(x, s, t);
    S_w_tblgrid(x, t);
    for (size_t r = 0; r < t->n_rows; r++)
        S_w_tr(x, s, t, r, cover);
    xw_end(x);
    free(cover);
}

/* ---- sections -----------------------------------------------------------------------*/

static int S_line_pitch(const ad_doc *d)
{
    const ad_style *n = &d->styles[AD_PS_NORMAL];
    int size = n->size > 0 ? n->size : 21;
    int pct = n->line_pct > 0 ? n->line_pct : 100;
    return size * 10 * pct / 100;
}

void ad_dx_w_sectPr(ad_xw *x, const ad_dx_ctx *c, const ad_doc_section *sect)
{
    const ad_page *pg = &sect->page;
    int w = pg->width > 0 ? pg->width : 11906, h = pg->height > 0 ? pg->height : 16838;
    if (sect->landscape ? w < h : w > h) {
        int tmp = w;
        w = h;
        h = tmp;
    }
    xw_start(x, "w:sectPr");
    if (c->footer) {
        xw_start(x, "w:footerReference");
        xw_attr(x, "w:type", "default");
        xw_attr(x, "r:id", "rIdFooter1");
        xw_end(x);
    }
    xw_val(x, "w:type", "nextPage");
    xw_start(x, "w:pgSz");
    xw_attr_int(x, "w:w", w);
    xw_attr_int(x, "w:h", h);
    if (sect->landscape)
        xw_attr(x, "w:orient", "landscape");
    xw_end(x);
    xw_start(x, "w:pgMar");
    xw_attr_int(x, "w:top", pg->margin_top);
    xw_attr_int(x, "w:right", pg->margin_right);
    xw_attr_int(x, "w:bottom", pg->margin_bottom);
    xw_attr_int(x, "w:left", pg->margin_left);
    xw_attr_int(x, "w:header", 851);
    xw_attr_int(x, "w:footer", pg->footer > 0 ? pg->footer : 567);
    xw_attr_int(x, "w:gutter", 0);
    xw_end(x);
    xw_start(x, "w:cols");
    xw_attr_int(x, "w:space", 425);
    xw_end(x);
    xw_start(x, "w:docGrid");
    if (c->house_grid) {
        /* the grid the house's styles were made for (none: lines not snapped) */
        if (c->grid_type)
            xw_attr(x, "w:type", c->grid_type);
        xw_attr_int(x, "w:linePitch", c->grid_pitch >= 0 ? c->grid_pitch : S_line_pitch(c->d));
        if (c->grid_char_space >= 0)
            xw_attr_int(x, "w:charSpace", c->grid_char_space);
    } else {
        xw_attr(x, "w:type", "lines");
        xw_attr_int(x, "w:linePitch", S_line_pitch(c->d));
    }
    xw_end(x);
    xw_end(x);
}

/* ---- body ----------------------------------------------------------------------------*/

/* Writes the nodes of one body.  sect: the section this body ends (its sectPr
 * goes in the last paragraph), or NULL.  A body always ends with a paragraph
 * (Word needs one in every cell and before a section break); empty_style is
 * the style of the empty one added when the body is empty or ends with a
 * table. */
static void S_w_body(ad_xw *x, ad_dx_state *s, const ad_nodes *body, const ad_doc_section *sect,
                     ad_pstyle empty_style)
{
    size_t end = body->n;
    while (end > 0 && body->v[end - 1]->kind == AD_NODE_PAGE_BREAK)
        end--;
    for (size_t i = 0; i < end; i++) {
        const ad_node *n = body->v[i];
        bool last = i + 1 == end;
        switch (n->kind) {
        case AD_NODE_PARA:
            if (!last && !s->pending_page_break && S_blank(n) &&
                body->v[i + 1]->kind == AD_NODE_PARA && !s->pending_title) {
                s->pending_space += ad_blank_line_height(s->c->d, n->style);
                break;
            }
            ad_dx_w_p(x, s, n, last ? sect : NULL);
            break;
        case AD_NODE_PAGE_BREAK: s->pending_page_break = true; break;
        case AD_NODE_TABLE:
            if (s->pending_page_break) {
                S_w_p_page_break(x);
                s->pending_page_break = false;
            }
            /* a section anchor still pending goes on the first paragraph
             * inside the table */
            ad_dx_w_tbl(x, s, n);
            s->after_table = true;
            break;
        }
    }
    if (end == 0 || body->v[end - 1]->kind != AD_NODE_PARA)
        S_w_p_empty(x, s, empty_style, sect);
}

static void S_w_document(ad_xw *x, const ad_dx_ctx *c)
{
    const ad_doc *d = c->d;
    ad_dx_state s = {0};
    s.c = c;
    xw_start(x, "w:document");
    xw_attr(x, "xmlns:w", AD_NS_W);
    xw_attr(x, "xmlns:r", AD_NS_R);
    xw_start(x, "w:body");
    for (size_t i = 0; i < d->n_sections; i++) {
        const ad_doc_section *sec = &d->sections[i];
        bool last = i + 1 == d->n_sections;
        s.pending_anchor = ad_dx_bookmark_of(c, sec, sec->anchor);
        s.pending_title = sec->outline_title && *sec->outline_title ? sec->outline_title : NULL;
        s.pending_outline = s.pending_title ? (sec->outline_level > 0 ? sec->outline_level : 1) : 0;
        if (s.pending_title)
            s.section_level = s.pending_outline;
        s.pending_page_break = false;
        s.section_top = true;
        s.pending_space = 0;
        S_w_body(x, &s, &sec->body, last ? NULL : sec, AD_PS_NORMAL);
        if (last)
            ad_dx_w_sectPr(x, c, sec);
    }
    if (d->n_sections == 0) {
        /* an empty document still needs a paragraph and a section */
        ad_doc_section sec = ad_doc_empty_section();
        S_w_p_empty(x, &s, AD_PS_NORMAL, NULL);
        ad_dx_w_sectPr(x, c, &sec);
    }
    xw_end(x);
    xw_end(x);
}

ad_status ad_dx_document(const ad_dx_ctx *c, ad_part *p, ad_err *e)
{
    ad_xw x;
    ad_xw_open(&x, true);
    S_w_document(&x, c);
    p->name = "word/document.xml";
    return ad_xw_finish(&x, p->name, &p->data, &p->len, e);
}
