/* compose.c — what every composer shares: the round's creation time, a new
 * document with metadata and styles from the templates, the page geometry,
 * rich-text blocks as paragraphs, anchor names, the whole packet and the
 * standalone documents, and the small helpers of compose_int.h. */
#include "compose.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose_int.h"
#include "rounds.h"
#include "util.h"
#include "wareki.h"

/* ---- units and layout values ---------------------------------------------- */

int ad_cx_mm(double mm) { return (int)(mm * 1440.0 / 25.4 + (mm >= 0 ? 0.5 : -0.5)); }
int ad_cx_pt(double pt) { return (int)(pt * 20.0 + (pt >= 0 ? 0.5 : -0.5)); }

int ad_cx_layout_mm(const ad_templates *t, const char *key, double dflt_mm)
{
    return ad_cx_mm(ad_layout_num(t, key, dflt_mm));
}

void ad_cx_widths(const ad_templates *t, const char *key, int n, int total, int *out)
{
    double r[64];
    int got = 0;
    const char *s = ad_layout_str(t, key, "");
    while (*s && got < 64) {
        while (*s == ' ' || *s == '\t' || *s == ',')
            s++;
        if (!*s)
            break;
        const char *e = s;
        while (*e && *e != ' ' && *e != '\t' && *e != ',')
            e++;
        char tok[32];
        size_t len = (size_t)(e - s) < sizeof tok - 1 ? (size_t)(e - s) : sizeof tok - 1;
        memcpy(tok, s, len);
        tok[len] = '\0';
        ad_templates one = {0};
        ad_kv kv = {"v", tok};
        one.layout = &kv;
        one.n_layout = 1;
        double v = ad_layout_num(&one, "v", -1);
        if (v <= 0) {
            got = 0;
            break;
        }
        r[got++] = v;
        s = e;
    }
    double sum = 0;
    bool use = got == n;
    for (int i = 0; use && i < n; i++)
        sum += r[i];
    int left = total;
    for (int i = 0; i < n; i++) {
        int w = use ? (int)(total * r[i] / sum) : total / n;
        if (i == n - 1)
            w = left;
        out[i] = w;
        left -= w;
    }
}

uint32_t ad_cx_color(const ad_templates *t, const char *key, uint32_t dflt)
{
    const char *s = ad_layout_str(t, key, NULL);
    if (!s)
        return dflt;
    if (*s == '#')
        s++;
    if (strlen(s) != 6)
        return dflt;
    uint32_t v = 0;
    for (int i = 0; i < 6; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return dflt;
        v = v * 16 + (uint32_t)d;
    }
    return v;
}

uint32_t ad_cx_shade(const ad_templates *t) { return ad_cx_color(t, "table.header_shade", 0xD9D9D9); }

/* ---- round wording ---------------------------------------------------------- */

char *ad_cx_round_text(const ad_audit *a, const ad_templates *t, const char *key,
                       const char *n1, const char *v1, const char *n2, const char *v2)
{
    char *fy = ad_wareki_fiscal_year(a->fiscal_year);
    const char *term = a->term == AD_TERM_ANNUAL ? "" : ad_term_name(a->term);
    char *term_part = *term ? ad_wf(t, "term.part", "term", term, NULL) : ad_xstrdup("");
    const char *org = a->org.name ? a->org.name : "";
    /* unused pairs repeat a harmless name */
    char *s = ad_wf(t, key, "fiscal_year", fy ? fy : "", "term", term, "term_part", term_part,
                    "organization", org, n1 ? n1 : "organization", n1 ? v1 : org,
                    n2 ? n2 : "organization", n2 ? v2 : org, NULL);
    free(fy);
    free(term_part);
    return s;
}

char *ad_cx_report_title(const ad_audit *a, const ad_templates *t)
{
    if (a->report.title && *a->report.title)
        return ad_xstrdup(a->report.title);
    return ad_cx_round_text(a, t, "report.title", NULL, NULL, NULL, NULL);
}

char *ad_cx_matrix_title(const ad_audit *a, const ad_templates *t, const ad_checklist *c)
{
    if (c && c->title && *c->title)
        return ad_xstrdup(c->title);
    return ad_cx_round_text(a, t, "matrix.title", NULL, NULL, NULL, NULL);
}

