#include "model_derive.h"
#include "../core/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static qnum hundred(void) { return qnum_int(100); }

/* Set key to a derived value unless the data already gives it. */
static val *derive(val_doc *d, val *m, const char *key, val *v)
{
    if (!m || !v) return NULL;
    val *old = val_get(m, key);
    if (val_is_given(old)) return old;
    v->derived = true;
    val_map_set(d, m, key, v, 0, 0);
    return v;
}

/* Like derive, but a member written with an empty value stays empty: the
 * form had that cell blank on purpose, and the checks report it. */
static val *derive_unless_blank(val_doc *d, val *m, const char *key, val *v)
{
    if (!m || !v) return NULL;
    for (size_t i = 0; i < m->u.map.n; i++)
        if (!strcmp(m->u.map.keys[i], key)) return m->u.map.vals[i];
    return derive(d, m, key, v);
}

static val *num(val_doc *d, qnum q, val_unit u)
{
    if (!q.ok) return NULL;
    return val_new_num(d, q, u, 0, 0);
}

static val *text(val_doc *d, const char *s) { return val_new_str(d, s, strlen(s), 0, 0); }

static bool get(const val *m, const char *key, qnum *q) { return val_num(val_get(m, key), q); }

static qnum pct(qnum part, qnum whole) { return qnum_mul(qnum_div(part, whole), hundred()); }

static const char *change_word(qnum d)
{
    int s = qnum_sign(d);
    return s > 0 ? "增加" : s < 0 ? "减少" : "持平";
}

static void derive_top(val_doc *d, val *root)
{
    const char *name = val_str(val_get(root, "单位名称"));
    qnum year;
    if (!name) name = "";
    bool have_year = get(root, "年度", &year);
    char buf[64] = "";
    if (have_year) qnum_format(year, 0, buf, sizeof buf);
    derive(d, root, "主管部门", text(d, name));
    derive(d, root, "落款", text(d, name));
    derive(d, root, "报告类型", text(d, "部门整体支出绩效自评报告"));
    if (have_year) {
        char *t = xasprintf("%s%s年度部门整体支出绩效自评报告", name, buf);
        derive(d, root, "报告标题", text(d, t));
        free(t);
        char date[80];
        snprintf(date, sizeof date, "%s-12-31", buf);
        derive(d, root, "报告日期", text(d, date));
        derive(d, root, "数据截止日期", text(d, date));
    }
}

static void derive_budget(val_doc *d, val *root)
{
    val *b = val_get(root, "预算执行");
    val *sp = val_get(root, "支出");
    qnum a, adj, full, exec, prev;

    if (sp && sp->kind == VAL_MAP) {
        static const char *const parts[] = {"基本支出", "项目支出", NULL};
        qnum total, basic, proj;
        if (val_sum_members(sp, parts, &total)) derive(d, sp, "合计", num(d, total, UNIT_WANYUAN));
        if (get(sp, "合计", &total) && !qnum_is_zero(total)) {
            if (get(sp, "基本支出", &basic)) derive(d, sp, "基本支出占比", num(d, pct(basic, total), UNIT_PERCENT));
            if (get(sp, "项目支出", &proj)) derive(d, sp, "项目支出占比", num(d, pct(proj, total), UNIT_PERCENT));
        }
    }
    if (!b || b->kind != VAL_MAP) return;
    if (get(b, "年初预算数", &a)) {
        /* Without 调整预算数 the full-year budget is unknown, not equal to
         * 年初预算数: transfers during the year are common (004 spent five
         * times its 年初预算数), and a made-up 执行率 would mislead. */
        if (get(b, "调整预算数", &adj)) derive(d, b, "全年预算数", num(d, qnum_add(a, adj), UNIT_WANYUAN));
        if (get(b, "上年年初预算数", &prev)) {
            qnum diff = qnum_sub(a, prev);
            derive(d, b, "年初预算变动", num(d, diff, UNIT_WANYUAN));
            derive(d, b, "年初预算变动额", num(d, qnum_abs(diff), UNIT_WANYUAN));
            derive(d, b, "年初预算变动方向", text(d, change_word(diff)));
            if (!qnum_is_zero(prev)) {
                derive(d, b, "年初预算变动率", num(d, pct(diff, prev), UNIT_PERCENT));
                derive(d, b, "年初预算变动幅度", num(d, qnum_abs(pct(diff, prev)), UNIT_PERCENT));
            }
        }
    }
    if (sp && get(sp, "合计", &exec)) derive(d, b, "全年执行数", num(d, exec, UNIT_WANYUAN));
    if (get(b, "全年预算数", &full) && get(b, "全年执行数", &exec) && !qnum_is_zero(full)) {
        qnum rate = pct(exec, full);
        derive(d, b, "执行率", num(d, rate, UNIT_PERCENT));
        qnum capped = qnum_min(rate, hundred());
        derive(d, b, "执行率得分", num(d, qnum_div(qnum_mul(capped, qnum_int(10)), hundred()), UNIT_SCORE));
    }
}

