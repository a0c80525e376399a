/* pdf_font.c — TrueType fonts for the PDF writer: a font as its reader
 * gives it (ad_sfnt_source: HarfBuzz in fonts_hb.c, shared by every PDF of
 * a process) and the subset one PDF uses, cut from its raw tables.
 *
 * The character map, advances, PostScript name and underline come from the
 * reader; this file parses only what a subset is made of: glyf and loca,
 * the head, hhea and maxp it rewrites, each glyph's left side bearing (for
 * the subset's hmtx; HarfBuzz 6 has no call for it) and the OS/2 cap height.
 *
 * The subset keeps the glyphs a document draws, numbered 1, 2, ... in the
 * order of first use (those numbers are the CIDs in the content streams),
 * plus the components of composite glyphs; it keeps the hinting tables
 * (cvt, fpgm, prep) and the glyphs' own instructions, as a PDF TrueType
 * font should, and drops the rest (cmap, layout tables).  The ToUnicode map
 * comes from the text Pango shaped each glyph from.  The font's objects
 * (Type 0 font, CIDFont, descriptor, program, ToUnicode, CIDSet) are written here
 * through the object layer (pdf_obj.c).
 *
 * Every offset read from a table is checked against the table it is in: a
 * damaged font gives an error, never a read outside its bytes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_int.h"

typedef struct {
    const unsigned char *p;
    size_t len;
} S_tab;

struct ad_sfnt {
    ad_sfnt_source src;
    char *path;
    char ps_name[64];
    S_tab head, hhea, maxp, hmtx, loca, glyf, cvt, fpgm, prep, os2;
    unsigned upem, n_glyphs, n_hmetrics;
    bool long_loca;
    /* per glyph: its advance + 1 once asked, 0 before (the source answers
     * through HarfBuzz, and the typesetter asks for every glyph it draws) */
    uint32_t *adv;
};

static unsigned S_u16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static int S_s16(const unsigned char *p) { return (int16_t)S_u16(p); }
static uint32_t S_u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static void S_put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}
static void S_put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* ---- the font ------------------------------------------------------------ */

/* The PostScript name as a PDF font name may hold it: letters, digits, - and
 * _ only ("Font" when nothing is left). */
static void S_ps_name(ad_sfnt *f, const char *name)
{
    size_t o = 0;
    for (const char *c = name ? name : ""; *c && o + 1 < sizeof f->ps_name; c++)
        if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
            *c == '-' || *c == '_')
            f->ps_name[o++] = *c;
    f->ps_name[o] = 0;
    if (!o)
        strcpy(f->ps_name, "Font");
}

static S_tab S_table(const ad_sfnt_source *src, const char *tag)
{
    S_tab t = {0};
    if (src->table)
        t.p = src->table(src->ctx, tag, &t.len);
    if (!t.p)
        t.len = 0;
    return t;
}

/* Where glyph g starts in glyf, from loca (g <= n_glyphs). */
static size_t S_loca(const ad_sfnt *f, uint32_t g)
{
    return f->long_loca ? S_u32(f->loca.p + 4 * g) : 2 * (size_t)S_u16(f->loca.p + 2 * g);
}

