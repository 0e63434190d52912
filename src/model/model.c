#include "model.h"
#include "model_check.h"
#include "model_derive.h"
#include "model_narrative.h"
#include "model_schema.h"
#include "model_selfcheck.h"
#include "model_text.h"
#include "model_yaml.h"
#include "../xlsx/xlsx_model.h"


void model_options_default(model_options *o)
{
    o->tolerance = MONEY_SCALE / 100;   /* 0.01 万元 */
    o->grade_share[0] = qnum_int(1);
    o->grade_share[1] = qnum_frac(7, 10);
    o->grade_share[2] = qnum_frac(3, 10);
    o->run_checks = true;
    o->rules = NULL;
}

val_doc *model_load(const char *file, const char *data, size_t len,
                    const model_options *opts, diag_list *diags)
{
    model_options def;
    if (!opts) { model_options_default(&def); opts = &def; }
    /* A workbook is told by its content, not its name, so that every
     * command (and batch's snapshots) takes one wherever a data file goes. */
    val_doc *doc = xlsx_model_wants(file, data, len) ? xlsx_model_read(file, data, len, diags)
                                               : model_yaml_read(file, data, len, diags);
    if (!doc) return NULL;
    /* Derivation and checks only make sense on a tree of the right shape;
     * schema errors are reported alone so that they are fixed first. */
    if (!model_schema_apply(doc, diags)) return doc;
    model_derive(doc, opts);
    if (opts->run_checks) {
        model_check(doc, opts, diags);
        qnum year;
        int y = 0;
        if (val_num(val_get(doc->root, "年度"), &year)) y = (int)(year.num / year.den);
        model_text_check(doc, y, opts->rules, diags);
        model_selfcheck(doc, diags);
        model_narrative(doc, opts, diags);
    }
    return doc;
}
