/* relutil.h — helpers shared by the reliability tests (test_hostile.c,
 * test_extreme.c, test_faults.c): run the built program with a time limit,
 * a memory cap and its own process group, capture what it printed, and take
 * a fingerprint of a whole folder tree (every entry, hidden ones too, with
 * the SHA-256 of every file) to prove that nothing changed.
 *
 * Header-only (static inline) because each test links only its own .c and
 * testutil.c. */
#ifndef AD_RELUTIL_H
#define AD_RELUTIL_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fsutil.h"
#include "hash.h"
#include "testutil.h"
#include "util.h"

/* ASan reserves terabytes of address space: no RLIMIT_AS under it. */
#if defined(__SANITIZE_ADDRESS__)
#define RL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RL_ASAN 1
#endif
#endif
#ifndef RL_ASAN
#define RL_ASAN 0
#endif

/* Under valgrind (tests/valgrind.sh sets AD_UNDER_VALGRIND) everything is
 * ~30x slower and address space is valgrind's: wider limits, no AS cap. */
static inline bool rl_slow(void) { return RL_ASAN || getenv("AD_UNDER_VALGRIND") != NULL; }

typedef struct {
    double timeout_s;         /* killed (whole process group) after this; 10 s default */
    long mem_mb;              /* RLIMIT_AS in MiB, 1024 default; under ASan, when set,
                                 hard_rss_limit_mb = 2 x mem_mb instead */
    long fsize_kb;            /* RLIMIT_FSIZE in KiB (writes beyond fail with EFBIG,
                                 SIGXFSZ ignored); 0 = unlimited */
    const char *stdin_path;   /* default /dev/null */
    /* when > 0: send this signal once `when_exists` exists (or after
     * signal_after_s seconds, whichever first), then keep waiting */
    int signal;
    const char *when_exists;  /* a glob-free path prefix test: see rl_run */
    double signal_after_s;
    bool signal_group;        /* send it to the whole process group, as Ctrl-C does */
} rl_limits;

typedef struct {
    int status;       /* exit status, or -1 when killed by a signal */
    int sig;          /* the signal that killed it, else 0 */
    bool timed_out;
    bool signalled;   /* rl_limits.signal was sent */
    long maxrss_kb;
    char *out, *err;  /* everything printed (newly allocated) */
} rl_result;

static inline void rl_result_free(rl_result *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}

