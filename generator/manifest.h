/* manifest.h — manifest.json of a build folder: every file with its size and
 * SHA-256, the input file's hash, the program version and the round.  The
 * manifest holds no time of the build, so rebuilding gives the same bytes. */
#ifndef AD_MANIFEST_H
#define AD_MANIFEST_H

#include <stdbool.h>
#include <stdint.h>
#include "diag.h"
#include "model.h"

/* A file's size and SHA-256, taken where it was written (a build's workers
 * hash their own files while the others are still at work). */
typedef struct {
    const char *path; /* relative to the folder, as ad_walk_files (fsutil.h) names it */
    uint64_t size;
    char sha256[65];
} ad_file_hash;

/* Writes dir/manifest.json describing every file already in dir.  The files
 * in known (n_known of them, known may be NULL) are not read again.  With
 * replace, dir is a live folder: the manifest goes through a temporary file,
 * fsync and rename.  Without, dir is a build's own temporary folder, which
 * appears only as a whole (ad_replace_dir), and the file is simply written. */
ad_status ad_manifest_write(const char *dir, const ad_audit *a, const char *input,
                            const ad_file_hash *known, size_t n_known, bool replace,
                            ad_err *e);

/* Whether dir is auditdoc's own output: the files under dir (hidden ones
 * too) that its manifest.json does not list, sorted, newly allocated (free
 * with ad_strv_free; none: an empty array).  NULL when dir holds no
 * manifest.json that auditdoc wrote (ad_manifest_write). */
char **ad_manifest_unlisted(const char *dir, size_t *n);

#endif
