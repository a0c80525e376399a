/* compare.c — two rounds side by side (rounds.h): per department present in
 * both, the items that improved (×/△ → ○), worsened (○ → △/×) and stayed ×,
 * and the newer round's 再指摘; as text for a person and as JSON. */
#include <stdlib.h>
#include <string.h>

#include "rounds.h"
#include "util.h"
#include "wareki.h"

typedef struct {
    const ad_item *item;
    const ad_checklist *cl;
    const ad_section *sec;
} S_loc;

static S_loc *S_items(const ad_audit *a, size_t *n)
{
    S_loc *v = NULL;
    size_t cap = 0;
    *n = 0;
    for (size_t c = 0; c < a->n_checklists; c++)
        for (size_t s = 0; s < a->checklists[c].n_sections; s++)
            for (size_t i = 0; i < a->checklists[c].sections[s].n_items; i++)
                AD_VEC_PUSH(v, *n, cap) = (S_loc){&a->checklists[c].sections[s].items[i],
                                                  &a->checklists[c], &a->checklists[c].sections[s]};
    return v;
}

static bool S_eq(const char *x, const char *y) { return x && y && strcmp(x, y) == 0; }

/* The older round's item for x: same checklist id, section id and text; of
 * several, the one with the same number; -1 when none. */
static size_t S_match(const S_loc *x, const S_loc *old, size_t n_old, const bool *used)
{
    size_t best = (size_t)-1;
    for (size_t i = 0; i < n_old; i++) {
        if (used[i] || !S_eq(old[i].cl->id, x->cl->id) || !S_eq(old[i].sec->id, x->sec->id) ||
            !S_eq(old[i].item->text, x->item->text))
            continue;
        if (best == (size_t)-1)
            best = i;
        if (S_eq(old[i].item->no, x->item->no))
            return i;
    }
    return best;
}

static int S_kind(ad_mark before, ad_mark after)
{
    if (after == AD_MARK_OK && (before == AD_MARK_NG || before == AD_MARK_IMPROVED))
        return AD_CHANGE_IMPROVED;
    if (before == AD_MARK_OK && (after == AD_MARK_NG || after == AD_MARK_IMPROVED))
        return AD_CHANGE_WORSENED;
    if (before == AD_MARK_NG && after == AD_MARK_NG)
        return AD_CHANGE_STILL_NG;
    return -1;
}

ad_comparison *ad_compare_rounds(const ad_audit *older, const ad_audit *newer)
{
    ad_comparison *c = ad_xcalloc(1, sizeof *c);
    size_t n_old = 0, n_new = 0;
    S_loc *old = S_items(older, &n_old), *cur = S_items(newer, &n_new);
    size_t *map = ad_xcalloc(n_new + 1, sizeof *map);
    bool *used = ad_xcalloc(n_old + 1, sizeof *used);
    for (size_t i = 0; i < n_new; i++) {
        map[i] = S_match(&cur[i], old, n_old, used);
        if (map[i] != (size_t)-1)
            used[map[i]] = true;
    }
    c->depts = ad_xcalloc(newer->n_departments + 1, sizeof *c->depts);
    for (size_t d = 0; d < newer->n_departments; d++) {
        size_t od = ad_audit_dept_index(older, newer->departments[d].id);
        if (od == (size_t)-1)
            continue;
        ad_dept_change *dc = &c->depts[c->n_depts++];
        dc->old_dept = od;
        dc->new_dept = d;
        dc->id = newer->departments[d].id;
        dc->name = newer->departments[d].name;
        size_t cap[AD_CHANGE_KINDS] = {0};
        for (size_t i = 0; i < n_new; i++) {
            if (map[i] == (size_t)-1)
                continue;
            ad_mark before = old[map[i]].item->marks[od], after = cur[i].item->marks[d];
            int k = S_kind(before, after);
            if (k >= 0)
                AD_VEC_PUSH(dc->rows[k], dc->n_rows[k], cap[k]) =
                    (ad_change_row){cur[i].item, cur[i].cl->id, cur[i].sec->title, before, after};
        }
        const ad_dept_report *r = ad_audit_dept_report(newer, d);
        size_t rcap = 0;
        for (size_t f = 0; r && f < r->n_findings; f++)
            if (r->findings[f].repeat)
                AD_VEC_PUSH(dc->repeats, dc->n_repeats, rcap) = &r->findings[f];
    }
    free(map);
    free(used);
    free(old);
    free(cur);
    return c;
}

