/* load_dump.c — the loaded model as canonical indented text (`auditdoc dump`),
 * with the derived facts of views.h: the 適正 / 改善が必要 lists of every
 * narrative item and each department's tally of marks.  Two spaces per
 * level, one fact per line, "key: value"; a line break inside a text is
 * written as \n and a backslash as \\, so one value is always one line. */
#include "load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "views.h"
#include "wareki.h"

static void S_ind(FILE *o, int lvl)
{
    for (int i = 0; i < lvl; i++)
        fputs("  ", o);
}

static void S_str(FILE *o, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '\n')
            fputs("\\n", o);
        else if (*s == '\\')
            fputs("\\\\", o);
        else
            fputc(*s, o);
    }
}

/* "key: value" when value is non-NULL */
static void S_kv(FILE *o, int lvl, const char *key, const char *val)
{
    if (!val)
        return;
    S_ind(o, lvl);
    fprintf(o, strcmp(key, "-") == 0 ? "%s " : "%s: ", key);
    S_str(o, val);
    fputc('\n', o);
}

static void S_date(FILE *o, int lvl, const char *key, ad_date d)
{
    if (!d.y)
        return;
    char *w = ad_wareki_date_weekday(d);
    S_ind(o, lvl);
    fprintf(o, "%s: %04d-%02d-%02d (%s)\n", key, d.y, d.m, d.d, w ? w : "?");
    free(w);
}

static void S_blocks(FILE *o, int lvl, const char *key, const ad_blocks *b)
{
    if (key) {
        S_ind(o, lvl);
        fprintf(o, "%s:\n", key);
        lvl++;
    }
    for (size_t i = 0; i < b->n; i++) {
        const ad_block *x = &b->v[i];
        static const char *const kinds[] = {"p", "h", "ul", "ol", "li"};
        S_ind(o, lvl);
        fputs(kinds[x->kind], o);
        if (x->text) {
            fputs(": ", o);
            S_str(o, x->text);
        }
        fputc('\n', o);
        S_blocks(o, lvl + 1, NULL, &x->children);
    }
}

static void S_textlist(FILE *o, int lvl, const char *key, const ad_textlist *t)
{
    S_ind(o, lvl);
    fprintf(o, "%s%s:\n", key, t->etc ? " (etc: など)" : "");
    for (size_t i = 0; i < t->n; i++)
        S_kv(o, lvl + 1, "-", t->items[i]);
}

static void S_form(FILE *o, int lvl, const ad_audit *a, const ad_form *f)
{
    if (f->has_purpose)
        S_kv(o, lvl, "purpose", f->purpose);
    if (f->has_scope) {
        S_ind(o, lvl);
        fputs("scope:", o);
        for (size_t i = 0; i < f->n_scope; i++)
            fprintf(o, " %s", f->scope[i] < a->n_systems ? a->systems[f->scope[i]].id : "?");
        fputc('\n', o);
    }
    if (f->has_methods) {
        S_ind(o, lvl);
        fputs("methods:\n", o);
        for (size_t i = 0; i < f->n_methods; i++) {
            S_kv(o, lvl + 1, "-", f->methods[i].text);
            for (size_t k = 0; k < f->methods[i].n_subs; k++)
                S_kv(o, lvl + 2, "sub", f->methods[i].subs[k]);
        }
    }
    if (f->has_schedule)
        for (size_t i = 0; i < f->n_schedule; i++)
            S_date(o, lvl, "schedule", f->schedule[i]);
    if (f->has_topics)
        S_textlist(o, lvl, "topics", &f->topics);
    if (f->has_standards)
        S_textlist(o, lvl, "standards", &f->standards);
}

static void S_names(FILE *o, int lvl, const char *key, const ad_audit *a, const size_t *idx, size_t n)
{
    char *s = ad_dept_names_join(a, idx, n, "、", "なし");
    S_kv(o, lvl, key, s);
    free(s);
}

