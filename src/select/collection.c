/* Collections: the items an e-paper or a digest is made of, with an index
 * of their guids and of the links between them.  A picture item that
 * another item shows is no article of its own; with thousands of pictures
 * in an archive, answering that (and finding a linked picture) by scanning
 * every item was quadratic. */
#include "newsprint/batch.h"
#include "batch_priv.h"
#include "newsprint/park.h"
#include "newsprint/sections.h"
#include "util/alloc.h"
#include "util/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct np_collection_index {
    size_t mask;           /* slots - 1 (a power of two) */
    size_t *slot;          /* 1 + the first item with a guid, 0 empty */
    size_t *same;          /* per item: 1 + the next one with its guid, 0 none */
    unsigned char *linked; /* per item: another item links to its guid */
};

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

const char *np_collection_guid(const np_collection *c, size_t i)
{
    return c->items[i] ? c->items[i]->guid : c->stubs[i].guid;
}

np_item_class np_collection_item_class(const np_collection *c, size_t i)
{
    return c->items[i] ? c->items[i]->item_class : c->stubs[i].item_class;
}

const char *np_collection_source(const np_collection *c, size_t i, long *line)
{
    const np_item *it = c->items[i];
    if (line)
        *line = it ? it->line : c->stubs[i].line;
    return it ? it->source : c->stubs[i].source;
}

int np_collection_item_open(const np_collection *c, size_t i, const np_item **it, np_item **full,
                            np_error *err)
{
    *full = NULL;
    if ((*it = c->items[i]))
        return NP_OK;
    int rc = np_item_meta_open(&c->stubs[i], full, err);
    *it = *full;
    return rc;
}

/* The slot holding `guid`, or the empty one where it would go. */
static size_t *slot_of(const np_collection *c, const char *guid)
{
    const struct np_collection_index *x = c->index;
    for (size_t i = (size_t)hash(guid) & x->mask;; i = (i + 1) & x->mask)
        if (!x->slot[i] || !strcmp(np_collection_guid(c, x->slot[i] - 1), guid))
            return &x->slot[i];
}

/* Item j's links; a parked item is read back into *full (the caller
 * frees it), and one that cannot be read has none. */
static const np_link *links_of(const np_collection *c, size_t j, np_item **full)
{
    const np_item *it;
    np_collection_item_open(c, j, &it, full, NULL);
    return it ? it->links : NULL;
}

static void index_free(struct np_collection_index *x)
{
    if (!x)
        return;
    free(x->slot);
    free(x->same);
    free(x->linked);
    free(x);
}

void np_collection_index(np_collection *c)
{
    index_free(c->index);
    struct np_collection_index *x = c->index = np_xcalloc(1, sizeof *x);
    size_t slots = 16;
    while (slots < 2 * c->n + 1)
        slots *= 2;
    x->mask = slots - 1;
    x->slot = np_xcalloc(slots, sizeof *x->slot);
    x->same = np_xcalloc(c->n ? c->n : 1, sizeof *x->same);
    x->linked = np_xcalloc(c->n ? c->n : 1, 1);
    size_t *last = np_xcalloc(c->n ? c->n : 1, sizeof *last); /* per first: 1 + the last */
    for (size_t i = 0; i < c->n; i++) {
        if (!np_collection_guid(c, i))
            continue;
        size_t *s = slot_of(c, np_collection_guid(c, i));
        if (!*s) {
            *s = last[i] = i + 1;
        } else {
            x->same[last[*s - 1] - 1] = i + 1;
            last[*s - 1] = i + 1;
        }
    }
    free(last);
    for (size_t j = 0; j < c->n; j++) {
        np_item *full;
        for (const np_link *l = links_of(c, j, &full); l; l = l->next) {
            if (!l->residref)
                continue;
            for (size_t k = *slot_of(c, l->residref); k; k = x->same[k - 1])
                if (k - 1 != j)
                    x->linked[k - 1] = 1;
        }
        np_item_free(full);
    }
}

int np_item_is_empty(const np_item *it)
{
    return !it->headline && !it->summary && !it->caption && !it->slugline &&
           !np_item_has_body(it) && !it->renditions;
}

size_t np_collection_find_at(const np_collection *c, const char *guid)
{
    if (!guid)
        return c->n;
    if (c->index) {
        size_t k = *slot_of(c, guid);
        return k ? k - 1 : c->n;
    }
    for (size_t i = 0; i < c->n; i++) {
        const char *g = np_collection_guid(c, i);
        if (g && strcmp(g, guid) == 0)
            return i;
    }
    return c->n;
}

const np_item *np_collection_find(const np_collection *c, const char *guid)
{
    size_t i = np_collection_find_at(c, guid);
    return i < c->n ? c->items[i] : NULL;
}

/* Does an item other than i link to i's guid? */
static int linked_by_another(const np_collection *c, size_t i)
{
    if (c->index)
        return c->index->linked[i];
    const char *guid = np_collection_guid(c, i);
    int linked = 0;
    for (size_t j = 0; j < c->n && !linked; j++) {
        if (j == i)
            continue;
        np_item *full;
        for (const np_link *l = links_of(c, j, &full); l && !linked; l = l->next)
            linked = l->residref && !strcmp(l->residref, guid);
        np_item_free(full);
    }
    return linked;
}

int np_collection_is_article(const np_collection *c, size_t i)
{
    return i < c->n && np_collection_is_article_of(c, i, c->items[i]);
}

int np_collection_is_article_of(const np_collection *c, size_t i, const np_item *it)
{
    if (!it || np_item_is_empty(it))
        return 0;
    if (it->item_class != NP_CLASS_PICTURE && it->item_class != NP_CLASS_GRAPHIC)
        return 1;
    return !it->guid || !linked_by_another(c, i);
}

void np_collection_free(np_collection *c)
{
    for (size_t i = 0; i < c->n; i++)
        np_item_free(c->items[i]);
    free(c->items);
    free(c->entries);
    index_free(c->index);
    free(c->stubs);
    np_arena_free(c->stub_strings);
    memset(c, 0, sizeof *c);
}
