/* pdf_text — a PangoRenderer that draws with pdf_fonts.  See pdf_text.h. */
#include "pdf/pdf_text.h"

#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stdlib.h>

#include "core/strbuf.h"
#include "pdf/pdf_fonts.h"

typedef struct {
    PangoRenderer parent;
    cairo_t *cr;        /* borrowed for one pdf_text_show_line call */
    double ox, oy;      /* where the line starts, added to pango's positions */
} JxPdfRenderer;

typedef struct {
    PangoRendererClass parent_class;
} JxPdfRendererClass;

GType jx_pdf_renderer_get_type(void);
G_DEFINE_TYPE(JxPdfRenderer, jx_pdf_renderer, PANGO_TYPE_RENDERER)

static JxPdfRenderer *the_renderer;

/* The part's colour as the source, as pango's cairo renderer does: no
 * colour keeps the caller's source; an alpha alone changes only the alpha. */
static void set_source(JxPdfRenderer *self, PangoRenderPart part)
{
    PangoColor *color = pango_renderer_get_color(&self->parent, part);
    guint16 alpha = pango_renderer_get_alpha(&self->parent, part);
    if (!color && !alpha)
        return;
    double r = 0, g = 0, b = 0;
    if (color) {
        r = color->red / 65535.0;
        g = color->green / 65535.0;
        b = color->blue / 65535.0;
    } else {
        cairo_pattern_t *src = cairo_get_source(self->cr);
        if (src && cairo_pattern_get_type(src) == CAIRO_PATTERN_TYPE_SOLID)
            cairo_pattern_get_rgba(src, &r, &g, &b, NULL);
    }
    cairo_set_source_rgba(self->cr, r, g, b, alpha ? alpha / 65535.0 : 1.0);
}

static bool drawable_run(const PangoGlyphString *glyphs)
{
    for (int i = 0; i < glyphs->num_glyphs; i++) {
        PangoGlyph g = glyphs->glyphs[i].glyph;
        if (g != PANGO_GLYPH_EMPTY && (g & PANGO_GLYPH_UNKNOWN_FLAG))
            return false;   /* pango draws the hex box of a missing glyph */
    }
    return true;
}

/* One glyph into out[*n] (empty glyphs take space but are not drawn). */
static void add_glyph(const PangoGlyphInfo *gi, double base_x, double base_y, long long *x_pos, cairo_glyph_t *out,
                      int *n)
{
    if (gi->glyph != PANGO_GLYPH_EMPTY) {
        out[*n].index = gi->glyph;
        out[*n].x = base_x + (double)(*x_pos + gi->geometry.x_offset) / PANGO_SCALE;
        out[*n].y = base_y + (double)gi->geometry.y_offset / PANGO_SCALE;
        (*n)++;
    }
    *x_pos += gi->geometry.width;
}

static void draw_glyphs(PangoRenderer *renderer, PangoFont *font, PangoGlyphString *glyphs, int x, int y)
{
    JxPdfRenderer *self = (JxPdfRenderer *)renderer;
    cairo_t *cr = self->cr;
    cairo_scaled_font_t *sf = pdf_fonts_scaled(font, glyphs);
    cairo_save(cr);
    set_source(self, PANGO_RENDER_PART_FOREGROUND);
    if (!sf || !drawable_run(glyphs)) {
        cairo_move_to(cr, self->ox + (double)x / PANGO_SCALE, self->oy + (double)y / PANGO_SCALE);
        pango_cairo_show_glyph_string(cr, font, glyphs);
        cairo_restore(cr);
        return;
    }
    cairo_glyph_t *out = xmalloc(((size_t)glyphs->num_glyphs + 1) * sizeof *out);
    int n = 0;
    long long x_pos = 0;   /* a glyph string wider than 2^31 units must not wrap */
    double bx = self->ox + (double)x / PANGO_SCALE, by = self->oy + (double)y / PANGO_SCALE;
    for (int i = 0; i < glyphs->num_glyphs; i++)
        add_glyph(&glyphs->glyphs[i], bx, by, &x_pos, out, &n);
    cairo_set_scaled_font(cr, sf);
    cairo_show_glyphs(cr, out, n);
    free(out);
    cairo_restore(cr);
}

