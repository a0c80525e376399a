/* test_e2e_packet.c — the committee packet PDF built from the sample:
 * structurally sound (qpdf), every part and every department report in the
 * outline, agenda entries linked to their parts, landscape matrix pages inside
 * a portrait document, page numbers on every page, fonts embedded, all text of
 * the reference's parts extractable in order. */
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "fsutil.h"
#include "load.h"
#include "resources.h"
#include "testutil.h"
#include "typeset_int.h"
#include "util.h"

static char *S_dir, *S_out, *S_pdf;

static void S_setup(void)
{
    S_dir = tu_tmpdir();
    S_out = ad_xasprintf("%s/out", S_dir);
    S_pdf = ad_xasprintf("%s/packet.pdf", S_out);
    char *log = NULL;
    int rc = tu_runf(&log, "SOURCE_DATE_EPOCH=1760486400 '%s' build '%s' -o '%s' -q 2>&1",
                     TU_AUDITDOC, TU_SAMPLE, S_out);
    ck_assert_msg(rc == 0, "build failed: %s", log);
    free(log);
}

static void S_teardown(void)
{
    tu_rmrf(S_dir);
    free(S_dir);
    free(S_out);
    free(S_pdf);
}

START_TEST(qpdf_check_and_fonts)
{
    char *log = NULL;
    ck_assert_msg(tu_runf(&log, "qpdf --check '%s' 2>&1", S_pdf) == 0, "%s", log);
    free(log);
    ck_assert_int_eq(tu_runf(&log, "pdffonts '%s'", S_pdf), 0);
    /* every font line says emb yes / uni yes */
    ck_assert_msg(strstr(log, "BIZUD"), "%s", log);
    char *line = strtok(log, "\n");
    int fonts = 0;
    for (int i = 0; line; line = strtok(NULL, "\n"), i++) {
        if (i < 2)
            continue;
        fonts++;
        ck_assert_msg(strstr(line, " yes yes yes ") || strstr(line, " yes yes  yes "),
                      "font not embedded+subset+unicode: %s", line);
    }
    ck_assert_int_gt(fonts, 0);
    free(log);
}
END_TEST

START_TEST(outline_lists_every_part_and_department)
{
    char *json = NULL;
    ck_assert_int_eq(tu_runf(&json, "qpdf --json --json-key=outlines '%s'", S_pdf), 0);
    const char *const titles[] = {
        "まちの魅力創造課", "税務課", "納税課", "こども家庭センター",
        "スポーツ推進課", "商工観光課", "保育課", "フリーメールの使用について",
        "実施報告書", "結果一覧",
    };
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
        ck_assert_msg(strstr(json, titles[i]), "outline lacks %s:\n%s", titles[i], json);
    ck_assert_uint_ge(tu_count(json, "\"title\":"), 11);
    free(json);
}
END_TEST

START_TEST(agenda_links_to_parts)
{
    char *qdf = ad_xasprintf("%s/qdf.pdf", S_dir);
    char *log = NULL;
    ck_assert_int_eq(tu_runf(&log, "qpdf --qdf --object-streams=disable '%s' '%s' 2>&1", S_pdf, qdf), 0);
    free(log);
    size_t len;
    char *text = tu_read(qdf, &len);
    ck_assert_ptr_nonnull(text);
    for (size_t i = 0; i < len; i++) /* the binary streams (ICC profile, fonts) hold NULs */
        if (!text[i])
            text[i] = ' ';
    /* two agenda items name a part (report, free-mail); each is a link annotation */
    ck_assert_uint_ge(tu_count(text, "/Subtype /Link"), 2);
    free(text);
    free(qdf);
}
END_TEST

START_TEST(landscape_matrix_inside_portrait_packet)
{
    char *info = NULL;
    ck_assert_int_eq(tu_runf(&info, "pdfinfo -f 1 -l 999 '%s'", S_pdf), 0);
    size_t portrait = tu_count(info, "595.3 x 841.9 pts");
    size_t landscape = tu_count(info, "841.9 x 595.3 pts");
    ck_assert_msg(portrait >= 10, "portrait pages: %zu\n%s", portrait, info);
    ck_assert_msg(landscape >= 2, "landscape pages: %zu\n%s", landscape, info);
    free(info);
}
END_TEST

