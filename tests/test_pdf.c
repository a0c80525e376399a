/* test_pdf.c — the direct PDF writer (pdf_writer.c), the TrueType subsetter
 * (pdf_font.c) and the fonts it gets through HarfBuzz (fonts_hb.c): every
 * advance, glyph and name HarfBuzz gives held against the raw tables and
 * FreeType, the face Pango loaded against the file, fonts refused (by
 * HarfBuzz's reading or by the subsetter's checks of its tables),
 * subsets checked with fontTools (checksums, glyph outlines, composite
 * glyphs renumbered), numbers formatted, and a whole small PDF checked with
 * qpdf, poppler's tools and (when installed) mupdf.
 *
 * The "regressions" case pins bugs found in review (a wrapping cmap offset,
 * numbers that are not finite, write errors seen only at flush, the order of
 * the name tree). */
#include <ft2build.h>
#include FT_FREETYPE_H
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fonts_hb.h"
#include "pdf_icc.h"
#include "pdf_int.h"
#include "testutil.h"
#include "typeset_int.h"

#define FONTS AD_SOURCE_DIR "/fonts"
#define GOTHIC FONTS "/BIZUDGothic-Regular.ttf"
#define PY "/usr/bin/python3"

/* ---- helpers ----------------------------------------------------------------- */

static ad_sfnt *S_open(const char *path)
{
    ad_err e = {0};
    ad_sfnt *f = ad_hb_sfnt_open(NULL, path, 0, &e);
    ck_assert_msg(f != NULL, "%s: %s", path, e.msg);
    ck_assert_int_eq(e.status, AD_OK);
    return f;
}

static unsigned S_be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static uint32_t S_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static void S_put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

static bool S_write_bytes(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(p, 1, n, f) == n;
    return fclose(f) == 0 && ok;
}

/* The table record of tag in an sfnt (offset 0 table directory), or NULL. */
static unsigned char *S_table_rec(unsigned char *font, size_t len, const char *tag)
{
    unsigned nt = S_be16(font + 4);
    for (unsigned i = 0; i < nt && 12 + 16 * (size_t)(i + 1) <= len; i++)
        if (memcmp(font + 12 + 16 * i, tag, 4) == 0)
            return font + 12 + 16 * i;
    return NULL;
}

/* Expects ad_hb_sfnt_open to refuse path with AD_ERR_FONT, a message naming
 * the path and containing want (when non-NULL). */
static void S_refused(const char *path, const char *want)
{
    ad_err e = {0};
    ad_sfnt *f = ad_hb_sfnt_open(NULL, path, 0, &e);
    ck_assert_msg(f == NULL, "%s was accepted", path);
    ck_assert_int_eq(e.status, AD_ERR_FONT);
    ck_assert_msg(strstr(e.msg, path) != NULL, "message does not name the file: %s", e.msg);
    if (want)
        ck_assert_msg(strstr(e.msg, want) != NULL, "expected '%s' in: %s", want, e.msg);
}

static char *S_num(double v)
{
    ad_buf b = {0};
    ad_buf_puts(&b, "");
    ad_pdf_num(&b, v);
    return ad_buf_take(&b);
}

static bool S_have_fonttools(void)
{
    return tu_run(PY " -c 'import fontTools.ttLib' 2>/dev/null", NULL) == 0;
}

/* Draws utf8 in font slot at (x, base), one glyph per character, pen moved
 * by the font's advances; returns the pen's end. */
static double S_text(ad_pdfw *w, ad_sfnt *sf, int slot, double size, uint32_t rgb, double x,
                     double base, const char *utf8)
{
    ad_pdf_glyph g[128];
    size_t n = 0, len = strlen(utf8);
    for (size_t i = 0; i < len && n < 128;) {
        uint32_t cp;
        size_t k = ad_utf8_decode(utf8 + i, len - i, &cp);
        uint32_t gid = ad_sfnt_glyph_of(sf, cp);
        g[n++] = (ad_pdf_glyph){gid, x, base, utf8 + i, k};
        x += ad_sfnt_advance(sf, gid) * size / ad_sfnt_upem(sf);
        i += k;
    }
    ad_pdfw_glyphs(w, slot, size, rgb, g, n);
    return x;
}

