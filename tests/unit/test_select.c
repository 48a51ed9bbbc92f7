/* Unit tests: selection rules (versions, status, embargo, dates, packages). */
#include "unit.h"

/* An item of the selection tests: dated 2026-11-15T21:46:40Z, no headline. */
static np_item mk(const char *guid, long version, int index)
{
    np_item it = ut_item(guid, version, 1795300000);
    it.headline = NULL;
    it.index = index;
    return it;
}

static np_select_opts at(int64_t secs)
{
    np_select_opts o;
    memset(&o, 0, sizeof o);
    o.at = np_time_from_epoch(secs);
    return o;
}

static void test_latest_version_wins(void **state)
{
    (void)state;
    np_select_opts o = at(1800000000);
    np_selection *s = np_selection_new(&o);
    np_item a1 = mk("a", 1, 0), b1 = mk("b", 1, 1), a3 = mk("a", 3, 0), a2 = mk("a", 2, 0);
    np_selection_add(s, &a1, 0);
    np_selection_add(s, &b1, 0);
    np_selection_add(s, &a3, 1);
    np_selection_add(s, &a2, 2);
    np_selection_finish(s);
    assert_int_equal(np_selection_count(s), 2);
    assert_null(np_selection_wants(s, 0, 0));
    assert_non_null(np_selection_wants(s, 0, 1));
    const np_selected *e = np_selection_wants(s, 1, 0);
    assert_non_null(e);
    assert_int_equal(e->version, 3);
    assert_true(e->is_correction);
    assert_int_equal(e->replaces, 2);
    assert_null(np_selection_wants(s, 2, 0));
    assert_int_equal(np_selection_skipped(s, NP_SKIP_SUPERSEDED), 2);
    assert_string_equal(np_selection_find(s, "a")->guid, "a");
    assert_null(np_selection_find(s, "zz"));
    np_selection_free(s);
}

/* Files that fail their whole read: each kept item gives its place (rank,
 * what find answers) to the next older version not dropped. */
typedef struct fallbacks {
    long dropped[4], instead[4];
    int n;
} fallbacks;

static void note_fallback(void *ud, const np_selected *dropped, const np_selected *instead)
{
    fallbacks *f = ud;
    f->dropped[f->n] = dropped->version;
    f->instead[f->n++] = instead ? instead->version : 0;
}

static void test_drop_file_falls_back(void **state)
{
    (void)state;
    np_select_opts o = at(1800000000);
    np_selection *s = np_selection_new(&o);
    np_item a1 = mk("a", 1, 0), b1 = mk("b", 1, 1), a2 = mk("a", 2, 0), a3 = mk("a", 3, 0),
            c1 = mk("c", 1, 0);
    np_selection_add(s, &a1, 0);
    np_selection_add(s, &b1, 0);
    np_selection_add(s, &a2, 1);
    np_selection_add(s, &a3, 2);
    np_selection_add(s, &c1, 3);
    np_selection_finish(s);
    assert_int_equal(np_selection_count(s), 3);
    assert_string_equal(np_selection_at(s, 0)->guid, "b");
    assert_int_equal(np_selection_at(s, 1)->version, 3);
    assert_int_equal(np_selection_find(s, "a")->version, 3);
    assert_int_equal(np_selection_find(s, "a")->rank, 1);
    assert_int_equal(np_selection_find(s, "c")->rank, 2);

    fallbacks f = {{0}, {0}, 0};
    np_selection_drop_file(s, 2, note_fallback, &f);
    assert_int_equal(f.n, 1);
    assert_int_equal(f.dropped[0], 3);
    assert_int_equal(f.instead[0], 2);
    const np_selected *e = np_selection_find(s, "a");
    assert_int_equal(e->version, 2);
    assert_int_equal(e->rank, 1);
    assert_true(e->is_correction);
    assert_int_equal(e->replaces, 1);
    assert_ptr_equal(np_selection_at(s, 1), e);
    assert_ptr_equal(np_selection_wants(s, 1, 0), e);
    assert_null(np_selection_wants(s, 2, 0));
    assert_int_equal(np_selection_skipped(s, NP_SKIP_SUPERSEDED), 1);

    np_selection_drop_file(s, 1, note_fallback, &f);
    assert_int_equal(f.n, 2);
    assert_int_equal(f.instead[1], 1);
    e = np_selection_find(s, "a");
    assert_int_equal(e->version, 1);
    assert_int_equal(e->rank, 1);
    assert_ptr_equal(np_selection_wants(s, 0, 0), e);
    assert_int_equal(np_selection_skipped(s, NP_SKIP_SUPERSEDED), 0);
    /* the others keep their places */
    assert_int_equal(np_selection_find(s, "b")->rank, 0);
    assert_int_equal(np_selection_find(s, "c")->rank, 2);
    assert_null(np_selection_find(s, "d"));

    np_selection_drop_file(s, 0, note_fallback, &f);
    assert_int_equal(f.n, 4); /* a1 and b1, nothing older */
    assert_int_equal(f.instead[2] + f.instead[3], 0);
    assert_null(np_selection_wants(s, 0, 0));
    assert_null(np_selection_wants(s, 0, 1));
    assert_non_null(np_selection_wants(s, 3, 0));
    np_selection_free(s);
}

