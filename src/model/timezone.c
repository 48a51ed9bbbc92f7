/* Time zones from the system's zone database: ICU for a zone named by the
 * user or a style, the C library (TZ) for the local one.  No setenv("TZ"):
 * a zone is an object, safe to share between threads. */
#include "newsprint/time.h"
#include "util/alloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/ucal.h>
#include <unicode/ustring.h>

#define SECS_PER_DAY INT64_C(86400)

struct np_tz {
    char *name;
    UCalendar *cal;       /* a named zone; NULL: the C library's local zone */
    pthread_mutex_t lock; /* a UCalendar holds state between set and get */
};

enum { MAX_ZONE_NAME = 128 };

/* Characters of IANA and ICU zone ids ("America/Port-au-Prince",
 * "Etc/GMT+5"): all ICU invariant characters. */
static int is_zone_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > MAX_ZONE_NAME)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              strchr("/_-+:", *s)))
            return 0;
    return 1;
}

static UCalendar *open_icu_zone(const char *name)
{
    UChar id[MAX_ZONE_NAME + 1], canonical[MAX_ZONE_NAME + 1];
    u_uastrncpy(id, name, MAX_ZONE_NAME + 1);
    UErrorCode st = U_ZERO_ERROR;
    UBool is_system = 0;
    /* ucal_open() takes an unknown id as GMT: ask the zone database first */
    ucal_getCanonicalTimeZoneID(id, -1, canonical, MAX_ZONE_NAME + 1, &is_system, &st);
    if (U_FAILURE(st) || !is_system)
        return NULL;
    UCalendar *cal = ucal_open(id, -1, "en_US_POSIX", UCAL_GREGORIAN, &st);
    if (U_FAILURE(st)) {
        ucal_close(cal);
        return NULL;
    }
    return cal;
}

np_tz *np_tz_open(const char *name, np_error *err)
{
    UCalendar *cal = NULL;
    const char *shown = name;
    if (name && *name) {
        if (!is_zone_name(name) || !(cal = open_icu_zone(name))) {
            np_error_set(err, NP_ERR_USAGE, NULL, 0,
                         "unknown time zone '%s' (use a zone name such as Asia/Karachi, or UTC)",
                         name);
            return NULL;
        }
    } else {
        tzset(); /* read TZ now, once: localtime_r() need not */
        shown = getenv("TZ");
        if (shown && *shown == ':')
            shown++;
        if (!shown || !*shown)
            shown = shown ? "UTC" : "local time"; /* glibc reads TZ="" as UTC */
    }
    np_tz *tz = np_xmalloc(sizeof *tz);
    tz->name = np_xstrdup(shown);
    tz->cal = cal;
    pthread_mutex_init(&tz->lock, NULL);
    return tz;
}

void np_tz_free(np_tz *tz)
{
    if (!tz)
        return;
    ucal_close(tz->cal);
    pthread_mutex_destroy(&tz->lock);
    free(tz->name);
    free(tz);
}

const char *np_tz_name(const np_tz *tz)
{
    return tz ? tz->name : "UTC";
}

/* Seconds east of UTC at `utc` (0 when the zone database cannot say). */
static int64_t offset_secs(const np_tz *tz, int64_t utc)
{
    if (!tz)
        return 0;
    if (!tz->cal) {
        time_t tt = (time_t)utc;
        struct tm tm;
        if ((int64_t)tt != utc || !localtime_r(&tt, &tm))
            return 0;
        return tm.tm_gmtoff;
    }
    np_tz *mut = (np_tz *)tz; /* the lock and the calendar's scratch state */
    UErrorCode st = U_ZERO_ERROR;
    pthread_mutex_lock(&mut->lock);
    ucal_setMillis(mut->cal, (UDate)utc * 1000.0, &st);
    int32_t ms = ucal_get(mut->cal, UCAL_ZONE_OFFSET, &st);
    ms += ucal_get(mut->cal, UCAL_DST_OFFSET, &st);
    pthread_mutex_unlock(&mut->lock);
    return U_FAILURE(st) ? 0 : ms / 1000;
}

int np_tz_offset_min(const np_tz *tz, int64_t utc)
{
    return (int)(offset_secs(tz, utc) / 60);
}

int64_t np_tz_from_local(const np_tz *tz, int64_t local)
{
    /* the offsets a day before and a day after: zones change at most once
     * in between */
    int64_t before = offset_secs(tz, local - SECS_PER_DAY);
    int64_t after = offset_secs(tz, local + SECS_PER_DAY);
    int64_t ub = local - before, ua = local - after;
    int fits_b = offset_secs(tz, ub) == before, fits_a = offset_secs(tz, ua) == after;
    if (fits_b && fits_a)
        return ub < ua ? ub : ua; /* clocks went back: the earlier */
    if (fits_a)
        return ua;
    return ub; /* fits before, or a skipped hour: the offset before */
}

int np_tz_localise(const np_tz *tz, np_time *t)
{
    if (!t || !t->valid || (t->has_time && t->has_zone))
        return 0;
    /* the wall clock as written (a date: 00:00 of the day as written) */
    int64_t local = t->utc + (int64_t)t->offset_min * 60;
    int was_local_time = t->has_time;
    t->utc = np_tz_from_local(tz, local);
    t->offset_min = np_tz_offset_min(tz, t->utc);
    t->has_zone = 1;
    return was_local_time;
}
