/* pdf_cffview — a font file whose CFF CharStrings hold one glyph set.
 * See pdf_cffview.h.
 *
 * The view (offsets relative to the start of the view):
 *
 *   [0, file_size)            the file; the 'CFF ' record of the face's
 *                             table directory points at the new table
 *   [file_size, cff_at)       zeros, so the table starts 4-aligned
 *   [cff_at, cff_at+new_len)  the new CFF table:
 *       [0, cs_start)               the old table's bytes
 *       [cs_start, cs_start+cs_len) the new CharStrings INDEX
 *       [cs_start+cs_len, new_len)  the old bytes from cs_end on
 *
 * Offsets in DICTs that point past the old CharStrings INDEX (FDArray,
 * Private, sometimes charset, Encoding or FDSelect) move down by `delta`;
 * they are rewritten in place with an encoding of the same length, so no
 * other byte moves. */
#include "pdf/pdf_cffview.h"

#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "pdf/pdf_t2flat.h"

/* patches: an offset in the Top DICT and each FD, and one Subrs INDEX per
 * FD and the global one */
enum { MAX_FDS = 256, MAX_PATCHES = 4 + 2 * MAX_FDS + 1 };

typedef struct {
    unsigned long at;       /* offset in the old CFF table */
    unsigned char len;
    unsigned char bytes[6];
} patch;

/* An INDEX at `at`: its count, offset size, where its data begins and
 * where the INDEX ends. */
typedef struct {
    unsigned long count, off_size, data, end;
} cff_index;

struct pdf_cffview {
    pdf_cffview_read_fn read;
    void *ctx;
    unsigned long file_size;
    unsigned long dir_record;   /* file offset of the face's 'CFF ' table record */
    unsigned char record[16];   /* that record as the view shows it */
    unsigned long cff_off, cff_len;     /* the old table in the file */
    unsigned long cs_start, cs_end;     /* the old CharStrings INDEX in the table */
    unsigned old_off_size;
    unsigned count;                     /* glyphs */
    unsigned off_size;                  /* of the new INDEX */
    unsigned long capacity;             /* bytes of charstring data in the new INDEX */
    unsigned long cs_len;               /* the new INDEX: 3 + (count+1)*off_size + capacity */
    unsigned long delta;                /* how far the bytes after the INDEX move down */
    unsigned long cff_at, new_len;
    patch patches[MAX_PATCHES];
    size_t npatches;

    /* Subroutines (see pdf_t2flat.h): when `flat`, the view's charstrings
     * are those of the file with their calls inlined, and every Subrs
     * INDEX shows one `return`.  Decided at opening, as FreeType reads the
     * Subrs when it opens the face. */
    bool flat;
    unsigned char *fdsel;               /* FD of each glyph */
    unsigned long nfds;
    cff_index gsubrs;
    cff_index lsubrs[MAX_FDS];          /* count 0: the FD has none */
    strbuf flatbuf;                     /* the set's inlined charstrings, in order */

    /* the glyph set: ids, where each charstring lies in the file, and the
     * running total of their lengths (cum[n] is the total) */
    uint16_t *gids;
    unsigned long *real;
    unsigned long *cum;
    size_t n;
    unsigned pad_gid;       /* the highest glyph not in the set: holds the padding */
    size_t pad_pos;         /* how many glyphs of the set come before it */
};

static unsigned long get_n(const unsigned char *p, unsigned n)
{
    unsigned long v = 0;
    for (unsigned i = 0; i < n; i++)
        v = (v << 8) | p[i];
    return v;
}

static void put_n(unsigned char *p, unsigned n, unsigned long v)
{
    for (unsigned i = n; i-- > 0;) {
        p[i] = (unsigned char)(v & 0xFF);
        v >>= 8;
    }
}

static bool read_exact(const pdf_cffview *v, unsigned long off, unsigned char *buf, unsigned long len)
{
    if (off > v->file_size || len > v->file_size - off)
        return false;
    return v->read(v->ctx, off, buf, len) == len;
}

/* Reads `len` bytes at `at` of the old CFF table. */
static bool read_cff(const pdf_cffview *v, unsigned long at, unsigned char *buf, unsigned long len)
{
    if (at > v->cff_len || len > v->cff_len - at)
        return false;
    return read_exact(v, v->cff_off + at, buf, len);
}


