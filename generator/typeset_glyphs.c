/* typeset_glyphs.c — the bridge from Pango's glyphs to the PDF writer: each
 * Pango font's slot in the file (the TrueType face it came from, its size
 * and underline), a laid-out line drawn as positioned glyphs with the text
 * each cluster stands for, colour and underline from the run's attributes,
 * a hex box for a character the fonts lack (and the warning that names it),
 * the letter-spacing correction jcompose.c's attributes need, and what
 * keeps the text layer as typed: the room of a letter spacing (和欧間,
 * 約物の詰め) drawn as part of the glyph before it (ad_pdf_glyph.extra),
 * and the line's input text as ActualText where the glyphs alone would still
 * not give it back (justification, U+2005, a hex box's digits).
 *
 * Why a walk over the line's runs and not a PangoRenderer subclass
 * (draw_glyph_item / draw_rectangle, Pango's extension point for drawing):
 * tried on paper against the bytes we must keep, the renderer (1) draws
 * underlines from Pango's font metrics through draw_rectangle, where the
 * PDF takes the face's own post-table position and thickness; (2) hands
 * over positions already summed in integer Pango units, where the pen here
 * adds point advances (different last digits in the content streams); and
 * (3) would not remove the letter-spacing rule below: Pango puts half of a
 * letter spacing before the character in the glyph string itself, at
 * layout time, so any drawer sees it; the correction has to be made on the
 * layout's glyphs before lines are measured or drawn.  The walk is a dozen
 * lines of what a renderer subclass would also have to write (cluster
 * text, font slot, colour), so it stays. */
#define _GNU_SOURCE 1 /* memmem */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "typeset_int.h"

static double S_pt(int pu) { return pu / (double)PANGO_SCALE; }

/* ---- missing glyphs -------------------------------------------------------- */

/* "the text starting …": the start of text, at most 20 characters. */
static void S_where(ad_buf *where, const char *text)
{
    ad_buf_puts(where, "");
    size_t len = strlen(text), k = 0;
    for (size_t i = 0; i < len && k < 20; k++) {
        uint32_t c;
        size_t m = ad_utf8_decode(text + i, len - i, &c);
        if (c == 0x2005 || c == '\n')
            ad_buf_putc(where, ' ');
        else
            ad_buf_put(where, text + i, m);
        i += m;
        if (k == 19 && i < len)
            ad_buf_puts(where, "…");
    }
}

/* Warns that the fonts lack cp (once per character and text), naming the
 * input line the text came from (0: unknown). */
static void S_warn_missing(ad_tsg *t, uint32_t cp, const char *where, long line)
{
    if (!t->warnings)
        return;
    ad_buf ch = {0};
    ad_utf8_put(&ch, cp);
    char *msg = ad_xasprintf("character U+%04X \"%s\" is not in the bundled fonts; drawn as a box "
                             "with its code in the PDF (in the text starting \"%s\")",
                             (unsigned)cp, ch.s, where);
    bool dup = false;
    for (size_t i = 0; i < t->warnings->n && !dup; i++)
        dup = t->warnings->v[i].line == line && strcmp(t->warnings->v[i].msg, msg) == 0;
    if (!dup)
        ad_diag_add(t->warnings, AD_DIAG_WARNING, NULL, line, "%s", msg);
    free(msg);
    ad_buf_free(&ch);
}

