/* jixiao batch DIR|MANIFEST -o OUT — build every unit of a county.
 *
 * The parent lists the units, decides which changed (a content hash of the
 * data, the templates, the fonts configuration and the program version,
 * kept in OUT/.jixiao/state), and hands the rest to N worker processes
 * over a pipe.  Workers are forked before anything threaded starts, and
 * each sets up fonts once for all the units it builds.  A unit's failure,
 * even a crash of its worker, never stops the others.  A unit's outputs
 * are replaced together through a commit journal in OUT/.jixiao/state
 * (the protocol is in app_unit.c): a run killed at any moment leaves each
 * unit with all its old outputs or all its new ones, once the next run has
 * replayed the journals (replay_journals, before leftover temporary files
 * are removed).  Output-name collisions are found before building, on
 * every run; outputs of units no longer in the input are reported
 * (list_stale) and removed only with --prune. */
#include "app.h"
#include "../core/i18n.h"
#include "app_common.h"
#include "app_unit.h"
#include "../core/datadir.h"
#include "../core/fsio.h"
#include "../core/hash.h"
#include "app_rules.h"
#include "../core/strbuf.h"
#include "../layout/layout_fonts.h"
#include "../model/model_diff.h"
#include "../model/model_limits.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char batch_usage[] = N_(
    "usage: jixiao batch DIR|MANIFEST -o OUT [-j N] [--shard I/N] [--force] [--changes] [--prune]\n"
    "                    [-t REPORT.docx] [--form-template FORM.docx] [--no-forms] [--no-pdf] [--strict] [--rules DIR]...\n"
    "  Builds every unit (DIR/*.yaml and *.xlsx, or the files listed one per line in MANIFEST) into OUT:\n"
    "  <单位名称>-<年度>.docx, .pdf and .check.txt.  Only units whose data, templates, rules, fonts\n"
    "  configuration or program version changed are rebuilt; --force rebuilds all.\n"
    "  -j N        worker processes (default: the number of cores)\n"
    "  --shard I/N build only the I-th of N disjoint, stable subsets (1 <= I <= N)\n"
    "  --changes   write <单位名称>-<年度>.changes.txt: what changed since the last build\n"
    "  --prune     remove the outputs of units whose data file is no longer in the input\n"
    "  --strict    a unit with warnings fails too (notes never do): the final run before publishing\n"
    "  --rules DIR more check rules (*.yaml) besides the bundled ones; a 规则/ folder beside the data counts too\n"
    "  Exit status: 0 all built or unchanged, 1 some unit failed, 2 usage or unusable templates.\n");

typedef struct {
    char *path;         /* as given (DIR/x.yaml or relative to the manifest) */
    char *rel;          /* the name that identifies the unit: path relative to DIR/MANIFEST */
    char id[17];        /* hex FNV-1a of rel: state and snapshot file names */
    char key[65];       /* content hash of everything the outputs depend on */
    enum { U_PENDING, U_UNCHANGED, U_BUILT, U_FAILED } state;
    bool other_shard;   /* --shard: another machine builds it */
    int warnings, errors, changes;
    char *base;
    char *reason;
    char *summary;      /* what changed, one line (record.summary) */
} unit;

/* One message from a worker; written whole (smaller than PIPE_BUF, so
 * writes from several workers never interleave). */
typedef struct {
    char type;          /* 'S' started, 'D' done */
    int worker, job, ok, warnings, errors, changes;
    long rss_kb, pss_kb, uss_kb;    /* peaks so far in this worker */
    long usec;                      /* this unit's build time */
    char base[256];
    char reason[512];
    char summary[1024]; /* what changed since the last build, one line; empty if unknown */
} record;

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static bool has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && !strcmp(s + n - k, suf);
}

