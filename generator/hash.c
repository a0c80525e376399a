/* hash.c — SHA-256 through libcrypto's EVP interface (hash.h).  A failure of
 * libcrypto itself (it cannot allocate its context) is treated like running
 * out of memory: a message and abort(). */
#include "hash.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

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
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    S_check(ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL));
    unsigned char buf[1 << 16];
    uint64_t total = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int err = errno;
            close(fd);
            EVP_MD_CTX_free(ctx);
            return ad_fail(e, AD_ERR_IO, "%s: cannot read: %s", path, strerror(err));
        }
        if (n == 0)
            break;
        S_check(EVP_DigestUpdate(ctx, buf, (size_t)n));
        total += (uint64_t)n;
    }
    close(fd);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    S_check(EVP_DigestFinal_ex(ctx, md, &md_len) && md_len == 32);
    EVP_MD_CTX_free(ctx);
    S_hex(md, hex);
    if (size)
        *size = total;
    return AD_OK;
}

void ad_sha256_buf(const void *data, size_t len, char hex[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    S_check(EVP_Digest(data, len, md, &md_len, EVP_sha256(), NULL) && md_len == 32);
    S_hex(md, hex);
}
