/* The YAML writer: every text reads back unchanged (plain where YAML
 * allows, quoted or a literal block where it does not), figures keep their
 * written decimals, schema order, and writing what was read gives the same
 * bytes. */
#include "model/model_schema.h"
#include "model/model_yaml.h"
#include "model/model_yaml_write.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>

static const char *const texts[] = {
    "plain text", "中文：全角冒号", "~", "null", "NULL", "- item", "a: b", "#x", " lead", "trail ", "a #b", "a#b",
    "multi\nline", "multi\nline\n", "\nstarts with newline", "line \nwith trailing blank", "tab\tx", "\"q\"", "'s'",
    "[x]", "{x}", "@x", "%x", "`x", "!x", "&x", "*x", "|x", ">x", "?x", ":x", "x:", "ends with colon:",
    "ls\xe2\x80\xa8here", "bom\xef\xbb\xbfhere", "0012", "1e5", "yes", "true", "back\\slash",
    "--- doc", "...", "a, b", "x - y", "== 2 ==", "“引号”开头", "　全角空格开头",
};
#define NT (sizeof texts / sizeof *texts)

static void test_texts_round_trip(void)
{
    val_doc *d = val_doc_new("t.yaml");
    d->root = val_new(d, VAL_MAP, 0, 0);
    val_map_set(d, d->root, "单位名称", val_new_str(d, "某局", strlen("某局"), 0, 0), 0, 0);
    val *text = val_new(d, VAL_MAP, 0, 0);
    val *paras = val_new(d, VAL_LIST, 0, 0);
    for (size_t i = 0; i < NT; i++) val_list_push(d, paras, val_new_str(d, texts[i], strlen(texts[i]), 0, 0));
    val_map_set(d, text, "重点工作", paras, 0, 0);
    val_map_set(d, d->root, "正文", text, 0, 0);
    size_t len;
    char *y = model_yaml_write(d, &len);
    diag_list dl;
    diag_list_init(&dl);
    val_doc *back = model_yaml_read("back.yaml", y, len, &dl);
    CHECK(back != NULL);
    CHECK_INT(dl.n, 0);
    if (dl.n) fprintf(stderr, "%s\n---\n%s\n", dl.items[0].message, y);
    if (back) {
        const val *l = val_path(back->root, "正文.重点工作");
        CHECK(l && l->kind == VAL_LIST && l->u.list.n == NT);
        for (size_t i = 0; l && i < l->u.list.n && i < NT; i++) {
            const char *got = val_str(l->u.list.items[i]);
            if (!got || strcmp(got, texts[i])) fprintf(stderr, "text %zu: wrote \"%s\", read \"%s\"\n", i, texts[i], got ? got : "(null)");
            CHECK(got && !strcmp(got, texts[i]));
        }
        size_t len2;
        char *y2 = model_yaml_write(back, &len2);
        CHECK(len2 == len && !memcmp(y, y2, len));
        free(y2);
    }
    /* Literal blocks are used for multi-line paragraphs. */
    CHECK(strstr(y, "- |-\n      multi\n      line\n") != NULL);
    val_doc_free(back);
    val_doc_free(d);
    diag_list_free(&dl);
    free(y);
}

static void test_figures_order_and_nulls(void)
{
    static const char src[] =
        "三公经费:\n  公务接待费: 1.80\n  合计: 7\n"
        "年度: 2024\n单位名称: 某局\n"
        "自评表:\n  - 项目名称: 甲\n    执行率: 98.00%\n    执行率得分:\n"
        "预算执行:\n  调整预算数: -0.500\n";
    diag_list dl;
    diag_list_init(&dl);
    val_doc *d = model_yaml_read("t.yaml", src, sizeof src - 1, &dl);
    CHECK(d && model_schema_apply(d, &dl));
    size_t len;
    char *y = model_yaml_write(d, &len);
    CHECK_STR(y, "单位名称: 某局\n年度: 2024\n"
                 "\n预算执行:\n  调整预算数: -0.500\n"
                 "\n三公经费:\n  合计: 7\n  公务接待费: 1.80\n"
                 "\n自评表:\n  - 项目名称: 甲\n    执行率: 98.00\n    执行率得分:\n");
    free(y);
    val_doc_free(d);
    diag_list_free(&dl);
}

int main(void)
{
    test_texts_round_trip();
    test_figures_order_and_nulls();
    return test_done();
}