START_TEST(text_in_reading_order)
{
    char *text = NULL;
    ck_assert_int_eq(tu_runf(&text, "pdftotext -enc UTF-8 '%s' - | tr -d ' \\n\\f'", S_pdf), 0);
    /* the parts in agenda order */
    const char *const order[] = {
        "令和7年度第2回龍ヶ崎市情報セキュリティ委員会",
        "令和7年10月15日（水）",
        "令和7年度（上半期）情報セキュリティ内部監査実施報告書",
        "監査目的",
        "令和7年9月2日（火）",
        "適正に実施している課",
        "令和7年度（上半期）情報セキュリティ内部監査結果一覧",
        "人的セキュリティに関して",
        "関係事務のみ",
        "情報セキュリティ内部監査結果報告書",
        "まちの魅力創造課",
        "ファイルサーバ内のデータ整理に努められたい",
        "保育課",
        "ファイル整理",
        "フリーメールの使用について",
        "管財課からの依頼に基づき",
    };
    const char *p = text;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *q = strstr(p, order[i]);
        ck_assert_msg(q, "'%s' missing or out of order", order[i]);
        p = q + strlen(order[i]);
    }
    ck_assert_uint_ge(tu_count(text, "情報セキュリティ内部監査結果報告書"), 7);
    ck_assert_msg(strstr(text, "イントラネット") && !strstr(text, "트라"), "scanning error kept");
    free(text);
}
END_TEST

START_TEST(page_numbers_on_every_page)
{
    char *info = NULL;
    tu_runf(&info, "pdfinfo '%s' | sed -n 's/^Pages: *//p'", S_pdf);
    int pages = atoi(info);
    free(info);
    ck_assert_int_ge(pages, 12);
    for (int pg = 1; pg <= pages; pg++) {
        char *t = NULL;
        tu_runf(&t, "pdftotext -layout -enc UTF-8 -f %d -l %d '%s' -", pg, pg, S_pdf);
        char num[16];
        snprintf(num, sizeof num, "%d", pg);
        /* the page's last non-empty line carries its number */
        char *last = NULL;
        for (char *l = strtok(t, "\n\f"); l; l = strtok(NULL, "\n\f"))
            if (strspn(l, " ") != strlen(l))
                last = l;
        ck_assert_msg(last && strstr(last, num), "page %d ends with '%s'", pg, last ? last : "");
        free(t);
    }
}
END_TEST

/* The packet through the library: every line drawn obeys kinsoku and
 * stays inside its cell or text area. */
START_TEST(every_line_in_place)
{
    tu_lib lib;
    tu_lib_open(&lib, TU_SAMPLE);
    ad_audit *a = lib.audit;
    ad_templates *t = lib.tpl;
    ad_fonts *f = lib.fonts;
    ad_err e = {0};
    setenv("SOURCE_DATE_EPOCH", "1760486400", 1); /* as the CLI build in S_setup */
    ad_doc *d = ad_compose_packet(a, t);
    unsetenv("SOURCE_DATE_EPOCH");
    char *pdf = ad_xasprintf("%s/lib-packet.pdf", S_dir);
    ad_ts_stats st = {0};
    tu_kinsoku k = {0};
    st.on_line = tu_kinsoku_line;
    st.ud = &k;
    ck_assert_int_eq(ad_pdf_write_stats(d, f, pdf, NULL, &st, &e), AD_OK);
    ck_assert_int_eq(st.overflows, 0);
    ck_assert_int_gt(k.lines, 500);
    ck_assert_msg(k.violations == 0, "%ld kinsoku violations, first: %s", k.violations,
                  k.first_bad);
    /* the library's packet is the CLI's packet */
    char *cmd_hash = NULL, *lib_hash = NULL;
    tu_runf(&cmd_hash, "sha256sum < '%s'", S_pdf);
    tu_runf(&lib_hash, "sha256sum < '%s'", pdf);
    ck_assert_str_eq(cmd_hash, lib_hash);
    free(cmd_hash);
    free(lib_hash);
    free(pdf);
    ad_doc_free(d);
    tu_lib_close(&lib);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("e2e_packet");
    TCase *tc = tcase_create("packet");
    tcase_set_timeout(tc, 300);
    tcase_add_checked_fixture(tc, S_setup, S_teardown);
    tcase_add_test(tc, qpdf_check_and_fonts);
    tcase_add_test(tc, outline_lists_every_part_and_department);
    tcase_add_test(tc, agenda_links_to_parts);
    tcase_add_test(tc, landscape_matrix_inside_portrait_packet);
    tcase_add_test(tc, text_in_reading_order);
    tcase_add_test(tc, page_numbers_on_every_page);
    tcase_add_test(tc, every_line_in_place);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
