/* jixiao init [-o 单位.xlsx] [--name 单位名称] [--year 2025] — a blank
 * fill-in workbook to start a unit's data from. */
#include "app.h"
#include "app_common.h"
#include "../core/i18n.h"
#include "../model/model_schema.h"
#include "../xlsx/xlsx_write.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char init_usage[] = N_(
    "usage: jixiao init [-o 单位.xlsx] [--name 单位名称] [--year 2025]\n"
    "  Writes a blank fill-in workbook (default 单位.xlsx); an existing file is not overwritten.\n");

int app_init(int argc, char **argv)
{
    const char *out = NULL, *name = NULL, *year = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc) out = argv[++i];
        else if (!strcmp(argv[i], "--name") && i + 1 < argc) name = argv[++i];
        else if (!strcmp(argv[i], "--year") && i + 1 < argc) year = argv[++i];
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { fputs(_(init_usage), stdout); return 0; }
        else {
            fprintf(stderr, _("jixiao init: unknown option \"%s\".\n"), argv[i]);
            fputs(_(init_usage), stderr);
            return 2;
        }
    }
    if (!out) out = "单位.xlsx";
    size_t ol = strlen(out);
    if (ol < 5 || strcmp(out + ol - 5, ".xlsx")) {
        fprintf(stderr, _("jixiao init: the workbook %s must end in .xlsx.\n"), out);
        return 2;
    }
    struct stat st;
    if (stat(out, &st) == 0) {
        fprintf(stderr, _("jixiao init: %s exists already and is left as it is; choose another name with -o.\n"), out);
        return 2;
    }
    val_doc *doc = val_doc_new(out);
    doc->root = val_new(doc, VAL_MAP, 0, 0);
    if (name) val_map_set(doc, doc->root, "单位名称", val_new_str(doc, name, strlen(name), 0, 0), 0, 0);
    if (year) val_map_set(doc, doc->root, "年度", val_new_str(doc, year, strlen(year), 0, 0), 0, 0);
    diag_list d;
    diag_list_init(&d);
    int status = 0;
    if (!model_schema_apply(doc, &d)) {
        /* Only --name and --year can be wrong here; the rest is blank. */
        bool bad = false;
        for (size_t i = 0; i < d.n; i++) bad |= d.items[i].sev >= DIAG_ERROR && strcmp(d.items[i].code, "missing");
        if (bad) {
            for (size_t i = 0; i < d.n; i++)
                if (strcmp(d.items[i].code, "missing")) fprintf(stderr, "jixiao init: %s\n", d.items[i].message);
            status = 2;
        }
    }
    if (!status) {
        diag_list w;
        diag_list_init(&w);
        xlsx_write_options wo = {20, true};
        if (!xlsx_write(doc, out, &wo, &w)) status = 1;
        app_print_diags(&w, stderr);
        diag_list_free(&w);
        if (!status) printf(_("Wrote %s: fill in the yellow cells, then run jixiao check %s.\n"), out, out);
    }
    diag_list_free(&d);
    val_doc_free(doc);
    return status;
}
