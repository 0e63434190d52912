/* model_narrative, model_selfcheck and model_round on made-up sentences:
 * which figures attach to a label and which look-alikes must not. */
#include "test.h"
#include "../../src/model/model.h"
#include "../../src/model/model_round.h"

#include <stdlib.h>
#include "../../src/core/strbuf.h"

/* A unit with 年初预算数 500, 全年预算数 520, 执行数 = 支出.合计 507 (执行率 97.5%),
 * 基本支出 400, 项目支出 107, one project, and the given sentence in 支出.说明. */
static int count(const char *sentence, const char *code, diag_severity sev)
{
    char *y = xasprintf(
        "单位名称: 平川县交通运输局\n年度: 2024\n报告日期: 2025-02-01\n"
        "预算执行:\n  年初预算数: 500\n  调整预算数: 20\n  上年年初预算数: 450\n"
        "支出:\n  基本支出: 400\n  项目支出: 107\n  说明:\n    - \"%s\"\n"
        "项目:\n  - 名称: 农村客运站点维护\n    年初预算数: 100\n    调整预算数: 7\n    实际支出: 107\n"
        "项目绩效:\n  - 名称: 农村客运站点维护\n    段落:\n      - 维护站点30个。\n"
        "正文:\n  整体绩效:\n    - 运行平稳。\n  存在问题:\n    - 无。\n  改进措施:\n    - 无。\n",
        sentence);
    diag_list d;
    diag_list_init(&d);
    model_options o;
    model_options_default(&o);
    val_doc *doc = model_load("t.yaml", y, strlen(y), &o, &d);
    int n = 0;
    for (size_t i = 0; i < d.n; i++)
        if (!strcmp(d.items[i].code, code) && d.items[i].sev == sev) n++;
    val_doc_free(doc);
    diag_list_free(&d);
    free(y);
    return n;
}

