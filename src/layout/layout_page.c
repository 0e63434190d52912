/* layout_page — pagination, headers and footers: layout_doc → layout_pages.
 * See layout_pages.h for the contract, layout_page.h for the flow state
 * the other layout modules share. */
#define _GNU_SOURCE   /* memmem */
#include "layout/layout_page.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "layout/layout_para.h"
#include "layout/layout_table.h"

/* ---- page and box helpers --------------------------------------------- */

layout_box *layout_box_push(layout_page *p)
{
    if (p->nboxes == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 64;
        p->boxes = xrealloc(p->boxes, p->cap * sizeof *p->boxes);
    }
    layout_box *b = &p->boxes[p->nboxes++];
    memset(b, 0, sizeof *b);
    return b;
}

void layout_keep_ref(layout_pages *out, void *obj)
{
    if (out->nrefs == out->caprefs) {
        out->caprefs = out->caprefs ? 2 * out->caprefs : 64;
        out->refs = xrealloc(out->refs, out->caprefs * sizeof *out->refs);
    }
    out->refs[out->nrefs++] = obj;
}

layout_page *layout_flow_page(flow *f)
{
    return f->tmp ? f->tmp : &f->out->pages[f->page_idx];
}

void layout_new_page(flow *f)
{
    layout_pages *o = f->out;
    o->pages = xgrow(o->pages, o->npages, sizeof *o->pages);
    layout_page *p = &o->pages[o->npages];
    memset(p, 0, sizeof *p);
    p->w = f->sec->page_w;
    p->h = f->sec->page_h;
    p->number = ++f->page_number;
    f->page_idx = o->npages++;
    f->y = f->top;
    f->fresh = true;
}

/* ---- blocks, keep-with-next, sections ---------------------------------- */

/* Height of the first line of a block (with its space above): what must
 * follow a keep-with-next paragraph onto the same page. */
static double first_line_height(flow *f, const layout_block *b)
{
    if (b->kind == LAYOUT_BLOCK_TABLE)
        return layout_table_head_height(f, &b->table);
    para_lay pl;
    layout_para_lay_make(f, &b->para, f->width, false, &pl);
    double h = pl.before + (pl.t.nlines ? pl.m[0].h : 0);
    /* with widow/orphan control at least two lines stay, and of three
     * lines all three (two would leave one alone on the next page) */
    if (b->para.ppr.widow && pl.t.nlines > 1)
        h += pl.m[1].h;
    if (b->para.ppr.widow && pl.t.nlines == 3)
        h += pl.m[2].h;
    layout_para_lay_free(&pl);
    return h;
}

static void place_blocks(flow *f, const layout_blocks *bl)
{
    for (size_t i = 0; i < bl->nblocks; i++) {
        const layout_block *b = &bl->blocks[i];
        if (b->kind == LAYOUT_BLOCK_TABLE) {
            const layout_block *nb = i + 1 < bl->nblocks ? &bl->blocks[i + 1] : NULL;
            bool kept = b->table.nrows && layout_row_keeps_next(&b->table.rows[b->table.nrows - 1]);
            f->after_need = kept && nb && !(nb->kind == LAYOUT_BLOCK_PARA && nb->para.ppr.page_break_before)
                          ? first_line_height(f, nb) : 0;
            layout_place_table(f, &b->table, f->left, f->width, 0);
            f->after_need = 0;
            f->prev_style = NULL;
            continue;
        }
        para_lay pl;
        layout_para_lay_make(f, &b->para, f->width, false, &pl);
        if (b->para.ppr.keep_next && !f->fresh && !f->tmp && !b->para.ppr.page_break_before) {
            /* the chain of keep-with-next paragraphs and the first line
             * after it must share a page */
            double need = layout_para_height(&pl);
            size_t j = i + 1;
            while (j < bl->nblocks && bl->blocks[j].kind == LAYOUT_BLOCK_PARA &&
                   bl->blocks[j].para.ppr.keep_next && !bl->blocks[j].para.ppr.page_break_before && j < i + 8) {
                para_lay q;
                layout_para_lay_make(f, &bl->blocks[j].para, f->width, false, &q);
                need += layout_para_height(&q);
                layout_para_lay_free(&q);
                j++;
            }
            if (j < bl->nblocks && !(bl->blocks[j].kind == LAYOUT_BLOCK_PARA && bl->blocks[j].para.ppr.page_break_before))
                need += first_line_height(f, &bl->blocks[j]);
            if (f->y + need > f->bottom + EPS && need <= f->bottom - f->top)
                layout_new_page(f);
        }
        layout_place_para(f, &b->para, &pl);
        layout_para_lay_free(&pl);
    }
}

