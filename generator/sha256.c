/* sha256.c — SHA-256 (FIPS 180-4) of files and buffers, as lower-case hex.
 *
 * The manifest and the archive hash every output, so this is on the build's
 * critical path: x86-64 processors with the SHA extensions (most since 2017)
 * run the compression function in hardware, about twenty times faster than
 * portable C; other processors use the portable code below.  Both are
 * checked against the FIPS test vectors in test_util. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#define S_HAVE_SHANI 1
#endif

static const uint32_t S_K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

typedef struct {
    uint32_t h[8];
    unsigned char buf[64];
    size_t n;       /* bytes in buf */
    uint64_t total; /* bytes hashed */
} S_ctx;

#define S_ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void S_blocks_c(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
    for (; nblocks--; p += 64) {
        uint32_t w[64];
        for (int i = 0; i < 16; i++)
            w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
                   (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
        for (int i = 16; i < 64; i++) {
            uint32_t s0 = S_ROR(w[i - 15], 7) ^ S_ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
            uint32_t s1 = S_ROR(w[i - 2], 17) ^ S_ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
        for (int i = 0; i < 64; i++) {
            uint32_t t1 = k + (S_ROR(e, 6) ^ S_ROR(e, 11) ^ S_ROR(e, 25)) + ((e & f) ^ (~e & g)) +
                          S_K[i] + w[i];
            uint32_t t2 = (S_ROR(a, 2) ^ S_ROR(a, 13) ^ S_ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            k = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += k;
    }
}

#ifdef S_HAVE_SHANI
/* The SHA extensions: four rounds per pair of sha256rnds2, the message
 * schedule with sha256msg1/msg2 (Intel's published arrangement). */
__attribute__((target("sha,sse4.1"))) static void S_blocks_ni(uint32_t h[8],
                                                              const unsigned char *p,
                                                              size_t nblocks)
{
    const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i tmp = _mm_loadu_si128((const __m128i *)&h[0]);
    __m128i st1 = _mm_loadu_si128((const __m128i *)&h[4]);
    tmp = _mm_shuffle_epi32(tmp, 0xB1);        /* CDAB */
    st1 = _mm_shuffle_epi32(st1, 0x1B);        /* EFGH */
    __m128i st0 = _mm_alignr_epi8(tmp, st1, 8); /* ABEF */
    st1 = _mm_blend_epi16(st1, tmp, 0xF0);     /* CDGH */
    for (; nblocks--; p += 64) {
        __m128i save0 = st0, save1 = st1;
        __m128i m[4];
        for (int g = 0; g < 16; g++) {
            if (g < 4)
                m[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * g)), mask);
            __m128i msg = _mm_add_epi32(m[g & 3], _mm_loadu_si128((const __m128i *)&S_K[4 * g]));
            st1 = _mm_sha256rnds2_epu32(st1, st0, msg);
            if (g >= 3 && g < 15) {
                __m128i t = _mm_alignr_epi8(m[g & 3], m[(g - 1) & 3], 4);
                m[(g + 1) & 3] = _mm_add_epi32(m[(g + 1) & 3], t);
                m[(g + 1) & 3] = _mm_sha256msg2_epu32(m[(g + 1) & 3], m[g & 3]);
            }
            msg = _mm_shuffle_epi32(msg, 0x0E);
            st0 = _mm_sha256rnds2_epu32(st0, st1, msg);
            if (g >= 1 && g < 13)
                m[(g - 1) & 3] = _mm_sha256msg1_epu32(m[(g - 1) & 3], m[g & 3]);
        }
        st0 = _mm_add_epi32(st0, save0);
        st1 = _mm_add_epi32(st1, save1);
    }
    tmp = _mm_shuffle_epi32(st0, 0x1B);        /* FEBA */
    st1 = _mm_shuffle_epi32(st1, 0xB1);        /* DCHG */
    st0 = _mm_blend_epi16(tmp, st1, 0xF0);     /* DCBA */
    st1 = _mm_alignr_epi8(st1, tmp, 8);        /* ABEF */
    _mm_storeu_si128((__m128i *)&h[0], st0);
    _mm_storeu_si128((__m128i *)&h[4], st1);
}
#endif

static void (*S_blocks)(uint32_t h[8], const unsigned char *p, size_t nblocks);

static void S_pick(void)
{
    if (S_blocks)
        return;
    S_blocks = S_blocks_c;
#ifdef S_HAVE_SHANI
    unsigned a, b, c, d;
    /* CPUID: leaf 1 ECX bit 19 = SSE4.1 (bit 9 SSSE3), leaf 7 EBX bit 29 = SHA */
    if (__get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 19)) && (c & (1u << 9)) &&
        __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29)))
        S_blocks = S_blocks_ni;
#endif
}

bool ad_sha256_portable(bool on)
{
    S_blocks = NULL;
    S_pick();
    bool hw = S_blocks != S_blocks_c;
    if (on)
        S_blocks = S_blocks_c;
    return hw;
}

static void S_init(S_ctx *c)
{
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    S_pick();
    memcpy(c->h, iv, sizeof iv);
    c->n = 0;
    c->total = 0;
}

static void S_update(S_ctx *c, const unsigned char *p, size_t len)
{
    c->total += len;
    if (c->n) {
        size_t k = 64 - c->n < len ? 64 - c->n : len;
        memcpy(c->buf + c->n, p, k);
        c->n += k;
        p += k;
        len -= k;
        if (c->n < 64)
            return;
        S_blocks(c->h, c->buf, 1);
        c->n = 0;
    }
    if (len >= 64) {
        S_blocks(c->h, p, len / 64);
        p += len / 64 * 64;
        len %= 64;
    }
    memcpy(c->buf, p, len);
    c->n = len;
}

static void S_final(S_ctx *c, char hex[65])
{
    uint64_t bits = c->total * 8;
    unsigned char pad[72] = {0x80};
    size_t padlen = (c->n < 56 ? 56 : 120) - c->n;
    for (int i = 0; i < 8; i++)
        pad[padlen + (size_t)i] = (unsigned char)(bits >> (56 - 8 * i));
    uint64_t keep = c->total;
    S_update(c, pad, padlen + 8);
    c->total = keep;
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 8; i++)
        for (int b = 0; b < 4; b++) {
            unsigned v = (c->h[i] >> (24 - 8 * b)) & 0xFF;
            hex[8 * i + 2 * b] = digits[v >> 4];
            hex[8 * i + 2 * b + 1] = digits[v & 15];
        }
    hex[64] = '\0';
}

ad_status ad_sha256_file(const char *path, char hex[65], uint64_t *size, ad_err *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ad_fail(e, AD_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
    S_ctx c;
    S_init(&c);
    unsigned char buf[1 << 16];
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
        S_update(&c, buf, (size_t)n);
    }
    close(fd);
    uint64_t total = c.total;
    S_final(&c, hex);
    if (size)
        *size = total;
    return AD_OK;
}

void ad_sha256_buf(const void *data, size_t len, char hex[65])
{
    S_ctx c;
    S_init(&c);
    S_update(&c, data, len);
    S_final(&c, hex);
}
