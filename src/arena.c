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
};

enum { CHUNK_DEFAULT = 8192 };

np_arena *np_arena_new(void)
{
    np_arena *a = calloc(1, sizeof *a);
    if (!a)
        np_oom();
    return a;
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

void *np_arena_alloc(np_arena *a, size_t n)
{
    const size_t al = alignof(max_align_t);
    if (n > (size_t)-1 / 2)
        np_oom();
    n = (n + al - 1) & ~(al - 1);
    np_chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        size_t size = n > CHUNK_DEFAULT / 2 ? n : CHUNK_DEFAULT;
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
            memset(nc->mem, 0, n);
            return nc->mem;
        }
        nc->prev = c;
        a->head = c = nc;
    }
    void *p = c->mem + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

char *np_arena_strndup(np_arena *a, const char *s, size_t n)
{
    char *p = np_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *np_arena_strdup(np_arena *a, const char *s)
{
    return s ? np_arena_strndup(a, s, strlen(s)) : NULL;
}