/* Lays out a header or footer on page `pg`; footers are bottom-aligned. */
static void place_hf(flow *f, const layout_blocks *bl, bool footer)
{
    if (!bl)
        return;
    layout_page scratch = {0};
    flow sub = *f;
    sub.tmp = &scratch;
    sub.top = sub.y = 0;
    sub.bottom = HUGE_BOTTOM;
    sub.fresh = true;
    sub.prev_style = NULL;
    sub.no_grid = true;
    place_blocks(&sub, bl);
    f->warned_fonts = sub.warned_fonts;
    f->nwarned = sub.nwarned;
    f->capwarned = sub.capwarned;
    double dy = footer ? f->sec->page_h - f->sec->mar_footer - sub.y : f->sec->mar_header;
    layout_emit_nested(f, &scratch, 0, dy);
    free(scratch.boxes);
}

static void setup_section(flow *f, const layout_section *s)
{
    f->sec = s;
    f->top = s->mar_top;
    f->bottom = s->page_h - s->mar_bottom;
    f->left = s->mar_left;
    f->width = s->page_w - s->mar_left - s->mar_right;
    if (f->width < 36)
        f->width = 36;
    if (f->bottom - f->top < 36)
        f->bottom = f->top + 36;
    /* With a document grid LibreOffice shrinks the body to a whole number of
     * grid lines and centres it: half the remainder goes above the first
     * line, half below the last (SwBodyFrame::Format, computed in twips). */
    if (s->grid_type != LAYOUT_GRID_NONE && s->grid_pitch >= 1) {
        long body = lround((f->bottom - f->top) * 20), pitch = lround(s->grid_pitch * 20);
        if (pitch > 0 && body >= pitch) {
            long border = (body % pitch) / 2;
            f->top += border / 20.0;
            f->bottom = f->top + (double)(body / pitch * pitch) / 20.0;
        }
    }
}

static bool blocks_have_numpages(const layout_blocks *bl)
{
    for (size_t i = 0; i < bl->nblocks; i++)
        if (bl->blocks[i].kind == LAYOUT_BLOCK_PARA)
            for (size_t k = 0; k < bl->blocks[i].para.nruns; k++)
                if (bl->blocks[i].para.runs[k].kind == LAYOUT_RUN_FIELD &&
                    bl->blocks[i].para.runs[k].field == LAYOUT_FIELD_NUMPAGES)
                    return true;
    return false;
}

