#include "model_check.h"
#include "../core/i18n.h"
#include "model_derive.h"
#include "model_names.h"
#include "model_round.h"
#include "../core/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const val_doc *doc;
    const model_options *o;
    diag_list *diags;
} ctx;

static diag_loc loc(const ctx *c, const val *v)
{
    return val_loc(c->doc, v);
}

/* The given value itself, or where to point when it was computed. */
static const val *at(const val *v, const val *fallback)
{
    return v && v->line ? v : fallback;
}

static bool get(const val *m, const char *key, qnum *q) { return val_num(val_get(m, key), q); }

/* A figure that was written in the file (not computed). */
static bool given(const val *m, const char *key, qnum *q)
{
    const val *v = val_get(m, key);
    return v && !v->derived && val_num(v, q);
}

typedef struct { char s[80]; } figure;

static figure fig(qnum q)
{
    figure f;
    qnum_format_exact(q, f.s, sizeof f.s);
    return f;
}

static figure fig2(qnum q)
{
    figure f;
    qnum_format(q, 2, f.s, sizeof f.s);
    return f;
}

static bool amount_differs(const ctx *c, qnum a, qnum b)
{
    qnum d = qnum_abs(qnum_sub(a, b));
    return qnum_cmp(d, qnum_money(c->o->tolerance)) > 0;
}

/* The rounding verdict of two amounts (model_round: the tolerance). */
static round_verdict amount_verdict(const ctx *c, qnum a, qnum b)
{
    return model_round_verdict(a, b, model_tolerance(c->o));
}

/* given ≠ computed for an amount: one warning with both figures and the
 * difference, or a note when the difference is within the rounding. */
static void amount_identity(const ctx *c, const char *code, const val *at, const char *lhs, qnum g,
                            const char *rhs, qnum computed)
{
    round_verdict r = amount_verdict(c, g, computed);
    if (r == ROUND_EQUAL) return;
    if (r == ROUND_NOTE)
        diag_add(c->diags, DIAG_NOTE, loc(c, at), code,
                 "%s is %s 万元 and %s is %s 万元: the difference of %s 万元 is within the rounding of the figures as written.",
                 lhs, fig(g).s, rhs, fig(computed).s, fig(qnum_sub(g, computed)).s);
    else
        diag_add(c->diags, DIAG_WARNING, loc(c, at), code,
                 "%s is %s 万元, but %s is %s 万元 (difference %s 万元); correct whichever figure is wrong.",
                 lhs, fig(g).s, rhs, fig(computed).s, fig(qnum_sub(g, computed)).s);
}

/* Two scores as shown (2 decimals): the verdict on the shown figures. */
static round_verdict score_verdict(const ctx *c, qnum given, qnum computed)
{
    return model_round_verdict(qnum_round(given, 2), qnum_round(computed, 2), model_tolerance(c->o));
}

/* The note for a pair of figures whose difference the rounding explains. */
static void rounding_note(const ctx *c, const char *code, const val *at, const char *what, qnum a, qnum b)
{
    diag_add(c->diags, DIAG_NOTE, loc(c, at), code,
             "%s: %s and %s differ by %s, within the rounding of the figures as written.",
             what, fig(a).s, fig(b).s, fig(qnum_sub(a, b)).s);
}

/* A percentage as written (to its decimals) against the computed one. */
static void percent_identity(const ctx *c, const char *code, const val *v, const char *what, qnum computed)
{
    qnum g;
    if (!val_num(v, &g) || v->derived) return;
    int dec = v->u.num.dec < 0 ? 2 : v->u.num.dec;
    if (qnum_cmp(qnum_round(computed, dec), g) == 0) return;
    char buf[80];
    qnum_format(computed, dec > 2 ? dec : 2, buf, sizeof buf);
    diag_add(c->diags, DIAG_WARNING, loc(c, v), code, "%s is given as %s%%, but the figures give %s%%.",
             what, fig(g).s, buf);
}

static const char *const basic_parts[] = {"工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出", NULL};

