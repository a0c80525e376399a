/* test_jbreak.c — phrase-aware line breaks (jbreak.c): which positions of a
 * cell's text may end a line, on the issue's examples, with protected names,
 * Pango's own prohibitions and the fallback inside a phrase wider than the
 * line; then through Pango itself with the bundled fonts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jbreak.h"
#include "testutil.h"
#include "typeset_int.h"

static ad_jbreak *S_jb(const char *const *names, size_t n)
{
    ad_err e = {0};
    ad_jbreak *jb = ad_jb_new(names, n, &e);
    ck_assert_msg(jb != NULL, "%s", e.msg);
    return jb;
}

/* A fake measure: one unit per character, half for ASCII. */
static double S_chars(void *ud, size_t start, size_t end)
{
    const char *t = ud;
    double w = 0;
    for (size_t i = start; i < end; i++) {
        unsigned char ch = (unsigned char)t[i];
        if (ch < 0x80)
            w += 0.5;
        else if ((ch & 0xC0) != 0x80)
            w += 1;
    }
    return w;
}

/* The text with '|' at every position where a line may end: a character
 * start not strictly inside a keep range (what Pango may still use). */
static char *S_marked(ad_jbreak *jb, const char *text, double line_w)
{
    ad_jb_opts o = {.measure = S_chars, .ud = (void *)text, .line_width = line_w};
    ad_jb_result r;
    size_t len = strlen(text);
    ad_jb_breaks(jb, text, len, line_w > 0 ? &o : NULL, &r);
    ck_assert_uint_eq(r.len, len);
    ad_buf b = {0};
    for (size_t p = 0; p < len; p++) {
        if (p > 0 && ((unsigned char)text[p] & 0xC0) != 0x80) {
            bool inside = false;
            for (size_t k = 0; k < r.n_keep; k++) {
                ck_assert(r.keep[k].start < r.keep[k].end && r.keep[k].end <= len);
                if (k > 0)
                    ck_assert(r.keep[k - 1].end <= r.keep[k].start);
                if (r.keep[k].start < p && p < r.keep[k].end)
                    inside = true;
            }
            if (!inside)
                ad_buf_putc(&b, '|');
        }
        ad_buf_putc(&b, text[p]);
    }
    ad_jb_result_free(&r);
    return ad_buf_take(&b);
}

/* The text with each position's rank: '|' phrase, '‖' term. */
static char *S_ranks(ad_jbreak *jb, const char *text)
{
    ad_jb_result r;
    size_t len = strlen(text);
    ad_jb_breaks(jb, text, len, NULL, &r);
    ad_buf b = {0};
    for (size_t p = 0; p < len; p++) {
        if (r.rank[p] == AD_JB_TERM)
            ad_buf_puts(&b, "‖");
        else if (r.rank[p] == AD_JB_PHRASE)
            ad_buf_putc(&b, '|');
        ad_buf_putc(&b, text[p]);
    }
    ad_jb_result_free(&r);
    return ad_buf_take(&b);
}

#define EXPECT(got_expr, want)                                                                 \
    do {                                                                                       \
        char *got_ = (got_expr);                                                               \
        ck_assert_msg(strcmp(got_, want) == 0, "got %s, want %s", got_, want);                 \
        free(got_);                                                                            \
    } while (0)

START_TEST(ranks_of_the_issue_examples)
{
    ad_jbreak *jb = S_jb(NULL, 0);
    /* spaces are terms; （給付｜金） and 保育｜課 keep their last letter */
    EXPECT(S_ranks(jb, "児童手当 児童扶養手当 母子保健 （給付金）"),
           "児童|手当 ‖児童|扶養|手当 ‖母子|保健 ‖（給付金）");
    EXPECT(S_ranks(jb, "関係事務のみ"), "関係|事務のみ");
    EXPECT(S_ranks(jb, "ふるさと納税"), "ふるさと|納税");
    EXPECT(S_ranks(jb, "保育 子ども・子育て"), "保育 ‖子ども・|子育て");
    EXPECT(S_ranks(jb, "こども家庭センター"), "こども|家庭|センター");
    EXPECT(S_ranks(jb, "保育課"), "保育課");
    EXPECT(S_ranks(jb, "改善が必要な課"), "改善が|必要な課");
    EXPECT(S_ranks(jb, "こども家庭センター、保育課"), "こども|家庭|センター、|保育課");
    /* Latin and digits */
    EXPECT(S_ranks(jb, "令和7年度"), "令和|7年度");
    EXPECT(S_ranks(jb, "USBメモリ"), "USBメモリ");
    EXPECT(S_ranks(jb, "e-Learning"), "e-Learning");
    EXPECT(S_ranks(jb, "e-Learning 研修"), "e-Learning ‖研修");
    /* a leading item number stays with what follows it, other numbers not */
    EXPECT(S_ranks(jb, "4 イントラネットに"), "4 イントラネットに");
    EXPECT(S_ranks(jb, "6(1) 公務用"), "6(1) 公務用");
    EXPECT(S_ranks(jb, "手当 4 件"), "手当 ‖4 ‖件");
    ad_jb_free(jb);
}
END_TEST

