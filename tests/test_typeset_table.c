/* test_typeset_table.c — table geometry on numbers alone (typeset_table.c):
 * column scaling, cell placement with spans, row heights from cell heights,
 * rowspan groups, the header, and what goes on a page. */
#include <check.h>
#include <math.h>

#include "testutil.h"
#include "typeset_table.h"

#define EQ(a, b) ck_assert_double_eq_tol((a), (b), 1e-9)

/* A table of n_cols columns with the given widths (twips) and rows of
 * single cells; spans[r][k] = {colspan, rowspan}, 0 ends a row. */
static ad_node *S_table(ad_nodes *body, int n_cols, const int *w, int hdr, size_t n_rows,
                        const int spans[][4][2])
{
    ad_node *t = ad_add_table(body, n_cols, w, hdr);
    for (size_t r = 0; r < n_rows; r++) {
        ad_row *row = ad_table_add_row(t);
        for (int k = 0; k < 4 && spans[r][k][0]; k++)
            ad_row_add_cell(row, spans[r][k][0], spans[r][k][1]);
    }
    return t;
}

/* Every cell of g gets content height h. */
static void S_heights(ad_tgeom *g, double h)
{
    for (size_t k = 0; k < g->n_cells; k++)
        g->cells[k].content_h = h;
}

START_TEST(columns_scale_down_to_the_text_area)
{
    ad_nodes body = {0};
    int w[3] = {2000, 4000, 2000}; /* 100 + 200 + 100 pt */
    static const int sp[1][4][2] = {{{1, 1}, {1, 1}, {1, 1}}};
    ad_node *n = S_table(&body, 3, w, 0, 1, sp);
    ad_tgeom g;
    ck_assert(ad_tg_place(&g, n, 200, AD_TG_PAD_X, AD_TG_PAD_Y)); /* half the width */
    EQ(g.col_w[0], 50);
    EQ(g.col_w[1], 100);
    EQ(g.col_w[2], 50);
    EQ(g.col_x[3], 200);
    EQ(g.width, 200);
    ad_tg_free(&g);
    /* narrower than the text area: kept as it is */
    ck_assert(ad_tg_place(&g, n, 1000, AD_TG_PAD_X, AD_TG_PAD_Y));
    EQ(g.width, 400);
    EQ(g.col_x[2], 300);
    ad_tg_free(&g);
    /* no widths: the text width shared evenly */
    int z[3] = {0, 0, 0};
    ad_node *m = S_table(&body, 3, z, 0, 1, sp);
    ck_assert(ad_tg_place(&g, m, 300, AD_TG_PAD_X, AD_TG_PAD_Y));
    EQ(g.col_w[0], 100);
    EQ(g.col_w[2], 100);
    ad_tg_free(&g);
    /* nothing to place */
    ad_node *e = ad_add_table(&body, 2, w, 0);
    ck_assert(!ad_tg_place(&g, e, 300, AD_TG_PAD_X, AD_TG_PAD_Y));
    ad_nodes_free(&body);
}
END_TEST

START_TEST(cells_are_placed_in_the_html_model)
{
    ad_nodes body = {0};
    int w[3] = {1000, 1000, 1000};
    /* row 0: a cell spanning two rows, a cell spanning two columns;
     * row 1: its first slot is covered, so its one cell lands in column 1;
     * row 2: a colspan of 5 is clamped to the 3 columns */
    static const int sp[3][4][2] = {
        {{1, 2}, {2, 1}}, {{1, 1}, {1, 1}}, {{5, 1}}};
    ad_node *n = S_table(&body, 3, w, 0, 3, sp);
    ad_tgeom g;
    ck_assert(ad_tg_place(&g, n, 1000, AD_TG_PAD_X, AD_TG_PAD_Y));
    ck_assert_uint_eq(g.n_cells, 5);
    ck_assert_int_eq(g.cells[1].col, 1);
    ck_assert_int_eq(g.cells[1].colspan, 2);
    EQ(g.cells[1].w, 100);
    ck_assert_int_eq(g.cells[2].row, 1);
    ck_assert_int_eq(g.cells[2].col, 1);
    ck_assert_int_eq(g.cells[3].col, 2);
    ck_assert_int_eq(g.cells[4].colspan, 3);
    ck_assert_int_eq(g.max_rowspan, 2);
    ck_assert_uint_eq(g.row_first[1], 2);
    ck_assert_uint_eq(g.row_first[2], 4);
    ck_assert_uint_eq(g.row_first[3], 5);
    /* padding: 4 pt, or 12 % of a narrow cell */
    EQ(g.cells[0].pad_x, 4);
    ad_tg_free(&g);
    int narrow[3] = {200, 200, 200}; /* 10 pt columns */
    ad_node *m = S_table(&body, 3, narrow, 0, 3, sp);
    ck_assert(ad_tg_place(&g, m, 1000, AD_TG_PAD_X, AD_TG_PAD_Y));
    EQ(g.cells[0].pad_x, 1.2);
    ad_tg_free(&g);
    ad_nodes_free(&body);
}
END_TEST

