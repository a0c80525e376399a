/* pdf_writer.c — writes the PDF file the typesetter draws into (pdf.h):
 * objects and the cross-reference table, one compressed content stream per
 * page written as soon as the page ends (memory does not grow with the
 * document), link annotations, named destinations, the outline, document
 * information, and the fonts (pdf_font.c) at the end.
 *
 * Everything is deterministic: objects are numbered in the order they are
 * made, names are sorted, the file identifier is a hash of the bytes, and
 * the dates are the ones given. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libdeflate.h>

#include "pdf.h"

/* libdeflate's fastest level: font subsets (most of a file) shrink to 72 %
 * of their size at level 1 and to 69 % at level 6, which takes twice as long. */
#define S_DEFLATE_LEVEL 1

typedef struct {
    char *name;
    char *key; /* the bytes of the name as a PDF string: what the name tree sorts */
    size_t key_len;
    int page_obj;
    double x, y; /* PDF coordinates */
} S_dest;

typedef struct {
    int parent;
    char *title;
    char *dest;
    int page_obj;
    double x, y;
    bool open;
    int first, last, next, prev, count, obj;
} S_outl;

typedef struct {
    ad_sfnt *sf;
    ad_pdf_subset *sub;
} S_font;

struct ad_pdfw {
    FILE *out;
    long long off;
    int err;
    uint32_t id[2]; /* CRC-32 and Adler-32 of the bytes written: the file identifier */
    struct libdeflate_compressor *z;
    bool compress_fonts;
    long long *xref; /* by object number; 0 = not written */
    size_t n_obj, cap_obj;
    int pages_obj;
    int *page_objs;
    size_t n_pages, cap_pages;
    /* the current page */
    double pw, ph;
    int page_obj;
    ad_buf content;
    ad_buf annots; /* "n 0 R " ... */
    uint32_t rgb;  /* fill colour in the content stream */
    /* the open text object: glyph runs of one line continue one TJ array */
    bool in_text, in_tj, in_str;
    int t_font;
    double t_size, t_pen, t_base; /* pen and baseline, PDF coordinates */
    uint32_t *saved_rgb;
    size_t n_saved, cap_saved;
    S_font *fonts;
    size_t n_fonts, cap_fonts;
    S_dest *dests;
    size_t n_dests, cap_dests;
    S_outl *outl;
    size_t n_outl, cap_outl;
    char *info[5];
    char *lang;            /* the catalog's /Lang, or NULL */
    long long date;
    bool has_date;
    ad_buf tmp;
};

static const char *const S_info_keys[5] = {"Title", "Author", "Subject", "Keywords", "Creator"};

/* ---- output ---------------------------------------------------------------- */

static void S_write(ad_pdfw *w, const void *p, size_t n)
{
    if (w->err || n == 0)
        return;
    w->id[0] = libdeflate_crc32(w->id[0], p, n);
    w->id[1] = libdeflate_adler32(w->id[1], p, n);
    if (fwrite(p, 1, n, w->out) != n)
        w->err = errno ? errno : EIO;
    w->off += (long long)n;
}

static void S_puts(ad_pdfw *w, const char *s) { S_write(w, s, strlen(s)); }

static int S_new_obj(ad_pdfw *w)
{
    AD_VEC_PUSH(w->xref, w->n_obj, w->cap_obj) = 0;
    return (int)w->n_obj; /* object numbers start at 1 */
}

static void S_begin_obj(ad_pdfw *w, int obj)
{
    w->xref[obj - 1] = w->off;
    char h[32];
    snprintf(h, sizeof h, "%d 0 obj\n", obj);
    S_puts(w, h);
}

/* Writes obj as a dictionary (dict, without << >>) with a stream of data,
 * deflated when compress. */
static void S_stream_obj(ad_pdfw *w, int obj, const char *dict, const void *data, size_t len,
                         bool compress)
{
    unsigned char *z = NULL;
    size_t zlen = 0;
    if (compress && w->z) {
        size_t cap = libdeflate_zlib_compress_bound(w->z, len);
        z = ad_xmalloc(cap);
        zlen = libdeflate_zlib_compress(w->z, data, len, z, cap);
        if (zlen == 0) {
            free(z);
            z = NULL;
        }
    }
    S_begin_obj(w, obj);
    ad_buf_printf(&w->tmp, "<<%s%s /Length %lu >>\nstream\n", dict, z ? " /Filter /FlateDecode" : "",
                  z ? (unsigned long)zlen : (unsigned long)len);
    S_write(w, w->tmp.s, w->tmp.len);
    w->tmp.len = 0;
    if (z)
        S_write(w, z, zlen);
    else
        S_write(w, data, len);
    S_puts(w, "\nendstream\nendobj\n");
    free(z);
}

