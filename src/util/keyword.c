/* Option values named by keywords. */
#include "keyword.h"

#include <string.h>

int np_keyword_index(const char *s, const char *const *words)
{
    if (!s)
        return -1;
    for (int i = 0; words[i]; i++)
        if (!strcmp(s, words[i]))
            return i;
    return -1;
}
