/* docx_styles.c — word/styles.xml.
 *
 * Two sources:
 * - our template, templates/docx/styles.xml: document defaults (East Asian
 *   fonts, ja-JP), the default character/table/numbering styles, the table
 *   style (AuditTable) and the footer style (Footer).  The paragraph styles
 *   the tree uses (Normal, Title, Heading2–3, Subheading, TableText,
 *   TableHeader, Note; PartTitle and the body/table text styles derived
 *   from them)
 *   are generated from doc->styles — the same table the PDF typesetter uses —
 *   and replace any style of the same id in the template.
 * - a house file (--template HOUSE.docx): its styles.xml is taken as it is,
 *   and its styles win.  For each style the document needs:
 *     1. the house has that id                → used as it is;
 *     2. the house has a style of that name   → its id is used instead
 *        (Japanese Word stores "heading 1" under the id "1", "footer" under
 *        "a5" …; matching by name keeps the navigation pane and the user's
 *        restyling working);
 *     3. otherwise ours is added (copied from the template, or generated).
 *   So a house file never makes the document refer to a missing style.
 *
 * The part is built as a libxml2 tree and serialized without reformatting;
 * template comments are dropped. */
#include "docx_int.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

static bool S_is_w(xmlNodePtr n, const char *local)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns &&
           xmlStrcmp(n->ns->href, BAD_CAST AD_NS_W) == 0 &&
           xmlStrcmp(n->name, BAD_CAST local) == 0;
}

/* The w:val of the first child element named local, or NULL (xmlFree it). */
static xmlChar *S_child_val(xmlNodePtr n, const char *local)
{
    for (xmlNodePtr ch = n->children; ch; ch = ch->next)
        if (S_is_w(ch, local))
            return xmlGetNsProp(ch, BAD_CAST "val", BAD_CAST AD_NS_W);
    return NULL;
}

static xmlNodePtr S_find_id(xmlNodePtr root, const char *id)
{
    for (xmlNodePtr n = root->children; n; n = n->next) {
        if (!S_is_w(n, "style"))
            continue;
        xmlChar *v = xmlGetNsProp(n, BAD_CAST "styleId", BAD_CAST AD_NS_W);
        bool hit = v && xmlStrcmp(v, BAD_CAST id) == 0;
        xmlFree(v);
        if (hit)
            return n;
    }
    return NULL;
}

/* A style of type `type` whose w:name matches name (case-insensitive, as Word
 * compares built-in names).  Returns its id, newly allocated, or NULL. */
static char *S_find_name(xmlNodePtr root, const char *type, const char *name)
{
    for (xmlNodePtr n = root->children; n; n = n->next) {
        if (!S_is_w(n, "style"))
            continue;
        xmlChar *t = xmlGetNsProp(n, BAD_CAST "type", BAD_CAST AD_NS_W);
        xmlChar *nm = S_child_val(n, "name");
        xmlChar *id = xmlGetNsProp(n, BAD_CAST "styleId", BAD_CAST AD_NS_W);
        char *res = NULL;
        if (t && nm && id && xmlStrcmp(t, BAD_CAST type) == 0 &&
            strcasecmp((const char *)nm, name) == 0)
            res = ad_xstrdup((const char *)id);
        xmlFree(t);
        xmlFree(nm);
        xmlFree(id);
        if (res)
            return res;
    }
    return NULL;
}

/* ---- generated paragraph styles ----------------------------------------------*/

static xmlNodePtr S_el(xmlNodePtr parent, xmlNsPtr ns, const char *name)
{
    return xmlNewChild(parent, ns, BAD_CAST name, NULL);
}

static void S_at(xmlNodePtr n, xmlNsPtr ns, const char *name, const char *v)
{
    char *clean = ad_xml_clean(v);
    xmlNewNsProp(n, ns, BAD_CAST name, BAD_CAST clean);
    free(clean);
}

static void S_at_int(xmlNodePtr n, xmlNsPtr ns, const char *name, long v)
{
    char num[32];
    snprintf(num, sizeof num, "%ld", v);
    xmlNewNsProp(n, ns, BAD_CAST name, BAD_CAST num);
}

static void S_val(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *v)
{
    S_at(S_el(parent, ns, name), ns, "val", v);
}

