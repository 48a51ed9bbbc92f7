/* Private to the output module (outfile.c, outtarget.c, outtemp.c). */
#ifndef NP_UTIL_OUTFILE_PRIV_H
#define NP_UTIL_OUTFILE_PRIV_H

#include "newsprint/buf.h"
#include "newsprint/error.h"

/* `path`'s folder into `folder` ("." when it names none, "/" for the root)
 * and a pointer to its last component (may be empty: "out/"). */
void np_path_split(const char *path, np_buf *folder, const char **base);

/* Create and lock a temporary ".BASE.XXXXXX.tmp" beside `dest` (mode 0600
 * until the caller sets it).  Returns its descriptor and sets *tmp
 * (malloc'd), or -1 with `err` naming `shown` and the reason. */
int np_outtemp_create(const char *dest, const char *shown, char **tmp, np_error *err);

/* Remove temporaries of `dest` left by killed runs: unlocked and more than
 * a minute old.  Best effort, silent. */
void np_outtemp_sweep(const char *dest);

#endif