void ad_tsg_report_unknown(ad_tsg *t, PangoLayout *layout, const char *text, long line)
{
    if (!t->warnings || pango_layout_get_unknown_glyphs_count(layout) == 0)
        return;
    uint32_t seen[16];
    int n_seen = 0;
    ad_buf where = {0};
    S_where(&where, text);
    GSList *lines = pango_layout_get_lines_readonly(layout);
    for (GSList *l = lines; l; l = l->next) {
        PangoLayoutLine *ll = l->data;
        for (GSList *r = ll->runs; r; r = r->next) {
            PangoGlyphItem *gi = r->data;
            for (int g = 0; g < gi->glyphs->num_glyphs; g++) {
                PangoGlyph glyph = gi->glyphs->glyphs[g].glyph;
                if (!(glyph & PANGO_GLYPH_UNKNOWN_FLAG) || glyph == PANGO_GLYPH_INVALID_INPUT)
                    continue;
                uint32_t cp = glyph & ~PANGO_GLYPH_UNKNOWN_FLAG;
                bool dup = false;
                for (int s = 0; s < n_seen; s++)
                    dup |= seen[s] == cp;
                if (dup || n_seen == 16)
                    continue;
                seen[n_seen++] = cp;
                S_warn_missing(t, cp, where.s, line);
            }
        }
    }
    ad_buf_free(&where);
}

/* Pango puts half of a letter spacing before the grapheme it is set on and
 * half after (pango_glyph_item_letter_space, shape_run).  jcompose.c means
 * all of it after the first character of a pair (和欧間, 約物の詰め), so the
 * half before is taken back from each cluster's glyph offset; advances and
 * line breaks are untouched.  Pango already removed it at the start of a
 * line (the leftmost run). */
static int S_item_letter_spacing(const PangoItem *item)
{
    for (GSList *a = item->analysis.extra_attrs; a; a = a->next) {
        PangoAttribute *attr = a->data;
        if (attr->klass->type == PANGO_ATTR_LETTER_SPACING)
            return ((PangoAttrInt *)attr)->value;
    }
    return 0;
}

void ad_tsg_fix_letter_spacing(PangoLayout *lo)
{
    for (GSList *l = pango_layout_get_lines(lo); l; l = l->next) {
        PangoLayoutLine *line = l->data;
        bool leftmost = true;
        for (GSList *r = line->runs; r; r = r->next, leftmost = false) {
            PangoGlyphItem *gi = r->data;
            int ls = S_item_letter_spacing(gi->item);
            if (!ls)
                continue;
            int left = ls / 2; /* as pango-layout.c distribute_letter_spacing */
            if ((ls & (PANGO_SCALE - 1)) == 0)
                left = PANGO_UNITS_ROUND(left);
            PangoGlyphString *gs = gi->glyphs;
            for (int g = 0; g < gs->num_glyphs; g++) {
                if (g > 0 && gs->log_clusters[g] == gs->log_clusters[g - 1])
                    continue;
                if (g == 0 && leftmost)
                    continue;
                gs->glyphs[g].geometry.x_offset -= left;
            }
        }
    }
}


/* ---- drawing ----------------------------------------------------------------- */

/* What the writer needs of a Pango font: its slot in the file, its size and
 * its underline. */
typedef struct ad_tsg_font {
    int slot;              /* -1: cannot be embedded (t->font_err says why) */
    ad_sfnt *sf;
    double size;
    double ul_pos, ul_thick; /* pt below / thickness */
    unsigned n_glyphs;     /* glyph ids 1..n_glyphs-1 can be drawn */
} S_finfo;

static void S_finfo_free(gpointer p) { free(p); }

