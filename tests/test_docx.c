/* test_docx.c — the DOCX writer (docx_*.c).
 *
 * Element writers: exact strings on a memory writer (libxlsxwriter style).
 * Package: a hand-built tree with every feature (landscape section, table
 * with header row and spans, list markers, links, hostile text) is written,
 * unzipped and checked with XPath (libxml2, namespaces registered), every
 * part is validated against the ECMA-376 schemas with tests/ooxml/
 * validate-docx.sh, a second write must give identical bytes, a house
 * template's styles are merged, errors leave no file, and LibreOffice (when
 * installed) must open it and show the text. */
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "doc.h"
#include "docx.h"
#include "docx_int.h"
#include "testutil.h"
#include "util.h"

#define W_NS_DECL "xmlns:w=\"" AD_NS_W "\" xmlns:r=\"" AD_NS_R "\""

/* ---- XPath helpers -------------------------------------------------------------*/

static xmlXPathObjectPtr S_eval(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathRegisterNs(ctx, BAD_CAST "w", BAD_CAST AD_NS_W);
    xmlXPathRegisterNs(ctx, BAD_CAST "r", BAD_CAST AD_NS_R);
    xmlXPathRegisterNs(ctx, BAD_CAST "cp",
                       BAD_CAST "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
    xmlXPathRegisterNs(ctx, BAD_CAST "dc", BAD_CAST "http://purl.org/dc/elements/1.1/");
    xmlXPathRegisterNs(ctx, BAD_CAST "dcterms", BAD_CAST "http://purl.org/dc/terms/");
    xmlXPathRegisterNs(ctx, BAD_CAST "ct",
                       BAD_CAST "http://schemas.openxmlformats.org/package/2006/content-types");
    xmlXPathRegisterNs(ctx, BAD_CAST "rel", BAD_CAST AD_NS_PKG_REL);
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    xmlXPathFreeContext(ctx);
    ck_assert_msg(o != NULL, "bad XPath %s", expr);
    return o;
}

static xmlDocPtr S_parse(const char *xml)
{
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "part.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    ck_assert_msg(doc != NULL, "not well-formed: %.300s", xml);
    return doc;
}

static double S_num(const char *xml, const char *expr)
{
    xmlDocPtr doc = S_parse(xml);
    xmlXPathObjectPtr o = S_eval(doc, expr);
    double v = xmlXPathCastToNumber(o);
    xmlXPathFreeObject(o);
    xmlFreeDoc(doc);
    return v;
}

static char *S_str(const char *xml, const char *expr)
{
    xmlDocPtr doc = S_parse(xml);
    xmlXPathObjectPtr o = S_eval(doc, expr);
    xmlChar *s = xmlXPathCastToString(o);
    char *r = ad_xstrdup((const char *)s);
    xmlFree(s);
    xmlXPathFreeObject(o);
    xmlFreeDoc(doc);
    return r;
}

#define ck_xp_num(xml, expr, n) ck_assert_msg(S_num(xml, expr) == (n), "%s = %g, expected %g", expr, S_num(xml, expr), (double)(n))
#define ck_xp_str(xml, expr, s)                                                              \
    do {                                                                                     \
        char *v_ = S_str(xml, expr);                                                         \
        ck_assert_msg(strcmp(v_, s) == 0, "%s = \"%s\", expected \"%s\"", expr, v_, s);      \
        free(v_);                                                                            \
    } while (0)

/* One part of a docx, newly allocated (NULL when absent). */
#define S_part tu_zip_part

/* ---- element writers: exact strings -------------------------------------------------*/

static ad_dx_ctx S_ctx;
static ad_doc *S_doc;

static void S_unit_setup(void)
{
    S_doc = ad_doc_new();
    ad_dx_ctx_init(&S_ctx, S_doc);
}

static void S_unit_teardown(void)
{
    ad_dx_ctx_free(&S_ctx);
    ad_doc_free(S_doc);
}

START_TEST(xw_text_cleaned)
{
    ad_xw x;
    ad_xw_open(&x, false);
    xw_start(&x, "w:t");
    xw_text(&x, "a\x01" "b & ]]> <c> \xff \xF0\xA0\xAE\xB7");
    xw_end(&x);
    ck_assert_str_eq(ad_xw_peek(&x),
                     "<w:t>a\xEF\xBF\xBD" "b &amp; ]]&gt; &lt;c&gt; \xEF\xBF\xBD \xF0\xA0\xAE\xB7</w:t>");
    ad_xw_dispose(&x);
}
END_TEST

START_TEST(xw_attr_cleaned)
{
    ad_xw x;
    ad_xw_open(&x, false);
    xw_start(&x, "w:bookmarkStart");
    xw_attr(&x, "w:name", "a\"<&\x02");
    xw_attr_int(&x, "w:id", -12);
    xw_end(&x);
    ck_assert_str_eq(ad_xw_peek(&x),
                     "<w:bookmarkStart w:name=\"a&quot;&lt;&amp;\xEF\xBF\xBD\" w:id=\"-12\"/>");
    ad_xw_dispose(&x);
}
END_TEST

START_TEST(w_r_formatting)
{
    ad_run r = {0};
    r.text = "行1\n行2\tx ";
    r.flags = AD_RUN_BOLD | AD_RUN_GOTHIC | AD_RUN_UNDERLINE;
    r.color = 0xC00000;
    ad_xw x;
    ad_xw_open(&x, false);
    ad_dx_w_r(&x, &r);
    ck_assert_str_eq(ad_xw_peek(&x),
                     "<w:r><w:rPr><w:rFonts w:ascii=\"BIZ UDゴシック\" w:eastAsia=\"BIZ UDゴシック\" "
                     "w:hAnsi=\"BIZ UDゴシック\"/><w:b/><w:bCs/><w:color w:val=\"C00000\"/>"
                     "<w:u w:val=\"single\"/></w:rPr><w:t>行1</w:t><w:br/><w:t>行2</w:t><w:tab/>"
                     "<w:t xml:space=\"preserve\">x </w:t></w:r>");
    ad_xw_dispose(&x);
}
END_TEST

/* The XML ad_dx_w_p writes for p alone (newly allocated). */
static char *S_para_xml(const ad_node *p)
{
    ad_dx_state s = {0};
    s.c = &S_ctx;
    ad_xw x;
    ad_xw_open(&x, false);
    ad_dx_w_p(&x, &s, p, NULL);
    char *xml = ad_xstrdup(ad_xw_peek(&x));
    ad_xw_dispose(&x);
    return xml;
}

START_TEST(w_p_marker_hanging)
{
    ad_nodes body = {0};
    ad_node *p = ad_add_text(&body, AD_PS_NORMAL, AD_ALIGN_JUSTIFY, "監査目的");
    ad_node_set_marker(p, "(1)");
    p->indent = 210;
    char *xml = S_para_xml(p);
    /* "(1)" is 3 half-ems + half an em of space = 2 em = 420 twips at 10.5 pt */
    ck_assert_str_eq(xml,
                     "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"630\"/></w:tabs>"
                     "<w:ind w:left=\"630\" w:hanging=\"420\"/><w:jc w:val=\"both\"/></w:pPr>"
                     "<w:r><w:t>(1)</w:t><w:tab/></w:r><w:r><w:t>監査目的</w:t></w:r></w:p>");
    free(xml);
    ad_nodes_free(&body);
}
END_TEST

START_TEST(w_p_style_anchor_link)
{
    ad_doc_section *sec = ad_doc_add_section(S_doc, &(ad_page){11906, 16838, 1134, 1134, 1134, 1134, 567}, false);
    ad_node *h = ad_add_text(&sec->body, AD_PS_HEADING1, AD_ALIGN_LEFT, "1 監査概要");
    ad_node_set_anchor(h, "overview");
    h->keep_next = true;
    ad_node *q = ad_add_para(&sec->body, AD_PS_NOTE, AD_ALIGN_RIGHT);
    ad_run *r = ad_para_add_run(q, "概要へ", 0);
    ad_run_set_link(r, "overview");
    ad_dx_ctx_free(&S_ctx);
    ad_dx_ctx_init(&S_ctx, S_doc);
    ad_dx_state s = {0};
    s.c = &S_ctx;
    ad_xw x;
    ad_xw_open(&x, false);
    ad_dx_w_p(&x, &s, h, NULL);
    s.pending_page_break = true;
    ad_dx_w_p(&x, &s, q, NULL);
    ck_assert_str_eq(ad_xw_peek(&x),
                     "<w:p><w:pPr><w:pStyle w:val=\"Heading2\"/><w:keepNext/></w:pPr>"
                     "<w:bookmarkStart w:id=\"0\" w:name=\"overview\"/><w:r><w:t>1 監査概要</w:t></w:r>"
                     "<w:bookmarkEnd w:id=\"0\"/></w:p>"
                     "<w:p><w:pPr><w:pStyle w:val=\"Note\"/><w:pageBreakBefore/>"
                     /* no space before at the top of a page, as in the PDF */
                     "<w:spacing w:before=\"0\"/><w:jc w:val=\"right\"/></w:pPr>"
                     "<w:hyperlink w:anchor=\"overview\" w:history=\"1\"><w:r><w:t>概要へ</w:t></w:r>"
                     "</w:hyperlink></w:p>");
    ad_xw_dispose(&x);
}
END_TEST

START_TEST(w_sectpr_landscape)
{
    ad_doc_section sec = {0};
    sec.landscape = true;
    sec.page = (ad_page){11906, 16838, 1021, 1021, 1021, 1021, 567}; /* given portrait: swapped */
    S_ctx.footer = true;
    ad_xw x;
    ad_xw_open(&x, false);
    ad_dx_w_sectPr(&x, &S_ctx, &sec);
    ck_assert_str_eq(ad_xw_peek(&x),
                     "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter1\"/>"
                     "<w:type w:val=\"nextPage\"/>"
                     "<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>"
                     "<w:pgMar w:top=\"1021\" w:right=\"1021\" w:bottom=\"1021\" w:left=\"1021\" "
                     "w:header=\"851\" w:footer=\"567\" w:gutter=\"0\"/><w:cols w:space=\"425\"/>"
                     "<w:docGrid w:type=\"lines\" w:linePitch=\"210\"/></w:sectPr>");
    ad_xw_dispose(&x);
}
END_TEST

START_TEST(w_tbl_spans)
{
    ad_nodes body = {0};
    int w[3] = {1000, 2000, 3000};
    ad_node *t = ad_add_table(&body, 3, w, 1);
    ad_row *r0 = ad_table_add_row(t);
    ad_add_text(&ad_row_add_cell(r0, 1, 2)->body, AD_PS_TABLE_HEADER, AD_ALIGN_CENTER, "項目");
    ad_add_text(&ad_row_add_cell(r0, 2, 1)->body, AD_PS_TABLE_HEADER, AD_ALIGN_CENTER, "課");
    ad_row *r1 = ad_table_add_row(t); /* first slot covered by the rowspan */
    ad_add_text(&ad_row_add_cell(r1, 1, 1)->body, AD_PS_TABLE, AD_ALIGN_LEFT, "B");
    ad_row_add_cell(r1, 1, 1); /* empty cell */
    ad_dx_state s = {0};
    s.c = &S_ctx;
    ad_xw x;
    ad_xw_open(&x, false);
    xw_start(&x, "root");
    xw_attr(&x, "xmlns:w", AD_NS_W);
    ad_dx_w_tbl(&x, &s, t);
    xw_end(&x);
    const char *xml = ad_xw_peek(&x);
    ck_xp_num(xml, "count(//w:tblGrid/w:gridCol)", 3);
    ck_xp_str(xml, "//w:tblLayout/@w:type", "fixed");
    ck_xp_num(xml, "//w:tblW/@w:w", 6000);
    ck_xp_num(xml, "count(//w:tr)", 2);
    ck_xp_num(xml, "count(//w:tr[1]/w:trPr/w:tblHeader)", 1);
    ck_xp_num(xml, "count(//w:tr[1]/w:trPr/w:cantSplit)", 1);
    /* every row is kept whole; only the header repeats */
    ck_xp_num(xml, "count(//w:tr[2]/w:trPr/w:cantSplit)", 1);
    ck_xp_num(xml, "count(//w:tr[2]/w:trPr/w:tblHeader)", 0);
    ck_xp_str(xml, "//w:tr[1]/w:tc[1]/w:tcPr/w:vMerge/@w:val", "restart");
    ck_xp_num(xml, "//w:tr[1]/w:tc[2]/w:tcPr/w:gridSpan/@w:val", 2);
    ck_xp_num(xml, "//w:tr[1]/w:tc[2]/w:tcPr/w:tcW/@w:w", 5000);
    ck_xp_str(xml, "//w:tr[1]/w:tc[1]/w:tcPr/w:shd/@w:fill", "D9D9D9");
    /* the covered slot becomes a continuation cell, then B, then the empty cell */
    ck_xp_num(xml, "count(//w:tr[2]/w:tc)", 3);
    ck_xp_num(xml, "count(//w:tr[2]/w:tc[1]/w:tcPr/w:vMerge[not(@w:val)])", 1);
    ck_xp_str(xml, "//w:tr[2]/w:tc[2]", "B");
    ck_xp_num(xml, "//w:tr[2]/w:tc[3]/w:tcPr/w:tcW/@w:w", 3000);
    /* every cell holds a paragraph */
    ck_xp_num(xml, "count(//w:tc[not(w:p)])", 0);
    ck_xp_str(xml, "//w:tr[2]/w:tc[3]/w:p/w:pPr/w:pStyle/@w:val", "TableText");
    ad_xw_dispose(&x);
    ad_nodes_free(&body);
}
END_TEST

START_TEST(footer_page_field)
{
    free(S_doc->page_number_format);
    S_doc->page_number_format = ad_xstrdup("- {page} -");
    ad_part p = {0};
    ck_assert_int_eq(ad_dx_footer(&S_ctx, &p, NULL), AD_OK);
    ck_assert_str_eq(p.name, "word/footer1.xml");
    ck_assert_ptr_nonnull(strstr(p.data, "<w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:jc w:val=\"center\"/></w:pPr>"
                                         "<w:r><w:t xml:space=\"preserve\">- </w:t></w:r>"
                                         "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
                                         "<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
                                         "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
                                         "<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
                                         "<w:r><w:t xml:space=\"preserve\"> -</w:t></w:r></w:p>"));
    free(p.data);
}
END_TEST

/* Labels become list numbering only when Word would print them alike: a
 * sequence continues its list, a number out of sequence starts another, a
 * label numbering cannot say stays typed. */
START_TEST(numbering_from_labels)
{
    ad_doc *d = ad_doc_new();
    ad_page pg = ad_page_a4(false);
    ad_doc_section *sec = ad_doc_add_section(d, &pg, false);
    const char *markers[] = {"(1)", "(2)", "(3)", "(1)", "ア.", "イ.", "・", "・", "１．", "２．",
                             "50%", "(2)"};
    size_t n = sizeof markers / sizeof *markers;
    for (size_t i = 0; i < n; i++)
        ad_node_set_marker(ad_add_text(&sec->body, AD_PS_NORMAL, AD_ALIGN_LEFT, "項目"), markers[i]);
    ad_node *h = ad_add_text(&sec->body, AD_PS_HEADING1, AD_ALIGN_LEFT, "2 監査結果");
    h->number_in_text = true;
    ad_node *t = ad_add_text(&sec->body, AD_PS_HEADING1, AD_ALIGN_LEFT, "監査結果");
    t->number_in_text = true; /* no number in it: stays as it is */
    ad_dx_ctx c;
    ad_dx_ctx_init(&c, d);
    /* every label but "50%" and the bare heading */
    ck_assert_uint_eq(c.n_numbered, n - 1 + 1);
    /* (1)(2)(3) | (1) … (2) (the last follows the fourth) | ア.イ. | ・・ | １．２． | 2 */
    ck_assert_uint_eq(c.n_nums, 6);
    ck_assert_uint_eq(c.n_kinds, 5);
    ad_part p = {0};
    ck_assert_int_eq(ad_dx_numbering(&c, &p, NULL), AD_OK);
    ck_xp_num(p.data, "count(//w:abstractNum[.//w:numFmt/@w:val='decimalFullWidth'][.//w:lvlText/@w:val='%1．'])", 1);
    ck_xp_num(p.data, "count(//w:abstractNum[.//w:numFmt/@w:val='aiueoFullWidth'][.//w:lvlText/@w:val='%1.'])", 1);
    ck_xp_num(p.data, "count(//w:abstractNum[.//w:numFmt/@w:val='bullet'][.//w:lvlText/@w:val='・'])", 1);
    ck_xp_num(p.data, "count(//w:abstractNum[.//w:suff/@w:val='space'][.//w:lvlText/@w:val='%1'])", 1);
    ck_xp_num(p.data, "count(//w:num[w:lvlOverride/w:startOverride/@w:val='2'])", 1);
    free(p.data);
    /* the typed number leaves the heading's text; "50%" stays typed */
    ad_xw x;
    ad_xw_open(&x, false);
    ad_dx_state st = {0};
    st.c = &c;
    for (size_t i = 0; i < sec->body.n; i++)
        ad_dx_w_p(&x, &st, sec->body.v[i], NULL);
    const char *xml = ad_xw_peek(&x);
    ck_assert_ptr_nonnull(strstr(xml, "<w:t>50%</w:t><w:tab/>"));
    ck_assert_ptr_nonnull(strstr(xml, "<w:numId w:val=\"6\"/></w:numPr></w:pPr><w:r><w:t>監査結果</w:t>"));
    ck_assert_uint_eq(tu_count(xml, "<w:numPr>"), n);
    ad_xw_dispose(&x);
    ad_dx_ctx_free(&c);
    ad_doc_free(d);
}
END_TEST

START_TEST(core_dates)
{
    char buf[32];
    ad_dx_w3cdtf(1760486400, buf, sizeof buf);
    ck_assert_str_eq(buf, "2025-10-15T00:00:00Z");
    ad_doc_set_meta(S_doc, "題名 & <x>", "作成者", "件名", "監査");
    S_doc->created = 1760486400;
    ad_part p = {0};
    ck_assert_int_eq(ad_dx_core(&S_ctx, &p, NULL), AD_OK);
    ck_xp_str(p.data, "/cp:coreProperties/dc:title", "題名 & <x>");
    ck_xp_str(p.data, "/cp:coreProperties/dc:creator", "作成者");
    ck_xp_str(p.data, "/cp:coreProperties/dcterms:created", "2025-10-15T00:00:00Z");
    ck_xp_str(p.data, "/cp:coreProperties/dcterms:modified", "2025-10-15T00:00:00Z");
    ck_xp_str(p.data, "/cp:coreProperties/cp:revision", "1");
    free(p.data);
    /* app.xml names the application and its version as NN.NNNN */
    ad_part a = {0};
    ck_assert_int_eq(ad_dx_app(&S_ctx, &a, NULL), AD_OK);
    ck_assert_ptr_nonnull(strstr(a.data, "<Application>auditdoc</Application>"));
    const char *v = strstr(a.data, "<AppVersion>");
    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(v[12 + 2], '.');
    ck_assert_ptr_nonnull(strstr(v, "</AppVersion>"));
    ck_assert_int_eq((int)(strstr(v, "</AppVersion>") - v), 12 + 7);
    free(a.data);
}
END_TEST

/* A line break in a paragraph with a first-line indent starts a paragraph of
 * its own (the PDF indents the line after it again; Word would not). */
START_TEST(w_p_break_keeps_indent)
{
    ad_nodes body = {0};
    ad_node *p = ad_add_text(&body, AD_PS_NORMAL, AD_ALIGN_JUSTIFY, "一行目\n二行目");
    p->first_line = 210;
    ad_para_add_run(p, "太字", AD_RUN_BOLD);
    char *xml = S_para_xml(p);
    ck_assert_str_eq(xml,
                     "<w:p><w:pPr><w:ind w:left=\"0\" w:firstLine=\"210\"/><w:jc w:val=\"both\"/></w:pPr>"
                     "<w:r><w:t>一行目</w:t></w:r></w:p>"
                     "<w:p><w:pPr><w:ind w:left=\"0\" w:firstLine=\"210\"/><w:jc w:val=\"both\"/></w:pPr>"
                     "<w:r><w:t>二行目</w:t></w:r>"
                     /* bold Japanese in the Gothic bold face */
                     "<w:r><w:rPr><w:rFonts w:ascii=\"BIZ UDゴシック\" w:eastAsia=\"BIZ UDゴシック\" "
                     "w:hAnsi=\"BIZ UDゴシック\"/><w:b/><w:bCs/></w:rPr><w:t>太字</w:t></w:r></w:p>");
    free(xml);
    ad_nodes_free(&body);
}
END_TEST

/* ---- package tests -----------------------------------------------------------------*/

static char *S_tmp;
static ad_docx_opts S_opts;
static char *S_templates;

static void S_pkg_setup(void)
{
    S_tmp = tu_tmpdir();
    S_templates = tu_src("templates");
    S_opts.templates_dir = S_templates;
    S_opts.house_docx = NULL;
}

static void S_pkg_teardown(void)
{
    tu_rmrf(S_tmp);
    free(S_tmp);
    free(S_templates);
}

#define HOSTILE "制御\x01\x02文字 ]]> & <tag> \"q\" 𠮷野家 \xff\xfe 終"

/* A small tree with every feature the writer knows. */
static ad_doc *S_feature_doc(void)
{
    ad_doc *d = ad_doc_new();
    ad_doc_set_meta(d, "令和7年度 情報セキュリティ内部監査", "龍ヶ崎市 デジタル都市推進課",
                    "情報セキュリティ委員会資料", "監査, セキュリティ");
    d->created = 1760486400;
    d->page_number_format = ad_xstrdup("- {page} -");

    /* 1: portrait, ends with a table (the sectPr needs an extra paragraph) */
    ad_page pg = ad_page_a4(false);
    ad_doc_section *s1 = ad_doc_add_section(d, &pg, false);
    ad_section_set_outline(s1, "実施報告書", 1, "report");
    ad_add_text(&s1->body, AD_PS_TITLE, AD_ALIGN_CENTER, "情報セキュリティ内部監査実施報告書");
    ad_node *h1 = ad_add_text(&s1->body, AD_PS_HEADING1, AD_ALIGN_LEFT, "1 監査概要");
    ad_node_set_anchor(h1, "overview");
    ad_node *h2 = ad_add_text(&s1->body, AD_PS_HEADING2, AD_ALIGN_LEFT, "監査目的");
    ad_node_set_marker(h2, "(1)");
    ad_node *p = ad_add_text(&s1->body, AD_PS_NORMAL, AD_ALIGN_JUSTIFY,
                             "情報セキュリティ内部監査は、情報セキュリティを維持・管理する仕組みが組織において"
                             "適切に整備・運用されているかを点検し、評価するものです。");
    p->first_line = 210;
    const char *items[] = {"龍ヶ崎市情報セキュリティ規則", "龍ヶ崎市電子文書取扱規程"};
    for (int i = 0; i < 2; i++) {
        ad_node *li = ad_add_text(&s1->body, AD_PS_NORMAL, AD_ALIGN_LEFT, items[i]);
        ad_node_set_marker(li, "・");
        li->indent = 210;
    }
    ad_node *fmt = ad_add_para(&s1->body, AD_PS_NORMAL, AD_ALIGN_LEFT);
    ad_para_add_run(fmt, "太字", AD_RUN_BOLD);
    ad_para_add_run(fmt, "ゴシック", AD_RUN_GOTHIC);
    ad_para_add_run(fmt, "下線", AD_RUN_UNDERLINE);
    ad_para_add_run(fmt, "赤", 0)->color = 0xC00000;
    ad_run *lk = ad_para_add_run(fmt, "結果一覧へ", 0);
    ad_run_set_link(lk, "matrix");
    ad_para_add_run(fmt, "一行目\n二行目", 0);
    ad_node *hx = ad_add_text(&s1->body, AD_PS_NORMAL, AD_ALIGN_LEFT, "x");
    free(hx->runs[0].text); /* bypass the tree's own cleaning: the writer must clean */
    hx->runs[0].text = ad_xstrdup(HOSTILE);
    ad_add_page_break(&s1->body);
    ad_node *h3 = ad_add_text(&s1->body, AD_PS_HEADING3, AD_ALIGN_LEFT, "○人的セキュリティ");
    h3->keep_next = true;
    int w4[4] = {2000, 2200, 2200, 3238};
    ad_node *t = ad_add_table(&s1->body, 4, w4, 1);
    const char *hd[4] = {"監査項目", "適正に実施している課", "改善が必要な課", "改善内容等"};
    ad_row *r = ad_table_add_row(t);
    for (int i = 0; i < 4; i++)
        ad_add_text(&ad_row_add_cell(r, 1, 1)->body, AD_PS_TABLE_HEADER, AD_ALIGN_CENTER, hd[i]);
    r = ad_table_add_row(t);
    ad_cell *c = ad_row_add_cell(r, 1, 2);
    c->valign = AD_VALIGN_CENTER;
    ad_add_text(&c->body, AD_PS_TABLE, AD_ALIGN_LEFT, "パスワードの管理");
    ad_add_text(&ad_row_add_cell(r, 1, 1)->body, AD_PS_TABLE, AD_ALIGN_LEFT, "税務課、納税課");
    ad_add_text(&ad_row_add_cell(r, 1, 1)->body, AD_PS_TABLE, AD_ALIGN_LEFT, "保育課");
    ad_add_text(&ad_row_add_cell(r, 1, 1)->body, AD_PS_TABLE, AD_ALIGN_LEFT, "付箋の撤去");
    r = ad_table_add_row(t);
    ad_add_text(&ad_row_add_cell(r, 1, 1)->body, AD_PS_TABLE, AD_ALIGN_LEFT, "商工観光課");
    ad_row_add_cell(r, 1, 1);
    ad_add_text(&ad_row_add_cell(r, 1, 1)->body, AD_PS_TABLE, AD_ALIGN_LEFT, "特記事項なし");
    r = ad_table_add_row(t);
    ad_add_text(&ad_row_add_cell(r, 3, 1)->body, AD_PS_TABLE, AD_ALIGN_RIGHT, "合計");
    ad_add_text(&ad_row_add_cell(r, 1, 1)->body, AD_PS_TABLE, AD_ALIGN_LEFT, "3課");

    /* 2: landscape matrix */
    ad_page lp = ad_page_a4(true);
    ad_doc_section *s2 = ad_doc_add_section(d, &lp, true);
    ad_section_set_outline(s2, "結果一覧", 1, "matrix");
    ad_add_text(&s2->body, AD_PS_TITLE, AD_ALIGN_CENTER, "別紙 結果一覧");
    int w5[5] = {3000, 1200, 1200, 1200, 1200};
    ad_node *m = ad_add_table(&s2->body, 5, w5, 1);
    const char *mh[5] = {"項目", "税務課", "納税課", "保育課", "商工観光課"};
    r = ad_table_add_row(m);
    for (int i = 0; i < 5; i++)
        ad_add_text(&ad_row_add_cell(r, 1, 1)->body, AD_PS_TABLE_HEADER, AD_ALIGN_CENTER, mh[i]);
    const char *marks[5] = {"鍵の管理", "○", "×", "−", "○"};
    r = ad_table_add_row(m);
    for (int i = 0; i < 5; i++) {
        ad_cell *mc = ad_row_add_cell(r, 1, 1);
        if (i == 2)
            mc->shade = 0xFFE699;
        ad_add_text(&mc->body, AD_PS_TABLE, i ? AD_ALIGN_CENTER : AD_ALIGN_LEFT, marks[i]);
    }
    ad_add_text(&s2->body, AD_PS_NOTE, AD_ALIGN_LEFT, "○：適正　×：改善が必要　−：対象外");

    /* 3: a department report */
    ad_doc_section *s3 = ad_doc_add_section(d, &pg, false);
    ad_section_set_outline(s3, "税務課", 2, "dept-税務課");
    ad_add_text(&s3->body, AD_PS_TITLE, AD_ALIGN_CENTER, "情報セキュリティ内部監査結果報告書（税務課）");
    ad_add_text(&s3->body, AD_PS_NORMAL, AD_ALIGN_LEFT, "改善報告をお願いします。");
    ad_add_page_break(&s3->body); /* trailing: dropped */
    return d;
}

static char *S_write(ad_doc *d, const char *name)
{
    char *path = ad_xasprintf("%s/%s", S_tmp, name);
    ad_err e = {0};
    ad_status st = ad_docx_write(d, &S_opts, path, &e);
    ck_assert_msg(st == AD_OK, "ad_docx_write: %s", e.msg);
    return path;
}

static void S_validate(const char *path)
{
    char *out = NULL;
    int rc = tu_runf(&out, "'%s/tests/ooxml/validate-docx.sh' '%s' 2>&1", AD_SOURCE_DIR, path);
    ck_assert_msg(rc == 0 && tu_count(out, "FAIL ") == 0 && strstr(out, "RESULT: OK"),
                  "validate-docx.sh (rc %d):\n%s", rc, out);
    ck_assert_msg(tu_count(out, "OK    ") >= 9, "too few parts validated:\n%s", out);
    free(out);
}

START_TEST(package_entries_in_order)
{
    ad_doc *d = S_feature_doc();
    char *path = S_write(d, "t.docx");
    char *out = NULL;
    ck_assert_int_eq(tu_runf(&out, "unzip -Z1 '%s'", path), 0);
    ck_assert_str_eq(out, "[Content_Types].xml\n_rels/.rels\ndocProps/core.xml\ndocProps/app.xml\n"
                          "word/document.xml\nword/_rels/document.xml.rels\nword/styles.xml\n"
                          "word/numbering.xml\nword/settings.xml\nword/webSettings.xml\n"
                          "word/fontTable.xml\nword/footer1.xml\nword/theme/theme1.xml\n");
    free(out);
    ck_assert_int_eq(tu_runf(&out, "zipinfo -T '%s'", path), 0);
    ck_assert_msg(tu_count(out, " 19800101.000000 ") == 13, "time stamps:\n%s", out);
    ck_assert_msg(tu_count(out, " defX ") + tu_count(out, " defN ") == 13, "%s", out);
    free(out);
    /* no extra fields (libzip may not add time-stamp fields) */
    ck_assert_int_eq(tu_runf(&out, "zipinfo -v '%s'", path), 0);
    ck_assert_msg(tu_count(out, "length of extra field:                          0 bytes") == 13,
                  "%s", out);
    ck_assert_uint_eq(tu_count(out, "1980 Jan 1 00:00:00"), 13);
    free(out);
    free(path);
    ad_doc_free(d);
}
END_TEST

START_TEST(package_validates)
{
    ad_doc *d = S_feature_doc();
    char *path = S_write(d, "t.docx");
    S_validate(path);
    free(path);
    ad_doc_free(d);
}
END_TEST

START_TEST(package_document_xpath)
{
    ad_doc *d = S_feature_doc();
    char *path = S_write(d, "t.docx");
    char *doc = S_part(path, "word/document.xml");
    ck_assert_ptr_nonnull(doc);
    /* sections: 2 breaks in paragraphs + the body's own; A4; one landscape */
    ck_xp_num(doc, "count(//w:p/w:pPr/w:sectPr)", 2);
    ck_xp_num(doc, "count(/w:document/w:body/w:sectPr)", 1);
    ck_xp_num(doc, "count(/w:document/w:body/*[last()][self::w:sectPr])", 1);
    ck_xp_num(doc, "count(//w:sectPr/w:pgSz[@w:w='11906' and @w:h='16838' and not(@w:orient)])", 2);
    ck_xp_num(doc, "count(//w:sectPr/w:pgSz[@w:w='16838' and @w:h='11906' and @w:orient='landscape'])", 1);
    ck_xp_num(doc, "count(//w:sectPr[w:footerReference[@r:id='rIdFooter1'] and w:docGrid[@w:type='lines']])", 3);
    /* the landscape section holds the matrix */
    ck_xp_num(doc, "count(//w:p[w:pPr/w:sectPr/w:pgSz/@w:orient='landscape']/preceding::w:t[.='別紙 結果一覧'])", 1);
    /* the first section ends with a table: an empty paragraph carries its sectPr */
    ck_xp_num(doc, "count(//w:p[w:pPr/w:sectPr][1][not(w:r)]/preceding-sibling::*[1][self::w:tbl])", 1);
    /* styles */
    ck_xp_num(doc, "count(//w:pStyle[@w:val='Heading2'])", 1);
    ck_xp_num(doc, "count(//w:pStyle[@w:val='Title'])", 3);
    /* centred header cells: a table header style that centres (the
     * exception is direct formatting) */
    ck_xp_num(doc, "count(//w:pStyle[@w:val='TableHeader1'])", 9);
    ck_xp_num(doc, "count(//w:tc//w:jc)", 1); /* the one left-aligned mark cell */
    ck_xp_num(doc, "count(//w:pStyle[@w:val='Normal'])", 0);
    ck_xp_num(doc, "count(//w:jc[@w:val='start' or @w:val='end'])", 0);
    /* list markers with a hanging indent and a tab stop */
    /* ... as list numbering: the marker comes from numbering.xml */
    ck_xp_num(doc, "count(//w:p[w:pPr/w:numPr][not(w:pPr/w:ind)][not(w:pPr/w:tabs)])", 3); /* two ・, one (1) */
    ck_xp_num(doc, "count(//w:t[.='・'])", 0);
    {
        char *num = S_part(path, "word/numbering.xml");
        /* the list level carries the hanging indent and the tab to the text */
        ck_xp_num(num, "count(//w:abstractNum[.//w:lvlText/@w:val='・']//w:ind[@w:hanging='315'])", 1);
        ck_xp_num(num, "count(//w:abstractNum[.//w:lvlText/@w:val='・']//w:tab[@w:val='num'])", 1);
        free(num);
    }
    ck_xp_num(doc, "count(//w:p[w:pPr/w:ind/@w:firstLine='210'])", 1);
    /* runs */
    ck_xp_num(doc, "count(//w:r[w:rPr/w:b and w:t='太字'])", 1);
    ck_xp_num(doc, "count(//w:r[w:rPr/w:rFonts/@w:eastAsia='BIZ UDゴシック' and w:t='ゴシック'])", 1);
    ck_xp_num(doc, "count(//w:r[w:rPr/w:u/@w:val='single' and w:t='下線'])", 1);
    ck_xp_num(doc, "count(//w:r[w:rPr/w:color/@w:val='C00000'])", 1);
    ck_xp_num(doc, "count(//w:r[w:t='一行目'][w:br][w:t='二行目'])", 1);
    /* anchors and links */
    ck_xp_num(doc, "count(//w:hyperlink[@w:anchor='matrix'])", 1);
    ck_xp_num(doc, "count(//w:bookmarkStart[@w:name='matrix'])", 1);
    ck_xp_num(doc, "count(//w:bookmarkStart[@w:name='overview'])", 1);
    ck_xp_num(doc, "count(//w:bookmarkStart)", 4);
    ck_xp_num(doc, "count(//w:bookmarkEnd)", 4);
    /* the page-break node became pageBreakBefore of the next paragraph */
    ck_xp_num(doc, "count(//w:p[w:pPr/w:pageBreakBefore][w:r/w:t='○人的セキュリティ'])", 1);
    ck_xp_num(doc, "count(//w:br[@w:type='page'])", 0);
    /* section entries that are not the first paragraph's text: hidden
     * headings, level 1 in the part title style, level 2 a direct level */
    ck_xp_num(doc, "count(//w:p[w:pPr/w:pStyle/@w:val='PartTitle'][w:r/w:rPr/w:vanish])", 2);
    ck_xp_num(doc, "count(//w:p[w:pPr/w:pStyle/@w:val='PartTitle'][.='実施報告書'])", 1);
    ck_xp_num(doc, "count(//w:p[w:pPr/w:outlineLvl/@w:val='1'][w:pPr/w:rPr/w:vanish][.='税務課'])", 1);
    ck_xp_num(doc, "count(//w:p[w:pPr/w:outlineLvl])", 1);
    /* tables */
    ck_xp_num(doc, "count(//w:tbl)", 2);
    ck_xp_num(doc, "count(//w:tbl[w:tblPr/w:tblLayout/@w:type='fixed'][w:tblGrid/w:gridCol])", 2);
    ck_xp_num(doc, "count(//w:tr[w:trPr/w:tblHeader])", 2);
    ck_xp_num(doc, "count(//w:tr[w:trPr/w:cantSplit])", 6);
    ck_xp_num(doc, "count(//w:tc[w:tcPr/w:vMerge/@w:val='restart'][.='パスワードの管理'])", 1);
    ck_xp_num(doc, "count(//w:tbl[1]/w:tr[3]/w:tc[1][w:tcPr/w:vMerge[not(@w:val)]])", 1);
    ck_xp_num(doc, "count(//w:tbl[1]/w:tr[3]/w:tc)", 4);
    ck_xp_num(doc, "//w:tbl[1]/w:tr[4]/w:tc[1]/w:tcPr/w:gridSpan/@w:val", 3);
    ck_xp_num(doc, "//w:tbl[1]/w:tr[4]/w:tc[1]/w:tcPr/w:tcW/@w:w", 6400);
    ck_xp_num(doc, "count(//w:tc[not(w:p)])", 0);
    ck_xp_num(doc, "count(//w:tc[w:tcPr/w:shd/@w:fill='FFE699'][.='×'])", 1);
    /* the restart cell and its continuation */
    ck_xp_num(doc, "count(//w:tc[w:tcPr/w:vAlign/@w:val='center'])", 2);
    for (int i = 0; i < 5; i++) {
        static const char *const mk[] = {"鍵の管理", "○", "×", "−", "○"};
        char *xp = ad_xasprintf("count(//w:tbl[2]/w:tr[2]/w:tc[%d][.='%s'])", i + 1, mk[i]);
        ck_xp_num(doc, xp, 1);
        free(xp);
    }
    free(doc);
    free(path);
    ad_doc_free(d);
}
END_TEST

START_TEST(package_other_parts_xpath)
{
    ad_doc *d = S_feature_doc();
    char *path = S_write(d, "t.docx");
    char *st = S_part(path, "word/styles.xml");
    ck_assert_ptr_nonnull(st);
    ck_xp_num(st, "count(/w:styles/w:docDefaults/w:rPrDefault/w:rPr/w:rFonts[@w:eastAsia='BIZ UD明朝 Medium' and @w:ascii='BIZ UD明朝 Medium' and @w:hAnsi='BIZ UD明朝 Medium'])", 1);
    ck_xp_num(st, "count(//w:docDefaults//w:lang[@w:val='en-US' and @w:eastAsia='ja-JP'])", 1);
    const char *ids[] = {"Normal", "Title", "Heading2", "Heading3", "Subheading", "TableText",
                         "TableHeader", "Note", "AuditTable", "Footer", "PartTitle"};
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        char *xp = ad_xasprintf("count(//w:style[@w:styleId='%s'])", ids[i]);
        ck_xp_num(st, xp, 1);
        free(xp);
    }
    ck_xp_str(st, "//w:style[@w:styleId='Heading2']/w:name/@w:val", "heading 2");
    ck_xp_num(st, "//w:style[@w:styleId='Heading2']/w:rPr/w:sz/@w:val", d->styles[AD_PS_HEADING1].size);
    /* built-in headings at their built-in level, the part title above them,
     * the unnumbered subheading outside the outline */
    ck_xp_num(st, "//w:style[@w:styleId='Heading2']/w:pPr/w:outlineLvl/@w:val", 1);
    ck_xp_num(st, "//w:style[@w:styleId='Heading3']/w:pPr/w:outlineLvl/@w:val", 2);
    ck_xp_num(st, "//w:style[@w:styleId='PartTitle']/w:pPr/w:outlineLvl/@w:val", 0);
    ck_xp_str(st, "//w:style[@w:styleId='PartTitle']/w:basedOn/@w:val", "Title");
    ck_xp_num(st, "count(//w:style[@w:styleId='Subheading']/w:pPr/w:outlineLvl)", 0);
    ck_xp_num(st, "count(//w:style[@w:styleId='Title']/w:pPr/w:outlineLvl)", 0);
    ck_xp_str(st, "//w:style[@w:styleId='Heading2']/w:rPr/w:rFonts/@w:eastAsia", "BIZ UDゴシック");
    ck_xp_num(st, "//w:style[@w:styleId='Normal']/w:rPr/w:sz/@w:val", d->styles[AD_PS_NORMAL].size);
    ck_xp_num(st, "count(//w:style[@w:type='table' and @w:styleId='AuditTable'])", 1);
    ck_assert_ptr_null(strstr(st, "<!--"));
    free(st);

    /* Word 2013+ compatibility settings, theme (Japanese fonts), webSettings */
    char *se = S_part(path, "word/settings.xml");
    const char *compat[] = {"overrideTableStyleFontSizeAndJustification", "enableOpenTypeFeatures",
                            "doNotFlipMirrorIndents", "differentiateMultirowTableHeaders"};
    for (size_t i = 0; i < sizeof compat / sizeof *compat; i++) {
        char *xp = ad_xasprintf("count(//w:compat/w:compatSetting[@w:name='%s'][@w:val='1'])",
                                compat[i]);
        ck_xp_num(se, xp, 1);
        free(xp);
    }
    free(se);
    char *th = S_part(path, "word/theme/theme1.xml");
    ck_assert_ptr_nonnull(strstr(th, "<a:ea typeface=\"BIZ UD明朝 Medium\"/>"));
    ck_assert_ptr_nonnull(strstr(th, "<a:font script=\"Jpan\" typeface=\"BIZ UDゴシック\"/>"));
    free(th);
    char *ws = S_part(path, "word/webSettings.xml");
    free(ws);

    char *ft = S_part(path, "word/footer1.xml");
    ck_xp_num(ft, "count(//w:instrText[normalize-space(.)='PAGE'])", 1);
    ck_xp_str(ft, "/w:ftr/w:p/w:r[w:t][1]/w:t", "- ");
    ck_xp_str(ft, "/w:ftr/w:p/w:r[w:t][2]/w:t", "1");
    ck_xp_str(ft, "/w:ftr/w:p/w:r[w:t][3]/w:t", " -");
    free(ft);
    char *core = S_part(path, "docProps/core.xml");
    ck_xp_str(core, "//dc:title", "令和7年度 情報セキュリティ内部監査");
    ck_xp_str(core, "//dc:creator", "龍ヶ崎市 デジタル都市推進課");
    ck_xp_str(core, "//dcterms:created", "2025-10-15T00:00:00Z");
    free(core);
    char *ct = S_part(path, "[Content_Types].xml");
    ck_xp_num(ct, "count(//ct:Override)", 10);
    free(ct);
    char *rels = S_part(path, "word/_rels/document.xml.rels");
    ck_xp_str(rels, "//rel:Relationship[@Id='rIdFooter1']/@Target", "footer1.xml");
    free(rels);
    free(path);
    ad_doc_free(d);
}
END_TEST

