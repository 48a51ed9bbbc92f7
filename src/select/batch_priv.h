/* Batches: what other files of src/select/ use.  Private. */
#ifndef NP_SELECT_BATCH_PRIV_H
#define NP_SELECT_BATCH_PRIV_H

#include "newsprint/batch.h"
#include "newsprint/park.h"
#include "util/arena.h"

/* np_batch_collect() for some of the selection: `only` (entries of the
 * batch's selection, sorted by rank); only their files are read. */
int np_batch_collect_only(np_batch *b, const np_selected *const *only, size_t n,
                          np_collection *out);

/* The batch's issue handler: counts warnings, passes everything on. */
void np_batch_issue(void *ud, const np_error *err);

/* The conversion pass (convert.c) over the files not in `skip`: each item
 * the selection wants, and that is in `only` (entries sorted by rank;
 * NULL: all), is read whole on a worker, `prepare`d (may be NULL) there
 * and `commit`ted on this thread in input order.  A file that fails its
 * whole read is reported and counted, and its items fall back to older
 * versions of their guids (np_selection_drop_file()), read in further
 * rounds; a fall-back takes its entry's place in `only`.  `here`: commit on
 * this thread (np_pool_job.deliver_here), else on the worker that delivers. */
int np_batch_convert(np_batch *b, const unsigned char *skip, const np_selected **only,
                     size_t nonly, np_batch_prepare_fn prepare, np_batch_commit_fn commit,
                     void *ud, int here);
/* Position of `e` among `only` (sorted by rank), or -1. */
long np_batch_only_pos(const np_selected *const *only, size_t nonly, const np_selected *e);

/* Park the metadata of compacted `it` in `s` (np_item_park_meta()) as
 * *st; its guid and source borrowed from `guid` and `name` (may be NULL:
 * the selection's copy of its guid and its input's name, which outlive the
 * stub) when they are equal, else copied into `strings` (the source
 * shared with *last, the copy made before, when they are equal); the item
 * is then the caller's to free.  NP_ERR_INVALID for an item not
 * compacted, an I/O error (err filled) when the spool cannot be written. */
int np_stub_park(const np_item *it, np_body_spool *s, np_arena *strings, const char *guid,
                 const char *name, const char **last, np_item_stub *st, np_error *err);

/* Is item i (`it`, whole: in memory or read back) an article of the
 * collection (np_collection_is_article())? */
int np_collection_is_article_of(const np_collection *c, size_t i, const np_item *it);

#endif