/* The units of a directory (sorted) or of a manifest (in its order). */
static int list_units(const char *src, unit **out, size_t *n, char **err)
{
    struct stat st;
    *out = NULL;
    *n = 0;
    if (stat(src, &st) != 0) { *err = xasprintf(_("Cannot open %s: %s."), src, jx_strerror(errno)); return -1; }
    char **names = NULL;
    size_t count = 0, cap = 0;
    char *dir = NULL;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(src);
        if (!d) { *err = xasprintf(_("Cannot read the directory %s: %s."), src, jx_strerror(errno)); return -1; }
        struct dirent *e;
        while ((e = readdir(d))) {
            /* Workbooks too; "~$x.xlsx" (Excel, WPS) and ".~lock.x.xlsx#"
             * (LibreOffice) are the lock files of a workbook being edited. */
            if (e->d_name[0] == '.' || !strncmp(e->d_name, "~$", 2) ||
                !(has_suffix(e->d_name, ".yaml") || has_suffix(e->d_name, ".yml") || has_suffix(e->d_name, ".json") ||
                  has_suffix(e->d_name, ".xlsx")))
                continue;
            if (count == cap) { cap = cap ? cap * 2 : 64; names = xrealloc(names, cap * sizeof *names); }
            names[count++] = xstrdup(e->d_name);
        }
        closedir(d);
        qsort(names, count, sizeof *names, cmp_str);
        dir = xstrdup(src);
    } else {
        char *data, *e2 = NULL;
        size_t len;
        if (fsio_read_file(src, 64u << 20, &data, &len, &e2) != 0) { *err = e2; return -1; }
        char *slash = strrchr(src, '/');
        dir = slash ? xstrndup(src, (size_t)(slash - src)) : xstrdup(".");
        for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
            while (*line == ' ' || *line == '\t') line++;
            size_t l = strlen(line);
            while (l && (line[l - 1] == ' ' || line[l - 1] == '\r' || line[l - 1] == '\t')) line[--l] = 0;
            if (!l || line[0] == '#') continue;
            if (count == cap) { cap = cap ? cap * 2 : 64; names = xrealloc(names, cap * sizeof *names); }
            names[count++] = xstrdup(line);
        }
        free(data);
    }
    unit *u = xcalloc(count ? count : 1, sizeof *u);
    for (size_t i = 0; i < count; i++) {
        u[i].rel = names[i];
        u[i].path = names[i][0] == '/' ? xstrdup(names[i]) : xasprintf("%s/%s", dir, names[i]);
        snprintf(u[i].id, sizeof u[i].id, "%016llx", (unsigned long long)hash_fnv1a(names[i], strlen(names[i])));
    }
    free(names);
    free(dir);
    *out = u;
    *n = count;
    return 0;
}

static char *read_all(const char *path, size_t max, size_t *len)
{
    char *data = NULL, *err = NULL;
    if (!path || fsio_read_file(path, max, &data, len, &err) != 0) { free(err); *len = 0; return NULL; }
    return data;
}

static bool file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Whether a file in OUT or its state belongs to a unit this run builds:
 * with --shard, other shards may be writing into the same OUT right now,
 * and their temporary files and journals are theirs to settle.  Without
 * --shard everything in OUT is this run's. */
typedef struct { const unit *units; size_t n; bool sharded; bool by_id; } owner_filter;

static bool owned_by_run(const owner_filter *f, const char *name)
{
    if (!f || !f->sharded) return true;
    for (size_t i = 0; i < f->n; i++) {
        const unit *u = &f->units[i];
        const char *key = f->by_id ? u->id : u->base;
        size_t k = key ? strlen(key) : 0;
        if (!u->other_shard && k && !strncmp(name, key, k) && name[k] == '.') return true;
    }
    return false;
}

/* A killed run can leave temporary files behind; they are never outputs. */
static void remove_stale_temps(const char *dir, const owner_filter *f)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strstr(e->d_name, ".tmp.") && owned_by_run(f, e->d_name)) {
            char *p = xasprintf("%s/%s", dir, e->d_name);
            unlink(p);
            free(p);
        }
    closedir(d);
}

typedef struct {
    const char *out, *state_dir, *snap_dir;
    bool changes, no_pdf;
    const app_unit_env *env;
} batch_cfg;

static void send_record(int fd, const record *r)
{
    const char *p = (const char *)r;
    size_t left = sizeof *r;
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0) { if (errno == EINTR) continue; _exit(3); }
        p += w;
        left -= (size_t)w;
    }
}

static void copy_str(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

/* The data findings and any rendering problem, for a failed unit's one-line reason. */
static void first_error(const diag_list *d, char *buf, size_t size)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].sev >= DIAG_ERROR) {
            char *s = diag_format(&d->items[i]);
            copy_str(buf, size, s);
            free(s);
            return;
        }
    copy_str(buf, size, _("the unit could not be built"));
}

/* The data changes since the unit's last build (its snapshot): their
 * number (-1 when there is no snapshot), a one-line summary in summary,
 * and with --changes the full listing in OUT/<base>.changes.txt. */
