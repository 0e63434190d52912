/* model_derive — compute the derived figures of a validated tree, in place.
 *
 * Adds, next to the given members, every figure the report and the forms
 * show that can be computed (see docs/data-format.md "Derived figures"):
 * defaults (主管部门, 报告标题 …), totals, 全年预算数, 执行率 and its score,
 * shares, year-on-year changes, per-indicator direction, completion rate
 * and computed score, per-form totals and grade.  A member that was given
 * is never overwritten; computed members are flagged derived.  Everything
 * is exact (qnum); nothing is rounded here.
 *
 * model_indicator_value parses an indicator value such as "≥95%", "288户",
 * "≤90万元": its number (exact) and comparison; false when it has none. */
#ifndef JX_MODEL_DERIVE_H
#define JX_MODEL_DERIVE_H

#include "model.h"

void model_derive(val_doc *doc, const model_options *opts);

typedef enum { CMP_NONE, CMP_GE, CMP_LE } ind_cmp;
bool model_indicator_value(const char *s, qnum *num, ind_cmp *cmp, const char **unit);

/* The computed 得分 of one indicator row (already derived fields in place);
 * false when it cannot be computed (qualitative without a grade …). */
bool model_indicator_score(const val *row, const model_options *opts, qnum *score);

#endif
