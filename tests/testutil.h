/* testutil.h — helpers shared by the check tests: paths into the source and
 * build trees, temporary folders, running a command and reading its output. */
#ifndef AD_TESTUTIL_H
#define AD_TESTUTIL_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "templates.h"
#include "typeset.h"

/* AD_SOURCE_DIR/rel, newly allocated. */
char *tu_src(const char *rel);
/* A new empty temporary folder, newly allocated path; removed by tu_rmrf. */
char *tu_tmpdir(void);
void tu_rmrf(const char *path);
/* Runs cmd with /bin/sh; stores everything it printed on stdout in *out
 * (newly allocated, when out is non-NULL) and returns its exit status
 * (or -1 when it could not run or was killed). */
int tu_run(const char *cmd, char **out);
int tu_runf(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Glyphs drawn with CID 0 (the .notdef) in the content streams of a PDF that
 * auditdoc wrote (uncompressed with qpdf --qdf; every TJ string is 4-digit
 * hex CIDs); -1 when the file cannot be read. */
long tu_pdf_notdef(const char *pdf);
/* Whole file, NUL-terminated; NULL if unreadable. */
char *tu_read(const char *path, size_t *len);
bool tu_write(const char *path, const char *data);
/* s with the first (all: every) `from` replaced by `to`; the first must
 * exist (a test bug otherwise).  Frees s; newly allocated. */
char *tu_replace(char *s, const char *from, const char *to, bool all);
/* True when `tool` is on PATH. */
bool tu_have(const char *tool);
/* Number of non-overlapping occurrences of needle in hay. */
size_t tu_count(const char *hay, const char *needle);
/* "path sha256\n" for every regular file under dir, sorted: equal strings
 * mean byte-identical trees.  Newly allocated. */
char *tu_tree_hashes(const char *dir);
/* The bytes of one entry of a zip (a .docx part), NUL-terminated and newly
 * allocated; NULL when the entry is absent.  Fails the test on a bad zip. */
char *tu_zip_part(const char *zip, const char *name);
/* Converts docx to PDF with LibreOffice into outdir (soffice --headless),
 * seeing the project's fonts as Windows names them (BIZ UD明朝 Medium is
 * aliased to the bundled BIZ UDMincho).  work is a scratch folder for its
 * profile and font cache.  Returns soffice's exit status; *log gets its output. */
int tu_soffice_pdf(const char *docx, const char *outdir, const char *work, char **log);
/* Kinsoku check for every line the typesetter draws: pass tu_kinsoku_line as
 * ad_ts_stats.on_line with a tu_kinsoku as its ud.  A line may not start
 * with 、。，．）」』】・ー ？！ or a small kana (unless it starts its
 * paragraph) nor end with an opening bracket (unless it ends it). */
typedef struct {
    long lines, violations;
    char first_bad[256];
} tu_kinsoku;
void tu_kinsoku_line(void *ud, const char *text, size_t len, bool first, bool last);
/* The same rules for one character: true when no line may start with c,
 * or end with c. */
bool tu_kinsoku_no_start(uint32_t c);
bool tu_kinsoku_no_end(uint32_t c);
/* The library opened on one input as the program would: the loaded audit
 * (which must load), the templates and the fonts the binary would find. */
typedef struct {
    ad_audit *audit;
    ad_templates *tpl;
    ad_fonts *fonts;
} tu_lib;
void tu_lib_open(tu_lib *l, const char *input);
void tu_lib_close(tu_lib *l);
/* Runs the suite, prints the check summary, returns the process exit code. */
int tu_main(Suite *s);

/* The built auditdoc binary. */
#define TU_AUDITDOC AD_AUDITDOC
#define TU_SAMPLE AD_SOURCE_DIR "/samples/ryugasaki-r7-first-half.xml"

#endif
