#include "model_yaml_explain.h"

#include "../core/strbuf.h"

#include <stdlib.h>
#include <string.h>

typedef struct { const char *s; size_t n; } span;

/* The source with the offset of each line, so that a line is found in
 * O(1) however far back the explanation looks. */
typedef struct { const char *data; size_t len; size_t *start; size_t n; } source;

static void source_init(source *t, const char *data, size_t len)
{
    t->data = data;
    t->len = len;
    t->n = 1;
    for (size_t i = 0; i < len; i++) t->n += data[i] == '\n';
    t->start = xcalloc(t->n, sizeof(size_t));
    size_t k = 1;
    for (size_t i = 0; i < len; i++)
        if (data[i] == '\n') t->start[k++] = i + 1;
}

/* Line k (1-based) of the source, without its line break. */
static bool line_at(const source *t, int k, span *out)
{
    if (k < 1 || (size_t)k > t->n) return false;
    size_t i = t->start[k - 1];
    size_t e = (size_t)k < t->n ? t->start[k] - 1 : t->len;
    if (e > i && t->data[e - 1] == '\r') e--;
    out->s = t->data + i;
    out->n = e - i;
    return true;
}

/* 1-based column, in characters, of byte offset off of a line. */
static int col_of(span l, size_t off)
{
    int c = 1;
    for (size_t i = 0; i < off && i < l.n; i++) c += ((unsigned char)l.s[i] & 0xC0) != 0x80;
    return c;
}

/* Byte offset of 1-based character column col of a line. */
static size_t byte_of(span l, int col)
{
    size_t i = 0;
    for (int c = 1; i < l.n && c < col; c++) {
        i++;
        while (i < l.n && ((unsigned char)l.s[i] & 0xC0) == 0x80) i++;
    }
    return i;
}

static size_t indent_of(span l)
{
    size_t i = 0;
    while (i < l.n && l.s[i] == ' ') i++;
    return i;
}

static bool blank_or_comment(span l)
{
    size_t i = 0;
    while (i < l.n && (l.s[i] == ' ' || l.s[i] == '\t')) i++;
    return i == l.n || l.s[i] == '#';
}

/* Offset of the first tab among the leading blanks, or -1. */
static long tab_in_indent(span l)
{
    for (size_t i = 0; i < l.n && (l.s[i] == ' ' || l.s[i] == '\t'); i++)
        if (l.s[i] == '\t') return (long)i;
    return -1;
}

/* Where the content starts after the indentation and any "- " markers. */
static size_t body_of(span l, bool *item)
{
    size_t i = indent_of(l);
    *item = false;
    while (i < l.n && l.s[i] == '-' && (i + 1 == l.n || l.s[i + 1] == ' ')) {
        *item = true;
        i++;
        while (i < l.n && l.s[i] == ' ') i++;
    }
    return i;
}

/* Offset of the ':' that ends a field name on this line (followed by a
 * blank or the end of the line), or -1; text in quotes is skipped. */
static long field_colon(span l, size_t from)
{
    char q = 0;
    for (size_t i = from; i < l.n; i++) {
        char c = l.s[i];
        if (q) { if (c == q) q = 0; continue; }
        if ((c == '"' || c == '\'') && i == from) { q = c; continue; }
        if (c == '#' && i > from && (l.s[i - 1] == ' ' || l.s[i - 1] == '\t')) return -1;
        if (c == ':' && (i + 1 == l.n || l.s[i + 1] == ' ' || l.s[i + 1] == '\t')) return (long)i;
    }
    return -1;
}

typedef enum { FIELD_OK, FIELD_FULLWIDTH, FIELD_NOSPACE } field_shape;

/* Does text from `from` look like "字段名：值" or "字段名:值" — a short name
 * without blanks or punctuation, then a colon that does not end a field?
 * *at is the byte offset of that colon. */
static field_shape field_mistake(span l, size_t from, size_t *at)
{
    if (from >= l.n || strchr("\"'#[{|>&*!%@`", l.s[from])) return FIELD_OK;
    if (field_colon(l, from) >= 0) return FIELD_OK;
    int chars = 0;
    bool wide = false;
    for (size_t i = from; i < l.n && chars <= 30;) {
        unsigned char c = (unsigned char)l.s[i];
        if (c == ' ' || c == '\t') return FIELD_OK;
        if (i + 3 <= l.n && !memcmp(l.s + i, "：", 3)) {
            if (!chars) return FIELD_OK;
            *at = i;
            return FIELD_FULLWIDTH;
        }
        if (c == ':') {
            /* A CJK field name rules out times (12:30) and addresses (http:). */
            if (!chars || !wide) return FIELD_OK;
            *at = i;
            return FIELD_NOSPACE;
        }
        if (i + 3 <= l.n && (!memcmp(l.s + i, "，", 3) || !memcmp(l.s + i, "。", 3) || !memcmp(l.s + i, "；", 3)))
            return FIELD_OK;
        if (c >= 0x80) wide = true;
        size_t k = 1;
        while (i + k < l.n && ((unsigned char)l.s[i + k] & 0xC0) == 0x80) k++;
        i += k;
        chars++;
    }
    return FIELD_OK;
}

