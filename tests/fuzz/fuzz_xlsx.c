/* Fuzz target: the workbook reader (zip, relationships, workbook, shared
 * strings, styles, sheets), on raw bytes; every cell it returns is read
 * back through the lookup and number functions. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "xlsx/xlsx_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_list d;
    diag_list_init(&d);
    xlsx_book *b = xlsx_read("fuzz.xlsx", data, size, &d);
    for (size_t i = 0; b && i < b->nsheets; i++) {
        const xlsx_sheet *s = &b->sheets[i];
        if (xlsx_sheet_by_name(b, s->name) == NULL) abort();
        for (size_t k = 0; k < s->ncells; k++) {
            const xlsx_cell *c = &s->cells[k];
            if (xlsx_cell_at(s, c->row, c->col) != c || strlen(c->text) != c->len) abort();
            char name[16], out[64];
            uint32_t r, col;
            if (!xlsx_parse_cell_name(xlsx_cell_name(c->row, c->col, name), &r, &col) || r != c->row || col != c->col)
                abort();
            if (c->kind == XLSX_NUMBER) {
                int y, m, dd;
                (void)xlsx_number_exact(c->text, out, sizeof out);
                (void)xlsx_serial_date(c->text, b->date1904, &y, &m, &dd);
            }
            (void)xlsx_merged_at(s, c->row, c->col);
        }
    }
    xlsx_book_free(b);
    diag_list_free(&d);
    return 0;
}