static void derive_income_and_parts(val_doc *d, val *root)
{
    val *in = val_get(root, "收入");
    qnum s;
    if (in && in->kind == VAL_MAP && val_sum_list(val_get(in, "明细"), "金额", &s)) {
        derive(d, in, "明细合计", num(d, s, UNIT_WANYUAN));
        derive(d, in, "合计", num(d, s, UNIT_WANYUAN));
    }
    val *bd = val_get(root, "基本支出明细");
    static const char *const basic_parts[] = {"工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出", NULL};
    if (bd && bd->kind == VAL_MAP && val_sum_members(bd, basic_parts, &s)) {
        derive(d, bd, "分项合计", num(d, s, UNIT_WANYUAN));
        derive(d, bd, "合计", num(d, s, UNIT_WANYUAN));
    }
    val *sg = val_get(root, "三公经费");
    static const char *const sg_parts[] = {"因公出国（境）费", "公务接待费", "公务用车购置及运行费", NULL};
    if (sg && sg->kind == VAL_MAP) {
        if (val_sum_members(sg, sg_parts, &s)) {
            derive(d, sg, "分项合计", num(d, s, UNIT_WANYUAN));
            derive(d, sg, "合计", num(d, s, UNIT_WANYUAN));
        }
        qnum total, prev, diff;
        if (get(sg, "合计", &total) && get(sg, "上年合计", &prev))
            derive(d, sg, "比上年增减", num(d, qnum_sub(total, prev), UNIT_WANYUAN));
        if (get(sg, "比上年增减", &diff)) {
            derive(d, sg, "增减方向", text(d, change_word(diff)));
            derive(d, sg, "增减额", num(d, qnum_abs(diff), UNIT_WANYUAN));
        }
    }
}

static void derive_projects(val_doc *d, val *root)
{
    val *list = val_get(root, "项目");
    if (!list || list->kind != VAL_LIST) return;
    for (size_t i = 0; i < list->u.list.n; i++) {
        val *p = list->u.list.items[i];
        qnum a, adj, full, spent;
        derive(d, p, "序号", num(d, qnum_int((int64_t)i + 1), UNIT_COUNT));
        if (get(p, "年初预算数", &a)) {
            if (!get(p, "调整预算数", &adj)) adj = qnum_int(0);
            derive(d, p, "全年预算数", num(d, qnum_add(a, adj), UNIT_WANYUAN));
        }
        if (get(p, "全年预算数", &full) && get(p, "实际支出", &spent)) {
            derive(d, p, "结余结转", num(d, qnum_sub(full, spent), UNIT_WANYUAN));
            if (!qnum_is_zero(full)) derive(d, p, "执行率", num(d, pct(spent, full), UNIT_PERCENT));
        }
    }
    val *tot = val_new(d, VAL_MAP, 0, 0);
    static const char *const keys[] = {"年初预算数", "调整预算数", "全年预算数", "实际支出", "结余结转", NULL};
    for (const char *const *k = keys; *k; k++) {
        qnum s;
        if (val_sum_list(list, *k, &s)) derive(d, tot, *k, num(d, s, UNIT_WANYUAN));
    }
    qnum full, spent;
    if (get(tot, "全年预算数", &full) && get(tot, "实际支出", &spent) && !qnum_is_zero(full))
        derive(d, tot, "执行率", num(d, pct(spent, full), UNIT_PERCENT));
    if (tot->u.map.n) derive(d, root, "项目合计", tot);
}

