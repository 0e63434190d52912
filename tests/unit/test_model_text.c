/* Tests for model_text: every check with a text it must flag and a text it
 * must leave alone, the location of findings, and clean prose without any
 * finding.  All junk text here is made up. */
#include "test.h"
#include "model/model_text.h"
#include "model/model_yaml.h"
#include "core/fsio.h"
#include "core/strbuf.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static const char *src_dir(void)
{
    const char *s = getenv("JX_SOURCE_DIR");
    return s ? s : JX_SOURCE_DIR;
}

static int cmp_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The source tree's rules (rules/), loaded once. */
static const rule_set *test_rules(void)
{
    static rule_set *rs;
    if (rs) return rs;
    rs = rule_set_new();
    char *dir = xasprintf("%s/rules", src_dir());
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    char *names[64];
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) && n < 64)
        if (strlen(e->d_name) > 5 && !strcmp(e->d_name + strlen(e->d_name) - 5, ".yaml")) names[n++] = xasprintf("%s/%s", dir, e->d_name);
    if (d) closedir(d);
    qsort(names, n, sizeof *names, cmp_name);
    for (size_t i = 0; i < n; i++) {
        char *data = NULL, *err = NULL;
        size_t len = 0;
        CHECK(fsio_read_file(names[i], 1u << 22, &data, &len, &err) == 0);
        diag_list dl;
        diag_list_init(&dl);
        CHECK(rule_set_load(rs, names[i], data, len, &dl));
        CHECK_INT(dl.n, 0);
        diag_list_free(&dl);
        free(data);
        free(err);
        free(names[i]);
    }
    free(dir);
    CHECK(rule_set_count(rs) >= 300);
    return rs;
}

/* Read yaml, run the text checks for year; the list holds only their findings. */
static void run_len(const char *yaml, size_t len, int year, diag_list *dl)
{
    diag_list rd;
    diag_list_init(&rd);
    diag_list_init(dl);
    val_doc *doc = model_yaml_read("t.yaml", yaml, len, &rd);
    CHECK(doc != NULL);
    CHECK_INT(rd.n, 0);
    if (doc) model_text_check(doc, year, test_rules(), dl);
    val_doc_free(doc);
    diag_list_free(&rd);
}

static void run(const char *yaml, int year, diag_list *dl) { run_len(yaml, strlen(yaml), year, dl); }

static size_t count(const diag_list *dl, const char *code)
{
    size_t k = 0;
    for (size_t i = 0; i < dl->n; i++)
        if (!strcmp(dl->items[i].code, code)) k++;
    return k;
}

static const diag *first(const diag_list *dl, const char *code)
{
    for (size_t i = 0; i < dl->n; i++)
        if (!strcmp(dl->items[i].code, code)) return &dl->items[i];
    return NULL;
}

static void dump(const diag_list *dl)
{
    for (size_t i = 0; i < dl->n; i++) {
        char *s = diag_format(&dl->items[i]);
        fprintf(stderr, "  %s\n", s);
        free(s);
    }
}

/* One value "a: <text>" (plain, line 1, column 4): expect exactly n findings of code. */
static void expect(const char *text, int year, const char *code, size_t n)
{
    char *y = xasprintf("a: %s\n", text);
    diag_list dl;
    run(y, year, &dl);
    size_t got = count(&dl, code);
    CHECK_INT(got, n);
    if (got != n || dl.n != n) {
        fprintf(stderr, "  for: %s\n", text);
        dump(&dl);
    }
    CHECK_INT(dl.n, n);     /* and nothing else */
    diag_list_free(&dl);
    free(y);
}

/* expect, where the text also has m findings of a second code. */
static void expect_with(const char *text, int year, const char *code, size_t n, const char *code2, size_t m)
{
    char *y = xasprintf("a: %s\n", text);
    diag_list dl;
    run(y, year, &dl);
    CHECK_INT(count(&dl, code), n);
    CHECK_INT(count(&dl, code2), m);
    if (dl.n != n + m) dump(&dl);
    CHECK_INT(dl.n, n + m);
    diag_list_free(&dl);
    free(y);
}

