/* test_compose.c — the composers (model → document tree), checked by walking
 * the trees: the agenda page and its links, the report's headings and
 * narrative tables (lists derived from the marks), the matrix (marks in their
 * cells, note row, legend, bands for 40 departments), the department report
 * (rows and labels in order, findings, advice, なし) and its isolation from
 * every other department, the packet's order and bookmarks, and that a
 * change of templates/wording.txt changes the output.  Runs on a hand-built
 * model and, when the loader can read it, on the project's sample. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compose.h"
#include "load.h"
#include "testutil.h"
#include "util.h"
#include "typeset_int.h"
#include "views.h"

static int S_mm(double mm) { return (int)(mm * 1440.0 / 25.4 + 0.5); }

/* ---- building a model by hand ------------------------------------------------ */

static const char *const S_ids[7] = {"machi", "zeimu", "nozei", "kodomo", "sports", "shoko", "hoiku"};
static const char *const S_shorts[7] = {"まち", "税務", "納税", "こども", "スポーツ", "商工", "保育"};
static const char *const S_names[7] = {"まちの魅力創造課", "税務課", "納税課", "こども家庭センター",
                                       "スポーツ推進課", "商工観光課", "保育課"};

static char *S(const char *s) { return ad_xstrdup(s); }

static ad_mark *S_marks(const char *row, size_t n)
{
    ad_mark *m = ad_xcalloc(n, sizeof *m);
    char *copy = S(row), *save = NULL;
    size_t i = 0;
    for (char *tok = strtok_r(copy, " ", &save); tok && i < n; tok = strtok_r(NULL, " ", &save))
        ck_assert(ad_mark_parse(tok, &m[i++]));
    ck_assert_uint_eq(i, n);
    free(copy);
    return m;
}

static ad_blocks S_paras1(const char *text)
{
    ad_blocks b = {ad_xcalloc(1, sizeof(ad_block)), 1};
    b.v[0].kind = AD_BLOCK_P;
    b.v[0].text = S(text);
    return b;
}

static ad_item S_item(const char *no, const char *text, const char *detail, const char *marks,
                      const char *remark, size_t nd)
{
    ad_item it = {0};
    it.no = no ? S(no) : NULL;
    it.text = S(text);
    it.detail = detail ? S(detail) : NULL;
    it.marks = S_marks(marks, nd);
    it.remark = remark ? S(remark) : NULL;
    return it;
}

static ad_date S_date(int y, int m, int d) { return (ad_date){y, m, d}; }

static ad_textlist S_textlist(bool etc, const char *a, const char *b)
{
    ad_textlist l = {ad_xcalloc(2, sizeof(char *)), 2, etc};
    l.items[0] = S(a);
    l.items[1] = S(b);
    return l;
}

/* The sample's round, reduced: 7 departments, a narrative and a matrix
 * checklist, reports with findings, an agenda document. */
