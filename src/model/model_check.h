/* model_check — the identities a validated, derived tree must satisfy
 * (docs/data-format.md §11; domain notes §4 D1–D12 and T1–T10).
 *
 * A finding carries the line and column of the given figure, both figures
 * and their difference.  It is a warning; a note when the difference is
 * within the rounding of the figures as written (model_round, the same rule
 * in every identity); an error when the value is impossible and must not be
 * published (T5: a 得分 above its 分值, a 执行率得分 above 执行率分值, a 总分
 * above 100), so that build refuses the file.  Pure: no I/O. */
#ifndef JX_MODEL_CHECK_H
#define JX_MODEL_CHECK_H

#include "model.h"

void model_check(const val_doc *doc, const model_options *opts, diag_list *diags);

#endif
