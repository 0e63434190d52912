#include "model_value.h"
#include "../core/strbuf.h"

#include <stdlib.h>
#include <string.h>

val_doc *val_doc_new(const char *file)
{
    val_doc *d = xcalloc(1, sizeof *d);
    d->arena = arena_new();
    d->file = arena_strdup(d->arena, file ? file : "");
    return d;
}

void val_doc_free(val_doc *d)
{
    if (!d) return;
    arena_free(d->arena);
    free(d);
}

val *val_new(val_doc *d, val_kind k, int line, int col)
{
    val *v = arena_alloc(d->arena, sizeof *v);
    v->kind = k;
    v->line = line;
    v->col = col;
    return v;
}

unsigned val_doc_sheet(val_doc *d, const char *name)
{
    for (size_t i = 0; i < d->nsheets; i++)
        if (!strcmp(d->sheets[i], name)) return (unsigned)i + 1;
    /* A workbook has a few dozen sheets at most (XLSX limits); a linear scan is fine. */
    char **grown = arena_alloc(d->arena, (d->nsheets + 1) * sizeof *grown);
    if (d->nsheets) memcpy(grown, d->sheets, d->nsheets * sizeof *grown);
    grown[d->nsheets] = arena_strdup(d->arena, name);
    d->sheets = grown;
    return (unsigned)++d->nsheets;
}

static diag_loc loc_at(const val_doc *d, unsigned sheet, int line, int col)
{
    diag_loc l = {d ? d->file : NULL, line, col, NULL, 0, NULL, NULL};
    if (d && sheet && sheet <= d->nsheets) l.sheet = d->sheets[sheet - 1];
    return l;
}

diag_loc val_loc(const val_doc *d, const val *v)
{
    return v ? loc_at(d, v->sheet, v->line, v->col) : loc_at(d, 0, 0, 0);
}

diag_loc val_key_loc(const val_doc *d, const val *m, size_t i)
{
    if (!m || m->kind != VAL_MAP || i >= m->u.map.n) return loc_at(d, 0, 0, 0);
    return loc_at(d, m->u.map.vals[i] ? m->u.map.vals[i]->sheet : m->sheet, m->u.map.key_line[i], m->u.map.key_col[i]);
}

val *val_new_str(val_doc *d, const char *s, size_t len, int line, int col)
{
    val *v = val_new(d, VAL_STR, line, col);
    v->u.str.s = arena_strndup(d->arena, s, len);
    v->u.str.len = len;
    return v;
}

val *val_new_num(val_doc *d, qnum q, val_unit unit, int line, int col)
{
    val *v = val_new(d, VAL_NUM, line, col);
    v->u.num.q = q;
    v->u.num.unit = unit;
    v->u.num.dec = -1;
    return v;
}

val *val_new_bool(val_doc *d, bool b)
{
    val *v = val_new(d, VAL_BOOL, 0, 0);
    v->u.b = b;
    return v;
}

/* Arena arrays cannot be realloc'd; grow by copying (amortised doubling). */
static void *grow(val_doc *d, void *old, size_t elem, size_t n, size_t newcap)
{
    void *p = arena_alloc(d->arena, elem * newcap);
    if (old && n) memcpy(p, old, elem * n);
    return p;
}

void val_list_push(val_doc *d, val *list, val *item)
{
    if (list->u.list.n == list->u.list.cap) {
        size_t cap = list->u.list.cap ? list->u.list.cap * 2 : 4;
        list->u.list.items = grow(d, list->u.list.items, sizeof(val *), list->u.list.n, cap);
        list->u.list.cap = cap;
    }
    list->u.list.items[list->u.list.n++] = item;
}

/* Maps are searched in order while small (a unit's maps have a dozen
 * fields); a hostile file with 100,000 fields in one map would make that
 * quadratic, so from MAP_INDEX_MIN members on, a hash index is kept. */
#define MAP_INDEX_MIN 16

static size_t key_hash(const char *k)
{
    size_t h = 1469598103934665603ull;
    for (; *k; k++) h = (h ^ (unsigned char)*k) * 1099511628211ull;
    return h;
}

/* Position of key, or (size_t)-1. */
static size_t map_find(const val *m, const char *key)
{
    if (m->u.map.index) {
        size_t mask = m->u.map.icap - 1;
        for (size_t i = key_hash(key) & mask;; i = (i + 1) & mask) {
            size_t e = m->u.map.index[i];
            if (!e) return (size_t)-1;
            if (!strcmp(m->u.map.keys[e - 1], key)) return e - 1;
        }
    }
    for (size_t i = 0; i < m->u.map.n; i++)
        if (!strcmp(m->u.map.keys[i], key)) return i;
    return (size_t)-1;
}

static void index_put(val *m, size_t pos)
{
    size_t mask = m->u.map.icap - 1, i = key_hash(m->u.map.keys[pos]) & mask;
    while (m->u.map.index[i]) i = (i + 1) & mask;
    m->u.map.index[i] = pos + 1;
}

