/* pdf.h — the PDF file the typesetter draws into (pdf_writer.c) and the
 * TrueType fonts it embeds (pdf_font.c).
 *
 * Pango sets the text (shaping, line breaking, Japanese composition); this
 * writer only puts the result on the page: glyphs at the positions Pango
 * gave, filled and stroked rectangles, clipping, links, named destinations,
 * an outline and the document information.  Coordinates are points with the
 * origin at the top left of the page (as Pango and Cairo use them).
 *
 * Why not Cairo's PDF surface: with Cairo 1.16 it took two thirds of a
 * build (each page recorded, analysed and replayed, every number through
 * printf, font subsets rebuilt and deflated per file).  Writing the few
 * operators a document needs directly is several times faster and the file
 * is fully ours: same tree, same bytes.
 *
 * The file is tagged when the caller makes structure elements
 * (ad_pdfw_struct, pdf_struct.c): marked content, parent tree, PDF/UA claim.
 *
 * Fonts are embedded as subsets (Type 0, CIDFontType2, Identity-H) with a
 * ToUnicode map, so the text is searchable and copyable.  Only glyf-outline
 * TrueType fonts are supported (the bundled BIZ UD fonts are); they come
 * through ad_sfnt_source, so the library opens no file and parses no
 * character map itself.
 *
 * This is the public face of libad_pdf (pdf_obj.c, pdf_writer.c, pdf_font.c,
 * pdf_xmp.c, pdf_struct.c;
 * private parts in pdf_int.h), which depends on util, diag and libdeflate
 * only: CMakeLists.txt builds it as a library of its own. */
#ifndef AD_PDF_H
#define AD_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "util.h"

/* ---- pdf_font.c: a TrueType font, read-only and shared ------------------- */

/* What the PDF library needs of a font, from whoever read it (fonts_hb.c:
 * HarfBuzz, from the faces Pango loaded): the numbers, the nominal glyphs
 * and advances, and the raw bytes of the tables the subset is cut from.
 * The library reads no character map, metrics, name or post table itself. */
typedef struct {
    void *ctx;                /* passed to the functions below */
    const char *path;         /* names the font in messages (its file) */
    unsigned upem;            /* units per em */
    unsigned n_glyphs;        /* glyphs 0 .. n_glyphs-1 */
    const char *ps_name;      /* PostScript name (NULL: none) */
    bool has_underline;       /* false: a tenth and a twentieth of an em */
    int ul_position, ul_thickness; /* font units, position below 0 */
    /* The glyph of character cp, or 0. */
    uint32_t (*glyph_of)(void *ctx, uint32_t cp);
    /* Advance width of glyph g (< n_glyphs) in font units. */
    unsigned (*advance)(void *ctx, uint32_t g);
    /* The bytes of table tag ("glyf", "cvt "), NULL when the font has none;
     * they stay valid until release. */
    const unsigned char *(*table)(void *ctx, const char *tag, size_t *len);
    /* Frees ctx (NULL: nothing to free). */
    void (*release)(void *ctx);
} ad_sfnt_source;

typedef struct ad_sfnt ad_sfnt;

/* A font for the PDF writer from src (copied; src->ctx is owned by the
 * result and released by ad_sfnt_close, or at once on failure): checks the
 * tables a PDF subset needs (head, hhea, maxp, hmtx, loca, glyf) against
 * each other.  NULL with e set when the font is unusable. */
ad_sfnt *ad_sfnt_new(const ad_sfnt_source *src, ad_err *e);
void ad_sfnt_close(ad_sfnt *f);
/* The glyph of character cp (the font's own character map), or 0. */
uint32_t ad_sfnt_glyph_of(const ad_sfnt *f, uint32_t cp);
/* Advance width of glyph g in font units (0 beyond the glyphs), and units
 * per em.  Advances are remembered per glyph, so an ad_sfnt is for one
 * thread at a time (each process of a build has its own). */
unsigned ad_sfnt_advance(const ad_sfnt *f, uint32_t g);
unsigned ad_sfnt_upem(const ad_sfnt *f);
/* The underline's top (negative: below the baseline) and thickness in font
 * units, from the post table. */
void ad_sfnt_underline(const ad_sfnt *f, int *position, int *thickness);

/* ---- pdf_writer.c: the file ---------------------------------------------- */

typedef struct ad_pdfw ad_pdfw;

/* Starts a PDF on out (written from the start, not closed by the writer). */
ad_pdfw *ad_pdfw_new(FILE *out);
/* Whether the font programs are deflated too (page contents and the rest
 * always are); default: yes. */
void ad_pdfw_compress_fonts(ad_pdfw *w, bool on);

/* Document information (UTF-8).  key: Title, Author, Subject, Keywords,
 * Creator.  The dates come from ad_pdfw_set_date (seconds since the epoch). */
void ad_pdfw_set_info(ad_pdfw *w, const char *key, const char *value);
void ad_pdfw_set_date(ad_pdfw *w, long long when);
/* The document's natural language (BCP 47, e.g. "ja-JP") for the catalog's
 * /Lang; NULL or "" for none. */
void ad_pdfw_set_lang(ad_pdfw *w, const char *lang);

/* Makes the file PDF/A-1b: the colours drawn (DeviceRGB) are meant for the
 * ICC profile icc (len bytes, copied; an RGB output profile of ICC version 2,
 * e.g. pdf_icc.c's sRGB), named condition ("sRGB IEC61966-2.1").  The file
 * gets it as its OutputIntent and claims PDF/A-1b in its XMP metadata.
 * Without it the file is plain PDF (with the same metadata). */
