/* pdf_write — layout_pages → PDF bytes through cairo's PDF surface.
 * See pdf_write.h. */
#include "pdf/pdf_write.h"
#include "../core/i18n.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "pdf/pdf_fonts.h"
#include "pdf/pdf_text.h"
#include "layout/layout_image.h"

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int len)
{
    strbuf_add((strbuf *)closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

int pdf_date_normalise(const char *date, char *buf, size_t size)
{
    if (!date || size < 21)
        return 0;
    int y, mo, d, h = 0, mi = 0, s = 0;
    char tail[8] = "";
    int n = sscanf(date, "%4d-%2d-%2dT%2d:%2d:%2d%7s", &y, &mo, &d, &h, &mi, &s, tail);
    if (n < 3 || (n > 3 && n < 6))
        return 0;
    if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 || h < 0 ||
        mi < 0 || s < 0)
        return 0;
    if (n == 3 && strlen(date) != 10)
        return 0;
    /* cairo 1.16 drops the minutes of a zone offset, so dates are UTC "Z" */
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
    return 1;
}

typedef struct {
    const unsigned char *img;
    cairo_surface_t *surf;
} img_cache;

static cairo_surface_t *image_surface(const layout_box *b, img_cache **cache, size_t *n)
{
    for (size_t i = 0; i < *n; i++)
        if ((*cache)[i].img == b->img)
            return (*cache)[i].surf;
    cairo_surface_t *s = NULL;
    if (b->img_type == LAYOUT_IMAGE_PNG) {
        s = layout_png_decode(b->img, b->img_len);
    } else if (b->img_type == LAYOUT_IMAGE_JPEG) {
        uint32_t w, h;
        /* the layout refused sizes past the limits (docx_limits.h) */
        if (layout_image_size(LAYOUT_IMAGE_JPEG, b->img, b->img_len, &w, &h)) {
            /* the PDF gets the JPEG stream itself; the pixels are never decoded */
            s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w, (int)h);
            cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, b->img, b->img_len, NULL, NULL);
        }
    }
    if (s && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        s = NULL;
    }
    *cache = xgrow(*cache, *n, sizeof **cache);
    (*cache)[*n].img = b->img;
    (*cache)[*n].surf = s;
    (*n)++;
    return s;
}

static void set_rgb(cairo_t *cr, uint32_t c)
{
    cairo_set_source_rgb(cr, ((c >> 16) & 0xFF) / 255.0, ((c >> 8) & 0xFF) / 255.0, (c & 0xFF) / 255.0);
}

static void draw_rule(cairo_t *cr, const layout_box *b)
{
    set_rgb(cr, b->color);
    double w = b->width > 0 ? b->width : 0.5;
    if (b->style == 2) {
        /* a double rule: two thin lines, one each side of the edge */
        double off = w;
        for (int k = -1; k <= 1; k += 2) {
            double dx = b->w == 0 ? k * off : 0, dy = b->h == 0 ? k * off : 0;
            cairo_set_line_width(cr, w / 2 > 0.25 ? w / 2 : 0.25);
            cairo_move_to(cr, b->x + dx, b->y + dy);
            cairo_line_to(cr, b->x + b->w + dx, b->y + b->h + dy);
            cairo_stroke(cr);
        }
        return;
    }
    cairo_set_line_width(cr, w);
    cairo_move_to(cr, b->x, b->y);
    cairo_line_to(cr, b->x + b->w, b->y + b->h);
    cairo_stroke(cr);
}

