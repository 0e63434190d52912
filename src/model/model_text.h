/* model_text — checks on the prose of a data file.
 *
 * Walks every text value of a validated tree and reports, as warnings with
 * the value's line and column (plus the offset inside multi-line values,
 * so the column points at the offending text where possible):
 * leftover template instructions, placeholders (XX), advert and paywall
 * text, conversion artifacts, figures cut off before the year end, amounts
 * in 万 without 元, repeated punctuation and words, numbering out of order,
 * sentences written twice, half-width punctuation between Chinese
 * characters, and the rules of the rules files (confusable words, dated
 * terms, doubled characters, ordinals of recurring events).  Pure: no I/O.
 * year is the report year (年度), used by the rules' 年度 and the cut-off
 * and ordinal checks. */
#ifndef JX_MODEL_TEXT_H
#define JX_MODEL_TEXT_H

#include "model_value.h"
#include "model_rules.h"
#include "../core/diag.h"

/* rules: the rules files' set (易混词, 过时用语, 重叠, 届次); NULL runs only
 * the hand-written scanners.  Also checks, by section (the paragraphs of one
 * list, the 标题 of one outline): enumerations (一是/（一）/1./第一/首先 in
 * order), sentences written twice, words repeated close together, and
 * half-width punctuation between Chinese characters. */
void model_text_check(const val_doc *doc, int year, const rule_set *rules, diag_list *diags);

#endif
