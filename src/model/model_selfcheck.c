#include "model_selfcheck.h"
#include "../core/i18n.h"
#include "../core/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { KIND_NONE, KIND_DEPT, KIND_PROJECT, KIND_FUND, KIND_OTHER } report_kind;

/* The kind a title or a 报告类型 names.  Order matters: "部门整体支出" also
 * contains "支出", and a 工作情况报告 may talk of 项目. */
static report_kind kind_of(const char *s)
{
    if (!s) return KIND_NONE;
    if (strstr(s, "部门整体")) return KIND_DEPT;
    if (strstr(s, "项目支出绩效")) return KIND_PROJECT;
    if (strstr(s, "专项资金绩效")) return KIND_FUND;
    static const char *const other[] = {"工作情况报告", "工作总结", "工作报告", "述职报告", "决算报告", "情况汇报", NULL};
    for (const char *const *o = other; *o; o++)
        if (strstr(s, *o)) return KIND_OTHER;
    return KIND_NONE;
}

static const char *kind_name(report_kind k)
{
    switch (k) {
    case KIND_DEPT: return "部门整体支出绩效自评报告";
    case KIND_PROJECT: return "项目支出绩效自评报告";
    case KIND_FUND: return "专项资金绩效自评报告";
    default: return "工作情况报告";
    }
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static void check_title(const val_doc *doc, const val *root, int year, diag_list *diags)
{
    const val *tv = val_get(root, "报告标题");
    const char *t = val_str(tv);
    if (!t || tv->derived) return;
    /* Every four-digit year followed by 年 names the period (a 文号 year is
     * written in brackets, 〔2023〕, and is not followed by 年). */
    for (const char *p = t; *p; p++) {
        if (!is_digit(p[0]) || !is_digit(p[1]) || !is_digit(p[2]) || !is_digit(p[3])) continue;
        if (p > t && is_digit(p[-1])) continue;
        if (is_digit(p[4]) || strncmp(p + 4, "年", strlen("年"))) { p += 3; continue; }
        int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
        if (year > 0 && y != year) {
            diag_add(diags, DIAG_WARNING, val_loc(doc, tv), "R.title-year",
                     "The title names the year %d, but 年度 is %d; correct the title or 年度 so that the report names the year it evaluates.",
                     y, year);
            break;
        }
        p += 3;
    }
    const val *kv = val_get(root, "报告类型");
    report_kind tk = kind_of(t), fk = kind_of(val_str(kv));
    if (tk != KIND_NONE && fk != KIND_NONE && tk != fk)
        diag_add(diags, DIAG_WARNING, val_loc(doc, tv), "R.title-kind",
                 kv && !kv->derived
                 ? N_("The title names a %s, but 报告类型 is %s; make the title and 报告类型 name the same kind of report.")
                 : N_("The title names a %s, but the file does not give 报告类型, so the report is a %s; write 报告类型 or correct the title."),
                 kind_name(tk), val_str(kv));
}

static void check_date(const val_doc *doc, const val *v, const char *field, int year, diag_list *diags)
{
    const char *d = val_str(v);
    if (!d || v->derived || year <= 0) return;
    char end[24];
    snprintf(end, sizeof end, "%d-12-31", year);
    /* Dates are stored as YYYY-MM-DD, so they compare as strings. */
    if (strcmp(d, end) < 0)
        diag_add(diags, DIAG_WARNING, val_loc(doc, v), "R.date",
                 "%s is %s, before the end of the year it evaluates (%s); a year-end self-evaluation is dated after the year, so correct the date (or the figures, if they stop early).",
                 field, d, end);
}

/* ---- required sections ---- */

typedef struct {
    const char *field;               /* the 正文 field of the standard outline */
    const char *what;                /* for the message */
    const char *const *synonyms;     /* headings that name it in a free outline */
} section_rule;

static const char *const syn_perf[] = {"绩效情况", "目标实现", "目标完成情况", "实现情况", "绩效实现", "绩效自评", "履职完成", "履职效果", "目标完成", "绩效分析", "实施效果", "取得的成效", "主要成效", "工作成效", NULL};
static const char *const syn_problem[] = {"存在的问题", "存在问题", "主要问题", "问题及", "问题和", "问题与", "存在的不足", "不足之处", "困难和问题", NULL};
static const char *const syn_improve[] = {"改进措施", "改进方向", "改进建议", "整改措施", "有关建议", "下一步", "工作打算", "工作思路", "努力方向", "措施及建议", "对策", NULL};

static const section_rule sections[] = {
    {"整体绩效", "绩效情况 (整体绩效 / 履职完成情况 / 履职效果)", syn_perf},
    {"存在问题", "存在的问题", syn_problem},
    {"改进措施", "改进措施", syn_improve},
};

static bool paras_have_text(const val *p)
{
    if (!p) return false;
    if (p->kind == VAL_STR) return val_is_given(p);
    if (p->kind == VAL_LIST)
        for (size_t i = 0; i < p->u.list.n; i++) {
            const val *e = p->u.list.items[i];
            if (e->kind == VAL_STR ? val_is_given(e) : paras_have_text(val_get(e, "段落"))) return true;
        }
    return false;
}

static bool names_any(const char *s, const char *const *syn)
{
    for (; s && *syn; syn++)
        if (strstr(s, *syn)) return true;
    return false;
}

/* A heading of a section or sub-section, or the first sentence of a
 * paragraph ("存在的问题：…" written as a run-in heading), names it. */
static bool outline_names(const val *list, const char *const *syn, int depth)
{
    if (!list || list->kind != VAL_LIST || depth > 8) return false;
    for (size_t i = 0; i < list->u.list.n; i++) {
        const val *e = list->u.list.items[i];
        if (e->kind == VAL_STR) {
            const char *s = val_str(e);
            if (!s) continue;
            const char *stop = strstr(s, "。");
            size_t n = stop ? (size_t)(stop - s) : strlen(s);
            if (n > 90) n = 90;   /* the run-in heading, not a mention deep in the text */
            char buf[96];
            memcpy(buf, s, n);
            buf[n] = 0;
            if (names_any(buf, syn)) return true;
        } else if (e->kind == VAL_MAP) {
            if (names_any(val_str(val_get(e, "标题")), syn)) return true;
            if (outline_names(val_get(e, "段落"), syn, depth + 1)) return true;
        }
    }
    return false;
}

static void check_sections(const val_doc *doc, const val *root, diag_list *diags)
{
    const char *kind = val_str(val_get(root, "报告类型"));
    /* Only a 自评报告 has the outline of 财预〔2020〕10号; a 工作情况报告 has its own. */
    if (!kind || !strstr(kind, "自评")) return;
    const val *text = val_get(root, "正文");
    if (!text || text->kind != VAL_MAP || !text->u.map.n) {
        /* One finding, not one per section: the whole narrative is missing. */
        diag_add(diags, DIAG_WARNING, val_loc(doc, text && text->line ? text : val_get(root, "单位名称")), "R.section",
                 "A %s needs its narrative (绩效情况, 存在问题, 改进措施), but the file has no 正文; add 正文 with the unit's own text.",
                 kind);
        return;
    }
    const val *chapters = val_get(text, "章节");
    bool free_outline = chapters && chapters->kind == VAL_LIST && chapters->u.list.n;
    for (size_t k = 0; k < sizeof sections / sizeof sections[0]; k++) {
        const section_rule *r = &sections[k];
        bool present = false;
        if (free_outline) present = outline_names(chapters, r->synonyms, 0);
        else {
            present = paras_have_text(val_get(text, r->field));
            if (!strcmp(r->field, "整体绩效"))
                present = present || paras_have_text(val_get(text, "履职完成情况")) || paras_have_text(val_get(text, "履职效果"));
            /* A heading inside another section ("问题及改进措施") also counts. */
            for (size_t i = 0; !present && text && text->kind == VAL_MAP && i < text->u.map.n; i++)
                present = outline_names(text->u.map.vals[i], r->synonyms, 0);
        }
        if (present) continue;
        const val *at = text && text->line ? text : val_get(root, "单位名称");
        diag_add(diags, DIAG_WARNING, val_loc(doc, at), "R.section",
                 free_outline
                 ? N_("A %s needs a section on %s, but no heading of 正文.章节 names it; add the section (its heading, e.g. “%s”, and its text).")
                 : N_("A %s needs a section on %s, but 正文 has no text for it; add it (正文.%s) with the unit's own text."),
                 kind, r->what, free_outline ? r->synonyms[0] : r->field);
    }
}

void model_selfcheck(const val_doc *doc, diag_list *diags)
{
    const val *root = doc->root;
    if (!root || root->kind != VAL_MAP) return;
    qnum yq;
    int year = 0;
    if (val_num(val_get(root, "年度"), &yq)) year = (int)(yq.num / yq.den);
    check_title(doc, root, year, diags);
    check_date(doc, val_get(root, "报告日期"), "报告日期", year, diags);
    const val *forms = val_get(root, "自评表");
    for (size_t i = 0; forms && forms->kind == VAL_LIST && i < forms->u.list.n; i++)
        check_date(doc, val_get(forms->u.list.items[i], "填表日期"), "填表日期", year, diags);
    check_sections(doc, root, diags);
}
