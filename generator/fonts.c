/* fonts.c — the fonts the PDFs use: a private fontconfig configuration that
 * knows only the files in fonts/ (never the host's fonts), and one PangoCairo
 * font map on it.
 *
 * Required files: BIZ UDMincho (body), BIZ UDGothic Regular and Bold
 * (headings, tables, emphasis).  BIZ UDMincho has no bold face: bold runs in
 * Mincho text are set in BIZ UDGothic Bold, the usual Japanese practice for
 * emphasis (typeset.c), rather than a smeared synthetic bold.  (The
 * proportional BIZ UDPGothic is not shipped: no style uses it, and each
 * font file costs every build the time fontconfig takes to read it.)
 *
 * Cairo's faces: PangoCairo measures glyph ink through Cairo, which opens
 * its own FreeType face of each file.  It gets one private copy-on-write
 * mapping per file instead, in which the (3,1) cmap is renamed (0,3) and no
 * charmap is selected: Cairo never needs a character lookup (it only gets
 * glyph numbers), and once needed one that read the whole 55 KB cmap per
 * glyph.  Pango shapes with HarfBuzz from the file itself.  The PDF writer
 * (pdf_font.c) maps the files separately.  "monospace" (Pango's choice for
 * the hex boxes of missing characters) is a separate, untouched face. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "typeset_int.h"

#include <fontconfig/fcfreetype.h> /* after fontconfig.h */

typedef struct {
    const char *file;
    const char *family;
    bool required;
} S_font_file;

static const S_font_file S_files[] = {
    {"BIZUDMincho-Regular.ttf", "BIZ UDMincho", true},
    {"BIZUDGothic-Regular.ttf", "BIZ UDGothic", true},
    {"BIZUDGothic-Bold.ttf", "BIZ UDGothic", true},
};

/* The family of the untouched face the hex boxes use. */
#define S_FAMILY_HEXBOX AD_FAMILY_GOTHIC " HexBox"

/* No <dir>, no <include>, no cache: the generic names Pango may ask for
 * (its hex boxes use "monospace") map to the bundled families. */
static const char S_config_xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">\n"
    "<fontconfig>\n"
    "  <alias binding=\"same\"><family>serif</family>"
    "<prefer><family>" AD_FAMILY_MINCHO "</family></prefer></alias>\n"
    "  <alias binding=\"same\"><family>sans-serif</family>"
    "<prefer><family>" AD_FAMILY_GOTHIC "</family></prefer></alias>\n"
    "  <alias binding=\"same\"><family>monospace</family>"
    "<prefer><family>" S_FAMILY_HEXBOX "</family></prefer></alias>\n"
    "</fontconfig>\n";

/* True when the application font set holds a face from path whose family
 * list names family. */
static bool S_has_face(FcConfig *cfg, const char *path, const char *family)
{
    FcFontSet *set = FcConfigGetFonts(cfg, FcSetApplication);
    if (!set)
        return false;
    for (int i = 0; i < set->nfont; i++) {
        FcChar8 *file = NULL;
        if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch ||
            strcmp((const char *)file, path) != 0)
            continue;
        FcChar8 *fam = NULL;
        for (int k = 0; FcPatternGetString(set->fonts[i], FC_FAMILY, k, &fam) == FcResultMatch; k++)
            if (strcmp((const char *)fam, family) == 0)
                return true;
    }
    return false;
}


/* ---- Cairo's faces ---------------------------------------------------------
 * One per file and process, shared by every ad_fonts and never freed: Cairo
 * keeps fonts in its global caches beyond any font map's life. */

typedef struct {
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    int index;
    FT_Face face;
} S_face;

static pthread_mutex_t S_faces_lock = PTHREAD_MUTEX_INITIALIZER;
static FT_Library S_ft;
static S_face *S_faces;
static size_t S_n_faces, S_cap_faces;

