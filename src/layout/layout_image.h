/* layout_image — what the layout and the PDF writer both need to know of a
 * picture's bytes: its kind, the pixel size its header declares, and (for
 * PNG) its decoded pixels.  One reading of the headers, so that a picture
 * the layout accepted is one the PDF writer can draw.
 *
 * Pure functions of the bytes given; nothing is kept. */
#ifndef JX_LAYOUT_IMAGE_H
#define JX_LAYOUT_IMAGE_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* LAYOUT_IMAGE_PNG or LAYOUT_IMAGE_JPEG (layout_doc.h) by the signature; 0 for anything else. */
int layout_image_type(const unsigned char *b, size_t n);

/* The pixel size in the header (PNG IHDR, JPEG frame header SOFn); false
 * when the header ends before it says, or says 0. */
bool layout_image_size(int type, const unsigned char *b, size_t n, uint32_t *w, uint32_t *h);

/* The PNG decoded by cairo.  The caller destroys the surface, which is
 * never NULL; check cairo_surface_status for a damaged file. */
cairo_surface_t *layout_png_decode(const unsigned char *b, size_t n);

#endif