ad_sfnt *ad_sfnt_new(const ad_sfnt_source *src, ad_err *e)
{
    ad_sfnt *f = ad_xcalloc(1, sizeof *f);
    f->src = *src;
    f->path = ad_xstrdup(src->path ? src->path : "(font)");
    f->head = S_table(src, "head");
    f->hhea = S_table(src, "hhea");
    f->maxp = S_table(src, "maxp");
    f->hmtx = S_table(src, "hmtx");
    f->loca = S_table(src, "loca");
    f->glyf = S_table(src, "glyf");
    f->cvt = S_table(src, "cvt ");
    f->fpgm = S_table(src, "fpgm");
    f->prep = S_table(src, "prep");
    f->os2 = S_table(src, "OS/2");
    const char *why = NULL;
    if (f->head.len < 54 || f->hhea.len < 36 || f->maxp.len < 6 || !f->loca.len ||
        !f->glyf.p || !f->hmtx.len)
        why = "lacks a table a PDF font needs (head, hhea, maxp, hmtx, loca, glyf), or one is "
              "damaged";
    if (!why) {
        f->upem = src->upem;
        f->long_loca = S_s16(f->head.p + 50) == 1;
        f->n_glyphs = src->n_glyphs;
        f->n_hmetrics = S_u16(f->hhea.p + 34);
        if (f->upem < 16 || f->n_glyphs == 0 || f->n_glyphs > 0xFFFF || f->n_hmetrics == 0 ||
            f->n_hmetrics > f->n_glyphs)
            why = "is damaged (head, maxp or hhea)";
        else if (f->loca.len < (size_t)(f->n_glyphs + 1) * (f->long_loca ? 4 : 2))
            why = "is damaged (loca too short)";
        else if (f->hmtx.len < 4 * (size_t)f->n_hmetrics + 2 * (size_t)(f->n_glyphs - f->n_hmetrics))
            why = "is damaged (hmtx too short)";
        else if (S_loca(f, f->n_glyphs) > f->glyf.len) /* a table cut short, a file truncated */
            why = "is damaged (glyf shorter than loca says)";
    }
    if (why) {
        ad_fail(e, AD_ERR_FONT, "%s: the font %s", f->path, why);
        ad_sfnt_close(f);
        return NULL;
    }
    S_ps_name(f, src->ps_name);
    f->adv = ad_xcalloc(f->n_glyphs, sizeof *f->adv);
    return f;
}

void ad_sfnt_close(ad_sfnt *f)
{
    if (!f)
        return;
    if (f->src.release)
        f->src.release(f->src.ctx);
    free(f->path);
    free(f->adv);
    free(f);
}

unsigned ad_sfnt_upem(const ad_sfnt *f) { return f->upem; }

void ad_sfnt_underline(const ad_sfnt *f, int *position, int *thickness)
{
    if (f->src.has_underline) {
        *position = f->src.ul_position;
        *thickness = f->src.ul_thickness;
    } else {
        *position = -(int)f->upem / 10;
        *thickness = (int)f->upem / 20;
    }
}

unsigned ad_sfnt_advance(const ad_sfnt *f, uint32_t g)
{
    if (g >= f->n_glyphs || !f->src.advance)
        return 0;
    if (!f->adv[g])
        f->adv[g] = f->src.advance(f->src.ctx, g) + 1u;
    return f->adv[g] - 1u;
}

/* The left side bearing of glyph g, from hmtx: the subset's hmtx keeps it. */
static int S_lsb(const ad_sfnt *f, uint32_t g)
{
    if (g < f->n_hmetrics)
        return S_s16(f->hmtx.p + 4 * g + 2);
    return S_s16(f->hmtx.p + 4 * f->n_hmetrics + 2 * (g - f->n_hmetrics));
}

uint32_t ad_sfnt_glyph_of(const ad_sfnt *f, uint32_t cp)
{
    uint32_t g = f->src.glyph_of ? f->src.glyph_of(f->src.ctx, cp) : 0;
    return g < f->n_glyphs ? g : 0;
}

/* The bytes of glyph g in glyf (len 0 for an empty glyph); false if damaged. */
static bool S_glyph(const ad_sfnt *f, uint32_t g, const unsigned char **p, size_t *len)
{
    size_t a = S_loca(f, g), b = S_loca(f, g + 1);
    if (b < a || b > f->glyf.len)
        return false;
    *p = f->glyf.p + a;
    *len = b - a;
    return true;
}

/* ---- the subset ----------------------------------------------------------- */

struct ad_pdf_subset {
    ad_sfnt *sf;
    uint32_t *cid_of;   /* per glyph of the file; 0 = not used */
    uint32_t *gid_of;   /* per CID */
    double *width;      /* per CID: advance in thousandths of an em, as in /W */
    char **text;        /* per CID: what it stands for (UTF-8), or NULL */
    int *extra;         /* per CID: font units added to the glyph's advance */
    size_t n, cap;
    unsigned *spaced;   /* the CIDs with extra != 0 (a walk finds one: they are few) */
    size_t n_spaced, cap_spaced;
};

