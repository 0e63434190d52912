/* Tests for model_rules: loading (fields, years, context lists, errors at
 * file:line:col, all-or-nothing files, limits) and the automaton (every
 * occurrence of every pattern, checked against a naive search on random
 * text).  The rules here are made up for the test. */
#include "test.h"
#include "model/model_rules.h"
#include "core/strbuf.h"

#include <stdlib.h>
#include <string.h>

static rule_set *load(const char *text, bool want_ok, diag_list *dl)
{
    rule_set *rs = rule_set_new();
    diag_list_init(dl);
    bool ok = rule_set_load(rs, "r.yaml", text, strlen(text), dl);
    CHECK(ok == want_ok);
    return rs;
}

static void test_load(void)
{
    diag_list dl;
    rule_set *rs = load("类别: 易混词\n规则:\n"
                        "  - {错: 甲乙, 对: 甲丙, 说明: 测试, 年度: '2016-2020, 2023-', 前不是: [子], 后是: [丑, 寅]}\n"
                        "  - 错: 丁戊\n    级别: 提示\n", true, &dl);
    CHECK_INT(dl.n, 0);
    CHECK_INT(rule_set_count(rs), 2);
    rule_match m[8];
    size_t n = rule_set_match(rs, "子甲乙丑丁戊", strlen("子甲乙丑丁戊"), m, 8);
    CHECK_INT(n, 2);
    if (n == 2) {
        const rule *r = m[0].r;
        CHECK_STR(r->wrong, "甲乙");
        CHECK_STR(r->right, "甲丙");
        CHECK_STR(r->code, "TEXT.confusable");
        CHECK_INT(r->nyears, 2);
        CHECK(rule_applies(r, 2016) && rule_applies(r, 2020) && !rule_applies(r, 2021) && rule_applies(r, 2030));
        CHECK(!rule_applies(r, 0));
        CHECK_INT(r->before_not.n, 1);
        CHECK_INT(r->after.n, 2);
        CHECK_INT(r->line, 3);
        CHECK_INT((int)m[0].a, 3);
        CHECK_INT((int)m[0].b, 9);
        CHECK(m[1].r->sev == DIAG_NOTE);
        CHECK(rule_applies(m[1].r, 0));   /* no 年度: every year, also unknown */
    }
    rule_set_free(rs);
    diag_list_free(&dl);

    rs = load("类别: 届次\n规则:\n  - {名称: 某某日, 别名: [某日], 首年: 2014, 量词: 个}\n", true, &dl);
    n = rule_set_match(rs, "第十个某某日和某日", strlen("第十个某某日和某日"), m, 8);
    CHECK_INT(n, 3);   /* 某某日, its 某日 suffix, and 某日 */
    CHECK(n && m[0].r->kind == RULE_EVENT && m[0].r->first_year == 2014);
    rule_set_free(rs);
    diag_list_free(&dl);

    rs = load("类别: 重叠\n规则:\n  - {错: 的的, 对: 的}\n允许重复: [研究研究]\n", true, &dl);
    CHECK(rule_set_repeat_ok(rs, "研究研究", strlen("研究研究")));
    CHECK(!rule_set_repeat_ok(rs, "研究", strlen("研究")));
    rule_set_free(rs);
    diag_list_free(&dl);
}

/* One error at line:col whose message names the file. */
static void expect_error(const char *text, int line, int col)
{
    diag_list dl;
    rule_set *rs = load(text, false, &dl);
    CHECK(dl.n >= 1);
    if (dl.n) {
        CHECK_INT(dl.items[0].line, line);
        CHECK_INT(dl.items[0].col, col);
        CHECK(strstr(dl.items[0].message, "r.yaml") != NULL || !strcmp(dl.items[0].code, "yaml"));
        CHECK(dl.items[0].sev >= DIAG_ERROR);
    }
    CHECK_INT(rule_set_count(rs), 0);   /* all or nothing */
    rule_set_free(rs);
    diag_list_free(&dl);
}

