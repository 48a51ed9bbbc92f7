/* Parking a collection's items (newsprint/batch.h): each compacted item's
 * metadata goes to the spool and a stub takes its place. */
#include "newsprint/batch.h"
#include "newsprint/park.h"
#include "util/alloc.h"

#include <stdlib.h>

enum { GROUP = 256 }; /* items parked at a time */

np_body_spool *np_collection_park_meta(np_collection *c, np_park_warn_fn warn, void *ud)
{
    np_error err = NP_ERROR_INIT;
    np_body_spool *s = np_body_spool_new(&err);
    if (!s) {
        np_error_clear(&err); /* the items stay in memory: nothing is lost */
        return NULL;
    }
    /* the stubs of a group are made before its items are freed, and go
     * where the group before was: they lie together, and the rest of the
     * items' memory is freed in whole pages, which can be given back */
    np_item **stubs = np_xcalloc(GROUP, sizeof *stubs);
    for (size_t g = 0; g < c->n; g += GROUP) {
        size_t end = g + GROUP < c->n ? g + GROUP : c->n;
        for (size_t i = g; i < end; i++) {
            stubs[i - g] = np_item_park_meta(c->items[i], s, &err);
            if (err.message) {
                if (warn) {
                    np_error said = NP_ERROR_INIT;
                    np_error_set(&said, err.code, err.file, err.line, "%s; the item stays in memory",
                                 err.message);
                    warn(ud, &said);
                    np_error_clear(&said);
                }
                np_error_clear(&err);
            }
        }
        for (size_t i = g; i < end; i++)
            if (stubs[i - g]) {
                np_item_free(c->items[i]);
                c->items[i] = stubs[i - g];
            }
    }
    free(stubs);
    return s;
}
