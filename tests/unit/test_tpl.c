/* Tests for the template engine: tags split over runs, loops, conditions,
 * vertical merge, filters, errors — golden XML for small cases. */
#include "tpl_testutil.h"
#include "tpl/tpl_cn.h"

#define P(x) "<w:p>" x "</w:p>"
#define R(x) "<w:r><w:t xml:space=\"preserve\">" x "</w:t></w:r>"
#define RO(x) "<w:r><w:t>" x "</w:t></w:r>"

static const char base_yaml[] =
    "单位名称: 隆回县民政局\n"
    "年度: 2024\n";

static void expect_fill(const char *body, const char *yaml, const char *want, int line)
{
    diag_list dl;
    diag_list_init(&dl);
    char *got = tu_fill(body, yaml, &dl);
    if (!got || strcmp(got, want)) {
        test_failed++;
        fprintf(stderr, "test_tpl.c:%d: fill mismatch\n  got:  %s\n  want: %s\n", line, got ? got : "(null)", want);
        for (size_t i = 0; i < dl.n; i++) fprintf(stderr, "  diag: %s\n", dl.items[i].message);
    } else {
        test_passed++;
    }
    free(got);
    diag_list_free(&dl);
}
#define EXPECT_FILL(body, yaml, want) expect_fill(body, yaml, want, __LINE__)

static void test_split_runs(void)
{
    /* Word-style: the tag in three runs with different rsids, a proofing
     * mark and a bookmark between the pieces; formatting of the text
     * around it must survive. */
    EXPECT_FILL(
        "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>单位：{{单</w:t></w:r>"
        "<w:proofErr w:type=\"spellStart\"/><w:bookmarkStart w:id=\"0\" w:name=\"_GoBack\"/>"
        "<w:r w:rsidR=\"00A1\"><w:t>位名</w:t></w:r><w:bookmarkEnd w:id=\"0\"/>"
        "<w:r><w:rPr><w:i/></w:rPr><w:t>称 }}。</w:t></w:r></w:p>",
        base_yaml,
        "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">单位：</w:t></w:r>"
        "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">隆回县民政局</w:t></w:r>"
        "<w:proofErr w:type=\"spellStart\"/><w:bookmarkStart w:id=\"0\" w:name=\"_GoBack\"/>"
        "<w:bookmarkEnd w:id=\"0\"/>"
        "<w:r><w:rPr><w:i/></w:rPr><w:t xml:space=\"preserve\">。</w:t></w:r></w:p>");
    /* two tags in one run, text around them */
    EXPECT_FILL(P(RO("{{单位名称}}{{年度}}年度")), base_yaml,
                P(R("隆回县民政局") R("2024") R("年度")));
    /* XML escaping of data */
    EXPECT_FILL(P(RO("{{单位名称}}")), "单位名称: A&B<C>\n年度: 2024\n", P(R("A&amp;B&lt;C&gt;")));
}

static void test_values_and_filters(void)
{
    const char *y = "单位名称: 局\n年度: 2024\n报告日期: 2025-03-31\n"
                    "预算执行: {年初预算数: 941.94299, 全年执行数: 86.4}\n"
                    "支出: {基本支出占比: 16.364}\n"
                    "三公经费: {比上年增减: -0.0346, 合计: 3.6854}\n"
                    "单位概况: {内设机构: [办公室, 政工股, 财务股], 实有人数: 69}\n";
    EXPECT_FILL(P(RO("{{预算执行.年初预算数}}|{{预算执行.年初预算数 | 万元:4}}|{{预算执行.全年执行数 | 大写}}")), y,
                P(R("941.94") R("|") R("941.9430") R("|") R("捌拾陆万肆仟元整")));
    EXPECT_FILL(P(RO("{{支出.基本支出占比}}|{{支出.基本支出占比 | 百分比:1}}|{{报告日期 | 中文日期}}")), y,
                P(R("16.36%") R("|") R("16.4%") R("|") R("2025年3月31日")));
    EXPECT_FILL(P(RO("{{三公经费.比上年增减 | 增减}}{{三公经费.比上年增减 | 绝对值 | 万元:4}}万元")), y,
                P(R("减少") R("0.0346") R("万元")));
    EXPECT_FILL(P(RO("{{单位概况.内设机构}}；{{单位概况.内设机构 | 连接:，}}；{{单位概况.内设机构 | 个数 | 中文数字}}个")), y,
                P(R("办公室、政工股、财务股") R("；") R("办公室，政工股，财务股") R("；") R("三") R("个")));
    EXPECT_FILL(P(RO("{{落款 | 默认:无}}{{单位概况.实有人数}}人")), y, P(R("无") R("69") R("人")));
    /* full-width bar and colon as typed with a Chinese keyboard */
    EXPECT_FILL(P(RO("{{预算执行.年初预算数 ｜ 万元：1}}")), y, P(R("941.9")));
    /* scores as given (9.5, not 9.50; 10, not 10.00); more decimals are
     * rounded to 2 and keep only those needed */
    EXPECT_FILL(P(RO("{{#each 自评表}}{{执行率得分}};{{/each}}")),
                "单位名称: 局\n年度: 2024\n自评表:\n  - {项目名称: 甲, 执行率得分: 9.5}\n"
                "  - {项目名称: 乙, 执行率得分: 10}\n  - {项目名称: 丙, 执行率得分: 9.996}\n"
                "  - {项目名称: 丁, 执行率得分: 7.125}\n  - {项目名称: 戊, 执行率得分: 9.50}\n",
                P(R("9.5") R(";") R("10") R(";") R("10") R(";") R("7.13") R(";") R("9.5") R(";")));
}

