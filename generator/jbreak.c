/* jbreak.c — phrase-aware line breaks for table cells, headers, titles and
 * headings (see jbreak.h): ICU's line breaker in phrase mode, term
 * separators, protected names, and the keep ranges the typesetter turns into
 * pango_attr_allow_breaks(FALSE). */
#define _GNU_SOURCE 1 /* memmem */
#include "jbreak.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "util.h"

struct ad_jbreak {
    UBreakIterator *bi;
    char **names;
    size_t *name_len;
    size_t n_names;
};

ad_jbreak *ad_jb_new(const char *const *names, size_t n, ad_err *e)
{
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_LINE, "ja@lw=phrase", NULL, 0, &st);
    if (U_FAILURE(st) || !bi) {
        ad_fail(e, AD_ERR_RENDER,
                "ICU cannot open its Japanese line breaker (%s): is the libicu data "
                "package installed?",
                u_errorName(st));
        if (bi)
            ubrk_close(bi);
        return NULL;
    }
    ad_jbreak *jb = ad_xcalloc(1, sizeof *jb);
    jb->bi = bi;
    jb->names = ad_xcalloc(n ? n : 1, sizeof *jb->names);
    jb->name_len = ad_xcalloc(n ? n : 1, sizeof *jb->name_len);
    for (size_t i = 0; i < n; i++) {
        if (!names || !names[i] || !*names[i])
            continue;
        jb->names[jb->n_names] = ad_xstrdup(names[i]);
        jb->name_len[jb->n_names] = strlen(names[i]);
        jb->n_names++;
    }
    /* ICU builds its Japanese engine on first use: now, so that processes
     * forked after this share it (at once if ad_jb_warm already did) */
    ad_jb_warm();
    return jb;
}

static void S_warm_once(void)
{
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_LINE, "ja@lw=phrase", NULL, 0, &st);
    static const UChar warm[] = {0x6539, 0x5584, 0x304C, 0x5FC5, 0x8981, 0x306A, 0x8AB2}; /* 改善が必要な課 */
    if (U_SUCCESS(st) && bi) {
        ubrk_setText(bi, warm, (int32_t)(sizeof warm / sizeof warm[0]), &st);
        for (int32_t p = ubrk_first(bi); U_SUCCESS(st) && p != UBRK_DONE; p = ubrk_next(bi))
            ;
    }
    if (bi)
        ubrk_close(bi);
}

void ad_jb_warm(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, S_warm_once);
}

void ad_jb_free(ad_jbreak *jb)
{
    if (!jb)
        return;
    ubrk_close(jb->bi);
    for (size_t i = 0; i < jb->n_names; i++)
        free(jb->names[i]);
    free(jb->names);
    free(jb->name_len);
    free(jb);
}

void ad_jb_result_free(ad_jb_result *r)
{
    if (!r)
        return;
    free(r->rank);
    free(r->keep);
    memset(r, 0, sizeof *r);
}

static bool S_space(uint32_t c) { return c == 0x20 || c == 0x09 || c == 0x3000 || c == 0x2005; }

/* Marks that close a phrase and do not count as its letters. */
static bool S_trailing_mark(uint32_t c)
{
    switch (c) {
    case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E: case 0x30FB: /* 、。，．・ */
    case 0x300D: case 0x300F: case 0xFF09: case 0x3015: case 0x3011: /* 」』）〕】 */
    case 0x3009: case 0x300B: case 0xFF3D: case 0xFF5D: case 0x3019: /* 〉》］｝〙 */
    case 0x3017: case ')': case ']': case '}': case ',': case '.':
        return true;
    default:
        return S_space(c) || c == '\n';
    }
}

/* Letters of a Latin word that ICU may split (e-|Learning) but we keep. */
/* What an item number is made of: 4, 6(1), 17., ６（２）. */
static bool S_label_char(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19) || c == '(' || c == ')' ||
           c == 0xFF08 || c == 0xFF09 || c == '.';
}

