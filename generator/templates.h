/* templates.h — the fixed wording and layout settings read at run time from
 * a templates folder (templates/ in the project, or --templates DIR), so a
 * municipality can change its wording without recompiling.
 *
 *   wording.txt   key = value lines: every label and stock phrase printed
 *   layout.txt    key = value lines: page margins, font sizes, widths
 *   docx/         static DOCX parts (styles.xml, settings.xml, fontTable.xml …)
 *
 * Format of the .txt files: UTF-8; '#' starts a comment line; blank lines are
 * ignored; "key = value" with white space around '=' trimmed; a value may use
 * {name} placeholders that the composer fills in (documented per key in the
 * file itself). */
#ifndef AD_TEMPLATES_H
#define AD_TEMPLATES_H

#include <stdbool.h>
#include "diag.h"

typedef struct {
    char *key;
    char *value;
} ad_kv;

typedef struct {
    char *dir;          /* the folder it was loaded from */
    ad_kv *wording;
    size_t n_wording;
    ad_kv *layout;
    size_t n_layout;
} ad_templates;

/* Loads dir/wording.txt and dir/layout.txt.  Every key listed in
 * ad_wording_keys / ad_layout_keys must be present: a missing one is an error
 * naming the file and the key.  Returns NULL and sets e on failure. */
ad_templates *ad_templates_load(const char *dir, ad_err *e);
void ad_templates_free(ad_templates *t);

/* The wording for key; never NULL for a required key (the loader checked it).
 * For an unknown key returns the key itself, so a typo shows in the output. */
const char *ad_w(const ad_templates *t, const char *key);
/* Wording with {name} placeholders replaced: pairs of (name, value), ending
 * with NULL.  Returns a newly allocated string. */
char *ad_wf(const ad_templates *t, const char *key, ...);
/* A numeric layout setting (mm, pt …) or dflt when absent or not a number. */
double ad_layout_num(const ad_templates *t, const char *key, double dflt);
const char *ad_layout_str(const ad_templates *t, const char *key, const char *dflt);
bool ad_layout_bool(const ad_templates *t, const char *key, bool dflt);

/* Path of a file inside the templates folder; newly allocated. */
char *ad_templates_path(const ad_templates *t, const char *rel);

/* NULL-terminated lists of required keys (templates.c). */
extern const char *const ad_wording_keys[];
extern const char *const ad_layout_keys[];

#endif
