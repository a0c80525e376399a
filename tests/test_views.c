/* test_views.c — derived views: the 適正 / 改善が必要 lists of narrative rows,
 * joined department names, and one department's own view (form overrides
 * and defaults, marks in document order, number of ×).
 *
 * A hand-built model with the sample's departments and a few of its rows
 * covers the functions on their own; the sample file itself (loaded with
 * ad_load_file) is checked against the reference's printed narrative tables. */
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "testutil.h"
#include "views.h"

enum { MACHI, ZEIMU, NOZEI, KODOMO, SPORTS, SHOKO, HOIKU, NDEPT };

#define O AD_MARK_OK
#define T AD_MARK_IMPROVED
#define X AD_MARK_NG
#define N AD_MARK_NA

static ad_department S_depts[NDEPT] = {
    { "machi", "まち", "まちの魅力創造課", false, 1 },
    { "zeimu", "税務", "税務課", false, 2 },
    { "nozei", "納税", "納税課", false, 3 },
    { "kodomo", "こども", "こども家庭センター", false, 4 },
    { "sports", "スポーツ", "スポーツ推進課", false, 5 },
    { "shoko", "商工", "商工観光課", false, 6 },
    { "hoiku", "保育", "保育課", true, 7 },
};
static ad_system S_systems[3] = {
    { "intranet", "地域イントラネット系システム", 1 },
    { "kikan", "住民情報基幹系システム", 2 },
    { "other", "その他各課等で使用しているシステム", 3 },
};

static ad_mark S_m_desktop[NDEPT] = { O, T, T, T, O, O, X };
static ad_mark S_m_password[NDEPT] = { O, O, O, O, O, O, O };
static ad_mark S_m_server[NDEPT] = { O, O, O, X, O, O, X };
static ad_mark S_m_mx_server[NDEPT] = { N, O, O, X, N, N, X };
static ad_mark S_m_mx_kikan[NDEPT] = { N, N, O, O, O, O, O };

static ad_item S_human[2] = {
    { "3(2)", "パソコンの取扱い", "デスクトップに文書等を保存していない。", S_m_desktop, NULL, 10, 11 },
    { "4", "ID・パスワードの取扱い", NULL, S_m_password, NULL, 12, 13 },
};
static ad_item S_physical[1] = {
    { "5", "サーバ障害対策の手順", NULL, S_m_server, "早急な整備を求める。", 14, 15 },
};
static ad_item S_mx_items[2] = {
    { "2", "サーバ機器等の取り扱い（2）障害発生時の対応手順を定め、文書化", NULL, S_m_mx_server, NULL, 20, 21 },
    { "1", "基幹系ファイルサーバ内のデータは、原則、文書管理に準じて分類している。", NULL, S_m_mx_kikan, NULL, 22, 23 },
};
static ad_section S_nsecs[2] = {
    { "human", NULL, "人的セキュリティ", S_human, 2, NULL, 0, 9 },
    { "physical", NULL, "物的セキュリティ", S_physical, 1, NULL, 0, 13 },
};
static ad_section S_msecs[1] = {
    { "physical", "Ⅱ", "物的セキュリティに関して", S_mx_items, 2, NULL, 0, 19 },
};
static ad_checklist S_checklists[2] = {
    { "detail", AD_LAYOUT_NARRATIVE, "課別監査結果", S_nsecs, 2, 8 },
    { "summary", AD_LAYOUT_MATRIX, NULL, S_msecs, 1, 18 },
};

static size_t S_scope_all[3] = { 0, 1, 2 };
static size_t S_scope_short[2] = { 0, 2 };
static ad_date S_schedule[1] = { { 2025, 9, 2 } };
static char *S_subs[2] = { "ログ（端末の操作記録）の確認等", "デスクトップ上のデータ確認" };
static ad_method S_methods[3] = {
    { "監査項目（書類）の確認", NULL, 0 },
    { "遠隔操作によるシステム等の管理状況の確認", S_subs, 2 },
    { "職員へのヒアリング", NULL, 0 },
};
static char *S_topics[2] = { "人的セキュリティに関する管理状況", "物理的セキュリティに関する管理状況" };
static char *S_standards[1] = { "龍ヶ崎市セキュリティ規則" };
static char *S_own_topics[1] = { "独自の項目" };
static ad_finding S_findings[1] = { { "対応手順書の整備", "対応手順書を整備すること。", false, 40 } };