static bool read_index(const pdf_cffview *v, unsigned long at, cff_index *ix)
{
    unsigned char h[3];
    if (!read_cff(v, at, h, 2))
        return false;
    ix->count = get_n(h, 2);
    if (ix->count == 0) {
        ix->off_size = 0;
        ix->data = ix->end = at + 2;
        return true;
    }
    if (!read_cff(v, at + 2, h + 2, 1))
        return false;
    ix->off_size = h[2];
    if (ix->off_size < 1 || ix->off_size > 4)
        return false;
    unsigned char last[4];
    unsigned long offsets = at + 3;
    if (!read_cff(v, offsets + ix->count * ix->off_size, last, ix->off_size))
        return false;
    unsigned long end_off = get_n(last, ix->off_size);
    ix->data = offsets + (ix->count + 1) * ix->off_size - 1;   /* offsets count from 1 */
    if (end_off < 1 || end_off > v->cff_len - ix->data)
        return false;
    ix->end = ix->data + end_off;
    return true;
}

/* Where element i of an INDEX lies in the table. */
static bool index_element(const pdf_cffview *v, const cff_index *ix, unsigned long i, unsigned long *at,
                          unsigned long *len)
{
    unsigned char b[8];
    if (i >= ix->count || !read_cff(v, ix->data + 1 - (ix->count + 1 - i) * ix->off_size, b, 2 * ix->off_size))
        return false;
    unsigned long a = get_n(b, ix->off_size), z = get_n(b + ix->off_size, ix->off_size);
    if (a < 1 || z < a || ix->data + z > ix->end)
        return false;
    *at = ix->data + a;
    *len = z - a;
    return true;
}

/* One DICT operand: its value (integers only), where it lies, how long. */
typedef struct {
    long value;
    unsigned long at;
    unsigned len;
    bool integer;
} operand;

enum { MAX_OPERANDS = 48 };

/* Calls `fn` for every operator of the DICT at [at, at+len) of the table
 * with its operands.  False when the DICT is malformed. */
typedef bool (*dict_fn)(pdf_cffview *v, unsigned op, const operand *ops, int n, void *arg);

static bool walk_dict(pdf_cffview *v, unsigned long at, unsigned long len, dict_fn fn, void *arg)
{
    if (len > 65536)
        return false;
    unsigned char *d = xmalloc(len ? len : 1);
    if (!read_cff(v, at, d, len)) {
        free(d);
        return false;
    }
    operand ops[MAX_OPERANDS];
    int n = 0;
    bool ok = true;
    for (unsigned long i = 0; ok && i < len;) {
        unsigned b0 = d[i];
        operand o = {.at = at + i, .integer = true};
        if (b0 <= 21) {
            unsigned op = b0;
            i++;
            if (b0 == 12) {
                if (i >= len) { ok = false; break; }
                op = 1200 + d[i++];
            }
            ok = fn(v, op, ops, n, arg);
            n = 0;
            continue;
        }
        if (b0 == 28) {
            if (i + 3 > len) { ok = false; break; }
            o.value = (int16_t)(uint16_t)get_n(d + i + 1, 2);
            o.len = 3;
        } else if (b0 == 29) {
            if (i + 5 > len) { ok = false; break; }
            o.value = (int32_t)(uint32_t)get_n(d + i + 1, 4);
            o.len = 5;
        } else if (b0 == 30) {
            unsigned long j = i + 1;
            while (j < len && (d[j] & 0x0F) != 0x0F && (d[j] >> 4) != 0x0F)
                j++;
            if (j >= len) { ok = false; break; }
            o.len = (unsigned)(j + 1 - i);
            o.integer = false;
        } else if (b0 >= 32 && b0 <= 246) {
            o.value = (long)b0 - 139;
            o.len = 1;
        } else if (b0 >= 247 && b0 <= 254) {
            if (i + 2 > len) { ok = false; break; }
            long w = (long)(b0 <= 250 ? b0 - 247 : b0 - 251) * 256 + d[i + 1] + 108;
            o.value = b0 <= 250 ? w : -w;
            o.len = 2;
        } else {
            ok = false;
            break;
        }
        if (n == MAX_OPERANDS) { ok = false; break; }
        ops[n++] = o;
        i += o.len;
    }
    free(d);
    return ok && n == 0;
}