/* The leading (twips) Word puts below a paragraph's last line that the PDF
 * does not: (line_pct - 100) % of the size. */
int ad_dx_last_line_excess(const ad_style *st)
{
    int size = st->size > 0 ? st->size : 21;
    int pct = st->line_pct > 100 ? st->line_pct : 100;
    return size * 10 * (pct - 100) / 100;
}

/* <w:style> for doc style i, appended to root. */
static void S_w_style(xmlNodePtr root, xmlNsPtr ns, const ad_dx_ctx *c, int i, const char *id,
                      const char *normal_id)
{
    const ad_doc *d = c->d;
    const ad_style *st = &d->styles[i];
    bool table = i == AD_PS_TABLE || i == AD_PS_TABLE_HEADER;
    xmlNodePtr s = S_el(root, ns, "style");
    S_at(s, ns, "type", "paragraph");
    if (i == AD_PS_NORMAL)
        S_at(s, ns, "default", "1");
    S_at(s, ns, "styleId", id);
    S_val(s, ns, "name", st->name ? st->name : id);
    if (i != AD_PS_NORMAL)
        S_val(s, ns, "basedOn", normal_id);
    S_val(s, ns, "next", table ? id : normal_id);
    int level = ad_dx_builtin_level(c, (ad_pstyle)i);
    if (level > 0)
        S_at_int(S_el(s, ns, "uiPriority"), ns, "val", 9);
    S_el(s, ns, "qFormat");

    xmlNodePtr ppr = S_el(s, ns, "pPr");
    if (st->outline > 0 || level > 0 || i == AD_PS_TITLE)
        S_el(ppr, ns, "keepNext");
    /* Lines are not snapped to the document grid: the grid is there for
     * Word's page setup (行数), the line height is line_pct of the font's
     * natural height, as in the PDF. */
    S_val(ppr, ns, "snapToGrid", "0");
    xmlNodePtr sp = S_el(ppr, ns, "spacing");
    /* Word leads every line of a paragraph, the PDF all but the last: the
     * extra height Word gives a paragraph's last line comes off the space
     * after it, and a heading's space before loses what the body paragraph
     * above it gained, so the headings land where the PDF has them. */
    int before = st->space_before, after = st->space_after;
    if (i == AD_PS_HEADING1 || i == AD_PS_HEADING2 || i == AD_PS_HEADING3)
        before -= ad_dx_last_line_excess(&d->styles[AD_PS_NORMAL]);
    after -= ad_dx_last_line_excess(st);
    S_at_int(sp, ns, "before", before > 0 ? before : 0);
    S_at_int(sp, ns, "after", after > 0 ? after : 0);
    S_at_int(sp, ns, "line", 240L * (st->line_pct > 0 ? st->line_pct : 100) / 100);
    S_at(sp, ns, "lineRule", "auto");
    /* the level Word gives a built-in heading anyway; other styles have none
     * (a paragraph that is an outline entry says so itself) */
    if (level > 0)
        S_at_int(S_el(ppr, ns, "outlineLvl"), ns, "val", level - 1);

    xmlNodePtr rpr = S_el(s, ns, "rPr");
    /* bold is the Gothic bold face, as in the PDF */
    const char *font = st->font == AD_FONT_GOTHIC || st->bold ? AD_DOCX_GOTHIC : AD_DOCX_MINCHO;
    xmlNodePtr f = S_el(rpr, ns, "rFonts");
    S_at(f, ns, "ascii", font);
    S_at(f, ns, "eastAsia", font);
    S_at(f, ns, "hAnsi", font);
    if (st->bold) {
        S_el(rpr, ns, "b");
        S_el(rpr, ns, "bCs");
    }
    int size = st->size > 0 ? st->size : 21;
    S_at_int(S_el(rpr, ns, "sz"), ns, "val", size);
    S_at_int(S_el(rpr, ns, "szCs"), ns, "val", size);
}

/* The part title style: a part's title that is a level-1 outline entry, based
 * on the title style.  Its own style, since the built-in "heading 1" cannot sit
 * above the "heading 2" of 1 監査概要 in another way. */
