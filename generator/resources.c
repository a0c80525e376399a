/* resources.c — finding the templates and fonts folders (see resources.h).
 * Order: the user's folder; $AUDITDOC_DATA_DIR/<what>; next to the binary
 * (<bindir>/../<what>, <bindir>/<what>); the source tree recorded at configure
 * time (the build tree's binary is build/auditdoc); the install prefix
 * (PREFIX/share/auditdoc/<what>). */
#include "resources.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#ifndef AD_SOURCE_DIR
#define AD_SOURCE_DIR ""
#endif
#ifndef AD_BUILD_DIR
#define AD_BUILD_DIR ""
#endif
#ifndef AD_DATA_DIR
#define AD_DATA_DIR "/usr/local/share/auditdoc"
#endif

static bool S_is_dir(const char *p)
{
    struct stat st;
    return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A folder is usable when it exists and, for templates, holds wording.txt. */
static bool S_usable(const char *what, const char *dir)
{
    if (!S_is_dir(dir))
        return false;
    if (strcmp(what, "templates") == 0) {
        char *w = ad_xasprintf("%s/wording.txt", dir);
        bool ok = access(w, R_OK) == 0;
        free(w);
        return ok;
    }
    return true;
}

/* True when path lies inside dir (both resolved). */
static bool S_inside(const char *path, const char *dir)
{
    char *rp = realpath(path, NULL), *rd = realpath(dir, NULL);
    bool in = false;
    if (rp && rd) {
        size_t n = strlen(rd);
        in = strncmp(rp, rd, n) == 0 && (rp[n] == '/' || rp[n] == '\0');
    }
    free(rp);
    free(rd);
    return in;
}

static char *S_exe_dir(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    return ad_xstrdup(buf[0] ? buf : "/");
}

char *ad_resource_dir(const char *what, const char *user_dir, ad_err *e)
{
    if (user_dir) {
        if (S_usable(what, user_dir))
            return ad_xstrdup(user_dir);
        if (!S_is_dir(user_dir))
            ad_fail(e, AD_ERR_TEMPLATE, "%s: the %s folder does not exist", user_dir, what);
        else
            ad_fail(e, AD_ERR_TEMPLATE, "%s: not a %s folder (wording.txt is missing)", user_dir,
                    what);
        return NULL;
    }

    /* The order: the environment; a binary inside the build tree uses the
     * source tree's folders; an installed binary uses PREFIX/share/auditdoc
     * found relative to itself (relocatable), then the configured prefix. */
    char *cand[8] = {0};
    size_t nc = 0;
    const char *env = getenv("AUDITDOC_DATA_DIR");
    if (env && *env)
        cand[nc++] = ad_xasprintf("%s/%s", env, what);
    char *exe = S_exe_dir();
    if (exe && AD_BUILD_DIR[0] && AD_SOURCE_DIR[0] && S_inside(exe, AD_BUILD_DIR))
        cand[nc++] = ad_xasprintf("%s/%s", AD_SOURCE_DIR, what);
    if (exe) {
        cand[nc++] = ad_xasprintf("%s/../share/auditdoc/%s", exe, what);
        cand[nc++] = ad_xasprintf("%s/../%s", exe, what);
        free(exe);
    }
    cand[nc++] = ad_xasprintf("%s/%s", AD_DATA_DIR, what);
    if (AD_SOURCE_DIR[0])
        cand[nc++] = ad_xasprintf("%s/%s", AD_SOURCE_DIR, what);

    char *found = NULL;
    for (size_t i = 0; i < nc; i++) {
        if (!found && S_usable(what, cand[i])) {
            char *real = realpath(cand[i], NULL);
            found = real ? real : ad_xstrdup(cand[i]);
        }
    }
    if (!found) {
        ad_buf b = {0};
        for (size_t i = 0; i < nc; i++) {
            if (i)
                ad_buf_puts(&b, ", ");
            ad_buf_puts(&b, cand[i]);
        }
        char *list = ad_buf_take(&b);
        ad_fail(e, strcmp(what, "fonts") == 0 ? AD_ERR_FONT : AD_ERR_TEMPLATE,
                "cannot find the %s folder; looked in: %s (set AUDITDOC_DATA_DIR or name the "
                "folder on the command line)",
                what, list);
        free(list);
    }
    for (size_t i = 0; i < nc; i++)
        free(cand[i]);
    return found;
}

char *ad_user_cache_dir(void)
{
    const char *own = getenv("AUDITDOC_CACHE_DIR");
    if (own)
        return own[0] == '/' ? ad_xstrdup(own) : NULL;
    const char *xdg = getenv("XDG_CACHE_HOME");
    if (xdg && xdg[0] == '/')
        return ad_xasprintf("%s/auditdoc", xdg);
    const char *home = getenv("HOME");
    if (home && home[0] == '/')
        return ad_xasprintf("%s/.cache/auditdoc", home);
    return NULL;
}