/* Encodes `value` in exactly `len` bytes, as DICT integers can be. */
static bool encode_int(long value, unsigned len, unsigned char *out)
{
    switch (len) {
    case 1:
        if (value < -107 || value > 107) return false;
        out[0] = (unsigned char)(value + 139);
        return true;
    case 2:
        if (value >= 108 && value <= 1131) {
            out[0] = (unsigned char)((value - 108) / 256 + 247);
            out[1] = (unsigned char)((value - 108) % 256);
            return true;
        }
        if (value <= -108 && value >= -1131) {
            out[0] = (unsigned char)((-value - 108) / 256 + 251);
            out[1] = (unsigned char)((-value - 108) % 256);
            return true;
        }
        return false;
    case 3:
        if (value < -32768 || value > 32767) return false;
        out[0] = 28;
        put_n(out + 1, 2, (unsigned long)value & 0xFFFF);
        return true;
    case 5:
        if (value < INT32_MIN || value > INT32_MAX) return false;
        out[0] = 29;
        put_n(out + 1, 4, (unsigned long)value & 0xFFFFFFFFUL);
        return true;
    }
    return false;
}

/* An offset operand: kept if it points before the CharStrings INDEX,
 * moved down with the bytes after it, refused if it points inside. */
static bool shift_offset(pdf_cffview *v, const operand *o)
{
    if (!o->integer || o->value < 0)
        return false;
    unsigned long off = (unsigned long)o->value;
    if (off <= v->cs_start)
        return true;
    if (off < v->cs_end || off > v->cff_len)
        return false;
    if (v->npatches == MAX_PATCHES)
        return false;
    patch *p = &v->patches[v->npatches];
    if (!encode_int((long)(off - v->delta), o->len, p->bytes))
        return false;
    p->at = o->at;
    p->len = (unsigned char)o->len;
    v->npatches++;
    return true;
}

typedef struct {
    long charstrings, fdarray, fdselect, charset;
    bool has_charstrings, has_fdarray, has_fdselect, has_charset, name_keyed, cff2ish;
} top_info;

/* First pass over the Top DICT: what it holds. */
static bool top_scan(pdf_cffview *v, unsigned op, const operand *ops, int n, void *arg)
{
    (void)v;
    top_info *t = arg;
    if (op == 17) {
        if (n != 1 || !ops[0].integer) return false;
        t->charstrings = ops[0].value;
        t->has_charstrings = true;
    } else if (op == 1236) {
        if (n != 1 || !ops[0].integer) return false;
        t->fdarray = ops[0].value;
        t->has_fdarray = true;
    } else if (op == 1237) {
        if (n != 1 || !ops[0].integer) return false;
        t->fdselect = ops[0].value;
        t->has_fdselect = true;
    } else if (op == 15) {
        if (n != 1 || !ops[0].integer) return false;
        t->charset = ops[0].value;
        t->has_charset = true;
    } else if (op == 16 || op == 18) {
        t->name_keyed = true;   /* an Encoding or a Private DICT of its own */
    } else if (op == 24 || op == 1239) {
        t->cff2ish = true;   /* vstore or maxstack: not a CFF 1 Top DICT */
    }
    return true;
}

/* Second pass: the offsets that move (in a CID-keyed Top DICT). */
static bool top_patch(pdf_cffview *v, unsigned op, const operand *ops, int n, void *arg)
{
    (void)arg;
    switch (op) {
    case 15:   /* charset: 0-2 are predefined */
        if (n != 1) return false;
        if (ops[0].integer && ops[0].value >= 0 && ops[0].value <= 2)
            return true;
        return shift_offset(v, &ops[0]);
    case 1236: /* FDArray */
    case 1237: /* FDSelect */
        return n == 1 && shift_offset(v, &ops[0]);
    }
    return true;
}

typedef struct {
    long size, off;
    bool seen;
} private_ref;

static bool private_subrs(pdf_cffview *v, unsigned op, const operand *ops, int n, void *arg)
{
    (void)v;
    if (op == 19) {
        if (n != 1 || !ops[0].integer || ops[0].value < 0)
            return false;
        *(long *)arg = ops[0].value;
    }
    return true;
}

static bool fd_patch(pdf_cffview *v, unsigned op, const operand *ops, int n, void *arg)
{
    private_ref *pr = arg;
    if (op == 18) {
        if (n != 2 || !ops[0].integer || pr->seen)
            return false;
        pr->size = ops[0].value;
        pr->off = ops[1].value;
        pr->seen = true;
        return shift_offset(v, &ops[1]);
    }
    return true;
}

