/* compose_int.h — helpers shared by the compose_*.c files only (not a public
 * interface): unit conversion, widths from layout.txt, the common title
 * placeholders, item labels and table-cell shorthands.  Defined in compose.c. */
#ifndef AD_COMPOSE_INT_H
#define AD_COMPOSE_INT_H

#include "compose.h"

/* Millimetres / points to twips, rounded. */
int ad_cx_mm(double mm);
int ad_cx_pt(double pt);
/* A layout length in mm as twips. */
int ad_cx_layout_mm(const ad_templates *t, const char *key, double dflt_mm);

/* Fills out[0..n) with widths in twips summing to total, in the ratios of the
 * layout key's space-separated numbers (equal shares when missing or wrong). */
void ad_cx_widths(const ad_templates *t, const char *key, int n, int total, int *out);

/* Wording with the round's placeholders filled in: {fiscal_year}, {term},
 * {term_part}, {organization}, plus up to two extra (name, value) pairs
 * (NULL when unused).  Newly allocated. */
char *ad_cx_round_text(const ad_audit *a, const ad_templates *t, const char *key,
                       const char *n1, const char *v1, const char *n2, const char *v2);

/* The audit report's title: <title> or the default.  Newly allocated. */
char *ad_cx_report_title(const ad_audit *a, const ad_templates *t);
/* A matrix checklist's title: <title> or the default.  Newly allocated. */
char *ad_cx_matrix_title(const ad_audit *a, const ad_templates *t, const ad_checklist *c);
/* The meeting's title (agenda page).  Newly allocated. */
char *ad_cx_meeting_title(const ad_audit *a, const ad_templates *t);

/* "no text(detail)" for an item; matrix selects the matrix wording.
 * Newly allocated. */
char *ad_cx_item_label(const ad_templates *t, const ad_item *it, bool matrix);
/* The printed symbol of a mark (wording mark.*). */
const char *ad_cx_mark(const ad_templates *t, ad_mark m);
/* Gives cell c (showing mark m) the mark's meaning as its expansion (what a
 * screen reader says instead of ○): the legend's words after the mark and
 * its colon ("○：適正" gives 適正); none when the legend does not name it. */
void ad_cx_mark_expansion(ad_cell *c, const ad_templates *t, ad_mark m);
/* Dates joined with list.sep, each 令和…日 (with weekday when asked).
 * Newly allocated; "" for none. */
char *ad_cx_dates(const ad_templates *t, const ad_date *d, size_t n, bool weekday);

/* Width of s in ems in the bundled fixed-pitch fonts (half an em for Latin
 * and half-width kana, else one); compose_matrix.c. */
double ad_cx_text_em(const char *s);

/* A table cell holding one paragraph of text. */
ad_node *ad_cx_cell_text(ad_row *row, const char *text, ad_pstyle style, ad_align align);
/* A cell holding one paragraph of one run with flags; returns the run (valid
 * until the next run is added to that paragraph). */
ad_run *ad_cx_cell_run(ad_row *row, const char *text, unsigned flags, ad_pstyle style,
                       ad_align align);
/* A header row of shaded, centred cells. */
void ad_cx_header_row(ad_node *table, const char *const *labels, int n, uint32_t shade);
/* Shade of header cells from the layout. */
uint32_t ad_cx_shade(const ad_templates *t);
/* A colour RRGGBB from the layout, or dflt. */
uint32_t ad_cx_color(const ad_templates *t, const char *key, uint32_t dflt);

/* ad_compose_blocks with a base left indent (twips). */
void ad_cx_blocks(ad_nodes *out, const ad_blocks *b, const ad_templates *t, ad_pstyle style,
                  int indent);

#endif
