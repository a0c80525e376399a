/* build.h — `auditdoc build`: every output of one round in one folder.
 *
 *   DIR/packet.docx        the committee packet, editable
 *   DIR/packet.pdf         the committee packet
 *   DIR/matrix.pdf         the results matrix (結果一覧)
 *   DIR/departments/NN_<department name>.pdf   one per department, its own data only
 *   DIR/manifest.json      every file with size and SHA-256, the input's hash,
 *                          the program version and the round
 *
 * Everything is written into a temporary folder beside DIR that replaces DIR
 * only when all succeeded; a failure (or SIGINT/SIGTERM) leaves DIR as it was.
 * Department PDFs are rendered by parallel worker processes; the bytes do not
 * depend on how many. */
#ifndef AD_BUILD_H
#define AD_BUILD_H

#include <stdbool.h>
#include "diag.h"

typedef struct {
    const char *input;          /* the audit XML file */
    const char *out_dir;        /* -o DIR */
    const char *templates_dir;  /* --templates DIR, or NULL for the installed ones */
    const char *fonts_dir;      /* --fonts DIR, or NULL */
    const char *cache_dir;      /* kept between runs (what fontconfig read of the
                                   fonts): NULL = ad_user_cache_dir(), "" = none */
    const char *house_docx;     /* --template HOUSE.docx, or NULL */
    const char *department;     /* --department ID: only that department's PDF */
    bool strict;                /* warnings are errors */
    bool draft;                 /* --draft: a round with marks or places still ?
                                   is built, every title marked （案） */
    const char *archive;        /* --archive ROOT: 再指摘 checked against it
                                   (NULL: AUDITDOC_ARCHIVE, if set) */
    bool progress;              /* progress lines on stderr */
    int jobs;                   /* worker processes; 0 = number of CPUs */
    const char *display_name;   /* the input's name in rendering warnings (NULL: input) */
    bool input_reported;        /* the caller already reported the input's warnings */
} ad_build_opts;

/* Runs a build.  Diagnostics about the input go to diags (the caller prints
 * them); any other failure is returned with e set. */
ad_status ad_build(const ad_build_opts *o, ad_diags *diags, ad_err *e);

/* The file name of department d's PDF inside departments/ (Windows-safe,
 * "NN_<name>.pdf").  Newly allocated. */
char *ad_dept_pdf_name(const char *dept_name, size_t index, size_t n_depts);

/* Installs SIGINT/SIGTERM handlers that make long operations stop cleanly;
 * ad_interrupted() then returns the signal number. */
void ad_install_signal_handlers(void);
int ad_interrupted(void);

#endif
