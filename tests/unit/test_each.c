/* Unit tests: archive runs (select/each.c, each_run.c): keys in the
 * edition's zone, groups, the inputs bearing on each group, shards, output
 * names; the run with several outputs at once, reported in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "newsprint/newsprint.h"

static char dir[256];

/* One item per file: guid, version, creation time, status, embargo (or NULL). */
static void item_file_held(const char *name, const char *guid, int version, const char *when,
                           const char *status, const char *embargo)
{
    char path[400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f,
            "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"%s\" version=\"%d\""
            " standard=\"NewsML-G2\" standardversion=\"2.35\">\n"
            "<itemMeta><itemClass qcode=\"ninat:text\"/><provider literal=\"T\"/>"
            "<versionCreated>%s</versionCreated>%s%s%s<pubStatus qcode=\"stat:%s\"/></itemMeta>\n"
            "<contentMeta><contentCreated>%s</contentCreated><headline>%s</headline></contentMeta>\n"
            "<contentSet><inlineData contenttype=\"text/plain\">Text.</inlineData></contentSet>\n"
            "</newsItem>\n",
            guid, version, when, embargo ? "<embargoed>" : "", embargo ? embargo : "",
            embargo ? "</embargoed>" : "", status, when, guid);
    fclose(f);
}

static void item_file(const char *name, const char *guid, int version, const char *when,
                      const char *status)
{
    item_file_held(name, guid, version, when, status, NULL);
}

/* Set a file's mtime (seconds). */
static void set_mtime(const char *name, long secs)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "touch -d @%ld '%s/%s'", secs, dir, name);
    assert_int_equal(system(cmd), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s/np-each-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir))
        return -1;
    item_file("1.xml", "a", 1, "2026-11-16T23:30:00Z", "usable");
    item_file("2.xml", "b", 1, "2026-11-17T09:00:00Z", "usable");
    item_file("3.xml", "c", 1, "2026-11-17T10:00:00Z", "usable");
    item_file("4.xml", "d", 1, "2026-11-23T08:00:00Z", "usable");
    /* a kill notice dated on the 18th of an item of the 17th... */
    item_file("5.xml", "e", 1, "2026-11-17T11:00:00Z", "usable");
    item_file("6.xml", "e", 2, "2026-11-18T11:00:00Z", "canceled");
    item_file("7.xml", "f", 1, "2026-11-18T12:00:00Z", "usable");
    /* held until the 20th; its file is old */
    item_file_held("8.xml", "g", 1, "2026-11-19T12:00:00Z", "usable", "2026-11-20T00:00:00Z");
    set_mtime("8.xml", 100);
    set_mtime("1.xml", 1000);
    set_mtime("2.xml", 2000);
    set_mtime("3.xml", 3000);
    set_mtime("4.xml", 4000);
    set_mtime("5.xml", 1500);
    set_mtime("6.xml", 6000);
    set_mtime("7.xml", 700);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void start(np_batch *b, np_select_opts *sel)
{
    char *inputs[] = {dir};
    np_batch_opts o;
    memset(&o, 0, sizeof o);
    o.sel = sel;
    o.jobs = 2;
    assert_int_equal(np_batch_start(b, inputs, 1, &o), NP_OK);
}