static int count_changes(const batch_cfg *cfg, unit *u, const char *data, size_t len, const char *base,
                         char *summary, size_t size)
{
    size_t olen;
    char *snap = xasprintf("%s/%s.yaml", cfg->snap_dir, u->id);
    char *old = read_all(snap, MODEL_MAX_FILE_BYTES, &olen);
    int n = -1;
    if (old) {
        model_options o;
        model_options_default(&o);
        o.run_checks = false;
        diag_list d;
        diag_list_init(&d);
        val_doc *a = model_load(snap, old, olen, &o, &d);
        val_doc *b = model_load(u->path, data, len, &o, &d);
        if (a && b && !diag_has_errors(&d)) {
            change_list ch;
            model_diff(a->root, b->root, &ch);
            if (cfg->changes) {
                char *txt = app_diff_text(&ch, "上次生成", u->path);
                char *path = xasprintf("%s/%s.changes.txt", cfg->out, base);
                char *err = NULL;
                if (fsio_write_atomic(path, txt, strlen(txt), &err) != 0) free(err);
                free(path);
                free(txt);
            }
            char *brief = app_diff_brief(&ch, 3);
            copy_str(summary, size, brief);
            /* Cut at a character boundary, not inside one. */
            size_t l = strlen(brief);
            if (l >= size) {
                l = size - 1;
                while (l > 0 && ((unsigned char)brief[l] & 0xC0) == 0x80) l--;
                summary[l] = 0;
            }
            free(brief);
            n = 0;
            for (size_t i = 0; i < ch.n; i++) n += !ch.items[i].derived;
            model_diff_free(&ch);
        }
        val_doc_free(a);
        val_doc_free(b);
        diag_list_free(&d);
        free(old);
    }
    free(snap);
    return n;
}

/* Current memory of this process from /proc/self/smaps_rollup: PSS shares
 * each mapped page among the processes that map it (the font files are
 * mapped by every worker), USS is what this worker alone holds. */
static void memory_now(long *pss_kb, long *uss_kb)
{
    *pss_kb = *uss_kb = 0;
    FILE *f = fopen("/proc/self/smaps_rollup", "r");
    if (!f) return;
    char line[256];
    long v;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "Pss: %ld kB", &v) == 1) *pss_kb = v;
        else if (sscanf(line, "Private_Clean: %ld kB", &v) == 1) *uss_kb += v;
        else if (sscanf(line, "Private_Dirty: %ld kB", &v) == 1) *uss_kb += v;
    }
    fclose(f);
}

static long usec_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)(t.tv_sec - t0->tv_sec) * 1000000L + (long)(t.tv_nsec - t0->tv_nsec) / 1000L;
}

static void worker_main(int wid, int jobs_fd, int res_fd, const batch_cfg *cfg, unit *units)
{
    app_keep_heap();
    /* Fonts once per worker, before the first unit, so no unit pays for it. */
    if (!cfg->no_pdf) {
        char *err = NULL;
        if (!layout_fonts_get(&err)) free(err);
    }
    long peak_pss = 0, peak_uss = 0;
    for (;;) {
        int job;
        ssize_t r = read(jobs_fd, &job, sizeof job);
        if (r < 0 && errno == EINTR) continue;
        if (r != (ssize_t)sizeof job) break;
        unit *u = &units[job];
        record rec;
        memset(&rec, 0, sizeof rec);
        rec.type = 'S';
        rec.worker = wid;
        rec.job = job;
        send_record(res_fd, &rec);
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);

        size_t len;
        char *data = read_all(u->path, MODEL_MAX_FILE_BYTES, &len);
        app_unit_result res;
        memset(&res, 0, sizeof res);
        diag_list_init(&res.diags);
        bool ok = false;
        if (!data) {
            snprintf(rec.reason, sizeof rec.reason, _("Cannot read %s."), u->path);
        } else {
            char *journal = xasprintf("%s/%s.commit", cfg->state_dir, u->id);
            ok = app_unit_build_j(cfg->env, u->path, data, len, cfg->out, journal, &res);
            free(journal);
            if (!ok) first_error(&res.diags, rec.reason, sizeof rec.reason);
        }
        rec.changes = -1;
        if (ok) {
            rec.changes = count_changes(cfg, u, data, len, res.base, rec.summary, sizeof rec.summary);
            /* Snapshot and state last: a run killed before this point
             * rebuilds the unit next time, which is always safe. */
            char *snap = xasprintf("%s/%s.yaml", cfg->snap_dir, u->id);
            char *err = NULL;
            if (fsio_write_atomic(snap, data, len, &err) != 0) free(err);
            free(snap);
            char *state = xasprintf("key %s\nbase %s\ninput %s\n", u->key, res.base, u->rel);
            char *sp = xasprintf("%s/%s.state", cfg->state_dir, u->id);
            if (fsio_write_atomic(sp, state, strlen(state), &err) != 0) free(err);
            free(sp);
            free(state);
        }
        rec.type = 'D';
        rec.ok = ok;
        rec.warnings = (int)res.diags.counts[DIAG_WARNING];
        rec.errors = (int)(res.diags.counts[DIAG_ERROR] + res.diags.counts[DIAG_FATAL]);
        copy_str(rec.base, sizeof rec.base, res.base);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        rec.rss_kb = ru.ru_maxrss;
        rec.usec = usec_since(&t0);
        long pss, uss;
        memory_now(&pss, &uss);
        if (pss > peak_pss) peak_pss = pss;
        if (uss > peak_uss) peak_uss = uss;
        rec.pss_kb = peak_pss;
        rec.uss_kb = peak_uss;
        send_record(res_fd, &rec);
        app_unit_result_free(&res);
        free(data);
    }
}

