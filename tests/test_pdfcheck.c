/* test_pdfcheck.c — issue 14's check of the PDFs themselves, on the sample,
 * generated 12×40 and 40×80 audits (tests/bench/gen_audit) and the legal
 * extremes of tests/test_extreme.c, each built with the real binary:
 *
 *  - glyphs: no glyph 0 (.notdef) in any content stream of any PDF
 *    (tests/pdf_glyphs.py decodes every content stream with pikepdf);
 *  - words: every word of every paragraph of the document tree (the input's
 *    text as the composers arranged it: runs and list markers) is extracted
 *    by pdftotext, in order.  A word is text between spaces; whitespace is
 *    ignored in both (lines come out as newlines); page
 *    furniture (page numbers, repeated table headers) may interrupt a word
 *    at a page break; the cells of one table row are each read from the row's
 *    start, since a row split across pages interleaves them.  Characters the
 *    fonts lack (emoji, drawn as a hex box) separate words.
 *
 *  - searchable (issue 15): the text layers of poppler, mupdf, PDF.js and
 *    PDFium find every occurrence of 令和7年度, 第2回, USBメモリ and
 *    e-Learning, and no space next to a Japanese letter that the input does
 *    not have (sample, generated 12×20);
 *  - phrases (library only): no line of a table cell, a header, a title or a
 *    heading ends inside a phrase, term or department name that would have
 *    fitted on the line (see S_check_phrases).
 */
#define _GNU_SOURCE 1 /* memmem */
#include <ctype.h>
#include "build.h"
#include "compose.h"
#include "jbreak.h"
#include "typeset_int.h"
#include "load.h"
#include "uniclass.h"
#include "relutil.h"
#include "templates.h"

#define GEN_AUDIT AD_BINARY_DIR "/tests/bench/gen_audit"
#define PYTHON "/usr/bin/python3" /* Debian's, which has python3-pikepdf */

/* ---- words in order ----------------------------------------------------------- */

static bool S_blank(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x3000 ||
           c == 0x2005 || c == 0xA0 || c == 0x200B;
}

/* s without whitespace; newly allocated. */
static char *S_strip(const char *s)
{
    ad_buf b = {0};
    size_t len = strlen(s), pos = 0;
    while (pos < len) {
        uint32_t c;
        size_t n = ad_utf8_decode(s + pos, len - pos, &c);
        if (!S_blank(c))
            ad_buf_put(&b, s + pos, n);
        pos += n;
    }
    return ad_buf_take(&b);
}

typedef struct {
    const char *hay;  /* the extracted text, whitespace removed */
    size_t hay_len;
    const char *pdf;  /* for messages */
    long words, bad;
    char first_bad[600];
} S_words;

static const char *S_find(const char *hay, size_t hay_len, size_t from, const char *w, size_t n)
{
    if (from > hay_len)
        return NULL;
    return memmem(hay + from, hay_len - from, w, n);
}

/* The end of the first match of word w[0, n) at or after from (starting
 * within max_gap bytes when max_gap >= 0), possibly interrupted by page
 * furniture of up to 400 bytes at up to depth places; 0 when none. */
static size_t S_match(const S_words *sw, size_t from, long max_gap, const char *w, size_t n,
                      int depth)
{
    uint32_t c0;
    size_t seed = ad_utf8_decode(w, n, &c0); /* the first character */
    for (size_t pos = from;;) {
        const char *f = S_find(sw->hay, sw->hay_len, pos, w, seed);
        if (!f || (max_gap >= 0 && (size_t)(f - sw->hay) - from > (size_t)max_gap))
            return 0;
        size_t at = (size_t)(f - sw->hay), l = 0;
        while (l < n && at + l < sw->hay_len && sw->hay[at + l] == w[l])
            l++;
        while (l < n && l > 0 && (w[l] & 0xC0) == 0x80)
            l--; /* back to a character start */
        if (l == n)
            return at + n;
        if (depth > 0 && l > 0) {
            size_t e = S_match(sw, at + l, 400, w + l, n - l, depth - 1);
            if (e)
                return e;
        }
        pos = at + 1;
    }
}

static void S_word(S_words *sw, size_t *cur, const char *w, size_t n)
{
    if (n == 0)
        return;
    sw->words++;
    size_t end = S_match(sw, *cur, -1, w, n, 100);
    if (end) {
        *cur = end;
        return;
    }
    if (sw->bad++ == 0)
        snprintf(sw->first_bad, sizeof sw->first_bad, "%s: \"%.*s\" %s", sw->pdf,
                 (int)(n > 300 ? 300 : n), w,
                 S_match(sw, 0, -1, w, n, 100) ? "is out of order" : "is missing");
}

