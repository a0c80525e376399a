/* test_templates.c — templates/wording.txt and layout.txt: loading the
 * project's own files, placeholders, the errors for a missing key and a bad
 * line (naming file, line and key), layout values, and finding the folders
 * (resources.c). */
#include <stdlib.h>
#include <string.h>

#include "resources.h"
#include "templates.h"
#include "testutil.h"
#include "util.h"

/* A copy of the project's templates folder in a new temporary folder. */
static char *S_copy_templates(char **tmp)
{
    *tmp = tu_tmpdir();
    char *src = tu_src("templates");
    char *dst = ad_xasprintf("%s/templates", *tmp);
    ck_assert_int_eq(tu_runf(NULL, "cp -r '%s' '%s'", src, dst), 0);
    free(src);
    return dst;
}

/* Rewrites dir/file with sed expression expr. */
static void S_sed(const char *dir, const char *file, const char *expr)
{
    ck_assert_int_eq(tu_runf(NULL, "sed -i -e '%s' '%s/%s'", expr, dir, file), 0);
}

START_TEST(project_templates_load)
{
    char *dir = tu_src("templates");
    ad_err e = {0};
    ad_templates *t = ad_templates_load(dir, &e);
    ck_assert_msg(t != NULL, "%s", e.msg);
    for (size_t i = 0; ad_wording_keys[i]; i++) {
        const char *v = ad_w(t, ad_wording_keys[i]);
        ck_assert_ptr_ne(v, ad_wording_keys[i]); /* found, not the key echoed */
    }
    for (size_t i = 0; ad_layout_keys[i]; i++)
        ck_assert_ptr_nonnull(ad_layout_str(t, ad_layout_keys[i], NULL));
    ck_assert_str_eq(ad_w(t, "report.col_ok"), "適正に実施している課");
    ck_assert_str_eq(ad_w(t, "report.col_ng"), "改善が必要な課");
    ck_assert_str_eq(ad_w(t, "none"), "なし");
    ck_assert_str_eq(ad_w(t, "legend"),
                     "○：適正    △：監査指導により改善    ×：改善を要する    -：該当なし");
    /* an unknown key shows itself, so a typo is visible in the output */
    ck_assert_str_eq(ad_w(t, "no.such.key"), "no.such.key");
    ck_assert_str_eq(t->dir, dir);
    char *p = ad_templates_path(t, "docx/styles.xml");
    ck_assert(strstr(p, "templates/docx/styles.xml") != NULL);
    free(p);
    ad_templates_free(t);
    ad_templates_free(NULL);
    free(dir);
}
END_TEST

START_TEST(placeholders)
{
    char *dir = tu_src("templates");
    ad_err e = {0};
    ad_templates *t = ad_templates_load(dir, &e);
    ck_assert_msg(t != NULL, "%s", e.msg);
    char *s = ad_wf(t, "agenda.title", "fiscal_year", "令和7年度", "number", "2", "committee",
                    "龍ヶ崎市情報セキュリティ委員会", NULL);
    ck_assert_str_eq(s, "令和7年度第2回龍ヶ崎市情報セキュリティ委員会");
    free(s);
    s = ad_wf(t, "report.title", "fiscal_year", "令和7年度", "term_part", "（上半期）", NULL);
    ck_assert_str_eq(s, "令和7年度（上半期）情報セキュリティ内部監査実施報告書");
    free(s);
    /* a placeholder without a value stays visible; a NULL value prints empty */
    s = ad_wf(t, "dept.advice", NULL);
    ck_assert_str_eq(s, "ただし、{advice}");
    free(s);
    s = ad_wf(t, "dept.advice", "advice", NULL, NULL);
    ck_assert_str_eq(s, "ただし、");
    free(s);
    s = ad_wf(t, "item.narrative", "text", "パソコンの取扱い", "detail", "デスクトップ", NULL);
    ck_assert_str_eq(s, "パソコンの取扱い(デスクトップ)");
    free(s);
    ad_templates_free(t);
    free(dir);
}
END_TEST

