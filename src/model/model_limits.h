/* model_limits — named limits on untrusted data files. */
#ifndef JX_MODEL_LIMITS_H
#define JX_MODEL_LIMITS_H

#define MODEL_MAX_FILE_BYTES   (16u * 1024 * 1024)  /* a real unit's file is < 200 KB */
#define MODEL_MAX_DEPTH        64                   /* nesting of maps and lists */
#define MODEL_MAX_SCALAR_BYTES (1u * 1024 * 1024)   /* one text value */
#define MODEL_MAX_NODES        1000000
/* 年度 of a report: a four-digit year in this range (reports exist from
 * the 2000s on; a later bound catches typos such as 20244 or 99999). */
#define MODEL_YEAR_MIN         2000
#define MODEL_YEAR_MAX         2100
/* The narrative checks (model_narrative) read a figure only in a clause
 * (text between two punctuation marks) of at most this many bytes before
 * it; a real clause is < 200 bytes, and the bound keeps a pasted megabyte
 * without punctuation linear.  Figures of a longer clause are not compared. */
#define MODEL_NARRATIVE_CLAUSE_BYTES 600

#endif