START_TEST(package_hostile_text)
{
    ad_doc *d = S_feature_doc();
    char *path = S_write(d, "t.docx");
    S_validate(path);
    char *doc = S_part(path, "word/document.xml");
    /* control characters and bad bytes became U+FFFD; the rest is intact */
    ck_xp_str(doc, "//w:t[contains(., '𠮷野家')]",
              "制御\xEF\xBF\xBD\xEF\xBF\xBD文字 ]]> & <tag> \"q\" 𠮷野家 \xEF\xBF\xBD\xEF\xBF\xBD 終");
    ck_assert_ptr_null(strchr(doc, '\x01'));
    free(doc);
    free(path);
    ad_doc_free(d);
}
END_TEST

START_TEST(package_same_bytes)
{
    ad_doc *d = S_feature_doc();
    char *a = S_write(d, "a.docx");
    ad_doc_free(d);
    d = S_feature_doc();
    char *b = S_write(d, "b.docx");
    size_t la = 0, lb = 0;
    char *da = tu_read(a, &la), *db = tu_read(b, &lb);
    ck_assert_uint_gt(la, 1000);
    ck_assert_uint_eq(la, lb);
    ck_assert_int_eq(memcmp(da, db, la), 0);
    free(da);
    free(db);
    free(a);
    free(b);
    ad_doc_free(d);
}
END_TEST

