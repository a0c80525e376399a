/* test_hostile.c — the hostile-input corpus (tests/hostile/, see its README.md)
 * run through the built binary.
 *
 * For every tests/hostile/NAME.xml the test copies the file into a fresh
 * folder holding a canary file and a canary FIFO, then runs
 * `auditdoc validate NAME.xml` and `auditdoc build NAME.xml -o out` there with
 * a 10 s limit and a 1 GiB address-space cap, and asserts:
 *   - exit status 1 (no crash, no hang, no blow-up);
 *   - every line of NAME.expected appears in stderr, and stderr has exactly
 *     as many "error:" lines as NAME.expected (message and line are exact);
 *   - the canary files were never opened (inotify) and the canary text and
 *     /etc/passwd never appear in any output;
 *   - nothing was created in the folder (inotify + listing), `out` included;
 *   - nothing connected to 127.0.0.1:47731, where the corpus's DTDs,
 *     entities, stylesheets and schemas point.
 * tests/hostile/regress/ holds inputs the fuzzer once crashed on: they must
 * end with status 0 or 1, no signal, no hang (and match NAME.expected when
 * present).
 * The huge cases are generated at test time: a 200 MB file, 100,000 sibling
 * elements (valid and invalid), nesting 10,000 deep, /dev/zero as input. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/inotify.h>
#include <sys/socket.h>

#include "relutil.h"

#define CANARY "CANARY-9d1c7e-must-never-be-read"
#define NET_PORT 47731

static char *S_canary_dir(const char *name, const char *src)
{
    char *dir = tu_tmpdir();
    char *dst = ad_xasprintf("%s/%s", dir, name);
    ad_err e = {0};
    ck_assert_msg(ad_copy_file(src, dst, &e) == AD_OK, "%s", e.msg);
    char *c = ad_xasprintf("%s/canary.txt", dir);
    ck_assert(tu_write(c, CANARY "\n"));
    free(c);
    c = ad_xasprintf("%s/canary.fifo", dir);
    ck_assert_int_eq(mkfifo(c, 0600), 0);
    free(c);
    free(dst);
    return dir;
}

/* The listener the corpus's network references point to; -1 when the port
 * is taken (then that one check is skipped, and said so). */
static int S_listen(void)
{
    int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s < 0)
        return -1;
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(NET_PORT);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 16) != 0) {
        close(s);
        fprintf(stderr, "test_hostile: port %d busy; network canary not checked\n", NET_PORT);
        return -1;
    }
    return s;
}

/* Number of connections made to the listener since the last call. */
static int S_connections(int s)
{
    int n = 0;
    if (s < 0)
        return 0;
    for (;;) {
        int c = accept(s, NULL, NULL);
        if (c < 0)
            break;
        close(c);
        n++;
    }
    return n;
}

/* inotify events in dir: opens of the canaries and any created entry are
 * appended to problems. */
static void S_drain_inotify(int fd, ad_buf *problems, const char *what, bool creates_ok)
{
    char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0)
            break;
        for (char *p = buf; p < buf + n;) {
            struct inotify_event *ev = (struct inotify_event *)p;
            const char *nm = ev->len ? ev->name : "";
            if (strncmp(nm, "canary", 6) == 0 && (ev->mask & (IN_OPEN | IN_ACCESS)))
                ad_buf_printf(problems, "  %s opened %s\n", what, nm);
            if (!creates_ok && (ev->mask & (IN_CREATE | IN_MOVED_TO)))
                ad_buf_printf(problems, "  %s created %s\n", what, nm);
            p += sizeof *ev + ev->len;
        }
    }
}

static char **S_lines(const char *s, size_t *n)
{
    char **v = NULL;
    size_t cap = 0;
    *n = 0;
    while (s && *s) {
        const char *nl = strchr(s, '\n');
        size_t k = nl ? (size_t)(nl - s) : strlen(s);
        AD_VEC_PUSH(v, *n, cap) = ad_xstrndup(s, k);
        s += k + (nl ? 1 : 0);
    }
    return v;
}

static bool S_has_line(char **v, size_t n, const char *line)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], line) == 0)
            return true;
    return false;
}

static size_t S_error_lines(char **v, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strstr(v[i], ": error: ") && strncmp(v[i], "auditdoc: ", 10) != 0)
            k++;
    return k;
}

