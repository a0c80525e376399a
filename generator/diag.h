/* diag.h — diagnostics: the errors and warnings about one input file,
 * collected so that every problem of a file is reported in one run, and
 * printed one per line as "FILE:LINE: error: …" / "FILE:LINE: warning: …". */
#ifndef AD_DIAG_H
#define AD_DIAG_H

#include <stdio.h>
#include <stddef.h>

typedef enum { AD_DIAG_ERROR, AD_DIAG_WARNING } ad_severity;

typedef struct {
    ad_severity sev;
    char *file;   /* owned; may be NULL */
    long line;    /* 0 when no line applies */
    char *msg;    /* owned; no trailing newline */
} ad_diag;

typedef struct {
    ad_diag *v;
    size_t n, cap;
    size_t n_errors, n_warnings;
} ad_diags;

void ad_diags_init(ad_diags *d);
void ad_diags_free(ad_diags *d);
void ad_diag_add(ad_diags *d, ad_severity sev, const char *file, long line,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Sorts the diagnostics from index start on, stably: by file, errors before
 * warnings, then by line — the order they are printed in. */
void ad_diags_sort(ad_diags *d, size_t start);
/* Sorts (ad_diags_sort), then prints every diagnostic, one per line. */
void ad_diags_print(ad_diags *d, FILE *out);
/* Formats one diagnostic as it is printed; the caller frees the string. */
char *ad_diag_format(const ad_diag *g);

/* A single failure with its context, returned by functions that stop at the
 * first problem (I/O, fonts, templates, rendering). */
typedef enum {
    AD_OK = 0,
    AD_ERR_USAGE,     /* bad command line */
    AD_ERR_INPUT,     /* the audit file is invalid (details in ad_diags) */
    AD_ERR_IO,        /* reading or writing a file failed */
    AD_ERR_TEMPLATE,  /* a template file is missing or wrong */
    AD_ERR_FONT,      /* a font file is missing or unusable */
    AD_ERR_RENDER,    /* Pango, the PDF writer, libzip or libxml2 failed */
    AD_ERR_EXISTS,    /* refusing to overwrite */
    AD_ERR_VERIFY,    /* archive verification found differences */
    AD_ERR_INTERRUPTED
} ad_status;

typedef struct {
    ad_status status;
    char msg[1024];   /* one line, no trailing newline, "" when status is AD_OK */
} ad_err;

/* Sets e (when non-NULL) and returns status, so that callers can write
 * `return ad_fail(e, AD_ERR_IO, "%s: cannot write: %s", path, strerror(errno));` */
ad_status ad_fail(ad_err *e, ad_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *ad_status_name(ad_status s);

#endif
