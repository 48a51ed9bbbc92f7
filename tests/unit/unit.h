/* What the unit tests share: cmocka and its prerequisites, the library's
 * public API, a scratch folder per test program, and small builders.
 * Linked into every tests/unit/test_*.c program (tests/unit/unit.c). */
#ifndef NP_TESTS_UNIT_H
#define NP_TESTS_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newsprint/newsprint.h"

/* The scratch folder: made by ut_tmpdir_setup() (a cmocka group setup),
 * removed with everything in it by ut_tmpdir_teardown(). */
extern char ut_dir[256];
int ut_tmpdir_setup(void **state);
int ut_tmpdir_teardown(void **state);
/* ut_dir/REL (two results stay valid at a time). */
const char *ut_path(const char *rel);
/* Write CONTENT to ut_dir/REL (the folder must exist). */
void ut_put(const char *rel, const char *content);
/* mkdir ut_dir/REL. */
void ut_mkdir(const char *rel);

/* The time of an ISO 8601 string the test knows to be valid (fails the
 * test when np_time_parse() rejects it). */
np_time ut_time(const char *s);

/* A zeroed item with an identity and a content date (seconds since 1970). */
np_item ut_item(const char *guid, long version, int64_t date);

/* Items delivered by the reader, kept in order (at most UT_MAX_ITEMS; the
 * rest are freed), with the issues it reported. */
enum { UT_MAX_ITEMS = 16 };
typedef struct ut_got {
    np_item *items[UT_MAX_ITEMS];
    int n;
    int nissues, nwarnings;
} ut_got;
int ut_keep_item(void *ud, np_item *item); /* an np_item_fn over ut_got */
void ut_count_issue(void *ud, const np_error *err); /* an np_issue_fn over ut_got */
void ut_got_free(ut_got *g);

#endif