static ad_dept_report S_reports[3];
static ad_audit S_audit;

static void S_setup(void)
{
    memset(&S_audit, 0, sizeof S_audit);
    memset(S_reports, 0, sizeof S_reports);
    S_audit.version = 1;
    S_audit.fiscal_year = 2025;
    S_audit.departments = S_depts;
    S_audit.n_departments = NDEPT;
    S_audit.systems = S_systems;
    S_audit.n_systems = 3;
    S_audit.checklists = S_checklists;
    S_audit.n_checklists = 2;

    ad_dept_reports *dr = &S_audit.dept_reports;
    dr->present = true;
    ad_form *dfl = &dr->defaults;
    dfl->has_purpose = dfl->has_scope = dfl->has_methods = dfl->has_schedule = true;
    dfl->has_topics = dfl->has_standards = true;
    dfl->purpose = "各課等において、…";
    dfl->scope = S_scope_all;
    dfl->n_scope = 3;
    dfl->methods = S_methods;
    dfl->n_methods = 3;
    dfl->schedule = S_schedule;
    dfl->n_schedule = 1;
    dfl->topics.items = S_topics;
    dfl->topics.n = 2;
    dfl->topics.etc = true;
    dfl->standards.items = S_standards;
    dfl->standards.n = 1;
    dfl->standards.etc = true;

    /* 税務課: no overrides.  スポーツ推進課: scope and topics overridden.
     * こども家庭センター: a finding.  Reports are deliberately not in
     * department order. */
    S_reports[0].dept = SPORTS;
    S_reports[0].form.has_scope = true;
    S_reports[0].form.scope = S_scope_short;
    S_reports[0].form.n_scope = 2;
    S_reports[0].form.has_topics = true;
    S_reports[0].form.topics.items = S_own_topics;
    S_reports[0].form.topics.n = 1;
    S_reports[0].form.topics.etc = false;
    S_reports[1].dept = ZEIMU;
    S_reports[2].dept = KODOMO;
    S_reports[2].findings = S_findings;
    S_reports[2].n_findings = 1;
    dr->reports = S_reports;
    dr->n_reports = 3;
}

static char *S_join(const ad_audit *a, const size_t *idx, size_t n)
{
    return ad_dept_names_join(a, idx, n, "、", "なし");
}

static void S_expect_lists(const ad_audit *a, const ad_item *it, const char *ok, const char *ng)
{
    ad_narrative n = ad_narrative_of(a, it);
    char *s_ok = S_join(a, n.ok, n.n_ok);
    char *s_ng = S_join(a, n.ng, n.n_ng);
    ck_assert_msg(strcmp(s_ok, ok) == 0, "item %s ok: got %s, want %s", it->no, s_ok, ok);
    ck_assert_msg(strcmp(s_ng, ng) == 0, "item %s ng: got %s, want %s", it->no, s_ng, ng);
    free(s_ok);
    free(s_ng);
    ad_narrative_free(&n);
}

START_TEST(narrative_lists)
{
    S_setup();
    /* ○ and △ are 適正, × is 改善が必要 */
    S_expect_lists(&S_audit, &S_human[0],
                   "まちの魅力創造課、税務課、納税課、こども家庭センター、スポーツ推進課、商工観光課", "保育課");
    S_expect_lists(&S_audit, &S_human[1],
                   "まちの魅力創造課、税務課、納税課、こども家庭センター、スポーツ推進課、商工観光課、保育課",
                   "なし");
    S_expect_lists(&S_audit, &S_physical[0],
                   "まちの魅力創造課、税務課、納税課、スポーツ推進課、商工観光課", "こども家庭センター、保育課");
    /* - goes to neither list */
    ad_narrative n = ad_narrative_of(&S_audit, &S_mx_items[0]);
    ck_assert_uint_eq(n.n_ok, 2);
    ck_assert_uint_eq(n.ok[0], ZEIMU);
    ck_assert_uint_eq(n.ok[1], NOZEI);
    ck_assert_uint_eq(n.n_ng, 2);
    ck_assert_uint_eq(n.ng[0], KODOMO);
    ck_assert_uint_eq(n.ng[1], HOIKU);
    ad_narrative_free(&n);
    ck_assert_ptr_null(n.ok);
    ck_assert_uint_eq(n.n_ok + n.n_ng, 0);
    ad_narrative_free(&n); /* twice is harmless */
    ad_narrative_free(NULL);
}
END_TEST

