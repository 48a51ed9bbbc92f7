/* Unit tests: input enumeration (sorted recursive walk, no symlink loops,
 * missing inputs reported) and the batch driver's counts. */
#include "unit.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_walk_sorted),
        cmocka_unit_test(test_batch_counts),
    };
    int rc = cmocka_run_group_tests(tests, setup, ut_tmpdir_teardown);
    np_newsml_cleanup();
    return rc;
}
