/* datadir — where the program's data files are: the bundled templates, the
 * font configuration, the check rules.
 *
 * An installed program finds them relative to its own executable, so an
 * installed tree can be moved as a whole (bin/jixiao → ../share/jixiao/…,
 * following the configured GNUInstallDirs).  Order, per item:
 *   1. the item's environment variable when set and non-empty (JIXIAO_TEMPLATES,
 *      JIXIAO_FONTS_CONF, JIXIAO_RULES), taken as given, existing or not: an
 *      explicit choice is reported by the reader when wrong, never skipped;
 *   2. <exe dir>/<bin→data relative path>/jixiao/<item> when it exists;
 *   3. the source tree the binary was compiled from, but only when the
 *      running executable lies inside its build directory (a developer's
 *      build/jixiao or a test program under build/): an installed or copied
 *      binary never reads a source tree.
 * When none applies, DATADIR_MISSING comes with the path where the item
 * should have been (the source tree's for a binary in its build directory,
 * else the installed location), so that the reader's error names it.
 *
 * Items: "templates" (directory of report.docx, form.docx), "fonts.conf"
 * (file), "rules" (directory of check rules).  Nothing is cached: every call
 * looks again (a readlink and a few access() calls), so it is thread-safe and
 * sees the current environment. */
#ifndef JX_DATADIR_H
#define JX_DATADIR_H

typedef enum {
    DATADIR_MISSING,     /* found nowhere; the path is the installed location */
    DATADIR_ENV,         /* from the environment variable */
    DATADIR_INSTALLED,   /* next to the executable, in its share directory */
    DATADIR_SOURCE,      /* the source tree of a binary run from its build directory */
} datadir_origin;

/* The path of item `what` (one of the names above; NULL for an unknown name).
 * malloc'd, the caller frees.  *origin (if not NULL) says which rule gave it. */
char *datadir_path(const char *what, datadir_origin *origin);

/* The environment variable that overrides `what`, or NULL for an unknown name. */
const char *datadir_env(const char *what);

/* datadir_path as if the running executable were `exe` (an absolute path):
 * for tests. */
char *datadir_path_for(const char *what, const char *exe, datadir_origin *origin);

#endif
