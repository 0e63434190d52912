/* layout_flow — line breaking and pagination: layout_doc → layout_pages.
 * See layout_pages.h for the contract.
 *
 * The line-height rules follow LibreOffice's (the fidelity reference):
 *  - with a document grid, a line takes a whole number of grid pitches and
 *    the text is centred in them; auto spacing above single multiplies the
 *    pitch; exact and at-least spacing are ignored on the grid;
 *  - without a grid, auto spacing multiplies the font's line height, exact
 *    sets it (80 % of it above the baseline) and at-least raises it; extra
 *    space goes above the text.
 * Lines inside table cells snap to the grid too, as LibreOffice does (Word
 * only does so with the compatibility option adjustLineHeightInTable);
 * templates switch it off per paragraph style with w:snapToGrid="0".
 * Headers and footers do not snap. */
#define _GNU_SOURCE   /* memmem */
#include "layout/layout_pages.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

#define HUGE_BOTTOM 1e9
#define EPS 0.01

/* Whether a title may break before byte `at` of text: after punctuation, or
 * after a year ("2024年", "2024年度"), the places a title's words are sure
 * to end without a dictionary. */
static bool title_break_ok(const char *text, size_t at)
{
    if (at == 0)
        return false;
    const char *p = text + at;
    const char *prev = g_utf8_find_prev_char(text, p);
    if (!prev)
        return false;
    gunichar c = g_utf8_get_char(prev);
    if (g_unichar_ispunct(c) || g_unichar_isspace(c))
        return true;
    if (c == 0x5EA6 /* 度 */) {
        prev = g_utf8_find_prev_char(text, prev);
        if (!prev)
            return false;
        c = g_utf8_get_char(prev);
    }
    if (c != 0x5E74 /* 年 */)
        return false;
    prev = g_utf8_find_prev_char(text, prev);
    return prev && g_unichar_isdigit(g_utf8_get_char(prev));
}

/* ---- page and box helpers --------------------------------------------- */

static layout_box *box_push(layout_page *p)
{
    if (p->nboxes == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 64;
        p->boxes = xrealloc(p->boxes, p->cap * sizeof *p->boxes);
    }
    layout_box *b = &p->boxes[p->nboxes++];
    memset(b, 0, sizeof *b);
    return b;
}

static void keep_ref(layout_pages *out, void *obj)
{
    if (out->nrefs == out->caprefs) {
        out->caprefs = out->caprefs ? 2 * out->caprefs : 64;
        out->refs = xrealloc(out->refs, out->caprefs * sizeof *out->refs);
    }
    out->refs[out->nrefs++] = obj;
}

/* ---- the flow state --------------------------------------------------- */

typedef struct {
    const layout_doc *doc;
    layout_fonts *fonts;
    PangoContext *pctx;
    diag_list *diags;
    layout_pages *out;
    const layout_section *sec;
    layout_page *tmp;           /* when set, boxes go here and pages never break */
    size_t page_idx;
    double y, top, bottom, left, width;
    bool fresh;                 /* nothing but repeated header rows on the page yet */
    int page_number, numpages;
    const char *prev_style;     /* for contextual spacing */
    bool prev_contextual;
    bool no_grid;               /* headers and footers do not snap to the body's grid */
    char **warned_fonts;
    size_t nwarned, capwarned;
    bool lost;                  /* some text could not be placed on any page: no PDF */
    double after_need;          /* what must follow a body table whose last row keeps with the next */
} flow;

static layout_page *cur(flow *f)
{
    return f->tmp ? f->tmp : &f->out->pages[f->page_idx];
}

static void new_page(flow *f)
{
    layout_pages *o = f->out;
    o->pages = xgrow(o->pages, o->npages, sizeof *o->pages);
    layout_page *p = &o->pages[o->npages];
    memset(p, 0, sizeof *p);
    p->w = f->sec->page_w;
    p->h = f->sec->page_h;
    p->number = ++f->page_number;
    f->page_idx = o->npages++;
    f->y = f->top;
    f->fresh = true;
}

/* ---- fonts and text ---------------------------------------------------- */

static void note_font(flow *f, const char *family)
{
    for (size_t i = 0; i < f->nwarned; i++)
        if (!strcmp(f->warned_fonts[i], family))
            return;
    if (f->nwarned == f->capwarned) {
        f->capwarned = f->capwarned ? 2 * f->capwarned : 16;
        f->warned_fonts = xrealloc(f->warned_fonts, f->capwarned * sizeof *f->warned_fonts);
    }
    f->warned_fonts[f->nwarned++] = xstrdup(family);
    const char *sub = layout_fonts_substitute(f->fonts, family);
    if (sub) {
        diag_loc loc = {0};
        diag_add(f->diags, DIAG_NOTE, loc, "render.font",
                 "The font \"%s\" is not installed; the PDF uses \"%s\" in its place.", family, sub);
    }
}

enum { CC_LATIN, CC_EA, CC_WEAK };

/* Which of a run's two fonts a character takes, by Unicode block as
 * LibreOffice classifies them: CJK blocks and full-width forms take the East
 * Asian font, Latin, Greek and Cyrillic the ascii one; spaces, general
 * punctuation (quotes, dashes, ellipsis) and symbols are "weak" and follow
 * the character before them (or after, at the start), unless the run is
 * hinted East Asian. */
static int char_class(gunichar c)
{
    if (c == 0x20 || c == 0xA0)
        return CC_WEAK;
    if (c < 0x0300 || (c >= 0x0370 && c <= 0x058F) || (c >= 0x1E00 && c <= 0x1FFF))
        return CC_LATIN;
    if ((c >= 0x1100 && c <= 0x11FF) || (c >= 0x2E80 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
        (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) || c >= 0x20000)
        return CC_EA;
    return CC_WEAK;
}

static char *clean_family(const char *fam)
{
    /* pango reads commas as a family list */
    char *s = xstrdup(fam && *fam ? fam : "serif");
    for (char *p = s; *p; p++)
        if (*p == ',')
            *p = ' ';
    return s;
}

static void add_attr(PangoAttrList *l, PangoAttribute *a, size_t start, size_t end)
{
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(l, a);
}

typedef struct {
    size_t index;               /* byte index of the U+FFFC in the text */
    const layout_run *run;
} img_ref;

typedef struct {
    size_t index;               /* byte index of the hanging mark in the text */
    PangoLayout *lay;           /* the mark alone, drawn after its line */
} hang_ref;

/* A paragraph's text is handed to pango in pieces of at most
 * LAYOUT_SHAPE_CHUNK_BYTES bytes and LAYOUT_SHAPE_CHUNK_WIDTH points of
 * natural width: pango keeps positions in 32-bit integers of 1/1024 pt, so
 * a paragraph wider in all than about 2,000,000 pt (130,000 characters at
 * 16 pt) wraps into one line, and its line breaking re-shapes the rest of
 * an unbreakable item per line.  Each piece but the last drops its last
 * line, and the next piece starts where that line started, so pango's
 * greedy line breaking gives the lines it would give the whole text. */
#include "layout/layout_limits.h"
#define LAYOUT_SHAPE_CHUNK_BYTES 16384
#define LAYOUT_SHAPE_CHUNK_WIDTH 200000.0
/* Longer paragraphs go in smaller pieces: hanging punctuation lays a piece
 * out again for every mark it hangs, so a piece's cost grows with its
 * length times its marks. */
#define LAYOUT_SHAPE_PIECE_BYTES 4096

typedef struct {
    PangoLayout *lay;           /* the first piece */
    PangoLayout **segs;         /* every piece (segs[0] == lay) */
    size_t nsegs;
    double x0;                  /* where the layout's origin sits, from the text margin */
    hang_ref *hangs;            /* sorted by index */
    size_t nhangs;
    img_ref *imgs;              /* sorted by index */
    size_t nimgs;
    int nlines;
    double *nat, *asc;          /* per line: pango's logical height and ascent */
    double *lx, *lw;            /* per line: x offset in the layout, width */
    PangoLayoutLine **lines;
    PangoLayout **llay;         /* per line: the piece it belongs to */
    size_t *loff;               /* per line: that piece's byte offset in the paragraph text */
    double cont_shift;          /* x of a continuing piece's origin (a hanging indent) */
} para_text;

static void para_text_free(para_text *t)
{
    for (size_t i = 0; i < t->nsegs; i++)
        g_object_unref(t->segs[i]);
    free(t->segs);
    free(t->llay);
    free(t->loff);
    for (size_t i = 0; i < t->nhangs; i++)
        g_object_unref(t->hangs[i].lay);
    free(t->hangs);
    free(t->imgs);
    free(t->nat);
    free(t->asc);
    free(t->lx);
    free(t->lw);
    free(t->lines);
    memset(t, 0, sizeof *t);
}

static void font_attrs(flow *f, PangoAttrList *al, const layout_rpr *r, const char *family, size_t s, size_t e,
                       double extra_spacing)
{
    char *fam = clean_family(family);
    note_font(f, fam);
    add_attr(al, pango_attr_family_new(fam), s, e);
    free(fam);
    add_attr(al, pango_attr_size_new_absolute((int)lround(r->size * PANGO_SCALE)), s, e);
    /* explicit both ways: the layout's base font is the paragraph mark's,
     * whose bold must not reach the text */
    add_attr(al, pango_attr_weight_new(r->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL), s, e);
    if (r->italic)
        add_attr(al, pango_attr_style_new(PANGO_STYLE_ITALIC), s, e);
    if (r->underline)
        add_attr(al, pango_attr_underline_new(PANGO_UNDERLINE_SINGLE), s, e);
    if (r->strike)
        add_attr(al, pango_attr_strikethrough_new(TRUE), s, e);
    if (r->color)
        add_attr(al, pango_attr_foreground_new((guint16)(((r->color >> 16) & 0xFF) * 257),
                                               (guint16)(((r->color >> 8) & 0xFF) * 257),
                                               (guint16)((r->color & 0xFF) * 257)), s, e);
    if (r->vert == 1 || r->vert == 2) {
        add_attr(al, pango_attr_baseline_shift_new(r->vert == 1 ? PANGO_BASELINE_SHIFT_SUPERSCRIPT
                                                                : PANGO_BASELINE_SHIFT_SUBSCRIPT), s, e);
        add_attr(al, pango_attr_font_scale_new(r->vert == 1 ? PANGO_FONT_SCALE_SUPERSCRIPT
                                                            : PANGO_FONT_SCALE_SUBSCRIPT), s, e);
    }
    double sp = r->spacing + extra_spacing;
    if (fabs(sp) > 0.001)
        add_attr(al, pango_attr_letter_spacing_new((int)lround(sp * PANGO_SCALE)), s, e);
}

/* One character of the paragraph text and what decides its formatting. */
typedef struct {
    size_t start, len;          /* bytes in the text */
    const layout_rpr *rpr;
    int cls;                    /* CC_LATIN or CC_EA once weak ones are resolved */
    bool alnum;
    bool autospace;             /* 1/5 em follows it (a CJK/Latin boundary) */
    bool brk;                   /* a line may break after it (a zero-width space follows) */
    gunichar ch;
    int img;                    /* index into para_text.imgs, or -1 */
} char_info;

typedef struct {
    char_info *items;
    size_t n, cap;
} char_vec;

static void add_chars(strbuf *text, char_vec *cv, const layout_rpr *r, const char *s, int forced_class)
{
    size_t n = strlen(s);
    for (size_t k = 0; k < n;) {
        gunichar c = g_utf8_get_char_validated(s + k, (gssize)(n - k));
        size_t start = text->len;
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            /* invalid bytes become U+FFFD so pango gets valid UTF-8 */
            strbuf_adds(text, "\xEF\xBF\xBD");
            c = 0xFFFD;
            k++;
        } else {
            size_t clen = (size_t)(g_utf8_next_char(s + k) - (s + k));
            strbuf_add(text, s + k, clen);
            k += clen;
        }
        if (cv->n == cv->cap) {
            cv->cap = cv->cap ? 2 * cv->cap : 64;
            cv->items = xrealloc(cv->items, cv->cap * sizeof *cv->items);
        }
        char_info *ci = &cv->items[cv->n++];
        ci->start = start;
        ci->len = text->len - start;
        ci->rpr = r;
        int cls = forced_class >= 0 ? forced_class : char_class(c);
        if (cls == CC_WEAK && r->hint_ea && c != 0x20)
            cls = CC_EA;
        ci->cls = cls;
        ci->alnum = g_unichar_isalnum(c);
        ci->autospace = false;
        ci->brk = false;
        ci->ch = c;
        ci->img = -1;
    }
}

