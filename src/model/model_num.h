/* model_num — exact numbers for money, rates and scores.
 *
 * Amounts are written in 万元 with at most 6 decimals; 6 decimals of 万元 are
 * exactly 1 分, so an amount is an integer count of 分 (money_t).  Rates,
 * shares and scores are quotients of such figures: they are held as exact
 * fractions (qnum) and rounded once, half up, by qnum_format when shown.
 * There is no binary floating point anywhere on this path.
 *
 * A qnum whose arithmetic would overflow becomes invalid (ok == false) and
 * stays invalid through further arithmetic; callers report it rather than
 * print a wrong figure. */
#ifndef JX_MODEL_NUM_H
#define JX_MODEL_NUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t money_t;            /* 分 = 0.000001 万元 */
#define MONEY_SCALE 1000000          /* units of money_t per 万元 */

typedef struct {
    __int128 num, den;              /* den > 0, gcd(num, den) == 1 */
    bool ok;
} qnum;

typedef enum {
    NUM_OK = 0,
    NUM_EMPTY,            /* nothing to parse */
    NUM_SYNTAX,           /* not a decimal number */
    NUM_TOO_PRECISE,      /* more than 6 decimals */
    NUM_TOO_LARGE,        /* does not fit */
} num_status;

/* Parse a plain decimal: optional sign, digits, optional '.' and at most
 * max_dec decimals.  No exponent, no separators, no NaN/Inf.  The whole
 * of s[0..n) must be the number (callers strip units first). */
num_status qnum_parse(const char *s, size_t n, int max_dec, qnum *out);

/* Parse an amount in 万元 into 分 (exactly 6 decimals of precision). */
num_status money_parse(const char *s, size_t n, money_t *out);

/* A short English/Chinese explanation of a status, for messages. */
const char *num_status_text(num_status st);

qnum qnum_int(int64_t v);
qnum qnum_frac(int64_t num, int64_t den);
qnum qnum_money(money_t m);           /* 分 -> 万元 as a fraction */
qnum qnum_invalid(void);
qnum qnum_add(qnum a, qnum b);
qnum qnum_sub(qnum a, qnum b);
qnum qnum_mul(qnum a, qnum b);
qnum qnum_div(qnum a, qnum b);        /* division by zero -> invalid */
qnum qnum_neg(qnum a);
qnum qnum_abs(qnum a);
qnum qnum_min(qnum a, qnum b);
qnum qnum_max(qnum a, qnum b);
int  qnum_cmp(qnum a, qnum b);        /* both must be ok */
bool qnum_is_zero(qnum a);
int  qnum_sign(qnum a);

/* Decimal places needed to write a exactly (0..18), or -1 when it has no
 * finite decimal expansion. */
int qnum_exact_decimals(qnum a);

/* Round half up (away from zero for negatives: -0.005 -> -0.01) to dec
 * decimals and write into buf (at least 64 bytes).  Returns buf.
 * Invalid numbers are written as "?". */
char *qnum_format(qnum a, int dec, char *buf, size_t size);

/* Round half up to dec decimals and return the result as a qnum. */
qnum qnum_round(qnum a, int dec);

/* Shortest exact decimal form, e.g. 941.94299, 86.4, 10 (at most 18
 * decimals; otherwise rounded to 6). */
char *qnum_format_exact(qnum a, char *buf, size_t size);

/* Format an amount in 分 as 万元 with dec decimals, rounded half up. */
char *money_format(money_t m, int dec, char *buf, size_t size);

/* Overflow-checked money addition; false on overflow. */
bool money_add(money_t a, money_t b, money_t *out);

#endif
