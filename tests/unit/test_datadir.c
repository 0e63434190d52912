/* datadir: environment first, then the installed tree next to the
 * executable (through symlinks, moved or not), the source tree only for a
 * binary inside its build directory, and a useful path when nothing is found. */
#include "test.h"
#include "core/datadir.h"
#include "core/strbuf.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/jx-test-datadir.XXXXXX";

static void touch(const char *p)
{
    FILE *f = fopen(p, "w");
    CHECK(f != NULL);
    if (f) fclose(f);
}

/* prefix/bin/jixiao and, when with_data, prefix/<bin>/JX_BIN_TO_DATA/jixiao/{templates,fonts/fonts.conf}. */
static char *make_tree(const char *name, int with_data)
{
    char *prefix = xasprintf("%s/%s", dir, name), *bin = xasprintf("%s/bin", prefix);
    CHECK(mkdir(prefix, 0700) == 0 && mkdir(bin, 0700) == 0);
    char *exe = xasprintf("%s/jixiao", bin);
    touch(exe);
    if (with_data) {
        char *d = xasprintf("%s/" JX_BIN_TO_DATA, bin);
        mkdir(d, 0700);
        char *j = xasprintf("%s/jixiao", d), *t = xasprintf("%s/templates", j), *f = xasprintf("%s/fonts", j);
        char *fc = xasprintf("%s/fonts.conf", f);
        CHECK(mkdir(j, 0700) == 0 && mkdir(t, 0700) == 0 && mkdir(f, 0700) == 0);
        touch(fc);
        free(d), free(j), free(t), free(f), free(fc);
    }
    free(prefix);
    free(bin);
    return exe;
}

static void check(const char *what, const char *exe, const char *want, datadir_origin want_o)
{
    datadir_origin o = (datadir_origin)-1;
    char *p = exe ? datadir_path_for(what, exe, &o) : datadir_path(what, &o);
    CHECK_STR(p, want);
    CHECK_INT(o, want_o);
    free(p);
}

int main(void)
{
    CHECK(mkdtemp(dir) != NULL);
    unsetenv("JIXIAO_TEMPLATES");
    unsetenv("JIXIAO_FONTS_CONF");
    unsetenv("JIXIAO_RULES");

    /* Installed: found next to the executable; the printed path has no bin/.. in it. */
    char *exe = make_tree("p", 1);
    char *share = xasprintf("%s/p/bin/" JX_BIN_TO_DATA, dir), *want;
    char real[4096];
    CHECK(realpath(share, real) != NULL);
    want = xasprintf("%s/jixiao/templates", real);
    check("templates", exe, want, DATADIR_INSTALLED);
    free(want);
    want = xasprintf("%s/jixiao/fonts/fonts.conf", real);
    check("fonts.conf", exe, want, DATADIR_INSTALLED);
    free(want);
    /* rules/ not installed: missing, with the place it belongs. */
    want = xasprintf("%s/jixiao/rules", real);
    check("rules", exe, want, DATADIR_MISSING);
    free(want);

    /* A symlink to the installed binary (/usr/local/bin/jixiao → /opt/…) uses the target's tree. */
    char *linkdir = xasprintf("%s/links", dir), *link = xasprintf("%s/jixiao", linkdir);
    CHECK(mkdir(linkdir, 0700) == 0 && symlink(exe, link) == 0);
    want = xasprintf("%s/jixiao/templates", real);
    check("templates", link, want, DATADIR_INSTALLED);
    free(want);

    /* Moved as a whole: still found, at the new place. */
    char *moved = xasprintf("%s/moved", dir), *old = xasprintf("%s/p", dir);
    CHECK(rename(old, moved) == 0);
    char *mexe = xasprintf("%s/bin/jixiao", moved), *mshare = xasprintf("%s/bin/" JX_BIN_TO_DATA, moved);
    CHECK(realpath(mshare, real) != NULL);
    want = xasprintf("%s/jixiao/templates", real);
    check("templates", mexe, want, DATADIR_INSTALLED);
    free(want);

    /* A bare copy of the binary outside any build directory never falls back to the source tree. */
    char *bare = make_tree("bare", 0), *bshare = xasprintf("%s/bare/bin/" JX_BIN_TO_DATA, dir);
    char *bdir = xasprintf("%s/bare", dir);
    CHECK(realpath(bdir, real) != NULL);
    if (!strncmp(JX_BIN_TO_DATA, "../", 3)) {   /* the GNUInstallDirs default: ../share */
        want = xasprintf("%s/%s/jixiao/templates", real, JX_BIN_TO_DATA + 3);
        check("templates", bare, want, DATADIR_MISSING);
        free(want);
    }

    /* The environment wins, taken as given even when it names nothing. */
    setenv("JIXIAO_TEMPLATES", "/nonexistent/templates", 1);
    check("templates", mexe, "/nonexistent/templates", DATADIR_ENV);
    check("templates", NULL, "/nonexistent/templates", DATADIR_ENV);
    unsetenv("JIXIAO_TEMPLATES");
    setenv("JIXIAO_FONTS_CONF", "", 1);   /* empty means unset */

    /* This test program lives in the build directory: the source tree is its data. */
    check("templates", NULL, JX_SOURCE_DIR "/templates", DATADIR_SOURCE);
    check("fonts.conf", NULL, JX_SOURCE_DIR "/fonts/fonts.conf", DATADIR_SOURCE);
    unsetenv("JIXIAO_FONTS_CONF");

    CHECK(datadir_path("no-such-item", NULL) == NULL);
    CHECK_STR(datadir_env("rules"), "JIXIAO_RULES");
    CHECK_STR(datadir_env("fonts.conf"), "JIXIAO_FONTS_CONF");
    CHECK(datadir_env("x") == NULL);

    free(exe), free(share), free(linkdir), free(link), free(moved), free(old), free(mexe), free(mshare);
    free(bare), free(bshare), free(bdir);
    char *rm = xasprintf("rm -rf '%s'", dir);
    CHECK(system(rm) == 0);
    free(rm);
    return test_done();
}
