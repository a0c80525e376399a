/* load.c — reading an audit XML file into the model, safely.
 *
 * Steps, each reporting every problem it finds to the diagnostics:
 *  1. bytes: size limit, empty file, UTF-16, a declared encoding other than
 *     UTF-8, invalid UTF-8 (with the line);
 *  2. libxml2 parse without network, DTD or entity loading; a DOCTYPE stops
 *     the parser at once (SAX hook) and is an error; libxml2's own messages
 *     come through a structured handler as one line each, never on stderr;
 *  3. structure: the element/attribute rules of schema/audit-1.rng, checked
 *     by a table in load_rules.c so that messages name the element, the
 *     attribute and what is allowed; then the embedded RELAX NG schema itself as a backstop;
 *  4. reading the model (tolerant of anything step 3 reported), with the
 *     checks that need the raw text: dates, marks, term, references by id;
 *  5. the checks of load_checks.c.
 * The model is returned only when no step found an error. */
#include "load.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "fsutil.h"
#include "hash.h"
#include "load_int.h"
#include "uniclass.h"
#include "util.h"
#include "wareki.h"

extern const unsigned char ad_schema_rng[];
extern const size_t ad_schema_rng_len;

#define S_MAX_DEPTH 256      /* libxml2's own limit without XML_PARSE_HUGE */
#define S_MAX_ELEMENTS 1000000L /* a real audit has a few thousand; the tree of
                                 * a million takes some 200 MB */
#define S_MAX_LIB_ERRORS 20  /* RELAX NG messages reported per file */
#define S_MAX_BAD_LINES 10   /* lines with invalid UTF-8 reported */
#define S_BR '\x01'          /* stands for <br/> in raw text (never valid in XML) */

typedef struct {
    const char *name;
    size_t index;
} S_idx;

typedef struct {
    const char *file;
    ad_diags *diags;
    /* parse phase */
    bool doctype;
    long doctype_line;
    long n_elements;
    bool too_many;
    long too_many_line;
    startElementNsSAX2Func start_element;
    charactersSAXFunc characters;
    size_t n_lib;
    /* RELAX NG messages, reported only when the table found nothing */
    ad_diags rng;
    size_t n_struct_errors;
    ad_audit *a;
    S_idx *dept_idx, *sys_idx;
    size_t unfilled_cap;
} S_ld;

#define ERR(L, line, ...) ad_diag_add((L)->diags, AD_DIAG_ERROR, (L)->file, (line), __VA_ARGS__)
#define WARN(L, line, ...) ad_diag_add((L)->diags, AD_DIAG_WARNING, (L)->file, (line), __VA_ARGS__)

/* ======================================================================
 * libxml2 plumbing
 * ====================================================================== */

