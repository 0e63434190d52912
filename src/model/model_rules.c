/* model_rules — rules files into one rule set and one automaton.
 *
 * The file is read with the data files' own reader (model_yaml_read), so
 * rules files get the same safe YAML subset and the same positions.
 *
 * The automaton: a trie over the bytes of every pattern, its edges in one
 * open-addressing hash keyed by (node, byte), failure links by breadth-first
 * order and, per node, the patterns ending there plus a link to the nearest
 * failure ancestor that ends a pattern.  Matching follows one edge or
 * failure link per byte (amortised), then the output chain. */
#include "model_rules.h"
#include "model_yaml.h"
#include "../core/i18n.h"
#include "../core/strbuf.h"
#include "../core/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t fail, out;     /* out: nearest proper suffix node that ends a pattern, 0 none */
    uint32_t first_pat;     /* index into pats + 1 of the first pattern ending here, 0 none */
    uint32_t depth;
    uint32_t child, sibling;    /* first child and next sibling, + 1; 0 none: the BFS walks real edges only */
    unsigned char byte;         /* the edge from the parent */
} ac_node;

typedef struct {
    uint32_t rule;          /* index into rules */
    uint32_t len;
    uint32_t next;          /* next pattern ending at the same node, + 1; 0 none */
} ac_pat;

struct rule_set {
    rule *rules;
    size_t n, cap;
    size_t nfiles;
    rule_texts repeat_ok;
    /* automaton */
    ac_node *nodes;
    size_t nnodes, capnodes;
    uint64_t *ekey;         /* (node << 8 | byte) + 1; 0 empty */
    uint32_t *eval;
    size_t ecap, nedges;
    ac_pat *pats;
    size_t npats, cappats;
};

rule_set *rule_set_new(void) { return xcalloc(1, sizeof(rule_set)); }

static void texts_free(rule_texts *t)
{
    for (size_t i = 0; i < t->n; i++) free(t->v[i]);
    free(t->v);
    t->v = NULL;
    t->n = 0;
}

static void rule_free(rule *r)
{
    free(r->wrong);
    free(r->right);
    free(r->note);
    free(r->unit);
    free(r->file);
    texts_free(&r->before_not);
    texts_free(&r->after_not);
    texts_free(&r->before);
    texts_free(&r->after);
    texts_free(&r->clause_has);
    texts_free(&r->clause_not);
}

static void ac_clear(rule_set *rs)
{
    free(rs->nodes);
    free(rs->ekey);
    free(rs->eval);
    free(rs->pats);
    rs->nodes = NULL; rs->ekey = NULL; rs->eval = NULL; rs->pats = NULL;
    rs->nnodes = rs->capnodes = rs->ecap = rs->nedges = rs->npats = rs->cappats = 0;
}

void rule_set_free(rule_set *rs)
{
    if (!rs) return;
    for (size_t i = 0; i < rs->n; i++) rule_free(&rs->rules[i]);
    free(rs->rules);
    texts_free(&rs->repeat_ok);
    ac_clear(rs);
    free(rs);
}

size_t rule_set_count(const rule_set *rs) { return rs ? rs->n : 0; }
size_t rule_set_files(const rule_set *rs) { return rs ? rs->nfiles : 0; }

bool rule_set_repeat_ok(const rule_set *rs, const char *word, size_t len)
{
    if (!rs) return false;
    for (size_t i = 0; i < rs->repeat_ok.n; i++)
        if (strlen(rs->repeat_ok.v[i]) == len && !memcmp(rs->repeat_ok.v[i], word, len)) return true;
    return false;
}

bool rule_applies(const rule *r, int year)
{
    if (!r->nyears) return true;
    if (year <= 0) return false;
    for (int i = 0; i < r->nyears; i++)
        if (year >= r->years[i][0] && year <= r->years[i][1]) return true;
    return false;
}

/* ---- the automaton ---- */

static uint64_t ehash(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return k;
}

static uint32_t edge_get(const rule_set *rs, uint32_t node, unsigned char b)
{
    if (!rs->ecap) return 0;
    uint64_t key = ((uint64_t)node << 8 | b) + 1;
    size_t mask = rs->ecap - 1;
    for (size_t i = ehash(key) & mask;; i = (i + 1) & mask) {
        if (!rs->ekey[i]) return 0;
        if (rs->ekey[i] == key) return rs->eval[i];
    }
}

static void edge_put(rule_set *rs, uint32_t node, unsigned char b, uint32_t child);

