/* util.c — aborting allocators, growable arrays and buffers, UTF-8 helpers. */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *S_oom(void)
{
    fputs("auditdoc: out of memory\n", stderr);
    abort();
}

void *ad_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    return p ? p : S_oom();
}

void *ad_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    return p ? p : S_oom();
}

void *ad_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    return q ? q : S_oom();
}

char *ad_xstrdup(const char *s)
{
    return s ? ad_xstrndup(s, strlen(s)) : NULL;
}

char *ad_xstrndup(const char *s, size_t n)
{
    char *p = ad_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *ad_xvasprintf(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    char *p = ad_xmalloc((size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *ad_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = ad_xvasprintf(fmt, ap);
    va_end(ap);
    return p;
}

void ad_grow(void **v, size_t *cap, size_t need, size_t elem)
{
    ad_grow_from(v, cap, need, elem, 4);
}

void ad_grow_from(void **v, size_t *cap, size_t need, size_t elem, size_t first)
{
    if (need <= *cap)
        return;
    size_t nc = *cap ? *cap : first > 0 ? first : 1;
    while (nc < need)
        nc *= 2;
    *v = ad_xrealloc(*v, nc * elem);
    memset((char *)*v + *cap * elem, 0, (nc - *cap) * elem);
    *cap = nc;
}

static void S_buf_reserve(ad_buf *b, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 64;
        while (nc < b->len + n + 1)
            nc *= 2;
        b->s = ad_xrealloc(b->s, nc);
        b->cap = nc;
    }
}

void ad_buf_put(ad_buf *b, const char *s, size_t n)
{
    S_buf_reserve(b, n);
    if (n)
        memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

char *ad_buf_extend(ad_buf *b, size_t n)
{
    S_buf_reserve(b, n);
    char *at = b->s + b->len;
    b->len += n;
    b->s[b->len] = '\0';
    return at;
}

void ad_buf_puts(ad_buf *b, const char *s) { ad_buf_put(b, s, strlen(s)); }
void ad_buf_putc(ad_buf *b, char c) { ad_buf_put(b, &c, 1); }

void ad_buf_printf(ad_buf *b, const char *fmt, ...)
{
    /* formatted straight into the buffer's spare room (grown once if short) */
    for (int pass = 0; pass < 2; pass++) {
        size_t room = b->cap > b->len ? b->cap - b->len : 0;
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(room ? b->s + b->len : NULL, room, fmt, ap);
        va_end(ap);
        if (n < 0) {
            if (b->s)
                b->s[b->len] = '\0';
            return;
        }
        if ((size_t)n < room) {
            b->len += (size_t)n;
            return;
        }
        S_buf_reserve(b, (size_t)n); /* room for n + NUL: the second pass fits */
        b->s[b->len] = '\0';
    }
}

char *ad_buf_take(ad_buf *b)
{
    char *s = b->s ? b->s : ad_xstrdup("");
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}

void ad_buf_free(ad_buf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

size_t ad_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n == 0) {
        *cp = 0xFFFD;
        return 1;
    }
    unsigned c = u[0];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (n < len) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (u[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return len;
}

void ad_utf8_put(ad_buf *b, uint32_t cp)
{
    char t[4];
    size_t n;
    if (cp < 0x80) {
        t[0] = (char)cp, n = 1;
    } else if (cp < 0x800) {
        t[0] = (char)(0xC0 | (cp >> 6));
        t[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        t[0] = (char)(0xE0 | (cp >> 12));
        t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        t[0] = (char)(0xF0 | (cp >> 18));
        t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    ad_buf_put(b, t, n);
}

bool ad_utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = ad_utf8_decode(s + i, n - i, &cp);
        if (cp == 0xFFFD && !(k == 3 && (unsigned char)s[i] == 0xEF))
            return false;
        i += k;
    }
    return true;
}

size_t ad_utf8_len(const char *s)
{
    size_t n = strlen(s), i = 0, count = 0;
    while (i < n) {
        uint32_t cp;
        i += ad_utf8_decode(s + i, n - i, &cp);
        count++;
    }
    return count;
}

/* Whether code point cp (k bytes at its first byte c) may stand in XML. */
static bool S_xml_char(unsigned char c, uint32_t cp, size_t k)
{
    if (c < 0x80)
        return c >= 0x20 || c == 0x9 || c == 0xA || c == 0xD;
    if (cp == 0xFFFD && k == 1)
        return false; /* an invalid byte, not a real U+FFFD */
    return (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
           (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* The first character at or after i that may not stand in XML (n when
 * none), its length in *k. */
static size_t S_xml_bad(const char *s, size_t n, size_t i, size_t *k)
{
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x80) {
            i++;
            continue;
        }
        uint32_t cp = c;
        *k = c < 0x80 ? 1 : ad_utf8_decode(s + i, n - i, &cp);
        if (!S_xml_char(c, cp, *k))
            return i;
        i += *k;
    }
    return n;
}

char *ad_xml_clean(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s), k = 0;
    size_t bad = S_xml_bad(s, n, 0, &k);
    if (bad == n) { /* most texts are clean: copied whole, at their own size */
        char *copy = ad_xmalloc(n + 1);
        memcpy(copy, s, n + 1);
        return copy;
    }
    /* valid stretches are copied whole; only a forbidden or invalid
     * character is replaced */
    ad_buf b = {0};
    size_t run = 0;
    while (bad < n) {
        ad_buf_put(&b, s + run, bad - run);
        ad_utf8_put(&b, 0xFFFD);
        run = bad + k;
        bad = S_xml_bad(s, n, run, &k);
    }
    ad_buf_put(&b, s + run, n - run);
    char *out = ad_buf_take(&b);
    return ad_xrealloc(out, strlen(out) + 1); /* at its own size, as above */
}
