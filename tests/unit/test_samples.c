/* Exact derived figures of the bundled samples (the seeds' own figures). */
#include <stdlib.h>
#include "core/fsio.h"
#include "model/model.h"
#include "test.h"

static val_doc *load_sample(const char *name)
{
    const char *src = getenv("JX_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/samples/%s", src ? src : JX_SOURCE_DIR, name);
    char *data, *err = NULL;
    size_t len;
    if (fsio_read_file(path, 1 << 24, &data, &len, &err)) {
        fprintf(stderr, "%s\n", err);
        free(err);
        return NULL;
    }
    diag_list d;
    diag_list_init(&d);
    val_doc *doc = model_load(path, data, len, NULL, &d);
    CHECK(doc && !diag_has_errors(&d));
    diag_list_free(&d);
    free(data);
    return doc;
}

static const char *shown(const val_doc *doc, const char *path, int dec)
{
    static char buf[8][64];
    static int k;
    qnum q;
    k = (k + 1) % 8;
    if (!doc || !val_num(val_path(doc->root, path), &q)) return "(none)";
    return qnum_format(q, dec, buf[k], sizeof buf[k]);
}

static void longhui(void)
{
    val_doc *doc = load_sample("longhui-2024.yaml");
    CHECK_STR(shown(doc, "支出.合计", 2), "24299.59");
    CHECK_STR(shown(doc, "基本支出明细.分项合计", 5), "1285.77989");
    CHECK_STR(shown(doc, "基本支出明细.分项合计", 2), "1285.78");
    CHECK_STR(shown(doc, "专项资金.0.明细合计", 2), "17975.72");
    CHECK_STR(shown(doc, "三公经费.比上年增减", 4), "-0.0346");
    CHECK_STR(shown(doc, "自评表.0.计算执行率", 2), "111.57");
    CHECK_STR(shown(doc, "自评表.0.执行率", 2), "100.00");           /* as the form states it */
    CHECK_STR(shown(doc, "自评表.0.计算执行率得分", 2), "10.00");
    CHECK_STR(shown(doc, "自评表.0.绩效指标.0.完成率", 2), "112.50");
    CHECK_STR(shown(doc, "自评表.0.总分", 0), "100");
    CHECK_STR(shown(doc, "自评表.1.得分合计", 2), "100.00");
    CHECK_STR(shown(doc, "自评表.1.总分", 0), "90");                 /* given, kept */
    CHECK_STR(val_str(val_path(doc->root, "自评表.1.名称标签")), "专项资金名称");
    CHECK(val_path(doc->root, "自评表.1.执行率得分") && !val_is_given(val_path(doc->root, "自评表.1.执行率得分")));
    val_doc_free(doc);
}

static void lushan(void)
{
    val_doc *doc = load_sample("lushan-2023.yaml");
    CHECK_STR(shown(doc, "支出.基本支出占比", 2), "2.11");
    CHECK_STR(shown(doc, "支出.项目支出占比", 2), "97.89");
    CHECK_STR(shown(doc, "预算执行.年初预算变动", 2), "-631.57");
    CHECK_STR(shown(doc, "预算执行.年初预算变动幅度", 2), "16.36");
    CHECK_STR(val_str(val_path(doc->root, "预算执行.年初预算变动方向")), "减少");
    CHECK(val_path(doc->root, "预算执行.执行率") == NULL);            /* no 调整预算数: unknown */
    val_doc_free(doc);
}

static void shifeng(void)
{
    val_doc *doc = load_sample("shifeng-2023.yaml");
    CHECK_STR(shown(doc, "项目合计.实际支出", 2), "3838.65");
    CHECK_STR(shown(doc, "项目合计.调整预算数", 2), "2642.87");
    CHECK_STR(shown(doc, "预算执行.全年预算数", 2), "4411.63");
    CHECK_STR(shown(doc, "收入.合计", 2), "4440.45");
    val_doc_free(doc);
}

static void minimal(void)
{
    val_doc *doc = load_sample("example-minimal.yaml");
    CHECK(doc != NULL);
    qnum total;
    CHECK(val_num(val_path(doc->root, "自评表.0.总分"), &total));
    CHECK_STR(shown(doc, "自评表.0.分值合计", 0), "100");
    val_doc_free(doc);
}

int main(void)
{
    longhui();
    lushan();
    shifeng();
    minimal();
    return test_done();
}