static void S_w_part_title(xmlNodePtr root, xmlNsPtr ns, const char *title_id,
                           const char *normal_id)
{
    xmlNodePtr s = S_el(root, ns, "style");
    S_at(s, ns, "type", "paragraph");
    S_at(s, ns, "styleId", AD_DOCX_PART_TITLE_STYLE);
    S_val(s, ns, "name", AD_DOCX_PART_TITLE_NAME);
    S_val(s, ns, "basedOn", title_id);
    S_val(s, ns, "next", normal_id);
    S_at_int(S_el(s, ns, "uiPriority"), ns, "val", 9);
    S_el(s, ns, "qFormat");
    xmlNodePtr ppr = S_el(s, ns, "pPr");
    S_at_int(S_el(ppr, ns, "outlineLvl"), ns, "val", 0);
}

/* ---- body text styles ---------------------------------------------------------------*/

/* A paragraph of running text or a table without a label, indented or not
 * left-aligned. */
static bool S_body_candidate(const ad_node *p)
{
    return p->kind == AD_NODE_PARA &&
           (p->style == AD_PS_NORMAL || p->style == AD_PS_TABLE ||
            p->style == AD_PS_TABLE_HEADER || p->style == AD_PS_NOTE) &&
           !(p->marker && *p->marker) && !p->number_in_text &&
           (p->indent || p->first_line || p->align != AD_ALIGN_LEFT);
}

static struct ad_dx_body_style *S_body_find(const ad_dx_ctx *c, const ad_node *p)
{
    for (size_t i = 0; i < c->n_bodies; i++) {
        struct ad_dx_body_style *b = &c->bodies[i];
        if (b->style == p->style && b->align == p->align && b->indent == p->indent &&
            b->first_line == p->first_line)
            return b;
    }
    return NULL;
}

static void S_body_count(ad_dx_ctx *c, const ad_nodes *body)
{
    for (size_t i = 0; i < body->n; i++) {
        const ad_node *n = body->v[i];
        if (n->kind == AD_NODE_TABLE)
            for (size_t r = 0; r < n->n_rows; r++)
                for (size_t k = 0; k < n->rows[r].n; k++)
                    S_body_count(c, &n->rows[r].cells[k].body);
        if (!S_body_candidate(n))
            continue;
        struct ad_dx_body_style *b = S_body_find(c, n);
        if (!b) {
            struct ad_dx_body_style nb = {n->style, n->align, n->indent, n->first_line, 0, NULL};
            AD_VEC_PUSH(c->bodies, c->n_bodies, c->cap_bodies) = nb;
            b = &c->bodies[c->n_bodies - 1];
        }
        b->uses++;
    }
}

void ad_dx_body_plan(ad_dx_ctx *c)
{
    for (size_t s = 0; s < c->d->n_sections; s++)
        S_body_count(c, &c->d->sections[s].body);
}

const struct ad_dx_body_style *ad_dx_body_style_of(const ad_dx_ctx *c, const ad_node *p)
{
    if (!c->n_bodies || !S_body_candidate(p))
        return NULL;
    const struct ad_dx_body_style *b = S_body_find(c, p);
    return b && b->id ? b : NULL;
}

/* Writes a style for each combination used by at least two paragraphs, in
 * order of first use, based on the paragraphs' own style: "Body Text 1",
 * "Table Text 1" … (ids BodyText1, TableText1 …, or the first free ones in
 * a house file). */
static void S_w_bodies(ad_dx_ctx *c, xmlNodePtr root, xmlNsPtr ns)
{
    int count[AD_PS_COUNT] = {0};
    for (size_t i = 0; i < c->n_bodies; i++) {
        struct ad_dx_body_style *b = &c->bodies[i];
        if (b->uses < 2)
            continue;
        const char *stem = b->style == AD_PS_TABLE          ? "Table Text"
                           : b->style == AD_PS_TABLE_HEADER ? "Table Header"
                           : b->style == AD_PS_NOTE         ? "Note"
                                                            : "Body Text";
        char *id = NULL;
        do {
            free(id);
            id = ad_xasprintf("%s%d", stem, ++count[b->style]);
            /* ids without spaces */
            char *w = id;
            for (const char *r = id; *r; r++)
                if (*r != ' ')
                    *w++ = *r;
            *w = '\0';
        } while (S_find_id(root, id));
        char name[64];
        snprintf(name, sizeof name, "%s %d (auditdoc)", stem, count[b->style]);
        xmlNodePtr st = S_el(root, ns, "style");
        S_at(st, ns, "type", "paragraph");
        S_at(st, ns, "styleId", id);
        S_val(st, ns, "name", name);
        S_val(st, ns, "basedOn", c->style_id[b->style]);
        S_val(st, ns, "next", id);
        S_el(st, ns, "qFormat");
        xmlNodePtr ppr = S_el(st, ns, "pPr");
        xmlNodePtr ind = S_el(ppr, ns, "ind");
        S_at_int(ind, ns, "left", b->indent);
        if (b->first_line > 0)
            S_at_int(ind, ns, "firstLine", b->first_line);
        else if (b->first_line < 0)
            S_at_int(ind, ns, "hanging", -b->first_line);
        static const char *const jc[] = {"left", "center", "right", "both"};
        S_val(ppr, ns, "jc", jc[b->align <= AD_ALIGN_JUSTIFY ? b->align : 0]);
        b->id = id;
    }
}