static void test_days_in_the_edition_zone(void **state)
{
    (void)state;
    np_select_opts sel;
    memset(&sel, 0, sizeof sel);
    np_batch b;
    np_each e;
    start(&b, &sel);
    assert_int_equal(np_each_plan(&b, NP_EACH_DAY, &e), NP_OK);
    assert_int_equal(e.n, 4);
    assert_string_equal(e.groups[0].key, "2026-11-16");
    assert_string_equal(e.groups[1].key, "2026-11-17");
    assert_int_equal(e.groups[1].n, 2); /* b, c: e is canceled */
    assert_string_equal(e.groups[1].week, "2026-W47");
    assert_string_equal(e.groups[2].key, "2026-11-18");
    assert_string_equal(e.groups[3].key, "2026-11-23");
    assert_string_equal(e.groups[3].week, "2026-W48");
    /* the inputs bearing on a day: its files, and every version of their guids */
    assert_true(e.groups[0].newest_known);
    assert_true(e.groups[0].newest_ns == 1000 * 1000000000LL);
    /* the 17th: b, c, and e, whose kill notice (6000) is dated the 18th */
    assert_true(e.groups[1].newest_ns == 6000 * 1000000000LL);
    /* the 18th: f (700) and the kill notice itself */
    assert_true(e.groups[2].newest_ns == 6000 * 1000000000LL);
    assert_true(e.groups[3].newest_ns == 4000 * 1000000000LL);
    np_each_free(&e);
    np_batch_close(&b);

    /* in Auckland (+13:00) the item of 23:30 UTC is on the 17th */
    np_error err = NP_ERROR_INIT;
    np_tz *tz = np_tz_open("Pacific/Auckland", &err);
    if (!tz) {
        np_error_clear(&err);
        skip();
    }
    sel.zone = tz;
    start(&b, &sel);
    assert_int_equal(np_each_plan(&b, NP_EACH_DAY, &e), NP_OK);
    assert_string_equal(e.groups[0].key, "2026-11-17");
    assert_int_equal(e.groups[0].n, 3);
    np_each_free(&e);
    np_batch_close(&b);
    np_tz_free(tz);
}

/* An embargo that has ended is a change at its end: the output written
 * while the item was held is out of date. */
static void test_lifted_embargo(void **state)
{
    (void)state;
    np_select_opts sel;
    memset(&sel, 0, sizeof sel);
    sel.at = np_time_from_epoch(1795219200); /* 2026-11-21 */
    np_batch b;
    np_each e;
    start(&b, &sel);
    assert_int_equal(np_each_plan(&b, NP_EACH_DAY, &e), NP_OK);
    assert_int_equal(e.n, 5);
    assert_string_equal(e.groups[3].key, "2026-11-19");
    assert_true(e.groups[3].newest_ns == 1795132800LL * 1000000000LL);
    np_each_free(&e);
    np_batch_close(&b);
}

static void test_weeks_and_collect(void **state)
{
    (void)state;
    np_select_opts sel;
    memset(&sel, 0, sizeof sel);
    np_batch b;
    np_each e;
    start(&b, &sel);
    assert_int_equal(np_each_plan(&b, NP_EACH_WEEK, &e), NP_OK);
    assert_int_equal(e.n, 2);
    assert_string_equal(e.groups[0].key, "2026-W47");
    assert_string_equal(e.groups[0].date, "2026-11-16");
    assert_int_equal(e.groups[0].n, 4);
    assert_string_equal(e.groups[1].key, "2026-W48");
    assert_string_equal(e.groups[1].date, "2026-11-23");
    /* a group reads only its own files: one parse each */
    size_t parses = b.stats.parses;
    np_collection c;
    assert_int_equal(np_each_collect(&b, &e.groups[1], &c), NP_OK);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.items[0]->guid, "d");
    assert_int_equal(b.stats.parses, parses + 1);
    np_collection_free(&c);
    assert_int_equal(np_each_collect(&b, &e.groups[0], &c), NP_OK);
    assert_int_equal(c.n, 4);
    for (size_t i = 0; i < c.n; i++)
        assert_ptr_equal(c.entries[i], e.groups[0].entries[i]);
    np_collection_free(&c);
    np_each_free(&e);
    np_batch_close(&b);
}