/* Whether [start, start+len) lies clear of the old CharStrings INDEX, so
 * that the view shows it unchanged.  Well-made fonts never overlap their
 * structures; a damaged one might, and its glyphs would then differ. */
static bool clear_of_charstrings(const pdf_cffview *v, unsigned long start, unsigned long len)
{
    if (start > v->cff_len || len > v->cff_len - start)
        return false;
    return start + len <= v->cs_start || start >= v->cs_end;
}

/* Where a structure and another at a fixed distance from it (a Private
 * DICT and its Subrs) lie: on the same side, as they move together. */
static bool same_side(const pdf_cffview *v, unsigned long a, unsigned long b)
{
    return (a < v->cs_start) == (b < v->cs_start);
}

/* The length of the charset at `at` of a font with v->count glyphs. */
static bool charset_len(const pdf_cffview *v, unsigned long at, unsigned long *len)
{
    unsigned char b[4];
    if (!read_cff(v, at, b, 1))
        return false;
    unsigned long need = v->count - 1, pos = at + 1;
    if (b[0] == 0) {
        *len = 1 + 2 * need;
        return true;
    }
    if (b[0] != 1 && b[0] != 2)
        return false;
    unsigned rlen = b[0] == 1 ? 3 : 4;
    for (unsigned long got = 0; got < need;) {
        if (!read_cff(v, pos, b, rlen))
            return false;
        got += 1 + get_n(b + 2, rlen - 2);
        pos += rlen;
    }
    *len = pos - at;
    return true;
}

static bool fdselect_len(const pdf_cffview *v, unsigned long at, unsigned long *len)
{
    unsigned char b[3];
    if (!read_cff(v, at, b, 3))
        return false;
    if (b[0] == 0)
        *len = 1 + (unsigned long)v->count;
    else if (b[0] == 3)
        *len = 5 + 3 * get_n(b + 1, 2);
    else
        return false;
    return true;
}

/* Every structure the glyphs depend on lies clear of the old CharStrings
 * INDEX, and each Private DICT on the same side as its Subrs. */
static bool check_layout(pdf_cffview *v, const top_info *t, unsigned long prefix_end)
{
    unsigned long len;
    if (v->cs_start < prefix_end)
        return false;
    if (t->has_charset && t->charset > 2 &&
        (!charset_len(v, (unsigned long)t->charset, &len) || !clear_of_charstrings(v, (unsigned long)t->charset, len)))
        return false;
    if (!t->has_fdselect || t->fdselect < 0 || !fdselect_len(v, (unsigned long)t->fdselect, &len) ||
        !clear_of_charstrings(v, (unsigned long)t->fdselect, len))
        return false;
    cff_index fds;
    if (t->fdarray < 0 || !read_index(v, (unsigned long)t->fdarray, &fds) || fds.count == 0 || fds.count > MAX_FDS ||
        !clear_of_charstrings(v, (unsigned long)t->fdarray, fds.end - (unsigned long)t->fdarray))
        return false;
    for (unsigned long i = 0; i < fds.count; i++) {
        unsigned long at, dlen;
        private_ref pr = {0};
        if (!index_element(v, &fds, i, &at, &dlen) || !walk_dict(v, at, dlen, fd_patch, &pr) || !pr.seen ||
            pr.size < 0 || pr.off < 0 || !clear_of_charstrings(v, (unsigned long)pr.off, (unsigned long)pr.size))
            return false;
        /* the Subrs, at an offset from the Private DICT given inside it */
        long subrs = -1;
        if (!walk_dict(v, (unsigned long)pr.off, (unsigned long)pr.size, private_subrs, &subrs))
            return false;
        if (subrs >= 0) {
            cff_index sx;
            unsigned long sat = (unsigned long)pr.off + (unsigned long)subrs;
            if (sat > v->cff_len || !read_index(v, sat, &sx) || !clear_of_charstrings(v, sat, sx.end - sat) ||
                !same_side(v, (unsigned long)pr.off, sat))
                return false;
        }
    }
    return true;
}

/* Shows a Subrs INDEX at `at` of `len` bytes as one holding only
 * `return`: the bytes after it are then no INDEX's and unread. */
