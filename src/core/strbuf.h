/* strbuf — a growable byte buffer that is always NUL-terminated.
 * The struct owns its data; strbuf_free releases it, strbuf_take hands it
 * to the caller (who then frees it with free()). Allocation failure aborts:
 * the tool has no useful way to continue without memory. */
#ifndef JX_STRBUF_H
#define JX_STRBUF_H

#include <stddef.h>
#include <stdarg.h>

typedef struct {
    char *data;
    size_t len, cap;
} strbuf;

#define STRBUF_INIT {NULL, 0, 0}

void strbuf_reserve(strbuf *b, size_t extra);
void strbuf_add(strbuf *b, const void *p, size_t n);
void strbuf_adds(strbuf *b, const char *s);
void strbuf_addc(strbuf *b, char c);
void strbuf_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(strbuf *b, const char *fmt, va_list ap);
/* Append s with JSON string escaping (without the quotes). */
void strbuf_add_json(strbuf *b, const char *s);
void strbuf_reset(strbuf *b);
char *strbuf_take(strbuf *b);
void strbuf_free(strbuf *b);

/* malloc that aborts on failure. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Make room for element n of an array that only ever grows by appending:
 * the capacity is implicit (the next power of two above n), so callers keep
 * just the count, and appending n elements copies O(n) bytes in all, not
 * O(n^2) (realloc under ASan always copies). */
void *xgrow(void *p, size_t n, size_t elem);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
