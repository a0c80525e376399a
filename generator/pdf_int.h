/* pdf_int.h — private interface of the PDF library (libad_pdf: pdf_obj.c,
 * pdf_writer.c, pdf_font.c); the typesetter uses pdf.h only.
 *
 *   pdf_obj.c     the object layer: PDF values (names, numbers, strings,
 *                 references, dictionaries, arrays) into a buffer, and the
 *                 file: numbered objects, streams, cross-reference table
 *   pdf_writer.c  pages, drawing, links, destinations, outline, the
 *                 document's objects (catalog, info, names)
 *   pdf_font.c    fonts (from an ad_sfnt_source), subsets and the font objects
 *   pdf_xmp.c     the XMP metadata packet
 *   pdf_struct.c  the structure tree of a tagged PDF and its parent tree
 *
 * Nothing here writes PDF syntax but pdf_obj.c: the others say which value
 * comes next, and the layer puts the separators, escapes and formats. */
#ifndef AD_PDF_INT_H
#define AD_PDF_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pdf.h"

/* ---- pdf_obj.c: values -------------------------------------------------------
 * A value writer appends one PDF value (possibly nested dictionaries and
 * arrays) to its buffer b.  Inside a dictionary every key and value is
 * preceded by a space ("<< /Type /Page >>"); inside an array items are
 * separated by one ("[0 0 595 842]").  The caller alternates keys and values
 * in a dictionary; the layer does not check it. */
#define AD_PDFV_DEPTH 16

typedef struct {
    int num; /* object number, from 1; 0 = none */
} ad_pdf_ref;

typedef struct {
    ad_buf b;
    int depth;
    char open[AD_PDFV_DEPTH]; /* 'd' dictionary, 'a' array, 's' spaced array */
    bool first[AD_PDFV_DEPTH];
} ad_pdfv;

/* Empties v for the next value (the buffer is kept). */
void ad_pdfv_reset(ad_pdfv *v);
void ad_pdfv_free(ad_pdfv *v);

void ad_pdfv_dict(ad_pdfv *v);
/* A dictionary opened with /Type type and, unless NULL, /Subtype subtype. */
void ad_pdfv_dict_of(ad_pdfv *v, const char *type, const char *subtype);
void ad_pdfv_array(ad_pdfv *v);
/* An array written "[ a b ]": the name tree's layout. */
void ad_pdfv_array_spaced(ad_pdfv *v);
/* Closes the innermost open dictionary or array. */
void ad_pdfv_end(ad_pdfv *v);

/* A name: /s, with #xx for bytes outside ! to ~ and for delimiters and #. */
void ad_pdfv_name(ad_pdfv *v, const char *s);
/* A dictionary key: the same as a name. */
void ad_pdfv_key(ad_pdfv *v, const char *key);
void ad_pdfv_int(ad_pdfv *v, long long n);
/* A real with at most three decimals (ad_pdf_num). */
void ad_pdfv_num(ad_pdfv *v, double x);
void ad_pdfv_bool(ad_pdfv *v, bool on);
void ad_pdfv_ref(ad_pdfv *v, ad_pdf_ref r);
/* A text string from UTF-8: a literal for printable ASCII, else UTF-16BE with
 * a byte-order mark, in hex. */
void ad_pdfv_text(ad_pdfv *v, const char *utf8);
/* A byte string as a literal, ( ) \ and bytes outside printable ASCII escaped. */
void ad_pdfv_string(ad_pdfv *v, const void *p, size_t n);
/* A byte string in hex: <0A1B>. */
void ad_pdfv_hex(ad_pdfv *v, const void *p, size_t n);
/* A date string (D:YYYYMMDDHHMMSSZ) of when (seconds since the epoch, UTC). */
void ad_pdfv_date(ad_pdfv *v, long long when);
/* The complete value in other (built with its own writer) as the next value. */
void ad_pdfv_value(ad_pdfv *v, const ad_pdfv *other);

/* An entry a dictionary writer takes besides its own (the catalog's
 * /Metadata, /OutputIntents; later /MarkInfo, /StructTreeRoot): key and a
 * complete value. */
