/* test_faults.c — faults around a build and an archive run: an output folder
 * that is not writable, a disk that fills up midway (a small tmpfs when the
 * test may mount one, and always a file-size limit that makes a write fail
 * with EFBIG), a missing or corrupt font, a missing template file or key,
 * and SIGINT/SIGTERM in the middle of a build and of an archive run.
 *
 * Each must end with a clear message and a non-zero exit status, and leave
 * the previous outputs and the archive exactly as they were: every entry and
 * the SHA-256 of every file under the parent folder (or the archive root) is
 * compared before and after, so a leftover temporary folder fails too. */
#include <sys/mount.h>

#include "relutil.h"
#include "templates.h"

/* A folder with a previous build of the sample in it: DIR/out. */
static char *S_prev_build(void)
{
    char *dir = tu_tmpdir();
    char *argv[] = {TU_AUDITDOC, "build", "-q", TU_SAMPLE, "-o", "out", NULL};
    rl_result r;
    rl_run(dir, argv, NULL, &r);
    ck_assert_msg(r.status == 0, "the sample does not build (status %d):\n%s", r.status, r.err);
    rl_result_free(&r);
    return dir;
}

/* Runs auditdoc with args (NULL-terminated) in dir. */
static void S_run(const char *dir, const rl_limits *lim, rl_result *r, ...)
{
    char *argv[32];
    int n = 0;
    argv[n++] = TU_AUDITDOC;
    va_list ap;
    va_start(ap, r);
    char *a;
    while ((a = va_arg(ap, char *)) != NULL && n < 31)
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    rl_run(dir, argv, lim, r);
}

/* The common verdict: failed cleanly with a message and nothing changed. */
static void S_assert_failed_cleanly(const rl_result *r, const char *before, const char *root,
                                    const char *must_say)
{
    ck_assert_msg(!r->timed_out, "hangs");
    ck_assert_msg(r->sig == 0, "killed by signal %d\n%s", r->sig, r->err);
    ck_assert_msg(r->status == 1, "exit status %d (expected 1)\n%s", r->status, r->err);
    ck_assert_msg(strstr(r->err, "auditdoc: error: "), "no error message:\n%s", r->err);
    if (must_say)
        ck_assert_msg(strstr(r->err, must_say), "the message does not say \"%s\":\n%s", must_say,
                      r->err);
    ck_assert_msg(!strstr(r->err, "AddressSanitizer") && !strstr(r->err, "runtime error:"),
                  "%s", r->err);
    char *after = rl_fingerprint(root);
    ck_assert_msg(strcmp(before, after) == 0, "the folder changed.\nbefore:\n%s\nafter:\n%s",
                  before, after);
    free(after);
}

/* ---- not writable ----------------------------------------------------------- */

/* Makes dir read-only: a read-only bind mount for root (whom permissions do
 * not stop), chmod otherwise.  Returns 0 when impossible, 1 chmod, 2 mount. */
static int S_make_readonly(const char *dir)
{
    if (geteuid() != 0)
        return chmod(dir, 0555) == 0 ? 1 : 0;
    if (mount(dir, dir, NULL, MS_BIND, NULL) != 0)
        return 0;
    if (mount(NULL, dir, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) != 0) {
        umount(dir);
        return 0;
    }
    return 2;
}

static void S_undo_readonly(const char *dir, int how)
{
    if (how == 1)
        chmod(dir, 0755);
    else if (how == 2)
        ck_assert_int_eq(umount(dir), 0);
}

