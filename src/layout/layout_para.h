/* layout_para — a paragraph in the flow: its lines shaped and measured
 * (layout_para_lay_make), then placed with space before and after,
 * contextual spacing, page break before, keep-lines and widow/orphan
 * control, breaking pages as needed (layout_place_para); the outline entry
 * of a heading.  layout_emit_line draws one line (with its hanging marks
 * and inline pictures) at a given top, for table cells.
 *
 * Ownership: a para_lay owns its para_text and metrics; layout_para_lay_free
 * releases them.  Boxes drawn from it hold their own layout references.
 * layout_para_plain_text returns a new string (at most 240 bytes of the
 * paragraph's text, trimmed) for outlines and messages; the caller frees.
 * Needs layout_lines for shaping and layout_page for boxes and pages. */
#ifndef JX_LAYOUT_PARA_H
#define JX_LAYOUT_PARA_H

#include "layout/layout_lines.h"

typedef struct {
    para_text t;
    line_metrics *m;
    double before, after;
    bool on_grid;
} para_lay;

void layout_para_lay_make(flow *f, const layout_para *p, double width, bool in_table, para_lay *pl);
void layout_para_lay_free(para_lay *pl);
double layout_para_height(const para_lay *pl);     /* all lines with the space before and after */
void layout_emit_line(flow *f, para_lay *pl, int i, double left, double top);
void layout_place_para(flow *f, const layout_para *p, para_lay *pl);
char *layout_para_plain_text(const layout_para *p);

#endif
