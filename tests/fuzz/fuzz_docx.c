/* Fuzz target: the DOCX package reader (zip + XML), on raw bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "docx/docx_package.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_list d;
    diag_list_init(&d);
    docx_package *p = docx_package_open(data, size, "fuzz.docx", &d);
    if (p) {
        for (size_t i = 0; i < docx_package_count(p); i++) {
            const char *name = docx_package_name(p, i);
            size_t len;
            (void)docx_package_get(p, name, &len);
            size_t n = strlen(name);
            if (n > 4 && !strcmp(name + n - 4, ".xml")) {
                xmlDoc *x = docx_package_parse(p, name, &d);
                if (x) xmlFreeDoc(x);
            }
        }
        char *out = NULL;
        size_t olen;
        if (docx_package_write(p, &out, &olen, &d)) free(out);
        docx_package_free(p);
    }
    diag_list_free(&d);
    return 0;
}
