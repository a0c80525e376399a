/* compose_report.c — the audit report to the committee (実施報告書):
 * 1 監査概要 (1)–(5), 2 監査結果（総評）, 3 課別監査結果 with the sentence
 * pointing at the matrix and one narrative table per section of every
 * narrative checklist, its department lists derived from the marks. */
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "compose_int.h"
#include "util.h"
#include "views.h"
#include "wareki.h"

static ad_node *S_text(ad_nodes *body, ad_pstyle st, const char *text, int indent)
{
    ad_node *p = ad_add_text(body, st, st == AD_PS_NORMAL ? AD_ALIGN_JUSTIFY : AD_ALIGN_LEFT,
                             text);
    p->indent = indent;
    if (st == AD_PS_HEADING1 || st == AD_PS_HEADING2 || st == AD_PS_HEADING3)
        p->keep_next = true;
    /* 1 監査概要, (1) 監査目的: numbered (the DOCX checks the label's form) */
    p->number_in_text = st == AD_PS_HEADING1 || st == AD_PS_HEADING2;
    return p;
}

static void S_narrative_table(ad_nodes *body, const ad_audit *a, const ad_templates *t,
                              const ad_section *sec, int width)
{
    int w[4];
    ad_cx_widths(t, "table.narrative.widths", 4, width, w);
    ad_node *tb = ad_add_table(body, 4, w, 1);
    const char *head[4] = {ad_w(t, "report.col_item"), ad_w(t, "report.col_ok"),
                           ad_w(t, "report.col_ng"), ad_w(t, "report.col_remark")};
    ad_cx_header_row(tb, head, 4, ad_cx_shade(t));
    const char *none = ad_w(t, "none");
    for (size_t i = 0; i < sec->n_items; i++) {
        const ad_item *it = &sec->items[i];
        ad_narrative nv = ad_narrative_of(a, it);
        char *label = ad_cx_item_label(t, it, false);
        char *ok = ad_dept_names_join(a, nv.ok, nv.n_ok, ad_w(t, "list.sep"), none);
        char *ng = ad_dept_names_join(a, nv.ng, nv.n_ng, ad_w(t, "list.sep"), none);
        ad_row *r = ad_table_add_row(tb);
        ad_cx_cell_text(r, label, AD_PS_TABLE, AD_ALIGN_LEFT)->line = it->line;
        r->cells[0].row_header = true; /* the item names its row */
        ad_cx_cell_text(r, ok, AD_PS_TABLE, AD_ALIGN_LEFT);
        ad_cx_cell_text(r, ng, AD_PS_TABLE, AD_ALIGN_LEFT);
        ad_cx_cell_text(r, it->remark ? it->remark : "", AD_PS_TABLE, AD_ALIGN_LEFT)->line = it->line;
        free(label);
        free(ok);
        free(ng);
        ad_narrative_free(&nv);
    }
}

