/* Batches: what other files of src/select/ use.  Private. */
#ifndef NP_SELECT_BATCH_PRIV_H
#define NP_SELECT_BATCH_PRIV_H

#include "newsprint/batch.h"

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
 * rounds; a fall-back takes its entry's place in `only`. */
int np_batch_convert(np_batch *b, const unsigned char *skip, const np_selected **only,
                     size_t nonly, np_batch_prepare_fn prepare, np_batch_commit_fn commit,
                     void *ud);
/* Position of `e` among `only` (sorted by rank), or -1. */
long np_batch_only_pos(const np_selected *const *only, size_t nonly, const np_selected *e);

#endif
