#include "model_narrative.h"
#include "../core/i18n.h"
#include "../core/strbuf.h"
#include "../core/utf8.h"
#include "model_limits.h"
#include "model_names.h"
#include "model_round.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- projects, looked up by normalised name ---- */

typedef struct { char *norm; size_t idx; } pname;

typedef struct {
    pname *v;
    size_t n;
} pindex;

static int cmp_pname(const void *a, const void *b)
{
    int c = strcmp(((const pname *)a)->norm, ((const pname *)b)->norm);
    if (c) return c;
    return ((const pname *)a)->idx < ((const pname *)b)->idx ? -1 : ((const pname *)a)->idx > ((const pname *)b)->idx;
}

static void pindex_build(pindex *x, const val *list)
{
    x->v = NULL;
    x->n = 0;
    if (!list || list->kind != VAL_LIST || !list->u.list.n) return;
    x->v = xcalloc(list->u.list.n, sizeof *x->v);
    for (size_t i = 0; i < list->u.list.n; i++) {
        const char *s = val_str(val_get(list->u.list.items[i], "名称"));
        if (!s) continue;
        char *nm = model_norm_name(s);
        if (!*nm) { free(nm); continue; }
        x->v[x->n++] = (pname){nm, i};
    }
    qsort(x->v, x->n, sizeof *x->v, cmp_pname);
}

static void pindex_free(pindex *x)
{
    for (size_t i = 0; i < x->n; i++) free(x->v[i].norm);
    free(x->v);
}

/* v against the first klen bytes of key. */
static int cmp_key(const char *v, const char *key, size_t klen)
{
    int c = strncmp(v, key, klen);
    if (c) return c;
    /* v starts with the key (strncmp found no end in v before klen): longer sorts after. */
    return v[klen] ? 1 : 0;
}

/* First entry not less than key[0..klen). */
static size_t lower_bound_n(const pindex *x, const char *key, size_t klen)
{
    size_t lo = 0, hi = x->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_key(x->v[mid].norm, key, klen) < 0) lo = mid + 1; else hi = mid;
    }
    return lo;
}

static size_t lower_bound(const pindex *x, const char *key) { return lower_bound_n(x, key, strlen(key)); }

/* The project an exact normalised name names; -1 when none or two. */
static long pindex_exact(const pindex *x, const char *norm)
{
    size_t i = lower_bound(x, norm);
    if (i >= x->n || strcmp(x->v[i].norm, norm)) return -1;
    if (i + 1 < x->n && !strcmp(x->v[i + 1].norm, norm)) return -1;   /* two projects of that name */
    return (long)x->v[i].idx;
}

static size_t common_prefix(const char *a, const char *b, size_t max)
{
    size_t i = 0;
    while (i < max && a[i] && a[i] == b[i]) i++;
    return i;
}

/* As model_names matches: equal, or one a prefix of the other, and only
 * one project matches that way.  The longest entry that is a prefix of the
 * name is found from the entry just below it: every prefix of the name that
 * sorts below it is also a prefix of that entry, so each step shortens the
 * key to the common prefix and no step looks at the same entry twice. */
static long pindex_find(const pindex *x, const char *name)
{
    if (!name || !x->n) return -1;
    char *norm = model_norm_name(name);
    long r = -1;
    size_t len = strlen(norm);
    if (len) {
        r = pindex_exact(x, norm);
        if (r < 0) {
            size_t i = lower_bound(x, norm);
            if (i < x->n && !strncmp(x->v[i].norm, norm, len) &&
                !(i + 1 < x->n && !strncmp(x->v[i + 1].norm, norm, len)))
                r = (long)x->v[i].idx;
        }
        size_t klen = len;
        while (r < 0 && klen > 0) {
            size_t i = lower_bound_n(x, norm, klen);
            if (i == 0) break;
            const char *e = x->v[i - 1].norm;
            size_t l = common_prefix(e, norm, klen);
            if (!e[l]) {    /* e is a prefix of the name */
                if (!(i >= 2 && !strcmp(x->v[i - 2].norm, e))) r = (long)x->v[i - 1].idx;
                break;
            }
            klen = l;
        }
    }
    free(norm);
    return r;
}

/* ---- the figures of a text ---- */

typedef enum { U_AMOUNT, U_PERCENT, U_SCORE, U_COUNT, U_OTHER } unit_kind;

#define NO_CLAUSE ((size_t)-1)

typedef struct {
    size_t a, b;        /* the number */
    size_t end;         /* after its unit */
    size_t cs;          /* start of its clause, NO_CLAUSE when too far (MODEL_NARRATIVE_CLAUSE_BYTES) */
    qnum q;             /* as written, in its unit */
    int dec;
    unit_kind kind;
    int wan_shift;      /* amounts: 10^shift converts the written unit to 万元 (元 -4, 亿元 +4) */
    char unit[16];      /* counts: the unit word */
    bool approx;        /* 以上, 左右, 余 … after it: not an exact figure */
} figure;

static bool digit(char c) { return c >= '0' && c <= '9'; }