static bool msg_has(const diag_list *dl, const char *code, const char *part)
{
    const diag *d = first(dl, code);
    return d && strstr(d->message, part) != NULL;
}

static void test_instruction(void)
{
    expect("无。没有请写明“无其他需要说明的情况”。", 2024, "TEXT.instruction", 1);
    expect("请根据实际情况填写本部门职能。", 2024, "TEXT.instruction", 1);
    expect("三、社会满意度及可持续性影响（如有）", 2024, "TEXT.instruction", 1);
    expect_with("社会效益(如有)", 2024, "TEXT.instruction", 1, "TEXT.punct", 1);
    expect("从社会效益、经济效益（如有）、生态效益（如有）等方面反映部门履职效果的实现情况。", 2024, "TEXT.instruction", 1);
    /* the whole instruction sentence is one finding; a second sentence is another */
    expect("主要对预算执行偏离绩效目标的情况逐一分析原因，提出改进措施（可以按子项目单独分析）。没有请写明“无”。",
           2024, "TEXT.instruction", 2);
    /* negative: the words on their own */
    expect("如有问题及时整改，从严从实加强管理，各乡镇等方面均已反映良好。", 2024, "TEXT.instruction", 0);
    expect("经请示县政府同意，写明用途后拨付资金。", 2024, "TEXT.instruction", 0);

    diag_list dl;
    run("a: 没有请写明“绩效管理不存在相关问题”。\n", 2024, &dl);
    CHECK(msg_has(&dl, "TEXT.instruction", "“没有请写明“绩效管理不存在相关问题””"));
    const diag *d = first(&dl, "TEXT.instruction");
    CHECK(d && d->line == 1 && d->col == 4);
    CHECK(d && d->sev == DIAG_WARNING);
    diag_list_free(&dl);
}

static void test_placeholder(void)
{
    expect("XX民政局", 2024, "TEXT.placeholder", 1);
    expect("深入贯彻党的xx大精神", 2024, "TEXT.placeholder", 1);
    expect("建设幸福××", 2024, "TEXT.placeholder", 1);
    expect("ＸＸ乡敬老院", 2024, "TEXT.placeholder", 1);
    /* several in one value: one finding */
    expect("XX镇和XX乡、XX村", 2024, "TEXT.placeholder", 1);
    /* negative: Latin words, a single X, multiplication */
    expect("采购XXL码服装，Xerox复印机1台，X光机1台，面积3×4米", 2024, "TEXT.placeholder", 0);

    diag_list dl;
    run("a: 对XX等3家敬老院改造\n", 2024, &dl);
    const diag *d = first(&dl, "TEXT.placeholder");
    CHECK(d && d->line == 1 && d->col == 5);
    CHECK(msg_has(&dl, "TEXT.placeholder", "“对XX等3家敬…”"));
    diag_list_free(&dl);
}

static void test_advert(void)
{
    /* made-up advert lines: the bracket and the rest of its sentence are one finding */
    expect("【某某公文素材网】每日更新，加入会员群即可一键下载全部范文。", 2024, "TEXT.advert", 1);
    expect("专业代笔各类总结报告，添加客服领取。", 2024, "TEXT.advert", 1);
    expect("临时救助##paidbegin##共计发放", 2024, "TEXT.advert", 1);
    expect("结束语##abc_1##", 2024, "TEXT.advert", 1);
    /* two sentences of junk and a marker: one per pattern */
    expect("【某某写作助手】扫码关注。网盘群同步更新。##paidend##", 2024, "TEXT.advert", 3);
    /* negative: a bureau's own 公众号, ordinary brackets, # signs */
    expect("通过“某某民政”微信公众号公开政策；【重点工作】落实低保；第#1号文件，##", 2024, "TEXT.advert", 0);
    expect("C## 语言 ##、## 与 ##", 2024, "TEXT.advert", 0);
}

