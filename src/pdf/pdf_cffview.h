/* pdf_cffview — an OpenType/CFF font file as cairo should see it when it
 * embeds one document's glyphs.
 *
 * Why: cairo 1.16 embeds a CFF font by first copying its whole CFF table
 * into memory, twice per PDF (24 MB for Noto Serif CJK Bold), although a
 * report draws a thousand glyphs of the 65,535.  A view is the same file
 * with a rewritten CFF table whose CharStrings INDEX holds the charstrings
 * of a chosen glyph set and nothing for the other glyphs, so the table is a
 * few megabytes.  Glyph ids, metrics, hinting and every other table are
 * those of the file, so the glyphs a document draws, and the subset cairo
 * embeds, are the same as from the file itself.
 *
 * A face with subroutines (Noto CJK has some 3,000 global and 30,000
 * local ones) is shown without them: the set's charstrings have their
 * calls inlined (pdf_t2flat) and every Subrs INDEX holds one `return`,
 * because cairo keeps every entry of those INDEXes in each subset it
 * writes (an unused one as one byte plus its offset), some 100 KB a face
 * however few glyphs it draws.  Whether a view inlines is fixed when it
 * opens (FreeType reads the Subrs when it opens a face); a glyph that
 * cannot be inlined (pdf_t2flat.h) makes pdf_cffview_set_glyphs fail.
 *
 * The view's size and layout never change after opening: the CharStrings
 * data has a fixed capacity, and what a glyph set does not use is padding
 * kept in a glyph the set lacks.  So one FreeType face can read the view
 * for document after document while only the glyph set changes; FreeType
 * reads charstrings and their offsets on demand from a stream, never at
 * opening (tests/unit/test_pdf_cffview.c checks that it still does).
 *
 * The view reads the file through a callback and keeps no file data of its
 * own beyond a few patched bytes and, per glyph of the set, where its
 * charstring lies.  Not thread-safe; one owner. */
#ifndef JX_PDF_CFFVIEW_H
#define JX_PDF_CFFVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Reads up to len bytes of the file at off into buf; returns how many were
 * read (fewer only at the end of the file or on an error). */
typedef unsigned long (*pdf_cffview_read_fn)(void *ctx, unsigned long off, unsigned char *buf, unsigned long len);

typedef struct pdf_cffview pdf_cffview;

/* A view of face `index` of the font file of `file_size` bytes that `read`
 * reads, holding up to `capacity` bytes of charstrings.  NULL when the face
 * is not OpenType with a CID-keyed CFF table (as CJK fonts are), the table
 * cannot be parsed, or a view would not be smaller than the table.  The caller frees it with
 * pdf_cffview_free; `ctx` must outlive it. */
pdf_cffview *pdf_cffview_open(pdf_cffview_read_fn read, void *ctx, unsigned long file_size, int index,
                              unsigned long capacity);

/* The number of bytes of the view (the file followed by the new CFF table). */
unsigned long pdf_cffview_size(const pdf_cffview *v);

/* The number of glyphs of the face. */
unsigned pdf_cffview_glyph_count(const pdf_cffview *v);

/* Makes `gids` (ascending, no repeats) the glyphs of the view; other glyphs
 * then have empty charstrings.  Glyph 0 (.notdef) should be among them:
 * cairo embeds it in every subset.  Returns false, leaving the view with no
 * glyphs, when a glyph id is out of range, the file cannot be read, a
 * charstring cannot be inlined, or the charstrings do not fit in the
 * capacity. */
bool pdf_cffview_set_glyphs(pdf_cffview *v, const uint16_t *gids, size_t n);

/* Reads up to len bytes of the view at off into buf; returns how many were
 * read (fewer only at the end of the view or when the file could not be
 * read). */
unsigned long pdf_cffview_read(pdf_cffview *v, unsigned long off, unsigned char *buf, unsigned long len);

void pdf_cffview_free(pdf_cffview *v);

#endif
