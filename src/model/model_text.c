/* model_text — checks on the prose of a data file.
 *
 * Every check is a "pattern": either a row of one of the phrase tables
 * below (a literal substring with the message to give) or one of a few small
 * hand-written scanners over UTF-8 (placeholders, 【…】 brackets, ##…##
 * markers, invisible characters, month numbers, 万 amounts, 、 lists).
 * To add a phrase, add a row to the right table; nothing else changes.
 *
 * Each pattern reports at most once per text value (the first occurrence),
 * so a pasted page of junk gives a few findings, not hundreds; different
 * values each report.  Within one code, an occurrence that overlaps text an
 * earlier pattern already matched is not reported again (so "没有请写明"
 * does not also give "请写明"); a template instruction or an advert claims
 * the rest of its sentence, so the sentence is one finding.
 *
 * year <= 0 means the year is not known: the stale-term rules (which depend
 * on it) are skipped; the others apply.
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
#include "../core/i18n.h"
#include "../core/strbuf.h"
#include "../core/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NPOS ((size_t)-1)

/* ---- one value being checked ---- */

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
    diag_list *diags;
    claim *claims;
    size_t nclaims, capclaims;
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
    bool has_nl = memchr(c->s, '\n', c->n) != NULL;
    if (!has_nl) {
        loc.col = c->v->col + (c->v->quoted ? 1 : 0) + (int)utf8_length(c->s, off);
    } else if (c->v->quoted) {
        int nl = 0;
        for (size_t i = 0; i < off; i++) if (c->s[i] == '\n') nl++;
        loc.line = c->v->line + 1 + nl;
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

typedef struct {
    const char *pat;
    int min_year;                   /* stale in reports for this year and later */
    const char *unless_after[4];    /* not stale when followed by one of these */
    const char *msg;                /* %s: the fragment, %d: the report year */
} stale_rule;

static const stale_rule stale_rules[] = {
    {"十九大", 2023, {"以来", NULL},
     N_("“%s” refers to the 19th Party Congress, but the 20th was held in October 2022; a report for %d should refer to 党的二十大.")},
    {"十九届", 2023, {NULL},
     N_("“%s” refers to the 19th Central Committee, which the 20th replaced in October 2022; a report for %d should refer to 二十届.")},
    {"精准扶贫", 2021, {"成果", NULL},
     N_("“%s” is a task of the poverty campaign that ended in 2020; a report for %d should write the current task, 巩固拓展脱贫攻坚成果同乡村振兴有效衔接.")},
    {"精准脱贫", 2021, {"成果", NULL},
     N_("“%s” is a task of the poverty campaign that ended in 2020; a report for %d should write the current task, 巩固拓展脱贫攻坚成果同乡村振兴有效衔接.")},
    {"脱贫攻坚", 2021, {"成果", "全面胜利", "取得", NULL},
     N_("“%s” names 脱贫攻坚 as a current task, but the campaign ended in 2020; a report for %d should write 巩固拓展脱贫攻坚成果 (or 乡村振兴) instead.")},
    {"五保", 2015, {NULL},
     N_("“%s” uses the old term 五保; since 2014 it is 特困人员救助供养 (特困), so a report for %d should use that.")},
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

static void check_stale(ctx *c)
{
    if (c->year <= 0) return;   /* the year is not known */
    for (size_t r = 0; r < sizeof stale_rules / sizeof *stale_rules; r++) {
        const stale_rule *sr = &stale_rules[r];
        if (c->year < sr->min_year) continue;
        bool done = false;
        size_t plen = strlen(sr->pat);
        for (size_t i = find(c->s, c->n, 0, sr->pat); i != NPOS; i = find(c->s, c->n, i + plen, sr->pat)) {
            bool ok = false;
            for (int k = 0; k < 4 && sr->unless_after[k] && !ok; k++)
                ok = starts(c->s, c->n, i + plen, sr->unless_after[k]);
            if (ok) continue;
            hit(c, &done, "TEXT.stale", i, i + plen, 4, 4, sr->msg, c->year);
        }
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

static void check_value(const val_doc *doc, const val *v, int year, diag_list *diags)
{
    if (!v->u.str.s || !v->u.str.len || v->derived || v->line == 0) return;
    ctx c = {doc, v, v->u.str.s, v->u.str.len, year, diags, NULL, 0, 0};
    check_instructions(&c);
    check_placeholders(&c);
    check_adverts(&c);
    check_artifacts(&c);
    check_stale(&c);
    check_cutoff(&c);
    check_units(&c);
    check_repeats(&c);
    free(c.claims);
}

static void walk(const val_doc *doc, const val *v, int year, diag_list *diags)
{
    if (!v) return;
    switch (v->kind) {
    case VAL_STR: check_value(doc, v, year, diags); break;
    case VAL_LIST:
        for (size_t i = 0; i < v->u.list.n; i++) walk(doc, v->u.list.items[i], year, diags);
        break;
    case VAL_MAP:
        for (size_t i = 0; i < v->u.map.n; i++) walk(doc, v->u.map.vals[i], year, diags);
        break;
    default: break;
    }
}

void model_text_check(const val_doc *doc, int year, diag_list *diags)
{
    if (!doc || !diags) return;
    walk(doc, doc->root, year, diags);
}
