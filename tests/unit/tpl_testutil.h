/* tpl_testutil — shared helpers for the template tests: build a one-part
 * DOCX from a body snippet, read YAML into a typed tree, render, and cut
 * the body out of the result for golden comparisons. */
#ifndef JX_TPL_TESTUTIL_H
#define JX_TPL_TESTUTIL_H

#include "test.h"
#include "core/strbuf.h"
#include "docx/docx_package.h"
#include "model/model_yaml.h"
#include "model/model_schema.h"
#include "tpl/tpl.h"
#include "docx/docx_wml.h"

#include <stdlib.h>
#include <string.h>

#define W_NS_DECL "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

static const char tu_ct[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "</Types>";
static const char tu_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
    "</Relationships>";

/* A DOCX (malloc'd zip) whose body is body_xml; extra parts as name/xml
 * pairs (NULL-terminated). */
static inline char *tu_docx(const char *body_xml, size_t *len, const char *const *extra)
{
    docx_package *p = docx_package_new("test.docx");
    char *doc = xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                          "<w:document " W_NS_DECL "><w:body>%s</w:body></w:document>", body_xml);
    docx_package_put(p, "[Content_Types].xml", tu_ct, strlen(tu_ct));
    docx_package_put(p, "_rels/.rels", tu_rels, strlen(tu_rels));
    docx_package_put(p, "word/document.xml", doc, strlen(doc));
    for (size_t i = 0; extra && extra[i]; i += 2) docx_package_put(p, extra[i], extra[i + 1], strlen(extra[i + 1]));
    free(doc);
    diag_list dl;
    diag_list_init(&dl);
    char *out = NULL;
    docx_package_write(p, &out, len, &dl);
    diag_list_free(&dl);
    docx_package_free(p);
    return out;
}

static inline val_doc *tu_data(const char *yaml)
{
    diag_list dl;
    diag_list_init(&dl);
    val_doc *d = model_yaml_read("test.yaml", yaml, strlen(yaml), &dl);
    if (d) model_schema_apply(d, &dl);
    for (size_t i = 0; i < dl.n; i++)
        if (dl.items[i].sev >= DIAG_ERROR) fprintf(stderr, "fixture data: %s\n", dl.items[i].message);
    diag_list_free(&dl);
    return d;
}

/* The inside of <w:body> of part (default word/document.xml) of a DOCX. */
static inline char *tu_part_body(const char *zip, size_t len, const char *part)
{
    diag_list dl;
    diag_list_init(&dl);
    docx_package *p = docx_package_open(zip, len, "out.docx", &dl);
    diag_list_free(&dl);
    if (!p) return xstrdup("(no package)");
    const char *x = docx_package_get(p, part ? part : "word/document.xml", NULL);
    char *r = NULL;
    const char *a = x ? strstr(x, "<w:body>") : NULL, *b = x ? strstr(x, "</w:body>") : NULL;
    if (a && b) r = xstrndup(a + 8, (size_t)(b - a - 8));
    else r = xstrdup(x ? x : "(no part)");
    docx_package_free(p);
    return r;
}

/* Render body_xml with yaml; returns the filled body (malloc'd) or NULL
 * when loading failed (then dl holds the errors). */
static inline char *tu_fill(const char *body_xml, const char *yaml, diag_list *dl)
{
    size_t len = 0;
    char *zip = tu_docx(body_xml, &len, NULL);
    tpl_template *t = tpl_load(zip, len, "t.docx", model_schema_root, NULL, dl);
    free(zip);
    if (!t) return NULL;
    val_doc *d = tu_data(yaml);
    char *out = NULL;
    size_t olen = 0;
    char *body = NULL;
    if (d && tpl_render(t, NULL, NULL, d->root, &out, &olen, dl)) body = tu_part_body(out, olen, NULL);
    free(out);
    val_doc_free(d);
    tpl_free(t);
    return body;
}

#endif
