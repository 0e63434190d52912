/* docs/data-format.md documents every field of the schema: a field added
 * to the code without a line in the format's description fails here. */
#include <stdlib.h>
#include "core/fsio.h"
#include "core/strbuf.h"
#include "model/model_schema.h"
#include "test.h"

static const char *doc_text;

static void check_field(const char *path, const field_def *f, void *ctx)
{
    (void)ctx;
    char *needle = xasprintf("`%s`", f->name);
    if (!strstr(doc_text, needle)) {
        test_failed++;
        fprintf(stderr, "docs/data-format.md does not document the field %s (no %s)\n", path, needle);
    } else {
        test_passed++;
    }
    free(needle);
}

int main(void)
{
    const char *src = getenv("JX_SOURCE_DIR");
    char *path = xasprintf("%s/docs/data-format.md", src ? src : JX_SOURCE_DIR);
    char *data = NULL, *err = NULL;
    size_t len;
    if (fsio_read_file(path, 1 << 22, &data, &len, &err)) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    doc_text = data;
    model_schema_walk(check_field, NULL);
    free(data);
    free(path);
    return test_done();
}