static void test_conditions(void)
{
    const char *y = "单位名称: 局\n年度: 2024\n三公经费: {合计: 1}\n";
    /* inline if/else */
    EXPECT_FILL(P(RO("A{{#if 三公经费}}有{{else}}无{{/if}}B{{#if 报告标题}}T{{else}}{{单位名称}}{{/if}}")), y,
                P(R("A") R("有") R("B") R("局")));
    /* or */
    EXPECT_FILL(P(RO("{{#if 专项资金 or 三公经费}}y{{/if}}{{#if 专项资金 或 项目}}n{{/if}}")), y, P(R("y")));
    /* paragraph-level if: tag paragraphs vanish, a table inside is kept */
    EXPECT_FILL(P(RO("{{#if 三公经费}}")) P(RO("x")) "<w:tbl><w:tr><w:tc>" P(RO("c")) "</w:tc></w:tr></w:tbl>"
                P(RO("{{/if}}")) P(RO("{{#unless 三公经费}}")) P(RO("none")) P(RO("{{/unless}}")),
                y, P(RO("x")) "<w:tbl><w:tr><w:tc>" P(RO("c")) "</w:tc></w:tr></w:tbl>");
}

static void test_loops(void)
{
    const char *y = "单位名称: 局\n年度: 2024\n"
                    "项目:\n  - {名称: 甲, 实际支出: 1.5}\n  - {名称: 乙, 实际支出: 2}\n"
                    "自评表:\n  - 项目名称: F1\n    绩效指标: [{三级指标: a}, {三级指标: b}]\n"
                    "  - 项目名称: F2\n    绩效指标: [{三级指标: c}]\n";
    /* row loop: one row per project, @序号 and an outer field */
    EXPECT_FILL("<w:tbl><w:tr><w:tc>" P(RO("{{#each 项目}}{{@序号}}")) "</w:tc><w:tc>" P(RO("{{名称}}{{单位名称}}"))
                "</w:tc><w:tc>" P(RO("{{实际支出}}{{/each}}")) "</w:tc></w:tr></w:tbl>",
                y,
                "<w:tbl><w:tr><w:tc>" P(R("1")) "</w:tc><w:tc>" P(R("甲") R("局")) "</w:tc><w:tc>" P(R("1.50"))
                "</w:tc></w:tr><w:tr><w:tc>" P(R("2")) "</w:tc><w:tc>" P(R("乙") R("局")) "</w:tc><w:tc>" P(R("2.00"))
                "</w:tc></w:tr></w:tbl>");
    /* paragraph loop containing a table with a nested row loop */
    EXPECT_FILL(P(RO("{{#each 自评表}}")) P(RO("{{项目名称}}"))
                "<w:tbl><w:tr><w:tc>" P(RO("{{#each 绩效指标}}{{三级指标}}")) "</w:tc><w:tc>" P(RO("{{@序号}}{{/each}}"))
                "</w:tc></w:tr></w:tbl>"
                P(RO("{{/each}}")),
                y,
                P(R("F1")) "<w:tbl><w:tr><w:tc>" P(R("a")) "</w:tc><w:tc>" P(R("1")) "</w:tc></w:tr><w:tr><w:tc>" P(R("b"))
                "</w:tc><w:tc>" P(R("2")) "</w:tc></w:tr></w:tbl>"
                P(R("F2")) "<w:tbl><w:tr><w:tc>" P(R("c")) "</w:tc><w:tc>" P(R("1")) "</w:tc></w:tr></w:tbl>");
    /* inline loop with {{.}} and @末项 */
    EXPECT_FILL(P(RO("{{#each 项目}}{{名称}}{{#unless @末项}}、{{/unless}}{{/each}}")), y,
                P(R("甲") R("、") R("乙")));
    /* empty list: else branch */
    EXPECT_FILL(P(RO("{{#each 专项资金}}x{{else}}无专项资金{{/each}}")), y, P(R("无专项资金")));
}

