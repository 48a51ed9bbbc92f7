/* Selection rules, in one place: latest version per guid, no canceled,
 * withheld or still-embargoed items, the edition's days in its time zone,
 * package order. */
#include "newsprint/select.h"
#include "newsprint/meta.h"
#include "util/alloc.h"
#include "util/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One item's key.  Kept small: a batch holds one per item. */
typedef struct key {
    np_selected s;        /* s.guid lives in the selection's arena; s.rank holds
                           * the output order while np_selection_finish() decides it */
    uint32_t seq;         /* order of arrival */
    unsigned char status; /* np_pubstatus */
    unsigned char skip;   /* np_skip_reason */
    unsigned has_embargo : 1;     /* its time is in the selection's embargoes */
    unsigned embargo_unknown : 1; /* held whatever the time */
    unsigned dropped : 1;         /* its file failed its whole read (np_selection_drop_file) */
    unsigned found : 1;           /* what np_selection_find() gives for its guid */
} key; /* 88 bytes on LP64: no place in by_version, no order, no embargo
        * time of its own (found when needed), bit-fields sharing the word of
        * status and skip */

/* The embargo time of a key that has one (few do), by its seq. */
typedef struct embargo {
    uint32_t seq;
    int64_t utc;
} embargo;

/* Keys live in fixed blocks: no doubling slack, no copying on growth. */
enum { KEY_BLOCK = 1024 };

typedef struct pkg_ref {
    char *guid;           /* referenced item */
    char *section;        /* group name or NULL */
    char *pkg_guid;
    long pkg_version;
} pkg_ref;

struct np_selection {
    np_select_opts opts;
    np_arena *strings;    /* guids */
    key **blocks;
    size_t nblocks, capblocks;
    size_t n;
    pkg_ref *refs;
    size_t nrefs, capref;
    embargo *embargoes;   /* by seq */
    size_t nemb, capemb;
    key **kept;           /* output order */
    size_t nkept;
    key **by_version;     /* every key, by guid then version, highest first; a
                           * guid's kept key is marked `found` there.  Made
                           * again when asked for (versions()), else NULL
                           * once np_selection_finish() is done */
    size_t skipped[NP_SKIP__COUNT];
    size_t zoneless;      /* items dated with a time of day but no zone */
};

static key *key_at(const np_selection *sel, size_t i)
{
    return &sel->blocks[i / KEY_BLOCK][i % KEY_BLOCK];
}

/* ---- the edition's day ----------------------------------------------------- */

np_time np_select_edition_time(const np_select_opts *opts, const np_time *t)
{
    np_time r = *t;
    np_tz_localise(opts->zone, &r);
    return r;
}

/* An item's (localised) date as the edition's zone shows it: the same
 * instant, the zone's offset, so that its civil date is the edition's day.
 * A date alone is its own day already. */
static np_time edition_date(const np_selection *sel, const np_time *t)
{
    np_time r = *t;
    if (r.valid && r.has_time)
        r.offset_min = np_tz_offset_min(sel->opts.zone, r.utc);
    return r;
}

void np_selection_localise_item(const np_selection *sel, np_item *item)
{
    np_time *times[] = {&item->content_created, &item->first_created, &item->version_created,
                        &item->embargoed};
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++)
        np_tz_localise(sel->opts.zone, times[i]);
}

void np_selection_zone_note(const np_selection *sel, np_buf *out)
{
    if (sel->zoneless)
        np_buf_printf(out, "%zu item%s dated without a time zone: read as %s time", sel->zoneless,
                      sel->zoneless == 1 ? "" : "s", np_tz_name(sel->opts.zone));
}

np_selection *np_selection_new(const np_select_opts *opts)
{
    np_selection *sel = np_xmalloc(sizeof *sel);
    memset(sel, 0, sizeof *sel);
    if (opts)
        sel->opts = *opts;
    sel->opts.at = np_select_edition_time(&sel->opts, &sel->opts.at);
    sel->opts.from = np_select_edition_time(&sel->opts, &sel->opts.from);
    sel->opts.to = np_select_edition_time(&sel->opts, &sel->opts.to);
    sel->strings = np_arena_new();
    return sel;
}

