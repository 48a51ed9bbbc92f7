/* Parking a collection's items (newsprint/batch.h): each compacted item's
 * metadata goes to the spool and a stub (newsprint/park.h) describes it in
 * the collection's array of stubs.  The batch parks the items it holds or
 * collects the same way (np_batch_opts.park_meta). */
#include "newsprint/batch.h"
#include "batch_priv.h"
#include "newsprint/park.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

enum { GIVE_BACK = 1024 }; /* items parked between two np_mem_give_back() */

/* `s` itself when it equals `kept` (a copy that outlives the stub), else
 * a copy in `strings`. */
static const char *kept_or_copy(np_arena *strings, const char *kept, const char *s)
{
    return kept && s && !strcmp(kept, s) ? kept : np_arena_strdup(strings, s);
}

int np_stub_park(const np_item *it, np_body_spool *s, np_arena *strings, const char *guid,
                 const char *name, const char **last, np_item_stub *st, np_error *err)
{
    int rc = np_item_park_meta(it, s, st, err);
    if (rc != NP_OK)
        return rc;
    st->guid = kept_or_copy(strings, guid, st->guid);
    if (name && st->source && !strcmp(name, st->source))
        st->source = name;
    else /* an input's items share one copy */
        st->source = *last = kept_or_copy(strings, *last, st->source);
    return NP_OK;
}

np_body_spool *np_collection_park_meta(np_collection *c, np_park_warn_fn warn, void *ud)
{
    return np_collection_park_meta_taking(c, NULL, warn, ud);
}

np_body_spool *np_collection_park_meta_taking(np_collection *c, np_park_take_fn take,
                                              np_park_warn_fn warn, void *ud)
{
    size_t left = 0;
    for (size_t i = 0; i < c->n; i++)
        left += c->items[i] != NULL;
    if (!left)
        return NULL; /* parked already (np_batch_opts.park_meta), or empty */
    np_error err = NP_ERROR_INIT;
    np_body_spool *s = np_body_spool_new(&err);
    if (!s) {
        np_error_clear(&err); /* the items stay in memory: nothing is lost */
        return NULL;
    }
    if (!c->stubs)
        c->stubs = np_xcalloc(c->n, sizeof *c->stubs);
    if (!c->stub_strings)
        c->stub_strings = np_arena_new_bulk();
    /* each item is freed as soon as it is parked: the digest's peak is
     * while its items are parked, and holding every item to the end of
     * the loop added the stubs' strings on top of all of them (0.7 MB more
     * at 10,000 items; the same at 1,000) */
    const char *source = NULL;
    size_t parked = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (!c->items[i])
            continue;
        if (take)
            take(ud, i, c->items[i]);
        /* the selection's guid and the input's kept name outlive the
         * stub (the batch outlives its collections): borrowed, not copied
         * for each item */
        const np_selected *e = c->entries ? c->entries[i] : NULL;
        const char *name = e ? np_sources_name_kept(c->sources, e->file_no) : NULL;
        if (np_stub_park(c->items[i], s, c->stub_strings, e ? e->guid : NULL, name, &source,
                         &c->stubs[i], &err) == NP_OK) {
            np_item_free(c->items[i]);
            c->items[i] = NULL;
            /* what the items parked so far held goes back to the system
             * now and then: the stubs (0.6 MB at 10,000 items) then
             * take no more than the items leave, rather than adding to
             * them at the peak, where parking begins */
            if (++parked % GIVE_BACK == 0)
                np_mem_give_back();
            continue;
        }
        if (err.message && warn) {
            np_error said = NP_ERROR_INIT;
            np_error_set(&said, err.code, err.file, err.line, "%s; the item stays in memory",
                         err.message);
            warn(ud, &said);
            np_error_clear(&said);
        }
        np_error_clear(&err);
        memset(&c->stubs[i], 0, sizeof c->stubs[i]);
    }
    return s;
}