static void S_para(S_words *sw, const ad_node *p, size_t *cur)
{
    char *text = ad_para_text(p);
    char *all = ad_xasprintf("%s %s", p->marker ? p->marker : "", text);
    free(text);
    size_t len = strlen(all), pos = 0, start = 0;
    while (pos <= len) {
        uint32_t c = 0;
        size_t n = pos < len ? ad_utf8_decode(all + pos, len - pos, &c) : 1;
        /* emoji and other characters the fonts lack: drawn as hex boxes */
        if (pos == len || S_blank(c) || c >= 0x1F000 || c == 0xFFFD) {
            S_word(sw, cur, all + start, pos - start);
            start = pos + n;
        }
        pos += n;
    }
    free(all);
}

static void S_nodes(S_words *sw, const ad_nodes *ns, size_t *cur)
{
    for (size_t i = 0; i < ns->n; i++) {
        const ad_node *n = ns->v[i];
        if (n->kind == AD_NODE_PARA && n->page_note) {
            /* a legend printed once per page, under the page's last table:
             * left out under the others, so it is somewhere, not in order */
            size_t anywhere = 0;
            S_para(sw, n, &anywhere);
        } else if (n->kind == AD_NODE_PARA) {
            S_para(sw, n, cur);
        } else if (n->kind == AD_NODE_TABLE) {
            for (size_t r = 0; r < n->n_rows; r++) {
                size_t end = *cur;
                for (size_t c = 0; c < n->rows[r].n; c++) {
                    size_t at = *cur;
                    S_nodes(sw, &n->rows[r].cells[c].body, &at);
                    if (at > end)
                        end = at;
                }
                *cur = end;
            }
        }
    }
}

/* The words of d checked against text (whitespace is removed here). */
static S_words S_words_of(const ad_doc *d, const char *text, const char *pdf)
{
    char *hay = S_strip(text);
    S_words sw = {.hay = hay, .hay_len = strlen(hay), .pdf = pdf};
    size_t cur = 0;
    for (size_t s = 0; s < d->n_sections; s++)
        S_nodes(&sw, &d->sections[s].body, &cur);
    free(hay);
    sw.hay = NULL;
    return sw;
}

/* Every word of d is in pdf's text, in order; returns the number of words. */
static long S_check_words(const ad_doc *d, const char *pdf)
{
    char *raw = NULL, *q = rl_shq(pdf);
    int rc = tu_runf(&raw, "pdftotext -raw -enc UTF-8 %s -", q);
    free(q);
    ck_assert_msg(rc == 0, "pdftotext %s failed", pdf);
    S_words sw = S_words_of(d, raw, pdf);
    free(raw);
    ck_assert_msg(sw.bad == 0, "%ld of %ld words not extracted in order; first: %s", sw.bad,
                  sw.words, sw.first_bad);
    return sw.words;
}

/* ---- one input ------------------------------------------------------------------ */

/* An input built with the binary into dir/out, and the audit and templates
 * its PDFs were made from. */
typedef struct {
    char *dir;
    ad_audit *a;
    ad_templates *t;
} S_built;

static S_built S_build(const char *xml_path, const char *what)
{
    S_built b = {.dir = tu_tmpdir()};
    char *log = NULL;
    int rc = tu_runf(&log, "'%s' build -q '%s' -o '%s/out' 2>&1", TU_AUDITDOC, xml_path, b.dir);
    ck_assert_msg(rc == 0, "%s: build failed:\n%.2000s", what, log);
    free(log);
    ad_diags dg;
    ad_diags_init(&dg);
    b.a = ad_load_file(xml_path, &dg);
    ad_diags_free(&dg);
    ck_assert_msg(b.a != NULL, "%s does not load", xml_path);
    ad_err e = {0};
    char *td = tu_src("templates");
    b.t = ad_templates_load(td, &e);
    free(td);
    ck_assert_msg(b.t != NULL, "%s", e.msg);
    return b;
}

static void S_built_free(S_built *b)
{
    ad_templates_free(b->t);
    ad_audit_free(b->a);
    tu_rmrf(b->dir);
    free(b->dir);
}

/* Builds xml_path with the binary into a temporary folder and checks every
 * PDF: words against the composed trees, glyph 0 with pdf_glyphs.py.
 * Returns how many glyph 0 were found (the check itself is the caller's). */
