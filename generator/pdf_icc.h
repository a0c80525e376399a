/* pdf_icc.h — the sRGB profile PDF/A's output intent needs (pdf_icc.c),
 * made with Little CMS; outside libad_pdf, which links no colour library. */
#ifndef AD_PDF_ICC_H
#define AD_PDF_ICC_H

#include "pdf.h"

/* Gives w the sRGB IEC 61966-2.1 profile as its output intent (making the
 * file PDF/A-1b).  Without Little CMS's profile (out of memory there) the
 * file stays plain PDF. */
void ad_pdf_srgb_intent(ad_pdfw *w);
/* The profile's bytes (kept for the process; NULL if lcms failed). */
const unsigned char *ad_pdf_srgb_profile(size_t *len);

#endif
