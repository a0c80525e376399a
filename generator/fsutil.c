/* fsutil.c — temporary siblings, atomic renames and writes, recursive
 * removal and copies, Windows-safe names (fsutil.h). */
#define _XOPEN_SOURCE 700 /* nftw */
#include "fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

static int S_renameat2(const char *src, const char *dst, unsigned flags)
{
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, src, AT_FDCWD, dst, flags);
#else
    (void)src, (void)dst, (void)flags;
    errno = ENOSYS;
    return -1;
#endif
}

static char *S_dirname(const char *path)
{
    char *copy = ad_xstrdup(path);
    char *d = ad_xstrdup(dirname(copy));
    free(copy);
    return d;
}

static char *S_basename(const char *path)
{
    char *copy = ad_xstrdup(path);
    size_t n = strlen(copy);
    while (n > 1 && copy[n - 1] == '/')
        copy[--n] = '\0';
    char *b = ad_xstrdup(basename(copy));
    free(copy);
    return b;
}

char *ad_mkdtemp_beside(const char *path, ad_err *e)
{
    char *dir = S_dirname(path), *base = S_basename(path);
    char *t = ad_xasprintf("%s/.%s.tmp-XXXXXX", dir, base);
    free(dir);
    free(base);
    if (!mkdtemp(t)) {
        ad_fail(e, AD_ERR_IO, "%s: cannot create a temporary folder beside it: %s", path,
                strerror(errno));
        free(t);
        return NULL;
    }
    return t;
}

/* ---- temporary folders auditdoc owns, and sweeping those a killed run left */

#define S_OWNER ".auditdoc-owner"

/* "auditdoc <pid> <host>\n": who made a temporary folder. */
static char *S_owner_line(long pid)
{
    char host[256] = "";
    if (gethostname(host, sizeof host - 1) != 0)
        host[0] = '\0';
    return ad_xasprintf("auditdoc %ld %s\n", pid, host);
}

char *ad_mkdtemp_owned(const char *path, ad_err *e)
{
    char *t = ad_mkdtemp_beside(path, e);
    if (!t)
        return NULL;
    char *mark = ad_xasprintf("%s/%s", t, S_OWNER), *line = S_owner_line((long)getpid());
    ad_status st = ad_write_file(mark, line, strlen(line), e);
    free(line);
    free(mark);
    if (st != AD_OK) {
        ad_rmrf(t);
        free(t);
        return NULL;
    }
    return t;
}

void ad_owned_release(const char *tmp)
{
    char *mark = ad_xasprintf("%s/%s", tmp, S_OWNER);
    unlink(mark);
    free(mark);
}

/* True when dir holds our owner mark naming a process of this host that no
 * longer runs. */
static bool S_left_behind(const char *dir)
{
    char *mark = ad_xasprintf("%s/%s", dir, S_OWNER), *data = NULL;
    size_t len = 0;
    ad_err ignored = {0};
    bool stale = false;
    struct stat st;
    if (lstat(mark, &st) == 0 && S_ISREG(st.st_mode) &&
        ad_read_file(mark, 1024, &data, &len, &ignored) == AD_OK) {
        long pid = 0;
        char host[256] = "";
        if (sscanf(data, "auditdoc %ld %255s", &pid, host) >= 1 && pid > 0) {
            char *mine = S_owner_line(pid);
            stale = strcmp(mine, data) == 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
            free(mine);
        }
    }
    free(data);
    free(mark);
    return stale;
}

size_t ad_sweep_owned(const char *path)
{
    char *dir = S_dirname(path), *base = S_basename(path);
    char *prefix = ad_xasprintf(".%s.tmp-", base);
    size_t k = 0, removed = 0, plen = strlen(prefix);
    char **names = ad_list_dir(dir, &k);
    for (size_t i = 0; names && i < k; i++) {
        /* exactly mkdtemp's name: the prefix and six characters */
        if (strncmp(names[i], prefix, plen) != 0 || strlen(names[i]) != plen + 6)
            continue;
        char *full = ad_xasprintf("%s/%s", dir, names[i]);
        struct stat st;
        if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode) && S_left_behind(full) &&
            ad_rmrf(full) == AD_OK)
            removed++;
        free(full);
    }
    ad_strv_free(names, k);
    free(prefix);
    free(base);
    free(dir);
    return removed;
}

