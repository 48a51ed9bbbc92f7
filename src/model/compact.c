/* Compacting an item (newsprint/park.h): its metadata copied into one
 * allocation of the exact size, the arena it was read into (about a third
 * of it slack, in many chunks) freed.  The copy is made twice: once into a
 * scratch arena, counting the bytes the exact one needs (each allocation
 * aligned as np_arena_alloc() and np_arena_strndup() align it), then into
 * the exact arena.  That one block is also what parking the metadata
 * writes to the spool as it is; reading it back copies it again, each
 * pointer moved by the distance between where the block was and where it
 * was read into. */
#include "newsprint/park.h"
#include "park_priv.h"
#include "util/alloc.h"
#include "util/arena.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct copier {
    np_arena *a;
    uintptr_t delta;    /* added to every pointer read from the source: 0, or
                         * for parked metadata read back, where it is now
                         * minus where it was */
    size_t need;        /* bytes taken so far, as an exact arena lays them out */
    const char **from;  /* strings copied so far (an item repeats many: */
    const char **to;    /* language tags, roles, the summary in the */
    size_t n, cap;      /* descriptions), and their copies */
    size_t *slot;       /* hash table of `from`: index + 1, 0 when free */
    size_t nslot;       /* a power of two, at least twice n (or 0) */
} copier;

/* A pointer of the source, where it points now. */
static const void *tr(const copier *c, const void *p)
{
    return p ? (const void *)((uintptr_t)p + c->delta) : NULL;
}

static void *cp_alloc(copier *c, size_t n)
{
    size_t al = alignof(max_align_t);
    c->need = ((c->need + al - 1) & ~(al - 1)) + n;
    return np_arena_alloc(c->a, n);
}

/* A hash of s (its length and its first and last eight bytes: cheap
 * on long strings), and its length. */
static size_t str_hash(const char *s, size_t *len)
{
    size_t n = *len = strlen(s);
    uint64_t h = n * 0x9e3779b97f4a7c15u;
    if (n >= 8) {
        uint64_t x, y;
        memcpy(&x, s, 8);
        memcpy(&y, s + n - 8, 8);
        h ^= x * 0xff51afd7ed558ccdu ^ y * 0xc4ceb9fe1a85ec53u;
    } else {
        for (size_t i = 0; i < n; i++)
            h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
    }
    return (size_t)(h ^ (h >> 29) ^ (h >> 41));
}

static void slot_put(copier *c, size_t hash, size_t k)
{
    size_t i = hash & (c->nslot - 1);
    while (c->slot[i])
        i = (i + 1) & (c->nslot - 1);
    c->slot[i] = k + 1;
}

/* Equal strings of an item share one copy: the strings are never
 * written.  An item holds a few hundred: looked up by hash. */
static const char *cp_str(copier *c, const char *s)
{
    if (!(s = tr(c, s)))
        return NULL;
    size_t len, h = str_hash(s, &len);
    for (size_t i = c->nslot ? h & (c->nslot - 1) : 0; c->nslot && c->slot[i];
         i = (i + 1) & (c->nslot - 1)) {
        const char *f = c->from[c->slot[i] - 1];
        if (f == s || (f[0] == s[0] && !strcmp(f, s)))
            return c->to[c->slot[i] - 1];
    }
    c->need += len + 1;
    NP_GROW2(c->from, c->to, c->n, c->cap, 32);
    if (2 * (c->n + 1) > c->nslot) {
        c->nslot = c->nslot ? 2 * c->nslot : 64;
        free(c->slot);
        c->slot = np_xcalloc(c->nslot, sizeof *c->slot);
        for (size_t k = 0; k < c->n; k++) {
            size_t l;
            slot_put(c, str_hash(c->from[k], &l), k);
        }
    }
    slot_put(c, h, c->n);
    c->from[c->n] = s;
    c->to[c->n] = np_arena_strndup(c->a, s, len);
    return c->to[c->n++];
}

static void *cp_memdup(copier *c, const void *from, size_t n)
{
    void *to = cp_alloc(c, n);
    memcpy(to, from, n);
    return to;
}

static np_text *cp_texts(copier *c, const np_text *t)
{
    np_text *head = NULL, **tail = &head;
    for (t = tr(c, t); t; t = tr(c, t->next)) {
        np_text *n = cp_memdup(c, t, sizeof *t);
        n->text = cp_str(c, t->text);
        n->lang = cp_str(c, t->lang);
        n->role = cp_str(c, t->role);
        n->next = NULL;
        *tail = n;
        tail = &n->next;
    }
    return head;
}