START_TEST(package_no_page_numbers)
{
    ad_doc *d = S_feature_doc();
    free(d->page_number_format);
    d->page_number_format = NULL;
    char *path = S_write(d, "t.docx");
    char *f = S_part(path, "word/footer1.xml");
    ck_assert_ptr_null(f);
    char *doc = S_part(path, "word/document.xml");
    ck_xp_num(doc, "count(//w:footerReference)", 0);
    free(doc);
    S_validate(path);
    free(path);
    ad_doc_free(d);
}
END_TEST

START_TEST(package_empty_doc)
{
    ad_doc *d = ad_doc_new();
    char *path = S_write(d, "empty.docx");
    S_validate(path);
    free(path);
    ad_doc_free(d);
}
END_TEST

/* A house template as Japanese Word writes it: heading 1 under the id "1",
 * the footer style under "a5", its own Normal; no TableText, no AuditTable. */
static char *S_make_house(const char *styles_xml)
{
    char *path = ad_xasprintf("%s/house.docx", S_tmp);
    int err = 0;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    ck_assert_ptr_nonnull(za);
    zip_source_t *src = zip_source_buffer(za, ad_xstrdup(styles_xml), strlen(styles_xml), 1);
    ck_assert_int_ge(zip_file_add(za, "word/styles.xml", src, 0), 0);
    const char *theme = "<?xml version=\"1.0\"?><a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"House\">"
                        "<a:themeElements><a:clrScheme name=\"H\"><a:dk1><a:srgbClr val=\"000000\"/></a:dk1><a:lt1><a:srgbClr val=\"FFFFFF\"/></a:lt1>"
                        "<a:dk2><a:srgbClr val=\"000000\"/></a:dk2><a:lt2><a:srgbClr val=\"FFFFFF\"/></a:lt2>"
                        "<a:accent1><a:srgbClr val=\"4472C4\"/></a:accent1><a:accent2><a:srgbClr val=\"4472C4\"/></a:accent2>"
                        "<a:accent3><a:srgbClr val=\"4472C4\"/></a:accent3><a:accent4><a:srgbClr val=\"4472C4\"/></a:accent4>"
                        "<a:accent5><a:srgbClr val=\"4472C4\"/></a:accent5><a:accent6><a:srgbClr val=\"4472C4\"/></a:accent6>"
                        "<a:hlink><a:srgbClr val=\"0000FF\"/></a:hlink><a:folHlink><a:srgbClr val=\"800080\"/></a:folHlink></a:clrScheme>"
                        "<a:fontScheme name=\"H\"><a:majorFont><a:latin typeface=\"Arial\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/></a:majorFont>"
                        "<a:minorFont><a:latin typeface=\"Arial\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/></a:minorFont></a:fontScheme>"
                        "<a:fmtScheme name=\"H\"><a:fillStyleLst><a:noFill/><a:noFill/><a:noFill/></a:fillStyleLst>"
                        "<a:lnStyleLst><a:ln/><a:ln/><a:ln/></a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle>"
                        "<a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>"
                        "<a:bgFillStyleLst><a:noFill/><a:noFill/><a:noFill/></a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>";
    src = zip_source_buffer(za, ad_xstrdup(theme), strlen(theme), 1);
    ck_assert_int_ge(zip_file_add(za, "word/theme/theme1.xml", src, 0), 0);
    ck_assert_int_eq(zip_close(za), 0);
    return path;
}

