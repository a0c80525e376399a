/* docx_parts.c — the small parts of the DOCX package: [Content_Types].xml,
 * _rels/.rels, word/_rels/document.xml.rels, word/footer1.xml (the page
 * number: a PAGE field), docProps/core.xml, docProps/app.xml, and the static
 * parts read from templates/docx/ (settings.xml, fontTable.xml).
 *
 * Relationship ids are fixed names (rIdStyles, rIdFooter1 …) so that
 * document.xml can refer to them without a lookup table.  Dates come from
 * doc->created (SOURCE_DATE_EPOCH or the report date), never the clock. */
#include "docx_int.h"

#include <errno.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

#define CT_WML "application/vnd.openxmlformats-officedocument.wordprocessingml."

/* ---- [Content_Types].xml -----------------------------------------------------*/

static void S_w_default(ad_xw *x, const char *ext, const char *type)
{
    xw_start(x, "Default");
    xw_attr(x, "Extension", ext);
    xw_attr(x, "ContentType", type);
    xw_end(x);
}

static void S_w_override(ad_xw *x, const char *part, const char *type)
{
    xw_start(x, "Override");
    xw_attr(x, "PartName", part);
    xw_attr(x, "ContentType", type);
    xw_end(x);
}

ad_status ad_dx_content_types(const ad_dx_ctx *c, ad_part *p, ad_err *e)
{
    ad_xw x;
    ad_xw_open(&x, true);
    xw_start(&x, "Types");
    xw_attr(&x, "xmlns", "http://schemas.openxmlformats.org/package/2006/content-types");
    S_w_default(&x, "rels", "application/vnd.openxmlformats-package.relationships+xml");
    S_w_default(&x, "xml", "application/xml");
    S_w_override(&x, "/word/document.xml", CT_WML "document.main+xml");
    S_w_override(&x, "/word/styles.xml", CT_WML "styles+xml");
    if (c->n_kinds)
        S_w_override(&x, "/word/numbering.xml", CT_WML "numbering+xml");
    S_w_override(&x, "/word/settings.xml", CT_WML "settings+xml");
    S_w_override(&x, "/word/webSettings.xml", CT_WML "webSettings+xml");
    S_w_override(&x, "/word/fontTable.xml", CT_WML "fontTable+xml");
    if (c->footer)
        S_w_override(&x, "/word/footer1.xml", CT_WML "footer+xml");
    if (c->theme)
        S_w_override(&x, "/word/theme/theme1.xml",
                     "application/vnd.openxmlformats-officedocument.theme+xml");
    S_w_override(&x, "/docProps/core.xml",
                 "application/vnd.openxmlformats-package.core-properties+xml");
    S_w_override(&x, "/docProps/app.xml",
                 "application/vnd.openxmlformats-officedocument.extended-properties+xml");
    xw_end(&x);
    p->name = "[Content_Types].xml";
    return ad_xw_finish(&x, p->name, &p->data, &p->len, e);
}

/* ---- relationships ------------------------------------------------------------*/

static void S_w_relationship(ad_xw *x, const char *id, const char *type, const char *target)
{
    xw_start(x, "Relationship");
    xw_attr(x, "Id", id);
    xw_attr(x, "Type", type);
    xw_attr(x, "Target", target);
    xw_end(x);
}

ad_status ad_dx_package_rels(const ad_dx_ctx *c, ad_part *p, ad_err *e)
{
    (void)c;
    ad_xw x;
    ad_xw_open(&x, true);
    xw_start(&x, "Relationships");
    xw_attr(&x, "xmlns", AD_NS_PKG_REL);
    S_w_relationship(&x, "rId1", AD_REL_BASE "officeDocument", "word/document.xml");
    S_w_relationship(&x, "rId2",
                     "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                     "core-properties",
                     "docProps/core.xml");
    S_w_relationship(&x, "rId3", AD_REL_BASE "extended-properties", "docProps/app.xml");
    xw_end(&x);
    p->name = "_rels/.rels";
    return ad_xw_finish(&x, p->name, &p->data, &p->len, e);
}

