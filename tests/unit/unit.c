/* The unit tests' shared helpers (unit.h). */
#define _XOPEN_SOURCE 700
#include "unit.h"

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

char ut_dir[256];

int ut_tmpdir_setup(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(ut_dir, sizeof ut_dir, "%s/np-unit-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    return mkdtemp(ut_dir) ? 0 : -1;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int ut_tmpdir_teardown(void **state)
{
    (void)state;
    if (!ut_dir[0])
        return 0;
    /* depth first, not following symlinks: a test's links stay its own */
    return nftw(ut_dir, remove_one, 16, FTW_DEPTH | FTW_PHYS) == 0 ? 0 : -1;
}

const char *ut_path(const char *rel)
{
    static char p[2][512];
    static int k;
    k = !k;
    snprintf(p[k], sizeof p[k], "%s/%s", ut_dir, rel);
    return p[k];
}

void ut_put(const char *rel, const char *content)
{
    FILE *f = fopen(ut_path(rel), "wb");
    assert_non_null(f);
    fputs(content, f);
    assert_int_equal(fclose(f), 0);
}

void ut_mkdir(const char *rel)
{
    assert_int_equal(mkdir(ut_path(rel), 0755), 0);
}

np_time ut_time(const char *s)
{
    np_time t;
    if (np_time_parse(s, &t) != 0)
        fail_msg("np_time_parse rejected '%s'", s);
    assert_true(t.valid);
    return t;
}

np_item ut_item(const char *guid, long version, int64_t date)
{
    np_item it;
    memset(&it, 0, sizeof it);
    it.guid = guid;
    it.version = version;
    it.headline = guid;
    it.content_created = np_time_from_epoch(date);
    return it;
}

int ut_keep_item(void *ud, np_item *item)
{
    ut_got *g = ud;
    if (g->n < UT_MAX_ITEMS)
        g->items[g->n++] = item;
    else
        np_item_free(item);
    return 0;
}

void ut_count_issue(void *ud, const np_error *err)
{
    ut_got *g = ud;
    if (err->code == 0)
        g->nwarnings++;
    else
        g->nissues++;
}

void ut_got_free(ut_got *g)
{
    for (int i = 0; i < g->n; i++)
        np_item_free(g->items[i]);
    memset(g, 0, sizeof *g);
}
