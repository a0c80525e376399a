/* test_extreme.c — content that is legal but extreme still builds correct
 * documents: a 20,000-character remark and summary (paginated, no text lost,
 * nothing drawn outside its cell or text area), a 60-character department
 * name, 200 departments, no findings anywhere, a checklist with one item,
 * characters the bundled fonts lack (a warning naming the character and
 * where, and a visible fallback), emoji and characters outside the BMP, and
 * `]]>` and markup characters in text.
 *
 * Each case is generated (tests/relutil.h), built with the real binary, and
 * every output is checked: qpdf --check on each PDF, the DOCX against the
 * OOXML schemas (tests/ooxml/validate-docx.sh), the text with pdftotext; and
 * the same documents are typeset through the library with statistics to
 * prove that no line left its cell or the text area (ad_ts_stats). */
#include "compose.h"
#include "load.h"
#include "fsutil.h"
#include "relutil.h"
#include "templates.h"
#include "typeset_int.h"

#include <unicode/ubrk.h>
#include <unicode/utext.h>

/* ---- outputs ---------------------------------------------------------------- */

typedef struct {
    char *dir;      /* the temporary folder */
    char *out;      /* DIR/out */
    char *err;      /* what the build printed on stderr */
} S_built;

static void S_built_free(S_built *b)
{
    tu_rmrf(b->dir);
    free(b->dir);
    free(b->out);
    free(b->err);
}

/* Builds xml with the binary; asserts success and checks every output
 * (qpdf --check for each PDF, the OOXML schemas for packet.docx). */
static S_built S_build(const char *xml)
{
    S_built b = {0};
    b.dir = tu_tmpdir();
    char *in = ad_xasprintf("%s/audit.xml", b.dir);
    ck_assert(tu_write(in, xml));
    free(in);
    /* tests/same_bytes.sh collects these inputs to compare two builds' outputs */
    const char *keep = getenv("AD_TEST_KEEP_INPUTS");
    if (keep && *keep) {
        static int n_kept;
        char *k = ad_xasprintf("%s/extreme-%ld-%d.xml", keep, (long)getpid(), ++n_kept);
        ck_assert(tu_write(k, xml));
        free(k);
    }
    char *argv[] = {TU_AUDITDOC, "build", "-q", "audit.xml", "-o", "out", NULL};
    rl_result r;
    rl_limits lim = {.timeout_s = 120};
    rl_run(b.dir, argv, &lim, &r);
    ck_assert_msg(!r.timed_out && r.sig == 0, "build hangs or crashed (signal %d)\n%.3000s", r.sig,
                  r.err);
    ck_assert_msg(r.status == 0, "build failed (status %d):\n%.3000s", r.status, r.err);
    b.out = ad_xasprintf("%s/out", b.dir);
    b.err = r.err;
    r.err = NULL;
    rl_result_free(&r);

    size_t nf = 0, n = 0;
    char **files = ad_walk_files(b.out, &nf);
    for (size_t i = 0; i < nf; i++) {
        size_t L = strlen(files[i]);
        if (L < 4 || strcmp(files[i] + L - 4, ".pdf") != 0)
            continue;
        char *q = NULL;
        char *path = ad_xasprintf("%s/%s", b.out, files[i]);
        char *qp = rl_shq(path);
        int rc = tu_runf(&q, "qpdf --check %s 2>&1", qp);
        ck_assert_msg(rc == 0, "qpdf --check %s failed:\n%s", files[i], q);
        free(q);
        free(qp);
        free(path);
        n++;
    }
    ad_strv_free(files, nf);
    ck_assert_uint_ge(n, 2);
    char *v = NULL;
    int rc = tu_runf(&v, "'%s/tests/ooxml/validate-docx.sh' '%s/packet.docx' 2>&1", AD_SOURCE_DIR,
                     b.out);
    ck_assert_msg(rc == 0, "packet.docx does not validate:\n%s", v);
    free(v);
    return b;
}