static bool S_latin_word(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           c == '-' || c == '_' || c == '.' || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

typedef struct {
    const char *text;
    size_t len;
    size_t *start;    /* byte offset of each character, n_chars + 1 entries */
    uint32_t *cp;     /* each character */
    size_t n_chars;
    size_t *char_at;  /* byte position -> character index (valid at character starts) */
} S_chars;

static void S_chars_of(S_chars *c, const char *text, size_t len)
{
    c->text = text;
    c->len = len;
    c->start = ad_xmalloc((len + 1) * sizeof *c->start);
    c->cp = ad_xmalloc((len + 1) * sizeof *c->cp);
    c->char_at = ad_xcalloc(len + 1, sizeof *c->char_at);
    size_t pos = 0, k = 0;
    while (pos < len) {
        uint32_t cp;
        size_t n = ad_utf8_decode(text + pos, len - pos, &cp);
        c->start[k] = pos;
        c->cp[k] = cp;
        c->char_at[pos] = k;
        k++;
        pos += n;
    }
    c->start[k] = len;
    c->char_at[len] = k;
    c->n_chars = k;
}

static void S_chars_free(S_chars *c)
{
    free(c->start);
    free(c->cp);
    free(c->char_at);
}

/* The ICU phrase boundaries, at character starts only. */
static void S_icu(ad_jbreak *jb, const S_chars *c, unsigned char *rank)
{
    if (c->len == 0 || c->len > INT32_MAX)
        return;
    UErrorCode st = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, c->text, (int64_t)c->len, &st);
    if (U_FAILURE(st))
        return;
    ubrk_setUText(jb->bi, ut, &st);
    if (U_SUCCESS(st)) {
        bool *is_start = ad_xcalloc(c->len + 1, sizeof *is_start);
        for (size_t k = 0; k <= c->n_chars; k++)
            is_start[c->start[k]] = true;
        for (int32_t p = ubrk_first(jb->bi); p != UBRK_DONE; p = ubrk_next(jb->bi))
            if (p > 0 && (size_t)p < c->len && is_start[p])
                rank[p] = AD_JB_PHRASE;
        free(is_start);
    }
    /* the iterator keeps no pointer to a closed text: point it at nothing */
    UErrorCode st2 = U_ZERO_ERROR;
    ubrk_setText(jb->bi, NULL, 0, &st2);
    utext_close(ut);
}

/* The next character index after k whose start has rank >= min (or n_chars). */
static size_t S_next(const S_chars *c, const unsigned char *rank, size_t k, int min)
{
    for (k++; k < c->n_chars; k++)
        if (rank[c->start[k]] >= min)
            return k;
    return c->n_chars;
}

/* Characters [a, b) without their trailing marks and spaces: how many letters? */
static size_t S_core_chars(const S_chars *c, size_t a, size_t b)
{
    while (b > a && S_trailing_mark(c->cp[b - 1]))
        b--;
    return b - a;
}

/* End byte of characters [a, b) without trailing spaces and line breaks. */
static size_t S_trim_end(const S_chars *c, size_t a, size_t b)
{
    while (b > a && (S_space(c->cp[b - 1]) || c->cp[b - 1] == '\n'))
        b--;
    return c->start[b];
}

static void S_keep(ad_jb_result *out, const S_chars *c, size_t a, size_t b)
{
    /* never across a line break, nothing to keep in one character */
    size_t end = S_trim_end(c, a, b);
    while (b > a && c->cp[b - 1] == '\n')
        b--;
    if (end <= c->start[a] || b - a < 2)
        return;
    ad_jb_range r = {c->start[a], c->start[b]};
    AD_VEC_PUSH(out->keep, out->n_keep, out->cap_keep) = r;
}

static bool S_fits(const ad_jb_opts *o, const S_chars *c, size_t a, size_t b)
{
    if (!o || !o->measure)
        return true;
    size_t end = S_trim_end(c, a, b);
    return o->measure(o->ud, c->start[a], end) <= o->line_width;
}

/* Characters whose line-breaking rules look across a run of spaces (UAX #14
 * LB13-LB17 and ICU's LB15a/b for quotation marks: 「“ 」 stays with what
 * follows it, 「 ”」 with what precedes it).  Pango 1.50 and ICU 72 do not
 * always agree beside them, so there the term boundary is ICU's. */
static bool S_space_sensitive(uint32_t c)
{
    switch (g_unichar_break_type((gunichar)c)) {
    case G_UNICODE_BREAK_QUOTATION: case G_UNICODE_BREAK_OPEN_PUNCTUATION:
    case G_UNICODE_BREAK_CLOSE_PUNCTUATION: case G_UNICODE_BREAK_CLOSE_PARENTHESIS:
    case G_UNICODE_BREAK_EXCLAMATION: case G_UNICODE_BREAK_INFIX_SEPARATOR:
    case G_UNICODE_BREAK_SYMBOL: case G_UNICODE_BREAK_NON_STARTER:
    case G_UNICODE_BREAK_CONDITIONAL_JAPANESE_STARTER: case G_UNICODE_BREAK_BEFORE_AND_AFTER:
    case G_UNICODE_BREAK_ZERO_WIDTH_SPACE: case G_UNICODE_BREAK_COMBINING_MARK:
    case G_UNICODE_BREAK_ZERO_WIDTH_JOINER: case G_UNICODE_BREAK_WORD_JOINER:
    case G_UNICODE_BREAK_NON_BREAKING_GLUE:
        return true;
    default:
        return false;
    }
}