START_TEST(narrow_cells_break_only_between_terms_and_phrases)
{
    ad_jbreak *jb = S_jb(NULL, 0);
    /* every term fits in 6 characters: breaks at the spaces only */
    EXPECT(S_marked(jb, "児童手当 児童扶養手当 母子保健 （給付金）", 6),
           "児童手当 |児童扶養手当 |母子保健 |（給付金）");
    /* no measure: terms are kept whole */
    EXPECT(S_marked(jb, "児童手当 児童扶養手当 母子保健 （給付金）", 0),
           "児童手当 |児童扶養手当 |母子保健 |（給付金）");
    /* a term wider than the line breaks at its phrases */
    EXPECT(S_marked(jb, "関係事務のみ", 4), "関係|事務のみ");
    EXPECT(S_marked(jb, "関係事務のみ", 6), "関係事務のみ");
    EXPECT(S_marked(jb, "ふるさと納税", 4), "ふるさと|納税");
    EXPECT(S_marked(jb, "保育 子ども・子育て", 4), "保育 |子ども・|子育て");
    EXPECT(S_marked(jb, "保育 子ども・子育て", 7), "保育 |子ども・子育て");
    /* 、 ends a phrase, not a term: a sentence fills its lines */
    EXPECT(S_marked(jb, "データは、原則、文書管理に準じて分類している。", 12),
           "データは、|原則、|文書|管理に|準じて|分類して|いる。");
    EXPECT(S_marked(jb, "改善が必要な課", 4), "改善が|必要な課");
    EXPECT(S_marked(jb, "こども家庭センター", 5), "こども|家庭|センター");
    /* a phrase wider than the line: Pango's own breaks inside it */
    EXPECT(S_marked(jb, "こども家庭センター", 3), "こども|家庭|セ|ン|タ|ー");
    EXPECT(S_marked(jb, "令和7年度", 3), "令和|7年度");
    EXPECT(S_marked(jb, "USBメモリ", 4.5), "USBメモリ");
    EXPECT(S_marked(jb, "USBメモリ", 4), "U|S|B|メ|モ|リ");
    EXPECT(S_marked(jb, "e-Learning", 5), "e-Learning");
    ad_jb_free(jb);
}
END_TEST

START_TEST(names_are_never_broken)
{
    static const char *const names[] = {"こども家庭センター", "こ家セ", NULL, "", "保育課",
                                        "子ども・子育て支援課"};
    ad_jbreak *jb = S_jb(names, sizeof names / sizeof names[0]);
    EXPECT(S_ranks(jb, "こども家庭センター"), "こども家庭センター");
    EXPECT(S_ranks(jb, "担当はこども家庭センター、保育課"), "担当は|こども家庭センター、|保育課");
    /* a name holding a term separator stays whole too */
    EXPECT(S_ranks(jb, "子ども・子育て支援課の事務"), "子ども・子育て支援課の|事務");
    EXPECT(S_marked(jb, "こども家庭センター 保育課", 9), "こども家庭センター |保育課");
    /* a name wider than the line falls back to its own phrases, then Pango's */
    EXPECT(S_marked(jb, "こども家庭センター", 5), "こども|家庭|センター");
    EXPECT(S_marked(jb, "こども家庭センター", 3.5), "こども|家庭|セ|ン|タ|ー");
    ad_jb_free(jb);

    /* ICU ends a phrase of one letter before a name (課、｜障｜がい): the
     * boundary where the name starts stays, the names stay whole */
    static const char *const two[] = {"農業政策課", "障がい福祉課"};
    jb = S_jb(two, 2);
    EXPECT(S_marked(jb, "農業政策課、障がい福祉課", 6.5), "農業政策課、|障がい福祉課");
    ad_jb_free(jb);
}
END_TEST

