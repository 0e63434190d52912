/* The data side: reader errors with positions, schema errors, derived
 * figures, and identity findings on small inline files. */
#include <stdlib.h>
#include "model/model.h"
#include "model/model_derive.h"
#include "test.h"

static val_doc *load(const char *yaml, diag_list *d)
{
    diag_list_init(d);
    model_options o;
    model_options_default(&o);
    return model_load("t.yaml", yaml, strlen(yaml), &o, d);
}

/* The first diagnostic with this code, or NULL. */
static const diag *find(const diag_list *d, const char *code)
{
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(d->items[i].code, code)) return &d->items[i];
    return NULL;
}

static size_t count(const diag_list *d, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++) n += !strcmp(d->items[i].code, code);
    return n;
}

static const char *shown(const val_doc *doc, const char *path, int dec)
{
    static char buf[4][64];
    static int k;
    qnum q;
    k = (k + 1) % 4;
    if (!val_num(val_path(doc->root, path), &q)) return "(none)";
    return qnum_format(q, dec, buf[k], sizeof buf[k]);
}

static void test_reader_errors(void)
{
    diag_list d;
    val_doc *doc = load("单位名称: 甲\n年度: 2024\n支出:\n  合计: [1\n", &d);
    CHECK(doc == NULL);
    CHECK(d.n == 1 && d.items[0].sev == DIAG_FATAL && d.items[0].line >= 4);
    diag_list_free(&d);

    doc = load("单位名称: &a 甲\n年度: 2024\n", &d);
    CHECK(doc == NULL);
    CHECK(find(&d, "yaml") && find(&d, "yaml")->line == 1 && find(&d, "yaml")->col == 7);
    diag_list_free(&d);

    doc = load("单位名称: 甲\n单位名称: 乙\n年度: 2024\n", &d);
    CHECK(doc == NULL);
    CHECK(find(&d, "yaml") && find(&d, "yaml")->line == 2);
    diag_list_free(&d);

    doc = load("单位名称: \"甲\\x01\"\n年度: 2024\n", &d);
    CHECK(doc == NULL && find(&d, "chars") != NULL);
    diag_list_free(&d);

    doc = load("- 1\n- 2\n", &d);
    CHECK(doc == NULL && find(&d, "yaml") != NULL);
    diag_list_free(&d);

    const char bad_utf8[] = "单位名称: \xff\xfe\n年度: 2024\n";
    diag_list_init(&d);
    CHECK(model_load("t.yaml", bad_utf8, sizeof bad_utf8 - 1, NULL, &d) == NULL);
    CHECK(find(&d, "encoding") && find(&d, "encoding")->line == 1 && find(&d, "encoding")->col == 7);
    diag_list_free(&d);
}

static void test_schema_errors(void)
{
    diag_list d;
    val_doc *doc = load("单位名称: 甲\n年度: 二〇二四\n预算执行:\n  年初预算数: 1,000\n  年初预算: 5\n"
                        "  全年预算数: 1.1234567\n自评表:\n  - 绩效指标: []\n", &d);
    CHECK(doc != NULL);
    CHECK(diag_has_errors(&d));
    CHECK_INT(count(&d, "type"), 3);          /* 年度, 1,000, 7 decimals */
    const diag *f = find(&d, "field");
    CHECK(f && f->line == 5 && f->col == 3 && strstr(f->message, "did you mean \"年初预算数\""));
    const diag *m = find(&d, "missing");
    CHECK(m && strstr(m->message, "自评表[1].项目名称"));
    val_doc_free(doc);
    diag_list_free(&d);

    doc = load("年度: 2024\n", &d);
    CHECK(find(&d, "missing") && strstr(find(&d, "missing")->message, "单位名称"));
    val_doc_free(doc);
    diag_list_free(&d);
}

