/* typeset_tags.c — the document tree (doc.h) as the PDF's structure tree
 * (pdf.h, PDF/UA-1): Document › Sect per section › H1…H6, P, L › LI › Lbl +
 * LBody, Table › THead/TBody › TR › TH/TD, Link.  The typesetter asks for
 * the elements in the order it lays the blocks out, which is the order of
 * the tree (a table's cells row by row), so the structure's order is the
 * reading order whatever the pages do; it then tags what it draws with
 * them (typeset.c).
 *
 * Headings are the paragraphs the bookmarks show, at the bookmark's level
 * (ad_outline_level), and a section's title paragraph at the section's
 * level; a level never goes more than one below the heading before it. */
#include <stdlib.h>
#include <string.h>

#include "typeset_int.h"
#include "typeset_table.h"

void ad_tt_init(ad_tt *tt, ad_pdfw *pdf, const ad_doc *d)
{
    memset(tt, 0, sizeof *tt);
    tt->pdf = pdf;
    tt->doc = d;
    if (pdf)
        tt->document = ad_pdfw_struct(pdf, 0, "Document");
}

void ad_tt_section(ad_tt *tt, const ad_doc_section *s)
{
    if (!tt->pdf)
        return;
    tt->sect = tt->container = ad_pdfw_struct(tt->pdf, tt->document, "Sect");
    tt->sec = s;
    tt->sec_level = s->outline_title && *s->outline_title
                        ? (s->outline_level > 0 ? s->outline_level : 1)
                        : 0;
    tt->sec_heading = tt->sec_level > 0;
    tt->depth = 0;
}

/* The heading level of paragraph n, 0 when it is not a heading. */
static int S_heading(ad_tt *tt, const ad_node *n)
{
    int level = 0;
    if (n->outline_title && *n->outline_title)
        level = ad_outline_level(tt->doc, tt->sec_level, n);
    else if (tt->sec_heading && n->style == AD_PS_TITLE)
        level = tt->sec_level; /* the section's title, which its bookmark names */
    tt->sec_heading = false;
    if (level <= 0)
        return 0;
    if (level > tt->last_level + 1)
        level = tt->last_level + 1;
    if (level > 6)
        level = 6;
    tt->last_level = level;
    return level;
}

/* What a link's annotation says: the bookmark of the section it leads
 * to, or the link's own text. */
static const char *S_link_contents(const ad_tt *tt, const char *anchor, const char *text)
{
    for (size_t i = 0; i < tt->doc->n_sections; i++) {
        const ad_doc_section *s = &tt->doc->sections[i];
        if (s->anchor && strcmp(s->anchor, anchor) == 0 && s->outline_title && *s->outline_title)
            return s->outline_title;
    }
    return text;
}

/* The list item of a paragraph with a marker: lists nest by indent. */
static int S_list_item(ad_tt *tt, const ad_node *n, ad_tt_para *out)
{
    while (tt->depth > 0 && tt->lists[tt->depth - 1].indent > n->indent)
        tt->depth--;
    if (tt->depth == 0 || tt->lists[tt->depth - 1].indent < n->indent) {
        int parent = tt->depth > 0 ? tt->lists[tt->depth - 1].body : tt->container;
        if (tt->depth < AD_TT_LISTS) {
            tt->lists[tt->depth] = (struct ad_tt_list){ad_pdfw_struct(tt->pdf, parent, "L"),
                                                        0, n->indent};
            tt->depth++;
        }
    }
    struct ad_tt_list *l = &tt->lists[tt->depth - 1];
    int li = ad_pdfw_struct(tt->pdf, l->list, "LI");
    out->lbl = ad_pdfw_struct(tt->pdf, li, "Lbl");
    l->body = ad_pdfw_struct(tt->pdf, li, "LBody");
    return l->body;
}

ad_tt_para ad_tt_paragraph(ad_tt *tt, const ad_node *n)
{
    ad_tt_para out = {0};
    if (!tt->pdf)
        return out;
    int level = S_heading(tt, n);
    int parent;
    if (n->marker && *n->marker && !level) {
        parent = S_list_item(tt, n, &out);
    } else if (tt->cell_text && !level) {
        parent = tt->container;
    } else {
        tt->depth = 0;
        char type[16] = "P";
        if (level)
            snprintf(type, sizeof type, "H%d", level);
        parent = ad_pdfw_struct(tt->pdf, tt->container, type);
        const char *title = n->outline_title && *n->outline_title ? n->outline_title
                            : level ? tt->sec->outline_title
                                    : NULL;
        if (level && title) { /* the bookmark, where it is not the text (a report's
                               * title: its department) */
            char *text = ad_para_text(n);
            if (strcmp(text, title) != 0)
                ad_pdfw_struct_text(tt->pdf, parent, "T", title);
            free(text);
        }
    }
    out.body = parent;
    for (size_t r = 0; r < n->n_runs; r++)
        if (n->runs[r].link && *n->runs[r].link) {
            out.link = out.body = ad_pdfw_struct(tt->pdf, parent, "Link");
            char *text = ad_para_text(n);
            out.contents = ad_xstrdup(S_link_contents(tt, n->runs[r].link, text));
            free(text);
            break;
        }
    return out;
}

void ad_tt_table(ad_tt *tt, const ad_tgeom *g, int *cells)
{
    if (!tt->pdf)
        return;
    int table = ad_pdfw_struct(tt->pdf, tt->container, "Table");
    int group = 0, tr = 0, row = -1;
    bool head = false;
    tt->depth = 0;
    for (size_t k = 0; k < g->n_cells; k++) {
        const ad_tg_cell *c = &g->cells[k];
        if (!group || head != c->header) {
            head = c->header;
            group = ad_pdfw_struct(tt->pdf, table, head ? "THead" : "TBody");
            row = -1;
        }
        if (c->row != row) {
            tr = ad_pdfw_struct(tt->pdf, group, "TR");
            row = c->row;
        }
        bool th = c->header || c->cell->row_header;
        cells[k] = ad_pdfw_struct(tt->pdf, tr, th ? "TH" : "TD");
        ad_pdfw_struct_cell(tt->pdf, cells[k], th ? (c->header ? 'C' : 'R') : 0, c->rowspan,
                            c->colspan);
        if (c->cell->expansion)
            ad_pdfw_struct_text(tt->pdf, cells[k], "E", c->cell->expansion);
    }
}

void ad_tt_cell(ad_tt *tt, int cell, const ad_cell *c)
{
    tt->container = cell > 0 ? cell : tt->sect;
    tt->depth = 0;
    /* a cell of one plain paragraph holds its text itself: a P in each of
     * thousands of cells would double the tree for nothing a reader hears */
    tt->cell_text = cell > 0 && c && c->body.n == 1 && c->body.v[0]->kind == AD_NODE_PARA &&
                    !(c->body.v[0]->marker && *c->body.v[0]->marker);
}