typedef struct {
    const char *key;
    ad_pdfv value;
} ad_pdf_entry;

/* The bytes of a text string (what ad_pdfv_text writes, before escaping):
 * appended to b; true when s is printable ASCII (the bytes are s itself).
 * The name tree sorts by these bytes. */
bool ad_pdf_text_bytes(ad_buf *b, const char *s);
/* Appends s (UTF-8) to b as UTF-16BE bytes, with surrogate pairs above
 * U+FFFF: what ToUnicode maps and text strings hold. */
void ad_pdf_utf16be(ad_buf *b, const char *s);
/* Appends n bytes to b as upper-case hex digits. */
void ad_pdf_hex(ad_buf *b, const void *p, size_t n);
/* Appends v to b with at most three decimals (no exponent, no "-0"):
 * locale-proof, used for content streams too. */
void ad_pdf_num(ad_buf *b, double v);

/* ---- pdf_obj.c: the file ------------------------------------------------------
 * Objects are numbered in the order they are allocated and may be written in
 * any order; every allocated object must be written before the cross-
 * reference table.  Write errors are sticky (err, an errno value). */
typedef struct {
    FILE *out;
    long long off;
    int err;
    uint32_t id[2]; /* CRC-32 and Adler-32 of the bytes written: the file identifier */
    unsigned char *wb; /* bytes not yet handed to out (and not yet in id) */
    size_t wlen;
    struct libdeflate_compressor *z;
    long long *xref; /* by object number - 1; offset where it was written */
    size_t n_obj, cap_obj;
    ad_buf tmp;
} ad_pdf_file;

/* Starts the file on out with the header of a PDF 1.7 file. */
void ad_pdf_file_init(ad_pdf_file *f, FILE *out);
void ad_pdf_file_dispose(ad_pdf_file *f);
ad_pdf_ref ad_pdf_alloc(ad_pdf_file *f);
/* Writes the value in v as object r and empties v. */
void ad_pdf_obj(ad_pdf_file *f, ad_pdf_ref r, ad_pdfv *v);
/* Writes object r as a stream of data, deflated when compress: v holds an
 * open dictionary with the stream's own entries (or nothing: one is opened);
 * /Filter and /Length are added and it is closed.  Empties v. */
void ad_pdf_stream(ad_pdf_file *f, ad_pdf_ref r, ad_pdfv *v, const void *data, size_t len,
                   bool compress);
/* Writes the cross-reference table and the trailer (/Root root, /Info info,
 * /ID from the bytes written). */
void ad_pdf_xref(ad_pdf_file *f, ad_pdf_ref root, ad_pdf_ref info);

/* ---- pdf_xmp.c: metadata ---------------------------------------------------
 * The facts of the information dictionary (NULL: absent) and the standards
 * claimed.  A claim other than PDF/A's needs its schema described in a
 * pdfaExtension schema for PDF/A-1 (pdfuaid is not predefined there). */
typedef struct {
    const char *title, *author, *subject, *keywords, *creator, *producer;
    long long date;
    bool has_date;
    int pdfa_part;                /* 0: no PDF/A claim */
    const char *pdfa_conformance; /* "B" */
    int pdfua_part;               /* 0: no PDF/UA claim */
} ad_pdf_xmp_facts;

/* The XMP packet (UTF-8, malloc'd; *len its length). */
char *ad_pdf_xmp(const ad_pdf_xmp_facts *x, size_t *len);

/* ---- pdf_struct.c: the structure tree ----------------------------------------
 * Elements are numbered from 1 in the order they are made (0: the root);
 * kids are kept in the order they are added (reading order).  Pages are
 * counted from 0 in the file's order. */
typedef struct ad_pdf_struct ad_pdf_struct;
ad_pdf_struct *ad_pdf_struct_new(void);
void ad_pdf_struct_free(ad_pdf_struct *s);
/* A new element of structure type type (a standard one: P, H1, TD, ...)
 * as the last kid of parent (0: the root). */