static uint16_t S_be16(const unsigned char *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t S_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Renames the (3,1) cmap subtables of the TrueType font at b (len bytes,
 * writable) to (0,3).  False when there is nothing to rename. */
static bool S_hide_cmap(unsigned char *b, size_t len)
{
    if (len < 12)
        return false;
    uint32_t tag = S_be32(b);
    if (tag != 0x00010000u && tag != 0x74727565u /* true */)
        return false;
    size_t n = S_be16(b + 4);
    if (12 + 16 * n > len)
        return false;
    bool done = false;
    for (size_t i = 0; i < n; i++) {
        const unsigned char *r = b + 12 + 16 * i;
        if (S_be32(r) != 0x636D6170u /* cmap */)
            continue;
        size_t off = S_be32(r + 8), tlen = S_be32(r + 12);
        if (off > len || tlen > len - off || tlen < 4)
            return false;
        unsigned char *c = b + off;
        size_t nt = S_be16(c + 2);
        if (4 + 8 * nt > tlen)
            return false;
        for (size_t k = 0; k < nt; k++) {
            unsigned char *e = c + 4 + 8 * k;
            if (S_be16(e) == 3 && S_be16(e + 2) == 1) {
                e[0] = 0, e[1] = 0, e[2] = 0, e[3] = 3;
                done = true;
            }
        }
    }
    return done;
}

/* Cairo's face of font index of the file at path, or NULL (then Cairo opens
 * the file itself, as usual). */
static FT_Face S_cairo_face(const char *path, int index)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    FT_Face face = NULL;
    if (fstat(fd, &st) != 0 || st.st_size <= 0) {
        close(fd);
        return NULL;
    }
    pthread_mutex_lock(&S_faces_lock);
    for (size_t i = 0; i < S_n_faces && !face; i++) {
        S_face *f = &S_faces[i];
        if (f->dev == st.st_dev && f->ino == st.st_ino && f->size == st.st_size &&
            f->mtime.tv_sec == st.st_mtim.tv_sec && f->mtime.tv_nsec == st.st_mtim.tv_nsec &&
            f->index == index)
            face = f->face;
    }
    if (!face && (S_ft || FT_Init_FreeType(&S_ft) == 0)) {
        size_t len = (size_t)st.st_size;
        void *map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
        if (map != MAP_FAILED && S_hide_cmap(map, len) &&
            FT_New_Memory_Face(S_ft, map, (FT_Long)len, index, &face) == 0) {
            face->charmap = NULL; /* FT_Get_First_Char then finds nothing at once */
            AD_VEC_PUSH(S_faces, S_n_faces, S_cap_faces) =
                (S_face){st.st_dev, st.st_ino, st.st_size, st.st_mtim, index, face};
        } else {
            face = NULL;
            if (map != MAP_FAILED)
                munmap(map, len);
        }
    }
    pthread_mutex_unlock(&S_faces_lock);
    close(fd);
    return face;
}

/* Gives the faces from path their Cairo face, and adds the hex-box copy of
 * the regular Gothic. */
static void S_attach_faces(FcConfig *cfg, const char *path, bool hexbox)
{
    FcFontSet *set = FcConfigGetFonts(cfg, FcSetApplication);
    int n = set ? set->nfont : 0;
    for (int i = 0; i < n; i++) {
        FcChar8 *file = NULL;
        FT_Face old = NULL;
        int index = 0;
        if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch ||
            strcmp((const char *)file, path) != 0 ||
            FcPatternGetFTFace(set->fonts[i], FC_FT_FACE, 0, &old) == FcResultMatch)
            continue;
        if (hexbox) {
            FcPattern *dup = FcPatternDuplicate(set->fonts[i]);
            FcPatternDel(dup, FC_FAMILY);
            FcPatternDel(dup, FC_FAMILYLANG);
            FcPatternDel(dup, FC_FULLNAME);
            FcPatternDel(dup, FC_FULLNAMELANG);
            FcPatternAddString(dup, FC_FAMILY, (const FcChar8 *)S_FAMILY_HEXBOX);
            if (!FcFontSetAdd(set, dup))
                FcPatternDestroy(dup);
            hexbox = false;
        }
        FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &index);
        FT_Face face = S_cairo_face(path, index);
        if (face)
            FcPatternAddFTFace(set->fonts[i], FC_FT_FACE, face);
    }
}

struct ad_font_scan {
    FcConfig *config;
};

