/* layout_para — a paragraph placed in the flow. See layout_para.h for the
 * contract. */
#include "layout/layout_para.h"

#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

/* ---- paragraphs -------------------------------------------------------- */

void layout_para_lay_make(flow *f, const layout_para *p, double width, bool in_table, para_lay *pl)
{
    pl->on_grid = !f->no_grid && f->sec->grid_type != LAYOUT_GRID_NONE && p->ppr.snap_grid;
    /* LibreOffice hangs punctuation into the page margin only: in a table
     * cell the mark goes down with the character before it */
    layout_shape_para(f, p, width, pl->on_grid, !in_table, &pl->t);
    pl->m = xcalloc((size_t)pl->t.nlines + 1, sizeof *pl->m);
    for (int i = 0; i < pl->t.nlines; i++)
        pl->m[i] = layout_line_height(f, &p->ppr, &pl->t, i, pl->on_grid);
    pl->before = p->ppr.space_before;
    pl->after = p->ppr.space_after;
}

void layout_para_lay_free(para_lay *pl)
{
    layout_para_text_free(&pl->t);
    free(pl->m);
}

/* The first of n refs (sorted by their index) at or after byte idx. */
#define LOWER_BOUND(ARR, N, IDX, OUT) do { \
        size_t lo_ = 0, hi_ = (N); \
        while (lo_ < hi_) { \
            size_t mid_ = lo_ + (hi_ - lo_) / 2; \
            if ((ARR)[mid_].index < (IDX)) lo_ = mid_ + 1; else hi_ = mid_; \
        } \
        (OUT) = lo_; } while (0)

static double piece_shift(const para_lay *pl, int i)
{
    return pl->t.loff[i] > 0 ? pl->t.cont_shift : 0;
}

/* Draws line i of a paragraph with its top at `top`. */
void layout_emit_line(flow *f, para_lay *pl, int i, double left, double top)
{
    layout_page *pg = layout_flow_page(f);
    double base = top + pl->m[i].base;
    double x = left + pl->t.x0 + pl->t.lx[i];
    PangoLayoutLine *line = pl->t.lines[i];
    PangoLayout *lay = pl->t.llay[i];
    size_t off = pl->t.loff[i];
    if (line && line->length > 0) {
        layout_box *b = layout_box_push(pg);
        b->kind = LAYOUT_BOX_TEXT;
        b->x = x;
        b->y = base;
        b->w = pl->t.lw[i];
        b->h = pl->m[i].h;
        b->line = line;
        /* the layout must outlive the box */
        bool have = false;
        if (f->out->nrefs && f->out->refs[f->out->nrefs - 1] == lay)
            have = true;
        if (!have) {
            g_object_ref(lay);
            layout_keep_ref(f->out, lay);
        }
    }
    if (!line)
        return;
    size_t ls = off + (size_t)line->start_index, le = ls + (size_t)line->length, k0;
    LOWER_BOUND(pl->t.hangs, pl->t.nhangs, ls, k0);
    for (size_t k = k0; k < pl->t.nhangs && pl->t.hangs[k].index < le; k++) {
        size_t idx = pl->t.hangs[k].index;
        PangoRectangle pos;
        pango_layout_index_to_pos(lay, (int)(idx - off), &pos);
        layout_box *b = layout_box_push(layout_flow_page(f));
        b->kind = LAYOUT_BOX_TEXT;
        b->x = left + pl->t.x0 + piece_shift(pl, i) + (double)pos.x / PANGO_SCALE;
        b->y = base;
        b->h = pl->m[i].h;
        b->line = pango_layout_get_line_readonly(pl->t.hangs[k].lay, 0);
        b->joins = true;
        g_object_ref(pl->t.hangs[k].lay);
        layout_keep_ref(f->out, pl->t.hangs[k].lay);
    }
    /* inline pictures sit on the baseline at their character's position */
    LOWER_BOUND(pl->t.imgs, pl->t.nimgs, ls, k0);
    for (size_t k = k0; k < pl->t.nimgs && pl->t.imgs[k].index < le; k++) {
        size_t idx = pl->t.imgs[k].index;
        PangoRectangle pos;
        pango_layout_index_to_pos(lay, (int)(idx - off), &pos);
        const layout_run *r = pl->t.imgs[k].run;
        layout_box *b = layout_box_push(layout_flow_page(f));
        b->kind = LAYOUT_BOX_IMAGE;
        b->x = left + pl->t.x0 + piece_shift(pl, i) + (double)pos.x / PANGO_SCALE;
        b->y = base - r->img_h;
        b->w = r->img_w;
        b->h = r->img_h;
        b->img = r->img;
        b->img_len = r->img_len;
        b->img_type = r->img_type;
    }
}

