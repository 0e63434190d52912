/* jixiao diff OLD.yaml NEW.yaml — the figures and texts that changed
 * between two versions of a unit's data. */
#include "app.h"
#include "../core/i18n.h"
#include "app_common.h"
#include "../core/strbuf.h"
#include "../core/utf8.h"
#include "../model/model_diff.h"

#include <stdlib.h>
#include <string.h>

static const char diff_usage[] =
    N_("usage: jixiao diff [--format text|json] OLD NEW\n"
    "  Lists the figures and texts that changed, then the computed figures they moved (.yaml or .xlsx, any pair).\n"
    "  Exit status: 0 no change, 1 changes, 2 a file is unusable or the command line is wrong.\n");

/* Long texts are cut for the listing; the data file has them whole. */
static void add_text(strbuf *b, const char *s)
{
    if (!s) { strbuf_adds(b, "（无）"); return; }
    size_t n = strlen(s), i = 0, chars = 0;
    while (i < n && chars < 60) {
        uint32_t cp;
        size_t l = utf8_decode(s + i, n - i, &cp);
        i += l ? l : 1;
        chars++;
    }
    for (size_t k = 0; k < i; k++) strbuf_addc(b, s[k] == '\n' ? ' ' : s[k]);
    if (i < n) strbuf_adds(b, "…");
}

/* Where a value of one side was written: "项目!C7" or "line 5". */
static void add_where(strbuf *b, const val_doc *doc, unsigned sheet, int line, int col)
{
    char cell[16];
    if (doc && sheet && sheet <= doc->nsheets && line && col)
        strbuf_printf(b, "%s!%s", doc->sheets[sheet - 1], diag_cell_name(line, col, cell));
    else
        /* TRANSLATORS: a line of a data file, in the diff listing. */
        strbuf_printf(b, _("line %d"), line);
}

static void add_change(strbuf *b, const change *c, const val_doc *da, const val_doc *db)
{
    strbuf_printf(b, "  %s: ", c->path);
    if (c->kind == CHANGE_ADDED) { strbuf_adds(b, "新增 "); add_text(b, c->new_text); }
    else if (c->kind == CHANGE_REMOVED) { strbuf_adds(b, "删除 "); add_text(b, c->old_text); }
    else { add_text(b, c->old_text); strbuf_adds(b, " → "); add_text(b, c->new_text); }
    if (c->delta) strbuf_printf(b, " (%s)", c->delta);
    if ((c->old_sheet && da) || (c->new_sheet && db)) {
        strbuf_adds(b, "  [");
        add_where(b, da, c->old_sheet, c->old_line, c->old_col);
        strbuf_adds(b, " → ");
        add_where(b, db, c->new_sheet, c->new_line, c->new_col);
        strbuf_adds(b, "]");
    } else if (c->new_line || c->old_line) strbuf_printf(b, _("  [line %d → %d]"), c->old_line, c->new_line);
    strbuf_addc(b, '\n');
}

char *app_diff_text(const change_list *ch, const char *old_label, const char *new_label)
{
    return app_diff_text_docs(ch, NULL, NULL, old_label, new_label);
}

char *app_diff_text_docs(const change_list *ch, const val_doc *da, const val_doc *db,
                         const char *old_label, const char *new_label)
{
    strbuf b = STRBUF_INIT;
    size_t given = 0;
    for (size_t i = 0; i < ch->n; i++) given += !ch->items[i].derived;
    if (!ch->n) {
        strbuf_printf(&b, _("%s and %s do not differ.\n"), old_label, new_label);
        return strbuf_take(&b);
    }
    strbuf_printf(&b, _("%s → %s: %zu change(s) in the data\n"), old_label, new_label, given);
    for (size_t i = 0; i < ch->n; i++)
        if (!ch->items[i].derived) add_change(&b, &ch->items[i], da, db);
    if (ch->n > given) {
        strbuf_printf(&b, _("Computed figures that change as a result (%zu):\n"), ch->n - given);
        for (size_t i = 0; i < ch->n; i++)
            if (ch->items[i].derived) add_change(&b, &ch->items[i], da, db);
    }
    return strbuf_take(&b);
}

