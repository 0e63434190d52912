#include "i18n.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the .mo format ------------------------------------------------------
 * Header of 32-bit words in the writer's byte order: magic 0x950412de,
 * revision, N strings, offset of the originals table, offset of the
 * translations table (then the hash table, which we do not use).  Each table
 * has N (length, offset) pairs; the originals are sorted by strcmp, so a
 * binary search finds a msgid.  Every offset is checked once, before any
 * lookup, so a damaged image gives English, never a read out of bounds. */

#define MO_MAGIC 0x950412deu
#define MO_MAGIC_SWAPPED 0xde120495u

typedef struct {
    const unsigned char *p;
    size_t len;
    bool swap;
    uint32_t n, orig, trans;
} mo_view;

static uint32_t rd32(const mo_view *m, size_t off)
{
    const unsigned char *b = m->p + off;
    uint32_t v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    if (m->swap) v = (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
    return v;
}

/* String i of a table at tab: NULL unless the whole string and its NUL lie in the image. */
static const char *mo_str(const mo_view *m, uint32_t tab, uint32_t i, uint32_t *slen)
{
    uint64_t ent = (uint64_t)tab + (uint64_t)i * 8;
    if (ent + 8 > m->len) return NULL;
    uint32_t l = rd32(m, (size_t)ent), off = rd32(m, (size_t)ent + 4);
    if ((uint64_t)off + l >= m->len || m->p[off + l] != 0) return NULL;
    if (slen) *slen = l;
    return (const char *)m->p + off;
}

static bool mo_open(mo_view *m, const unsigned char *p, size_t len)
{
    memset(m, 0, sizeof *m);
    if (!p || len < 20) return false;
    m->p = p;
    m->len = len;
    uint32_t magic = rd32(m, 0);
    if (magic == MO_MAGIC_SWAPPED) m->swap = true;
    else if (magic != MO_MAGIC) return false;
    if (rd32(m, 4) >> 16 != 0) return false;   /* major revision 0 is the only one defined */
    m->n = rd32(m, 8);
    m->orig = rd32(m, 12);
    m->trans = rd32(m, 16);
    if ((uint64_t)m->orig + (uint64_t)m->n * 8 > len || (uint64_t)m->trans + (uint64_t)m->n * 8 > len)
        return false;
    const char *prev = NULL;
    for (uint32_t i = 0; i < m->n; i++) {
        const char *o = mo_str(m, m->orig, i, NULL);
        if (!o || !mo_str(m, m->trans, i, NULL)) return false;
        if (prev && strcmp(prev, o) >= 0) return false;   /* binary search needs strict order */
        prev = o;
    }
    return true;
}

static const char *mo_find(const mo_view *m, const char *msgid)
{
    uint32_t lo = 0, hi = m->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = strcmp(msgid, mo_str(m, m->orig, mid, NULL));
        if (c == 0) {
            uint32_t tl = 0;
            const char *t = mo_str(m, m->trans, mid, &tl);
            return tl ? t : NULL;
        }
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return NULL;
}

const char *jx_mo_lookup(const unsigned char *mo, size_t len, const char *msgid)
{
    mo_view m;
    if (!msgid || !mo_open(&m, mo, len)) return NULL;
    return mo_find(&m, msgid);
}

/* ---- the language --------------------------------------------------------- */

static bool starts(const char *s, const char *prefix) { return !strncmp(s, prefix, strlen(prefix)); }

/* 1 English, 0 Chinese, -1 another language. */
static int classify(const char *v, size_t n)
{
    if (n >= 2 && (!strncmp(v, "en", 2)) && (n == 2 || v[2] == '_' || v[2] == '.' || v[2] == '@' || v[2] == '-')) return 1;
    if (n >= 2 && !strncmp(v, "zh", 2)) return 0;
    if ((n == 1 && v[0] == 'C') || (n > 1 && starts(v, "C.")) || (n == 5 && starts(v, "POSIX"))) return 0;
    return -1;
}

bool jx_lang_pick_english(const char *language, const char *lc_all, const char *lc_messages, const char *lang)
{
    if (language && *language) {
        for (const char *s = language; *s;) {
            size_t n = strcspn(s, ":");
            if (classify(s, n) == 1) return true;
            if (n >= 2 && !strncmp(s, "zh", 2)) return false;
            s += n;
            if (*s == ':') s++;
        }
    }
    const char *v[3] = {lc_all, lc_messages, lang};
    for (int i = 0; i < 3; i++)
        if (v[i] && *v[i]) return classify(v[i], strlen(v[i])) != 0;
    return false;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool english;
static bool have_catalog;
static mo_view catalog;

static void init(void)
{
    english = jx_lang_pick_english(getenv("LANGUAGE"), getenv("LC_ALL"), getenv("LC_MESSAGES"), getenv("LANG"));
    have_catalog = !english && mo_open(&catalog, jx_catalog_zh_CN, jx_catalog_zh_CN_len);
}

bool jx_lang_english(void)
{
    pthread_once(&once, init);
    return english;
}

const char *jx_gettext(const char *msgid)
{
    if (!msgid || !*msgid) return msgid;   /* "" is the catalog header */
    pthread_once(&once, init);
    if (!have_catalog) return msgid;
    const char *t = mo_find(&catalog, msgid);
    return t ? t : msgid;
}

/* ---- system errors ---------------------------------------------------------- */

static const struct { int err; const char *text; } errtexts[] = {
    {ENOENT, N_("No such file or directory")},
    {EACCES, N_("Permission denied")},
    {EPERM, N_("Operation not permitted")},
    {EISDIR, N_("Is a directory")},
    {ENOTDIR, N_("Not a directory")},
    {ENOSPC, N_("No space left on device")},
    {EDQUOT, N_("Disk quota exceeded")},
    {EFBIG, N_("File too large")},
    {EROFS, N_("Read-only file system")},
    {EEXIST, N_("File exists")},
    {ENOTEMPTY, N_("Directory not empty")},
    {ENAMETOOLONG, N_("File name too long")},
    {ELOOP, N_("Too many levels of symbolic links")},
    {EMFILE, N_("Too many open files")},
    {ENFILE, N_("Too many open files in system")},
    {EIO, N_("Input/output error")},
    {EXDEV, N_("Invalid cross-device link")},
    {EBUSY, N_("Device or resource busy")},
    {EINVAL, N_("Invalid argument")},
    {ENOMEM, N_("Cannot allocate memory")},
    {ETXTBSY, N_("Text file busy")},
    {EAGAIN, N_("Resource temporarily unavailable")},
    {EINTR, N_("Interrupted system call")},
    {ENXIO, N_("No such device or address")},
    {ENODEV, N_("No such device")},
    {EOVERFLOW, N_("Value too large for defined data type")},
    {ESTALE, N_("Stale file handle")},
    {EPIPE, N_("Broken pipe")},
};

const char *jx_strerror(int err)
{
    for (size_t i = 0; i < sizeof errtexts / sizeof errtexts[0]; i++)
        if (errtexts[i].err == err) return _(errtexts[i].text);
    static _Thread_local char buf[96];
    snprintf(buf, sizeof buf, _("System error %d"), err);
    return buf;
}
