#include "model_yaml_write.h"
#include "model_schema.h"
#include "../core/strbuf.h"
#include "../core/utf8.h"

#include <string.h>

static bool given(const val *v)
{
    if (!v || v->derived || v->kind == VAL_NULL) return false;
    if (v->kind == VAL_LIST) {
        for (size_t i = 0; i < v->u.list.n; i++)
            if (given(v->u.list.items[i])) return true;
        return false;
    }
    if (v->kind == VAL_MAP) {
        for (size_t i = 0; i < v->u.map.n; i++)
            if (given(v->u.map.vals[i])) return true;
        return false;
    }
    return true;
}

static bool plain_ok(const char *s, size_t n)
{
    if (!n) return false;
    if (strchr("-?:,[]{}#&*!|>'\"%@` \t", s[0])) return false;
    if (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == ':') return false;
    if ((n == 1 && s[0] == '~') || (n == 4 && (!memcmp(s, "null", 4) || !memcmp(s, "Null", 4) || !memcmp(s, "NULL", 4))))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F) return false;
        if (c == ':' && i + 1 < n && (s[i + 1] == ' ' || s[i + 1] == '\t')) return false;
        if (c == '#' && i && (s[i - 1] == ' ' || s[i - 1] == '\t')) return false;
        /* NEL, LS, PS and BOM are line breaks or invisible to YAML. */
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0x85) return false;
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 && ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) return false;
        if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBB && (unsigned char)s[i + 2] == 0xBF) return false;
    }
    return true;
}

/* A literal block keeps every character of text whose lines have no
 * trailing blanks and whose first line does not start with a blank. */
static bool block_ok(const char *s, size_t n)
{
    if (!memchr(s, '\n', n) || s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[n - 1] == '\n') return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F || c == '\r') return false;
        if ((c == ' ' || c == '\t') && (i + 1 == n || s[i + 1] == '\n')) return false;
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0x85) return false;
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 && ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) return false;
        if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBB && (unsigned char)s[i + 2] == 0xBF) return false;
    }
    return true;
}

static void quoted(strbuf *b, const char *s, size_t n)
{
    strbuf_addc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"') strbuf_adds(b, "\\\"");
        else if (c == '\\') strbuf_adds(b, "\\\\");
        else if (c == '\n') strbuf_adds(b, "\\n");
        else if (c == '\t') strbuf_adds(b, "\\t");
        else if (c < 0x20 || c == 0x7F) strbuf_printf(b, "\\x%02X", c);
        else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0x85) { strbuf_adds(b, "\\N"); i++; }
        else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0xA8) { strbuf_adds(b, "\\L"); i += 2; }
        else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0xA9) { strbuf_adds(b, "\\P"); i += 2; }
        else if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBB && (unsigned char)s[i + 2] == 0xBF) { strbuf_adds(b, "\\uFEFF"); i += 2; }
        else strbuf_addc(b, (char)c);
    }
    strbuf_addc(b, '"');
}

static void indent(strbuf *b, int n)
{
    for (int i = 0; i < n; i++) strbuf_addc(b, ' ');
}

/* The scalar after "key: " or "- "; ind is the column of the key or dash. */
static void scalar(strbuf *b, const val *v, int ind)
{
    if (v->kind == VAL_NUM) {
        char buf[80];
        int exact = qnum_exact_decimals(v->u.num.q);
        if (exact < 0) exact = 6;
        qnum_format(v->u.num.q, v->u.num.dec > exact ? v->u.num.dec : exact, buf, sizeof buf);
        strbuf_adds(b, buf);
    } else if (v->kind == VAL_BOOL) {
        strbuf_adds(b, v->u.b ? "true" : "false");
    } else {
        const char *s = v->u.str.s;
        size_t n = v->u.str.len;
        if (plain_ok(s, n)) strbuf_add(b, s, n);
        else if (block_ok(s, n)) {
            strbuf_adds(b, "|-");
            for (size_t i = 0; i < n;) {
                const char *nl = memchr(s + i, '\n', n - i);
                size_t e = nl ? (size_t)(nl - s) : n;
                strbuf_addc(b, '\n');
                if (e > i) { indent(b, ind + 2); strbuf_add(b, s + i, e - i); }
                i = e + 1;
                if (!nl) break;
            }
        } else quoted(b, s, n);
    }
    strbuf_addc(b, '\n');
}

