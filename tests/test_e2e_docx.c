/* test_e2e_docx.c — the sample's packet.docx, end to end (issue 5 "Done when").
 *
 * Builds the sample twice with the auditdoc binary, then:
 * - every part validates against ECMA-376 (tests/ooxml/validate-docx.sh);
 * - the two builds give identical bytes;
 * - document.xml says exactly what the document tree says, in order (every
 *   paragraph and every table cell), and the tree's tables are the docx's
 *   tables cell for cell;
 * - from the model itself: every narrative list (適正に実施している課 /
 *   改善が必要な課) is in a table cell, every mark of the matrix is in its
 *   item's row, in department order;
 * - the landscape section holds the matrix, header rows repeat, East Asian
 *   fonts and language are set, the footer has a PAGE field;
 * - LibreOffice opens it: its PDF holds every heading, every table cell's
 *   text and every department report. */
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "compose.h"
#include "docx_int.h"
#include "load.h"
#include "templates.h"
#include "testutil.h"
#include "util.h"
#include "views.h"

static char *S_dir;       /* temporary folder */
static char *S_docx;      /* DIR/a/packet.docx */
static char *S_docx2;     /* DIR/b/packet.docx */
static ad_audit *S_audit;
static ad_templates *S_tpl;
static ad_doc *S_tree;

/* ---- helpers ---------------------------------------------------------------------*/

static char *S_part(const char *docx, const char *name)
{
    char *data = tu_zip_part(docx, name);
    ck_assert_msg(data != NULL, "%s has no %s", docx, name);
    return data;
}

typedef struct {
    xmlDocPtr doc;
    xmlXPathContextPtr ctx;
} S_xml;

static S_xml S_open(const char *xml)
{
    S_xml x;
    x.doc = xmlReadMemory(xml, (int)strlen(xml), "part.xml", NULL, XML_PARSE_NONET);
    ck_assert_ptr_nonnull(x.doc);
    x.ctx = xmlXPathNewContext(x.doc);
    xmlXPathRegisterNs(x.ctx, BAD_CAST "w", BAD_CAST AD_NS_W);
    return x;
}

static void S_close(S_xml *x)
{
    xmlXPathFreeContext(x->ctx);
    xmlFreeDoc(x->doc);
}

static double S_num(S_xml *x, const char *expr)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, x->ctx);
    ck_assert_msg(o != NULL, "bad XPath %s", expr);
    double v = xmlXPathCastToNumber(o);
    xmlXPathFreeObject(o);
    return v;
}

static xmlXPathObjectPtr S_nodes(S_xml *x, xmlNodePtr at, const char *expr)
{
    x->ctx->node = at;
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, x->ctx);
    ck_assert_msg(o != NULL && o->type == XPATH_NODESET, "bad XPath %s", expr);
    return o;
}

/* Appends s without ASCII white space (line breaks, wrapping and tabs differ
 * between the tree, the docx and a PDF; the characters must not). */
static void S_put_stripped(ad_buf *b, const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r')
            ad_buf_putc(b, *s);
}

static char *S_stripped(const char *s)
{
    ad_buf b = {0};
    ad_buf_puts(&b, "");
    S_put_stripped(&b, s);
    return ad_buf_take(&b);
}

/* The text of every w:t below n, stripped. */
static char *S_node_text(S_xml *x, xmlNodePtr n)
{
    ad_buf b = {0};
    ad_buf_puts(&b, "");
    /* hidden runs are outline entries (次第, a department's name), not text */
    xmlXPathObjectPtr o = S_nodes(x, n, ".//w:t[not(../w:rPr/w:vanish)]");
    for (int i = 0; o->nodesetval && i < o->nodesetval->nodeNr; i++) {
        xmlChar *t = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
        S_put_stripped(&b, (const char *)t);
        xmlFree(t);
    }
    xmlXPathFreeObject(o);
    return ad_buf_take(&b);
}

/* ---- the tree's text ---------------------------------------------------------------*/

static void S_tree_text(ad_buf *b, const ad_nodes *body);

/* The label of a numbered paragraph: its marker, or the number typed at the
 * start of its text (up to the space); NULL for none.  *skip: bytes of the
 * first run it takes. */