static void edge_grow(rule_set *rs)
{
    size_t oc = rs->ecap;
    uint64_t *ok = rs->ekey;
    uint32_t *ov = rs->eval;
    rs->ecap = oc ? 2 * oc : 1024;
    rs->ekey = xcalloc(rs->ecap, sizeof *rs->ekey);
    rs->eval = xcalloc(rs->ecap, sizeof *rs->eval);
    rs->nedges = 0;
    for (size_t i = 0; i < oc; i++)
        if (ok[i]) edge_put(rs, (uint32_t)((ok[i] - 1) >> 8), (unsigned char)((ok[i] - 1) & 0xFF), ov[i]);
    free(ok);
    free(ov);
}

static void edge_put(rule_set *rs, uint32_t node, unsigned char b, uint32_t child)
{
    if ((rs->nedges + 1) * 2 > rs->ecap) edge_grow(rs);
    uint64_t key = ((uint64_t)node << 8 | b) + 1;
    size_t mask = rs->ecap - 1;
    size_t i = ehash(key) & mask;
    while (rs->ekey[i]) i = (i + 1) & mask;
    rs->ekey[i] = key;
    rs->eval[i] = child;
    rs->nedges++;
}

static uint32_t node_new(rule_set *rs, uint32_t depth)
{
    if (rs->nnodes == rs->capnodes) {
        rs->capnodes = rs->capnodes ? 2 * rs->capnodes : 1024;
        rs->nodes = xrealloc(rs->nodes, rs->capnodes * sizeof *rs->nodes);
    }
    rs->nodes[rs->nnodes] = (ac_node){0, 0, 0, depth, 0, 0, 0};
    return (uint32_t)rs->nnodes++;
}

static void ac_add(rule_set *rs, const char *pat, uint32_t rule_ix)
{
    uint32_t cur = 0;
    size_t len = strlen(pat);
    for (size_t i = 0; i < len; i++) {
        unsigned char b = (unsigned char)pat[i];
        uint32_t nx = edge_get(rs, cur, b);
        if (!nx) {
            nx = node_new(rs, (uint32_t)i + 1);
            edge_put(rs, cur, b, nx);
            rs->nodes[nx].byte = b;
            rs->nodes[nx].sibling = rs->nodes[cur].child;
            rs->nodes[cur].child = nx + 1;
        }
        cur = nx;
    }
    if (rs->npats == rs->cappats) {
        rs->cappats = rs->cappats ? 2 * rs->cappats : 256;
        rs->pats = xrealloc(rs->pats, rs->cappats * sizeof *rs->pats);
    }
    rs->pats[rs->npats] = (ac_pat){rule_ix, (uint32_t)len, rs->nodes[cur].first_pat};
    rs->nodes[cur].first_pat = (uint32_t)++rs->npats;
}

/* Rebuild the automaton over every rule: a few hundred rules take well
 * under a millisecond, so rebuilding after each file keeps matching const. */
static void ac_build(rule_set *rs)
{
    ac_clear(rs);
    node_new(rs, 0);
    for (size_t r = 0; r < rs->n; r++) {
        ac_add(rs, rs->rules[r].wrong, (uint32_t)r);
        if (rs->rules[r].kind == RULE_EVENT)   /* aliases are kept in after (see load_event) */
            for (size_t k = 0; k < rs->rules[r].after.n; k++) ac_add(rs, rs->rules[r].after.v[k], (uint32_t)r);
    }
    /* breadth-first over the trie's edges */
    uint32_t *queue = xcalloc(rs->nnodes, sizeof *queue);
    size_t qh = 0, qt = 0;
    queue[qt++] = 0;
    while (qh < qt) {
        uint32_t u = queue[qh++];
        for (uint32_t ch = rs->nodes[u].child; ch; ch = rs->nodes[ch - 1].sibling) {
            uint32_t v = ch - 1;
            unsigned char b = rs->nodes[v].byte;
            uint32_t f = 0;
            if (u) {
                uint32_t x = rs->nodes[u].fail;
                for (;;) {
                    uint32_t y = edge_get(rs, x, b);
                    if (y) { f = y; break; }
                    if (!x) break;
                    x = rs->nodes[x].fail;
                }
            }
            rs->nodes[v].fail = f;
            rs->nodes[v].out = rs->nodes[f].first_pat ? f : rs->nodes[f].out;
            queue[qt++] = v;
        }
    }
    free(queue);
}

