/* model_yaml — read a YAML (or JSON) data file into a value tree.
 *
 * Every scalar becomes a VAL_STR with its line and column; empty plain
 * scalars and ~/null become VAL_NULL.  Anchors, aliases, tags, multiple
 * documents, non-string keys and duplicate keys are errors: data files
 * come by e-mail and the reader must be safe and unambiguous.  Limits on
 * size and nesting are in model_limits.h.
 *
 * Returns a new val_doc (caller frees with val_doc_free), or NULL when the
 * input is unusable; every problem is appended to diags with the file,
 * line and column. */
#ifndef JX_MODEL_YAML_H
#define JX_MODEL_YAML_H

#include "model_value.h"
#include "../core/diag.h"

val_doc *model_yaml_read(const char *file, const char *data, size_t len, diag_list *diags);

#endif
