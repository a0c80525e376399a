/* test_archive.c — `auditdoc archive`, `verify` and `rebuild`: BagIt layout
 * checked with coreutils, unchanged filing is a no-op, a changed input makes
 * rev-2 and leaves rev-1 byte-identical, tampering is reported, a rebuild
 * reproduces the bytes, and concurrent runs both end correctly. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "manifest.h"
#include "testutil.h"
#include "util.h"

static int S_archive(const char *input, const char *root, char **log)
{
    return tu_runf(log, "'%s' archive '%s' --root '%s' --init -q 2>&1", TU_AUDITDOC, input, root);
}

/* the sample with one summary sentence changed */
static char *S_changed_sample(const char *dir)
{
    char *xml = tu_read(TU_SAMPLE, NULL);
    char *p = strstr(xml, "</p>");
    ck_assert_ptr_nonnull(p);
    char *changed = ad_xasprintf("%.*s（追記）%s", (int)(p - xml), xml, p);
    char *path = ad_xasprintf("%s/ryugasaki-changed.xml", dir);
    tu_write(path, changed);
    free(changed);
    free(xml);
    return path;
}

START_TEST(archive_is_a_bag_and_refiling_is_a_noop)
{
    char *dir = tu_tmpdir();
    char *root = ad_xasprintf("%s/archive", dir);
    char *log = NULL;
    ck_assert_msg(S_archive(TU_SAMPLE, root, &log) == 0, "%s", log);
    ck_assert_msg(strstr(log, "2025/first-half/rev-1: filed"), "%s", log);
    free(log);
    char *bag = ad_xasprintf("%s/2025/first-half/rev-1", root);
    /* readable by colleagues (mkdtemp's 0700 is not kept) */
    struct stat sb;
    ck_assert_int_eq(stat(bag, &sb), 0);
    mode_t mask = umask(0);
    umask(mask);
    ck_assert_int_eq(sb.st_mode & 0777, 0777 & ~mask);
    const char *const must[] = {"bagit.txt", "bag-info.txt", "manifest-sha256.txt",
                                "tagmanifest-sha256.txt", "data/input/ryugasaki-r7-first-half.xml",
                                "data/templates/wording.txt", "data/output/packet.pdf",
                                "data/output/packet.docx", "data/output/manifest.json"};
    for (size_t i = 0; i < sizeof must / sizeof must[0]; i++) {
        char *p = ad_xasprintf("%s/%s", bag, must[i]);
        ck_assert_msg(ad_exists(p), "missing %s", must[i]);
        free(p);
    }
    /* coreutils alone verify the payload and the tag files */
    ck_assert_int_eq(tu_runf(&log, "cd '%s' && sha256sum -c --quiet manifest-sha256.txt 2>&1", bag), 0);
    free(log);
    ck_assert_int_eq(tu_runf(&log, "cd '%s' && sha256sum -c --quiet tagmanifest-sha256.txt 2>&1", bag), 0);
    free(log);
    char *info = ad_xasprintf("%s/bag-info.txt", bag);
    char *text = tu_read(info, NULL);
    ck_assert_ptr_nonnull(strstr(text, "Auditdoc-Round: 令和7年度上半期"));
    ck_assert_ptr_nonnull(strstr(text, "Auditdoc-Version: "));
    ck_assert_ptr_nonnull(strstr(text, "Payload-Oxum: "));
    free(text);
    free(info);

    char *before = tu_tree_hashes(root);
    ck_assert_int_eq(S_archive(TU_SAMPLE, root, &log), 0);
    ck_assert_msg(strstr(log, "unchanged"), "%s", log);
    free(log);
    char *after = tu_tree_hashes(root);
    ck_assert_str_eq(before, after);
    char *rev2 = ad_xasprintf("%s/2025/first-half/rev-2", root);
    ck_assert(!ad_exists(rev2));

    /* a changed input files rev-2 and keeps rev-1 byte-identical */
    char *rev1_before = tu_tree_hashes(bag);
    char *changed = S_changed_sample(dir);
    ck_assert_int_eq(S_archive(changed, root, &log), 0);
    ck_assert_msg(strstr(log, "rev-2: filed"), "%s", log);
    free(log);
    ck_assert(ad_exists(rev2));
    char *rev1_after = tu_tree_hashes(bag);
    ck_assert_str_eq(rev1_before, rev1_after);

    /* verify passes on the untouched archive */
    ck_assert_int_eq(tu_runf(&log, "'%s' verify '%s' 2>&1", TU_AUDITDOC, root), 0);
    ck_assert_uint_eq(tu_count(log, ": OK"), 2);
    free(log);

    free(changed);
    free(rev1_before);
    free(rev1_after);
    free(rev2);
    free(before);
    free(after);
    free(bag);
    free(root);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

START_TEST(verify_reports_tampering)
{
    char *dir = tu_tmpdir();
    char *root = ad_xasprintf("%s/archive", dir);
    char *log = NULL;
    ck_assert_int_eq(S_archive(TU_SAMPLE, root, &log), 0);
    free(log);
    char *bag = ad_xasprintf("%s/2025/first-half/rev-1", root);
    char *pdf = ad_xasprintf("%s/data/output/matrix.pdf", bag);
    chmod(pdf, 0644);
    FILE *f = fopen(pdf, "ab");
    fputs("%tampered\n", f);
    fclose(f);
    char *dept = ad_xasprintf("%s/data/output/departments/01_まちの魅力創造課.pdf", bag);
    chmod(dept, 0644);
    unlink(dept);
    char *extra = ad_xasprintf("%s/data/output/extra.txt", bag);
    tu_write(extra, "x");
    ck_assert_int_eq(tu_runf(&log, "'%s' verify '%s' 2>&1", TU_AUDITDOC, root), 1);
    ck_assert_msg(strstr(log, "data/output/matrix.pdf: changed"), "%s", log);
    ck_assert_msg(strstr(log, "01_まちの魅力創造課.pdf: missing"), "%s", log);
    ck_assert_msg(strstr(log, "data/output/extra.txt: added"), "%s", log);
    free(log);
    /* nothing can hide in the payload: a hidden file is reported too */
    char *hidden = ad_xasprintf("%s/data/templates/.hidden", bag);
    tu_write(hidden, "x");
    ck_assert_int_eq(tu_runf(&log, "'%s' verify '%s' 2>&1", TU_AUDITDOC, root), 1);
    ck_assert_msg(strstr(log, "data/templates/.hidden: added"), "%s", log);
    free(log);
    free(hidden);
    free(extra);
    free(dept);
    free(pdf);
    free(bag);
    free(root);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

START_TEST(rebuild_reproduces_bytes)
{
    char *dir = tu_tmpdir();
    char *root = ad_xasprintf("%s/archive", dir);
    char *log = NULL;
    ck_assert_int_eq(S_archive(TU_SAMPLE, root, &log), 0);
    free(log);
    int rc = tu_runf(&log, "'%s' rebuild '%s' 2>&1", TU_AUDITDOC, root);
    ck_assert_msg(rc == 0, "%s", log);
    ck_assert_msg(strstr(log, "byte-identical"), "%s", log);
    free(log);
    rc = tu_runf(&log, "'%s' verify --rebuild '%s' 2>&1", TU_AUDITDOC, root);
    ck_assert_msg(rc == 0, "%s", log);
    free(log);
    /* a changed archived output is caught by the rebuild too */
    char *pdf = ad_xasprintf("%s/2025/first-half/rev-1/data/output/packet.pdf", root);
    chmod(pdf, 0644);
    FILE *f = fopen(pdf, "ab");
    fputs("%x\n", f);
    fclose(f);
    rc = tu_runf(&log, "'%s' rebuild '%s' 2>&1", TU_AUDITDOC, root);
    ck_assert_int_eq(rc, 1);
    ck_assert_msg(strstr(log, "packet.pdf: rebuilt bytes differ"), "%s", log);
    free(log);
    free(pdf);
    free(root);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

START_TEST(concurrent_archive_runs)
{
    char *dir = tu_tmpdir();
    char *root = ad_xasprintf("%s/archive", dir);
    char *changed = S_changed_sample(dir);
    char *log = NULL;
    /* same input twice at once: one files rev-1, the other finds it unchanged */
    int rc = tu_runf(&log,
                     "('%s' archive '%s' --root '%s' --init -q & '%s' archive '%s' --root '%s' --init -q & "
                     "wait) 2>&1",
                     TU_AUDITDOC, TU_SAMPLE, root, TU_AUDITDOC, TU_SAMPLE, root);
    ck_assert_int_eq(rc, 0);
    ck_assert_uint_eq(tu_count(log, "rev-1: filed"), 1);
    ck_assert_uint_eq(tu_count(log, "unchanged"), 1);
    free(log);
    /* two different inputs at once: rev-2 and rev-3, both complete */
    char *c2 = ad_xasprintf("%s/second.xml", dir);
    char *x = tu_read(changed, NULL);
    char *p = strstr(x, "（追記）");
    char *y = ad_xasprintf("%.*s（再追記）%s", (int)(p - x), x, p + strlen("（追記）"));
    tu_write(c2, y);
    rc = tu_runf(&log,
                 "('%s' archive '%s' --root '%s' --init -q & '%s' archive '%s' --root '%s' --init -q & wait) 2>&1",
                 TU_AUDITDOC, changed, root, TU_AUDITDOC, c2, root);
    ck_assert_uint_eq(tu_count(log, ": filed"), 2);
    free(log);
    ck_assert_int_eq(tu_runf(&log, "'%s' verify '%s' 2>&1", TU_AUDITDOC, root), 0);
    ck_assert_uint_eq(tu_count(log, ": OK"), 3);
    free(log);
    free(x);
    free(y);
    free(c2);
    free(changed);
    free(root);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* a mistyped root is an error naming the path and --init; nothing is
 * created; a folder that is not an archive is refused too; --init starts
 * one, and later filings need no --init */
START_TEST(archive_root_must_exist_or_be_initialised)
{
    char *dir = tu_tmpdir();
    char *root = ad_xasprintf("%s/archve", dir);
    char *log = NULL;
    int rc = tu_runf(&log, "'%s' archive '%s' --root '%s' -q 2>&1", TU_AUDITDOC, TU_SAMPLE, root);
    ck_assert_int_eq(rc, 2);
    char *want = ad_xasprintf("--root %s: no such folder", root);
    ck_assert_msg(strstr(log, want) && strstr(log, "--init"), "%s", log);
    free(want);
    ck_assert(!ad_exists(root));
    free(log);

    char *other = ad_xasprintf("%s/documents", dir);
    ck_assert_int_eq(mkdir(other, 0777), 0);
    char *note = ad_xasprintf("%s/memo.txt", other);
    tu_write(note, "x");
    rc = tu_runf(&log, "'%s' archive '%s' --root '%s' -q 2>&1", TU_AUDITDOC, TU_SAMPLE, other);
    ck_assert_int_eq(rc, 2);
    ck_assert_msg(strstr(log, "is not an auditdoc archive") && strstr(log, other), "%s", log);
    size_t n = 0;
    char **names = ad_list_dir(other, &n);
    ck_assert_uint_eq(n, 1); /* memo.txt only */
    ad_strv_free(names, n);
    free(log);

    rc = tu_runf(&log, "'%s' archive '%s' --root '%s' --init -q 2>&1", TU_AUDITDOC, TU_SAMPLE, root);
    ck_assert_msg(rc == 0, "%s", log);
    char *mark = ad_xasprintf("%s/auditdoc-archive.txt", root);
    ck_assert(ad_exists(mark));
    free(log);
    char *changed = S_changed_sample(dir);
    rc = tu_runf(&log, "'%s' archive '%s' --root '%s' -q 2>&1", TU_AUDITDOC, changed, root);
    ck_assert_msg(rc == 0 && strstr(log, "rev-2: filed"), "%s", log);
    free(log);
    /* an archive from before the mark is still recognised (and marked) */
    unlink(mark);
    rc = tu_runf(&log, "'%s' archive '%s' --root '%s' -q 2>&1", TU_AUDITDOC, changed, root);
    ck_assert_msg(rc == 0 && strstr(log, "unchanged"), "%s", log);
    ck_assert(ad_exists(mark));
    free(log);
    free(changed);
    free(mark);
    free(note);
    free(other);
    tu_rmrf(dir);
    free(root);
    free(dir);
}
END_TEST

/* Warnings name the user's file and line, once each, never the staged copy. */
START_TEST(archive_warnings_name_the_input)
{
    char *dir = tu_tmpdir();
    char *root = ad_xasprintf("%s/archive", dir);
    char *xml = tu_read(TU_SAMPLE, NULL);
    char *p = strstr(xml, "</p>");
    char *emoji = ad_xasprintf("%.*s😀%s", (int)(p - xml), xml, p);
    char *in = ad_xasprintf("%s/emoji.xml", dir);
    tu_write(in, emoji);
    char *log = NULL;
    int rc = S_archive(in, root, &log);
    ck_assert_msg(rc == 0, "%s", log);
    ck_assert_uint_eq(tu_count(log, "U+1F600"), 1);
    /* the warning names the input line of the paragraph (issue 14) */
    long line = 1;
    for (const char *q = xml; q < p; q++)
        line += *q == '\n';
    char *want = ad_xasprintf("%s:%ld: warning:", in, line);
    ck_assert_msg(strstr(log, want), "%s", log);
    ck_assert_msg(!strstr(log, "data/input"), "names the staged copy: %s", log);
    free(want);
    free(log);
    free(in);
    free(emoji);
    free(xml);
    free(root);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

START_TEST(hidden_template_files_stay_out)
{
    char *dir = tu_tmpdir();
    char *root = ad_xasprintf("%s/archive", dir);
    char *tpl = ad_xasprintf("%s/templates", dir);
    char *log = NULL;
    ck_assert_int_eq(tu_runf(NULL, "cp -r '%s/templates' '%s' && echo x > '%s/.DS_Store'",
                             AD_SOURCE_DIR, tpl, tpl), 0);
    int rc = tu_runf(&log, "'%s' archive '%s' --root '%s' --init --templates '%s' -q 2>&1", TU_AUDITDOC,
                     TU_SAMPLE, root, tpl);
    ck_assert_msg(rc == 0, "%s", log);
    free(log);
    char *ds = ad_xasprintf("%s/2025/first-half/rev-1/data/templates/.DS_Store", root);
    ck_assert(!ad_exists(ds));
    ck_assert_int_eq(tu_runf(&log, "'%s' verify '%s' 2>&1", TU_AUDITDOC, root), 0);
    free(log);
    free(ds);
    free(tpl);
    free(root);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("archive");
    TCase *tc = tcase_create("archive");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, archive_is_a_bag_and_refiling_is_a_noop);
    tcase_add_test(tc, verify_reports_tampering);
    tcase_add_test(tc, rebuild_reproduces_bytes);
    tcase_add_test(tc, concurrent_archive_runs);
    tcase_add_test(tc, hidden_template_files_stay_out);
    tcase_add_test(tc, archive_warnings_name_the_input);
    tcase_add_test(tc, archive_root_must_exist_or_be_initialised);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