char *ad_cx_meeting_title(const ad_audit *a, const ad_templates *t)
{
    char *committee = a->org.committee && *a->org.committee
                          ? ad_xstrdup(a->org.committee)
                          : ad_cx_round_text(a, t, "agenda.committee_default", NULL, NULL, NULL,
                                             NULL);
    char *s;
    if (a->meeting.number > 0) {
        char num[24];
        snprintf(num, sizeof num, "%d", a->meeting.number);
        s = ad_cx_round_text(a, t, "agenda.title", "number", num, "committee", committee);
    } else {
        s = ad_cx_round_text(a, t, "agenda.title_nonumber", "committee", committee, NULL, NULL);
    }
    free(committee);
    return s;
}

char *ad_cx_item_label(const ad_templates *t, const ad_item *it, bool matrix)
{
    const char *text = it->text ? it->text : "";
    char *label = it->detail && *it->detail
                      ? ad_wf(t, matrix ? "item.matrix" : "item.narrative", "text", text,
                              "detail", it->detail, NULL)
                      : ad_xstrdup(text);
    if (it->no && *it->no) {
        char *s = ad_wf(t, "item.numbered", "no", it->no, "label", label, NULL);
        free(label);
        return s;
    }
    return label;
}

const char *ad_cx_mark(const ad_templates *t, ad_mark m)
{
    switch (m) {
    case AD_MARK_OK: return ad_w(t, "mark.ok");
    case AD_MARK_IMPROVED: return ad_w(t, "mark.improved");
    case AD_MARK_NG: return ad_w(t, "mark.ng");
    case AD_MARK_NA: return ad_w(t, "mark.na");
    default: return "?";
    }
}

void ad_cx_mark_expansion(ad_cell *c, const ad_templates *t, ad_mark m)
{
    const char *sym = ad_cx_mark(t, m), *legend = ad_w(t, "legend");
    size_t n = strlen(sym);
    if (!c || !n)
        return;
    for (const char *p = strstr(legend, sym); p; p = strstr(p + 1, sym)) {
        const char *q = p + n;
        if (strncmp(q, "\xEF\xBC\x9A", 3) == 0) /* ： */
            q += 3;
        else if (*q == ':')
            q++;
        else
            continue;
        size_t len = 0; /* up to the next blank (ideographic space included) */
        while (q[len] && q[len] != ' ' && strncmp(q + len, "\xE3\x80\x80", 3) != 0)
            len++;
        if (len) {
            char *meaning = ad_xstrndup(q, len);
            ad_cell_set_expansion(c, meaning);
            free(meaning);
        }
        return;
    }
}

char *ad_cx_dates(const ad_templates *t, const ad_date *d, size_t n, bool weekday)
{
    ad_buf b = {0};
    ad_buf_puts(&b, "");
    for (size_t i = 0; i < n; i++) {
        char *s = weekday ? ad_wareki_date_weekday(d[i]) : ad_wareki_date(d[i]);
        if (!s)
            continue;
        if (b.len)
            ad_buf_puts(&b, ad_w(t, "list.sep"));
        ad_buf_puts(&b, s);
        free(s);
    }
    return ad_buf_take(&b);
}

/* ---- table shorthands --------------------------------------------------------- */

ad_node *ad_cx_cell_text(ad_row *row, const char *text, ad_pstyle style, ad_align align)
{
    ad_cell *c = ad_row_add_cell(row, 1, 1);
    return ad_add_text(&c->body, style, align, text ? text : "");
}

ad_run *ad_cx_cell_run(ad_row *row, const char *text, unsigned flags, ad_pstyle style,
                       ad_align align)
{
    ad_cell *c = ad_row_add_cell(row, 1, 1);
    return ad_para_add_run(ad_add_para(&c->body, style, align), text, flags);
}

void ad_cx_header_row(ad_node *table, const char *const *labels, int n, uint32_t shade)
{
    ad_row *r = ad_table_add_row(table);
    for (int i = 0; i < n; i++) {
        ad_cx_cell_text(r, labels[i], AD_PS_TABLE_HEADER, AD_ALIGN_CENTER);
        r->cells[r->n - 1].shade = shade;
        r->cells[r->n - 1].valign = AD_VALIGN_CENTER;
    }
}

/* ---- creation time ------------------------------------------------------------ */

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long long S_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

