/* pdf_cffview: the view of Noto Serif CJK (the report's CFF faces) gives
 * FreeType the same outlines and advances as the file for the glyphs of the
 * set, nothing for the others, reads the same wherever a read starts, and
 * lets one stream-based face follow the set from document to document.
 * Damaged tables are refused, never crash. */
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "pdf/pdf_cffview.h"
#include "test.h"

typedef struct {
    const unsigned char *data;
    unsigned long size;
    unsigned long reads;
} mem_file;

static unsigned long mem_read(void *ctx, unsigned long off, unsigned char *buf, unsigned long len)
{
    mem_file *f = ctx;
    f->reads++;
    if (off >= f->size)
        return 0;
    if (len > f->size - off)
        len = f->size - off;
    memcpy(buf, f->data + off, len);
    return len;
}

static unsigned char *slurp(const char *path, unsigned long *size)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    unsigned char *b = xmalloc((size_t)st.st_size);
    size_t done = 0;
    while (done < (size_t)st.st_size) {
        ssize_t n = read(fd, b + done, (size_t)st.st_size - done);
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    close(fd);
    *size = done;
    return b;
}

/* The file and face index fontconfig gives for a pattern. */
static char *find_font(const char *name, int *index)
{
    FcPattern *p = FcNameParse((const FcChar8 *)name);
    FcConfigSubstitute(NULL, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult r;
    FcPattern *m = FcFontMatch(NULL, p, &r);
    FcPatternDestroy(p);
    char *file = NULL;
    FcChar8 *f;
    if (m && FcPatternGetString(m, FC_FILE, 0, &f) == FcResultMatch) {
        file = xstrdup((const char *)f);
        *index = 0;
        FcPatternGetInteger(m, FC_INDEX, 0, index);
    }
    if (m)
        FcPatternDestroy(m);
    return file;
}

static unsigned char *materialise(pdf_cffview *v, unsigned long chunk)
{
    unsigned long size = pdf_cffview_size(v);
    unsigned char *b = xmalloc(size);
    for (unsigned long off = 0; off < size;) {
        unsigned long n = pdf_cffview_read(v, off, b + off, chunk);
        if (n == 0) {
            free(b);
            return NULL;
        }
        off += n;
    }
    return b;
}

/* Same outline and advance for glyph g in both faces. */
static bool same_glyph(FT_Face a, FT_Face b, unsigned g)
{
    if (FT_Load_Glyph(a, g, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING) != 0)
        return false;
    FT_Outline oa = a->glyph->outline;
    FT_Pos adv = a->glyph->advance.x;
    if (FT_Load_Glyph(b, g, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING) != 0)
        return false;
    FT_Outline ob = b->glyph->outline;   /* each face has its own slot */
    if (oa.n_points != ob.n_points || oa.n_contours != ob.n_contours || adv != b->glyph->advance.x)
        return false;
    for (int i = 0; i < oa.n_points; i++)
        if (oa.points[i].x != ob.points[i].x || oa.points[i].y != ob.points[i].y || oa.tags[i] != ob.tags[i])
            return false;
    return true;
}

/* The same hinted bitmap for glyph g in both faces (at 40 px). */
static bool same_bitmap(FT_Face a, FT_Face b, unsigned g)
{
    if (FT_Load_Glyph(a, g, FT_LOAD_DEFAULT) != 0 || FT_Render_Glyph(a->glyph, FT_RENDER_MODE_NORMAL) != 0)
        return false;
    if (FT_Load_Glyph(b, g, FT_LOAD_DEFAULT) != 0 || FT_Render_Glyph(b->glyph, FT_RENDER_MODE_NORMAL) != 0)
        return false;
    const FT_Bitmap *x = &a->glyph->bitmap, *y = &b->glyph->bitmap;
    if (x->rows != y->rows || x->width != y->width || x->pitch != y->pitch ||
        a->glyph->bitmap_left != b->glyph->bitmap_left || a->glyph->bitmap_top != b->glyph->bitmap_top)
        return false;
    size_t bytes = (size_t)x->rows * (size_t)(x->pitch < 0 ? -x->pitch : x->pitch);
    return bytes == 0 || memcmp(x->buffer, y->buffer, bytes) == 0;
}

static unsigned long be(const unsigned char *p, unsigned n)
{
    unsigned long v = 0;
    for (unsigned i = 0; i < n; i++)
        v = (v << 8) | p[i];
    return v;
}

/* The end of the INDEX at `at` of a table. */
static unsigned long index_end(const unsigned char *t, unsigned long at)
{
    unsigned long count = be(t + at, 2);
    if (count == 0)
        return at + 2;
    unsigned os = t[at + 2];
    return at + 3 + (count + 1) * os - 1 + be(t + at + 3 + count * os, os);
}

/* The number of global subroutines of the CFF table of face `index` of a
 * font in memory. */
static long global_subrs(const unsigned char *font, unsigned long size, int index)
{
    unsigned long sfnt = memcmp(font, "ttcf", 4) == 0 ? be(font + 12 + 4 * (unsigned long)index, 4) : 0;
    unsigned long ntables = be(font + sfnt + 4, 2);
    for (unsigned long at = sfnt + 12; at < sfnt + 12 + 16 * ntables && at + 16 < size; at += 16)
        if (memcmp(font + at, "CFF ", 4) == 0) {
            const unsigned char *t = font + be(font + at + 8, 4);
            unsigned long p = index_end(t, index_end(t, index_end(t, t[2])));
            return (long)be(t + p, 2);
        }
    return -1;
}

static int cmp_u16(const void *a, const void *b)
{
    return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

/* Glyph ids of the characters of a UTF-8 string, sorted, unique, with 0. */
static size_t glyphs_of(FT_Face f, const char *s, uint16_t *out)
{
    size_t n = 0;
    out[n++] = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned c = *p, len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (len > 1)
            c &= 0xFF >> (len + 1);
        for (unsigned i = 1; i < len; i++)
            c = (c << 6) | (p[i] & 0x3F);
        p += len;
        unsigned g = FT_Get_Char_Index(f, c);
        if (g)
            out[n++] = (uint16_t)g;
    }
    qsort(out, n, sizeof *out, cmp_u16);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!k || out[k - 1] != out[i])
            out[k++] = out[i];
    return k;
}

