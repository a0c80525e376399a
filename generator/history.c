/* history.c — a department's history read back from the archive, and the
 * 再指摘 checks of a round's findings against the department's most recent
 * earlier audit (rounds.h). */
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "fsutil.h"
#include "load.h"
#include "rounds.h"
#include "util.h"
#include "wareki.h"

const char *ad_archive_root_option(const char *given)
{
    if (given && *given)
        return given;
    const char *env = getenv("AUDITDOC_ARCHIVE");
    return env && *env ? env : NULL;
}

/* Order of rounds: fiscal year, then 上半期 < 下半期 < annual. */
static int S_round_key(int fy, ad_term t)
{
    return fy * 4 + (t == AD_TERM_FIRST_HALF ? 0 : t == AD_TERM_SECOND_HALF ? 1 : 2);
}

typedef struct {
    char *input;
    int key;
} S_round;

static int S_round_cmp(const void *x, const void *y)
{
    const S_round *a = x, *b = y;
    return a->key != b->key ? (a->key > b->key ? -1 : 1) : strcmp(a->input, b->input);
}

/* The rounds under root (latest revision each), newest first. */
static S_round *S_rounds(const char *root, size_t *n)
{
    S_round *v = NULL;
    size_t cap = 0;
    *n = 0;
    size_t ny = 0;
    char **years = ad_list_dir(root, &ny);
    for (size_t y = 0; years && y < ny; y++) {
        char *end;
        long fy = strtol(years[y], &end, 10);
        if (*end || fy < 1989 || fy > 2100)
            continue;
        for (int t = AD_TERM_FIRST_HALF; t <= AD_TERM_ANNUAL; t++) {
            char *round = ad_xasprintf("%s/%s/%s", root, years[y], ad_term_id((ad_term)t));
            int rev = ad_archive_latest_rev(round);
            char *in_dir = rev ? ad_xasprintf("%s/rev-%d/data/input", round, rev) : NULL;
            size_t ni = 0;
            char **inputs = in_dir ? ad_list_dir(in_dir, &ni) : NULL;
            if (inputs && ni == 1)
                AD_VEC_PUSH(v, *n, cap) =
                    (S_round){ad_xasprintf("%s/%s", in_dir, inputs[0]), S_round_key((int)fy, (ad_term)t)};
            ad_strv_free(inputs, ni);
            free(in_dir);
            free(round);
        }
    }
    ad_strv_free(years, ny);
    if (*n > 1)
        qsort(v, *n, sizeof *v, S_round_cmp);
    return v;
}

char **ad_archive_rounds(const char *root, size_t *n)
{
    S_round *r = S_rounds(root, n);
    char **v = ad_xcalloc(*n + 1, sizeof *v);
    for (size_t i = 0; i < *n; i++)
        v[i] = r[i].input;
    free(r);
    return v;
}

/* The round's name, e.g. 令和7年度上半期; newly allocated. */
static char *S_round_name(const ad_audit *a)
{
    char *fy = ad_wareki_fiscal_year(a->fiscal_year);
    char *s = ad_xasprintf("%s%s", fy ? fy : "?", ad_term_name(a->term));
    free(fy);
    return s;
}

/* The finding of r that is f's counterpart: the same item, or the same title. */
static const ad_finding *S_counterpart(const ad_finding *f, const ad_dept_report *r)
{
    for (size_t i = 0; r && i < r->n_findings; i++) {
        const ad_finding *g = &r->findings[i];
        if ((f->item && g->item && strcmp(f->item, g->item) == 0) ||
            (f->title && g->title && *f->title && strcmp(f->title, g->title) == 0))
            return g;
    }
    return NULL;
}

/* The model of archived round i, loaded on first use (NULL when it does not
 * load: an archived input that this version rejects is left out). */
static ad_audit *S_model(const S_round *rounds, ad_audit **loaded, bool *tried, size_t i)
{
    if (!tried[i]) {
        tried[i] = true;
        ad_diags ignored;
        ad_diags_init(&ignored);
        loaded[i] = ad_load_file(rounds[i].input, &ignored);
        ad_diags_free(&ignored);
    }
    return loaded[i];
}

