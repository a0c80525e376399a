/* compose_matrix.c — the results matrix (結果一覧): landscape pages, one
 * table per checklist section with a header row of department short names,
 * marks centred, note rows (備考) and the legend under each table.
 *
 * Widths: every department column is as wide as the widest short name needs
 * on one line at the header's size (never narrower than matrix.dept_width),
 * wider still for the longest term of a note row (備考) as far as the item
 * column keeps its minimum, and the item column takes the rest.  All departments share one band
 * whenever the item column keeps matrix.item_min_width that way (12
 * departments with short names of up to four characters on A4 landscape);
 * else they are split into balanced bands in department order, each band
 * repeating the item column and header.
 *
 * Legends: with matrix.legend = page (the default) each legend paragraph
 * is a page note, so the PDF prints it once per page under the page's last
 * table (doc.h); with matrix.legend = section every table keeps its own. */
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "compose_int.h"
#include "util.h"

/* Room a cell needs beside its text, twips: the cell margins both backends
 * use (doc.h cell_pad_x, each side) and a little slack for rounding in the
 * viewers. */
#define S_CELL_PAD_TW(d) (2 * (d)->cell_pad_x)
#define S_SLACK_TW 10

/* Width of s in ems in the bundled fonts: BIZ UD Gothic and Mincho are
 * fixed-pitch, half an em for Latin letters, digits and half-width kana, a
 * full em for everything else (tests/test_compose.c measures it against
 * Pango). */
double ad_cx_text_em(const char *s)
{
    double em = 0;
    size_t len = strlen(s), pos = 0;
    while (pos < len) {
        uint32_t cp;
        pos += ad_utf8_decode(s + pos, len - pos, &cp);
        bool half = (cp >= 0x20 && cp <= 0x24F) || (cp >= 0xFF61 && cp <= 0xFFDC);
        em += half ? 0.5 : 1.0;
    }
    return em;
}

static const char *S_short(const ad_department *d)
{
    return d->short_name && *d->short_name ? d->short_name : d->name ? d->name : "";
}

/* The width of one department column: the widest short name on one line
 * at the header style's size, or matrix.dept_width when that is wider. */
static int S_dept_width(const ad_doc *d, const ad_audit *a, const ad_templates *t)
{
    int w = ad_cx_layout_mm(t, "matrix.dept_width", 12);
    double size_tw = d->styles[AD_PS_TABLE_HEADER].size * 10.0; /* half-points → twips */
    for (size_t i = 0; i < a->n_departments; i++) {
        int need = (int)(ad_cx_text_em(S_short(&a->departments[i])) * size_tw + 0.999) +
                   S_CELL_PAD_TW(d) + S_SLACK_TW;
        if (need > w)
            w = need;
    }
    return w;
}

/* The widest term of a note cell, in ems: text between spaces, a term
 * keeping the 、・／ it ends with (where jbreak.h lets a line break first). */
static double S_widest_term_em(const char *s)
{
    double best = 0, cur = 0;
    size_t len = strlen(s), pos = 0;
    while (pos < len) {
        uint32_t cp;
        size_t n = ad_utf8_decode(s + pos, len - pos, &cp);
        bool space = cp == ' ' || cp == '\n' || cp == 0x3000 || cp == 0x2005;
        if (!space) {
            char ch[8];
            memcpy(ch, s + pos, n);
            ch[n] = '\0';
            cur += ad_cx_text_em(ch);
        }
        if (cur > best)
            best = cur;
        if (space || cp == 0x3001 || cp == 0x30FB || cp == 0xFF0F || cp == '/')
            cur = 0;
        pos += n;
    }
    return best;
}

/* Department columns widened to hold the longest term of the note rows
 * (備考: 児童扶養手当, （給付金）) on one line, as far as the item column
 * keeps its minimum with `band` departments beside it. */