ad_status ad_mkdirs(const char *path, ad_err *e)
{
    char *p = ad_xstrdup(path);
    size_t n = strlen(p);
    for (size_t i = 1; i <= n; i++) {
        if (p[i] == '/' || p[i] == '\0') {
            char c = p[i];
            p[i] = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                int err = errno;
                ad_fail(e, AD_ERR_IO, "%s: cannot create folder: %s", p, strerror(err));
                free(p);
                return AD_ERR_IO;
            }
            p[i] = c;
        }
    }
    free(p);
    if (!ad_is_dir(path))
        return ad_fail(e, AD_ERR_IO, "%s: exists and is not a folder", path);
    return AD_OK;
}

static int S_rm_cb(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path) != 0 && errno != ENOENT ? -1 : 0;
}

ad_status ad_rmrf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return AD_OK;
    if (!S_ISDIR(st.st_mode))
        return unlink(path) == 0 ? AD_OK : AD_ERR_IO;
    /* make read-only folders (archived copies) removable */
    return nftw(path, S_rm_cb, 32, FTW_DEPTH | FTW_PHYS) == 0 ? AD_OK : AD_ERR_IO;
}

ad_status ad_replace_dir(const char *src, const char *dst, ad_err *e)
{
    if (!ad_exists(dst)) {
        if (rename(src, dst) != 0)
            return ad_fail(e, AD_ERR_IO, "%s: cannot move the finished output into place: %s",
                           dst, strerror(errno));
        return AD_OK;
    }
    if (S_renameat2(src, dst, RENAME_EXCHANGE) == 0) {
        ad_rmrf(src); /* src now holds the previous contents */
        return AD_OK;
    }
    /* No atomic exchange on this file system: two renames, old kept until the end. */
    char *old = ad_xasprintf("%s.old-%ld", dst, (long)getpid());
    if (rename(dst, old) != 0) {
        ad_fail(e, AD_ERR_IO, "%s: cannot replace: %s", dst, strerror(errno));
        free(old);
        return AD_ERR_IO;
    }
    if (rename(src, dst) != 0) {
        int err = errno;
        int back = rename(old, dst); /* put the previous output back */
        (void)back;
        free(old);
        return ad_fail(e, AD_ERR_IO, "%s: cannot move the finished output into place: %s", dst,
                       strerror(err));
    }
    ad_rmrf(old);
    free(old);
    return AD_OK;
}

ad_status ad_rename_noreplace(const char *src, const char *dst, ad_err *e)
{
    if (S_renameat2(src, dst, RENAME_NOREPLACE) == 0)
        return AD_OK;
    if (errno == EEXIST || errno == ENOTEMPTY)
        return ad_fail(e, AD_ERR_EXISTS, "%s: already exists; it is never overwritten", dst);
    if (errno != EINVAL && errno != ENOSYS)
        return ad_fail(e, AD_ERR_IO, "%s: cannot rename into place: %s", dst, strerror(errno));
    /* fallback: link() refuses an existing target for files; for folders check first */
    if (ad_exists(dst))
        return ad_fail(e, AD_ERR_EXISTS, "%s: already exists; it is never overwritten", dst);
    if (rename(src, dst) != 0)
        return ad_fail(e, AD_ERR_IO, "%s: cannot rename into place: %s", dst, strerror(errno));
    return AD_OK;
}

static ad_status S_write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return AD_ERR_IO;
        p += n;
        len -= (size_t)n;
    }
    return AD_OK;
}

ad_status ad_write_file(const char *path, const void *data, size_t len, ad_err *e)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return ad_fail(e, AD_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
    if (S_write_all(fd, data, len) != AD_OK || close(fd) != 0) {
        int err = errno;
        close(fd);
        unlink(path);
        return ad_fail(e, AD_ERR_IO, "%s: cannot write: %s", path, strerror(err));
    }
    return AD_OK;
}