static PangoFontDescription *mark_font(flow *f, const layout_rpr *r)
{
    PangoFontDescription *d = pango_font_description_new();
    char *fam = clean_family(r->font_ea);
    note_font(f, fam);
    pango_font_description_set_family(d, fam);
    free(fam);
    pango_font_description_set_absolute_size(d, r->size * PANGO_SCALE);
    if (r->bold)
        pango_font_description_set_weight(d, PANGO_WEIGHT_BOLD);
    return d;
}

/* Punctuation that may hang past the right margin: LibreOffice's list for
 * zh-CN (LineBreakHangingCharacters in i18npool's zh_CN.xml), the full-width
 * pause, stop, comma, colon, semicolon and marks.  Closing quotes, brackets
 * and 》 do not hang there: the character before them goes down instead. */
static bool is_hanging(gunichar c)
{
    static const gunichar set[] = {0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F};
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
        if (set[i] == c)
            return true;
    return false;
}

/* LibreOffice's zh-CN forbidden characters (ForbiddenLineBegin/EndCharacters
 * of zh_CN.xml): the first may not start a line, the second may not end one.
 * Between East Asian characters its CJK break iterator allows a break
 * anywhere else, so also before an opening quote and after a closing one,
 * where UAX #14 (pango) forbids it (quotation marks are class QU). */
static bool is_forbidden_begin(gunichar c)
{
    static const char set[] = ":!),.;?]}\xC2\xA2'\"\u3001\u3002\u3009\u300B\u300D\u300F\u3011\u3015\u3017"
                              "\u301E\uFE30\uFE31\uFE33\uFE50\uFF64\uFE52\uFE54\uFE55\uFE56\uFE57\uFE5A"
                              "\uFE5C\uFE5E\uFF01\uFF09\uFF0C\uFF0E\uFF1A\uFF1B\uFF1F\uFF5C\uFF5D\uFE34"
                              "\uFE36\uFE38\uFE3A\uFE3C\uFE3E\uFE40\uFE42\uFE44\uFE4F\uFF5E\uFFE0\u3005"
                              "\u2016\u2022\u00B7\u02C7\u02C9\u2015\u2032\u2019\u201D";
    return c && g_utf8_strchr(set, -1, c) != NULL;
}

static bool is_forbidden_end(gunichar c)
{
    static const char set[] = "([{\u00A3\u00A5'\"\u2035\u3008\u300A\u300C\u300E\u3010\u3014\u3016\uFF08"
                              "\uFF3B\uFF5B\uFFE1\uFFE5\u301D\uFE35\uFE37\uFE39\uFE3B\uFE3D\uFE3F\uFE41"
                              "\uFE43\uFE59\uFE5B\uFE5D\u201C\u2018";
    return c && g_utf8_strchr(set, -1, c) != NULL;
}

/* pango never lets closing punctuation start a line, so when only the
 * punctuation would overflow it carries the character before it down too.
 * LibreOffice instead lets the punctuation hang in the margin.  Where that
 * happens the punctuation is given zero width (a shape) so the line keeps
 * its character, and it is drawn on its own after the line (t->hangs). */
static void hang_punctuation(PangoLayout *lay, double width, double indent, size_t base, para_text *t)
{
    const char *text = pango_layout_get_text(lay);
    int guard = 0;
    int i = 0;
    while (guard++ < 200) {
        int n = pango_layout_get_line_count(lay);
        bool changed = false;
        for (; i + 1 < n; i++) {
            PangoLayoutLine *line = pango_layout_get_line_readonly(lay, i);
            PangoLayoutLine *next = pango_layout_get_line_readonly(lay, i + 1);
            const char *x = text + next->start_index;
            if (!*x || *x == '\t')
                continue;
            const char *pch = g_utf8_next_char(x);
            gunichar pc = g_utf8_get_char(pch);
            if (!is_hanging(pc) || !next->length || (size_t)(pch - x) >= (size_t)next->length)
                continue;
            /* LibreOffice breaks by the script of the last letter or digit
             * before the mark: after Latin ("3、") it uses the Unicode rules,
             * which hang nothing, so the mark goes down with that word */
            const char *q = pch;
            gunichar lc = 0;
            while (q > text) {
                q = g_utf8_prev_char(q);
                gunichar qc = g_utf8_get_char(q);
                if (g_unichar_isalnum(qc)) {
                    lc = qc;
                    break;
                }
            }
            if (lc && char_class(lc) != CC_EA)
                continue;
            /* only where a line may break right after the mark (or after
             * the zero-width space that carries a break opportunity) */
            int nattrs = 0;
            const PangoLogAttr *la = pango_layout_get_log_attrs_readonly(lay, &nattrs);
            const char *past = g_utf8_next_char(pch);
            if (g_utf8_get_char(past) == 0x200B)
                past = g_utf8_next_char(past);
            long after = g_utf8_pointer_to_offset(text, past);
            if (after >= nattrs || !la[after].is_line_break)
                continue;
            /* a forced break before x is not a wrap */
            if (line->length > 0) {
                gunichar last = g_utf8_get_char(g_utf8_prev_char(text + line->start_index + line->length));
                if (last == 0x2028 || last == '\n')
                    continue;
            }
            PangoRectangle log, xpos;
            pango_layout_line_get_extents(line, NULL, &log);
            pango_layout_index_to_pos(lay, (int)(x - text), &xpos);
            double avail = width - (i == 0 ? (indent > 0 ? indent : 0) : (indent < 0 ? -indent : 0));
            double need = (double)(log.width + xpos.width) / PANGO_SCALE;
            if (need > avail + 0.01)
                continue;
            bool known = false;
            for (size_t k = t->nhangs; k-- > 0 && t->hangs[k].index >= base;)
                known |= t->hangs[k].index == base + (size_t)(pch - text);
            if (known)
                continue;   /* already hanging: the break is elsewhere */
            PangoAttrList *al = pango_attr_list_copy(pango_layout_get_attributes(lay));
            PangoRectangle zero = {0, 0, 0, 0};
            size_t pi = (size_t)(pch - text);
            PangoAttribute *a = pango_attr_shape_new(&zero, &zero);
            a->start_index = (guint)pi;
            a->end_index = (guint)(pi + (size_t)(g_utf8_next_char(pch) - pch));
            pango_attr_list_insert(al, a);
            /* the hanging mark gets its own small layout, in the font it had */
            PangoAttrIterator *it = pango_attr_list_get_iterator(pango_layout_get_attributes(lay));
            while (pango_attr_iterator_range(it, NULL, NULL), 1) {
                gint s0, e0;
                pango_attr_iterator_range(it, &s0, &e0);
                if ((size_t)e0 > pi || !pango_attr_iterator_next(it))
                    break;
            }
            PangoFontDescription *fd = pango_font_description_copy(pango_layout_get_font_description(lay) ?
                                       pango_layout_get_font_description(lay) : pango_context_get_font_description(pango_layout_get_context(lay)));
            pango_attr_iterator_get_font(it, fd, NULL, NULL);
            pango_attr_iterator_destroy(it);
            PangoLayout *h = pango_layout_new(pango_layout_get_context(lay));
            pango_layout_set_font_description(h, fd);
            pango_font_description_free(fd);
            pango_layout_set_text(h, pch, (int)(g_utf8_next_char(pch) - pch));
            t->hangs = xgrow(t->hangs, t->nhangs, sizeof *t->hangs);
            t->hangs[t->nhangs].index = base + pi;
            t->hangs[t->nhangs].lay = h;
            t->nhangs++;
            pango_layout_set_attributes(lay, al);
            pango_attr_list_unref(al);
            changed = true;
            break;
        }
        if (!changed)
            break;
    }
}

/* Justification.  pango gives the extra room of a justified line to its
 * spaces, and a line without spaces (most Chinese lines) to every gap
 * between clusters, so a number or a Latin word inside a Chinese line was
 * letter-spaced ("7 3 0 0 . 0 0万元").  As Word and LibreOffice do, the room
 * goes to the gaps next to an East Asian character (by GLib's script and
 * East Asian width), to spaces, and to boundaries between two scripts;
 * never inside a run of digits or letters.  A line without such a gap stays
 * as it is.  Lines are justified after hanging punctuation, which needs
 * their natural widths; what trails a line (spaces, the zero-width spaces
 * that carry breaks and CJK/Latin gaps, a hanging mark) takes nothing. */
static bool justify_ea(gunichar c)
{
    switch (g_unichar_get_script(c)) {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
    case G_UNICODE_SCRIPT_HANGUL:
    case G_UNICODE_SCRIPT_BOPOMOFO:
        return true;
    default:
        return g_unichar_iswide(c);
    }
}

static bool justify_gap(gunichar a, gunichar b)
{
    if (g_unichar_isspace(a))
        return true;
    if (g_unichar_isspace(b))
        return false;   /* the space after it takes the room */
    if (justify_ea(a) || justify_ea(b))
        return true;
    GUnicodeScript sa = g_unichar_get_script(a), sb = g_unichar_get_script(b);
    return sa != sb && sa > G_UNICODE_SCRIPT_INHERITED && sb > G_UNICODE_SCRIPT_INHERITED;
}

typedef struct {
    PangoGlyphString *gs;
    int g0, g1;                 /* its glyphs, g0 up to (not including) g1 or down */
    int last_glyph;             /* the glyph the room after the cluster is added to */
    gunichar first, last;
    int width;
    bool rtl;
    bool shaped;                /* a shape (gap, picture): pango measures it by its shape, not its glyph */
} just_cluster;

