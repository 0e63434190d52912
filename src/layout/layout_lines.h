/* layout_lines — a paragraph's text shaped and broken into lines, and the
 * lines' heights.
 *
 * layout_shape_para hands a paragraph's runs to pango at `width` points:
 * each character in the run's East Asian or Latin font (weak characters
 * follow their neighbours), East Asian autospace and the grid's character
 * spacing, tabs, PAGE/NUMPAGES from the flow, inline pictures as U+FFFC.
 * Lines break by the CJK rules (closing punctuation never starts a line,
 * opening punctuation never ends one; a title breaks only after punctuation
 * or a year); with `hang`, closing marks at a line end hang into the margin;
 * justified lines spread East Asian gaps.  Long paragraphs are shaped in
 * pieces (LAYOUT_SHAPE_* in layout_lines.c) with the line breaks of the
 * whole.  layout_line_height gives line i's height and baseline by the
 * spacing rules and, when on_grid, the section's document grid.
 *
 * Ownership: a para_text owns its pango layouts, hanging marks and per-line
 * arrays; layout_para_text_free releases them (and zeroes t).  Pictures are
 * borrowed from the layout_doc.  A font that is not installed is reported
 * once per family (render.font) into the flow's diags. */
#ifndef JX_LAYOUT_LINES_H
#define JX_LAYOUT_LINES_H

#include "layout/layout_page.h"

typedef struct {
    size_t index;               /* byte index of the U+FFFC in the text */
    const layout_run *run;
} img_ref;

typedef struct {
    size_t index;               /* byte index of the hanging mark in the text */
    PangoLayout *lay;           /* the mark alone, drawn after its line */
} hang_ref;

typedef struct {
    PangoLayout *lay;           /* the first piece */
    PangoLayout **segs;         /* every piece (segs[0] == lay) */
    size_t nsegs;
    double x0;                  /* where the layout's origin sits, from the text margin */
    hang_ref *hangs;            /* sorted by index */
    size_t nhangs;
    img_ref *imgs;              /* sorted by index */
    size_t nimgs;
    int nlines;
    double *nat, *asc;          /* per line: pango's logical height and ascent */
    double *lx, *lw;            /* per line: x offset in the layout, width */
    PangoLayoutLine **lines;
    PangoLayout **llay;         /* per line: the piece it belongs to */
    size_t *loff;               /* per line: that piece's byte offset in the paragraph text */
    double cont_shift;          /* x of a continuing piece's origin (a hanging indent) */
} para_text;

/* A placed line: its height and where its baseline sits below its top. */
typedef struct {
    double h, base;
} line_metrics;

void layout_shape_para(flow *f, const layout_para *p, double width, bool on_grid, bool hang, para_text *t);
void layout_para_text_free(para_text *t);
line_metrics layout_line_height(const flow *f, const layout_ppr *pp, const para_text *t, int i, bool on_grid);

#endif