/* Checks one run's stderr against the expected lines. */
static void S_check_expected(const char *what, const char *expected, const char *err,
                             ad_buf *problems)
{
    size_t ne, ng;
    char **ev = S_lines(expected, &ne), **gv = S_lines(err, &ng);
    for (size_t i = 0; i < ne; i++)
        if (ev[i][0] && ev[i][0] != '#' && !S_has_line(gv, ng, ev[i]))
            ad_buf_printf(problems, "  %s: missing expected line: %s\n", what, ev[i]);
    size_t want = S_error_lines(ev, ne), got = S_error_lines(gv, ng);
    if (want != got)
        ad_buf_printf(problems, "  %s: %zu error line(s), expected %zu\n", what, got, want);
    ad_strv_free(ev, ne);
    ad_strv_free(gv, ng);
}

static const char S_listing[] = "canary.fifo\ncanary.txt\n";

/* Runs validate and build on one corpus file; appends problems. */
static void S_run_case(const char *src, const char *name, const char *expected, bool regress,
                       int lsock, ad_buf *problems)
{
    char *dir = S_canary_dir(name, src);
    int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    ck_assert_int_ge(in, 0);
    ck_assert_int_ge(inotify_add_watch(in, dir, IN_OPEN | IN_ACCESS | IN_CREATE | IN_MOVED_TO), 0);
    S_connections(lsock);
    ad_buf p = {0};
    const char *cmds[2] = {"validate", "build"};
    /* "# exit 0" first: a legal input in hostile clothing (validated only) */
    bool legal = expected && strncmp(expected, "# exit 0", 8) == 0;
    for (int k = 0; k < (legal ? 1 : 2); k++) {
        char *argv_v[] = {TU_AUDITDOC, "validate", (char *)name, NULL};
        char *argv_b[] = {TU_AUDITDOC, "build", "-q", "-j", "2", (char *)name, "-o", "out", NULL};
        rl_result r;
        rl_limits lim = {.fsize_kb = 64 << 10};
        rl_run(dir, k == 0 ? argv_v : argv_b, &lim, &r);
        const char *w = cmds[k];
        if (r.timed_out)
            ad_buf_printf(&p, "  %s: timed out (killed)\n", w);
        else if (r.sig)
            ad_buf_printf(&p, "  %s: killed by signal %d\n", w, r.sig);
        else if (regress ? (r.status != 0 && r.status != 1) : r.status != (legal ? 0 : 1))
            ad_buf_printf(&p, "  %s: exit status %d\n", w, r.status);
        if (expected) {
            char *both = ad_xasprintf("%s%s", r.err, r.out);
            S_check_expected(w, expected, both, &p);
            free(both);
        }
        if (strstr(r.out, "CANARY-9d1c7e") || strstr(r.err, "CANARY-9d1c7e"))
            ad_buf_printf(&p, "  %s: the canary file's text appears in the output\n", w);
        if (strstr(r.out, "root:x:0:0") || strstr(r.err, "root:x:0:0") ||
            strstr(r.out, "/bin/bash") || strstr(r.err, "/bin/bash"))
            ad_buf_printf(&p, "  %s: /etc/passwd appears in the output\n", w);
        if (strstr(r.err, "AddressSanitizer") || strstr(r.err, "runtime error:"))
            ad_buf_printf(&p, "  %s: sanitizer report:\n%s\n", w, r.err);
        if (regress && r.status == 0 && k == 1) {
            /* a regression input that is valid builds: fine, drop the output */
            char *out = ad_xasprintf("%s/out", dir);
            tu_rmrf(out);
            free(out);
        }
        S_drain_inotify(in, &p, w, regress && r.status == 0);
        int conn = S_connections(lsock);
        if (conn)
            ad_buf_printf(&p, "  %s: made %d network connection(s)\n", w, conn);
        rl_result_free(&r);
    }
    /* the folder holds exactly the input and the canaries */
    size_t n = 0;
    char **names = ad_list_dir(dir, &n);
    if (names) {
        ad_buf l = {0};
        for (size_t i = 0; i < n; i++)
            if (strcmp(names[i], name) != 0)
                ad_buf_printf(&l, "%s\n", names[i]);
        if (strcmp(l.s ? l.s : "", S_listing) != 0)
            ad_buf_printf(&p, "  left files behind:\n%s", l.s ? l.s : "(canaries gone)\n");
        ad_buf_free(&l);
        ad_strv_free(names, n);
    }
    close(in);
    if (p.len)
        ad_buf_printf(problems, "%s:\n%s", name, p.s);
    ad_buf_free(&p);
    tu_rmrf(dir);
    free(dir);
}