/* The per-item records (keys, guids, orders, package references). */
static void free_records(np_selection *sel)
{
    for (size_t i = 0; i < sel->nblocks; i++)
        free(sel->blocks[i]);
    free(sel->blocks);
    np_arena_free(sel->strings);
    for (size_t i = 0; i < sel->nrefs; i++) {
        free(sel->refs[i].guid);
        free(sel->refs[i].section);
        free(sel->refs[i].pkg_guid);
    }
    free(sel->refs);
    free(sel->embargoes);
    free(sel->kept);
    free(sel->by_version);
}

void np_selection_free(np_selection *sel)
{
    if (!sel)
        return;
    free_records(sel);
    free(sel);
}

void np_selection_forget_items(np_selection *sel)
{
    if (!sel)
        return;
    free_records(sel);
    sel->blocks = NULL;
    sel->nblocks = sel->capblocks = sel->n = 0;
    sel->strings = NULL;
    sel->refs = NULL;
    sel->nrefs = sel->capref = 0;
    sel->embargoes = NULL;
    sel->nemb = sel->capemb = 0;
    sel->kept = sel->by_version = NULL;
    sel->nkept = 0;
}

static void add_ref(np_selection *sel, const np_item *pkg, const char *guid, const char *section)
{
    NP_GROW(sel->refs, sel->nrefs, sel->capref, 32);
    pkg_ref *r = &sel->refs[sel->nrefs++];
    r->guid = np_xstrdup(guid);
    r->section = section ? np_xstrdup(section) : NULL;
    r->pkg_guid = np_xstrdup(pkg->guid ? pkg->guid : "");
    r->pkg_version = pkg->version;
}

const char *np_selection_last_guid(const np_selection *sel)
{
    return sel->n ? key_at(sel, sel->n - 1)->s.guid : NULL;
}

void np_selection_add(np_selection *sel, const np_item *item, size_t file_no)
{
    /* the rules below read the item's times in the edition's zone */
    const np_time *written = np_meta_item_date(item);
    if (written && written->has_time && !written->has_zone)
        sel->zoneless++;
    np_item local = *item;
    np_selection_localise_item(sel, &local);
    item = &local;

    if (sel->n == sel->nblocks * KEY_BLOCK) {
        NP_GROW(sel->blocks, sel->nblocks, sel->capblocks, 8);
        sel->blocks[sel->nblocks++] = np_xmalloc(KEY_BLOCK * sizeof(key));
    }
    key *k = key_at(sel, sel->n);
    memset(k, 0, sizeof *k);
    k->seq = (uint32_t)sel->n++;
    k->s.guid = np_arena_strdup(sel->strings, item->guid ? item->guid : "");
    k->s.version = item->version;
    k->s.file_no = file_no;
    k->s.index = item->index;
    k->s.item_class = item->item_class;
    const np_time *d = np_meta_item_date(item);
    if (d)
        k->s.date = edition_date(sel, d);
    k->s.urgency = item->urgency;
    k->s.is_correction = item->is_correction;
    k->status = (unsigned char)item->pubstatus;
    k->has_embargo = item->embargoed.valid;
    if (k->has_embargo) {
        NP_GROW(sel->embargoes, sel->nemb, sel->capemb, 16);
        sel->embargoes[sel->nemb++] = (embargo){k->seq, item->embargoed.utc};
    }
    k->embargo_unknown = item->embargo_unknown != 0;
    if (item->item_class == NP_CLASS_PACKAGE) {
        for (const np_group *g = item->groups; g; g = g->next)
            for (const np_link *l = g->refs; l; l = l->next)
                if (l->residref && !(l->rel && strcmp(l->rel, "groupRef") == 0))
                    add_ref(sel, item, l->residref, g->name);
    }
}

/* ---- deciding ----------------------------------------------------------------- */

