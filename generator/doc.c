/* doc.c — building, dumping and freeing the document tree (doc.h). */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Built-in style defaults; compose.c overrides them from templates/layout.txt. */
static const ad_style S_default_styles[AD_PS_COUNT] = {
    [AD_PS_NORMAL] = {"Normal", "Normal", AD_FONT_MINCHO, 21, false, 0, 0, 100, 0},
    [AD_PS_TITLE] = {"Title", "Title", AD_FONT_GOTHIC, 28, true, 0, 240, 100, 0},
    /* The DOCX names a built-in heading style by the level Word gives it:
     * "heading N" is always at outline level N (Word ignores any other), and
     * the parts' titles are level 1, so 1 監査概要 is "heading 2". */
    [AD_PS_HEADING1] = {"Heading2", "heading 2", AD_FONT_GOTHIC, 24, true, 240, 120, 100, 1},
    [AD_PS_HEADING2] = {"Heading3", "heading 3", AD_FONT_GOTHIC, 22, true, 180, 60, 100, 2},
    [AD_PS_HEADING3] = {"Subheading", "Subheading", AD_FONT_GOTHIC, 21, false, 120, 60, 100, 0},
    [AD_PS_TABLE] = {"TableText", "Table Text", AD_FONT_MINCHO, 18, false, 0, 0, 100, 0},
    [AD_PS_TABLE_HEADER] = {"TableHeader", "Table Header", AD_FONT_GOTHIC, 18, true, 0, 0, 100, 0},
    [AD_PS_NOTE] = {"Note", "Note", AD_FONT_MINCHO, 18, false, 60, 0, 100, 0},
};

ad_doc *ad_doc_new(void)
{
    ad_doc *d = ad_xcalloc(1, sizeof *d);
    memcpy(d->styles, S_default_styles, sizeof d->styles);
    d->language = ad_xstrdup("ja-JP");
    d->header_shade = 0xD9D9D9;
    d->cell_pad_x = 80; /* 4 pt */
    d->cell_pad_y = 40; /* 2 pt */
    return d;
}

void ad_doc_set_meta(ad_doc *d, const char *title, const char *author, const char *subject,
                     const char *keywords)
{
    free(d->title);
    free(d->author);
    free(d->subject);
    free(d->keywords);
    d->title = ad_xml_clean(title);
    d->author = ad_xml_clean(author);
    d->subject = ad_xml_clean(subject);
    d->keywords = ad_xml_clean(keywords);
}

static void S_node_free(ad_node *n);

void ad_nodes_free(ad_nodes *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        S_node_free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static void S_node_free(ad_node *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n_runs; i++) {
        free(n->runs[i].text);
        free(n->runs[i].link);
    }
    free(n->runs);
    free(n->marker);
    free(n->anchor);
    free(n->outline_title);
    free(n->col_w);
    for (size_t r = 0; r < n->n_rows; r++) {
        for (size_t c = 0; c < n->rows[r].n; c++) {
            ad_nodes_free(&n->rows[r].cells[c].body);
            free(n->rows[r].cells[c].expansion);
        }
        free(n->rows[r].cells);
    }
    free(n->rows);
    free(n);
}

void ad_doc_free(ad_doc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n_sections; i++) {
        ad_nodes_free(&d->sections[i].body);
        free(d->sections[i].outline_title);
        free(d->sections[i].anchor);
    }
    free(d->sections);
    free(d->title);
    free(d->author);
    free(d->subject);
    free(d->keywords);
    free(d->language);
    free(d->page_number_format);
    for (size_t i = 0; i < d->n_names; i++)
        free(d->names[i]);
    free(d->names);
    free(d);
}

void ad_doc_add_name(ad_doc *d, const char *name)
{
    if (!name || !*name)
        return;
    for (size_t i = 0; i < d->n_names; i++)
        if (strcmp(d->names[i], name) == 0)
            return;
    AD_VEC_PUSH(d->names, d->n_names, d->cap_names) = ad_xml_clean(name);
}

