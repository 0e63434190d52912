/* layout_styles — word/styles.xml and direct formatting resolved into
 * layout_rpr and layout_ppr: the style table (with basedOn chains, at most
 * MAX_STYLE_CHAIN deep), the document defaults, theme fonts, and the w:rPr
 * and w:pPr properties the renderer supports (the others are reported once
 * as unsupported, apart from the quiet ones that do not change the page).
 *
 * layout_load_styles fills the loader's style table (borrowing the parsed
 * styles part, which the loader's source keeps); everything else writes
 * only into the properties it is given.  Indents in hundredths of a
 * character stay in the ppr_state until the paragraph's font size is known
 * (layout_body resolves them). */
#ifndef JX_LAYOUT_STYLES_H
#define JX_LAYOUT_STYLES_H

#include "layout/layout_loader.h"

/* Indents given in hundredths of a character are resolved against the
 * paragraph's font size once everything is known. */
typedef struct {
    layout_ppr p;
    double first_chars, left_chars, right_chars;    /* < 0: not given */
    double before_lines, after_lines;
} ppr_state;

void layout_load_styles(loader *L);
const style *layout_find_style(const loader *L, const char *id, int type);   /* type 'p', 'c' or 't' */
void layout_style_defaults(loader *L, ppr_state *ps, layout_rpr *r);
void layout_apply_style_chain(loader *L, const style *s, ppr_state *ps, layout_rpr *r, int depth);
void layout_apply_rpr(loader *L, layout_rpr *r, const xmlNode *rpr);
void layout_apply_ppr(loader *L, ppr_state *s, const xmlNode *ppr);

#endif
