/* hash.c — SHA-256 through libcrypto (hash.h).
 *
 * libcrypto's SHA-256 functions themselves (SHA256_Init/Update/Final), not
 * the EVP interface: in OpenSSL 3 the first EVP digest of a process builds
 * the provider's name map, about 3.5 million instructions (1.3 ms of every
 * build's serial start, measured with tests/bench), while the digest itself
 * is the same code (SHA extensions where the processor has them).  OpenSSL 3
 * marks these functions deprecated in favour of EVP but keeps them; should a
 * later OpenSSL drop them, EVP_Digest* is the drop-in.
 * A failure of libcrypto itself is treated like running out of memory: a
 * message and abort(). */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include "hash.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/sha.h>

static void S_hex(const unsigned char md[32], char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[64] = '\0';
}

static void S_check(int ok)
{
    if (!ok) {
        fputs("auditdoc: libcrypto cannot compute SHA-256 (out of memory?)\n", stderr);
        abort();
    }
}

ad_status ad_sha256_file(const char *path, char hex[65], uint64_t *size, ad_err *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ad_fail(e, AD_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
    SHA256_CTX ctx;
    S_check(SHA256_Init(&ctx));
    unsigned char buf[1 << 16];
    uint64_t total = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int err = errno;
            close(fd);
            return ad_fail(e, AD_ERR_IO, "%s: cannot read: %s", path, strerror(err));
        }
        if (n == 0)
            break;
        S_check(SHA256_Update(&ctx, buf, (size_t)n));
        total += (uint64_t)n;
    }
    close(fd);
    unsigned char md[SHA256_DIGEST_LENGTH];
    S_check(SHA256_Final(md, &ctx));
    S_hex(md, hex);
    if (size)
        *size = total;
    return AD_OK;
}

void ad_sha256_buf(const void *data, size_t len, char hex[65])
{
    SHA256_CTX ctx;
    unsigned char md[SHA256_DIGEST_LENGTH];
    S_check(SHA256_Init(&ctx) && SHA256_Update(&ctx, data, len) && SHA256_Final(md, &ctx));
    S_hex(md, hex);
}
