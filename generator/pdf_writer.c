/* pdf_writer.c — the PDF file the typesetter draws into (pdf.h): one
 * compressed content stream per page written as soon as the page ends
 * (memory does not grow with the document), link annotations, named
 * destinations, and at the end the fonts (pdf_font.c), the pages tree, the
 * name tree, the outline, the information dictionary and the catalog, each
 * by a writer of its own.  Objects go through the object layer (pdf_obj.c);
 * only the content streams' operators are written here.
 *
 * Everything is deterministic: objects are numbered in the order they are
 * allocated, names are sorted, the file identifier is a hash of the bytes,
 * and the dates are the ones given. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "pdf_int.h"

typedef struct {
    char *name;
    char *key; /* the bytes of the name as a PDF string: what the name tree sorts */
    size_t key_len;
    ad_pdf_ref page;
    double x, y; /* PDF coordinates */
} S_dest;

typedef struct {
    int parent;
    char *title;
    char *dest;
    ad_pdf_ref page;
    double x, y;
    bool open;
    int first, last, next, prev, count;
    ad_pdf_ref obj;
} S_outl;

typedef struct {
    ad_sfnt *sf;
    ad_pdf_subset *sub;
} S_font;

struct ad_pdfw {
    ad_pdf_file f;
    bool compress_fonts;
    ad_pdf_ref catalog, pages, resources;
    ad_pdf_ref *page_refs;
    size_t n_pages, cap_pages;
    /* the current page */
    double pw, ph;
    ad_pdf_ref page; /* num 0: no page open */
    ad_buf content;
    ad_pdf_ref *annots;
    size_t n_annots, cap_annots;
    uint32_t rgb;  /* fill colour in the content stream */
    /* the open text object: glyph runs of one line continue one TJ array */
    bool in_text, in_tj, in_str;
    int t_font;
    double t_size, t_pen, t_base; /* pen and baseline, PDF coordinates */
    int spans; /* open ad_pdfw_span_begin sequences */
    bool span_mc;           /* tagged: the open span is the element's own sequence */
    const char *mc_actual;  /* the ActualText of the sequence S_mark opens next */
    uint32_t *saved_rgb;
    size_t n_saved, cap_saved;
    S_font *fonts;
    size_t n_fonts, cap_fonts;
    S_dest *dests;
    size_t n_dests, cap_dests;
    S_outl *outl;
    size_t n_outl, cap_outl;
    char *info[5];
    unsigned char *icc; /* the output intent's profile, or NULL */
    size_t icc_len;
    char *icc_name;
    char *lang; /* the catalog's /Lang, or NULL */
    long long date;
    bool has_date;
    ad_pdfv v; /* the object being written */
    /* tagged PDF (pdf_struct.c): the tree, or NULL for an untagged file */
    ad_pdf_struct *tree;
    int want, open_tag; /* the content's element (or artifact) asked for / open */
    bool has_want, mc_open;
    bool mc_in_text;    /* the open sequence began inside the text object */
    int link_elem;      /* the Link element of the links made now, 0: none */
    char *link_contents;
};

static const char *const S_info_keys[5] = {"Title", "Author", "Subject", "Keywords", "Creator"};

/* ---- the document ------------------------------------------------------------ */

ad_pdfw *ad_pdfw_new(FILE *out)
{
    ad_pdfw *w = ad_xcalloc(1, sizeof *w);
    ad_pdf_file_init(&w->f, out);
    w->compress_fonts = true;
    /* allocated first, written last: the pages point at the tree and the
     * resources, everything else is known at the end */
    w->catalog = ad_pdf_alloc(&w->f);
    w->pages = ad_pdf_alloc(&w->f);
    w->resources = ad_pdf_alloc(&w->f);
    return w;
}

void ad_pdfw_set_info(ad_pdfw *w, const char *key, const char *value)
{
    for (int i = 0; i < 5; i++)
        if (strcmp(key, S_info_keys[i]) == 0) {
            free(w->info[i]);
            /* cleaned for XML: the XMP packet holds the same text */
            w->info[i] = value && *value ? ad_xml_clean(value) : NULL;
        }
}

void ad_pdfw_set_lang(ad_pdfw *w, const char *lang)
{
    free(w->lang);
    w->lang = lang && *lang ? ad_xstrdup(lang) : NULL;
}

void ad_pdfw_compress_fonts(ad_pdfw *w, bool on) { w->compress_fonts = on; }

void ad_pdfw_output_intent(ad_pdfw *w, const void *icc, size_t len, const char *condition)
{
    free(w->icc);
    free(w->icc_name);
    w->icc = NULL;
    w->icc_name = NULL;
    if (!icc || !len)
        return;
    w->icc = ad_xmalloc(len);
    memcpy(w->icc, icc, len);
    w->icc_len = len;
    w->icc_name = ad_xstrdup(condition && *condition ? condition : "sRGB IEC61966-2.1");
}

