/* typeset.c — sets a document tree (doc.h) in pages with Pango and writes
 * them with the PDF writer (pdf.h): paragraph layout (and its cache), the
 * flow of blocks down the page, and pagination.
 *
 * Each block of a section is measured when the flow reaches it (every
 * paragraph and table cell becomes a PangoLayout once, kept for drawing;
 * keep_next looks ahead as far as its chain needs) and freed once drawn,
 * so memory does not grow with the length of a document:
 *  - paragraphs break between lines at the foot of a page; keep_next keeps a
 *    paragraph (and a chain of them) on the page of the next node's start;
 *  - tables: their geometry and what goes on each page is decided on numbers
 *    in typeset_table.c (fixed column widths scaled to the text area,
 *    colspan/rowspan, header rows repeated, rowspan groups kept whole unless
 *    taller than a page); here each cell is measured and drawn, a row taller
 *    than a page split between lines, each cell keeping its own place in its
 *    text; any line that would leave its cell is clipped to it (and counted
 *    in the statistics the tests read);
 *  - page numbers in the footer, PDF outline (sections, then paragraphs with
 *    an outline title nested under them), named destinations for anchors and
 *    internal links for runs with a link;
 *  - fixed metadata (creation date from doc->created) so the same tree gives
 *    the same bytes.
 * Japanese composition attributes come from jcompose.c; glyphs reach the
 * writer through typeset_glyphs.c (characters the fonts lack are reported to
 * the warnings and drawn as a hex box there). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pdf_icc.h"
#include "jbreak.h"
#include "typeset_int.h"
#include "typeset_table.h"

#define S_EPS AD_TG_EPS

/* ---- laid-out paragraphs -------------------------------------------------- */

typedef struct {
    PangoLayoutLine *line; /* owned by the layout */
    double x, top, bot, base, w; /* pt, relative to the layout origin */
} S_line;

typedef struct {
    size_t start, end;
    const char *anchor;
} S_link;

typedef struct {
    const ad_node *node;
    PangoLayout *layout;
    PangoLayout *marker;   /* or NULL */
    double text_x;         /* layout origin from the block's left edge */
    double marker_x;
    double box_w;          /* width the text was set in */
    double sb, sa;         /* space before / after */
    S_line *lines;
    int n_lines;
    double h;              /* bottom of the last line */
    S_link *links;
    size_t n_links, cap_links;
    struct S_ts *owner;    /* counts the paragraphs held, or NULL (cached) */
    ad_tt_para tag;        /* its structure elements (typeset_tags.c) */
} S_para;

/* ---- laid-out tables ------------------------------------------------------- */

typedef struct {
    S_para *p;
    int li;
    double top, bot; /* content coordinates */
} S_cline;

/* The laid-out text of one cell (its place is in the table's geometry). */
typedef struct {
    S_para **paras;
    size_t n_paras, cap_paras;
    S_cline *lines;
    size_t n_lines, cap_lines;
    double max_w;          /* widest line */
    size_t next;           /* first line not drawn yet */
} S_tcell;

typedef struct {
    ad_tgeom g;            /* columns, cells, rows, groups (typeset_table.c) */
    double x;
    S_tcell *cells;        /* g.n_cells, as g.cells */
    int *tags;             /* each cell's TH/TD */
    bool hdr_drawn;        /* the header rows were drawn once: repeats are artifacts */
    size_t released;       /* cells before this one were freed, or are headers */
} S_table;

typedef struct {
    ad_node_kind kind;
    bool done;             /* laid out (p or t set, unless nothing to draw) */
    S_para *p;
    S_table *t;
} S_block;

/* ---- the renderer ------------------------------------------------------- */

typedef struct S_ts {
    const ad_doc *doc;
    ad_fonts *fonts;
    PangoContext *ctx;
    PangoFontDescription *desc[AD_PS_COUNT];
    ad_ts_stats st;
    bool want_stats;       /* a caller reads st: measure what only it needs */
    long live;             /* laid-out paragraphs held now */
    ad_tsg gl;             /* the glyphs' way to the writer (typeset_glyphs.c) */
    long names_hash;       /* of doc->names, for the paragraph cache's key */
    ad_pdfw *pdf;          /* = gl.pdf */
    ad_tt tags;            /* the structure tree's place (typeset_tags.c) */
    bool artifact;         /* what is drawn now is an artifact (a repeated header) */
    bool keep_pending;     /* the last block drawn was a keep-with-next paragraph */
    bool page_body;        /* the page holds more than titles and headings: a table
                              kept together may move off it */
    /* current page */
    const ad_doc_section *sec;
    double pw, ph, left, right, top, bottom;
    double y;
    /* outline */
    int outline_id[12];
    int sec_level;
    /* anchors that exist (links to others are dropped) */
    char **anchors;
    size_t n_anchors, cap_anchors;
    /* cell borders of the current page, stroked as one path when the page
     * ends: one PDF path instead of a stroke per cell, and the lines lie on
     * top of every shaded cell */
    double *borders;       /* x, y, w, h per rectangle */
    size_t n_borders, cap_borders;
} S_ts;

static void S_flush_borders(S_ts *t)
{
    if (t->n_borders == 0)
        return;
    ad_pdfw_stroke_rects(t->pdf, 0x000000, 0.5, t->borders, t->n_borders / 4);
    t->n_borders = 0;
}

static const ad_style *S_style(const ad_doc *d, ad_pstyle s)
{
    return &d->styles[(unsigned)s < AD_PS_COUNT ? s : AD_PS_NORMAL];
}

static double S_size(const ad_style *st) { return st->size > 0 ? st->size / 2.0 : 10.5; }

static PangoFontDescription *S_make_desc(const ad_style *st)
{
    PangoFontDescription *fd = pango_font_description_new();
    bool gothic = st->font == AD_FONT_GOTHIC || st->bold;
    pango_font_description_set_family(fd, gothic ? AD_FAMILY_GOTHIC "," AD_FAMILY_MINCHO
                                                 : AD_FAMILY_MINCHO "," AD_FAMILY_GOTHIC);
    pango_font_description_set_weight(fd, st->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fd, S_size(st) * PANGO_SCALE);
    return fd;
}

static void S_ts_init(S_ts *t, const ad_doc *d, ad_fonts *f, ad_diags *warnings)
{
    memset(t, 0, sizeof *t);
    t->doc = d;
    t->fonts = f;
    t->gl.fonts = f;
    t->gl.warnings = warnings;
    t->ctx = ad_fonts_context(f);
    if (d->language && *d->language) /* shaping's language is the document's */
        pango_context_set_language(t->ctx, pango_language_from_string(d->language));
    for (int i = 0; i < AD_PS_COUNT; i++)
        t->desc[i] = S_make_desc(S_style(d, (ad_pstyle)i));
    uint32_t h = 2166136261u; /* FNV-1a over the names */
    for (size_t i = 0; i < d->n_names; i++)
        for (const char *c = d->names[i];; c++) {
            h = (h ^ (unsigned char)*c) * 16777619u;
            if (!*c)
                break;
        }
    t->names_hash = (long)h;
}