static const char *S_label(const ad_node *p, char *buf, size_t n, size_t *skip)
{
    *skip = 0;
    if (p->marker && *p->marker)
        return p->marker;
    if (!p->number_in_text || !p->n_runs || !p->runs[0].text)
        return NULL;
    const char *sp = strchr(p->runs[0].text, ' ');
    if (!sp || (size_t)(sp - p->runs[0].text) >= n)
        return NULL;
    memcpy(buf, p->runs[0].text, (size_t)(sp - p->runs[0].text));
    buf[sp - p->runs[0].text] = '\0';
    *skip = (size_t)(sp - p->runs[0].text) + 1;
    return buf;
}

/* A paragraph's text without its label (Word prints that from numbering.xml;
 * test lists_are_numbering checks it). */
static void S_para_text(ad_buf *b, const ad_node *p)
{
    char buf[64];
    size_t skip = 0;
    S_label(p, buf, sizeof buf, &skip);
    for (size_t i = 0; i < p->n_runs; i++)
        S_put_stripped(b, p->runs[i].text ? p->runs[i].text + (i == 0 ? skip : 0) : NULL);
}

/* Every label of the tree, in document order, one a line. */
static void S_tree_labels(ad_buf *b, const ad_nodes *body)
{
    for (size_t i = 0; i < body->n; i++) {
        const ad_node *n = body->v[i];
        char buf[64];
        size_t skip;
        const char *l = n->kind == AD_NODE_PARA ? S_label(n, buf, sizeof buf, &skip) : NULL;
        if (l) {
            ad_buf_puts(b, l);
            ad_buf_putc(b, '\n');
        }
        if (n->kind == AD_NODE_TABLE)
            for (size_t r = 0; r < n->n_rows; r++)
                for (size_t c = 0; c < n->rows[r].n; c++)
                    S_tree_labels(b, &n->rows[r].cells[c].body);
    }
}

static void S_cell_text(ad_buf *b, const ad_cell *c) { S_tree_text(b, &c->body); }

static void S_tree_text(ad_buf *b, const ad_nodes *body)
{
    for (size_t i = 0; i < body->n; i++) {
        const ad_node *n = body->v[i];
        if (n->kind == AD_NODE_PARA)
            S_para_text(b, n);
        else if (n->kind == AD_NODE_TABLE)
            for (size_t r = 0; r < n->n_rows; r++)
                for (size_t c = 0; c < n->rows[r].n; c++)
                    S_cell_text(b, &n->rows[r].cells[c]);
    }
}

/* Every table of the tree in document (pre-)order. */
static void S_tables(const ad_nodes *body, const ad_node ***v, size_t *n, size_t *cap)
{
    for (size_t i = 0; i < body->n; i++) {
        const ad_node *t = body->v[i];
        if (t->kind != AD_NODE_TABLE)
            continue;
        AD_VEC_PUSH(*v, *n, *cap) = t;
        for (size_t r = 0; r < t->n_rows; r++)
            for (size_t c = 0; c < t->rows[r].n; c++)
                S_tables(&t->rows[r].cells[c].body, v, n, cap);
    }
}

/* True when needle occurs in hay, or — for table cells, whose lines
 * pdftotext interleaves with the lines of the cells beside them — when its
 * characters occur in order within a stretch of hay at most four times its
 * length. */
static bool S_in_text(const char *hay, const char *needle)
{
    if (strstr(hay, needle))
        return true;
    size_t nlen = strlen(needle);
    uint32_t cp;
    size_t k1 = ad_utf8_decode(needle, nlen, &cp);
    for (const char *p = hay; *p; p++) {
        if (strncmp(p, needle, k1) != 0)
            continue;
        const char *h = p + k1, *limit = p + 4 * nlen;
        size_t i = k1;
        while (i < nlen && *h && h < limit) {
            size_t k = ad_utf8_decode(needle + i, nlen - i, &cp);
            if (strncmp(h, needle + i, k) == 0) {
                i += k;
                h += k;
            } else {
                h++;
            }
        }
        if (i == nlen)
            return true;
    }
    return false;
}