void ad_dump_audit(const ad_audit *a, FILE *o)
{
    if (!a || !o)
        return;
    char *fy = ad_wareki_fiscal_year(a->fiscal_year);
    fprintf(o, "audit version=%d fiscal-year=%d (%s) term=%s (%s)\n", a->version, a->fiscal_year,
            fy ? fy : "?", ad_term_id(a->term), ad_term_name(a->term));
    free(fy);

    fputs("organization\n", o);
    S_kv(o, 1, "name", a->org.name);
    S_kv(o, 1, "committee", a->org.committee);
    S_kv(o, 1, "secretariat", a->org.secretariat);

    if (a->meeting.present) {
        const ad_meeting *m = &a->meeting;
        fprintf(o, "meeting number=%d\n", m->number);
        S_date(o, 1, "date", m->date);
        S_kv(o, 1, "place", m->place);
        S_kv(o, 1, "time", m->time);
        if (m->n_agenda)
            fputs("  agenda:\n", o);
        for (size_t i = 0; i < m->n_agenda; i++) {
            S_ind(o, 2);
            fprintf(o, "%zu.%s%s%s ", i + 1, m->agenda[i].ref ? " [ref=" : "",
                    m->agenda[i].ref ? m->agenda[i].ref : "", m->agenda[i].ref ? "]" : "");
            S_str(o, m->agenda[i].text);
            fputc('\n', o);
        }
    }

    fprintf(o, "departments (%zu)\n", a->n_departments);
    for (size_t i = 0; i < a->n_departments; i++) {
        const ad_department *d = &a->departments[i];
        fprintf(o, "  %s short=%s%s: ", d->id, d->short_name, d->special ? " audit=special" : "");
        S_str(o, d->name);
        fputc('\n', o);
    }
    if (a->n_systems) {
        fprintf(o, "systems (%zu)\n", a->n_systems);
        for (size_t i = 0; i < a->n_systems; i++)
            S_kv(o, 1, a->systems[i].id, a->systems[i].name);
    }

    if (a->report.present) {
        const ad_report *r = &a->report;
        fprintf(o, "report id=%s\n", r->id ? r->id : "");
        S_date(o, 1, "date", r->date);
        S_kv(o, 1, "title", r->title);
        if (r->purpose.n)
            S_blocks(o, 1, "purpose", &r->purpose);
        S_kv(o, 1, "target-systems", r->target_systems);
        for (size_t i = 0; i < r->n_audit_dates; i++)
            S_date(o, 1, "audit-date", r->audit_dates[i]);
        if (r->n_auditors)
            fputs("  auditors:\n", o);
        for (size_t i = 0; i < r->n_auditors; i++)
            S_kv(o, 2, r->auditors[i].title ? r->auditors[i].title : "?", r->auditors[i].text);
        if (r->n_criteria)
            fputs("  criteria:\n", o);
        for (size_t i = 0; i < r->n_criteria; i++) {
            S_ind(o, 2);
            fprintf(o, "group %zu:\n", i + 1);
            for (size_t k = 0; k < r->criteria[i].n_rules; k++)
                S_kv(o, 3, "rule", r->criteria[i].rules[k]);
        }
        if (r->summary.n)
            S_blocks(o, 1, "summary", &r->summary);
    }

    for (size_t c = 0; c < a->n_checklists; c++) {
        const ad_checklist *cl = &a->checklists[c];
        static const char *const layouts[] = {"?", "narrative", "matrix", "both"};
        fprintf(o, "checklist id=%s layout=%s\n", cl->id, layouts[cl->layout & 3]);
        S_kv(o, 1, "title", cl->title);
        for (size_t s = 0; s < cl->n_sections; s++) {
            const ad_section *sec = &cl->sections[s];
            fprintf(o, "  section id=%s%s%s\n", sec->id, sec->numeral ? " numeral=" : "",
                    sec->numeral ? sec->numeral : "");
            S_kv(o, 2, "title", sec->title);
            for (size_t i = 0; i < sec->n_items; i++) {
                const ad_item *it = &sec->items[i];
                fprintf(o, "    item no=%s\n", it->no ? it->no : "");
                S_kv(o, 3, "text", it->text);
                S_kv(o, 3, "detail", it->detail);
                S_ind(o, 3);
                fputs("marks:", o);
                for (size_t d = 0; d < a->n_departments; d++)
                    fprintf(o, " %s", ad_mark_symbol(it->marks[d]));
                fputc('\n', o);
                S_kv(o, 3, "remark", it->remark);
                if (cl->layout & AD_LAYOUT_NARRATIVE) {
                    ad_narrative nv = ad_narrative_of(a, it);
                    S_names(o, 3, "適正に実施している課", a, nv.ok, nv.n_ok);
                    S_names(o, 3, "改善が必要な課", a, nv.ng, nv.n_ng);
                    ad_narrative_free(&nv);
                }
            }
            for (size_t i = 0; i < sec->n_notes; i++) {
                const ad_note_row *nr = &sec->notes[i];
                S_ind(o, 2);
                fputs("note-row title=", o);
                S_str(o, nr->title);
                fputc('\n', o);
                for (size_t d = 0; d < a->n_departments; d++)
                    S_kv(o, 3, a->departments[d].short_name, nr->cells[d]);
            }
        }
    }

    if (a->dept_reports.present) {
        const ad_dept_reports *dr = &a->dept_reports;
        fputs("department-reports\n", o);
        S_date(o, 1, "date", dr->date);
        fputs("  defaults:\n", o);
        S_form(o, 2, a, &dr->defaults);
        for (size_t i = 0; i < dr->n_reports; i++) {
            const ad_dept_report *r = &dr->reports[i];
            const ad_department *dep = &a->departments[r->dept];
            fprintf(o, "  department-report dept=%s (%s)\n", dep->id, dep->name);
            S_form(o, 2, a, &r->form);
            if (r->has_summary)
                S_blocks(o, 2, "summary", &r->summary);
            S_ind(o, 2);
            fputs(r->n_findings ? "findings:\n" : "findings: なし\n", o);
            for (size_t k = 0; k < r->n_findings; k++) {
                S_ind(o, 3);
                fputs("- ", o);
                if (r->findings[k].title) {
                    S_str(o, r->findings[k].title);
                    fputs("：", o);
                }
                S_str(o, r->findings[k].text);
                fputs(r->findings[k].repeat ? " (repeat)\n" : "\n", o);
            }
            S_kv(o, 2, "advice", r->advice);
            /* derived: the department's own marks */
            ad_dept_view v = ad_dept_view_of(a, r->dept);
            size_t tally[AD_MARK_COUNT] = {0};
            for (size_t k = 0; k < v.n_marks; k++)
                if ((unsigned)v.marks[k].mark < AD_MARK_COUNT)
                    tally[v.marks[k].mark]++;
            S_ind(o, 2);
            fprintf(o, "marks (derived): ○ %zu, △ %zu, × %zu, - %zu\n", tally[AD_MARK_OK],
                    tally[AD_MARK_IMPROVED], tally[AD_MARK_NG], tally[AD_MARK_NA]);
            ad_dept_view_free(&v);
        }
    }

    for (size_t i = 0; i < a->n_agenda_docs; i++) {
        const ad_agenda_doc *d = &a->agenda_docs[i];
        fprintf(o, "agenda-document id=%s\n", d->id);
        S_kv(o, 1, "title", d->title);
        S_blocks(o, 1, "body", &d->body);
    }
}