static void S_ts_done(S_ts *t)
{
    for (int i = 0; i < AD_PS_COUNT; i++)
        pango_font_description_free(t->desc[i]);
    g_object_unref(t->ctx);
    for (size_t i = 0; i < t->n_anchors; i++)
        free(t->anchors[i]);
    free(t->anchors);
    ad_tsg_done(&t->gl);
}

/* Anchor names become PDF destination names: keep them plain. */
static char *S_name(const char *s)
{
    char *n = ad_xstrdup(s);
    for (char *p = n; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            *p = '_';
    return n;
}

static bool S_anchor_known(const S_ts *t, const char *a)
{
    for (size_t i = 0; i < t->n_anchors; i++)
        if (strcmp(t->anchors[i], a) == 0)
            return true;
    return false;
}

static void S_collect_anchors(S_ts *t, const ad_nodes *l)
{
    for (size_t i = 0; i < l->n; i++) {
        const ad_node *n = l->v[i];
        if (n->kind == AD_NODE_PARA && n->anchor && *n->anchor)
            AD_VEC_PUSH(t->anchors, t->n_anchors, t->cap_anchors) = ad_xstrdup(n->anchor);
        if (n->kind == AD_NODE_TABLE)
            for (size_t r = 0; r < n->n_rows; r++)
                for (size_t c = 0; c < n->rows[r].n; c++)
                    S_collect_anchors(t, &n->rows[r].cells[c].body);
    }
}

/* ---- paragraphs ----------------------------------------------------------- */

static double S_pt(int pu) { return pu / (double)PANGO_SCALE; }

static void S_para_free(S_para *p)
{
    if (!p)
        return;
    if (p->owner)
        p->owner->live--;
    if (p->layout)
        g_object_unref(p->layout);
    if (p->marker)
        g_object_unref(p->marker);
    free(p->lines);
    free(p->links);
    free(p->tag.contents);
    free(p);
}
static void S_para_held(S_ts *t, S_para *p)
{
    p->owner = t;
    if (++t->live > t->st.paras_peak)
        t->st.paras_peak = t->live;
}

static ad_jbreak *S_breaker(S_ts *t);

/* Table cells, column headers, titles and headings break at phrases
 * (jbreak.h); running text and notes keep Pango's breaks. */
static bool S_heading_style(ad_pstyle s)
{
    return s == AD_PS_TITLE || s == AD_PS_HEADING1 || s == AD_PS_HEADING2 || s == AD_PS_HEADING3;
}

static bool S_phrase_style(ad_pstyle s)
{
    return s == AD_PS_TABLE || s == AD_PS_TABLE_HEADER || S_heading_style(s);
}

/* Adds the family and weight attributes (start..end) that a run with flags
 * needs in a paragraph of style st; true when it added any. */
static bool S_face_attrs(PangoAttrList *al, const ad_style *st, unsigned flags, guint start,
                         guint end)
{
    bool base_gothic = st->font == AD_FONT_GOTHIC || st->bold;
    bool bold = st->bold || (flags & AD_RUN_BOLD);
    bool gothic = base_gothic || bold || (flags & AD_RUN_GOTHIC);
    PangoAttribute *a[2] = {NULL, NULL};
    if (gothic != base_gothic)
        a[0] = pango_attr_family_new(AD_FAMILY_GOTHIC "," AD_FAMILY_MINCHO);
    if (bold && !st->bold)
        a[1] = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
    for (int i = 0; i < 2; i++)
        if (a[i]) {
            a[i]->start_index = start, a[i]->end_index = end;
            pango_attr_list_insert(al, a[i]);
        }
    return a[0] || a[1];
}

/* Lays out paragraph n in a block avail_w pt wide. */
static S_para *S_para_layout(S_ts *t, const ad_node *n, double avail_w)
{
    const ad_style *st = S_style(t->doc, n->style);
    double size = S_size(st);
    int em = (int)lround(size * PANGO_SCALE);
    bool justify = n->align == AD_ALIGN_JUSTIFY;
    S_para *p = ad_xcalloc(1, sizeof *p);
    p->node = n;
    S_para_held(t, p);
    p->sb = (st->space_before + ad_para_blank_height(t->doc, n)) / 20.0;
    p->sa = st->space_after / 20.0;

    bool spaces = false;
    if (justify)
        for (size_t i = 0; i < n->n_runs && !spaces; i++)
            spaces = n->runs[i].text && ad_jc_has_cjk(n->runs[i].text);

    ad_buf b = {0};
    ad_buf_puts(&b, "");
    PangoAttrList *al = pango_attr_list_new();
    for (size_t i = 0; i < n->n_runs; i++) {
        const ad_run *r = &n->runs[i];
        if (!r->text)
            continue;
        size_t s = b.len;
        for (const char *q = r->text; *q;) { /* drop CR: '\n' alone breaks the line */
            const char *e = strchr(q, '\r');
            size_t m = e ? (size_t)(e - q) : strlen(q);
            char *piece = ad_xstrndup(q, m);
            ad_jc_put_text(&b, piece, spaces);
            free(piece);
            q += m + (e ? 1 : 0);
        }
        size_t e = b.len;
        if (e == s)
            continue;
        S_face_attrs(al, st, r->flags, (guint)s, (guint)e);
        PangoAttribute *a;
        if (r->flags & AD_RUN_UNDERLINE) {
            a = pango_attr_underline_new(PANGO_UNDERLINE_SINGLE);
            a->start_index = (guint)s, a->end_index = (guint)e;
            pango_attr_list_insert(al, a);
        }
        if (r->color != AD_COLOR_NONE) {
            a = pango_attr_foreground_new((guint16)(((r->color >> 16) & 0xFF) * 257),
                                          (guint16)(((r->color >> 8) & 0xFF) * 257),
                                          (guint16)((r->color & 0xFF) * 257));
            a->start_index = (guint)s, a->end_index = (guint)e;
            pango_attr_list_insert(al, a);
        }
        if (r->link && *r->link && S_anchor_known(t, r->link))
            AD_VEC_PUSH(p->links, p->n_links, p->cap_links) = (S_link){s, e, r->link};
    }
    ad_jc_add_attrs(al, b.s, (int)b.len, em);

    double indent = n->indent / 20.0;
    p->text_x = indent;
    if (n->marker && *n->marker) { /* its face and hang come from the tree (doc.h) */
        p->marker = pango_layout_new(t->ctx);
        pango_layout_set_font_description(p->marker, t->desc[n->style < AD_PS_COUNT ? n->style : 0]);
        PangoAttrList *ml = pango_attr_list_new();
        if (S_face_attrs(ml, st, ad_para_marker_flags(n), 0, (guint)strlen(n->marker)))
            pango_layout_set_attributes(p->marker, ml);
        pango_attr_list_unref(ml);
        pango_layout_set_text(p->marker, n->marker, -1);
        p->marker_x = indent;
        p->text_x = indent + ad_para_marker_hang(t->doc, n) / 20.0;
    }
    p->box_w = avail_w - p->text_x;
    if (p->box_w < size)
        p->box_w = size < avail_w ? size : avail_w;
    if (p->box_w < 1)
        p->box_w = 1;

    PangoLayout *lo = pango_layout_new(t->ctx);
    p->layout = lo;
    pango_layout_set_font_description(lo, t->desc[n->style < AD_PS_COUNT ? n->style : 0]);
    pango_layout_set_width(lo, (int)(p->box_w * PANGO_SCALE));
    pango_layout_set_wrap(lo, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(lo, n->align == AD_ALIGN_CENTER  ? PANGO_ALIGN_CENTER
                                   : n->align == AD_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
                                                                : PANGO_ALIGN_LEFT);
    pango_layout_set_justify(lo, justify);
    if (!p->marker && n->first_line)
        pango_layout_set_indent(lo, (int)lround(n->first_line / 20.0 * PANGO_SCALE));
    if (st->line_pct > 0)
        pango_layout_set_line_spacing(lo, (float)(st->line_pct / 100.0));
    if (S_phrase_style(n->style) && b.len) {
        double narrowest = p->box_w - (!p->marker && n->first_line > 0 ? n->first_line / 20.0 : 0);
        ad_jb_prepare(S_breaker(t), b.s, al, (int)lround(size * PANGO_SCALE),
                      (int)(narrowest * PANGO_SCALE));
    }
    pango_layout_set_attributes(lo, al);
    pango_attr_list_unref(al);
    pango_layout_set_text(lo, b.s, (int)b.len);
    ad_tsg_fix_letter_spacing(lo);

    int nl = pango_layout_get_line_count(lo);
    p->lines = ad_xcalloc((size_t)(nl > 0 ? nl : 1), sizeof *p->lines);
    PangoLayoutIter *it = pango_layout_get_iter(lo);
    int i = 0;
    do {
        if (i >= nl)
            break;
        S_line *L = &p->lines[i++];
        PangoRectangle lr;
        int y0, y1;
        L->line = pango_layout_iter_get_line_readonly(it);
        pango_layout_iter_get_line_extents(it, NULL, &lr);
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        L->x = S_pt(lr.x);
        L->w = S_pt(lr.width);
        L->top = S_pt(y0);
        L->bot = S_pt(y1);
        L->base = S_pt(pango_layout_iter_get_baseline(it));
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    p->n_lines = i;
    p->h = i > 0 ? p->lines[i - 1].bot : 0;

    ad_tsg_report_unknown(&t->gl, lo, b.s, n->line);
    ad_buf_free(&b);
    return p;
}

static double S_para_full_h(const S_para *p) { return p->sb + p->h + p->sa; }

/* ---- the paragraph cache ------------------------------------------------------
 *
 * The same paragraphs come back again and again: a checklist item's text in
 * every department's report, the four marks in every row of the matrix.  A
 * laid-out paragraph depends only on its runs, its style's font and spacing,
 * its alignment, indents, marker and width, so it is kept (per ad_fonts, i.e.
 * per process, across documents) under a key made of exactly these, and a
 * paragraph with the same key shares its PangoLayout (drawing only reads it).
 * Not cached: paragraphs with links (their anchors belong to one document)
 * and paragraphs with characters the fonts lack (each document warns).  The
 * cache holds at most S_CACHE_BUDGET bytes (estimated); when full it starts
 * afresh. */

#define S_CACHE_BUDGET (12u << 20)

struct ad_ts_cache {
    GHashTable *map; /* GBytes key -> S_para (node NULL) */
    size_t bytes;
    ad_jbreak *breaker;     /* the phrase breaker, kept for the process too ... */
    long breaker_names;     /* ... while the documents protect the same names */
    bool breaker_failed;    /* ICU could not open it: Pango's breaks everywhere */
};

void ad_ts_cache_free(ad_ts_cache *c)
{
    if (!c)
        return;
    g_hash_table_destroy(c->map);
    ad_jb_free(c->breaker);
    free(c);
}

static void S_key_int(ad_buf *k, long v) { ad_buf_put(k, (const char *)&v, sizeof v); }

static void S_key_str(ad_buf *k, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    S_key_int(k, s ? (long)n : -1);
    if (n)
        ad_buf_put(k, s, n);
}

/* The key of paragraph n set avail_w wide, or false when n is not cached. */
static bool S_para_key(S_ts *t, const ad_node *n, double avail_w, ad_buf *k)
{
    for (size_t i = 0; i < n->n_runs; i++)
        if (n->runs[i].link && *n->runs[i].link)
            return false;
    const ad_style *st = S_style(t->doc, n->style);
    long h[] = {st->font, st->size, st->bold, st->space_before, st->space_after, st->line_pct,
                n->align, n->indent, n->first_line, n->blank_lines, (long)n->n_runs};
    ad_buf_put(k, (const char *)h, sizeof h);
    ad_buf_put(k, (const char *)&avail_w, sizeof avail_w);
    S_key_str(k, n->marker);
    S_key_str(k, t->doc->language);
    S_key_int(k, t->names_hash);
    for (size_t i = 0; i < n->n_runs; i++) {
        S_key_int(k, (long)n->runs[i].flags);
        S_key_int(k, (long)n->runs[i].color);
        S_key_str(k, n->runs[i].text);
    }
    return true;
}

static GHashTable *S_cache_map(S_ts *t)
{
    if (!t->fonts->cache) {
        ad_ts_cache *c = ad_xcalloc(1, sizeof *c);
        c->map = g_hash_table_new_full(g_bytes_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref,
                                       (GDestroyNotify)S_para_free);
        t->fonts->cache = c;
    }
    return t->fonts->cache->map;
}

/* A paragraph of its own sharing the layouts of q, counted in t (or a
 * cache entry when t is NULL). */
static S_para *S_para_share(S_ts *t, const S_para *q, const ad_node *n)
{
    S_para *p = ad_xmalloc(sizeof *p);
    *p = *q;
    p->node = n;
    p->owner = NULL;
    if (t)
        S_para_held(t, p);
    g_object_ref(p->layout);
    if (p->marker)
        g_object_ref(p->marker);
    p->lines = ad_xmalloc((size_t)(q->n_lines > 0 ? q->n_lines : 1) * sizeof *p->lines);
    if (q->n_lines > 0)
        memcpy(p->lines, q->lines, (size_t)q->n_lines * sizeof *p->lines);
    p->links = NULL;
    p->n_links = p->cap_links = 0;
    p->tag = (ad_tt_para){0};
    return p;
}

static ad_jbreak *S_breaker(S_ts *t)
{
    S_cache_map(t);
    ad_ts_cache *c = t->fonts->cache;
    if (c->breaker && c->breaker_names != t->names_hash) {
        ad_jb_free(c->breaker);
        c->breaker = NULL;
    }
    if (!c->breaker && !c->breaker_failed) {
        ad_err e = {0};
        c->breaker = ad_jb_new((const char *const *)t->doc->names, t->doc->n_names, &e);
        c->breaker_names = t->names_hash;
        c->breaker_failed = !c->breaker;
    }
    return c->breaker;
}

static S_para *S_para_get(S_ts *t, const ad_node *n, double avail_w)
{
    ad_buf k = {0};
    if (!S_para_key(t, n, avail_w, &k)) {
        ad_buf_free(&k);
        return S_para_layout(t, n, avail_w);
    }
    GHashTable *map = S_cache_map(t);
    GBytes *key = g_bytes_new(k.s, k.len);
    ad_buf_free(&k);
    S_para *q = g_hash_table_lookup(map, key);
    if (q) {
        g_bytes_unref(key);
        return S_para_share(t, q, n);
    }
    S_para *p = S_para_layout(t, n, avail_w);
    if (p->n_links || pango_layout_get_unknown_glyphs_count(p->layout) > 0) {
        g_bytes_unref(key);
        return p;
    }
    size_t cost = 1024 + g_bytes_get_size(key) * 24 + (size_t)p->n_lines * 256;
    ad_ts_cache *c = t->fonts->cache;
    if (c->bytes + cost > S_CACHE_BUDGET) {
        g_hash_table_remove_all(map);
        c->bytes = 0;
    }
    c->bytes += cost;
    S_para *tmpl = S_para_share(NULL, p, NULL);
    g_hash_table_insert(map, key, tmpl);
    return p;
}

/* Paragraph n laid out in avail_w, with its structure elements. */
static S_para *S_para_new(S_ts *t, const ad_node *n, double avail_w)
{
    S_para *p = S_para_get(t, n, avail_w);
    p->tag = ad_tt_paragraph(&t->tags, n);
    return p;
}

static void S_add_outline(S_ts *t, const char *title, int level, const char *dest, double y)
{
    if (level < 1)
        level = 1;
    if (level > 10)
        level = 10;
    int parent = 0;
    for (int l = level - 1; l >= 1; l--)
        if (t->outline_id[l]) {
            parent = t->outline_id[l];
            break;
        }
    char *nm = dest ? S_name(dest) : NULL;
    int id = ad_pdfw_outline(t->pdf, parent, title, nm, t->left, y, level == 1);
    free(nm);
    t->outline_id[level] = id;
    for (int l = level + 1; l < 12; l++)
        t->outline_id[l] = 0;
}

static void S_dest(S_ts *t, const char *anchor, double x, double y)
{
    char *nm = S_name(anchor);
    ad_pdfw_dest(t->pdf, nm, x, y);
    free(nm);
}

/* What is drawn next belongs to element elem (or, in a repeated header,
 * is an artifact). */
static void S_tag(S_ts *t, int elem)
{
    ad_pdfw_tag(t->pdf, t->artifact ? AD_PDF_PAGINATION : elem);
}

/* Draws line li of p; bx is the block's left edge, ly the page position of
 * the layout's origin; right is where the line must end (overflow check). */
static void S_draw_line(S_ts *t, S_para *p, int li, double bx, double ly, double right)
{
    S_line *L = &p->lines[li];
    double x = bx + p->text_x + L->x;
    if (li == 0) {
        if (p->node->anchor && *p->node->anchor)
            S_dest(t, p->node->anchor, bx, ly + L->top);
        if (p->node->outline_title && *p->node->outline_title) {
            const ad_style *st = S_style(t->doc, p->node->style);
            S_add_outline(t, p->node->outline_title,
                          t->sec_level + (st->outline > 0 ? st->outline : 1), NULL, ly + L->top);
        }
        if (p->marker) {
            PangoLayoutLine *ml = pango_layout_get_line_readonly(p->marker, 0);
            S_tag(t, p->tag.lbl ? p->tag.lbl : p->tag.body);
            ad_tsg_show_line(&t->gl, ml, bx + p->marker_x, ly + L->base, p->node->line);
        }
    }
    S_tag(t, p->tag.body);
    ad_tsg_show_line(&t->gl, L->line, x, ly + L->base, p->node->line);
    ad_pdfw_tag_end(t->pdf);
    t->st.lines++;
    if (t->st.on_line)
        t->st.on_line(t->st.ud, pango_layout_get_text(p->layout) + L->line->start_index,
                      (size_t)L->line->length, li == 0, li + 1 == p->n_lines);
    if (t->st.on_para && li + 1 == p->n_lines) {
        size_t ends[64], n = 0;
        for (int l = 0; l + 1 < p->n_lines && n < 64; l++)
            ends[n++] = (size_t)(p->lines[l].line->start_index + p->lines[l].line->length);
        const char *text = pango_layout_get_text(p->layout);
        t->st.on_para(t->st.ud, p->node->style, text, strlen(text), ends, n,
                      p->box_w / S_size(S_style(t->doc, p->node->style)));
    }
    /* ink, not advances: a closing bracket that ends a line hangs its
     * blank half (Pango gives back the 約物の詰め at a line's end); the ink
     * is measured for the statistics only (every glyph's extents) */
    if (t->want_stats) {
        PangoRectangle ink, logical;
        pango_layout_line_get_extents(L->line, &ink, &logical);
        if (x + S_pt(ink.x + ink.width - logical.x) > right + 0.5)
            t->st.overflows++;
    }
    for (size_t k = 0; k < p->n_links; k++) {
        S_link *lk = &p->links[k];
        int start = L->line->start_index, end = start + L->line->length;
        if ((int)lk->end <= start || (int)lk->start >= end)
            continue;
        int *ranges = NULL, n = 0;
        pango_layout_line_get_x_ranges(L->line, (int)lk->start > start ? (int)lk->start : start,
                                       (int)lk->end < end ? (int)lk->end : end, &ranges, &n);
        char *nm = S_name(lk->anchor);
        ad_pdfw_link_tag(t->pdf, t->artifact ? 0 : p->tag.link, p->tag.contents);
        for (int r = 0; r < n; r++)
            ad_pdfw_link(t->pdf, bx + p->text_x + S_pt(ranges[2 * r]), ly + L->top,
                         S_pt(ranges[2 * r + 1] - ranges[2 * r]), L->bot - L->top, nm);
        ad_pdfw_link_tag(t->pdf, 0, NULL);
        free(nm);
        g_free(ranges);
    }
}

static void S_footer(S_ts *t)
{
    const char *fmt = t->doc->page_number_format;
    if (!fmt || !*fmt)
        return;
    ad_buf b = {0};
    ad_buf_puts(&b, "");
    for (const char *q = fmt; *q;) {
        if (strncmp(q, "{page}", 6) == 0) {
            ad_buf_printf(&b, "%d", t->st.pages);
            q += 6;
        } else {
            ad_buf_putc(&b, *q++);
        }
    }
    PangoLayout *lo = pango_layout_new(t->ctx);
    pango_layout_set_font_description(lo, t->desc[AD_PS_NOTE]);
    pango_layout_set_text(lo, b.s, (int)b.len);
    PangoRectangle lr;
    pango_layout_get_extents(lo, NULL, &lr);
    double footer = t->sec->page.footer > 0 ? t->sec->page.footer / 20.0
                                            : t->sec->page.margin_bottom / 40.0;
    double y = t->ph - footer - S_pt(lr.height);
    if (y < t->bottom)
        y = t->bottom + (t->ph - t->bottom - S_pt(lr.height)) / 2;
    ad_pdfw_tag(t->pdf, AD_PDF_PAGINATION);
    ad_tsg_show_line(&t->gl, pango_layout_get_line_readonly(lo, 0),
                     (t->pw - S_pt(lr.width)) / 2 - S_pt(lr.x), y + S_pt(pango_layout_get_baseline(lo)),
                     0);
    ad_pdfw_tag_end(t->pdf);
    g_object_unref(lo);
    ad_buf_free(&b);
}

static void S_new_page(S_ts *t)
{
    S_flush_borders(t);
    ad_pdfw_page(t->pdf, t->pw, t->ph);
    t->st.pages++;
    t->y = t->top;
    t->page_body = false;
    S_footer(t);
}

static bool S_at_top(const S_ts *t) { return t->y <= t->top + S_EPS; }

/* ---- body paragraphs ------------------------------------------------------- */

static void S_flow_para(S_ts *t, S_para *p)
{
    if (!S_at_top(t))
        t->y += p->sb;
    double oy = t->y - (p->n_lines ? p->lines[0].top : 0); /* page y of the layout origin */
    double bx = t->left;
    for (int l = 0; l < p->n_lines; l++) {
        S_line *L = &p->lines[l];
        if (oy + L->bot > t->bottom + S_EPS && oy + L->top > t->top + S_EPS) {
            S_new_page(t);
            oy = t->top - L->top;
        }
        S_draw_line(t, p, l, bx, oy, t->right);
        if (oy + L->bot > t->bottom + 0.5)
            t->st.overflows++;
    }
    t->y = oy + p->h + p->sa;
    if (p->n_lines > 0 && !S_heading_style(p->node->style))
        t->page_body = true;
}

/* ---- tables ------------------------------------------------------------------ */

static void S_cell_add_nodes(S_ts *t, S_tcell *c, const ad_nodes *l, double w)
{
    for (size_t i = 0; i < l->n; i++) {
        const ad_node *n = l->v[i];
        if (n->kind == AD_NODE_PARA) {
            S_para *p = S_para_new(t, n, w);
            AD_VEC_PUSH(c->paras, c->n_paras, c->cap_paras) = p;
        } else if (n->kind == AD_NODE_TABLE) {
            /* nested tables: their cells' text in reading order, never lost */
            for (size_t r = 0; r < n->n_rows; r++)
                for (size_t k = 0; k < n->rows[r].n; k++)
                    S_cell_add_nodes(t, c, &n->rows[r].cells[k].body, w);
        }
    }
}

/* Frees the laid-out text of cell k. */
static void S_tcell_clear(S_tcell *c)
{
    for (size_t i = 0; i < c->n_paras; i++)
        S_para_free(c->paras[i]);
    free(c->paras);
    free(c->lines);
    c->paras = NULL;
    c->lines = NULL;
    c->n_paras = c->cap_paras = c->n_lines = c->cap_lines = 0;
}

static void S_table_free(S_table *tb)
{
    if (!tb)
        return;
    for (size_t i = 0; i < tb->g.n_cells; i++)
        S_tcell_clear(&tb->cells[i]);
    free(tb->cells);
    free(tb->tags);
    ad_tg_free(&tb->g);
    free(tb);
}

/* Lays out the text of a cell set in its column(s); returns its height. */
static double S_cell_layout(S_ts *t, S_tcell *c, const ad_tg_cell *gc)
{
    double inner = gc->w - 2 * gc->pad_x;
    S_cell_add_nodes(t, c, &gc->cell->body, inner > 1 ? inner : 1);
    double y = 0;
    for (size_t i = 0; i < c->n_paras; i++) {
        S_para *p = c->paras[i];
        if (i > 0)
            y += p->sb;
        for (int li = 0; li < p->n_lines; li++) {
            S_cline cl = {p, li, y + p->lines[li].top, y + p->lines[li].bot};
            AD_VEC_PUSH(c->lines, c->n_lines, c->cap_lines) = cl;
            double right = p->text_x + p->lines[li].x + p->lines[li].w;
            if (right > c->max_w)
                c->max_w = right;
        }
        y += p->h;
        if (i + 1 < c->n_paras)
            y += p->sa;
    }
    return y;
}

/* Table n set in avail_w: the geometry (typeset_table.c) from the measured
 * cells. */
static S_table *S_table_new(S_ts *t, const ad_node *n, double avail_w)
{
    S_table *tb = ad_xcalloc(1, sizeof *tb);
    if (!ad_tg_place(&tb->g, n, avail_w, t->doc->cell_pad_x / 20.0, t->doc->cell_pad_y / 20.0)) {
        free(tb);
        return NULL;
    }
    tb->x = t->left;
    tb->cells = ad_xcalloc(tb->g.n_cells ? tb->g.n_cells : 1, sizeof *tb->cells);
    tb->tags = ad_xcalloc(tb->g.n_cells ? tb->g.n_cells : 1, sizeof *tb->tags);
    ad_tt_table(&t->tags, &tb->g, tb->tags);
    for (size_t k = 0; k < tb->g.n_cells; k++) {
        ad_tt_cell(&t->tags, tb->tags[k], tb->g.cells[k].cell);
        tb->g.cells[k].content_h = S_cell_layout(t, &tb->cells[k], &tb->g.cells[k]);
    }
    ad_tt_cell(&t->tags, 0, NULL);
    ad_tg_rows(&tb->g, t->bottom - t->top);
    return tb;
}

/* Draws the part of cell k in the box y0..y1.  whole: the cell is entirely in
 * the box (vertical alignment applies).  commit: remember what was drawn
 * (header cells are drawn afresh on every page).  force: draw at least one
 * line even if it does not fit (progress on a fresh page). */
static void S_cell_part(S_ts *t, S_table *tb, size_t k, double y0, double y1, bool whole,
                        bool commit, bool force)
{
    const ad_tg_cell *gc = &tb->g.cells[k];
    S_tcell *c = &tb->cells[k];
    double x0 = tb->x + gc->x, x1 = x0 + gc->w;
    uint32_t shade = gc->cell->shade;
    if (shade == AD_COLOR_NONE && gc->header)
        shade = t->doc->header_shade;
    if (shade != AD_COLOR_NONE)
        ad_pdfw_fill_rect(t->pdf, shade, x0, y0, gc->w, y1 - y0);
    t->st.cells++;

    size_t first = commit ? c->next : 0, l = first;
    double shift = first < c->n_lines ? c->lines[first].top : 0;
    double in_top = y0 + tb->g.pad_y, in_bot = y1 - tb->g.pad_y;
    double off = 0;
    if (whole && first == 0 && gc->cell->valign != AD_VALIGN_TOP) {
        double slack = (in_bot - in_top) - gc->content_h;
        if (slack > 0)
            off = gc->cell->valign == AD_VALIGN_CENTER ? slack / 2 : slack;
    }
    /* does anything leave the box?  then clip to the cell */
    size_t last = first;
    bool clip = c->max_w > gc->w - 2 * gc->pad_x + 0.5;
    for (; last < c->n_lines; last++) {
        double lb = c->lines[last].bot - shift;
        if (in_top + off + lb > in_bot + S_EPS) {
            if (force && last == first) {
                clip = true;
                t->st.overflows++;
                last++;
            }
            break;
        }
    }
    if (clip)
        ad_pdfw_clip(t->pdf, x0, y0, gc->w, y1 - y0);
    for (l = first; l < last; l++) {
        S_cline *cl = &c->lines[l];
        /* page y of this paragraph's layout origin */
        double ly = in_top + off + (cl->top - shift) - cl->p->lines[cl->li].top;
        S_draw_line(t, cl->p, cl->li, x0 + gc->pad_x, ly, x1 - gc->pad_x);
    }
    if (clip)
        ad_pdfw_clip_end(t->pdf);
    if (commit)
        c->next = last;
    if (tb->g.node->borders) {
        double r[4] = {x0, y0, gc->w, y1 - y0};
        for (int i = 0; i < 4; i++)
            AD_VEC_PUSH(t->borders, t->n_borders, t->cap_borders) = r[i];
    }
}

/* Draws rows ra..rb at y, every cell that meets them. */
static void S_draw_rows(S_ts *t, S_table *tb, size_t ra, size_t rb, double y, bool commit)
{
    const ad_tgeom *g = &tb->g;
    for (size_t k = g->row_first[ad_tg_span_from(g, ra)]; k < g->row_first[rb + 1]; k++) {
        const ad_tg_cell *c = &g->cells[k];
        size_t c0 = (size_t)c->row, c1 = (size_t)(c->row + c->rowspan - 1);
        if (c1 < ra)
            continue;
        size_t a = c0 > ra ? c0 : ra, b = c1 < rb ? c1 : rb;
        double y0 = ad_tg_rows_y(g, ra, a, y), y1 = ad_tg_rows_y(g, ra, b + 1, y);
        S_cell_part(t, tb, k, y0, y1, c0 >= ra && c1 <= rb, commit, false);
    }
}

/* The header rows at the flow's place. */
static void S_table_header(S_ts *t, S_table *tb)
{
    if (tb->g.hdr > 0) {
        t->artifact = tb->hdr_drawn; /* read once, where the table starts */
        S_draw_rows(t, tb, 0, (size_t)tb->g.hdr - 1, t->y, false);
        t->artifact = false;
        tb->hdr_drawn = true;
        t->y += tb->g.hdr_h;
    }
}

static void S_table_page(S_ts *t, S_table *tb)
{
    S_new_page(t);
    S_table_header(t, tb);
}

static double S_cell_rem(const S_tcell *c, const ad_tg_cell *gc, double pad_y)
{
    if (c->next >= c->n_lines)
        return 0;
    return gc->content_h - c->lines[c->next].top + 2 * pad_y;
}

/* Row r is taller than the room left: draw it in slices, page after page. */
static void S_slice_row(S_ts *t, S_table *tb, size_t r)
{
    const ad_tgeom *g = &tb->g;
    size_t from = g->row_first[ad_tg_span_from(g, r)], to = g->row_first[r + 1];
    double page_top = t->top + g->hdr_h;
    for (;;) {
        double need = 0;
        for (size_t k = from; k < to; k++) {
            const ad_tg_cell *c = &g->cells[k];
            double rem = S_cell_rem(&tb->cells[k], c, g->pad_y);
            if ((size_t)(c->row + c->rowspan - 1) == r && rem > need)
                need = rem;
        }
        double room = t->bottom - t->y;
        bool fresh = t->y <= page_top + S_EPS;
        bool fits = need <= room + S_EPS;
        if (!fits && room < AD_TG_MIN_SLICE && !fresh) {
            S_table_page(t, tb);
            continue;
        }
        double y1 = fits ? t->y + need : t->bottom;
        for (size_t k = from; k < to; k++) {
            const ad_tg_cell *c = &g->cells[k];
            if ((size_t)(c->row + c->rowspan - 1) >= r)
                S_cell_part(t, tb, k, t->y, y1, false, true, !fits && fresh);
        }
        if (fits) {
            t->y += need;
            return;
        }
        S_table_page(t, tb);
    }
}

/* Frees the laid-out text of the body cells that end before row r: they
 * are drawn and never drawn again (header cells are, on every page). */
static void S_table_release(S_table *tb, size_t r)
{
    size_t k = tb->released, end = tb->g.row_first[r];
    bool advance = true;
    for (; k < end; k++) {
        const ad_tg_cell *c = &tb->g.cells[k];
        if (!c->header && (size_t)(c->row + c->rowspan) <= r)
            S_tcell_clear(&tb->cells[k]);
        else if (!c->header)
            advance = false;
        if (advance)
            tb->released = k + 1;
    }
}

/* Counts, for the tests, what a typesetter must not do when a table
 * breaks: a page with fewer than two of its body rows (unless a row taller
 * than a page forced it), a page starting with a note row, a table kept
 * together split although it fits on a page. */
static void S_count_break(S_ts *t, const S_table *tb, size_t on_page, bool sliced, size_t next)
{
    const ad_tgeom *g = &tb->g;
    if (!sliced && on_page < 2 && g->n_rows - (size_t)g->hdr >= 2)
        t->st.short_splits++;
    if (next < g->n_rows && g->node->rows[next].note)
        t->st.note_starts++;
}

/* reserve: the height of the page note that follows the table (its legend),
 * kept free under the table's last rows so that the note is never left alone
 * at the top of a page. */
static void S_flow_table(S_ts *t, S_table *tb, double reserve)
{
    const ad_tgeom *g = &tb->g;
    double page = t->bottom - t->top;
    bool whole = t->page_body;
    if (t->y + ad_tg_start_h(g, page, whole) > t->bottom + S_EPS && !S_at_top(t)) {
        S_new_page(t);
        if (t->keep_pending) /* the heading before stays, the table moves */
            t->st.headings_alone++;
    }
    S_table_header(t, tb);
    size_t r = (size_t)g->hdr, on_page = 0, breaks = 0;
    bool sliced = false;
    while (r < g->n_rows) {
        S_table_release(tb, r);
        size_t last = r;
        ad_tg_step step = ad_tg_next(g, r, t->y, t->top, t->bottom, &last);
        if (reserve > 0 && step == AD_TG_DRAW && last + 1 >= g->n_rows &&
            t->y + ad_tg_rows_y(g, r, last + 1, 0) + reserve > t->bottom + S_EPS)
            step = ad_tg_next(g, r, t->y, t->top, t->bottom - reserve, &last);
        if (step == AD_TG_DRAW || step == AD_TG_DRAW_PAGE) {
            S_draw_rows(t, tb, r, last, t->y, true);
            t->y += ad_tg_rows_y(g, r, last + 1, 0);
            on_page += last + 1 - r;
            r = last + 1;
        } else if (step == AD_TG_SLICE) {
            S_slice_row(t, tb, r);
            sliced = true;
            on_page++;
            r++;
            continue; /* the slices started their own pages */
        }
        if ((step == AD_TG_DRAW_PAGE || step == AD_TG_PAGE) && r < g->n_rows) {
            S_count_break(t, tb, on_page, sliced, r);
            S_table_page(t, tb);
            on_page = 0;
            sliced = false;
            breaks++;
        }
    }
    if (breaks > 0) {
        S_count_break(t, tb, on_page, sliced, g->n_rows);
        if (g->node->keep_together && whole && ad_tg_full_h(g) <= page)
            t->st.kept_splits++;
    }
    t->page_body = true;
}

/* ---- sections ------------------------------------------------------------------ */

static void S_geometry(S_ts *t, const ad_doc_section *s)
{
    t->sec = s;
    double w = s->page.width / 20.0, h = s->page.height / 20.0;
    if (w <= 0 || h <= 0)
        w = 595.3, h = 841.9;
    if (s->landscape && w < h) {
        double x = w;
        w = h;
        h = x;
    }
    t->pw = w;
    t->ph = h;
    t->left = s->page.margin_left / 20.0;
    t->right = w - s->page.margin_right / 20.0;
    t->top = s->page.margin_top / 20.0;
    t->bottom = h - s->page.margin_bottom / 20.0;
    if (t->right - t->left < 36)
        t->left = 18, t->right = w - 18;
    if (t->bottom - t->top < 36)
        t->top = 18, t->bottom = h - 18;
}

/* Block i of section s, laid out on first use. */
static S_block *S_block_get(S_ts *t, const ad_doc_section *s, S_block *bl, size_t i, double text_w)
{
    S_block *b = &bl[i];
    if (!b->done) {
        const ad_node *n = s->body.v[i];
        b->kind = n->kind;
        if (n->kind == AD_NODE_PARA)
            b->p = S_para_new(t, n, text_w);
        else if (n->kind == AD_NODE_TABLE)
            b->t = S_table_new(t, n, text_w);
        b->done = true;
    }
    return b;
}

/* The height of the chain of keep-with-next paragraphs from block i and of
 * the node after it: its first line, or the start of a table (with full:
 * the whole table and a page note after it; -1 when the node after the
 * chain is not a table). */
static double S_chain_h(S_ts *t, const ad_doc_section *s, S_block *bl, size_t i, double text_w,
                        bool full)
{
    double need = 0, page = t->bottom - t->top;
    size_t j = i;
    for (; j < s->body.n && s->body.v[j]->kind == AD_NODE_PARA; j++) {
        S_block *c = S_block_get(t, s, bl, j, text_w);
        if (!c->p || !c->p->node->keep_next)
            break;
        need += S_para_full_h(c->p);
    }
    S_block *c = j < s->body.n && s->body.v[j]->kind != AD_NODE_PAGE_BREAK
                     ? S_block_get(t, s, bl, j, text_w)
                     : NULL;
    if (full) {
        if (!c || !c->t)
            return -1;
        need += ad_tg_full_h(&c->t->g);
        if (j + 1 < s->body.n && s->body.v[j + 1]->kind == AD_NODE_PARA &&
            s->body.v[j + 1]->page_note) {
            S_block *n = S_block_get(t, s, bl, j + 1, text_w);
            if (n->p)
                need += S_para_full_h(n->p);
        }
    } else if (c && c->p && c->p->n_lines > 0) {
        need += c->p->sb + c->p->lines[0].bot;
    } else if (c && c->t) {
        need += ad_tg_start_h(&c->t->g, page, t->page_body);
    }
    return need;
}

/* Whether the table that block i (and its keep-with-next chain) leads to
 * fits whole, with its page note, in the room left on this page. */
static bool S_next_table_fits(S_ts *t, const ad_doc_section *s, S_block *bl, size_t i,
                              double text_w)
{
    if (i >= s->body.n)
        return false;
    double need = S_chain_h(t, s, bl, i, text_w, true);
    return need >= 0 && t->y + need <= t->bottom + S_EPS;
}

static void S_section(S_ts *t, const ad_doc_section *s)
{
    S_geometry(t, s);
    ad_tt_section(&t->tags, s);
    double text_w = t->right - t->left;

    S_new_page(t);
    if (s->anchor && *s->anchor)
        S_dest(t, s->anchor, 0, 0);
    if (s->outline_title && *s->outline_title) {
        int level = s->outline_level > 0 ? s->outline_level : 1;
        S_add_outline(t, s->outline_title, level,
                      s->anchor && *s->anchor ? s->anchor : NULL, 0);
        t->sec_level = level;
    }

    /* Blocks are laid out when the flow reaches them (or a keep-with-next
     * chain looks ahead to them) and freed once drawn: only the look-ahead
     * is in memory at a time, whatever the section's length. */
    S_block *bl = ad_xcalloc(s->body.n ? s->body.n : 1, sizeof *bl);
    double page = t->bottom - t->top;
    for (size_t i = 0; i < s->body.n; i++) {
        if (s->body.v[i]->kind == AD_NODE_PAGE_BREAK) {
            S_new_page(t);
            continue;
        }
        S_block *b = S_block_get(t, s, bl, i, text_w);
        if (b->p && b->p->node->page_note && S_next_table_fits(t, s, bl, i + 1, text_w)) {
            /* a legend printed once per page, under its last table */
            t->st.page_notes_left_out++;
        } else if (b->p) {
            if (b->p->node->keep_next) {
                double need = S_chain_h(t, s, bl, i, text_w, false);
                if (need - b->p->sb <= page && t->y + need > t->bottom + S_EPS && !S_at_top(t))
                    S_new_page(t);
            }
            S_flow_para(t, b->p);
        } else if (b->t) {
            double reserve = 0;
            if (i + 1 < s->body.n && s->body.v[i + 1]->kind == AD_NODE_PARA &&
                s->body.v[i + 1]->page_note) {
                S_block *nb = S_block_get(t, s, bl, i + 1, text_w);
                if (nb->p && S_para_full_h(nb->p) < page / 4)
                    reserve = S_para_full_h(nb->p);
            }
            S_flow_table(t, b->t, reserve);
        }
        t->keep_pending = b->p && b->p->node->keep_next;
        S_para_free(b->p);
        S_table_free(b->t);
        b->p = NULL;
        b->t = NULL;
    }
    for (size_t i = 0; i < s->body.n; i++) { /* nothing is left, but be safe */
        S_para_free(bl[i].p);
        S_table_free(bl[i].t);
    }
    free(bl);
}

/* ---- output ---------------------------------------------------------------------- */

ad_status ad_pdf_write_stats(const ad_doc *d, ad_fonts *f, const char *path, ad_diags *warnings,
                             ad_ts_stats *stats, ad_err *e)
{
    if (!d || !f || !path)
        return ad_fail(e, AD_ERR_RENDER, "nothing to render");
    FILE *out = fopen(path, "wb");
    if (!out)
        return ad_fail(e, AD_ERR_IO, "%s: cannot create: %s", path, strerror(errno));
    S_ts t;
    S_ts_init(&t, d, f, warnings);
    if (stats) {
        t.want_stats = true;
        t.st.on_line = stats->on_line;
        t.st.on_para = stats->on_para;
        t.st.ud = stats->ud;
    }
    for (size_t i = 0; i < d->n_sections; i++) {
        const ad_doc_section *s = &d->sections[i];
        if (s->anchor && *s->anchor)
            AD_VEC_PUSH(t.anchors, t.n_anchors, t.cap_anchors) = ad_xstrdup(s->anchor);
        S_collect_anchors(&t, &s->body);
    }
    t.pdf = t.gl.pdf = ad_pdfw_new(out);
    ad_pdfw_set_info(t.pdf, "Title", d->title);
    ad_pdfw_set_info(t.pdf, "Author", d->author);
    ad_pdfw_set_info(t.pdf, "Subject", d->subject);
    ad_pdfw_set_info(t.pdf, "Keywords", d->keywords);
    ad_pdfw_set_info(t.pdf, "Creator", "auditdoc");
    ad_pdfw_set_date(t.pdf, (long long)d->created);
    ad_pdfw_set_lang(t.pdf, d->language);
    ad_pdfw_compress_fonts(t.pdf, d->compress_fonts);
    ad_pdf_srgb_intent(t.pdf); /* PDF/A-1b */
    ad_tt_init(&t.tags, t.pdf, d); /* tagged: PDF/UA-1 */

    ad_doc_section empty;
    size_t n_secs;
    const ad_doc_section *secs = ad_doc_sections(d, &empty, &n_secs);
    for (size_t i = 0; i < n_secs; i++)
        S_section(&t, &secs[i]);
    S_flush_borders(&t);
    free(t.borders);

    ad_err fe = {0};
    ad_status st = ad_pdfw_finish(t.pdf, path, &fe);
    if (st == AD_OK && t.gl.font_err.status != AD_OK) {
        fe = t.gl.font_err;
        st = fe.status;
    }
    if (stats)
        *stats = t.st;
    if (stats) {
        stats->empty_glyphs = t.gl.empty;
        stats->boxes = t.gl.boxes;
    }
    S_ts_done(&t);
    int cerr = fclose(out) != 0 ? errno : 0;
    if (st != AD_OK)
        return ad_fail(e, st, "%s", fe.msg);
    if (cerr)
        return ad_fail(e, AD_ERR_IO, "%s: cannot write: %s", path, strerror(cerr));
    return AD_OK;
}

ad_status ad_pdf_write(const ad_doc *d, ad_fonts *f, const char *path, ad_diags *warnings,
                       ad_err *e)
{
    return ad_pdf_write_stats(d, f, path, warnings, NULL, e);
}

/* ---- warming up ------------------------------------------------------------------- */

void ad_fonts_warm(ad_fonts *f, const ad_doc *d)
{
    /* a line of every kind of text in every paragraph style: Pango makes
     * the font patterns (each with two threads of its own), the metrics and
     * the shaping plans the documents will need.  Latin letters (USB, ID)
     * are items of their own language, with metrics of their own (a sample
     * text laid out per font): they are warmed only in the styles of
     * running text and tables, where the documents have them; a heading
     * with Latin letters gets them from the worker that sets it. */
    S_ts t;
    S_ts_init(&t, d, f, NULL);
    ad_nodes body = {0};
    for (int ps = 0; ps < AD_PS_COUNT; ps++) {
        bool latin = ps == AD_PS_NORMAL || ps == AD_PS_TABLE || ps == AD_PS_NOTE;
        ad_node *n = ad_add_para(&body, (ad_pstyle)ps, AD_ALIGN_JUSTIFY);
        ad_para_add_run(n, latin ? "令和7年度（上半期）の監査結果：ABC 123 ○△×－、"
                                 : "令和7年度（上半期）の監査結果：123 ○△×－、", 0);
        ad_para_add_run(n, "改善を要する", AD_RUN_BOLD);
        ad_para_add_run(n, latin ? "「事務局」ID" : "「事務局」", AD_RUN_GOTHIC);
        S_para_free(S_para_layout(&t, n, 300));
    }
    ad_nodes_free(&body);
    /* the phrase breaker loads ICU's Japanese dictionary (about 1.5 ms and
     * 10 MB): made here, before the PDF workers fork, they share it (every
     * document of a build protects the same names) */
    S_breaker(&t);
    S_ts_done(&t);
}

void ad_ts_warm_libraries(void)
{
    ad_jb_warm();
    size_t len;
    (void)ad_pdf_srgb_profile(&len);
}

/* ---- test probes ------------------------------------------------------------------- */

void ad_ts_probe_para(ad_fonts *f, const ad_doc *d, const ad_node *n, double width_pt,
                      ad_ts_probe *out)
{
    memset(out, 0, sizeof *out);
    S_ts t;
    S_ts_init(&t, d, f, NULL);
    S_para *p = S_para_new(&t, n, width_pt);
    out->width = p->box_w;
    out->unknown = pango_layout_get_unknown_glyphs_count(p->layout);
    const char *text = pango_layout_get_text(p->layout);
    out->n_lines = (size_t)p->n_lines;
    out->lines = ad_xcalloc(out->n_lines + 1, sizeof *out->lines);
    out->line_right = ad_xcalloc(out->n_lines + 1, sizeof *out->line_right);
    for (int l = 0; l < p->n_lines; l++) {
        PangoLayoutLine *line = p->lines[l].line;
        out->lines[l] = ad_xstrndup(text + line->start_index, (size_t)line->length);
        double x = p->lines[l].x;
        for (GSList *r = line->runs; r; r = r->next) {
            PangoGlyphItem *gi = r->data;
            PangoGlyphString *gs = gi->glyphs;
            for (int g = 0; g < gs->num_glyphs; g++) {
                PangoGlyphInfo *info = &gs->glyphs[g];
                uint32_t cp;
                int idx = gi->item->offset + gs->log_clusters[g];
                ad_utf8_decode(text + idx, strlen(text + idx), &cp);
                bool cluster_start = g == 0 || gs->log_clusters[g] != gs->log_clusters[g - 1];
                if (cluster_start) {
                    ad_ts_glyph tg = {cp, l, x + S_pt(info->geometry.x_offset),
                                      S_pt(info->geometry.width)};
                    AD_VEC_PUSH(out->g, out->n_g, out->cap_g) = tg;
                } else if (out->n_g) {
                    out->g[out->n_g - 1].adv += S_pt(info->geometry.width);
                }
                if (info->glyph != PANGO_GLYPH_EMPTY) {
                    PangoRectangle ink;
                    pango_font_get_glyph_extents(gi->item->analysis.font, info->glyph, &ink, NULL);
                    double right = x + S_pt(info->geometry.x_offset) + S_pt(ink.x + ink.width);
                    if (ink.width > 0 && right > out->line_right[l])
                        out->line_right[l] = right;
                }
                x += S_pt(info->geometry.width);
            }
        }
    }
    S_para_free(p);
    S_ts_done(&t);
}

void ad_ts_probe_free(ad_ts_probe *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_lines; i++)
        free(p->lines[i]);
    free(p->lines);
    free(p->line_right);
    free(p->g);
    memset(p, 0, sizeof *p);
}
