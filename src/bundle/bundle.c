/* Syndication bundles: the public entry points.  Opening loads the
 * partner's profile, the --since manifest and the sequence state under
 * their locks; writing runs the items through items.c and packs them
 * with pack.c. */
#include "bundle_int.h"
#include "newsprint/meta.h"
#include "util/alloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Latest time a zip can hold and far enough for "embargoes ignored". */
#define FAR_FUTURE INT64_C(253402300799) /* 9999-12-31T23:59:59Z */

static np_bundle_counts zero_counts;

#ifdef NP_TEST_HOOKS
/* Test builds only: a count from the environment, -1 when unset. */
static long env_count(const char *name)
{
    const char *v = getenv(name);
    if (!v || !*v)
        return -1;
    char *end;
    long n = strtol(v, &end, 10);
    return *end || n < 0 ? -1 : n;
}
#endif

/* The partner's next sequence number into its state file. */
static int save_state(const np_bundle *bd, np_error *err)
{
#ifdef NP_TEST_HOOKS
    if (bd->fail_state > 0)
        return np_error_set(err, NP_ERR_IO, bd->state_path, 0,
                            "cannot write the sequence state (NEWSPRINT_TEST_FAIL_STATE)");
#endif
    return np_seq_write(bd->state_path, bd->p.name, bd->seq, &bd->at, err);
}

/* np_lock_take(), and the two strings freed. */
static int take_lock(np_lock *l, np_buf *path, np_buf *busy, np_error *err)
{
    int rc = np_lock_take(l, path->data, busy->data, err);
    np_buf_free(path);
    np_buf_free(busy);
    return rc;
}

np_bundle *np_bundle_open(const np_bundle_opts *opts, np_error *err)
{
    if (!opts->out || !*opts->out || !opts->partner || !*opts->partner) {
        np_error_set(err, NP_ERR_USAGE, NULL, 0, "a bundle needs an output (--bundle) and a partner (--partner)");
        return NULL;
    }
    np_bundle *bd = np_xcalloc(1, sizeof *bd);
    bd->o = *opts;
    bd->out_lock = bd->state_lock = (np_lock)NP_LOCK_INIT;
    bd->tmpfd = -1;
#ifdef NP_TEST_HOOKS
    bd->abort_after = env_count("NEWSPRINT_TEST_ABORT_AFTER");
    bd->kill_after = env_count("NEWSPRINT_TEST_KILL_AFTER");
    bd->fail_state = env_count("NEWSPRINT_TEST_FAIL_STATE");
#endif
    if (np_profile_load(&bd->p, opts->partner, err) != NP_OK) {
        if (err)
            err->code = NP_ERR_USAGE; /* a profile that cannot be used is a usage error */
        goto fail;
    }
    bd->cs = np_charset_open(bd->p.charset, err);
    if (!bd->cs)
        goto fail;

    /* OUT, its parent and base name (trailing slashes dropped) */
    np_buf o = NP_BUF_INIT;
    np_buf_puts(&o, opts->out);
    while (o.len > 1 && o.data[o.len - 1] == '/')
        np_buf_truncate(&o, o.len - 1);
    bd->out = np_buf_detach(&o);
    const char *slash = strrchr(bd->out, '/');
    np_buf par = NP_BUF_INIT;
    if (slash)
        np_buf_put(&par, bd->out, slash == bd->out ? 1 : (size_t)(slash - bd->out));
    else
        np_buf_puts(&par, ".");
    bd->parent = np_buf_detach(&par);
    bd->base = np_xstrdup(slash ? slash + 1 : bd->out);
    size_t bl = strlen(bd->base);
    bd->is_zip = bl > 4 && !strcasecmp(bd->base + bl - 4, ".zip");
    if (!*bd->base || !strcmp(bd->base, ".") || !strcmp(bd->base, "..")) {
        np_error_set(err, NP_ERR_USAGE, bd->out, 0, "not a usable bundle name");
        goto fail;
    }
    /* one bundle at a time into OUT, whatever the partner: the second
     * would silently replace the first */
    np_buf lock = NP_BUF_INIT, busy = NP_BUF_INIT;
    np_buf_printf(&lock, "%s/.%s.lock", bd->parent, bd->base);
    np_buf_printf(&busy, "another bundle is being written to %s", bd->out);
    if (take_lock(&bd->out_lock, &lock, &busy, err) != NP_OK)
        goto fail;
    struct stat st;
    if (lstat(bd->out, &st) == 0) {
        if (bd->is_zip && !S_ISREG(st.st_mode)) {
            np_error_set(err, NP_ERR_USAGE, bd->out, 0, "exists and is not a file");
            goto fail;
        }
        if (!bd->is_zip && !(S_ISDIR(st.st_mode) && np_pack_is_bundle_dir(bd->out))) {
            np_error_set(err, NP_ERR_USAGE, bd->out, 0,
                         "exists and is not a bundle directory (no manifest.json); not replacing it");
            goto fail;
        }
    }

    if (opts->since) {
        if (np_manifest_read(opts->since, &bd->rcv, err) != NP_OK)
            goto fail;
        if (bd->rcv.partner && strcmp(bd->rcv.partner, bd->p.name) != 0) {
            np_error_set(err, NP_ERR_USAGE, opts->since, 0,
                         "manifest of partner '%s', not '%s': a delta needs the partner's own manifest",
                         bd->rcv.partner, bd->p.name);
            goto fail;
        }
        bd->delta = 1;
    }

    /* times: transmission and embargo evaluation */
    bd->at = opts->sel.at.valid ? opts->sel.at : np_time_now_or_sde();
    bd->at = np_time_from_epoch(bd->at.utc); /* a date means its 00:00 UTC: show the time */
    bd->sel = opts->sel;
    bd->sel.at = bd->at;
    if (bd->p.embargo_include)
        bd->sel.at = np_time_from_epoch(FAR_FUTURE);

    /* sequence state and its lock */
    np_buf sp = NP_BUF_INIT;
    np_buf_printf(&sp, "%s/%s.seq", opts->state_dir ? opts->state_dir : bd->parent, bd->p.name);
    bd->state_path = np_buf_detach(&sp);
    np_buf_printf(&lock, "%s.lock", bd->state_path);
    np_buf_printf(&busy, "another bundle for partner '%s' is being written", bd->p.name);
    if (take_lock(&bd->state_lock, &lock, &busy, err) != NP_OK ||
        np_seq_read(bd->state_path, bd->p.seq_start, &bd->seq, err) != NP_OK)
        goto fail;
    bd->first_seq = bd->seq;
    return bd;
fail:
    np_bundle_free(bd);
    return NULL;
}