static void test_artifact(void)
{
    expect("'[bookmark: _GoBack]项目支出198万元'", 2024, "TEXT.artifact", 1);
    expect("'见附图[image: 图片1.png]'", 2024, "TEXT.artifact", 1);
    expect("HYPERLINK \"http://example.com\" 通知", 2024, "TEXT.artifact", 1);
    expect("第 PAGE \\* MERGEFORMAT 页", 2024, "TEXT.artifact", 1);
    expect("资金\xE2\x80\x8B拨付", 2024, "TEXT.artifact", 1);         /* U+200B */
    expect("资金\xEF\xBF\xBD拨付", 2024, "TEXT.artifact", 1);         /* U+FFFD */
    expect("\xEF\x80\xA0项目支出", 2024, "TEXT.artifact", 1);         /* U+F020 */
    expect("资\xE2\x80\x8B金\xE2\x80\x8B拨\xE2\x80\x8B付", 2024, "TEXT.artifact", 1);  /* one per kind */
    expect("资金\xE2\x80\x8B拨付\xEF\xBF\xBD完成", 2024, "TEXT.artifact", 2);
    /* negative */
    expect("书签管理系统上线，图片资料归档，超链接已更新。", 2024, "TEXT.artifact", 0);

    diag_list dl;
    run("a: 资金\xE2\x80\x8B拨付\n", 2024, &dl);
    CHECK(msg_has(&dl, "TEXT.artifact", "U+200B"));
    const diag *d = first(&dl, "TEXT.artifact");
    CHECK(d && d->col == 6);
    diag_list_free(&dl);
}

static void test_stale(void)
{
    expect("深入学习贯彻党的十九大精神", 2024, "TEXT.stale", 1);
    expect("深入学习贯彻党的十九大精神", 2022, "TEXT.stale", 0);
    expect("深入学习贯彻党的十九大精神", 0, "TEXT.stale", 0);       /* year unknown */
    expect("党的十九大以来，民政事业取得长足发展", 2024, "TEXT.stale", 0);
    expect("贯彻省市县委关于精准扶贫、精准脱贫的重大决策部署", 2023, "TEXT.stale", 2);
    expect("坚持把脱贫攻坚作为最大的政治责任", 2023, "TEXT.stale", 1);
    expect("坚持把脱贫攻坚作为最大的政治责任", 2020, "TEXT.stale", 0);
    expect("巩固拓展脱贫攻坚成果同乡村振兴有效衔接", 2024, "TEXT.stale", 0);
    expect("巩固脱贫攻坚成果，做好兜底保障", 2024, "TEXT.stale", 0);
    expect("负责农村五保供养工作", 2023, "TEXT.stale", 1);
    expect("负责特困人员救助供养工作，精准救助，精准认定", 2023, "TEXT.stale", 0);
    /* different stale terms: one each */
    expect("学习十九大精神，负责五保供养", 2023, "TEXT.stale", 2);

    diag_list dl;
    run("a: 负责农村五保供养工作\n", 2023, &dl);
    CHECK(msg_has(&dl, "TEXT.stale", "2023"));
    CHECK(msg_has(&dl, "TEXT.stale", "特困"));
    diag_list_free(&dl);
}