/* ---- the house's document defaults and grid ---------------------------------------*/

/* An East Asian language tag (ja, zh, ko). */
static bool S_east_asian_lang(const xmlChar *v)
{
    return v && (xmlStrncasecmp(v, BAD_CAST "ja", 2) == 0 || xmlStrncasecmp(v, BAD_CAST "zh", 2) == 0 ||
                 xmlStrncasecmp(v, BAD_CAST "ko", 2) == 0);
}

static xmlNodePtr S_child(xmlNodePtr n, const char *local)
{
    for (xmlNodePtr ch = n ? n->children : NULL; ch; ch = ch->next)
        if (S_is_w(ch, local))
            return ch;
    return NULL;
}

static xmlNodePtr S_child_or_new(xmlNodePtr n, xmlNsPtr ns, const char *local, bool first)
{
    xmlNodePtr ch = S_child(n, local);
    if (ch)
        return ch;
    ch = xmlNewNode(ns, BAD_CAST local);
    if (first && n->children)
        xmlAddPrevSibling(n->children, ch);
    else
        xmlAddChild(n, ch);
    return ch;
}

/* The house's document defaults stay, but Japanese text keeps auditdoc's
 * language and East Asian font unless the house names them itself: a
 * Western template's en-US (or a theme font, which is the house theme's
 * Latin one) would turn off Word's Japanese line breaking and fonts. */
static void S_keep_east_asian(xmlNodePtr root, xmlNsPtr ns, const ad_doc *d)
{
    xmlNodePtr dd = S_child(root, "docDefaults");
    if (!dd) {
        dd = xmlNewNode(ns, BAD_CAST "docDefaults");
        if (root->children)
            xmlAddPrevSibling(root->children, dd);
        else
            xmlAddChild(root, dd);
    }
    xmlNodePtr rpr = S_child_or_new(S_child_or_new(dd, ns, "rPrDefault", true), ns, "rPr", false);
    /* rPr children in schema order: rFonts first, lang late */
    xmlNodePtr f = S_child_or_new(rpr, ns, "rFonts", true);
    xmlChar *ea = xmlGetNsProp(f, BAD_CAST "eastAsia", BAD_CAST AD_NS_W);
    if (!ea || !*ea) {
        xmlUnsetNsProp(f, ns, BAD_CAST "eastAsiaTheme");
        xmlSetNsProp(f, ns, BAD_CAST "eastAsia", BAD_CAST AD_DOCX_MINCHO);
    }
    xmlFree(ea);
    xmlNodePtr lang = S_child(rpr, "lang");
    if (!lang) {
        lang = xmlNewNode(ns, BAD_CAST "lang");
        xmlNodePtr after = NULL;
        static const char *const later[] = {"eastAsianLayout", "specVanish", "oMath"};
        for (size_t i = 0; i < sizeof later / sizeof *later && !after; i++)
            after = S_child(rpr, later[i]);
        if (after)
            xmlAddPrevSibling(after, lang);
        else
            xmlAddChild(rpr, lang);
        xmlSetNsProp(lang, ns, BAD_CAST "val", BAD_CAST "en-US");
    }
    xmlChar *v = xmlGetNsProp(lang, BAD_CAST "eastAsia", BAD_CAST AD_NS_W);
    if (!S_east_asian_lang(v))
        xmlSetNsProp(lang, ns, BAD_CAST "eastAsia",
                     BAD_CAST(d->language && *d->language ? d->language : "ja-JP"));
    xmlFree(v);
}

