/* Parking bodies: what outline.c (which parks) needs of park.c (which
 * keeps the spool).  Private. */
#ifndef NP_MODEL_PARK_PRIV_H
#define NP_MODEL_PARK_PRIV_H

#include "newsprint/park.h"
#include "util/arena.h"

#include <stdint.h>

/* The parked bytes read back into a new allocation (pk->len bytes, at
 * least one), or NULL when the spool cannot give them all. */
unsigned char *np_parked_read(const np_parked *pk);

/* Append `frozen` to the spool and say where in *pk (base 0); an I/O
 * error (err filled, naming file:line) when it cannot be written. */
int np_spool_write(np_body_spool *s, const np_buf *frozen, np_parked *pk, const char *file,
                   long line, np_error *err);
/* The same, the place kept in `a`; NULL on a write error
 * (err filled, naming file:line). */
np_parked *np_body_spool_put(np_body_spool *s, np_arena *a, const np_buf *frozen, const char *file,
                             long line, np_error *err);

#endif
