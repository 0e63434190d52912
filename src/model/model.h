/* model — the data side of the pipeline in one call: read a data file,
 * validate it against the schema (converting values to their types),
 * derive the computed figures, and run the consistency checks.
 *
 * Pure: works on a buffer, does no I/O.  Returns a val_doc the caller frees
 * with val_doc_free, or NULL when the file is unusable (syntax errors);
 * a document with schema errors is still returned so that every problem
 * can be reported in one run, but diag_has_errors(diags) is then true and
 * it must not be used to build a report. */
#ifndef JX_MODEL_H
#define JX_MODEL_H

#include "model_value.h"
#include "model_rules.h"
#include "../core/diag.h"

typedef struct {
    money_t tolerance;      /* display-rounding tolerance for amount identities; default 0.01 万元 */
    qnum grade_share[3];    /* qualitative grades 达成/部分达成/未达成 as shares of 分值: 1, 0.7, 0.3 */
    bool run_checks;        /* false: validate and derive only */
    const rule_set *rules;  /* text rules (the files in rules/ and --rules); NULL: only the built-in text checks; not owned */
} model_options;

void model_options_default(model_options *o);

val_doc *model_load(const char *file, const char *data, size_t len,
                    const model_options *opts, diag_list *diags);

#endif
