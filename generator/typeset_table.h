/* typeset_table.h — the geometry of a table on the page, on numbers alone:
 * column widths scaled to the text area, cells placed in the HTML model
 * (colspan, rowspan; covered slots omitted), row heights from the measured
 * heights of the cells' contents, rowspan groups, the repeated header, and
 * the decision of what goes on the current page.  It knows the tree's table
 * (doc.h) but no font: the typesetter (typeset.c) measures each cell and
 * hands the heights in, so every rule here can be tested on numbers
 * (tests/test_typeset_table.c).
 *
 * Lengths are points.  An ad_tgeom owns its arrays; ad_tg_free releases
 * them (the table node is only read). */
#ifndef AD_TYPESET_TABLE_H
#define AD_TYPESET_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "doc.h"

#define AD_TG_EPS 0.01
#define AD_TG_PAD_X 4.0      /* cell padding, pt, when the document gives none */
#define AD_TG_PAD_Y 2.0
#define AD_TG_MIN_SLICE 24.0 /* do not start splitting a row in less room than this */

typedef struct {
    const ad_cell *cell;
    int row, col, colspan, rowspan;
    bool header;
    double x, w, pad_x;    /* from the table's left edge */
    double content_h;      /* in: height of the laid-out contents */
} ad_tg_cell;

typedef struct {
    const ad_node *node;
    int n_cols;
    size_t n_rows;
    double *col_x, *col_w; /* col_x has n_cols + 1 entries */
    double width;
    ad_tg_cell *cells;     /* in row order */
    size_t n_cells, cap_cells;
    size_t *row_first;     /* first cell of each row; [n_rows] = n_cells */
    int max_rowspan;
    int hdr;               /* header rows repeated on each page */
    double hdr_h;
    double pad_x, pad_y;   /* cell padding, pt (pad_x less in narrow columns) */
    double *row_h;         /* after ad_tg_rows */
    size_t *gend;          /* last row of the rowspan group each row is in */
} ad_tgeom;

/* Columns and cells of table n set in avail_w: widths scaled down when the
 * table is wider (shared evenly when it has none), cells placed with their
 * spans clamped to the grid (a header span stays in the header), each cell
 * padded pad_x left and right (at most 12 % of its width) and pad_y above
 * and below (pt).  False (nothing set) for a table without columns or rows. */
bool ad_tg_place(ad_tgeom *g, const ad_node *n, double avail_w, double pad_x, double pad_y);
/* Once every cell's content_h is set: row heights (single-row cells first,
 * then each span stretches its last row), rowspan groups, and the header
 * height; a header taller than half of page_h (the text area's height) is
 * not repeated. */
void ad_tg_rows(ad_tgeom *g, double page_h);
void ad_tg_free(ad_tgeom *g);

/* Height of rows ra..rb-1 added to y (y when rb <= ra). */
double ad_tg_rows_y(const ad_tgeom *g, size_t ra, size_t rb, double y);
/* Height of the rowspan group that starts at row r. */
double ad_tg_group_h(const ad_tgeom *g, size_t r);
/* Header and every row. */
double ad_tg_full_h(const ad_tgeom *g);
/* The height the table needs where it starts: all of it when it moves
 * whole (kept together, or three body rows or fewer) and fits on a page;
 * else the header and the rows up to the first page end the rules allow
 * (two body rows, a title row's two rows, a note row's item); when those do
 * not fit on a page, the first group, or a slice of one taller than a page.
 * whole false: the page holds nothing but titles and headings yet, so
 * moving the table would leave them alone there; it starts here and splits. */
double ad_tg_start_h(const ad_tgeom *g, double page_h, bool whole);
/* Whether a page may end after row k when rows first..k are on it: not
 * before a note row, not after a title row or its first row, not with
 * fewer than two body rows on either page. */
bool ad_tg_break_ok(const ad_tgeom *g, size_t first, size_t k);
/* First row a cell drawn with rows from r onwards may start in. */
size_t ad_tg_span_from(const ad_tgeom *g, size_t r);

/* What to do with body row r when the flow is at y on a page whose text
 * area runs from top to bottom: whole rowspan groups as far as they fit,
 * the page ending where ad_tg_break_ok allows (moving rows to the next page
 * for it, or all of them when none is allowed and the page is not fresh). */
typedef enum {
    AD_TG_DRAW,      /* draw rows r..*last here (then ask again) */
    AD_TG_DRAW_PAGE, /* draw rows r..*last here, then start a new page */
    AD_TG_PAGE,      /* start a new page (header repeated) and ask again */
    AD_TG_SLICE      /* row r is taller than the room on a fresh page: split it */
} ad_tg_step;
ad_tg_step ad_tg_next(const ad_tgeom *g, size_t r, double y, double top, double bottom,
                      size_t *last);

#endif
