/* workers.c — a build's jobs run in this process or in forked worker
 * processes by one runner: queues in shared memory, the pipe protocol, the
 * reaping of the workers (workers.h). */
#include "workers.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "build.h"
#include "util.h"

#define S_MAX_QUEUES 8

struct ad_workers {
    ad_job_fns f;
    int n_queues;
    size_t *shared;  /* mmap: the queues' counters, then their job indices */
    size_t map_len;
    size_t *next[S_MAX_QUEUES];
    ad_job_queue q[S_MAX_QUEUES];
    size_t n_jobs;   /* one more than the largest index a worker may report */
    int fds[2];      /* the pipe: workers write fds[1], this process reads fds[0] */
    pid_t *pids;     /* workers not yet waited for */
    size_t n_pids, cap_pids;
};

ad_workers *ad_workers_new(const ad_job_fns *f, const ad_job_queue *queues, int n_queues,
                           ad_err *e)
{
    if (n_queues < 0 || n_queues > S_MAX_QUEUES) {
        ad_fail(e, AD_ERR_RENDER, "internal error: %d job queues", n_queues);
        return NULL;
    }
    size_t total = 0;
    for (int q = 0; q < n_queues; q++)
        total += queues[q].n;
    size_t len = ((size_t)n_queues + total + 1) * sizeof(size_t);
    size_t *shared = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) {
        ad_fail(e, AD_ERR_IO, "cannot share memory with worker processes: %s", strerror(errno));
        return NULL;
    }
    ad_workers *w = ad_xcalloc(1, sizeof *w);
    w->f = *f;
    w->n_queues = n_queues;
    w->shared = shared;
    w->map_len = len;
    size_t *at = shared + n_queues;
    for (int q = 0; q < n_queues; q++) {
        w->next[q] = &shared[q];
        *w->next[q] = 0;
        if (queues[q].n)
            memcpy(at, queues[q].v, queues[q].n * sizeof *at);
        for (size_t k = 0; k < queues[q].n; k++)
            if (at[k] >= w->n_jobs)
                w->n_jobs = at[k] + 1;
        w->q[q] = (ad_job_queue){at, queues[q].n};
        at += queues[q].n;
    }
    if (pipe(w->fds) != 0) {
        ad_fail(e, AD_ERR_IO, "cannot create a pipe: %s", strerror(errno));
        munmap(shared, len);
        free(w);
        return NULL;
    }
    return w;
}

/* ---- the pipe protocol --------------------------------------------------------------
 * One line per message: "D\tjob\tsize\tsha256" done, "W\tline\tmsg" warning,
 * "E\tstatus\tmsg" failure (a message is one line: diag.h). */
static void S_pipe_write(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t k = write(fd, s, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return;
        s += k;
        n -= (size_t)k;
    }
}

/* Writes "<head><msg>\n" to the pipe. */
static void S_send(int fd, const char *head, const char *msg)
{
    char *line = ad_xasprintf("%s%s\n", head, msg);
    S_pipe_write(fd, line, strlen(line));
    free(line);
}

/* ---- the runner ---------------------------------------------------------------------- */

/* Runs one job and reports it: on the pipe fd in a worker, to the callbacks
 * when fd < 0. */
static ad_status S_run_one(ad_workers *w, size_t i, int fd, ad_err *e)
{
    ad_diags warn;
    ad_diags_init(&warn);
    ad_job_result r = {0};
    ad_status st = w->f.run(w->f.ctx, i, &r, &warn, e);
    for (size_t k = 0; k < warn.n; k++) {
        if (fd < 0) {
            w->f.warning(w->f.ctx, warn.v[k].line, warn.v[k].msg);
        } else {
            char head[40];
            snprintf(head, sizeof head, "W\t%ld\t", warn.v[k].line);
            S_send(fd, head, warn.v[k].msg);
        }
    }
    ad_diags_free(&warn);
    if (st != AD_OK && e->status == AD_OK) /* a status without a message */
        ad_fail(e, st, "%s failed", ad_status_name(st));
    if (fd < 0) {
        if (st == AD_OK)
            w->f.done(w->f.ctx, i, &r);
    } else if (st == AD_OK) {
        char line[128];
        int n = snprintf(line, sizeof line, "D\t%zu\t%llu\t%s\n", i, (unsigned long long)r.size,
                         r.sha256);
        S_pipe_write(fd, line, (size_t)n);
    } else {
        char head[40];
        snprintf(head, sizeof head, "E\t%d\t", (int)st);
        S_send(fd, head, e->msg);
    }
    return st;
}

/* The one loop of every worker and of this process: the queues named in
 * order, each until it is empty. */
static ad_status S_work(ad_workers *w, const int *order, int n, int fd, ad_err *e)
{
    for (int k = 0; k < n;) {
        int q = order[k];
        if (q < 0 || q >= w->n_queues) {
            k++;
            continue;
        }
        size_t taken = __atomic_fetch_add(w->next[q], 1, __ATOMIC_SEQ_CST);
        if (taken >= w->q[q].n) {
            k++;
            continue;
        }
        if (ad_interrupted())
            return ad_fail(e, AD_ERR_INTERRUPTED, "interrupted by signal %d", ad_interrupted());
        ad_status st = S_run_one(w, w->q[q].v[taken], fd, e);
        if (st != AD_OK)
            return st;
    }
    return AD_OK;
}