static diag_loc at(const char *file, int line, int col)
{
    diag_loc l = {file, line, col, NULL, 0, NULL, NULL};
    return l;
}

/* Report a field mistake on line k when there is one. */
static bool field_line_mistake(diag_list *d, const char *file, diag_severity sev, span l, int k)
{
    bool item;
    size_t from = body_of(l, &item), colon;
    field_shape sh = field_mistake(l, from, &colon);
    if (sh == FIELD_FULLWIDTH)
        diag_add(d, sev, at(file, k, col_of(l, colon)), "yaml",
                 "After the field name there is a full-width colon '：'; write a half-width colon and a space ': '.");
    else if (sh == FIELD_NOSPACE)
        diag_add(d, sev, at(file, k, col_of(l, colon)), "yaml",
                 "After the field name's colon ':' there is no space, so the line is read as plain text; write a space after the colon (': ').");
    return sh != FIELD_OK;
}

bool yaml_explain_scalar(diag_list *diags, diag_severity sev, const char *file, const char *text, int line, int col)
{
    if (!text || strchr(text, '\n')) return false;
    span l = {text, strlen(text)};
    size_t colon;
    field_shape sh = field_mistake(l, 0, &colon);
    if (sh == FIELD_OK) return false;
    int c = col + col_of(l, colon) - 1;
    if (sh == FIELD_FULLWIDTH)
        diag_add(diags, sev, at(file, line, c), "yaml",
                 "After the field name there is a full-width colon '：'; write a half-width colon and a space ': '.");
    else
        diag_add(diags, sev, at(file, line, c), "yaml",
                 "After the field name's colon ':' there is no space, so the line is read as plain text; write a space after the colon (': ').");
    return true;
}

/* The nearest line above k that is not blank or a comment. */
static int line_above(const source *t, int k, span *out)
{
    for (int j = k - 1; j >= 1; j--)
        if (line_at(t, j, out) && !blank_or_comment(*out)) return j;
    return 0;
}

/* Indentation that does not match the neighbours: a list item against the
 * item above it, a field against the line above it. */
static bool indent_mistake(diag_list *d, const char *file, const source *t, span l, int k)
{
    bool item;
    body_of(l, &item);
    int mine = (int)indent_of(l) + 1;
    span u;
    if (item) {
        for (int j = k - 1; j >= 1 && j >= k - 2000; j--) {
            if (!line_at(t, j, &u) || blank_or_comment(u)) continue;
            size_t ui = indent_of(u);
            if (ui < u.n && u.s[ui] == '-' && (int)ui + 1 != mine) {
                diag_add(d, DIAG_FATAL, at(file, k, mine), "yaml",
                         "This list item starts in column %d, but the item on line %d starts in column %d; put the '-' of every item of one list in the same column.",
                         mine, j, (int)ui + 1);
                return true;
            }
            if ((int)ui + 1 < mine || ((int)ui + 1 == mine && ui < u.n && u.s[ui] == '-')) break;
        }
        return false;
    }
    int j = line_above(t, k, &u);
    if (!j) return false;
    bool uitem;
    size_t ub = body_of(u, &uitem);
    int theirs = (int)ub + 1;
    if (theirs == mine) return false;
    diag_add(d, DIAG_FATAL, at(file, k, mine), "yaml",
             "This field starts in column %d, but the field on line %d starts in column %d; the fields of one map must start in the same column (if this line continues the text above, put that text in quotes).",
             mine, j, theirs);
    return true;
}

static void explain(diag_list *d, const char *file, const source *t, const yaml_failure *f);

void yaml_explain_failure(diag_list *d, const char *file, const char *data, size_t len, const yaml_failure *f)
{
    source t;
    source_init(&t, data, len);
    explain(d, file, &t, f);
    free(t.start);
}