static bool at(const char *s, size_t n, size_t i, const char *w)
{
    size_t l = strlen(w);
    return i + l <= n && !memcmp(s + i, w, l);
}

static bool ends_with(const char *s, size_t end, size_t start, const char *w)
{
    size_t l = strlen(w);
    return end >= start + l && !memcmp(s + end - l, w, l);
}

static const char *const count_units[] = {"万人次", "人次", "户次", "人", "户", "家", "个", "所", "名", "件", "次", "台", "辆", "处", "座", "场", NULL};

/* Reads the unit after a number at i; false for none we compare. */
static bool read_unit(const char *s, size_t n, size_t i, figure *f)
{
    f->kind = U_OTHER;
    f->wan_shift = 0;
    f->unit[0] = 0;
    if (at(s, n, i, "亿元")) { f->kind = U_AMOUNT; f->wan_shift = 4; f->end = i + strlen("亿元"); return true; }
    if (at(s, n, i, "万元")) { f->kind = U_AMOUNT; f->end = i + strlen("万元"); return true; }
    if (at(s, n, i, "元") && !at(s, n, i + strlen("元"), "/") && !at(s, n, i + strlen("元"), "／")) {
        f->kind = U_AMOUNT; f->wan_shift = -4; f->end = i + strlen("元"); return true;
    }
    if (at(s, n, i, "%") || at(s, n, i, "％")) { f->kind = U_PERCENT; f->end = i + (s[i] == '%' ? 1 : strlen("％")); return true; }
    for (const char *const *u = count_units; *u; u++)
        if (at(s, n, i, *u)) {
            f->kind = U_COUNT;
            snprintf(f->unit, sizeof f->unit, "%s", *u);
            f->end = i + strlen(*u);
            return true;
        }
    if (at(s, n, i, "万")) {
        /* 万 alone, as clerks write 万元 (TEXT.unit reports the missing 元);
         * 万人, 万余, 万多 are other things. */
        size_t j = i + strlen("万");
        if (j < n && ((unsigned char)s[j] >= 0x80) && !at(s, n, j, "，") && !at(s, n, j, "。") &&
            !at(s, n, j, "；") && !at(s, n, j, "、") && !at(s, n, j, "）")) return false;
        f->kind = U_AMOUNT; f->end = j; return true;
    }
    if (at(s, n, i, "分") && !at(s, n, i + 3, "别") && !at(s, n, i + 3, "之") && !at(s, n, i + 3, "钟") &&
        !at(s, n, i + 3, "类") && !at(s, n, i + 3, "配") && !at(s, n, i + 3, "析") && !at(s, n, i + 3, "级") &&
        !at(s, n, i + 3, "批") && !at(s, n, i + 3, "期") && !at(s, n, i + 3, "项") && !at(s, n, i + 3, "散")) {
        f->kind = U_SCORE; f->end = i + strlen("分"); return true;
    }
    return false;
}

/* The next figure at or after *i; false at the end. */
static bool next_figure(const char *s, size_t n, size_t *i, figure *f)
{
    while (*i < n) {
        size_t p = *i;
        if (!digit(s[p]) || (p > 0 && (digit(s[p - 1]) || s[p - 1] == '.' || s[p - 1] == ',' ||
                                        (s[p - 1] >= 'A' && s[p - 1] <= 'z')))) { (*i)++; continue; }
        char buf[64];
        size_t k = 0, j = p;
        int dec = -1;
        while (j < n && k < sizeof buf - 1) {
            if (digit(s[j])) { buf[k++] = s[j]; if (dec >= 0) dec++; j++; }
            else if (s[j] == '.' && dec < 0 && j + 1 < n && digit(s[j + 1])) { buf[k++] = '.'; dec = 0; j++; }
            else if (s[j] == ',' && dec < 0 && j + 3 < n && digit(s[j + 1]) && digit(s[j + 2]) && digit(s[j + 3]) &&
                     !(j + 4 < n && digit(s[j + 4]))) j++;
            else break;
        }
        *i = j;
        if (k >= sizeof buf - 1 || dec > 6) continue;
        if (qnum_parse(buf, k, 6, &f->q) != NUM_OK) continue;
        f->a = p;
        f->b = j;
        f->dec = dec < 0 ? 0 : dec;
        /* "1234.56 万元": one space before the unit is still its unit. */
        if (!read_unit(s, n, j, f) && !(j < n && s[j] == ' ' && read_unit(s, n, j + 1, f))) continue;
        static const char *const approx[] = {"以上", "以下", "左右", "上下", "以内", "余", "多", "及以上", "不等", NULL};
        f->approx = false;
        for (const char *const *w = approx; *w && !f->approx; w++)
            if (at(s, n, f->end, *w)) f->approx = true;
        *i = f->end;
        return true;
    }
    return false;
}

/* Clause boundaries: punctuation that ends what a label can reach. */
static bool clause_end_at(const char *s, size_t n, size_t i)
{
    static const char *const ends[] = {"，", "。", "；", "！", "？", "、", "\n", ",", ";", "（", "）", "(", ")", NULL};
    for (const char *const *e = ends; *e; e++)
        if (at(s, n, i, *e)) return true;
    return false;
}