ad_status ad_write_atomic(const char *path, const void *data, size_t len, ad_err *e)
{
    char *dir = S_dirname(path), *base = S_basename(path);
    char *tmp = ad_xasprintf("%s/.%s.tmp-XXXXXX", dir, base);
    free(base);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        ad_fail(e, AD_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
        free(tmp);
        free(dir);
        return AD_ERR_IO;
    }
    fchmod(fd, 0644);
    if (S_write_all(fd, data, len) != AD_OK || fsync(fd) != 0) {
        int err = errno;
        close(fd);
        unlink(tmp);
        free(tmp);
        free(dir);
        return ad_fail(e, AD_ERR_IO, "%s: cannot write: %s", path, strerror(err));
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        int err = errno;
        unlink(tmp);
        free(tmp);
        free(dir);
        return ad_fail(e, AD_ERR_IO, "%s: cannot write: %s", path, strerror(err));
    }
    ad_fsync_dir(dir);
    free(tmp);
    free(dir);
    return AD_OK;
}

ad_status ad_copy_file(const char *src, const char *dst, ad_err *e)
{
    int in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return ad_fail(e, AD_ERR_IO, "%s: cannot read: %s", src, strerror(errno));
    int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (out < 0) {
        int err = errno;
        close(in);
        return ad_fail(e, AD_ERR_IO, "%s: cannot create: %s", dst, strerror(err));
    }
    char buf[1 << 16];
    ad_status st = AD_OK;
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            st = ad_fail(e, AD_ERR_IO, "%s: cannot read: %s", src, strerror(errno));
            break;
        }
        if (n == 0)
            break;
        if (S_write_all(out, buf, (size_t)n) != AD_OK) {
            st = ad_fail(e, AD_ERR_IO, "%s: cannot write: %s", dst, strerror(errno));
            break;
        }
    }
    if (st == AD_OK && fsync(out) != 0)
        st = ad_fail(e, AD_ERR_IO, "%s: cannot write: %s", dst, strerror(errno));
    close(in);
    if (close(out) != 0 && st == AD_OK)
        st = ad_fail(e, AD_ERR_IO, "%s: cannot write: %s", dst, strerror(errno));
    if (st != AD_OK)
        unlink(dst);
    return st;
}

ad_status ad_copy_tree(const char *src, const char *dst, ad_err *e)
{
    ad_status st = ad_mkdirs(dst, e);
    if (st != AD_OK)
        return st;
    size_t n;
    char **names = ad_list_dir(src, &n);
    if (!names)
        return ad_fail(e, AD_ERR_IO, "%s: cannot list folder: %s", src, strerror(errno));
    for (size_t i = 0; i < n && st == AD_OK; i++) {
        if (names[i][0] == '.') /* .DS_Store, ._x, editor backups: not part of a record */
            continue;
        char *s = ad_xasprintf("%s/%s", src, names[i]);
        char *d = ad_xasprintf("%s/%s", dst, names[i]);
        struct stat sb;
        if (stat(s, &sb) != 0)
            st = ad_fail(e, AD_ERR_IO, "%s: %s", s, strerror(errno));
        else if (S_ISDIR(sb.st_mode))
            st = ad_copy_tree(s, d, e);
        else if (S_ISREG(sb.st_mode))
            st = ad_copy_file(s, d, e);
        free(s);
        free(d);
    }
    ad_strv_free(names, n);
    return st;
}

ad_status ad_read_file(const char *path, size_t max_len, char **data, size_t *len, ad_err *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ad_fail(e, AD_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
    ad_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        ad_buf_put(&b, chunk, n);
        if (max_len && b.len > max_len) {
            fclose(f);
            ad_buf_free(&b);
            return ad_fail(e, AD_ERR_IO, "%s: larger than %zu bytes", path, max_len);
        }
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        ad_buf_free(&b);
        return ad_fail(e, AD_ERR_IO, "%s: cannot read", path);
    }
    if (len)
        *len = b.len;
    *data = ad_buf_take(&b);
    return AD_OK;
}

