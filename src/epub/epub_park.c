/* EPUB converter: what stays in memory while a planned digest is written.
 * The section pages need of each article only its byline and summary:
 * they are kept in the plan.  Then, with park_items, every compacted item
 * of the collection is parked whole in a temporary file and a stub takes
 * its place; an article's item (and the picture items it shows) are read
 * back while it is written, and its figures, kept as places in the item's
 * outline and links, point into the copy read back. */
#include "epub.h"
#include "newsprint/meta.h"
#include "util/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A collection item and its place, sorted by address. */
typedef struct placed {
    const np_item *it;
    size_t i;
} placed;

static int cmp_placed(const void *x, const void *y)
{
    uintptr_t a = (uintptr_t)((const placed *)x)->it, b = (uintptr_t)((const placed *)y)->it;
    return a < b ? -1 : a > b;
}

/* The place of `it` in the collection (n: none). */
static size_t place_of(const placed *v, size_t n, const np_item *it)
{
    placed key = {it, 0};
    const placed *hit = it ? bsearch(&key, v, n, sizeof *v, cmp_placed) : NULL;
    return hit ? hit->i : n;
}

/* What parking takes of each item: the section page's lines of its
 * article, if it is one (art_of[i]: 1 + the article of item i, 0 none). */
typedef struct parking {
    ep_plan *p;
    size_t *art_of;
    np_buf b;
} parking;

static void park_warn(void *ud, const np_error *err)
{
    ep_warn(((parking *)ud)->p, err->file, err->line, "%s", err->message);
}

/* The byline and summary the section page shows of article `a`. */
static void take_listing(ep_article *a, const np_item *it, np_buf *b)
{
    np_buf_reset(b);
    np_meta_byline(it, b);
    a->byline = np_xstrdup(b->len ? b->data : "");
    ep_summary(it, b);
    a->summary = np_xstrdup(b->len ? b->data : "");
}

static void park_take(void *ud, size_t i, const np_item *it)
{
    parking *k = ud;
    if (k->art_of[i])
        take_listing(&k->p->arts[k->art_of[i] - 1], it, &k->b);
}

static void park_items(ep_plan *p)
{
    /* the collection's items are the converter's to replace (park_items) */
    np_item *const *items = p->c->items;
    size_t n = p->c->n;
    /* the pictures as places in the collection, taken while they live */
    placed *v = np_xcalloc(n ? n : 1, sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = (placed){items[i], i};
    qsort(v, n, sizeof *v, cmp_placed);
    for (size_t i = 0; i < p->narts; i++)
        for (size_t k = 0; k < p->arts[i].nfigs; k++) {
            ep_fig *f = &p->arts[i].figs[k];
            size_t at = place_of(v, n, f->picture);
            f->picture_at = at < n ? at + 1 : 0;
        }
    free(v);
    /* the section pages' lines are taken as the items are parked: at
     * 10,000 items they are 1.3 MB that would otherwise sit on top of
     * every item, at the digest's peak */
    parking pk = {p, np_xcalloc(n ? n : 1, sizeof *pk.art_of), NP_BUF_INIT};
    for (size_t i = 0; i < p->narts; i++)
        pk.art_of[p->arts[i].at] = i + 1;
    p->spool = np_collection_park_meta_taking((np_collection *)p->c, park_take, park_warn, &pk);
    np_buf_free(&pk.b);
    free(pk.art_of);
    for (size_t i = 0; i < p->narts; i++) {
        ep_article *a = &p->arts[i];
        a->it = items[a->at];
        for (size_t k = 0; k < a->nfigs; k++) {
            ep_fig *f = &a->figs[k];
            if (f->picture_at)
                f->picture = items[f->picture_at - 1];
            if (!a->it)
                f->block = NULL, f->link = NULL; /* read back with the item */
        }
    }
}

void ep_plan_park(ep_plan *p)
{
    if (p->o->park_items && p->narts)
        park_items(p);
    /* the articles whose lines parking did not take (all of them without
     * park_items; a parked item is read back) */
    np_buf b = NP_BUF_INIT;
    for (size_t i = 0; i < p->narts; i++) {
        ep_article *a = &p->arts[i];
        if (a->byline)
            continue;
        const np_item *it;
        np_item *full;
        if (np_collection_item_open(p->c, a->at, &it, &full, NULL) == NP_OK && it) {
            take_listing(a, it, &b);
        } else {
            a->byline = np_xstrdup("");
            a->summary = np_xstrdup("");
        }
        np_item_free(full);
    }
    np_buf_free(&b);
}

void ep_plan_drop_listing(ep_plan *p)
{
    for (size_t i = 0; i < p->narts; i++) {
        free(p->arts[i].byline);
        free(p->arts[i].summary);
        p->arts[i].byline = p->arts[i].summary = NULL;
    }
}

/* Item i of the collection, read back when parked (kept in o->items). */
static const np_item *open_item(const ep_plan *p, ep_open_article *o, size_t i, size_t cap,
                                np_error *err, int *rc)
{
    const np_item *it;
    np_item *full;
    if (*rc != NP_OK || (*rc = np_collection_item_open(p->c, i, &it, &full, err)) != NP_OK)
        return NULL;
    if (full) {
        if (!o->items)
            o->items = np_xcalloc(cap, sizeof *o->items);
        o->items[o->nitems++] = full;
    }
    return it;
}

int ep_article_open(const ep_plan *p, size_t ai, ep_open_article *o, np_error *err)
{
    memset(o, 0, sizeof *o);
    const ep_article *a = &p->arts[ai];
    o->art = *a;
    int parked = !a->it;
    for (size_t k = 0; k < a->nfigs; k++)
        parked |= a->figs[k].picture_at && !a->figs[k].picture;
    if (!parked)
        return NP_OK;
    int rc = NP_OK;
    size_t cap = a->nfigs + 1;
    const np_item *it = o->art.it = open_item(p, o, a->at, cap, err, &rc);
    o->figs = o->art.figs = np_xcalloc(a->nfigs ? a->nfigs : 1, sizeof *o->figs);
    for (size_t k = 0; k < a->nfigs && rc == NP_OK; k++) {
        ep_fig *f = &o->figs[k];
        *f = a->figs[k];
        if (!a->it) {
            f->block = f->block_no ? np_item_body_outline(it)->figures[f->block_no - 1] : NULL;
            const np_link *l = it->links;
            for (size_t n = 1; l && n < f->link_no; n++)
                l = l->next;
            f->link = f->link_no ? l : NULL;
        }
        if (f->picture_at)
            f->picture = open_item(p, o, f->picture_at - 1, cap, err, &rc);
    }
    if (rc != NP_OK)
        ep_article_close(o);
    return rc;
}

void ep_article_close(ep_open_article *o)
{
    for (size_t i = 0; i < o->nitems; i++)
        np_item_free(o->items[i]);
    free(o->items);
    free(o->figs);
    memset(o, 0, sizeof *o);
}