ad_status ad_check_history(ad_audit *a, const char *root, ad_diags *diags, ad_err *e)
{
    if (!root)
        return AD_OK;
    if (!ad_is_dir(root) || !ad_archive_is_root(root))
        return ad_fail(e, AD_ERR_USAGE,
                       "--archive %s: not an auditdoc archive (no such folder, or no %s and no "
                       "filed round in it)",
                       root, AD_ARCHIVE_MARK);
    size_t n = 0;
    S_round *rounds = S_rounds(root, &n);
    ad_audit **loaded = ad_xcalloc(n + 1, sizeof *loaded);
    bool *tried = ad_xcalloc(n + 1, sizeof *tried);
    int key = S_round_key(a->fiscal_year, a->term);
    char *this_round = S_round_name(a);
    for (size_t r = 0; r < a->dept_reports.n_reports; r++) {
        const ad_dept_report *rep = &a->dept_reports.reports[r];
        const ad_department *dep = &a->departments[rep->dept];
        /* the most recent earlier round that audited this department */
        const ad_audit *prev = NULL;
        const ad_dept_report *prev_rep = NULL;
        size_t prev_i = 0;
        for (size_t i = 0; i < n && !prev; i++) {
            if (rounds[i].key >= key)
                continue;
            const ad_audit *p = S_model(rounds, loaded, tried, i);
            if (!p || !p->org.name || !a->org.name || strcmp(p->org.name, a->org.name) != 0)
                continue;
            size_t d = ad_audit_dept_index(p, dep->id);
            const ad_dept_report *pr = d == (size_t)-1 ? NULL : ad_audit_dept_report(p, d);
            if (pr) {
                prev = p;
                prev_rep = pr;
                prev_i = i;
            }
        }
        char *prev_round = prev ? S_round_name(prev) : NULL;
        for (size_t f = 0; f < rep->n_findings; f++) {
            const ad_finding *fi = &rep->findings[f];
            const ad_finding *cp = S_counterpart(fi, prev_rep);
            const char *title = fi->title ? fi->title : "";
            if (!prev) /* the archive does not reach back to an audit of it */
                break;
            if (fi->repeat && !cp)
                ad_diag_add(diags, AD_DIAG_WARNING, a->file, fi->line,
                            "the finding 「%s」 of %s (%s) is marked 再指摘 (repeat=\"true\"), but "
                            "%s's last audit (%s, %s) has no finding on the same item or with the "
                            "same title",
                            title, dep->name, this_round, dep->name, prev_round, rounds[prev_i].input);
            else if (!fi->repeat && cp)
                ad_diag_add(diags, AD_DIAG_WARNING, a->file, fi->line,
                            "the finding 「%s」 of %s (%s) repeats 「%s」 of its last audit (%s, "
                            "%s:%ld): mark it repeat=\"true\" (再指摘)?",
                            title, dep->name, this_round, cp->title ? cp->title : "", prev_round,
                            rounds[prev_i].input, cp->line);
        }
        free(prev_round);
    }
    free(this_round);
    /* the organisation's round before this one, for the comparison appendix */
    for (size_t i = 0; i < n && !a->previous; i++) {
        if (rounds[i].key >= key)
            continue;
        if (S_model(rounds, loaded, tried, i) && loaded[i]->org.name && a->org.name &&
            strcmp(loaded[i]->org.name, a->org.name) == 0) {
            a->previous = loaded[i];
            loaded[i] = NULL;
        }
    }
    for (size_t i = 0; i < n; i++) {
        ad_audit_free(loaded[i]);
        free(rounds[i].input);
    }
    free(loaded);
    free(tried);
    free(rounds);
    return AD_OK;
}

char *ad_round_input_path(const char *path)
{
    if (!ad_is_dir(path))
        return ad_xstrdup(path);
    char *bag = NULL;
    int rev = ad_archive_latest_rev(path);
    bag = rev ? ad_xasprintf("%s/rev-%d", path, rev) : ad_xstrdup(path);
    char *in_dir = ad_xasprintf("%s/data/input", bag);
    size_t n = 0;
    char **names = ad_list_dir(in_dir, &n);
    char *found = names && n == 1 ? ad_xasprintf("%s/%s", in_dir, names[0]) : NULL;
    ad_strv_free(names, n);
    free(in_dir);
    free(bag);
    return found ? found : ad_xstrdup(path);
}