static np_concept *cp_concepts(copier *c, const np_concept *k)
{
    np_concept *head = NULL, **tail = &head;
    for (k = tr(c, k); k; k = tr(c, k->next)) {
        np_concept *n = cp_memdup(c, k, sizeof *k);
        n->qcode = cp_str(c, k->qcode);
        n->uri = cp_str(c, k->uri);
        n->literal = cp_str(c, k->literal);
        n->type = cp_str(c, k->type);
        n->role = cp_str(c, k->role);
        n->names = cp_texts(c, k->names);
        n->broader = cp_concepts(c, k->broader);
        n->next = NULL;
        *tail = n;
        tail = &n->next;
    }
    return head;
}

static np_link *cp_links(copier *c, const np_link *l)
{
    np_link *head = NULL, **tail = &head;
    for (l = tr(c, l); l; l = tr(c, l->next)) {
        np_link *n = cp_memdup(c, l, sizeof *l);
        n->rel = cp_str(c, l->rel);
        n->href = cp_str(c, l->href);
        n->residref = cp_str(c, l->residref);
        n->version = cp_str(c, l->version);
        n->contenttype = cp_str(c, l->contenttype);
        n->title = cp_str(c, l->title);
        n->description = cp_str(c, l->description);
        n->next = NULL;
        *tail = n;
        tail = &n->next;
    }
    return head;
}

static np_rendition *cp_renditions(copier *c, const np_rendition *r)
{
    np_rendition *head = NULL, **tail = &head;
    for (r = tr(c, r); r; r = tr(c, r->next)) {
        np_rendition *n = cp_memdup(c, r, sizeof *r);
        n->href = cp_str(c, r->href);
        n->residref = cp_str(c, r->residref);
        n->contenttype = cp_str(c, r->contenttype);
        n->rendition = cp_str(c, r->rendition);
        n->next = NULL;
        *tail = n;
        tail = &n->next;
    }
    return head;
}

static np_group *cp_groups(copier *c, const np_group *g)
{
    np_group *head = NULL, **tail = &head;
    for (g = tr(c, g); g; g = tr(c, g->next)) {
        np_group *n = cp_memdup(c, g, sizeof *g);
        n->id = cp_str(c, g->id);
        n->role = cp_str(c, g->role);
        n->name = cp_str(c, g->name);
        n->refs = cp_links(c, g->refs);
        n->next = NULL;
        *tail = n;
        tail = &n->next;
    }
    return head;
}

static np_inline *cp_inlines(copier *c, const np_inline *in)
{
    np_inline *head = NULL, **tail = &head;
    for (in = tr(c, in); in; in = tr(c, in->next)) {
        np_inline *n = cp_memdup(c, in, sizeof *in);
        n->text = cp_str(c, in->text);
        n->href = cp_str(c, in->href);
        n->children = cp_inlines(c, in->children);
        n->next = NULL;
        *tail = n;
        tail = &n->next;
    }
    return head;
}

/* A leaf block of a parked body's outline (no children, no next). */
static const np_block *cp_leaf(copier *c, const np_block *b)
{
    if (!(b = tr(c, b)))
        return NULL;
    np_block *n = cp_memdup(c, b, sizeof *b);
    n->src = cp_str(c, b->src);
    n->alt = cp_str(c, b->alt);
    n->credit = cp_str(c, b->credit);
    n->lang = cp_str(c, b->lang);
    n->dir = cp_str(c, b->dir);
    n->inl = cp_inlines(c, b->inl);
    return n;
}

static np_body_outline *cp_outline(copier *c, const np_body_outline *o, int summary)
{
    o = tr(c, o);
    np_body_outline *n = cp_memdup(c, o, sizeof *o);
    /* the first paragraph stands in for a summary, when there is none */
    n->first_para = summary ? NULL : cp_leaf(c, o->first_para);
    const np_block *const *figures = tr(c, o->figures);
    n->figures = o->nfigures ? cp_alloc(c, o->nfigures * sizeof *n->figures) : NULL;
    for (size_t i = 0; i < o->nfigures; i++)
        n->figures[i] = cp_leaf(c, figures[i]);
    const char *const *langs = tr(c, o->langs);
    n->langs = o->nlangs ? cp_alloc(c, o->nlangs * sizeof *n->langs) : NULL;
    for (size_t i = 0; i < o->nlangs; i++)
        n->langs[i] = cp_str(c, langs[i]);
    return n;
}

/* What no converter reads once the selection is made is left out: every
 * headline with its role (headline and subheadline stay), the signals
 * (is_correction stays), the contributors, the item class as written,
 * the body's content type, and the outline's first paragraph when there
 * is a summary. */
