/* Parking a collection's items (newsprint/batch.h): each compacted item's
 * metadata goes to the spool and a stub (newsprint/park.h) describes it in
 * the collection's array of stubs. */
#include "newsprint/batch.h"
#include "newsprint/park.h"
#include "util/alloc.h"
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

np_body_spool *np_collection_park_meta(np_collection *c, np_park_warn_fn warn, void *ud)
{
    np_error err = NP_ERROR_INIT;
    np_body_spool *s = np_body_spool_new(&err);
    if (!s) {
        np_error_clear(&err); /* the items stay in memory: nothing is lost */
        return NULL;
    }
    free(c->stubs);
    np_arena_free(c->stub_strings);
    c->stubs = np_xcalloc(c->n ? c->n : 1, sizeof *c->stubs);
    c->stub_strings = np_arena_new_bulk();
    /* every item is parked and its strings copied before any is freed: the
     * copies lie together, and the items' memory is freed in whole pages,
     * which can be given back */
    const char *source = NULL; /* the last copy: an input's items share it */
    for (size_t i = 0; i < c->n; i++) {
        np_item_stub *st = &c->stubs[i];
        int rc = np_item_park_meta(c->items[i], s, st, &err);
        if (rc != NP_OK) {
            if (err.message && warn) {
                np_error said = NP_ERROR_INIT;
                np_error_set(&said, err.code, err.file, err.line, "%s; the item stays in memory",
                             err.message);
                warn(ud, &said);
                np_error_clear(&said);
            }
            np_error_clear(&err);
            memset(st, 0, sizeof *st);
            continue;
        }
        st->guid = np_arena_strdup(c->stub_strings, st->guid);
        if (!source || !st->source || strcmp(source, st->source))
            source = np_arena_strdup(c->stub_strings, st->source);
        st->source = source;
    }
    for (size_t i = 0; i < c->n; i++)
        if (c->stubs[i].meta.spool) {
            np_item_free(c->items[i]);
            c->items[i] = NULL;
        }
    return s;
}
