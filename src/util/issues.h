/* Issues kept to be reported later, in the order they came: a reader's
 * until its file is delivered, an archive run's output's until that
 * output is reported in key order.  Private. */
#ifndef NP_UTIL_ISSUES_H
#define NP_UTIL_ISSUES_H

#include "newsprint/error.h"

#include <stddef.h>

typedef struct np_issue_list {
    np_error *v;
    size_t n, cap;
} np_issue_list;

#define NP_ISSUE_LIST_INIT {NULL, 0, 0}

/* An np_issue_fn: keep a copy of `err` in the list `ud`. */
void np_issue_list_add(void *ud, const np_error *err);
/* Report every kept issue, in order, through fn(fn_ud, ...) (NULL: drop
 * them); the list is then empty (and keeps its memory for reuse). */
void np_issue_list_flush(np_issue_list *l, np_issue_fn fn, void *fn_ud);
/* Drop what is kept and free the list's memory. */
void np_issue_list_free(np_issue_list *l);

#endif
