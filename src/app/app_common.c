#include "app_common.h"
#include "../core/fsio.h"
#include "../core/strbuf.h"
#include "../core/utf8.h"
#include "../model/model_limits.h"

#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__   /* defined by any libc header, <stdlib.h> above */
#include <malloc.h>
#endif

val_doc *app_load_data(const char *path, const model_options *opts, diag_list *diags)
{
    char *data = NULL, *err = NULL;
    size_t len = 0;
    if (fsio_read_file(path, MODEL_MAX_FILE_BYTES, &data, &len, &err) != 0) {
        diag_loc l = {path, 0, 0, NULL, 0, NULL, NULL};
        diag_add(diags, DIAG_FATAL, l, "io", "%s", err);
        free(err);
        return NULL;
    }
    val_doc *doc = model_load(path, data, len, opts, diags);
    free(data);
    return doc;
}

void app_print_diags(const diag_list *d, FILE *out)
{
    for (size_t i = 0; i < d->n; i++) {
        char *s = diag_format(&d->items[i]);
        fprintf(out, "%s\n", s);
        free(s);
    }
}

void app_keep_heap(void)
{
#ifdef __GLIBC__
    /* Setting either turns off glibc's own adjustment of both: below 32 MB
     * (the largest threshold glibc takes) blocks come from the heap, and the
     * heap's top is given back only beyond 128 MB free. */
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
#endif
}

/* Byte offsets of the n-th character boundary counted from the start
 * (forward) of s[0..len). */
static size_t chars_fwd(const char *s, size_t len, size_t n)
{
    size_t i = 0;
    while (i < len && n--) {
        uint32_t cp;
        size_t l = utf8_decode(s + i, len - i, &cp);
        i += l ? l : 1;
    }
    return i;
}

/* The start of the last n characters of s[0..len). */
static size_t chars_back(const char *s, size_t len, size_t n)
{
    size_t i = len;
    while (i > 0 && n--) {
        i--;
        while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
    }
    return i;
}

static void add_flat(strbuf *b, const char *s, size_t n)
{
    for (size_t k = 0; k < n; k++) strbuf_addc(b, s[k] == '\n' ? ' ' : s[k]);
}

/* At most max characters of s[0..n), cut in the middle with "…". */
static void add_short(strbuf *b, const char *s, size_t n, size_t max)
{
    size_t head = chars_fwd(s, n, max);
    if (head >= n) { add_flat(b, s, n); return; }
    size_t h = chars_fwd(s, n, max / 2), t = chars_back(s, n, max / 2);
    if (t < h) t = h;
    add_flat(b, s, h);
    strbuf_adds(b, "…");
    add_flat(b, s + t, n - t);
}

/* A text change as its differing span with a little context:
 * "…前文【旧→新】后文…". */
static void add_text_change(strbuf *b, const char *o, const char *n)
{
    size_t ol = strlen(o), nl = strlen(n), p = 0;
    while (p < ol && p < nl && o[p] == n[p]) p++;
    while (p > 0 && ((unsigned char)o[p] & 0xC0) == 0x80) p--;    /* back to a character start */
    size_t s = 0;
    while (s < ol - p && s < nl - p && o[ol - 1 - s] == n[nl - 1 - s]) s++;
    while (s > 0 && ((unsigned char)o[ol - s] & 0xC0) == 0x80) s--;
    enum { CONTEXT = 6, SPAN = 16 };
    size_t cb = chars_back(o, p, CONTEXT);
    if (cb > 0) strbuf_adds(b, "…");
    add_flat(b, o + cb, p - cb);
    strbuf_adds(b, "【");
    add_short(b, o + p, ol - s - p, SPAN);
    strbuf_adds(b, "→");
    add_short(b, n + p, nl - s - p, SPAN);
    strbuf_adds(b, "】");
    size_t ce = chars_fwd(o + ol - s, s, CONTEXT);
    add_flat(b, o + ol - s, ce);
    if (ce < s) strbuf_adds(b, "…");
}

char *app_diff_brief(const change_list *ch, size_t max_items)
{
    strbuf b = STRBUF_INIT;
    size_t given = 0, shown = 0;
    for (size_t i = 0; i < ch->n; i++) given += !ch->items[i].derived;
    for (size_t i = 0; i < ch->n && shown < max_items; i++) {
        const change *c = &ch->items[i];
        if (c->derived) continue;
        if (shown++) strbuf_adds(&b, "；");
        strbuf_printf(&b, "%s ", c->path);
        if (c->kind == CHANGE_ADDED) { strbuf_adds(&b, "新增 "); add_short(&b, c->new_text ? c->new_text : "", strlen(c->new_text ? c->new_text : ""), 16); }
        else if (c->kind == CHANGE_REMOVED) { strbuf_adds(&b, "删除 "); add_short(&b, c->old_text ? c->old_text : "", strlen(c->old_text ? c->old_text : ""), 16); }
        else if (c->delta || (c->old_text && c->new_text && strlen(c->old_text) <= 24 && strlen(c->new_text) <= 24)) {
            /* Figures and short values whole: "4.2万元→4.1万元". */
            strbuf_printf(&b, "%s→%s", c->old_text ? c->old_text : "", c->new_text ? c->new_text : "");
        } else add_text_change(&b, c->old_text ? c->old_text : "", c->new_text ? c->new_text : "");
    }
    if (given > shown) strbuf_printf(&b, "；另有 %zu 处", given - shown);
    return strbuf_take(&b);
}