/* The text of a PDF, whitespace removed. */
static char *S_pdf_text(const char *pdf)
{
    char *t = NULL;
    ck_assert_int_eq(tu_runf(&t, "pdftotext -enc UTF-8 '%s' -", pdf), 0);
    char *s = rl_strip_ws(t);
    free(t);
    return s;
}

/* The text of word/document.xml of a DOCX. */
static char *S_docx_xml(const char *docx)
{
    char *t = NULL;
    ck_assert_int_eq(tu_runf(&t, "unzip -p '%s' word/document.xml", docx), 0);
    return t;
}

/* Sentences s[0..n) appear in hay in order; page furniture (running heads,
 * page numbers, repeated table headers) may come between sentences and even
 * inside one at a page break, but never more than 400 bytes of it.  Returns
 * the index of the first sentence not found, or n. */
static size_t S_in_order(const char *hay, char **s, size_t n)
{
    const char *pos = hay;
    for (size_t i = 0; i < n; i++) {
        const char *f = strstr(pos, s[i]);
        if (f && (i == 0 || f - pos <= 400)) {
            pos = f + strlen(s[i]);
            continue;
        }
        /* split at a page break: a prefix here, the rest shortly after */
        bool ok = false;
        size_t L = strlen(s[i]);
        for (size_t k = L - 1; k >= 1 && !ok; k--) { /* longest prefix first */
            if ((s[i][k] & 0xC0) == 0x80)
                continue; /* not at a character boundary */
            char *pre = ad_xstrndup(s[i], k);
            const char *fp = strstr(pos, pre);
            if (fp && (i == 0 || fp - pos <= 400)) {
                const char *fs = strstr(fp + k, s[i] + k);
                if (fs && fs - (fp + k) <= 400) {
                    pos = fs + (L - k);
                    ok = true;
                }
            }
            free(pre);
        }
        if (!ok)
            return i;
    }
    return n;
}

/* n numbered sentences of about 22 characters each: 第N文、…N。 */
static char **S_sentences(size_t n, size_t *total_chars)
{
    static const char *const words[] = {"情報資産の管理状況を確認した", "手順書の整備状況を点検した",
                                        "パスワードの取扱いを確かめた", "媒体の保管場所を調べた"};
    char **v = ad_xcalloc(n, sizeof *v);
    size_t chars = 0;
    for (size_t i = 0; i < n; i++) {
        v[i] = ad_xasprintf("第%zu文、%s%zu。", i + 1, words[i % 4], i + 1);
        chars += ad_utf8_len(v[i]);
    }
    *total_chars = chars;
    return v;
}

static char *S_join(char **v, size_t n)
{
    ad_buf b = {0};
    for (size_t i = 0; i < n; i++)
        ad_buf_puts(&b, v[i]);
    return ad_buf_take(&b);
}

/* ---- typesetting statistics through the library ----------------------------- */

typedef struct {
    ad_audit *a;
    ad_templates *t;
    ad_fonts *f;
    char *tmp;
} S_lib;

static S_lib S_lib_open(const char *xml)
{
    S_lib l = {0};
    ad_diags d;
    ad_diags_init(&d);
    l.a = ad_load_memory(xml, strlen(xml), "audit.xml", &d);
    if (!l.a)
        ad_diags_print(&d, stderr);
    ck_assert_ptr_nonnull(l.a);
    ad_diags_free(&d);
    ad_err e = {0};
    char *td = tu_src("templates"), *fd = tu_src("fonts");
    l.t = ad_templates_load(td, &e);
    ck_assert_msg(l.t != NULL, "%s", e.msg);
    l.f = ad_fonts_load(fd, &e);
    ck_assert_msg(l.f != NULL, "%s", e.msg);
    free(td);
    free(fd);
    l.tmp = tu_tmpdir();
    return l;
}

static void S_lib_close(S_lib *l)
{
    ad_fonts_free(l->f);
    ad_templates_free(l->t);
    ad_audit_free(l->a);
    tu_rmrf(l->tmp);
    free(l->tmp);
}

/* ---- where lines end in cells, headers, titles and headings ------------------ */