static ad_audit *S_model(void)
{
    ad_audit *a = ad_xcalloc(1, sizeof *a);
    a->version = 1;
    a->fiscal_year = 2025;
    a->term = AD_TERM_FIRST_HALF;
    a->org.name = S("龍ヶ崎市");
    a->org.committee = S("龍ヶ崎市情報セキュリティ委員会");

    ad_meeting *m = &a->meeting;
    m->present = true;
    m->number = 2;
    m->date = S_date(2025, 10, 15);
    m->place = S("庁議室");
    m->time = S("情報化推進委員会終了後");
    m->n_agenda = 3;
    m->agenda = ad_xcalloc(3, sizeof *m->agenda);
    m->agenda[0] = (ad_agenda_item){S("report"), S("令和7年度上半期情報セキュリティ内部監査の結果について"), 0};
    m->agenda[1] = (ad_agenda_item){S("free-mail"), S("フリーメールの使用について"), 0};
    m->agenda[2] = (ad_agenda_item){NULL, S("その他"), 0};

    size_t nd = 7;
    a->n_departments = nd;
    a->departments = ad_xcalloc(nd, sizeof *a->departments);
    for (size_t i = 0; i < nd; i++) {
        a->departments[i].id = S(S_ids[i]);
        a->departments[i].short_name = S(S_shorts[i]);
        a->departments[i].name = S(S_names[i]);
    }
    a->n_systems = 3;
    a->systems = ad_xcalloc(3, sizeof *a->systems);
    a->systems[0] = (ad_system){S("intranet"), S("地域イントラネット系システム"), 0};
    a->systems[1] = (ad_system){S("kikan"), S("住民情報基幹系システム"), 0};
    a->systems[2] = (ad_system){S("other"), S("その他各課等で使用しているシステム"), 0};

    ad_report *r = &a->report;
    r->present = true;
    r->id = S("report");
    r->date = S_date(2025, 10, 16);
    r->purpose = S_paras1("情報セキュリティ内部監査は、点検し、評価するものです。");
    r->target_systems = S("住民情報基幹系システム、イントラネット系システム");
    r->n_audit_dates = 1;
    r->audit_dates = ad_xcalloc(1, sizeof(ad_date));
    r->audit_dates[0] = S_date(2025, 9, 2);
    r->n_auditors = 2;
    r->auditors = ad_xcalloc(2, sizeof(ad_role));
    r->auditors[0] = (ad_role){S("監査実施責任者"), S("デジタル都市推進課長（監査規程第3条第2項）"), 0};
    r->auditors[1] = (ad_role){S("監査担当部門"), S("デジタル都市推進課（監査規程第3条第1項）"), 0};
    r->n_criteria = 2;
    r->criteria = ad_xcalloc(2, sizeof(ad_criteria_group));
    r->criteria[0].n_rules = 1;
    r->criteria[0].rules = ad_xcalloc(1, sizeof(char *));
    r->criteria[0].rules[0] = S("龍ヶ崎市情報セキュリティ規則");
    r->criteria[1].n_rules = 1;
    r->criteria[1].rules = ad_xcalloc(1, sizeof(char *));
    r->criteria[1].rules[0] = S("地方公共団体における情報セキュリティに関する監査ガイドライン（総務省）");
    r->summary = S_paras1("本市の情報セキュリティ対策に関しては、総評本文。");

    a->n_checklists = 2;
    a->checklists = ad_xcalloc(2, sizeof(ad_checklist));
    ad_checklist *c = &a->checklists[0];
    c->id = S("detail");
    c->layout = AD_LAYOUT_NARRATIVE;
    c->title = S("課別監査結果");
    c->n_sections = 1;
    c->sections = ad_xcalloc(1, sizeof(ad_section));
    c->sections[0].id = S("human");
    c->sections[0].title = S("人的セキュリティ");
    c->sections[0].n_items = 2;
    c->sections[0].items = ad_xcalloc(2, sizeof(ad_item));
    c->sections[0].items[0] = S_item("1", "情報資産等の業務以外の目的での使用禁止",
                                     "職員等による業務以外の目的での情報資産の持ち出し",
                                     "○ ○ ○ ○ ○ ○ ○", NULL, nd);
    c->sections[0].items[1] = S_item("3(2)", "パソコンの取扱い", "デスクトップに文書等を保存していない。",
                                     "○ △ △ △ ○ ○ ×",
                                     "一部デスクトップに文書等を保存している課も見受けられたが、改善あり。", nd);

    c = &a->checklists[1];
    c->id = S("summary");
    c->layout = AD_LAYOUT_MATRIX;
    c->n_sections = 2;
    c->sections = ad_xcalloc(2, sizeof(ad_section));
    c->sections[0].id = S("human");
    c->sections[0].numeral = S("Ⅰ");
    c->sections[0].title = S("人的セキュリティに関して");
    c->sections[0].n_items = 1;
    c->sections[0].items = ad_xcalloc(1, sizeof(ad_item));
    c->sections[0].items[0] = S_item("2", "パソコンの取扱い（2）デスクトップ上でのデータの保存禁止", NULL,
                                     "○ △ △ △ ○ ○ ×", NULL, nd);
    c->sections[1].id = S("mynumber");
    c->sections[1].numeral = S("Ⅲ");
    c->sections[1].title = S("特定個人情報の適切な取扱いに関して");
    c->sections[1].n_items = 1;
    c->sections[1].items = ad_xcalloc(1, sizeof(ad_item));
    c->sections[1].items[0] = S_item("7", "特定個人情報事務取扱担当の監督、教育", "所属長による取扱い確認",
                                     "- ○ ○ × - ○ ×", NULL, nd);
    c->sections[1].n_notes = 1;
    c->sections[1].notes = ad_xcalloc(1, sizeof(ad_note_row));
    c->sections[1].notes[0].title = S("備考（特定個人情報の取扱い）");
    c->sections[1].notes[0].cells = ad_xcalloc(nd, sizeof(char *));
    const char *notes[7] = {"関係事務のみ", "税務", "収納", "児童手当", "関係事務のみ", "ふるさと納税", "保育"};
    for (size_t i = 0; i < nd; i++)
        c->sections[1].notes[0].cells[i] = S(notes[i]);

    ad_dept_reports *dr = &a->dept_reports;
    dr->present = true;
    dr->date = S_date(2025, 10, 16);
    ad_form *f = &dr->defaults;
    f->purpose = S("各課等において、情報セキュリティを維持・管理する仕組みを点検する。");
    f->n_scope = 3;
    f->scope = ad_xcalloc(3, sizeof(size_t));
    for (size_t i = 0; i < 3; i++)
        f->scope[i] = i;
    f->n_methods = 2;
    f->methods = ad_xcalloc(2, sizeof(ad_method));
    f->methods[0].text = S("監査項目（書類）の確認");
    f->methods[1].text = S("遠隔操作によるシステム等の管理状況の確認");
    f->methods[1].n_subs = 2;
    f->methods[1].subs = ad_xcalloc(2, sizeof(char *));
    f->methods[1].subs[0] = S("ログ（端末の操作記録）の確認等");
    f->methods[1].subs[1] = S("デスクトップ上のデータ確認");
    f->n_schedule = 1;
    f->schedule = ad_xcalloc(1, sizeof(ad_date));
    f->schedule[0] = S_date(2025, 9, 2);
    f->topics = S_textlist(true, "人的セキュリティに関する管理状況", "基幹系システムにおけるデータの管理状況");
    f->standards = S_textlist(true, "龍ヶ崎市セキュリティ規則", "龍ヶ崎市個人情報の保護に関する法律施行条例");

    dr->n_reports = nd;
    dr->reports = ad_xcalloc(nd, sizeof(ad_dept_report));
    for (size_t i = 0; i < nd; i++) {
        ad_dept_report *rep = &dr->reports[i];
        rep->dept = i;
        char *sum = ad_xasprintf("総評テキスト%s%zu号。", S_ids[i], i);
        rep->summary = S_paras1(sum);
        rep->has_summary = true;
        free(sum);
        if (i == 0 || i == 4)
            rep->advice = ad_xasprintf("データ整理に努められたい%s。", S_ids[i]);
    }
    /* スポーツ推進課 audits two systems only */
    ad_form *sf = &dr->reports[4].form;
    sf->has_scope = true;
    sf->n_scope = 2;
    sf->scope = ad_xcalloc(2, sizeof(size_t));
    sf->scope[0] = 0;
    sf->scope[1] = 2;
    ad_dept_report *k = &dr->reports[3];
    k->n_findings = 1;
    k->findings = ad_xcalloc(1, sizeof(ad_finding));
    k->findings[0] = (ad_finding){S("対応手順書の整備"), S("対応手順書を整備することkodomo。"), false, 0};
    ad_dept_report *h = &dr->reports[6];
    h->n_findings = 2;
    h->findings = ad_xcalloc(2, sizeof(ad_finding));
    h->findings[0] = (ad_finding){S("デスクトップへの貼り付け"), S("昨年度指摘事項であるhoiku。"), true, 0};
    h->findings[1] = (ad_finding){S("研修受講"), S("早急に改善を図ることhoiku。"), false, 0};

    a->n_agenda_docs = 1;
    a->agenda_docs = ad_xcalloc(1, sizeof(ad_agenda_doc));
    ad_agenda_doc *doc = &a->agenda_docs[0];
    doc->id = S("free-mail");
    doc->title = S("フリーメールの使用について");
    doc->body.n = 3;
    doc->body.v = ad_xcalloc(3, sizeof(ad_block));
    doc->body.v[0] = (ad_block){AD_BLOCK_H, S("※問題点"), {0}, 0};
    ad_block *ul = &doc->body.v[1];
    ul->kind = AD_BLOCK_UL;
    ul->children.n = 2;
    ul->children.v = ad_xcalloc(2, sizeof(ad_block));
    ul->children.v[0] = (ad_block){AD_BLOCK_LI, S("規程で禁止している"), {0}, 0};
    ul->children.v[1] = (ad_block){AD_BLOCK_LI, S("情報漏えいの恐れがある"), {0}, 0};
    ad_block *ol = &doc->body.v[2];
    ol->kind = AD_BLOCK_OL;
    ol->children.n = 2;
    ol->children.v = ad_xcalloc(2, sizeof(ad_block));
    ol->children.v[0] = (ad_block){AD_BLOCK_LI, S("至急"), {0}, 0};
    ol->children.v[1] = (ad_block){AD_BLOCK_LI, S("順次"), {0}, 0};
    /* a nested numbered list inside the first item */
    ad_block *li = &ol->children.v[0];
    li->children.n = 1;
    li->children.v = ad_xcalloc(1, sizeof(ad_block));
    li->children.v[0].kind = AD_BLOCK_OL;
    li->children.v[0].children.n = 1;
    li->children.v[0].children.v = ad_xcalloc(1, sizeof(ad_block));
    li->children.v[0].children.v[0] = (ad_block){AD_BLOCK_LI, S("パスワードを変更する"), {0}, 0};
    return a;
}

/* ---- walking trees ----------------------------------------------------------- */

typedef struct {
    const ad_node **v;
    size_t n, cap;
} S_nodelist;

/* Every node in document order, descending into table cells. */
static void S_walk(const ad_nodes *l, S_nodelist *out)
{
    for (size_t i = 0; i < l->n; i++) {
        const ad_node *n = l->v[i];
        AD_VEC_PUSH(out->v, out->n, out->cap) = n;
        if (n->kind == AD_NODE_TABLE)
            for (size_t r = 0; r < n->n_rows; r++)
                for (size_t c = 0; c < n->rows[r].n; c++)
                    S_walk(&n->rows[r].cells[c].body, out);
    }
}

/* The top-level tables of a section. */
static const ad_node *S_table(const ad_doc_section *s, size_t which)
{
    for (size_t i = 0; i < s->body.n; i++)
        if (s->body.v[i]->kind == AD_NODE_TABLE && which-- == 0)
            return s->body.v[i];
    return NULL;
}

/* The text of a cell: its paragraphs' texts joined by '|'. */
static char *S_cell(const ad_node *t, size_t r, size_t c)
{
    ck_assert_uint_lt(r, t->n_rows);
    ck_assert_uint_lt(c, t->rows[r].n);
    const ad_nodes *b = &t->rows[r].cells[c].body;
    ad_buf buf = {0};
    ad_buf_puts(&buf, "");
    for (size_t i = 0; i < b->n; i++) {
        char *p = ad_para_text(b->v[i]);
        if (i)
            ad_buf_puts(&buf, "|");
        if (b->v[i]->marker)
            ad_buf_printf(&buf, "%s ", b->v[i]->marker);
        ad_buf_puts(&buf, p);
        free(p);
    }
    return ad_buf_take(&buf);
}