START_TEST(pango_prohibitions_win)
{
    ad_jbreak *jb = S_jb(NULL, 0);
    const char *text = "令和7年度";
    PangoLogAttr la[6];
    memset(la, 0, sizeof la);
    for (int i = 0; i < 6; i++)
        la[i].is_line_break = 1;
    la[2].is_line_break = 0; /* 令和｜7 forbidden */
    ad_jb_opts o = {.log_attrs = la, .n_log_attrs = 6};
    ad_jb_result r;
    ad_jb_breaks(jb, text, strlen(text), &o, &r);
    ck_assert_int_eq(r.rank[6], AD_JB_NONE);
    ck_assert_uint_eq(r.n_keep, 1);
    ck_assert_uint_eq(r.keep[0].start, 0);
    ck_assert_uint_eq(r.keep[0].end, strlen(text));
    ad_jb_result_free(&r);
    /* a log-attribute array of the wrong size is ignored, never read past */
    o.n_log_attrs = 3;
    ad_jb_breaks(jb, text, strlen(text), &o, &r);
    ck_assert_int_eq(r.rank[6], AD_JB_PHRASE);
    ad_jb_result_free(&r);
    ad_jb_free(jb);
}
END_TEST

/* The keep ranges of text at a line wide enough for every term, as
 * "[a,b) [c,d)"; with Pango's own break opportunities (log_attrs) or not. */
static char *S_keeps_wide(ad_jbreak *jb, const char *text, bool with_pango)
{
    size_t len = strlen(text);
    int n_chars = (int)g_utf8_strlen(text, (gssize)len);
    PangoLogAttr *la = g_new0(PangoLogAttr, (gsize)n_chars + 1);
    pango_get_log_attrs(text, (int)len, -1, pango_language_from_string("ja-JP"), la,
                        n_chars + 1);
    ad_jb_opts o = {.measure = S_chars, .ud = (void *)text, .line_width = 1000};
    if (with_pango) {
        o.log_attrs = la;
        o.n_log_attrs = (size_t)n_chars + 1;
    }
    ad_jb_result r;
    ad_jb_breaks(jb, text, len, &o, &r);
    ad_buf b = {0};
    ad_buf_puts(&b, "");
    for (size_t k = 0; k < r.n_keep; k++)
        ad_buf_printf(&b, "%s[%zu,%zu)", k ? " " : "", r.keep[k].start, r.keep[k].end);
    ad_jb_result_free(&r);
    g_free(la);
    return ad_buf_take(&b);
}

/* Where every term fits, the terms come from Pango's break opportunities
 * without asking ICU; beside quotation marks and brackets, where Pango 1.50
 * and ICU 72 disagree about a break after a space (「“ text」), ICU still
 * decides: the keep ranges are the same either way. */
START_TEST(terms_without_icu_are_icus_terms)
{
    ad_jbreak *jb = S_jb(NULL, 0);
    static const char *const texts[] = {
        "\u201c text here",          "\u201c 改善が必要な課 \u201dの件",
        "児童手当 児童扶養手当 母子保健 （給付金）", "（ 注 ） 保育課",
        "A ! B ; C",                  "3 月 ・ 4 月",
        "e-Learning の 受講",         "「 事務局 」 確認",
        "関係事務のみ　ふるさと納税", "4 イントラネットにおけるメール送信",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char *fast = S_keeps_wide(jb, texts[i], true), *icu = S_keeps_wide(jb, texts[i], false);
        ck_assert_msg(strcmp(fast, icu) == 0, "%s: with Pango %s, ICU alone %s", texts[i], fast,
                      icu);
        free(fast);
        free(icu);
    }
    /* the quotation examples, as ICU has them */
    EXPECT(S_keeps_wide(jb, "\u201c text here", true), "[0,9) [9,13)");
    EXPECT(S_keeps_wide(jb, "\u201c 改善が必要な課 \u201dの件", true), "[0,35)");
    ad_jb_free(jb);
}
END_TEST

START_TEST(odd_input_never_crashes)
{
    ad_jbreak *jb = S_jb(NULL, 0);
    ad_jb_result r;
    ad_jb_breaks(jb, "", 0, NULL, &r);
    ck_assert_uint_eq(r.n_keep, 0);
    ad_jb_result_free(&r);
    ad_jb_breaks(jb, NULL, 0, NULL, &r);
    ad_jb_result_free(&r);
    static const char bad[] = "保\xff育\xe3\x81 課\n\n改善が必要な課\n";
    ad_jb_breaks(jb, bad, sizeof bad - 1, NULL, &r);
    for (size_t k = 0; k < r.n_keep; k++) {
        ck_assert(r.keep[k].end <= sizeof bad - 1);
        /* never across a line break */
        ck_assert(memchr(bad + r.keep[k].start, '\n', r.keep[k].end - r.keep[k].start) == NULL);
    }
    ad_jb_result_free(&r);
    ad_jb_free(jb);
}
END_TEST

