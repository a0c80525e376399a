/* views.h — facts derived from the model, computed on demand and never
 * stored twice: the department lists of a narrative table and one
 * department's own view of the round. */
#ifndef AD_VIEWS_H
#define AD_VIEWS_H

#include "model.h"

/* Department indices of a narrative row: ○ and △ go to ok (適正に実施している課),
 * × to ng (改善が必要な課), - to neither.  Arrays are newly allocated
 * (free with ad_narrative_free); order is department order. */
typedef struct {
    size_t *ok;
    size_t n_ok;
    size_t *ng;
    size_t n_ng;
} ad_narrative;

ad_narrative ad_narrative_of(const ad_audit *a, const ad_item *item);
void ad_narrative_free(ad_narrative *n);
/* Joins department names with sep (the wording's list.sep, 、 in Japanese);
 * returns a newly allocated string, or a copy of empty_text when n == 0. */
char *ad_dept_names_join(const ad_audit *a, const size_t *idx, size_t n, const char *sep,
                         const char *empty_text);

/* The effective seven-row form of department d: the report's overrides, else
 * the defaults.  Pointers borrow from the model. */
typedef struct {
    const char *purpose;
    const size_t *scope; size_t n_scope;
    const ad_method *methods; size_t n_methods;
    const ad_date *schedule; size_t n_schedule;
    const ad_textlist *topics;     /* never NULL */
    const ad_textlist *standards;  /* never NULL */
} ad_form_view;

/* One mark of the department: which checklist, section and item. */
typedef struct {
    const ad_checklist *checklist;
    const ad_section *section;
    const ad_item *item;
    ad_mark mark;
} ad_dept_mark;

/* A department's own view of the round: everything its own report may show
 * and nothing of any other department. */
typedef struct {
    const ad_audit *audit;
    size_t dept;
    const ad_department *department;
    const ad_dept_report *report;  /* NULL when it has none */
    ad_form_view form;
    ad_dept_mark *marks;           /* newly allocated, in document order */
    size_t n_marks;
    size_t n_ng;                   /* number of × */
} ad_dept_view;

ad_dept_view ad_dept_view_of(const ad_audit *a, size_t dept);
void ad_dept_view_free(ad_dept_view *v);

#endif
