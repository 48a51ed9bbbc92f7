/* newsprint — parking bodies out of memory.
 *
 * A converter that must see every item before it writes any (the digest,
 * the e-paper) keeps the items' metadata in memory and can park their
 * bodies in a temporary file, taking each back only while it writes that
 * article: memory then grows with the metadata, not with the text.  What
 * the planning needs of a body is in its outline (np_item_body_outline()),
 * taken before the body goes. */
#ifndef NEWSPRINT_PARK_H
#define NEWSPRINT_PARK_H

#include "newsprint/buf.h"
#include "newsprint/error.h"
#include "newsprint/item.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A temporary file (unlinked at once) holding parked bodies.  Parking is
 * for one thread at a time; reading back, for any number. */
typedef struct np_body_spool np_body_spool;
NP_EXPORT np_body_spool *np_body_spool_new(np_error *err);
/* After every item parked in it is freed.  NULL is fine. */
NP_EXPORT void np_body_spool_free(np_body_spool *s);

/* The body in the spool's compact form, into `out` (any thread). */
NP_EXPORT void np_body_freeze(const np_block *body, np_buf *out);

/* Park the body of `it`: take its outline, write `frozen` (np_body_freeze()
 * of this body) to the spool and free the body.  On an error the body
 * stays in memory. */
NP_EXPORT int np_item_park_body(np_item *it, np_body_spool *s, const np_buf *frozen,
                                np_error *err);

/* The body to write: the item's own, or the parked one read back into
 * memory that np_item_body_close() frees.  *body is NULL when the item has
 * none; the error is an unreadable spool. */
typedef struct np_body_loan {
    np_arena *arena;
} np_body_loan;
NP_EXPORT int np_item_body_open(const np_item *it, const np_block **body, np_body_loan *loan,
                                np_error *err);
NP_EXPORT void np_item_body_close(np_body_loan *loan);

/* An item whose body is parked (or that has none), compacted: its
 * metadata and outline copied into one allocation of the exact size, and
 * the original freed; returns the copy, which np_item_free() frees.  What
 * no converter reads once the selection is made is left out: the list of
 * every headline with its role (headline and subheadline stay), the
 * signals (is_correction stays), the contributors, item_class_qcode,
 * body_type, and the outline's first_para when the item has a summary
 * (which it stands in for).  Equal strings share one copy.  An item with its body in memory is returned as it is. */
NP_EXPORT np_item *np_item_compact(np_item *it);

/* Where bytes are parked in a spool (a body: np_item.parked; an item's
 * metadata: np_item_stub.meta).  Read only by the functions here. */
typedef struct np_parked {
    np_body_spool *spool;
    uint64_t at;
    size_t len;
    uintptr_t base; /* parked metadata: the address its block was at */
} np_parked;

/* What stays in memory of an item whose metadata is parked: what finds it
 * (guid, and index: its place in its file), tells what it is
 * (item_class), names it in a message (source, line) and reads it back
 * (meta).  64 bytes and two strings, against the kilobytes of a compacted
 * item: whatever else a converter plans with, it reads back or takes from
 * the item before parking it. */
typedef struct np_item_stub {
    const char *guid;   /* or NULL */
    const char *source;
    long line;
    np_item_class item_class;
    int index;
    np_parked meta;     /* where the compacted item is */
} np_item_stub;

/* Park the metadata of a compacted item (np_item_compact()) in the spool
 * and describe it in *stub, whose guid and source are the item's own: the
 * caller copies them before it frees the item (np_collection_park_meta()
 * does).  NP_ERR_INVALID for an item not compacted (nothing parked), an
 * I/O error (err filled) when the spool cannot be written. */
NP_EXPORT int np_item_park_meta(const np_item *it, np_body_spool *s, np_item_stub *stub,
                                np_error *err);
/* The whole compacted item of a stub, read back into `*full` (which the
 * caller frees with np_item_free()); its body is parked as before.  Any
 * thread, while the spool lives. */
NP_EXPORT int np_item_meta_open(const np_item_stub *stub, np_item **full, np_error *err);

#ifdef __cplusplus
}
#endif
#endif
