/* jixiao check DATA... — validate data files and report every problem. */
#include "app.h"
#include "../core/i18n.h"
#include "app_common.h"
#include "app_unit.h"
#include "app_rules.h"
#include "../core/diag.h"
#include "../core/fsio.h"
#include "../core/strbuf.h"
#include "../model/model.h"
#include "../model/model_limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char check_usage[] = N_(
    "usage: jixiao check [--format text|json] [--tolerance 万元] [--no-notes] [--rules DIR]... DATA...\n"
    "  Reports every problem of each data file as file:line:col: severity: message [code].\n"
    "  Exit status: 0 no errors (warnings allowed), 1 errors, 2 unusable input or usage.\n");

int app_check(int argc, char **argv)
{
    bool json = false, notes = true;
    model_options opts;
    model_options_default(&opts);
    int first = 0;
    char **files = xcalloc((size_t)argc, sizeof(char *));
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--format") && i + 1 < argc) {
            const char *f = argv[++i];
            if (!strcmp(f, "json")) json = true;
            else if (strcmp(f, "text")) { fprintf(stderr, _("jixiao check: unknown format \"%s\"; use text or json.\n"), f); free(files); return 2; }
        } else if (!strcmp(a, "--tolerance") && i + 1 < argc) {
            const char *t = argv[++i];
            if (money_parse(t, strlen(t), &opts.tolerance) != NUM_OK || opts.tolerance < 0) {
                fprintf(stderr, _("jixiao check: --tolerance takes an amount in 万元 such as 0.01, not \"%s\".\n"), t);
                free(files);
                return 2;
            }
        } else if (!strcmp(a, "--rules") && i + 1 < argc) {
            app_rules_add_dir(argv[++i]);
        } else if (!strcmp(a, "--no-notes")) {
            notes = false;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(_(check_usage), stdout);
            free(files);
            return 0;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, _("jixiao check: unknown option \"%s\".\n"), a);
            fputs(_(check_usage), stderr);
            free(files);
            return 2;
        } else {
            files[nfiles++] = argv[i];
        }
    }
    (void)first;
    if (!nfiles) { fputs(_(check_usage), stderr); free(files); return 2; }

    int status = 0;
    diag_list all;
    diag_list_init(&all);
    for (int i = 0; i < nfiles; i++) {
        diag_list d;
        diag_list_init(&d);
        const app_rules *rules = app_rules_for(files[i]);
        app_rules_report(rules, &d);
        opts.rules = rules->rules;
        val_doc *doc = app_load_data(files[i], &opts, &d);
        if (doc) app_unit_name_check(doc->root, files[i], &d);   /* build would refuse it */
        if (!doc) status = 2;
        else if (diag_has_errors(&d) && status < 1) status = 1;
        val_doc_free(doc);
        diag_list_sort(&d);
        for (size_t k = 0; k < d.n; k++) {
            diag *x = &d.items[k];
            if (!notes && x->sev == DIAG_NOTE) continue;
            diag_loc l = {x->file, x->line, x->col, x->part, x->para, x->tag, x->sheet};
            diag_add(&all, x->sev, l, x->code, "%s", x->message);
        }
        diag_list_free(&d);
    }
    if (json) {
        char *s = diag_list_json(&all);
        fputs(s, stdout);
        free(s);
    } else {
        app_print_diags(&all, stdout);
        /* The summary goes to the findings' stream, after them, so that
         * `check … 2>&1 | less` and a redirected stdout read in order. */
        /* TRANSLATORS: summary after the findings: files, errors, warnings, notes. */
        fprintf(stdout, _("%d file(s): %zu error(s), %zu warning(s), %zu note(s).\n"), nfiles,
                all.counts[DIAG_ERROR] + all.counts[DIAG_FATAL], all.counts[DIAG_WARNING], all.counts[DIAG_NOTE]);
    }
    diag_list_free(&all);
    free(files);
    return status;
}