static void draw_glyph_item(PangoRenderer *renderer, const char *text, PangoGlyphItem *item, int x, int y)
{
    JxPdfRenderer *self = (JxPdfRenderer *)renderer;
    cairo_t *cr = self->cr;
    PangoFont *font = item->item->analysis.font;
    PangoGlyphString *glyphs = item->glyphs;
    if (!text || item->item->length <= 0) {
        draw_glyphs(renderer, font, glyphs, x, y);
        return;
    }
    cairo_scaled_font_t *sf = pdf_fonts_scaled(font, glyphs);
    cairo_save(cr);
    set_source(self, PANGO_RENDER_PART_FOREGROUND);
    /* right-to-left clusters run backwards through the glyphs; none of our
     * documents has them, so pango keeps that case */
    if (!sf || !drawable_run(glyphs) || (item->item->analysis.level & 1)) {
        cairo_move_to(cr, self->ox + (double)x / PANGO_SCALE, self->oy + (double)y / PANGO_SCALE);
        pango_cairo_show_glyph_item(cr, text, item);
        cairo_restore(cr);
        return;
    }
    size_t cap = (size_t)glyphs->num_glyphs + 1;
    cairo_glyph_t *out = xmalloc(cap * sizeof *out);
    cairo_text_cluster_t *clusters = xmalloc(cap * sizeof *clusters);
    int n = 0, nclusters = 0;
    long long x_pos = 0;
    double bx = self->ox + (double)x / PANGO_SCALE, by = self->oy + (double)y / PANGO_SCALE;
    PangoGlyphItemIter it;
    for (gboolean more = pango_glyph_item_iter_init_start(&it, item, text); more;
         more = pango_glyph_item_iter_next_cluster(&it)) {
        int before = n;
        for (int i = it.start_glyph; i < it.end_glyph; i++)
            add_glyph(&glyphs->glyphs[i], bx, by, &x_pos, out, &n);
        clusters[nclusters].num_bytes = it.end_index - it.start_index;
        clusters[nclusters].num_glyphs = n - before;
        nclusters++;
    }
    cairo_set_scaled_font(cr, sf);
    cairo_show_text_glyphs(cr, text + item->item->offset, item->item->length, out, n, clusters, nclusters, 0);
    free(out);
    free(clusters);
    cairo_restore(cr);
}

static void draw_rectangle(PangoRenderer *renderer, PangoRenderPart part, int x, int y, int width, int height)
{
    JxPdfRenderer *self = (JxPdfRenderer *)renderer;
    cairo_save(self->cr);
    set_source(self, part);
    cairo_rectangle(self->cr, self->ox + (double)x / PANGO_SCALE, self->oy + (double)y / PANGO_SCALE,
                    (double)width / PANGO_SCALE, (double)height / PANGO_SCALE);
    cairo_fill(self->cr);
    cairo_restore(self->cr);
}

/* Error underlines come here through pango's default, in user space less
 * the line's origin (the renderer's matrix is the identity). */
static void draw_trapezoid(PangoRenderer *renderer, PangoRenderPart part, double y1, double x11, double x21, double y2,
                           double x12, double x22)
{
    JxPdfRenderer *self = (JxPdfRenderer *)renderer;
    cairo_t *cr = self->cr;
    cairo_save(cr);
    set_source(self, part);
    cairo_translate(cr, self->ox, self->oy);
    cairo_move_to(cr, x11, y1);
    cairo_line_to(cr, x21, y1);
    cairo_line_to(cr, x22, y2);
    cairo_line_to(cr, x12, y2);
    cairo_close_path(cr);
    cairo_fill(cr);
    cairo_restore(cr);
}

static void jx_pdf_renderer_init(JxPdfRenderer *self)
{
    self->cr = NULL;
    self->ox = self->oy = 0;
}

static void jx_pdf_renderer_class_init(JxPdfRendererClass *klass)
{
    PangoRendererClass *rc = PANGO_RENDERER_CLASS(klass);
    rc->draw_glyphs = draw_glyphs;
    rc->draw_glyph_item = draw_glyph_item;
    rc->draw_rectangle = draw_rectangle;
    rc->draw_trapezoid = draw_trapezoid;
}

void pdf_text_show_line(cairo_t *cr, PangoLayoutLine *line, double x, double y)
{
    if (!the_renderer)
        the_renderer = g_object_new(jx_pdf_renderer_get_type(), NULL);
    the_renderer->cr = cr;
    the_renderer->ox = x;
    the_renderer->oy = y;
    pango_renderer_draw_layout_line(&the_renderer->parent, line, 0, 0);
    the_renderer->cr = NULL;
}

void pdf_text_shutdown(void)
{
    if (the_renderer)
        g_object_unref(the_renderer);
    the_renderer = NULL;
}