static void test_paragraph_lists(void)
{
    const char *y = "单位名称: 局\n年度: 2024\n"
                    "正文:\n  重点工作:\n    - 第一段\n    - {标题: 1.小标题, 段落: [第二段, 第三段]}\n";
    EXPECT_FILL("<w:p><w:pPr><w:ind w:firstLineChars=\"200\"/></w:pPr>" RO("{{正文.重点工作}}") "</w:p>", y,
                "<w:p><w:pPr><w:ind w:firstLineChars=\"200\"/></w:pPr>" R("第一段") "</w:p>"
                "<w:p><w:pPr><w:ind w:firstLineChars=\"200\"/></w:pPr>" R("1.小标题") "</w:p>"
                "<w:p><w:pPr><w:ind w:firstLineChars=\"200\"/></w:pPr>" R("第二段") "</w:p>"
                "<w:p><w:pPr><w:ind w:firstLineChars=\"200\"/></w:pPr>" R("第三段") "</w:p>");
    /* not given: the paragraph disappears */
    EXPECT_FILL(P(RO("{{正文.存在问题}}")) P(RO("x")), y, P(RO("x")));
}

static void test_counters(void)
{
    const char *y = "单位名称: 局\n年度: 2024\n三公经费: {合计: 1}\n";
    EXPECT_FILL(P(RO("{{@一级}}概况")) P(RO("{{@二级}}a")) P(RO("{{#if 专项资金}}")) P(RO("{{@二级}}专项"))
                P(RO("{{/if}}")) P(RO("{{#if 三公经费}}")) P(RO("{{@二级}}三公")) P(RO("{{/if}}"))
                P(RO("{{@一级}}问题")) P(RO("{{@二级}}b")),
                y,
                P(R("一、") R("概况")) P(R("（一）") R("a")) P(R("（二）") R("三公")) P(R("二、") R("问题"))
                P(R("（一）") R("b")));
}

static void test_vmerge(void)
{
    const char *y = "单位名称: 局\n年度: 2024\n"
                    "自评表:\n  - 项目名称: F\n    绩效指标:\n"
                    "      - {一级指标: 产出指标, 二级指标: 数量指标, 三级指标: a}\n"
                    "      - {一级指标: 产出指标, 二级指标: 数量指标, 三级指标: b}\n"
                    "      - {二级指标: 质量指标, 三级指标: c}\n"
                    "      - {一级指标: 效益指标, 二级指标: 数量指标, 三级指标: d}\n";
    const char *body =
        P(RO("{{#each 自评表}}"))
        "<w:tbl><w:tr><w:tc><w:tcPr><w:tcW w:w=\"1\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr>"
        P(RO("{{#each 绩效指标}}{{一级指标}}{{合并}}")) "</w:tc>"
        "<w:tc>" P(RO("{{二级指标}}{{合并}}")) "</w:tc><w:tc>" P(RO("{{三级指标}}{{/each}}")) "</w:tc></w:tr></w:tbl>"
        P(RO("{{/each}}"));
    const char *want =
        "<w:tbl>"
        "<w:tr><w:tc><w:tcPr><w:tcW w:w=\"1\" w:type=\"dxa\"/><w:vMerge w:val=\"restart\"/><w:vAlign w:val=\"center\"/></w:tcPr>"
        P(R("产出指标")) "</w:tc><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>" P(R("数量指标")) "</w:tc><w:tc>" P(R("a")) "</w:tc></w:tr>"
        "<w:tr><w:tc><w:tcPr><w:tcW w:w=\"1\" w:type=\"dxa\"/><w:vMerge/><w:vAlign w:val=\"center\"/></w:tcPr><w:p/></w:tc>"
        "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc>" P(R("b")) "</w:tc></w:tr>"
        "<w:tr><w:tc><w:tcPr><w:tcW w:w=\"1\" w:type=\"dxa\"/><w:vMerge/><w:vAlign w:val=\"center\"/></w:tcPr><w:p/></w:tc>"
        "<w:tc>" P(R("质量指标")) "</w:tc><w:tc>" P(R("c")) "</w:tc></w:tr>"
        "<w:tr><w:tc><w:tcPr><w:tcW w:w=\"1\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr>" P(R("效益指标")) "</w:tc>"
        "<w:tc>" P(R("数量指标")) "</w:tc><w:tc>" P(R("d")) "</w:tc></w:tr>"
        "</w:tbl>";
    EXPECT_FILL(body, y, want);
}

