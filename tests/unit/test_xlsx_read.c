/* Unit tests for src/xlsx/xlsx_read: the exact number text, date serials and
 * cell names; the edge-case workbook of tests/hostile/gen_xlsx.py as written,
 * as re-saved by openpyxl and by LibreOffice Calc (tests/fixtures/xlsx/);
 * and every hostile workbook refused with its exact message.
 *
 *   test_xlsx_read             the functions and tests/fixtures/xlsx/
 *   test_xlsx_read --dir D     also the big hostile files gen_xlsx.py wrote into D
 *   test_xlsx_read --office F  F is edge.xlsx re-saved by LibreOffice just now */
#include "test.h"
#include "xlsx/xlsx_read.h"
#include "core/diag.h"
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    size_t r;
    while ((r = fread(b + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) b = realloc(b, cap *= 2);
    }
    fclose(f);
    *len = n;
    return b;
}

static xlsx_book *open_book(const char *path, diag_list *d)
{
    size_t len;
    char *data = slurp(path, &len);
    if (!data) {
        fprintf(stderr, "cannot read %s\n", path);
        return NULL;
    }
    xlsx_book *b = xlsx_read(path, data, len, d);
    free(data);
    return b;
}

static void check_exact(const char *in, const char *want)
{
    char out[64];
    bool ok = xlsx_number_exact(in, out, sizeof out);
    CHECK(ok);
    if (ok) CHECK_STR(out, want);
}

static void test_numbers(void)
{
    check_exact("412.92000000000002", "412.92");
    check_exact("0.30000000000000004", "0.3");
    check_exact("8650", "8650");
    check_exact("1E-3", "0.001");
    check_exact("1.5E+3", "1500");
    check_exact("-2.5e2", "-250");
    check_exact("412.925", "412.925");          /* kept: a finding for the caller, not rounded */
    check_exact("0.1", "0.1");
    check_exact("-0.000", "0");
    check_exact("+007.50", "7.5");
    check_exact("123456789012345", "123456789012345");
    check_exact("1234567890123456", "1234567890123460");    /* 16 digits: a double's text */
    check_exact("99999999999999995", "100000000000000000");  /* carry through every digit */
    check_exact("0.99999999999999995", "1");
    check_exact("412.92499999999998", "412.925");
    check_exact("1.0000000000000000001", "1.0000000000000000001");   /* not from a double: kept */
    check_exact("45291.999999999993", "45292");
    char out[40];
    CHECK(!xlsx_number_exact("1E+60", out, sizeof out));    /* does not fit */
    CHECK(xlsx_number_exact("1E+30", out, sizeof out));
    CHECK(!xlsx_number_exact("abc", out, sizeof out));
    CHECK(!xlsx_number_exact("", out, sizeof out));
    CHECK(!xlsx_number_exact(".", out, sizeof out));
    CHECK(!xlsx_number_exact("1e", out, sizeof out));
    CHECK(!xlsx_number_exact("12,5", out, sizeof out));
    CHECK(!xlsx_number_exact("NaN", out, sizeof out));
    CHECK(!xlsx_number_exact(" 1", out, sizeof out));
    CHECK(!xlsx_number_exact("1E99999999999999999999", out, sizeof out));
}

static void check_date(const char *s, bool d1904, int y, int m, int d)
{
    int yy = 0, mm = 0, dd = 0;
    bool ok = xlsx_serial_date(s, d1904, &yy, &mm, &dd);
    CHECK(ok);
    if (ok) {
        CHECK_INT(yy, y);
        CHECK_INT(mm, m);
        CHECK_INT(dd, d);
    }
}

static void test_dates(void)
{
    check_date("1", false, 1900, 1, 1);
    check_date("59", false, 1900, 2, 28);
    check_date("60", false, 1900, 2, 29);       /* the phantom day Excel keeps */
    check_date("61", false, 1900, 3, 1);
    check_date("45291", false, 2023, 12, 31);
    check_date("45291.75", false, 2023, 12, 31);
    check_date("4.5291E4", false, 2023, 12, 31);
    check_date("2958465", false, 9999, 12, 31);
    check_date("0", true, 1904, 1, 1);
    check_date("43829", true, 2023, 12, 31);
    check_date("1461", true, 1908, 1, 1);
    int y, m, d;
    CHECK(!xlsx_serial_date("0", false, &y, &m, &d));
    CHECK(!xlsx_serial_date("-1", false, &y, &m, &d));
    CHECK(!xlsx_serial_date("2958466", false, &y, &m, &d));
    CHECK(!xlsx_serial_date("1E+20", false, &y, &m, &d));
    CHECK(!xlsx_serial_date("x", true, &y, &m, &d));
}

