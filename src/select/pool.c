/* Reading a batch's files on several threads, delivering in input order
 * (see pool.h).  Each file read ahead waits in a slot of a ring of
 * `window` slots; a worker may take file i only once file i - window has
 * been delivered, which bounds memory and keeps the hand-off ordered.
 * Unless the job says the calling thread delivers (deliver_here), the
 * workers deliver: the one that finishes the next file to deliver hands
 * over it and every file read after it, one worker at a time (the
 * delivery lock), and the calling thread only waits.  A third thread that
 * delivers takes a core from a reader every few files, and the readers then
 * fill the window and sleep (about 1.6 cores busy of 2). */
#include "pool.h"
#include "util/alloc.h"
#include "util/issues.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

enum { FILES_PER_WORKER = 4 }; /* read-ahead per worker */

typedef struct slot {
    np_pool_item *items;
    size_t n, cap;
    np_issue_list issues;
    int rc;
    int stopped;
    np_error err;
    atomic_int done; /* read, not yet delivered */
    np_buf in; /* the file read, reused by the slot's next files */
} slot;

/* A slot keeps its input buffer for the next file unless it grew past
 * this (one huge file does not hold its memory for the whole pass). */
enum { KEEP_INPUT_BYTES = 1 << 20 };

/* The hand-off takes the mutex only to sleep and to wake a sleeper: the
 * file counters and the slots' `done` are atomics (sequentially
 * consistent), and a side that goes to sleep first says so (`awaited`,
 * `idle`) under the mutex, then checks again; the other side publishes
 * its change, then looks for a sleeper.  One of the two always sees the
 * other.  (With the mutex taken four times per file, 10,000 files made
 * 53,000 futex calls and 35,000 context switches at -j 2.) */
typedef struct pool {
    const np_pool_job *job;
    slot *slots;
    size_t window;
    atomic_size_t next;      /* the next file a worker takes */
    atomic_size_t delivered; /* files handed to the callbacks */
    pthread_mutex_t mu;
    pthread_cond_t work_cv;  /* workers: room in the window */
    pthread_cond_t next_cv;  /* the calling thread: file `awaited - 1` read */
    atomic_uint idle;        /* workers waiting for room */
    atomic_size_t awaited;   /* 1 + the file the calling thread waits for; 0: none */
    pthread_mutex_t deliver_mu; /* held by the worker that delivers */
} pool;

typedef struct reading {
    const np_pool_job *job;
    slot *s;
    size_t file_no;
} reading;

static int read_item(void *ud, np_item *item)
{
    reading *r = ud;
    np_pool_item pi = {item, 0, NP_BUF_INIT};
    if (r->job->prepare(r->job->ud, r->file_no, &pi) <= 0) {
        np_item_free(pi.item);
        np_buf_free(&pi.out);
        return 0;
    }
    slot *s = r->s;
    NP_GROW(s->items, s->n, s->cap, 8);
    s->items[s->n++] = pi;
    return 0;
}

/* Issues are kept (copied) and reported when the file is delivered. */
static void read_issue(void *ud, const np_error *err)
{
    np_issue_list_add(&((reading *)ud)->s->issues, err);
}

static void read_file(const np_pool_job *job, size_t i, slot *s, np_xml_parser *parser)
{
    s->rc = NP_OK;
    s->stopped = 0;
    if (job->skip && job->skip[i])
        return;
    reading r = {job, s, i};
    np_read_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.on_item = read_item;
    ro.on_issue = read_issue;
    ro.ud = &r;
    ro.meta_only = job->read == NP_POOL_META;
    ro.stop_at_content = job->read == NP_POOL_META;
    ro.selection_only = job->read == NP_POOL_META; /* the pass only selects */
    ro.content_issues_only = job->read == NP_POOL_AFTER_META;
    ro.stopped = &s->stopped;
    ro.buffer = &s->in;
    ro.parser = parser;
    s->rc = np_sources_read(job->sources, i, &ro, &s->err);
    if (s->in.cap > KEEP_INPUT_BYTES)
        np_buf_free(&s->in);
}

static void deliver(const np_pool_job *job, size_t i, slot *s)
{
    np_issue_list_flush(&s->issues, job->on_issue, job->ud);
    for (size_t k = 0; k < s->n; k++) {
        job->on_item(job->ud, i, &s->items[k]);
        np_buf_free(&s->items[k].out);
    }
    if (job->on_file)
        job->on_file(job->ud, i, s->rc, s->stopped, &s->err);
    np_error_clear(&s->err);
    s->n = 0;
    atomic_store(&s->done, 0);
}

/* File d handed over: published, and a worker waiting for room woken. */
static void delivered(pool *p, size_t d)
{
    atomic_store(&p->delivered, d + 1);
    if (atomic_load(&p->idle)) {
        pthread_mutex_lock(&p->mu);
        pthread_cond_broadcast(&p->work_cv);
        pthread_mutex_unlock(&p->mu);
    }
}

/* Deliver the files read, in order, from the next one on, unless another
 * worker is doing so; that one then delivers the file just read too (the
 * check after unlocking closes the gap between its last look and this
 * file being done). */
