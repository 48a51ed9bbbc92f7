/* newsprint — metadata: dates, bylines, datelines, subject names. */
#ifndef NEWSPRINT_META_H
#define NEWSPRINT_META_H

#include "newsprint/export.h"

#include <stdint.h>
#include "buf.h"
#include "item.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Parse an ISO 8601 / xs:dateTime or xs:date: "2023-10-17T09:30:00+05:00",
 * "...+0500", "...+05", "...Z", "...T09:30:00.123Z", "...T09:30" (no
 * seconds), "2023-10-17" (date only, has_time 0, optionally with a zone),
 * no zone (taken as UTC, has_zone 0).  Leading/trailing whitespace is
 * ignored.  Years 1000..9999; zones -14:00..+14:00; "24:00:00" is the end
 * of the day (xs:dateTime); a leap second :60 is taken as :59; fractional
 * seconds are dropped.  Computed without mktime/timegm: independent of TZ
 * and locale.  Returns 0 and fills *t, or -1 (t->valid = 0) for anything
 * else, including impossible dates (2023-02-30, 25:00) and trailing junk. */
NP_EXPORT int np_time_parse(const char *s, np_time *t);

/* From seconds since the epoch: valid, has_time and has_zone set, UTC. */
NP_EXPORT np_time np_time_from_epoch(int64_t secs);

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
/* Broken-down date in the source's zone (utc + offset).  Any out pointer
 * may be NULL; an invalid time gives all zeros. */
NP_EXPORT void np_time_civil(const np_time *t, int *year, int *month, int *day,
                   int *hour, int *minute, int *second);
/* Parse "--at" style input: anything np_time_parse() takes, "@SECONDS"
 * (epoch, may be negative) or "now" (= np_time_now_or_sde()).  Returns 0
 * or -1 like np_time_parse(). */
NP_EXPORT int np_time_parse_arg(const char *s, np_time *t);
/* The time to evaluate embargoes against when the user gave none:
 * $SOURCE_DATE_EPOCH if it is a non-negative decimal integer (digits only),
 * else the current time. */
NP_EXPORT np_time np_time_now_or_sde(void);

/* "By Jane Doe", "By Jane Doe and John Roe", "By A, B and C" — in the
 * item's language where we know the words (en, de, fr, es, it, pt, nl;
 * English when the language is unknown), else the names alone, joined
 * with commas.
 * Every creator of the item with a name (a <name> or literal, in the item's
 * language; a bare qcode/uri is no name), in document order; contributors
 * are not in the byline.  A name already starting with "By " (any case) is
 * a whole byline: the first such is used alone, as written.  The item's
 * own `byline` (from the body: "Jane Doe, Staff Reporter") comes first,
 * with the language's "By " unless it has one.  Whitespace is
 * normalised.  Appends nothing when there is no creator name. */
NP_EXPORT void np_meta_byline(const np_item *item, np_buf *out);

/* The dateline as printed at the start of the story:
 * the <dateline> element as written when present, else built from located
 * (its name, upper-cased), np_meta_item_date() (AP month and day, no year)
 * and the provider (a qcode "nprov:UNS" gives "UNS"):
 * "BEIJING, Oct. 17 (UNS) –"; missing parts are left out ("(UNS) –").
 * A given dateline gets " –" (EN DASH) appended unless it already ends in
 * "-", "–", "—" or ":".  Appends nothing if nothing is known. */
NP_EXPORT void np_meta_dateline(const np_item *item, np_buf *out);

/* The place a story is filed from, for a header line: the <dateline> as
 * written, else the located place's name, without a trailing lead-in
 * ("London (dpa) -" gives "London (dpa)"; spaces, '-', ':', EN and EM
 * dashes are removed).  Appends nothing if neither is known. */
NP_EXPORT void np_meta_place(const np_item *item, np_buf *out);

/* Name of a concept in `lang` (see np_concept_name()). */
NP_EXPORT const char *np_meta_subject_name(const np_concept *subject, const char *lang);

/* The copyright line for outputs: the notice as written (whitespace
 * normalised) when present, else "© YEAR HOLDER" (year of
 * np_meta_item_date(), "© HOLDER" without one).  Appends nothing when there
 * is neither notice nor holder. */
NP_EXPORT void np_meta_copyright(const np_item *item, np_buf *out);

/* The date that places an item in time: contentCreated, else
 * firstCreated, else versionCreated (the first valid); NULL if none.
 * The pointer is into `item`. */
NP_EXPORT const np_time *np_meta_item_date(const np_item *item);

/* Append `s` (UTF-8) upper-cased: Unicode simple case mapping for Latin,
 * Greek, Cyrillic and Armenian ("Zürich" -> "ZÜRICH"), other characters
 * and invalid bytes unchanged.  Locale-independent. */
NP_EXPORT void np_meta_upper(const char *s, np_buf *out);

#ifdef __cplusplus
}
#endif
#endif
