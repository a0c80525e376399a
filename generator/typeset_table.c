/* typeset_table.c — table geometry on numbers (typeset_table.h): columns,
 * cell placement, row heights, rowspan groups, and what goes on a page.
 * No fonts: typeset.c measures the cells and draws what this decides. */
#include "typeset_table.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static void S_columns(ad_tgeom *g, const ad_node *n, double avail_w)
{
    g->col_x = ad_xcalloc((size_t)n->n_cols + 1, sizeof *g->col_x);
    g->col_w = ad_xcalloc((size_t)n->n_cols, sizeof *g->col_w);
    double sum = 0;
    for (int c = 0; c < n->n_cols; c++)
        sum += (n->col_w[c] > 0 ? n->col_w[c] : 0) / 20.0;
    double scale = sum > avail_w && sum > 0 ? avail_w / sum : 1.0;
    if (sum <= 0) /* no widths: share the text width */
        for (int c = 0; c < n->n_cols; c++)
            g->col_w[c] = avail_w / n->n_cols;
    else
        for (int c = 0; c < n->n_cols; c++)
            g->col_w[c] = (n->col_w[c] > 0 ? n->col_w[c] : 0) / 20.0 * scale;
    for (int c = 0; c < n->n_cols; c++)
        g->col_x[c + 1] = g->col_x[c] + g->col_w[c];
    g->width = g->col_x[n->n_cols];
}

bool ad_tg_place(ad_tgeom *g, const ad_node *n, double avail_w, double pad_x, double pad_y)
{
    memset(g, 0, sizeof *g);
    if (n->n_cols <= 0 || n->n_rows == 0)
        return false;
    g->pad_x = pad_x > 0 ? pad_x : 0;
    g->pad_y = pad_y > 0 ? pad_y : 0;
    g->node = n;
    g->n_cols = n->n_cols;
    g->n_rows = n->n_rows;
    S_columns(g, n, avail_w);

    int *busy = ad_xcalloc((size_t)n->n_cols, sizeof *busy);
    g->row_first = ad_xcalloc(n->n_rows + 1, sizeof *g->row_first);
    g->max_rowspan = 1;
    int hdr = n->header_rows > 0 ? n->header_rows : 0;
    if ((size_t)hdr > n->n_rows)
        hdr = (int)n->n_rows;
    g->hdr = hdr;
    for (size_t r = 0; r < n->n_rows; r++) {
        g->row_first[r] = g->n_cells;
        int col = 0;
        for (size_t k = 0; k < n->rows[r].n; k++) {
            while (col < n->n_cols && busy[col] > 0)
                col++;
            if (col >= n->n_cols)
                break;
            const ad_cell *cell = &n->rows[r].cells[k];
            int span = cell->colspan < 1 ? 1 : cell->colspan;
            if (span > n->n_cols - col)
                span = n->n_cols - col;
            int rs = cell->rowspan < 1 ? 1 : cell->rowspan;
            if ((size_t)rs > n->n_rows - r)
                rs = (int)(n->n_rows - r);
            if ((int)r < hdr && (int)r + rs > hdr) /* header spans stay in the header */
                rs = hdr - (int)r;
            ad_tg_cell c = {0};
            c.cell = cell;
            c.row = (int)r;
            c.col = col;
            c.colspan = span;
            c.rowspan = rs;
            c.header = (int)r < hdr;
            c.x = g->col_x[col];
            c.w = g->col_x[col + span] - c.x;
            c.pad_x = g->pad_x < c.w * 0.12 ? g->pad_x : c.w * 0.12;
            AD_VEC_PUSH(g->cells, g->n_cells, g->cap_cells) = c;
            if (rs > g->max_rowspan)
                g->max_rowspan = rs;
            for (int s = 0; s < span; s++)
                busy[col + s] = rs;
            col += span;
        }
        for (int c = 0; c < n->n_cols; c++)
            if (busy[c] > 0)
                busy[c]--;
    }
    g->row_first[n->n_rows] = g->n_cells;
    free(busy);
    return true;
}

void ad_tg_rows(ad_tgeom *g, double page_h)
{
    /* row heights: single-row cells first, then spans stretch their last row */
    g->row_h = ad_xcalloc(g->n_rows ? g->n_rows : 1, sizeof *g->row_h);
    for (size_t i = 0; i < g->n_cells; i++) {
        ad_tg_cell *c = &g->cells[i];
        double need = c->content_h + 2 * g->pad_y;
        if (c->rowspan == 1 && need > g->row_h[c->row])
            g->row_h[c->row] = need;
    }
    for (size_t i = 0; i < g->n_cells; i++) {
        ad_tg_cell *c = &g->cells[i];
        if (c->rowspan == 1)
            continue;
        double need = c->content_h + 2 * g->pad_y, have = 0;
        for (int r = c->row; r < c->row + c->rowspan; r++)
            have += g->row_h[r];
        if (need > have)
            g->row_h[c->row + c->rowspan - 1] += need - have;
    }
    /* rowspan groups */
    g->gend = ad_xcalloc(g->n_rows ? g->n_rows : 1, sizeof *g->gend);
    for (size_t r = 0; r < g->n_rows;) {
        size_t e = r;
        for (size_t i = r; i <= e; i++)
            for (size_t k = g->row_first[i]; k < g->row_first[i + 1]; k++) {
                size_t last = (size_t)(g->cells[k].row + g->cells[k].rowspan - 1);
                if (last > e)
                    e = last;
            }
        for (size_t i = r; i <= e; i++)
            g->gend[i] = e;
        r = e + 1;
    }
    g->hdr_h = 0;
    for (int r = 0; r < g->hdr; r++)
        g->hdr_h += g->row_h[r];
    if (g->hdr_h > page_h / 2) /* a header that big is not repeated */
        g->hdr = 0, g->hdr_h = 0;
}

