/* test_load.c — the loader (load.c), the structure rules and the schema,
 * the spec's checks (load_checks.c), the model helpers (model.c) and the dump.
 *
 * Most tests start from tests/data/full.xml (valid, no warnings, every
 * element of the format), change one thing, and assert the exact message
 * fragment and the line it must name.  Lines are found by searching the
 * changed text, so the tests follow edits of full.xml. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load.h"
#include "testutil.h"
#include "util.h"
#include "views.h"

/* ---- helpers --------------------------------------------------------------- */

static char *S_base(void)
{
    char *p = tu_src("tests/data/full.xml");
    char *s = tu_read(p, NULL);
    free(p);
    ck_assert_ptr_nonnull(s);
    return s;
}

/* s with the first `from` replaced by `to` (which must exist); frees s */
static char *S_sub(char *s, const char *from, const char *to)
{
    char *p = strstr(s, from);
    ck_assert_msg(p != NULL, "test bug: \"%s\" not in the input", from);
    char *r = ad_xasprintf("%.*s%s%s", (int)(p - s), s, to, p + strlen(from));
    free(s);
    return r;
}

/* full.xml with one replacement */
static char *S_mut(const char *from, const char *to) { return S_sub(S_base(), from, to); }

/* 1-based line of the first occurrence of needle */
static long S_line_of(const char *s, const char *needle)
{
    const char *p = strstr(s, needle);
    ck_assert_msg(p != NULL, "test bug: \"%s\" not found", needle);
    long line = 1;
    for (const char *q = s; q < p; q++)
        if (*q == '\n')
            line++;
    return line;
}

typedef struct {
    ad_diags d;
    ad_audit *a;
    char *all; /* every diagnostic, formatted, one per line */
} S_res;

static S_res S_load(const char *xml)
{
    S_res r;
    ad_diags_init(&r.d);
    r.a = ad_load_memory(xml, strlen(xml), "t.xml", &r.d);
    ad_buf b = {0};
    ad_buf_put(&b, "", 0);
    for (size_t i = 0; i < r.d.n; i++) {
        char *s = ad_diag_format(&r.d.v[i]);
        ad_buf_printf(&b, "%s\n", s);
        free(s);
    }
    r.all = ad_buf_take(&b);
    return r;
}

static void S_done(S_res *r)
{
    ad_audit_free(r->a);
    ad_diags_free(&r->d);
    free(r->all);
}

static bool S_has(const S_res *r, ad_severity sev, long line, const char *frag)
{
    for (size_t i = 0; i < r->d.n; i++)
        if (r->d.v[i].sev == sev && r->d.v[i].line == line && strstr(r->d.v[i].msg, frag))
            return true;
    return false;
}

#define ASSERT_ERR(r, line, frag)                                                           \
    ck_assert_msg(S_has(&(r), AD_DIAG_ERROR, (line), (frag)),                               \
                  "expected error on line %ld with \"%s\"; got:\n%s", (long)(line), (frag), \
                  (r).all)
#define ASSERT_WARN(r, line, frag)                                                            \
    ck_assert_msg(S_has(&(r), AD_DIAG_WARNING, (line), (frag)),                               \
                  "expected warning on line %ld with \"%s\"; got:\n%s", (long)(line), (frag), \
                  (r).all)

/* load xml, expect failure with the error (and free everything) */
static void S_expect_error(char *xml, long line, const char *frag)
{
    S_res r = S_load(xml);
    ASSERT_ERR(r, line, frag);
    ck_assert_ptr_null(r.a);
    S_done(&r);
    free(xml);
}

/* load xml, expect success with the warning and exactly n warnings */
static void S_expect_warning(char *xml, long line, const char *frag, size_t n)
{
    S_res r = S_load(xml);
    ASSERT_WARN(r, line, frag);
    ck_assert_msg(r.d.n_errors == 0, "unexpected errors:\n%s", r.all);
    ck_assert_msg(r.d.n_warnings == n, "expected %zu warnings, got:\n%s", n, r.all);
    ck_assert_ptr_nonnull(r.a);
    S_done(&r);
    free(xml);
}

/* ---- the valid file ----------------------------------------------------------- */

