/* load_int.h — internals shared by load.c, load_rules.c and load_checks.c
 * (not a public interface). */
#ifndef AD_LOAD_INT_H
#define AD_LOAD_INT_H

#include <stdbool.h>
#include "diag.h"

/* Warns when text holds letters of a script that does not belong in a
 * Japanese document (Hangul, Cyrillic, Thai, Arabic …), naming the
 * characters and `where` (e.g. "<text>"). */
void ad_check_script(ad_diags *d, const char *file, long line, const char *where,
                     const char *text);
/* True for a file-name safe id: [a-z][a-z0-9-]*. */
bool ad_id_safe(const char *id);

/* Collapses white space as HTML does; '\x01' (<br/> in raw text) becomes
 * '\n'.  Returns a newly allocated, XML-clean string. */
char *ad_load_collapse(const char *raw, size_t n);

struct _xmlNode;
/* The line of the first visible character of a text node (the loader's
 * SAX hook numbers text nodes by the line they start on). */
long ad_load_text_line(struct _xmlNode *c);

/* An attribute of el, collapsed and cleaned, its script checked (warnings
 * to d, naming file); NULL when absent.  Newly allocated. */
char *ad_load_attr(const char *file, ad_diags *d, struct _xmlNode *el, const char *name);

/* Step 3 of loading (load_rules.c): checks root's elements and attributes
 * against the format's table, reporting to diags; returns the number of
 * errors it reported.  root is a libxml2 xmlNodePtr. */
size_t ad_load_check_structure(struct _xmlNode *root, const char *file, ad_diags *diags);

#endif