static void test_names(void)
{
    char b[16];
    CHECK_STR(xlsx_cell_name(7, 3, b), "C7");
    CHECK_STR(xlsx_cell_name(1, 26, b), "Z1");
    CHECK_STR(xlsx_cell_name(1, 27, b), "AA1");
    CHECK_STR(xlsx_cell_name(1048576, 16384, b), "XFD1048576");
    CHECK_STR(xlsx_cell_name(0, 1, b), "?");
    CHECK_STR(xlsx_cell_name(1, 16385, b), "?");
    uint32_t r = 0, c = 0;
    CHECK(xlsx_parse_cell_name("XFD1048576", &r, &c) && r == 1048576 && c == 16384);
    CHECK(xlsx_parse_cell_name("AA10", &r, &c) && r == 10 && c == 27);
    CHECK(!xlsx_parse_cell_name("XFE1", &r, &c));
    CHECK(!xlsx_parse_cell_name("A1048577", &r, &c));
    CHECK(!xlsx_parse_cell_name("A0", &r, &c));
    CHECK(!xlsx_parse_cell_name("A01", &r, &c));
    CHECK(!xlsx_parse_cell_name("1A", &r, &c));
    CHECK(!xlsx_parse_cell_name("A1:B2", &r, &c));
    CHECK(!xlsx_parse_cell_name("$A$1", &r, &c));
    CHECK(!xlsx_parse_cell_name("", &r, &c));
    CHECK(!xlsx_parse_cell_name("AAAA1", &r, &c));
}

static const xlsx_cell *cell(const xlsx_sheet *s, const char *ref)
{
    uint32_t r, c;
    if (!s || !xlsx_parse_cell_name(ref, &r, &c)) return NULL;
    return xlsx_cell_at(s, r, c);
}

#define CELL(s, ref, k, txt) do { \
    const xlsx_cell *c_ = cell((s), (ref)); \
    CHECK(c_ != NULL); \
    if (c_) { CHECK_INT(c_->kind, (k)); CHECK_STR(c_->text, (txt)); CHECK_INT(c_->len, strlen(txt)); } \
} while (0)

static void exact_is(const xlsx_sheet *s, const char *ref, const char *want)
{
    const xlsx_cell *c = cell(s, ref);
    char out[64];
    CHECK(c && c->kind == XLSX_NUMBER && xlsx_number_exact(c->text, out, sizeof out));
    if (c && c->kind == XLSX_NUMBER) CHECK_STR(out, want);
}

/* What every writer keeps of edge.xlsx: names, hidden sheets, strings,
 * figures (as Excel shows them), booleans, dates, merged ranges. */
