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
 * "monospace" (Pango's choice for the hex boxes of missing characters) is
 * a copy of the regular Gothic under a family name of its own.  The PDF
 * writer (pdf_font.c) maps the font files itself. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "typeset_int.h"


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


/* Adds the hex-box copy of the regular Gothic from path: the family Pango's
 * "monospace" resolves to (it measures the boxes of missing characters). */
static void S_add_hexbox(FcConfig *cfg, const char *path)
{
    FcFontSet *set = FcConfigGetFonts(cfg, FcSetApplication);
    int n = set ? set->nfont : 0;
    for (int i = 0; i < n; i++) {
        FcChar8 *file = NULL;
        if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch ||
            strcmp((const char *)file, path) != 0)
            continue;
        FcPattern *dup = FcPatternDuplicate(set->fonts[i]);
        FcPatternDel(dup, FC_FAMILY);
        FcPatternDel(dup, FC_FAMILYLANG);
        FcPatternDel(dup, FC_FULLNAME);
        FcPatternDel(dup, FC_FULLNAMELANG);
        FcPatternAddString(dup, FC_FAMILY, (const FcChar8 *)S_FAMILY_HEXBOX);
        if (!FcFontSetAdd(set, dup))
            FcPatternDestroy(dup);
        return;
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
        if (i == 1)
            S_add_hexbox(cfg, path);
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
