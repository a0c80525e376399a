/* pdf_obj.c — the PDF object layer (pdf_int.h): values written with their
 * separators, escapes and locale-proof numbers into a buffer, and the file
 * they go to: numbered objects, streams (deflated with libdeflate), the
 * cross-reference table and the trailer.
 *
 * Deterministic by construction: numbers never go through printf's %f or
 * %g, objects are numbered in the order they are allocated, and the file
 * identifier is a hash of the bytes written. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libdeflate.h>

#include "pdf_int.h"

/* libdeflate's fastest level: font subsets (most of a file) shrink to 72 %
 * of their size at level 1 and to 69 % at level 6, which takes twice as long. */
#define S_DEFLATE_LEVEL 1

/* ---- values ------------------------------------------------------------------ */

void ad_pdfv_reset(ad_pdfv *v)
{
    v->b.len = 0;
    if (v->b.s)
        v->b.s[0] = 0;
    v->depth = 0;
}

void ad_pdfv_free(ad_pdfv *v)
{
    ad_buf_free(&v->b);
    v->depth = 0;
}

/* The separator before the next token of the innermost container. */
static void S_sep(ad_pdfv *v)
{
    if (v->depth == 0)
        return;
    int d = v->depth - 1;
    if (v->open[d] != 'a' || !v->first[d])
        ad_buf_putc(&v->b, ' ');
    v->first[d] = false;
}

static void S_open(ad_pdfv *v, char kind, const char *tok)
{
    S_sep(v);
    ad_buf_puts(&v->b, tok);
    if (v->depth == AD_PDFV_DEPTH)
        abort(); /* a programming error: the writers nest at most four deep */
    v->open[v->depth] = kind;
    v->first[v->depth] = true;
    v->depth++;
}

void ad_pdfv_dict(ad_pdfv *v) { S_open(v, 'd', "<<"); }
void ad_pdfv_array(ad_pdfv *v) { S_open(v, 'a', "["); }

void ad_pdfv_dict_of(ad_pdfv *v, const char *type, const char *subtype)
{
    ad_pdfv_dict(v);
    ad_pdfv_key(v, "Type");
    ad_pdfv_name(v, type);
    if (subtype) {
        ad_pdfv_key(v, "Subtype");
        ad_pdfv_name(v, subtype);
    }
}
void ad_pdfv_array_spaced(ad_pdfv *v) { S_open(v, 's', "["); }

void ad_pdfv_end(ad_pdfv *v)
{
    if (v->depth == 0)
        return;
    char kind = v->open[--v->depth];
    ad_buf_puts(&v->b, kind == 'd' ? " >>" : kind == 's' ? " ]" : "]");
}

/* The bytes a name holds as they are: 0x21-0x7E but the delimiters and #. */
static const bool S_regular[256] = {
#define R4(c) [c] = 1, [c + 1] = 1, [c + 2] = 1, [c + 3] = 1
    [0x21] = 1, [0x22] = 1, [0x24] = 1, [0x26] = 1, [0x27] = 1, R4(0x2A), [0x2E] = 1,
    R4(0x30), R4(0x34), R4(0x38), [0x3D] = 1, [0x3F] = 1, R4(0x40), R4(0x44), R4(0x48),
    R4(0x4C), R4(0x50), R4(0x54), [0x58] = 1, [0x59] = 1, [0x5A] = 1, [0x5C] = 1,
    [0x5E] = 1, [0x5F] = 1, R4(0x60), R4(0x64), R4(0x68), R4(0x6C), R4(0x70), R4(0x74),
    [0x78] = 1, [0x79] = 1, [0x7A] = 1, [0x7C] = 1, [0x7E] = 1,
#undef R4
};

void ad_pdfv_name(ad_pdfv *v, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    S_sep(v);
    size_t plain = 0; /* most names are plain: one copy */
    while (S_regular[(unsigned char)s[plain]])
        plain++;
    if (!s[plain]) {
        char *o = ad_buf_extend(&v->b, plain + 1);
        o[0] = '/';
        memcpy(o + 1, s, plain);
        return;
    }
    ad_buf_putc(&v->b, '/');
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = 0; /* a stretch of regular characters goes as it is */
        while (S_regular[p[n]])
            n++;
        ad_buf_put(&v->b, (const char *)p, n);
        p += n;
        if (*p) {
            char e[3] = {'#', hex[*p >> 4], hex[*p & 15]};
            ad_buf_put(&v->b, e, 3);
            p++;
        }
    }
}