static void check_department(const ctx *c, const val *root)
{
    const val *sp = val_get(root, "支出"), *b = val_get(root, "预算执行");
    qnum g, x, y;

    /* D1 */
    if (given(sp, "合计", &g) && get(sp, "基本支出", &x) && get(sp, "项目支出", &y))
        amount_identity(c, "D1", val_get(sp, "合计"), "支出.合计 (总支出)", g, "基本支出 + 项目支出", qnum_add(x, y));
    if (given(b, "年初预算数", &g) && get(b, "年初基本支出", &x) && get(b, "年初项目支出", &y))
        amount_identity(c, "D1", val_get(b, "年初预算数"), "预算执行.年初预算数", g, "年初基本支出 + 年初项目支出", qnum_add(x, y));

    /* D2 */
    const val *bd = val_get(root, "基本支出明细");
    if (bd) {
        qnum parts;
        if (given(bd, "合计", &g) && val_sum_members(bd, basic_parts, &parts) > 0)
            amount_identity(c, "D2", val_get(bd, "合计"), "基本支出明细.合计", g,
                            _("the sum of its parts (工资福利 + 商品和服务 + 对个人和家庭的补助 + 资本性支出)"), parts);
        round_verdict r = ROUND_EQUAL;
        if (get(bd, "合计", &g) && given(sp, "基本支出", &x)) r = amount_verdict(c, x, g);
        if (r == ROUND_NOTE)
            rounding_note(c, "D2", val_get(sp, "基本支出"), "支出.基本支出 / 基本支出明细.合计", x, g);
        else if (r == ROUND_DIFFERS)
            diag_add(c->diags, DIAG_WARNING, loc(c, val_get(sp, "基本支出")), "D2",
                     "支出.基本支出 is %s 万元, but 基本支出明细.合计 is %s 万元 (difference %s 万元); the report states two different 基本支出 figures.",
                     fig(x).s, fig(g).s, fig(qnum_sub(x, g)).s);
    }

    /* D3, D4 */
    const val *in = val_get(root, "收入");
    if (in) {
        qnum items;
        if (given(in, "合计", &g) && val_sum_list(val_get(in, "明细"), "金额", &items))
            amount_identity(c, "D3", val_get(in, "合计"), "收入.合计", g, _("the sum of 收入.明细"), items);
        if (get(in, "合计", &g) && get(sp, "合计", &x)) {
            qnum carry = qnum_int(0);
            bool has_carry = get(sp, "结余结转", &carry);
            qnum rhs = qnum_add(x, carry);
            round_verdict r = amount_verdict(c, g, rhs);
            if (r == ROUND_NOTE)
                rounding_note(c, "D4", at(val_get(in, "合计"), in), "收入 / 支出 + 结余结转", g, rhs);
            else if (r == ROUND_DIFFERS)
                diag_add(c->diags, DIAG_WARNING, loc(c, at(val_get(in, "合计"), in)), "D4",
                         has_carry
                         ? N_("收入 (%s 万元) does not equal 支出 + 结余结转 (%s 万元; difference %s 万元); income and spending cannot be reconciled.")
                         : N_("收入 (%s 万元) does not equal 支出 (%s 万元; difference %s 万元) and no 结余结转 is given; income and spending cannot be reconciled."),
                         fig(g).s, fig(rhs).s, fig(qnum_sub(g, rhs)).s);
        }
    }
    if (given(b, "全年预算数", &g) && get(b, "年初预算数", &x)) {
        if (!get(b, "调整预算数", &y)) y = qnum_int(0);
        amount_identity(c, "D3", val_get(b, "全年预算数"), "预算执行.全年预算数", g, "年初预算数 + 调整预算数", qnum_add(x, y));
    }

    /* D5 */
    if (get(sp, "合计", &g) && !qnum_is_zero(g)) {
        if (get(sp, "基本支出", &x))
            percent_identity(c, "D5", val_get(sp, "基本支出占比"), "支出.基本支出占比", qnum_mul(qnum_div(x, g), qnum_int(100)));
        if (get(sp, "项目支出", &y))
            percent_identity(c, "D5", val_get(sp, "项目支出占比"), "支出.项目支出占比", qnum_mul(qnum_div(y, g), qnum_int(100)));
    }
    round_verdict shares = ROUND_EQUAL;
    if (given(sp, "基本支出占比", &x) && given(sp, "项目支出占比", &y))
        shares = model_round_verdict(qnum_add(x, y), qnum_int(100), model_tolerance(c->o));
    if (shares == ROUND_NOTE)
        rounding_note(c, "D5", val_get(sp, "项目支出占比"), "基本支出占比 + 项目支出占比 / 100%", qnum_add(x, y), qnum_int(100));
    else if (shares == ROUND_DIFFERS)
        diag_add(c->diags, DIAG_WARNING, loc(c, val_get(sp, "项目支出占比")), "D5",
                 "The shares 基本支出占比 %s%% and 项目支出占比 %s%% add up to %s%%, not 100%%.",
                 fig(x).s, fig(y).s, fig(qnum_add(x, y)).s);

    /* D6: the wording of the change must match its sign. */
    if (b && get(b, "年初预算变动", &x)) {
        const val *why = val_get(b, "变动说明");
        const char *t = val_str(why);
        if (t && qnum_sign(x) < 0 && (strstr(t, "增长") || strstr(t, "增加")) && !strstr(t, "减少") && !strstr(t, "下降"))
            diag_add(c->diags, DIAG_WARNING, loc(c, why), "D6",
                     "年初预算数 fell by %s 万元 against last year, but 变动说明 speaks of an increase (增长/增加); reword it as 减少的原因.",
                     fig(qnum_abs(x)).s);
        if (t && qnum_sign(x) > 0 && (strstr(t, "减少") || strstr(t, "下降")) && !strstr(t, "增加") && !strstr(t, "增长"))
            diag_add(c->diags, DIAG_WARNING, loc(c, why), "D6",
                     "年初预算数 rose by %s 万元 against last year, but 变动说明 speaks of a decrease (减少/下降); reword it as 增加的原因.",
                     fig(x).s);
    }

    /* D7 */
    const val *sg = val_get(root, "三公经费");
    if (sg && sg->kind == VAL_MAP) {
        static const char *const sg_parts[] = {"因公出国（境）费", "公务接待费", "公务用车购置及运行费", NULL};
        qnum parts;
        int n = val_sum_members(sg, sg_parts, &parts);
        if (given(sg, "合计", &g) && n > 0)
            amount_identity(c, "D7", val_get(sg, "合计"), "三公经费.合计", g, "因公出国（境）费 + 公务接待费 + 公务用车购置及运行费", parts);
        for (const char *const *k = sg_parts; *k; k++)
            if (!val_is_given(val_get(sg, *k)))
                diag_add(c->diags, DIAG_WARNING, loc(c, sg), "D7",
                         "三公经费 does not give %s, so 三公经费 = 出国 + 接待 + 车辆 cannot be checked; write 0 if there was none.", *k);
        if (given(sg, "比上年增减", &g) && get(sg, "合计", &x) && get(sg, "上年合计", &y))
            amount_identity(c, "D6", val_get(sg, "比上年增减"), "三公经费.比上年增减", g, "合计 − 上年合计", qnum_sub(x, y));
    }

    /* A self-evaluation report needs the department's budget for its 执行率. */
    const char *kind = val_str(val_get(root, "报告类型"));
    if ((!kind || !strcmp(kind, "部门整体支出绩效自评报告")) && (!b || !val_is_given(val_get(b, "全年预算数"))))
        diag_add(c->diags, DIAG_WARNING, loc(c, at(b, at(val_get(root, "单位名称"), root))), "D3",
                 "%s", _("The department's full-year budget (预算执行.全年预算数, or 年初预算数 and 调整预算数) is not given, so its 执行率 cannot be computed; add them to 预算执行."));

    /* D12: the figures should run to the end of the year. */
    const val *cut = val_get(root, "数据截止日期");
    qnum year;
    if (cut && !cut->derived && val_str(cut) && get(root, "年度", &year)) {
        char want[16];
        snprintf(want, sizeof want, "%d-12-31", (int)(year.num / year.den));
        if (strcmp(val_str(cut), want) < 0)
            diag_add(c->diags, DIAG_WARNING, loc(c, cut), "D12",
                     "数据截止日期 is %s, before the end of the report year (%s); a year-end report should use full-year figures.",
                     val_str(cut), want);
    }
}