/* ---- tests -------------------------------------------------------------------------*/

START_TEST(validates)
{
    char *out = NULL;
    int rc = tu_runf(&out, "'%s/tests/ooxml/validate-docx.sh' '%s' 2>&1", AD_SOURCE_DIR, S_docx);
    ck_assert_msg(rc == 0 && tu_count(out, "FAIL ") == 0 && strstr(out, "RESULT: OK"),
                  "validate-docx.sh (rc %d):\n%s", rc, out);
    ck_assert_int_ge(tu_count(out, "OK    "), 10);
    free(out);
}
END_TEST

START_TEST(same_bytes_twice)
{
    size_t la = 0, lb = 0;
    char *a = tu_read(S_docx, &la), *b = tu_read(S_docx2, &lb);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_gt(la, 5000);
    ck_assert_uint_eq(la, lb);
    ck_assert_int_eq(memcmp(a, b, la), 0);
    free(a);
    free(b);
}
END_TEST

START_TEST(text_equals_tree)
{
    char *xml = S_part(S_docx, "word/document.xml");
    S_xml x = S_open(xml);
    ad_buf want = {0};
    ad_buf_puts(&want, "");
    for (size_t s = 0; s < S_tree->n_sections; s++)
        S_tree_text(&want, &S_tree->sections[s].body);
    char *got = S_node_text(&x, xmlDocGetRootElement(x.doc));
    ck_assert_uint_gt(want.len, 5000);
    if (strcmp(got, want.s) != 0) {
        size_t i = 0;
        while (got[i] && got[i] == want.s[i])
            i++;
        ck_abort_msg("document.xml differs from the tree at byte %zu:\n docx: %.120s\n tree: %.120s",
                     i, got + (i > 30 ? i - 30 : 0), want.s + (i > 30 ? i - 30 : 0));
    }
    free(got);
    ad_buf_free(&want);
    S_close(&x);
    free(xml);
}
END_TEST

/* Every bullet and numbered paragraph of the tree is a numbered paragraph in
 * the DOCX, and Word's label (numbering.xml, as tests/docx_outline.py renders
 * it) is the tree's, in order; no label is left as typed text. */
START_TEST(lists_are_numbering)
{
    ad_buf want = {0};
    ad_buf_puts(&want, "");
    for (size_t s = 0; s < S_tree->n_sections; s++)
        S_tree_labels(&want, &S_tree->sections[s].body);
    char *got = NULL;
    int rc = tu_runf(&got, "/usr/bin/python3 '%s/tests/docx_outline.py' --labels '%s' 2>&1",
                     AD_SOURCE_DIR, S_docx);
    ck_assert_msg(rc == 0, "%s", got);
    ck_assert_uint_ge(tu_count(want.s, "\n"), 40);
    ck_assert_str_eq(got, want.s);
    free(got);
    ad_buf_free(&want);
    char *xml = S_part(S_docx, "word/document.xml");
    S_xml x = S_open(xml);
    /* no typed marker and tab before the text of a numbered paragraph */
    ck_assert_int_eq(S_num(&x, "count(//w:p[w:pPr/w:numPr]/w:r[1][w:tab])"), 0);
    S_close(&x);
    free(xml);
    xml = S_part(S_docx, "word/numbering.xml");
    x = S_open(xml);
    /* ・ at two indents: the report's criteria, the free-mail document */
    ck_assert_int_eq(S_num(&x, "count(//w:abstractNum[.//w:lvlText/@w:val='・'])"), 2);
    ck_assert_int_eq(S_num(&x, "count(//w:abstractNum[.//w:lvlText/@w:val='(%1)'][.//w:suff/@w:val='space'])"), 1);
    /* one list kind per label form (1, (1), ・, ●, ア. …), defined once */
    ck_assert_int_eq(S_num(&x, "count(//w:abstractNum[.//w:lvlText/@w:val='(%1)'][.//w:suff/@w:val='tab'])"), 1);
    /* 1 2 3: the report's headings and the agenda's items (another indent) */
    ck_assert_int_eq(S_num(&x, "count(//w:abstractNum[.//w:lvlText/@w:val='%1'][.//w:suff/@w:val='space'])"), 2);
    ck_assert_int_ge(S_num(&x, "count(//w:num)"), 10);
    S_close(&x);
    free(xml);
}
END_TEST

