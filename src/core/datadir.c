/* datadir — see datadir.h.
 *
 * Compile-time inputs (cmake/install.cmake): JX_BIN_TO_DATA, the install
 * data directory relative to the install bin directory ("../share");
 * JX_FULL_DATADIR, the absolute data directory of the configured prefix (used
 * only when /proc/self/exe cannot be read); JX_BUILD_DIR and JX_SOURCE_DIR. */
#include "datadir.h"
#include "strbuf.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if !defined(JX_BIN_TO_DATA) || !defined(JX_FULL_DATADIR) || !defined(JX_BUILD_DIR) || !defined(JX_SOURCE_DIR)
#error "datadir.c needs JX_BIN_TO_DATA, JX_FULL_DATADIR, JX_BUILD_DIR and JX_SOURCE_DIR (cmake/install.cmake)"
#endif

static const struct {
    const char *what, *env, *rel;   /* rel: the same below share/jixiao/ and the source tree */
} items[] = {
    {"templates", "JIXIAO_TEMPLATES", "templates"},
    {"fonts.conf", "JIXIAO_FONTS_CONF", "fonts/fonts.conf"},
    {"rules", "JIXIAO_RULES", "rules"},
};

static int find(const char *what)
{
    if (!what) return -1;
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
        if (!strcmp(items[i].what, what)) return (int)i;
    return -1;
}

const char *datadir_env(const char *what)
{
    int i = find(what);
    return i < 0 ? NULL : items[i].env;
}

static bool exists(const char *p)
{
    return access(p, F_OK) == 0;
}

/* The directory part of path, resolved through symlinks when it exists (a
 * /usr/local/bin/jixiao symlink to /opt/jixiao/bin/jixiao must find
 * /opt/jixiao/share). malloc'd. */
static char *real_dir(const char *path)
{
    char buf[PATH_MAX];
    const char *p = realpath(path, buf) ? buf : path;
    const char *slash = strrchr(p, '/');
    if (!slash) return xstrdup(".");
    if (slash == p) return xstrdup("/");
    return xstrndup(p, (size_t)(slash - p));
}

/* True when dir is build or lies below it (build resolved through symlinks). */
static bool inside_build_dir(const char *dir)
{
    char buf[PATH_MAX];
    const char *b = realpath(JX_BUILD_DIR, buf);
    if (!b) return false;
    size_t n = strlen(b);
    return !strncmp(dir, b, n) && (dir[n] == '\0' || dir[n] == '/');
}

/* The data directory an installed binary in exe_dir uses, with the leading
 * "../" of the relative path applied (so messages show /usr/share, not
 * /usr/bin/../share). malloc'd. */
static char *installed_datadir(const char *exe_dir)
{
    const char *rel = JX_BIN_TO_DATA;
    char *base = xstrdup(exe_dir);
    for (;;) {
        bool up = !strncmp(rel, "../", 3), last = !strcmp(rel, "..");
        if (!up && !last) break;
        char *slash = strrchr(base, '/');
        if (slash) slash[slash == base] = '\0';   /* the parent of /x and of / is / */
        rel += last ? 2 : 3;
    }
    char *r = !*rel ? xstrdup(base)
            : xasprintf("%s%s%s", base, base[strlen(base) - 1] == '/' ? "" : "/", rel);
    free(base);
    return r;
}

char *datadir_path_for(const char *what, const char *exe, datadir_origin *origin)
{
    int i = find(what);
    if (i < 0) return NULL;
    datadir_origin o = DATADIR_MISSING;
    char *path = NULL;
    const char *env = getenv(items[i].env);
    if (env && *env) {
        o = DATADIR_ENV;
        path = xstrdup(env);
    } else if (exe) {
        char *dir = real_dir(exe), *data = installed_datadir(dir);
        path = xasprintf("%s/jixiao/%s", data, items[i].rel);
        free(data);
        if (exists(path)) {
            o = DATADIR_INSTALLED;
        } else if (inside_build_dir(dir)) {
            /* A developer's binary: the source tree is where it would be, found or not. */
            free(path);
            path = xasprintf("%s/%s", JX_SOURCE_DIR, items[i].rel);
            if (exists(path)) o = DATADIR_SOURCE;
        }
        free(dir);
    } else {
        path = xasprintf("%s/jixiao/%s", JX_FULL_DATADIR, items[i].rel);
        if (exists(path)) o = DATADIR_INSTALLED;
    }
    if (origin) *origin = o;
    return path;
}

char *datadir_path(const char *what, datadir_origin *origin)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) exe[n] = '\0';
    return datadir_path_for(what, n > 0 ? exe : NULL, origin);
}
