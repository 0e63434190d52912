/* Fuzz target: the workbook reader, two ways.  Raw bytes are read as an
 * .xlsx (zip, names, limits, file-kind detection).  An input that starts
 * with "XLSX\n" is split at "\n=====\n" into sheet1.xml, sharedStrings.xml,
 * styles.xml and (optionally) workbook.xml, which are wrapped in an
 * otherwise valid package, so the fuzzer spends its time on the XML rather
 * than on deflate streams with bad CRCs.  Every cell returned is read back
 * through the lookup, name and number functions. */
#define _GNU_SOURCE     /* memmem */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "docx/docx_package.h"
#include "xlsx/xlsx_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char ct[] =
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";
static const char root_rels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";
static const char wb_rels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rIdY\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";
static const char workbook[] =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

static char *wrap(const uint8_t *data, size_t size, size_t *out_len)
{
    static const char *const names[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
                                        "xl/styles.xml", "xl/workbook.xml"};
    static const char sep[] = "\n=====\n";
    docx_package *p = docx_package_new("fuzz.xlsx");
    docx_package_put(p, "[Content_Types].xml", ct, strlen(ct));
    docx_package_put(p, "_rels/.rels", root_rels, strlen(root_rels));
    docx_package_put(p, "xl/_rels/workbook.xml.rels", wb_rels, strlen(wb_rels));
    docx_package_put(p, "xl/workbook.xml", workbook, strlen(workbook));
    const char *s = (const char *)data, *end = s + size;
    for (size_t i = 0; i < 4 && s <= end; i++) {
        const char *e = memmem(s, (size_t)(end - s), sep, strlen(sep));
        if (!e) e = end;
        docx_package_put(p, names[i], s, (size_t)(e - s));
        s = e + strlen(sep);
    }
    char *zip = NULL;
    diag_list d;
    diag_list_init(&d);
    if (!docx_package_write(p, &zip, out_len, &d)) zip = NULL;
    diag_list_free(&d);
    docx_package_free(p);
    return zip;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *zip = NULL;
    if (size >= 5 && !memcmp(data, "XLSX\n", 5)) {
        size_t zlen = 0;
        zip = wrap(data + 5, size - 5, &zlen);
        if (!zip) return 0;
        data = (const uint8_t *)zip;
        size = zlen;
    }
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
                if (!xlsx_number_exact(c->text, out, sizeof out) && strlen(c->text) < 20 &&
                    !strpbrk(c->text, "eE"))
                    abort();    /* a short plain number always fits */
                (void)xlsx_serial_date(c->text, b->date1904, &y, &m, &dd);
            }
            (void)xlsx_merged_at(s, c->row, c->col);
        }
    }
    xlsx_book_free(b);
    diag_list_free(&d);
    free(zip);
    return 0;
}
