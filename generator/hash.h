/* hash.h — SHA-256 of files and buffers, as 64 lower-case hex digits, for
 * the manifest, the archive's BagIt manifests and the cache keys.
 *
 * The digest itself is libcrypto's (EVP interface), which uses the
 * processor's SHA instructions where there are any.  The caller owns hex
 * (65 bytes: 64 digits and NUL). */
#ifndef AD_HASH_H
#define AD_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* SHA-256 of a file's bytes; *size (when non-NULL) is how many were read. */
ad_status ad_sha256_file(const char *path, char hex[65], uint64_t *size, ad_err *e);
/* SHA-256 of a buffer. */
void ad_sha256_buf(const void *data, size_t len, char hex[65]);

#endif
