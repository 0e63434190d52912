#include "app_rules.h"
#include "../core/datadir.h"
#include "../core/fsio.h"
#include "../core/hash.h"
#include "../core/i18n.h"
#include "../core/strbuf.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *builtin_dir;
static datadir_origin builtin_origin;

const char *app_rules_builtin_dir(void)
{
    /* Looked up once per process: batch asks for every unit. */
    if (!builtin_dir) builtin_dir = datadir_path("rules", &builtin_origin);
    return builtin_dir;
}

static char **extra;
static size_t nextra;

void app_rules_add_dir(const char *dir)
{
    extra = xrealloc(extra, (nextra + 1) * sizeof *extra);
    extra[nextra++] = xstrdup(dir);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcmp(s + a - b, suf);
}

/* Load every *.yaml of dir; a missing directory is an error only when it
 * was asked for (required). */
static void load_dir(app_rules *r, hash_ctx *h, const char *dir, bool required)
{
    DIR *d = opendir(dir);
    if (!d) {
        if (required)
            diag_add(&r->diags, DIAG_ERROR, (diag_loc){.file = dir}, "rules.invalid",
                     "The rules directory %s cannot be read; give a directory that holds rules files (*.yaml).", dir);
        return;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || (!ends_with(e->d_name, ".yaml") && !ends_with(e->d_name, ".yml"))) continue;
        names = xrealloc(names, (n + 1) * sizeof *names);
        names[n++] = xasprintf("%s/%s", dir, e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        char *data = NULL, *err = NULL;
        size_t len = 0;
        if (fsio_read_file(names[i], RULES_MAX_FILE_BYTES, &data, &len, &err) != 0) {
            diag_add(&r->diags, DIAG_ERROR, (diag_loc){.file = names[i]}, "rules.invalid", "%s", err);
            free(err);
        } else {
            hash_str(h, names[i]);
            hash_part(h, data, len);
            rule_set_load(r->rules, names[i], data, len, &r->diags);
        }
        free(data);
        free(names[i]);
    }
    free(names);
}

static app_rules cache;
static char *cache_key;

const app_rules *app_rules_for(const char *data_path)
{
    /* 规则/ beside the data file */
    const char *slash = data_path ? strrchr(data_path, '/') : NULL;
    char *local = slash ? xasprintf("%.*s/规则", (int)(slash - data_path), data_path) : xstrdup("规则");
    if (!is_dir(local)) { free(local); local = xstrdup(""); }
    if (cache_key && !strcmp(cache_key, local)) { free(local); return &cache; }
    free(cache_key);
    rule_set_free(cache.rules);
    diag_list_free(&cache.diags);
    diag_list_init(&cache.diags);
    cache.rules = rule_set_new();
    hash_ctx *h = hash_new();
    const char *builtin = app_rules_builtin_dir();
    load_dir(&cache, h, builtin, builtin_origin == DATADIR_ENV);
    for (size_t i = 0; i < nextra; i++) load_dir(&cache, h, extra[i], true);
    if (*local) load_dir(&cache, h, local, true);
    hash_finish(h, cache.hash);
    cache_key = local;
    return &cache;
}

void app_rules_report(const app_rules *r, diag_list *diags)
{
    for (size_t k = 0; k < r->diags.n; k++) {
        const diag *x = &r->diags.items[k];
        diag_loc l = {x->file, x->line, x->col, x->part, x->para, x->tag, x->sheet};
        diag_add(diags, x->sev, l, x->code, "%s", x->message);
    }
}
