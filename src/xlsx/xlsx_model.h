/* xlsx_model — a fill-in workbook (laid out as xlsx_layout says) read into
 * the same value tree model_yaml builds from a data file: every scalar a
 * VAL_STR with the sheet, row and column of its cell, so that the schema,
 * derive and check passes run unchanged and every finding points at
 * sheet!cell.
 *
 * Cell values become text without binary floating point: a number cell
 * through xlsx_number_exact (Excel's 412.92000000000002 is 412.92, a real
 * 412.925 stays 412.925 and is judged by the schema like YAML text), a
 * date cell as YYYY-MM-DD.  Formula cells give their cached value; the
 * derived columns and rows (formulas jixiao wrote for the clerk's eye) are
 * not read at all.
 *
 * Errors, at the cell: a formula with no cached value, an error value
 * (#DIV/0! …), a TRUE/FALSE or date where a figure belongs, a row outside
 * the layout (a value without label or name).  Structural errors (a sheet
 * missing or renamed, a header changed) are reported at the sheet and make
 * the workbook unusable: NULL is returned.  A returned document may still
 * carry cell errors in diags.
 *
 * Ownership: the returned val_doc is the caller's (val_doc_free). */
#ifndef JX_XLSX_MODEL_H
#define JX_XLSX_MODEL_H

#include <stddef.h>
#include "../core/diag.h"
#include "../model/model_value.h"
#include "xlsx_read.h"

/* Read bytes (a workbook, or not: xlsx_read tells) into a tree. */
val_doc *xlsx_model_read(const char *file, const void *data, size_t len, diag_list *diags);

/* The same from a book already read (used by tests on hand-made books). */
val_doc *xlsx_model_from_book(const char *file, const xlsx_book *book, diag_list *diags);

/* True when data looks like a workbook container (zip, or the old binary
 * .xls / encrypted container), so that the caller can route it here. */
bool xlsx_model_sniff(const void *data, size_t len);

/* True when file (by its name: .xlsx, .xlsm, .xls) or data (xlsx_model_sniff)
 * is meant as a workbook: a damaged .xlsx is then told it is no workbook,
 * not read as YAML. */
bool xlsx_model_wants(const char *file, const void *data, size_t len);

#endif