size_t rule_set_match(const rule_set *rs, const char *s, size_t n, rule_match *out, size_t max)
{
    if (!rs || !rs->nnodes) return 0;
    size_t k = 0;
    uint32_t cur = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        for (;;) {
            uint32_t nx = edge_get(rs, cur, b);
            if (nx) { cur = nx; break; }
            if (!cur) break;
            cur = rs->nodes[cur].fail;
        }
        for (uint32_t x = cur; x; x = rs->nodes[x].out) {
            for (uint32_t p = rs->nodes[x].first_pat; p; p = rs->pats[p - 1].next) {
                const ac_pat *ap = &rs->pats[p - 1];
                /* a match must start on a character boundary */
                size_t a = i + 1 - ap->len;
                if (a < n && ((unsigned char)s[a] & 0xC0) == 0x80) continue;
                if (k < max) out[k] = (rule_match){a, i + 1, &rs->rules[ap->rule]};
                k++;
            }
        }
    }
    return k;
}

/* ---- loading ---- */

typedef struct {
    const val_doc *doc;
    const char *file;
    diag_list *diags;
    bool ok;
} loader;

static void bad(loader *L, const val *v, const char *fmt, const char *what)
{
    diag_add(L->diags, DIAG_ERROR, val_loc(L->doc, v), "rules.invalid", fmt, L->file, what);
    L->ok = false;
}

/* A text of a rule: a non-empty string within the pattern limit. */
static char *text_of(loader *L, const val *v, const char *field)
{
    if (!v || v->kind != VAL_STR || !v->u.str.len) {
        bad(L, v, N_("In the rules file %s, “%s” must be a non-empty text; write the words, or delete the field."), field);
        return NULL;
    }
    if (v->u.str.len > RULES_MAX_PATTERN) {
        bad(L, v, N_("In the rules file %s, “%s” is longer than the limit of 64 bytes (about 21 Chinese characters); shorten it."), field);
        return NULL;
    }
    return xstrndup(v->u.str.s, v->u.str.len);
}

/* A list of texts, or one text. */
static void texts_of(loader *L, const val *v, const char *field, rule_texts *out)
{
    if (!v) return;
    if (v->kind == VAL_STR) {
        char *t = text_of(L, v, field);
        if (!t) return;
        out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
        out->v[out->n++] = t;
        return;
    }
    if (v->kind != VAL_LIST) {
        bad(L, v, N_("In the rules file %s, “%s” must be a text or a list of texts such as [的, 地]."), field);
        return;
    }
    if (v->u.list.n > RULES_MAX_CONTEXT) {
        bad(L, v, N_("In the rules file %s, the list “%s” has more than 64 texts; split the rule."), field);
        return;
    }
    for (size_t i = 0; i < v->u.list.n; i++) {
        char *t = text_of(L, v->u.list.items[i], field);
        if (!t) continue;
        out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
        out->v[out->n++] = t;
    }
}

static bool parse_int(const char *s, size_t n, size_t *i, int *out)
{
    while (*i < n && (s[*i] == ' ')) (*i)++;
    size_t st = *i;
    long v = 0;
    while (*i < n && s[*i] >= '0' && s[*i] <= '9' && *i - st < 4) v = v * 10 + (s[(*i)++] - '0');
    while (*i < n && (s[*i] == ' ')) (*i)++;
    if (*i == st) return false;
    *out = (int)v;
    return true;
}

/* 年度: "2023-", "-2020", "2016-2020", "2023", ranges separated by commas. */
static void years_of(loader *L, const val *v, rule *r)
{
    if (!v) return;
    const char *s = v->kind == VAL_STR ? v->u.str.s : NULL;
    size_t n = s ? v->u.str.len : 0, i = 0;
    bool okp = s != NULL;
    while (okp && i < n) {
        int lo = 0, hi = 9999;
        bool has_lo = parse_int(s, n, &i, &lo);
        if (i < n && s[i] == '-') {
            i++;
            parse_int(s, n, &i, &hi);
        } else if (has_lo) {
            hi = lo;
        } else {
            okp = false;
            break;
        }
        if (lo > hi || r->nyears == RULES_MAX_YEAR_RANGES) { okp = false; break; }
        r->years[r->nyears][0] = lo;
        r->years[r->nyears][1] = hi;
        r->nyears++;
        if (i < n && (s[i] == ',' || s[i] == ' ')) { i++; continue; }
        if (i + 3 <= n && (!memcmp(s + i, "，", 3) || !memcmp(s + i, "、", 3))) { i += 3; continue; }
        if (i < n) okp = false;
    }
    if (!okp || !r->nyears)
        bad(L, v, N_("In the rules file %s, “%s” must be years such as 2023-, -2020, 2016-2020 or 2021-2022, 2026- (at most 8 ranges)."), "年度");
}

