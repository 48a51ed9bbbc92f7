/* Parking bodies: what outline.c (which parks) needs of park.c (which
 * keeps the spool).  Private. */
#ifndef NP_MODEL_PARK_PRIV_H
#define NP_MODEL_PARK_PRIV_H

#include "newsprint/park.h"
#include "util/arena.h"

#include <stdint.h>

/* Where a body is parked (np_item.parked): plain data, copied as is by
 * np_item_compact(). */
typedef struct np_parked {
    np_body_spool *spool;
    uint64_t at;
    size_t len;
    uintptr_t base; /* parked metadata: the address its block was at */
} np_parked;

/* The parked bytes read back into a new allocation (pk->len bytes, at
 * least one), or NULL when the spool cannot give them all. */
unsigned char *np_parked_read(const np_parked *pk);

/* Append `frozen` to the spool: its place, in `a`; NULL on a write error
 * (err filled, naming file:line). */
np_parked *np_body_spool_put(np_body_spool *s, np_arena *a, const np_buf *frozen, const char *file,
                             long line, np_error *err);

#endif
