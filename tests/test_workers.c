/* test_workers.c — the job runner (workers.h) on jobs that make no file:
 * every job runs once, in this process or in forked workers, and its result
 * and warnings arrive whole; a failing job, a worker that dies or exits with
 * a status, and messages that fill the pipe.  The workers get the program's
 * SIGTERM handler (ad_install_signal_handlers), as in `auditdoc build`. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "testutil.h"
#include "util.h"
#include "workers.h"

#define N_JOBS 24

typedef struct {
    size_t fail_job;      /* this job fails (N_JOBS: none) */
    size_t exit_job;      /* this job's worker exits with status 7 */
    size_t kill_job;      /* this job's worker is killed (SIGKILL) */
    size_t slow_from;     /* jobs from here on sleep 100 ms */
    int warnings_per_job; /* warnings each job reports */
    /* what this process saw */
    int done[N_JOBS];
    pid_t pid_of[N_JOBS];
    size_t n_done, n_warnings;
    bool warnings_whole;  /* every warning was exactly as sent */
} S_ctx;

static char *S_warning_text(size_t i, int k)
{
    /* tabs and backslashes, and long enough to fill the pipe */
    ad_buf b = {0};
    ad_buf_printf(&b, "job %zu warning %d:\tone\ttwo \\n \\\\ end", i, k);
    for (int r = 0; r < 8; r++)
        ad_buf_puts(&b, " 文字の足りないフォント");
    return ad_buf_take(&b);
}

static ad_status S_run(void *ctx, size_t i, ad_job_result *r, ad_diags *warn, ad_err *e)
{
    S_ctx *c = ctx;
    if (i == c->exit_job)
        _exit(7);
    if (i == c->kill_job)
        raise(SIGKILL);
    if (i >= c->slow_from)
        usleep(100000);
    for (int k = 0; k < c->warnings_per_job; k++) {
        char *w = S_warning_text(i, k);
        ad_diag_add(warn, AD_DIAG_WARNING, NULL, (long)i * 1000 + k, "%s", w);
        free(w);
    }
    if (i == c->fail_job)
        return ad_fail(e, AD_ERR_FONT, "job %zu: no font has 𠮷\t(U+20BB7)", i);
    /* the result names the job and the process that ran it */
    r->size = 100 + i;
    snprintf(r->sha256, sizeof r->sha256, "%032zx%032lx", i, (unsigned long)getpid());
    return AD_OK;
}

static void S_warning(void *ctx, long line, const char *msg)
{
    S_ctx *c = ctx;
    char *want = S_warning_text((size_t)(line / 1000), (int)(line % 1000));
    if (strcmp(msg, want) != 0)
        c->warnings_whole = false;
    free(want);
    c->n_warnings++;
}

static void S_done(void *ctx, size_t i, const ad_job_result *r)
{
    S_ctx *c = ctx;
    ck_assert_uint_lt(i, N_JOBS);
    ck_assert_uint_eq(r->size, 100 + i);
    ck_assert_uint_eq(strlen(r->sha256), 64);
    char head[33];
    memcpy(head, r->sha256, 32);
    head[32] = '\0';
    ck_assert_uint_eq(strtoull(head, NULL, 16), i);
    c->pid_of[i] = (pid_t)strtoul(r->sha256 + 32, NULL, 16);
    c->done[i]++;
    c->n_done++;
}

static S_ctx S_new_ctx(void)
{
    S_ctx c = {0};
    c.fail_job = c.exit_job = c.kill_job = c.slow_from = N_JOBS;
    c.warnings_whole = true;
    return c;
}

