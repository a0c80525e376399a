/* typeset_int.h — internals shared by fonts.c, typeset*.c and jcompose.c, and
 * the measuring hooks the tests use.  Not part of the public interface. */
#ifndef AD_TYPESET_INT_H
#define AD_TYPESET_INT_H

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdbool.h>
#include <stdint.h>

#include "pdf.h"
#include "typeset.h"
#include "typeset_table.h"
#include "util.h"

/* Family names of the bundled fonts. */
#define AD_FAMILY_MINCHO "BIZ UDMincho"
#define AD_FAMILY_GOTHIC "BIZ UDGothic"

typedef struct ad_ts_cache ad_ts_cache;

struct ad_fonts {
    FcConfig *config;       /* private: only the files in fonts/ */
    PangoFontMap *fontmap;  /* a PangoCairo (FreeType) font map on config */
    ad_ts_cache *cache;     /* laid-out paragraphs (typeset.c), or NULL */
    struct ad_fonts_sfnt {  /* the faces the PDF writer embeds from, read once */
        char *path;
        int index;
        ad_sfnt *sf;
    } *sfnt;
    size_t n_sfnt, cap_sfnt;
};

/* The PDF writer's font for face index of path (kept until ad_fonts_free):
 * read through HarfBuzz from face (Pango's for that file, or NULL: the file
 * mapped), or NULL with e set. */
ad_sfnt *ad_fonts_sfnt(ad_fonts *f, hb_face_t *face, const char *path, int index, ad_err *e);

/* Frees the paragraph cache (typeset.c); NULL is a no-op. */
void ad_ts_cache_free(ad_ts_cache *c);

/* A new Pango context on f's font map for PDF output: 72 dpi (1 unit = 1 pt),
 * unrounded glyph positions, no hinting, language ja-JP.  Caller unrefs. */
PangoContext *ad_fonts_context(ad_fonts *f);

/* ---- jcompose.c: Japanese composition --------------------------------- */

/* True when s contains a Japanese (Han, kana, full-width) character. */
bool ad_jc_has_cjk(const char *s);
/* Appends s to b; with word_spaces, each U+0020 becomes U+2005 (a
 * four-per-em space that Pango's justification does not stretch on its own). */
void ad_jc_put_text(ad_buf *b, const char *s, bool word_spaces);
/* Adds the composition attributes for text (the whole layout text, len
 * bytes) set at em (font size, Pango units): no break inside a number and
 * its unit, 和欧間 (a quarter em between Japanese and Latin letters or
 * digits) and 約物の詰め (consecutive punctuation without the doubled
 * blank).  Each attribute is added with pango_attr_list_insert. */
void ad_jc_add_attrs(PangoAttrList *attrs, const char *text, int len, int em);

/* ---- typeset_glyphs.c: Pango's glyphs to the PDF writer ------------------ */

/* What the drawing needs to reach the writer: the fonts (faces to embed),
 * the writer, where to warn, and each Pango font's slot in the file (a
 * table of its own, with a ref on each font, freed by ad_tsg_done). */
typedef struct {
    ad_fonts *fonts;
    ad_pdfw *pdf;              /* NULL while only laying out */
    ad_diags *warnings;        /* or NULL */
    GHashTable *font_info;     /* PangoFont -> struct ad_tsg_font */
    PangoFont *last_font;      /* the last one looked up (runs come in stretches) */
    const struct ad_tsg_font *last_info;
    ad_err font_err;           /* a font the writer could not embed */
    long empty;                /* Pango's empty glyphs dropped (a wrapped line's final space) */
    long boxes;                /* hex boxes drawn for characters the fonts lack */
} ad_tsg;

/* Draws a laid-out line with its left end at x and its baseline at base
 * (pt, page coordinates); src_line: the input line of its text (warnings),
 * 0 when unknown.  No glyph the font lacks (Pango's empty glyph, id 0,
 * beyond the font) ever reaches the writer. */
void ad_tsg_show_line(ad_tsg *g, PangoLayoutLine *line, double x, double base, long src_line);
/* Moves the half of each letter spacing that Pango puts before a cluster
 * back after it (jcompose.c's 和欧間 and 約物の詰め mean all of it after). */
void ad_tsg_fix_letter_spacing(PangoLayout *lo);
/* Warns once per character of text (the layout's) that the fonts lack,
 * naming src_line, the input line the text came from (0: unknown). */
void ad_tsg_report_unknown(ad_tsg *g, PangoLayout *layout, const char *text, long src_line);
void ad_tsg_done(ad_tsg *g);

/* ---- typeset_tags.c: the structure tree ------------------------------------ */

