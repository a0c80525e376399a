/* load_checks.c — the checks of the spec's "Checks that validate makes beyond the
 * schema", on a fully read model (ad_check_audit), and the script check the
 * loader runs on every text (ad_check_script).
 *
 * Some checks of that section need the raw text and live in the loader
 * (load.c): the number of marks in a row or cells in a note row, an unknown
 * mark, an impossible date, the fiscal year and the term (on the line of
 * <audit>, which the model does not keep), and references resolved to
 * indices while reading (dept of a department report, system of a scope). */
#include "load.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "load_int.h"
#include "uniclass.h"
#include "util.h"
#include "wareki.h"

#define ERR(a, d, line, ...) ad_diag_add((d), AD_DIAG_ERROR, (a)->file, (line), __VA_ARGS__)
#define WARN(a, d, line, ...) ad_diag_add((d), AD_DIAG_WARNING, (a)->file, (line), __VA_ARGS__)

/* ---- ids --------------------------------------------------------------- */

bool ad_id_safe(const char *id)
{
    if (!id || !(id[0] >= 'a' && id[0] <= 'z'))
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return false;
    return true;
}

typedef struct {
    const char *id;
    const char *what; /* "<department>" … */
    long line;
    size_t order;
} S_id;

static int S_id_cmp(const void *x, const void *y)
{
    const S_id *a = x, *b = y;
    int c = strcmp(a->id, b->id);
    return c ? c : (a->order < b->order ? -1 : a->order > b->order);
}

static void S_check_id(const ad_audit *a, ad_diags *d, const char *id, const char *what, long line)
{
    if (!id || ad_id_safe(id))
        return;
    /* suggest a safe spelling when one is obvious */
    ad_buf b = {0};
    ad_buf_put(&b, "", 0);
    bool ascii = true;
    for (const char *p = id; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x80)
            ascii = false;
        else if (c >= 'A' && c <= 'Z')
            ad_buf_putc(&b, (char)(c - 'A' + 'a'));
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')
            ad_buf_putc(&b, (char)c);
        else if (b.len && b.s[b.len - 1] != '-')
            ad_buf_putc(&b, '-');
    }
    char *sug = ad_buf_take(&b);
    if (!id[0])
        ERR(a, d, line, "the id of this %s is empty: use lower-case ASCII letters, digits and -, "
                        "starting with a letter", what);
    else if (ascii && ad_id_safe(sug))
        ERR(a, d, line, "id \"%s\" of this %s is not safe for file names: use lower-case ASCII "
                        "letters, digits and -, starting with a letter (for example \"%s\")", id, what, sug);
    else
        ERR(a, d, line, "id \"%s\" of this %s is not safe for file names: use lower-case ASCII "
                        "letters, digits and -, starting with a letter", id, what);
    free(sug);
}

/* Reports every id used more than once in v (sorted here). */
static void S_dups(const ad_audit *a, ad_diags *d, S_id *v, size_t n, const char *scope)
{
    if (n < 2)
        return;
    qsort(v, n, sizeof *v, S_id_cmp);
    for (size_t i = 1; i < n; i++) {
        if (!v[i].id[0] || strcmp(v[i].id, v[i - 1].id) != 0)
            continue;
        size_t first = i - 1;
        while (first > 0 && strcmp(v[first - 1].id, v[i].id) == 0)
            first--;
        ERR(a, d, v[i].line, "id \"%s\" of this %s is already used by the %s on line %ld; ids must be "
                             "unique %s", v[i].id, v[i].what, v[first].what, v[first].line, scope);
    }
}

typedef struct {
    S_id *v;
    size_t n, cap;
} S_ids;

/* Checks that id is file-name safe and records it for the duplicate check. */
static void S_add_id(const ad_audit *a, ad_diags *d, S_ids *ids, const char *id, const char *what,
                     long line)
{
    S_check_id(a, d, id, what, line);
    S_id rec = {id, what, line, ids->n};
    AD_VEC_PUSH(ids->v, ids->n, ids->cap) = rec;
}

