/* app_render — `jixiao render FILE.docx -o FILE.pdf [--title T]
 * [--author A] [--subject S] [--date YYYY-MM-DD]`: lays out any DOCX in the
 * supported subset (docs/rendering.md) as a PDF. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "../core/i18n.h"
#include "app/app_common.h"
#include "core/diag.h"
#include "core/fsio.h"
#include "docx/docx_limits.h"
#include "pdf/pdf_render.h"

static const char render_usage[] =
    N_("usage: jixiao render FILE.docx -o FILE.pdf [--title T] [--author A] [--subject S] [--date YYYY-MM-DD]\n");

int app_render(int argc, char **argv)
{
    const char *in = NULL, *outpath = NULL;
    pdf_meta meta = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = !strcmp(a, "-o") || !strcmp(a, "--output") ? &outpath
                          : !strcmp(a, "--title") ? &meta.title
                          : !strcmp(a, "--author") ? &meta.author
                          : !strcmp(a, "--subject") ? &meta.subject
                          : !strcmp(a, "--date") ? &meta.date : NULL;
        if (slot) {
            if (i + 1 >= argc) {
                { fprintf(stderr, _("jixiao render: %s needs a value.\n"), a); fputs(_(render_usage), stderr); }
                return 2;
            }
            *slot = argv[++i];
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(_(render_usage), stdout);
            return 0;
        } else if (a[0] == '-' && a[1]) {
            { fprintf(stderr, _("jixiao render: unknown option %s.\n"), a); fputs(_(render_usage), stderr); }
            return 2;
        } else if (!in) {
            in = a;
        } else {
            { fputs(_("jixiao render: only one input file is rendered at a time.\n"), stderr); fputs(_(render_usage), stderr); }
            return 2;
        }
    }
    if (!in || !outpath) {
        fputs(_(render_usage), stderr);
        return 2;
    }
    char buf[32];
    if (meta.date && !pdf_date_normalise(meta.date, buf, sizeof buf)) {
        fprintf(stderr, _("jixiao render: --date %s is not a date of the form YYYY-MM-DD.\n"), meta.date);
        return 2;
    }

    char *data = NULL, *err = NULL;
    size_t len = 0;
    /* Refused before the work, not after it: the input would be lost, and
     * a device or FIFO replaced by a regular file. */
    if (fsio_same_file(in, outpath)) {
        fprintf(stderr, _("jixiao render: the output %s is the input %s itself; writing it would destroy the input. "
                        "Choose another output path.\n"), outpath, in);
        return 2;
    }
    if (fsio_check_dest(outpath, &err) != 0) {
        fprintf(stderr, _("jixiao render: %s\n"), err);
        free(err);
        return 2;
    }
    if (fsio_read_file(in, DOCX_MAX_FILE_BYTES, &data, &len, &err) != 0) {
        fprintf(stderr, _("jixiao render: %s\n"), err ? err : in);
        free(err);
        return 2;
    }
    diag_list d;
    diag_list_init(&d);
    char *pdf = NULL;
    size_t pdf_len = 0;
    int rc = pdf_render_docx(data, len, in, &meta, &pdf, &pdf_len, &d);
    free(data);
    diag_list_sort(&d);
    app_print_diags(&d, stderr);
    /* An error means the PDF would not show the document as it is (a part
     * that could not be read, a picture left out): no PDF is written, so a
     * script never takes an incomplete one for a good one. */
    bool errors = diag_has_errors(&d);
    diag_list_free(&d);
    if (rc != 0 || errors) {
        fprintf(stderr, _("jixiao render: %s could not be rendered.\n"), in);
        free(pdf);
        return 1;
    }
    int status = 0;
    if (fsio_write_atomic(outpath, pdf, pdf_len, &err) != 0) {
        fprintf(stderr, _("jixiao render: %s\n"), err ? err : outpath);
        free(err);
        status = 2;
    }
    free(pdf);
    return status;
}
