/* Reading inputs without hanging or growing without bound.  Private. */
#ifndef NP_UTIL_INFILE_H
#define NP_UTIL_INFILE_H

#include <stddef.h>
#include <sys/stat.h>
#include "newsprint/buf.h"

/* Open `path` read-only without blocking on a FIFO that has no writer
 * (O_NONBLOCK, cleared again once open unless it is a regular file, where
 * it means nothing); *st describes what was opened.
 * Returns the descriptor, or -1 with errno set. */
int np_infile_open(const char *path, struct stat *st);

/* Append what `fd` holds, up to its end, to `out`, reading at most `max`
 * bytes: 0 done, 1 there is more than `max` (out holds `max` bytes or
 * fewer), -1 read error (errno set). */
int np_infile_slurp(int fd, size_t max, np_buf *out);

/* The regular file `path` mapped read-only, *len its size: pages the
 * system gives back when they are unmapped (np_infile_unmap()), none of
 * the allocator's.  NULL when it cannot be (not a regular file, empty,
 * larger than `max`, no mapping): the caller reads it instead. */
const void *np_infile_map(const char *path, size_t max, size_t *len);
void np_infile_unmap(const void *p, size_t len);

#endif
