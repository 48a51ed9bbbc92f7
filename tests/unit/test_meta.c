/* Unit tests: metadata — time parsing and formats, bylines, datelines,
 * upper-casing, copyright lines, SOURCE_DATE_EPOCH. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wctype.h>

#include "newsprint/newsprint.h"

#define EN_DASH "\xE2\x80\x93"
#define INSTANT INT64_C(1697517000) /* 2023-10-17T04:30:00Z */
#define DAY_17 INT64_C(1697500800)  /* 2023-10-17T00:00:00Z */

/* ---- helpers ------------------------------------------------------------ */

static np_time parsed(const char *s)
{
    np_time t;
    int rc = np_time_parse(s, &t);
    if (rc != 0)
        fail_msg("np_time_parse rejected '%s'", s);
    assert_true(t.valid);
    return t;
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
    np_time t = parsed(in);
    assert_fmt(f, &t, want);
}

typedef void (*item_fmt)(const np_item *, np_buf *);

static void assert_item(item_fmt f, const np_item *it, const char *want)
{
    np_buf b = NP_BUF_INIT;
    f(it, &b);
    assert_string_equal(np_buf_cstr(&b), want);
    np_buf_free(&b);
}

static np_item blank_item(void)
{
    np_item it;
    memset(&it, 0, sizeof it);
    it.version = 1;
    it.lang = "en";
    return it;
}

