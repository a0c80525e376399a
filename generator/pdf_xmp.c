/* pdf_xmp.c — the document's XMP metadata packet (pdf_int.h): the same
 * facts as the information dictionary, in the schemas PDF/A reads (Dublin
 * Core, XMP basic, Adobe PDF) and the identification schemas of the
 * standards the file claims (pdfaid; pdfuaid for a tagged file, with the
 * pdfaExtension description PDF/A-1 asks for a schema it does not know).  Values are cleaned for XML by the writer (ad_pdfw_set_info), so
 * the two copies agree byte for byte. */
#include <string.h>
#include <time.h>

#include "pdf_int.h"

static void S_text(ad_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': ad_buf_puts(b, "&amp;"); break;
        case '<': ad_buf_puts(b, "&lt;"); break;
        case '>': ad_buf_puts(b, "&gt;"); break;
        default: ad_buf_putc(b, *s);
        }
    }
}

/* <ns:name>value</ns:name>, or nothing without a value. */
static void S_simple(ad_buf *b, const char *name, const char *value)
{
    if (!value)
        return;
    ad_buf_printf(b, "   <%s>", name);
    S_text(b, value);
    ad_buf_printf(b, "</%s>\n", name);
}

/* A language alternative (dc:title, dc:description) or an ordered list
 * (dc:creator) of one item. */
static void S_one(ad_buf *b, const char *name, const char *kind, const char *value)
{
    if (!value)
        return;
    bool alt = strcmp(kind, "Alt") == 0;
    ad_buf_printf(b, "   <%s><rdf:%s><rdf:li%s>", name, kind, alt ? " xml:lang=\"x-default\"" : "");
    S_text(b, value);
    ad_buf_printf(b, "</rdf:li></rdf:%s></%s>\n", kind, name);
}

static void S_date(ad_buf *b, const char *name, long long when)
{
    time_t t = (time_t)when;
    struct tm tm;
    char s[40];
    if (!gmtime_r(&t, &tm) || strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        strcpy(s, "1970-01-01T00:00:00Z");
    S_simple(b, name, s);
}

static void S_begin(ad_buf *b, const char *prefix, const char *ns)
{
    ad_buf_printf(b, "  <rdf:Description rdf:about=\"\" xmlns:%s=\"%s\">\n", prefix, ns);
}

static void S_end(ad_buf *b) { ad_buf_puts(b, "  </rdf:Description>\n"); }

/* PDF/A-1 accepts a property of a schema it does not predefine only with
 * the schema described in the packet (ISO 19005-1, 6.7.2.2). */
static const char S_pdfua_extension[] =
    "  <rdf:Description rdf:about=\"\"\n"
    "    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
    "    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
    "    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
    "   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
    "    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
    "    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
    "    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
    "    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
    "     <pdfaProperty:name>part</pdfaProperty:name>\n"
    "     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
    "     <pdfaProperty:category>internal</pdfaProperty:category>\n"
    "     <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>\n"
    "    </rdf:li></rdf:Seq></pdfaSchema:property>\n"
    "   </rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
    "  </rdf:Description>\n";

char *ad_pdf_xmp(const ad_pdf_xmp_facts *x, size_t *len)
{
    ad_buf b = {0};
    ad_buf_puts(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    S_begin(&b, "dc", "http://purl.org/dc/elements/1.1/");
    S_simple(&b, "dc:format", "application/pdf");
    S_one(&b, "dc:title", "Alt", x->title);
    S_one(&b, "dc:creator", "Seq", x->author);
    S_one(&b, "dc:description", "Alt", x->subject);
    S_end(&b);
    S_begin(&b, "xmp", "http://ns.adobe.com/xap/1.0/");
    S_simple(&b, "xmp:CreatorTool", x->creator);
    if (x->has_date) {
        S_date(&b, "xmp:CreateDate", x->date);
        S_date(&b, "xmp:ModifyDate", x->date);
        S_date(&b, "xmp:MetadataDate", x->date);
    }
    S_end(&b);
    S_begin(&b, "pdf", "http://ns.adobe.com/pdf/1.3/");
    S_simple(&b, "pdf:Producer", x->producer);
    S_simple(&b, "pdf:Keywords", x->keywords);
    S_end(&b);
    if (x->pdfa_part) {
        S_begin(&b, "pdfaid", "http://www.aiim.org/pdfa/ns/id/");
        ad_buf_printf(&b, "   <pdfaid:part>%d</pdfaid:part>\n", x->pdfa_part);
        S_simple(&b, "pdfaid:conformance", x->pdfa_conformance);
        S_end(&b);
    }
    if (x->pdfua_part && x->pdfa_part)
        ad_buf_puts(&b, S_pdfua_extension);
    if (x->pdfua_part) {
        S_begin(&b, "pdfuaid", "http://www.aiim.org/pdfua/ns/id/");
        ad_buf_printf(&b, "   <pdfuaid:part>%d</pdfuaid:part>\n", x->pdfua_part);
        S_end(&b);
    }
    ad_buf_puts(&b, " </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>");
    *len = b.len;
    return ad_buf_take(&b);
}