static void S_dict_obj(ad_pdfw *w, int obj, const char *body)
{
    S_begin_obj(w, obj);
    S_puts(w, body);
    S_puts(w, "\nendobj\n");
}

/* The bytes of s as a PDF text string: s itself when it is printable ASCII
 * (returns true: written as a literal), else a byte-order mark and UTF-16BE
 * (written in hex).  The name tree sorts by these bytes. */
static bool S_string_bytes(ad_buf *k, const char *s)
{
    bool ascii = true;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7E)
            ascii = false;
    if (ascii) {
        ad_buf_puts(k, s);
    } else {
        ad_buf_put(k, "\xFE\xFF", 2);
        ad_pdf_utf16be(k, s);
    }
    return ascii;
}

/* A PDF text string: literal for printable ASCII, else UTF-16BE with a BOM. */
static void S_text_string(ad_buf *b, const char *s)
{
    ad_buf k = {0};
    if (S_string_bytes(&k, s)) {
        ad_buf_putc(b, '(');
        for (const char *p = s; *p; p++) {
            if (*p == '(' || *p == ')' || *p == '\\')
                ad_buf_putc(b, '\\');
            ad_buf_putc(b, *p);
        }
        ad_buf_putc(b, ')');
    } else {
        ad_buf_putc(b, '<');
        ad_pdf_hex(b, k.s, k.len);
        ad_buf_putc(b, '>');
    }
    ad_buf_free(&k);
}

/* ---- the document ------------------------------------------------------------ */

ad_pdfw *ad_pdfw_new(FILE *out)
{
    ad_pdfw *w = ad_xcalloc(1, sizeof *w);
    w->out = out;
    w->id[0] = 0;
    w->id[1] = 1;
    w->z = libdeflate_alloc_compressor(S_DEFLATE_LEVEL);
    w->compress_fonts = true;
    S_puts(w, "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
    S_new_obj(w); /* 1: catalog */
    w->pages_obj = S_new_obj(w);
    S_new_obj(w); /* 3: resources */
    return w;
}

void ad_pdfw_set_info(ad_pdfw *w, const char *key, const char *value)
{
    for (int i = 0; i < 5; i++)
        if (strcmp(key, S_info_keys[i]) == 0) {
            free(w->info[i]);
            w->info[i] = value && *value ? ad_xstrdup(value) : NULL;
        }
}

void ad_pdfw_set_lang(ad_pdfw *w, const char *lang)
{
    free(w->lang);
    w->lang = lang && *lang ? ad_xstrdup(lang) : NULL;
}

void ad_pdfw_compress_fonts(ad_pdfw *w, bool on) { w->compress_fonts = on; }

void ad_pdfw_set_date(ad_pdfw *w, long long when)
{
    w->date = when;
    w->has_date = true;
}

static void S_text_end(ad_pdfw *w);

static void S_end_page(ad_pdfw *w)
{
    if (!w->page_obj)
        return;
    S_text_end(w);
    while (w->n_saved)
        ad_pdfw_clip_end(w);
    int content = S_new_obj(w);
    S_stream_obj(w, content, "", w->content.s ? w->content.s : "", w->content.len, true);
    w->content.len = 0;
    ad_buf b = {0};
    ad_buf_printf(&b, "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 ", w->pages_obj);
    ad_pdf_num(&b, w->pw);
    ad_buf_putc(&b, ' ');
    ad_pdf_num(&b, w->ph);
    ad_buf_printf(&b, "] /Resources 3 0 R /Contents %d 0 R", content);
    if (w->annots.len)
        ad_buf_printf(&b, " /Annots [%s]", w->annots.s);
    ad_buf_puts(&b, " >>");
    S_dict_obj(w, w->page_obj, b.s);
    ad_buf_free(&b);
    w->annots.len = 0;
    if (w->annots.s)
        w->annots.s[0] = 0;
    w->page_obj = 0;
}

void ad_pdfw_page(ad_pdfw *w, double width, double height)
{
    S_end_page(w);
    w->pw = width;
    w->ph = height;
    w->page_obj = S_new_obj(w);
    AD_VEC_PUSH(w->page_objs, w->n_pages, w->cap_pages) = w->page_obj;
    w->rgb = 0;
}

int ad_pdfw_page_no(const ad_pdfw *w) { return (int)w->n_pages; }

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
    if (!w->page_obj)
        return;
    S_text_end(w);
    S_color(w, rgb, false);
    S_rect(w, x, y, wd, ht);
    ad_buf_puts(&w->content, "f\n");
}

