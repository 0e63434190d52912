/* jixiao build DATA... -o DIR [-t TEMPLATE] [--form-template F] [--no-forms] [--no-pdf]
 *
 * For each data file: load and check it (refusing files with errors),
 * fill the report template, append one filled 自评表 form per element of
 * 自评表, lay the result out as PDF, and write DIR/<单位名称>-<年度>.docx
 * and .pdf atomically (app_unit does the work, shared with batch). */
#include "app.h"
#include "../core/i18n.h"
#include "app_common.h"
#include "app_unit.h"
#include "app_rules.h"
#include "../core/fsio.h"
#include "../core/strbuf.h"
#include "../model/model_limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char build_usage[] =
    N_("usage: jixiao build DATA... -o DIR [-t REPORT.docx] [--form-template FORM.docx] [--no-forms] [--no-pdf] [--strict] [--rules DIR]...\n"
    "  Writes DIR/<单位名称>-<年度>.docx and .pdf for each data file that has no errors.\n"
    "  --strict    refuse warnings too (notes never refuse): the final run before publishing\n"
    "  --rules DIR more check rules (*.yaml) besides the bundled ones; a 规则/ folder beside the data counts too\n"
    "  Templates default to report.docx and form.docx in $JIXIAO_TEMPLATES, else in the installed\n"
    "  templates directory (`jixiao version` shows which one is used).\n");

int app_build(int argc, char **argv)
{
    const char *outdir = NULL, *report_path = NULL, *form_path = NULL;
    bool no_forms = false, no_pdf = false, strict = false;
    char **files = xcalloc((size_t)argc + 1, sizeof(char *));
    int nfiles = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) outdir = argv[++i];
        else if ((!strcmp(a, "-t") || !strcmp(a, "--template")) && i + 1 < argc) report_path = argv[++i];
        else if (!strcmp(a, "--form-template") && i + 1 < argc) form_path = argv[++i];
        else if (!strcmp(a, "--no-forms")) no_forms = true;
        else if (!strcmp(a, "--no-pdf")) no_pdf = true;
        else if (!strcmp(a, "--strict")) strict = true;
        else if (!strcmp(a, "--rules") && i + 1 < argc) app_rules_add_dir(argv[++i]);
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(_(build_usage), stdout);
            free(files);
            return 0;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, _("jixiao build: unknown option \"%s\".\n"), a);
            fputs(_(build_usage), stderr);
            free(files);
            return 2;
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (!nfiles || !outdir) {
        fputs(_(build_usage), stderr);
        free(files);
        return 2;
    }

    diag_list td;
    diag_list_init(&td);
    app_unit_env env;
    if (!app_unit_env_init(&env, report_path, form_path, no_forms, &td)) {
        diag_list_sort(&td);
        app_print_diags(&td, stderr);
        fprintf(stderr, "%s", _("jixiao build: the template cannot be used; nothing was written.\n"));
        diag_list_free(&td);
        app_unit_env_free(&env);
        free(files);
        return 1;
    }
    diag_list_free(&td);
    env.no_pdf = no_pdf;
    env.strict = strict;

    char *err = NULL;
    if (fsio_mkdir_p(outdir, &err) != 0) {
        fprintf(stderr, _("jixiao build: %s\n"), err);
        free(err);
        app_unit_env_free(&env);
        free(files);
        return 2;
    }

    if (nfiles > 1)
        app_keep_heap();
    int status = 0;
    for (int i = 0; i < nfiles; i++) {
        char *data = NULL;
        size_t len = 0;
        if (fsio_read_file(files[i], MODEL_MAX_FILE_BYTES, &data, &len, &err) != 0) {
            fprintf(stderr, _("jixiao build: %s\n"), err);
            free(err);
            err = NULL;
            status = 2;
            continue;
        }
        app_unit_result res;
        bool ok = app_unit_build(&env, files[i], data, len, outdir, &res);
        app_print_diags(&res.diags, stderr);
        if (ok) {
            printf("%s\n", res.docx_path);
            if (res.pdf_path) printf("%s\n", res.pdf_path);
        } else {
            size_t ne = res.diags.counts[DIAG_ERROR] + res.diags.counts[DIAG_FATAL];
            if (ne)
                /* TRANSLATORS: %zu is the number of errors listed above, %s the data file. */
                fprintf(stderr, _("jixiao build: %zu error(s) above; no report was built from %s; the previous outputs, if any, are unchanged.\n"), ne, files[i]);
            else
                fprintf(stderr, _("jixiao build: no report was built from %s; the previous outputs, if any, are unchanged.\n"), files[i]);
            if (status < 1) status = 1;
        }
        app_unit_result_free(&res);
        free(data);
    }
    app_unit_env_free(&env);
    free(files);
    return status;
}