START_TEST(narrative_all_marks)
{
    S_setup();
    ad_mark all_na[NDEPT] = { N, N, N, N, N, N, N };
    ad_mark mixed[NDEPT] = { X, N, T, O, X, N, T };
    ad_item it = { "9", "t", NULL, all_na, NULL, 1, 1 };
    ad_narrative n = ad_narrative_of(&S_audit, &it);
    ck_assert_uint_eq(n.n_ok, 0);
    ck_assert_uint_eq(n.n_ng, 0);
    ad_narrative_free(&n);
    it.marks = mixed;
    n = ad_narrative_of(&S_audit, &it);
    ck_assert_uint_eq(n.n_ok, 3);
    ck_assert_uint_eq(n.ok[0], NOZEI);
    ck_assert_uint_eq(n.ok[1], KODOMO);
    ck_assert_uint_eq(n.ok[2], HOIKU);
    ck_assert_uint_eq(n.n_ng, 2);
    ck_assert_uint_eq(n.ng[0], MACHI);
    ck_assert_uint_eq(n.ng[1], SPORTS);
    ad_narrative_free(&n);
    /* an item without marks, or no model, gives empty lists */
    it.marks = NULL;
    n = ad_narrative_of(&S_audit, &it);
    ck_assert_uint_eq(n.n_ok + n.n_ng, 0);
    ad_narrative_free(&n);
    n = ad_narrative_of(NULL, &S_human[0]);
    ck_assert_uint_eq(n.n_ok + n.n_ng, 0);
}
END_TEST

START_TEST(names_join)
{
    S_setup();
    size_t idx[3] = { HOIKU, MACHI, KODOMO };
    char *s = ad_dept_names_join(&S_audit, idx, 3, "、", "なし");
    ck_assert_str_eq(s, "保育課、まちの魅力創造課、こども家庭センター");
    free(s);
    s = ad_dept_names_join(&S_audit, idx, 2, ", ", "なし"); /* the separator is the wording's */
    ck_assert_str_eq(s, "保育課, まちの魅力創造課");
    free(s);
    s = ad_dept_names_join(&S_audit, idx, 1, "、", "なし");
    ck_assert_str_eq(s, "保育課");
    free(s);
    s = ad_dept_names_join(&S_audit, NULL, 0, "、", "なし");
    ck_assert_str_eq(s, "なし");
    free(s);
    s = ad_dept_names_join(&S_audit, idx, 0, "、", "");
    ck_assert_str_eq(s, "");
    free(s);
    s = ad_dept_names_join(&S_audit, idx, 0, "、", NULL);
    ck_assert_str_eq(s, "");
    free(s);
    size_t bad[2] = { 99, ZEIMU }; /* an index out of range is skipped */
    s = ad_dept_names_join(&S_audit, bad, 2, "、", "なし");
    ck_assert_str_eq(s, "税務課");
    free(s);
}
END_TEST

START_TEST(dept_view_defaults)
{
    S_setup();
    ad_dept_view v = ad_dept_view_of(&S_audit, ZEIMU);
    ck_assert_ptr_eq(v.audit, &S_audit);
    ck_assert_uint_eq(v.dept, ZEIMU);
    ck_assert_ptr_eq(v.department, &S_depts[ZEIMU]);
    ck_assert_ptr_eq(v.report, &S_reports[1]);
    ck_assert_str_eq(v.form.purpose, "各課等において、…");
    ck_assert_uint_eq(v.form.n_scope, 3);
    ck_assert_ptr_eq(v.form.scope, S_scope_all);
    ck_assert_uint_eq(v.form.n_methods, 3);
    ck_assert_str_eq(v.form.methods[1].subs[1], "デスクトップ上のデータ確認");
    ck_assert_uint_eq(v.form.n_schedule, 1);
    ck_assert_int_eq(v.form.schedule[0].d, 2);
    ck_assert_ptr_eq(v.form.topics, &S_audit.dept_reports.defaults.topics);
    ck_assert_ptr_eq(v.form.standards, &S_audit.dept_reports.defaults.standards);
    /* its marks only, in document order: 5 items over both checklists */
    ck_assert_uint_eq(v.n_marks, 5);
    ck_assert_ptr_eq(v.marks[0].item, &S_human[0]);
    ck_assert_int_eq(v.marks[0].mark, AD_MARK_IMPROVED);
    ck_assert_ptr_eq(v.marks[0].checklist, &S_checklists[0]);
    ck_assert_ptr_eq(v.marks[0].section, &S_nsecs[0]);
    ck_assert_ptr_eq(v.marks[2].section, &S_nsecs[1]);
    ck_assert_ptr_eq(v.marks[3].checklist, &S_checklists[1]);
    ck_assert_ptr_eq(v.marks[4].item, &S_mx_items[1]);
    ck_assert_int_eq(v.marks[4].mark, AD_MARK_NA);
    ck_assert_uint_eq(v.n_ng, 0);
    ad_dept_view_free(&v);
    ck_assert_ptr_null(v.marks);
    ad_dept_view_free(NULL);
}
END_TEST

