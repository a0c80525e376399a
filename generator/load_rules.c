/* load_rules.c — step 3 of loading (load.c): the structure of an audit
 * file, checked against a table that mirrors schema/audit-1.rng, so that a
 * message names the element, the attribute and what is allowed there (the
 * RELAX NG schema itself then runs in load.c as a backstop). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "load_int.h"
#include "util.h"

typedef struct {
    const char *file;
    ad_diags *diags;
    size_t n_struct_errors;
} S_st;

#define ERR(L, line, ...) ad_diag_add((L)->diags, AD_DIAG_ERROR, (L)->file, (line), __VA_ARGS__)

static long S_line(xmlNodePtr n) { return n ? xmlGetLineNo(n) : 0; }

/* "?": a place to fill (load.c). */
static bool S_is_place(const char *s) { return s && strcmp(s, "?") == 0; }

static char *S_attr(S_st *L, xmlNodePtr el, const char *name)
{
    return ad_load_attr(L->file, L->diags, el, name);
}

/* ======================================================================
 * step 3: structure (mirrors schema/audit-1.rng)
 * ====================================================================== */

enum { C_EMPTY, C_TEXT, C_ELEMS, C_BLOCKS, C_INLINE, C_LI, C_METHOD };

typedef struct {
    const char *name;
    int min, max; /* max -1: unbounded */
} S_kid;

typedef struct {
    const char *name;
    const char *parents; /* " a b " or NULL: any */
    const char *req;     /* required attributes " a b " */
    const char *opt;     /* optional attributes */
    int content;
    S_kid kids[12];
} S_rule;

#define FORM_KIDS {"purpose", 0, 1}, {"scope", 0, 1}, {"methods", 0, 1}, {"schedule", 0, -1}, \
                  {"topics", 0, 1}, {"standards", 0, 1}

