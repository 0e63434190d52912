/* model_names — the set of project names one list of the report refers
 * to, matched the way clerks write them across lists.
 *
 * Two names match when, after dropping spaces (ASCII, tab, U+3000) and
 * bracketed remarks such as （含经开）, they are equal or one is a prefix
 * of the other ("殡葬改革" matches "殡葬改革专项").  Empty names match
 * nothing.
 *
 * Building a set of n names and each lookup are near-linear in the bytes
 * involved (sorted array plus a hash of whole names), so a file with
 * 50,000 projects is checked in well under a second.  The set owns copies
 * of the normalised names; free it with nameset_free. */
#ifndef JX_MODEL_NAMES_H
#define JX_MODEL_NAMES_H

#include "model_value.h"

typedef struct name_set name_set;

/* The names under key in each element of list (a VAL_LIST of maps);
 * elements without that text are skipped.  list may be NULL. */
name_set *nameset_of(const val *list, const char *key);
bool nameset_has(const name_set *s, const char *name);
void nameset_free(name_set *s);

/* The normalised form used for matching (malloc'd). */
char *model_norm_name(const char *s);

#endif