START_TEST(row_heights_come_from_cell_heights)
{
    ad_nodes body = {0};
    int w[2] = {1000, 1000};
    /* row 0: a and b; rows 1-2: c spans both, d and e beside it */
    static const int sp[3][4][2] = {{{1, 1}, {1, 1}}, {{1, 2}, {1, 1}}, {{1, 1}}};
    ad_node *n = S_table(&body, 2, w, 0, 3, sp);
    ad_tgeom g;
    ck_assert(ad_tg_place(&g, n, 1000, AD_TG_PAD_X, AD_TG_PAD_Y));
    double h[5] = {10, 30, 100, 20, 20}; /* a b c d e */
    for (int k = 0; k < 5; k++)
        g.cells[k].content_h = h[k];
    ad_tg_rows(&g, 800);
    EQ(g.row_h[0], 30 + 2 * AD_TG_PAD_Y); /* the taller of a and b */
    EQ(g.row_h[1], 20 + 2 * AD_TG_PAD_Y);
    /* c needs 104 over two rows of 24: its last row takes the rest */
    EQ(g.row_h[1] + g.row_h[2], 100 + 2 * AD_TG_PAD_Y);
    EQ(g.row_h[2], 80);
    ad_tg_free(&g);
    ad_nodes_free(&body);
}
END_TEST

START_TEST(rowspan_groups_and_header)
{
    ad_nodes body = {0};
    int w[2] = {1000, 1000};
    /* header row 0 with a rowspan 3 that must stay in the header (1 row);
     * body: row 1 alone, rows 2-4 chained by overlapping spans, row 5 alone */
    static const int sp[6][4][2] = {{{1, 3}, {1, 1}}, {{1, 1}, {1, 1}}, {{1, 2}, {1, 1}},
                                    {{1, 2}},         {{1, 1}},         {{1, 1}, {1, 1}}};
    ad_node *n = S_table(&body, 2, w, 1, 6, sp);
    ad_tgeom g;
    ck_assert(ad_tg_place(&g, n, 1000, AD_TG_PAD_X, AD_TG_PAD_Y));
    ck_assert_int_eq(g.cells[0].rowspan, 1);
    ck_assert(g.cells[0].header && !g.cells[2].header);
    S_heights(&g, 16);
    ad_tg_rows(&g, 800);
    ck_assert_int_eq(g.hdr, 1);
    EQ(g.hdr_h, 20);
    ck_assert_uint_eq(g.gend[1], 1);
    ck_assert_uint_eq(g.gend[2], 4);
    ck_assert_uint_eq(g.gend[3], 4);
    ck_assert_uint_eq(g.gend[4], 4);
    ck_assert_uint_eq(g.gend[5], 5);
    /* row 3 holds only the start of a span that rows 3-4 cover: no height
     * of its own */
    EQ(g.row_h[3], 0);
    EQ(ad_tg_group_h(&g, 2), 40);
    EQ(ad_tg_rows_y(&g, 1, 4, 100), 140);
    /* the start: no page end is allowed before the last row (row 1 alone,
     * then one row left after the group): the whole table */
    EQ(ad_tg_start_h(&g, 800, true), 100);
    ck_assert_uint_eq(ad_tg_span_from(&g, 4), 3);
    ck_assert_uint_eq(ad_tg_span_from(&g, 0), 0);
    ad_tg_free(&g);
    /* a header taller than half a page is not repeated */
    ck_assert(ad_tg_place(&g, n, 1000, AD_TG_PAD_X, AD_TG_PAD_Y));
    S_heights(&g, 16);
    ad_tg_rows(&g, 30);
    ck_assert_int_eq(g.hdr, 0);
    EQ(g.hdr_h, 0);
    ad_tg_free(&g);
    ad_nodes_free(&body);
}
END_TEST

