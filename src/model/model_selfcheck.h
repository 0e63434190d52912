/* model_selfcheck — the report against itself (codes R.*).
 *
 * On a validated, derived tree:
 *  R.title-year  the year a given 报告标题 names ("2023年度") is not 年度;
 *  R.title-kind  the kind of report the title names (部门整体 / 项目支出 /
 *                专项资金 自评报告, 工作情况报告 …) is not the 报告类型
 *                (given, or the default 部门整体支出绩效自评报告);
 *  R.date        报告日期 or a form's 填表日期 before 12-31 of 年度 (a
 *                year-end self-evaluation is written after the year; an
 *                earlier date is a typo or a report on part-year figures,
 *                so a warning, not an error: the figures may still be right);
 *  R.section     a 自评报告 without a section on 绩效情况, 存在问题 or 改进措施:
 *                a section counts as present when its 正文 field has text or
 *                when a heading or paragraph of 章节 (or the untitled
 *                sections) names it by one of several synonyms.
 * All warnings at the value's line.  Pure: no I/O. */
#ifndef JX_MODEL_SELFCHECK_H
#define JX_MODEL_SELFCHECK_H

#include "model.h"

void model_selfcheck(const val_doc *doc, diag_list *diags);

#endif
