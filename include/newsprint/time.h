/* newsprint — time: instants and days as news items give them, calendar
 * arithmetic, ISO weeks, formats, time zones, SOURCE_DATE_EPOCH. */
#ifndef NEWSPRINT_TIME_H
#define NEWSPRINT_TIME_H

#include "newsprint/export.h"

#include <stdint.h>
#include "buf.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A point in time as NewsML-G2 gives it (ISO 8601 / XML Schema dateTime). */
typedef struct np_time {
    int64_t utc;      /* seconds since 1970-01-01T00:00:00Z */
    int offset_min;   /* the zone the source used, minutes east of UTC */
    unsigned valid : 1;    /* 0: absent or unparseable */
    unsigned has_time : 1; /* 0: date only (utc is 00:00 of that day in the zone) */
    unsigned has_zone : 1; /* 0: no zone given (taken as UTC until np_tz_localise()) */
} np_time;

/* ---- parsing ------------------------------------------------------------ */

/* Parse an ISO 8601 / xs:dateTime or xs:date, and the forms agencies write:
 * "2023-10-17T09:30:00+05:00", "...+0500", "...+05", "...Z", "...UTC",
 * "...T09:30:00.123Z", "...T09:30" (no seconds), "2023-10-17 09:30:00"
 * (a space for the T), a space before the zone, "2023-10-17" (date only,
 * has_time 0, optionally with a zone), no zone (taken as UTC, has_zone 0:
 * np_tz_localise() reads it in an edition's zone).  Leading/trailing
 * whitespace is ignored.  Years 1000..9999; zones -14:00..+14:00;
 * "24:00:00" is the end of the day (xs:dateTime); a leap second :60 is
 * taken as :59; fractional seconds are dropped.  Computed without
 * mktime/timegm: independent of TZ and locale.  Returns 0 and fills *t, or
 * -1 (t->valid = 0) for anything else, including impossible dates
 * (2023-02-30, 25:00) and trailing junk. */
NP_NODISCARD NP_EXPORT int np_time_parse(const char *s, np_time *t);

/* From seconds since the epoch: valid, has_time and has_zone set, UTC. */
NP_EXPORT np_time np_time_from_epoch(int64_t secs);

/* Parse "--at" style input: anything np_time_parse() takes, "@SECONDS"
 * (epoch, may be negative) or "now" (= np_time_now_or_sde()).  Returns 0
 * or -1 like np_time_parse(). */
NP_NODISCARD NP_EXPORT int np_time_parse_arg(const char *s, np_time *t);

/* The one reader of $SOURCE_DATE_EPOCH: when it is set to a non-negative
 * decimal integer (digits only), fill *t with that instant and return 0;
 * else return -1 and leave *t alone. */
NP_NODISCARD NP_EXPORT int np_time_source_date_epoch(np_time *t);
/* $SOURCE_DATE_EPOCH when set (see above), else the current time: the
 * time to evaluate embargoes against when the user gave none. */
NP_EXPORT np_time np_time_now_or_sde(void);

/* ---- civil dates and formats -------------------------------------------- */

/* Broken-down date in the source's zone (utc + offset).  Any out pointer
 * may be NULL; an invalid time gives all zeros. */
NP_EXPORT void np_time_civil(const np_time *t, int *year, int *month, int *day, int *hour,
                             int *minute, int *second);

/* Formats.  Each appends to `out` (nothing for a NULL or invalid time):
 *  np_time_format_iso:  "2023-10-17T04:30:00Z" (UTC); a date-only time
 *    gives the date as written, "2023-10-17" (a day, not an instant)
 *  np_time_format_date: "2023-10-17" in the source's own zone
 *  np_time_format_human: "Oct. 17, 2023" (AP month style, source zone)
 *  np_time_format_human_time: "Oct. 17, 2023, 09:30 UTC+05:00", or
 *    "..., 09:30 UTC" at offset 0, "UTC-04:00" west of Greenwich
 *    (date only: same as np_time_format_human) */