/* Every error kind, all reported in one run, each with part, paragraph and tag. */
static void test_errors(void)
{
    const char *body =
        P(RO("{{#each 项目}}"))                 /* 1: closed by /if -> mismatch */
        P(RO("{{名称 | 万圆}}"))                 /* 2: unknown filter */
        P(RO("{{/if}}"))                        /* 3 */
        P(RO("{{单位明称}}"))                    /* 4: unknown field */
        P(RO("{{/each}}"))                      /* 5: stray */
        P(RO("{{else}}"))                       /* 6: else outside */
        P(RO("{{单位名称"))                      /* 7: not closed */
        P(RO("{{#if 三公经费}}"));               /* 8: unclosed */
    diag_list dl;
    diag_list_init(&dl);
    char *got = tu_fill(body, base_yaml, &dl);
    CHECK(got == NULL);
    free(got);
    static const struct { const char *code; int para; const char *tag; } want[] = {
        {"tpl.syntax", 2, "{{名称 | 万圆}}"},
        {"tpl.syntax", 7, "{{单位名称"},
        {"tpl.mismatch", 3, "{{/if}}"},
        {"tpl.stray", 5, "{{/each}}"},
        {"tpl.else", 6, "{{else}}"},
        {"tpl.unclosed", 8, "{{#if 三公经费}}"},
        {"tpl.field", 4, "{{单位明称}}"},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        bool found = false;
        for (size_t i = 0; i < dl.n; i++) {
            diag *d = &dl.items[i];
            if (!strcmp(d->code, want[k].code) && d->para == want[k].para && d->part &&
                !strcmp(d->part, "word/document.xml") && d->tag && !strcmp(d->tag, want[k].tag))
                found = true;
        }
        if (!found) fprintf(stderr, "missing error %s at paragraph %d for %s\n", want[k].code, want[k].para, want[k].tag);
        CHECK(found);
    }
    if (test_failed)
        for (size_t i = 0; i < dl.n; i++)
            fprintf(stderr, "  diag %s p%d %s: %s\n", dl.items[i].code, dl.items[i].para,
                    dl.items[i].tag ? dl.items[i].tag : "", dl.items[i].message);
    diag_list_free(&dl);

    /* a block spanning levels */
    diag_list_init(&dl);
    got = tu_fill(P(RO("{{#if 三公经费}}")) "<w:tbl><w:tr><w:tc>" P(RO("{{/if}}")) "</w:tc></w:tr></w:tbl>", base_yaml, &dl);
    CHECK(got == NULL);
    CHECK(dl.n >= 1 && !strcmp(dl.items[0].code, "tpl.structure"));
    free(got);
    diag_list_free(&dl);
}

/* Tags in a header and a footer are filled; untouched parts stay as they were. */
static void test_header_footer(void)
{
    const char *hdr = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                      "<w:hdr " W_NS_DECL "><w:p><w:r><w:t>{{单位名</w:t></w:r><w:r><w:t>称}}</w:t></w:r></w:p></w:hdr>";
    const char *ftr = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                      "<w:ftr " W_NS_DECL "><w:p><w:r><w:t>— 1 —</w:t></w:r></w:p></w:ftr>";
    const char *extra[] = {"word/header1.xml", hdr, "word/footer1.xml", ftr, NULL};
    size_t len = 0;
    char *zip = tu_docx(P(RO("{{年度}}")), &len, extra);
    diag_list dl;
    diag_list_init(&dl);
    tpl_template *t = tpl_load(zip, len, "t.docx", model_schema_root, NULL, &dl);
    CHECK(t != NULL);
    val_doc *d = tu_data(base_yaml);
    char *out = NULL;
    size_t olen = 0;
    CHECK(t && d && tpl_render(t, NULL, NULL, d->root, &out, &olen, &dl));
    if (out) {
        docx_package *p = docx_package_open(out, olen, "o", &dl);
        const char *h = p ? docx_package_get(p, "word/header1.xml", NULL) : NULL;
        CHECK(h && strstr(h, "<w:t xml:space=\"preserve\">隆回县民政局</w:t>"));
        const char *f = p ? docx_package_get(p, "word/footer1.xml", NULL) : NULL;
        CHECK(f && !strcmp(f, ftr));
        docx_package_free(p);
    }
    free(out);
    free(zip);
    val_doc_free(d);
    tpl_free(t);
    diag_list_free(&dl);
}

