/* newsprint — the sections of a multi-item output (weekly digest,
 * e-paper): which collected items are articles, how they are grouped, and
 * the reader-facing titles of the groups and of the dates.
 * Converter-neutral: the EPUB and PDF converters both build on it. */
#ifndef NEWSPRINT_SECTIONS_H
#define NEWSPRINT_SECTIONS_H

#include "newsprint/export.h"

#include <stddef.h>
#include "batch.h"
#include "buf.h"
#include "item.h"
#include "time.h" /* the issue dates: ISO weeks, date ranges */

#ifdef __cplusplus
extern "C" {
#endif

/* How items that no package places are grouped. */
typedef enum np_section_by {
    NP_SECTION_BY_DAY = 0, /* one section per day (the edition's zone: np_selected.date), in date order */
    NP_SECTION_BY_SUBJECT, /* by the name of the first subject's top-level topic, first seen first */
    NP_SECTION_BY_GENRE    /* by the name of the first genre, first seen first */
} np_section_by;

/* "day", "subject", "genre" -> *out; -1 for anything else. */
NP_NODISCARD NP_EXPORT int np_section_by_parse(const char *s, np_section_by *out);

typedef struct np_section {
    char *title;      /* reader-facing: "Monday, Nov. 16, 2026", "Weather", a group name */
    char *key;        /* stable: "day:2026-11-16", "subject:WEATHER", "genre:ANALYSIS", "group:World" */
    size_t *items;    /* indexes into the collection, in reading order */
    size_t n;
    int from_package; /* 1: a package group */
} np_section;

typedef struct np_sections {
    np_section *v;
    size_t n;
    size_t narticles; /* sum of the sections' n */
} np_sections;

/* Has the item nothing a reader could see: no headline, summary, caption
 * or body, no picture rendition (e.g. the placeholder items of the IPTC
 * guidelines)? */
NP_NODISCARD NP_EXPORT int np_item_is_empty(const np_item *item);

/* Is collection item `i` an article of its own?  Every item is, except a
 * picture or graphic that another item of the collection links to
 * (itemMeta link residref), which is shown with the linking article, and
 * an empty item (np_item_is_empty()). */
NP_NODISCARD NP_EXPORT int np_collection_is_article(const np_collection *c, size_t i);

/* Group the articles of `c` into sections.  Items a package places
 * (np_selected.section set) come first, one section per package group in
 * package order; the others are grouped by `by`.  Subjects and genres
 * group by name, never by code: a subject is named by its top-level topic
 * (an IPTC subj:/medtop: code's top level, another scheme's top <broader>)
 * with its <name> in `lang` (e.g. "en"), else in the item's language or
 * untagged, else for IPTC codes by the IPTC Subject NewsCodes catalog in
 * the style folder (styles/subjectcode-en.catalog; a code falls back to
 * its parent's name); places, people and organisations are no sections.
 * A genre is named by its <name>, else by a code that reads as a word
 * ("genre:Analysis").  Names that are codes ("ALR", "f", "Int001") are
 * not used.  Items without a date / subject / genre go to a last section
 * "Undated" / "Other news".
 * Free with np_sections_free(). */
NP_EXPORT void np_sections_build(np_sections *out, const np_collection *c, np_section_by by,
                       const char *lang);
NP_EXPORT void np_sections_free(np_sections *s);

#ifdef __cplusplus
}
#endif
#endif