static void test_derived(void)
{
    diag_list d;
    val_doc *doc = load(
        "单位名称: 甲局\n年度: 2024\n"
        "预算执行: {年初预算数: 3228.08, 上年年初预算数: 3859.65, 调整预算数: 100}\n"
        "支出: {基本支出: 378.60, 项目支出: 17539.24}\n"
        "项目:\n  - {名称: 甲, 年初预算数: 297.38, 调整预算数: 383.88, 实际支出: 681.26}\n"
        "  - {名称: 乙, 年初预算数: 10, 实际支出: 9.995}\n"
        "自评表:\n  - 项目名称: 甲\n    资金: {年度资金总额: {全年预算数: 86.4, 全年执行数: 96.4}}\n"
        "    绩效指标:\n"
        "      - {一级指标: 产出指标, 二级指标: 数量指标, 三级指标: 户数, 年度指标值: 288户, 实际完成值: 250户, 分值: 20}\n"
        "      - {三级指标: 成本, 年度指标值: ≤90万元, 实际完成值: 100万元, 分值: 30}\n"
        "      - {二级指标: 质量指标, 三级指标: 质量, 年度指标值: 好, 实际完成值: 好, 分值: 40}\n",
        &d);
    CHECK(doc && !diag_has_errors(&d));
    CHECK_STR(val_str(val_path(doc->root, "报告标题")), "甲局2024年度部门整体支出绩效自评报告");
    CHECK_STR(shown(doc, "预算执行.全年预算数", 2), "3328.08");
    CHECK_STR(shown(doc, "预算执行.年初预算变动", 2), "-631.57");
    CHECK_STR(shown(doc, "预算执行.年初预算变动率", 2), "-16.36");
    CHECK_STR(val_str(val_path(doc->root, "预算执行.年初预算变动方向")), "减少");
    CHECK_STR(shown(doc, "支出.合计", 2), "17917.84");
    CHECK_STR(shown(doc, "支出.基本支出占比", 2), "2.11");
    CHECK_STR(shown(doc, "支出.项目支出占比", 2), "97.89");
    CHECK_STR(shown(doc, "预算执行.执行率", 2), "538.38");
    CHECK_STR(shown(doc, "预算执行.执行率得分", 2), "10.00");
    CHECK_STR(shown(doc, "项目.0.全年预算数", 2), "681.26");
    CHECK_STR(shown(doc, "项目.1.结余结转", 3), "0.005");
    CHECK_STR(shown(doc, "项目.1.结余结转", 2), "0.01");     /* half up, once, when shown */
    CHECK_STR(shown(doc, "项目合计.实际支出", 3), "691.255");
    CHECK_STR(shown(doc, "自评表.0.计算执行率", 2), "111.57");
    CHECK_STR(shown(doc, "自评表.0.计算执行率得分", 2), "10.00");
    /* 250/288 × 20 = 17.36…; ≤90 with 100 → 30 × 90/100 = 27; 好 = 好 → 40 */
    CHECK_STR(shown(doc, "自评表.0.绩效指标.0.得分", 4), "17.3611");
    CHECK_STR(val_str(val_path(doc->root, "自评表.0.绩效指标.1.一级指标")), "产出指标");   /* inherited */
    CHECK_STR(val_str(val_path(doc->root, "自评表.0.绩效指标.1.二级指标")), "数量指标");
    CHECK_STR(val_str(val_path(doc->root, "自评表.0.绩效指标.1.指标方向")), "反向");
    CHECK_STR(shown(doc, "自评表.0.绩效指标.1.得分", 2), "27.00");
    CHECK_STR(val_str(val_path(doc->root, "自评表.0.绩效指标.2.评价等级")), "达成");
    CHECK_STR(shown(doc, "自评表.0.绩效指标.2.得分", 2), "40.00");
    /* 总分 = 10 + 17.3611… + 27 + 40 = 94.36 (summed exactly, rounded once) */
    CHECK_STR(shown(doc, "自评表.0.总分", 2), "94.36");
    CHECK_STR(val_str(val_path(doc->root, "自评表.0.等级")), "优");
    CHECK(val_path(doc->root, "自评表.0.总分")->derived);
    val_doc_free(doc);
    diag_list_free(&d);
}

static void test_indicator_values(void)
{
    qnum q;
    ind_cmp c;
    const char *unit;
    CHECK(model_indicator_value("≥95%", &q, &c, &unit) && c == CMP_GE && !strcmp(unit, "%"));
    CHECK(model_indicator_value("≤90万元", &q, &c, &unit) && c == CMP_LE && !strcmp(unit, "万元"));
    CHECK(model_indicator_value("288户", &q, &c, &unit) && c == CMP_NONE && qnum_cmp(q, qnum_int(288)) == 0);
    CHECK(model_indicator_value("90%以上", &q, &c, &unit) && c == CMP_GE);
    CHECK(!model_indicator_value("好", &q, &c, &unit));
    CHECK(!model_indicator_value("建立热线电话及时跟踪", &q, &c, &unit));
}

