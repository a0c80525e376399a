/* docx_int.h — private interface of the DOCX writer (docx_*.c).
 *
 *   docx_xml.c       ad_xw: a thin checked layer over libxml2's xmlTextWriter
 *                    (memory buffer), cleaning every string for XML first
 *   docx_document.c  word/document.xml from the document tree
 *   docx_styles.c    word/styles.xml: templates/docx/styles.xml (or the house
 *                    file's) + the paragraph styles generated from doc->styles
 *   docx_numbering.c word/numbering.xml: list labels as Word list numbering
 *   docx_parts.c     [Content_Types].xml, the .rels parts, settings, font
 *                    table, footer, docProps/core.xml and app.xml
 *   docx_package.c   ad_docx_write(): every part into the zip, fixed order
 *
 * Each part writer fills an ad_part (a malloc'd byte buffer) or returns an
 * error status with e set.  Element writers are named after the element they
 * write (ad_dx_w_p writes <w:p>) and take the writer plus a piece of the tree,
 * so tests can call them on a memory writer and compare exact strings. */
#ifndef AD_DOCX_INT_H
#define AD_DOCX_INT_H

#include <libxml/xmlwriter.h>
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "doc.h"
#include "docx.h"

#define AD_NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define AD_NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define AD_NS_PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define AD_REL_BASE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

/* Font names written into the parts (Windows ships both under these names). */
#define AD_DOCX_MINCHO "BIZ UD明朝 Medium" /* the name Windows 10+ ships it under */
#define AD_DOCX_GOTHIC "BIZ UDゴシック"

/* Style ids of the static styles the writer relies on (templates/docx/styles.xml). */
#define AD_DOCX_TABLE_STYLE "AuditTable"
#define AD_DOCX_FOOTER_STYLE "Footer"
/* The style of a part's title that is an outline entry (level 1, above the
 * built-in "heading 2" of 1 監査概要): generated, based on the title style. */
#define AD_DOCX_PART_TITLE_STYLE "PartTitle"
#define AD_DOCX_PART_TITLE_NAME "Part Title"

/* ---- docx_xml.c: the writer ------------------------------------------------
 * Errors are sticky: the first failing libxml2 call sets st, and every later
 * call is a no-op, so element writers need not test each call; the part
 * writer checks ad_xw_finish() once.  Strings are cleaned with ad_xml_clean()
 * before they reach libxml2 (which passes control characters and bad UTF-8
 * straight through). */
typedef struct {
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    ad_status st;
    char what[128];         /* the call that failed */
} ad_xw;

/* A memory writer.  decl: write the XML declaration (standalone="yes"). */
void ad_xw_open(ad_xw *x, bool decl);
/* Ends the document and hands over the bytes: *data is malloc'd (the caller
 * frees it, or gives it to libzip), *len its length.  Returns AD_OK, or the
 * first error with e set naming part.  Releases the writer either way. */
ad_status ad_xw_finish(ad_xw *x, const char *part, char **data, size_t *len, ad_err *e);
/* Releases the writer without taking the bytes (error paths, tests). */
void ad_xw_dispose(ad_xw *x);
/* Flushes and returns the bytes written so far (borrowed; tests). */
const char *ad_xw_peek(ad_xw *x);

void xw_start(ad_xw *x, const char *name);
void xw_end(ad_xw *x);
void xw_attr(ad_xw *x, const char *name, const char *value);
void xw_attr_int(ad_xw *x, const char *name, long value);
void xw_text(ad_xw *x, const char *text);
/* <name w:val="val"/> */
void xw_val(ad_xw *x, const char *name, const char *val);
void xw_val_int(ad_xw *x, const char *name, long val);
/* <name/> */
void xw_empty(ad_xw *x, const char *name);
/* <name>text</name> */
void xw_elem_text(ad_xw *x, const char *name, const char *text);

/* ---- the parts ---------------------------------------------------------------*/
typedef struct {
    const char *name;       /* zip entry name, e.g. "word/document.xml" */
    char *data;             /* malloc'd */
    size_t len;
} ad_part;

/* Everything the part writers share, computed before writing (prepare pass). */
typedef struct {
    const ad_doc *d;
    bool footer;            /* page numbers: word/footer1.xml exists */
    bool theme;             /* a theme part (house file) exists */
    /* style ids written into document.xml and footer1.xml: the doc's
     * docx_id, or the id a house styles.xml gives a style of that name */
    char *style_id[AD_PS_COUNT];
    char *table_style, *footer_style, *part_title_style;
    /* the house file's document grid (its last w:docGrid), used instead of
     * ours so that house styles that snap to a grid get the one they expect */
    bool house_grid;
    char *grid_type;            /* w:type or NULL (no line grid) */
    long grid_pitch, grid_char_space;   /* -1: absent */
    /* anchors in document order (first occurrence wins): the bookmark name
     * and the section or node that carries it (borrowed pointers) */
    struct ad_dx_anchor {
        const char *anchor;
        char *bookmark;
        const void *owner;
    } *anchors;
    size_t n_anchors, cap_anchors;
    /* list numbering (docx_numbering.c): kinds (abstractNum), lists (num),
     * and the numbered paragraphs in document order */
    struct ad_dx_list_kind {
        char *lvl_text;
        const char *fmt;
        bool space;             /* the label is followed by a space (typed number) */
        unsigned flags;         /* AD_RUN_BOLD / AD_RUN_GOTHIC of the label */
        int indent, hang;       /* twips: the items' left indent, the label's hang */
        int num_id;             /* the kind's current list, 0 none */
        long next;              /* the number its next item must have */
    } *kinds;
    size_t n_kinds, cap_kinds;
    struct ad_dx_num {
        int kind;
        long start;
    } *nums;
    size_t n_nums, cap_nums;
    struct ad_dx_numbered {
        const ad_node *node;
        int num_id;
        size_t strip;           /* bytes of the first run that are the typed label */
    } *numbered;
    size_t n_numbered, cap_numbered;
    /* body text styles: the indents and alignment body paragraphs share,
     * carried by a style instead of each paragraph (docx_styles.c) */
    struct ad_dx_body_style {
        ad_pstyle style;        /* the style it is based on */
        ad_align align;
        int indent, first_line;
        size_t uses;
        char *id;               /* set when the style is written */
    } *bodies;
    size_t n_bodies, cap_bodies;
} ad_dx_ctx;

