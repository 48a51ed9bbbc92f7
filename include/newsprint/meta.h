/* newsprint — metadata: bylines, datelines, subject names, copyright.
 * (Times are in time.h.) */
#ifndef NEWSPRINT_META_H
#define NEWSPRINT_META_H

#include "newsprint/export.h"

#include <stdint.h>
#include "buf.h"
#include "item.h"
#include "time.h"

#ifdef __cplusplus
extern "C" {
#endif

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
