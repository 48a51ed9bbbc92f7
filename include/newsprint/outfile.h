/* newsprint — output files written safely: to a temporary file in the
 * target directory, fsync'ed, then renamed into place.  An output is never
 * left half-written. */
#ifndef NEWSPRINT_OUTFILE_H
#define NEWSPRINT_OUTFILE_H

#include "newsprint/export.h"

#include <stdio.h>
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct np_outfile {
    FILE *fp;     /* write here */
    char *path;   /* final name */
    char *tmp;    /* temporary name */
} np_outfile;

/* Open a temporary file beside `path`. */
NP_EXPORT int np_outfile_open(np_outfile *of, const char *path, np_error *err);
/* Flush, fsync, rename into place.  On failure the temporary is removed. */
NP_EXPORT int np_outfile_commit(np_outfile *of, np_error *err);
/* Throw the temporary away (nothing changes at `path`). */
NP_EXPORT void np_outfile_abort(np_outfile *of);
/* Write a whole file atomically. */
NP_EXPORT int np_write_file_atomic(const char *path, const void *data, size_t len, np_error *err);

#ifdef __cplusplus
}
#endif
#endif
