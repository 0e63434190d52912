/* tpl_expr — parsing one tag, evaluating it against the scope chain, and
 * the filters.  Numbers stay exact qnums until they are written, and are
 * rounded there, once, by qnum_format. */
#include "tpl_internal.h"
#include "../core/i18n.h"
#include "tpl_cn.h"
#include "../core/utf8.h"

#include <stdlib.h>
#include <string.h>

/* ---- lexing helpers ---------------------------------------------------- */

/* Skip ASCII blanks and the ideographic space U+3000, which Chinese input
 * methods type for a space. */
static const char *skip_ws(const char *s)
{
    for (;;) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
        else if (!strncmp(s, "\xe3\x80\x80", 3)) s += 3;            /* U+3000 */
        else if (!strncmp(s, "\xc2\xa0", 2)) s += 2;                /* NBSP */
        else return s;
    }
}

static char *trim_dup(const char *s, size_t n)
{
    while (n && (s[0] == ' ' || s[0] == '\t')) { s++; n--; }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    while (n >= 3 && !strncmp(s, "\xe3\x80\x80", 3)) { s += 3; n -= 3; }
    while (n >= 3 && !strncmp(s + n - 3, "\xe3\x80\x80", 3)) n -= 3;
    return xstrndup(s, n);
}

/* Word's autocorrect and Chinese keyboards turn | and : into their
 * full-width forms and straight quotes into curly ones; accept both. */
static size_t is_bar(const char *s)   { return *s == '|' ? 1 : !strncmp(s, "\xef\xbd\x9c", 3) ? 3 : 0; }
static size_t is_colon(const char *s) { return *s == ':' ? 1 : !strncmp(s, "\xef\xbc\x9a", 3) ? 3 : 0; }
static size_t is_open_quote(const char *s)
{
    if (*s == '"') return 1;
    if (!strncmp(s, "\xe2\x80\x9c", 3)) return 3;    /* “ */
    return 0;
}
static size_t is_close_quote(const char *s)
{
    if (*s == '"') return 1;
    if (!strncmp(s, "\xe2\x80\x9d", 3)) return 3;    /* ” */
    return 0;
}

static bool word_is(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && !strncmp(s, w, n);
}

/* ---- filters ------------------------------------------------------------ */

typedef struct {
    const char *names[4];
    tpl_filter_id id;
    int arg;                /* 0 none, 1 decimals, 2 string, 3 optional string */
} filter_spec;

static const filter_spec filter_specs[] = {
    {{"万元", "wanyuan", "amount", NULL}, F_WANYUAN, 1},
    {{"百分比", "percent", "%", NULL}, F_PERCENT, 1},
    {{"数值", "number", NULL, NULL}, F_NUMBER, 1},
    {{"整数", "int", NULL, NULL}, F_INT, 0},
    {{"一级", "h1", NULL, NULL}, F_H1, 0},
    {{"二级", "h2", NULL, NULL}, F_H2, 0},
    {{"三级", "h3", NULL, NULL}, F_H3, 0},
    {{"四级", "h4", NULL, NULL}, F_H4, 0},
    {{"中文数字", "cn", NULL, NULL}, F_CNNUM, 0},
    {{"大写", "大写金额", "upper", NULL}, F_UPPER, 0},
    {{"中文日期", "日期", "date", NULL}, F_CNDATE, 0},
    {{"默认", "default", NULL, NULL}, F_DEFAULT, 2},
    {{"连接", "join", NULL, NULL}, F_JOIN, 3},
    {{"个数", "count", NULL, NULL}, F_COUNT, 0},
    {{"增减", "sign", NULL, NULL}, F_SIGN, 3},
    {{"绝对值", "abs", NULL, NULL}, F_ABS, 0},
};

static const filter_spec *find_filter(const char *name, size_t n)
{
    for (size_t i = 0; i < sizeof filter_specs / sizeof filter_specs[0]; i++)
        for (int k = 0; k < 4 && filter_specs[i].names[k]; k++)
            if (word_is(name, n, filter_specs[i].names[k])) return &filter_specs[i];
    return NULL;
}