/* `it` is where the item is now (not translated). */
static np_item *cp_item(copier *c, const np_item *it)
{
    np_item *n = cp_memdup(c, it, sizeof *it);
    n->source = cp_str(c, it->source);
    n->guid = cp_str(c, it->guid);
    n->item_class_qcode = NULL;
    n->signals = NULL;
    n->ednote = cp_str(c, it->ednote);
    n->provider = cp_concepts(c, it->provider);
    n->rights.holder = cp_str(c, it->rights.holder);
    n->rights.notice = cp_str(c, it->rights.notice);
    n->rights.usage_terms = cp_str(c, it->rights.usage_terms);
    n->lang = cp_str(c, it->lang);
    n->dir = cp_str(c, it->dir);
    n->headlines = NULL;
    n->headline = cp_str(c, it->headline);
    n->subheadline = cp_str(c, it->subheadline);
    n->slugline = cp_str(c, it->slugline);
    n->creators = cp_concepts(c, it->creators);
    n->byline = cp_str(c, it->byline);
    n->contributors = NULL;
    n->dateline = cp_str(c, it->dateline);
    n->located = cp_concepts(c, it->located);
    n->descriptions = cp_texts(c, it->descriptions);
    n->summary = cp_str(c, it->summary);
    n->caption = cp_str(c, it->caption);
    n->creditline = cp_str(c, it->creditline);
    n->subjects = cp_concepts(c, it->subjects);
    n->genres = cp_concepts(c, it->genres);
    n->keywords = cp_texts(c, it->keywords);
    n->links = cp_links(c, it->links);
    n->parked = it->parked ? cp_memdup(c, tr(c, it->parked), sizeof *it->parked) : NULL;
    const char *summary = tr(c, it->summary);
    n->outline = it->outline ? cp_outline(c, it->outline, summary && *summary) : NULL;
    n->body_type = NULL;
    n->renditions = cp_renditions(c, it->renditions);
    n->groups = cp_groups(c, it->groups);
    return n;
}

/* The exact copy of `it` (translated by `delta`), in a new arena; `need`
 * is its size when known (0: counted first). */
static np_item *exact_copy(const np_item *it, uintptr_t delta, size_t need)
{
    copier count = {NULL, delta, need, NULL, NULL, 0, 0, NULL, 0};
    if (!need) {
        count.a = np_arena_new_bulk();
        cp_item(&count, it);
        np_arena_free(count.a);
        if (count.slot)
            memset(count.slot, 0, count.nslot * sizeof *count.slot);
    }
    copier exact = {np_arena_new_exact(count.need), delta, 0, count.from, count.to, 0, count.cap,
                    count.slot, count.nslot};
    np_item *n = cp_item(&exact, it);
    free(exact.from);
    free(exact.to);
    free(exact.slot);
    n->arena = exact.a;
    n->body_arena = NULL;
    return n;
}

np_item *np_item_compact(np_item *it)
{
    if (!it || it->body)
        return it; /* a body in memory lives in the arena too: nothing to gain */
    /* taken now, into the copy, rather than later into a new chunk */
    np_item_body_outline(it);
    np_item *n = exact_copy(it, 0, 0);
    np_item_free(it);
    return n;
}

/* ---- parking the metadata ------------------------------------------------ */

int np_item_park_meta(const np_item *it, np_body_spool *s, np_item_stub *stub, np_error *err)
{
    memset(stub, 0, sizeof *stub);
    size_t used;
    const void *block = np_arena_oldest(it->arena, &used);
    if (it->body || block != (const void *)it)
        return NP_ERR_INVALID; /* not compacted (np_item_compact()) */
    np_buf frozen = {(char *)block, used, used};
    int rc = np_spool_write(s, &frozen, &stub->meta, it->source, it->line, err);
    if (rc != NP_OK)
        return rc;
    stub->meta.base = (uintptr_t)block;
    stub->guid = it->guid;
    stub->source = it->source;
    stub->line = it->line;
    stub->item_class = it->item_class;
    stub->index = it->index;
    return NP_OK;
}

int np_item_meta_open(const np_item_stub *stub, np_item **full, np_error *err)
{
    *full = NULL;
    const np_parked *pk = &stub->meta;
    unsigned char *bytes = pk->spool ? np_parked_read(pk) : NULL;
    if (!bytes || pk->len < sizeof(np_item)) {
        free(bytes);
        return np_error_set(err, NP_ERR_IO, stub->source, stub->line,
                            "cannot read the parked metadata back from its temporary file");
    }
    /* a compacted item's copy is laid out as it was: as large */
    *full = exact_copy((const np_item *)bytes, (uintptr_t)bytes - pk->base, pk->len);
    free(bytes);
    return NP_OK;
}
