/* layout_table — tables placed in the flow. See layout_table.h for the
 * contract. */
#include "layout/layout_table.h"

#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "layout/layout_para.h"

/* ---- tables ------------------------------------------------------------ */

/* The content of one cell: its paragraphs' lines as a vertical list of
 * items, some of which are whole nested tables. */
typedef struct {
    double h;
    para_lay *pl;               /* line `line` of this paragraph, or a gap when line < 0 */
    int line;
    layout_page *nested;        /* a nested table's boxes, placed atomically */
} cell_item;

typedef struct {
    cell_item *items;
    size_t n;
    double height;              /* sum of item heights */
    para_lay *pls;
    size_t npls;
    layout_page *nested;
    size_t nnested;
} cell_content;

static void cell_content_make(flow *f, const layout_cell *c, double width, cell_content *cc, int depth)
{
    memset(cc, 0, sizeof *cc);
    size_t npara = 0, ntab = 0;
    for (size_t i = 0; i < c->nblocks; i++) {
        if (c->blocks[i].kind == LAYOUT_BLOCK_PARA)
            npara++;
        else
            ntab++;
    }
    cc->pls = xcalloc(npara + 1, sizeof *cc->pls);
    cc->nested = xcalloc(ntab + 1, sizeof *cc->nested);
    size_t cap = 8;
    cc->items = xmalloc(cap * sizeof *cc->items);
#define PUSH_ITEM(ITEM) do { \
        if (cc->n == cap) { cap *= 2; cc->items = xrealloc(cc->items, cap * sizeof *cc->items); } \
        cc->items[cc->n++] = (ITEM); cc->height += (ITEM).h; } while (0)
    for (size_t i = 0; i < c->nblocks; i++) {
        const layout_block *b = &c->blocks[i];
        if (b->kind == LAYOUT_BLOCK_PARA) {
            para_lay *pl = &cc->pls[cc->npls++];
            layout_para_lay_make(f, &b->para, width, true, pl);
            if (pl->before > 0) {
                cell_item it = {pl->before, NULL, -1, NULL};
                PUSH_ITEM(it);
            }
            for (int l = 0; l < pl->t.nlines; l++) {
                cell_item it = {pl->m[l].h, pl, l, NULL};
                PUSH_ITEM(it);
            }
            if (pl->after > 0) {
                cell_item it = {pl->after, NULL, -1, NULL};
                PUSH_ITEM(it);
            }
        } else if (depth < 8) {
            /* a nested table is laid out on a scratch page and moved whole */
            layout_page *tmp = &cc->nested[cc->nnested++];
            flow sub = *f;
            sub.tmp = tmp;
            sub.y = 0;
            sub.top = 0;
            sub.bottom = HUGE_BOTTOM;
            layout_place_table(&sub, &b->table, 0, width, depth + 1);
            f->warned_fonts = sub.warned_fonts;
            f->nwarned = sub.nwarned;
            f->capwarned = sub.capwarned;
            cell_item it = {sub.y, NULL, -1, tmp};
            PUSH_ITEM(it);
        }
    }
#undef PUSH_ITEM
}

static void cell_content_free(cell_content *cc)
{
    for (size_t i = 0; i < cc->npls; i++)
        layout_para_lay_free(&cc->pls[i]);
    for (size_t i = 0; i < cc->nnested; i++)
        free(cc->nested[i].boxes);
    free(cc->pls);
    free(cc->nested);
    free(cc->items);
}

/* Copies a nested table's boxes onto the current page at (dx, dy). */
void layout_emit_nested(flow *f, const layout_page *src, double dx, double dy)
{
    for (size_t i = 0; i < src->nboxes; i++) {
        layout_box *b = layout_box_push(layout_flow_page(f));
        *b = src->boxes[i];
        b->x += dx;
        b->y += dy;
    }
}

/* Draws items [from, to) of a cell's content from `top`. */
static void emit_items(flow *f, cell_content *cc, size_t from, size_t to, double left, double top)
{
    double y = top;
    for (size_t i = from; i < to && i < cc->n; i++) {
        cell_item *it = &cc->items[i];
        if (it->pl && it->line >= 0)
            layout_emit_line(f, it->pl, it->line, left, y);
        else if (it->nested)
            layout_emit_nested(f, it->nested, left, y);
        y += it->h;
    }
}

