/* test_e2e_dept.c — each department's own result report PDF, built from the
 * sample and from a generated audit with long texts: the form's rows in
 * order, the department's own summary, findings and advice present, nothing
 * of any other department present, no text outside its cell or page, long
 * reports continuing onto further pages, metadata naming the department. */
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "fsutil.h"
#include "load.h"
#include "manifest.h"
#include "resources.h"
#include "templates.h"
#include "testutil.h"
#include "typeset_int.h"
#include "util.h"
#include "views.h"

/* Text with ASCII white space, U+2005 and U+3000 removed, so that line
 * breaks and 和欧間 spacing do not matter.  Newly allocated. */
static char *S_norm(const char *s)
{
    ad_buf b = {0};
    ad_buf_puts(&b, "");
    size_t n = strlen(s), i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = ad_utf8_decode(s + i, n - i, &cp);
        if (!(cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r' || cp == '\f' || cp == 0x2005 ||
              cp == 0x3000))
            ad_buf_put(&b, s + i, k);
        i += k;
    }
    return ad_buf_take(&b);
}

/* The first max_chars characters of s, normalised. */
static char *S_snippet(const char *s, size_t max_chars)
{
    char *n = S_norm(s);
    size_t i = 0, chars = 0, len = strlen(n);
    while (i < len && chars < max_chars) {
        uint32_t cp;
        i += ad_utf8_decode(n + i, len - i, &cp);
        chars++;
    }
    n[i] = '\0';
    return n;
}

static char *S_pdf_text(const char *pdf)
{
    char *raw = NULL;
    /* without the page footers ("- 2 -"), which interrupt text running over pages */
    ck_assert_int_eq(tu_runf(&raw, "pdftotext -enc UTF-8 '%s' - | sed '/^ *- *[0-9][0-9]* *- *$/d'", pdf), 0);
    char *n = S_norm(raw);
    free(raw);
    return n;
}

/* Every distinctive text of department d's own report, normalised snippets. */
typedef struct {
    char **v;
    size_t n, cap;
} strs;

static void S_push(strs *s, const char *text, size_t chars)
{
    if (text && *text)
        AD_VEC_PUSH(s->v, s->n, s->cap) = S_snippet(text, chars);
}

static strs S_own_texts(const ad_audit *a, size_t d)
{
    strs s = {0};
    const ad_dept_report *r = ad_audit_dept_report(a, d);
    S_push(&s, a->departments[d].name, 100);
    if (!r)
        return s;
    for (size_t i = 0; i < r->summary.n; i++)
        S_push(&s, r->summary.v[i].text, 24);
    for (size_t i = 0; i < r->n_findings; i++) { /* as printed: "● title：text" */
        char *f = ad_xasprintf("%s%s：%s", r->findings[i].title,
                               r->findings[i].repeat ? "（再指摘）" : "", r->findings[i].text);
        S_push(&s, f, 24);
        free(f);
    }
    S_push(&s, r->advice, 24);
    return s;
}

static void S_strs_free(strs *s)
{
    ad_strv_free(s->v, s->n);
    memset(s, 0, sizeof *s);
}

