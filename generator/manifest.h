/* manifest.h — manifest.json of a build folder: every file with its size and
 * SHA-256, the input file's hash, the program version and the round.  The
 * manifest holds no time of the build, so rebuilding gives the same bytes. */
#ifndef AD_MANIFEST_H
#define AD_MANIFEST_H

#include <stdbool.h>
#include <stdint.h>
#include "diag.h"
#include "model.h"

/* Lists the regular files under dir (relative paths, '/'-separated, sorted
 * bytewise, folders descended), skipping names starting with '.'.  Newly
 * allocated; free with ad_strv_free. */
char **ad_walk_files(const char *dir, size_t *n);
/* The same, hidden files and folders included (verify: nothing may hide). */
char **ad_walk_files_all(const char *dir, size_t *n);

/* Writes dir/manifest.json describing every file already in dir. */
ad_status ad_manifest_write(const char *dir, const ad_audit *a, const char *input, ad_err *e);

#endif
