/* Exact numbers: parsing, arithmetic, half-up rounding, overflow. */
#include "model/model_num.h"
#include "test.h"

static const char *fmt(qnum q, int dec)
{
    static char buf[8][80];
    static int k;
    k = (k + 1) % 8;
    return qnum_format(q, dec, buf[k], sizeof buf[k]);
}

static qnum P(const char *s)
{
    qnum q;
    num_status st = qnum_parse(s, strlen(s), 6, &q);
    CHECK_INT(st, NUM_OK);
    return q;
}

static void test_parse(void)
{
    qnum q;
    CHECK_INT(qnum_parse("941.94299", 9, 6, &q), NUM_OK);
    CHECK_STR(fmt(q, 5), "941.94299");
    CHECK_INT(qnum_parse("-0.5", 4, 6, &q), NUM_OK);
    CHECK_STR(fmt(q, 1), "-0.5");
    CHECK_INT(qnum_parse("1.1234567", 9, 6, &q), NUM_TOO_PRECISE);
    CHECK_INT(qnum_parse("1.1234560", 9, 6, &q), NUM_OK);     /* trailing zero carries nothing */
    CHECK_INT(qnum_parse("1e5", 3, 6, &q), NUM_SYNTAX);
    CHECK_INT(qnum_parse("1,000", 5, 6, &q), NUM_SYNTAX);
    CHECK_INT(qnum_parse("NaN", 3, 6, &q), NUM_SYNTAX);
    CHECK_INT(qnum_parse("inf", 3, 6, &q), NUM_SYNTAX);
    CHECK_INT(qnum_parse(".5", 2, 6, &q), NUM_SYNTAX);
    CHECK_INT(qnum_parse("5.", 2, 6, &q), NUM_SYNTAX);
    CHECK_INT(qnum_parse("", 0, 6, &q), NUM_EMPTY);
    CHECK_INT(qnum_parse("-", 1, 6, &q), NUM_SYNTAX);
    const char *forty = "1234567890123456789012345678901234567890";
    CHECK_INT(qnum_parse(forty, strlen(forty), 6, &q), NUM_TOO_LARGE);
    CHECK_INT(qnum_parse("000000000000000000000012", 24, 6, &q), NUM_OK);  /* leading zeros are not digits of size */
    CHECK_STR(fmt(q, 0), "12");
}

static void test_money(void)
{
    money_t m;
    CHECK_INT(money_parse("941.94299", 9, &m), NUM_OK);
    CHECK_INT(m, 941942990);
    CHECK_INT(money_parse("0.000001", 8, &m), NUM_OK);
    CHECK_INT(m, 1);                                           /* 1 分 */
    CHECK_INT(money_parse("999999999999.999999", 19, &m), NUM_OK);
    CHECK_INT(money_parse("9999999999999.999999", 20, &m), NUM_TOO_LARGE);
    char buf[64];
    CHECK_STR(money_format(941942990, 2, buf, sizeof buf), "941.94");
    CHECK_STR(money_format(5000, 2, buf, sizeof buf), "0.01");        /* 0.005 rounds half up */
    CHECK_STR(money_format(4999, 2, buf, sizeof buf), "0.00");
    CHECK_STR(money_format(-5000, 2, buf, sizeof buf), "-0.01");      /* half away from zero */
    CHECK_STR(money_format(-4999, 2, buf, sizeof buf), "0.00");       /* no negative zero */
    money_t s;
    CHECK(money_add(INT64_MAX - 1, 1, &s));
    CHECK(!money_add(INT64_MAX, 1, &s));
}

static void test_seed_sums(void)
{
    /* 002: 941.94299 + 244.4749 + 99.3620 is exactly 1285.77989, not 1285.95. */
    qnum s = qnum_add(qnum_add(P("941.94299"), P("244.4749")), P("99.3620"));
    CHECK_STR(fmt(s, 5), "1285.77989");
    CHECK_STR(fmt(s, 2), "1285.78");
    /* A float sum of 0.1 + 0.2 is not 0.3; ours is. */
    CHECK(qnum_cmp(qnum_add(P("0.1"), P("0.2")), P("0.3")) == 0);
    /* 004: 378.60 / 17917.84 = 2.113% → 2.11; 17539.24 / 17917.84 → 97.89. */
    qnum total = P("17917.84");
    CHECK_STR(fmt(qnum_mul(qnum_div(P("378.60"), total), qnum_int(100)), 2), "2.11");
    CHECK_STR(fmt(qnum_mul(qnum_div(P("17539.24"), total), qnum_int(100)), 2), "97.89");
    /* 004: (3228.08 − 3859.65) / 3859.65 = −16.36% */
    qnum prev = P("3859.65");
    CHECK_STR(fmt(qnum_mul(qnum_div(qnum_sub(P("3228.08"), prev), prev), qnum_int(100)), 2), "-16.36");
    /* 002 form 1: 96.4 / 86.4 = 111.574…% */
    CHECK_STR(fmt(qnum_mul(qnum_div(P("96.4"), P("86.4")), qnum_int(100)), 2), "111.57");
}

static void test_rounding_once(void)
{
    /* Three thirds: rounding each to 2 decimals and summing gives 0.99;
     * summing exactly and rounding once gives 1.00. */
    qnum third = qnum_frac(1, 3);
    qnum sum = qnum_add(qnum_add(third, third), third);
    CHECK_STR(fmt(sum, 2), "1.00");
    qnum r = qnum_round(third, 2);
    CHECK_STR(fmt(qnum_add(qnum_add(r, r), r), 2), "0.99");
    CHECK_STR(fmt(qnum_frac(1, 8), 2), "0.13");      /* 0.125 → 0.13 (half up, not to even) */
    CHECK_STR(fmt(qnum_frac(5, 2), 0), "3");
    CHECK_STR(fmt(qnum_frac(-5, 2), 0), "-3");
    CHECK_INT(qnum_exact_decimals(P("86.40")), 1);
    CHECK_INT(qnum_exact_decimals(qnum_frac(1, 3)), -1);
    char buf[64];
    CHECK_STR(qnum_format_exact(P("941.94299"), buf, sizeof buf), "941.94299");
    CHECK_STR(qnum_format_exact(P("10"), buf, sizeof buf), "10");
}

static void test_invalid(void)
{
    qnum z = qnum_int(0);
    CHECK(!qnum_div(qnum_int(1), z).ok);
    qnum big = qnum_int(INT64_MAX);
    qnum x = big;
    for (int i = 0; i < 4; i++) x = qnum_mul(x, big);
    CHECK(!x.ok);                                      /* overflow is reported, not wrapped */
    CHECK(!qnum_add(x, qnum_int(1)).ok);               /* and sticky */
    char buf[16];
    CHECK_STR(qnum_format(x, 2, buf, sizeof buf), "?");
}

int main(void)
{
    test_parse();
    test_money();
    test_seed_sums();
    test_rounding_once();
    test_invalid();
    return test_done();
}