#define AD_TT_LISTS 4

/* Where the typesetter is in the document tree, for the structure
 * elements it asks for (pdf NULL: nothing is made). */
typedef struct {
    ad_pdfw *pdf;
    const ad_doc *doc;
    const ad_doc_section *sec;
    int document, sect;
    int container;          /* where paragraphs go: the Sect or a table cell */
    int sec_level;          /* the section's bookmark level, 0: none */
    bool sec_heading;       /* its title paragraph is still to come */
    int last_level;         /* the heading before */
    struct ad_tt_list {
        int list, body, indent; /* an open L, its last LBody, its items' indent */
    } lists[AD_TT_LISTS];
    int depth;
    bool cell_text;         /* the cell holds its one paragraph's text itself */
} ad_tt;

/* The elements a paragraph's marks are tagged with: its text (body), its
 * list label (lbl, or 0), and its Link element (or 0) with the link
 * annotations' /Contents (malloc'd, or NULL). */
typedef struct {
    int body, lbl, link;
    char *contents;
} ad_tt_para;

void ad_tt_init(ad_tt *tt, ad_pdfw *pdf, const ad_doc *d);
/* A new Sect for section s. */
void ad_tt_section(ad_tt *tt, const ad_doc_section *s);
/* The elements of paragraph n, in the current container. */
ad_tt_para ad_tt_paragraph(ad_tt *tt, const ad_node *n);
/* The elements of table g (Table, THead/TBody, TR, TH/TD with scope, spans
 * and expansion): cells[k] is cell k's TH or TD. */
void ad_tt_table(ad_tt *tt, const ad_tgeom *g, int *cells);
/* Paragraphs go into cell (a TH/TD; c: its content) from now on; 0: back
 * to the section. */
void ad_tt_cell(ad_tt *tt, int cell, const ad_cell *c);

/* ---- typeset.c: measuring hooks for the tests -------------------------- */

typedef struct {
    uint32_t cp;    /* the character */
    int line;       /* line index in the paragraph */
    double x;       /* pen position of the glyph, pt from the text box's left */
    double adv;     /* advance including any letter spacing, pt */
} ad_ts_glyph;

typedef struct {
    size_t n_lines;
    char **lines;           /* the text of each line (as laid out) */
    double *line_right;     /* right edge of each line's last glyph ink box, pt */
    ad_ts_glyph *g;
    size_t n_g, cap_g;
    int unknown;            /* glyphs the fonts lack */
    double width;           /* the width the paragraph was set in, pt */
} ad_ts_probe;

/* Lays out one paragraph of d (style, runs, alignment, marker) in a text box
 * width_pt wide exactly as the typesetter would, and records its lines and
 * glyph positions. */
void ad_ts_probe_para(ad_fonts *f, const ad_doc *d, const ad_node *p, double width_pt,
                      ad_ts_probe *out);
void ad_ts_probe_free(ad_ts_probe *p);

typedef struct {
    int pages;
    long lines;             /* lines of text drawn */
    long overflows;         /* lines whose box left their cell or text area */
    long cells;             /* table cells drawn (parts on several pages count each) */
    long paras_peak;        /* most laid-out paragraphs held at once (lazy layout) */
    long empty_glyphs;      /* Pango's empty glyphs left out (never drawn) */
    long boxes;             /* hex boxes for characters the fonts lack */
    /* tables across pages (each should stay 0 where the rows allow it) */
    long short_splits;      /* a page with fewer than two body rows of a split table */
    long note_starts;       /* a page of a table starting with a note row */
    long kept_splits;       /* a table kept together split although it fits on a page */
    long headings_alone;    /* a keep-with-next heading left behind by its table */
    long page_notes_left_out; /* page notes (legends) left out: the next table fitted */
    /* in: when set, called for every line drawn with its text (len bytes)
     * and whether it is the first / last line of its paragraph */
    void (*on_line)(void *ud, const char *text, size_t len, bool first, bool last);
    /* in: when set, called for every paragraph drawn (at its last line) with
     * its style, its laid-out text (len bytes), where its lines end (byte
     * offsets, the last line's end left out) and the box it was set in, in
     * ems of its size */
    void (*on_para)(void *ud, int style, const char *text, size_t len, const size_t *ends,
                    size_t n_ends, double box_ems);
    void *ud;
} ad_ts_stats;

/* ad_pdf_write with statistics (stats may be NULL; its on_line and ud are
 * read, the counters written). */
ad_status ad_pdf_write_stats(const ad_doc *d, ad_fonts *f, const char *path,
                             ad_diags *warnings, ad_ts_stats *stats, ad_err *e);

#endif