void ad_pdfw_set_date(ad_pdfw *w, long long when)
{
    w->date = when;
    w->has_date = true;
}

static void S_text_end(ad_pdfw *w);
static void S_mc_close(ad_pdfw *w);
static void S_mark(ad_pdfw *w, bool text);

static void S_end_page(ad_pdfw *w)
{
    if (!w->page.num)
        return;
    while (w->spans)
        ad_pdfw_span_end(w);
    S_mc_close(w);
    S_text_end(w);
    while (w->n_saved)
        ad_pdfw_clip_end(w);
    ad_pdfv *v = &w->v;
    ad_pdf_ref content = ad_pdf_alloc(&w->f);
    ad_pdf_stream(&w->f, content, v, w->content.s ? w->content.s : "", w->content.len, true);
    w->content.len = 0;
    ad_pdfv_dict_of(v, "Page", NULL);
    ad_pdfv_key(v, "Parent");
    ad_pdfv_ref(v, w->pages);
    ad_pdfv_key(v, "MediaBox");
    ad_pdfv_array(v);
    ad_pdfv_int(v, 0);
    ad_pdfv_int(v, 0);
    ad_pdfv_num(v, w->pw);
    ad_pdfv_num(v, w->ph);
    ad_pdfv_end(v);
    ad_pdfv_key(v, "Resources");
    ad_pdfv_ref(v, w->resources);
    ad_pdfv_key(v, "Contents");
    ad_pdfv_ref(v, content);
    int sp = w->tree ? ad_pdf_struct_page_key(w->tree, w->n_pages - 1) : -1;
    if (sp >= 0) {
        ad_pdfv_key(v, "StructParents");
        ad_pdfv_int(v, sp);
    }
    if (w->tree && w->n_annots) { /* PDF/UA: links in the structure's order */
        ad_pdfv_key(v, "Tabs");
        ad_pdfv_name(v, "S");
    }
    if (w->n_annots) {
        ad_pdfv_key(v, "Annots");
        ad_pdfv_array(v);
        for (size_t i = 0; i < w->n_annots; i++)
            ad_pdfv_ref(v, w->annots[i]);
        ad_pdfv_end(v);
    }
    ad_pdf_obj(&w->f, w->page, v);
    w->n_annots = 0;
    w->page.num = 0;
}

void ad_pdfw_page(ad_pdfw *w, double width, double height)
{
    S_end_page(w);
    w->pw = width;
    w->ph = height;
    w->page = ad_pdf_alloc(&w->f);
    AD_VEC_PUSH(w->page_refs, w->n_pages, w->cap_pages) = w->page;
    w->rgb = 0;
}

/* ---- drawing --------------------------------------------------------------------- */

static void S_num(ad_pdfw *w, double v)
{
    ad_pdf_num(&w->content, v);
    ad_buf_putc(&w->content, ' ');
}

/* Closes the open glyph string and TJ array, if any. */
static void S_tj_end(ad_pdfw *w)
{
    if (w->in_str)
        ad_buf_putc(&w->content, '>');
    if (w->in_tj)
        ad_buf_puts(&w->content, "]TJ\n");
    w->in_tj = w->in_str = false;
}

/* Ends the open text object, if any: graphics operators come next. */
static void S_text_end(ad_pdfw *w)
{
    if (!w->in_text)
        return;
    S_tj_end(w);
    if (w->mc_open && w->mc_in_text) { /* a sequence begun inside it ends first */
        ad_buf_puts(&w->content, "EMC\n");
        w->mc_open = false;
    }
    ad_buf_puts(&w->content, "ET\n");
    w->in_text = false;
}

static void S_color(ad_pdfw *w, uint32_t rgb, bool stroke)
{
    if (!stroke && rgb == w->rgb)
        return;
    for (int sh = 16; sh >= 0; sh -= 8)
        S_num(w, ((rgb >> sh) & 0xFF) / 255.0);
    ad_buf_puts(&w->content, stroke ? "RG\n" : "rg\n");
    if (!stroke)
        w->rgb = rgb;
}

static void S_rect(ad_pdfw *w, double x, double y, double wd, double ht)
{
    S_num(w, x);
    S_num(w, w->ph - y - ht);
    S_num(w, wd);
    S_num(w, ht);
    ad_buf_puts(&w->content, "re\n");
}

void ad_pdfw_fill_rect(ad_pdfw *w, uint32_t rgb, double x, double y, double wd, double ht)
{
    if (!w->page.num)
        return;
    S_text_end(w);
    S_mark(w, false);
    S_color(w, rgb, false);
    S_rect(w, x, y, wd, ht);
    ad_buf_puts(&w->content, "f\n");
}

