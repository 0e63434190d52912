/* model_rules — the text-check rules that live as data (the files in rules/).
 *
 * A rules file is Chinese YAML (docs/data-format.md §11, rules/README.md):
 *   类别: 易混词 | 过时用语 | 重叠 | 届次
 *   规则: a list of entries.  Word entries (every 类别 but 届次):
 *     错: the literal text that is wrong       对: what it should be (optional)
 *     说明: why (optional)                     年度: years it applies to,
 *       "2023-", "-2020", "2016-2020", "2021-2022, 2026-" (omitted: always)
 *     前不是/后不是: texts that, right before/after the match, make it right
 *     前是/后是: texts of which one must stand right before/after it
 *     句中有/句中无: texts the clause must / must not contain
 *     级别: 警告 (default) | 提示
 *   届次 entries (recurring days and events, ordinals computed by year):
 *     名称: the event's name (别名: more names)   首年: its first year
 *     量词: 个|届|次 (第N个…, number before) or 周年 (…N周年, number after;
 *       N = year − 首年)
 *   允许重复: words that may repeat back to back (研究研究), for TEXT.repeat.
 *
 * Loading is pure: bytes in, rules added to a set, problems reported as
 * errors at file:line:col.  All patterns of a set are compiled into one
 * Aho–Corasick automaton over UTF-8 bytes, so matching a text costs its
 * length plus its matches, whatever the number of rules.
 *
 * Ownership: a rule set owns copies of everything it was given. */
#ifndef JX_MODEL_RULES_H
#define JX_MODEL_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include "../core/diag.h"

/* Limits on rules files (docs/limits.md). */
#define RULES_MAX_FILES        64
#define RULES_MAX_FILE_BYTES   (4u * 1024 * 1024)
#define RULES_MAX_RULES        20000
#define RULES_MAX_PATTERN      64      /* bytes of one 错/名称/context text */
#define RULES_MAX_CONTEXT      64      /* texts in one 前不是/后是/… list */
#define RULES_MAX_YEAR_RANGES  8

typedef enum { RULE_WORD, RULE_EVENT } rule_kind;

typedef struct {
    char **v;
    size_t n;
} rule_texts;

typedef struct {
    rule_kind kind;
    const char *code;           /* TEXT.confusable, TEXT.stale, TEXT.double, TEXT.ordinal */
    char *wrong, *right, *note; /* right/note may be NULL */
    int years[RULES_MAX_YEAR_RANGES][2];
    int nyears;                 /* 0: every year */
    rule_texts before_not, after_not, before, after, clause_has, clause_not;
    diag_severity sev;
    int first_year;             /* RULE_EVENT */
    char *unit;                 /* RULE_EVENT: 个 届 次 周年 */
    char *file;
    int line, col;
} rule;

typedef struct rule_set rule_set;

/* One match of a pattern of the set: bytes [a, b) of the text, rule r. */
typedef struct {
    size_t a, b;
    const rule *r;
} rule_match;

rule_set *rule_set_new(void);
void rule_set_free(rule_set *rs);   /* NULL is fine */

/* Parse one rules file and add its rules.  Returns false (with errors in
 * diags at file:line:col) when the file is not a valid rules file; its
 * rules are then not added. */
bool rule_set_load(rule_set *rs, const char *file, const char *data, size_t len, diag_list *diags);

size_t rule_set_count(const rule_set *rs);
size_t rule_set_files(const rule_set *rs);

/* Whether word may repeat back to back (允许重复). */
bool rule_set_repeat_ok(const rule_set *rs, const char *word, size_t len);

/* Whether rule r applies in year (year <= 0: unknown; only rules without
 * 年度 apply). */
bool rule_applies(const rule *r, int year);

/* Every occurrence of every pattern in s[0, n), in order of end; at most
 * max matches are stored in out (the count of all matches is returned).
 * The automaton is rebuilt after each file loaded. */
size_t rule_set_match(const rule_set *rs, const char *s, size_t n, rule_match *out, size_t max);

#endif
