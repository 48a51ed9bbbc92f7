/* A batch: inputs, selection pass, conversion pass, counts. */
#include "newsprint/batch.h"
#include "batch_priv.h"
#include "newsprint/park.h"
#include "pool.h"
#include "util/alloc.h"
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

/* ---- the selection pass ------------------------------------------------ */

/* Worker side, for a batch that parks bodies: their compact form, and
 * their outline, which parking keeps (taken here, on the worker, rather
 * than on the thread that collects every item). */
static void freeze_body(const np_batch *b, const np_item *item, np_buf *out)
{
    if (b->park && item->body) {
        np_body_freeze(item->body, out);
        (void)np_item_body_outline(item);
    }
}

/* Calling thread: park a body frozen by freeze_body(); when that fails
 * (no temporary file, disk full) the body stays in memory. */
static void park_one(np_batch *b, np_item *item, const np_buf *frozen)
{
    np_error err = NP_ERROR_INIT;
    if (!b->spool && !(b->spool = np_body_spool_new(&err)))
        b->park = 0; /* said once; the run goes on in memory */
    if (b->spool)
        np_item_park_body(item, b->spool, frozen, &err);
    if (err.message) {
        /* a warning: nothing is lost */
        np_error w = NP_ERROR_INIT;
        np_error_set(&w, 0, err.file, err.line, "warning: %s; %s", err.message,
                     b->park ? "this item's text stays in memory"
                             : "the items' text stays in memory");
        if (b->on_issue)
            b->on_issue(b->ud, &w);
        b->stats.warnings++;
        np_error_clear(&w);
    }
    np_error_clear(&err);
}

/* Park the body of an item to keep, if the batch parks; the item to keep:
 * compacted when the batch compacts. */
static np_item *park_body(np_batch *b, np_item *item, const np_buf *frozen)
{
    if (b->park && item->body && frozen->len)
        park_one(b, item, frozen);
    return b->park && b->compact ? np_item_compact(item) : item;
}

/* Park the metadata of an item of input `file_no` to keep, if the batch
 * does (park_meta): 1 when `it` is parked as *st (the caller frees it), 0
 * when it stays in memory (not compacted, or the spool cannot be
 * written: said).  The stub borrows the input's name and `guid` (the
 * selection's copy) from the batch. */
static int park_meta(np_batch *b, const np_item *it, size_t file_no, const char *guid,
                     np_item_stub *st)
{
    np_error err = NP_ERROR_INIT;
    /* b->park is cleared when no temporary file can be made (said once) */
    if (!b->park_meta || !b->park || (!b->spool && !(b->spool = np_body_spool_new(&err)))) {
        np_error_clear(&err); /* no temporary file: said when a body cannot go */
        return 0;
    }
    if (!b->stub_strings)
        b->stub_strings = np_arena_new_bulk();
    if (np_stub_park(it, b->spool, b->stub_strings, guid,
                     np_sources_name_kept(b->sources, file_no), &b->stub_source, st,
                     &err) == NP_OK)
        return 1;
    if (err.message) {
        np_error w = NP_ERROR_INIT;
        np_error_set(&w, 0, err.file, err.line, "warning: %s; the item stays in memory",
                     err.message);
        if (b->on_issue)
            b->on_issue(b->ud, &w);
        b->stats.warnings++;
        np_error_clear(&w);
    }
    np_error_clear(&err);
    return 0;
}

/* Pass 1 keeps every item: the selection sees them all, in input order. */
static int keep_all(void *ud, size_t file_no, np_pool_item *pi)
{
    const np_batch *b = ud;
    (void)file_no;
    if (b->holding)
        freeze_body(b, pi->item, &pi->out);
    return 1;
}

static void note_item(void *ud, size_t file_no, np_pool_item *pi)
{
    np_batch *b = ud;
    np_item *item = pi->item;
    np_selection_add(b->selection, item, file_no);
    np_selection_localise_item(b->selection, item);
    b->stats.items++;
    if (!b->holding) {
        np_item_free(item);
        return;
    }
    item = park_body(b, item, &pi->out);
    size_t cap = b->capheld;
    NP_GROW2(b->held, b->held_file, b->nheld, b->capheld, 64);
    if (b->park_meta && b->capheld != cap)
        b->held_stubs = np_xreallocarray(b->held_stubs, b->capheld, sizeof *b->held_stubs);
    if (b->park_meta && park_meta(b, item, file_no, np_selection_last_guid(b->selection),
                                  &b->held_stubs[b->nheld])) {
        np_item_free(item);
        item = NULL;
    }
    b->held[b->nheld] = item;
    b->held_file[b->nheld++] = file_no;
}

