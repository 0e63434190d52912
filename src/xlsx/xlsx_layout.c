#include "xlsx_layout.h"

#include <stdio.h>
#include <string.h>

#define END {NULL, NULL, false}

/* The workbook is always Chinese: the sheet names, labels and headers are
 * what the reader looks for, so they do not follow the message language. */

static const xl_field f_basic[] = {
    {"单位名称", "必填。报告单位全称，如 隆回县民政局", false},
    {"主管部门", "不填时同单位名称", false},
    {"年度", "必填。报告年度，四位数字，如 2024", false},
    {"报告标题", "不填时为“{单位名称}{年度}年度部门整体支出绩效自评报告”", false},
    {"报告类型", "不填时为 部门整体支出绩效自评报告", false},
    {"报告日期", "日期，如 2025-02-20；不填时为年度的 12 月 31 日", false},
    {"数据截止日期", "日期；不填时为年度的 12 月 31 日", false},
    {"落款", "不填时同单位名称", false},
    END,
};

static const xl_field f_unit[] = {
    {"单位概况.概况", "部门基本情况的整段文字；填写后代替由下面各项生成的句子。每段一行", false},
    {"单位概况.机构性质", "如 县人民政府组成局，为正科级行政机关", false},
    {"单位概况.职责依据", "如 株石办发〔2019〕20号", false},
    {"单位概况.职责", "每项职责一行（在下面一行的 A 列留空续写）", false},
    {"单位概况.内设机构", "每个股室一行（A 列留空续写）", false},
    {"单位概况.内设机构数", "整数；填写时须等于内设机构的个数", false},
    {"单位概况.二级单位", "每个单位一行（A 列留空续写）", false},
    {"单位概况.二级单位数", "整数；填写时须等于二级单位的个数", false},
    {"单位概况.其他机构", "每个机构一行（A 列留空续写）", false},
    {"单位概况.编制人数", "整数", false},
    {"单位概况.实有人数", "整数；须等于行政编制、事业编制、工勤人员之和", false},
    {"单位概况.行政编制", "整数", false},
    {"单位概况.事业编制", "整数", false},
    {"单位概况.工勤人员", "整数", false},
    {"单位概况.退休人数", "整数", false},
    {"单位概况.资产情况", "每段一行（A 列留空续写）", false},
    END,
};

static const xl_field f_budget[] = {
    {"预算执行.年初预算数", "金额（万元）", false},
    {"预算执行.年初基本支出", "金额（万元）；与年初项目支出之和须等于年初预算数", false},
    {"预算执行.年初项目支出", "金额（万元）", false},
    {"预算执行.调整预算数", "金额（万元），调减为负数；没有调整时填 0", false},
    {"预算执行.全年预算数", "金额（万元）；须等于年初预算数＋调整预算数", false},
    {"预算执行.全年执行数", "金额（万元）；不填时取支出合计", false},
    {"预算执行.上年年初预算数", "金额（万元），用于计算年初预算变动", false},
    {"预算执行.变动说明", "变动原因；“增加/减少”须与变动方向一致", false},
    {"预算执行.执行率", "自动计算（%），仅供查看；jixiao 会重新计算", true},
    END,
};

static const xl_field f_money[] = {
    {"收入.合计", "金额（万元）；须等于收入明细之和", false},
    {"支出.合计", "金额（万元）；须等于基本支出＋项目支出", false},
    {"支出.基本支出", "金额（万元）", false},
    {"支出.项目支出", "金额（万元）", false},
    {"支出.基本支出占比", "百分数，如 72.00", false},
    {"支出.项目支出占比", "百分数，如 28.00", false},
    {"支出.结余结转", "金额（万元）", false},
    {"支出.说明", "支出情况的文字，每段一行（A 列留空续写）", false},
    {"基本支出明细.合计", "金额（万元）；须等于下面四项之和", false},
    {"基本支出明细.工资福利支出", "金额（万元）", false},
    {"基本支出明细.商品和服务支出", "金额（万元）", false},
    {"基本支出明细.对个人和家庭的补助", "金额（万元）", false},
    {"基本支出明细.资本性支出", "金额（万元）", false},
    {"基本支出明细.说明", "每段一行（A 列留空续写）", false},
    END,
};

static const xl_field f_income[] = {
    {"来源", "必填。如 年初预算、调整追加、其他资金", false},
    {"金额", "必填。金额（万元）", false},
    END,
};