static void check_edge_common(const xlsx_book *b, bool rich_exact, bool cached)
{
    CHECK_INT(b->nsheets, 3);
    if (b->nsheets < 3) return;
    CHECK_STR(b->sheets[0].name, "收入");
    CHECK_STR(b->sheets[1].name, "隐藏");
    CHECK(!b->sheets[0].hidden && b->sheets[1].hidden && b->sheets[2].hidden);
    CHECK(!b->date1904);
    const xlsx_sheet *s = xlsx_sheet_by_name(b, "收入");
    CHECK(s == &b->sheets[0]);
    CHECK(xlsx_sheet_by_name(b, "收") == NULL);
    CELL(s, "A1", XLSX_STRING, "单位名称");
    CELL(s, "B1", XLSX_STRING, "石峰民政局");     /* runs joined, phonetic run left out */
    CELL(s, "A2", XLSX_STRING, "inline");
    if (rich_exact) CELL(s, "B2", XLSX_STRING, "甲 乙");
    exact_is(s, "A3", "412.92");
    exact_is(s, "B3", "0.3");
    exact_is(s, "C3", "0.001");
    exact_is(s, "D3", "1500");
    exact_is(s, "E3", "8650");
    exact_is(s, "F3", "412.925");
    CELL(s, "A4", XLSX_BOOL, "1");
    CELL(s, "B4", XLSX_BOOL, "0");
    const xlsx_cell *c;
    if (cached) {
        CELL(s, "A5", XLSX_ERROR, "#DIV/0!");
        CELL(s, "B5", XLSX_ERROR, "#N/A");
        c = cell(s, "A5");
        CHECK(c && c->formula);
        c = cell(s, "A6");
        CHECK(c && c->formula && c->kind == XLSX_NUMBER && !strcmp(c->text, "3"));
        c = cell(s, "C6");
        CHECK(c && c->formula && c->kind == XLSX_STRING && !strcmp(c->text, "ok"));
    } else {
        /* openpyxl keeps formulas but drops every cached value */
        const char *refs[] = {"A5", "A6", "B6", "C6"};
        for (size_t i = 0; i < 4; i++) {
            c = cell(s, refs[i]);
            CHECK(c && c->formula && c->kind == XLSX_EMPTY);
        }
        CELL(s, "B5", XLSX_ERROR, "#N/A");
    }
    c = cell(s, "A7");
    CHECK(c && c->kind == XLSX_NUMBER && c->date && !strcmp(c->text, "45291"));
    c = cell(s, "B7");
    CHECK(c && c->kind == XLSX_NUMBER && c->date);     /* yyyy"年"m"月"d"日" */
    c = cell(s, "C7");
    CHECK(c && c->kind == XLSX_NUMBER && !c->date);    /* 0.00"万元" */
    c = cell(s, "E3");
    CHECK(c && !c->date);
    exact_is(s, "A9", "1");
    CELL(s, "B9", XLSX_STRING, "位置");
    CELL(s, "A10", XLSX_STRING, "  前后空格  ");
    CELL(s, "A11", XLSX_STRING, "合并");
    exact_is(s, "B12", "7");
    const xlsx_range *g = xlsx_merged_at(s, 11, 2);
    CHECK(g && g->first_row == 11 && g->first_col == 1 && g->last_row == 11 && g->last_col == 3);
    g = xlsx_merged_at(s, 13, 2);
    CHECK(g && g->first_row == 12 && g->last_row == 13 && g->first_col == 2 && g->last_col == 2);
    CHECK(xlsx_merged_at(s, 13, 1) == NULL);
    CHECK(xlsx_merged_at(s, 1, 1) == NULL);
    for (size_t i = 1; i < s->ncells; i++)
        CHECK(s->cells[i - 1].row < s->cells[i].row ||
              (s->cells[i - 1].row == s->cells[i].row && s->cells[i - 1].col < s->cells[i].col));
    CELL(&b->sheets[1], "A1", XLSX_STRING, "hidden");
}

static void test_edge(const char *dir)
{
    char path[1024];
    diag_list d;
    diag_list_init(&d);
    snprintf(path, sizeof path, "%s/edge.xlsx", dir);
    xlsx_book *b = open_book(path, &d);
    CHECK(b != NULL);
    CHECK_INT(d.n, 0);
    if (b) {
        check_edge_common(b, true, true);
        const xlsx_sheet *s = &b->sheets[0];
        /* as written: the 17-digit text is there for the caller to see */
        CELL(s, "A3", XLSX_NUMBER, "412.92000000000002");
        CELL(s, "C3", XLSX_NUMBER, "1E-3");
        const xlsx_cell *c = cell(s, "B6");      /* formula never calculated */
        CHECK(c && c->formula && c->kind == XLSX_EMPTY && !strcmp(c->text, ""));
        c = cell(s, "D7");                      /* built-in 31: yyyy"年"m"月"d"日" */
        CHECK(c && c->date);
        c = cell(s, "A8");                      /* t="d" */
        CHECK(c && c->kind == XLSX_STRING && c->date && !strcmp(c->text, "2024-12-31T00:00:00"));
        CELL(s, "B10", XLSX_STRING, "一行\r\n二行");
        c = cell(s, "B11");
        CHECK(c && c->kind == XLSX_EMPTY && !c->formula);
        CHECK(cell(s, "C11") == NULL);
        CHECK_INT(b->sheets[2].ncells, 0);
    }
    xlsx_book_free(b);
    diag_list_free(&d);

    diag_list_init(&d);
    snprintf(path, sizeof path, "%s/date1904.xlsx", dir);
    b = open_book(path, &d);
    CHECK(b && b->date1904);
    if (b) {
        const xlsx_cell *c = xlsx_cell_at(&b->sheets[0], 1, 2);
        int y, m, dd;
        CHECK(c && c->date && xlsx_serial_date(c->text, b->date1904, &y, &m, &dd) && y == 2023 && m == 12 && dd == 31);
    }
    xlsx_book_free(b);
    diag_list_free(&d);
}

