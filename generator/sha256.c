/* sha256.c — SHA-256 of files and buffers (GLib's GChecksum, which every
 * build already has through Pango), as lower-case hex. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "fsutil.h"

ad_status ad_sha256_file(const char *path, char hex[65], uint64_t *size, ad_err *e)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ad_fail(e, AD_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    unsigned char buf[1 << 16];
    uint64_t total = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int err = errno;
            close(fd);
            g_checksum_free(c);
            return ad_fail(e, AD_ERR_IO, "%s: cannot read: %s", path, strerror(err));
        }
        if (n == 0)
            break;
        g_checksum_update(c, buf, (gssize)n);
        total += (uint64_t)n;
    }
    close(fd);
    memcpy(hex, g_checksum_get_string(c), 64);
    hex[64] = '\0';
    g_checksum_free(c);
    if (size)
        *size = total;
    return AD_OK;
}

void ad_sha256_buf(const void *data, size_t len, char hex[65])
{
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(c, data, (gssize)len);
    memcpy(hex, g_checksum_get_string(c), 64);
    hex[64] = '\0';
    g_checksum_free(c);
}
