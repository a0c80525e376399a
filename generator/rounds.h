/* rounds.h — one audit round built on the rounds before it: the next round's
 * input written from the last one (next.c), a department's history read back
 * from the archive and the 再指摘 checks (history.c), and the comparison of
 * two rounds (compare.c).
 *
 * Every function here reads the models it is given and never changes them;
 * returned strings and structures are newly allocated and owned by the
 * caller (free them with the matching _free). */
#ifndef AD_ROUNDS_H
#define AD_ROUNDS_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "doc.h"
#include "model.h"
#include "templates.h"

/* ---- next.c --------------------------------------------------------------- */

/* The round after (fiscal_year, term): first-half → second-half of the same
 * year, second-half → first-half of the next, annual → annual of the next. */
void ad_next_term(int fiscal_year, ad_term term, int *next_year, ad_term *next_term);

/* The next round's input as a person would write it, comments included:
 * organisation, systems, report stock texts, auditors, criteria, checklists
 * (every item's text and detail) and the department-report defaults
 * carried over; the departments carried over to be changed; every mark ?;
 * the meeting, the dates and the summaries left as places to fill ("?").
 * Titles naming prev's round are renamed for the new one.  prev_name is the
 * file it came from, for the header comment. */
char *ad_next_round_xml(const ad_audit *prev, const char *prev_name, int fiscal_year,
                        ad_term term);

/* A build's gate: the history check against the archive (archive, else
 * AUDITDOC_ARCHIVE; none: no check) as warnings in diags; then with draft,
 * marks a (a->draft) so that its documents say （案）; without, refuses a
 * round that still has marks not entered or places to fill, each place an
 * error in diags.  diags NULL: the caller reported the input already (the
 * history still sets a->previous; nothing is listed). */
ad_status ad_round_gate(ad_audit *a, bool draft, const char *archive, ad_diags *diags, ad_err *e);

/* ---- history.c ------------------------------------------------------------- */

/* The archive root from --archive (when non-NULL) or AUDITDOC_ARCHIVE, or
 * NULL when neither names one.  Not allocated. */
const char *ad_archive_root_option(const char *given);

/* For each department of a with a department report: its most recent audit
 * before a's round in the archive at root (any round, latest revision, same
 * organisation name and department id), and the 再指摘 checks of its
 * findings against that audit's findings: a finding marked repeat with no
 * counterpart (same item= or the same title) and a finding not marked
 * repeat that has one are warnings on the finding's line (a department the
 * archive holds no earlier audit of is not checked).  Sets a->previous
 * to the organisation's most recent earlier round (for the comparison
 * appendix).  root NULL: nothing.  An unusable root is an error. */
ad_status ad_check_history(ad_audit *a, const char *root, ad_diags *diags, ad_err *e);

/* The input file of the latest revision of every round filed under root,
 * newest round first (fiscal year, then second-half before first-half
 * before annual); newly allocated paths, *n of them. */
char **ad_archive_rounds(const char *root, size_t *n);

/* The audit file a path stands for: a file is itself; an archived revision
 * (…/rev-N) or a round's folder (…/<year>/<term>, its latest revision)
 * stands for its data/input file.  Newly allocated. */
char *ad_round_input_path(const char *path);

/* ---- compose_round.c --------------------------------------------------------- */

/* When a->draft: 「（案）」 (wording draft.mark) after the document's title in
 * its metadata and after every title paragraph.  Otherwise nothing. */
void ad_compose_draft_marks(ad_doc *d, const ad_audit *a, const ad_templates *t);
/* When layout.txt packet.comparison is true and a->previous is known: a
 * section with the comparison of the two rounds as a table (compare.*
 * wording).  Otherwise nothing. */
void ad_compose_comparison(ad_doc *d, const ad_audit *a, const ad_templates *t);

/* ---- compare.c -------------------------------------------------------------- */

typedef enum { AD_CHANGE_IMPROVED, AD_CHANGE_WORSENED, AD_CHANGE_STILL_NG, AD_CHANGE_KINDS } ad_change;

typedef struct {
    const ad_item *item;     /* in the newer round */
    const char *checklist;   /* its checklist's id */
    const char *section;     /* its section's title */
    ad_mark before, after;
} ad_change_row;

typedef struct {
    size_t old_dept, new_dept;       /* indices in each round */
    const char *id, *name;           /* from the newer round */
    ad_change_row *rows[AD_CHANGE_KINDS];
    size_t n_rows[AD_CHANGE_KINDS];
    const ad_finding **repeats;      /* the newer round's findings marked 再指摘 */
    size_t n_repeats;
} ad_dept_change;

typedef struct {
    ad_dept_change *depts;   /* departments present in both rounds, in the newer order */
    size_t n_depts;
} ad_comparison;

/* Compares every department present in both rounds (same id): items are
 * matched by checklist id, section id and text (then by number). */
ad_comparison *ad_compare_rounds(const ad_audit *older, const ad_audit *newer);
void ad_comparison_free(ad_comparison *c);
/* For a person to read, and as JSON for a program. */
void ad_comparison_print(const ad_comparison *c, const ad_audit *older, const ad_audit *newer,
                         FILE *out);
void ad_comparison_json(const ad_comparison *c, const ad_audit *older, const ad_audit *newer,
                        FILE *out);

#endif