static void S_check_ids(const ad_audit *a, ad_diags *d)
{
    S_ids ids = {0};
    for (size_t i = 0; i < a->n_departments; i++)
        S_add_id(a, d, &ids, a->departments[i].id, "<department>", a->departments[i].line);
    for (size_t i = 0; i < a->n_systems; i++)
        S_add_id(a, d, &ids, a->systems[i].id, "<system>", a->systems[i].line);
    if (a->report.present && a->report.id)
        S_add_id(a, d, &ids, a->report.id, "<report>", a->report.line);
    for (size_t i = 0; i < a->n_checklists; i++)
        S_add_id(a, d, &ids, a->checklists[i].id, "<checklist>", a->checklists[i].line);
    for (size_t i = 0; i < a->n_agenda_docs; i++)
        S_add_id(a, d, &ids, a->agenda_docs[i].id, "<agenda-document>", a->agenda_docs[i].line);
    S_dups(a, d, ids.v, ids.n, "in the file");
    /* section ids: unique within their checklist */
    for (size_t i = 0; i < a->n_checklists; i++) {
        const ad_checklist *c = &a->checklists[i];
        ids.n = 0;
        for (size_t s = 0; s < c->n_sections; s++)
            S_add_id(a, d, &ids, c->sections[s].id, "<section>", c->sections[s].line);
        S_dups(a, d, ids.v, ids.n, "within their checklist");
    }
    free(ids.v);
}

/* ---- references --------------------------------------------------------- */

static void S_check_refs(const ad_audit *a, ad_diags *d)
{
    for (size_t i = 0; i < a->meeting.n_agenda; i++) {
        const ad_agenda_item *it = &a->meeting.agenda[i];
        if (!it->ref)
            continue;
        bool found = a->report.present && a->report.id && strcmp(a->report.id, it->ref) == 0;
        for (size_t k = 0; !found && k < a->n_agenda_docs; k++)
            found = strcmp(a->agenda_docs[k].id, it->ref) == 0;
        if (found)
            continue;
        ad_buf b = {0};
        ad_buf_put(&b, "", 0);
        if (a->report.present && a->report.id)
            ad_buf_puts(&b, a->report.id);
        for (size_t k = 0; k < a->n_agenda_docs && k < 12; k++)
            ad_buf_printf(&b, "%s%s", b.len ? ", " : "", a->agenda_docs[k].id);
        if (b.len)
            ERR(a, d, it->line, "agenda item refers to ref=\"%s\", but no <report> or <agenda-document> "
                                "has that id (ids: %s)", it->ref, b.s);
        else
            ERR(a, d, it->line, "agenda item refers to ref=\"%s\", but the file has no <report> or "
                                "<agenda-document> with an id", it->ref);
        ad_buf_free(&b);
    }
}

/* ---- dates and the round ------------------------------------------------ */

static bool S_date_set(ad_date x) { return x.y > 0; } /* not absent, not a place to fill */

static char *S_iso(ad_date x) { return ad_xasprintf("%04d-%02d-%02d", x.y, x.m, x.d); }

/* the latest valid date of v, or {0} */
static ad_date S_latest(const ad_date *v, size_t n)
{
    ad_date best = {0, 0, 0};
    for (size_t i = 0; i < n; i++)
        if (S_date_set(v[i]) && (!S_date_set(best) || ad_date_cmp(v[i], best) > 0))
            best = v[i];
    return best;
}

static void S_date_order(const ad_audit *a, ad_diags *d, ad_date report, ad_date audit, long line,
                         const char *what)
{
    if (!S_date_set(report) || !S_date_set(audit) || ad_date_cmp(report, audit) >= 0)
        return;
    char *r = S_iso(report), *x = S_iso(audit);
    WARN(a, d, line, "the date of %s (%s) is before the audit date (%s)", what, r, x);
    free(r);
    free(x);
}

static void S_check_dates(const ad_audit *a, ad_diags *d)
{
    ad_date audit = S_latest(a->report.audit_dates, a->report.n_audit_dates);
    if (a->report.present)
        S_date_order(a, d, a->report.date, audit, a->report.line, "the report");
    const ad_dept_reports *dr = &a->dept_reports;
    if (!dr->present || !S_date_set(dr->date))
        return;
    ad_date def = dr->defaults.has_schedule ? S_latest(dr->defaults.schedule, dr->defaults.n_schedule)
                                            : audit;
    S_date_order(a, d, dr->date, def, dr->line, "the department reports");
    for (size_t i = 0; i < dr->n_reports; i++) {
        const ad_dept_report *r = &dr->reports[i];
        if (r->form.has_schedule) {
            char *what = ad_xasprintf("the department report for %s", a->departments[r->dept].name);
            S_date_order(a, d, dr->date, S_latest(r->form.schedule, r->form.n_schedule), r->line, what);
            free(what);
        }
    }
}

/* ---- marks not yet entered, findings' items -------------------------------- */