void ad_dx_house_grid(ad_dx_ctx *c, const char *doc_xml, size_t len)
{
    c->house_grid = true;
    if (!doc_xml || len > (size_t)0x7fffffff)
        return;
    xmlDocPtr doc = xmlReadMemory(doc_xml, (int)len, "document.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                      XML_PARSE_HUGE);
    if (!doc)
        return;
    /* the last docGrid in document order (the body's own sectPr) */
    xmlNodePtr grid = NULL;
    for (xmlNodePtr n = xmlDocGetRootElement(doc); n;) {
        if (S_is_w(n, "docGrid"))
            grid = n;
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && !n->next)
            n = n->parent;
        if (n)
            n = n->next;
    }
    if (grid) {
        xmlChar *t = xmlGetNsProp(grid, BAD_CAST "type", BAD_CAST AD_NS_W);
        xmlChar *lp = xmlGetNsProp(grid, BAD_CAST "linePitch", BAD_CAST AD_NS_W);
        xmlChar *cs = xmlGetNsProp(grid, BAD_CAST "charSpace", BAD_CAST AD_NS_W);
        static const char *const types[] = {"default", "lines", "linesAndChars", "snapToChars"};
        for (size_t i = 0; t && i < sizeof types / sizeof *types; i++)
            if (xmlStrcmp(t, BAD_CAST types[i]) == 0)
                c->grid_type = ad_xstrdup(types[i]);
        if (lp)
            c->grid_pitch = strtol((const char *)lp, NULL, 10);
        if (cs)
            c->grid_char_space = strtol((const char *)cs, NULL, 10);
        if (c->grid_pitch < 0 || c->grid_pitch > 31680)
            c->grid_pitch = -1;
        if (c->grid_char_space < -4000 || c->grid_char_space > 4000)
            c->grid_char_space = -1;
        xmlFree(t);
        xmlFree(lp);
        xmlFree(cs);
    }
    xmlFreeDoc(doc);
}

/* ---- the part -------------------------------------------------------------------*/

