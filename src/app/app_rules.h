/* app_rules — which rules files a data file is checked with.
 *
 * In this order: the built-in rules directory (app_rules_builtin_dir), the
 * directories given with --rules (app_rules_add_dir, in order), then a
 * folder 规则/ beside the data file.  Every *.yaml file of a directory is
 * read, in byte order of the names.  The set for a data file is cached by
 * its 规则/ folder, so a batch of units in one directory loads the rules
 * once.  Problems in a rules file are errors (file:line:col) that the data
 * file's findings carry; the rules that did load still apply.
 *
 * Ownership: the returned app_rules belongs to the cache and stays valid
 * until the next app_rules_for call with another folder. */
#ifndef JX_APP_RULES_H
#define JX_APP_RULES_H

#include "../core/diag.h"
#include "../model/model_rules.h"

typedef struct {
    rule_set *rules;
    char hash[65];      /* SHA-256 of every rules file's name and bytes: batch's change detection */
    diag_list diags;    /* errors of the rules files */
} app_rules;

/* The built-in rules: $JIXIAO_RULES, else share/jixiao/rules beside the
 * installed binary, else the source tree's rules/ for a binary in its build
 * directory (core/datadir.h). */
const char *app_rules_builtin_dir(void);

void app_rules_add_dir(const char *dir);

const app_rules *app_rules_for(const char *data_path);

/* Append the rules' errors to diags (each data file reports them). */
void app_rules_report(const app_rules *r, diag_list *diags);

#endif