static double S_w1000(const ad_sfnt *f, uint32_t g, int extra)
{
    return round(((int)ad_sfnt_advance(f, g) + extra) * 1000.0 / f->upem * 1000.0) / 1000.0;
}

ad_pdf_subset *ad_pdf_subset_new(ad_sfnt *sf)
{
    ad_pdf_subset *s = ad_xcalloc(1, sizeof *s);
    s->sf = sf;
    s->cid_of = ad_xcalloc(sf->n_glyphs, sizeof *s->cid_of);
    s->cap = 64;
    s->gid_of = ad_xmalloc(s->cap * sizeof *s->gid_of);
    s->width = ad_xmalloc(s->cap * sizeof *s->width);
    s->text = ad_xcalloc(s->cap, sizeof *s->text);
    s->extra = ad_xcalloc(s->cap, sizeof *s->extra);
    s->gid_of[0] = 0;
    s->width[0] = S_w1000(sf, 0, 0);
    s->n = 1;
    return s;
}

void ad_pdf_subset_free(ad_pdf_subset *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->text[i]);
    free(s->text);
    free(s->gid_of);
    free(s->width);
    free(s->extra);
    free(s->spaced);
    free(s->cid_of);
    free(s);
}

size_t ad_pdf_subset_count(const ad_pdf_subset *s) { return s->n; }

/* A new CID for glyph gid with its advance changed by extra font units;
 * 0 when the subset is full. */
static unsigned S_new_cid(ad_pdf_subset *s, uint32_t gid, int extra)
{
    if (s->n == 0xFFFF)
        return 0; /* a CID is two bytes: at most 65535 glyphs per font */
    if (s->n == s->cap) {
        s->cap *= 2;
        s->gid_of = ad_xrealloc(s->gid_of, s->cap * sizeof *s->gid_of);
        s->width = ad_xrealloc(s->width, s->cap * sizeof *s->width);
        s->text = ad_xrealloc(s->text, s->cap * sizeof *s->text);
        memset(s->text + s->n, 0, (s->cap - s->n) * sizeof *s->text);
        s->extra = ad_xrealloc(s->extra, s->cap * sizeof *s->extra);
    }
    s->gid_of[s->n] = gid;
    s->width[s->n] = S_w1000(s->sf, gid, extra);
    s->extra[s->n] = extra;
    return (unsigned)s->n++;
}

static unsigned S_add(ad_pdf_subset *s, uint32_t gid)
{
    if (gid == 0 || gid >= s->sf->n_glyphs)
        return 0;
    if (!s->cid_of[gid])
        s->cid_of[gid] = S_new_cid(s, gid, 0);
    return s->cid_of[gid];
}

/* The CID of gid with extra font units of advance, made on first use. */
static unsigned S_add_spaced(ad_pdf_subset *s, uint32_t gid, int extra)
{
    if (gid == 0 || gid >= s->sf->n_glyphs)
        return 0;
    int adv = (int)ad_sfnt_advance(s->sf, gid);
    if (extra == 0 || adv + extra < 0 || adv + extra > 0xFFFF)
        return S_add(s, gid);
    for (size_t i = 0; i < s->n_spaced; i++)
        if (s->extra[s->spaced[i]] == extra && s->gid_of[s->spaced[i]] == gid)
            return s->spaced[i];
    unsigned cid = S_new_cid(s, gid, extra);
    if (cid)
        AD_VEC_PUSH(s->spaced, s->n_spaced, s->cap_spaced) = cid;
    return cid;
}

/* Keeps text as cid's ToUnicode text unless it has one. */
static void S_set_text(ad_pdf_subset *s, unsigned cid, const char *text, size_t len);

unsigned ad_pdf_subset_cid_spaced(ad_pdf_subset *s, uint32_t gid, int extra, const char *text,
                                  size_t len)
{
    unsigned cid = S_add_spaced(s, gid, extra);
    S_set_text(s, cid, text, len);
    return cid;
}

