/* loadpriv.h — internals shared by load.c and checks.c (not a public
 * interface). */
#ifndef AD_LOADPRIV_H
#define AD_LOADPRIV_H

#include <stdbool.h>
#include "diag.h"

/* Warns when text holds letters of a script that does not belong in a
 * Japanese document (Hangul, Cyrillic, Thai, Arabic …), naming the
 * characters and `where` (e.g. "<text>"). */
void ad_check_script(ad_diags *d, const char *file, long line, const char *where,
                     const char *text);
/* True for a file-name safe id: [a-z][a-z0-9-]*. */
bool ad_id_safe(const char *id);

#endif