static size_t char_len(unsigned char c) { return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1; }

/* Words that may stand between a label and its figure. */
static const char *const connectors[] = {"为", "是", "达到", "达", "共计", "合计", "总计", "共", "计", "总额", "金额", "资金",
                                         "数", "了", "：", ":", " ", "\xe3\x80\x80", "安排", "完成", "实现", "累计", NULL};

/* Longest run of connecting words that may stand between a label and its figure. */
#define GAP_BYTES 48

/* ok[k] for k in 0..GAP_BYTES: s[b-k, b) is made of connecting words only. */
static void connector_gaps(const char *s, size_t lo, size_t b, bool ok[GAP_BYTES + 1])
{
    ok[0] = true;
    for (size_t k = 1; k <= GAP_BYTES; k++) {
        ok[k] = false;
        if (k > b - lo) continue;
        size_t a = b - k;
        for (const char *const *c = connectors; *c && !ok[k]; c++) {
            size_t l = strlen(*c);
            if (l <= k && !memcmp(s + a, *c, l) && ok[k - l]) ok[k] = true;
        }
    }
}

/* ---- labels ---- */

typedef struct {
    const char *word;
    unit_kind kind;
    const char *dept;       /* path from the root, NULL: no department meaning */
    const char *project;    /* member of a 项目 element */
    const char *form;       /* path in a 自评表 element */
} label;

/* Longest first where one contains another at its end (项目支出 before 支出占比 …). */
static const label labels[] = {
    {"上年年初预算数", U_AMOUNT, "预算执行.上年年初预算数", NULL, NULL},
    {"年初预算数", U_AMOUNT, "预算执行.年初预算数", "年初预算数", "资金.年度资金总额.年初预算数"},
    {"年初预算", U_AMOUNT, "预算执行.年初预算数", "年初预算数", "资金.年度资金总额.年初预算数"},
    {"全年预算数", U_AMOUNT, "预算执行.全年预算数", "全年预算数", "资金.年度资金总额.全年预算数"},
    {"全年预算", U_AMOUNT, "预算执行.全年预算数", "全年预算数", "资金.年度资金总额.全年预算数"},
    {"调整后预算数", U_AMOUNT, "预算执行.全年预算数", "全年预算数", "资金.年度资金总额.全年预算数"},
    {"调整后预算", U_AMOUNT, "预算执行.全年预算数", "全年预算数", "资金.年度资金总额.全年预算数"},
    {"全年执行数", U_AMOUNT, "预算执行.全年执行数", "实际支出", "资金.年度资金总额.全年执行数"},
    {"预算执行数", U_AMOUNT, "预算执行.全年执行数", "实际支出", "资金.年度资金总额.全年执行数"},
    {"执行数", U_AMOUNT, "预算执行.全年执行数", "实际支出", "资金.年度资金总额.全年执行数"},
    {"实际支出", U_AMOUNT, "预算执行.全年执行数", "实际支出", "资金.年度资金总额.全年执行数"},
    {"全年总支出", U_AMOUNT, "支出.合计", NULL, NULL},
    {"总支出", U_AMOUNT, "支出.合计", NULL, NULL},
    {"支出合计", U_AMOUNT, "支出.合计", NULL, NULL},
    {"基本支出", U_AMOUNT, "支出.基本支出", NULL, NULL},
    {"项目支出", U_AMOUNT, "支出.项目支出", "实际支出", NULL},
    {"结余结转", U_AMOUNT, "支出.结余结转", "结余结转", NULL},
    {"结转结余", U_AMOUNT, "支出.结余结转", "结余结转", NULL},
    {"工资福利支出", U_AMOUNT, "基本支出明细.工资福利支出", NULL, NULL},
    {"商品和服务支出", U_AMOUNT, "基本支出明细.商品和服务支出", NULL, NULL},
    {"对个人和家庭的补助支出", U_AMOUNT, "基本支出明细.对个人和家庭的补助", NULL, NULL},
    {"对个人和家庭的补助", U_AMOUNT, "基本支出明细.对个人和家庭的补助", NULL, NULL},
    {"资本性支出", U_AMOUNT, "基本支出明细.资本性支出", NULL, NULL},
    {"三公经费支出", U_AMOUNT, "三公经费.合计", NULL, NULL},
    {"三公经费", U_AMOUNT, "三公经费.合计", NULL, NULL},
    {"因公出国（境）费", U_AMOUNT, "三公经费.因公出国（境）费", NULL, NULL},
    {"公务接待费", U_AMOUNT, "三公经费.公务接待费", NULL, NULL},
    {"公务用车购置及运行费", U_AMOUNT, "三公经费.公务用车购置及运行费", NULL, NULL},
    {"收入合计", U_AMOUNT, "收入.合计", NULL, NULL},
    {"总收入", U_AMOUNT, "收入.合计", NULL, NULL},
    {"基本支出占比", U_PERCENT, "支出.基本支出占比", NULL, NULL},
    {"项目支出占比", U_PERCENT, "支出.项目支出占比", NULL, NULL},
    {"预算执行率", U_PERCENT, "预算执行.执行率", "执行率", "执行率"},
    {"资金执行率", U_PERCENT, "预算执行.执行率", "执行率", "执行率"},
    {"执行率", U_PERCENT, "预算执行.执行率", "执行率", "执行率"},
    {"执行率得分", U_SCORE, NULL, NULL, "执行率得分"},
    {"自评总分", U_SCORE, NULL, NULL, "总分"},
    {"自评得分", U_SCORE, NULL, NULL, "总分"},
    {"综合得分", U_SCORE, NULL, NULL, "总分"},
    {"总分", U_SCORE, NULL, NULL, "总分"},
};

