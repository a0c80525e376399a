/* fonts_hb.c — the PDF writer's fonts through HarfBuzz: an ad_sfnt_source
 * (pdf.h) on an hb_face_t, normally the face Pango already loaded for the
 * file, so a font is mapped once per process and read by one library.
 *
 * HarfBuzz gives the nominal glyphs (cmap), the advances (hmtx, through an
 * hb_font at one unit per font unit, so they are the table's integers), the
 * PostScript name (name) and the underline (post); the PDF library keeps
 * only the glyf/loca subsetter, which gets the raw tables as HarfBuzz's
 * blobs (slices of the mapped file, never copies). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hb-ot.h>

#include "fonts_hb.h"

/* The tables pdf_font.c asks for (ten); more is a programming error. */
#define S_MAX_TABLES 16

typedef struct {
    hb_face_t *face;
    hb_font_t *font; /* scale = units per em: positions in font units */
    hb_blob_t *tables[S_MAX_TABLES];
    size_t n_tables;
    char ps_name[64];
} S_hb;

static uint32_t S_glyph_of(void *ctx, uint32_t cp)
{
    hb_codepoint_t g = 0;
    return hb_font_get_nominal_glyph(((S_hb *)ctx)->font, cp, &g) ? g : 0;
}

static unsigned S_advance(void *ctx, uint32_t g)
{
    hb_position_t a = hb_font_get_glyph_h_advance(((S_hb *)ctx)->font, g);
    return a > 0 ? (unsigned)a : 0;
}

static const unsigned char *S_table(void *ctx, const char *tag, size_t *len)
{
    S_hb *h = ctx;
    *len = 0;
    if (h->n_tables == S_MAX_TABLES)
        return NULL;
    hb_blob_t *b = hb_face_reference_table(h->face, HB_TAG(tag[0], tag[1], tag[2], tag[3]));
    unsigned n = 0;
    const char *p = hb_blob_get_data(b, &n);
    if (!p || !n) {
        hb_blob_destroy(b);
        return NULL;
    }
    h->tables[h->n_tables++] = b;
    *len = n;
    return (const unsigned char *)p;
}

static void S_release(void *ctx)
{
    S_hb *h = ctx;
    if (!h)
        return;
    for (size_t i = 0; i < h->n_tables; i++)
        hb_blob_destroy(h->tables[i]);
    hb_font_destroy(h->font);
    hb_face_destroy(h->face);
    free(h);
}

static bool S_has_table(hb_face_t *face, const char *tag)
{
    hb_blob_t *b = hb_face_reference_table(face, HB_TAG(tag[0], tag[1], tag[2], tag[3]));
    bool has = hb_blob_get_length(b) > 0;
    hb_blob_destroy(b);
    return has;
}

/* The face index of the file at path, mapped by HarfBuzz; NULL with e set. */
static hb_face_t *S_face_of_file(const char *path, int index, ad_err *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        ad_fail(e, AD_ERR_FONT, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    close(fd);
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob) {
        ad_fail(e, AD_ERR_FONT, "%s: cannot read the font file", path);
        return NULL;
    }
    unsigned faces = hb_face_count(blob);
    hb_face_t *face = NULL;
    if (faces && (index < 0 || (unsigned)index >= faces))
        ad_fail(e, AD_ERR_FONT, "%s: the font has no such face (%d of %u)", path, index, faces);
    else
        face = hb_face_create(blob, index < 0 ? 0 : (unsigned)index);
    hb_blob_destroy(blob); /* the face keeps its reference */
    return face;
}

ad_sfnt *ad_hb_sfnt_open(hb_face_t *face, const char *path, int index, ad_err *e)
{
    face = face ? hb_face_reference(face) : S_face_of_file(path, index, e);
    if (!face)
        return NULL;
    const char *why = NULL;
    if (hb_face_get_table_tags(face, 0, NULL, NULL) == 0)
        why = "is not a TrueType font, or its table directory is damaged";
    else if (S_has_table(face, "CFF ") || S_has_table(face, "CFF2"))
        why = "has PostScript (CFF) outlines; auditdoc embeds TrueType (glyf) fonts";
    if (why) {
        ad_fail(e, AD_ERR_FONT, "%s: the font %s", path, why);
        hb_face_destroy(face);
        return NULL;
    }
    S_hb *h = ad_xcalloc(1, sizeof *h);
    h->face = face;
    unsigned upem = hb_face_get_upem(face);
    h->font = hb_font_create(face);
    hb_ot_font_set_funcs(h->font);
    hb_font_set_scale(h->font, (int)upem, (int)upem);
    unsigned name_len = sizeof h->ps_name;
    hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &name_len,
                        h->ps_name);
    hb_position_t ul_pos = 0, ul_thick = 0;
    bool has_ul = hb_ot_metrics_get_position(h->font, HB_OT_METRICS_TAG_UNDERLINE_OFFSET, &ul_pos) &&
                  hb_ot_metrics_get_position(h->font, HB_OT_METRICS_TAG_UNDERLINE_SIZE, &ul_thick);
    ad_sfnt_source src = {
        .ctx = h,
        .path = path,
        .upem = upem,
        .n_glyphs = hb_face_get_glyph_count(face),
        .ps_name = h->ps_name,
        .has_underline = has_ul,
        .ul_position = ul_pos,
        .ul_thickness = ul_thick,
        .glyph_of = S_glyph_of,
        .advance = S_advance,
        .table = S_table,
        .release = S_release,
    };
    return ad_sfnt_new(&src, e);
}
