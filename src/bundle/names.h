/* File names inside a bundle: patterns from the profile, made safe and
 * unique.  Private to src/bundle/. */
#ifndef NP_BUNDLE_NAMES_H
#define NP_BUNDLE_NAMES_H

#include "newsprint/buf.h"
#include "newsprint/item.h"
#include "safename.h"

/* Expand a file name pattern ({slug} {guid} {version} {seq} {date}) into a
 * safe name in `out` (replacing its contents). */
void np_bundle_expand_name(const char *pattern, const char *slug, const char *guid, long version,
                           unsigned long long seq, const np_time *date, np_buf *out);
/* Make `name` one not yet in `names` (ignoring case) and add it: the name
 * itself, else name-2, name-3... */
void np_bundle_unique_name(np_nameset *names, np_buf *name);

#endif
