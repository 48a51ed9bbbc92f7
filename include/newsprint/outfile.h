/* newsprint — outputs, written by the kind of target they go to:
 *
 *   "-"                           standard output
 *   a character device, FIFO or   written in place, never renamed over
 *   socket (/dev/null, a pipe)    (/dev/stdout and /dev/fd/1 mean "-")
 *   a regular file or a new path  a temporary file in the same folder,
 *                                 fsync'ed, then renamed into place; a
 *                                 replaced file keeps its permissions
 *   a symbolic link               the file it points to, replaced as above,
 *                                 only when it is in the link's own folder
 *   a directory, a block device,  refused
 *   a link elsewhere or dangling
 *
 * A replaced output is never left half-written: on failure the temporary
 * is removed and the earlier file stays as it was.  Temporaries are named
 * ".NAME.XXXXXX.tmp" and locked while written; one that no process holds
 * and that is more than a minute old (left by a killed run) is removed by
 * the next run writing NAME. */
#ifndef NEWSPRINT_OUTFILE_H
#define NEWSPRINT_OUTFILE_H

#include "newsprint/export.h"

#include <stdio.h>
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum np_out_kind {
    NP_OUT_STDOUT = 0, /* "-" */
    NP_OUT_IN_PLACE,   /* device, FIFO or socket: opened and written */
    NP_OUT_REPLACE,    /* regular file or new path: temporary + rename */
    NP_OUT_DIRECTORY   /* an existing directory (np_outfile_open refuses it) */
} np_out_kind;

/* Where `path` leads.  `dest` (malloc'd, caller frees; NULL for
 * NP_OUT_STDOUT) is the file written or replaced: `path` itself, or the
 * file a symbolic link points to.  Refusals (a block device, a link to
 * another folder, a dangling link, a path that cannot be examined) return
 * NP_ERR_IO with a message naming `path` and why. */
typedef struct np_out_target {
    np_out_kind kind;
    char *dest;
    int exists;        /* NP_OUT_REPLACE: a file is there now */
    unsigned mode;     /* ...and its permission bits */
    long uid, gid;     /* ...and its owner */
} np_out_target;

NP_NODISCARD NP_EXPORT int np_outfile_target(const char *path, np_out_target *t, np_error *err);
NP_EXPORT void np_out_target_free(np_out_target *t);

typedef struct np_outfile {
    FILE *fp;     /* write here */
    char *path;   /* the target as given (messages) */
    char *dest;   /* the file renamed into on commit, NULL when written in place */
    char *tmp;    /* its temporary name, NULL when written in place */
    void *sink;   /* private: the descriptor under `fp` and its first error */
} np_outfile;

/* Open `path` for writing by its kind (see above). */
NP_NODISCARD NP_EXPORT int np_outfile_open(np_outfile *of, const char *path, np_error *err);
/* Flush; for a replaced file also fsync and rename into place.  On failure
 * the temporary is removed and the earlier file is untouched. */
NP_NODISCARD NP_EXPORT int np_outfile_commit(np_outfile *of, np_error *err);
/* Throw the temporary away (nothing changes at `path`; bytes already
 * written in place cannot be taken back). */
NP_EXPORT void np_outfile_abort(np_outfile *of);
/* Write a whole output: open, write, commit. */
NP_NODISCARD NP_EXPORT int np_write_file_atomic(const char *path, const void *data, size_t len, np_error *err);
/* The same with the bytes read from `in` (from where it stands to its end). */
NP_NODISCARD NP_EXPORT int np_write_file_from(const char *path, FILE *in, np_error *err);

#ifdef __cplusplus
}
#endif
#endif