static const char S_house_styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<w:styles " W_NS_DECL ">"
    "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:eastAsia=\"游明朝\"/><w:lang w:val=\"en-US\" w:eastAsia=\"ja-JP\"/></w:rPr></w:rPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"a\"><w:name w:val=\"Normal\"/><w:qFormat/>"
    "<w:rPr><w:sz w:val=\"22\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"a\"/>"
    "<w:qFormat/><w:rPr><w:color w:val=\"1F4E79\"/><w:sz w:val=\"32\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"a5\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"a\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"a\"/>"
    "<w:pPr><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:sz w:val=\"40\"/></w:rPr></w:style>"
    "</w:styles>";

START_TEST(house_template_merge)
{
    char *house = S_make_house(S_house_styles);
    S_opts.house_docx = house;
    ad_doc *d = S_feature_doc();
    char *path = S_write(d, "t.docx");
    S_validate(path);
    char *st = S_part(path, "word/styles.xml");
    /* the house styles are kept as they are */
    ck_xp_num(st, "//w:style[@w:styleId='1']/w:rPr/w:sz/@w:val", 32);
    ck_xp_num(st, "//w:style[@w:styleId='Title']/w:rPr/w:sz/@w:val", 40);
    ck_xp_str(st, "//w:docDefaults//w:rFonts/@w:eastAsia", "游明朝");
    /* no second "heading 1", "Normal" or "footer" */
    ck_xp_num(st, "count(//w:style[w:name/@w:val='heading 1'])", 1);
    ck_xp_num(st, "count(//w:style[w:name/@w:val='Normal'])", 1);
    ck_xp_num(st, "count(//w:style[w:name/@w:val='footer'])", 1);
    /* missing ones added: generated paragraph styles based on the house Normal, our table style */
    ck_xp_str(st, "//w:style[@w:styleId='TableText']/w:basedOn/@w:val", "a");
    ck_xp_num(st, "count(//w:style[@w:styleId='Heading2'])", 1);
    ck_xp_num(st, "count(//w:style[@w:styleId='AuditTable'])", 1);
    free(st);
    char *doc = S_part(path, "word/document.xml");
    /* the house "heading 1" (level 1) is not used below the part titles */
    ck_xp_num(doc, "count(//w:pStyle[@w:val='1'])", 0);
    ck_xp_num(doc, "count(//w:pStyle[@w:val='Heading2'])", 1);
    ck_xp_num(doc, "count(//w:pStyle[@w:val='a'])", 0);
    free(doc);
    char *ft = S_part(path, "word/footer1.xml");
    ck_xp_str(ft, "//w:pStyle/@w:val", "a5");
    free(ft);
    char *th = S_part(path, "word/theme/theme1.xml");
    ck_assert_ptr_nonnull(th);
    free(th);
    char *rels = S_part(path, "word/_rels/document.xml.rels");
    ck_xp_str(rels, "//rel:Relationship[@Id='rIdTheme1']/@Target", "theme/theme1.xml");
    free(rels);
    free(path);
    free(house);
    ad_doc_free(d);
}
END_TEST

