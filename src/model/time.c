/* Time: parsing the forms news items write, civil dates, formats, ISO
 * weeks, SOURCE_DATE_EPOCH.  (Time zones: timezone.c.)
 *
 * Dates are computed with plain integer calendar arithmetic (proleptic
 * Gregorian), never with mktime/timegm: the results do not depend on TZ,
 * the locale or the C library. */
#include "newsprint/time.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ---- calendar arithmetic ---------------------------------------------- */

#define SECS_PER_DAY INT64_C(86400)
#define MAX_ZONE_MIN (14 * 60) /* XML Schema: -14:00 .. +14:00 */

static int is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Floor division (C's `/` truncates toward zero). */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

/* Days from the start of a March-based month to the start of the year
 * (March = 0 ... February = 11). */
static const short march_month_start[12] = {0, 31, 61, 92, 122, 153, 184, 214, 245, 275, 306, 337};

/* Days from 0000-03-01 (proleptic Gregorian) to 1970-01-01. */
#define EPOCH_FROM_MARCH_0 INT64_C(719468)
#define DAYS_PER_400Y INT64_C(146097)

/* First day of March-based year `k` (0..399) within a 400-year cycle that
 * starts on 1 March of a year divisible by 400. */
static int64_t year_start_in_cycle(int64_t k)
{
    /* The February that ends March-year k belongs to calendar year k+1, so
     * the leap days before March-year k are those of calendar years 1..k. */
    return 365 * k + k / 4 - k / 100;
}

/* Days since 1970-01-01 of a Gregorian date (month 1..12, day 1..31). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    int mm = m - 3; /* March-based month */
    if (mm < 0) {
        mm += 12;
        y -= 1;
    }
    int64_t cycle = floor_div(y, 400);
    int64_t k = y - cycle * 400; /* 0..399 */
    int64_t z = cycle * DAYS_PER_400Y + year_start_in_cycle(k) + march_month_start[mm] + (d - 1);
    return z - EPOCH_FROM_MARCH_0;
}

/* Inverse of days_from_civil(). */
static void civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
    int64_t z = days + EPOCH_FROM_MARCH_0;
    int64_t cycle = floor_div(z, DAYS_PER_400Y);
    int64_t doc = z - cycle * DAYS_PER_400Y; /* day of cycle, 0..146096 */
    int64_t k = doc / 365;                   /* at most one too large */
    if (k > 399)
        k = 399;
    while (year_start_in_cycle(k) > doc)
        k--;
    int doy = (int)(doc - year_start_in_cycle(k)); /* 0..365 */
    int mm = 11;
    while (march_month_start[mm] > doy)
        mm--;
    *d = doy - march_month_start[mm] + 1;
    *m = mm < 10 ? mm + 3 : mm - 9;
    *y = cycle * 400 + k + (*m <= 2);
}

/* ---- parsing ------------------------------------------------------------ */

static int is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* Exactly `n` ASCII digits. */
static int take_digits(const char **p, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (!is_digit(c))
            return -1;
        x = x * 10 + (c - '0');
    }
    *p += n;
    *v = x;
    return 0;
}

static int fail(np_time *t)
{
    memset(t, 0, sizeof *t);
    return -1;
}

/* "T", "t" or one space between the date and the time of day (agencies
 * write "2016-01-12 12:35:40"); a space must be followed by hh:mm. */
static int take_time_sep(const char **p)
{
    const char *q = *p;
    if (*q == 'T' || *q == 't') {
        *p = q + 1;
        return 1;
    }
    if (*q == ' ' && is_digit(q[1]) && is_digit(q[2]) && q[3] == ':') {
        *p = q + 1;
        return 1;
    }
    return 0;
}