/* strstr over binary data (PDF files hold deflated streams) */
static const char *S_find(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

/* A new file name in a new temporary folder (*dir), opened for writing. */
static FILE *S_create(char **dir, char **path, const char *name)
{
    *dir = tu_tmpdir();
    *path = ad_xasprintf("%s/%s", *dir, name);
    FILE *out = fopen(*path, "wb");
    ck_assert_ptr_nonnull(out);
    return out;
}

/* Checks the cross-reference table of a classic (non-stream) xref PDF:
 * startxref points at "xref", every in-use entry at "N 0 obj". */
static void S_check_xref(const char *pdf, size_t len)
{
    const char *sx = NULL;
    for (const char *p = pdf; (p = S_find(p, len - (size_t)(p - pdf), "startxref\n")) != NULL; p++)
        sx = p;
    ck_assert_ptr_nonnull(sx);
    long long at = atoll(sx + 10);
    ck_assert_msg(at > 0 && (size_t)at < len, "startxref %lld", at);
    ck_assert_msg(strncmp(pdf + at, "xref\n0 ", 7) == 0, "startxref does not point at xref");
    const char *p = pdf + at + 7;
    int n = atoi(p);
    ck_assert_int_gt(n, 3);
    p = strchr(p, '\n') + 1;
    ck_assert_msg(strncmp(p, "0000000000 65535 f \n", 20) == 0, "entry 0");
    for (int i = 1; i < n; i++) {
        const char *r = p + 20 * (size_t)i;
        ck_assert_msg(r[10] == ' ' && r[16] == ' ' && r[17] == 'n' && r[19] == '\n',
                      "entry %d is not 20 bytes: %.20s", i, r);
        long long off = atoll(r);
        char head[32];
        int hl = snprintf(head, sizeof head, "%d 0 obj\n", i);
        ck_assert_msg(off > 0 && (size_t)off + (size_t)hl < len &&
                          strncmp(pdf + off, head, (size_t)hl) == 0,
                      "object %d: offset %lld does not point at it", i, off);
    }
    char size[32];
    snprintf(size, sizeof size, "/Size %d ", n);
    ck_assert_ptr_nonnull(strstr(p, size));
}


/* Finishes w (writing out) and reads the file back: its bytes (*len), with
 * a cross-reference table that points at its objects. */
static char *S_finish_read(ad_pdfw *w, FILE *out, const char *path, size_t *len)
{
    ad_err e = {0};
    ck_assert_int_eq(ad_pdfw_finish(w, path, &e), AD_OK);
    ck_assert_int_eq(fclose(out), 0);
    char *d = tu_read(path, len);
    ck_assert_ptr_nonnull(d);
    S_check_xref(d, *len);
    return d;
}

/* qpdf --check finds nothing to say about path. */
static void S_qpdf_clean(const char *path)
{
    char *o = NULL;
    ck_assert_int_eq(tu_runf(&o, "qpdf --check '%s' 2>&1", path), 0);
    ck_assert_msg(strstr(o, "WARNING") == NULL, "%s", o);
    free(o);
}

/* ---- reading fonts ------------------------------------------------------------- */

START_TEST(sfnt_opens_the_bundled_fonts)
{
    static const char *const files[] = {"BIZUDGothic-Regular.ttf", "BIZUDGothic-Bold.ttf",
                                        "BIZUDMincho-Regular.ttf"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char *path = ad_xasprintf("%s/%s", FONTS, files[i]);
        ad_sfnt *f = S_open(path);
        ck_assert_uint_eq(ad_sfnt_upem(f), 2048);
        uint32_t a = ad_sfnt_glyph_of(f, 'A'), kan = ad_sfnt_glyph_of(f, 0x76E3); /* 監 */
        ck_assert_msg(a != 0 && kan != 0 && a != kan, "%s: A %u 監 %u", files[i], a, kan);
        ck_assert_uint_gt(ad_sfnt_advance(f, a), 0);
        /* a full-width ideograph is one em wide in every BIZ UD font */
        ck_assert_uint_eq(ad_sfnt_advance(f, kan), 2048);
        /* beyond the BMP and beyond the glyphs: nothing, no crash */
        ck_assert_uint_eq(ad_sfnt_glyph_of(f, 0x1F600), 0);
        ck_assert_uint_eq(ad_sfnt_glyph_of(f, 0xFFFF), 0);
        ck_assert_uint_eq(ad_sfnt_advance(f, 0xFFFFFF), 0);
        ad_sfnt_close(f);
        free(path);
    }
    /* half-width Latin in the monospaced faces */
    ad_sfnt *p = S_open(GOTHIC);
    ck_assert_uint_eq(ad_sfnt_advance(p, ad_sfnt_glyph_of(p, 'A')), 1024);
    ad_sfnt_close(p);
    ad_sfnt_close(NULL);
}
END_TEST

START_TEST(sfnt_refuses_unusable_files)
{
    char *dir = tu_tmpdir();
    size_t len;
    unsigned char *font = (unsigned char *)tu_read(GOTHIC, &len);
    ck_assert_ptr_nonnull(font);
    ck_assert_uint_gt(len, 100000);

    char *missing = ad_xasprintf("%s/missing.ttf", dir);
    S_refused(missing, "cannot open");

    char *tiny = ad_xasprintf("%s/tiny.ttf", dir);
    ck_assert(S_write_bytes(tiny, font, 10));
    S_refused(tiny, NULL);

    char *trunc = ad_xasprintf("%s/truncated.ttf", dir);
    ck_assert(S_write_bytes(trunc, font, len / 3));
    S_refused(trunc, "damaged");

    /* the directory only: 12 + 16 * numTables bytes cut in the middle */
    char *dirtrunc = ad_xasprintf("%s/dircut.ttf", dir);
    ck_assert(S_write_bytes(dirtrunc, font, 12 + 16 * 3));
    S_refused(dirtrunc, "table directory");

    /* a table record pointing past the end of an otherwise whole file
     * (HarfBuzz gives such a table as empty: the font lacks it) */
    unsigned char *bad = ad_xmalloc(len);
    memcpy(bad, font, len);
    S_put32(S_table_rec(bad, len, "glyf") + 8, (uint32_t)len + 100);
    char *outside = ad_xasprintf("%s/outside.ttf", dir);
    ck_assert(S_write_bytes(outside, bad, len));
    S_refused(outside, "lacks a table");
    /* offset inside, length reaching past the end (and wrapping in 32 bits):
     * HarfBuzz cuts hmtx at the end of the file, where its records are
     * whole, and reads them right */
    memcpy(bad, font, len);
    unsigned char *rec = S_table_rec(bad, len, "hmtx");
    S_put32(rec + 12, 0xFFFFFFF0u);
    ck_assert(S_write_bytes(outside, bad, len));
    ad_sfnt *cut = S_open(outside);
    ck_assert_uint_eq(ad_sfnt_advance(cut, ad_sfnt_glyph_of(cut, 'A')), 1024);
    ck_assert_uint_eq(ad_sfnt_advance(cut, ad_sfnt_glyph_of(cut, 0x76E3)), 2048);
    ad_sfnt_close(cut);

    /* maxp says more glyphs than loca holds */
    memcpy(bad, font, len);
    rec = S_table_rec(bad, len, "maxp");
    unsigned char *maxp = bad + S_be32(rec + 8);
    maxp[4] = 0xFF, maxp[5] = 0xFF;
    char *loca = ad_xasprintf("%s/loca.ttf", dir);
    ck_assert(S_write_bytes(loca, bad, len));
    S_refused(loca, "damaged");

    /* CFF outlines and things that are not fonts at all */
    memcpy(bad, font, len);
    memcpy(bad, "OTTO", 4);
    /* a CFF table (DSIG renamed: the directory stays sorted) */
    memcpy(S_table_rec(bad, len, "DSIG"), "CFF ", 4);
    char *otto = ad_xasprintf("%s/cff.otf", dir);
    ck_assert(S_write_bytes(otto, bad, len));
    S_refused(otto, "CFF");
    char *text = ad_xasprintf("%s/text.ttf", dir);
    ck_assert(tu_write(text, "this is not a font, only some text\n"));
    S_refused(text, "not a TrueType font");

    /* a collection header with too few faces */
    unsigned char ttc[16] = {'t', 't', 'c', 'f', 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 16};
    char *coll = ad_xasprintf("%s/one.ttc", dir);
    ck_assert(S_write_bytes(coll, ttc, sizeof ttc));
    ad_err e = {0};
    ck_assert_ptr_null(ad_hb_sfnt_open(NULL, coll, 3, &e));
    ck_assert_int_eq(e.status, AD_ERR_FONT);
    ck_assert_ptr_nonnull(strstr(e.msg, "no such face"));
    /* and the face it has points at an empty directory */
    S_refused(coll, "damaged");

    /* a required table missing: rename head */
    memcpy(bad, font, len);
    memcpy(S_table_rec(bad, len, "head"), "heaX", 4);
    char *nohead = ad_xasprintf("%s/nohead.ttf", dir);
    ck_assert(S_write_bytes(nohead, bad, len));
    S_refused(nohead, "lacks a table");

    free(nohead);
    free(coll);
    free(text);
    free(otto);
    free(loca);
    free(outside);
    free(bad);
    free(dirtrunc);
    free(trunc);
    free(tiny);
    free(missing);
    free(font);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* What HarfBuzz reads (fonts_hb.c) is what the tables hold: every glyph's
 * advance against hmtx read here, every BMP character's glyph (and a plane
 * of ideographs) against FreeType, the underline against post, the names. */
START_TEST(hb_values_match_the_tables)
{
    static const struct {
        const char *file, *ps_name;
        unsigned lsb_a; /* hmtx of 'A', read by fontTools */
    } fonts[] = {{"BIZUDGothic-Regular.ttf", "BIZUDGothic-Regular", 33},
                 {"BIZUDGothic-Bold.ttf", "BIZUDGothic-Bold", 18},
                 {"BIZUDMincho-Regular.ttf", "BIZUDMincho-Regular", 49}};
    FT_Library ft;
    ck_assert_int_eq(FT_Init_FreeType(&ft), 0);
    for (size_t i = 0; i < sizeof fonts / sizeof *fonts; i++) {
        char *path = ad_xasprintf("%s/%s", FONTS, fonts[i].file);
        ad_sfnt *f = S_open(path);
        size_t len;
        unsigned char *raw = (unsigned char *)tu_read(path, &len);
        const unsigned char *hhea = raw + S_be32(S_table_rec(raw, len, "hhea") + 8),
                            *hmtx = raw + S_be32(S_table_rec(raw, len, "hmtx") + 8),
                            *maxp = raw + S_be32(S_table_rec(raw, len, "maxp") + 8),
                            *post = raw + S_be32(S_table_rec(raw, len, "post") + 8);
        unsigned n = S_be16(maxp + 4), nh = S_be16(hhea + 34);
        ck_assert_uint_eq(n, 13932);
        for (unsigned g = 0; g < n; g++) {
            unsigned want = S_be16(hmtx + 4 * (g < nh ? g : nh - 1));
            ck_assert_msg(ad_sfnt_advance(f, g) == want, "%s glyph %u: %u, hmtx %u",
                          fonts[i].file, g, ad_sfnt_advance(f, g), want);
        }
        ck_assert_uint_eq(ad_sfnt_advance(f, n), 0);
        ck_assert_uint_eq(S_be16(hmtx + 4 * ad_sfnt_glyph_of(f, 'A') + 2), fonts[i].lsb_a);
        FT_Face face;
        ck_assert_int_eq(FT_New_Face(ft, path, 0, &face), 0);
        unsigned mapped = 0;
        for (uint32_t cp = 0; cp < 0x30000; cp = cp == 0xFFFF ? 0x20000 : cp + 1) {
            uint32_t want = FT_Get_Char_Index(face, cp), got = ad_sfnt_glyph_of(f, cp);
            ck_assert_msg(got == want, "%s U+%04X: %u, FreeType %u", fonts[i].file, cp, got, want);
            mapped += got != 0;
        }
        ck_assert_uint_gt(mapped, 10000);
        FT_Done_Face(face);
        int pos, thick;
        ad_sfnt_underline(f, &pos, &thick);
        ck_assert_int_eq(pos, -246);
        ck_assert_int_eq(thick, 102);
        ck_assert_int_eq(pos, (int16_t)S_be16(post + 8));
        ck_assert_int_eq(thick, (int16_t)S_be16(post + 10));
        ad_pdf_subset *s = ad_pdf_subset_new(f);
        ad_pdf_subset_cid(s, ad_sfnt_glyph_of(f, 'A'), "A", 1);
        ad_pdf_font_data d;
        ad_err e = {0};
        ck_assert(ad_pdf_subset_build(s, &d, &e));
        ck_assert_str_eq(d.base_font + 7, fonts[i].ps_name);
        ad_pdf_font_data_free(&d);
        ad_pdf_subset_free(s);
        free(raw);
        ad_sfnt_close(f);
        free(path);
    }
    FT_Done_FreeType(ft);
}
END_TEST

/* The face Pango shapes with gives the PDF the same font as the file, once
 * per font file (fonts.c keeps it). */
START_TEST(hb_font_from_pangos_face)
{
    ad_err e = {0};
    ad_fonts *fonts = ad_fonts_load(FONTS, &e);
    ck_assert_msg(fonts != NULL, "%s", e.msg);
    PangoContext *ctx = ad_fonts_context(fonts);
    PangoFontDescription *desc = pango_font_description_from_string(AD_FAMILY_GOTHIC " 12");
    PangoFont *pf = pango_font_map_load_font(fonts->fontmap, ctx, desc);
    ck_assert_ptr_nonnull(pf);
    hb_face_t *face = hb_font_get_face(pango_font_get_hb_font(pf));
    FcChar8 *file = NULL;
    ck_assert(FcPatternGetString(pango_fc_font_get_pattern(PANGO_FC_FONT(pf)), FC_FILE, 0,
                                 &file) == FcResultMatch);
    ck_assert_ptr_nonnull(strstr((const char *)file, "BIZUDGothic-Regular.ttf"));
    ad_sfnt *a = ad_fonts_sfnt(fonts, face, (const char *)file, 0, &e);
    ck_assert_msg(a != NULL, "%s", e.msg);
    ck_assert_ptr_eq(ad_fonts_sfnt(fonts, face, (const char *)file, 0, &e), a);
    ad_sfnt *b = S_open(GOTHIC);
    ck_assert_uint_eq(ad_sfnt_upem(a), 2048);
    for (uint32_t cp = 0x20; cp < 0x10000; cp += 7) {
        uint32_t g = ad_sfnt_glyph_of(a, cp);
        ck_assert_uint_eq(g, ad_sfnt_glyph_of(b, cp));
        ck_assert_uint_eq(ad_sfnt_advance(a, g), ad_sfnt_advance(b, g));
    }
    int pa, ta, pb, tb;
    ad_sfnt_underline(a, &pa, &ta);
    ad_sfnt_underline(b, &pb, &tb);
    ck_assert(pa == pb && ta == tb);
    ad_sfnt_close(b);
    g_object_unref(pf);
    pango_font_description_free(desc);
    g_object_unref(ctx);
    ad_fonts_free(fonts);
}
END_TEST

/* A font source (pdf.h) whose tables are the Gothic's, one of them cut or
 * left out: the subsetter's own checks refuse it, and release it once. */
typedef struct {
    unsigned char *raw;
    size_t len;
    const char *cut;  /* this table ... */
    size_t keep;      /* ... holds only so many bytes (0: absent) */
    int released;
} S_src;

static const unsigned char *S_src_table(void *ctx, const char *tag, size_t *len)
{
    S_src *s = ctx;
    unsigned char *rec = S_table_rec(s->raw, s->len, tag);
    *len = 0;
    if (!rec)
        return NULL;
    *len = S_be32(rec + 12);
    if (s->cut && strcmp(tag, s->cut) == 0)
        *len = s->keep < *len ? s->keep : *len;
    return *len ? s->raw + S_be32(rec + 8) : NULL;
}

static uint32_t S_src_glyph(void *ctx, uint32_t cp) { return (void)ctx, cp; }
static unsigned S_src_advance(void *ctx, uint32_t g) { return (void)ctx, g; }
static void S_src_release(void *ctx) { ((S_src *)ctx)->released++; }

START_TEST(sfnt_source_with_a_damaged_table_is_refused)
{
    static const struct {
        const char *cut;
        size_t keep;
        unsigned upem, n_glyphs;
        const char *want;
    } cases[] = {
        {NULL, 0, 2048, 13932, NULL},
        {"glyf", 0, 2048, 13932, "lacks a table"},
        {"head", 53, 2048, 13932, "lacks a table"},
        {"loca", 1000, 2048, 13932, "loca too short"},
        {"hmtx", 4 * 13926, 2048, 13932, "hmtx too short"},
        {"glyf", 100000, 2048, 13932, "glyf shorter than loca says"},
        {NULL, 0, 8, 13932, "head, maxp or hhea"},
        {NULL, 0, 2048, 0, "head, maxp or hhea"},
        {NULL, 0, 2048, 13000, "head, maxp or hhea"}, /* fewer glyphs than hhea's metrics */
    };
    size_t len;
    unsigned char *raw = (unsigned char *)tu_read(GOTHIC, &len);
    ck_assert_ptr_nonnull(raw);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        S_src src = {raw, len, cases[i].cut, cases[i].keep, 0};
        ad_sfnt_source s = {.ctx = &src, .path = "test.ttf", .upem = cases[i].upem,
                            .n_glyphs = cases[i].n_glyphs, .glyph_of = S_src_glyph,
                            .advance = S_src_advance, .table = S_src_table,
                            .release = S_src_release};
        ad_err e = {0};
        ad_sfnt *f = ad_sfnt_new(&s, &e);
        if (!cases[i].want) {
            ck_assert_msg(f != NULL, "%s", e.msg);
            /* the source's glyphs beyond the font are none; no name: "Font";
             * no post: a tenth and a twentieth of an em */
            ck_assert_uint_eq(ad_sfnt_glyph_of(f, 13931), 13931);
            ck_assert_uint_eq(ad_sfnt_glyph_of(f, 13932), 0);
            ck_assert_uint_eq(ad_sfnt_advance(f, 13932), 0);
            int pos, thick;
            ad_sfnt_underline(f, &pos, &thick);
            ck_assert(pos == -204 && thick == 102);
            ad_pdf_subset *sub = ad_pdf_subset_new(f);
            ad_pdf_subset_cid(sub, 34, "A", 1);
            ad_pdf_font_data d;
            ck_assert(ad_pdf_subset_build(sub, &d, &e));
            ck_assert_str_eq(d.base_font + 6, "+Font");
            ad_pdf_font_data_free(&d);
            ad_pdf_subset_free(sub);
            ck_assert_int_eq(src.released, 0);
            ad_sfnt_close(f);
        } else {
            ck_assert_msg(f == NULL, "case %zu accepted", i);
            ck_assert_int_eq(e.status, AD_ERR_FONT);
            ck_assert_msg(strstr(e.msg, "test.ttf: the font ") && strstr(e.msg, cases[i].want),
                          "case %zu: %s", i, e.msg);
        }
        ck_assert_int_eq(src.released, 1);
    }
    /* a source with nothing at all (pdf_link_check's) */
    ad_sfnt_source none = {0};
    ad_err e = {0};
    ck_assert_ptr_null(ad_sfnt_new(&none, &e));
    ck_assert_int_eq(e.status, AD_ERR_FONT);
    free(raw);
}
END_TEST

