/* hash.c — SHA-256 through libcrypto's EVP interface (hash.h).  A failure of
 * libcrypto itself (it cannot allocate its context) is treated like running
 * out of memory: a message and abort().
 *
 * libcrypto is set up once per process without reading the system's
 * openssl.cnf (nothing in it could change a SHA-256, and reading it cost a
 * fifth of the set-up), and the digest is fetched once, not at every call. */
#include "hash.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pthread.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

static pthread_once_t S_once = PTHREAD_ONCE_INIT;
static EVP_MD *S_sha256;

static void S_init(void)
{
    OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
    S_sha256 = EVP_MD_fetch(NULL, "SHA2-256", NULL);
}

static const EVP_MD *S_md(void)
{
    pthread_once(&S_once, S_init);
    return S_sha256;
}

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
    const EVP_MD *md_type = S_md();
    S_check(ctx && md_type && EVP_DigestInit_ex(ctx, md_type, NULL));
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
    const EVP_MD *md_type = S_md();
    S_check(md_type && EVP_Digest(data, len, md, &md_len, md_type, NULL) && md_len == 32);
    S_hex(md, hex);
}
