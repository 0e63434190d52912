/* fsio's refusals of destinations, its two-step writes, and the one-line
 * change summary batch prints (app_diff_brief). */
#include "test.h"
#include "core/fsio.h"
#include "core/strbuf.h"
#include "app/app_common.h"
#include "app/app_unit.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/jx-test-fsio.XXXXXX";

static char *in_dir(const char *name) { return xasprintf("%s/%s", dir, name); }

static void test_destinations(void)
{
    char *fifo = in_dir("fifo"), *null = in_dir("null"), *sub = in_dir("sub"), *err = NULL;
    CHECK(mkfifo(fifo, 0600) == 0);
    CHECK_INT(fsio_write_atomic(fifo, "x", 1, &err), EINVAL);
    char *want = xasprintf("%s is a FIFO, not a regular file; outputs are written only to regular files or to new "
                           "names in an existing directory. Choose another output path.", fifo);
    CHECK_STR(err, want);
    free(want);
    free(err);
    struct stat st;
    CHECK(lstat(fifo, &st) == 0 && S_ISFIFO(st.st_mode));

    CHECK(symlink("/dev/null", null) == 0);
    err = NULL;
    CHECK_INT(fsio_write_atomic(null, "x", 1, &err), EINVAL);
    CHECK(err && strstr(err, "is a device, not a regular file"));
    free(err);
    CHECK(lstat(null, &st) == 0 && S_ISLNK(st.st_mode));
    CHECK(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));

    CHECK(mkdir(sub, 0700) == 0);
    err = NULL;
    CHECK_INT(fsio_check_dest(sub, &err), EINVAL);
    CHECK(err && strstr(err, "is a directory, not a regular file"));
    free(err);

    char *fresh = in_dir("fresh.txt");
    CHECK_INT(fsio_check_dest(fresh, NULL), 0);
    CHECK_INT(fsio_write_atomic(fresh, "abc", 3, NULL), 0);
    CHECK_INT(fsio_check_dest(fresh, NULL), 0);
    free(fresh);
    free(fifo);
    free(null);
    free(sub);
}

static void test_same_file(void)
{
    char *a = in_dir("a"), *hard = in_dir("hard"), *soft = in_dir("soft"), *b = in_dir("b");
    CHECK_INT(fsio_write_atomic(a, "a", 1, NULL), 0);
    CHECK_INT(fsio_write_atomic(b, "a", 1, NULL), 0);
    CHECK(link(a, hard) == 0);
    CHECK(symlink(a, soft) == 0);
    CHECK(fsio_same_file(a, a));
    CHECK(fsio_same_file(a, hard));
    CHECK(fsio_same_file(soft, a));
    CHECK(!fsio_same_file(a, b));       /* same content, another file */
    char *none = in_dir("none");
    CHECK(!fsio_same_file(a, none));
    free(none);
    free(a);
    free(hard);
    free(soft);
    free(b);
}

static void test_two_step(void)
{
    /* A name just under NAME_MAX: the temporary name falls back to a short one. */
    strbuf n = STRBUF_INIT;
    for (int i = 0; i < 250; i++) strbuf_addc(&n, 'n');
    char *path = in_dir(n.data), *tmp = NULL;
    CHECK_INT(fsio_write_temp(path, "new", 3, &tmp, NULL), 0);
    CHECK(tmp && strstr(tmp, "/.jx.tmp."));
    CHECK(access(path, F_OK) != 0);     /* not in place before the commit */
    CHECK_INT(fsio_commit(tmp, path, NULL), 0);
    char *data = NULL;
    size_t len = 0;
    CHECK_INT(fsio_read_file(path, 100, &data, &len, NULL), 0);
    CHECK_STR(data, "new");
    free(data);
    free(tmp);
    free(path);
    strbuf_free(&n);
}