time_t ad_round_time(const ad_audit *a)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        bool digits = true;
        for (const char *p = sde; *p; p++)
            if (*p < '0' || *p > '9')
                digits = false;
        if (digits && strlen(sde) <= 15) {
            errno = 0;
            long long v = strtoll(sde, NULL, 10);
            /* up to 9999-12-31T23:59:59Z: dates in PDF and DOCX have four-digit years */
            if (errno == 0 && v <= 253402300799LL)
                return (time_t)v;
        }
    }
    if (!a)
        return 0;
    const ad_date *cands[3] = {
        a->report.present ? &a->report.date : NULL,
        a->dept_reports.present ? &a->dept_reports.date : NULL,
        a->meeting.present ? &a->meeting.date : NULL,
    };
    for (int i = 0; i < 3; i++) {
        const ad_date *d = cands[i];
        if (d && d->y >= 1970 && ad_date_valid(*d))
            /* 00:00 JST is 15:00 UTC the day before */
            return (time_t)(S_days_from_civil(d->y, d->m, d->d) * 86400LL - 9 * 3600LL);
    }
    return 0;
}

/* ---- documents and pages -------------------------------------------------------- */

static const char *const S_style_keys[AD_PS_COUNT] = {
    "normal", "title", "heading1", "heading2", "heading3", "table", "table_header", "note",
};

ad_doc *ad_compose_doc_new(const ad_audit *a, const ad_templates *t, const char *title,
                           const char *subject)
{
    ad_doc *d = ad_doc_new();
    ad_doc_set_meta(d, title ? title : "", a && a->org.name ? a->org.name : "",
                    subject ? subject : "", ad_w(t, "doc.keywords"));
    d->created = ad_round_time(a);
    for (size_t i = 0; a && i < a->n_departments; i++) { /* never broken across lines */
        ad_doc_add_name(d, a->departments[i].name);
        ad_doc_add_name(d, a->departments[i].short_name);
    }
    for (int i = 0; i < AD_PS_COUNT; i++) {
        ad_style *s = &d->styles[i];
        char key[64];
        snprintf(key, sizeof key, "style.%s.font", S_style_keys[i]);
        const char *font = ad_layout_str(t, key, NULL);
        if (font)
            s->font = strcmp(font, "gothic") == 0 ? AD_FONT_GOTHIC : AD_FONT_MINCHO;
        snprintf(key, sizeof key, "style.%s.size", S_style_keys[i]);
        double size = ad_layout_num(t, key, s->size / 2.0);
        if (size > 0 && size < 200)
            s->size = (int)(size * 2 + 0.5);
        snprintf(key, sizeof key, "style.%s.bold", S_style_keys[i]);
        s->bold = ad_layout_bool(t, key, s->bold);
        snprintf(key, sizeof key, "style.%s.before", S_style_keys[i]);
        s->space_before = ad_cx_pt(ad_layout_num(t, key, s->space_before / 20.0));
        snprintf(key, sizeof key, "style.%s.after", S_style_keys[i]);
        s->space_after = ad_cx_pt(ad_layout_num(t, key, s->space_after / 20.0));
        snprintf(key, sizeof key, "style.%s.line", S_style_keys[i]);
        double line = ad_layout_num(t, key, s->line_pct);
        if (line >= 50 && line <= 400)
            s->line_pct = (int)(line + 0.5);
        snprintf(key, sizeof key, "style.%s.outline", S_style_keys[i]);
        double ol = ad_layout_num(t, key, s->outline);
        if (ol >= 0 && ol <= 9)
            s->outline = (int)ol;
    }
    free(d->page_number_format);
    d->page_number_format =
        ad_layout_bool(t, "page.numbers", true) ? ad_xml_clean(ad_w(t, "page.number")) : NULL;
    d->header_shade = ad_cx_shade(t);
    /* table.cell_padding = X Y (mm): left and right, above and below */
    const char *pad = ad_layout_str(t, "table.cell_padding", NULL);
    double px = 0, py = 0;
    if (pad && sscanf(pad, "%lf %lf", &px, &py) == 2 && px >= 0 && py >= 0 && px <= 10 && py <= 10) {
        d->cell_pad_x = ad_cx_mm(px);
        d->cell_pad_y = ad_cx_mm(py);
    }
    d->compress_fonts = ad_layout_bool(t, "pdf.compress_fonts", false);
    return d;
}

