/* pdf_fonts — the cairo fonts that PDF text is drawn with.
 *
 * Why not pango's own: pango (through cairo-ft) opens font files with
 * FreeType, which maps the whole file into memory.  When cairo 1.16 embeds
 * a CFF font it copies the entire CFF table first (23 MB for Noto Serif CJK,
 * 16 MB for Noto Sans CJK), so every page of the table is touched through
 * that mapping and stays resident for the life of the process: the three
 * CJK faces of a report added 66 MB to each batch worker.  The faces made
 * here read their files with pread() into FreeType's own buffers instead,
 * so font data passes through the page cache, shared by all processes,
 * and never counts against a worker.  The price is a kernel copy instead
 * of a user-space one: cairo reads each CFF table twice per PDF (about
 * 140 MB per report), which costs some 10-20% more time per report; mapping
 * and unmapping windows instead is far slower (a page fault per page).  Layout is unchanged: pango still
 * measures and shapes with its fonts; only drawing uses these, with the
 * same file, face index, size, matrix and options.
 *
 * One cache per process, like layout_fonts.  Everything returned belongs to
 * the cache. */
#ifndef JX_PDF_FONTS_H
#define JX_PDF_FONTS_H

#include <cairo.h>
#include <pango/pango.h>

/* The scaled font to draw the glyphs of `font` with, or NULL when no
 * read-based face can be made for it (not a fontconfig/FreeType font, file
 * unreadable): the caller then draws with pango's own scaled font. */
cairo_scaled_font_t *pdf_fonts_scaled(PangoFont *font);

/* Frees the cache (for leak checkers at exit).  Nothing drawn with a font
 * from the cache may be pending: call it after the last PDF is finished. */
void pdf_fonts_shutdown(void);

#endif