static const xl_field f_sangong[] = {
    {"三公经费.合计", "金额（万元）；须等于下面三项之和", false},
    {"三公经费.因公出国（境）费", "金额（万元）", false},
    {"三公经费.公务接待费", "金额（万元）", false},
    {"三公经费.公务用车购置及运行费", "金额（万元）", false},
    {"三公经费.上年合计", "金额（万元）", false},
    {"三公经费.比上年增减", "金额（万元），减少为负数；须等于合计－上年合计", false},
    {"三公经费.说明", "每段一行（A 列留空续写）", false},
    {"三公经费.分项合计", "自动计算，仅供查看", true},
    END,
};

static const xl_field f_project[] = {
    {"名称", "必填。项目名称，每个项目一行", false},
    {"年初预算数", "金额（万元）", false},
    {"调整预算数", "金额（万元），调减为负数", false},
    {"全年预算数", "金额（万元）；须等于年初预算数＋调整预算数", false},
    {"实际支出", "金额（万元），即全年执行数", false},
    {"结余结转", "金额（万元）；须等于全年预算数－实际支出", false},
    {"备注", "如 含经开", false},
    {"执行率", "自动计算（%），仅供查看", true},
    END,
};

static const xl_field f_project_text[] = {
    {"名称", "必填。与“项目”表中的名称一致", false},
    {"段落", "项目绩效情况，每段一行；下一段写在下一行，名称留空", false},
    END,
};

static const xl_field f_fund[] = {
    {"名称", "必填。如 群众困难救助资金", false},
    {"合计", "金额（万元）；须等于明细金额之和", false},
    {"标准", "执行的标准，每段一行（名称留空续写）", false},
    {"说明", "每段一行（名称留空续写）", false},
    {"明细.对象", "发放对象，如 城市低保对象；每个对象一行", false},
    {"明细.户数", "整数", false},
    {"明细.人数", "整数", false},
    {"明细.人次", "数值", false},
    {"明细.金额", "金额（万元）", false},
    END,
};

static const xl_field f_tally[] = {
    {"名称", "必填。所统计的内容，如 各类困难对象", false},
    {"单位", "如 人、人次、户、万元", false},
    {"合计", "必填。正文所写的合计数", false},
    {"分项.名称", "必填。分项名称，每个分项一行（上面的名称留空续写）", false},
    {"分项.数值", "必填。分项数值", false},
    END,
};

static const xl_field f_standard[] = {
    {"名称", "必填。如 重度残疾人护理补贴", false},
    {"金额", "必填。发放金额（万元）", false},
    {"人次", "发放人次；或填人数和月数", false},
    {"人数", "数值", false},
    {"月数", "数值", false},
    {"标准", "必填。标准（元），区间时填下限", false},
    {"标准上限", "区间的上限（元）", false},
    {"标准单位", "如 元/人·月", false},
    END,
};

static const xl_field f_text[] = {
    {"正文.重点工作", "一(二) 重点工作", false},
    {"正文.绩效目标", "一(三) 整体支出绩效目标", false},
    {"正文.绩效管理", "一(四) 预算绩效管理开展情况", false},
    {"正文.整体绩效", "三(一) 整体支出绩效情况", false},
    {"正文.履职完成情况", "二(一) 履职完成情况", false},
    {"正文.履职效果", "二(二) 履职效果", false},
    {"正文.满意度", "二(三) 社会满意度及可持续影响", false},
    {"正文.存在问题", "存在的问题", false},
    {"正文.改进措施", "改进措施和有关建议", false},
    {"正文.结果应用", "绩效自评结果拟应用和公开情况", false},
    {"正文.其他说明", "其他需要说明的情况", false},
    {"正文.章节", "不按标准提纲的报告：自定的章节，小标题即章节标题", false},
    END,
};