static bool add_subrs_patch(pdf_cffview *v, unsigned long at, unsigned long len)
{
    static const unsigned char one_return[6] = {0, 1, 1, 1, 2, 11};
    for (size_t p = 0; p < v->npatches; p++)
        if (v->patches[p].at == at && v->patches[p].len == 6)
            return true;   /* FDs sharing their Subrs */
    if (len < sizeof one_return || v->npatches == MAX_PATCHES)
        return false;
    patch *p = &v->patches[v->npatches++];
    p->at = at;
    p->len = sizeof one_return;
    memcpy(p->bytes, one_return, sizeof one_return);
    return true;
}

/* The FD of every glyph, from the FDSelect at `at`. */
static bool read_fdselect(pdf_cffview *v, unsigned long at)
{
    unsigned char h[3];
    if (!read_cff(v, at, h, 3))
        return false;
    v->fdsel = xmalloc(v->count);
    if (h[0] == 0) {
        if (!read_cff(v, at + 1, v->fdsel, v->count))
            return false;
    } else if (h[0] == 3) {
        unsigned long nranges = get_n(h + 1, 2), len = 3 * nranges + 2;
        if (nranges == 0)
            return false;
        unsigned char *r = xmalloc(len);
        bool ok = read_cff(v, at + 3, r, len);
        for (unsigned long k = 0; ok && k < nranges; k++) {
            unsigned long first = get_n(r + 3 * k, 2), next = get_n(r + 3 * k + 3, 2);
            ok = (k > 0 || first == 0) && first < next && next <= v->count && (k + 1 < nranges || next == v->count);
            if (ok)
                memset(v->fdsel + first, r[3 * k + 2], next - first);
        }
        free(r);
        if (!ok)
            return false;
    } else {
        return false;
    }
    for (unsigned g = 0; g < v->count; g++)
        if (v->fdsel[g] >= v->nfds)
            return false;
    return true;
}

static bool fd_private(pdf_cffview *v, unsigned op, const operand *ops, int n, void *arg)
{
    (void)v;
    private_ref *pr = arg;
    if (op == 18) {
        if (n != 2 || !ops[0].integer || !ops[1].integer || pr->seen)
            return false;
        pr->size = ops[0].value;
        pr->off = ops[1].value;
        pr->seen = true;
    }
    return true;
}

/* Whether the view can show the face without subroutines, and if so the
 * patches that empty the Subrs INDEXes.  The layout has been checked. */
static bool setup_flat(pdf_cffview *v, const top_info *t, unsigned long gsubrs_at, const cff_index *gsubrs)
{
    cff_index fds;
    if (!read_index(v, (unsigned long)t->fdarray, &fds))
        return false;
    v->nfds = fds.count;
    if (!read_fdselect(v, (unsigned long)t->fdselect))
        return false;
    v->gsubrs = *gsubrs;
    size_t saved = v->npatches;
    bool any = false, ok = true;
    if (gsubrs->count > 0) {
        any = true;
        ok = add_subrs_patch(v, gsubrs_at, gsubrs->end - gsubrs_at);
    }
    for (unsigned long i = 0; ok && i < fds.count; i++) {
        unsigned long at, dlen;
        private_ref pr = {0};
        long subrs = -1;
        ok = index_element(v, &fds, i, &at, &dlen) && walk_dict(v, at, dlen, fd_private, &pr) && pr.seen &&
             walk_dict(v, (unsigned long)pr.off, (unsigned long)pr.size, private_subrs, &subrs);
        if (ok && subrs >= 0) {
            unsigned long sat = (unsigned long)pr.off + (unsigned long)subrs;
            ok = read_index(v, sat, &v->lsubrs[i]);
            if (ok && v->lsubrs[i].count > 0) {
                any = true;
                ok = add_subrs_patch(v, sat, v->lsubrs[i].end - sat);
            }
        }
    }
    if (!ok || !any) {
        v->npatches = saved;
        return false;
    }
    return true;
}

typedef struct {
    const pdf_cffview *v;
    unsigned fd;
} subr_ctx;

static bool fetch_subr(void *ctx, bool global, unsigned long i, unsigned char **data, size_t *len)
{
    const subr_ctx *c = ctx;
    const cff_index *ix = global ? &c->v->gsubrs : &c->v->lsubrs[c->fd];
    unsigned long at, n;
    if (!index_element(c->v, ix, i, &at, &n))
        return false;
    *data = xmalloc(n ? n : 1);
    *len = n;
    if (!read_cff(c->v, at, *data, n)) {
        free(*data);
        *data = NULL;
        return false;
    }
    return true;
}

