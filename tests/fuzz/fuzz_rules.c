/* Fuzz target: a rules file (rule_set_load) and the text checks.  The
 * input is read as a rules file and then, as one text value, checked with
 * the source tree's rules plus whatever of the input loaded, and matched
 * against the automaton.  Any input must give diagnostics, never a crash,
 * a hang or a leak. */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/fsio.h"
#include "core/strbuf.h"
#include "core/utf8.h"
#include "model/model_rules.h"
#include "model/model_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void load_builtin(rule_set *rs)
{
    const char *src = getenv("JX_SOURCE_DIR");
    char *dir = xasprintf("%s/rules", src ? src : JX_SOURCE_DIR);
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 6 || strcmp(e->d_name + l - 5, ".yaml")) continue;
        char *p = xasprintf("%s/%s", dir, e->d_name), *buf = NULL, *err = NULL;
        size_t len = 0;
        if (fsio_read_file(p, RULES_MAX_FILE_BYTES, &buf, &len, &err) == 0) {
            diag_list dl;
            diag_list_init(&dl);
            rule_set_load(rs, p, buf, len, &dl);
            diag_list_free(&dl);
        }
        free(buf);
        free(err);
        free(p);
    }
    if (d) closedir(d);
    free(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    static rule_set *builtin;   /* loaded once: it is the same for every input */
    if (!builtin) {
        builtin = rule_set_new();
        load_builtin(builtin);
    }
    rule_set *rs = rule_set_new();
    diag_list d;
    diag_list_init(&d);
    rule_set_load(rs, "fuzz.yaml", s, size, &d);
    static rule_match m[64];
    rule_set_match(rs, s, size, m, 64);
    /* the input as one text value (the checks expect valid UTF-8, as the reader guarantees) */
    val_doc *doc = val_doc_new("fuzz.yaml");
    char *txt = xstrndup(s, size);
    for (size_t i = 0; i < size; i++)
        if (!txt[i]) txt[i] = ' ';
    if (utf8_first_invalid(txt, size) == (size_t)-1) {
        val *v = val_new_str(doc, txt, size, 1, 1);
        val *list = val_new(doc, VAL_LIST, 1, 1);
        val_list_push(doc, list, v);
        val_list_push(doc, list, v);
        doc->root = list;
        for (int y = 2016; y <= 2026; y += 5) {
            model_text_check(doc, y, builtin, &d);
            model_text_check(doc, y, rs, &d);
        }
    }
    free(txt);
    val_doc_free(doc);
    diag_list_free(&d);
    rule_set_free(rs);
    return 0;
}
