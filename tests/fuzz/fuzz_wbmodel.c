/* Fuzz target: the workbook mapper (xlsx_model) and what follows it, on
 * cell grids rather than zip bytes, so that the fuzzer spends its time on
 * the layout logic (the package reader has its own target).  Input: lines
 * "S|REF|K|TEXT" — S a sheet number (into the names below), REF a cell
 * name, K one of s n b e f d (string, number, bool, error, formula without
 * value, date number), TEXT the cell's text.
 *
 * Besides "no crash, no hang, no leak", one property: a book the schema
 * accepts is written as YAML that reads back without an error to the same
 * data (model_diff finds nothing). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/model.h"
#include "model/model_check.h"
#include "model/model_derive.h"
#include "model/model_diff.h"
#include "model/model_schema.h"
#include "model/model_yaml.h"
#include "model/model_yaml_write.h"
#include "xlsx/xlsx_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const k_names[] = {"基本情况", "单位概况", "预算执行", "收入支出", "收入明细", "三公经费", "项目",
                                      "项目绩效", "专项资金", "数据核对", "标准核对", "正文", "自评表1", "自评表2",
                                      "填表说明", "其他"};
#define NSHEETS (sizeof k_names / sizeof *k_names)
#define MAX_CELLS 4096

static int cmp(const void *a, const void *b)
{
    const xlsx_cell *x = a, *y = b;
    if (x->row != y->row) return x->row < y->row ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024) return 0;
    char *buf = malloc(size + 1);
    memcpy(buf, data, size);
    buf[size] = 0;
    static xlsx_cell cells[NSHEETS][MAX_CELLS];
    size_t n[NSHEETS] = {0};
    for (char *line = buf, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = 0;
        char *f[4] = {line, NULL, NULL, NULL};
        for (int k = 1; k < 4; k++) {
            f[k] = f[k - 1] ? strchr(f[k - 1], '|') : NULL;
            if (f[k]) *f[k]++ = 0;
        }
        if (!f[3]) continue;
        unsigned s = (unsigned)atoi(f[0]) % NSHEETS;
        xlsx_cell c;
        memset(&c, 0, sizeof c);
        if (!xlsx_parse_cell_name(f[1], &c.row, &c.col) || n[s] >= MAX_CELLS) continue;
        c.text = f[3];
        c.len = strlen(f[3]);
        switch (f[2][0]) {
        case 'n': c.kind = XLSX_NUMBER; break;
        case 'd': c.kind = XLSX_NUMBER; c.date = true; break;
        case 'b': c.kind = XLSX_BOOL; break;
        case 'e': c.kind = XLSX_ERROR; break;
        case 'f': c.kind = XLSX_EMPTY; c.formula = true; c.text = ""; c.len = 0; break;
        default: c.kind = XLSX_STRING; break;
        }
        cells[s][n[s]++] = c;
    }
    xlsx_sheet sheets[NSHEETS];
    xlsx_book book = {sheets, 0, false, NULL};
    for (unsigned s = 0; s < NSHEETS; s++) {
        if (!n[s]) continue;
        qsort(cells[s], n[s], sizeof(xlsx_cell), cmp);
        size_t w = 0;   /* the reader's contract: no duplicates */
        for (size_t i = 0; i < n[s]; i++)
            if (!w || cmp(&cells[s][w - 1], &cells[s][i])) cells[s][w++] = cells[s][i];
        sheets[book.nsheets++] = (xlsx_sheet){k_names[s], false, cells[s], w, NULL, 0};
    }
    diag_list d;
    diag_list_init(&d);
    val_doc *doc = xlsx_model_from_book("fuzz.xlsx", &book, &d);
    if (doc && !diag_has_errors(&d) && model_schema_apply(doc, &d)) {
        size_t len;
        char *y = model_yaml_write(doc, &len);
        diag_list d2;
        diag_list_init(&d2);
        val_doc *back = model_yaml_read("back.yaml", y, len, &d2);
        if (!back || diag_has_errors(&d2) || !model_schema_apply(back, &d2)) {
            /* Say why, for the crash report. */
            fprintf(stderr, "the YAML written does not read back:\n%s\n", y);
            for (size_t i = 0; i < d2.n; i++) fprintf(stderr, "%d:%d: %s\n", d2.items[i].line, d2.items[i].col, d2.items[i].message);
            abort();
        }
        model_options o;
        model_options_default(&o);
        model_derive(doc, &o);
        model_derive(back, &o);
        change_list ch;
        model_diff(doc->root, back->root, &ch);
        if (ch.n) {
            for (size_t i = 0; i < ch.n; i++)
                fprintf(stderr, "changed %s: %s -> %s\n", ch.items[i].path, ch.items[i].old_text ? ch.items[i].old_text : "-",
                        ch.items[i].new_text ? ch.items[i].new_text : "-");
            abort();
        }
        model_diff_free(&ch);
        model_check(doc, &o, &d);
        val_doc_free(back);
        diag_list_free(&d2);
        free(y);
    }
    char *j = diag_list_json(&d);
    free(j);
    val_doc_free(doc);
    diag_list_free(&d);
    free(buf);
    return 0;
}