void ad_pdfw_stroke_rects(ad_pdfw *w, uint32_t rgb, double line_w, const double *r, size_t n)
{
    if (!w->page.num || n == 0)
        return;
    S_text_end(w);
    S_mark(w, false);
    ad_buf_puts(&w->content, "q\n");
    S_color(w, rgb, true);
    S_num(w, line_w);
    ad_buf_puts(&w->content, "w\n");
    for (size_t i = 0; i < n; i++)
        S_rect(w, r[4 * i], r[4 * i + 1], r[4 * i + 2], r[4 * i + 3]);
    ad_buf_puts(&w->content, "S\nQ\n");
}

void ad_pdfw_clip(ad_pdfw *w, double x, double y, double wd, double ht)
{
    if (!w->page.num)
        return;
    S_mc_close(w);
    S_text_end(w);
    AD_VEC_PUSH(w->saved_rgb, w->n_saved, w->cap_saved) = w->rgb;
    ad_buf_puts(&w->content, "q\n");
    S_rect(w, x, y, wd, ht);
    ad_buf_puts(&w->content, "W n\n");
}

void ad_pdfw_clip_end(ad_pdfw *w)
{
    if (!w->n_saved)
        return;
    S_mc_close(w);
    S_text_end(w);
    w->rgb = w->saved_rgb[--w->n_saved];
    ad_buf_puts(&w->content, "Q\n");
}

int ad_pdfw_font(ad_pdfw *w, ad_sfnt *sf)
{
    for (size_t i = 0; i < w->n_fonts; i++)
        if (w->fonts[i].sf == sf)
            return (int)i;
    AD_VEC_PUSH(w->fonts, w->n_fonts, w->cap_fonts) = (S_font){sf, ad_pdf_subset_new(sf)};
    return (int)w->n_fonts - 1;
}

static void S_hex4(ad_buf *b, unsigned v)
{
    static const char hex[] = "0123456789ABCDEF";
    if (b->len + 5 > b->cap) { /* make room (ad_buf_put grows the buffer) */
        ad_buf_put(b, "0000", 4);
        b->len -= 4;
    }
    char *p = b->s + b->len;
    p[0] = hex[(v >> 12) & 15];
    p[1] = hex[(v >> 8) & 15];
    p[2] = hex[(v >> 4) & 15];
    p[3] = hex[v & 15];
    p[4] = '\0';
    b->len += 4;
}

void ad_pdfw_glyphs(ad_pdfw *w, int font, double size, uint32_t rgb, const ad_pdf_glyph *g,
                    size_t n)
{
    if (!w->page.num || n == 0 || font < 0 || (size_t)font >= w->n_fonts || size <= 0)
        return;
    ad_pdf_subset *sub = w->fonts[font].sub;
    ad_buf *c = &w->content;
    S_mark(w, true);
    if (!w->in_text) {
        ad_buf_puts(c, "BT\n");
        w->in_text = true;
        w->t_font = -1;
    }
    if (rgb != w->rgb) {
        S_tj_end(w);
        S_color(w, rgb, false);
    }
    if (font != w->t_font || size != w->t_size) {
        S_tj_end(w);
        ad_buf_putc(c, '/');
        ad_buf_putc(c, 'F');
        ad_pdf_num(c, font + 1);
        ad_buf_putc(c, ' ');
        S_num(w, size);
        ad_buf_puts(c, "Tf\n");
        w->t_font = font;
        w->t_size = size;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned cid = g[i].extra
                           ? ad_pdf_subset_cid_spaced(sub, g[i].gid, g[i].extra, g[i].text,
                                                      g[i].text_len)
                           : ad_pdf_subset_cid(sub, g[i].gid, g[i].text, g[i].text_len);
        if (!cid)
            continue; /* .notdef (or no glyph of the font, e.g. Pango's PANGO_GLYPH_EMPTY
                       * for a space ending a line) is not drawn: it showed as a box */
        double x = g[i].x, y = w->ph - g[i].y;
        /* TJ moves the pen back by adj/1000 em: put it where Pango did,
         * within 0.005 pt (differences of a Pango unit are not written) */
        double adj = round((w->t_pen - x) * 1000.0 / size * 10.0) / 10.0;
        if (!w->in_tj || fabs(y - w->t_base) > 0.0005 || fabs(adj) > 20000) {
            S_tj_end(w);
            ad_buf_puts(c, "1 0 0 1 ");
            S_num(w, x);
            S_num(w, y);
            ad_buf_puts(c, "Tm\n[");
            w->in_tj = true;
            w->t_pen = x;
            w->t_base = y;
        } else if (fabs(w->t_pen - x) > 0.005) {
            if (w->in_str)
                ad_buf_putc(c, '>');
            w->in_str = false;
            ad_pdf_num(c, adj);
            w->t_pen -= adj / 1000.0 * size;
        }
        if (!w->in_str) {
            ad_buf_putc(c, '<');
            w->in_str = true;
        }
        S_hex4(c, cid);
        w->t_pen += ad_pdf_subset_width(sub, cid) / 1000.0 * size;
    }
}