static void test_cutoff(void)
{
    expect_with("截止11月份，共救助各类困难对象", 2023, "TEXT.cutoff", 1, "TEXT.confusable", 1);
    expect("截至10月，全市城乡低保6462户", 2023, "TEXT.cutoff", 1);
    expect("截至十月底，全市城乡低保", 2023, "TEXT.cutoff", 1);
    expect_with("截止到2023年 10月31日，全市已办理结婚登记", 2023, "TEXT.cutoff", 1, "TEXT.confusable", 1);
    expect("2023年1－10月共发放补贴", 2023, "TEXT.cutoff", 1);
    expect("1-10月份累计发放", 2023, "TEXT.cutoff", 1);
    expect("1—9月救助流浪人员", 2023, "TEXT.cutoff", 1);
    expect("1月至11月累计发放", 2023, "TEXT.cutoff", 1);
    expect_with("截止到三季度，惠民殡葬政策", 2023, "TEXT.cutoff", 1, "TEXT.confusable", 1);
    expect("前三季度累计发放", 2023, "TEXT.cutoff", 1);
    expect("预计11月份开工建设", 2023, "TEXT.cutoff", 1);
    expect("改造任务年底前将全面完成", 2023, "TEXT.cutoff", 1);
    /* negative: whole year, other years, ordinary quarters and ranges */
    expect_with("截止12月底，新增低保对象140户；截至2023年12月31日全部完成", 2023, "TEXT.cutoff", 0, "TEXT.confusable", 1);
    expect("1-12月累计发放；11-12月开展专项行动；7-9月开展排查", 2023, "TEXT.cutoff", 0);
    expect("开展第三季度绩效运行监控", 2023, "TEXT.cutoff", 0);
    expect("预计2024年2月底完成建设；截至2024年3月已全部拨付", 2023, "TEXT.cutoff", 0);
    expect("资金于2023年10月拨付到位，11月完成验收", 2023, "TEXT.cutoff", 0);
    expect("2.1-10月", 2023, "TEXT.cutoff", 0);

    diag_list dl;
    run("a: 今年截至10月，共救助\n", 2023, &dl);
    const diag *d = first(&dl, "TEXT.cutoff");
    CHECK(d && d->line == 1 && d->col == 6);
    CHECK(msg_has(&dl, "TEXT.cutoff", "“截至10月”"));
    CHECK(msg_has(&dl, "TEXT.cutoff", "12月31日"));
    diag_list_free(&dl);
}

static void test_unit(void)
{
    expect("项目支出4247.09万。", 2023, "TEXT.unit", 1);
    expect("电脑票销售647.7万，即开票销售831.6万，合计", 2023, "TEXT.unit", 1);
    expect("补贴标准为每人每年1万。", 2023, "TEXT.unit", 1);
    expect("实际预算10万", 2023, "TEXT.unit", 1);
    /* negative */
    expect("项目支出4247.09万元；服务8.6万人次，1.2万户，3万余人，2万多元，10万字，", 2023, "TEXT.unit", 0);
    expect("全县人口约42万，其中老年人7.5万。", 2023, "TEXT.unit", 0);
    expect("开展1800万派奖活动", 2023, "TEXT.unit", 0);

    diag_list dl;
    run("a: 项目支出4247.09万。\n", 2023, &dl);
    const diag *d = first(&dl, "TEXT.unit");
    CHECK(d && d->col == 8);
    CHECK(msg_has(&dl, "TEXT.unit", "4247.09万"));
    diag_list_free(&dl);
}

static void test_repeat(void)
{
    expect("养老护理员岗位补贴250人；；社区建设补贴4家", 2023, "TEXT.repeat", 1);
    expect("加强管理，，规范程序。。", 2023, "TEXT.repeat", 2);
    expect("孤弃儿童保障、儿童、儿童救助保护政策", 2023, "TEXT.repeat", 1);
    expect("低保、低保", 2023, "TEXT.repeat", 1);
    expect("根据文件规定，石峰区区民政局的主要职责是", 2023, "TEXT.repeat", 1);
    expect("某某县县人民政府", 2023, "TEXT.repeat", 1);
    /* negative */
    expect("区区小事；市市场监督管理局；儿童福利、儿童保护；城区、区直单位", 2023, "TEXT.repeat", 0);
    expect("一、二、三；……；——", 2023, "TEXT.repeat", 0);
}

