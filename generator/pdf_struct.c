/* pdf_struct.c — the structure tree of a tagged PDF (pdf_int.h): structure
 * elements with their kids in reading order (child elements, marked
 * content of a page by MCID, link annotations by OBJR), the table
 * attributes and the texts read instead of the content (/Alt, /E), and at
 * the end the parent tree (a number tree: each page's MCIDs to their
 * elements, each annotation to its element) and the StructTreeRoot.
 *
 * Elements are numbered from 1 in the order they are made; an element's
 * kids are kept in the order they were added, which is the order the
 * typesetter reads the document in.  Elements that received no content
 * are left out when written (an empty paragraph has nothing to read),
 * except table cells: a row keeps its cells so that the grid stays whole. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_int.h"

typedef struct { /* 16 bytes: a large audit's tree holds hundreds of thousands */
    int id;     /* element number or MCID */
    uint32_t page;
    ad_pdf_ref annot;
    char kind;  /* 'e' element, 'm' marked content, 'o' annotation */
} S_kid;

/* 64 bytes: a large audit's tree holds hundreds of thousands. */
typedef struct {
    S_kid *kids;  /* most elements have one kid: grown from one, doubling */
    char *e;      /* /E; may be one of the tree's shared texts (e_shared) */
    char **alt_t; /* /Alt and /T, NULL until either is set (few elements have one) */
    int parent;
    ad_pdf_ref obj;
    uint32_t n_kids, cap_kids;
    uint32_t slot; /* where its own content goes: before the elements made after it */
    uint16_t rowspan, colspan;
    char type[12];
    char scope; /* 0, 'C' column, 'R' row */
    bool e_shared;
    bool live;
} S_elem;
_Static_assert(sizeof(S_elem) <= 64, "S_elem: keep it to 64 bytes");

typedef struct {
    ad_pdf_ref ref;
    int key; /* StructParents, -1 until the page has marked content */
    int *elems; /* by MCID */
    size_t n, cap;
} S_page;

typedef struct {
    long page; /* index into pages, or -1: an annotation */
    int elem;
} S_entry;

struct ad_pdf_struct {
    S_elem *el;
    size_t n_el, cap_el;
    S_page *pages;
    size_t n_pages, cap_pages;
    S_entry *keys; /* the parent tree, by key */
    size_t n_keys, cap_keys;
    /* the /E texts, kept once each: a mark cell's expansion is one of the
     * legend's few meanings, repeated in every cell of a large matrix */
    char **shared;
    size_t n_shared, cap_shared;
};

enum { S_MAX_SHARED = 32 }; /* beyond this many different /E texts, each keeps its own */

static void S_kid_push(S_elem *e, S_kid k)
{
    if (e->n_kids == e->cap_kids) {
        if (e->cap_kids > UINT32_MAX / 2)
            abort(); /* four billion kids: memory ran out long before */
        e->cap_kids = e->cap_kids ? 2 * e->cap_kids : 1;
        e->kids = ad_xrealloc(e->kids, e->cap_kids * sizeof *e->kids);
    }
    e->kids[e->n_kids++] = k;
}

ad_pdf_struct *ad_pdf_struct_new(void) { return ad_xcalloc(1, sizeof(ad_pdf_struct)); }

void ad_pdf_struct_free(ad_pdf_struct *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_el; i++) {
        if (s->el[i].alt_t) {
            free(s->el[i].alt_t[0]);
            free(s->el[i].alt_t[1]);
            free(s->el[i].alt_t);
        }
        if (!s->el[i].e_shared)
            free(s->el[i].e);
        free(s->el[i].kids);
    }
    free(s->el);
    for (size_t i = 0; i < s->n_shared; i++)
        free(s->shared[i]);
    free(s->shared);
    for (size_t i = 0; i < s->n_pages; i++)
        free(s->pages[i].elems);
    free(s->pages);
    free(s->keys);
    free(s);
}