static xmlDocPtr S_parse(const char *what, const char *data, size_t len, ad_err *e)
{
    if (len > (size_t)0x7fffffff) {
        ad_fail(e, AD_ERR_TEMPLATE, "%s: too large", what);
        return NULL;
    }
    xmlDocPtr doc = xmlReadMemory(data, (int)len, what, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *err = xmlGetLastError();
        ad_fail(e, AD_ERR_TEMPLATE, "%s:%d: not well-formed XML: %s", what, err ? err->line : 0,
                err && err->message ? err->message : "parse error");
        return NULL;
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!S_is_w(root, "styles")) {
        ad_fail(e, AD_ERR_TEMPLATE, "%s: the root element is not w:styles (WordprocessingML)",
                what);
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

static void S_drop_comments(xmlDocPtr doc)
{
    xmlNodePtr n = doc->children;
    while (n) {
        xmlNodePtr next = n->next;
        if (n->type == XML_COMMENT_NODE) {
            xmlUnlinkNode(n);
            xmlFreeNode(n);
        } else if (n->type == XML_ELEMENT_NODE) {
            for (xmlNodePtr ch = n->children; ch;) {
                xmlNodePtr nx = ch->next;
                if (ch->type == XML_COMMENT_NODE) {
                    xmlUnlinkNode(ch);
                    xmlFreeNode(ch);
                }
                ch = nx;
            }
        }
        n = next;
    }
}

/* Settles the id of one static style (table, footer) against the house file:
 * returns the id to use; copies ours in when needed. */
static char *S_static_style(xmlDocPtr hdoc, xmlNodePtr hroot, xmlNodePtr troot, const char *id)
{
    if (S_find_id(hroot, id))
        return ad_xstrdup(id);
    xmlNodePtr ours = S_find_id(troot, id);
    if (!ours)
        return ad_xstrdup(id);
    xmlChar *type = xmlGetNsProp(ours, BAD_CAST "type", BAD_CAST AD_NS_W);
    xmlChar *name = S_child_val(ours, "name");
    char *found = type && name ? S_find_name(hroot, (const char *)type, (const char *)name) : NULL;
    xmlFree(type);
    xmlFree(name);
    if (found)
        return found;
    xmlNodePtr copy = xmlDocCopyNode(ours, hdoc, 1);
    if (copy) {
        xmlAddChild(hroot, copy);
        xmlReconciliateNs(hdoc, copy);
    }
    return ad_xstrdup(id);
}

ad_status ad_dx_styles(ad_dx_ctx *c, const char *templates_dir, const char *house_styles,
                       size_t house_len, ad_part *p, ad_err *e)
{
    const ad_doc *d = c->d;
    ad_part tpl = {0};
    ad_status st = ad_dx_static(templates_dir, "styles.xml", &tpl, e);
    if (st != AD_OK)
        return st;
    xmlDocPtr tdoc = S_parse("templates/docx/styles.xml", tpl.data, tpl.len, e);
    free(tpl.data);
    if (!tdoc)
        return e ? e->status : AD_ERR_TEMPLATE;
    xmlDocPtr hdoc = NULL;
    if (house_styles) {
        hdoc = S_parse("word/styles.xml of the house template", house_styles, house_len, e);
        if (!hdoc) {
            xmlFreeDoc(tdoc);
            return e ? e->status : AD_ERR_TEMPLATE;
        }
    }
    xmlNodePtr troot = xmlDocGetRootElement(tdoc);
    xmlDocPtr out = hdoc ? hdoc : tdoc;
    xmlNodePtr root = xmlDocGetRootElement(out);
    xmlNsPtr ns = xmlSearchNsByHref(out, root, BAD_CAST AD_NS_W);

    if (hdoc) {
        S_keep_east_asian(root, ns, d);
        char *t = S_static_style(hdoc, root, troot, AD_DOCX_TABLE_STYLE);
        free(c->table_style);
        c->table_style = t;
        char *f = S_static_style(hdoc, root, troot, AD_DOCX_FOOTER_STYLE);
        free(c->footer_style);
        c->footer_style = f;
    }
    /* Normal first: the others are based on it. */
    for (int i = 0; i < AD_PS_COUNT; i++) {
        const char *id = d->styles[i].docx_id ? d->styles[i].docx_id : "Normal";
        if (hdoc) {
            if (S_find_id(root, id))
                continue;
            char *found = S_find_name(root, "paragraph", d->styles[i].name ? d->styles[i].name : id);
            if (found) {
                free(c->style_id[i]);
                c->style_id[i] = found;
                continue;
            }
        } else {
            xmlNodePtr old;
            while ((old = S_find_id(root, id)) != NULL) {
                xmlUnlinkNode(old);
                xmlFreeNode(old);
            }
        }
        /* a style listed twice in doc->styles is generated once */
        if (!S_find_id(root, id))
            S_w_style(root, ns, c, i, id, c->style_id[AD_PS_NORMAL]);
        free(c->style_id[i]);
        c->style_id[i] = ad_xstrdup(id);
    }
    /* the part title style: the house's (by id, then by name), else ours */
    char *pt = NULL;
    if (S_find_id(root, AD_DOCX_PART_TITLE_STYLE))
        pt = ad_xstrdup(AD_DOCX_PART_TITLE_STYLE);
    else if (hdoc)
        pt = S_find_name(root, "paragraph", AD_DOCX_PART_TITLE_NAME);
    if (!pt) {
        S_w_part_title(root, ns, c->style_id[AD_PS_TITLE], c->style_id[AD_PS_NORMAL]);
        pt = ad_xstrdup(AD_DOCX_PART_TITLE_STYLE);
    }
    free(c->part_title_style);
    c->part_title_style = pt;
    S_w_bodies(c, root, ns);
    S_drop_comments(out);

    xmlChar *mem = NULL;
    int len = 0;
    xmlDocDumpMemoryEnc(out, &mem, &len, "UTF-8");
    xmlFreeDoc(tdoc);
    if (hdoc)
        xmlFreeDoc(hdoc);
    if (!mem || len <= 0) {
        xmlFree(mem);
        return ad_fail(e, AD_ERR_RENDER, "word/styles.xml: serializing the styles failed");
    }
    p->name = "word/styles.xml";
    p->data = ad_xmalloc((size_t)len + 1);
    memcpy(p->data, mem, (size_t)len);
    p->data[len] = '\0';
    p->len = (size_t)len;
    xmlFree(mem);
    return AD_OK;
}
