#include "layout/layout_image.h"
#include "layout/layout_doc.h"

#include <string.h>

int layout_image_type(const unsigned char *b, size_t n)
{
    if (n >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8))
        return LAYOUT_IMAGE_PNG;
    if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        return LAYOUT_IMAGE_JPEG;
    return 0;
}

static uint32_t be32(const unsigned char *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* The marker segments up to the first frame header (SOF0-SOF15 less DHT,
 * JPG and DAC, which share the range). */
static bool jpeg_size(const unsigned char *b, size_t n, uint32_t *w, uint32_t *h)
{
    size_t i = 2;
    while (i + 4 <= n) {
        if (b[i] != 0xFF)
            return false;
        unsigned char m = b[i + 1];
        if (m == 0xFF) {            /* fill byte */
            i++;
            continue;
        }
        if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {
            i += 2;
            continue;
        }
        size_t seg = (size_t)b[i + 2] << 8 | b[i + 3];
        if (seg < 2)
            return false;
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
            if (i + 9 > n)
                return false;
            *h = (uint32_t)b[i + 5] << 8 | b[i + 6];
            *w = (uint32_t)b[i + 7] << 8 | b[i + 8];
            return *w > 0 && *h > 0;
        }
        i += 2 + seg;
    }
    return false;
}

bool layout_image_size(int type, const unsigned char *b, size_t n, uint32_t *w, uint32_t *h)
{
    if (type == LAYOUT_IMAGE_PNG)
        return n >= 33 && !memcmp(b + 12, "IHDR", 4) && (*w = be32(b + 16)) > 0 && (*h = be32(b + 20)) > 0;
    if (type == LAYOUT_IMAGE_JPEG)
        return jpeg_size(b, n, w, h);
    return false;
}

typedef struct {
    const unsigned char *p;
    size_t left;
} mem_reader;

static cairo_status_t mem_read(void *closure, unsigned char *data, unsigned int len)
{
    mem_reader *r = closure;
    if (len > r->left)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->p, len);
    r->p += len;
    r->left -= len;
    return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t *layout_png_decode(const unsigned char *b, size_t n)
{
    mem_reader r = {b, n};
    return cairo_image_surface_create_from_png_stream(mem_read, &r);
}
