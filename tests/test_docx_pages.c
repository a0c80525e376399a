/* test_docx_pages.c — packet.docx against packet.pdf (issue 16 "Done when"):
 * the same outline, and under LibreOffice the same pages.
 *
 * Builds the sample and a generated 12-department, 40-item audit
 * (tests/bench/gen_audit 12 40), then for each:
 * - the DOCX outline (every paragraph with an outline level, resolved through
 *   the styles as Word does: a built-in "heading N" is level N) equals
 *   packet.pdf's bookmark tree, titles and levels, with no skipped level
 *   (tests/docx_outline.py);
 * - LibreOffice, seeing the bundled fonts under the Windows names the DOCX
 *   uses (its own FONTCONFIG_FILE), lays packet.docx out on as many pages as
 *   packet.pdf, every outline entry on the same page (tests/docx_pages.py);
 * - with a house template made by python-docx, the packet keeps ja-JP, the
 *   outline and the pages;
 * - LibreOffice's round trip keeps every heading, list and table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util.h"

#define S_PYTHON "/usr/bin/python3"

static char *S_dir;
static const char *const S_cases[3] = {"sample", "a12x40", "house"};

static void S_outline(int k)
{
    char *out = NULL;
    int rc = tu_runf(&out, S_PYTHON " '%s/tests/docx_outline.py' '%s/%s/packet.docx' '%s/%s/packet.pdf' 2>&1",
                     AD_SOURCE_DIR, S_dir, S_cases[k], S_dir, S_cases[k]);
    ck_assert_msg(rc == 0, "%s: the DOCX outline is not packet.pdf's:\n%s", S_cases[k], out);
    ck_assert_msg(strstr(out, "outline entries"), "%s", out);
    free(out);
}

static void S_pages(int k)
{
    if (!tu_have("soffice")) {
        fprintf(stderr, "soffice missing: LibreOffice pagination not measured\n");
        return;
    }
    char *work = ad_xasprintf("%s/lo-%s", S_dir, S_cases[k]);
    char *cmd = ad_xasprintf("mkdir -p '%s'", work);
    ck_assert_int_eq(system(cmd), 0);
    free(cmd);
    char *docx = ad_xasprintf("%s/%s/packet.docx", S_dir, S_cases[k]);
    char *log = NULL;
    int rc = tu_soffice_pdf(docx, work, work, &log);
    ck_assert_msg(rc == 0, "soffice failed (%d):\n%s", rc, log);
    free(log);
    char *out = NULL;
    rc = tu_runf(&out, S_PYTHON " '%s/tests/docx_pages.py' '%s/%s/packet.pdf' '%s/packet.pdf' 2>&1",
                 AD_SOURCE_DIR, S_dir, S_cases[k], work);
    ck_assert_msg(rc == 0, "%s: LibreOffice paginates packet.docx unlike packet.pdf:\n%s",
                  S_cases[k], out);
    free(out);
    free(docx);
    free(work);
}

/* A house template made with python-docx (tests/house_template.py): en-US
 * document defaults, a Normal that snaps to the grid, its own Heading 1.
 * The packet keeps ja-JP and the Mincho for Japanese text, the house's own
 * grid (none: lines are not snapped), its outline, and packet.pdf's pages. */
START_TEST(house_template_keeps_japanese_and_pages)
{
    char *out = NULL;
    int rc = tu_runf(&out,
                     S_PYTHON " '%s/tests/house_template.py' '%s/house.docx' && "
                     "ASAN_OPTIONS=detect_leaks=0 '%s' build -q '%s' --template '%s/house.docx' "
                     "-o '%s/house' 2>&1",
                     AD_SOURCE_DIR, S_dir, TU_AUDITDOC, TU_SAMPLE, S_dir, S_dir);
    ck_assert_msg(rc == 0, "%s", out);
    free(out);
    char *docx = ad_xasprintf("%s/house/packet.docx", S_dir);
    char *st = tu_zip_part(docx, "word/styles.xml");
    ck_assert_ptr_nonnull(st);
    ck_assert_msg(strstr(st, "w:eastAsia=\"ja-JP\"") && !strstr(st, "w:eastAsia=\"en-US\""),
                  "the house's en-US reached Japanese text");
    ck_assert_ptr_nonnull(strstr(st, "w:eastAsia=\"BIZ UD明朝 Medium\""));
    ck_assert_ptr_null(strstr(st, "w:eastAsiaTheme=\"minorEastAsia\""));
    free(st);
    char *doc = tu_zip_part(docx, "word/document.xml");
    ck_assert_ptr_nonnull(doc);
    /* python-docx's template has no line grid: the house Normal does not snap */
    ck_assert_ptr_null(strstr(doc, "w:type=\"lines\""));
    ck_assert_ptr_nonnull(strstr(doc, "<w:docGrid w:linePitch=\"360\"/>"));
    /* its Heading 1 (level 1) is not used under the part titles */
    ck_assert_ptr_null(strstr(doc, "<w:pStyle w:val=\"Heading1\"/>"));
    free(doc);
    rc = tu_runf(&out, "'%s/tests/ooxml/validate-docx.sh' --mce '%s' 2>&1", AD_SOURCE_DIR, docx);
    ck_assert_msg(rc == 0 && strstr(out, "RESULT: OK"), "%s", out);
    free(out);
    rc = tu_runf(&out, S_PYTHON " '%s/tests/docx_outline.py' '%s' '%s/house/packet.pdf' 2>&1",
                 AD_SOURCE_DIR, docx, S_dir);
    ck_assert_msg(rc == 0, "%s", out);
    free(out);
    free(docx);
    S_pages(2);
}
END_TEST