ad_doc_section *ad_doc_add_section(ad_doc *d, const ad_page *page, bool landscape)
{
    ad_doc_section s = {0};
    s.landscape = landscape;
    s.page = *page;
    s.outline_level = 1;
    AD_VEC_PUSH(d->sections, d->n_sections, d->cap_sections) = s;
    return &d->sections[d->n_sections - 1];
}

static ad_node *S_push(ad_nodes *parent, ad_node_kind kind)
{
    ad_node *n = ad_xcalloc(1, sizeof *n);
    n->kind = kind;
    AD_VEC_PUSH(parent->v, parent->n, parent->cap) = n;
    return n;
}

ad_node *ad_add_para(ad_nodes *parent, ad_pstyle style, ad_align align)
{
    ad_node *n = S_push(parent, AD_NODE_PARA);
    n->style = style;
    n->align = align;
    return n;
}

ad_run *ad_para_add_run(ad_node *p, const char *text, unsigned flags)
{
    ad_run r = {0};
    r.text = ad_xml_clean(text ? text : "");
    r.flags = flags;
    r.color = AD_COLOR_NONE;
    AD_VEC_PUSH_SMALL(p->runs, p->n_runs, p->cap_runs) = r; /* most paragraphs: one run */
    return &p->runs[p->n_runs - 1];
}

ad_node *ad_add_text(ad_nodes *parent, ad_pstyle style, ad_align align, const char *text)
{
    ad_node *n = ad_add_para(parent, style, align);
    ad_para_add_run(n, text, 0);
    return n;
}

ad_node *ad_add_page_break(ad_nodes *parent) { return S_push(parent, AD_NODE_PAGE_BREAK); }

ad_node *ad_add_table(ad_nodes *parent, int n_cols, const int *col_w, int header_rows)
{
    ad_node *n = S_push(parent, AD_NODE_TABLE);
    n->n_cols = n_cols;
    n->col_w = ad_xcalloc((size_t)(n_cols > 0 ? n_cols : 1), sizeof *n->col_w);
    if (col_w && n_cols > 0)
        memcpy(n->col_w, col_w, (size_t)n_cols * sizeof *col_w);
    n->header_rows = header_rows;
    n->borders = true;
    return n;
}

ad_row *ad_table_add_row(ad_node *t)
{
    ad_row r = {0};
    AD_VEC_PUSH(t->rows, t->n_rows, t->cap_rows) = r;
    return &t->rows[t->n_rows - 1];
}

ad_cell *ad_row_add_cell(ad_row *row, int colspan, int rowspan)
{
    ad_cell c = {0};
    c.colspan = colspan < 1 ? 1 : colspan;
    c.rowspan = rowspan < 1 ? 1 : rowspan;
    c.valign = AD_VALIGN_TOP;
    c.shade = AD_COLOR_NONE;
    AD_VEC_PUSH(row->cells, row->n, row->cap) = c;
    return &row->cells[row->n - 1];
}

static void S_set(char **dst, const char *s)
{
    free(*dst);
    *dst = ad_xml_clean(s);
}

void ad_node_set_marker(ad_node *p, const char *marker) { S_set(&p->marker, marker); }
void ad_node_set_anchor(ad_node *p, const char *anchor) { S_set(&p->anchor, anchor); }
void ad_node_set_outline(ad_node *p, const char *title) { S_set(&p->outline_title, title); }
void ad_run_set_link(ad_run *r, const char *anchor) { S_set(&r->link, anchor); }
void ad_cell_set_expansion(ad_cell *c, const char *text) { S_set(&c->expansion, text); }

void ad_section_set_outline(ad_doc_section *s, const char *title, int level, const char *anchor)
{
    S_set(&s->outline_title, title);
    s->outline_level = level;
    S_set(&s->anchor, anchor);
}

void ad_doc_outline_from_styles(ad_doc *d)
{
    for (size_t i = 0; i < d->n_sections; i++) {
        ad_nodes *b = &d->sections[i].body;
        for (size_t k = 0; k < b->n; k++) {
            ad_node *n = b->v[k];
            if (n->kind != AD_NODE_PARA || n->outline_title || n->style >= AD_PS_COUNT ||
                d->styles[n->style].outline <= 0)
                continue;
            char *text = ad_para_text(n);
            if (*text)
                n->outline_title = text;
            else
                free(text);
        }
    }
}

