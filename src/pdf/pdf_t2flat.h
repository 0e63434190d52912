/* pdf_t2flat — a Type 2 charstring with its subroutine calls inlined.
 *
 * Why: a CJK face's subroutines are shared by all its 65,535 glyphs, and
 * cairo keeps every entry of their INDEXes (unused ones as a one-byte
 * `return`) in each subset it embeds, so a few dozen glyphs of Noto CJK
 * cost some 100 KB.  The same glyphs with their calls inlined need no
 * subroutines at all (pdf_cffview then shows one-entry INDEXes).
 *
 * A call is replaced by the called charstring up to its `return`; the
 * subroutine number (the last number before the call) is dropped; an
 * `endchar` ends the glyph wherever it occurs.  Every other byte, hint
 * mask bytes included, is copied as it is, so the outline, hints and
 * width are exactly those of the original.  Charstrings that compute
 * with the operand stack (arithmetic, storage, conditional operators),
 * use reserved operators, call beyond their INDEX or nest deeper than
 * T2_MAX_NESTING are refused: such a glyph keeps using subroutines. */
#ifndef JX_PDF_T2FLAT_H
#define JX_PDF_T2FLAT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/strbuf.h"

enum {
    T2_MAX_NESTING = 10,        /* subroutine calls, as the Type 2 spec allows */
    T2_MAX_STACK = 48,          /* operands, as the Type 2 spec allows */
    T2_MAX_STEPS = 200000,      /* tokens read for one glyph, calls included */
    T2_MAX_FLAT = 65535         /* bytes of one inlined charstring */
};

/* Fetches subroutine `i` (0-based, bias already applied) of the global
 * (`global`) or the glyph's local INDEX into a new xmalloc'd buffer the
 * caller frees.  False when it cannot be read. */
typedef bool (*pdf_t2_subr_fn)(void *ctx, bool global, unsigned long i, unsigned char **data, size_t *len);

/* Appends to `out` charstring `cs` of `len` bytes with its calls inlined,
 * given the counts of the local and global subroutines.  False (with `out`
 * as it was) when the charstring is refused (see above). */
bool pdf_t2_flatten(const unsigned char *cs, size_t len, unsigned long nlocal, unsigned long nglobal,
                    pdf_t2_subr_fn fetch, void *ctx, strbuf *out);

/* The bias of an INDEX of `count` subroutines. */
long pdf_t2_bias(unsigned long count);

#endif