static int S_widen_for_notes(const ad_doc *d, const ad_checklist *cl, const ad_templates *t,
                             size_t nd, int dept_w, int text_w, size_t band)
{
    double size_tw = d->styles[AD_PS_TABLE].size * 10.0;
    int need = 0;
    for (size_t k = 0; k < cl->n_sections; k++)
        for (size_t i = 0; i < cl->sections[k].n_notes; i++) {
            const ad_note_row *nr = &cl->sections[k].notes[i];
            for (size_t c = 0; nr->cells && c < nd; c++) {
                if (!nr->cells[c])
                    continue;
                int w = (int)(S_widest_term_em(nr->cells[c]) * size_tw + 0.999) + S_CELL_PAD_TW(d) +
                        S_SLACK_TW;
                if (w > need)
                    need = w;
            }
        }
    int cap = band ? (text_w - ad_cx_layout_mm(t, "matrix.item_min_width", 60)) / (int)band : 0;
    if (need > cap)
        need = cap;
    return need > dept_w ? need : dept_w;
}

/* Departments per band for n departments on a text width. */
static size_t S_band_size(const ad_templates *t, size_t n, int text_w, int dept_w)
{
    int item_min = ad_cx_layout_mm(t, "matrix.item_min_width", 60);
    int max_band = (int)ad_layout_num(t, "matrix.max_depts_per_band", 16);
    if (max_band < 1)
        max_band = 1;
    int fit = dept_w > 0 ? (text_w - item_min) / dept_w : max_band;
    if (fit < 1)
        fit = 1;
    if (fit > max_band)
        fit = max_band;
    if (n <= (size_t)fit)
        return n ? n : 1;
    /* balance the bands: as few as needed, as even as possible */
    size_t bands = (n + (size_t)fit - 1) / (size_t)fit;
    return (n + bands - 1) / bands;
}

static void S_band_table(ad_nodes *body, const ad_audit *a, const ad_templates *t,
                         const ad_section *sec, size_t from, size_t to, int text_w, int dept_w)
{
    int n_cols = (int)(to - from) + 1;
    int *w = ad_xcalloc((size_t)n_cols, sizeof *w);
    int item_w = text_w - dept_w * (n_cols - 1);
    if (item_w < 1440) { /* never happens with sane layouts; keep it usable */
        dept_w = (text_w - 1440) / (n_cols - 1);
        item_w = text_w - dept_w * (n_cols - 1);
    }
    w[0] = item_w;
    for (int c = 1; c < n_cols; c++)
        w[c] = dept_w;
    ad_node *tb = ad_add_table(body, n_cols, w, 1);
    tb->keep_together = true; /* a section on one page whenever it fits on one */
    free(w);

    uint32_t shade = ad_cx_shade(t);
    ad_row *hr = ad_table_add_row(tb);
    ad_cx_cell_text(hr, ad_w(t, "matrix.col_item"), AD_PS_TABLE_HEADER, AD_ALIGN_CENTER);
    hr->cells[0].shade = shade;
    hr->cells[0].valign = AD_VALIGN_CENTER;
    for (size_t d = from; d < to; d++) {
        ad_cx_cell_text(hr, S_short(&a->departments[d]), AD_PS_TABLE_HEADER, AD_ALIGN_CENTER);
        hr->cells[hr->n - 1].shade = shade;
        hr->cells[hr->n - 1].valign = AD_VALIGN_CENTER;
    }

    for (size_t i = 0; i < sec->n_items; i++) {
        const ad_item *it = &sec->items[i];
        ad_row *r = ad_table_add_row(tb);
        char *label = ad_cx_item_label(t, it, true);
        ad_cx_cell_text(r, label, AD_PS_TABLE, AD_ALIGN_LEFT);
        r->cells[0].valign = AD_VALIGN_CENTER;
        r->cells[0].row_header = true;
        free(label);
        for (size_t d = from; d < to; d++) {
            ad_cx_cell_text(r, it->marks ? ad_cx_mark(t, it->marks[d]) : "", AD_PS_TABLE,
                            AD_ALIGN_CENTER);
            r->cells[r->n - 1].valign = AD_VALIGN_CENTER;
            if (it->marks)
                ad_cx_mark_expansion(&r->cells[r->n - 1], t, it->marks[d]);
        }
    }
    for (size_t i = 0; i < sec->n_notes; i++) {
        const ad_note_row *nr = &sec->notes[i];
        ad_row *r = ad_table_add_row(tb);
        r->note = true;
        ad_cx_cell_text(r, nr->title ? nr->title : "", AD_PS_TABLE, AD_ALIGN_LEFT);
        r->cells[0].valign = AD_VALIGN_CENTER;
        for (size_t d = from; d < to; d++) {
            ad_cx_cell_text(r, nr->cells && nr->cells[d] ? nr->cells[d] : "", AD_PS_TABLE,
                            AD_ALIGN_CENTER);
            r->cells[r->n - 1].valign = AD_VALIGN_CENTER;
        }
    }
}