static const S_finfo *S_font_info(ad_tsg *t, PangoFont *font)
{
    if (!t->font_info)
        t->font_info = g_hash_table_new_full(g_direct_hash, g_direct_equal, g_object_unref,
                                             S_finfo_free);
    if (font && font == t->last_font)
        return t->last_info;
    S_finfo *fi = g_hash_table_lookup(t->font_info, font);
    if (fi) {
        t->last_font = font;
        t->last_info = fi;
        return fi;
    }
    if (!font) { /* Pango found no font at all (an empty font set): nothing to draw */
        static const S_finfo none = {-1, NULL, 10, 0, 0, 0};
        if (t->font_err.status == AD_OK)
            ad_fail(&t->font_err, AD_ERR_FONT, "no font to set the text in");
        return &none;
    }
    fi = ad_xcalloc(1, sizeof *fi);
    fi->slot = -1;
    hb_face_t *face = hb_font_get_face(pango_font_get_hb_font(font));
    fi->n_glyphs = hb_face_get_glyph_count(face);
    PangoFontDescription *d = pango_font_describe_with_absolute_size(font);
    fi->size = pango_font_description_get_size(d) / (double)PANGO_SCALE;
    pango_font_description_free(d);
    FcPattern *pat = PANGO_IS_FC_FONT(font) ? pango_fc_font_get_pattern(PANGO_FC_FONT(font)) : NULL;
    FcChar8 *file = NULL;
    int index = 0;
    if (pat && FcPatternGetString(pat, FC_FILE, 0, &file) == FcResultMatch) {
        FcPatternGetInteger(pat, FC_INDEX, 0, &index);
        ad_err e = {0};
        fi->sf = ad_fonts_sfnt(t->fonts, face, (const char *)file, index, &e);
        if (fi->sf) {
            fi->slot = ad_pdfw_font(t->pdf, fi->sf);
            int pos, thick;
            ad_sfnt_underline(fi->sf, &pos, &thick);
            fi->ul_pos = -pos * fi->size / ad_sfnt_upem(fi->sf);
            fi->ul_thick = thick * fi->size / ad_sfnt_upem(fi->sf);
        }
        else if (t->font_err.status == AD_OK)
            t->font_err = e;
    } else if (t->font_err.status == AD_OK) {
        ad_fail(&t->font_err, AD_ERR_FONT, "a font Pango chose has no file to embed");
    }
    g_hash_table_insert(t->font_info, g_object_ref(font), fi);
    t->last_font = font;
    t->last_info = fi;
    return fi;
}

/* The colour and underline of a run, from its attributes. */
static uint32_t S_run_style(const PangoItem *item, bool *underline)
{
    uint32_t rgb = 0;
    *underline = false;
    for (GSList *l = item->analysis.extra_attrs; l; l = l->next) {
        const PangoAttribute *a = l->data;
        if (a->klass->type == PANGO_ATTR_FOREGROUND) {
            const PangoColor *c = &((const PangoAttrColor *)a)->color;
            rgb = (uint32_t)(c->red >> 8) << 16 | (uint32_t)(c->green >> 8) << 8 | (c->blue >> 8);
        } else if (a->klass->type == PANGO_ATTR_UNDERLINE) {
            *underline = ((const PangoAttrInt *)a)->value != PANGO_UNDERLINE_NONE;
        }
    }
    return rgb;
}

/* A character the fonts lack: a box with its code in hexadecimal, as
 * Pango draws it, so that the gap is visible and can be searched for. */
static void S_hex_box(ad_tsg *t, const S_finfo *fi, uint32_t cp, double x, double base, double adv)
{
    double size = fi->size, top = base - size * 0.8, h = size * 0.9;
    double r[4] = {x + size * 0.08, top, adv - size * 0.16, h};
    if (r[2] <= 0)
        return;
    ad_pdfw_stroke_rects(t->pdf, 0x000000, size * 0.04, r, 1);
    if (!fi->sf)
        return;
    char hex[9];
    int n = snprintf(hex, sizeof hex, "%X", cp);
    double fs = size * 0.42;
    if (n * fs * 0.55 > r[2])
        fs = r[2] / (n * 0.55);
    ad_pdf_glyph g[8];
    size_t ng = 0;
    double gx = x + (adv - n * fs * 0.5) / 2;
    for (int i = 0; i < n && i < 8; i++) {
        uint32_t gid = ad_sfnt_glyph_of(fi->sf, (unsigned char)hex[i]);
        if (!gid)
            continue;
        g[ng++] = (ad_pdf_glyph){gid, gx, top + h / 2 + fs * 0.35, hex + i, 1};
        gx += fs * 0.5;
    }
    ad_pdfw_glyphs(t->pdf, fi->slot, fs, 0x000000, g, ng);
}

