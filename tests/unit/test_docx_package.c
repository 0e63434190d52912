/* Tests for docx_package: round trip, determinism, hostile packages. */
#include "test.h"
#include "docx/docx_package.h"
#include "core/fsio.h"
#include "core/strbuf.h"

#include <stdlib.h>
#include <string.h>

static const char *src_dir(void)
{
    const char *s = getenv("JX_SOURCE_DIR");
    return s ? s : JX_SOURCE_DIR;
}

static docx_package *open_fixture(const char *name, diag_list *dl)
{
    char *path = xasprintf("%s/tests/fixtures/docx/%s", src_dir(), name);
    char *data = NULL;
    size_t len = 0;
    int rc = fsio_read_file(path, 1u << 26, &data, &len, NULL);
    CHECK(rc == 0);
    docx_package *p = rc == 0 ? docx_package_open(data, len, path, dl) : NULL;
    free(data);
    free(path);
    return p;
}

static bool has_code(const diag_list *dl, const char *code)
{
    for (size_t i = 0; i < dl->n; i++)
        if (!strcmp(dl->items[i].code, code)) return true;
    return false;
}

static void test_round_trip(void)
{
    diag_list dl;
    diag_list_init(&dl);
    docx_package *p = docx_package_new("mem");
    const char *doc = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>年度 &amp; 1</w:t></w:r></w:p></w:body></w:document>";
    CHECK(docx_package_put(p, "word/document.xml", doc, strlen(doc)));
    CHECK(docx_package_put(p, "[Content_Types].xml", "<Types/>", 8));
    CHECK(!docx_package_put(p, "../x", "a", 1));
    CHECK(!docx_package_put(p, "/x", "a", 1));
    CHECK(!docx_package_put(p, "a\\b", "a", 1));
    CHECK(!docx_package_put(p, "a/./b", "a", 1));
    char *z1 = NULL, *z2 = NULL;
    size_t n1 = 0, n2 = 0;
    CHECK(docx_package_write(p, &z1, &n1, &dl));
    CHECK(docx_package_write(p, &z2, &n2, &dl));
    CHECK(n1 == n2 && n1 > 0 && memcmp(z1, z2, n1) == 0);
    /* [Content_Types].xml is the first local header's name (offset 30). */
    CHECK(n1 > 49 && memcmp(z1 + 30, "[Content_Types].xml", 19) == 0);
    /* DOS time 0, date 1980-01-01 in the first local header. */
    CHECK((unsigned char)z1[10] == 0 && (unsigned char)z1[11] == 0);
    CHECK((unsigned char)z1[12] == 0x21 && (unsigned char)z1[13] == 0);

    docx_package *q = docx_package_open(z1, n1, "mem2", &dl);
    CHECK(q != NULL);
    if (q) {
        CHECK_INT(docx_package_count(q), 2);
        CHECK_STR(docx_package_name(q, 0), "[Content_Types].xml");
        size_t len = 0;
        const char *d = docx_package_get(q, "WORD/Document.xml", &len);
        CHECK(d && len == strlen(doc) && !memcmp(d, doc, len));
        xmlDoc *x = docx_package_parse(q, "word/document.xml", &dl);
        CHECK(x != NULL);
        if (x) {
            CHECK(docx_package_put_xml(q, "word/document.xml", x));
            xmlFreeDoc(x);
        }
        char *mp = docx_package_main_part(q);
        CHECK_STR(mp, "word/document.xml");
        free(mp);
        docx_package_free(q);
    }
    CHECK_INT(dl.n, 0);
    free(z1);
    free(z2);
    docx_package_free(p);
    diag_list_free(&dl);
}

static void expect_refused(const char *fixture, const char *code)
{
    diag_list dl;
    diag_list_init(&dl);
    docx_package *p = open_fixture(fixture, &dl);
    CHECK(p == NULL);
    CHECK(has_code(&dl, code));
    if (!has_code(&dl, code)) fprintf(stderr, "  fixture %s: expected %s\n", fixture, code);
    docx_package_free(p);
    diag_list_free(&dl);
}