static void check_projects(const ctx *c, const val *root)
{
    const val *list = val_get(root, "项目"), *texts = val_get(root, "项目绩效");
    const val *sp = val_get(root, "支出"), *b = val_get(root, "预算执行");
    qnum g, x, y;
    name_set *list_names = nameset_of(list, "名称"), *text_names = nameset_of(texts, "名称");
    name_set *fund_names = nameset_of(val_get(root, "专项资金"), "名称");
    if (list && list->kind == VAL_LIST) {
        for (size_t i = 0; i < list->u.list.n; i++) {
            const val *p = list->u.list.items[i];
            const char *name = val_str(val_get(p, "名称"));
            char *what = xasprintf("项目《%s》", name ? name : "?");
            if (given(p, "全年预算数", &g) && get(p, "年初预算数", &x)) {
                if (!get(p, "调整预算数", &y)) y = qnum_int(0);
                char *l = xasprintf("%s的全年预算数", what);
                amount_identity(c, "D8", val_get(p, "全年预算数"), l, g, "年初预算数 + 调整预算数", qnum_add(x, y));
                free(l);
            }
            if (given(p, "结余结转", &g) && get(p, "全年预算数", &x) && get(p, "实际支出", &y)) {
                char *l = xasprintf("%s的结余结转", what);
                amount_identity(c, "D8", val_get(p, "结余结转"), l, g, "全年预算数 − 实际支出", qnum_sub(x, y));
                free(l);
            }
            /* Spending over the budget by no more than the rounding is a note, as in T2. */
            round_verdict over = get(p, "全年预算数", &x) && get(p, "实际支出", &y) && qnum_cmp(y, x) > 0
                                 ? amount_verdict(c, y, x) : ROUND_EQUAL;
            if (over == ROUND_NOTE) {
                char *l = xasprintf("%s的实际支出 / 全年预算数", what);
                rounding_note(c, "D8", val_get(p, "实际支出"), l, y, x);
                free(l);
            } else if (over == ROUND_DIFFERS)
                diag_add(c->diags, DIAG_WARNING, loc(c, val_get(p, "实际支出")), "D8",
                         "%s spent %s 万元, more than its 全年预算数 of %s 万元.", what, fig(y).s, fig(x).s);
            if (texts && texts->kind == VAL_LIST && name && !nameset_has(text_names, name))
                diag_add(c->diags, DIAG_WARNING, loc(c, val_get(p, "名称")), "D9",
                         "%s is in the project list but has no narrative in 项目绩效; add its 绩效情况.", what);
            free(what);
        }
        if (given(sp, "项目支出", &g) && val_sum_list(list, "实际支出", &x))
            amount_identity(c, "D8", val_get(sp, "项目支出"), "支出.项目支出", g, _("the sum of the projects' 实际支出"), x);
        if (given(b, "调整预算数", &g) && val_sum_list(list, "调整预算数", &x))
            amount_identity(c, "D8", val_get(b, "调整预算数"), "预算执行.调整预算数", g, _("the sum of the projects' 调整预算数"), x);
    }
    if (texts && texts->kind == VAL_LIST && list && list->kind == VAL_LIST)
        for (size_t i = 0; i < texts->u.list.n; i++) {
            const val *t = texts->u.list.items[i];
            const char *name = val_str(val_get(t, "名称"));
            if (name && !nameset_has(list_names, name))
                diag_add(c->diags, DIAG_WARNING, loc(c, val_get(t, "名称")), "D9",
                         "项目《%s》 has a narrative in 项目绩效 but is missing from the project list 项目; add it with its figures.", name);
        }
    const val *forms = val_get(root, "自评表");
    if (forms && forms->kind == VAL_LIST)
        for (size_t i = 0; i < forms->u.list.n; i++) {
            const val *f = forms->u.list.items[i];
            const char *name = val_str(val_get(f, "项目名称"));
            if (name && !nameset_has(list_names, name) && !nameset_has(text_names, name) && !nameset_has(fund_names, name))
                diag_add(c->diags, DIAG_WARNING, loc(c, val_get(f, "项目名称")), "D9",
                         "The appendix form for 《%s》 concerns a project that the report body never mentions; add it to 项目 or 专项资金.", name);
        }
    nameset_free(list_names);
    nameset_free(text_names);
    nameset_free(fund_names);
}

