#include "fsio.h"
#include "i18n.h"
#include "strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(int err, char **msg, const char *fmt, const char *path)
{
    if (msg) *msg = xasprintf(_(fmt), path, jx_strerror(err));
    return err;
}

int fsio_read_file(const char *path, size_t max, char **data, size_t *len, char **err_msg)
{
    *data = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail(errno, err_msg, "Cannot open %s: %s.", path);
    struct stat st;
    if (fstat(fd, &st) != 0) { int e = errno; close(fd); return fail(e, err_msg, "Cannot read %s: %s.", path); }
    if (!S_ISREG(st.st_mode)) { close(fd); return fail(EINVAL, err_msg, "%s is not a regular file (%s).", path); }
    if ((unsigned long long)st.st_size > max) {
        close(fd);
        if (err_msg) *err_msg = xasprintf(_("%s is %lld bytes, more than the limit of %zu bytes for this kind of file."),
                                          path, (long long)st.st_size, max);
        return EFBIG;
    }
    strbuf b = STRBUF_INIT;
    strbuf_reserve(&b, (size_t)st.st_size);
    for (;;) {
        strbuf_reserve(&b, 65536);
        ssize_t r = read(fd, b.data + b.len, b.cap - b.len - 1);
        if (r < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            close(fd);
            strbuf_free(&b);
            return fail(e, err_msg, "Cannot read %s: %s.", path);
        }
        if (r == 0) break;
        b.len += (size_t)r;
        if (b.len > max) {
            close(fd);
            strbuf_free(&b);
            if (err_msg) *err_msg = xasprintf(_("%s is larger than the limit of %zu bytes for this kind of file."), path, max);
            return EFBIG;
        }
    }
    close(fd);
    b.data[b.len] = 0;
    *len = b.len;
    *data = strbuf_take(&b);
    return 0;
}

int fsio_write_atomic(const char *path, const void *data, size_t len, char **err_msg)
{
    /* The temporary file lives in the destination directory so that the
     * rename is atomic (same file system). */
    char *tmp = xasprintf("%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) { int e = errno; fail(e, err_msg, "Cannot create a temporary file next to %s: %s.", path); free(tmp); return e; }
    const char *p = data;
    size_t left = len;
    int e = 0;
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0) { if (errno == EINTR) continue; e = errno; break; }
        p += w;
        left -= (size_t)w;
    }
    if (!e && fsync(fd) != 0) e = errno;
    if (!e && fchmod(fd, 0644) != 0) e = errno;
    if (close(fd) != 0 && !e) e = errno;
    if (!e && rename(tmp, path) != 0) e = errno;
    if (e) {
        unlink(tmp);
        free(tmp);
        return fail(e, err_msg, "Cannot write %s: %s. The previous version, if any, is unchanged.", path);
    }
    free(tmp);
    return 0;
}

int fsio_mkdir_p(const char *path, char **err_msg)
{
    char *p = xstrdup(path);
    for (char *s = p + 1; ; s++) {
        if (*s == '/' || *s == 0) {
            char c = *s;
            *s = 0;
            if (mkdir(p, 0755) != 0 && errno != EEXIST) {
                int e = errno;
                fail(e, err_msg, "Cannot create directory %s: %s.", p);
                free(p);
                return e;
            }
            *s = c;
            if (!c) break;
        }
    }
    free(p);
    return 0;
}
