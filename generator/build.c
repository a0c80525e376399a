/* build.c — `auditdoc build`: loads one round, composes every document and
 * renders them into a temporary folder that replaces the output folder only
 * when everything succeeded (build.h). */
#include "build.h"

#include <errno.h>
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include "compose.h"
#include "rounds.h"
#include "docx.h"
#include "fsutil.h"
#include "hash.h"
#include "load.h"
#include "manifest.h"
#include "resources.h"
#include "templates.h"
#include "typeset.h"
#include "util.h"
#include "views.h"
#include "workers.h"

/* ---- signals ------------------------------------------------------------- */
static volatile sig_atomic_t S_signal;

static void S_on_signal(int sig) { S_signal = sig; }

void ad_install_signal_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = S_on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocking read returns EINTR */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int ad_interrupted(void) { return (int)S_signal; }

/* A rendering warning (a character the fonts lack …) is reported once, not
 * once per document that shows the same text. */
static void S_add_render_warning(ad_diags *diags, const char *file, long line, const char *msg)
{
    for (size_t i = 0; i < diags->n; i++)
        if (diags->v[i].line == line && strcmp(diags->v[i].msg, msg) == 0)
            return;
    ad_diag_add(diags, AD_DIAG_WARNING, file, line, "%s", msg);
}

/* ---- jobs ------------------------------------------------------------------ */
typedef enum { JOB_PACKET_DOCX, JOB_PACKET_PDF, JOB_MATRIX_PDF, JOB_DEPT_PDF } job_kind;

typedef struct {
    job_kind kind;
    size_t dept;     /* JOB_DEPT_PDF */
    char *rel;       /* path relative to the output folder */
    long cost;       /* rough relative cost: the largest jobs are taken first */
    uint64_t size;   /* the file's size and SHA-256 once written (for the manifest) */
    char sha256[65];
} job;

typedef struct {
    const ad_build_opts *o;
    ad_audit *audit;
    ad_templates *tpl;
    ad_fonts *fonts; /* the warm font map (S_fonts_ready), inherited by the PDF workers */
    char *fonts_dir;
    char *cache_dir; /* NULL: none */
    bool fonts_tried;
    bool scanned;    /* scan and scan_err are made (S_warm_libraries) */
    ad_font_scan *scan; /* the font files read; NULL with scan_err set on failure */
    ad_err scan_err;
    char *tmp;       /* the folder being written */
    ad_workers *workers; /* the runner, its workers waited for after the manifest */
    ad_diags *diags; /* the build's: rendering warnings go here */
    size_t done;     /* jobs finished (progress lines) */
    struct timespec t0; /* when the build started (AUDITDOC_TIMING) */
    job *jobs;
    size_t n_jobs, cap_jobs;
} build_ctx;

static const char *S_input_name(const build_ctx *c)
{
    return c->o->display_name ? c->o->display_name : c->audit->file;
}

char *ad_dept_pdf_name(const char *dept_name, size_t index, size_t n_depts)
{
    int width = n_depts >= 1000 ? 4 : n_depts >= 100 ? 3 : 2;
    char *safe = ad_safe_filename(dept_name, 180);
    char *name = ad_xasprintf("%0*zu_%s.pdf", width, index + 1, safe);
    free(safe);
    return name;
}

static void S_add_job(build_ctx *c, job_kind kind, size_t dept, char *rel, long cost)
{
    job j = {kind, dept, rel, cost, 0, ""};
    AD_VEC_PUSH(c->jobs, c->n_jobs, c->cap_jobs) = j;
}

/* Milliseconds since the build started (AUDITDOC_TIMING). */
static double S_ms(const build_ctx *c)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (t1.tv_sec - c->t0.tv_sec) * 1e3 + (t1.tv_nsec - c->t0.tv_nsec) / 1e6;
}

/* One line of AUDITDOC_TIMING: what the build has done by now (printf's
 * format and arguments), and when. */
