/* jbreak.h — where a line may break in a table cell, a column header, a
 * title or a heading: at phrase boundaries (ICU's line breaker with the
 * locale ja@lw=phrase: 改善が｜必要な｜課), at spaces and after 、・／, never
 * inside a protected name (department names and short names), and with
 * space-separated terms breaking at their spaces first.  Running paragraphs
 * do not use this: they keep Pango's character-level breaking.
 *
 * The answer is a list of byte ranges inside which no line break is allowed
 * ("keep ranges"); everything else stays as Pango decides.  The module only
 * ever removes break opportunities, so kinsoku and the number/unit rule
 * (Pango, jcompose.c) keep holding.
 *
 * Levels.  Each byte position of the text gets a rank:
 *   AD_JB_TERM    after a run of spaces (U+0020, U+3000, U+2005) where a
 *                 line may break (Pango's log attributes when given, else
 *                 ICU's), or after a line break '\n';
 *   AD_JB_PHRASE  an ICU phrase boundary (ICU ends a phrase after 、・／);
 *   AD_JB_NONE    anything else (only Pango's own breaks, as fallback).
 * Ranks are lowered inside a protected name (to NONE), inside a Latin word
 * (e-Learning stays whole) and before a phrase of a single letter, which
 * stays with the phrase before it (保育｜課 → 保育課, （給付｜金） → （給付金）).
 * A term is the text between two TERM positions, a phrase the text between
 * two positions of rank PHRASE or more.
 *
 * The fallback, applied here when the caller gives a measure: a term that
 * fits on the line by itself is kept whole; a term wider than the line is
 * kept phrase by phrase (each phrase that fits is kept whole); a name wider
 * than the line is kept by the ICU phrases inside it that fit; inside a
 * phrase wider than the line by itself nothing is kept, so Pango's own breaks
 * apply there.  Without a measure every term is kept whole.
 *
 * How the typesetter applies it (one paragraph):
 *   1. lay the paragraph out as today (its text, jcompose attributes, width);
 *      if it is one line, stop: it breaks nowhere;
 *   2. measure(ud, start, end) = the width of the range as if on one line
 *      (the x positions of its ends, pango_layout_index_to_line_x, adding up
 *      the parts on each line it spans), log_attrs = pango_layout_get_log_
 *      attrs_readonly (so a boundary Pango forbids, e.g. 3｜課, is no
 *      boundary here either), line_width = the narrowest line of the
 *      paragraph in Pango units (the box minus indents and marker);
 *   3. ad_jb_breaks(), then ad_jb_add_attrs() on a copy of the layout's
 *      attribute list (pango_attr_allow_breaks_new(FALSE) over each keep
 *      range: Pango removes every break strictly inside a range, the ends
 *      stay) and set it on the layout, which lays it out again.
 * ad_jb_apply() does all three on a layout that has its text, attributes,
 * width and indent set.
 * Offsets are bytes of the text given; ad_jb_add_attrs adds offset to each
 * (the position of that text in the layout's text).
 *
 * Ownership: ad_jbreak owns its ICU break iterator and a copy of the names;
 * ad_jb_result owns its arrays (ad_jb_result_free).  One ad_jbreak per
 * thread; it may be reused for any number of texts.  ad_jb_new loads ICU's
 * Japanese dictionary (about 1.5 ms the first time in a process; ICU starts
 * no thread): made before the PDF workers fork, they share it. */
#ifndef AD_JBREAK_H
#define AD_JBREAK_H

#include <pango/pango.h>
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

enum { AD_JB_NONE = 0, AD_JB_PHRASE = 1, AD_JB_TERM = 2 };

typedef struct ad_jbreak ad_jbreak;

/* A breaker that never breaks inside any of the n names (UTF-8, copied;
 * NULL and empty names are skipped).  NULL with e set when ICU cannot open
 * its line breaker (its data missing). */
ad_jbreak *ad_jb_new(const char *const *names, size_t n, ad_err *e);
void ad_jb_free(ad_jbreak *jb); /* NULL is a no-op */

/* Makes ICU build its Japanese phrase-breaking engine, which it does once
 * per process on first use (about 8 million instructions: the Unicode sets
 * of its dictionary engine); ad_jb_new calls it.  Once per process (later
 * calls return at once) and thread-safe: a build calls it on a thread of
 * its own while it reads the input, so that its ad_jb_new calls are cheap. */
void ad_jb_warm(void);

typedef struct {
    size_t start, end; /* bytes: no break at any position p with start < p < end */
} ad_jb_range;

typedef struct {
    /* Optional: Pango's break opportunities for this text (one entry per
     * character and one after the last, as pango_layout_get_log_attrs gives
     * them); a position where is_line_break is FALSE is no boundary. */
    const PangoLogAttr *log_attrs;
    size_t n_log_attrs;
    /* Optional: the width of text[start, end) set on one line (any unit, the
     * same as line_width; trailing spaces are never included). */
    double (*measure)(void *ud, size_t start, size_t end);
    void *ud;
    double line_width;
} ad_jb_opts;

typedef struct {
    /* len + 1 entries: AD_JB_* of each byte position.  With Pango's log
     * attributes given and every term fitting on the line, ICU is not asked
     * (the keep ranges are the terms whatever the phrases inside them) and
     * only the TERM positions are ranked. */
    unsigned char *rank;
    size_t len;
    ad_jb_range *keep;   /* keep ranges, in text order, never overlapping */
    size_t n_keep, cap_keep;
} ad_jb_result;

/* Fills out (which must be zeroed or freed before) for text[0, len); opts may
 * be NULL.  Invalid UTF-8 is treated as U+FFFD and never crashes. */
void ad_jb_breaks(ad_jbreak *jb, const char *text, size_t len, const ad_jb_opts *opts,
                  ad_jb_result *out);
void ad_jb_result_free(ad_jb_result *r);

/* Inserts pango_attr_allow_breaks_new(FALSE) over each keep range, shifted
 * by offset bytes, into attrs. */
void ad_jb_add_attrs(PangoAttrList *attrs, const ad_jb_result *r, size_t offset);

/* Steps 1-3 above on layout (text, attributes, width and indent already
 * set; a width of -1 or an empty text leaves it as it is).  The narrowest
 * line is the width less the indent's size.  A paragraph that fits on one
 * line is left alone (no cost beyond the layout it needs anyway); one that
 * wraps is laid out once more, with the keep ranges. */
void ad_jb_apply(ad_jbreak *jb, PangoLayout *layout);

/* The same before any layout, for a typesetter that sets a paragraph once:
 * adds the keep ranges of text (the layout's whole text, UTF-8) to attrs
 * (which already holds jcompose's attributes: Pango's prohibitions are read
 * from the text and attrs with pango_get_log_attrs and pango_attr_break).
 * Widths are estimated for the bundled fixed-pitch fonts at em (the font
 * size, Pango units): half an em for Latin, digits and half-width kana, one
 * em else, a quarter em of 和欧間; the estimate errs wide, never narrow.
 * line_width: the narrowest line, Pango units.  A text that fits on one line
 * even at 1¼ em a character is left alone at no cost; otherwise it costs the
 * ICU pass (about 20 µs for a cell's text), no layout. */
void ad_jb_prepare(ad_jbreak *jb, const char *text, PangoAttrList *attrs, int em, int line_width);

#endif