/* hh:mm[:ss[.fff]] -> seconds of the day (86400 for 24:00:00). */
static int take_time_of_day(const char **p, int *secs)
{
    int h, mi, sec = 0, frac = 0;
    if (take_digits(p, 2, &h) || *(*p)++ != ':' || take_digits(p, 2, &mi))
        return -1;
    if (**p == ':') { /* seconds; ISO 8601 allows hh:mm alone */
        (*p)++;
        if (take_digits(p, 2, &sec))
            return -1;
        if (**p == '.' || **p == ',') {
            (*p)++;
            if (!is_digit(**p))
                return -1;
            while (is_digit(**p))
                frac |= *(*p)++ != '0';
        }
    }
    if (h == 24) { /* XML Schema: 24:00:00 is the end of the day */
        if (mi != 0 || sec != 0 || frac)
            return -1;
    } else if (h > 23) {
        return -1;
    }
    if (mi > 59 || sec > 60)
        return -1;
    if (sec == 60) /* a leap second: POSIX time has no room for it */
        sec = 59;
    *secs = h * 3600 + mi * 60 + sec;
    return 0;
}

/* A zone: "Z", "UTC", "GMT", "+05", "+0530", "+05:30" (optionally after
 * one space).  Returns 1 with *off in minutes, 0 when there is none, -1
 * when it is malformed. */
static int take_zone(const char **p, int *off)
{
    const char *q = *p;
    if (*q == ' ' && (q[1] == 'Z' || q[1] == 'z' || q[1] == '+' || q[1] == '-' || q[1] == 'U' ||
                      q[1] == 'G'))
        q++;
    if (!strncmp(q, "UTC", 3) || !strncmp(q, "GMT", 3)) {
        *p = q + 3;
        *off = 0;
        return 1;
    }
    if (*q == 'Z' || *q == 'z') {
        *p = q + 1;
        *off = 0;
        return 1;
    }
    if (*q != '+' && *q != '-')
        return 0;
    int sign = *q++ == '-' ? -1 : 1;
    int zh, zm = 0;
    if (take_digits(&q, 2, &zh))
        return -1;
    if (*q == ':') {
        q++;
        if (take_digits(&q, 2, &zm))
            return -1;
    } else if (is_digit(*q)) { /* "+0500" */
        if (take_digits(&q, 2, &zm))
            return -1;
    }
    if (zm > 59 || zh * 60 + zm > MAX_ZONE_MIN)
        return -1;
    *off = sign * (zh * 60 + zm);
    *p = q;
    return 1;
}

int np_time_parse(const char *s, np_time *t)
{
    np_time dummy;
    if (!t)
        t = &dummy;
    if (!s)
        return fail(t);
    const char *p = s;
    while (is_space(*p))
        p++;

    int y, mo, d, secs = 0, off = 0;
    int has_time = 0, has_zone;
    if (take_digits(&p, 4, &y) || *p++ != '-' || take_digits(&p, 2, &mo) || *p++ != '-' ||
        take_digits(&p, 2, &d))
        return fail(t);
    if (take_time_sep(&p)) {
        has_time = 1;
        if (take_time_of_day(&p, &secs))
            return fail(t);
    }
    has_zone = take_zone(&p, &off);
    if (has_zone < 0)
        return fail(t);
    while (is_space(*p))
        p++;
    if (*p != '\0')
        return fail(t);
    if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
        return fail(t);

    memset(t, 0, sizeof *t);
    t->utc = days_from_civil(y, mo, d) * SECS_PER_DAY + secs - (int64_t)off * 60;
    t->offset_min = off;
    t->valid = 1;
    t->has_time = (unsigned)has_time;
    t->has_zone = (unsigned)has_zone;
    return 0;
}

np_time np_time_from_epoch(int64_t secs)
{
    np_time t;
    memset(&t, 0, sizeof t);
    t.utc = secs;
    t.valid = 1;
    t.has_time = 1;
    t.has_zone = 1;
    return t;
}

/* Strict decimal integer: optional '-' (when allowed), digits, nothing else. */
static int parse_int64(const char *s, size_t n, int allow_neg, int64_t *v)
{
    size_t i = 0;
    int neg = 0;
    if (allow_neg && i < n && s[i] == '-') {
        neg = 1;
        i++;
    }
    if (i == n)
        return -1;
    uint64_t x = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; i < n; i++) {
        if (!is_digit(s[i]))
            return -1;
        unsigned dgt = (unsigned)(s[i] - '0');
        if (x > (limit - dgt) / 10)
            return -1;
        x = x * 10 + dgt;
    }
    if (neg)
        *v = x == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)x;
    else
        *v = (int64_t)x;
    return 0;
}

