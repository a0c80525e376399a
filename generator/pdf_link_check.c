/* pdf_link_check.c — not part of auditdoc: a program linked with libad_pdf
 * alone (CMakeLists.txt), so the build fails when the PDF library calls
 * anything outside util, diag and libdeflate.  It references every object
 * file of the library; run, it does nothing. */
#include "pdf.h"

int main(int argc, char **argv)
{
    (void)argv;
    if (argc < 1000)
        return 0;
    ad_err e = {0};
    ad_sfnt_source none = {.path = "", .upem = 1000, .n_glyphs = 1}; /* no tables: refused */
    ad_sfnt *sf = ad_sfnt_new(&none, &e);
    ad_pdfw *w = ad_pdfw_new(stdout);
    ad_pdfw_page(w, 10, 10);
    ad_pdfw_font(w, sf);
    ad_pdfw_outline(w, 0, "", NULL, 0, 0, true);
    return ad_pdfw_finish(w, "", &e) == AD_OK ? 0 : 1;
}