static void write_map(strbuf *b, const val *m, const field_def *fields, int ind, bool first_inline, bool top);

static void write_value(strbuf *b, const val *v, const field_def *f, int ind)
{
    /* After "key:" (no newline yet). */
    if (v->kind == VAL_MAP) {
        strbuf_addc(b, '\n');
        write_map(b, v, f ? f->sub : NULL, ind + 2, false, false);
    } else if (v->kind == VAL_LIST) {
        strbuf_addc(b, '\n');
        for (size_t i = 0; i < v->u.list.n; i++) {
            const val *it = v->u.list.items[i];
            if (!given(it)) continue;
            indent(b, ind + 2);
            strbuf_adds(b, "- ");
            if (it->kind == VAL_MAP) {
                /* Elements of 段落 that are maps are sub-sections {标题, 段落}. */
                static const field_def section[] = {{"标题", FT_TEXT, 0, NULL, NULL}, {"段落", FT_PARAS, 0, NULL, NULL},
                                                    {NULL, 0, 0, NULL, NULL}};
                write_map(b, it, f && f->type == FT_LIST ? f->sub : section, ind + 4, true, false);
            } else if (it->kind == VAL_LIST) {
                strbuf_adds(b, "[]\n");   /* not produced by the schema */
            } else {
                scalar(b, it, ind + 2);
            }
        }
    } else {
        strbuf_addc(b, ' ');
        scalar(b, v, ind);
    }
}

static void write_map(strbuf *b, const val *m, const field_def *fields, int ind, bool first_inline, bool top)
{
    bool first = true;
    /* Schema order first, then anything the schema does not know (kept, not lost). */
    size_t nf = 0;
    if (fields) while (fields[nf].name) nf++;
    for (size_t pass = 0; pass < 2; pass++) {
        size_t count = pass == 0 ? nf : m->u.map.n;
        for (size_t k = 0; k < count; k++) {
            const char *key;
            const val *v;
            const field_def *f = NULL;
            if (pass == 0) {
                f = &fields[k];
                key = f->name;
                v = val_get(m, key);
            } else {
                key = m->u.map.keys[k];
                v = m->u.map.vals[k];
                bool known = false;
                for (size_t j = 0; j < nf; j++)
                    if (!strcmp(fields[j].name, key)) known = true;
                if (known) continue;
            }
            if (v && v->kind == VAL_NULL && !v->derived) {
                /* Present but empty is not the same as absent (a form's
                 * 执行率得分 left blank is reported as blank). */
                if (!(first && first_inline)) indent(b, ind);
                first = false;
                strbuf_adds(b, key);
                strbuf_adds(b, ":\n");
                continue;
            }
            if (!given(v)) continue;
            if (top && !first && (v->kind == VAL_MAP || v->kind == VAL_LIST)) strbuf_addc(b, '\n');
            if (!(first && first_inline)) indent(b, ind);
            first = false;
            if (plain_ok(key, strlen(key))) strbuf_adds(b, key);
            else quoted(b, key, strlen(key));
            strbuf_addc(b, ':');
            write_value(b, v, f, ind);
        }
    }
}

char *model_yaml_write(const val_doc *doc, size_t *len)
{
    strbuf b = STRBUF_INIT;
    if (doc->root && doc->root->kind == VAL_MAP) write_map(&b, doc->root, model_schema_root, 0, false, true);
    if (!b.data) strbuf_adds(&b, "{}\n");
    if (len) *len = b.len;
    return strbuf_take(&b);
}
