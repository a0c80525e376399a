/* doc.h — the document tree: what a document says and how it is arranged,
 * independent of the output format.  Composers (compose_*.c) build one tree
 * per document from the model; two backends render the same tree: the DOCX
 * writer (docx_*.c) and the Pango typesetter (typeset.c, pdf_writer.c).  So DOCX and
 * PDF cannot drift apart.
 *
 *   ad_doc
 *    ├─ metadata (title, author, subject, keywords, creation time)
 *    ├─ styles[AD_PS_COUNT]     fonts, sizes, spacing per paragraph style
 *    └─ sections[]              each starts on a new page
 *         ├─ page geometry (A4 portrait or landscape, margins)
 *         ├─ outline entry (bookmark) and anchor
 *         └─ body: nodes
 *              ├─ AD_NODE_PARA   style, alignment, list marker, runs
 *              ├─ AD_NODE_TABLE  column widths, header rows, rows → cells → nodes
 *              └─ AD_NODE_PAGE_BREAK
 *
 * Lengths are integers in twips (1/20 pt, 1/1440 inch): DOCX uses them as
 * they are, the typesetter divides by 20.  Font sizes are in half-points.
 * A list is a run of paragraphs carrying a marker ("(1)", "ア.", "・", "●")
 * set in a hanging indent: the marker text is part of the tree, so both
 * backends print exactly the same label (the DOCX as list numbering whose
 * label is that text).
 *
 * The tree owns everything in it; ad_doc_free() releases it all.  Every string
 * is copied in and cleaned for XML on the way (ad_xml_clean). */
#ifndef AD_DOC_H
#define AD_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define AD_COLOR_NONE 0xFFFFFFFFu

typedef enum {
    AD_PS_NORMAL = 0,   /* body text, Mincho             DOCX style "Normal" */
    AD_PS_TITLE,        /* document title, centred       "Title" */
    AD_PS_HEADING1,     /* 1 監査概要                     "Heading2" (outline level 2) */
    AD_PS_HEADING2,     /* (1) 監査目的                   "Heading3" (outline level 3) */
    AD_PS_HEADING3,     /* 監査対象課, ○人的セキュリティ      "Subheading" (no outline) */
    AD_PS_TABLE,        /* text inside table cells       "TableText" */
    AD_PS_TABLE_HEADER, /* header cells                   "TableHeader" */
    AD_PS_NOTE,         /* legends, small print           "Note" */
    AD_PS_COUNT
} ad_pstyle;

typedef enum { AD_ALIGN_LEFT = 0, AD_ALIGN_CENTER, AD_ALIGN_RIGHT, AD_ALIGN_JUSTIFY } ad_align;
typedef enum { AD_VALIGN_TOP = 0, AD_VALIGN_CENTER, AD_VALIGN_BOTTOM } ad_valign;
typedef enum { AD_FONT_MINCHO = 0, AD_FONT_GOTHIC } ad_font_role;

typedef struct {
    const char *docx_id;    /* style id in styles.xml, e.g. "Heading1" */
    const char *name;       /* style name, e.g. "heading 1" */
    ad_font_role font;
    int size;               /* half-points */
    bool bold;
    int space_before;       /* twips */
    int space_after;        /* twips */
    int line_pct;           /* line height in percent of the font's natural height */
    int outline;            /* outline depth below the section's entry: 1 = directly
                             * under it, 2 = one further; 0: not in the outline */
} ad_style;

/* Run flags. */
enum { AD_RUN_BOLD = 1u << 0, AD_RUN_GOTHIC = 1u << 1, AD_RUN_UNDERLINE = 1u << 2 };

typedef struct {
    char *text;             /* '\n' is a line break inside the paragraph */
    unsigned flags;
    uint32_t color;         /* 0xRRGGBB, or AD_COLOR_NONE for the style's colour */
    char *link;             /* anchor name this run links to, or NULL */
} ad_run;

typedef enum { AD_NODE_PARA, AD_NODE_TABLE, AD_NODE_PAGE_BREAK } ad_node_kind;

typedef struct ad_node ad_node;
typedef struct {
    ad_node **v;
    size_t n, cap;
} ad_nodes;

