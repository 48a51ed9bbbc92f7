/* Reading a batch's files on several threads, delivering in input order.
 * Private to src/select/.
 *
 * Workers take files in order, read them (np_sources_read) and, for each
 * item, run `prepare` on their own thread; every file's items, issues and
 * result are delivered in input order, one file at a time, so what a
 * converter writes does not depend on the number of workers: by the
 * workers themselves, or by the calling thread when the job says so.  At most a
 * bounded window of files is read ahead of delivery, so memory does not
 * grow with the batch. */
#ifndef NP_SELECT_POOL_H
#define NP_SELECT_POOL_H

#include "newsprint/buf.h"
#include "newsprint/newsml.h"
#include "newsprint/source.h"

#include <stddef.h>

/* One item read by a worker: what `prepare` made of it. */
typedef struct np_pool_item {
    np_item *item;   /* owned by whoever receives it; NULL when prepare dropped it */
    int status;      /* prepare's result: 0 done, <0 failed */
    np_buf out;      /* what prepare wrote (freed by the pool after delivery) */
} np_pool_item;

/* Worker side: decide about an item of file `file_no`.  Return 1 to keep it
 * (to be delivered), 0 to drop it (the pool frees it).  May fill `pi->out`
 * and `pi->status`; must not touch state shared with other items. */
typedef int (*np_pool_prepare_fn)(void *ud, size_t file_no, np_pool_item *pi);
/* In input order, never two at once (on the calling thread with
 * deliver_here, else on a worker): the items kept from one file (ownership of
 * each item passes), then the file's result (`err` filled when the file
 * could not be read at all; `stopped` when it was read only up to its
 * contentSet). */
typedef void (*np_pool_item_fn)(void *ud, size_t file_no, np_pool_item *pi);
typedef void (*np_pool_file_fn)(void *ud, size_t file_no, int rc, int stopped,
                                const np_error *err);
/* How a job reads its files (np_read_opts). */
typedef enum np_pool_read {
    NP_POOL_WHOLE,  /* whole, every issue */
    NP_POOL_META,   /* for the selection: meta_only, selection_only, a newsItem up
                     * to its contentSet */
    NP_POOL_AFTER_META /* whole, after NP_POOL_META: the issues that one did not give */
} np_pool_read;

typedef struct np_pool_job {
    const np_sources *sources;
    size_t nfiles;
    const unsigned char *skip; /* per file: do not read (may be NULL) */
    unsigned jobs;             /* workers; 0 or 1 reads on the calling thread */
    np_pool_read read;
    np_pool_prepare_fn prepare;
    np_pool_item_fn on_item;
    np_pool_file_fn on_file;   /* may be NULL */
    np_issue_fn on_issue;      /* reader issues, delivered in order; may be NULL */
    void *ud;
    int deliver_here; /* the calling thread delivers: for callbacks that do much
                       * (a whole conversion), which would hold a reader up */
} np_pool_job;

/* Run the job.  Returns NP_OK, or NP_ERR_MEMORY when threads cannot start
 * (nothing was delivered then). */
int np_pool_run(const np_pool_job *job);

#endif