typedef struct {
    const ad_doc *d;
    UBreakIterator *bi;
    long cuts;            /* line ends inside a phrase or name that fits on a line */
    char first[600];
} S_breaks;

/* Width in ems: full-width characters one, ASCII half, and a quarter em
 * where full-width text meets a Latin letter or digit (和欧間). */
static double S_ems(const char *s, size_t a, size_t b)
{
    double w = 0;
    int prev = 0;
    for (size_t i = a; i < b;) {
        uint32_t c;
        i += ad_utf8_decode(s + i, b - i, &c);
        bool half = c < 0x1100 || (c >= 0xFF61 && c <= 0xFFDC) || c == 0x2005;
        bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        int kind = half ? (alnum ? 2 : 0) : 1;
        w += half ? 0.5 : 1.0;
        if (kind && prev && kind != prev)
            w += 0.25;
        prev = kind;
    }
    return w;
}

/* ad_ts_stats.on_para: checks each line end of a table cell, header, title
 * or heading against ICU's phrases (ja@lw=phrase), spaces, 、・／ and the
 * document's names (issue 14.2). */
static void S_check_ends(void *ud, int style, const char *text, size_t len, const size_t *ends,
                         size_t n_ends, double box)
{
    S_breaks *c = ud;
    if (style == AD_PS_NORMAL || style == AD_PS_NOTE || n_ends == 0)
        return;
    bool *ok = ad_xcalloc(len + 1, sizeof *ok);
    ok[0] = ok[len] = true;
    UErrorCode st = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, text, (int64_t)len, &st);
    ubrk_setUText(c->bi, ut, &st);
    ck_assert_msg(U_SUCCESS(st), "ICU: %s", u_errorName(st));
    for (int32_t p = ubrk_first(c->bi); p != UBRK_DONE; p = ubrk_next(c->bi))
        ok[p] = true;
    utext_close(ut);
    for (size_t i = 0; i < len;) {
        uint32_t ch;
        i += ad_utf8_decode(text + i, len - i, &ch);
        if (ch == ' ' || ch == 0x2005 || ch == 0x3000 || ch == '\n' || ch == 0x3001 ||
            ch == 0x30FB || ch == 0xFF0F || ch == '/')
            ok[i] = true;
    }
    for (size_t k = 0; k < c->d->n_names; k++) {
        const char *nm = c->d->names[k];
        size_t nl = strlen(nm);
        if (S_ems(nm, 0, nl) > box)
            continue;
        for (const char *p = strstr(text, nm); p; p = strstr(p + 1, nm))
            for (size_t i = 1; i < nl; i++)
                ok[(size_t)(p - text) + i] = false;
    }
    for (size_t k = 0; k < n_ends; k++) {
        size_t e = ends[k], a = e, b = e;
        if (e > len || ok[e])
            continue;
        while (a > 0 && !ok[a])
            a--;
        while (b < len && !ok[b])
            b++;
        if (S_ems(text, a, b) > box + 0.01) /* wider than the line: Pango's breaks */
            continue;
        if (c->cuts++ == 0)
            snprintf(c->first, sizeof c->first, "%.*s｜%.*s (box %.1f em) in \"%.*s\"",
                     (int)(e - a), text + a, (int)(b - e), text + e, box,
                     (int)(len < 150 ? len : 150), text);
    }
    free(ok);
}

/* Typesets d and asserts that nothing overflowed and that its tables
 * paginate by the rules; returns the statistics. */
