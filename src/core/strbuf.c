#include "strbuf.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) { fputs(_("jixiao: out of memory\n"), stderr); abort(); }
    return p;
}

void *xcalloc(size_t n, size_t m)
{
    void *p = calloc(n ? n : 1, m ? m : 1);
    if (!p) { fputs(_("jixiao: out of memory\n"), stderr); abort(); }
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) { fputs(_("jixiao: out of memory\n"), stderr); abort(); }
    return p;
}

void *xgrow(void *p, size_t n, size_t elem)
{
    if (n == 0) return xrealloc(p, elem);
    if (n & (n - 1)) return p;
    if (n > ((size_t)-1) / 2 / elem) { fputs(_("jixiao: array too large\n"), stderr); abort(); }
    return xrealloc(p, 2 * n * elem);
}

char *xstrndup(const char *s, size_t n)
{
    char *d = xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *xstrdup(const char *s) { return s ? xstrndup(s, strlen(s)) : NULL; }

char *xasprintf(const char *fmt, ...)
{
    strbuf b = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(&b, fmt, ap);
    va_end(ap);
    return strbuf_take(&b);
}

void strbuf_reserve(strbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) { fputs(_("jixiao: buffer too large\n"), stderr); abort(); }
        cap *= 2;
    }
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

void strbuf_add(strbuf *b, const void *p, size_t n)
{
    strbuf_reserve(b, n);
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}

void strbuf_adds(strbuf *b, const char *s) { strbuf_add(b, s, strlen(s)); }
void strbuf_addc(strbuf *b, char c) { strbuf_add(b, &c, 1); }

void strbuf_vprintf(strbuf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) return;
    strbuf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void strbuf_printf(strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(b, fmt, ap);
    va_end(ap);
}

void strbuf_add_json(strbuf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        switch (*p) {
        case '"': strbuf_adds(b, "\\\""); break;
        case '\\': strbuf_adds(b, "\\\\"); break;
        case '\n': strbuf_adds(b, "\\n"); break;
        case '\r': strbuf_adds(b, "\\r"); break;
        case '\t': strbuf_adds(b, "\\t"); break;
        default:
            if (*p < 0x20) strbuf_printf(b, "\\u%04x", *p);
            else strbuf_addc(b, (char)*p);
        }
    }
}

void strbuf_reset(strbuf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = 0;
}

char *strbuf_take(strbuf *b)
{
    char *d = b->data ? b->data : xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}

void strbuf_free(strbuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