/* Number of decimals with which the figures of a tally were written. */
static int tally_decimals(const val *t)
{
    int d = 0;
    const val *total = val_get(t, "合计");
    if (total && total->kind == VAL_NUM && total->u.num.dec > d) d = total->u.num.dec;
    const val *items = val_get(t, "分项");
    if (items && items->kind == VAL_LIST)
        for (size_t i = 0; i < items->u.list.n; i++) {
            const val *v = val_get(items->u.list.items[i], "数值");
            if (v && v->kind == VAL_NUM && v->u.num.dec > d) d = v->u.num.dec;
        }
    return d;
}

static void check_counts(const ctx *c, const val *root)
{
    const val *u = val_get(root, "单位概况");
    qnum g, x;
    static const struct { const char *count, *list; } pairs[] = {{"内设机构数", "内设机构"}, {"二级单位数", "二级单位"}};
    for (size_t i = 0; u && i < 2; i++) {
        const val *l = val_get(u, pairs[i].list);
        if (given(u, pairs[i].count, &g) && l && l->kind == VAL_LIST && qnum_cmp(g, qnum_int((int64_t)l->u.list.n)))
            diag_add(c->diags, DIAG_WARNING, loc(c, val_get(u, pairs[i].count)), "D10",
                     "单位概况.%s is %s, but %s lists %zu.", pairs[i].count, fig(g).s, pairs[i].list, l->u.list.n);
    }
    static const char *const staff[] = {"行政编制", "事业编制", "工勤人员", NULL};
    if (u && given(u, "实有人数", &g) && val_sum_members(u, staff, &x) > 0 && qnum_cmp(g, x))
        diag_add(c->diags, DIAG_WARNING, loc(c, val_get(u, "实有人数")), "D10",
                 "单位概况.实有人数 is %s, but 行政编制 + 事业编制 + 工勤人员 is %s (difference %s).",
                 fig(g).s, fig(x).s, fig(qnum_sub(g, x)).s);

    const val *funds = val_get(root, "专项资金");
    if (funds && funds->kind == VAL_LIST)
        for (size_t i = 0; i < funds->u.list.n; i++) {
            const val *f = funds->u.list.items[i];
            if (given(f, "合计", &g) && val_sum_list(val_get(f, "明细"), "金额", &x)) {
                char *l = xasprintf("专项资金《%s》的合计", val_str(val_get(f, "名称")) ? val_str(val_get(f, "名称")) : "?");
                amount_identity(c, "D10", val_get(f, "合计"), l, g, _("the sum of its 明细"), x);
                free(l);
            }
        }

    const val *tally = val_get(root, "数据核对");
    if (tally && tally->kind == VAL_LIST)
        for (size_t i = 0; i < tally->u.list.n; i++) {
            const val *t = tally->u.list.items[i];
            const val *items = val_get(t, "分项");
            if (!given(t, "合计", &g) || !val_sum_list(items, "数值", &x) || !qnum_cmp(g, x)) continue;
            /* Figures written to d decimals each carry up to half a unit of
             * the last place; n parts and the total can drift that much. */
            int d = tally_decimals(t);
            /* Whole counts (人, 户, 家) are exact; only figures rounded to
             * a unit such as 万 or written with decimals carry rounding. */
            const char *tu = val_str(val_get(t, "单位"));
            bool rounded = d > 0 || (tu && (strstr(tu, "万") || strstr(tu, "亿")));
            qnum slack = model_written_slack(c->o, d, items->u.list.n, !rounded);
            qnum diff = qnum_sub(g, x);
            const char *name = val_str(val_get(t, "名称"));
            const char *unit = val_str(val_get(t, "单位"));
            bool rounding = model_round_verdict(g, x, slack) == ROUND_NOTE;
            diag_add(c->diags, rounding ? DIAG_NOTE : DIAG_WARNING, loc(c, val_get(t, "合计")), "D10",
                     rounding
                     ? N_("%s: the total %s%s differs from the sum of its parts %s%s by %s, within the rounding of the figures as written.")
                     : N_("%s: the total %s%s does not equal the sum of its parts %s%s (difference %s)."),
                     name ? name : "?", fig(g).s, unit ? unit : "", fig(x).s, unit ? unit : "", fig(diff).s);
        }
}

