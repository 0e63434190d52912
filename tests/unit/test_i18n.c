/* The message catalog: .mo lookup in both byte orders and refusal of damaged
 * images, the choice of language from the environment, the embedded Chinese
 * catalog, jx_strerror, and diagnostics rendered in Chinese. */
#include "core/i18n.h"
#include "core/diag.h"
#include "test.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

/* A .mo image of n sorted pairs, in either byte order. */
typedef struct { unsigned char b[1024]; size_t len; } image;

static void put32(image *m, size_t off, uint32_t v, bool big)
{
    for (int i = 0; i < 4; i++)
        m->b[off + (size_t)i] = (unsigned char)(big ? v >> (24 - 8 * i) : v >> (8 * i));
}

static image make_mo(const char *const *orig, const char *const *trans, uint32_t n, bool big)
{
    image m;
    memset(&m, 0, sizeof m);
    uint32_t ot = 28, tt = ot + 8 * n, str = tt + 8 * n;
    put32(&m, 0, 0x950412deu, big);
    put32(&m, 4, 0, big);
    put32(&m, 8, n, big);
    put32(&m, 12, ot, big);
    put32(&m, 16, tt, big);
    for (uint32_t i = 0; i < n; i++) {
        for (int k = 0; k < 2; k++) {
            const char *s = k ? trans[i] : orig[i];
            uint32_t l = (uint32_t)strlen(s);
            put32(&m, (k ? tt : ot) + 8 * i, l, big);
            put32(&m, (k ? tt : ot) + 8 * i + 4, str, big);
            memcpy(m.b + str, s, l + 1);
            str += l + 1;
        }
    }
    m.len = str;
    return m;
}

static const char *const O[] = {"", "apple", "error", "warning"};
static const char *const T[] = {"Content-Type: text/plain; charset=UTF-8\n", "苹果", "错误", ""};

static void test_mo(void)
{
    for (int big = 0; big < 2; big++) {
        image m = make_mo(O, T, 4, big);
        CHECK_STR(jx_mo_lookup(m.b, m.len, "apple"), "苹果");
        CHECK_STR(jx_mo_lookup(m.b, m.len, "error"), "错误");
        CHECK(jx_mo_lookup(m.b, m.len, "warning") == NULL);     /* empty translation = untranslated */
        CHECK(jx_mo_lookup(m.b, m.len, "zebra") == NULL);
        CHECK(jx_mo_lookup(m.b, m.len, "a") == NULL);
        /* every truncation is refused, never read past */
        for (size_t cut = 0; cut < m.len; cut++)
            CHECK(jx_mo_lookup(m.b, cut, "apple") == NULL);
        /* a string offset pointing outside the image */
        image bad = m;
        put32(&bad, 28 + 8 * 4 + 8 * 1 + 4, 100000, big);
        CHECK(jx_mo_lookup(bad.b, bad.len, "apple") == NULL);
        /* a length that runs over the terminating NUL */
        bad = m;
        put32(&bad, 28 + 8 * 2, 6, big);
        CHECK(jx_mo_lookup(bad.b, bad.len, "error") == NULL);
        /* a count whose tables do not fit */
        bad = m;
        put32(&bad, 8, 0x40000000u, big);
        CHECK(jx_mo_lookup(bad.b, bad.len, "apple") == NULL);
        /* wrong magic, unknown major revision */
        bad = m;
        bad.b[0] ^= 1;
        CHECK(jx_mo_lookup(bad.b, bad.len, "apple") == NULL);
        bad = m;
        put32(&bad, 4, 0x10000, big);
        CHECK(jx_mo_lookup(bad.b, bad.len, "apple") == NULL);
    }
    /* unsorted originals would break the binary search: refused */
    static const char *const O2[] = {"b", "a"}, *const T2[] = {"乙", "甲"};
    image u = make_mo(O2, T2, 2, false);
    CHECK(jx_mo_lookup(u.b, u.len, "a") == NULL);
    CHECK(jx_mo_lookup(NULL, 0, "a") == NULL);
}