typedef struct { pid_t pid; int job, status; } worker;   /* pid -1: exited, not yet settled */

/* jobs_w and res_r are the parent's ends (-1 once closed): a worker must
 * not hold them, or the job pipe never reaches end-of-file. */
static pid_t spawn(int wid, int jobs_r, int jobs_w, int res_r, int res_w, const batch_cfg *cfg, unit *units)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        if (jobs_w >= 0) close(jobs_w);
        if (res_r >= 0) close(res_r);
        worker_main(wid, jobs_r, res_w, cfg, units);
        _exit(0);
    }
    return pid;
}

/* Finish the commits a killed run left half done (app_unit.c). */
static void replay_journals(const char *state_dir, const char *out, const owner_filter *f)
{
    DIR *d = opendir(state_dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)))
        if (has_suffix(e->d_name, ".commit") && owned_by_run(f, e->d_name)) {
            char *p = xasprintf("%s/%s", state_dir, e->d_name), *err = NULL;
            if (app_unit_replay_journal(p, out, &err) != 0) {
                fprintf(stderr, _("jixiao batch: %s\n"), err ? err : p);
                free(err);
            }
            free(p);
        }
    closedir(d);
}

/* The output base name of a data file, as app_unit_build will make it;
 * NULL when the file cannot be read as data (the worker reports why). */
static char *base_of(const char *path, const char *data, size_t len)
{
    model_options o;
    model_options_default(&o);
    o.run_checks = false;
    diag_list d;
    diag_list_init(&d);
    val_doc *doc = model_load(path, data, len, &o, &d);
    char *base = doc && doc->root ? app_unit_base_name(doc->root) : NULL;
    val_doc_free(doc);
    diag_list_free(&d);
    return base;
}

static const unit *sort_units;
static int cmp_base(const void *a, const void *b)
{
    const unit *x = &sort_units[*(const size_t *)a], *y = &sort_units[*(const size_t *)b];
    int c = strcmp(x->base, y->base);
    return c ? c : (*(const size_t *)a > *(const size_t *)b) - (*(const size_t *)a < *(const size_t *)b);
}

/* Units whose outputs would have the same names (the same 单位名称 and
 * 年度, or names equal once the characters a file name cannot hold are
 * replaced) fail, all of them, without building: whichever was built last
 * would hold the outputs, and the next run would call both unchanged. */
static void find_collisions(unit *units, size_t n)
{
    size_t *ix = xcalloc(n + 1, sizeof *ix), m = 0;
    for (size_t i = 0; i < n; i++)
        if (!units[i].other_shard && units[i].base) ix[m++] = i;
    sort_units = units;
    qsort(ix, m, sizeof *ix, cmp_base);
    for (size_t i = 0; i + 1 < m;) {
        size_t j = i + 1;
        while (j < m && !strcmp(units[ix[i]].base, units[ix[j]].base)) j++;
        for (size_t k = i; j - i > 1 && k < j; k++) {
            unit *u = &units[ix[k]];
            const unit *other = &units[ix[k == i ? i + 1 : i]];
            u->state = U_FAILED;
            free(u->reason);
            u->reason = xasprintf(_("its outputs would be named %s.*, as those of %s (the same 单位名称 and 年度, or names "
                                  "that are equal once characters a file name cannot hold are replaced by _); neither "
                                  "is built. Correct the 单位名称 or 年度 of one of them."), u->base, other->rel);
        }
        i = j;
    }
    free(ix);
}