/* edge.xlsx after another program loaded and saved it */
static void test_resaved(const char *path, bool rich_exact, bool cached)
{
    diag_list d;
    diag_list_init(&d);
    xlsx_book *b = open_book(path, &d);
    CHECK(b != NULL);
    if (!b)
        for (size_t i = 0; i < d.n; i++) fprintf(stderr, "%s: %s\n", path, d.items[i].message);
    if (b) check_edge_common(b, rich_exact, cached);
    xlsx_book_free(b);
    diag_list_free(&d);
}

static long max_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* The file is refused with exactly one error of that code whose message
 * contains want. */
static void refused(const char *dir, const char *name, const char *code, const char *want)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    diag_list d;
    diag_list_init(&d);
    clock_t t0 = clock();
    xlsx_book *b = open_book(path, &d);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(b == NULL);
    CHECK_INT(d.n, 1);
    if (d.n >= 1) {
        CHECK_STR(d.items[0].code, code);
        CHECK_STR(d.items[0].file, path);
        if (!strstr(d.items[0].message, want)) {
            test_failed++;
            fprintf(stderr, "%s: message \"%s\" lacks \"%s\"\n", name, d.items[0].message, want);
        }
    }
    CHECK(secs < 20);
    if (getenv("JX_XLSX_VERBOSE"))
        fprintf(stderr, "%s: %.2f s, max RSS %ld KB: %s\n", name, secs, max_rss_kb(), d.n ? d.items[0].message : "");
    xlsx_book_free(b);
    diag_list_free(&d);
}

static void test_hostile_small(const char *dir)
{
    refused(dir, "notzip.xlsx", "xlsx.notzip", "is not an Excel workbook (.xlsx): it is not a zip package");
    refused(dir, "old.xls", "xlsx.xls", "The file is an old binary Excel workbook (.xls), which cannot be read; open it in Excel or WPS and save it as an Excel workbook (*.xlsx) with Save As.");
    refused(dir, "encrypted.xlsx", "xlsx.encrypted", "The workbook is protected with a password to open, so it cannot be read");
    refused(dir, "word.doc", "xlsx.xls", "The file is an old binary Office file (OLE2), not an Excel workbook (.xlsx)");
    refused(dir, "traversal.xlsx", "xlsx.name", "The relationship rId1 in xl/_rels/workbook.xml.rels points to \"../../../etc/passwd\", outside the workbook package");
    refused(dir, "traversal-abs.xlsx", "xlsx.name", "points to \"/../evil.xml\", outside the workbook package");
    refused(dir, "xxe.xlsx", "xlsx.xml", "The part xl/worksheets/sheet1.xml contains a DOCTYPE declaration, which workbook parts never have; it is refused for safety.");
    refused(dir, "laughs.xlsx", "xlsx.xml", "The part xl/sharedStrings.xml contains a DOCTYPE declaration");
    refused(dir, "deep.xlsx", "xlsx.limit", "The part xl/worksheets/sheet1.xml nests its XML elements more than 64 deep");
    refused(dir, "dup-cell.xlsx", "xlsx.cell", "Sheet \"Sheet1\" holds the cell B2 twice");
    refused(dir, "dup-cell-unsorted.xlsx", "xlsx.cell", "Sheet \"Sheet1\" holds the cell B2 twice");
    refused(dir, "huge-col.xlsx", "xlsx.cell", "Sheet \"Sheet1\" has a cell with the reference \"XFE1\", which is no cell from A1 to XFD1048576");
    refused(dir, "huge-col2.xlsx", "xlsx.cell", "the reference \"AAAAAAAAAAAAAAAAAAAA1\", which is no cell");
    refused(dir, "bad-r.xlsx", "xlsx.cell", "the reference \"A0\", which is no cell");
    refused(dir, "bad-row.xlsx", "xlsx.cell", "Sheet \"Sheet1\" has a row numbered \"1048577\", which is no row from 1 to 1048576");
    refused(dir, "bad-number.xlsx", "xlsx.cell", "Cell A1 of sheet \"Sheet1\" is a number cell but holds \"12,5\", which is not a number");
    refused(dir, "bad-sst.xlsx", "xlsx.cell", "Cell A1 of sheet \"Sheet1\" refers to shared string \"5\", but the workbook has 1 shared strings");
    refused(dir, "bad-type.xlsx", "xlsx.cell", "Cell A1 of sheet \"Sheet1\" has the unknown type \"x\"");
    refused(dir, "word.xlsx", "xlsx.format", "The file is a Word document (.docx), not an Excel workbook");
    refused(dir, "binary.xlsb", "xlsx.format", "The file is an Excel binary workbook (.xlsb), which cannot be read");
    refused(dir, "calc.ods", "xlsx.format", "The file is an OpenDocument spreadsheet (.ods), which cannot be read");
    refused(dir, "truncated.xlsx", "xlsx.zip", "The file starts like a zip package but cannot be opened as one");
    refused(dir, "control.xlsx", "xlsx.xml", "The part xl/worksheets/sheet1.xml holds the control character U+0001 at line 2, column");
    refused(dir, "unsafe-entry.xlsx", "xlsx.name", "The workbook package holds the entry \"../evil.xml\", an unsafe name");
    refused(dir, "ambiguous.xlsx", "xlsx.name", "which zip readers may take for the same part, so the workbook is ambiguous");
    refused(dir, "missing-sheet.xlsx", "xlsx.part", "The workbook lists the sheet \"Sheet1\" in the part xl/worksheets/nosuch.xml, but the package does not contain it");
    refused(dir, "bigstring.xlsx", "xlsx.limit", "A shared string in the part xl/sharedStrings.xml (line 2) holds more than 131072 bytes of text");
    refused(dir, "merges.xlsx", "xlsx.limit", "Sheet \"Sheet1\" has more than 10000 merged ranges");
    refused(dir, "dup-sheet.xlsx", "xlsx.book", "The workbook has two sheets named \"收入\"");
}

