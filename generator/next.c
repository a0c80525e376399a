/* next.c — `auditdoc next`: the next round's input written from the last
 * round's model, as a person would write it (indented, commented), with
 * every mark ? and the round's own facts left as places to fill ("?"): see
 * rounds.h and docs/FORMAT.md "Starting the next round". */
#include <stdlib.h>
#include <string.h>

#include "rounds.h"
#include "util.h"
#include "wareki.h"

void ad_next_term(int fiscal_year, ad_term term, int *next_year, ad_term *next_term)
{
    switch (term) {
    case AD_TERM_FIRST_HALF:
        *next_year = fiscal_year;
        *next_term = AD_TERM_SECOND_HALF;
        return;
    case AD_TERM_SECOND_HALF:
        *next_year = fiscal_year + 1;
        *next_term = AD_TERM_FIRST_HALF;
        return;
    case AD_TERM_ANNUAL:
        break;
    }
    *next_year = fiscal_year + 1;
    *next_term = AD_TERM_ANNUAL;
}

typedef struct {
    ad_buf b;
    /* the round's names in titles, old → new */
    char *from[3], *to[3];
} S_w;

/* XML text: & < > always, " in attributes; a '\n' (a <br/> in the model)
 * becomes <br/> where allowed, else a space. */
static void S_esc(S_w *w, const char *s, bool attr, bool br)
{
    for (const char *p = s ? s : ""; *p; p++) {
        switch (*p) {
        case '&': ad_buf_puts(&w->b, "&amp;"); break;
        case '<': ad_buf_puts(&w->b, "&lt;"); break;
        case '>': ad_buf_puts(&w->b, "&gt;"); break;
        case '"': ad_buf_puts(&w->b, attr ? "&quot;" : "\""); break;
        case '\n': ad_buf_puts(&w->b, br ? "<br/>" : " "); break;
        default: ad_buf_putc(&w->b, *p);
        }
    }
}

/* Text inside a comment: "--" may not occur there. */
static void S_cesc(S_w *w, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        if (*p == '-' && w->b.len && w->b.s[w->b.len - 1] == '-')
            ad_buf_putc(&w->b, ' ');
        ad_buf_putc(&w->b, *p == '\n' ? ' ' : *p);
    }
}

/* A title of the last round renamed for the new one (令和7年度（上半期） →
 * 令和7年度（下半期）); newly allocated. */
static char *S_retitle(const S_w *w, const char *s)
{
    char *cur = ad_xstrdup(s ? s : "");
    for (int k = 0; k < 3; k++) {
        if (!w->from[k][0] || strcmp(w->from[k], w->to[k]) == 0 || !strstr(cur, w->from[k]))
            continue;
        ad_buf o = {0};
        ad_buf_puts(&o, "");
        size_t fl = strlen(w->from[k]);
        for (const char *p = cur, *q; *p; p = q + fl) {
            q = strstr(p, w->from[k]);
            if (!q) {
                ad_buf_puts(&o, p);
                break;
            }
            ad_buf_put(&o, p, (size_t)(q - p));
            ad_buf_puts(&o, w->to[k]);
        }
        free(cur);
        cur = ad_buf_take(&o);
        break; /* the longest form that occurs is the one renamed */
    }
    return cur;
}

/* ` name="value"`, or nothing when value is NULL */
static void S_attr(S_w *w, const char *name, const char *value)
{
    if (!value)
        return;
    ad_buf_printf(&w->b, " %s=\"", name);
    S_esc(w, value, true, false);
    ad_buf_puts(&w->b, "\"");
}

static void S_ind(S_w *w, int depth)
{
    for (int i = 0; i < depth; i++)
        ad_buf_puts(&w->b, "  ");
}

/* <name>text</name> on its own line */
static void S_el(S_w *w, int depth, const char *name, const char *text)
{
    S_ind(w, depth);
    ad_buf_printf(&w->b, "<%s>", name);
    S_esc(w, text, false, false);
    ad_buf_printf(&w->b, "</%s>\n", name);
}

static void S_blocks(S_w *w, int depth, const ad_blocks *bl);

