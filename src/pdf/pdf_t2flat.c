/* pdf_t2flat — inlining the subroutine calls of a Type 2 charstring.
 * See pdf_t2flat.h. */
#include "pdf/pdf_t2flat.h"

#include <stdint.h>
#include <stdlib.h>

typedef struct {
    unsigned long nlocal, nglobal;
    pdf_t2_subr_fn fetch;
    void *ctx;
    strbuf *out;
    size_t start;           /* out->len when the glyph began */
    size_t pos[T2_MAX_STACK];   /* where each operand's number lies in out */
    long val[T2_MAX_STACK];
    bool is_int[T2_MAX_STACK];
    int nargs;
    unsigned long nstems;
    unsigned long steps;
    bool ended;             /* endchar seen */
} flat;

long pdf_t2_bias(unsigned long count)
{
    return count < 1240 ? 107 : count < 33900 ? 1131 : 32768;
}

static void emit(flat *f, const unsigned char *p, size_t n)
{
    strbuf_add(f->out, p, n);
}

/* Runs charstring cs (a glyph at depth 0, a subroutine deeper). */
static bool run(flat *f, const unsigned char *cs, size_t len, int depth)
{
    size_t i = 0;
    while (i < len && !f->ended) {
        if (++f->steps > T2_MAX_STEPS || f->out->len - f->start > T2_MAX_FLAT)
            return false;
        unsigned b = cs[i];
        if (b == 28 || b >= 32) {
            size_t n = b == 28 ? 3 : b <= 246 ? 1 : b <= 254 ? 2 : 5;
            if (n > len - i || f->nargs == T2_MAX_STACK)
                return false;
            long v;
            bool is_int = true;
            if (b == 28)
                v = (int16_t)(uint16_t)((cs[i + 1] << 8) | cs[i + 2]);
            else if (b <= 246)
                v = (long)b - 139;
            else if (b <= 250)
                v = (long)(b - 247) * 256 + cs[i + 1] + 108;
            else if (b <= 254)
                v = -(long)(b - 251) * 256 - cs[i + 1] - 108;
            else {
                uint32_t u = ((uint32_t)cs[i + 1] << 24) | ((uint32_t)cs[i + 2] << 16) | ((uint32_t)cs[i + 3] << 8) |
                             cs[i + 4];
                v = (int16_t)(uint16_t)(u >> 16);
                is_int = (u & 0xFFFF) == 0;   /* a subroutine number must be whole */
            }
            f->pos[f->nargs] = f->out->len;
            f->val[f->nargs] = v;
            f->is_int[f->nargs] = is_int;
            f->nargs++;
            emit(f, cs + i, n);
            i += n;
            continue;
        }
        size_t op_at = i;
        unsigned op = b;
        i++;
        if (b == 12) {
            if (i >= len)
                return false;
            op = 1200 + cs[i++];
        }
        switch (op) {
        case 10:    /* callsubr */
        case 29: {  /* callgsubr */
            if (f->nargs == 0 || !f->is_int[f->nargs - 1] || depth + 1 > T2_MAX_NESTING)
                return false;
            f->nargs--;
            /* the number is the last thing written: no operator that
             * leaves operands comes between (arithmetic is refused) */
            f->out->len = f->pos[f->nargs];
            f->out->data[f->out->len] = '\0';
            unsigned long count = op == 10 ? f->nlocal : f->nglobal;
            long k = f->val[f->nargs] + pdf_t2_bias(count);
            if (k < 0 || (unsigned long)k >= count)
                return false;
            unsigned char *sub = NULL;
            size_t sublen = 0;
            if (!f->fetch(f->ctx, op == 29, (unsigned long)k, &sub, &sublen))
                return false;
            bool ok = run(f, sub, sublen, depth + 1);
            free(sub);
            if (!ok)
                return false;
            continue;
        }
        case 11:    /* return */
            return depth > 0;
        case 14:    /* endchar; with four operands more it is seac, which names other glyphs */
            if (f->nargs >= 4)
                return false;
            emit(f, cs + op_at, i - op_at);
            f->ended = true;
            return true;
        case 1: case 3: case 18: case 23:   /* hstem vstem hstemhm vstemhm */
            f->nstems += (unsigned long)f->nargs / 2;
            emit(f, cs + op_at, i - op_at);
            f->nargs = 0;
            continue;
        case 19: case 20: {  /* hintmask cntrmask: operands before are an implicit vstem */
            f->nstems += (unsigned long)f->nargs / 2;
            size_t mask = (f->nstems + 7) / 8;
            if (mask > len - i)
                return false;
            emit(f, cs + op_at, i + mask - op_at);
            i += mask;
            f->nargs = 0;
            continue;
        }
        case 4: case 5: case 6: case 7: case 8: case 21: case 22:
        case 24: case 25: case 26: case 27: case 30: case 31:   /* path operators */
        case 1200:  /* dotsection (deprecated, no effect) */
        case 1234: case 1235: case 1236: case 1237:    /* hflex flex hflex1 flex1 */
            emit(f, cs + op_at, i - op_at);
            f->nargs = 0;
            continue;
        default:    /* reserved, arithmetic, storage, conditional */
            return false;
        }
    }
    return true;   /* the end of a charstring is a return (or an endchar) */
}

bool pdf_t2_flatten(const unsigned char *cs, size_t len, unsigned long nlocal, unsigned long nglobal,
                    pdf_t2_subr_fn fetch, void *ctx, strbuf *out)
{
    flat f = {.nlocal = nlocal, .nglobal = nglobal, .fetch = fetch, .ctx = ctx, .out = out, .start = out->len};
    strbuf_reserve(out, len + 1);
    if (run(&f, cs, len, 0) && out->len - f.start <= T2_MAX_FLAT)
        return true;
    out->len = f.start;
    if (out->data)
        out->data[out->len] = '\0';
    return false;
}
