/* layout_limits — bounds on what the layout engine accepts, so that its
 * time and memory stay linear in the document and far below 1 GB.  Real
 * reports have paragraphs of fewer than 200 runs and 5,000 characters. */
#ifndef JX_LAYOUT_LIMITS_H
#define JX_LAYOUT_LIMITS_H

/* Runs (w:r) in one paragraph; counted before the runs are read. */
#define LAYOUT_MAX_RUNS_PER_PARA 20000
/* Characters in one paragraph. */
#define LAYOUT_MAX_PARA_CHARS 200000

#endif