#define ck_cell_eq(t, r, c, want)                                                            \
    do {                                                                                     \
        char *got_ = S_cell((t), (r), (c));                                                  \
        ck_assert_str_eq(got_, (want));                                                      \
        free(got_);                                                                          \
    } while (0)

static char *S_dump(const ad_doc *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ad_doc_dump(d, f);
    fclose(f);
    return buf;
}

/* Paragraph texts of a section's top level with the given style, joined by '\n'. */
static char *S_styled(const ad_doc_section *s, ad_pstyle st)
{
    ad_buf b = {0};
    ad_buf_puts(&b, "");
    for (size_t i = 0; i < s->body.n; i++) {
        const ad_node *n = s->body.v[i];
        if (n->kind != AD_NODE_PARA || n->style != st)
            continue;
        char *p = ad_para_text(n);
        ad_buf_printf(&b, "%s\n", p);
        free(p);
    }
    return ad_buf_take(&b);
}

static ad_templates *S_templates(void)
{
    char *dir = tu_src("templates");
    ad_err e = {0};
    ad_templates *t = ad_templates_load(dir, &e);
    ck_assert_msg(t != NULL, "%s", e.msg);
    free(dir);
    return t;
}

/* ---- tests ---------------------------------------------------------------------- */

/* A list nested 60 deep: every item is kept, and the indent stops growing
 * after a few levels so that no text is pushed off the page. */
START_TEST(deep_lists_keep_text_on_the_page)
{
    ad_templates *t = S_templates();
    enum { DEPTH = 60 };
    ad_block *lists = ad_xcalloc(DEPTH, sizeof *lists), *items = ad_xcalloc(DEPTH, sizeof *items);
    for (int k = DEPTH - 1; k >= 0; k--) {
        items[k].kind = AD_BLOCK_LI;
        items[k].text = ad_xasprintf("深さ%d", k);
        if (k + 1 < DEPTH)
            items[k].children = (ad_blocks){&lists[k + 1], 1};
        lists[k].kind = AD_BLOCK_OL;
        lists[k].children = (ad_blocks){&items[k], 1};
    }
    ad_blocks top = {&lists[0], 1};
    ad_nodes out = {0};
    ad_compose_blocks(&out, &top, t, AD_PS_NORMAL);
    ck_assert_uint_eq(out.n, DEPTH);
    int max_indent = 0;
    for (size_t i = 0; i < out.n; i++)
        if (out.v[i]->indent > max_indent)
            max_indent = out.v[i]->indent;
    ck_assert_int_gt(max_indent, 0);
    ck_assert_int_le(max_indent, 6 * 567); /* 6 levels of at most 1 cm */
    ck_assert_int_eq(out.v[DEPTH - 1]->indent, max_indent);
    ad_nodes_free(&out);
    for (int k = 0; k < DEPTH; k++)
        free(items[k].text);
    free(items);
    free(lists);
    ad_templates_free(t);
}
END_TEST

START_TEST(round_time)
{
    ad_audit *a = S_model();
    unsetenv("SOURCE_DATE_EPOCH");
    /* 2025-10-16 00:00 JST = 2025-10-15 15:00 UTC */
    ck_assert_int_eq((long long)ad_round_time(a), 1760540400LL);
    a->report.present = false; /* then the department reports' date (the same day) */
    ck_assert_int_eq((long long)ad_round_time(a), 1760540400LL);
    a->dept_reports.present = false; /* then the meeting's, a day earlier */
    ck_assert_int_eq((long long)ad_round_time(a), 1760540400LL - 86400);
    a->meeting.present = false;
    ck_assert_int_eq((long long)ad_round_time(a), 0);
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    ck_assert_int_eq((long long)ad_round_time(a), 1700000000LL);
    setenv("SOURCE_DATE_EPOCH", "12abc", 1); /* not a number: ignored */
    ck_assert_int_eq((long long)ad_round_time(a), 0);
    unsetenv("SOURCE_DATE_EPOCH");
    ad_audit_free(a);
}
END_TEST

START_TEST(doc_and_page)
{
    ad_templates *t = S_templates();
    ad_audit *a = S_model();
    unsetenv("SOURCE_DATE_EPOCH");
    ad_doc *d = ad_compose_doc_new(a, t, "題名", "件名");
    ck_assert_str_eq(d->title, "題名");
    ck_assert_str_eq(d->author, "龍ヶ崎市");
    ck_assert_str_eq(d->subject, "件名");
    ck_assert_str_eq(d->language, "ja-JP");
    ck_assert_str_eq(d->keywords, "情報セキュリティ内部監査");
    ck_assert_int_eq((long long)d->created, 1760540400LL);
    ck_assert_str_eq(d->page_number_format, "- {page} -");
    ck_assert_uint_eq(d->header_shade, 0xD9D9D9);
    ck_assert_int_eq(d->styles[AD_PS_NORMAL].size, 21);
    ck_assert_int_eq(d->styles[AD_PS_TITLE].font, AD_FONT_GOTHIC);
    ck_assert(d->styles[AD_PS_TITLE].bold);
    ck_assert_int_eq(d->styles[AD_PS_HEADING1].space_before, 200);
    ck_assert_int_eq(d->styles[AD_PS_HEADING1].outline, 1);
    ck_assert_int_eq(d->styles[AD_PS_TABLE].size, 18);
    ad_doc_free(d);

    ad_page p = ad_compose_page(t, false);
    ck_assert_int_eq(p.width, 11906);
    ck_assert_int_eq(p.height, 16838);
    ck_assert_int_eq(p.margin_top, 1417);  /* 25 mm */
    ck_assert_int_eq(p.margin_right, 1134); /* 20 mm */
    ad_page l = ad_compose_page(t, true);
    ck_assert_int_eq(l.width, 16838);
    ck_assert_int_eq(l.height, 11906);
    ck_assert_int_eq(l.margin_left, 1020); /* 18 mm */

    char *an = ad_anchor_for("part", "free-mail");
    ck_assert_str_eq(an, "part-free-mail");
    free(an);
    ad_audit_free(a);
    ad_templates_free(t);
}
END_TEST

START_TEST(blocks_lists)
{
    ad_templates *t = S_templates();
    ad_audit *a = S_model();
    ad_nodes out = {0};
    ad_compose_blocks(&out, &a->agenda_docs[0].body, t, AD_PS_NORMAL);
    ck_assert_uint_eq(out.n, 6);
    ck_assert_int_eq(out.v[0]->style, AD_PS_HEADING3);
    ck_assert_str_eq(out.v[1]->marker, "・");
    ck_assert_str_eq(out.v[2]->marker, "・");
    ck_assert_str_eq(out.v[3]->marker, "(1)");
    ck_assert_str_eq(out.v[4]->marker, "1.");      /* nested numbered list */
    ck_assert_int_gt(out.v[4]->indent, out.v[3]->indent);
    ck_assert_str_eq(out.v[5]->marker, "(2)");
    char *txt = ad_para_text(out.v[4]);
    ck_assert_str_eq(txt, "パスワードを変更する");
    free(txt);
    ad_nodes_free(&out);
    /* a plain paragraph gets the first-line indent */
    ad_compose_blocks(&out, &a->report.summary, t, AD_PS_NORMAL);
    ck_assert_uint_eq(out.n, 1);
    ck_assert_int_eq(out.v[0]->first_line, 210);
    ck_assert_ptr_null(out.v[0]->marker);
    ad_nodes_free(&out);
    ad_audit_free(a);
    ad_templates_free(t);
}
END_TEST

