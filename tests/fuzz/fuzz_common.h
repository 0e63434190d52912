/* Shared by the fuzz targets: wrap fuzz bytes as the main document part of
 * an otherwise valid DOCX, so the fuzzer spends its time on the XML the
 * template engine and the layout engine read rather than on the zip. */
#ifndef JX_FUZZ_COMMON_H
#define JX_FUZZ_COMMON_H

#include <stdlib.h>
#include <string.h>
#include "docx/docx_package.h"

static const char fuzz_content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "</Types>";
static const char fuzz_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
    "</Relationships>";

/* A DOCX (malloc'd zip bytes) whose word/document.xml is data; NULL if the
 * package writer refuses. */
static char *fuzz_wrap_document(const unsigned char *data, size_t size, size_t *out_len)
{
    docx_package *p = docx_package_new("fuzz.docx");
    char *zip = NULL;
    diag_list d;
    diag_list_init(&d);
    if (docx_package_put(p, "[Content_Types].xml", fuzz_content_types, strlen(fuzz_content_types)) &&
        docx_package_put(p, "_rels/.rels", fuzz_rels, strlen(fuzz_rels)) &&
        docx_package_put(p, "word/document.xml", data, size))
        if (!docx_package_write(p, &zip, out_len, &d)) zip = NULL;
    diag_list_free(&d);
    docx_package_free(p);
    return zip;
}

#endif