int np_time_source_date_epoch(np_time *t)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    int64_t secs;
    if (!sde || parse_int64(sde, strlen(sde), 0, &secs) != 0)
        return -1;
    *t = np_time_from_epoch(secs);
    return 0;
}

np_time np_time_now_or_sde(void)
{
    np_time t;
    if (np_time_source_date_epoch(&t) != 0)
        t = np_time_from_epoch((int64_t)time(NULL));
    return t;
}

int np_time_parse_arg(const char *s, np_time *t)
{
    np_time dummy;
    if (!t)
        t = &dummy;
    if (!s)
        return fail(t);
    const char *p = s, *end;
    while (is_space(*p))
        p++;
    end = p + strlen(p);
    while (end > p && is_space(end[-1]))
        end--;
    size_t n = (size_t)(end - p);
    if (n == 3 && strncasecmp(p, "now", 3) == 0) {
        *t = np_time_now_or_sde();
        return 0;
    }
    if (n > 0 && *p == '@') {
        int64_t secs;
        if (parse_int64(p + 1, n - 1, 1, &secs) != 0)
            return fail(t);
        *t = np_time_from_epoch(secs);
        return 0;
    }
    return np_time_parse(p, t);
}

/* ---- civil time and formats -------------------------------------------- */

void np_time_civil(const np_time *t, int *year, int *month, int *day, int *hour, int *minute,
                   int *second)
{
    int64_t y = 0;
    int m = 0, d = 0, hh = 0, mm = 0, ss = 0;
    if (t && t->valid) {
        int64_t local = t->utc;
        int64_t shift = (int64_t)t->offset_min * 60;
        if (shift > 0 && local > INT64_MAX - shift)
            local = INT64_MAX;
        else if (shift < 0 && local < INT64_MIN - shift)
            local = INT64_MIN;
        else
            local += shift;
        int64_t days = floor_div(local, SECS_PER_DAY);
        int64_t rem = local - days * SECS_PER_DAY;
        civil_from_days(days, &y, &m, &d);
        hh = (int)(rem / 3600);
        mm = (int)(rem / 60 % 60);
        ss = (int)(rem % 60);
        if (y > INT_MAX)
            y = INT_MAX;
        else if (y < INT_MIN)
            y = INT_MIN;
    }
    if (year)
        *year = (int)y;
    if (month)
        *month = m;
    if (day)
        *day = d;
    if (hour)
        *hour = hh;
    if (minute)
        *minute = mm;
    if (second)
        *second = ss;
}

const char *np_month_ap(int month)
{
    static const char *const ap[12] = {"Jan.", "Feb.", "March", "April", "May",  "June",
                                       "July", "Aug.", "Sept.", "Oct.",  "Nov.", "Dec."};
    return month >= 1 && month <= 12 ? ap[month - 1] : "";
}

void np_time_format_iso(const np_time *t, np_buf *out)
{
    if (!t || !t->valid || !out)
        return;
    if (!t->has_time) { /* a date is a day in its own zone, not an instant */
        np_time_format_date(t, out);
        return;
    }
    np_time utc = *t;
    utc.offset_min = 0;
    int y, m, d, hh, mm, ss;
    np_time_civil(&utc, &y, &m, &d, &hh, &mm, &ss);
    np_buf_printf(out, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, hh, mm, ss);
}

void np_time_format_date(const np_time *t, np_buf *out)
{
    if (!t || !t->valid || !out)
        return;
    int y, m, d;
    np_time_civil(t, &y, &m, &d, NULL, NULL, NULL);
    np_buf_printf(out, "%04d-%02d-%02d", y, m, d);
}

void np_time_format_human(const np_time *t, np_buf *out)
{
    if (!t || !t->valid || !out)
        return;
    int y, m, d;
    np_time_civil(t, &y, &m, &d, NULL, NULL, NULL);
    np_buf_printf(out, "%s %d, %d", np_month_ap(m), d, y);
}