static const S_rule S_rules[] = {
    {"audit", "", " version fiscal-year term ", "", C_ELEMS,
     {{"organization", 1, 1}, {"meeting", 0, 1}, {"departments", 1, 1}, {"systems", 0, 1},
      {"report", 0, 1}, {"checklist", 1, -1}, {"department-reports", 0, 1},
      {"agenda-document", 0, -1}}},
    {"organization", " audit ", "", "", C_ELEMS,
     {{"name", 1, 1}, {"committee", 0, 1}, {"secretariat", 0, 1}}},
    {"name", " organization ", "", "", C_TEXT, {{0}}},
    {"committee", " organization ", "", "", C_TEXT, {{0}}},
    {"secretariat", " organization ", "", "", C_TEXT, {{0}}},
    {"meeting", " audit ", "", " number date place ", C_ELEMS, {{"time", 0, 1}, {"agenda", 0, 1}}},
    {"time", " meeting ", "", "", C_TEXT, {{0}}},
    {"agenda", " meeting ", "", "", C_ELEMS, {{"item", 0, -1}}},
    {"item", " agenda ", "", " ref ", C_TEXT, {{0}}},
    {"departments", " audit ", "", "", C_ELEMS, {{"department", 1, -1}}},
    {"department", " departments ", " id ", " short audit ", C_TEXT, {{0}}},
    {"systems", " audit ", "", "", C_ELEMS, {{"system", 0, -1}}},
    {"system", " systems ", " id ", "", C_TEXT, {{0}}},
    {"report", " audit ", "", " id date ", C_ELEMS,
     {{"title", 0, 1}, {"purpose", 0, 1}, {"target-systems", 0, 1}, {"audit-date", 0, -1},
      {"auditors", 0, 1}, {"criteria", 0, 1}, {"summary", 0, 1}}},
    {"title", " report ", "", "", C_TEXT, {{0}}},
    {"purpose", " report ", "", "", C_BLOCKS, {{0}}},
    {"target-systems", " report ", "", "", C_TEXT, {{0}}},
    {"audit-date", " report ", "", "", C_TEXT, {{0}}},
    {"auditors", " report ", "", "", C_ELEMS, {{"role", 0, -1}}},
    {"role", " auditors ", " title ", "", C_TEXT, {{0}}},
    {"criteria", " report ", "", "", C_ELEMS, {{"group", 0, -1}}},
    {"group", " criteria ", "", "", C_ELEMS, {{"rule", 1, -1}}},
    {"rule", " group ", "", "", C_TEXT, {{0}}},
    {"summary", " report department-report ", "", "", C_BLOCKS, {{0}}},
    {"checklist", " audit ", " id layout ", " title ", C_ELEMS, {{"section", 1, -1}}},
    {"section", " checklist ", " id title ", " numeral ", C_ELEMS,
     {{"item", 1, -1}, {"note-row", 0, -1}}},
    {"item", " section ", "", " no ", C_ELEMS,
     {{"text", 1, 1}, {"detail", 0, 1}, {"marks", 1, 1}, {"remark", 0, 1}}},
    {"text", " item ", "", "", C_TEXT, {{0}}},
    {"detail", " item ", "", "", C_TEXT, {{0}}},
    {"marks", " item ", "", "", C_TEXT, {{0}}},
    {"remark", " item ", "", "", C_TEXT, {{0}}},
    {"note-row", " section ", " title ", "", C_ELEMS, {{"cell", 0, -1}}},
    {"cell", " note-row ", "", "", C_TEXT, {{0}}},
    {"department-reports", " audit ", "", " date ", C_ELEMS,
     {{"defaults", 0, 1}, {"department-report", 0, -1}}},
    {"defaults", " department-reports ", "", "", C_ELEMS, {FORM_KIDS}},
    {"department-report", " department-reports ", " dept ", "", C_ELEMS,
     {FORM_KIDS, {"summary", 0, 1}, {"findings", 0, 1}, {"advice", 0, 1}}},
    {"purpose", " defaults department-report ", "", "", C_TEXT, {{0}}},
    {"scope", " defaults department-report ", "", "", C_ELEMS, {{"system", 0, -1}}},
    {"system", " scope ", " ref ", "", C_EMPTY, {{0}}},
    {"methods", " defaults department-report ", "", "", C_ELEMS, {{"method", 0, -1}}},
    {"method", " methods ", "", "", C_METHOD, {{0}}},
    {"sub", " method ", "", "", C_TEXT, {{0}}},
    {"schedule", " defaults department-report ", "", "", C_TEXT, {{0}}},
    {"topics", " defaults department-report ", "", " etc ", C_ELEMS, {{"topic", 0, -1}}},
    {"topic", " topics ", "", "", C_TEXT, {{0}}},
    {"standards", " defaults department-report ", "", " etc ", C_ELEMS, {{"standard", 0, -1}}},
    {"standard", " standards ", "", "", C_TEXT, {{0}}},
    {"findings", " department-report ", "", "", C_ELEMS, {{"finding", 0, -1}}},
    {"finding", " findings ", "", " title repeat item ", C_TEXT, {{0}}},
    {"advice", " department-report ", "", "", C_TEXT, {{0}}},
    {"agenda-document", " audit ", " id title ", "", C_BLOCKS, {{0}}},
    /* rich text: found by name inside blocks/inline/li content */
    {"p", NULL, "", "", C_INLINE, {{0}}},
    {"h", NULL, "", "", C_INLINE, {{0}}},
    {"ul", NULL, "", "", C_ELEMS, {{"li", 0, -1}}},
    {"ol", NULL, "", "", C_ELEMS, {{"li", 0, -1}}},
    {"li", " ul ol ", "", "", C_LI, {{0}}},
    {"br", NULL, "", "", C_EMPTY, {{0}}},
};

/* enumerated attribute values */
static const struct {
    const char *el, *attr, *values;
} S_enums[] = {
    {"checklist", "layout", " narrative matrix both "},
    {"department", "audit", " special regular "},
    {"finding", "repeat", " true false 1 0 "},
    {"topics", "etc", " true false 1 0 "},
    {"standards", "etc", " true false 1 0 "},
};

