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
 *   packet.pdf, every outline entry on the same page (tests/docx_pages.py). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util.h"

#define S_PYTHON "/usr/bin/python3"

static char *S_dir;
static const char *const S_cases[2] = {"sample", "a12x40"};

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
    suite_add_tcase(s, tc);
    rc = tu_main(s);
    tu_rmrf(S_dir);
    free(S_dir);
    return rc;
}
