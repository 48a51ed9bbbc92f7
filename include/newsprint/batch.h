/* newsprint — a batch: inputs, the selection pre-pass, and the conversion
 * pass that hands each selected item to a converter.  Shared by every
 * converter so that the rules and the counts are the same everywhere. */
#ifndef NEWSPRINT_BATCH_H
#define NEWSPRINT_BATCH_H

#include "newsprint/export.h"

#include <stddef.h>
#include "buf.h"
#include "newsml.h"
#include "select.h"
#include "source.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct np_batch_stats {
    size_t files;          /* documents found */
    size_t files_failed;   /* documents that could not be read at all */
    size_t items;          /* items read (all classes) */
    size_t items_failed;   /* items a converter could not convert */
    size_t converted;      /* items converted */
    size_t left_empty;     /* converted, but left out by the renderer: nothing to show */
    size_t warnings;
    size_t parses;         /* documents parsed (both passes) */
    size_t parses_partial; /* of which read only up to their contentSet (selection pass) */
} np_batch_stats;

/* Receives a selected item (ownership passes) with its selection entry.
 * Return 0 when converted, <0 when it failed (counted, batch goes on). */
typedef int (*np_batch_item_fn)(void *ud, np_item *item, const np_selected *entry);
typedef void (*np_progress_fn)(void *ud, size_t done, size_t total);
/* Runs on a worker thread for a selected item before it is handed over:
 * may read the item and write what it makes of it into `out` (e.g. the
 * rendered text); must not touch anything shared.  0 done, <0 failed. */
typedef int (*np_batch_prepare_fn)(void *ud, const np_item *item, const np_selected *entry,
                                   np_buf *out);
/* Runs in input order, one item at a time (never two at once), with what
 * prepare made (empty without a prepare function); ownership of the item
 * passes.  With more than one reader it runs on the reader that hands the
 * items over, not on the calling thread.  0 converted, <0 failed. */
typedef int (*np_batch_commit_fn)(void *ud, np_item *item, const np_selected *entry,
                                  const np_buf *prepared);

typedef struct np_batch_opts {
    const np_select_opts *sel;
    np_issue_fn on_issue;       /* errors (code < 0) and warnings (code 0) */
    np_progress_fn on_progress; /* may be NULL */
    void *ud;
    unsigned jobs;              /* worker threads that read (and prepare); 0 or 1: none */
    int hold;                   /* read items whole once and hold them (np_batch_open_held) */
    int park;                   /* park the bodies of the items it holds or collects in a
                                 * temporary file (newsprint/park.h): memory then grows
                                 * with their metadata only */
    int compact;                /* with park: each item compacted once parked
                                 * (np_item_compact()) */
    int park_meta;              /* with compact: each item's metadata parked too as it is
                                 * held or collected (np_item_park_meta()), so that a
                                 * collection holds stubs from the start: for converters
                                 * that read each item back when they need it
                                 * (np_collection_item_open(); the e-paper does) */
} np_batch_opts;

typedef struct np_batch {
    np_sources *sources;
    np_selection *selection;
    np_issue_fn on_issue;       /* errors (code < 0) and warnings (code 0) */
    np_progress_fn on_progress; /* may be NULL */
    void *ud;
    np_batch_stats stats;
    unsigned char *file_failed; /* per source: failed in the first pass */
    /* np_batch_open_held(): every item read whole in the first pass */
    np_item **held;
    size_t *held_file;
    size_t nheld, capheld;
    int holding;
    unsigned jobs;
    int park;                   /* np_batch_opts.park */
    int compact;                /* np_batch_opts.compact */
    int park_meta;              /* np_batch_opts.park_meta */
    struct np_body_spool *spool;/* where bodies (and with park_meta, items) are parked,
                                 * made on first use */
    struct np_item_stub *held_stubs; /* park_meta: held[i] NULL, parked as held_stubs[i] */
    struct np_arena *stub_strings;   /* the stubs' strings (also those of the
                                      * collections taken from the batch) */
    const char *stub_source;         /* the last source copied there */
} np_batch;

/* Collect inputs and run the selection pass with `o->jobs` readers; the
 * results (items, issues, counts) arrive in input order whatever the
 * number of readers (the callbacks run one at a time, with more than one
 * reader on the reader that hands the files over). */
NP_NODISCARD NP_EXPORT int np_batch_start(np_batch *b, char *const *inputs, size_t ninputs,
                             const np_batch_opts *o);
/* Collect inputs and run the selection pass on this thread.  Problems are reported through
 * on_issue and counted; returns NP_OK unless out of memory. */
NP_NODISCARD NP_EXPORT int np_batch_open(np_batch *b, char *const *inputs, size_t ninputs, const np_select_opts *sel,
                  np_issue_fn on_issue, np_progress_fn on_progress, void *ud);
/* The same, but the single pass reads every item whole and holds it, for
 * outputs that collect the selection anyway (np_batch_collect() then needs
 * no second parse).  Memory grows with the batch: use for e-papers and
 * digests, not for streaming outputs. */
NP_NODISCARD NP_EXPORT int np_batch_open_held(np_batch *b, char *const *inputs, size_t ninputs,
                       const np_select_opts *sel, np_issue_fn on_issue,
                       np_progress_fn on_progress, void *ud);
/* The conversion pass, in input order: `fn` gets each selected item, on
 * this thread (the readers read ahead meanwhile). */