/* ---- tag parsing -------------------------------------------------------- */

static bool parse_path(const char *s, size_t n, tpl_tag *t, char **err)
{
    char *p = trim_dup(s, n);
    size_t len = strlen(p);
    if (!len) {
        *err = xasprintf(_("The tag %s names no field."), t->text);
        free(p);
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (p[i] == ' ' || p[i] == '\t' || p[i] == '{' || p[i] == '}') {
            *err = xasprintf(_("The field name \"%s\" in %s contains a space or a brace; "
                             "filters are written after a bar: {{字段 | 过滤器}}."), p, t->text);
            free(p);
            return false;
        }
    }
    static const struct { const char *w; tpl_path_kind k; int level; } specials[] = {
        {"@index", P_INDEX, 0}, {"@序号", P_INDEX, 0}, {"@count", P_COUNT, 0}, {"@总数", P_COUNT, 0},
        {"@first", P_FIRST, 0}, {"@首项", P_FIRST, 0}, {"@last", P_LAST, 0}, {"@末项", P_LAST, 0},
        {"@一级", P_COUNTER, 1}, {"@h1", P_COUNTER, 1}, {"@二级", P_COUNTER, 2}, {"@h2", P_COUNTER, 2},
        {"@三级", P_COUNTER, 3}, {"@h3", P_COUNTER, 3}, {"@四级", P_COUNTER, 4}, {"@h4", P_COUNTER, 4},
    };
    if (p[0] == '@') {
        for (size_t i = 0; i < sizeof specials / sizeof specials[0]; i++) {
            if (!strcmp(p, specials[i].w)) {
                t->pkind = specials[i].k;
                t->counter_level = specials[i].level;
                free(p);
                return true;
            }
        }
        *err = xasprintf(_("The tag %s uses the unknown special name \"%s\" (known: @序号 @index @总数 "
                         "@首项 @末项 @一级 @二级 @三级 @四级)."), t->text, p);
        free(p);
        return false;
    }
    const char *rest = p;
    t->pkind = P_FIELD;
    if (!strcmp(p, ".") || !strcmp(p, "this")) {
        t->pkind = P_THIS;
        rest = "";
    } else if (p[0] == '.') {
        t->pkind = P_THIS;
        rest = p + 1;
    } else if (!strncmp(p, "this.", 5)) {
        t->pkind = P_THIS;
        rest = p + 5;
    }
    /* split on '.' */
    while (*rest) {
        const char *dot = strchr(rest, '.');
        size_t sl = dot ? (size_t)(dot - rest) : strlen(rest);
        if (sl == 0) {
            *err = xasprintf(_("The field path \"%s\" in %s has an empty part between dots."), p, t->text);
            free(p);
            return false;
        }
        t->path = xgrow(t->path, t->npath, sizeof(char *));
        t->path[t->npath++] = xstrndup(rest, sl);
        rest = dot ? dot + 1 : rest + sl;
        if (dot && !*rest) {
            *err = xasprintf(_("The field path \"%s\" in %s ends with a dot."), p, t->text);
            free(p);
            return false;
        }
    }
    free(p);
    return true;
}

