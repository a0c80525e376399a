/* archive.c — filing rounds as BagIt bags, verifying and rebuilding them
 * (archive.h). */
#include "archive.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compose.h"
#include "fsutil.h"
#include "hash.h"
#include "load.h"
#include "manifest.h"
#include "resources.h"
#include "rounds.h"
#include "util.h"
#include "wareki.h"

/* ---- helpers ------------------------------------------------------------- */

/* Digest of what a build depends on: the input bytes and every templates
 * file (path and bytes).  Equal digests mean an unchanged round. */
static ad_status S_source_digest(const char *input, const char *tdir, char hex[65], ad_err *e)
{
    ad_buf b = {0};
    char h[65];
    ad_status st = ad_sha256_file(input, h, NULL, e);
    if (st == AD_OK)
        ad_buf_printf(&b, "input %s\n", h);
    size_t n = 0;
    char **files = st == AD_OK ? ad_walk_files(tdir, &n) : NULL;
    for (size_t i = 0; i < n && st == AD_OK; i++) {
        char *full = ad_xasprintf("%s/%s", tdir, files[i]);
        st = ad_sha256_file(full, h, NULL, e);
        free(full);
        if (st == AD_OK)
            ad_buf_printf(&b, "%s %s\n", h, files[i]);
    }
    ad_strv_free(files, n);
    if (st == AD_OK)
        ad_sha256_buf(b.s ? b.s : "", b.len, hex);
    ad_buf_free(&b);
    return st;
}

/* Value of "Key: value" in a bag-info.txt; newly allocated or NULL. */
static char *S_bag_info(const char *bag, const char *key)
{
    char *path = ad_xasprintf("%s/bag-info.txt", bag), *data = NULL;
    size_t len;
    ad_err e;
    char *val = NULL;
    if (ad_read_file(path, 1 << 20, &data, &len, &e) == AD_OK) {
        size_t k = strlen(key);
        for (char *line = data; line && *line;) {
            char *nl = strchr(line, '\n');
            if (nl)
                *nl = '\0';
            if (strncmp(line, key, k) == 0 && line[k] == ':') {
                const char *v = line + k + 1;
                while (*v == ' ')
                    v++;
                val = ad_xstrdup(v);
                break;
            }
            line = nl ? nl + 1 : NULL;
        }
    }
    free(data);
    free(path);
    return val;
}

/* Highest N of rev-N folders in dir, 0 when none. */
static int S_latest_rev(const char *dir) { return ad_archive_latest_rev(dir); }

int ad_archive_latest_rev(const char *dir)
{
    size_t n;
    char **names = ad_list_dir(dir, &n);
    int best = 0;
    for (size_t i = 0; names && i < n; i++) {
        if (strncmp(names[i], "rev-", 4) == 0) {
            char *end;
            long v = strtol(names[i] + 4, &end, 10);
            if (*end == '\0' && v > best && v < 100000)
                best = (int)v;
        }
    }
    ad_strv_free(names, n);
    return best;
}

static ad_status S_write_text(const char *path, const char *text, ad_err *e)
{
    return ad_write_atomic(path, text, strlen(text), e);
}

/* "hex  relpath\n" for every file under bag/sub (paths relative to bag). */
static ad_status S_manifest_lines(const char *bag, const char *const *files, size_t n, ad_buf *out,
                                  uint64_t *bytes, ad_err *e)
{
    for (size_t i = 0; i < n; i++) {
        char *full = ad_xasprintf("%s/%s", bag, files[i]);
        char hex[65];
        uint64_t size = 0;
        ad_status st = ad_sha256_file(full, hex, &size, e);
        free(full);
        if (st != AD_OK)
            return st;
        ad_buf_printf(out, "%s  %s\n", hex, files[i]);
        if (bytes)
            *bytes += size;
    }
    return AD_OK;
}

static void S_make_readonly(const char *bag)
{
    size_t n;
    char **files = ad_walk_files(bag, &n);
    for (size_t i = 0; i < n; i++) {
        char *full = ad_xasprintf("%s/%s", bag, files[i]);
        chmod(full, 0444);
        free(full);
    }
    ad_strv_free(files, n);
}

/* ---- archive ------------------------------------------------------------- */