static const char *code_of(const char *kind)
{
    if (!strcmp(kind, "易混词")) return "TEXT.confusable";
    if (!strcmp(kind, "过时用语")) return "TEXT.stale";
    if (!strcmp(kind, "重叠")) return "TEXT.double";
    if (!strcmp(kind, "届次")) return "TEXT.ordinal";
    return NULL;
}

static bool known_key(const char *k, bool event)
{
    static const char *const word[] = {"错", "对", "说明", "年度", "前不是", "后不是", "前是", "后是", "句中有", "句中无", "级别", NULL};
    static const char *const ev[] = {"名称", "别名", "首年", "量词", "说明", "级别", "句中无", NULL};
    for (const char *const *p = event ? ev : word; *p; p++) if (!strcmp(*p, k)) return true;
    return false;
}

static void load_entry(loader *L, rule_set *rs, const val *e, const char *kind_code, size_t *added)
{
    bool event = !strcmp(kind_code, "TEXT.ordinal");
    if (e->kind != VAL_MAP) {
        bad(L, e, N_("In the rules file %s, each entry of “%s” must be a set of fields such as 错: … 对: …."), "规则");
        return;
    }
    for (size_t i = 0; i < e->u.map.n; i++)
        if (!known_key(e->u.map.keys[i], event)) {
            diag_add(L->diags, DIAG_ERROR, val_key_loc(L->doc, e, i), "rules.invalid",
                     N_("In the rules file %s, “%s” is not a field of a rule; check the spelling (see rules/README.md)."),
                     L->file, e->u.map.keys[i]);
            L->ok = false;
        }
    if (rs->n + 1 > RULES_MAX_RULES) {
        diag_add(L->diags, DIAG_ERROR, val_loc(L->doc, e), "rules.invalid",
                 N_("The rules files hold more than %d rules in all; the rules file %s is not read. Merge or shorten the files."),
                 RULES_MAX_RULES, L->file);
        L->ok = false;
        return;
    }
    rule r;
    memset(&r, 0, sizeof r);
    r.code = kind_code;
    r.sev = DIAG_WARNING;
    r.kind = event ? RULE_EVENT : RULE_WORD;
    diag_loc loc = val_loc(L->doc, e);
    r.file = xstrdup(L->file);
    r.line = loc.line;
    r.col = loc.col;
    bool before_ok = L->ok;
    if (event) {
        r.wrong = text_of(L, val_get(e, "名称") ? val_get(e, "名称") : e, "名称");
        texts_of(L, val_get(e, "别名"), "别名", &r.after);   /* aliases, matched like 名称 */
        const val *fy = val_get(e, "首年");
        int y = 0;
        size_t i = 0;
        if (!fy || fy->kind != VAL_STR || !parse_int(fy->u.str.s, fy->u.str.len, &i, &y) || i != fy->u.str.len || y < 1800 || y > 2100)
            bad(L, fy ? fy : e, N_("In the rules file %s, “%s” must be the year the event was first held, such as 2014."), "首年");
        r.first_year = y;
        r.unit = text_of(L, val_get(e, "量词") ? val_get(e, "量词") : e, "量词");
        if (r.unit && strcmp(r.unit, "个") && strcmp(r.unit, "届") && strcmp(r.unit, "次") && strcmp(r.unit, "周年"))
            bad(L, val_get(e, "量词"), N_("In the rules file %s, “%s” must be 个, 届, 次 or 周年."), "量词");
    } else {
        r.wrong = text_of(L, val_get(e, "错") ? val_get(e, "错") : e, "错");
        if (val_get(e, "对")) r.right = text_of(L, val_get(e, "对"), "对");
        years_of(L, val_get(e, "年度"), &r);
        texts_of(L, val_get(e, "前不是"), "前不是", &r.before_not);
        texts_of(L, val_get(e, "后不是"), "后不是", &r.after_not);
        texts_of(L, val_get(e, "前是"), "前是", &r.before);
        texts_of(L, val_get(e, "后是"), "后是", &r.after);
        texts_of(L, val_get(e, "句中有"), "句中有", &r.clause_has);
    }
    texts_of(L, val_get(e, "句中无"), "句中无", &r.clause_not);
    const val *note = val_get(e, "说明");
    if (note) {
        if (note->kind == VAL_STR && note->u.str.len && note->u.str.len <= 1024) r.note = xstrndup(note->u.str.s, note->u.str.len);
        else bad(L, note, N_("In the rules file %s, “%s” must be a text of at most 1024 bytes."), "说明");
    }
    const val *sev = val_get(e, "级别");
    if (sev) {
        const char *s = val_str(sev);
        if (s && !strcmp(s, "提示")) r.sev = DIAG_NOTE;
        else if (!s || strcmp(s, "警告")) bad(L, sev, N_("In the rules file %s, “%s” must be 警告 or 提示."), "级别");
    }
    if (!L->ok && before_ok) { rule_free(&r); return; }
    if (!r.wrong) { rule_free(&r); return; }
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? 2 * rs->cap : 256;
        rs->rules = xrealloc(rs->rules, rs->cap * sizeof *rs->rules);
    }
    rs->rules[rs->n++] = r;
    (*added)++;
}

