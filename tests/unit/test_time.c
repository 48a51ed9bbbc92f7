/* Unit tests: time — parsing the forms agencies write, civil dates and
 * formats, ISO weeks, SOURCE_DATE_EPOCH, time zones. */
#include "unit.h"

#include <pthread.h>
#include <time.h>

#define INSTANT INT64_C(1697517000) /* 2023-10-17T04:30:00Z */
#define DAY_17 INT64_C(1697500800)  /* 2023-10-17T00:00:00Z */

static int64_t utc_of(const char *s)
{
    return ut_time(s).utc;
}

typedef void (*time_fmt)(const np_time *, np_buf *);

static void assert_fmt(time_fmt f, const np_time *t, const char *want)
{
    np_buf b = NP_BUF_INIT;
    f(t, &b);
    assert_string_equal(np_buf_cstr(&b), want);
    np_buf_free(&b);
}

static void assert_fmt_of(time_fmt f, const char *in, const char *want)
{
    np_time t = ut_time(in);
    assert_fmt(f, &t, want);
}

static np_tz *zone(const char *name)
{
    np_error err = NP_ERROR_INIT;
    np_tz *tz = np_tz_open(name, &err);
    if (!tz)
        fail_msg("np_tz_open(%s): %s", name ? name : "NULL", err.message ? err.message : "?");
    return tz;
}

/* ---- parsing ------------------------------------------------------------ */

static void test_zone_forms_same_instant(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int offset;
        int has_zone;
    } forms[] = {
        {"2023-10-17T09:30:00+05:00", 300, 1},
        {"2023-10-17T09:30:00+0500", 300, 1},
        {"2023-10-17T09:30:00+05", 300, 1},
        {"2023-10-17T04:30:00Z", 0, 1},
        {"2023-10-17T04:30:00z", 0, 1},
        {"2023-10-17T04:30:00+00:00", 0, 1},
        {"2023-10-17T04:30:00-00:00", 0, 1},
        {"2023-10-16T23:30:00-05:00", -300, 1},
        {"2023-10-16T23:30:00-0500", -300, 1},
        {"2023-10-17T10:15:00+05:45", 345, 1},
        {"2023-10-17T01:00:00-03:30", -210, 1},
        {"2023-10-17T18:30:00+14:00", 840, 1},
        {"2023-10-16T16:30:00-12:00", -720, 1},
        {"2023-10-17T04:30:00", 0, 0},
        {"2023-10-17T04:30", 0, 0},
        {"2023-10-17T09:30+05:00", 300, 1},
        {"  2023-10-17T04:30:00Z\n", 0, 1},
        {"\t2023-10-17T09:30:00+05:00 \r\n", 300, 1},
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        np_time t = ut_time(forms[i].s);
        if (t.utc != INSTANT || t.offset_min != forms[i].offset ||
            (int)t.has_zone != forms[i].has_zone || !t.has_time)
            fail_msg("'%s': utc %lld offset %d has_zone %d", forms[i].s, (long long)t.utc,
                     t.offset_min, (int)t.has_zone);
        assert_fmt(np_time_format_iso, &t, "2023-10-17T04:30:00Z");
    }
}

static void test_date_only(void **state)
{
    (void)state;
    np_time t = ut_time("2023-10-17");
    assert_int_equal(t.utc, DAY_17);
    assert_false(t.has_time);
    assert_false(t.has_zone);
    assert_int_equal(t.offset_min, 0);
    assert_fmt(np_time_format_iso, &t, "2023-10-17");
    assert_fmt(np_time_format_date, &t, "2023-10-17");
    assert_fmt(np_time_format_human, &t, "Oct. 17, 2023");
    assert_fmt(np_time_format_human_time, &t, "Oct. 17, 2023");

    /* with a zone: midnight of that day in the zone, and still that day */
    t = ut_time(" 2023-10-17+05:00 ");
    assert_false(t.has_time);
    assert_true(t.has_zone);
    assert_int_equal(t.utc, DAY_17 - 5 * 3600);
    assert_fmt(np_time_format_iso, &t, "2023-10-17");
    assert_fmt(np_time_format_date, &t, "2023-10-17");
    t = ut_time("2023-10-17-08:00");
    assert_int_equal(t.utc, DAY_17 + 8 * 3600);
    assert_fmt(np_time_format_human, &t, "Oct. 17, 2023");
    t = ut_time("2023-10-17Z");
    assert_int_equal(t.utc, DAY_17);
    assert_true(t.has_zone);
}