unsigned ad_pdf_subset_cid(ad_pdf_subset *s, uint32_t gid, const char *text, size_t len)
{
    unsigned cid = S_add(s, gid);
    S_set_text(s, cid, text, len);
    return cid;
}

static void S_set_text(ad_pdf_subset *s, unsigned cid, const char *text, size_t len)
{
    if (cid && text && len && !s->text[cid]) {
        /* a CMap destination holds at most 512 bytes: clusters are far shorter */
        while (len > 64)
            do
                len--;
            while (len && ((unsigned char)text[len] & 0xC0) == 0x80);
        s->text[cid] = ad_xstrndup(text, len);
    }
}

double ad_pdf_subset_width(const ad_pdf_subset *s, unsigned cid)
{
    return cid < s->n ? s->width[cid] : 0;
}

/* The size of a composite glyph's component record with these flags:
 * flags and glyph index, arguments (words or bytes), then the transform
 * (a scale, x and y scales, or a 2x2 matrix). */
static size_t S_component_size(unsigned flags)
{
    size_t n = 4 + ((flags & 1) ? 4 : 2);
    if (flags & 8)
        n += 2;
    else if (flags & 0x40)
        n += 4;
    else if (flags & 0x80)
        n += 8;
    return n;
}

/* Adds the components of composite glyphs (and theirs) to the subset. */
static bool S_close_composites(ad_pdf_subset *s)
{
    for (size_t cid = 1; cid < s->n; cid++) {
        const unsigned char *g;
        size_t len;
        if (!S_glyph(s->sf, s->gid_of[cid], &g, &len))
            return false;
        if (len < 10 || S_s16(g) >= 0)
            continue;
        size_t o = 10;
        unsigned flags;
        do {
            if (o + 4 > len)
                return false;
            flags = S_u16(g + o);
            S_add(s, S_u16(g + o + 2));
            o += S_component_size(flags);
        } while (flags & 0x20);
    }
    return true;
}

/* Rewrites the component glyph numbers of a composite glyph copied to p. */
static void S_renumber(const ad_pdf_subset *s, unsigned char *g, size_t len)
{
    if (len < 10 || S_s16(g) >= 0)
        return;
    size_t o = 10;
    unsigned flags;
    do {
        if (o + 4 > len)
            return;
        flags = S_u16(g + o);
        unsigned gid = S_u16(g + o + 2);
        S_put16(g + o + 2, gid < s->sf->n_glyphs ? s->cid_of[gid] : 0);
        o += S_component_size(flags);
    } while (flags & 0x20);
}