START_TEST(dept_view_overrides)
{
    S_setup();
    ad_dept_view v = ad_dept_view_of(&S_audit, SPORTS);
    ck_assert_ptr_eq(v.report, &S_reports[0]);
    ck_assert_uint_eq(v.form.n_scope, 2);
    ck_assert_str_eq(S_audit.systems[v.form.scope[0]].name, "地域イントラネット系システム");
    ck_assert_str_eq(S_audit.systems[v.form.scope[1]].name, "その他各課等で使用しているシステム");
    ck_assert_uint_eq(v.form.topics->n, 1);
    ck_assert(!v.form.topics->etc);
    ck_assert_str_eq(v.form.topics->items[0], "独自の項目");
    /* fields without override still come from the defaults */
    ck_assert_ptr_eq(v.form.standards, &S_audit.dept_reports.defaults.standards);
    ck_assert_str_eq(v.form.purpose, "各課等において、…");
    ck_assert_uint_eq(v.form.n_methods, 3);
    ad_dept_view_free(&v);

    /* an empty override (has_scope with no systems) is an override too */
    S_reports[1].form.has_scope = true;
    v = ad_dept_view_of(&S_audit, ZEIMU);
    ck_assert_uint_eq(v.form.n_scope, 0);
    ad_dept_view_free(&v);
}
END_TEST

START_TEST(dept_view_marks_and_ng)
{
    S_setup();
    ad_dept_view v = ad_dept_view_of(&S_audit, HOIKU);
    ck_assert_ptr_null(v.report); /* 保育課 has no report in this model */
    ck_assert_str_eq(v.form.purpose, "各課等において、…");
    ck_assert_uint_eq(v.n_marks, 5);
    ck_assert_uint_eq(v.n_ng, 3);
    ad_mark want[5] = { X, O, X, X, O };
    for (size_t i = 0; i < 5; i++)
        ck_assert_int_eq(v.marks[i].mark, want[i]);
    ad_dept_view_free(&v);

    v = ad_dept_view_of(&S_audit, KODOMO);
    ck_assert_uint_eq(v.n_ng, 2);
    ck_assert_uint_eq(v.report->n_findings, 1);
    ad_dept_view_free(&v);

    /* out of range: empty, no crash */
    v = ad_dept_view_of(&S_audit, NDEPT);
    ck_assert_ptr_null(v.department);
    ck_assert_uint_eq(v.n_marks, 0);
    ck_assert_ptr_nonnull(v.form.topics);
    ad_dept_view_free(&v);
}
END_TEST

START_TEST(dept_view_no_reports)
{
    S_setup();
    memset(&S_audit.dept_reports, 0, sizeof S_audit.dept_reports);
    ad_dept_view v = ad_dept_view_of(&S_audit, MACHI);
    ck_assert_ptr_null(v.report);
    ck_assert_ptr_null(v.form.purpose);
    ck_assert_uint_eq(v.form.n_scope, 0);
    ck_assert_ptr_nonnull(v.form.topics);
    ck_assert_ptr_nonnull(v.form.standards);
    ck_assert_uint_eq(v.form.topics->n, 0);
    ck_assert_uint_eq(v.n_marks, 5);
    ad_dept_view_free(&v);
}
END_TEST

/* ---- the sample against the reference packet ------------------------- */

static ad_audit *S_sample;