static void test_hash_and_shards(void **state)
{
    (void)state;
    /* FNV-1a 32-bit reference values */
    assert_int_equal(np_each_hash(""), 0x811c9dc5u);
    assert_int_equal(np_each_hash("a"), 0xe40c292cu);
    assert_int_equal(np_each_hash("foobar"), 0xbf9cf968u);
    unsigned k, n;
    assert_int_equal(np_each_shard_parse("0/3", &k, &n), 0);
    assert_int_equal(k, 0);
    assert_int_equal(n, 3);
    assert_int_equal(np_each_shard_parse("2/3", &k, &n), 0);
    assert_int_equal(np_each_shard_parse("3/3", &k, &n), -1);
    assert_int_equal(np_each_shard_parse("1/0", &k, &n), -1);
    assert_int_equal(np_each_shard_parse("-1/3", &k, &n), -1);
    assert_int_equal(np_each_shard_parse("1/3x", &k, &n), -1);
    assert_int_equal(np_each_shard_parse("/3", &k, &n), -1);
    /* every group in exactly one shard */
    np_each_group g[20];
    memset(g, 0, sizeof g);
    for (int i = 0; i < 20; i++)
        snprintf(g[i].key, sizeof g[i].key, "2026-11-%02d", i + 1);
    size_t total = 0;
    for (unsigned s = 0; s < 3; s++) {
        np_each_group copy[20];
        memcpy(copy, g, sizeof g);
        np_each e = {copy, 20, 0, NP_EACH_DAY, NULL};
        np_each_keep_shard(&e, s, 3);
        for (size_t i = 0; i < e.n; i++)
            assert_int_equal(np_each_hash(e.groups[i].key) % 3, s);
        total += e.n;
    }
    assert_int_equal(total, 20);
}

static void test_patterns(void **state)
{
    (void)state;
    np_error err = NP_ERROR_INIT;
    char p[400];
    snprintf(p, sizeof p, "%s/e-{date}.pdf", dir);
    assert_int_equal(np_each_pattern_check(p, NP_EACH_DAY, &err), NP_OK);
    assert_int_equal(np_each_pattern_check(p, NP_EACH_WEEK, &err), NP_ERR_USAGE);
    np_error_clear(&err);
    assert_int_equal(np_each_pattern_check("d-{week}.epub", NP_EACH_WEEK, &err), NP_OK);
    const char *bad[] = {"e.pdf", "-", "", "e-{date}{x}.pdf", "{date}/e.pdf",
                         "/nonexistent-np/e-{date}.pdf", "{date}/"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(np_each_pattern_check(bad[i], NP_EACH_DAY, &err), NP_ERR_USAGE);
        assert_non_null(err.message);
        np_error_clear(&err);
    }
    np_each_group g;
    memset(&g, 0, sizeof g);
    strcpy(g.date, "2026-11-16");
    strcpy(g.week, "2026-W47");
    np_buf out = NP_BUF_INIT;
    np_each_path("x/{week}_{date}-{date}.{pdf", &g, &out);
    assert_string_equal(np_buf_cstr(&out), "x/2026-W47_2026-11-16-2026-11-16.{pdf");
    np_buf_free(&out);
}

static void test_fresh(void **state)
{
    (void)state;
    np_each_group g;
    memset(&g, 0, sizeof g);
    g.newest_known = 1;
    g.newest_ns = 3000 * 1000000000LL;
    char out[400];
    snprintf(out, sizeof out, "%s/out.txt", dir);
    assert_false(np_each_fresh(&g, out)); /* not there */
    FILE *f = fopen(out, "w");
    assert_non_null(f);
    fclose(f);
    set_mtime("out.txt", 3000);
    assert_false(np_each_fresh(&g, out)); /* as old as an input: redo */
    set_mtime("out.txt", 3001);
    assert_true(np_each_fresh(&g, out));
    g.newest_known = 0;
    assert_false(np_each_fresh(&g, out));
    unlink(out);
}

/* ---- the run: outputs made at once, reported in key order ---------------- */

typedef struct run_log {
    np_buf text;            /* the calling thread's messages and done() calls */
    pthread_mutex_t mu;
    unsigned writing, most; /* outputs being written now, and at most */
} run_log;

static void log_issue(void *ud, const np_error *err)
{
    run_log *l = ud;
    np_buf_printf(&l->text, "issue %s\n", err->message);
}

static void log_done(void *ud, const np_each_group *g, const char *path, np_each_outcome outcome,
                     const np_error *err)
{
    (void)path;
    run_log *l = ud;
    np_buf_printf(&l->text, "done %s %d %s\n", g->key, (int)outcome,
                  err->message ? err->message : "-");
}

/* Two warnings, then done: the earlier outputs take longer (so that they
 * finish last when made at once); the second output fails. */