void ad_comparison_free(ad_comparison *c)
{
    if (!c)
        return;
    for (size_t d = 0; d < c->n_depts; d++) {
        for (int k = 0; k < AD_CHANGE_KINDS; k++)
            free(c->depts[d].rows[k]);
        free(c->depts[d].repeats);
    }
    free(c->depts);
    free(c);
}

static char *S_round(const ad_audit *a)
{
    char *fy = ad_wareki_fiscal_year(a->fiscal_year);
    char *s = ad_xasprintf("%s%s", fy ? fy : "?", ad_term_name(a->term));
    free(fy);
    return s;
}

static const char *const S_kind_text[AD_CHANGE_KINDS] = {"improved", "worsened", "still ×"};
static const char *const S_kind_id[AD_CHANGE_KINDS] = {"improved", "worsened", "still_ng"};

void ad_comparison_print(const ad_comparison *c, const ad_audit *older, const ad_audit *newer,
                         FILE *out)
{
    char *ro = S_round(older), *rn = S_round(newer);
    fprintf(out, "%s (%s) → %s (%s): %zu department%s in both\n", ro, older->file, rn, newer->file,
            c->n_depts, c->n_depts == 1 ? "" : "s");
    for (size_t d = 0; d < c->n_depts; d++) {
        const ad_dept_change *dc = &c->depts[d];
        fprintf(out, "\n%s (%s): improved %zu, worsened %zu, still × %zu, 再指摘 %zu\n", dc->name,
                dc->id, dc->n_rows[0], dc->n_rows[1], dc->n_rows[2], dc->n_repeats);
        for (int k = 0; k < AD_CHANGE_KINDS; k++)
            for (size_t i = 0; i < dc->n_rows[k]; i++) {
                const ad_change_row *r = &dc->rows[k][i];
                fprintf(out, "  %-8s %s → %s  [%s] %s %s%s%s\n", S_kind_text[k],
                        ad_mark_symbol(r->before), ad_mark_symbol(r->after), r->checklist,
                        r->section ? r->section : "", r->item->no ? r->item->no : "",
                        r->item->no ? " " : "", r->item->text ? r->item->text : "");
            }
        for (size_t i = 0; i < dc->n_repeats; i++)
            fprintf(out, "  再指摘   %s\n", dc->repeats[i]->title ? dc->repeats[i]->title : "");
    }
    free(ro);
    free(rn);
}

static void S_json_str(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static void S_json_round(FILE *out, const char *key, const ad_audit *a)
{
    fprintf(out, "  \"%s\": {\"file\": ", key);
    S_json_str(out, a->file);
    fprintf(out, ", \"fiscal_year\": %d, \"term\": \"%s\"},\n", a->fiscal_year, ad_term_id(a->term));
}

void ad_comparison_json(const ad_comparison *c, const ad_audit *older, const ad_audit *newer,
                        FILE *out)
{
    fputs("{\n", out);
    S_json_round(out, "older", older);
    S_json_round(out, "newer", newer);
    fputs("  \"departments\": [", out);
    for (size_t d = 0; d < c->n_depts; d++) {
        const ad_dept_change *dc = &c->depts[d];
        fputs(d ? ",\n    {\"id\": " : "\n    {\"id\": ", out);
        S_json_str(out, dc->id);
        fputs(", \"name\": ", out);
        S_json_str(out, dc->name);
        for (int k = 0; k < AD_CHANGE_KINDS; k++) {
            fprintf(out, ",\n     \"%s\": [", S_kind_id[k]);
            for (size_t i = 0; i < dc->n_rows[k]; i++) {
                const ad_change_row *r = &dc->rows[k][i];
                fputs(i ? ", {\"checklist\": " : "{\"checklist\": ", out);
                S_json_str(out, r->checklist);
                fputs(", \"section\": ", out);
                S_json_str(out, r->section);
                fputs(", \"no\": ", out);
                S_json_str(out, r->item->no);
                fputs(", \"text\": ", out);
                S_json_str(out, r->item->text);
                fprintf(out, ", \"before\": \"%s\", \"after\": \"%s\"}", ad_mark_symbol(r->before),
                        ad_mark_symbol(r->after));
            }
            fputs("]", out);
        }
        fputs(",\n     \"repeats\": [", out);
        for (size_t i = 0; i < dc->n_repeats; i++) {
            fputs(i ? ", {\"title\": " : "{\"title\": ", out);
            S_json_str(out, dc->repeats[i]->title);
            fprintf(out, ", \"line\": %ld}", dc->repeats[i]->line);
        }
        fputs("]}", out);
    }
    fputs(c->n_depts ? "\n  ]\n}\n" : "]\n}\n", out);
}
