/* hash — content hashes for deciding what to rebuild.
 *
 * SHA-256 through GLib's GChecksum (GLib comes with pango already, so this
 * adds no dependency).  A hash_ctx accumulates parts; each part is
 * length-prefixed so that ("ab","c") and ("a","bc") hash differently. */
#ifndef JX_HASH_H
#define JX_HASH_H

#include <stddef.h>
#include <stdint.h>

typedef struct hash_ctx hash_ctx;

hash_ctx *hash_new(void);
void hash_part(hash_ctx *h, const void *data, size_t len);
void hash_str(hash_ctx *h, const char *s);
/* Finish: 64 hex digits and a NUL into hex[65]; frees h. */
void hash_finish(hash_ctx *h, char hex[65]);

/* FNV-1a, 64 bit: a fast, stable (platform-independent) hash for sharding. */
uint64_t hash_fnv1a(const char *s, size_t len);

#endif
