/* app_common — what every subcommand does the same way: read a data file
 * from disk into a checked model, and print diagnostics. */
#ifndef JX_APP_COMMON_H
#define JX_APP_COMMON_H

#include <stdio.h>
#include "../core/diag.h"
#include "../model/model.h"

/* Read path and run model_load on it.  A file that cannot be read is
 * reported in diags as a fatal diagnostic.  Returns the document (caller
 * frees) or NULL when unusable. */
val_doc *app_load_data(const char *path, const model_options *opts, diag_list *diags);

/* One line per diagnostic, "file:line:col: severity: message [code]". */
void app_print_diags(const diag_list *d, FILE *out);

/* For a process that builds report after report: freed memory stays in the
 * heap for the next report instead of going back to the kernel.  The
 * reports' working sets are alike, so the peak is the same either way, but
 * memory returned and asked for again costs a page fault per page, which on
 * virtual machines was a third of a batch's time.  glibc only; elsewhere a
 * no-op. */
void app_keep_heap(void);

#include "../model/model_diff.h"
/* The listing `jixiao diff` prints: changed data first, then the computed
 * figures they move.  malloc'd; the caller frees. */
char *app_diff_text(const change_list *ch, const char *old_label, const char *new_label);
/* The same, with the two documents compared, so that a value from a
 * workbook is shown at its sheet!cell instead of a line. */
char *app_diff_text_docs(const change_list *ch, const val_doc *old_doc, const val_doc *new_doc,
                         const char *old_label, const char *new_label);

/* One short line for a batch summary: the first max_items data changes
 * ("三公经费.公务接待费 4.2万元→4.1万元"; a changed text as its differing
 * span with some context, "…前文【旧→新】后文…"), then how many more.
 * Computed figures are left out.  malloc'd; the caller frees. */
char *app_diff_brief(const change_list *ch, size_t max_items);

#endif
