/* app_templates — see app_templates.h. */
#include "app_templates.h"
#include "../core/datadir.h"
#include "../core/fsio.h"
#include "../core/strbuf.h"
#include "../docx/docx_limits.h"
#include "../model/model_schema.h"

#include <stdlib.h>

char *app_template_path(const char *name)
{
    char *dir = datadir_path("templates", NULL);
    char *p = xasprintf("%s/%s", dir, name);
    free(dir);
    return p;
}

tpl_template *app_load_template(const char *path, const char *context, diag_list *diags)
{
    char *data = NULL, *err = NULL;
    size_t len = 0;
    if (fsio_read_file(path, DOCX_MAX_FILE_BYTES, &data, &len, &err) != 0) {
        diag_loc l = {path, 0, 0, NULL, 0, NULL, NULL};
        diag_add(diags, DIAG_FATAL, l, "io", "%s", err);
        free(err);
        return NULL;
    }
    tpl_template *t = tpl_load(data, len, path, model_schema_root, context, diags);
    free(data);
    return t;
}