static void derive_lists(val_doc *d, val *root)
{
    val *funds = val_get(root, "专项资金");
    if (funds && funds->kind == VAL_LIST)
        for (size_t i = 0; i < funds->u.list.n; i++) {
            val *f = funds->u.list.items[i];
            qnum s;
            if (val_sum_list(val_get(f, "明细"), "金额", &s)) {
                derive(d, f, "明细合计", num(d, s, UNIT_WANYUAN));
                derive(d, f, "合计", num(d, s, UNIT_WANYUAN));
            }
        }
    val *tally = val_get(root, "数据核对");
    if (tally && tally->kind == VAL_LIST)
        for (size_t i = 0; i < tally->u.list.n; i++) {
            val *t = tally->u.list.items[i];
            qnum s;
            if (val_sum_list(val_get(t, "分项"), "数值", &s)) derive(d, t, "分项合计", num(d, s, UNIT_NONE));
        }
}

/* ---- indicators ---------------------------------------------------- */

static bool starts(const char **s, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(*s, prefix, n)) return false;
    *s += n;
    return true;
}

bool model_indicator_value(const char *s, qnum *out, ind_cmp *cmp, const char **unit)
{
    *cmp = CMP_NONE;
    if (unit) *unit = NULL;
    if (!s) return false;
    while (*s == ' ' || starts(&s, "\xe3\x80\x80")) {
        if (*s == ' ') s++;
    }
    static const char *const ge[] = {"≥", ">=", "＞=", "不低于", "不少于", "大于等于", ">", "＞", "高于", "超过", NULL};
    static const char *const le[] = {"≤", "<=", "＜=", "不高于", "不超过", "不多于", "小于等于", "低于", "<", "＜", "控制在", NULL};
    for (const char *const *p = ge; *p && *cmp == CMP_NONE; p++) if (starts(&s, *p)) *cmp = CMP_GE;
    for (const char *const *p = le; *p && *cmp == CMP_NONE; p++) if (starts(&s, *p)) *cmp = CMP_LE;
    while (*s == ' ') s++;
    const char *b = s;
    while ((*s >= '0' && *s <= '9') || (*s == '.' && s > b)) s++;
    if (s == b) return false;
    size_t n = (size_t)(s - b);
    if (b[n - 1] == '.') n--;
    if (qnum_parse(b, n, 6, out) != NUM_OK) return false;
    if (unit) *unit = s;
    /* A trailing 以上/以下 states the direction too. */
    if (*cmp == CMP_NONE) {
        if (strstr(s, "以上") || strstr(s, "及以上")) *cmp = CMP_GE;
        else if (strstr(s, "以下") || strstr(s, "以内")) *cmp = CMP_LE;
    }
    return true;
}

bool model_indicator_score(const val *row, const model_options *opts, qnum *score)
{
    qnum full;
    if (!get(row, "分值", &full)) return false;
    const char *kind = val_str(val_get(row, "指标性质"));
    if (kind && !strcmp(kind, "定性")) {
        const char *g = val_str(val_get(row, "评价等级"));
        if (!g) return false;
        int idx = !strcmp(g, "达成") ? 0 : !strcmp(g, "部分达成") ? 1 : 2;
        *score = qnum_mul(full, opts->grade_share[idx]);
        return score->ok;
    }
    qnum target, actual;
    ind_cmp c1, c2;
    if (!model_indicator_value(val_str(val_get(row, "年度指标值")), &target, &c1, NULL) ||
        !model_indicator_value(val_str(val_get(row, "实际完成值")), &actual, &c2, NULL))
        return false;
    const char *dir = val_str(val_get(row, "指标方向"));
    bool negative = dir && !strcmp(dir, "反向");
    if (!negative) {
        if (qnum_cmp(actual, target) >= 0) *score = full;
        else if (qnum_is_zero(target)) *score = full;
        else *score = qnum_div(qnum_mul(full, actual), target);
    } else {
        if (qnum_cmp(actual, target) <= 0) *score = full;
        else *score = qnum_div(qnum_mul(full, target), actual);
    }
    return score->ok;
}

