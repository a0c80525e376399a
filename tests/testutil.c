/* testutil.c — see testutil.h. */
#include "testutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zip.h>

#include "fsutil.h"
#include "hash.h"
#include "load.h"
#include "resources.h"
#include "util.h"

char *tu_src(const char *rel) { return ad_xasprintf("%s/%s", AD_SOURCE_DIR, rel); }

char *tu_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char *t = ad_xasprintf("%s/adtest.XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(t)) {
        perror("mkdtemp");
        abort();
    }
    return t;
}

void tu_rmrf(const char *path)
{
    if (!path || !*path || strcmp(path, "/") == 0)
        return;
    char *cmd = ad_xasprintf("rm -rf '%s'", path);
    int rc = system(cmd);
    (void)rc;
    free(cmd);
}

int tu_run(const char *cmd, char **out)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    ad_buf b = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        ad_buf_put(&b, chunk, n);
    int st = pclose(p);
    if (out)
        *out = ad_buf_take(&b);
    else
        ad_buf_free(&b);
    if (st == -1 || !WIFEXITED(st))
        return -1;
    return WEXITSTATUS(st);
}

int tu_runf(char **out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *cmd = ad_xvasprintf(fmt, ap);
    va_end(ap);
    int rc = tu_run(cmd, out);
    free(cmd);
    return rc;
}

char *tu_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    ad_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ad_buf_put(&b, chunk, n);
    fclose(f);
    if (len)
        *len = b.len;
    return ad_buf_take(&b);
}

long tu_pdf_notdef(const char *pdf)
{
    char *qdf = ad_xasprintf("%s.qdf", pdf);
    long n = -1;
    if (tu_runf(NULL, "qpdf --qdf --object-streams=disable '%s' '%s' 2>/dev/null", pdf, qdf) != 0) {
        free(qdf);
        return -1;
    }
    size_t len = 0;
    char *s = tu_read(qdf, &len);
    if (s) {
        n = 0;
        /* every "[...]TJ" array: its <hex> strings hold 4-digit CIDs */
        for (size_t i = 0; i + 3 < len; i++) {
            if (s[i] != ']' || s[i + 1] != 'T' || s[i + 2] != 'J')
                continue;
            size_t a = i;
            while (a > 0 && s[a] != '[' && s[a] != '\n')
                a--;
            bool in = false;
            int digits = 0;
            char cid[5] = {0};
            for (size_t k = a; k < i; k++) {
                if (s[k] == '<') {
                    in = true, digits = 0;
                } else if (s[k] == '>') {
                    in = false;
                } else if (in) {
                    cid[digits++] = s[k];
                    if (digits == 4) {
                        n += strcmp(cid, "0000") == 0;
                        digits = 0;
                    }
                }
            }
        }
        free(s);
    }
    unlink(qdf);
    free(qdf);
    return n;
}

bool tu_write(const char *path, const char *data)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    size_t n = strlen(data);
    bool ok = fwrite(data, 1, n, f) == n;
    return fclose(f) == 0 && ok;
}

bool tu_have(const char *tool)
{
    char *cmd = ad_xasprintf("command -v '%s' >/dev/null 2>&1", tool);
    int rc = system(cmd);
    free(cmd);
    return rc == 0;
}

size_t tu_count(const char *hay, const char *needle)
{
    size_t c = 0, k = strlen(needle);
    if (!hay || !k)
        return 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + k, needle))
        c++;
    return c;
}

