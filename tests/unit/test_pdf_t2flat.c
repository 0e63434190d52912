/* pdf_t2flat: calls are inlined byte for byte (hint masks, operands a
 * subroutine takes from its caller, endchar inside a subroutine), and
 * hostile charstrings (recursion, numbers beyond the INDEX, truncation,
 * stem counts whose masks run off the end, stack overflow, exponential
 * call trees, arithmetic) are refused quickly with the output untouched. */
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "pdf/pdf_t2flat.h"
#include "test.h"

typedef struct {
    const unsigned char *data[16];
    size_t len[16];
    size_t n;
} subrs;

typedef struct {
    subrs local, global;
    unsigned long fetched;
} fonts;

static bool fetch(void *ctx, bool global, unsigned long i, unsigned char **data, size_t *len)
{
    fonts *f = ctx;
    const subrs *s = global ? &f->global : &f->local;
    f->fetched++;
    if (i >= s->n)
        return false;
    *data = xmalloc(s->len[i] + 1);
    memcpy(*data, s->data[i], s->len[i]);
    *len = s->len[i];
    return true;
}

#define N(x) ((unsigned char)((x) + 139))   /* a one-byte operand, -107..107 */
#define ARR(...) ((const unsigned char[]){__VA_ARGS__}), sizeof((const unsigned char[]){__VA_ARGS__})

static void set(subrs *s, size_t i, const unsigned char *d, size_t n)
{
    s->data[i] = d;
    s->len[i] = n;
    if (s->n <= i)
        s->n = i + 1;
}

/* Flattens cs; true when it gives exactly `want` (NULL: refused, and out
 * left as it was). */
static bool flat_is(fonts *f, const unsigned char *cs, size_t n, const unsigned char *want, size_t wn)
{
    strbuf out = STRBUF_INIT;
    strbuf_add(&out, "ab", 2);   /* what came before stays */
    bool ok = pdf_t2_flatten(cs, n, f->local.n, f->global.n, fetch, f, &out);
    bool good;
    if (!want)
        good = !ok && out.len == 2 && memcmp(out.data, "ab", 2) == 0;
    else
        good = ok && out.len == 2 + wn && memcmp(out.data + 2, want, wn) == 0;
    strbuf_free(&out);
    return good;
}

static void test_inline(void)
{
    fonts f = {0};
    /* local 0: a line; local 1: calls local 0 with the number its caller
     * pushed; local 2: ends the glyph; global 0: a curve then return */
    set(&f.local, 0, ARR(N(10), N(20), 5, 11));
    set(&f.local, 1, ARR(10, 11));
    set(&f.local, 2, ARR(N(1), N(2), 5, 14, N(3), N(4), 5));
    set(&f.global, 0, ARR(N(1), N(2), N(3), N(4), N(5), N(6), 8, 11));
    CHECK_INT(pdf_t2_bias(3), 107);
    CHECK_INT(pdf_t2_bias(1240), 1131);
    CHECK_INT(pdf_t2_bias(33900), 32768);

    /* 5 5 rmoveto, callsubr 0, callgsubr 0, endchar */
    CHECK(flat_is(&f, ARR(N(5), N(5), 21, N(-107), 10, N(-107), 29, 14),
                  ARR(N(5), N(5), 21, N(10), N(20), 5, N(1), N(2), N(3), N(4), N(5), N(6), 8, 14)));
    /* the subroutine number of local 1's call is the caller's: -107 then
     * -106 pushed, local 1 pops -107 */
    CHECK(flat_is(&f, ARR(N(5), 22, N(-107), N(-106), 10, 14), ARR(N(5), 22, N(10), N(20), 5, 14)));
    /* endchar inside a subroutine ends the glyph: nothing after it */
    CHECK(flat_is(&f, ARR(N(5), 22, N(-105), 10, N(7), 22), ARR(N(5), 22, N(1), N(2), 5, 14)));
    /* the end of a glyph without endchar stays so */
    CHECK(flat_is(&f, ARR(N(5), 22, N(-107), 10), ARR(N(5), 22, N(10), N(20), 5)));

    /* hint masks: a width, 9 stems (18 operands) in hstemhm, an implicit
     * vstem (2 more) before hintmask: 10 stems, 2 mask bytes, which look
     * like callsubr and return and must be copied, not obeyed */
    unsigned char cs[64];
    size_t n = 0;
    cs[n++] = N(50);   /* width */
    for (int i = 0; i < 18; i++)
        cs[n++] = N(i + 1);
    cs[n++] = 18;
    cs[n++] = N(3);
    cs[n++] = N(4);
    cs[n++] = 19;
    cs[n++] = 10;
    cs[n++] = 11;
    size_t masked = n;
    cs[n++] = N(-107);
    cs[n++] = 10;
    cs[n++] = 14;
    unsigned char want[64];
    memcpy(want, cs, masked);
    memcpy(want + masked, (const unsigned char[]){N(10), N(20), 5, 14}, 4);
    CHECK(flat_is(&f, cs, n, want, masked + 4));
    /* one mask byte short */
    CHECK(flat_is(&f, cs, masked - 1, NULL, 0));

    /* numbers of every size are copied as they are; a whole 16.16 number
     * may name a subroutine */
    CHECK(flat_is(&f, ARR(28, 0x01, 0x00, 247, 0, 251, 0, 255, 0, 1, 0x80, 0, 4, 255, 0xFF, 0x95, 0, 0, 10, 14),
                  ARR(28, 0x01, 0x00, 247, 0, 251, 0, 255, 0, 1, 0x80, 0, 4, N(10), N(20), 5, 14)));
    /* flex and its kin are operators like the others */
    CHECK(flat_is(&f, ARR(N(1), N(2), 12, 35, N(-107), 10), ARR(N(1), N(2), 12, 35, N(10), N(20), 5)));
}