START_TEST(full_loads_without_diagnostics)
{
    char *xml = S_base();
    S_res r = S_load(xml);
    ck_assert_msg(r.d.n == 0, "diagnostics on a valid file:\n%s", r.all);
    ck_assert_ptr_nonnull(r.a);
    const ad_audit *a = r.a;
    ck_assert_int_eq(a->version, 1);
    ck_assert_int_eq(a->fiscal_year, 2025);
    ck_assert_int_eq(a->term, AD_TERM_FIRST_HALF);
    ck_assert_str_eq(a->org.name, "テスト市");
    ck_assert_str_eq(a->org.secretariat, "デジタル推進課");
    ck_assert(a->meeting.present);
    ck_assert_int_eq(a->meeting.number, 2);
    ck_assert_int_eq(a->meeting.date.d, 15);
    ck_assert_str_eq(a->meeting.place, "庁議室");
    ck_assert_uint_eq(a->meeting.n_agenda, 3);
    ck_assert_str_eq(a->meeting.agenda[1].ref, "free-mail");
    ck_assert_ptr_null(a->meeting.agenda[2].ref);
    ck_assert_uint_eq(a->n_departments, 3);
    ck_assert_str_eq(a->departments[2].short_name, "保育");
    ck_assert(a->departments[2].special);
    ck_assert(!a->departments[0].special);
    ck_assert_uint_eq(a->n_systems, 2);
    ck_assert_str_eq(a->report.id, "report");
    ck_assert_uint_eq(a->report.n_audit_dates, 2);
    ck_assert_uint_eq(a->report.n_auditors, 2);
    ck_assert_str_eq(a->report.auditors[0].title, "監査実施責任者");
    ck_assert_uint_eq(a->report.n_criteria, 2);
    ck_assert_uint_eq(a->report.criteria[0].n_rules, 2);
    /* white space: a line break between two Japanese characters vanishes */
    ck_assert_str_eq(a->report.purpose.v[0].text, "監査は、規程に基づき点検するものである。");
    /* <br/> is a line break, the indentation after it is dropped */
    ck_assert_str_eq(a->report.purpose.v[1].text, "二行目\n改行後");
    /* loose text is a paragraph; lists nest */
    ck_assert_uint_eq(a->report.summary.n, 3);
    ck_assert_int_eq(a->report.summary.v[0].kind, AD_BLOCK_P);
    ck_assert_str_eq(a->report.summary.v[0].text, "総評の本文。");
    ck_assert_int_eq(a->report.summary.v[1].kind, AD_BLOCK_UL);
    ck_assert_uint_eq(a->report.summary.v[1].children.n, 2);
    ck_assert_int_eq(a->report.summary.v[1].children.v[1].children.v[0].kind, AD_BLOCK_OL);
    ck_assert_int_eq(a->report.summary.v[2].kind, AD_BLOCK_H);
    /* checklists */
    ck_assert_uint_eq(a->n_checklists, 2);
    ck_assert_int_eq(a->checklists[0].layout, AD_LAYOUT_NARRATIVE);
    ck_assert_int_eq(a->checklists[1].layout, AD_LAYOUT_MATRIX);
    const ad_item *it = &a->checklists[0].sections[0].items[1];
    ck_assert_int_eq(it->marks[0], AD_MARK_OK);       /* o */
    ck_assert_int_eq(it->marks[1], AD_MARK_IMPROVED); /* ^ */
    ck_assert_int_eq(it->marks[2], AD_MARK_NA);       /* - */
    ck_assert_int_eq(it->marks_line, S_line_of(xml, "<marks>o ^ -</marks>"));
    ck_assert_ptr_null(it->detail);
    const ad_note_row *nr = &a->checklists[1].sections[0].notes[0];
    ck_assert_str_eq(nr->cells[2], "保育 子ども・子育て");
    /* department reports */
    const ad_dept_reports *dr = &a->dept_reports;
    ck_assert(dr->present);
    ck_assert_uint_eq(dr->defaults.n_scope, 2);
    ck_assert_uint_eq(dr->defaults.n_methods, 2);
    ck_assert_str_eq(dr->defaults.methods[1].text, "遠隔操作による確認");
    ck_assert_uint_eq(dr->defaults.methods[1].n_subs, 2);
    ck_assert(dr->defaults.topics.etc);
    ck_assert(!dr->defaults.standards.etc);
    ck_assert_uint_eq(dr->n_reports, 3);
    ck_assert(dr->reports[1].form.has_scope);
    ck_assert_uint_eq(dr->reports[1].form.scope[0], 1);
    ck_assert(!dr->reports[0].form.has_scope);
    ck_assert_str_eq(dr->reports[0].advice, "データ整理に努められたい。");
    ck_assert_uint_eq(dr->reports[2].n_findings, 1);
    ck_assert(dr->reports[2].findings[0].repeat);
    ck_assert_str_eq(dr->reports[2].findings[0].title, "対応手順書の整備");
    ck_assert_ptr_eq(ad_audit_dept_report(a, 2), &dr->reports[2]);
    ck_assert_uint_eq(a->n_agenda_docs, 1);
    ck_assert_uint_eq(a->agenda_docs[0].body.n, 3);
    ck_assert_str_eq(a->agenda_docs[0].body.v[2].text, "本文の段落。");
    S_done(&r);
    free(xml);
}
END_TEST

START_TEST(model_helpers)
{
    ad_mark m;
    static const char *const ok[] = {"○", "o", "◯", "〇"}, *const imp[] = {"△", "^"},
                             *const ng[] = {"×", "x", "X", "✕"}, *const na[] = {"-", "－", "ー"};
    for (size_t i = 0; i < 4; i++)
        ck_assert(ad_mark_parse(ok[i], &m) && m == AD_MARK_OK);
    for (size_t i = 0; i < 2; i++)
        ck_assert(ad_mark_parse(imp[i], &m) && m == AD_MARK_IMPROVED);
    for (size_t i = 0; i < 4; i++)
        ck_assert(ad_mark_parse(ng[i], &m) && m == AD_MARK_NG);
    for (size_t i = 0; i < 3; i++)
        ck_assert(ad_mark_parse(na[i], &m) && m == AD_MARK_NA);
    ck_assert(!ad_mark_parse("◎", &m));
    ck_assert(!ad_mark_parse("", &m));
    ck_assert(!ad_mark_parse("oo", &m));
    ck_assert(!ad_mark_parse(NULL, &m));
    ck_assert_str_eq(ad_mark_symbol(AD_MARK_OK), "○");
    ck_assert_str_eq(ad_mark_symbol(AD_MARK_IMPROVED), "△");
    ck_assert_str_eq(ad_mark_symbol(AD_MARK_NG), "×");
    ck_assert_str_eq(ad_mark_symbol(AD_MARK_NA), "-");

    char *xml = S_base();
    S_res r = S_load(xml);
    ck_assert_uint_eq(ad_audit_dept_index(r.a, "zeimu"), 1);
    ck_assert_uint_eq(ad_audit_dept_index(r.a, "nope"), (size_t)-1);
    ck_assert_uint_eq(ad_audit_system_index(r.a, "kikan"), 1);
    ck_assert_uint_eq(ad_audit_system_index(r.a, NULL), (size_t)-1);
    ck_assert_ptr_null(ad_audit_dept_report(r.a, 99));
    ad_audit_free(NULL);
    ad_blocks_free(NULL);
    ad_form_free(NULL);
    S_done(&r);
    free(xml);
}
END_TEST

START_TEST(dump_prints_model_and_derived_lists)
{
    char *xml = S_base();
    S_res r = S_load(xml);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ad_dump_audit(r.a, f);
    fclose(f);
    ck_assert_msg(strstr(buf, "audit version=1 fiscal-year=2025 (令和7年度) term=first-half (上半期)"), "%s", buf);
    ck_assert_msg(strstr(buf, "      marks: ○ ○ ×\n"), "%s", buf);
    ck_assert_msg(strstr(buf, "      適正に実施している課: まちの魅力創造課、税務課\n"
                              "      改善が必要な課: 保育課\n"), "%s", buf);
    ck_assert_msg(strstr(buf, "改善が必要な課: なし\n"), "%s", buf);
    ck_assert_msg(strstr(buf, "p: 二行目\\n改行後\n"), "%s", buf);
    ck_assert_msg(strstr(buf, "date: 2025-10-15 (令和7年10月15日（水）)"), "%s", buf);
    ck_assert_msg(strstr(buf, "marks (derived): ○ 0, △ 0, × 2, - 1"), "%s", buf);
    /* the matrix checklist has no narrative lists */
    ck_assert_uint_eq(tu_count(buf, "適正に実施している課"), 2);
    free(buf);
    S_done(&r);
    free(xml);
}
END_TEST

/* ---- errors of the spec's Checks section -------------------------------------- */