static inline double rl_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* True when some entry of dir starts with prefix (e.g. ".out.tmp-"). */
static inline bool rl_dir_has_prefix(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    bool found = false;
    struct dirent *de;
    while (!found && (de = readdir(d)) != NULL)
        found = strncmp(de->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return found;
}

/* Runs argv[0] (a path) with argv in cwd.  when_exists, when set, is
 * "DIR\tPREFIX": the signal is sent as soon as an entry of DIR starts with
 * PREFIX (the build's temp folder appeared). */
static inline void rl_run(const char *cwd, char *const argv[], const rl_limits *lim_in,
                          rl_result *r)
{
    rl_limits lim = lim_in ? *lim_in : (rl_limits){0};
    if (lim.timeout_s <= 0)
        lim.timeout_s = 10;
    if (rl_slow())
        lim.timeout_s *= 30;
    if (lim.mem_mb <= 0)
        lim.mem_mb = 1024;
    memset(r, 0, sizeof *r);
    char *cap = tu_tmpdir();
    char *outp = ad_xasprintf("%s/out", cap), *errp = ad_xasprintf("%s/err", cap);
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        setpgid(0, 0);
        int in = open(lim.stdin_path ? lim.stdin_path : "/dev/null", O_RDONLY);
        int o = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (in < 0 || o < 0 || e < 0)
            _exit(126);
        dup2(in, 0), dup2(o, 1), dup2(e, 2);
        if (cwd && chdir(cwd) != 0)
            _exit(126);
        if (!rl_slow()) {
            struct rlimit rl = {(rlim_t)lim.mem_mb << 20, (rlim_t)lim.mem_mb << 20};
            setrlimit(RLIMIT_AS, &rl);
        }
        if (lim.fsize_kb > 0) {
            struct rlimit rl = {(rlim_t)lim.fsize_kb << 10, (rlim_t)lim.fsize_kb << 10};
            setrlimit(RLIMIT_FSIZE, &rl);
            signal(SIGXFSZ, SIG_IGN); /* the write fails with EFBIG instead */
        }
        if (RL_ASAN && lim_in && lim_in->mem_mb > 0) {
            /* ASan's own memory cap instead of RLIMIT_AS; only when asked for:
             * its watcher thread can deadlock a process that forks workers */
            const char *ao = getenv("ASAN_OPTIONS");
            char *v = ad_xasprintf("%s%shard_rss_limit_mb=%ld", ao ? ao : "", ao && *ao ? ":" : "",
                                   lim.mem_mb * 2);
            setenv("ASAN_OPTIONS", v, 1);
        }
        signal(SIGPIPE, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        execv(argv[0], argv);
        _exit(127);
    }
    setpgid(pid, pid);
    double t0 = rl_now();
    char *wdir = NULL, *wpre = NULL;
    if (lim.when_exists) {
        const char *tab = strchr(lim.when_exists, '\t');
        ck_assert_ptr_nonnull(tab);
        wdir = ad_xstrndup(lim.when_exists, (size_t)(tab - lim.when_exists));
        wpre = ad_xstrdup(tab + 1);
    }
    int ws = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    for (;;) {
        pid_t w = wait4(pid, &ws, WNOHANG, &ru);
        if (w == pid)
            break;
        double t = rl_now() - t0;
        if (lim.signal && !r->signalled &&
            ((wdir && rl_dir_has_prefix(wdir, wpre)) ||
             (lim.signal_after_s > 0 && t >= lim.signal_after_s))) {
            kill(lim.signal_group ? -pid : pid, lim.signal);
            r->signalled = true;
        }
        if (t > lim.timeout_s) {
            r->timed_out = true;
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            wait4(pid, &ws, 0, &ru);
            break;
        }
        struct timespec nap = {0, 2 * 1000 * 1000};
        nanosleep(&nap, NULL);
    }
    /* workers of a killed build must not outlive it */
    kill(-pid, SIGKILL);
    free(wdir);
    free(wpre);
    r->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
    r->sig = WIFSIGNALED(ws) ? WTERMSIG(ws) : 0;
    r->maxrss_kb = ru.ru_maxrss;
    r->out = tu_read(outp, NULL);
    r->err = tu_read(errp, NULL);
    if (!r->out)
        r->out = ad_xstrdup("");
    if (!r->err)
        r->err = ad_xstrdup("");
    tu_rmrf(cap);
    free(cap);
    free(outp);
    free(errp);
}

/* ---- folder fingerprints ------------------------------------------------- */
static inline void rl_fp_walk(const char *root, const char *rel, ad_buf *b)
{
    char *path = *rel ? ad_xasprintf("%s/%s", root, rel) : ad_xstrdup(root);
    size_t n = 0;
    char **names = ad_list_dir(path, &n);
    for (size_t i = 0; names && i < n; i++) {
        char *r2 = *rel ? ad_xasprintf("%s/%s", rel, names[i]) : ad_xstrdup(names[i]);
        char *p2 = ad_xasprintf("%s/%s", root, r2);
        struct stat st;
        if (lstat(p2, &st) != 0) {
            ad_buf_printf(b, "? %s\n", r2);
        } else if (S_ISDIR(st.st_mode)) {
            ad_buf_printf(b, "d %s\n", r2);
            rl_fp_walk(root, r2, b);
        } else if (S_ISREG(st.st_mode)) {
            char hex[65] = "";
            uint64_t size = 0;
            ad_err e = {0};
            if (ad_sha256_file(p2, hex, &size, &e) != AD_OK)
                snprintf(hex, sizeof hex, "unreadable");
            ad_buf_printf(b, "f %s %llu %s\n", r2, (unsigned long long)size, hex);
        } else {
            ad_buf_printf(b, "o %s %o\n", r2, (unsigned)st.st_mode);
        }
        free(r2);
        free(p2);
    }
    ad_strv_free(names, n);
    free(path);
}

/* Every entry under root (hidden ones included), one line each, with size
 * and SHA-256 of every regular file.  Newly allocated; "" for an empty or
 * missing folder. */
static inline char *rl_fingerprint(const char *root)
{
    ad_buf b = {0};
    rl_fp_walk(root, "", &b);
    return ad_buf_take(&b);
}

/* path quoted for /bin/sh; newly allocated. */
static inline char *rl_shq(const char *path)
{
    ad_buf b = {0};
    ad_buf_putc(&b, '\'');
    for (const char *p = path; *p; p++) {
        if (*p == '\'')
            ad_buf_puts(&b, "'\\''");
        else
            ad_buf_putc(&b, *p);
    }
    ad_buf_putc(&b, '\'');
    return ad_buf_take(&b);
}

static inline char *rl_strip_ws(const char *s)
{
    ad_buf b = {0};
    for (; s && *s; s++)
        if (!(*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r' || *s == '\f'))
            ad_buf_putc(&b, *s);
    return ad_buf_take(&b);
}

/* ---- generated audits ------------------------------------------------------ */
typedef struct {
    int n_depts;            /* departments (each with a report when reports) */
    const char *dept_name;  /* printf format with one %d, or NULL for "部署%d課" */
    int n_items;            /* items of the one checklist (layout both) */
    const char *remark;     /* every item's remark, or NULL */
    const char *summary;    /* the report's summary, or NULL for a short one */
    const char *dept_summary; /* every department report's summary, or NULL */
    bool reports;           /* department reports */
    bool findings;          /* item 1 is × for every department, each with a finding */
    const char *text;       /* extra text put in an agenda document, or NULL */
} rl_gen;

static inline void rl_xml_text(ad_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '<')
            ad_buf_puts(b, "&lt;");
        else if (*s == '&')
            ad_buf_puts(b, "&amp;");
        else if (*s == '>')
            ad_buf_puts(b, "&gt;");
        else
            ad_buf_putc(b, *s);
    }
}

/* A complete valid audit; newly allocated. */
static inline char *rl_gen_audit(const rl_gen *g)
{
    ad_buf b = {0};
    int nd = g->n_depts > 0 ? g->n_depts : 1, ni = g->n_items > 0 ? g->n_items : 1;
    ad_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<audit version=\"1\" fiscal-year=\"2025\" term=\"first-half\">\n"
                    "  <organization><name>テスト市</name><committee>テスト市情報セキュリティ委員会"
                    "</committee><secretariat>デジタル推進課</secretariat></organization>\n"
                    "  <meeting number=\"2\" date=\"2025-10-15\" place=\"庁議室\">"
                    "<time>委員会終了後</time><agenda><item ref=\"report\">内部監査の結果について</item>");
    if (g->text)
        ad_buf_puts(&b, "<item ref=\"extra\">その他の資料</item>");
    ad_buf_puts(&b, "</agenda></meeting>\n  <departments>\n");
    for (int d = 0; d < nd; d++) {
        ad_buf_printf(&b, "    <department id=\"d%d\" short=\"課%d\">", d + 1, d + 1);
        char *name = ad_xasprintf(g->dept_name ? g->dept_name : "部署%d課", d + 1);
        rl_xml_text(&b, name);
        free(name);
        ad_buf_puts(&b, "</department>\n");
    }
    ad_buf_puts(&b, "  </departments>\n"
                    "  <systems><system id=\"intranet\">地域イントラネット系システム</system></systems>\n"
                    "  <report id=\"report\" date=\"2025-10-16\">\n"
                    "    <purpose><p>監査は規程に基づき点検するものである。</p></purpose>\n"
                    "    <target-systems>住民情報基幹系システム</target-systems>\n"
                    "    <audit-date>2025-09-02</audit-date>\n"
                    "    <auditors><role title=\"監査実施責任者\">デジタル推進課長</role></auditors>\n"
                    "    <criteria><group><rule>情報セキュリティ規則</rule></group></criteria>\n"
                    "    <summary>");
    rl_xml_text(&b, g->summary ? g->summary : "概ね適正に運用されている。");
    ad_buf_puts(&b, "</summary>\n  </report>\n"
                    "  <checklist id=\"detail\" layout=\"both\" title=\"課別監査結果\">\n"
                    "    <section id=\"human\" numeral=\"Ⅰ\" title=\"人的セキュリティ\">\n");
    for (int i = 0; i < ni; i++) {
        ad_buf_printf(&b, "      <item no=\"%d\"><text>監査項目その%d</text>"
                          "<detail>職員等による業務以外の目的での使用禁止</detail><marks>", i + 1, i + 1);
        for (int d = 0; d < nd; d++)
            ad_buf_puts(&b, d ? (g->findings && i == 0 ? " ×" : " ○") :
                                 (g->findings && i == 0 ? "×" : "○"));
        ad_buf_puts(&b, "</marks>");
        if (g->remark) {
            ad_buf_puts(&b, "<remark>");
            rl_xml_text(&b, g->remark);
            ad_buf_puts(&b, "</remark>");
        }
        ad_buf_puts(&b, "</item>\n");
    }
    ad_buf_puts(&b, "    </section>\n  </checklist>\n");
    if (g->reports) {
        ad_buf_puts(&b, "  <department-reports date=\"2025-10-16\">\n    <defaults>"
                        "<purpose>各課等において点検する。</purpose>"
                        "<scope><system ref=\"intranet\"/></scope>"
                        "<methods><method>監査項目（書類）の確認</method></methods>"
                        "<schedule>2025-09-02</schedule>"
                        "<topics etc=\"true\"><topic>人的セキュリティに関する管理状況</topic></topics>"
                        "<standards etc=\"false\"><standard>セキュリティ規則</standard></standards>"
                        "</defaults>\n");
        for (int d = 0; d < nd; d++) {
            ad_buf_printf(&b, "    <department-report dept=\"d%d\"><summary>", d + 1);
            rl_xml_text(&b, g->dept_summary ? g->dept_summary : "概ね適正。");
            ad_buf_puts(&b, "</summary>");
            if (g->findings)
                ad_buf_puts(&b, "<findings><finding title=\"手順書の整備\">手順書を整備すること。"
                                "</finding></findings>");
            else
                ad_buf_puts(&b, "<findings/>");
            ad_buf_puts(&b, "</department-report>\n");
        }
        ad_buf_puts(&b, "  </department-reports>\n");
    }
    if (g->text) {
        ad_buf_puts(&b, "  <agenda-document id=\"extra\" title=\"その他の資料\"><p>");
        rl_xml_text(&b, g->text);
        ad_buf_puts(&b, "</p></agenda-document>\n");
    }
    ad_buf_puts(&b, "</audit>\n");
    return ad_buf_take(&b);
}

#endif