/* A form appended to a report: one copy per 自评表 element, each on a new
 * page, and a style the two define differently renamed in the copy. */
static void test_forms_appended(void)
{
    const char *rs = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles " W_NS_DECL ">"
                     "<w:style w:type=\"paragraph\" w:styleId=\"Cell\"><w:name w:val=\"Cell\"/><w:rPr><w:sz w:val=\"32\"/></w:rPr></w:style></w:styles>";
    const char *fs = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles " W_NS_DECL ">"
                     "<w:style w:type=\"paragraph\" w:styleId=\"Cell\"><w:name w:val=\"Cell\"/><w:rPr><w:sz w:val=\"21\"/></w:rPr></w:style>"
                     "<w:style w:type=\"paragraph\" w:styleId=\"Only\"><w:name w:val=\"Only\"/></w:style></w:styles>";
    const char *r_extra[] = {"word/styles.xml", rs, NULL};
    const char *f_extra[] = {"word/styles.xml", fs, NULL};
    size_t rl = 0, fl = 0;
    char *rz = tu_docx(P(RO("{{单位名称}}")) "<w:sectPr/>", &rl, r_extra);
    char *fz = tu_docx("<w:p><w:pPr><w:pStyle w:val=\"Cell\"/></w:pPr>" RO("附件{{@序号}} {{项目名称}}/{{单位名称}}") "</w:p>"
                       "<w:p><w:pPr><w:pStyle w:val=\"Only\"/></w:pPr></w:p><w:sectPr/>", &fl, f_extra);
    diag_list dl;
    diag_list_init(&dl);
    tpl_template *r = tpl_load(rz, rl, "r.docx", model_schema_root, NULL, &dl);
    tpl_template *f = tpl_load(fz, fl, "f.docx", model_schema_root, "自评表", &dl);
    CHECK(r && f);
    val_doc *d = tu_data("单位名称: 局\n年度: 2024\n自评表: [{项目名称: 甲}, {项目名称: 乙}]\n");
    char *out = NULL;
    size_t olen = 0;
    if (r && f && d && tpl_render(r, f, "自评表", d->root, &out, &olen, &dl)) {
        char *body = tu_part_body(out, olen, NULL);
        CHECK_STR(body,
                  P(R("局"))
                  "<w:p><w:pPr><w:pStyle w:val=\"CellForm\"/><w:pageBreakBefore/></w:pPr>" R("附件") R("1") R(" ") R("甲") R("/") R("局") "</w:p>"
                  "<w:p><w:pPr><w:pStyle w:val=\"Only\"/></w:pPr></w:p>"
                  "<w:p><w:pPr><w:pStyle w:val=\"CellForm\"/><w:pageBreakBefore/></w:pPr>" R("附件") R("2") R(" ") R("乙") R("/") R("局") "</w:p>"
                  "<w:p><w:pPr><w:pStyle w:val=\"Only\"/></w:pPr></w:p><w:sectPr/>");
        free(body);
        docx_package *p = docx_package_open(out, olen, "o", &dl);
        const char *st = p ? docx_package_get(p, "word/styles.xml", NULL) : NULL;
        CHECK(st && strstr(st, "w:styleId=\"CellForm\"") && strstr(st, "w:styleId=\"Only\"") &&
              strstr(st, "<w:sz w:val=\"32\"/>"));
        docx_package_free(p);
    } else {
        CHECK(false);
    }
    for (size_t i = 0; i < dl.n; i++) fprintf(stderr, "forms: %s\n", dl.items[i].message);
    free(out);
    free(rz);
    free(fz);
    val_doc_free(d);
    tpl_free(r);
    tpl_free(f);
    diag_list_free(&dl);
}

/* Hostile or broken templates: random tag soup in the text of a real
 * template must give errors or a document, never a crash (run under
 * ASan in CI). */
