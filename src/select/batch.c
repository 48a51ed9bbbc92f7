/* A batch: inputs, selection pass, conversion pass, counts. */
#include "newsprint/batch.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

typedef struct pass1 {
    np_batch *b;
    size_t file_no;
} pass1;

static int note_item(void *ud, np_item *item)
{
    pass1 *p = ud;
    np_batch *b = p->b;
    np_selection_add(b->selection, item, p->file_no);
    b->stats.items++;
    if (!b->holding) {
        np_item_free(item);
        return 0;
    }
    if (b->nheld == b->capheld) {
        b->capheld = b->capheld ? b->capheld * 2 : 64;
        b->held = np_xrealloc(b->held, b->capheld * sizeof *b->held);
        b->held_file = np_xrealloc(b->held_file, b->capheld * sizeof *b->held_file);
    }
    b->held[b->nheld] = item;
    b->held_file[b->nheld++] = p->file_no;
    return 0;
}

static void count_issue(void *ud, const np_error *err)
{
    np_batch *b = ud;
    if (err->code == 0)
        b->stats.warnings++;
    if (b->on_issue)
        b->on_issue(b->ud, err);
}

static void pass1_issue(void *ud, const np_error *err)
{
    count_issue(((pass1 *)ud)->b, err);
}

/* Issues are reported in the first pass only: the second reads the same
 * documents again and would repeat them. */
static void quiet_issue(void *ud, const np_error *err)
{
    (void)ud;
    (void)err;
}

static int batch_open(np_batch *b, char *const *inputs, size_t ninputs, const np_select_opts *sel,
                      np_issue_fn on_issue, np_progress_fn on_progress, void *ud, int holding)
{
    memset(b, 0, sizeof *b);
    b->holding = holding;
    b->on_issue = on_issue;
    b->on_progress = on_progress;
    b->ud = ud;
    size_t missing = 0;
    b->sources = np_sources_collect(inputs, ninputs, count_issue, b, &missing);
    b->selection = np_selection_new(sel);
    if (!b->sources || !b->selection)
        return NP_ERR_MEMORY;
    b->stats.files = np_sources_count(b->sources);
    b->stats.files_failed = missing;
    b->file_failed = calloc(b->stats.files ? b->stats.files : 1, 1);
    if (!b->file_failed)
        return NP_ERR_MEMORY;

    pass1 p = {b, 0};
    np_read_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.on_item = note_item;
    ro.on_issue = pass1_issue;
    ro.ud = &p;
    ro.meta_only = !holding;
    for (size_t i = 0; i < b->stats.files; i++) {
        if (holding && on_progress) /* the only pass that reads */
            on_progress(ud, i, b->stats.files);
        p.file_no = i;
        np_error err = NP_ERROR_INIT;
        if (np_sources_read(b->sources, i, &ro, &err) != NP_OK) {
            b->file_failed[i] = 1;
            b->stats.files_failed++;
            if (on_issue)
                on_issue(ud, &err);
        }
        np_error_clear(&err);
    }
    if (holding && on_progress)
        on_progress(ud, b->stats.files, b->stats.files);
    np_selection_finish(b->selection);
    return NP_OK;
}

int np_batch_open(np_batch *b, char *const *inputs, size_t ninputs, const np_select_opts *sel,
                  np_issue_fn on_issue, np_progress_fn on_progress, void *ud)
{
    return batch_open(b, inputs, ninputs, sel, on_issue, on_progress, ud, 0);
}

int np_batch_open_held(np_batch *b, char *const *inputs, size_t ninputs,
                       const np_select_opts *sel, np_issue_fn on_issue,
                       np_progress_fn on_progress, void *ud)
{
    return batch_open(b, inputs, ninputs, sel, on_issue, on_progress, ud, 1);
}

typedef struct pass2 {
    np_batch *b;
    size_t file_no;
    np_batch_item_fn fn;
    void *fn_ud;
} pass2;