static long S_check_input(const char *xml_path, const char *what)
{
    S_built b = S_build(xml_path, what);
    char *dir = b.dir;
    ad_audit *a = b.a;
    ad_templates *t = b.t;
    int rc;
    long words = 0;
    size_t pdfs = 0;
    char *pdf = ad_xasprintf("%s/out/packet.pdf", dir);
    ad_doc *d = ad_compose_packet(a, t);
    words += S_check_words(d, pdf);
    pdfs++;
    ad_doc_free(d);
    free(pdf);
    pdf = ad_xasprintf("%s/out/matrix.pdf", dir);
    if (access(pdf, F_OK) == 0) {
        d = ad_compose_matrix_doc(a, t);
        words += S_check_words(d, pdf);
        pdfs++;
        ad_doc_free(d);
    }
    free(pdf);
    for (size_t i = 0; i < a->n_departments; i++) {
        d = ad_compose_dept_doc(a, i, t);
        if (!d)
            continue;
        char *name = ad_dept_pdf_name(a->departments[i].name, i, a->n_departments);
        pdf = ad_xasprintf("%s/out/departments/%s", dir, name);
        words += S_check_words(d, pdf);
        pdfs++;
        free(pdf);
        free(name);
        ad_doc_free(d);
    }
    ck_assert_int_gt(words, 10);
    fprintf(stderr, "pdfcheck %s: %zu PDFs, %ld words extracted in order\n", what, pdfs, words);

    /* glyph 0 */
    char *out = NULL;
    rc = tu_runf(&out, "'%s' '%s/tests/pdf_glyphs.py' '%s/out' 2>&1", PYTHON, AD_SOURCE_DIR,
                 dir);
    ck_assert_msg(rc == 0 || rc == 1, "%s: pdf_glyphs.py could not check the PDFs (%d):\n%.2000s",
                  what, rc, out);
    long glyph0 = 0;
    const char *sum = strstr(out, "pages, ");
    ck_assert_msg(sum != NULL, "%s", out);
    glyph0 = atol(sum + strlen("pages, "));
    ck_assert_int_eq(glyph0 > 0, rc == 1);
    fprintf(stderr, "pdfcheck %s: %s", what, strstr(out, "pdf_glyphs.py:"));
    ck_assert_msg(glyph0 == 0, "%s: glyph 0 (.notdef) drawn:\n%.3000s", what, out);
    free(out);

    /* tagged as PDF/UA-1 asks (tests/pdf_tags.py): the packet, the matrix
     * and the first department report */
    const char *legend = ad_w(t, "legend");
    rc = tu_runf(&out,
                 "cd '%s/out' && for f in packet.pdf matrix.pdf \"$(ls departments/*.pdf | head -1)\"; do"
                 " [ -f \"$f\" ] || continue; '%s' '%s/tests/pdf_tags.py' \"$f\" --legend '%s' || exit 1;"
                 " done 2>&1",
                 dir, PYTHON, AD_SOURCE_DIR, legend);
    ck_assert_msg(rc == 0, "%s: the structure tree is wrong:\n%.3000s", what, out);
    fprintf(stderr, "pdfcheck %s: tags: %s", what, out);
    free(out);
    S_built_free(&b);
    return glyph0;
}

static long S_check_xml(const char *xml, const char *what)
{
    char *dir = tu_tmpdir();
    char *path = ad_xasprintf("%s/%s.xml", dir, what);
    ck_assert(tu_write(path, xml));
    long g = S_check_input(path, what);
    free(path);
    tu_rmrf(dir);
    free(dir);
    return g;
}

/* check(path, what) on a gen_audit of n_depts × n_items. */
static long S_on_generated(int n_depts, int n_items, long (*check)(const char *, const char *))
{
    char *dir = tu_tmpdir();
    char *path = ad_xasprintf("%s/gen.xml", dir);
    ck_assert_msg(access(GEN_AUDIT, X_OK) == 0, "%s is not built (AD_BENCH=ON)", GEN_AUDIT);
    ck_assert_int_eq(tu_runf(NULL, "'%s' %d %d '%s'", GEN_AUDIT, n_depts, n_items, path), 0);
    char *what = ad_xasprintf("gen_audit %dx%d", n_depts, n_items);
    long g = check(path, what);
    free(what);
    free(path);
    tu_rmrf(dir);
    free(dir);
    return g;
}

/* ---- searchable as typed ---------------------------------------------------------
 * The text layers of poppler (pdftotext -raw), mupdf (mutool), PDF.js
 * (Firefox) and PDFium (Chrome, Edge; these two through
 * tests/viewers/viewers.sh, skipped without node) give back the input's characters where the
 * typesetter spaced them (和欧間, 約物の詰め, justification, U+2005 word
 * spaces): every occurrence of 令和7年度, 第2回, USBメモリ and e-Learning in
 * a document tree is found in its PDF's text (line breaks removed, nothing
 * else), and a space next to a Japanese letter (J␣J, J␣L, L␣J; L an ASCII
 * letter or digit) appears in the text only where the tree has one (cells,
 * paragraphs and list markers are joined by spaces in the tree, as the text
 * layers join them). */