static void test_hostile(void)
{
    fonts f = {0};
    set(&f.local, 0, ARR(N(-107), 10, 11));            /* calls itself */
    set(&f.local, 1, ARR(N(1), 12, 10, 10, 11));       /* add: computes with the stack */
    set(&f.local, 2, ARR(N(1), 28, 0x00));             /* truncated number */
    CHECK(flat_is(&f, ARR(N(-107), 10, 14), NULL, 0));
    CHECK(flat_is(&f, ARR(N(-106), 10, 14), NULL, 0));
    CHECK(flat_is(&f, ARR(N(-105), 10, 14), NULL, 0));
    /* beyond the INDEX, below it, no number, a fractional number */
    CHECK(flat_is(&f, ARR(N(-104), 10, 14), NULL, 0));
    CHECK(flat_is(&f, ARR(N(-107), 29, 14), NULL, 0));   /* no global subroutines */
    CHECK(flat_is(&f, ARR(28, 0x80, 0x00, 10, 14), NULL, 0));
    CHECK(flat_is(&f, ARR(10, 14), NULL, 0));
    CHECK(flat_is(&f, ARR(255, 0xFF, 0x95, 0x80, 0, 10, 14), NULL, 0));
    /* return in a glyph, reserved operators, seac */
    CHECK(flat_is(&f, ARR(N(1), 22, 11), NULL, 0));
    CHECK(flat_is(&f, ARR(N(1), 22, 2), NULL, 0));
    CHECK(flat_is(&f, ARR(N(1), 22, 12), NULL, 0));
    CHECK(flat_is(&f, ARR(N(0), N(0), N(1), N(2), 14), NULL, 0));

    /* 49 operands */
    unsigned char big[4096];
    for (int i = 0; i < 49; i++)
        big[i] = N(1);
    big[49] = 14;
    CHECK(flat_is(&f, big, 50, NULL, 0));
    /* a huge stem count: 40 hstems of 24 stems each, then a hintmask
     * whose 120 mask bytes are not there */
    size_t n = 0;
    for (int k = 0; k < 40; k++) {
        for (int i = 0; i < 48; i++)
            big[n++] = N(1);
        big[n++] = 1;
    }
    big[n++] = 19;
    big[n++] = 0xFF;
    CHECK(flat_is(&f, big, n, NULL, 0));

    /* an exponential call tree: each subroutine calls the next four times,
     * 4^9 calls of a leaf that draws nothing; refused after a bounded
     * number of steps */
    fonts e = {0};
    static unsigned char tree[9][12];
    for (int s = 0; s < 9; s++) {
        size_t m = 0;
        for (int c = 0; c < 4; c++) {
            tree[s][m++] = N(-107 + s + 1);
            tree[s][m++] = 10;
        }
        tree[s][m++] = 11;
        set(&e.local, (size_t)s, tree[s], m);
    }
    set(&e.local, 9, ARR(11));
    CHECK(flat_is(&e, ARR(N(0), 22, N(-107), 10, 14), NULL, 0));
    CHECK(e.fetched < T2_MAX_STEPS);
    /* the same tree with a leaf that draws: refused for its size */
    set(&e.local, 9, ARR(N(1), N(1), 5, 11));
    CHECK(flat_is(&e, ARR(N(0), 22, N(-107), 10, 14), NULL, 0));
    /* a small tree is fine: 4 calls of 4 calls of the leaf */
    fonts sm = {0};
    set(&sm.local, 0, tree[0], 9);
    set(&sm.local, 1, ARR(N(-105), 10, N(-105), 10, N(-105), 10, N(-105), 10, 11));
    set(&sm.local, 2, ARR(N(1), 5, 11));
    strbuf out = STRBUF_INIT;
    CHECK(pdf_t2_flatten(ARR(N(0), 22, N(-107), 10, 14), sm.local.n, 0, fetch, &sm, &out));
    CHECK_INT(out.len, 2 + 16 * 2 + 1);
    strbuf_free(&out);
    /* 11 levels deep */
    fonts d = {0};
    static unsigned char chain[12][3];
    for (int s = 0; s < 12; s++) {
        chain[s][0] = N(-107 + s + 1);
        chain[s][1] = 10;
        chain[s][2] = 11;
        set(&d.local, (size_t)s, chain[s], 3);
    }
    /* depth 10 is allowed: the 10th subroutine (index 9) returns at once */
    d.local.len[9] = 1;
    d.local.data[9] = (const unsigned char[]){11};
    CHECK(flat_is(&d, ARR(N(0), 22, N(-107), 10, 14), ARR(N(0), 22, 14)));
    d.local.len[9] = 3;
    d.local.data[9] = chain[9];
    d.local.len[10] = 1;
    d.local.data[10] = (const unsigned char[]){11};
    CHECK(flat_is(&d, ARR(N(0), 22, N(-107), 10, 14), NULL, 0));
}

int main(void)
{
    test_inline();
    test_hostile();
    return test_done();
}