/* Term boundaries: after a run of spaces where ICU allows a line break
 * (rank holds ICU's boundaries), after '\n' always; a leading item number
 * (「4 イントラネット…」「6(1) 公務用…」) is never left alone on its line:
 * the boundary after it goes, so it joins the phrase after it.
 * by_pango: rank holds no ICU boundaries yet; Pango's log attributes stand
 * in for ICU's where they agree, after a run of spaces between characters
 * that are not space-sensitive.  Returns false (rank partly written) when a
 * boundary is beside a space-sensitive character: ICU must decide. */
static bool S_terms(const S_chars *c, const ad_jb_opts *o, bool by_pango, unsigned char *rank)
{
    for (size_t k = 1; k < c->n_chars; k++) {
        uint32_t prev = c->cp[k - 1], cur = c->cp[k];
        size_t p = c->start[k];
        if (prev == '\n') {
            rank[p] = AD_JB_TERM;
            continue;
        }
        if (!S_space(prev) || S_space(cur))
            continue;
        bool may;
        if (by_pango) {
            size_t left = k - 1; /* the character before the run of spaces */
            while (left > 0 && S_space(c->cp[left]))
                left--;
            if (S_space_sensitive(cur) || (!S_space(c->cp[left]) && S_space_sensitive(c->cp[left])))
                return false;
            may = o->log_attrs[k].is_line_break || o->log_attrs[k].is_mandatory_break;
        } else {
            may = rank[p] != AD_JB_NONE;
        }
        if (may)
            rank[p] = AD_JB_TERM;
    }
    size_t k = 0;
    bool digit = false;
    while (k < c->n_chars && S_label_char(c->cp[k])) {
        digit |= (c->cp[k] >= '0' && c->cp[k] <= '9') || (c->cp[k] >= 0xFF10 && c->cp[k] <= 0xFF19);
        k++;
    }
    size_t q = k;
    while (q < c->n_chars && S_space(c->cp[q]))
        q++;
    if (digit && k <= 6 && q > k && q < c->n_chars)
        rank[c->start[q]] = AD_JB_NONE;
    return true;
}

/* Never inside a protected name, and never where Pango forbids a break
 * (kinsoku, 3｜課): those positions go to NONE in rank (and in raw, when
 * given, Pango's only). */
static void S_forbid(const S_chars *c, const ad_jb_opts *o, bool have_la, const ad_jb_range *hits,
                     size_t n_hits, unsigned char *rank, unsigned char *raw)
{
    for (size_t h = 0; h < n_hits; h++)
        for (size_t p = hits[h].start + 1; p < hits[h].end; p++)
            if (c->text[p - 1] != '\n')
                rank[p] = AD_JB_NONE;
    if (have_la)
        for (size_t k = 1; k < c->n_chars; k++)
            if (!o->log_attrs[k].is_line_break && !o->log_attrs[k].is_mandatory_break) {
                rank[c->start[k]] = AD_JB_NONE;
                if (raw)
                    raw[c->start[k]] = AD_JB_NONE;
            }
}