static S_elem *S_get(ad_pdf_struct *s, int id)
{
    return id >= 1 && (size_t)id <= s->n_el ? &s->el[id - 1] : NULL;
}

int ad_pdf_struct_elem(ad_pdf_struct *s, int parent, const char *type)
{
    if (parent && !S_get(s, parent))
        parent = 0;
    S_elem e = {.parent = parent, .rowspan = 1, .colspan = 1};
    const char *ty = type && *type ? type : "Span";
    size_t n = strlen(ty) < sizeof e.type - 1 ? strlen(ty) : sizeof e.type - 1;
    memcpy(e.type, ty, n); /* e is zeroed: the name stays terminated */
    AD_VEC_PUSH(s->el, s->n_el, s->cap_el) = e;
    int id = (int)s->n_el;
    if (parent) {
        S_kid_push(S_get(s, parent), (S_kid){.kind = 'e', .id = id});
    }
    return id;
}

const char *ad_pdf_struct_type(const ad_pdf_struct *s, int elem)
{
    return elem >= 1 && (size_t)elem <= s->n_el ? s->el[elem - 1].type : "Span";
}

void ad_pdf_struct_text(ad_pdf_struct *s, int elem, const char *key, const char *value)
{
    S_elem *e = S_get(s, elem);
    if (!e || !key)
        return;
    bool alt = strcmp(key, "Alt") == 0, t = strcmp(key, "T") == 0;
    if ((alt || t) && !e->alt_t) {
        if (!value || !*value)
            return;
        e->alt_t = ad_xcalloc(2, sizeof *e->alt_t);
    }
    char **slot = alt ? &e->alt_t[0] : t ? &e->alt_t[1] : strcmp(key, "E") == 0 ? &e->e : NULL;
    if (!slot)
        return;
    if (slot == &e->e && e->e_shared)
        e->e_shared = false; /* the shared text stays with the tree */
    else
        free(*slot);
    *slot = value && *value ? ad_xml_clean(value) : NULL;
    if (slot == &e->e && e->e) {
        for (size_t i = 0; i < s->n_shared; i++)
            if (strcmp(s->shared[i], e->e) == 0) {
                free(e->e);
                e->e = s->shared[i];
                e->e_shared = true;
                return;
            }
        if (s->n_shared < S_MAX_SHARED) {
            AD_VEC_PUSH(s->shared, s->n_shared, s->cap_shared) = e->e;
            e->e_shared = true;
        }
    }
}

void ad_pdf_struct_cell(ad_pdf_struct *s, int elem, char scope, int rowspan, int colspan)
{
    S_elem *e = S_get(s, elem);
    if (!e)
        return;
    e->scope = scope;
    e->rowspan = (uint16_t)(rowspan > 1 ? (rowspan < UINT16_MAX ? rowspan : UINT16_MAX) : 1);
    e->colspan = (uint16_t)(colspan > 1 ? (colspan < UINT16_MAX ? colspan : UINT16_MAX) : 1);
}

static S_page *S_page_of(ad_pdf_struct *s, size_t page, ad_pdf_ref ref)
{
    while (s->n_pages <= page)
        AD_VEC_PUSH(s->pages, s->n_pages, s->cap_pages) = (S_page){.key = -1};
    S_page *p = &s->pages[page];
    p->ref = ref;
    return p;
}

/* Content (marked content, an annotation) of e: after its content so far
 * and before kids made since (a nested list is made, laid out, before the
 * text of the item that holds it is drawn). */
static void S_add_content(S_elem *e, S_kid k)
{
    S_kid_push(e, k);
    memmove(e->kids + e->slot + 1, e->kids + e->slot, (e->n_kids - 1 - e->slot) * sizeof k);
    e->kids[e->slot++] = k;
}