static void test_journal(void)
{
    char *tmp = in_dir("r.docx.tmp.ABCDEF"), *fin = in_dir("r.docx"), *j = in_dir("j.commit");
    CHECK_INT(fsio_write_atomic(tmp, "committed", 9, NULL), 0);
    static const char jr[] = "jixiao-commit 1\0r.docx.tmp.ABCDEF\0r.docx\0../x.tmp.A\0escape\0";
    CHECK_INT(fsio_write_atomic(j, jr, sizeof jr - 1, NULL), 0);
    CHECK_INT(app_unit_replay_journal(j, dir, NULL), 0);
    char *data = NULL;
    size_t len = 0;
    CHECK_INT(fsio_read_file(fin, 100, &data, &len, NULL), 0);
    CHECK_STR(data, "committed");
    free(data);
    CHECK(access(tmp, F_OK) != 0 && access(j, F_OK) != 0);
    char *esc = in_dir("escape");
    CHECK(access(esc, F_OK) != 0);      /* a name with a slash is never renamed */
    free(esc);
    char *err = NULL;
    CHECK_INT(fsio_write_atomic(j, "not a journal", 13, NULL), 0);
    CHECK_INT(app_unit_replay_journal(j, dir, &err), EINVAL);
    CHECK(err && strstr(err, "is not a jixiao commit journal; it was left in place. Remove it."));
    free(err);
    free(tmp);
    free(fin);
    free(j);
}

static void add(change_list *l, change_kind k, const char *path, const char *o, const char *n, bool derived)
{
    if (l->n == l->cap) { l->cap = l->cap ? 2 * l->cap : 8; l->items = xrealloc(l->items, l->cap * sizeof *l->items); }
    change *c = &l->items[l->n++];
    memset(c, 0, sizeof *c);
    c->kind = k;
    c->path = xstrdup(path);
    c->old_text = o ? xstrdup(o) : NULL;
    c->new_text = n ? xstrdup(n) : NULL;
    c->delta = NULL;
    c->derived = derived;
}

static void test_brief(void)
{
    change_list l = {0};
    add(&l, CHANGE_CHANGED, "三公经费.公务接待费", "4.2万元", "4.1万元", false);
    add(&l, CHANGE_CHANGED, "三公经费.分项合计", "4.2万元", "4.1万元", true);
    add(&l, CHANGE_CHANGED, "正文.重点工作[1]",
        "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸以深入学习贯彻党的十九大精神为契机全面强化政治理论和业务知识学习",
        "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸以深入学习贯彻党的二十大精神为契机全面强化政治理论和业务知识学习", false);
    char *s = app_diff_brief(&l, 3);
    CHECK_STR(s, "三公经费.公务接待费 4.2万元→4.1万元；正文.重点工作[1] …学习贯彻党的【十九→二十】大精神为契机…");
    free(s);
    /* A change at the very start and end: no ellipsis on that side. */
    add(&l, CHANGE_CHANGED, "说明", "完成了这项主要的工作任务啊", "完成了这项主要的工作任务呀", false);
    add(&l, CHANGE_ADDED, "项目[3]", NULL, "新增的项目", false);
    s = app_diff_brief(&l, 1);
    CHECK_STR(s, "三公经费.公务接待费 4.2万元→4.1万元；另有 3 处");
    free(s);
    change_list m = {0};
    add(&m, CHANGE_CHANGED, "说明", "完成了这项主要的工作任务啊", "完成了这项主要的工作任务呀", false);
    add(&m, CHANGE_CHANGED, "长",
        "甲一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十乙",
        "甲乙", false);
    s = app_diff_brief(&m, 3);
    CHECK_STR(s, "说明 …要的工作任务【啊→呀】；长 甲【一二三四五六七八…三四五六七八九十→】乙");
    free(s);
    model_diff_free(&l);
    model_diff_free(&m);
}

int main(void)
{
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    test_destinations();
    test_same_file();
    test_two_step();
    test_journal();
    test_brief();
    char *cmd = xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
    return test_done();
}