void ad_jb_breaks(ad_jbreak *jb, const char *text, size_t len, const ad_jb_opts *o,
                  ad_jb_result *out)
{
    memset(out, 0, sizeof *out);
    out->len = len;
    out->rank = ad_xcalloc(len + 1, 1);
    if (!jb || !text || len == 0)
        return;
    unsigned char *rank = out->rank;
    S_chars c;
    S_chars_of(&c, text, len);
    bool have_la = o && o->log_attrs && o->n_log_attrs == c.n_chars + 1;

    /* every occurrence of a protected name, found once */
    ad_jb_range *hits = NULL;
    size_t n_hits = 0, cap_hits = 0;
    for (size_t i = 0; i < jb->n_names; i++) {
        size_t nl = jb->name_len[i];
        for (size_t s = 0; nl && s + nl <= len;) {
            const char *hit = memmem(text + s, len - s, jb->names[i], nl);
            if (!hit)
                break;
            size_t hs = (size_t)(hit - text);
            AD_VEC_PUSH(hits, n_hits, cap_hits) = (ad_jb_range){hs, hs + nl};
            s = hs + 1;
        }
    }

    /* Most texts are terms that each fit on the line: each is kept whole,
     * and ICU's phrases inside them change nothing.  With Pango's break
     * opportunities the terms are known without ICU (where the two agree:
     * S_terms), so ICU runs only for a text with a term wider than the line
     * or a space beside a space-sensitive character (the answer is the same
     * as ICU's). */
    if (have_la && S_terms(&c, o, true, rank)) {
        S_forbid(&c, o, true, hits, n_hits, rank, NULL);
        bool all_fit = true;
        for (size_t a = 0; a < c.n_chars && all_fit;) {
            size_t b = S_next(&c, rank, a, AD_JB_TERM);
            all_fit = S_fits(o, &c, a, b);
            a = b;
        }
        if (all_fit) {
            for (size_t a = 0; a < c.n_chars;) {
                size_t b = S_next(&c, rank, a, AD_JB_TERM);
                S_keep(out, &c, a, b);
                a = b;
            }
            free(hits);
            S_chars_free(&c);
            return;
        }
    }
    memset(rank, 0, len + 1);

    S_icu(jb, &c, rank);
    /* terms: after spaces where ICU allows a break, after '\n' always (a
     * phrase ends after 、・／ wherever ICU allows a break) */
    (void)S_terms(&c, o, false, rank);
    /* inside a Latin word: ICU's e-|Learning stays whole */
    for (size_t k = 1; k < c.n_chars; k++)
        if (rank[c.start[k]] == AD_JB_PHRASE && S_latin_word(c.cp[k - 1]) &&
            S_latin_word(c.cp[k]))
            rank[c.start[k]] = AD_JB_NONE;
    /* where a protected name starts or ends: a boundary there stays */
    bool *edge = ad_xcalloc(len + 1, sizeof *edge);
    for (size_t h = 0; h < n_hits; h++)
        edge[hits[h].start] = edge[hits[h].end] = true;
    /* a phrase of one letter stays with the phrase before it (保育｜課),
     * unless a name starts there (農業政策課、｜障がい福祉課) */
    for (size_t k = 1; k < c.n_chars; k++) {
        if (rank[c.start[k]] != AD_JB_PHRASE || edge[c.start[k]])
            continue;
        size_t q = S_next(&c, rank, k, AD_JB_PHRASE);
        if (S_core_chars(&c, k, q) == 1 && !S_trailing_mark(c.cp[k]))
            rank[c.start[k]] = AD_JB_NONE;
    }
    /* the phrases as they are before names join them: inside a name wider
     * than the line, they are the last fallback before Pango's own breaks */
    unsigned char *raw = ad_xmalloc(len + 1);
    memcpy(raw, rank, len + 1);
    S_forbid(&c, o, have_la, hits, n_hits, rank, raw);

    /* keep ranges: terms that fit, else their phrases that fit */
    for (size_t a = 0; a < c.n_chars;) {
        size_t b = S_next(&c, rank, a, AD_JB_TERM);
        if (S_fits(o, &c, a, b)) {
            S_keep(out, &c, a, b);
        } else {
            for (size_t pa = a; pa < b;) {
                size_t pb = S_next(&c, rank, pa, AD_JB_PHRASE);
                if (pb > b)
                    pb = b;
                if (S_fits(o, &c, pa, pb))
                    S_keep(out, &c, pa, pb);
                else /* a name wider than the line: its own phrases that fit */
                    for (size_t na = pa; na < pb;) {
                        size_t nb = S_next(&c, raw, na, AD_JB_PHRASE);
                        if (nb > pb)
                            nb = pb;
                        if (nb - na < pb - pa && S_fits(o, &c, na, nb))
                            S_keep(out, &c, na, nb);
                        na = nb;
                    }
                pa = pb;
            }
        }
        a = b;
    }
    free(raw);
    free(edge);
    free(hits);
    S_chars_free(&c);
}

void ad_jb_add_attrs(PangoAttrList *attrs, const ad_jb_result *r, size_t offset)
{
    if (!attrs || !r)
        return;
    for (size_t i = 0; i < r->n_keep; i++) {
        PangoAttribute *at = pango_attr_allow_breaks_new(FALSE);
        at->start_index = (guint)(offset + r->keep[i].start);
        at->end_index = (guint)(offset + r->keep[i].end);
        pango_attr_list_insert(attrs, at);
    }
}

/* The width of [start, end) of a wrapped layout as if set on one line: the
 * parts on each line it spans, added up (no second layout needed). */