bool ad_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool ad_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

void ad_fsync_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

char *ad_safe_filename(const char *name, size_t max_bytes)
{
    static const char *const reserved[] = {"CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3",
                                           "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1",
                                           "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8",
                                           "LPT9"};
    ad_buf b = {0};
    ad_buf_puts(&b, "");
    size_t n = name ? strlen(name) : 0, i = 0;
    if (max_bytes < 8)
        max_bytes = 8;
    while (i < n) {
        uint32_t cp;
        size_t k = ad_utf8_decode(name + i, n - i, &cp);
        i += k;
        bool bad = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0xFFFD ||
                   (cp < 0x80 && strchr("<>:\"/\\|?*%", (int)cp) != NULL);
        ad_buf tmp = {0};
        ad_utf8_put(&tmp, bad ? '_' : cp);
        if (b.len + tmp.len > max_bytes) {
            ad_buf_free(&tmp);
            break;
        }
        ad_buf_put(&b, tmp.s, tmp.len);
        ad_buf_free(&tmp);
    }
    char *s = ad_buf_take(&b);
    /* strip leading/trailing dots and spaces (Windows drops trailing ones) */
    size_t start = 0, end = strlen(s);
    while (start < end && (s[start] == '.' || s[start] == ' '))
        start++;
    while (end > start && (s[end - 1] == '.' || s[end - 1] == ' '))
        end--;
    char *t = ad_xstrndup(s + start, end - start);
    free(s);
    if (!*t) {
        free(t);
        return ad_xstrdup("_");
    }
    size_t stem = strcspn(t, ".");
    for (size_t r = 0; r < sizeof reserved / sizeof reserved[0]; r++) {
        if (strlen(reserved[r]) == stem && strncasecmp(t, reserved[r], stem) == 0) {
            char *u = ad_xasprintf("_%s", t);
            free(t);
            return u;
        }
    }
    return t;
}

static int S_strcmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **ad_list_dir(const char *path, size_t *n)
{
    DIR *d = opendir(path);
    if (!d)
        return NULL;
    char **v = NULL;
    size_t cnt = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        AD_VEC_PUSH(v, cnt, cap) = ad_xstrdup(de->d_name);
    }
    closedir(d);
    if (cnt)
        qsort(v, cnt, sizeof *v, S_strcmp);
    if (!v)
        v = ad_xcalloc(1, sizeof *v);
    *n = cnt;
    return v;
}

void ad_strv_free(char **v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void S_walk(const char *root, const char *rel, char ***v, size_t *n, size_t *cap,
                   bool hidden)
{
    char *dir = rel[0] ? ad_xasprintf("%s/%s", root, rel) : ad_xstrdup(root);
    size_t k;
    char **names = ad_list_dir(dir, &k);
    for (size_t i = 0; names && i < k; i++) {
        if (names[i][0] == '.' && !hidden)
            continue;
        char *r = rel[0] ? ad_xasprintf("%s/%s", rel, names[i]) : ad_xstrdup(names[i]);
        char *full = ad_xasprintf("%s/%s", root, r);
        struct stat st;
        if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
            S_walk(root, r, v, n, cap, hidden);
            free(r);
        } else if (lstat(full, &st) == 0 && S_ISREG(st.st_mode)) {
            AD_VEC_PUSH(*v, *n, *cap) = r;
        } else {
            free(r);
        }
        free(full);
    }
    ad_strv_free(names, k);
    free(dir);
}

static char **S_walk_files(const char *dir, size_t *n, bool hidden)
{
    char **v = NULL;
    size_t cap = 0;
    *n = 0;
    S_walk(dir, "", &v, n, &cap, hidden);
    if (*n)
        qsort(v, *n, sizeof *v, S_strcmp);
    if (!v)
        v = ad_xcalloc(1, sizeof *v);
    return v;
}

char **ad_walk_files(const char *dir, size_t *n) { return S_walk_files(dir, n, false); }
char **ad_walk_files_all(const char *dir, size_t *n) { return S_walk_files(dir, n, true); }