/* Locations in plain, quoted and block scalars, and nested values. */
static void test_locations(void)
{
    const char *y =
        "a:\n"                                  /* 1 */
        "  b:\n"                                /* 2 */
        "    - 正常文字\n"                      /* 3 */
        "    - 党的XX大\n"                      /* 4: col 7 + 2 */
        "  c: \"请填写单位职责\"\n"             /* 5: col 6, +1 quote */
        "  d: |\n"                              /* 6 */
        "    第一行正常。\n"                    /* 7 */
        "    第二行正常。\n"                    /* 8 */
        "    第三行截至9月。\n"                 /* 9 */
        "  XX键: 正常\n";                       /* keys are not checked */
    diag_list dl;
    run(y, 2023, &dl);
    CHECK_INT(dl.n, 3);
    const diag *d = first(&dl, "TEXT.placeholder");
    CHECK(d && d->line == 4 && d->col == 9);
    d = first(&dl, "TEXT.instruction");
    CHECK(d && d->line == 5 && d->col == 7);
    d = first(&dl, "TEXT.cutoff");
    CHECK(d && d->line == 9 && d->col == 0);
    CHECK(d && d->file && !strcmp(d->file, "t.yaml"));
    diag_list_free(&dl);

    /* the same defect in two values reports twice */
    run("a: XX乡\nb: XX镇\n", 2023, &dl);
    CHECK_INT(count(&dl, "TEXT.placeholder"), 2);
    diag_list_free(&dl);
}

static char *read_fixture(const char *name, size_t *len)
{
    char *path = xasprintf("%s/tests/fixtures/text/%s", src_dir(), name);
    char *data = NULL;
    int rc = fsio_read_file(path, 1u << 20, &data, len, NULL);
    CHECK(rc == 0);
    free(path);
    return rc == 0 ? data : NULL;
}

static void test_fixture_defects(void)
{
    size_t len;
    char *data = read_fixture("defects.yaml", &len);
    if (!data) return;
    diag_list dl;
    run_len(data, len, 2024, &dl);
    diag_list_sort(&dl);
    static const struct { const char *code; int line, col; } want[] = {
        {"TEXT.stale", 7, 15},
        {"TEXT.cutoff", 10, 0},
        {"TEXT.advert", 11, 0},
        {"TEXT.instruction", 13, 7},
        {"TEXT.unit", 14, 15},
        {"TEXT.instruction", 15, 9},
        {"TEXT.placeholder", 17, 9},
        {"TEXT.artifact", 18, 10},
    };
    size_t nw = sizeof want / sizeof *want;
    CHECK_INT(dl.n, nw);
    for (size_t i = 0; i < nw && i < dl.n; i++) {
        CHECK_STR(dl.items[i].code, want[i].code);
        CHECK_INT(dl.items[i].line, want[i].line);
        CHECK_INT(dl.items[i].col, want[i].col);
    }
    if (dl.n != nw) dump(&dl);
    diag_list_free(&dl);
    free(data);
}

static void test_fixture_clean(void)
{
    size_t len;
    char *data = read_fixture("clean.yaml", &len);
    if (!data) return;
    diag_list dl;
    run_len(data, len, 2024, &dl);
    CHECK_INT(dl.n, 0);
    dump(&dl);
    diag_list_free(&dl);
    free(data);
}

static void test_clean_sentences(void)
{
    static const char *const clean[] = {
        "2024年，我局全年预算执行率为98.6%，较上年提高2.1个百分点。",
        "全年共保障城乡低保对象3125户5240人，发放低保资金1862.37万元。",
        "严格落实“三公”经费管理规定，公务接待费较上年下降12.5%。",
        "加强社会救助、养老服务、儿童福利和社会事务管理，切实兜牢民生底线。",
        "截至2024年12月31日，全县共有特困供养人员612人，全部纳入救助供养范围。",
        "深入学习贯彻党的二十大精神，巩固拓展脱贫攻坚成果同乡村振兴有效衔接。",
        "一是建立健全内控制度；二是加强绩效目标管理；三是及时公开绩效信息。",
        "通过局门户网站和微信公众号公开预决算信息，接受社会监督。",
        "区民政局会同县人民政府督查室开展专项检查，发现问题3个，已全部整改。",
        "1-12月累计救助流浪乞讨人员37人次，护送返乡12人。",
    };
    for (size_t i = 0; i < sizeof clean / sizeof *clean; i++) {
        for (int year = 2021; year <= 2025; year += 2) {
            char *y = xasprintf("a: %s\n", clean[i]);
            diag_list dl;
            run(y, year, &dl);
            CHECK_INT(dl.n, 0);
            if (dl.n) dump(&dl);
            diag_list_free(&dl);
            free(y);
        }
    }
    /* no tree, empty values, numbers */
    diag_list dl;
    diag_list_init(&dl);
    model_text_check(NULL, 2024, NULL, &dl);
    CHECK_INT(dl.n, 0);
    diag_list_free(&dl);
    run("a: ''\nb: ~\nc: [1, 2.5, \"\"]\n", 2024, &dl);
    CHECK_INT(dl.n, 0);
    diag_list_free(&dl);
}

