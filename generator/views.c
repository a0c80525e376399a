/* views.c — facts derived from the model on demand: the 適正 / 改善が必要
 * department lists of a narrative row, joined department names, and one
 * department's own view of the round (its effective report form and its
 * marks in every checklist).  Nothing here is stored in the model. */
#include "views.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

ad_narrative ad_narrative_of(const ad_audit *a, const ad_item *item)
{
    ad_narrative n = { NULL, 0, NULL, 0 };
    size_t cap_ok = 0, cap_ng = 0;
    if (!a || !item || !item->marks)
        return n;
    for (size_t d = 0; d < a->n_departments; d++) {
        switch (item->marks[d]) {
        case AD_MARK_OK:
        case AD_MARK_IMPROVED:
            AD_VEC_PUSH(n.ok, n.n_ok, cap_ok) = d;
            break;
        case AD_MARK_NG:
            AD_VEC_PUSH(n.ng, n.n_ng, cap_ng) = d;
            break;
        default:
            break;
        }
    }
    return n;
}

void ad_narrative_free(ad_narrative *n)
{
    if (!n)
        return;
    free(n->ok);
    free(n->ng);
    n->ok = n->ng = NULL;
    n->n_ok = n->n_ng = 0;
}

char *ad_dept_names_join(const ad_audit *a, const size_t *idx, size_t n, const char *sep,
                         const char *empty_text)
{
    ad_buf b = { NULL, 0, 0 };
    size_t written = 0;
    for (size_t i = 0; a && idx && i < n; i++) {
        if (idx[i] >= a->n_departments)
            continue;
        const char *name = a->departments[idx[i]].name;
        if (written++)
            ad_buf_puts(&b, sep ? sep : "");
        ad_buf_puts(&b, name ? name : "");
    }
    if (written == 0) {
        ad_buf_free(&b);
        return ad_xstrdup(empty_text ? empty_text : "");
    }
    return ad_buf_take(&b);
}

/* The report of department d, or NULL (found here rather than through
 * model.c so that the view depends on the structs alone). */
static const ad_dept_report *S_report_of(const ad_audit *a, size_t d)
{
    for (size_t i = 0; i < a->dept_reports.n_reports; i++)
        if (a->dept_reports.reports[i].dept == d)
            return &a->dept_reports.reports[i];
    return NULL;
}

static ad_form_view S_form_view(const ad_form *own, const ad_form *dfl)
{
    ad_form_view f;
    const ad_form *src;

    src = own && own->has_purpose ? own : dfl;
    f.purpose = src->purpose;
    src = own && own->has_scope ? own : dfl;
    f.scope = src->scope;
    f.n_scope = src->n_scope;
    src = own && own->has_methods ? own : dfl;
    f.methods = src->methods;
    f.n_methods = src->n_methods;
    src = own && own->has_schedule ? own : dfl;
    f.schedule = src->schedule;
    f.n_schedule = src->n_schedule;
    f.topics = own && own->has_topics ? &own->topics : &dfl->topics;
    f.standards = own && own->has_standards ? &own->standards : &dfl->standards;
    return f;
}

ad_dept_view ad_dept_view_of(const ad_audit *a, size_t dept)
{
    ad_dept_view v;
    memset(&v, 0, sizeof v);
    v.audit = a;
    v.dept = dept;
    if (!a)
        return v;
    v.form = S_form_view(NULL, &a->dept_reports.defaults);
    if (dept >= a->n_departments)
        return v;
    v.department = &a->departments[dept];
    v.report = S_report_of(a, dept);
    v.form = S_form_view(v.report ? &v.report->form : NULL, &a->dept_reports.defaults);

    size_t cap = 0;
    for (size_t c = 0; c < a->n_checklists; c++) {
        const ad_checklist *cl = &a->checklists[c];
        for (size_t s = 0; s < cl->n_sections; s++) {
            const ad_section *sec = &cl->sections[s];
            for (size_t i = 0; i < sec->n_items; i++) {
                const ad_item *it = &sec->items[i];
                if (!it->marks)
                    continue;
                ad_dept_mark *m = &AD_VEC_PUSH(v.marks, v.n_marks, cap);
                m->checklist = cl;
                m->section = sec;
                m->item = it;
                m->mark = it->marks[dept];
                if (m->mark == AD_MARK_NG)
                    v.n_ng++;
            }
        }
    }
    return v;
}

void ad_dept_view_free(ad_dept_view *v)
{
    if (!v)
        return;
    free(v->marks);
    v->marks = NULL;
    v->n_marks = 0;
    v->n_ng = 0;
}
