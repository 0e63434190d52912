/* xlsx_limits — named limits on untrusted .xlsx workbooks.
 *
 * A 填报 workbook holds one unit's year: a few sheets, a few thousand
 * cells, well under 1 MB.  The limits leave room for a hundred times that
 * and stop what no real workbook has (zip bombs, a million rows, 100,000
 * shared strings, XML nested a thousand deep) before memory grows: parts
 * are streamed from the zip into the XML reader, so the inflated bytes are
 * counted as they come and never held whole. */
#ifndef JX_XLSX_LIMITS_H
#define JX_XLSX_LIMITS_H

#define XLSX_MAX_FILE_BYTES     (64u * 1024 * 1024)   /* the .xlsx file itself */
#define XLSX_MAX_ENTRIES        2000u                 /* entries in the zip directory */
#define XLSX_MAX_MEMBER_BYTES   (64u * 1024 * 1024)   /* one part, inflated */
#define XLSX_MAX_TOTAL_BYTES    (256u * 1024 * 1024)  /* all parts read, inflated, together */
/* A part that inflates past the floor at more than the ratio is a bomb:
 * real sheet XML deflates 10-50 to 1, a run of zeros 1000 to 1. */
#define XLSX_RATIO_FLOOR        (4u * 1024 * 1024)
#define XLSX_MAX_RATIO          200u
#define XLSX_MAX_XML_DEPTH      64u        /* SpreadsheetML needs fewer than 10 levels */
#define XLSX_MAX_XML_MISC       10000u     /* comments and processing instructions in one part */
#define XLSX_MAX_SHEETS         256u
#define XLSX_MAX_SHEET_NAME_BYTES 128u     /* Excel allows 31 characters */
#define XLSX_MAX_ROWS           1048576u   /* the format's own bounds: row 1048576 ... */
#define XLSX_MAX_COLS           16384u     /* ... and column XFD */
#define XLSX_MAX_CELLS_PER_SHEET 1000000u
#define XLSX_MAX_CELLS          2000000u   /* all sheets together */
#define XLSX_MAX_SHARED_STRINGS 65536u
#define XLSX_MAX_STRING_BYTES   131072u    /* one cell's text: Excel's 32767 characters in UTF-8 */
#define XLSX_MAX_TEXT_BYTES     (64u * 1024 * 1024)   /* all kept text of the book */
#define XLSX_MAX_MERGED         10000u     /* merged ranges in one sheet */
#define XLSX_MAX_STYLES         65536u     /* cellXfs entries (Excel keeps at most 64000) */
#define XLSX_MAX_NUMFMTS        4096u      /* custom number formats */
#define XLSX_MAX_RELS           10000u     /* relationships in one .rels part */

#endif
