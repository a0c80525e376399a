/* archive.h — the fiscal-year archive: each round filed as a BagIt bag
 * (RFC 8493) under ROOT/<fiscal-year>/<term>/rev-N/, verified and rebuilt
 * years later.
 *
 *   ROOT/2025/first-half/rev-1/
 *     bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
 *     data/input/<the audit XML>     the record as filed
 *     data/templates/…               the wording and layout the build used
 *     data/output/…                  packet.docx packet.pdf matrix.pdf departments/ manifest.json
 *
 * A filed revision is never changed: filing a changed input (or changed
 * templates) makes rev-N+1 beside it; filing it unchanged does nothing.  An
 * exclusive lock on ROOT/<fy>/<term>/.lock serialises concurrent runs, and a
 * revision appears only when complete (staged, then renamed).  A new archive
 * is started only on request (--init): a mistyped root is an error, never a
 * new archive. */
#ifndef AD_ARCHIVE_H
#define AD_ARCHIVE_H

#include <stdbool.h>
#include <stdio.h>
#include "build.h"
#include "diag.h"

typedef struct {
    ad_build_opts build;  /* input, templates, fonts, jobs, strict, progress (out_dir unused) */
    const char *root;     /* --root ARCHIVE */
    bool init;            /* --init: start an archive at root (created when missing) */
} ad_archive_opts;

/* The file that marks a folder as an auditdoc archive root (written by
 * --init and by every filing). */
#define AD_ARCHIVE_MARK "auditdoc-archive.txt"

/* True when root is an auditdoc archive: it holds AD_ARCHIVE_MARK, or (an
 * archive from before the mark) a filed round ROOT/<year>/<term>/rev-N. */
bool ad_archive_is_root(const char *root);
/* The highest N of the rev-N folders in a round's folder, 0 when none. */
int ad_archive_latest_rev(const char *round_dir);

/* Files the round.  On success *filed is the revision folder (newly
 * allocated) and *unchanged tells whether it already existed unchanged. */
ad_status ad_archive(const ad_archive_opts *o, ad_diags *diags, char **filed, bool *unchanged,
                     ad_err *e);

/* Re-hashes every file of every bag under root against its manifests and
 * prints one line per bag and per problem to out.  Returns AD_ERR_VERIFY when
 * anything changed or went missing. */
ad_status ad_verify(const char *root, FILE *out, ad_err *e);

/* Regenerates every bag under path (a bag or a folder of bags) from its
 * archived input and templates and compares the outputs byte for byte.
 * Returns AD_ERR_VERIFY on any difference; a bag made by another program
 * version is reported and counts as a difference only when strict. */
ad_status ad_rebuild(const char *path, const char *fonts_dir, FILE *out, ad_err *e);

#endif
