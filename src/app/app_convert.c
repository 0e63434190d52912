/* jixiao convert IN -o OUT — a data file as a fill-in workbook or back,
 * chosen by OUT's extension (.xlsx, .yaml/.yml). */
#include "app.h"
#include "app_common.h"
#include "../core/fsio.h"
#include "../core/i18n.h"
#include "../core/strbuf.h"
#include "../model/model_derive.h"
#include "../model/model_limits.h"
#include "../model/model_schema.h"
#include "../model/model_yaml.h"
#include "../model/model_yaml_write.h"
#include "../xlsx/xlsx_model.h"
#include "../xlsx/xlsx_write.h"

#include <stdlib.h>
#include <string.h>

static const char convert_usage[] = N_(
    "usage: jixiao convert IN -o OUT\n"
    "  Converts a data file between YAML (.yaml) and the fill-in workbook (.xlsx), by OUT's extension.\n"
    "  The data must have no errors (jixiao check IN). Exit status: 0 written, 1 errors in IN, 2 unusable input or usage.\n");

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    if (a < b) return false;
    for (size_t i = 0; i < b; i++) {
        char c = s[a - b + i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != suf[i]) return false;
    }
    return true;
}

val_doc *app_read_tree(const char *path, diag_list *d);

/* Read a data file into a schema-checked tree (no derivation, no checks). */
val_doc *app_read_tree(const char *path, diag_list *d)
{
    char *data = NULL, *err = NULL;
    size_t len = 0;
    if (fsio_read_file(path, MODEL_MAX_FILE_BYTES, &data, &len, &err) != 0) {
        diag_loc l = {path, 0, 0, NULL, 0, NULL, NULL};
        diag_add(d, DIAG_FATAL, l, "io", "%s", err);
        free(err);
        return NULL;
    }
    val_doc *doc = xlsx_model_wants(path, data, len) ? xlsx_model_read(path, data, len, d) : model_yaml_read(path, data, len, d);
    free(data);
    if (doc && !diag_has_errors(d)) model_schema_apply(doc, d);
    return doc;
}

int app_write_data(const val_doc *doc, const char *out, const xlsx_write_options *wo, diag_list *d);

/* Write a tree as OUT's kind; false (with diagnostics) on failure. */
int app_write_data(const val_doc *doc, const char *out, const xlsx_write_options *wo, diag_list *d)
{
    if (ends_with(out, ".xlsx")) return xlsx_write(doc, out, wo, d) ? 0 : 1;
    size_t len;
    char *y = model_yaml_write(doc, &len), *err = NULL;
    int rc = fsio_write_atomic(out, y, len, &err);
    free(y);
    if (rc) {
        diag_loc l = {out, 0, 0, NULL, 0, NULL, NULL};
        diag_add(d, DIAG_FATAL, l, "io", "%s", err);
        free(err);
        return 1;
    }
    return 0;
}

int app_convert(int argc, char **argv)
{
    const char *in = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc) out = argv[++i];
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { fputs(_(convert_usage), stdout); return 0; }
        else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, _("jixiao convert: unknown option \"%s\".\n"), argv[i]);
            fputs(_(convert_usage), stderr);
            return 2;
        } else if (!in) in = argv[i];
        else { fputs(_(convert_usage), stderr); return 2; }
    }
    if (!in || !out) { fputs(_(convert_usage), stderr); return 2; }
    if (!ends_with(out, ".xlsx") && !ends_with(out, ".yaml") && !ends_with(out, ".yml")) {
        fprintf(stderr, _("jixiao convert: the output %s must end in .xlsx (workbook) or .yaml (data file).\n"), out);
        return 2;
    }
    if (fsio_same_file(in, out)) {
        fprintf(stderr, _("jixiao convert: %s is the input itself; choose another output file.\n"), out);
        return 2;
    }
    diag_list d;
    diag_list_init(&d);
    val_doc *doc = app_read_tree(in, &d);
    int status = 0;
    if (!doc || diag_has_errors(&d)) {
        diag_list_sort(&d);
        app_print_diags(&d, stderr);
        fprintf(stderr, _("jixiao convert: %s has errors; nothing was written. Correct them and convert again.\n"), in);
        status = doc ? 1 : 2;
    } else {
        model_options o;
        model_options_default(&o);
        /* The derived figures are the cached values of the workbook's formulas. */
        model_derive(doc, &o);
        xlsx_write_options wo = {5, false};
        if (app_write_data(doc, out, &wo, &d)) status = 1;
        diag_list_sort(&d);
        app_print_diags(&d, stderr);
        if (status) fprintf(stderr, _("jixiao convert: %s was not written.\n"), out);
    }
    val_doc_free(doc);
    diag_list_free(&d);
    return status;
}