void ad_tg_free(ad_tgeom *g)
{
    if (!g)
        return;
    free(g->col_x);
    free(g->col_w);
    free(g->cells);
    free(g->row_first);
    free(g->row_h);
    free(g->gend);
    memset(g, 0, sizeof *g);
}

double ad_tg_rows_y(const ad_tgeom *g, size_t ra, size_t rb, double y)
{
    for (size_t i = ra; i < rb; i++)
        y += g->row_h[i];
    return y;
}

double ad_tg_group_h(const ad_tgeom *g, size_t r) { return ad_tg_rows_y(g, r, g->gend[r] + 1, 0); }

double ad_tg_full_h(const ad_tgeom *g) { return ad_tg_rows_y(g, 0, g->n_rows, 0); }

/* A table that moves whole: kept together, or three body rows or fewer. */
static bool S_moves_whole(const ad_tgeom *g)
{
    return g->node->keep_together || g->n_rows - (size_t)g->hdr <= 3;
}

bool ad_tg_break_ok(const ad_tgeom *g, size_t first, size_t k)
{
    if (k + 1 >= g->n_rows)
        return true;
    const ad_row *rows = g->node->rows;
    if (rows[k + 1].note)               /* a note row never starts a page */
        return false;
    if (g->n_rows - (k + 1) < 2 || k + 1 - first < 2) /* two body rows on each page */
        return false;
    for (size_t i = k >= 1 && k - 1 >= first ? k - 1 : k; i <= k; i++)
        if (rows[i].title)              /* a title row with fewer than two rows after it */
            return false;
    return true;
}

/* The first row after the rowspan group that ends at or after row k. */
static size_t S_next_group(const ad_tgeom *g, size_t k) { return g->gend[k] + 1; }

double ad_tg_start_h(const ad_tgeom *g, double page_h, bool whole)
{
    double h = g->hdr_h;
    size_t r0 = (size_t)g->hdr;
    if (r0 < g->n_rows) {
        double full = ad_tg_full_h(g);
        if (whole && S_moves_whole(g) && full <= page_h)
            return full;
        /* the first rows up to the first page end allowed after them */
        double gh = 0;
        size_t k = r0;
        for (;;) {
            gh += ad_tg_group_h(g, k);
            size_t e = g->gend[k];
            if (e + 1 >= g->n_rows || ad_tg_break_ok(g, r0, e))
                break;
            k = S_next_group(g, e);
        }
        if (gh > page_h - g->hdr_h) /* no such start fits: the first group, or a slice */
            gh = ad_tg_group_h(g, r0);
        /* a first row taller than a page starts here and splits */
        h += gh <= page_h - g->hdr_h ? gh : AD_TG_MIN_SLICE;
    }
    return h < page_h ? h : page_h;
}

size_t ad_tg_span_from(const ad_tgeom *g, size_t r)
{
    return r >= (size_t)g->max_rowspan ? r - (size_t)g->max_rowspan + 1 : 0;
}

ad_tg_step ad_tg_next(const ad_tgeom *g, size_t r, double y, double top, double bottom,
                      size_t *last)
{
    double page = bottom - top, body = page - g->hdr_h;
    bool fresh = y <= top + g->hdr_h + AD_TG_EPS;
    /* the whole groups that fit from r */
    size_t k = r, n_fit = 0;
    double h = y;
    for (size_t s = r; s < g->n_rows; s = S_next_group(g, s)) {
        double gh = ad_tg_group_h(g, s);
        if (h + gh > bottom + AD_TG_EPS)
            break;
        h += gh;
        k = g->gend[s];
        n_fit++;
    }
    if (n_fit == 0) {
        /* the group does not fit here: on the next page, else (taller than
         * a page) row by row, slicing a row taller than a page */
        if (!fresh && ad_tg_group_h(g, r) <= body + AD_TG_EPS)
            return AD_TG_PAGE;
        *last = r;
        if (y + g->row_h[r] <= bottom + AD_TG_EPS)
            return AD_TG_DRAW;
        if (!fresh && g->row_h[r] <= body + AD_TG_EPS)
            return AD_TG_PAGE;
        return AD_TG_SLICE;
    }
    *last = k;
    if (k + 1 >= g->n_rows)
        return AD_TG_DRAW;
    /* the page ends after k: move back to an end the rules allow */
    size_t b = k;
    while (!ad_tg_break_ok(g, r, b)) {
        size_t s = b; /* the start of b's group */
        while (s > r && g->gend[s - 1] == g->gend[b])
            s--;
        if (s <= r) {
            if (!fresh) /* nothing good here: all of it on the next page */
                return AD_TG_PAGE;
            return AD_TG_DRAW_PAGE; /* a fresh page can do no better */
        }
        b = s - 1;
    }
    *last = b;
    return AD_TG_DRAW_PAGE;
}