static void json_str(strbuf *b, const char *k, const char *v)
{
    strbuf_printf(b, ",\"%s\":", k);
    if (!v) { strbuf_adds(b, "null"); return; }
    strbuf_addc(b, '"');
    strbuf_add_json(b, v);
    strbuf_addc(b, '"');
}

int app_diff(int argc, char **argv)
{
    bool json = false;
    const char *files[2];
    int nf = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--format") && i + 1 < argc) json = !strcmp(argv[++i], "json");
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { fputs(_(diff_usage), stdout); return 0; }
        else if (argv[i][0] == '-' && argv[i][1]) { { fprintf(stderr, _("jixiao diff: unknown option \"%s\".\n"), argv[i]); fputs(_(diff_usage), stderr); } return 2; }
        else if (nf < 2) files[nf++] = argv[i];
        else { fputs(_(diff_usage), stderr); return 2; }
    }
    if (nf != 2) { fputs(_(diff_usage), stderr); return 2; }

    model_options opts;
    model_options_default(&opts);
    opts.run_checks = false;
    diag_list d;
    diag_list_init(&d);
    val_doc *a = app_load_data(files[0], &opts, &d);
    val_doc *b = app_load_data(files[1], &opts, &d);
    if (!a || !b || diag_has_errors(&d)) {
        app_print_diags(&d, stderr);
        fprintf(stderr, "%s", _("jixiao diff: fix the errors above first; a file with errors cannot be compared.\n"));
        val_doc_free(a);
        val_doc_free(b);
        diag_list_free(&d);
        return 2;
    }
    change_list ch;
    model_diff(a->root, b->root, &ch);
    if (json) {
        strbuf s = STRBUF_INIT;
        strbuf_adds(&s, "[");
        for (size_t i = 0; i < ch.n; i++) {
            const change *c = &ch.items[i];
            strbuf_printf(&s, "%s\n {\"change\":\"%s\"", i ? "," : "",
                          c->kind == CHANGE_ADDED ? "added" : c->kind == CHANGE_REMOVED ? "removed" : "changed");
            json_str(&s, "path", c->path);
            json_str(&s, "old", c->old_text);
            json_str(&s, "new", c->new_text);
            json_str(&s, "delta", c->delta);
            strbuf_printf(&s, ",\"derived\":%s,\"old_line\":%d,\"new_line\":%d", c->derived ? "true" : "false", c->old_line, c->new_line);
            /* A workbook side also names its sheet and cell. */
            const val_doc *sides[2] = {a, b};
            unsigned sh[2] = {c->old_sheet, c->new_sheet};
            int ln[2] = {c->old_line, c->new_line}, cl[2] = {c->old_col, c->new_col};
            for (int k = 0; k < 2; k++) {
                if (!sh[k] || sh[k] > sides[k]->nsheets || !ln[k] || !cl[k]) continue;
                char cell[16];
                json_str(&s, k ? "new_sheet" : "old_sheet", sides[k]->sheets[sh[k] - 1]);
                json_str(&s, k ? "new_cell" : "old_cell", diag_cell_name(ln[k], cl[k], cell));
            }
            strbuf_adds(&s, "}");
        }
        strbuf_adds(&s, ch.n ? "\n]\n" : "]\n");
        fputs(s.data, stdout);
        strbuf_free(&s);
    } else {
        char *txt = app_diff_text_docs(&ch, a, b, files[0], files[1]);
        fputs(txt, stdout);
        free(txt);
    }
    int status = ch.n ? 1 : 0;
    model_diff_free(&ch);
    val_doc_free(a);
    val_doc_free(b);
    diag_list_free(&d);
    return status;
}