static uint32_t S_checksum(const unsigned char *p, size_t len)
{
    uint32_t sum = 0;
    size_t i = 0;
    for (; i + 4 <= len; i += 4) {
        uint32_t v;
        memcpy(&v, p + i, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        sum += v;
#else
        sum += __builtin_bswap32(v); /* the tables are big-endian */
#endif
    }
    if (i < len) {
        unsigned char last[4] = {0};
        memcpy(last, p + i, len - i);
        sum += S_u32(last);
    }
    return sum;
}

typedef struct {
    char tag[5];
    unsigned char *data; /* owned */
    size_t len;
} S_out_tab;

static S_out_tab S_copy(const char *tag, const unsigned char *p, size_t len)
{
    S_out_tab t;
    memcpy(t.tag, tag, 5);
    t.data = ad_xmalloc(len ? len : 1);
    if (len)
        memcpy(t.data, p, len);
    t.len = len;
    return t;
}

static char *S_tounicode(const ad_pdf_subset *s)
{
    ad_buf b = {0}, u = {0};
    ad_buf_puts(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    size_t cid = 1;
    while (cid < s->n) {
        size_t k = 0, end = cid;
        while (end < s->n && k < 100) {
            if (s->text[end] && *s->text[end])
                k++;
            end++;
        }
        if (k) {
            ad_buf_printf(&b, "%zu beginbfchar\n", k);
            for (size_t c = cid; c < end; c++) {
                if (!s->text[c] || !*s->text[c])
                    continue;
                /* a CID is two bytes (S_new_cid): four hex digits, no printf */
                unsigned char be[2] = {(unsigned char)(c >> 8), (unsigned char)(c & 0xFF)};
                ad_buf_putc(&b, '<');
                ad_pdf_hex(&b, be, 2);
                ad_buf_put(&b, "> <", 3);
                u.len = 0;
                ad_pdf_utf16be(&u, s->text[c]);
                ad_pdf_hex(&b, u.s, u.len);
                ad_buf_puts(&b, ">\n");
            }
            ad_buf_puts(&b, "endbfchar\n");
        }
        cid = end;
    }
    ad_buf_puts(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    ad_buf_free(&u);
    return ad_buf_take(&b);
}

static int S_em(const ad_sfnt *f, int v) { return (int)lround(v * 1000.0 / f->upem); }

bool ad_pdf_subset_build(ad_pdf_subset *s, ad_pdf_font_data *out, ad_err *e)
{
    memset(out, 0, sizeof *out);
    const ad_sfnt *f = s->sf;
    if (!S_close_composites(s)) {
        ad_fail(e, AD_ERR_FONT, "%s: the font is damaged (a glyph lies outside glyf)", f->path);
        return false;
    }
    size_t n = s->n;
    /* glyf and loca */
    ad_buf glyf = {0};
    unsigned char *loca = ad_xmalloc(4 * (n + 1));
    for (size_t cid = 0; cid < n; cid++) {
        S_put32(loca + 4 * cid, (uint32_t)glyf.len);
        const unsigned char *g;
        size_t len;
        if (!S_glyph(f, s->gid_of[cid], &g, &len)) {
            free(loca);
            ad_buf_free(&glyf);
            ad_fail(e, AD_ERR_FONT, "%s: the font is damaged (a glyph lies outside glyf)", f->path);
            return false;
        }
        size_t at = glyf.len;
        ad_buf_put(&glyf, (const char *)g, len);
        S_renumber(s, (unsigned char *)glyf.s + at, len);
        while (glyf.len % 4)
            ad_buf_putc(&glyf, 0);
    }
    S_put32(loca + 4 * n, (uint32_t)glyf.len);
    /* hmtx */
    unsigned char *hmtx = ad_xmalloc(4 * n);
    for (size_t cid = 0; cid < n; cid++) {
        S_put16(hmtx + 4 * cid, (unsigned)((int)ad_sfnt_advance(f, s->gid_of[cid]) + s->extra[cid]));
        S_put16(hmtx + 4 * cid + 2, (unsigned)S_lsb(f, s->gid_of[cid]) & 0xFFFF);
    }
    S_out_tab t[10];
    size_t nt = 0;
    if (f->cvt.p)
        t[nt++] = S_copy("cvt ", f->cvt.p, f->cvt.len);
    if (f->fpgm.p)
        t[nt++] = S_copy("fpgm", f->fpgm.p, f->fpgm.len);
    t[nt++] = (S_out_tab){"glyf", (unsigned char *)(glyf.s ? glyf.s : ad_xcalloc(1, 1)), glyf.len};
    S_out_tab *head = &t[nt];
    t[nt++] = S_copy("head", f->head.p, 54);
    S_put32(head->data + 8, 0);
    S_put16(head->data + 50, 1);
    t[nt] = S_copy("hhea", f->hhea.p, 36);
    S_put16(t[nt++].data + 34, (unsigned)n);
    t[nt++] = (S_out_tab){"hmtx", hmtx, 4 * n};
    t[nt++] = (S_out_tab){"loca", loca, 4 * (n + 1)};
    t[nt] = S_copy("maxp", f->maxp.p, f->maxp.len);
    S_put16(t[nt++].data + 4, (unsigned)n);
    /* post format 3 (no glyph names): not needed by PDF, expected by some tools */
    static const unsigned char post[32] = {0, 3, 0, 0};
    t[nt++] = S_copy("post", post, sizeof post);
    if (f->prep.p)
        t[nt++] = S_copy("prep", f->prep.p, f->prep.len);

    size_t total = 12 + 16 * nt;
    for (size_t i = 0; i < nt; i++)
        total += (t[i].len + 3) & ~(size_t)3;
    unsigned char *file = ad_xcalloc(1, total);
    S_put32(file, 0x00010000);
    S_put16(file + 4, (unsigned)nt);
    unsigned es = 0;
    while ((2u << es) <= nt)
        es++;
    S_put16(file + 6, 16u << es);
    S_put16(file + 8, es);
    S_put16(file + 10, (unsigned)(nt * 16 - (16u << es)));
    size_t off = 12 + 16 * nt;
    size_t head_off = 0;
    /* the file's checksum is the directory's plus the tables' (each starts
     * on a 4-byte boundary and is padded with zeros): no second pass */
    uint32_t sum = 0;
    for (size_t i = 0; i < nt; i++) {
        unsigned char *r = file + 12 + 16 * i;
        memcpy(r, t[i].tag, 4);
        uint32_t ck = S_checksum(t[i].data, t[i].len);
        sum += ck;
        S_put32(r + 4, ck);
        S_put32(r + 8, (uint32_t)off);
        S_put32(r + 12, (uint32_t)t[i].len);
        memcpy(file + off, t[i].data, t[i].len);
        if (!memcmp(t[i].tag, "head", 4))
            head_off = off;
        off += (t[i].len + 3) & ~(size_t)3;
        free(t[i].data);
    }
    sum += S_checksum(file, 12 + 16 * nt);
    S_put32(file + head_off + 8, 0xB1B0AFBAu - sum);
    out->file = file;
    out->file_len = total;

    /* the name: a tag from the glyphs used, then the PostScript name */
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; f->ps_name[i]; i++)
        h = (h ^ (unsigned char)f->ps_name[i]) * 1099511628211ull;
    for (size_t cid = 0; cid < n; cid++)
        h = (h ^ s->gid_of[cid] ^ (uint64_t)(uint32_t)s->extra[cid] << 32) * 1099511628211ull;
    char tag[7];
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
    }
    tag[6] = 0;
    snprintf(out->base_font, sizeof out->base_font, "%s+%s", tag, f->ps_name);

    out->tounicode = S_tounicode(s);
    const unsigned char *hd = f->head.p;
    out->bbox[0] = S_em(f, S_s16(hd + 36));
    out->bbox[1] = S_em(f, S_s16(hd + 38));
    out->bbox[2] = S_em(f, S_s16(hd + 40));
    out->bbox[3] = S_em(f, S_s16(hd + 42));
    out->ascent = S_em(f, S_s16(f->hhea.p + 4));
    out->descent = S_em(f, S_s16(f->hhea.p + 6));
    out->cap_height = f->os2.len >= 90 ? S_em(f, S_s16(f->os2.p + 88)) : out->ascent;
    return true;
}

void ad_pdf_font_data_free(ad_pdf_font_data *d)
{
    free(d->file);
    free(d->tounicode);
    memset(d, 0, sizeof *d);
}

void ad_pdf_subset_widths(const ad_pdf_subset *s, ad_pdfv *v)
{
    ad_pdfv_array(v);
    ad_pdfv_int(v, 0);
    ad_pdfv_array(v);
    for (size_t cid = 0; cid < s->n; cid++)
        ad_pdfv_num(v, s->width[cid]);
    ad_pdfv_end(v);
    ad_pdfv_end(v);
}

/* ---- the font's objects ------------------------------------------------------ */

static void S_name_entry(ad_pdfv *v, const char *key, const char *name)
{
    ad_pdfv_key(v, key);
    ad_pdfv_name(v, name);
}

static void S_ref_entry(ad_pdfv *v, const char *key, ad_pdf_ref r)
{
    ad_pdfv_key(v, key);
    ad_pdfv_ref(v, r);
}

static void S_int_entry(ad_pdfv *v, const char *key, long long n)
{
    ad_pdfv_key(v, key);
    ad_pdfv_int(v, n);
}

bool ad_pdf_font_write(ad_pdf_file *f, ad_pdf_subset *s, bool compress, ad_pdf_ref *font,
                       ad_err *e)
{
    font->num = 0;
    ad_pdf_font_data fd;
    if (!ad_pdf_subset_build(s, &fd, e))
        return false;
    ad_pdf_ref type0 = ad_pdf_alloc(f), cid = ad_pdf_alloc(f), desc = ad_pdf_alloc(f),
               file = ad_pdf_alloc(f), tu = ad_pdf_alloc(f), cidset = ad_pdf_alloc(f);
    ad_pdfv v = {0};
    ad_pdfv_dict(&v);
    S_int_entry(&v, "Length1", (long long)fd.file_len);
    ad_pdf_stream(f, file, &v, fd.file, fd.file_len, compress);
    ad_pdf_stream(f, tu, &v, fd.tounicode, strlen(fd.tounicode), true);
    /* CIDSet (PDF/A): one bit per CID the program holds, the first CID in
     * the high bit of the first byte; ours are 0 .. count-1, all used */
    size_t count = ad_pdf_subset_count(s), nbytes = (count + 7) / 8;
    unsigned char *bits = ad_xcalloc(nbytes, 1);
    for (size_t c = 0; c < count; c++)
        bits[c / 8] |= (unsigned char)(0x80u >> (c % 8));
    ad_pdf_stream(f, cidset, &v, bits, nbytes, true);
    free(bits);

    ad_pdfv_dict_of(&v, "Font", "Type0");
    S_name_entry(&v, "BaseFont", fd.base_font);
    S_name_entry(&v, "Encoding", "Identity-H");
    ad_pdfv_key(&v, "DescendantFonts");
    ad_pdfv_array(&v);
    ad_pdfv_ref(&v, cid);
    ad_pdfv_end(&v);
    S_ref_entry(&v, "ToUnicode", tu);
    ad_pdf_obj(f, type0, &v);

    ad_pdfv_dict_of(&v, "Font", "CIDFontType2");
    S_name_entry(&v, "BaseFont", fd.base_font);
    ad_pdfv_key(&v, "CIDSystemInfo");
    ad_pdfv_dict(&v);
    ad_pdfv_key(&v, "Registry");
    ad_pdfv_string(&v, "Adobe", 5);
    ad_pdfv_key(&v, "Ordering");
    ad_pdfv_string(&v, "Identity", 8);
    S_int_entry(&v, "Supplement", 0);
    ad_pdfv_end(&v);
    S_ref_entry(&v, "FontDescriptor", desc);
    S_name_entry(&v, "CIDToGIDMap", "Identity");
    S_int_entry(&v, "DW", 1000);
    ad_pdfv_key(&v, "W");
    ad_pdf_subset_widths(s, &v);
    ad_pdf_obj(f, cid, &v);

    ad_pdfv_dict_of(&v, "FontDescriptor", NULL);
    S_name_entry(&v, "FontName", fd.base_font);
    S_int_entry(&v, "Flags", 4);
    ad_pdfv_key(&v, "FontBBox");
    ad_pdfv_array(&v);
    for (int i = 0; i < 4; i++)
        ad_pdfv_int(&v, fd.bbox[i]);
    ad_pdfv_end(&v);
    S_int_entry(&v, "ItalicAngle", 0);
    S_int_entry(&v, "Ascent", fd.ascent);
    S_int_entry(&v, "Descent", fd.descent);
    S_int_entry(&v, "CapHeight", fd.cap_height);
    S_int_entry(&v, "StemV", 80);
    S_ref_entry(&v, "FontFile2", file);
    S_ref_entry(&v, "CIDSet", cidset);
    ad_pdf_obj(f, desc, &v);

    ad_pdfv_free(&v);
    ad_pdf_font_data_free(&fd);
    *font = type0;
    return true;
}
