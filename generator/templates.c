/* templates.c — reading templates/wording.txt and templates/layout.txt
 * (key = value files) and looking their values up; see templates.h.
 * The lists of required keys below are the contract between these files and
 * the composers: every key a composer asks for is listed here, so a missing
 * one is reported when the templates are loaded, not as odd output. */
#include "templates.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

const char *const ad_wording_keys[] = {
    "term.part", "doc.keywords", "page.number", "list.bullet", "list.number", "list.number2",
    "mark.ok", "mark.improved", "mark.ng", "mark.na", "legend", "none",
    "item.numbered", "item.narrative", "item.matrix",
    /* agenda */
    "agenda.title", "agenda.title_nonumber", "agenda.committee_default", "agenda.date",
    "agenda.place", "agenda.time_indent", "agenda.item", "agenda.outline", "agenda.doc_heading",
    "agenda.doc_heading_unlisted",
    /* report */
    "report.title", "report.h_overview", "report.h_purpose", "report.h_scope", "report.h_depts",
    "report.h_systems", "report.h_dates", "report.h_auditors", "report.role", "report.h_criteria",
    "report.criteria_marker", "report.h_results", "report.h_summary", "report.h_by_dept",
    "report.see_appendix", "report.section", "report.col_item", "report.col_ok", "report.col_ng",
    "report.col_remark", "list.sep",
    /* matrix */
    "matrix.title", "matrix.section", "matrix.section_nonumeral", "matrix.col_item", "matrix.band",
    /* department report */
    "dept.title", "dept.row1", "dept.row2", "dept.row3", "dept.row4", "dept.row5", "dept.row6",
    "dept.row7", "dept.number", "dept.sub", "dept.kana", "dept.etc",
    "dept.h_summary", "dept.h_findings", "dept.finding_marker", "dept.finding_sep", "dept.repeat",
    "dept.advice", "dept.subject", "dept.appendix_title", "dept.appendix_summary",
    "dept.appendix_col_item", "dept.appendix_col_mark",
    /* packet */
    "packet.depts", "packet.subject",
    NULL,
};

#define S_STYLE_KEYS(s)                                                                       \
    "style." s ".font", "style." s ".size", "style." s ".bold", "style." s ".before",          \
        "style." s ".after", "style." s ".line", "style." s ".outline"

const char *const ad_layout_keys[] = {
    "page.portrait.top", "page.portrait.right", "page.portrait.bottom", "page.portrait.left",
    "page.landscape.top", "page.landscape.right", "page.landscape.bottom", "page.landscape.left",
    "page.footer", "page.numbers",
    S_STYLE_KEYS("normal"), S_STYLE_KEYS("title"), S_STYLE_KEYS("heading1"),
    S_STYLE_KEYS("heading2"), S_STYLE_KEYS("heading3"), S_STYLE_KEYS("table"),
    S_STYLE_KEYS("table_header"), S_STYLE_KEYS("note"),
    "indent.body", "indent.first_line_pt", "indent.list",
    "table.header_shade", "table.cell_padding", "table.narrative.widths", "table.form.widths", "table.appendix.widths",
    "matrix.dept_width", "matrix.item_min_width", "matrix.max_depts_per_band",
    "dept.appendix", "dept.ng_color", "agenda.info_indent", "agenda.blank_lines",
    "agenda.items_indent", "agenda.item_gap_lines", "packet.dept_appendix",
    NULL,
};

/* ---- parsing ---------------------------------------------------------------- */

static char *S_trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

static const ad_kv *S_find(const ad_kv *v, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].key, key) == 0)
            return &v[i];
    return NULL;
}

static void S_free_kvs(ad_kv *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].key);
        free(v[i].value);
    }
    free(v);
}

