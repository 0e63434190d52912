/* model_yaml_write — a checked tree (model_schema_apply) back as a YAML
 * data file: fields in the order of the schema, derived members and empty
 * values left out, figures as their exact decimals (with the decimals they
 * were written with), text plain where YAML reads it back unchanged, else
 * double-quoted, and multi-line text as a literal block.  Reading the
 * output gives the same data; writing that again gives the same bytes.
 * Comments of the original are not kept (a tree does not hold them).
 *
 * Returns a malloc'd NUL-terminated buffer (length in *len). */
#ifndef JX_MODEL_YAML_WRITE_H
#define JX_MODEL_YAML_WRITE_H

#include <stddef.h>
#include "model_value.h"

char *model_yaml_write(const val_doc *doc, size_t *len);

#endif