static void justify_line(PangoLayoutLine *line, const char *text, int avail)
{
    just_cluster *cl = NULL;
    size_t n = 0;
    for (GSList *r = line->runs; r; r = r->next) {
        PangoGlyphItem *run = r->data;
        PangoGlyphItemIter it;
        bool rtl = run->item->analysis.level % 2;
        for (gboolean ok = pango_glyph_item_iter_init_start(&it, run, text); ok;
             ok = pango_glyph_item_iter_next_cluster(&it)) {
            cl = xgrow(cl, n, sizeof *cl);
            just_cluster *c = &cl[n++];
            c->gs = run->glyphs;
            int g0 = it.start_glyph, g1 = it.end_glyph;
            int dir = g0 < g1 ? 1 : -1;
            c->width = 0;
            for (int g = g0; g != g1; g += dir)
                c->width += run->glyphs->glyphs[g].geometry.width;
            c->last_glyph = dir > 0 ? g1 - 1 : g0;
            c->g0 = g0;
            c->g1 = g1;
            c->first = g_utf8_get_char(text + it.start_index);
            c->last = g_utf8_get_char(g_utf8_prev_char(text + it.end_index));
            c->rtl = rtl;
            /* a cluster without glyphs takes no room either */
            c->shaped = g0 == g1 || run->glyphs->glyphs[c->last_glyph].glyph == PANGO_GLYPH_EMPTY;
        }
    }
    /* the content ends at the last cluster that is not trailing */
    size_t end = n, start = 0;
    while (end > 0 && (g_unichar_isspace(cl[end - 1].first) || cl[end - 1].first == 0x200B ||
                       cl[end - 1].width == 0))
        end--;
    int natural = 0;
    for (size_t k = 0; k < end; k++) {
        natural += cl[k].width;
        if (cl[k].first == '\t')
            start = k + 1;   /* tab stops keep their places */
    }
    int room = avail - natural, ngaps = 0;
    /* gap[k]: the room goes after cluster k, or before cluster to[k] (the
     * next one that is not a zero-width space), so that a digit or letter
     * next to the gap keeps its advance; never onto a shape */
    size_t *to = xcalloc(n + 1, sizeof *to);
    char *gap = xcalloc(n + 1, 1);
    for (size_t k = start; k + 1 < end; k++) {
        if (cl[k].first == 0x200B || cl[k].rtl)
            continue;
        size_t j = k + 1;
        while (j < end && cl[j].first == 0x200B)
            j++;
        if (j >= end || cl[j].rtl || !justify_gap(cl[k].last, cl[j].first))
            continue;
        bool after = g_unichar_isspace(cl[k].last) || justify_ea(cl[k].last);
        if (after ? cl[k].shaped : cl[j].shaped)
            after = !after;
        if (after ? cl[k].shaped : cl[j].shaped)
            continue;
        gap[k] = after ? 1 : 2;
        to[k] = j;
        ngaps++;
    }
    if (room > 0 && ngaps > 0) {
        int g = 0;
        for (size_t k = 0; k < end; k++)
            if (gap[k]) {
                int add = (int)((long long)room * (g + 1) / ngaps - (long long)room * g / ngaps);
                if (gap[k] == 1) {
                    cl[k].gs->glyphs[cl[k].last_glyph].geometry.width += add;
                } else {
                    const just_cluster *c = &cl[to[k]];
                    for (int x = c->g0; x != c->g1; x += c->g0 < c->g1 ? 1 : -1)
                        c->gs->glyphs[x].geometry.x_offset += add;
                    c->gs->glyphs[c->last_glyph].geometry.width += add;
                }
                g++;
            }
    }
    free(gap);
    free(to);
    free(cl);
}

/* Justifies every wrapped line of a layout (and the last one too when
 * `last` is set, for distributed text). */
static void justify_layout(PangoLayout *lay, bool last)
{
    const char *text = pango_layout_get_text(lay);
    int width = pango_layout_get_width(lay), indent = pango_layout_get_indent(lay);
    /* the lines' glyphs are changed: pango must not keep their extents */
    GSList *lines = pango_layout_get_lines(lay);
    int i = 0;
    for (GSList *l = lines; l; l = l->next, i++) {
        PangoLayoutLine *line = l->data;
        bool final = l->next == NULL;
        if (!line->length || (final && !last))
            continue;
        gunichar lc = g_utf8_get_char(g_utf8_prev_char(text + line->start_index + line->length));
        if (!last && (lc == 0x2028 || lc == '\n' || lc == '\r'))
            continue;   /* a line ended by a manual break is not stretched */
        int avail = width - (i == 0 ? (indent > 0 ? indent : 0) : (indent < 0 ? -indent : 0));
        justify_line(line, text, avail);
    }
}

typedef struct {
    size_t s, e;                /* bytes of the whole text */
    const layout_rpr *rpr;
    bool ea;
    double extra;               /* letter spacing from the character grid */
} font_span;

/* The attribute sources of a paragraph, each sorted and non-overlapping. */
typedef struct {
    const char_info *chars;
    const size_t *gaps;         /* indices into chars of the zero-width spaces' characters */
    size_t ngaps;
    const font_span *fonts;
    size_t nfonts;
    const img_ref *imgs;
    size_t nimgs;
} attr_src;

/* The attributes of the text bytes [cs, ce), relative to cs: the gaps
 * first, then the fonts, then the pictures, as for the whole text. */
static PangoAttrList *piece_attrs(flow *f, const attr_src *as, size_t cs, size_t ce)
{
    PangoAttrList *al = pango_attr_list_new();
    size_t lo = 0, hi = as->ngaps;
    while (lo < hi) {   /* the first gap not before cs */
        size_t mid = lo + (hi - lo) / 2;
        const char_info *ci = &as->chars[as->gaps[mid]];
        if (ci->start + ci->len < cs)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t g = lo; g < as->ngaps; g++) {
        const char_info *ci = &as->chars[as->gaps[g]];
        size_t gs = ci->start + ci->len;
        if (gs >= ce)
            break;
        int w = ci->autospace ? (int)lround(ci->rpr->size / 5 * PANGO_SCALE) : 0;
        PangoRectangle ink = {0, 0, 0, 0}, logical = {0, 0, w, 0};
        add_attr(al, pango_attr_shape_new(&ink, &logical), gs - cs, gs + 3 - cs);
    }
    lo = 0, hi = as->nfonts;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (as->fonts[mid].e <= cs)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo; k < as->nfonts && as->fonts[k].s < ce; k++) {
        const font_span *fs = &as->fonts[k];
        size_t s = fs->s > cs ? fs->s : cs, e = fs->e < ce ? fs->e : ce;
        font_attrs(f, al, fs->rpr, fs->ea ? fs->rpr->font_ea : fs->rpr->font_ascii, s - cs, e - cs, fs->extra);
    }
    for (size_t k = 0; k < as->nimgs; k++) {
        size_t ix = as->imgs[k].index;
        if (ix < cs || ix >= ce)
            continue;
        const layout_run *r = as->imgs[k].run;
        PangoRectangle rect = {0, (int)lround(-r->img_h * PANGO_SCALE), (int)lround(r->img_w * PANGO_SCALE),
                               (int)lround(r->img_h * PANGO_SCALE)};
        add_attr(al, pango_attr_shape_new(&rect, &rect), ix - cs, ix + 3 - cs);
    }
    /* Word and LibreOffice break a word too long for its line (a narrow
     * cell) without a hyphen; pango would add one */
    add_attr(al, pango_attr_insert_hyphens_new(FALSE), 0, ce - cs);
    return al;
}

/* Tab stops: the paragraph's own, then the default ones, measured from the
 * text margin as Word does, given to pango from the layout origin x0. */
static void set_tabs(flow *f, PangoLayout *lay, const layout_ppr *pp, double x0, double w)
{
    PangoTabArray *tabs = pango_tab_array_new(0, FALSE);
    int k = 0;
    double last_tab = 0;
    for (size_t i = 0; i < pp->ntabs && k < 64; i++) {
        double pos = pp->tabs[i].pos - x0;
        if (pos <= 0)
            continue;
        PangoTabAlign al2 = pp->tabs[i].align == 1 ? PANGO_TAB_CENTER
                          : pp->tabs[i].align == 2 ? PANGO_TAB_RIGHT : PANGO_TAB_LEFT;
        pango_tab_array_resize(tabs, k + 1);
        pango_tab_array_set_tab(tabs, k++, al2, (int)lround(pos * PANGO_SCALE));
        last_tab = pp->tabs[i].pos;
    }
    double dt = f->doc->default_tab > 1 ? f->doc->default_tab : 36;
    for (double pos = (floor(last_tab / dt) + 1) * dt; pos - x0 < w + dt && k < 128; pos += dt) {
        if (pos - x0 <= 0)
            continue;
        pango_tab_array_resize(tabs, k + 1);
        pango_tab_array_set_tab(tabs, k++, PANGO_TAB_LEFT, (int)lround((pos - x0) * PANGO_SCALE));
    }
    pango_layout_set_tabs(lay, tabs);
    pango_tab_array_free(tabs);
}