START_TEST(layout_values)
{
    char *dir = tu_src("templates");
    ad_err e = {0};
    ad_templates *t = ad_templates_load(dir, &e);
    ck_assert_msg(t != NULL, "%s", e.msg);
    ck_assert(ad_layout_num(t, "style.normal.size", 0) == 10.5);
    ck_assert(ad_layout_num(t, "no.such", 7.25) == 7.25);
    ck_assert(ad_layout_num(t, "style.normal.font", 3) == 3); /* not a number → default */
    ck_assert_str_eq(ad_layout_str(t, "style.normal.font", "x"), "mincho");
    ck_assert(ad_layout_bool(t, "dept.appendix", false) == true);
    ck_assert(ad_layout_bool(t, "style.normal.bold", true) == false);
    ck_assert(ad_layout_bool(t, "no.such", true) == true);
    ad_templates_free(t);
    free(dir);
}
END_TEST

START_TEST(missing_wording_key_names_file_and_key)
{
    char *tmp;
    char *dir = S_copy_templates(&tmp);
    S_sed(dir, "wording.txt", "/^legend = /d");
    ad_err e = {0};
    ad_templates *t = ad_templates_load(dir, &e);
    ck_assert_ptr_null(t);
    ck_assert_int_eq(e.status, AD_ERR_TEMPLATE);
    ck_assert_msg(strstr(e.msg, "wording.txt") && strstr(e.msg, "\"legend\""), "%s", e.msg);
    tu_rmrf(tmp);
    free(tmp);
    free(dir);
}
END_TEST

START_TEST(missing_layout_key_names_file_and_key)
{
    char *tmp;
    char *dir = S_copy_templates(&tmp);
    S_sed(dir, "layout.txt", "/^matrix.dept_width/d");
    ad_err e = {0};
    ad_templates *t = ad_templates_load(dir, &e);
    ck_assert_ptr_null(t);
    ck_assert_msg(strstr(e.msg, "layout.txt") && strstr(e.msg, "\"matrix.dept_width\""), "%s",
                  e.msg);
    tu_rmrf(tmp);
    free(tmp);
    free(dir);
}
END_TEST

START_TEST(bad_line_names_file_and_line)
{
    char *tmp;
    char *dir = S_copy_templates(&tmp);
    /* line 3 becomes a line without '=' */
    S_sed(dir, "wording.txt", "3s/.*/this line has no equals sign/");
    ad_err e = {0};
    ad_templates *t = ad_templates_load(dir, &e);
    ck_assert_ptr_null(t);
    ck_assert_msg(strstr(e.msg, "wording.txt:3: error:") != NULL, "%s", e.msg);
    ck_assert_msg(strstr(e.msg, "key = value") != NULL, "%s", e.msg);
    tu_rmrf(tmp);
    free(tmp);
    free(dir);
}
END_TEST

START_TEST(duplicate_key_and_missing_file)
{
    char *tmp;
    char *dir = S_copy_templates(&tmp);
    char *w = ad_xasprintf("%s/wording.txt", dir);
    char *old = tu_read(w, NULL);
    ck_assert_ptr_nonnull(old);
    char *more = ad_xasprintf("%s\nnone = ありません\n", old);
    ck_assert(tu_write(w, more));
    ad_err e = {0};
    ck_assert_ptr_null(ad_templates_load(dir, &e));
    ck_assert_msg(strstr(e.msg, "\"none\" is defined twice") != NULL, "%s", e.msg);

    /* no layout.txt at all */
    ck_assert(tu_write(w, old));
    char *l = ad_xasprintf("%s/layout.txt", dir);
    ck_assert_int_eq(remove(l), 0);
    memset(&e, 0, sizeof e);
    ck_assert_ptr_null(ad_templates_load(dir, &e));
    ck_assert_msg(strstr(e.msg, "layout.txt") && strstr(e.msg, "cannot read"), "%s", e.msg);
    free(l);
    free(more);
    free(old);
    free(w);
    tu_rmrf(tmp);
    free(tmp);
    free(dir);
}
END_TEST