static int cmp_guid_version(const void *a, const void *b)
{
    const key *x = *(key *const *)a, *y = *(key *const *)b;
    int c = strcmp(x->s.guid, y->s.guid);
    if (c)
        return c;
    if (x->s.version != y->s.version)
        return x->s.version > y->s.version ? -1 : 1; /* highest first */
    return x->seq < y->seq ? 1 : -1;                  /* then the last one read */
}

/* By the output order held in s.rank while np_selection_finish() runs. */
static int cmp_order(const void *a, const void *b)
{
    const key *x = *(key *const *)a, *y = *(key *const *)b;
    if (x->s.rank != y->s.rank)
        return x->s.rank < y->s.rank ? -1 : 1;
    return 0;
}

/* The embargo time of `k` (has_embargo). */
static int64_t embargo_of(const np_selection *sel, const key *k)
{
    size_t lo = 0, hi = sel->nemb;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sel->embargoes[mid].seq < k->seq)
            lo = mid + 1;
        else
            hi = mid;
    }
    return sel->embargoes[lo].utc;
}

static np_skip_reason decide(const np_selection *sel, const key *k)
{
    if (k->s.item_class == NP_CLASS_PACKAGE)
        return NP_SKIP_PACKAGE;
    if (k->status == NP_PUB_CANCELED)
        return NP_SKIP_CANCELED;
    if (k->status == NP_PUB_WITHHELD)
        return NP_SKIP_WITHHELD;
    if (k->embargo_unknown)
        return NP_SKIP_EMBARGOED;
    if (k->has_embargo && (!sel->opts.at.valid || embargo_of(sel, k) > sel->opts.at.utc))
        return NP_SKIP_EMBARGOED;
    if (sel->opts.from.valid || sel->opts.to.valid) {
        if (!k->s.date.valid)
            return NP_SKIP_OUT_OF_RANGE;
        if (sel->opts.from.valid && k->s.date.utc < sel->opts.from.utc)
            return NP_SKIP_OUT_OF_RANGE;
        if (sel->opts.to.valid && k->s.date.utc >= sel->opts.to.utc)
            return NP_SKIP_OUT_OF_RANGE;
    }
    return NP_SKIP_NONE;
}

/* by_version, made again (the same order: cmp_guid_version() is total)
 * if np_selection_finish() let it go.  A selection is never used by two
 * threads at once (an archive run collects one output at a time). */
static key **versions(const np_selection *sel)
{
    np_selection *m = (np_selection *)sel;
    if (!m->by_version && m->n) {
        m->by_version = np_xmalloc(m->n * sizeof *m->by_version);
        for (size_t i = 0; i < m->n; i++)
            m->by_version[i] = key_at(m, i);
        qsort(m->by_version, m->n, sizeof *m->by_version, cmp_guid_version);
    }
    return m->by_version;
}

/* The place in by_version of the first (highest) version of `guid`, or
 * where it would be. */
