/* Bundle manifests (manifest.json): the writer's pieces and a small,
 * bounded reader for --since.  Private. */
#ifndef NP_MANIFEST_H
#define NP_MANIFEST_H

#include <stddef.h>
#include "newsprint/buf.h"
#include "newsprint/error.h"
#include "newsprint/item.h"

/* Append `s` (UTF-8) as a JSON string literal: quotes, backslashes and
 * control characters escaped; NULL gives null. */
void np_json_string(np_buf *out, const char *s);

/* One file of a bundle, as listed in the manifest. */
typedef struct np_manifest_file {
    const char *file;      /* name inside the bundle */
    const char *guid;
    long version;
    const char *headline;
    size_t bytes;
    const char *sha256;    /* 64 hex digits */
    size_t words;
    const char *embargo;   /* ISO 8601 UTC, or NULL */
    const char *signal;    /* "new", "correction", "kill" */
    long replaces;         /* version the partner had (correction, kill), else 0 */
    const char *replaces_file; /* its file name in an earlier bundle, or NULL */
    unsigned long long sequence;
    const char *priority;
    int urgency;
} np_manifest_file;

/* The top of a manifest: what the bundle is (partner, profile, times,
 * sequence, counts, what was left out). */
typedef struct np_manifest_head {
    const char *partner;
    const char *framing, *charset, *line_ending, *embargo;
    int width;
    const np_time *generated, *from, *to;  /* NULL or invalid: null */
    const char *since;                     /* --since: its "generated"; NULL: not a delta */
    unsigned long long first, last, next;  /* sequence numbers (first, last 0: no files) */
    size_t files, new_items, corrections, kills;
    size_t superseded, canceled, withheld, embargoed, outside_dates, package, already_sent,
        not_text, failed;
} np_manifest_head;

/* A manifest is written in pieces, so that its lists can stream:
 *   np_manifest_begin, np_manifest_file_json for each file,
 *   np_manifest_middle, np_manifest_received_json for each earlier file,
 *   np_manifest_end.
 * `nth` counts from 0 within each list; `n` is how many there were. */
void np_manifest_begin(const np_manifest_head *h, np_buf *out);
void np_manifest_file_json(const np_manifest_file *f, size_t nth, np_buf *out);
void np_manifest_middle(size_t n, np_buf *out);
void np_manifest_end(size_t n, np_buf *out);

/* What a partner has received, from a previous manifest: its "files" and
 * its "previously_delivered" list.  Sorted by guid, one entry per guid
 * (the most recent). */
typedef struct np_received_entry {
    char *guid;
    long version;
    int killed;               /* the last thing sent was a kill notice */
    char *file;               /* may be NULL */
    unsigned long long sequence;
    int touched;              /* set by the bundle writer: superseded now */
} np_received_entry;

typedef struct np_received {
    np_received_entry *v;
    size_t n;
    char *partner;            /* "partner" of the manifest, or NULL */
    char *generated;          /* "generated", or NULL */
} np_received;

/* Read a manifest: `path` is a manifest.json, a bundle directory, or a
 * .zip bundle.  Strict JSON (RFC 8259), at most 64 MiB, nesting at most 32;
 * unknown members are skipped.  On error `out` is empty and `err` says
 * where. */
int np_manifest_read(const char *path, np_received *out, np_error *err);
/* The same from memory (`name` for messages). */
int np_manifest_parse(const char *data, size_t len, const char *name, np_received *out,
                      np_error *err);
/* An entry of "previously_delivered". */
void np_manifest_received_json(const np_received_entry *e, size_t nth, np_buf *out);
np_received_entry *np_received_find(const np_received *r, const char *guid);
void np_received_free(np_received *r);

#endif