/* Appends glyph g's charstring at `at` of `len` bytes, inlined. */
static bool flatten_glyph(pdf_cffview *v, unsigned g, unsigned long at, unsigned long len)
{
    unsigned char *cs = xmalloc(len ? len : 1);
    bool ok = read_cff(v, at, cs, len);
    if (ok) {
        subr_ctx c = {v, v->fdsel[g]};
        ok = pdf_t2_flatten(cs, len, v->lsubrs[c.fd].count, v->gsubrs.count, fetch_subr, &c, &v->flatbuf);
    }
    free(cs);
    return ok;
}

static unsigned bytes_for(unsigned long x)
{
    unsigned n = 1;
    while (n < 4 && (x >> (8 * n)) != 0)
        n++;
    return n;
}

/* Finds the face's CFF table in the file: its table record and extent. */
static bool find_cff_table(pdf_cffview *v, int index)
{
    unsigned char h[12];
    unsigned long sfnt = 0;
    if (!read_exact(v, 0, h, 12))
        return false;
    if (memcmp(h, "ttcf", 4) == 0) {
        unsigned long nfonts = get_n(h + 8, 4);
        unsigned char o[4];
        if (index < 0 || (unsigned long)index >= nfonts || !read_exact(v, 12 + 4 * (unsigned long)index, o, 4))
            return false;
        sfnt = get_n(o, 4);
        if (!read_exact(v, sfnt, h, 12))
            return false;
    } else if (index != 0) {
        return false;
    }
    if (memcmp(h, "OTTO", 4) != 0)
        return false;
    unsigned long ntables = get_n(h + 4, 2);
    for (unsigned long i = 0; i < ntables; i++) {
        unsigned long rec = sfnt + 12 + 16 * i;
        unsigned char r[16];
        if (!read_exact(v, rec, r, 16))
            return false;
        if (memcmp(r, "CFF ", 4) == 0) {
            v->dir_record = rec;
            memcpy(v->record, r, 16);
            v->cff_off = get_n(r + 8, 4);
            v->cff_len = get_n(r + 12, 4);
            return v->cff_off <= v->file_size && v->cff_len <= v->file_size - v->cff_off && v->cff_len >= 4;
        }
    }
    return false;
}

pdf_cffview *pdf_cffview_open(pdf_cffview_read_fn read, void *ctx, unsigned long file_size, int index,
                              unsigned long capacity)
{
    pdf_cffview *v = xcalloc(1, sizeof *v);
    v->read = read;
    v->ctx = ctx;
    v->file_size = file_size;
    v->capacity = capacity;
    if (capacity == 0 || capacity > 0x7FFFFFFFUL || !find_cff_table(v, index))
        goto fail;

    unsigned char hdr[4];
    if (!read_cff(v, 0, hdr, 4) || hdr[0] != 1 || hdr[2] < 4)
        goto fail;
    cff_index names, tops, strings, gsubrs;
    if (!read_index(v, hdr[2], &names) || !read_index(v, names.end, &tops) || tops.count != 1 ||
        !read_index(v, tops.end, &strings) || !read_index(v, strings.end, &gsubrs))
        goto fail;
    unsigned long top_at, top_len;
    if (!index_element(v, &tops, 0, &top_at, &top_len))
        goto fail;
    top_info t = {0};
    /* CID-keyed fonts only: those are the big ones (CJK), and their glyphs
     * stand alone; a name-keyed glyph may be an accented letter built by
     * seac from two others that the set need not hold */
    if (!walk_dict(v, top_at, top_len, top_scan, &t) || !t.has_charstrings || !t.has_fdarray || t.name_keyed ||
        t.cff2ish || t.charstrings <= 0)
        goto fail;

    cff_index cs;
    v->cs_start = (unsigned long)t.charstrings;
    if (!read_index(v, v->cs_start, &cs) || cs.count < 2 || cs.count > 65535)
        goto fail;
    v->cs_end = cs.end;
    v->count = (unsigned)cs.count;
    v->old_off_size = (unsigned)cs.off_size;
    v->off_size = bytes_for(capacity + 1);
    v->cs_len = 3 + (unsigned long)(v->count + 1) * v->off_size + capacity;
    if (v->cs_len >= v->cs_end - v->cs_start)
        goto fail;   /* no smaller than the table itself: nothing to gain */
    v->delta = (v->cs_end - v->cs_start) - v->cs_len;
    v->new_len = v->cff_len - v->delta;

    if (!walk_dict(v, top_at, top_len, top_patch, NULL))
        goto fail;
    if (!check_layout(v, &t, gsubrs.end))
        goto fail;
    v->flat = setup_flat(v, &t, strings.end, &gsubrs);

    v->cff_at = (file_size + 3) & ~3UL;
    if (v->cff_at < file_size || v->new_len > 0xFFFFFFFFUL - v->cff_at)
        goto fail;
    put_n(v->record + 8, 4, v->cff_at);
    put_n(v->record + 12, 4, v->new_len);
    if (!pdf_cffview_set_glyphs(v, NULL, 0))
        goto fail;
    return v;
fail:
    pdf_cffview_free(v);
    return NULL;
}

