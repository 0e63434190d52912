/* The workbook mapper on hand-made books: values with their cells, exact
 * numbers, dates, error cells, formulas without cached values, lists as
 * rows, sub-sections, forms, and the structural errors. */
#include "xlsx/xlsx_layout.h"
#include "xlsx/xlsx_model.h"
#include "model/model_schema.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>

#define MAXC 256
typedef struct { const char *name; xlsx_cell cells[MAXC]; size_t n; } hsheet;
typedef struct { hsheet s[24]; size_t n; xlsx_sheet out[24]; xlsx_book book; } hbook;

static int cmp(const void *a, const void *b)
{
    const xlsx_cell *x = a, *y = b;
    if (x->row != y->row) return x->row < y->row ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

static hsheet *sheet(hbook *b, const char *name)
{
    for (size_t i = 0; i < b->n; i++)
        if (!strcmp(b->s[i].name, name)) return &b->s[i];
    b->s[b->n].name = name;
    return &b->s[b->n++];
}

static void put(hbook *b, const char *sh, const char *ref, xlsx_kind k, const char *text, bool formula, bool date)
{
    hsheet *s = sheet(b, sh);
    xlsx_cell *c = &s->cells[s->n++];
    memset(c, 0, sizeof *c);
    xlsx_parse_cell_name(ref, &c->row, &c->col);
    c->kind = k;
    c->text = text;
    c->len = strlen(text);
    c->formula = formula;
    c->date = date;
}
#define S(b, sh, ref, t) put(b, sh, ref, XLSX_STRING, t, false, false)
#define N(b, sh, ref, t) put(b, sh, ref, XLSX_NUMBER, t, false, false)

/* Every sheet of the layout with the headers jixiao writes. */
static void skeleton(hbook *b)
{
    memset(b, 0, sizeof *b);
    for (const xl_sheet_def *s = xl_sheets; s->name; s++) {
        if (s->kind == XL_KV) { S(b, s->name, "A1", "项目"); S(b, s->name, "B1", "内容"); }
        if (s->kind == XL_TEXT) { S(b, s->name, "A1", "栏目"); S(b, s->name, "B1", "小标题"); S(b, s->name, "C1", "段落"); }
        if (s->kind == XL_TABLE) {
            /* The cells point at their text: it lives as long as the test. */
            static char hdr[24][16][64], ref[24][16][8];
            size_t k = (size_t)(s - xl_sheets);
            int c = 0;
            for (const xl_field *f = s->fields; f->path; f++, c++) {
                snprintf(ref[k][c], sizeof ref[k][c], "%c1", 'A' + c);
                xl_header(f, hdr[k][c], sizeof hdr[k][c]);
                put(b, s->name, ref[k][c], XLSX_STRING, hdr[k][c], false, false);
            }
        }
    }
}

static xlsx_book *finish(hbook *b)
{
    for (size_t i = 0; i < b->n; i++) {
        qsort(b->s[i].cells, b->s[i].n, sizeof(xlsx_cell), cmp);
        b->out[i] = (xlsx_sheet){b->s[i].name, false, b->s[i].cells, b->s[i].n, NULL, 0};
    }
    b->book.sheets = b->out;
    b->book.nsheets = b->n;
    return &b->book;
}

static bool has(const diag_list *d, const char *code, const char *sheet, int row, int col)
{
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(d->items[i].code, code) && d->items[i].sheet && !strcmp(d->items[i].sheet, sheet) &&
            d->items[i].line == row && d->items[i].col == col)
            return true;
    return false;
}

static hbook B;

static void test_values_and_positions(void)
{
    skeleton(&B);
    S(&B, "基本情况", "A2", "单位名称"); S(&B, "基本情况", "B2", "某县民政局");
    S(&B, "基本情况", "A4", "年度"); N(&B, "基本情况", "B4", "2024");
    S(&B, "基本情况", "A7", "报告日期"); put(&B, "基本情况", "B7", XLSX_NUMBER, "45708", false, true);
    S(&B, "项目", "A2", "甲项目"); N(&B, "项目", "B2", "412.92000000000002"); N(&B, "项目", "C2", "412.925");
    S(&B, "项目", "A3", "乙项目"); N(&B, "项目", "B3", "1E-3");
    put(&B, "项目", "H2", XLSX_EMPTY, "", true, false);      /* the derived 执行率 column: never read */
    diag_list d;
    diag_list_init(&d);
    val_doc *doc = xlsx_model_from_book("t.xlsx", finish(&B), &d);
    CHECK(doc != NULL);
    CHECK_INT(d.n, 0);
    if (!doc) return;
    const val *name = val_get(doc->root, "单位名称");
    CHECK_STR(val_str(name), "某县民政局");
    CHECK_STR(doc->sheets[name->sheet - 1], "基本情况");
    CHECK_INT(name->line, 2);
    CHECK_INT(name->col, 2);
    CHECK_STR(val_str(val_get(doc->root, "报告日期")), "2025-02-20");
    CHECK_STR(val_str(val_path(doc->root, "项目.0.年初预算数")), "412.92");
    CHECK_STR(val_str(val_path(doc->root, "项目.0.调整预算数")), "412.925");
    CHECK_STR(val_str(val_path(doc->root, "项目.1.年初预算数")), "0.001");
    CHECK(val_path(doc->root, "项目.0.执行率") == NULL);
    CHECK(model_schema_apply(doc, &d));
    money_t m;
    CHECK(val_money(val_path(doc->root, "项目.0.年初预算数"), &m) && m == 412920000);
    CHECK(val_money(val_path(doc->root, "项目.0.调整预算数"), &m) && m == 412925000);
    val_doc_free(doc);
    diag_list_free(&d);

    /* 1904 date system */
    B.book.date1904 = true;
    diag_list_init(&d);
    doc = xlsx_model_from_book("t.xlsx", &B.book, &d);
    CHECK_STR(val_str(val_get(doc->root, "报告日期")), "2029-02-21");
    val_doc_free(doc);
    diag_list_free(&d);
}

