/* newsprint — syndication bundles: one file per selected item, framed for a
 * partner (plain text, IPTC 7901 or ANPA-1312) in the partner's width, line
 * ending and character set, plus manifest.json; a directory or a zip.
 *
 *   np_bundle *bd = np_bundle_open(&opts, &err);        profile, --since, state
 *   np_batch_open(&b, inputs, n, np_bundle_select_opts(bd), ...);
 *   np_bundle_write(bd, &b, &err);                      stream, commit, counter
 *   np_bundle_free(bd);
 *
 * The bundle is built in a temporary directory beside OUT and renamed into
 * place only when complete; the partner's sequence counter (a state file)
 * is written just before that, so that a number is never used twice.  A
 * bundle that fails or is killed half-way leaves nothing at OUT and the
 * counter as it was.  One run at a time writes to OUT (a lock beside it).  Items stream through: memory
 * does not grow with the number of items, except a few bytes a file for
 * name collisions (and libzip's central directory for zips).
 * Partner profiles are documented in doc/partner-profiles.md, the framings
 * and the manifest in doc/bundle-formats.md. */
#ifndef NEWSPRINT_BUNDLE_H
#define NEWSPRINT_BUNDLE_H

#include "newsprint/export.h"

#include <stddef.h>
#include "batch.h"
#include "buf.h"
#include "error.h"
#include "select.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct np_bundle_opts {
    const char *out;       /* OUT: ending in ".zip" -> zip archive, else a directory */
    const char *partner;   /* profile NAME (styles/partners/NAME.profile) or PATH */
    const char *since;     /* previous manifest.json (or bundle dir / zip): delta; or NULL */
    const char *state_dir; /* where NAME.seq lives; NULL = OUT's parent directory */
    np_select_opts sel;    /* at = transmission time and embargo time; from/to */
} np_bundle_opts;

typedef struct np_bundle_counts {
    size_t files;          /* files written (items + kill notices) */
    size_t new_items, corrections, kills;
    size_t already_sent;   /* --since: the partner has this version (or a later one) */
    size_t not_text;       /* pictures, graphics, video, audio */
    size_t failed;         /* items that could not be written */
    unsigned long long first_seq, last_seq;
} np_bundle_counts;

typedef struct np_bundle np_bundle;

/* Load the partner profile, the --since manifest and the sequence state,
 * and lock OUT and the partner's state against a concurrent run.  NULL with `err`
 * filled on a bad profile, an unreadable manifest, a manifest of another
 * partner, or when OUT exists and is not a bundle. */
NP_EXPORT np_bundle *np_bundle_open(const np_bundle_opts *opts, np_error *err);
/* The selection options for np_batch_open(): the caller's, except that a
 * partner whose embargo policy is "include" selects with embargoes ignored
 * (the true embargo still goes into the files and the manifest). */
NP_EXPORT const np_select_opts *np_bundle_select_opts(const np_bundle *bd);
/* Write the bundle from an opened batch (runs its conversion pass; with
 * --since, also one metadata-only pass to find canceled items for kill
 * notices).  Per-item problems are reported through the batch's on_issue
 * and counted; NP_OK when the bundle was committed.  The batch is then
 * done with (np_batch_forget_items()): only its counts and summary are
 * left for the caller. */
NP_NODISCARD NP_EXPORT int np_bundle_write(np_bundle *bd, np_batch *b, np_error *err);
NP_EXPORT const np_bundle_counts *np_bundle_get_counts(const np_bundle *bd);
/* "12 files (10 new, 1 correction, 1 kill), sequence 1-12, left out: ..." */
NP_EXPORT void np_bundle_summary(const np_bundle *bd, np_buf *out);
NP_EXPORT void np_bundle_free(np_bundle *bd);

#ifdef __cplusplus
}
#endif
#endif