static void test_hostile(void)
{
    expect_refused("traversal.zip", "docx.name");
    expect_refused("absolute.zip", "docx.name");
    expect_refused("backslash.zip", "docx.name");
    expect_refused("duplicate.zip", "docx.name");
    expect_refused("bomb.zip", "docx.limit");
    expect_refused("notct.zip", "docx.zip");
    expect_refused("notzip.docx", "docx.zip");

    diag_list dl;
    diag_list_init(&dl);
    docx_package *p = open_fixture("doctype.zip", &dl);
    CHECK(p != NULL);
    if (p) {
        xmlDoc *x = docx_package_parse(p, "word/document.xml", &dl);
        CHECK(x == NULL);
        CHECK(has_code(&dl, "docx.xml"));
        docx_package_free(p);
    }
    diag_list_free(&dl);

    diag_list_init(&dl);
    xmlDoc *bad = docx_xml_parse("<a><b></a>", 10, "f", "word/document.xml", &dl);
    CHECK(bad == NULL);
    CHECK(dl.n == 1 && strstr(dl.items[0].message, "word/document.xml") != NULL);
    diag_list_free(&dl);

    /* Truncated and random inputs must fail cleanly. */
    diag_list_init(&dl);
    unsigned char junk[512];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof junk; i++) { x = x * 1103515245u + 12345u; junk[i] = (unsigned char)(x >> 16); }
    junk[0] = 'P'; junk[1] = 'K'; junk[2] = 3; junk[3] = 4;
    for (size_t n = 0; n < sizeof junk; n += 37) {
        docx_package *j = docx_package_open(junk, n, "junk", &dl);
        CHECK(j == NULL);
        docx_package_free(j);
    }
    diag_list_free(&dl);
}

/* A control character is reported at its own line and column (columns
 * count characters, so the CJK text before it counts one each); libxml2
 * alone would stop at a NUL and point elsewhere. */
static void test_control_chars(void)
{
    static const char nul_doc[] = "<w:document>\n  <w:t>年度\0x</w:t></w:document>";
    diag_list dl;
    diag_list_init(&dl);
    xmlDoc *x = docx_xml_parse(nul_doc, sizeof nul_doc - 1, "f.docx", "word/document.xml", &dl);
    CHECK(x == NULL);
    CHECK_INT(dl.n, 1);
    if (dl.n == 1) {
        CHECK_INT(dl.items[0].line, 2);
        CHECK_INT(dl.items[0].col, 10);
        CHECK_STR(dl.items[0].message,
                  "The part word/document.xml holds the control character U+0000 at line 2, column 10, which XML does not allow; the file is damaged or was made by a faulty program: remove the character or save the document again from Word.");
    }
    diag_list_free(&dl);

    diag_list_init(&dl);
    static const char vt_doc[] = "<a>\r\n\t<b>\x0b</b></a>";
    x = docx_xml_parse(vt_doc, sizeof vt_doc - 1, "f.docx", "word/styles.xml", &dl);
    CHECK(x == NULL);
    CHECK(dl.n == 1 && dl.items[0].line == 2 && dl.items[0].col == 5 &&
          strstr(dl.items[0].message, "U+000B at line 2, column 5") != NULL);
    diag_list_free(&dl);

    /* tab, CR and LF are allowed */
    diag_list_init(&dl);
    static const char ok_doc[] = "<a>\t\r\n</a>";
    x = docx_xml_parse(ok_doc, sizeof ok_doc - 1, "f.docx", "word/document.xml", &dl);
    CHECK(x != NULL);
    CHECK_INT(dl.n, 0);
    if (x) xmlFreeDoc(x);
    diag_list_free(&dl);
}

int main(void)
{
    test_round_trip();
    test_control_chars();
    test_hostile();
    return test_done();
}
