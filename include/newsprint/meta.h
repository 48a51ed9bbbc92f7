/* newsprint — metadata: dates, bylines, datelines, subject names. */
#ifndef NEWSPRINT_META_H
#define NEWSPRINT_META_H

#include <stdint.h>
#include "buf.h"
#include "item.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Parse an ISO 8601 / xs:dateTime or xs:date: "2023-10-17T09:30:00+05:00",
 * "...+0500", "...Z", "...T09:30:00.123Z", "2023-10-17" (date only), no zone
 * (taken as UTC, has_zone 0).  Leading/trailing whitespace is ignored.
 * Returns 0 and fills *t, or -1 (t->valid = 0) for anything else,
 * including impossible dates (2023-02-30, 25:00). */
int np_time_parse(const char *s, np_time *t);

/* From seconds since the epoch (UTC). */
np_time np_time_from_epoch(int64_t secs);

/* Formats.  Each appends to `out`:
 *  np_time_format_iso:  "2023-10-17T04:30:00Z" (UTC)
 *  np_time_format_date: "2023-10-17" in the source's own zone
 *  np_time_format_human: "Oct. 17, 2023" (AP month style, source zone)
 *  np_time_format_human_time: "Oct. 17, 2023, 09:30 UTC+05:00"
 *    (date only: same as np_time_format_human) */
void np_time_format_iso(const np_time *t, np_buf *out);
void np_time_format_date(const np_time *t, np_buf *out);
void np_time_format_human(const np_time *t, np_buf *out);
void np_time_format_human_time(const np_time *t, np_buf *out);
/* "Oct." "Sept." "March" ... AP-style month abbreviation, month 1..12. */
const char *np_month_ap(int month);
/* Broken-down date in the source's zone. */
void np_time_civil(const np_time *t, int *year, int *month, int *day,
                   int *hour, int *minute, int *second);
/* Parse "--at" style input: ISO date/datetime or "@SECONDS". */
int np_time_parse_arg(const char *s, np_time *t);
/* The time to evaluate embargoes against when the user gave none:
 * $SOURCE_DATE_EPOCH if set and valid, else the current time. */
np_time np_time_now_or_sde(void);

/* "By Jane Doe", "By Jane Doe and John Roe", "By A, B and C".
 * Every creator of the item with a name, in document order; contributors
 * are not in the byline.  A name already starting with "By " is kept as is.
 * Appends nothing when there is no creator name. */
void np_meta_byline(const np_item *item, np_buf *out);

/* The dateline as printed at the start of the story:
 * the <dateline> element as written when present, else built from located
 * (city), content/first-created date and provider:
 * "BEIJING, Oct. 17 (UNS) –".  A given dateline gets " –" appended unless it
 * already ends in a dash or colon.  Appends nothing if nothing is known. */
void np_meta_dateline(const np_item *item, np_buf *out);

/* Name of a concept in `lang` (see np_concept_name()). */
const char *np_meta_subject_name(const np_concept *subject, const char *lang);

/* "© 2023 Holder. Notice" — the copyright line for outputs: the notice
 * as written when present, else "© YEAR HOLDER". Appends nothing if none. */
void np_meta_copyright(const np_item *item, np_buf *out);

/* The date that places an item in time: contentCreated, else
 * firstCreated, else versionCreated (the first valid). */
const np_time *np_meta_item_date(const np_item *item);

#ifdef __cplusplus
}
#endif
#endif
