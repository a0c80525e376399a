/* test_doc.c — the document tree: builders, text cleaning, dump. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "testutil.h"
#include "util.h"

static char *S_dump(const ad_doc *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ad_doc_dump(d, f);
    fclose(f);
    return buf;
}

START_TEST(builders_make_tree)
{
    ad_doc *d = ad_doc_new();
    ad_doc_set_meta(d, "題", "龍ヶ崎市", "件名", NULL);
    ad_page p = ad_page_a4(false);
    ad_doc_section *s = ad_doc_add_section(d, &p, false);
    ad_section_set_outline(s, "部", 1, "part-x");
    ad_node *h = ad_add_text(&s->body, AD_PS_HEADING1, AD_ALIGN_LEFT, "1 監査概要");
    ad_node_set_anchor(h, "a1");
    ad_node *li = ad_add_text(&s->body, AD_PS_NORMAL, AD_ALIGN_JUSTIFY, "項目");
    ad_node_set_marker(li, "(1)");
    int w[3] = {500, 1500, 7000};
    ad_node *t = ad_add_table(&s->body, 3, w, 1);
    ad_row *r = ad_table_add_row(t);
    ad_cell *c = ad_row_add_cell(r, 2, 1);
    c->shade = 0xD9D9D9;
    ad_add_text(&c->body, AD_PS_TABLE_HEADER, AD_ALIGN_CENTER, "見出し");
    ad_add_text(&ad_row_add_cell(r, 1, 2)->body, AD_PS_TABLE, AD_ALIGN_LEFT, "縦結合");
    ad_add_page_break(&s->body);
    ad_page l = ad_page_a4(true);
    ad_doc_add_section(d, &l, true);

    ck_assert_uint_eq(d->n_sections, 2);
    ck_assert_int_eq(d->sections[1].page.width, 16838);
    ck_assert_int_eq(ad_page_text_width(&p), 11906 - 2 * 1134);
    char *text = ad_para_text(h);
    ck_assert_str_eq(text, "1 監査概要");
    free(text);
    char *dump = S_dump(d);
    ck_assert_ptr_nonnull(strstr(dump, "section 0 portrait 11906x16838 outline=\"部\" level=1 anchor=part-x"));
    ck_assert_ptr_nonnull(strstr(dump, "para h1 left anchor=a1: [1 監査概要]"));
    ck_assert_ptr_nonnull(strstr(dump, "marker=\"(1)\""));
    ck_assert_ptr_nonnull(strstr(dump, "table cols=3 header-rows=1 borders widths=500,1500,7000"));
    ck_assert_ptr_nonnull(strstr(dump, "cell colspan=2 shade=#D9D9D9"));
    ck_assert_ptr_nonnull(strstr(dump, "cell rowspan=2"));
    ck_assert_ptr_nonnull(strstr(dump, "page-break"));
    ck_assert_ptr_nonnull(strstr(dump, "section 1 landscape 16838x11906"));
    free(dump);
    ad_doc_free(d);
    ad_doc_free(NULL);
}
END_TEST

START_TEST(text_is_cleaned_on_the_way_in)
{
    ad_doc *d = ad_doc_new();
    ad_page p = ad_page_a4(false);
    ad_doc_section *s = ad_doc_add_section(d, &p, false);
    ad_node *n = ad_add_text(&s->body, AD_PS_NORMAL, AD_ALIGN_LEFT, "a\x01\x02" "b\xff");
    ck_assert_str_eq(n->runs[0].text, "a\xef\xbf\xbd\xef\xbf\xbd" "b\xef\xbf\xbd");
    ad_doc_free(d);
}
END_TEST

/* The decisions both backends read from the tree. */
START_TEST(one_truth_for_both_backends)
{
    ad_doc *d = ad_doc_new();
    ck_assert_str_eq(d->language, "ja-JP");
    ad_nodes body = {0};
    ad_node *p = ad_add_text(&body, AD_PS_NORMAL, AD_ALIGN_LEFT, "本文");
    ck_assert_int_eq(ad_para_marker_hang(d, p), 0);
    /* "(1)": three half-ems and half an em of space at 10.5 pt (21
     * half-points: half an em is 105 twips) */
    ad_node_set_marker(p, "(1)");
    ck_assert_int_eq(ad_para_marker_hang(d, p), 4 * 105);
    ad_node_set_marker(p, "・");
    ck_assert_int_eq(ad_para_marker_hang(d, p), 3 * 105);
    ad_node_set_marker(p, "ｱ.");   /* half-width katakana counts one */
    ck_assert_int_eq(ad_para_marker_hang(d, p), 3 * 105);
    d->styles[AD_PS_NORMAL].size = 24;
    ck_assert_int_eq(ad_para_marker_hang(d, p), 3 * 120);
    /* the marker reads like its text: bold and Gothic of the first run */
    ck_assert_uint_eq(ad_para_marker_flags(p), 0);
    ad_node *q = ad_add_para(&body, AD_PS_NORMAL, AD_ALIGN_LEFT);
    ck_assert_uint_eq(ad_para_marker_flags(q), 0);
    ad_para_add_run(q, "強調", AD_RUN_BOLD | AD_RUN_UNDERLINE);
    ad_para_add_run(q, "続き", AD_RUN_GOTHIC);
    ck_assert_uint_eq(ad_para_marker_flags(q), AD_RUN_BOLD);
    /* an empty document still has one A4 section */
    ad_doc_section empty;
    size_t n = 0;
    const ad_doc_section *s = ad_doc_sections(d, &empty, &n);
    ck_assert_uint_eq(n, 1);
    ck_assert_ptr_eq(s, &empty);
    ck_assert_int_eq(s->page.width, 11906);
    ck_assert_int_eq(s->page.height, 16838);
    ck_assert_int_gt(ad_page_text_width(&s->page), 8000);
    ck_assert_uint_eq(s->body.n, 0);
    ad_page pg = ad_page_a4(true);
    ad_doc_add_section(d, &pg, true);
    s = ad_doc_sections(d, &empty, &n);
    ck_assert_uint_eq(n, 1);
    ck_assert_ptr_eq(s, d->sections);
    ck_assert(s->landscape);
    ad_nodes_free(&body);
    ad_doc_free(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("doc");
    TCase *tc = tcase_create("doc");
    tcase_add_test(tc, builders_make_tree);
    tcase_add_test(tc, text_is_cleaned_on_the_way_in);
    tcase_add_test(tc, one_truth_for_both_backends);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