ad_page ad_compose_page(const ad_templates *t, bool landscape)
{
    ad_page p;
    memset(&p, 0, sizeof p);
    p.width = landscape ? 16838 : 11906;
    p.height = landscape ? 11906 : 16838;
    const char *o = landscape ? "landscape" : "portrait";
    char key[64];
    snprintf(key, sizeof key, "page.%s.top", o);
    p.margin_top = ad_cx_layout_mm(t, key, 20);
    snprintf(key, sizeof key, "page.%s.right", o);
    p.margin_right = ad_cx_layout_mm(t, key, 20);
    snprintf(key, sizeof key, "page.%s.bottom", o);
    p.margin_bottom = ad_cx_layout_mm(t, key, 20);
    snprintf(key, sizeof key, "page.%s.left", o);
    p.margin_left = ad_cx_layout_mm(t, key, 20);
    p.footer = ad_cx_layout_mm(t, "page.footer", 10);
    /* never let silly margins leave no text area */
    if (p.margin_left + p.margin_right > p.width - 1440)
        p.margin_left = p.margin_right = 1134;
    if (p.margin_top + p.margin_bottom > p.height - 1440)
        p.margin_top = p.margin_bottom = 1134;
    return p;
}

/* ---- rich text -------------------------------------------------------------------- */

static void S_list(ad_nodes *out, const ad_block *list, const ad_templates *t, ad_pstyle style,
                   int indent, int depth);

/* Nesting levels that get their own indent. */
#define S_MAX_INDENT_LEVELS 6

static void S_blocks(ad_nodes *out, const ad_blocks *b, const ad_templates *t, ad_pstyle style,
                     int indent, int depth)
{
    for (size_t i = 0; i < b->n; i++) {
        const ad_block *k = &b->v[i];
        switch (k->kind) {
        case AD_BLOCK_P: {
            ad_node *p = ad_add_text(out, style, AD_ALIGN_JUSTIFY, k->text);
            p->line = k->line;
            p->indent = indent;
            if (depth == 0)
                p->first_line = ad_cx_pt(ad_layout_num(t, "indent.first_line_pt", 10.5));
            break;
        }
        case AD_BLOCK_H: {
            ad_node *p = ad_add_text(out, AD_PS_HEADING3, AD_ALIGN_LEFT, k->text);
            p->line = k->line;
            p->indent = indent;
            p->keep_next = true;
            break;
        }
        case AD_BLOCK_UL:
        case AD_BLOCK_OL:
            S_list(out, k, t, style, indent, depth);
            break;
        case AD_BLOCK_LI: { /* a stray item: treat as a bulleted one */
            ad_node *p = ad_add_text(out, style, AD_ALIGN_LEFT, k->text);
            p->line = k->line;
            p->indent = indent;
            ad_node_set_marker(p, ad_w(t, "list.bullet"));
            break;
        }
        }
    }
}

static void S_list(ad_nodes *out, const ad_block *list, const ad_templates *t, ad_pstyle style,
                   int indent, int depth)
{
    int step = ad_cx_layout_mm(t, "indent.list", 5);
    for (size_t i = 0; i < list->children.n; i++) {
        const ad_block *li = &list->children.v[i];
        ad_node *p = ad_add_text(out, style, AD_ALIGN_LEFT, li->text ? li->text : "");
        p->line = li->line;
        p->indent = indent;
        if (list->kind == AD_BLOCK_OL) {
            char n[24];
            snprintf(n, sizeof n, "%zu", i + 1);
            char *m = ad_wf(t, depth == 0 ? "list.number" : "list.number2", "n", n, NULL);
            ad_node_set_marker(p, m);
            free(m);
        } else {
            ad_node_set_marker(p, ad_w(t, "list.bullet"));
        }
        /* nested lists (and any other blocks) inside the item; indented for
         * the first levels only, so that a deep nesting never pushes text
         * off the page (deeper levels stay at the last indent) */
        int deeper = depth + 1 < S_MAX_INDENT_LEVELS ? indent + step : indent;
        S_blocks(out, &li->children, t, style, deeper, depth + 1);
    }
}

void ad_cx_blocks(ad_nodes *out, const ad_blocks *b, const ad_templates *t, ad_pstyle style,
                  int indent)
{
    if (b)
        S_blocks(out, b, t, style, indent, 0);
}

void ad_compose_blocks(ad_nodes *out, const ad_blocks *b, const ad_templates *t, ad_pstyle style)
{
    ad_cx_blocks(out, b, t, style, 0);
}

char *ad_anchor_for(const char *kind, const char *id)
{
    return ad_xasprintf("%s-%s", kind ? kind : "x", id && *id ? id : "none");
}

/* ---- whole documents ------------------------------------------------------------------ */

