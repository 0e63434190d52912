/* xlsx_layout — the fill-in workbook as a table: which sheet, row or column
 * every field of the data format (model_schema) lives in, its header text
 * and its 说明.  The writer (xlsx_write) and the reader (xlsx_model) both
 * work from this table, so they cannot disagree about where a field is.
 *
 * Sheet kinds:
 *  XL_KV     rows of 项目 | 内容 | 说明: one field per row, found by its label
 *            in column A (the path below the sheet's base, '.' shown as '·');
 *            a list field (段落, names) continues on the rows below whose
 *            column A is empty, one element per row.
 *  XL_TABLE  a list as rows under a header row (row 1), columns found by
 *            their header text.  A row whose key column (the first, a
 *            required name) is filled starts an element; rows below with
 *            the key empty continue it with more 段落 (one per row) or more
 *            rows of its sub-list (columns "明细·对象" …).
 *  XL_TEXT   正文: 栏目 | 小标题 | 段落, one paragraph per row; an empty 栏目
 *            continues the one above; paragraphs with the same 小标题 in a
 *            row form one sub-section {标题, 段落}.
 *  XL_FORM   one sheet per 自评表 (named 自评表1, 自评表2 …), laid out like
 *            the printed form; blocks found by their labels in column A.
 *  XL_HELP   填表说明: instructions only, never read.
 * Columns marked derived hold formulas for the clerk's eye; they are
 * never read (jixiao recomputes every figure). */
#ifndef JX_XLSX_LAYOUT_H
#define JX_XLSX_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include "../model/model_schema.h"

typedef enum { XL_KV, XL_TABLE, XL_TEXT, XL_FORM, XL_HELP } xl_kind;

typedef struct {
    const char *path;     /* XL_KV: dotted path from the root; XL_TABLE: below the element ("名称", "明细.对象") */
    const char *note;     /* 说明 shown next to the field or as the header's comment */
    bool derived;         /* a formula column or row: written, never read */
} xl_field;

typedef struct {
    const char *name;     /* the sheet name as the clerk sees it */
    xl_kind kind;
    const char *base;     /* XL_KV: prefix removed for labels ("单位概况"); XL_TABLE: the list ("项目", "收入.明细") */
    const xl_field *fields;   /* terminated by {NULL} */
    bool required;        /* the sheet must be present */
} xl_sheet_def;

/* The sheets in workbook order, terminated by {NULL}.  The 自评表 entry
 * (XL_FORM) stands for every form sheet. */
extern const xl_sheet_def xl_sheets[];

/* Limits of the layout (docs/limits.md). */
#define XL_CELL_CHARS 32767        /* characters Excel keeps in a cell: a longer text is refused by the writer */
#define XL_HEADER_SCAN_COLS 64     /* a table's headers are looked for in columns A..BL of row 1 */

#define XL_FORM_PREFIX "自评表"
#define XL_HELP_SHEET "填表说明"

/* The form's fixed labels and header texts (column A), shared by writer and reader. */
#define XL_FORM_FUNDS_HDR "资金（万元）"
#define XL_FORM_GOAL_HDR  "年度总体目标"
#define XL_FORM_IND_HDR   "一级指标"
#define XL_FORM_SUM_ROW   "合计"
/* The form's single-value rows, label = field name, in print order
 * before (n_head) and after the indicator table. */
extern const char *const xl_form_head[];   /* 表名 项目名称 主管部门 实施单位, NULL */
extern const char *const xl_form_tail[];   /* 总分 改进措施及结果应用方案 填表人 联系电话 填表日期, NULL */
extern const char *const xl_form_fund_rows[];   /* 年度资金总额 当年财政拨款 上年结转资金 其他资金, NULL */
/* Columns B.. of the funds block: the money row fields, then (first row
 * only) 执行率分值 执行率 执行率得分. */
extern const char *const xl_form_fund_cols[];   /* NULL-terminated */
/* The indicator table's columns, field names of 绩效指标[] in order. */
extern const char *const xl_form_ind_cols[];

/* The label of a KV field: its path below base, '.' shown as '·'.  Into
 * out (at least 256 bytes); returns out. */
char *xl_label(const xl_sheet_def *s, const xl_field *f, char *out, size_t size);

/* The header text of a table column ("名称", "明细·对象"); same rule. */
char *xl_header(const xl_field *f, char *out, size_t size);

/* The schema entry of a dotted path from the root ("项目.名称" is the
 * 名称 of an element of 项目), or NULL. */
const field_def *xl_field_def(const char *path);

/* A short Chinese description of what a field takes, for 说明 and
 * validation prompts ("金额（万元），最多 6 位小数"). */
const char *xl_type_hint(field_type t);

#endif
