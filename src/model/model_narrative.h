/* model_narrative — the narrative against the data (codes N.*, F.project).
 *
 * N.figure  an amount, rate or score quoted in a text next to what it names
 *           (年初预算数为700万元, 执行率98.5%, 项目支出196万元, 自评得分98.8分 …)
 *           differs from the data or the derived figure, at the rounding the
 *           text shows (1234.6万元 is 1234.56 万元 at one decimal; 元 and
 *           亿元 are converted).  A figure is attached to a label only when
 *           it is unambiguous: the label is the nearest one before it in the
 *           same clause, only connecting words (为, 达到, 共计, ：…) stand
 *           between them, and nothing before the label qualifies it (上年,
 *           较, 其中省级 …).  In a 项目绩效 narrative, a clause that names a
 *           project and a form's texts, the labels mean that project's or
 *           form's figures.  A difference of one unit of the last place
 *           shown is a note (rounding), larger ones are warnings.
 * N.sum     “共计/合计/总计 X，其中 A、B、C” in one sentence (up to 。 or ；), in
 *           any prose including a 专项资金's 说明: A + B + C = X
 *           (≤ X when the list ends with 等), with the rounding rule of
 *           model_round for figures as written.
 * F.project a 自评表 whose project is in 项目 (names matched as model_names
 *           does) states other 年初预算数 / 全年预算数 / 全年执行数 than 项目.
 * Linear in the text (a figure is read only within MODEL_NARRATIVE_CLAUSE_BYTES
 * of its clause's start, its label within a few connecting words) and near
 * linear in the number of projects (names are looked up in a sorted index).
 * Pure: no I/O. */
#ifndef JX_MODEL_NARRATIVE_H
#define JX_MODEL_NARRATIVE_H

#include "model.h"

void model_narrative(const val_doc *doc, const model_options *opts, diag_list *diags);

#endif