int ad_pdf_struct_mcid(ad_pdf_struct *s, int elem, size_t page, ad_pdf_ref ref)
{
    S_elem *e = S_get(s, elem);
    if (!e)
        return -1;
    S_page *p = S_page_of(s, page, ref);
    if (p->key < 0) {
        p->key = (int)s->n_keys;
        AD_VEC_PUSH(s->keys, s->n_keys, s->cap_keys) = (S_entry){.page = (long)page};
    }
    int mcid = (int)p->n;
    AD_VEC_PUSH(p->elems, p->n, p->cap) = elem;
    S_add_content(e, (S_kid){.kind = 'm', .id = mcid, .page = (uint32_t)page});
    return mcid;
}

int ad_pdf_struct_page_key(const ad_pdf_struct *s, size_t page)
{
    return page < s->n_pages ? s->pages[page].key : -1;
}

int ad_pdf_struct_objr(ad_pdf_struct *s, int elem, ad_pdf_ref annot, size_t page, ad_pdf_ref ref)
{
    S_elem *e = S_get(s, elem);
    if (!e)
        return -1;
    S_page_of(s, page, ref);
    int key = (int)s->n_keys;
    AD_VEC_PUSH(s->keys, s->n_keys, s->cap_keys) = (S_entry){.page = -1, .elem = elem};
    S_add_content(e, (S_kid){.kind = 'o', .page = (uint32_t)page, .annot = annot});
    return key;
}

/* Which elements are written: those with content below them, table cells
 * (and so their rows and tables), and the ancestors of all these.  Kids
 * come after their parents, so one pass from the end sees every kid first. */
static void S_mark_live(ad_pdf_struct *s)
{
    for (size_t i = s->n_el; i-- > 0;) {
        S_elem *e = &s->el[i];
        for (size_t k = 0; k < e->n_kids && !e->live; k++)
            if (e->kids[k].kind != 'e' || s->el[e->kids[k].id - 1].live)
                e->live = true;
        if (strcmp(e->type, "TD") == 0 || strcmp(e->type, "TH") == 0)
            e->live = true;
    }
}

static void S_kid_value(ad_pdf_struct *s, size_t first_page, const S_kid *k, ad_pdfv *v)
{
    if (k->kind == 'e') {
        ad_pdfv_ref(v, s->el[k->id - 1].obj);
    } else if (k->kind == 'm' && k->page == first_page) {
        ad_pdfv_int(v, k->id);
    } else { /* marked content of another page, or an annotation */
        ad_pdfv_dict_of(v, k->kind == 'm' ? "MCR" : "OBJR", NULL);
        ad_pdfv_key(v, "Pg");
        ad_pdfv_ref(v, s->pages[k->page].ref);
        if (k->kind == 'm') {
            ad_pdfv_key(v, "MCID");
            ad_pdfv_int(v, k->id);
        } else {
            ad_pdfv_key(v, "Obj");
            ad_pdfv_ref(v, k->annot);
        }
        ad_pdfv_end(v);
    }
}