static void derive_indicator(val_doc *d, val *row, const model_options *opts)
{
    qnum target, actual;
    ind_cmp c1 = CMP_NONE, c2;
    const char *tv = val_str(val_get(row, "年度指标值")), *av = val_str(val_get(row, "实际完成值"));
    bool tq = model_indicator_value(tv, &target, &c1, NULL);
    bool aq = model_indicator_value(av, &actual, &c2, NULL);
    if (!val_is_given(val_get(row, "三级指标"))) {
        derive(d, row, "不适用", val_new_bool(d, true));
        return;
    }
    derive(d, row, "指标性质", text(d, tq ? "定量" : "定性"));
    derive(d, row, "指标方向", text(d, c1 == CMP_LE ? "反向" : "正向"));
    const char *kind = val_str(val_get(row, "指标性质"));
    if (kind && !strcmp(kind, "定量") && tq && aq && !qnum_is_zero(target))
        derive(d, row, "完成率", num(d, pct(actual, target), UNIT_PERCENT));
    if (kind && !strcmp(kind, "定性") && tv && av && !strcmp(tv, av))
        derive(d, row, "评价等级", text(d, "达成"));
    qnum s;
    if (model_indicator_score(row, opts, &s)) {
        derive(d, row, "计算得分", num(d, s, UNIT_SCORE));
        derive_unless_blank(d, row, "得分", num(d, s, UNIT_SCORE));
    }
}

static const char *grade_of(qnum total)
{
    if (qnum_cmp(total, qnum_int(90)) >= 0) return "优";
    if (qnum_cmp(total, qnum_int(80)) >= 0) return "良";
    if (qnum_cmp(total, qnum_int(60)) >= 0) return "中";
    return "差";
}

