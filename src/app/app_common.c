#include "app_common.h"
#include "../core/fsio.h"
#include "../model/model_limits.h"

#include <stdlib.h>
#ifdef __GLIBC__   /* defined by any libc header, <stdlib.h> above */
#include <malloc.h>
#endif

val_doc *app_load_data(const char *path, const model_options *opts, diag_list *diags)
{
    char *data = NULL, *err = NULL;
    size_t len = 0;
    if (fsio_read_file(path, MODEL_MAX_FILE_BYTES, &data, &len, &err) != 0) {
        diag_loc l = {path, 0, 0, NULL, 0, NULL};
        diag_add(diags, DIAG_FATAL, l, "io", "%s", err);
        free(err);
        return NULL;
    }
    val_doc *doc = model_load(path, data, len, opts, diags);
    free(data);
    return doc;
}

void app_print_diags(const diag_list *d, FILE *out)
{
    for (size_t i = 0; i < d->n; i++) {
        char *s = diag_format(&d->items[i]);
        fprintf(out, "%s\n", s);
        free(s);
    }
}

void app_keep_heap(void)
{
#ifdef __GLIBC__
    /* Setting either turns off glibc's own adjustment of both: below 32 MB
     * (the largest threshold glibc takes) blocks come from the heap, and the
     * heap's top is given back only beyond 128 MB free. */
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024 * 1024);
#endif
}