static void emit_rule(flow *f, double x, double y, double w, double h, const layout_border *b)
{
    if (b->style == 0 || b->width <= 0)
        return;
    layout_box *r = layout_box_push(layout_flow_page(f));
    r->kind = LAYOUT_BOX_RULE;
    r->x = x;
    r->y = y;
    r->w = w;
    r->h = h;
    r->width = b->width;
    r->color = b->color;
    r->style = b->style;
}

/* The frame of one piece of a cell: fill first, borders after the text. */
static void emit_fill(flow *f, const layout_cell *c, double x, double y, double w, double h)
{
    if (!c->has_fill || c->fill == 0xFFFFFF)
        return;
    layout_box *b = layout_box_push(layout_flow_page(f));
    b->kind = LAYOUT_BOX_FILL;
    b->x = x;
    b->y = y;
    b->w = w;
    b->h = h;
    b->color = c->fill;
}

static void emit_borders(flow *f, const layout_cell *c, double x, double y, double w, double h)
{
    emit_rule(f, x, y, w, 0, &c->border[LAYOUT_EDGE_TOP]);
    emit_rule(f, x, y + h, w, 0, &c->border[LAYOUT_EDGE_BOTTOM]);
    emit_rule(f, x, y, 0, h, &c->border[LAYOUT_EDGE_LEFT]);
    emit_rule(f, x + w, y, 0, h, &c->border[LAYOUT_EDGE_RIGHT]);
}

/* A cell being drawn: where its content continues (merged cells run over
 * several rows and, across a page break, several pages). */
typedef struct {
    const layout_cell *cell;
    cell_content cc;
    size_t next;                /* first item not yet drawn */
    double top;                 /* top of the current piece on this page */
    int last_row;               /* the row its merge ends on */
    double pad_top, pad_bottom; /* margin plus border: LibreOffice puts a cell's top border
                                   (and the table's bottom one) inside the row height */
    bool started;               /* a piece has been drawn already */
} live_cell;

typedef struct {
    flow *f;
    const layout_table *t;
    double *colx;               /* x of each grid line */
    double *rowh;               /* natural height of each row */
    live_cell **live;           /* per row: its cells */
    size_t *nlive;
} tbl_ctx;

static double cell_x(const tbl_ctx *tc, const layout_cell *c)
{
    return tc->colx[c->col];
}

static double cell_w(const tbl_ctx *tc, const layout_cell *c)
{
    return tc->colx[c->col + c->span] - tc->colx[c->col];
}

/* Draws the piece of cell lc from lc->top to `bottom`, with as much of its
 * content as fits; `final` says the cell ends here (valign applies). */
static void draw_piece(tbl_ctx *tc, live_cell *lc, double bottom, bool final)
{
    flow *f = tc->f;
    const layout_cell *c = lc->cell;
    double x = cell_x(tc, c), w = cell_w(tc, c);
    double h = bottom - lc->top;
    if (h < 0)
        h = 0;
    emit_fill(f, c, x, lc->top, w, h);
    double inner = h - lc->pad_top - lc->pad_bottom;
    /* A merged cell whose text was all drawn on an earlier page (a 一级 or
     * 二级 label of a group that goes on) shows it again in the part on
     * this page, where it fits whole, so that the continued rows are not
     * left without their label.  Word and LibreOffice leave that part
     * empty; the PDF is read page by page (docs/rendering.md). */
    if (lc->started && lc->next >= lc->cc.n && lc->cc.n && c->rowspan > 1 && lc->cc.height <= inner + EPS) {
        double off = 0;
        if (c->valign == LAYOUT_VALIGN_CENTER)
            off = (inner - lc->cc.height) / 2;
        else if (c->valign == LAYOUT_VALIGN_BOTTOM)
            off = inner - lc->cc.height;
        emit_items(f, &lc->cc, 0, lc->cc.n, x + c->mar[LAYOUT_EDGE_LEFT], lc->top + lc->pad_top + off);
        emit_borders(f, c, x, lc->top, w, h);
        return;
    }
    size_t to = lc->next;
    double used = 0;
    while (to < lc->cc.n && used + lc->cc.items[to].h <= inner + EPS) {
        used += lc->cc.items[to].h;
        to++;
    }
    if (final)
        to = lc->cc.n;   /* the row was sized to hold it all */
    double off = 0;
    if (final && !lc->started) {
        double content = 0;
        for (size_t i = lc->next; i < to; i++)
            content += lc->cc.items[i].h;
        if (c->valign == LAYOUT_VALIGN_CENTER && inner > content)
            off = (inner - content) / 2;
        else if (c->valign == LAYOUT_VALIGN_BOTTOM && inner > content)
            off = inner - content;
    }
    emit_items(f, &lc->cc, lc->next, to, x + c->mar[LAYOUT_EDGE_LEFT], lc->top + lc->pad_top + off);
    lc->next = to;
    lc->started = true;
    emit_borders(f, c, x, lc->top, w, h);
}

