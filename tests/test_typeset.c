/* test_typeset.c — the PDF typesetter: fonts, Japanese composition measured
 * from glyph positions (typeset_int.h probes), and PDF properties checked
 * with qpdf, pdffonts, pdfinfo and pdftotext. */
#define _GNU_SOURCE 1 /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "testutil.h"
#include "typeset_int.h"

#define FONTS AD_SOURCE_DIR "/fonts"
#define SIZE 10.5 /* AD_PS_NORMAL: 21 half-points */

static ad_fonts *S_fonts(void)
{
    ad_err e = {0};
    ad_fonts *f = ad_fonts_load(FONTS, &e);
    ck_assert_msg(f != NULL, "fonts: %s", e.msg);
    return f;
}

static uint32_t S_first_cp(const char *s)
{
    uint32_t c = 0;
    if (*s)
        ad_utf8_decode(s, strlen(s), &c);
    return c;
}

static uint32_t S_last_cp(const char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' '))
        n--;
    if (n == 0)
        return 0;
    size_t i = n - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    uint32_t c = 0;
    ad_utf8_decode(s + i, n - i, &c);
    return c;
}

static const char S_kinsoku_text[] =
    "情報セキュリティ内部監査は、龍ヶ崎市情報セキュリティ内部監査実施規程（以下「監査規程」という。）"
    "第11条の規定に基づき、情報セキュリティを維持・管理する仕組みが組織において適切に整備・運用されて"
    "いるかを点検し、評価するものです。『報告』。【重要】チェックシート（ア）「パスワード」、「ウイルス"
    "対策ソフト」。ちょっと、キャッシュ、シャットダウン、フォルダー、サーバー、ユーザー、ぎゅっと、しょっちゅう。"
    "（注）「」、「（括弧）」。";

/* Sets text as one paragraph of style/align in width pt. */
static void S_probe(ad_fonts *f, const char *text, ad_pstyle st, ad_align al, double width,
                    ad_ts_probe *pr)
{
    ad_doc *d = ad_doc_new();
    ad_page pg = {11906, 16838, 1134, 1134, 1134, 1134, 567};
    ad_doc_section *s = ad_doc_add_section(d, &pg, false);
    ad_node *p = ad_add_text(&s->body, st, al, text);
    ad_ts_probe_para(f, d, p, width, pr);
    ad_doc_free(d);
}

/* ---- fonts ------------------------------------------------------------------ */