static void S_load_sample(void)
{
    ad_diags d;
    ad_diags_init(&d);
    S_sample = ad_load_file(TU_SAMPLE, &d);
    if (d.n > 0)
        ad_diags_print(&d, stderr);
    ck_assert_msg(S_sample != NULL, "the sample does not load");
    ck_assert_uint_eq(d.n_errors, 0);
    ck_assert_uint_eq(d.n_warnings, 0);
    ad_diags_free(&d);
}

static void S_free_sample(void)
{
    ad_audit_free(S_sample);
    S_sample = NULL;
}

static const ad_checklist *S_checklist(const char *id)
{
    for (size_t i = 0; i < S_sample->n_checklists; i++)
        if (strcmp(S_sample->checklists[i].id, id) == 0)
            return &S_sample->checklists[i];
    ck_abort_msg("no checklist %s", id);
    return NULL;
}

static size_t S_dept(const char *id)
{
    for (size_t i = 0; i < S_sample->n_departments; i++)
        if (strcmp(S_sample->departments[i].id, id) == 0)
            return i;
    ck_abort_msg("no department %s", id);
    return 0;
}

#define ALL7 "まちの魅力創造課、税務課、納税課、こども家庭センター、スポーツ推進課、商工観光課、保育課"
#define BUT_HOIKU "まちの魅力創造課、税務課、納税課、こども家庭センター、スポーツ推進課、商工観光課"
#define BUT_KODOMO_HOIKU "まちの魅力創造課、税務課、納税課、スポーツ推進課、商工観光課"

/* The reference's printed narrative tables (課別監査結果), row by row.  The one
 * difference is 人的 4, where the reference lists 保育課 in both columns; the
 * sample follows its matrix (保育 ○), so 改善が必要な課 is なし. */
static const struct {
    const char *section, *no, *ok, *ng;
} S_printed[] = {
    { "human", "1", ALL7, "なし" },
    { "human", "2", ALL7, "なし" },
    { "human", "3(1)", ALL7, "なし" },
    { "human", "3(2)", BUT_HOIKU, "保育課" },
    { "human", "4", ALL7, "なし" },
    { "human", "5", ALL7, "なし" },
    { "human", "6(1)", ALL7, "なし" },
    { "human", "6(2)", ALL7, "なし" },
    { "human", "7", ALL7, "なし" },
    { "physical", "1", ALL7, "なし" },
    { "physical", "2", ALL7, "なし" },
    { "physical", "3", ALL7, "なし" },
    { "physical", "4", ALL7, "なし" },
    { "physical", "5", BUT_KODOMO_HOIKU, "こども家庭センター、保育課" },
    { "mynumber", "1", ALL7, "なし" },
    { "mynumber", "2", ALL7, "なし" },
    { "mynumber", "3", ALL7, "なし" },
    { "mynumber", "4", ALL7, "なし" },
    { "mynumber", "5", ALL7, "なし" },
    { "mynumber", "6", ALL7, "なし" },
    { "mynumber", "7", ALL7, "なし" },
    { "mynumber", "8", BUT_KODOMO_HOIKU, "こども家庭センター、保育課" },
};

START_TEST(sample_narrative_tables)
{
    const ad_checklist *cl = S_checklist("detail");
    ck_assert_int_eq(cl->layout, AD_LAYOUT_NARRATIVE);
    size_t k = 0;
    for (size_t s = 0; s < cl->n_sections; s++) {
        const ad_section *sec = &cl->sections[s];
        for (size_t i = 0; i < sec->n_items; i++, k++) {
            ck_assert_uint_lt(k, sizeof S_printed / sizeof S_printed[0]);
            ck_assert_str_eq(sec->id, S_printed[k].section);
            ck_assert_str_eq(sec->items[i].no, S_printed[k].no);
            S_expect_lists(S_sample, &sec->items[i], S_printed[k].ok, S_printed[k].ng);
        }
    }
    ck_assert_uint_eq(k, sizeof S_printed / sizeof S_printed[0]);
}
END_TEST