/* What may stand before a label without changing what it means: in any
 * text, and only in a text about the department or about one project
 * ("项目执行率" in the department's text is the projects' rate, not the
 * department's). */
static const char *const neutral[] = {"其中", "全年", "本年", "当年", "本年度", "年度", "实际", "共", "总", NULL};
static const char *const neutral_dept[] = {"部门", "单位", "全局", "我局", "本局", "我单位", "本单位", "我部门", "本部门",
                                           "整体", "部门整体", NULL};
static const char *const neutral_project[] = {"该项目", "本项目", "项目", "该专项", "本专项", NULL};

/* Whose figures a text's labels mean; CTX_SUMS: nobody's we hold (a 专项资金's
 * own 说明), so only its 共计…其中 sums are checked. */
typedef enum { CTX_DEPT, CTX_PROJECT, CTX_FORM, CTX_SUMS } ctx_kind;

typedef struct {
    const val_doc *doc;
    const model_options *o;
    diag_list *diags;
    const val *root, *projects, *forms;
    pindex pidx, fidx;      /* projects by name; forms by 项目名称 */
    int year;
    char *unit_name;
    /* the text being read */
    const val *v;
    const char *s;
    size_t n;
    ctx_kind ck;
    long cproj, cform;      /* the text's own project / form, -1 none */
} ctx;

static diag_loc loc_of(const ctx *c, size_t off)
{
    diag_loc loc = val_loc(c->doc, c->v);
    if (loc.sheet) return loc;
    bool nl = memchr(c->s, '\n', c->n) != NULL;
    if (!nl) {
        loc.col = c->v->col + (c->v->quoted ? 1 : 0) + (int)utf8_length(c->s, off);
    } else if (c->v->quoted) {
        int k = 0;
        for (size_t i = 0; i < off; i++) if (c->s[i] == '\n') k++;
        loc.line = c->v->line + 1 + k;
        loc.col = 0;
    }
    return loc;
}

static long form_of_project(const ctx *c, long p)
{
    if (p < 0) return -1;
    return pindex_find(&c->fidx, val_str(val_get(c->projects->u.list.items[p], "名称")));
}

/* Does s[start, end) end with a project name (optionally + 项目/资金)?
 * Tries the suffixes that start at each of the last 40 code points. */
static long project_named_before(const ctx *c, size_t start, size_t end)
{
    if (!c->pidx.n) return -1;
    static const char *const tails[] = {"项目", "专项资金", "资金", "专项", NULL};
    for (const char *const *t = tails; *t; t++)
        if (ends_with(c->s, end, start, *t)) { end -= strlen(*t); break; }
    size_t i = end;
    for (int k = 0; k < 40 && i > start; k++) {
        i--;
        while (i > start && ((unsigned char)c->s[i] & 0xC0) == 0x80) i--;
        if (end - i < 6) continue;   /* a name of one or two characters is a word, not a name */
        char *sub = xstrndup(c->s + i, end - i);
        char *norm = model_norm_name(sub);
        long r = *norm ? pindex_exact(&c->pidx, norm) : -1;
        free(norm);
        free(sub);
        if (r >= 0) return r;
    }
    return -1;
}

static bool prefix_neutral(const ctx *c, size_t start, size_t end)
{
    while (end > start && (c->s[end - 1] == ' ')) end--;
    if (end == start) return true;
    const char *const *lists[] = {neutral, c->ck == CTX_DEPT ? neutral_dept : neutral_project};
    for (size_t k = 0; k < 2; k++)
        for (const char *const *w = lists[k]; *w; w++)
            if (ends_with(c->s, end, start, *w)) {
                /* "其中省级项目支出" is not 项目支出: only a bare neutral word, or
                 * one that follows the clause start, the unit's name or the year. */
                size_t e2 = end - strlen(*w);
                if (e2 == start || prefix_neutral(c, start, e2)) return true;
            }
    char y[24];
    snprintf(y, sizeof y, "%d年度", c->year);
    if (c->year > 0 && ends_with(c->s, end, start, y)) return prefix_neutral(c, start, end - strlen(y));
    snprintf(y, sizeof y, "%d年", c->year);
    if (c->year > 0 && ends_with(c->s, end, start, y)) return prefix_neutral(c, start, end - strlen(y));
    if (c->unit_name && *c->unit_name && ends_with(c->s, end, start, c->unit_name))
        return prefix_neutral(c, start, end - strlen(c->unit_name));
    return false;
}

