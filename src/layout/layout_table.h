/* layout_table — tables in the flow: column grid, cell margins, borders
 * and shading; header rows repeated on every page, rows that may not split,
 * vertically merged cells that continue across a page break, nested tables
 * placed whole, and the last row kept with what follows (the flow's
 * after_need).  Text that cannot reach any page (a cant-split row taller
 * than the page) is reported and sets the flow's `lost`.
 *
 * layout_table_head_height measures, without drawing, what a keep-with-next
 * paragraph before the table must share its page with.  layout_emit_nested
 * copies a scratch page's boxes onto the flow's page, shifted (also used for
 * headers and footers).  Ownership: nothing outlives a call; boxes go to the
 * flow's page.  Needs layout_para for the cells' paragraphs. */
#ifndef JX_LAYOUT_TABLE_H
#define JX_LAYOUT_TABLE_H

#include "layout/layout_page.h"

void layout_place_table(flow *f, const layout_table *t, double left, double width, int depth);
bool layout_row_keeps_next(const layout_row *row);  /* every paragraph in its cells has keepNext */
double layout_table_head_height(flow *f, const layout_table *t);
void layout_emit_nested(flow *f, const layout_page *src, double dx, double dy);

#endif
