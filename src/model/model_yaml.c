#include "model_yaml.h"
#include "../core/i18n.h"
#include "model_limits.h"
#include "../core/strbuf.h"
#include "../core/utf8.h"
#include "model_yaml_explain.h"

#include <stdlib.h>

#include <string.h>
#include <yaml.h>

typedef struct {
    val *container;
    char *key;          /* pending key while a map waits for its value (arena) */
    int key_line, key_col;
} frame;

/* Where the text handed to libyaml is shorter than the file: from column
 * col (0-based, in the rewritten line) on, positions on that line are
 * shift characters further right in the file. */
typedef struct { size_t line, col; int shift; } colfix;

typedef struct {
    const char *file;
    const colfix *fix;
    size_t nfix;
    val_doc *doc;
    diag_list *diags;
    const char *src;        /* the file as written */
    size_t srclen;
    size_t *line_start;     /* byte offset of each line, made when first needed */
    size_t nlines;
    frame stack[MODEL_MAX_DEPTH + 1];
    int depth;
    size_t nodes;
    bool failed;
} reader;

static diag_loc at(reader *r, int line, int col)
{
    diag_loc l = {r->file, line, col, NULL, 0, NULL, NULL};
    return l;
}

/* A libyaml mark as a 1-based line and column of the file as written. */
static void mark_pos(const reader *r, yaml_mark_t m, int *line, int *col)
{
    size_t lo = 0, hi = r->nfix;
    while (lo < hi) {       /* first fix after (m.line, m.column) */
        size_t mid = lo + (hi - lo) / 2;
        const colfix *f = &r->fix[mid];
        if (f->line < m.line || (f->line == m.line && f->col <= m.column)) lo = mid + 1; else hi = mid;
    }
    int shift = lo > 0 && r->fix[lo - 1].line == m.line ? r->fix[lo - 1].shift : 0;
    *line = (int)m.line + 1;
    *col = (int)m.column + 1 + shift;
}

static diag_loc at_mark(reader *r, yaml_mark_t m)
{
    int line, col;
    mark_pos(r, m, &line, &col);
    return at(r, line, col);
}

static void err(reader *r, yaml_mark_t m, const char *code, const char *fmt, const char *arg)
{
    diag_add(r->diags, DIAG_ERROR, at_mark(r, m), code, fmt, arg);
    r->failed = true;
}