static ad_ts_stats S_typeset(S_lib *l, ad_doc *d, const char *what)
{
    ck_assert_ptr_nonnull(d);
    char *path = ad_xasprintf("%s/%s.pdf", l->tmp, what);
    ad_ts_stats st;
    memset(&st, 0, sizeof st);
    ad_diags w;
    ad_diags_init(&w);
    ad_err e = {0};
    UErrorCode ue = U_ZERO_ERROR;
    S_breaks br = {.d = d, .bi = ubrk_open(UBRK_LINE, "ja@lw=phrase", NULL, 0, &ue)};
    ck_assert_msg(U_SUCCESS(ue), "ICU: %s", u_errorName(ue));
    st.on_para = S_check_ends;
    st.ud = &br;
    ad_status s = ad_pdf_write_stats(d, l->f, path, &w, &st, &e);
    ubrk_close(br.bi);
    ck_assert_msg(s == AD_OK, "%s: %s", what, e.msg);
    ck_assert_msg(br.cuts == 0, "%s: %ld line(s) of a cell or heading end inside a phrase or "
                  "name that fits on a line, first: %s", what, br.cuts, br.first);
    ck_assert_msg(st.overflows == 0, "%s: %ld line(s) drawn outside their cell or text area",
                  what, st.overflows);
    ck_assert_msg(st.lines > 0 && st.pages > 0, "%s: nothing drawn", what);
    ck_assert_msg(tu_pdf_notdef(path) == 0, "%s: a .notdef (CID 0) was drawn", what);
    /* tables paginate like a typesetter's (issue 14) */
    ck_assert_msg(st.note_starts == 0, "%s: %ld page(s) of a table start with a note row", what,
                  st.note_starts);
    ck_assert_msg(st.short_splits == 0, "%s: %ld page(s) with fewer than two rows of a split table",
                  what, st.short_splits);
    ck_assert_msg(st.kept_splits == 0, "%s: %ld matrix section(s) split although they fit a page",
                  what, st.kept_splits);
    ck_assert_msg(st.headings_alone == 0, "%s: %ld heading(s) left behind by their table", what,
                  st.headings_alone);
    ad_diags_free(&w);
    ad_doc_free(d);
    free(path);
    return st;
}

/* ---- the cases -------------------------------------------------------------- */

/* The sample and generated 12x40 and 40x80 audits (tests/bench/gen_audit):
 * every document typeset through the library passes S_typeset's checks (no
 * .notdef, no table page starting with a note row or holding fewer than two
 * rows of a split, no matrix section split that fits a page, no heading
 * left alone). */
START_TEST(sample_and_generated_pages)
{
    const char *gen[2][2] = {{"12", "40"}, {"40", "80"}};
    for (int i = 0; i < 3; i++) {
        char *xml;
        if (i == 0) {
            xml = tu_read(TU_SAMPLE, NULL);
        } else {
            char *dir = tu_tmpdir();
            char *path = ad_xasprintf("%s/g.xml", dir);
            ck_assert_int_eq(tu_runf(NULL, "'%s/tests/bench/gen_audit' %s %s '%s'", AD_BINARY_DIR,
                                     gen[i - 1][0], gen[i - 1][1], path), 0);
            xml = tu_read(path, NULL);
            tu_rmrf(dir);
            free(dir);
            free(path);
        }
        ck_assert_ptr_nonnull(xml);
        S_lib l = S_lib_open(xml);
        const char *in = i == 0 ? "sample" : i == 1 ? "12x40" : "40x80";
        char what[4][40];
        snprintf(what[0], sizeof what[0], "%s matrix", in);
        snprintf(what[1], sizeof what[1], "%s packet", in);
        snprintf(what[2], sizeof what[2], "%s first department", in);
        snprintf(what[3], sizeof what[3], "%s last department", in);
        ad_ts_stats st = S_typeset(&l, ad_compose_matrix_doc(l.a, l.t), what[0]);
        if (i == 0) /* the reference's 結果一覧: I+II, then III+IV, a legend on each */
            ck_assert_int_eq(st.pages, 2);
        S_typeset(&l, ad_compose_packet(l.a, l.t), what[1]);
        S_typeset(&l, ad_compose_dept_doc(l.a, 0, l.t), what[2]);
        S_typeset(&l, ad_compose_dept_doc(l.a, l.a->n_departments - 1, l.t), what[3]);
        S_lib_close(&l);
        free(xml);
    }
}
END_TEST

/* A 20,000-character remark (inside a table cell of the narrative table and
 * a matrix cell) and a 20,000-character report summary. */
