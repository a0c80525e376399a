/* docx_numbering.c — word/numbering.xml: the tree's list labels as Word list
 * numbering, so Word renumbers when a secretary inserts an item.
 *
 * The tree prints a label on two kinds of paragraph: a list marker set in a
 * hanging indent ("・", "●", "(1)", "ア.") and a number typed at the start of
 * a numbered item's text ("1 監査概要", "(1) 監査目的"; number_in_text).  The
 * plan pass reads each label: a number (ASCII or full-width digits, or a kana
 * of the あいうえお order) with text around it, else a bullet.  One
 * abstractNum per list kind (label form, number format, what follows the
 * label, bold/Gothic label, the items' indents, which the level carries),
 * one w:num per run of items: an item continues
 * its kind's current list when its number is the next one, else starts a new
 * list at its number (w:startOverride).  So Word's label is the tree's label,
 * character for character; a label that numbering cannot say (a '%' in it,
 * a number out of sequence within a bullet…) stays typed text. */
#include "docx_int.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The katakana of Word's aiueoFullWidth format, in its order. */
static const char S_aiueo[] = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨ"
                              "ラリルレロワヲン";

typedef struct {
    char *lvl_text;         /* e.g. "(%1)", or the bullet itself */
    const char *fmt;        /* numFmt: decimal, decimalFullWidth, aiueoFullWidth, bullet */
    long number;            /* the label's number (bullets: 0) */
} S_label;

/* Reads a label: true when numbering can say it. */
static bool S_parse(const char *label, S_label *out)
{
    memset(out, 0, sizeof *out);
    size_t len = strlen(label);
    if (len == 0 || len > 40 || strchr(label, '%'))
        return false;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = ad_utf8_decode(label + i, len - i, &cp);
        bool ascii = cp >= '0' && cp <= '9', wide = cp >= 0xFF10 && cp <= 0xFF19;
        if (ascii || wide) {
            size_t j = i;
            long v = 0;
            while (j < len) {
                uint32_t d;
                size_t m = ad_utf8_decode(label + j, len - j, &d);
                if (ascii && d >= '0' && d <= '9')
                    v = v * 10 + (long)(d - '0');
                else if (wide && d >= 0xFF10 && d <= 0xFF19)
                    v = v * 10 + (long)(d - 0xFF10);
                else
                    break;
                if (v > 32767)
                    return false;
                j += m;
            }
            /* "01" is not what Word prints for 1 */
            if (v == 0 || label[i] == '0' || (wide && (unsigned char)label[i + 2] == 0x90))
                return false;
            out->fmt = ascii ? "decimal" : "decimalFullWidth";
            out->number = v;
            out->lvl_text = ad_xasprintf("%.*s%%1%s", (int)i, label, label + j);
            return true;
        }
        if (n == 3) {
            for (size_t a = 0; a + 3 <= sizeof S_aiueo - 1; a += 3)
                if (memcmp(S_aiueo + a, label + i, 3) == 0) {
                    /* a kana next to other kana is a word, not a label */
                    size_t rest = i + 3;
                    uint32_t nx = 0;
                    if (rest < len)
                        ad_utf8_decode(label + rest, len - rest, &nx);
                    if ((nx >= 0x30A0 && nx <= 0x30FF) || i > 0)
                        return false;
                    out->fmt = "aiueoFullWidth";
                    out->number = (long)(a / 3) + 1;
                    out->lvl_text = ad_xasprintf("%%1%s", label + rest);
                    return true;
                }
        }
        i += n;
    }
    /* no number: a bullet, when it is short */
    if (len > 12)
        return false;
    out->fmt = "bullet";
    out->lvl_text = ad_xstrdup(label);
    return true;
}

/* The label of paragraph p and how much of its first run it takes (typed
 * numbers), or NULL. */
static const char *S_label_of(const ad_node *p, char *buf, size_t n, size_t *strip)
{
    *strip = 0;
    if (p->marker && *p->marker)
        return p->marker;
    if (!p->number_in_text || p->n_runs == 0 || !p->runs[0].text)
        return NULL;
    const char *t = p->runs[0].text;
    const char *sp = strchr(t, ' ');
    if (!sp || sp == t || (size_t)(sp - t) >= n || sp[1] == '\0')
        return NULL;
    memcpy(buf, t, (size_t)(sp - t));
    buf[sp - t] = '\0';
    *strip = (size_t)(sp - t) + 1;
    return buf;
}

static int S_kind(ad_dx_ctx *c, const S_label *l, bool space, unsigned flags, int indent,
                  int hang)
{
    for (size_t i = 0; i < c->n_kinds; i++) {
        const struct ad_dx_list_kind *k = &c->kinds[i];
        if (strcmp(k->lvl_text, l->lvl_text) == 0 && strcmp(k->fmt, l->fmt) == 0 &&
            k->space == space && k->flags == flags && k->indent == indent && k->hang == hang)
            return (int)i;
    }
    struct ad_dx_list_kind k = {ad_xstrdup(l->lvl_text), l->fmt, space, flags, indent, hang, 0, 0};
    AD_VEC_PUSH(c->kinds, c->n_kinds, c->cap_kinds) = k;
    return (int)c->n_kinds - 1;
}