START_TEST(err_marks_row_count)
{
    char *xml = S_mut("<marks>○ ○ ×</marks>", "<marks>○ ×</marks>");
    S_expect_error(xml, S_line_of(xml, "<marks>○ ×</marks>"),
                   "marks row has 2 marks, expected 3 (one per department: まち, 税務, 保育)");
    xml = S_mut("<marks>○ △ ×</marks>", "<marks>○ △ × ○</marks>");
    S_expect_error(xml, S_line_of(xml, "<marks>○ △ × ○</marks>"), "marks row has 4 marks, expected 3");
}
END_TEST

START_TEST(err_note_row_count)
{
    char *xml = S_mut("<cell>税務</cell> ", "");
    S_expect_error(xml, S_line_of(xml, "<note-row"),
                   "note row \"備考\" has 2 cells, expected 3 (one per department: まち, 税務, 保育)");
}
END_TEST

START_TEST(err_unknown_mark)
{
    char *xml = S_mut("<marks>○ ○ ×</marks>", "<marks>○ ◎ ×</marks>");
    S_expect_error(xml, S_line_of(xml, "◎"), "unknown mark \"◎\" at position 2 (税務)");
}
END_TEST

START_TEST(err_id_not_file_name_safe)
{
    char *xml = S_mut("<checklist id=\"detail\"", "<checklist id=\"Detail_1\"");
    S_expect_error(xml, S_line_of(xml, "Detail_1"),
                   "id \"Detail_1\" of this <checklist> is not safe for file names: use lower-case "
                   "ASCII letters, digits and -, starting with a letter (for example \"detail-1\")");
    xml = S_mut("<section id=\"human\" title=\"人的", "<section id=\"人的\" title=\"人的");
    S_expect_error(xml, S_line_of(xml, "<section id=\"人的\""), "id \"人的\" of this <section> is not safe");
    xml = S_mut("<agenda-document id=\"free-mail\"", "<agenda-document id=\"1st\"");
    S_expect_error(xml, S_line_of(xml, "id=\"1st\""), "id \"1st\" of this <agenda-document> is not safe");
}
END_TEST

START_TEST(err_id_used_twice)
{
    /* file scope: a checklist id equal to another checklist's */
    char *xml = S_mut("<checklist id=\"summary\"", "<checklist id=\"detail\"");
    long first = S_line_of(xml, "<checklist id=\"detail\"");
    char *second = strstr(strstr(xml, "<checklist id=\"detail\"") + 1, "<checklist id=\"detail\"");
    long line = 1;
    for (const char *q = xml; q < second; q++)
        line += *q == '\n';
    char *want = ad_xasprintf("id \"detail\" of this <checklist> is already used by the <checklist> "
                              "on line %ld; ids must be unique in the file", first);
    S_expect_error(xml, line, want);
    free(want);
    /* file scope across kinds: an agenda-document named like the report */
    xml = S_mut("<agenda-document id=\"free-mail\"", "<agenda-document id=\"report\"");
    want = ad_xasprintf("already used by the <report> on line %ld", S_line_of(xml, "<report id="));
    S_expect_error(xml, S_line_of(xml, "<agenda-document id=\"report\""), want);
    free(want);
    /* departments */
    xml = S_mut("<department id=\"zeimu\"", "<department id=\"machi\"");
    S_expect_error(xml, S_line_of(xml, "<department id=\"machi\" short=\"税務\""),
                   "id \"machi\" of this <department> is already used by the <department>");
}
END_TEST

START_TEST(err_section_id_unique_within_checklist)
{
    /* the same section id in two checklists is fine (full.xml has "human" twice) … */
    char *xml = S_base();
    S_res r = S_load(xml);
    ck_assert_ptr_nonnull(r.a);
    S_done(&r);
    free(xml);
    /* … but not twice in one checklist */
    xml = S_mut("  </checklist>\n  <checklist id=\"summary\"",
                "    <section id=\"human\" title=\"再掲\"><item><text>t</text><marks>○ ○ ○</marks></item></section>\n"
                "  </checklist>\n  <checklist id=\"summary\"");
    S_expect_error(xml, S_line_of(xml, "title=\"再掲\""),
                   "id \"human\" of this <section> is already used by the <section> on line");
}
END_TEST

START_TEST(err_dangling_department)
{
    char *xml = S_mut("<department-report dept=\"zeimu\">", "<department-report dept=\"zeimi\">");
    S_expect_error(xml, S_line_of(xml, "dept=\"zeimi\""),
                   "department report for dept=\"zeimi\", which is not a listed department "
                   "(ids in <departments>: machi, zeimu, hoiku)");
}
END_TEST

START_TEST(err_dangling_system)
{
    char *xml = S_mut("<scope><system ref=\"kikan\"/></scope>", "<scope><system ref=\"kikan2\"/></scope>");
    S_expect_error(xml, S_line_of(xml, "kikan2"),
                   "<system ref=\"kikan2\"> names no system in <systems> (ids: intranet, kikan)");
}
END_TEST

START_TEST(err_dangling_document)
{
    char *xml = S_mut("<item ref=\"free-mail\">", "<item ref=\"free-mal\">");
    S_expect_error(xml, S_line_of(xml, "free-mal"),
                   "agenda item refers to ref=\"free-mal\", but no <report> or <agenda-document> "
                   "has that id (ids: report, free-mail)");
}
END_TEST

START_TEST(err_impossible_date)
{
    char *xml = S_mut("date=\"2025-10-15\"", "date=\"2025-02-29\"");
    S_expect_error(xml, S_line_of(xml, "2025-02-29"), "the meeting date \"2025-02-29\" is an impossible date");
    xml = S_mut("<audit-date>2025-09-03</audit-date>", "<audit-date>2025/9/3</audit-date>");
    S_expect_error(xml, S_line_of(xml, "2025/9/3"),
                   "<audit-date> \"2025/9/3\" is not a date: write it as YYYY-MM-DD");
    xml = S_mut("<schedule>2025-09-02</schedule>", "<schedule>1988-12-31</schedule>");
    S_expect_error(xml, S_line_of(xml, "1988-12-31"), "<schedule> \"1988-12-31\" is outside the years 1989–2100");
    xml = S_mut("<department-reports date=\"2025-10-16\">", "<department-reports date=\"2025-13-01\">");
    S_expect_error(xml, S_line_of(xml, "2025-13-01"), "the department-reports date \"2025-13-01\" is an impossible date");
    /* a leap day is fine */
    xml = S_mut("date=\"2025-10-15\"", "date=\"2024-02-29\"");
    S_res r = S_load(xml);
    ck_assert_msg(r.a != NULL, "%s", r.all);
    S_done(&r);
    free(xml);
}
END_TEST