START_TEST(fonts_missing_and_corrupt)
{
    char *dir = tu_tmpdir();
    ck_assert_int_eq(tu_runf(NULL, "cp %s/*.ttf '%s'/", FONTS, dir), 0);
    ad_err e = {0};
    ad_fonts *f = ad_fonts_load(dir, &e);
    ck_assert_ptr_nonnull(f);
    ad_fonts_free(f);

    /* corrupt: garbage in a required file */
    char *bold = ad_xasprintf("%s/BIZUDGothic-Bold.ttf", dir);
    ck_assert(tu_write(bold, "this is not a font\n"));
    f = ad_fonts_load(dir, &e);
    ck_assert_ptr_null(f);
    ck_assert_int_eq(e.status, AD_ERR_FONT);
    ck_assert_msg(strstr(e.msg, "BIZUDGothic-Bold.ttf") != NULL, "%s", e.msg);

    /* missing */
    char *mincho = ad_xasprintf("%s/BIZUDMincho-Regular.ttf", dir);
    ck_assert_int_eq(remove(mincho), 0);
    memset(&e, 0, sizeof e);
    f = ad_fonts_load(dir, &e);
    ck_assert_ptr_null(f);
    ck_assert_int_eq(e.status, AD_ERR_FONT);
    ck_assert_msg(strstr(e.msg, "BIZUDMincho-Regular.ttf") && strstr(e.msg, "missing"), "%s", e.msg);
    free(bold);
    free(mincho);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* With a cache folder, what fontconfig read of the fonts is kept under a
 * name made from the files' identity: a second scan finds it, and a file
 * changed in place (same name, same folder, so fontconfig's own check of the
 * folder's time would not notice) is read again, not taken from the cache. */
/* scans fonts with the cache root and asserts what the root then holds */
static void S_scan_and_count(const char *fonts, const char *cache, size_t want)
{
    ad_err e = {0};
    ad_font_scan *sc = ad_fonts_scan(fonts, cache, &e);
    ck_assert_msg(sc != NULL, "%s", e.msg);
    ad_font_scan_free(sc);
    size_t n;
    char **v = ad_list_dir(cache, &n);
    ck_assert_uint_eq(n, want);
    ad_strv_free(v, n);
}

START_TEST(font_cache_keyed_by_the_files)
{
    char *dir = tu_tmpdir();
    char *cache = ad_xasprintf("%s/cache", dir), *fonts = ad_xasprintf("%s/fonts", dir);
    ck_assert_int_eq(tu_runf(NULL, "mkdir '%s' && cp %s/*.ttf '%s'/", fonts, FONTS, fonts), 0);
    ad_err e = {0};
    for (int i = 0; i < 2; i++)
        S_scan_and_count(fonts, cache, 1);
    char *bold = ad_xasprintf("%s/BIZUDGothic-Bold.ttf", fonts);
    ck_assert(tu_write(bold, "this is not a font\n"));
    ck_assert_ptr_null(ad_fonts_scan(fonts, cache, &e));
    ck_assert_int_eq(e.status, AD_ERR_FONT);
    ck_assert_msg(strstr(e.msg, "BIZUDGothic-Bold.ttf") != NULL, "%s", e.msg);
    /* put back: usable again, from a cache folder of its own; the folders
     * made for the files gone are removed, anything else is kept */
    char *mine = ad_xasprintf("%s/notes", cache), *like = ad_xasprintf("%s/fonts-x", cache);
    ck_assert_int_eq(mkdir(mine, 0777), 0);
    ck_assert_int_eq(mkdir(like, 0777), 0);
    ck_assert_int_eq(tu_runf(NULL, "cp %s/BIZUDGothic-Bold.ttf '%s'", FONTS, bold), 0);
    memset(&e, 0, sizeof e);
    ad_font_scan *sc = ad_fonts_scan(fonts, cache, &e);
    ck_assert_msg(sc != NULL, "%s", e.msg);
    ad_font_scan_free(sc);
    {
        size_t n;
        char **v = ad_list_dir(cache, &n);
        ck_assert_uint_eq(n, 3); /* fonts-<new>, fonts-x, notes */
        ck_assert_str_eq(v[1], "fonts-x");
        ck_assert_str_eq(v[2], "notes");
        ck_assert(strncmp(v[0], "fonts-", 6) == 0 && strlen(v[0]) == 26);
        ad_strv_free(v, n);
    }
    /* a second copy of the fonts elsewhere keeps its own folder beside */
    char *fonts2 = ad_xasprintf("%s/fonts2", dir);
    ck_assert_int_eq(tu_runf(NULL, "cp -r '%s' '%s'", fonts, fonts2), 0);
    S_scan_and_count(fonts2, cache, 4);
    free(fonts2);
    free(mine);
    free(like);
    /* a cache folder that cannot be made: the files are read, no error */
    sc = ad_fonts_scan(fonts, "/proc/no-such-folder", &e);
    ck_assert_msg(sc != NULL, "%s", e.msg);
    ad_font_scan_free(sc);
    free(bold);
    free(cache);
    free(fonts);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

START_TEST(fonts_private_config)
{
    /* the private configuration holds the bundled files and nothing else */
    ad_fonts *f = S_fonts();
    FcFontSet *sys = FcConfigGetFonts(f->config, FcSetSystem);
    ck_assert(sys == NULL || sys->nfont == 0);
    FcFontSet *app = FcConfigGetFonts(f->config, FcSetApplication);
    ck_assert_ptr_nonnull(app);
    ck_assert_int_ge(app->nfont, 3);
    for (int i = 0; i < app->nfont; i++) {
        FcChar8 *file = NULL;
        ck_assert(FcPatternGetString(app->fonts[i], FC_FILE, 0, &file) == FcResultMatch);
        ck_assert_msg(strncmp((const char *)file, FONTS "/", strlen(FONTS) + 1) == 0, "%s", file);
    }
    /* a host family name resolves to a bundled face */
    PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans 12");
    PangoContext *ctx = ad_fonts_context(f);
    PangoFont *font = pango_font_map_load_font(f->fontmap, ctx, fd);
    ck_assert_ptr_nonnull(font);
    PangoFontDescription *got = pango_font_describe(font);
    ck_assert_msg(strncmp(pango_font_description_get_family(got), "BIZ UD", 6) == 0, "%s",
                  pango_font_description_get_family(got));
    pango_font_description_free(got);
    g_object_unref(font);
    g_object_unref(ctx);
    pango_font_description_free(fd);
    ad_fonts_free(f);
}
END_TEST

/* ---- kinsoku --------------------------------------------------------------- */

START_TEST(kinsoku_rules_hold_at_every_width)
{
    ad_fonts *f = S_fonts();
    int checked = 0;
    for (double w = 5 * SIZE; w <= 40 * SIZE; w += SIZE / 4) {
        for (int al = 0; al < 2; al++) {
            ad_ts_probe pr;
            S_probe(f, S_kinsoku_text, AD_PS_NORMAL, al ? AD_ALIGN_JUSTIFY : AD_ALIGN_LEFT, w, &pr);
            ck_assert_int_gt(pr.n_lines, 1);
            for (size_t l = 0; l < pr.n_lines; l++) {
                if (l > 0)
                    ck_assert_msg(!tu_kinsoku_no_start(S_first_cp(pr.lines[l])),
                                  "width %.2f: line starts with a prohibited character: %s", w,
                                  pr.lines[l]);
                if (l + 1 < pr.n_lines)
                    ck_assert_msg(!tu_kinsoku_no_end(S_last_cp(pr.lines[l])),
                                  "width %.2f: line ends with an opening bracket: %s", w,
                                  pr.lines[l]);
                checked++;
            }
            ad_ts_probe_free(&pr);
        }
    }
    ck_assert_int_gt(checked, 1000);
    ad_fonts_free(f);
}
END_TEST

/* ---- numbers and units ---------------------------------------------------------- */

START_TEST(numbers_keep_their_units)
{
    static const char *units[] = {"3課", "2025年", "100MB", "令和7年10月15日", "第11条", "12件"};
    static const char text[] =
        "対象は3課で、2025年に導入した100MBの領域を令和7年10月15日に点検したところ、第11条に関する"
        "指摘が12件ありました。あいうえお3課かきくけこ2025年さしすせそ100MBたちつてと令和7年10月15日"
        "なにぬねの第11条はひふへほ12件まみむめも。";
    ad_fonts *f = S_fonts();
    int splits_possible = 0;
    for (double w = 6 * SIZE; w <= 30 * SIZE; w += SIZE / 4) {
        ad_ts_probe pr;
        S_probe(f, text, AD_PS_NORMAL, AD_ALIGN_JUSTIFY, w, &pr);
        ad_buf joined = {0};
        for (size_t l = 0; l < pr.n_lines; l++) {
            ad_buf_puts(&joined, pr.lines[l]);
            ad_buf_puts(&joined, "|");
        }
        for (size_t u = 0; u < sizeof units / sizeof units[0]; u++)
            ck_assert_msg(tu_count(joined.s, units[u]) == 2,
                          "width %.2f: \"%s\" split across lines: %s", w, units[u], joined.s);
        splits_possible += (int)pr.n_lines;
        ad_buf_free(&joined);
        ad_ts_probe_free(&pr);
    }
    ck_assert_int_gt(splits_possible, 200);
    ad_fonts_free(f);
}
END_TEST

/* ---- 和欧間 and 約物 ------------------------------------------------------------- */

static const ad_ts_glyph *S_glyph(const ad_ts_probe *pr, uint32_t cp, int nth)
{
    for (size_t i = 0; i < pr->n_g; i++)
        if (pr->g[i].cp == cp && nth-- == 0)
            return &pr->g[i];
    return NULL;
}

START_TEST(wa_o_kan_quarter_em)
{
    ad_fonts *f = S_fonts();
    ad_ts_probe pr, lat;
    S_probe(f, "監査USBメモリ", AD_PS_NORMAL, AD_ALIGN_LEFT, 400, &pr);
    S_probe(f, "USB", AD_PS_NORMAL, AD_ALIGN_LEFT, 400, &lat);
    const ad_ts_glyph *sa = S_glyph(&pr, 0x67FB /* 査 */, 0), *u = S_glyph(&pr, 'U', 0);
    const ad_ts_glyph *b = S_glyph(&pr, 'B', 0), *me = S_glyph(&pr, 0x30E1 /* メ */, 0);
    ck_assert(sa && u && b && me);
    const ad_ts_glyph *bl = S_glyph(&lat, 'B', 0);
    ck_assert_ptr_nonnull(bl);
    /* 査 is one em wide; U follows a quarter em later */
    double gap1 = u->x - sa->x - SIZE;
    double gap2 = me->x - b->x - bl->adv;
    ck_assert_msg(gap1 > 0.25 * SIZE - 0.1 && gap1 < 0.25 * SIZE + 0.1, "gap before U %.3f", gap1);
    ck_assert_msg(gap2 > 0.25 * SIZE - 0.1 && gap2 < 0.25 * SIZE + 0.1, "gap after B %.3f", gap2);
    /* no gap inside the Latin word */
    const ad_ts_glyph *s = S_glyph(&pr, 'S', 0), *sl = S_glyph(&lat, 'S', 0), *ul = S_glyph(&lat, 'U', 0);
    ck_assert_double_eq_tol(s->x - u->x, sl->x - ul->x, 0.01);
    ad_ts_probe_free(&pr);
    ad_ts_probe_free(&lat);
    ad_fonts_free(f);
}
END_TEST

START_TEST(yakumono_pairs_lose_the_doubled_blank)
{
    ad_fonts *f = S_fonts();
    ad_ts_probe pr;
    S_probe(f, "「引用」。（注）、「「二重」」です。", AD_PS_NORMAL, AD_ALIGN_LEFT, 400, &pr);
    struct {
        uint32_t a, b;
        int nth_a, nth_b;
    } pairs[] = {
        {0x300D, 0x3002, 0, 0}, /* 」。 */
        {0xFF09, 0x3001, 0, 0}, /* ）、 */
        {0x300C, 0x300C, 1, 2}, /* 「「 */
        {0x300D, 0x300D, 1, 2}, /* 」」 */
        {0x3002, 0xFF08, 0, 0}, /* 。（ */
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        const ad_ts_glyph *a = S_glyph(&pr, pairs[i].a, pairs[i].nth_a);
        const ad_ts_glyph *b = S_glyph(&pr, pairs[i].b, pairs[i].nth_b);
        ck_assert(a && b);
        double d = b->x - a->x;
        ck_assert_msg(d > 0.5 * SIZE - 0.1 && d < 0.5 * SIZE + 0.1, "pair %zu: distance %.3f pt", i, d);
    }
    /* a single bracket before text keeps its full width */
    const ad_ts_glyph *q = S_glyph(&pr, 0x300C, 0), *in = S_glyph(&pr, 0x5F15 /* 引 */, 0);
    ck_assert_double_eq_tol(in->x - q->x, SIZE, 0.05);
    ad_ts_probe_free(&pr);
    ad_fonts_free(f);
}
END_TEST

/* Justified lines with a Latin word space: no wide holes; no spacing pushes
 * a line past its width. */
START_TEST(justify_without_holes_or_overhang)
{
    static const char text[] =
        "今回の監査では Windows Update の適用状況と USB メモリの管理、ウイルス対策ソフト"
        "の定義ファイル更新、パスワードの設定状況について確認しました。各課において Microsoft Edge "
        "と Google Chrome の設定を点検し、2025年度の計画に反映します。";
    ad_fonts *f = S_fonts();
    int lines_checked = 0;
    for (double w = 12 * SIZE; w <= 36 * SIZE; w += SIZE / 3) {
        ad_ts_probe pr;
        S_probe(f, text, AD_PS_NORMAL, AD_ALIGN_JUSTIFY, w, &pr);
        for (size_t i = 0; i < pr.n_g; i++) {
            const ad_ts_glyph *g = &pr.g[i];
            if ((size_t)g->line + 1 == pr.n_lines)
                continue; /* the last line is not justified */
            ck_assert_msg(g->adv < 1.3 * SIZE, "width %.1f line %d: U+%04X advances %.2f pt", w,
                          g->line, (unsigned)g->cp, g->adv);
        }
        for (size_t l = 0; l < pr.n_lines; l++) {
            ck_assert_msg(pr.line_right[l] <= pr.width + 0.3, "width %.1f line %zu ends at %.2f", w,
                          l, pr.line_right[l]);
            if (l + 1 < pr.n_lines) {
                /* the pen after the line's last visible character reaches the edge */
                double end = 0;
                for (size_t i = 0; i < pr.n_g; i++)
                    if ((size_t)pr.g[i].line == l && pr.g[i].cp != ' ' && pr.g[i].cp != 0x2005)
                        end = pr.g[i].x + pr.g[i].adv;
                /* Pango zeroes a word space at the end of a line after
                 * justifying: such a line falls short by up to that space */
                size_t len = strlen(pr.lines[l]);
                bool sp = len > 0 && (pr.lines[l][len - 1] == ' ' ||
                                      (len >= 3 && strcmp(pr.lines[l] + len - 3, "\xE2\x80\x85") == 0));
                ck_assert_msg(end >= pr.width - (sp ? 0.26 : 0.1) * SIZE,
                              "width %.1f line %zu not justified: %.2f", w, l, end);
                lines_checked++;
            }
        }
        ad_ts_probe_free(&pr);
    }
    ck_assert_int_gt(lines_checked, 100);
    ad_fonts_free(f);
}
END_TEST

START_TEST(hanging_marker_aligns_wrapped_lines)
{
    ad_fonts *f = S_fonts();
    ad_doc *d = ad_doc_new();
    ad_page pg = {11906, 16838, 1134, 1134, 1134, 1134, 567};
    ad_doc_section *s = ad_doc_add_section(d, &pg, false);
    ad_node *p = ad_add_text(&s->body, AD_PS_NORMAL, AD_ALIGN_JUSTIFY,
                             "龍ヶ崎市情報セキュリティ規則及び龍ヶ崎市情報セキュリティ対策に関する規程等に"
                             "基づき適切に実施されているかを点検・評価するものです。");
    ad_node_set_marker(p, "(1)");
    p->indent = 200;
    ad_ts_probe pr;
    ad_ts_probe_para(f, d, p, 200, &pr);
    ck_assert_int_ge(pr.n_lines, 3);
    /* every line starts at the same x (after the marker), text box narrower */
    double x0 = -1;
    for (size_t i = 0; i < pr.n_g; i++)
        if (i == 0 || pr.g[i].line != pr.g[i - 1].line) {
            if (x0 < 0)
                x0 = pr.g[i].x;
            ck_assert_double_eq_tol(pr.g[i].x, x0, 0.01);
        }
    ck_assert(pr.width < 200 - 10 - 1.5 * SIZE + 0.01);
    ad_ts_probe_free(&pr);
    ad_doc_free(d);
    ad_fonts_free(f);
}
END_TEST

/* ---- PDF-level ----------------------------------------------------------------- */

#define HEADER_WORD "見出し行"

static ad_doc *S_test_doc(int n_rows, const char *extra)
{
    ad_doc *d = ad_doc_new();
    ad_doc_set_meta(d, "監査結果一覧", "龍ヶ崎市", "情報セキュリティ内部監査", "監査");
    d->created = 1760486400; /* 2025-10-15 00:00 UTC */
    d->page_number_format = ad_xstrdup("- {page} -");
    ad_page pg = {11906, 16838, 1134, 1134, 1134, 1134, 567};
    ad_doc_section *s = ad_doc_add_section(d, &pg, false);
    ad_section_set_outline(s, "報告書", 1, "report");
    ad_add_text(&s->body, AD_PS_TITLE, AD_ALIGN_CENTER, "情報セキュリティ内部監査実施報告書");
    ad_node *h = ad_add_text(&s->body, AD_PS_HEADING1, AD_ALIGN_LEFT, "1 監査概要");
    h->keep_next = true;
    ad_node_set_outline(h, "1 監査概要");
    ad_node *lk = ad_add_para(&s->body, AD_PS_NORMAL, AD_ALIGN_LEFT);
    ad_para_add_run(lk, "結果は", 0);
    ad_run *r = ad_para_add_run(lk, "結果一覧", AD_RUN_UNDERLINE);
    ad_run_set_link(r, "matrix");
    ad_para_add_run(lk, "のとおり。", 0);
    if (extra)
        ad_add_text(&s->body, AD_PS_NORMAL, AD_ALIGN_JUSTIFY, extra);
    int cw[4] = {3600, 1000, 1000, 3000};
    ad_node *t = ad_add_table(&s->body, 4, cw, 1);
    ad_row *row = ad_table_add_row(t);
    const char *hd[4] = {HEADER_WORD, "税務課", "納税課", "備考"};
    for (int c = 0; c < 4; c++)
        ad_add_text(&ad_row_add_cell(row, 1, 1)->body, AD_PS_TABLE_HEADER, AD_ALIGN_CENTER, hd[c]);
    for (int i = 0; i < n_rows; i++) {
        row = ad_table_add_row(t);
        char buf[200];
        snprintf(buf, sizeof buf, "項目%03d パスワードを他人に教えたり、付箋に書いて貼ったりしていないか。",
                 i + 1);
        ad_add_text(&ad_row_add_cell(row, 1, 1)->body, AD_PS_TABLE, AD_ALIGN_LEFT, buf);
        ad_cell *c = ad_row_add_cell(row, 1, 1);
        c->valign = AD_VALIGN_CENTER;
        ad_add_text(&c->body, AD_PS_TABLE, AD_ALIGN_CENTER, "○");
        c = ad_row_add_cell(row, i % 9 == 4 ? 2 : 1, 1);
        ad_add_text(&c->body, AD_PS_TABLE, AD_ALIGN_CENTER, "×");
        if (i % 9 != 4)
            ad_add_text(&ad_row_add_cell(row, 1, 1)->body, AD_PS_TABLE, AD_ALIGN_LEFT,
                        i % 7 == 0 ? "備考が長い場合でもセルの中で折り返して表示されること。" : "");
    }
    ad_page lp = {16838, 11906, 1134, 1134, 1134, 1134, 567};
    s = ad_doc_add_section(d, &lp, true);
    ad_section_set_outline(s, "結果一覧", 1, "matrix");
    ad_add_text(&s->body, AD_PS_TITLE, AD_ALIGN_CENTER, "横向きの結果一覧");
    return d;
}

static char *S_render(ad_doc *d, ad_fonts *f, const char *dir, const char *name, ad_ts_stats *st,
                      ad_diags *w)
{
    char *path = ad_xasprintf("%s/%s", dir, name);
    ad_err e = {0};
    ad_status rc = ad_pdf_write_stats(d, f, path, w, st, &e);
    ck_assert_msg(rc == AD_OK, "render: %s", e.msg);
    char *out = NULL;
    int q = tu_runf(&out, "qpdf --check '%s' 2>&1", path);
    ck_assert_msg(q == 0, "qpdf --check: %s", out);
    free(out);
    ck_assert_int_eq(tu_pdf_notdef(path), 0); /* never a .notdef (issue 14) */
    return path;
}

START_TEST(pdf_properties)
{
    ad_fonts *f = S_fonts();
    char *dir = tu_tmpdir();
    ad_doc *d = S_test_doc(70, NULL);
    ad_ts_stats st = {0};
    char *a = S_render(d, f, dir, "a.pdf", &st, NULL);
    char *b = S_render(d, f, dir, "b.pdf", NULL, NULL);
    ck_assert_int_ge(st.pages, 4);
    ck_assert_int_eq(st.overflows, 0);

    /* byte-identical */
    size_t la, lb;
    char *da = tu_read(a, &la), *db = tu_read(b, &lb);
    ck_assert(la == lb && memcmp(da, db, la) == 0);
    free(da);
    free(db);

    /* fonts embedded, subset, with Unicode maps */
    char *out = NULL;
    ck_assert_int_eq(tu_runf(&out, "pdffonts '%s'", a), 0);
    size_t nfonts = 0;
    for (char *l = strtok(out, "\n"); l; l = strtok(NULL, "\n")) {
        if (strncmp(l, "name", 4) == 0 || strncmp(l, "----", 4) == 0)
            continue;
        nfonts++;
        ck_assert_msg(strstr(l, "yes yes yes") != NULL, "font not embedded+subset+unicode: %s", l);
        ck_assert_msg(strstr(l, "BIZUD") != NULL, "foreign font: %s", l);
    }
    ck_assert_int_ge(nfonts, 2);
    free(out);

    /* metadata */
    ck_assert_int_eq(tu_runf(&out, "pdfinfo '%s'", a), 0);
    ck_assert_ptr_nonnull(strstr(out, "監査結果一覧"));
    ck_assert_ptr_nonnull(strstr(out, "龍ヶ崎市"));
    ck_assert_ptr_nonnull(strstr(out, "Creator:         auditdoc"));
    ck_assert_ptr_nonnull(strstr(out, "Oct 15 00:00:00 2025"));
    free(out);

    /* page sizes: portrait pages, then the landscape one */
    ck_assert_int_eq(tu_runf(&out, "pdfinfo -f 1 -l %d '%s'", st.pages, a), 0);
    ck_assert_int_eq(tu_count(out, "595.3 x 841.9"), (size_t)st.pages - 1);
    ck_assert_int_eq(tu_count(out, "841.9 x 595.3"), 1);
    free(out);

    /* the header row on every page the table runs onto; rows in order */
    int table_pages = 0, next_item = 1;
    for (int p = 1; p <= st.pages; p++) {
        /* 和欧間 gaps come back as spaces from pdftotext: compare without them */
        ck_assert_int_eq(tu_runf(&out, "pdftotext -f %d -l %d '%s' - | tr -d ' '", p, p, a), 0);
        if (strstr(out, "項目0")) {
            table_pages++;
            ck_assert_msg(strstr(out, HEADER_WORD) != NULL, "page %d lacks the header row", p);
            char want[32];
            snprintf(want, sizeof want, "項目%03d", next_item);
            ck_assert_msg(strstr(out, want) != NULL, "page %d: %s missing", p, want);
            for (char *q = strstr(out, "項目"); q; q = strstr(q + 1, "項目")) {
                int k = atoi(q + strlen("項目"));
                if (k) {
                    ck_assert_int_eq(k, next_item);
                    next_item++;
                }
            }
        }
        char pn[16];
        snprintf(pn, sizeof pn, "-%d-", p);
        ck_assert_msg(strstr(out, pn) != NULL, "page number %d", p);
        free(out);
    }
    ck_assert_int_ge(table_pages, 3);
    ck_assert_int_eq(next_item, 71);

    /* outline: sections and the heading nested under its section */
    ck_assert_int_eq(tu_runf(&out, "qpdf --json --json-key=outlines '%s'", a), 0);
    char *p1 = strstr(out, "\"title\": \"1 監査概要\"");
    char *p2 = strstr(out, "\"title\": \"報告書\"");
    char *p3 = strstr(out, "\"title\": \"結果一覧\"");
    ck_assert(p1 && p2 && p3);
    ck_assert(p1 < p2 && p2 < p3); /* kids are listed before their parent's title */
    free(out);

    /* the internal link and its named destination */
    ck_assert_int_eq(tu_runf(NULL, "qpdf --qdf --object-streams=disable '%s' '%s/q.pdf'", a, dir), 0);
    char *q = ad_xasprintf("%s/q.pdf", dir);
    size_t qlen;
    char *qd = tu_read(q, &qlen);
    for (size_t i = 0; i < qlen; i++) /* the binary streams (ICC profile, fonts) hold NULs */
        if (!qd[i])
            qd[i] = ' ';
    ck_assert_ptr_nonnull(strstr(qd, "/Subtype /Link"));
    ck_assert_ptr_nonnull(strstr(qd, "(matrix)"));
    free(qd);
    free(q);

    ad_doc_free(d);
    free(a);
    free(b);
    tu_rmrf(dir);
    free(dir);
    ad_fonts_free(f);
}
END_TEST

/* A row taller than a page splits between lines; no text is lost. */
/* pdf.compress_fonts: the font programs deflated or stored; the pages and
 * the text the same either way, and the compressed file smaller. */
START_TEST(font_compression_is_a_choice)
{
    ad_fonts *f = S_fonts();
    char *dir = tu_tmpdir();
    ad_doc *d = S_test_doc(70, NULL);
    char *path[2], *text[2];
    size_t size[2];
    for (int c = 0; c < 2; c++) {
        d->compress_fonts = c == 1;
        path[c] = S_render(d, f, dir, c ? "z.pdf" : "plain.pdf", NULL, NULL);
        char *raw = tu_read(path[c], &size[c]);
        /* every FontFile2 stream dictionary (it has /Length1): with or
         * without the filter (the file holds binary streams: memmem) */
        size_t n_ff = 0, n_filtered = 0;
        const char *q = raw, *endf = raw + size[c];
        while ((q = memmem(q, (size_t)(endf - q), "/Length1 ", 9)) != NULL) {
            const char *dict = q;
            while (dict > raw + 1 && !(dict[0] == '<' && dict[-1] == '<'))
                dict--;
            const char *close = memmem(q, (size_t)(endf - q), ">>", 2);
            ck_assert_ptr_nonnull(close);
            n_ff++;
            if (memmem(dict, (size_t)(close - dict), "/FlateDecode", 12))
                n_filtered++;
            q = close;
        }
        ck_assert_uint_ge(n_ff, 2);
        bool filtered = n_filtered == n_ff;
        ck_assert(n_filtered == 0 || n_filtered == n_ff);
        ck_assert_int_eq(filtered, c == 1);
        free(raw);
        ck_assert_int_eq(tu_runf(&text[c], "pdftotext -enc UTF-8 '%s' -", path[c]), 0);
    }
    ck_assert_str_eq(text[0], text[1]);
    /* the font programs shrink by a third; the rest of the file (the
     * structure tree's objects, not compressible in PDF/A-1) stays */
    ck_assert_msg(size[1] + 8000 < size[0], "compressed %zu, plain %zu", size[1], size[0]);
    for (int c = 0; c < 2; c++) {
        free(path[c]);
        free(text[c]);
    }
    ad_doc_free(d);
    tu_rmrf(dir);
    free(dir);
    ad_fonts_free(f);
}
END_TEST

START_TEST(tall_cell_splits_across_pages)
{
    ad_fonts *f = S_fonts();
    char *dir = tu_tmpdir();
    ad_doc *d = ad_doc_new();
    d->created = 0;
    ad_page pg = {11906, 16838, 1134, 1134, 1134, 1134, 567};
    ad_doc_section *s = ad_doc_add_section(d, &pg, false);
    int cw[3] = {2000, 5000, 2000};
    ad_node *t = ad_add_table(&s->body, 3, cw, 1);
    ad_row *row = ad_table_add_row(t);
    ad_add_text(&ad_row_add_cell(row, 1, 1)->body, AD_PS_TABLE_HEADER, AD_ALIGN_CENTER, "区分");
    ad_add_text(&ad_row_add_cell(row, 1, 1)->body, AD_PS_TABLE_HEADER, AD_ALIGN_CENTER, HEADER_WORD);
    ad_add_text(&ad_row_add_cell(row, 1, 1)->body, AD_PS_TABLE_HEADER, AD_ALIGN_CENTER, "備考");
    row = ad_table_add_row(t);
    ad_add_text(&ad_row_add_cell(row, 1, 2)->body, AD_PS_TABLE, AD_ALIGN_LEFT, "縦結合");
    ad_buf b = {0};
    for (int i = 1; i <= 400; i++)
        ad_buf_printf(&b, "第%d項の監査結果を記録する。", i);
    ad_add_text(&ad_row_add_cell(row, 1, 1)->body, AD_PS_TABLE, AD_ALIGN_JUSTIFY, b.s);
    ad_add_text(&ad_row_add_cell(row, 1, 1)->body, AD_PS_TABLE, AD_ALIGN_LEFT, "");
    row = ad_table_add_row(t);
    ad_add_text(&ad_row_add_cell(row, 2, 1)->body, AD_PS_TABLE, AD_ALIGN_LEFT, "最後の行");
    ad_ts_stats st = {0};
    char *a = S_render(d, f, dir, "tall.pdf", &st, NULL);
    ck_assert_int_ge(st.pages, 2);
    ck_assert_int_eq(st.overflows, 0);
    char *out = NULL;
    ck_assert_int_eq(tu_runf(&out, "pdftotext '%s' - | tr -d ' \\n\\f'", a), 0);
    ck_assert_int_eq(tu_count(out, HEADER_WORD), (size_t)st.pages);
    free(out);
    /* the repeated header comes between the parts of the split row */
    ck_assert_int_eq(tu_runf(&out, "pdftotext '%s' - | tr -d ' \\n\\f' | sed 's/区分//g; s/%s//g; s/備考//g'", a,
                             HEADER_WORD), 0);
    const char *at = out;
    for (int i = 1; i <= 400; i++) {
        char want[64];
        snprintf(want, sizeof want, "第%d項の監査結果を記録する。", i);
        const char *hit = strstr(at, want);
        ck_assert_msg(hit != NULL, "lost or out of order: %s", want);
        at = hit + strlen(want);
    }
    ck_assert_ptr_nonnull(strstr(out, "最後の行"));
    free(out);
    ad_buf_free(&b);
    free(a);
    ad_doc_free(d);
    tu_rmrf(dir);
    free(dir);
    ad_fonts_free(f);
}
END_TEST

/* A column narrower than one character: the overflow is detected (the tests
 * rely on that counter) and the text is clipped to its cell. */
START_TEST(too_narrow_cell_is_counted_and_clipped)
{
    ad_fonts *f = S_fonts();
    char *dir = tu_tmpdir();
    ad_doc *d = ad_doc_new();
    ad_page pg = {11906, 16838, 1134, 1134, 1134, 1134, 567};
    ad_doc_section *s = ad_doc_add_section(d, &pg, false);
    int cw[2] = {100, 3000}; /* 5 pt: narrower than a 9 pt character */
    ad_node *t = ad_add_table(&s->body, 2, cw, 0);
    ad_row *row = ad_table_add_row(t);
    ad_add_text(&ad_row_add_cell(row, 1, 1)->body, AD_PS_TABLE, AD_ALIGN_LEFT, "監査");
    ad_add_text(&ad_row_add_cell(row, 1, 1)->body, AD_PS_TABLE, AD_ALIGN_LEFT, "正常な幅のセル");
    ad_ts_stats st = {0};
    char *a = S_render(d, f, dir, "narrow.pdf", &st, NULL);
    ck_assert_int_ge(st.overflows, 1);
    ck_assert_int_eq(st.pages, 1);
    free(a);
    ad_doc_free(d);
    tu_rmrf(dir);
    free(dir);
    ad_fonts_free(f);
}
END_TEST

START_TEST(missing_glyph_warns_and_draws_a_box)
{
    ad_fonts *f = S_fonts();
    char *dir = tu_tmpdir();
    ad_doc *d = S_test_doc(2, "絵文字😀を含む段落と𠮷野家。");
    d->sections[0].body.v[3]->line = 42; /* the paragraph's input line */
    ad_diags w;
    ad_diags_init(&w);
    ad_ts_stats st = {0};
    char *a = S_render(d, f, dir, "g.pdf", &st, &w);
    ck_assert_int_eq(w.n_warnings, 2);
    ck_assert_int_eq(st.boxes, 2);
    ck_assert_int_eq(w.v[0].line, 42);
    ck_assert_int_eq(w.v[1].line, 42);
    ck_assert_ptr_nonnull(strstr(w.v[0].msg, "U+1F600"));
    ck_assert_ptr_nonnull(strstr(w.v[0].msg, "😀"));
    ck_assert_ptr_nonnull(strstr(w.v[0].msg, "絵文字"));
    ck_assert_ptr_nonnull(strstr(w.v[1].msg, "U+20BB7"));
    /* the box shows the code (its hex digits are drawn, st.boxes), and the
     * text layer gives back the characters themselves (ActualText) */
    char *out = NULL;
    ck_assert_int_eq(tu_runf(&out, "pdftotext -f 1 -l 1 '%s' - | tr -d ' \\n'", a), 0);
    ck_assert_msg(strstr(out, "絵文字😀を含む段落と𠮷野家。") && !strstr(out, "1F600"), "%s", out);
    free(out);
    ad_diags_free(&w);
    free(a);
    ad_doc_free(d);
    tu_rmrf(dir);
    free(dir);
    ad_fonts_free(f);
}
END_TEST


/* Cells, headers, titles and headings break at spaces first, then at ICU
 * phrase boundaries, never inside a department's name; running text keeps
 * character-level breaking; kinsoku holds in both (issue 14.2). */
START_TEST(cells_break_at_phrases_not_inside_names)
{
    ad_fonts *f = S_fonts();
    const double em = 9; /* AD_PS_TABLE: 18 half-points */
    ad_ts_probe pr;
    /* the sample's 備考 cell, four ems wide: each term whole where it fits,
     * 児童扶養手当 (six ems) at its phrase boundary */
    S_probe(f, "児童手当 児童扶養手当 母子保健", AD_PS_TABLE, AD_ALIGN_CENTER, 4.2 * em, &pr);
    ck_assert_uint_eq(pr.n_lines, 4);
    ck_assert_str_eq(pr.lines[0], "児童手当 ");
    ck_assert_str_eq(pr.lines[1], "児童扶養");
    ck_assert_str_eq(pr.lines[2], "手当 ");
    ck_assert_str_eq(pr.lines[3], "母子保健");
    ad_ts_probe_free(&pr);
    /* running text: character-level, as before */
    S_probe(f, "児童手当 児童扶養手当 母子保健", AD_PS_NORMAL, AD_ALIGN_LEFT, 6.2 * SIZE, &pr);
    ck_assert_str_eq(pr.lines[0], "児童手当 児");
    ad_ts_probe_free(&pr);
    /* a column header four ems wide: 改善が｜必要な課, never 改善が必要｜な課 */
    S_probe(f, "改善が必要な課", AD_PS_TABLE_HEADER, AD_ALIGN_CENTER, 4.2 * em, &pr);
    ck_assert_uint_eq(pr.n_lines, 2);
    ck_assert_str_eq(pr.lines[0], "改善が");
    ck_assert_str_eq(pr.lines[1], "必要な課");
    ad_ts_probe_free(&pr);
    /* a department's name is never cut where it fits on a line */
    ad_doc *d = ad_doc_new();
    ad_page pg = ad_page_a4(false);
    ad_doc_section *s = ad_doc_add_section(d, &pg, false);
    ad_node *p = ad_add_text(&s->body, AD_PS_TABLE, AD_ALIGN_LEFT, "保育課、こども家庭センター");
    ad_ts_probe_para(f, d, p, 10.2 * em, &pr);
    ck_assert_str_eq(pr.lines[0], "保育課、こども家庭");
    ad_ts_probe_free(&pr);
    ad_doc_add_name(d, "こども家庭センター");
    ad_ts_probe_para(f, d, p, 10.2 * em, &pr);
    ck_assert_str_eq(pr.lines[0], "保育課、");
    ck_assert_str_eq(pr.lines[1], "こども家庭センター");
    ad_ts_probe_free(&pr);
    /* wider than the line: Pango's own breaks, nothing lost */
    ad_ts_probe_para(f, d, p, 5.2 * em, &pr);
    ck_assert_uint_ge(pr.n_lines, 3);
    ad_ts_probe_free(&pr);
    ad_doc_free(d);
    /* kinsoku holds with phrase breaking at every width */
    int checked = 0;
    for (double w = 4 * em; w <= 30 * em; w += em / 4) {
        S_probe(f, S_kinsoku_text, AD_PS_TABLE, AD_ALIGN_LEFT, w, &pr);
        for (size_t l = 0; l < pr.n_lines; l++) {
            if (l > 0)
                ck_assert_msg(!tu_kinsoku_no_start(S_first_cp(pr.lines[l])),
                              "width %.2f: line starts with a prohibited character: %s", w,
                              pr.lines[l]);
            if (l + 1 < pr.n_lines)
                ck_assert_msg(!tu_kinsoku_no_end(S_last_cp(pr.lines[l])),
                              "width %.2f: line ends with an opening bracket: %s", w, pr.lines[l]);
            checked++;
        }
        ad_ts_probe_free(&pr);
    }
    ck_assert_int_gt(checked, 300);
    ad_fonts_free(f);
}
END_TEST

/* A line that wraps at an ASCII space ends in Pango's empty glyph
 * (PANGO_GLYPH_EMPTY): it is left out, never drawn as a .notdef (CID 0, a
 * boxed X in every viewer); the words are all there. */
START_TEST(wrapped_space_draws_no_notdef)
{
    ad_fonts *f = S_fonts();
    char *dir = tu_tmpdir();
    ad_doc *d = ad_doc_new();
    ad_page pg = ad_page_a4(false);
    ad_doc_section *s = ad_doc_add_section(d, &pg, false);
    int w[2] = {1200, 1500};
    ad_node *t = ad_add_table(&s->body, 2, w, 0);
    ad_row *r = ad_table_add_row(t);
    ad_add_text(&ad_row_add_cell(r, 1, 1)->body, AD_PS_TABLE, AD_ALIGN_LEFT,
                "児童手当 児童扶養手当 母子保健 （給付金）");
    ad_add_text(&ad_row_add_cell(r, 1, 1)->body, AD_PS_TABLE, AD_ALIGN_LEFT,
                "words of English wrap at their spaces");
    ad_add_text(&s->body, AD_PS_NORMAL, AD_ALIGN_LEFT,
                "Every line of this English paragraph wraps at an ASCII space, and each of "
                "those lines ends in a space that Pango sets as its empty glyph.");
    ad_ts_stats st = {0};
    char *a = S_render(d, f, dir, "s.pdf", &st, NULL); /* asserts no CID 0 */
    ck_assert_int_gt(st.empty_glyphs, 4);
    ck_assert_int_eq(st.boxes, 0);
    char *out = NULL;
    ck_assert_int_eq(tu_runf(&out, "pdftotext '%s' - | tr -d ' \n'", a), 0);
    ck_assert_ptr_nonnull(strstr(out, "児童扶養手当"));
    ck_assert_ptr_nonnull(strstr(out, "（給付金）"));
    ck_assert_ptr_nonnull(strstr(out, "EnglishparagraphwrapsatanASCIIspace"));
    ck_assert_ptr_null(strstr(out, "\xEF\xBF\xBD")); /* no U+FFFD */
    free(out);
    free(a);
    ad_doc_free(d);
    tu_rmrf(dir);
    free(dir);
    ad_fonts_free(f);
}
END_TEST

/* Blocks are laid out as the flow reaches them and freed once drawn; the
 * paragraph cache (per ad_fonts) gives the same bytes as fresh layouts. */
START_TEST(lazy_layout_and_cache_keep_the_output)
{
    ad_doc *d = ad_doc_new();
    d->created = 1760486400;
    ad_page pg = {11906, 16838, 1134, 1134, 1134, 1134, 567};
    ad_doc_section *s = ad_doc_add_section(d, &pg, false);
    for (int i = 0; i < 600; i++) {
        char buf[160];
        snprintf(buf, sizeof buf, "段落%03d 同じ文が何度も出てくる文書でも、各段落は描いた後に解放される。", i % 40);
        ad_node *n = ad_add_text(&s->body, AD_PS_NORMAL, AD_ALIGN_JUSTIFY, buf);
        n->keep_next = i % 50 == 0;
    }
    int cw[2] = {4000, 1000};
    ad_node *t = ad_add_table(&s->body, 2, cw, 1);
    for (int r = 0; r < 300; r++) {
        ad_row *row = ad_table_add_row(t);
        ad_add_text(&ad_row_add_cell(row, 1, 1)->body, AD_PS_TABLE, AD_ALIGN_LEFT,
                    r == 0 ? "項目" : r % 2 ? "パスワードを他人に教えていないか。" : "USBメモリを持ち出していないか。");
        ad_add_text(&ad_row_add_cell(row, 1, 1)->body, AD_PS_TABLE, AD_ALIGN_CENTER,
                    r == 0 ? "結果" : r % 3 ? "○" : "×");
    }
    char *dir = tu_tmpdir();
    ad_fonts *f = S_fonts();
    ad_ts_stats st = {0}, st2 = {0};
    char *a = S_render(d, f, dir, "a.pdf", &st, NULL);
    ck_assert_int_ge(st.pages, 12);
    ck_assert_int_eq(st.overflows, 0);
    /* 600 paragraphs and a table of 600 cells (laid out whole, to size its
     * rows), but never everything at once: only the look-ahead is held */
    ck_assert_msg(st.paras_peak >= 600 && st.paras_peak < 620, "peak %ld", st.paras_peak);
    ck_assert_ptr_nonnull(f->cache);
    char *b = S_render(d, f, dir, "b.pdf", &st2, NULL); /* from the warm cache */
    ad_fonts *g = S_fonts();
    char *c = S_render(d, g, dir, "c.pdf", NULL, NULL); /* a cold one */
    ck_assert_int_eq(st2.pages, st.pages);
    ck_assert_int_eq(st2.lines, st.lines);
    size_t la, lb, lc;
    char *da = tu_read(a, &la), *db = tu_read(b, &lb), *dc = tu_read(c, &lc);
    ck_assert(la == lb && memcmp(da, db, la) == 0);
    ck_assert(la == lc && memcmp(da, dc, la) == 0);
    /* the text comes back out (ToUnicode from the drawn text) */
    char *out = NULL;
    ck_assert_int_eq(tu_runf(&out, "pdftotext '%s' - | tr -d ' \\n'", b), 0);
    ck_assert_ptr_nonnull(strstr(out, "段落039同じ文が何度も出てくる文書でも"));
    ck_assert_ptr_nonnull(strstr(out, "USBメモリを持ち出していないか。"));
    ck_assert_int_eq((int)tu_count(out, "○"), 200);
    free(out);
    free(da);
    free(db);
    free(dc);
    free(a);
    free(b);
    free(c);
    ad_fonts_free(g);
    ad_fonts_free(f);
    ad_doc_free(d);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("typeset");
    TCase *tc = tcase_create("fonts");
    tcase_add_test(tc, fonts_missing_and_corrupt);
    tcase_add_test(tc, font_cache_keyed_by_the_files);
    tcase_add_test(tc, fonts_private_config);
    suite_add_tcase(s, tc);
    tc = tcase_create("composition");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, kinsoku_rules_hold_at_every_width);
    tcase_add_test(tc, numbers_keep_their_units);
    tcase_add_test(tc, wa_o_kan_quarter_em);
    tcase_add_test(tc, wrapped_space_draws_no_notdef);
    tcase_add_test(tc, cells_break_at_phrases_not_inside_names);
    tcase_add_test(tc, yakumono_pairs_lose_the_doubled_blank);
    tcase_add_test(tc, justify_without_holes_or_overhang);
    tcase_add_test(tc, hanging_marker_aligns_wrapped_lines);
    suite_add_tcase(s, tc);
    tc = tcase_create("pdf");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, pdf_properties);
    tcase_add_test(tc, tall_cell_splits_across_pages);
    tcase_add_test(tc, font_compression_is_a_choice);
    tcase_add_test(tc, missing_glyph_warns_and_draws_a_box);
    tcase_add_test(tc, too_narrow_cell_is_counted_and_clipped);
    tcase_add_test(tc, lazy_layout_and_cache_keep_the_output);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