/* A concept with one name (and optional qcode); `next` cleared. */
static void set_concept(np_concept *c, np_text *name, const char *text, const char *qcode)
{
    memset(c, 0, sizeof *c);
    c->qcode = qcode;
    if (text) {
        memset(name, 0, sizeof *name);
        name->text = text;
        c->names = name;
    }
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
        np_time t = parsed(forms[i].s);
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
    np_time t = parsed("2023-10-17");
    assert_int_equal(t.utc, DAY_17);
    assert_false(t.has_time);
    assert_false(t.has_zone);
    assert_int_equal(t.offset_min, 0);
    assert_fmt(np_time_format_iso, &t, "2023-10-17");
    assert_fmt(np_time_format_date, &t, "2023-10-17");
    assert_fmt(np_time_format_human, &t, "Oct. 17, 2023");
    assert_fmt(np_time_format_human_time, &t, "Oct. 17, 2023");

    /* with a zone: midnight of that day in the zone, and still that day */
    t = parsed(" 2023-10-17+05:00 ");
    assert_false(t.has_time);
    assert_true(t.has_zone);
    assert_int_equal(t.utc, DAY_17 - 5 * 3600);
    assert_fmt(np_time_format_iso, &t, "2023-10-17");
    assert_fmt(np_time_format_date, &t, "2023-10-17");
    t = parsed("2023-10-17-08:00");
    assert_int_equal(t.utc, DAY_17 + 8 * 3600);
    assert_fmt(np_time_format_human, &t, "Oct. 17, 2023");
    t = parsed("2023-10-17Z");
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
        np_time t = parsed(forms[i]);
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
        "2023-10-17T09:30:00+05:0", "2023-10-17T09:30:00+", "2023-10-17T09:30:00 +05:00",
        "2023-10-17 09:30:00", "2023-10-17T09:30:00ZZ", "0999-12-31", "0000-01-01",
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
    np_time t = parsed("2024-02-29T12:00:00Z");
    assert_int_equal(t.utc, INT64_C(1709208000));
    assert_fmt(np_time_format_human, &t, "Feb. 29, 2024");
    parsed("2000-02-29");
    parsed("1600-02-29");
    static const char *const bad[] = {"2023-02-29", "1900-02-29", "2100-02-29", "2025-02-29"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (np_time_parse(bad[i], &t) == 0)
            fail_msg("accepted '%s'", bad[i]);
    /* the day after a leap day */
    t = parsed("2000-03-01");
    assert_int_equal(t.utc, INT64_C(951868800));
    t = parsed("2024-12-31T23:59:59Z");
    np_time next = parsed("2025-01-01T00:00:00Z");
    assert_int_equal(next.utc - t.utc, 1);
    assert_int_equal(parsed("2025-01-01").utc - parsed("2024-01-01").utc, 366 * 86400);
    assert_int_equal(parsed("2024-01-01").utc - parsed("2023-01-01").utc, 365 * 86400);
}

static void test_edges(void **state)
{
    (void)state;
    assert_int_equal(parsed("1970-01-01T00:00:00Z").utc, 0);
    assert_int_equal(parsed("1970-01-01").utc, 0);
    assert_int_equal(parsed("1969-12-31T23:59:59Z").utc, -1);
    assert_int_equal(parsed("1970-01-01T01:00:00+01:00").utc, 0);
    assert_int_equal(parsed("2099-12-31T23:59:59Z").utc, INT64_C(4102444799));
    assert_int_equal(parsed("2100-01-01T00:00:00Z").utc, INT64_C(4102444800));
    assert_int_equal(parsed("1000-01-01").utc, INT64_C(-30610224000));
    assert_int_equal(parsed("9999-12-31T23:59:59Z").utc, INT64_C(253402300799));

    np_time t = np_time_from_epoch(-1);
    assert_fmt(np_time_format_iso, &t, "1969-12-31T23:59:59Z");
    t = np_time_from_epoch(0);
    assert_fmt(np_time_format_iso, &t, "1970-01-01T00:00:00Z");
    t = np_time_from_epoch(INT64_C(4102444799));
    assert_fmt(np_time_format_iso, &t, "2099-12-31T23:59:59Z");

    /* 24:00:00 is the end of the day; a leap second is taken as :59 */
    assert_int_equal(parsed("2023-10-16T24:00:00Z").utc, DAY_17);
    assert_true(parsed("2023-10-16T24:00:00Z").has_time);
    assert_int_equal(parsed("2016-12-31T23:59:60Z").utc, parsed("2016-12-31T23:59:59Z").utc);
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
    np_time t = parsed("2023-10-17T23:30:00-05:00"); /* 04:30Z on the 18th */
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

/* ---- byline --------------------------------------------------------------- */

static void test_byline(void **state)
{
    (void)state;
    np_item it = blank_item();
    np_concept c[4];
    np_text n[4];
    assert_item(np_meta_byline, &it, ""); /* no creators */

    set_concept(&c[0], &n[0], NULL, "nprov:staff"); /* only a qcode: no name */
    it.creators = &c[0];
    assert_item(np_meta_byline, &it, "");

    set_concept(&c[0], &n[0], "Jane Doe", "cont:1");
    assert_item(np_meta_byline, &it, "By Jane Doe");

    set_concept(&c[1], &n[1], "John Roe", NULL);
    c[0].next = &c[1];
    assert_item(np_meta_byline, &it, "By Jane Doe and John Roe");

    set_concept(&c[2], &n[2], "Ann Poe", NULL);
    c[1].next = &c[2];
    assert_item(np_meta_byline, &it, "By Jane Doe, John Roe and Ann Poe");

    set_concept(&c[3], &n[3], "Bob Moe", NULL);
    c[2].next = &c[3];
    assert_item(np_meta_byline, &it, "By Jane Doe, John Roe, Ann Poe and Bob Moe");

    /* a nameless creator in the middle is skipped, not counted */
    set_concept(&c[1], &n[1], NULL, NULL);
    c[1].uri = "http://example.com/people/42";
    c[1].next = &c[2];
    c[2].next = NULL;
    assert_item(np_meta_byline, &it, "By Jane Doe and Ann Poe");

    /* a literal is a name */
    c[1].literal = "  John \t Roe ";
    assert_item(np_meta_byline, &it, "By Jane Doe, John Roe and Ann Poe");

    /* whitespace normalised */
    n[0].text = "\n  Jane   Doe\t";
    assert_item(np_meta_byline, &it, "By Jane Doe, John Roe and Ann Poe");

    /* contributors are not in the byline */
    it.creators = NULL;
    it.contributors = &c[0];
    assert_item(np_meta_byline, &it, "");
}

static void test_byline_by_prefix(void **state)
{
    (void)state;
    np_item it = blank_item();
    np_concept c[3];
    np_text n[3];
    set_concept(&c[0], &n[0], "By Jane Doe, Reuters", NULL);
    it.creators = &c[0];
    assert_item(np_meta_byline, &it, "By Jane Doe, Reuters");

    n[0].text = "BY  JANE DOE";
    assert_item(np_meta_byline, &it, "BY JANE DOE");
    n[0].text = "by Jane Doe";
    assert_item(np_meta_byline, &it, "by Jane Doe");

    /* a full byline among plain names wins, alone */
    set_concept(&c[0], &n[0], "Jane Doe", NULL);
    set_concept(&c[1], &n[1], "By John Roe and Ann Poe in Paris", NULL);
    set_concept(&c[2], &n[2], "Bob Moe", NULL);
    c[0].next = &c[1];
    c[1].next = &c[2];
    assert_item(np_meta_byline, &it, "By John Roe and Ann Poe in Paris");

    /* "By" as the start of a word is a name */
    set_concept(&c[1], &n[1], "Byron Smith", NULL);
    c[1].next = NULL;
    assert_item(np_meta_byline, &it, "By Jane Doe and Byron Smith");
}

static void test_byline_language(void **state)
{
    (void)state;
    np_item it = blank_item();
    np_concept c;
    np_text en, de;
    memset(&c, 0, sizeof c);
    memset(&en, 0, sizeof en);
    memset(&de, 0, sizeof de);
    en.text = "Munich Desk";
    en.lang = "en";
    en.next = &de;
    de.text = "Redaktion M\xC3\xBCnchen";
    de.lang = "de";
    c.names = &en;
    it.creators = &c;
    it.lang = "de-DE";
    assert_item(np_meta_byline, &it, "Von Redaktion M\xC3\xBCnchen");
    it.lang = "en-GB";
    assert_item(np_meta_byline, &it, "By Munich Desk");
    /* a language whose byline words we do not know: the names alone */
    np_concept c2;
    np_text n2;
    memset(&c2, 0, sizeof c2);
    memset(&n2, 0, sizeof n2);
    n2.text = "Ayesha Malik";
    c2.names = &n2;
    c.next = &c2;
    it.lang = "ur";
    assert_item(np_meta_byline, &it, "Munich Desk, Ayesha Malik");
}

/* ---- dateline ------------------------------------------------------------- */

static void test_place(void **state)
{
    (void)state;
    np_item it = blank_item();
    assert_item(np_meta_place, &it, "");
    np_concept place;
    np_text pname;
    set_concept(&place, &pname, "Lahore", NULL);
    it.located = &place;
    assert_item(np_meta_place, &it, "Lahore");
    it.dateline = "London (dpa) -";
    assert_item(np_meta_place, &it, "London (dpa)");
    it.dateline = "BEIJING-UNS:";
    assert_item(np_meta_place, &it, "BEIJING-UNS");
    it.dateline = "PARIS " EN_DASH;
    assert_item(np_meta_place, &it, "PARIS");
    it.dateline = "ROMA \xe2\x80\x94 ";
    assert_item(np_meta_place, &it, "ROMA");
    it.dateline = "R\xc4\x93ga"; /* a final byte 0x93 inside a letter is not a dash */
    assert_item(np_meta_place, &it, "R\xc4\x93ga");
}

static void test_dateline_given(void **state)
{
    (void)state;
    np_item it = blank_item();
    np_concept place;
    np_text pname;
    set_concept(&place, &pname, "Ignored", NULL);
    it.located = &place; /* a given dateline wins over located */
    it.content_created = parsed("2023-10-17T09:30:00+08:00");

    it.dateline = "BEIJING-UNS";
    assert_item(np_meta_dateline, &it, "BEIJING-UNS " EN_DASH);
    it.dateline = "MOSCOW, Monday (Reuters) -";
    assert_item(np_meta_dateline, &it, "MOSCOW, Monday (Reuters) -");
    it.dateline = "LONDON, Oct. 17 (dpa) " EN_DASH;
    assert_item(np_meta_dateline, &it, "LONDON, Oct. 17 (dpa) " EN_DASH);
    it.dateline = "PARIS \xE2\x80\x94"; /* em dash */
    assert_item(np_meta_dateline, &it, "PARIS \xE2\x80\x94");
    it.dateline = "WASHINGTON:";
    assert_item(np_meta_dateline, &it, "WASHINGTON:");
    it.dateline = "  NEW   YORK \n";
    assert_item(np_meta_dateline, &it, "NEW YORK " EN_DASH);
    it.dateline = "Z\xC3\xBCrich (sda) - ";
    assert_item(np_meta_dateline, &it, "Z\xC3\xBCrich (sda) -");

    /* an empty dateline element counts as absent */
    it.dateline = " \n ";
    assert_item(np_meta_dateline, &it, "IGNORED, Oct. 17 " EN_DASH);
}

static void test_dateline_built(void **state)
{
    (void)state;
    np_item it = blank_item();
    np_concept place, prov;
    np_text pname, provname;
    set_concept(&place, &pname, "Beijing", "geo:1816670");
    set_concept(&prov, &provname, NULL, "nprov:UNS");
    it.located = &place;
    it.provider = &prov;
    /* 01:00 in Beijing is still the 16th in UTC: the source's day counts */
    it.content_created = parsed("2023-10-17T01:00:00+08:00");
    it.first_created = parsed("2023-09-01T00:00:00Z");
    assert_item(np_meta_dateline, &it, "BEIJING, Oct. 17 (UNS) " EN_DASH);

    /* provider with a name: as written */
    set_concept(&prov, &provname, "Reuters", "nprov:REUTERS");
    assert_item(np_meta_dateline, &it, "BEIJING, Oct. 17 (Reuters) " EN_DASH);

    /* date from firstCreated, then versionCreated */
    memset(&it.content_created, 0, sizeof it.content_created);
    assert_item(np_meta_dateline, &it, "BEIJING, Sept. 1 (Reuters) " EN_DASH);
    memset(&it.first_created, 0, sizeof it.first_created);
    it.version_created = parsed("2024-03-05T12:00:00Z");
    assert_item(np_meta_dateline, &it, "BEIJING, March 5 (Reuters) " EN_DASH);

    /* non-ASCII place names are upper-cased too */
    pname.text = "Z\xC3\xBCrich";
    prov.names = NULL; /* back to the qcode */
    assert_item(np_meta_dateline, &it, "Z\xC3\x9CRICH, March 5 (REUTERS) " EN_DASH);
    pname.text = "S\xC3\xA3o  Paulo";
    assert_item(np_meta_dateline, &it, "S\xC3\x83O PAULO, March 5 (REUTERS) " EN_DASH);
}

static void test_dateline_partial(void **state)
{
    (void)state;
    np_item it = blank_item();
    np_concept place, prov;
    np_text pname, provname;
    set_concept(&place, &pname, "Beijing", NULL);
    set_concept(&prov, &provname, NULL, "nprov:UNS");

    assert_item(np_meta_dateline, &it, ""); /* nothing known */

    it.located = &place;
    it.provider = &prov;
    assert_item(np_meta_dateline, &it, "BEIJING (UNS) " EN_DASH);

    it.located = NULL;
    it.content_created = parsed("2023-10-17");
    assert_item(np_meta_dateline, &it, "Oct. 17 (UNS) " EN_DASH);

    it.provider = NULL;
    assert_item(np_meta_dateline, &it, "Oct. 17 " EN_DASH);

    memset(&it.content_created, 0, sizeof it.content_created);
    it.provider = &prov;
    assert_item(np_meta_dateline, &it, "(UNS) " EN_DASH);

    it.provider = NULL;
    it.located = &place;
    assert_item(np_meta_dateline, &it, "BEIJING " EN_DASH);

    /* a located place with only a code is no name */
    set_concept(&place, &pname, NULL, "geo:1816670");
    assert_item(np_meta_dateline, &it, "");
    it.content_created = parsed("2023-12-25T10:00:00Z");
    assert_item(np_meta_dateline, &it, "Dec. 25 " EN_DASH);

    /* a qcode without a colon is used whole; a bare URI is not a name */
    it.provider = &prov;
    prov.qcode = "AFP";
    assert_item(np_meta_dateline, &it, "Dec. 25 (AFP) " EN_DASH);
    prov.qcode = NULL;
    prov.uri = "http://cv.iptc.org/newscodes/newsprovider/UNS";
    assert_item(np_meta_dateline, &it, "Dec. 25 " EN_DASH);
}

/* ---- upper case ----------------------------------------------------------- */

static void assert_upper(const char *in, const char *want)
{
    np_buf b = NP_BUF_INIT;
    np_meta_upper(in, &b);
    assert_string_equal(np_buf_cstr(&b), want);
    np_buf_free(&b);
}

static void test_upper(void **state)
{
    (void)state;
    assert_upper("Beijing", "BEIJING");
    assert_upper("Z\xC3\xBCrich", "Z\xC3\x9CRICH");
    assert_upper("Krak\xC3\xB3w", "KRAK\xC3\x93W");
    assert_upper("\xC5\x81\xC3\xB3" "d\xC5\xBA", "\xC5\x81\xC3\x93" "D\xC5\xB9"); /* Łódź */
    assert_upper("\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1",
                 "\xCE\x91\xCE\x98\xCE\x89\xCE\x9D\xCE\x91"); /* Αθήνα */
    assert_upper("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0",
                 "\xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90"); /* Москва */
    assert_upper("H\xC3\xA0 N\xE1\xBB\x99i", "H\xC3\x80 N\xE1\xBB\x98I"); /* Hà Nội */
    assert_upper("C\xE1\xBA\xA7n Th\xC6\xA1", "C\xE1\xBA\xA6N TH\xC6\xA0"); /* Cần Thơ */
    assert_upper("\xE5\x8C\x97\xE4\xBA\xAC", "\xE5\x8C\x97\xE4\xBA\xAC"); /* 北京 unchanged */
    assert_upper("Stra\xC3\x9F" "e", "STRA\xC3\x9F" "E"); /* ß has no simple capital */
    assert_upper("a\xFF" "b\xC3", "A\xFF" "B\xC3");       /* invalid bytes kept */
    assert_upper("", "");
}

/* The built-in table agrees with the C library's C.UTF-8 towupper over the
 * ranges it claims (skipped where that locale does not exist). */
static void test_upper_matches_libc(void **state)
{
    (void)state;
    locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    if (!loc)
        loc = newlocale(LC_CTYPE_MASK, "C.utf8", (locale_t)0);
    if (!loc)
        skip();
    static const uint32_t ranges[][2] = {{0x20, 0x23E},   {0x241, 0x24F},   {0x386, 0x3CE},
                                         {0x400, 0x52F},  {0x531, 0x58F},   {0x1E00, 0x1E9A},
                                         {0x1E9C, 0x1EFF}};
    size_t checked = 0;
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
        for (uint32_t c = ranges[r][0]; c <= ranges[r][1]; c++) {
            char in[4] = {0};
            if (c < 0x80) {
                in[0] = (char)c;
            } else if (c < 0x800) {
                in[0] = (char)(0xC0 | (c >> 6));
                in[1] = (char)(0x80 | (c & 0x3F));
            } else {
                in[0] = (char)(0xE0 | (c >> 12));
                in[1] = (char)(0x80 | ((c >> 6) & 0x3F));
                in[2] = (char)(0x80 | (c & 0x3F));
            }
            uint32_t ref = (uint32_t)towupper_l((wint_t)c, loc);
            char want[4] = {0};
            if (ref < 0x80) {
                want[0] = (char)ref;
            } else if (ref < 0x800) {
                want[0] = (char)(0xC0 | (ref >> 6));
                want[1] = (char)(0x80 | (ref & 0x3F));
            } else {
                want[0] = (char)(0xE0 | (ref >> 12));
                want[1] = (char)(0x80 | ((ref >> 6) & 0x3F));
                want[2] = (char)(0x80 | (ref & 0x3F));
            }
            np_buf b = NP_BUF_INIT;
            np_meta_upper(in, &b);
            if (strcmp(np_buf_cstr(&b), want) != 0) {
                np_buf_free(&b);
                freelocale(loc);
                fail_msg("U+%04X: libc says U+%04X", (unsigned)c, (unsigned)ref);
            }
            np_buf_free(&b);
            checked++;
        }
    }
    freelocale(loc);
    assert_true(checked > 1000);
}

/* ---- names, copyright, item date ----------------------------------------- */

static void test_subject_name(void **state)
{
    (void)state;
    np_concept s;
    np_text en, fr;
    memset(&s, 0, sizeof s);
    memset(&en, 0, sizeof en);
    memset(&fr, 0, sizeof fr);
    s.qcode = "medtop:04000000";
    assert_string_equal(np_meta_subject_name(&s, "en"), "medtop:04000000");
    en.text = "economy, business and finance";
    en.lang = "en";
    fr.text = "\xC3\xA9" "conomie";
    fr.lang = "fr";
    en.next = &fr;
    s.names = &en;
    assert_string_equal(np_meta_subject_name(&s, "fr-CA"), "\xC3\xA9" "conomie");
    assert_string_equal(np_meta_subject_name(&s, "en"), "economy, business and finance");
    assert_string_equal(np_meta_subject_name(&s, NULL), "economy, business and finance");
    assert_null(np_meta_subject_name(NULL, "en"));
}

static void test_copyright(void **state)
{
    (void)state;
    np_item it = blank_item();
    assert_item(np_meta_copyright, &it, "");

    it.content_created = parsed("2023-10-17T09:30:00+05:00");
    assert_item(np_meta_copyright, &it, ""); /* a year alone says nothing */

    it.rights.holder = "United News Service";
    assert_item(np_meta_copyright, &it, "\xC2\xA9 2023 United News Service");

    /* the year of the source's own day, not of UTC */
    it.content_created = parsed("2023-12-31T23:00:00-05:00");
    assert_item(np_meta_copyright, &it, "\xC2\xA9 2023 United News Service");

    memset(&it.content_created, 0, sizeof it.content_created);
    it.version_created = parsed("2021-06-01");
    assert_item(np_meta_copyright, &it, "\xC2\xA9 2021 United News Service");
    memset(&it.version_created, 0, sizeof it.version_created);
    assert_item(np_meta_copyright, &it, "\xC2\xA9 United News Service");

    it.rights.notice = "  Copyright 2023\n  UNS.  All rights reserved. ";
    assert_item(np_meta_copyright, &it, "Copyright 2023 UNS. All rights reserved.");
    it.rights.holder = NULL;
    assert_item(np_meta_copyright, &it, "Copyright 2023 UNS. All rights reserved.");
    it.rights.notice = "   ";
    assert_item(np_meta_copyright, &it, "");
}

static void test_item_date(void **state)
{
    (void)state;
    np_item it = blank_item();
    assert_null(np_meta_item_date(&it));
    assert_null(np_meta_item_date(NULL));
    it.version_created = parsed("2023-10-19");
    assert_ptr_equal(np_meta_item_date(&it), &it.version_created);
    it.first_created = parsed("2023-10-18");
    assert_ptr_equal(np_meta_item_date(&it), &it.first_created);
    it.content_created = parsed("2023-10-17");
    assert_ptr_equal(np_meta_item_date(&it), &it.content_created);
    /* an unparseable contentCreated does not count */
    assert_int_equal(np_time_parse("2023-10-32", &it.content_created), -1);
    assert_ptr_equal(np_meta_item_date(&it), &it.first_created);
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
        cmocka_unit_test(test_byline),
        cmocka_unit_test(test_byline_by_prefix),
        cmocka_unit_test(test_byline_language),
        cmocka_unit_test(test_place),
        cmocka_unit_test(test_dateline_given),
        cmocka_unit_test(test_dateline_built),
        cmocka_unit_test(test_dateline_partial),
        cmocka_unit_test(test_upper),
        cmocka_unit_test(test_upper_matches_libc),
        cmocka_unit_test(test_subject_name),
        cmocka_unit_test(test_copyright),
        cmocka_unit_test(test_item_date),
        cmocka_unit_test(test_from_epoch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
