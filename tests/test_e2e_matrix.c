/* test_e2e_matrix.c — the results matrix PDF end to end, on the sample and on
 * a generated audit of 40 departments × 80 items (issue 3, "Done when"):
 * `auditdoc build` twice gives identical bytes; qpdf --check; fonts embedded
 * with Unicode maps; every page A4 landscape; the header row on every page;
 * every item followed by its marks, all departments in order, in the
 * extracted text; and, rendering the composed tree through the library, no
 * line outside its cell and the kinsoku rules on every line drawn. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "load.h"
#include "templates.h"
#include "testutil.h"
#include "typeset_int.h"

#define N_DEPTS 40
#define N_ITEMS 80
#define N_SECTIONS 4

static const char *const S_marks[] = {"○", "△", "×", "-"};

/* Writes the generated audit; the caller frees the path. */
static char *S_generated(const char *dir)
{
    char *path = ad_xasprintf("%s/gen-40x80.xml", dir);
    ad_buf b = {0};
    ad_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<audit version=\"1\" fiscal-year=\"2025\" term=\"first-half\">\n"
                    "<organization><name>試験市</name><committee>試験市情報セキュリティ委員会"
                    "</committee><secretariat>情報政策課</secretariat></organization>\n<departments>\n");
    for (int d = 0; d < N_DEPTS; d++)
        ad_buf_printf(&b, "<department id=\"d%02d\" short=\"部%d\">第%d部局情報管理課</department>\n", d,
                      d + 1, d + 1);
    ad_buf_puts(&b, "</departments>\n<checklist id=\"summary\" layout=\"matrix\" "
                    "title=\"令和7年度（上半期）情報セキュリティ内部監査結果一覧\">\n");
    static const char *const numerals[] = {"Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ"};
    static const char *const texts[] = {
        "パスワードを他人に教えていないか。",
        "離席時におけるパソコンの第三者使用を防止する措置（画面ロック、ログオフ等）が講じられ、"
        "その状況が定期的に確認されているか。",
        "公務用USBメモリ（100MB以上）の取扱い「施錠管理」",
        "サーバ機器等の取り扱い（2）障害発生時の対応手順を定め、文書化しているか。",
    };
    int n = 0;
    for (int s = 0; s < N_SECTIONS; s++) {
        ad_buf_printf(&b, "<section id=\"s%d\" numeral=\"%s\" title=\"第%d区分のセキュリティに関して\">\n", s,
                      numerals[s], s + 1);
        for (int i = 0; i < N_ITEMS / N_SECTIONS; i++, n++) {
            ad_buf_printf(&b, "<item no=\"%d\"><text>項目%03d %s</text><marks>", i + 1, n + 1,
                          texts[n % 4]);
            for (int d = 0; d < N_DEPTS; d++)
                ad_buf_printf(&b, "%s%s", d ? " " : "", S_marks[(n * 7 + d * 3 + n / 5) % 4]);
            ad_buf_puts(&b, "</marks></item>\n");
        }
        ad_buf_puts(&b, "</section>\n");
    }
    ad_buf_puts(&b, "</checklist>\n</audit>\n");
    ck_assert(tu_write(path, b.s));
    ad_buf_free(&b);
    return path;
}

/* The input of loop iteration i (0: the sample, 1: generated); newly allocated. */
static char *S_input(int i, const char *dir)
{
    return i == 0 ? ad_xstrdup(TU_SAMPLE) : S_generated(dir);
}

