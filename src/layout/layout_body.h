/* layout_body — block content read into the model: paragraphs (their
 * properties resolved through layout_styles, runs joined, tabs, breaks,
 * PAGE/NUMPAGES fields, inline pictures checked against the DOCX_MAX_IMAGE_*
 * limits, right-to-left paragraphs warned about once and laid out left to
 * right) and tables (grid, widths, borders, shading, merged cells, header
 * rows, table styles, nesting up to MAX_TABLE_DEPTH), inside content
 * controls too.  Paragraph limits (LAYOUT_MAX_RUNS_PER_PARA,
 * LAYOUT_MAX_PARA_CHARS) refuse the document (the loader's `refused`) with
 * render.limit.
 *
 * Blocks, runs and their text go into the loader's arena; a block_vec's
 * items are arena memory too.  A part_ctx borrows its part's relationships
 * and the enclosing table's style. */
#ifndef JX_LAYOUT_BODY_H
#define JX_LAYOUT_BODY_H

#include "layout/layout_loader.h"

typedef struct {
    layout_block *items;
    size_t n, cap;
} block_vec;

/* The context a paragraph is read in: its part's relationships and, inside
 * a table, the table style. */
typedef struct {
    const rels *rels;
    const style *tstyle;
    const char *part;
    int *para;          /* paragraphs of the part read so far, for messages */
} part_ctx;

void layout_read_para(loader *L, const part_ctx *pc, xmlNode *p, block_vec *out);
void layout_read_table(loader *L, const part_ctx *outer, xmlNode *tbl, block_vec *out, int depth);
void layout_read_blocks(loader *L, const part_ctx *pc, xmlNode *parent, block_vec *out, int depth);

#endif