START_TEST(err_fiscal_year_range)
{
    char *xml = S_mut("fiscal-year=\"2025\"", "fiscal-year=\"1988\"");
    S_expect_error(xml, 3, "fiscal-year=\"1988\" is outside 1989–2100");
    xml = S_mut("fiscal-year=\"2025\"", "fiscal-year=\"2101\"");
    S_expect_error(xml, 3, "fiscal-year=\"2101\" is outside 1989–2100");
    xml = S_mut("fiscal-year=\"2025\"", "fiscal-year=\"R7\"");
    S_expect_error(xml, 3, "fiscal-year=\"R7\" is not a year");
    xml = S_mut("fiscal-year=\"2025\"", "fiscal-year=\"1989\"");
    S_res r = S_load(xml);
    ck_assert_msg(r.a != NULL && r.a->fiscal_year == 1989, "%s", r.all);
    S_done(&r);
    free(xml);
}
END_TEST

START_TEST(err_unknown_term)
{
    char *xml = S_mut("term=\"first-half\"", "term=\"first\"");
    S_expect_error(xml, 3, "term=\"first\" is unknown: use first-half (上半期), second-half (下半期) or annual");
    xml = S_mut("term=\"first-half\"", "term=\"annual\"");
    S_res r = S_load(xml);
    ck_assert_msg(r.a && r.a->term == AD_TERM_ANNUAL, "%s", r.all);
    S_done(&r);
    free(xml);
}
END_TEST

START_TEST(err_two_reports_for_one_department)
{
    char *xml = S_mut("<department-report dept=\"hoiku\">", "<department-report dept=\"zeimu\">");
    char *want = ad_xasprintf("a second department report for 税務課 (dept=\"zeimu\"); the first is on line %ld",
                              S_line_of(xml, "<department-report dept=\"zeimu\">"));
    long second = S_line_of(xml, "<department-report dept=\"zeimu\">\n      <summary>特別");
    S_expect_error(xml, second, want);
    free(want);
}
END_TEST

/* ---- warnings ------------------------------------------------------------------- */

START_TEST(warn_department_without_report)
{
    char *xml = S_mut("    <department-report dept=\"machi\">\n      <summary>概ね適正。</summary>\n"
                      "      <advice>データ整理に努められたい。</advice>\n    </department-report>\n", "");
    S_expect_warning(xml, S_line_of(xml, "<department id=\"machi\""),
                     "まちの魅力創造課 (machi) has no department report", 1);
}
END_TEST

START_TEST(warn_report_without_summary)
{
    char *xml = S_mut("<summary><p>改善が見られた。</p></summary>", "");
    S_expect_warning(xml, S_line_of(xml, "<department-report dept=\"zeimu\">"),
                     "the department report for 税務課 has no <summary> (総評)", 1);
    xml = S_mut("<summary><p>改善が見られた。</p></summary>", "<summary> </summary>");
    S_expect_warning(xml, S_line_of(xml, "<department-report dept=\"zeimu\">"), "has no <summary>", 1);
}
END_TEST

START_TEST(warn_ng_without_finding)
{
    char *xml = S_mut("      <findings>\n        <finding title=\"対応手順書の整備\" repeat=\"true\">"
                      "手順書を整備すること。</finding>\n      </findings>\n", "");
    char *want = ad_xasprintf("保育課 has × (改善を要する) in 2 items but its department report has no finding: "
                              "1 情報資産等の業務以外の目的での使用禁止 (line %ld); 2(2) デスクトップ上でのデータの保存禁止 (line %ld)",
                              S_line_of(xml, "<marks>○ ○ ×</marks>"), S_line_of(xml, "<marks>○ △ ×</marks>"));
    S_expect_warning(xml, S_line_of(xml, "<department-report dept=\"hoiku\">"), want, 1);
    free(want);
}
END_TEST

START_TEST(warn_finding_without_ng)
{
    char *xml = S_mut("<findings/>", "<findings>\n        <finding>鍵の管理</finding></findings>");
    S_expect_warning(xml, S_line_of(xml, "<finding>鍵の管理"),
                     "the department report for 税務課 has 1 finding, but none of its marks is ×", 1);
}
END_TEST

START_TEST(warn_foreign_script)
{
    /* the reference packet's scanning error: イン트라ネット */
    char *xml = S_mut("<text>私物パソコン等の持込制限</text>", "<text>イン트라ネットの利用</text>");
    S_expect_warning(xml, S_line_of(xml, "イン트라"),
                     "<text> holds 2 Hangul letters \"트라\" (U+D2B8 U+B77C) in \"イン트라ネットの利用\": "
                     "not Japanese; probably a scanning error", 1);
    /* Cyrillic in a rule, Thai in an attribute */
    xml = S_mut("<rule>運用管理規程</rule>", "<rule>運用管理規程Д</rule>");
    S_expect_warning(xml, S_line_of(xml, "規程Д"), "<rule> holds 1 Cyrillic letter \"Д\"", 1);
    xml = S_mut("title=\"人的セキュリティ\"", "title=\"人的セキュリティก\"");
    S_expect_warning(xml, S_line_of(xml, "ก"), "the title attribute of <section> holds 1 Thai letter", 1);
    /* loose text of blocks: the line of its first visible character */
    xml = S_mut("    本文の段落。\n", "\n\n    本文の\n    段落Ж。\n");
    S_expect_warning(xml, S_line_of(xml, "本文の\n"), "<agenda-document> holds 1 Cyrillic letter \"Ж\"", 1);
    /* inside a paragraph of blocks */
    xml = S_mut("<p>改善が見られた。</p>", "<p>改善が\n見られ한た。</p>");
    S_expect_warning(xml, S_line_of(xml, "<p>改善が"), "<p> holds 1 Hangul letter \"한\"", 1);
}
END_TEST

START_TEST(warn_report_date_before_audit_date)
{
    char *xml = S_mut("<report id=\"report\" date=\"2025-10-16\">", "<report id=\"report\" date=\"2025-09-02\">");
    /* the latest audit date is 2025-09-03 */
    S_expect_warning(xml, S_line_of(xml, "<report id="),
                     "the date of the report (2025-09-02) is before the audit date (2025-09-03)", 1);
    xml = S_mut("<department-reports date=\"2025-10-16\">", "<department-reports date=\"2025-09-01\">");
    S_expect_warning(xml, S_line_of(xml, "<department-reports"),
                     "the date of the department reports (2025-09-01) is before the audit date (2025-09-02)", 1);
}
END_TEST

/* ---- structure (the schema's rules, with words) ---------------------------------- */