ad_font_scan *ad_fonts_scan(const char *fonts_dir, ad_err *e)
{
    if (!fonts_dir || !*fonts_dir) {
        ad_fail(e, AD_ERR_FONT, "no fonts folder given");
        return NULL;
    }
    FcConfig *cfg = FcConfigCreate();
    if (!cfg || !FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)S_config_xml, FcTrue)) {
        if (cfg)
            FcConfigDestroy(cfg);
        ad_fail(e, AD_ERR_FONT, "cannot set up the font configuration");
        return NULL;
    }
    for (size_t i = 0; i < sizeof S_files / sizeof S_files[0]; i++) {
        char *path = ad_xasprintf("%s/%s", fonts_dir, S_files[i].file);
        struct stat st;
        bool present = stat(path, &st) == 0;
        if (!present && !S_files[i].required) {
            free(path);
            continue;
        }
        if (!present || !S_ISREG(st.st_mode)) {
            ad_fail(e, AD_ERR_FONT, "%s: font file missing (%s); reinstall auditdoc's fonts folder",
                    path, present ? "not a file" : strerror(errno));
            free(path);
            FcConfigDestroy(cfg);
            return NULL;
        }
        if (!FcConfigAppFontAddFile(cfg, (const FcChar8 *)path) ||
            !S_has_face(cfg, path, S_files[i].family)) {
            ad_fail(e, AD_ERR_FONT,
                    "%s: not a usable font (expected the %s TrueType font); reinstall auditdoc's fonts folder",
                    path, S_files[i].family);
            free(path);
            FcConfigDestroy(cfg);
            return NULL;
        }
        S_attach_faces(cfg, path, i == 1);
        free(path);
    }
    ad_font_scan *sc = ad_xcalloc(1, sizeof *sc);
    sc->config = cfg;
    return sc;
}

void ad_font_scan_free(ad_font_scan *sc)
{
    if (!sc)
        return;
    FcConfigDestroy(sc->config);
    free(sc);
}

ad_fonts *ad_fonts_open(ad_font_scan *sc, ad_err *e)
{
    FcConfig *cfg = FcConfigReference(sc->config);
    /* Pango's font map starts a thread that runs FcInit, which reads the
     * host's whole font configuration and caches (a tenth of a small build)
     * only to be replaced by ours: with ours current, FcInit has nothing to do. */
    FcConfigSetCurrent(cfg);
    ad_fonts *f = ad_xcalloc(1, sizeof *f);
    f->config = cfg;
    f->fontmap = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (!f->fontmap) {
        FcConfigDestroy(cfg);
        free(f);
        ad_fail(e, AD_ERR_FONT, "cannot create a FreeType font map");
        return NULL;
    }
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->fontmap), cfg);
    pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(f->fontmap), 72.0);
    return f;
}

ad_fonts *ad_fonts_load(const char *fonts_dir, ad_err *e)
{
    ad_font_scan *sc = ad_fonts_scan(fonts_dir, e);
    if (!sc)
        return NULL;
    ad_fonts *f = ad_fonts_open(sc, e);
    ad_font_scan_free(sc);
    return f;
}

void ad_fonts_free(ad_fonts *f)
{
    if (!f)
        return;
    ad_ts_cache_free(f->cache); /* its layouts hold the font map's fonts */
    for (size_t i = 0; i < f->n_sfnt; i++) {
        free(f->sfnt[i].path);
        ad_sfnt_close(f->sfnt[i].sf);
    }
    free(f->sfnt);
    if (f->fontmap)
        g_object_unref(f->fontmap); /* drops its own reference to config */
    if (f->config)
        FcConfigDestroy(f->config);
    free(f);
}

ad_sfnt *ad_fonts_sfnt(ad_fonts *f, const char *path, int index, ad_err *e)
{
    for (size_t i = 0; i < f->n_sfnt; i++)
        if (f->sfnt[i].index == index && strcmp(f->sfnt[i].path, path) == 0)
            return f->sfnt[i].sf;
    ad_sfnt *sf = ad_sfnt_open(path, index, e);
    if (sf)
        AD_VEC_PUSH(f->sfnt, f->n_sfnt, f->cap_sfnt) =
            (struct ad_fonts_sfnt){ad_xstrdup(path), index, sf};
    return sf;
}

PangoContext *ad_fonts_context(ad_fonts *f)
{
    PangoContext *ctx = pango_font_map_create_context(f->fontmap);
    pango_cairo_context_set_resolution(ctx, 72.0);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_subpixel_order(fo, CAIRO_SUBPIXEL_ORDER_DEFAULT);
    pango_cairo_context_set_font_options(ctx, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(ctx, FALSE);
    pango_context_set_language(ctx, pango_language_from_string("ja-jp"));
    pango_context_set_base_dir(ctx, PANGO_DIRECTION_LTR);
    return ctx;
}