static void test_status_and_embargo(void **state)
{
    (void)state;
    np_select_opts o = at(1795400000);
    np_selection *s = np_selection_new(&o);
    np_item c = mk("c", 1, 0), w = mk("w", 1, 1), e = mk("e", 1, 2), past = mk("p", 1, 3),
            ok = mk("ok", 1, 4);
    c.pubstatus = NP_PUB_CANCELED;
    w.pubstatus = NP_PUB_WITHHELD;
    e.embargoed = np_time_from_epoch(1795400001);
    past.embargoed = np_time_from_epoch(1795400000); /* lifted exactly now */
    np_selection_add(s, &c, 0);
    np_selection_add(s, &w, 0);
    np_selection_add(s, &e, 0);
    np_selection_add(s, &past, 0);
    np_selection_add(s, &ok, 0);
    np_selection_finish(s);
    assert_int_equal(np_selection_count(s), 2);
    assert_int_equal(np_selection_skipped(s, NP_SKIP_CANCELED), 1);
    assert_int_equal(np_selection_skipped(s, NP_SKIP_WITHHELD), 1);
    assert_int_equal(np_selection_skipped(s, NP_SKIP_EMBARGOED), 1);
    np_buf b = NP_BUF_INIT;
    np_selection_summary(s, &b);
    assert_string_equal(b.data, "left out: 1 canceled, 1 withheld, 1 under embargo");
    np_buf_free(&b);
    np_selection_free(s);
}

/* After np_selection_forget_items(): no entries, the same counts and
 * summary. */
static void test_forget_items_keeps_counts(void **state)
{
    (void)state;
    np_select_opts o = at(1795400000);
    np_selection *s = np_selection_new(&o);
    np_item c = mk("c", 1, 0), a1 = mk("a", 1, 1), a2 = mk("a", 2, 2), ok = mk("ok", 1, 3);
    c.pubstatus = NP_PUB_CANCELED;
    np_selection_add(s, &c, 0);
    np_selection_add(s, &a1, 0);
    np_selection_add(s, &a2, 0);
    np_selection_add(s, &ok, 0);
    np_selection_finish(s);
    assert_int_equal(np_selection_count(s), 2);
    np_buf before = NP_BUF_INIT, b = NP_BUF_INIT;
    np_selection_summary(s, &before);
    np_selection_forget_items(s);
    assert_int_equal(np_selection_count(s), 0);
    assert_int_equal(np_selection_noted(s), 0);
    assert_null(np_selection_at(s, 0));
    assert_null(np_selection_find(s, "ok"));
    assert_null(np_selection_wants(s, 0, 3));
    assert_int_equal(np_selection_skipped(s, NP_SKIP_CANCELED), 1);
    assert_int_equal(np_selection_skipped(s, NP_SKIP_SUPERSEDED), 1);
    np_selection_summary(s, &b);
    assert_string_equal(b.data, before.data);
    np_buf_free(&b);
    np_buf_free(&before);
    np_selection_forget_items(s); /* twice is harmless */
    np_selection_free(s);
}

static void test_cancel_of_later_version(void **state)
{
    (void)state;
    /* v1 usable, v2 canceled: nothing of the guid is output */
    np_select_opts o = at(1800000000);
    np_selection *s = np_selection_new(&o);
    np_item v1 = mk("k", 1, 0), v2 = mk("k", 2, 0);
    v2.pubstatus = NP_PUB_CANCELED;
    np_selection_add(s, &v1, 0);
    np_selection_add(s, &v2, 1);
    np_selection_finish(s);
    assert_int_equal(np_selection_count(s), 0);
    assert_int_equal(np_selection_skipped(s, NP_SKIP_SUPERSEDED), 1);
    assert_int_equal(np_selection_skipped(s, NP_SKIP_CANCELED), 1);
    np_selection_free(s);
}

static void test_date_window(void **state)
{
    (void)state;
    np_select_opts o = at(1800000000);
    o.from = np_time_from_epoch(1795300000);
    o.to = np_time_from_epoch(1795300100);
    np_selection *s = np_selection_new(&o);
    np_item in = mk("in", 1, 0), before = mk("before", 1, 1), edge = mk("edge", 1, 2);
    before.content_created = np_time_from_epoch(1795299999);
    edge.content_created = np_time_from_epoch(1795300100); /* `to` is exclusive */
    np_selection_add(s, &in, 0);
    np_selection_add(s, &before, 0);
    np_selection_add(s, &edge, 0);
    np_selection_finish(s);
    assert_int_equal(np_selection_count(s), 1);
    assert_string_equal(np_selection_at(s, 0)->guid, "in");
    assert_int_equal(np_selection_skipped(s, NP_SKIP_OUT_OF_RANGE), 2);
    np_selection_free(s);
}