START_TEST(agenda_page_and_links)
{
    ad_templates *t = S_templates();
    ad_audit *a = S_model();
    ad_doc *d = ad_compose_packet(a, t);
    const ad_doc_section *s = &d->sections[0];
    ck_assert(!s->landscape);
    ck_assert_str_eq(s->outline_title, "次第");
    S_nodelist l = {0};
    S_walk(&s->body, &l);
    char *title = ad_para_text(l.v[0]);
    ck_assert_str_eq(title, "令和7年度第2回龍ヶ崎市情報セキュリティ委員会");
    ck_assert_int_eq(l.v[0]->style, AD_PS_TITLE);
    free(title);
    char *date = ad_para_text(l.v[1]);
    ck_assert_str_eq(date, "日時：令和7年10月15日（水）\n　　　情報化推進委員会終了後");
    free(date);
    char *place = ad_para_text(l.v[2]);
    ck_assert_str_eq(place, "場所：庁議室");
    free(place);
    /* the three items, the first two linking to their parts */
    const char *want[3] = {"1 令和7年度上半期情報セキュリティ内部監査の結果について",
                           "2 フリーメールの使用について", "3 その他"};
    const char *links[3] = {"part-report", "part-free-mail", NULL};
    size_t found = 0;
    for (size_t i = 0; i < l.n; i++) {
        char *p = ad_para_text(l.v[i]);
        for (size_t k = 0; k < 3; k++)
            if (strcmp(p, want[k]) == 0) {
                ck_assert_uint_eq(found, k);
                found++;
                ck_assert_uint_eq(l.v[i]->n_runs, 1);
                if (links[k])
                    ck_assert_str_eq(l.v[i]->runs[0].link, links[k]);
                else
                    ck_assert_ptr_null(l.v[i]->runs[0].link);
            }
        free(p);
    }
    ck_assert_uint_eq(found, 3);
    /* spacing is the items' own (layout.txt agenda.blank_lines = 2, then
     * agenda.item_gap_lines = 1): no empty paragraph stands in for it */
    ck_assert_uint_eq(l.n, 6);
    for (size_t i = 0; i < l.n; i++) {
        char *p = ad_para_text(l.v[i]);
        ck_assert_msg(*p, "an empty paragraph at %zu", i);
        free(p);
        ck_assert_int_eq(l.v[i]->blank_lines, i < 3 ? 0 : i == 3 ? 2 : 1);
    }
    ck_assert_int_eq(ad_para_blank_height(d, l.v[3]), 2 * d->styles[AD_PS_NORMAL].size * 10);
    free(l.v);

    /* every link of the packet has its target anchor */
    size_t n_links = 0;
    for (size_t i = 0; i < d->n_sections; i++) {
        S_nodelist all = {0};
        S_walk(&d->sections[i].body, &all);
        for (size_t k = 0; k < all.n; k++)
            for (size_t r = 0; r < all.v[k]->n_runs; r++) {
                const char *link = all.v[k]->runs[r].link;
                if (!link)
                    continue;
                n_links++;
                bool ok = false;
                for (size_t j = 0; j < d->n_sections && !ok; j++) {
                    if (d->sections[j].anchor && strcmp(d->sections[j].anchor, link) == 0)
                        ok = true;
                }
                ck_assert_msg(ok, "link %s has no target", link);
            }
        free(all.v);
    }
    ck_assert_uint_eq(n_links, 2);
    ad_doc_free(d);
    ad_audit_free(a);
    ad_templates_free(t);
}
END_TEST

START_TEST(report_headings_and_narrative)
{
    ad_templates *t = S_templates();
    ad_audit *a = S_model();
    ad_doc *d = ad_doc_new();
    ad_compose_report(d, a, t);
    ck_assert_uint_eq(d->n_sections, 1);
    const ad_doc_section *s = &d->sections[0];
    ck_assert_str_eq(s->anchor, "part-report");
    /* no <title>: the default is derived from the round */
    ck_assert_str_eq(s->outline_title, "令和7年度（上半期）情報セキュリティ内部監査実施報告書");
    char *h1 = S_styled(s, AD_PS_HEADING1);
    ck_assert_str_eq(h1, "1 監査概要\n2 監査結果\n3 課別監査結果\n");
    free(h1);
    char *h2 = S_styled(s, AD_PS_HEADING2);
    ck_assert_str_eq(h2, "(1) 監査目的\n(2) 監査対象課及び対象システム\n(3) 監査実施日\n"
                         "(4) 監査実施体制\n(5) 監査の基準となる根拠\n（総評）\n");
    free(h2);
    char *h3 = S_styled(s, AD_PS_HEADING3);
    ck_assert_str_eq(h3, "監査対象課\n対象システム\n○人的セキュリティ\n");
    free(h3);
    char *body = S_styled(s, AD_PS_NORMAL);
    ck_assert(strstr(body, "まちの魅力創造課、税務課、納税課、こども家庭センター、スポーツ推進課、"
                           "商工観光課、保育課\n"));
    ck_assert(strstr(body, "令和7年9月2日（火）\n"));
    ck_assert(strstr(body, "監査実施責任者：デジタル都市推進課長（監査規程第3条第2項）\n"));
    ck_assert(strstr(body, "別紙「令和7年度（上半期）情報セキュリティ内部監査結果一覧」のとおり\n"));
    free(body);

    const ad_node *tb = S_table(s, 0);
    ck_assert_ptr_nonnull(tb);
    ck_assert_int_eq(tb->n_cols, 4);
    ck_assert_int_eq(tb->header_rows, 1);
    ck_assert_uint_eq(tb->n_rows, 3);
    int sum = 0;
    for (int c = 0; c < 4; c++)
        sum += tb->col_w[c];
    ck_assert_int_eq(sum, ad_page_text_width(&s->page));
    ck_cell_eq(tb, 0, 0, "監査項目");
    ck_cell_eq(tb, 0, 1, "適正に実施している課");
    ck_cell_eq(tb, 0, 2, "改善が必要な課");
    ck_cell_eq(tb, 0, 3, "改善内容等");
    ck_assert_uint_eq(tb->rows[0].cells[0].shade, 0xD9D9D9);
    ck_cell_eq(tb, 1, 0, "1 情報資産等の業務以外の目的での使用禁止(職員等による業務以外の目的での情報資産の持ち出し)");
    ck_cell_eq(tb, 1, 1, "まちの魅力創造課、税務課、納税課、こども家庭センター、スポーツ推進課、商工観光課、保育課");
    ck_cell_eq(tb, 1, 2, "なし");
    ck_cell_eq(tb, 1, 3, "");
    /* 3(2): 適正 = the six others (△ counts as 適正), 改善が必要 = 保育課 */
    ck_cell_eq(tb, 2, 0, "3(2) パソコンの取扱い(デスクトップに文書等を保存していない。)");
    ck_cell_eq(tb, 2, 1, "まちの魅力創造課、税務課、納税課、こども家庭センター、スポーツ推進課、商工観光課");
    ck_cell_eq(tb, 2, 2, "保育課");
    ck_cell_eq(tb, 2, 3, "一部デスクトップに文書等を保存している課も見受けられたが、改善あり。");
    ck_assert_ptr_null(S_table(s, 1)); /* the matrix checklist has no narrative table */
    ad_doc_free(d);

    /* no report: nothing */
    a->report.present = false;
    d = ad_doc_new();
    ad_compose_report(d, a, t);
    ck_assert_uint_eq(d->n_sections, 0);
    ad_doc_free(d);
    ad_audit_free(a);
    ad_templates_free(t);
}
END_TEST