static void note_file(void *ud, size_t file_no, int rc, int stopped, const np_error *err)
{
    np_batch *b = ud;
    b->stats.parses++; /* or tried */
    if (stopped)
        b->stats.parses_partial++;
    if (rc != NP_OK) {
        b->file_failed[file_no] = 1;
        b->stats.files_failed++;
        if (b->on_issue)
            b->on_issue(b->ud, err);
    }
    if (b->holding && b->on_progress) /* the only pass that reads */
        b->on_progress(b->ud, file_no + 1, b->stats.files);
}

int np_batch_start(np_batch *b, char *const *inputs, size_t ninputs, const np_batch_opts *o)
{
    memset(b, 0, sizeof *b);
    b->holding = o->hold;
    b->park = o->park;
    b->compact = o->compact;
    b->park_meta = o->park && o->compact && o->park_meta;
    b->jobs = o->jobs ? o->jobs : 1;
    b->on_issue = o->on_issue;
    b->on_progress = o->on_progress;
    b->ud = o->ud;
    size_t missing = 0;
    b->sources = np_sources_collect(inputs, ninputs, np_batch_issue, b, &missing);
    b->selection = np_selection_new(o->sel);
    if (!b->sources || !b->selection)
        return NP_ERR_MEMORY;
    b->stats.files = np_sources_count(b->sources);
    b->stats.files_failed = missing;
    b->file_failed = calloc(b->stats.files ? b->stats.files : 1, 1);
    if (!b->file_failed)
        return NP_ERR_MEMORY;

    if (b->holding && b->on_progress)
        b->on_progress(b->ud, 0, b->stats.files);
    /* held items are read whole; otherwise only their metadata, a newsItem
     * up to its contentSet: the conversion pass reads the selected ones */
    np_pool_job job = {b->sources, b->stats.files,
                       NULL,       b->jobs,
                       b->holding ? NP_POOL_WHOLE : NP_POOL_META,
                       keep_all,   note_item,
                       note_file,  np_batch_issue,
                       b,          0};
    int rc = np_pool_run(&job);
    np_selection_finish(b->selection);
    return rc;
}

static int batch_open(np_batch *b, char *const *inputs, size_t ninputs, const np_select_opts *sel,
                      np_issue_fn on_issue, np_progress_fn on_progress, void *ud, int holding)
{
    np_batch_opts o = {sel, on_issue, on_progress, ud, 1, holding, 0, 0, 0};
    return np_batch_start(b, inputs, ninputs, &o);
}

int np_batch_open(np_batch *b, char *const *inputs, size_t ninputs, const np_select_opts *sel,
                  np_issue_fn on_issue, np_progress_fn on_progress, void *ud)
{
    return batch_open(b, inputs, ninputs, sel, on_issue, on_progress, ud, 0);
}

int np_batch_open_held(np_batch *b, char *const *inputs, size_t ninputs, const np_select_opts *sel,
                       np_issue_fn on_issue, np_progress_fn on_progress, void *ud)
{
    return batch_open(b, inputs, ninputs, sel, on_issue, on_progress, ud, 1);
}

/* ---- the conversion pass ----------------------------------------------- */

/* The files to read for the entries in `only` (the whole selection when
 * NULL): 0 for those, 1 for the others; NULL when out of memory. */
static unsigned char *skip_unwanted(const np_batch *b, const np_selected *const *only, size_t nonly)
{
    unsigned char *skip = malloc(b->stats.files ? b->stats.files : 1);
    if (!skip)
        return NULL;
    memset(skip, 1, b->stats.files);
    size_t n = only ? nonly : np_selection_count(b->selection);
    for (size_t i = 0; i < n; i++) {
        size_t f = (only ? only[i] : np_selection_at(b->selection, i))->file_no;
        skip[f] = b->file_failed[f];
    }
    return skip;
}

/* `here`: commit on the calling thread (np_pool_job.deliver_here). */
static int run_jobs(np_batch *b, np_batch_prepare_fn prepare, np_batch_commit_fn commit, void *ud,
                    int here)
{
    unsigned char *skip = skip_unwanted(b, NULL, 0);
    if (!skip)
        return NP_ERR_MEMORY;
    int rc = np_batch_convert(b, skip, NULL, 0, prepare, commit, ud, here);
    free(skip);
    return rc;
}