/* Parse "| f:arg | g" starting at s. */
static bool parse_filters(const char *s, tpl_tag *t, char **err)
{
    for (;;) {
        s = skip_ws(s);
        if (!*s) return true;
        size_t b = is_bar(s);
        if (!b) {
            *err = xasprintf(_("Unexpected text \"%s\" in %s; filters are separated by \"|\"."), s, t->text);
            return false;
        }
        s = skip_ws(s + b);
        const char *name = s;
        while (*s && !is_colon(s) && !is_bar(s) && *s != ' ' && strncmp(s, "\xe3\x80\x80", 3)) s++;
        size_t nlen = (size_t)(s - name);
        if (!nlen) {
            *err = xasprintf(_("A filter name is missing after \"|\" in %s."), t->text);
            return false;
        }
        const filter_spec *fs = find_filter(name, nlen);
        if (!fs) {
            char *nm = xstrndup(name, nlen);
            *err = xasprintf(_("The filter \"%s\" in %s is unknown (known: 万元 百分比 数值 整数 一级 二级 三级 "
                             "四级 中文数字 大写 中文日期 默认 连接 个数 增减 绝对值)."), nm, t->text);
            free(nm);
            return false;
        }
        tpl_filter f = {fs->id, -1, NULL, NULL};
        s = skip_ws(s);
        size_t c = is_colon(s);
        char *arg = NULL;
        if (c) {
            s = skip_ws(s + c);
            size_t q = is_open_quote(s);
            if (q) {
                s += q;
                const char *a = s;
                while (*s && !is_close_quote(s)) s++;
                if (!*s) {
                    *err = xasprintf(_("A quoted filter argument is not closed in %s."), t->text);
                    return false;
                }
                arg = xstrndup(a, (size_t)(s - a));
                s += is_close_quote(s);
            } else {
                const char *a = s;
                while (*s && !is_bar(s)) s++;
                arg = trim_dup(a, (size_t)(s - a));
            }
        }
        if (fs->arg == 0 && arg) {
            *err = xasprintf(_("The filter \"%s\" in %s takes no argument."), fs->names[0], t->text);
            free(arg);
            return false;
        }
        if (fs->arg == 1 && arg) {
            char *end = NULL;
            long d = strtol(arg, &end, 10);
            if (!*arg || *end || d < 0 || d > 6) {
                *err = xasprintf(_("The filter \"%s\" in %s takes a number of decimals from 0 to 6, not \"%s\"."),
                                 fs->names[0], t->text, arg);
                free(arg);
                return false;
            }
            f.dec = (int)d;
            free(arg);
            arg = NULL;
        }
        if (fs->arg == 2 && !arg) {
            *err = xasprintf(_("The filter \"%s\" in %s needs an argument, e.g. {{字段 | %s:无}}."),
                             fs->names[0], t->text, fs->names[0]);
            return false;
        }
        if (fs->id == F_SIGN && arg) {
            /* 增减:增长/下降 — the words for a rise and a fall */
            char *slash = strchr(arg, '/');
            if (!slash) {
                *err = xasprintf(_("The filter \"增减\" in %s takes two words separated by \"/\", e.g. 增减:增长/下降."),
                                 t->text);
                free(arg);
                return false;
            }
            f.arg2 = xstrdup(slash + 1);
            *slash = 0;
        }
        f.arg = arg;
        t->filters = xgrow(t->filters, t->nfilters, sizeof(tpl_filter));
        t->filters[t->nfilters++] = f;
    }
}

/* Split s at the first filter bar. */
static const char *find_bar(const char *s)
{
    for (; *s; s++)
        if (is_bar(s)) return s;
    return NULL;
}

static bool parse_expr(const char *s, tpl_tag *t, char **err)
{
    const char *bar = find_bar(s);
    size_t n = bar ? (size_t)(bar - s) : strlen(s);
    if (!parse_path(s, n, t, err)) return false;
    return bar ? parse_filters(bar, t, err) : true;
}

/* "a or b 或 c": the first alternative goes into t, the others into
 * t->alts; the condition holds when any of them does. */
static const char *find_or(const char *s, size_t *skip)
{
    const char *best = NULL;
    static const char *const words[] = {" or ", " 或 ", "||", NULL};
    for (int i = 0; words[i]; i++) {
        const char *f = strstr(s, words[i]);
        if (f && (!best || f < best)) {
            best = f;
            *skip = strlen(words[i]);
        }
    }
    return best;
}

