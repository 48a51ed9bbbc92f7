/* The conversion pass: each selected item read whole once.
 *
 * The selection pass read a newsItem only up to its contentSet, so a
 * selected file may still fail its whole read.  Such a file is reported
 * and counted, and each of its items falls back to the next older version
 * of its guid (np_selection_drop_file()), read in a further round: the
 * output is what it would have been had the broken file failed in the
 * selection pass, but for the order (a fall-back comes after the round
 * that found the failure) in outputs written as they go. */
#include "batch_priv.h"
#include "pool.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

typedef struct pass2 {
    np_batch *b;
    np_batch_prepare_fn prepare;
    np_batch_commit_fn commit;
    void *ud;
    const np_selected **only; /* NULL, or the entries wanted, in rank order */
    size_t nonly;
    int first_round;
    int here; /* commit on the calling thread (np_pool_job.deliver_here) */
    const unsigned char *skip; /* this round's: per file, not read */
    /* after the first round: the entries to read (fall-backs), by address */
    const np_selected **round;
    size_t nround, capround;
    /* fall-backs found in this round, for the next */
    const np_selected **next;
    size_t nnext, capnext;
    /* files that failed their whole read in this round */
    size_t *failed;
    size_t nfailed, capfailed;
} pass2;

/* The batch's issue handler (here, where both passes reach it: batch.c
 * calls this file, never the other way). */
void np_batch_issue(void *ud, const np_error *err)
{
    np_batch *b = ud;
    if (err->code == 0)
        b->stats.warnings++;
    if (b->on_issue)
        b->on_issue(b->ud, err);
}

static int cmp_rank(const void *key, const void *elem)
{
    size_t r = *(const size_t *)key, e = (*(const np_selected *const *)elem)->rank;
    return r < e ? -1 : r > e;
}

long np_batch_only_pos(const np_selected *const *only, size_t nonly, const np_selected *e)
{
    const np_selected *const *hit = bsearch(&e->rank, only, nonly, sizeof *only, cmp_rank);
    return hit && *hit == e ? (long)(hit - only) : -1;
}

static int cmp_addr(const void *a, const void *b)
{
    const np_selected *x = *(const np_selected *const *)a, *y = *(const np_selected *const *)b;
    return x < y ? -1 : x > y;
}

/* Is `e` read in this round? */
static int in_round(const pass2 *p, const np_selected *e)
{
    if (p->first_round)
        return !p->only || np_batch_only_pos(p->only, p->nonly, e) >= 0;
    return bsearch(&e, p->round, p->nround, sizeof *p->round, cmp_addr) != NULL;
}

/* Worker side: only the wanted items, each prepared on its thread (the
 * selection does not change during a round). */
static int prepare_item(void *ud, size_t file_no, np_pool_item *pi)
{
    pass2 *p = ud;
    const np_selected *e = np_selection_wants(p->b->selection, file_no, pi->item->index);
    if (!e || !in_round(p, e))
        return 0;
    np_selection_localise_item(p->b->selection, pi->item); /* the zone is thread-safe */
    if (p->prepare)
        pi->status = p->prepare(p->ud, pi->item, e, &pi->out);
    return 1;
}

static void commit_item(void *ud, size_t file_no, np_pool_item *pi)
{
    pass2 *p = ud;
    const np_selected *e = np_selection_wants(p->b->selection, file_no, pi->item->index);
    int rc = pi->status < 0 ? pi->status : p->commit(p->ud, pi->item, e, &pi->out);
    if (pi->status < 0)
        np_item_free(pi->item);
    if (rc < 0)
        p->b->stats.items_failed++;
    else
        p->b->stats.converted++;
}

static void pass2_file(void *ud, size_t file_no, int rc, int stopped, const np_error *err)
{
    pass2 *p = ud;
    np_batch *b = p->b;
    (void)stopped; /* read whole */
    if (p->skip[file_no])
        return;
    b->stats.parses++;
    if (rc != NP_OK) {
        /* broken past its content (or changed since the selection pass) */
        b->stats.files_failed++;
        if (b->on_issue)
            b->on_issue(b->ud, err);
        NP_GROW(p->failed, p->nfailed, p->capfailed, 8);
        p->failed[p->nfailed++] = file_no;
    }
    if (p->first_round && b->on_progress)
        b->on_progress(b->ud, file_no + 1, b->stats.files);
}

static void note_fallback(void *ud, const np_selected *dropped, const np_selected *instead)
{
    pass2 *p = ud;
    if (p->only) {
        long i = np_batch_only_pos(p->only, p->nonly, dropped);
        if (i < 0)
            return; /* not one of ours */
        if (instead)
            p->only[i] = instead; /* same rank: the order holds */
    }
    if (!instead)
        return;
    NP_GROW(p->next, p->nnext, p->capnext, 8);
    p->next[p->nnext++] = instead;
}

/* The warnings that the selection pass could not give (no headline). */
static void content_issue(void *ud, const np_error *err)
{
    np_batch_issue(((pass2 *)ud)->b, err);
}

/* One round over the files not in `skip`. */
static int round_run(pass2 *p, const unsigned char *skip)
{
    np_batch *b = p->b;
    np_pool_job job = {b->sources,   b->stats.files, skip,       b->jobs,          NP_POOL_AFTER_META,
                       prepare_item, commit_item,    pass2_file, content_issue,  p,
                       p->here};
    p->nfailed = 0;
    p->skip = skip;
    return np_pool_run(&job);
}

int np_batch_convert(np_batch *b, const unsigned char *skip, const np_selected **only,
                     size_t nonly, np_batch_prepare_fn prepare, np_batch_commit_fn commit,
                     void *ud, int here)
{
    pass2 p;
    memset(&p, 0, sizeof p);
    p.b = b;
    p.prepare = prepare;
    p.commit = commit;
    p.ud = ud;
    p.here = here;
    p.only = only;
    p.nonly = nonly;
    p.first_round = 1;
    if (b->on_progress)
        b->on_progress(b->ud, 0, b->stats.files);
    int rc = round_run(&p, skip);
    unsigned char *again = NULL;
    while (rc == NP_OK && p.nfailed) {
        p.nnext = 0;
        for (size_t i = 0; i < p.nfailed; i++)
            np_selection_drop_file(b->selection, p.failed[i], note_fallback, &p);
        if (!p.nnext)
            break;
        /* the next round reads the fall-backs' files, for them alone */
        if (!again && !(again = malloc(b->stats.files ? b->stats.files : 1))) {
            rc = NP_ERR_MEMORY;
            break;
        }
        memset(again, 1, b->stats.files);
        for (size_t i = 0; i < p.nnext; i++)
            again[p.next[i]->file_no] = 0;
        const np_selected **t = p.round;
        size_t tcap = p.capround;
        p.round = p.next;
        p.capround = p.capnext;
        p.nround = p.nnext;
        p.next = t;
        p.capnext = tcap;
        qsort(p.round, p.nround, sizeof *p.round, cmp_addr);
        p.first_round = 0;
        rc = round_run(&p, again);
    }
    free(again);
    free(p.round);
    free(p.next);
    free(p.failed);
    return rc;
}
