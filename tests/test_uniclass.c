/* test_uniclass.c — the Unicode classes GLib gives (uniclass.h) against the
 * hand-written ranges they replaced in load.c, load_checks.c and jcompose.c, over
 * every assigned code point of the Basic Multilingual Plane and of planes 2
 * and 3 (the ideographs): they agree except where listed below, and each
 * listed difference is GLib (Unicode) being right.  A newer GLib that moves
 * any other code point fails here before it changes an output. */
#include <glib.h>
#include <stdio.h>

#include "testutil.h"
#include "uniclass.h"

/* ---- the replaced code, kept as the reference ---------------------------------------- */
static bool S_old_wide(uint32_t c) /* load.c */
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

static bool S_old_han(uint32_t c) /* jcompose.c */
{
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF) ||
           c == 0x3005 || c == 0x3006 || c == 0x3007;
}

static bool S_old_kana(uint32_t c) /* jcompose.c */
{
    return (c >= 0x3041 && c <= 0x309F) || (c >= 0x30A0 && c <= 0x30FA) ||
           (c >= 0x30FC && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF);
}

static bool S_old_foreign(uint32_t c) /* load_checks.c (its names were of blocks) */
{
    static const uint32_t tab[][2] = {
        {0x0400, 0x052F}, {0x0530, 0x058F}, {0x0590, 0x05FF}, {0x0600, 0x06FF}, {0x0700, 0x08FF},
        {0x0900, 0x0DFF}, {0x0E00, 0x0E7F}, {0x0E80, 0x0EFF}, {0x0F00, 0x0FFF}, {0x1000, 0x109F},
        {0x10A0, 0x10FF}, {0x1100, 0x11FF}, {0x1200, 0x139F}, {0x1780, 0x17FF}, {0x1800, 0x18AF},
        {0x1C80, 0x1C8F}, {0x2DE0, 0x2DFF}, {0x3130, 0x318F}, {0xA640, 0xA69F}, {0xA960, 0xA97F},
        {0xAC00, 0xD7AF}, {0xD7B0, 0xD7FF}, {0xFB1D, 0xFDFF}, {0xFE70, 0xFEFF}, {0xFFA0, 0xFFDC},
    };
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (c >= tab[i][0] && c <= tab[i][1])
            return true;
    return false;
}

/* ---- where GLib answers otherwise, and why it is right -------------------------------- */
typedef struct {
    uint32_t lo, hi;
} S_range;

/* Wide: Ambiguous and Neutral characters the old ranges called wide (circled
 * numbers on black squares, Yijing hexagrams); Wide ones they missed (emoji
 * and pictographs, the vertical and small form variants, Hangul Jamo
 * Extended-A). */
static const S_range S_wide_diff[] = {
    {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC}, {0x23F0, 0x23F0}, {0x23F3, 0x23F3},
    {0x25FD, 0x25FE}, {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267F, 0x267F}, {0x2693, 0x2693},
    {0x26A1, 0x26A1}, {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE},
    {0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5}, {0x26FA, 0x26FA},
    {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B}, {0x2728, 0x2728}, {0x274C, 0x274C},
    {0x274E, 0x274E}, {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797}, {0x27B0, 0x27B0},
    {0x27BF, 0x27BF}, {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55}, {0x3248, 0x324F},
    {0x4DC0, 0x4DFF}, {0xA960, 0xA97C}, {0xFE10, 0xFE19}, {0xFE50, 0xFE6B},
};
/* Han: the CJK and Kangxi radicals, the Hangzhou numerals and 〸〹〺 are Han. */
static const S_range S_han_diff[] = {{0x2E80, 0x2FD5}, {0x3021, 0x3029}, {0x3038, 0x303B}};
/* Kana: circled and squared katakana (㋐ ㌔) and the halfwidth katakana are
 * katakana. */
static const S_range S_kana_diff[] = {{0x32D0, 0x32FE}, {0x3300, 0x3357}, {0xFF66, 0xFF9D}};
/* Foreign scripts: punctuation, marks and format characters the scripts
 * share (Arabic comma, danda, ZERO WIDTH NO-BREAK SPACE U+FEFF …) are no
 * script's letters; letters of those scripts outside the old blocks
 * (Georgian Mtavruli and Nuskhuri, Ethiopic and Myanmar extensions, Khmer
 * symbols, parenthesized and circled Hangul, Hangul tone marks, Devanagari
 * Extended, Armenian ligatures, Cyrillic modifier letters) are. */