static size_t S_run_folder(const char *rel, bool regress, int lsock, ad_buf *problems,
                           size_t *n_missing_expected)
{
    char *dir = tu_src(rel);
    size_t n = 0, cases = 0;
    char **names = ad_list_dir(dir, &n);
    for (size_t i = 0; names && i < n; i++) {
        const char *nm = names[i];
        size_t L = strlen(nm);
        if (nm[0] == '.' || strcmp(nm, "README.md") == 0 || strcmp(nm, "regress") == 0 ||
            (L > 9 && strcmp(nm + L - 9, ".expected") == 0))
            continue;
        char *src = ad_xasprintf("%s/%s", dir, nm);
        char *base = ad_xstrdup(nm);
        char *dot = strrchr(base, '.');
        if (dot)
            *dot = '\0';
        char *expp = ad_xasprintf("%s/%s.expected", dir, base);
        char *expected = tu_read(expp, NULL);
        if (!expected && !regress) {
            ad_buf_printf(problems, "%s: no %s.expected\n", nm, base);
            ++*n_missing_expected;
        }
        /* the file is copied under a plain name so messages are predictable */
        S_run_case(src, nm, expected, regress, lsock, problems);
        cases++;
        free(expected);
        free(expp);
        free(base);
        free(src);
    }
    ad_strv_free(names, n);
    free(dir);
    return cases;
}

START_TEST(corpus)
{
    int lsock = S_listen();
    ad_buf problems = {0};
    size_t missing = 0;
    size_t cases = S_run_folder("tests/hostile", false, lsock, &problems, &missing);
    size_t regress = S_run_folder("tests/hostile/regress", true, lsock, &problems, &missing);
    if (lsock >= 0)
        close(lsock);
    printf("test_hostile: %zu corpus inputs and %zu fuzz regression inputs, each through "
           "validate and build\n", cases, regress);
    ck_assert_msg(cases >= 60, "the corpus shrank to %zu cases", cases);
    ck_assert_msg(problems.len == 0, "hostile corpus failures:\n%s", problems.s);
    ad_buf_free(&problems);
}
END_TEST

/* ---- generated at test time -------------------------------------------- */