int pdf_write(const layout_pages *pages, const pdf_meta *meta, char **out, size_t *out_len, diag_list *diags)
{
    *out = NULL;
    *out_len = 0;
    diag_loc loc = {0};
    if (!pages || !pages->npages) {
        diag_add(diags, DIAG_ERROR, loc, "pdf.empty", "There are no pages to write.");
        return -1;
    }
    strbuf buf = STRBUF_INIT;
    cairo_surface_t *surf =
        cairo_pdf_surface_create_for_stream(write_cb, &buf, pages->pages[0].w, pages->pages[0].h);
    if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
        diag_add(diags, DIAG_ERROR, loc, "pdf.cairo", "The PDF surface could not be created: %s.",
                 _(cairo_status_to_string(cairo_surface_status(surf))));
        cairo_surface_destroy(surf);
        strbuf_free(&buf);
        return -1;
    }
    char date[32];
    if (!pdf_date_normalise(meta ? meta->date : NULL, date, sizeof date))
        snprintf(date, sizeof date, "2000-01-01T00:00:00Z");
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, date);
    if (meta && meta->title && *meta->title)
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, meta->title);
    if (meta && meta->author && *meta->author)
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, meta->author);
    if (meta && meta->subject && *meta->subject)
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_SUBJECT, meta->subject);
    if (meta && meta->keywords && *meta->keywords)
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_KEYWORDS, meta->keywords);
    cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR,
                                   meta && meta->creator ? meta->creator : "jixiao");

    /* the fonts learn every glyph before the first is drawn, so that each
     * CFF font is embedded from a view holding just those */
    pdf_fonts_begin_document();
    for (size_t p = 0; p < pages->npages; p++)
        for (size_t i = 0; i < pages->pages[p].nboxes; i++)
            if (pages->pages[p].boxes[i].kind == LAYOUT_BOX_TEXT)
                pdf_fonts_note_line(pages->pages[p].boxes[i].line);

    cairo_t *cr = cairo_create(surf);
    img_cache *cache = NULL;
    size_t ncache = 0;
    for (size_t p = 0; p < pages->npages; p++) {
        const layout_page *pg = &pages->pages[p];
        cairo_pdf_surface_set_size(surf, pg->w, pg->h);
        /* fills under everything, then rules and pictures, then text */
        for (int pass = 0; pass < 3; pass++) {
            for (size_t i = 0; i < pg->nboxes; i++) {
                const layout_box *b = &pg->boxes[i];
                if (pass == 0 && b->kind == LAYOUT_BOX_FILL) {
                    set_rgb(cr, b->color);
                    cairo_rectangle(cr, b->x, b->y, b->w, b->h);
                    cairo_fill(cr);
                } else if (pass == 1 && b->kind == LAYOUT_BOX_RULE) {
                    draw_rule(cr, b);
                } else if (pass == 1 && b->kind == LAYOUT_BOX_IMAGE) {
                    cairo_surface_t *img = image_surface(b, &cache, &ncache);
                    if (!img)
                        continue;
                    int iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
                    if (iw <= 0 || ih <= 0)
                        continue;
                    cairo_save(cr);
                    cairo_translate(cr, b->x, b->y);
                    cairo_scale(cr, b->w / iw, b->h / ih);
                    cairo_set_source_surface(cr, img, 0, 0);
                    cairo_rectangle(cr, 0, 0, iw, ih);
                    cairo_fill(cr);
                    cairo_restore(cr);
                } else if (pass == 2 && b->kind == LAYOUT_BOX_TEXT && b->line) {
                    cairo_set_source_rgb(cr, 0, 0, 0);
                    pdf_text_show_line(cr, b->line, b->x, b->y);
                }
            }
        }
        cairo_show_page(cr);
    }

    /* the outline: each heading under the nearest earlier heading of a
     * higher level */
    int parent_ids[10] = {0};
    int parent_levels[10];
    int depth = 0;
    for (size_t i = 0; i < pages->noutline; i++) {
        const layout_outline *o = &pages->outline[i];
        while (depth > 0 && parent_levels[depth - 1] >= o->level)
            depth--;
        int parent = depth ? parent_ids[depth - 1] : CAIRO_PDF_OUTLINE_ROOT;
        char dest[96];
        snprintf(dest, sizeof dest, "page=%d pos=[0 %.2f]", o->page + 1, o->y);
        int id = cairo_pdf_surface_add_outline(surf, parent, o->title, dest,
                                               o->level == 0 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
        if (depth < 10) {
            parent_ids[depth] = id;
            parent_levels[depth] = o->level;
            depth++;
        }
    }

    cairo_destroy(cr);
    cairo_surface_finish(surf);
    cairo_status_t st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    for (size_t i = 0; i < ncache; i++)
        if (cache[i].surf)
            cairo_surface_destroy(cache[i].surf);
    free(cache);
    if (st != CAIRO_STATUS_SUCCESS) {
        diag_add(diags, DIAG_ERROR, loc, "pdf.cairo", "The PDF could not be written: %s.", _(cairo_status_to_string(st)));
        strbuf_free(&buf);
        return -1;
    }
    *out_len = buf.len;
    *out = strbuf_take(&buf);
    return 0;
}
