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

/* Make room for one more element in a growable array `v` of `n` used and
 * `cap` allocated elements: doubles the capacity (starting at `first`). */
#define NP_GROW(v, n, cap, first)                                                          \
    do {                                                                                   \
        if ((n) == (cap)) {                                                                \
            (cap) = (cap) ? (cap) * 2 : (first);                                           \
            (v) = np_xrealloc((v), (cap) * sizeof *(v));                                   \
        }                                                                                  \
    } while (0)

#endif
