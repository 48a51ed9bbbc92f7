/* Safe single file names for bundle entries.  Private. */
#ifndef NP_SAFENAME_H
#define NP_SAFENAME_H

#include <stddef.h>
#include <stdint.h>
#include "newsprint/buf.h"

enum { NP_SAFENAME_MAX = 100 }; /* bytes */

/* Append to `out` a safe single file name made from `in` (UTF-8, untrusted),
 * at most `max` bytes (0 = NP_SAFENAME_MAX, never less than 16):
 *  - '/', '\\', ':', whitespace and other ASCII punctuation outside
 *    "._-+,()@~" become '-'; runs of '-' collapse to one, runs of '.' too;
 *  - control characters (C0, DEL, C1), bidirectional and other format
 *    characters, line/paragraph separators, non-characters and invalid UTF-8
 *    are dropped or replaced;
 *  - no leading '.', '-' or '~', no trailing '.', '-';
 *  - Windows device names (CON, PRN, AUX, NUL, COM0-9, LPT0-9, also with an
 *    extension) get a '_' prefix;
 *  - cut on a UTF-8 character boundary, keeping a short extension
 *    (".txt") when there is one;
 *  - never empty: "item" when nothing is left. */
void np_safename(const char *in, size_t max, np_buf *out);

/* `name` with "-N" before its extension ("a.txt", 2 -> "a-2.txt"), still
 * within `max` bytes (0 = NP_SAFENAME_MAX). */
void np_safename_variant(const char *name, unsigned n, size_t max, np_buf *out);

/* A set of names compared without ASCII case (as on case-insensitive file
 * systems): 64-bit hashes in an open-addressing table at most 3/4 full,
 * 8 bytes a slot. */
typedef struct np_nameset {
    uint64_t *v;
    size_t n, cap;
} np_nameset;

/* Add `name`: 1 if it was new, 0 if an equal name (ignoring case) is there. */
int np_nameset_add(np_nameset *s, const char *name);
void np_nameset_free(np_nameset *s);

#endif