typedef struct {
    ad_nodes body;          /* paragraphs (and nested tables) */
    int colspan;            /* >= 1 */
    int rowspan;            /* >= 1; covered cells in later rows are omitted (HTML model) */
    ad_valign valign;
    uint32_t shade;         /* 0xRRGGBB background or AD_COLOR_NONE */
    bool row_header;        /* labels its row (a form's row label, an item's name) */
    char *expansion;        /* what the text stands for, read aloud instead of it (a
                             * mark's meaning from the legend), or NULL */
} ad_cell;

/* A row is kept on one page unless it is taller than a page.  A table
 * split across pages leaves at least two body rows on each page (one of
 * three rows or fewer moves whole). */
typedef struct {
    ad_cell *cells;
    size_t n, cap;
    bool note;              /* a note row (備考): never starts a page, stays with the row before */
    bool title;             /* a section title row: stays with the two rows after it */
} ad_row;

struct ad_node {
    ad_node_kind kind;
    /* AD_NODE_PARA */
    ad_pstyle style;
    ad_align align;
    char *marker;           /* list label set in a hanging indent, or NULL */
    int indent;             /* left indent in twips (before the marker) */
    int first_line;         /* first-line indent in twips (字下げ), 0 for none */
    ad_run *runs;
    size_t n_runs, cap_runs;
    char *anchor;           /* link target / bookmark name, or NULL */
    char *outline_title;    /* PDF outline / heading text; NULL: none beyond the style's */
    bool keep_next;         /* keep on the page of the next node (a heading: with the
                               next table's header and first two rows) */
    bool page_note;         /* a note under a table (a legend) printed once per page: left
                               out when the next table, with its heading and its own note,
                               fits on the same page */
    long line;              /* the input line its text came from (warnings), 0: unknown */
    int blank_lines;        /* empty lines of body text left above it (spacing the
                               composers ask for; no empty paragraphs stand in for
                               it): ad_para_blank_height, in both backends */
    bool number_in_text;    /* the text starts with its sequence number and a space
                             * ("1 監査概要", "(1) 監査目的"): a numbered item whose
                             * label the PDF prints as text, the DOCX as list numbering */
    /* AD_NODE_TABLE */
    int n_cols;
    int *col_w;             /* twips, n_cols entries */
    int header_rows;        /* the first rows, repeated on each page */
    bool borders;           /* single 0.5 pt grid */
    bool keep_together;     /* on one page whenever it fits on a page by itself */
    ad_row *rows;
    size_t n_rows, cap_rows;
};

typedef struct {
    int width, height;      /* twips: A4 portrait 11906 x 16838 */
    int margin_top, margin_right, margin_bottom, margin_left;
    int footer;             /* distance of the footer from the bottom edge */
} ad_page;

typedef struct {
    bool landscape;
    ad_page page;
    char *outline_title;    /* bookmark for the part, or NULL */
    int outline_level;      /* 1 for a part, 2 for a department report … */
    char *anchor;           /* link target at the top of the section, or NULL */
    ad_nodes body;
} ad_doc_section;

typedef struct {
    char *title, *author, *subject, *keywords;
    char *language;          /* BCP 47, "ja-JP": DOCX core properties, PDF /Lang and shaping */
    time_t created;          /* SOURCE_DATE_EPOCH or the report date */
    ad_style styles[AD_PS_COUNT];
    char *page_number_format; /* e.g. "- {page} -"; NULL: no page numbers */
    uint32_t header_shade;    /* shade of table header cells */
    int cell_pad_x, cell_pad_y; /* twips: every table cell's inner margin left and right,
                                 * above and below (layout.txt table.cell_padding) */
    bool compress_fonts;      /* PDF: deflate the embedded font programs */
    char **names;             /* names never broken across lines (departments) */
    size_t n_names, cap_names;
    ad_doc_section *sections;
    size_t n_sections, cap_sections;
} ad_doc;

ad_doc *ad_doc_new(void);                   /* styles get built-in defaults */
void ad_doc_free(ad_doc *d);                /* NULL is a no-op */
void ad_doc_set_meta(ad_doc *d, const char *title, const char *author,
                     const char *subject, const char *keywords);

/* Pointer validity: ad_node pointers are stable for the life of the tree;
 * the pointers returned for sections, rows, cells and runs point into
 * growable arrays and stay valid only until the next section, row, cell or
 * run is added to the same parent. */

