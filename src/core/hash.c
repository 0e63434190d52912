#include "hash.h"
#include "strbuf.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

struct hash_ctx { GChecksum *c; };

hash_ctx *hash_new(void)
{
    hash_ctx *h = xmalloc(sizeof *h);
    h->c = g_checksum_new(G_CHECKSUM_SHA256);
    return h;
}

void hash_part(hash_ctx *h, const void *data, size_t len)
{
    uint64_t n = len;
    unsigned char le[8];
    for (int i = 0; i < 8; i++) le[i] = (unsigned char)(n >> (8 * i));
    g_checksum_update(h->c, le, 8);
    /* GChecksum takes a gssize; feed large parts in pieces. */
    const unsigned char *p = data;
    while (len) {
        size_t k = len > (1u << 30) ? (1u << 30) : len;
        g_checksum_update(h->c, p, (gssize)k);
        p += k;
        len -= k;
    }
}

void hash_str(hash_ctx *h, const char *s) { hash_part(h, s, s ? strlen(s) : 0); }

void hash_finish(hash_ctx *h, char hex[65])
{
    const char *s = g_checksum_get_string(h->c);
    memcpy(hex, s, 64);
    hex[64] = 0;
    g_checksum_free(h->c);
    free(h);
}

uint64_t hash_fnv1a(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}
