/* The workbook layout covers the data format: every field of model_schema
 * has a place on some sheet, and every place names a schema field. */
#include "xlsx/xlsx_layout.h"
#include "test.h"

#include <stdio.h>
#include <string.h>

static bool in(const char *s, const char *const *l)
{
    for (; *l; l++)
        if (!strcmp(s, *l)) return true;
    return false;
}

/* Where the layout keeps path, or NULL. */
static const char *place(const char *path)
{
    for (const xl_sheet_def *s = xl_sheets; s->name; s++) {
        size_t bl = strlen(s->base);
        for (const xl_field *f = s->fields; f->path; f++) {
            char full[256];
            if (s->kind == XL_TABLE) snprintf(full, sizeof full, "%s.%s", s->base, f->path);
            else snprintf(full, sizeof full, "%s", f->path);
            if (s->kind == XL_FORM) continue;
            if (!strcmp(full, path)) return s->name;
            /* A table's list and its sub-list are the sheet's rows. */
            if (s->kind == XL_TABLE && !strcmp(path, s->base)) return s->name;
            const char *dot = strchr(f->path, '.');
            if (s->kind == XL_TABLE && dot && !strncmp(path, full, bl + 1 + (size_t)(dot - f->path)) &&
                strlen(path) == bl + 1 + (size_t)(dot - f->path)) return s->name;
        }
        /* 正文.章节's sections are rows of 小标题 and 段落. */
        if (s->kind == XL_TEXT && (!strcmp(path, "正文") || !strcmp(path, "正文.章节.标题") || !strcmp(path, "正文.章节.段落")))
            return s->name;
    }
    if (!strncmp(path, "自评表", strlen("自评表"))) {
        const char *rest = path + strlen("自评表");
        if (!*rest) return "自评表N";
        rest++;
        if (in(rest, xl_form_head) || in(rest, xl_form_tail) || in(rest, xl_form_fund_cols)) return "自评表N";
        if (!strcmp(rest, "资金") || !strcmp(rest, "年度总体目标") || !strcmp(rest, "绩效指标")) return "自评表N";
        if (!strncmp(rest, "资金.", strlen("资金."))) {
            char row[64], col[64];
            if (sscanf(rest + strlen("资金."), "%63[^.].%63s", row, col) >= 1 && in(row, xl_form_fund_rows) &&
                (!strchr(rest + strlen("资金."), '.') || in(col, xl_form_fund_cols)))
                return "自评表N";
        }
        if (!strcmp(rest, "年度总体目标.预期目标") || !strcmp(rest, "年度总体目标.实际完成情况")) return "自评表N";
        if (!strncmp(rest, "绩效指标.", strlen("绩效指标.")) && in(rest + strlen("绩效指标."), xl_form_ind_cols)) return "自评表N";
    }
    /* Maps that are only the sum of their members' places. */
    static const char *const maps[] = {"单位概况", "预算执行", "收入", "支出", "基本支出明细", "三公经费", NULL};
    if (in(path, maps)) return "(map)";
    return NULL;
}

static int missing;

static void each(const char *path, const field_def *f, void *ctx)
{
    (void)f; (void)ctx;
    if (!place(path)) { fprintf(stderr, "no place in the workbook for %s\n", path); missing++; }
}

static void test_every_field_has_a_place(void)
{
    model_schema_walk(each, NULL);
    CHECK_INT(missing, 0);
}

static void test_every_place_is_a_field(void)
{
    for (const xl_sheet_def *s = xl_sheets; s->name; s++)
        for (const xl_field *f = s->fields; f->path; f++) {
            if (f->derived || s->kind == XL_FORM) continue;
            char full[256];
            snprintf(full, sizeof full, s->kind == XL_TABLE ? "%s.%s" : "%.0s%s", s->base, f->path);
            if (!xl_field_def(full)) fprintf(stderr, "%s: %s is not in the schema\n", s->name, full);
            CHECK(xl_field_def(full) != NULL);
            CHECK(f->note && *f->note);
        }
    for (const char *const *h = xl_form_ind_cols; *h; h++) {
        char p[128];
        snprintf(p, sizeof p, "自评表.绩效指标.%s", *h);
        CHECK(xl_field_def(p) != NULL);
    }
}

static void test_labels_unique_and_sheet_names_valid(void)
{
    for (const xl_sheet_def *s = xl_sheets; s->name; s++) {
        /* Excel: at most 31 characters, none of []:*?/\ . */
        CHECK(strcspn(s->name, "[]:*?/\\") == strlen(s->name));
        for (const xl_field *f = s->fields; f->path; f++)
            for (const xl_field *g = f + 1; g->path; g++) {
                char a[256], b[256];
                CHECK(strcmp(xl_label(s, f, a, sizeof a), xl_label(s, g, b, sizeof b)) != 0);
            }
    }
    char l[256];
    CHECK_STR(xl_label(&xl_sheets[3], &xl_sheets[3].fields[1], l, sizeof l), "支出·合计");
    CHECK_STR(xl_label(&xl_sheets[1], &xl_sheets[1].fields[0], l, sizeof l), "概况");
    CHECK(xl_field_def("项目.名称") && xl_field_def("项目.名称")->type == FT_TEXT);
    CHECK(xl_field_def("自评表.资金.年度资金总额.全年执行数") && xl_field_def("自评表.资金.年度资金总额.全年执行数")->type == FT_AMOUNT);
    CHECK(xl_field_def("项目.无此字段") == NULL);
}

int main(void)
{
    test_every_field_has_a_place();
    test_every_place_is_a_field();
    test_labels_unique_and_sheet_names_valid();
    return test_done();
}
