/* manifest.c — manifest.json of a build folder (manifest.h). */
#include "manifest.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "fsutil.h"
#include "hash.h"
#include "util.h"
#include "wareki.h"

static int S_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int S_cmp_hash(const void *a, const void *b)
{
    return strcmp(((const ad_file_hash *)a)->path, ((const ad_file_hash *)b)->path);
}

static void S_json_str(ad_buf *b, const char *s)
{
    ad_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\') {
            ad_buf_putc(b, '\\');
            ad_buf_putc(b, (char)*p);
        } else if (*p < 0x20) {
            ad_buf_printf(b, "\\u%04x", *p);
        } else {
            ad_buf_putc(b, (char)*p);
        }
    }
    ad_buf_putc(b, '"');
}

ad_status ad_manifest_write(const char *dir, const ad_audit *a, const char *input,
                            const ad_file_hash *known, size_t n_known, bool replace,
                            ad_err *e)
{
    /* the input as it was read, not as it may be now */
    const char *in_hex = a->input_sha256;
    uint64_t in_size = a->input_size;
    ad_status st = AD_OK;
    const char *base = strrchr(input, '/');
    base = base ? base + 1 : input;

    ad_buf b = {0};
    ad_buf_puts(&b, "{\n  \"program\": \"auditdoc\",\n  \"version\": ");
    S_json_str(&b, AD_VERSION);
    ad_buf_puts(&b, ",\n  \"round\": {\n    \"organization\": ");
    S_json_str(&b, a->org.name);
    ad_buf_printf(&b, ",\n    \"fiscal_year\": %d,\n    \"term\": ", a->fiscal_year);
    S_json_str(&b, ad_term_id(a->term));
    char *fy = ad_wareki_fiscal_year(a->fiscal_year);
    char *label = ad_xasprintf("%s%s", fy ? fy : "", ad_term_name(a->term));
    ad_buf_puts(&b, ",\n    \"label\": ");
    S_json_str(&b, label);
    free(fy);
    free(label);
    ad_buf_printf(&b, ",\n    \"departments\": %zu\n  },\n", a->n_departments);
    time_t t = ad_round_time(a);
    struct tm tm;
    gmtime_r(&t, &tm);
    char when[32];
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    ad_buf_printf(&b, "  \"created\": \"%s\",\n  \"input\": {\"name\": ", when);
    S_json_str(&b, base);
    ad_buf_printf(&b, ", \"size\": %llu, \"sha256\": \"%s\"},\n  \"files\": [",
                  (unsigned long long)in_size, in_hex);
    size_t n;
    char **files = ad_walk_files(dir, &n);
    ad_file_hash *sorted = NULL;
    if (n_known) {
        sorted = ad_xcalloc(n_known, sizeof *sorted);
        memcpy(sorted, known, n_known * sizeof *sorted);
        qsort(sorted, n_known, sizeof *sorted, S_cmp_hash);
    }
    bool first = true;
    for (size_t i = 0; i < n && st == AD_OK; i++) {
        if (strcmp(files[i], "manifest.json") == 0)
            continue;
        char hex[65];
        uint64_t size = 0;
        ad_file_hash key = {.path = files[i]};
        const ad_file_hash *hit = n_known ? bsearch(&key, sorted, n_known, sizeof *sorted, S_cmp_hash) : NULL;
        if (hit) {
            memcpy(hex, hit->sha256, sizeof hex);
            size = hit->size;
        } else {
            char *full = ad_xasprintf("%s/%s", dir, files[i]);
            st = ad_sha256_file(full, hex, &size, e);
            free(full);
            if (st != AD_OK)
                break;
        }
        ad_buf_puts(&b, first ? "\n    {\"path\": " : ",\n    {\"path\": ");
        first = false;
        S_json_str(&b, files[i]);
        ad_buf_printf(&b, ", \"size\": %llu, \"sha256\": \"%s\"}", (unsigned long long)size, hex);
    }
    ad_strv_free(files, n);
    free(sorted);
    ad_buf_puts(&b, "\n  ]\n}\n");
    if (st == AD_OK) {
        char *path = ad_xasprintf("%s/manifest.json", dir);
        st = replace ? ad_write_atomic(path, b.s, b.len, e) : ad_write_file(path, b.s, b.len, e);
        free(path);
    }
    ad_buf_free(&b);
    return st;
}

/* ---- reading a manifest back --------------------------------------------------------
 * A small strict JSON reader, enough to find the top-level "program" and the
 * "path" of every entry of "files"; anything malformed is not a manifest. */
typedef struct {
    const char *p, *end;
    int depth;
} S_json;

static void S_ws(S_json *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
}

static bool S_eat(S_json *j, char c)
{
    S_ws(j);
    if (j->p < j->end && *j->p == c) {
        j->p++;
        return true;
    }
    return false;
}

static int S_hex4(const char *p)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        int c = (unsigned char)p[i], d = c >= '0' && c <= '9'   ? c - '0'
                                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                               : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* A string, unescaped into out (when not NULL). */
