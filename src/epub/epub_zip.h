/* EPUB converter: the OCF container (a zip file) built with libzip in a
 * temporary file: `mimetype` first and stored, everything else deflated, every
 * timestamp the same fixed time, no extra fields — so the same input gives
 * the same bytes.  Private to the EPUB converter. */
#ifndef NP_EPUB_ZIP_H
#define NP_EPUB_ZIP_H

#include <stdint.h>
#include <stdio.h>
#include "newsprint/buf.h"
#include "newsprint/error.h"

typedef struct ep_ocf ep_ocf;

/* A new container whose entries carry the time `mtime` (seconds since
 * the epoch, UTC; clamped to the zip range 1980..2107).  The `mimetype`
 * entry is written at once.  NULL on failure (err filled). */
ep_ocf *ep_ocf_new(int64_t mtime, np_error *err);
/* Add a file.  The bytes of `data` are taken (the buffer is left empty).
 * `deflate` 0 stores them.  0 or a negative np_status. */
int ep_ocf_add(ep_ocf *o, const char *name, np_buf *data, int deflate, np_error *err);
/* A part: a batch of files deflated on its own (by any thread), whose
 * compressed bytes are later copied into the container unchanged.  The
 * bytes of an entry do not depend on the batch it was in, so the container
 * is the same however the work was split. */
typedef struct ep_part ep_part;
ep_part *ep_part_new(np_error *err);
/* Add a file to the part (deflated); the bytes of `data` are taken. */
int ep_part_add(ep_part *pt, const char *name, np_buf *data, np_error *err);
/* Compress everything added so far; the part is then read-only. */
int ep_part_close(ep_part *pt, np_error *err);
/* Copy the closed part's entries, in order, into the container, which
 * takes the part over (frees it when finished or freed). */
int ep_ocf_add_part(ep_ocf *o, ep_part *pt, np_error *err);
void ep_part_free(ep_part *pt);
/* The documents added with ep_ocf_add() and not yet in the container, as an
 * open part (NULL: none): the caller closes it (on any thread) and adds it
 * back with ep_ocf_add_part() in its place.  Documents added after go into
 * a new part. */
ep_part *ep_ocf_take_pending(ep_ocf *o);

/* Finish: `*out` is the finished zip, open for reading at its start (an
 * unnamed temporary file: the caller closes it; NULL on failure); `o` is
 * freed. */
int ep_ocf_finish(ep_ocf *o, FILE **out, np_error *err);
/* Throw away an unfinished container.  NULL is fine. */
void ep_ocf_free(ep_ocf *o);

#endif
