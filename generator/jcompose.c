/* jcompose.c — Japanese composition beyond Pango's defaults, as attributes
 * added to each layout (see typeset_int.h):
 *
 *  - a number and its unit or counter never split: 3課, 2025年度, 100MB,
 *    第3回, 令和7年10月15日 (pango_attr_allow_breaks over the run);
 *  - 和欧間: a quarter em between a Japanese character and a Latin letter or
 *    digit, either way round.  Pango adds letter spacing after the grapheme
 *    it is set on, so the spacing goes on the first of the pair;
 *  - 約物の詰め: a closing bracket, comma or full stop followed by another
 *    closing or opening mark (」。 ）、 」「), or two opening brackets (「（),
 *    lose the doubled half-em blank: −½ em on the first.  BIZ UD has no
 *    halt/palt features to do this;
 *  - word spaces inside Japanese text become U+2005 in justified paragraphs
 *    (ad_jc_put_text): Pango's justification stretches only U+0020/U+00A0
 *    when a line has one, leaving holes; without one it spaces every
 *    character evenly.  The fonts lack U+2005, HarfBuzz synthesises it as a
 *    quarter-em space and text extraction still gives a space.
 *
 * Kinsoku (no 、。）」 or small kana at a line start, no （「 at a line end) is
 * Pango's own, UAX #14 with the strict rules; tests/test_typeset.c proves it. */
#include <stdlib.h>
#include <string.h>

#include "typeset_int.h"
#include "uniclass.h"

/* Japanese letters for 和欧間: kanji and kana, not punctuation. */
static bool S_jletter(uint32_t c) { return ad_uc_han(c) || ad_uc_kana(c); }

static bool S_latin_alnum(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

static bool S_digit(uint32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }

static bool S_closing(uint32_t c)
{
    switch (c) {
    case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E:             /* 、。，． */
    case 0x300D: case 0x300F: case 0xFF09: case 0x3015: case 0x3011: /* 」』）〕】 */
    case 0x3009: case 0x300B: case 0xFF3D: case 0xFF5D: case 0x3019: /* 〉》］｝〙 */
    case 0x3017:                                                     /* 〗 */
        return true;
    default:
        return false;
    }
}

static bool S_opening(uint32_t c)
{
    switch (c) {
    case 0x300C: case 0x300E: case 0xFF08: case 0x3014: case 0x3010: /* 「『（〔【 */
    case 0x3008: case 0x300A: case 0xFF3B: case 0xFF5B: case 0x3018: /* 〈《［｛〘 */
    case 0x3016:                                                     /* 〖 */
        return true;
    default:
        return false;
    }
}

/* Characters a number's unit or counter is made of: kanji (課 年 度 件),
 * ヶ, Latin letters (MB), percent signs. */
static bool S_unit(uint32_t c)
{
    return ad_uc_han(c) || c == 0x30F6 || c == 0x30B1 || c == '%' || c == 0xFF05 ||
           (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xFF21 && c <= 0xFF3A) ||
           (c >= 0xFF41 && c <= 0xFF5A);
}

/* Units after which a following number continues the same expression:
 * 7年10月15日, 10時30分. */
static bool S_chain_unit(uint32_t c)
{
    return c == 0x5E74 /* 年 */ || c == 0x6708 /* 月 */ || c == 0x6642 /* 時 */;
}

/* Prefixes kept with their number: 第3回, 約5件, 令和7年. */
static bool S_prefix(uint32_t c)
{
    return c == 0x7B2C /* 第 */ || c == 0x7D04 /* 約 */ || c == 0x548C /* 和 (令和) */ ||
           c == 0x6210 /* 成 (平成) */;
}

bool ad_jc_has_cjk(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t c;
        i += ad_utf8_decode(s + i, n - i, &c);
        if (S_jletter(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF))
            return true;
    }
    return false;
}

void ad_jc_put_text(ad_buf *b, const char *s, bool word_spaces)
{
    if (!word_spaces) {
        ad_buf_puts(b, s);
        return;
    }
    for (const char *p = s; *p; p++) {
        if (*p == ' ')
            ad_buf_put(b, "\xE2\x80\x85", 3);
        else
            ad_buf_putc(b, *p);
    }
}

static void S_add(PangoAttrList *attrs, PangoAttribute *a, size_t start, size_t end)
{
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(attrs, a);
}

void ad_jc_add_attrs(PangoAttrList *attrs, const char *text, int len, int em)
{
    if (!text || len <= 0)
        return;
    /* decode once: code points with their byte offsets */
    size_t n = 0;
    uint32_t *cp = ad_xmalloc(((size_t)len + 1) * sizeof *cp);
    size_t *off = ad_xmalloc(((size_t)len + 1) * sizeof *off);
    for (size_t i = 0; i < (size_t)len;) {
        off[n] = i;
        i += ad_utf8_decode(text + i, (size_t)len - i, &cp[n]);
        n++;
    }
    off[n] = (size_t)len;

    /* numbers with their units */
    for (size_t i = 0; i < n;) {
        if (!S_digit(cp[i])) {
            i++;
            continue;
        }
        size_t start = i;
        if (start > 0 && S_prefix(cp[start - 1]))
            start--;
        if (start > 0 && cp[start] == 0x548C && cp[start - 1] == 0x4EE4) /* 令和 */
            start--;
        else if (start > 0 && cp[start] == 0x6210 && cp[start - 1] == 0x5E73) /* 平成 */
            start--;
        size_t j = i;
        for (;;) {
            while (j < n && (S_digit(cp[j]) ||
                             ((cp[j] == ',' || cp[j] == '.') && j + 1 < n && S_digit(cp[j + 1]) &&
                              j > i && S_digit(cp[j - 1]))))
                j++;
            size_t u = 0;
            while (j < n && u < 3 && S_unit(cp[j])) {
                j++;
                u++;
            }
            if (u > 0 && j < n && S_digit(cp[j]) && S_chain_unit(cp[j - 1]))
                continue;
            break;
        }
        if (j - start >= 2 && j - start <= 16)
            S_add(attrs, pango_attr_allow_breaks_new(FALSE), off[start], off[j]);
        i = j > i ? j : i + 1;
    }

    /* 和欧間 and 約物の詰め: spacing after the first character of a pair */
    int quarter = em / 4, half = em / 2;
    for (size_t i = 0; i + 1 < n; i++) {
        uint32_t a = cp[i], b = cp[i + 1];
        int ls = 0;
        if ((S_jletter(a) && S_latin_alnum(b)) || (S_latin_alnum(a) && S_jletter(b)))
            ls = quarter;
        else if ((S_closing(a) && (S_closing(b) || S_opening(b))) || (S_opening(a) && S_opening(b)))
            ls = -half;
        if (ls)
            S_add(attrs, pango_attr_letter_spacing_new(ls), off[i], off[i + 1]);
    }
    free(cp);
    free(off);
}