static bool S_str(S_json *j, ad_buf *out)
{
    if (!S_eat(j, '"'))
        return false;
    while (j->p < j->end && *j->p != '"') {
        char c = *j->p++;
        if ((unsigned char)c < 0x20)
            return false;
        if (c != '\\') {
            if (out)
                ad_buf_putc(out, c);
            continue;
        }
        if (j->p >= j->end)
            return false;
        c = *j->p++;
        const char *plain = strchr("\"\\/bfnrt", c);
        if (c && plain) {
            static const char to[] = "\"\\/\b\f\n\r\t";
            if (out)
                ad_buf_putc(out, to[plain - "\"\\/bfnrt"]);
            continue;
        }
        int u;
        if (c != 'u' || j->end - j->p < 4 || (u = S_hex4(j->p)) < 0)
            return false;
        j->p += 4;
        uint32_t cp = (uint32_t)u;
        if (cp >= 0xD800 && cp < 0xDC00 && j->end - j->p >= 6 && j->p[0] == '\\' && j->p[1] == 'u') {
            int lo = S_hex4(j->p + 2);
            if (lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (uint32_t)(lo - 0xDC00);
                j->p += 6;
            }
        }
        if (out)
            ad_utf8_put(out, cp);
    }
    if (j->p >= j->end)
        return false;
    j->p++;
    return true;
}

static bool S_value(S_json *j);

/* An object: member reads each member's value (S_value when NULL). */
typedef bool (*S_member_fn)(S_json *j, const char *key, void *arg);

static bool S_object(S_json *j, S_member_fn member, void *arg)
{
    if (!S_eat(j, '{'))
        return false;
    if (S_eat(j, '}'))
        return true;
    do {
        ad_buf k = {0};
        bool ok = S_str(j, &k) && S_eat(j, ':');
        if (ok)
            ok = member ? member(j, k.s ? k.s : "", arg) : S_value(j);
        ad_buf_free(&k);
        if (!ok)
            return false;
    } while (S_eat(j, ','));
    return S_eat(j, '}');
}

static bool S_value(S_json *j)
{
    S_ws(j);
    if (j->p >= j->end || ++j->depth > 64)
        return false;
    bool ok = true;
    if (*j->p == '"') {
        ok = S_str(j, NULL);
    } else if (*j->p == '{') {
        ok = S_object(j, NULL, NULL);
    } else if (*j->p == '[') {
        j->p++;
        if (!S_eat(j, ']')) {
            do
                ok = S_value(j);
            while (ok && S_eat(j, ','));
            ok = ok && S_eat(j, ']');
        }
    } else {
        const char *s = j->p; /* a number or a literal */
        while (j->p < j->end && *j->p && strchr("+-.0123456789eEtruefalsn", *j->p))
            j->p++;
        ok = j->p > s;
    }
    j->depth--;
    return ok;
}

typedef struct {
    bool ours;     /* "program": "auditdoc" */
    char **paths;  /* every "path" of "files" */
    size_t n, cap;
} S_listing;

static bool S_entry_member(S_json *j, const char *key, void *arg)
{
    if (strcmp(key, "path") != 0)
        return S_value(j);
    S_listing *l = arg;
    ad_buf b = {0};
    if (!S_str(j, &b)) {
        ad_buf_free(&b);
        return false;
    }
    AD_VEC_PUSH(l->paths, l->n, l->cap) = ad_buf_take(&b);
    return true;
}

static bool S_top_member(S_json *j, const char *key, void *arg)
{
    S_listing *l = arg;
    if (strcmp(key, "program") == 0) {
        ad_buf b = {0};
        bool ok = S_str(j, &b);
        l->ours = ok && b.s && strcmp(b.s, "auditdoc") == 0;
        ad_buf_free(&b);
        return ok;
    }
    if (strcmp(key, "files") != 0)
        return S_value(j);
    if (!S_eat(j, '['))
        return false;
    if (S_eat(j, ']'))
        return true;
    do
        if (!S_object(j, S_entry_member, l))
            return false;
    while (S_eat(j, ','));
    return S_eat(j, ']');
}

char **ad_manifest_unlisted(const char *dir, size_t *n)
{
    *n = 0;
    char *mpath = ad_xasprintf("%s/manifest.json", dir), *text = NULL;
    size_t len = 0;
    ad_err e;
    bool read = ad_read_file(mpath, 16u << 20, &text, &len, &e) == AD_OK;
    free(mpath);
    S_listing l = {0};
    S_json j = {text, text + len, 0};
    bool ok = read && S_object(&j, S_top_member, &l) && l.ours;
    S_ws(&j);
    ok = ok && j.p == j.end;
    free(text);
    char **extra = NULL;
    if (ok) {
        if (l.n)
            qsort(l.paths, l.n, sizeof *l.paths, S_cmp);
        size_t nf, cap = 0;
        char **files = ad_walk_files_all(dir, &nf);
        for (size_t i = 0; i < nf; i++) {
            if (strcmp(files[i], "manifest.json") == 0 ||
                (l.n && bsearch(&files[i], l.paths, l.n, sizeof *l.paths, S_cmp)))
                continue;
            AD_VEC_PUSH(extra, *n, cap) = ad_xstrdup(files[i]);
        }
        ad_strv_free(files, nf);
        if (!extra)
            extra = ad_xcalloc(1, sizeof *extra);
    }
    ad_strv_free(l.paths, l.n);
    return extra;
}