typedef struct { char s[80]; } fbuf;

static fbuf fmt_exact(qnum q)
{
    fbuf b;
    qnum_format_exact(q, b.s, sizeof b.s);
    return b;
}

static const char *unit_text(const figure *f)
{
    switch (f->kind) {
    case U_AMOUNT: return f->wan_shift == 4 ? "亿元" : f->wan_shift == -4 ? "元" : "万元";
    case U_PERCENT: return "%";
    case U_SCORE: return "分";
    default: return f->unit;
    }
}

static qnum pow10q(int k)
{
    qnum r = qnum_int(1);
    for (int i = 0; i < k; i++) r = qnum_mul(r, qnum_int(10));
    for (int i = 0; i > k; i--) r = qnum_div(r, qnum_int(10));
    return r;
}

static void compare_figure(ctx *c, const figure *f, const label *l, const val *dv, const char *where)
{
    qnum d;
    if (!val_num(dv, &d)) return;
    /* The data in the text's unit, rounded as the text is. */
    qnum du = f->kind == U_AMOUNT ? qnum_mul(d, pow10q(-f->wan_shift)) : d;
    qnum shown = qnum_round(du, f->dec);
    if (!shown.ok || !qnum_cmp(shown, f->q)) return;
    qnum ulp = pow10q(-f->dec);
    bool rounding = qnum_cmp(qnum_abs(qnum_sub(du, f->q)), ulp) < 0;
    char *txt = xstrndup(c->s + f->a, f->end - f->a);
    char line[32] = "";
    if (dv->line) snprintf(line, sizeof line, "%d", dv->line);
    const char *unit = unit_text(f);
    fbuf data = fmt_exact(du);
    if (f->kind != U_AMOUNT) qnum_format(du, f->dec > 2 ? f->dec : 2, data.s, sizeof data.s);
    if (rounding)
        diag_add(c->diags, DIAG_NOTE, loc_of(c, f->a), "N.figure",
                 "The text gives %s as %s, and the data has %s%s (%s): they differ by the rounding of the figure shown, which is %s%s rounded half up.",
                 l->word, txt, data.s, unit, where, fmt_exact(shown).s, unit);
    else if (dv->line)
        diag_add(c->diags, DIAG_WARNING, loc_of(c, f->a), "N.figure",
                 "The text gives %s as %s, but the data has %s%s (%s, line %s); correct the text or the figure.",
                 l->word, txt, data.s, unit, where, line);
    else
        diag_add(c->diags, DIAG_WARNING, loc_of(c, f->a), "N.figure",
                 "The text gives %s as %s, but the data gives %s%s (%s, computed); correct the text or the figures it is computed from.",
                 l->word, txt, data.s, unit, where);
    free(txt);
}

/* Attach a figure to its label and compare. */
static void check_figure(ctx *c, const figure *f)
{
    if (c->ck == CTX_SUMS || (f->kind != U_AMOUNT && f->kind != U_PERCENT && f->kind != U_SCORE)) return;
    size_t cs = f->cs;
    if (cs == NO_CLAUSE || f->approx) return;
    /* The label that ends nearest before the figure with only connecting
     * words between; at one end, the longest (项目支出 rather than 支出). */
    bool ok[GAP_BYTES + 1];
    connector_gaps(c->s, cs, f->a, ok);
    const label *best = NULL;
    size_t best_start = 0, best_end = 0;
    for (size_t k = 0; k <= GAP_BYTES && !best; k++) {
        if (!ok[k]) continue;
        size_t e = f->a - k;
        for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
            const label *l = &labels[i];
            size_t wl = strlen(l->word);
            if (l->kind != f->kind || e < cs + wl || memcmp(c->s + e - wl, l->word, wl)) continue;
            if (!best || e - wl < best_start) { best = l; best_start = e - wl; best_end = e; }
        }
    }
    (void)best_end;
    if (!best) return;
    /* Who the label is about. */
    ctx_kind ck = c->ck;
    long proj = c->cproj, form = c->cform;
    if (!prefix_neutral(c, cs, best_start)) {
        long p = project_named_before(c, cs, best_start);
        if (p < 0) return;      /* qualified by something we do not know: not the figure we hold */
        ck = CTX_PROJECT;
        proj = p;
        form = form_of_project(c, p);
    }
    const val *dv = NULL;
    char *where = NULL;
    if (ck == CTX_DEPT && best->dept) {
        dv = val_path(c->root, best->dept);
        where = xstrdup(best->dept);
    } else if (ck == CTX_PROJECT && best->project && proj >= 0) {
        dv = val_get(c->projects->u.list.items[proj], best->project);
        where = xasprintf("项目[%ld].%s", proj, best->project);
    } else if ((ck == CTX_FORM || ck == CTX_PROJECT) && best->form && form >= 0 && (ck == CTX_FORM || !best->project)) {
        dv = val_path(c->forms->u.list.items[form], best->form);
        where = xasprintf("自评表[%ld].%s", form, best->form);
    }
    if (dv) compare_figure(c, f, best, dv, where);
    free(where);
}

