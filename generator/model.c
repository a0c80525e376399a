/* model.c — freeing the audit model, mark symbols and the small lookups of
 * model.h. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

void ad_blocks_free(ad_blocks *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++) {
        free(b->v[i].text);
        ad_blocks_free(&b->v[i].children);
    }
    free(b->v);
    b->v = NULL;
    b->n = 0;
}

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void textlist_free(ad_textlist *t)
{
    free_strv(t->items, t->n);
    t->items = NULL;
    t->n = 0;
}

void ad_form_free(ad_form *f)
{
    if (!f)
        return;
    free(f->purpose);
    free(f->scope);
    for (size_t i = 0; i < f->n_methods; i++) {
        free(f->methods[i].text);
        free_strv(f->methods[i].subs, f->methods[i].n_subs);
    }
    free(f->methods);
    free(f->schedule);
    textlist_free(&f->topics);
    textlist_free(&f->standards);
    memset(f, 0, sizeof *f);
}

static void report_free(ad_report *r)
{
    free(r->id);
    free(r->title);
    ad_blocks_free(&r->purpose);
    free(r->target_systems);
    free(r->audit_dates);
    for (size_t i = 0; i < r->n_auditors; i++) {
        free(r->auditors[i].title);
        free(r->auditors[i].text);
    }
    free(r->auditors);
    for (size_t i = 0; i < r->n_criteria; i++)
        free_strv(r->criteria[i].rules, r->criteria[i].n_rules);
    free(r->criteria);
    ad_blocks_free(&r->summary);
}

static void checklist_free(ad_checklist *c)
{
    free(c->id);
    free(c->title);
    for (size_t s = 0; s < c->n_sections; s++) {
        ad_section *sec = &c->sections[s];
        free(sec->id);
        free(sec->numeral);
        free(sec->title);
        for (size_t i = 0; i < sec->n_items; i++) {
            ad_item *it = &sec->items[i];
            free(it->no);
            free(it->text);
            free(it->detail);
            free(it->marks);
            free(it->remark);
        }
        free(sec->items);
        /* note rows own one cell per department; the loader always allocates
         * exactly that many (NULL-padded), see load.c */
        for (size_t i = 0; i < sec->n_notes; i++) {
            free(sec->notes[i].title);
            free(sec->notes[i].cells);
        }
        free(sec->notes);
    }
    free(c->sections);
}

void ad_audit_free(ad_audit *a)
{
    if (!a)
        return;
    /* note-row cells are counted by the number of departments */
    for (size_t c = 0; c < a->n_checklists; c++)
        for (size_t s = 0; s < a->checklists[c].n_sections; s++) {
            ad_section *sec = &a->checklists[c].sections[s];
            for (size_t i = 0; i < sec->n_notes; i++)
                if (sec->notes[i].cells)
                    for (size_t k = 0; k < a->n_departments; k++)
                        free(sec->notes[i].cells[k]);
        }
    free(a->file);
    free(a->org.name);
    free(a->org.committee);
    free(a->org.secretariat);
    free(a->meeting.place);
    free(a->meeting.time);
    for (size_t i = 0; i < a->meeting.n_agenda; i++) {
        free(a->meeting.agenda[i].ref);
        free(a->meeting.agenda[i].text);
    }
    free(a->meeting.agenda);
    for (size_t i = 0; i < a->n_departments; i++) {
        free(a->departments[i].id);
        free(a->departments[i].short_name);
        free(a->departments[i].name);
    }
    free(a->departments);
    for (size_t i = 0; i < a->n_systems; i++) {
        free(a->systems[i].id);
        free(a->systems[i].name);
    }
    free(a->systems);
    report_free(&a->report);
    for (size_t i = 0; i < a->n_checklists; i++)
        checklist_free(&a->checklists[i]);
    free(a->checklists);
    ad_form_free(&a->dept_reports.defaults);
    for (size_t i = 0; i < a->dept_reports.n_reports; i++) {
        ad_dept_report *r = &a->dept_reports.reports[i];
        ad_form_free(&r->form);
        ad_blocks_free(&r->summary);
        for (size_t k = 0; k < r->n_findings; k++) {
            free(r->findings[k].title);
            free(r->findings[k].text);
            free(r->findings[k].item);
        }
        free(r->findings);
        free(r->advice);
    }
    free(a->dept_reports.reports);
    for (size_t i = 0; i < a->n_agenda_docs; i++) {
        free(a->agenda_docs[i].id);
        free(a->agenda_docs[i].title);
        ad_blocks_free(&a->agenda_docs[i].body);
    }
    free(a->agenda_docs);
    free(a->unfilled);
    ad_audit_free(a->previous);
    free(a);
}

