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

static void park_warn(void *ud, const np_error *err)
{
    ep_warn(ud, err->file, err->line, "%s", err->message);
}

static void park_items(ep_plan *p)
{
    /* the collection's items are the converter's to replace (park_items) */
    np_item *const *items = p->c->items;
    size_t n = p->c->n;
    /* the plan's items as places in the collection, taken while they live */
    placed *v = np_xcalloc(n ? n : 1, sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = (placed){items[i], i};
    qsort(v, n, sizeof *v, cmp_placed);
    size_t nfigs = 0;
    for (size_t i = 0; i < p->narts; i++)
        nfigs += p->arts[i].nfigs;
    size_t *art_at = np_xcalloc(p->narts, sizeof *art_at);
    size_t *fig_at = np_xcalloc(nfigs ? nfigs : 1, sizeof *fig_at);
    for (size_t i = 0, f = 0; i < p->narts; i++) {
        art_at[i] = place_of(v, n, p->arts[i].it);
        for (size_t k = 0; k < p->arts[i].nfigs; k++)
            fig_at[f++] = place_of(v, n, p->arts[i].figs[k].picture);
    }
    free(v);
    p->spool = np_collection_park_meta((np_collection *)p->c, park_warn, p);
    for (size_t i = 0, f = 0; i < p->narts; i++) {
        ep_article *a = &p->arts[i];
        if (art_at[i] < n)
            a->it = items[art_at[i]];
        for (size_t k = 0; k < a->nfigs; k++, f++) {
            if (fig_at[f] < n)
                a->figs[k].picture = items[fig_at[f]];
            if (a->it->parked_meta)
                a->figs[k].block = NULL, a->figs[k].link = NULL; /* read back with the item */
        }
    }
    free(art_at);
    free(fig_at);
}

void ep_plan_park(ep_plan *p)
{
    np_buf b = NP_BUF_INIT;
    for (size_t i = 0; i < p->narts; i++) {
        ep_article *a = &p->arts[i];
        np_buf_reset(&b);
        np_meta_byline(a->it, &b);
        a->byline = np_xstrdup(b.len ? b.data : "");
        ep_summary(a->it, &b);
        a->summary = np_xstrdup(b.len ? b.data : "");
    }
    np_buf_free(&b);
    if (p->o->park_items && p->narts)
        park_items(p);
}

void ep_plan_drop_listing(ep_plan *p)
{
    for (size_t i = 0; i < p->narts; i++) {
        free(p->arts[i].byline);
        free(p->arts[i].summary);
        p->arts[i].byline = p->arts[i].summary = NULL;
    }
}

/* The item of a stub read back (kept in o->items), else the item itself. */
static const np_item *open_item(ep_open_article *o, const np_item *it, size_t cap, np_error *err,
                                int *rc)
{
    if (!it || !it->parked_meta || *rc != NP_OK)
        return it;
    np_item *full;
    if ((*rc = np_item_meta_open(it, &full, err)) != NP_OK)
        return it;
    if (!o->items)
        o->items = np_xcalloc(cap, sizeof *o->items);
    o->items[o->nitems++] = full;
    return full;
}

int ep_article_open(const ep_plan *p, size_t ai, ep_open_article *o, np_error *err)
{
    memset(o, 0, sizeof *o);
    const ep_article *a = &p->arts[ai];
    o->art = *a;
    int parked = a->it->parked_meta != NULL;
    for (size_t k = 0; k < a->nfigs; k++)
        parked |= a->figs[k].picture && a->figs[k].picture->parked_meta;
    if (!parked)
        return NP_OK;
    int rc = NP_OK;
    size_t cap = a->nfigs + 1;
    const np_item *it = o->art.it = open_item(o, a->it, cap, err, &rc);
    o->figs = o->art.figs = np_xcalloc(a->nfigs ? a->nfigs : 1, sizeof *o->figs);
    for (size_t k = 0; k < a->nfigs && rc == NP_OK; k++) {
        ep_fig *f = &o->figs[k];
        *f = a->figs[k];
        if (a->it->parked_meta) {
            f->block = f->block_no ? np_item_body_outline(it)->figures[f->block_no - 1] : NULL;
            const np_link *l = it->links;
            for (size_t n = 1; l && n < f->link_no; n++)
                l = l->next;
            f->link = f->link_no ? l : NULL;
        }
        f->picture = open_item(o, f->picture, cap, err, &rc);
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