void ad_dx_ctx_init(ad_dx_ctx *c, const ad_doc *d);
void ad_dx_ctx_free(ad_dx_ctx *c);
/* The bookmark name for an anchor, or NULL when nothing carries it. */
const char *ad_dx_bookmark(const ad_dx_ctx *c, const char *anchor);
/* The bookmark owner (section or node) writes it: its name, else NULL. */
const char *ad_dx_bookmark_of(const ad_dx_ctx *c, const void *owner, const char *anchor);

/* docx_document.c */
ad_status ad_dx_document(const ad_dx_ctx *c, ad_part *p, ad_err *e);

/* State of the document writer while it walks the tree. */
typedef struct {
    const ad_dx_ctx *c;
    long next_bookmark_id;
    const char *pending_anchor;     /* section anchor for the next paragraph */
    const char *pending_title;      /* section outline entry for the next paragraph */
    int pending_outline;            /* its level, 0 none */
    int section_level;              /* level of the latest section entry (paragraph levels) */
    bool pending_page_break;        /* a page-break node before the next paragraph */
    size_t next_numbered;           /* cursor into c->numbered */
    int pending_space;              /* twips of blank paragraphs folded into the next one */
    bool section_top;               /* the next paragraph starts a section's page */
    bool after_table;               /* the last thing written was a table */
} ad_dx_state;

/* Element writers (exported for the unit tests). */
void ad_dx_w_r(ad_xw *x, const ad_run *r);
void ad_dx_w_p(ad_xw *x, ad_dx_state *s, const ad_node *p, const ad_doc_section *sect_end);
void ad_dx_w_tbl(ad_xw *x, ad_dx_state *s, const ad_node *t);
void ad_dx_w_sectPr(ad_xw *x, const ad_dx_ctx *c, const ad_doc_section *sect);
/* The outline level Word gives style id `id` by itself: N for a built-in
 * "heading N" (Word ignores any other level on those), else 0. */
int ad_dx_builtin_level(const ad_dx_ctx *c, ad_pstyle st);

/* docx_numbering.c: plans the lists of c->d (ctx init), then writes
 * word/numbering.xml (only when c->n_kinds > 0). */
void ad_dx_numbering_plan(ad_dx_ctx *c);
void ad_dx_numbering_free(ad_dx_ctx *c);
ad_status ad_dx_numbering(const ad_dx_ctx *c, ad_part *p, ad_err *e);
/* The numbering of p when it is the next numbered paragraph (*cursor moves
 * on), else NULL: paragraphs are written in the order they were planned. */
const struct ad_dx_numbered *ad_dx_numbered_of(const ad_dx_ctx *c, size_t *cursor,
                                               const ad_node *p);

/* docx_styles.c: word/styles.xml.  house_styles: the house file's styles.xml
 * bytes or NULL (then templates_dir/docx/styles.xml is used).  Runs before
 * the document is written: it settles the style ids in c. */
ad_status ad_dx_styles(ad_dx_ctx *c, const char *templates_dir, const char *house_styles,
                       size_t house_len, ad_part *p, ad_err *e);

/* docx_styles.c: counts the body paragraphs' indent/alignment combinations
 * (ctx init); the body style of paragraph p, or NULL. */
void ad_dx_body_plan(ad_dx_ctx *c);
const struct ad_dx_body_style *ad_dx_body_style_of(const ad_dx_ctx *c, const ad_node *p);

/* docx_styles.c: the leading (twips) Word sets below a paragraph's last line
 * and the PDF does not: (line_pct - 100) % of the style's size. */
int ad_dx_last_line_excess(const ad_style *st);

/* docx_styles.c: reads the house's document grid from its word/document.xml
 * (NULL: none there) into c. */
void ad_dx_house_grid(ad_dx_ctx *c, const char *doc_xml, size_t len);

/* docx_parts.c */
ad_status ad_dx_content_types(const ad_dx_ctx *c, ad_part *p, ad_err *e);
ad_status ad_dx_package_rels(const ad_dx_ctx *c, ad_part *p, ad_err *e);
ad_status ad_dx_document_rels(const ad_dx_ctx *c, ad_part *p, ad_err *e);
ad_status ad_dx_footer(const ad_dx_ctx *c, ad_part *p, ad_err *e);
ad_status ad_dx_core(const ad_dx_ctx *c, ad_part *p, ad_err *e);
ad_status ad_dx_app(const ad_dx_ctx *c, ad_part *p, ad_err *e);
/* A static part read from templates_dir/docx/rel, checked to be well-formed. */
ad_status ad_dx_static(const char *templates_dir, const char *rel, ad_part *p, ad_err *e);
/* Checks that bytes are well-formed XML (no network, no entities). */
ad_status ad_dx_check_xml(const char *what, const char *data, size_t len, ad_err *e);
/* W3CDTF UTC date-time of t into buf (at least 21 bytes). */
void ad_dx_w3cdtf(time_t t, char *buf, size_t n);

#endif