START_TEST(tables_equal_tree)
{
    char *xml = S_part(S_docx, "word/document.xml");
    S_xml x = S_open(xml);
    const ad_node **tv = NULL;
    size_t nt = 0, cap = 0;
    for (size_t s = 0; s < S_tree->n_sections; s++)
        S_tables(&S_tree->sections[s].body, &tv, &nt, &cap);
    ck_assert_uint_ge(nt, 3);
    xmlXPathObjectPtr tbls = S_nodes(&x, xmlDocGetRootElement(x.doc), "//w:tbl");
    ck_assert_int_eq(tbls->nodesetval->nodeNr, (int)nt);
    for (size_t k = 0; k < nt; k++) {
        const ad_node *t = tv[k];
        xmlNodePtr tbl = tbls->nodesetval->nodeTab[k];
        xmlXPathObjectPtr rows = S_nodes(&x, tbl, "w:tr");
        ck_assert_int_eq(rows->nodesetval->nodeNr, (int)t->n_rows);
        xmlXPathObjectPtr grid = S_nodes(&x, tbl, "w:tblGrid/w:gridCol");
        ck_assert_int_eq(grid->nodesetval->nodeNr, t->n_cols);
        xmlXPathFreeObject(grid);
        xmlXPathObjectPtr hdr = S_nodes(&x, tbl, "w:tr[w:trPr/w:tblHeader]");
        ck_assert_int_eq(hdr->nodesetval->nodeNr,
                         t->header_rows < (int)t->n_rows ? t->header_rows : (int)t->n_rows);
        xmlXPathFreeObject(hdr);
        for (size_t r = 0; r < t->n_rows; r++) {
            /* the cells the tree has: all but the vMerge continuations */
            xmlXPathObjectPtr cells = S_nodes(
                &x, rows->nodesetval->nodeTab[r],
                "w:tc[not(w:tcPr/w:vMerge) or w:tcPr/w:vMerge/@w:val='restart']");
            ck_assert_msg(cells->nodesetval && cells->nodesetval->nodeNr == (int)t->rows[r].n,
                          "table %zu row %zu: %d cells, the tree has %zu", k, r,
                          cells->nodesetval ? cells->nodesetval->nodeNr : 0, t->rows[r].n);
            for (size_t c = 0; c < t->rows[r].n; c++) {
                ad_buf b = {0};
                ad_buf_puts(&b, "");
                S_cell_text(&b, &t->rows[r].cells[c]);
                char *got = S_node_text(&x, cells->nodesetval->nodeTab[c]);
                ck_assert_msg(strcmp(got, b.s) == 0, "table %zu row %zu cell %zu: \"%s\" != \"%s\"",
                              k, r, c, got, b.s);
                free(got);
                ad_buf_free(&b);
            }
            xmlXPathFreeObject(cells);
        }
        xmlXPathFreeObject(rows);
    }
    xmlXPathFreeObject(tbls);
    free(tv);
    S_close(&x);
    free(xml);
}
END_TEST

/* All rows of the docx as arrays of stripped cell texts (continuations skipped). */
typedef struct {
    char **cells;
    size_t n;
} S_row;

static S_row *S_rows(S_xml *x, size_t *n_rows)
{
    xmlXPathObjectPtr rows = S_nodes(x, xmlDocGetRootElement(x->doc), "//w:tr");
    int nr = rows->nodesetval ? rows->nodesetval->nodeNr : 0;
    S_row *v = ad_xcalloc((size_t)nr + 1, sizeof *v);
    for (int r = 0; r < nr; r++) {
        xmlXPathObjectPtr cells = S_nodes(x, rows->nodesetval->nodeTab[r],
                                          "w:tc[not(w:tcPr/w:vMerge) or w:tcPr/w:vMerge/@w:val='restart']");
        int nc = cells->nodesetval ? cells->nodesetval->nodeNr : 0;
        v[r].cells = ad_xcalloc((size_t)nc + 1, sizeof *v[r].cells);
        v[r].n = (size_t)nc;
        for (int c = 0; c < nc; c++)
            v[r].cells[c] = S_node_text(x, cells->nodesetval->nodeTab[c]);
        xmlXPathFreeObject(cells);
    }
    xmlXPathFreeObject(rows);
    *n_rows = (size_t)nr;
    return v;
}