/* D11: an amount paid per 人次 (or per person per month) should be near the
 * published standard.  Only a plausibility warning: top-ups (补差) pay
 * less than the standard, so the band is wide (±20%). */
static void check_standards(const ctx *c, const val *root)
{
    const val *list = val_get(root, "标准核对");
    if (!list || list->kind != VAL_LIST) return;
    for (size_t i = 0; i < list->u.list.n; i++) {
        const val *e = list->u.list.items[i];
        qnum amount, lo, hi, count, persons, months;
        char basis[200];
        if (!get(e, "金额", &amount) || !get(e, "标准", &lo)) continue;
        if (!get(e, "标准上限", &hi)) hi = lo;
        if (get(e, "人次", &count)) {
            snprintf(basis, sizeof basis, "%s 人次", fig(count).s);
        } else if (get(e, "人数", &persons)) {
            if (!get(e, "月数", &months)) months = qnum_int(1);
            count = qnum_mul(persons, months);
            snprintf(basis, sizeof basis, "%s 人 × %s 个月", fig(persons).s, fig(months).s);
        } else continue;
        if (qnum_is_zero(count)) continue;
        qnum per = qnum_div(qnum_mul(amount, qnum_int(10000)), count);    /* 万元 → 元 */
        qnum low = qnum_mul(lo, qnum_frac(8, 10)), high = qnum_mul(hi, qnum_frac(12, 10));
        if (qnum_cmp(per, low) >= 0 && qnum_cmp(per, high) <= 0) continue;
        const char *name = val_str(val_get(e, "名称"));
        const char *unit = val_str(val_get(e, "标准单位"));
        char range[256];
        if (qnum_cmp(lo, hi)) snprintf(range, sizeof range, "%s–%s", fig(lo).s, fig(hi).s);
        else snprintf(range, sizeof range, "%s", fig(lo).s);
        diag_add(c->diags, DIAG_WARNING, loc(c, val_get(e, "金额")), "D11",
                 "%s: %s 万元 for %s gives %s 元 each, far from the standard of %s %s; check the amount, the count and the period.",
                 name ? name : "?", fig(amount).s, basis, fig2(per).s, range, unit ? unit : "元");
    }
}