/* ---- the subset ------------------------------------------------------------------ */

START_TEST(subset_numbers_glyphs_by_first_use)
{
    ad_sfnt *f = S_open(GOTHIC);
    uint32_t a = ad_sfnt_glyph_of(f, 'A'), kan = ad_sfnt_glyph_of(f, 0x76E3),
             sa = ad_sfnt_glyph_of(f, 0x67FB); /* 査 */
    ad_pdf_subset *s = ad_pdf_subset_new(f);
    ck_assert_uint_eq(ad_pdf_subset_count(s), 1); /* .notdef */
    ck_assert_uint_eq(ad_pdf_subset_cid(s, kan, "監", strlen("監")), 1);
    ck_assert_uint_eq(ad_pdf_subset_cid(s, a, "A", 1), 2);
    ck_assert_uint_eq(ad_pdf_subset_cid(s, kan, NULL, 0), 1);
    ck_assert_uint_eq(ad_pdf_subset_cid(s, sa, NULL, 0), 3);
    ck_assert_uint_eq(ad_pdf_subset_cid(s, a, "B", 1), 2);
    ck_assert_uint_eq(ad_pdf_subset_count(s), 4);
    /* .notdef and glyphs the font does not have map to CID 0, add nothing */
    ck_assert_uint_eq(ad_pdf_subset_cid(s, 0, "x", 1), 0);
    ck_assert_uint_eq(ad_pdf_subset_cid(s, 1000000, "x", 1), 0);
    ck_assert_uint_eq(ad_pdf_subset_count(s), 4);
    /* widths in thousandths of an em */
    ck_assert(fabs(ad_pdf_subset_width(s, 1) - 1000.0) < 1e-9);
    ck_assert(fabs(ad_pdf_subset_width(s, 2) - 500.0) < 1e-9);
    ck_assert(fabs(ad_pdf_subset_width(s, 99) - 0.0) < 1e-9);

    ad_pdf_font_data d;
    ad_err e = {0};
    ck_assert(ad_pdf_subset_build(s, &d, &e));
    ad_pdfv wv = {0};
    ad_pdf_subset_widths(s, &wv);
    ck_assert_str_eq(wv.b.s, "[0 [1000 1000 500 1000]]");
    ad_pdfv_free(&wv);
    ck_assert_msg(strlen(d.base_font) == 6 + 1 + strlen("BIZUDGothic-Regular") &&
                      d.base_font[6] == '+' && strcmp(d.base_font + 7, "BIZUDGothic-Regular") == 0,
                  "%s", d.base_font);
    for (int i = 0; i < 6; i++)
        ck_assert(d.base_font[i] >= 'A' && d.base_font[i] <= 'Z');
    /* ToUnicode: the first text given for a CID, none for 査 */
    ck_assert_ptr_nonnull(strstr(d.tounicode, "2 beginbfchar\n<0001> <76E3>\n<0002> <0041>\nendbfchar"));
    ck_assert_ptr_null(strstr(d.tounicode, "<0003>"));
    ck_assert_ptr_nonnull(strstr(d.tounicode, "<0000> <FFFF>"));
    ck_assert_int_eq(d.bbox[2] > d.bbox[0] && d.bbox[3] > d.bbox[1], 1);
    ck_assert_int_gt(d.ascent, 0);
    ck_assert_int_lt(d.descent, 0);

    /* the sfnt: its table directory, checksums and whole-file adjustment */
    ck_assert_uint_ge(d.file_len, 12 + 16 * 6);
    const unsigned char *p = d.file;
    ck_assert_uint_eq(S_be32(p), 0x00010000);
    unsigned nt = S_be16(p + 4);
    unsigned sr = 16, es = 0;
    while (sr * 2 <= 16 * nt)
        sr *= 2, es++;
    ck_assert_uint_eq(S_be16(p + 6), sr);
    ck_assert_uint_eq(S_be16(p + 8), es);
    ck_assert_uint_eq(S_be16(p + 10), 16 * nt - sr);
    ck_assert_uint_eq(d.file_len % 4, 0);
    uint32_t sum = 0;
    for (size_t i = 0; i < d.file_len; i += 4)
        sum += S_be32(p + i);
    ck_assert_uint_eq(sum, 0xB1B0AFBAu);
    for (unsigned i = 0; i < nt; i++) {
        const unsigned char *r = p + 12 + 16 * i;
        if (i)
            ck_assert_msg(memcmp(r - 16, r, 4) < 0, "tables not sorted at %.4s", (const char *)r);
        ck_assert_uint_eq(S_be32(r + 8) % 4, 0);
        ck_assert_uint_le((size_t)S_be32(r + 8) + S_be32(r + 12), d.file_len);
    }
    ad_pdf_font_data_free(&d);
    ck_assert_ptr_null(d.file);
    ad_pdf_subset_free(s);
    ad_pdf_subset_free(NULL);
    ad_sfnt_close(f);
}
END_TEST

/* What fontTools sees in a subset: numGlyphs, advance of glyph 1, and
 * every glyph's outline compared with the original glyph (gids in argv). */
static const char S_py_check[] =
    "import sys\n"
    "from fontTools.ttLib import TTFont\n"
    "sub = TTFont(sys.argv[1], checkChecksums=2)\n"
    "org = TTFont(sys.argv[2])\n"
    "gids = [int(x) for x in sys.argv[3:]]\n"
    "so, oo = sub.getGlyphOrder(), org.getGlyphOrder()\n"
    "print('glyphs', sub['maxp'].numGlyphs, 'adv1', sub['hmtx'][so[1]][0], 'loca', len(sub['loca']))\n"
    "sg, og = sub['glyf'], org['glyf']\n"
    "bad = 0\n"
    "for cid, gid in enumerate(gids):\n"
    "    a = sg[so[cid]].getCoordinates(sg)\n"
    "    b = og[oo[gid]].getCoordinates(og)\n"
    "    if list(a[0]) != list(b[0]) or list(a[1]) != list(b[1]) or sub['hmtx'][so[cid]] != org['hmtx'][oo[gid]]:\n"
    "        bad += 1; print('differs', cid, gid)\n"
    "print('bad', bad)\n";

static char *S_build_to(ad_pdf_subset *s, const char *dir, const char *name)
{
    ad_pdf_font_data d;
    ad_err e = {0};
    ck_assert_msg(ad_pdf_subset_build(s, &d, &e), "%s", e.msg);
    char *path = ad_xasprintf("%s/%s", dir, name);
    ck_assert(S_write_bytes(path, d.file, d.file_len));
    ad_pdf_font_data_free(&d);
    return path;
}