const np_select_opts *np_bundle_select_opts(const np_bundle *bd)
{
    return &bd->sel;
}

const np_bundle_counts *np_bundle_get_counts(const np_bundle *bd)
{
    return bd ? &bd->c : &zero_counts;
}

int np_bundle_write(np_bundle *bd, np_batch *b, np_error *err)
{
    int rc = np_pack_begin(bd, err);
    if (rc != NP_OK)
        return rc;
    /* kill notices first: the partner should act on them before anything */
    if (bd->rcv.n)
        np_items_write_kills(bd, b);
    if (!bd->failed && np_batch_run(b, np_items_write, bd) != NP_OK)
        return np_error_set(err, NP_ERR_MEMORY, NULL, 0, "out of memory: cannot start the readers");
    /* items this pass left out are not "converted" */
    size_t mine = bd->c.not_text + bd->c.already_sent;
    b->stats.converted = b->stats.converted > mine ? b->stats.converted - mine : 0;
    bd->c.failed = b->stats.items_failed;

    rc = bd->failed ? NP_ERR_IO : np_pack_manifest(bd, b);
    /* the items are all written: what grew with them goes before the zip's
     * own per-entry state is made (that memory is then reused) */
    np_batch_forget_items(b);
    np_nameset_free(&bd->names);
    if (rc != NP_OK || bd->failed) {
        rc = bd->fail_err.code ? bd->fail_err.code : NP_ERR_IO;
        np_error_set(err, rc, bd->fail_err.file, 0, "%s; no bundle written",
                     bd->fail_err.message ? bd->fail_err.message : "failed");
    }
    /* the counter moves on before the bundle is put in place: a state
     * that cannot be written stops the bundle, and a commit that fails
     * after it only leaves a gap; a number is never used twice */
    if (rc == NP_OK)
        rc = save_state(bd, err);
    if (rc == NP_OK)
        rc = np_pack_commit(bd, err);
    np_pack_cleanup(bd);
    return rc;
}

void np_bundle_summary(const np_bundle *bd, np_buf *out)
{
    const np_bundle_counts *c = &bd->c;
    np_buf_printf(out, "bundle %s for %s: %zu file%s (%zu new, %zu correction%s, %zu kill%s)",
                  bd->out, bd->p.name, c->files, c->files == 1 ? "" : "s", c->new_items,
                  c->corrections, c->corrections == 1 ? "" : "s", c->kills, c->kills == 1 ? "" : "s");
    if (c->files)
        np_buf_printf(out, ", sequence %llu-%llu", bd->first_seq, bd->seq - 1);
    if (c->already_sent)
        np_buf_printf(out, ", %zu already sent", c->already_sent);
    if (c->not_text)
        np_buf_printf(out, ", %zu not text", c->not_text);
}

void np_bundle_free(np_bundle *bd)
{
    if (!bd)
        return;
    np_pack_cleanup(bd);
    np_lock_release(&bd->state_lock);
    np_lock_release(&bd->out_lock);
    np_items_free_kills(bd);
    free(bd->zv);
    np_arena_free(bd->znames);
    np_profile_free(&bd->p);
    np_charset_free(bd->cs);
    np_received_free(&bd->rcv);
    free(bd->out);
    free(bd->parent);
    free(bd->base);
    free(bd->state_path);
    np_nameset_free(&bd->names);
    np_error_clear(&bd->fail_err);
    np_buf *bufs[] = {&bd->text, &bd->body, &bd->tmp, &bd->framed, &bd->enc, &bd->name, &bd->line, &bd->json};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        np_buf_free(bufs[i]);
    free(bd);
}
