/* layout_pages — the laid-out document: pages of positioned boxes, ready
 * to be drawn (pdf_write) or inspected (tests).
 *
 * layout_paginate is a pure function of the document model and the font
 * context: paragraphs are broken into lines with pango (closing punctuation
 * never starts a line, opening punctuation never ends one), lines get their
 * heights from the line-spacing rules and the document grid, and the flow
 * is cut into pages honouring page breaks, keep-with-next, keep-lines,
 * widow/orphan control, table header rows (repeated on every page),
 * cant-split rows and vertically merged cells that continue across a page
 * break.  Headers and footers are laid out per page with the PAGE and
 * NUMPAGES fields filled in.
 *
 * Coordinates are points from the top-left corner of the page; a text box's
 * y is its baseline.  Text boxes point at pango lines owned by the
 * layout_pages (through references to their layouts).
 *
 * Ownership: layout_pages_free releases everything, including the pango
 * references.  The layout_doc may be freed before the pages except for
 * image bytes, which the pages point into: keep the doc until drawn. */
#ifndef JX_LAYOUT_PAGES_H
#define JX_LAYOUT_PAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <pango/pango.h>

#include "core/diag.h"
#include "layout/layout_doc.h"
#include "layout/layout_fonts.h"

typedef enum { LAYOUT_BOX_TEXT, LAYOUT_BOX_FILL, LAYOUT_BOX_RULE, LAYOUT_BOX_IMAGE } layout_box_kind;

typedef struct {
    layout_box_kind kind;
    double x, y, w, h;          /* TEXT: (x, baseline), w = line width; FILL/IMAGE: rectangle;
                                   RULE: from (x, y) to (x + w, y + h), one of w, h is 0 */
    PangoLayoutLine *line;      /* TEXT */
    bool joins;                 /* TEXT: continues the previous text box's line (hanging punctuation) */
    uint32_t color;             /* FILL, RULE */
    double width;               /* RULE: stroke width */
    int style;                  /* RULE: 1 single, 2 double */
    const unsigned char *img;   /* IMAGE */
    size_t img_len;
    int img_type;
} layout_box;

typedef struct {
    double w, h;
    int number;                 /* the page number printed by PAGE */
    layout_box *boxes;
    size_t nboxes, cap;
} layout_page;

typedef struct {
    int level;                  /* 0 = top */
    char *title;
    int page;                   /* index into pages */
    double y;                   /* top of the heading on that page */
} layout_outline;

typedef struct {
    layout_page *pages;
    size_t npages;
    layout_outline *outline;
    size_t noutline;
    /* private: pango layouts whose lines the text boxes point at */
    void **refs;
    size_t nrefs, caprefs;
} layout_pages;

/* Lays out the document.  Returns NULL when nothing can be laid out or
 * when some text would not reach any page (a table row that may not split
 * taller than a page): an error is added to diags; warnings (missing fonts, unsupported
 * features met during layout) are added too.  The caller frees. */
layout_pages *layout_paginate(const layout_doc *doc, layout_fonts *fonts, diag_list *diags);

void layout_pages_free(layout_pages *p);   /* NULL is fine */

/* The text of a page's text boxes in drawing order, one line per box
 * (hanging punctuation joined to its line, the zero-width spaces that
 * carry CJK/Latin gaps left out), for tests (malloc'd, caller frees). */
char *layout_page_text(const layout_page *page);

#endif