ad_status ad_workers_run_here(ad_workers *w, const int *order, int n, ad_err *e)
{
    return S_work(w, order, n, -1, e);
}

ad_status ad_workers_fork(ad_workers *w, const int *order, int n, ad_err *e)
{
    fflush(NULL); /* nothing buffered is written twice */
    pid_t p = fork();
    if (p < 0)
        return ad_fail(e, AD_ERR_IO, "cannot start worker processes: %s", strerror(errno));
    if (p == 0) {
        close(w->fds[0]);
        ad_err we = {0};
        ad_status st = S_work(w, order, n, w->fds[1], &we);
        close(w->fds[1]);
        /* what the caller's run function made (a warm font map …) stays:
         * freeing Pango's caches took a millisecond at the end of every
         * worker, and it stays reachable from the caller until _exit */
        free(w->pids);
        free(w);
        _exit(st == AD_OK ? 0 : 1);
    }
    AD_VEC_PUSH(w->pids, w->n_pids, w->cap_pids) = p;
    return AD_OK;
}

static void S_stop_all(ad_workers *w)
{
    for (size_t i = 0; i < w->n_pids; i++)
        kill(w->pids[i], SIGTERM);
}

static void S_handle_line(ad_workers *w, char *line, ad_status *st, ad_err *e)
{
    if (line[0] == 'D' && line[1] == '\t') {
        char *end;
        size_t i = (size_t)strtoul(line + 2, &end, 10);
        if (i >= w->n_jobs)
            return;
        ad_job_result r = {0};
        unsigned long long size = *end == '\t' ? strtoull(end + 1, &end, 10) : 0;
        if (*end == '\t' && strlen(end + 1) == 64) {
            r.size = size;
            memcpy(r.sha256, end + 1, sizeof r.sha256);
        }
        w->f.done(w->f.ctx, i, &r);
    } else if (line[0] == 'W' && line[1] == '\t') {
        char *tab = strchr(line + 2, '\t');
        long ln = strtol(line + 2, NULL, 10);
        w->f.warning(w->f.ctx, ln, tab ? tab + 1 : "");
    } else if (line[0] == 'E' && line[1] == '\t' && *st == AD_OK) {
        char *tab = strchr(line + 2, '\t');
        ad_status s = (ad_status)atoi(line + 2);
        *st = ad_fail(e, s != AD_OK ? s : AD_ERR_RENDER, "%s",
                      tab ? tab + 1 : "render failed");
        S_stop_all(w); /* what the others make would be thrown away */
    }
}

ad_status ad_workers_collect(ad_workers *w, ad_status st, ad_err *e)
{
    if (w->fds[1] >= 0) {
        close(w->fds[1]); /* read() sees the end once every worker has closed it */
        w->fds[1] = -1;
    }
    if (st != AD_OK)
        S_stop_all(w);
    ad_buf pending = {0};
    char chunk[4096];
    while (w->fds[0] >= 0) {
        if (ad_interrupted() && st == AD_OK) {
            st = ad_fail(e, AD_ERR_INTERRUPTED, "interrupted by signal %d", ad_interrupted());
            S_stop_all(w);
        }
        ssize_t n = read(w->fds[0], chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        ad_buf_put(&pending, chunk, (size_t)n);
        char *nl;
        while ((nl = memchr(pending.s, '\n', pending.len)) != NULL) {
            *nl = '\0';
            S_handle_line(w, pending.s, &st, e);
            size_t used = (size_t)(nl - pending.s) + 1;
            memmove(pending.s, nl + 1, pending.len - used + 1);
            pending.len -= used;
        }
    }
    ad_buf_free(&pending);
    if (w->fds[0] >= 0) {
        close(w->fds[0]);
        w->fds[0] = -1;
    }
    /* the workers' files are written; on success they are waited for later
     * (ad_workers_reap), while the kernel tears them down; on failure now */
    if (st != AD_OK)
        st = ad_workers_reap(w, st, e);
    if (st == AD_OK && ad_interrupted())
        st = ad_fail(e, AD_ERR_INTERRUPTED, "interrupted by signal %d", ad_interrupted());
    return st;
}

ad_status ad_workers_reap(ad_workers *w, ad_status st, ad_err *e)
{
    for (size_t i = 0; i < w->n_pids; i++) {
        int ws;
        pid_t r;
        while ((r = waitpid(w->pids[i], &ws, 0)) < 0 && errno == EINTR)
            ;
        if (r < 0)
            continue; /* not ours to wait for (never the case) */
        if (st == AD_OK && !(WIFEXITED(ws) && WEXITSTATUS(ws) == 0))
            st = ad_fail(e, AD_ERR_RENDER, "a worker process failed (%s %d)",
                         WIFSIGNALED(ws) ? "signal" : "exit status",
                         WIFSIGNALED(ws) ? WTERMSIG(ws) : WEXITSTATUS(ws));
    }
    w->n_pids = 0;
    return st;
}

void ad_workers_free(ad_workers *w)
{
    if (!w)
        return;
    ad_workers_reap(w, AD_ERR_RENDER, NULL);
    for (int i = 0; i < 2; i++)
        if (w->fds[i] >= 0)
            close(w->fds[i]);
    munmap(w->shared, w->map_len);
    free(w->pids);
    free(w);
}
