/* test_build.c — `auditdoc build` end to end on the sample: every output
 * listed in the manifest with the right hash, identical bytes across runs and
 * worker counts, a failed build leaves the previous folder untouched, and
 * --department writes one file only. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fsutil.h"
#include "hash.h"
#include "load.h"
#include "manifest.h"
#include "testutil.h"
#include "util.h"

static const char *const S_files[] = {"packet.docx", "packet.pdf", "matrix.pdf", "manifest.json"};

static int S_build(const char *input, const char *out, const char *extra, char **log)
{
    return tu_runf(log, "SOURCE_DATE_EPOCH=1760486400 '%s' build '%s' -o '%s' %s 2>&1",
                   TU_AUDITDOC, input, out, extra ? extra : "");
}

START_TEST(build_writes_everything_listed_in_manifest)
{
    char *dir = tu_tmpdir();
    char *out = ad_xasprintf("%s/out", dir);
    char *log = NULL;
    int rc = S_build(TU_SAMPLE, out, NULL, &log);
    ck_assert_msg(rc == 0, "build failed: %s", log);
    ck_assert_msg(strstr(log, "[1/") && strstr(log, "departments/"), "no progress lines: %s", log);
    for (size_t i = 0; i < sizeof S_files / sizeof S_files[0]; i++) {
        char *p = ad_xasprintf("%s/%s", out, S_files[i]);
        ck_assert_msg(ad_exists(p), "%s missing", S_files[i]);
        free(p);
    }
    size_t n;
    char *dd = ad_xasprintf("%s/departments", out);
    char **depts = ad_list_dir(dd, &n);
    ck_assert_uint_eq(n, 7);
    ck_assert_str_eq(depts[0], "01_まちの魅力創造課.pdf");
    ck_assert_str_eq(depts[6], "07_保育課.pdf");
    ad_strv_free(depts, n);
    free(dd);

    char *mpath = ad_xasprintf("%s/manifest.json", out);
    char *manifest = tu_read(mpath, NULL);
    ck_assert_ptr_nonnull(manifest);
    char **files = ad_walk_files(out, &n);
    ck_assert_uint_eq(n, 11); /* 3 + 7 departments + manifest */
    for (size_t i = 0; i < n; i++) {
        if (strcmp(files[i], "manifest.json") == 0)
            continue;
        char *p = ad_xasprintf("%s/%s", out, files[i]);
        char hex[65];
        uint64_t size;
        ad_err e;
        ck_assert_int_eq(ad_sha256_file(p, hex, &size, &e), AD_OK);
        char *entry = ad_xasprintf("{\"path\": \"%s\", \"size\": %llu, \"sha256\": \"%s\"}",
                                   files[i], (unsigned long long)size, hex);
        ck_assert_msg(strstr(manifest, entry), "manifest lacks %s", entry);
        free(entry);
        free(p);
    }
    ad_strv_free(files, n);
    char hex[65];
    ad_err e;
    ad_sha256_file(TU_SAMPLE, hex, NULL, &e);
    ck_assert_ptr_nonnull(strstr(manifest, hex));
    ck_assert_ptr_nonnull(strstr(manifest, "\"fiscal_year\": 2025"));
    ck_assert_ptr_nonnull(strstr(manifest, "\"term\": \"first-half\""));
    ck_assert_ptr_nonnull(strstr(manifest, "\"version\": "));
    free(manifest);
    free(mpath);
    free(log);
    free(out);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