static void S_list_items(S_w *w, int depth, const ad_blocks *items)
{
    for (size_t i = 0; i < items->n; i++) {
        const ad_block *li = &items->v[i];
        S_ind(w, depth);
        ad_buf_puts(&w->b, "<li>");
        S_esc(w, li->text, false, true);
        if (li->children.n) {
            ad_buf_puts(&w->b, "\n");
            S_blocks(w, depth + 1, &li->children);
            S_ind(w, depth);
        }
        ad_buf_puts(&w->b, "</li>\n");
    }
}

static void S_blocks(S_w *w, int depth, const ad_blocks *bl)
{
    for (size_t i = 0; i < bl->n; i++) {
        const ad_block *b = &bl->v[i];
        switch (b->kind) {
        case AD_BLOCK_P:
        case AD_BLOCK_H:
            S_ind(w, depth);
            ad_buf_puts(&w->b, b->kind == AD_BLOCK_P ? "<p>" : "<h>");
            S_esc(w, b->text, false, true);
            ad_buf_puts(&w->b, b->kind == AD_BLOCK_P ? "</p>\n" : "</h>\n");
            break;
        case AD_BLOCK_UL:
        case AD_BLOCK_OL:
            S_ind(w, depth);
            ad_buf_puts(&w->b, b->kind == AD_BLOCK_UL ? "<ul>\n" : "<ol>\n");
            S_list_items(w, depth + 1, &b->children);
            S_ind(w, depth);
            ad_buf_puts(&w->b, b->kind == AD_BLOCK_UL ? "</ul>\n" : "</ol>\n");
            break;
        case AD_BLOCK_LI:
            break;
        }
    }
}

static void S_scope(S_w *w, int depth, const ad_audit *a, const ad_form *f)
{
    S_ind(w, depth);
    ad_buf_puts(&w->b, "<scope>");
    for (size_t i = 0; i < f->n_scope; i++) {
        ad_buf_puts(&w->b, "<system");
        S_attr(w, "ref", a->systems[f->scope[i]].id);
        ad_buf_puts(&w->b, "/>");
    }
    ad_buf_puts(&w->b, "</scope>\n");
}

static void S_textlist(S_w *w, int depth, const char *name, const char *item,
                       const ad_textlist *t)
{
    S_ind(w, depth);
    ad_buf_printf(&w->b, "<%s%s>\n", name, t->etc ? " etc=\"true\"" : "");
    for (size_t i = 0; i < t->n; i++)
        S_el(w, depth + 1, item, t->items[i]);
    S_ind(w, depth);
    ad_buf_printf(&w->b, "</%s>\n", name);
}

/* The form rows a report (or the defaults) gives; the schedule becomes a
 * place to fill. */
static void S_form(S_w *w, int depth, const ad_audit *a, const ad_form *f)
{
    if (f->has_purpose)
        S_el(w, depth, "purpose", f->purpose);
    if (f->has_scope)
        S_scope(w, depth, a, f);
    if (f->has_methods) {
        S_ind(w, depth);
        ad_buf_puts(&w->b, "<methods>\n");
        for (size_t i = 0; i < f->n_methods; i++) {
            const ad_method *m = &f->methods[i];
            S_ind(w, depth + 1);
            ad_buf_puts(&w->b, "<method>");
            S_esc(w, m->text, false, false);
            if (m->n_subs) {
                ad_buf_puts(&w->b, "\n");
                for (size_t k = 0; k < m->n_subs; k++)
                    S_el(w, depth + 2, "sub", m->subs[k]);
                S_ind(w, depth + 1);
            }
            ad_buf_puts(&w->b, "</method>\n");
        }
        S_ind(w, depth);
        ad_buf_puts(&w->b, "</methods>\n");
    }
    if (f->has_schedule) {
        S_ind(w, depth);
        ad_buf_puts(&w->b, "<schedule>?</schedule>   <!-- the audit dates of this round; may repeat -->\n");
    }
    if (f->has_topics)
        S_textlist(w, depth, "topics", "topic", &f->topics);
    if (f->has_standards)
        S_textlist(w, depth, "standards", "standard", &f->standards);
}