bool ad_archive_is_root(const char *root)
{
    char *mark = ad_xasprintf("%s/%s", root, AD_ARCHIVE_MARK);
    bool yes = ad_exists(mark);
    free(mark);
    size_t ny = 0;
    char **years = yes ? NULL : ad_list_dir(root, &ny);
    for (size_t y = 0; years && y < ny && !yes; y++) {
        char *end;
        long fy = strtol(years[y], &end, 10);
        if (*end || fy < 1989 || fy > 2100)
            continue;
        for (int t = AD_TERM_FIRST_HALF; t <= AD_TERM_ANNUAL && !yes; t++) {
            char *round = ad_xasprintf("%s/%s/%s", root, years[y], ad_term_id((ad_term)t));
            yes = S_latest_rev(round) > 0;
            free(round);
        }
    }
    ad_strv_free(years, ny);
    return yes;
}

/* An archive is started only on request: a mistyped --root must not become
 * a new, empty archive beside the real one. */
static ad_status S_check_root(const char *root, bool init, ad_err *e)
{
    bool exists = ad_exists(root);
    if (exists && !ad_is_dir(root))
        return ad_fail(e, AD_ERR_USAGE, "--root %s: this is a file, not an archive folder", root);
    if (!init) {
        if (!exists)
            return ad_fail(e, AD_ERR_USAGE,
                           "--root %s: no such folder; check the path, or start a new archive "
                           "there with: auditdoc archive FILE --root '%s' --init",
                           root, root);
        if (!ad_archive_is_root(root))
            return ad_fail(e, AD_ERR_USAGE,
                           "--root %s: this folder is not an auditdoc archive (it has no %s and "
                           "no filed round); check the path, or start a new archive there with: "
                           "auditdoc archive FILE --root '%s' --init",
                           root, AD_ARCHIVE_MARK, root);
    }
    /* an archive from before the mark gets it with its next filing */
    ad_status st = ad_mkdirs(root, e);
    char *mark = ad_xasprintf("%s/%s", root, AD_ARCHIVE_MARK);
    if (st == AD_OK && !ad_exists(mark)) {
        static const char text[] =
            "This folder is an auditdoc archive: ROOT/<fiscal-year>/<term>/rev-N, each a BagIt bag.\n"
            "File rounds with: auditdoc archive FILE --root THIS-FOLDER\n"
            "Check them with:  auditdoc verify THIS-FOLDER\n";
        st = ad_write_atomic(mark, text, sizeof text - 1, e);
    }
    free(mark);
    return st;
}