START_TEST(subset_is_a_truetype_file)
{
    if (!S_have_fonttools()) {
        fprintf(stderr, "subset_is_a_truetype_file: fontTools missing, skipped\n");
        return;
    }
    char *dir = tu_tmpdir();
    ad_sfnt *f = S_open(GOTHIC);
    ad_pdf_subset *s = ad_pdf_subset_new(f);
    const char *text = "Audit 監査報告書、令和7年度。ＡＢＣ";
    ad_buf gids = {0};
    ad_buf_puts(&gids, "0");
    for (size_t i = 0, len = strlen(text); i < len;) {
        uint32_t cp;
        size_t k = ad_utf8_decode(text + i, len - i, &cp);
        uint32_t g = ad_sfnt_glyph_of(f, cp);
        ck_assert_msg(g != 0, "U+%04X", cp);
        size_t before = ad_pdf_subset_count(s);
        ad_pdf_subset_cid(s, g, text + i, k);
        if (ad_pdf_subset_count(s) > before)
            ad_buf_printf(&gids, " %u", g);
        i += k;
    }
    char *path = S_build_to(s, dir, "sub.ttf");
    char *script = ad_xasprintf("%s/check.py", dir);
    ck_assert(tu_write(script, S_py_check));
    char *out = NULL;
    int rc = tu_runf(&out, PY " '%s' '%s' '%s' %s 2>&1", script, path, GOTHIC, gids.s);
    ck_assert_msg(rc == 0, "fontTools: %s", out);
    char want[80];
    snprintf(want, sizeof want, "glyphs %zu adv1 %u loca %zu\n", ad_pdf_subset_count(s),
             ad_sfnt_advance(f, ad_sfnt_glyph_of(f, 'A')), ad_pdf_subset_count(s) + 1);
    ck_assert_msg(strstr(out, want) != NULL, "want '%s' in %s", want, out);
    ck_assert_msg(strstr(out, "bad 0\n") != NULL, "%s", out);
    free(out);
    /* FreeType (through fontconfig) reads it as a TrueType font with the glyphs */
    if (tu_have("fc-scan")) {
        rc = tu_runf(&out, "fc-scan --format '%%{fontformat}|%%{fontversion}\\n' '%s'", path);
        ck_assert_int_eq(rc, 0);
        ck_assert_msg(strncmp(out, "TrueType|", 9) == 0, "fc-scan: %s", out);
        free(out);
    }
    free(script);
    free(path);
    ad_buf_free(&gids);
    ad_pdf_subset_free(s);
    ad_sfnt_close(f);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* A small font with nested composite glyphs using every argument and
 * transform form (words, scale, x/y scale, 2x2), made with fontTools. */
static const char S_py_make[] =
    "import sys\n"
    "from fontTools.fontBuilder import FontBuilder\n"
    "from fontTools.pens.ttGlyphPen import TTGlyphPen\n"
    "order = ['.notdef', 'p', 'q', 'r', 's', 'c1', 'c2', 'plain']\n"
    "fb = FontBuilder(1000, isTTF=True)\n"
    "fb.setupGlyphOrder(order)\n"
    "fb.setupCharacterMap({0x41: 'c2', 0x42: 'plain', 0x43: 'c1'})\n"
    "g = {}\n"
    "def box(x0, y0, x1, y1):\n"
    "    pen = TTGlyphPen(g)\n"
    "    pen.moveTo((x0, y0)); pen.lineTo((x0, y1)); pen.lineTo((x1, y1)); pen.lineTo((x1, y0))\n"
    "    pen.closePath()\n"
    "    return pen.glyph()\n"
    "def comp(parts):\n"
    "    pen = TTGlyphPen(g)\n"
    "    for name, t in parts: pen.addComponent(name, t)\n"
    "    return pen.glyph()\n"
    "g.update({'.notdef': box(50, 0, 450, 700), 'p': box(0, 0, 100, 100), 'q': box(0, 0, 200, 50),\n"
    "          'r': box(10, 10, 60, 300), 's': box(0, 0, 30, 30), 'plain': box(100, 100, 200, 200)})\n"
    "g['c1'] = comp([('r', (0.5, 0, 0, 0.5, 10, 0)), ('s', (0.5, 0, 0, 0.75, -5, 3))])\n"
    "g['c2'] = comp([('c1', (1, 0, 0, 1, 300, -200)), ('q', (1, 0.25, 0.5, 1, 7, 9)),\n"
    "                ('p', (1, 0, 0, 1, 1, 2))])\n"
    "fb.setupGlyf(g)\n"
    "fb.setupHorizontalMetrics({n: (500 + 10 * i, 0) for i, n in enumerate(order)})\n"
    "fb.setupHorizontalHeader(ascent=800, descent=-200)\n"
    "fb.setupNameTable({'familyName': 'Comp', 'styleName': 'Regular', 'psName': 'Comp-Test'})\n"
    "fb.setupOS2(sTypoAscender=800, usWinAscent=800, usWinDescent=200)\n"
    "fb.setupPost()\n"
    "fb.save(sys.argv[1])\n";

static const char S_py_comp[] =
    "import sys\n"
    "from fontTools.ttLib import TTFont\n"
    "sub = TTFont(sys.argv[1], checkChecksums=2)\n"
    "org = TTFont(sys.argv[2])\n"
    "so, oo = sub.getGlyphOrder(), org.getGlyphOrder()\n"
    "sg, og = sub['glyf'], org['glyf']\n"
    "for i in range(len(so)):\n"
    "    gl = sg[so[i]]\n"
    "    if gl.isComposite():\n"
    "        print(i, 'comp', ' '.join(str(so.index(c.glyphName)) for c in gl.components))\n"
    "    else:\n"
    "        print(i, 'simple')\n"
    "a = sg[so[2]].getCoordinates(sg)[0]\n"
    "b = og['c2'].getCoordinates(og)[0]\n"
    "print('same-outline', list(a) == list(b))\n";

START_TEST(subset_adds_and_renumbers_composite_components)
{
    if (!S_have_fonttools() ||
        tu_run(PY " -c 'import fontTools.fontBuilder' 2>/dev/null", NULL) != 0) {
        fprintf(stderr, "composite test: fontTools missing, skipped\n");
        return;
    }
    char *dir = tu_tmpdir();
    char *make = ad_xasprintf("%s/make.py", dir), *font = ad_xasprintf("%s/comp.ttf", dir),
         *check = ad_xasprintf("%s/comp.py", dir);
    ck_assert(tu_write(make, S_py_make));
    ck_assert(tu_write(check, S_py_comp));
    char *out = NULL;
    int rc = tu_runf(&out, PY " '%s' '%s' 2>&1", make, font);
    ck_assert_msg(rc == 0, "%s", out);
    free(out);
    ad_sfnt *f = S_open(font);
    ck_assert_uint_eq(ad_sfnt_upem(f), 1000);
    uint32_t c2 = ad_sfnt_glyph_of(f, 'A'), plain = ad_sfnt_glyph_of(f, 'B');
    ck_assert_uint_eq(c2, 6);
    ck_assert_uint_eq(plain, 7);
    ad_pdf_subset *s = ad_pdf_subset_new(f);
    ck_assert_uint_eq(ad_pdf_subset_cid(s, plain, "B", 1), 1);
    ck_assert_uint_eq(ad_pdf_subset_cid(s, c2, "A", 1), 2);
    ck_assert_uint_eq(ad_pdf_subset_count(s), 3);
    char *sub = S_build_to(s, dir, "sub.ttf");
    /* c2's components c1 q p get 3 4 5, then c1's r s get 6 7 */
    ck_assert_uint_eq(ad_pdf_subset_count(s), 8);
    ck_assert(fabs(ad_pdf_subset_width(s, 3) - 550) < 1e-9); /* c1: 500 + 10 * 5 */
    rc = tu_runf(&out, PY " '%s' '%s' '%s' 2>&1", check, sub, font);
    ck_assert_msg(rc == 0, "%s", out);
    ck_assert_msg(strstr(out, "0 simple\n1 simple\n2 comp 3 4 5\n3 comp 6 7\n4 simple\n5 simple\n"
                              "6 simple\n7 simple\nsame-outline True\n") != NULL,
                  "%s", out);
    free(out);
    /* the same glyphs again in another order: the same file, deterministic */
    ad_pdf_font_data d1, d2;
    ad_err e = {0};
    ck_assert(ad_pdf_subset_build(s, &d1, &e));
    ck_assert(ad_pdf_subset_build(s, &d2, &e));
    ck_assert(d1.file_len == d2.file_len && memcmp(d1.file, d2.file, d1.file_len) == 0);
    ck_assert_str_eq(d1.base_font, d2.base_font);
    ck_assert_str_eq(d1.base_font + 6, "+Comp-Test");
    ad_pdf_font_data_free(&d1);
    ad_pdf_font_data_free(&d2);
    ad_pdf_subset_free(s);
    ad_sfnt_close(f);
    free(sub);
    free(check);
    free(make);
    free(font);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* A glyph with room after it (和欧間): a CID of its own whose advance, in
 * /W and in the font program's hmtx alike, includes the room; the same
 * glyph and room give the same CID; its outline is the glyph's. */
START_TEST(subset_spaced_glyph_is_a_copy_with_a_wider_advance)
{
    ad_sfnt *f = S_open(GOTHIC);
    int em = (int)ad_sfnt_upem(f), q = em / 4;
    uint32_t wa = ad_sfnt_glyph_of(f, 0x548C), seven = ad_sfnt_glyph_of(f, '7'); /* 和 */
    int aw = (int)ad_sfnt_advance(f, wa), a7 = (int)ad_sfnt_advance(f, seven);
    ad_pdf_subset *s = ad_pdf_subset_new(f);
    ck_assert_uint_eq(ad_pdf_subset_cid(s, wa, "和", strlen("和")), 1);
    ck_assert_uint_eq(ad_pdf_subset_cid_spaced(s, wa, q, "和", strlen("和")), 2);
    ck_assert_uint_eq(ad_pdf_subset_cid_spaced(s, seven, q, "7", 1), 3);
    ck_assert_uint_eq(ad_pdf_subset_cid_spaced(s, wa, q, NULL, 0), 2);
    ck_assert_uint_eq(ad_pdf_subset_cid_spaced(s, wa, -2 * q, NULL, 0), 4);
    ck_assert_uint_eq(ad_pdf_subset_cid_spaced(s, wa, 0, NULL, 0), 1);
    ck_assert_uint_eq(ad_pdf_subset_cid_spaced(s, wa, -aw - 1, NULL, 0), 1); /* below 0 */
    ck_assert_uint_eq(ad_pdf_subset_count(s), 5);
    ck_assert(fabs(ad_pdf_subset_width(s, 2) - ad_pdf_subset_width(s, 1) - 250.0) < 1e-9);
    ck_assert(fabs(ad_pdf_subset_width(s, 3) - (a7 + q) * 1000.0 / em) < 1e-3);
    ck_assert(fabs(ad_pdf_subset_width(s, 4) - ad_pdf_subset_width(s, 1) + 500.0) < 1e-9);
    ad_pdf_font_data d;
    ad_err e = {0};
    ck_assert(ad_pdf_subset_build(s, &d, &e));
    ck_assert_ptr_nonnull(strstr(d.tounicode, "<0001> <548C>\n<0002> <548C>\n<0003> <0037>\n"));
    if (S_have_fonttools()) {
        char *dir = tu_tmpdir();
        char *path = ad_xasprintf("%s/sub.ttf", dir), *out = NULL;
        ck_assert(S_write_bytes(path, d.file, d.file_len));
        int rc = tu_runf(&out, PY " -c 'import sys\nfrom fontTools.ttLib import TTFont\n"
                               "t = TTFont(sys.argv[1], checkChecksums=2); o = t.getGlyphOrder(); g = t[\"glyf\"]\n"
                               "print([t[\"hmtx\"][n][0] for n in o[1:]], g[o[1]].getCoordinates(g)[0] == g[o[2]].getCoordinates(g)[0])'"
                               " '%s' 2>&1", path);
        ck_assert_msg(rc == 0, "%s", out);
        char want[80];
        snprintf(want, sizeof want, "[%d, %d, %d, %d] True", aw, aw + q, a7 + q, aw - 2 * q);
        ck_assert_msg(strstr(out, want) != NULL, "want %s: %s", want, out);
        free(out);
        free(path);
        tu_rmrf(dir);
        free(dir);
    }
    ad_pdf_font_data_free(&d);
    ad_pdf_subset_free(s);
    ad_sfnt_close(f);
}
END_TEST

START_TEST(subset_of_a_damaged_glyf_fails_cleanly)
{
    char *dir = tu_tmpdir();
    size_t len;
    unsigned char *font = (unsigned char *)tu_read(GOTHIC, &len);
    ck_assert_ptr_nonnull(font);
    /* loca entry after 'A' (long loca) pointing far past glyf's end */
    ad_sfnt *orig = S_open(GOTHIC);
    uint32_t a = ad_sfnt_glyph_of(orig, 'A');
    ad_sfnt_close(orig);
    unsigned char *rec = S_table_rec(font, len, "loca");
    S_put32(font + S_be32(rec + 8) + 4 * (a + 1), 0x7FFFFFF0u);
    char *path = ad_xasprintf("%s/badglyph.ttf", dir);
    ck_assert(S_write_bytes(path, font, len));
    ad_sfnt *f = S_open(path); /* opening does not read glyphs */
    ad_pdf_subset *s = ad_pdf_subset_new(f);
    ck_assert_uint_eq(ad_pdf_subset_cid(s, a, "A", 1), 1);
    ad_pdf_font_data d;
    ad_err e = {0};
    ck_assert(!ad_pdf_subset_build(s, &d, &e));
    ck_assert_int_eq(e.status, AD_ERR_FONT);
    ck_assert_ptr_nonnull(strstr(e.msg, path));
    ck_assert_ptr_null(d.file);
    ad_pdf_subset_free(s);

    /* through the writer: finish reports the font error */
    char *pdf = ad_xasprintf("%s/x.pdf", dir);
    FILE *out = fopen(pdf, "wb");
    ck_assert_ptr_nonnull(out);
    ad_pdfw *w = ad_pdfw_new(out);
    ad_pdfw_page(w, 200, 200);
    int slot = ad_pdfw_font(w, f);
    S_text(w, f, slot, 12, 0, 10, 50, "A");
    ad_err fe = {0};
    ck_assert_int_eq(ad_pdfw_finish(w, pdf, &fe), AD_ERR_FONT);
    ck_assert_int_eq(fe.status, AD_ERR_FONT);
    ck_assert_ptr_nonnull(strstr(fe.msg, path));
    fclose(out);
    ad_sfnt_close(f);
    free(pdf);
    free(path);
    free(font);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* ---- the object layer ----------------------------------------------------------------- */

/* pdf_obj.c: separators in dictionaries, arrays and the name tree's spaced
 * array; names escaped with #xx; strings escaped; text strings in UTF-16BE. */
START_TEST(values_are_written_with_their_syntax)
{
    ad_pdfv v = {0};
    ad_pdfv_dict(&v);
    ad_pdfv_key(&v, "Type");
    ad_pdfv_name(&v, "Page");
    ad_pdfv_key(&v, "Box");
    ad_pdfv_array(&v);
    ad_pdfv_int(&v, 0);
    ad_pdfv_num(&v, -1.5);
    ad_pdfv_ref(&v, (ad_pdf_ref){12});
    ad_pdfv_array(&v);
    ad_pdfv_end(&v);
    ad_pdfv_end(&v);
    ad_pdfv_key(&v, "In");
    ad_pdfv_dict(&v);
    ad_pdfv_key(&v, "On");
    ad_pdfv_bool(&v, true);
    ad_pdfv_end(&v);
    ad_pdfv_key(&v, "N");
    ad_pdfv_array_spaced(&v);
    ad_pdfv_text(&v, "a");
    ad_pdfv_bool(&v, false);
    ad_pdfv_end(&v);
    ad_pdfv_end(&v);
    ck_assert_str_eq(v.b.s, "<< /Type /Page /Box [0 -1.5 12 0 R []] /In << /On true >> "
                            "/N [ (a) false ] >>");
    ck_assert_int_eq(v.depth, 0);
    ad_pdfv_end(&v); /* nothing open: nothing written */
    ck_assert_str_eq(v.b.s + v.b.len - 3, " >>");

    /* one value each: what it is given, what the layer writes */
    static const struct {
        char kind; /* n name, s string, h hex string, t text string */
        const char *in;
        size_t len;
        const char *want;
    } cases[] = {
        /* names: delimiters, '#', space and non-ASCII bytes as #xx */
        {'n', "A b#(c)/\xE7\x9B\xA3", 0, "/A#20b#23#28c#29#2F#E7#9B#A3"},
        {'n', "", 0, "/"},
        /* strings: ( ) \ escaped, control and high bytes in octal */
        {'s', "a(b)\\\n\xFF", 7, "(a\\(b\\)\\\\\\012\\377)"},
        {'h', "\x01\xAB", 2, "<01AB>"},
        /* text strings: ASCII literal, else BOM + UTF-16BE (a surrogate pair above U+FFFF) */
        {'t', "ok (1)", 0, "(ok \\(1\\))"},
        {'t', "監\xF0\x9F\x98\x80", 0, "<FEFF76E3D83DDE00>"},
        {'t', "tab\there", 0, "<FEFF00740061006200090068006500720065>"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ad_pdfv_reset(&v);
        ck_assert_uint_eq(v.b.len, 0);
        switch (cases[i].kind) {
        case 'n': ad_pdfv_name(&v, cases[i].in); break;
        case 's': ad_pdfv_string(&v, cases[i].in, cases[i].len); break;
        case 'h': ad_pdfv_hex(&v, cases[i].in, cases[i].len); break;
        default: ad_pdfv_text(&v, cases[i].in);
        }
        ck_assert_str_eq(v.b.s, cases[i].want);
    }
    /* integers: negative, the extremes */
    ad_pdfv_reset(&v);
    ad_pdfv_array(&v);
    ad_pdfv_int(&v, -42);
    ad_pdfv_int(&v, LLONG_MIN);
    ad_pdfv_int(&v, LLONG_MAX);
    ad_pdfv_ref(&v, (ad_pdf_ref){1000000});
    ad_pdfv_end(&v);
    ck_assert_str_eq(v.b.s, "[-42 -9223372036854775808 9223372036854775807 1000000 0 R]");
    /* dates in UTC */
    ad_pdfv_reset(&v);
    ad_pdfv_date(&v, 1760486400);
    ck_assert_str_eq(v.b.s, "(D:20251015000000Z)");
    ad_pdfv_free(&v);
}
END_TEST

/* pdf_obj.c: objects are numbered as allocated, written in any order, and
 * the cross-reference table points at each; streams get /Length (and
 * /Filter when deflated) after their own entries. */
START_TEST(objects_and_streams_in_any_order)
{
    char *dir, *path;
    FILE *out = S_create(&dir, &path, "o.pdf");
    ad_pdf_file f;
    ad_pdf_file_init(&f, out);
    ad_pdf_ref a = ad_pdf_alloc(&f), b = ad_pdf_alloc(&f), c = ad_pdf_alloc(&f);
    ck_assert_int_eq(a.num, 1);
    ck_assert_int_eq(c.num, 3);
    ad_pdfv v = {0};
    ad_pdfv_dict(&v);
    ad_pdfv_key(&v, "Length1");
    ad_pdfv_int(&v, 5);
    ad_pdf_stream(&f, c, &v, "hello", 5, false);
    ck_assert_uint_eq(v.b.len, 0);
    ad_pdf_stream(&f, b, &v, "hello hello hello hello", 23, true);
    ad_pdfv_dict(&v);
    ad_pdfv_key(&v, "Type");
    ad_pdfv_name(&v, "Catalog");
    ad_pdfv_key(&v, "Pages");
    ad_pdfv_ref(&v, b); /* not a page tree: only the numbers matter here */
    ad_pdf_obj(&f, a, &v); /* closes what is open */
    ad_pdf_xref(&f, a, b);
    ck_assert_int_eq(f.err, 0);
    ad_pdf_file_dispose(&f);
    ad_pdfv_free(&v);
    ck_assert_int_eq(fclose(out), 0);
    size_t len;
    char *d = tu_read(path, &len);
    ck_assert_ptr_nonnull(d);
    ck_assert_ptr_nonnull(S_find(d, len, "3 0 obj\n<< /Length1 5 /Length 5 >>\nstream\nhello\nendstream"));
    ck_assert_ptr_nonnull(S_find(d, len, "2 0 obj\n<< /Filter /FlateDecode /Length "));
    ck_assert_ptr_nonnull(S_find(d, len, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"));
    ck_assert_ptr_nonnull(S_find(d, len, "trailer\n<< /Size 4 /Root 1 0 R /Info 2 0 R /ID [<"));
    S_check_xref(d, len);
    free(d);
    free(path);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* pdf_xmp.c: the packet holds what it is given, escaped for XML, and the
 * identification schemas only for the claims made. */
START_TEST(xmp_packet_holds_the_information)
{
    ad_pdf_xmp_facts x = {.title = "A & B <c>", .author = "龍ケ崎市", .subject = "s",
                          .keywords = "k", .creator = "auditdoc", .producer = "auditdoc",
                          .date = 1760486400, .has_date = true};
    size_t len;
    char *p = ad_pdf_xmp(&x, &len);
    ck_assert_uint_eq(len, strlen(p));
    ck_assert(strncmp(p, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>", 53) == 0);
    ck_assert_ptr_nonnull(strstr(p, "<rdf:li xml:lang=\"x-default\">A &amp; B &lt;c&gt;</rdf:li>"));
    ck_assert_ptr_nonnull(strstr(p, "<dc:creator><rdf:Seq><rdf:li>龍ケ崎市</rdf:li></rdf:Seq></dc:creator>"));
    ck_assert_ptr_nonnull(strstr(p, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">s</rdf:li>"));
    ck_assert_ptr_nonnull(strstr(p, "<xmp:ModifyDate>2025-10-15T00:00:00Z</xmp:ModifyDate>"));
    ck_assert_ptr_nonnull(strstr(p, "<pdf:Producer>auditdoc</pdf:Producer>"));
    ck_assert_ptr_nonnull(strstr(p, "<pdf:Keywords>k</pdf:Keywords>"));
    ck_assert_ptr_null(strstr(p, "pdfaid"));
    ck_assert_ptr_null(strstr(p, "pdfuaid"));
    ck_assert_ptr_nonnull(strstr(p, "</x:xmpmeta>\n<?xpacket end="));
    free(p);
    /* absent facts are left out; the claims when made */
    ad_pdf_xmp_facts y = {.pdfa_part = 1, .pdfa_conformance = "B", .pdfua_part = 1};
    p = ad_pdf_xmp(&y, &len);
    ck_assert_ptr_null(strstr(p, "dc:title"));
    ck_assert_ptr_null(strstr(p, "CreateDate"));
    ck_assert_ptr_nonnull(strstr(p, "<pdfaid:part>1</pdfaid:part>\n   <pdfaid:conformance>B</pdfaid:conformance>"));
    ck_assert_ptr_nonnull(strstr(p, "<pdfuaid:part>1</pdfuaid:part>"));
    free(p);
}
END_TEST

/* pdf_icc.c: Little CMS's sRGB as an ICC version 2.1 display profile with a
 * fixed date and no ID, so every run embeds the same bytes; pdf_writer.c:
 * with it the file has an OutputIntent and claims PDF/A-1b. */
START_TEST(srgb_output_intent_is_fixed_and_claimed)
{
    size_t len, len2;
    const unsigned char *p = ad_pdf_srgb_profile(&len);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_gt(len, 128);
    ck_assert_uint_eq(S_be32(p), len);         /* profile size */
    ck_assert_uint_eq(p[8], 2);                /* version 2.1: PDF/A-1 takes no later */
    ck_assert_uint_eq(p[9], 0x10);
    ck_assert(memcmp(p + 12, "mntrRGB XYZ ", 12) == 0);
    ck_assert(memcmp(p + 36, "acsp", 4) == 0);
    static const unsigned char date[12] = {0x07, 0xEA, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0};
    ck_assert(memcmp(p + 24, date, 12) == 0);
    static const unsigned char zero[16] = {0};
    ck_assert(memcmp(p + 84, zero, 16) == 0);
    ck_assert_ptr_eq(ad_pdf_srgb_profile(&len2), p);

    char *dir, *path;
    FILE *out = S_create(&dir, &path, "a.pdf");
    ad_pdfw *w = ad_pdfw_new(out);
    ad_pdf_srgb_intent(w);
    ad_err e = {0};
    ck_assert_int_eq(ad_pdfw_finish(w, path, &e), AD_OK);
    ck_assert_int_eq(fclose(out), 0);
    size_t n;
    char *d = tu_read(path, &n);
    ck_assert_ptr_nonnull(S_find(d, n, "/OutputIntents [<< /Type /OutputIntent /S /GTS_PDFA1 "
                                       "/OutputConditionIdentifier (sRGB IEC61966-2.1) "
                                       "/Info (sRGB IEC61966-2.1) /DestOutputProfile "));
    char icc_head[48];
    snprintf(icc_head, sizeof icc_head, "<< /N 3 /Length %zu >>\nstream\n", len);
    const char *icc = S_find(d, n, icc_head);
    ck_assert_ptr_nonnull(icc);
    icc += strlen(icc_head);
    ck_assert((size_t)(icc - d) + len <= n && memcmp(icc, p, len) == 0);
    ck_assert_ptr_nonnull(S_find(d, n, "<pdfaid:part>1</pdfaid:part>"));
    ck_assert_ptr_nonnull(S_find(d, n, "/Metadata "));
    S_check_xref(d, n);
    free(d);
    free(path);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* ---- numbers -------------------------------------------------------------------------- */

START_TEST(numbers_have_three_decimals_at_most)
{
    static const struct {
        double v;
        const char *want;
    } cases[] = {
        {0, "0"},          {-0.0, "0"},         {-0.0004, "0"},         {0.0004, "0"},
        {1.5, "1.5"},      {-2.25, "-2.25"},    {1234.5678, "1234.568"}, {0.001, "0.001"},
        {-0.001, "-0.001"}, {10, "10"},         {100.1, "100.1"},       {0.5, "0.5"},
        {595.276, "595.276"}, {841.8898, "841.89"}, {1e9, "1000000000"}, {-1e9, "-1000000000"},
        {0.9999, "1"},     {-0.9996, "-1"},     {2.0005, "2.001"},      {123456789.125, "123456789.125"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *s = S_num(cases[i].v);
        ck_assert_msg(strcmp(s, cases[i].want) == 0, "%.6f gave %s, want %s", cases[i].v, s,
                      cases[i].want);
        ck_assert_ptr_null(strpbrk(s, "eE+"));
        free(s);
    }
    /* appends, does not replace */
    ad_buf b = {0};
    ad_buf_puts(&b, "x ");
    ad_pdf_num(&b, 3.25);
    ck_assert_str_eq(b.s, "x 3.25");
    ad_buf_free(&b);
}
END_TEST

/* ---- a whole file ---------------------------------------------------------------------- */

#define TITLE "令和7年度 情報セキュリティ監査報告書"

/* The test document: A4 portrait then A5 landscape; text on both pages, a
 * link on page 1 to a dest on page 2, a filled and a stroked rectangle, a
 * clip, an outline of two levels (chapter 2 closed, with a grandchild). */
static void S_make_pdf(const char *path, ad_sfnt *gothic, ad_sfnt *mincho)
{
    FILE *out = fopen(path, "wb");
    ck_assert_ptr_nonnull(out);
    ad_pdfw *w = ad_pdfw_new(out);
    ad_pdfw_set_info(w, "Title", TITLE);
    ad_pdfw_set_info(w, "Author", "龍ケ崎市 (監査委員)");
    ad_pdfw_set_info(w, "Subject", "a (paren) and \\ backslash");
    ad_pdfw_set_info(w, "Creator", "auditdoc");
    ad_pdfw_set_info(w, "Bogus", "ignored");
    ad_pdfw_set_date(w, 1760486400); /* 2025-10-15 00:00:00 UTC */

    ad_pdfw_page(w, 595.276, 841.89);
    int g = ad_pdfw_font(w, gothic), m = ad_pdfw_font(w, mincho);
    ck_assert_int_eq(ad_pdfw_font(w, gothic), g);
    ck_assert_int_ne(g, m);
    int ch1 = ad_pdfw_outline(w, 0, "第1章 監査の概要", NULL, 72, 72, true);
    ad_pdfw_dest(w, "chap-1", 72, 72);
    S_text(w, gothic, g, 16, 0x000000, 72, 90, "監査報告書（令和7年度）");
    ad_pdfw_outline(w, ch1, "1.1 目的", NULL, 72, 120, true);
    S_text(w, mincho, m, 10.5, 0x1F3864, 72, 130, "情報資産の取扱いを確認した。");
    ad_pdfw_outline(w, ch1, "1.2 範囲", NULL, 72, 150, false);
    double end = S_text(w, gothic, g, 10.5, 0x0000FF, 72, 160, "第2章を参照");
    ad_pdfw_link(w, 72, 150, end - 72, 14, "chap-2");
    ad_pdfw_fill_rect(w, 0xD9E2F3, 72, 200, 200, 20);
    double r[8] = {72, 200, 200, 20, 72, 220, 200, 20};
    ad_pdfw_stroke_rects(w, 0x000000, 0.5, r, 2);
    ad_pdfw_clip(w, 72, 240, 30, 20);
    S_text(w, gothic, g, 10.5, 0, 72, 255, "切り取られる長い文字列");
    ad_pdfw_clip_end(w);
    /* single glyphs far apart on one baseline, one of them backwards: the TJ
     * adjustments must put each where it was asked */
    uint32_t x = ad_sfnt_glyph_of(gothic, 'X');
    ad_pdf_glyph gl[6] = {{x, 100, 300, "X", 1},     {x, 163.37, 300, "X", 1},
                          {x, 250.001, 300, "X", 1}, {x, 200.5, 300, "X", 1},
                          {x, 330.25, 300, "X", 1},  {x, 400, 300, "X", 1}};
    ad_pdfw_glyphs(w, g, 11, 0, gl, 3);
    ad_pdfw_glyphs(w, g, 11, 0, gl + 3, 2); /* continues the text object */
    ad_pdfw_glyphs(w, g, 7.5, 0, gl + 5, 1); /* another size on the same line */
    ad_pdfw_fill_rect(w, 0xFF0000, 420, 290, 5, 5); /* ends it */
    ad_pdfw_glyphs(w, m, 9, 0x00FF00, gl, 0);     /* nothing */

    ad_pdfw_page(w, 595.276, 419.528);
    ad_pdfw_dest(w, "chap-2", 72, 60);
    ad_pdfw_dest(w, "chap-2", 300, 300); /* the first wins */
    int ch2 = ad_pdfw_outline(w, 0, "第2章 監査の結果", "chap-2", 0, 0, false);
    int s21 = ad_pdfw_outline(w, ch2, "2.1 指摘事項", NULL, 72, 100, true);
    ad_pdfw_outline(w, s21, "2.1.1 パスワード", NULL, 72, 120, true);
    ad_pdfw_outline(w, ch2, "2.2 (その他) \\ 😀", "no-such-dest", 72, 140, true);
    S_text(w, gothic, g, 12, 0, 72, 80, "第2章 監査の結果 𠮷");
    ck_assert_int_eq(ad_pdfw_outline(w, 99, "bad parent", NULL, 0, 0, true), 0);
    ad_err e = {0};
    ck_assert_int_eq(ad_pdfw_finish(w, path, &e), AD_OK);
    ck_assert_int_eq(fclose(out), 0);
}

START_TEST(pdf_whole_file)
{
    char *dir = tu_tmpdir();
    char *a = ad_xasprintf("%s/a.pdf", dir), *b = ad_xasprintf("%s/b.pdf", dir);
    ad_sfnt *gothic = S_open(GOTHIC), *mincho = S_open(FONTS "/BIZUDMincho-Regular.ttf");
    S_make_pdf(a, gothic, mincho);
    S_make_pdf(b, gothic, mincho);
    size_t la, lb;
    char *da = tu_read(a, &la), *db = tu_read(b, &lb);
    ck_assert_ptr_nonnull(da);
    /* same calls, same bytes */
    ck_assert(la == lb && memcmp(da, db, la) == 0);
    ck_assert(strncmp(da, "%PDF-1.7\n%", 10) == 0);
    ck_assert_msg(la > 6 && strcmp(da + la - 6, "%%EOF\n") == 0, "no %%%%EOF at the end");
    S_check_xref(da, la);

    /* the uncompressed dictionaries: outline counts, names, info */
    ck_assert_ptr_nonnull(S_find(da, la, "/Type /Outlines"));
    ck_assert_msg(S_find(da, la, "/Count 4 >>") != NULL, "outline root: 4 visible entries");
    ck_assert_msg(S_find(da, la, "/Count 2 /Dest") != NULL, "chapter 1: open, 2 children");
    ck_assert_msg(S_find(da, la, "/Count -3 /Dest (chap-2)") != NULL, "chapter 2: closed, 3 below");
    ck_assert_msg(S_find(da, la, "/Count 1 /Dest") != NULL, "2.1: open, 1 child");
    ck_assert_ptr_nonnull(S_find(da, la, "/Names [ (chap-1) ["));
    ck_assert_ptr_nonnull(S_find(da, la, "/Dest (chap-2) >>"));
    ck_assert_ptr_nonnull(S_find(da, la, "/Subject (a \\(paren\\) and \\\\ backslash)"));
    ck_assert_ptr_nonnull(S_find(da, la, "/CreationDate (D:20251015000000Z)"));
    /* PDF/A: links print, each subset lists its CIDs, the XMP repeats the
     * information and (no output intent given here) claims nothing */
    ck_assert_ptr_nonnull(S_find(da, la, "/FontFile2 "));
    ck_assert_ptr_nonnull(S_find(da, la, "/CIDSet "));
    ck_assert_ptr_nonnull(S_find(da, la, "<< /Type /Metadata /Subtype /XML /Length "));
    ck_assert_ptr_nonnull(S_find(da, la, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" TITLE));
    ck_assert_ptr_nonnull(S_find(da, la, "<xmp:CreateDate>2025-10-15T00:00:00Z</xmp:CreateDate>"));
    ck_assert_ptr_null(S_find(da, la, "pdfaid"));
    ck_assert_ptr_null(S_find(da, la, "/OutputIntents"));
    ck_assert_ptr_null(S_find(da, la, "Bogus"));
    /* a non-BMP character in a text string: a surrogate pair */
    ck_assert_ptr_nonnull(S_find(da, la, "D83DDE00>"));

    char *out = NULL;
    int rc = tu_runf(&out, "qpdf --check '%s' 2>&1", a);
    ck_assert_msg(rc == 0 && strstr(out, "No syntax or stream encoding errors"), "%s", out);
    ck_assert_msg(strstr(out, "WARNING") == NULL, "%s", out);
    free(out);

    rc = tu_runf(&out, "pdfinfo -f 1 -l 2 '%s' 2>&1 | sed 's/  */ /g'", a);
    ck_assert_int_eq(rc, 0);
    ck_assert_msg(strstr(out, "Title: " TITLE "\n") != NULL, "%s", out);
    ck_assert_ptr_nonnull(strstr(out, "Author: 龍ケ崎市 (監査委員)\n"));
    ck_assert_ptr_nonnull(strstr(out, "Pages: 2\n"));
    ck_assert_ptr_nonnull(strstr(out, "Page 1 size: 595.276 x 841.89 pts (A4)"));
    ck_assert_ptr_nonnull(strstr(out, "Page 2 size: 595.276 x 419.528 pts"));
    ck_assert_ptr_nonnull(strstr(out, "PDF version: 1.7"));
    ck_assert_msg(tu_count(out, "Syntax") == 0, "%s", out);
    free(out);

    rc = tu_runf(&out, "pdffonts '%s' 2>&1", a);
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq((int)tu_count(out, "CID TrueType      Identity-H       yes yes yes"), 2);
    ck_assert_ptr_nonnull(strstr(out, "+BIZUDGothic-Regular "));
    ck_assert_ptr_nonnull(strstr(out, "+BIZUDMincho-Regular "));
    free(out);

    rc = tu_runf(&out, "pdftotext -enc UTF-8 '%s' - 2>&1 | tr -d ' \\n'", a);
    ck_assert_int_eq(rc, 0);
    ck_assert_msg(strstr(out, "監査報告書（令和7年度）") != NULL, "%s", out);
    ck_assert_ptr_nonnull(strstr(out, "情報資産の取扱いを確認した。"));
    ck_assert_ptr_nonnull(strstr(out, "第2章を参照"));
    ck_assert_ptr_nonnull(strstr(out, "第2章監査の結果"));
    free(out);
    /* glyph positions: each X where it was asked (pdftotext -bbox words) */
    rc = tu_runf(&out, "pdftotext -f 1 -l 1 -bbox '%s' - 2>&1 | grep '>X</word>'", a);
    ck_assert_int_eq(rc, 0);
    static const double want_x[6] = {100, 163.37, 200.5, 250.001, 330.25, 400};
    size_t found = 0;
    for (const char *p = out; (p = strstr(p, "xMin=\"")) != NULL; p++) {
        double v = atof(p + 6);
        for (int k = 0; k < 6; k++)
            if (fabs(v - want_x[k]) < 0.01)
                found |= (size_t)1 << k;
    }
    ck_assert_msg(found == 63, "X positions (mask %zu): %s", found, out);
    free(out);
    /* the content streams: text objects and saved states balanced, no path
     * operator inside a text object */
    rc = tu_runf(&out,
                 "qpdf --qdf --object-streams=disable '%s' - 2>/dev/null"
                 " | grep -a -x -E 'BT|ET|q|Q|f|S|W n|.* (re|Tm|Tf)'",
                 a);
    ck_assert_int_eq(rc, 0);
    int depth_q = 0, bt = 0, n_bt = 0;
    for (char *line = out; line && *line;) {
        char *nl = strchr(line, '\n');
        size_t ll = nl ? (size_t)(nl - line) : strlen(line);
        if (ll == 2 && memcmp(line, "BT", 2) == 0) {
            ck_assert_int_eq(bt++, 0);
            n_bt++;
        } else if (ll == 2 && memcmp(line, "ET", 2) == 0) {
            ck_assert_int_eq(bt--, 1);
        } else if (ll == 1 && line[0] == 'q') {
            ck_assert_int_eq(bt, 0);
            depth_q++;
        } else if (ll == 1 && line[0] == 'Q') {
            ck_assert_int_ge(--depth_q, 0);
        } else if (bt && ((ll > 3 && memcmp(line + ll - 3, " re", 3) == 0) ||
                          (ll == 1 && (line[0] == 'f' || line[0] == 'S')) ||
                          (ll == 3 && memcmp(line, "W n", 3) == 0))) {
            ck_abort_msg("path inside a text object: %.*s", (int)ll, line);
        }
        line = nl ? nl + 1 : NULL;
    }
    ck_assert_int_eq(bt, 0);
    ck_assert_int_eq(depth_q, 0);
    ck_assert_int_ge(n_bt, 4);
    free(out);

    /* the outline as qpdf reads it: titles, open state, destinations' pages */
    rc = tu_runf(&out, "qpdf --json --json-key=outlines '%s' 2>&1", a);
    ck_assert_int_eq(rc, 0);
    ck_assert_msg(strstr(out, "\"title\": \"第2章 監査の結果\"") != NULL, "%s", out);
    ck_assert_ptr_nonnull(strstr(out, "\"title\": \"2.1.1 パスワード\""));
    ck_assert_ptr_nonnull(strstr(out, "\"title\": \"2.2 (その他) \\\\ 😀\""));
    ck_assert_int_eq((int)tu_count(out, "\"open\": false"), 1);
    ck_assert_int_eq((int)tu_count(out, "\"title\""), 7);
    ck_assert_int_eq((int)tu_count(out, "\"destpageposfrom1\": 1"), 3);
    ck_assert_int_eq((int)tu_count(out, "\"destpageposfrom1\": 2"), 4);
    free(out);

    /* the named destinations as poppler resolves them: page and position
     * (y from the top: 419.528 - 60), the first "chap-2" kept */
    rc = tu_runf(&out, "pdfinfo -dests '%s' 2>&1 | sed 's/  */ /g'", a);
    ck_assert_int_eq(rc, 0);
    ck_assert_msg(strstr(out, " 1 [ XYZ 72 770 null ] \"chap-1\"") &&
                      strstr(out, " 2 [ XYZ 72 360 null ] \"chap-2\""),
                  "%s", out);
    free(out);
    /* the link on page 1: its rectangle in PDF coordinates, to the name */
    ck_assert_ptr_nonnull(S_find(da, la, "/Subtype /Link /Rect [72 677.89 "));
    ck_assert_ptr_nonnull(S_find(da, la, "691.89] /Border [0 0 0] /F 4 /Dest (chap-2) >>"));
    ck_assert_ptr_nonnull(S_find(da, la, "/MediaBox [0 0 595.276 841.89] /Resources 3 0 R "
                                         "/Contents 6 0 R /Annots [5 0 R] >>"));

    /* mupdf, when installed: renders every page without a warning */
    if (tu_have("mutool")) {
        char *png = ad_xasprintf("%s/p%%d.png", dir);
        /* (this mupdf build always says it has no ICC support) */
        rc = tu_runf(&out, "mutool draw -q -r 36 -o '%s' '%s' 2>&1 | grep -v 'ICC support'",
                     png, a);
        ck_assert_msg(out[0] == 0, "mutool draw: %s", out);
        free(out);
        char *p2 = ad_xasprintf("%s/p2.png", dir);
        size_t pl = 0;
        char *png2 = tu_read(p2, &pl);
        ck_assert_msg(png2 && pl > 8 && memcmp(png2, "\x89PNG", 4) == 0, "no image of page 2");
        free(png2);
        free(p2);
        rc = tu_runf(&out, "mutool info '%s' 2>&1 | grep -v 'ICC support'", a);
        ck_assert_msg(strstr(out, "Pages: 2") && !strstr(out, "warning") && !strstr(out, "error"),
                      "mutool info: %s", out);
        free(out);
        free(png);
    } else {
        fprintf(stderr, "pdf_whole_file: mutool not installed, mupdf check skipped\n");
    }

    free(da);
    free(db);
    ad_sfnt_close(gothic);
    ad_sfnt_close(mincho);
    free(a);
    free(b);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* The smallest use: no page, no font, nothing drawn; finish still makes a
 * valid one-page file, and drawing calls before the first page are ignored. */
START_TEST(pdf_empty_file)
{
    char *dir, *path;
    FILE *out = S_create(&dir, &path, "empty.pdf");
    ad_pdfw *w = ad_pdfw_new(out);
    ad_pdfw_fill_rect(w, 0xFF0000, 0, 0, 10, 10);
    ad_pdfw_clip(w, 0, 0, 10, 10);
    ad_pdfw_clip_end(w);
    ad_pdfw_clip_end(w);
    ad_pdfw_dest(w, "x", 0, 0);
    ad_pdfw_link(w, 0, 0, 1, 1, "x");
    ck_assert_int_eq(ad_pdfw_outline(w, 0, "t", NULL, 0, 0, true), 0);
    size_t len;
    char *d = S_finish_read(w, out, path, &len);
    ck_assert_ptr_null(S_find(d, len, "/Outlines"));
    ck_assert_ptr_null(S_find(d, len, "/Annots"));
    ck_assert_ptr_null(S_find(d, len, "/Dests"));
    ck_assert_ptr_null(S_find(d, len, "/CreationDate"));
    S_qpdf_clean(path);
    char *o = NULL;
    ad_err e = {0};
    ck_assert_int_eq(tu_runf(&o, "pdfinfo '%s' 2>&1 | sed 's/  */ /g'", path), 0);
    ck_assert_ptr_nonnull(strstr(o, "Pages: 1\n"));
    ck_assert_ptr_nonnull(strstr(o, "Page size: 595.276 x 841.89 pts (A4)"));
    free(o);
    /* a clip left open at the end of a page is closed: q and Q balance */
    free(d);
    out = fopen(path, "wb");
    w = ad_pdfw_new(out);
    ad_pdfw_page(w, 100, 100);
    ad_pdfw_clip(w, 0, 0, 50, 50);
    ad_pdfw_clip(w, 0, 0, 20, 20);
    ad_pdfw_page(w, 100, 100);
    ck_assert_int_eq(ad_pdfw_finish(w, path, &e), AD_OK);
    fclose(out);
    ck_assert_int_eq(tu_runf(&o, "qpdf --qdf --object-streams=disable '%s' - 2>/dev/null", path),
                     0);
    ck_assert_int_eq((int)tu_count(o, "q\n"), 2);
    ck_assert_int_eq((int)tu_count(o, "Q\n"), 2);
    free(o);
    free(path);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* pdf_struct.c through the writer: marked content by MCID for elements,
 * Artifacts for what is drawn untold, the parent tree from each page's
 * MCIDs and each link, elements without content left out (cells kept),
 * content before the kids made after it, the catalog's entries and the
 * pdfuaid claim with its PDF/A-1 extension schema. */
START_TEST(tagged_file)
{
    char *dir, *path;
    FILE *out = S_create(&dir, &path, "tagged.pdf");
    ad_sfnt *gothic = S_open(GOTHIC);
    ad_pdfw *w = ad_pdfw_new(out);
    ad_pdfw_output_intent(w, "icc", 3, NULL);
    int doc = ad_pdfw_struct(w, 0, "Document");
    int h1 = ad_pdfw_struct(w, doc, "H1");
    int empty = ad_pdfw_struct(w, doc, "P"); /* never drawn: left out */
    int li = ad_pdfw_struct(w, doc, "LBody");
    int nested = ad_pdfw_struct(w, li, "L"); /* made before li's own text is drawn */
    int item = ad_pdfw_struct(w, nested, "LBody");
    int table = ad_pdfw_struct(w, doc, "Table");
    int tr = ad_pdfw_struct(w, table, "TR");
    int th = ad_pdfw_struct(w, tr, "TH");
    ad_pdfw_struct_cell(w, th, 'R', 2, 1);
    int td = ad_pdfw_struct(w, tr, "TD"); /* empty, kept */
    ad_pdfw_struct_text(w, td, "E", "適正");
    int link = ad_pdfw_struct(w, doc, "Link");
    (void)empty;
    int g = ad_pdfw_font(w, gothic);
    ad_pdfw_page(w, 595.276, 841.89);
    ad_pdfw_tag(w, AD_PDF_PAGINATION);
    S_text(w, gothic, g, 9, 0, 280, 820, "- 1 -");
    ad_pdfw_tag(w, h1);
    S_text(w, gothic, g, 14, 0, 72, 72, "見出し");
    ad_pdfw_tag(w, h1); /* the same element again: one sequence */
    S_text(w, gothic, g, 14, 0, 72, 90, "続き");
    ad_pdfw_tag_end(w);
    ad_pdfw_fill_rect(w, 0xD9E2F3, 72, 100, 100, 20); /* untold: an Artifact */
    ad_pdfw_tag(w, item);
    S_text(w, gothic, g, 10.5, 0, 90, 140, "入れ子");
    ad_pdfw_tag(w, li);
    S_text(w, gothic, g, 10.5, 0, 72, 120, "項目");
    ad_pdfw_tag(w, th);
    S_text(w, gothic, g, 10.5, 0, 72, 160, "行見出し");
    ad_pdfw_tag(w, link);
    S_text(w, gothic, g, 10.5, 0, 72, 180, "議題1");
    ad_pdfw_tag_end(w);
    ad_pdfw_link_tag(w, link, "議題1の資料へ");
    ad_pdfw_dest(w, "x", 0, 0);
    ad_pdfw_link(w, 72, 170, 50, 14, "x");
    ad_pdfw_link_tag(w, 0, NULL);
    ad_pdfw_page(w, 595.276, 841.89); /* a page of artifacts only */
    ad_pdfw_fill_rect(w, 0xD9E2F3, 72, 100, 100, 20);
    ad_pdfw_page(w, 595.276, 841.89);
    ad_pdfw_tag(w, th); /* the cell goes on: an MCR of another page */
    S_text(w, gothic, g, 10.5, 0, 72, 72, "続く");
    size_t len;
    char *d = S_finish_read(w, out, path, &len);
    static const char *const present[] = {
        "/MarkInfo << /Marked true >>", "/StructTreeRoot ", "<pdfuaid:part>1</pdfuaid:part>",
        "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>", "/StructParents 0",
        "/StructParents 2", /* page 2 has no marked content, no key */
        "/Tabs /S", "/StructParent 1 /Contents <FEFF", "/Type /OBJR /Pg ", "/Type /MCR /Pg ",
        "/A << /O /Table /Scope /Row /RowSpan 2 >>", "/S /TD /P ",
        "/E <FEFF90696B63>", /* 適正 */
    };
    for (size_t i = 0; i < sizeof present / sizeof *present; i++)
        ck_assert_msg(S_find(d, len, present[i]) != NULL, "no %s", present[i]);
    ck_assert_ptr_null(S_find(d, len, "/StructParents 3"));
    ck_assert_ptr_null(S_find(d, len, "/S /P ")); /* the empty paragraph */
    /* the outer LBody: its own text (MCID 2, drawn after the nested item's
     * MCID 1) before the nested list made earlier */
    const char *lb = S_find(d, len, "/S /LBody");
    ck_assert_ptr_nonnull(strstr(lb, "/K [2 "));
    char *o = NULL;
    ck_assert_int_eq(tu_runf(&o, "qpdf --qdf --object-streams=disable '%s' - 2>/dev/null", path), 0);
    ck_assert_ptr_nonnull(strstr(o, "/Artifact <</Type /Pagination>> BDC\n"));
    ck_assert_ptr_nonnull(strstr(o, "/H1 <</MCID 0>> BDC\n"));
    ck_assert_ptr_null(strstr(o, "/H1 <</MCID 1>>"));
    ck_assert_ptr_nonnull(strstr(o, "/Artifact BMC\n"));
    ck_assert_ptr_nonnull(strstr(o, "/LBody <</MCID 1>> BDC\n"));
    ck_assert_int_eq((int)tu_count(o, "BDC\n") + (int)tu_count(o, "BMC\n"), (int)tu_count(o, "EMC\n"));
    free(o);
    S_qpdf_clean(path);
    free(d);
    ad_sfnt_close(gothic);
    free(path);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* ---- regressions found in review ------------------------------------------------ */

/* pdf_font.c S_find_cmap (when it read the cmap itself; HarfBuzz does now):
 * a cmap encoding record whose 32-bit offset wraps when 4 is added is
 * followed outside the mapping. */
START_TEST(cmap_offset_that_wraps_is_refused)
{
    char *dir = tu_tmpdir();
    size_t len;
    unsigned char *font = (unsigned char *)tu_read(GOTHIC, &len);
    unsigned char *rec = S_table_rec(font, len, "cmap");
    unsigned char *cmap = font + S_be32(rec + 8);
    for (unsigned i = 0; i < S_be16(cmap + 2); i++)
        S_put32(cmap + 8 + 8 * i, 0xFFFFFFFEu);
    char *path = ad_xasprintf("%s/cmapwrap.ttf", dir);
    ck_assert(S_write_bytes(path, font, len));
    ad_err e = {0};
    ad_sfnt *f = ad_hb_sfnt_open(NULL, path, 0, &e); /* crashed here */
    if (f)
        ck_assert_uint_eq(ad_sfnt_glyph_of(f, 'A'), 0);
    ad_sfnt_close(f);
    free(path);
    free(font);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* pdf_font.c ad_pdf_num: NaN and huge values (llround out of range) give
 * LLONG_MIN, whose negation is undefined; the output is garbage. */
START_TEST(numbers_not_finite_or_huge_are_clamped)
{
    char *s = S_num(NAN);
    ck_assert_str_eq(s, "0");
    free(s);
    s = S_num(1e300);
    ck_assert_ptr_null(strchr(s, '-'));
    free(s);
}
END_TEST

/* pdf_writer.c ad_pdfw_finish: the stream is not flushed, so a write error
 * that shows only when stdio's buffer is flushed is not reported. */
START_TEST(finish_reports_write_errors_seen_at_flush)
{
    FILE *out = fopen("/dev/full", "wb");
    if (!out)
        return;
    ad_pdfw *w = ad_pdfw_new(out);
    ad_pdfw_page(w, 100, 100);
    ad_err e = {0};
    ck_assert_int_eq(ad_pdfw_finish(w, "/dev/full", &e), AD_ERR_IO);
    ck_assert_ptr_nonnull(strstr(e.msg, "/dev/full"));
    fclose(out);
}
END_TEST

/* pdf_writer.c ad_pdfw_finish: the /Dests name tree is sorted by the UTF-8
 * names, but its keys are the encoded strings (a literal for ASCII, UTF-16BE
 * with FEFF otherwise): "b" must come before <FEFF 0061 00E9> ("aé"), and
 * readers that binary-search the array (pdf.js, mupdf) miss the other. */
START_TEST(name_tree_sorted_by_encoded_key)
{
    char *dir = tu_tmpdir();
    char *path = ad_xasprintf("%s/names.pdf", dir);
    FILE *out = fopen(path, "wb");
    ad_pdfw *w = ad_pdfw_new(out);
    ad_pdfw_page(w, 100, 100);
    ad_pdfw_dest(w, "b", 0, 0);
    ad_pdfw_dest(w, "a\xC3\xA9", 0, 0);
    ad_err e = {0};
    ck_assert_int_eq(ad_pdfw_finish(w, path, &e), AD_OK);
    fclose(out);
    size_t len;
    char *d = tu_read(path, &len);
    const char *b = S_find(d, len, "(b) ["), *ae = S_find(d, len, "<FEFF006100E9> [");
    ck_assert(b && ae);
    ck_assert_msg(b < ae, "name tree keys out of byte order");
    free(d);
    free(path);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pdf");
    TCase *tc = tcase_create("fonts");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, sfnt_opens_the_bundled_fonts);
    tcase_add_test(tc, sfnt_refuses_unusable_files);
    tcase_add_test(tc, hb_values_match_the_tables);
    tcase_add_test(tc, hb_font_from_pangos_face);
    tcase_add_test(tc, sfnt_source_with_a_damaged_table_is_refused);
    tcase_add_test(tc, subset_numbers_glyphs_by_first_use);
    tcase_add_test(tc, subset_is_a_truetype_file);
    tcase_add_test(tc, subset_adds_and_renumbers_composite_components);
    tcase_add_test(tc, subset_spaced_glyph_is_a_copy_with_a_wider_advance);
    tcase_add_test(tc, subset_of_a_damaged_glyf_fails_cleanly);
    suite_add_tcase(s, tc);
    tc = tcase_create("writer");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, values_are_written_with_their_syntax);
    tcase_add_test(tc, objects_and_streams_in_any_order);
    tcase_add_test(tc, xmp_packet_holds_the_information);
    tcase_add_test(tc, srgb_output_intent_is_fixed_and_claimed);
    tcase_add_test(tc, numbers_have_three_decimals_at_most);
    tcase_add_test(tc, pdf_whole_file);
    tcase_add_test(tc, pdf_empty_file);
    tcase_add_test(tc, tagged_file);
    suite_add_tcase(s, tc);
    tc = tcase_create("regressions");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, cmap_offset_that_wraps_is_refused);
    tcase_add_test(tc, numbers_not_finite_or_huge_are_clamped);
    tcase_add_test(tc, finish_reports_write_errors_seen_at_flush);
    tcase_add_test(tc, name_tree_sorted_by_encoded_key);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
