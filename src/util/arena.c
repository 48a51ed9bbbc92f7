/* Per-item memory arena: a chain of blocks, freed in one call. */
#include "arena.h"
#include "alloc.h"

#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct np_chunk {
    struct np_chunk *prev;
    size_t used, size;
    alignas(max_align_t) unsigned char mem[];
} np_chunk;

struct np_arena {
    np_chunk *head;
    size_t next;    /* size of the next chunk */
    unsigned small; /* small chunks still to come */
};

/* The first chunks are small (an item's metadata takes about 3 KB, and a
 * batch that holds thousands of items should not hold an 8 KB chunk for
 * each, mostly empty); after CHUNK_SMALL of them they double up to
 * CHUNK_DEFAULT. */
enum { CHUNK_FIRST = 1024, CHUNK_SMALL = 4, CHUNK_DEFAULT = 8192 };

np_arena *np_arena_new(void)
{
    np_arena *a = calloc(1, sizeof *a);
    if (!a)
        np_oom();
    a->next = CHUNK_FIRST;
    a->small = CHUNK_SMALL;
    return a;
}

np_arena *np_arena_new_bulk(void)
{
    np_arena *a = np_arena_new();
    a->next = CHUNK_DEFAULT;
    a->small = 0;
    return a;
}

np_arena *np_arena_new_exact(size_t size)
{
    np_arena *a = np_arena_new();
    /* zeroed: the gaps left for alignment are written out when the
     * block is parked, and must not be uninitialised bytes */
    np_chunk *c = calloc(1, sizeof *c + (size ? size : 1));
    if (!c)
        np_oom();
    c->prev = NULL;
    c->used = 0;
    c->size = size;
    a->head = c;
    return a;
}

const void *np_arena_oldest(const np_arena *a, size_t *used)
{
    const np_chunk *c = a ? a->head : NULL;
    while (c && c->prev)
        c = c->prev;
    *used = c ? c->used : 0;
    return c ? c->mem : NULL;
}

void np_arena_free(np_arena *a)
{
    if (!a)
        return;
    np_chunk *c = a->head;
    while (c) {
        np_chunk *p = c->prev;
        free(c);
        c = p;
    }
    free(a);
}

/* n bytes aligned to `al` (a power of two), not zeroed. */
static void *take(np_arena *a, size_t n, size_t al)
{
    if (n > (size_t)-1 / 2)
        np_oom();
    np_chunk *c = a->head;
    size_t at = c ? (c->used + al - 1) & ~(al - 1) : 0;
    if (!c || at > c->size || c->size - at < n) {
        size_t size = n > CHUNK_DEFAULT / 2 ? n : n > a->next ? CHUNK_DEFAULT : a->next;
        np_chunk *nc = malloc(sizeof *nc + size);
        if (!nc)
            np_oom();
        nc->used = 0;
        nc->size = size;
        if (c && n > CHUNK_DEFAULT / 2) {
            /* big one-off: keep the current chunk on top for small ones */
            nc->prev = c->prev;
            c->prev = nc;
            nc->used = n;
            return nc->mem;
        }
        nc->prev = c;
        a->head = c = nc;
        at = 0;
        if (a->small)
            a->small--;
        else if (a->next < CHUNK_DEFAULT)
            a->next *= 2;
    }
    c->used = at + n;
    return c->mem + at;
}

void *np_arena_alloc(np_arena *a, size_t n)
{
    void *p = take(a, n, alignof(max_align_t));
    memset(p, 0, n);
    return p;
}

/* Strings need no alignment: packing them saves memory when an arena
 * holds many (guids and paths of a large batch). */
char *np_arena_strndup(np_arena *a, const char *s, size_t n)
{
    char *p = take(a, n + 1, 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *np_arena_strdup(np_arena *a, const char *s)
{
    return s ? np_arena_strndup(a, s, strlen(s)) : NULL;
}