char *layout_para_plain_text(const layout_para *p)
{
    strbuf b = STRBUF_INIT;
    for (size_t i = 0; i < p->nruns && b.len < 400; i++)
        if (p->runs[i].kind == LAYOUT_RUN_TEXT)
            strbuf_adds(&b, p->runs[i].text);
        else if (p->runs[i].kind == LAYOUT_RUN_TAB || p->runs[i].kind == LAYOUT_RUN_BREAK)
            strbuf_addc(&b, ' ');
    /* trim, collapse, cut at a character boundary */
    char *s = b.data ? b.data : xstrdup("");
    if (!b.data)
        b.data = s;
    size_t len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        s[--len] = '\0';
    char *start = s;
    while (*start == ' ')
        start++;
    if (strlen(start) > 240) {
        const char *end = start + 240;
        while (end > start && ((unsigned char)*end & 0xC0) == 0x80)
            end--;
        start[end - start] = '\0';
    }
    char *out = xstrdup(start);
    strbuf_free(&b);
    return out;
}

static void add_outline(flow *f, const layout_para *p, double y)
{
    if (p->ppr.outline < 0 || f->tmp)
        return;
    char *title = layout_para_plain_text(p);
    if (!*title) {
        free(title);
        return;
    }
    layout_pages *o = f->out;
    o->outline = xgrow(o->outline, o->noutline, sizeof *o->outline);
    layout_outline *e = &o->outline[o->noutline++];
    e->level = p->ppr.outline;
    e->title = title;
    e->page = (int)f->page_idx;
    e->y = y;
}

double layout_para_height(const para_lay *pl)
{
    double h = pl->before + pl->after;
    for (int i = 0; i < pl->t.nlines; i++)
        h += pl->m[i].h;
    return h;
}

/* Places a paragraph in the body flow, breaking pages as needed. */
void layout_place_para(flow *f, const layout_para *p, para_lay *pl)
{
    const layout_ppr *pp = &p->ppr;
    if (pp->page_break_before && !f->fresh && !f->tmp)
        layout_new_page(f);
    double before = pl->before;
    if (pp->contextual && f->prev_contextual && f->prev_style && pp->style_id &&
        !strcmp(f->prev_style, pp->style_id))
        before = 0;
    int n = pl->t.nlines;
    double body = f->bottom - f->top;
    if (pp->keep_lines && !f->fresh && !f->tmp) {
        double h = before;
        for (int i = 0; i < n; i++)
            h += pl->m[i].h;
        if (f->y + h > f->bottom + EPS && h <= body + EPS)
            layout_new_page(f);
    }
    int i = 0;
    while (i < n) {
        double y = f->y + (i == 0 ? before : 0);
        int k = 0;
        double yy = y;
        while (i + k < n && yy + pl->m[i + k].h <= f->bottom + EPS) {
            yy += pl->m[i + k].h;
            k++;
        }
        if (i + k < n && !f->tmp) {
            /* widow and orphan control: never one line alone on a page */
            if (pp->widow && n - i >= 2) {
                if (n - i - k == 1)
                    k--;
                if (i == 0 && k == 1)
                    k = 0;
                if (k < 0)
                    k = 0;
            }
            if (k == 0 && f->fresh)
                k = 1;   /* a line taller than the page is placed anyway */
        }
        if (k == 0) {
            /* Word and LibreOffice keep the space above a paragraph that
             * moves to a new page */
            layout_new_page(f);
            continue;
        }
        if (i == 0)
            add_outline(f, p, f->y);
        double top = y;
        for (int j = 0; j < k; j++) {
            layout_emit_line(f, pl, i + j, f->left, top);
            top += pl->m[i + j].h;
        }
        f->y = top;
        f->fresh = false;
        i += k;
        if (i < n)
            layout_new_page(f);
    }
    double after = pl->after;
    f->y += after;
    f->prev_style = pp->style_id;
    f->prev_contextual = pp->contextual;
}