START_TEST(errors_leave_no_file)
{
    ad_doc *d = S_feature_doc();
    char *path = ad_xasprintf("%s/out.docx", S_tmp);
    struct stat sb;
    ad_err e = {0};
    /* a missing templates folder */
    ad_docx_opts o = {.templates_dir = "/nonexistent/templates", .house_docx = NULL};
    ck_assert_int_eq(ad_docx_write(d, &o, path, &e), AD_ERR_TEMPLATE);
    ck_assert_ptr_nonnull(strstr(e.msg, "styles.xml"));
    ck_assert_int_ne(stat(path, &sb), 0);
    /* a house template that is not a zip */
    char *bad = ad_xasprintf("%s/bad.docx", S_tmp);
    ck_assert(tu_write(bad, "not a zip"));
    o.templates_dir = S_templates;
    o.house_docx = bad;
    ck_assert_int_eq(ad_docx_write(d, &o, path, &e), AD_ERR_TEMPLATE);
    ck_assert_ptr_nonnull(strstr(e.msg, "bad.docx"));
    ck_assert_int_ne(stat(path, &sb), 0);
    /* a house template whose styles are not XML */
    char *house = S_make_house("<w:styles>broken");
    o.house_docx = house;
    ck_assert_int_eq(ad_docx_write(d, &o, path, &e), AD_ERR_TEMPLATE);
    ck_assert_ptr_nonnull(strstr(e.msg, "styles.xml"));
    ck_assert_int_ne(stat(path, &sb), 0);
    /* a folder that does not exist */
    char *nodir = ad_xasprintf("%s/no/such/dir/x.docx", S_tmp);
    o.house_docx = NULL;
    ck_assert_int_eq(ad_docx_write(d, &o, nodir, &e), AD_ERR_IO);
    ck_assert_ptr_nonnull(strstr(e.msg, "x.docx"));
    free(nodir);
    free(house);
    free(bad);
    free(path);
    ad_doc_free(d);
}
END_TEST

