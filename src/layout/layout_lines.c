/* layout_lines — shaping, line breaking and line heights.
 * See layout_lines.h for the contract.
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
#include "layout/layout_lines.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

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

void layout_para_text_free(para_text *t)
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
void layout_shape_para(flow *f, const layout_para *p, double width, bool on_grid, bool hang, para_text *t)
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

line_metrics layout_line_height(const flow *f, const layout_ppr *pp, const para_text *t, int i, bool on_grid)
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