START_TEST(struct_missing_and_unknown_elements)
{
    char *xml = S_mut("<marks>o ^ -</marks>", "");
    S_expect_error(xml, S_line_of(xml, "<item no=\"2\">"), "<item> has no <marks>; it needs one");
    xml = S_mut("<detail>持ち出し禁止</detail>", "<detial>持ち出し禁止</detial>");
    S_expect_error(xml, S_line_of(xml, "<detial>"),
                   "<detial> is not allowed inside <item> (allowed here: <text>, <detail>, <marks>, <remark>)");
    xml = S_mut("<marks>o ^ -</marks>", "<marks>o ^ -</marks><marks>o o o</marks>");
    S_expect_error(xml, S_line_of(xml, "<marks>o o o"), "<item> has a second <marks>; only one is allowed");
    xml = S_mut("<name>テスト市</name>", "");
    S_expect_error(xml, S_line_of(xml, "<organization>"), "<organization> has no <name>; it needs one");
    xml = S_mut("<text>私物パソコン等の持込制限</text>", "<text>私物<p>x</p></text>");
    S_expect_error(xml, S_line_of(xml, "<text>私物"), "<p> is not allowed inside <text>: it holds plain text only");
    xml = S_mut("<departments>", "<departments>部署");
    S_expect_error(xml, S_line_of(xml, "部署"),
                   "the text \"部署\" is not allowed directly inside <departments>");
    xml = S_mut("<ul><li>アカウントを共有している</li></ul>", "<ul><li>共有</li><p>x</p></ul>");
    S_expect_error(xml, S_line_of(xml, "<p>x</p>"), "<p> is not allowed inside <ul> (allowed here: <li>)");
}
END_TEST

START_TEST(struct_attributes)
{
    char *xml = S_mut("<item no=\"2\">", "<item no=\"2\" colour=\"red\">");
    S_expect_error(xml, S_line_of(xml, "colour"), "<item> has an unknown attribute colour (allowed: no)");
    xml = S_mut(" title=\"人的セキュリティ\"", "");
    S_expect_error(xml, S_line_of(xml, "<section id=\"human\">"), "<section> has no title attribute; it needs one");
    xml = S_mut("layout=\"matrix\"", "layout=\"table\"");
    S_expect_error(xml, S_line_of(xml, "layout=\"table\""),
                   "layout=\"table\" on <checklist> is not one of: narrative, matrix, both");
    xml = S_mut("repeat=\"true\"", "repeat=\"yes\"");
    S_expect_error(xml, S_line_of(xml, "repeat=\"yes\""), "repeat=\"yes\" on <finding> is not one of: true, false, 1, 0");
    xml = S_mut("number=\"2\"", "number=\"二\"");
    S_expect_error(xml, S_line_of(xml, "number="), "number=\"二\" on <meeting> is not a meeting number");
}
END_TEST

START_TEST(struct_root_version_namespace)
{
    S_expect_error(ad_xstrdup("<?xml version=\"1.0\"?>\n<audits version=\"1\"/>\n"), 2,
                   "the root element is <audits>, but an audit file starts with <audit version=\"1\" …>");
    char *xml = S_mut("version=\"1\" fiscal", "version=\"2\" fiscal");
    S_expect_error(xml, 3, "the file is format version \"2\"; this auditdoc reads version=\"1\"");
    xml = S_mut("<audit version", "<audit xmlns=\"urn:x\" version");
    S_expect_error(xml, 3, "the root element uses an XML namespace (urn:x)");
    xml = S_mut("version=\"1\" ", "");
    S_expect_error(xml, 3, "<audit> has no version attribute; it needs one");
}
END_TEST

START_TEST(all_errors_reported_in_one_run)
{
    char *xml = S_base();
    xml = S_sub(xml, "<marks>○ ○ ×</marks>", "<marks>○ ×</marks>");
    xml = S_sub(xml, "<marks>o ^ -</marks>", "<marks>o ◎ -</marks>");
    xml = S_sub(xml, "date=\"2025-10-15\"", "date=\"2025-02-30\"");
    xml = S_sub(xml, "<item ref=\"free-mail\">", "<item ref=\"nothing\">");
    xml = S_sub(xml, "<department-report dept=\"zeimu\">", "<department-report dept=\"zeimi\">");
    xml = S_sub(xml, "<detail>持ち出し禁止</detail>", "<detail>持ち出し禁止</detail><note/>");
    xml = S_sub(xml, "<text>私物パソコン等の持込制限</text>", "<text>イン트라ネット</text>");
    S_res r = S_load(xml);
    ck_assert_ptr_null(r.a);
    ASSERT_ERR(r, S_line_of(xml, "<marks>○ ×</marks>"), "marks row has 2 marks, expected 3");
    ASSERT_ERR(r, S_line_of(xml, "<marks>o ◎ -</marks>"), "unknown mark \"◎\" at position 2 (税務)");
    ASSERT_ERR(r, S_line_of(xml, "2025-02-30"), "is an impossible date");
    ASSERT_ERR(r, S_line_of(xml, "ref=\"nothing\""), "agenda item refers to ref=\"nothing\"");
    ASSERT_ERR(r, S_line_of(xml, "dept=\"zeimi\""), "not a listed department");
    ASSERT_ERR(r, S_line_of(xml, "<note/>"), "<note> is not allowed inside <item>");
    ASSERT_WARN(r, S_line_of(xml, "イン트라"), "Hangul");
    ck_assert_uint_eq(r.d.n_errors, 6);
    S_done(&r);
    free(xml);
}
END_TEST

/* ---- hostile and broken input ---------------------------------------------------- */

static char *S_audit_after_doctype(const char *doctype, const char *body)
{
    char *base = S_base();
    char *p = strstr(base, "<audit ");
    char *end = strstr(base, "  <organization>");
    char *xml = ad_xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n%s\n%.*s%s\n%s", doctype,
                             (int)(end - p), p, body, end);
    free(base);
    return xml;
}

START_TEST(hostile_xxe_file)
{
    char *xml = S_audit_after_doctype(
        "<!DOCTYPE audit [\n<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>", "");
    xml = S_sub(xml, "<name>テスト市</name>", "<name>&xxe;</name>");
    S_res r = S_load(xml);
    ck_assert_ptr_null(r.a);
    ASSERT_ERR(r, 2, "the file has a document type declaration (<!DOCTYPE …>)");
    ck_assert_uint_eq(r.d.n, 1);
    char *passwd = tu_read("/etc/passwd", NULL);
    if (passwd && passwd[0]) {
        char *nl = strchr(passwd, '\n');
        if (nl)
            *nl = '\0';
        ck_assert_msg(!strstr(r.all, passwd), "/etc/passwd leaked: %s", r.all);
    }
    ck_assert(!strstr(r.all, "root:"));
    /* the same through the command line: nothing of /etc/passwd on any output */
    char *dir = tu_tmpdir();
    char *path = ad_xasprintf("%s/xxe.xml", dir);
    ck_assert(tu_write(path, xml));
    char *out = NULL;
    int rc = tu_runf(&out, "'%s' dump '%s' 2>&1", TU_AUDITDOC, path);
    ck_assert_int_ne(rc, 0);
    ck_assert_msg(!strstr(out, "root:") && (!passwd || !passwd[0] || !strstr(out, passwd)), "%s", out);
    ck_assert_msg(strstr(out, "xxe.xml:2: error: the file has a document type declaration"), "%s", out);
    free(out);
    free(path);
    tu_rmrf(dir);
    free(dir);
    free(passwd);
    S_done(&r);
    free(xml);
}
END_TEST