static void index_grow(val_doc *d, val *m)
{
    size_t cap = 64;
    while (cap < 4 * m->u.map.n) cap *= 2;
    m->u.map.index = arena_alloc(d->arena, cap * sizeof(size_t));
    memset(m->u.map.index, 0, cap * sizeof(size_t));
    m->u.map.icap = cap;
    for (size_t i = 0; i < m->u.map.n; i++) index_put(m, i);
}

void val_map_set(val_doc *d, val *m, const char *key, val *v, int key_line, int key_col)
{
    size_t at = map_find(m, key);
    if (at != (size_t)-1) { m->u.map.vals[at] = v; return; }
    if (m->u.map.n == m->u.map.cap) {
        size_t cap = m->u.map.cap ? m->u.map.cap * 2 : 8, n = m->u.map.n;
        m->u.map.keys = grow(d, m->u.map.keys, sizeof(char *), n, cap);
        m->u.map.vals = grow(d, m->u.map.vals, sizeof(val *), n, cap);
        m->u.map.key_line = grow(d, m->u.map.key_line, sizeof(int), n, cap);
        m->u.map.key_col = grow(d, m->u.map.key_col, sizeof(int), n, cap);
        m->u.map.cap = cap;
    }
    size_t i = m->u.map.n++;
    m->u.map.keys[i] = arena_strdup(d->arena, key);
    m->u.map.vals[i] = v;
    m->u.map.key_line[i] = key_line;
    m->u.map.key_col[i] = key_col;
    if (m->u.map.index && 2 * m->u.map.n <= m->u.map.icap) index_put(m, i);
    else if (m->u.map.n >= MAP_INDEX_MIN) index_grow(d, m);
}

val *val_get(const val *m, const char *key)
{
    if (!m || m->kind != VAL_MAP || !key) return NULL;
    size_t at = map_find(m, key);
    return at == (size_t)-1 ? NULL : m->u.map.vals[at];
}

val *val_path(const val *root, const char *path)
{
    const val *cur = root;
    const char *p = path;
    char seg[512];
    while (cur && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        if (n >= sizeof seg) return NULL;
        memcpy(seg, p, n);
        seg[n] = 0;
        if (cur->kind == VAL_LIST) {
            char *end;
            long idx = strtol(seg, &end, 10);
            if (*end || idx < 0 || (size_t)idx >= cur->u.list.n) return NULL;
            cur = cur->u.list.items[idx];
        } else {
            cur = val_get(cur, seg);
        }
        p += n;
        if (*p == '.') p++;
    }
    return (val *)cur;
}

bool val_is_given(const val *v)
{
    if (!v || v->kind == VAL_NULL) return false;
    if (v->kind == VAL_STR) return v->u.str.len > 0;
    if (v->kind == VAL_LIST) return v->u.list.n > 0;
    if (v->kind == VAL_MAP) return v->u.map.n > 0;
    return true;
}

const char *val_str(const val *v) { return v && v->kind == VAL_STR ? v->u.str.s : NULL; }

bool val_num(const val *v, qnum *out)
{
    if (!v || v->kind != VAL_NUM || !v->u.num.q.ok) return false;
    *out = v->u.num.q;
    return true;
}

bool val_money(const val *v, money_t *out)
{
    qnum q;
    if (!val_num(v, &q)) return false;
    qnum f = qnum_mul(q, qnum_int(MONEY_SCALE));
    if (!f.ok || f.den != 1) return false;
    *out = (money_t)f.num;
    return true;
}

val *val_clone(val_doc *dst, const val *v)
{
    if (!v) return NULL;
    val *c = val_new(dst, v->kind, v->line, v->col);
    c->derived = v->derived;
    c->quoted = v->quoted;
    c->sheet = v->sheet;   /* clones stay in the same document family (derive) */
    switch (v->kind) {
    case VAL_BOOL: c->u.b = v->u.b; break;
    case VAL_NUM: c->u.num = v->u.num; break;
    case VAL_STR:
        c->u.str.s = arena_strndup(dst->arena, v->u.str.s, v->u.str.len);
        c->u.str.len = v->u.str.len;
        break;
    case VAL_LIST:
        for (size_t i = 0; i < v->u.list.n; i++) val_list_push(dst, c, val_clone(dst, v->u.list.items[i]));
        break;
    case VAL_MAP:
        for (size_t i = 0; i < v->u.map.n; i++)
            val_map_set(dst, c, v->u.map.keys[i], val_clone(dst, v->u.map.vals[i]),
                        v->u.map.key_line[i], v->u.map.key_col[i]);
        break;
    default: break;
    }
    return c;
}

int val_sum_members(const val *m, const char *const *keys, qnum *out)
{
    qnum s = qnum_int(0);
    int n = 0;
    for (; *keys; keys++) {
        qnum q;
        if (val_num(val_get(m, *keys), &q)) { s = qnum_add(s, q); n++; }
    }
    *out = s;
    return n;
}

int val_sum_list(const val *list, const char *key, qnum *out)
{
    qnum s = qnum_int(0);
    int n = 0;
    if (list && list->kind == VAL_LIST)
        for (size_t i = 0; i < list->u.list.n; i++) {
            qnum q;
            if (val_num(val_get(list->u.list.items[i], key), &q)) { s = qnum_add(s, q); n++; }
        }
    *out = s;
    return n;
}