START_TEST(page_decisions_keep_groups_whole)
{
    ad_nodes body = {0};
    int w[2] = {1000, 1000};
    static const int sp[5][4][2] = {
        {{1, 1}, {1, 1}}, {{1, 1}, {1, 1}}, {{1, 2}, {1, 1}}, {{1, 1}}, {{1, 1}, {1, 1}}};
    ad_node *n = S_table(&body, 2, w, 1, 5, sp);
    ad_tgeom g;
    ck_assert(ad_tg_place(&g, n, 1000, AD_TG_PAD_X, AD_TG_PAD_Y));
    S_heights(&g, 16); /* rows of 20 pt; rows 2-3 a group of 40 */
    ad_tg_rows(&g, 100);
    size_t last = 99;
    /* room for the group and the row after it: drawn */
    ck_assert_int_eq(ad_tg_next(&g, 2, 40, 0, 100, &last), AD_TG_DRAW);
    ck_assert_uint_eq(last, 4);
    /* room for the group only: it would leave row 4 alone on the next
     * page, so all of it moves */
    ck_assert_int_eq(ad_tg_next(&g, 2, 50, 0, 100, &last), AD_TG_PAGE);
    /* 30 pt left: the group moves to the next page */
    ck_assert_int_eq(ad_tg_next(&g, 2, 70, 0, 100, &last), AD_TG_PAGE);
    /* a single last row fits in 20 */
    ck_assert_int_eq(ad_tg_next(&g, 4, 80, 0, 100, &last), AD_TG_DRAW);
    ck_assert_uint_eq(last, 4);
    ad_tg_free(&g);

    /* a group taller than a page goes row by row; a row taller than the
     * page's body is sliced, on a fresh page at once */
    ck_assert(ad_tg_place(&g, n, 1000, AD_TG_PAD_X, AD_TG_PAD_Y));
    S_heights(&g, 16);
    g.cells[4].content_h = 116; /* the span: group 2-3 is 120 pt, row 3 is 100 */
    ad_tg_rows(&g, 100);
    EQ(ad_tg_group_h(&g, 2), 120);
    ck_assert_int_eq(ad_tg_next(&g, 2, 20, 0, 100, &last), AD_TG_DRAW);
    ck_assert_uint_eq(last, 2); /* row 2 alone (20 pt) */
    /* row 3 (100 pt) is taller than the 80 pt below the header: sliced
     * where it is, on a fresh page as well */
    ck_assert_int_eq(ad_tg_next(&g, 3, 40, 0, 100, &last), AD_TG_SLICE);
    ck_assert_uint_eq(last, 3);
    ck_assert_int_eq(ad_tg_next(&g, 3, 20, 0, 100, &last), AD_TG_SLICE);
    /* the start height counts a slice of an over-tall first group */
    g.row_h[1] = 500;
    EQ(ad_tg_start_h(&g, 100, true), 20 + AD_TG_MIN_SLICE);
    ad_tg_free(&g);
    ad_nodes_free(&body);
}
END_TEST

/* A header row and n body rows of single cells, every row 20 pt. */
static ad_node *S_rows(ad_nodes *body, size_t n, ad_tgeom *g)
{
    int w[2] = {1000, 1000};
    ad_node *t = ad_add_table(body, 2, w, 1);
    for (size_t r = 0; r <= n; r++) {
        ad_row *row = ad_table_add_row(t);
        ad_row_add_cell(row, 1, 1);
        ad_row_add_cell(row, 1, 1);
    }
    ck_assert(ad_tg_place(g, t, 1000, AD_TG_PAD_X, AD_TG_PAD_Y));
    S_heights(g, 16);
    ad_tg_rows(g, 100);
    return t;
}