/* How many of department k's marks are still ? (of *total). */
static size_t S_unset_in_column_of(const ad_audit *a, size_t k, size_t *total)
{
    size_t n = 0, all = 0;
    for (size_t c = 0; c < a->n_checklists; c++)
        for (size_t s = 0; s < a->checklists[c].n_sections; s++) {
            const ad_section *sec = &a->checklists[c].sections[s];
            for (size_t i = 0; i < sec->n_items; i++) {
                all++;
                n += sec->items[i].marks && sec->items[i].marks[k] == AD_MARK_UNSET;
            }
        }
    if (total)
        *total = all;
    return n;
}

static size_t S_unset_in_column(const ad_audit *a, size_t k)
{
    return a->n_unset_marks ? S_unset_in_column_of(a, k, NULL) : 0;
}

/* One warning per department column that still has marks to enter. */
static void S_check_unset_marks(const ad_audit *a, ad_diags *d)
{
    for (size_t k = 0; a->n_unset_marks && k < a->n_departments; k++) {
        size_t total = 0, n = S_unset_in_column_of(a, k, &total);
        if (n)
            WARN(a, d, a->departments[k].line,
                 "%s (%s): %zu of its %zu marks %s still ? (not yet entered)", a->departments[k].name,
                 a->departments[k].id, n, total, n == 1 ? "is" : "are");
    }
}

static void S_check_finding_items(const ad_audit *a, ad_diags *d)
{
    for (size_t i = 0; i < a->dept_reports.n_reports; i++) {
        const ad_dept_report *r = &a->dept_reports.reports[i];
        for (size_t f = 0; f < r->n_findings; f++) {
            const char *ref = r->findings[f].item;
            bool ambiguous = false;
            if (!ref || ad_audit_find_item(a, ref, &ambiguous)) {
                if (ambiguous)
                    ERR(a, d, r->findings[f].line, "item=\"%s\" names more than one item (several "
                        "items of that section are numbered so)", ref);
                continue;
            }
            ERR(a, d, r->findings[f].line, "item=\"%s\" names no checklist item: write "
                "CHECKLIST-ID/SECTION-ID/NO, for example item=\"%s/%s/%s\"", ref,
                a->n_checklists ? a->checklists[0].id : "detail",
                a->n_checklists && a->checklists[0].n_sections ? a->checklists[0].sections[0].id : "human",
                a->n_checklists && a->checklists[0].n_sections && a->checklists[0].sections[0].n_items &&
                        a->checklists[0].sections[0].items[0].no
                    ? a->checklists[0].sections[0].items[0].no
                    : "1");
        }
    }
}

/* ---- department reports -------------------------------------------------- */

/* "3(2) パソコンの取扱い (line 40)" for each item (text cut at 20 characters), at most five */
static void S_item_list(ad_buf *b, const ad_item *const *items, size_t n)
{
    for (size_t i = 0; i < n && i < 5; i++) {
        const ad_item *it = items[i];
        char *t = ad_xstrdup(it->text ? it->text : "");
        size_t k = 0, pos = 0, len = strlen(t);
        while (pos < len && k < 20) {
            uint32_t cp;
            pos += ad_utf8_decode(t + pos, len - pos, &cp);
            k++;
        }
        bool cut = pos < len;
        t[pos] = '\0';
        ad_buf_printf(b, "%s%s%s%s%s (line %ld)", i ? "; " : "", it->no ? it->no : "",
                      it->no ? " " : "", t, cut ? "…" : "", it->marks_line ? it->marks_line : it->line);
        free(t);
    }
    if (n > 5)
        ad_buf_printf(b, "; and %zu more", n - 5);
}