static void S_head(S_w *w, const ad_audit *p, const char *prev_name, const char *prev_round,
                   const char *new_round)
{
    ad_buf *b = &w->b;
    ad_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!--\n  ");
    S_cesc(w, new_round);
    ad_buf_puts(b, " of ");
    S_cesc(w, p->org.name);
    ad_buf_puts(b, ": written by `auditdoc next` from ");
    const char *base = prev_name ? strrchr(prev_name, '/') : NULL;
    S_cesc(w, base ? base + 1 : prev_name);
    ad_buf_puts(b, " (");
    S_cesc(w, prev_round);
    ad_buf_puts(b, ").\n\n"
                   "  Carried over: the organisation, the systems, the report's stock texts, the\n"
                   "  auditors and criteria, every checklist item with its text and detail, and the\n"
                   "  department-report defaults.  The departments are last round's: change them\n"
                   "  for this round (each marks row lists one mark per department, in that order).\n\n"
                   "  To fill (every ? in this file):\n"
                   "  - the marks: ○ △ × - (or o ^ x -) in place of each ?;\n"
                   "  - the meeting (number, date, place, time), the report's dates and the\n"
                   "    summaries (総評); then each department's findings (指摘事項).\n"
                   "  `auditdoc validate` says how many marks each department still lacks; a\n"
                   "  draft build (the build command's draft option) prints every title with\n"
                   "  （案） and each place still to fill as （未記入）; a normal build and\n"
                   "  `auditdoc archive` wait until nothing is ?.\n"
                   "-->\n");
}

