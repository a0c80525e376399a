/* compose_dept.c — one department's result report (結果報告書): the date
 * right-aligned, the title, the seven-row form, （総評）, （指摘事項） and the
 * advice (ただし、…), plus an optional appendix: the department's own column
 * of the 結果一覧 (the matrix checklist; a round with only narrative
 * checklists uses those), one row per item, and its number of ×.
 *
 * Isolation: everything here comes from the ad_dept_view (views.h).  The
 * audit is only consulted for round-wide facts that belong to every report
 * (the report date, system names); item marks are taken from the view, never
 * from ad_item.marks, and remarks and note rows (which speak of other
 * departments) are not printed. */
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "compose_int.h"
#include "util.h"
#include "wareki.h"

/* A paragraph in a form cell, with an optional marker and indent. */
static ad_node *S_cell_para(ad_cell *c, const char *text, const char *marker, int indent)
{
    ad_node *p = ad_add_text(&c->body, AD_PS_TABLE, AD_ALIGN_LEFT, text);
    if (marker)
        ad_node_set_marker(p, marker);
    p->indent = indent;
    return p;
}

static char *S_number(const ad_templates *t, size_t i)
{
    char n[24];
    snprintf(n, sizeof n, "%zu", i + 1);
    return ad_wf(t, "dept.number", "n", n, NULL);
}

/* The i-th letter of dept.kana (one UTF-8 character), as "ア." via dept.sub. */
static char *S_kana(const ad_templates *t, size_t i)
{
    const char *k = ad_w(t, "dept.kana");
    size_t len = strlen(k), pos = 0, idx = 0;
    while (pos < len) {
        uint32_t cp;
        size_t n = ad_utf8_decode(k + pos, len - pos, &cp);
        if (idx == i) {
            char *ch = ad_xstrndup(k + pos, n);
            char *s = ad_wf(t, "dept.sub", "kana", ch, NULL);
            free(ch);
            return s;
        }
        pos += n;
        idx++;
    }
    /* more sub-items than letters: fall back to numbers */
    char n[24];
    snprintf(n, sizeof n, "%zu", i + 1);
    return ad_wf(t, "dept.sub", "kana", n, NULL);
}

static void S_textlist(ad_cell *c, const ad_templates *t, const ad_textlist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        char *m = S_number(t, i);
        char *text = l->etc && i + 1 == l->n ? ad_wf(t, "dept.etc", "text", l->items[i], NULL)
                                             : ad_xstrdup(l->items[i]);
        S_cell_para(c, text, m, 0);
        free(text);
        free(m);
    }
    if (l->n == 0 && l->etc) {
        char *text = ad_wf(t, "dept.etc", "text", "", NULL);
        S_cell_para(c, text, NULL, 0);
        free(text);
    }
}

static ad_cell *S_form_row(ad_node *tb, int no, const char *label)
{
    ad_row *r = ad_table_add_row(tb);
    char n[8];
    snprintf(n, sizeof n, "%d", no);
    ad_cx_cell_text(r, n, AD_PS_TABLE, AD_ALIGN_CENTER);
    r->cells[0].valign = AD_VALIGN_CENTER;
    ad_cx_cell_text(r, label, AD_PS_TABLE, AD_ALIGN_CENTER);
    r->cells[1].valign = AD_VALIGN_CENTER;
    r->cells[0].row_header = r->cells[1].row_header = true; /* the form's row labels */
    ad_cell *c = ad_row_add_cell(r, 1, 1);
    c->valign = AD_VALIGN_CENTER;
    return c;
}

static void S_form(ad_nodes *body, const ad_dept_view *v, const ad_templates *t, int width)
{
    const ad_audit *a = v->audit;
    const ad_form_view *f = &v->form;
    int w[3];
    ad_cx_widths(t, "table.form.widths", 3, width, w);
    ad_node *tb = ad_add_table(body, 3, w, 0);
    int sub_indent = ad_cx_layout_mm(t, "indent.list", 5);

    ad_cell *c = S_form_row(tb, 1, ad_w(t, "dept.row1"));
    S_cell_para(c, f->purpose ? f->purpose : "", NULL, 0);

    c = S_form_row(tb, 2, ad_w(t, "dept.row2"));
    for (size_t i = 0; i < f->n_scope; i++) {
        size_t si = f->scope[i];
        const char *name = si < a->n_systems && a->systems[si].name ? a->systems[si].name : "";
        char *m = S_number(t, i);
        S_cell_para(c, name, m, 0);
        free(m);
    }
    if (c->body.n == 0)
        S_cell_para(c, "", NULL, 0);

    c = S_form_row(tb, 3, ad_w(t, "dept.row3"));
    S_cell_para(c, v->department->name ? v->department->name : "", NULL, 0);

    c = S_form_row(tb, 4, ad_w(t, "dept.row4"));
    for (size_t i = 0; i < f->n_methods; i++) {
        const ad_method *me = &f->methods[i];
        char *m = S_number(t, i);
        S_cell_para(c, me->text ? me->text : "", m, 0);
        free(m);
        for (size_t k = 0; k < me->n_subs; k++) {
            char *km = S_kana(t, k);
            S_cell_para(c, me->subs[k], km, sub_indent);
            free(km);
        }
    }
    if (c->body.n == 0)
        S_cell_para(c, "", NULL, 0);

    c = S_form_row(tb, 5, ad_w(t, "dept.row5"));
    char *dates = ad_cx_dates(t, f->schedule, f->n_schedule, true);
    S_cell_para(c, dates, NULL, 0);
    free(dates);

    c = S_form_row(tb, 6, ad_w(t, "dept.row6"));
    S_textlist(c, t, f->topics);
    if (c->body.n == 0)
        S_cell_para(c, "", NULL, 0);

    c = S_form_row(tb, 7, ad_w(t, "dept.row7"));
    S_textlist(c, t, f->standards);
    if (c->body.n == 0)
        S_cell_para(c, "", NULL, 0);
}

