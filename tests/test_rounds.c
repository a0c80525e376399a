/* test_rounds.c — rounds built on rounds: `auditdoc next` and the ? mark,
 * places to fill and draft builds (issue 17 item 1); the history check of
 * 再指摘 against the archive (item 2); `compare` (item 3). */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "load.h"
#include "manifest.h"
#include "rounds.h"
#include "testutil.h"
#include "util.h"
#include "wareki.h"

/* ---- helpers ---------------------------------------------------------------- */

static char *S_replace_all(char *s, const char *from, const char *to)
{
    return tu_replace(s, from, to, true);
}

static ad_audit *S_load_path(const char *path, ad_diags *d)
{
    ad_diags_init(d);
    return ad_load_file(path, d);
}

/* `auditdoc next` of the sample into dir/next.xml; returns the path */
static char *S_next_of_sample(const char *dir)
{
    char *out = ad_xasprintf("%s/next.xml", dir), *log = NULL;
    int rc = tu_runf(&log, "'%s' next '%s' -o '%s' 2>&1", TU_AUDITDOC, TU_SAMPLE, out);
    ck_assert_msg(rc == 0, "%s", log);
    ck_assert_msg(strstr(log, "令和7年度下半期 started from"), "%s", log);
    free(log);
    return out;
}

/* The next round with every ? filled: the sample's marks, row by row, and
 * a value for each place to fill. */
static char *S_filled(const char *next_path)
{
    char *xml = tu_read(next_path, NULL);
    ad_diags d;
    ad_audit *s = S_load_path(TU_SAMPLE, &d);
    ck_assert_ptr_nonnull(s);
    ad_buf b = {0};
    ad_buf_puts(&b, "");
    const char *p = xml;
    for (size_t c = 0; c < s->n_checklists; c++)
        for (size_t k = 0; k < s->checklists[c].n_sections; k++)
            for (size_t i = 0; i < s->checklists[c].sections[k].n_items; i++) {
                const char *m = strstr(p, "<marks>");
                ck_assert_ptr_nonnull(m);
                const char *e = strstr(m, "</marks>");
                ad_buf_put(&b, p, (size_t)(m - p));
                ad_buf_puts(&b, "<marks>");
                for (size_t x = 0; x < s->n_departments; x++)
                    ad_buf_printf(&b, "%s%s", x ? " " : "",
                                  ad_mark_symbol(s->checklists[c].sections[k].items[i].marks[x]));
                p = e;
            }
    ck_assert_ptr_null(strstr(p, "<marks>"));
    ad_buf_puts(&b, p);
    free(xml);
    ad_audit_free(s);
    ad_diags_free(&d);
    xml = ad_buf_take(&b);
    xml = S_replace_all(xml, "number=\"?\" date=\"?\" place=\"?\"",
                        "number=\"3\" date=\"2026-03-18\" place=\"庁議室\"");
    xml = S_replace_all(xml, "<time>?</time>", "<time>情報化推進委員会終了後</time>");
    xml = S_replace_all(xml, "date=\"?\"", "date=\"2026-03-10\"");
    xml = S_replace_all(xml, "<audit-date>?</audit-date>", "<audit-date>2026-02-03</audit-date>");
    xml = S_replace_all(xml, "<schedule>?</schedule>", "<schedule>2026-02-03</schedule>");
    xml = S_replace_all(xml, "<p>?</p>", "<p>概ね適正に運用されている。</p>");
    return xml;
}

/* ---- item 1: next, ?, places to fill, drafts ------------------------------------ */

