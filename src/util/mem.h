/* Giving freed memory back to the system.  Private. */
#ifndef NP_UTIL_MEM_H
#define NP_UTIL_MEM_H

/* After a large free: the allocator's free pages returned to the system
 * (glibc's malloc_trim, which also releases pages inside its heaps and
 * those of its per-thread arenas); elsewhere nothing.  Peak memory is what
 * counts, so call it where what was freed would otherwise stay resident
 * under what comes next. */
void np_mem_give_back(void);

#endif