/* ---- 共计 X，其中 A、B、C ---- */

static const char *const triggers[] = {"共计", "合计", "总计", "累计", "共", "全年支出", "总支出", "支出合计", "收入合计", "总收入", NULL};
static const char *const not_a_part[] = {"增加", "减少", "增长", "下降", "提高", "降低", "较", "比", "同比", "环比", "占", "约",
                                         "超过", "近", "人均", "每", "标准", "节约", "节省", "不足", "余", NULL};

static bool same_class(const figure *a, const figure *b)
{
    if (a->kind != b->kind) return false;
    if (a->kind == U_COUNT) return !strcmp(a->unit, b->unit);
    return a->kind == U_AMOUNT;
}

static qnum in_wan(const figure *f) { return f->kind == U_AMOUNT ? qnum_mul(f->q, pow10q(f->wan_shift)) : f->q; }

/* A total: its clause says 共计/合计/… before it ("全市共有社会组织175家").
 * 共 in words such as 共同, 公共, 共享 is not one. */
static bool triggered(const ctx *c, const figure *f)
{
    size_t cs = f->cs;
    if (cs == NO_CLAUSE) return false;
    static const char *const not_after[] = {"同", "享", "建", "治", "产", "识", "赢", "性", "担", NULL};
    for (size_t e = cs; e < f->a; e++)
        for (const char *const *t = triggers; *t; t++) {
            size_t l = strlen(*t);
            if (e + l > f->a || memcmp(c->s + e, *t, l)) continue;
            if (!strcmp(*t, "共")) {
                bool word = e >= cs + 3 && !memcmp(c->s + e - 3, "公", 3);
                for (const char *const *w = not_after; !word && *w; w++)
                    if (at(c->s, f->a, e + l, *w)) word = true;
                if (word) continue;
            }
            return true;
        }
    return false;
}

/* Words just before a part that make it a change, a share or a rate rather
 * than a part (增加5万元, 占30%, 人均0.2万元); they stand within a few
 * characters of the figure. */
#define QUALIFIER_BYTES 30

static bool qualified_part(const ctx *c, const figure *f)
{
    size_t cs = f->cs;
    if (cs == NO_CLAUSE) return true;
    if (f->a - cs > QUALIFIER_BYTES) cs = f->a - QUALIFIER_BYTES;
    for (const char *const *w = not_a_part; *w; w++) {
        size_t l = strlen(*w);
        for (size_t i = cs; i + l <= f->a; i++)
            if (!memcmp(c->s + i, *w, l)) return true;
    }
    return false;
}

static void check_sum(ctx *c, const figure *figs, size_t nf, size_t s0, size_t s1)
{
    const char *qi = "其中";
    size_t ql = strlen(qi);
    for (size_t j = s0; j + ql <= s1; j++) {
        if (memcmp(c->s + j, qi, ql)) continue;
        /* The total: the last figure before 其中, with only punctuation between. */
        long t = -1;
        for (size_t k = 0; k < nf; k++) if (figs[k].end <= j && figs[k].a >= s0) t = (long)k;
        if (t < 0) return;
        const figure *tot = &figs[t];
        size_t g = tot->end;
        bool paren = false;
        while (g < j && (at(c->s, s1, g, "，") || at(c->s, s1, g, "：") || at(c->s, s1, g, "（") ||
                         c->s[g] == ',' || c->s[g] == ':' || c->s[g] == ' ' || c->s[g] == '(')) {
            if (at(c->s, s1, g, "（") || c->s[g] == '(') paren = true;
            g += (unsigned char)c->s[g] < 0x80 ? 1 : 3;
        }
        if (g != j || tot->approx || !triggered(c, tot) || (tot->kind != U_AMOUNT && tot->kind != U_COUNT)) return;
        size_t stop = s1;
        for (size_t k = j + ql; k + ql <= s1; k++) if (!memcmp(c->s + k, qi, ql)) { stop = k; break; }
        /* "共有175家（其中…）": the parts end with the bracket. */
        for (size_t k = j + ql; paren && k < stop; k++)
            if (at(c->s, stop, k, "）") || c->s[k] == ')') { stop = k; break; }
        qnum sum = qnum_int(0);
        size_t parts = 0;
        int dec = tot->kind == U_AMOUNT ? tot->dec - tot->wan_shift : tot->dec;
        bool any_dec = tot->dec > 0;
        for (size_t k = (size_t)t + 1; k < nf && figs[k].end <= stop; k++) {
            const figure *p = &figs[k];
            if (!same_class(tot, p)) continue;
            if (p->cs == NO_CLAUSE || p->approx) return;     /* parts we cannot read exactly: no sum to compare */
            if (qualified_part(c, p)) continue;
            sum = qnum_add(sum, in_wan(p));
            int d = p->kind == U_AMOUNT ? p->dec - p->wan_shift : p->dec;
            if (d > dec) dec = d;
            if (p->dec > 0) any_dec = true;
            parts++;
        }
        if (!parts) return;
        bool partial = parts == 1;
        for (size_t k = j; k + 3 <= stop; k++) if (!memcmp(c->s + k, "等", 3)) partial = true;
        qnum total = in_wan(tot);
        if (dec < 0) dec = 0;
        bool exact = tot->kind == U_COUNT && !any_dec && strncmp(tot->unit, "万", 3);
        qnum slack = model_written_slack(c->o, dec, parts, exact);
        const char *unit = tot->kind == U_AMOUNT ? "万元" : tot->unit;
        char *txt = xstrndup(c->s + tot->a, tot->end - tot->a);
        if (partial) {
            if (qnum_cmp(sum, total) > 0 && model_round_verdict(sum, total, slack) == ROUND_DIFFERS)
                diag_add(c->diags, DIAG_WARNING, loc_of(c, tot->a), "N.sum",
                         "The text gives a total of %s, but the parts listed after 其中 already add up to %s%s, more than the total; correct the total or the parts.",
                         txt, fmt_exact(sum).s, unit);
        } else {
            round_verdict r = model_round_verdict(total, sum, slack);
            if (r == ROUND_NOTE)
                diag_add(c->diags, DIAG_NOTE, loc_of(c, tot->a), "N.sum",
                         "The text gives a total of %s and its %zu parts after 其中 add up to %s%s: the difference is within the rounding of the figures as written.",
                         txt, parts, fmt_exact(sum).s, unit);
            else if (r == ROUND_DIFFERS)
                diag_add(c->diags, DIAG_WARNING, loc_of(c, tot->a), "N.sum",
                         "The text gives a total of %s, but its %zu parts after 其中 add up to %s%s (difference %s%s); correct the total or the parts (write 等 after a list that is not complete).",
                         txt, parts, fmt_exact(sum).s, unit, fmt_exact(qnum_sub(total, sum)).s, unit);
        }
        free(txt);
        return;     /* one total per sentence */
    }
}