unsigned long pdf_cffview_size(const pdf_cffview *v)
{
    return v->cff_at + v->new_len;
}

unsigned pdf_cffview_glyph_count(const pdf_cffview *v)
{
    return v->count;
}

bool pdf_cffview_set_glyphs(pdf_cffview *v, const uint16_t *gids, size_t n)
{
    free(v->gids);
    free(v->real);
    free(v->cum);
    v->gids = xmalloc((n + 1) * sizeof *v->gids);
    v->real = xmalloc((n + 1) * sizeof *v->real);
    v->cum = xmalloc((n + 1) * sizeof *v->cum);
    v->cum[0] = 0;
    v->n = 0;
    strbuf_reset(&v->flatbuf);
    bool ok = n < v->count;
    unsigned char *offs = NULL;
    if (ok && n) {
        /* all the old offsets at once: one read instead of one per glyph */
        unsigned long olen = (unsigned long)(v->count + 1) * v->old_off_size;
        offs = xmalloc(olen);
        ok = read_cff(v, v->cs_start + 3, offs, olen);
    }
    unsigned long data = v->cs_start + 3 + (unsigned long)(v->count + 1) * v->old_off_size - 1;
    for (size_t i = 0; ok && i < n; i++) {
        if (gids[i] >= v->count || (i && gids[i] <= gids[i - 1])) {
            ok = false;
            break;
        }
        unsigned long a = get_n(offs + (size_t)gids[i] * v->old_off_size, v->old_off_size);
        unsigned long z = get_n(offs + ((size_t)gids[i] + 1) * v->old_off_size, v->old_off_size);
        if (a < 1 || z < a || data + z > v->cs_end || (!v->flat && z - a > v->capacity - v->cum[i])) {
            ok = false;
            break;
        }
        unsigned long glen = z - a;
        if (v->flat) {
            size_t before = v->flatbuf.len;
            if (!flatten_glyph(v, gids[i], data + a, z - a)) {
                ok = false;
                break;
            }
            glen = v->flatbuf.len - before;
            if (glen > v->capacity - v->cum[i]) {
                ok = false;
                break;
            }
        }
        v->gids[i] = gids[i];
        v->real[i] = data + a;
        v->cum[i + 1] = v->cum[i] + glen;
        v->n = i + 1;
    }
    free(offs);
    if (!ok) {
        v->n = 0;
        strbuf_reset(&v->flatbuf);
    }
    /* the padding goes to the highest glyph not in the set */
    size_t k = v->n;
    unsigned g = v->count - 1;
    while (k > 0 && v->gids[k - 1] == g) {
        k--;
        g--;
    }
    v->pad_gid = g;
    v->pad_pos = k;
    return ok;
}

/* Where the charstring of glyph k begins in the new INDEX's data. */
static unsigned long glyph_start(const pdf_cffview *v, unsigned long k)
{
    size_t lo = 0, hi = v->n;   /* glyphs of the set below k */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v->gids[mid] < k)
            lo = mid + 1;
        else
            hi = mid;
    }
    unsigned long s = v->cum[lo];
    if (v->pad_gid < k)
        s += v->capacity - v->cum[v->n];
    return s;
}

