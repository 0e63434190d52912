/* app_templates — where the bundled templates are and how the CLI loads
 * one (shared by build and fields). */
#ifndef JX_APP_TEMPLATES_H
#define JX_APP_TEMPLATES_H

#include "../core/diag.h"
#include "../tpl/tpl.h"

/* The path of a bundled template: name in the "templates" data directory
 * (src/core/datadir.h: $JIXIAO_TEMPLATES, else the installed one, else the
 * source tree's for a binary in its build directory).  malloc'd; the caller
 * frees. */
char *app_template_path(const char *name);

/* Read and parse a template file, checking its fields against the data
 * format; context as for tpl_load.  NULL with the reasons in diags. */
tpl_template *app_load_template(const char *path, const char *context, diag_list *diags);

#endif