static void attaches(void)
{
    CHECK_INT(count("年初预算数为500万元，全年预算520万元。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("年初预算数为510万元。", "N.figure", DIAG_WARNING), 1);
    CHECK_INT(count("年初预算：5000000元。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("全年预算0.052亿元。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("预算执行率97.5%。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("预算执行率达到99%。", "N.figure", DIAG_WARNING), 1);
    /* shown to fewer decimals: equal at the rounding shown */
    CHECK_INT(count("执行率98%。", "N.figure", DIAG_WARNING), 0);  /* 97.5 rounds half up to 98 */
    CHECK_INT(count("基本支出400.0万元、项目支出107万元。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("基本支出401万元。", "N.figure", DIAG_WARNING), 1);
    /* a project named before the label means the project's figure */
    CHECK_INT(count("农村客运站点维护项目实际支出107万元。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("农村客运站点维护项目实际支出100万元。", "N.figure", DIAG_WARNING), 1);
    CHECK_INT(count("2024年年初预算数为500万元。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("2024年年初预算数为600万元。", "N.figure", DIAG_WARNING), 1);
}

static void look_alikes(void)
{
    CHECK_INT(count("年初预算较上年增长12.5%。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("执行率同比提高3%。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("基本支出占总支出的78.9%。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("上年年初预算数为450万元。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("上年年初预算数为460万元。", "N.figure", DIAG_WARNING), 1);
    CHECK_INT(count("去年执行数300万元。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("2023年年初预算数为450万元。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("其中省级项目支出30万元。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("基本支出比上年减少20万元。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("年初预算约480万元。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("预算执行率达到95%以上。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("年初预算数为500余万元。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("年初预算数为 510 万元。", "N.figure", DIAG_WARNING), 1);
    CHECK_INT(count("执行数3个项目。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("实施项目3个，年初预算中基本支出390万元。", "N.figure", DIAG_WARNING), 0);
    /* in the department's text, 项目执行率 is the projects' rate, not the department's */
    CHECK_INT(count("项目执行率90%。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("部门整体预算执行率90%。", "N.figure", DIAG_WARNING), 1);
    CHECK_INT(count("预计全年执行数达到600万元。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("执行数较年初预算增加7万元。", "N.figure", DIAG_WARNING), 0);
    CHECK_INT(count("2024年全年执行数为507万元，增长率为12.5%。", "N.figure", DIAG_WARNING), 0);
}

static void sums(void)
{
    CHECK_INT(count("共计507万元，其中基本支出400万元、项目支出107万元。", "N.sum", DIAG_WARNING), 0);
    CHECK_INT(count("共计510万元，其中A站200万元、B站300万元。", "N.sum", DIAG_WARNING), 1);
    CHECK_INT(count("共计510万元，其中A站200万元、B站300万元等。", "N.sum", DIAG_WARNING), 0);
    CHECK_INT(count("共计450万元，其中A站200万元、B站300万元等。", "N.sum", DIAG_WARNING), 1);
    CHECK_INT(count("共计30人，其中男性20人、女性10人，较上年增加5人。", "N.sum", DIAG_WARNING), 0);
    CHECK_INT(count("共计30人，其中男性20人、女性11人。", "N.sum", DIAG_WARNING), 1);
    CHECK_INT(count("合计6万元，其中A 2.5万元、B 3.5万元。", "N.sum", DIAG_WARNING), 0);
    /* rounding: 3 parts to 2 decimals may drift 0.02 */
    CHECK_INT(count("合计10.01万元，其中A 3.33万元、B 3.33万元、C 3.34万元。", "N.sum", DIAG_NOTE), 1);
    CHECK_INT(count("共计30万元，用于站点维修，其中A 20万元、B 5万元。", "N.sum", DIAG_WARNING), 0);
    CHECK_INT(count("共计300人以上，其中A 20人、B 50人。", "N.sum", DIAG_WARNING), 0);
    CHECK_INT(count("共计300人，其中A 200余人、B 50人。", "N.sum", DIAG_WARNING), 0);
}

static void rounding(void)
{
    model_options o;
    model_options_default(&o);
    qnum t = model_tolerance(&o);
    CHECK(model_round_verdict(qnum_frac(10001, 100), qnum_int(100), t) == ROUND_NOTE);
    CHECK(model_round_verdict(qnum_frac(10002, 100), qnum_int(100), t) == ROUND_DIFFERS);
    CHECK(model_round_verdict(qnum_int(7), qnum_int(7), t) == ROUND_EQUAL);
    CHECK(model_round_verdict(qnum_int(301), qnum_int(300), model_written_slack(&o, 0, 2, true)) == ROUND_DIFFERS);
    CHECK(model_round_verdict(qnum_int(6922), qnum_int(6921), model_written_slack(&o, 0, 5, false)) == ROUND_NOTE);
}

/* The report against itself: a unit of 农业农村 with the given top lines and 正文. */
static int self_count(const char *top, const char *text, const char *code)
{
    char *y = xasprintf("单位名称: 东岭县农业农村局\n年度: 2024\n%s正文:\n%s", top, text);
    diag_list d;
    diag_list_init(&d);
    val_doc *doc = model_load("t.yaml", y, strlen(y), NULL, &d);
    int n = 0;
    for (size_t i = 0; i < d.n; i++)
        if (!strcmp(d.items[i].code, code)) n++;
    val_doc_free(doc);
    diag_list_free(&d);
    free(y);
    return n;
}

static void selfcheck(void)
{
    const char *std = "  整体绩效:\n    - 完成。\n  存在问题:\n    - 有。\n  改进措施:\n    - 改。\n";
    CHECK_INT(self_count("报告标题: 东岭县农业农村局2024年度部门整体支出绩效自评报告\n", std, "R.title-year"), 0);
    CHECK_INT(self_count("报告标题: 东岭县农业农村局2025年部门整体支出绩效自评报告\n", std, "R.title-year"), 1);
    /* a 文号 year in brackets is not the period */
    CHECK_INT(self_count("报告标题: 东岭县农业农村局部门整体支出绩效自评报告（依据东农发〔2023〕5号）\n", std, "R.title-year"), 0);
    CHECK_INT(self_count("报告标题: 东岭县农业农村局部门整体支出绩效自评报告\n", std, "R.title-kind"), 0);
    CHECK_INT(self_count("报告标题: 东岭县农业农村局2024年专项资金绩效自评报告\n报告类型: 专项资金绩效自评报告\n", std, "R.title-kind"), 0);
    CHECK_INT(self_count("报告标题: 东岭县农业农村局2024年工作总结\n", std, "R.title-kind"), 1);
    CHECK_INT(self_count("报告日期: 2024-12-31\n", std, "R.date"), 0);
    CHECK_INT(self_count("报告日期: 2024-12-30\n", std, "R.date"), 1);
    CHECK_INT(self_count("报告日期: 2025年1月5日\n", std, "R.date"), 0);
    CHECK_INT(self_count("", std, "R.section"), 0);
    CHECK_INT(self_count("", "  整体绩效:\n    - 完成。\n", "R.section"), 2);
    /* a free outline: headings in other words count */
    CHECK_INT(self_count("", "  章节:\n    - 标题: 一、绩效目标完成情况\n      段落: [完成。]\n"
                             "    - 标题: 二、存在问题和整改措施\n      段落: [有。]\n", "R.section"), 0);
    CHECK_INT(self_count("", "  章节:\n    - 标题: 一、基本情况\n      段落: [有。]\n", "R.section"), 3);
    /* a run-in heading inside another section */
    CHECK_INT(self_count("", "  整体绩效:\n    - 完成。\n    - 存在的问题：资金拨付慢。\n    - 下一步工作打算：加快拨付。\n", "R.section"), 0);
    /* a 工作情况报告 has its own outline */
    CHECK_INT(self_count("报告类型: 工作情况报告\n", "  章节:\n    - 标题: 一、基本情况\n      段落: [有。]\n", "R.section"), 0);
}

int main(void)
{
    selfcheck();
    attaches();
    look_alikes();
    sums();
    rounding();
    return test_done();
}