START_TEST(matrix_marks_notes_legend)
{
    ad_templates *t = S_templates();
    ad_audit *a = S_model();
    ad_doc *d = ad_compose_matrix_doc(a, t);
    ck_assert_str_eq(d->title, "令和7年度（上半期）情報セキュリティ内部監査結果一覧");
    ck_assert_uint_eq(d->n_sections, 1);
    const ad_doc_section *s = &d->sections[0];
    ck_assert(s->landscape);
    ck_assert_int_eq(s->page.width, 16838);
    ck_assert_str_eq(s->outline_title, "令和7年度（上半期）情報セキュリティ内部監査結果一覧");
    /* title, then per section: heading, table, legend */
    const ad_pstyle want_style[] = {AD_PS_TITLE, AD_PS_HEADING3, 99, AD_PS_NOTE,
                                    AD_PS_HEADING3, 99, AD_PS_NOTE};
    ck_assert_uint_eq(s->body.n, 7);
    for (size_t i = 0; i < 7; i++) {
        const ad_node *n = s->body.v[i];
        if (want_style[i] == 99) {
            ck_assert_int_eq(n->kind, AD_NODE_TABLE);
        } else {
            ck_assert_int_eq(n->kind, AD_NODE_PARA);
            ck_assert_int_eq(n->style, want_style[i]);
        }
    }
    char *h = ad_para_text(s->body.v[1]);
    ck_assert_str_eq(h, "Ⅰ 人的セキュリティに関して");
    free(h);
    char *legend = ad_para_text(s->body.v[6]);
    ck_assert_str_eq(legend, "○：適正    △：監査指導により改善    ×：改善を要する    -：該当なし");
    free(legend);

    const ad_node *t1 = S_table(s, 0);
    ck_assert_int_eq(t1->n_cols, 8);
    ck_assert_int_eq(t1->header_rows, 1);
    ck_cell_eq(t1, 0, 0, "監査内容");
    for (size_t i = 0; i < 7; i++)
        ck_cell_eq(t1, 0, i + 1, S_shorts[i]);
    ck_cell_eq(t1, 1, 0, "2 パソコンの取扱い（2）デスクトップ上でのデータの保存禁止");
    const char *row[7] = {"○", "△", "△", "△", "○", "○", "×"};
    /* each mark's meaning from the legend, read instead of the mark (tagged
     * PDF); the item's name labels its row */
    const char *meaning[7] = {"適正", "監査指導により改善", "監査指導により改善",
                              "監査指導により改善", "適正", "適正", "改善を要する"};
    for (size_t i = 0; i < 7; i++) {
        ck_cell_eq(t1, 1, i + 1, row[i]);
        ck_assert_int_eq(t1->rows[1].cells[i + 1].body.v[0]->align, AD_ALIGN_CENTER);
        ck_assert_str_eq(t1->rows[1].cells[i + 1].expansion, meaning[i]);
        ck_assert(!t1->rows[1].cells[i + 1].row_header);
    }
    ck_assert(t1->rows[1].cells[0].row_header);
    ck_assert_ptr_null(t1->rows[1].cells[0].expansion);
    ck_assert_ptr_null(t1->rows[0].cells[1].expansion); /* a department's name */
    /* the department columns hold スポーツ (4 em of 9 pt) and, as the item
     * column keeps 60 mm, the note row's longest term, 関係事務のみ and
     * ふるさと納税 (6 em), with the cell margins; the item column takes what
     * they leave */
    int dept_w = t1->col_w[1];
    ck_assert_int_eq(dept_w, 6 * 180 + 2 * d->cell_pad_x + 10);
    ck_assert_int_eq(d->cell_pad_x, 80); /* layout.txt table.cell_padding: 1.41 mm */
    ck_assert_int_eq(t1->col_w[0] + 7 * dept_w, ad_page_text_width(&s->page));
    /* one legend per page: every legend is a page note, nothing else is */
    ck_assert(s->body.v[3]->page_note);
    ck_assert(s->body.v[6]->page_note);
    ck_assert(!s->body.v[1]->page_note);

    const ad_node *t2 = S_table(s, 1);
    ck_assert_uint_eq(t2->n_rows, 3);
    ck_cell_eq(t2, 1, 0, "7 特定個人情報事務取扱担当の監督、教育（所属長による取扱い確認）");
    ck_cell_eq(t2, 1, 1, "-");
    ck_cell_eq(t2, 1, 4, "×");
    ck_cell_eq(t2, 1, 7, "×");
    ck_cell_eq(t2, 2, 0, "備考（特定個人情報の取扱い）");
    ck_cell_eq(t2, 2, 4, "児童手当");
    ck_cell_eq(t2, 2, 6, "ふるさと納税");
    ad_doc_free(d);
    ad_audit_free(a);
    ad_templates_free(t);
}
END_TEST

/* A generated round: nd departments, one matrix section of n_items items. */
static ad_audit *S_big(size_t nd, size_t n_items)
{
    ad_audit *a = ad_xcalloc(1, sizeof *a);
    a->fiscal_year = 2025;
    a->term = AD_TERM_ANNUAL;
    a->org.name = S("テスト市");
    a->n_departments = nd;
    a->departments = ad_xcalloc(nd, sizeof(ad_department));
    for (size_t i = 0; i < nd; i++) {
        a->departments[i].id = ad_xasprintf("d%zu", i);
        a->departments[i].short_name = ad_xasprintf("課%zu", i);
        a->departments[i].name = ad_xasprintf("第%zu課", i);
    }
    a->n_checklists = 1;
    a->checklists = ad_xcalloc(1, sizeof(ad_checklist));
    ad_checklist *c = &a->checklists[0];
    c->id = S("m");
    c->layout = AD_LAYOUT_MATRIX;
    c->n_sections = 1;
    c->sections = ad_xcalloc(1, sizeof(ad_section));
    c->sections[0].id = S("s");
    c->sections[0].title = S("人的セキュリティに関して");
    c->sections[0].n_items = n_items;
    c->sections[0].items = ad_xcalloc(n_items, sizeof(ad_item));
    for (size_t k = 0; k < n_items; k++) {
        ad_item *it = &c->sections[0].items[k];
        it->no = ad_xasprintf("%zu", k + 1);
        it->text = S("監査項目のテキスト");
        it->marks = ad_xcalloc(nd, sizeof(ad_mark));
        for (size_t i = 0; i < nd; i++)
            it->marks[i] = (ad_mark)((i + k) % AD_MARK_COUNT);
    }
    return a;
}

START_TEST(matrix_bands_for_40_departments)
{
    ad_templates *t = S_templates();
    ad_audit *a = S_big(40, 5);
    ad_doc *d = ad_compose_matrix_doc(a, t);
    /* annual round: no term in the title */
    ck_assert_str_eq(d->title, "令和7年度情報セキュリティ内部監査結果一覧");
    const ad_doc_section *s = &d->sections[0];
    size_t next = 0, bands = 0;
    int max_cols = (int)ad_layout_num(t, "matrix.max_depts_per_band", 16) + 1;
    for (size_t b = 0;; b++) {
        const ad_node *tb = S_table(s, b);
        if (!tb)
            break;
        bands++;
        ck_assert_int_le(tb->n_cols, max_cols);
        ck_assert_int_ge(tb->n_cols, 2);
        ck_cell_eq(tb, 0, 0, "監査内容");
        ck_assert_uint_eq(tb->n_rows, 6);
        int sum = 0;
        for (int c = 0; c < tb->n_cols; c++)
            sum += tb->col_w[c];
        ck_assert_int_eq(sum, ad_page_text_width(&s->page));
        ck_assert_int_ge(tb->col_w[0], 3402); /* the item column's minimum, 60 mm */
        for (int c = 1; c < tb->n_cols; c++, next++) {
            char *want = ad_xasprintf("課%zu", next);
            ck_cell_eq(tb, 0, (size_t)c, want);
            free(want);
            /* marks of department `next` in this band */
            for (size_t k = 0; k < 5; k++)
                ck_cell_eq(tb, k + 1, (size_t)c,
                           ad_mark_symbol(a->checklists[0].sections[0].items[k].marks[next]));
        }
    }
    ck_assert_uint_eq(next, 40); /* every department once, in order */
    ck_assert_uint_ge(bands, 3);
    /* each band's heading names the band */
    char *h = ad_para_text(s->body.v[1]);
    ck_assert_msg(strstr(h, "人的セキュリティに関して（課0～課") != NULL, "%s", h);
    free(h);
    ad_doc_free(d);
    ad_audit_free(a);
    ad_templates_free(t);
}
END_TEST

/* Bands of nd departments whose short names are `shortname`, with a note
 * row of `note` in every department's cell when not NULL. */
