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

int fsio_check_dest(const char *path, char **err_msg)
{
    struct stat st;
    if (stat(path, &st) != 0) return 0;    /* a new name: mkstemp and rename say what is wrong, if anything */
    if (S_ISREG(st.st_mode)) return 0;
    /* One whole sentence per kind, so that each translates whole. */
    const char *fmt = S_ISDIR(st.st_mode)
        ? N_("%s is a directory, not a regular file; outputs are written only to regular files or to new names in an existing directory. Choose another output path.")
        : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)
        ? N_("%s is a device, not a regular file; outputs are written only to regular files or to new names in an existing directory. Choose another output path.")
        : S_ISFIFO(st.st_mode)
        ? N_("%s is a FIFO, not a regular file; outputs are written only to regular files or to new names in an existing directory. Choose another output path.")
        : N_("%s is not a regular file; outputs are written only to regular files or to new names in an existing directory. Choose another output path.");
    if (err_msg) *err_msg = xasprintf(_(fmt), path);
    return EINVAL;
}

bool fsio_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (!a || !b || stat(a, &sa) != 0 || stat(b, &sb) != 0) return false;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* dir/<name>.tmp.XXXXXX, or dir/.jx.tmp.XXXXXX when that would be longer
 * than a file name may be (the final name itself may be just under). */
static char *temp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    if (strlen(name) + strlen(".tmp.XXXXXX") <= 255) return xasprintf("%s.tmp.XXXXXX", path);
    return slash ? xasprintf("%.*s/.jx.tmp.XXXXXX", (int)(slash - path), path) : xstrdup(".jx.tmp.XXXXXX");
}

int fsio_write_temp(const char *path, const void *data, size_t len, char **tmp_out, char **err_msg)
{
    *tmp_out = NULL;
    int e = fsio_check_dest(path, err_msg);
    if (e) return e;
    /* The temporary file lives in the destination directory so that the
     * rename is atomic (same file system). */
    char *tmp = temp_name(path);
    int fd = mkstemp(tmp);
    if (fd < 0) { e = errno; fail(e, err_msg, "Cannot create a temporary file next to %s: %s.", path); free(tmp); return e; }
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0) { if (errno == EINTR) continue; e = errno; break; }
        p += w;
        left -= (size_t)w;
    }
    if (!e && fsync(fd) != 0) e = errno;
    if (!e && fchmod(fd, 0644) != 0) e = errno;
    if (close(fd) != 0 && !e) e = errno;
    if (e) {
        unlink(tmp);
        free(tmp);
        return fail(e, err_msg, "Cannot write %s: %s. The previous version, if any, is unchanged.", path);
    }
    *tmp_out = tmp;
    return 0;
}

int fsio_commit(const char *tmp, const char *path, char **err_msg)
{
    /* Checked again: the destination may have been replaced since the
     * temporary file was written. */
    int e = fsio_check_dest(path, err_msg);
    if (!e && rename(tmp, path) != 0) {
        e = errno;
        fail(e, err_msg, "Cannot write %s: %s. The previous version, if any, is unchanged.", path);
    }
    if (e) { unlink(tmp); return e; }
    /* The rename itself reaches the disk only with the directory. */
    const char *slash = strrchr(path, '/');
    char *dir = slash ? (slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path))) : xstrdup(".");
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) { (void)fsync(dfd); close(dfd); }
    free(dir);
    return 0;
}

int fsio_write_atomic(const char *path, const void *data, size_t len, char **err_msg)
{
    char *tmp = NULL;
    int e = fsio_write_temp(path, data, len, &tmp, err_msg);
    if (!e) e = fsio_commit(tmp, path, err_msg);
    free(tmp);
    return e;
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