void ad_pdfw_output_intent(ad_pdfw *w, const void *icc, size_t len, const char *condition);

/* Starts a page (and ends the previous one). */
void ad_pdfw_page(ad_pdfw *w, double width, double height);

void ad_pdfw_fill_rect(ad_pdfw *w, uint32_t rgb, double x, double y, double wd, double ht);
/* Strokes n rectangles (x, y, w, h each) as one path. */
void ad_pdfw_stroke_rects(ad_pdfw *w, uint32_t rgb, double line_w, const double *xywh, size_t n);
/* Clips what follows to a rectangle, until the matching ad_pdfw_clip_end. */
void ad_pdfw_clip(ad_pdfw *w, double x, double y, double wd, double ht);
void ad_pdfw_clip_end(ad_pdfw *w);

/* One glyph of a run: pen position in pt (baseline), and the text of its
 * cluster when it is the cluster's first glyph (for ToUnicode), else NULL;
 * extra: font units of room set after it (和欧間, 約物の詰め), drawn as part
 * of the glyph's advance so that text extraction sees no gap there. */
typedef struct {
    uint32_t gid;
    double x, y;
    const char *text;
    size_t text_len;
    int extra;
} ad_pdf_glyph;

/* The font slot of sf in this file (the same for the same sf). */
int ad_pdfw_font(ad_pdfw *w, ad_sfnt *sf);
/* Draws glyphs of one font at size pt in colour rgb. */
void ad_pdfw_glyphs(ad_pdfw *w, int font, double size, uint32_t rgb, const ad_pdf_glyph *g,
                    size_t n);

/* Marked content /Span with /ActualText: the glyphs drawn until the matching
 * ad_pdfw_span_end stand for text (UTF-8), which text extraction, search and
 * copy give back instead of what they would read from the glyphs and their
 * gaps (a 和欧間 quarter em read as a typed space, a hex box's digits).
 * Closes any open text object at both ends, so a span never straddles one;
 * spans still open at the end of a page are closed there. */
void ad_pdfw_span_begin(ad_pdfw *w, const char *text);
void ad_pdfw_span_end(ad_pdfw *w);

/* A named destination at (x, y) of the current page; the first of a name wins. */
void ad_pdfw_dest(ad_pdfw *w, const char *name, double x, double y);
/* A link on the current page to the named destination. */
void ad_pdfw_link(ad_pdfw *w, double x, double y, double wd, double ht, const char *dest);
/* An outline entry under parent (0 = top level) pointing at the named
 * destination dest, or (dest NULL) at (x, y) of the current page; returns
 * its id (from 1).  open: its children are shown. */
int ad_pdfw_outline(ad_pdfw *w, int parent, const char *title, const char *dest, double x,
                    double y, bool open);

/* ---- pdf_struct.c through the writer: a tagged PDF (PDF/UA-1) -------------
 * The first structure element makes the file tagged: /MarkInfo, a
 * StructTreeRoot with its parent tree, /StructParents on each page, the
 * pdfuaid claim in the XMP.  Then every mark on a page is either content of
 * an element (ad_pdfw_tag) or an Artifact: drawing with no element named
 * is an Artifact (rules, shading, anything not told), so nothing is left
 * unmarked. */

/* Artifacts: kind of ad_pdfw_tag's elem. */
enum { AD_PDF_ARTIFACT = 0, AD_PDF_PAGINATION = -1 };

/* A new structure element of standard type type (Document, Sect, H1, P,
 * L, LI, Lbl, LBody, Table, THead, TBody, TR, TH, TD, Link) as the last
 * kid of parent (0: the root); returns its id (from 1). */
int ad_pdfw_struct(ad_pdfw *w, int parent, const char *type);
/* The text read instead of the element's content (key "Alt" or "E"), or
 * its title (key "T": a heading's bookmark where it differs). */
void ad_pdfw_struct_text(ad_pdfw *w, int elem, const char *key, const char *value);
/* A table cell's attributes: scope 'C' (column header), 'R' (row header)
 * or 0; row and column spans. */
void ad_pdfw_struct_cell(ad_pdfw *w, int elem, char scope, int rowspan, int colspan);
/* What is drawn from now on belongs to elem (> 0), or is an Artifact
 * (AD_PDF_ARTIFACT; AD_PDF_PAGINATION: a page number or a repeated table
 * header), until the next ad_pdfw_tag or ad_pdfw_tag_end.  Marked content
 * starts lazily at the first mark drawn, and consecutive content of the
 * same element on a page is one sequence. */
void ad_pdfw_tag(ad_pdfw *w, int elem);
void ad_pdfw_tag_end(ad_pdfw *w);
/* Links made from now on (ad_pdfw_link) belong to Link element elem with
 * contents (copied) as their /Contents; elem 0 ends it. */
void ad_pdfw_link_tag(ad_pdfw *w, int elem, const char *contents);

/* Writes what is left (fonts, pages tree, outline, names, trailer) and frees
 * the writer.  Fails (AD_ERR_IO with errno's text, AD_ERR_FONT) when
 * anything went wrong on the way; the caller discards the file then. */
ad_status ad_pdfw_finish(ad_pdfw *w, const char *path, ad_err *e);

#endif