static const char *const S_needles[] = {"令和7年度", "第2回", "USBメモリ", "e-Learning"};
#define S_N_NEEDLES (sizeof S_needles / sizeof *S_needles)

static void S_tree_text(ad_buf *b, const ad_nodes *ns)
{
    for (size_t i = 0; i < ns->n; i++) {
        const ad_node *n = ns->v[i];
        if (n->kind == AD_NODE_PARA) {
            char *text = ad_para_text(n);
            ad_buf_printf(b, "%s%s%s ", n->marker ? n->marker : "", n->marker ? " " : "", text);
            free(text);
        } else if (n->kind == AD_NODE_TABLE) {
            for (size_t r = 0; r < n->n_rows; r++)
                for (size_t c = 0; c < n->rows[r].n; c++)
                    S_tree_text(b, &n->rows[r].cells[c].body);
        }
    }
}

static long S_count(const char *hay, const char *needle)
{
    long n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static bool S_japanese(uint32_t c) { return ad_uc_han(c) || ad_uc_kana(c); }
static bool S_alnum(uint32_t c) { return c < 0x80 && isalnum((int)c); }

typedef struct {
    long found[S_N_NEEDLES];
    long spaces, spurious; /* spaces next to Japanese letters; of them not in the tree */
    char first_spurious[200];
} S_search;

/* The searches on text (one engine's text of a PDF made from tree). */
static S_search S_search_text(const char *text, const char *tree)
{
    S_search r = {0};
    ad_buf flat = {0}; /* line breaks removed */
    for (const char *p = text; *p; p++)
        if (*p != '\n' && *p != '\r' && *p != '\f')
            ad_buf_putc(&flat, *p);
    const char *t = flat.s ? flat.s : "";
    for (size_t k = 0; k < S_N_NEEDLES; k++)
        r.found[k] = S_count(t, S_needles[k]);
    size_t len = strlen(t);
    uint32_t prev = 0;
    size_t prev_at = 0;
    for (size_t pos = 0; pos < len;) {
        uint32_t c;
        size_t n = ad_utf8_decode(t + pos, len - pos, &c);
        if (c == ' ' && pos + 1 < len) {
            uint32_t next;
            size_t m = ad_utf8_decode(t + pos + 1, len - pos - 1, &next);
            bool jp = (S_japanese(prev) && (S_japanese(next) || S_alnum(next))) ||
                      (S_alnum(prev) && S_japanese(next));
            if (jp) {
                r.spaces++;
                char *tri = ad_xstrndup(t + prev_at, pos + 1 + m - prev_at);
                if (!strstr(tree, tri) && r.spurious++ == 0) {
                    size_t from = prev_at > 30 ? prev_at - 30 : 0, to = pos + 1 + m + 30;
                    while (from > 0 && ((unsigned char)t[from] & 0xC0) == 0x80)
                        from--;
                    while (to < len && ((unsigned char)t[to] & 0xC0) == 0x80)
                        to++;
                    snprintf(r.first_spurious, sizeof r.first_spurious, "\"%s\" in \"%.*s\"",
                             tri, (int)((to < len ? to : len) - from), t + from);
                }
                free(tri);
            }
        }
        prev = c;
        prev_at = pos;
        pos += n;
    }
    ad_buf_free(&flat);
    return r;
}

/* Checks pdf (made from d) in poppler's and mupdf's text and, when viewers
 * is set, PDF.js's and PDFium's; adds the occurrences in d to found_tree[]. */
static void S_check_search(const ad_doc *d, const char *pdf, const char *viewers,
                           long *found_tree, long *spaces)
{
    ad_buf tb = {0};
    for (size_t s = 0; s < d->n_sections; s++)
        S_tree_text(&tb, &d->sections[s].body);
    /* an ideographic space (別表　…) is a space as well: poppler gives U+0020 */
    char *tree = ad_xstrdup(tb.s ? tb.s : ""), *o = tree;
    for (const char *p = tree; *p;)
        if (p[0] == '\xE3' && p[1] == '\x80' && p[2] == '\x80') {
            *o++ = ' ';
            p += 3;
        } else {
            *o++ = *p++;
        }
    *o = '\0';
    char *q = rl_shq(pdf);
    static const char *const names[] = {"poppler", "mupdf", "PDF.js", "PDFium"};
    for (int engine = 0; engine < 4; engine++) {
        if (engine >= 2 && !viewers)
            break;
        char *out = NULL;
        int rc = engine == 0   ? tu_runf(&out, "pdftotext -raw -enc UTF-8 %s -", q)
                 : engine == 1 ? tu_runf(&out, "mutool draw -q -F txt -o - %s 2>/dev/null", q)
                               : tu_runf(&out, "sh '%s' %s %s 2>&1", viewers,
                                         engine == 2 ? "pdfjs" : "text", q);
        const char *name = names[engine];
        ck_assert_msg(rc == 0, "%s on %s failed (%d): %.500s", name, pdf, rc, out ? out : "");
        S_search r = S_search_text(out, tree);
        for (size_t k = 0; k < S_N_NEEDLES; k++) {
            long want = S_count(tree, S_needles[k]);
            ck_assert_msg(r.found[k] == want, "%s: %s finds %s %ld times, the document has it %ld times",
                          pdf, name, S_needles[k], r.found[k], want);
            if (engine == 0)
                found_tree[k] += want;
        }
        ck_assert_msg(r.spurious == 0, "%s: %s has %ld of %ld spaces next to Japanese letters "
                      "that the document does not have; first: %s",
                      pdf, name, r.spurious, r.spaces, r.first_spurious);
        *spaces += r.spaces;
        free(out);
    }
    free(q);
    free(tree);
    ad_buf_free(&tb);
}

/* Builds xml_path and runs S_check_search on every PDF; returns how many
 * times the needles occur in the trees (each engine found them all). */
static long S_searchable(const char *xml_path, const char *what)
{
    const char *viewers = AD_SOURCE_DIR "/tests/viewers/viewers.sh";
    if (tu_runf(NULL, "command -v node >/dev/null 2>&1") != 0) {
        fprintf(stderr, "pdfcheck %s: node is not installed: PDF.js's and PDFium's text not "
                        "checked (Debian: nodejs npm)\n", what);
        viewers = NULL;
    }
    S_built b = S_build(xml_path, what);
    const char *dir = b.dir;
    ad_audit *a = b.a;
    ad_templates *t = b.t;
    long found[S_N_NEEDLES] = {0}, spaces = 0;
    size_t pdfs = 0;
    for (size_t i = 0; i < a->n_departments + 2; i++) {
        ad_doc *d;
        char *pdf;
        if (i == 0) {
            d = ad_compose_packet(a, t);
            pdf = ad_xasprintf("%s/out/packet.pdf", dir);
        } else if (i == 1) {
            pdf = ad_xasprintf("%s/out/matrix.pdf", dir);
            d = access(pdf, F_OK) == 0 ? ad_compose_matrix_doc(a, t) : NULL;
        } else {
            d = ad_compose_dept_doc(a, i - 2, t);
            char *name = ad_dept_pdf_name(a->departments[i - 2].name, i - 2, a->n_departments);
            pdf = ad_xasprintf("%s/out/departments/%s", dir, name);
            free(name);
        }
        if (d) {
            S_check_search(d, pdf, viewers, found, &spaces);
            pdfs++;
        }
        ad_doc_free(d);
        free(pdf);
    }
    long total = 0;
    fprintf(stderr, "pdfcheck %s: %zu PDFs searched in poppler, mupdf%s:", what, pdfs,
            viewers ? ", PDF.js and PDFium" : "");
    for (size_t k = 0; k < S_N_NEEDLES; k++) {
        fprintf(stderr, " %s %ld,", S_needles[k], found[k]);
        total += found[k];
    }
    fprintf(stderr, " %ld spaces next to Japanese letters, each in the input\n", spaces);
    S_built_free(&b);
    return total;
}

/* The search check itself: what it accepts and what it catches. */
START_TEST(search_check_catches_gaps)
{
    const char *tree = "1 令和7年度第2回 USBメモリ e-Learning の受講 ";
    S_search r = S_search_text("1 令和7年度第2回\nUSBメモリ e-Lear\nning の受講", tree);
    ck_assert_int_eq(r.found[0], 1);
    ck_assert_int_eq(r.found[1], 1);
    ck_assert_int_eq(r.found[2], 1);
    ck_assert_int_eq(r.found[3], 1);
    ck_assert_int_eq(r.spurious, 0);
    ck_assert_int_eq(r.spaces, 3); /* "1 令", "リ e", "g の" */
    r = S_search_text("令和 7 年度第 2 回 USB メモリ", tree);
    ck_assert_int_eq(r.found[0] + r.found[1] + r.found[2], 0);
    ck_assert_int_eq(r.spurious, 5);
    ck_assert_msg(strstr(r.first_spurious, "\"和 7\"") != NULL, "%s", r.first_spurious);
}
END_TEST

START_TEST(searchable_sample)
{
    long n = S_searchable(TU_SAMPLE, "sample");
    ck_assert_int_gt(n, 30);
}
END_TEST

START_TEST(searchable_generated) { S_on_generated(12, 20, S_searchable); }
END_TEST

/* Characters the fonts lack are drawn as hex boxes; the text layer gives
 * back the characters themselves (poppler all of them; PDFium those of the
 * BMP: it drops characters above U+FFFC from ActualText). */
START_TEST(searchable_missing_glyphs)
{
    rl_gen g = {.n_depts = 2, .n_items = 1, .summary = "前文😀中文䷀野家後文𠮷終わり"};
    char *xml = rl_gen_audit(&g);
    char *dir = tu_tmpdir();
    char *path = ad_xasprintf("%s/missing.xml", dir);
    ck_assert(tu_write(path, xml));
    S_built b = S_build(path, "missing-glyphs");
    char *pdf = ad_xasprintf("'%s/out/packet.pdf'", b.dir), *out = NULL;
    ck_assert_int_eq(tu_runf(&out, "pdftotext -raw -enc UTF-8 %s -", pdf), 0);
    ck_assert_msg(strstr(out, "前文😀中文䷀野家後文𠮷終わり") && !strstr(out, "1F600") &&
                      !strstr(out, "4DC0"),
                  "poppler: %s", out);
    free(out);
    if (tu_runf(NULL, "command -v node >/dev/null 2>&1") == 0) {
        ck_assert_int_eq(tu_runf(&out, "sh '%s/tests/viewers/viewers.sh' text %s", AD_SOURCE_DIR,
                                 pdf), 0);
        ck_assert_msg(strstr(out, "前文中文䷀野家後文終わり") && !strstr(out, "4DC0"), "PDFium: %s",
                      out);
        free(out);
    }
    free(pdf);
    S_built_free(&b);
    free(path);
    free(xml);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* ---- line ends in cells, headers and headings ------------------------------------ */

/* No line of a table cell, a header, a title or a heading ends inside an ICU
 * phrase, a term or a department name that would have fitted on the line
 * (jbreak.h's keep ranges, measured with the glyph advances the typesetter
 * used, less half an em of tolerance).  Each paragraph is laid out through
 * ad_ts_probe_para exactly as the typesetter sets it, at its cell's inner
 * width (4 pt padding, less in narrow columns) or the text width. */
typedef struct {
    ad_fonts *f;
    const ad_doc *d;
    ad_jbreak *jb;
    long paras, line_ends, bad;
    char first_bad[600];
} S_phrases;

typedef struct {
    double *adv;      /* advance of each character */
    size_t *char_at;  /* byte offset -> character index */
} S_adv;

static double S_adv_width(void *ud, size_t start, size_t end)
{
    const S_adv *a = ud;
    double w = 0;
    for (size_t k = a->char_at[start]; k < a->char_at[end]; k++)
        w += a->adv[k];
    return w;
}

static void S_phrase_para(S_phrases *ph, const ad_node *n, double avail_pt)
{
    ad_ts_probe pr;
    ad_ts_probe_para(ph->f, ph->d, n, avail_pt, &pr);
    ad_buf text = {0};
    size_t *ends = ad_xcalloc(pr.n_lines + 1, sizeof *ends);
    for (size_t l = 0; l < pr.n_lines; l++) {
        ad_buf_puts(&text, pr.lines[l]);
        ends[l] = text.len;
    }
    size_t len = text.len, n_chars = 0;
    S_adv adv = {ad_xcalloc(len + 1, sizeof(double)), ad_xcalloc(len + 1, sizeof(size_t))};
    for (size_t pos = 0; pos < len;) {
        uint32_t cp;
        size_t k = ad_utf8_decode(text.s + pos, len - pos, &cp);
        adv.char_at[pos] = n_chars++;
        pos += k;
    }
    adv.char_at[len] = n_chars;
    /* one glyph cluster per character (no ligatures in Japanese text) */
    if (pr.n_lines > 1 && pr.n_g == n_chars) {
        for (size_t g = 0; g < pr.n_g; g++)
            adv.adv[g] = pr.g[g].adv;
        double em = ph->d->styles[n->style].size / 2.0;
        ad_jb_opts o = {.measure = S_adv_width, .ud = &adv, .line_width = pr.width - em / 2};
        ad_jb_result r;
        ad_jb_breaks(ph->jb, text.s, len, &o, &r);
        for (size_t l = 0; l + 1 < pr.n_lines; l++) {
            ph->line_ends++;
            for (size_t k = 0; k < r.n_keep; k++)
                if (r.keep[k].start < ends[l] && ends[l] < r.keep[k].end) {
                    if (ph->bad++ == 0)
                        snprintf(ph->first_bad, sizeof ph->first_bad, "%.*s｜%.*s (%.1f pt)",
                                 (int)(ends[l] - r.keep[k].start), text.s + r.keep[k].start,
                                 (int)(r.keep[k].end - ends[l]), text.s + ends[l], pr.width);
                    break;
                }
        }
        ad_jb_result_free(&r);
    }
    ph->paras++;
    free(adv.adv);
    free(adv.char_at);
    free(ends);
    ad_buf_free(&text);
    ad_ts_probe_free(&pr);
}

static void S_phrase_nodes(S_phrases *ph, const ad_nodes *ns, double avail_pt, bool in_cell)
{
    for (size_t i = 0; i < ns->n; i++) {
        const ad_node *n = ns->v[i];
        if (n->kind == AD_NODE_PARA) {
            if (in_cell || n->style == AD_PS_TITLE || n->style == AD_PS_HEADING1 ||
                n->style == AD_PS_HEADING2 || n->style == AD_PS_HEADING3)
                S_phrase_para(ph, n, avail_pt);
        } else if (n->kind == AD_NODE_TABLE) {
            for (size_t r = 0; r < n->n_rows; r++) {
                int col = 0;
                for (size_t c = 0; c < n->rows[r].n; c++) {
                    const ad_cell *cell = &n->rows[r].cells[c];
                    double w = 0;
                    for (int k = 0; k < cell->colspan && col < n->n_cols; k++)
                        w += n->col_w[col++] / 20.0;
                    double px = ph->d->cell_pad_x / 20.0; /* as typeset_table.c pads */
                    double pad = px < w * 0.12 ? px : w * 0.12;
                    S_phrase_nodes(ph, &cell->body, w - 2 * pad, true);
                }
            }
        }
    }
}

/* Checks every document of the audit at path; returns the line ends inside
 * a phrase that would have fitted. */
static long S_check_phrases(const char *path, const char *what)
{
    tu_lib l;
    tu_lib_open(&l, path);
    long bad = 0, paras = 0, ends = 0;
    char first[600] = "";
    for (size_t i = 0; i <= l.audit->n_departments + 1; i++) {
        ad_doc *d = i == 0 ? ad_compose_packet(l.audit, l.tpl)
                    : i == 1 ? ad_compose_matrix_doc(l.audit, l.tpl)
                             : ad_compose_dept_doc(l.audit, i - 2, l.tpl);
        if (!d)
            continue;
        ad_err e = {0};
        S_phrases ph = {.f = l.fonts, .d = d};
        ph.jb = ad_jb_new((const char *const *)d->names, d->n_names, &e);
        ck_assert_msg(ph.jb != NULL, "%s", e.msg);
        for (size_t s = 0; s < d->n_sections; s++)
            S_phrase_nodes(&ph, &d->sections[s].body,
                           ad_page_text_width(&d->sections[s].page) / 20.0, false);
        if (ph.bad && !*first)
            snprintf(first, sizeof first, "%s", ph.first_bad);
        bad += ph.bad;
        paras += ph.paras;
        ends += ph.line_ends;
        ad_jb_free(ph.jb);
        ad_doc_free(d);
    }
    fprintf(stderr, "pdfcheck %s: %ld paragraphs of cells and headings, %ld line ends, %ld inside "
                    "a phrase or name that fitted%s%s\n",
            what, paras, ends, bad, bad ? "; first: " : "", first);
    tu_lib_close(&l);
    ck_assert_int_gt(paras, 10);
    ck_assert_msg(bad == 0, "%s: %ld line ends inside a phrase or name that fitted; first: %s",
                      what, bad, first);
    return bad;
}

START_TEST(phrases_sample) { S_check_phrases(TU_SAMPLE, "sample"); }
END_TEST

START_TEST(phrases_generated) { S_on_generated(12, 40, S_check_phrases); }
END_TEST

/* ---- the inputs ----------------------------------------------------------------- */

/* The word check itself: what it accepts and what it catches. */
START_TEST(word_check_catches_loss_and_disorder)
{
    ad_doc *d = ad_doc_new();
    ad_page pg = ad_page_a4(false);
    ad_doc_section *s = ad_doc_add_section(d, &pg, false);
    ad_add_text(&s->body, AD_PS_NORMAL, AD_ALIGN_LEFT, "令和7年度 監査の結果について");
    int w[2] = {2000, 2000};
    ad_node *tb = ad_add_table(&s->body, 2, w, 1);
    ad_row *r = ad_table_add_row(tb);
    ad_add_text(&ad_row_add_cell(r, 1, 1)->body, AD_PS_TABLE, AD_ALIGN_LEFT, "左のセルの長い文章");
    ad_add_text(&ad_row_add_cell(r, 1, 1)->body, AD_PS_TABLE, AD_ALIGN_LEFT, "右のセル");
    ad_node *p = ad_add_text(&s->body, AD_PS_NORMAL, AD_ALIGN_LEFT, "終わり😀です");
    ad_node_set_marker(p, "(1)");
    /* lines, 和欧間 spaces, a row split across a page with its cells
     * interleaved, a page number inside a word, a hex box for the emoji */
    S_words sw = S_words_of(d, "令和 7 年度\n監査の結果\nについて\n左のセルの\n右のセル\n- 2 -\n"
                               "長い文\n- 3 -\n章\n(1) 終わり[1F600]です",
                            "ok");
    ck_assert_msg(sw.bad == 0, "%s", sw.first_bad);
    ck_assert_int_eq(sw.words, 7);
    sw = S_words_of(d, "令和7年度監査の結果について左のセルの長い文章(1)終わりです", "lost");
    ck_assert_int_eq(sw.bad, 1);
    ck_assert(strstr(sw.first_bad, "\"右のセル\" is missing") != NULL);
    sw = S_words_of(d, "監査の結果について令和7年度左のセルの長い文章右のセル(1)終わりです",
                    "disorder");
    ck_assert_int_eq(sw.bad, 1);
    ck_assert(strstr(sw.first_bad, "\"監査の結果について\" is out of order") != NULL);
    ad_doc_free(d);
}
END_TEST

START_TEST(sample) { S_check_input(TU_SAMPLE, "sample"); }
END_TEST

START_TEST(generated_12x40) { S_on_generated(12, 40, S_check_input); }
END_TEST

START_TEST(generated_40x80) { S_on_generated(40, 80, S_check_input); }
END_TEST

/* The legal extremes of tests/test_extreme.c, generated the same way. */
START_TEST(extremes)
{
    /* a 20,000-character remark and summaries */
    static const char *const phrases[] = {"情報資産の管理状況を確認した", "手順書の整備状況を点検した",
                                          "パスワードの取扱いを確かめた", "媒体の保管場所を調べた"};
    ad_buf b = {0};
    for (int i = 0; i < 900; i++)
        ad_buf_printf(&b, "第%d文、%s%d。", i + 1, phrases[i % 4], i + 1);
    char *text = ad_buf_take(&b);
    rl_gen g1 = {.n_depts = 3, .n_items = 2, .remark = text, .summary = text, .reports = true,
                 .dept_summary = text};
    char *xml = rl_gen_audit(&g1);
    S_check_xml(xml, "long-remark");
    free(xml);
    free(text);
    /* a 60-character department name */
    rl_gen g2 = {.n_depts = 3,
                 .dept_name = "情報政策推進総合調整室デジタル変革戦略企画運用管理保守点検評価改善支援"
                              "業務継続計画策定推進担当特定個人情報保護対策推進課%d",
                 .n_items = 3,
                 .reports = true,
                 .findings = true};
    xml = rl_gen_audit(&g2);
    S_check_xml(xml, "long-name");
    free(xml);
    /* 200 departments */
    rl_gen g3 = {.n_depts = 200, .n_items = 5, .reports = true, .findings = true};
    xml = rl_gen_audit(&g3);
    S_check_xml(xml, "200-departments");
    free(xml);
    /* no findings, one item */
    rl_gen g4 = {.n_depts = 2, .n_items = 1, .reports = true, .findings = false};
    xml = rl_gen_audit(&g4);
    S_check_xml(xml, "one-item");
    free(xml);
    /* characters the fonts lack, astral characters */
    rl_gen g5 = {.n_depts = 2, .n_items = 1, .reports = true,
                 .summary = "前文😀中文𠮷野家後文🏯終わり"};
    xml = rl_gen_audit(&g5);
    S_check_xml(xml, "missing-glyphs");
    free(xml);
    /* markup characters in text and names */
    const char *mk = "A<B>&C ]]> \"引用\" 'single' <![CDATA[x]]> &amp; <!-- no --> <?pi?>";
    rl_gen g6 = {.n_depts = 2, .n_items = 2, .reports = true, .findings = true, .summary = mk,
                 .remark = mk, .dept_name = "]]>&<\"'課%d", .text = mk};
    xml = rl_gen_audit(&g6);
    S_check_xml(xml, "markup");
    free(xml);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pdfcheck");
    TCase *tc = tcase_create("pdfs");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, word_check_catches_loss_and_disorder);
    tcase_add_test(tc, sample);
    tcase_add_test(tc, generated_12x40);
    tcase_add_test(tc, generated_40x80);
    tcase_add_test(tc, extremes);
    suite_add_tcase(s, tc);
    tc = tcase_create("searchable");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, search_check_catches_gaps);
    tcase_add_test(tc, searchable_sample);
    tcase_add_test(tc, searchable_generated);
    tcase_add_test(tc, searchable_missing_glyphs);
    suite_add_tcase(s, tc);
    tc = tcase_create("phrases");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, phrases_sample);
    tcase_add_test(tc, phrases_generated);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