static bool S_in_list(const char *list, const char *word)
{
    if (!list)
        return false;
    size_t n = strlen(word);
    for (const char *p = strstr(list, word); p; p = strstr(p + 1, word))
        if (p > list && p[-1] == ' ' && p[n] == ' ')
            return true;
    return false;
}

/* " a b " → "a, b" */
static char *S_list_words(const char *list, const char *pre, const char *post)
{
    ad_buf b = {0};
    ad_buf_put(&b, "", 0);
    const char *p = list ? list : "";
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        if (b.len)
            ad_buf_puts(&b, ", ");
        ad_buf_puts(&b, pre);
        ad_buf_put(&b, p, (size_t)(e - p));
        ad_buf_puts(&b, post);
        p = e;
    }
    return ad_buf_take(&b);
}

static const S_rule *S_find_rule(const char *name, const char *parent)
{
    for (size_t i = 0; i < sizeof S_rules / sizeof S_rules[0]; i++)
        if (strcmp(S_rules[i].name, name) == 0 &&
            (!S_rules[i].parents || S_in_list(S_rules[i].parents, parent)))
            return &S_rules[i];
    return NULL;
}

static const char *S_content_allows(int content)
{
    switch (content) {
    case C_BLOCKS: return " p h ul ol br ";
    case C_INLINE: return " br ";
    case C_LI: return " br ul ol ";
    case C_METHOD: return " sub ";
    default: return "";
    }
}

static char *S_snippet(const char *s, size_t max_cp)
{
    char *c = ad_load_collapse(s, strlen(s));
    size_t i = 0, n = strlen(c), k = 0;
    while (i < n && k < max_cp) {
        uint32_t cp;
        i += ad_utf8_decode(c + i, n - i, &cp);
        k++;
    }
    if (i < n) {
        c[i] = '\0';
        char *r = ad_xasprintf("%s…", c);
        free(c);
        return r;
    }
    return c;
}

static void S_check_el(S_st *L, xmlNodePtr el, const S_rule *r);

#define SERR(L, line, ...) ((L)->n_struct_errors++, ERR(L, line, __VA_ARGS__))

static void S_check_children(S_st *L, xmlNodePtr el, const S_rule *r)
{
    const char *elname = (const char *)el->name;
    size_t counts[12] = {0};
    const char *allowed_inline = S_content_allows(r->content);
    for (xmlNodePtr c = el->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (r->content == C_ELEMS || r->content == C_EMPTY) {
                const char *t = (const char *)c->content;
                size_t sp = t ? strspn(t, " \t\r\n") : 0;
                if (t && t[sp]) {
                    char *sn = S_snippet(t, 20);
                    if (r->content == C_EMPTY)
                        SERR(L, ad_load_text_line(c), "<%s> must be empty, but holds the text \"%s\"", elname, sn);
                    else
                        SERR(L, ad_load_text_line(c), "the text \"%s\" is not allowed directly inside <%s>: "
                                           "put it in one of its elements", sn, elname);
                    free(sn);
                }
            }
            continue;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *cn = (const char *)c->name;
        if (c->ns) {
            SERR(L, S_line(c), "<%s:%s> uses an XML namespace; the audit format has none",
                 c->ns->prefix ? (const char *)c->ns->prefix : "", cn);
            continue;
        }
        if (r->content == C_ELEMS) {
            size_t k = 0;
            while (k < 12 && r->kids[k].name && strcmp(r->kids[k].name, cn) != 0)
                k++;
            if (k == 12 || !r->kids[k].name) {
                ad_buf b = {0};
                for (size_t j = 0; j < 12 && r->kids[j].name; j++)
                    ad_buf_printf(&b, "%s<%s>", j ? ", " : "", r->kids[j].name);
                SERR(L, S_line(c), "<%s> is not allowed inside <%s> (allowed here: %s)", cn, elname,
                     b.s ? b.s : "nothing");
                ad_buf_free(&b);
                continue;
            }
            if (++counts[k] == 2 && r->kids[k].max == 1)
                SERR(L, S_line(c), "<%s> has a second <%s>; only one is allowed", elname, cn);
            const S_rule *cr = S_find_rule(cn, elname);
            if (cr)
                S_check_el(L, c, cr);
        } else if (allowed_inline[0] && S_in_list(allowed_inline, cn)) {
            const S_rule *cr = S_find_rule(cn, elname);
            if (cr)
                S_check_el(L, c, cr);
        } else if (r->content == C_TEXT || r->content == C_EMPTY) {
            SERR(L, S_line(c), "<%s> is not allowed inside <%s>: it holds %s", cn, elname,
                 r->content == C_TEXT ? "plain text only" : "nothing");
        } else {
            char *al = S_list_words(allowed_inline, "<", ">");
            SERR(L, S_line(c), "<%s> is not allowed inside <%s> (allowed here: text, %s)", cn, elname, al);
            free(al);
        }
    }
    if (r->content == C_ELEMS)
        for (size_t k = 0; k < 12 && r->kids[k].name; k++)
            if ((int)counts[k] < r->kids[k].min)
                SERR(L, S_line(el), "<%s> has no <%s>; it needs %s", elname, r->kids[k].name,
                     r->kids[k].max == 1 ? "one" : "at least one");
}