static void test_hostile_big(const char *dir)
{
    refused(dir, "bomb.xlsx", "xlsx.limit", "The part xl/worksheets/sheet1.xml of the workbook inflates to more than 67108864 bytes, the most one part may have");
    refused(dir, "bomb-small.xlsx", "xlsx.limit", "The part xl/worksheets/sheet1.xml of the workbook inflates to more than 200 times its compressed size, which only a zip bomb does");
    refused(dir, "bigmember.xlsx", "xlsx.limit", "The part xl/worksheets/sheet1.xml of the workbook inflates to more than 67108864 bytes, the most one part may have");
    refused(dir, "total.xlsx", "xlsx.limit", "The parts of the workbook inflate to more than 268435456 bytes in all (reached in xl/worksheets/sheet1.xml)");
    refused(dir, "comments.xlsx", "xlsx.limit", "The part xl/worksheets/sheet1.xml holds more than 10000 XML comments or processing instructions");
    refused(dir, "sst100k.xlsx", "xlsx.limit", "The shared-string part xl/sharedStrings.xml holds more than 65536 strings");
    refused(dir, "million.xlsx", "xlsx.limit", "Sheet \"Sheet1\" has more than 1000000 cells, more than a data workbook has");
    /* a million empty rows hold nothing: read, quickly, in little memory */
    char path[1024];
    snprintf(path, sizeof path, "%s/million-empty.xlsx", dir);
    diag_list d;
    diag_list_init(&d);
    clock_t t0 = clock();
    xlsx_book *b = open_book(path, &d);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK(b && b->nsheets == 1 && b->sheets[0].ncells == 0);
    CHECK(secs < 20);
    xlsx_book_free(b);
    diag_list_free(&d);
    /* none of the above needed much memory: parts are streamed */
    long rss = max_rss_kb();
    if (getenv("JX_XLSX_VERBOSE")) fprintf(stderr, "million-empty: %.2f s; max RSS of all: %ld KB\n", secs, rss);
    CHECK(rss < 400 * 1024);
}

int main(int argc, char **argv)
{
    test_numbers();
    test_dates();
    test_names();
    const char *src = getenv("JX_SOURCE_DIR");
    char fix[1024];
    snprintf(fix, sizeof fix, "%s/tests/fixtures/xlsx", src ? src : ".");
    test_edge(fix);
    char path[1100];
    snprintf(path, sizeof path, "%s/edge-openpyxl.xlsx", fix);
    test_resaved(path, true, false);
    snprintf(path, sizeof path, "%s/edge-libreoffice.xlsx", fix);
    test_resaved(path, false, true);
    test_hostile_small(fix);
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--dir")) {
            test_edge(argv[i + 1]);
            test_hostile_small(argv[i + 1]);
            test_hostile_big(argv[i + 1]);
        } else if (!strcmp(argv[i], "--office")) {
            test_resaved(argv[i + 1], false, true);
        } else if (!strcmp(argv[i], "--openpyxl")) {
            test_resaved(argv[i + 1], true, false);
        }
    }
    return test_done();
}