static bool parse_condition(const char *s, tpl_tag *t, char **err)
{
    size_t skip = 0;
    const char *o = find_or(s, &skip);
    if (!o) return parse_expr(s, t, err);
    char *first = xstrndup(s, (size_t)(o - s));
    bool ok = parse_expr(first, t, err);
    free(first);
    s = o + skip;
    while (ok) {
        o = find_or(s, &skip);
        char *part = o ? xstrndup(s, (size_t)(o - s)) : xstrdup(s);
        t->alts = xgrow(t->alts, t->nalts, sizeof(tpl_tag));
        tpl_tag *a = &t->alts[t->nalts++];
        memset(a, 0, sizeof *a);
        a->kind = TK_VAR;
        a->text = t->text;
        a->match = a->else_tag = -1;
        ok = parse_expr(part, a, err);
        free(part);
        if (!o) break;
        s = o + skip;
    }
    return ok;
}

void tpl_tag_clear(tpl_tag *t)
{
    for (size_t i = 0; i < t->nalts; i++) {
        t->alts[i].text = NULL;     /* shared with t */
        tpl_tag_clear(&t->alts[i]);
    }
    free(t->alts);
    free(t->text);
    free(t->para_text);
    for (size_t i = 0; i < t->npath; i++) free(t->path[i]);
    free(t->path);
    for (size_t i = 0; i < t->nfilters; i++) {
        free(t->filters[i].arg);
        free(t->filters[i].arg2);
    }
    free(t->filters);
    memset(t, 0, sizeof *t);
}

bool tpl_tag_parse(const char *inner, tpl_tag *t, char **err)
{
    *err = NULL;
    t->match = t->else_tag = -1;
    const char *s = skip_ws(inner);
    char *body = trim_dup(s, strlen(s));
    size_t bl = strlen(body);
    bool ok = true;
    /* the first word decides the kind */
    const char *sp = body;
    while (*sp && *sp != ' ' && *sp != '\t' && strncmp(sp, "\xe3\x80\x80", 3)) sp++;
    size_t wl = (size_t)(sp - body);
    const char *rest = skip_ws(sp);

    if (bl == 0) {
        *err = xasprintf(_("The tag %s is empty."), t->text);
        ok = false;
    } else if (body[0] == '!') {
        t->kind = TK_COMMENT;
    } else if (word_is(body, wl, "#each") || word_is(body, wl, "#每项")) {
        t->kind = TK_EACH;
        t->block = "each";
        if (!*rest) {
            *err = xasprintf(_("The loop %s names no list, e.g. {{#each 项目}}."), t->text);
            ok = false;
        } else {
            ok = parse_expr(rest, t, err);
            if (ok && t->nfilters) {
                *err = xasprintf(_("The loop %s takes a list field without filters."), t->text);
                ok = false;
            }
        }
    } else if (word_is(body, wl, "#if") || word_is(body, wl, "#如果") || word_is(body, wl, "#unless") ||
               word_is(body, wl, "#除非")) {
        t->kind = TK_IF;
        t->block = "if";
        t->negate = body[1] == 'u' || word_is(body, wl, "#除非");
        if (!strncmp(rest, "not ", 4)) { t->negate = !t->negate; rest = skip_ws(rest + 4); }
        else if (!strncmp(rest, "不是", 6)) { t->negate = !t->negate; rest = skip_ws(rest + 6); }
        if (!*rest) {
            *err = xasprintf(_("The condition %s names no field, e.g. {{#if 项目}}."), t->text);
            ok = false;
        } else {
            ok = parse_condition(rest, t, err);
        }
    } else if (word_is(body, bl, "else") || word_is(body, bl, "否则")) {
        t->kind = TK_ELSE;
    } else if (body[0] == '/') {
        t->kind = TK_END;
        if (word_is(body, bl, "/each") || word_is(body, bl, "/每项")) t->block = "each";
        else if (word_is(body, bl, "/if") || word_is(body, bl, "/如果") || word_is(body, bl, "/unless") ||
                 word_is(body, bl, "/除非")) t->block = "if";
        else {
            *err = xasprintf(_("The closing tag %s is unknown; blocks close with {{/each}}, {{/if}} or {{/unless}}."),
                             t->text);
            ok = false;
        }
    } else if (word_is(body, bl, "合并") || word_is(body, bl, "vmerge") || word_is(body, bl, "纵向合并")) {
        t->kind = TK_MERGE;
    } else if (body[0] == '#') {
        *err = xasprintf(_("The block tag %s is unknown; blocks are {{#each 列表}}, {{#if 字段}} and {{#unless 字段}}."),
                         t->text);
        ok = false;
    } else {
        t->kind = TK_VAR;
        ok = parse_expr(body, t, err);
    }
    free(body);
    return ok;
}

