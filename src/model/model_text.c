/* model_text — checks on the prose of a data file.
 *
 * Every check is a "pattern": a rule of the rules files (rules/,
 * matched all at once by model_rules' automaton; the words a province adds
 * go there), a row of one of the few phrase tables below that belong to the
 * program (template instructions, adverts, conversion artifacts), or one of
 * the hand-written scanners over UTF-8 for what a table cannot express
 * (placeholders, 【…】 brackets, ##…## markers, invisible characters, month
 * numbers, 万 amounts, 、 lists, numbering, sentences written twice, words
 * repeated close together, half-width punctuation).
 *
 * Each pattern reports at most once per text value (the first occurrence),
 * so a pasted page of junk gives a few findings, not hundreds; different
 * values each report.  Within one code, an occurrence that overlaps text an
 * earlier pattern already matched is not reported again (so "没有请写明"
 * does not also give "请写明"); a template instruction or an advert claims
 * the rest of its sentence, so the sentence is one finding.
 *
 * year <= 0 means the year is not known: rules with a 年度 and the ordinal
 * rules (which depend on it) are skipped; the others apply.
 *
 * Numbering and sentences are checked by section (text_scope): the
 * paragraphs of one list, or the 标题 of one outline's sections.
 *
 * Location of a finding (the value tree keeps only where a scalar starts):
 *  - value without a newline, plain scalar: the value's line, and its
 *    column plus the code points before the fragment.  This assumes the
 *    plain scalar was written on one line, which is how the data files write
 *    prose; a plain scalar folded over several lines gets a column that may
 *    be past the end of its first line.
 *  - value without a newline, quoted scalar: as above, one more column for
 *    the opening quote (escapes before the fragment are not accounted for;
 *    a one-line block scalar with strip chomping (|-) is indistinguishable
 *    from this and is then reported one line too early).
 *  - value with newlines, quoted or block scalar: taken to be a literal
 *    block (|), whose text starts on the line after the indicator, so the
 *    line is the value's line + 1 + the newlines before the fragment; the
 *    column is not known (the indentation is not kept) and is reported as 0.
 *    For a folded block (>) the line can be too small.
 *  - value with newlines, plain scalar (blank lines inside a folded plain
 *    scalar): the value's own line and column.
 * Derived values (line 0) and map keys are not checked. */
#include "model_text.h"
#include "../core/hash.h"
#include "../core/i18n.h"
#include "../core/strbuf.h"
#include "../core/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NPOS ((size_t)-1)

/* ---- one value being checked ---- */

/* Enumeration families: 一是, （一）, 一、, 第一，, 1. / 1、, （1）, 首先/其次. */
enum { F_SHI, F_PAREN, F_DUN, F_DI, F_ARAB, F_ARABP, F_SEQ, NFAM };

/* A section: the paragraphs of one list, or the 标题 of the sections of
 * one outline, or a lone value.  Numbering and sentences run across it. */
typedef struct text_scope {
    int last[NFAM];             /* last number seen, 0 none */
    int style[NFAM];            /* how the first marker of the family was written */
    size_t last_value[NFAM];    /* value index of the last marker */
    char last_text[NFAM][24];   /* the last marker as written */
    size_t value;               /* index of the value being checked, from 1 */
    /* sentences seen: open addressing on their hash */
    struct { uint64_t h; const char *s; size_t n; } *sent;
    size_t nsent, capsent;
} text_scope;

typedef struct {
    const char *code;
    size_t a, b;
} claim;

typedef struct {
    const val_doc *doc;
    const val *v;
    const char *s;
    size_t n;
    int year;
    const rule_set *rules;
    text_scope *scope;      /* the section this value belongs to (enumerations, sentences) */
    diag_list *diags;
    claim *claims;
    size_t nclaims, capclaims;
    /* where the last finding was: findings mostly come in order, so the
     * code points and newlines before an offset are counted once */
    struct loc_cache { size_t off, cps, nls; int has_nl; } *lc;
} ctx;

/* ---- UTF-8 helpers ---- */

/* Code point at byte i; returns its length (at least 1, so loops advance). */
static size_t cp_at(const char *s, size_t n, size_t i, uint32_t *cp)
{
    if (i >= n) { *cp = 0; return 1; }
    size_t l = utf8_decode(s + i, n - i, cp);
    return l ? l : 1;
}

/* Start of the code point before byte i (i > 0). */
static size_t cp_back(const char *s, size_t i, uint32_t *cp)
{
    size_t j = i - 1;
    while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80) j--;
    size_t l = utf8_decode(s + j, i - j, cp);
    if (!l) *cp = 0xFFFD;
    return j;
}

static bool starts(const char *s, size_t n, size_t i, const char *pat)
{
    size_t l = strlen(pat);
    return i <= n && n - i >= l && memcmp(s + i, pat, l) == 0;
}

static size_t find(const char *s, size_t n, size_t from, const char *pat)
{
    size_t l = strlen(pat);
    if (!l || l > n) return NPOS;
    for (size_t i = from; i + l <= n; i++)
        if (s[i] == pat[0] && memcmp(s + i, pat, l) == 0) return i;
    return NPOS;
}

static bool contains(const char *s, size_t a, size_t b, const char *pat)
{
    size_t i = find(s, b, a, pat);
    return i != NPOS;
}

/* Marks that end a clause: a quoted fragment does not run past them. */
static bool is_clause_end(uint32_t c)
{
    return c == '\n' || c == '\r' || c == 0x3002 /* 。 */ || c == 0xFF1B /* ； */ ||
           c == 0xFF0C /* ， */ || c == 0xFF01 || c == 0xFF1F || c == ';' || c == '!' || c == '?';
}

