/* model_round — the one rule for a stated figure against the figure its
 * parts give (a total against the sum of its parts, a share sum against
 * 100%, a score total against the scores).
 *
 * Figures are rounded where they are written, so a stated total and the
 * exact sum of the stated parts may differ by the rounding of the figures:
 * such a difference is a note (提示) everywhere, never silence in one check
 * and a warning in another; a larger one is a warning (the caller may make
 * it an error where the figure is impossible).
 *
 * The slack for amounts, scores and percentage points is the --tolerance
 * of `jixiao check` (0.01 by default, in the unit of the figures compared).
 * Figures written to d decimals with n parts (数据核对) may drift by
 * (n + 1) × ½·10⁻ᵈ; whole counts (人, 户, 家) are exact and have none. */
#ifndef JX_MODEL_ROUND_H
#define JX_MODEL_ROUND_H

#include "model.h"

typedef enum { ROUND_EQUAL, ROUND_NOTE, ROUND_DIFFERS } round_verdict;

/* The --tolerance as a number (0.01 by default). */
qnum model_tolerance(const model_options *o);

/* The slack of n parts and a total written to dec decimals: at least the
 * tolerance; exact (whole counts) gives 0. */
qnum model_written_slack(const model_options *o, int dec, size_t nparts, bool exact);

/* EQUAL when a == b, NOTE when they differ by no more than slack, else
 * DIFFERS.  Invalid numbers compare as DIFFERS. */
round_verdict model_round_verdict(qnum a, qnum b, qnum slack);

#endif