void ad_pdfw_span_begin(ad_pdfw *w, const char *text)
{
    if (!w->page.num || !text)
        return;
    S_text_end(w);
    if (w->tree) {
        /* tagged: the line gets a marked-content sequence of its element of
         * its own, whose properties hold the ActualText (no nesting: text
         * layers and structure readers both take it), outside the text
         * object (a hex box's rectangles sit in it too) */
        S_mc_close(w);
        w->mc_actual = text;
        S_mark(w, false);
        w->mc_actual = NULL;
        w->span_mc = w->mc_open;
        w->spans++;
        return;
    }
    ad_pdfv v = {0};
    ad_pdfv_dict(&v);
    ad_pdfv_key(&v, "ActualText");
    ad_pdfv_text(&v, text);
    ad_pdfv_end(&v);
    ad_buf_puts(&w->content, "/Span ");
    ad_buf_put(&w->content, v.b.s, v.b.len);
    ad_buf_puts(&w->content, " BDC\n");
    ad_pdfv_free(&v);
    w->spans++;
}

void ad_pdfw_span_end(ad_pdfw *w)
{
    if (!w->spans)
        return;
    w->spans--;
    if (w->span_mc) { /* the line's own sequence ends: the next mark opens another */
        w->span_mc = false;
        S_mc_close(w);
        return;
    }
    S_text_end(w);
    ad_buf_puts(&w->content, "EMC\n");
}

/* ---- navigation ------------------------------------------------------------------- */

void ad_pdfw_dest(ad_pdfw *w, const char *name, double x, double y)
{
    if (!w->page.num || !name || !*name)
        return;
    for (size_t i = 0; i < w->n_dests; i++)
        if (strcmp(w->dests[i].name, name) == 0)
            return;
    AD_VEC_PUSH(w->dests, w->n_dests, w->cap_dests) =
        (S_dest){.name = ad_xstrdup(name), .page = w->page, .x = x, .y = w->ph - y};
}

void ad_pdfw_link(ad_pdfw *w, double x, double y, double wd, double ht, const char *dest)
{
    if (!w->page.num || !dest || !*dest)
        return;
    ad_pdf_ref annot = ad_pdf_alloc(&w->f);
    ad_pdfv *v = &w->v;
    ad_pdfv_dict_of(v, "Annot", "Link");
    ad_pdfv_key(v, "Rect");
    ad_pdfv_array(v);
    ad_pdfv_num(v, x);
    ad_pdfv_num(v, w->ph - y - ht);
    ad_pdfv_num(v, x + wd);
    ad_pdfv_num(v, w->ph - y);
    ad_pdfv_end(v);
    ad_pdfv_key(v, "Border");
    ad_pdfv_array(v);
    for (int i = 0; i < 3; i++)
        ad_pdfv_int(v, 0);
    ad_pdfv_end(v);
    ad_pdfv_key(v, "F"); /* printed (PDF/A: a link is part of the page as printed) */
    ad_pdfv_int(v, 4);
    ad_pdfv_key(v, "Dest");
    ad_pdfv_text(v, dest);
    if (w->tree && w->link_elem) {
        ad_pdfv_key(v, "StructParent");
        ad_pdfv_int(v, ad_pdf_struct_objr(w->tree, w->link_elem, annot, w->n_pages - 1, w->page));
        ad_pdfv_key(v, "Contents");
        ad_pdfv_text(v, w->link_contents ? w->link_contents : dest);
    }
    ad_pdf_obj(&w->f, annot, v);
    AD_VEC_PUSH(w->annots, w->n_annots, w->cap_annots) = annot;
}

int ad_pdfw_outline(ad_pdfw *w, int parent, const char *title, const char *dest, double x,
                    double y, bool open)
{
    if (!w->page.num || parent < 0 || (size_t)parent > w->n_outl)
        return 0;
    S_outl o = {0};
    o.parent = parent;
    o.title = ad_xstrdup(title ? title : "");
    o.dest = dest && *dest ? ad_xstrdup(dest) : NULL;
    o.page = w->page;
    o.x = x;
    o.y = w->ph - y;
    o.open = open;
    AD_VEC_PUSH(w->outl, w->n_outl, w->cap_outl) = o;
    int id = (int)w->n_outl;
    if (parent) {
        S_outl *p = &w->outl[parent - 1];
        if (p->last)
            w->outl[p->last - 1].next = id;
        w->outl[id - 1].prev = p->last;
        if (!p->first)
            p->first = id;
        p->last = id;
    }
    return id;
}