static int slow_write(void *ud, const np_collection *c, const np_each_group *g, const char *path,
                      np_issue_fn on_issue, void *issue_ud, np_error *err)
{
    (void)path;
    run_log *l = ud;
    pthread_mutex_lock(&l->mu);
    if (++l->writing > l->most)
        l->most = l->writing;
    pthread_mutex_unlock(&l->mu);
    np_issue_warn(on_issue, issue_ud, NULL, 0, "%s: %zu item(s)", g->key, c->n);
    usleep((useconds_t)(g->key[9] == '6' ? 150000 : g->key[9] == '7' ? 80000 : 10000));
    np_issue_warn(on_issue, issue_ud, NULL, 0, "%s: written", g->key);
    pthread_mutex_lock(&l->mu);
    l->writing--;
    pthread_mutex_unlock(&l->mu);
    if (!strcmp(g->key, "2026-11-17"))
        return np_error_set(err, NP_ERR_IO, g->key, 0, "cannot be written");
    return NP_OK;
}

static void run_with_jobs(unsigned jobs, run_log *l, np_each_stats *st)
{
    char *inputs[] = {dir};
    np_select_opts sel;
    memset(&sel, 0, sizeof sel);
    np_batch_opts o;
    memset(&o, 0, sizeof o);
    o.sel = &sel;
    o.jobs = jobs;
    o.on_issue = log_issue;
    o.ud = l;
    np_batch b;
    assert_int_equal(np_batch_start(&b, inputs, 1, &o), NP_OK);
    np_each e;
    assert_int_equal(np_each_plan(&b, NP_EACH_DAY, &e), NP_OK);
    assert_int_equal(e.n, 4);
    char pattern[400];
    snprintf(pattern, sizeof pattern, "%s/never-{date}.out", dir);
    np_each_opts eo = {pattern, 0, slow_write, l, log_done, l};
    assert_int_equal(np_each_run(&b, &e, &eo, st), NP_OK);
    np_each_free(&e);
    np_batch_close(&b);
}

static void test_run_in_order(void **state)
{
    (void)state;
    run_log one;
    memset(&one, 0, sizeof one);
    pthread_mutex_init(&one.mu, NULL);
    np_each_stats st1;
    run_with_jobs(1, &one, &st1);
    assert_int_equal(one.most, 1);
    assert_int_equal(st1.written, 3);
    assert_int_equal(st1.failed, 1);
    assert_int_equal(st1.skipped, 0);
    /* each output's messages, then its done(), in key order */
    assert_string_equal(np_buf_cstr(&one.text),
                        "issue warning: 2026-11-16: 1 item(s)\nissue warning: 2026-11-16: written\n"
                        "done 2026-11-16 0 -\n"
                        "issue warning: 2026-11-17: 2 item(s)\nissue warning: 2026-11-17: written\n"
                        "done 2026-11-17 2 cannot be written\n"
                        "issue warning: 2026-11-18: 1 item(s)\nissue warning: 2026-11-18: written\n"
                        "done 2026-11-18 0 -\n"
                        "issue warning: 2026-11-23: 1 item(s)\nissue warning: 2026-11-23: written\n"
                        "done 2026-11-23 0 -\n");
    for (unsigned jobs = 2; jobs <= 4; jobs += 2) {
        run_log many;
        memset(&many, 0, sizeof many);
        pthread_mutex_init(&many.mu, NULL);
        np_each_stats st;
        run_with_jobs(jobs, &many, &st);
        assert_true(many.most >= 2); /* made at once... */
        assert_true(many.most <= jobs);
        assert_string_equal(np_buf_cstr(&many.text), np_buf_cstr(&one.text)); /* ...told in order */
        assert_int_equal(st.written, st1.written);
        assert_int_equal(st.failed, st1.failed);
        assert_int_equal(st.items, st1.items);
        np_buf_free(&many.text);
        pthread_mutex_destroy(&many.mu);
    }
    np_buf_free(&one.text);
    pthread_mutex_destroy(&one.mu);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days_in_the_edition_zone),
        cmocka_unit_test(test_lifted_embargo),
        cmocka_unit_test(test_weeks_and_collect),
        cmocka_unit_test(test_hash_and_shards),
        cmocka_unit_test(test_patterns),
        cmocka_unit_test(test_fresh),
        cmocka_unit_test(test_run_in_order),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