static void S_plan_para(ad_dx_ctx *c, const ad_node *p)
{
    char buf[48];
    size_t strip = 0;
    const char *label = S_label_of(p, buf, sizeof buf, &strip);
    S_label l;
    if (!label || !S_parse(label, &l))
        return;
    unsigned flags = p->marker && p->n_runs ? p->runs[0].flags & (AD_RUN_BOLD | AD_RUN_GOTHIC) : 0;
    int hang = ad_para_marker_hang(c->d, p);
    int ki = S_kind(c, &l, strip > 0, flags, p->indent, hang);
    struct ad_dx_list_kind *k = &c->kinds[ki];
    bool bullet = l.number == 0;
    if (k->num_id == 0 || (!bullet && l.number != k->next)) {
        struct ad_dx_num num = {ki, bullet ? 1 : l.number};
        AD_VEC_PUSH(c->nums, c->n_nums, c->cap_nums) = num;
        k->num_id = (int)c->n_nums;
    }
    k->next = l.number + 1;
    struct ad_dx_numbered it = {p, k->num_id, strip};
    AD_VEC_PUSH(c->numbered, c->n_numbered, c->cap_numbered) = it;
    free(l.lvl_text);
}

static void S_plan_body(ad_dx_ctx *c, const ad_nodes *body)
{
    for (size_t i = 0; i < body->n; i++) {
        const ad_node *n = body->v[i];
        if (n->kind == AD_NODE_PARA)
            S_plan_para(c, n);
        else if (n->kind == AD_NODE_TABLE)
            for (size_t r = 0; r < n->n_rows; r++)
                for (size_t k = 0; k < n->rows[r].n; k++)
                    S_plan_body(c, &n->rows[r].cells[k].body);
    }
}

void ad_dx_numbering_plan(ad_dx_ctx *c)
{
    for (size_t s = 0; s < c->d->n_sections; s++)
        S_plan_body(c, &c->d->sections[s].body);
}

const struct ad_dx_numbered *ad_dx_numbered_of(const ad_dx_ctx *c, size_t *cursor,
                                               const ad_node *p)
{
    if (*cursor < c->n_numbered && c->numbered[*cursor].node == p)
        return &c->numbered[(*cursor)++];
    return NULL;
}

void ad_dx_numbering_free(ad_dx_ctx *c)
{
    for (size_t i = 0; i < c->n_kinds; i++)
        free(c->kinds[i].lvl_text);
    free(c->kinds);
    free(c->nums);
    free(c->numbered);
    c->kinds = NULL;
    c->nums = NULL;
    c->numbered = NULL;
    c->n_kinds = c->n_nums = c->n_numbered = 0;
}

static void S_w_abstract(ad_xw *x, size_t id, const struct ad_dx_list_kind *k)
{
    xw_start(x, "w:abstractNum");
    xw_attr_int(x, "w:abstractNumId", (long)id);
    xw_val(x, "w:multiLevelType", "singleLevel");
    xw_start(x, "w:lvl");
    xw_attr_int(x, "w:ilvl", 0);
    xw_val_int(x, "w:start", 1);
    xw_val(x, "w:numFmt", k->fmt);
    /* a typed number is followed by its space, a marker by the tab to the
     * hanging indent */
    xw_val(x, "w:suff", k->space ? "space" : "tab");
    xw_val(x, "w:lvlText", k->lvl_text);
    xw_val(x, "w:lvlJc", "left");
    /* the items' indents: text at indent + hang, the label hanging before it */
    if (k->indent || k->hang) {
        xw_start(x, "w:pPr");
        if (k->hang) {
            xw_start(x, "w:tabs");
            xw_start(x, "w:tab");
            xw_attr(x, "w:val", "num");
            xw_attr_int(x, "w:pos", k->indent + k->hang);
            xw_end(x);
            xw_end(x);
        }
        xw_start(x, "w:ind");
        xw_attr_int(x, "w:left", k->indent + k->hang);
        if (k->hang)
            xw_attr_int(x, "w:hanging", k->hang);
        xw_end(x);
        xw_end(x);
    }
    if (k->flags) {
        xw_start(x, "w:rPr");
        if (k->flags & AD_RUN_GOTHIC) {
            xw_start(x, "w:rFonts");
            xw_attr(x, "w:ascii", AD_DOCX_GOTHIC);
            xw_attr(x, "w:eastAsia", AD_DOCX_GOTHIC);
            xw_attr(x, "w:hAnsi", AD_DOCX_GOTHIC);
            xw_end(x);
        }
        if (k->flags & AD_RUN_BOLD) {
            xw_empty(x, "w:b");
            xw_empty(x, "w:bCs");
        }
        xw_end(x);
    }
    xw_end(x);
    xw_end(x);
}

ad_status ad_dx_numbering(const ad_dx_ctx *c, ad_part *p, ad_err *e)
{
    ad_xw x;
    ad_xw_open(&x, true);
    xw_start(&x, "w:numbering");
    xw_attr(&x, "xmlns:w", AD_NS_W);
    for (size_t i = 0; i < c->n_kinds; i++)
        S_w_abstract(&x, i, &c->kinds[i]);
    for (size_t i = 0; i < c->n_nums; i++) {
        xw_start(&x, "w:num");
        xw_attr_int(&x, "w:numId", (long)i + 1);
        xw_val_int(&x, "w:abstractNumId", c->nums[i].kind);
        xw_start(&x, "w:lvlOverride");
        xw_attr_int(&x, "w:ilvl", 0);
        xw_val_int(&x, "w:startOverride", c->nums[i].start);
        xw_end(&x);
        xw_end(&x);
    }
    xw_end(&x);
    p->name = "word/numbering.xml";
    return ad_xw_finish(&x, p->name, &p->data, &p->len, e);
}