static void explain(diag_list *d, const char *file, const source *t, const yaml_failure *f)
{
    const char *p = f->problem ? f->problem : "";
    const char *cx = f->context ? f->context : "";
    int L = f->line, C = f->col;
    span l = {"", 0}, u;
    bool have = line_at(t, L, &l);

    /* A tab in the indentation, on the line where libyaml stopped or where
     * the value it was reading began. */
    if (strstr(p, "tab") || strstr(p, "cannot start any token")) {
        int lines[2] = {L, f->context_line};
        for (int i = 0; i < 2; i++) {
            long tab;
            if (lines[i] > 0 && line_at(t, lines[i], &u) && (tab = tab_in_indent(u)) >= 0) {
                diag_add(d, DIAG_FATAL, at(file, lines[i], col_of(u, (size_t)tab)), "yaml",
                         "This line is indented with a tab character; indent with spaces only, lining the field up with the fields around it.");
                return;
            }
        }
    }
    if (strstr(cx, "quoted scalar") && (strstr(p, "end of stream") || strstr(p, "document"))) {
        const char *q = "\"";
        if (line_at(t, f->context_line, &u)) {
            size_t i = byte_of(u, f->context_col);
            if (i < u.n && u.s[i] == '\'') q = "'";
        }
        diag_add(d, DIAG_FATAL, at(file, f->context_line, f->context_col), "yaml",
                 "The quotation mark %s that opens this text is never closed; add the closing %s at the end of the text.", q, q);
        return;
    }
    if (strstr(p, "invalid Unicode character escape")) {
        /* libyaml stops at the hex digits, two characters after the backslash. */
        char hex[9] = "";
        const char *esc = "u";
        if (have) {
            size_t i = byte_of(l, C);
            size_t want = i >= 1 && l.s[i - 1] == 'U' ? 8 : 4, k = 0;
            while (k < want && i + k < l.n && l.s[i + k] && strchr("0123456789abcdefABCDEF", l.s[i + k])) { hex[k] = l.s[i + k]; k++; }
            hex[k] = 0;
            if (want == 8) esc = "U";
        }
        diag_add(d, DIAG_FATAL, at(file, L, C > 2 ? C - 2 : C), "yaml",
                 "The escape \\%s%s is not a character: it is half of a UTF-16 surrogate pair without its other half (or beyond U+10FFFF); write the character itself, or the full pair such as \\ud83d\\ude00.",
                 esc, hex);
        return;
    }
    if (strstr(p, "unknown escape")) {
        diag_add(d, DIAG_FATAL, at(file, L, C), "yaml",
                 "The backslash here starts an escape that quoted text does not know; write \\\\ for a backslash, or put the text in single quotes.");
        return;
    }
    if (strstr(p, "mapping values are not allowed")) {
        if (have) {
            bool item;
            long fc = field_colon(l, body_of(l, &item));
            if (fc >= 0 && col_of(l, (size_t)fc) < C) {
                diag_add(d, DIAG_FATAL, at(file, L, C), "yaml",
                         "The ': ' here makes this line read as a field name; in a sentence write the full-width colon '：' instead, or put the whole text in quotes.");
                return;
            }
        }
        /* The line read as text that this one was taken to continue. */
        for (int k = L - 1; k >= 1 && k >= L - 50; k--) {
            if (!line_at(t, k, &u) || blank_or_comment(u)) break;
            if (field_line_mistake(d, file, DIAG_FATAL, u, k)) return;
            bool item;
            if (field_colon(u, body_of(u, &item)) >= 0) break;
        }
        if (have && indent_mistake(d, file, t, l, L)) return;
    }
    if (strstr(p, "could not find expected ':'")) {
        int k = f->context_line > 0 ? f->context_line : L;
        if (line_at(t, k, &u)) {
            if (field_line_mistake(d, file, DIAG_FATAL, u, k)) return;
            diag_add(d, DIAG_FATAL, at(file, k, (int)indent_of(u) + 1), "yaml",
                     "This line is not a field: there is no ': ' after a field name; write it as 字段名: 值, or, if it continues the text above, indent it further than that field.");
            return;
        }
    }
    if (strstr(p, "did not find expected '-' indicator") || strstr(p, "did not find expected key")) {
        for (int k = L; k >= 1 && k >= L - 1; k--)
            if (line_at(t, k, &u) && !blank_or_comment(u) && field_line_mistake(d, file, DIAG_FATAL, u, k)) return;
        if (have && indent_mistake(d, file, t, l, L)) return;
    }
    if (strstr(cx, "flow sequence") || strstr(cx, "flow mapping")) {
        bool seq = strstr(cx, "flow sequence") != NULL;
        if (seq)
            diag_add(d, DIAG_FATAL, at(file, f->context_line, f->context_col), "yaml",
                     "The list that opens with '[' here is not closed properly; separate its items with ',' and end it with ']'.");
        else
            diag_add(d, DIAG_FATAL, at(file, f->context_line, f->context_col), "yaml",
                     "The group of fields that opens with '{' here is not closed properly; separate the fields with ',' and end it with '}'.");
        return;
    }
    diag_add(d, DIAG_FATAL, at(file, L, C), "yaml",
             "The layout of the file cannot be read at this point; check this line and the one above: indent with spaces so that the fields of one map line up, write a half-width colon and a space ': ' after each field name, and put text that starts with - : [ { # & * ! | > ' \" %% @ or ` in quotes.");
}
