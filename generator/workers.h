/* workers.h — running a build's jobs, in this process or in worker
 * processes forked from it, through one runner.  A job is an index into the
 * caller's list; the caller's run function makes its file and returns the
 * file's size and SHA-256.  Jobs wait in queues whose counters live in
 * memory shared with the workers: a worker takes the next job of its first
 * queue until that is empty, then of the next.  A forked worker reports on
 * one pipe, a line per message; the parent reads it (ad_workers_collect) and
 * hands every warning and result to the caller's callbacks, in the same way
 * as for a job run here (ad_workers_run_here).
 *
 * Fork only while no other thread runs (DEVELOPERS.md): ad_workers_fork does
 * not check; the caller forks before Pango starts its helper threads or after
 * they have ended.
 *
 * Ownership: ad_workers_new copies the queues; the runner owns its pipe, its
 * shared memory and its worker processes until ad_workers_free. */
#ifndef AD_WORKERS_H
#define AD_WORKERS_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* What a finished job reports: its file's size and SHA-256 ("" if unknown). */
typedef struct {
    uint64_t size;
    char sha256[65];
} ad_job_result;

typedef struct {
    /* Makes job i (in a worker or in this process): its warnings go to warn,
     * on success it fills r. */
    ad_status (*run)(void *ctx, size_t i, ad_job_result *r, ad_diags *warn, ad_err *e);
    /* In this process, as each job ends: each of its warnings, then done
     * when it succeeded. */
    void (*warning)(void *ctx, long line, const char *msg);
    void (*done)(void *ctx, size_t i, const ad_job_result *r);
    void *ctx;
} ad_job_fns;

/* A queue: job indices in the order they are taken. */
typedef struct {
    const size_t *v;
    size_t n;
} ad_job_queue;

typedef struct ad_workers ad_workers;

/* A runner over n_queues queues (at most 8).  NULL with e set when shared
 * memory or the pipe cannot be had. */
ad_workers *ad_workers_new(const ad_job_fns *f, const ad_job_queue *queues, int n_queues,
                           ad_err *e);
/* Forks one worker that takes jobs from the queues named in order (n of
 * them), each until it is empty, and ends. */
ad_status ad_workers_fork(ad_workers *w, const int *order, int n, ad_err *e);
/* Takes jobs from the queues named in order in this process, as a worker
 * would; stops at the first failure (or interruption) and returns it. */
ad_status ad_workers_run_here(ad_workers *w, const int *order, int n, ad_err *e);
/* Reads the workers' reports until every worker has ended or closed the
 * pipe (so their files are written).  st is the caller's status so far; on a
 * failure (st, a worker's, an interruption) the workers are stopped (SIGTERM)
 * and waited for.  Returns the first failure. */
ad_status ad_workers_collect(ad_workers *w, ad_status st, ad_err *e);
/* Waits for the worker processes: one that did not end with status 0 is a
 * failure, unless st already is one.  Returns the first failure. */
ad_status ad_workers_reap(ad_workers *w, ad_status st, ad_err *e);
/* Waits for any worker left and frees the runner; NULL is a no-op. */
void ad_workers_free(ad_workers *w);

#endif