static char *S_strip(const char *s)
{
    ad_buf b = {0};
    ad_buf_puts(&b, "");
    for (; *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\f' && *s != '\r')
            ad_buf_putc(&b, *s);
    return ad_buf_take(&b);
}

static ad_templates *S_templates(void)
{
    ad_err e = {0};
    ad_templates *t = ad_templates_load(AD_SOURCE_DIR "/templates", &e);
    ck_assert_msg(t != NULL, "templates: %s", e.msg);
    return t;
}

static ad_audit *S_load(const char *path)
{
    ad_diags dg;
    ad_diags_init(&dg);
    ad_audit *a = ad_load_file(path, &dg);
    ck_assert_msg(a != NULL, "%s does not load (%zu errors)", path, dg.n_errors);
    ad_diags_free(&dg);
    return a;
}

/* Reads the marks that follow position p in the stripped text. */
static void S_read_marks(const char *p, const ad_templates *t, ad_buf *out)
{
    const char *sym[AD_MARK_COUNT] = {ad_w(t, "mark.ok"), ad_w(t, "mark.improved"),
                                      ad_w(t, "mark.ng"), ad_w(t, "mark.na")};
    for (;;) {
        int m = -1;
        for (int k = 0; k < AD_MARK_COUNT; k++)
            if (sym[k] && *sym[k] && strncmp(p, sym[k], strlen(sym[k])) == 0)
                m = k;
        /* the legend under a table starts with a mark and a colon, the
         * page number in the footer with "-" and a digit */
        const char *next = m >= 0 ? p + strlen(sym[m]) : p;
        if (m < 0 || strncmp(next, "：", strlen("：")) == 0)
            return;
        const char *q = next;
        while (*q >= '0' && *q <= '9')
            q++;
        if (q > next && *q == '-')
            return;
        ad_buf_putc(out, (char)('0' + m));
        p += strlen(sym[m]);
    }
}

START_TEST(cli_matrix_pdf)
{
    char *dir = tu_tmpdir();
    char *in = S_input(_i, dir);
    char *out = NULL;
    ck_assert_msg(tu_runf(&out, "'%s' build '%s' -o '%s/a' 2>&1", TU_AUDITDOC, in, dir) == 0, "%s", out);
    free(out);
    ck_assert_msg(tu_runf(&out, "'%s' build '%s' -o '%s/b' 2>&1", TU_AUDITDOC, in, dir) == 0, "%s", out);
    free(out);
    char *pa = ad_xasprintf("%s/a/matrix.pdf", dir), *pb = ad_xasprintf("%s/b/matrix.pdf", dir);

    /* identical bytes */
    size_t la = 0, lb = 0;
    char *da = tu_read(pa, &la), *db = tu_read(pb, &lb);
    ck_assert(da && db);
    ck_assert(la == lb && memcmp(da, db, la) == 0);
    free(da);
    free(db);

    ck_assert_msg(tu_runf(&out, "qpdf --check '%s' 2>&1", pa) == 0, "%s", out);
    free(out);

    /* fonts: embedded, subset, Unicode maps, only the bundled ones */
    ck_assert_int_eq(tu_runf(&out, "pdffonts '%s' | tail -n +3", pa), 0);
    size_t nf = 0;
    for (char *l = strtok(out, "\n"); l; l = strtok(NULL, "\n"), nf++)
        ck_assert_msg(strstr(l, "BIZUD") && strstr(l, "yes yes yes"), "font: %s", l);
    ck_assert_int_ge(nf, 1);
    free(out);

    /* every page A4 landscape */
    ck_assert_int_eq(tu_runf(&out, "pdfinfo '%s' | sed -n 's/^Pages: *//p'", pa), 0);
    int pages = atoi(out);
    free(out);
    ck_assert_int_ge(pages, _i == 0 ? 1 : 4);
    ck_assert_int_eq(tu_runf(&out, "pdfinfo -f 1 -l %d '%s' | tr -d ' '", pages, pa), 0);
    ck_assert_int_eq(tu_count(out, "size:841.9x595.3pts"), (size_t)pages);
    ck_assert_int_eq(tu_count(out, "rot:0\n"), (size_t)pages);
    free(out);

    ad_templates *t = S_templates();
    ad_audit *a = S_load(in);
    const char *col_item = ad_w(t, "matrix.col_item");
    ck_assert(col_item && *col_item);

    /* the header row on every page */
    for (int p = 1; p <= pages; p++) {
        ck_assert_int_eq(tu_runf(&out, "pdftotext -f %d -l %d '%s' -", p, p, pa), 0);
        char *s = S_strip(out);
        ck_assert_msg(strstr(s, col_item) != NULL, "page %d lacks the header row", p);
        free(s);
        free(out);
    }

    /* every item, in order, followed by the marks of every department */
    ck_assert_int_eq(tu_runf(&out, "pdftotext -raw '%s' -", pa), 0);
    char *raw = S_strip(out);
    free(out);
    size_t items = 0;
    for (size_t c = 0; c < a->n_checklists; c++) {
        const ad_checklist *cl = &a->checklists[c];
        if (!(cl->layout & AD_LAYOUT_MATRIX))
            continue;
        for (size_t s = 0; s < cl->n_sections; s++) {
            const ad_section *sec = &cl->sections[s];
            const char *prev[64] = {0}; /* k-th occurrence of the previous item */
            for (size_t i = 0; i < sec->n_items; i++, items++) {
                const ad_item *it = &sec->items[i];
                char *key = S_strip(it->text);
                ad_buf got = {0}, want = {0};
                ad_buf_puts(&got, "");
                ad_buf_puts(&want, "");
                for (size_t d = 0; d < a->n_departments; d++)
                    ad_buf_putc(&want, (char)('0' + it->marks[d]));
                size_t k = 0;
                for (const char *q = strstr(raw, key); q; q = strstr(q + 1, key)) {
                    size_t before = got.len;
                    S_read_marks(q + strlen(key), t, &got);
                    if (got.len == before)
                        continue; /* not a matrix row (e.g. a longer text containing it) */
                    if (k < 64) {
                        ck_assert_msg(!prev[k] || prev[k] < q, "item %s out of order", it->text);
                        prev[k] = q;
                    }
                    k++;
                }
                ck_assert_msg(strcmp(got.s, want.s) == 0, "item %s: marks %s, expected %s", it->text,
                              got.s, want.s);
                ad_buf_free(&got);
                ad_buf_free(&want);
                free(key);
            }
        }
    }
    ck_assert_int_ge(items, _i == 0 ? 20 : N_ITEMS);
    free(raw);
    ad_audit_free(a);
    ad_templates_free(t);
    free(pa);
    free(pb);
    free(in);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* ---- the same tree through the library, watching every line ------------ */

START_TEST(matrix_lines_stay_in_cells)
{
    char *dir = tu_tmpdir();
    char *in = S_input(_i, dir);
    ad_templates *t = S_templates();
    ad_audit *a = S_load(in);
    ad_err e = {0};
    ad_fonts *f = ad_fonts_load(AD_SOURCE_DIR "/fonts", &e);
    ck_assert_msg(f != NULL, "%s", e.msg);
    ad_doc *d = ad_compose_matrix_doc(a, t);
    ck_assert_ptr_nonnull(d);
    tu_kinsoku sl = {0};
    ad_ts_stats st = {0};
    st.on_line = tu_kinsoku_line;
    st.ud = &sl;
    char *pdf = ad_xasprintf("%s/m.pdf", dir);
    ad_diags w;
    ad_diags_init(&w);
    ck_assert_int_eq(ad_pdf_write_stats(d, f, pdf, &w, &st, &e), AD_OK);
    ck_assert_int_eq(w.n_warnings, 0); /* every character in the fonts */
    ck_assert_int_gt(sl.lines, _i == 0 ? 100 : 3000);
    ck_assert_int_eq(st.overflows, 0);
    ck_assert_msg(sl.violations == 0, "%ld kinsoku violations, first: %s", sl.violations, sl.first_bad);
    ad_diags_free(&w);
    free(pdf);
    ad_doc_free(d);
    ad_fonts_free(f);
    ad_audit_free(a);
    ad_templates_free(t);
    free(in);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("e2e_matrix");
    TCase *tc = tcase_create("matrix");
    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, cli_matrix_pdf, 0, 2);
    tcase_add_loop_test(tc, matrix_lines_stay_in_cells, 0, 2);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