/* A4 (11906 x 16838 twips, swapped when landscape) with 20 mm margins —
 * for tests; documents take their geometry from ad_compose_page(). */
ad_page ad_page_a4(bool landscape);

/* Appends a section (a new page).  page is copied. */
ad_doc_section *ad_doc_add_section(ad_doc *d, const ad_page *page, bool landscape);

/* Builders: each returns the new node, owned by the parent list. */
ad_node *ad_add_para(ad_nodes *parent, ad_pstyle style, ad_align align);
ad_run *ad_para_add_run(ad_node *para, const char *text, unsigned flags);
/* A paragraph with one run. */
ad_node *ad_add_text(ad_nodes *parent, ad_pstyle style, ad_align align, const char *text);
ad_node *ad_add_page_break(ad_nodes *parent);
/* col_w: n_cols widths in twips (copied). */
ad_node *ad_add_table(ad_nodes *parent, int n_cols, const int *col_w, int header_rows);
ad_row *ad_table_add_row(ad_node *table);
ad_cell *ad_row_add_cell(ad_row *row, int colspan, int rowspan);
/* Adds a name (copied) that a line never breaks inside where it fits on
 * a line: department names and short names. */
void ad_doc_add_name(ad_doc *d, const char *name);
/* Setters that copy their string. */
void ad_node_set_marker(ad_node *p, const char *marker);
void ad_node_set_anchor(ad_node *p, const char *anchor);
void ad_node_set_outline(ad_node *p, const char *title);
void ad_section_set_outline(ad_doc_section *s, const char *title, int level, const char *anchor);
void ad_run_set_link(ad_run *r, const char *anchor);
void ad_cell_set_expansion(ad_cell *c, const char *text);

/* The plain text of a paragraph (runs concatenated); newly allocated. */
char *ad_para_text(const ad_node *p);
/* Text area width of a section in twips. */
int ad_page_text_width(const ad_page *p);

/* Decisions both backends take from the tree, so that they cannot differ:
 *
 * The hanging indent of paragraph p's list marker in twips (0 without a
 * marker): the marker's width counted in half-ems (ASCII and half-width
 * forms one, every other character two, as the bundled fonts set them)
 * plus half an em of space, so the text starts on the half-em grid. */
int ad_para_marker_hang(const ad_doc *d, const ad_node *p);
/* The height of an empty paragraph of style `style`, twips: one line of
 * the size (as the bundled fonts set it) with the style's spacing. */
int ad_blank_line_height(const ad_doc *d, ad_pstyle style);
/* The room p's blank_lines take above it, twips: each an empty line of the
 * body text (AD_PS_NORMAL). */
int ad_para_blank_height(const ad_doc *d, const ad_node *p);
/* The run flags the marker is set in: the first run's bold and Gothic
 * (a marker reads like the text it starts). */
unsigned ad_para_marker_flags(const ad_node *p);
/* The section an empty document is rendered with (a document always has a
 * page): A4 portrait, Word's Japanese default margins. */
ad_doc_section ad_doc_empty_section(void);
/* The sections to render: d's, or the one empty section when it has none
 * (*n set to their number; empty is the caller's storage). */
const ad_doc_section *ad_doc_sections(const ad_doc *d, ad_doc_section *empty, size_t *n);

void ad_nodes_free(ad_nodes *n);

/* The outline (PDF bookmarks, Word's navigation pane) is one tree read by
 * both backends: each section's entry (outline_title at outline_level),
 * then the paragraphs of its body that carry an outline_title, each at
 * ad_outline_level().  A title that differs from the paragraph's own text is
 * shown by the DOCX as a hidden heading paragraph with that title. */

/* Gives every top-level paragraph whose style is in the outline (style
 * outline > 0) its own text as outline title, unless it has one. */
void ad_doc_outline_from_styles(ad_doc *d);
/* The outline level of paragraph p in a section whose entry sits at
 * section_level: section_level + its style's outline depth (at least 1);
 * 0 when p carries no outline title. */
int ad_outline_level(const ad_doc *d, int section_level, const ad_node *p);

/* Writes the tree as indented text (tests, `auditdoc dump --doc`). */
void ad_doc_dump(const ad_doc *d, FILE *out);

#endif