static void test_bad_cells(void)
{
    skeleton(&B);
    S(&B, "基本情况", "A2", "单位名称"); S(&B, "基本情况", "B2", "某局");
    S(&B, "基本情况", "A4", "年度"); put(&B, "基本情况", "B4", XLSX_BOOL, "1", false, false);
    S(&B, "项目", "A2", "甲"); put(&B, "项目", "B2", XLSX_ERROR, "#DIV/0!", true, false);
    put(&B, "项目", "C2", XLSX_EMPTY, "", true, false);
    put(&B, "项目", "D2", XLSX_NUMBER, "45000", false, true);
    N(&B, "项目", "E3", "5");                        /* a figure on a continuation row */
    S(&B, "三公经费", "B9", "孤立的值");                /* no label, no list above */
    S(&B, "单位概况", "A2", "概 况");                   /* unknown label */
    S(&B, "基本情况", "A3", "主管部门"); S(&B, "基本情况", "B3", "某\x01局");
    S(&B, "基本情况", "A8", "落款"); S(&B, "基本情况", "B8", "第一行\r\n第二行\r第三行");
    diag_list d;
    diag_list_init(&d);
    val_doc *doc = xlsx_model_from_book("t.xlsx", finish(&B), &d);
    CHECK(doc != NULL);
    CHECK(has(&d, "xlsx.type", "基本情况", 4, 2));
    CHECK(has(&d, "xlsx.error", "项目", 2, 2));
    CHECK(has(&d, "xlsx.nocache", "项目", 2, 3));
    CHECK(has(&d, "xlsx.type", "项目", 2, 4));         /* a date where an amount belongs */
    CHECK(has(&d, "xlsx.row", "项目", 3, 5));
    CHECK(has(&d, "xlsx.row", "三公经费", 9, 2));
    CHECK(has(&d, "xlsx.label", "单位概况", 2, 1));
    CHECK(has(&d, "chars", "基本情况", 3, 2));
    /* The required 年度 is still there, empty, at its cell. */
    const val *y = val_get(doc->root, "年度");
    CHECK(y && y->kind == VAL_NULL && y->line == 4 && y->col == 2);
    CHECK_STR(val_str(val_get(doc->root, "落款")), "第一行\n第二行\n第三行");
    val_doc_free(doc);
    diag_list_free(&d);
}

static void test_structure(void)
{
    skeleton(&B);
    /* rename 三公经费 and break the header of 项目 */
    for (size_t i = 0; i < B.n; i++) if (!strcmp(B.s[i].name, "三公经费")) B.s[i].name = "三公";
    for (size_t i = 0; i < B.n; i++)
        if (!strcmp(B.s[i].name, "项目"))
            for (size_t k = 0; k < B.s[i].n; k++)
                if (!strcmp(B.s[i].cells[k].text, "实际支出")) { B.s[i].cells[k].text = "支出"; B.s[i].cells[k].len = 6; }
    diag_list d;
    diag_list_init(&d);
    val_doc *doc = xlsx_model_from_book("t.xlsx", finish(&B), &d);
    CHECK(doc == NULL);
    bool sheet_err = false, hdr_err = false;
    for (size_t i = 0; i < d.n; i++) {
        if (!strcmp(d.items[i].code, "xlsx.sheet") && strstr(d.items[i].message, "三公")) sheet_err = true;
        if (!strcmp(d.items[i].code, "xlsx.header") && d.items[i].sheet && !strcmp(d.items[i].sheet, "项目")) hdr_err = true;
    }
    CHECK(sheet_err);
    CHECK(hdr_err);
    diag_list_free(&d);
}