NP_NODISCARD NP_EXPORT int np_batch_run(np_batch *b, np_batch_item_fn fn, void *fn_ud);
/* The same with the batch's readers: each selected item is read and
 * `prepare`d (may be NULL) on a worker, then `commit`ted in input order
 * (see np_batch_commit_fn), so the output does not depend on the number
 * of workers.  For a commit that does little beside writing what prepare
 * made: a long one holds up the reader that runs it. */
NP_NODISCARD NP_EXPORT int np_batch_run_jobs(np_batch *b, np_batch_prepare_fn prepare,
                                np_batch_commit_fn commit, void *ud);
/* Every selected item held in memory, in selection order (package order,
 * then input order): for outputs that need the whole set (e-paper, digest).
 * Items are owned by the collection. */
typedef struct np_collection {
    np_item **items;             /* NULL where parked (np_collection_park_meta()) */
    const np_selected **entries; /* entries[i] belongs to items[i] */
    size_t n;
    /* guids and links indexed (np_collection_index()), or NULL: then
     * np_collection_find() and np_collection_is_article() search */
    struct np_collection_index *index;
    /* np_collection_park_meta(): per item, what is left of it where
     * items[i] is NULL (zeroed where the item stayed in memory); NULL
     * before.  The stubs' strings live in stub_strings. */
    struct np_item_stub *stubs;
    struct np_arena *stub_strings;
    /* the batch's inputs, named by entries[i]->file_no (np_batch_collect()),
     * or NULL: np_collection_park_meta()'s stubs borrow their names */
    const np_sources *sources;
} np_collection;

/* Index the collection's guids and the links between its items, so that
 * finding an item and telling a picture shown by another item take
 * constant time (np_batch_collect() does it).  Call again after changing
 * the items. */
NP_EXPORT void np_collection_index(np_collection *c);

/* Run the conversion pass into `out`.  Picture items are collected too
 * (find them with np_collection_find_at()).  With park_meta the items are
 * parked (items[i] NULL, stubs[i]), and the collection is good while the
 * batch lives and keeps its inputs (before np_batch_forget_items()): the
 * stubs borrow the inputs' names and the selection's guids. */
NP_NODISCARD NP_EXPORT int np_batch_collect(np_batch *b, np_collection *out);
/* The collected item with this guid, or NULL (NULL too when that item is
 * parked: np_collection_find_at() finds it there). */
NP_EXPORT const np_item *np_collection_find(const np_collection *c, const char *guid);
/* The place of the collected item with this guid, parked or not; c->n
 * when there is none. */
NP_EXPORT size_t np_collection_find_at(const np_collection *c, const char *guid);
/* Item i's guid and class, parked or not. */
NP_EXPORT const char *np_collection_guid(const np_collection *c, size_t i);
NP_EXPORT np_item_class np_collection_item_class(const np_collection *c, size_t i);
/* Item i's input file (for messages), parked or not, and its line in
 * *line (may be NULL). */
NP_EXPORT const char *np_collection_source(const np_collection *c, size_t i, long *line);
/* Item i whole: *it is the item in memory, or the parked one read back
 * into *full (else NULL), which the caller frees with np_item_free().  An
 * unreadable spool is an error (err filled) and leaves *it NULL. */
NP_EXPORT int np_collection_item_open(const np_collection *c, size_t i, const np_item **it,
                                      np_item **full, np_error *err);
NP_EXPORT void np_collection_free(np_collection *c);
/* Park the metadata of the collection's compacted items (np_item_compact())
 * in a spool of their own: each is freed, items[i] set to NULL and
 * stubs[i] describes it (np_item_park_meta()).  The collection is then
 * good for np_collection_find_at(), np_collection_guid(),
 * np_collection_item_class(), np_collection_item_open() and
 * np_collection_free(), not for np_collection_index() or
 * np_collection_is_article(): what else a converter plans with, it takes
 * before.  An item that cannot be parked stays as it was, and
 * `warn` (may be NULL) is told why ("...; the item stays in memory").
 * The stubs borrow the guids of entries[] and the kept names of `sources`
 * (the batch's: free the collection first).
 * Returns the spool (free it with np_body_spool_free() once the stubs are
 * done with), or NULL when no temporary file can be made: then every item
 * stays in memory, and nothing is lost. */
typedef void (*np_park_warn_fn)(void *ud, const np_error *err);
NP_EXPORT struct np_body_spool *np_collection_park_meta(np_collection *c, np_park_warn_fn warn,
                                                        void *ud);
/* np_collection_park_meta(), `take` (may be NULL) called with each item i
 * still in memory just before it is parked (and freed): what a converter
 * keeps of an item taken there rather than before parking grows as the
 * items go, instead of on top of all of them.  Not called when no
 * temporary file can be made (NULL returned, every item in memory). */
typedef void (*np_park_take_fn)(void *ud, size_t i, const np_item *it);
NP_EXPORT struct np_body_spool *np_collection_park_meta_taking(np_collection *c,
                                                               np_park_take_fn take,
                                                               np_park_warn_fn warn, void *ud);

/* The conversion pass is over and nothing more will be read: free what
 * grows with the batch (the input list, the selection's per-item
 * records).  The counts, np_batch_summary() and np_batch_failed() stay. */
NP_EXPORT void np_batch_forget_items(np_batch *b);
/* "12 converted, 3 left out (1 superseded, ...), 1 failed" */
NP_EXPORT void np_batch_summary(const np_batch *b, np_buf *out);
/* Did anything fail (a file, an item, an input that does not exist)? */
NP_NODISCARD NP_EXPORT int np_batch_failed(const np_batch *b);
NP_EXPORT void np_batch_close(np_batch *b);

#ifdef __cplusplus
}
#endif
#endif