/* ---- 自评表 -------------------------------------------------------- */

static bool has_prefix(const char *s, const char *p) { return s && !strncmp(s, p, strlen(p)); }

static void check_form(const ctx *c, const val *f)
{
    const char *name = val_str(val_get(f, "项目名称"));
    char *what = xasprintf("自评表《%s》", name ? name : "?");
    const val *funds = val_get(f, "资金");
    const val *total = val_get(funds, "年度资金总额");
    static const char *const cols[] = {"年初预算数", "全年预算数", "全年执行数", NULL};
    static const char *const rows[] = {"当年财政拨款", "上年结转资金", "其他资金", NULL};
    qnum g, x, y;

    /* T1 */
    for (const char *const *col = cols; total && *col; col++) {
        qnum s = qnum_int(0);
        bool any = false;
        for (const char *const *r = rows; *r; r++)
            if (get(val_get(funds, *r), *col, &x)) { s = qnum_add(s, x); any = true; }
        round_verdict r = any && given(total, *col, &g) ? amount_verdict(c, g, s) : ROUND_EQUAL;
        if (r == ROUND_NOTE) {
            char *l = xasprintf("%s的年度资金总额%s / 当年财政拨款 + 上年结转资金 + 其他资金", what, *col);
            rounding_note(c, "T1", val_get(total, *col), l, g, s);
            free(l);
        } else if (r == ROUND_DIFFERS)
            diag_add(c->diags, DIAG_WARNING, loc(c, val_get(total, *col)), "T1",
                     "%s: 年度资金总额 %s is %s 万元, but 当年财政拨款 + 上年结转资金 + 其他资金 is %s 万元 (difference %s 万元); fill in the missing source rows.",
                     what, *col, fig(g).s, fig(s).s, fig(qnum_sub(g, s)).s);
    }
    /* T2, T3 */
    if (get(total, "全年预算数", &x) && get(total, "全年执行数", &y) && !qnum_is_zero(x)) {
        qnum rate = qnum_mul(qnum_div(y, x), qnum_int(100));
        round_verdict over = qnum_cmp(y, x) > 0 ? amount_verdict(c, y, x) : ROUND_EQUAL;
        if (over == ROUND_NOTE) {
            char *l = xasprintf("%s的全年执行数 / 全年预算数", what);
            rounding_note(c, "T2", val_get(total, "全年执行数"), l, y, x);
            free(l);
        } else if (over == ROUND_DIFFERS)
            diag_add(c->diags, DIAG_WARNING, loc(c, val_get(total, "全年执行数")), "T2",
                     "%s: 全年执行数 %s 万元 exceeds 全年预算数 %s 万元; the execution rate is %s%% (scored as 100%%). Explain the overspend or correct the figures.",
                     what, fig(y).s, fig(x).s, fig2(rate).s);
        char *label = xasprintf(_("%s: 执行率"), what);
        percent_identity(c, "T3", val_get(f, "执行率"), label, rate);
        free(label);
    }
    qnum es;
    bool have_computed_es = get(f, "计算执行率得分", &es);
    if (have_computed_es) {
        if (given(f, "执行率得分", &g)) {
            round_verdict r = score_verdict(c, g, es);
            qnum weight;
            if (get(f, "执行率分值", &weight) && qnum_cmp(g, weight) > 0)
                diag_add(c->diags, DIAG_ERROR, loc(c, val_get(f, "执行率得分")), "T5",
                         "%s: 执行率得分 is %s, more than its 分值 %s; a score cannot exceed its 分值 (by the execution rate it is %s).",
                         what, fig(g).s, fig(weight).s, fig2(es).s);
            else if (r == ROUND_NOTE) {
                char *l = xasprintf("%s的执行率得分 / 执行率分值 × min(执行率, 100%%)", what);
                rounding_note(c, "T3", val_get(f, "执行率得分"), l, g, qnum_round(es, 2));
                free(l);
            } else if (r == ROUND_DIFFERS)
                diag_add(c->diags, DIAG_WARNING, loc(c, val_get(f, "执行率得分")), "T3",
                         "%s: 执行率得分 is %s, but 执行率分值 × min(执行率, 100%%) is %s.", what, fig(g).s, fig2(es).s);
        } else if (val_get(f, "执行率得分") && !val_is_given(val_get(f, "执行率得分"))) {
            diag_add(c->diags, DIAG_WARNING, loc(c, at(val_get(f, "执行率得分"), f)), "T3",
                     "%s: the 执行率得分 cell is blank; by the execution rate it is %s.", what, fig2(es).s);
        }
    }

    /* T4–T10 over the rows */
    const val *rowsv = val_get(f, "绩效指标");
    if (rowsv && rowsv->kind == VAL_LIST) {
        for (size_t i = 0; i < rowsv->u.list.n; i++) {
            const val *r = rowsv->u.list.items[i];
            if (!val_is_given(val_get(r, "三级指标"))) continue;
            const char *ind = val_str(val_get(r, "三级指标"));
            const char *l1 = val_str(val_get(r, "一级指标"));
            const char *l2 = val_str(val_get(r, "二级指标"));
            qnum full, score, comp;
            bool has_full = get(r, "分值", &full);
            bool has_score = given(r, "得分", &score);
            bool impossible = has_full && has_score && (qnum_sign(score) < 0 || qnum_cmp(score, full) > 0);
            if (impossible)
                diag_add(c->diags, DIAG_ERROR, loc(c, val_get(r, "得分")), "T5",
                         "%s: indicator \"%s\" scores %s, outside 0 to its 分值 %s; a score cannot exceed its 分值.", what, ind, fig(score).s, fig(full).s);
            round_verdict sv7 = !impossible && has_score && get(r, "计算得分", &comp) ? score_verdict(c, score, comp) : ROUND_EQUAL;
            if (sv7 == ROUND_NOTE) {
                char *l = xasprintf("%s的指标“%s”的得分 / 计算得分", what, ind);
                rounding_note(c, "T7", val_get(r, "得分"), l, score, qnum_round(comp, 2));
                free(l);
            } else if (sv7 == ROUND_DIFFERS)
                diag_add(c->diags, DIAG_WARNING, loc(c, val_get(r, "得分")), "T7",
                         "%s: indicator \"%s\" scores %s, but its 指标值 and 完成值 give %s by the scoring rules.",
                         what, ind, fig(score).s, fig2(comp).s);
            const val *sv = val_get(r, "得分");
            if (sv && !val_is_given(sv) && get(r, "计算得分", &comp))
                diag_add(c->diags, DIAG_WARNING, loc(c, at(sv, r)), "T7",
                         "%s: indicator \"%s\" has a blank 得分 cell; by the scoring rules it is %s.", what, ind, fig2(comp).s);
            qnum rate;
            const val *why = val_get(r, "偏差原因分析及改进措施");
            /* A target written "≥95%" is met by anything from 95% up, so only a
             * miss needs explaining; an exact target ("288户") needs it both ways. */
            qnum tq, aq;
            ind_cmp tc = CMP_NONE, ac;
            bool deviates = get(r, "完成率", &rate) && qnum_cmp(rate, qnum_int(100)) &&
                model_indicator_value(val_str(val_get(r, "年度指标值")), &tq, &tc, NULL) &&
                model_indicator_value(val_str(val_get(r, "实际完成值")), &aq, &ac, NULL) &&
                (tc == CMP_NONE || (tc == CMP_GE && qnum_cmp(aq, tq) < 0) || (tc == CMP_LE && qnum_cmp(aq, tq) > 0));
            if (deviates && !val_is_given(why))
                diag_add(c->diags, DIAG_WARNING, loc(c, val_get(r, "实际完成值")), "T9",
                         "%s: indicator \"%s\" was completed at %s%% of its target (%s against %s), but 偏差原因分析及改进措施 is blank; explain the deviation.",
                         what, ind, fig2(rate).s, val_str(val_get(r, "实际完成值")), val_str(val_get(r, "年度指标值")));
            if (l2 && strstr(l2, "成本")) {
                qnum v;
                ind_cmp cmp;
                const char *unit = NULL;
                const val *tv = val_get(r, "年度指标值");
                if (model_indicator_value(val_str(tv), &v, &cmp, &unit)) {
                    if (!unit || !*unit)
                        diag_add(c->diags, DIAG_WARNING, loc(c, tv), "T10",
                                 "%s: the 成本 indicator \"%s\" has the value %s without a unit; write it with its unit (万元, 元/户 …).",
                                 what, ind, val_str(tv));
                    if ((!unit || !*unit || has_prefix(unit, "万元")) && get(total, "全年执行数", &y) && amount_differs(c, v, y) &&
                        (!get(total, "全年预算数", &x) || amount_differs(c, v, x)))
                        diag_add(c->diags, DIAG_WARNING, loc(c, tv), "T10",
                                 "%s: the 成本 indicator \"%s\" is %s 万元, but the form's 全年执行数 is %s 万元.",
                                 what, ind, fig(v).s, fig(y).s);
                    else if ((!unit || !*unit || has_prefix(unit, "万元")) && get(total, "全年执行数", &y) && !amount_differs(c, v, y) &&
                             get(total, "全年预算数", &x) && amount_differs(c, v, x))
                        diag_add(c->diags, DIAG_WARNING, loc(c, tv), "T10",
                                 "%s: the 成本 indicator \"%s\" (%s) equals 全年执行数 but not 全年预算数 (%s 万元); a cost target should come from the budget.",
                                 what, ind, fig(v).s, fig(x).s);
                }
            }
            if (ind && strstr(ind, "满意度") && l1 && !strstr(l1, "满意度"))
                diag_add(c->diags, DIAG_WARNING, loc(c, val_get(r, "三级指标")), "T4",
                         "%s: \"%s\" is a satisfaction indicator but is filed under %s/%s; move it to 满意度指标.",
                         what, ind, l1, l2 ? l2 : "");
        }
        /* T4: weights per 一级 */
        const val *groups = val_get(f, "一级指标合计");
        static const struct { const char *prefix; int weight; } w[] = {{"产出", 50}, {"效益", 30}, {"满意度", 10}};
        for (size_t k = 0; groups && groups->kind == VAL_LIST && k < groups->u.list.n; k++) {
            const val *gr = groups->u.list.items[k];
            const char *gname = val_str(val_get(gr, "名称"));
            for (size_t j = 0; j < 3; j++)
                if (has_prefix(gname, w[j].prefix) && get(gr, "分值", &x) && qnum_cmp(x, qnum_int(w[j].weight)))
                    diag_add(c->diags, DIAG_WARNING, loc(c, f), "T4",
                             "%s: the 分值 of %s add up to %s, but its weight is %d.", what, gname, fig(x).s, w[j].weight);
        }
        if (get(f, "分值合计", &x) && qnum_cmp(x, qnum_int(100)))
            diag_add(c->diags, DIAG_WARNING, loc(c, rowsv), "T4",
                     "%s: the 分值 of all rows including 执行率 add up to %s, not 100.", what, fig(x).s);
    }
    /* T6 */
    round_verdict r6 = given(f, "总分", &g) && get(f, "得分合计", &x) ? score_verdict(c, g, x) : ROUND_EQUAL;
    if (get(f, "总分", &y) && qnum_cmp(y, qnum_int(100)) > 0) {
        const val *tv = val_get(f, "总分");
        diag_add(c->diags, DIAG_ERROR, loc(c, at(tv, f)), "T5",
                 tv && !tv->derived
                 ? N_("%s: 总分 is %s, more than 100; no self-evaluation scores more than 100, so correct the scores before the form is published.")
                 : N_("%s: the scores add up to a 总分 of %s, more than 100; no self-evaluation scores more than 100, so correct the scores before the form is published."),
                 what, fig(y).s);
    }
    if (r6 == ROUND_NOTE) {
        char *l = xasprintf("%s的总分 / 执行率得分 + Σ 得分", what);
        rounding_note(c, "T6", val_get(f, "总分"), l, g, qnum_round(x, 2));
        free(l);
    } else if (r6 == ROUND_DIFFERS)
        diag_add(c->diags, DIAG_WARNING, loc(c, val_get(f, "总分")), "T6",
                 "%s: 总分 is %s, but 执行率得分 + the indicators' 得分 add up to %s.", what, fig(g).s, fig2(x).s);
    free(what);
}

void model_check(const val_doc *doc, const model_options *opts, diag_list *diags)
{
    ctx c = {doc, opts, diags};
    const val *root = doc->root;
    if (!root) return;
    check_department(&c, root);
    check_projects(&c, root);
    check_counts(&c, root);
    check_standards(&c, root);
    const val *forms = val_get(root, "自评表");
    if (forms && forms->kind == VAL_LIST)
        for (size_t i = 0; i < forms->u.list.n; i++) check_form(&c, forms->u.list.items[i]);
}