static void test_pick(void)
{
    CHECK(!jx_lang_pick_english(NULL, NULL, NULL, NULL));                   /* nothing set: Chinese */
    CHECK(!jx_lang_pick_english(NULL, NULL, NULL, "C.UTF-8"));              /* fresh server */
    CHECK(!jx_lang_pick_english(NULL, NULL, NULL, "C"));
    CHECK(!jx_lang_pick_english(NULL, "POSIX", NULL, NULL));
    CHECK(!jx_lang_pick_english(NULL, NULL, NULL, "zh_CN.UTF-8"));
    CHECK(jx_lang_pick_english(NULL, NULL, NULL, "en_US.UTF-8"));
    CHECK(jx_lang_pick_english("en", NULL, NULL, "zh_CN.UTF-8"));          /* LANGUAGE first */
    CHECK(!jx_lang_pick_english("zh_CN:en", NULL, NULL, "en_US.UTF-8"));
    CHECK(jx_lang_pick_english("fr:en_GB", NULL, NULL, NULL));             /* no catalog for fr: skipped */
    CHECK(!jx_lang_pick_english("fr:de", NULL, NULL, "zh_CN.UTF-8"));      /* neither: next variable */
    CHECK(!jx_lang_pick_english("", "C.UTF-8", NULL, "en_US.UTF-8"));      /* empty = unset; LC_ALL decides */
    CHECK(jx_lang_pick_english(NULL, "", "en_US.UTF-8", "zh_CN.UTF-8"));   /* LC_MESSAGES before LANG */
    CHECK(jx_lang_pick_english(NULL, NULL, NULL, "de_DE.UTF-8"));          /* other languages: the msgids */
    CHECK(jx_lang_pick_english(NULL, NULL, NULL, "en"));
    CHECK(!jx_lang_pick_english(NULL, NULL, NULL, "zh_TW.UTF-8"));         /* any Chinese: the catalog */
}

/* The embedded catalog and the process's language (LANGUAGE=zh_CN set in main). */
static void test_catalog(void)
{
    CHECK(jx_catalog_zh_CN_len > 28);
    CHECK_STR(jx_mo_lookup(jx_catalog_zh_CN, jx_catalog_zh_CN_len, "error"), "错误");
    CHECK(!jx_lang_english());
    CHECK_STR(_("warning"), "警告");
    CHECK_STR(_("not a message of this program"), "not a message of this program");
    CHECK_STR(_(""), "");
    CHECK_STR(jx_strerror(ENOENT), "文件不存在");
    CHECK_STR(jx_strerror(EACCES), "没有访问权限");
    CHECK_STR(jx_strerror(99999), "系统错误 99999");
    /* every library text the code passes through _() has a translation */
    for (const char *const *s = jx_library_msgids; *s; s++)
        CHECK(strcmp(_(*s), *s) != 0);

    diag_list l;
    diag_list_init(&l);
    diag_loc loc = {"x.yaml", 3, 7, NULL, 0, NULL, NULL};
    diag_add(&l, DIAG_WARNING, loc, "D7", "三公经费 does not give %s, so 三公经费 = 出国 + 接待 + 车辆 cannot be checked; write 0 if there was none.", "公务接待费");
    char *s = diag_format(&l.items[0]);
    CHECK_STR(s, "x.yaml:3:7: 警告：三公经费未填公务接待费，无法核对“三公经费 = 出国 + 接待 + 车辆”；如无此项支出，请填 0。[D7]");
    free(s);
    char *j = diag_list_json(&l);
    CHECK(strstr(j, "\"severity\":\"warning\"") != NULL);       /* keywords stay stable */
    CHECK(strstr(j, "三公经费未填公务接待费") != NULL);            /* UTF-8, not \u escapes */
    free(j);
    diag_list_free(&l);
}

int main(void)
{
    setenv("LANGUAGE", "zh_CN", 1);
    test_mo();
    test_pick();
    test_catalog();
    return test_done();
}