static void S_check_el(S_st *L, xmlNodePtr el, const S_rule *r)
{
    const char *elname = (const char *)el->name;
    for (xmlAttrPtr at = el->properties; at; at = at->next) {
        const char *an = (const char *)at->name;
        if (at->ns) {
            SERR(L, S_line(el), "the attribute %s:%s on <%s> uses an XML namespace; the audit format has none",
                 at->ns->prefix ? (const char *)at->ns->prefix : "", an, elname);
            continue;
        }
        if (!S_in_list(r->req, an) && !S_in_list(r->opt, an)) {
            char *all = ad_xasprintf("%s%s", r->req, r->opt);
            char *al = S_list_words(all, "", "");
            if (al[0])
                SERR(L, S_line(el), "<%s> has an unknown attribute %s (allowed: %s)", elname, an, al);
            else
                SERR(L, S_line(el), "<%s> has an unknown attribute %s (it takes none)", elname, an);
            free(al);
            free(all);
            continue;
        }
        for (size_t i = 0; i < sizeof S_enums / sizeof S_enums[0]; i++)
            if (strcmp(S_enums[i].el, elname) == 0 && strcmp(S_enums[i].attr, an) == 0) {
                char *v = S_attr(L, el, an);
                if (!S_in_list(S_enums[i].values, v)) {
                    char *al = S_list_words(S_enums[i].values, "", "");
                    SERR(L, S_line(el), "%s=\"%s\" on <%s> is not one of: %s", an, v, elname, al);
                    free(al);
                }
                free(v);
            }
        if (strcmp(elname, "meeting") == 0 && strcmp(an, "number") == 0) {
            char *v = S_attr(L, el, an);
            char *end = NULL;
            long x = strtol(v, &end, 10);
            if (!S_is_place(v) && (!v[0] || *end || x < 1 || v[0] == '+' || v[0] == '-'))
                SERR(L, S_line(el), "number=\"%s\" on <meeting> is not a meeting number: write a "
                                    "whole number such as 2 (第2回)", v);
            free(v);
        }
    }
    const char *p = r->req;
    while (p && *p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *e = strchr(p, ' ');
        if (!e)
            e = p + strlen(p);
        char *an = ad_xstrndup(p, (size_t)(e - p));
        if (!xmlHasProp(el, (const xmlChar *)an))
            SERR(L, S_line(el), "<%s> has no %s attribute; it needs one", elname, an);
        free(an);
        p = e;
    }
    S_check_children(L, el, r);
}

size_t ad_load_check_structure(xmlNodePtr root, const char *file, ad_diags *diags)
{
    S_st L = {file, diags, 0};
    S_check_el(&L, root, &S_rules[0]);
    return L.n_struct_errors;
}
