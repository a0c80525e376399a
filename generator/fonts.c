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
 * writer gets the faces Pango loaded, read through HarfBuzz (fonts_hb.c). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fonts_hb.h"
#include "fsutil.h"
#include "hash.h"
#include "typeset_int.h"


typedef struct {
    const char *file;
    const char *family;
} S_font_file;

static const S_font_file S_files[] = {
    {"BIZUDMincho-Regular.ttf", "BIZ UDMincho"},
    {"BIZUDGothic-Regular.ttf", "BIZ UDGothic"}, /* [1]: the hex boxes' face */
    {"BIZUDGothic-Bold.ttf", "BIZ UDGothic"},
};

/* The family of the untouched face the hex boxes use. */
#define S_FAMILY_HEXBOX AD_FAMILY_GOTHIC " HexBox"

/* No <dir>, no <include>: the generic names Pango may ask for (its hex boxes
 * use "monospace") map to the bundled families.  S_config adds the cache
 * folder, when there is one, and accepts only the files of S_files from
 * the fonts folder (another font a user drops there changes nothing). */
static const char S_config_aliases[] =
    "  <alias binding=\"same\"><family>serif</family>"
    "<prefer><family>" AD_FAMILY_MINCHO "</family></prefer></alias>\n"
    "  <alias binding=\"same\"><family>sans-serif</family>"
    "<prefer><family>" AD_FAMILY_GOTHIC "</family></prefer></alias>\n"
    "  <alias binding=\"same\"><family>monospace</family>"
    "<prefer><family>" S_FAMILY_HEXBOX "</family></prefer></alias>\n";

static void S_xml_text(ad_buf *b, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '&': ad_buf_puts(b, "&amp;"); break;
        case '<': ad_buf_puts(b, "&lt;"); break;
        case '>': ad_buf_puts(b, "&gt;"); break;
        default: ad_buf_putc(b, *s); break;
        }
}

static char *S_config(const char *cache)
{
    ad_buf b = {0};
    ad_buf_puts(&b, "<?xml version=\"1.0\"?>\n"
                    "<!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">\n"
                    "<fontconfig>\n");
    ad_buf_puts(&b, S_config_aliases);
    if (cache) {
        ad_buf_puts(&b, "  <cachedir>");
        S_xml_text(&b, cache);
        ad_buf_puts(&b, "</cachedir>\n  <selectfont><acceptfont>");
        for (size_t i = 0; i < sizeof S_files / sizeof S_files[0]; i++)
            ad_buf_printf(&b, "<glob>*/%s</glob>", S_files[i].file);
        ad_buf_puts(&b, "</acceptfont><rejectfont><glob>*</glob></rejectfont></selectfont>\n");
    }
    ad_buf_puts(&b, "</fontconfig>\n");
    return ad_buf_take(&b);
}

/* One line of a cache folder's fonts.txt: a font file's identity and path. */
static void S_identity(ad_buf *b, const struct stat *st, const char *path)
{
    ad_buf_printf(b, "%ju %ju %jd %jd.%09ld %s\n", (uintmax_t)st->st_dev, (uintmax_t)st->st_ino,
                  (intmax_t)st->st_size, (intmax_t)st->st_mtim.tv_sec, st->st_mtim.tv_nsec, path);
}

/* True when a cache folder's fonts.txt names this fontconfig and font files
 * that are all still there, unchanged. */
static bool S_cache_current(const char *folder)
{
    char *list = ad_xasprintf("%s/fonts.txt", folder), *data = NULL;
    size_t len = 0;
    ad_err ignored = {0};
    bool current = ad_read_file(list, 1 << 16, &data, &len, &ignored) == AD_OK;
    free(list);
    char head[32];
    snprintf(head, sizeof head, "fontconfig %d\n", FcGetVersion());
    current = current && strncmp(data, head, strlen(head)) == 0;
    for (char *line = current ? data + strlen(head) : NULL; line && *line && current;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        const char *path = line;
        for (int k = 0; k < 4 && path; k++) /* the path follows four numbers */
            path = (path = strchr(path, ' ')) ? path + 1 : NULL;
        struct stat st;
        ad_buf now = {0};
        if (path && stat(path, &st) == 0)
            S_identity(&now, &st, path);
        current = now.s && strncmp(now.s, line, now.len - 1) == 0 && line[now.len - 1] == '\0';
        ad_buf_free(&now);
        line = nl ? nl + 1 : NULL;
    }
    free(data);
    return current;
}

/* A new cache folder means font files changed: the folders made for files
 * that are gone or changed (or by another fontconfig) are removed; only
 * folders named as this file names them ("fonts-" and 20 hex digits) are
 * looked at, anything else in the cache root is left alone. */
static void S_cache_sweep(const char *cache_root, const char *keep)
{
    size_t n = 0;
    char **names = ad_list_dir(cache_root, &n);
    for (size_t i = 0; names && i < n; i++) {
        const char *nm = names[i];
        if (strncmp(nm, "fonts-", 6) != 0 || strlen(nm) != 26 ||
            strspn(nm + 6, "0123456789abcdef") != 20)
            continue;
        char *folder = ad_xasprintf("%s/%s", cache_root, nm);
        if (strcmp(folder, keep) != 0 && !S_cache_current(folder))
            ad_rmrf(folder);
        free(folder);
    }
    ad_strv_free(names, n);
}