/* Breaks a paragraph into lines at `width` (the text area: page or cell). */
static void shape_para(flow *f, const layout_para *p, double width, bool on_grid, bool hang, para_text *t)
{
    memset(t, 0, sizeof *t);
    const layout_ppr *pp = &p->ppr;
    double grid_add = on_grid ? f->sec->grid_char_add : 0;
    strbuf text = STRBUF_INIT;
    char_vec cv = {0};
    size_t capimg = 0;
    for (size_t i = 0; i < p->nruns; i++) {
        const layout_run *r = &p->runs[i];
        switch (r->kind) {
        case LAYOUT_RUN_TEXT:
            add_chars(&text, &cv, &r->rpr, r->text, -1);
            break;
        case LAYOUT_RUN_TAB:
            add_chars(&text, &cv, &r->rpr, "\t", CC_WEAK);
            break;
        case LAYOUT_RUN_BREAK:
            add_chars(&text, &cv, &r->rpr, "\u2028", CC_WEAK);
            break;
        case LAYOUT_RUN_FIELD: {
            char num[32];
            int v = r->field == LAYOUT_FIELD_PAGE ? f->page_number : f->numpages;
            snprintf(num, sizeof num, "%d", v > 0 ? v : 1);
            add_chars(&text, &cv, &r->rpr, num, -1);
            break;
        }
        case LAYOUT_RUN_IMAGE:
            if (t->nimgs == capimg) {
                capimg = capimg ? 2 * capimg : 4;
                t->imgs = xrealloc(t->imgs, capimg * sizeof *t->imgs);
            }
            t->imgs[t->nimgs].run = r;
            add_chars(&text, &cv, &r->rpr, "\uFFFC", CC_WEAK);
            cv.items[cv.n - 1].img = (int)t->nimgs;
            t->nimgs++;
            break;
        }
    }
    /* weak characters take the class of the character before them, or
     * after them at the start */
    int last = -1;
    for (size_t i = 0; i < cv.n; i++) {
        if (cv.items[i].cls != CC_WEAK)
            last = cv.items[i].cls;
        else if (last >= 0)
            cv.items[i].cls = last;
    }
    last = CC_LATIN;
    for (size_t i = cv.n; i-- > 0;) {
        if (cv.items[i].cls == CC_WEAK)
            cv.items[i].cls = last;
        else
            last = cv.items[i].cls;
    }
    /* LibreOffice's (and Word's) automatic spacing between CJK and Latin
     * letters or digits: a fifth of the font size, except on a character
     * grid (paragraph property autoSpaceDE/DN) */
    if (pp->autospace && !(on_grid && f->sec->grid_type == LAYOUT_GRID_LINES_CHARS))
        for (size_t i = 0; i + 1 < cv.n; i++)
            if (cv.items[i].cls != cv.items[i + 1].cls && cv.items[i].alnum && cv.items[i + 1].alnum)
                cv.items[i].autospace = true;
    /* Break opportunities LibreOffice's CJK line breaking has and UAX #14
     * lacks: before an opening quote that follows an East Asian character
     * (or a closing quote), and after a closing quote that precedes one,
     * unless the forbidden characters rule it out. */
    for (size_t i = 0; i + 1 < cv.n; i++) {
        gunichar a = cv.items[i].ch, b = cv.items[i + 1].ch;
        bool a_close = a == 0x201D || a == 0x2019, b_open = b == 0x201C || b == 0x2018;
        if (cv.items[i].autospace || cv.items[i].img >= 0 || cv.items[i + 1].img >= 0)
            continue;
        if (b_open && (char_class(a) == CC_EA || a_close) && !is_forbidden_end(a))
            cv.items[i].brk = true;
        else if (a_close && (char_class(b) == CC_EA || b_open) && !is_forbidden_begin(b))
            cv.items[i].brk = true;
    }
    /* The automatic space is a zero-width space shaped to the gap's width:
     * the characters on both sides keep their places, pdftotext sees the
     * gap (as in LibreOffice's PDF), and a line may break at it. */
    strbuf final = STRBUF_INIT;
    size_t *gaps = NULL, ngaps = 0;
    for (size_t i = 0; i < cv.n; i++) {
        char_info *ci = &cv.items[i];
        size_t ns = final.len;
        strbuf_add(&final, text.data + ci->start, ci->len);
        ci->start = ns;
        if (ci->img >= 0)
            t->imgs[ci->img].index = ns;
        if (ci->autospace || ci->brk) {
            gaps = xgrow(gaps, ngaps, sizeof *gaps);
            gaps[ngaps++] = i;
            strbuf_adds(&final, "\u200B");
        }
    }
    strbuf_free(&text);
    text = final;
    /* what decides the attributes, kept as ranges of the whole text so
     * that each piece gets its own list in time linear in the piece */
    font_span *fonts = NULL;
    size_t nfonts = 0;
    for (size_t i = 0; i < cv.n;) {
        size_t j = i + 1;
        /* a font run ends at a zero-width space, which must stay out of
         * the run's letter spacing */
        if (!cv.items[i].autospace && !cv.items[i].brk)
            while (j < cv.n && cv.items[j].rpr == cv.items[i].rpr && cv.items[j].cls == cv.items[i].cls &&
                   !cv.items[j].autospace && !cv.items[j].brk)
                j++;
        const char_info *ci = &cv.items[i];
        bool ea = ci->cls == CC_EA;
        fonts = xgrow(fonts, nfonts, sizeof *fonts);
        fonts[nfonts].s = ci->start;
        fonts[nfonts].e = cv.items[j - 1].start + cv.items[j - 1].len;
        fonts[nfonts].rpr = ci->rpr;
        fonts[nfonts].ea = ea;
        fonts[nfonts].extra = ea ? grid_add : grid_add / 2;
        nfonts++;
        i = j;
    }
    attr_src as = {cv.items, gaps, ngaps, fonts, nfonts, t->imgs, t->nimgs};

    /* a hanging indent moves the layout's origin left of the indent */
    double first = pp->ind_first;
    double x0 = pp->ind_left + (first < 0 ? first : 0);
    double w = width - x0 - pp->ind_right;
    if (w < 12)
        w = 12;
    t->x0 = x0;
    t->cont_shift = first < 0 ? -first : 0;
    const char *all = text.data ? text.data : "";
    bool tabs = strchr(all, '\t') != NULL;
    size_t cs = 0, ci0 = 0;
    size_t piece_bytes = text.len <= LAYOUT_SHAPE_CHUNK_BYTES ? LAYOUT_SHAPE_CHUNK_BYTES : LAYOUT_SHAPE_PIECE_BYTES;
    int cap = 0;
    for (;;) {
        /* the piece [cs, ce): whole characters up to the bounds */
        while (ci0 > 0 && (ci0 >= cv.n || cv.items[ci0].start > cs))
            ci0--;
        /* marks hung in the previous piece's dropped line are hung again here */
        while (t->nhangs && t->hangs[t->nhangs - 1].index >= cs)
            g_object_unref(t->hangs[--t->nhangs].lay);
        while (ci0 < cv.n && cv.items[ci0].start < cs)
            ci0++;
        size_t ce = text.len, k = ci0;
        double wsum = 0;
        for (; k < cv.n; k++) {
            const char_info *ci = &cv.items[k];
            double cw = ci->rpr->size + fabs(ci->rpr->spacing) + grid_add + (ci->autospace ? ci->rpr->size : 0);
            if (ci->img >= 0)
                cw += t->imgs[ci->img].run->img_w;
            if (ci->ch == '\t')
                cw += w;
            if (k > ci0 && (ci->start - cs >= piece_bytes - 8 || wsum + cw > LAYOUT_SHAPE_CHUNK_WIDTH)) {
                ce = ci->start;
                break;
            }
            wsum += cw;
        }
        bool final_piece = ce >= text.len;
        bool cont = cs > 0;     /* not the paragraph's first line */
        PangoLayout *lay = pango_layout_new(f->pctx);
        PangoFontDescription *fd = mark_font(f, &p->mark);
        pango_layout_set_font_description(lay, fd);
        pango_font_description_free(fd);
        pango_layout_set_text(lay, all + cs, (int)(ce - cs));
        PangoAttrList *al = piece_attrs(f, &as, cs, ce);
        pango_layout_set_attributes(lay, al);
        pango_attr_list_unref(al);
        /* on a continuing piece every line is a following line: no first-line
         * indent, and a hanging indent applies to all of them */
        double shift = cont && first < 0 ? -first : 0;
        if (w - shift < 12)
            shift = w - 12 > 0 ? w - 12 : 0;   /* a width <= 0 would not wrap at all */
        if (cont)
            t->cont_shift = shift;
        pango_layout_set_width(lay, (int)lround((w - shift) * PANGO_SCALE));
        pango_layout_set_indent(lay, cont ? 0 : (int)lround(first * PANGO_SCALE));
        pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
        switch (pp->align) {
        case LAYOUT_ALIGN_CENTER:
            pango_layout_set_alignment(lay, PANGO_ALIGN_CENTER);
            break;
        case LAYOUT_ALIGN_RIGHT:
            pango_layout_set_alignment(lay, PANGO_ALIGN_RIGHT);
            break;
        default:
            break;
        }
        /* A centred paragraph of two to four lines in the body (a title)
         * may be balanced: the narrowest width that gives the same number of
         * lines, centred in the column, so that no word such as "报告"
         * stands alone on the last line (CSS's text-wrap: balance; GB/T 9704
         * 7.3.1 asks for titles "排列对称").  Word and LibreOffice fill the
         * lines greedily (docs/rendering.md). */
        if (pp->align == LAYOUT_ALIGN_CENTER && hang && !cont && final_piece && !tabs && !t->nimgs &&
            !strstr(all, "\u2028")) {
            int n0 = pango_layout_get_line_count(lay);
            int full = (int)lround((w - shift) * PANGO_SCALE);
            if (n0 >= 2 && n0 <= 4) {
                int lo = full / (n0 + 1), hi = full;
                while (hi - lo > PANGO_SCALE / 4) {
                    int mid = lo + (hi - lo) / 2;
                    pango_layout_set_width(lay, mid);
                    if (pango_layout_get_line_count(lay) > n0)
                        lo = mid;
                    else
                        hi = mid;
                }
                /* A balanced break may fall inside a word ("…2024年部 / 门整体…"),
                 * which GB/T 9704 forbids ("词意完整").  Pango knows no Chinese
                 * words, so the break is kept only where it is sure to be
                 * between words: after the year of a title ("2024年", "2024年度")
                 * or after punctuation; widths from the balanced one up to the
                 * column are tried for such a break, else the lines stay as
                 * Word and LibreOffice fill them. */
                int step = PANGO_SCALE * 2, good = -1;
                for (int wv = hi; wv <= full && good < 0; wv += step) {
                    pango_layout_set_width(lay, wv);
                    if (pango_layout_get_line_count(lay) != n0)
                        continue;
                    bool ok = true;
                    for (int li = 0; li + 1 < n0 && ok; li++) {
                        PangoLayoutLine *ln = pango_layout_get_line_readonly(lay, li);
                        ok = title_break_ok(all + cs, (size_t)(ln->start_index + ln->length));
                    }
                    if (ok)
                        good = wv;
                }
                pango_layout_set_width(lay, good >= 0 ? good : full);
                if (good >= 0)
                    t->x0 += (double)(full - good) / PANGO_SCALE / 2;
            }
        }
        if (tabs)
            set_tabs(f, lay, pp, x0 + shift, w - shift);
        if (hang)
            hang_punctuation(lay, w - shift, cont ? 0 : first, cs, t);
        /* justification last: hanging needs the lines' natural widths */
        if (pp->align == LAYOUT_ALIGN_JUSTIFY || pp->align == LAYOUT_ALIGN_DISTRIBUTE)
            justify_layout(lay, pp->align == LAYOUT_ALIGN_DISTRIBUTE);
        t->segs = xgrow(t->segs, t->nsegs, sizeof *t->segs);
        t->segs[t->nsegs++] = lay;
        if (!t->lay)
            t->lay = lay;

        int n = pango_layout_get_line_count(lay);
        int keep = final_piece || n < 2 ? n : n - 1;
        if (t->nlines + keep + 1 > cap) {
            cap = 2 * (t->nlines + keep + 1);
            t->nat = xrealloc(t->nat, (size_t)cap * sizeof *t->nat);
            t->asc = xrealloc(t->asc, (size_t)cap * sizeof *t->asc);
            t->lx = xrealloc(t->lx, (size_t)cap * sizeof *t->lx);
            t->lw = xrealloc(t->lw, (size_t)cap * sizeof *t->lw);
            t->lines = xrealloc(t->lines, (size_t)cap * sizeof *t->lines);
            t->llay = xrealloc(t->llay, (size_t)cap * sizeof *t->llay);
            t->loff = xrealloc(t->loff, (size_t)cap * sizeof *t->loff);
        }
        PangoLayoutIter *it = pango_layout_get_iter(lay);
        size_t next = ce;
        int i = 0;
        do {
            PangoRectangle log;
            pango_layout_iter_get_line_extents(it, NULL, &log);
            int baseline = pango_layout_iter_get_baseline(it);
            PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
            if (i < keep) {
                int l = t->nlines++;
                t->nat[l] = (double)log.height / PANGO_SCALE;
                t->asc[l] = (double)(baseline - log.y) / PANGO_SCALE;
                t->lx[l] = (double)log.x / PANGO_SCALE + shift;
                t->lw[l] = (double)log.width / PANGO_SCALE;
                t->lines[l] = line;
                t->llay[l] = lay;
                t->loff[l] = cs;
            } else if (i == keep && line) {
                next = cs + (size_t)line->start_index;
            }
            i++;
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
        if (final_piece)
            break;
        cs = next > cs ? next : ce;
    }
    /* the arrays hold one element more than the lines, as callers expect */
    if (!cap) {
        t->nat = xcalloc(1, sizeof *t->nat);
        t->asc = xcalloc(1, sizeof *t->asc);
        t->lx = xcalloc(1, sizeof *t->lx);
        t->lw = xcalloc(1, sizeof *t->lw);
        t->lines = xcalloc(1, sizeof *t->lines);
        t->llay = xcalloc(1, sizeof *t->llay);
        t->loff = xcalloc(1, sizeof *t->loff);
    }
    free(fonts);
    free(gaps);
    free(cv.items);
    strbuf_free(&text);
}

/* A placed line: its height and where its baseline sits below its top. */
typedef struct {
    double h, base;
} line_metrics;

static line_metrics line_height(const flow *f, const layout_ppr *pp, const para_text *t, int i, bool on_grid)
{
    line_metrics m;
    double nat = t->nat[i], asc = t->asc[i];
    if (nat <= 0)
        nat = 1;
    if (on_grid) {
        double pitch = f->sec->grid_pitch;
        double ratio = ceil(nat / pitch - 1e-6);
        if (ratio < 1)
            ratio = 1;
        double h = pitch * ratio;
        m.base = asc + (h - nat) / 2;
        if (pp->line_rule == LAYOUT_LINE_AUTO && pp->line > 1.0 && i > 0) {
            double h2 = h * pp->line;
            m.base += h2 - h;
            h = h2;
        }
        m.h = h;
        return m;
    }
    switch (pp->line_rule) {
    case LAYOUT_LINE_EXACT:
        m.h = pp->line > 0.5 ? pp->line : nat;
        m.base = m.h * 0.8;
        break;
    case LAYOUT_LINE_ATLEAST:
        m.h = nat > pp->line ? nat : pp->line;
        m.base = asc + (m.h - nat);
        break;
    default: {
        double mult = pp->line > 0.05 ? pp->line : 1;
        if (mult < 0.5)
            mult = 0.5;
        m.h = nat * mult;
        m.base = asc + (m.h - nat);
        if (mult < 1)
            m.base = m.h * 0.8;
        break;
    }
    }
    return m;
}

/* ---- paragraphs -------------------------------------------------------- */

typedef struct {
    para_text t;
    line_metrics *m;
    double before, after;
    bool on_grid;
} para_lay;

static void para_lay_make(flow *f, const layout_para *p, double width, bool in_table, para_lay *pl)
{
    pl->on_grid = !f->no_grid && f->sec->grid_type != LAYOUT_GRID_NONE && p->ppr.snap_grid;
    /* LibreOffice hangs punctuation into the page margin only: in a table
     * cell the mark goes down with the character before it */
    shape_para(f, p, width, pl->on_grid, !in_table, &pl->t);
    pl->m = xcalloc((size_t)pl->t.nlines + 1, sizeof *pl->m);
    for (int i = 0; i < pl->t.nlines; i++)
        pl->m[i] = line_height(f, &p->ppr, &pl->t, i, pl->on_grid);
    pl->before = p->ppr.space_before;
    pl->after = p->ppr.space_after;
}

static void para_lay_free(para_lay *pl)
{
    para_text_free(&pl->t);
    free(pl->m);
}

/* The first of n refs (sorted by their index) at or after byte idx. */
#define LOWER_BOUND(ARR, N, IDX, OUT) do { \
        size_t lo_ = 0, hi_ = (N); \
        while (lo_ < hi_) { \
            size_t mid_ = lo_ + (hi_ - lo_) / 2; \
            if ((ARR)[mid_].index < (IDX)) lo_ = mid_ + 1; else hi_ = mid_; \
        } \
        (OUT) = lo_; } while (0)