START_TEST(long_remark_and_summary)
{
    size_t chars = 0, n = 900;
    char **sent = S_sentences(n, &chars);
    ck_assert_uint_ge(chars, 20000);
    char *text = S_join(sent, n);
    rl_gen g = {.n_depts = 3, .n_items = 2, .remark = text, .summary = text, .reports = true,
                .dept_summary = text};
    char *xml = rl_gen_audit(&g);
    S_built b = S_build(xml);
    char *pdf = ad_xasprintf("%s/packet.pdf", b.out);
    char *got = S_pdf_text(pdf);
    /* the summary once, each item's remark, each department's summary: all of it, in order */
    size_t at = S_in_order(got, sent, n);
    ck_assert_msg(at == n, "packet.pdf lost text at sentence %zu: %s", at, at < n ? sent[at] : "");
    ck_assert_msg(tu_count(got, sent[n - 1]) >= 3, "the long text is not printed in every place "
                  "(%zu times)", tu_count(got, sent[n - 1]));
    free(got);
    free(pdf);
    char *dept = NULL;
    tu_runf(&dept, "ls '%s/departments' | head -1", b.out);
    ck_assert_ptr_nonnull(dept);
    dept[strcspn(dept, "\n")] = '\0';
    pdf = ad_xasprintf("%s/departments/%s", b.out, dept);
    got = S_pdf_text(pdf);
    at = S_in_order(got, sent, n);
    ck_assert_msg(at == n, "%s lost text at sentence %zu", dept, at);
    free(got);
    free(pdf);
    free(dept);
    /* the DOCX holds all of it too */
    char *docx = ad_xasprintf("%s/packet.docx", b.out);
    char *dx = S_docx_xml(docx);
    for (size_t i = 0; i < n; i += 97)
        ck_assert_msg(strstr(dx, sent[i]), "packet.docx lacks %s", sent[i]);
    ck_assert_msg(strstr(dx, sent[n - 1]), "packet.docx lacks the last sentence");
    free(dx);
    free(docx);

    S_lib l = S_lib_open(xml);
    ad_ts_stats st = S_typeset(&l, ad_compose_packet(l.a, l.t), "packet");
    ck_assert_msg(st.pages >= 10, "20,000 characters three times on only %d pages", st.pages);
    S_typeset(&l, ad_compose_matrix_doc(l.a, l.t), "matrix");
    st = S_typeset(&l, ad_compose_dept_doc(l.a, 0, l.t), "dept");
    ck_assert_int_ge(st.pages, 2);
    S_lib_close(&l);

    S_built_free(&b);
    free(xml);
    free(text);
    ad_strv_free(sent, n);
}
END_TEST

/* A 60-character department name: printed whole, its PDF's file name fits. */
START_TEST(long_department_name)
{
    /* 60 characters: 59 kanji/kana + 課 */
    const char *name60 = "情報政策推進総合調整室デジタル変革戦略企画運用管理保守点検評価改善支援"
                         "業務継続計画策定推進担当特定個人情報保護対策推進課";
    ck_assert_uint_eq(ad_utf8_len(name60), 60);
    char *fmt = ad_xasprintf("%s%%d", name60);
    rl_gen g = {.n_depts = 3, .dept_name = fmt, .n_items = 3, .reports = true, .findings = true};
    char *xml = rl_gen_audit(&g);
    S_built b = S_build(xml);
    char *full = ad_xasprintf("%s1", name60);
    char *pdf = ad_xasprintf("%s/packet.pdf", b.out);
    char *got = S_pdf_text(pdf);
    ck_assert_msg(strstr(got, full), "packet.pdf does not print the whole 60-character name");
    free(got);
    free(pdf);
    char *ls = NULL;
    tu_runf(&ls, "ls '%s/departments'", b.out);
    ck_assert_msg(ls && tu_count(ls, ".pdf") == 3, "department PDFs:\n%s", ls);
    ck_assert_msg(strstr(ls, name60), "the file name lost the name: %s", ls);
    free(ls);
    S_lib l = S_lib_open(xml);
    S_typeset(&l, ad_compose_packet(l.a, l.t), "packet");
    S_typeset(&l, ad_compose_matrix_doc(l.a, l.t), "matrix");
    S_typeset(&l, ad_compose_dept_doc(l.a, 0, l.t), "dept");
    S_lib_close(&l);
    S_built_free(&b);
    free(full);
    free(xml);
    free(fmt);
}
END_TEST