/* Height a row needs from cells that start and end in it. */
static double row_height(const layout_row *row, live_cell *cells, size_t n)
{
    double h = 0;
    for (size_t i = 0; i < n; i++) {
        const layout_cell *c = cells[i].cell;
        if (c->rowspan != 1)
            continue;
        double need = cells[i].cc.height + cells[i].pad_top + cells[i].pad_bottom;
        if (need > h)
            h = need;
    }
    if (row->height_rule == LAYOUT_LINE_EXACT && row->height > 0)
        return row->height;
    if (row->height_rule == LAYOUT_LINE_ATLEAST && row->height > h)
        h = row->height;
    return h;
}

/* Draws header rows at the top of a continuation page. */
static void draw_header_rows(tbl_ctx *tc, size_t nheader)
{
    flow *f = tc->f;
    for (size_t r = 0; r < nheader; r++) {
        double h = tc->rowh[r];
        for (size_t i = 0; i < tc->nlive[r]; i++) {
            live_cell *lc = &tc->live[r][i];
            if (lc->cell->rowspan != 1)
                continue;
            size_t save = lc->next;
            bool started = lc->started;
            lc->next = 0;
            lc->started = false;
            lc->top = f->y;
            draw_piece(tc, lc, f->y + h, true);
            lc->next = save;
            lc->started = started;
        }
        f->y += h;
    }
}

/* A row that cannot split (a header row, an exact height) placed at the top
 * of a page: when a cell's text runs past the page bottom, the PDF would
 * lack it, so the layout fails with the row's first words. */
static void lost_row(flow *f, live_cell *cells, size_t n)
{
    if (f->tmp)
        return;
    for (size_t i = 0; i < n; i++) {
        live_cell *lc = &cells[i];
        double need = lc->pad_top + lc->pad_bottom;
        for (size_t k = lc->next; k < lc->cc.n; k++)
            need += lc->cc.items[k].h;
        if (lc->cell->rowspan > 1 || f->y + need <= f->bottom + EPS)
            continue;
        const layout_cell *c = lc->cell;
        char *text = NULL;
        for (size_t b = 0; b < c->nblocks && !text; b++)
            if (c->blocks[b].kind == LAYOUT_BLOCK_PARA) {
                text = layout_para_plain_text(&c->blocks[b].para);
                if (!*text) {
                    free(text);
                    text = NULL;
                }
            }
        if (text && g_utf8_strlen(text, -1) > 30)
            *g_utf8_offset_to_pointer(text, 30) = '\0';
        diag_loc loc = {.part = "word/document.xml"};
        diag_add(f->diags, DIAG_ERROR, loc, "render.lost",
                 "A table row that may not split (a header row or a row of exact height) is taller than a page, "
                 "so the text of its cell beginning \"%s\" would be cut at the page bottom; give the row an "
                 "automatic or at-least height (and no header mark), or shorten the text.", text ? text : "");
        free(text);
        f->lost = true;
        return;
    }
}