static double piece_shift(const para_lay *pl, int i)
{
    return pl->t.loff[i] > 0 ? pl->t.cont_shift : 0;
}

/* Draws line i of a paragraph with its top at `top`. */
static void emit_line(flow *f, para_lay *pl, int i, double left, double top)
{
    layout_page *pg = cur(f);
    double base = top + pl->m[i].base;
    double x = left + pl->t.x0 + pl->t.lx[i];
    PangoLayoutLine *line = pl->t.lines[i];
    PangoLayout *lay = pl->t.llay[i];
    size_t off = pl->t.loff[i];
    if (line && line->length > 0) {
        layout_box *b = box_push(pg);
        b->kind = LAYOUT_BOX_TEXT;
        b->x = x;
        b->y = base;
        b->w = pl->t.lw[i];
        b->h = pl->m[i].h;
        b->line = line;
        /* the layout must outlive the box */
        bool have = false;
        if (f->out->nrefs && f->out->refs[f->out->nrefs - 1] == lay)
            have = true;
        if (!have) {
            g_object_ref(lay);
            keep_ref(f->out, lay);
        }
    }
    if (!line)
        return;
    size_t ls = off + (size_t)line->start_index, le = ls + (size_t)line->length, k0;
    LOWER_BOUND(pl->t.hangs, pl->t.nhangs, ls, k0);
    for (size_t k = k0; k < pl->t.nhangs && pl->t.hangs[k].index < le; k++) {
        size_t idx = pl->t.hangs[k].index;
        PangoRectangle pos;
        pango_layout_index_to_pos(lay, (int)(idx - off), &pos);
        layout_box *b = box_push(cur(f));
        b->kind = LAYOUT_BOX_TEXT;
        b->x = left + pl->t.x0 + piece_shift(pl, i) + (double)pos.x / PANGO_SCALE;
        b->y = base;
        b->h = pl->m[i].h;
        b->line = pango_layout_get_line_readonly(pl->t.hangs[k].lay, 0);
        b->joins = true;
        g_object_ref(pl->t.hangs[k].lay);
        keep_ref(f->out, pl->t.hangs[k].lay);
    }
    /* inline pictures sit on the baseline at their character's position */
    LOWER_BOUND(pl->t.imgs, pl->t.nimgs, ls, k0);
    for (size_t k = k0; k < pl->t.nimgs && pl->t.imgs[k].index < le; k++) {
        size_t idx = pl->t.imgs[k].index;
        PangoRectangle pos;
        pango_layout_index_to_pos(lay, (int)(idx - off), &pos);
        const layout_run *r = pl->t.imgs[k].run;
        layout_box *b = box_push(cur(f));
        b->kind = LAYOUT_BOX_IMAGE;
        b->x = left + pl->t.x0 + piece_shift(pl, i) + (double)pos.x / PANGO_SCALE;
        b->y = base - r->img_h;
        b->w = r->img_w;
        b->h = r->img_h;
        b->img = r->img;
        b->img_len = r->img_len;
        b->img_type = r->img_type;
    }
}

static char *para_plain_text(const layout_para *p)
{
    strbuf b = STRBUF_INIT;
    for (size_t i = 0; i < p->nruns && b.len < 400; i++)
        if (p->runs[i].kind == LAYOUT_RUN_TEXT)
            strbuf_adds(&b, p->runs[i].text);
        else if (p->runs[i].kind == LAYOUT_RUN_TAB || p->runs[i].kind == LAYOUT_RUN_BREAK)
            strbuf_addc(&b, ' ');
    /* trim, collapse, cut at a character boundary */
    char *s = b.data ? b.data : xstrdup("");
    if (!b.data)
        b.data = s;
    size_t len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        s[--len] = '\0';
    char *start = s;
    while (*start == ' ')
        start++;
    if (strlen(start) > 240) {
        const char *end = start + 240;
        while (end > start && ((unsigned char)*end & 0xC0) == 0x80)
            end--;
        start[end - start] = '\0';
    }
    char *out = xstrdup(start);
    strbuf_free(&b);
    return out;
}

static void add_outline(flow *f, const layout_para *p, double y)
{
    if (p->ppr.outline < 0 || f->tmp)
        return;
    char *title = para_plain_text(p);
    if (!*title) {
        free(title);
        return;
    }
    layout_pages *o = f->out;
    o->outline = xgrow(o->outline, o->noutline, sizeof *o->outline);
    layout_outline *e = &o->outline[o->noutline++];
    e->level = p->ppr.outline;
    e->title = title;
    e->page = (int)f->page_idx;
    e->y = y;
}

static double para_height(const para_lay *pl)
{
    double h = pl->before + pl->after;
    for (int i = 0; i < pl->t.nlines; i++)
        h += pl->m[i].h;
    return h;
}

/* Places a paragraph in the body flow, breaking pages as needed. */
static void place_para(flow *f, const layout_para *p, para_lay *pl)
{
    const layout_ppr *pp = &p->ppr;
    if (pp->page_break_before && !f->fresh && !f->tmp)
        new_page(f);
    double before = pl->before;
    if (pp->contextual && f->prev_contextual && f->prev_style && pp->style_id &&
        !strcmp(f->prev_style, pp->style_id))
        before = 0;
    int n = pl->t.nlines;
    double body = f->bottom - f->top;
    if (pp->keep_lines && !f->fresh && !f->tmp) {
        double h = before;
        for (int i = 0; i < n; i++)
            h += pl->m[i].h;
        if (f->y + h > f->bottom + EPS && h <= body + EPS)
            new_page(f);
    }
    int i = 0;
    while (i < n) {
        double y = f->y + (i == 0 ? before : 0);
        int k = 0;
        double yy = y;
        while (i + k < n && yy + pl->m[i + k].h <= f->bottom + EPS) {
            yy += pl->m[i + k].h;
            k++;
        }
        if (i + k < n && !f->tmp) {
            /* widow and orphan control: never one line alone on a page */
            if (pp->widow && n - i >= 2) {
                if (n - i - k == 1)
                    k--;
                if (i == 0 && k == 1)
                    k = 0;
                if (k < 0)
                    k = 0;
            }
            if (k == 0 && f->fresh)
                k = 1;   /* a line taller than the page is placed anyway */
        }
        if (k == 0) {
            /* Word and LibreOffice keep the space above a paragraph that
             * moves to a new page */
            new_page(f);
            continue;
        }
        if (i == 0)
            add_outline(f, p, f->y);
        double top = y;
        for (int j = 0; j < k; j++) {
            emit_line(f, pl, i + j, f->left, top);
            top += pl->m[i + j].h;
        }
        f->y = top;
        f->fresh = false;
        i += k;
        if (i < n)
            new_page(f);
    }
    double after = pl->after;
    f->y += after;
    f->prev_style = pp->style_id;
    f->prev_contextual = pp->contextual;
}

/* ---- tables ------------------------------------------------------------ */

/* The content of one cell: its paragraphs' lines as a vertical list of
 * items, some of which are whole nested tables. */
typedef struct {
    double h;
    para_lay *pl;               /* line `line` of this paragraph, or a gap when line < 0 */
    int line;
    layout_page *nested;        /* a nested table's boxes, placed atomically */
} cell_item;

typedef struct {
    cell_item *items;
    size_t n;
    double height;              /* sum of item heights */
    para_lay *pls;
    size_t npls;
    layout_page *nested;
    size_t nnested;
} cell_content;

static void place_table(flow *f, const layout_table *t, double left, double width, int depth);
static bool row_keeps_next(const layout_row *row);