static size_t S_bands_of(const ad_templates *t, size_t nd, const char *shortname, ad_fonts *f,
                         const char *note)
{
    ad_audit *a = S_big(nd, 3);
    for (size_t i = 0; i < nd; i++) {
        free(a->departments[i].short_name);
        a->departments[i].short_name = S(shortname);
    }
    ad_section *sec = &a->checklists[0].sections[0];
    if (note) {
        sec->n_notes = 1;
        sec->notes = ad_xcalloc(1, sizeof(ad_note_row));
        sec->notes[0].title = S("備考");
        sec->notes[0].cells = ad_xcalloc(nd, sizeof(char *));
        for (size_t i = 0; i < nd; i++)
            sec->notes[0].cells[i] = S(note);
    }
    ad_doc *d = ad_compose_matrix_doc(a, t);
    const ad_doc_section *s = &d->sections[0];
    size_t bands = 0;
    for (const ad_node *tb; (tb = S_table(s, bands)) != NULL; bands++) {
        ck_assert_int_ge(tb->col_w[0], S_mm(60));
        for (int c = 1; c < tb->n_cols && f; c++) {
            /* the short name on one line inside the cell margins both
             * backends use */
            ad_ts_probe pr;
            ad_ts_probe_para(f, d, tb->rows[0].cells[c].body.v[0],
                             (tb->col_w[c] - 2 * d->cell_pad_x) / 20.0, &pr);
            ck_assert_msg(pr.n_lines == 1, "%s wraps in a %d twip column", shortname,
                          tb->col_w[c]);
            ad_ts_probe_free(&pr);
        }
    }
    ad_doc_free(d);
    ad_audit_free(a);
    return bands;
}

START_TEST(matrix_one_band_up_to_12_departments)
{
    ad_templates *t = S_templates();
    ad_err e = {0};
    ad_fonts *f = ad_fonts_load(AD_SOURCE_DIR "/fonts", &e);
    ck_assert_msg(f != NULL, "%s", e.msg);
    /* four-character short names: 12 in one band, 13 in two */
    ck_assert_uint_eq(S_bands_of(t, 12, "スポーツ", f, NULL), 1);
    ck_assert_uint_eq(S_bands_of(t, 13, "スポーツ", f, NULL), 2);
    ck_assert_uint_eq(S_bands_of(t, 7, "スポーツ", f, NULL), 1);
    /* long note terms widen the columns only as far as the item column
     * keeps its minimum: never another band */
    ck_assert_uint_eq(S_bands_of(t, 12, "スポーツ", f, "児童扶養手当給付事務全般 母子保健"), 1);
    ck_assert_uint_eq(S_bands_of(t, 7, "スポーツ", f, "児童扶養手当給付事務全般 母子保健"), 1);
    /* never wrapping, whatever the characters */
    ck_assert_uint_eq(S_bands_of(t, 3, "WWW99", f, NULL), 1);
    ck_assert_uint_eq(S_bands_of(t, 3, "ｽﾎﾟｰﾂ課", f, NULL), 1);
    ck_assert_uint_eq(S_bands_of(t, 3, "情報政策課ＤＸ", f, NULL), 1);
    ck_assert_uint_eq(S_bands_of(t, 2, "Ａ・Ｂ（C）", f, NULL), 1);
    ad_fonts_free(f);
    ad_templates_free(t);
}
END_TEST

START_TEST(dept_report_structure)
{
    ad_templates *t = S_templates();
    ad_audit *a = S_model();
    ad_doc *d = ad_compose_dept_doc(a, 6, t); /* 保育課 */
    ck_assert_str_eq(d->subject, "保育課 情報セキュリティ内部監査結果報告書");
    ck_assert_str_eq(d->title, "情報セキュリティ内部監査結果報告書");
    const ad_doc_section *s = &d->sections[0];
    ck_assert_str_eq(s->outline_title, "保育課");
    /* the title (carrying the anchor), then the date right-aligned */
    char *title = ad_para_text(s->body.v[0]);
    ck_assert_str_eq(title, "情報セキュリティ内部監査結果報告書");
    ck_assert_int_eq(s->body.v[0]->style, AD_PS_TITLE);
    ck_assert_str_eq(s->body.v[0]->anchor, "dept-hoiku");
    free(title);
    const ad_node *n1 = s->body.v[1];
    char *date = ad_para_text(n1);
    ck_assert_str_eq(date, "令和7年10月16日");
    ck_assert_int_eq(n1->align, AD_ALIGN_RIGHT);
    free(date);

    const ad_node *f = S_table(s, 0);
    ck_assert_int_eq(f->n_cols, 3);
    ck_assert_uint_eq(f->n_rows, 7);
    for (size_t r = 0; r < 7; r++) /* number and label head their row, the content not */
        ck_assert(f->rows[r].cells[0].row_header && f->rows[r].cells[1].row_header &&
                  !f->rows[r].cells[2].row_header);
    const char *labels[7] = {"監査目的", "監査範囲", "被監査部門", "監査方法", "監査実施日程",
                             "監査項目", "適用基準"};
    for (size_t r = 0; r < 7; r++) {
        char no[4];
        snprintf(no, sizeof no, "%zu", r + 1);
        ck_cell_eq(f, r, 0, no);
        ck_cell_eq(f, r, 1, labels[r]);
    }
    ck_cell_eq(f, 0, 2, "各課等において、情報セキュリティを維持・管理する仕組みを点検する。");
    ck_cell_eq(f, 1, 2, "(1) 地域イントラネット系システム|(2) 住民情報基幹系システム|"
                        "(3) その他各課等で使用しているシステム");
    ck_cell_eq(f, 2, 2, "保育課");
    ck_cell_eq(f, 3, 2, "(1) 監査項目（書類）の確認|(2) 遠隔操作によるシステム等の管理状況の確認|"
                        "ア. ログ（端末の操作記録）の確認等|イ. デスクトップ上のデータ確認");
    ck_cell_eq(f, 4, 2, "令和7年9月2日（火）");
    ck_cell_eq(f, 5, 2, "(1) 人的セキュリティに関する管理状況|(2) 基幹系システムにおけるデータの管理状況 など");
    ck_cell_eq(f, 6, 2, "(1) 龍ヶ崎市セキュリティ規則|(2) 龍ヶ崎市個人情報の保護に関する法律施行条例 など");

    /* （総評） / （指摘事項） with ● entries, the repeat mark visible */
    char *dump = S_dump(d);
    const char *order[] = {"（総評）", "総評テキストhoiku6号。", "（指摘事項）",
                           "デスクトップへの貼り付け", "（再指摘）", "：", "昨年度指摘事項であるhoiku。",
                           "研修受講", "早急に改善を図ることhoiku。"};
    const char *p = dump;
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
        const char *q = strstr(p, order[i]);
        ck_assert_msg(q != NULL, "missing or out of order: %s", order[i]);
        p = q + strlen(order[i]);
    }
    ck_assert(strstr(dump, "marker=\"●\"") != NULL);
    ck_assert(strstr(dump, "[b #C00000 （再指摘）]") != NULL);
    char *normal = S_styled(s, AD_PS_NORMAL);
    ck_assert_msg(strstr(normal, "デスクトップへの貼り付け（再指摘）：昨年度指摘事項であるhoiku。\n"
                                 "研修受講：早急に改善を図ることhoiku。\n") != NULL,
                  "%s", normal);
    ck_assert(strstr(normal, "なし\n") == NULL);
    free(normal);
    /* appendix: its column of the 結果一覧, × standing out, each item counted
     * once (the narrative checklist's × is the same item as the matrix's) */
    ck_assert(strstr(dump, "別表　令和7年度（上半期）情報セキュリティ内部監査結果一覧（保育課の結果）") !=
              NULL);
    ck_assert(strstr(dump, "改善を要する項目：2件") != NULL);
    ck_assert(strstr(dump, "[b #C00000 ×]") != NULL);
    ck_assert(strstr(dump, "課別監査結果") == NULL);
    free(dump);
    ad_doc_free(d);

    /* a round with only a narrative checklist: the appendix shows that one */
    a->n_checklists = 1;
    d = ad_compose_dept_doc(a, 6, t);
    dump = S_dump(d);
    ck_assert(strstr(dump, "別表　課別監査結果（保育課の結果）") != NULL);
    ck_assert(strstr(dump, "改善を要する項目：1件") != NULL);
    free(dump);
    ad_doc_free(d);
    a->n_checklists = 2;

    /* a department with no finding: なし, then ただし、advice */
    d = ad_compose_dept_doc(a, 0, t);
    s = &d->sections[0];
    normal = S_styled(s, AD_PS_NORMAL);
    ck_assert_msg(strstr(normal, "なし\nただし、データ整理に努められたいmachi。\n") != NULL, "%s",
                  normal);
    free(normal);
    ad_doc_free(d);

    /* スポーツ推進課 overrides its scope */
    d = ad_compose_dept_doc(a, 4, t);
    ck_cell_eq(S_table(&d->sections[0], 0), 1, 2,
               "(1) 地域イントラネット系システム|(2) その他各課等で使用しているシステム");
    ad_doc_free(d);

    /* the appendix can be switched off */
    ad_dept_view v = ad_dept_view_of(a, 6);
    d = ad_doc_new();
    ad_compose_dept_report(d, &v, t, false);
    dump = S_dump(d);
    ck_assert(strstr(dump, "別表") == NULL);
    ck_assert(strstr(dump, "page-break") == NULL);
    free(dump);
    ad_doc_free(d);
    ad_dept_view_free(&v);
    ck_assert_ptr_null(ad_compose_dept_doc(a, 99, t));
    ad_audit_free(a);
    ad_templates_free(t);
}
END_TEST