static void test_tag_soup(void)
{
    static const char *const bits[] = {"{{", "}}", "{{#each 项目}}", "{{/each}}", "{{#if 项目}}", "{{else}}",
                                       "{{/if}}", "{{名称}}", "{{合并}}", "{{@一级}}", "{{.}}", "{{ | }}",
                                       "{{#each .}}", "{{#if @末项}}", "{{x|默认:\"}}"};
    const char *y = "单位名称: 局\n年度: 2024\n项目: [{名称: 甲}, {名称: 乙}]\n";
    unsigned seed = 7;
    int loaded = 0;
    for (int iter = 0; iter < 300; iter++) {
        strbuf b = STRBUF_INIT;
        int paras = 1 + (int)(seed % 6);
        for (int pi = 0; pi < paras; pi++) {
            bool in_table = (seed >> 3) % 3 == 0;
            if (in_table) strbuf_adds(&b, "<w:tbl><w:tr><w:tc>");
            strbuf_adds(&b, "<w:p>");
            int runs = 1 + (int)((seed >> 5) % 4);
            for (int ri = 0; ri < runs; ri++) {
                seed = seed * 1103515245u + 12345u;
                strbuf_adds(&b, "<w:r><w:t>");
                strbuf_adds(&b, bits[(seed >> 16) % (sizeof bits / sizeof bits[0])]);
                strbuf_adds(&b, "</w:t></w:r>");
                if ((seed >> 20) % 5 == 0) strbuf_adds(&b, "<w:proofErr w:type=\"spellStart\"/>");
            }
            strbuf_adds(&b, "</w:p>");
            if (in_table) strbuf_adds(&b, (seed >> 9) % 2 ? "</w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>" : "</w:tc></w:tr></w:tbl>");
        }
        diag_list dl;
        diag_list_init(&dl);
        char *got = tu_fill(b.data, y, &dl);
        if (got) {
            loaded++;
            CHECK(strstr(got, "jx-") == NULL);     /* no private markup leaks */
        } else {
            CHECK(dl.n > 0);                        /* refused with a reason */
        }
        free(got);
        diag_list_free(&dl);
        strbuf_free(&b);
    }
    CHECK(loaded > 0);
}

static void test_cn(void)
{
    char b[TPL_CN_BUF];
    CHECK_STR(tpl_cn_numeral(1, b, sizeof b), "一");
    CHECK_STR(tpl_cn_numeral(10, b, sizeof b), "十");
    CHECK_STR(tpl_cn_numeral(12, b, sizeof b), "十二");
    CHECK_STR(tpl_cn_numeral(20, b, sizeof b), "二十");
    CHECK_STR(tpl_cn_numeral(105, b, sizeof b), "一百零五");
    CHECK_STR(tpl_cn_heading(1, 3, b, sizeof b), "三、");
    CHECK_STR(tpl_cn_heading(2, 11, b, sizeof b), "（十一）");
    CHECK_STR(tpl_cn_heading(3, 2, b, sizeof b), "2.");
    CHECK_STR(tpl_cn_heading(4, 2, b, sizeof b), "（2）");
    CHECK_STR(tpl_cn_money_upper(86400000, b, sizeof b), "捌拾陆万肆仟元整");
    CHECK_STR(tpl_cn_money_upper(0, b, sizeof b), "零元整");
    CHECK_STR(tpl_cn_money_upper(50, b, sizeof b), "伍角");
    CHECK_STR(tpl_cn_money_upper(105, b, sizeof b), "壹元零伍分");
    CHECK_STR(tpl_cn_money_upper(1000100, b, sizeof b), "壹万零壹元整");
    CHECK_STR(tpl_cn_money_upper(10000000000LL, b, sizeof b), "壹亿元整");
    CHECK_STR(tpl_cn_money_upper(-123456, b, sizeof b), "负壹仟贰佰叁拾肆元伍角陆分");
    CHECK_STR(tpl_cn_money_upper(24299590000LL, b, sizeof b), "贰亿肆仟贰佰玖拾玖万伍仟玖佰元整");
    CHECK(tpl_cn_date("2025-03-31", b, sizeof b));
    CHECK_STR(b, "2025年3月31日");
    CHECK(!tpl_cn_date("2025/03/31", b, sizeof b));
}

int main(void)
{
    test_cn();
    test_split_runs();
    test_values_and_filters();
    test_conditions();
    test_loops();
    test_paragraph_lists();
    test_counters();
    test_vmerge();
    test_errors();
    test_header_footer();
    test_forms_appended();
    test_tag_soup();
    return test_done();
}