static void cell_content_make(flow *f, const layout_cell *c, double width, cell_content *cc, int depth)
{
    memset(cc, 0, sizeof *cc);
    size_t npara = 0, ntab = 0;
    for (size_t i = 0; i < c->nblocks; i++) {
        if (c->blocks[i].kind == LAYOUT_BLOCK_PARA)
            npara++;
        else
            ntab++;
    }
    cc->pls = xcalloc(npara + 1, sizeof *cc->pls);
    cc->nested = xcalloc(ntab + 1, sizeof *cc->nested);
    size_t cap = 8;
    cc->items = xmalloc(cap * sizeof *cc->items);
#define PUSH_ITEM(ITEM) do { \
        if (cc->n == cap) { cap *= 2; cc->items = xrealloc(cc->items, cap * sizeof *cc->items); } \
        cc->items[cc->n++] = (ITEM); cc->height += (ITEM).h; } while (0)
    for (size_t i = 0; i < c->nblocks; i++) {
        const layout_block *b = &c->blocks[i];
        if (b->kind == LAYOUT_BLOCK_PARA) {
            para_lay *pl = &cc->pls[cc->npls++];
            para_lay_make(f, &b->para, width, true, pl);
            if (pl->before > 0) {
                cell_item it = {pl->before, NULL, -1, NULL};
                PUSH_ITEM(it);
            }
            for (int l = 0; l < pl->t.nlines; l++) {
                cell_item it = {pl->m[l].h, pl, l, NULL};
                PUSH_ITEM(it);
            }
            if (pl->after > 0) {
                cell_item it = {pl->after, NULL, -1, NULL};
                PUSH_ITEM(it);
            }
        } else if (depth < 8) {
            /* a nested table is laid out on a scratch page and moved whole */
            layout_page *tmp = &cc->nested[cc->nnested++];
            flow sub = *f;
            sub.tmp = tmp;
            sub.y = 0;
            sub.top = 0;
            sub.bottom = HUGE_BOTTOM;
            place_table(&sub, &b->table, 0, width, depth + 1);
            f->warned_fonts = sub.warned_fonts;
            f->nwarned = sub.nwarned;
            f->capwarned = sub.capwarned;
            cell_item it = {sub.y, NULL, -1, tmp};
            PUSH_ITEM(it);
        }
    }
#undef PUSH_ITEM
}

static void cell_content_free(cell_content *cc)
{
    for (size_t i = 0; i < cc->npls; i++)
        para_lay_free(&cc->pls[i]);
    for (size_t i = 0; i < cc->nnested; i++)
        free(cc->nested[i].boxes);
    free(cc->pls);
    free(cc->nested);
    free(cc->items);
}

/* Copies a nested table's boxes onto the current page at (dx, dy). */
static void emit_nested(flow *f, const layout_page *src, double dx, double dy)
{
    for (size_t i = 0; i < src->nboxes; i++) {
        layout_box *b = box_push(cur(f));
        *b = src->boxes[i];
        b->x += dx;
        b->y += dy;
    }
}

/* Draws items [from, to) of a cell's content from `top`. */
static void emit_items(flow *f, cell_content *cc, size_t from, size_t to, double left, double top)
{
    double y = top;
    for (size_t i = from; i < to && i < cc->n; i++) {
        cell_item *it = &cc->items[i];
        if (it->pl && it->line >= 0)
            emit_line(f, it->pl, it->line, left, y);
        else if (it->nested)
            emit_nested(f, it->nested, left, y);
        y += it->h;
    }
}

static void emit_rule(flow *f, double x, double y, double w, double h, const layout_border *b)
{
    if (b->style == 0 || b->width <= 0)
        return;
    layout_box *r = box_push(cur(f));
    r->kind = LAYOUT_BOX_RULE;
    r->x = x;
    r->y = y;
    r->w = w;
    r->h = h;
    r->width = b->width;
    r->color = b->color;
    r->style = b->style;
}

/* The frame of one piece of a cell: fill first, borders after the text. */
static void emit_fill(flow *f, const layout_cell *c, double x, double y, double w, double h)
{
    if (!c->has_fill || c->fill == 0xFFFFFF)
        return;
    layout_box *b = box_push(cur(f));
    b->kind = LAYOUT_BOX_FILL;
    b->x = x;
    b->y = y;
    b->w = w;
    b->h = h;
    b->color = c->fill;
}

static void emit_borders(flow *f, const layout_cell *c, double x, double y, double w, double h)
{
    emit_rule(f, x, y, w, 0, &c->border[LAYOUT_EDGE_TOP]);
    emit_rule(f, x, y + h, w, 0, &c->border[LAYOUT_EDGE_BOTTOM]);
    emit_rule(f, x, y, 0, h, &c->border[LAYOUT_EDGE_LEFT]);
    emit_rule(f, x + w, y, 0, h, &c->border[LAYOUT_EDGE_RIGHT]);
}

/* A cell being drawn: where its content continues (merged cells run over
 * several rows and, across a page break, several pages). */
typedef struct {
    const layout_cell *cell;
    cell_content cc;
    size_t next;                /* first item not yet drawn */
    double top;                 /* top of the current piece on this page */
    int last_row;               /* the row its merge ends on */
    double pad_top, pad_bottom; /* margin plus border: LibreOffice puts a cell's top border
                                   (and the table's bottom one) inside the row height */
    bool started;               /* a piece has been drawn already */
} live_cell;

typedef struct {
    flow *f;
    const layout_table *t;
    double *colx;               /* x of each grid line */
    double *rowh;               /* natural height of each row */
    live_cell **live;           /* per row: its cells */
    size_t *nlive;
} tbl_ctx;

static double cell_x(const tbl_ctx *tc, const layout_cell *c)
{
    return tc->colx[c->col];
}

static double cell_w(const tbl_ctx *tc, const layout_cell *c)
{
    return tc->colx[c->col + c->span] - tc->colx[c->col];
}

/* Draws the piece of cell lc from lc->top to `bottom`, with as much of its
 * content as fits; `final` says the cell ends here (valign applies). */
static void draw_piece(tbl_ctx *tc, live_cell *lc, double bottom, bool final)
{
    flow *f = tc->f;
    const layout_cell *c = lc->cell;
    double x = cell_x(tc, c), w = cell_w(tc, c);
    double h = bottom - lc->top;
    if (h < 0)
        h = 0;
    emit_fill(f, c, x, lc->top, w, h);
    double inner = h - lc->pad_top - lc->pad_bottom;
    /* A merged cell whose text was all drawn on an earlier page (a 一级 or
     * 二级 label of a group that goes on) shows it again in the part on
     * this page, where it fits whole, so that the continued rows are not
     * left without their label.  Word and LibreOffice leave that part
     * empty; the PDF is read page by page (docs/rendering.md). */
    if (lc->started && lc->next >= lc->cc.n && lc->cc.n && c->rowspan > 1 && lc->cc.height <= inner + EPS) {
        double off = 0;
        if (c->valign == LAYOUT_VALIGN_CENTER)
            off = (inner - lc->cc.height) / 2;
        else if (c->valign == LAYOUT_VALIGN_BOTTOM)
            off = inner - lc->cc.height;
        emit_items(f, &lc->cc, 0, lc->cc.n, x + c->mar[LAYOUT_EDGE_LEFT], lc->top + lc->pad_top + off);
        emit_borders(f, c, x, lc->top, w, h);
        return;
    }
    size_t to = lc->next;
    double used = 0;
    while (to < lc->cc.n && used + lc->cc.items[to].h <= inner + EPS) {
        used += lc->cc.items[to].h;
        to++;
    }
    if (final)
        to = lc->cc.n;   /* the row was sized to hold it all */
    double off = 0;
    if (final && !lc->started) {
        double content = 0;
        for (size_t i = lc->next; i < to; i++)
            content += lc->cc.items[i].h;
        if (c->valign == LAYOUT_VALIGN_CENTER && inner > content)
            off = (inner - content) / 2;
        else if (c->valign == LAYOUT_VALIGN_BOTTOM && inner > content)
            off = inner - content;
    }
    emit_items(f, &lc->cc, lc->next, to, x + c->mar[LAYOUT_EDGE_LEFT], lc->top + lc->pad_top + off);
    lc->next = to;
    lc->started = true;
    emit_borders(f, c, x, lc->top, w, h);
}

/* Height a row needs from cells that start and end in it. */
static double row_height(const layout_row *row, live_cell *cells, size_t n)
{
    double h = 0;
    for (size_t i = 0; i < n; i++) {
        const layout_cell *c = cells[i].cell;
        if (c->rowspan != 1)
            continue;
        double need = cells[i].cc.height + cells[i].pad_top + cells[i].pad_bottom;
        if (need > h)
            h = need;
    }
    if (row->height_rule == LAYOUT_LINE_EXACT && row->height > 0)
        return row->height;
    if (row->height_rule == LAYOUT_LINE_ATLEAST && row->height > h)
        h = row->height;
    return h;
}

/* Draws header rows at the top of a continuation page. */
static void draw_header_rows(tbl_ctx *tc, size_t nheader)
{
    flow *f = tc->f;
    for (size_t r = 0; r < nheader; r++) {
        double h = tc->rowh[r];
        for (size_t i = 0; i < tc->nlive[r]; i++) {
            live_cell *lc = &tc->live[r][i];
            if (lc->cell->rowspan != 1)
                continue;
            size_t save = lc->next;
            bool started = lc->started;
            lc->next = 0;
            lc->started = false;
            lc->top = f->y;
            draw_piece(tc, lc, f->y + h, true);
            lc->next = save;
            lc->started = started;
        }
        f->y += h;
    }
}

/* A row that cannot split (a header row, an exact height) placed at the top
 * of a page: when a cell's text runs past the page bottom, the PDF would
 * lack it, so the layout fails with the row's first words. */
static void lost_row(flow *f, live_cell *cells, size_t n)
{
    if (f->tmp)
        return;
    for (size_t i = 0; i < n; i++) {
        live_cell *lc = &cells[i];
        double need = lc->pad_top + lc->pad_bottom;
        for (size_t k = lc->next; k < lc->cc.n; k++)
            need += lc->cc.items[k].h;
        if (lc->cell->rowspan > 1 || f->y + need <= f->bottom + EPS)
            continue;
        const layout_cell *c = lc->cell;
        char *text = NULL;
        for (size_t b = 0; b < c->nblocks && !text; b++)
            if (c->blocks[b].kind == LAYOUT_BLOCK_PARA) {
                text = para_plain_text(&c->blocks[b].para);
                if (!*text) {
                    free(text);
                    text = NULL;
                }
            }
        if (text && g_utf8_strlen(text, -1) > 30)
            *g_utf8_offset_to_pointer(text, 30) = '\0';
        diag_loc loc = {.part = "word/document.xml"};
        diag_add(f->diags, DIAG_ERROR, loc, "render.lost",
                 "A table row that may not split (a header row or a row of exact height) is taller than a page, "
                 "so the text of its cell beginning \"%s\" would be cut at the page bottom; give the row an "
                 "automatic or at-least height (and no header mark), or shorten the text.", text ? text : "");
        free(text);
        f->lost = true;
        return;
    }
}