int ad_outline_level(const ad_doc *d, int section_level, const ad_node *p)
{
    if (!p || p->kind != AD_NODE_PARA || !p->outline_title || !*p->outline_title)
        return 0;
    int depth = p->style < AD_PS_COUNT ? d->styles[p->style].outline : 0;
    return section_level + (depth > 0 ? depth : 1);
}

char *ad_para_text(const ad_node *p)
{
    ad_buf b = {0};
    ad_buf_puts(&b, "");
    if (p && p->kind == AD_NODE_PARA)
        for (size_t i = 0; i < p->n_runs; i++)
            ad_buf_puts(&b, p->runs[i].text);
    return ad_buf_take(&b);
}

ad_page ad_page_a4(bool landscape)
{
    ad_page p = {11906, 16838, 1134, 1134, 1134, 1134, 567};
    if (landscape) {
        p.width = 16838;
        p.height = 11906;
    }
    return p;
}

int ad_page_text_width(const ad_page *p) { return p->width - p->margin_left - p->margin_right; }

/* ---- what both backends read ------------------------------------------------ */

/* Width of s in half-em units: ASCII and half-width forms count one,
 * everything else two. */
static int S_half_ems(const char *s)
{
    int n = 0;
    size_t len = strlen(s), i = 0;
    while (i < len) {
        uint32_t cp;
        i += ad_utf8_decode(s + i, len - i, &cp);
        n += (cp < 0x1100 || (cp >= 0xFF61 && cp <= 0xFFDC)) ? 1 : 2;
    }
    return n;
}

int ad_para_marker_hang(const ad_doc *d, const ad_node *p)
{
    if (!p->marker || !*p->marker)
        return 0;
    /* marker width plus half an em of space, in twips (size is in
     * half-points: one em = size * 10 twips, half an em = size * 5) */
    ad_pstyle st = (unsigned)p->style < AD_PS_COUNT ? p->style : AD_PS_NORMAL;
    int size = d->styles[st].size > 0 ? d->styles[st].size : 21;
    return (S_half_ems(p->marker) + 1) * size * 5;
}

int ad_blank_line_height(const ad_doc *d, ad_pstyle style)
{
    const ad_style *st = &d->styles[(unsigned)style < AD_PS_COUNT ? style : AD_PS_NORMAL];
    return st->space_before + (st->size > 0 ? st->size : 21) * 10 + st->space_after;
}

int ad_para_blank_height(const ad_doc *d, const ad_node *p)
{
    return p->blank_lines > 0 ? p->blank_lines * ad_blank_line_height(d, AD_PS_NORMAL) : 0;
}

unsigned ad_para_marker_flags(const ad_node *p)
{
    return p->n_runs ? p->runs[0].flags & (AD_RUN_BOLD | AD_RUN_GOTHIC) : 0;
}

ad_doc_section ad_doc_empty_section(void)
{
    ad_doc_section s = {0};
    s.page.width = 11906;
    s.page.height = 16838;
    s.page.margin_top = s.page.margin_bottom = 1701;
    s.page.margin_left = s.page.margin_right = 1417;
    s.outline_level = 1;
    return s;
}

const ad_doc_section *ad_doc_sections(const ad_doc *d, ad_doc_section *empty, size_t *n)
{
    if (d->n_sections > 0) {
        *n = d->n_sections;
        return d->sections;
    }
    *empty = ad_doc_empty_section();
    *n = 1;
    return empty;
}

/* ---- dump ---------------------------------------------------------------- */
static const char *const S_style_names[AD_PS_COUNT] = {
    "normal", "title", "h1", "h2", "h3", "table", "table-header", "note",
};
static const char *const S_align_names[] = {"left", "center", "right", "justify"};

static void S_indent(FILE *out, int depth)
{
    for (int i = 0; i < depth; i++)
        fputs("  ", out);
}

static void S_dump_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '\n')
            fputs("\\n", out);
        else
            fputc(*s, out);
    }
}

static void S_dump_nodes(const ad_nodes *l, FILE *out, int depth);

