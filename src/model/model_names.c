#include "model_names.h"
#include "../core/strbuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct { const char *s; size_t len; uint64_t h; } slot;

struct name_set {
    char **names;       /* normalised, sorted by strcmp, non-empty */
    size_t n;
    size_t maxlen;
    slot *table;        /* open addressing over whole names, size cap (power of 2) */
    size_t cap;
};

/* Polynomial hash mod 2^61-1, so that the hash of every prefix of a query
 * comes from the previous one in O(1): the "some listed name is a prefix
 * of this one" test then costs one probe per byte of the query. */
static const uint64_t MOD = (1ull << 61) - 1, BASE = 1000003;

static uint64_t step(uint64_t h, unsigned char c)
{
    unsigned __int128 x = (unsigned __int128)h * BASE + c + 1;
    uint64_t r = (uint64_t)(x & MOD) + (uint64_t)(x >> 61);
    return r >= MOD ? r - MOD : r;
}

char *model_norm_name(const char *s)
{
    strbuf b = STRBUF_INIT;
    int depth = 0;
    for (const char *p = s; p && *p;) {
        if (!strncmp(p, "（", 3) || *p == '(') { depth++; p += *p == '(' ? 1 : 3; continue; }
        if (!strncmp(p, "）", 3) || *p == ')') { if (depth) depth--; p += *p == ')' ? 1 : 3; continue; }
        if (*p == ' ' || *p == '\t' || !strncmp(p, "\xe3\x80\x80", 3)) { p += *p == ' ' || *p == '\t' ? 1 : 3; continue; }
        if (!depth) strbuf_addc(&b, *p);
        p++;
    }
    if (!b.data) return xstrdup("");
    return strbuf_take(&b);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static slot *probe(const name_set *s, const char *str, size_t len, uint64_t h)
{
    size_t i = (size_t)(h ^ (h >> 29)) & (s->cap - 1);
    for (;;) {
        slot *e = &s->table[i];
        if (!e->s || (e->h == h && e->len == len && !memcmp(e->s, str, len))) return e;
        i = (i + 1) & (s->cap - 1);
    }
}

name_set *nameset_of(const val *list, const char *key)
{
    name_set *s = xcalloc(1, sizeof *s);
    size_t total = list && list->kind == VAL_LIST ? list->u.list.n : 0;
    s->names = xcalloc(total + 1, sizeof(char *));
    for (size_t i = 0; i < total; i++) {
        const char *n = val_str(val_get(list->u.list.items[i], key));
        if (!n) continue;
        char *x = model_norm_name(n);
        if (!*x) { free(x); continue; }
        s->names[s->n++] = x;
    }
    qsort(s->names, s->n, sizeof(char *), cmp_names);
    s->cap = 16;
    while (s->cap < 2 * s->n + 2) s->cap *= 2;
    s->table = xcalloc(s->cap, sizeof(slot));
    for (size_t i = 0; i < s->n; i++) {
        size_t len = strlen(s->names[i]);
        uint64_t h = 0;
        for (size_t k = 0; k < len; k++) h = step(h, (unsigned char)s->names[i][k]);
        slot *e = probe(s, s->names[i], len, h);
        if (!e->s) { e->s = s->names[i]; e->len = len; e->h = h; }
        if (len > s->maxlen) s->maxlen = len;
    }
    return s;
}

bool nameset_has(const name_set *s, const char *name)
{
    if (!s || !s->n || !name) return false;
    char *x = model_norm_name(name);
    size_t lx = strlen(x);
    bool found = false;
    if (lx) {
        /* The query is a prefix of (or equal to) a listed name: the first
         * listed name not below it in sort order starts with it. */
        size_t lo = 0, hi = s->n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(s->names[mid], x) < 0) lo = mid + 1; else hi = mid;
        }
        found = lo < s->n && !strncmp(s->names[lo], x, lx);
        /* A listed name is a prefix of the query. */
        uint64_t h = 0;
        for (size_t k = 0; !found && k < lx && k < s->maxlen; k++) {
            h = step(h, (unsigned char)x[k]);
            found = probe(s, x, k + 1, h)->s != NULL;
        }
    }
    free(x);
    return found;
}

void nameset_free(name_set *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->n; i++) free(s->names[i]);
    free(s->names);
    free(s->table);
    free(s);
}