static const char S_head[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<audit version=\"1\" fiscal-year=\"2025\" term=\"first-half\">\n"
    "  <organization><name>テスト市</name></organization>\n";
static const char S_depts[] =
    "  <departments>\n"
    "    <department id=\"machi\">まちの魅力創造課</department>\n"
    "    <department id=\"zeimu\">税務課</department>\n"
    "  </departments>\n";
static const char S_checklist[] =
    "  <checklist id=\"detail\" layout=\"narrative\" title=\"課別監査結果\">\n"
    "    <section id=\"human\" title=\"人的セキュリティ\">\n"
    "      <item no=\"1\"><text>使用禁止</text><marks>○ ×</marks></item>\n"
    "    </section>\n"
    "  </checklist>\n";

/* Runs `auditdoc validate FILE` on a generated file. */
static void S_validate_generated(const char *dir, const char *name, rl_result *r)
{
    char *argv[] = {TU_AUDITDOC, "validate", (char *)name, NULL};
    rl_limits lim = {.fsize_kb = 64 << 10};
    rl_run(dir, argv, &lim, r);
    ck_assert_msg(!r->timed_out, "%s: hangs", name);
    ck_assert_msg(r->sig == 0, "%s: killed by signal %d\n%s", name, r->sig, r->err);
    ck_assert_msg(!strstr(r->err, "AddressSanitizer") && !strstr(r->err, "runtime error:"),
                  "%s: sanitizer report\n%s", name, r->err);
}

static FILE *S_open(const char *dir, const char *name)
{
    char *p = ad_xasprintf("%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    free(p);
    return f;
}

/* 200 MB: refused by its size, without reading it into memory. */
START_TEST(huge_200mb)
{
    char *dir = tu_tmpdir();
    FILE *f = S_open(dir, "huge.xml");
    fputs(S_head, f);
    fputs("<!--\n", f);
    char *chunk = ad_xmalloc(1 << 20);
    memset(chunk, 'x', 1 << 20);
    for (int i = 0; i < 200; i++)
        ck_assert_int_eq(fwrite(chunk, 1, 1 << 20, f), 1 << 20);
    free(chunk);
    fputs("\n-->\n", f);
    fputs(S_depts, f);
    fputs(S_checklist, f);
    fputs("</audit>\n", f);
    ck_assert_int_eq(fclose(f), 0);
    rl_result r;
    S_validate_generated(dir, "huge.xml", &r);
    ck_assert_int_eq(r.status, 1);
    ck_assert_msg(strstr(r.err, "huge.xml: error: ") || strstr(r.err, "huge.xml:0: error: "),
                  "no error naming the file:\n%s", r.err);
    ck_assert_msg(strstr(r.err, "MB"), "the message does not state the size limit:\n%s", r.err);
    /* it was not slurped: the whole run stays far below the file's size */
    ck_assert_msg(r.maxrss_kb < 160 * 1024, "used %ld KiB for a 200 MB file", r.maxrss_kb);
    rl_result_free(&r);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* /dev/zero: endless input is cut at the size limit. */
START_TEST(endless_input)
{
    char *argv[] = {TU_AUDITDOC, "validate", "/dev/zero", NULL};
    rl_result r;
    rl_run("/", argv, NULL, &r);
    ck_assert_msg(!r.timed_out && r.sig == 0, "endless input: hang or crash\n%s", r.err);
    ck_assert_int_eq(r.status, 1);
    ck_assert_msg(strstr(r.err, "/dev/zero"), "%s", r.err);
    ck_assert_msg(r.maxrss_kb < 512 * 1024, "used %ld KiB", r.maxrss_kb);
    rl_result_free(&r);
}
END_TEST

/* A folder, a missing file: one clear line each. */
START_TEST(not_a_file)
{
    char *dir = tu_tmpdir();
    char *argv[] = {TU_AUDITDOC, "validate", ".", "missing.xml", NULL};
    rl_result r;
    rl_run(dir, argv, NULL, &r);
    ck_assert_msg(!r.timed_out && r.sig == 0, "%s", r.err);
    ck_assert_int_eq(r.status, 1);
    ck_assert_msg(strstr(r.err, ".: error: ") || strstr(r.err, ".:0: error: "), "%s", r.err);
    ck_assert_msg(strstr(r.err, "missing.xml: error: ") || strstr(r.err, "missing.xml:0: error: "),
                  "%s", r.err);
    ck_assert_int_eq(tu_count(r.err, "error: "), 2);
    rl_result_free(&r);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* 100,000 systems: legal, accepted in bounded time and memory. */
START_TEST(siblings_100k_valid)
{
    char *dir = tu_tmpdir();
    FILE *f = S_open(dir, "wide.xml");
    fputs(S_head, f);
    fputs(S_depts, f);
    fputs("  <systems>\n", f);
    for (int i = 0; i < 100000; i++)
        fprintf(f, "    <system id=\"s%d\">システム%d</system>\n", i, i);
    fputs("  </systems>\n", f);
    fputs(S_checklist, f);
    fputs("</audit>\n", f);
    ck_assert_int_eq(fclose(f), 0);
    rl_result r;
    S_validate_generated(dir, "wide.xml", &r);
    ck_assert_msg(r.status == 0, "100,000 systems rejected (status %d):\n%.2000s", r.status,
                  r.err);
    ck_assert_msg(strstr(r.out, "wide.xml: valid"), "%s", r.out);
    rl_result_free(&r);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* 100,000 unknown siblings: rejected; the first error names its line. */
START_TEST(siblings_100k_unknown)
{
    char *dir = tu_tmpdir();
    FILE *f = S_open(dir, "junk.xml");
    fputs(S_head, f);
    fputs(S_depts, f);
    for (int i = 0; i < 100000; i++)
        fputs("  <junk/>\n", f);
    fputs(S_checklist, f);
    fputs("</audit>\n", f);
    ck_assert_int_eq(fclose(f), 0);
    rl_result r;
    S_validate_generated(dir, "junk.xml", &r);
    ck_assert_int_eq(r.status, 1);
    ck_assert_msg(strncmp(r.err, "junk.xml:8: error: ", 19) == 0, "%.2000s", r.err);
    ck_assert_msg(strlen(r.err) < (1u << 20), "%zu bytes of messages for one repeated mistake",
                  strlen(r.err));
    rl_result_free(&r);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* 60 MB of empty elements (15 million siblings), just under the size limit:
 * refused in bounded time and memory, with a bounded number of messages.
 * (A DOM of 15 million nodes alone is ~2 GB; the loader must refuse such a
 * file before building it, and stop reporting after a while.) */
START_TEST(element_flood)
{
    char *dir = tu_tmpdir();
    FILE *f = S_open(dir, "flood.xml");
    fputs(S_head, f);
    fputs(S_depts, f);
    size_t n = (60u << 20) / 4;
    char *chunk = ad_xmalloc(4 * 65536);
    for (size_t i = 0; i < 65536; i++)
        memcpy(chunk + 4 * i, "<j/>", 4);
    for (size_t i = 0; i < n / 65536; i++)
        ck_assert_int_eq(fwrite(chunk, 4, 65536, f), 65536);
    free(chunk);
    fputs("\n", f);
    fputs(S_checklist, f);
    fputs("</audit>\n", f);
    ck_assert_int_eq(fclose(f), 0);
    rl_result r;
    char *argv[] = {TU_AUDITDOC, "validate", "flood.xml", NULL};
    rl_limits lim = {.fsize_kb = 64 << 10, .mem_mb = 1024};
    rl_run(dir, argv, &lim, &r);
    ck_assert_msg(!r.timed_out, "15 million elements: still running after the time limit");
    ck_assert_msg(r.sig == 0, "15 million elements: killed by signal %d (out of memory?)\n%.500s",
                  r.sig, r.err);
    ck_assert_int_eq(r.status, 1);
    ck_assert_msg(strncmp(r.err, "flood.xml:8: error: ", 20) == 0, "%.500s", r.err);
    ck_assert_msg(strlen(r.err) < (1u << 20), "%zu bytes of messages for one repeated mistake",
                  strlen(r.err));
    rl_result_free(&r);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* Lists nested 10,000 deep (20,000 elements deep): refused, no stack overflow. */
START_TEST(nesting_10k)
{
    char *dir = tu_tmpdir();
    FILE *f = S_open(dir, "deep.xml");
    fputs(S_head, f);
    fputs(S_depts, f);
    fputs(S_checklist, f);
    fputs("  <agenda-document id=\"deep\" title=\"深い\">\n", f);
    for (int i = 0; i < 10000; i++)
        fputs("<ul><li>", f);
    fputs("底", f);
    for (int i = 0; i < 10000; i++)
        fputs("</li></ul>", f);
    fputs("\n  </agenda-document>\n</audit>\n", f);
    ck_assert_int_eq(fclose(f), 0);
    rl_result r;
    S_validate_generated(dir, "deep.xml", &r);
    ck_assert_int_eq(r.status, 1);
    ck_assert_msg(strncmp(r.err, "deep.xml:14: error: ", 20) == 0, "%.2000s", r.err);
    rl_result_free(&r);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

/* Plain element nesting 10,000 deep with no list semantics at all. */
START_TEST(nesting_10k_elements)
{
    char *dir = tu_tmpdir();
    FILE *f = S_open(dir, "deep2.xml");
    fputs(S_head, f);
    for (int i = 0; i < 10000; i++)
        fputs("<x>", f);
    for (int i = 0; i < 10000; i++)
        fputs("</x>", f);
    fputs("\n", f);
    fputs(S_depts, f);
    fputs(S_checklist, f);
    fputs("</audit>\n", f);
    ck_assert_int_eq(fclose(f), 0);
    rl_result r;
    S_validate_generated(dir, "deep2.xml", &r);
    ck_assert_int_eq(r.status, 1);
    ck_assert_msg(strncmp(r.err, "deep2.xml:4: error: ", 20) == 0, "%.2000s", r.err);
    rl_result_free(&r);
    tu_rmrf(dir);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("test_hostile");
    TCase *tc = tcase_create("corpus");
    tcase_add_test(tc, corpus);
    tcase_set_timeout(tc, 0);
    suite_add_tcase(s, tc);
    tc = tcase_create("generated");
    tcase_add_test(tc, huge_200mb);
    tcase_add_test(tc, endless_input);
    tcase_add_test(tc, not_a_file);
    tcase_add_test(tc, siblings_100k_valid);
    tcase_add_test(tc, siblings_100k_unknown);
    tcase_add_test(tc, element_flood);
    tcase_add_test(tc, nesting_10k);
    tcase_add_test(tc, nesting_10k_elements);
    tcase_set_timeout(tc, 0);
    suite_add_tcase(s, tc);
    return tu_main(s);
}