void ad_pdfv_key(ad_pdfv *v, const char *key) { ad_pdfv_name(v, key); }

/* n in decimal, without printf (a file holds thousands). */
static void S_int(ad_buf *b, long long n)
{
    char tmp[24];
    int i = (int)sizeof tmp;
    unsigned long long u = n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n;
    do {
        tmp[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (n < 0)
        tmp[--i] = '-';
    ad_buf_put(b, tmp + i, sizeof tmp - (size_t)i);
}

void ad_pdfv_int(ad_pdfv *v, long long n)
{
    S_sep(v);
    S_int(&v->b, n);
}

void ad_pdfv_num(ad_pdfv *v, double x)
{
    S_sep(v);
    ad_pdf_num(&v->b, x);
}

void ad_pdfv_bool(ad_pdfv *v, bool on)
{
    S_sep(v);
    ad_buf_puts(&v->b, on ? "true" : "false");
}

void ad_pdfv_ref(ad_pdfv *v, ad_pdf_ref r)
{
    S_sep(v);
    S_int(&v->b, r.num);
    ad_buf_put(&v->b, " 0 R", 4);
}

void ad_pdfv_string(ad_pdfv *v, const void *p, size_t n)
{
    S_sep(v);
    const unsigned char *s = p;
    ad_buf_putc(&v->b, '(');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '(' || s[i] == ')' || s[i] == '\\') {
            ad_buf_putc(&v->b, '\\');
            ad_buf_putc(&v->b, (char)s[i]);
        } else if (s[i] < 0x20 || s[i] > 0x7E) {
            ad_buf_printf(&v->b, "\\%03o", s[i]);
        } else {
            ad_buf_putc(&v->b, (char)s[i]);
        }
    }
    ad_buf_putc(&v->b, ')');
}

void ad_pdfv_hex(ad_pdfv *v, const void *p, size_t n)
{
    S_sep(v);
    ad_buf_putc(&v->b, '<');
    ad_pdf_hex(&v->b, p, n);
    ad_buf_putc(&v->b, '>');
}

bool ad_pdf_text_bytes(ad_buf *b, const char *s)
{
    bool ascii = true;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7E)
            ascii = false;
    if (ascii) {
        ad_buf_puts(b, s);
    } else {
        ad_buf_put(b, "\xFE\xFF", 2);
        ad_pdf_utf16be(b, s);
    }
    return ascii;
}

void ad_pdfv_text(ad_pdfv *v, const char *utf8)
{
    ad_buf k = {0};
    if (ad_pdf_text_bytes(&k, utf8))
        ad_pdfv_string(v, k.s, k.len);
    else
        ad_pdfv_hex(v, k.s, k.len);
    ad_buf_free(&k);
}

void ad_pdfv_date(ad_pdfv *v, long long when)
{
    time_t t = (time_t)when;
    struct tm tm;
    char s[40];
    if (!gmtime_r(&t, &tm) || strftime(s, sizeof s, "D:%Y%m%d%H%M%SZ", &tm) == 0)
        strcpy(s, "D:19700101000000Z");
    ad_pdfv_string(v, s, strlen(s));
}

void ad_pdfv_value(ad_pdfv *v, const ad_pdfv *other)
{
    S_sep(v);
    ad_buf_put(&v->b, other->b.s ? other->b.s : "", other->b.len);
}

void ad_pdf_utf16be(ad_buf *b, const char *s)
{
    size_t len = strlen(s);
    /* at most two bytes of UTF-16 for each byte of UTF-8 */
    size_t start = b->len;
    unsigned char *o = (unsigned char *)ad_buf_extend(b, 2 * len), *o0 = o;
    while (len) {
        uint32_t cp;
        size_t k = ad_utf8_decode(s, len, &cp);
        s += k;
        len -= k;
        if (cp > 0xFFFF) {
            cp -= 0x10000;
            unsigned hi = 0xD800 + (cp >> 10), lo = 0xDC00 + (cp & 0x3FF);
            *o++ = (unsigned char)(hi >> 8), *o++ = (unsigned char)(hi & 0xFF);
            *o++ = (unsigned char)(lo >> 8), *o++ = (unsigned char)(lo & 0xFF);
        } else {
            *o++ = (unsigned char)(cp >> 8), *o++ = (unsigned char)(cp & 0xFF);
        }
    }
    b->len = start + (size_t)(o - o0);
    b->s[b->len] = '\0';
}

