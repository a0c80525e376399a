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

bool ad_tg_place(ad_tgeom *g, const ad_node *n, double avail_w)
{
    memset(g, 0, sizeof *g);
    if (n->n_cols <= 0 || n->n_rows == 0)
        return false;
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
            c.pad_x = AD_TG_PAD_X < c.w * 0.12 ? AD_TG_PAD_X : c.w * 0.12;
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
        double need = c->content_h + 2 * AD_TG_PAD_Y;
        if (c->rowspan == 1 && need > g->row_h[c->row])
            g->row_h[c->row] = need;
    }
    for (size_t i = 0; i < g->n_cells; i++) {
        ad_tg_cell *c = &g->cells[i];
        if (c->rowspan == 1)
            continue;
        double need = c->content_h + 2 * AD_TG_PAD_Y, have = 0;
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

double ad_tg_start_h(const ad_tgeom *g, double page_h)
{
    double h = g->hdr_h;
    if ((size_t)g->hdr < g->n_rows) {
        double gh = ad_tg_group_h(g, (size_t)g->hdr);
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
    /* the rowspan group whole, else (taller than a page) row by row */
    size_t e = g->gend[r];
    double h = ad_tg_group_h(g, r);
    for (int pass = 0; pass < 2; pass++) {
        if (y + h <= bottom + AD_TG_EPS) {
            *last = e;
            return AD_TG_DRAW;
        }
        if (!fresh && h <= body + AD_TG_EPS)
            return AD_TG_PAGE;
        e = r;
        h = g->row_h[r];
    }
    *last = r;
    return AD_TG_SLICE;
}