void ad_compose_matrix(ad_doc *d, const ad_audit *a, const ad_templates *t)
{
    for (size_t c = 0; c < a->n_checklists; c++) {
        const ad_checklist *cl = &a->checklists[c];
        if (!(cl->layout & AD_LAYOUT_MATRIX))
            continue;
        ad_page pg = ad_compose_page(t, true);
        ad_doc_section *s = ad_doc_add_section(d, &pg, true);
        char *title = ad_cx_matrix_title(a, t, cl);
        char *anchor = ad_anchor_for("part", cl->id);
        ad_section_set_outline(s, title, 1, anchor);
        free(anchor);
        ad_add_text(&s->body, AD_PS_TITLE, AD_ALIGN_CENTER, title);
        free(title);

        int text_w = ad_page_text_width(&pg);
        int dept_w = S_dept_width(d, a, t);
        const char *lg = ad_layout_str(t, "matrix.legend", "page");
        bool legend_page = strcmp(lg, "section") != 0;
        size_t nd = a->n_departments;
        size_t band = S_band_size(t, nd, text_w, dept_w);
        size_t n_bands = nd ? (nd + band - 1) / band : 1;
        dept_w = S_widen_for_notes(d, cl, t, nd, dept_w, text_w, band);

        for (size_t k = 0; k < cl->n_sections; k++) {
            const ad_section *sec = &cl->sections[k];
            char *heading = sec->numeral && *sec->numeral
                                ? ad_wf(t, "matrix.section", "numeral", sec->numeral, "title",
                                        sec->title ? sec->title : "", NULL)
                                : ad_wf(t, "matrix.section_nonumeral", "title",
                                        sec->title ? sec->title : "", NULL);
            for (size_t bi = 0; bi < n_bands; bi++) {
                size_t from = bi * band, to = from + band < nd ? from + band : nd;
                ad_node *h;
                if (n_bands > 1) {
                    char nb[24], nbs[24];
                    snprintf(nb, sizeof nb, "%zu", bi + 1);
                    snprintf(nbs, sizeof nbs, "%zu", n_bands);
                    char *suffix = ad_wf(t, "matrix.band", "band", nb, "bands", nbs, "first",
                                         S_short(&a->departments[from]), "last",
                                         S_short(&a->departments[to - 1]), NULL);
                    char *full = ad_xasprintf("%s%s", heading, suffix);
                    h = ad_add_text(&s->body, AD_PS_HEADING3, AD_ALIGN_LEFT, full);
                    free(full);
                    free(suffix);
                } else {
                    h = ad_add_text(&s->body, AD_PS_HEADING3, AD_ALIGN_LEFT, heading);
                }
                h->keep_next = true;
                S_band_table(&s->body, a, t, sec, from, to, text_w, dept_w);
                ad_add_text(&s->body, AD_PS_NOTE, AD_ALIGN_LEFT, ad_w(t, "legend"))->page_note = legend_page;
            }
            free(heading);
        }
    }
}
