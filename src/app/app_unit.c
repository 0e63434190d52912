#include "app_unit.h"
#include "../core/i18n.h"
#include "app_common.h"
#include "app_templates.h"
#include "../core/fsio.h"
#include "../core/strbuf.h"
#include "../pdf/pdf_render.h"

#include <stdlib.h>
#include <string.h>

bool app_unit_env_init(app_unit_env *env, const char *report_path, const char *form_path,
                       bool no_forms, diag_list *diags)
{
    memset(env, 0, sizeof *env);
    model_options_default(&env->opts);
    env->report_path = report_path ? xstrdup(report_path) : app_template_path("report.docx");
    env->form_path = no_forms ? NULL : form_path ? xstrdup(form_path) : app_template_path("form.docx");
    env->report = app_load_template(env->report_path, NULL, diags);
    if (env->form_path) env->form = app_load_template(env->form_path, "自评表", diags);
    return env->report && (!env->form_path || env->form);
}

void app_unit_env_free(app_unit_env *env)
{
    tpl_free(env->report);
    tpl_free(env->form);
    free(env->report_path);
    free(env->form_path);
    memset(env, 0, sizeof *env);
}

char *app_unit_base_name(const val *root)
{
    const char *unit = val_str(val_get(root, "单位名称"));
    qnum year;
    char ybuf[64] = "";
    if (val_num(val_get(root, "年度"), &year)) qnum_format(year, 0, ybuf, sizeof ybuf);
    strbuf b = STRBUF_INIT;
    for (const char *p = unit ? unit : "report"; *p; p++) {
        unsigned char c = (unsigned char)*p;
        strbuf_addc(&b, (c < 0x20 || c == '/' || c == '\\' || c == 0x7f) ? '_' : (char)c);
    }
    if (b.len && b.data[0] == '.') b.data[0] = '_';
    strbuf_printf(&b, "-%s", ybuf);
    return strbuf_take(&b);
}

static bool write_out(const char *path, const void *data, size_t len, diag_list *diags)
{
    char *err = NULL;
    if (fsio_write_atomic(path, data, len, &err) == 0) return true;
    diag_loc l = {path, 0, 0, NULL, 0, NULL};
    diag_add(diags, DIAG_FATAL, l, "io", "%s", err);
    free(err);
    return false;
}

static char *check_report(const diag_list *d)
{
    strbuf b = STRBUF_INIT;
    for (size_t i = 0; i < d->n; i++) {
        char *s = diag_format(&d->items[i]);
        strbuf_printf(&b, "%s\n", s);
        free(s);
    }
    strbuf_printf(&b, _("%zu error(s), %zu warning(s), %zu note(s).\n"),
                  d->counts[DIAG_ERROR] + d->counts[DIAG_FATAL], d->counts[DIAG_WARNING], d->counts[DIAG_NOTE]);
    return strbuf_take(&b);
}

bool app_unit_build(const app_unit_env *env, const char *data_path, const char *data, size_t len,
                    const char *outdir, app_unit_result *res)
{
    memset(res, 0, sizeof *res);
    diag_list_init(&res->diags);
    val_doc *doc = model_load(data_path, data, len, &env->opts, &res->diags);
    diag_list_sort(&res->diags);
    if (!doc) return false;
    res->base = app_unit_base_name(doc->root);
    if (diag_has_errors(&res->diags)) {
        /* Data with errors builds nothing; the check report still tells
         * the clerk why, so it is written. */
        if (env->write_check) {
            char *path = xasprintf("%s/%s.check.txt", outdir, res->base);
            char *txt = check_report(&res->diags);
            if (write_out(path, txt, strlen(txt), &res->diags)) res->check_path = path;
            else free(path);
            free(txt);
        }
        val_doc_free(doc);
        return false;
    }
    size_t data_diags = res->diags.n;
    char *zip = NULL, *pdf = NULL;
    size_t zlen = 0, plen = 0;
    bool ok = tpl_render(env->report, env->form, "自评表", doc->root, &zip, &zlen, &res->diags);
    if (ok && !env->no_pdf) {
        pdf_meta meta = {0};
        meta.title = val_str(val_get(doc->root, "报告标题"));
        meta.author = val_str(val_get(doc->root, "单位名称"));
        meta.subject = val_str(val_get(doc->root, "报告类型"));
        meta.date = val_str(val_get(doc->root, "报告日期"));
        ok = pdf_render_docx(zip, zlen, res->base, &meta, &pdf, &plen, &res->diags) == 0;
    }
    /* Both outputs are made in memory before either is written, so a
     * failure leaves the previous pair untouched. */
    if (ok) {
        char *docx_path = xasprintf("%s/%s.docx", outdir, res->base);
        ok = write_out(docx_path, zip, zlen, &res->diags);
        if (ok) res->docx_path = docx_path; else free(docx_path);
    }
    if (ok && pdf) {
        char *pdf_path = xasprintf("%s/%s.pdf", outdir, res->base);
        ok = write_out(pdf_path, pdf, plen, &res->diags);
        if (ok) res->pdf_path = pdf_path; else free(pdf_path);
    }
    if (env->write_check) {
        char *path = xasprintf("%s/%s.check.txt", outdir, res->base);
        diag_list only;     /* the data findings: rendering messages go to the batch log */
        diag_list_init(&only);
        for (size_t i = 0; i < data_diags; i++) {
            diag *x = &res->diags.items[i];
            diag_loc l = {x->file, x->line, x->col, x->part, x->para, x->tag};
            diag_add(&only, x->sev, l, x->code, "%s", x->message);
        }
        char *txt = check_report(&only);
        if (write_out(path, txt, strlen(txt), &res->diags)) res->check_path = path;
        else { free(path); ok = false; }
        free(txt);
        diag_list_free(&only);
    }
    free(zip);
    free(pdf);
    val_doc_free(doc);
    res->ok = ok;
    return ok;
}

void app_unit_result_free(app_unit_result *res)
{
    free(res->base);
    free(res->docx_path);
    free(res->pdf_path);
    free(res->check_path);
    diag_list_free(&res->diags);
    memset(res, 0, sizeof *res);
}