static double S_layout_measure(void *ud, size_t start, size_t end)
{
    PangoLayout *l = ud;
    int la, lb, xa, xb;
    pango_layout_index_to_line_x(l, (int)start, 0, &la, &xa);
    pango_layout_index_to_line_x(l, (int)end, 0, &lb, &xb);
    if (la == lb)
        return (double)(xb > xa ? xb - xa : xa - xb);
    double w = 0;
    for (int i = la; i <= lb; i++) {
        PangoLayoutLine *line = pango_layout_get_line_readonly(l, i);
        if (!line)
            break;
        int x0 = 0, x1 = 0;
        pango_layout_line_index_to_x(line, line->start_index, 0, &x0);
        pango_layout_line_index_to_x(line, line->start_index + line->length, 0, &x1);
        if (i == la)
            x0 = xa;
        if (i == lb)
            x1 = xb;
        w += x1 > x0 ? x1 - x0 : 0;
    }
    return w;
}

void ad_jb_apply(ad_jbreak *jb, PangoLayout *layout)
{
    if (!jb || !layout)
        return;
    const char *text = pango_layout_get_text(layout);
    size_t len = text ? strlen(text) : 0;
    int width = pango_layout_get_width(layout);
    if (len == 0 || width <= 0)
        return;
    /* a paragraph on one line breaks nowhere: nothing to keep (most cells) */
    if (pango_layout_get_line_count(layout) <= 1)
        return;
    int indent = pango_layout_get_indent(layout);
    double line_w = (double)width - (indent < 0 ? -indent : indent);

    /* Pango's own break opportunities and the widths, as set */
    int n_la = 0;
    const PangoLogAttr *la = pango_layout_get_log_attrs_readonly(layout, &n_la);
    ad_jb_opts o = {.log_attrs = la, .n_log_attrs = n_la > 0 ? (size_t)n_la : 0,
                    .measure = S_layout_measure, .ud = layout, .line_width = line_w};
    ad_jb_result r;
    ad_jb_breaks(jb, text, len, &o, &r);
    if (r.n_keep) {
        PangoAttrList *old = pango_layout_get_attributes(layout);
        PangoAttrList *attrs = old ? pango_attr_list_copy(old) : pango_attr_list_new();
        ad_jb_add_attrs(attrs, &r, 0);
        pango_layout_set_attributes(layout, attrs);
        pango_attr_list_unref(attrs);
    }
    ad_jb_result_free(&r);
}

/* ---- without a layout: widths estimated for the bundled fonts ---------------- */

typedef struct {
    const char *text;
    double em;
} S_est;

static bool S_ascii_alnum(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* BIZ UD Mincho and Gothic are fixed-pitch: half an em for Latin, digits and
 * half-width kana, one em for the rest, plus jcompose's 和欧間 (a quarter em
 * between a Japanese character and a Latin letter or digit).  Its 約物の詰め
 * is left out, so the estimate errs wide: a unit it says fits, fits. */
static double S_estimate(void *ud, size_t start, size_t end)
{
    const S_est *e = ud;
    double w = 0;
    uint32_t prev = 0;
    for (size_t pos = start; pos < end;) {
        uint32_t cp;
        pos += ad_utf8_decode(e->text + pos, end - pos, &cp);
        bool half = cp <= 0x24F || (cp >= 0xFF61 && cp <= 0xFFDC);
        w += half ? 0.5 : 1.0;
        if (prev && ((S_ascii_alnum(cp) && prev >= 0x3000) || (S_ascii_alnum(prev) && cp >= 0x3000)))
            w += 0.25;
        prev = cp;
    }
    return w * e->em;
}

void ad_jb_prepare(ad_jbreak *jb, const char *text, PangoAttrList *attrs, int em, int line_width)
{
    if (!jb || !text || !attrs || em <= 0 || line_width <= 0)
        return;
    size_t len = strlen(text);
    if (len < 2 || len > INT32_MAX)
        return;
    /* one line at most when every character were a full em: nothing to keep */
    long n_chars = g_utf8_strlen(text, (gssize)len);
    if ((double)n_chars * 1.25 * em <= line_width)
        return;
    PangoLogAttr *la = g_new0(PangoLogAttr, (gsize)n_chars + 1);
    pango_get_log_attrs(text, (int)len, -1, pango_language_from_string("ja-JP"), la,
                        (int)n_chars + 1);
    pango_attr_break(text, (int)len, attrs, 0, la, (int)n_chars + 1);
    S_est est = {text, em};
    ad_jb_opts o = {.log_attrs = la, .n_log_attrs = (size_t)n_chars + 1,
                    .measure = S_estimate, .ud = &est, .line_width = line_width};
    ad_jb_result r;
    ad_jb_breaks(jb, text, len, &o, &r);
    ad_jb_add_attrs(attrs, &r, 0);
    ad_jb_result_free(&r);
    g_free(la);
}