static void deliver_ready(pool *p)
{
    const np_pool_job *job = p->job;
    while (pthread_mutex_trylock(&p->deliver_mu) == 0) {
        size_t d;
        while ((d = atomic_load(&p->delivered)) < job->nfiles &&
               atomic_load(&p->slots[d % p->window].done)) {
            deliver(job, d, &p->slots[d % p->window]);
            delivered(p, d);
        }
        pthread_mutex_unlock(&p->deliver_mu);
        if (d >= job->nfiles || !atomic_load(&p->slots[d % p->window].done))
            return;
    }
}

static void *worker(void *ud)
{
    pool *p = ud;
    const np_pool_job *job = p->job;
    np_xml_parser *parser = np_xml_parser_new(); /* NULL: one per document */
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= job->nfiles) {
            np_xml_parser_free(parser);
            return NULL;
        }
        if (i >= atomic_load(&p->delivered) + p->window) {
            pthread_mutex_lock(&p->mu);
            atomic_fetch_add(&p->idle, 1);
            while (i >= atomic_load(&p->delivered) + p->window)
                pthread_cond_wait(&p->work_cv, &p->mu);
            atomic_fetch_sub(&p->idle, 1);
            pthread_mutex_unlock(&p->mu);
        }

        slot *s = &p->slots[i % p->window];
        read_file(job, i, s, parser);
        atomic_store(&s->done, 1);
        if (!job->deliver_here) {
            deliver_ready(p);
        } else if (atomic_load(&p->awaited) == i + 1) {
            pthread_mutex_lock(&p->mu);
            pthread_cond_signal(&p->next_cv);
            pthread_mutex_unlock(&p->mu);
        }
    }
}

/* deliver_here: wait until file i is read.  While it waits for file i it
 * sleeps until a few files past it are read (`ahead`, within the window,
 * so that the workers can read it without a delivery), then hands them
 * all over: one wake-up per few files, not one per file. */
static void await_file(pool *p, size_t i, size_t ahead)
{
    slot *s = &p->slots[i % p->window];
    if (atomic_load(&s->done))
        return;
    size_t last = i + ahead < p->job->nfiles ? i + ahead : p->job->nfiles - 1;
    pthread_mutex_lock(&p->mu);
    for (size_t t = last; !atomic_load(&s->done); t = i) {
        /* t: the file to wait for, then (if i is still not read) i itself */
        slot *ts = &p->slots[t % p->window];
        atomic_store(&p->awaited, t + 1);
        while (!atomic_load(&ts->done))
            pthread_cond_wait(&p->next_cv, &p->mu);
    }
    atomic_store(&p->awaited, 0);
    pthread_mutex_unlock(&p->mu);
}

static void free_slots(slot *slots, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        free(slots[k].items);
        np_issue_list_free(&slots[k].issues);
        np_buf_free(&slots[k].in);
    }
    free(slots);
}

int np_pool_run(const np_pool_job *job)
{
    unsigned jobs = job->jobs ? job->jobs : 1;
    if (jobs > job->nfiles)
        jobs = job->nfiles ? (unsigned)job->nfiles : 1;
    if (jobs == 1) {
        slot s;
        memset(&s, 0, sizeof s);
        np_xml_parser *parser = np_xml_parser_new();
        for (size_t i = 0; i < job->nfiles; i++) {
            read_file(job, i, &s, parser);
            deliver(job, i, &s);
        }
        np_xml_parser_free(parser);
        free(s.items);
        np_issue_list_free(&s.issues);
        np_buf_free(&s.in);
        return NP_OK;
    }

    pool p;
    memset(&p, 0, sizeof p);
    p.job = job;
    p.window = (size_t)jobs * FILES_PER_WORKER;
    p.slots = calloc(p.window, sizeof *p.slots);
    pthread_t *threads = calloc(jobs, sizeof *threads);
    if (!p.slots || !threads) {
        free(p.slots);
        free(threads);
        return NP_ERR_MEMORY;
    }
    pthread_mutex_init(&p.mu, NULL);
    pthread_mutex_init(&p.deliver_mu, NULL);
    pthread_cond_init(&p.work_cv, NULL);
    pthread_cond_init(&p.next_cv, NULL);
    unsigned started = 0;
    while (started < jobs && pthread_create(&threads[started], NULL, worker, &p) == 0)
        started++;
    if (started && job->deliver_here) {
        for (size_t i = 0; i < job->nfiles; i++) {
            await_file(&p, i, p.window / 2);
            deliver(job, i, &p.slots[i % p.window]);
            delivered(&p, i);
        }
    }
    for (unsigned t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    /* no thread at all: read here, in order; with threads, every file was
     * delivered already (this delivers nothing more) */
    for (size_t i = atomic_load(&p.delivered); i < job->nfiles; i++) {
        slot *s = &p.slots[i % p.window];
        if (!atomic_load(&s->done))
            read_file(job, i, s, NULL);
        deliver(job, i, s);
    }
    pthread_cond_destroy(&p.work_cv);
    pthread_cond_destroy(&p.next_cv);
    pthread_mutex_destroy(&p.deliver_mu);
    pthread_mutex_destroy(&p.mu);
    free_slots(p.slots, p.window);
    free(threads);
    return NP_OK;
}