char *tpl_excerpt(const char *s, size_t max)
{
    strbuf b = STRBUF_INIT;
    /* max code points take at most 4 * max bytes; one byte more tells
     * whether text follows (strlen of the rest was quadratic in a
     * paragraph of many errors) */
    size_t n = strnlen(s, 4 * max + 1), cps = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = utf8_decode(s + i, n - i, &cp);
        if (!l) l = 1;
        if (cps == max) {
            strbuf_adds(&b, "…");
            break;
        }
        if (cp == '\n' || cp == '\t') strbuf_addc(&b, ' ');
        else strbuf_add(&b, s + i, l);
        i += l;
        cps++;
    }
    return b.data ? strbuf_take(&b) : xstrdup("");
}

/* ---- evaluation ---------------------------------------------------------- */

void rval_clear(rval *r)
{
    free(r->s);
    memset(r, 0, sizeof *r);
}

static const val *step(const val *v, const char *seg)
{
    if (!v) return NULL;
    if (v->kind == VAL_MAP) return val_get(v, seg);
    if (v->kind == VAL_LIST) {
        char *end = NULL;
        long i = strtol(seg, &end, 10);
        if (*seg && !*end && i >= 0 && (size_t)i < v->u.list.n) return v->u.list.items[i];
    }
    return NULL;
}

static bool map_has(const val *m, const char *key)
{
    if (!m || m->kind != VAL_MAP) return false;
    for (size_t i = 0; i < m->u.map.n; i++)
        if (!strcmp(m->u.map.keys[i], key)) return true;
    return false;
}

const val *tpl_resolve(const tpl_tag *t, const tpl_scope *s)
{
    const val *v = NULL;
    size_t i = 0;
    if (t->pkind == P_THIS) {
        v = s ? s->v : NULL;
    } else if (t->pkind == P_FIELD) {
        /* the innermost context that has the first name wins, so the
         * fields of the report stay visible inside loops */
        for (const tpl_scope *c = s; c; c = c->up) {
            if (map_has(c->v, t->path[0])) {
                v = val_get(c->v, t->path[0]);
                break;
            }
        }
        i = 1;
    } else {
        return NULL;
    }
    for (; v && i < t->npath; i++) v = step(v, t->path[i]);
    return v;
}

static const tpl_scope *loop_scope(const tpl_scope *s)
{
    for (; s; s = s->up)
        if (s->index > 0) return s;
    return NULL;
}

static void rval_from_val(rval *r, const val *v)
{
    memset(r, 0, sizeof *r);
    r->dec = -1;
    if (!v) return;
    switch (v->kind) {
    case VAL_NULL: break;
    case VAL_BOOL: r->k = RV_BOOL; r->b = v->u.b; break;
    case VAL_NUM:
        r->k = RV_NUM;
        r->q = v->u.num.q;
        r->unit = v->u.num.unit;
        r->percent_sign = v->u.num.unit == UNIT_PERCENT;
        break;
    case VAL_STR:
        if (v->u.str.len) {
            r->k = RV_STR;
            r->s = xstrndup(v->u.str.s, v->u.str.len);
        }
        break;
    case VAL_LIST:
    case VAL_MAP: r->k = RV_VAL; r->v = v; break;
    }
}

static void set_str(rval *r, const char *s)
{
    free(r->s);
    memset(r, 0, sizeof *r);
    r->dec = -1;
    r->k = RV_STR;
    r->s = xstrdup(s);
}

/* A text that is a plain decimal (as 年度指标值 are not, but a date or a
 * quoted figure may be) is read as a number for numeric filters. */