static int cmp_id(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

/* The value of "key value" line in a state file, malloc'd, or NULL. */
static char *state_field(const char *state, const char *key)
{
    size_t k = strlen(key);
    for (const char *l = state; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (!strncmp(l, key, k) && l[k] == ' ') {
            const char *v = l + k + 1, *e = strchr(v, '\n');
            return e ? xstrndup(v, (size_t)(e - v)) : xstrdup(v);
        }
    return NULL;
}

/* Outputs in OUT of units whose data file is no longer in the input
 * (their state names an input not listed now).  They are only reported,
 * unless prune: then they, their state and snapshot are removed.  A state
 * whose outputs now belong to a listed unit (a data file renamed) is
 * dropped quietly.  Returns how many units' outputs are stale. */
static size_t list_stale(const unit *units, size_t n, const char *state_dir, const char *snap_dir,
                         const char *out, bool prune, strbuf *report)
{
    DIR *d = opendir(state_dir);
    if (!d) return 0;
    char (*ids)[17] = xcalloc(n + 1, sizeof *ids);
    for (size_t i = 0; i < n; i++) memcpy(ids[i], units[i].id, sizeof ids[i]);
    qsort(ids, n, sizeof *ids, cmp_id);
    char **names = NULL;
    size_t count = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l != 16 + strlen(".state") || !has_suffix(e->d_name, ".state")) continue;
        char id[17];
        memcpy(id, e->d_name, 16);
        id[16] = 0;
        if (bsearch(id, ids, n, sizeof *ids, cmp_id)) continue;
        if (count == cap) { cap = cap ? cap * 2 : 16; names = xrealloc(names, cap * sizeof *names); }
        names[count++] = xstrdup(id);
    }
    closedir(d);
    free(ids);
    if (count) qsort(names, count, sizeof *names, cmp_str);    /* readdir order is not stable */
    size_t stale = 0;
    static const char *const exts[] = {".docx", ".pdf", ".check.txt", ".changes.txt"};
    for (size_t i = 0; i < count; i++) {
        char *sp = xasprintf("%s/%s.state", state_dir, names[i]), *snap = xasprintf("%s/%s.yaml", snap_dir, names[i]);
        size_t sl;
        char *state = read_all(sp, 1 << 16, &sl);
        char *base = state ? state_field(state, "base") : NULL, *input = state ? state_field(state, "input") : NULL;
        bool owned = false;
        for (size_t k = 0; base && k < n && !owned; k++) owned = units[k].base && !strcmp(units[k].base, base);
        bool any = false;
        for (size_t k = 0; base && !owned && k < sizeof exts / sizeof *exts; k++) {
            char *f = xasprintf("%s/%s%s", out, base, exts[k]);
            any |= file_exists(f);
            free(f);
        }
        if (owned || !any || !base || strchr(base, '/')) {
            unlink(sp);
            unlink(snap);
        } else if (prune) {
            for (size_t k = 0; k < sizeof exts / sizeof *exts; k++) {
                char *f = xasprintf("%s/%s%s", out, base, exts[k]);
                unlink(f);
                free(f);
            }
            unlink(sp);
            unlink(snap);
            strbuf_printf(report, _("  removed %s/%s.*: the outputs of %s, which is no longer in the input (--prune).\n"),
                   out, base, input ? input : names[i]);
            stale++;
        } else {
            strbuf_printf(report, _("  stale %s/%s.*: these outputs are of %s, which is no longer in the input; they were not removed. "
                   "Delete them, or run again with --prune to remove them.\n"), out, base, input ? input : names[i]);
            stale++;
        }
        free(base);
        free(input);
        free(state);
        free(sp);
        free(snap);
        free(names[i]);
    }
    free(names);
    return stale;
}

static void progress(bool tty, size_t done, size_t total, size_t built, size_t failed, size_t unchanged)
{
    if (!tty) return;
    int width = 30, fill = total ? (int)(done * (size_t)width / total) : width;
    fprintf(stderr, "\r[");
    for (int i = 0; i < width; i++) fputc(i < fill ? '#' : '-', stderr);
    fprintf(stderr, _("] %zu/%zu  built %zu  unchanged %zu  failed %zu "), done, total, built, unchanged, failed);
    fflush(stderr);
}

