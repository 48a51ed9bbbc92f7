/* Unit tests: input enumeration (sorted recursive walk, no symlink loops,
 * missing inputs reported) and the batch driver's counts. */
#include "unit.h"
#include "select/pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>



#define ITEM(guid, ver, extra)                                                              \
    "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"" guid "\" version=\"" ver \
    "\"><itemMeta>" extra "</itemMeta><contentMeta><headline>H " guid "</headline>"            \
    "</contentMeta></newsItem>"

static int setup(void **state)
{
    if (ut_tmpdir_setup(state) != 0)
        return -1;
    char p[512];
    snprintf(p, sizeof p, "%s/b", ut_dir);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/b/loop", ut_dir);
    if (symlink(ut_dir, p) != 0) /* a symlinked directory pointing up: not followed */
        return -1;
    ut_put("b/2.xml", ITEM("two", "1", ""));
    ut_put("a.xml", ITEM("one", "1", ""));
    ut_put("c.XML", ITEM("one", "2", ""));
    ut_put("d.xml", ITEM("gone", "1", "<pubStatus qcode=\"stat:canceled\"/>"));
    ut_put("e.xml", "<oops");
    ut_put("notes.txt", "not an input");
    ut_put(".hidden.xml", ITEM("hidden", "1", ""));
    return 0;
}

static int nissues;
static void count(void *ud, const np_error *e)
{
    (void)ud;
    (void)e;
    nissues++;
}

static void test_walk_sorted(void **state)
{
    (void)state;
    char missing[300];
    snprintf(missing, sizeof missing, "%s/nope.xml", ut_dir);
    char *args[] = {ut_dir, missing};
    size_t failed = 0;
    nissues = 0;
    np_sources *s = np_sources_collect(args, 2, count, NULL, &failed);
    assert_non_null(s);
    assert_int_equal(failed, 1);
    assert_int_equal(nissues, 1);
    assert_int_equal(np_sources_count(s), 5);
    const char *want[] = {"/a.xml", "/b/2.xml", "/c.XML", "/d.xml", "/e.xml"};
    for (size_t i = 0; i < 5; i++) {
        const char *n = np_sources_name(s, i);
        assert_true(strlen(n) > strlen(want[i]));
        assert_string_equal(n + strlen(n) - strlen(want[i]), want[i]);
    }
    np_sources_free(s);
}

static int converted;
static int conv(void *ud, np_item *item, const np_selected *e)
{
    (void)ud;
    assert_string_equal(item->guid, e->guid);
    converted++;
    np_item_free(item);
    return 0;
}

static void test_batch_counts(void **state)
{
    (void)state;
    char *args[] = {ut_dir};
    np_select_opts so;
    memset(&so, 0, sizeof so);
    so.at = np_time_from_epoch(1800000000);
    np_batch b;
    nissues = 0;
    converted = 0;
    assert_int_equal(np_batch_open(&b, args, 1, &so, count, NULL, NULL), NP_OK);
    assert_int_equal(b.stats.files, 5);
    assert_int_equal(b.stats.files_failed, 1); /* e.xml */
    assert_int_equal(nissues, 1);
    assert_int_equal(np_batch_run(&b, conv, NULL), NP_OK);
    assert_int_equal(converted, 2); /* one v2, two */
    assert_true(np_batch_failed(&b));
    np_buf sum = NP_BUF_INIT;
    np_batch_summary(&b, &sum);
    assert_string_equal(sum.data, "2 converted, 2 left out (1 superseded by a later version, 1 "
                                  "canceled), 1 failed (1 file unreadable)");
    np_buf_free(&sum);
    np_batch_close(&b);
}

/* The reading pool delivers every file, in input order, one at a time:
 * on the workers, or on the calling thread when the job says so. */
enum { POOL_FILES = 200 };
typedef struct pool_watch {
    int here;
    pthread_t caller;
    atomic_int inside; /* callbacks running now */
    long last;         /* the last file delivered */
    int items, files, overlaps, out_of_order, elsewhere;
} pool_watch;

static int pool_keep(void *ud, size_t file_no, np_pool_item *pi)
{
    (void)ud;
    np_buf_printf(&pi->out, "%zu", file_no);
    return 1;
}

static void pool_enter(pool_watch *w)
{
    if (atomic_fetch_add(&w->inside, 1) != 0)
        w->overlaps++;
    if (w->here && !pthread_equal(pthread_self(), w->caller))
        w->elsewhere++;
}

