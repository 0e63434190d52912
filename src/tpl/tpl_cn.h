/* tpl_cn — Chinese number and date forms used by the template filters.
 *
 * All functions write into a caller-supplied buffer (at least
 * TPL_CN_BUF bytes) and return it; none allocates.  Money arrives as an
 * exact count of 分 (model_num.h money_t is 0.000001 万元 = 0.01 元 = 1 分),
 * so no binary floating point is involved. */
#ifndef JX_TPL_CN_H
#define JX_TPL_CN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TPL_CN_BUF 256

/* 1 -> 一, 10 -> 十, 11 -> 十一, 20 -> 二十, 105 -> 一百零五 (n >= 0;
 * n > 99999999 is written in Arabic digits). */
char *tpl_cn_numeral(int64_t n, char *buf, size_t size);

/* Heading labels: level 1 "一、", 2 "（一）", 3 "1.", 4 "（1）". */
char *tpl_cn_heading(int level, int64_t n, char *buf, size_t size);

/* An amount of 分 in 大写 元角分 form, as on a cheque:
 * 86400000 -> 捌拾陆万肆仟元整; 50 -> 伍角; 105 -> 壹元零伍分;
 * negative amounts get 负.  Zero is 零元整. */
char *tpl_cn_money_upper(int64_t fen, char *buf, size_t size);

/* "2025-03-31" (optionally followed by anything) -> 2025年3月31日.
 * Returns false (buf untouched) when s does not start with a date. */
bool tpl_cn_date(const char *s, char *buf, size_t size);

#endif