static void test_fractional_seconds(void **state)
{
    (void)state;
    static const char *const forms[] = {
        "2023-10-17T04:30:00.123Z", "2023-10-17T04:30:00.999999999Z",
        "2023-10-17T09:30:00.5+05:00", "2023-10-17T04:30:00,25Z", "2023-10-17T04:30:00.0",
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        np_time t = ut_time(forms[i]);
        if (t.utc != INSTANT)
            fail_msg("'%s': utc %lld", forms[i], (long long)t.utc);
    }
}

static void test_invalid_rejected(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "   ", "garbage", "now", "2023", "2023-10", "2023-10-", "2023-1-17", "23-10-17",
        "2023/10/17", "20231017", "2023-10-17x", "2023-10-17 junk", "2023-13-01", "2023-00-10",
        "2023-10-00", "2023-10-32", "2023-02-30", "2023-04-31", "2023-02-29", "2023-10-17T",
        "2023-10-17T9:30:00Z", "2023-10-17T09", "2023-10-17T09:3", "2023-10-17T25:00:00Z",
        "2023-10-17T24:00:01Z", "2023-10-17T24:30:00Z", "2023-10-17T24:00:00.5Z",
        "2023-10-17T09:60:00Z", "2023-10-17T09:30:61Z", "2023-10-17T09:30:00.Z",
        "2023-10-17T09:30:00Zjunk", "2023-10-17T09:30:00Z Z", "2023-10-17T09:30:00+15:00",
        "2023-10-17T09:30:00+14:01", "2023-10-17T09:30:00+05:60", "2023-10-17T09:30:00+5",
        "2023-10-17T09:30:00+05:0", "2023-10-17T09:30:00+", "2023-10-17T09:30:00  +05:00",
        "2023-10-17  09:30:00", "2023-10-17 9:30:00", "2023-10-17 09:30:00 UTCX",
        "2023-10-17 09:30:00 utc", "2023-10-17T09:30:00ZZ", "0999-12-31", "0000-01-01",
        "10000-01-01", "-2023-10-17", "+2023-10-17", "2023-10-17\x01",
        "\357\274\222023-10-17", /* fullwidth digit two */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        np_time t;
        memset(&t, 0x5A, sizeof t); /* garbage in: valid must end up 0 */
        if (np_time_parse(bad[i], &t) != -1 || t.valid)
            fail_msg("accepted '%s'", bad[i]);
    }
    np_time t;
    t.valid = 1;
    assert_int_equal(np_time_parse(NULL, &t), -1);
    assert_false(t.valid);
}