int np_batch_run_jobs(np_batch *b, np_batch_prepare_fn prepare, np_batch_commit_fn commit, void *ud)
{
    return run_jobs(b, prepare, commit, ud, 0);
}

/* np_batch_run(): the converter's function does everything on this thread. */
typedef struct plain_run {
    np_batch_item_fn fn;
    void *ud;
} plain_run;

static int plain_commit(void *ud, np_item *item, const np_selected *entry, const np_buf *prepared)
{
    (void)prepared;
    plain_run *r = ud;
    return r->fn(r->ud, item, entry);
}

int np_batch_run(np_batch *b, np_batch_item_fn fn, void *fn_ud)
{
    plain_run r = {fn, fn_ud};
    return run_jobs(b, NULL, plain_commit, &r, 1);
}

void np_batch_summary(const np_batch *b, np_buf *out)
{
    size_t left = 0;
    for (int r = NP_SKIP_SUPERSEDED; r < NP_SKIP__COUNT; r++)
        if (r != NP_SKIP_PACKAGE)
            left += np_selection_skipped(b->selection, (np_skip_reason)r);
    size_t selected_out = left;
    left += b->stats.left_empty;
    np_buf_printf(out, "%zu converted, %zu left out", b->stats.converted, left);
    if (left) {
        np_buf_puts(out, " (");
        if (selected_out) {
            np_buf why = NP_BUF_INIT;
            np_selection_summary(b->selection, &why);
            const char *w = np_buf_cstr(&why);
            if (!strncmp(w, "left out: ", 10))
                w += 10;
            np_buf_puts(out, w);
            np_buf_free(&why);
        }
        if (b->stats.left_empty)
            np_buf_printf(out, "%s%zu with nothing to show", selected_out ? ", " : "",
                          b->stats.left_empty);
        np_buf_putc(out, ')');
    }
    np_buf_printf(out, ", %zu failed", b->stats.files_failed + b->stats.items_failed);
    if (b->stats.files_failed)
        np_buf_printf(out, " (%zu file%s unreadable)", b->stats.files_failed,
                      b->stats.files_failed == 1 ? "" : "s");
    np_buf zone = NP_BUF_INIT;
    np_selection_zone_note(b->selection, &zone);
    if (zone.len)
        np_buf_printf(out, "; %s", zone.data);
    np_buf_free(&zone);
}

void np_batch_forget_items(np_batch *b)
{
    np_sources_free(b->sources);
    b->sources = NULL;
    np_selection_forget_items(b->selection);
}

int np_batch_failed(const np_batch *b)
{
    return b->stats.files_failed + b->stats.items_failed > 0;
}

void np_batch_close(np_batch *b)
{
    np_sources_free(b->sources);
    np_selection_free(b->selection);
    free(b->file_failed);
    for (size_t i = 0; i < b->nheld; i++)
        np_item_free(b->held[i]);
    free(b->held);
    free(b->held_file);
    free(b->held_stubs);
    np_arena_free(b->stub_strings);
    np_body_spool_free(b->spool); /* collections from the batch are gone by now */
    memset(b, 0, sizeof *b);
}

/* ---- collections ------------------------------------------------------- */

typedef struct collect_state {
    np_batch *b;
    const np_selection *sel;
    const np_selected **only; /* NULL: the whole selection */
    size_t nonly;
    np_item **slot;         /* by position in the selection, or in `only` */
    np_item_stub *stubs;    /* park_meta: the same, for items parked (slot NULL) */
} collect_state;

/* Put an item (or, when `item` is NULL, the parked item of stub `st`) in
 * its slot. */
static int collect_one(collect_state *cs, np_item *item, const np_item_stub *st,
                       const np_selected *entry)
{
    long i = cs->only ? np_batch_only_pos(cs->only, cs->nonly, entry)
             : entry->rank < np_selection_count(cs->sel) &&
                     np_selection_at(cs->sel, entry->rank) == entry
                 ? (long)entry->rank
                 : -1;
    if (i < 0) {
        np_item_free(item);
        return -1;
    }
    np_item_free(cs->slot[i]); /* the same item read twice: keep the last */
    cs->slot[i] = item;
    if (cs->stubs) {
        memset(&cs->stubs[i], 0, sizeof cs->stubs[i]);
        if (!item)
            cs->stubs[i] = *st;
    }
    return 0;
}