static void S_findings(ad_nodes *b, const ad_dept_view *v, const ad_templates *t)
{
    /* a blank line above, as above the summary */
    ad_node *h = ad_add_text(b, AD_PS_HEADING3, AD_ALIGN_LEFT, ad_w(t, "dept.h_findings"));
    h->keep_next = true;
    h->blank_lines = 1;
    const ad_dept_report *r = v->report;
    uint32_t red = ad_cx_color(t, "dept.ng_color", 0xC00000);
    if (!r || r->n_findings == 0) {
        ad_add_text(b, AD_PS_NORMAL, AD_ALIGN_LEFT, ad_w(t, "none"));
    } else {
        for (size_t i = 0; i < r->n_findings; i++) {
            const ad_finding *fd = &r->findings[i];
            ad_node *p = ad_add_para(b, AD_PS_NORMAL, AD_ALIGN_JUSTIFY);
            ad_node_set_marker(p, ad_w(t, "dept.finding_marker"));
            if (fd->title && *fd->title)
                ad_para_add_run(p, fd->title, 0);
            if (fd->repeat) {
                ad_run *rr = ad_para_add_run(p, ad_w(t, "dept.repeat"), AD_RUN_BOLD);
                rr->color = red;
            }
            if ((fd->title && *fd->title) || fd->repeat)
                ad_para_add_run(p, ad_w(t, "dept.finding_sep"), 0);
            ad_para_add_run(p, fd->text ? fd->text : "", 0);
        }
    }
    if (r && r->advice && *r->advice) {
        char *adv = ad_wf(t, "dept.advice", "advice", r->advice, NULL);
        ad_add_text(b, AD_PS_NORMAL, AD_ALIGN_JUSTIFY, adv);
        free(adv);
    }
}

/* The checklists the appendix shows: the matrix ones (結果一覧), which list
 * every audit item once, else (a round with only narrative checklists)
 * every one.  The narrative checklist describes the same items as the matrix,
 * so showing both would count each × twice. */
static bool S_shown(const ad_dept_view *v, const ad_checklist *cl)
{
    bool matrix = false;
    for (size_t i = 0; i < v->n_marks; i++)
        if (v->marks[i].checklist->layout & AD_LAYOUT_MATRIX)
            matrix = true;
    return !matrix || (cl->layout & AD_LAYOUT_MATRIX);
}

static char *S_checklist_title(const ad_dept_view *v, const ad_templates *t,
                               const ad_checklist *cl)
{
    return cl->layout & AD_LAYOUT_MATRIX ? ad_cx_matrix_title(v->audit, t, cl)
                                         : ad_xstrdup(cl->title ? cl->title : "");
}

/* One item's row: label and mark, a × in the NG colour and bold. */
static void S_appendix_row(ad_node *tb, const ad_dept_mark *m, const ad_templates *t,
                           uint32_t red)
{
    ad_row *r = ad_table_add_row(tb);
    const ad_checklist *cl = m->checklist;
    char *label = ad_cx_item_label(t, m->item, (cl->layout & AD_LAYOUT_MATRIX) &&
                                                   !(cl->layout & AD_LAYOUT_NARRATIVE));
    bool ng = m->mark == AD_MARK_NG;
    const char *texts[2] = {label, ad_cx_mark(t, m->mark)};
    for (int col = 0; col < 2; col++) {
        ad_run *run = ad_cx_cell_run(r, texts[col], ng ? AD_RUN_BOLD : 0, AD_PS_TABLE,
                                     col ? AD_ALIGN_CENTER : AD_ALIGN_LEFT);
        if (ng)
            run->color = red;
    }
    r->cells[1].valign = AD_VALIGN_CENTER;
    r->cells[0].row_header = true;
    ad_cx_mark_expansion(&r->cells[1], t, m->mark);
    free(label);
}

/* The department's own column of the 結果一覧, one row per item, × rows
 * standing out, with the number of items to improve. */