static void test_identities(void)
{
    diag_list d;
    val_doc *doc = load(
        "单位名称: 甲局\n年度: 2024\n"
        "支出:\n  合计: 100\n  基本支出: 30\n  项目支出: 70.02\n"
        "基本支出明细:\n  合计: 30\n  工资福利支出: 20\n  商品和服务支出: 9.995\n"
        "数据截止日期: 2024-10-31\n",
        &d);
    CHECK(doc && !diag_has_errors(&d));
    const diag *d1 = find(&d, "D1");
    CHECK(d1 && d1->line == 4 && strstr(d1->message, "100") && strstr(d1->message, "100.02") && strstr(d1->message, "-0.02"));
    /* 0.005 万元 is within the 0.01 tolerance: a note, as everywhere (model_round) */
    CHECK(find(&d, "D2") && find(&d, "D2")->sev == DIAG_NOTE);
    CHECK(find(&d, "D12") && find(&d, "D12")->line == 11);
    val_doc_free(doc);
    diag_list_free(&d);
}

static void test_deviation_rule(void)
{
    diag_list d;
    val_doc *doc = load(
        "单位名称: 甲局\n年度: 2024\n预算执行: {年初预算数: 10, 调整预算数: 0}\n"
        "自评表:\n  - 项目名称: 甲\n    绩效指标:\n"
        "      - {一级指标: 产出指标, 二级指标: 时效指标, 三级指标: 及时率, 年度指标值: ≥95%, 实际完成值: 100%, 分值: 10}\n"
        "      - {三级指标: 户数, 年度指标值: 288户, 实际完成值: 324户, 分值: 10}\n"
        "      - {三级指标: 成本, 年度指标值: ≤90万元, 实际完成值: 95万元, 分值: 10}\n",
        &d);
    CHECK(doc && !diag_has_errors(&d));
    CHECK_INT(count(&d, "T9"), 2);      /* 288→324 (exact target) and ≤90 missed; not ≥95% met */
    for (size_t i = 0; i < d.n; i++)
        if (!strcmp(d.items[i].code, "T9")) CHECK(d.items[i].line == 8 || d.items[i].line == 9);
    val_doc_free(doc);
    diag_list_free(&d);
}

/* Full-width figures and Chinese dates are read as meant; names lose the
 * spaces around them; blank names and implausible years are refused. */
static void test_clerk_forms(void)
{
    diag_list d;
    val_doc *doc = load("单位名称: \"　某县民政局 \"\n年度: ２０２４\n报告日期: 2025年3月5日\n"
                        "预算执行:\n  年初预算数: ８６５０．００\n  调整预算数: －１０\n", &d);
    CHECK(doc && !diag_has_errors(&d));
    CHECK_STR(shown(doc, "预算执行.年初预算数", 2), "8650.00");
    CHECK_STR(shown(doc, "预算执行.调整预算数", 2), "-10.00");
    CHECK_STR(shown(doc, "年度", 0), "2024");
    CHECK_STR(val_str(val_get(doc->root, "报告日期")), "2025-03-05");
    CHECK_STR(val_str(val_get(doc->root, "单位名称")), "某县民政局");
    CHECK(find(&d, "space") && find(&d, "space")->sev == DIAG_NOTE && find(&d, "space")->line == 1);
    val_doc_free(doc);
    diag_list_free(&d);

    doc = load("单位名称: \" \\t　\"\n年度: 1999\n", &d);
    CHECK(find(&d, "missing") && find(&d, "missing")->line == 1 && find(&d, "missing")->col == 7);
    CHECK(find(&d, "type") && find(&d, "type")->line == 2 && find(&d, "type")->col == 5);
    CHECK_INT(count(&d, "type"), 1);
    val_doc_free(doc);
    diag_list_free(&d);

    doc = load("单位名称: 甲\n年度: 2100\n报告日期: 2024年2月29日\n", &d);
    CHECK(doc && !diag_has_errors(&d));
    CHECK_STR(val_str(val_get(doc->root, "报告日期")), "2024-02-29");
    val_doc_free(doc);
    diag_list_free(&d);
}

/* JSON as Python's json.dumps writes it: CJK and an emoji as \\u escapes,
 * the emoji as a surrogate pair; read as the characters, at their columns. */