void layout_place_table(flow *f, const layout_table *t, double left, double width, int depth)
{
    if (!t->nrows)
        return;
    tbl_ctx tc = {0};
    tc.f = f;
    tc.t = t;
    tc.colx = xcalloc((size_t)t->ncols + 1, sizeof *tc.colx);
    double total = 0;
    for (int i = 0; i < t->ncols; i++)
        total += t->grid[i];
    /* first cell's left margin: Word before 2013 hangs the table into the margin by it */
    double first_mar = t->rows[0].ncells ? t->rows[0].cells[0].mar[LAYOUT_EDGE_LEFT] : 0;
    double x0 = left + t->indent;
    if (f->doc->compat_mode < 15)
        x0 -= first_mar;
    if (t->align == LAYOUT_ALIGN_CENTER)
        x0 = left + (width - total) / 2;
    else if (t->align == LAYOUT_ALIGN_RIGHT)
        x0 = left + width - total;
    tc.colx[0] = x0;
    for (int i = 0; i < t->ncols; i++)
        tc.colx[i + 1] = tc.colx[i] + t->grid[i];

    size_t nr = t->nrows;
    tc.rowh = xcalloc(nr, sizeof *tc.rowh);
    tc.live = xcalloc(nr, sizeof *tc.live);
    tc.nlive = xcalloc(nr, sizeof *tc.nlive);
    for (size_t r = 0; r < nr; r++) {
        const layout_row *row = &t->rows[r];
        tc.live[r] = xcalloc(row->ncells + 1, sizeof **tc.live);
        for (size_t i = 0; i < row->ncells; i++) {
            const layout_cell *c = &row->cells[i];
            if (c->vmerge == 2)
                continue;
            live_cell *lc = &tc.live[r][tc.nlive[r]++];
            lc->cell = c;
            lc->last_row = (int)r + (c->rowspan > 1 ? c->rowspan - 1 : 0);
            const layout_border *bt = &c->border[LAYOUT_EDGE_TOP], *bb = &c->border[LAYOUT_EDGE_BOTTOM];
            lc->pad_top = c->mar[LAYOUT_EDGE_TOP] + (bt->style ? bt->width * (bt->style == 2 ? 3 : 1) : 0);
            lc->pad_bottom = c->mar[LAYOUT_EDGE_BOTTOM];
            if (lc->last_row + 1 == (int)nr && bb->style)
                lc->pad_bottom += bb->width * (bb->style == 2 ? 3 : 1);
            double cw = cell_w(&tc, c) - c->mar[LAYOUT_EDGE_LEFT] - c->mar[LAYOUT_EDGE_RIGHT];
            cell_content_make(f, c, cw > 6 ? cw : 6, &lc->cc, depth);
        }
        tc.rowh[r] = row_height(row, tc.live[r], tc.nlive[r]);
    }
    /* merged cells: the last row they cover grows to hold their content */
    for (size_t r = 0; r < nr; r++)
        for (size_t i = 0; i < tc.nlive[r]; i++) {
            live_cell *lc = &tc.live[r][i];
            if (lc->cell->rowspan <= 1)
                continue;
            double need = lc->cc.height + lc->pad_top + lc->pad_bottom;
            double have = 0;
            for (int k = (int)r; k <= lc->last_row; k++)
                have += tc.rowh[k];
            if (need > have && t->rows[lc->last_row].height_rule != LAYOUT_LINE_EXACT)
                tc.rowh[lc->last_row] += need - have;
        }

    size_t nheader = 0;
    while (nheader < nr && t->rows[nheader].header)
        nheader++;
    if (nheader == nr)
        nheader = 0;   /* a table of header rows only repeats nothing */
    double header_h = 0;
    for (size_t r = 0; r < nheader; r++)
        header_h += tc.rowh[r];

    /* cells that started above and are still open on this page */
    live_cell **open = xcalloc((size_t)t->ncols + 1, sizeof *open);
    size_t nopen = 0;

    for (size_t r = 0; r < nr; r++) {
        const layout_row *row = &t->rows[r];
        double h = tc.rowh[r];
        bool is_header = r < nheader;

        /* keep the header rows with the first body row */
        if (r == 0 && nheader && !f->fresh && !f->tmp && nheader < nr) {
            double first = 0;
            for (size_t i = 0; i < tc.nlive[nheader]; i++) {
                live_cell *lc = &tc.live[nheader][i];
                double need = lc->pad_top + (lc->cc.n ? lc->cc.items[0].h : 0);
                if (need > first)
                    first = need;
            }
            if (t->rows[nheader].cant_split)
                first = tc.rowh[nheader];
            if (f->y + header_h + first > f->bottom + EPS && header_h + first <= f->bottom - f->top)
                layout_new_page(f);
        }

        /* a chain of rows that keep with the next starts here: the chain,
         * the row it keeps with (or what follows the table) share a page
         * unless they are taller than one */
        if (!is_header && !f->fresh && !f->tmp && depth == 0 && layout_row_keeps_next(row) &&
            (r == nheader || !layout_row_keeps_next(&t->rows[r - 1]))) {
            size_t m = r;
            double need = tc.rowh[r];
            while (m < nr && layout_row_keeps_next(&t->rows[m])) {
                if (m + 1 < nr)
                    need += tc.rowh[m + 1];
                m++;
            }
            if (m >= nr)
                need += f->after_need;
            if (f->y + need > f->bottom + EPS && need <= f->bottom - f->top - header_h) {
                for (size_t k = 0; k < nopen; k++)
                    draw_piece(&tc, open[k], f->y, false);
                layout_new_page(f);
                for (size_t k = 0; k < nopen; k++)
                    open[k]->top = f->y + header_h;
                draw_header_rows(&tc, nheader);
                f->fresh = true;
            }
        }

        for (;;) {
            /* a row that ends a page closes the table there with its bottom
             * border, which LibreOffice counts into the room it needs */
            double close = 0;
            if (r + 1 < nr)
                for (size_t i = 0; i < tc.nlive[r]; i++) {
                    const layout_border *bb = &tc.live[r][i].cell->border[LAYOUT_EDGE_BOTTOM];
                    if (bb->style && bb->width > close)
                        close = bb->width;
                }
            if (f->y + h + close <= f->bottom + EPS || f->tmp)
                break;
            /* the row does not fit: move it, or split it */
            /* a row that must not split but is taller than a page (it is
             * at the top of one and still does not fit) splits all the
             * same, as in Word and LibreOffice: cutting it at the page
             * bottom would lose its text */
            bool can_split = (!row->cant_split || f->fresh) && !is_header && row->height_rule != LAYOUT_LINE_EXACT;
            double avail = f->bottom - f->y;
            bool page_has_rows = !f->fresh;
            bool something_fits = false, all_fit = true;
            if (can_split) {
                for (size_t i = 0; i < tc.nlive[r]; i++) {
                    live_cell *lc = &tc.live[r][i];
                    if (lc->cell->rowspan > 1 || lc->next >= lc->cc.n)
                        continue;
                    double rest_h = 0;
                    for (size_t k = lc->next; k < lc->cc.n; k++)
                        rest_h += lc->cc.items[k].h;
                    if (lc->pad_top + lc->cc.items[lc->next].h <= avail - close + EPS)
                        something_fits = true;
                    if (lc->pad_top + rest_h + lc->pad_bottom > avail - close + EPS)
                        all_fit = false;
                }
                /* when only the borders overflow, the row moves whole */
                if (all_fit)
                    something_fits = false;
            }
            if (!can_split || !something_fits) {
                if (!page_has_rows) {
                    /* taller than a page and cannot split: placed from the top,
                     * which is an error if its text then runs off the page */
                    lost_row(f, tc.live[r], tc.nlive[r]);
                    break;
                }
                /* close the merged cells open on this page at the current y */
                for (size_t k = 0; k < nopen; k++)
                    draw_piece(&tc, open[k], f->y, false);
                layout_new_page(f);
                for (size_t k = 0; k < nopen; k++)
                    open[k]->top = f->y + header_h;
                draw_header_rows(&tc, nheader);
                f->fresh = true;   /* only repeated headers so far */
                /* heights may shrink: content already drawn is gone */
                continue;
            }
            /* split: every cell of this row draws what fits down to the page
             * bottom; the rest goes on with the row on the next page */
            double bottom = f->bottom - close;
            double rest = 0;
            for (size_t i = 0; i < tc.nlive[r]; i++) {
                live_cell *lc = &tc.live[r][i];
                lc->top = lc->started ? lc->top : f->y;
                if (lc->cell->rowspan > 1)
                    continue;
                draw_piece(&tc, lc, bottom, false);
                double left_h = 0;
                for (size_t k = lc->next; k < lc->cc.n; k++)
                    left_h += lc->cc.items[k].h;
                left_h += lc->pad_top + lc->pad_bottom;
                if (left_h > rest)
                    rest = left_h;
            }
            for (size_t k = 0; k < nopen; k++)
                draw_piece(&tc, open[k], bottom, false);
            for (size_t i = 0; i < tc.nlive[r]; i++)
                if (tc.live[r][i].cell->rowspan > 1)
                    draw_piece(&tc, &tc.live[r][i], bottom, false);
            layout_new_page(f);
            draw_header_rows(&tc, nheader);
            f->fresh = true;
            for (size_t k = 0; k < nopen; k++)
                open[k]->top = f->y;
            for (size_t i = 0; i < tc.nlive[r]; i++)
                tc.live[r][i].top = f->y;
            h = rest;
        }
        /* the row fits (or must be placed anyway) */
        double top = f->y, bottom = f->y + h;
        for (size_t i = 0; i < tc.nlive[r]; i++) {
            live_cell *lc = &tc.live[r][i];
            if (!lc->started)
                lc->top = top;
            if (lc->cell->rowspan > 1) {
                open[nopen++] = lc;
                continue;
            }
            draw_piece(&tc, lc, bottom, true);
        }
        f->y = bottom;
        f->fresh = false;
        /* merged cells ending on this row are finished */
        for (size_t k = 0; k < nopen;) {
            if (open[k]->last_row == (int)r) {
                draw_piece(&tc, open[k], bottom, true);
                open[k] = open[--nopen];
            } else {
                k++;
            }
        }
    }
    for (size_t k = 0; k < nopen; k++)
        draw_piece(&tc, open[k], f->y, true);
    free(open);
    for (size_t r = 0; r < nr; r++) {
        for (size_t i = 0; i < tc.nlive[r]; i++)
            cell_content_free(&tc.live[r][i].cc);
        free(tc.live[r]);
    }
    free(tc.live);
    free(tc.nlive);
    free(tc.rowh);
    free(tc.colx);
}