/* Reads path into *out / *n_out; on failure sets e and returns false. */
static bool S_load_file(const char *path, const char *const *required, ad_kv **out,
                        size_t *n_out, ad_err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        ad_fail(e, AD_ERR_TEMPLATE, "%s: cannot read the template file: %s", path,
                strerror(errno));
        return false;
    }
    ad_kv *v = NULL;
    size_t n = 0, cap = 0;
    long *lines = NULL;
    size_t n_lines = 0, cap_lines = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    long lineno = 0;
    bool ok = true;
    while ((len = getline(&line, &lcap, f)) != -1) {
        lineno++;
        char *s = line;
        if (lineno == 1 && (size_t)len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
            s += 3; /* a byte order mark written by Windows Notepad */
        if (!ad_utf8_valid(line, (size_t)len)) {
            ad_fail(e, AD_ERR_TEMPLATE, "%s:%ld: error: the line is not valid UTF-8", path,
                    lineno);
            ok = false;
            break;
        }
        s = S_trim(s);
        if (*s == '\0' || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (!eq) {
            ad_fail(e, AD_ERR_TEMPLATE,
                    "%s:%ld: error: expected \"key = value\" (or a '#' comment), found \"%.60s\"",
                    path, lineno, s);
            ok = false;
            break;
        }
        *eq = '\0';
        char *key = S_trim(s);
        char *value = S_trim(eq + 1);
        if (*key == '\0' || strpbrk(key, " \t")) {
            ad_fail(e, AD_ERR_TEMPLATE, "%s:%ld: error: a key must be one word before '='",
                    path, lineno);
            ok = false;
            break;
        }
        for (size_t i = 0; i < n; i++)
            if (strcmp(v[i].key, key) == 0) {
                ad_fail(e, AD_ERR_TEMPLATE,
                        "%s:%ld: error: key \"%s\" is defined twice (first on line %ld)", path,
                        lineno, key, lines[i]);
                ok = false;
                break;
            }
        if (!ok)
            break;
        ad_kv kv = {ad_xstrdup(key), ad_xstrdup(value)};
        AD_VEC_PUSH(v, n, cap) = kv;
        AD_VEC_PUSH(lines, n_lines, cap_lines) = lineno;
    }
    if (ok && ferror(f)) {
        ad_fail(e, AD_ERR_TEMPLATE, "%s: read error: %s", path, strerror(errno));
        ok = false;
    }
    free(line);
    free(lines);
    fclose(f);
    if (ok) {
        for (size_t i = 0; required[i]; i++)
            if (!S_find(v, n, required[i])) {
                ad_fail(e, AD_ERR_TEMPLATE,
                        "%s: error: the required key \"%s\" is missing (add a line \"%s = …\")",
                        path, required[i], required[i]);
                ok = false;
                break;
            }
    }
    if (!ok) {
        S_free_kvs(v, n);
        return false;
    }
    *out = v;
    *n_out = n;
    return true;
}

ad_templates *ad_templates_load(const char *dir, ad_err *e)
{
    if (!dir) {
        ad_fail(e, AD_ERR_TEMPLATE, "no templates folder given");
        return NULL;
    }
    ad_templates *t = ad_xcalloc(1, sizeof *t);
    t->dir = ad_xstrdup(dir);
    char *wp = ad_templates_path(t, "wording.txt");
    char *lp = ad_templates_path(t, "layout.txt");
    bool ok = S_load_file(wp, ad_wording_keys, &t->wording, &t->n_wording, e) &&
              S_load_file(lp, ad_layout_keys, &t->layout, &t->n_layout, e);
    free(wp);
    free(lp);
    if (!ok) {
        ad_templates_free(t);
        return NULL;
    }
    return t;
}

void ad_templates_free(ad_templates *t)
{
    if (!t)
        return;
    S_free_kvs(t->wording, t->n_wording);
    S_free_kvs(t->layout, t->n_layout);
    free(t->dir);
    free(t);
}

/* ---- lookups ------------------------------------------------------------------ */

const char *ad_w(const ad_templates *t, const char *key)
{
    const ad_kv *kv = t ? S_find(t->wording, t->n_wording, key) : NULL;
    return kv ? kv->value : key;
}

char *ad_wf(const ad_templates *t, const char *key, ...)
{
    const char *tpl = ad_w(t, key);
    /* collect the (name, value) pairs */
    const char *names[32], *values[32];
    size_t np = 0;
    va_list ap;
    va_start(ap, key);
    for (;;) {
        const char *name = va_arg(ap, const char *);
        if (!name)
            break;
        const char *value = va_arg(ap, const char *);
        if (np < 32) {
            names[np] = name;
            values[np] = value ? value : "";
            np++;
        }
    }
    va_end(ap);

    ad_buf b = {0};
    ad_buf_puts(&b, "");
    for (const char *p = tpl; *p;) {
        if (*p == '{') {
            const char *close = strchr(p + 1, '}');
            if (close) {
                size_t nl = (size_t)(close - p - 1);
                size_t i;
                for (i = 0; i < np; i++)
                    if (strlen(names[i]) == nl && memcmp(names[i], p + 1, nl) == 0)
                        break;
                if (i < np) {
                    ad_buf_puts(&b, values[i]);
                    p = close + 1;
                    continue;
                }
            }
        }
        ad_buf_putc(&b, *p++);
    }
    return ad_buf_take(&b);
}

double ad_layout_num(const ad_templates *t, const char *key, double dflt)
{
    const char *s = ad_layout_str(t, key, NULL);
    if (!s || !*s)
        return dflt;
    /* locale-proof: parse digits, one '.', optional sign by hand */
    const char *p = s;
    bool neg = false;
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    double v = 0, scale = 0;
    bool any = false;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            any = true;
            if (scale > 0) {
                v += (*p - '0') / scale;
                scale *= 10;
            } else {
                v = v * 10 + (*p - '0');
            }
        } else if (*p == '.' && scale == 0) {
            scale = 10;
        } else {
            return dflt;
        }
    }
    if (!any)
        return dflt;
    /* no layout length or size is anywhere near this: a value that is (a
     * run of hundreds of digits would even be infinite) falls back too */
    if (!isfinite(v) || v > 100000)
        return dflt;
    return neg ? -v : v;
}

const char *ad_layout_str(const ad_templates *t, const char *key, const char *dflt)
{
    const ad_kv *kv = t ? S_find(t->layout, t->n_layout, key) : NULL;
    return kv ? kv->value : dflt;
}

bool ad_layout_bool(const ad_templates *t, const char *key, bool dflt)
{
    const char *s = ad_layout_str(t, key, NULL);
    if (!s)
        return dflt;
    if (!strcasecmp(s, "true") || !strcasecmp(s, "yes") || !strcasecmp(s, "on") || !strcmp(s, "1"))
        return true;
    if (!strcasecmp(s, "false") || !strcasecmp(s, "no") || !strcasecmp(s, "off") ||
        !strcmp(s, "0"))
        return false;
    return dflt;
}

char *ad_templates_path(const ad_templates *t, const char *rel)
{
    return ad_xasprintf("%s/%s", t && t->dir ? t->dir : ".", rel);
}
