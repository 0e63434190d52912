/* utf8 — small UTF-8 helpers shared by the data checks and the layout.
 * All functions take byte strings and never allocate. */
#ifndef JX_UTF8_H
#define JX_UTF8_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

/* Decode one code point at s (n bytes left); returns its length in bytes,
 * or 0 for invalid/truncated UTF-8 (then *cp is set to U+FFFD). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Index of the first invalid byte sequence, or (size_t)-1 if s is valid. */
size_t utf8_first_invalid(const char *s, size_t n);

/* True when cp may appear in an XML 1.0 document. */
bool utf8_xml_allowed(uint32_t cp);

/* Number of code points. */
size_t utf8_length(const char *s, size_t n);

/* Column (1-based, in code points) of byte offset off within a line. */
int utf8_column(const char *line, size_t off);

#endif
