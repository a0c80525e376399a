/* fonts_hb.h — the fonts the PDF writer embeds, read through HarfBuzz
 * (fonts_hb.c): the ad_sfnt_source of pdf.h backed by an hb_face_t. */
#ifndef AD_FONTS_HB_H
#define AD_FONTS_HB_H

#include <hb.h>

#include "pdf.h"

/* A font for the PDF writer from face index of the TrueType file at path:
 * face when given (Pango's, the one it shapes with; referenced until the
 * font is closed), else the file mapped by HarfBuzz (not copied).  The
 * character map, advances, PostScript name and underline come from
 * HarfBuzz; the tables the subset is cut from stay HarfBuzz's blobs.  The
 * caller closes the result with ad_sfnt_close; NULL with e set (AD_ERR_FONT,
 * naming path) when the font is unusable. */
ad_sfnt *ad_hb_sfnt_open(hb_face_t *face, const char *path, int index, ad_err *e);

#endif
