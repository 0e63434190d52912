/* model_value — the located value tree that every stage after the reader
 * works on.
 *
 * The reader builds it from YAML/JSON (all scalars as VAL_STR, with the
 * line and column they were written at); the schema pass converts scalars
 * to their declared types in place; the derive pass adds computed members
 * (flagged derived) next to the given ones.  The template engine reads it
 * by path ("预算执行.年初预算数").
 *
 * Positions: a value read from a text file carries its line and column; one
 * read from a workbook carries its sheet (an index into the document's sheet
 * names, from 1; 0 for text files) with the cell's row as line and column as
 * col.  val_loc turns either into a diag_loc, so checks never need to know
 * which kind of file the data came from.
 *
 * Ownership: a val_doc owns its arena; every val, key and string in the
 * tree lives there and dies with val_doc_free.  Maps keep insertion order. */
#ifndef JX_MODEL_VALUE_H
#define JX_MODEL_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include "model_num.h"
#include "../core/arena.h"
#include "../core/diag.h"

typedef enum { VAL_NULL, VAL_BOOL, VAL_NUM, VAL_STR, VAL_LIST, VAL_MAP } val_kind;

/* What a number measures, so that templates and messages format it right. */
typedef enum {
    UNIT_NONE,      /* plain number */
    UNIT_WANYUAN,   /* amount in 万元 (value is exact, 6 decimals) */
    UNIT_PERCENT,   /* value in percent: 16.36 means 16.36% */
    UNIT_SCORE,     /* 分值/得分 */
    UNIT_COUNT,     /* integer count, year */
} val_unit;

typedef struct val val;

struct val {
    val_kind kind;
    int line, col;          /* where it was written; 0 for derived values */
    unsigned sheet;         /* workbook sheet, 1-based index into val_doc.sheets; 0 = text file */
    bool derived;           /* computed, not given */
    bool quoted;            /* scalar was quoted in the source */
    union {
        bool b;
        struct { qnum q; val_unit unit; int dec; } num;  /* dec: decimals as written, -1 unknown */
        struct { char *s; size_t len; } str;
        struct { val **items; size_t n, cap; } list;
        struct {
            char **keys; val **vals; int *key_line, *key_col; size_t n, cap;
            size_t *index, icap;   /* hash of keys -> position + 1, kept by val_map_set once a map is large */
        } map;
    } u;
};

typedef struct {
    arena *arena;
    char *file;             /* the path it was read from (arena-owned) */
    val *root;
    char **sheets;          /* workbook documents: the sheet names values point to (arena-owned) */
    size_t nsheets;
} val_doc;

val_doc *val_doc_new(const char *file);
void val_doc_free(val_doc *d);  /* NULL is fine */

val *val_new(val_doc *d, val_kind k, int line, int col);
val *val_new_str(val_doc *d, const char *s, size_t len, int line, int col);
val *val_new_num(val_doc *d, qnum q, val_unit unit, int line, int col);
val *val_new_bool(val_doc *d, bool b);

/* The sheet id of name in d (added on first use), for values read from a
 * workbook. */
unsigned val_doc_sheet(val_doc *d, const char *name);

/* Where v was written, as a diagnostic location in d's file: file:line:col,
 * or file:sheet!cell for workbook values; file only when v is NULL or
 * derived. */
diag_loc val_loc(const val_doc *d, const val *v);
/* Where the i-th key of map m was written (a workbook key shares the sheet
 * of its value). */
diag_loc val_key_loc(const val_doc *d, const val *m, size_t i);

void val_list_push(val_doc *d, val *list, val *item);
/* Set key in a map: replaces an existing member, else appends. */
void val_map_set(val_doc *d, val *map, const char *key, val *v, int key_line, int key_col);

/* Member of a map, or NULL (also NULL when m is not a map). */
val *val_get(const val *m, const char *key);
/* Follow a dotted path: "预算执行.年初预算数", "项目.0.名称". NULL if any step is missing. */
val *val_path(const val *root, const char *path);

/* Convenience accessors: false/NULL when absent or of another kind. */
bool val_is_given(const val *v);        /* present and not VAL_NULL and not empty string */
const char *val_str(const val *v);
bool val_num(const val *v, qnum *out);
bool val_money(const val *v, money_t *out);  /* a VAL_NUM in 万元 as 分 */

/* Sums, exact: of the named members of a map that are numbers (keys ends
 * with NULL), and of member key over the elements of a list.  Return the
 * number of figures added; 0 (with *out = 0) when none is given. */
int val_sum_members(const val *map, const char *const *keys, qnum *out);
int val_sum_list(const val *list, const char *key, qnum *out);

/* Deep copy into another document (used when a derived tree is assembled). */
val *val_clone(val_doc *dst, const val *v);

#endif
