/* Fuzz target: pdf_cffview on any font file.  The first two bytes choose
 * the capacity (16 + 64 * b0 bytes), the face (b1 bit 0) and the glyph set
 * (b1 bit 1: every glyph but the last, which must stay out to hold the
 * padding), the rest is the file.  Any input must give a refusal or a view
 * that reads the same however it is read, never a crash; and with that
 * nearly full set, FreeType must find the same outline for each glyph of
 * it in the view as in the file.  (Not with any set: in a damaged font a
 * charstring that ends without endchar but with arguments is taken by
 * FreeType as a seac accent built from two other glyphs, which the set
 * need not hold.  Real CID-keyed fonts have no seac.) */
#include <ft2build.h>
#include FT_FREETYPE_H
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/pdf_cffview.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    const unsigned char *p;
    unsigned long n;
} mem;

static unsigned long mem_read(void *ctx, unsigned long off, unsigned char *buf, unsigned long len)
{
    mem *m = ctx;
    if (off >= m->n)
        return 0;
    if (len > m->n - off)
        len = m->n - off;
    memcpy(buf, m->p + off, len);
    return len;
}

enum { MAX_VIEW = 1 << 22, MAX_ORACLE_GLYPHS = 512 };

static FT_Library lib;

/* The same outline (points and tags) for glyph g in both faces, or either
 * cannot load it. */
static int same_outline(FT_Face a, FT_Face b, unsigned g)
{
    if (FT_Load_Glyph(a, g, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING) != 0 ||
        FT_Load_Glyph(b, g, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING) != 0)
        return 1;
    FT_Outline *x = &a->glyph->outline, *y = &b->glyph->outline;
    if (x->n_points != y->n_points || x->n_contours != y->n_contours)
        return 0;
    for (int i = 0; i < x->n_points; i++)
        if (x->points[i].x != y->points[i].x || x->points[i].y != y->points[i].y || x->tags[i] != y->tags[i])
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    unsigned long capacity = 16 + 64UL * data[0];
    unsigned pick = data[1];
    mem file = {data + 2, (unsigned long)(size - 2)};
    pdf_cffview *v = pdf_cffview_open(mem_read, &file, file.n, pick & 1, capacity);
    if (!v)
        return 0;
    unsigned count = pdf_cffview_glyph_count(v);
    uint16_t *gids = malloc(count * sizeof *gids);
    size_t n = 0;
    for (unsigned g = 0; g < count; g++)
        if ((pick & 2) ? g + 1 < count : (g == 0 || (g * 7 + pick) % 5 == 0))
            gids[n++] = (uint16_t)g;
    bool set = pdf_cffview_set_glyphs(v, gids, n);

    unsigned long vsize = pdf_cffview_size(v);
    if (vsize <= MAX_VIEW) {
        /* one read, then reads of an odd size: the same bytes */
        unsigned char *a = malloc(vsize), *b = malloc(vsize);
        unsigned long got = pdf_cffview_read(v, 0, a, vsize), step = 1 + pick % 97;
        unsigned long off = 0;
        while (off < vsize) {
            unsigned long k = pdf_cffview_read(v, off, b + off, step < vsize - off ? step : vsize - off);
            if (!k)
                break;
            off += k;
        }
        if (got != off || memcmp(a, b, got) != 0)
            abort();
        if (set && (pick & 2) && got == vsize && (lib || FT_Init_FreeType(&lib) == 0)) {
            FT_Face orig, view;
            if (FT_New_Memory_Face(lib, file.p, (FT_Long)file.n, pick & 1, &orig) == 0) {
                if (FT_New_Memory_Face(lib, a, (FT_Long)vsize, pick & 1, &view) == 0) {
                    for (size_t i = 0; i < n && i < MAX_ORACLE_GLYPHS; i++)
                        if (!same_outline(orig, view, gids[i]))
                            abort();
                    FT_Done_Face(view);
                }
                FT_Done_Face(orig);
            }
        }
        free(a);
        free(b);
    }
    free(gids);
    pdf_cffview_free(v);
    return 0;
}