/* Two queues: the even jobs and the odd jobs. */
static ad_workers *S_runner(S_ctx *c)
{
    /* the program's handlers: check's own, inherited by a worker that is
     * stopped, would stop the whole test run */
    ad_install_signal_handlers();
    static size_t even[N_JOBS / 2], odd[N_JOBS / 2];
    for (size_t k = 0; k < N_JOBS / 2; k++) {
        even[k] = 2 * k;
        odd[k] = 2 * k + 1;
    }
    ad_job_queue qs[2] = {{even, N_JOBS / 2}, {odd, N_JOBS / 2}};
    ad_job_fns f = {S_run, S_warning, S_done, c};
    ad_err e = {0};
    ad_workers *w = ad_workers_new(&f, qs, 2, &e);
    ck_assert_msg(w, "%s", e.msg);
    return w;
}

static const int S_even_first[2] = {0, 1}, S_odd_first[2] = {1, 0};

/* Forks n workers (the first takes the even jobs first, the others the odd
 * ones) and reads their reports. */
static ad_status S_fork_and_collect(ad_workers *w, int n, ad_err *e)
{
    for (int k = 0; k < n; k++)
        ck_assert_int_eq(ad_workers_fork(w, k == 0 ? S_even_first : S_odd_first, 2, e), AD_OK);
    return ad_workers_collect(w, AD_OK, e);
}

START_TEST(every_job_once_here)
{
    S_ctx c = S_new_ctx();
    c.warnings_per_job = 2;
    ad_workers *w = S_runner(&c);
    ad_err e = {0};
    ck_assert_int_eq(ad_workers_run_here(w, S_odd_first, 2, &e), AD_OK);
    for (size_t i = 0; i < N_JOBS; i++) {
        ck_assert_int_eq(c.done[i], 1);
        ck_assert_int_eq(c.pid_of[i], getpid());
    }
    ck_assert_uint_eq(c.n_warnings, 2 * N_JOBS);
    ck_assert(c.warnings_whole);
    /* the queues are empty now: running again does nothing */
    ck_assert_int_eq(ad_workers_run_here(w, S_even_first, 2, &e), AD_OK);
    ck_assert_uint_eq(c.n_done, N_JOBS);
    ck_assert_int_eq(ad_workers_collect(w, AD_OK, &e), AD_OK);
    ck_assert_int_eq(ad_workers_reap(w, AD_OK, &e), AD_OK);
    ad_workers_free(w);
}
END_TEST

START_TEST(every_job_once_in_workers)
{
    S_ctx c = S_new_ctx();
    c.warnings_per_job = 1;
    ad_workers *w = S_runner(&c);
    ad_err e = {0};
    ck_assert_int_eq(S_fork_and_collect(w, 3, &e), AD_OK);
    ck_assert_int_eq(ad_workers_reap(w, AD_OK, &e), AD_OK);
    for (size_t i = 0; i < N_JOBS; i++) {
        ck_assert_int_eq(c.done[i], 1);
        ck_assert_int_ne(c.pid_of[i], getpid()); /* made by a worker */
    }
    ck_assert_uint_eq(c.n_warnings, N_JOBS);
    ck_assert(c.warnings_whole);
    ad_workers_free(w);
}
END_TEST

/* Warnings far beyond a pipe's buffer, with tabs and backslashes in them,
 * arrive whole and in full while the parent reads. */
START_TEST(long_messages_cross_the_pipe)
{
    S_ctx c = S_new_ctx();
    c.warnings_per_job = 150; /* about 200 bytes each: 700 kB */
    ad_workers *w = S_runner(&c);
    ad_err e = {0};
    ck_assert_int_eq(S_fork_and_collect(w, 1, &e), AD_OK);
    ck_assert_int_eq(ad_workers_reap(w, AD_OK, &e), AD_OK);
    ck_assert_uint_eq(c.n_done, N_JOBS);
    ck_assert_uint_eq(c.n_warnings, 150 * N_JOBS);
    ck_assert(c.warnings_whole);
    ad_workers_free(w);
}
END_TEST

