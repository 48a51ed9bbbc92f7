/* newsprint — archive runs: one output per day or ISO week.
 *
 * After a batch's selection pass (np_batch_start without `hold`: metadata
 * only), np_each_plan() groups the selected items by their day in the
 * edition's zone (np_selected.date), or by the ISO week of that day.  Each
 * group knows its entries (in selection order) and the newest modification
 * time of the inputs that bear on it.  np_each_run() then reads, for each
 * group, only the files of its entries into a sub-collection and hands it
 * to the caller's writer, up to the batch's `jobs` outputs at once: memory
 * follows the largest outputs (at most `jobs` of them), not the archive.
 *
 * Keys come from our own date formatting ("2026-11-16", "2026-W47"), never
 * from input text, so output names made from them are safe.
 *
 * Shards: a group belongs to shard FNV-1a-32(key) mod N (the 32-bit FNV-1a
 * hash of the key's bytes: offset basis 2166136261, prime 16777619), so N
 * machines running shards 0..N-1 of the same archive write every output
 * exactly once, whatever the order of the files. */
#ifndef NEWSPRINT_EACH_H
#define NEWSPRINT_EACH_H

#include "newsprint/export.h"

#include <stddef.h>
#include <stdint.h>
#include "batch.h"
#include "buf.h"
#include "error.h"
#include "time.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum np_each_by {
    NP_EACH_NONE = 0,
    NP_EACH_DAY,  /* key "YYYY-MM-DD" */
    NP_EACH_WEEK  /* key "GGGG-Www" (ISO 8601 week-numbering year and week) */
} np_each_by;

/* "day" or "week".  Returns 0, or -1 for anything else. */
NP_NODISCARD NP_EXPORT int np_each_by_parse(const char *s, np_each_by *by);

/* One output's worth of the selection. */
typedef struct np_each_group {
    char key[16];            /* the day or the week, as above */
    char date[16];           /* its first day, "YYYY-MM-DD" ({date}) */
    char week[16];           /* its ISO week, "GGGG-Www" ({week}) */
    np_time from, to;        /* [from, to) as --date DAY or --week WEEK give them */
    const np_selected **entries; /* in selection order (point into the batch) */
    size_t n;
    int64_t newest_ns;       /* newest mtime (ns since the epoch) of its inputs */
    int newest_known;        /* 0: an input could not be examined: never fresh */
} np_each_group;

typedef struct np_each {
    np_each_group *groups;   /* sorted by key */
    size_t n;
    size_t undated;          /* selected items without a date: in no group */
    np_each_by by;
    const np_selected **store; /* the groups' entries, one array */
} np_each;

/* Group the batch's selection (after np_batch_start).  The inputs bearing
 * on a group are the files of every item noted in the selection pass
 * (selected or not) dated in it, and the files of every other version of
 * those items' guids (a correction or a kill notice dated elsewhere
 * changes the output too).  Returns NP_OK or NP_ERR_MEMORY. */
NP_NODISCARD NP_EXPORT int np_each_plan(const np_batch *b, np_each_by by, np_each *out);
NP_EXPORT void np_each_free(np_each *e);

/* 32-bit FNV-1a of the string's bytes. */
NP_EXPORT uint32_t np_each_hash(const char *key);
/* "K/N" with 0 <= K < N <= 100000.  Returns 0, or -1. */
NP_NODISCARD NP_EXPORT int np_each_shard_parse(const char *s, unsigned *k, unsigned *n);
/* Keep only the groups of shard k of n (hash(key) mod n == k). */
NP_EXPORT void np_each_keep_shard(np_each *e, unsigned k, unsigned n);

/* Check an output pattern for `by`: it must name a file (not "-"), hold
 * the placeholder that tells the outputs apart ({date} for days, {week}
 * for weeks; the other may be used too), no other '{', no placeholder
 * before the last '/', and its folder must exist.  NP_OK, or NP_ERR_USAGE
 * with `err` filled. */
NP_NODISCARD NP_EXPORT int np_each_pattern_check(const char *pattern, np_each_by by, np_error *err);
/* The pattern with {date} and {week} replaced by the group's (appended). */
NP_EXPORT void np_each_path(const char *pattern, const np_each_group *g, np_buf *out);
/* Is the output at `path` newer than every input of the group? */
NP_NODISCARD NP_EXPORT int np_each_fresh(const np_each_group *g, const char *path);

/* Read the group's items (only the files of its entries, with the batch's
 * readers) into `out`, in selection order; counted in the batch's stats
 * like np_batch_collect().  Not thread-safe: one collection of a batch at
 * a time. */
NP_NODISCARD NP_EXPORT int np_each_collect(np_batch *b, const np_each_group *g, np_collection *out);

typedef enum np_each_outcome {
    NP_EACH_WRITTEN = 0,
    NP_EACH_SKIPPED,  /* fresh: newer than its inputs */
    NP_EACH_FAILED
} np_each_outcome;

/* Writes one output: the group's sub-collection to `path` (atomically,
 * through the output module).  NP_OK, or a negative status with `err`
 * filled.  Runs on one of the run's workers, several outputs at once
 * (the batch's `jobs`): it must not change anything shared with other
 * outputs (through `ud`) without a lock.  Its warnings go to
 * on_issue(issue_ud, ...), not to the terminal: the run reports them,
 * after those of reading the output's files, in key order. */
typedef int (*np_each_write_fn)(void *ud, const np_collection *c, const np_each_group *g,
                                const char *path, np_issue_fn on_issue, void *issue_ud,
                                np_error *err);
/* After each output, on the calling thread and in key order, after the
 * output's messages (err filled when it failed); may be NULL. */
typedef void (*np_each_done_fn)(void *ud, const np_each_group *g, const char *path,
                                np_each_outcome outcome, const np_error *err);

typedef struct np_each_opts {
    const char *pattern;     /* checked with np_each_pattern_check() */
    int force;               /* write even outputs that are fresh */
    np_each_write_fn write;
    void *ud;                /* write's */
    np_each_done_fn done;
    void *done_ud;           /* done's */
} np_each_opts;

typedef struct np_each_stats {
    size_t written, skipped, failed;
    size_t items;            /* items read into the outputs written */
} np_each_stats;

/* Every group of the plan: fresh ones skipped (unless force), the others
 * collected (one at a time) and written, up to the batch's `jobs` at once
 * (1: one after another on this thread); one failing output does not stop
 * the others.  Each output's messages (reading its files, writing it) go
 * to the batch's on_issue and then `done` is called, output after output
 * in key order, on this thread, whatever the number of jobs.  Returns
 * NP_OK, or NP_ERR_MEMORY. */
NP_NODISCARD NP_EXPORT int np_each_run(np_batch *b, const np_each *plan, const np_each_opts *o,
                          np_each_stats *st);

#ifdef __cplusplus
}
#endif
#endif
