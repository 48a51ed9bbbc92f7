/* newsprint — input enumeration: files, directories (recursive, sorted
 * byte-wise, *.xml only, symlinked directories not followed, symlinks to
 * files outside the folder refused with a warning) and "-" (stdin, read
 * once, up to the same size limit as files, and kept so that it can be
 * read in two passes).  Only regular files are read: a FIFO, device or
 * socket is refused, never waited on. */
#ifndef NEWSPRINT_SOURCE_H
#define NEWSPRINT_SOURCE_H

#include "newsprint/export.h"

#include <stddef.h>
#include "error.h"
#include "newsml.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct np_sources np_sources;

/* Collect inputs.  A path that does not exist or cannot be listed is
 * reported through `on_issue` (code < 0) and counted in *failed; the rest
 * are collected.  Returns NULL only when out of memory. */
NP_EXPORT np_sources *np_sources_collect(char *const *args, size_t nargs,
                               np_issue_fn on_issue, void *ud, size_t *failed);
NP_EXPORT size_t np_sources_count(const np_sources *s);
/* The name of input i; valid until the next call. */
NP_EXPORT const char *np_sources_name(const np_sources *s, size_t i);
/* The same name, valid as long as `s`: one copy per input, made when first
 * asked (for records that outlive the call, such as parked items' stubs);
 * NULL when `s` is NULL or has no input i.  Safe from several threads at
 * once (an archive run parks several outputs' items at a time), unlike
 * np_sources_name(). */
NP_EXPORT const char *np_sources_name_kept(const np_sources *s, size_t i);
/* Read input i with np_newsml_read_file()/read_memory(). */
NP_NODISCARD NP_EXPORT int np_sources_read(const np_sources *s, size_t i, const np_read_opts *opts, np_error *err);
NP_EXPORT void np_sources_free(np_sources *s);

#ifdef __cplusplus
}
#endif
#endif