static void S_rows_free(S_row *v, size_t n)
{
    for (size_t r = 0; r < n; r++) {
        for (size_t c = 0; c < v[r].n; c++)
            free(v[r].cells[c]);
        free(v[r].cells);
    }
    free(v);
}

START_TEST(narrative_lists_from_model)
{
    char *xml = S_part(S_docx, "word/document.xml");
    S_xml x = S_open(xml);
    size_t nr = 0;
    S_row *rows = S_rows(&x, &nr);
    size_t checked = 0;
    for (size_t k = 0; k < S_audit->n_checklists; k++) {
        const ad_checklist *cl = &S_audit->checklists[k];
        if (!(cl->layout & AD_LAYOUT_NARRATIVE))
            continue;
        for (size_t s = 0; s < cl->n_sections; s++)
            for (size_t i = 0; i < cl->sections[s].n_items; i++) {
                const ad_item *it = &cl->sections[s].items[i];
                ad_narrative nv = ad_narrative_of(S_audit, it);
                char *ok = ad_dept_names_join(S_audit, nv.ok, nv.n_ok, "、", "");
                char *ng = ad_dept_names_join(S_audit, nv.ng, nv.n_ng, "、", "");
                char *sok = S_stripped(ok), *sng = S_stripped(ng), *stext = S_stripped(it->text);
                /* the item's narrative row: its text, then the two lists */
                bool found = false;
                for (size_t r = 0; r < nr && !found; r++) {
                    if (rows[r].n < 3 || !strstr(rows[r].cells[0], stext))
                        continue;
                    found = (!*sok || strcmp(rows[r].cells[1], sok) == 0) &&
                            (!*sng || strcmp(rows[r].cells[2], sng) == 0);
                }
                ck_assert_msg(found, "no narrative row for \"%s\" with ok=\"%s\" ng=\"%s\"", it->text,
                              ok, ng);
                checked++;
                free(sok);
                free(sng);
                free(stext);
                free(ok);
                free(ng);
                ad_narrative_free(&nv);
            }
    }
    ck_assert_uint_ge(checked, 10);
    S_rows_free(rows, nr);
    S_close(&x);
    free(xml);
}
END_TEST

/* Dashes are printed in several forms (-, −, －, ‐); the others exactly. */
static bool S_mark_is(const char *cell, ad_mark m)
{
    const char *sym = ad_mark_symbol(m);
    if (strcmp(sym, "-") == 0)
        return strcmp(cell, "-") == 0 || strcmp(cell, "−") == 0 || strcmp(cell, "－") == 0 ||
               strcmp(cell, "‐") == 0 || strcmp(cell, "ー") == 0;
    return strcmp(cell, sym) == 0;
}

START_TEST(matrix_marks_from_model)
{
    char *xml = S_part(S_docx, "word/document.xml");
    S_xml x = S_open(xml);
    size_t nr = 0;
    S_row *rows = S_rows(&x, &nr);
    size_t nd = S_audit->n_departments, checked = 0;
    for (size_t k = 0; k < S_audit->n_checklists; k++) {
        const ad_checklist *cl = &S_audit->checklists[k];
        if (!(cl->layout & AD_LAYOUT_MATRIX))
            continue;
        for (size_t s = 0; s < cl->n_sections; s++)
            for (size_t i = 0; i < cl->sections[s].n_items; i++) {
                const ad_item *it = &cl->sections[s].items[i];
                char *stext = S_stripped(it->text);
                bool found = false;
                for (size_t r = 0; r < nr && !found; r++) {
                    if (rows[r].n < nd + 1 || !strstr(rows[r].cells[0], stext))
                        continue;
                    size_t first = rows[r].n - nd;
                    bool all = true;
                    for (size_t d = 0; d < nd && all; d++)
                        all = S_mark_is(rows[r].cells[first + d], it->marks[d]);
                    found = all;
                }
                ck_assert_msg(found, "no matrix row for \"%s\" with its %zu marks", it->text, nd);
                checked++;
                free(stext);
            }
    }
    ck_assert_uint_ge(checked, 10);
    S_rows_free(rows, nr);
    S_close(&x);
    free(xml);
}
END_TEST