static void S_timing(const build_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void S_timing(const build_ctx *c, const char *fmt, ...)
{
    if (!getenv("AUDITDOC_TIMING"))
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("auditdoc: timing: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " at %.1f ms\n", S_ms(c));
}

/* The threads of this process, or -1 when /proc cannot tell. */
static int S_threads(void)
{
    DIR *d = opendir("/proc/self/task");
    if (!d)
        return -1;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (de->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

/* Reads the font files, makes the Pango font map and warms it up (font
 * patterns, metrics, shaping plans: ad_fonts_warm), once for the build, so
 * that the PDF workers forked afterwards inherit it.  Pango starts helper
 * threads for this (two per font pattern); they end on their own, and
 * fork() is safe only once they have: when for_fork, waits until the
 * process has as many threads as before (two seconds at most) and returns
 * false if it could not tell or they did not end (then make the PDFs in
 * this process). */
static bool S_fonts_ready(build_ctx *c, bool for_fork)
{
    if (c->fonts_tried)
        return !for_fork; /* called once per build */
    c->fonts_tried = true;
    int before = S_threads();
    if (!c->scanned) /* the warm-up thread did not (it could not start) */
        c->scan = ad_fonts_scan(c->fonts_dir, c->cache_dir, &c->scan_err);
    S_timing(c, "fonts scanned");
    if (c->scan && c->tpl) {
        ad_err e = {0};
        c->fonts = ad_fonts_open(c->scan, &e); /* on failure: each job opens its own */
        S_timing(c, "font map open");
        if (c->fonts) {
            ad_doc *d = ad_compose_doc_new(NULL, c->tpl, "", "");
            ad_fonts_warm(c->fonts, d);
            ad_doc_free(d);
            S_timing(c, "fonts warm");
        }
    }
    if (!for_fork)
        return true;
    /* they end within a fraction of a millisecond: look every 50 µs */
    for (int i = 0; before > 0 && i < 40000 && !ad_interrupted(); i++) {
        if (S_threads() <= before) {
            S_timing(c, "fonts ready (%.2f ms waited for Pango's threads)", i * 0.05);
            return true;
        }
        struct timespec step = {0, 50000};
        nanosleep(&step, NULL);
    }
    if (c->o->progress && !ad_interrupted())
        fprintf(stderr, "auditdoc: Pango's helper threads did not end; making the PDFs in this process\n");
    return false;
}

static ad_status S_run_job(build_ctx *c, const job *j, const char *path, ad_diags *warn,
                           ad_err *e)
{
    /* The warm font map comes from S_fonts_ready (before the PDF workers
     * fork); a job opens one of its own only if making it failed there. */
    if (j->kind != JOB_PACKET_DOCX && !c->fonts) {
        if (!c->scan) {
            *e = c->scan_err;
            return e->status ? e->status : AD_ERR_FONT;
        }
        if (!(c->fonts = ad_fonts_open(c->scan, e)))
            return e->status ? e->status : AD_ERR_FONT;
    }
    ad_doc *d = NULL;
    switch (j->kind) {
    case JOB_PACKET_DOCX:
    case JOB_PACKET_PDF:
        d = ad_compose_packet(c->audit, c->tpl);
        break;
    case JOB_MATRIX_PDF:
        d = ad_compose_matrix_doc(c->audit, c->tpl);
        break;
    case JOB_DEPT_PDF:
        d = ad_compose_dept_doc(c->audit, j->dept, c->tpl);
        break;
    }
    ad_compose_draft_marks(d, c->audit, c->tpl);
    ad_status st;
    if (j->kind == JOB_PACKET_DOCX) {
        ad_docx_opts dopt = {c->tpl->dir, c->o->house_docx};
        st = ad_docx_write(d, &dopt, path, e);
    } else {
        st = ad_pdf_write(d, c->fonts, path, warn, e);
    }
    ad_doc_free(d);
    return st;
}

static void S_progress(const build_ctx *c, size_t done, const job *j)
{
    if (c->o->progress)
        fprintf(stderr, "auditdoc: [%zu/%zu] %s\n", done, c->n_jobs, j->rel);
}

/* ---- the runner's callbacks (workers.h) ----------------------------------------------- */

/* Makes job i into the temporary folder and hashes it there (in parallel
 * in the workers, not by the manifest afterwards). */
static ad_status S_job_run(void *ctx, size_t i, ad_job_result *r, ad_diags *warn, ad_err *e)
{
    build_ctx *c = ctx;
    char *path = ad_xasprintf("%s/%s", c->tmp, c->jobs[i].rel);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ad_status st = S_run_job(c, &c->jobs[i], path, warn, e);
    if (st == AD_OK)
        st = ad_sha256_file(path, r->sha256, &r->size, e);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    S_timing(c, "worker %d: %s %.1f ms", (int)getpid(), c->jobs[i].rel,
             (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
    free(path);
    return st;
}

static void S_job_warning(void *ctx, long line, const char *msg)
{
    build_ctx *c = ctx;
    S_add_render_warning(c->diags, S_input_name(c), line, msg);
}

static void S_job_done(void *ctx, size_t i, const ad_job_result *r)
{
    build_ctx *c = ctx;
    if (i >= c->n_jobs)
        return;
    job *j = &c->jobs[i];
    if (r->sha256[0]) {
        j->size = r->size;
        memcpy(j->sha256, r->sha256, sizeof j->sha256);
    }
    S_progress(c, ++c->done, j);
}

static ad_workers *S_runner(build_ctx *c, const ad_job_queue *qs, int n, ad_err *e)
{
    ad_job_fns f = {S_job_run, S_job_warning, S_job_done, c};
    return c->workers = ad_workers_new(&f, qs, n, e);
}

/* The order in which workers take jobs: largest first, so that no long job
 * starts last while the other workers sit idle. */
static size_t *S_job_order(const build_ctx *c)
{
    size_t *order = ad_xcalloc(c->n_jobs, sizeof *order);
    for (size_t i = 0; i < c->n_jobs; i++)
        order[i] = i;
    for (size_t i = 1; i < c->n_jobs; i++) { /* stable insertion sort by cost, descending */
        size_t x = order[i], k = i;
        while (k > 0 && c->jobs[order[k - 1]].cost < c->jobs[x].cost) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = x;
    }
    return order;
}

/* Workers are processes.  The jobs that need no fonts (the DOCX) start in
 * one at once, while this process reads the fonts and warms Pango up; the
 * others are shared by `workers` processes forked once the font map is warm.
 * Returns once every job has ended; the workers are waited for afterwards
 * (ad_workers_reap). */
static ad_status S_run_parallel(build_ctx *c, int workers, ad_err *e)
{
    /* three queues, each largest job first: the DOCX (no fonts); the packet
     * and the matrix; the department reports.  The first PDF worker takes
     * the packet, then the matrix (its paragraphs are all in that worker's
     * cache by then); the others take the department reports (whose appendix
     * is laid out once per worker); then each helps with the other queue. */
    size_t *order = S_job_order(c);
    size_t *plain = ad_xcalloc(c->n_jobs + 1, sizeof *plain);
    size_t *fonted = ad_xcalloc(c->n_jobs + 1, sizeof *fonted);
    size_t n_plain = 0, n_fonted = 0, n_family = 0;
    for (size_t k = 0; k < c->n_jobs; k++) /* fonted: the packet family, then the rest */
        if (c->jobs[order[k]].kind == JOB_PACKET_PDF || c->jobs[order[k]].kind == JOB_MATRIX_PDF)
            fonted[n_family++] = order[k];
    n_fonted = n_family;
    for (size_t k = 0; k < c->n_jobs; k++) {
        if (c->jobs[order[k]].kind == JOB_PACKET_DOCX)
            plain[n_plain++] = order[k];
        else if (c->jobs[order[k]].kind == JOB_DEPT_PDF)
            fonted[n_fonted++] = order[k];
    }
    enum { Q_PLAIN, Q_FAMILY, Q_DEPTS };
    ad_job_queue qs[3] = {{plain, n_plain}, {fonted, n_family}, {fonted + n_family, n_fonted - n_family}};
    ad_workers *w = S_runner(c, qs, 3, e);
    free(order);
    free(plain);
    free(fonted);
    if (!w)
        return e->status;
    ad_status st = AD_OK;
    if (n_plain) /* the DOCX: no fonts */
        st = ad_workers_fork(w, (const int[]){Q_PLAIN}, 1, e);
    if (n_fonted && st == AD_OK) {
        /* fork() only while Pango's helper threads are not running: the DOCX
         * worker before the fonts are loaded (it runs meanwhile), the PDF
         * workers after they have ended */
        bool forkable = S_fonts_ready(c, true);
        if (!c->scan) {
            st = ad_fail(e, c->scan_err.status ? c->scan_err.status : AD_ERR_FONT, "%s",
                         c->scan_err.msg);
        } else if (forkable) {
            int w2 = workers < (int)n_fonted ? workers : (int)n_fonted;
            for (int k = 0; k < w2 && st == AD_OK; k++) {
                const int first[2] = {Q_FAMILY, Q_DEPTS}, other[2] = {Q_DEPTS, Q_FAMILY};
                st = ad_workers_fork(w, k == 0 ? first : other, 2, e);
            }
        } else {
            /* Pango's helper threads did not end: forking now is not safe */
            st = ad_workers_run_here(w, (const int[]){Q_FAMILY, Q_DEPTS}, 2, e);
        }
    }
    return ad_workers_collect(w, st, e);
}

/* Every job in this process, in the order the manifest names them. */
static ad_status S_run_serial(build_ctx *c, ad_err *e)
{
    size_t *all = ad_xcalloc(c->n_jobs + 1, sizeof *all);
    for (size_t i = 0; i < c->n_jobs; i++)
        all[i] = i;
    ad_job_queue q = {all, c->n_jobs};
    ad_workers *w = S_runner(c, &q, 1, e);
    free(all);
    return w ? ad_workers_run_here(w, (const int[]){0}, 1, e) : e->status;
}

static int S_cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* Refuses to replace a folder that is not an earlier auditdoc output: its
 * manifest.json must be auditdoc's and list every file in it, so a file a
 * user put there (a cover letter …) is never deleted by a rebuild.  The
 * current folder and the root are refused outright. */
static ad_status S_check_out_dir(const char *dir, ad_err *e)
{
    char *real = realpath(dir, NULL), *cwd = realpath(".", NULL);
    bool bad = real && (strcmp(real, "/") == 0 || (cwd && strcmp(real, cwd) == 0));
    free(real);
    free(cwd);
    if (bad)
        return ad_fail(e, AD_ERR_USAGE,
                       "-o %s: name a folder for the outputs (for example -o r7h1), not the "
                       "current folder or the root",
                       dir);
    if (!ad_exists(dir))
        return AD_OK;
    if (!ad_is_dir(dir))
        return ad_fail(e, AD_ERR_EXISTS, "%s: exists and is not a folder", dir);
    size_t n;
    char **files = ad_walk_files_all(dir, &n);
    ad_strv_free(files, n);
    if (n == 0)
        return AD_OK;
    size_t n_extra;
    char **extra = ad_manifest_unlisted(dir, &n_extra);
    ad_status st = AD_OK;
    if (!extra) {
        st = ad_fail(e, AD_ERR_EXISTS,
                     "%s: folder is not empty and holds no manifest.json of an earlier auditdoc "
                     "build; choose a new or empty folder so nothing else is replaced",
                     dir);
    } else if (n_extra) {
        ad_buf names = {0};
        for (size_t i = 0; i < n_extra && i < 3; i++)
            ad_buf_printf(&names, "%s%s", i ? ", " : "", extra[i]);
        st = ad_fail(e, AD_ERR_EXISTS,
                     "%s: holds %zu file%s that auditdoc did not make (%s%s); move %s out "
                     "or choose another folder, since a build replaces the whole folder",
                     dir, n_extra, n_extra == 1 ? "" : "s", names.s, n_extra > 3 ? ", …" : "",
                     n_extra == 1 ? "it" : "them");
        ad_buf_free(&names);
    }
    ad_strv_free(extra, n_extra);
    return st;
}

static ad_status S_one_department(build_ctx *c, ad_err *e)
{
    const ad_audit *a = c->audit;
    size_t d = ad_audit_dept_index(a, c->o->department);
    if (d == (size_t)-1) {
        ad_buf ids = {0};
        for (size_t i = 0; i < a->n_departments; i++)
            ad_buf_printf(&ids, "%s%s", i ? ", " : "", a->departments[i].id);
        ad_fail(e, AD_ERR_USAGE, "--department %s: no such department (known: %s)",
                c->o->department, ids.s ? ids.s : "none");
        ad_buf_free(&ids);
        return AD_ERR_USAGE;
    }
    if (!ad_audit_dept_report(a, d))
        return ad_fail(e, AD_ERR_INPUT,
                       "--department %s: %s has no <department-report>, so it has no result "
                       "report to make",
                       c->o->department, a->departments[d].name);
    /* the folder is a new one or an earlier output; its manifest is
     * rewritten afterwards so that it lists the new file with its hash */
    ad_status st = S_check_out_dir(c->o->out_dir, e);
    if (st != AD_OK)
        return st;
    char *dir = ad_xasprintf("%s/departments", c->o->out_dir);
    st = ad_mkdirs(dir, e);
    if (st == AD_OK) {
        char *name = ad_dept_pdf_name(a->departments[d].name, d, a->n_departments);
        char *path = ad_xasprintf("%s/%s", dir, name);
        char *tmp = ad_xasprintf("%s/.%s.tmp-%ld", dir, name, (long)getpid());
        job j = {JOB_DEPT_PDF, d, name, 1};
        ad_diags warn;
        ad_diags_init(&warn);
        st = S_run_job(c, &j, tmp, &warn, e);
        for (size_t k = 0; k < warn.n; k++)
            fprintf(stderr, "%s: warning: %s\n", a->file, warn.v[k].msg);
        ad_diags_free(&warn);
        if (st == AD_OK && rename(tmp, path) != 0)
            st = ad_fail(e, AD_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
        if (st != AD_OK)
            unlink(tmp);
        else if (c->o->progress)
            fprintf(stderr, "auditdoc: [1/1] departments/%s\n", name);
        if (st == AD_OK)
            st = ad_manifest_write(c->o->out_dir, a, c->o->input, NULL, 0, true, e);
        free(tmp);
        free(path);
        free(name);
    }
    free(dir);
    return st;
}

/* On a thread of its own while this one reads the input (the second
 * processor is idle then): the libraries' one-time set-up that needs no
 * font (ICU's phrase-breaking engine, the sRGB profile:
 * ad_ts_warm_libraries) and the scan of the font files (fontconfig reads
 * its cache; it starts no thread and uses no Pango).  Joined before
 * anything forks.  A build whose input then fails to load has scanned the
 * fonts for nothing (a fraction of a millisecond with fontconfig's cache,
 * which the scan makes the first time, as a successful build would). */
static void *S_warm_libraries(void *arg)
{
    build_ctx *c = arg;
    ad_ts_warm_libraries();
    if (c->fonts_dir) {
        c->scan = ad_fonts_scan(c->fonts_dir, c->cache_dir, &c->scan_err);
        c->scanned = true;
    }
    return NULL;
}

ad_status ad_build(const ad_build_opts *o, ad_diags *diags, ad_err *e)
{
    build_ctx c = {0};
    clock_gettime(CLOCK_MONOTONIC, &c.t0);
    c.o = o;
    c.diags = diags;
    ad_status st = AD_OK;
    char *tdir = NULL;

    /* the templates and the fonts folder (their errors are reported after
     * the audit's) */
    ad_err tpl_err = {0}, fonts_err = {0};
    if ((tdir = ad_resource_dir("templates", o->templates_dir, &tpl_err)) != NULL)
        c.tpl = ad_templates_load(tdir, &tpl_err);
    c.fonts_dir = ad_resource_dir("fonts", o->fonts_dir, &fonts_err);
    S_timing(&c, "templates read");
    c.cache_dir = !o->cache_dir ? ad_user_cache_dir() : *o->cache_dir ? ad_xstrdup(o->cache_dir) : NULL;
    pthread_t warm;
    bool warming = pthread_create(&warm, NULL, S_warm_libraries, &c) == 0;
    {
        ad_diags ld; /* the loader's findings, passed on unless already reported */
        ad_diags_init(&ld);
        c.audit = ad_load_file(o->input, &ld);
        S_timing(&c, "input loaded");
        if (warming)
            pthread_join(warm, NULL);
        S_timing(&c, "libraries warm");
        for (size_t i = 0; i < ld.n; i++)
            if (!c.audit || !o->input_reported)
                ad_diag_add(diags, ld.v[i].sev, ld.v[i].file, ld.v[i].line, "%s", ld.v[i].msg);
        ad_diags_free(&ld);
    }
    if (!c.audit) {
        st = ad_fail(e, AD_ERR_INPUT, "%s: %zu error(s); nothing was generated", o->input,
                     diags->n_errors);
        goto cleanup;
    }
    if ((st = ad_round_gate(c.audit, o->draft, o->archive, o->input_reported ? NULL : diags, e)) !=
        AD_OK)
        goto cleanup;
    if (o->strict && diags->n_warnings && !o->input_reported) {
        st = ad_fail(e, AD_ERR_INPUT, "%s: %zu warning(s) with --strict; nothing was generated",
                     o->input, diags->n_warnings);
        goto cleanup;
    }
    if (!c.tpl) {
        *e = tpl_err;
        st = e->status ? e->status : AD_ERR_TEMPLATE;
        goto cleanup;
    }
    if (!c.fonts_dir) {
        *e = fonts_err;
        st = e->status ? e->status : AD_ERR_FONT;
        goto cleanup;
    }
    if (o->department) {
        S_fonts_ready(&c, false);
        if (!c.scan) {
            *e = c.scan_err;
            st = e->status ? e->status : AD_ERR_FONT;
            goto cleanup;
        }
        st = S_one_department(&c, e);
        goto cleanup;
    }
    if ((st = S_check_out_dir(o->out_dir, e)) != AD_OK)
        goto cleanup;
    { /* the parent must exist for the temporary folder beside DIR; DIR itself
       * appears only when everything succeeded */
        char *copy = ad_xstrdup(o->out_dir);
        st = ad_mkdirs(dirname(copy), e);
        free(copy);
        if (st != AD_OK)
            goto cleanup;
    }
    ad_sweep_owned(o->out_dir); /* what a killed build left */
    if (!(c.tmp = ad_mkdtemp_owned(o->out_dir, e))) {
        st = AD_ERR_IO;
        goto cleanup;
    }
    { /* mkdtemp makes 0700; the output folder is an ordinary folder */
        mode_t mask = umask(0);
        umask(mask);
        chmod(c.tmp, 0777 & ~mask);
    }

    /* the jobs, in the order the manifest and the progress lines name them */
    const ad_audit *a = c.audit;
    S_add_job(&c, JOB_PACKET_DOCX, 0, ad_xstrdup("packet.docx"), ad_compose_packet_cost(a, true));
    S_add_job(&c, JOB_PACKET_PDF, 0, ad_xstrdup("packet.pdf"), ad_compose_packet_cost(a, false));
    if (ad_compose_has_matrix(a))
        S_add_job(&c, JOB_MATRIX_PDF, 0, ad_xstrdup("matrix.pdf"), ad_compose_matrix_cost(a));
    bool any_dept = false;
    for (size_t d = 0; d < a->n_departments; d++) {
        if (!ad_audit_dept_report(a, d))
            continue;
        any_dept = true;
        char *name = ad_dept_pdf_name(a->departments[d].name, d, a->n_departments);
        S_add_job(&c, JOB_DEPT_PDF, d, ad_xasprintf("departments/%s", name),
                  ad_compose_dept_cost(a, d));
        free(name);
    }
    if (!any_dept)
        fprintf(stderr, "auditdoc: note: %s has no department reports "
                        "(<department-reports>), so no department PDFs are made\n",
                o->input);
    if (any_dept) {
        char *dd = ad_xasprintf("%s/departments", c.tmp);
        st = ad_mkdirs(dd, e);
        free(dd);
        if (st != AD_OK)
            goto cleanup;
    }

    int workers = o->jobs > 0 ? o->jobs : S_cpu_count();
    if (workers > 64)
        workers = 64;
    if ((size_t)workers > c.n_jobs)
        workers = (int)c.n_jobs;
    S_timing(&c, "jobs listed");
    if (workers > 1) {
        st = S_run_parallel(&c, workers, e);
    } else {
        S_fonts_ready(&c, false);
        st = S_run_serial(&c, e);
    }
    if (st != AD_OK)
        goto cleanup;
    if (ad_interrupted()) {
        st = ad_fail(e, AD_ERR_INTERRUPTED, "interrupted by signal %d", ad_interrupted());
        goto cleanup;
    }
    {
        ad_file_hash *known = ad_xcalloc(c.n_jobs + 1, sizeof *known);
        size_t n_known = 0;
        for (size_t i = 0; i < c.n_jobs; i++)
            if (c.jobs[i].sha256[0]) {
                known[n_known] = (ad_file_hash){c.jobs[i].rel, c.jobs[i].size, ""};
                memcpy(known[n_known++].sha256, c.jobs[i].sha256, 65);
            }
        S_timing(&c, "jobs done");
        st = ad_manifest_write(c.tmp, a, o->input, known, n_known, false, e);
        free(known);
        if (st == AD_OK) { /* while the kernel tears the workers down */
            ad_owned_release(c.tmp);
            ad_fsync_dir(c.tmp);
        }
        S_timing(&c, "manifest written");
        /* a worker that failed is caught before the folder is replaced */
        if (c.workers)
            st = ad_workers_reap(c.workers, st, e);
        if (st != AD_OK)
            goto cleanup;
        S_timing(&c, "workers ended");
    }
    if (o->progress)
        fprintf(stderr, "auditdoc: manifest.json\n");
    if ((st = ad_replace_dir(c.tmp, o->out_dir, e)) == AD_OK) {
        free(c.tmp);
        c.tmp = NULL;
    }
    S_timing(&c, "outputs in place");

cleanup:
    ad_workers_free(c.workers);
    if (c.tmp) {
        ad_rmrf(c.tmp);
        free(c.tmp);
    }
    for (size_t i = 0; i < c.n_jobs; i++)
        free(c.jobs[i].rel);
    free(c.jobs);
    ad_fonts_free(c.fonts);
    ad_templates_free(c.tpl);
    ad_audit_free(c.audit);
    free(tdir);
    ad_font_scan_free(c.scan);
    free(c.fonts_dir);
    free(c.cache_dir);
    S_timing(&c, "build ended");
    return st;
}