START_TEST(hostile_external_dtd)
{
    char *xml = S_audit_after_doctype("<!DOCTYPE audit SYSTEM \"http://127.0.0.1:9/audit.dtd\">", "");
    S_expect_error(xml, 2, "document type declaration");
    xml = S_audit_after_doctype("<!DOCTYPE audit PUBLIC \"-//X//DTD X//EN\" \"file:///etc/passwd\">", "");
    S_expect_error(xml, 2, "document type declaration");
}
END_TEST

START_TEST(hostile_billion_laughs)
{
    ad_buf b = {0};
    ad_buf_puts(&b, "<!DOCTYPE audit [\n<!ENTITY l0 \"lol\">\n");
    for (int i = 1; i < 10; i++)
        ad_buf_printf(&b, "<!ENTITY l%d \"&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;\">\n", i,
                      i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
    ad_buf_puts(&b, "]>");
    char *xml = S_audit_after_doctype(b.s, "");
    ad_buf_free(&b);
    xml = S_sub(xml, "<name>テスト市</name>", "<name>&l9;</name>");
    S_res r = S_load(xml);
    ck_assert_ptr_null(r.a);
    ASSERT_ERR(r, 2, "document type declaration");
    ck_assert(!strstr(r.all, "lollol"));
    S_done(&r);
    free(xml);
    /* an entity reference without any DTD is an unknown entity */
    xml = S_mut("<name>テスト市</name>", "<name>&nbsp;</name>");
    S_expect_error(xml, S_line_of(xml, "&nbsp;"), "unknown entity &nbsp;");
}
END_TEST

START_TEST(hostile_many_siblings)
{
    /* 100,000 items in one section and 100,000 paragraphs in one document */
    ad_buf items = {0}, paras = {0};
    for (int i = 0; i < 100000; i++) {
        ad_buf_printf(&items, "<item no=\"%d\"><text>項目</text><marks>o ^ x</marks></item>\n", i);
        ad_buf_printf(&paras, "<p>段落%d</p>\n", i);
    }
    char *with_items = ad_xasprintf("<section id=\"human\" title=\"人的セキュリティ\">\n%s", items.s);
    ad_buf_free(&items);
    char *xml = S_mut("<section id=\"human\" title=\"人的セキュリティ\">\n", with_items);
    free(with_items);
    char *with_p = ad_xasprintf("本文の段落。\n%s", paras.s);
    ad_buf_free(&paras);
    xml = S_sub(xml, "本文の段落。", with_p);
    free(with_p);
    S_res r = S_load(xml);
    ck_assert_msg(r.a != NULL, "%.2000s", r.all);
    ck_assert_uint_eq(r.a->checklists[0].sections[0].n_items, 100002);
    ck_assert_uint_eq(r.a->agenda_docs[0].body.n, 100003);
    ck_assert_int_eq(r.a->checklists[0].sections[0].items[99999].marks[2], AD_MARK_NG);
    S_done(&r);
    free(xml);
}
END_TEST

/* full.xml with n copies of item (and then last) at the start of the first section */
static char *S_with_items(const char *item, int n, const char *last)
{
    ad_buf items = {0};
    for (int i = 0; i < n; i++)
        ad_buf_puts(&items, item);
    ad_buf_puts(&items, last);
    char *with_items = ad_xasprintf("<section id=\"human\" title=\"人的セキュリティ\">\n%s", items.s);
    ad_buf_free(&items);
    char *xml = S_mut("<section id=\"human\" title=\"人的セキュリティ\">\n", with_items);
    free(with_items);
    return xml;
}

START_TEST(hostile_many_errors_capped)
{
    /* 2,000 broken items: 4,000 errors, sorted by line, the first 1,000 kept */
    char *xml = S_with_items("<item><text>t</text><marks>o o</marks><bogus/></item>\n", 2000, "");
    S_res r = S_load(xml);
    ck_assert_ptr_null(r.a);
    ck_assert_uint_eq(r.d.n, 1001);
    ck_assert_uint_eq(r.d.n_errors, 1001);
    for (size_t i = 1; i < 1000; i++)
        ck_assert_int_le(r.d.v[i - 1].line, r.d.v[i].line);
    ck_assert_str_eq(r.d.v[1000].msg, "3000 more errors from this line on and 0 more warnings are not shown");
    ck_assert_int_ge(r.d.v[1000].line, r.d.v[999].line);
    S_done(&r);
    free(xml);
}
END_TEST

START_TEST(warnings_never_hide_an_error)
{
    /* 2,000 warnings (a Hangul letter in each item's text) before the one
     * error at the end of the file: the error comes first, then 999
     * warnings, then the count of the rest */
    char *xml = S_with_items("<item><text>イン트ラ</text><marks>o o o</marks></item>\n", 2000,
                             "<item><text>最後</text><marks>o o ?!</marks></item>\n");
    S_res r = S_load(xml);
    ck_assert_ptr_null(r.a);
    ck_assert_uint_eq(r.d.n_errors, 1);
    ck_assert_uint_eq(r.d.n, 1001);
    ck_assert_int_eq(r.d.v[0].sev, AD_DIAG_ERROR);
    ck_assert_int_eq(r.d.v[0].line, S_line_of(xml, "?!"));
    for (size_t i = 1; i < 1001; i++)
        ck_assert_int_eq(r.d.v[i].sev, AD_DIAG_WARNING);
    for (size_t i = 2; i < 1000; i++)
        ck_assert_int_le(r.d.v[i - 1].line, r.d.v[i].line);
    ck_assert_str_eq(r.d.v[1000].msg,
                     "1001 more warnings from this line on are not shown (every error is listed)");
    ck_assert_int_ge(r.d.v[1000].line, r.d.v[999].line);
    /* printing keeps that order: errors first */
    char *out = NULL;
    size_t out_len = 0;
    FILE *f = open_memstream(&out, &out_len);
    ad_diags_print(&r.d, f);
    fclose(f);
    ck_assert_msg(strncmp(out, "t.xml:", 6) == 0 && strstr(out, ": error: ") < strchr(out, '\n'),
                  "%.300s", out);
    free(out);
    S_done(&r);
    free(xml);
}
END_TEST

START_TEST(hostile_element_flood)
{
    /* more than a million elements: the parser is stopped, one error */
    size_t n = 1000001;
    char *flood = ad_xmalloc(4 * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(flood + 4 * i, "<j/>", 4);
    flood[4 * n] = '\0';
    char *xml = S_base();
    char *p = strstr(xml, "<meeting");
    char *big = ad_xasprintf("%.*s%s\n%s", (int)(p - xml), xml, flood, p);
    free(flood);
    long line = S_line_of(big, "<j/>");
    free(xml);
    S_expect_error(big, line, "the file has more than 1000000 elements, far more than any audit");
}
END_TEST

START_TEST(hostile_deep_nesting)
{
    ad_buf b = {0};
    for (int i = 0; i < 10000; i++)
        ad_buf_puts(&b, "<ul><li>");
    for (int i = 0; i < 10000; i++)
        ad_buf_puts(&b, "</li></ul>");
    char *xml = S_mut("本文の段落。", b.s);
    ad_buf_free(&b);
    S_expect_error(xml, S_line_of(xml, "<ul><li><ul>"), "elements are nested more than 256 levels deep");
}
END_TEST

START_TEST(hostile_size_limit)
{
    char *dir = tu_tmpdir();
    char *path = ad_xasprintf("%s/huge.xml", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "<audit", 6), 6);
    ck_assert_int_eq(ftruncate(fd, AD_MAX_INPUT_BYTES + 1), 0); /* sparse: no disk used */
    close(fd);
    ad_diags d;
    ad_diags_init(&d);
    ck_assert_ptr_null(ad_load_file(path, &d));
    ck_assert_uint_eq(d.n_errors, 1);
    ck_assert_msg(strstr(d.v[0].msg, "the file is 67108865 bytes, more than the 64 MB auditdoc reads"),
                  "%s", d.v[0].msg);
    ck_assert_str_eq(d.v[0].file, path);
    ad_diags_free(&d);
    /* the memory entry point has the same limit */
    ad_diags_init(&d);
    ck_assert_ptr_null(ad_load_memory("<", (size_t)AD_MAX_INPUT_BYTES + 1, "big.xml", &d));
    ck_assert_msg(strstr(d.v[0].msg, "more than the 64 MB"), "%s", d.v[0].msg);
    ad_diags_free(&d);
    unlink(path);
    free(path);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

START_TEST(broken_empty_missing_truncated)
{
    char *dir = tu_tmpdir();
    char *path = ad_xasprintf("%s/empty.xml", dir);
    ck_assert(tu_write(path, ""));
    ad_diags d;
    ad_diags_init(&d);
    ck_assert_ptr_null(ad_load_file(path, &d));
    ck_assert_uint_eq(d.n_errors, 1);
    ck_assert_str_eq(d.v[0].msg, "the file is empty");
    ad_diags_free(&d);
    ad_diags_init(&d);
    ck_assert_ptr_null(ad_load_file(dir, &d));
    ck_assert_msg(strstr(d.v[0].msg, "folder"), "%s", d.v[0].msg);
    ad_diags_free(&d);
    free(path);
    path = ad_xasprintf("%s/none.xml", dir);
    ad_diags_init(&d);
    ck_assert_ptr_null(ad_load_file(path, &d));
    ck_assert_msg(strstr(d.v[0].msg, "cannot open the file"), "%s", d.v[0].msg);
    ad_diags_free(&d);
    free(path);
    tu_rmrf(dir);
    free(dir);
    /* cut in the middle of the checklists */
    char *xml = S_base();
    char *cut = strstr(xml, "<item no=\"2(2)\">");
    cut[0] = '\0';
    S_res r = S_load(xml);
    ck_assert_ptr_null(r.a);
    ck_assert_msg(r.d.n_errors >= 1, "%s", r.all);
    ck_assert_msg(strstr(r.all, "the file ends before <") && strstr(r.all, "is it cut short?"), "%s", r.all);
    ck_assert_msg(r.d.v[0].line > 60, "%s", r.all);
    S_done(&r);
    free(xml);
    /* a tag mismatch */
    xml = S_mut("<marks>o ^ -</marks>", "<marks>o ^ -</mark>");
    S_expect_error(xml, S_line_of(xml, "</mark>"), "the end tag </mark> does not match the start tag <marks>");
}
END_TEST

START_TEST(encoding_bom_utf16_invalid)
{
    /* a UTF-8 byte-order mark is fine */
    char *base = S_base();
    char *xml = ad_xasprintf("\xEF\xBB\xBF%s", base);
    S_res r = S_load(xml);
    ck_assert_msg(r.a != NULL && r.d.n == 0, "%s", r.all);
    S_done(&r);
    free(xml);
    /* UTF-16 (with its BOM): widen the ASCII prolog */
    {
        const char *txt = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><audit version=\"1\"/>";
        size_t n = strlen(txt);
        char *u = ad_xmalloc(2 * n + 2);
        u[0] = (char)0xFF;
        u[1] = (char)0xFE;
        for (size_t i = 0; i < n; i++) {
            u[2 + 2 * i] = txt[i];
            u[3 + 2 * i] = 0;
        }
        ad_diags d;
        ad_diags_init(&d);
        ck_assert_ptr_null(ad_load_memory(u, 2 * n + 2, "u16.xml", &d));
        ck_assert_uint_eq(d.n_errors, 1);
        ck_assert_str_eq(d.v[0].msg, "the file is UTF-16 text: save it as UTF-8");
        ck_assert_int_eq(d.v[0].line, 1);
        ad_diags_free(&d);
        /* and without a BOM */
        ad_diags_init(&d);
        ck_assert_ptr_null(ad_load_memory(u + 2, 2 * n, "u16.xml", &d));
        ck_assert_str_eq(d.v[0].msg, "the file is UTF-16 text: save it as UTF-8");
        ad_diags_free(&d);
        free(u);
    }
    /* Shift_JIS bytes (テスト市 = 83 65 83 58 83 67 8E 73) in a file that says UTF-8 */
    xml = S_sub(ad_xstrdup(base), "<name>テスト市</name>", "<name>\x83\x65\x83\x58\x83\x67\x8E\x73</name>");
    xml = S_sub(xml, "<text>私物パソコン等の持込制限</text>", "<text>\x8E\x84\x95\xA8</text>");
    r = S_load(xml);
    ck_assert_ptr_null(r.a);
    ASSERT_ERR(r, S_line_of(xml, "<name>"), "the text is not valid UTF-8 (byte 0x83): save the file as UTF-8");
    ASSERT_ERR(r, S_line_of(xml, "<text>\x8E"), "not valid UTF-8 (byte 0x8E)");
    ck_assert_uint_eq(r.d.n_errors, 2);
    S_done(&r);
    free(xml);
    /* a file that declares Shift_JIS */
    xml = S_sub(ad_xstrdup(base), "encoding=\"UTF-8\"", "encoding=\"Shift_JIS\"");
    S_expect_error(xml, 1, "the file declares encoding=\"Shift_JIS\", but auditdoc reads UTF-8 only");
    /* a NUL byte */
    {
        size_t n = strlen(base);
        char *z = ad_xstrdup(base);
        char *p = strstr(z, "テスト市");
        p[0] = '\0';
        ad_diags d;
        ad_diags_init(&d);
        ck_assert_ptr_null(ad_load_memory(z, n, "nul.xml", &d));
        ck_assert_msg(d.n_errors == 1 && strstr(d.v[0].msg, "NUL byte") && d.v[0].line == 5, "%s",
                      d.n ? d.v[0].msg : "");
        ad_diags_free(&d);
        free(z);
    }
    free(base);
}
END_TEST

START_TEST(no_libxml2_noise_on_stderr)
{
    /* broken, hostile and invalid files through the CLI: every stderr line is
     * one diagnostic "FILE:LINE: error: …" or "FILE: error: …" */
    char *dir = tu_tmpdir();
    static const char *const bad[] = {
        "<audit version=\"1\"><organization></audit>",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE audit SYSTEM \"http://127.0.0.1:9/x.dtd\">\n<audit/>",
        "<audit version=\"1\" fiscal-year=\"2025\" term=\"annual\">&bad;</audit>",
        "<audit version=\"1\" fiscal-year=\"2025\" term=\"annual\"><organization/></audit>",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *path = ad_xasprintf("%s/bad%zu.xml", dir, i);
        ck_assert(tu_write(path, bad[i]));
        char *out = NULL;
        int rc = tu_runf(&out, "'%s' validate '%s' 2>&1 >/dev/null", TU_AUDITDOC, path);
        ck_assert_int_eq(rc, 1);
        ck_assert_msg(out && out[0], "no message for %s", bad[i]);
        for (char *line = out; line && *line;) {
            char *nl = strchr(line, '\n');
            if (nl)
                *nl = '\0';
            ck_assert_msg(strncmp(line, path, strlen(path)) == 0 &&
                              (strstr(line, ": error: ") || strstr(line, ": warning: ")),
                          "stray output line: \"%s\"", line);
            ck_assert_msg(!strstr(line, "parser error") && !strstr(line, "Relax-NG"), "libxml2 noise: %s", line);
            line = nl ? nl + 1 : NULL;
        }
        free(out);
        free(path);
    }
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* ---- the sample --------------------------------------------------------------------- */

START_TEST(sample_loads_clean)
{
    if (access(TU_SAMPLE, R_OK) != 0) {
        fprintf(stderr, "sample_loads_clean: %s not present yet\n", TU_SAMPLE);
        return;
    }
    ad_diags d;
    ad_diags_init(&d);
    ad_audit *a = ad_load_file(TU_SAMPLE, &d);
    ad_buf b = {0};
    ad_buf_put(&b, "", 0);
    for (size_t i = 0; i < d.n; i++) {
        char *s = ad_diag_format(&d.v[i]);
        ad_buf_printf(&b, "%s\n", s);
        free(s);
    }
    ck_assert_msg(a != NULL && d.n_errors == 0 && d.n_warnings == 0, "sample diagnostics:\n%s", b.s);
    ck_assert_uint_eq(a->n_departments, 7);
    ad_buf_free(&b);
    ad_audit_free(a);
    ad_diags_free(&d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("test_load");
    TCase *tc = tcase_create("valid");
    tcase_add_test(tc, full_loads_without_diagnostics);
    tcase_add_test(tc, model_helpers);
    tcase_add_test(tc, dump_prints_model_and_derived_lists);
    tcase_add_test(tc, sample_loads_clean);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_test(tc, err_marks_row_count);
    tcase_add_test(tc, err_note_row_count);
    tcase_add_test(tc, err_unknown_mark);
    tcase_add_test(tc, err_id_not_file_name_safe);
    tcase_add_test(tc, err_id_used_twice);
    tcase_add_test(tc, err_section_id_unique_within_checklist);
    tcase_add_test(tc, err_dangling_department);
    tcase_add_test(tc, err_dangling_system);
    tcase_add_test(tc, err_dangling_document);
    tcase_add_test(tc, err_impossible_date);
    tcase_add_test(tc, err_fiscal_year_range);
    tcase_add_test(tc, err_unknown_term);
    tcase_add_test(tc, err_two_reports_for_one_department);
    tcase_add_test(tc, all_errors_reported_in_one_run);
    suite_add_tcase(s, tc);

    tc = tcase_create("warnings");
    tcase_add_test(tc, warn_department_without_report);
    tcase_add_test(tc, warn_report_without_summary);
    tcase_add_test(tc, warn_ng_without_finding);
    tcase_add_test(tc, warn_finding_without_ng);
    tcase_add_test(tc, warn_foreign_script);
    tcase_add_test(tc, warn_report_date_before_audit_date);
    suite_add_tcase(s, tc);

    tc = tcase_create("structure");
    tcase_add_test(tc, struct_missing_and_unknown_elements);
    tcase_add_test(tc, struct_attributes);
    tcase_add_test(tc, struct_root_version_namespace);
    suite_add_tcase(s, tc);

    tc = tcase_create("hostile");
    tcase_add_test(tc, hostile_xxe_file);
    tcase_add_test(tc, hostile_external_dtd);
    tcase_add_test(tc, hostile_billion_laughs);
    tcase_add_test(tc, hostile_many_siblings);
    tcase_add_test(tc, hostile_many_errors_capped);
    tcase_add_test(tc, warnings_never_hide_an_error);
    tcase_add_test(tc, hostile_element_flood);
    tcase_add_test(tc, hostile_deep_nesting);
    tcase_add_test(tc, hostile_size_limit);
    tcase_add_test(tc, broken_empty_missing_truncated);
    tcase_add_test(tc, encoding_bom_utf16_invalid);
    tcase_add_test(tc, no_libxml2_noise_on_stderr);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