static bool as_number(const rval *r, qnum *q)
{
    if (r->k == RV_NUM) {
        *q = r->q;
        return r->q.ok;
    }
    if (r->k == RV_STR) return qnum_parse(r->s, strlen(r->s), 6, q) == NUM_OK;
    if (r->k == RV_BOOL) { *q = qnum_int(r->b); return true; }
    return false;
}

static void apply_filter(const tpl_filter *f, rval *r)
{
    qnum q;
    char buf[TPL_CN_BUF];
    switch (f->id) {
    case F_WANYUAN:
    case F_NUMBER:
    case F_INT:
    case F_PERCENT:
        if (!as_number(r, &q)) return;
        {
            val_unit u = r->k == RV_NUM ? r->unit : UNIT_NONE;
            free(r->s);
            memset(r, 0, sizeof *r);
            r->k = RV_NUM;
            r->q = q;
            r->unit = u;
            r->dec = f->id == F_INT ? 0 : f->dec >= 0 ? f->dec : f->id == F_NUMBER ? -2 : 2;
            r->percent_sign = f->id == F_PERCENT;
        }
        return;
    case F_H1: case F_H2: case F_H3: case F_H4: case F_CNNUM:
        if (!as_number(r, &q)) return;
        {
            qnum iq = qnum_round(q, 0);
            int64_t n = iq.ok ? (int64_t)iq.num : 0;
            if (f->id == F_CNNUM) tpl_cn_numeral(n, buf, sizeof buf);
            else tpl_cn_heading((int)(f->id - F_H1) + 1, n, buf, sizeof buf);
            set_str(r, buf);
        }
        return;
    case F_UPPER:
        if (!as_number(r, &q)) return;
        {
            /* 万元 -> 分: × 1 000 000, rounded half up once */
            qnum fen = qnum_round(qnum_mul(q, qnum_int(1000000)), 0);
            if (!fen.ok) return;
            set_str(r, tpl_cn_money_upper((int64_t)fen.num, buf, sizeof buf));
        }
        return;
    case F_CNDATE:
        if (r->k == RV_STR && tpl_cn_date(r->s, buf, sizeof buf)) set_str(r, buf);
        return;
    case F_DEFAULT:
        if (!rval_truthy(r)) set_str(r, f->arg);
        return;
    case F_JOIN:
        if (r->k == RV_VAL && r->v->kind == VAL_LIST) {
            strbuf b = STRBUF_INIT;
            rval_format(r, f->arg ? f->arg : "、", &b);
            set_str(r, b.data ? b.data : "");
            strbuf_free(&b);
        }
        return;
    case F_COUNT: {
        int64_t n = 0;
        if (r->k == RV_VAL) n = (int64_t)(r->v->kind == VAL_LIST ? r->v->u.list.n : r->v->u.map.n);
        else if (r->k == RV_STR) n = 1;
        free(r->s);
        memset(r, 0, sizeof *r);
        r->k = RV_NUM;
        r->q = qnum_int(n);
        r->unit = UNIT_COUNT;
        r->dec = -1;
        return;
    }
    case F_SIGN:
        if (!as_number(r, &q)) return;
        {
            int sg = qnum_sign(q);
            set_str(r, sg > 0 ? (f->arg ? f->arg : "增加") : sg < 0 ? (f->arg2 ? f->arg2 : "减少") : "持平");
        }
        return;
    case F_ABS:
        if (r->k == RV_NUM) r->q = qnum_abs(r->q);
        return;
    }
}