START_TEST(a_failing_job_stops_the_run)
{
    /* here: the failure is returned as the job made it, nothing after it runs */
    S_ctx c = S_new_ctx();
    c.fail_job = 6;
    c.warnings_per_job = 1;
    ad_workers *w = S_runner(&c);
    ad_err e = {0};
    ck_assert_int_eq(ad_workers_run_here(w, S_even_first, 2, &e), AD_ERR_FONT);
    ck_assert_str_eq(e.msg, "job 6: no font has 𠮷\t(U+20BB7)");
    ck_assert_uint_eq(c.n_done, 3); /* jobs 0, 2 and 4 */
    ck_assert_int_eq(c.done[6], 0);
    ck_assert_uint_eq(c.n_warnings, 4); /* the failed job's warning too */
    ad_workers_free(w);

    /* in a worker: the same status and message; the other worker, busy with
     * slow jobs, is stopped rather than left to finish them */
    c = S_new_ctx();
    c.fail_job = 6;
    c.slow_from = 7;
    w = S_runner(&c);
    e = (ad_err){0};
    ck_assert_int_eq(ad_workers_fork(w, S_even_first, 1, &e), AD_OK);
    ck_assert_int_eq(ad_workers_fork(w, S_odd_first, 1, &e), AD_OK);
    ck_assert_int_eq(ad_workers_collect(w, AD_OK, &e), AD_ERR_FONT);
    ck_assert_str_eq(e.msg, "job 6: no font has 𠮷\t(U+20BB7)");
    ck_assert_int_eq(c.done[6], 0);
    ck_assert_int_eq(c.done[8], 0);
    ck_assert_int_eq(c.done[N_JOBS - 1], 0); /* odd jobs 7 … 23 take 100 ms each */
    /* the workers were waited for: nothing is left to reap */
    ck_assert_int_eq(ad_workers_reap(w, AD_OK, &e), AD_OK);
    ad_workers_free(w);
}
END_TEST

/* A worker that ends without reporting a failure (killed, or an exit of its
 * own) fails the run when it is reaped, naming how it ended. */
START_TEST(a_worker_that_dies_is_a_failure)
{
    for (int way = 0; way < 2; way++) {
        S_ctx c = S_new_ctx();
        if (way == 0)
            c.kill_job = 4;
        else
            c.exit_job = 4;
        ad_workers *w = S_runner(&c);
        ad_err e = {0};
        ck_assert_int_eq(S_fork_and_collect(w, 1, &e), AD_OK);
        ck_assert_uint_eq(c.n_done, 2); /* jobs 0 and 2 */
        ck_assert_int_eq(ad_workers_reap(w, AD_OK, &e), AD_ERR_RENDER);
        ck_assert_str_eq(e.msg, way == 0 ? "a worker process failed (signal 9)"
                                         : "a worker process failed (exit status 7)");
        ad_workers_free(w);
    }
}
END_TEST

/* A failure the caller already has (st) stops the workers at once. */
START_TEST(a_failure_before_collecting_stops_the_workers)
{
    S_ctx c = S_new_ctx();
    c.slow_from = 0;
    ad_workers *w = S_runner(&c);
    ad_err e = {0};
    ck_assert_int_eq(ad_workers_fork(w, S_even_first, 2, &e), AD_OK);
    ad_fail(&e, AD_ERR_FONT, "no fonts");
    ck_assert_int_eq(ad_workers_collect(w, AD_ERR_FONT, &e), AD_ERR_FONT);
    ck_assert_str_eq(e.msg, "no fonts");
    ck_assert_uint_lt(c.n_done, N_JOBS);
    ad_workers_free(w);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("workers");
    TCase *tc = tcase_create("workers");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, every_job_once_here);
    tcase_add_test(tc, every_job_once_in_workers);
    tcase_add_test(tc, long_messages_cross_the_pipe);
    tcase_add_test(tc, a_failing_job_stops_the_run);
    tcase_add_test(tc, a_worker_that_dies_is_a_failure);
    tcase_add_test(tc, a_failure_before_collecting_stops_the_workers);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