NP_EXPORT void np_time_format_iso(const np_time *t, np_buf *out);
NP_EXPORT void np_time_format_date(const np_time *t, np_buf *out);
NP_EXPORT void np_time_format_human(const np_time *t, np_buf *out);
NP_EXPORT void np_time_format_human_time(const np_time *t, np_buf *out);
/* "Oct." "Sept." "March" ... AP-style month abbreviation, month 1..12;
 * "" for any other number. */
NP_EXPORT const char *np_month_ap(int month);

/* A date range as a reader reads it, appended to `out`:
 * "Nov. 16–22, 2026", "Nov. 30 – Dec. 6, 2026", "Dec. 28, 2026 – Jan. 3, 2027",
 * "Nov. 16, 2026" when both are the same day.  Civil dates (y, m, d). */
NP_EXPORT void np_date_range_format(int y1, int m1, int d1, int y2, int m2, int d2, np_buf *out);

/* ---- weeks ------------------------------------------------------------------ */

/* ISO 8601 week: "2026-W47" (also "2026W47", "2026-w47") -> its Monday
 * (*from) and the next Monday (*to, exclusive), as days (date-only times,
 * has_time 0: np_tz_localise() places them in an edition's zone; utc is
 * 00:00 UTC of the day).  Returns 0, or -1 if malformed or the year has no
 * such week. */
NP_NODISCARD NP_EXPORT int np_iso_week_parse(const char *s, np_time *from, np_time *to);
/* The ISO week (year and week number 1..53) of a civil date. */
NP_EXPORT void np_iso_week_of(int year, int month, int day, int *iso_year, int *week);
/* Day of the week of a civil date, 0 = Monday .. 6 = Sunday. */
NP_NODISCARD NP_EXPORT int np_weekday(int year, int month, int day);
/* "Monday" .. "Sunday" for 0..6. */
NP_EXPORT const char *np_weekday_name(int wday);

/* ---- time zones ---------------------------------------------------------------- */

/* A time zone from the system's time-zone database.  Safe to share between
 * threads (its calendar is used under a lock). */
typedef struct np_tz np_tz;

/* Open `name`: an IANA zone name ("Asia/Karachi", "America/Los_Angeles",
 * "UTC"), through ICU; NULL or "" is the local zone as the C library reads
 * the TZ environment variable (TZ unset: /etc/localtime).  Returns NULL with
 * `err` filled (NP_ERR_USAGE) for a name that is no zone. */
NP_NODISCARD NP_EXPORT np_tz *np_tz_open(const char *name, np_error *err);
NP_EXPORT void np_tz_free(np_tz *tz);
/* "Asia/Karachi"; the local zone gives $TZ (without a leading ':') or
 * "local time".  Valid as long as `tz`. */
NP_EXPORT const char *np_tz_name(const np_tz *tz);
/* Minutes east of UTC in `tz` at instant `utc` (daylight saving included).
 * A NULL zone is UTC. */
NP_NODISCARD NP_EXPORT int np_tz_offset_min(const np_tz *tz, int64_t utc);
/* The instant whose wall-clock time in `tz` is `local` (seconds since
 * 1970-01-01T00:00:00 on that wall clock).  A wall time that does not exist
 * (the hour skipped when clocks go forward) is read with the offset before
 * the change; one that happens twice is the earlier instant. */
NP_EXPORT int64_t np_tz_from_local(const np_tz *tz, int64_t local);
/* Place a time in `tz` (NULL: UTC): a time of day without a zone
 * (has_zone 0) is `tz`'s wall-clock time; a date without a time of day is
 * that day in `tz` (utc = its first instant there).  Both then carry `tz`'s
 * offset and has_zone 1; a time with its own zone is left alone.  Returns 1
 * if `t` was a time of day without a zone, else 0.  Placing a time twice
 * changes nothing. */
NP_EXPORT int np_tz_localise(const np_tz *tz, np_time *t);

#ifdef __cplusplus
}
#endif
#endif