const char *ad_mark_symbol(ad_mark m)
{
    switch (m) {
    case AD_MARK_OK: return "○";
    case AD_MARK_IMPROVED: return "△";
    case AD_MARK_NG: return "×";
    case AD_MARK_NA: return "-";
    case AD_MARK_UNSET: return "?";
    default: return "?";
    }
}

bool ad_mark_parse(const char *tok, ad_mark *out)
{
    /* the symbols, their ASCII aliases and the look-alikes people type */
    static const struct { const char *s; ad_mark m; } tab[] = {
        {"○", AD_MARK_OK}, {"o", AD_MARK_OK}, {"O", AD_MARK_OK},
        {"◯", AD_MARK_OK}, {"〇", AD_MARK_OK}, {"ｏ", AD_MARK_OK}, {"Ｏ", AD_MARK_OK},
        {"△", AD_MARK_IMPROVED}, {"^", AD_MARK_IMPROVED}, {"＾", AD_MARK_IMPROVED},
        {"×", AD_MARK_NG}, {"x", AD_MARK_NG}, {"X", AD_MARK_NG}, {"✕", AD_MARK_NG},
        {"ｘ", AD_MARK_NG}, {"Ｘ", AD_MARK_NG},
        {"-", AD_MARK_NA}, {"－", AD_MARK_NA}, {"‐", AD_MARK_NA}, {"−", AD_MARK_NA},
        {"―", AD_MARK_NA}, {"—", AD_MARK_NA}, {"ー", AD_MARK_NA},
        {"?", AD_MARK_UNSET}, {"？", AD_MARK_UNSET},
    };
    if (!tok)
        return false;
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strcmp(tok, tab[i].s) == 0) {
            if (out)
                *out = tab[i].m;
            return true;
        }
    return false;
}

bool ad_audit_is_draft(const ad_audit *a)
{
    return a && (a->n_unset_marks || a->n_unfilled);
}

const ad_item *ad_audit_find_item(const ad_audit *a, const char *ref, bool *ambiguous)
{
    const ad_item *found = NULL;
    *ambiguous = false;
    const char *s1 = ref ? strchr(ref, '/') : NULL, *s2 = s1 ? strchr(s1 + 1, '/') : NULL;
    if (!s2)
        return NULL;
    size_t lc = (size_t)(s1 - ref), ls = (size_t)(s2 - s1 - 1);
    for (size_t c = 0; c < a->n_checklists; c++) {
        const ad_checklist *cl = &a->checklists[c];
        if (!cl->id || strlen(cl->id) != lc || strncmp(cl->id, ref, lc) != 0)
            continue;
        for (size_t s = 0; s < cl->n_sections; s++) {
            const ad_section *sec = &cl->sections[s];
            if (!sec->id || strlen(sec->id) != ls || strncmp(sec->id, s1 + 1, ls) != 0)
                continue;
            for (size_t i = 0; i < sec->n_items; i++)
                if (sec->items[i].no && strcmp(sec->items[i].no, s2 + 1) == 0) {
                    if (found)
                        *ambiguous = true;
                    else
                        found = &sec->items[i];
                }
        }
    }
    return found;
}

size_t ad_audit_dept_index(const ad_audit *a, const char *id)
{
    if (a && id)
        for (size_t i = 0; i < a->n_departments; i++)
            if (a->departments[i].id && strcmp(a->departments[i].id, id) == 0)
                return i;
    return (size_t)-1;
}

size_t ad_audit_system_index(const ad_audit *a, const char *id)
{
    if (a && id)
        for (size_t i = 0; i < a->n_systems; i++)
            if (a->systems[i].id && strcmp(a->systems[i].id, id) == 0)
                return i;
    return (size_t)-1;
}

const ad_dept_report *ad_audit_dept_report(const ad_audit *a, size_t d)
{
    if (!a)
        return NULL;
    for (size_t i = 0; i < a->dept_reports.n_reports; i++)
        if (a->dept_reports.reports[i].dept == d)
            return &a->dept_reports.reports[i];
    return NULL;
}