static void S_silent(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

static void S_silent_s(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

static char *S_trim_msg(const char *m)
{
    char *s = ad_xstrdup(m ? m : "unknown error");
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Parser errors in words a secretary can act on. */
static void S_parse_error(void *ctx, xmlErrorPtr e)
{
    S_ld *L = ctx;
    if (!e || L->doctype || L->too_many) /* the parser was stopped; the rest is noise */
        return;
    if (e->level == XML_ERR_WARNING) {
        char *m = S_trim_msg(e->message);
        WARN(L, e->line, "XML: %s", m);
        free(m);
        return;
    }
    /* the parser stops at the first fatal error; what follows on the same
     * spot only repeats it in other words */
    if (L->n_lib++ >= 1)
        return;
    char *m = S_trim_msg(e->message);
    const char *s1 = e->str1, *s2 = e->str2;
    switch (e->code) {
    case XML_ERR_TAG_NAME_MISMATCH:
        ERR(L, e->line, "the end tag </%s> does not match the start tag <%s> on line %d",
            s2 ? s2 : "?", s1 ? s1 : "?", e->int1);
        break;
    case XML_ERR_TAG_NOT_FINISHED:
        ERR(L, e->line, "the file ends before <%s> (opened on line %d) is closed: is it cut short?",
            s1 ? s1 : "?", e->int1);
        break;
    case XML_ERR_LT_IN_ATTRIBUTE:
        ERR(L, e->line, "a '<' inside an attribute value: write &lt; instead");
        break;
    case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
        ERR(L, e->line, "the attribute %s has no value: write %s=\"…\"", s1 ? s1 : "?", s1 ? s1 : "?");
        break;
    case XML_ERR_ATTRIBUTE_NOT_STARTED:
    case XML_ERR_ATTRIBUTE_NOT_FINISHED:
        ERR(L, e->line, "an attribute value must be in quotes: name=\"value\"");
        break;
    case XML_ERR_ATTRIBUTE_REDEFINED:
        ERR(L, e->line, "the attribute %s is given twice on one element", s1 ? s1 : "?");
        break;
    case XML_ERR_GT_REQUIRED:
        ERR(L, e->line, "a start tag is not closed with '>' (%s)", m);
        break;
    case XML_ERR_NAME_REQUIRED:
        ERR(L, e->line, "a '<' that starts no element: write &lt; for a literal <");
        break;
    case XML_ERR_ENTITYREF_SEMICOL_MISSING:
        ERR(L, e->line, "an '&' that starts no entity: write &amp; for a literal &");
        break;
    case XML_ERR_DOCUMENT_EMPTY:
        ERR(L, e->line, "the file holds no XML element");
        break;
    case XML_ERR_DOCUMENT_END:
        ERR(L, e->line, "there is more after the end of the root element </audit>: "
                        "everything must be inside <audit>");
        break;
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
        ERR(L, e->line, "unknown entity &%s;: only &amp; &lt; &gt; &quot; &apos; and "
                        "numeric references such as &#12354; may be used",
            s1 ? s1 : "?");
        break;
    default:
        if (strstr(m, "Excessive depth"))
            ERR(L, e->line, "elements are nested more than %d levels deep: the file is not an "
                            "audit file, or it is damaged", S_MAX_DEPTH);
        else if (strstr(m, "attributes construct error"))
            ERR(L, e->line, "the attributes of an element are malformed: write name=\"value\" pairs "
                            "separated by spaces");
        else if (e->code == XML_ERR_INVALID_CHAR || e->code == XML_ERR_INVALID_ENCODING)
            ERR(L, e->line, "the file holds a character XML does not allow (%s): save it as UTF-8 text", m);
        else
            ERR(L, e->line, "the file is not well-formed XML: %s", m);
    }
    free(m);
}

static void S_rng_error(void *ctx, xmlErrorPtr e)
{
    S_ld *L = ctx;
    if (!e || L->rng.n >= S_MAX_LIB_ERRORS)
        return;
    char *m = S_trim_msg(e->message);
    long line = e->node ? xmlGetLineNo((xmlNodePtr)e->node) : e->line;
    /* these only repeat a more precise message about a child */
    if (!strstr(m, "failed to validate content") && !strstr(m, "Invalid sequence in interleave"))
        ad_diag_add(&L->rng, AD_DIAG_ERROR, L->file, line > 0 ? line : 0,
                    "does not match the schema: %s", m);
    free(m);
}

static _Thread_local S_ld *S_entity_owner; /* the load in progress, for the refusing loader */

static xmlParserInputPtr S_no_entities(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)id;
    S_ld *L = S_entity_owner;
    if (L && !L->doctype)
        ERR(L, ctxt && ctxt->input ? ctxt->input->line : 0,
            "refusing to load the external resource \"%s\": an audit file is self-contained",
            url ? url : "?");
    return NULL;
}

/* SAX hook: called at <!DOCTYPE …> before its internal subset is read. */
static void S_internal_subset(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
    (void)name;
    (void)ext;
    (void)sys;
    xmlParserCtxtPtr ctxt = ctx;
    S_ld *L = ctxt->_private;
    L->doctype = true;
    L->doctype_line = ctxt->input ? ctxt->input->line : 0;
    xmlStopParser(ctxt);
}

/* SAX hook: counts elements and stops the parser before the tree grows
 * beyond any audit file. */
static void S_start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                            const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                            int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    S_ld *L = ctxt->_private;
    if (L->too_many)
        return;
    if (++L->n_elements > S_MAX_ELEMENTS) {
        L->too_many = true;
        L->too_many_line = ctxt->input ? ctxt->input->line : 0;
        xmlStopParser(ctxt);
        return;
    }
    L->start_element(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
                     nb_defaulted, attributes);
}

/* SAX hook: libxml2 numbers a text node by the line the parser had reached
 * when it delivered the node's first chunk; renumber it by the line the text
 * starts on. */
static void S_characters(void *ctx, const xmlChar *ch, int len)
{
    xmlParserCtxtPtr ctxt = ctx;
    S_ld *L = ctxt->_private;
    xmlNodePtr parent = ctxt->node;
    xmlNodePtr before = parent ? parent->last : NULL;
    L->characters(ctx, ch, len);
    xmlNodePtr t = parent ? parent->last : NULL;
    if (!t || t == before || t->type != XML_TEXT_NODE || !ctxt->input)
        return;
    long line = ctxt->input->line;
    for (int i = 0; i < len; i++)
        if (ch[i] == '\n')
            line--;
    if (line < 1)
        line = 1;
    if (line < 65535) {
        t->line = (unsigned short)line;
    } else { /* as libxml2 stores big line numbers (XML_PARSE_BIG_LINES) */
        t->line = 65535;
        t->psvi = (void *)(ptrdiff_t)line;
    }
}

static xmlRelaxNGPtr S_schema;
static pthread_once_t S_schema_once = PTHREAD_ONCE_INIT;

static void S_compile_schema(void)
{
    xmlRelaxNGParserCtxtPtr pc =
        xmlRelaxNGNewMemParserCtxt((const char *)ad_schema_rng, (int)ad_schema_rng_len);
    if (!pc)
        return;
    xmlRelaxNGSetParserStructuredErrors(pc, S_silent_s, NULL);
    S_schema = xmlRelaxNGParse(pc);
    xmlRelaxNGFreeParserCtxt(pc);
}

/* ======================================================================
 * step 1: bytes
 * ====================================================================== */

static bool S_precheck(S_ld *L, const unsigned char *b, size_t n)
{
    if (n == 0) {
        ERR(L, 0, "the file is empty");
        return false;
    }
    if (n > (size_t)AD_MAX_INPUT_BYTES) {
        ERR(L, 0, "the file is %zu bytes, more than the %ld MB auditdoc reads", n,
            AD_MAX_INPUT_BYTES / (1024 * 1024));
        return false;
    }
    if ((n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) ||
        (n >= 4 && ((b[0] == 0 && b[1] == '<' && b[2] == 0) || (b[0] == '<' && b[1] == 0)))) {
        ERR(L, 1, "the file is UTF-16 text: save it as UTF-8");
        return false;
    }
    size_t start = 0;
    if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
        start = 3; /* a UTF-8 byte-order mark is harmless */
    /* the encoding the XML declaration names */
    if (n - start >= 5 && memcmp(b + start, "<?xml", 5) == 0) {
        size_t end = start;
        while (end < n && end < start + 256 && !(b[end] == '?' && end + 1 < n && b[end + 1] == '>'))
            end++;
        const char *decl = (const char *)b + start;
        size_t dlen = end - start;
        const char *enc = NULL;
        for (size_t i = 0; i + 8 <= dlen; i++)
            if (memcmp(decl + i, "encoding", 8) == 0) {
                enc = decl + i + 8;
                break;
            }
        if (enc) {
            const char *p = enc, *lim = decl + dlen;
            while (p < lim && (*p == ' ' || *p == '=' || *p == '\t'))
                p++;
            if (p < lim && (*p == '"' || *p == '\'')) {
                char q = *p++;
                const char *v = p;
                while (p < lim && *p != q)
                    p++;
                char *val = ad_xstrndup(v, (size_t)(p - v));
                if (strcasecmp(val, "UTF-8") != 0 && strcasecmp(val, "UTF8") != 0) {
                    char *clean = ad_xml_clean(val);
                    ERR(L, 1, "the file declares encoding=\"%s\", but auditdoc reads UTF-8 only: "
                              "save the file as UTF-8 and write encoding=\"UTF-8\"", clean);
                    free(clean);
                    free(val);
                    return false;
                }
                free(val);
            }
        }
    }
    /* every byte valid UTF-8, no NUL */
    long line = 1, last_bad = 0;
    size_t bad = 0, i = start;
    while (i < n) {
        if (b[i] == '\n') {
            line++;
            i++;
            continue;
        }
        if (b[i] < 0x80 && b[i] != 0) {
            i++;
            continue;
        }
        uint32_t cp = 0;
        size_t k = b[i] ? ad_utf8_decode((const char *)b + i, n - i, &cp) : 1;
        bool ok = b[i] != 0 && !(cp == 0xFFFD && !(k == 3 && b[i] == 0xEF));
        if (!ok && line != last_bad) {
            last_bad = line;
            if (bad++ < S_MAX_BAD_LINES) {
                if (b[i] == 0)
                    ERR(L, line, "the file holds a NUL byte: it is not UTF-8 text (UTF-16 or a binary file?)");
                else
                    ERR(L, line, "the text is not valid UTF-8 (byte 0x%02X): save the file as UTF-8 "
                                 "(was it saved as Shift_JIS?)", b[i]);
            }
        }
        i += k;
    }
    if (bad > S_MAX_BAD_LINES)
        ERR(L, 0, "%zu more lines are not valid UTF-8", bad - S_MAX_BAD_LINES);
    return bad == 0;
}

/* ======================================================================
 * text helpers
 * ====================================================================== */

static bool S_is_el(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static long S_line(xmlNodePtr n) { return n ? xmlGetLineNo(n) : 0; }

long ad_load_text_line(struct _xmlNode *c)
{
    long line = S_line(c);
    const char *t = (const char *)c->content;
    if (!t)
        return line;
    size_t lead = strspn(t, " \t\r\n");
    for (size_t i = 0; i < lead; i++)
        if (t[i] == '\n')
            line++;
    return line > 0 ? line : 1;
}

char *ad_load_collapse(const char *raw, size_t n)
{
    ad_buf b = {0};
    ad_buf_put(&b, "", 0);
    bool ws = false, ws_break = false;
    uint32_t prev = 0; /* last code point written, 0 at the start of a line */
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)raw[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ws = true;
            if (c == '\n' || c == '\r')
                ws_break = true;
            i++;
            continue;
        }
        if (c == (unsigned char)S_BR) {
            ad_buf_putc(&b, '\n');
            prev = 0;
            ws = ws_break = false;
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = ad_utf8_decode(raw + i, n - i, &cp);
        if (ws && prev != 0 && !(ws_break && ad_uc_wide(prev) && ad_uc_wide(cp)))
            ad_buf_putc(&b, ' ');
        ws = ws_break = false;
        ad_buf_put(&b, raw + i, k);
        prev = cp;
        i += k;
    }
    char *s = ad_buf_take(&b);
    /* no line break at either end */
    size_t len = strlen(s), st = 0;
    while (len && s[len - 1] == '\n')
        s[--len] = '\0';
    while (s[st] == '\n')
        st++;
    char *clean = ad_xml_clean(s + st);
    free(s);
    return clean;
}

/* Appends the direct text of el (text, CDATA, <br/> as S_BR); other child
 * elements (nested lists, <sub>) and comments are left out. */
static void S_raw_text(xmlNodePtr el, ad_buf *b)
{
    for (xmlNodePtr c = el->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content)
                ad_buf_puts(b, (const char *)c->content);
        } else if (S_is_el(c, "br")) {
            ad_buf_putc(b, S_BR);
        }
    }
}

