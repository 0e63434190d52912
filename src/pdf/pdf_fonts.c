/* pdf_fonts — cairo fonts on FreeType faces that read, not map, their
 * files; for CID-keyed CFF faces, faces on views that hold the document's
 * glyphs (pdf_cffview).  See pdf_fonts.h. */
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
#include "pdf/pdf_cffview.h"

/* A file read with pread through a few small windows: FreeType and
 * cairo's subsetters read many 2- and 4-byte fields one by one, hopping
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
    int fd;
    unsigned long size;
    unsigned long clock;
    window win[NWINDOWS];
} file_reader;

/* A FreeType stream over the file itself, or over a pdf_cffview of it. */
typedef struct {
    FT_StreamRec rec;       /* first: FreeType sees a pointer to this */
    file_reader file;
    pdf_cffview *view;      /* NULL: the file itself */
} font_stream;

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

static unsigned long file_read(void *ctx, unsigned long offset, unsigned char *buf, unsigned long count)
{
    file_reader *f = ctx;
    if (count > SMALL_READ)
        return pread_all(f->fd, offset, buf, count);
    window *w = NULL, *oldest = &f->win[0];
    for (int i = 0; i < NWINDOWS; i++) {
        window *c = &f->win[i];
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
        w->len = pread_all(f->fd, w->off, w->data, WINDOW);
    }
    w->used = ++f->clock;
    if (offset - w->off >= w->len)
        return 0;
    unsigned long have = w->len - (offset - w->off);
    if (count > have)
        count = have;
    memcpy(buf, w->data + (offset - w->off), count);
    return count;
}

/* FreeType's stream callback: a read of count bytes at offset, or with
 * count 0 a seek, which must return non-zero on failure. */
static unsigned long stream_read(FT_Stream s, unsigned long offset, unsigned char *buf, unsigned long count)
{
    font_stream *fs = (font_stream *)s;
    if (count == 0)
        return offset <= s->size ? 0 : 1;
    if (fs->view)
        return pdf_cffview_read(fs->view, offset, buf, count);
    return file_read(&fs->file, offset, buf, count);
}

static void stream_free(font_stream *fs)
{
    if (!fs)
        return;
    pdf_cffview_free(fs->view);
    close(fs->file.fd);
    free(fs);
}

/* The stream belongs to its face: FreeType calls this when the face is
 * done (or could not be opened) and never touches the stream afterwards,
 * so the face may outlive this cache inside cairo's caches. */
static void stream_close(FT_Stream s)
{
    stream_free((font_stream *)s);
}

static font_stream *stream_open(const char *file)
{
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 || (unsigned long long)st.st_size > ULONG_MAX) {
        close(fd);
        return NULL;
    }
    font_stream *fs = xcalloc(1, sizeof *fs);
    fs->file.fd = fd;
    fs->file.size = (unsigned long)st.st_size;
    fs->rec.size = fs->file.size;
    fs->rec.descriptor.value = fd;
    fs->rec.read = stream_read;
    fs->rec.close = stream_close;
    return fs;
}

/* Views of a face, by how much charstring data they hold: a document takes
 * the smallest its glyphs fit in, so cairo's copy of the CFF table is a few
 * megabytes rather than the font's 16-24.  Noto CJK charstrings take about
 * 290 bytes a glyph, and a report's body text some 600 glyphs, so the
 * smallest view holds about 1,800 glyphs, the next 7,000.  A few fixed
 * sizes rather than an exact fit per document because a face is opened
 * once per process: the face, not the glyph set, is what FreeType and
 * cairo cache. */
enum { NCUTS = 3 };
static const unsigned long cut_capacity[NCUTS] = {512UL << 10, 2UL << 20, 12UL << 20};

typedef struct {
    font_stream *stream;    /* ours until `face` is opened on it, then the face's */
    FT_Face face;
    bool tried;             /* the view was opened (or failed to) */
    bool face_tried;
} cut;

enum { GLYPH_BITS = 65536 };

typedef struct {
    char *file;
    int index;
    FT_Face face;           /* on the file itself; NULL until needed or when it cannot be opened */
    bool face_tried;
    bool no_cuts;           /* not a CFF face worth cutting */
    cut cuts[NCUTS];
    unsigned char *want;    /* bitmap: the glyphs noted for this document */
    unsigned char *have;    /* bitmap: the glyphs of the chosen cut's view */
    unsigned long doc;      /* the document `chosen` was decided for */
    int chosen;             /* the cut this document draws with, or -1 */
} face_entry;

/* Per PangoFont: its face and the scaled fonts made for it. */
typedef struct {
    face_entry *fe;
    cairo_scaled_font_t *full, *cut[NCUTS];
    bool full_tried, cut_tried[NCUTS];
} font_entry;

