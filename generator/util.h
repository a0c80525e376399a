/* util.h — small shared helpers: aborting allocators, growable arrays and
 * string buffers, UTF-8 helpers.
 *
 * OOM policy: auditdoc is a command-line program; running out of memory is
 * not recoverable in any useful way, so ad_xmalloc() and friends print a
 * message and abort().  Every other failure is returned as a status. */
#ifndef AD_UTIL_H
#define AD_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void *ad_xmalloc(size_t n);
void *ad_xcalloc(size_t n, size_t size);
void *ad_xrealloc(void *p, size_t n);
/* Returns a newly allocated copy; ad_xstrdup(NULL) returns NULL. */
char *ad_xstrdup(const char *s);
char *ad_xstrndup(const char *s, size_t n);
/* Returns a newly allocated string built like printf; the caller frees it. */
char *ad_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *ad_xvasprintf(const char *fmt, va_list ap);

/* Grow *v (an array of elem-sized items, *cap entries) so that it can hold
 * need entries.  Usage: AD_VEC_PUSH(arr, n, cap) = value; */
void ad_grow(void **v, size_t *cap, size_t need, size_t elem);
/* ad_grow whose first allocation holds `first` entries (ad_grow's: 4). */
void ad_grow_from(void **v, size_t *cap, size_t need, size_t elem, size_t first);
#define AD_VEC_PUSH(arr, n, cap)                                             \
    (*(ad_grow((void **)&(arr), &(cap), (n) + 1, sizeof *(arr)), &(arr)[(n)++]))
/* AD_VEC_PUSH for vectors that mostly hold one entry (a paragraph's runs):
 * room for one first, then doubling. */
#define AD_VEC_PUSH_SMALL(arr, n, cap)                                       \
    (*(ad_grow_from((void **)&(arr), &(cap), (n) + 1, sizeof *(arr), 1), &(arr)[(n)++]))

/* A growable NUL-terminated byte buffer. */
typedef struct {
    char *s;    /* always NUL-terminated once anything was appended */
    size_t len;
    size_t cap;
} ad_buf;

void ad_buf_put(ad_buf *b, const char *s, size_t n);
/* Room for n more bytes, written by the caller at the pointer returned (the
 * length already counts them; the NUL after them is written). */
char *ad_buf_extend(ad_buf *b, size_t n);
void ad_buf_puts(ad_buf *b, const char *s);
void ad_buf_putc(ad_buf *b, char c);
/* Formats straight into b: no argument may point into b's own text. */
void ad_buf_printf(ad_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the buffer's string (never NULL) and resets b; the caller frees it. */
char *ad_buf_take(ad_buf *b);
void ad_buf_free(ad_buf *b);

/* UTF-8: decode one code point at s (at most n bytes).  Returns the number of
 * bytes consumed (>= 1) and stores the code point, or U+FFFD for an invalid
 * sequence (consuming one byte). */
size_t ad_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Appends the UTF-8 encoding of cp. */
void ad_utf8_put(ad_buf *b, uint32_t cp);
/* True when s is valid UTF-8 for its whole length. */
bool ad_utf8_valid(const char *s, size_t n);
/* Number of code points in s (invalid bytes count one each). */
size_t ad_utf8_len(const char *s);

/* Returns a newly allocated copy of s that is safe in any XML 1.0 text or
 * attribute: invalid UTF-8 and code points XML forbids (C0 controls other
 * than TAB LF CR, U+FFFE, U+FFFF, lone surrogates) become U+FFFD. */
char *ad_xml_clean(const char *s);

#endif
