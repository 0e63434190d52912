#include "app_unit.h"
#include "../core/i18n.h"
#include "app_common.h"
#include "app_templates.h"
#include "app_limits.h"
#include "../core/datadir.h"
#include "app_rules.h"
#include "../core/fsio.h"
#include "../core/strbuf.h"
#include "../pdf/pdf_render.h"

#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool app_unit_env_init(app_unit_env *env, const char *report_path, const char *form_path,
                       bool no_forms, diag_list *diags)
{
    memset(env, 0, sizeof *env);
    model_options_default(&env->opts);
    env->report_path = report_path ? xstrdup(report_path) : app_template_path("report.docx");
    env->form_path = no_forms ? NULL : form_path ? xstrdup(form_path) : app_template_path("form.docx");
    env->report = app_load_template(env->report_path, NULL, diags);
    if (env->form_path) env->form = app_load_template(env->form_path, "自评表", diags);
    bool ok = env->report && (!env->form_path || env->form);
    datadir_origin o;
    char *dir = datadir_path("templates", &o);
    if (!ok && o == DATADIR_MISSING && (!report_path || (!no_forms && !form_path))) {
        /* The usual cause on a server: a binary copied out of its build or install tree. */
        diag_loc l = {dir, 0, 0, NULL, 0, NULL, NULL};
        diag_add(diags, DIAG_NOTE, l, "io",
                 "The bundled templates are not where this program looks for them (%s); install jixiao with "
                 "its data (the Debian package, or cmake --install), set JIXIAO_TEMPLATES to the directory "
                 "holding report.docx and form.docx, or give -t and --form-template.", dir);
    }
    free(dir);
    return ok;
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
    diag_loc l = {path, 0, 0, NULL, 0, NULL, NULL};
    diag_add(diags, DIAG_FATAL, l, "io", "%s", err);
    free(err);
    return false;
}

/* The suffix of the longest output name (batch --changes). */
#define LONGEST_SUFFIX ".changes.txt"

bool app_unit_name_check(const val *root, const char *data_path, diag_list *diags)
{
    char *base = app_unit_base_name(root);
    size_t n = strlen(base) + strlen(LONGEST_SUFFIX);
    bool ok = n <= APP_MAX_OUTPUT_NAME_BYTES;
    if (!ok) {
        const val *v = val_get(root, "单位名称");
        diag_loc l = {data_path, v ? v->line : 0, v ? v->col : 0, NULL, 0, NULL, NULL};
        size_t fixed = n - strlen(val_str(v) ? val_str(v) : "report");     /* "-年度.changes.txt" */
        size_t room = fixed < APP_MAX_OUTPUT_NAME_BYTES ? APP_MAX_OUTPUT_NAME_BYTES - fixed : 0;
        diag_add(diags, DIAG_ERROR, l, "name-too-long",
                 "单位名称 is too long to be a file name: the output %s%s would be %zu bytes, more than the %d bytes "
                 "a file name may have. Shorten 单位名称 to at most %zu bytes in UTF-8 (%zu Chinese characters).",
                 base, LONGEST_SUFFIX, n, APP_MAX_OUTPUT_NAME_BYTES, room, room / 3);
    }
    free(base);
    return ok;
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

/* An output that is one of the inputs would destroy it: refused before
 * anything is written. */
static bool not_an_input(const app_unit_env *env, const char *data_path, const char *out, diag_list *diags)
{
    const char *inputs[] = {data_path, env->report_path, env->form_path};
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++)
        if (inputs[i] && fsio_same_file(inputs[i], out)) {
            diag_loc l = {out, 0, 0, NULL, 0, NULL, NULL};
            diag_add(diags, DIAG_FATAL, l, "io",
                     "The output %s is the input %s itself; writing it would destroy the input. "
                     "Choose another output directory, or move the input out of it.", out, inputs[i]);
            return false;
        }
    char *err = NULL;
    if (fsio_check_dest(out, &err) == 0) return true;
    diag_loc l = {out, 0, 0, NULL, 0, NULL, NULL};
    diag_add(diags, DIAG_FATAL, l, "io", "%s", err);
    free(err);
    return false;
}

/* The commit protocol (batch passes a journal path; build does not).
 *   1. Every output of the unit is written to a temporary file next to it
 *      and fsynced (fsio_write_temp).  A failure here (a full disk, a
 *      file size limit) removes the temporary files: nothing was replaced.
 *   2. The journal, listing each temporary name and its final name, is
 *      written atomically.  From this point the new outputs are complete
 *      on disk and the unit is committed.
 *   3. The temporary files are renamed into place, then the journal is
 *      removed.
 * A run killed during step 3 leaves the journal: the next batch run
 * replays it (app_unit_replay_journal) before it removes leftover
 * temporary files, renaming the ones not yet renamed, so the unit ends
 * with all its new outputs.  Killed before step 2, the temporary files are
 * removed and the unit keeps all its old outputs.  The unit's state in
 * OUT/.jixiao is written only after step 3, so either way the next run
 * rebuilds it. */
