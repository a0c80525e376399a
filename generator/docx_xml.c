/* docx_xml.c — the thin layer over libxml2's xmlTextWriter that every DOCX
 * part writer uses (the role xmlwriter.c plays in libxlsxwriter).
 *
 * Every call checks libxml2's return code; the first failure is kept in the
 * ad_xw (sticky) and later calls do nothing, so part writers check once at
 * the end.  Every string is passed through ad_xml_clean() first: libxml2's
 * writer escapes & < > but passes C0 control characters and invalid UTF-8
 * straight through, which would make the part unreadable. */
#include "docx_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void S_fail(ad_xw *x, const char *what, const char *name)
{
    if (x->st == AD_OK) {
        x->st = AD_ERR_RENDER;
        snprintf(x->what, sizeof x->what, "%s(%s)", what, name ? name : "");
    }
}

void ad_xw_open(ad_xw *x, bool decl)
{
    memset(x, 0, sizeof *x);
    x->buf = xmlBufferCreate();
    x->w = x->buf ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
    if (!x->w) {
        S_fail(x, "xmlNewTextWriterMemory", NULL);
        return;
    }
    /* Always start a document: without a declared encoding libxml2 writes
     * non-ASCII attribute values as character references.  For a fragment
     * (tests) the declaration is dropped from the buffer again. */
    if (xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", "yes") < 0) {
        S_fail(x, "xmlTextWriterStartDocument", NULL);
        return;
    }
    if (!decl) {
        xmlTextWriterFlush(x->w);
        xmlBufferEmpty(x->buf);
    }
}

void ad_xw_dispose(ad_xw *x)
{
    if (x->w)
        xmlFreeTextWriter(x->w);
    if (x->buf)
        xmlBufferFree(x->buf);
    x->w = NULL;
    x->buf = NULL;
}

const char *ad_xw_peek(ad_xw *x)
{
    if (x->w)
        xmlTextWriterFlush(x->w);
    return x->buf ? (const char *)xmlBufferContent(x->buf) : "";
}

ad_status ad_xw_finish(ad_xw *x, const char *part, char **data, size_t *len, ad_err *e)
{
    *data = NULL;
    *len = 0;
    if (x->st == AD_OK && xmlTextWriterEndDocument(x->w) < 0)
        S_fail(x, "xmlTextWriterEndDocument", NULL);
    if (x->st == AD_OK && xmlTextWriterFlush(x->w) < 0)
        S_fail(x, "xmlTextWriterFlush", NULL);
    if (x->st != AD_OK) {
        ad_status st = x->st;
        ad_fail(e, st, "%s: writing the XML failed (%s)", part, x->what);
        ad_xw_dispose(x);
        return st;
    }
    /* Take the buffer's memory instead of copying it (document.xml is the
     * largest allocation of a big build).  libxml2 allocates with malloc()
     * unless xmlMemSetup() is called, which auditdoc never does, so the
     * caller (and libzip) may free() it. */
    xmlFreeTextWriter(x->w); /* closes its output into x->buf */
    x->w = NULL;
    size_t n = (size_t)xmlBufferLength(x->buf);
    *data = (char *)xmlBufferDetach(x->buf);
    if (!*data) {
        *data = ad_xmalloc(1);
        (*data)[0] = '\0';
        n = 0;
    }
    *len = n;
    ad_xw_dispose(x);
    return AD_OK;
}

void xw_start(ad_xw *x, const char *name)
{
    if (x->st == AD_OK && xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
        S_fail(x, "xmlTextWriterStartElement", name);
}

void xw_end(ad_xw *x)
{
    if (x->st == AD_OK && xmlTextWriterEndElement(x->w) < 0)
        S_fail(x, "xmlTextWriterEndElement", NULL);
}

void xw_attr(ad_xw *x, const char *name, const char *value)
{
    if (x->st != AD_OK)
        return;
    char *v = ad_xml_clean(value ? value : "");
    if (xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST v) < 0)
        S_fail(x, "xmlTextWriterWriteAttribute", name);
    free(v);
}

void xw_attr_int(ad_xw *x, const char *name, long value)
{
    char num[32];
    snprintf(num, sizeof num, "%ld", value);
    xw_attr(x, name, num);
}

void xw_text(ad_xw *x, const char *text)
{
    if (x->st != AD_OK)
        return;
    char *v = ad_xml_clean(text ? text : "");
    if (xmlTextWriterWriteString(x->w, BAD_CAST v) < 0)
        S_fail(x, "xmlTextWriterWriteString", NULL);
    free(v);
}

void xw_val(ad_xw *x, const char *name, const char *val)
{
    xw_start(x, name);
    xw_attr(x, "w:val", val);
    xw_end(x);
}

void xw_val_int(ad_xw *x, const char *name, long val)
{
    xw_start(x, name);
    xw_attr_int(x, "w:val", val);
    xw_end(x);
}

void xw_empty(ad_xw *x, const char *name)
{
    xw_start(x, name);
    xw_end(x);
}

void xw_elem_text(ad_xw *x, const char *name, const char *text)
{
    xw_start(x, name);
    xw_text(x, text);
    xw_end(x);
}
