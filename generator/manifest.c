/* manifest.c — manifest.json of a build folder (manifest.h). */
#include "manifest.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compose.h"
#include "fsutil.h"
#include "hash.h"
#include "util.h"
#include "wareki.h"

static void S_walk(const char *root, const char *rel, char ***v, size_t *n, size_t *cap,
                   bool hidden)
{
    char *dir = rel[0] ? ad_xasprintf("%s/%s", root, rel) : ad_xstrdup(root);
    size_t k;
    char **names = ad_list_dir(dir, &k);
    for (size_t i = 0; names && i < k; i++) {
        if (names[i][0] == '.' && !hidden)
            continue;
        char *r = rel[0] ? ad_xasprintf("%s/%s", rel, names[i]) : ad_xstrdup(names[i]);
        char *full = ad_xasprintf("%s/%s", root, r);
        struct stat st;
        if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
            S_walk(root, r, v, n, cap, hidden);
            free(r);
        } else if (lstat(full, &st) == 0 && S_ISREG(st.st_mode)) {
            AD_VEC_PUSH(*v, *n, *cap) = r;
        } else {
            free(r);
        }
        free(full);
    }
    ad_strv_free(names, k);
    free(dir);
}

static int S_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static char **S_walk_files(const char *dir, size_t *n, bool hidden)
{
    char **v = NULL;
    size_t cap = 0;
    *n = 0;
    S_walk(dir, "", &v, n, &cap, hidden);
    if (*n)
        qsort(v, *n, sizeof *v, S_cmp);
    if (!v)
        v = ad_xcalloc(1, sizeof *v);
    return v;
}

char **ad_walk_files(const char *dir, size_t *n) { return S_walk_files(dir, n, false); }
char **ad_walk_files_all(const char *dir, size_t *n) { return S_walk_files(dir, n, true); }

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