typedef struct { char *tmp, *final; } pending;

static const char *file_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void journal_add(strbuf *j, const char *s)
{
    strbuf_adds(j, s);
    strbuf_addc(j, 0);
}

static bool commit_all(pending *p, size_t n, const char *journal, diag_list *diags)
{
    char *err = NULL;
    if (journal) {
        strbuf j = STRBUF_INIT;
        strbuf_adds(&j, "jixiao-commit 1");
        strbuf_addc(&j, 0);
        /* Names within OUT, not paths: the next run may spell OUT differently. */
        for (size_t i = 0; i < n; i++) { journal_add(&j, file_name(p[i].tmp)); journal_add(&j, file_name(p[i].final)); }
        int e = fsio_write_atomic(journal, j.data, j.len, &err);
        strbuf_free(&j);
        if (e) {
            for (size_t i = 0; i < n; i++) unlink(p[i].tmp);
            diag_loc l = {journal, 0, 0, NULL, 0, NULL, NULL};
            diag_add(diags, DIAG_FATAL, l, "io", "%s None of the unit's outputs were replaced.", err);
            free(err);
            return false;
        }
    }
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        if (fsio_commit(p[i].tmp, p[i].final, &err) != 0) {
            diag_loc l = {p[i].final, 0, 0, NULL, 0, NULL, NULL};
            diag_add(diags, DIAG_FATAL, l, "io", "%s", err);
            free(err);
            err = NULL;
            ok = false;
        }
    }
    if (journal) unlink(journal);
    return ok;
}

int app_unit_replay_journal(const char *journal, const char *outdir, char **err_msg)
{
    char *data = NULL;
    size_t len = 0;
    int e = fsio_read_file(journal, APP_MAX_JOURNAL_BYTES, &data, &len, err_msg);
    if (e) return e;
    static const char magic[] = "jixiao-commit 1";
    if (len < sizeof magic || memcmp(data, magic, sizeof magic) || data[len - 1]) {
        free(data);
        if (err_msg) *err_msg = xasprintf("%s is not a jixiao commit journal; it was left in place. Remove it.", journal);
        return EINVAL;
    }
    /* Only plain names in OUT, as this program writes them, are renamed. */
    for (size_t i = sizeof magic; i < len;) {
        const char *tname = data + i;
        i += strlen(tname) + 1;
        if (i >= len) break;
        const char *fname = data + i;
        i += strlen(fname) + 1;
        if (!*tname || !*fname || strchr(tname, '/') || strchr(fname, '/') || !strstr(tname, ".tmp.")
            || fname[0] == '.')
            continue;
        char *tmp = xasprintf("%s/%s", outdir, tname), *fin = xasprintf("%s/%s", outdir, fname);
        struct stat st;
        if (lstat(tmp, &st) == 0 && S_ISREG(st.st_mode)) {
            char *err = NULL;
            if (fsio_commit(tmp, fin, &err) != 0) {
                if (err_msg && !e) *err_msg = err; else free(err);
                e = e ? e : EIO;
            }
        }
        free(tmp);
        free(fin);
    }
    free(data);
    if (!e) unlink(journal);
    return e;
}

bool app_unit_build(const app_unit_env *env, const char *data_path, const char *data, size_t len,
                    const char *outdir, app_unit_result *res)
{
    return app_unit_build_j(env, data_path, data, len, outdir, NULL, res);
}