static int convert_item(void *ud, np_item *item)
{
    pass2 *p = ud;
    const np_selected *e = np_selection_wants(p->b->selection, p->file_no, item->index);
    if (!e) {
        np_item_free(item);
        return 0;
    }
    if (p->fn(p->fn_ud, item, e) < 0)
        p->b->stats.items_failed++;
    else
        p->b->stats.converted++;
    return 0;
}

int np_batch_run(np_batch *b, np_batch_item_fn fn, void *fn_ud)
{
    pass2 p = {b, 0, fn, fn_ud};
    np_read_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.on_item = convert_item;
    ro.on_issue = quiet_issue;
    ro.ud = &p;
    for (size_t i = 0; i < b->stats.files; i++) {
        if (b->on_progress)
            b->on_progress(b->ud, i, b->stats.files);
        if (b->file_failed[i])
            continue;
        p.file_no = i;
        np_error err = NP_ERROR_INIT;
        if (np_sources_read(b->sources, i, &ro, &err) != NP_OK) {
            /* changed between the passes (e.g. a file rewritten meanwhile) */
            b->stats.files_failed++;
            if (b->on_issue)
                b->on_issue(b->ud, &err);
        }
        np_error_clear(&err);
    }
    if (b->on_progress)
        b->on_progress(b->ud, b->stats.files, b->stats.files);
    return NP_OK;
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
    memset(b, 0, sizeof *b);
}

/* ---- collections ------------------------------------------------------- */

typedef struct collect_state {
    const np_selection *sel;
    np_item **slot;              /* by selection position */
} collect_state;

static int collect_item(void *ud, np_item *item, const np_selected *entry)
{
    collect_state *cs = ud;
    size_t i = entry->rank;
    if (i >= np_selection_count(cs->sel) || np_selection_at(cs->sel, i) != entry) {
        np_item_free(item);
        return -1;
    }
    np_item_free(cs->slot[i]); /* the same item read twice: keep the last */
    cs->slot[i] = item;
    return 0;
}

int np_batch_collect(np_batch *b, np_collection *out)
{
    memset(out, 0, sizeof *out);
    size_t n = np_selection_count(b->selection);
    collect_state cs = {b->selection, calloc(n ? n : 1, sizeof(np_item *))};
    out->entries = calloc(n ? n : 1, sizeof *out->entries);
    if (!cs.slot || !out->entries) {
        free(cs.slot);
        free(out->entries);
        return NP_ERR_MEMORY;
    }
    if (b->holding) {
        /* everything was read whole in the first pass: sort it out */
        for (size_t i = 0; i < b->nheld; i++) {
            np_item *item = b->held[i];
            b->held[i] = NULL;
            const np_selected *e = np_selection_wants(b->selection, b->held_file[i], item->index);
            if (!e)
                np_item_free(item);
            else if (collect_item(&cs, item, e) < 0)
                b->stats.items_failed++;
            else
                b->stats.converted++;
        }
        b->nheld = 0;
    } else {
        np_batch_run(b, collect_item, &cs);
    }
    /* compact: an entry whose document failed in the second pass is absent */
    for (size_t i = 0; i < n; i++) {
        if (!cs.slot[i])
            continue;
        cs.slot[out->n] = cs.slot[i];
        out->entries[out->n] = np_selection_at(b->selection, i);
        out->n++;
    }
    out->items = cs.slot;
    return NP_OK;
}

const np_item *np_collection_find(const np_collection *c, const char *guid)
{
    if (!guid)
        return NULL;
    for (size_t i = 0; i < c->n; i++)
        if (c->items[i]->guid && strcmp(c->items[i]->guid, guid) == 0)
            return c->items[i];
    return NULL;
}

void np_collection_free(np_collection *c)
{
    for (size_t i = 0; i < c->n; i++)
        np_item_free(c->items[i]);
    free(c->items);
    free(c->entries);
    memset(c, 0, sizeof *c);
}