static int hex4(const char *s, size_t n)
{
    if (n < 4) return -1;
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

/* JSON writers (Python's json.dumps among them) escape a character beyond
 * U+FFFF as a UTF-16 surrogate pair, "\ud83d\ude00"; libyaml refuses each
 * half as an invalid escape (scanner.c, yaml_parser_scan_flow_scalar:
 * "found invalid Unicode character escape code").  Inside double-quoted text, write each pair
 * as the one escape YAML has for it, "\U0001F600", and note the columns
 * this moves.  Quotes are found the way YAML and JSON open them: after a
 * line start or one of : - [ { , ?; comments and single-quoted text are
 * skipped.  Returns NULL when there is no pair (the usual case).  A lone
 * half is left for libyaml to refuse, and explained then.  The one misreading:
 * a line of a block scalar (| or >) that starts with a quote is taken for
 * quoted text, so a literal \ud83d\ude00 written there would be joined too;
 * nobody types escapes as literal text in a report. */
static char *join_surrogates(const char *data, size_t len, size_t *outlen, colfix **fix, size_t *nfix)
{
    const char *bs = data;
    while ((bs = memchr(bs, '\\', len - (size_t)(bs - data))) && !(bs + 1 < data + len && bs[1] == 'u')) bs++;
    if (!bs) return NULL;
    strbuf b = STRBUF_INIT;
    size_t line = 0, col = 0, cap = 0;
    int shift = 0;
    char last = 0;                       /* last non-blank outside quotes on this line; 0 at its start */
    enum { OUT, DQ, SQ, COMMENT } st = OUT;
    bool changed = false;
    *fix = NULL;
    *nfix = 0;
    for (size_t i = 0; i < len;) {
        char c = data[i];
        if (c == '\n') {
            strbuf_addc(&b, c);
            i++;
            line++, col = 0, shift = 0, last = 0;
            if (st == COMMENT) st = OUT;
            continue;
        }
        if (st == DQ && c == '\\' && i + 12 <= len && data[i + 1] == 'u' && data[i + 6] == '\\' && data[i + 7] == 'u') {
            int hi = hex4(data + i + 2, 4), lo = hex4(data + i + 8, 4);
            if (hi >= 0xD800 && hi <= 0xDBFF && lo >= 0xDC00 && lo <= 0xDFFF) {
                unsigned cp = 0x10000u + (((unsigned)hi - 0xD800u) << 10) + ((unsigned)lo - 0xDC00u);
                strbuf_printf(&b, "\\U%08X", cp);
                i += 12;
                col += 10;
                shift += 2;
                if (*nfix == cap) { cap = cap ? 2 * cap : 16; *fix = xrealloc(*fix, cap * sizeof **fix); }
                (*fix)[(*nfix)++] = (colfix){line, col, shift};
                changed = true;
                continue;
            }
        }
        size_t take = 1;
        switch (st) {
        case OUT:
            if (c == '#' && (col == 0 || data[i - 1] == ' ' || data[i - 1] == '\t')) st = COMMENT;
            else if ((c == '"' || c == '\'') && (!last || strchr(":-[{,?", last))) st = c == '"' ? DQ : SQ;
            else if (c != ' ' && c != '\t' && c != '\r') last = c;
            break;
        case DQ:
            if (c == '\\' && i + 1 < len && data[i + 1] != '\n') take = 2;
            else if (c == '"') { st = OUT; last = c; }
            break;
        case SQ:
            if (c == '\'' && i + 1 < len && data[i + 1] == '\'') take = 2;
            else if (c == '\'') { st = OUT; last = c; }
            break;
        case COMMENT:
            break;
        }
        for (size_t k = 0; k < take; k++) {
            strbuf_addc(&b, data[i + k]);
            col += ((unsigned char)data[i + k] & 0xC0) != 0x80;
        }
        i += take;
    }
    if (!changed) { strbuf_free(&b); free(*fix); *fix = NULL; *nfix = 0; return NULL; }
    *outlen = b.len;
    return strbuf_take(&b);
}

static bool is_null_scalar(const yaml_event_t *e)
{
    if (e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return false;
    const char *s = (const char *)e->data.scalar.value;
    return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

/* Characters a data file must not contain: they cannot be written to XML
 * and are never intended in a report. Tab and newline are fine. */
static bool check_chars(reader *r, const yaml_event_t *e)
{
    const char *s = (const char *)e->data.scalar.value;
    size_t n = e->data.scalar.length, i = 0;
    while (i < n) {
        uint32_t cp;
        size_t l = utf8_decode(s + i, n - i, &cp);
        if (!l) {
            err(r, e->start_mark, "chars", "This value is not valid UTF-8 text. %sSave the file as UTF-8.", "");
            return false;
        }
        if (!utf8_xml_allowed(cp) || (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F)) {
            char hex[16];
            snprintf(hex, sizeof hex, "U+%04X", (unsigned)cp);
            err(r, e->start_mark, "chars",
                "This value contains the control character %s, which cannot appear in a report; delete it (it is often left over from copying out of another program).", hex);
            return false;
        }
        i += l;
    }
    return true;
}

/* A plain text over several lines whose later line starts with "- ":
 * a list item indented further than its siblings, which YAML silently
 * reads as more words of the item above ("办公室 - 财务股").  Warn at the
 * '-'.  Lines are those of the file (joining surrogates keeps them). */
static void check_swallowed_item(reader *r, const yaml_event_t *e)
{
    if (e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || e->end_mark.line <= e->start_mark.line) return;
    if (!r->line_start) {
        size_t n = 1;
        for (size_t i = 0; i < r->srclen; i++) n += r->src[i] == '\n';
        r->line_start = xcalloc(n, sizeof(size_t));
        r->line_start[0] = 0;
        r->nlines = 1;
        for (size_t i = 0; i < r->srclen; i++)
            if (r->src[i] == '\n') r->line_start[r->nlines++] = i + 1;
    }
    for (size_t l = e->start_mark.line + 1; l <= e->end_mark.line && l < r->nlines; l++) {
        size_t a = r->line_start[l], b = l + 1 < r->nlines ? r->line_start[l + 1] : r->srclen, i = a;
        while (i < b && r->src[i] == ' ') i++;
        if (i < b && r->src[i] == '-' && (i + 1 == b || r->src[i + 1] == ' ' || r->src[i + 1] == '\n' || r->src[i + 1] == '\r')) {
            diag_add(r->diags, DIAG_WARNING, at(r, (int)l + 1, utf8_column(r->src + a, i - a)), "yaml",
                     "This line starts with '- ' but is read as more text of the line above, because its '-' is further right than the other items of the list; line it up with them (or put the text in quotes if the '-' belongs to it).");
            return;
        }
    }
}

/* Attach a finished value to the container on top of the stack. */
static void attach(reader *r, val *v, yaml_mark_t m)
{
    frame *f = &r->stack[r->depth];
    if (r->depth == 0) {
        if (r->doc->root) {
            err(r, m, "yaml", "The file holds more than one YAML document; %sput one unit per file.", "");
            return;
        }
        r->doc->root = v;
        return;
    }
    val *c = f->container;
    if (c->kind == VAL_LIST) {
        val_list_push(r->doc, c, v);
    } else if (!f->key) {
        /* v is a key. */
        if (v->kind != VAL_STR && v->kind != VAL_NULL) {
            err(r, m, "yaml", "A field name must be plain text, %snot a list or a map.", "");
            f->key = arena_strdup(r->doc->arena, "?");
        } else {
            const char *k = v->kind == VAL_STR ? v->u.str.s : "";
            if (val_get(c, k)) {
                diag_add(r->diags, DIAG_ERROR, at(r, v->line, v->col), "yaml",
                         "The field \"%s\" appears twice in the same map; keep one of them.", k);
                r->failed = true;
            }
            f->key = arena_strdup(r->doc->arena, k);
        }
        f->key_line = v->line;
        f->key_col = v->col;
    } else {
        if (!val_get(c, f->key)) val_map_set(r->doc, c, f->key, v, f->key_line, f->key_col);
        f->key = NULL;
    }
}

static bool push(reader *r, val *v, yaml_mark_t m)
{
    if (r->depth >= MODEL_MAX_DEPTH) {
        char lim[16];
        snprintf(lim, sizeof lim, "%d", MODEL_MAX_DEPTH);
        err(r, m, "limit", "Lists and maps are nested more than %s levels deep; a data file never needs that.", lim);
        return false;
    }
    r->depth++;
    r->stack[r->depth].container = v;
    r->stack[r->depth].key = NULL;
    return true;
}

val_doc *model_yaml_read(const char *file, const char *data, size_t len, diag_list *diags)
{
    reader r;
    memset(&r, 0, sizeof r);
    r.file = file;
    r.diags = diags;
    r.src = data;
    r.srclen = len;
    r.doc = val_doc_new(file);

    if (len > MODEL_MAX_FILE_BYTES) {
        diag_add(diags, DIAG_FATAL, at(&r, 0, 0), "limit",
                 "The file is %zu bytes, more than the limit of %u bytes for a data file.", len, MODEL_MAX_FILE_BYTES);
        val_doc_free(r.doc);
        return NULL;
    }
    size_t bad = utf8_first_invalid(data, len);
    if (bad != (size_t)-1) {
        int line = 1;
        size_t ls = 0;
        for (size_t i = 0; i < bad; i++) if (data[i] == '\n') { line++; ls = i + 1; }
        diag_add(diags, DIAG_FATAL, at(&r, line, utf8_column(data + ls, bad - ls)), "encoding",
                 "The file is not valid UTF-8 here (byte 0x%02X); save it as UTF-8 (in WPS/Word: 另存为 → 编码 UTF-8).",
                 (unsigned char)data[bad]);
        val_doc_free(r.doc);
        return NULL;
    }

    colfix *fix = NULL;
    size_t nfix = 0, jlen = 0;
    char *joined = join_surrogates(data, len, &jlen, &fix, &nfix);
    r.fix = fix;
    r.nfix = nfix;

    yaml_parser_t p;
    yaml_parser_initialize(&p);
    if (joined) yaml_parser_set_input_string(&p, (const unsigned char *)joined, jlen);
    else yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);

    bool done = false;
    int docs = 0;
    while (!done && !r.failed) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) {
            yaml_failure f = {p.problem ? p.problem : "unknown problem", 0, 0, p.context, 0, 0};   /* libyaml's own English texts: the explainer matches them */
            mark_pos(&r, p.problem_mark, &f.line, &f.col);
            if (p.context) mark_pos(&r, p.context_mark, &f.context_line, &f.context_col);
            yaml_explain_failure(diags, file, data, len, &f);
            r.failed = true;
            break;
        }
        int line, col;
        mark_pos(&r, e.start_mark, &line, &col);
        if (++r.nodes > MODEL_MAX_NODES) {
            err(&r, e.start_mark, "limit", "The file has more values than a data file can (%s); split it.", "1000000");
            yaml_event_delete(&e);
            break;
        }
        switch (e.type) {
        case YAML_STREAM_END_EVENT: done = true; break;
        case YAML_DOCUMENT_START_EVENT:
            if (++docs > 1) err(&r, e.start_mark, "yaml", "The file holds more than one YAML document (a second ---); %sput one unit per file.", "");
            break;
        case YAML_ALIAS_EVENT:
            err(&r, e.start_mark, "yaml", "Aliases (*%s) are not allowed in data files; write the value out in full.",
                (const char *)e.data.alias.anchor);
            break;
        case YAML_SCALAR_EVENT: {
            if (e.data.scalar.anchor) {
                err(&r, e.start_mark, "yaml", "Anchors (&%s) are not allowed in data files; write each value out in full.",
                    (const char *)e.data.scalar.anchor);
                break;
            }
            if (e.data.scalar.tag && !e.data.scalar.plain_implicit && !e.data.scalar.quoted_implicit) {
                err(&r, e.start_mark, "yaml", "Type tags (%s) are not allowed in data files; remove the tag.",
                    (const char *)e.data.scalar.tag);
                break;
            }
            if (e.data.scalar.length > MODEL_MAX_SCALAR_BYTES) {
                err(&r, e.start_mark, "limit", "This value is longer than the limit of %s bytes for one value.", "1048576");
                break;
            }
            val *v;
            if (is_null_scalar(&e)) v = val_new(r.doc, VAL_NULL, line, col);
            else {
                if (!check_chars(&r, &e)) break;
                check_swallowed_item(&r, &e);
                v = val_new_str(r.doc, (const char *)e.data.scalar.value, e.data.scalar.length, line, col);
                v->quoted = e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
            }
            attach(&r, v, e.start_mark);
            break;
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            const yaml_char_t *anchor = e.type == YAML_SEQUENCE_START_EVENT ? e.data.sequence_start.anchor : e.data.mapping_start.anchor;
            const yaml_char_t *tag = e.type == YAML_SEQUENCE_START_EVENT ? e.data.sequence_start.tag : e.data.mapping_start.tag;
            int implicit = e.type == YAML_SEQUENCE_START_EVENT ? e.data.sequence_start.implicit : e.data.mapping_start.implicit;
            if (anchor) { err(&r, e.start_mark, "yaml", "Anchors (&%s) are not allowed in data files; write each value out in full.", (const char *)anchor); break; }
            if (tag && !implicit) { err(&r, e.start_mark, "yaml", "Type tags (%s) are not allowed in data files; remove the tag.", (const char *)tag); break; }
            frame *f = &r.stack[r.depth];
            if (r.depth > 0 && f->container->kind == VAL_MAP && !f->key) {
                err(&r, e.start_mark, "yaml", "A field name must be plain text, %snot a list or a map.", "");
                break;
            }
            val *v = val_new(r.doc, e.type == YAML_SEQUENCE_START_EVENT ? VAL_LIST : VAL_MAP, line, col);
            attach(&r, v, e.start_mark);
            push(&r, v, e.start_mark);
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (r.depth > 0) r.depth--;
            break;
        default: break;
        }
        yaml_event_delete(&e);
    }
    yaml_parser_delete(&p);
    free(joined);
    free(fix);
    free(r.line_start);

    if (r.failed) {
        val_doc_free(r.doc);
        return NULL;
    }
    if (r.doc->root && r.doc->root->kind == VAL_STR && !r.doc->root->quoted &&
        yaml_explain_scalar(diags, DIAG_FATAL, file, r.doc->root->u.str.s, r.doc->root->line, r.doc->root->col)) {
        val_doc_free(r.doc);
        return NULL;
    }
    if (!r.doc->root || r.doc->root->kind != VAL_MAP) {
        diag_add(diags, DIAG_FATAL, at(&r, 1, 1), "yaml",
                 "The file must be a map of fields (单位名称: …, 年度: …), but it is %s.",
                 !r.doc->root ? _("empty") : r.doc->root->kind == VAL_LIST ? _("a list") : _("a single value"));
        val_doc_free(r.doc);
        return NULL;
    }
    return r.doc;
}
