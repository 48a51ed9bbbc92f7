/* Allocation that cannot fail: out of memory prints one line and aborts
 * (a converter can do nothing sensible without memory).  Private. */
#ifndef NP_ALLOC_H
#define NP_ALLOC_H

#include <stddef.h>

_Noreturn void np_oom(void);
void *np_xmalloc(size_t n);
void *np_xcalloc(size_t count, size_t size);
void *np_xrealloc(void *p, size_t n);
/* A malloc'd copy; NULL gives NULL. */
char *np_xstrdup(const char *s);

/* `p` resized to `n` elements of `size` bytes; a product that overflows is
 * out of memory too. */
void *np_xreallocarray(void *p, size_t n, size_t size);
/* The capacity for `need` elements of `elem` bytes: `cap` (or `first` when
 * 0) doubled until it holds them; out of memory when the size overflows. */
size_t np_grow_cap(size_t cap, size_t need, size_t first, size_t elem);
/* The same growth for code that reports a memory failure instead of
 * stopping (the layout module): room for `need` elements of `elem` bytes
 * in *p of *cap allocated.  0, or -1 (nothing changed) when the size
 * overflows or memory runs out. */
int np_grow_array(void **p, size_t *cap, size_t need, size_t first, size_t elem);

/* Make room for `need` elements in a growable array `v` with `cap`
 * allocated: the capacity doubles (starting at `first`). */
#define NP_GROW_TO(v, need, cap, first)                                                    \
    do {                                                                                   \
        if ((need) > (cap)) {                                                              \
            (cap) = np_grow_cap((cap), (need), (first), sizeof *(v));                      \
            (v) = np_xreallocarray((v), (cap), sizeof *(v));                               \
        }                                                                                  \
    } while (0)
/* Room for one more element in `v` of `n` used and `cap` allocated. */
#define NP_GROW(v, n, cap, first) NP_GROW_TO(v, (n) + 1, cap, first)
/* The same for two arrays `v` and `w` that share their capacity. */
#define NP_GROW2_TO(v, w, need, cap, first)                                                \
    do {                                                                                   \
        if ((need) > (cap)) {                                                              \
            (cap) = np_grow_cap((cap), (need), (first), sizeof *(v) + sizeof *(w));        \
            (v) = np_xreallocarray((v), (cap), sizeof *(v));                               \
            (w) = np_xreallocarray((w), (cap), sizeof *(w));                               \
        }                                                                                  \
    } while (0)
#define NP_GROW2(v, w, n, cap, first) NP_GROW2_TO(v, w, (n) + 1, cap, first)
/* Room for one more element in `v` of `n` used, for an array that keeps
 * no capacity: its capacity is `n` rounded up to a power of two. */
#define NP_GROW_POW2(v, n)                                                                 \
    do {                                                                                   \
        if (((n) & ((n) - 1)) == 0)                                                        \
            (v) = np_xreallocarray((v), np_grow_cap((n), (n) + 1, 1, sizeof *(v)),         \
                                   sizeof *(v));                                           \
    } while (0)

#endif
