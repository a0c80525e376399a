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

void ad_diags_print(ad_diags *d, FILE *out)
{
    /* stable sort: qsort on an index-augmented copy */
    typedef struct { ad_diag g; size_t i; } tagged;
    tagged *t = ad_xcalloc(d->n, sizeof *t);
    for (size_t i = 0; i < d->n; i++)
        t[i] = (tagged){d->v[i], i};
    for (size_t i = 1; i < d->n; i++) { /* insertion sort keeps equal lines in order */
        tagged x = t[i];
        size_t j = i;
        while (j > 0) {
            int c = strcmp(t[j - 1].g.file ? t[j - 1].g.file : "", x.g.file ? x.g.file : "");
            if (c < 0 || (c == 0 && t[j - 1].g.line <= x.g.line))
                break;
            t[j] = t[j - 1];
            j--;
        }
        t[j] = x;
    }
    for (size_t i = 0; i < d->n; i++) {
        d->v[i] = t[i].g;
        char *s = ad_diag_format(&d->v[i]);
        fprintf(out, "%s\n", s);
        free(s);
    }
    free(t);
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