START_TEST(output_not_writable)
{
    char *dir = S_prev_build();
    char *before = rl_fingerprint(dir);
    int how = S_make_readonly(dir);
    if (!how) {
        fprintf(stderr, "test_faults: cannot make a read-only folder here; skipped\n");
    } else {
        rl_result r;
        /* replacing the previous output */
        S_run(dir, NULL, &r, "build", "-q", TU_SAMPLE, "-o", "out", NULL);
        S_assert_failed_cleanly(&r, before, dir, "out was left as it was");
        ck_assert_msg(strstr(r.err, "Read-only file system") || strstr(r.err, "Permission denied"),
                      "the message does not give the cause:\n%s", r.err);
        rl_result_free(&r);
        /* a new output folder inside it */
        S_run(dir, NULL, &r, "build", "-q", TU_SAMPLE, "-o", "new/out", NULL);
        S_assert_failed_cleanly(&r, before, dir, "new");
        rl_result_free(&r);
        /* a department alone */
        S_run(dir, NULL, &r, "build", "-q", TU_SAMPLE, "-o", "out", "--department", "zeimu",
              NULL);
        S_assert_failed_cleanly(&r, before, dir, NULL);
        rl_result_free(&r);
        /* an archive */
        S_run(dir, NULL, &r, "archive", "-q", TU_SAMPLE, "--root", "archive", "--init", NULL);
        S_assert_failed_cleanly(&r, before, dir, "archive");
        rl_result_free(&r);
        S_undo_readonly(dir, how);
    }
    free(before);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* ---- disk full -------------------------------------------------------------- */

static long S_tree_kb(const char *dir)
{
    char *out = NULL;
    tu_runf(&out, "du -sk '%s' | cut -f1", dir);
    long kb = out ? atol(out) : 0;
    free(out);
    return kb;
}

/* A tmpfs that holds the previous output with ~100 KiB to spare: the new
 * build runs out of space midway. */
START_TEST(disk_full_tmpfs)
{
    char *src = S_prev_build();
    char *prev = ad_xasprintf("%s/out", src);
    long kb = S_tree_kb(prev);
    char *mnt = tu_tmpdir();
    char *opts = ad_xasprintf("size=%ldk", kb + 100);
    if (geteuid() != 0 || mount("tmpfs", mnt, "tmpfs", 0, opts) != 0) {
        fprintf(stderr, "test_faults: cannot mount a tmpfs here; the disk-full case runs with the "
                        "file-size limit only (write_fails_efbig)\n");
    } else {
        ck_assert_int_eq(tu_runf(NULL, "cp -a '%s' '%s/out'", prev, mnt), 0);
        char *before = rl_fingerprint(mnt);
        rl_result r;
        S_run(mnt, NULL, &r, "build", "-q", "-j", "2", TU_SAMPLE, "-o", "out", NULL);
        S_assert_failed_cleanly(&r, before, mnt, "No space left on device");
        ck_assert_msg(strstr(r.err, "out was left as it was"), "%s", r.err);
        rl_result_free(&r);
        /* the same serially (no worker processes) */
        S_run(mnt, NULL, &r, "build", "-q", "-j", "1", TU_SAMPLE, "-o", "out", NULL);
        S_assert_failed_cleanly(&r, before, mnt, "No space left on device");
        rl_result_free(&r);
        /* an archive run on the full disk */
        S_run(mnt, NULL, &r, "archive", "-q", TU_SAMPLE, "--root", "archive", "--init", NULL);
        ck_assert_msg(r.status == 1 && r.sig == 0, "archive on a full disk: status %d\n%s",
                      r.status, r.err);
        ck_assert_msg(strstr(r.err, "No space left on device"), "%s", r.err);
        char *leftover = NULL;
        tu_runf(&leftover, "find '%s/archive' -name '*.tmp-*' 2>/dev/null", mnt);
        ck_assert_msg(!leftover || !*leftover, "temporary folders left:\n%s", leftover);
        free(leftover);
        rl_result_free(&r);
        free(before);
        ck_assert_int_eq(umount(mnt), 0);
    }
    free(opts);
    tu_rmrf(mnt);
    free(mnt);
    free(prev);
    tu_rmrf(src);
    free(src);
}
END_TEST

/* An injected write fault that needs no privileges: RLIMIT_FSIZE makes the
 * first write past 100 KiB fail with EFBIG (packet.pdf is larger). */
START_TEST(write_fails_efbig)
{
    char *dir = S_prev_build();
    char *before = rl_fingerprint(dir);
    rl_limits lim = {.fsize_kb = 100};
    rl_result r;
    S_run(dir, &lim, &r, "build", "-q", "-j", "2", TU_SAMPLE, "-o", "out", NULL);
    S_assert_failed_cleanly(&r, before, dir, "out was left as it was");
    ck_assert_msg(strstr(r.err, "File too large"), "the cause is not given:\n%s", r.err);
    rl_result_free(&r);
    S_run(dir, &lim, &r, "build", "-q", "-j", "1", TU_SAMPLE, "-o", "out", NULL);
    S_assert_failed_cleanly(&r, before, dir, "File too large");
    rl_result_free(&r);
    free(before);

    /* an archive: first filed normally, then a changed round fails to file */
    S_run(dir, NULL, &r, "archive", "-q", TU_SAMPLE, "--root", "archive", "--init", NULL);
    ck_assert_msg(r.status == 0, "%s", r.err);
    rl_result_free(&r);
    char *changed = ad_xasprintf("%s/changed.xml", dir);
    char *sample = tu_read(TU_SAMPLE, NULL);
    ck_assert_ptr_nonnull(sample);
    char *p = strstr(sample, "<name>龍ヶ崎市</name>");
    ck_assert_ptr_nonnull(p);
    ck_assert(tu_write(changed, sample));
    FILE *f = fopen(changed, "ab");
    fputs("<!-- changed -->\n", f);
    fclose(f);
    before = rl_fingerprint(dir);
    S_run(dir, &lim, &r, "archive", "-q", "changed.xml", "--root", "archive", "--init", NULL);
    S_assert_failed_cleanly(&r, before, dir, "the archive was left as it was");
    rl_result_free(&r);
    free(before);
    free(sample);
    free(changed);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* ---- fonts ----------------------------------------------------------------- */

static char *S_fonts_copy(const char *root)
{
    char *fonts = ad_xasprintf("%s/fonts", root);
    ck_assert_int_eq(tu_runf(NULL, "cp -r '%s/fonts' '%s'", AD_SOURCE_DIR, fonts), 0);
    return fonts;
}

static void S_font_case(const char *how, const char *file, const char *must_say)
{
    char *dir = S_prev_build();
    char *work = tu_tmpdir();
    char *fonts = S_fonts_copy(work);
    char *path = ad_xasprintf("%s/%s", fonts, file);
    if (strcmp(how, "missing") == 0)
        ck_assert_int_eq(unlink(path), 0);
    else if (strcmp(how, "truncated") == 0)
        ck_assert_int_eq(truncate(path, 1000), 0);
    else if (strcmp(how, "half") == 0)
    {
        struct stat st;
        ck_assert_int_eq(stat(path, &st), 0);
        ck_assert_int_eq(truncate(path, st.st_size / 2), 0);
    }
    else if (strcmp(how, "garbage") == 0)
        ck_assert_int_eq(tu_runf(NULL, "head -c 200000 /dev/urandom > '%s'", path), 0);
    else if (strcmp(how, "empty") == 0)
        ck_assert_int_eq(truncate(path, 0), 0);
    char *before = rl_fingerprint(dir);
    rl_result r;
    S_run(dir, NULL, &r, "build", "-q", TU_SAMPLE, "-o", "out", "--fonts", fonts, NULL);
    S_assert_failed_cleanly(&r, before, dir, must_say);
    ck_assert_msg(strstr(r.err, file), "the message does not name %s:\n%s", file, r.err);
    rl_result_free(&r);
    S_run(dir, NULL, &r, "archive", "-q", TU_SAMPLE, "--root", "archive", "--init", "--fonts", fonts,
          NULL);
    ck_assert_msg(r.status == 1 && r.sig == 0, "archive with a bad font: status %d\n%s", r.status,
                  r.err);
    ck_assert_msg(strstr(r.err, file), "%s", r.err);
    char *leftover = NULL;
    tu_runf(&leftover, "find '%s' -name '*.tmp-*' -o -name 'rev-*' 2>/dev/null", dir);
    ck_assert_msg(!leftover || !*leftover, "left behind:\n%s", leftover);
    free(leftover);
    rl_result_free(&r);
    free(before);
    free(path);
    free(fonts);
    tu_rmrf(work);
    free(work);
    tu_rmrf(dir);
    free(dir);
}

START_TEST(font_missing) { S_font_case("missing", "BIZUDGothic-Regular.ttf", "missing"); }
END_TEST
START_TEST(font_truncated) { S_font_case("truncated", "BIZUDMincho-Regular.ttf", NULL); }
END_TEST
START_TEST(font_half) { S_font_case("half", "BIZUDMincho-Regular.ttf", NULL); }
END_TEST
START_TEST(font_garbage) { S_font_case("garbage", "BIZUDGothic-Bold.ttf", NULL); }
END_TEST
START_TEST(font_empty) { S_font_case("empty", "BIZUDGothic-Regular.ttf", NULL); }
END_TEST

/* ---- templates -------------------------------------------------------------- */

static void S_template_case(const char *what, const char *must_say)
{
    char *dir = S_prev_build();
    char *work = tu_tmpdir();
    char *tpl = ad_xasprintf("%s/templates", work);
    ck_assert_int_eq(tu_runf(NULL, "cp -r '%s/templates' '%s'", AD_SOURCE_DIR, tpl), 0);
    if (strcmp(what, "wording.txt") == 0 || strcmp(what, "layout.txt") == 0) {
        char *p = ad_xasprintf("%s/%s", tpl, what);
        ck_assert_int_eq(unlink(p), 0);
        free(p);
    } else if (strncmp(what, "key:", 4) == 0) {
        /* delete the line defining that key */
        ck_assert_int_eq(tu_runf(NULL, "sed -i '/^%s[ \t]*=/d' '%s/wording.txt'", what + 4, tpl),
                         0);
    } else if (strncmp(what, "docx:", 5) == 0) {
        ck_assert_int_eq(tu_runf(NULL, "rm '%s/docx/%s'", tpl, what + 5), 0);
    }
    char *before = rl_fingerprint(dir);
    rl_result r;
    S_run(dir, NULL, &r, "build", "-q", TU_SAMPLE, "-o", "out", "--templates", tpl, NULL);
    S_assert_failed_cleanly(&r, before, dir, must_say);
    rl_result_free(&r);
    S_run(dir, NULL, &r, "archive", "-q", TU_SAMPLE, "--root", "archive", "--init", "--templates", tpl,
          NULL);
    ck_assert_msg(r.status == 1 && r.sig == 0, "archive with a bad template: status %d\n%s",
                  r.status, r.err);
    ck_assert_msg(strstr(r.err, must_say), "%s", r.err);
    char *leftover = NULL;
    tu_runf(&leftover, "find '%s' -name '*.tmp-*' -o -name 'rev-*' 2>/dev/null", dir);
    ck_assert_msg(!leftover || !*leftover, "left behind:\n%s", leftover);
    free(leftover);
    rl_result_free(&r);
    free(before);
    free(tpl);
    tu_rmrf(work);
    free(work);
    tu_rmrf(dir);
    free(dir);
}

START_TEST(template_wording_missing) { S_template_case("wording.txt", "wording.txt"); }
END_TEST
START_TEST(template_layout_missing) { S_template_case("layout.txt", "layout.txt"); }
END_TEST
START_TEST(template_key_missing)
{
    /* the first required key, whatever it is */
    const char *key = ad_wording_keys[0];
    ck_assert_ptr_nonnull(key);
    char *what = ad_xasprintf("key:%s", key);
    S_template_case(what, key);
    free(what);
}
END_TEST
START_TEST(template_docx_part_missing)
{
    char *d = tu_src("templates/docx");
    size_t n = 0;
    char **names = ad_list_dir(d, &n);
    ck_assert_msg(names && n > 0, "templates/docx is empty");
    char *what = ad_xasprintf("docx:%s", names[0]);
    S_template_case(what, names[0]);
    free(what);
    ad_strv_free(names, n);
    free(d);
}
END_TEST

/* ---- signals ---------------------------------------------------------------- */

/* A round big enough that its build takes a while: 120 departments, each
 * with a report and a finding, 40 items. */
static char *S_big_input(const char *dir)
{
    rl_gen g = {.n_depts = 120, .n_items = 40, .reports = true, .findings = true,
                .remark = "一部の課において手順が明確になってない。早急な整備を求める。"};
    char *xml = rl_gen_audit(&g);
    char *p = ad_xasprintf("%s/big.xml", dir);
    ck_assert(tu_write(p, xml));
    free(xml);
    return p;
}

static void S_signal_build(int sig, bool group, const char *jobs)
{
    char *dir = S_prev_build();
    char *input = S_big_input(dir);
    char *before = rl_fingerprint(dir);
    char *when = ad_xasprintf("%s\t.out.tmp-", dir);
    rl_limits lim = {.signal = sig, .signal_group = group, .when_exists = when, .timeout_s = 60};
    rl_result r;
    S_run(dir, &lim, &r, "build", "-j", jobs, "big.xml", "-o", "out", NULL);
    ck_assert_msg(r.signalled, "the build never created its temporary folder:\n%s", r.err);
    /* the big.xml file is part of the folder and unchanged */
    S_assert_failed_cleanly(&r, before, dir, "interrupted");
    ck_assert_msg(strstr(r.err, "out was left as it was"), "%s", r.err);
    rl_result_free(&r);
    free(when);
    free(before);
    free(input);
    tu_rmrf(dir);
    free(dir);
}

START_TEST(sigint_build_serial) { S_signal_build(SIGINT, false, "1"); }
END_TEST
START_TEST(sigterm_build_serial) { S_signal_build(SIGTERM, false, "1"); }
END_TEST
START_TEST(sigint_build_parallel) { S_signal_build(SIGINT, false, "2"); }
END_TEST
START_TEST(sigterm_build_parallel) { S_signal_build(SIGTERM, false, "2"); }
END_TEST
/* Ctrl-C: the terminal sends SIGINT to the whole process group, workers too */
START_TEST(ctrl_c_build_parallel) { S_signal_build(SIGINT, true, "2"); }
END_TEST

static void S_signal_archive(int sig, bool group)
{
    char *dir = tu_tmpdir();
    rl_result r;
    /* rev-1 from the sample, then a changed round of the same fiscal year and term */
    S_run(dir, NULL, &r, "archive", "-q", TU_SAMPLE, "--root", "archive", "--init", NULL);
    ck_assert_msg(r.status == 0, "%s", r.err);
    rl_result_free(&r);
    char *input = S_big_input(dir);
    char *before = rl_fingerprint(dir);
    char *round = ad_xasprintf("%s/archive/2025/first-half", dir);
    ck_assert(ad_is_dir(round));
    char *when = ad_xasprintf("%s\t.rev-2.tmp-", round);
    rl_limits lim = {.signal = sig, .signal_group = group, .when_exists = when, .timeout_s = 60};
    S_run(dir, &lim, &r, "archive", "big.xml", "--root", "archive", "--init", NULL);
    ck_assert_msg(r.signalled, "the archive run never staged rev-2:\n%s", r.err);
    S_assert_failed_cleanly(&r, before, dir, "interrupted");
    ck_assert_msg(strstr(r.err, "the archive was left as it was"), "%s", r.err);
    rl_result_free(&r);
    /* and the archive still verifies */
    S_run(dir, NULL, &r, "verify", "archive", NULL);
    ck_assert_msg(r.status == 0, "verify after an interrupted run: %d\n%s%s", r.status, r.out,
                  r.err);
    rl_result_free(&r);
    free(when);
    free(round);
    free(before);
    free(input);
    tu_rmrf(dir);
    free(dir);
}

START_TEST(sigint_archive) { S_signal_archive(SIGINT, false); }
END_TEST
START_TEST(sigterm_archive) { S_signal_archive(SIGTERM, false); }
END_TEST
START_TEST(ctrl_c_archive) { S_signal_archive(SIGINT, true); }
END_TEST

int main(void)
{
    Suite *s = suite_create("test_faults");
    TCase *tc = tcase_create("io");
    tcase_add_test(tc, output_not_writable);
    tcase_add_test(tc, disk_full_tmpfs);
    tcase_add_test(tc, write_fails_efbig);
    tcase_set_timeout(tc, 0);
    suite_add_tcase(s, tc);
    tc = tcase_create("resources");
    tcase_add_test(tc, font_missing);
    tcase_add_test(tc, font_truncated);
    tcase_add_test(tc, font_half);
    tcase_add_test(tc, font_garbage);
    tcase_add_test(tc, font_empty);
    tcase_add_test(tc, template_wording_missing);
    tcase_add_test(tc, template_layout_missing);
    tcase_add_test(tc, template_key_missing);
    tcase_add_test(tc, template_docx_part_missing);
    tcase_set_timeout(tc, 0);
    suite_add_tcase(s, tc);
    tc = tcase_create("signals");
    tcase_add_test(tc, sigint_build_serial);
    tcase_add_test(tc, sigterm_build_serial);
    tcase_add_test(tc, sigint_build_parallel);
    tcase_add_test(tc, sigterm_build_parallel);
    tcase_add_test(tc, ctrl_c_build_parallel);
    tcase_add_test(tc, sigint_archive);
    tcase_add_test(tc, sigterm_archive);
    tcase_add_test(tc, ctrl_c_archive);
    tcase_set_timeout(tc, 0);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