START_TEST(comments_bom_and_changed_value)
{
    char *tmp;
    char *dir = S_copy_templates(&tmp);
    char *w = ad_xasprintf("%s/wording.txt", dir);
    char *old = tu_read(w, NULL);
    /* a byte order mark, a comment with '=' in it, blank lines, spaces */
    char *more = ad_xasprintf("\xEF\xBB\xBF# a = comment\n\n   \n%s\n", old);
    ck_assert(tu_write(w, more));
    S_sed(dir, "wording.txt", "s/^none = なし$/none   =   該当課なし  /");
    ad_err e = {0};
    ad_templates *t = ad_templates_load(dir, &e);
    ck_assert_msg(t != NULL, "%s", e.msg);
    ck_assert_str_eq(ad_w(t, "none"), "該当課なし");
    ad_templates_free(t);
    free(more);
    free(old);
    free(w);
    tu_rmrf(tmp);
    free(tmp);
    free(dir);
}
END_TEST

START_TEST(resource_dirs)
{
    ad_err e = {0};
    char *src = tu_src("templates");
    /* the user's folder wins */
    char *d = ad_resource_dir("templates", src, &e);
    ck_assert_str_eq(d, src);
    free(d);
    /* a user folder that does not exist is an error naming it */
    d = ad_resource_dir("templates", "/nonexistent/tpl", &e);
    ck_assert_ptr_null(d);
    ck_assert_msg(strstr(e.msg, "/nonexistent/tpl") != NULL, "%s", e.msg);

    /* AUDITDOC_DATA_DIR/<what> */
    char *tmp;
    char *copy = S_copy_templates(&tmp);
    setenv("AUDITDOC_DATA_DIR", tmp, 1);
    d = ad_resource_dir("templates", NULL, &e);
    ck_assert_ptr_nonnull(d);
    ck_assert_msg(strstr(d, "adtest") != NULL, "%s", d);
    free(d);
    unsetenv("AUDITDOC_DATA_DIR");

    /* without it, the build or source tree's templates are found */
    d = ad_resource_dir("templates", NULL, &e);
    ck_assert_msg(d != NULL, "%s", e.msg);
    char *wt = ad_xasprintf("%s/wording.txt", d);
    char *body = tu_read(wt, NULL);
    ck_assert_ptr_nonnull(body);
    free(body);
    free(wt);
    free(d);
    d = ad_resource_dir("fonts", NULL, &e);
    ck_assert_msg(d != NULL, "%s", e.msg);
    free(d);

    /* nothing anywhere: the message lists where it looked */
    d = ad_resource_dir("no-such-folder", NULL, &e);
    ck_assert_ptr_null(d);
    ck_assert_msg(strstr(e.msg, "looked in") != NULL, "%s", e.msg);
    tu_rmrf(tmp);
    free(tmp);
    free(copy);
    free(src);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("test_templates");
    TCase *tc = tcase_create("templates");
    tcase_add_test(tc, project_templates_load);
    tcase_add_test(tc, placeholders);
    tcase_add_test(tc, layout_values);
    tcase_add_test(tc, missing_wording_key_names_file_and_key);
    tcase_add_test(tc, missing_layout_key_names_file_and_key);
    tcase_add_test(tc, bad_line_names_file_and_line);
    tcase_add_test(tc, duplicate_key_and_missing_file);
    tcase_add_test(tc, comments_bom_and_changed_value);
    suite_add_tcase(s, tc);
    TCase *tr = tcase_create("resources");
    tcase_add_test(tr, resource_dirs);
    suite_add_tcase(s, tr);
    return tu_main(s);
}
