/* The bundled templates (templates/report.docx, form.docx) against the
 * samples: every sample fills, the same input gives the same bytes, parts
 * without tags stay byte-identical, and copies of the templates re-saved
 * by LibreOffice (tests/fixtures/tpl: runs split at every character class,
 * styles renamed, rsids dropped) fill to exactly the same text. */
#include "tpl_testutil.h"
#include "core/fsio.h"
#include "model/model.h"

#include <dirent.h>

static const char *src_dir(void)
{
    const char *s = getenv("JX_SOURCE_DIR");
    return s ? s : JX_SOURCE_DIR;
}

static char *slurp(const char *rel, size_t *len)
{
    char *path = xasprintf("%s/%s", src_dir(), rel);
    char *data = NULL;
    if (fsio_read_file(path, 1u << 26, &data, len, NULL) != 0) data = NULL;
    free(path);
    return data;
}

static tpl_template *load(const char *rel, const char *context)
{
    size_t len = 0;
    char *data = slurp(rel, &len);
    CHECK(data != NULL);
    if (!data) return NULL;
    diag_list dl;
    diag_list_init(&dl);
    tpl_template *t = tpl_load(data, len, rel, model_schema_root, context, &dl);
    for (size_t i = 0; i < dl.n; i++) {
        char *s = diag_format(&dl.items[i]);
        fprintf(stderr, "%s\n", s);
        free(s);
    }
    CHECK(t != NULL);
    diag_list_free(&dl);
    free(data);
    return t;
}

static val_doc *sample(const char *name)
{
    char *rel = xasprintf("samples/%s", name);
    size_t len = 0;
    char *data = slurp(rel, &len);
    val_doc *d = NULL;
    if (data) {
        diag_list dl;
        diag_list_init(&dl);
        model_options o;
        model_options_default(&o);
        d = model_load(rel, data, len, &o, &dl);
        if (d && diag_has_errors(&dl)) {
            val_doc_free(d);
            d = NULL;
        }
        diag_list_free(&dl);
    }
    free(data);
    free(rel);
    return d;
}

/* The visible text of word/document.xml, paragraph per line. */
static char *doc_text(const char *zip, size_t len)
{
    diag_list dl;
    diag_list_init(&dl);
    docx_package *p = docx_package_open(zip, len, "out", &dl);
    xmlDoc *x = p ? docx_package_parse(p, "word/document.xml", &dl) : NULL;
    strbuf b = STRBUF_INIT;
    if (x) {
        xmlNode *body = docx_child_w(xmlDocGetRootElement(x), "body");
        docx_text(body, &b);
        xmlFreeDoc(x);
    }
    docx_package_free(p);
    diag_list_free(&dl);
    return b.data ? strbuf_take(&b) : xstrdup("");
}

static char *render(tpl_template *r, tpl_template *f, const val_doc *d, size_t *len)
{
    diag_list dl;
    diag_list_init(&dl);
    char *out = NULL;
    bool ok = tpl_render(r, f, "自评表", d->root, &out, len, &dl);
    CHECK(ok);
    for (size_t i = 0; i < dl.n; i++) fprintf(stderr, "render: %s\n", dl.items[i].message);
    diag_list_free(&dl);
    return out;
}

static bool same_part(const char *za, size_t la, const char *zb, size_t lb, const char *part)
{
    diag_list dl;
    diag_list_init(&dl);
    docx_package *a = docx_package_open(za, la, "a", &dl), *b = docx_package_open(zb, lb, "b", &dl);
    size_t na = 0, nb = 0;
    const char *pa = a ? docx_package_get(a, part, &na) : NULL, *pb = b ? docx_package_get(b, part, &nb) : NULL;
    bool same = pa && pb && na == nb && !memcmp(pa, pb, na);
    docx_package_free(a);
    docx_package_free(b);
    diag_list_free(&dl);
    return same;
}

int main(void)
{
    tpl_template *report = load("templates/report.docx", NULL);
    tpl_template *form = load("templates/form.docx", "自评表");
    tpl_template *lo_report = load("tests/fixtures/tpl/report-resaved-by-libreoffice.docx", NULL);
    tpl_template *lo_form = load("tests/fixtures/tpl/form-resaved-by-libreoffice.docx", "自评表");
    if (!report || !form || !lo_report || !lo_form) return test_done();

    char *dir = xasprintf("%s/samples", src_dir());
    DIR *dh = opendir(dir);
    int n = 0;
    for (struct dirent *e; dh && (e = readdir(dh));) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".yaml")) continue;
        val_doc *d = sample(e->d_name);
        if (!d) continue;       /* samples with errors are not built */
        n++;
        size_t l1 = 0, l2 = 0, l3 = 0;
        char *a = render(report, form, d, &l1);
        char *b = render(report, form, d, &l2);
        char *c = render(lo_report, lo_form, d, &l3);
        CHECK(a && b && l1 == l2 && !memcmp(a, b, l1));
        if (a && c) {
            char *ta = doc_text(a, l1), *tc = doc_text(c, l3);
            if (strcmp(ta, tc)) fprintf(stderr, "%s: the re-saved template fills differently\n", e->d_name);
            CHECK(!strcmp(ta, tc));
            /* no tag survives the fill */
            CHECK(strstr(ta, "{{") == NULL && strstr(ta, "}}") == NULL);
            const char *unit = val_str(val_get(d->root, "单位名称"));
            CHECK(unit && strstr(ta, unit));
            free(ta);
            free(tc);
            /* parts without tags are copied byte for byte */
            size_t tl = 0;
            char *tz = slurp("templates/report.docx", &tl);
            CHECK(same_part(a, l1, tz, tl, "word/settings.xml"));
            CHECK(same_part(a, l1, tz, tl, "word/styles.xml"));
            free(tz);
        }
        free(a);
        free(b);
        free(c);
        val_doc_free(d);
    }
    if (dh) closedir(dh);
    free(dir);
    CHECK(n >= 1);
    tpl_free(report);
    tpl_free(form);
    tpl_free(lo_report);
    tpl_free(lo_form);
    return test_done();
}
