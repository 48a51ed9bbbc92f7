/* newsprint — which items of a batch go into an output, and in what order.
 *
 * Two passes keep memory flat: the caller reads every item once with
 * np_read_opts.meta_only (and stop_at_content: a news item up to its
 * contentSet) and hands it to np_selection_add() (only a small key is
 * kept), calls np_selection_finish(), then reads the wanted files again,
 * whole, and asks np_selection_wants() for each item; a file that fails
 * that read goes to np_selection_drop_file().
 *
 * Rules, in one place: the latest version of each guid wins; canceled and
 * withheld items are left out; items still under embargo at `at` are left
 * out; items outside [from, to) are left out (by np_meta_item_date()).
 *
 * The edition's day: an edition has a time zone (`zone`).  A day given as
 * `from` means its first instant in that zone, a day given as `to` (the
 * exclusive end) the first instant of that day there; times given without
 * a zone, in the options or in the items, are the zone's wall-clock time;
 * an item dated with a day alone belongs to that day.  So "--date D" is
 * from = D, to = D + 1 day, in every program. */
#ifndef NEWSPRINT_SELECT_H
#define NEWSPRINT_SELECT_H

#include "newsprint/export.h"

#include <stddef.h>
#include "buf.h"
#include "item.h"
#include "time.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum np_skip_reason {
    NP_SKIP_NONE = 0,
    NP_SKIP_SUPERSEDED, /* a later version of the guid is in the batch */
    NP_SKIP_CANCELED,
    NP_SKIP_WITHHELD,
    NP_SKIP_EMBARGOED,
    NP_SKIP_OUT_OF_RANGE,
    NP_SKIP_PACKAGE,    /* a packageItem: used for order and sections, not output */
    NP_SKIP__COUNT
} np_skip_reason;

typedef struct np_select_opts {
    np_time at;   /* embargo evaluation time (invalid: embargoes ignored -> all held) */
    np_time from; /* inclusive; invalid = open */
    np_time to;   /* exclusive; invalid = open */
    const np_tz *zone; /* the edition's time zone (the caller's); NULL = UTC */
} np_select_opts;

/* One kept item, in output order.  (Fields ordered to pack: a batch
 * holds one of these per item.) */
typedef struct np_selected {
    const char *guid;
    const char *section; /* package group name, or NULL */
    long version;
    long replaces;       /* the highest earlier version seen, 0 if none */
    size_t file_no;      /* as passed to np_selection_add() */
    size_t rank;         /* position in output order */
    np_time date;        /* np_meta_item_date(), in the edition's zone (its day there) */
    int index;           /* item index within the file */
    np_item_class item_class;
    int urgency;
    int is_correction;   /* a later version of a guid seen in the batch */
} np_selected;

typedef struct np_selection np_selection;

NP_EXPORT np_selection *np_selection_new(const np_select_opts *opts);
NP_EXPORT void np_selection_free(np_selection *sel);

/* Pass 1: note one item (any class; packages give order and sections). */
NP_EXPORT void np_selection_add(np_selection *sel, const np_item *item, size_t file_no);
/* The guid of the item noted last ("" when it has none), as the selection
 * keeps it: until np_selection_forget_items() or _free(); NULL before any. */
NP_EXPORT const char *np_selection_last_guid(const np_selection *sel);
/* Decide.  Order: items referenced by a package first, in package order
 * (section = group name); then the others in input order. */
NP_EXPORT void np_selection_finish(np_selection *sel);

/* Pass 2: is this item in the output?  Returns the entry or NULL. */
NP_EXPORT const np_selected *np_selection_wants(const np_selection *sel, size_t file_no, int index);
/* Pass 2 found that file `file_no` cannot be read whole (it was read
 * only up to its content in pass 1): its items are dropped, as if pass 1
 * had not read the file, and each kept one gives its place (rank, section)
 * to the next older version of its guid, which the rules then decide on.
 * `fn` (may be NULL) hears of each kept entry dropped and of the entry
 * that took its place, NULL when none did (no older version, or the
 * rules leave it out); the replacement is still to be read. */
typedef void (*np_fallback_fn)(void *ud, const np_selected *dropped, const np_selected *instead);
NP_EXPORT void np_selection_drop_file(np_selection *sel, size_t file_no, np_fallback_fn fn, void *ud);
/* The kept entries in output order. */
NP_EXPORT size_t np_selection_count(const np_selection *sel);
NP_EXPORT const np_selected *np_selection_at(const np_selection *sel, size_t i);
/* Every item noted in pass 1, kept or not (packages, superseded
 * versions, kill notices...), in arrival order: e.g. to know which input
 * files bear on which days. */
NP_EXPORT size_t np_selection_noted(const np_selection *sel);
NP_EXPORT const np_selected *np_selection_noted_at(const np_selection *sel, size_t i);
/* Did noted item i carry an embargo that has ended at the selection's
 * time?  1 with *until (seconds since the epoch) filled, else 0. */
NP_NODISCARD NP_EXPORT int np_selection_noted_lifted(const np_selection *sel, size_t i, int64_t *until);
/* Find a kept entry by guid (e.g. a picture item a story links to). */
NP_EXPORT const np_selected *np_selection_find(const np_selection *sel, const char *guid);
/* Once nothing more is read or looked up: free the per-item records.
 * The counts (np_selection_skipped(), the summary, the zone note) stay;
 * the selection then holds no entries. */
NP_EXPORT void np_selection_forget_items(np_selection *sel);
/* How many items were left out for `reason`. */
NP_EXPORT size_t np_selection_skipped(const np_selection *sel, np_skip_reason reason);
NP_EXPORT const char *np_skip_reason_name(np_skip_reason reason);
/* "left out: 1 superseded, 1 canceled, 1 embargoed" or "" */
NP_EXPORT void np_selection_summary(const np_selection *sel, np_buf *out);

/* An option's time in the edition's zone (see above): a day is its first
 * instant there, a time without a zone the zone's wall-clock time. */
NP_EXPORT np_time np_select_edition_time(const np_select_opts *opts, const np_time *t);
/* Give the item's times (created, embargo) that have no zone, and its
 * dates without a time of day, the edition's zone, so that every output
 * shows them as the selection read them.  Call on each item read after
 * np_selection_add() (the batch does). */
NP_EXPORT void np_selection_localise_item(const np_selection *sel, np_item *item);
/* "2 items dated without a time zone: read as Asia/Karachi time" (once a
 * run, counted in np_selection_add()), or "". */
NP_EXPORT void np_selection_zone_note(const np_selection *sel, np_buf *out);

#ifdef __cplusplus
}
#endif
#endif