static size_t first_of_guid(const np_selection *sel, const char *guid)
{
    size_t lo = 0, hi = sel->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(sel->by_version[mid]->s.guid, guid) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The key marked `found` among the versions of `guid`: the one kept by
 * np_selection_finish(), or what took its place (fall_back()). */
static key *find_kept(const np_selection *sel, const char *guid)
{
    if (!sel->kept || !versions(sel))
        return NULL;
    for (size_t i = first_of_guid(sel, guid); i < sel->n; i++) {
        key *k = sel->by_version[i];
        if (strcmp(k->s.guid, guid) != 0)
            break;
        if (k->found)
            return k;
    }
    return NULL;
}

/* The place of key `k` in by_version. */
static size_t version_pos(const np_selection *sel, const key *k)
{
    size_t i = first_of_guid(sel, k->s.guid);
    while (sel->by_version[i] != k)
        i++;
    return i;
}

void np_selection_finish(np_selection *sel)
{
    key **v = np_xmalloc(sel->n * sizeof *v);
    for (size_t i = 0; i < sel->n; i++)
        v[i] = key_at(sel, i);
    qsort(v, sel->n, sizeof *v, cmp_guid_version);

    sel->kept = np_xmalloc(sel->n * sizeof *sel->kept);
    sel->nkept = 0;
    for (size_t i = 0; i < sel->n;) {
        size_t j = i + 1;
        while (j < sel->n && strcmp(v[j]->s.guid, v[i]->s.guid) == 0)
            j++;
        key *latest = v[i];
        /* every older version (or a repeat of the same one) is superseded */
        for (size_t k = i + 1; k < j; k++)
            v[k]->skip = NP_SKIP_SUPERSEDED;
        if (j > i + 1) {
            for (size_t k = i + 1; k < j; k++)
                if (v[k]->s.version < latest->s.version) {
                    latest->s.replaces = v[k]->s.version;
                    latest->s.is_correction = 1;
                    break;
                }
        }
        latest->skip = (unsigned char)decide(sel, latest);
        if (latest->skip == NP_SKIP_NONE) {
            latest->found = 1;
            sel->kept[sel->nkept++] = latest;
        }
        i = j;
    }
    if (sel->nkept < sel->n) /* no slack kept for the run */
        sel->kept = np_xreallocarray(sel->kept, sel->nkept ? sel->nkept : 1, sizeof *sel->kept);
    sel->by_version = v; /* for find_kept() below */
    for (size_t i = 0; i < sel->n; i++)
        sel->skipped[key_at(sel, i)->skip]++;

    /* Order: package references first (only from packages that are
     * themselves the kept-as-latest, usable version), then input order. */
    size_t next = 1;
    for (size_t i = 0; i < sel->n; i++)
        key_at(sel, i)->s.rank = 0; /* the order, until it is the rank */
    for (size_t r = 0; r < sel->nrefs; r++) {
        pkg_ref *ref = &sel->refs[r];
        int pkg_ok = 0;
        for (size_t i = 0; i < sel->n && !pkg_ok; i++) {
            key *k = key_at(sel, i);
            pkg_ok = k->skip == NP_SKIP_PACKAGE && k->s.version == ref->pkg_version &&
                     strcmp(k->s.guid, ref->pkg_guid) == 0;
        }
        key *k = pkg_ok ? find_kept(sel, ref->guid) : NULL;
        if (k && !k->s.rank) {
            k->s.rank = next++;
            k->s.section = ref->section;
        }
    }
    for (size_t i = 0; i < sel->nkept; i++)
        if (!sel->kept[i]->s.rank)
            sel->kept[i]->s.rank = next + sel->kept[i]->seq;
    qsort(sel->kept, sel->nkept, sizeof *sel->kept, cmp_order);
    for (size_t i = 0; i < sel->nkept; i++)
        sel->kept[i]->s.rank = i;
    /* a pointer a key for the whole run, rarely asked for (a failed file,
     * a --since bundle's kill notices): made again then */
    free(sel->by_version);
    sel->by_version = NULL;
}

const np_selected *np_selection_wants(const np_selection *sel, size_t file_no, int index)
{
    /* keys arrive in (file_no, index) order: binary search */
    size_t lo = 0, hi = sel->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const key *k = key_at(sel, mid);
        if (k->s.file_no < file_no || (k->s.file_no == file_no && k->s.index < index))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < sel->n) {
        const key *k = key_at(sel, lo);
        if (k->s.file_no == file_no && k->s.index == index && k->skip == NP_SKIP_NONE &&
            !k->dropped)
            return &k->s;
    }
    return NULL;
}

