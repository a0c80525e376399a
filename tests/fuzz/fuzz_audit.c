/* fuzz_audit.c — libFuzzer target: one input is one audit XML file.
 *
 * It goes through the loader (ad_load_memory: parsing, schema, the spec's
 * checks) and, when it loads, through every renderer: the committee packet
 * as PDF and DOCX, the results matrix as PDF and the first department's
 * report as PDF, written into a temporary folder of this process.  Templates
 * and fonts are loaded once.  Any crash, sanitizer report, leak, hang or
 * runaway allocation is a finding; tests/fuzz/run.sh copies it into
 * tests/hostile/regress/ so that test_hostile replays it for ever.
 *
 * AD_FUZZ_NO_RENDER=1 in the environment fuzzes the loader alone (faster). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compose.h"
#include "docx.h"
#include "fsutil.h"
#include "load.h"
#include "templates.h"
#include "typeset.h"
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ad_templates *S_tpl;
static ad_fonts *S_fonts;
static char *S_tmp, *S_pdf, *S_docx;
static int S_render = 1;

static void S_cleanup(void)
{
    if (S_tmp) {
        ad_rmrf(S_tmp);
        free(S_tmp);
    }
    free(S_pdf);
    free(S_docx);
    ad_fonts_free(S_fonts);
    ad_templates_free(S_tpl);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    const char *nr = getenv("AD_FUZZ_NO_RENDER");
    S_render = !(nr && *nr == '1');
    ad_err e = {0};
    S_tpl = ad_templates_load(AD_SOURCE_DIR "/templates", &e);
    S_fonts = S_render ? ad_fonts_load(AD_SOURCE_DIR "/fonts", &e) : NULL;
    if (!S_tpl || (S_render && !S_fonts)) {
        fprintf(stderr, "fuzz_audit: %s\n", e.msg);
        abort();
    }
    const char *base = getenv("TMPDIR");
    S_tmp = ad_xasprintf("%s/auditdoc-fuzz.XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(S_tmp)) {
        perror("mkdtemp");
        abort();
    }
    S_pdf = ad_xasprintf("%s/out.pdf", S_tmp);
    S_docx = ad_xasprintf("%s/out.docx", S_tmp);
    atexit(S_cleanup);
    return 0;
}

static void S_pdf_of(ad_doc *d)
{
    if (!d)
        return;
    ad_diags w;
    ad_diags_init(&w);
    ad_err e = {0};
    (void)ad_pdf_write(d, S_fonts, S_pdf, &w, &e);
    ad_diags_free(&w);
    ad_doc_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ad_diags d;
    ad_diags_init(&d);
    ad_audit *a = ad_load_memory((const char *)data, size, "fuzz.xml", &d);
    /* formatting every diagnostic exercises the message code too */
    for (size_t i = 0; i < d.n; i++)
        free(ad_diag_format(&d.v[i]));
    ad_diags_free(&d);
    if (!a)
        return 0;
    /* the composers always; the renderers for inputs of a sane size (a
     * 200-department round takes seconds to typeset and teaches nothing new) */
    ad_doc *packet = ad_compose_packet(a, S_tpl);
    if (S_render && a->n_departments <= 40) {
        ad_docx_opts o = {S_tpl->dir, NULL};
        ad_err e = {0};
        (void)ad_docx_write(packet, &o, S_docx, &e);
        S_pdf_of(packet);
        S_pdf_of(ad_compose_matrix_doc(a, S_tpl));
        if (a->n_departments > 0)
            S_pdf_of(ad_compose_dept_doc(a, 0, S_tpl));
    } else {
        ad_doc_free(packet);
        ad_doc_free(ad_compose_matrix_doc(a, S_tpl));
        for (size_t i = 0; i < a->n_departments && i < 3; i++)
            ad_doc_free(ad_compose_dept_doc(a, i, S_tpl));
    }
    ad_audit_free(a);
    return 0;
}
