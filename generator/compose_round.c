/* compose_round.c — what a round built on other rounds adds to the document
 * trees: the draft marks (「（案）」 after every document title and in the
 * title both backends put in the metadata) and the comparison with the last
 * round as an appendix table of the packet (layout.txt packet.comparison). */
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "compose_int.h"
#include "rounds.h"
#include "util.h"
#include "wareki.h"

/* Wording that older templates folders (archived ones among them) may lack. */
static const char *S_w_or(const ad_templates *t, const char *key, const char *dflt)
{
    const char *v = ad_w(t, key);
    return v && strcmp(v, key) != 0 ? v : dflt;
}

void ad_compose_draft_marks(ad_doc *d, const ad_audit *a, const ad_templates *t)
{
    if (!d || !a || !a->draft)
        return;
    const char *mark = S_w_or(t, "draft.mark", "（案）");
    char *title = ad_xasprintf("%s%s", d->title ? d->title : "", mark);
    free(d->title);
    d->title = ad_xml_clean(title);
    free(title);
    for (size_t s = 0; s < d->n_sections; s++) {
        ad_nodes *body = &d->sections[s].body;
        for (size_t i = 0; i < body->n; i++) {
            ad_node *n = body->v[i];
            if (n->kind == AD_NODE_PARA && n->style == AD_PS_TITLE && n->n_runs)
                ad_para_add_run(n, mark, n->runs[n->n_runs - 1].flags);
        }
    }
}

static void S_row(ad_node *tb, const char *dept, const char *kind, const char *item,
                  const char *before, const char *after)
{
    ad_row *r = ad_table_add_row(tb);
    ad_cx_cell_text(r, dept, AD_PS_TABLE, AD_ALIGN_LEFT);
    ad_cx_cell_text(r, kind, AD_PS_TABLE, AD_ALIGN_CENTER);
    ad_cx_cell_text(r, item, AD_PS_TABLE, AD_ALIGN_LEFT);
    ad_cx_cell_text(r, before, AD_PS_TABLE, AD_ALIGN_CENTER);
    ad_cx_cell_text(r, after, AD_PS_TABLE, AD_ALIGN_CENTER);
}

void ad_compose_comparison(ad_doc *d, const ad_audit *a, const ad_templates *t)
{
    if (!a || !a->previous || !ad_layout_bool(t, "packet.comparison", false))
        return;
    const ad_audit *old = a->previous;
    ad_comparison *c = ad_compare_rounds(old, a);
    ad_page pg = ad_compose_page(t, false);
    ad_doc_section *s = ad_doc_add_section(d, &pg, false);
    char *fy_old = ad_wareki_fiscal_year(old->fiscal_year), *fy_new = ad_wareki_fiscal_year(a->fiscal_year);
    char *r_old = ad_xasprintf("%s%s", fy_old ? fy_old : "", ad_term_name(old->term));
    char *r_new = ad_xasprintf("%s%s", fy_new ? fy_new : "", ad_term_name(a->term));
    const char *tpl = S_w_or(t, "compare.title", "{old}と{new}の監査結果の比較");
    char *title = ad_xstrdup(tpl);
    { /* {old} and {new}; the wording may leave either out */
        ad_buf b = {0};
        ad_buf_puts(&b, "");
        for (const char *p = title; *p;) {
            if (strncmp(p, "{old}", 5) == 0) {
                ad_buf_puts(&b, r_old);
                p += 5;
            } else if (strncmp(p, "{new}", 5) == 0) {
                ad_buf_puts(&b, r_new);
                p += 5;
            } else {
                ad_buf_putc(&b, *p++);
            }
        }
        free(title);
        title = ad_buf_take(&b);
    }
    char *anchor = ad_anchor_for("part", "_comparison"); /* "_": no user id has one */
    ad_section_set_outline(s, title, 1, anchor);
    free(anchor);
    ad_add_text(&s->body, AD_PS_TITLE, AD_ALIGN_CENTER, title);
    free(title);

    int w[5];
    ad_cx_widths(t, "compare.widths", 5, ad_page_text_width(&pg), w);
    ad_node *tb = ad_add_table(&s->body, 5, w, 1);
    const char *labels[5] = {S_w_or(t, "compare.col_dept", "課等名"),
                             S_w_or(t, "compare.col_kind", "区分"),
                             S_w_or(t, "compare.col_item", "監査項目"),
                             S_w_or(t, "compare.col_before", "前回"),
                             S_w_or(t, "compare.col_after", "今回")};
    ad_cx_header_row(tb, labels, 5, ad_cx_shade(t));
    const char *kinds[AD_CHANGE_KINDS] = {S_w_or(t, "compare.improved", "改善"),
                                          S_w_or(t, "compare.worsened", "悪化"),
                                          S_w_or(t, "compare.still_ng", "継続して×")};
    for (size_t k = 0; k < c->n_depts; k++) {
        const ad_dept_change *dc = &c->depts[k];
        size_t rows = 0;
        for (int q = 0; q < AD_CHANGE_KINDS; q++)
            for (size_t i = 0; i < dc->n_rows[q]; i++, rows++) {
                const ad_change_row *r = &dc->rows[q][i];
                char *label = ad_cx_item_label(t, r->item, false);
                S_row(tb, dc->name, kinds[q], label, ad_cx_mark(t, r->before), ad_cx_mark(t, r->after));
                ad_row *row = &tb->rows[tb->n_rows - 1]; /* the marks read as their meanings */
                ad_cx_mark_expansion(&row->cells[3], t, r->before);
                ad_cx_mark_expansion(&row->cells[4], t, r->after);
                free(label);
            }
        for (size_t i = 0; i < dc->n_repeats; i++, rows++)
            S_row(tb, dc->name, S_w_or(t, "compare.repeat", "再指摘"),
                  dc->repeats[i]->title ? dc->repeats[i]->title : "", "", "");
        if (!rows)
            S_row(tb, dc->name, S_w_or(t, "compare.none", "変化なし"), "", "", "");
    }
    ad_add_text(&s->body, AD_PS_NOTE, AD_ALIGN_LEFT,
                S_w_or(t, "compare.note", "改善：×又は△から○、悪化：○から△又は×、継続して×：前回も今回も×"));
    free(r_old);
    free(r_new);
    free(fy_old);
    free(fy_new);
    ad_comparison_free(c);
}
