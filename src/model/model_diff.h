/* model_diff — what changed between two versions of a unit's data.
 *
 * Compares two derived trees member by member.  List elements are paired
 * by their name (名称, 项目名称, 三级指标, 来源, 对象 — whichever they have),
 * else by position, so a project inserted in the middle shows as one added
 * project, not as every later project changed.  Figures are compared
 * exactly; texts by content.  Derived members are compared too and marked,
 * so a corrected 年初预算数 also shows the 执行率 it moved.
 *
 * Ownership: the change list owns its strings; model_diff_free frees it. */
#ifndef JX_MODEL_DIFF_H
#define JX_MODEL_DIFF_H

#include <stddef.h>
#include "model_value.h"

typedef enum { CHANGE_ADDED, CHANGE_REMOVED, CHANGE_CHANGED } change_kind;

typedef struct {
    change_kind kind;
    char *path;             /* 项目《殡葬改革》.实际支出 */
    char *old_text, *new_text;   /* the values as shown (figures exact); NULL when absent */
    char *delta;            /* for figures: the signed difference, else NULL */
    bool derived;           /* a computed figure */
    int old_line, new_line;
    int old_col, new_col;       /* with a sheet: the cell's column */
    unsigned old_sheet, new_sheet;   /* workbook values: val.sheet (index into the side's val_doc.sheets), else 0 */
} change;

typedef struct {
    change *items;
    size_t n, cap;
} change_list;

void model_diff(const val *old_root, const val *new_root, change_list *out);
void model_diff_free(change_list *l);

#endif
