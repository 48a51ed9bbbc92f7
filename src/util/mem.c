/* Giving freed memory back to the system (util/mem.h). */
#include "mem.h"

#include <stdlib.h> /* defines __GLIBC__ on glibc */

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void np_mem_give_back(void)
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}