bool app_unit_build_j(const app_unit_env *env, const char *data_path, const char *data, size_t len,
                      const char *outdir, const char *journal, app_unit_result *res)
{
    memset(res, 0, sizeof *res);
    diag_list_init(&res->diags);
    model_options opts = env->opts;
    const app_rules *rules = app_rules_for(data_path);
    app_rules_report(rules, &res->diags);
    opts.rules = rules->rules;
    val_doc *doc = model_load(data_path, data, len, &opts, &res->diags);
    if (!doc) { diag_list_sort(&res->diags); return false; }
    bool name_ok = app_unit_name_check(doc->root, data_path, &res->diags);
    diag_list_sort(&res->diags);
    res->base = app_unit_base_name(doc->root);
    char *docx_path = xasprintf("%s/%s.docx", outdir, res->base);
    char *pdf_path = env->no_pdf ? NULL : xasprintf("%s/%s.pdf", outdir, res->base);
    char *check_path = env->write_check ? xasprintf("%s/%s.check.txt", outdir, res->base) : NULL;
    bool ok = name_ok && not_an_input(env, data_path, docx_path, &res->diags)
              && (!pdf_path || not_an_input(env, data_path, pdf_path, &res->diags))
              && (!check_path || not_an_input(env, data_path, check_path, &res->diags));
    size_t nwarn = res->diags.counts[DIAG_WARNING];
    if (ok && env->strict && nwarn && !diag_has_errors(&res->diags)) {
        /* The final run before publishing: a warning is then as good as an
         * error, and the clerk must know that this is why nothing was built. */
        diag_loc l = {data_path, 0, 0, NULL, 0, NULL, NULL};
        diag_add(&res->diags, DIAG_ERROR, l, "strict",
                 "--strict was given and the data has %zu warning(s), so no report was built from it; correct them, or build without --strict.",
                 nwarn);
        diag_list_sort(&res->diags);
    }
    if (ok && diag_has_errors(&res->diags)) {
        /* Data with errors builds nothing; the check report still tells
         * the clerk why, so it alone is written (the DOCX and PDF stay the
         * last good ones). */
        if (check_path) {
            char *txt = check_report(&res->diags);
            if (write_out(check_path, txt, strlen(txt), &res->diags)) { res->check_path = check_path; check_path = NULL; }
            free(txt);
        }
        ok = false;
    }
    if (!ok) {
        free(docx_path);
        free(pdf_path);
        free(check_path);
        val_doc_free(doc);
        return false;
    }
    size_t data_diags = res->diags.n;
    char *zip = NULL, *pdf = NULL;
    size_t zlen = 0, plen = 0;
    ok = tpl_render(env->report, env->form, "自评表", doc->root, &zip, &zlen, &res->diags);
    if (ok && !env->no_pdf) {
        pdf_meta meta = {0};
        meta.title = val_str(val_get(doc->root, "报告标题"));
        meta.author = val_str(val_get(doc->root, "单位名称"));
        meta.subject = val_str(val_get(doc->root, "报告类型"));
        meta.date = val_str(val_get(doc->root, "报告日期"));
        ok = pdf_render_docx(zip, zlen, res->base, &meta, &pdf, &plen, &res->diags) == 0;
    }
    /* The data had no errors (checked above), so any error now is the
     * template's or the layout's (a picture that cannot be shown…): the PDF
     * would lack content, so nothing is replaced. */
    if (ok && diag_has_errors(&res->diags))
        ok = false;
    char *txt = NULL;
    if (ok && check_path) {
        diag_list only;     /* the data findings: rendering messages go to the batch log */
        diag_list_init(&only);
        for (size_t i = 0; i < data_diags; i++) {
            diag *x = &res->diags.items[i];
            diag_loc l = {x->file, x->line, x->col, x->part, x->para, x->tag, x->sheet};
            diag_add(&only, x->sev, l, x->code, "%s", x->message);
        }
        txt = check_report(&only);
        diag_list_free(&only);
    }
    /* Every output is complete on disk before any is renamed into place
     * (the protocol above), so a failure at any point leaves the unit's
     * previous outputs all in place. */
    pending p[3];
    size_t np = 0;
    struct { char *path; const void *data; size_t len; } outs[3] = {
        {docx_path, zip, zlen}, {pdf_path, pdf, plen}, {check_path, txt, txt ? strlen(txt) : 0}};
    for (size_t i = 0; ok && i < 3; i++) {
        if (!outs[i].path) continue;
        char *err = NULL, *tmp = NULL;
        if (fsio_write_temp(outs[i].path, outs[i].data, outs[i].len, &tmp, &err) != 0) {
            diag_loc l = {outs[i].path, 0, 0, NULL, 0, NULL, NULL};
            diag_add(&res->diags, DIAG_FATAL, l, "io", "%s None of the unit's outputs were replaced.", err);
            free(err);
            ok = false;
            break;
        }
        p[np].tmp = tmp;
        p[np].final = outs[i].path;
        np++;
    }
    if (!ok) for (size_t i = 0; i < np; i++) unlink(p[i].tmp);
    else ok = commit_all(p, np, journal, &res->diags);
    for (size_t i = 0; i < np; i++) free(p[i].tmp);
    if (ok) {
        res->docx_path = docx_path;
        res->pdf_path = pdf_path;
        res->check_path = check_path;
    } else {
        free(docx_path);
        free(pdf_path);
        free(check_path);
    }
    free(txt);
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
