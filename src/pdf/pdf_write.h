/* pdf_write — draws laid-out pages into a PDF with cairo.
 *
 * Text is drawn as pango glyph runs, so every font is embedded as a subset
 * with a ToUnicode map (pdftotext gives the text back).  Borders, shading,
 * PNG and JPEG pictures (JPEG passed through unchanged), the outline from
 * the headings, and the document information come from the pages and the
 * metadata given here; nothing is read from the clock or the environment,
 * so the same pages and metadata give a byte-identical PDF.
 *
 * Ownership: the caller owns pages and meta; *out is malloc'd and freed by
 * the caller.  The layout_doc the pages came from must still be alive
 * (pictures point into it). */
#ifndef JX_PDF_WRITE_H
#define JX_PDF_WRITE_H

#include <stddef.h>

#include "core/diag.h"
#include "layout/layout_pages.h"

typedef struct {
    const char *title;          /* NULL: none */
    const char *author;         /* the reporting unit */
    const char *subject;
    const char *keywords;
    const char *creator;        /* NULL: "jixiao" */
    const char *date;           /* YYYY-MM-DD (or a full YYYY-MM-DDThh:mm:ssZ); creation and
                                   modification date.  NULL: 2000-01-01, never the clock */
} pdf_meta;

/* Returns 0, or -1 with an error in diags. */
int pdf_write(const layout_pages *pages, const pdf_meta *meta, char **out, size_t *out_len, diag_list *diags);

/* Normalises a date to cairo's form "YYYY-MM-DDThh:mm:ssZ" into buf (≥ 21
 * bytes); false (buf untouched) when it is not a valid date. */
int pdf_date_normalise(const char *date, char *buf, size_t size);

#endif