ad_status ad_dx_document_rels(const ad_dx_ctx *c, ad_part *p, ad_err *e)
{
    ad_xw x;
    ad_xw_open(&x, true);
    xw_start(&x, "Relationships");
    xw_attr(&x, "xmlns", AD_NS_PKG_REL);
    S_w_relationship(&x, "rIdStyles", AD_REL_BASE "styles", "styles.xml");
    if (c->n_kinds)
        S_w_relationship(&x, "rIdNumbering", AD_REL_BASE "numbering", "numbering.xml");
    S_w_relationship(&x, "rIdSettings", AD_REL_BASE "settings", "settings.xml");
    S_w_relationship(&x, "rIdWebSettings", AD_REL_BASE "webSettings", "webSettings.xml");
    S_w_relationship(&x, "rIdFontTable", AD_REL_BASE "fontTable", "fontTable.xml");
    if (c->footer)
        S_w_relationship(&x, "rIdFooter1", AD_REL_BASE "footer", "footer1.xml");
    if (c->theme)
        S_w_relationship(&x, "rIdTheme1", AD_REL_BASE "theme", "theme/theme1.xml");
    xw_end(&x);
    p->name = "word/_rels/document.xml.rels";
    return ad_xw_finish(&x, p->name, &p->data, &p->len, e);
}

/* ---- word/footer1.xml: the page number ------------------------------------------*/

static void S_w_fldchar(ad_xw *x, const char *type)
{
    xw_start(x, "w:r");
    xw_start(x, "w:fldChar");
    xw_attr(x, "w:fldCharType", type);
    xw_end(x);
    xw_end(x);
}

/* A complex PAGE field (begin, instruction, separate, cached result, end):
 * Word and LibreOffice both update it on every page. */
static void S_w_page_field(ad_xw *x)
{
    S_w_fldchar(x, "begin");
    xw_start(x, "w:r");
    xw_start(x, "w:instrText");
    xw_attr(x, "xml:space", "preserve");
    xw_text(x, " PAGE ");
    xw_end(x);
    xw_end(x);
    S_w_fldchar(x, "separate");
    xw_start(x, "w:r");
    xw_elem_text(x, "w:t", "1");
    xw_end(x);
    S_w_fldchar(x, "end");
}

static void S_w_footer_text(ad_xw *x, const char *s, size_t n)
{
    if (n == 0)
        return;
    char *t = ad_xstrndup(s, n);
    xw_start(x, "w:r");
    xw_start(x, "w:t");
    xw_attr(x, "xml:space", "preserve");
    xw_text(x, t);
    xw_end(x);
    xw_end(x);
    free(t);
}

ad_status ad_dx_footer(const ad_dx_ctx *c, ad_part *p, ad_err *e)
{
    const char *fmt = c->d->page_number_format ? c->d->page_number_format : "{page}";
    ad_xw x;
    ad_xw_open(&x, true);
    xw_start(&x, "w:ftr");
    xw_attr(&x, "xmlns:w", AD_NS_W);
    xw_attr(&x, "xmlns:r", AD_NS_R);
    xw_start(&x, "w:p");
    xw_start(&x, "w:pPr");
    xw_val(&x, "w:pStyle", c->footer_style);
    xw_val(&x, "w:jc", "center");
    xw_end(&x);
    const char *s = fmt;
    for (;;) {
        const char *ph = strstr(s, "{page}");
        if (!ph) {
            S_w_footer_text(&x, s, strlen(s));
            break;
        }
        S_w_footer_text(&x, s, (size_t)(ph - s));
        S_w_page_field(&x);
        s = ph + strlen("{page}");
    }
    xw_end(&x);
    xw_end(&x);
    p->name = "word/footer1.xml";
    return ad_xw_finish(&x, p->name, &p->data, &p->len, e);
}

/* ---- docProps/core.xml and app.xml ------------------------------------------------*/

void ad_dx_w3cdtf(time_t t, char *buf, size_t n)
{
    struct tm tm;
    if (t < 0 || !gmtime_r(&t, &tm)) {
        snprintf(buf, n, "1980-01-01T00:00:00Z");
        return;
    }
    /* strftime, not snprintf: the year is bounded by the date range the
     * loader accepts, but -O3 cannot see that and warns about truncation */
    if (strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, n, "1980-01-01T00:00:00Z");
}

static void S_w_opt(ad_xw *x, const char *name, const char *value)
{
    if (value && *value)
        xw_elem_text(x, name, value);
}

static void S_w_dcterms(ad_xw *x, const char *name, const char *date)
{
    xw_start(x, name);
    xw_attr(x, "xsi:type", "dcterms:W3CDTF");
    xw_text(x, date);
    xw_end(x);
}

