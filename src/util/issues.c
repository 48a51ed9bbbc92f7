/* Issues kept to be reported later (issues.h). */
#include "issues.h"
#include "alloc.h"

#include <stdlib.h>

void np_issue_list_add(void *ud, const np_error *err)
{
    np_issue_list *l = ud;
    NP_GROW(l->v, l->n, l->cap, 4);
    np_error *e = &l->v[l->n++];
    e->code = err->code;
    e->line = err->line;
    e->file = np_xstrdup(err->file);
    e->message = np_xstrdup(err->message);
}

void np_issue_list_flush(np_issue_list *l, np_issue_fn fn, void *fn_ud)
{
    for (size_t i = 0; i < l->n; i++) {
        if (fn)
            fn(fn_ud, &l->v[i]);
        np_error_clear(&l->v[i]);
    }
    l->n = 0;
}

void np_issue_list_free(np_issue_list *l)
{
    np_issue_list_flush(l, NULL, NULL);
    free(l->v);
    l->v = NULL;
    l->cap = 0;
}
