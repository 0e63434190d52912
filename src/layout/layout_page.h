/* layout_page — pagination: the body flow cut into pages, then headers and
 * footers laid out on each page with PAGE and NUMPAGES filled in.  It
 * implements layout_pages.h (layout_paginate, layout_pages_free,
 * layout_page_text); this header is the part the other layout modules share.
 *
 * It owns the flow state below: the page being filled, the text area, the
 * running y, contextual-spacing memory and the fonts already reported.  A
 * flow with `tmp` set lays out into a scratch page that never breaks (a
 * table cell's nested table, a header or footer), whose boxes are moved
 * onto the real page afterwards.  Boxes go onto layout_flow_page; pango
 * layouts that text boxes point at are handed to layout_keep_ref, after
 * which the layout_pages owns one reference to each.
 *
 * Needs layout_para (paragraphs, keep-with-next) and layout_table (tables,
 * nested boxes). */
#ifndef JX_LAYOUT_PAGE_H
#define JX_LAYOUT_PAGE_H

#include "layout/layout_pages.h"

#define HUGE_BOTTOM 1e9         /* the bottom of a flow that never breaks */
#define EPS 0.01                /* points: what still fits */

typedef struct {
    const layout_doc *doc;
    layout_fonts *fonts;
    PangoContext *pctx;
    diag_list *diags;
    layout_pages *out;
    const layout_section *sec;
    layout_page *tmp;           /* when set, boxes go here and pages never break */
    size_t page_idx;
    double y, top, bottom, left, width;
    bool fresh;                 /* nothing but repeated header rows on the page yet */
    int page_number, numpages;
    const char *prev_style;     /* for contextual spacing */
    bool prev_contextual;
    bool no_grid;               /* headers and footers do not snap to the body's grid */
    char **warned_fonts;
    size_t nwarned, capwarned;
    bool lost;                  /* some text could not be placed on any page: no PDF */
    double after_need;          /* what must follow a body table whose last row keeps with the next */
} flow;

layout_box *layout_box_push(layout_page *p);         /* a zeroed box, owned by p */
void layout_keep_ref(layout_pages *out, void *obj);  /* out takes one reference */
layout_page *layout_flow_page(flow *f);              /* where boxes go now */
void layout_new_page(flow *f);                       /* starts a page at the flow's top */

#endif