/* The first key of `file_no` (keys arrive in (file_no, index) order). */
static size_t first_of_file(const np_selection *sel, size_t file_no)
{
    size_t lo = 0, hi = sel->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (key_at(sel, mid)->s.file_no < file_no)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Kept key `k` gives its place to the next older version of its guid
 * that is not dropped, decided by the rules as if `k` had never been
 * read (as np_selection_finish() would have); returns it when kept. */
static key *fall_back(np_selection *sel, key *k)
{
    key *c = NULL;
    size_t cpos = 0;
    for (size_t i = version_pos(sel, k) + 1; i < sel->n && !c; i++) {
        key *o = sel->by_version[i];
        if (strcmp(o->s.guid, k->s.guid) != 0)
            break;
        if (!o->dropped) {
            c = o;
            cpos = i;
        }
    }
    if (!c)
        return NULL;
    for (size_t i = cpos + 1; i < sel->n; i++) {
        const key *o = sel->by_version[i];
        if (strcmp(o->s.guid, c->s.guid) != 0)
            break;
        if (!o->dropped && o->s.version < c->s.version) {
            c->s.replaces = o->s.version;
            c->s.is_correction = 1;
            break;
        }
    }
    sel->skipped[c->skip]--;
    c->skip = (unsigned char)decide(sel, c);
    sel->skipped[c->skip]++;
    if (c->skip != NP_SKIP_NONE)
        return NULL;
    /* in k's place: its rank, its section, its slot in kept, what
     * np_selection_find() gives for the guid */
    c->s.rank = k->s.rank;
    c->s.section = k->s.section;
    sel->kept[k->s.rank] = c;
    key *was = find_kept(sel, k->s.guid);
    if (was) {
        was->found = 0;
        c->found = 1;
    }
    return c;
}

void np_selection_drop_file(np_selection *sel, size_t file_no, np_fallback_fn fn, void *ud)
{
    versions(sel); /* for fall_back() */
    for (size_t i = first_of_file(sel, file_no); i < sel->n; i++) {
        key *k = key_at(sel, i);
        if (k->s.file_no != file_no)
            break;
        if (k->dropped)
            continue;
        k->dropped = 1;
        sel->skipped[k->skip]--;
        if (k->skip != NP_SKIP_NONE)
            continue;
        key *c = fall_back(sel, k);
        if (fn)
            fn(ud, &k->s, c ? &c->s : NULL);
    }
}

size_t np_selection_noted(const np_selection *sel)
{
    return sel->n;
}

const np_selected *np_selection_noted_at(const np_selection *sel, size_t i)
{
    return i < sel->n ? &key_at(sel, i)->s : NULL;
}

int np_selection_noted_lifted(const np_selection *sel, size_t i, int64_t *until)
{
    if (i >= sel->n)
        return 0;
    const key *k = key_at(sel, i);
    if (!k->has_embargo || k->embargo_unknown || !sel->opts.at.valid)
        return 0;
    int64_t t = embargo_of(sel, k);
    if (t > sel->opts.at.utc)
        return 0;
    *until = t;
    return 1;
}

size_t np_selection_count(const np_selection *sel)
{
    return sel->nkept;
}

const np_selected *np_selection_at(const np_selection *sel, size_t i)
{
    return i < sel->nkept ? &sel->kept[i]->s : NULL;
}

const np_selected *np_selection_find(const np_selection *sel, const char *guid)
{
    key *k = find_kept(sel, guid);
    return k ? &k->s : NULL;
}

size_t np_selection_skipped(const np_selection *sel, np_skip_reason reason)
{
    return reason < NP_SKIP__COUNT ? sel->skipped[reason] : 0;
}

const char *np_skip_reason_name(np_skip_reason reason)
{
    switch (reason) {
    case NP_SKIP_SUPERSEDED: return "superseded by a later version";
    case NP_SKIP_CANCELED: return "canceled";
    case NP_SKIP_WITHHELD: return "withheld";
    case NP_SKIP_EMBARGOED: return "under embargo";
    case NP_SKIP_OUT_OF_RANGE: return "outside the dates";
    case NP_SKIP_PACKAGE: return "package (used for order)";
    default: return "kept";
    }
}

void np_selection_summary(const np_selection *sel, np_buf *out)
{
    int first = 1;
    for (int r = NP_SKIP_SUPERSEDED; r < NP_SKIP__COUNT; r++) {
        if (r == NP_SKIP_PACKAGE || !sel->skipped[r])
            continue;
        np_buf_printf(out, "%s%zu %s", first ? "left out: " : ", ", sel->skipped[r],
                      np_skip_reason_name((np_skip_reason)r));
        first = 0;
    }
}