/* ---- through Pango ----------------------------------------------------------- */

static char *S_lines(PangoLayout *l)
{
    ad_buf b = {0};
    const char *text = pango_layout_get_text(l);
    for (GSList *it = pango_layout_get_lines_readonly(l); it; it = it->next) {
        PangoLayoutLine *line = it->data;
        if (b.len)
            ad_buf_putc(&b, '|');
        ad_buf_put(&b, text + line->start_index, (size_t)line->length);
    }
    return ad_buf_take(&b);
}

START_TEST(pango_applies_the_keep_ranges)
{
    ad_err e = {0};
    ad_fonts *f = ad_fonts_load(AD_SOURCE_DIR "/fonts", &e);
    ck_assert_msg(f != NULL, "%s", e.msg);
    static const char *const names[] = {"こども家庭センター"};
    ad_jbreak *jb = S_jb(names, 1);
    PangoContext *ctx = ad_fonts_context(f);
    PangoFontDescription *fd = pango_font_description_from_string(AD_FAMILY_MINCHO " 9");
    static const struct {
        const char *text;
        double em;       /* line width in ems */
        const char *want;
    } cases[] = {
        {"児童手当 児童扶養手当 母子保健 （給付金）", 7,
         "児童手当 |児童扶養手当 |母子保健 |（給付金）"},
        {"関係事務のみ", 4.5, "関係|事務のみ"},
        {"ふるさと納税", 4.5, "ふるさと|納税"},
        {"保育 子ども・子育て", 4.5, "保育 |子ども・|子育て"},
        {"改善が必要な課", 6.5, "改善が|必要な課"},
        {"担当は3課と保育課", 5.5, "担当は|3課と|保育課"},
        {"担当は3課と保育課", 7, "担当は3課と|保育課"},
        {"こども家庭センター、保育課", 10, "こども家庭センター、|保育課"},
        /* Latin and digits, 和欧間 */
        {"令和7年度 e-Learning研修の受講", 9, "令和7年度 |e-Learning研修の|受講"},
        {"公務用USBメモリの取扱い", 6, "公務用|USBメモリの|取扱い"},
        /* a name wider than the line: its phrases */
        {"こども家庭センター", 5.5, "こども家庭|センター"},
        /* a phrase wider than the line: Pango's own breaks inside it */
        {"こども家庭センター", 3.5, "こども|家庭セ|ンター"},
    };
    /* after a first layout (ad_jb_apply), and before any (ad_jb_prepare) */
    for (int before = 0; before < 2; before++) {
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            int width = (int)(cases[i].em * 9 * PANGO_SCALE);
            PangoLayout *l = pango_layout_new(ctx);
            pango_layout_set_font_description(l, fd);
            pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
            pango_layout_set_text(l, cases[i].text, -1);
            PangoAttrList *attrs = pango_attr_list_new();
            ad_jc_add_attrs(attrs, cases[i].text, (int)strlen(cases[i].text), 9 * PANGO_SCALE);
            if (before)
                ad_jb_prepare(jb, cases[i].text, attrs, 9 * PANGO_SCALE, width);
            pango_layout_set_attributes(l, attrs);
            pango_attr_list_unref(attrs);
            pango_layout_set_width(l, width);
            if (!before)
                ad_jb_apply(jb, l);
            ck_assert_int_eq(pango_layout_get_width(l), width);
            char *got = S_lines(l);
            ck_assert_msg(strcmp(got, cases[i].want) == 0, "%s: got %s, want %s",
                          before ? "ad_jb_prepare" : "ad_jb_apply", got, cases[i].want);
            free(got);
            g_object_unref(l);
        }
    }
    pango_font_description_free(fd);
    g_object_unref(ctx);
    ad_jb_free(jb);
    ad_fonts_free(f);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("jbreak");
    TCase *tc = tcase_create("breaks");
    tcase_add_test(tc, ranks_of_the_issue_examples);
    tcase_add_test(tc, narrow_cells_break_only_between_terms_and_phrases);
    tcase_add_test(tc, names_are_never_broken);
    tcase_add_test(tc, pango_prohibitions_win);
    tcase_add_test(tc, terms_without_icu_are_icus_terms);
    tcase_add_test(tc, odd_input_never_crashes);
    tcase_add_test(tc, pango_applies_the_keep_ranges);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
