#include "diag.h"
#include "strbuf.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void diag_list_init(diag_list *l) { memset(l, 0, sizeof *l); }

void diag_list_free(diag_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        diag *d = &l->items[i];
        free(d->code); free(d->message); free(d->file); free(d->part); free(d->tag); free(d->sheet);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

void diag_vadd(diag_list *l, diag_severity sev, diag_loc loc, const char *code,
               const char *fmt, va_list ap)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = xrealloc(l->items, l->cap * sizeof(diag));
    }
    diag *d = &l->items[l->n++];
    strbuf b = STRBUF_INIT;
    strbuf_vprintf(&b, _(fmt), ap);
    d->sev = sev;
    d->message = strbuf_take(&b);
    d->code = xstrdup(code ? code : "");
    d->file = xstrdup(loc.file);
    d->part = xstrdup(loc.part);
    d->tag = xstrdup(loc.tag);
    d->sheet = xstrdup(loc.sheet);
    d->line = loc.line;
    d->col = loc.col;
    d->para = loc.para;
    l->counts[sev]++;
}

void diag_add(diag_list *l, diag_severity sev, diag_loc loc, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(l, sev, loc, code, fmt, ap);
    va_end(ap);
}

static int cmp_str(const char *a, const char *b)
{
    if (!a || !b) return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int diag_cmp(const void *pa, const void *pb)
{
    const diag *a = pa, *b = pb;
    int c = cmp_str(a->file, b->file);
    if (c) return c;
    if ((c = cmp_str(a->part, b->part))) return c;
    if ((c = cmp_str(a->sheet, b->sheet))) return c;
    if (a->line != b->line) return a->line < b->line ? -1 : 1;
    if (a->para != b->para) return a->para < b->para ? -1 : 1;
    if (a->col != b->col) return a->col < b->col ? -1 : 1;
    return 0;
}

/* Insertion sort keeps equal keys in insertion order, which qsort does not
 * promise; lists are short. */
void diag_list_sort(diag_list *l)
{
    for (size_t i = 1; i < l->n; i++) {
        diag t = l->items[i];
        size_t j = i;
        while (j > 0 && diag_cmp(&l->items[j - 1], &t) > 0) {
            l->items[j] = l->items[j - 1];
            j--;
        }
        l->items[j] = t;
    }
}

bool diag_has_errors(const diag_list *l) { return l->counts[DIAG_ERROR] || l->counts[DIAG_FATAL]; }

const char *diag_severity_name(diag_severity s)
{
    switch (s) {
    case DIAG_NOTE: return "note";
    case DIAG_WARNING: return "warning";
    case DIAG_ERROR: return "error";
    default: return "fatal";
    }
}

/* The severity as printed for people; a fatal problem (unusable input) reads
 * as an error to the clerk, in Chinese as in English. */
static const char *severity_label(diag_severity s)
{
    switch (s) {
    case DIAG_NOTE: return _("note");
    case DIAG_WARNING: return _("warning");
    case DIAG_ERROR: return _("error");
    /* TRANSLATORS: the severity of a problem that makes an input unusable. */
    default: return _("fatal");
    }
}

char *diag_format(const diag *d)
{
    strbuf b = STRBUF_INIT;
    if (d->file) {
        strbuf_adds(&b, d->file);
        if (d->part) strbuf_printf(&b, "(%s)", d->part);
        if (d->sheet) {
            char cell[16];
            strbuf_printf(&b, ":%s", d->sheet);
            if (d->line && d->col) strbuf_printf(&b, "!%s", diag_cell_name(d->line, d->col, cell));
        } else if (d->line) {
            strbuf_printf(&b, ":%d", d->line);
            if (d->col) strbuf_printf(&b, ":%d", d->col);
        }
        /* TRANSLATORS: the paragraph of a template part a finding points to. */
        if (d->para) strbuf_printf(&b, _(": paragraph %d"), d->para);
        strbuf_adds(&b, ": ");
    }
    /* TRANSLATORS: severity, then the message: "warning: The …" */
    strbuf_printf(&b, _("%s: %s"), severity_label(d->sev), d->message);
    /* TRANSLATORS: the template tag a finding is about, after the message. */
    if (d->tag) strbuf_printf(&b, _(" (tag %s)"), d->tag);
    /* TRANSLATORS: the finding's stable code, which stays as it is. */
    if (d->code && *d->code) strbuf_printf(&b, _(" [%s]"), d->code);
    return strbuf_take(&b);
}

char *diag_list_json(const diag_list *l)
{
    strbuf b = STRBUF_INIT;
    strbuf_adds(&b, "[");
    for (size_t i = 0; i < l->n; i++) {
        const diag *d = &l->items[i];
        strbuf_adds(&b, i ? ",\n " : "\n ");
        strbuf_adds(&b, "{\"severity\":\"");
        strbuf_adds(&b, diag_severity_name(d->sev));
        strbuf_adds(&b, "\",\"code\":\"");
        strbuf_add_json(&b, d->code);
        strbuf_adds(&b, "\"");
        if (d->file) { strbuf_adds(&b, ",\"file\":\""); strbuf_add_json(&b, d->file); strbuf_adds(&b, "\""); }
        if (d->sheet) {
            char cell[16];
            strbuf_adds(&b, ",\"sheet\":\""); strbuf_add_json(&b, d->sheet); strbuf_adds(&b, "\"");
            if (d->line && d->col) strbuf_printf(&b, ",\"cell\":\"%s\"", diag_cell_name(d->line, d->col, cell));
        } else if (d->line) strbuf_printf(&b, ",\"line\":%d,\"column\":%d", d->line, d->col);
        if (d->part) { strbuf_adds(&b, ",\"part\":\""); strbuf_add_json(&b, d->part); strbuf_adds(&b, "\""); }
        if (d->para) strbuf_printf(&b, ",\"paragraph\":%d", d->para);
        if (d->tag) { strbuf_adds(&b, ",\"tag\":\""); strbuf_add_json(&b, d->tag); strbuf_adds(&b, "\""); }
        strbuf_adds(&b, ",\"message\":\"");
        strbuf_add_json(&b, d->message);
        strbuf_adds(&b, "\"}");
    }
    strbuf_adds(&b, l->n ? "\n]\n" : "]\n");
    return strbuf_take(&b);
}

char *diag_cell_name(int row, int col, char *out)
{
    char letters[8];
    int n = 0;
    /* Bijective base 26: A..Z, AA..ZZ, AAA..; columns past XFD never reach here. */
    for (unsigned c = col > 0 ? (unsigned)col : 1u; c && n < 7; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    int k = 0;
    while (n) out[k++] = letters[--n];
    snprintf(out + k, 16 - (size_t)k, "%d", row > 0 ? row : 1);
    return out;
}
