/* Allocation that cannot fail. */
#include "alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void np_oom(void)
{
    fputs("newsprint: out of memory\n", stderr);
    abort();
}

void *np_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        np_oom();
    return p;
}

void *np_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        np_oom();
    return p;
}

void *np_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        np_oom();
    return q;
}

void *np_xreallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        np_oom();
    return np_xrealloc(p, n * size);
}

/* The grown capacity, or 0 when its size in bytes would overflow. */
static size_t next_cap(size_t cap, size_t need, size_t first, size_t elem)
{
    size_t c = cap ? cap : first ? first : 1;
    size_t max = SIZE_MAX / (elem ? elem : 1);
    while (c < need) {
        if (c > max / 2)
            return 0;
        c *= 2;
    }
    return c <= max ? c : 0;
}

size_t np_grow_cap(size_t cap, size_t need, size_t first, size_t elem)
{
    size_t c = next_cap(cap, need, first, elem);
    if (!c)
        np_oom();
    return c;
}

int np_grow_array(void **p, size_t *cap, size_t need, size_t first, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t c = next_cap(*cap, need, first, elem);
    void *q = c ? realloc(*p, c * elem) : NULL;
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

char *np_xstrdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    return memcpy(np_xmalloc(n), s, n);
}
