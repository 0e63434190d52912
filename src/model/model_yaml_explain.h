/* model_yaml_explain — a YAML mistake explained the way a clerk makes it.
 *
 * libyaml reports where it notices a problem, in parser terms ("mapping
 * values are not allowed in this context", "could not find expected ':'"),
 * and often on the line after the real mistake.  These functions look at
 * the raw source lines around that position, recognise the mistakes people
 * make when they type a data file by hand —
 *   - a full-width colon after a field name (单位名称：某某局),
 *   - no space after the colon (单位名称:某某局),
 *   - indentation with a tab,
 *   - a list item or a field indented differently from its neighbours,
 *   - a sentence containing ": " that was read as a field name,
 *   - a quotation mark that is never closed,
 *   - an escape \uD83D without the other half of its surrogate pair —
 * and report the mistake at its own line and column, with what to write
 * instead.  No libyaml wording ever reaches the message; a mistake that is
 * not recognised gets a general explanation at libyaml's position.
 *
 * Positions are 1-based lines and columns counted in characters (as
 * libyaml counts them) in the text given. */
#ifndef JX_MODEL_YAML_EXPLAIN_H
#define JX_MODEL_YAML_EXPLAIN_H

#include "../core/diag.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    const char *problem;        /* libyaml's problem text (used only to classify) */
    int line, col;              /* where libyaml noticed it */
    const char *context;        /* libyaml's context text, or NULL */
    int context_line, context_col;
} yaml_failure;

/* Append exactly one DIAG_FATAL diagnostic (code "yaml") for a file that
 * libyaml could not read. data/len is the whole source. */
void yaml_explain_failure(diag_list *diags, const char *file, const char *data, size_t len,
                          const yaml_failure *f);

/* A single-line plain scalar that was read as text where a map of fields
 * was expected: when it looks like a field written with a full-width colon
 * or without the space after ':', append a diagnostic of severity sev
 * (code "yaml") at that colon and return true; otherwise add nothing and
 * return false.  text is the scalar as read, written at line/col. */
bool yaml_explain_scalar(diag_list *diags, diag_severity sev, const char *file, const char *text, int line, int col);

#endif
