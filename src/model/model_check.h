/* model_check — the identities a validated, derived tree must satisfy
 * (docs/data-format.md §11; domain notes §4 D1–D12 and T1–T10).
 *
 * Every finding is a warning (or a note, for differences explained by the
 * rounding of the figures as written) carrying the line and column of the
 * given figure, both figures and their difference.  Pure: no I/O. */
#ifndef JX_MODEL_CHECK_H
#define JX_MODEL_CHECK_H

#include "model.h"

void model_check(const val_doc *doc, const model_options *opts, diag_list *diags);

#endif
