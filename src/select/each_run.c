/* Archive runs, the run: the outputs of a plan made by up to the batch's
 * `jobs` workers at once, reported in key order.
 *
 * A worker takes the next output, collects its items (one collection at a
 * time: the batch, its counts and its reader pool are not shared; the
 * readers are parallel within a collection), then writes it while the
 * next worker collects.  Each output's messages, from reading its files
 * and from writing it, are kept with it; the calling thread reports the
 * outputs in key order, each with its messages, so what is printed does
 * not depend on the number of workers, and neither do the bytes of an
 * output (each is made by the same code from the same items).  At most
 * `jobs` collections are alive at once. */
#include "newsprint/each.h"
#include "batch_priv.h"
#include "util/alloc.h"
#include "util/issues.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

int np_each_collect(np_batch *b, const np_each_group *g, np_collection *out)
{
    return np_batch_collect_only(b, g->entries, g->n, out);
}

/* One output: what its worker made of it, kept until it is reported. */
typedef struct task {
    np_buf path;
    np_each_outcome outcome;
    size_t items;          /* items collected into it */
    np_error err;          /* why it failed */
    np_issue_list issues;  /* its messages, in the order they came */
    int done;
} task;

typedef struct run {
    np_batch *b;
    const np_each *plan;
    const np_each_opts *o;
    task *tasks;
    pthread_mutex_t collecting; /* the batch: one collection at a time */
    pthread_mutex_t mu;         /* next, stop, tasks[].done */
    pthread_cond_t done_cv;     /* the reporter: a task is done */
    size_t next;                /* the next output a worker takes */
    int stop;                   /* out of memory: take no more */
} run;

/* Make output i (on a worker, or on the calling thread at -j 1).
 * NP_OK, or NP_ERR_MEMORY when its items could not be collected. */
static int make_output(run *r, size_t i)
{
    const np_each_group *g = &r->plan->groups[i];
    task *t = &r->tasks[i];
    np_each_path(r->o->pattern, g, &t->path);
    t->outcome = NP_EACH_SKIPPED;
    if (!r->o->force && np_each_fresh(g, t->path.data))
        return NP_OK;
    np_collection col;
    pthread_mutex_lock(&r->collecting);
    /* what the batch meets while reading (a file changed since the
     * selection pass...) is this output's to report */
    np_issue_fn issue = r->b->on_issue;
    void *issue_ud = r->b->ud;
    r->b->on_issue = np_issue_list_add;
    r->b->ud = &t->issues;
    int rc = np_each_collect(r->b, g, &col);
    r->b->on_issue = issue;
    r->b->ud = issue_ud;
    pthread_mutex_unlock(&r->collecting);
    t->outcome = NP_EACH_FAILED;
    if (rc != NP_OK)
        return np_error_set(&t->err, rc, t->path.data, 0, "out of memory");
    t->items = col.n;
    if (r->o->write(r->o->ud, &col, g, t->path.data, np_issue_list_add, &t->issues, &t->err) ==
        NP_OK)
        t->outcome = NP_EACH_WRITTEN;
    np_collection_free(&col);
    return NP_OK;
}

/* The calling thread, in key order: output i's messages (through the
 * batch's on_issue), counts and `done`. */
static void report(run *r, size_t i, np_issue_fn issue, void *issue_ud, np_each_stats *st)
{
    task *t = &r->tasks[i];
    np_issue_list_flush(&t->issues, issue, issue_ud);
    st->written += t->outcome == NP_EACH_WRITTEN;
    st->skipped += t->outcome == NP_EACH_SKIPPED;
    st->failed += t->outcome == NP_EACH_FAILED;
    st->items += t->items;
    if (r->o->done)
        r->o->done(r->o->done_ud, &r->plan->groups[i], t->path.data, t->outcome, &t->err);
    np_error_clear(&t->err);
    np_issue_list_free(&t->issues);
    np_buf_free(&t->path);
}

static void *worker(void *ud)
{
    run *r = ud;
    for (;;) {
        pthread_mutex_lock(&r->mu);
        if (r->stop || r->next >= r->plan->n) {
            pthread_mutex_unlock(&r->mu);
            return NULL;
        }
        size_t i = r->next++;
        pthread_mutex_unlock(&r->mu);
        int rc = make_output(r, i);
        pthread_mutex_lock(&r->mu);
        r->tasks[i].done = 1;
        if (rc != NP_OK)
            r->stop = 1;
        pthread_cond_signal(&r->done_cv); /* the reporter is the only waiter */
        pthread_mutex_unlock(&r->mu);
    }
}

/* Report the outputs in order as the workers finish them; stops at the
 * first output no worker took (after an out-of-memory stop). */
static void report_in_order(run *r, np_issue_fn issue, void *issue_ud, np_each_stats *st)
{
    for (size_t i = 0; i < r->plan->n; i++) {
        pthread_mutex_lock(&r->mu);
        /* an output no worker took yet will be taken, unless they stopped */
        while (!r->tasks[i].done && !(r->stop && i >= r->next))
            pthread_cond_wait(&r->done_cv, &r->mu);
        int taken = r->tasks[i].done;
        pthread_mutex_unlock(&r->mu);
        if (!taken)
            return;
        report(r, i, issue, issue_ud, st);
    }
}

int np_each_run(np_batch *b, const np_each *plan, const np_each_opts *o, np_each_stats *st)
{
    memset(st, 0, sizeof *st);
    /* the outputs are the progress now, not the files */
    np_progress_fn progress = b->on_progress;
    b->on_progress = NULL;
    np_issue_fn issue = b->on_issue;
    void *issue_ud = b->ud;
    run r;
    memset(&r, 0, sizeof r);
    r.b = b;
    r.plan = plan;
    r.o = o;
    r.tasks = np_xcalloc(plan->n ? plan->n : 1, sizeof *r.tasks);
    pthread_mutex_init(&r.collecting, NULL);
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.done_cv, NULL);
    unsigned jobs = b->jobs ? b->jobs : 1;
    if (jobs > plan->n)
        jobs = plan->n ? (unsigned)plan->n : 1;
    pthread_t *threads = jobs > 1 ? calloc(jobs, sizeof *threads) : NULL;
    unsigned started = 0;
    while (threads && started < jobs && pthread_create(&threads[started], NULL, worker, &r) == 0)
        started++;
    if (started) {
        report_in_order(&r, issue, issue_ud, st);
        for (unsigned k = 0; k < started; k++)
            pthread_join(threads[k], NULL);
    } else {
        /* one at a time, here: each output reported as soon as it is made */
        for (size_t i = 0; i < plan->n && !r.stop; i++) {
            r.stop = make_output(&r, i) != NP_OK;
            report(&r, i, issue, issue_ud, st);
        }
    }
    int rc = r.stop ? NP_ERR_MEMORY : NP_OK;
    free(threads);
    pthread_cond_destroy(&r.done_cv);
    pthread_mutex_destroy(&r.mu);
    pthread_mutex_destroy(&r.collecting);
    free(r.tasks);
    b->on_progress = progress;
    return rc;
}