/* The text of the cluster glyph k of gs starts (NULL, 0 inside a cluster). */
static const char *S_cluster(const char *text, const PangoItem *item, const PangoGlyphString *gs,
                             int k, size_t *len)
{
    int c0 = gs->log_clusters[k];
    *len = 0;
    if (k > 0 && gs->log_clusters[k - 1] == c0)
        return NULL;
    int c1 = item->length;
    for (int j = k + 1; j < gs->num_glyphs; j++)
        if (gs->log_clusters[j] != c0) {
            c1 = gs->log_clusters[j];
            break;
        }
    if (c1 <= c0)
        return NULL;
    *len = (size_t)(c1 - c0);
    return text + item->offset + c0;
}

/* ---- the text a line stands for ------------------------------------------------ */

/* The room jcompose.c's letter spacing ls (Pango units, of the run) set
 * after glyph k of gs, in font units, when the glyph ends its cluster and
 * carries all of it (the writer makes it part of the glyph's advance, so
 * text extraction sees no gap); else 0.  natural: the glyph's own advance
 * in pt. */
static int S_extra(const S_finfo *fi, int ls, const PangoGlyphString *gs, int k, double natural)
{
    if (!ls || !fi->sf || (k + 1 < gs->num_glyphs && gs->log_clusters[k + 1] == gs->log_clusters[k]))
        return 0;
    double room = S_pt(gs->glyphs[k].geometry.width) - natural, want = S_pt(ls);
    if (ls > 0 ? room < want - 0.01 : room > want + 0.01)
        return 0;
    return (int)lround(want / fi->size * ad_sfnt_upem(fi->sf));
}

/* Whether the text layer would not give back line's characters from its
 * glyphs alone: a glyph set apart from the next by more or less than its
 * advance (和欧間, 約物の詰め, justification: extractors read a gap as a
 * typed space), a hex box (its digits are not the character), or a word
 * space set as U+2005 (the input has U+0020). */
static bool S_needs_text(ad_tsg *t, PangoLayoutLine *line, const char *text)
{
    for (GSList *r = line->runs; r; r = r->next) {
        PangoGlyphItem *gi = r->data;
        const PangoGlyphString *gs = gi->glyphs;
        const S_finfo *fi = S_font_info(t, gi->item->analysis.font);
        if (!fi->sf)
            continue;
        double scale = fi->size / ad_sfnt_upem(fi->sf);
        int ls = S_item_letter_spacing(gi->item);
        for (int k = 0; k < gs->num_glyphs; k++) {
            const PangoGlyphInfo *info = &gs->glyphs[k];
            PangoGlyph id = info->glyph;
            if (id == PANGO_GLYPH_EMPTY || id == PANGO_GLYPH_INVALID_INPUT)
                continue;
            if ((id & PANGO_GLYPH_UNKNOWN_FLAG) || id == 0 || id >= fi->n_glyphs)
                return true;
            double natural = ad_sfnt_advance(fi->sf, id) * scale;
            natural += S_extra(fi, ls, gs, k, natural) * scale;
            if (fabs(S_pt(info->geometry.width) - natural) > 0.01)
                return true;
        }
    }
    return memmem(text + line->start_index, (size_t)line->length, "\xE2\x80\x85", 3) != NULL;
}

/* The characters of line as the input has them: word spaces set as U+2005
 * are spaces again, and the space a wrapped line ends with is left out (it
 * is not drawn). */
static void S_line_text(ad_buf *b, PangoLayoutLine *line, const char *text)
{
    const char *p = text + line->start_index, *end = p + line->length;
    for (const char *q; (q = memmem(p, (size_t)(end - p), "\xE2\x80\x85", 3)); p = q + 3) {
        ad_buf_put(b, p, (size_t)(q - p));
        ad_buf_putc(b, ' ');
    }
    ad_buf_put(b, p, (size_t)(end - p));
    while (b->len && strchr(" \t\r\n", b->s[b->len - 1]))
        b->s[--b->len] = '\0';
}