static void test_json_escapes(void)
{
    diag_list d;
    const char *json = "{\"\\u5355\\u4f4d\\u540d\\u79f0\": \"\\u67d0\\ud83d\\ude00\\u5c40\", \"\\u5e74\\u5ea6\": 0}";
    val_doc *doc = load(json, &d);
    CHECK(doc != NULL);
    CHECK_STR(val_str(val_get(doc ? doc->root : NULL, "单位名称")), "某\xF0\x9F\x98\x80局");
    /* 年度 stands after a 12-character pair that libyaml saw as 10. */
    const diag *y = find(&d, "type");
    CHECK(y && y->line == 1 && y->col == (int)strlen(json) - 1);
    val_doc_free(doc);
    diag_list_free(&d);

    doc = load("单位名称: '\\ud83d\\ude00'\n年度: 2024\n# \"\\ud83d\\ude00\"\n", &d);
    CHECK_STR(val_str(val_get(doc ? doc->root : NULL, "单位名称")), "\\ud83d\\ude00");   /* single quotes: no escapes */
    val_doc_free(doc);
    diag_list_free(&d);

    doc = load("{\"单位名称\": \"甲\\udc00乙\", \"年度\": 2024}", &d);
    CHECK(doc == NULL);
    CHECK(d.n == 1 && d.items[0].line == 1 && d.items[0].col == 12 && strstr(d.items[0].message, "\\udc00"));
    diag_list_free(&d);
}

/* No parser wording reaches the user, whatever the mistake. */
static void test_no_parser_jargon(void)
{
    static const char *const bad[] = {
        "单位名称: 甲\n  年度: 2024\n", "a: [1, 2\n", "a: {b: 1\n", "a: b: c\n", "- a\nb: 1\n", "a: \"x\\qy\"\n",
        "a: |\n x\n  y\n z: 1\n", "? a\n? b\n: c\n: d\n", "a: @x\n", "a: `x\n", "%YAML 9.9\n---\na: 1\n", "a: !<x y\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        diag_list d;
        val_doc *doc = load(bad[i], &d);
        for (size_t k = 0; k < d.n; k++) {
            const char *m = d.items[k].message;
            CHECK(!strstr(m, "simple key") && !strstr(m, "block collection") && !strstr(m, "mapping values") &&
                  !strstr(m, "block mapping") && !strstr(m, "scanning") && !strstr(m, "parsing") && !strstr(m, "token"));
        }
        val_doc_free(doc);
        diag_list_free(&d);
    }
}

/* Workbook positions: a value's sheet and cell reach the message and the JSON. */
static void test_sheet_locations(void)
{
    val_doc *doc = val_doc_new("农业局.xlsx");
    val *v = val_new_str(doc, "x", 1, 7, 3);
    v->sheet = val_doc_sheet(doc, "项目");
    CHECK_INT(val_doc_sheet(doc, "项目"), v->sheet);
    CHECK_INT(val_doc_sheet(doc, "正文"), 2);
    val *w = val_new_str(doc, "y", 1, 12, 28);
    w->sheet = 2;
    diag_list d;
    diag_list_init(&d);
    diag_add(&d, DIAG_ERROR, val_loc(doc, v), "D1", "%s", "bad");
    diag_add(&d, DIAG_WARNING, val_loc(doc, w), "D2", "%s", "odd");
    diag_add(&d, DIAG_NOTE, val_loc(doc, NULL), "D3", "%s", "none");
    char *s0 = diag_format(&d.items[0]), *s1 = diag_format(&d.items[1]), *s2 = diag_format(&d.items[2]);
    CHECK(strncmp(s0, "农业局.xlsx:项目!C7: ", strlen("农业局.xlsx:项目!C7: ")) == 0);
    CHECK(strncmp(s1, "农业局.xlsx:正文!AB12: ", strlen("农业局.xlsx:正文!AB12: ")) == 0);
    CHECK(strncmp(s2, "农业局.xlsx: ", strlen("农业局.xlsx: ")) == 0);
    char *j = diag_list_json(&d);
    CHECK(strstr(j, "\"sheet\":\"项目\",\"cell\":\"C7\"") != NULL);
    CHECK(strstr(j, "\"line\"") == NULL);
    char cell[16];
    CHECK_STR(diag_cell_name(1, 16384, cell), "XFD1");
    CHECK_STR(diag_cell_name(3, 26, cell), "Z3");
    CHECK_STR(diag_cell_name(3, 27, cell), "AA3");
    free(s0); free(s1); free(s2); free(j);
    diag_list_free(&d);
    val_doc_free(doc);
}

int main(void)
{
    test_sheet_locations();
    test_reader_errors();
    test_schema_errors();
    test_derived();
    test_indicator_values();
    test_identities();
    test_deviation_rule();
    test_clerk_forms();
    test_json_escapes();
    test_no_parser_jargon();
    return test_done();
}
