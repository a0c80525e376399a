/* diag.c — collecting, sorting and printing diagnostics; ad_err helpers. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void ad_diags_init(ad_diags *d) { memset(d, 0, sizeof *d); }

void ad_diags_free(ad_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].file);
        free(d->v[i].msg);
    }
    free(d->v);
    memset(d, 0, sizeof *d);
}

void ad_diag_add(ad_diags *d, ad_severity sev, const char *file, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = ad_xvasprintf(fmt, ap);
    va_end(ap);
    /* one line each: fold any newline a library message carries */
    for (char *p = msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    size_t len = strlen(msg);
    while (len && msg[len - 1] == ' ')
        msg[--len] = '\0';
    ad_diag g = {sev, ad_xstrdup(file), line, msg};
    AD_VEC_PUSH(d->v, d->n, d->cap) = g;
    if (sev == AD_DIAG_ERROR)
        d->n_errors++;
    else
        d->n_warnings++;
}

char *ad_diag_format(const ad_diag *g)
{
    const char *sev = g->sev == AD_DIAG_ERROR ? "error" : "warning";
    if (g->file && g->line > 0)
        return ad_xasprintf("%s:%ld: %s: %s", g->file, g->line, sev, g->msg);
    if (g->file)
        return ad_xasprintf("%s: %s: %s", g->file, sev, g->msg);
    return ad_xasprintf("auditdoc: %s: %s", sev, g->msg);
}

typedef struct {
    ad_diag g;
    size_t i;
} S_tagged;

static int S_tagged_cmp(const void *x, const void *y)
{
    const S_tagged *a = x, *b = y;
    int c = strcmp(a->g.file ? a->g.file : "", b->g.file ? b->g.file : "");
    if (c)
        return c;
    if (a->g.sev != b->g.sev)
        return a->g.sev == AD_DIAG_ERROR ? -1 : 1;
    if (a->g.line != b->g.line)
        return a->g.line < b->g.line ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

void ad_diags_sort(ad_diags *d, size_t start)
{
    if (start >= d->n || d->n - start < 2)
        return;
    size_t n = d->n - start;
    S_tagged *t = ad_xmalloc(n * sizeof *t);
    for (size_t i = 0; i < n; i++)
        t[i] = (S_tagged){d->v[start + i], i};
    qsort(t, n, sizeof *t, S_tagged_cmp);
    for (size_t i = 0; i < n; i++)
        d->v[start + i] = t[i].g;
    free(t);
}

void ad_diags_print(ad_diags *d, FILE *out)
{
    ad_diags_sort(d, 0);
    for (size_t i = 0; i < d->n; i++) {
        char *s = ad_diag_format(&d->v[i]);
        fprintf(out, "%s\n", s);
        free(s);
    }
}

ad_status ad_fail(ad_err *e, ad_status status, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
        for (char *p = e->msg; *p; p++)
            if (*p == '\n')
                *p = ' ';
        e->status = status;
    }
    return status;
}

const char *ad_status_name(ad_status s)
{
    static const char *const names[] = {
        "ok", "usage", "invalid input", "i/o", "template", "font",
        "render", "exists", "verify", "interrupted",
    };
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}