static const xl_field f_form[] = {
    {"表名", "项目支出绩效自评表 或 专项资金绩效自评表；不填时为前者", false},
    {"项目名称", "必填。与正文中的项目名称一致", false},
    {"主管部门", "不填时同基本情况的主管部门", false},
    {"实施单位", "不填时同单位名称", false},
    {"资金", "各行资金的年初预算数、全年预算数、全年执行数（万元）", false},
    {"执行率分值", "不填时为 10", false},
    {"执行率", "表中所写的执行率（%），与计算值比对", false},
    {"执行率得分", "表中所写的得分；不填时自动计算", false},
    {"年度总体目标", "预期目标、实际完成情况，每段一行", false},
    {"绩效指标", "每个三级指标一行；一级、二级指标与上一行相同时可不填", false},
    {"总分", "表中所写的总分；不填时为得分合计", false},
    {"改进措施及结果应用方案", "每段一行（A 列留空续写）", false},
    {"填表人", "", false},
    {"联系电话", "", false},
    {"填表日期", "日期，如 2025-02-18", false},
    END,
};

static const xl_field f_help[] = {END};

const xl_sheet_def xl_sheets[] = {
    {"基本情况", XL_KV, "", f_basic, true},
    {"单位概况", XL_KV, "单位概况", f_unit, true},
    {"预算执行", XL_KV, "预算执行", f_budget, true},
    {"收入支出", XL_KV, "", f_money, true},
    {"收入明细", XL_TABLE, "收入.明细", f_income, true},
    {"三公经费", XL_KV, "三公经费", f_sangong, true},
    {"项目", XL_TABLE, "项目", f_project, true},
    {"项目绩效", XL_TABLE, "项目绩效", f_project_text, true},
    {"专项资金", XL_TABLE, "专项资金", f_fund, true},
    {"数据核对", XL_TABLE, "数据核对", f_tally, true},
    {"标准核对", XL_TABLE, "标准核对", f_standard, true},
    {"正文", XL_TEXT, "正文", f_text, true},
    {XL_FORM_PREFIX, XL_FORM, "自评表", f_form, false},
    {XL_HELP_SHEET, XL_HELP, "", f_help, false},
    {NULL, XL_HELP, NULL, NULL, false},
};

const char *const xl_form_head[] = {"表名", "项目名称", "主管部门", "实施单位", NULL};
const char *const xl_form_tail[] = {"总分", "改进措施及结果应用方案", "填表人", "联系电话", "填表日期", NULL};
const char *const xl_form_fund_rows[] = {"年度资金总额", "当年财政拨款", "上年结转资金", "其他资金", NULL};
const char *const xl_form_fund_cols[] = {"年初预算数", "全年预算数", "全年执行数", "执行率分值", "执行率", "执行率得分", NULL};
const char *const xl_form_ind_cols[] = {"一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                                        "偏差原因分析及改进措施", "指标性质", "指标方向", "评价等级", NULL};

static char *dotted(const char *p, char *out, size_t size)
{
    size_t n = 0;
    for (; *p && n + 4 < size; p++) {
        if (*p == '.') { memcpy(out + n, "\xc2\xb7", 2); n += 2; }   /* U+00B7 · */
        else out[n++] = *p;
    }
    out[n] = 0;
    return out;
}

char *xl_label(const xl_sheet_def *s, const xl_field *f, char *out, size_t size)
{
    const char *p = f->path;
    size_t bl = strlen(s->base);
    if (bl && !strncmp(p, s->base, bl) && p[bl] == '.') p += bl + 1;
    return dotted(p, out, size);
}

char *xl_header(const xl_field *f, char *out, size_t size)
{
    return dotted(f->path, out, size);
}

const field_def *xl_field_def(const char *path)
{
    const field_def *fields = model_schema_root, *hit = NULL;
    char part[128];
    while (*path) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        if (n >= sizeof part || !fields) return NULL;
        memcpy(part, path, n);
        part[n] = 0;
        hit = NULL;
        for (const field_def *f = fields; f->name; f++)
            if (!strcmp(f->name, part)) { hit = f; break; }
        if (!hit) return NULL;
        fields = hit->sub;
        path += n + (dot ? 1 : 0);
        if (!dot) break;
    }
    return hit;
}

const char *xl_type_hint(field_type t)
{
    switch (t) {
    case FT_AMOUNT: return "金额（万元），最多 6 位小数";
    case FT_NUMBER: return "数值，最多 6 位小数";
    case FT_PERCENT: return "百分数，如 16.36";
    case FT_SCORE: return "分数，如 10 或 7.5";
    case FT_INT: return "整数";
    case FT_DATE: return "日期，如 2025-03-31";
    case FT_ENUM: return "从下拉列表中选择";
    case FT_PARAS: return "文字，每段一行";
    case FT_TEXTLIST: return "名称，每个一行";
    default: return "文字";
    }
}
