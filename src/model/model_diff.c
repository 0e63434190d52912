#include "model_diff.h"
#include "../core/strbuf.h"

#include <stdlib.h>
#include <string.h>

static void add(change_list *l, change_kind k, const char *path, const val *a, const val *b);

static char *show(const val *v)
{
    if (!v) return NULL;
    char buf[96];
    switch (v->kind) {
    case VAL_NULL: return xstrdup("（空）");
    case VAL_BOOL: return xstrdup(v->u.b ? "是" : "否");
    case VAL_NUM: {
        /* Rates are shown as the report shows them; amounts exactly. */
        if (v->u.num.unit == UNIT_PERCENT) qnum_format(v->u.num.q, 2, buf, sizeof buf);
        else qnum_format_exact(v->u.num.q, buf, sizeof buf);
        const char *unit = v->u.num.unit == UNIT_WANYUAN ? "万元" : v->u.num.unit == UNIT_PERCENT ? "%" : "";
        return xasprintf("%s%s", buf, unit);
    }
    case VAL_STR: return xstrdup(v->u.str.s);
    case VAL_LIST: return xasprintf("（%zu 项）", v->u.list.n);
    default: return xstrdup("（…）");
    }
}

static const char *const name_keys[] = {"名称", "项目名称", "三级指标", "来源", "对象", "标题", NULL};

static const char *elem_name(const val *v)
{
    if (!v) return NULL;
    if (v->kind == VAL_STR) return NULL;
    for (const char *const *k = name_keys; *k; k++) {
        const char *s = val_str(val_get(v, *k));
        if (s && *s) return s;
    }
    return NULL;
}

static char *elem_path(const char *path, const val *v, size_t index)
{
    const char *n = elem_name(v);
    return n ? xasprintf("%s《%s》", path, n) : xasprintf("%s[%zu]", path, index + 1);
}

static bool same_scalar(const val *a, const val *b)
{
    if (a->kind != b->kind) return false;
    switch (a->kind) {
    case VAL_NULL: return true;
    case VAL_BOOL: return a->u.b == b->u.b;
    case VAL_NUM: return a->u.num.q.ok && b->u.num.q.ok && qnum_cmp(a->u.num.q, b->u.num.q) == 0;
    case VAL_STR: return a->u.str.len == b->u.str.len && !memcmp(a->u.str.s, b->u.str.s, a->u.str.len);
    default: return false;
    }
}

static void walk(change_list *l, const char *path, const val *a, const val *b, int depth)
{
    if (depth > 64) return;
    if (!a && !b) return;
    if (!a || !b) { add(l, a ? CHANGE_REMOVED : CHANGE_ADDED, path, a, b); return; }
    if (a->kind == VAL_MAP && b->kind == VAL_MAP) {
        for (size_t i = 0; i < a->u.map.n; i++) {
            const char *k = a->u.map.keys[i];
            char *p = *path ? xasprintf("%s.%s", path, k) : xstrdup(k);
            walk(l, p, a->u.map.vals[i], val_get(b, k), depth + 1);
            free(p);
        }
        for (size_t i = 0; i < b->u.map.n; i++) {
            const char *k = b->u.map.keys[i];
            if (val_get(a, k)) continue;
            char *p = *path ? xasprintf("%s.%s", path, k) : xstrdup(k);
            walk(l, p, NULL, b->u.map.vals[i], depth + 1);
            free(p);
        }
        return;
    }
    if (a->kind == VAL_LIST && b->kind == VAL_LIST) {
        bool named = a->u.list.n && elem_name(a->u.list.items[0]);
        size_t na = a->u.list.n, nb = b->u.list.n;
        bool *used = xcalloc(nb + 1, 1);
        for (size_t i = 0; i < na; i++) {
            const val *x = a->u.list.items[i], *y = NULL;
            const char *n = named ? elem_name(x) : NULL;
            if (n) {
                for (size_t j = 0; j < nb; j++)
                    if (!used[j] && elem_name(b->u.list.items[j]) && !strcmp(elem_name(b->u.list.items[j]), n)) {
                        y = b->u.list.items[j];
                        used[j] = true;
                        break;
                    }
            } else if (i < nb && !used[i]) {
                y = b->u.list.items[i];
                used[i] = true;
            }
            char *p = elem_path(path, x, i);
            walk(l, p, x, y, depth + 1);
            free(p);
        }
        for (size_t j = 0; j < nb; j++) {
            if (used[j]) continue;
            char *p = elem_path(path, b->u.list.items[j], j);
            walk(l, p, NULL, b->u.list.items[j], depth + 1);
            free(p);
        }
        free(used);
        return;
    }
    if (!same_scalar(a, b)) add(l, CHANGE_CHANGED, path, a, b);
}

static void add(change_list *l, change_kind k, const char *path, const val *a, const val *b)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = xrealloc(l->items, l->cap * sizeof(change));
    }
    change *c = &l->items[l->n++];
    memset(c, 0, sizeof *c);
    c->kind = k;
    c->path = xstrdup(path);
    c->old_text = show(a);
    c->new_text = show(b);
    c->derived = (a && a->derived) || (b && b->derived);
    c->old_line = a ? a->line : 0;
    c->new_line = b ? b->line : 0;
    c->old_col = a ? a->col : 0;
    c->new_col = b ? b->col : 0;
    c->old_sheet = a ? a->sheet : 0;
    c->new_sheet = b ? b->sheet : 0;
    if (a && b && a->kind == VAL_NUM && b->kind == VAL_NUM) {
        char buf[96];
        qnum d = qnum_sub(b->u.num.q, a->u.num.q);
        if (a->u.num.unit == UNIT_PERCENT) qnum_format(d, 2, buf, sizeof buf);
        else qnum_format_exact(d, buf, sizeof buf);
        c->delta = xasprintf("%s%s", qnum_sign(d) > 0 ? "+" : "", buf);
    }
}

void model_diff(const val *old_root, const val *new_root, change_list *out)
{
    memset(out, 0, sizeof *out);
    walk(out, "", old_root, new_root, 0);
}

void model_diff_free(change_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].path);
        free(l->items[i].old_text);
        free(l->items[i].new_text);
        free(l->items[i].delta);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}