int app_batch(int argc, char **argv)
{
    const char *src = NULL, *out = NULL, *tpath = NULL, *fpath = NULL;
    long jobs = sysconf(_SC_NPROCESSORS_ONLN);
    int shard_i = 1, shard_n = 1;
    bool force = false, changes = false, no_forms = false, no_pdf = false, prune = false, strict = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) out = argv[++i];
        else if (!strcmp(a, "-j") && i + 1 < argc) {
            char *end;
            jobs = strtol(argv[++i], &end, 10);
            if (*end || jobs < 1 || jobs > 256) { fputs(_("jixiao batch: -j takes a number of workers from 1 to 256.\n"), stderr); return 2; }
        } else if (!strncmp(a, "-j", 2) && a[2]) {
            jobs = strtol(a + 2, NULL, 10);
            if (jobs < 1 || jobs > 256) { fputs(_("jixiao batch: -j takes a number of workers from 1 to 256.\n"), stderr); return 2; }
        } else if (!strcmp(a, "--shard") && i + 1 < argc) {
            if (sscanf(argv[++i], "%d/%d", &shard_i, &shard_n) != 2 || shard_n < 1 || shard_i < 1 || shard_i > shard_n) {
                fputs(_("jixiao batch: --shard takes I/N with 1 <= I <= N, such as 2/8.\n"), stderr);
                return 2;
            }
        } else if (!strcmp(a, "--force")) force = true;
        else if (!strcmp(a, "--changes")) changes = true;
        else if (!strcmp(a, "--prune")) prune = true;
        else if (!strcmp(a, "--no-forms")) no_forms = true;
        else if (!strcmp(a, "--no-pdf")) no_pdf = true;
        else if (!strcmp(a, "--strict")) strict = true;
        else if (!strcmp(a, "--rules") && i + 1 < argc) app_rules_add_dir(argv[++i]);
        else if ((!strcmp(a, "-t") || !strcmp(a, "--template")) && i + 1 < argc) tpath = argv[++i];
        else if (!strcmp(a, "--form-template") && i + 1 < argc) fpath = argv[++i];
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(_(batch_usage), stdout); return 0; }
        else if (a[0] == '-' && a[1]) { fprintf(stderr, _("jixiao batch: unknown option \"%s\".\n"), a); fputs(_(batch_usage), stderr); return 2; }
        else if (!src) src = a;
        else { fputs(_(batch_usage), stderr); return 2; }
    }
    if (!src || !out) { fputs(_(batch_usage), stderr); return 2; }

    char *err = NULL;
    unit *units;
    size_t nunits;
    if (list_units(src, &units, &nunits, &err) != 0) { fprintf(stderr, _("jixiao batch: %s\n"), err); free(err); return 2; }

    diag_list td;
    diag_list_init(&td);
    app_unit_env env;
    if (!app_unit_env_init(&env, tpath, fpath, no_forms, &td)) {
        diag_list_sort(&td);
        app_print_diags(&td, stderr);
        fputs(_("jixiao batch: the template cannot be used; nothing was built.\n"), stderr);
        diag_list_free(&td);
        app_unit_env_free(&env);
        return 2;
    }
    diag_list_free(&td);
    env.no_pdf = no_pdf;
    env.write_check = true;
    env.strict = strict;

    char *state_dir = xasprintf("%s/.jixiao/state", out), *snap_dir = xasprintf("%s/.jixiao/data", out);
    if (fsio_mkdir_p(state_dir, &err) || fsio_mkdir_p(snap_dir, &err)) {
        fprintf(stderr, _("jixiao batch: %s\n"), err);
        free(err);
        return 2;
    }

    /* What every output depends on besides its own data. */
    size_t l1, l2, l3;
    char *t1 = read_all(env.report_path, 256u << 20, &l1), *t2 = read_all(env.form_path, 256u << 20, &l2);
    char *fc = NULL;
    char *fonts_conf = datadir_path("fonts.conf", NULL);   /* the one the renderer loads */
    fc = read_all(fonts_conf, 16u << 20, &l3);
    free(fonts_conf);

    size_t *todo = xcalloc(nunits + 1, sizeof *todo), ntodo = 0, in_shard = 0;
    for (size_t i = 0; i < nunits; i++) {
        unit *u = &units[i];
        if (shard_n > 1 && (int)(hash_fnv1a(u->rel, strlen(u->rel)) % (uint64_t)shard_n) != shard_i - 1) {
            u->other_shard = true;
            continue;
        }
        in_shard++;
        size_t len;
        char *data = read_all(u->path, MODEL_MAX_FILE_BYTES, &len);
        hash_ctx *h = hash_new();
        hash_str(h, JX_VERSION);
        hash_str(h, no_pdf ? "docx" : "docx+pdf");
        hash_str(h, no_forms ? "no-forms" : "forms");
        /* A unit built without --strict may have warnings: --strict must look
         * at it again (the key of a run without it is unchanged). */
        if (strict) hash_str(h, "strict");
        hash_part(h, data ? data : "", len);
        hash_part(h, t1 ? t1 : "", l1);
        hash_part(h, t2 ? t2 : "", l2);
        hash_part(h, fc ? fc : "", l3);
        hash_str(h, app_rules_for(u->path)->hash);   /* a changed rule re-checks the unit */
        hash_finish(h, u->key);
        if (!force) {
            size_t sl;
            char *sp = xasprintf("%s/%s.state", state_dir, u->id);
            char *state = read_all(sp, 1 << 16, &sl);
            free(sp);
            if (state && !strncmp(state, "key ", 4) && !strncmp(state + 4, u->key, 64)) {
                char *b = strstr(state, "\nbase ");
                if (b) {
                    b += 6;
                    char *e = strchr(b, '\n');
                    u->base = e ? xstrndup(b, (size_t)(e - b)) : xstrdup(b);
                    char *d = xasprintf("%s/%s.docx", out, u->base), *p = xasprintf("%s/%s.pdf", out, u->base);
                    if (file_exists(d) && (no_pdf || file_exists(p))) u->state = U_UNCHANGED;
                    free(d);
                    free(p);
                }
            }
            free(state);
        }
        if (u->state != U_UNCHANGED && data) u->base = base_of(u->path, data, len);
        free(data);
    }
    /* Collisions before anything is built, and on every run: an unchanged
     * unit's name comes from its state. */
    find_collisions(units, nunits);
    /* Journals first: their temporary files are complete outputs of a
     * committed unit (app_unit.c), the other temporary files are not.  A
     * unit left half committed has no new state, so it is rebuilt below. */
    owner_filter by_id = {units, nunits, shard_n > 1, true};
    owner_filter by_base = {units, nunits, shard_n > 1, false};
    replay_journals(state_dir, out, &by_id);
    remove_stale_temps(out, &by_base);
    remove_stale_temps(state_dir, &by_id);
    remove_stale_temps(snap_dir, &by_id);
    for (size_t i = 0; i < nunits; i++)
        if (!units[i].other_shard && units[i].state == U_PENDING) todo[ntodo++] = i;
    free(t1);
    free(t2);
    free(fc);

    bool tty = isatty(STDERR_FILENO);
    size_t built = 0, failed = 0, unchanged = 0, measured = 0;
    for (size_t i = 0; i < nunits; i++) {
        unchanged += !units[i].other_shard && units[i].state == U_UNCHANGED;
        failed += !units[i].other_shard && units[i].state == U_FAILED;
    }
    size_t done = unchanged + failed;
    long peak_rss = 0, peak_pss = 0, peak_uss = 0, max_usec = 0;
    double sum_usec = 0;
    struct timespec t0, tend;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (!tty) fprintf(stderr, _("jixiao batch: %zu unit(s), %zu to build, %zu unchanged, %ld worker(s).\n"),
                      in_shard, ntodo, unchanged, ntodo < (size_t)jobs ? (long)ntodo : jobs);

    if (ntodo) {
        int jp[2], rp[2];
        if (pipe(jp) || pipe(rp)) { fprintf(stderr, _("jixiao batch: cannot create a pipe: %s.\n"), jx_strerror(errno)); return 2; }
        batch_cfg cfg = {out, state_dir, snap_dir, changes, no_pdf, &env};
        int nw = ntodo < (size_t)jobs ? (int)ntodo : (int)jobs;
        worker *w = xcalloc((size_t)nw, sizeof *w);
        for (int k = 0; k < nw; k++) { w[k].pid = spawn(k, jp[0], jp[1], rp[0], rp[1], &cfg, units); w[k].job = -1; }
        /* Queue jobs a few at a time: the pipe has a bounded capacity. */
        size_t next = 0;
        size_t initial = ntodo < 1024 ? ntodo : 1024;
        for (; next < initial; next++) { int j = (int)todo[next]; if (write(jp[1], &j, sizeof j) != sizeof j) break; }
        if (next == ntodo) { close(jp[1]); jp[1] = -1; }
        size_t finished = 0;
        progress(tty, done, in_shard, built, failed, unchanged);
        while (finished < ntodo) {
            struct pollfd pfd = {rp[0], POLLIN, 0};
            int pr = poll(&pfd, 1, 200);
            if (pr > 0) {
                record r;
                size_t got = 0;
                while (got < sizeof r) {
                    ssize_t k = read(rp[0], (char *)&r + got, sizeof r - got);
                    if (k <= 0) { if (k < 0 && errno == EINTR) continue; break; }
                    got += (size_t)k;
                }
                if (got < sizeof r) break;
                if (r.worker < 0 || r.worker >= nw || r.job < 0 || (size_t)r.job >= nunits) continue;
                if (r.type == 'S') { w[r.worker].job = r.job; continue; }
                w[r.worker].job = -1;
                unit *u = &units[r.job];
                u->warnings = r.warnings;
                u->errors = r.errors;
                u->changes = r.changes;
                free(u->base);
                u->base = r.base[0] ? xstrdup(r.base) : NULL;
                if (r.rss_kb > peak_rss) peak_rss = r.rss_kb;
                if (r.pss_kb > peak_pss) peak_pss = r.pss_kb;
                if (r.uss_kb > peak_uss) peak_uss = r.uss_kb;
                /* Average and maximum over the same units: every one measured. */
                sum_usec += (double)r.usec;
                measured++;
                if (r.usec > max_usec) max_usec = r.usec;
                if (r.ok && r.summary[0]) { free(u->summary); u->summary = xstrdup(r.summary); }
                if (r.ok) { u->state = U_BUILT; built++; }
                else { u->state = U_FAILED; failed++; u->reason = xstrdup(r.reason); }
                finished++;
                done++;
                if (!tty) {
                    fprintf(stderr, "[%zu/%zu] %s %s", done, in_shard, r.ok ? _("built") : _("failed"), u->base ? u->base : u->rel);
                    if (r.warnings) fprintf(stderr, _(" (%d warning(s))"), r.warnings);
                    if (!r.ok) fprintf(stderr, _(": %s"), r.reason);
                    fputc('\n', stderr);
                }
                progress(tty, done, in_shard, built, failed, unchanged);
                if (next < ntodo) {
                    int j = (int)todo[next++];
                    if (write(jp[1], &j, sizeof j) != sizeof j) { /* workers gone: reaped below */ }
                    if (next == ntodo) { close(jp[1]); jp[1] = -1; }
                }
            }
            /* A worker that died takes only its current unit with it.  Its
             * last record may still be in the pipe (it is written before
             * the worker exits), so the unit is given up only once a poll
             * found the pipe empty after the exit was seen. */
            for (int k = 0; k < nw; k++) {
                if (w[k].pid != -1 || pr != 0) continue;
                int st = w[k].status;
                w[k].pid = 0;
                if (w[k].job >= 0) {
                    unit *u = &units[w[k].job];
                    u->state = U_FAILED;
                    u->reason = WIFSIGNALED(st) ? xasprintf(_("the worker building it stopped on signal %d"), WTERMSIG(st))
                                                : xasprintf(_("the worker building it exited with status %d"), WEXITSTATUS(st));
                    failed++;
                    finished++;
                    done++;
                    if (!tty) fprintf(stderr, _("[%zu/%zu] failed %s: %s\n"), done, in_shard, u->rel, u->reason);
                    w[k].job = -1;
                }
                if (finished < ntodo) w[k].pid = spawn(k, jp[0], jp[1], rp[0], rp[1], &cfg, units);
            }
            for (int k = 0; k < nw; k++) {
                int st;
                if (w[k].pid <= 0 || waitpid(w[k].pid, &st, WNOHANG) != w[k].pid) continue;
                w[k].pid = -1;      /* exited; its unit is settled above */
                w[k].status = st;
            }
        }
        if (jp[1] >= 0) close(jp[1]);
        for (int k = 0; k < nw; k++) if (w[k].pid > 0) waitpid(w[k].pid, NULL, 0);
        close(jp[0]);
        close(rp[0]);
        close(rp[1]);
        free(w);
    }
    clock_gettime(CLOCK_MONOTONIC, &tend);
    if (tty) fputc('\n', stderr);

    strbuf stale = STRBUF_INIT;
    list_stale(units, nunits, state_dir, snap_dir, out, prune, &stale);

    double secs = (double)(tend.tv_sec - t0.tv_sec) + (double)(tend.tv_nsec - t0.tv_nsec) / 1e9;
    size_t warnings = 0;
    for (size_t i = 0; i < nunits; i++) warnings += units[i].state == U_BUILT ? (size_t)units[i].warnings : 0;
    printf(_("built %zu, unchanged %zu, failed %zu, warnings %zu (%zu unit(s)%s, %.1f s"), built, unchanged, failed, warnings, in_shard,
           shard_n > 1 ? _(", sharded") : "", secs);
    fputs(_(")\n"), stdout);
    /* The figures a county's IT staff size machines by. */
    if (built && measured) {
        printf(_("speed: %.1f units/s, %.0f ms per unit on average (longest %.0f ms)\n"), (double)built / (secs > 0 ? secs : 1),
               sum_usec / (double)measured / 1000.0, (double)max_usec / 1000.0);
        if (peak_rss)
            printf(_("memory: peak RSS %.1f MB per process, of which %.1f MB private, PSS %.1f MB (font files and libraries are shared between the processes)\n"),
                   (double)peak_rss / 1024.0, (double)peak_uss / 1024.0, (double)peak_pss / 1024.0);
    }
    for (size_t i = 0; i < nunits; i++)
        if (units[i].state == U_FAILED) printf(_("  failed %s: %s\n"), units[i].rel, units[i].reason ? units[i].reason : "");
    /* One line per corrected unit, so that whoever reruns after a
     * correction sees it took effect. */
    for (size_t i = 0; i < nunits; i++) {
        unit *u = &units[i];
        if (u->state != U_BUILT || u->changes <= 0 || !u->summary) continue;
        if (changes) printf(_("  changed %s: %d change(s) in the data, see %s/%s.changes.txt: %s\n"), u->base, u->changes, out, u->base, u->summary);
        else printf(_("  changed %s: %s\n"), u->base, u->summary);
    }
    if (stale.len) fputs(stale.data, stdout);
    strbuf_free(&stale);

    for (size_t i = 0; i < nunits; i++) { free(units[i].path); free(units[i].rel); free(units[i].base); free(units[i].reason); free(units[i].summary); }
    free(units);
    free(todo);
    free(state_dir);
    free(snap_dir);
    app_unit_env_free(&env);
    return failed ? 1 : 0;
}