void ad_pdfw_stroke_rects(ad_pdfw *w, uint32_t rgb, double line_w, const double *r, size_t n)
{
    if (!w->page_obj || n == 0)
        return;
    S_text_end(w);
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
    if (!w->page_obj)
        return;
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
    if (!w->page_obj || n == 0 || font < 0 || (size_t)font >= w->n_fonts || size <= 0)
        return;
    ad_pdf_subset *sub = w->fonts[font].sub;
    ad_buf *c = &w->content;
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
        unsigned cid = ad_pdf_subset_cid(sub, g[i].gid, g[i].text, g[i].text_len);
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

/* ---- navigation ------------------------------------------------------------------- */

void ad_pdfw_dest(ad_pdfw *w, const char *name, double x, double y)
{
    if (!w->page_obj || !name || !*name)
        return;
    for (size_t i = 0; i < w->n_dests; i++)
        if (strcmp(w->dests[i].name, name) == 0)
            return;
    AD_VEC_PUSH(w->dests, w->n_dests, w->cap_dests) =
        (S_dest){.name = ad_xstrdup(name), .page_obj = w->page_obj, .x = x, .y = w->ph - y};
}

void ad_pdfw_link(ad_pdfw *w, double x, double y, double wd, double ht, const char *dest)
{
    if (!w->page_obj || !dest || !*dest)
        return;
    int obj = S_new_obj(w);
    ad_buf b = {0};
    ad_buf_puts(&b, "<< /Type /Annot /Subtype /Link /Rect [");
    ad_pdf_num(&b, x);
    ad_buf_putc(&b, ' ');
    ad_pdf_num(&b, w->ph - y - ht);
    ad_buf_putc(&b, ' ');
    ad_pdf_num(&b, x + wd);
    ad_buf_putc(&b, ' ');
    ad_pdf_num(&b, w->ph - y);
    ad_buf_puts(&b, "] /Border [0 0 0] /Dest ");
    S_text_string(&b, dest);
    ad_buf_puts(&b, " >>");
    S_dict_obj(w, obj, b.s);
    ad_buf_free(&b);
    ad_buf_printf(&w->annots, "%s%d 0 R", w->annots.len ? " " : "", obj);
}

int ad_pdfw_outline(ad_pdfw *w, int parent, const char *title, const char *dest, double x,
                    double y, bool open)
{
    if (!w->page_obj || parent < 0 || (size_t)parent > w->n_outl)
        return 0;
    S_outl o = {0};
    o.parent = parent;
    o.title = ad_xstrdup(title ? title : "");
    o.dest = dest && *dest ? ad_xstrdup(dest) : NULL;
    o.page_obj = w->page_obj;
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
    S_string_bytes(&k, d->name);
    d->key_len = k.len;
    d->key = ad_buf_take(&k);
}

static void S_dest_array(ad_buf *b, int page_obj, double x, double y)
{
    ad_buf_printf(b, "[%d 0 R /XYZ ", page_obj);
    ad_pdf_num(b, x);
    ad_buf_putc(b, ' ');
    ad_pdf_num(b, y);
    ad_buf_puts(b, " 0]");
}

static void S_date(ad_buf *b, long long when)
{
    time_t t = (time_t)when;
    struct tm tm;
    char s[40];
    if (gmtime_r(&t, &tm) && strftime(s, sizeof s, "(D:%Y%m%d%H%M%SZ)", &tm) > 0)
        ad_buf_puts(b, s);
    else
        ad_buf_puts(b, "(D:19700101000000Z)");
}

static void S_fonts(ad_pdfw *w, ad_buf *res, ad_err *e, bool *ok)
{
    ad_buf b = {0};
    ad_buf_puts(res, "<< /Font <<");
    for (size_t i = 0; i < w->n_fonts; i++) {
        ad_pdf_font_data fd;
        if (!ad_pdf_subset_build(w->fonts[i].sub, &fd, e)) {
            *ok = false;
            continue;
        }
        int type0 = S_new_obj(w), cid = S_new_obj(w), desc = S_new_obj(w), file = S_new_obj(w),
            tu = S_new_obj(w);
        ad_buf_printf(res, " /F%zu %d 0 R", i + 1, type0);
        ad_buf_printf(&b, " /Length1 %zu", fd.file_len);
        S_stream_obj(w, file, b.s, fd.file, fd.file_len, w->compress_fonts);
        b.len = 0;
        S_stream_obj(w, tu, "", fd.tounicode, strlen(fd.tounicode), true);
        ad_buf_printf(&b,
                      "<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H "
                      "/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>",
                      fd.base_font, cid, tu);
        S_dict_obj(w, type0, b.s);
        b.len = 0;
        ad_buf_printf(&b,
                      "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo "
                      "<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                      "/FontDescriptor %d 0 R /CIDToGIDMap /Identity /DW 1000 /W [%s] >>",
                      fd.base_font, desc, fd.widths);
        S_dict_obj(w, cid, b.s);
        b.len = 0;
        ad_buf_printf(&b,
                      "<< /Type /FontDescriptor /FontName /%s /Flags 4 /FontBBox [%d %d %d %d] "
                      "/ItalicAngle 0 /Ascent %d /Descent %d /CapHeight %d /StemV 80 "
                      "/FontFile2 %d 0 R >>",
                      fd.base_font, fd.bbox[0], fd.bbox[1], fd.bbox[2], fd.bbox[3], fd.ascent,
                      fd.descent, fd.cap_height, file);
        S_dict_obj(w, desc, b.s);
        b.len = 0;
        ad_pdf_font_data_free(&fd);
    }
    ad_buf_puts(res, " >> >>");
    ad_buf_free(&b);
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
    free(w->xref);
    free(w->page_objs);
    free(w->saved_rgb);
    ad_buf_free(&w->content);
    ad_buf_free(&w->annots);
    ad_buf_free(&w->tmp);
    if (w->z)
        libdeflate_free_compressor(w->z);
    free(w);
}

ad_status ad_pdfw_finish(ad_pdfw *w, const char *path, ad_err *e)
{
    if (!w->n_pages)
        ad_pdfw_page(w, 595.276, 841.89);
    S_end_page(w);
    bool ok = true;
    ad_buf b = {0};

    /* resources (object 3) and fonts */
    S_fonts(w, &b, e, &ok);
    S_dict_obj(w, 3, b.s);
    b.len = 0;

    /* pages tree */
    ad_buf_puts(&b, "<< /Type /Pages /Kids [");
    for (size_t i = 0; i < w->n_pages; i++)
        ad_buf_printf(&b, "%s%d 0 R", i ? " " : "", w->page_objs[i]);
    ad_buf_printf(&b, "] /Count %zu >>", w->n_pages);
    S_dict_obj(w, w->pages_obj, b.s);
    b.len = 0;

    /* named destinations */
    int names = 0;
    if (w->n_dests) {
        for (size_t i = 0; i < w->n_dests; i++)
            S_string_key(&w->dests[i]);
        qsort(w->dests, w->n_dests, sizeof *w->dests, S_cmp_dest);
        names = S_new_obj(w);
        ad_buf_puts(&b, "<< /Names [");
        for (size_t i = 0; i < w->n_dests; i++) {
            ad_buf_putc(&b, ' ');
            S_text_string(&b, w->dests[i].name);
            ad_buf_putc(&b, ' ');
            S_dest_array(&b, w->dests[i].page_obj, w->dests[i].x, w->dests[i].y);
        }
        ad_buf_puts(&b, " ] >>");
        S_dict_obj(w, names, b.s);
        b.len = 0;
    }

    /* outline */
    int outlines = 0;
    if (w->n_outl) {
        outlines = S_new_obj(w);
        for (size_t i = 0; i < w->n_outl; i++)
            w->outl[i].obj = S_new_obj(w);
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
        for (size_t i = 0; i < w->n_outl; i++) {
            S_outl *o = &w->outl[i];
            ad_buf_puts(&b, "<< /Title ");
            S_text_string(&b, o->title);
            ad_buf_printf(&b, " /Parent %d 0 R",
                          o->parent ? w->outl[o->parent - 1].obj : outlines);
            if (o->prev)
                ad_buf_printf(&b, " /Prev %d 0 R", w->outl[o->prev - 1].obj);
            if (o->next)
                ad_buf_printf(&b, " /Next %d 0 R", w->outl[o->next - 1].obj);
            if (o->first)
                ad_buf_printf(&b, " /First %d 0 R /Last %d 0 R /Count %d", w->outl[o->first - 1].obj,
                              w->outl[o->last - 1].obj, o->count);
            ad_buf_puts(&b, " /Dest ");
            bool named = false;
            for (size_t k = 0; o->dest && k < w->n_dests && !named; k++)
                named = strcmp(w->dests[k].name, o->dest) == 0;
            if (named)
                S_text_string(&b, o->dest);
            else
                S_dest_array(&b, o->page_obj, o->x, o->y);
            ad_buf_puts(&b, " >>");
            S_dict_obj(w, o->obj, b.s);
            b.len = 0;
        }
        ad_buf_printf(&b, "<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>",
                      w->outl[first - 1].obj, w->outl[last - 1].obj, total);
        S_dict_obj(w, outlines, b.s);
        b.len = 0;
    }

    /* information */
    int info = S_new_obj(w);
    ad_buf_puts(&b, "<<");
    for (int i = 0; i < 5; i++)
        if (w->info[i]) {
            ad_buf_printf(&b, " /%s ", S_info_keys[i]);
            S_text_string(&b, w->info[i]);
        }
    ad_buf_puts(&b, " /Producer (auditdoc)");
    if (w->has_date) {
        ad_buf_puts(&b, " /CreationDate ");
        S_date(&b, w->date);
        ad_buf_puts(&b, " /ModDate ");
        S_date(&b, w->date);
    }
    ad_buf_puts(&b, " >>");
    S_dict_obj(w, info, b.s);
    b.len = 0;

    /* catalog */
    ad_buf_printf(&b, "<< /Type /Catalog /Pages %d 0 R", w->pages_obj);
    if (outlines)
        ad_buf_printf(&b, " /Outlines %d 0 R /PageMode /UseOutlines", outlines);
    if (names)
        ad_buf_printf(&b, " /Names << /Dests %d 0 R >>", names);
    ad_buf_puts(&b, " /ViewerPreferences << /DisplayDocTitle true >>");
    if (w->lang) {
        ad_buf_puts(&b, " /Lang ");
        S_text_string(&b, w->lang);
    }
    ad_buf_puts(&b, " >>");
    S_dict_obj(w, 1, b.s);
    b.len = 0;

    /* cross-reference table and trailer */
    long long xref = w->off;
    ad_buf_printf(&b, "xref\n0 %zu\n0000000000 65535 f \n", w->n_obj + 1);
    for (size_t i = 0; i < w->n_obj; i++)
        ad_buf_printf(&b, "%010lld 00000 n \n", w->xref[i]);
    ad_buf_printf(&b,
                  "trailer\n<< /Size %zu /Root 1 0 R /Info %d 0 R /ID [<%08lX%08lX%016llX> "
                  "<%08lX%08lX%016llX>] >>\nstartxref\n%lld\n%%%%EOF\n",
                  w->n_obj + 1, info, (unsigned long)w->id[0], (unsigned long)w->id[1],
                  (unsigned long long)xref, (unsigned long)w->id[0], (unsigned long)w->id[1],
                  (unsigned long long)xref, xref);
    S_write(w, b.s, b.len);
    ad_buf_free(&b);

    if (!w->err && (fflush(w->out) != 0 || ferror(w->out)))
        w->err = errno ? errno : EIO;
    ad_status st = AD_OK;
    if (w->err)
        st = ad_fail(e, AD_ERR_IO, "%s: cannot write: %s", path, strerror(w->err));
    else if (!ok)
        st = e ? e->status : AD_ERR_FONT;
    S_free(w);
    return st;
}
