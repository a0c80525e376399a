/* typeset.h — rendering a document tree to PDF with Pango, in
 * Japanese composition, with the project's own fonts.
 *
 * ad_fonts holds a private fontconfig configuration that knows only the
 * files in fonts/, and one Pango font map built on it; load it once per run
 * and share it across every document of a build (not across threads). */
#ifndef AD_TYPESET_H
#define AD_TYPESET_H

#include "diag.h"
#include "doc.h"

typedef struct ad_fonts ad_fonts;

/* Loads every font the documents use from fonts_dir.  A missing or unusable
 * font file is an error naming the file. */
ad_fonts *ad_fonts_load(const char *fonts_dir, ad_err *e);
void ad_fonts_free(ad_fonts *f);

/* ad_fonts_load in two halves.  The scan reads the font files into a
 * fontconfig configuration (fontconfig reads every character map, a few
 * milliseconds); it starts no threads and uses no Pango, so a process may
 * fork after it.  With cache_root (a folder the user may write, for example
 * ~/.cache/auditdoc; NULL for none), fontconfig keeps what it read there
 * for the next run, under a name made from the font files' identity, and
 * the next scan maps it instead of reading the files.  ad_fonts_open makes
 * the Pango font map on it (do that after any fork); the scan stays the
 * caller's. */
typedef struct ad_font_scan ad_font_scan;
ad_font_scan *ad_fonts_scan(const char *fonts_dir, const char *cache_root, ad_err *e);
ad_fonts *ad_fonts_open(ad_font_scan *scan, ad_err *e);
/* Note: ad_fonts_open makes the private configuration fontconfig's current
 * one for the whole process (so that Pango's FcInit reads nothing); a
 * program that embeds the library and uses the system's fonts through
 * fontconfig afterwards sees only the bundled fonts. */
void ad_font_scan_free(ad_font_scan *scan);

/* Lays out a line of sample text in every paragraph style of d, so that
 * Pango's start-up work for these fonts (font patterns, metrics, shaping
 * plans) is done: a build does it once, before its workers fork. */
void ad_fonts_warm(ad_fonts *f, const ad_doc *d);

/* What the typesetter's libraries make once per process and that needs no
 * font: ICU's phrase-breaking engine (ad_jb_warm) and the sRGB profile of
 * the output intent.  Thread-safe, and safe to run while the process does
 * anything but typeset: a build runs it on a thread of its own while it
 * reads the input, so that the PDF workers forked later inherit both. */
void ad_ts_warm_libraries(void);

/* Writes d as a PDF to path (directly; the caller handles temp+rename).
 * Characters the fonts lack are reported to warnings (when non-NULL) with the
 * character and where it is, and drawn with a visible fallback. */
ad_status ad_pdf_write(const ad_doc *d, ad_fonts *f, const char *path,
                       ad_diags *warnings, ad_err *e);

#endif
