/* Fuzz target: the template tag scanner, parser and filler.  The bytes are
 * the template's word/document.xml; the data is a fixed sample unit, so
 * every loop, condition, filter and merge directive has values to work on. */
#include <stdint.h>
#include <stdio.h>
#include "fuzz_common.h"
#include "model/model.h"
#include "model/model_schema.h"
#include "tpl/tpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char unit_yaml[] =
    "单位名称: 测试县民政局\n年度: 2024\n预算执行: {年初预算数: 100, 调整预算数: 20}\n"
    "支出: {基本支出: 30, 项目支出: 88.5}\n"
    "项目:\n  - {名称: 甲, 年初预算数: 50, 调整预算数: 10, 实际支出: 58.5}\n  - {名称: 乙, 年初预算数: 30, 实际支出: 30}\n"
    "正文: {存在问题: [问题一, {标题: 小节, 段落: [甲, 乙]}]}\n"
    "自评表:\n  - 项目名称: 甲\n    资金: {年度资金总额: {全年预算数: 60, 全年执行数: 58.5}}\n"
    "    绩效指标:\n      - {一级指标: 产出指标, 二级指标: 数量指标, 三级指标: 户数, 年度指标值: 288户, 实际完成值: 324户, 分值: 50}\n"
    "      - {三级指标: 质量, 年度指标值: 好, 实际完成值: 好, 分值: 40}\n";

static val_doc *unit;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!unit) {
        diag_list d;
        diag_list_init(&d);
        unit = model_load("unit.yaml", unit_yaml, sizeof unit_yaml - 1, NULL, &d);
        diag_list_free(&d);
        if (!unit) abort();
    }
    size_t zlen;
    char *zip = fuzz_wrap_document(data, size, &zlen);
    if (!zip) return 0;
    diag_list d;
    diag_list_init(&d);
    tpl_template *t = tpl_load(zip, zlen, "fuzz.docx", model_schema_root, NULL, &d);
    if (t) {
        char *out = NULL;
        size_t olen;
        if (tpl_render(t, NULL, NULL, unit->root, &out, &olen, &d)) free(out);
        tpl_free(t);
    }
    diag_list_free(&d);
    free(zip);
    return 0;
}