static int collect_freeze(void *ud, const np_item *item, const np_selected *entry, np_buf *out)
{
    (void)entry;
    freeze_body(((const collect_state *)ud)->b, item, out);
    return 0;
}

static int collect_parked(void *ud, np_item *item, const np_selected *entry, const np_buf *prepared)
{
    collect_state *cs = ud;
    item = park_body(cs->b, item, prepared);
    np_item_stub st;
    if (park_meta(cs->b, item, entry->file_no, entry->guid, &st)) {
        np_item_free(item);
        return collect_one(cs, NULL, &st, entry);
    }
    return collect_one(cs, item, NULL, entry);
}

/* Sort out what the first pass held (np_batch_open_held). */
static void collect_held(np_batch *b, collect_state *cs)
{
    for (size_t i = 0; i < b->nheld; i++) {
        np_item *item = b->held[i];
        np_item_stub *st = b->held_stubs && !item ? &b->held_stubs[i] : NULL;
        if (!item && !(st && st->meta.spool))
            continue; /* taken by another subset */
        const np_selected *e =
            np_selection_wants(b->selection, b->held_file[i], item ? item->index : st->index);
        if (!e || (cs->only && np_batch_only_pos(cs->only, cs->nonly, e) < 0))
            continue; /* stays held (another subset may want it) */
        b->held[i] = NULL;
        if (collect_one(cs, item, st, e) < 0)
            b->stats.items_failed++;
        else
            b->stats.converted++;
        if (st)
            st->meta.spool = NULL; /* taken */
    }
    if (cs->only)
        return;
    /* all taken or left out: the lists go (10,000 items hold 1.3 MB of them) */
    for (size_t i = 0; i < b->nheld; i++)
        np_item_free(b->held[i]);
    free(b->held);
    free(b->held_file);
    free(b->held_stubs);
    b->held = NULL;
    b->held_file = NULL;
    b->held_stubs = NULL;
    b->nheld = b->capheld = 0;
}

static int collect(np_batch *b, const np_selected *const *only, size_t nonly, np_collection *out)
{
    memset(out, 0, sizeof *out);
    size_t n = only ? nonly : np_selection_count(b->selection);
    /* a copy of `only`, where fall-backs take the place of broken files */
    const np_selected **mine = only ? malloc((n ? n : 1) * sizeof *mine) : NULL;
    collect_state cs = {b, b->selection, mine, nonly, calloc(n ? n : 1, sizeof(np_item *)),
                        b->park_meta ? np_xcalloc(n ? n : 1, sizeof(np_item_stub)) : NULL};
    out->entries = calloc(n ? n : 1, sizeof *out->entries);
    /* a subset reads only the files of its entries */
    unsigned char *skip = b->holding ? NULL : skip_unwanted(b, only, nonly);
    if (!cs.slot || !out->entries || (only && !mine) || (!b->holding && !skip)) {
        free(cs.slot);
        free(cs.stubs);
        free(out->entries);
        free(mine);
        free(skip);
        memset(out, 0, sizeof *out);
        return NP_ERR_MEMORY;
    }
    if (only)
        memcpy(mine, only, n * sizeof *mine);
    if (b->holding)
        collect_held(b, &cs);
    else
        np_batch_convert(b, skip, mine, nonly, b->park ? collect_freeze : NULL, collect_parked,
                         &cs, 0);
    free(skip);
    /* compact: an entry whose document failed in the second pass is absent */
    for (size_t i = 0; i < n; i++) {
        if (!cs.slot[i] && !(cs.stubs && cs.stubs[i].meta.spool))
            continue;
        cs.slot[out->n] = cs.slot[i];
        if (cs.stubs)
            cs.stubs[out->n] = cs.stubs[i];
        out->entries[out->n] = mine ? mine[i] : np_selection_at(b->selection, i);
        out->n++;
    }
    free(mine);
    out->items = cs.slot;
    out->stubs = cs.stubs; /* their strings are the batch's (stub_strings) */
    out->sources = b->sources;
    np_collection_index(out);
    return NP_OK;
}

int np_batch_collect(np_batch *b, np_collection *out)
{
    return collect(b, NULL, 0, out);
}

int np_batch_collect_only(np_batch *b, const np_selected *const *only, size_t n, np_collection *out)
{
    return collect(b, only, n, out);
}