START_TEST(next_validates_with_one_warning_per_department)
{
    char *dir = tu_tmpdir();
    char *next = S_next_of_sample(dir);
    ad_diags d;
    ad_audit *a = S_load_path(next, &d);
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(d.n_errors, 0);
    ck_assert_uint_eq(d.n_warnings, 7);
    ck_assert_uint_eq(a->n_departments, 7);
    for (size_t i = 0; i < d.n; i++) {
        char *want = ad_xasprintf("%s (%s): 50 of its 50 marks are still ? (not yet entered)",
                                  a->departments[i].name, a->departments[i].id);
        ck_assert_str_eq(d.v[i].msg, want);
        ck_assert_int_eq(d.v[i].line, a->departments[i].line);
        free(want);
    }
    ck_assert_int_eq(a->fiscal_year, 2025);
    ck_assert_int_eq(a->term, AD_TERM_SECOND_HALF);
    ck_assert_uint_eq(a->n_unset_marks, 350);
    ck_assert(a->n_unfilled >= 5);
    ck_assert(ad_audit_is_draft(a));
    /* carried over: the stock texts, every item's text and detail; renamed titles */
    ad_diags sd;
    ad_audit *s = S_load_path(TU_SAMPLE, &sd);
    ck_assert_uint_eq(a->n_checklists, s->n_checklists);
    for (size_t c = 0; c < s->n_checklists; c++)
        for (size_t k = 0; k < s->checklists[c].n_sections; k++) {
            const ad_section *x = &s->checklists[c].sections[k], *y = &a->checklists[c].sections[k];
            ck_assert_uint_eq(x->n_items, y->n_items);
            for (size_t i = 0; i < x->n_items; i++) {
                ck_assert_str_eq(x->items[i].text, y->items[i].text);
                ck_assert_str_eq(x->items[i].detail ? x->items[i].detail : "",
                                 y->items[i].detail ? y->items[i].detail : "");
                ck_assert_ptr_null(y->items[i].remark);
            }
        }
    ck_assert_str_eq(a->report.title, "令和7年度（下半期）情報セキュリティ内部監査実施報告書");
    ck_assert_str_eq(a->checklists[1].title, "令和7年度（下半期）情報セキュリティ内部監査結果一覧");
    ck_assert_uint_eq(a->report.n_criteria, s->report.n_criteria);
    ck_assert_uint_eq(a->report.n_auditors, s->report.n_auditors);
    ck_assert_uint_eq(a->dept_reports.defaults.topics.n, s->dept_reports.defaults.topics.n);
    for (size_t r = 0; r < a->dept_reports.n_reports; r++)
        ck_assert_uint_eq(a->dept_reports.reports[r].n_findings, 0);
    ck_assert_str_eq(a->meeting.place, AD_UNFILLED);
    ck_assert_int_eq(a->meeting.date.y, -1);
    ad_audit_free(s);
    ad_diags_free(&sd);
    ad_audit_free(a);
    ad_diags_free(&d);

    /* the term after the second half is the next year's first half; options */
    char *log = NULL, *n2 = ad_xasprintf("%s/n2.xml", dir), *n3 = ad_xasprintf("%s/n3.xml", dir);
    ck_assert_int_eq(tu_runf(&log, "'%s' next '%s' -o '%s' 2>&1", TU_AUDITDOC, next, n2), 0);
    free(log);
    a = S_load_path(n2, &d);
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(a->fiscal_year, 2026);
    ck_assert_int_eq(a->term, AD_TERM_FIRST_HALF);
    ck_assert_str_eq(a->report.title, "令和8年度（上半期）情報セキュリティ内部監査実施報告書");
    ad_audit_free(a);
    ad_diags_free(&d);
    ck_assert_int_eq(tu_runf(&log, "'%s' next '%s' -o '%s' --fiscal-year 2030 --term annual 2>&1",
                             TU_AUDITDOC, TU_SAMPLE, n3), 0);
    free(log);
    a = S_load_path(n3, &d);
    ck_assert_int_eq(a->fiscal_year, 2030);
    ck_assert_int_eq(a->term, AD_TERM_ANNUAL);
    ck_assert_str_eq(a->report.title, "令和12年度情報セキュリティ内部監査実施報告書");
    ad_audit_free(a);
    ad_diags_free(&d);
    /* never over an existing file */
    ck_assert_int_eq(tu_runf(&log, "'%s' next '%s' -o '%s' 2>&1", TU_AUDITDOC, TU_SAMPLE, n3), 1);
    ck_assert_msg(strstr(log, "already exists"), "%s", log);
    free(log);
    free(n2);
    free(n3);
    free(next);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

START_TEST(draft_builds_say_an_and_finished_builds_wait)
{
    char *dir = tu_tmpdir();
    char *next = S_next_of_sample(dir);
    char *out = ad_xasprintf("%s/out", dir), *log = NULL;
    /* a normal build refuses, naming the places */
    int rc = tu_runf(&log, "'%s' build '%s' -o '%s' -q 2>&1", TU_AUDITDOC, next, out);
    ck_assert_int_eq(rc, 1);
    ck_assert_msg(strstr(log, "350 marks not yet entered and ") && strstr(log, "--draft") &&
                      strstr(log, "the meeting date is still ? (a place to fill)"),
                  "%s", log);
    ck_assert(!ad_exists(out));
    free(log);
    /* archive refuses a draft */
    char *root = ad_xasprintf("%s/archive", dir);
    rc = tu_runf(&log, "'%s' archive '%s' --root '%s' --init -q 2>&1", TU_AUDITDOC, next, root);
    ck_assert_int_eq(rc, 1);
    ck_assert_msg(strstr(log, "is a draft") && strstr(log, "fill in every ?"), "%s", log);
    free(log);
    /* the draft: every PDF's title (metadata and first line) says （案） */
    rc = tu_runf(&log, "SOURCE_DATE_EPOCH=1767225600 '%s' build '%s' -o '%s' -q --draft 2>&1",
                 TU_AUDITDOC, next, out);
    ck_assert_msg(rc == 0, "%s", log);
    free(log);
    size_t n = 0;
    char **files = ad_walk_files(out, &n);
    size_t pdfs = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(files[i]);
        if (len < 4 || strcmp(files[i] + len - 4, ".pdf") != 0)
            continue;
        pdfs++;
        char *info = NULL, *text = NULL;
        ck_assert_int_eq(tu_runf(&info, "pdfinfo '%s/%s' | grep '^Title:'", out, files[i]), 0);
        ck_assert_msg(strstr(info, "（案）"), "%s: %s", files[i], info);
        ck_assert_int_eq(tu_runf(&text, "pdftotext -l 1 '%s/%s' - | head -3", out, files[i]), 0);
        ck_assert_msg(strstr(text, "（案）"), "%s: %s", files[i], text);
        free(info);
        free(text);
    }
    ck_assert_uint_eq(pdfs, 9); /* packet, matrix, seven departments */
    char *core = ad_xasprintf("%s/packet.docx", out);
    char *xml = tu_zip_part(core, "docProps/core.xml");
    ck_assert_msg(xml && strstr(xml, "（案）</dc:title>"), "%s", xml ? xml : "(none)");
    free(xml);
    free(core);
    /* and the places to fill print as （未記入） */
    char *text = NULL;
    ck_assert_int_eq(tu_runf(&text, "pdftotext '%s/packet.pdf' - | grep -c '（未記入）'", out), 0);
    ck_assert_int_ge(atoi(text), 4);
    free(text);
    ad_strv_free(files, n);
    /* an archive refuses the draft's input still */
    free(root);
    free(out);
    free(next);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

START_TEST(filling_the_marks_reproduces_a_valid_round)
{
    char *dir = tu_tmpdir();
    char *next = S_next_of_sample(dir);
    char *xml = S_filled(next);
    char *path = ad_xasprintf("%s/filled.xml", dir);
    ck_assert(tu_write(path, xml));
    ad_diags d;
    ad_audit *a = S_load_path(path, &d);
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(d.n_errors, 0);
    ck_assert(!ad_audit_is_draft(a));
    ad_diags sd;
    ad_audit *s = S_load_path(TU_SAMPLE, &sd);
    for (size_t c = 0; c < s->n_checklists; c++)
        for (size_t k = 0; k < s->checklists[c].n_sections; k++)
            for (size_t i = 0; i < s->checklists[c].sections[k].n_items; i++)
                ck_assert_mem_eq(a->checklists[c].sections[k].items[i].marks,
                                 s->checklists[c].sections[k].items[i].marks,
                                 s->n_departments * sizeof(ad_mark));
    ad_audit_free(s);
    ad_diags_free(&sd);
    ad_audit_free(a);
    ad_diags_free(&d);
    /* a finished round: it builds without --draft, and nothing says （案） */
    char *out = ad_xasprintf("%s/out", dir), *log = NULL;
    int rc = tu_runf(&log, "'%s' build '%s' -o '%s' -q 2>&1", TU_AUDITDOC, path, out);
    ck_assert_msg(rc == 0, "%s", log);
    free(log);
    ck_assert_int_eq(tu_runf(&log, "pdfinfo '%s/packet.pdf' | grep '^Title:'", out), 0);
    ck_assert_msg(!strstr(log, "（案）"), "%s", log);
    free(log);
    free(out);
    free(path);
    free(xml);
    free(next);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* ---- item 2: 再指摘 against the archive ------------------------------------------ */

static char *S_sub(char *s, const char *from, const char *to) { return tu_replace(s, from, to, false); }

START_TEST(history_warns_exactly_twice)
{
    char *dir = tu_tmpdir();
    char *root = ad_xasprintf("%s/archive", dir), *log = NULL;
    /* last year's round: the sample, its 研修受講 naming its checklist item */
    char *last = tu_read(TU_SAMPLE, NULL);
    last = S_sub(last, "<finding title=\"研修受講\" repeat=\"true\">",
                 "<finding title=\"研修受講\" repeat=\"true\" item=\"detail/human/1\">");
    char *lastp = ad_xasprintf("%s/r7.xml", dir);
    ck_assert(tu_write(lastp, last));
    ck_assert_int_eq(tu_runf(&log, "'%s' archive '%s' --root '%s' --init -q 2>&1", TU_AUDITDOC,
                             lastp, root), 0);
    free(log);
    /* this year's: 保育課 repeats デスクトップへの貼り付け unmarked and marks
     * パスワードの管理 as 再指摘 with no counterpart; 研修の受講状況 is the
     * same item as last year's 研修受講 (item=), so its 再指摘 stands; the
     * other findings are new */
    char *xml = tu_read(TU_SAMPLE, NULL);
    xml = S_sub(xml, "fiscal-year=\"2025\"", "fiscal-year=\"2026\"");
    xml = S_sub(xml, "<finding title=\"対応手順書の整備\">システム", "<finding title=\"対応手順書の更新\">システム");
    xml = S_sub(xml, "<finding title=\"マイナンバー制度の再教育\">", "<finding title=\"マイナンバー制度の周知\">");
    xml = S_sub(xml, "<finding title=\"デスクトップへの貼り付け\" repeat=\"true\">",
                "<finding title=\"デスクトップへの貼り付け\">");
    xml = S_sub(xml, "<finding title=\"研修受講\" repeat=\"true\">",
                "<finding title=\"研修の受講状況\" repeat=\"true\" item=\"detail/human/1\">");
    xml = S_sub(xml, "<finding title=\"対応手順書の整備\">現状", "<finding title=\"パスワードの管理\" repeat=\"true\">現状");
    xml = S_sub(xml, "<finding title=\"ファイル整理\">", "<finding title=\"共有フォルダの容量\">");
    char *path = ad_xasprintf("%s/r8.xml", dir);
    ck_assert(tu_write(path, xml));
    /* without the archive: clean */
    ck_assert_int_eq(tu_runf(&log, "'%s' validate '%s' 2>&1 >/dev/null", TU_AUDITDOC, path), 0);
    ck_assert_str_eq(log, "");
    free(log);
    ck_assert_int_eq(tu_runf(&log, "'%s' validate --archive '%s' '%s' 2>&1 >/dev/null", TU_AUDITDOC,
                             root, path), 0);
    ck_assert_uint_eq(tu_count(log, "\n"), 2);
    ck_assert_msg(strstr(log, "warning: the finding 「デスクトップへの貼り付け」 of 保育課 (令和8年度上半期) "
                              "repeats 「デスクトップへの貼り付け」 of its last audit (令和7年度上半期, ") &&
                      strstr(log, "mark it repeat=\"true\" (再指摘)?"),
                  "%s", log);
    ck_assert_msg(strstr(log, "warning: the finding 「パスワードの管理」 of 保育課 (令和8年度上半期) is "
                              "marked 再指摘 (repeat=\"true\"), but 保育課's last audit (令和7年度上半期, "),
                  "%s", log);
    free(log);
    /* the same through AUDITDOC_ARCHIVE, and a build takes it too */
    ck_assert_int_eq(tu_runf(&log, "AUDITDOC_ARCHIVE='%s' '%s' validate '%s' 2>&1 >/dev/null", root,
                             TU_AUDITDOC, path), 0);
    ck_assert_uint_eq(tu_count(log, "warning:"), 2);
    free(log);
    char *out = ad_xasprintf("%s/out", dir);
    ck_assert_int_eq(tu_runf(&log, "'%s' build '%s' -o '%s' -q --archive '%s' 2>&1", TU_AUDITDOC,
                             path, out, root), 0);
    ck_assert_uint_eq(tu_count(log, "warning: the finding"), 2);
    free(log);
    /* a mistyped archive is an error */
    ck_assert_int_eq(tu_runf(&log, "'%s' validate --archive '%s/nowhere' '%s' 2>&1", TU_AUDITDOC, dir,
                             path), 2);
    ck_assert_msg(strstr(log, "not an auditdoc archive"), "%s", log);
    free(log);
    free(out);
    free(path);
    free(xml);
    free(lastp);
    free(last);
    free(root);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

START_TEST(finding_item_must_name_an_item)
{
    char *xml = tu_read(TU_SAMPLE, NULL);
    xml = S_sub(xml, "<finding title=\"研修受講\" repeat=\"true\">",
                "<finding title=\"研修受講\" repeat=\"true\" item=\"detail/human/99\">");
    ad_diags d;
    ad_diags_init(&d);
    ad_audit *a = ad_load_memory(xml, strlen(xml), "t.xml", &d);
    ck_assert_ptr_null(a);
    ck_assert_uint_eq(d.n_errors, 1);
    ck_assert_msg(strstr(d.v[0].msg, "item=\"detail/human/99\" names no checklist item"), "%s",
                  d.v[0].msg);
    ad_diags_free(&d);
    free(xml);
    /* items numbered alike in one section: ambiguous */
    xml = tu_read(TU_SAMPLE, NULL);
    xml = S_sub(xml, "<finding title=\"研修受講\" repeat=\"true\">",
                "<finding title=\"研修受講\" repeat=\"true\" item=\"summary/human/2\">");
    ad_diags_init(&d);
    a = ad_load_memory(xml, strlen(xml), "t.xml", &d);
    ck_assert_ptr_null(a);
    ck_assert_msg(strstr(d.v[0].msg, "names more than one item"), "%s", d.v[0].msg);
    ad_diags_free(&d);
    free(xml);
}
END_TEST

/* ---- item 3: compare --------------------------------------------------------------- */

/* A generated pair of rounds: the sample, and the round after it with marks
 * drawn from a fixed sequence (○ △ × - and some ×→× runs) and 保育課 renamed
 * (so it is in the older round only); every department and item is checked
 * against a count made here from the marks themselves. */
START_TEST(compare_counts_every_department_and_item)
{
    char *dir = tu_tmpdir();
    char *next = S_next_of_sample(dir);
    char *xml = S_filled(next); /* the sample's marks */
    ad_diags d;
    ad_audit *old = S_load_path(TU_SAMPLE, &d);
    ad_diags_free(&d);
    /* new marks: item k, department x */
    static const char *const sym[4] = {"○", "△", "×", "-"};
    ad_buf b = {0};
    ad_buf_puts(&b, "");
    const char *p = xml;
    size_t k = 0;
    unsigned seed = 12345;
    char newm[64][8]; /* per item and department: index into sym */
    for (;; k++) {
        const char *m = strstr(p, "<marks>");
        if (!m)
            break;
        const char *e = strstr(m, "</marks>");
        ad_buf_put(&b, p, (size_t)(m - p));
        ad_buf_puts(&b, "<marks>");
        for (size_t x = 0; x < 7; x++) {
            seed = seed * 1103515245u + 12345u;
            newm[k][x] = (char)((seed >> 16) % 4);
            ad_buf_printf(&b, "%s%s", x ? " " : "", sym[(int)newm[k][x]]);
        }
        p = e;
    }
    ad_buf_puts(&b, p);
    free(xml);
    xml = ad_buf_take(&b);
    xml = S_replace_all(xml, "id=\"hoiku\"", "id=\"hoiku2\"");
    xml = S_replace_all(xml, "dept=\"hoiku\"", "dept=\"hoiku2\"");
    char *path = ad_xasprintf("%s/new.xml", dir);
    ck_assert(tu_write(path, xml));
    ad_audit *cur = S_load_path(path, &d);
    ck_assert_msg(cur != NULL, "%s", d.n ? d.v[0].msg : "");
    ad_diags_free(&d);

    ad_comparison *c = ad_compare_rounds(old, cur);
    ck_assert_uint_eq(c->n_depts, 6);
    size_t totals[3] = {0};
    for (size_t x = 0; x < 6; x++) {
        const ad_dept_change *dc = &c->depts[x];
        ck_assert_str_eq(dc->id, old->departments[x].id);
        size_t want[3] = {0};
        size_t item = 0;
        for (size_t cl = 0; cl < old->n_checklists; cl++)
            for (size_t s = 0; s < old->checklists[cl].n_sections; s++)
                for (size_t i = 0; i < old->checklists[cl].sections[s].n_items; i++, item++) {
                    ad_mark before = old->checklists[cl].sections[s].items[i].marks[x];
                    int after = newm[item][x]; /* 0 ○ 1 △ 2 × 3 - */
                    if (after == 0 && (before == AD_MARK_NG || before == AD_MARK_IMPROVED))
                        want[0]++;
                    else if (before == AD_MARK_OK && (after == 1 || after == 2))
                        want[1]++;
                    else if (before == AD_MARK_NG && after == 2)
                        want[2]++;
                }
        ck_assert_uint_eq(item, k);
        for (int q = 0; q < 3; q++) {
            ck_assert_msg(dc->n_rows[q] == want[q], "%s kind %d: %zu, expected %zu", dc->id, q,
                          dc->n_rows[q], want[q]);
            totals[q] += want[q];
        }
    }
    ck_assert(totals[0] > 0 && totals[1] > 0 && totals[2] > 0);
    ad_comparison_free(c);
    /* the command, as text and as JSON, says the same */
    char *out = NULL;
    ck_assert_int_eq(tu_runf(&out, "'%s' compare --json '%s' '%s' | python3 -c \"import json,sys; "
                                   "d=json.load(sys.stdin)['departments']; print(len(d), "
                                   "sum(len(x['improved']) for x in d), sum(len(x['worsened']) for x in d), "
                                   "sum(len(x['still_ng']) for x in d))\"",
                             TU_AUDITDOC, TU_SAMPLE, path), 0);
    char *want = ad_xasprintf("6 %zu %zu %zu\n", totals[0], totals[1], totals[2]);
    ck_assert_str_eq(out, want);
    free(want);
    free(out);
    ck_assert_int_eq(tu_runf(&out, "'%s' compare '%s' '%s'", TU_AUDITDOC, TU_SAMPLE, path), 0);
    ck_assert_msg(strstr(out, "6 departments in both") && strstr(out, "まちの魅力創造課 (machi): improved "),
                  "%s", out);
    ck_assert_uint_eq(tu_count(out, "  improved "), totals[0]);
    ck_assert_uint_eq(tu_count(out, "  worsened "), totals[1]);
    ck_assert_uint_eq(tu_count(out, "  still × "), totals[2]);
    free(out);
    ad_audit_free(old);
    ad_audit_free(cur);
    free(path);
    free(xml);
    free(next);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* The packet's comparison appendix: off by default; switched on in
 * layout.txt with an archive, a table of its own section, checked like the
 * other PDFs (qpdf, fonts embedded, text searchable) and in the DOCX too. */
START_TEST(comparison_appendix_when_switched_on)
{
    char *dir = tu_tmpdir();
    char *root = ad_xasprintf("%s/archive", dir), *log = NULL;
    ck_assert_int_eq(tu_runf(&log, "'%s' archive '%s' --root '%s' --init -q 2>&1", TU_AUDITDOC,
                             TU_SAMPLE, root), 0);
    free(log);
    char *xml = tu_read(TU_SAMPLE, NULL);
    xml = S_sub(xml, "fiscal-year=\"2025\"", "fiscal-year=\"2026\"");
    char *path = ad_xasprintf("%s/r8.xml", dir);
    ck_assert(tu_write(path, xml));
    char *tpl = ad_xasprintf("%s/templates", dir);
    ck_assert_int_eq(tu_runf(NULL, "cp -r '%s/templates' '%s' && sed -i "
                                   "'s/^packet.comparison = false/packet.comparison = true/' '%s/layout.txt'",
                             AD_SOURCE_DIR, tpl, tpl), 0);
    char *off = ad_xasprintf("%s/off", dir), *on = ad_xasprintf("%s/on", dir);
    ck_assert_int_eq(tu_runf(&log, "'%s' build '%s' -o '%s' -q --archive '%s' 2>&1", TU_AUDITDOC, path,
                             off, root), 0);
    free(log);
    ck_assert_int_eq(tu_runf(&log, "'%s' build '%s' -o '%s' -q --archive '%s' --templates '%s' 2>&1",
                             TU_AUDITDOC, path, on, root, tpl), 0);
    free(log);
    static const char title[] = "令和7年度上半期と令和8年度上半期の監査結果の比較";
    char *text = NULL;
    ck_assert_int_eq(tu_runf(&text, "pdftotext '%s/packet.pdf' - | tr -d ' \\n'", off), 0);
    ck_assert_ptr_null(strstr(text, title));
    free(text);
    ck_assert_int_eq(tu_runf(&text, "pdftotext '%s/packet.pdf' - | tr -d ' \\n'", on), 0);
    ck_assert_msg(strstr(text, title), "no comparison title");
    /* the sample against itself: nothing improved or worsened, the × stay */
    ck_assert_msg(strstr(text, "継続して×") && strstr(text, "変化なし") && !strstr(text, "悪化○"), "%s",
                  strstr(text, title));
    free(text);
    ck_assert_int_eq(tu_runf(&log, "qpdf --check '%s/packet.pdf' 2>&1", on), 0);
    free(log);
    ck_assert_int_eq(tu_runf(&log, "pdffonts '%s/packet.pdf' | tail -n +3 | awk '$(NF-4)!=\"yes\"'", on), 0);
    ck_assert_str_eq(log, "");
    free(log);
    char *a = NULL, *b = NULL;
    ck_assert_int_eq(tu_runf(&a, "pdfinfo '%s/packet.pdf' | grep -E '^(Tagged|PDF version)'", off), 0);
    ck_assert_int_eq(tu_runf(&b, "pdfinfo '%s/packet.pdf' | grep -E '^(Tagged|PDF version)'", on), 0);
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
    /* tagged like the rest, the table's marks read as their meanings */
    ck_assert_int_eq(tu_runf(&log, "/usr/bin/python3 '%s/tests/pdf_tags.py' '%s/packet.pdf' "
                                   "--legend \"$(sed -n 's/^legend = //p' '%s/templates/wording.txt')\" 2>&1",
                             AD_SOURCE_DIR, on, AD_SOURCE_DIR), 0);
    ck_assert_msg(log && strstr(log, " mark cells"), "%s", log); /* it read the file */
    free(log);
    char *docx = ad_xasprintf("%s/packet.docx", on);
    char *doc = tu_zip_part(docx, "word/document.xml");
    ck_assert_msg(doc && strstr(doc, "監査結果の比較") && strstr(doc, "継続して×"), "docx");
    free(doc);
    free(docx);
    free(off);
    free(on);
    free(tpl);
    free(path);
    free(xml);
    free(root);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rounds");
    TCase *tc = tcase_create("next");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, next_validates_with_one_warning_per_department);
    tcase_add_test(tc, draft_builds_say_an_and_finished_builds_wait);
    tcase_add_test(tc, filling_the_marks_reproduces_a_valid_round);
    suite_add_tcase(s, tc);
    tc = tcase_create("history");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, history_warns_exactly_twice);
    tcase_add_test(tc, finding_item_must_name_an_item);
    suite_add_tcase(s, tc);
    tc = tcase_create("compare");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, compare_counts_every_department_and_item);
    tcase_add_test(tc, comparison_appendix_when_switched_on);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