static const S_range S_foreign_diff[] = {
    {0x0485, 0x0486}, {0x0605, 0x0605}, {0x060C, 0x060C}, {0x061B, 0x061B}, {0x061F, 0x061F},
    {0x0640, 0x0640}, {0x064B, 0x0655}, {0x0670, 0x0670}, {0x06DD, 0x06DD}, {0x08E2, 0x08E2},
    {0x0951, 0x0954}, {0x0964, 0x0965}, {0x0E3F, 0x0E3F}, {0x0FD5, 0x0FD8}, {0x10FB, 0x10FB},
    {0x1802, 0x1803}, {0x1805, 0x1805}, {0x19E0, 0x19FF}, {0x1C90, 0x1CBF}, {0x1D2B, 0x1D2B},
    {0x1D78, 0x1D78}, {0x2D00, 0x2D2D}, {0x2D80, 0x2DDE}, {0x302E, 0x302F}, {0x3200, 0x321E},
    {0x3260, 0x327E}, {0xA8E0, 0xA8FF}, {0xA9E0, 0xA9FE}, {0xAA60, 0xAA7F}, {0xAB01, 0xAB2E},
    {0xFB13, 0xFB17}, {0xFD3E, 0xFD3F}, {0xFE2E, 0xFE2F}, {0xFEFF, 0xFEFF},
};

static bool S_in(const S_range *v, size_t n, uint32_t c)
{
    for (size_t i = 0; i < n; i++)
        if (c >= v[i].lo && c <= v[i].hi)
            return true;
    return false;
}

static bool S_foreign(uint32_t c) { return ad_uc_foreign_script(c) != NULL; }

/* Compares new and old over the planes that matter; returns the number of
 * code points that differ outside the listed ranges (the first few printed)
 * and sets *listed to the number that differ inside them. */
static size_t S_compare(const char *what, bool (*now)(uint32_t), bool (*old)(uint32_t),
                        const S_range *diff, size_t n_diff, size_t *listed)
{
    size_t bad = 0;
    *listed = 0;
    for (uint32_t c = 0; c <= 0x3FFFF; c++) {
        if (c == 0x10000)
            c = 0x20000;
        if (g_unichar_type(c) == G_UNICODE_UNASSIGNED || now(c) == old(c))
            continue;
        if (S_in(diff, n_diff, c)) {
            (*listed)++;
        } else if (bad++ < 5) {
            fprintf(stderr, "%s: U+%04X: now %d, before %d\n", what, (unsigned)c, now(c), old(c));
        }
    }
    return bad;
}

#define COMPARE(what, now, old, diff)                                                           \
    do {                                                                                        \
        size_t listed;                                                                          \
        ck_assert_uint_eq(S_compare(what, now, old, diff, sizeof diff / sizeof diff[0], &listed), 0); \
        ck_assert_uint_gt(listed, 0); /* each list names real differences */                  \
    } while (0)

START_TEST(glib_agrees_with_the_old_ranges_but_where_listed)
{
    COMPARE("wide", ad_uc_wide, S_old_wide, S_wide_diff);
    COMPARE("han", ad_uc_han, S_old_han, S_han_diff);
    COMPARE("kana", ad_uc_kana, S_old_kana, S_kana_diff);
    COMPARE("foreign", S_foreign, S_old_foreign, S_foreign_diff);
}
END_TEST

START_TEST(answers_the_composition_and_the_checks_rely_on)
{
    /* a line break between two wide characters is dropped: kanji, kana, full-width forms */
    ck_assert(ad_uc_wide(0x6F22) && ad_uc_wide(0x3042) && ad_uc_wide(0xFF21) && ad_uc_wide(0x3000));
    ck_assert(!ad_uc_wide('A') && !ad_uc_wide(0xFF71) && !ad_uc_wide(0x303F));
    /* 和欧間 needs ー and 々〆 as Japanese letters, not ・ */
    ck_assert(ad_uc_kana(0x30FC) && ad_uc_kana(0x3042) && ad_uc_kana(0x30F6) && !ad_uc_kana(0x30FB));
    ck_assert(ad_uc_han(0x3005) && ad_uc_han(0x3006) && ad_uc_han(0x3007) && ad_uc_han(0x20BB7));
    ck_assert(!ad_uc_han(0x3001) && !ad_uc_han(0x30A2) && !ad_uc_kana(0x6F22));
    /* the script check: names, and nothing for Japanese, Latin, Greek or a BOM */
    ck_assert_str_eq(ad_uc_foreign_script(0xD2B8), "Hangul");
    ck_assert_str_eq(ad_uc_foreign_script(0x0414), "Cyrillic");
    ck_assert_str_eq(ad_uc_foreign_script(0x0E01), "Thai");
    ck_assert_str_eq(ad_uc_foreign_script(0x0915), "Devanagari");
    const uint32_t ok[] = {'A', 0x3B1 /* α */, 0x3042, 0x6F22, 0xFF10, 0x2460 /* ① */, 0xFEFF, 0x060C};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        ck_assert_msg(ad_uc_foreign_script(ok[i]) == NULL, "U+%04X", (unsigned)ok[i]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("uniclass");
    TCase *tc = tcase_create("uniclass");
    tcase_add_test(tc, glib_agrees_with_the_old_ranges_but_where_listed);
    tcase_add_test(tc, answers_the_composition_and_the_checks_rely_on);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
