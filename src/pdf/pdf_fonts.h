/* pdf_fonts — the cairo fonts that PDF text is drawn with.
 *
 * Why not pango's own: pango (through cairo-ft) opens font files with
 * FreeType, which maps the whole file into memory, and cairo 1.16 embeds a
 * CFF font by copying its entire CFF table first (23 MB for Noto Serif CJK,
 * 16 MB for Noto Sans CJK), twice per PDF.  Through a mapping that copy
 * made every page of the table resident for the life of the process (66 MB
 * per batch worker); and any copy of it is a 24 MB allocation and a 24 MB
 * read per font per PDF.  So:
 *
 *  - the faces made here read their files with pread() through a few small
 *    windows, so font data passes through the shared page cache;
 *  - a document notes the glyphs it will draw before drawing
 *    (pdf_fonts_note_line), and a CFF face is then drawn through a
 *    pdf_cffview of its file that holds only those glyphs' charstrings, so
 *    the table cairo copies and embeds from is a few megabytes.  Glyphs,
 *    metrics and the embedded subsets are the same as from the whole file.
 *
 * Layout is unchanged: pango still measures and shapes with its fonts; only
 * drawing uses these, with the same file, face index, size, matrix and
 * options.
 *
 * One cache per process, like layout_fonts, and one document at a time:
 * the glyph set of a CFF face's view is the current document's until the
 * next pdf_fonts_begin_document, so a PDF surface must be finished before
 * the next document begins.  Everything returned belongs to the cache. */
#ifndef JX_PDF_FONTS_H
#define JX_PDF_FONTS_H

#include <cairo.h>
#include <pango/pango.h>
#include <stdbool.h>

/* Starts a document: forgets the glyphs noted for the last one. */
void pdf_fonts_begin_document(void);

/* Notes the glyphs `line` draws.  Note every line of the document before
 * drawing any; glyphs noted later are drawn from the whole font file. */
void pdf_fonts_note_line(PangoLayoutLine *line);

/* The scaled font to draw `glyphs` of `font` with, or NULL when no
 * read-based face can be made for it (not a fontconfig/FreeType font, file
 * unreadable): the caller then draws with pango's own scaled font. */
cairo_scaled_font_t *pdf_fonts_scaled(PangoFont *font, const PangoGlyphString *glyphs);

/* Whether CFF faces are drawn through views of the noted glyphs (the
 * default) or always from the whole file; for tests that compare both. */
void pdf_fonts_set_cutting(bool on);

/* Frees the cache (for leak checkers at exit).  Nothing drawn with a font
 * from the cache may be pending: call it after the last PDF is finished. */
void pdf_fonts_shutdown(void);

#endif
