/* docx.h — writing a document tree as an OOXML WordprocessingML package
 * (.docx) with libzip and libxml2's text writer.  See docx_package.c for the
 * package layout and one module per part. */
#ifndef AD_DOCX_H
#define AD_DOCX_H

#include "diag.h"
#include "doc.h"

typedef struct {
    const char *templates_dir;  /* folder holding docx/ static parts */
    const char *house_docx;     /* --template HOUSE.docx: take styles from it, or NULL */
} ad_docx_opts;

/* Writes d to path (directly; the caller handles temp+rename). */
ad_status ad_docx_write(const ad_doc *d, const ad_docx_opts *o, const char *path, ad_err *e);

#endif
