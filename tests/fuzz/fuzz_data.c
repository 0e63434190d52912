/* Fuzz target: the data reader, schema, derivation and every check.
 * Any input must give diagnostics, never a crash, a hang or a leak. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "model/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    diag_list d;
    diag_list_init(&d);
    val_doc *doc = model_load("fuzz.yaml", (const char *)data, size, NULL, &d);
    for (size_t i = 0; i < d.n; i++) {
        char *s = diag_format(&d.items[i]);
        free(s);
    }
    char *j = diag_list_json(&d);
    free(j);
    val_doc_free(doc);
    diag_list_free(&d);
    return 0;
}