ad_doc *ad_compose_packet(const ad_audit *a, const ad_templates *t)
{
    char *title = a->meeting.present ? ad_cx_meeting_title(a, t) : ad_cx_report_title(a, t);
    ad_doc *d = ad_compose_doc_new(a, t, title, ad_w(t, "packet.subject"));
    free(title);
    ad_compose_agenda(d, a, t);
    ad_compose_report(d, a, t);
    ad_compose_matrix(d, a, t);

    /* every department report, under one part bookmark */
    bool appendix = ad_layout_bool(t, "dept.appendix", true) &&
                    ad_layout_bool(t, "packet.dept_appendix", false);
    bool first = true;
    for (size_t i = 0; a->dept_reports.present && i < a->n_departments; i++) {
        if (!ad_audit_dept_report(a, i))
            continue;
        ad_dept_view v = ad_dept_view_of(a, i);
        size_t before = d->n_sections;
        ad_compose_dept_report(d, &v, t, appendix);
        ad_dept_view_free(&v);
        if (d->n_sections > before) {
            /* The part's bookmark (level 1) sits on the first report's
             * section and that report's own bookmark (level 2) on its title
             * paragraph (which carries the dept-<id> anchor); every further
             * report's section is a level-2 bookmark. */
            ad_doc_section *s = &d->sections[before];
            if (first) {
                const char *name = a->departments[i].name ? a->departments[i].name : "";
                for (size_t k = 0; k < s->body.n; k++) {
                    ad_node *n = s->body.v[k];
                    if (n->kind == AD_NODE_PARA && n->anchor) {
                        ad_node_set_outline(n, name);
                        break;
                    }
                }
                char *part = ad_anchor_for("part", "_department_reports"); /* "_": no user id has one */
                ad_section_set_outline(s, ad_w(t, "packet.depts"), 1, part);
                free(part);
                first = false;
            } else {
                s->outline_level = 2;
            }
        }
    }
    ad_compose_agenda_docs(d, a, t);
    ad_compose_comparison(d, a, t); /* off unless layout.txt packet.comparison */
    ad_doc_outline_from_styles(d);
    return d;
}

ad_doc *ad_compose_matrix_doc(const ad_audit *a, const ad_templates *t)
{
    const ad_checklist *first = NULL;
    for (size_t i = 0; i < a->n_checklists && !first; i++)
        if (a->checklists[i].layout & AD_LAYOUT_MATRIX)
            first = &a->checklists[i];
    char *title = ad_cx_matrix_title(a, t, first);
    ad_doc *d = ad_compose_doc_new(a, t, title, title);
    free(title);
    ad_compose_matrix(d, a, t);
    return d;
}

ad_doc *ad_compose_dept_doc(const ad_audit *a, size_t dept, const ad_templates *t)
{
    if (dept >= a->n_departments)
        return NULL;
    ad_dept_view v = ad_dept_view_of(a, dept);
    const char *name = v.department->name ? v.department->name : "";
    char *subject = ad_wf(t, "dept.subject", "dept", name, NULL);
    ad_doc *d = ad_compose_doc_new(a, t, ad_w(t, "dept.title"), subject);
    free(subject);
    ad_compose_dept_report(d, &v, t, ad_layout_bool(t, "dept.appendix", true));
    ad_dept_view_free(&v);
    return d;
}

bool ad_compose_has_matrix(const ad_audit *a)
{
    for (size_t i = 0; i < a->n_checklists; i++)
        if (a->checklists[i].layout & AD_LAYOUT_MATRIX)
            return true;
    return false;
}

/* ---- costs ------------------------------------------------------------------------------ */

/* Every checklist item of the round. */
static long S_items(const ad_audit *a)
{
    long n = 0;
    for (size_t i = 0; i < a->n_checklists; i++)
        for (size_t s = 0; s < a->checklists[i].n_sections; s++)
            n += (long)a->checklists[i].sections[s].n_items;
    return n;
}

long ad_compose_packet_cost(const ad_audit *a, bool docx)
{
    long nd = (long)a->n_departments, n_items = S_items(a);
    return docx ? 5 + n_items * nd / 160 : 15 + nd * 6 / 5 + n_items * nd / 150;
}

long ad_compose_matrix_cost(const ad_audit *a)
{
    return 3 + S_items(a) * (long)a->n_departments / 400;
}

long ad_compose_dept_cost(const ad_audit *a, size_t dept)
{
    /* the department's own texts count too: the longest report goes first */
    const ad_dept_report *r = ad_audit_dept_report(a, dept);
    long own = r ? (long)(r->n_findings + r->summary.n) + (r->advice ? 1 : 0) : 0;
    return 3 + S_items(a) / 100 + own / 2;
}