rval tpl_eval(const tpl_tag *t, const tpl_scope *s, tpl_counters *ctr)
{
    rval r;
    memset(&r, 0, sizeof r);
    r.dec = -1;
    const tpl_scope *ls = loop_scope(s);
    switch (t->pkind) {
    case P_FIELD:
    case P_THIS:
        rval_from_val(&r, tpl_resolve(t, s));
        break;
    case P_INDEX:
    case P_COUNT:
        if (ls) {
            r.k = RV_NUM;
            r.q = qnum_int(t->pkind == P_INDEX ? ls->index : ls->count);
            r.unit = UNIT_COUNT;
        }
        break;
    case P_FIRST:
    case P_LAST:
        r.k = RV_BOOL;
        r.b = ls && (t->pkind == P_FIRST ? ls->index == 1 : ls->index == ls->count);
        break;
    case P_COUNTER: {
        int lv = t->counter_level - 1;
        ctr->c[lv]++;
        for (int k = lv + 1; k < 4; k++) ctr->c[k] = 0;
        char buf[TPL_CN_BUF];
        set_str(&r, tpl_cn_heading(lv + 1, ctr->c[lv], buf, sizeof buf));
        break;
    }
    }
    for (size_t i = 0; i < t->nfilters; i++) apply_filter(&t->filters[i], &r);
    return r;
}

bool rval_truthy(const rval *r)
{
    switch (r->k) {
    case RV_NONE: return false;
    case RV_STR: return r->s && r->s[0];
    case RV_NUM: return true;
    case RV_BOOL: return r->b;
    case RV_VAL:
        return r->v->kind == VAL_LIST ? r->v->u.list.n > 0 : r->v->kind == VAL_MAP ? r->v->u.map.n > 0 : false;
    }
    return false;
}

static void format_num(qnum q, val_unit unit, int dec, bool pct, strbuf *out)
{
    char buf[80];
    if (dec == -1) {
        int ex = qnum_exact_decimals(q);
        switch (unit) {
        case UNIT_WANYUAN: dec = 2; break;
        case UNIT_PERCENT: dec = 2; break;
        /* scores as given: 9.5 stays 9.5, 10 stays 10; a computed share
         * with more decimals is rounded to 2 and keeps only those it needs */
        case UNIT_SCORE:
            if (ex >= 0 && ex <= 2) {
                dec = ex;
            } else {
                qnum r2 = qnum_round(q, 2);
                int ex2 = qnum_exact_decimals(r2);
                dec = ex2 >= 0 && ex2 <= 2 ? ex2 : 2;
            }
            break;
        default: dec = ex >= 0 && ex <= 6 ? -2 : 2; break;
        }
    }
    if (dec == -2) qnum_format_exact(q, buf, sizeof buf);
    else qnum_format(q, dec, buf, sizeof buf);
    strbuf_adds(out, buf);
    if (pct) strbuf_addc(out, '%');
}

static void format_val(const val *v, const char *sep, strbuf *out);

static void format_list(const val *v, const char *sep, strbuf *out)
{
    for (size_t i = 0; i < v->u.list.n; i++) {
        if (i) strbuf_adds(out, sep);
        format_val(v->u.list.items[i], sep, out);
    }
}

static void format_val(const val *v, const char *sep, strbuf *out)
{
    rval r;
    rval_from_val(&r, v);
    if (r.k == RV_VAL && v->kind == VAL_MAP) {
        /* a sub-section {标题, 段落} written inline: its title, then its text */
        const val *title = val_get(v, "标题"), *paras = val_get(v, "段落");
        if (val_is_given(title)) strbuf_adds(out, val_str(title));
        if (paras && paras->kind == VAL_LIST && paras->u.list.n) {
            if (val_is_given(title)) strbuf_adds(out, sep);
            format_list(paras, sep, out);
        } else if (val_is_given(paras)) {
            if (val_is_given(title)) strbuf_adds(out, sep);
            format_val(paras, sep, out);
        }
    } else {
        rval_format(&r, sep, out);
    }
    rval_clear(&r);
}

void rval_format(const rval *r, const char *sep, strbuf *out)
{
    switch (r->k) {
    case RV_NONE: break;
    case RV_STR: strbuf_adds(out, r->s); break;
    case RV_NUM:
        if (!r->q.ok) strbuf_adds(out, "?");
        else format_num(r->q, r->unit, r->dec, r->percent_sign, out);
        break;
    case RV_BOOL: strbuf_adds(out, r->b ? "是" : "否"); break;
    case RV_VAL:
        if (r->v->kind == VAL_LIST) format_list(r->v, sep, out);
        else format_val(r->v, sep, out);
        break;
    }
}