/* Asserts that the department document of d holds nothing of any other
 * department: names, summaries, findings, advice, and no mark but its own. */
static void S_check_isolation(const ad_audit *a, size_t dept, const ad_templates *t)
{
    ad_doc *doc = ad_compose_dept_doc(a, dept, t);
    char *dump = S_dump(doc);
    const ad_dept_report *own = ad_audit_dept_report(a, dept);
    char *own_dump = NULL;
    {
        /* texts the department shares with others (the same advice) are fine */
        ad_buf b = {0};
        ad_buf_puts(&b, "");
        for (size_t i = 0; own && i < own->summary.n; i++)
            ad_buf_printf(&b, "%s\n", own->summary.v[i].text);
        for (size_t i = 0; own && i < own->n_findings; i++)
            ad_buf_printf(&b, "%s\n%s\n", own->findings[i].title ? own->findings[i].title : "",
                          own->findings[i].text);
        if (own && own->advice)
            ad_buf_puts(&b, own->advice);
        own_dump = ad_buf_take(&b);
    }
    for (size_t o = 0; o < a->n_departments; o++) {
        if (o == dept)
            continue;
        const char *name = a->departments[o].name;
        if (!strstr(a->departments[dept].name, name))
            ck_assert_msg(strstr(dump, name) == NULL, "%s's report names %s",
                          a->departments[dept].id, name);
        const ad_dept_report *r = ad_audit_dept_report(a, o);
        for (size_t i = 0; r && i < r->summary.n; i++)
            if (r->summary.v[i].text && *r->summary.v[i].text &&
                !strstr(own_dump, r->summary.v[i].text))
                ck_assert_msg(strstr(dump, r->summary.v[i].text) == NULL,
                              "%s's report holds %s's summary", a->departments[dept].id,
                              a->departments[o].id);
        for (size_t i = 0; r && i < r->n_findings; i++) {
            if (!strstr(own_dump, r->findings[i].text))
                ck_assert_msg(strstr(dump, r->findings[i].text) == NULL,
                              "%s's report holds %s's finding", a->departments[dept].id,
                              a->departments[o].id);
        }
        if (r && r->advice && !strstr(own_dump, r->advice))
            ck_assert_msg(strstr(dump, r->advice) == NULL, "%s's report holds %s's advice",
                          a->departments[dept].id, a->departments[o].id);
    }
    /* the appendix tables: exactly the department's own marks of the matrix
     * checklists (else of every checklist), in order */
    ad_dept_view v = ad_dept_view_of(a, dept);
    bool has_matrix = false;
    for (size_t i = 0; i < a->n_checklists; i++)
        has_matrix |= (a->checklists[i].layout & AD_LAYOUT_MATRIX) != 0;
    size_t k = 0, n_shown = 0;
    for (size_t i = 0; i < v.n_marks; i++)
        if (!has_matrix || (v.marks[i].checklist->layout & AD_LAYOUT_MATRIX))
            v.marks[n_shown++] = v.marks[i];
    v.n_marks = n_shown;
    const ad_doc_section *s = &doc->sections[0];
    for (size_t ti = 1;; ti++) {
        const ad_node *tb = S_table(s, ti);
        if (!tb)
            break;
        ck_assert_int_eq(tb->n_cols, 2);
        for (size_t r = 1; r < tb->n_rows; r++) {
            if (tb->rows[r].n != 2)
                continue; /* a section row */
            ck_assert_uint_lt(k, v.n_marks);
            ck_cell_eq(tb, r, 1, ad_w(t, v.marks[k].mark == AD_MARK_OK         ? "mark.ok"
                                         : v.marks[k].mark == AD_MARK_IMPROVED ? "mark.improved"
                                         : v.marks[k].mark == AD_MARK_NG       ? "mark.ng"
                                                                               : "mark.na"));
            ck_assert_int_eq(v.marks[k].item->marks[dept], v.marks[k].mark);
            k++;
        }
    }
    ck_assert_uint_eq(k, v.n_marks);
    /* no remark (they speak of other departments) and no note row */
    ck_assert(strstr(dump, "改善あり") == NULL);
    ck_assert(strstr(dump, "備考") == NULL);
    ad_dept_view_free(&v);
    free(own_dump);
    free(dump);
    ad_doc_free(doc);
}

START_TEST(dept_isolation)
{
    ad_templates *t = S_templates();
    ad_audit *a = S_model();
    for (size_t i = 0; i < a->n_departments; i++)
        S_check_isolation(a, i, t);
    ad_audit_free(a);
    ad_templates_free(t);
}
END_TEST

START_TEST(packet_order_and_bookmarks)
{
    ad_templates *t = S_templates();
    ad_audit *a = S_model();
    ad_doc *d = ad_compose_packet(a, t);
    ck_assert_str_eq(d->title, "令和7年度第2回龍ヶ崎市情報セキュリティ委員会");
    /* agenda, report, matrix, 7 departments, 1 agenda document */
    ck_assert_uint_eq(d->n_sections, 11);
    ck_assert_str_eq(d->sections[0].anchor, "agenda-page");
    ck_assert_str_eq(d->sections[1].anchor, "part-report");
    ck_assert(d->sections[2].landscape);
    ck_assert_str_eq(d->sections[2].anchor, "part-summary");
    ck_assert_str_eq(d->sections[3].outline_title, "結果報告書");
    ck_assert_int_eq(d->sections[3].outline_level, 1);
    for (size_t i = 0; i < 7; i++) {
        const ad_doc_section *s = &d->sections[3 + i];
        ck_assert(!s->landscape);
        const ad_node *title = s->body.v[0];
        char *want = ad_xasprintf("dept-%s", S_ids[i]);
        ck_assert_str_eq(title->anchor, want);
        free(want);
        if (i == 0) {
            /* the part's bookmark on the section, the first report's on its title */
            ck_assert_str_eq(title->outline_title, S_names[i]);
            ck_assert_int_eq(d->styles[title->style].outline, 0); /* → one level below */
        } else {
            ck_assert_str_eq(s->outline_title, S_names[i]);
            ck_assert_int_eq(s->outline_level, 2);
            ck_assert_ptr_null(title->outline_title);
        }
    }
    /* the appendix is for the departments' own PDFs, not the packet (layout.txt) */
    char *dump = S_dump(d);
    ck_assert(strstr(dump, "別表") == NULL);
    free(dump);
    const ad_doc_section *ag = &d->sections[10];
    ck_assert_str_eq(ag->anchor, "part-free-mail");
    char *h = ad_para_text(ag->body.v[0]);
    ck_assert_str_eq(h, "2 フリーメールの使用について");
    free(h);
    ad_doc_free(d);

    /* parts whose data is absent are not generated */
    a->meeting.present = false;
    a->dept_reports.present = false;
    d = ad_compose_packet(a, t);
    ck_assert_uint_eq(d->n_sections, 3);
    ck_assert_str_eq(d->title, "令和7年度（上半期）情報セキュリティ内部監査実施報告書");
    h = ad_para_text(d->sections[2].body.v[0]);
    ck_assert_str_eq(h, "フリーメールの使用について"); /* not in an agenda: no number */
    free(h);
    ad_doc_free(d);
    ad_audit_free(a);
    ad_templates_free(t);
}
END_TEST

