/* jixiao fields TEMPLATE [--form] — list the fields a template reads, one
 * per line, loops written with [] (自评表[].绩效指标[].三级指标).  Template
 * errors are reported as by build, all of them, and make the exit status 1. */
#include "app.h"
#include "../core/i18n.h"
#include "app_common.h"
#include "app_templates.h"

#include <stdio.h>
#include <string.h>

static const char fields_usage[] =
    N_("usage: jixiao fields [--form] TEMPLATE.docx\n"
    "  Lists the data fields the template uses.  --form: the template is a 自评表 form,\n"
    "  filled once per element of 自评表 (detected automatically when its fields say so).\n");

static void print_field(const char *path, void *ctx)
{
    (void)ctx;
    printf("%s\n", path);
}

static bool only_field_errors(const diag_list *d)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].sev >= DIAG_ERROR && strcmp(d->items[i].code, "tpl.field")) return false;
    return d->n > 0;
}

int app_fields(int argc, char **argv)
{
    const char *path = NULL;
    bool form = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--form")) form = true;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(_(fields_usage), stdout);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            { fprintf(stderr, _("jixiao fields: unknown option \"%s\".\n"), argv[i]); fputs(_(fields_usage), stderr); }
            return 2;
        } else if (!path) path = argv[i];
        else {
            fputs(_(fields_usage), stderr);
            return 2;
        }
    }
    if (!path) {
        fputs(_(fields_usage), stderr);
        return 2;
    }
    diag_list d;
    diag_list_init(&d);
    tpl_template *t = app_load_template(path, form ? "自评表" : NULL, &d);
    if (!t && !form && only_field_errors(&d)) {
        /* a form template names the fields of one 自评表 element */
        diag_list d2;
        diag_list_init(&d2);
        t = app_load_template(path, "自评表", &d2);
        if (t) {
            diag_list_free(&d);
            d = d2;
        } else {
            diag_list_free(&d2);
        }
    }
    diag_list_sort(&d);
    app_print_diags(&d, stderr);
    diag_list_free(&d);
    if (!t) return 1;
    tpl_fields(t, print_field, NULL);
    tpl_free(t);
    return 0;
}