static void test_leap_years(void **state)
{
    (void)state;
    np_time t = ut_time("2024-02-29T12:00:00Z");
    assert_int_equal(t.utc, INT64_C(1709208000));
    assert_fmt(np_time_format_human, &t, "Feb. 29, 2024");
    ut_time("2000-02-29");
    ut_time("1600-02-29");
    static const char *const bad[] = {"2023-02-29", "1900-02-29", "2100-02-29", "2025-02-29"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (np_time_parse(bad[i], &t) == 0)
            fail_msg("accepted '%s'", bad[i]);
    /* the day after a leap day */
    t = ut_time("2000-03-01");
    assert_int_equal(t.utc, INT64_C(951868800));
    t = ut_time("2024-12-31T23:59:59Z");
    np_time next = ut_time("2025-01-01T00:00:00Z");
    assert_int_equal(next.utc - t.utc, 1);
    assert_int_equal(ut_time("2025-01-01").utc - ut_time("2024-01-01").utc, 366 * 86400);
    assert_int_equal(ut_time("2024-01-01").utc - ut_time("2023-01-01").utc, 365 * 86400);
}

static void test_edges(void **state)
{
    (void)state;
    assert_int_equal(ut_time("1970-01-01T00:00:00Z").utc, 0);
    assert_int_equal(ut_time("1970-01-01").utc, 0);
    assert_int_equal(ut_time("1969-12-31T23:59:59Z").utc, -1);
    assert_int_equal(ut_time("1970-01-01T01:00:00+01:00").utc, 0);
    assert_int_equal(ut_time("2099-12-31T23:59:59Z").utc, INT64_C(4102444799));
    assert_int_equal(ut_time("2100-01-01T00:00:00Z").utc, INT64_C(4102444800));
    assert_int_equal(ut_time("1000-01-01").utc, INT64_C(-30610224000));
    assert_int_equal(ut_time("9999-12-31T23:59:59Z").utc, INT64_C(253402300799));

    np_time t = np_time_from_epoch(-1);
    assert_fmt(np_time_format_iso, &t, "1969-12-31T23:59:59Z");
    t = np_time_from_epoch(0);
    assert_fmt(np_time_format_iso, &t, "1970-01-01T00:00:00Z");
    t = np_time_from_epoch(INT64_C(4102444799));
    assert_fmt(np_time_format_iso, &t, "2099-12-31T23:59:59Z");

    /* 24:00:00 is the end of the day; a leap second is taken as :59 */
    assert_int_equal(ut_time("2023-10-16T24:00:00Z").utc, DAY_17);
    assert_true(ut_time("2023-10-16T24:00:00Z").has_time);
    assert_int_equal(ut_time("2016-12-31T23:59:60Z").utc, ut_time("2016-12-31T23:59:59Z").utc);
}

/* Every day in 1000..9999 (sampled) and every day around the epoch survives
 * epoch -> civil -> ISO text -> parse, and agrees with gmtime_r where the
 * C library can represent it. */
static void check_day(int64_t day)
{
    np_time t = np_time_from_epoch(day * 86400 + 45296); /* 12:34:56 */
    int y, m, d, hh, mi, ss;
    np_time_civil(&t, &y, &m, &d, &hh, &mi, &ss);
    assert_int_equal(hh * 3600 + mi * 60 + ss, 45296);
    np_buf b = NP_BUF_INIT;
    np_time_format_iso(&t, &b);
    np_time back;
    if (np_time_parse(b.data, &back) != 0 || back.utc != t.utc)
        fail_msg("day %lld: '%s' does not round-trip", (long long)day, b.data);
    np_buf_free(&b);
    if (sizeof(time_t) >= 8) {
        time_t tt = (time_t)t.utc;
        struct tm tm;
        if (gmtime_r(&tt, &tm) &&
            (tm.tm_year + 1900 != y || tm.tm_mon + 1 != m || tm.tm_mday != d))
            fail_msg("day %lld: %04d-%02d-%02d, gmtime says %04d-%02d-%02d", (long long)day, y,
                     m, d, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    }
}

static void test_round_trip(void **state)
{
    (void)state;
    const int64_t first = INT64_C(-30610224000) / 86400, last = INT64_C(253402300799) / 86400;
    for (int64_t day = first; day <= last; day += 59)
        check_day(day);
    for (int64_t day = -800; day <= 800; day++) /* 1967 .. 1972 */
        check_day(day);
    for (int64_t day = 10957 - 400; day <= 10957 + 400; day++) /* around 2000-01-01 */
        check_day(day);
    check_day(first);
    check_day(last);
}

static void test_civil_source_zone(void **state)
{
    (void)state;
    np_time t = ut_time("2023-10-17T23:30:00-05:00"); /* 04:30Z on the 18th */
    int y, m, d, hh, mi, ss;
    np_time_civil(&t, &y, &m, &d, &hh, &mi, &ss);
    assert_int_equal(y, 2023);
    assert_int_equal(m, 10);
    assert_int_equal(d, 17);
    assert_int_equal(hh, 23);
    assert_int_equal(mi, 30);
    assert_int_equal(ss, 0);
    assert_fmt(np_time_format_date, &t, "2023-10-17");
    assert_fmt(np_time_format_iso, &t, "2023-10-18T04:30:00Z");
    assert_fmt(np_time_format_human, &t, "Oct. 17, 2023");

    np_time_civil(&t, NULL, NULL, &d, NULL, NULL, NULL); /* NULLs are fine */
    assert_int_equal(d, 17);
    np_time bad;
    memset(&bad, 0, sizeof bad);
    y = m = d = 7;
    np_time_civil(&bad, &y, &m, &d, NULL, NULL, NULL);
    assert_int_equal(y + m + d, 0);
    assert_fmt(np_time_format_iso, &bad, "");
    assert_fmt(np_time_format_human_time, &bad, "");

    t = np_time_from_epoch(INT64_MAX); /* absurd, but no crash or UB */
    np_time_civil(&t, &y, NULL, NULL, NULL, NULL, NULL);
    assert_true(y > 9999);
}

/* ---- formats ------------------------------------------------------------ */

static void test_month_names(void **state)
{
    (void)state;
    static const char *const want[12] = {
        "Jan. 5, 2023",  "Feb. 5, 2023",  "March 5, 2023", "April 5, 2023",
        "May 5, 2023",   "June 5, 2023",  "July 5, 2023",  "Aug. 5, 2023",
        "Sept. 5, 2023", "Oct. 5, 2023",  "Nov. 5, 2023",  "Dec. 5, 2023",
    };
    for (int m = 1; m <= 12; m++) {
        char in[16];
        snprintf(in, sizeof in, "2023-%02d-05", m);
        assert_fmt_of(np_time_format_human, in, want[m - 1]);
    }
    assert_string_equal(np_month_ap(9), "Sept.");
    assert_string_equal(np_month_ap(3), "March");
    assert_string_equal(np_month_ap(0), "");
    assert_string_equal(np_month_ap(13), "");
    assert_string_equal(np_month_ap(-1), "");
}

static void test_human_time(void **state)
{
    (void)state;
    assert_fmt_of(np_time_format_human_time, "2023-10-17T09:30:00+05:00",
                  "Oct. 17, 2023, 09:30 UTC+05:00");
    assert_fmt_of(np_time_format_human_time, "2023-10-17T04:30:00Z", "Oct. 17, 2023, 04:30 UTC");
    assert_fmt_of(np_time_format_human_time, "2023-10-17T04:30:00",
                  "Oct. 17, 2023, 04:30 UTC");
    assert_fmt_of(np_time_format_human_time, "2023-10-16T23:30:00-04:00",
                  "Oct. 16, 2023, 23:30 UTC-04:00");
    assert_fmt_of(np_time_format_human_time, "2023-03-01T00:05:00-03:30",
                  "March 1, 2023, 00:05 UTC-03:30");
    assert_fmt_of(np_time_format_human_time, "2023-09-01T07:00:00+05:45",
                  "Sept. 1, 2023, 07:00 UTC+05:45");
    assert_fmt_of(np_time_format_iso, "2023-10-16T23:30:00-04:00", "2023-10-17T03:30:00Z");
    assert_fmt_of(np_time_format_date, "2023-10-16T23:30:00-04:00", "2023-10-16");
}

/* ---- parse_arg, SOURCE_DATE_EPOCH --------------------------------------- */

static void test_parse_arg(void **state)
{
    (void)state;
    np_time t;
    assert_int_equal(np_time_parse_arg("@1700000000", &t), 0);
    assert_int_equal(t.utc, INT64_C(1700000000));
    assert_true(t.valid && t.has_time && t.has_zone);
    assert_fmt(np_time_format_iso, &t, "2023-11-14T22:13:20Z");
    assert_int_equal(np_time_parse_arg(" @-86400 ", &t), 0);
    assert_int_equal(t.utc, -86400);
    assert_int_equal(np_time_parse_arg("@0", &t), 0);
    assert_int_equal(t.utc, 0);
    assert_int_equal(np_time_parse_arg("2026-11-16", &t), 0);
    assert_false(t.has_time);
    assert_int_equal(np_time_parse_arg("2023-10-17T09:30:00+05:00", &t), 0);
    assert_int_equal(t.utc, INSTANT);

    static const char *const bad[] = {"@", "@-", "@12x", "@ 12", "@1.5", "@+1", "@--1",
                                      "@99999999999999999999", "x@1", "nowish", "", "yesterday"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        t.valid = 1;
        if (np_time_parse_arg(bad[i], &t) != -1 || t.valid)
            fail_msg("accepted '%s'", bad[i]);
    }
    assert_int_equal(np_time_parse_arg("@9223372036854775807", &t), 0);
    assert_int_equal(t.utc, INT64_MAX);
    assert_int_equal(np_time_parse_arg("@-9223372036854775808", &t), 0);
    assert_int_equal(t.utc, INT64_MIN);
    assert_int_equal(np_time_parse_arg("@9223372036854775808", &t), -1);
}

static void test_source_date_epoch(void **state)
{
    (void)state;
    assert_int_equal(setenv("SOURCE_DATE_EPOCH", "1700000000", 1), 0);
    np_time t = np_time_now_or_sde();
    assert_true(t.valid && t.has_time);
    assert_int_equal(t.utc, INT64_C(1700000000));
    assert_int_equal(np_time_parse_arg("now", &t), 0);
    assert_int_equal(t.utc, INT64_C(1700000000));
    assert_int_equal(np_time_parse_arg(" NOW ", &t), 0);
    assert_int_equal(t.utc, INT64_C(1700000000));
    setenv("SOURCE_DATE_EPOCH", "0", 1);
    assert_int_equal(np_time_now_or_sde().utc, 0);

    static const char *const garbage[] = {"", "abc", "-5", "12abc", " 5", "5 ", "+5", "1.5",
                                          "99999999999999999999"};
    for (size_t i = 0; i < sizeof garbage / sizeof garbage[0]; i++) {
        setenv("SOURCE_DATE_EPOCH", garbage[i], 1);
        int64_t before = (int64_t)time(NULL);
        t = np_time_now_or_sde();
        int64_t after = (int64_t)time(NULL);
        if (!t.valid || t.utc < before || t.utc > after)
            fail_msg("SOURCE_DATE_EPOCH='%s' gave %lld", garbage[i], (long long)t.utc);
    }
    unsetenv("SOURCE_DATE_EPOCH");
    int64_t before = (int64_t)time(NULL);
    t = np_time_now_or_sde();
    assert_true(t.utc >= before && t.utc <= (int64_t)time(NULL));
}

static void test_from_epoch(void **state)
{
    (void)state;
    np_time t = np_time_from_epoch(INSTANT);
    assert_true(t.valid && t.has_time && t.has_zone);
    assert_int_equal(t.offset_min, 0);
    assert_fmt(np_time_format_iso, &t, "2023-10-17T04:30:00Z");
    assert_fmt(np_time_format_human_time, &t, "Oct. 17, 2023, 04:30 UTC");
}

/* ---- as agencies write them --------------------------------------------- */

static void test_agency_forms(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        const char *utc; /* the same instant written as xs:dateTime */
        int has_zone;
    } forms[] = {
        {"2016-01-12 12:35:40", "2016-01-12T12:35:40", 0},
        {"2016-01-12 12:35", "2016-01-12T12:35:00", 0},
        {"2016-01-12 12:35:40.250", "2016-01-12T12:35:40", 0},
        {"2016-01-12 18:05:40+0530", "2016-01-12T12:35:40Z", 1},
        {"2016-01-12 18:05:40+05:30", "2016-01-12T12:35:40Z", 1},
        {"2016-01-12 18:05:40.5 +05:30", "2016-01-12T12:35:40Z", 1},
        {"2016-01-12T12:35:40 Z", "2016-01-12T12:35:40Z", 1},
        {"2016-01-12 12:35:40 UTC", "2016-01-12T12:35:40Z", 1},
        {"2016-01-12T12:35:40GMT", "2016-01-12T12:35:40Z", 1},
        {"2016-01-12 04:35:40 -08:00", "2016-01-12T12:35:40Z", 1},
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        np_time t = ut_time(forms[i].s);
        np_time want = ut_time(forms[i].utc);
        if (t.utc != want.utc || !t.has_time || (int)t.has_zone != forms[i].has_zone)
            fail_msg("'%s': utc %lld (want %lld), has_zone %d", forms[i].s, (long long)t.utc,
                     (long long)want.utc, (int)t.has_zone);
    }
    /* a date alone, with a trailing space, is still a day */
    np_time d = ut_time("2016-01-12 ");
    assert_false(d.has_time);
    assert_int_equal(d.utc, utc_of("2016-01-12T00:00:00Z"));
    /* the time of day keeps its zone for display */
    assert_fmt_of(np_time_format_human_time, "2016-01-12 18:05:40+0530",
                  "Jan. 12, 2016, 18:05 UTC+05:30");
}

/* ---- SOURCE_DATE_EPOCH ---------------------------------------------------- */

static void test_source_date_epoch_reader(void **state)
{
    (void)state;
    np_time t = np_time_from_epoch(42);
    setenv("SOURCE_DATE_EPOCH", "1795000000", 1);
    assert_int_equal(np_time_source_date_epoch(&t), 0);
    assert_int_equal(t.utc, INT64_C(1795000000));
    assert_true(t.valid && t.has_time && t.has_zone);
    static const char *const bad[] = {"", "-1", "1e9", " 1", "1 ", "0x10"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        t = np_time_from_epoch(42);
        setenv("SOURCE_DATE_EPOCH", bad[i], 1);
        if (np_time_source_date_epoch(&t) != -1 || t.utc != 42)
            fail_msg("SOURCE_DATE_EPOCH='%s' was taken", bad[i]);
    }
    unsetenv("SOURCE_DATE_EPOCH");
    assert_int_equal(np_time_source_date_epoch(&t), -1);
    assert_int_equal(t.utc, 42);
}

/* ---- weeks ---------------------------------------------------------------- */

static void test_iso_week_days(void **state)
{
    (void)state;
    np_time f, t;
    assert_int_equal(np_iso_week_parse("2026-W47", &f, &t), 0);
    /* days, not instants: an edition's zone places them */
    assert_true(f.valid && !f.has_time && !t.has_time);
    assert_fmt(np_time_format_date, &f, "2026-11-16");
    assert_fmt(np_time_format_date, &t, "2026-11-23");
    np_tz *karachi = zone("Asia/Karachi");
    np_tz_localise(karachi, &f);
    assert_int_equal(f.utc, utc_of("2026-11-15T19:00:00Z"));
    assert_fmt(np_time_format_date, &f, "2026-11-16");
    np_tz_free(karachi);
    int y, w;
    np_iso_week_of(2027, 1, 3, &y, &w); /* a Sunday: the end of week 53 of 2026 */
    assert_int_equal(y, 2026);
    assert_int_equal(w, 53);
    assert_int_equal(np_weekday(2016, 1, 12), 1); /* a Tuesday */
}

/* ---- time zones ------------------------------------------------------------ */

static void test_tz_open(void **state)
{
    (void)state;
    static const char *const good[] = {"UTC", "Asia/Karachi", "America/Los_Angeles",
                                       "Asia/Kolkata", "Europe/Berlin", "Etc/GMT+5"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        np_tz *tz = zone(good[i]);
        assert_string_equal(np_tz_name(tz), good[i]);
        np_tz_free(tz);
    }
    static const char *const bad[] = {"Mars/Olympus_Mons", "Asia/Karachi ", "../etc/passwd",
                                      "Asia/Karachi\n", "+05:00", "America/los angeles"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        np_error err = NP_ERROR_INIT;
        np_tz *tz = np_tz_open(bad[i], &err);
        if (tz || err.code != NP_ERR_USAGE || !err.message)
            fail_msg("zone '%s' was accepted", bad[i]);
        np_error_clear(&err);
    }
    assert_string_equal(np_tz_name(NULL), "UTC");
    np_tz_free(NULL);
}

static void test_tz_offsets(void **state)
{
    (void)state;
    np_tz *karachi = zone("Asia/Karachi"), *la = zone("America/Los_Angeles");
    np_tz *kolkata = zone("Asia/Kolkata");
    assert_int_equal(np_tz_offset_min(karachi, utc_of("2026-01-15T12:00:00Z")), 300);
    assert_int_equal(np_tz_offset_min(karachi, utc_of("2026-07-15T12:00:00Z")), 300);
    assert_int_equal(np_tz_offset_min(kolkata, utc_of("2026-07-15T12:00:00Z")), 330);
    assert_int_equal(np_tz_offset_min(la, utc_of("2026-01-15T12:00:00Z")), -480);
    assert_int_equal(np_tz_offset_min(la, utc_of("2026-07-15T12:00:00Z")), -420);
    assert_int_equal(np_tz_offset_min(NULL, utc_of("2026-07-15T12:00:00Z")), 0);
    np_tz_free(karachi);
    np_tz_free(la);
    np_tz_free(kolkata);
}

static void test_tz_from_local(void **state)
{
    (void)state;
    np_tz *la = zone("America/Los_Angeles");
    /* plain days */
    assert_int_equal(np_tz_from_local(la, utc_of("2026-01-12T23:30:00Z")),
                     utc_of("2026-01-13T07:30:00Z"));
    assert_int_equal(np_tz_from_local(la, utc_of("2026-07-12T23:30:00Z")),
                     utc_of("2026-07-13T06:30:00Z"));
    /* 2026-03-08 02:30 does not exist there: read with the winter offset */
    assert_int_equal(np_tz_from_local(la, utc_of("2026-03-08T02:30:00Z")),
                     utc_of("2026-03-08T10:30:00Z"));
    /* 2026-11-01 01:30 happens twice: the first one */
    assert_int_equal(np_tz_from_local(la, utc_of("2026-11-01T01:30:00Z")),
                     utc_of("2026-11-01T08:30:00Z"));
    assert_int_equal(np_tz_from_local(la, utc_of("2026-11-01T02:30:00Z")),
                     utc_of("2026-11-01T10:30:00Z"));
    assert_int_equal(np_tz_from_local(NULL, 12345), 12345);
    np_tz_free(la);
}

static void test_localise(void **state)
{
    (void)state;
    np_tz *karachi = zone("Asia/Karachi"), *la = zone("America/Los_Angeles");

    /* a wall-clock time without a zone is the edition's */
    np_time t = ut_time("2016-01-12 23:30:00");
    assert_int_equal(np_tz_localise(karachi, &t), 1);
    assert_int_equal(t.utc, utc_of("2016-01-12T18:30:00Z"));
    assert_int_equal(t.offset_min, 300);
    assert_true(t.has_zone && t.has_time);
    assert_fmt(np_time_format_human_time, &t, "Jan. 12, 2016, 23:30 UTC+05:00");
    np_time again = t; /* placing twice changes nothing */
    assert_int_equal(np_tz_localise(la, &again), 0);
    assert_memory_equal(&again, &t, sizeof t);

    /* a time with its own zone is left alone */
    t = ut_time("2016-01-12T00:30:00+05:00");
    again = t;
    assert_int_equal(np_tz_localise(la, &t), 0);
    assert_memory_equal(&again, &t, sizeof t);

    /* a date is that day in the edition's zone, and stays a date */
    t = ut_time("2016-01-12");
    assert_int_equal(np_tz_localise(la, &t), 0);
    assert_int_equal(t.utc, utc_of("2016-01-12T08:00:00Z"));
    assert_false(t.has_time);
    assert_fmt(np_time_format_iso, &t, "2016-01-12");
    again = t;
    np_tz_localise(la, &again);
    assert_memory_equal(&again, &t, sizeof t);
    t = ut_time("2016-01-12+05:00");
    np_tz_localise(la, &t);
    assert_int_equal(t.utc, utc_of("2016-01-12T08:00:00Z"));

    /* no zone: UTC; invalid times stay invalid */
    t = ut_time("2016-01-12 23:30");
    assert_int_equal(np_tz_localise(NULL, &t), 1);
    assert_int_equal(t.utc, utc_of("2016-01-12T23:30:00Z"));
    np_time bad;
    memset(&bad, 0, sizeof bad);
    assert_int_equal(np_tz_localise(la, &bad), 0);
    assert_false(bad.valid);
    np_tz_free(karachi);
    np_tz_free(la);
}

/* The local zone is the C library's reading of TZ. */
static void test_local_zone(void **state)
{
    (void)state;
    char *saved = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
    setenv("TZ", ":Asia/Karachi", 1);
    np_tz *tz = zone(NULL);
    assert_string_equal(np_tz_name(tz), "Asia/Karachi");
    assert_int_equal(np_tz_offset_min(tz, utc_of("2026-11-16T00:00:00Z")), 300);
    np_time t = ut_time("2026-11-16T00:30:00");
    np_tz_localise(tz, &t);
    assert_int_equal(t.utc, utc_of("2026-11-15T19:30:00Z"));
    np_tz_free(tz);
    setenv("TZ", "PST8PDT", 1); /* a POSIX rule, which only the C library reads */
    tz = zone("");
    assert_int_equal(np_tz_offset_min(tz, utc_of("2026-07-15T12:00:00Z")), -420);
    assert_int_equal(np_tz_offset_min(tz, utc_of("2026-01-15T12:00:00Z")), -480);
    np_tz_free(tz);
    if (saved)
        setenv("TZ", saved, 1);
    else
        unsetenv("TZ");
    tzset();
    free(saved);
}

/* One zone shared by threads gives every thread the right answers. */
typedef struct zone_job {
    const np_tz *tz;
    int wrong;
} zone_job;

static void *hammer(void *arg)
{
    zone_job *j = arg;
    int64_t winter = INT64_C(1768478400), summer = INT64_C(1784116800); /* Jan. / July 15 */
    for (int i = 0; i < 20000; i++) {
        int64_t t = i % 2 ? winter + i : summer + i;
        int want = i % 2 ? -480 : -420;
        j->wrong += np_tz_offset_min(j->tz, t) != want;
    }
    return NULL;
}

static void test_tz_threads(void **state)
{
    (void)state;
    np_tz *la = zone("America/Los_Angeles");
    pthread_t th[4];
    zone_job jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (zone_job){la, 0};
        assert_int_equal(pthread_create(&th[i], NULL, hammer, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(jobs[i].wrong, 0);
    }
    np_tz_free(la);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zone_forms_same_instant),
        cmocka_unit_test(test_date_only),
        cmocka_unit_test(test_fractional_seconds),
        cmocka_unit_test(test_invalid_rejected),
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_civil_source_zone),
        cmocka_unit_test(test_month_names),
        cmocka_unit_test(test_human_time),
        cmocka_unit_test(test_parse_arg),
        cmocka_unit_test(test_source_date_epoch),
        cmocka_unit_test(test_from_epoch),
        cmocka_unit_test(test_agency_forms),
        cmocka_unit_test(test_source_date_epoch_reader),
        cmocka_unit_test(test_iso_week_days),
        cmocka_unit_test(test_tz_open),
        cmocka_unit_test(test_tz_offsets),
        cmocka_unit_test(test_tz_from_local),
        cmocka_unit_test(test_localise),
        cmocka_unit_test(test_local_zone),
        cmocka_unit_test(test_tz_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