ad_status ad_dx_core(const ad_dx_ctx *c, ad_part *p, ad_err *e)
{
    const ad_doc *d = c->d;
    char date[32];
    ad_dx_w3cdtf(d->created, date, sizeof date);
    ad_xw x;
    ad_xw_open(&x, true);
    xw_start(&x, "cp:coreProperties");
    xw_attr(&x, "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
    xw_attr(&x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
    xw_attr(&x, "xmlns:dcterms", "http://purl.org/dc/terms/");
    xw_attr(&x, "xmlns:dcmitype", "http://purl.org/dc/dcmitype/");
    xw_attr(&x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
    S_w_opt(&x, "dc:title", d->title);
    S_w_opt(&x, "dc:subject", d->subject);
    S_w_opt(&x, "dc:creator", d->author);
    S_w_opt(&x, "cp:keywords", d->keywords);
    S_w_opt(&x, "dc:language", d->language);
    S_w_opt(&x, "cp:lastModifiedBy", d->author);
    /* one save: the first revision */
    xw_elem_text(&x, "cp:revision", "1");
    S_w_dcterms(&x, "dcterms:created", date);
    S_w_dcterms(&x, "dcterms:modified", date);
    xw_end(&x);
    p->name = "docProps/core.xml";
    return ad_xw_finish(&x, p->name, &p->data, &p->len, e);
}

#ifndef AD_VERSION
#define AD_VERSION "0.0.0"
#endif

/* AD_VERSION "1.2.3" as app.xml's AppVersion "01.0002". */
static void S_app_version(char *buf, size_t n)
{
    unsigned major = 0, minor = 0;
    if (sscanf(AD_VERSION, "%u.%u", &major, &minor) < 1)
        major = minor = 0;
    snprintf(buf, n, "%02u.%04u", major % 100, minor % 10000);
}

ad_status ad_dx_app(const ad_dx_ctx *c, ad_part *p, ad_err *e)
{
    (void)c;
    ad_xw x;
    ad_xw_open(&x, true);
    xw_start(&x, "Properties");
    xw_attr(&x, "xmlns",
            "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
    xw_attr(&x, "xmlns:vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes");
    xw_elem_text(&x, "Template", "Normal.dotm");
    xw_elem_text(&x, "Application", "auditdoc");
    xw_elem_text(&x, "DocSecurity", "0");
    xw_elem_text(&x, "ScaleCrop", "false");
    xw_elem_text(&x, "LinksUpToDate", "false");
    xw_elem_text(&x, "SharedDoc", "false");
    xw_elem_text(&x, "HyperlinksChanged", "false");
    /* the schema wants NN.NNNN: auditdoc's major and minor version */
    char version[16];
    S_app_version(version, sizeof version);
    xw_elem_text(&x, "AppVersion", version);
    xw_end(&x);
    p->name = "docProps/app.xml";
    return ad_xw_finish(&x, p->name, &p->data, &p->len, e);
}

/* ---- static parts from templates/docx/ -------------------------------------------------*/

ad_status ad_dx_check_xml(const char *what, const char *data, size_t len, ad_err *e)
{
    if (len > (size_t)0x7fffffff)
        return ad_fail(e, AD_ERR_TEMPLATE, "%s: too large", what);
    /* no network, no entity substitution, no DTD loading */
    xmlDocPtr doc = xmlReadMemory(data, (int)len, what, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *err = xmlGetLastError();
        return ad_fail(e, AD_ERR_TEMPLATE, "%s:%d: not well-formed XML: %s", what,
                       err ? err->line : 0, err && err->message ? err->message : "parse error");
    }
    xmlFreeDoc(doc);
    return AD_OK;
}

ad_status ad_dx_static(const char *templates_dir, const char *rel, ad_part *p, ad_err *e)
{
    char *path = ad_xasprintf("%s/docx/%s", templates_dir ? templates_dir : "templates", rel);
    FILE *f = fopen(path, "rb");
    if (!f) {
        ad_status st = ad_fail(e, AD_ERR_TEMPLATE, "%s: cannot read the DOCX template part: %s",
                               path, strerror(errno));
        free(path);
        return st;
    }
    ad_buf b = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ad_buf_put(&b, chunk, n);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad) {
        ad_buf_free(&b);
        ad_status st = ad_fail(e, AD_ERR_TEMPLATE, "%s: read error", path);
        free(path);
        return st;
    }
    size_t len = b.len;
    char *data = ad_buf_take(&b);
    ad_status st = ad_dx_check_xml(path, data, len, e);
    free(path);
    if (st != AD_OK) {
        free(data);
        return st;
    }
    p->data = data;
    p->len = len;
    return AD_OK;
}