static void S_dump_node(const ad_node *n, FILE *out, int depth)
{
    S_indent(out, depth);
    switch (n->kind) {
    case AD_NODE_PAGE_BREAK:
        fputs("page-break\n", out);
        break;
    case AD_NODE_PARA:
        fprintf(out, "para %s %s", S_style_names[n->style], S_align_names[n->align]);
        if (n->indent)
            fprintf(out, " indent=%d", n->indent);
        if (n->first_line)
            fprintf(out, " first-line=%d", n->first_line);
        if (n->marker)
            fprintf(out, " marker=\"%s\"", n->marker);
        if (n->anchor)
            fprintf(out, " anchor=%s", n->anchor);
        if (n->outline_title)
            fprintf(out, " outline=\"%s\"", n->outline_title);
        if (n->keep_next)
            fputs(" keep-next", out);
        if (n->page_note)
            fputs(" page-note", out);
        fputs(":", out);
        for (size_t i = 0; i < n->n_runs; i++) {
            const ad_run *r = &n->runs[i];
            fputs(" [", out);
            if (r->flags & AD_RUN_BOLD)
                fputs("b ", out);
            if (r->flags & AD_RUN_GOTHIC)
                fputs("g ", out);
            if (r->flags & AD_RUN_UNDERLINE)
                fputs("u ", out);
            if (r->color != AD_COLOR_NONE)
                fprintf(out, "#%06X ", (unsigned)r->color);
            if (r->link)
                fprintf(out, "->%s ", r->link);
            S_dump_text(out, r->text);
            fputs("]", out);
        }
        fputs("\n", out);
        break;
    case AD_NODE_TABLE:
        fprintf(out, "table cols=%d header-rows=%d%s%s widths=", n->n_cols, n->header_rows,
                n->borders ? " borders" : "", n->keep_together ? " keep-together" : "");
        for (int c = 0; c < n->n_cols; c++)
            fprintf(out, "%s%d", c ? "," : "", n->col_w[c]);
        fputs("\n", out);
        for (size_t r = 0; r < n->n_rows; r++) {
            S_indent(out, depth + 1);
            fprintf(out, "row %zu%s%s\n", r, n->rows[r].note ? " note" : "",
                    n->rows[r].title ? " title" : "");
            for (size_t c = 0; c < n->rows[r].n; c++) {
                const ad_cell *cell = &n->rows[r].cells[c];
                S_indent(out, depth + 2);
                fprintf(out, "cell");
                if (cell->colspan > 1)
                    fprintf(out, " colspan=%d", cell->colspan);
                if (cell->rowspan > 1)
                    fprintf(out, " rowspan=%d", cell->rowspan);
                if (cell->valign != AD_VALIGN_TOP)
                    fprintf(out, " valign=%s", cell->valign == AD_VALIGN_CENTER ? "center" : "bottom");
                if (cell->shade != AD_COLOR_NONE)
                    fprintf(out, " shade=#%06X", (unsigned)cell->shade);
                fputs("\n", out);
                S_dump_nodes(&cell->body, out, depth + 3);
            }
        }
        break;
    }
}

static void S_dump_nodes(const ad_nodes *l, FILE *out, int depth)
{
    for (size_t i = 0; i < l->n; i++)
        S_dump_node(l->v[i], out, depth);
}

void ad_doc_dump(const ad_doc *d, FILE *out)
{
    fprintf(out, "doc title=\"%s\" author=\"%s\" subject=\"%s\" created=%lld\n",
            d->title ? d->title : "", d->author ? d->author : "", d->subject ? d->subject : "",
            (long long)d->created);
    for (size_t i = 0; i < d->n_sections; i++) {
        const ad_doc_section *s = &d->sections[i];
        fprintf(out, "section %zu %s %dx%d", i, s->landscape ? "landscape" : "portrait",
                s->page.width, s->page.height);
        if (s->outline_title)
            fprintf(out, " outline=\"%s\" level=%d", s->outline_title, s->outline_level);
        if (s->anchor)
            fprintf(out, " anchor=%s", s->anchor);
        fputs("\n", out);
        S_dump_nodes(&s->body, out, 1);
    }
}
