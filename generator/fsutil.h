/* fsutil.h — file-system helpers for outputs that are never left half
 * written: temporary siblings, atomic renames, recursive removal, copies,
 * Windows-safe file names, listing and walking folders (hashing: hash.h). */
#ifndef AD_FSUTIL_H
#define AD_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* Creates a new empty folder beside path (same file system, so it can be
 * renamed onto path): "<dir>/.<base>.tmp-XXXXXX".  Newly allocated name. */
char *ad_mkdtemp_beside(const char *path, ad_err *e);
/* The same, marked inside (a hidden file) as made by this process of this
 * host, so that a later run can tell a folder a killed run left. */
char *ad_mkdtemp_owned(const char *path, ad_err *e);
/* Removes the mark, before the folder is renamed into place. */
void ad_owned_release(const char *tmp);
/* Removes the temporary folders beside path that ad_mkdtemp_owned made in a
 * process of this host that no longer runs; nothing else (a user's own
 * ".DIR.tmp-x", a folder of a running build, one from another host).
 * Returns how many it removed. */
size_t ad_sweep_owned(const char *path);
/* Creates path and its missing parents (mode 0777 & ~umask). */
ad_status ad_mkdirs(const char *path, ad_err *e);
/* Removes a file or a whole folder tree; missing is not an error. */
ad_status ad_rmrf(const char *path);
/* Moves the finished folder src onto dst: atomically exchanged with an
 * existing dst (whose old contents are then removed), or simply renamed. */
ad_status ad_replace_dir(const char *src, const char *dst, ad_err *e);
/* Renames src to dst only if dst does not exist (never overwrites). */
ad_status ad_rename_noreplace(const char *src, const char *dst, ad_err *e);
/* Writes data to a new file path (never over an existing one), no fsync:
 * for files inside a folder that becomes visible only as a whole. */
ad_status ad_write_file(const char *path, const void *data, size_t len, ad_err *e);
/* Writes data to path through a temporary file, fsync and rename. */
ad_status ad_write_atomic(const char *path, const void *data, size_t len, ad_err *e);
ad_status ad_copy_file(const char *src, const char *dst, ad_err *e);
/* Copies a folder tree (regular files and folders only, sorted order,
 * hidden names — starting with '.' — left out). */
ad_status ad_copy_tree(const char *src, const char *dst, ad_err *e);
/* Reads a whole file (NUL-terminated); max_len 0 means no limit. */
ad_status ad_read_file(const char *path, size_t max_len, char **data, size_t *len, ad_err *e);
bool ad_is_dir(const char *path);
bool ad_exists(const char *path);
/* fsync a folder so a rename in it is durable. */
void ad_fsync_dir(const char *path);

/* A file name that is safe on a Windows file share and on POSIX: characters
 * Windows forbids (<>:"/\|?* and controls) and % (which BagIt
 * manifests would have to escape) become '_', no leading or trailing
 * dots or spaces, reserved device names (CON, NUL, COM1 …) get a '_' prefix,
 * at most max_bytes bytes of UTF-8 without cutting a character.  Never
 * returns "", "." or "..".  Newly allocated. */
char *ad_safe_filename(const char *name, size_t max_bytes);

/* Sorted list of the entries of a folder (no "." or ".."); newly allocated
 * array of newly allocated names; NULL on error. */
char **ad_list_dir(const char *path, size_t *n);
void ad_strv_free(char **v, size_t n);
/* Lists the regular files under dir (relative paths, '/'-separated, sorted
 * bytewise, folders descended), skipping names starting with '.'.  Newly
 * allocated; free with ad_strv_free. */
char **ad_walk_files(const char *dir, size_t *n);
/* The same, hidden files and folders included (verify: nothing may hide). */
char **ad_walk_files_all(const char *dir, size_t *n);

#endif
