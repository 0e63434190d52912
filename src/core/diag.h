/* diag — diagnostics as values.
 *
 * Every stage reports problems by appending to a diag_list the caller owns;
 * nothing below the CLI prints.  A diagnostic carries where it points to:
 * a data file position (file, line, column) or a template position (part,
 * paragraph number, tag text), its severity, a short stable code ("D1",
 * "T7", "yaml", "tpl.unclosed" …) and a full-sentence message.
 *
 * Ownership: diag_list_free frees every diagnostic and every string in it;
 * diag_add copies its string arguments. */
#ifndef JX_DIAG_H
#define JX_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>

typedef enum { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR, DIAG_FATAL } diag_severity;

/* A place in an input.  For data files: file/line/col (1-based; 0 = unknown).
 * For templates: file is the template, part the package part
 * (word/document.xml), para the 1-based paragraph number within the part
 * and tag the tag text as written.  For workbooks: file is the workbook,
 * sheet the sheet's name, line the 1-based row and col the 1-based column
 * of the cell; it prints as file:sheet!C7. */
typedef struct {
    const char *file;
    int line, col;
    const char *part;
    int para;
    const char *tag;
    const char *sheet;
} diag_loc;

typedef struct {
    diag_severity sev;
    char *code;
    char *message;
    char *file, *part, *tag, *sheet;
    int line, col, para;
} diag;

typedef struct {
    diag *items;
    size_t n, cap;
    size_t counts[4];   /* by severity */
} diag_list;

void diag_list_init(diag_list *l);
void diag_list_free(diag_list *l);

/* Append a diagnostic; fmt is a printf format (messages are full sentences
 * built from one format string each, so they can be translated whole).
 * fmt is an English msgid: diag_vadd translates it (src/core/i18n.h) before
 * formatting, so call sites need no _(); xgettext extracts argument 5.  The
 * stored message is the translated text. */
void diag_add(diag_list *l, diag_severity sev, diag_loc loc, const char *code,
              const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void diag_vadd(diag_list *l, diag_severity sev, diag_loc loc, const char *code,
               const char *fmt, va_list ap);

/* Stable order for printing: by file, line, column, then insertion order. */
void diag_list_sort(diag_list *l);

bool diag_has_errors(const diag_list *l);

/* Render one diagnostic as "file:line:col: warning: message [code]" (in
 * Chinese "file:line:col: 警告：message[code]"; for a workbook cell
 * "file:sheet!C7: …") into a malloc'd string the caller frees. */
char *diag_format(const diag *d);

/* Render the whole list as a JSON array into a malloc'd string.  Severity
 * and code are the stable English keywords; the message is the translated
 * text, as UTF-8.  A workbook position is given as "sheet" and "cell"
 * ("C7") instead of line and column. */
char *diag_list_json(const diag_list *l);

const char *diag_severity_name(diag_severity s);

/* A cell name, "C7" for row 7, column 3, into out (at least 16 bytes). */
char *diag_cell_name(int row, int col, char *out);

#endif