/* Describing a font file (its character map, every glyph's advance) is
 * fontconfig's slowest step, a few milliseconds per build.  With a cache
 * root, the descriptions are kept between builds in fontconfig's own cache
 * format (mapped, not parsed) in a folder of that root named for the
 * identity of every font file (device, inode, size, modification time): a
 * file replaced or changed in place gets a new folder and a new reading,
 * never an old description.  The folder's fonts.txt lists those files, so
 * that a new folder's arrival removes the folders of files gone
 * (S_cache_sweep).  NULL when there is no usable folder. */
static char *S_cache_folder(const char *cache_root, char *const *paths, const struct stat *st,
                            size_t n)
{
    if (!cache_root || !*cache_root)
        return NULL;
    ad_buf key = {0}, list = {0};
    ad_buf_printf(&key, "fontconfig %d\n", FcGetVersion());
    ad_buf_printf(&list, "fontconfig %d\n", FcGetVersion());
    for (size_t i = 0; i < n; i++) {
        ad_buf_printf(&key, "%s %ju %ju %jd %jd.%09ld\n", S_files[i].file, (uintmax_t)st[i].st_dev,
                      (uintmax_t)st[i].st_ino, (intmax_t)st[i].st_size,
                      (intmax_t)st[i].st_mtim.tv_sec, st[i].st_mtim.tv_nsec);
        S_identity(&list, &st[i], paths[i]);
    }
    char hex[65];
    ad_sha256_buf(key.s, key.len, hex);
    ad_buf_free(&key);
    hex[20] = '\0';
    char *dir = ad_xasprintf("%s/fonts-%s", cache_root, hex);
    char *list_path = ad_xasprintf("%s/fonts.txt", dir);
    bool is_new = !ad_exists(list_path);
    ad_err ignored = {0};
    if (ad_mkdirs(dir, &ignored) != AD_OK || access(dir, W_OK | X_OK) != 0) {
        free(dir); /* fontconfig would complain on stderr: read the files instead */
        dir = NULL;
    } else if (is_new && ad_write_atomic(list_path, list.s, list.len, &ignored) == AD_OK) {
        S_cache_sweep(cache_root, dir);
    }
    free(list_path);
    ad_buf_free(&list);
    return dir;
}

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

ad_font_scan *ad_fonts_scan(const char *fonts_dir, const char *cache_root, ad_err *e)
{
    if (!fonts_dir || !*fonts_dir) {
        ad_fail(e, AD_ERR_FONT, "no fonts folder given");
        return NULL;
    }
    enum { N = sizeof S_files / sizeof S_files[0] };
    /* fontconfig names the files of a folder by its absolute path */
    char *real = realpath(fonts_dir, NULL);
    const char *dir = real ? real : fonts_dir;
    char *paths[N] = {0};
    struct stat st[N];
    FcConfig *cfg = NULL;
    char *cache = NULL;
    for (size_t i = 0; i < N; i++) {
        paths[i] = ad_xasprintf("%s/%s", dir, S_files[i].file);
        bool present = stat(paths[i], &st[i]) == 0;
        if (!present || !S_ISREG(st[i].st_mode)) {
            ad_fail(e, AD_ERR_FONT, "%s: font file missing (%s); reinstall auditdoc's fonts folder",
                    paths[i], present ? "not a file" : strerror(errno));
            goto fail;
        }
    }
    cache = S_cache_folder(cache_root, paths, st, N);
    char *xml = S_config(cache);
    cfg = FcConfigCreate();
    bool ok = cfg && FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)xml, FcTrue);
    free(xml);
    if (!ok) {
        ad_fail(e, AD_ERR_FONT, "cannot set up the font configuration");
        goto fail;
    }
    if (cache) /* from the cache, or read and then cached */
        FcConfigAppFontAddDir(cfg, (const FcChar8 *)dir);
    for (size_t i = 0; i < N; i++) {
        if (!S_has_face(cfg, paths[i], S_files[i].family) &&
            (!FcConfigAppFontAddFile(cfg, (const FcChar8 *)paths[i]) ||
             !S_has_face(cfg, paths[i], S_files[i].family))) {
            ad_fail(e, AD_ERR_FONT,
                    "%s: not a usable font (expected the %s TrueType font); reinstall auditdoc's fonts folder",
                    paths[i], S_files[i].family);
            goto fail;
        }
    }
    S_add_hexbox(cfg, paths[1]);
    for (size_t i = 0; i < N; i++)
        free(paths[i]);
    free(cache);
    free(real);
    ad_font_scan *sc = ad_xcalloc(1, sizeof *sc);
    sc->config = cfg;
    return sc;
fail:
    for (size_t i = 0; i < N; i++)
        free(paths[i]);
    free(cache);
    free(real);
    if (cfg)
        FcConfigDestroy(cfg);
    return NULL;
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
    ad_font_scan *sc = ad_fonts_scan(fonts_dir, NULL, e);
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

ad_sfnt *ad_fonts_sfnt(ad_fonts *f, hb_face_t *face, const char *path, int index, ad_err *e)
{
    for (size_t i = 0; i < f->n_sfnt; i++)
        if (f->sfnt[i].index == index && strcmp(f->sfnt[i].path, path) == 0)
            return f->sfnt[i].sf;
    ad_sfnt *sf = ad_hb_sfnt_open(face, path, index, e);
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
