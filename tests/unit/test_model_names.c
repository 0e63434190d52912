/* Project-name matching across lists: the rules of model_names.h, and the
 * same answers as a direct pairwise comparison on many generated names. */
#include "model/model_names.h"
#include "model/model_yaml.h"
#include "test.h"

#include <stdlib.h>

static val_doc *names_doc(const char *const *names, size_t n)
{
    val_doc *d = val_doc_new("t");
    val *l = val_new(d, VAL_LIST, 1, 1);
    for (size_t i = 0; i < n; i++) {
        val *m = val_new(d, VAL_MAP, 1, 1);
        val_map_set(d, m, "名称", val_new_str(d, names[i], strlen(names[i]), 1, 1), 1, 1);
        val_list_push(d, l, m);
    }
    d->root = l;
    return d;
}

static void test_rules(void)
{
    static const char *const names[] = {"殡葬改革", "困难群众救助（含经开区）", "高龄 老人补贴", "　", "社区治理专项资金"};
    val_doc *d = names_doc(names, 5);
    name_set *s = nameset_of(d->root, "名称");
    CHECK(nameset_has(s, "殡葬改革"));
    CHECK(nameset_has(s, "殡葬改革专项"));         /* a listed name is a prefix */
    CHECK(nameset_has(s, "社区治理"));             /* the query is a prefix */
    CHECK(nameset_has(s, "困难群众救助"));         /* remark in brackets dropped */
    CHECK(nameset_has(s, "高龄老人补贴（2024年）"));
    CHECK(!nameset_has(s, "殡葬"  "服务"));
    CHECK(!nameset_has(s, "　"));                  /* blank names match nothing */
    CHECK(!nameset_has(s, ""));
    CHECK(!nameset_has(s, "养老服务"));
    nameset_free(s);
    CHECK(!nameset_has(NULL, "殡葬改革"));
    val_doc_free(d);
}

static bool brute(const char *const *names, size_t n, const char *q)
{
    char *x = model_norm_name(q);
    size_t lx = strlen(x);
    bool f = false;
    for (size_t i = 0; i < n && !f && lx; i++) {
        char *y = model_norm_name(names[i]);
        size_t ly = strlen(y);
        f = ly && !strncmp(x, y, lx < ly ? lx : ly);
        free(y);
    }
    free(x);
    return f;
}

static void test_against_pairwise(void)
{
    /* Short names over a 3-letter alphabet: many prefixes and equal names. */
    enum { N = 300 };
    char buf[N][8];
    const char *names[N];
    unsigned seed = 12345;
    for (size_t i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        int len = 1 + (int)((seed >> 16) % 6);
        for (int k = 0; k < len; k++) { seed = seed * 1103515245u + 12345u; buf[i][k] = (char)('a' + (seed >> 16) % 3); }
        buf[i][len] = 0;
        names[i] = buf[i];
    }
    val_doc *d = names_doc(names, N / 2);
    name_set *s = nameset_of(d->root, "名称");
    int agree = 0;
    for (size_t i = 0; i < N; i++) agree += nameset_has(s, names[i]) == brute(names, N / 2, names[i]);
    CHECK_INT(agree, N);
    nameset_free(s);
    val_doc_free(d);
}

int main(void)
{
    test_rules();
    test_against_pairwise();
    return test_done();
}