static void test_lists_text_forms(void)
{
    skeleton(&B);
    S(&B, "单位概况", "A2", "职责"); S(&B, "单位概况", "B2", "第一项");
    S(&B, "单位概况", "B3", "第二项");
    S(&B, "专项资金", "A2", "救助资金"); N(&B, "专项资金", "B2", "10");
    S(&B, "专项资金", "E2", "低保对象"); N(&B, "专项资金", "I2", "6");
    S(&B, "专项资金", "C3", "标准段"); S(&B, "专项资金", "E3", "特困对象"); N(&B, "专项资金", "I3", "4");
    S(&B, "正文", "A2", "整体绩效"); S(&B, "正文", "C2", "引言");
    S(&B, "正文", "B3", "救助"); S(&B, "正文", "C3", "一段");
    S(&B, "正文", "B4", "救助"); S(&B, "正文", "C4", "二段");
    S(&B, "正文", "C5", "结语");
    S(&B, "正文", "A6", "章节"); S(&B, "正文", "C6", "导语");
    S(&B, "正文", "B7", "第一章"); S(&B, "正文", "C7", "正文");
    S(&B, "自评表1", "A3", "项目名称"); S(&B, "自评表1", "B3", "救助项目");
    S(&B, "自评表1", "A6", XL_FORM_FUNDS_HDR);
    for (int c = 0; xl_form_fund_cols[c]; c++) {
        static char ref[8][16];
        snprintf(ref[c], 16, "%c6", 'B' + c);
        S(&B, "自评表1", ref[c], xl_form_fund_cols[c]);
    }
    for (int k = 0; xl_form_fund_rows[k]; k++) {
        static char ref[4][16];
        snprintf(ref[k], 16, "A%d", 7 + k);
        S(&B, "自评表1", ref[k], xl_form_fund_rows[k]);
    }
    N(&B, "自评表1", "B7", "100"); N(&B, "自评表1", "F7", "98");
    S(&B, "自评表1", "A12", XL_FORM_IND_HDR);
    for (int c = 0; xl_form_ind_cols[c]; c++) {
        static char ref[16][16];
        snprintf(ref[c], 16, "%c12", 'A' + c);
        S(&B, "自评表1", ref[c], xl_form_ind_cols[c]);
    }
    S(&B, "自评表1", "A13", "产出指标"); S(&B, "自评表1", "C13", "户数"); S(&B, "自评表1", "H13", "原因一");
    S(&B, "自评表1", "H14", "原因二");
    S(&B, "自评表1", "C15", "合格率");
    S(&B, "自评表1", "A16", XL_FORM_SUM_ROW);
    S(&B, "自评表1", "A17", "总分"); N(&B, "自评表1", "B17", "95");
    S(&B, "自评表1", "A18", "改进措施及结果应用方案"); S(&B, "自评表1", "B18", "措施一"); S(&B, "自评表1", "B19", "措施二");
    diag_list d;
    diag_list_init(&d);
    val_doc *doc = xlsx_model_from_book("t.xlsx", finish(&B), &d);
    CHECK(doc != NULL);
    CHECK_INT(d.n, 0);
    if (!doc) return;
    CHECK_STR(val_str(val_path(doc->root, "单位概况.职责.1")), "第二项");
    CHECK_INT(val_path(doc->root, "专项资金.0.明细")->u.list.n, 2);
    CHECK_STR(val_str(val_path(doc->root, "专项资金.0.明细.1.对象")), "特困对象");
    CHECK_STR(val_str(val_path(doc->root, "专项资金.0.标准.0")), "标准段");
    const val *zt = val_path(doc->root, "正文.整体绩效");
    CHECK_INT(zt->u.list.n, 3);
    CHECK_STR(val_str(val_path(doc->root, "正文.整体绩效.1.标题")), "救助");
    CHECK_INT(val_path(doc->root, "正文.整体绩效.1.段落")->u.list.n, 2);
    CHECK_STR(val_str(val_path(doc->root, "正文.整体绩效.2")), "结语");
    CHECK(val_path(doc->root, "正文.章节.0.标题") == NULL);
    CHECK_STR(val_str(val_path(doc->root, "正文.章节.1.标题")), "第一章");
    CHECK_STR(val_str(val_path(doc->root, "自评表.0.项目名称")), "救助项目");
    CHECK_STR(val_str(val_path(doc->root, "自评表.0.资金.年度资金总额.年初预算数")), "100");
    CHECK_STR(val_str(val_path(doc->root, "自评表.0.执行率")), "98");
    const val *es = val_path(doc->root, "自评表.0.执行率得分");
    CHECK(es && es->kind == VAL_NULL && es->line == 7 && es->col == 7);
    CHECK_INT(val_path(doc->root, "自评表.0.绩效指标")->u.list.n, 2);
    CHECK_INT(val_path(doc->root, "自评表.0.绩效指标.0.偏差原因分析及改进措施")->u.list.n, 2);
    CHECK_STR(val_str(val_path(doc->root, "自评表.0.总分")), "95");
    CHECK_INT(val_path(doc->root, "自评表.0.改进措施及结果应用方案")->u.list.n, 2);
    val_doc_free(doc);
    diag_list_free(&d);
}

static void test_sniff(void)
{
    CHECK(xlsx_model_sniff("PK\3\4rest", 8));
    CHECK(xlsx_model_sniff("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8));
    CHECK(!xlsx_model_sniff("单位名称: x", 14));
    CHECK(!xlsx_model_sniff("PK", 2));
}

int main(void)
{
    test_values_and_positions();
    test_bad_cells();
    test_structure();
    test_lists_text_forms();
    test_sniff();
    return test_done();
}