START_TEST(word_conventions)
{
    char *xml = S_part(S_docx, "word/document.xml");
    S_xml x = S_open(xml);
    /* A4 sections, one landscape section holding the matrix */
    ck_assert_int_ge(S_num(&x, "count(//w:sectPr)"), 3);
    ck_assert_int_eq(S_num(&x, "count(//w:sectPr/w:pgSz[not((@w:w='11906' and @w:h='16838') or (@w:w='16838' and @w:h='11906'))])"), 0);
    ck_assert_int_ge(S_num(&x, "count(//w:sectPr/w:pgSz[@w:orient='landscape' and @w:w='16838'])"), 1);
    ck_assert_int_ge(S_num(&x, "count(//w:p[w:pPr/w:sectPr/w:pgSz/@w:orient='landscape']/preceding::w:tbl)"), 1);
    ck_assert_int_eq(S_num(&x, "count(//w:sectPr[not(w:docGrid[@w:type='lines'])])"), 0);
    /* every table: fixed layout, a grid, repeated header rows */
    double nt = S_num(&x, "count(//w:tbl)");
    ck_assert_int_ge(nt, 3);
    ck_assert_int_eq(S_num(&x, "count(//w:tbl[w:tblPr/w:tblLayout/@w:type='fixed'][w:tblGrid])"), nt);
    const ad_node **tv = NULL;
    size_t ntree = 0, cap = 0, with_header = 0;
    for (size_t s = 0; s < S_tree->n_sections; s++)
        S_tables(&S_tree->sections[s].body, &tv, &ntree, &cap);
    for (size_t k = 0; k < ntree; k++)
        with_header += tv[k]->header_rows > 0;
    free(tv);
    ck_assert_uint_ge(with_header, 3);
    ck_assert_int_eq(S_num(&x, "count(//w:tbl[w:tr[1]/w:trPr/w:tblHeader])"), with_header);
    /* navigation pane: heading styles */
    ck_assert_int_ge(S_num(&x, "count(//w:pStyle[@w:val='Heading2'])"), 2);
    ck_assert_int_ge(S_num(&x, "count(//w:pStyle[@w:val='Heading3'])"), 2);
    ck_assert_int_eq(S_num(&x, "count(//w:pStyle[@w:val='Heading1'])"), 0);
    /* styles carry indents and alignment: direct ones are the exception */
    ck_assert_int_le(S_num(&x, "count(//w:pPr/w:ind)"), 10);
    ck_assert_int_le(S_num(&x, "count(//w:pPr/w:jc)"), 20);
    ck_assert_int_ge(S_num(&x, "count(//w:pStyle[starts-with(@w:val, 'BodyText')])"), 20);
    /* the agenda is spaced without empty paragraphs: its items carry the
     * PDF's blank lines as space before (two, then one empty 10.5 pt line,
     * less the 2.1 pt Word adds below the line above) */
    ck_assert_int_eq(S_num(&x, "count(/w:document/w:body/w:p[not(.//w:t)][not(w:pPr/w:sectPr)]"
                               "[following-sibling::w:p[1][contains(., 'フリーメール')]])"), 0);
    ck_assert_int_eq(S_num(&x, "count(//w:p[w:pPr/w:spacing/@w:before='378'][w:pPr/w:numPr])"), 1);
    ck_assert_int_ge(S_num(&x, "count(//w:p[w:pPr/w:spacing/@w:before='168'][w:pPr/w:numPr])"), 2);
    /* no space before a title at the top of its page */
    ck_assert_int_ge(S_num(&x, "count(//w:p[w:pPr/w:pStyle[@w:val='Title' or @w:val='PartTitle']]"
                               "[w:pPr/w:spacing/@w:before='0'])"), 5);
    ck_assert_int_eq(S_num(&x, "count(//w:jc[@w:val='start' or @w:val='end'])"), 0);
    S_close(&x);
    free(xml);

    xml = S_part(S_docx, "word/styles.xml");
    x = S_open(xml);
    ck_assert_int_eq(S_num(&x, "count(/w:styles/w:docDefaults//w:rFonts[@w:eastAsia='BIZ UD明朝 Medium'])"), 1);
    ck_assert_int_eq(S_num(&x, "count(/w:styles/w:docDefaults//w:lang[@w:eastAsia='ja-JP'])"), 1);
    ck_assert_int_ge(S_num(&x, "count(//w:style/w:rPr/w:rFonts[@w:eastAsia='BIZ UDゴシック'])"), 3);
    ck_assert_int_eq(S_num(&x, "count(//w:style[@w:styleId='Heading2']/w:pPr/w:outlineLvl)"), 1);
    /* the cell margins are each table's, from layout.txt, not the style's */
    ck_assert_int_eq(S_num(&x, "count(//w:style[@w:styleId='AuditTable']//w:tblCellMar)"), 0);
    S_close(&x);
    free(xml);

    /* the PDF's cell padding (table.cell_padding: 4 pt beside the text, 2 pt
     * above and below) less the leading and border LibreOffice adds, on every
     * table (a matrix row 13.0 pt in both) */
    xml = S_part(S_docx, "word/document.xml");
    x = S_open(xml);
    double n_tbl = S_num(&x, "count(//w:tbl)");
    ck_assert(n_tbl > 10);
    ck_assert_int_eq(S_num(&x, "count(//w:tbl/w:tblPr/w:tblCellMar[w:left/@w:w=80][w:right/@w:w=80][w:top/@w:w=25][w:bottom/@w:w=25])"), n_tbl);
    S_close(&x);
    free(xml);

    xml = S_part(S_docx, "word/footer1.xml");
    x = S_open(xml);
    ck_assert_int_eq(S_num(&x, "count(//w:instrText[normalize-space(.)='PAGE'])"), 1);
    S_close(&x);
    free(xml);

    xml = S_part(S_docx, "docProps/core.xml");
    ck_assert_ptr_nonnull(strstr(xml, "<dc:title>"));
    ck_assert_ptr_nonnull(strstr(xml, "<dc:creator>"));
    ck_assert_ptr_nonnull(strstr(xml, "dcterms:W3CDTF"));
    free(xml);
}
END_TEST

