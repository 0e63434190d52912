#include "model_round.h"

qnum model_tolerance(const model_options *o)
{
    return qnum_money(o->tolerance);
}

qnum model_written_slack(const model_options *o, int dec, size_t nparts, bool exact)
{
    if (exact) return qnum_int(0);
    qnum half = qnum_frac(1, 2);
    for (int k = 0; k < dec; k++) half = qnum_div(half, qnum_int(10));
    return qnum_max(model_tolerance(o), qnum_mul(half, qnum_int((int64_t)nparts + 1)));
}

round_verdict model_round_verdict(qnum a, qnum b, qnum slack)
{
    if (!a.ok || !b.ok || !slack.ok) return ROUND_DIFFERS;
    qnum d = qnum_abs(qnum_sub(a, b));
    if (qnum_is_zero(d)) return ROUND_EQUAL;
    return qnum_cmp(d, slack) <= 0 ? ROUND_NOTE : ROUND_DIFFERS;
}