static void derive_form(val_doc *d, val *root, val *f, const model_options *opts)
{
    const char *unit = val_str(val_get(root, "单位名称"));
    const char *dept = val_str(val_get(root, "主管部门"));
    derive(d, f, "表名", text(d, "项目支出绩效自评表"));
    const char *title = val_str(val_get(f, "表名"));
    derive(d, f, "名称标签", text(d, title && !strcmp(title, "专项资金绩效自评表") ? "专项资金名称" : "项目名称"));
    if (dept) derive(d, f, "主管部门", text(d, dept));
    if (unit) derive(d, f, "实施单位", text(d, unit));
    derive(d, f, "执行率分值", num(d, qnum_int(10), UNIT_SCORE));

    val *funds = val_get(f, "资金");
    if (funds && funds->kind == VAL_MAP) {
        static const char *const cols[] = {"年初预算数", "全年预算数", "全年执行数", NULL};
        static const char *const rows[] = {"当年财政拨款", "上年结转资金", "其他资金", NULL};
        val *total = val_get(funds, "年度资金总额");
        if (!total || total->kind != VAL_MAP) {
            total = val_new(d, VAL_MAP, 0, 0);
            derive(d, funds, "年度资金总额", total);
            total = val_get(funds, "年度资金总额");
        }
        for (const char *const *c = cols; *c; c++) {
            qnum s = qnum_int(0);
            bool any = false;
            for (const char *const *r = rows; *r; r++) {
                qnum q;
                if (get(val_get(funds, *r), *c, &q)) { s = qnum_add(s, q); any = true; }
            }
            if (any && total->kind == VAL_MAP) derive(d, total, *c, num(d, s, UNIT_WANYUAN));
        }
        qnum full, exec;
        if (get(total, "全年预算数", &full) && get(total, "全年执行数", &exec) && !qnum_is_zero(full)) {
            qnum rate = pct(exec, full);
            derive(d, f, "计算执行率", num(d, rate, UNIT_PERCENT));
            derive(d, f, "执行率", num(d, rate, UNIT_PERCENT));
            qnum weight;
            if (get(f, "执行率分值", &weight)) {
                qnum sc = qnum_div(qnum_mul(weight, qnum_min(rate, hundred())), hundred());
                derive(d, f, "计算执行率得分", num(d, sc, UNIT_SCORE));
                derive_unless_blank(d, f, "执行率得分", num(d, sc, UNIT_SCORE));
            }
        }
    }

    val *rows = val_get(f, "绩效指标");
    qnum sum_full = qnum_int(0), sum_score = qnum_int(0);
    val *groups = val_new(d, VAL_LIST, 0, 0);
    if (rows && rows->kind == VAL_LIST) {
        const val *prev1 = NULL, *prev2 = NULL;
        for (size_t i = 0; i < rows->u.list.n; i++) {
            val *row = rows->u.list.items[i];
            /* An omitted 一级/二级 continues the merged cell above it; a new
             * 一级 group does not inherit the previous group's 二级. */
            const char *given1 = val_str(val_get(row, "一级指标"));
            if (!given1 && prev1) derive(d, row, "一级指标", val_clone(d, prev1));
            else if (given1 && prev1 && val_str(prev1) && strcmp(given1, val_str(prev1))) prev2 = NULL;
            if (!val_is_given(val_get(row, "二级指标")) && prev2) derive(d, row, "二级指标", val_clone(d, prev2));
            prev1 = val_get(row, "一级指标");
            prev2 = val_get(row, "二级指标");
            derive_indicator(d, row, opts);
            qnum q;
            const char *g1 = val_str(val_get(row, "一级指标"));
            val *grp = NULL;
            for (size_t k = 0; g1 && k < groups->u.list.n; k++)
                if (!strcmp(val_str(val_get(groups->u.list.items[k], "名称")), g1)) grp = groups->u.list.items[k];
            if (g1 && !grp) {
                grp = val_new(d, VAL_MAP, 0, 0);
                val_map_set(d, grp, "名称", text(d, g1), 0, 0);
                val_map_set(d, grp, "分值", num(d, qnum_int(0), UNIT_SCORE), 0, 0);
                val_map_set(d, grp, "得分", num(d, qnum_int(0), UNIT_SCORE), 0, 0);
                grp->derived = true;
                val_list_push(d, groups, grp);
            }
            if (get(row, "分值", &q)) {
                sum_full = qnum_add(sum_full, q);
                if (grp) { qnum g; get(grp, "分值", &g); val_get(grp, "分值")->u.num.q = qnum_add(g, q); }
            }
            if (get(row, "得分", &q)) {
                sum_score = qnum_add(sum_score, q);
                if (grp) { qnum g; get(grp, "得分", &g); val_get(grp, "得分")->u.num.q = qnum_add(g, q); }
            }
        }
    }
    if (groups->u.list.n) derive(d, f, "一级指标合计", groups);
    qnum w, es;
    if (get(f, "执行率分值", &w)) sum_full = qnum_add(sum_full, w);
    /* A blank 执行率得分 cell still counts at its computed value: 总分 is what
     * the form should show, and T6 compares the given 总分 with it. */
    if (get(f, "执行率得分", &es) || get(f, "计算执行率得分", &es)) sum_score = qnum_add(sum_score, es);
    derive(d, f, "分值合计", num(d, sum_full, UNIT_SCORE));
    derive(d, f, "得分合计", num(d, sum_score, UNIT_SCORE));
    qnum total;
    derive(d, f, "总分", num(d, sum_score, UNIT_SCORE));
    if (get(f, "总分", &total)) derive(d, f, "等级", text(d, grade_of(total)));
}

void model_derive(val_doc *doc, const model_options *opts)
{
    val *root = doc->root;
    if (!root || root->kind != VAL_MAP) return;
    derive_top(doc, root);
    derive_budget(doc, root);
    derive_income_and_parts(doc, root);
    derive_projects(doc, root);
    derive_lists(doc, root);
    val *forms = val_get(root, "自评表");
    if (forms && forms->kind == VAL_LIST)
        for (size_t i = 0; i < forms->u.list.n; i++) {
            val *f = forms->u.list.items[i];
            derive(doc, f, "序号", num(doc, qnum_int((int64_t)i + 1), UNIT_COUNT));
            derive_form(doc, root, f, opts);
        }
}
