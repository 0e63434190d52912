/* tpl_internal — what the template modules share; not a public contract.
 *
 * Pipeline: tpl_template.c finds tags across runs and isolates each one in
 * a run of its own (marked with the attribute jx-tag="<index>"), parses
 * them (tpl_expr.c), matches blocks and wraps every block's content in a
 * private <jx-block> element; tpl_fill.c evaluates copies of that
 * prepared DOM.  The private markup never reaches an output file: every
 * marked run and every wrapper is replaced during evaluation. */
#ifndef JX_TPL_INTERNAL_H
#define JX_TPL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>
#include "tpl.h"
#include "../core/strbuf.h"

#define TPL_ATTR_TAG   "jx-tag"     /* on a w:r holding exactly one tag */
#define TPL_ATTR_VMERGE "jx-vm"     /* on a w:tc whose column merges equal cells */
#define TPL_BLOCK      "jx-block"   /* wrapper: attributes tag (open tag index) */
#define TPL_THEN       "jx-then"
#define TPL_ELSE       "jx-else"

typedef enum { TK_VAR, TK_EACH, TK_IF, TK_ELSE, TK_END, TK_MERGE, TK_COMMENT } tpl_tag_kind;

typedef enum {
    F_WANYUAN, F_PERCENT, F_NUMBER, F_INT, F_H1, F_H2, F_H3, F_H4, F_CNNUM, F_UPPER,
    F_CNDATE, F_DEFAULT, F_JOIN, F_COUNT, F_SIGN, F_ABS,
} tpl_filter_id;

typedef struct {
    tpl_filter_id id;
    int dec;            /* decimals; -1 = the filter's default */
    char *arg;          /* string argument or NULL */
    char *arg2;         /* F_SIGN: word for a negative value */
} tpl_filter;

/* Special path heads. */
typedef enum { P_FIELD, P_THIS, P_INDEX, P_COUNT, P_FIRST, P_LAST, P_COUNTER } tpl_path_kind;

typedef struct tpl_tag_s {
    tpl_tag_kind kind;
    char *text;             /* the tag as written, "{{名称 | 默认:无}}" */
    tpl_path_kind pkind;
    int counter_level;      /* P_COUNTER: 1..4 */
    char **path;            /* P_FIELD: segments; P_THIS: segments after "." */
    size_t npath;
    tpl_filter *filters;
    size_t nfilters;
    bool bad;               /* did not parse (reported); never evaluated */
    bool negate;            /* #unless / #if not */
    struct tpl_tag_s *alts; /* #if a or b …: the other alternatives */
    size_t nalts;
    const char *block;      /* TK_EACH/TK_IF/TK_END: "each" or "if" (unless closes as "if") */
    const char *end_word;   /* TK_END: the word written, for messages */
    /* location */
    const char *part;
    int para;
    char *para_text;        /* a short excerpt of the paragraph */
    /* matching (indices into the part's tag array, -1 if none) */
    int match;              /* open <-> close */
    int else_tag;           /* open: its else; else: its open */
} tpl_tag;

/* Parse the inside of a tag (without the braces).  On failure returns
 * false and sets *err to a malloc'd sentence. */
bool tpl_tag_parse(const char *inner, tpl_tag *t, char **err);
void tpl_tag_clear(tpl_tag *t);

/* The evaluation context: a chain from the innermost loop element out to
 * the root. */
typedef struct tpl_scope {
    const val *v;
    const struct tpl_scope *up;
    int index;              /* 1-based position in the loop, 0 outside loops */
    int count;
} tpl_scope;

/* An evaluated expression. */
typedef enum { RV_NONE, RV_STR, RV_NUM, RV_BOOL, RV_VAL } rval_kind;
typedef struct {
    rval_kind k;
    char *s;                /* RV_STR: owned */
    qnum q;                 /* RV_NUM */
    val_unit unit;
    int dec;                /* RV_NUM: decimals chosen by a filter, -1 = by unit */
    bool percent_sign;      /* RV_NUM: write a % after it */
    bool b;                 /* RV_BOOL */
    const val *v;           /* RV_VAL: a list or a map */
} rval;

/* Heading counters for @一级…@四级 within one fill. */
typedef struct { int64_t c[4]; } tpl_counters;

rval tpl_eval(const tpl_tag *t, const tpl_scope *s, tpl_counters *ctr);
void rval_clear(rval *r);
bool rval_truthy(const rval *r);
/* The text of a value; lists are joined with sep.  Appends to out. */
void rval_format(const rval *r, const char *sep, strbuf *out);
/* Resolve a path without filters (for #each). */
const val *tpl_resolve(const tpl_tag *t, const tpl_scope *s);

/* One processed part of a loaded template. */
typedef struct {
    char *name;             /* "word/document.xml" */
    xmlDoc *doc;            /* prepared: tags isolated, blocks wrapped */
    tpl_tag *tags;
    size_t ntags;
} tpl_part;

struct tpl_template {
    char *file;
    char *data;             /* the original package bytes */
    size_t len;
    char *main_part;
    char *context;          /* NULL or the list whose element is the context */
    tpl_part *parts;
    size_t nparts;
    char **fields;
    size_t nfields;
};

/* A short, single-line excerpt of s (at most max code points, "…" added
 * when cut), malloc'd. */
char *tpl_excerpt(const char *s, size_t max);

#endif