typedef struct {
    FT_Library lib;
    face_entry **faces;
    size_t nfaces;
    GHashTable *fonts;      /* PangoFont (referenced) → font_entry */
    unsigned long doc;      /* a serial per document */
    bool no_cuts;           /* pdf_fonts_set_cutting(false) */
} font_cache;

static font_cache cache = {.doc = 1};

static face_entry *entry_for(const char *file, int index)
{
    for (size_t i = 0; i < cache.nfaces; i++)
        if (cache.faces[i]->index == index && strcmp(cache.faces[i]->file, file) == 0)
            return cache.faces[i];
    face_entry *e = xcalloc(1, sizeof *e);
    e->file = xstrdup(file);
    e->index = index;
    e->chosen = -1;
    cache.faces = xgrow(cache.faces, cache.nfaces, sizeof *cache.faces);
    cache.faces[cache.nfaces++] = e;
    return e;
}

static bool library(void)
{
    if (!cache.lib && FT_Init_FreeType(&cache.lib) != 0)
        cache.lib = NULL;
    return cache.lib != NULL;
}

/* Opens a face on a stream; FreeType owns the stream from here, and frees
 * it even when the face cannot be opened. */
static FT_Face open_face(font_stream *fs, int index)
{
    FT_Open_Args args = {.flags = FT_OPEN_STREAM, .stream = &fs->rec};
    FT_Face face;
    if (FT_Open_Face(cache.lib, &args, index, &face) != 0)
        return NULL;
    return face;
}

static FT_Face full_face(face_entry *e)
{
    if (!e->face_tried) {
        e->face_tried = true;   /* failures are remembered too, so they are tried once */
        font_stream *fs = library() ? stream_open(e->file) : NULL;
        e->face = fs ? open_face(fs, e->index) : NULL;
    }
    return e->face;
}

/* The view of cut k, opened on first use. */
static pdf_cffview *cut_view(face_entry *e, int k)
{
    cut *c = &e->cuts[k];
    if (!c->tried) {
        c->tried = true;
        font_stream *fs = stream_open(e->file);
        if (fs) {
            fs->view = pdf_cffview_open(file_read, &fs->file, fs->file.size, e->index, cut_capacity[k]);
            if (fs->view) {
                fs->rec.size = pdf_cffview_size(fs->view);
                c->stream = fs;
            } else {
                stream_free(fs);
            }
        }
        if (!c->stream && k == 0)
            e->no_cuts = true;   /* not CFF, or small: no cut will do */
    }
    return c->stream ? c->stream->view : NULL;
}

static FT_Face cut_face(face_entry *e, int k)
{
    cut *c = &e->cuts[k];
    if (!c->face_tried && c->stream && library()) {
        c->face_tried = true;
        c->face = open_face(c->stream, e->index);
        if (!c->face)
            c->stream = NULL;   /* freed by FreeType */
    }
    return c->face;
}

/* The cut this document draws face e with: the smallest whose capacity
 * holds the charstrings of every glyph noted, or -1. */
static int choose_cut(face_entry *e)
{
    if (e->doc == cache.doc)
        return e->chosen;
    e->doc = cache.doc;
    e->chosen = -1;
    if (!e->want || e->no_cuts || cache.no_cuts)
        return -1;
    uint16_t *gids = xmalloc(GLYPH_BITS * sizeof *gids);
    size_t n = 0;
        e->want[0] |= 1;   /* .notdef: cairo embeds it in every subset */
    for (unsigned g = 0; g < GLYPH_BITS; g++)
        if (e->want[g >> 3] & (1u << (g & 7)))
            gids[n++] = (uint16_t)g;
    for (int k = 0; k < NCUTS && e->chosen < 0 && !e->no_cuts; k++) {
        pdf_cffview *v = cut_view(e, k);
        if (v && pdf_cffview_set_glyphs(v, gids, n))
            e->chosen = k;
    }
    free(gids);
    if (e->chosen >= 0) {
        /* glyphs noted from now on are not in the view: they are drawn
         * with the whole face */
        if (!e->have)
            e->have = xmalloc(GLYPH_BITS / 8);
        memcpy(e->have, e->want, GLYPH_BITS / 8);
    }
    return e->chosen;
}

static bool covered(const face_entry *e, const PangoGlyphString *glyphs)
{
    if (!glyphs || !e->have)
        return false;
    for (int i = 0; i < glyphs->num_glyphs; i++) {
        PangoGlyph g = glyphs->glyphs[i].glyph;
        if (g == PANGO_GLYPH_EMPTY)
            continue;
        if (g >= GLYPH_BITS || !(e->have[g >> 3] & (1u << (g & 7))))
            return false;
    }
    return true;
}

static const cairo_user_data_key_t face_ref_key;