START_TEST(libreoffice_shows_everything)
{
    if (!tu_have("soffice") || !tu_have("pdftotext")) {
        fprintf(stderr, "libreoffice_shows_everything: soffice not installed, skipped\n");
        return;
    }
    char *lo = ad_xasprintf("%s/lo", S_dir);
    char *out = NULL;
    int rc = tu_soffice_pdf(S_docx, lo, S_dir, &out);
    ck_assert_msg(rc == 0, "soffice failed (%d): %s", rc, out);
    free(out);
    const char *keep = getenv("AD_TEST_ARTIFACTS");
    if (keep && *keep)
        tu_runf(NULL, "cp '%s/packet.pdf' '%s/packet-libreoffice.pdf' && cd '%s' && "
                      "pdftoppm -png -r 60 packet-libreoffice.pdf packet-libreoffice",
                lo, keep, keep);
    ck_assert_int_eq(tu_runf(&out, "pdftotext '%s/packet.pdf' - 2>&1", lo), 0);
    char *pdf = S_stripped(out);
    free(out);
    size_t n_checked = 0, n_cells = 0, n_missing = 0;
    for (size_t s = 0; s < S_tree->n_sections; s++) {
        const ad_nodes *body = &S_tree->sections[s].body;
        for (size_t i = 0; i < body->n; i++) {
            const ad_node *n = body->v[i];
            if (n->kind == AD_NODE_PARA && n->style != AD_PS_NORMAL && n->style != AD_PS_NOTE) {
                ad_buf b = {0};
                ad_buf_puts(&b, "");
                S_para_text(&b, n);
                ck_assert_msg(strstr(pdf, b.s), "LibreOffice's PDF lacks the heading \"%s\"", b.s);
                ad_buf_free(&b);
                n_checked++;
            } else if (n->kind == AD_NODE_TABLE) {
                for (size_t r = 0; r < n->n_rows; r++)
                    for (size_t c = 0; c < n->rows[r].n; c++)
                        for (size_t p = 0; p < n->rows[r].cells[c].body.n; p++) {
                            const ad_node *q = n->rows[r].cells[c].body.v[p];
                            if (q->kind != AD_NODE_PARA)
                                continue;
                            /* each line of the cell (pdftotext keeps table
                             * cells together line by line, not across lines) */
                            char *t = ad_para_text(q);
                            char *save = NULL;
                            for (char *line = strtok_r(t, "\n", &save); line;
                                 line = strtok_r(NULL, "\n", &save)) {
                                char *sl = S_stripped(line);
                                if (*sl && !S_in_text(pdf, sl)) {
                                    fprintf(stderr, "LibreOffice's PDF lacks the cell text \"%s\"\n", line);
                                    n_missing++;
                                }
                                n_cells++;
                                free(sl);
                            }
                            free(t);
                        }
            }
        }
    }
    ck_assert_uint_ge(n_checked, 10);
    ck_assert_uint_ge(n_cells, 100);
    ck_assert(!S_in_text(pdf, "QZXJ監査")); /* the matcher can say no */
    ck_assert_msg(n_missing == 0, "%zu of %zu cell lines missing", n_missing, n_cells);
    /* every department report */
    for (size_t d = 0; d < S_audit->n_departments; d++) {
        char *name = S_stripped(S_audit->departments[d].name);
        ck_assert_msg(strstr(pdf, name), "no %s in LibreOffice's PDF", name);
        free(name);
    }
    free(pdf);
    free(lo);
}
END_TEST

