/* xlsx_read — the cells of an Office Open XML workbook (.xlsx), exactly as
 * stored, from untrusted bytes.
 *
 * This module knows the SpreadsheetML package (workbook.xml, its
 * relationships, sharedStrings.xml, styles.xml, worksheets); it knows
 * nothing of jixiao's data.  It is read with libzip and libxml2 under the
 * same rules as the DOCX reader: no network, no external entities or DTDs,
 * member-size and ratio limits against zip bombs, no path traversal from
 * relationship targets, and named limits (xlsx_limits.h) on sheets, rows,
 * cells, shared strings and text length that refuse with a clear error.
 *
 * Cell values are kept as text so that no figure ever passes through a
 * binary float: a number cell's value is the literal text of its <v>
 * element ("412.92000000000002", "1E-3", "45291"); the caller decides how
 * to read it (model_num parses decimal text exactly; xlsx_number_exact
 * below undoes the 17-significant-digit noise Excel writes).  A string
 * cell's value is its UTF-8 text, rich-text runs joined, whether it came
 * from the shared-string table or inline.  A formula cell carries its
 * cached value with formula = true; a formula with no cached value is
 * XLSX_EMPTY with formula = true, so the caller can ask the user to open
 * and save the workbook once.
 *
 * Problems that make the file unusable (not a zip, encrypted, an old .xls,
 * a member over its limit, malformed XML) are appended to diags as errors
 * with the file name (and sheet!cell where there is one) and make
 * xlsx_read return NULL.  Cell-level oddities are not errors here; they
 * are visible in the cells.  The file is diag.loc.file, the zip member
 * diag.loc.part (with its line where known), the sheet and cell are named
 * in the message; codes: xlsx.notzip, xlsx.xls, xlsx.encrypted,
 * xlsx.format (.xlsb, .ods, .docx ...), xlsx.zip, xlsx.name, xlsx.part,
 * xlsx.xml, xlsx.limit, xlsx.cell (bad reference, duplicate cell, a number
 * cell that is no number, shared string out of range), xlsx.book (no
 * sheets, two sheets of one name).  docs/xlsx.md lists what is accepted.
 *
 * Details the cells show: date is set only on XLSX_NUMBER cells (and on
 * t="d" cells, which hold ISO 8601 text and come as XLSX_STRING with
 * date = true); text is kept as stored, whitespace included, with Excel's
 * _xHHHH_ escapes undone; a blank styled cell is XLSX_EMPTY without
 * formula; chart sheets are listed with no cells.
 *
 * Ownership: the returned book owns every sheet, cell and string; free it
 * with xlsx_book_free.  Nothing here prints. */
#ifndef JX_XLSX_READ_H
#define JX_XLSX_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../core/diag.h"

typedef enum {
    XLSX_EMPTY,     /* no value (a styled blank cell, or a formula without cached value) */
    XLSX_NUMBER,    /* text is the number as stored: optional sign, digits, '.', exponent */
    XLSX_STRING,    /* shared, inline or formula string result; UTF-8 */
    XLSX_BOOL,      /* text is "0" or "1" */
    XLSX_ERROR,     /* text is the error as stored: "#DIV/0!", "#N/A", "#REF!" … */
} xlsx_kind;

typedef struct {
    uint32_t row, col;      /* 1-based: A1 is row 1, col 1 */
    xlsx_kind kind;
    bool formula;           /* the cell has an <f> (its value is the cached result) */
    bool date;              /* its style's number format is a date or time format */
    bool percent;           /* its style's number format shows a percentage (built-in 9/10, or a
                               code with % outside quotes): "98%" typed in Excel is stored as 0.98 */
    const char *text;       /* NUL-terminated; "" for XLSX_EMPTY */
    size_t len;             /* bytes in text */
} xlsx_cell;

typedef struct {
    uint32_t first_row, first_col, last_row, last_col;   /* inclusive, 1-based */
} xlsx_range;

typedef struct {
    const char *name;       /* the sheet's name as the user sees it (UTF-8) */
    bool hidden;            /* state="hidden" or "veryHidden" */
    const xlsx_cell *cells; /* sorted by row, then col; no duplicates */
    size_t ncells;
    const xlsx_range *merged;
    size_t nmerged;
} xlsx_sheet;

typedef struct xlsx_book xlsx_book;
struct xlsx_book {
    const xlsx_sheet *sheets;   /* in workbook order */
    size_t nsheets;
    bool date1904;              /* workbookPr date1904="1" */
    void *priv;                 /* owned storage */
};

/* Read a workbook from memory.  file is only used in messages.  Returns
 * NULL (with errors in diags) when the bytes are not a usable workbook. */
xlsx_book *xlsx_read(const char *file, const void *data, size_t len, diag_list *diags);
void xlsx_book_free(xlsx_book *b);   /* NULL is fine */

/* The sheet of that name (exact UTF-8 match), or NULL. */
const xlsx_sheet *xlsx_sheet_by_name(const xlsx_book *b, const char *name);

/* The cell at row/col, or NULL when the sheet stores none there (binary search). */
const xlsx_cell *xlsx_cell_at(const xlsx_sheet *s, uint32_t row, uint32_t col);

/* The merged range that covers row/col, or NULL (ranges are sorted by
 * their first row and column; linear in them, at most XLSX_MAX_MERGED). */
const xlsx_range *xlsx_merged_at(const xlsx_sheet *s, uint32_t row, uint32_t col);

/* "C7" for row 7, col 3, into out (at least 16 bytes); returns out.
 * "?" when row or col is outside A1..XFD1048576. */
char *xlsx_cell_name(uint32_t row, uint32_t col, char *out);

/* Parse "C7" into row/col; false when it is not a cell reference. */
bool xlsx_parse_cell_name(const char *ref, uint32_t *row, uint32_t *col);

/* The shortest decimal text (at most 15 significant digits, as Excel shows
 * it) for a number cell's stored text, into out (at least 40 bytes):
 * "412.92000000000002" -> "412.92", "8650" -> "8650", "1E-3" -> "0.001".
 * Exact decimal arithmetic on the digits, no float.  Returns false when
 * text is not a number, or when its plain decimal form does not fit in
 * outsz (e.g. "1E+60" in 40 bytes).  A stored value whose digits beyond
 * the 15th are not the noise of a binary double keeps them: 16 or 17
 * significant digits are how a double is written and are rounded half up
 * to 15; up to 15 (e.g. "412.925") and more than 17 are kept whole. */
bool xlsx_number_exact(const char *text, char *out, size_t outsz);

/* A date serial (number text, whole days; a fraction is ignored) as
 * year/month/day in the 1900 system (with Excel's phantom 1900-02-29:
 * serial 60) or the 1904 system.  False when out of 1900-01-01..9999-12-31. */
bool xlsx_serial_date(const char *text, bool date1904, int *y, int *m, int *d);

#endif
