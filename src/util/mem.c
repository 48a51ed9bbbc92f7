/* Giving freed memory back to the system (util/mem.h). */
#include "mem.h"
#include "util/alloc.h"

#include <stdint.h>
#include <stdlib.h> /* defines __GLIBC__ on glibc */
#include <sys/mman.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void np_mem_give_back(void)
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

#if defined(MADV_HUGEPAGE)
enum { HUGE_PAGE = 2 * 1024 * 1024 };

/* The block's mapping: from its start, rounded up to whole huge pages. */
static size_t big_length(size_t size)
{
    return (size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
}

void *np_mem_big(size_t size)
{
    size_t len = big_length(size ? size : 1);
    /* mapped with a huge page of slack, then cut to an aligned start */
    unsigned char *m = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        np_oom();
    size_t head = (HUGE_PAGE - (uintptr_t)m % HUGE_PAGE) % HUGE_PAGE;
    if (head)
        munmap(m, head);
    if (HUGE_PAGE - head)
        munmap(m + head + len, HUGE_PAGE - head);
    madvise(m + head, len, MADV_HUGEPAGE); /* a wish: refused, the pages are small */
    return m + head;
}

void np_mem_big_free(void *p, size_t size)
{
    if (p)
        munmap(p, big_length(size ? size : 1));
}
#else
void *np_mem_big(size_t size)
{
    return np_xmalloc(size);
}

void np_mem_big_free(void *p, size_t size)
{
    (void)size;
    free(p);
}
#endif