/* Entries shown under outline entry id (0 = the root) when it is open. */
static int S_visible(ad_pdfw *w, int id, int root_first)
{
    int n = 0;
    for (int k = id ? w->outl[id - 1].first : root_first; k; k = w->outl[k - 1].next) {
        S_outl *o = &w->outl[k - 1];
        int below = S_visible(w, k, 0);
        o->count = o->first ? (o->open ? below : -below) : 0;
        n += 1 + (o->open ? below : 0);
    }
    return n;
}

static int S_cmp_dest(const void *a, const void *b)
{
    const S_dest *x = a, *y = b;
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int c = memcmp(x->key, y->key, n);
    return c ? c : (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

/* The name tree's sort key: the bytes of the name's string. */
static void S_string_key(S_dest *d)
{
    ad_buf k = {0};
    ad_pdf_text_bytes(&k, d->name);
    d->key_len = k.len;
    d->key = ad_buf_take(&k);
}

/* [page /XYZ x y 0]: (x, y) of page at the current zoom. */
static void S_dest_array(ad_pdfv *v, ad_pdf_ref page, double x, double y)
{
    ad_pdfv_array(v);
    ad_pdfv_ref(v, page);
    ad_pdfv_name(v, "XYZ");
    ad_pdfv_num(v, x);
    ad_pdfv_num(v, y);
    ad_pdfv_int(v, 0);
    ad_pdfv_end(v);
}

/* The resources every page shares (the fonts), and the fonts' objects. */
static bool S_resources(ad_pdfw *w, ad_err *e)
{
    bool ok = true;
    ad_pdf_ref *font = ad_xcalloc(w->n_fonts ? w->n_fonts : 1, sizeof *font);
    for (size_t i = 0; i < w->n_fonts; i++)
        if (!ad_pdf_font_write(&w->f, w->fonts[i].sub, w->compress_fonts, &font[i], e))
            ok = false;
    ad_pdfv *v = &w->v;
    ad_pdfv_dict(v);
    ad_pdfv_key(v, "Font");
    ad_pdfv_dict(v);
    for (size_t i = 0; i < w->n_fonts; i++)
        if (font[i].num) {
            char key[24];
            snprintf(key, sizeof key, "F%zu", i + 1);
            ad_pdfv_key(v, key);
            ad_pdfv_ref(v, font[i]);
        }
    ad_pdfv_end(v);
    ad_pdf_obj(&w->f, w->resources, v);
    free(font);
    return ok;
}

static void S_pages(ad_pdfw *w)
{
    ad_pdfv *v = &w->v;
    ad_pdfv_dict_of(v, "Pages", NULL);
    ad_pdfv_key(v, "Kids");
    ad_pdfv_array(v);
    for (size_t i = 0; i < w->n_pages; i++)
        ad_pdfv_ref(v, w->page_refs[i]);
    ad_pdfv_end(v);
    ad_pdfv_key(v, "Count");
    ad_pdfv_int(v, (long long)w->n_pages);
    ad_pdf_obj(&w->f, w->pages, v);
}

/* The named destinations' name tree (one node, sorted); none: num 0. */
static ad_pdf_ref S_names(ad_pdfw *w)
{
    if (!w->n_dests)
        return (ad_pdf_ref){0};
    for (size_t i = 0; i < w->n_dests; i++)
        S_string_key(&w->dests[i]);
    qsort(w->dests, w->n_dests, sizeof *w->dests, S_cmp_dest);
    ad_pdf_ref names = ad_pdf_alloc(&w->f);
    ad_pdfv *v = &w->v;
    ad_pdfv_dict(v);
    ad_pdfv_key(v, "Names");
    ad_pdfv_array_spaced(v);
    for (size_t i = 0; i < w->n_dests; i++) {
        ad_pdfv_text(v, w->dests[i].name);
        S_dest_array(v, w->dests[i].page, w->dests[i].x, w->dests[i].y);
    }
    ad_pdf_obj(&w->f, names, v);
    return names;
}

static bool S_is_dest(const ad_pdfw *w, const char *name)
{
    for (size_t k = 0; name && k < w->n_dests; k++)
        if (strcmp(w->dests[k].name, name) == 0)
            return true;
    return false;
}

/* The outline (bookmarks); none: num 0. */
static ad_pdf_ref S_outline(ad_pdfw *w)
{
    if (!w->n_outl)
        return (ad_pdf_ref){0};
    ad_pdf_ref root = ad_pdf_alloc(&w->f);
    for (size_t i = 0; i < w->n_outl; i++)
        w->outl[i].obj = ad_pdf_alloc(&w->f);
    int first = 0, last = 0;
    for (size_t i = 0; i < w->n_outl; i++) { /* chain the top level */
        S_outl *o = &w->outl[i];
        if (o->parent)
            continue;
        if (last) {
            w->outl[last - 1].next = (int)i + 1;
            o->prev = last;
        }
        if (!first)
            first = (int)i + 1;
        last = (int)i + 1;
    }
    int total = S_visible(w, 0, first);
    ad_pdfv *v = &w->v;
    for (size_t i = 0; i < w->n_outl; i++) {
        S_outl *o = &w->outl[i];
        ad_pdfv_dict(v);
        ad_pdfv_key(v, "Title");
        ad_pdfv_text(v, o->title);
        ad_pdfv_key(v, "Parent");
        ad_pdfv_ref(v, o->parent ? w->outl[o->parent - 1].obj : root);
        if (o->prev) {
            ad_pdfv_key(v, "Prev");
            ad_pdfv_ref(v, w->outl[o->prev - 1].obj);
        }
        if (o->next) {
            ad_pdfv_key(v, "Next");
            ad_pdfv_ref(v, w->outl[o->next - 1].obj);
        }
        if (o->first) {
            ad_pdfv_key(v, "First");
            ad_pdfv_ref(v, w->outl[o->first - 1].obj);
            ad_pdfv_key(v, "Last");
            ad_pdfv_ref(v, w->outl[o->last - 1].obj);
            ad_pdfv_key(v, "Count");
            ad_pdfv_int(v, o->count);
        }
        ad_pdfv_key(v, "Dest");
        if (S_is_dest(w, o->dest))
            ad_pdfv_text(v, o->dest);
        else
            S_dest_array(v, o->page, o->x, o->y);
        ad_pdf_obj(&w->f, o->obj, v);
    }
    ad_pdfv_dict_of(v, "Outlines", NULL);
    ad_pdfv_key(v, "First");
    ad_pdfv_ref(v, w->outl[first - 1].obj);
    ad_pdfv_key(v, "Last");
    ad_pdfv_ref(v, w->outl[last - 1].obj);
    ad_pdfv_key(v, "Count");
    ad_pdfv_int(v, total);
    ad_pdf_obj(&w->f, root, v);
    return root;
}

/* The document information dictionary. */
static ad_pdf_ref S_info(ad_pdfw *w)
{
    ad_pdf_ref info = ad_pdf_alloc(&w->f);
    ad_pdfv *v = &w->v;
    ad_pdfv_dict(v);
    for (int i = 0; i < 5; i++)
        if (w->info[i]) {
            ad_pdfv_key(v, S_info_keys[i]);
            ad_pdfv_text(v, w->info[i]);
        }
    ad_pdfv_key(v, "Producer");
    ad_pdfv_text(v, "auditdoc");
    if (w->has_date) {
        ad_pdfv_key(v, "CreationDate");
        ad_pdfv_date(v, w->date);
        ad_pdfv_key(v, "ModDate");
        ad_pdfv_date(v, w->date);
    }
    ad_pdf_obj(&w->f, info, v);
    return info;
}

/* The XMP metadata stream: the information dictionary's facts and, with an
 * output intent, the PDF/A-1b claim.  Not compressed: PDF/A wants it
 * readable without a PDF parser. */
static ad_pdf_ref S_metadata(ad_pdfw *w)
{
    ad_pdf_xmp_facts x = {
        .title = w->info[0], .author = w->info[1], .subject = w->info[2],
        .keywords = w->info[3], .creator = w->info[4], .producer = "auditdoc",
        .date = w->date, .has_date = w->has_date,
        .pdfa_part = w->icc ? 1 : 0, .pdfa_conformance = "B",
        .pdfua_part = w->tree ? 1 : 0,
    };
    size_t len;
    char *xmp = ad_pdf_xmp(&x, &len);
    ad_pdf_ref r = ad_pdf_alloc(&w->f);
    ad_pdfv *v = &w->v;
    ad_pdfv_dict_of(v, "Metadata", "XML");
    ad_pdf_stream(&w->f, r, v, xmp, len, false);
    free(xmp);
    return r;
}

/* The catalog's /OutputIntents array (and the profile's stream) into e. */
static void S_output_intents(ad_pdfw *w, ad_pdf_entry *e)
{
    ad_pdf_ref profile = ad_pdf_alloc(&w->f);
    ad_pdfv *v = &w->v;
    ad_pdfv_dict(v);
    ad_pdfv_key(v, "N");
    ad_pdfv_int(v, 3);
    /* not deflated: the sRGB profile (3 KB, mostly its sampled tone curve)
     * hardly shrinks, and deflating it cost more than the rest of PDF/A */
    ad_pdf_stream(&w->f, profile, v, w->icc, w->icc_len, false);
    e->key = "OutputIntents";
    ad_pdfv *o = &e->value;
    ad_pdfv_array(o);
    ad_pdfv_dict_of(o, "OutputIntent", NULL);
    ad_pdfv_key(o, "S");
    ad_pdfv_name(o, "GTS_PDFA1");
    ad_pdfv_key(o, "OutputConditionIdentifier");
    ad_pdfv_text(o, w->icc_name);
    ad_pdfv_key(o, "Info");
    ad_pdfv_text(o, w->icc_name);
    ad_pdfv_key(o, "DestOutputProfile");
    ad_pdfv_ref(o, profile);
    ad_pdfv_end(o);
    ad_pdfv_end(o);
}

/* The catalog: its own entries, then the n optional ones in extra. */
static void S_catalog(ad_pdfw *w, ad_pdf_ref outlines, ad_pdf_ref names, const ad_pdf_entry *extra,
                      size_t n)
{
    ad_pdfv *v = &w->v;
    ad_pdfv_dict_of(v, "Catalog", NULL);
    ad_pdfv_key(v, "Pages");
    ad_pdfv_ref(v, w->pages);
    if (outlines.num) {
        ad_pdfv_key(v, "Outlines");
        ad_pdfv_ref(v, outlines);
        ad_pdfv_key(v, "PageMode");
        ad_pdfv_name(v, "UseOutlines");
    }
    if (names.num) {
        ad_pdfv_key(v, "Names");
        ad_pdfv_dict(v);
        ad_pdfv_key(v, "Dests");
        ad_pdfv_ref(v, names);
        ad_pdfv_end(v);
    }
    ad_pdfv_key(v, "ViewerPreferences");
    ad_pdfv_dict(v);
    ad_pdfv_key(v, "DisplayDocTitle");
    ad_pdfv_bool(v, true);
    ad_pdfv_end(v);
    if (w->lang) {
        ad_pdfv_key(v, "Lang");
        ad_pdfv_text(v, w->lang);
    }
    for (size_t i = 0; i < n; i++) {
        ad_pdfv_key(v, extra[i].key);
        ad_pdfv_value(v, &extra[i].value);
    }
    ad_pdf_obj(&w->f, w->catalog, v);
}

/* ---- tagged PDF ---------------------------------------------------------------- */

static ad_pdf_struct *S_tree(ad_pdfw *w)
{
    if (!w->tree)
        w->tree = ad_pdf_struct_new();
    return w->tree;
}

int ad_pdfw_struct(ad_pdfw *w, int parent, const char *type)
{
    return ad_pdf_struct_elem(S_tree(w), parent, type);
}

void ad_pdfw_struct_text(ad_pdfw *w, int elem, const char *key, const char *value)
{
    if (w->tree)
        ad_pdf_struct_text(w->tree, elem, key, value);
}

void ad_pdfw_struct_cell(ad_pdfw *w, int elem, char scope, int rowspan, int colspan)
{
    if (w->tree)
        ad_pdf_struct_cell(w->tree, elem, scope, rowspan, colspan);
}

void ad_pdfw_tag(ad_pdfw *w, int elem)
{
    w->want = elem;
    w->has_want = true;
}

void ad_pdfw_tag_end(ad_pdfw *w) { w->has_want = false; }

void ad_pdfw_link_tag(ad_pdfw *w, int elem, const char *contents)
{
    free(w->link_contents);
    w->link_elem = elem > 0 ? elem : 0;
    w->link_contents = elem > 0 && contents && *contents ? ad_xml_clean(contents) : NULL;
}

/* Ends the open marked-content sequence, if any. */
static void S_mc_close(ad_pdfw *w)
{
    if (!w->mc_open)
        return;
    if (w->mc_in_text)
        S_tj_end(w); /* the text object goes on after it */
    else
        S_text_end(w);
    ad_buf_puts(&w->content, "EMC\n");
    w->mc_open = false;
}

/* Before a mark is drawn in a tagged file: the marked-content sequence of
 * the element asked for (or an Artifact) is open.  text: glyphs come next,
 * and the sequence begins inside a text object, which the glyphs of the
 * next elements then continue (no BT, ET and Tf around each). */
static void S_mark(ad_pdfw *w, bool text)
{
    if (!w->tree)
        return;
    int tag = w->has_want ? w->want : AD_PDF_ARTIFACT;
    if (w->mc_open && w->open_tag == tag)
        return;
    while (w->spans > 0) /* a span ends with the sequence it is part of */
        ad_pdfw_span_end(w);
    S_mc_close(w);
    S_tj_end(w);
    if (text && !w->in_text) {
        ad_buf_puts(&w->content, "BT\n");
        w->in_text = true;
        w->t_font = -1;
    }
    w->mc_in_text = w->in_text;
    ad_buf *c = &w->content;
    int mcid = tag > 0 ? ad_pdf_struct_mcid(w->tree, tag, w->n_pages - 1, w->page) : -1;
    if (mcid >= 0) {
        /* a line with ActualText is a /Span sequence (text layers read
         * ActualText on Span only); its MCID still belongs to the element */
        ad_buf_putc(c, '/');
        ad_buf_puts(c, w->mc_actual ? "Span" : ad_pdf_struct_type(w->tree, tag));
        ad_buf_puts(c, " <</MCID ");
        ad_pdf_num(c, mcid);
        if (w->mc_actual) {
            ad_pdfv v = {0};
            ad_pdfv_text(&v, w->mc_actual);
            ad_buf_puts(c, " /ActualText ");
            ad_buf_put(c, v.b.s, v.b.len);
            ad_pdfv_free(&v);
        }
        ad_buf_puts(c, ">> BDC\n");
    } else if (tag == AD_PDF_PAGINATION) {
        ad_buf_puts(c, "/Artifact <</Type /Pagination>> BDC\n");
    } else {
        ad_buf_puts(c, "/Artifact BMC\n");
    }
    w->open_tag = tag;
    w->mc_open = true;
}

/* The catalog's /MarkInfo and /StructTreeRoot, after the n entries of e. */
static size_t S_struct_entries(ad_pdfw *w, ad_pdf_entry *e, size_t n)
{
    e[n].key = "MarkInfo";
    ad_pdfv_dict(&e[n].value);
    ad_pdfv_key(&e[n].value, "Marked");
    ad_pdfv_bool(&e[n].value, true);
    ad_pdfv_end(&e[n].value);
    n++;
    e[n].key = "StructTreeRoot";
    ad_pdfv_ref(&e[n].value, ad_pdf_struct_write(w->tree, &w->f, &w->v));
    return n + 1;
}

static void S_free(ad_pdfw *w)
{
    for (size_t i = 0; i < w->n_fonts; i++)
        ad_pdf_subset_free(w->fonts[i].sub);
    free(w->fonts);
    for (size_t i = 0; i < w->n_dests; i++) {
        free(w->dests[i].name);
        free(w->dests[i].key);
    }
    free(w->dests);
    for (size_t i = 0; i < w->n_outl; i++) {
        free(w->outl[i].title);
        free(w->outl[i].dest);
    }
    free(w->outl);
    for (int i = 0; i < 5; i++)
        free(w->info[i]);
    free(w->lang);
    free(w->icc);
    free(w->icc_name);
    free(w->page_refs);
    free(w->annots);
    free(w->saved_rgb);
    ad_pdf_struct_free(w->tree);
    free(w->link_contents);
    ad_buf_free(&w->content);
    ad_pdfv_free(&w->v);
    ad_pdf_file_dispose(&w->f);
    free(w);
}

ad_status ad_pdfw_finish(ad_pdfw *w, const char *path, ad_err *e)
{
    if (!w->n_pages)
        ad_pdfw_page(w, 595.276, 841.89);
    S_end_page(w);
    bool ok = S_resources(w, e);
    S_pages(w);
    ad_pdf_ref names = S_names(w);
    ad_pdf_ref outlines = S_outline(w);
    ad_pdf_ref info = S_info(w);
    ad_pdf_entry extra[4];
    memset(extra, 0, sizeof extra);
    extra[0].key = "Metadata";
    size_t n_extra = 1;
    ad_pdfv_ref(&extra[0].value, S_metadata(w));
    if (w->icc)
        S_output_intents(w, &extra[n_extra++]);
    if (w->tree)
        n_extra = S_struct_entries(w, extra, n_extra);
    S_catalog(w, outlines, names, extra, n_extra);
    for (size_t i = 0; i < n_extra; i++)
        ad_pdfv_free(&extra[i].value);
    ad_pdf_xref(&w->f, w->catalog, info);

    if (!w->f.err && (fflush(w->f.out) != 0 || ferror(w->f.out)))
        w->f.err = errno ? errno : EIO;
    ad_status st = AD_OK;
    if (w->f.err)
        st = ad_fail(e, AD_ERR_IO, "%s: cannot write: %s", path, strerror(w->f.err));
    else if (!ok)
        st = e ? e->status : AD_ERR_FONT;
    S_free(w);
    return st;
}