void np_time_format_human_time(const np_time *t, np_buf *out)
{
    if (!t || !t->valid || !out)
        return;
    np_time_format_human(t, out);
    if (!t->has_time)
        return;
    int hh, mm;
    np_time_civil(t, NULL, NULL, NULL, &hh, &mm, NULL);
    np_buf_printf(out, ", %02d:%02d UTC", hh, mm);
    if (t->offset_min != 0) {
        int off = t->offset_min < 0 ? -t->offset_min : t->offset_min;
        np_buf_printf(out, "%c%02d:%02d", t->offset_min < 0 ? '-' : '+', off / 60, off % 60);
    }
}


/* Day `days` (since 1970-01-01) as a date-only time. */
static np_time day_at(int64_t days)
{
    np_time t;
    memset(&t, 0, sizeof t);
    t.utc = days * SECS_PER_DAY;
    t.valid = 1;
    return t;
}

/* ---- weeks ------------------------------------------------------------ */

static int64_t floor_mod(int64_t a, int64_t b)
{
    return a - floor_div(a, b) * b;
}

static int weekday_of_days(int64_t days)
{
    return (int)floor_mod(days + 3, 7); /* 1970-01-01 was a Thursday */
}

int np_weekday(int year, int month, int day)
{
    return weekday_of_days(days_from_civil(year, month, day));
}

const char *np_weekday_name(int wday)
{
    static const char *const names[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                         "Friday", "Saturday", "Sunday"};
    return wday >= 0 && wday < 7 ? names[wday] : "";
}

void np_iso_week_of(int year, int month, int day, int *iso_year, int *week)
{
    int64_t d = days_from_civil(year, month, day);
    int64_t thursday = d - weekday_of_days(d) + 3;
    int y = year;
    if (thursday < days_from_civil(y, 1, 1))
        y--;
    else if (thursday >= days_from_civil((int64_t)y + 1, 1, 1))
        y++;
    *iso_year = y;
    *week = (int)((thursday - days_from_civil(y, 1, 1)) / 7 + 1);
}

int np_iso_week_parse(const char *s, np_time *from, np_time *to)
{
    if (!s)
        return -1;
    int year = 0, n = 0;
    const char *p = s;
    while (n < 4 && *p >= '0' && *p <= '9') {
        year = year * 10 + (*p++ - '0');
        n++;
    }
    if (n != 4 || year < 1)
        return -1;
    if (*p == '-')
        p++;
    if (*p != 'W' && *p != 'w')
        return -1;
    p++;
    if (!(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9') || p[2])
        return -1;
    int week = (p[0] - '0') * 10 + (p[1] - '0');
    if (week < 1 || week > 53)
        return -1;
    int64_t jan4 = days_from_civil(year, 1, 4);
    int64_t monday = jan4 - weekday_of_days(jan4) + 7 * (int64_t)(week - 1);
    if (week == 53) {
        /* only years whose ISO calendar has 53 weeks */
        int64_t next_jan4 = days_from_civil((int64_t)year + 1, 1, 4);
        if (monday >= next_jan4 - weekday_of_days(next_jan4))
            return -1;
    }
    *from = day_at(monday);
    *to = day_at(monday + 7);
    return 0;
}

void np_date_range_format(int y1, int m1, int d1, int y2, int m2, int d2, np_buf *out)
{
    static const char dash[] = "\xe2\x80\x93"; /* en dash */
    if (y1 == y2 && m1 == m2 && d1 == d2)
        np_buf_printf(out, "%s %d, %d", np_month_ap(m1), d1, y1);
    else if (y1 == y2 && m1 == m2)
        np_buf_printf(out, "%s %d%s%d, %d", np_month_ap(m1), d1, dash, d2, y1);
    else if (y1 == y2)
        np_buf_printf(out, "%s %d %s %s %d, %d", np_month_ap(m1), d1, dash, np_month_ap(m2), d2,
                      y1);
    else
        np_buf_printf(out, "%s %d, %d %s %s %d, %d", np_month_ap(m1), d1, y1, dash,
                      np_month_ap(m2), d2, y2);
}
