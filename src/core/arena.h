/* arena — bump allocator for trees that die together.
 * Everything allocated from an arena is freed by arena_free; individual
 * blocks are never freed.  Used by the value tree and the layout engine so
 * that ownership of thousands of small nodes is one line. */
#ifndef JX_ARENA_H
#define JX_ARENA_H

#include <stddef.h>

typedef struct arena arena;

arena *arena_new(void);
void arena_free(arena *a);              /* NULL is fine */
void *arena_alloc(arena *a, size_t n);  /* zeroed, aligned to 16 */
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
size_t arena_used(const arena *a);

#endif