START_TEST(libreoffice_opens_it)
{
    if (!tu_have("soffice") || !tu_have("pdftotext")) {
        fprintf(stderr, "libreoffice_opens_it: soffice not installed, skipped\n");
        return;
    }
    ad_doc *d = S_feature_doc();
    char *path = S_write(d, "t.docx");
    char *out = NULL;
    /* LibreOffice finds the project's BIZ UD fonts through a private
     * fontconfig file (the system has no font with 𠮷) */
    int rc = tu_soffice_pdf(path, S_tmp, S_tmp, &out);
    ck_assert_msg(rc == 0, "soffice failed (%d): %s", rc, out);
    free(out);
    /* AD_TEST_ARTIFACTS=DIR keeps the files to look at (CI artifacts) */
    const char *keep = getenv("AD_TEST_ARTIFACTS");
    if (keep && *keep)
        tu_runf(NULL, "cp '%s' '%s/t.pdf' '%s/' && cd '%s' && pdftoppm -png -r 80 t.pdf docx-feature",
                path, S_tmp, keep, keep);
    rc = tu_runf(&out, "pdftotext -layout '%s/t.pdf' - 2>&1", S_tmp);
    ck_assert_int_eq(rc, 0);
    const char *want[] = {"情報セキュリティ内部監査実施報告書", "監査概要", "監査目的",
                          "パスワードの管理", "税務課、納税課", "付箋の撤去", "別紙 結果一覧",
                          "商工観光課", "改善報告をお願いします", "]]> & <tag>", "野家", "- 4 -"};
    /* (𠮷 itself is in document.xml — package_hostile_text — but no font
     * here has a glyph for it, so LibreOffice prints a missing glyph) */
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        ck_assert_msg(strstr(out, want[i]), "LibreOffice's PDF lacks \"%s\":\n%s", want[i], out);
    /* three sections, one page break */
    ck_assert_int_eq(tu_count(out, "\f"), 4);
    free(out);
    free(path);
    ad_doc_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("test_docx");
    TCase *tc = tcase_create("elements");
    tcase_add_checked_fixture(tc, S_unit_setup, S_unit_teardown);
    tcase_add_test(tc, xw_text_cleaned);
    tcase_add_test(tc, xw_attr_cleaned);
    tcase_add_test(tc, w_r_formatting);
    tcase_add_test(tc, w_p_marker_hanging);
    tcase_add_test(tc, w_p_style_anchor_link);
    tcase_add_test(tc, w_sectpr_landscape);
    tcase_add_test(tc, w_tbl_spans);
    tcase_add_test(tc, footer_page_field);
    tcase_add_test(tc, core_dates);
    tcase_add_test(tc, w_p_break_keeps_indent);
    tcase_add_test(tc, numbering_from_labels);
    suite_add_tcase(s, tc);

    tc = tcase_create("package");
    tcase_add_checked_fixture(tc, S_pkg_setup, S_pkg_teardown);
    tcase_add_test(tc, package_entries_in_order);
    tcase_add_test(tc, package_validates);
    tcase_add_test(tc, package_document_xpath);
    tcase_add_test(tc, package_other_parts_xpath);
    tcase_add_test(tc, package_hostile_text);
    tcase_add_test(tc, package_same_bytes);
    tcase_add_test(tc, package_no_page_numbers);
    tcase_add_test(tc, package_empty_doc);
    tcase_add_test(tc, house_template_merge);
    tcase_add_test(tc, errors_leave_no_file);
    tcase_add_test(tc, libreoffice_opens_it);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