static void place_table(flow *f, const layout_table *t, double left, double width, int depth)
{
    if (!t->nrows)
        return;
    tbl_ctx tc = {0};
    tc.f = f;
    tc.t = t;
    tc.colx = xcalloc((size_t)t->ncols + 1, sizeof *tc.colx);
    double total = 0;
    for (int i = 0; i < t->ncols; i++)
        total += t->grid[i];
    /* first cell's left margin: Word before 2013 hangs the table into the margin by it */
    double first_mar = t->rows[0].ncells ? t->rows[0].cells[0].mar[LAYOUT_EDGE_LEFT] : 0;
    double x0 = left + t->indent;
    if (f->doc->compat_mode < 15)
        x0 -= first_mar;
    if (t->align == LAYOUT_ALIGN_CENTER)
        x0 = left + (width - total) / 2;
    else if (t->align == LAYOUT_ALIGN_RIGHT)
        x0 = left + width - total;
    tc.colx[0] = x0;
    for (int i = 0; i < t->ncols; i++)
        tc.colx[i + 1] = tc.colx[i] + t->grid[i];

    size_t nr = t->nrows;
    tc.rowh = xcalloc(nr, sizeof *tc.rowh);
    tc.live = xcalloc(nr, sizeof *tc.live);
    tc.nlive = xcalloc(nr, sizeof *tc.nlive);
    for (size_t r = 0; r < nr; r++) {
        const layout_row *row = &t->rows[r];
        tc.live[r] = xcalloc(row->ncells + 1, sizeof **tc.live);
        for (size_t i = 0; i < row->ncells; i++) {
            const layout_cell *c = &row->cells[i];
            if (c->vmerge == 2)
                continue;
            live_cell *lc = &tc.live[r][tc.nlive[r]++];
            lc->cell = c;
            lc->last_row = (int)r + (c->rowspan > 1 ? c->rowspan - 1 : 0);
            const layout_border *bt = &c->border[LAYOUT_EDGE_TOP], *bb = &c->border[LAYOUT_EDGE_BOTTOM];
            lc->pad_top = c->mar[LAYOUT_EDGE_TOP] + (bt->style ? bt->width * (bt->style == 2 ? 3 : 1) : 0);
            lc->pad_bottom = c->mar[LAYOUT_EDGE_BOTTOM];
            if (lc->last_row + 1 == (int)nr && bb->style)
                lc->pad_bottom += bb->width * (bb->style == 2 ? 3 : 1);
            double cw = cell_w(&tc, c) - c->mar[LAYOUT_EDGE_LEFT] - c->mar[LAYOUT_EDGE_RIGHT];
            cell_content_make(f, c, cw > 6 ? cw : 6, &lc->cc, depth);
        }
        tc.rowh[r] = row_height(row, tc.live[r], tc.nlive[r]);
    }
    /* merged cells: the last row they cover grows to hold their content */
    for (size_t r = 0; r < nr; r++)
        for (size_t i = 0; i < tc.nlive[r]; i++) {
            live_cell *lc = &tc.live[r][i];
            if (lc->cell->rowspan <= 1)
                continue;
            double need = lc->cc.height + lc->pad_top + lc->pad_bottom;
            double have = 0;
            for (int k = (int)r; k <= lc->last_row; k++)
                have += tc.rowh[k];
            if (need > have && t->rows[lc->last_row].height_rule != LAYOUT_LINE_EXACT)
                tc.rowh[lc->last_row] += need - have;
        }

    size_t nheader = 0;
    while (nheader < nr && t->rows[nheader].header)
        nheader++;
    if (nheader == nr)
        nheader = 0;   /* a table of header rows only repeats nothing */
    double header_h = 0;
    for (size_t r = 0; r < nheader; r++)
        header_h += tc.rowh[r];

    /* cells that started above and are still open on this page */
    live_cell **open = xcalloc((size_t)t->ncols + 1, sizeof *open);
    size_t nopen = 0;

    for (size_t r = 0; r < nr; r++) {
        const layout_row *row = &t->rows[r];
        double h = tc.rowh[r];
        bool is_header = r < nheader;

        /* keep the header rows with the first body row */
        if (r == 0 && nheader && !f->fresh && !f->tmp && nheader < nr) {
            double first = 0;
            for (size_t i = 0; i < tc.nlive[nheader]; i++) {
                live_cell *lc = &tc.live[nheader][i];
                double need = lc->pad_top + (lc->cc.n ? lc->cc.items[0].h : 0);
                if (need > first)
                    first = need;
            }
            if (t->rows[nheader].cant_split)
                first = tc.rowh[nheader];
            if (f->y + header_h + first > f->bottom + EPS && header_h + first <= f->bottom - f->top)
                new_page(f);
        }

        /* a chain of rows that keep with the next starts here: the chain,
         * the row it keeps with (or what follows the table) share a page
         * unless they are taller than one */
        if (!is_header && !f->fresh && !f->tmp && depth == 0 && row_keeps_next(row) &&
            (r == nheader || !row_keeps_next(&t->rows[r - 1]))) {
            size_t m = r;
            double need = tc.rowh[r];
            while (m < nr && row_keeps_next(&t->rows[m])) {
                if (m + 1 < nr)
                    need += tc.rowh[m + 1];
                m++;
            }
            if (m >= nr)
                need += f->after_need;
            if (f->y + need > f->bottom + EPS && need <= f->bottom - f->top - header_h) {
                for (size_t k = 0; k < nopen; k++)
                    draw_piece(&tc, open[k], f->y, false);
                new_page(f);
                for (size_t k = 0; k < nopen; k++)
                    open[k]->top = f->y + header_h;
                draw_header_rows(&tc, nheader);
                f->fresh = true;
            }
        }

        for (;;) {
            /* a row that ends a page closes the table there with its bottom
             * border, which LibreOffice counts into the room it needs */
            double close = 0;
            if (r + 1 < nr)
                for (size_t i = 0; i < tc.nlive[r]; i++) {
                    const layout_border *bb = &tc.live[r][i].cell->border[LAYOUT_EDGE_BOTTOM];
                    if (bb->style && bb->width > close)
                        close = bb->width;
                }
            if (f->y + h + close <= f->bottom + EPS || f->tmp)
                break;
            /* the row does not fit: move it, or split it */
            /* a row that must not split but is taller than a page (it is
             * at the top of one and still does not fit) splits all the
             * same, as in Word and LibreOffice: cutting it at the page
             * bottom would lose its text */
            bool can_split = (!row->cant_split || f->fresh) && !is_header && row->height_rule != LAYOUT_LINE_EXACT;
            double avail = f->bottom - f->y;
            bool page_has_rows = !f->fresh;
            bool something_fits = false, all_fit = true;
            if (can_split) {
                for (size_t i = 0; i < tc.nlive[r]; i++) {
                    live_cell *lc = &tc.live[r][i];
                    if (lc->cell->rowspan > 1 || lc->next >= lc->cc.n)
                        continue;
                    double rest_h = 0;
                    for (size_t k = lc->next; k < lc->cc.n; k++)
                        rest_h += lc->cc.items[k].h;
                    if (lc->pad_top + lc->cc.items[lc->next].h <= avail - close + EPS)
                        something_fits = true;
                    if (lc->pad_top + rest_h + lc->pad_bottom > avail - close + EPS)
                        all_fit = false;
                }
                /* when only the borders overflow, the row moves whole */
                if (all_fit)
                    something_fits = false;
            }
            if (!can_split || !something_fits) {
                if (!page_has_rows) {
                    /* taller than a page and cannot split: placed from the top,
                     * which is an error if its text then runs off the page */
                    lost_row(f, tc.live[r], tc.nlive[r]);
                    break;
                }
                /* close the merged cells open on this page at the current y */
                for (size_t k = 0; k < nopen; k++)
                    draw_piece(&tc, open[k], f->y, false);
                new_page(f);
                for (size_t k = 0; k < nopen; k++)
                    open[k]->top = f->y + header_h;
                draw_header_rows(&tc, nheader);
                f->fresh = true;   /* only repeated headers so far */
                /* heights may shrink: content already drawn is gone */
                continue;
            }
            /* split: every cell of this row draws what fits down to the page
             * bottom; the rest goes on with the row on the next page */
            double bottom = f->bottom - close;
            double rest = 0;
            for (size_t i = 0; i < tc.nlive[r]; i++) {
                live_cell *lc = &tc.live[r][i];
                lc->top = lc->started ? lc->top : f->y;
                if (lc->cell->rowspan > 1)
                    continue;
                draw_piece(&tc, lc, bottom, false);
                double left_h = 0;
                for (size_t k = lc->next; k < lc->cc.n; k++)
                    left_h += lc->cc.items[k].h;
                left_h += lc->pad_top + lc->pad_bottom;
                if (left_h > rest)
                    rest = left_h;
            }
            for (size_t k = 0; k < nopen; k++)
                draw_piece(&tc, open[k], bottom, false);
            for (size_t i = 0; i < tc.nlive[r]; i++)
                if (tc.live[r][i].cell->rowspan > 1)
                    draw_piece(&tc, &tc.live[r][i], bottom, false);
            new_page(f);
            draw_header_rows(&tc, nheader);
            f->fresh = true;
            for (size_t k = 0; k < nopen; k++)
                open[k]->top = f->y;
            for (size_t i = 0; i < tc.nlive[r]; i++)
                tc.live[r][i].top = f->y;
            h = rest;
        }
        /* the row fits (or must be placed anyway) */
        double top = f->y, bottom = f->y + h;
        for (size_t i = 0; i < tc.nlive[r]; i++) {
            live_cell *lc = &tc.live[r][i];
            if (!lc->started)
                lc->top = top;
            if (lc->cell->rowspan > 1) {
                open[nopen++] = lc;
                continue;
            }
            draw_piece(&tc, lc, bottom, true);
        }
        f->y = bottom;
        f->fresh = false;
        /* merged cells ending on this row are finished */
        for (size_t k = 0; k < nopen;) {
            if (open[k]->last_row == (int)r) {
                draw_piece(&tc, open[k], bottom, true);
                open[k] = open[--nopen];
            } else {
                k++;
            }
        }
    }
    for (size_t k = 0; k < nopen; k++)
        draw_piece(&tc, open[k], f->y, true);
    free(open);
    for (size_t r = 0; r < nr; r++) {
        for (size_t i = 0; i < tc.nlive[r]; i++)
            cell_content_free(&tc.live[r][i].cc);
        free(tc.live[r]);
    }
    free(tc.live);
    free(tc.nlive);
    free(tc.rowh);
    free(tc.colx);
}

/* A row keeps with the next row (the last row: with the paragraph after
 * the table) when every paragraph in its cells has w:keepNext, as Word and
 * LibreOffice read it. */
static bool row_keeps_next(const layout_row *row)
{
    size_t n = 0;
    for (size_t i = 0; i < row->ncells; i++)
        for (size_t k = 0; k < row->cells[i].nblocks; k++) {
            const layout_block *b = &row->cells[i].blocks[k];
            if (b->kind != LAYOUT_BLOCK_PARA)
                continue;
            if (!b->para.ppr.keep_next)
                return false;
            n++;
        }
    return n > 0;
}

/* The height of a table's header rows and its first body row (what must
 * follow a keep-with-next caption), or of what fits of that row when the
 * row may split: a line of each cell. */