static void face_unref(void *face)
{
    FT_Done_Face((FT_Face)face);
}

/* The face entry of a fontconfig/FreeType font, or NULL for others. */
static face_entry *face_of(PangoFont *font)
{
    if (!PANGO_IS_FC_FONT(font) || !PANGO_IS_CAIRO_FONT(font))
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
    return entry_for((const char *)file, index);
}

static cairo_scaled_font_t *make_scaled(PangoFont *font, FT_Face face)
{
    cairo_scaled_font_t *theirs = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
    if (!face || !theirs || cairo_scaled_font_status(theirs) != CAIRO_STATUS_SUCCESS ||
        cairo_scaled_font_get_type(theirs) != CAIRO_FONT_TYPE_FT)
        return NULL;
    /* The pattern carries pango's render options (hinting, synthetic bold
     * and oblique, load flags); with FC_FT_FACE in it cairo uses our face
     * instead of opening the file again. */
    FcPattern *ours = FcPatternDuplicate(pango_fc_font_get_pattern(PANGO_FC_FONT(font)));
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

static void font_entry_free(void *p)
{
    font_entry *fe = p;
    if (fe->full)
        cairo_scaled_font_destroy(fe->full);
    for (int k = 0; k < NCUTS; k++)
        if (fe->cut[k])
            cairo_scaled_font_destroy(fe->cut[k]);
    free(fe);
}

static font_entry *font_entry_for(PangoFont *font)
{
    if (!font)
        return NULL;
    if (!cache.fonts)
        cache.fonts = g_hash_table_new_full(g_direct_hash, g_direct_equal, g_object_unref, font_entry_free);
    font_entry *fe = g_hash_table_lookup(cache.fonts, font);
    if (!fe) {
        /* The key holds a reference, so a font's address cannot be reused
         * by another font while it is in the table. */
        fe = xcalloc(1, sizeof *fe);
        fe->fe = face_of(font);
        g_hash_table_insert(cache.fonts, g_object_ref(font), fe);
    }
    return fe;
}

void pdf_fonts_begin_document(void)
{
    cache.doc++;
    for (size_t i = 0; i < cache.nfaces; i++)
        if (cache.faces[i]->want)
            memset(cache.faces[i]->want, 0, GLYPH_BITS / 8);
}

void pdf_fonts_note_line(PangoLayoutLine *line)
{
    for (GSList *r = line ? line->runs : NULL; r; r = r->next) {
        PangoGlyphItem *run = r->data;
        font_entry *fe = font_entry_for(run->item->analysis.font);
        face_entry *e = fe ? fe->fe : NULL;
        if (!e || e->no_cuts)
            continue;
        if (!e->want)
            e->want = xcalloc(GLYPH_BITS / 8, 1);
        for (int i = 0; i < run->glyphs->num_glyphs; i++) {
            PangoGlyph g = run->glyphs->glyphs[i].glyph;
            if (g < GLYPH_BITS)
                e->want[g >> 3] |= (unsigned char)(1u << (g & 7));
        }
    }
}

cairo_scaled_font_t *pdf_fonts_scaled(PangoFont *font, const PangoGlyphString *glyphs)
{
    font_entry *fe = font_entry_for(font);
    if (!fe || !fe->fe)
        return NULL;
    face_entry *e = fe->fe;
    int k = choose_cut(e);
    if (k >= 0 && covered(e, glyphs)) {
        if (!fe->cut_tried[k]) {
            fe->cut_tried[k] = true;
            fe->cut[k] = make_scaled(font, cut_face(e, k));
        }
        if (fe->cut[k])
            return fe->cut[k];
    }
    if (!fe->full_tried) {
        fe->full_tried = true;
        fe->full = make_scaled(font, full_face(e));
    }
    return fe->full;
}

void pdf_fonts_set_cutting(bool on)
{
    cache.no_cuts = !on;
    cache.doc++;
}

void pdf_fonts_shutdown(void)
{
    if (cache.fonts)
        g_hash_table_destroy(cache.fonts);
    cache.fonts = NULL;
    for (size_t i = 0; i < cache.nfaces; i++) {
        face_entry *e = cache.faces[i];
        if (e->face)
            FT_Done_Face(e->face);
        for (int k = 0; k < NCUTS; k++) {
            if (e->cuts[k].face)
                FT_Done_Face(e->cuts[k].face);
            else
                stream_free(e->cuts[k].stream);
        }
        free(e->want);
        free(e->have);
        free(e->file);
        free(e);
    }
    free(cache.faces);
    cache.faces = NULL;
    cache.nfaces = 0;
    /* The library stays: cairo may still hold faces made from it until its
     * own caches are reset, and FT_Done_FreeType would free them under it. */
}