/* Draws a laid-out line with its left end at x and its baseline at base.
 * Only glyphs of the font reach the writer: Pango's empty glyph (a wrapped
 * line's final space) and invalid input draw nothing; a character the fonts
 * lack, and a glyph id the font does not have (0, the .notdef, or beyond
 * its glyphs), is drawn as a hex box and warned about. */
void ad_tsg_show_line(ad_tsg *t, PangoLayoutLine *line, double x, double base, long src_line)
{
    const char *text = pango_layout_get_text(line->layout);
    ad_pdf_glyph *g = NULL;
    size_t cap = 0;
    /* where the glyphs alone would not give the line's text back, the text
     * layer gets it as ActualText */
    bool span = S_needs_text(t, line, text);
    if (span) {
        ad_buf at = {0};
        S_line_text(&at, line, text);
        span = at.len > 0;
        if (span)
            ad_pdfw_span_begin(t->pdf, at.s);
        ad_buf_free(&at);
    }
    for (GSList *r = line->runs; r; r = r->next) {
        PangoGlyphItem *gi = r->data;
        PangoItem *item = gi->item;
        PangoGlyphString *gs = gi->glyphs;
        const S_finfo *fi = S_font_info(t, item->analysis.font);
        int ls = S_item_letter_spacing(item);
        bool ul;
        uint32_t rgb = S_run_style(item, &ul);
        double run_x = x;
        if ((size_t)gs->num_glyphs > cap) {
            cap = (size_t)gs->num_glyphs;
            g = ad_xrealloc(g, cap * sizeof *g);
        }
        size_t n = 0;
        for (int k = 0; k < gs->num_glyphs; k++) {
            PangoGlyphInfo *info = &gs->glyphs[k];
            PangoGlyph id = info->glyph;
            double adv = S_pt(info->geometry.width);
            double gx = x + S_pt(info->geometry.x_offset), gy = base + S_pt(info->geometry.y_offset);
            size_t cl;
            const char *ct = S_cluster(text, item, gs, k, &cl);
            if (id == PANGO_GLYPH_EMPTY || id == PANGO_GLYPH_INVALID_INPUT) {
                t->empty++;
            } else if (id & PANGO_GLYPH_UNKNOWN_FLAG) {
                S_hex_box(t, fi, id & ~PANGO_GLYPH_UNKNOWN_FLAG, x, base, adv);
                t->boxes++;
            } else if (id == 0 || id >= fi->n_glyphs) {
                uint32_t cp = 0xFFFD;
                if (ct)
                    ad_utf8_decode(ct, cl, &cp);
                if (ct || k == 0) { /* once per cluster */
                    S_hex_box(t, fi, cp, x, base, adv);
                    t->boxes++;
                    ad_buf where = {0};
                    S_where(&where, text + line->start_index);
                    S_warn_missing(t, cp, where.s, src_line);
                    ad_buf_free(&where);
                }
            } else if (fi->slot >= 0) {
                double natural = ad_sfnt_advance(fi->sf, id) * fi->size / ad_sfnt_upem(fi->sf);
                g[n++] = (ad_pdf_glyph){id, gx, gy, ct, cl, S_extra(fi, ls, gs, k, natural)};
            }
            x += adv;
        }
        if (fi->slot >= 0)
            ad_pdfw_glyphs(t->pdf, fi->slot, fi->size, rgb, g, n);
        if (ul && x > run_x)
            ad_pdfw_fill_rect(t->pdf, rgb, run_x, base + fi->ul_pos, x - run_x,
                              fi->ul_thick > 0 ? fi->ul_thick : fi->size / 20);
    }
    if (span)
        ad_pdfw_span_end(t->pdf);
    free(g);
}

void ad_tsg_done(ad_tsg *t)
{
    if (t->font_info)
        g_hash_table_destroy(t->font_info);
    t->font_info = NULL;
    t->last_font = NULL;
    t->last_info = NULL;
}