char *ad_next_round_xml(const ad_audit *p, const char *prev_name, int fiscal_year, ad_term term)
{
    S_w w = {0};
    char *ofy = ad_wareki_fiscal_year(p->fiscal_year), *nfy = ad_wareki_fiscal_year(fiscal_year);
    const char *ot = ad_term_name(p->term), *nt = ad_term_name(term);
    /* 令和7年度（上半期） · 令和7年度上半期 · 令和7年度 */
    w.from[0] = ot[0] ? ad_xasprintf("%s（%s）", ofy ? ofy : "", ot) : ad_xstrdup("");
    w.to[0] = nt[0] ? ad_xasprintf("%s（%s）", nfy ? nfy : "", nt) : ad_xstrdup(nfy ? nfy : "");
    w.from[1] = ot[0] ? ad_xasprintf("%s%s", ofy ? ofy : "", ot) : ad_xstrdup("");
    w.to[1] = ad_xasprintf("%s%s", nfy ? nfy : "", nt);
    w.from[2] = ad_xstrdup(ofy ? ofy : "");
    w.to[2] = ad_xstrdup(nfy ? nfy : "");
    char *prev_round = ad_xasprintf("%s%s", ofy ? ofy : "", ot);
    char *new_round = ad_xasprintf("%s%s", nfy ? nfy : "", nt);
    ad_buf *b = &w.b;

    S_head(&w, p, prev_name, prev_round, new_round);
    ad_buf_printf(b, "<audit version=\"1\" fiscal-year=\"%d\" term=\"%s\">\n\n", fiscal_year,
                  ad_term_id(term));

    ad_buf_puts(b, "  <organization>\n");
    S_el(&w, 2, "name", p->org.name);
    if (p->org.committee)
        S_el(&w, 2, "committee", p->org.committee);
    if (p->org.secretariat)
        S_el(&w, 2, "secretariat", p->org.secretariat);
    ad_buf_puts(b, "  </organization>\n\n");

    if (p->meeting.present) {
        ad_buf_puts(b, "  <!-- the committee meeting that receives this round: fill in the ? -->\n"
                       "  <meeting number=\"?\" date=\"?\" place=\"?\">\n"
                       "    <time>?</time>\n");
        bool any = false;
        for (size_t i = 0; i < p->meeting.n_agenda; i++) {
            const ad_agenda_item *it = &p->meeting.agenda[i];
            /* last round's further agenda documents are not carried over */
            if (it->ref && !(p->report.present && p->report.id && strcmp(it->ref, p->report.id) == 0))
                continue;
            if (!any)
                ad_buf_puts(b, "    <agenda>\n");
            any = true;
            char *text = S_retitle(&w, it->text);
            S_ind(&w, 3);
            ad_buf_puts(b, "<item");
            S_attr(&w, "ref", it->ref);
            ad_buf_puts(b, ">");
            S_esc(&w, text, false, false);
            ad_buf_puts(b, "</item>\n");
            free(text);
        }
        if (any)
            ad_buf_puts(b, "    </agenda>\n");
        ad_buf_puts(b, "  </meeting>\n\n");
    }

    ad_buf_puts(b, "  <!-- the departments of ");
    S_cesc(&w, prev_round);
    ad_buf_puts(b, ": change them for this round -->\n  <departments>\n");
    for (size_t i = 0; i < p->n_departments; i++) {
        const ad_department *d = &p->departments[i];
        ad_buf_puts(b, "    <department");
        S_attr(&w, "id", d->id);
        if (d->short_name && d->name && strcmp(d->short_name, d->name) != 0)
            S_attr(&w, "short", d->short_name);
        if (d->special)
            ad_buf_puts(b, " audit=\"special\"");
        ad_buf_puts(b, ">");
        S_esc(&w, d->name, false, false);
        ad_buf_puts(b, "</department>\n");
    }
    ad_buf_puts(b, "  </departments>\n\n");

    if (p->n_systems) {
        ad_buf_puts(b, "  <systems>\n");
        for (size_t i = 0; i < p->n_systems; i++) {
            ad_buf_puts(b, "    <system");
            S_attr(&w, "id", p->systems[i].id);
            ad_buf_puts(b, ">");
            S_esc(&w, p->systems[i].name, false, false);
            ad_buf_puts(b, "</system>\n");
        }
        ad_buf_puts(b, "  </systems>\n\n");
    }

    const ad_report *r = &p->report;
    if (r->present) {
        ad_buf_puts(b, "  <!-- 実施報告書 -->\n  <report");
        S_attr(&w, "id", r->id);
        ad_buf_puts(b, " date=\"?\">\n");
        if (r->title) {
            char *t = S_retitle(&w, r->title);
            S_el(&w, 2, "title", t);
            free(t);
        }
        if (r->purpose.n) {
            ad_buf_puts(b, "    <purpose>\n");
            S_blocks(&w, 3, &r->purpose);
            ad_buf_puts(b, "    </purpose>\n");
        }
        if (r->target_systems)
            S_el(&w, 2, "target-systems", r->target_systems);
        ad_buf_puts(b, "    <audit-date>?</audit-date>   <!-- may repeat -->\n");
        if (r->n_auditors) {
            ad_buf_puts(b, "    <auditors>\n");
            for (size_t i = 0; i < r->n_auditors; i++) {
                ad_buf_puts(b, "      <role");
                S_attr(&w, "title", r->auditors[i].title);
                ad_buf_puts(b, ">");
                S_esc(&w, r->auditors[i].text, false, false);
                ad_buf_puts(b, "</role>\n");
            }
            ad_buf_puts(b, "    </auditors>\n");
        }
        if (r->n_criteria) {
            ad_buf_puts(b, "    <criteria>\n");
            for (size_t i = 0; i < r->n_criteria; i++) {
                ad_buf_puts(b, "      <group>\n");
                for (size_t k = 0; k < r->criteria[i].n_rules; k++)
                    S_el(&w, 4, "rule", r->criteria[i].rules[k]);
                ad_buf_puts(b, "      </group>\n");
            }
            ad_buf_puts(b, "    </criteria>\n");
        }
        ad_buf_puts(b, "    <summary>\n      <p>?</p>   <!-- 監査結果（総評） -->\n    </summary>\n");
        ad_buf_puts(b, "  </report>\n\n");
    }

    for (size_t c = 0; c < p->n_checklists; c++) {
        const ad_checklist *cl = &p->checklists[c];
        static const char *const layouts[] = {"", "narrative", "matrix", "both"};
        ad_buf_puts(b, "  <checklist");
        S_attr(&w, "id", cl->id);
        S_attr(&w, "layout", layouts[cl->layout & 3]);
        if (cl->title) {
            char *t = S_retitle(&w, cl->title);
            S_attr(&w, "title", t);
            free(t);
        }
        ad_buf_puts(b, ">\n");
        for (size_t s = 0; s < cl->n_sections; s++) {
            const ad_section *sec = &cl->sections[s];
            ad_buf_puts(b, "    <section");
            S_attr(&w, "id", sec->id);
            S_attr(&w, "numeral", sec->numeral);
            S_attr(&w, "title", sec->title);
            ad_buf_puts(b, ">\n");
            for (size_t i = 0; i < sec->n_items; i++) {
                const ad_item *it = &sec->items[i];
                ad_buf_puts(b, "      <item");
                S_attr(&w, "no", it->no);
                ad_buf_puts(b, ">\n");
                S_el(&w, 4, "text", it->text);
                if (it->detail)
                    S_el(&w, 4, "detail", it->detail);
                ad_buf_puts(b, "        <marks>");
                for (size_t d = 0; d < p->n_departments; d++)
                    ad_buf_puts(b, d ? " ?" : "?");
                ad_buf_puts(b, "</marks>\n      </item>\n");
            }
            for (size_t k = 0; k < sec->n_notes; k++) {
                const ad_note_row *nr = &sec->notes[k];
                ad_buf_puts(b, "      <note-row");
                S_attr(&w, "title", nr->title);
                ad_buf_puts(b, ">\n");
                for (size_t d = 0; d < p->n_departments; d++)
                    S_el(&w, 4, "cell", nr->cells[d]);
                ad_buf_puts(b, "      </note-row>\n");
            }
            ad_buf_puts(b, "    </section>\n");
        }
        ad_buf_puts(b, "  </checklist>\n\n");
    }

    const ad_dept_reports *dr = &p->dept_reports;
    if (dr->present) {
        ad_buf_puts(b, "  <!-- 情報セキュリティ内部監査結果報告書, one per audited department -->\n"
                       "  <department-reports date=\"?\">\n    <defaults>\n");
        S_form(&w, 3, p, &dr->defaults);
        ad_buf_puts(b, "    </defaults>\n");
        for (size_t i = 0; i < dr->n_reports; i++) {
            const ad_dept_report *rep = &dr->reports[i];
            ad_buf_puts(b, "\n    <department-report");
            S_attr(&w, "dept", p->departments[rep->dept].id);
            ad_buf_puts(b, ">\n");
            S_form(&w, 3, p, &rep->form);
            ad_buf_puts(b, "      <summary>\n        <p>?</p>   <!-- 総評 -->\n      </summary>\n"
                           "      <!-- 指摘事項: <finding title=\"…\">…</finding>; repeat=\"true\" for 再指摘,\n"
                           "           item=\"CHECKLIST/SECTION/NO\" for the checklist item it is about -->\n"
                           "      <findings/>\n    </department-report>\n");
        }
        ad_buf_puts(b, "  </department-reports>\n\n");
    }
    ad_buf_puts(b, "</audit>\n");

    for (int k = 0; k < 3; k++) {
        free(w.from[k]);
        free(w.to[k]);
    }
    free(prev_round);
    free(new_round);
    free(ofy);
    free(nfy);
    return ad_buf_take(b);
}

ad_status ad_round_gate(ad_audit *a, bool draft, const char *archive, ad_diags *diags, ad_err *e)
{
    ad_diags scratch;
    ad_diags_init(&scratch);
    ad_status st = ad_check_history(a, ad_archive_root_option(archive), diags ? diags : &scratch, e);
    ad_diags_free(&scratch);
    if (st != AD_OK)
        return st;
    if (draft) {
        a->draft = true;
        return AD_OK;
    }
    if (!ad_audit_is_draft(a))
        return AD_OK;
    for (size_t i = 0; diags && i < a->n_unfilled; i++)
        ad_diag_add(diags, AD_DIAG_ERROR, a->file, a->unfilled[i].line,
                    "%s is still ? (a place to fill)", a->unfilled[i].what);
    return ad_fail(e, AD_ERR_INPUT,
                   "%s: %zu mark%s not yet entered and %zu place%s to fill: fill in every ?, or "
                   "make a draft with --draft",
                   a->file, a->n_unset_marks, a->n_unset_marks == 1 ? "" : "s", a->n_unfilled,
                   a->n_unfilled == 1 ? "" : "s");
}