START_TEST(same_bytes_across_runs_and_worker_counts)
{
    char *dir = tu_tmpdir();
    char *a = ad_xasprintf("%s/a", dir), *b = ad_xasprintf("%s/b", dir);
    ck_assert_int_eq(S_build(TU_SAMPLE, a, "-q -j1", NULL), 0);
    ck_assert_int_eq(S_build(TU_SAMPLE, b, "-q -j2", NULL), 0);
    char *ha = tu_tree_hashes(a), *hb = tu_tree_hashes(b);
    ck_assert_str_eq(ha, hb);
    /* rebuilding into the same folder replaces it with the same bytes */
    ck_assert_int_eq(S_build(TU_SAMPLE, a, "-q -j3", NULL), 0);
    char *ha2 = tu_tree_hashes(a);
    ck_assert_str_eq(ha, ha2);
    free(ha);
    free(hb);
    free(ha2);
    free(a);
    free(b);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* The fonts' descriptions kept in the cache folder change no byte: a build
 * that fills the cache, one that reads it and one without any give the same
 * tree, and an unusable cache folder is no error and prints nothing. */
START_TEST(font_cache_changes_no_byte)
{
    char *dir = tu_tmpdir();
    char *cache = ad_xasprintf("%s/cache", dir);
    const char *env[] = {cache, cache, "", "/proc/no-such-folder"};
    char *first = NULL;
    for (int i = 0; i < 4; i++) {
        char *out = ad_xasprintf("%s/out%d", dir, i), *log = NULL;
        int rc = tu_runf(&log, "AUDITDOC_CACHE_DIR='%s' SOURCE_DATE_EPOCH=1760486400 '%s' build '%s' -o '%s' -q 2>&1",
                         env[i], TU_AUDITDOC, TU_SAMPLE, out);
        ck_assert_msg(rc == 0 && (!log || !*log), "build %d: status %d: %s", i, rc, log);
        char *h = tu_tree_hashes(out);
        if (!first)
            first = h;
        else {
            ck_assert_str_eq(first, h);
            free(h);
        }
        if (i == 0) { /* one folder, named for the font files, holding fontconfig's cache */
            size_t n;
            char **v = ad_list_dir(cache, &n);
            ck_assert_uint_eq(n, 1);
            ck_assert_msg(strncmp(v[0], "fonts-", 6) == 0, "%s", v[0]);
            char *sub = ad_xasprintf("%s/%s", cache, v[0]);
            size_t k;
            char **w = ad_list_dir(sub, &k);
            size_t caches = 0;
            for (size_t j = 0; j < k; j++)
                caches += strstr(w[j], ".cache-") != NULL;
            ck_assert_uint_eq(caches, 1);
            ad_strv_free(w, k);
            free(sub);
            ad_strv_free(v, n);
        }
        free(log);
        free(out);
    }
    free(first);
    free(cache);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* The manifest describes the input as it was read: the hash of the bytes
 * the build loaded, even when the file has changed or gone since. */
START_TEST(manifest_describes_the_bytes_read)
{
    char *dir = tu_tmpdir();
    char *in = ad_xasprintf("%s/round.xml", dir);
    ck_assert_int_eq(tu_runf(NULL, "cp '%s' '%s'", TU_SAMPLE, in), 0);
    ad_diags dg;
    ad_diags_init(&dg);
    ad_audit *a = ad_load_file(in, &dg);
    ck_assert_ptr_nonnull(a);
    char hex[65];
    uint64_t size;
    ad_err e = {0};
    ck_assert_int_eq(ad_sha256_file(in, hex, &size, &e), AD_OK);
    ck_assert_str_eq(a->input_sha256, hex);
    ck_assert_uint_eq(a->input_size, size);
    ck_assert(tu_write(in, "<changed/>\n"));
    char *out = ad_xasprintf("%s/out", dir);
    ck_assert_int_eq(tu_runf(NULL, "mkdir '%s'", out), 0);
    ck_assert_int_eq(ad_manifest_write(out, a, in, NULL, 0, false, &e), AD_OK);
    char *mpath = ad_xasprintf("%s/manifest.json", out);
    char *m = tu_read(mpath, NULL);
    char *entry = ad_xasprintf("\"name\": \"round.xml\", \"size\": %llu, \"sha256\": \"%s\"",
                               (unsigned long long)size, hex);
    ck_assert_msg(strstr(m, entry), "%s", m);
    free(entry);
    free(m);
    free(mpath);
    free(out);
    ad_audit_free(a);
    ad_diags_free(&dg);
    free(in);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* A folder is auditdoc's own when its manifest (read as JSON, not searched
 * as text) was written by auditdoc and lists every file: names with quotes,
 * backslashes and control characters included. */
START_TEST(manifest_tells_what_is_ours)
{
    char *dir = tu_tmpdir();
    ad_diags dg;
    ad_diags_init(&dg);
    ad_audit *a = ad_load_file(TU_SAMPLE, &dg);
    ck_assert_ptr_nonnull(a);
    char *out = ad_xasprintf("%s/out", dir);
    ck_assert_int_eq(tu_runf(NULL, "mkdir -p '%s/departments'", out), 0);
    const char *names[] = {"packet.pdf", "a\"quote\".pdf", "back\\slash.pdf", "tab\tand\nnewline.pdf",
                           "departments/01_課.pdf"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *p = ad_xasprintf("%s/%s", out, names[i]);
        ck_assert(tu_write(p, names[i]));
        free(p);
    }
    ad_err e = {0};
    ck_assert_int_eq(ad_manifest_write(out, a, TU_SAMPLE, NULL, 0, false, &e), AD_OK);
    size_t n = 99;
    char **extra = ad_manifest_unlisted(out, &n);
    ck_assert_ptr_nonnull(extra);
    ck_assert_uint_eq(n, 0);
    ad_strv_free(extra, n);
    /* files the manifest does not list, hidden ones too, sorted */
    char *p1 = ad_xasprintf("%s/送付状.docx", out), *p2 = ad_xasprintf("%s/departments/.x", out);
    ck_assert(tu_write(p1, "x") && tu_write(p2, "x"));
    extra = ad_manifest_unlisted(out, &n);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(extra[0], "departments/.x");
    ck_assert_str_eq(extra[1], "送付状.docx");
    ad_strv_free(extra, n);
    /* not auditdoc's: another program, broken JSON, none at all */
    char *mpath = ad_xasprintf("%s/manifest.json", out);
    const char *bad[] = {"{\"program\": \"other\", \"files\": []}", "{\"program\": \"auditdoc\", \"files\": [",
                         "{\"files\": [], \"program\": \"auditdoc\"} x", "[\"program\", \"auditdoc\"]", "{}", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        unlink(mpath);
        ck_assert(tu_write(mpath, bad[i]));
        ck_assert_msg(ad_manifest_unlisted(out, &n) == NULL, "%s", bad[i]);
    }
    unlink(mpath);
    ck_assert_ptr_null(ad_manifest_unlisted(out, &n));
    /* escapes JSON allows in any order of the members */
    unlink(mpath);
    ck_assert(tu_write(mpath, "{\"files\": [{\"size\": 1, \"path\": \"\\u9001\\u4ed8\\u72b6.docx\"}, "
                              "{\"path\": \"departments\\/.x\", \"x\": [1, {\"y\": null}]}], "
                              "\"program\": \"auditdoc\"}"));
    extra = ad_manifest_unlisted(out, &n);
    ck_assert_ptr_nonnull(extra);
    ck_assert_uint_eq(n, 5); /* the original five files */
    ad_strv_free(extra, n);
    free(mpath);
    free(p1);
    free(p2);
    free(out);
    ad_audit_free(a);
    ad_diags_free(&dg);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

START_TEST(failed_build_leaves_previous_folder)
{
    char *dir = tu_tmpdir();
    char *out = ad_xasprintf("%s/out", dir);
    ck_assert_int_eq(S_build(TU_SAMPLE, out, "-q", NULL), 0);
    char *before = tu_tree_hashes(out);

    /* an invalid input: a marks row with a missing mark */
    char *xml = tu_read(TU_SAMPLE, NULL);
    char *m = strstr(xml, "<marks>");
    ck_assert_ptr_nonnull(m);
    char *end = strstr(m, "</marks>");
    char *bad = ad_xasprintf("%.*s<marks>○</marks>%s", (int)(m - xml), xml, end + 8);
    char *badp = ad_xasprintf("%s/bad.xml", dir);
    tu_write(badp, bad);
    char *log = NULL;
    ck_assert_int_ne(S_build(badp, out, "-q", &log), 0);
    ck_assert_msg(strstr(log, "bad.xml:") && strstr(log, "error"), "%s", log);
    ck_assert_ptr_nonnull(strstr(log, "left as it was"));
    char *after = tu_tree_hashes(out);
    ck_assert_str_eq(before, after);
    free(log);
    free(after);

    /* a missing templates folder */
    ck_assert_int_ne(S_build(TU_SAMPLE, out, "-q --templates /nonexistent/templates", &log), 0);
    ck_assert_msg(strstr(log, "/nonexistent/templates"), "%s", log);
    after = tu_tree_hashes(out);
    ck_assert_str_eq(before, after);
    free(after);
    free(log);

    /* no temporary folders are left beside it */
    size_t n;
    char **names = ad_list_dir(dir, &n);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(strstr(names[i], ".tmp-") == NULL, "left behind: %s", names[i]);
    ad_strv_free(names, n);

    free(before);
    free(bad);
    free(badp);
    free(xml);
    free(out);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* a build removes the temporary folders a killed build left beside its
 * output (marked by auditdoc, made by a process that no longer runs), and
 * nothing else */
START_TEST(build_sweeps_what_a_killed_build_left)
{
    char *dir = tu_tmpdir();
    char *out = ad_xasprintf("%s/out", dir);
    /* a process that has ended: its pid is free */
    pid_t gone = fork();
    ck_assert_int_ge(gone, 0);
    if (gone == 0)
        _exit(0);
    int status;
    waitpid(gone, &status, 0);
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    static const char *const names[] = {".out.tmp-Ab12Cd", ".out.tmp-Ef34Gh", ".out.tmp-Ij56Kl",
                                        ".out.tmp-user", ".other.tmp-Mn78Op"};
    long owners[] = {(long)gone, (long)getpid(), 0, (long)gone, (long)gone};
    for (size_t i = 0; i < 5; i++) {
        char *d = ad_xasprintf("%s/%s", dir, names[i]);
        ck_assert_int_eq(mkdir(d, 0700), 0);
        char *f = ad_xasprintf("%s/%s", d, owners[i] ? ".auditdoc-owner" : "packet.pdf");
        char *line = ad_xasprintf("auditdoc %ld %s\n", owners[i], host);
        ck_assert(tu_write(f, line));
        free(line);
        free(f);
        free(d);
    }
    char *log = NULL;
    ck_assert_msg(S_build(TU_SAMPLE, out, "-q", &log) == 0, "%s", log);
    free(log);
    for (size_t i = 0; i < 5; i++) {
        char *d = ad_xasprintf("%s/%s", dir, names[i]);
        /* only the first: ours, of a process gone; the second's process
         * runs, the third is not marked, the fourth is not mkdtemp's name,
         * the fifth belongs to another output */
        ck_assert_msg(ad_exists(d) == (i != 0), "%s", names[i]);
        free(d);
    }
    /* the finished output carries no mark */
    char *mark = ad_xasprintf("%s/.auditdoc-owner", out);
    ck_assert(!ad_exists(mark));
    free(mark);
    free(out);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

START_TEST(unwritable_output_is_a_clear_error)
{
    char *dir = tu_tmpdir();
    char *file = ad_xasprintf("%s/file", dir);
    tu_write(file, "x");
    char *out = ad_xasprintf("%s/sub/out", file); /* parent is a regular file */
    char *log = NULL;
    int rc = S_build(TU_SAMPLE, out, "-q", &log);
    ck_assert_int_eq(rc, 1);
    ck_assert_msg(strstr(log, "error:") && strstr(log, "file/sub"), "%s", log);
    free(log);
    /* a non-empty folder that is not an earlier output is never replaced */
    char *other = ad_xasprintf("%s/mine", dir);
    mkdir(other, 0755);
    char *keep = ad_xasprintf("%s/keep.txt", other);
    tu_write(keep, "precious");
    rc = S_build(TU_SAMPLE, other, "-q", &log);
    ck_assert_int_eq(rc, 1);
    ck_assert_msg(strstr(log, "manifest.json"), "%s", log);
    ck_assert(ad_exists(keep));
    free(log);
    /* a manifest.json that is not auditdoc's does not make a folder replaceable */
    char *fake = ad_xasprintf("%s/manifest.json", other);
    tu_write(fake, "{}");
    rc = S_build(TU_SAMPLE, other, "-q", &log);
    ck_assert_int_eq(rc, 1);
    ck_assert(ad_exists(keep));
    free(log);
    free(fake);
    /* an earlier output with a file the user added: refused, naming the file */
    char *prev = ad_xasprintf("%s/prev", dir);
    ck_assert_int_eq(S_build(TU_SAMPLE, prev, "-q", NULL), 0);
    char *letter = ad_xasprintf("%s/送付状.docx", prev);
    tu_write(letter, "x");
    rc = S_build(TU_SAMPLE, prev, "-q", &log);
    ck_assert_int_eq(rc, 1);
    ck_assert_msg(strstr(log, "送付状.docx"), "%s", log);
    ck_assert(ad_exists(letter));
    free(log);
    free(letter);
    free(prev);
    /* the current folder is never the output folder */
    rc = tu_runf(&log, "cd '%s' && '%s' build '%s' -o . -q 2>&1", dir, TU_AUDITDOC, TU_SAMPLE);
    ck_assert_int_eq(rc, 2);
    ck_assert_msg(strstr(log, "not the current folder"), "%s", log);
    free(log);
    /* a failed build does not even create the new output folder */
    char *fresh = ad_xasprintf("%s/new/sub/out", dir);
    rc = S_build(TU_SAMPLE, fresh, "-q --fonts /nonexistent/fonts", &log);
    ck_assert_int_eq(rc, 1);
    ck_assert(!ad_exists(fresh));
    free(log);
    free(fresh);
    free(keep);
    free(other);
    free(out);
    free(file);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

START_TEST(one_department_only)
{
    char *dir = tu_tmpdir();
    char *out = ad_xasprintf("%s/out", dir);
    char *log = NULL;
    int rc = S_build(TU_SAMPLE, out, "-q --department hoiku", &log);
    ck_assert_msg(rc == 0, "%s", log);
    size_t n;
    char **files = ad_walk_files(out, &n);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(files[0], "departments/07_保育課.pdf");
    ck_assert_str_eq(files[1], "manifest.json");
    ad_strv_free(files, n);
    free(log);
    /* the manifest lists it, so a full build may later replace the folder */
    char *mpath = ad_xasprintf("%s/manifest.json", out);
    char *manifest = tu_read(mpath, NULL);
    ck_assert_ptr_nonnull(strstr(manifest, "\"path\": \"departments/07_保育課.pdf\""));
    free(manifest);
    free(mpath);
    rc = S_build(TU_SAMPLE, out, "-q", &log);
    ck_assert_msg(rc == 0, "%s", log);
    free(log);
    files = ad_walk_files(out, &n);
    ck_assert_uint_eq(n, 11);
    ad_strv_free(files, n);
    /* remaking one department in a full output keeps the manifest right */
    char *before = tu_tree_hashes(out);
    rc = S_build(TU_SAMPLE, out, "-q --department zeimu", &log);
    ck_assert_msg(rc == 0, "%s", log);
    free(log);
    char *after = tu_tree_hashes(out);
    ck_assert_str_eq(before, after); /* same input: same bytes, same manifest */
    free(before);
    free(after);
    rc = S_build(TU_SAMPLE, out, "-q --department nosuch", &log);
    ck_assert_int_eq(rc, 2);
    ck_assert_msg(strstr(log, "nosuch") && strstr(log, "hoiku"), "%s", log);
    free(log);
    free(out);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

START_TEST(usage_errors)
{
    char *log = NULL;
    ck_assert_int_eq(tu_runf(&log, "'%s' build 2>&1", TU_AUDITDOC), 2);
    free(log);
    ck_assert_int_eq(tu_runf(&log, "'%s' build '%s' 2>&1", TU_AUDITDOC, TU_SAMPLE), 2);
    ck_assert_ptr_nonnull(strstr(log, "-o DIR"));
    free(log);
    ck_assert_int_eq(tu_runf(&log, "'%s' frobnicate 2>&1", TU_AUDITDOC), 2);
    free(log);
    ck_assert_int_eq(tu_runf(&log, "'%s' build --help", TU_AUDITDOC), 0);
    ck_assert_ptr_nonnull(strstr(log, "--department"));
    free(log);
    ck_assert_int_eq(tu_runf(&log, "'%s' --version", TU_AUDITDOC), 0);
    ck_assert_ptr_nonnull(strstr(log, "auditdoc "));
    free(log);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("build");
    TCase *tc = tcase_create("build");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, build_writes_everything_listed_in_manifest);
    tcase_add_test(tc, same_bytes_across_runs_and_worker_counts);
    tcase_add_test(tc, font_cache_changes_no_byte);
    tcase_add_test(tc, manifest_describes_the_bytes_read);
    tcase_add_test(tc, manifest_tells_what_is_ours);
    tcase_add_test(tc, failed_build_leaves_previous_folder);
    tcase_add_test(tc, build_sweeps_what_a_killed_build_left);
    tcase_add_test(tc, unwritable_output_is_a_clear_error);
    tcase_add_test(tc, one_department_only);
    tcase_add_test(tc, usage_errors);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