/* Bytes of the new INDEX's data from d on. */
static unsigned long read_data(pdf_cffview *v, unsigned long d, unsigned char *buf, unsigned long len)
{
    unsigned long pad = v->capacity - v->cum[v->n], done = 0;
    while (done < len && d < v->capacity) {
        unsigned long p0 = v->cum[v->pad_pos];
        unsigned long want = len - done, got;
        if (d >= p0 && d < p0 + pad) {
            got = want < p0 + pad - d ? want : p0 + pad - d;
            memset(buf + done, 0, got);
        } else {
            unsigned long e = d >= p0 + pad ? d - pad : d;   /* as if there were no padding */
            size_t lo = 0, hi = v->n;   /* the glyph with cum[i] <= e < cum[i+1] */
            while (hi - lo > 1) {
                size_t mid = (lo + hi) / 2;
                if (v->cum[mid] <= e)
                    lo = mid;
                else
                    hi = mid;
            }
            /* a glyph before the padding ends at or before it */
            unsigned long in = e - v->cum[lo], left = v->cum[lo + 1] - e;
            got = want < left ? want : left;
            if (v->flat)
                memcpy(buf + done, v->flatbuf.data + e, got);   /* the flat charstrings lie as cum says */
            else if (!read_exact(v, v->cff_off + v->real[lo] + in, buf + done, got))
                return done;
        }
        done += got;
        d += got;
    }
    return done;
}

/* Bytes of the new INDEX from i (relative to its start) on. */
static unsigned long read_charstrings(pdf_cffview *v, unsigned long i, unsigned char *buf, unsigned long len)
{
    unsigned long done = 0, offs_end = 3 + (unsigned long)(v->count + 1) * v->off_size;
    while (done < len && i < offs_end) {
        unsigned char e[4];
        unsigned long base, elen;
        if (i < 3) {
            put_n(e, 2, v->count);
            e[2] = (unsigned char)v->off_size;
            base = 0;
            elen = 3;
        } else {
            unsigned long k = (i - 3) / v->off_size;
            put_n(e, v->off_size, glyph_start(v, k) + 1);
            base = 3 + k * v->off_size;
            elen = v->off_size;
        }
        unsigned long from = i - base, take = elen - from;
        if (take > len - done)
            take = len - done;
        memcpy(buf + done, e + from, take);
        done += take;
        i += take;
    }
    if (done < len && i >= offs_end) {
        unsigned long got = read_data(v, i - offs_end, buf + done, len - done);
        done += got;
    }
    return done;
}

/* Bytes of the new CFF table from t on. */
static unsigned long read_table(pdf_cffview *v, unsigned long t, unsigned char *buf, unsigned long len)
{
    unsigned long done = 0;
    while (done < len && t < v->new_len) {
        unsigned long want = len - done, got, old;
        if (t >= v->cs_start && t < v->cs_start + v->cs_len) {
            unsigned long left = v->cs_start + v->cs_len - t, take = want < left ? want : left;
            got = read_charstrings(v, t - v->cs_start, buf + done, take);
            if (got < take)
                return done + got;
        } else {
            bool before = t < v->cs_start;
            unsigned long left = before ? v->cs_start - t : v->new_len - t;
            got = want < left ? want : left;
            old = before ? t : t + v->delta;
            if (!read_cff(v, old, buf + done, got))
                return done;
            for (size_t p = 0; p < v->npatches; p++) {
                const patch *pt = &v->patches[p];
                for (unsigned j = 0; j < pt->len; j++)
                    if (pt->at + j >= old && pt->at + j < old + got)
                        buf[done + pt->at + j - old] = pt->bytes[j];
            }
        }
        done += got;
        t += got;
    }
    return done;
}

unsigned long pdf_cffview_read(pdf_cffview *v, unsigned long off, unsigned char *buf, unsigned long len)
{
    unsigned long size = pdf_cffview_size(v), done = 0;
    if (off >= size)
        return 0;
    if (len > size - off)
        len = size - off;
    while (done < len) {
        unsigned long want = len - done, got;
        if (off < v->file_size) {
            got = want < v->file_size - off ? want : v->file_size - off;
            if (!read_exact(v, off, buf + done, got))
                return done;
            for (unsigned j = 0; j < 16; j++)
                if (v->dir_record + j >= off && v->dir_record + j < off + got)
                    buf[done + v->dir_record + j - off] = v->record[j];
        } else if (off < v->cff_at) {
            got = want < v->cff_at - off ? want : v->cff_at - off;
            memset(buf + done, 0, got);
        } else {
            got = read_table(v, off - v->cff_at, buf + done, want);
            if (got < want)
                return done + got;
        }
        done += got;
        off += got;
    }
    return done;
}

void pdf_cffview_free(pdf_cffview *v)
{
    if (!v)
        return;
    free(v->gids);
    free(v->real);
    free(v->cum);
    free(v->fdsel);
    strbuf_free(&v->flatbuf);
    free(v);
}