static ad_status S_write_bag(const char *bag, const ad_audit *a, const char *digest,
                             const char *rev_id, time_t built, ad_err *e)
{
    ad_status st;
    char *p = ad_xasprintf("%s/bagit.txt", bag);
    st = S_write_text(p, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", e);
    free(p);
    if (st != AD_OK)
        return st;

    /* payload manifest */
    char *data = ad_xasprintf("%s/data", bag);
    size_t n;
    char **rel = ad_walk_files(data, &n);
    free(data);
    for (size_t i = 0; i < n; i++) {
        char *r = ad_xasprintf("data/%s", rel[i]);
        free(rel[i]);
        rel[i] = r;
    }
    ad_buf m = {0};
    uint64_t bytes = 0;
    st = S_manifest_lines(bag, (const char *const *)rel, n, &m, &bytes, e);
    ad_strv_free(rel, n);
    if (st == AD_OK) {
        p = ad_xasprintf("%s/manifest-sha256.txt", bag);
        st = ad_write_atomic(p, m.s ? m.s : "", m.len, e);
        free(p);
    }
    ad_buf_free(&m);
    if (st != AD_OK)
        return st;

    /* bag-info */
    char *fy = ad_wareki_fiscal_year(a->fiscal_year);
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char today[16];
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    ad_buf info = {0};
    ad_buf_printf(&info, "Source-Organization: %s\n", a->org.name);
    if (a->org.secretariat)
        ad_buf_printf(&info, "Contact-Name: %s\n", a->org.secretariat);
    ad_buf_printf(&info, "External-Description: %s%s information-security audit round\n",
                  fy ? fy : "", ad_term_name(a->term));
    ad_buf_printf(&info, "External-Identifier: %s\n", rev_id);
    ad_buf_printf(&info, "Bagging-Date: %s\n", today);
    ad_buf_printf(&info, "Payload-Oxum: %llu.%zu\n", (unsigned long long)bytes, n);
    ad_buf_printf(&info, "Auditdoc-Version: %s\n", AD_VERSION);
    ad_buf_printf(&info, "Auditdoc-Fiscal-Year: %d\n", a->fiscal_year);
    ad_buf_printf(&info, "Auditdoc-Term: %s\n", ad_term_id(a->term));
    ad_buf_printf(&info, "Auditdoc-Round: %s%s\n", fy ? fy : "", ad_term_name(a->term));
    ad_buf_printf(&info, "Auditdoc-Source-SHA256: %s\n", digest);
    ad_buf_printf(&info, "Auditdoc-Build-Time: %lld\n", (long long)built);
    free(fy);
    p = ad_xasprintf("%s/bag-info.txt", bag);
    st = ad_write_atomic(p, info.s, info.len, e);
    free(p);
    ad_buf_free(&info);
    if (st != AD_OK)
        return st;

    /* tag manifest */
    static const char *const tags[] = {"bag-info.txt", "bagit.txt", "manifest-sha256.txt"};
    ad_buf t = {0};
    st = S_manifest_lines(bag, tags, 3, &t, NULL, e);
    if (st == AD_OK) {
        p = ad_xasprintf("%s/tagmanifest-sha256.txt", bag);
        st = ad_write_atomic(p, t.s, t.len, e);
        free(p);
    }
    ad_buf_free(&t);
    return st;
}

ad_status ad_archive(const ad_archive_opts *o, ad_diags *diags, char **filed, bool *unchanged,
                     ad_err *e)
{
    ad_status st = AD_OK;
    char *tdir = NULL, *round = NULL, *lockp = NULL, *stage = NULL, *digest_prev = NULL;
    int lockfd = -1;
    *filed = NULL;
    *unchanged = false;

    ad_audit *a = ad_load_file(o->build.input, diags);
    if (!a)
        return ad_fail(e, AD_ERR_INPUT, "%s: %zu error(s); nothing was filed", o->build.input,
                       diags->n_errors);
    if (o->build.strict && diags->n_warnings) {
        ad_audit_free(a);
        return ad_fail(e, AD_ERR_INPUT, "%s: %zu warning(s) with --strict; nothing was filed",
                       o->build.input, diags->n_warnings);
    }
    if (ad_audit_is_draft(a)) {
        st = ad_fail(e, AD_ERR_INPUT,
                     "%s is a draft (%zu mark%s not yet entered, %zu place%s to fill): the archive "
                     "keeps finished rounds only; fill in every ? first",
                     o->build.input, a->n_unset_marks, a->n_unset_marks == 1 ? "" : "s",
                     a->n_unfilled, a->n_unfilled == 1 ? "" : "s");
        goto cleanup;
    }
    if ((st = S_check_root(o->root, o->init, e)) != AD_OK ||
        (st = ad_check_history(a, o->root, diags, e)) != AD_OK) /* 再指摘, in the user's file */
        goto cleanup;
    if (!(tdir = ad_resource_dir("templates", o->build.templates_dir, e))) {
        st = e->status;
        goto cleanup;
    }
    round = ad_xasprintf("%s/%d/%s", o->root, a->fiscal_year, ad_term_id(a->term));
    if ((st = ad_mkdirs(round, e)) != AD_OK)
        goto cleanup;

    lockp = ad_xasprintf("%s/.lock", round);
    lockfd = open(lockp, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lockfd < 0) {
        st = ad_fail(e, AD_ERR_IO, "%s: cannot lock the archive: %s", lockp, strerror(errno));
        goto cleanup;
    }
    while (flock(lockfd, LOCK_EX) != 0) {
        if (errno != EINTR || ad_interrupted()) {
            st = ad_fail(e, AD_ERR_IO, "%s: cannot lock the archive: %s", lockp, strerror(errno));
            goto cleanup;
        }
    }

    /* under the lock no other run is staging: remove what a killed run left */
    {
        size_t k;
        char **names = ad_list_dir(round, &k);
        for (size_t i = 0; names && i < k; i++) {
            if (strncmp(names[i], ".rev-", 5) == 0 && strstr(names[i], ".tmp-")) {
                char *stale = ad_xasprintf("%s/%s", round, names[i]);
                ad_rmrf(stale);
                free(stale);
            }
        }
        ad_strv_free(names, k);
    }

    char digest[65];
    if ((st = S_source_digest(o->build.input, tdir, digest, e)) != AD_OK)
        goto cleanup;
    int latest = S_latest_rev(round);
    if (latest > 0) {
        char *prev = ad_xasprintf("%s/rev-%d", round, latest);
        digest_prev = S_bag_info(prev, "Auditdoc-Source-SHA256");
        if (digest_prev && strcmp(digest_prev, digest) == 0) {
            *filed = prev;
            *unchanged = true;
            goto cleanup;
        }
        free(prev);
    }

    /* stage the new revision completely, then rename it into place */
    char *rev_name = ad_xasprintf("%s/rev-%d", round, latest + 1);
    stage = ad_mkdtemp_beside(rev_name, e);
    if (!stage) {
        free(rev_name);
        st = AD_ERR_IO;
        goto cleanup;
    }
    {
        char *in_dir = ad_xasprintf("%s/data/input", stage);
        char *tp_dir = ad_xasprintf("%s/data/templates", stage);
        char *out_dir = ad_xasprintf("%s/data/output", stage);
        const char *base = strrchr(o->build.input, '/');
        base = base ? base + 1 : o->build.input;
        char *safe = ad_safe_filename(base, 200);
        char *in_copy = ad_xasprintf("%s/%s", in_dir, safe);
        free(safe);
        st = ad_mkdirs(in_dir, e);
        if (st == AD_OK)
            st = ad_copy_file(o->build.input, in_copy, e);
        if (st == AD_OK)
            st = ad_copy_tree(tdir, tp_dir, e);
        if (st == AD_OK) {
            /* build from the archived copies, so the record is what was built */
            ad_build_opts b = o->build;
            b.input = in_copy;
            b.templates_dir = tp_dir;
            b.out_dir = out_dir;
            b.department = NULL;
            b.display_name = o->build.input; /* messages name the user's file */
            b.input_reported = true;         /* its warnings were reported above */
            b.archive = o->root;             /* earlier rounds: this archive's, whatever the
                                              * environment says (rebuild reads the same) */
            st = ad_build(&b, diags, e);
        }
        if (st == AD_OK) {
            char *rev_id = ad_xasprintf("%d/%s/rev-%d", a->fiscal_year, ad_term_id(a->term),
                                        latest + 1);
            st = S_write_bag(stage, a, digest, rev_id, ad_round_time(a), e);
            free(rev_id);
        }
        if (st == AD_OK && ad_interrupted())
            st = ad_fail(e, AD_ERR_INTERRUPTED, "interrupted by signal %d", ad_interrupted());
        if (st == AD_OK) {
            S_make_readonly(stage);
            /* mkdtemp made it 0700: the record is for colleagues to read */
            mode_t mask = umask(0);
            umask(mask);
            chmod(stage, 0777 & ~mask);
            st = ad_rename_noreplace(stage, rev_name, e);
        }
        if (st == AD_OK) {
            ad_fsync_dir(round);
            *filed = rev_name;
            rev_name = NULL;
        }
        free(in_dir);
        free(tp_dir);
        free(out_dir);
        free(in_copy);
    }
    free(rev_name);

cleanup:
    if (stage) {
        if (st != AD_OK || !*filed || *unchanged)
            ad_rmrf(stage);
        free(stage);
    }
    if (lockfd >= 0)
        close(lockfd); /* releases the lock */
    free(digest_prev);
    free(lockp);
    free(round);
    free(tdir);
    ad_audit_free(a);
    return st;
}

/* ---- verify -------------------------------------------------------------- */

/* Folders under root that are bags (hold bagit.txt), sorted. */
static void S_find_bags(const char *dir, char ***v, size_t *n, size_t *cap, int depth)
{
    char *bt = ad_xasprintf("%s/bagit.txt", dir);
    bool is_bag = ad_exists(bt);
    free(bt);
    if (is_bag) {
        AD_VEC_PUSH(*v, *n, *cap) = ad_xstrdup(dir);
        return;
    }
    if (depth > 4)
        return;
    size_t k;
    char **names = ad_list_dir(dir, &k);
    for (size_t i = 0; names && i < k; i++) {
        if (names[i][0] == '.')
            continue;
        char *sub = ad_xasprintf("%s/%s", dir, names[i]);
        if (ad_is_dir(sub))
            S_find_bags(sub, v, n, cap, depth + 1);
        free(sub);
    }
    ad_strv_free(names, k);
}

/* Checks one manifest file of a bag; appends the paths it lists to *listed. */
static size_t S_check_manifest(const char *bag, const char *mf, FILE *out, char ***listed,
                               size_t *n_listed, size_t *cap_listed)
{
    char *path = ad_xasprintf("%s/%s", bag, mf), *data = NULL;
    size_t len, problems = 0;
    ad_err e;
    if (ad_read_file(path, 64u << 20, &data, &len, &e) != AD_OK) {
        fprintf(out, "%s: %s missing or unreadable\n", bag, mf);
        free(path);
        return 1;
    }
    for (char *line = data; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        char *sp = strstr(line, "  ");
        if (strlen(line) > 66 && sp == line + 64) {
            const char *rel = line + 66;
            char *full = ad_xasprintf("%s/%s", bag, rel);
            char hex[65];
            if (!ad_exists(full)) {
                fprintf(out, "%s: %s: missing\n", bag, rel);
                problems++;
            } else if (ad_sha256_file(full, hex, NULL, &e) != AD_OK) {
                fprintf(out, "%s: %s: unreadable\n", bag, rel);
                problems++;
            } else if (strncmp(hex, line, 64) != 0) {
                fprintf(out, "%s: %s: changed (SHA-256 differs from the manifest)\n", bag, rel);
                problems++;
            }
            free(full);
            if (listed)
                AD_VEC_PUSH(*listed, *n_listed, *cap_listed) = ad_xstrdup(rel);
        } else if (*line) {
            fprintf(out, "%s: %s: malformed line\n", bag, mf);
            problems++;
        }
        line = nl ? nl + 1 : NULL;
    }
    free(data);
    free(path);
    return problems;
}

static size_t S_verify_bag(const char *bag, FILE *out)
{
    char **listed = NULL;
    size_t n_listed = 0, cap = 0;
    size_t problems = S_check_manifest(bag, "manifest-sha256.txt", out, &listed, &n_listed, &cap);
    problems += S_check_manifest(bag, "tagmanifest-sha256.txt", out, NULL, NULL, NULL);
    /* files added to the payload that no manifest lists */
    char *data = ad_xasprintf("%s/data", bag);
    size_t n;
    char **files = ad_walk_files_all(data, &n);
    for (size_t i = 0; i < n; i++) {
        char *rel = ad_xasprintf("data/%s", files[i]);
        bool found = false;
        for (size_t k = 0; k < n_listed && !found; k++)
            found = strcmp(listed[k], rel) == 0;
        if (!found) {
            fprintf(out, "%s: %s: added (not in the manifest)\n", bag, rel);
            problems++;
        }
        free(rel);
    }
    ad_strv_free(files, n);
    free(data);
    ad_strv_free(listed, n_listed);
    if (!problems)
        fprintf(out, "%s: OK\n", bag);
    return problems;
}

ad_status ad_verify(const char *root, FILE *out, ad_err *e)
{
    if (!ad_is_dir(root))
        return ad_fail(e, AD_ERR_IO, "%s: no such archive folder", root);
    char **bags = NULL;
    size_t n = 0, cap = 0, problems = 0;
    S_find_bags(root, &bags, &n, &cap, 0);
    for (size_t i = 0; i < n; i++)
        problems += S_verify_bag(bags[i], out);
    ad_strv_free(bags, n);
    if (n == 0)
        return ad_fail(e, AD_ERR_VERIFY, "%s: no archived round found (no bagit.txt)", root);
    if (problems)
        return ad_fail(e, AD_ERR_VERIFY, "%s: %zu problem(s) in %zu revision(s)", root, problems, n);
    return AD_OK;
}

/* ---- rebuild ------------------------------------------------------------- */

static size_t S_rebuild_bag(const char *bag, const char *fonts_dir, FILE *out, ad_err *e)
{
    char *ver = S_bag_info(bag, "Auditdoc-Version");
    char *when = S_bag_info(bag, "Auditdoc-Build-Time");
    size_t problems = 0;
    if (!ver || strcmp(ver, AD_VERSION) != 0) {
        fprintf(out, "%s: made by auditdoc %s, this is %s: rebuilt files need not be identical; "
                     "use that version to prove the bytes\n",
                bag, ver ? ver : "(unknown)", AD_VERSION);
        free(ver);
        free(when);
        return 1;
    }
    char *in_dir = ad_xasprintf("%s/data/input", bag);
    size_t n_in = 0;
    char **inputs = ad_list_dir(in_dir, &n_in);
    char *tmp = NULL;
    if (!inputs || n_in != 1) {
        fprintf(out, "%s: data/input must hold exactly one audit file\n", bag);
        problems++;
        goto done;
    }
    char *input = ad_xasprintf("%s/%s", in_dir, inputs[0]);
    char *tpl = ad_xasprintf("%s/data/templates", bag);
    {
        /* never inside the bag: the archive is not touched by a rebuild */
        const char *base = getenv("TMPDIR");
        char *t = ad_xasprintf("%s/auditdoc-rebuild-XXXXXX", base && *base ? base : "/tmp");
        tmp = mkdtemp(t) ? t : (free(t), (char *)NULL);
    }
    if (!tmp) {
        fprintf(out, "%s: cannot create a temporary folder\n", bag);
        problems++;
        free(input);
        free(tpl);
        goto done;
    }
    char *out_dir = ad_xasprintf("%s/output", tmp);
    char *old_sde = getenv("SOURCE_DATE_EPOCH") ? ad_xstrdup(getenv("SOURCE_DATE_EPOCH")) : NULL;
    if (when)
        setenv("SOURCE_DATE_EPOCH", when, 1);
    ad_build_opts b = {0};
    b.input = input;
    b.out_dir = out_dir;
    char *root = ad_xasprintf("%s/../../..", bag); /* ROOT/<year>/<term>/rev-N */
    b.archive = ad_archive_is_root(root) ? root : NULL;
    b.templates_dir = tpl;
    b.fonts_dir = fonts_dir;
    ad_diags d;
    ad_diags_init(&d);
    ad_err be = {0};
    ad_status st = ad_build(&b, &d, &be);
    ad_diags_free(&d);
    free(root);
    if (old_sde) {
        setenv("SOURCE_DATE_EPOCH", old_sde, 1);
        free(old_sde);
    } else {
        unsetenv("SOURCE_DATE_EPOCH");
    }
    if (st != AD_OK) {
        fprintf(out, "%s: rebuild failed: %s\n", bag, be.msg);
        problems++;
    } else {
        char *arch = ad_xasprintf("%s/data/output", bag);
        size_t na, nr;
        char **fa = ad_walk_files(arch, &na), **fr = ad_walk_files(out_dir, &nr);
        for (size_t i = 0; i < na; i++) {
            char *pa = ad_xasprintf("%s/%s", arch, fa[i]);
            char *pr = ad_xasprintf("%s/%s", out_dir, fa[i]);
            char ha[65], hr[65];
            if (ad_sha256_file(pr, hr, NULL, e) != AD_OK) {
                fprintf(out, "%s: %s: not produced by the rebuild\n", bag, fa[i]);
                problems++;
            } else if (ad_sha256_file(pa, ha, NULL, e) != AD_OK || strcmp(ha, hr) != 0) {
                fprintf(out, "%s: %s: rebuilt bytes differ\n", bag, fa[i]);
                problems++;
            }
            free(pa);
            free(pr);
        }
        if (nr != na) {
            fprintf(out, "%s: rebuild made %zu files, the archive holds %zu\n", bag, nr, na);
            problems++;
        }
        if (!problems)
            fprintf(out, "%s: rebuilt, %zu files byte-identical\n", bag, na);
        ad_strv_free(fa, na);
        ad_strv_free(fr, nr);
        free(arch);
    }
    ad_rmrf(tmp);
    free(out_dir);
    free(input);
    free(tpl);
done:
    free(tmp);
    ad_strv_free(inputs, n_in);
    free(in_dir);
    free(ver);
    free(when);
    return problems;
}

ad_status ad_rebuild(const char *path, const char *fonts_dir, FILE *out, ad_err *e)
{
    if (!ad_is_dir(path))
        return ad_fail(e, AD_ERR_IO, "%s: no such archive folder", path);
    char **bags = NULL;
    size_t n = 0, cap = 0, problems = 0;
    S_find_bags(path, &bags, &n, &cap, 0);
    for (size_t i = 0; i < n; i++)
        problems += S_rebuild_bag(bags[i], fonts_dir, out, e);
    ad_strv_free(bags, n);
    if (n == 0)
        return ad_fail(e, AD_ERR_VERIFY, "%s: no archived round found (no bagit.txt)", path);
    if (problems)
        return ad_fail(e, AD_ERR_VERIFY, "%s: %zu difference(s) in %zu revision(s)", path,
                       problems, n);
    return AD_OK;
}