/* 200 departments, each with a report. */
START_TEST(two_hundred_departments)
{
    rl_gen g = {.n_depts = 200, .n_items = 5, .reports = true, .findings = true};
    char *xml = rl_gen_audit(&g);
    S_built b = S_build(xml);
    char *ls = NULL;
    tu_runf(&ls, "ls '%s/departments' | wc -l", b.out);
    ck_assert_int_eq(atoi(ls), 200);
    free(ls);
    char *p = ad_xasprintf("%s/departments/200_部署200課.pdf", b.out);
    ck_assert_msg(ad_exists(p), "no %s", p);
    free(p);
    char *pdf = ad_xasprintf("%s/matrix.pdf", b.out);
    char *got = S_pdf_text(pdf);
    ck_assert_msg(strstr(got, "課200"), "the matrix lost department 200");
    free(got);
    free(pdf);
    pdf = ad_xasprintf("%s/packet.pdf", b.out);
    got = S_pdf_text(pdf);
    ck_assert_msg(strstr(got, "部署1課") && strstr(got, "部署200課"), "packet lost departments");
    free(got);
    free(pdf);
    S_lib l = S_lib_open(xml);
    S_typeset(&l, ad_compose_matrix_doc(l.a, l.t), "matrix");
    S_typeset(&l, ad_compose_packet(l.a, l.t), "packet");
    S_typeset(&l, ad_compose_dept_doc(l.a, 199, l.t), "dept200");
    S_lib_close(&l);
    S_built_free(&b);
    free(xml);
}
END_TEST

/* No findings anywhere and a checklist with one item. */
START_TEST(no_findings_one_item)
{
    rl_gen g = {.n_depts = 2, .n_items = 1, .reports = true, .findings = false};
    char *xml = rl_gen_audit(&g);
    S_built b = S_build(xml);
    char *pdf = ad_xasprintf("%s/departments/01_部署1課.pdf", b.out);
    char *got = S_pdf_text(pdf);
    ck_assert_msg(strstr(got, "なし"), "a report with no findings does not say なし");
    free(got);
    free(pdf);
    pdf = ad_xasprintf("%s/packet.pdf", b.out);
    got = S_pdf_text(pdf);
    ck_assert_msg(strstr(got, "監査項目その1"), "the one item is missing");
    free(got);
    free(pdf);
    S_lib l = S_lib_open(xml);
    S_typeset(&l, ad_compose_packet(l.a, l.t), "packet");
    S_typeset(&l, ad_compose_matrix_doc(l.a, l.t), "matrix");
    S_lib_close(&l);
    S_built_free(&b);
    free(xml);
}
END_TEST

/* Characters the fonts lack, emoji, outside the BMP: a warning that names
 * each one and where it is, a visible fallback, nothing lost around them. */
