/* app_unit — build one unit's outputs: the shared core of `jixiao build`
 * and `jixiao batch`.
 *
 * An app_unit_env holds what every unit of a run shares: the parsed
 * templates (loaded once) and the options.  app_unit_build takes one data
 * file's bytes and writes, each atomically (temporary file + rename):
 *   OUTDIR/<单位名称>-<年度>.docx   the filled report with its forms
 *   OUTDIR/<单位名称>-<年度>.pdf    laid out from that DOCX (unless no_pdf)
 *   OUTDIR/<单位名称>-<年度>.check.txt  the findings of `jixiao check` (batch only)
 * An output that exists and is not a regular file, or that is one of the
 * inputs (data file, templates), is refused before anything is written.
 * A unit whose data has errors writes only its check report: the previous
 * good DOCX and PDF stay in place.  Diagnostics go to res->diags; nothing is printed.
 *
 * Ownership: app_unit_env_free frees the env; app_unit_result_free frees
 * the strings and diagnostics in a result (the struct itself is the
 * caller's). */
#ifndef JX_APP_UNIT_H
#define JX_APP_UNIT_H

#include <stdbool.h>
#include "../core/diag.h"
#include "../model/model.h"
#include "../tpl/tpl.h"

typedef struct {
    tpl_template *report, *form;    /* form NULL: no appendix forms */
    char *report_path, *form_path;
    model_options opts;
    bool no_pdf;
    bool write_check;               /* write the .check.txt report */
    bool strict;                    /* --strict: warnings refuse the unit too (notes never do) */
} app_unit_env;

typedef struct {
    char *base;         /* "<单位名称>-<年度>", NULL when the data could not be read */
    char *docx_path, *pdf_path, *check_path;   /* written files (NULL if not written) */
    diag_list diags;    /* everything: data findings, template and layout messages */
    bool ok;            /* outputs written */
} app_unit_result;

/* Load the templates (report_path and form_path may be NULL for the
 * bundled ones; no_forms leaves the forms out).  Returns false with the
 * template errors in diags. */
bool app_unit_env_init(app_unit_env *env, const char *report_path, const char *form_path,
                       bool no_forms, diag_list *diags);
void app_unit_env_free(app_unit_env *env);

/* The output base name for a data tree: 单位名称-年度, with characters
 * that could escape the output directory replaced by "_".  malloc'd. */
char *app_unit_base_name(const val *root);

bool app_unit_build(const app_unit_env *env, const char *data_path, const char *data, size_t len,
                    const char *outdir, app_unit_result *res);

/* app_unit_build with a commit journal (batch: OUT/.jixiao/state/<id>.commit):
 * the unit's outputs are then replaced all together or not at all, even
 * across a kill (the protocol is described in app_unit.c); journal NULL
 * is app_unit_build, whose outputs are each atomic but not together. */
bool app_unit_build_j(const app_unit_env *env, const char *data_path, const char *data, size_t len,
                      const char *outdir, const char *journal, app_unit_result *res);

/* Finish the renames a journal lists, for the outputs in outdir whose
 * temporary files are still there, and remove it.  0 or an errno value
 * with *err_msg. */
int app_unit_replay_journal(const char *journal, const char *outdir, char **err_msg);

/* Adds an error at 单位名称 when the outputs' file names would be longer
 * than APP_MAX_OUTPUT_NAME_BYTES (app_limits.h).  Returns false then.
 * `jixiao check` runs it too, so such a file fails the check. */
bool app_unit_name_check(const val *root, const char *data_path, diag_list *diags);
void app_unit_result_free(app_unit_result *res);

#endif