static void test_errors(void)
{
    expect_error("类别: 别的\n规则: []\n", 1, 5);
    expect_error("类别: 易混词\n规则:\n  - {错: 甲乙, 对象: 甲丙}\n", 3, 13);
    expect_error("类别: 易混词\n规则:\n  - {错: 甲乙}\n  - {错: 甲丙, 年度: 二〇二三}\n", 4, 17);
    expect_error("类别: 易混词\n规则:\n  - {错: 甲乙, 年度: 2025-2020}\n", 3, 17);
    expect_error("类别: 易混词\n规则:\n  - {对: 甲丙}\n", 3, 5);
    expect_error("类别: 易混词\n规则:\n  - {错: ''}\n", 3, 9);
    expect_error("类别: 届次\n规则:\n  - {名称: 某日, 首年: 二〇一四, 量词: 个}\n", 3, 18);
    expect_error("类别: 届次\n规则:\n  - {名称: 某日, 首年: 2014, 量词: 年}\n", 3, 28);
    expect_error("类别: 易混词\n规则:\n  - {错: 甲乙, 级别: 错误}\n", 3, 17);
    expect_error("类别: 易混词\n规则: 甲乙\n", 2, 5);
    expect_error("类别: 易混词\n说明: x\n其他: 1\n", 3, 1);
    expect_error("类别: 易混词\n规则:\n  - {错: [甲乙\n", 3, 9);   /* the reader's own error */
    /* a pattern past the limit */
    strbuf sb = STRBUF_INIT;
    strbuf_adds(&sb, "类别: 易混词\n规则:\n  - {错: ");
    for (int i = 0; i < 30; i++) strbuf_adds(&sb, "甲");
    strbuf_adds(&sb, "}\n");
    expect_error(sb.data, 3, 9);
    strbuf_free(&sb);
}

static void test_automaton(void)
{
    /* patterns over a 4-letter alphabet with shared prefixes and suffixes */
    static const char *const pats[] = {"ab", "abc", "bc", "c", "abab", "ba", "cab", "aaa", "bcb"};
    strbuf sb = STRBUF_INIT;
    strbuf_adds(&sb, "类别: 易混词\n规则:\n");
    for (size_t i = 0; i < sizeof pats / sizeof *pats; i++) {
        char *l = xasprintf("  - {错: %s}\n", pats[i]);
        strbuf_adds(&sb, l);
        free(l);
    }
    diag_list dl;
    rule_set *rs = load(sb.data, true, &dl);
    strbuf_free(&sb);
    srand(7);
    char text[400];
    for (int round = 0; round < 50; round++) {
        size_t n = sizeof text - 1;
        for (size_t i = 0; i < n; i++) text[i] = "abcd"[rand() % 4];
        text[n] = 0;
        size_t naive = 0;
        for (size_t p = 0; p < sizeof pats / sizeof *pats; p++)
            for (size_t i = 0; i + strlen(pats[p]) <= n; i++)
                if (!memcmp(text + i, pats[p], strlen(pats[p]))) naive++;
        static rule_match m[4000];
        size_t got = rule_set_match(rs, text, n, m, 4000);
        CHECK_INT(got, naive);
        for (size_t k = 0; k < got && k < 4000; k++)
            CHECK(!memcmp(text + m[k].a, m[k].r->wrong, m[k].b - m[k].a) && m[k].b - m[k].a == strlen(m[k].r->wrong));
    }
    /* more matches than room: the count is still right, nothing written past max */
    memset(text, 'a', 100);
    rule_match few[3];
    CHECK_INT(rule_set_match(rs, text, 100, few, 3), 98);
    rule_set_free(rs);
    diag_list_free(&dl);
    CHECK_INT(rule_set_match(NULL, "x", 1, few, 3), 0);
}

int main(void)
{
    test_load();
    test_errors();
    test_automaton();
    return test_done();
}