static bool sentence_end_at(const char *s, size_t n, size_t i)
{
    return at(s, n, i, "。") || at(s, n, i, "；") || at(s, n, i, "！") || at(s, n, i, "？") || s[i] == '\n' || s[i] == ';';
}

static void scan_text(ctx *c, const val *v)
{
    c->v = v;
    c->s = v->u.str.s;
    c->n = v->u.str.len;
    size_t cap = 16, nf = 0;
    figure *figs = xcalloc(cap, sizeof *figs);
    size_t i = 0, scan = 0, last = 0;
    figure f;
    while (next_figure(c->s, c->n, &i, &f)) {
        /* One forward pass finds every figure's clause start. */
        while (scan < f.a) {
            size_t l = char_len((unsigned char)c->s[scan]);
            if (clause_end_at(c->s, c->n, scan)) last = scan + l;
            scan += l;
        }
        f.cs = f.a - last > MODEL_NARRATIVE_CLAUSE_BYTES ? NO_CLAUSE : last;
        if (nf == cap) { cap *= 2; figs = xrealloc(figs, cap * sizeof *figs); }
        figs[nf++] = f;
        check_figure(c, &f);
    }
    /* Sentences, for the sums. */
    size_t s0 = 0, k0 = 0;
    for (size_t p = 0; p <= c->n; p++) {
        if (p < c->n && !sentence_end_at(c->s, c->n, p)) continue;
        size_t k1 = k0;
        while (k1 < nf && figs[k1].a < p) k1++;
        if (k1 - k0 >= 2) check_sum(c, figs + k0, k1 - k0, s0, p);
        k0 = k1;
        s0 = p + 1;
    }
    free(figs);
}

/* Fields that hold names, codes or form cells rather than prose. */
static bool not_prose(const char *key)
{
    static const char *const keys[] = {"名称", "项目名称", "单位名称", "主管部门", "落款", "报告标题", "报告类型", "三级指标",
                                       "一级指标", "二级指标", "年度指标值", "实际完成值", "来源", "对象", "标准单位", "单位",
                                       "填表人", "联系电话", "机构性质", "职责依据", "内设机构", "二级单位", "其他机构", "表名",
                                       "备注", "数据核对", "标准核对", "名称标签", "标题", NULL};
    for (const char *const *k = keys; *k; k++)
        if (!strcmp(key, *k)) return true;
    return false;
}

static void walk(ctx *c, const val *v, int depth)
{
    if (!v || depth > 64) return;
    if (v->kind == VAL_STR) {
        if (!v->derived && v->line) scan_text(c, v);
    } else if (v->kind == VAL_LIST) {
        for (size_t i = 0; i < v->u.list.n; i++) walk(c, v->u.list.items[i], depth + 1);
    } else if (v->kind == VAL_MAP) {
        for (size_t i = 0; i < v->u.map.n; i++)
            if (!not_prose(v->u.map.keys[i]) && !v->u.map.vals[i]->derived) walk(c, v->u.map.vals[i], depth + 1);
    }
}