void ad_pdf_hex(ad_buf *b, const void *p, size_t n)
{
    static const char digits[] = "0123456789ABCDEF";
    const unsigned char *q = p;
    char *o = ad_buf_extend(b, 2 * n);
    for (size_t i = 0; i < n; i++) {
        *o++ = digits[q[i] >> 4];
        *o++ = digits[q[i] & 15];
    }
}

void ad_pdf_num(ad_buf *b, double v)
{
    if (isnan(v))
        v = 0;
    else if (v > 1e12)
        v = 1e12;
    else if (v < -1e12)
        v = -1e12;
    long long m = llround(v * 1000.0);
    char tmp[32];
    int n = 0;
    bool neg = m < 0;
    unsigned long long u = neg ? 0ull - (unsigned long long)m : (unsigned long long)m;
    unsigned frac = (unsigned)(u % 1000);
    u /= 1000;
    if (frac) {
        int digits = 3;
        while (frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        for (int i = 0; i < digits; i++) {
            tmp[n++] = (char)('0' + frac % 10);
            frac /= 10;
        }
        tmp[n++] = '.';
    }
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (neg)
        tmp[n++] = '-';
    char out[32];
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    ad_buf_put(b, out, (size_t)n);
}

/* ---- the file ------------------------------------------------------------------ */

/* Bytes go to out through a buffer of S_WBUF: a tagged file is thousands of
 * small objects, and each fwrite and checksum call has its cost. */
#define S_WBUF (64u << 10)

static void S_out(ad_pdf_file *f, const void *p, size_t n)
{
    if (f->err || n == 0)
        return;
    f->id[0] = libdeflate_crc32(f->id[0], p, n);
    f->id[1] = libdeflate_adler32(f->id[1], p, n);
    if (fwrite(p, 1, n, f->out) != n)
        f->err = errno ? errno : EIO;
}

static void S_flush(ad_pdf_file *f)
{
    S_out(f, f->wb, f->wlen);
    f->wlen = 0;
}

static void S_write(ad_pdf_file *f, const void *p, size_t n)
{
    if (f->err || n == 0)
        return;
    f->off += (long long)n;
    if (n >= S_WBUF / 2) { /* a font or a page: straight through, after the rest */
        S_flush(f);
        S_out(f, p, n);
        return;
    }
    if (f->wlen + n > S_WBUF)
        S_flush(f);
    memcpy(f->wb + f->wlen, p, n);
    f->wlen += n;
}

static void S_puts(ad_pdf_file *f, const char *s) { S_write(f, s, strlen(s)); }

void ad_pdf_file_init(ad_pdf_file *f, FILE *out)
{
    memset(f, 0, sizeof *f);
    f->out = out;
    f->id[1] = 1;
    f->z = libdeflate_alloc_compressor(S_DEFLATE_LEVEL);
    f->wb = ad_xmalloc(S_WBUF);
    S_puts(f, "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
}

void ad_pdf_file_dispose(ad_pdf_file *f)
{
    free(f->xref);
    free(f->wb);
    ad_buf_free(&f->tmp);
    if (f->z)
        libdeflate_free_compressor(f->z);
    memset(f, 0, sizeof *f);
}

ad_pdf_ref ad_pdf_alloc(ad_pdf_file *f)
{
    AD_VEC_PUSH(f->xref, f->n_obj, f->cap_obj) = 0;
    return (ad_pdf_ref){(int)f->n_obj}; /* object numbers start at 1 */
}

static void S_begin_obj(ad_pdf_file *f, ad_pdf_ref r)
{
    if (r.num < 1 || (size_t)r.num > f->n_obj)
        abort(); /* a programming error: never allocated */
    f->xref[r.num - 1] = f->off;
    ad_buf *h = &f->tmp; /* without printf: a tagged file has thousands of objects */
    h->len = 0;
    S_int(h, r.num);
    ad_buf_put(h, " 0 obj\n", 7);
    S_write(f, h->s, h->len);
}

void ad_pdf_obj(ad_pdf_file *f, ad_pdf_ref r, ad_pdfv *v)
{
    while (v->depth)
        ad_pdfv_end(v);
    S_begin_obj(f, r);
    S_write(f, v->b.s, v->b.len);
    S_puts(f, "\nendobj\n");
    ad_pdfv_reset(v);
}

void ad_pdf_stream(ad_pdf_file *f, ad_pdf_ref r, ad_pdfv *v, const void *data, size_t len,
                   bool compress)
{
    unsigned char *z = NULL;
    size_t zlen = 0;
    if (compress && f->z) {
        size_t cap = libdeflate_zlib_compress_bound(f->z, len);
        z = ad_xmalloc(cap);
        zlen = libdeflate_zlib_compress(f->z, data, len, z, cap);
        if (zlen == 0) {
            free(z);
            z = NULL;
        }
    }
    if (v->depth == 0)
        ad_pdfv_dict(v);
    if (z) {
        ad_pdfv_key(v, "Filter");
        ad_pdfv_name(v, "FlateDecode");
    }
    ad_pdfv_key(v, "Length");
    ad_pdfv_int(v, (long long)(z ? zlen : len));
    while (v->depth)
        ad_pdfv_end(v);
    S_begin_obj(f, r);
    S_write(f, v->b.s, v->b.len);
    S_puts(f, "\nstream\n");
    S_write(f, z ? (const void *)z : data, z ? zlen : len);
    S_puts(f, "\nendstream\nendobj\n");
    free(z);
    ad_pdfv_reset(v);
}

void ad_pdf_xref(ad_pdf_file *f, ad_pdf_ref root, ad_pdf_ref info)
{
    long long xref = f->off;
    ad_buf *b = &f->tmp;
    b->len = 0;
    ad_buf_printf(b, "xref\n0 %zu\n0000000000 65535 f \n", f->n_obj + 1);
    for (size_t i = 0; i < f->n_obj; i++) { /* "%010lld 00000 n \n", without printf */
        char e[20];
        long long off = f->xref[i] < 0 ? 0 : f->xref[i];
        for (int k = 9; k >= 0; k--, off /= 10)
            e[k] = (char)('0' + off % 10);
        memcpy(e + 10, " 00000 n \n", 10);
        ad_buf_put(b, e, 20);
    }
    ad_buf_puts(b, "trailer\n");
    S_flush(f); /* the identifier hashes every byte before the table */
    /* the identifier: both hashes and the table's offset, as bytes */
    unsigned char id[16];
    for (int i = 0; i < 4; i++) {
        id[i] = (unsigned char)(f->id[0] >> (24 - 8 * i));
        id[4 + i] = (unsigned char)(f->id[1] >> (24 - 8 * i));
    }
    for (int i = 0; i < 8; i++)
        id[8 + i] = (unsigned char)((unsigned long long)xref >> (56 - 8 * i));
    ad_pdfv v = {0};
    ad_pdfv_dict(&v);
    ad_pdfv_key(&v, "Size");
    ad_pdfv_int(&v, (long long)f->n_obj + 1);
    ad_pdfv_key(&v, "Root");
    ad_pdfv_ref(&v, root);
    ad_pdfv_key(&v, "Info");
    ad_pdfv_ref(&v, info);
    ad_pdfv_key(&v, "ID");
    ad_pdfv_array(&v);
    ad_pdfv_hex(&v, id, sizeof id);
    ad_pdfv_hex(&v, id, sizeof id);
    ad_pdfv_end(&v);
    ad_pdfv_end(&v);
    ad_buf_put(b, v.b.s, v.b.len);
    ad_pdfv_free(&v);
    ad_buf_printf(b, "\nstartxref\n%lld\n%%%%EOF\n", xref);
    S_write(f, b->s, b->len);
    S_flush(f);
    b->len = 0;
}
