/* Temporary files of a run, in $TMPDIR (else /tmp).  Private. */
#ifndef NP_UTIL_TEMPFILE_H
#define NP_UTIL_TEMPFILE_H

#include "newsprint/buf.h"

/* $TMPDIR when it is set and not empty, else "/tmp". */
const char *np_temp_dir(void);

/* A new file named PREFIX-XXXXXX in np_temp_dir(), removed from its folder
 * at once: it lives as long as the descriptor, whatever ends the process.
 * The descriptor, or -1 with errno set; `path` (may be NULL) gets the name
 * it had, for messages. */
int np_temp_anonymous(const char *prefix, np_buf *path);

#endif