/* Checks every department PDF in out/departments against the model. */
static void S_check_departments(const char *input, const char *out)
{
    ad_diags dg;
    ad_diags_init(&dg);
    ad_audit *a = ad_load_file(input, &dg);
    ck_assert_msg(a, "%s does not load", input);
    ad_diags_free(&dg);
    char *dd = ad_xasprintf("%s/departments", out);
    size_t nf;
    char **files = ad_list_dir(dd, &nf);
    ck_assert_ptr_nonnull(files);
    ck_assert_uint_eq(nf, a->dept_reports.n_reports);
    static const char *const rows[] = {"監査目的", "監査範囲", "被監査部門", "監査方法",
                                       "監査実施日程", "監査項目", "適用基準"};
    for (size_t d = 0, f = 0; d < a->n_departments; d++) {
        if (!ad_audit_dept_report(a, d))
            continue;
        char *pdf = ad_xasprintf("%s/%s", dd, files[f++]);
        ck_assert_msg(strstr(pdf, a->departments[d].name) || strstr(pdf, "_"), "%s", pdf);
        char *text = S_pdf_text(pdf);
        /* the form's rows in order */
        const char *p = strstr(text, "情報セキュリティ内部監査結果報告書");
        ck_assert_msg(p, "%s: no title", pdf);
        for (size_t i = 0; i < 7; i++) {
            const char *q = strstr(p, rows[i]);
            ck_assert_msg(q, "%s: row %s missing or out of order", pdf, rows[i]);
            p = q;
        }
        /* its own texts present */
        strs own = S_own_texts(a, d);
        for (size_t i = 0; i < own.n; i++)
            ck_assert_msg(strstr(text, own.v[i]), "%s: lacks its own text '%s'", pdf, own.v[i]);
        const ad_dept_report *r = ad_audit_dept_report(a, d);
        if (r->n_findings == 0)
            ck_assert_msg(strstr(text, "（指摘事項）なし"), "%s: no なし", pdf);
        if (r->advice)
            ck_assert_msg(strstr(text, "ただし、"), "%s: no ただし、", pdf);
        /* nothing of any other department, unless its own text says the same */
        for (size_t o = 0; o < a->n_departments; o++) {
            if (o == d)
                continue;
            strs other = S_own_texts(a, o);
            for (size_t i = 0; i < other.n; i++) {
                bool shared = false;
                for (size_t k = 0; k < own.n && !shared; k++)
                    shared = strstr(own.v[k], other.v[i]) != NULL;
                if (!shared)
                    ck_assert_msg(!strstr(text, other.v[i]), "%s: holds '%s' of %s", pdf,
                                  other.v[i], a->departments[o].name);
            }
            S_strs_free(&other);
        }
        S_strs_free(&own);
        /* metadata names the department; the file is sound */
        char *info = NULL;
        ck_assert_int_eq(tu_runf(&info, "pdfinfo '%s'", pdf), 0);
        ck_assert_msg(strstr(info, a->departments[d].name), "%s: metadata: %s", pdf, info);
        free(info);
        ck_assert_int_eq(tu_runf(NULL, "qpdf --check '%s' >/dev/null 2>&1", pdf), 0);
        free(text);
        free(pdf);
    }
    ad_strv_free(files, nf);
    free(dd);
    ad_audit_free(a);
}

/* Renders every department document through the library and counts lines
 * that left their cell or page. */
static void S_check_no_overflow(const char *input, int *max_pages)
{
    tu_lib lib;
    tu_lib_open(&lib, input);
    const ad_audit *a = lib.audit;
    ad_templates *t = lib.tpl;
    ad_fonts *f = lib.fonts;
    ad_err e = {0};
    char *dir = tu_tmpdir();
    char *pdf = ad_xasprintf("%s/d.pdf", dir);
    *max_pages = 0;
    for (size_t d = 0; d < a->n_departments; d++) {
        ad_doc *doc = ad_compose_dept_doc(a, d, t);
        ad_ts_stats st = {0};
        tu_kinsoku k = {0};
        st.on_line = tu_kinsoku_line;
        st.ud = &k;
        ck_assert_int_eq(ad_pdf_write_stats(doc, f, pdf, NULL, &st, &e), AD_OK);
        ck_assert_msg(k.violations == 0, "%s: %ld kinsoku violations, first: %s",
                      a->departments[d].name, k.violations, k.first_bad);
        ck_assert_int_eq(k.lines, st.lines);
        ck_assert_msg(st.overflows == 0, "%s: %ld lines outside their box", a->departments[d].name,
                      st.overflows);
        ck_assert_int_gt(st.lines, 20);
        if (st.pages > *max_pages)
            *max_pages = st.pages;
        ad_doc_free(doc);
    }
    free(pdf);
    tu_rmrf(dir);
    free(dir);
    tu_lib_close(&lib);
}