/* The collapsed text of el, script-checked; "" when el has none. */
static char *S_text(S_ld *L, xmlNodePtr el)
{
    ad_buf b = {0};
    ad_buf_put(&b, "", 0);
    S_raw_text(el, &b);
    char *s = ad_load_collapse(b.s, b.len);
    ad_buf_free(&b);
    char *where = ad_xasprintf("<%s>", (const char *)el->name);
    ad_check_script(L->diags, L->file, S_line(el), where, s);
    free(where);
    return s;
}

char *ad_load_attr(const char *file, ad_diags *d, struct _xmlNode *el, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(el, (const xmlChar *)name);
    if (!v)
        return NULL;
    char *s = ad_load_collapse((const char *)v, strlen((const char *)v));
    xmlFree(v);
    char *where = ad_xasprintf("the %s attribute of <%s>", name, (const char *)el->name);
    ad_check_script(d, file, S_line(el), where, s);
    free(where);
    return s;
}

static char *S_attr(S_ld *L, xmlNodePtr el, const char *name)
{
    return ad_load_attr(L->file, L->diags, el, name);
}

/* "?": a place to fill (see S_place). */
static bool S_is_place(const char *s) { return s && strcmp(s, "?") == 0; }

static bool S_bool_attr(S_ld *L, xmlNodePtr el, const char *name)
{
    char *v = S_attr(L, el, name);
    bool r = v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
    free(v);
    return r;
}

/* ======================================================================
 * step 4: reading the model
 * ====================================================================== */

static int S_idx_cmp(const void *x, const void *y)
{
    const S_idx *a = x, *b = y;
    int c = strcmp(a->name, b->name);
    return c ? c : (a->index < b->index ? -1 : a->index > b->index);
}

