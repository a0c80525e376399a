/* resources.h — where the program finds its templates, fonts and schema:
 * next to the binary in the build tree (../templates relative to the source
 * tree recorded at configure time), then under the install prefix
 * (PREFIX/share/auditdoc/…), unless the user names a folder. */
#ifndef AD_RESOURCES_H
#define AD_RESOURCES_H

#include "diag.h"

/* Returns a newly allocated path to the folder `what` ("templates", "fonts"),
 * or NULL with e set.  user_dir, when non-NULL, wins. */
char *ad_resource_dir(const char *what, const char *user_dir, ad_err *e);

/* The user's cache folder for auditdoc, newly allocated: $AUDITDOC_CACHE_DIR,
 * else $XDG_CACHE_HOME/auditdoc, else $HOME/.cache/auditdoc; NULL when none
 * of them is an absolute path or AUDITDOC_CACHE_DIR is empty (no cache).
 * Nothing in it is needed: deleting it only makes the next run slower. */
char *ad_user_cache_dir(void);

#endif