/* Tables paginate like a typesetter's (issue 14): two body rows on each
 * page, a note row never starts one, a title row keeps two rows, a short
 * or kept-together table moves whole.  Page: 0..100, header 20, so four
 * rows of 20 under the header. */
START_TEST(page_ends_where_the_rules_allow)
{
    ad_nodes body = {0};
    ad_tgeom g;
    ad_node *t = S_rows(&body, 8, &g); /* rows 1..8 */
    size_t last = 99;
    ck_assert_int_eq(ad_tg_next(&g, 1, 20, 0, 100, &last), AD_TG_DRAW_PAGE);
    ck_assert_uint_eq(last, 4);
    ck_assert_int_eq(ad_tg_next(&g, 5, 20, 0, 100, &last), AD_TG_DRAW);
    ck_assert_uint_eq(last, 8);
    /* rows 3..6 fit and leave two: fine */
    ck_assert_int_eq(ad_tg_next(&g, 3, 20, 0, 100, &last), AD_TG_DRAW_PAGE);
    ck_assert_uint_eq(last, 6);
    /* rows 4..7 fit but would leave row 8 alone: row 7 goes with it */
    ck_assert_int_eq(ad_tg_next(&g, 4, 20, 0, 100, &last), AD_TG_DRAW_PAGE);
    ck_assert_uint_eq(last, 6);
    /* one row fits below other text: the table starts on the next page */
    ck_assert_int_eq(ad_tg_next(&g, 1, 70, 0, 100, &last), AD_TG_PAGE);
    /* ... but on a fresh page the rule gives way rather than loop */
    ck_assert(!ad_tg_break_ok(&g, 1, 1));
    /* a note row never starts a page: its item goes with it */
    t->rows[5].note = true;
    ck_assert_int_eq(ad_tg_next(&g, 1, 20, 0, 100, &last), AD_TG_DRAW_PAGE);
    ck_assert_uint_eq(last, 3);
    t->rows[5].note = false;
    /* a title row stays with the two rows after it */
    t->rows[6].title = true;
    ck_assert(!ad_tg_break_ok(&g, 3, 6));
    ck_assert(!ad_tg_break_ok(&g, 3, 7));
    ck_assert(ad_tg_break_ok(&g, 3, 5));
    ck_assert_int_eq(ad_tg_next(&g, 3, 20, 0, 100, &last), AD_TG_DRAW_PAGE);
    ck_assert_uint_eq(last, 5);
    t->rows[6].title = false;
    /* the start of the table: header and the first two rows */
    EQ(ad_tg_start_h(&g, 100, true), 60);
    t->rows[2].title = true; /* ... a title row's two rows */
    EQ(ad_tg_start_h(&g, 100, true), 100);
    t->rows[2].title = false;
    /* kept together: all of it when it fits on a page */
    t->keep_together = true;
    EQ(ad_tg_start_h(&g, 200, true), 180);
    /* ... unless the page holds only titles and headings yet: it starts there */
    EQ(ad_tg_start_h(&g, 200, false), 60);
    EQ(ad_tg_start_h(&g, 100, true), 60); /* taller than a page: the rules as above */
    ad_tg_free(&g);

    /* three body rows or fewer move whole */
    S_rows(&body, 3, &g);
    EQ(ad_tg_start_h(&g, 100, true), 80);
    ad_tg_free(&g);
    S_rows(&body, 4, &g);
    EQ(ad_tg_start_h(&g, 200, true), 60);
    ad_tg_free(&g);
    ad_nodes_free(&body);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("typeset_table");
    TCase *tc = tcase_create("geometry");
    tcase_add_test(tc, columns_scale_down_to_the_text_area);
    tcase_add_test(tc, cells_are_placed_in_the_html_model);
    tcase_add_test(tc, row_heights_come_from_cell_heights);
    tcase_add_test(tc, rowspan_groups_and_header);
    tcase_add_test(tc, page_decisions_keep_groups_whole);
    tcase_add_test(tc, page_ends_where_the_rules_allow);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
