/* pdf_text — draws a pango layout line into a cairo context with the fonts
 * of pdf_fonts, as pango_cairo_show_layout_line would with pango's own.
 *
 * Glyphs go out with cairo_show_text_glyphs and their clusters, so the PDF
 * keeps the text (ToUnicode, copy and search); colours, underlines and
 * strike-through come from pango's renderer as usual.  Runs that cairo
 * cannot draw with a pdf_fonts font (no such font, glyphs missing from the
 * font, right-to-left text) are drawn by pango itself.
 *
 * Not thread-safe (one renderer per process, like the font caches). */
#ifndef JX_PDF_TEXT_H
#define JX_PDF_TEXT_H

#include <cairo.h>
#include <pango/pango.h>

/* Draws `line` with its baseline's left end at (x, y) in cr's user space. */
void pdf_text_show_line(cairo_t *cr, PangoLayoutLine *line, double x, double y);

/* Frees the renderer (for leak checkers at exit). */
void pdf_text_shutdown(void);

#endif