int ad_pdf_struct_elem(ad_pdf_struct *s, int parent, const char *type);
/* The element's type, "Span" for no element. */
const char *ad_pdf_struct_type(const ad_pdf_struct *s, int elem);
/* Sets key "Alt", "E" or "T" (a copy of value; NULL or "" removes it). */
void ad_pdf_struct_text(ad_pdf_struct *s, int elem, const char *key, const char *value);
/* Table attributes of a cell: scope 'C' (column), 'R' (row) or 0, spans. */
void ad_pdf_struct_cell(ad_pdf_struct *s, int elem, char scope, int rowspan, int colspan);
/* The next MCID of page (object ref), given to elem as its last kid. */
int ad_pdf_struct_mcid(ad_pdf_struct *s, int elem, size_t page, ad_pdf_ref ref);
/* The page's /StructParents key, or -1 when it has no marked content. */
int ad_pdf_struct_page_key(const ad_pdf_struct *s, size_t page);
/* Gives annotation annot (on page) to elem as its last kid; returns its
 * /StructParent key. */
int ad_pdf_struct_objr(ad_pdf_struct *s, int elem, ad_pdf_ref annot, size_t page, ad_pdf_ref ref);
/* Writes the elements, the parent tree and the StructTreeRoot (returned). */
ad_pdf_ref ad_pdf_struct_write(ad_pdf_struct *s, ad_pdf_file *f, ad_pdfv *v);

/* ---- pdf_font.c: subsets --------------------------------------------------- */

/* The subset of one font used in a file: glyphs get CIDs 1, 2, ... in the
 * order of first use (0 is .notdef). */
typedef struct ad_pdf_subset ad_pdf_subset;
ad_pdf_subset *ad_pdf_subset_new(ad_sfnt *sf);
void ad_pdf_subset_free(ad_pdf_subset *s);
/* The CID of glyph gid, assigned on first use; text (may be NULL) is what the
 * glyph stands for, kept for ToUnicode when the CID has none yet. */
unsigned ad_pdf_subset_cid(ad_pdf_subset *s, uint32_t gid, const char *text, size_t len);
/* The CID of glyph gid with extra font units added to its advance (a copy of
 * the glyph with that advance in the subset's font program, made on first
 * use): a gap the typesetter sets after a glyph (和欧間) becomes part of the
 * glyph, so text extraction sees no gap to read as a space.  extra 0, or an
 * advance that would not fit: ad_pdf_subset_cid. */
unsigned ad_pdf_subset_cid_spaced(ad_pdf_subset *s, uint32_t gid, int extra, const char *text,
                                  size_t len);
/* Advance of CID cid in thousandths of an em, as written in /W. */
double ad_pdf_subset_width(const ad_pdf_subset *s, unsigned cid);
/* The CIDs used so far, .notdef included (after building: with the
 * components of composite glyphs; what CIDSet lists). */
size_t ad_pdf_subset_count(const ad_pdf_subset *s);
/* The /W array of the subset: [0 [w0 w1 ...]]. */
void ad_pdf_subset_widths(const ad_pdf_subset *s, ad_pdfv *v);

/* What the font's objects hold. */
typedef struct {
    char base_font[80];       /* "ABCDEF+BIZUDMincho-Regular" */
    unsigned char *file;      /* the subset TrueType file (FontFile2) */
    size_t file_len;
    char *tounicode;          /* the ToUnicode CMap */
    int bbox[4], ascent, descent, cap_height; /* thousandths of an em */
} ad_pdf_font_data;

/* Builds the subset (components of composite glyphs added) of s. */
bool ad_pdf_subset_build(ad_pdf_subset *s, ad_pdf_font_data *out, ad_err *e);
void ad_pdf_font_data_free(ad_pdf_font_data *d);

/* Writes the objects of subset s (Type 0 font, CIDFont, descriptor, font
 * program, ToUnicode, CIDSet) to f; *font is the Type 0 font.  False with e set when
 * the font is damaged (nothing is allocated then). */
bool ad_pdf_font_write(ad_pdf_file *f, ad_pdf_subset *s, bool compress, ad_pdf_ref *font,
                       ad_err *e);

#endif
