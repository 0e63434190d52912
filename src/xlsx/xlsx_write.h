/* xlsx_write — a unit's data as the fill-in workbook (xlsx_layout), with
 * libxlsxwriter.
 *
 * doc is a schema-checked tree (model_schema_apply), normally also derived
 * (model_derive): derived members are never written as data, but give the
 * cached values of the formula cells (执行率, 合计 …) so that a reader that
 * does not recalculate still shows consistent figures.  Every amount and
 * number is written so that reading the cell's stored text back through
 * xlsx_number_exact gives the same decimal (a figure of more than 15
 * significant digits, or a percentage whose written decimals carry
 * meaning, is written as text).
 *
 * Same doc => byte-identical file: the workbook's creation time is taken
 * from the data (报告日期, else the end of 年度).  The file is written to a
 * temporary name next to path and renamed.  Data the workbook cannot hold
 * (a sub-section where only paragraphs fit, a text longer than a cell) is
 * an error in diags at the value, and nothing is written.  Nothing here
 * prints. */
#ifndef JX_XLSX_WRITE_H
#define JX_XLSX_WRITE_H

#include <stdbool.h>
#include "../core/diag.h"
#include "../model/model_value.h"

typedef struct {
    unsigned spare_rows;     /* empty, formatted rows after each table's data (for the clerk to fill) */
    bool blank_form;         /* with no 自评表 in the data, still write one empty form sheet */
} xlsx_write_options;

bool xlsx_write(const val_doc *doc, const char *path, const xlsx_write_options *opts, diag_list *diags);

#endif