START_TEST(wording_change_changes_output)
{
    char *tmp = tu_tmpdir();
    char *src = tu_src("templates");
    ck_assert_int_eq(tu_runf(NULL, "cp -r '%s' '%s/t'", src, tmp), 0);
    ck_assert_int_eq(tu_runf(NULL, "sed -i -e 's/^report.col_ok = .*/report.col_ok = 適正な課/' "
                                   "-e 's/^dept.repeat = .*/dept.repeat = 【前年度も指摘】/' "
                                   "'%s/t/wording.txt'",
                             tmp),
                     0);
    ck_assert_int_eq(tu_runf(NULL, "sed -i -e 's/^matrix.dept_width = .*/matrix.dept_width = 25/' "
                                   "-e 's/^matrix.legend = .*/matrix.legend = section/' "
                                   "'%s/t/layout.txt'",
                             tmp),
                     0);
    char *dir = ad_xasprintf("%s/t", tmp);
    ad_err e = {0};
    ad_templates *t = ad_templates_load(dir, &e);
    ck_assert_msg(t != NULL, "%s", e.msg);
    ad_audit *a = S_model();
    ad_doc *d = ad_compose_packet(a, t);
    char *dump = S_dump(d);
    ck_assert(strstr(dump, "適正な課") != NULL);
    ck_assert(strstr(dump, "適正に実施している課") == NULL);
    ck_assert(strstr(dump, "【前年度も指摘】") != NULL);
    ck_assert(strstr(dump, "（再指摘）") == NULL);
    ck_assert_int_eq(S_table(&d->sections[2], 0)->col_w[1], 1417); /* 25 mm */
    /* matrix.legend = section: every table prints its own legend */
    ck_assert(strstr(dump, "page-note") == NULL);
    ck_assert_uint_eq(tu_count(dump, "○：適正"), 2);
    free(dump);
    ad_doc_free(d);
    ad_audit_free(a);
    ad_templates_free(t);
    free(dir);
    free(src);
    tu_rmrf(tmp);
    free(tmp);
}
END_TEST

/* ---- the project's sample -------------------------------------------------------- */

static ad_audit *S_sample(void)
{
    ad_diags dg;
    ad_diags_init(&dg);
    ad_audit *a = ad_load_file(TU_SAMPLE, &dg);
    if (!a)
        ad_diags_print(&dg, stderr);
    ad_diags_free(&dg);
    return a;
}

START_TEST(sample_packet)
{
    ad_audit *a = S_sample();
    ck_assert_msg(a != NULL, "the sample does not load");
    ad_templates *t = S_templates();
    ad_doc *d = ad_compose_packet(a, t);
    /* the narrative table of 人的セキュリティ: 3(2) */
    const ad_doc_section *rep = NULL;
    for (size_t i = 0; i < d->n_sections && !rep; i++)
        if (d->sections[i].anchor && strcmp(d->sections[i].anchor, "part-report") == 0)
            rep = &d->sections[i];
    ck_assert_ptr_nonnull(rep);
    const ad_node *tb = S_table(rep, 0);
    bool seen = false;
    for (size_t r = 1; r < tb->n_rows; r++) {
        char *c0 = S_cell(tb, r, 0);
        if (strncmp(c0, "3(2) ", 5) == 0) {
            seen = true;
            ck_cell_eq(tb, r, 1, "まちの魅力創造課、税務課、納税課、こども家庭センター、"
                                 "スポーツ推進課、商工観光課");
            ck_cell_eq(tb, r, 2, "保育課");
        }
        free(c0);
    }
    ck_assert(seen);
    char *dump = S_dump(d);
    ck_assert(strstr(dump, "令和7年度第2回龍ヶ崎市情報セキュリティ委員会") != NULL);
    ck_assert(strstr(dump, "備考（特定個人情報の取扱い）") != NULL);
    ck_assert_uint_eq(tu_count(dump, "[情報セキュリティ内部監査結果報告書]"), 7);
    free(dump);
    for (size_t i = 0; i < a->n_departments; i++)
        S_check_isolation(a, i, t);
    /* the appendix counts each item once: the sample's × in the 結果一覧 are
     * 保育課 3 (Ⅰ-2(2), Ⅱ-2(2), Ⅲ-7) and こども家庭センター 2 (Ⅱ-2(2), Ⅲ-7) */
    static const struct {
        size_t dept;
        const char *count;
    } ng[] = {{6, "改善を要する項目：3件"}, {3, "改善を要する項目：2件"}, {0, "改善を要する項目：0件"}};
    for (size_t i = 0; i < sizeof ng / sizeof ng[0]; i++) {
        ad_doc *dd = ad_compose_dept_doc(a, ng[i].dept, t);
        char *dd_dump = S_dump(dd);
        ck_assert_msg(strstr(dd_dump, ng[i].count) != NULL, "%s: want %s",
                      a->departments[ng[i].dept].id, ng[i].count);
        char *want = ad_xasprintf("別表　令和7年度（上半期）情報セキュリティ内部監査結果一覧（%sの結果）",
                                  a->departments[ng[i].dept].name);
        ck_assert_msg(strstr(dd_dump, want) != NULL, "no heading %s", want);
        free(want);
        /* one row per item of the matrix: 28 items, none of the narrative table's */
        ck_assert_uint_eq(tu_count(dd_dump, "[b #C00000 ×]") + tu_count(dd_dump, "[○]") +
                              tu_count(dd_dump, "[△]") + tu_count(dd_dump, "[-]"),
                          28);
        free(dd_dump);
        ad_doc_free(dd);
    }
    ad_doc_free(d);
    ad_audit_free(a);
    ad_templates_free(t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("test_compose");
    TCase *tc = tcase_create("hand-built");
    tcase_add_test(tc, round_time);
    tcase_add_test(tc, doc_and_page);
    tcase_add_test(tc, blocks_lists);
    tcase_add_test(tc, agenda_page_and_links);
    tcase_add_test(tc, report_headings_and_narrative);
    tcase_add_test(tc, matrix_marks_notes_legend);
    tcase_add_test(tc, matrix_bands_for_40_departments);
    tcase_add_test(tc, matrix_one_band_up_to_12_departments);
    tcase_add_test(tc, dept_report_structure);
    tcase_add_test(tc, dept_isolation);
    tcase_add_test(tc, packet_order_and_bookmarks);
    tcase_add_test(tc, wording_change_changes_output);
    tcase_add_test(tc, deep_lists_keep_text_on_the_page);
    suite_add_tcase(s, tc);
    TCase *ts = tcase_create("sample");
    tcase_add_test(ts, sample_packet);
    suite_add_tcase(s, ts);
    return tu_main(s);
}
