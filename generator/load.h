/* load.h — reading an audit XML file into the model, safely.
 *
 * Parsing never touches the network or any file other than the input: no
 * DTD loading, no external entities, no entity expansion; files larger than
 * AD_MAX_INPUT_BYTES are refused.  The document is checked against the
 * embedded schema (schema/audit-1.rng) and then by the checks of the spec's
 * "Checks" section (load_checks.c); every problem goes to diags. */
#ifndef AD_LOAD_H
#define AD_LOAD_H

#include "diag.h"
#include "model.h"

#define AD_MAX_INPUT_BYTES (64L * 1024 * 1024)

/* Loads path.  Returns a newly allocated model (free with ad_audit_free) when
 * the file has no errors, else NULL; in both cases diags holds every error and
 * warning found.  Never aborts on bad input. */
ad_audit *ad_load_file(const char *path, ad_diags *diags);
/* The same for a buffer; name is used in messages. */
ad_audit *ad_load_memory(const char *buf, size_t len, const char *name, ad_diags *diags);

/* The checks beyond the schema (load_checks.c), run by the loader on a fully read
 * model.  Exposed for tests. */
void ad_check_audit(const ad_audit *a, ad_diags *diags);

/* Writes the model with its derived lists as canonical indented text
 * (the `auditdoc dump` command). */
void ad_dump_audit(const ad_audit *a, FILE *out);

#endif