/* LibreOffice's round trip (DOCX → DOCX) keeps every heading (its outline is
 * still packet.pdf's), every list (the same paragraphs numbered with the
 * same labels; LibreOffice writes ● as a Symbol font character) and every
 * table. */
START_TEST(libreoffice_round_trip)
{
    if (!tu_have("soffice"))
        return;
    char *work = ad_xasprintf("%s/lo-rt", S_dir);
    char *out = NULL;
    int rc = tu_runf(&out,
                     "mkdir -p '%s/out' && HOME='%s' timeout 600 soffice --headless --norestore "
                     "-env:UserInstallation=file://%s/lo-profile --convert-to 'docx:MS Word 2007 XML' "
                     "--outdir '%s/out' '%s/sample/packet.docx' 2>&1",
                     work, work, work, work, S_dir);
    ck_assert_msg(rc == 0, "%s", out);
    free(out);
    rc = tu_runf(&out,
                 S_PYTHON " '%s/tests/docx_outline.py' '%s/out/packet.docx' '%s/sample/packet.pdf' 2>&1 && "
                 S_PYTHON " '%s/tests/docx_outline.py' --same-lists '%s/sample/packet.docx' '%s/out/packet.docx' 2>&1",
                 AD_SOURCE_DIR, work, S_dir, AD_SOURCE_DIR, S_dir, work);
    ck_assert_msg(rc == 0, "LibreOffice's round trip lost headings or lists:\n%s", out);
    free(out);
    char *docx = ad_xasprintf("%s/sample/packet.docx", S_dir);
    char *rt = ad_xasprintf("%s/out/packet.docx", work);
    char *a = tu_zip_part(docx, "word/document.xml"), *b = tu_zip_part(rt, "word/document.xml");
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_ge(tu_count(a, "<w:tbl>"), 10);
    ck_assert_uint_eq(tu_count(b, "<w:tbl>"), tu_count(a, "<w:tbl>"));
    free(a);
    free(b);
    free(docx);
    free(rt);
    free(work);
}
END_TEST

START_TEST(outline_sample) { S_outline(0); }
END_TEST
START_TEST(outline_12x40) { S_outline(1); }
END_TEST
START_TEST(libreoffice_pages_sample) { S_pages(0); }
END_TEST
START_TEST(libreoffice_pages_12x40) { S_pages(1); }
END_TEST

int main(void)
{
    S_dir = tu_tmpdir();
    char *out = NULL;
    int rc = tu_runf(&out,
                     "'%s/tests/bench/gen_audit' 12 40 '%s/a12x40.xml' && "
                     "ASAN_OPTIONS=detect_leaks=0 '%s' build -q '%s' -o '%s/sample' && "
                     "ASAN_OPTIONS=detect_leaks=0 '%s' build -q '%s/a12x40.xml' -o '%s/a12x40' 2>&1",
                     AD_BINARY_DIR, S_dir, TU_AUDITDOC, TU_SAMPLE, S_dir, TU_AUDITDOC, S_dir, S_dir);
    if (rc != 0) {
        fprintf(stderr, "building the packets failed (%d):\n%s\n", rc, out);
        free(out);
        tu_rmrf(S_dir);
        free(S_dir);
        return 1;
    }
    free(out);
    Suite *s = suite_create("test_docx_pages");
    TCase *tc = tcase_create("docx_vs_pdf");
    tcase_add_test(tc, outline_sample);
    tcase_add_test(tc, outline_12x40);
    tcase_add_test(tc, libreoffice_pages_sample);
    tcase_add_test(tc, libreoffice_pages_12x40);
    tcase_add_test(tc, house_template_keeps_japanese_and_pages);
    tcase_add_test(tc, libreoffice_round_trip);
    suite_add_tcase(s, tc);
    rc = tu_main(s);
    tu_rmrf(S_dir);
    free(S_dir);
    return rc;
}