static S_idx *S_make_index(const char *const *names, size_t n)
{
    S_idx *v = ad_xcalloc(n ? n : 1, sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = (S_idx){names[i] ? names[i] : "", i};
    qsort(v, n, sizeof *v, S_idx_cmp);
    return v;
}

static size_t S_lookup(const S_idx *v, size_t n, const char *name)
{
    size_t lo = 0, hi = n;
    while (lo < hi) { /* first entry >= name: the first declared wins */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(v[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && strcmp(v[lo].name, name) == 0 ? v[lo].index : (size_t)-1;
}

/* "a, b, c" of at most max names, then "…" */
static char *S_join_names(const char *const *names, size_t n, size_t max)
{
    ad_buf b = {0};
    ad_buf_put(&b, "", 0);
    for (size_t i = 0; i < n && i < max; i++)
        ad_buf_printf(&b, "%s%s", i ? ", " : "", names[i] ? names[i] : "?");
    if (n > max)
        ad_buf_printf(&b, ", … (%zu in all)", n);
    return ad_buf_take(&b);
}

static char *S_dept_ids(const ad_audit *a)
{
    const char **v = ad_xcalloc(a->n_departments + 1, sizeof *v);
    for (size_t i = 0; i < a->n_departments; i++)
        v[i] = a->departments[i].id;
    char *s = S_join_names(v, a->n_departments, 12);
    free(v);
    return s;
}

static char *S_dept_shorts(const ad_audit *a)
{
    const char **v = ad_xcalloc(a->n_departments + 1, sizeof *v);
    for (size_t i = 0; i < a->n_departments; i++)
        v[i] = a->departments[i].short_name;
    char *s = S_join_names(v, a->n_departments, 12);
    free(v);
    return s;
}

static ad_date S_date(S_ld *L, const char *s, long line, const char *what)
{
    ad_date d = {0, 0, 0};
    if (!s)
        return d;
    if (ad_date_parse(s, &d))
        return d;
    bool shape = strlen(s) == 10 && s[4] == '-' && s[7] == '-';
    for (size_t i = 0; shape && i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            shape = false;
    if (!shape)
        ERR(L, line, "%s \"%s\" is not a date: write it as YYYY-MM-DD, for example 2025-10-15", what, s);
    else if (atoi(s) < 1989 || atoi(s) > 2100)
        ERR(L, line, "%s \"%s\" is outside the years 1989–2100 the format covers", what, s);
    else
        ERR(L, line, "%s \"%s\" is an impossible date: that day does not exist", what, s);
    return (ad_date){0, 0, 0};
}

/* A value written "?" is a place to fill (auditdoc next writes them): it is
 * recorded, and the text becomes what a draft prints for it. */
static void S_place(S_ld *L, const char *what, long line)
{
    AD_VEC_PUSH(L->a->unfilled, L->a->n_unfilled, L->unfilled_cap) = (ad_place){what, line};
}


/* A text that may be a place to fill: "?" becomes AD_UNFILLED. */
static char *S_fill_text(S_ld *L, char *s, const char *what, long line)
{
    if (!S_is_place(s))
        return s;
    S_place(L, what, line);
    free(s);
    return ad_xstrdup(AD_UNFILLED);
}

/* A date that may be a place to fill. */
static ad_date S_date_or_place(S_ld *L, const char *s, long line, const char *what)
{
    if (S_is_place(s)) {
        S_place(L, what, line);
        return (ad_date){-1, 0, 0};
    }
    return S_date(L, s, line, what);
}

static void S_read_blocks(S_ld *L, xmlNodePtr el, ad_blocks *out);

static void S_push_block(ad_blocks *out, size_t *cap, ad_block blk)
{
    AD_VEC_PUSH(out->v, out->n, *cap) = blk;
}

static void S_read_list(S_ld *L, xmlNodePtr list, ad_blocks *items)
{
    size_t cap = 0;
    for (xmlNodePtr c = list->children; c; c = c->next) {
        if (!S_is_el(c, "li"))
            continue;
        ad_block li = {AD_BLOCK_LI, NULL, {NULL, 0}, S_line(c)};
        li.text = S_text(L, c);
        size_t ccap = 0;
        for (xmlNodePtr g = c->children; g; g = g->next) {
            bool ul = S_is_el(g, "ul");
            if (ul || S_is_el(g, "ol")) {
                ad_block sub = {ul ? AD_BLOCK_UL : AD_BLOCK_OL, NULL, {NULL, 0}, S_line(g)};
                S_read_list(L, g, &sub.children);
                S_push_block(&li.children, &ccap, sub);
            }
        }
        S_push_block(items, &cap, li);
    }
}

static void S_flush_loose(S_ld *L, ad_buf *loose, long *line, xmlNodePtr el, ad_blocks *out, size_t *cap)
{
    if (loose->len) {
        char *t = ad_load_collapse(loose->s, loose->len);
        if (t[0]) {
            char *where = ad_xasprintf("<%s>", (const char *)el->name);
            ad_check_script(L->diags, L->file, *line, where, t);
            free(where);
            S_push_block(out, cap, (ad_block){AD_BLOCK_P, t, {NULL, 0}, *line});
        } else {
            free(t);
        }
    }
    loose->len = 0;
    if (loose->s)
        loose->s[0] = '\0';
    *line = 0;
}

static void S_read_blocks(S_ld *L, xmlNodePtr el, ad_blocks *out)
{
    size_t cap = 0;
    ad_buf loose = {0};
    long line = 0;
    for (xmlNodePtr c = el->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            const char *t = (const char *)c->content;
            if (t) {
                if (!line && t[strspn(t, " \t\r\n")])
                    line = ad_load_text_line(c);
                ad_buf_puts(&loose, t);
            }
        } else if (S_is_el(c, "br")) {
            ad_buf_putc(&loose, S_BR);
        } else if (S_is_el(c, "p") || S_is_el(c, "h")) {
            S_flush_loose(L, &loose, &line, el, out, &cap);
            ad_block b = {S_is_el(c, "p") ? AD_BLOCK_P : AD_BLOCK_H, S_text(L, c), {NULL, 0}, S_line(c)};
            S_push_block(out, &cap, b);
        } else if (S_is_el(c, "ul") || S_is_el(c, "ol")) {
            S_flush_loose(L, &loose, &line, el, out, &cap);
            ad_block b = {S_is_el(c, "ul") ? AD_BLOCK_UL : AD_BLOCK_OL, NULL, {NULL, 0}, S_line(c)};
            S_read_list(L, c, &b.children);
            S_push_block(out, &cap, b);
        }
    }
    S_flush_loose(L, &loose, &line, el, out, &cap);
    ad_buf_free(&loose);
    for (size_t i = 0; i < out->n; i++)
        if (out->v[i].kind == AD_BLOCK_P)
            out->v[i].text = S_fill_text(L, out->v[i].text, "a paragraph", out->v[i].line);
}

static void S_read_textlist(S_ld *L, xmlNodePtr el, const char *child, ad_textlist *t)
{
    size_t cap = 0;
    t->etc = S_bool_attr(L, el, "etc");
    for (xmlNodePtr c = el->children; c; c = c->next)
        if (S_is_el(c, child))
            AD_VEC_PUSH(t->items, t->n, cap) = S_text(L, c);
}

/* Reads the form rows among el's children; other children are ignored. */
static void S_read_form(S_ld *L, xmlNodePtr el, ad_form *f)
{
    size_t sched_cap = 0;
    for (xmlNodePtr c = el->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (S_is_el(c, "purpose") && !f->has_purpose) {
            f->has_purpose = true;
            f->purpose = S_text(L, c);
        } else if (S_is_el(c, "scope") && !f->has_scope) {
            f->has_scope = true;
            size_t cap = 0;
            for (xmlNodePtr s = c->children; s; s = s->next) {
                if (!S_is_el(s, "system"))
                    continue;
                char *ref = S_attr(L, s, "ref");
                if (!ref)
                    continue;
                size_t k = S_lookup(L->sys_idx, L->a->n_systems, ref);
                if (k == (size_t)-1) {
                    const char **v = ad_xcalloc(L->a->n_systems + 1, sizeof *v);
                    for (size_t i = 0; i < L->a->n_systems; i++)
                        v[i] = L->a->systems[i].id;
                    char *known = S_join_names(v, L->a->n_systems, 12);
                    ERR(L, S_line(s), "<system ref=\"%s\"> names no system in <systems> (%s%s)", ref,
                        L->a->n_systems ? "ids: " : "there are none", known);
                    free(known);
                    free(v);
                } else {
                    AD_VEC_PUSH(f->scope, f->n_scope, cap) = k;
                }
                free(ref);
            }
        } else if (S_is_el(c, "methods") && !f->has_methods) {
            f->has_methods = true;
            size_t cap = 0;
            for (xmlNodePtr m = c->children; m; m = m->next) {
                if (!S_is_el(m, "method"))
                    continue;
                ad_method me = {S_text(L, m), NULL, 0};
                size_t scap = 0;
                for (xmlNodePtr s = m->children; s; s = s->next)
                    if (S_is_el(s, "sub"))
                        AD_VEC_PUSH(me.subs, me.n_subs, scap) = S_text(L, s);
                AD_VEC_PUSH(f->methods, f->n_methods, cap) = me;
            }
        } else if (S_is_el(c, "schedule")) {
            f->has_schedule = true;
            char *s = S_text(L, c);
            ad_date d = S_date_or_place(L, s, S_line(c), "<schedule>");
            free(s);
            AD_VEC_PUSH(f->schedule, f->n_schedule, sched_cap) = d;
        } else if (S_is_el(c, "topics") && !f->has_topics) {
            f->has_topics = true;
            S_read_textlist(L, c, "topic", &f->topics);
        } else if (S_is_el(c, "standards") && !f->has_standards) {
            f->has_standards = true;
            S_read_textlist(L, c, "standard", &f->standards);
        }
    }
}

static void S_read_org(S_ld *L, xmlNodePtr el)
{
    for (xmlNodePtr c = el->children; c; c = c->next) {
        char **dst = S_is_el(c, "name") ? &L->a->org.name
                     : S_is_el(c, "committee") ? &L->a->org.committee
                     : S_is_el(c, "secretariat") ? &L->a->org.secretariat : NULL;
        if (dst && !*dst)
            *dst = S_text(L, c);
    }
}

static void S_read_meeting(S_ld *L, xmlNodePtr el)
{
    ad_meeting *m = &L->a->meeting;
    m->present = true;
    m->line = S_line(el);
    char *num = S_attr(L, el, "number");
    if (S_is_place(num)) {
        S_place(L, "the meeting number", m->line);
        free(num);
    } else if (num) {
        char *end = NULL;
        long v = strtol(num, &end, 10);
        m->number = (*end || v < 1 || v > 100000) ? 0 : (int)v;
        free(num);
    }
    char *date = S_attr(L, el, "date");
    m->date = S_date_or_place(L, date, m->line, "the meeting date");
    free(date);
    m->place = S_fill_text(L, S_attr(L, el, "place"), "the meeting place", m->line);
    size_t cap = 0;
    for (xmlNodePtr c = el->children; c; c = c->next) {
        if (S_is_el(c, "time") && !m->time) {
            m->time = S_fill_text(L, S_text(L, c), "the meeting <time>", S_line(c));
        } else if (S_is_el(c, "agenda")) {
            for (xmlNodePtr i = c->children; i; i = i->next)
                if (S_is_el(i, "item"))
                    AD_VEC_PUSH(m->agenda, m->n_agenda, cap) =
                        (ad_agenda_item){S_attr(L, i, "ref"), S_text(L, i), S_line(i)};
        }
    }
}

static void S_read_departments(S_ld *L, xmlNodePtr el)
{
    ad_audit *a = L->a;
    size_t cap = 0;
    for (xmlNodePtr c = el->children; c; c = c->next) {
        if (!S_is_el(c, "department"))
            continue;
        ad_department d = {0};
        d.id = S_attr(L, c, "id");
        if (!d.id)
            d.id = ad_xstrdup("");
        d.name = S_text(L, c);
        d.short_name = S_attr(L, c, "short");
        if (!d.short_name)
            d.short_name = ad_xstrdup(d.name);
        char *au = S_attr(L, c, "audit");
        d.special = au && strcmp(au, "special") == 0;
        free(au);
        d.line = S_line(c);
        AD_VEC_PUSH(a->departments, a->n_departments, cap) = d;
    }
}

static void S_read_systems(S_ld *L, xmlNodePtr el)
{
    ad_audit *a = L->a;
    size_t cap = 0;
    for (xmlNodePtr c = el->children; c; c = c->next) {
        if (!S_is_el(c, "system"))
            continue;
        char *id = S_attr(L, c, "id");
        AD_VEC_PUSH(a->systems, a->n_systems, cap) =
            (ad_system){id ? id : ad_xstrdup(""), S_text(L, c), S_line(c)};
    }
}

static void S_read_report(S_ld *L, xmlNodePtr el)
{
    ad_report *r = &L->a->report;
    r->present = true;
    r->line = S_line(el);
    r->id = S_attr(L, el, "id");
    char *date = S_attr(L, el, "date");
    r->date = S_date_or_place(L, date, r->line, "the report date");
    free(date);
    size_t dcap = 0, acap = 0, ccap = 0;
    for (xmlNodePtr c = el->children; c; c = c->next) {
        if (S_is_el(c, "title") && !r->title) {
            r->title = S_text(L, c);
        } else if (S_is_el(c, "purpose") && !r->purpose.n) {
            S_read_blocks(L, c, &r->purpose);
        } else if (S_is_el(c, "target-systems") && !r->target_systems) {
            r->target_systems = S_text(L, c);
        } else if (S_is_el(c, "audit-date")) {
            char *s = S_text(L, c);
            AD_VEC_PUSH(r->audit_dates, r->n_audit_dates, dcap) =
                S_date_or_place(L, s, S_line(c), "<audit-date>");
            free(s);
        } else if (S_is_el(c, "auditors")) {
            for (xmlNodePtr x = c->children; x; x = x->next)
                if (S_is_el(x, "role"))
                    AD_VEC_PUSH(r->auditors, r->n_auditors, acap) =
                        (ad_role){S_attr(L, x, "title"), S_text(L, x), S_line(x)};
        } else if (S_is_el(c, "criteria")) {
            for (xmlNodePtr g = c->children; g; g = g->next) {
                if (!S_is_el(g, "group"))
                    continue;
                ad_criteria_group grp = {NULL, 0, S_line(g)};
                size_t rcap = 0;
                for (xmlNodePtr x = g->children; x; x = x->next)
                    if (S_is_el(x, "rule"))
                        AD_VEC_PUSH(grp.rules, grp.n_rules, rcap) = S_text(L, x);
                AD_VEC_PUSH(r->criteria, r->n_criteria, ccap) = grp;
            }
        } else if (S_is_el(c, "summary") && !r->summary.n) {
            S_read_blocks(L, c, &r->summary);
        }
    }
}

static bool S_space_at(const char *s, size_t *len)
{
    unsigned char c = (unsigned char)*s;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        *len = 1;
        return true;
    }
    if (strncmp(s, "\xE3\x80\x80", 3) == 0) { /* U+3000 ideographic space */
        *len = 3;
        return true;
    }
    return false;
}

static void S_read_marks(S_ld *L, xmlNodePtr el, ad_item *it)
{
    ad_audit *a = L->a;
    size_t nd = a->n_departments;
    it->marks = ad_xcalloc(nd ? nd : 1, sizeof *it->marks);
    for (size_t i = 0; i < nd; i++)
        it->marks[i] = AD_MARK_NA;
    it->marks_line = S_line(el);
    char *s = S_text(L, el);
    size_t count = 0, i = 0, n = strlen(s);
    while (i < n) {
        size_t sl;
        if (S_space_at(s + i, &sl)) {
            i += sl;
            continue;
        }
        size_t j = i;
        while (j < n && !S_space_at(s + j, &sl))
            j++;
        char *tok = ad_xstrndup(s + i, j - i);
        ad_mark m;
        if (!ad_mark_parse(tok, &m)) {
            if (count < nd)
                ERR(L, it->marks_line, "unknown mark \"%s\" at position %zu (%s) of the marks row: "
                                       "use ○ △ × - (or o ^ x -), or ? for not yet entered", tok, count + 1,
                    a->departments[count].short_name);
            else
                ERR(L, it->marks_line, "unknown mark \"%s\" at position %zu of the marks row: "
                                       "use ○ △ × - (or o ^ x -), or ? for not yet entered", tok, count + 1);
        } else if (count < nd) {
            it->marks[count] = m;
        }
        free(tok);
        count++;
        i = j;
    }
    free(s);
    if (nd && count != nd) {
        /* which mark stands for which department is unknown: keep none, so
         * that no check draws conclusions from them */
        for (size_t k = 0; k < nd; k++)
            it->marks[k] = AD_MARK_NA;
        char *names = S_dept_shorts(a);
        ERR(L, it->marks_line, "marks row has %zu mark%s, expected %zu (one per department: %s)",
            count, count == 1 ? "" : "s", nd, names);
        free(names);
    }
}

static void S_read_section(S_ld *L, xmlNodePtr el, ad_section *sec)
{
    ad_audit *a = L->a;
    sec->id = S_attr(L, el, "id");
    if (!sec->id)
        sec->id = ad_xstrdup("");
    sec->numeral = S_attr(L, el, "numeral");
    sec->title = S_attr(L, el, "title");
    if (!sec->title)
        sec->title = ad_xstrdup("");
    sec->line = S_line(el);
    size_t icap = 0, ncap = 0;
    for (xmlNodePtr c = el->children; c; c = c->next) {
        if (S_is_el(c, "item")) {
            ad_item it = {0};
            it.no = S_attr(L, c, "no");
            it.line = S_line(c);
            for (xmlNodePtr x = c->children; x; x = x->next) {
                if (S_is_el(x, "text") && !it.text)
                    it.text = S_text(L, x);
                else if (S_is_el(x, "detail") && !it.detail)
                    it.detail = S_text(L, x);
                else if (S_is_el(x, "remark") && !it.remark)
                    it.remark = S_text(L, x);
                else if (S_is_el(x, "marks") && !it.marks)
                    S_read_marks(L, x, &it);
            }
            if (!it.text)
                it.text = ad_xstrdup("");
            if (!it.marks) { /* reported by the structure check */
                it.marks = ad_xcalloc(a->n_departments ? a->n_departments : 1, sizeof *it.marks);
                for (size_t k = 0; k < a->n_departments; k++)
                    it.marks[k] = AD_MARK_NA;
            }
            AD_VEC_PUSH(sec->items, sec->n_items, icap) = it;
        } else if (S_is_el(c, "note-row")) {
            ad_note_row nr = {0};
            nr.title = S_attr(L, c, "title");
            if (!nr.title)
                nr.title = ad_xstrdup("");
            nr.line = S_line(c);
            size_t nd = a->n_departments, count = 0;
            nr.cells = ad_xcalloc(nd ? nd : 1, sizeof *nr.cells);
            for (xmlNodePtr x = c->children; x; x = x->next)
                if (S_is_el(x, "cell")) {
                    if (count < nd)
                        nr.cells[count] = S_text(L, x);
                    count++;
                }
            for (size_t k = count; k < nd; k++)
                nr.cells[k] = ad_xstrdup("");
            if (nd && count != nd) {
                char *names = S_dept_shorts(a);
                ERR(L, nr.line, "note row \"%s\" has %zu cell%s, expected %zu (one per department: %s)",
                    nr.title, count, count == 1 ? "" : "s", nd, names);
                free(names);
            }
            AD_VEC_PUSH(sec->notes, sec->n_notes, ncap) = nr;
        }
    }
}

static void S_read_checklist(S_ld *L, xmlNodePtr el, ad_checklist *cl)
{
    cl->id = S_attr(L, el, "id");
    if (!cl->id)
        cl->id = ad_xstrdup("");
    cl->title = S_attr(L, el, "title");
    cl->line = S_line(el);
    char *lay = S_attr(L, el, "layout");
    cl->layout = lay && strcmp(lay, "matrix") == 0 ? AD_LAYOUT_MATRIX
                 : lay && strcmp(lay, "both") == 0 ? AD_LAYOUT_BOTH : AD_LAYOUT_NARRATIVE;
    free(lay);
    size_t cap = 0;
    for (xmlNodePtr c = el->children; c; c = c->next)
        if (S_is_el(c, "section")) {
            ad_section sec = {0};
            S_read_section(L, c, &sec);
            AD_VEC_PUSH(cl->sections, cl->n_sections, cap) = sec;
        }
}

static void S_read_dept_reports(S_ld *L, xmlNodePtr el)
{
    ad_audit *a = L->a;
    ad_dept_reports *dr = &a->dept_reports;
    dr->present = true;
    dr->line = S_line(el);
    char *date = S_attr(L, el, "date");
    dr->date = S_date_or_place(L, date, dr->line, "the department-reports date");
    free(date);
    size_t cap = 0;
    bool have_defaults = false;
    for (xmlNodePtr c = el->children; c; c = c->next) {
        if (S_is_el(c, "defaults") && !have_defaults) {
            have_defaults = true;
            S_read_form(L, c, &dr->defaults);
        } else if (S_is_el(c, "department-report")) {
            char *dept = S_attr(L, c, "dept");
            if (!dept) /* reported by the structure check */
                continue;
            size_t d = S_lookup(L->dept_idx, a->n_departments, dept);
            if (d == (size_t)-1) {
                char *ids = S_dept_ids(a);
                ERR(L, S_line(c), "department report for dept=\"%s\", which is not a listed department "
                                  "(ids in <departments>: %s)", dept, ids);
                free(ids);
                free(dept);
                continue;
            }
            free(dept);
            ad_dept_report r = {0};
            r.dept = d;
            r.line = S_line(c);
            S_read_form(L, c, &r.form);
            size_t fcap = 0;
            for (xmlNodePtr x = c->children; x; x = x->next) {
                if (S_is_el(x, "summary") && !r.has_summary) {
                    r.has_summary = true;
                    S_read_blocks(L, x, &r.summary);
                } else if (S_is_el(x, "findings")) {
                    for (xmlNodePtr f = x->children; f; f = f->next)
                        if (S_is_el(f, "finding"))
                            AD_VEC_PUSH(r.findings, r.n_findings, fcap) = (ad_finding){
                                S_attr(L, f, "title"), S_text(L, f), S_bool_attr(L, f, "repeat"),
                                S_line(f), S_attr(L, f, "item")};
                } else if (S_is_el(x, "advice") && !r.advice) {
                    r.advice = S_text(L, x);
                }
            }
            AD_VEC_PUSH(dr->reports, dr->n_reports, cap) = r;
        }
    }
}

static void S_read_audit(S_ld *L, xmlNodePtr root)
{
    ad_audit *a = L->a;
    char *v = S_attr(L, root, "version");
    a->version = v && strcmp(v, "1") == 0 ? 1 : 0;
    free(v);
    char *fy = S_attr(L, root, "fiscal-year");
    if (fy) {
        bool digits = fy[0] && strspn(fy, "0123456789") == strlen(fy) && strlen(fy) <= 6;
        if (digits)
            a->fiscal_year = atoi(fy);
        if (digits && (a->fiscal_year < 1989 || a->fiscal_year > 2100))
            ERR(L, S_line(root), "fiscal-year=\"%s\" is outside 1989–2100: write the Gregorian year "
                                 "the fiscal year starts in, for example 2025 for 令和7年度", fy);
        else if (!digits)
            ERR(L, S_line(root), "fiscal-year=\"%s\" is not a year: write the Gregorian year the "
                                 "fiscal year starts in, for example 2025 for 令和7年度", fy);
        else /* opens ICU's Japanese calendar now, once, before a build forks its workers */
            free(ad_wareki_fiscal_year(a->fiscal_year));
        free(fy);
    }
    char *term = S_attr(L, root, "term");
    a->term = AD_TERM_ANNUAL;
    if (term && !ad_term_parse(term, &a->term))
        ERR(L, S_line(root), "term=\"%s\" is unknown: use first-half (上半期), second-half (下半期) "
                             "or annual", term);
    free(term);

    /* departments and systems first: everything else refers to them */
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (S_is_el(c, "departments") && !a->n_departments)
            S_read_departments(L, c);
        else if (S_is_el(c, "systems") && !a->n_systems)
            S_read_systems(L, c);
    }
    const char **names = ad_xcalloc(a->n_departments + 1, sizeof *names);
    for (size_t i = 0; i < a->n_departments; i++)
        names[i] = a->departments[i].id;
    L->dept_idx = S_make_index(names, a->n_departments);
    free(names);
    names = ad_xcalloc(a->n_systems + 1, sizeof *names);
    for (size_t i = 0; i < a->n_systems; i++)
        names[i] = a->systems[i].id;
    L->sys_idx = S_make_index(names, a->n_systems);
    free(names);

    size_t ccap = 0, gcap = 0;
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (S_is_el(c, "organization") && !a->org.name) {
            S_read_org(L, c);
        } else if (S_is_el(c, "meeting") && !a->meeting.present) {
            S_read_meeting(L, c);
        } else if (S_is_el(c, "report") && !a->report.present) {
            S_read_report(L, c);
        } else if (S_is_el(c, "checklist")) {
            ad_checklist cl = {0};
            S_read_checklist(L, c, &cl);
            AD_VEC_PUSH(a->checklists, a->n_checklists, ccap) = cl;
        } else if (S_is_el(c, "department-reports") && !a->dept_reports.present) {
            S_read_dept_reports(L, c);
        } else if (S_is_el(c, "agenda-document")) {
            ad_agenda_doc d = {0};
            d.id = S_attr(L, c, "id");
            if (!d.id)
                d.id = ad_xstrdup("");
            d.title = S_attr(L, c, "title");
            if (!d.title)
                d.title = ad_xstrdup("");
            d.line = S_line(c);
            S_read_blocks(L, c, &d.body);
            AD_VEC_PUSH(a->agenda_docs, a->n_agenda_docs, gcap) = d;
        }
    }
    if (!a->org.name)
        a->org.name = ad_xstrdup("");
    for (size_t c = 0; c < a->n_checklists; c++)
        for (size_t k = 0; k < a->checklists[c].n_sections; k++)
            for (size_t i = 0; i < a->checklists[c].sections[k].n_items; i++)
                for (size_t d = 0; d < a->n_departments; d++)
                    a->n_unset_marks += a->checklists[c].sections[k].items[i].marks[d] == AD_MARK_UNSET;
}

/* ======================================================================
 * entry points
 * ====================================================================== */

#define S_MAX_DIAGS 1000 /* diagnostics kept per file; the rest are counted */

/* Orders this file's diagnostics (from index start) as they are printed —
 * errors before warnings, each by line (ad_diags_sort) — and keeps at most
 * S_MAX_DIAGS of them.  Warnings are cut first, so a cut never hides an
 * error behind warnings; only a file with more errors than that loses
 * errors (the last line counts them). */
static void S_finish_diags(ad_diags *d, size_t start, const char *file)
{
    size_t n = d->n - start;
    if (n < 2)
        return;
    ad_diags_sort(d, start);
    if (n <= S_MAX_DIAGS)
        return;
    size_t more_err = 0, more_warn = 0;
    for (size_t i = start + S_MAX_DIAGS; i < d->n; i++) {
        if (d->v[i].sev == AD_DIAG_ERROR) {
            more_err++;
            d->n_errors--;
        } else {
            more_warn++;
            d->n_warnings--;
        }
        free(d->v[i].file);
        free(d->v[i].msg);
    }
    long line = d->v[start + S_MAX_DIAGS].line;
    d->n = start + S_MAX_DIAGS;
    if (more_err)
        ad_diag_add(d, AD_DIAG_ERROR, file, line,
                    "%zu more errors from this line on and %zu more warnings are not shown",
                    more_err, more_warn);
    else
        ad_diag_add(d, AD_DIAG_WARNING, file, line,
                    "%zu more warning%s from this line on %s not shown (every error is listed)",
                    more_warn, more_warn == 1 ? "" : "s", more_warn == 1 ? "is" : "are");
}

ad_audit *ad_load_memory(const char *buf, size_t len, const char *name, ad_diags *diags)
{
    S_ld L = {0};
    L.file = name ? name : "(input)";
    L.diags = diags;
    size_t errors_before = diags->n_errors, diags_before = diags->n;
    ad_diags_init(&L.rng);

    if (!S_precheck(&L, (const unsigned char *)buf, len))
        return NULL;

    /* libxml2's global hooks, for the duration of this load only */
    xmlGenericErrorFunc old_generic = xmlGenericError;
    void *old_generic_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc old_structured = xmlStructuredError;
    void *old_structured_ctx = xmlStructuredErrorContext;
    xmlExternalEntityLoader old_loader = xmlGetExternalEntityLoader();
    xmlSetGenericErrorFunc(NULL, S_silent);
    xmlSetStructuredErrorFunc(&L, S_parse_error);
    xmlSetExternalEntityLoader(S_no_entities);
    S_entity_owner = &L;

    ad_audit *a = NULL;
    xmlDocPtr doc = NULL;
    xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(buf, (int)len);
    if (!ctxt) {
        ERR(&L, 0, "cannot start the XML parser (out of memory?)");
        goto done;
    }
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
    ctxt->_private = &L;
    ctxt->sax->internalSubset = S_internal_subset;
    ctxt->sax->externalSubset = NULL;
    L.characters = ctxt->sax->characters;
    if (L.characters) {
        if (ctxt->sax->ignorableWhitespace == L.characters)
            ctxt->sax->ignorableWhitespace = S_characters;
        ctxt->sax->characters = S_characters;
    }
    L.start_element = ctxt->sax->startElementNs;
    if (L.start_element)
        ctxt->sax->startElementNs = S_start_element;
    xmlParseDocument(ctxt);
    doc = ctxt->myDoc;
    ctxt->myDoc = NULL;
    bool well_formed = ctxt->wellFormed;
    xmlFreeParserCtxt(ctxt);

    if (L.doctype) {
        ERR(&L, L.doctype_line, "the file has a document type declaration (<!DOCTYPE …>): the audit "
                                "format uses no DTD and auditdoc does not read one; delete it");
        goto done;
    }
    if (L.too_many) {
        ERR(&L, L.too_many_line, "the file has more than %ld elements, far more than any audit: "
                                 "is it the right file?", S_MAX_ELEMENTS);
        goto done;
    }
    if (!well_formed || !doc) {
        if (diags->n_errors == errors_before)
            ERR(&L, 0, "the file is not well-formed XML");
        goto done;
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root) {
        ERR(&L, 0, "the file holds no XML element");
        goto done;
    }
    if (root->ns) {
        ERR(&L, S_line(root), "the root element uses an XML namespace (%s); the audit format has none: "
                              "write <audit version=\"1\" …> without xmlns",
            root->ns->href ? (const char *)root->ns->href : "");
        goto done;
    }
    if (strcmp((const char *)root->name, "audit") != 0) {
        ERR(&L, S_line(root), "the root element is <%s>, but an audit file starts with "
                              "<audit version=\"1\" …>", (const char *)root->name);
        goto done;
    }
    xmlChar *ver = xmlGetNoNsProp(root, (const xmlChar *)"version");
    if (ver && strcmp((const char *)ver, "1") != 0) {
        char *v = ad_xml_clean((const char *)ver);
        ERR(&L, S_line(root), "the file is format version \"%s\"; this auditdoc reads version=\"1\"", v);
        free(v);
        xmlFree(ver);
        goto done;
    }
    xmlFree(ver);

    /* structure: the table, then the schema itself */
    L.n_struct_errors = ad_load_check_structure(root, L.file, L.diags);
    pthread_once(&S_schema_once, S_compile_schema);
    if (!S_schema) {
        ERR(&L, 0, "internal error: the built-in schema does not compile");
    } else {
        xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(S_schema);
        if (vc) {
            xmlRelaxNGSetValidStructuredErrors(vc, S_rng_error, &L);
            int rc = xmlRelaxNGValidateDoc(vc, doc);
            xmlRelaxNGFreeValidCtxt(vc);
            if (rc != 0 && L.n_struct_errors == 0) {
                /* the table missed something the schema found: say so */
                for (size_t i = 0; i < L.rng.n; i++)
                    ERR(&L, L.rng.v[i].line, "%s", L.rng.v[i].msg);
                if (L.rng.n == 0)
                    ERR(&L, S_line(root), "the file does not match the audit schema");
            }
        }
    }

    /* the model, and the checks beyond the schema */
    a = ad_xcalloc(1, sizeof *a);
    a->file = ad_xstrdup(L.file);
    a->input_size = len;
    ad_sha256_buf(buf, len, a->input_sha256);
    L.a = a;
    S_read_audit(&L, root);
    ad_check_audit(a, diags);

done:
    S_entity_owner = NULL;
    xmlSetExternalEntityLoader(old_loader);
    xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
    xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
    xmlFreeDoc(doc);
    free(L.dept_idx);
    free(L.sys_idx);
    ad_diags_free(&L.rng);
    S_finish_diags(diags, diags_before, L.file);
    if (diags->n_errors != errors_before) {
        ad_audit_free(a);
        return NULL;
    }
    return a;
}

ad_audit *ad_load_file(const char *path, ad_diags *diags)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        ad_diag_add(diags, AD_DIAG_ERROR, path, 0, "cannot open the file: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        ad_diag_add(diags, AD_DIAG_ERROR, path, 0, "cannot read the file: %s", strerror(errno));
        close(fd);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        ad_diag_add(diags, AD_DIAG_ERROR, path, 0, "this is a folder, not an audit file");
        close(fd);
        return NULL;
    }
    if (S_ISREG(st.st_mode) && st.st_size > AD_MAX_INPUT_BYTES) {
        ad_diag_add(diags, AD_DIAG_ERROR, path, 0,
                    "the file is %lld bytes, more than the %ld MB auditdoc reads: is it the right file?",
                    (long long)st.st_size, AD_MAX_INPUT_BYTES / (1024 * 1024));
        close(fd);
        return NULL;
    }
    /* bounded read: never more than the limit plus one byte, whatever stat said */
    size_t cap = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 1 : 65536, len = 0;
    char *buf = ad_xmalloc(cap);
    for (;;) {
        if (len == cap) {
            if (cap > (size_t)AD_MAX_INPUT_BYTES)
                break;
            cap = cap * 2 > (size_t)AD_MAX_INPUT_BYTES + 1 ? (size_t)AD_MAX_INPUT_BYTES + 1 : cap * 2;
            buf = ad_xrealloc(buf, cap);
        }
        ssize_t r = read(fd, buf + len, cap - len);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            ad_diag_add(diags, AD_DIAG_ERROR, path, 0, "cannot read the file: %s", strerror(errno));
            free(buf);
            close(fd);
            return NULL;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    close(fd);
    if (len > (size_t)AD_MAX_INPUT_BYTES) {
        ad_diag_add(diags, AD_DIAG_ERROR, path, 0,
                    "the file is more than the %ld MB auditdoc reads: is it the right file?",
                    AD_MAX_INPUT_BYTES / (1024 * 1024));
        free(buf);
        return NULL;
    }
    ad_audit *a = ad_load_memory(buf, len, path, diags);
    free(buf);
    return a;
}