typedef struct {
    FT_StreamRec rec;
    pdf_cffview *view;
} view_stream;

static unsigned long view_stream_read(FT_Stream s, unsigned long off, unsigned char *buf, unsigned long n)
{
    view_stream *vs = (view_stream *)s;
    if (n == 0)
        return off <= s->size ? 0 : 1;
    return pdf_cffview_read(vs->view, off, buf, n);
}

static void view_stream_close(FT_Stream s)
{
    (void)s;
}

static const char *doc_a = "部门整体支出绩效自评报告预算执行率得分一二三四（）。，ABC xyz 0123456789%";
static const char *doc_b = "民政局社会救助养老服务婚姻登记殡葬管理满意度指标值年度目标完成情况";

static void test_view(FT_Library lib, const char *path, int index)
{
    mem_file f = {0};
    unsigned char *data = slurp(path, &f.size);
    CHECK(data != NULL);
    if (!data)
        return;
    f.data = data;
    FT_Face orig;
    CHECK(FT_New_Memory_Face(lib, data, (FT_Long)f.size, index, &orig) == 0);

    pdf_cffview *v = pdf_cffview_open(mem_read, &f, f.size, index, 2u << 20);
    CHECK(v != NULL);
    if (!v) {
        FT_Done_Face(orig);
        free(data);
        return;
    }
    CHECK_INT(pdf_cffview_glyph_count(v), orig->num_glyphs);
    CHECK(pdf_cffview_size(v) > f.size);
    CHECK(pdf_cffview_size(v) < f.size + (5u << 20));   /* the new table is small */

    uint16_t ga[256], gb[256];
    size_t na = glyphs_of(orig, doc_a, ga), nb = glyphs_of(orig, doc_b, gb);
    CHECK(na > 40 && nb > 20);
    CHECK(pdf_cffview_set_glyphs(v, ga, na));

    /* the same bytes whether read in one piece, in odd pieces or one byte
     * at a time around the structures' edges */
    unsigned char *whole = materialise(v, pdf_cffview_size(v)), *odd = materialise(v, 4093);
    CHECK(whole && odd && memcmp(whole, odd, pdf_cffview_size(v)) == 0);
    unsigned long size = pdf_cffview_size(v);
    for (unsigned long off = size > 300000 ? size - 300000 : 0; whole && off < size; off += 997) {
        unsigned char byte;
        CHECK(pdf_cffview_read(v, off, &byte, 1) == 1 && byte == whole[off]);
    }
    CHECK(pdf_cffview_read(v, size, odd, 1) == 0);

    /* a face on the view: the set's glyphs as in the file, others empty */
    FT_Face vf;
    CHECK(whole && FT_New_Memory_Face(lib, whole, (FT_Long)size, index, &vf) == 0);
    if (whole) {
        CHECK_INT(vf->num_glyphs, orig->num_glyphs);
        CHECK_STR(FT_Get_Postscript_Name(vf), FT_Get_Postscript_Name(orig));
        int same = 0;
        for (size_t i = 0; i < na; i++)
            same += same_glyph(orig, vf, ga[i]);
        CHECK_INT(same, na);
        /* the subroutines are inlined: the view keeps one, a `return` */
        CHECK(global_subrs(data, f.size, index) > 1000);
        CHECK_INT(global_subrs(whole, size, index), 1);
        unsigned other = FT_Get_Char_Index(orig, 0x9F99);   /* 龙: in neither text */
        CHECK(other != 0);
        CHECK(FT_Load_Glyph(vf, other, FT_LOAD_NO_SCALE) != 0 || vf->glyph->outline.n_points == 0);
        FT_Done_Face(vf);
    }
    free(whole);
    free(odd);

    /* one stream-based face, two documents: FreeType must read charstrings
     * and their offsets when it loads a glyph, not when it opens the face */
    view_stream vs = {.view = v};
    vs.rec.size = size;
    vs.rec.read = view_stream_read;
    vs.rec.close = view_stream_close;
    FT_Open_Args args = {.flags = FT_OPEN_STREAM, .stream = &vs.rec};
    CHECK(FT_Open_Face(lib, &args, index, &vf) == 0);
    int same_a = 0, same_b = 0;
    for (size_t i = 0; i < na; i++)
        same_a += same_glyph(orig, vf, ga[i]);
    CHECK_INT(same_a, na);
    CHECK(pdf_cffview_set_glyphs(v, gb, nb));
    for (size_t i = 0; i < nb; i++)
        same_b += same_glyph(orig, vf, gb[i]);
    CHECK_INT(same_b, nb);
    CHECK(pdf_cffview_set_glyphs(v, ga, na));
    same_a = 0;
    for (size_t i = 0; i < na; i++)
        same_a += same_glyph(orig, vf, ga[i]);
    CHECK_INT(same_a, na);

    /* a few hundred glyphs render (hinted: the hints and masks matter) as
     * from the file, on the same stream-based face */
    static uint16_t many[512];
    size_t nm = 0;
    many[nm++] = 0;
    for (unsigned c = 0x6C00; c < 0x6E00 && nm < 400; c++) {
        unsigned g = FT_Get_Char_Index(orig, c);
        if (g)
            many[nm++] = (uint16_t)g;
    }
    qsort(many, nm, sizeof *many, cmp_u16);
    size_t uniq = 0;
    for (size_t i = 0; i < nm; i++)
        if (!uniq || many[uniq - 1] != many[i])
            many[uniq++] = many[i];
    nm = uniq;
    CHECK(nm > 300);
    CHECK(pdf_cffview_set_glyphs(v, many, nm));
    CHECK(FT_Set_Pixel_Sizes(orig, 0, 40) == 0 && FT_Set_Pixel_Sizes(vf, 0, 40) == 0);
    int same_bm = 0;
    for (size_t i = 0; i < nm; i++)
        same_bm += same_bitmap(orig, vf, many[i]);
    CHECK_INT(same_bm, nm);
    FT_Done_Face(vf);

    /* refusals: unsorted, out of range, more than the capacity */
    uint16_t bad[3] = {0, 5, 3};
    CHECK(!pdf_cffview_set_glyphs(v, bad, 3));
    uint16_t big[2] = {0, 65535};
    CHECK(!pdf_cffview_set_glyphs(v, big, 2));
    pdf_cffview_free(v);
    pdf_cffview *tiny = pdf_cffview_open(mem_read, &f, f.size, index, 2048);
    CHECK(tiny != NULL);
    if (tiny) {
        CHECK(!pdf_cffview_set_glyphs(tiny, ga, na));
        CHECK(pdf_cffview_set_glyphs(tiny, ga, 1));   /* .notdef alone fits */
        pdf_cffview_free(tiny);
    }
    /* a view bigger than the table it replaces is no view */
    CHECK(pdf_cffview_open(mem_read, &f, f.size, index, 64u << 20) == NULL);
    /* not a CFF face, not a font */
    mem_file junk = {(const unsigned char *)"ttcf\0\1\0\0\0\0\0\1\0\0\0\20OTTO", 20, 0};
    CHECK(pdf_cffview_open(mem_read, &junk, junk.size, 0, 1u << 20) == NULL);

    /* damaged copies: every byte of the table's start and of its DICTs
     * changed in turn must give a refusal or a view that reads, never a
     * crash (ASan watches) */
    unsigned char *copy = xmalloc(f.size);
    memcpy(copy, data, f.size);
    mem_file cf = {copy, f.size, 0};
    unsigned long cff_off = 0;
    {
        pdf_cffview *probe = pdf_cffview_open(mem_read, &f, f.size, index, 2u << 20);
        /* the new table starts where the view's file part ends; find the
         * old one through the directory record the view rewrote */
        unsigned char rec[16];
        for (unsigned long at = 0; probe && at + 16 < 4096; at += 4)
            if (memcmp(data + at, "CFF ", 4) == 0) {
                memcpy(rec, data + at, 16);
                cff_off = ((unsigned long)rec[8] << 24) | ((unsigned long)rec[9] << 16) | ((unsigned long)rec[10] << 8) |
                          rec[11];
                break;
            }
        pdf_cffview_free(probe);
    }
    CHECK(cff_off > 0);
    unsigned opened = 0, tried = 0;
    for (unsigned long i = 0; cff_off && i < 1200; i += (i < 200 ? 1 : 7)) {
        unsigned char keep = copy[cff_off + i];
        for (int k = 0; k < 3; k++) {
            static const unsigned char vals[3] = {0x00, 0xFF, 0x1D};
            copy[cff_off + i] = vals[k];
            pdf_cffview *d = pdf_cffview_open(mem_read, &cf, cf.size, index, 2u << 20);
            tried++;
            if (d) {
                opened++;
                pdf_cffview_set_glyphs(d, ga, na);
                /* the new table, after the file's own bytes */
                unsigned char buf[65536];
                for (unsigned long off = f.size; off < pdf_cffview_size(d);) {
                    unsigned long got = pdf_cffview_read(d, off, buf, sizeof buf);
                    if (!got)
                        break;
                    off += got;
                }
                pdf_cffview_free(d);
            }
        }
        copy[cff_off + i] = keep;
    }
    CHECK(tried > 500);
    if (getenv("JX_TEST_VERBOSE"))
        fprintf(stderr, "damaged copies: %u of %u opened\n", opened, tried);
    free(copy);
    FT_Done_Face(orig);
    free(data);
}

int main(void)
{
    FT_Library lib;
    CHECK(FT_Init_FreeType(&lib) == 0);
    const char *faces[] = {"Noto Serif CJK SC:weight=bold", "Noto Sans CJK SC"};
    for (size_t i = 0; i < sizeof faces / sizeof *faces; i++) {
        int index = 0;
        char *path = find_font(faces[i], &index);
        CHECK(path != NULL && strstr(path, ".ttc") != NULL);
        if (path)
            test_view(lib, path, index);
        free(path);
    }
    FT_Done_FreeType(lib);
    FcFini();
    return test_done();
}