int tu_main(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

char *tu_tree_hashes(const char *dir)
{
    size_t n;
    char **files = ad_walk_files(dir, &n);
    ad_buf b = {0};
    ad_buf_puts(&b, "");
    for (size_t i = 0; i < n; i++) {
        char *p = ad_xasprintf("%s/%s", dir, files[i]);
        char hex[65];
        ad_err e;
        if (ad_sha256_file(p, hex, NULL, &e) == AD_OK)
            ad_buf_printf(&b, "%s %s\n", files[i], hex);
        free(p);
    }
    ad_strv_free(files, n);
    return ad_buf_take(&b);
}

char *tu_zip_part(const char *zip, const char *name)
{
    int err = 0;
    zip_t *za = zip_open(zip, ZIP_RDONLY, &err);
    ck_assert_msg(za != NULL, "%s: not a zip", zip);
    char *data = NULL;
    zip_stat_t zs;
    if (zip_stat(za, name, 0, &zs) == 0) {
        zip_file_t *zf = zip_fopen(za, name, 0);
        ck_assert_ptr_nonnull(zf);
        data = ad_xmalloc(zs.size + 1);
        ck_assert_int_eq(zip_fread(zf, data, zs.size), (zip_int64_t)zs.size);
        data[zs.size] = '\0';
        zip_fclose(zf);
    }
    zip_discard(za);
    return data;
}

int tu_soffice_pdf(const char *docx, const char *outdir, const char *work, char **log)
{
    char *conf = ad_xasprintf("%s/fonts.conf", work);
    char *conf_text = ad_xasprintf(
        "<?xml version=\"1.0\"?><!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">"
        "<fontconfig><include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>"
        "<dir>%s/fonts</dir><cachedir>%s/fc</cachedir>"
        "<alias><family>BIZ UD明朝 Medium</family><prefer><family>BIZ UDMincho</family></prefer></alias>"
        "</fontconfig>",
        AD_SOURCE_DIR, work);
    ck_assert(tu_write(conf, conf_text));
    int rc = tu_runf(log,
                     "HOME='%s' FONTCONFIG_FILE='%s' timeout 600 soffice --headless --norestore "
                     "-env:UserInstallation=file://%s/lo-profile --convert-to pdf --outdir '%s' "
                     "'%s' 2>&1",
                     work, conf, work, outdir, docx);
    free(conf);
    free(conf_text);
    return rc;
}

static bool S_in(uint32_t c, const char *set)
{
    size_t n = strlen(set);
    for (size_t i = 0; i < n;) {
        uint32_t k;
        i += ad_utf8_decode(set + i, n - i, &k);
        if (k == c)
            return true;
    }
    return false;
}

bool tu_kinsoku_no_start(uint32_t c)
{
    return S_in(c, "、。，．）」』】〕〉》・ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵ？！");
}

bool tu_kinsoku_no_end(uint32_t c) { return S_in(c, "（「『【〔〈《"); }

void tu_kinsoku_line(void *ud, const char *text, size_t len, bool first, bool last)
{
    tu_kinsoku *s = ud;
    s->lines++;
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
        len--;
    if (len == 0)
        return;
    uint32_t head = 0, tail = 0;
    ad_utf8_decode(text, len, &head);
    size_t i = len - 1;
    while (i > 0 && ((unsigned char)text[i] & 0xC0) == 0x80)
        i--;
    ad_utf8_decode(text + i, len - i, &tail);
    if ((!first && tu_kinsoku_no_start(head)) || (!last && tu_kinsoku_no_end(tail))) {
        if (s->violations++ == 0)
            snprintf(s->first_bad, sizeof s->first_bad, "%.*s", (int)(len < 200 ? len : 200), text);
    }
}

void tu_lib_open(tu_lib *l, const char *input)
{
    ad_diags dg;
    ad_diags_init(&dg);
    l->audit = ad_load_file(input, &dg);
    ad_diags_free(&dg);
    ck_assert_msg(l->audit != NULL, "%s does not load", input);
    ad_err e = {0};
    char *tdir = ad_resource_dir("templates", NULL, &e);
    char *fdir = ad_resource_dir("fonts", NULL, &e);
    l->tpl = tdir ? ad_templates_load(tdir, &e) : NULL;
    l->fonts = fdir ? ad_fonts_load(fdir, &e) : NULL;
    free(tdir);
    free(fdir);
    ck_assert_msg(l->tpl && l->fonts, "%s", e.msg);
}

void tu_lib_close(tu_lib *l)
{
    ad_fonts_free(l->fonts);
    ad_templates_free(l->tpl);
    ad_audit_free(l->audit);
    l->fonts = NULL;
    l->tpl = NULL;
    l->audit = NULL;
}

char *tu_replace(char *s, const char *from, const char *to, bool all)
{
    ck_assert_msg(strstr(s, from) != NULL, "test bug: \"%s\" not in the input", from);
    ad_buf b = {0};
    ad_buf_puts(&b, "");
    size_t fl = strlen(from);
    for (const char *p = s, *q; *p; p = q + fl) {
        q = strstr(p, from);
        if (!q) {
            ad_buf_puts(&b, p);
            break;
        }
        ad_buf_put(&b, p, (size_t)(q - p));
        ad_buf_puts(&b, to);
        if (!all) {
            ad_buf_puts(&b, q + fl);
            break;
        }
    }
    free(s);
    return ad_buf_take(&b);
}