static void S_appendix(ad_nodes *b, const ad_dept_view *v, const ad_templates *t, int width)
{
    size_t n_shown = 0, n_ng = 0, n_lists = 0;
    const ad_checklist *first = NULL, *last = NULL;
    for (size_t i = 0; i < v->n_marks; i++) {
        const ad_dept_mark *m = &v->marks[i];
        if (!S_shown(v, m->checklist))
            continue;
        n_shown++;
        n_ng += m->mark == AD_MARK_NG;
        if (m->checklist != last)
            n_lists++;
        if (!first)
            first = m->checklist;
        last = m->checklist;
    }
    if (n_shown == 0)
        return;
    const char *name = v->department->name ? v->department->name : "";
    ad_add_page_break(b);
    char *clt = S_checklist_title(v, t, first);
    char *title = ad_wf(t, "dept.appendix_title", "dept", name, "checklist", clt, NULL);
    ad_add_text(b, AD_PS_HEADING2, AD_ALIGN_LEFT, title)->keep_next = true;
    free(title);
    free(clt);
    char n[24];
    snprintf(n, sizeof n, "%zu", n_ng);
    char *sum = ad_wf(t, "dept.appendix_summary", "n", n, NULL);
    ad_add_text(b, AD_PS_NORMAL, AD_ALIGN_LEFT, sum)->keep_next = true;
    free(sum);

    int w[2];
    ad_cx_widths(t, "table.appendix.widths", 2, width, w);
    uint32_t shade = ad_cx_shade(t);
    uint32_t red = ad_cx_color(t, "dept.ng_color", 0xC00000);
    const char *head[2] = {ad_w(t, "dept.appendix_col_item"), ad_w(t, "dept.appendix_col_mark")};
    const ad_checklist *cur_cl = NULL;
    const ad_section *cur_sec = NULL;
    ad_node *tb = NULL;
    for (size_t i = 0; i < v->n_marks; i++) {
        const ad_dept_mark *m = &v->marks[i];
        if (!S_shown(v, m->checklist))
            continue;
        if (m->checklist != cur_cl) {
            if (tb)
                ad_add_text(b, AD_PS_NOTE, AD_ALIGN_LEFT, ad_w(t, "legend"));
            cur_cl = m->checklist;
            cur_sec = NULL;
            /* the title already names a single checklist */
            char *ct = n_lists > 1 ? S_checklist_title(v, t, cur_cl) : ad_xstrdup("");
            if (*ct)
                ad_add_text(b, AD_PS_HEADING3, AD_ALIGN_LEFT, ct)->keep_next = true;
            free(ct);
            tb = ad_add_table(b, 2, w, 1);
            ad_cx_header_row(tb, head, 2, shade);
        }
        if (m->section != cur_sec) {
            cur_sec = m->section;
            ad_row *r = ad_table_add_row(tb);
            r->title = true;
            char *st = m->section->numeral && *m->section->numeral
                           ? ad_wf(t, "matrix.section", "numeral", m->section->numeral, "title",
                                   m->section->title ? m->section->title : "", NULL)
                           : ad_xstrdup(m->section->title ? m->section->title : "");
            ad_cell *c = ad_row_add_cell(r, 2, 1);
            c->shade = shade;
            ad_add_text(&c->body, AD_PS_TABLE_HEADER, AD_ALIGN_LEFT, st);
            free(st);
        }
        S_appendix_row(tb, m, t, red);
    }
    if (tb)
        ad_add_text(b, AD_PS_NOTE, AD_ALIGN_LEFT, ad_w(t, "legend"));
}

void ad_compose_dept_report(ad_doc *d, const ad_dept_view *v, const ad_templates *t,
                            bool appendix)
{
    if (!v || !v->department)
        return;
    const ad_audit *a = v->audit;
    ad_page pg = ad_compose_page(t, false);
    ad_doc_section *s = ad_doc_add_section(d, &pg, false);
    const char *name = v->department->name ? v->department->name : "";
    ad_section_set_outline(s, name, 1, NULL);
    ad_nodes *b = &s->body;

    /* the title, then the date right-aligned (the reference's order) */
    ad_node *title = ad_add_text(b, AD_PS_TITLE, AD_ALIGN_CENTER, ad_w(t, "dept.title"));
    char *anchor = ad_anchor_for("dept", v->department->id);
    ad_node_set_anchor(title, anchor);
    free(anchor);
    char *date = a->dept_reports.present ? ad_wareki_date(a->dept_reports.date) : NULL;
    ad_add_text(b, AD_PS_NORMAL, AD_ALIGN_RIGHT, date ? date : "");
    free(date);

    int width = ad_page_text_width(&pg);
    S_form(b, v, t, width);

    const ad_dept_report *r = v->report;
    ad_node *h = ad_add_text(b, AD_PS_HEADING3, AD_ALIGN_LEFT, ad_w(t, "dept.h_summary"));
    h->keep_next = true;
    h->blank_lines = 1;
    if (r && r->summary.n)
        ad_compose_blocks(b, &r->summary, t, AD_PS_NORMAL);
    S_findings(b, v, t);

    if (appendix)
        S_appendix(b, v, t, width);
}
