/* Fuzz target: the layout engine and PDF writer, on WordprocessingML.  The
 * bytes are word/document.xml of a DOCX that is otherwise valid. */
#include <stdint.h>
#include "fuzz_common.h"
#include "pdf/pdf_render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t zlen;
    char *zip = fuzz_wrap_document(data, size, &zlen);
    if (!zip) return 0;
    diag_list d;
    diag_list_init(&d);
    pdf_meta meta = {0};
    meta.date = "2024-12-31";
    char *pdf = NULL;
    size_t plen;
    if (pdf_render_docx(zip, zlen, "fuzz.docx", &meta, &pdf, &plen, &d) == 0) free(pdf);
    diag_list_free(&d);
    free(zip);
    return 0;
}
