/* pdf_fonts — cairo fonts on FreeType faces that read, not map, their
 * files.  See pdf_fonts.h. */
#include "pdf/pdf_fonts.h"

#include <cairo-ft.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <fontconfig/fcfreetype.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/strbuf.h"

typedef struct {
    char *file;
    int index;
    FT_Face face;           /* NULL when the file could not be opened as a face */
} face_entry;

typedef struct {
    FT_Library lib;
    face_entry **faces;
    size_t nfaces;
    GHashTable *scaled;     /* PangoFont (referenced) → cairo_scaled_font_t */
} font_cache;

static font_cache cache;

/* A read-based stream with a few small windows: FreeType and cairo's
 * TrueType subsetter read many 2- and 4-byte fields one by one, hopping
 * between tables (loca and glyf, an INDEX's offsets and its data): 12,000
 * reads per report, which as separate system calls cost more than the
 * rest of the drawing.  A window holds WINDOW bytes from a WINDOW_ALIGN
 * boundary, so any read up to SMALL_READ fits in one; larger reads go
 * straight into the caller's buffer. */
enum { NWINDOWS = 8, WINDOW = 8192, WINDOW_ALIGN = 4096, SMALL_READ = 4096 };

typedef struct {
    unsigned long off, len, used;   /* used: a clock for least-recently-used */
    unsigned char data[WINDOW];
} window;

typedef struct {
    FT_StreamRec rec;       /* first: FreeType sees a pointer to this */
    int fd;
    unsigned long clock;
    window win[NWINDOWS];
} read_stream;