static layout_pages *paginate_once(const layout_doc *doc, layout_fonts *fonts, diag_list *diags, int numpages,
                                   bool report_fonts)
{
    layout_pages *out = xcalloc(1, sizeof *out);
    flow f;
    memset(&f, 0, sizeof f);
    f.doc = doc;
    f.fonts = fonts;
    f.pctx = layout_fonts_context(fonts);
    diag_list scratch;
    diag_list_init(&scratch);
    f.diags = report_fonts ? diags : &scratch;
    f.out = out;
    f.numpages = numpages;

    size_t *first_page = xcalloc(doc->nsections + 1, sizeof *first_page);
    for (size_t si = 0; si < doc->nsections; si++) {
        const layout_section *s = &doc->sections[si];
        if (si > 0 && si + 1 == doc->nsections && s->body.nblocks == 0)
            break;   /* the empty last section after a sectPr in the final paragraph */
        setup_section(&f, s);
        if (s->page_start > 0)
            f.page_number = s->page_start - 1;
        first_page[si] = out->npages;
        layout_new_page(&f);
        f.prev_style = NULL;
        place_blocks(&f, &s->body);
    }
    if (!out->npages) {
        setup_section(&f, &doc->sections[0]);
        layout_new_page(&f);
    }
    /* headers and footers, now that the page count is known */
    f.numpages = (int)out->npages;
    size_t si = 0;
    for (size_t p = 0; p < out->npages; p++) {
        while (si + 1 < doc->nsections && p >= first_page[si + 1] && first_page[si + 1] > 0)
            si++;
        const layout_section *s = &doc->sections[si];
        setup_section(&f, s);
        f.page_idx = p;
        f.page_number = out->pages[p].number;
        int kind = 0;
        if (s->title_pg && p == first_page[si])
            kind = 1;
        else if (doc->even_and_odd && out->pages[p].number % 2 == 0)
            kind = 2;
        const layout_blocks *hdr = s->header[kind], *ftr = s->footer[kind];
        if (kind == 1) {   /* a first-page header that is absent means an empty one */
            hdr = s->header[1];
            ftr = s->footer[1];
        } else if (kind == 2) {
            hdr = s->header[2];
            ftr = s->footer[2];
        }
        place_hf(&f, hdr, false);
        place_hf(&f, ftr, true);
    }
    free(first_page);
    for (size_t i = 0; i < f.nwarned; i++)
        free(f.warned_fonts[i]);
    free(f.warned_fonts);
    diag_list_free(&scratch);
    if (f.lost) {
        layout_pages_free(out);
        return NULL;
    }
    return out;
}

layout_pages *layout_paginate(const layout_doc *doc, layout_fonts *fonts, diag_list *diags)
{
    if (!doc || !doc->nsections || !fonts) {
        diag_loc loc = {0};
        diag_add(diags, DIAG_ERROR, loc, "render.empty", "There is no document to lay out.");
        return NULL;
    }
    bool body_numpages = false;
    for (size_t i = 0; i < doc->nsections; i++)
        body_numpages |= blocks_have_numpages(&doc->sections[i].body);
    if (!body_numpages)
        return paginate_once(doc, fonts, diags, 0, true);
    /* NUMPAGES in the body: lay out twice, the second time with the count */
    layout_pages *first = paginate_once(doc, fonts, diags, 0, false);
    int n = first ? (int)first->npages : 1;
    layout_pages_free(first);
    return paginate_once(doc, fonts, diags, n, true);
}

void layout_pages_free(layout_pages *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->npages; i++)
        free(p->pages[i].boxes);
    free(p->pages);
    for (size_t i = 0; i < p->noutline; i++)
        free(p->outline[i].title);
    free(p->outline);
    for (size_t i = 0; i < p->nrefs; i++)
        g_object_unref(p->refs[i]);
    free(p->refs);
    free(p);
}

char *layout_page_text(const layout_page *page)
{
    strbuf b = STRBUF_INIT;
    for (size_t i = 0; i < page->nboxes; i++) {
        const layout_box *bx = &page->boxes[i];
        if (bx->kind != LAYOUT_BOX_TEXT || !bx->line)
            continue;
        /* a hanging mark keeps its (zero-width) place in its line's text,
         * so its own box adds nothing */
        if (bx->joins)
            continue;
        const char *text = pango_layout_get_text(bx->line->layout);
        /* without the zero-width spaces that carry the CJK/Latin gaps */
        const char *s = text + bx->line->start_index, *end = s + bx->line->length;
        while (s < end) {
            const char *zw = memmem(s, (size_t)(end - s), "\u200B", 3);
            const char *stop = zw ? zw : end;
            strbuf_add(&b, s, (size_t)(stop - s));
            s = zw ? zw + 3 : end;
        }
        strbuf_addc(&b, '\n');
    }
    if (!b.data)
        return xstrdup("");
    return strbuf_take(&b);
}
