/* Giving freed memory back to the system.  Private. */
#ifndef NP_UTIL_MEM_H
#define NP_UTIL_MEM_H

#include <stddef.h>

/* After a large free: the allocator's free pages returned to the system
 * (glibc's malloc_trim, which also releases pages inside its heaps and
 * those of its per-thread arenas); elsewhere nothing.  Peak memory is what
 * counts, so call it where what was freed would otherwise stay resident
 * under what comes next. */
void np_mem_give_back(void);

/* A block of `size` bytes for one large picture, on huge pages where the
 * system gives them on request (Linux, transparent huge pages in "madvise"
 * mode): the cover's 11.5 MB canvas is written in 6 page faults, not
 * 2,800, each of which costs tens of microseconds on a virtual machine.
 * Same memory.  Never NULL (out of memory ends the program, as
 * np_xmalloc()); freed with np_mem_big_free() and the same size. */
void *np_mem_big(size_t size);
void np_mem_big_free(void *p, size_t size);

#endif
