/* jixiao version: the version and where each data item is taken from, so
 * that an administrator sees at once whether an installed copy uses its own
 * data or an override (src/core/datadir.h). */
#include "app.h"
#include "../core/datadir.h"
#include "../core/i18n.h"
#include "../core/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int app_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("jixiao %s\n", JX_VERSION);

    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        printf(_("program: %s\n"), exe);
    }
    static const struct { const char *what, *label; } items[] = {
        {"templates", N_("templates")},
        {"fonts.conf", N_("font configuration")},
        {"rules", N_("check rules")},
    };
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        datadir_origin o;
        char *p = datadir_path(items[i].what, &o);
        char *from = o == DATADIR_ENV ? xasprintf(_("environment variable %s"), datadir_env(items[i].what))
                   : xstrdup(o == DATADIR_INSTALLED ? _("installed")
                             : o == DATADIR_SOURCE  ? _("source tree")
                                                    : _("not found"));
        /* TRANSLATORS: item, path, where it comes from. */
        printf(_("%s: %s (%s)\n"), _(items[i].label), p, from);
        free(from);
        free(p);
    }
    fputs(_("messages: built into the program\n"), stdout);
    return 0;
}