static unsigned long pread_all(int fd, unsigned long offset, unsigned char *buf, unsigned long count)
{
    unsigned long done = 0;
    while (done < count) {
        ssize_t n = pread(fd, buf + done, count - done, (off_t)(offset + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (unsigned long)n;
    }
    return done;
}

/* FreeType's stream callback: a read of count bytes at offset, or with
 * count 0 a seek, which must return non-zero on failure. */
static unsigned long stream_read(FT_Stream s, unsigned long offset, unsigned char *buf, unsigned long count)
{
    read_stream *rs = (read_stream *)s;
    if (count == 0)
        return offset <= s->size ? 0 : 1;
    if (count > SMALL_READ)
        return pread_all(rs->fd, offset, buf, count);
    window *w = NULL, *oldest = &rs->win[0];
    for (int i = 0; i < NWINDOWS; i++) {
        window *c = &rs->win[i];
        if (c->used && offset >= c->off && offset - c->off + count <= c->len) {
            w = c;
            break;
        }
        if (c->used < oldest->used)
            oldest = c;
    }
    if (!w) {
        w = oldest;
        w->off = offset - offset % WINDOW_ALIGN;
        w->len = pread_all(rs->fd, w->off, w->data, WINDOW);
    }
    w->used = ++rs->clock;
    if (offset - w->off >= w->len)
        return 0;
    unsigned long have = w->len - (offset - w->off);
    if (count > have)
        count = have;
    memcpy(buf, w->data + (offset - w->off), count);
    return count;
}

/* The stream belongs to its face: FreeType calls this when the face is
 * done (or could not be opened) and never touches the stream afterwards,
 * so the face may outlive this cache inside cairo's caches. */
static void stream_close(FT_Stream s)
{
    read_stream *rs = (read_stream *)s;
    close(rs->fd);
    free(rs);
}

static FT_Face face_for(const char *file, int index)
{
    for (size_t i = 0; i < cache.nfaces; i++)
        if (cache.faces[i]->index == index && strcmp(cache.faces[i]->file, file) == 0)
            return cache.faces[i]->face;

    face_entry *e = xcalloc(1, sizeof *e);
    e->file = xstrdup(file);
    e->index = index;
    cache.faces = xgrow(cache.faces, cache.nfaces, sizeof *cache.faces);
    cache.faces[cache.nfaces++] = e;   /* failures are remembered too, so they are tried once */

    if (!cache.lib && FT_Init_FreeType(&cache.lib) != 0) {
        cache.lib = NULL;
        return NULL;
    }
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 || (unsigned long long)st.st_size > ULONG_MAX) {
        close(fd);
        return NULL;
    }
    read_stream *stream = xcalloc(1, sizeof *stream);
    stream->fd = fd;
    stream->rec.size = (unsigned long)st.st_size;
    stream->rec.descriptor.value = fd;
    stream->rec.read = stream_read;
    stream->rec.close = stream_close;
    FT_Open_Args args = {.flags = FT_OPEN_STREAM, .stream = &stream->rec};
    /* From here FreeType owns the stream and its descriptor. */
    if (FT_Open_Face(cache.lib, &args, index, &e->face) != 0)
        e->face = NULL;
    return e->face;
}

static const cairo_user_data_key_t face_ref_key;

static void face_unref(void *face)
{
    FT_Done_Face((FT_Face)face);
}

static cairo_scaled_font_t *make_scaled(PangoFont *font)
{
    if (!PANGO_IS_FC_FONT(font) || !PANGO_IS_CAIRO_FONT(font))
        return NULL;
    cairo_scaled_font_t *theirs = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
    if (!theirs || cairo_scaled_font_status(theirs) != CAIRO_STATUS_SUCCESS ||
        cairo_scaled_font_get_type(theirs) != CAIRO_FONT_TYPE_FT)
        return NULL;
    FcPattern *pattern = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
    FcChar8 *file;
    int index = 0;
    if (!pattern || FcPatternGetString(pattern, FC_FILE, 0, &file) != FcResultMatch)
        return NULL;
    FcPatternGetInteger(pattern, FC_INDEX, 0, &index);
    /* variable-font instances are left to pango, which knows their axes */
    if (index < 0 || (index & ~0xFFFF) != 0)
        return NULL;
    FT_Face face = face_for((const char *)file, index);
    if (!face)
        return NULL;

    /* The pattern carries pango's render options (hinting, synthetic bold
     * and oblique, load flags); with FC_FT_FACE in it cairo uses our face
     * instead of opening the file again. */
    FcPattern *ours = FcPatternDuplicate(pattern);
    FcPatternDel(ours, FC_FT_FACE);
    FcPatternAddFTFace(ours, FC_FT_FACE, face);
    cairo_font_face_t *cface = cairo_ft_font_face_create_for_pattern(ours);
    FcPatternDestroy(ours);
    if (cairo_font_face_status(cface) != CAIRO_STATUS_SUCCESS) {
        cairo_font_face_destroy(cface);
        return NULL;
    }
    /* cairo may hold the font face beyond this cache (its own caches), so
     * each cairo face keeps the FreeType face alive with a reference of its
     * own, dropped when cairo lets the face go. */
    if (!cairo_font_face_get_user_data(cface, &face_ref_key)) {
        FT_Reference_Face(face);
        if (cairo_font_face_set_user_data(cface, &face_ref_key, face, face_unref) != CAIRO_STATUS_SUCCESS) {
            FT_Done_Face(face);
            cairo_font_face_destroy(cface);
            return NULL;
        }
    }
    cairo_matrix_t font_matrix, ctm;
    cairo_scaled_font_get_font_matrix(theirs, &font_matrix);
    cairo_scaled_font_get_ctm(theirs, &ctm);
    cairo_font_options_t *opts = cairo_font_options_create();
    cairo_scaled_font_get_font_options(theirs, opts);
    cairo_scaled_font_t *sf = cairo_scaled_font_create(cface, &font_matrix, &ctm, opts);
    cairo_font_options_destroy(opts);
    cairo_font_face_destroy(cface);
    if (cairo_scaled_font_status(sf) != CAIRO_STATUS_SUCCESS) {
        cairo_scaled_font_destroy(sf);
        return NULL;
    }
    return sf;
}

static void scaled_destroy(void *sf)
{
    if (sf)
        cairo_scaled_font_destroy(sf);
}

cairo_scaled_font_t *pdf_fonts_scaled(PangoFont *font)
{
    if (!font)
        return NULL;
    if (!cache.scaled)
        cache.scaled = g_hash_table_new_full(g_direct_hash, g_direct_equal, g_object_unref, scaled_destroy);
    gpointer value;
    if (g_hash_table_lookup_extended(cache.scaled, font, NULL, &value))
        return value;
    /* The key holds a reference, so a font's address cannot be reused by
     * another font while it is in the table. */
    cairo_scaled_font_t *sf = make_scaled(font);
    g_hash_table_insert(cache.scaled, g_object_ref(font), sf);
    return sf;
}

void pdf_fonts_shutdown(void)
{
    if (cache.scaled)
        g_hash_table_destroy(cache.scaled);
    cache.scaled = NULL;
    for (size_t i = 0; i < cache.nfaces; i++) {
        if (cache.faces[i]->face)
            FT_Done_Face(cache.faces[i]->face);
        free(cache.faces[i]->file);
        free(cache.faces[i]);
    }
    free(cache.faces);
    cache.faces = NULL;
    cache.nfaces = 0;
    /* The library stays: cairo may still hold faces made from it until its
     * own caches are reset, and FT_Done_FreeType would free them under it. */
}
