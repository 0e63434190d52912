/* pdf_text and pdf_fonts: lines drawn with the read-based fonts look like
 * pango's own drawing, colours and underlines included, and the faces
 * really are read through a stream rather than mapped. */
#include <cairo-ft.h>
#include <pango/pangocairo.h>
#include <stdlib.h>

#include "layout/layout_fonts.h"
#include "pdf/pdf_fonts.h"
#include "pdf/pdf_text.h"
#include "test.h"

enum { W = 520, H = 70 };

static PangoLayout *sample_layout(PangoContext *ctx)
{
    PangoLayout *l = pango_layout_new(ctx);
    PangoFontDescription *fd = pango_font_description_from_string("仿宋 20");
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_markup(l,
                            "预算执行率 <span foreground=\"#FF0000\" underline=\"single\">99.83%</span>"
                            "<span font_family=\"黑体\" weight=\"bold\">，得分</span> 9.98",
                            -1);
    return l;
}

/* The line drawn on white by either renderer. */
static cairo_surface_t *draw(PangoLayout *l, bool ours)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    PangoLayoutLine *line = pango_layout_get_line_readonly(l, 0);
    if (ours) {
        pdf_text_show_line(cr, line, 10.25, 40.5);
    } else {
        cairo_move_to(cr, 10.25, 40.5);
        pango_cairo_show_layout_line(cr, line);
    }
    cairo_destroy(cr);
    cairo_surface_flush(s);
    return s;
}

static void px(cairo_surface_t *s, int x, int y, int *r, int *g, int *b)
{
    const unsigned char *row = cairo_image_surface_get_data(s) + (size_t)y * cairo_image_surface_get_stride(s);
    uint32_t v = ((const uint32_t *)row)[x];
    *r = (v >> 16) & 0xFF;
    *g = (v >> 8) & 0xFF;
    *b = v & 0xFF;
}

static void test_draws_like_pango(PangoContext *ctx)
{
    PangoLayout *l = sample_layout(ctx);
    cairo_surface_t *a = draw(l, false), *b = draw(l, true);
    int inked = 0, differ = 0, red = 0, underline_rows = 0;
    for (int y = 0; y < H; y++) {
        int red_in_row = 0;
        for (int x = 0; x < W; x++) {
            int r1, g1, b1, r2, g2, b2;
            px(a, x, y, &r1, &g1, &b1);
            px(b, x, y, &r2, &g2, &b2);
            if (r2 < 200 || g2 < 200 || b2 < 200)
                inked++;
            if (abs(r1 - r2) > 96 || abs(g1 - g2) > 96 || abs(b1 - b2) > 96)
                differ++;
            if (r2 > 200 && g2 < 60 && b2 < 60) {
                red++;
                red_in_row++;
            }
        }
        if (y > 40 && red_in_row > 40)   /* a long red run below the baseline: the underline */
            underline_rows++;
    }
    CHECK(inked > 1000);
    CHECK(red > 100);
    CHECK(underline_rows >= 1);
    if (differ * 100 > inked || getenv("JX_TEST_VERBOSE"))
        fprintf(stderr, "%d of %d inked pixels differ from pango's drawing\n", differ, inked);
    CHECK(differ * 100 <= inked);
    cairo_surface_destroy(a);
    cairo_surface_destroy(b);

    /* after the caches are dropped, drawing again gives the same pixels
     * (and, under ASan, proves the faces outlive cairo's use of them) */
    cairo_surface_t *c = draw(l, true);
    pdf_text_shutdown();
    pdf_fonts_shutdown();
    cairo_surface_t *d = draw(l, true);
    CHECK(!memcmp(cairo_image_surface_get_data(c), cairo_image_surface_get_data(d),
                  (size_t)cairo_image_surface_get_stride(c) * H));
    cairo_surface_destroy(c);
    cairo_surface_destroy(d);
    g_object_unref(l);
}

static void test_faces_are_streamed(PangoContext *ctx)
{
    PangoLayout *l = sample_layout(ctx);
    PangoLayoutLine *line = pango_layout_get_line_readonly(l, 0);
    int runs = 0;
    for (GSList *r = line->runs; r; r = r->next) {
        PangoGlyphItem *run = r->data;
        PangoFont *font = run->item->analysis.font;
        cairo_scaled_font_t *ours = pdf_fonts_scaled(font, run->glyphs);
        CHECK(ours != NULL);
        if (!ours)
            continue;
        CHECK(pdf_fonts_scaled(font, run->glyphs) == ours);   /* cached */
        runs++;
        FT_Face face = cairo_ft_scaled_font_lock_face(ours);
        CHECK(face != NULL);
        if (face)
            CHECK(face->face_flags & FT_FACE_FLAG_EXTERNAL_STREAM);
        cairo_ft_scaled_font_unlock_face(ours);
        /* same size and advances as pango's own scaled font */
        cairo_scaled_font_t *theirs = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
        cairo_matrix_t m1, m2;
        cairo_scaled_font_get_font_matrix(theirs, &m1);
        cairo_scaled_font_get_font_matrix(ours, &m2);
        CHECK(m1.xx == m2.xx && m1.yy == m2.yy && m1.xy == m2.xy && m1.yx == m2.yx);
        cairo_glyph_t g = {run->glyphs->glyphs[0].glyph, 0, 0};
        cairo_text_extents_t e1, e2;
        cairo_scaled_font_glyph_extents(theirs, &g, 1, &e1);
        cairo_scaled_font_glyph_extents(ours, &g, 1, &e2);
        CHECK(e1.x_advance == e2.x_advance);
    }
    CHECK(runs >= 3);   /* 仿宋, the Latin figures, 黑体 */
    g_object_unref(l);
}

int main(void)
{
    layout_fonts *fonts = layout_fonts_get(NULL);
    CHECK(fonts != NULL);
    if (fonts) {
        PangoContext *ctx = layout_fonts_context(fonts);
        test_faces_are_streamed(ctx);
        test_draws_like_pango(ctx);
    }
    pdf_text_shutdown();
    pdf_fonts_shutdown();
    layout_fonts_shutdown();
    return test_done();
}