int main(void)
{
    S_dir = tu_tmpdir();
    S_docx = ad_xasprintf("%s/a/packet.docx", S_dir);
    S_docx2 = ad_xasprintf("%s/b/packet.docx", S_dir);
    for (int i = 0; i < 2; i++) {
        char *out = NULL;
        /* (leaks of the whole program, fontconfig's included, are the
         * business of the PDF tests; the DOCX writer's are checked in-process
         * by test_docx) */
        int rc = tu_runf(&out, "ASAN_OPTIONS=detect_leaks=0 '%s' build -q '%s' -o '%s/%c' 2>&1",
                         TU_AUDITDOC, TU_SAMPLE, S_dir, "ab"[i]);
        if (rc != 0) {
            fprintf(stderr, "auditdoc build failed (%d):\n%s\n", rc, out);
            free(out);
            tu_rmrf(S_dir);
            return 1;
        }
        free(out);
    }
    /* the same tree, composed in this process */
    ad_diags dg;
    ad_diags_init(&dg);
    S_audit = ad_load_file(TU_SAMPLE, &dg);
    ad_diags_free(&dg);
    char *tdir = tu_src("templates");
    ad_err e = {0};
    S_tpl = ad_templates_load(tdir, &e);
    free(tdir);
    if (!S_audit || !S_tpl) {
        fprintf(stderr, "cannot load the sample or the templates: %s\n", e.msg);
        return 1;
    }
    S_tree = ad_compose_packet(S_audit, S_tpl);

    Suite *s = suite_create("test_e2e_docx");
    TCase *tc = tcase_create("sample");
    tcase_add_test(tc, validates);
    tcase_add_test(tc, same_bytes_twice);
    tcase_add_test(tc, text_equals_tree);
    tcase_add_test(tc, tables_equal_tree);
    tcase_add_test(tc, lists_are_numbering);
    tcase_add_test(tc, narrative_lists_from_model);
    tcase_add_test(tc, matrix_marks_from_model);
    tcase_add_test(tc, word_conventions);
    tcase_add_test(tc, libreoffice_shows_everything);
    suite_add_tcase(s, tc);
    int rc = tu_main(s);

    ad_doc_free(S_tree);
    ad_templates_free(S_tpl);
    ad_audit_free(S_audit);
    tu_rmrf(S_dir);
    free(S_dir);
    free(S_docx);
    free(S_docx2);
    return rc;
}