/* A row keeps with the next row (the last row: with the paragraph after
 * the table) when every paragraph in its cells has w:keepNext, as Word and
 * LibreOffice read it. */
bool layout_row_keeps_next(const layout_row *row)
{
    size_t n = 0;
    for (size_t i = 0; i < row->ncells; i++)
        for (size_t k = 0; k < row->cells[i].nblocks; k++) {
            const layout_block *b = &row->cells[i].blocks[k];
            if (b->kind != LAYOUT_BLOCK_PARA)
                continue;
            if (!b->para.ppr.keep_next)
                return false;
            n++;
        }
    return n > 0;
}

/* The height of a table's header rows and its first body row (what must
 * follow a keep-with-next caption), or of what fits of that row when the
 * row may split: a line of each cell. */
double layout_table_head_height(flow *f, const layout_table *t)
{
    size_t last = 0;
    while (last < t->nrows && t->rows[last].header)
        last++;
    if (last >= t->nrows)
        last = t->nrows ? t->nrows - 1 : 0;
    double total = 0;
    for (size_t r = 0; r <= last && r < t->nrows; r++) {
        const layout_row *row = &t->rows[r];
        double h = 0;
        bool whole = r < last || row->cant_split;
        for (size_t i = 0; i < row->ncells; i++) {
            const layout_cell *c = &row->cells[i];
            if (c->vmerge == 2)
                continue;
            double w = 0;
            for (int k = c->col; k < c->col + c->span && k < t->ncols; k++)
                w += t->grid[k];
            w -= c->mar[LAYOUT_EDGE_LEFT] + c->mar[LAYOUT_EDGE_RIGHT];
            cell_content cc;
            cell_content_make(f, c, w > 6 ? w : 6, &cc, 1);
            const layout_border *bt = &c->border[LAYOUT_EDGE_TOP];
            double need = c->mar[LAYOUT_EDGE_TOP] + c->mar[LAYOUT_EDGE_BOTTOM] + (bt->style ? bt->width : 0);
            need += whole || c->rowspan > 1 ? (c->rowspan > 1 ? (cc.n ? cc.items[0].h : 0) : cc.height)
                                            : (cc.n ? cc.items[0].h : 0);
            cell_content_free(&cc);
            if (need > h)
                h = need;
        }
        if (row->height_rule != LAYOUT_LINE_AUTO && row->height > h)
            h = row->height;
        total += h;
    }
    return total;
}
