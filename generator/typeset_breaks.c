/* typeset_breaks.c — where a line may end in table cells, column headers,
 * titles and headings (issue 14.2).  Running paragraphs keep Pango's
 * character-level breaking; in these short, narrow texts a break inside a
 * word or a name (児童扶養｜手当, こども家庭セ｜ンター) reads as a flaw, so breaks
 * are taken away with pango_attr_allow_breaks (Pango's own rules, kinsoku
 * included, still decide among those left):
 *
 *  1. a term between spaces (the 備考 cells' 「児童手当 児童扶養手当 …」) that
 *     fits on a line by itself is never broken;
 *  2. inside a longer term, a line may end only at an ICU phrase boundary
 *     (ubrk line iterator, locale ja@lw=phrase: 改善が｜必要な｜課) or after
 *     、・／, and never inside a name the document lists (doc.h: department
 *     names); each piece between those ends that fits on a line is kept;
 *  3. a piece wider than the line keeps Pango's breaks;
 *  4. a term's last character is not left alone on a line (必要な課, not
 *     必要な｜課), nor a leading item number (「3 机上の」 start one line).
 *
 * Widths are estimated from the characters (one em for a full-width
 * character, half for ASCII and half-width forms: the bundled fonts set
 * them so, and a quarter em of 和欧間); 約物の詰め only makes a piece narrower
 * than estimated, so a piece kept whole always fits. */
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "typeset_int.h"

static bool S_alnum(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Width of text[a..b) in ems (estimated as above, with jcompose.c's quarter
 * em wherever full-width text meets a Latin letter or digit). */
static double S_ems(const char *text, int a, int b)
{
    double w = 0;
    int prev = 0; /* 1: full-width, 2: Latin letter or digit */
    for (int i = a; i < b;) {
        uint32_t c;
        i += (int)ad_utf8_decode(text + i, (size_t)(b - i), &c);
        bool half = c < 0x1100 || (c >= 0xFF61 && c <= 0xFFDC) || c == 0x2005;
        int kind = half ? (S_alnum(c) ? 2 : 0) : 1;
        w += half ? 0.5 : 1.0;
        if (kind && prev && kind != prev)
            w += 0.25;
        prev = kind;
    }
    return w;
}

static bool S_space(uint32_t c) { return c == ' ' || c == 0x2005 || c == 0x3000 || c == '\n'; }

/* A line may end after these inside a term. */
static bool S_break_after(uint32_t c) { return c == 0x3001 || c == 0x30FB || c == 0xFF0F || c == '/'; }

/* An item number or list label (「3」「6(1)」「17」): digits and brackets,
 * at most three ems. */
static bool S_label(const char *text, int b)
{
    bool digit = false;
    for (int i = 0; i < b;) {
        uint32_t c;
        i += (int)ad_utf8_decode(text + i, (size_t)(b - i), &c);
        bool d = (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
        digit |= d;
        if (!d && c != '(' && c != ')' && c != 0xFF08 && c != 0xFF09 && c != '.')
            return false;
    }
    return digit && S_ems(text, 0, b) <= 3;
}

static void S_keep(PangoAttrList *al, int a, int b)
{
    PangoAttribute *attr = pango_attr_allow_breaks_new(FALSE);
    attr->start_index = (guint)a;
    attr->end_index = (guint)b;
    pango_attr_list_insert(al, attr);
}

/* The ICU phrase iterator, opened once per typesetter. */
struct ad_ts_breaker {
    UBreakIterator *bi; /* NULL when ICU could not open it: then no phrases */
    bool tried;
};

ad_ts_breaker *ad_ts_breaker_new(void) { return ad_xcalloc(1, sizeof(ad_ts_breaker)); }

void ad_ts_breaker_free(ad_ts_breaker *b)
{
    if (!b)
        return;
    if (b->bi)
        ubrk_close(b->bi);
    free(b);
}

/* Marks in ok[] (byte offsets 0..len) ICU's phrase boundaries of text. */
static void S_phrases(ad_ts_breaker *br, const char *text, int len, bool *ok)
{
    UErrorCode st = U_ZERO_ERROR;
    if (!br->tried) {
        br->tried = true;
        br->bi = ubrk_open(UBRK_LINE, "ja@lw=phrase", NULL, 0, &st);
        if (U_FAILURE(st))
            br->bi = NULL;
    }
    if (!br->bi)
        return;
    st = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, text, len, &st);
    if (U_FAILURE(st))
        return;
    ubrk_setUText(br->bi, ut, &st);
    if (U_SUCCESS(st))
        for (int32_t p = ubrk_first(br->bi); p != UBRK_DONE; p = ubrk_next(br->bi))
            if (p >= 0 && p <= len)
                ok[p] = true;
    utext_close(ut);
}

void ad_ts_break_attrs(ad_ts_breaker *br, PangoAttrList *al, const char *text, int len,
                       double box_ems, const char *const *names, size_t n_names)
{
    if (len <= 0 || S_ems(text, 0, len) <= box_ems)
        return; /* on one line: nothing to choose */
    bool *ok = NULL; /* allowed ends inside long terms, computed once if needed */
    int glue = -1;   /* start of a leading label that goes with what follows it */
    for (int a = 0; a < len;) {
        /* the term text[a..b) up to the next space */
        int b = a;
        while (b < len) {
            uint32_t c;
            int m = (int)ad_utf8_decode(text + b, (size_t)(len - b), &c);
            if (S_space(c))
                break;
            b += m;
        }
        if (a == 0 && b < len && S_label(text, b)) {
            glue = 0; /* 「3 机上の…」: the number never alone on its line */
        } else if (b > a && glue < 0 && S_ems(text, a, b) <= box_ems) {
            S_keep(al, a, b);
        } else if (b > a) {
            if (!ok) {
                ok = ad_xcalloc((size_t)len + 1, sizeof *ok);
                S_phrases(br, text, len, ok);
                for (int i = 0; i < len;) {
                    uint32_t c;
                    i += (int)ad_utf8_decode(text + i, (size_t)(len - i), &c);
                    if (S_break_after(c))
                        ok[i] = true;
                }
                /* never inside a name that fits on a line */
                for (size_t k = 0; k < n_names; k++) {
                    size_t nl = strlen(names[k]);
                    if (nl < 2 || S_ems(names[k], 0, (int)nl) > box_ems)
                        continue;
                    for (const char *p = text; (p = strstr(p, names[k])) && p < text + len; p++)
                        for (size_t i = 1; i < nl; i++)
                            ok[p - text + (long)i] = false;
                }
            }
            /* a term's last piece of one character (必要な｜課) goes with the
             * piece before it: no line of a lone character */
            int last = b - 1;
            while (last > a && (((unsigned char)text[last]) & 0xC0) == 0x80)
                last--;
            if (last > a && ok[last])
                ok[last] = false;
            int s = glue >= 0 ? glue : a;
            glue = -1;
            for (int i = a; i <= b;) {
                if (i == b || (i > a && ok[i])) {
                    if (i > s && S_ems(text, s, i) <= box_ems)
                        S_keep(al, s, i);
                    s = i;
                }
                if (i == b)
                    break;
                uint32_t c;
                i += (int)ad_utf8_decode(text + i, (size_t)(b - i), &c);
            }
        }
        /* past the spaces */
        a = b;
        while (a < len) {
            uint32_t c;
            int m = (int)ad_utf8_decode(text + a, (size_t)(len - a), &c);
            if (!S_space(c))
                break;
            a += m;
        }
    }
    free(ok);
}
