/* model_schema — the data format as a table, and the pass that checks a
 * value tree against it.
 *
 * model_schema_apply walks the tree read by model_yaml and, in place:
 * converts scalars to their declared types (amounts to exact VAL_NUM in
 * 万元, percentages, scores, integers), normalises shorthand (a single
 * string where a list of paragraphs is expected becomes a one-element
 * list), and reports unknown fields (with the nearest known name), missing
 * required fields (a required text of only spaces counts as missing; spaces
 * around it are removed with a note) and values of the wrong type — all of them, as errors
 * with line and column.  Returns false when any error was reported. */
#ifndef JX_MODEL_SCHEMA_H
#define JX_MODEL_SCHEMA_H

#include "model_value.h"
#include "../core/diag.h"

typedef enum {
    FT_TEXT, FT_AMOUNT, FT_NUMBER, FT_PERCENT, FT_SCORE, FT_INT, FT_DATE,
    FT_PARAS, FT_TEXTLIST, FT_MAP, FT_LIST, FT_ENUM,
} field_type;

#define FIELD_REQUIRED 1u
#define FIELD_SIGNED   2u   /* may be negative (a cut, a fall); other figures may not */
#define FIELD_YEAR     4u   /* FT_INT: a year from MODEL_YEAR_MIN to MODEL_YEAR_MAX */

typedef struct field_def field_def;
struct field_def {
    const char *name;
    field_type type;
    unsigned flags;
    const field_def *sub;          /* FT_MAP: its fields; FT_LIST: fields of each element */
    const char *const *choices;    /* FT_ENUM */
};

/* The fields of the top-level map, terminated by a {NULL} entry. */
extern const field_def model_schema_root[];

bool model_schema_apply(val_doc *doc, diag_list *diags);

/* Every field name the schema knows, for docs tests: calls fn for each
 * (with its dotted path), depth first. */
void model_schema_walk(void (*fn)(const char *path, const field_def *f, void *ctx), void *ctx);

#endif