static void S_check_dept_reports(const ad_audit *a, ad_diags *d)
{
    const ad_dept_reports *dr = &a->dept_reports;
    if (!dr->present)
        return;
    size_t nd = a->n_departments;
    size_t *first = ad_xmalloc((nd ? nd : 1) * sizeof *first);
    for (size_t i = 0; i < nd; i++)
        first[i] = (size_t)-1;
    for (size_t i = 0; i < dr->n_reports; i++) {
        const ad_dept_report *r = &dr->reports[i];
        if (r->dept >= nd)
            continue;
        if (first[r->dept] != (size_t)-1) {
            ERR(a, d, r->line, "a second department report for %s (dept=\"%s\"); the first is on line %ld",
                a->departments[r->dept].name, a->departments[r->dept].id,
                dr->reports[first[r->dept]].line);
            continue;
        }
        first[r->dept] = i;
        if (!r->has_summary || r->summary.n == 0)
            WARN(a, d, r->line, "the department report for %s has no <summary> (総評)",
                 a->departments[r->dept].name);
    }

    /* the × of each department, in document order */
    const ad_item **ng = NULL;
    size_t n_ng = 0, cap = 0;
    for (size_t k = 0; k < nd; k++) {
        const ad_department *dep = &a->departments[k];
        if (first[k] == (size_t)-1) {
            WARN(a, d, dep->line, "%s (%s) has no department report: its 結果報告書 will not be made",
                 dep->name, dep->id);
            continue;
        }
        n_ng = 0;
        for (size_t c = 0; c < a->n_checklists; c++)
            for (size_t s = 0; s < a->checklists[c].n_sections; s++) {
                const ad_section *sec = &a->checklists[c].sections[s];
                for (size_t i = 0; i < sec->n_items; i++)
                    if (sec->items[i].marks && sec->items[i].marks[k] == AD_MARK_NG)
                        AD_VEC_PUSH(ng, n_ng, cap) = &sec->items[i];
            }
        const ad_dept_report *r = &dr->reports[first[k]];
        if (n_ng && r->n_findings == 0) {
            ad_buf b = {0};
            S_item_list(&b, ng, n_ng);
            WARN(a, d, r->line, "%s has × (改善を要する) in %zu item%s but its department report has no "
                                "finding: %s", dep->name, n_ng, n_ng == 1 ? "" : "s", b.s);
            ad_buf_free(&b);
        } else if (!n_ng && r->n_findings && !S_unset_in_column(a, k)) {
            WARN(a, d, r->findings[0].line, "the department report for %s has %zu finding%s, but none "
                                            "of its marks is × (改善を要する)",
                 dep->name, r->n_findings, r->n_findings == 1 ? "" : "s");
        }
    }
    free(ng);
    free(first);
}

void ad_check_audit(const ad_audit *a, ad_diags *d)
{
    if (!a || !d)
        return;
    S_check_ids(a, d);
    S_check_refs(a, d);
    S_check_dates(a, d);
    S_check_dept_reports(a, d);
    S_check_unset_marks(a, d);
    S_check_finding_items(a, d);
}

/* ---- scripts ------------------------------------------------------------ */

void ad_check_script(ad_diags *d, const char *file, long line, const char *where, const char *text)
{
    if (!text)
        return;
    size_t n = strlen(text), i = 0, first = (size_t)-1, last = 0;
    const char *script = NULL;
    ad_buf chars = {0}, codes = {0}, scripts = {0}; /* scripts: distinct names, "Hangul and Arabic" */
    size_t count = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = ad_utf8_decode(text + i, n - i, &cp);
        const char *s = ad_uc_foreign_script(cp);
        if (s) {
            if (!script)
                script = s;
            if (!scripts.s || !strstr(scripts.s, s))
                ad_buf_printf(&scripts, "%s%s", scripts.len ? " and " : "", s);
            if (first == (size_t)-1)
                first = i;
            last = i + k;
            if (count < 8) {
                ad_buf_put(&chars, text + i, k);
                ad_buf_printf(&codes, "%sU+%04X", count ? " " : "", (unsigned)cp);
            }
            count++;
        }
        i += k;
    }
    if (script) {
        /* the word around the letters: up to 6 characters either side */
        size_t st = first, en = last;
        for (int j = 0; j < 6 && st > 0; j++) {
            st--;
            while (st > 0 && ((unsigned char)text[st] & 0xC0) == 0x80)
                st--;
            if (text[st] == ' ' || text[st] == '\n') {
                st++;
                break;
            }
        }
        for (int j = 0; j < 6 && en < n && text[en] != ' ' && text[en] != '\n'; j++) {
            uint32_t cp;
            en += ad_utf8_decode(text + en, n - en, &cp);
        }
        char *ctx = ad_xstrndup(text + st, en - st);
        ad_diag_add(d, AD_DIAG_WARNING, file, line,
                    "%s holds %zu %s letter%s \"%s\" (%s) in \"%s%s%s\": not Japanese; probably a "
                    "scanning error, retype the word", where, count, scripts.s, count == 1 ? "" : "s",
                    chars.s, codes.s, st > 0 ? "…" : "", ctx, en < n ? "…" : "");
        free(ctx);
    }
    ad_buf_free(&chars);
    ad_buf_free(&codes);
    ad_buf_free(&scripts);
}