static bool is_ascii_digit(uint32_t c) { return c >= '0' && c <= '9'; }
static bool is_wide_digit(uint32_t c) { return c >= 0xFF10 && c <= 0xFF19; }
static bool is_digit(uint32_t c) { return is_ascii_digit(c) || is_wide_digit(c); }
static int digit_val(uint32_t c) { return is_ascii_digit(c) ? (int)(c - '0') : (int)(c - 0xFF10); }
static bool is_latin(uint32_t c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
static bool is_space(uint32_t c) { return c == ' ' || c == '\t' || c == 0x3000; }

static int cn_digit(uint32_t c)
{
    static const uint32_t d[] = {0x96F6, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D};
    /* 零 一 二 三 四 五 六 七 八 九 */
    for (int i = 0; i < 10; i++) if (d[i] == c) return i;
    if (c == 0x3007) return 0;  /* 〇 */
    return -1;
}
static bool is_numeral(uint32_t c) { return is_digit(c) || cn_digit(c) >= 0 || c == 0x5341 /* 十 */; }

static size_t skip_spaces(const char *s, size_t n, size_t i)
{
    while (i < n) {
        uint32_t c;
        size_t l = cp_at(s, n, i, &c);
        if (!is_space(c)) break;
        i += l;
    }
    return i;
}

/* A number at i: Arabic (ASCII or full-width, up to max_digits digits) or a
 * Chinese numeral below 100 (一 … 九十九).  Sets *val and *end. */
static bool parse_num(const char *s, size_t n, size_t i, int max_digits, int *out, size_t *end)
{
    uint32_t c;
    size_t l = cp_at(s, n, i, &c);
    if (is_digit(c)) {
        int v = 0, k = 0;
        while (i < n && is_digit(c)) {
            if (++k > max_digits) return false;
            v = v * 10 + digit_val(c);
            i += l;
            l = cp_at(s, n, i, &c);
        }
        *out = v;
        *end = i;
        return true;
    }
    /* Chinese: [d]十[d] or d */
    int tens = -1, units = -1;
    int d = cn_digit(c);
    if (d > 0) { units = d; i += l; l = cp_at(s, n, i, &c); }
    else if (c != 0x5341) return false;
    if (i < n && c == 0x5341) {
        tens = units > 0 ? units : 1;
        units = 0;
        i += l;
        l = cp_at(s, n, i, &c);
        d = cn_digit(c);
        if (i < n && d > 0) { units = d; i += l; }
    }
    *out = (tens > 0 ? tens * 10 : 0) + (units > 0 ? units : 0);
    *end = i;
    return *out > 0;
}

/* ---- reporting ---- */

static bool overlaps_claim(const ctx *c, const char *code, size_t a, size_t b)
{
    for (size_t i = 0; i < c->nclaims; i++)
        if (!strcmp(c->claims[i].code, code) && a < c->claims[i].b && c->claims[i].a < b) return true;
    return false;
}

/* Claims per value are capped so that a hostile value (a megabyte of "，，")
 * stays linear; past the cap, overlapping matches may report (once each). */
#define MAX_CLAIMS 512

static void add_claim(ctx *c, const char *code, size_t a, size_t b)
{
    if (c->nclaims) {   /* consecutive matches of one pattern: widen the last claim */
        claim *l = &c->claims[c->nclaims - 1];
        if (!strcmp(l->code, code) && a <= l->b && b >= l->a) {
            if (a < l->a) l->a = a;
            if (b > l->b) l->b = b;
            return;
        }
    }
    if (c->nclaims == MAX_CLAIMS) return;
    if (c->nclaims == c->capclaims) {
        c->capclaims = c->capclaims ? 2 * c->capclaims : 16;
        c->claims = xrealloc(c->claims, c->capclaims * sizeof *c->claims);
    }
    c->claims[c->nclaims++] = (claim){code, a, b};
}

static diag_loc loc_of(const ctx *c, size_t off)
{
    diag_loc loc = val_loc(c->doc, c->v);
    if (loc.sheet) return loc;   /* a workbook cell: the cell is the finest position */
    struct loc_cache *lc = c->lc;
    if (lc->has_nl < 0) lc->has_nl = memchr(c->s, '\n', c->n) != NULL;
    if (off < lc->off) { lc->off = 0; lc->cps = 0; lc->nls = 0; }
    for (; lc->off < off && lc->off < c->n; lc->off++) {
        unsigned char b = (unsigned char)c->s[lc->off];
        if ((b & 0xC0) != 0x80) lc->cps++;
        if (b == '\n') lc->nls++;
    }
    if (!lc->has_nl) {
        loc.col = c->v->col + (c->v->quoted ? 1 : 0) + (int)lc->cps;
    } else if (c->v->quoted) {
        loc.line = c->v->line + 1 + (int)lc->nls;
        loc.col = 0;
    }
    return loc;
}

/* Widen [a,b) by up to left/right code points, not past a clause end, and
 * return it as a malloc'd string with "…" where it was cut short. */
static char *quote(const ctx *c, size_t a, size_t b, int left, int right, size_t *span_a, size_t *span_b, bool build)
{
    const char *s = c->s;
    size_t n = c->n, qa = a, qb = b;
    bool cut_l = false, cut_r = false;
    for (int k = 0; qa > 0; k++) {
        uint32_t cp;
        size_t j = cp_back(s, qa, &cp);
        if (is_clause_end(cp)) break;
        if (k == left) { cut_l = left > 0; break; }
        qa = j;
    }
    for (int k = 0; qb < n; k++) {
        uint32_t cp;
        size_t l = cp_at(s, n, qb, &cp);
        if (is_clause_end(cp)) break;
        if (k == right) { cut_r = right > 0; break; }
        qb += l;
    }
    *span_a = qa;
    *span_b = qb;
    if (!build) return NULL;
    strbuf sb = STRBUF_INIT;
    if (cut_l) strbuf_adds(&sb, "…");
    strbuf_add(&sb, s + qa, qb - qa);
    if (cut_r) strbuf_adds(&sb, "…");
    return strbuf_take(&sb);
}

/* One occurrence of a pattern at [a,b), quoted with left/right context.
 * Reports it unless this pattern already reported in this value (*done) or
 * the text overlaps what another pattern of the same code claimed; either
 * way it claims the quoted text.  fmt takes the fragment (%s), then one int. */
static void hit_ex(ctx *c, bool *done, const char *code, size_t a, size_t b,
                   int left, int right, const char *fmt, int arg, bool claim_quote)
{
    bool skip = *done || overlaps_claim(c, code, a, b);
    size_t qa, qb;
    char *frag = quote(c, a, b, left, right, &qa, &qb, !skip);
    if (claim_quote) add_claim(c, code, qa, qb);
    else add_claim(c, code, a, b);
    if (!skip) {
        *done = true;
        diag_add(c->diags, DIAG_WARNING, loc_of(c, a), code, fmt, frag, arg);
    }
    free(frag);
}

/* hit, for a message that also names a word of the text: fmt takes the
 * quoted fragment, then the word. */
static void hit_word(ctx *c, bool *done, const char *code, size_t a, size_t b,
                     int left, int right, const char *fmt, const char *word)
{
    bool skip = *done || overlaps_claim(c, code, a, b);
    size_t qa, qb;
    char *frag = quote(c, a, b, left, right, &qa, &qb, !skip);
    add_claim(c, code, qa, qb);
    if (!skip) {
        *done = true;
        diag_add(c->diags, DIAG_WARNING, loc_of(c, a), code, fmt, frag, word);
    }
    free(frag);
}

static void hit(ctx *c, bool *done, const char *code, size_t a, size_t b,
                int left, int right, const char *fmt, int arg)
{
    hit_ex(c, done, code, a, b, left, right, fmt, arg, true);
}

/* Claim [b, end of the sentence) as well (at most 200 code points): the rest
 * of a template instruction or an advert line is not reported word by word. */
static void claim_sentence(ctx *c, const char *code, size_t b)
{
    size_t e = b;
    for (int k = 0; e < c->n && k < 200; k++) {
        uint32_t cp;
        size_t l = cp_at(c->s, c->n, e, &cp);
        if (cp == '\n' || cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F) break;
        e += l;
    }
    if (e > b) add_claim(c, code, b, e);
}

/* ---- phrase tables ---- */

typedef struct {
    const char *pat;
    const char *from;   /* when set: must occur earlier in the same sentence; the match starts there */
    int left, right;    /* context to quote, in code points */
    const char *msg;    /* %s: the fragment */
} phrase_rule;

#define MSG_INSTRUCTION N_("The text still contains the template's instruction “%s”; write the unit's own text in its place (or delete it) before the report is generated.")
#define MSG_IF_ANY N_("The template's marker “%s” is still in the text; delete “（如有）” and keep only what applies to the unit.")

static const phrase_rule instruction_rules[] = {
    {"主要对预算执行偏离", NULL, 0, 16, MSG_INSTRUCTION},
    {"对预算执行偏离绩效目标", NULL, 4, 12, MSG_INSTRUCTION},
    {"没有请写明", NULL, 0, 16, MSG_INSTRUCTION},
    {"请写明", NULL, 2, 16, MSG_INSTRUCTION},
    {"请填写", NULL, 2, 12, MSG_INSTRUCTION},
    {"请根据", NULL, 2, 12, MSG_INSTRUCTION},
    {"请说明", NULL, 2, 12, MSG_INSTRUCTION},
    {"请列明", NULL, 2, 12, MSG_INSTRUCTION},
    {"可以按子项目", NULL, 1, 8, MSG_INSTRUCTION},
    {"逐一分析原因", NULL, 8, 4, MSG_INSTRUCTION},
    {"等方面反映", "从", 0, 12, MSG_INSTRUCTION},
    {"（如有）", NULL, 6, 0, MSG_IF_ANY},
    {"(如有)", NULL, 6, 0, MSG_IF_ANY},
    {"（如有)", NULL, 6, 0, MSG_IF_ANY},
    {"(如有）", NULL, 6, 0, MSG_IF_ANY},
};

#define MSG_ADVERT N_("“%s” looks like advert text of a document download site that came along with the template; delete it.")

/* Advert words that are junk wherever they appear. */
static const phrase_rule advert_rules[] = {
    {"素材库", NULL, 4, 8, MSG_ADVERT},
    {"素材网", NULL, 4, 8, MSG_ADVERT},
    {"代笔", NULL, 4, 8, MSG_ADVERT},
    {"会员群", NULL, 4, 8, MSG_ADVERT},
    {"网盘群", NULL, 4, 8, MSG_ADVERT},
    {"添加客服", NULL, 4, 8, MSG_ADVERT},
    {"加客服", NULL, 4, 8, MSG_ADVERT},
    {"一键下载", NULL, 4, 8, MSG_ADVERT},
    {"扫码关注", NULL, 4, 8, MSG_ADVERT},
    {"关注公众号", NULL, 4, 8, MSG_ADVERT},
};

/* Words that make a 【…】 bracket an advert (on their own they can be
 * ordinary: a bureau may well run a 公众号). */
static const char *const advert_bracket_words[] = {
    "素材", "代笔", "会员", "网盘", "客服", "公众号", "微信", "下载", "文库", "范文", "写作", "原创", "资料",
};

#define MSG_ARTIFACT N_("“%s” is left over from converting the document (a Word bookmark, field code or image reference); delete it.")

static const phrase_rule artifact_rules[] = {
    {"[bookmark:", NULL, 0, 12, MSG_ARTIFACT},
    {"_GoBack", NULL, 2, 1, MSG_ARTIFACT},
    {"_Toc", NULL, 0, 10, MSG_ARTIFACT},
    {"[image:", NULL, 0, 12, MSG_ARTIFACT},
    {"[footnote", NULL, 0, 8, MSG_ARTIFACT},
    {"HYPERLINK", NULL, 0, 12, MSG_ARTIFACT},
    {"MERGEFORMAT", NULL, 4, 0, MSG_ARTIFACT},
    {"PAGEREF", NULL, 0, 10, MSG_ARTIFACT},
};

#define MSG_CUTOFF N_("“%s” gives figures that stop before the year end, but the report covers the whole 年度; give the figures up to 12月31日.")
#define MSG_FUTURE N_("“%s” describes the work as still to come, but a year-end report states what was done by 12月31日; give the result as completed (or say what was not done and why).")

static const phrase_rule future_rules[] = {
    {"年底前将", NULL, 2, 8, MSG_FUTURE},
    {"预计年底", NULL, 2, 8, MSG_FUTURE},
    {"预计全年", NULL, 2, 8, MSG_FUTURE},
};

#define MSG_PUNCT N_("“%s” has two punctuation marks in a row; keep the one that belongs there.")

static const phrase_rule punct_rules[] = {
    {"；；", NULL, 4, 2, MSG_PUNCT},
    {"，，", NULL, 4, 2, MSG_PUNCT},
    {"。。", NULL, 4, 2, MSG_PUNCT},
    {"、、", NULL, 4, 2, MSG_PUNCT},
    {"：：", NULL, 4, 2, MSG_PUNCT},
    {"，。", NULL, 4, 2, MSG_PUNCT},
    {"。，", NULL, 4, 2, MSG_PUNCT},
    {"；。", NULL, 4, 2, MSG_PUNCT},
    {"。；", NULL, 4, 2, MSG_PUNCT},
    {"，；", NULL, 4, 2, MSG_PUNCT},
    {"；，", NULL, 4, 2, MSG_PUNCT},
};

/* ---- checks ---- */

static void run_phrases(ctx *c, const char *code, const phrase_rule *rules, size_t nrules, bool sentence)
{
    for (size_t r = 0; r < nrules; r++) {
        const phrase_rule *pr = &rules[r];
        bool done = false;
        size_t plen = strlen(pr->pat);
        for (size_t i = find(c->s, c->n, 0, pr->pat); i != NPOS; i = find(c->s, c->n, i + plen, pr->pat)) {
            size_t a = i;
            if (pr->from) {
                /* the start word earlier in the same sentence */
                size_t j = i, found = NPOS;
                for (int k = 0; j > 0 && k < 60; k++) {
                    uint32_t cp;
                    size_t p = cp_back(c->s, j, &cp);
                    if (cp == '\n' || cp == 0x3002 || cp == 0xFF1B) break;
                    j = p;
                    if (starts(c->s, c->n, j, pr->from)) found = j;
                }
                if (found == NPOS) continue;
                a = found;
            }
            hit(c, &done, code, a, i + plen, pr->left, pr->right, pr->msg, 0);
            if (sentence) claim_sentence(c, code, i + plen);
        }
    }
}

static void check_instructions(ctx *c)
{
    run_phrases(c, "TEXT.instruction", instruction_rules, sizeof instruction_rules / sizeof *instruction_rules, true);
}

/* XX, xx, ××, ＸＸ (two or more) not inside a Latin word. */
static bool is_x(uint32_t c) { return c == 'X' || c == 'x' || c == 0xD7 || c == 0xFF38 || c == 0xFF58; }

static void check_placeholders(ctx *c)
{
    bool done = false;
    size_t i = 0;
    uint32_t prev = 0;
    while (i < c->n) {
        uint32_t cp;
        size_t l = cp_at(c->s, c->n, i, &cp);
        if (!is_x(cp)) { prev = cp; i += l; continue; }
        size_t a = i, b = i;
        int run = 0;
        uint32_t first = cp;
        while (b < c->n) {
            uint32_t d;
            size_t m = cp_at(c->s, c->n, b, &d);
            if (!is_x(d)) break;
            /* ×× and XX are separate kinds; 3×x is arithmetic, not a placeholder */
            if ((d == 0xD7) != (first == 0xD7)) break;
            run++;
            b += m;
        }
        uint32_t next = 0;
        if (b < c->n) cp_at(c->s, c->n, b, &next);
        bool latin = first != 0xD7 && (is_latin(prev) || is_latin(next));
        if (run >= 2 && !latin) hit(c, &done, "TEXT.placeholder", a, b, 3, 4,
            "“%s” still has the template's placeholder XX; replace it with the real name or number.", 0);
        prev = 'x';
        i = b;
    }
}

static void check_adverts(ctx *c)
{
    const char *code = "TEXT.advert";
    /* 【…】 brackets with an advert word: claim the rest of the sentence too,
     * so that the advert's other words are not reported one by one. */
    bool done = false;
    for (size_t i = find(c->s, c->n, 0, "【"); i != NPOS; i = find(c->s, c->n, i + 3, "【")) {
        size_t e = find(c->s, c->n - i > 200 ? i + 200 : c->n, i + 3, "】");
        if (e == NPOS || utf8_length(c->s + i, e - i) > 40) continue;
        bool ad = false;
        for (size_t w = 0; w < sizeof advert_bracket_words / sizeof *advert_bracket_words && !ad; w++)
            ad = contains(c->s, i, e, advert_bracket_words[w]);
        if (!ad) continue;
        hit(c, &done, code, i, e + 3, 0, 8, MSG_ADVERT, 0);
        claim_sentence(c, code, e + 3);
    }
    /* ##paidbegin## and other ##word## markers */
    done = false;
    for (size_t i = find(c->s, c->n, 0, "##"); i != NPOS; i = find(c->s, c->n, i + 1, "##")) {
        size_t j = i + 2;
        while (j < c->n && j - i < 34 && (is_latin((unsigned char)c->s[j]) || is_ascii_digit((unsigned char)c->s[j]) || c->s[j] == '_')) j++;
        if (j == i + 2 || !starts(c->s, c->n, j, "##")) continue;
        hit(c, &done, code, i, j + 2, 0, 0,
            "The marker “%s” of a document download site (where its paywall begins or ends) is in the text; delete it.", 0);
        i = j + 1;
    }
    run_phrases(c, code, advert_rules, sizeof advert_rules / sizeof *advert_rules, true);
}

static void check_artifacts(ctx *c)
{
    run_phrases(c, "TEXT.artifact", artifact_rules, sizeof artifact_rules / sizeof *artifact_rules, false);
    /* invisible and broken characters, one finding per kind */
    static const struct { uint32_t lo, hi; int kind; } ranges[] = {
        {0xFFFD, 0xFFFD, 0}, {0x200B, 0x200D, 1}, {0x2060, 0x2060, 1}, {0xFEFF, 0xFEFF, 1},
        {0xE000, 0xF8FF, 2}, {0xF0000, 0xFFFFD, 2}, {0x100000, 0x10FFFD, 2},
    };
    static const char *const msgs[] = {
        N_("“%s” contains U+%04X, the replacement character left where a character could not be converted; retype the character that was lost."),
        N_("“%s” contains the invisible character U+%04X (a zero-width space or byte-order mark from copying); delete it."),
        N_("“%s” contains U+%04X, a private-use character (a symbol font or a converter's placeholder) that no font prints reliably; replace it with the character meant."),
    };
    bool done[3] = {false, false, false};
    for (size_t i = 0; i < c->n;) {
        uint32_t cp;
        size_t l = cp_at(c->s, c->n, i, &cp);
        for (size_t r = 0; r < sizeof ranges / sizeof *ranges; r++)
            if (cp >= ranges[r].lo && cp <= ranges[r].hi)   /* claim the character only: a neighbour of another kind still reports */
                hit_ex(c, &done[ranges[r].kind], "TEXT.artifact", i, i + l, 4, 4, msgs[ranges[r].kind], (int)cp, false);
        i += l;
    }
}

/* An optional "2023年" at i (with spaces); sets *year (0 if none). */
static size_t opt_year(const ctx *c, size_t i, int *year)
{
    int y;
    size_t e;
    *year = 0;
    if (parse_num(c->s, c->n, i, 4, &y, &e) && y >= 1900) {
        size_t k = skip_spaces(c->s, c->n, e);
        if (starts(c->s, c->n, k, "年")) { *year = y; return skip_spaces(c->s, c->n, k + 3); }
    }
    return i;
}

/* A month number at i followed by 月 (spaces allowed); returns the end
 * after 月, or NPOS. */
static size_t month_at(const ctx *c, size_t i, int *month)
{
    size_t e;
    if (!parse_num(c->s, c->n, i, 2, month, &e)) return NPOS;
    e = skip_spaces(c->s, c->n, e);
    return starts(c->s, c->n, e, "月") ? e + 3 : NPOS;
}

static bool other_year(const ctx *c, int y) { return y && c->year > 0 && y != c->year; }

static bool is_range_sep(const ctx *c, size_t i, size_t *end)
{
    static const char *const seps[] = {"——", "－－", "--", "-", "－", "—", "–", "~", "～", "至", "到"};
    for (size_t k = 0; k < sizeof seps / sizeof *seps; k++)
        if (starts(c->s, c->n, i, seps[k])) { *end = i + strlen(seps[k]); return true; }
    return false;
}

static void check_cutoff(ctx *c)
{
    const char *code = "TEXT.cutoff";
    /* 截止/截至(到/至) [2023年] 10月 */
    bool done = false;
    for (size_t i = 0; i < c->n; i++) {
        if (!starts(c->s, c->n, i, "截止") && !starts(c->s, c->n, i, "截至")) continue;
        size_t j = i + 6;
        if (starts(c->s, c->n, j, "到") || starts(c->s, c->n, j, "至") || starts(c->s, c->n, j, "于")) j += 3;
        int y, m;
        j = opt_year(c, skip_spaces(c->s, c->n, j), &y);
        size_t e = month_at(c, j, &m);
        if (e == NPOS || m < 1 || m > 11 || other_year(c, y)) continue;
        hit(c, &done, code, i, e, 0, 4, MSG_CUTOFF, 0);
    }
    /* 1-10月, 1－10月份, 1月至10月, 一至十月 */
    done = false;
    uint32_t prev = 0;
    for (size_t i = 0; i < c->n;) {
        uint32_t cp;
        size_t l = cp_at(c->s, c->n, i, &cp);
        int m1, m2;
        size_t e, sep;
        if (is_numeral(cp) && !is_numeral(prev) && prev != '.' && parse_num(c->s, c->n, i, 2, &m1, &e) && m1 == 1) {
            if (starts(c->s, c->n, e, "月")) e += 3;
            if (starts(c->s, c->n, e, "份")) e += 3;
            e = skip_spaces(c->s, c->n, e);
            if (is_range_sep(c, e, &sep)) {
                size_t me = month_at(c, skip_spaces(c->s, c->n, sep), &m2);
                if (me != NPOS && m2 >= 2 && m2 <= 11) {
                    hit(c, &done, code, i, me, 0, 1, MSG_CUTOFF, 0);
                    prev = 0;
                    i = me;
                    continue;
                }
            }
        }
        prev = cp;
        i += l;
    }
    /* 前三季度; 三季度 after 截止/截至/到/至 (第三季度 on its own is a quarter, not a cut-off) */
    done = false;
    for (size_t i = find(c->s, c->n, 0, "三季度"); i != NPOS; i = find(c->s, c->n, i + 9, "三季度")) {
        size_t a = i;
        if (a >= 3 && starts(c->s, c->n, a - 3, "第")) a -= 3;
        bool cut = false;
        if (a >= 3 && (starts(c->s, c->n, a - 3, "前") || starts(c->s, c->n, a - 3, "至") || starts(c->s, c->n, a - 3, "到"))) {
            cut = true;
            a -= 3;
        }
        if (a >= 6 && (starts(c->s, c->n, a - 6, "截止") || starts(c->s, c->n, a - 6, "截至"))) {
            cut = true;
            a -= 6;
        }
        if (cut) hit(c, &done, code, a, i + 9, 0, 1, MSG_CUTOFF, 0);
    }
    /* future tense: 预计[于/在…][2023年]11月…, 年底前将 */
    done = false;
    for (size_t i = find(c->s, c->n, 0, "预计"); i != NPOS; i = find(c->s, c->n, i + 6, "预计")) {
        size_t j = i + 6;
        for (int k = 0; k < 3 && j < c->n; k++) {
            uint32_t cp;
            size_t l = cp_at(c->s, c->n, j, &cp);
            if (is_numeral(cp) || is_clause_end(cp)) break;
            j += l;
        }
        int y, m;
        j = opt_year(c, j, &y);
        size_t e = month_at(c, j, &m);
        if (e == NPOS || m < 1 || m > 12 || other_year(c, y)) continue;
        hit(c, &done, code, i, e, 0, 6, MSG_FUTURE, 0);
    }
    run_phrases(c, code, future_rules, sizeof future_rules / sizeof *future_rules, false);
}

/* A number directly followed by 万 and then punctuation or the end: an
 * amount without 元.  Counts (万人, 万户 …) are followed by their unit and so
 * are not matched; a bare count (人口约50万，) is told apart by the words
 * of its clause. */
static const char *const money_words[] = {
    "元", "金", "款", "费", "预算", "支出", "收入", "拨付", "发放", "补助", "补贴", "销售", "投入", "安排", "筹集", "结余", "结转",
};
static const char *const count_words[] = {
    "人", "户", "次", "亩", "平方", "字", "册", "件", "床", "份", "游客", "张",
};

static bool is_unit_follow(uint32_t c)
{
    return c == 0 || is_clause_end(c) || is_space(c) || c == 0x3001 /* 、 */ || c == 0xFF1A /* ： */ ||
           c == 0xFF09 || c == ')' || c == 0x201D || c == 0x300D || c == 0x3011 || c == ',' || c == '.' ;
}

static void check_units(ctx *c)
{
    bool done = false;
    for (size_t i = find(c->s, c->n, 0, "万"); i != NPOS; i = find(c->s, c->n, i + 3, "万")) {
        if (i == 0) continue;
        uint32_t next = 0, cp;
        if (i + 3 < c->n) cp_at(c->s, c->n, i + 3, &next);
        if (!is_unit_follow(next)) continue;
        /* the number before */
        size_t a = i;
        bool dec = false, digits = false;
        while (a > 0) {
            size_t p = cp_back(c->s, a, &cp);
            if (is_digit(cp)) digits = true;
            else if (cp == '.' || cp == 0xFF0E) dec = true;
            else if (cp != ',') break;
            a = p;
        }
        if (!digits) continue;
        /* its clause */
        size_t cl = a;
        for (int k = 0; cl > 0 && k < 24; k++) {
            size_t p = cp_back(c->s, cl, &cp);
            if (is_clause_end(cp) || cp == 0xFF1A) break;
            cl = p;
        }
        bool money = false, count = false;
        for (size_t w = 0; w < sizeof money_words / sizeof *money_words && !money; w++)
            money = contains(c->s, cl, a, money_words[w]);
        for (size_t w = 0; w < sizeof count_words / sizeof *count_words && !count; w++)
            count = contains(c->s, cl, a, count_words[w]);
        if (!money && (count || !dec)) continue;
        hit(c, &done, "TEXT.unit", a, i + 3, 4, 0,
            "The amount “%s” is given in 万 without 元; write 万元 (or the unit that is meant, e.g. 万人次).", 0);
    }
}

/* Delimiters of the items of a 、 list. */
static bool is_item_delim(uint32_t c)
{
    return c == 0 || is_clause_end(c) || is_space(c) || c == 0x3001 || c == 0xFF1A || c == ':' ||
           c == 0xFF08 || c == 0xFF09 || c == '(' || c == ')' || c == 0x201C || c == 0x201D ||
           c == 0x2018 || c == 0x2019 || c == 0x300A || c == 0x300B || c == 0x3010 || c == 0x3011 || c == ',';
}

static void check_repeats(ctx *c)
{
    const char *code = "TEXT.repeat";
    run_phrases(c, code, punct_rules, sizeof punct_rules / sizeof *punct_rules, false);

    /* 儿童、儿童…: the whole item before 、 starts the item after it */
    bool done = false;
    for (size_t i = find(c->s, c->n, 0, "、"); i != NPOS; i = find(c->s, c->n, i + 3, "、")) {
        size_t a = i;
        int len = 0;
        uint32_t cp;
        while (a > 0 && len <= 8) {
            size_t p = cp_back(c->s, a, &cp);
            if (is_item_delim(cp)) break;
            a = p;
            len++;
        }
        if (len < 2 || len > 8) continue;
        if (i + 3 + (i - a) > c->n || memcmp(c->s + a, c->s + i + 3, i - a) != 0) continue;
        char *word = xstrndup(c->s + a, i - a);
        hit_word(c, &done, code, a, i + 3 + (i - a), 2, 4,
                 "In “%s” the word “%s” is repeated; delete the repeated word or add the item that is missing.", word);
        free(word);
    }

    /* 石峰区区民政局: 区/县/市 doubled before the name of an office */
    static const char *const doubled[] = {"区区", "县县", "市市"};
    static const char *const offices[] = {"民政局", "人民政府", "财政局", "委员会"};
    done = false;
    for (size_t d = 0; d < sizeof doubled / sizeof *doubled; d++)
        for (size_t i = find(c->s, c->n, 0, doubled[d]); i != NPOS; i = find(c->s, c->n, i + 3, doubled[d]))
            for (size_t o = 0; o < sizeof offices / sizeof *offices; o++)
                if (starts(c->s, c->n, i + 6, offices[o]))
                    hit(c, &done, code, i, i + 6 + strlen(offices[o]), 4, 0,
                        "“%s” has 区, 县 or 市 twice before the name of the office; write it once.", 0);
}

/* ---- rules from the rules files (易混词, 过时用语, 重叠, 届次) ---- */

/* Quote marks and spaces between a pattern and its context do not count:
 * “十四五”开局 has 开局 right after 十四五. */
static bool is_quote_or_space(uint32_t c)
{
    return is_space(c) || c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == '"' || c == '\'' ||
           c == 0x300C || c == 0x300D || c == 0x300E || c == 0x300F || c == 0x300A || c == 0x300B;
}

static size_t skip_quotes_fwd(const ctx *c, size_t i)
{
    while (i < c->n) {
        uint32_t cp;
        size_t l = cp_at(c->s, c->n, i, &cp);
        if (!is_quote_or_space(cp)) break;
        i += l;
    }
    return i;
}

static size_t skip_quotes_back(const ctx *c, size_t i)
{
    while (i > 0) {
        uint32_t cp;
        size_t j = cp_back(c->s, i, &cp);
        if (!is_quote_or_space(cp)) break;
        i = j;
    }
    return i;
}

static bool ends_with_any(const ctx *c, size_t end, const rule_texts *t)
{
    for (size_t k = 0; k < t->n; k++) {
        size_t l = strlen(t->v[k]);
        if (l <= end && !memcmp(c->s + end - l, t->v[k], l)) return true;
    }
    return false;
}

static bool starts_with_any(const ctx *c, size_t at, const rule_texts *t)
{
    for (size_t k = 0; k < t->n; k++)
        if (starts(c->s, c->n, at, t->v[k])) return true;
    return false;
}

static bool is_sentence_end(uint32_t c)
{
    return c == '\n' || c == 0x3002 || c == 0xFF1B || c == 0xFF01 || c == 0xFF1F || c == ';' || c == '!' || c == '?';
}

/* The sentence around [a, b), at most 200 code points each way. */
static void sentence_of(const ctx *c, size_t a, size_t b, size_t *sa, size_t *sb)
{
    size_t i = a;
    for (int k = 0; i > 0 && k < 200; k++) {
        uint32_t cp;
        size_t j = cp_back(c->s, i, &cp);
        if (is_sentence_end(cp)) break;
        i = j;
    }
    size_t e = b;
    for (int k = 0; e < c->n && k < 200; k++) {
        uint32_t cp;
        size_t l = cp_at(c->s, c->n, e, &cp);
        if (is_sentence_end(cp)) break;
        e += l;
    }
    *sa = i;
    *sb = e;
}

static bool any_within(const ctx *c, size_t a, size_t b, const rule_texts *t)
{
    for (size_t k = 0; k < t->n; k++)
        if (contains(c->s, a, b, t->v[k])) return true;
    return false;
}

static bool context_ok(const ctx *c, const rule *r, size_t a, size_t b)
{
    size_t pa = skip_quotes_back(c, a), pb = skip_quotes_fwd(c, b);
    if (ends_with_any(c, a, &r->before_not) || ends_with_any(c, pa, &r->before_not)) return false;
    if (starts_with_any(c, b, &r->after_not) || starts_with_any(c, pb, &r->after_not)) return false;
    if (r->before.n && !ends_with_any(c, a, &r->before) && !ends_with_any(c, pa, &r->before)) return false;
    if (r->after.n && !starts_with_any(c, b, &r->after) && !starts_with_any(c, pb, &r->after)) return false;
    if (r->clause_has.n || r->clause_not.n) {
        size_t sa, sb;
        sentence_of(c, a, b, &sa, &sb);
        if (r->clause_has.n && !any_within(c, sa, sb, &r->clause_has)) return false;
        if (r->clause_not.n && any_within(c, sa, sb, &r->clause_not)) return false;
    }
    return true;
}

/* A year "2022年" in the 16 code points before i, in the same clause: the
 * event is then that year's, not the report year's. */
static int year_before(const ctx *c, size_t i)
{
    size_t j = i;
    for (int k = 0; j > 0 && k < 16; k++) {
        uint32_t cp;
        size_t p = cp_back(c->s, j, &cp);
        if (is_clause_end(cp)) break;
        j = p;
        if (starts(c->s, c->n, j, "年") && j >= 4) {
            size_t d = j;
            int y = 0, nd = 0, mul = 1;
            while (d > 0 && nd < 4) {
                uint32_t dc;
                size_t q = cp_back(c->s, d, &dc);
                if (!is_digit(dc)) break;
                y += digit_val(dc) * mul;
                mul *= 10;
                nd++;
                d = q;
            }
            if (nd == 4) return y;
        }
    }
    return 0;
}

static void cn_number(int v, char *out, size_t cap)
{
    static const char *const d[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (v <= 0 || v >= 100) { snprintf(out, cap, "%d", v); return; }
    if (v < 10) snprintf(out, cap, "%s", d[v]);
    else snprintf(out, cap, "%s十%s", v / 10 > 1 ? d[v / 10] : "", d[v % 10]);
}

#define MSG_ORDINAL N_("In “%s” the ordinal is wrong: the first %s was held in %d, so the one of %d is “%s”; correct the number.")

/* 第N个/届/次 before the name, or the name then N周年. */
static void check_event(ctx *c, const rule *r, size_t a, size_t b, bool *done)
{
    if (c->year <= 0 || *done) return;
    bool after = !strcmp(r->unit, "周年");
    size_t na, nb;      /* the number's bytes */
    size_t fa, fb;      /* the whole finding */
    int n = 0;
    bool chinese;
    if (after) {
        na = skip_spaces(c->s, c->n, b);
        if (!parse_num(c->s, c->n, na, 3, &n, &nb)) return;
        size_t u = skip_spaces(c->s, c->n, nb);
        if (!starts(c->s, c->n, u, "周年")) return;
        fa = a;
        fb = u + strlen("周年");
    } else {
        /* back over quotes and at most 4 other characters (全国, 中国) to the unit */
        size_t j = skip_quotes_back(c, a), ue = NPOS;
        for (int k = 0; j > 0 && k < 5; k++) {
            size_t ul = strlen(r->unit);
            if (j >= ul && !memcmp(c->s + j - ul, r->unit, ul)) { ue = j - ul; break; }
            uint32_t cp;
            size_t p = cp_back(c->s, j, &cp);
            if (is_clause_end(cp) || is_numeral(cp)) return;
            j = p;
        }
        if (ue == NPOS) return;
        nb = ue;
        na = ue;
        while (na > 0) {
            uint32_t cp;
            size_t p = cp_back(c->s, na, &cp);
            if (!is_numeral(cp)) break;
            na = p;
        }
        if (na == nb || na < 3 || !starts(c->s, c->n, na - 3, "第")) return;
        size_t e;
        if (!parse_num(c->s, c->n, na, 3, &n, &e) || e != nb) return;
        fa = na - 3;
        fb = b;
    }
    uint32_t first;
    cp_at(c->s, c->n, na, &first);
    chinese = !is_digit(first);
    int ref = year_before(c, fa);
    if (!ref) ref = c->year;
    int want = after ? ref - r->first_year : ref - r->first_year + 1;
    if (want < 1 || n == want) return;
    char num[16], right[64];
    if (chinese) cn_number(want, num, sizeof num);
    else snprintf(num, sizeof num, "%d", want);
    if (after) snprintf(right, sizeof right, "%.*s%s周年", (int)(b - a), c->s + a, num);
    else snprintf(right, sizeof right, "第%s%s", num, r->unit);
    bool skip = overlaps_claim(c, r->code, fa, fb);
    size_t qa, qb;
    char *frag = quote(c, fa, fb, 0, 0, &qa, &qb, !skip);
    add_claim(c, r->code, fa, fb);
    if (!skip) {
        *done = true;
        if (after)
            diag_add(c->diags, r->sev, loc_of(c, fa), "TEXT.ordinal",
                     N_("In “%s” the anniversary is wrong: %s was in %d, so in %d it is “%s”; correct the number."),
                     frag, r->wrong, r->first_year, ref, right);
        else
            diag_add(c->diags, r->sev, loc_of(c, fa), "TEXT.ordinal", MSG_ORDINAL, frag, r->wrong, r->first_year, ref, right);
    }
    free(frag);
}

#define TEXT_MAX_MATCHES 4096   /* rule matches examined per text value */

static int match_cmp(const void *x, const void *y)
{
    const rule_match *a = x, *b = y;
    if (a->a != b->a) return a->a < b->a ? -1 : 1;
    if (a->b != b->b) return a->b > b->b ? -1 : 1;   /* longer first */
    return a->r < b->r ? -1 : a->r > b->r;
}

static void report_rule(ctx *c, const rule *r, size_t a, size_t b)
{
    size_t qa, qb;
    char *frag = quote(c, a, b, 4, 4, &qa, &qb, true);
    add_claim(c, r->code, a, b);
    diag_loc loc = loc_of(c, a);
    if (!strcmp(r->code, "TEXT.stale")) {
        if (r->right && r->note)
            diag_add(c->diags, r->sev, loc, "TEXT.stale", N_("In “%s”, “%s” is out of date in a report for %d (%s); write “%s” instead."),
                     frag, r->wrong, c->year, r->note, r->right);
        else if (r->right)
            diag_add(c->diags, r->sev, loc, "TEXT.stale", N_("In “%s”, “%s” is out of date in a report for %d; write “%s” instead."),
                     frag, r->wrong, c->year, r->right);
        else
            diag_add(c->diags, r->sev, loc, "TEXT.stale", N_("In “%s”, “%s” is out of date in a report for %d (%s); reword it."),
                     frag, r->wrong, c->year, r->note ? r->note : "");
    } else if (!strcmp(r->code, "TEXT.double")) {
        diag_add(c->diags, r->sev, loc, "TEXT.double", N_("In “%s”, “%s” has a character typed twice; write “%s”."),
                 frag, r->wrong, r->right ? r->right : "");
    } else if (r->right && r->note) {
        diag_add(c->diags, r->sev, loc, "TEXT.confusable", N_("In “%s”, “%s” should be “%s” (%s)."), frag, r->wrong, r->right, r->note);
    } else if (r->right) {
        diag_add(c->diags, r->sev, loc, "TEXT.confusable", N_("In “%s”, “%s” should be “%s”."), frag, r->wrong, r->right);
    } else {
        diag_add(c->diags, r->sev, loc, "TEXT.confusable", N_("In “%s”, “%s” is a common miswriting (%s); check the wording."),
                 frag, r->wrong, r->note ? r->note : "");
    }
    free(frag);
}

static void check_rules(ctx *c)
{
    if (!c->rules) return;
    static _Thread_local rule_match buf[TEXT_MAX_MATCHES];
    size_t n = rule_set_match(c->rules, c->s, c->n, buf, TEXT_MAX_MATCHES);
    if (n > TEXT_MAX_MATCHES) n = TEXT_MAX_MATCHES;
    qsort(buf, n, sizeof *buf, match_cmp);
    /* each rule once per value: remember the ones that reported */
    const rule *seen[256];
    size_t nseen = 0;
    for (size_t i = 0; i < n; i++) {
        const rule *r = buf[i].r;
        bool done = false;
        for (size_t k = 0; k < nseen && !done; k++) done = seen[k] == r;
        if (done) continue;
        if (!rule_applies(r, c->year)) continue;
        if (r->kind == RULE_EVENT) {
            check_event(c, r, buf[i].a, buf[i].b, &done);
        } else {
            if (overlaps_claim(c, r->code, buf[i].a, buf[i].b)) continue;
            if (!context_ok(c, r, buf[i].a, buf[i].b)) continue;
            report_rule(c, r, buf[i].a, buf[i].b);
            done = true;
        }
        if (done && nseen < sizeof seen / sizeof *seen) seen[nseen++] = r;
    }
}

/* ---- words repeated close together ---- */

static bool is_han(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x3134F);
}

/* Byte offsets of up to max Han code points from i; returns how many. */
static int han_run(const ctx *c, size_t i, size_t *ends, int max)
{
    int k = 0;
    while (k < max && i < c->n) {
        uint32_t cp;
        size_t l = cp_at(c->s, c->n, i, &cp);
        if (!is_han(cp)) break;
        i += l;
        ends[k++] = i;
    }
    return k;
}

static bool clause_start(const ctx *c, size_t i)
{
    if (i == 0) return true;
    uint32_t cp;
    cp_back(c->s, i, &cp);
    return is_clause_end(cp) || cp == 0x3001 || cp == 0xFF1A || cp == ':' || is_space(cp) || cp == 0x201C;
}

#define NEAR_MIN 4      /* code points of a phrase that must not come back close by */
#define NEAR_GAP 10     /* "close by": at most this many code points between */

static void check_near_repeats(ctx *c)
{
    const char *code = "TEXT.repeat";
    bool done_adj = false, done_near = false;
    for (size_t i = 0; i < c->n;) {
        uint32_t cp;
        size_t l = cp_at(c->s, c->n, i, &cp);
        if (!is_han(cp)) { i += l; continue; }
        size_t ends[17];
        int run = han_run(c, i, ends, 16);
        /* back to back: 我局我局, 进一步进一步 (not 一步一步, 研究研究) */
        bool hit_here = false;
        for (int L = run / 2 > 8 ? 8 : run / 2; L >= 2 && !done_adj; L--) {
            size_t len = ends[L - 1] - i;
            if (memcmp(c->s + i, c->s + i + len, len)) continue;
            if (starts(c->s, c->n, i, "一") || rule_set_repeat_ok(c->rules, c->s + i, 2 * len)) break;
            char *word = xstrndup(c->s + i, len);
            hit_word(c, &done_adj, code, i, i + 2 * len, 2, 2,
                     N_("In “%s”, “%s” is written twice in a row; delete one."), word);
            free(word);
            hit_here = true;
            break;
        }
        /* a clause that starts with a phrase which comes back a few
         * characters later, not at a clause start (今年以来，全镇今年以来);
         * parallel clauses (加强…，加强…) start at clause starts and pass */
        if (!hit_here && !done_near && run >= NEAR_MIN && clause_start(c, i)) {
            size_t plen = ends[NEAR_MIN - 1] - i;
            size_t j = ends[NEAR_MIN - 1];
            bool comma = false;
            for (int k = 0; j < c->n && k <= NEAR_GAP; k++) {
                uint32_t d;
                size_t m = cp_at(c->s, c->n, j, &d);
                if (is_sentence_end(d)) break;
                if (d == 0xFF0C || d == ',') {
                    /* …，或都放在… / …，并且…: a conjunction makes it a parallel clause */
                    static const char *const conj[] = {"或", "并", "也", "还", "又", "且", "而", "既", "都", "再", "以及",
                                                       "和", "同时", "但", "不仅", "更", "要", "应", "均", "即"};
                    bool par = false;
                    for (size_t q = 0; q < sizeof conj / sizeof *conj && !par; q++)
                        par = starts(c->s, c->n, j + m, conj[q]);
                    if (par) break;
                    comma = true;
                }
                if (comma && !clause_start(c, j) && j + plen <= c->n && !memcmp(c->s + i, c->s + j, plen)) {
                    size_t e1 = ends[NEAR_MIN - 1], e2 = j + plen;
                    /* the whole repeated phrase */
                    while (e1 < j && e2 < c->n) {
                        uint32_t x, y;
                        size_t lx = cp_at(c->s, c->n, e1, &x);
                        cp_at(c->s, c->n, e2, &y);
                        if (x != y || !is_han(x)) break;
                        e1 += lx;
                        e2 += lx;
                    }
                    char *word = xstrndup(c->s + i, e1 - i);
                    hit_word(c, &done_near, code, i, e2, 0, 2,
                             N_("In “%s”, “%s” is written twice close together; delete the repeated words."), word);
                    free(word);
                    break;
                }
                j += m;
            }
        }
        i += l;
    }
}

/* ---- enumerations ---- */

/* The marker at i, if any: its family, number, style and end. */
static bool marker_at(const ctx *c, size_t i, int *fam, int *num, int *style, size_t *end)
{
    uint32_t cp, prev = 0;
    if (i > 0) cp_back(c->s, i, &prev);
    bool strong = i == 0 || prev == '\n' || prev == 0x3002 || prev == 0xFF1B || prev == 0xFF1A || prev == ':' ||
                  prev == 0xFF01 || prev == 0xFF1F || is_space(prev);
    bool weak = strong || prev == 0xFF0C || prev == ',';
    size_t l = cp_at(c->s, c->n, i, &cp);
    size_t e;
    int n;
    if (!weak) return false;
    if (cn_digit(cp) > 0 || cp == 0x5341) {
        if (!parse_num(c->s, c->n, i, 2, &n, &e) || n > 30) return false;
        if (starts(c->s, c->n, e, "是")) {
            *fam = F_SHI; *num = n; *style = 0; *end = e + 3;
            /* 一是一，二是二 and 一是…的 sayings are rare; 是 must be followed by a Chinese character */
            uint32_t nx = 0;
            cp_at(c->s, c->n, e + 3, &nx);
            return is_han(nx);
        }
        if (strong && starts(c->s, c->n, e, "、")) {
            uint32_t nx = 0;   /* 一、二级医院 is a range, not a heading */
            cp_at(c->s, c->n, e + 3, &nx);
            if (cn_digit(nx) >= 0 || nx == 0x5341) return false;
            *fam = F_DUN; *num = n; *style = 0; *end = e + 3;
            return true;
        }
        return false;
    }
    if (cp == 0xFF08 || cp == '(') {
        size_t j = i + l;
        uint32_t d;
        cp_at(c->s, c->n, j, &d);
        if (!parse_num(c->s, c->n, j, 2, &n, &e)) return false;
        if (!starts(c->s, c->n, e, "）") && !starts(c->s, c->n, e, ")")) return false;
        if (!strong) return false;
        *fam = is_digit(d) ? F_ARABP : F_PAREN;
        *num = n;
        *style = 0;
        *end = e + (c->s[e] == ')' ? 1 : 3);
        return true;
    }
    if (is_digit(cp) && strong) {
        if (!parse_num(c->s, c->n, i, 2, &n, &e)) return false;
        uint32_t d = 0, nx = 0;
        size_t dl = cp_at(c->s, c->n, e, &d);
        cp_at(c->s, c->n, e + dl, &nx);
        int st = d == '.' ? 1 : d == 0xFF0E ? 2 : d == 0x3001 ? 3 : (d == ')' || d == 0xFF09) ? 4 : 0;
        if (!st || is_digit(nx) || nx == '%' || nx == 0xFF05) return false;
        if (!is_han(nx) && !is_space(nx) && nx != 0x201C) return false;
        if (st == 4) { *fam = F_ARABP; *style = 1; }
        else { *fam = F_ARAB; *style = st; }
        *num = n;
        *end = e + dl;
        return true;
    }
    if (cp == 0x7B2C /* 第 */ && strong) {
        if (!parse_num(c->s, c->n, i + 3, 2, &n, &e)) return false;
        uint32_t d0;
        cp_at(c->s, c->n, i + 3, &d0);
        if (is_digit(d0)) return false;
        if (!starts(c->s, c->n, e, "，") && !starts(c->s, c->n, e, "、") && !starts(c->s, c->n, e, "是")) return false;
        *fam = F_DI; *num = n; *style = 0; *end = e + 3;
        return true;
    }
    if (strong || weak) {
        static const char *const seq[] = {"首先", "其次", "再次", "最后"};
        for (int k = 0; k < 4; k++)
            if (starts(c->s, c->n, i, seq[k])) {
                uint32_t nx = 0;
                cp_at(c->s, c->n, i + 6, &nx);
                if (nx != 0xFF0C && nx != ',' && !is_han(nx)) return false;
                *fam = F_SEQ; *num = k == 3 ? 99 : k + 1; *style = 0; *end = i + 6;
                return true;
            }
    }
    return false;
}

#define TEXT_MAX_ENUM_FINDINGS 4    /* numbering findings per text value */

static void check_enum(ctx *c)
{
    text_scope *sc = c->scope;
    const char *code = "TEXT.enum";
    int found = 0;
    for (size_t i = 0; i < c->n && found < TEXT_MAX_ENUM_FINDINGS;) {
        uint32_t cp;
        size_t l = cp_at(c->s, c->n, i, &cp);
        int fam, n, style;
        size_t e;
        if (!marker_at(c, i, &fam, &n, &style, &e)) { i += l; continue; }
        char text[24];
        size_t tl = e - i < sizeof text - 1 ? e - i : sizeof text - 1;
        memcpy(text, c->s + i, tl);
        text[tl] = 0;
        /* a marker of a higher level opens new sub-lists: 3、… 一是… 二是… 4、… 一是… */
        static const int level[NFAM] = {4, 1, 0, 4, 2, 3, 4};
        for (int g = 0; g < NFAM; g++)
            if (level[g] > level[fam]) sc->last[g] = 0;
        int last = sc->last[fam];
        bool same_value = sc->last_value[fam] == sc->value;
        const char *fmt = NULL;
        if (fam == F_SEQ) {
            if (n == 99) { sc->last[fam] = 0; i = e; continue; }   /* 最后 closes the list */
            if (last == 0 && n > 1) fmt = N_("In “%s”, “%s” has no 首先 before it; start the list with 首先 or reword it.");
            else if (last && n <= last) fmt = N_("In “%s”, “%s” comes again after “%s”; number the items in order.");
        } else if (last == 0) {
            /* 一是 run into the text before it (…发展一是…) still opens the list */
            char prevm[16];
            cn_number(n - 1, prevm, sizeof prevm);
            strcat(prevm, fam == F_SHI ? "是" : "");
            size_t from = i > 600 ? i - 600 : 0;   /* a bounded look back keeps a hostile value linear */
            bool earlier = fam == F_SHI && find(c->s, i, from, prevm) != NPOS;
            if (n > 1 && !earlier && fam != F_DUN && fam != F_PAREN && fam != F_ARAB && fam != F_ARABP)
                fmt = N_("In “%s”, the numbering starts at “%s”; add the items before it, or number from the first.");
        } else if (n == last + 1) {
            if (sc->style[fam] != style && fam == F_ARAB)
                fmt = N_("In “%s”, the number “%s” is written differently from “%s” before it; write every item of the list the same way.");
        } else if (n == 1) {
            if (same_value && fam != F_ARAB && fam != F_ARABP)
                fmt = N_("In “%s”, the numbering starts again at “%s” after “%s” in the same paragraph; continue the numbering, or start a new paragraph.");
            else last = 0;
        } else if (n == last) {
            fmt = N_("In “%s”, “%s” comes again after “%s”; number the items in order.");
        } else {
            fmt = N_("In “%s”, “%s” follows “%s”: an item is missing or the numbering is out of order; number the items in order.");
        }
        if (fmt) {
            size_t qa, qb;
            char *frag = quote(c, i, e, 0, 8, &qa, &qb, true);
            diag_add(c->diags, DIAG_WARNING, loc_of(c, i), code, fmt, frag, text, sc->last_text[fam]);
            free(frag);
            found++;
        }
        if (last == 0 || n == 1) sc->style[fam] = style;
        sc->last[fam] = n;
        sc->last_value[fam] = sc->value;
        memcpy(sc->last_text[fam], text, tl + 1);
        i = e;
    }
}

/* ---- the same sentence twice in a section ---- */

#define SENT_MIN 8      /* code points: shorter sentences (无。) may well repeat */

/* The sentence's start after a leading marker (一是, （一）, 1.) and spaces. */
static size_t sentence_body(const ctx *c, size_t a, size_t b)
{
    a = skip_spaces(c->s, b, a);
    int fam, n, style;
    size_t e;
    if (a < b && marker_at(c, a, &fam, &n, &style, &e) && e <= b) {
        a = e;
        if (starts(c->s, b, a, "，")) a += 3;
    }
    return skip_spaces(c->s, b, a);
}

static void sent_insert(text_scope *sc, uint64_t h, const char *s, size_t n)
{
    if ((sc->nsent + 1) * 2 > sc->capsent) {
        size_t oc = sc->capsent;
        __typeof__(sc->sent) old = sc->sent;
        sc->capsent = oc ? 2 * oc : 64;
        sc->sent = xcalloc(sc->capsent, sizeof *sc->sent);
        sc->nsent = 0;
        for (size_t i = 0; i < oc; i++) if (old[i].s) sent_insert(sc, old[i].h, old[i].s, old[i].n);
        free(old);
    }
    size_t mask = sc->capsent - 1;
    size_t i = h & mask;
    while (sc->sent[i].s) i = (i + 1) & mask;
    sc->sent[i].h = h;
    sc->sent[i].s = s;
    sc->sent[i].n = n;
    sc->nsent++;
}

static bool sent_seen(const text_scope *sc, uint64_t h, const char *s, size_t n)
{
    if (!sc->capsent) return false;
    size_t mask = sc->capsent - 1;
    for (size_t i = h & mask; sc->sent[i].s; i = (i + 1) & mask)
        if (sc->sent[i].h == h && sc->sent[i].n == n && !memcmp(sc->sent[i].s, s, n)) return true;
    return false;
}

static void check_sentences(ctx *c)
{
    bool done = false;
    size_t a = 0;
    while (a < c->n) {
        size_t b = a;
        uint32_t cp = 0;
        while (b < c->n) {
            size_t l = cp_at(c->s, c->n, b, &cp);
            if (is_sentence_end(cp)) break;
            b += l;
        }
        size_t body = sentence_body(c, a, b);
        if (body < b && utf8_length(c->s + body, b - body) >= SENT_MIN) {
            uint64_t h = hash_fnv1a(c->s + body, b - body);
            if (sent_seen(c->scope, h, c->s + body, b - body)) {
                if (!done) {
                    size_t qa, qb;
                    char *frag = quote(c, body, b, 0, 0, &qa, &qb, true);
                    if (utf8_length(frag, strlen(frag)) > 30) {   /* a long sentence: its start is enough */
                        size_t cut = 0;
                        for (int k = 0; k < 24; k++) { uint32_t x; cut += cp_at(frag, strlen(frag), cut, &x); }
                        frag[cut] = 0;
                        char *f2 = xasprintf("%s…", frag);
                        free(frag);
                        frag = f2;
                    }
                    diag_add(c->diags, DIAG_WARNING, loc_of(c, body), "TEXT.sentence-twice",
                             N_("The sentence “%s” is written twice in this section; delete one of them."), frag);
                    free(frag);
                    done = true;
                }
            } else {
                sent_insert(c->scope, h, c->s + body, b - body);
            }
        }
        a = b < c->n ? b + (size_t)utf8_decode(c->s + b, c->n - b, &cp) : b;
        if (a == b) a++;
    }
}

/* ---- half-width punctuation between Chinese characters ---- */

static void check_halfwidth(ctx *c)
{
    static const char marks[] = ",;:?!()";
    static const char *const wide[] = {"，", "；", "：", "？", "！", "（", "）"};
    bool done[7] = {false};
    for (size_t i = 0; i < c->n; i++) {
        const char *m = strchr(marks, c->s[i]);
        if (!m || !c->s[i] || i == 0) continue;
        int k = (int)(m - marks);
        if (done[k]) continue;
        uint32_t prev, next = 0;
        cp_back(c->s, i, &prev);
        size_t j = skip_spaces(c->s, c->n, i + 1);
        if (j < c->n) cp_at(c->s, c->n, j, &next);
        bool ok;
        if (k >= 5) ok = is_han(prev) && is_han(next);
        else ok = is_han(prev) && (is_han(next) || (is_digit(next) && k == 2));
        if (!ok) continue;
        char mark[2] = {c->s[i], 0};
        size_t qa, qb;
        char *frag = quote(c, i, i + 1, 4, 4, &qa, &qb, true);
        diag_add(c->diags, DIAG_WARNING, loc_of(c, i), "TEXT.punct",
                 N_("In “%s”, the half-width “%s” stands between Chinese characters; write the full-width “%s”."),
                 frag, mark, wide[k]);
        free(frag);
        done[k] = true;
    }
}

static void check_value(const val_doc *doc, const val *v, int year, const rule_set *rules,
                        text_scope *scope, diag_list *diags)
{
    if (!v->u.str.s || !v->u.str.len || v->derived || v->line == 0) return;
    struct loc_cache lc = {0, 0, 0, -1};
    ctx c = {doc, v, v->u.str.s, v->u.str.len, year, rules, scope, diags, NULL, 0, 0, &lc};
    scope->value++;
    check_instructions(&c);
    check_placeholders(&c);
    check_adverts(&c);
    check_artifacts(&c);
    check_rules(&c);
    check_cutoff(&c);
    check_units(&c);
    check_repeats(&c);
    check_near_repeats(&c);
    check_enum(&c);
    check_sentences(&c);
    check_halfwidth(&c);
    free(c.claims);
}

static void scope_free(text_scope *sc) { free(sc->sent); }

typedef struct {
    const val_doc *doc;
    int year;
    const rule_set *rules;
    diag_list *diags;
} walker;

static void walk(const walker *w, const val *v, text_scope *scope);

static void walk_fresh(const walker *w, const val *v)
{
    text_scope sc;
    memset(&sc, 0, sizeof sc);
    walk(w, v, &sc);
    scope_free(&sc);
}

static void walk(const walker *w, const val *v, text_scope *scope)
{
    if (!v) return;
    switch (v->kind) {
    case VAL_STR: check_value(w->doc, v, w->year, w->rules, scope, w->diags); break;
    case VAL_LIST: {
        /* the list is one section: its paragraphs share numbering and
         * sentences; the 标题 of its items (an outline's sections) share
         * one heading sequence */
        text_scope paras, heads;
        memset(&paras, 0, sizeof paras);
        memset(&heads, 0, sizeof heads);
        for (size_t i = 0; i < v->u.list.n; i++) {
            const val *it = v->u.list.items[i];
            if (it && it->kind == VAL_MAP) {
                for (size_t k = 0; k < it->u.map.n; k++) {
                    if (!strcmp(it->u.map.keys[k], "标题") && it->u.map.vals[k] && it->u.map.vals[k]->kind == VAL_STR)
                        walk(w, it->u.map.vals[k], &heads);
                    else walk_fresh(w, it->u.map.vals[k]);
                }
            } else {
                walk(w, it, &paras);
            }
        }
        scope_free(&paras);
        scope_free(&heads);
        break;
    }
    case VAL_MAP:
        for (size_t i = 0; i < v->u.map.n; i++) walk_fresh(w, v->u.map.vals[i]);
        break;
    default: break;
    }
}

void model_text_check(const val_doc *doc, int year, const rule_set *rules, diag_list *diags)
{
    if (!doc || !diags) return;
    walker w = {doc, year, rules, diags};
    walk_fresh(&w, doc->root);
}