static void pool_item(void *ud, size_t file_no, np_pool_item *pi)
{
    pool_watch *w = ud;
    pool_enter(w);
    if (strtoul(pi->out.data, NULL, 10) != file_no)
        w->out_of_order++;
    w->items++;
    np_item_free(pi->item);
    atomic_fetch_sub(&w->inside, 1);
}

static void pool_file(void *ud, size_t file_no, int rc, int stopped, const np_error *err)
{
    pool_watch *w = ud;
    (void)rc, (void)stopped, (void)err;
    pool_enter(w);
    if ((long)file_no != w->last + 1)
        w->out_of_order++;
    w->last = (long)file_no;
    w->files++;
    atomic_fetch_sub(&w->inside, 1);
}

/* ut_dir/pool: POOL_FILES items (made once); their sources. */
static np_sources *pool_sources(void)
{
    char dir[300];
    snprintf(dir, sizeof dir, "%s/pool", ut_dir);
    struct stat st;
    if (stat(dir, &st) != 0) {
        mkdir(dir, 0755);
        for (int i = 0; i < POOL_FILES; i++) {
            char rel[64], guid[32];
            snprintf(rel, sizeof rel, "pool/%03d.xml", i);
            snprintf(guid, sizeof guid, "p%d", i);
            np_buf x = NP_BUF_INIT;
            np_buf_printf(&x, ITEM("%s", "1", ""), guid, guid);
            ut_put(rel, x.data);
            np_buf_free(&x);
        }
    }
    char *args[] = {dir};
    size_t failed = 0;
    np_sources *s = np_sources_collect(args, 1, NULL, NULL, &failed);
    assert_non_null(s);
    assert_int_equal(np_sources_count(s), POOL_FILES);
    return s;
}

static void test_pool_order(void **state)
{
    (void)state;
    np_sources *s = pool_sources();
    for (int here = 0; here <= 1; here++)
        for (unsigned jobs = 1; jobs <= 4; jobs++) {
            pool_watch w;
            memset(&w, 0, sizeof w);
            w.here = here;
            w.caller = pthread_self();
            w.last = -1;
            np_pool_job job = {s,         POOL_FILES, NULL,      jobs, NP_POOL_WHOLE, pool_keep,
                               pool_item, pool_file,  NULL,      &w,   here};
            assert_int_equal(np_pool_run(&job), NP_OK);
            if (w.files != POOL_FILES || w.items != POOL_FILES || w.overlaps || w.out_of_order ||
                w.elsewhere)
                fail_msg("jobs %u, deliver_here %d: %d files, %d items, %d overlaps, %d out of "
                         "order, %d not on the calling thread",
                         jobs, here, w.files, w.items, w.overlaps, w.out_of_order, w.elsewhere);
        }
    np_sources_free(s);
}

/* np_sources_name_kept() from several threads at once (an archive run's
 * outputs park their items at the same time): every name right. */
typedef struct kept_run {
    const np_sources *s;
    pthread_barrier_t *start;
    int wrong;
} kept_run;

static void *kept_names(void *ud)
{
    kept_run *r = ud;
    pthread_barrier_wait(r->start);
    for (int i = 0; i < POOL_FILES; i++) {
        char want[32];
        snprintf(want, sizeof want, "/pool/%03d.xml", i);
        const char *n = np_sources_name_kept(r->s, (size_t)i);
        size_t len = n ? strlen(n) : 0;
        if (len < strlen(want) || strcmp(n + len - strlen(want), want))
            r->wrong++;
    }
    return NULL;
}

static void test_names_kept_threads(void **state)
{
    (void)state;
    np_sources *s = pool_sources();
    for (int round = 0; round < 100; round++) {
        np_sources_free(s);
        s = pool_sources(); /* no name kept yet */
        enum { T = 4 };
        pthread_t tid[T];
        kept_run runs[T];
        pthread_barrier_t start;
        pthread_barrier_init(&start, NULL, T);
        for (int t = 0; t < T; t++) {
            runs[t] = (kept_run){s, &start, 0};
            assert_int_equal(pthread_create(&tid[t], NULL, kept_names, &runs[t]), 0);
        }
        for (int t = 0; t < T; t++)
            pthread_join(tid[t], NULL);
        pthread_barrier_destroy(&start);
        for (int t = 0; t < T; t++)
            assert_int_equal(runs[t].wrong, 0);
    }
    np_sources_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_walk_sorted),
        cmocka_unit_test(test_batch_counts),
        cmocka_unit_test(test_pool_order),
        cmocka_unit_test(test_names_kept_threads),
    };
    int rc = cmocka_run_group_tests(tests, setup, ut_tmpdir_teardown);
    np_newsml_cleanup();
    return rc;
}