START_TEST(sample_departments)
{
    char *dir = tu_tmpdir();
    char *out = ad_xasprintf("%s/out", dir);
    char *log = NULL;
    int rc = tu_runf(&log, "'%s' build '%s' -o '%s' -q 2>&1", TU_AUDITDOC, TU_SAMPLE, out);
    ck_assert_msg(rc == 0, "%s", log);
    free(log);
    S_check_departments(TU_SAMPLE, out);
    int pages;
    S_check_no_overflow(TU_SAMPLE, &pages);
    free(out);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* An audit of three departments; the first has a 3,000-character summary,
 * ten findings and advice, the others short distinctive texts. */
static char *S_long_audit(void)
{
    ad_buf b = {0};
    ad_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<audit version=\"1\" fiscal-year=\"2026\" term=\"second-half\">\n"
                    "<organization><name>試験市</name></organization>\n"
                    "<departments>\n"
                    "<department id=\"alpha\" short=\"甲\">甲野情報管理課</department>\n"
                    "<department id=\"beta\" short=\"乙\">乙川文書課</department>\n"
                    "<department id=\"gamma\" short=\"丙\">丙山会計課</department>\n"
                    "</departments>\n"
                    "<systems><system id=\"s1\">庁内基幹システム</system></systems>\n"
                    "<checklist id=\"c\" layout=\"matrix\" title=\"結果一覧\">\n"
                    "<section id=\"s\" numeral=\"I\" title=\"人的セキュリティに関して\">\n");
    for (int i = 1; i <= 12; i++)
        ad_buf_printf(&b, "<item no=\"%d\"><text>点検項目%d（パスワードと記録媒体の管理状況の確認）</text>"
                          "<marks>%s ○ %s</marks></item>\n",
                      i, i, i % 3 == 0 ? "×" : "○", i == 5 ? "×" : "△");
    ad_buf_puts(&b, "</section></checklist>\n<department-reports date=\"2026-12-01\">\n<defaults>"
                    "<purpose>情報資産の保護に努める。</purpose><scope><system ref=\"s1\"/></scope>"
                    "<methods><method>書類の確認<sub>ログの確認</sub></method></methods>"
                    "<schedule>2026-11-10</schedule><topics etc=\"true\"><topic>管理状況</topic></topics>"
                    "<standards><standard>試験市情報セキュリティ規則</standard></standards>"
                    "</defaults>\n<department-report dept=\"alpha\"><summary><p>");
    for (int i = 0; i < 90; i++) /* over 3,000 characters */
        ad_buf_printf(&b, "第%d文、甲野課では端末の管理台帳とUSBメモリの貸出記録を照合した。", i + 1);
    ad_buf_puts(&b, "</p></summary><findings>\n");
    for (int i = 1; i <= 10; i++)
        ad_buf_printf(&b, "<finding title=\"甲野指摘%d号\"%s>甲野課の指摘事項%d：管理台帳の記載漏れが"
                          "確認されたため、所属長の確認の下で台帳を整備し、結果を事務局へ報告すること。"
                          "再発防止策として、月次点検の手順を文書化し、課内で共有すること。</finding>\n",
                      i, i == 2 ? " repeat=\"true\"" : "", i);
    ad_buf_puts(&b, "</findings><advice>甲野課は研修の受講記録を整理されたい。</advice></department-report>\n"
                    "<department-report dept=\"beta\"><summary><p>乙川課は概ね適正に運用されている。</p>"
                    "</summary><findings><finding title=\"乙川固有の指摘\">乙川課の文書庫の施錠。</finding>"
                    "</findings><advice>乙川課の助言文。</advice></department-report>\n"
                    "<department-report dept=\"gamma\"><summary><p>丙山課は適正に運用されている。</p>"
                    "</summary></department-report>\n</department-reports>\n</audit>\n");
    return ad_buf_take(&b);
}

START_TEST(long_reports_continue_cleanly)
{
    char *dir = tu_tmpdir();
    char *xml = S_long_audit();
    char *in = ad_xasprintf("%s/long.xml", dir);
    tu_write(in, xml);
    char *out = ad_xasprintf("%s/out", dir);
    char *log = NULL;
    int rc = tu_runf(&log, "'%s' build '%s' -o '%s' -q 2>&1", TU_AUDITDOC, in, out);
    ck_assert_msg(rc == 0, "%s", log);
    free(log);
    S_check_departments(in, out);
    int pages;
    S_check_no_overflow(in, &pages);
    ck_assert_int_ge(pages, 2);
    /* the whole long summary and every finding made it into alpha's PDF */
    ad_diags dg;
    ad_diags_init(&dg);
    ad_audit *a = ad_load_file(in, &dg);
    ad_diags_free(&dg);
    char *pdf = ad_xasprintf("%s/departments/01_甲野情報管理課.pdf", out);
    char *text = S_pdf_text(pdf);
    const ad_dept_report *r = ad_audit_dept_report(a, 0);
    ck_assert_uint_ge(ad_utf8_len(r->summary.v[0].text), 3000);
    char *whole = S_norm(r->summary.v[0].text);
    ck_assert_msg(strstr(text, whole), "the long summary is not all there");
    free(whole);
    ck_assert_uint_eq(r->n_findings, 10);
    for (size_t i = 0; i < r->n_findings; i++) {
        char *f = S_norm(r->findings[i].text);
        ck_assert_msg(strstr(text, f), "finding %zu is not all there", i + 1);
        free(f);
    }
    ck_assert_msg(strstr(text, "（再指摘）"), "the repeated finding is not marked");
    char *info = NULL;
    tu_runf(&info, "pdfinfo '%s' | sed -n 's/^Pages: *//p'", pdf);
    ck_assert_int_ge(atoi(info), 2);
    free(info);
    free(text);
    free(pdf);
    ad_audit_free(a);
    free(out);
    free(in);
    free(xml);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("e2e_dept");
    TCase *tc = tcase_create("departments");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, sample_departments);
    tcase_add_test(tc, long_reports_continue_cleanly);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
