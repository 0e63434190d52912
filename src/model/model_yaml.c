#include "model_yaml.h"
#include "../core/i18n.h"
#include "model_limits.h"
#include "../core/strbuf.h"
#include "../core/utf8.h"

#include <string.h>
#include <yaml.h>

typedef struct {
    val *container;
    char *key;          /* pending key while a map waits for its value (arena) */
    int key_line, key_col;
} frame;

typedef struct {
    const char *file;
    val_doc *doc;
    diag_list *diags;
    frame stack[MODEL_MAX_DEPTH + 1];
    int depth;
    size_t nodes;
    bool failed;
} reader;

static diag_loc at(reader *r, int line, int col)
{
    diag_loc l = {r->file, line, col, NULL, 0, NULL};
    return l;
}

static void err(reader *r, yaml_mark_t m, const char *code, const char *fmt, const char *arg)
{
    diag_add(r->diags, DIAG_ERROR, at(r, (int)m.line + 1, (int)m.column + 1), code, fmt, arg);
    r->failed = true;
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

static const char *yaml_problem(const yaml_parser_t *p)
{
    return p->problem ? _(p->problem) : _("unknown problem");
}

val_doc *model_yaml_read(const char *file, const char *data, size_t len, diag_list *diags)
{
    reader r;
    memset(&r, 0, sizeof r);
    r.file = file;
    r.diags = diags;
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

    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
    yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);

    bool done = false;
    int docs = 0;
    while (!done && !r.failed) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) {
            yaml_mark_t m = p.problem_mark;
            /* libyaml's problem and context texts are translated through
             * the list in src/core/i18n_libs.c. */
            if (p.context)
                diag_add(diags, DIAG_FATAL, at(&r, (int)m.line + 1, (int)m.column + 1), "yaml",
                         "YAML syntax error: %s (%s, line %d). Check the indentation and the \": \" after each field name; quote text that starts with a special character.",
                         yaml_problem(&p), _(p.context), (int)p.context_mark.line + 1);
            else
                diag_add(diags, DIAG_FATAL, at(&r, (int)m.line + 1, (int)m.column + 1), "yaml",
                         "YAML syntax error: %s. Check the indentation and the \": \" after each field name; quote text that starts with a special character.",
                         yaml_problem(&p));
            r.failed = true;
            break;
        }
        int line = (int)e.start_mark.line + 1, col = (int)e.start_mark.column + 1;
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

    if (r.failed) {
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