/* The classes of issue 15, in made-up text: the year decides the dated
 * rules and the ordinals; numbering runs across the paragraphs of a list,
 * not across lists; the location of a rule finding inside a block scalar. */
static void test_classes(void)
{
    /* dated terms depend on the report year, and an unknown year skips them */
    expect("学习贯彻党的十九大精神", 2022, "TEXT.stale", 0);
    expect("学习贯彻党的十九大精神", 2023, "TEXT.stale", 1);
    expect("学习贯彻党的十九大精神", 0, "TEXT.stale", 0);
    expect("今年是十四五开局之年", 2021, "TEXT.stale", 0);
    expect("今年是十四五开局之年", 2022, "TEXT.stale", 1);
    expect("2021年是十四五开局之年，今年巩固提升", 2022, "TEXT.stale", 0);
    /* ordinals: the report year, or the year written before it */
    expect("开展第十个国家宪法日宣传", 2023, "TEXT.ordinal", 0);
    expect("开展第10个国家宪法日宣传", 2024, "TEXT.ordinal", 1);
    expect("2023年第十个国家宪法日", 2024, "TEXT.ordinal", 0);
    expect("开展第十个国家宪法日宣传", 0, "TEXT.ordinal", 0);
    expect("国家宪法日宣传", 2024, "TEXT.ordinal", 0);
    /* context: 帐篷 is right, 帐户 is not; 其它 is never the 公文 form */
    expect("搭建帐篷，发放蚊帐", 2024, "TEXT.confusable", 0);
    expect("开设帐户", 2024, "TEXT.confusable", 1);
    expect("其它事项", 2024, "TEXT.confusable", 1);
    /* doubled characters and the words that look like them */
    expect("的的确确，为了了解，目的的实现", 2024, "TEXT.double", 0);
    expect("发放的的补贴", 2024, "TEXT.double", 1);
    /* half-width punctuation only between Chinese characters */
    expect("编号A,B；1,000元；3.5%", 2024, "TEXT.punct", 0);
    expect("完成改造,新建两座", 2024, "TEXT.punct", 1);

    diag_list dl;
    /* numbering across the paragraphs of one list; a second list starts afresh */
    run("a:\n  - 一是建立制度。\n  - 三是完善台账。\nb:\n  - 一是加强培训。\n", 2024, &dl);
    CHECK_INT(count(&dl, "TEXT.enum"), 1);
    const diag *d = first(&dl, "TEXT.enum");
    CHECK(d && d->line == 3 && d->col == 5);
    diag_list_free(&dl);
    /* the same sentence in two paragraphs of one list, not across lists */
    run("a:\n  - 全年完成培训任务三百人次。\n  - 全年完成培训任务三百人次。\nb:\n  - 全年完成培训任务三百人次。\n", 2024, &dl);
    CHECK_INT(count(&dl, "TEXT.sentence-twice"), 1);
    d = first(&dl, "TEXT.sentence-twice");
    CHECK(d && d->line == 3);
    diag_list_free(&dl);
    /* a rule finding in a literal block: its line inside the block */
    run("a: |\n  第一行正常。\n  资金已拔付到位。\n", 2024, &dl);
    d = first(&dl, "TEXT.confusable");
    CHECK(d && d->line == 3 && d->col == 0);
    diag_list_free(&dl);
}

int main(void)
{
    test_instruction();
    test_placeholder();
    test_advert();
    test_artifact();
    test_stale();
    test_cutoff();
    test_unit();
    test_repeat();
    test_locations();
    test_classes();
    test_fixture_defects();
    test_fixture_clean();
    test_clean_sentences();
    return test_done();
}
