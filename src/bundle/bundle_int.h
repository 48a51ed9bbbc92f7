/* The bundle writer's shared state, and the functions of the files that
 * work on it: compose.c (text and wire framing), items.c (items and kill
 * notices), pack.c (files, manifest and commit, directory or zip).
 * bundle.c (the public entry points) calls them; they never call back.
 * Private to src/bundle/. */
#ifndef NP_BUNDLE_INT_H
#define NP_BUNDLE_INT_H

#include "newsprint/bundle.h"
#include "newsprint/item.h"
#include "util/arena.h"
#include "charset.h"
#include "manifest.h"
#include "profile.h"
#include "safename.h"
#include "state.h"

#include <stdio.h>
#include <sys/types.h>

/* A canceled item the partner had: found in the metadata pass. */
typedef struct np_kill_note {
    char *guid;
    long version;            /* the canceled version */
    char *headline, *slug, *ednote;
    const char *category;    /* points into the profile */
    int urgency;
    np_received_entry *sent; /* what the partner had */
} np_kill_note;

/* Zip: where a file's bytes are in the content spool. */
typedef struct np_zentry {
    const char *name; /* in np_bundle.znames */
    off_t off;
    size_t len;
} np_zentry;

struct np_bundle {
    np_bundle_opts o;
    np_profile p;
    np_charset *cs;
    np_received rcv;
    int delta;
    np_select_opts sel;       /* for the batch */
    np_time at;               /* transmission time, embargo time */
    char *out, *parent, *base;
    int is_zip;
    char *state_path;
    np_lock out_lock, state_lock;
    unsigned long long seq, first_seq; /* next sequence number */
    char *tmpdir;
    int tmpfd;
    FILE *spool;              /* manifest "files" entries */
    FILE *content;            /* zip: every file's bytes, one after the other */
    np_zentry *zv;            /* zip: where each file is in `content` */
    size_t nz, capz;
    np_arena *znames;         /* zip: the files' names */
    size_t spooled;
    np_nameset names;
    np_bundle_counts c;
    np_kill_note *kills;
    size_t nkills, capkills;
    int failed;
    np_error fail_err;
#ifdef NP_TEST_HOOKS
    long abort_after, kill_after, fail_state;
#endif
    /* reused per file */
    np_buf text, body, tmp, framed, enc, name, line, json;
};

/* ---- compose.c: the text of a file, folded to the charset and framed ---- */

/* LABEL+VALUE folded and wrapped at the profile's width; continuation
 * lines start with `rest`.  Nothing for an empty value. */
void np_compose_field(np_bundle *bd, const char *label, const char *value, const char *rest, np_buf *out);
/* The profile's blank lines between paragraphs. */
void np_compose_blank_lines(const np_bundle *bd, np_buf *t);
/* The header fields the profile asks for (byline, dateline...). */
void np_compose_header(np_bundle *bd, const np_item *item, np_buf *t);
/* EMBARGOED-UNTIL: and CORRECTION: lines. */
void np_compose_signal_lines(np_bundle *bd, const char *embargo, long replaces, const char *replaces_file,
                             np_buf *t);
/* Fold every text of the body in place (copies in `a`). */
void np_compose_fold_body(np_bundle *bd, np_arena *a, np_block *b);
/* Frame bd->text (lines split to the width) for the wire into bd->framed. */
void np_compose_frame(np_bundle *bd, const char *slug_src, const char *headline, const char *prio,
                      const char *category, size_t words, const char *version_field,
                      unsigned long long ref_seq);

/* ---- items.c: one file per item, kill notices ------------------------- */

/* np_batch_run() callback: the item as a file (or counted as left out). */
int np_items_write(void *ud, np_item *item, const np_selected *e);
/* --since: find the canceled items the partner had, write a kill notice
 * for each. */
void np_items_write_kills(np_bundle *bd, const np_batch *b);
void np_items_free_kills(np_bundle *bd);

/* ---- pack.c: files into the temporary directory or zip, commit --------- */

/* What the manifest says about a file besides its name, size and checksum. */
typedef struct np_file_info {
    const char *guid;
    long version;
    const char *headline;
    size_t words;
    const char *embargo;
    const char *signal;
    long replaces;
    const char *replaces_file;
    const char *priority;
    int urgency;
} np_file_info;

/* Is `path` a bundle directory (has a manifest.json)? */
int np_pack_is_bundle_dir(const char *path);
/* The temporary directory beside OUT and the spools. */
int np_pack_begin(np_bundle *bd, np_error *err);
/* Encode bd->framed, write it as bd->name (made unique), spool its
 * manifest entry, take a sequence number.  On failure bd->failed is set. */
int np_pack_emit(np_bundle *bd, const np_file_info *fi);
/* manifest.json from the spooled entries and the counts. */
int np_pack_manifest(np_bundle *bd, const np_batch *b);
/* Put the bundle in place at OUT (rename or zip), durably. */
int np_pack_commit(np_bundle *bd, np_error *err);
/* Remove the temporary directory and the spools. */
void np_pack_cleanup(np_bundle *bd);

#endif