void ad_compose_report(ad_doc *d, const ad_audit *a, const ad_templates *t)
{
    const ad_report *rp = &a->report;
    if (!rp->present)
        return;
    ad_page pg = ad_compose_page(t, false);
    ad_doc_section *s = ad_doc_add_section(d, &pg, false);
    char *title = ad_cx_report_title(a, t);
    char *anchor = ad_anchor_for("part", rp->id ? rp->id : "_report"); /* "_": no user id has one */
    ad_section_set_outline(s, title, 1, anchor);
    free(anchor);
    ad_nodes *b = &s->body;
    ad_add_text(b, AD_PS_TITLE, AD_ALIGN_CENTER, title);
    free(title);

    int in2 = ad_cx_layout_mm(t, "indent.body", 4);
    int in3 = 2 * in2, in4 = 3 * in2;

    /* 1 監査概要 */
    S_text(b, AD_PS_HEADING1, ad_w(t, "report.h_overview"), 0);
    S_text(b, AD_PS_HEADING2, ad_w(t, "report.h_purpose"), in2);
    ad_cx_blocks(b, &rp->purpose, t, AD_PS_NORMAL, in2);

    S_text(b, AD_PS_HEADING2, ad_w(t, "report.h_scope"), in2);
    S_text(b, AD_PS_HEADING3, ad_w(t, "report.h_depts"), in3);
    {
        size_t *all = ad_xcalloc(a->n_departments ? a->n_departments : 1, sizeof *all);
        for (size_t i = 0; i < a->n_departments; i++)
            all[i] = i;
        char *names = ad_dept_names_join(a, all, a->n_departments, ad_w(t, "list.sep"), ad_w(t, "none"));
        S_text(b, AD_PS_NORMAL, names, in4);
        free(names);
        free(all);
    }
    S_text(b, AD_PS_HEADING3, ad_w(t, "report.h_systems"), in3);
    if (rp->target_systems && *rp->target_systems) {
        S_text(b, AD_PS_NORMAL, rp->target_systems, in4);
    } else {
        ad_buf sys = {0};
        ad_buf_puts(&sys, "");
        for (size_t i = 0; i < a->n_systems; i++) {
            if (i)
                ad_buf_puts(&sys, ad_w(t, "list.sep"));
            ad_buf_puts(&sys, a->systems[i].name ? a->systems[i].name : "");
        }
        char *txt = ad_buf_take(&sys);
        S_text(b, AD_PS_NORMAL, *txt ? txt : ad_w(t, "none"), in4);
        free(txt);
    }

    S_text(b, AD_PS_HEADING2, ad_w(t, "report.h_dates"), in2);
    {
        char *dates = ad_cx_dates(t, rp->audit_dates, rp->n_audit_dates, true);
        S_text(b, AD_PS_NORMAL, dates, in3);
        free(dates);
    }

    S_text(b, AD_PS_HEADING2, ad_w(t, "report.h_auditors"), in2);
    for (size_t i = 0; i < rp->n_auditors; i++) {
        const ad_role *r = &rp->auditors[i];
        char *line = r->title && *r->title
                         ? ad_wf(t, "report.role", "title", r->title, "text",
                                 r->text ? r->text : "", NULL)
                         : ad_xstrdup(r->text ? r->text : "");
        S_text(b, AD_PS_NORMAL, line, in3);
        free(line);
    }

    S_text(b, AD_PS_HEADING2, ad_w(t, "report.h_criteria"), in2);
    for (size_t g = 0; g < rp->n_criteria; g++) {
        const ad_criteria_group *cg = &rp->criteria[g];
        for (size_t i = 0; i < cg->n_rules; i++) {
            ad_node *p = ad_add_text(b, AD_PS_NORMAL, AD_ALIGN_LEFT, cg->rules[i]);
            p->indent = in3;
            if (g > 0 && i == 0) /* groups are set apart by a blank line, as in the reference */
                p->blank_lines = 1;
            ad_node_set_marker(p, ad_w(t, "report.criteria_marker"));
        }
    }

    /* 2 監査結果（総評） */
    S_text(b, AD_PS_HEADING1, ad_w(t, "report.h_results"), 0);
    S_text(b, AD_PS_HEADING2, ad_w(t, "report.h_summary"), in2);
    ad_cx_blocks(b, &rp->summary, t, AD_PS_NORMAL, in2);

    /* 3 課別監査結果 */
    size_t n_narr = 0;
    const ad_checklist *matrix = NULL;
    for (size_t c = 0; c < a->n_checklists; c++) {
        if (a->checklists[c].layout & AD_LAYOUT_NARRATIVE)
            n_narr++;
        if (!matrix && (a->checklists[c].layout & AD_LAYOUT_MATRIX))
            matrix = &a->checklists[c];
    }
    if (!n_narr && !matrix)
        return;
    S_text(b, AD_PS_HEADING1, ad_w(t, "report.h_by_dept"), 0);
    if (matrix) {
        char *mt = ad_cx_matrix_title(a, t, matrix);
        char *line = ad_wf(t, "report.see_appendix", "title", mt, NULL);
        S_text(b, AD_PS_NORMAL, line, in2);
        free(line);
        free(mt);
    }
    int width = ad_page_text_width(&pg);
    for (size_t c = 0; c < a->n_checklists; c++) {
        const ad_checklist *cl = &a->checklists[c];
        if (!(cl->layout & AD_LAYOUT_NARRATIVE))
            continue;
        if (n_narr > 1 && cl->title && *cl->title)
            S_text(b, AD_PS_HEADING2, cl->title, in2);
        for (size_t k = 0; k < cl->n_sections; k++) {
            const ad_section *sec = &cl->sections[k];
            char *h = ad_wf(t, "report.section", "title", sec->title ? sec->title : "", NULL);
            S_text(b, AD_PS_HEADING3, h, 0);
            free(h);
            S_narrative_table(b, a, t, sec, width);
        }
    }
}