START_TEST(sample_dept_views)
{
    size_t total = 0;
    for (size_t c = 0; c < S_sample->n_checklists; c++)
        for (size_t s = 0; s < S_sample->checklists[c].n_sections; s++)
            total += S_sample->checklists[c].sections[s].n_items;
    ck_assert_uint_eq(total, 22 + 28);

    for (size_t d = 0; d < S_sample->n_departments; d++) {
        ad_dept_view v = ad_dept_view_of(S_sample, d);
        ck_assert_ptr_nonnull(v.report);
        ck_assert_uint_eq(v.report->dept, d);
        ck_assert_uint_eq(v.n_marks, total);
        size_t ng = 0;
        for (size_t i = 0; i < v.n_marks; i++) {
            ck_assert_int_eq(v.marks[i].mark, v.marks[i].item->marks[d]);
            ng += v.marks[i].mark == AD_MARK_NG;
        }
        ck_assert_uint_eq(v.n_ng, ng);
        /* every × has a finding and every finding a × */
        ck_assert_msg((v.n_ng > 0) == (v.report->n_findings > 0), "%s: %zu × but %zu findings",
                      v.department->name, v.n_ng, v.report->n_findings);
        ad_dept_view_free(&v);
    }

    ad_dept_view v = ad_dept_view_of(S_sample, S_dept("hoiku"));
    ck_assert(v.department->special);
    ck_assert_uint_eq(v.n_ng, 6); /* 人的3(2) 物的5 特定8 + Ⅰ2(2) Ⅱ2(2) Ⅲ7 */
    ck_assert_uint_eq(v.report->n_findings, 4);
    ck_assert(v.report->findings[0].repeat);
    ck_assert(v.report->findings[1].repeat);
    ck_assert(!v.report->findings[2].repeat);
    ck_assert_uint_eq(v.form.n_scope, 3);
    ad_dept_view_free(&v);

    v = ad_dept_view_of(S_sample, S_dept("kodomo"));
    ck_assert_uint_eq(v.n_ng, 4);
    ck_assert_uint_eq(v.report->n_findings, 2);
    ad_dept_view_free(&v);

    v = ad_dept_view_of(S_sample, S_dept("machi"));
    ck_assert_uint_eq(v.n_ng, 0);
    ck_assert_str_eq(v.report->advice, "ファイルサーバ内のデータ整理に努められたい。");
    ck_assert_uint_eq(v.form.n_scope, 3);
    ck_assert_uint_eq(v.form.n_methods, 3);
    ck_assert_uint_eq(v.form.methods[1].n_subs, 2);
    ck_assert(v.form.topics->etc);
    ck_assert_uint_eq(v.form.topics->n, 6);
    ck_assert_uint_eq(v.form.standards->n, 5);
    ck_assert_int_eq(v.form.schedule[0].m, 9);
    ad_dept_view_free(&v);
}
END_TEST

START_TEST(sample_scope_override)
{
    const char *ids[2] = { "sports", "shoko" };
    for (size_t k = 0; k < 2; k++) {
        ad_dept_view v = ad_dept_view_of(S_sample, S_dept(ids[k]));
        ck_assert(v.report->form.has_scope);
        ck_assert_uint_eq(v.form.n_scope, 2);
        ck_assert_str_eq(S_sample->systems[v.form.scope[0]].name, "地域イントラネット系システム");
        ck_assert_str_eq(S_sample->systems[v.form.scope[1]].name, "その他各課等で使用しているシステム");
        /* the rest comes from the defaults */
        ck_assert_ptr_eq(v.form.purpose, S_sample->dept_reports.defaults.purpose);
        ck_assert_ptr_eq(v.form.topics, &S_sample->dept_reports.defaults.topics);
        ad_dept_view_free(&v);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("test_views");
    TCase *tc = tcase_create("hand-built");
    tcase_add_test(tc, narrative_lists);
    tcase_add_test(tc, narrative_all_marks);
    tcase_add_test(tc, names_join);
    tcase_add_test(tc, dept_view_defaults);
    tcase_add_test(tc, dept_view_overrides);
    tcase_add_test(tc, dept_view_marks_and_ng);
    tcase_add_test(tc, dept_view_no_reports);
    suite_add_tcase(s, tc);
    TCase *ts = tcase_create("sample");
    tcase_add_checked_fixture(ts, S_load_sample, S_free_sample);
    tcase_add_test(ts, sample_narrative_tables);
    tcase_add_test(ts, sample_dept_views);
    tcase_add_test(ts, sample_scope_override);
    suite_add_tcase(s, ts);
    return tu_main(s);
}
