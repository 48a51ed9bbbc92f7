/* Batches: what other files of src/select/ use.  Private. */
#ifndef NP_SELECT_BATCH_PRIV_H
#define NP_SELECT_BATCH_PRIV_H

#include "newsprint/batch.h"

/* np_batch_collect() for some of the selection: `only` (entries of the
 * batch's selection, sorted by rank); only their files are read. */
int np_batch_collect_only(np_batch *b, const np_selected *const *only, size_t n,
                          np_collection *out);

#endif