static void test_package_order_and_sections(void **state)
{
    (void)state;
    np_select_opts o = at(1800000000);
    np_selection *s = np_selection_new(&o);
    np_item x = mk("x", 1, 0), y = mk("y", 1, 1), z = mk("z", 1, 2);
    np_link ry = {NULL, NULL, "y", NULL, NULL, NULL, NULL, NULL};
    np_link rz = {NULL, NULL, "z", NULL, NULL, NULL, NULL, NULL};
    np_link rmissing = {NULL, NULL, "nothere", NULL, NULL, NULL, NULL, NULL};
    ry.next = &rmissing;
    np_group g2 = {"g2", NULL, "World", &rz, NULL};
    np_group g1 = {"g1", NULL, "Front", &ry, &g2};
    np_item pkg = mk("pkg", 1, 0);
    pkg.item_class = NP_CLASS_PACKAGE;
    pkg.groups = &g1;
    np_selection_add(s, &x, 0);
    np_selection_add(s, &y, 0);
    np_selection_add(s, &z, 0);
    np_selection_add(s, &pkg, 1);
    np_selection_finish(s);
    assert_int_equal(np_selection_count(s), 3);
    assert_string_equal(np_selection_at(s, 0)->guid, "y");
    assert_string_equal(np_selection_at(s, 0)->section, "Front");
    assert_string_equal(np_selection_at(s, 1)->guid, "z");
    assert_string_equal(np_selection_at(s, 1)->section, "World");
    assert_string_equal(np_selection_at(s, 2)->guid, "x");
    assert_null(np_selection_at(s, 2)->section);
    assert_int_equal(np_selection_at(s, 2)->rank, 2);
    assert_int_equal(np_selection_skipped(s, NP_SKIP_PACKAGE), 1);
    np_selection_free(s);
}

/* The edition's day: days and zone-less times of the options and of the
 * items are read in the edition's zone. */
static void test_edition_day(void **state)
{
    (void)state;
    np_error err = NP_ERROR_INIT;
    np_tz *karachi = np_tz_open("Asia/Karachi", &err);
    assert_non_null(karachi);
    np_select_opts o = at(1800000000);
    o.zone = karachi;
    assert_int_equal(np_time_parse("2026-11-16", &o.from), 0);
    assert_int_equal(np_time_parse("2026-11-17", &o.to), 0); /* exclusive */
    np_selection *s = np_selection_new(&o);
    static const char *const when[] = {
        "2026-11-16T00:30:00+05:00", /* in: the first hour of the day there */
        "2026-11-16T23:30:00+05:00", /* in */
        "2026-11-15T23:30:00+05:00", /* out: the day before */
        "2026-11-16T23:30:00-08:00", /* out: Nov. 17, 12:30 in Karachi */
        "2026-11-16 00:30:00",       /* in: Karachi's wall clock (19:30Z the 15th) */
        "2026-11-17 00:30:00",       /* out */
        "2026-11-16",                /* in: a date is its day */
    };
    np_item it[sizeof when / sizeof when[0]];
    for (int i = 0; i < (int)(sizeof when / sizeof when[0]); i++) {
        it[i] = mk(when[i], 1, i);
        assert_int_equal(np_time_parse(when[i], &it[i].content_created), 0);
        np_selection_add(s, &it[i], 0);
    }
    np_selection_finish(s);
    static const int in[] = {1, 1, 0, 0, 1, 0, 1};
    for (int i = 0; i < (int)(sizeof in / sizeof in[0]); i++)
        if ((np_selection_wants(s, 0, i) != NULL) != in[i])
            fail_msg("%s: %s", when[i], in[i] ? "left out" : "kept");
    /* the entry's date is the edition's day; the item is left as read */
    const np_selected *e = np_selection_wants(s, 0, 4);
    assert_int_equal(e->date.utc, 1794771000); /* 2026-11-15T19:30:00Z */
    assert_int_equal(e->date.offset_min, 300);
    assert_false(it[4].content_created.has_zone);
    /* a time with its own zone keeps the instant, shown in the edition's zone */
    e = np_selection_wants(s, 0, 1);
    assert_int_equal(e->date.offset_min, 300);
    /* the run notes the zone-less times once: two items */
    np_buf b = NP_BUF_INIT;
    np_selection_zone_note(s, &b);
    assert_string_equal(np_buf_cstr(&b), "2 items dated without a time zone: read as Asia/Karachi time");
    /* and gives an item read later the edition's zone */
    np_selection_localise_item(s, &it[4]);
    assert_true(it[4].content_created.has_zone);
    assert_int_equal(it[4].content_created.utc, 1794771000);
    np_buf_free(&b);
    np_selection_free(s);
    np_tz_free(karachi);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_latest_version_wins),
        cmocka_unit_test(test_drop_file_falls_back),
        cmocka_unit_test(test_status_and_embargo),
        cmocka_unit_test(test_forget_items_keeps_counts),
        cmocka_unit_test(test_cancel_of_later_version),
        cmocka_unit_test(test_date_window),
        cmocka_unit_test(test_package_order_and_sections),
        cmocka_unit_test(test_edition_day),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