bool rule_set_load(rule_set *rs, const char *file, const char *data, size_t len, diag_list *diags)
{
    if (rs->nfiles >= RULES_MAX_FILES) {
        diag_add(diags, DIAG_ERROR, (diag_loc){.file = file}, "rules.invalid",
                 N_("More than %d rules files are given; the rules file %s is not read. Merge some of them."), RULES_MAX_FILES, file);
        return false;
    }
    if (len > RULES_MAX_FILE_BYTES) {
        diag_add(diags, DIAG_ERROR, (diag_loc){.file = file}, "rules.invalid",
                 N_("The rules file %s is larger than the limit of 4 MB; split it."), file);
        return false;
    }
    diag_list d;
    diag_list_init(&d);
    val_doc *doc = model_yaml_read(file, data, len, &d);
    loader L = {doc, file, &d, doc != NULL};
    size_t first = rs->n, added = 0;
    size_t first_ok = rs->repeat_ok.n;
    if (doc && (!doc->root || doc->root->kind != VAL_MAP)) {
        diag_add(&d, DIAG_ERROR, (diag_loc){.file = file, .line = 1, .col = 1}, "rules.invalid",
                 N_("The rules file %s must start with 类别: and 规则: (see rules/README.md)."), file);
        L.ok = false;
    } else if (doc) {
        const val *root = doc->root;
        const val *kind = val_get(root, "类别");
        const char *code = kind ? code_of(val_str(kind) ? val_str(kind) : "") : NULL;
        if (!code) {
            diag_loc l = kind ? val_loc(doc, kind) : (diag_loc){.file = file, .line = 1, .col = 1};
            diag_add(&d, DIAG_ERROR, l, "rules.invalid",
                     N_("In the rules file %s, 类别 must be one of 易混词, 过时用语, 重叠 or 届次."), file);
            L.ok = false;
        }
        for (size_t i = 0; i < root->u.map.n; i++) {
            const char *k = root->u.map.keys[i];
            if (strcmp(k, "类别") && strcmp(k, "规则") && strcmp(k, "允许重复") && strcmp(k, "说明")) {
                diag_add(&d, DIAG_ERROR, val_key_loc(doc, root, i), "rules.invalid",
                         N_("In the rules file %s, “%s” is not a field of a rules file (类别, 规则, 允许重复, 说明)."), file, k);
                L.ok = false;
            }
        }
        const val *list = val_get(root, "规则");
        if (list && list->kind != VAL_LIST && list->kind != VAL_NULL) {
            bad(&L, list, N_("In the rules file %s, “%s” must be a list of entries, each starting with “- ”."), "规则");
        } else if (list && code) {
            for (size_t i = 0; i < list->u.list.n; i++) load_entry(&L, rs, list->u.list.items[i], code, &added);
        }
        const val *rep = val_get(root, "允许重复");
        if (rep) texts_of(&L, rep, "允许重复", &rs->repeat_ok);
    }
    bool ok = L.ok && doc != NULL;
    if (!ok) {   /* all or nothing: a broken file adds no rule */
        for (size_t i = first; i < rs->n; i++) rule_free(&rs->rules[i]);
        rs->n = first;
        for (size_t i = first_ok; i < rs->repeat_ok.n; i++) free(rs->repeat_ok.v[i]);
        rs->repeat_ok.n = first_ok;
    } else {
        rs->nfiles++;
        ac_build(rs);
    }
    for (size_t k = 0; k < d.n; k++) {
        diag *x = &d.items[k];
        diag_loc l = {x->file, x->line, x->col, x->part, x->para, x->tag, x->sheet};
        diag_add(diags, x->sev, l, x->code, "%s", x->message);
    }
    diag_list_free(&d);
    val_doc_free(doc);
    return ok;
}