START_TEST(missing_glyphs_and_astral)
{
    const char *text = "前文😀中文𠮷野家後文🏯終わり";
    rl_gen g = {.n_depts = 2, .n_items = 1, .reports = true, .summary = text};
    char *xml = rl_gen_audit(&g);
    S_built b = S_build(xml);
    /* each character the fonts lack is named, with its code and where */
    static const char *const cps[] = {"U+1F600", "U+1F3EF"};
    for (size_t i = 0; i < 2; i++) {
        ck_assert_msg(strstr(b.err, cps[i]), "no warning names %s:\n%s", cps[i], b.err);
        ck_assert_msg(strstr(b.err, "warning"), "%s", b.err);
    }
    ck_assert_msg(strstr(b.err, "前文"), "the warning does not say where:\n%s", b.err);
    /* once, although the packet and the department PDF both show the text */
    ck_assert_msg(tu_count(b.err, "U+1F600") == 1, "warned more than once:\n%s", b.err);
    /* the fallback is visible: the code is printed in the box */
    char *pdf = ad_xasprintf("%s/packet.pdf", b.out);
    char *got = S_pdf_text(pdf);
    ck_assert_msg(strstr(got, "前文") && strstr(got, "中文") && strstr(got, "後文") &&
                      strstr(got, "終わり"),
                  "text around the missing characters was lost");
    ck_assert_msg(strstr(got, "1F600") || strstr(got, "😀"),
                  "no visible fallback for U+1F600 in the PDF text");
    free(got);
    free(pdf);
    /* the DOCX carries the characters themselves (Word substitutes fonts) */
    char *docx = ad_xasprintf("%s/packet.docx", b.out);
    char *dx = S_docx_xml(docx);
    ck_assert_msg(strstr(dx, "😀") && strstr(dx, "𠮷") && strstr(dx, "🏯"),
                  "packet.docx lost characters outside the BMP");
    free(dx);
    free(docx);
    /* and the library reports it too */
    S_lib l = S_lib_open(xml);
    ad_doc *d = ad_compose_packet(l.a, l.t);
    char *path = ad_xasprintf("%s/p.pdf", l.tmp);
    ad_diags w;
    ad_diags_init(&w);
    ad_err e = {0};
    ck_assert_int_eq(ad_pdf_write(d, l.f, path, &w, &e), AD_OK);
    ck_assert_uint_ge(w.n_warnings, 2);
    ad_diags_free(&w);
    ad_doc_free(d);
    free(path);
    S_lib_close(&l);
    S_built_free(&b);
    free(xml);
}
END_TEST

/* ]]>, <, >, &, quotes and a CDATA-looking string in text, names and titles. */
START_TEST(markup_in_text)
{
    const char *text = "A<B>&C ]]> \"引用\" 'single' <![CDATA[x]]> &amp; <!-- no --> <?pi?>";
    char *name = ad_xasprintf("%s課%%d", "]]>&<\"'");
    rl_gen g = {.n_depts = 2, .n_items = 2, .reports = true, .findings = true, .summary = text,
                .remark = text, .dept_name = name, .text = text};
    char *xml = rl_gen_audit(&g);
    S_built b = S_build(xml);
    char *pdf = ad_xasprintf("%s/packet.pdf", b.out);
    char *got = S_pdf_text(pdf);
    char *want = rl_strip_ws(text);
    ck_assert_msg(strstr(got, want), "packet.pdf does not print the text literally");
    ck_assert_msg(strstr(got, "]]>&<\"'課1"), "the department name is not printed literally");
    free(want);
    free(got);
    free(pdf);
    /* the DOCX is well-formed (validated in S_build) and holds the text escaped */
    char *docx = ad_xasprintf("%s/packet.docx", b.out);
    char *dx = S_docx_xml(docx);
    ck_assert_msg(strstr(dx, "A&lt;B&gt;&amp;C ]]&gt;") || strstr(dx, "A&lt;B>&amp;C ]]>"),
                  "packet.docx does not hold the escaped text");
    free(dx);
    free(docx);
    /* every department PDF's file name is safe */
    char *ls = NULL;
    tu_runf(&ls, "ls '%s/departments'", b.out);
    ck_assert_msg(ls && !strpbrk(ls, "<>\"") && tu_count(ls, ".pdf") == 2,
                  "unsafe department file names:\n%s", ls);
    free(ls);
    S_built_free(&b);
    free(xml);
    free(name);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("test_extreme");
    TCase *tc = tcase_create("extreme");
    tcase_add_test(tc, sample_and_generated_pages);
    tcase_add_test(tc, long_remark_and_summary);
    tcase_add_test(tc, long_department_name);
    tcase_add_test(tc, two_hundred_departments);
    tcase_add_test(tc, no_findings_one_item);
    tcase_add_test(tc, missing_glyphs_and_astral);
    tcase_add_test(tc, markup_in_text);
    tcase_set_timeout(tc, 0);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