/* ---- 自评表 against 项目 ---- */

static void check_forms(ctx *c)
{
    if (!c->forms || c->forms->kind != VAL_LIST || !c->pidx.n) return;
    static const struct { const char *form, *project; } cols[] = {
        {"年初预算数", "年初预算数"}, {"全年预算数", "全年预算数"}, {"全年执行数", "实际支出"}};
    for (size_t i = 0; i < c->forms->u.list.n; i++) {
        const val *f = c->forms->u.list.items[i];
        const char *name = val_str(val_get(f, "项目名称"));
        long p = pindex_find(&c->pidx, name);
        if (p < 0) continue;
        const val *pv = c->projects->u.list.items[p];
        const val *total = val_get(val_get(f, "资金"), "年度资金总额");
        for (size_t k = 0; k < 3; k++) {
            const val *fv = val_get(total, cols[k].form), *xv = val_get(pv, cols[k].project);
            qnum a, b;
            if (!val_num(fv, &a) || !val_num(xv, &b)) continue;
            if (fv->derived && xv->derived) continue;
            round_verdict r = model_round_verdict(a, b, model_tolerance(c->o));
            if (r == ROUND_EQUAL) continue;
            const val *at = fv->line ? fv : f;
            diag_add(c->diags, r == ROUND_NOTE ? DIAG_NOTE : DIAG_WARNING, val_loc(c->doc, at), "F.project",
                     r == ROUND_NOTE
                     ? N_("自评表《%s》 gives %s as %s 万元 and 项目 gives %s as %s 万元 (line %d): the difference is within the rounding of the figures as written.")
                     : N_("自评表《%s》 gives %s as %s 万元, but the same project in 项目 has %s %s 万元 (line %d); the form and the project list must give the same figures."),
                     name, cols[k].form, fmt_exact(a).s, cols[k].project, fmt_exact(b).s, xv->line ? xv->line : val_get(pv, "名称")->line);
        }
    }
}

void model_narrative(const val_doc *doc, const model_options *opts, diag_list *diags)
{
    const val *root = doc->root;
    if (!root || root->kind != VAL_MAP) return;
    ctx c;
    memset(&c, 0, sizeof c);
    c.doc = doc;
    c.o = opts;
    c.diags = diags;
    c.root = root;
    c.projects = val_get(root, "项目");
    c.forms = val_get(root, "自评表");
    qnum yq;
    if (val_num(val_get(root, "年度"), &yq)) c.year = (int)(yq.num / yq.den);
    const char *un = val_str(val_get(root, "单位名称"));
    c.unit_name = un ? xstrdup(un) : NULL;
    pindex_build(&c.pidx, c.projects);
    /* Forms are indexed by 项目名称 under the same key the index reads. */
    c.fidx.n = 0;
    c.fidx.v = NULL;
    if (c.forms && c.forms->kind == VAL_LIST && c.forms->u.list.n) {
        c.fidx.v = xcalloc(c.forms->u.list.n, sizeof *c.fidx.v);
        for (size_t i = 0; i < c.forms->u.list.n; i++) {
            const char *s = val_str(val_get(c.forms->u.list.items[i], "项目名称"));
            if (!s) continue;
            char *nm = model_norm_name(s);
            if (!*nm) { free(nm); continue; }
            c.fidx.v[c.fidx.n++] = (pname){nm, i};
        }
        qsort(c.fidx.v, c.fidx.n, sizeof *c.fidx.v, cmp_pname);
    }

    for (size_t i = 0; i < root->u.map.n; i++) {
        const char *key = root->u.map.keys[i];
        const val *v = root->u.map.vals[i];
        if (v->derived || not_prose(key)) continue;
        if ((!strcmp(key, "项目绩效") || !strcmp(key, "自评表")) && v->kind == VAL_LIST) {
            bool forms = !strcmp(key, "自评表");
            for (size_t k = 0; k < v->u.list.n; k++) {
                const val *e = v->u.list.items[k];
                const char *name = val_str(val_get(e, forms ? "项目名称" : "名称"));
                c.cproj = pindex_find(&c.pidx, name);
                c.cform = forms ? (long)k : form_of_project(&c, c.cproj);
                c.ck = forms ? CTX_FORM : c.cproj >= 0 ? CTX_PROJECT : CTX_DEPT;
                if (!forms && c.cproj < 0) continue;   /* a narrative of a project we do not hold: its labels mean nothing we can check */
                walk(&c, e, 1);
            }
        } else if (!strcmp(key, "项目")) {
            continue;   /* the list of figures itself (备注 only) */
        } else if (!strcmp(key, "专项资金")) {
            c.ck = CTX_SUMS;    /* each fund's 说明 is about that fund */
            c.cproj = c.cform = -1;
            walk(&c, v, 1);
        } else {
            c.ck = CTX_DEPT;
            c.cproj = c.cform = -1;
            walk(&c, v, 1);
        }
    }
    check_forms(&c);
    pindex_free(&c.pidx);
    pindex_free(&c.fidx);
    free(c.unit_name);
}