static void S_write_elem(ad_pdf_struct *s, ad_pdf_file *f, ad_pdfv *v, S_elem *e, ad_pdf_ref root)
{
    ad_pdfv_dict(v); /* /Type /StructElem is optional: thousands of cells */
    ad_pdfv_key(v, "S");
    ad_pdfv_name(v, e->type);
    ad_pdfv_key(v, "P");
    ad_pdfv_ref(v, e->parent ? s->el[e->parent - 1].obj : root);
    size_t first_page = (size_t)-1;
    for (size_t k = 0; k < e->n_kids && first_page == (size_t)-1; k++)
        if (e->kids[k].kind == 'm')
            first_page = e->kids[k].page;
    if (first_page != (size_t)-1) {
        ad_pdfv_key(v, "Pg");
        ad_pdfv_ref(v, s->pages[first_page].ref);
    }
    if (e->alt_t && e->alt_t[1]) {
        ad_pdfv_key(v, "T");
        ad_pdfv_text(v, e->alt_t[1]);
    }
    if (e->alt_t && e->alt_t[0]) {
        ad_pdfv_key(v, "Alt");
        ad_pdfv_text(v, e->alt_t[0]);
    }
    if (e->e) {
        ad_pdfv_key(v, "E");
        ad_pdfv_text(v, e->e);
    }
    if (e->scope || e->rowspan > 1 || e->colspan > 1) {
        ad_pdfv_key(v, "A");
        ad_pdfv_dict(v);
        ad_pdfv_key(v, "O");
        ad_pdfv_name(v, "Table");
        if (e->scope) {
            ad_pdfv_key(v, "Scope");
            ad_pdfv_name(v, e->scope == 'R' ? "Row" : "Column");
        }
        if (e->rowspan > 1) {
            ad_pdfv_key(v, "RowSpan");
            ad_pdfv_int(v, e->rowspan);
        }
        if (e->colspan > 1) {
            ad_pdfv_key(v, "ColSpan");
            ad_pdfv_int(v, e->colspan);
        }
        ad_pdfv_end(v);
    }
    size_t n = 0;
    for (size_t k = 0; k < e->n_kids; k++)
        n += e->kids[k].kind != 'e' || s->el[e->kids[k].id - 1].live;
    if (n) {
        ad_pdfv_key(v, "K");
        if (n > 1)
            ad_pdfv_array(v);
        for (size_t k = 0; k < e->n_kids; k++)
            if (e->kids[k].kind != 'e' || s->el[e->kids[k].id - 1].live)
                S_kid_value(s, first_page, &e->kids[k], v);
        if (n > 1)
            ad_pdfv_end(v);
    }
    ad_pdf_obj(f, e->obj, v);
}

/* The parent tree: one node holding every key (the keys are few: one per
 * page and one per link). */
static ad_pdf_ref S_parent_tree(ad_pdf_struct *s, ad_pdf_file *f, ad_pdfv *v)
{
    ad_pdf_ref pt = ad_pdf_alloc(f);
    ad_pdfv_dict(v);
    ad_pdfv_key(v, "Nums");
    ad_pdfv_array(v);
    for (size_t i = 0; i < s->n_keys; i++) {
        ad_pdfv_int(v, (long long)i);
        if (s->keys[i].page < 0) {
            ad_pdfv_ref(v, s->el[s->keys[i].elem - 1].obj);
            continue;
        }
        const S_page *p = &s->pages[s->keys[i].page];
        ad_pdfv_array(v);
        for (size_t m = 0; m < p->n; m++)
            ad_pdfv_ref(v, s->el[p->elems[m] - 1].obj);
        ad_pdfv_end(v);
    }
    ad_pdfv_end(v);
    ad_pdf_obj(f, pt, v);
    return pt;
}

ad_pdf_ref ad_pdf_struct_write(ad_pdf_struct *s, ad_pdf_file *f, ad_pdfv *v)
{
    S_mark_live(s);
    ad_pdf_ref root = ad_pdf_alloc(f);
    for (size_t i = 0; i < s->n_el; i++)
        if (s->el[i].live)
            s->el[i].obj = ad_pdf_alloc(f);
    for (size_t i = 0; i < s->n_el; i++)
        if (s->el[i].live)
            S_write_elem(s, f, v, &s->el[i], root);
    ad_pdf_ref pt = S_parent_tree(s, f, v);
    ad_pdfv_dict_of(v, "StructTreeRoot", NULL);
    size_t n = 0;
    for (size_t i = 0; i < s->n_el; i++)
        n += s->el[i].live && !s->el[i].parent;
    if (n) {
        ad_pdfv_key(v, "K");
        if (n > 1)
            ad_pdfv_array(v);
        for (size_t i = 0; i < s->n_el; i++)
            if (s->el[i].live && !s->el[i].parent)
                ad_pdfv_ref(v, s->el[i].obj);
        if (n > 1)
            ad_pdfv_end(v);
    }
    ad_pdfv_key(v, "ParentTree");
    ad_pdfv_ref(v, pt);
    ad_pdfv_key(v, "ParentTreeNextKey");
    ad_pdfv_int(v, (long long)s->n_keys);
    ad_pdf_obj(f, root, v);
    return root;
}
