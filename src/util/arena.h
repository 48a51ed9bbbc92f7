/* Per-item memory arena: many small allocations, one free.  Private. */
#ifndef NP_ARENA_H
#define NP_ARENA_H

#include <stddef.h>

typedef struct np_arena np_arena;

np_arena *np_arena_new(void);
/* One for bulk (a body): its chunks are 8 KB from the start. */
np_arena *np_arena_new_bulk(void);
/* One whose first chunk holds exactly `size` bytes (allocated at once):
 * for a copy whose size is known beforehand (model/compact.c).  Beyond
 * it, the arena grows as np_arena_new()'s. */
np_arena *np_arena_new_exact(size_t size);
void np_arena_free(np_arena *a);
/* The memory of the arena's first chunk and the bytes used in it (NULL
 * when it has none). */
const void *np_arena_oldest(const np_arena *a, size_t *used);
/* Zeroed, aligned memory that lives until np_arena_free(). Aborts on OOM. */
void *np_arena_alloc(np_arena *a, size_t n);
char *np_arena_strndup(np_arena *a, const char *s, size_t n);
char *np_arena_strdup(np_arena *a, const char *s); /* NULL -> NULL */

#define NP_ANEW(a, type) ((type *)np_arena_alloc((a), sizeof(type)))

#endif