static double table_head_height(flow *f, const layout_table *t)
{
    size_t last = 0;
    while (last < t->nrows && t->rows[last].header)
        last++;
    if (last >= t->nrows)
        last = t->nrows ? t->nrows - 1 : 0;
    double total = 0;
    for (size_t r = 0; r <= last && r < t->nrows; r++) {
        const layout_row *row = &t->rows[r];
        double h = 0;
        bool whole = r < last || row->cant_split;
        for (size_t i = 0; i < row->ncells; i++) {
            const layout_cell *c = &row->cells[i];
            if (c->vmerge == 2)
                continue;
            double w = 0;
            for (int k = c->col; k < c->col + c->span && k < t->ncols; k++)
                w += t->grid[k];
            w -= c->mar[LAYOUT_EDGE_LEFT] + c->mar[LAYOUT_EDGE_RIGHT];
            cell_content cc;
            cell_content_make(f, c, w > 6 ? w : 6, &cc, 1);
            const layout_border *bt = &c->border[LAYOUT_EDGE_TOP];
            double need = c->mar[LAYOUT_EDGE_TOP] + c->mar[LAYOUT_EDGE_BOTTOM] + (bt->style ? bt->width : 0);
            need += whole || c->rowspan > 1 ? (c->rowspan > 1 ? (cc.n ? cc.items[0].h : 0) : cc.height)
                                            : (cc.n ? cc.items[0].h : 0);
            cell_content_free(&cc);
            if (need > h)
                h = need;
        }
        if (row->height_rule != LAYOUT_LINE_AUTO && row->height > h)
            h = row->height;
        total += h;
    }
    return total;
}

/* ---- blocks, keep-with-next, sections ---------------------------------- */

/* Height of the first line of a block (with its space above): what must
 * follow a keep-with-next paragraph onto the same page. */
static double first_line_height(flow *f, const layout_block *b)
{
    if (b->kind == LAYOUT_BLOCK_TABLE)
        return table_head_height(f, &b->table);
    para_lay pl;
    para_lay_make(f, &b->para, f->width, false, &pl);
    double h = pl.before + (pl.t.nlines ? pl.m[0].h : 0);
    /* with widow/orphan control at least two lines stay, and of three
     * lines all three (two would leave one alone on the next page) */
    if (b->para.ppr.widow && pl.t.nlines > 1)
        h += pl.m[1].h;
    if (b->para.ppr.widow && pl.t.nlines == 3)
        h += pl.m[2].h;
    para_lay_free(&pl);
    return h;
}

static void place_blocks(flow *f, const layout_blocks *bl)
{
    for (size_t i = 0; i < bl->nblocks; i++) {
        const layout_block *b = &bl->blocks[i];
        if (b->kind == LAYOUT_BLOCK_TABLE) {
            const layout_block *nb = i + 1 < bl->nblocks ? &bl->blocks[i + 1] : NULL;
            bool kept = b->table.nrows && row_keeps_next(&b->table.rows[b->table.nrows - 1]);
            f->after_need = kept && nb && !(nb->kind == LAYOUT_BLOCK_PARA && nb->para.ppr.page_break_before)
                          ? first_line_height(f, nb) : 0;
            place_table(f, &b->table, f->left, f->width, 0);
            f->after_need = 0;
            f->prev_style = NULL;
            continue;
        }
        para_lay pl;
        para_lay_make(f, &b->para, f->width, false, &pl);
        if (b->para.ppr.keep_next && !f->fresh && !f->tmp && !b->para.ppr.page_break_before) {
            /* the chain of keep-with-next paragraphs and the first line
             * after it must share a page */
            double need = para_height(&pl);
            size_t j = i + 1;
            while (j < bl->nblocks && bl->blocks[j].kind == LAYOUT_BLOCK_PARA &&
                   bl->blocks[j].para.ppr.keep_next && !bl->blocks[j].para.ppr.page_break_before && j < i + 8) {
                para_lay q;
                para_lay_make(f, &bl->blocks[j].para, f->width, false, &q);
                need += para_height(&q);
                para_lay_free(&q);
                j++;
            }
            if (j < bl->nblocks && !(bl->blocks[j].kind == LAYOUT_BLOCK_PARA && bl->blocks[j].para.ppr.page_break_before))
                need += first_line_height(f, &bl->blocks[j]);
            if (f->y + need > f->bottom + EPS && need <= f->bottom - f->top)
                new_page(f);
        }
        place_para(f, &b->para, &pl);
        para_lay_free(&pl);
    }
}

/* Lays out a header or footer on page `pg`; footers are bottom-aligned. */
static void place_hf(flow *f, const layout_blocks *bl, bool footer)
{
    if (!bl)
        return;
    layout_page scratch = {0};
    flow sub = *f;
    sub.tmp = &scratch;
    sub.top = sub.y = 0;
    sub.bottom = HUGE_BOTTOM;
    sub.fresh = true;
    sub.prev_style = NULL;
    sub.no_grid = true;
    place_blocks(&sub, bl);
    f->warned_fonts = sub.warned_fonts;
    f->nwarned = sub.nwarned;
    f->capwarned = sub.capwarned;
    double dy = footer ? f->sec->page_h - f->sec->mar_footer - sub.y : f->sec->mar_header;
    emit_nested(f, &scratch, 0, dy);
    free(scratch.boxes);
}

static void setup_section(flow *f, const layout_section *s)
{
    f->sec = s;
    f->top = s->mar_top;
    f->bottom = s->page_h - s->mar_bottom;
    f->left = s->mar_left;
    f->width = s->page_w - s->mar_left - s->mar_right;
    if (f->width < 36)
        f->width = 36;
    if (f->bottom - f->top < 36)
        f->bottom = f->top + 36;
    /* With a document grid LibreOffice shrinks the body to a whole number of
     * grid lines and centres it: half the remainder goes above the first
     * line, half below the last (SwBodyFrame::Format, computed in twips). */
    if (s->grid_type != LAYOUT_GRID_NONE && s->grid_pitch >= 1) {
        long body = lround((f->bottom - f->top) * 20), pitch = lround(s->grid_pitch * 20);
        if (pitch > 0 && body >= pitch) {
            long border = (body % pitch) / 2;
            f->top += border / 20.0;
            f->bottom = f->top + (double)(body / pitch * pitch) / 20.0;
        }
    }
}

static bool blocks_have_numpages(const layout_blocks *bl)
{
    for (size_t i = 0; i < bl->nblocks; i++)
        if (bl->blocks[i].kind == LAYOUT_BLOCK_PARA)
            for (size_t k = 0; k < bl->blocks[i].para.nruns; k++)
                if (bl->blocks[i].para.runs[k].kind == LAYOUT_RUN_FIELD &&
                    bl->blocks[i].para.runs[k].field == LAYOUT_FIELD_NUMPAGES)
                    return true;
    return false;
}

static layout_pages *paginate_once(const layout_doc *doc, layout_fonts *fonts, diag_list *diags, int numpages,
                                   bool report_fonts)
{
    layout_pages *out = xcalloc(1, sizeof *out);
    flow f;
    memset(&f, 0, sizeof f);
    f.doc = doc;
    f.fonts = fonts;
    f.pctx = layout_fonts_context(fonts);
    diag_list scratch;
    diag_list_init(&scratch);
    f.diags = report_fonts ? diags : &scratch;
    f.out = out;
    f.numpages = numpages;

    size_t *first_page = xcalloc(doc->nsections + 1, sizeof *first_page);
    for (size_t si = 0; si < doc->nsections; si++) {
        const layout_section *s = &doc->sections[si];
        if (si > 0 && si + 1 == doc->nsections && s->body.nblocks == 0)
            break;   /* the empty last section after a sectPr in the final paragraph */
        setup_section(&f, s);
        if (s->page_start > 0)
            f.page_number = s->page_start - 1;
        first_page[si] = out->npages;
        new_page(&f);
        f.prev_style = NULL;
        place_blocks(&f, &s->body);
    }
    if (!out->npages) {
        setup_section(&f, &doc->sections[0]);
        new_page(&f);
    }
    /* headers and footers, now that the page count is known */
    f.numpages = (int)out->npages;
    size_t si = 0;
    for (size_t p = 0; p < out->npages; p++) {
        while (si + 1 < doc->nsections && p >= first_page[si + 1] && first_page[si + 1] > 0)
            si++;
        const layout_section *s = &doc->sections[si];
        setup_section(&f, s);
        f.page_idx = p;
        f.page_number = out->pages[p].number;
        int kind = 0;
        if (s->title_pg && p == first_page[si])
            kind = 1;
        else if (doc->even_and_odd && out->pages[p].number % 2 == 0)
            kind = 2;
        const layout_blocks *hdr = s->header[kind], *ftr = s->footer[kind];
        if (kind == 1) {   /* a first-page header that is absent means an empty one */
            hdr = s->header[1];
            ftr = s->footer[1];
        } else if (kind == 2) {
            hdr = s->header[2];
            ftr = s->footer[2];
        }
        place_hf(&f, hdr, false);
        place_hf(&f, ftr, true);
    }
    free(first_page);
    for (size_t i = 0; i < f.nwarned; i++)
        free(f.warned_fonts[i]);
    free(f.warned_fonts);
    diag_list_free(&scratch);
    if (f.lost) {
        layout_pages_free(out);
        return NULL;
    }
    return out;
}

layout_pages *layout_paginate(const layout_doc *doc, layout_fonts *fonts, diag_list *diags)
{
    if (!doc || !doc->nsections || !fonts) {
        diag_loc loc = {0};
        diag_add(diags, DIAG_ERROR, loc, "render.empty", "There is no document to lay out.");
        return NULL;
    }
    bool body_numpages = false;
    for (size_t i = 0; i < doc->nsections; i++)
        body_numpages |= blocks_have_numpages(&doc->sections[i].body);
    if (!body_numpages)
        return paginate_once(doc, fonts, diags, 0, true);
    /* NUMPAGES in the body: lay out twice, the second time with the count */
    layout_pages *first = paginate_once(doc, fonts, diags, 0, false);
    int n = first ? (int)first->npages : 1;
    layout_pages_free(first);
    return paginate_once(doc, fonts, diags, n, true);
}

void layout_pages_free(layout_pages *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->npages; i++)
        free(p->pages[i].boxes);
    free(p->pages);
    for (size_t i = 0; i < p->noutline; i++)
        free(p->outline[i].title);
    free(p->outline);
    for (size_t i = 0; i < p->nrefs; i++)
        g_object_unref(p->refs[i]);
    free(p->refs);
    free(p);
}

char *layout_page_text(const layout_page *page)
{
    strbuf b = STRBUF_INIT;
    for (size_t i = 0; i < page->nboxes; i++) {
        const layout_box *bx = &page->boxes[i];
        if (bx->kind != LAYOUT_BOX_TEXT || !bx->line)
            continue;
        /* a hanging mark keeps its (zero-width) place in its line's text,
         * so its own box adds nothing */
        if (bx->joins)
            continue;
        const char *text = pango_layout_get_text(bx->line->layout);
        /* without the zero-width spaces that carry the CJK/Latin gaps */
        const char *s = text + bx->line->start_index, *end = s + bx->line->length;
        while (s < end) {
            const char *zw = memmem(s, (size_t)(end - s), "\u200B", 3);
            const char *stop = zw ? zw : end;
            strbuf_add(&b, s, (size_t)(stop - s));
            s = zw ? zw + 3 : end;
        }
        strbuf_addc(&b, '\n');
    }
    if (!b.data)
        return xstrdup("");
    return strbuf_take(&b);
}
