/* Archive runs: the selection grouped by day or ISO week, each group's
 * inputs and their newest mtime, shards, output names (the run itself is
 * each_run.c). */
#include "newsprint/each.h"
#include "util/keyword.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int np_each_by_parse(const char *s, np_each_by *by)
{
    /* in the order of np_each_by */
    static const char *const names[] = {"", "day", "week", NULL};
    int i = np_keyword_index(s, names);
    if (i < 1)
        return -1;
    *by = (np_each_by)i;
    return 0;
}

/* ---- keys ---------------------------------------------------------------- */

/* The key of a date (in the edition's zone, as np_selected.date is);
 * returns 0, or -1 for an undated item. */
static int key_of(const np_time *date, np_each_by by, char key[16])
{
    if (!date->valid)
        return -1;
    int y, m, d;
    np_time_civil(date, &y, &m, &d, NULL, NULL, NULL);
    if (by == NP_EACH_DAY) {
        snprintf(key, 16, "%04d-%02d-%02d", y, m, d);
    } else {
        int iy, w;
        np_iso_week_of(y, m, d, &iy, &w);
        snprintf(key, 16, "%04d-W%02d", iy, w);
    }
    return 0;
}

/* A group's range and names, made by the parsers of --date and --week so
 * that an output equals the one those options give. */
static void name_group(np_each_group *g, np_each_by by)
{
    np_buf b = NP_BUF_INIT;
    if (by == NP_EACH_DAY) {
        if (np_time_parse_arg(g->key, &g->from) != 0) /* keys are our own YYYY-MM-DD */
            g->from.valid = 0;
        g->to = g->from;
        g->to.utc += 86400;
        snprintf(g->date, sizeof g->date, "%s", g->key);
        int y, m, d, iy, w;
        np_time_civil(&g->from, &y, &m, &d, NULL, NULL, NULL);
        np_iso_week_of(y, m, d, &iy, &w);
        snprintf(g->week, sizeof g->week, "%04d-W%02d", iy, w);
    } else {
        if (np_iso_week_parse(g->key, &g->from, &g->to) != 0) /* our own YYYY-Www */
            g->from.valid = g->to.valid = 0;
        snprintf(g->week, sizeof g->week, "%s", g->key);
        np_time_format_date(&g->from, &b);
        snprintf(g->date, sizeof g->date, "%s", np_buf_cstr(&b));
    }
    np_buf_free(&b);
}

typedef struct keyed {
    char key[16];
    const np_selected *e;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return x->e->rank < y->e->rank ? -1 : x->e->rank > y->e->rank;
}

static int cmp_group_key(const void *key, const void *elem)
{
    return strcmp(key, ((const np_each_group *)elem)->key);
}

/* ---- the inputs bearing on each group --------------------------------------- */

/* Newest mtime of each input, in ns; -1 when it cannot be examined. */
static int64_t *input_mtimes(const np_batch *b)
{
    size_t n = b->stats.files;
    int64_t *t = malloc((n ? n : 1) * sizeof *t);
    if (!t)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(np_sources_name(b->sources, i), &st) != 0)
            t[i] = -1;
        else
            t[i] = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    }
    return t;
}

typedef struct noted {
    const np_selected *s;
    int64_t ns;  /* when its file changed, or its embargo ended if later; -1 unknown */
} noted;

static int cmp_noted_guid(const void *a, const void *b)
{
    return strcmp(((const noted *)a)->s->guid, ((const noted *)b)->s->guid);
}

/* Every version of a guid bears on the groups of all its versions: a
 * correction or a kill notice changes the output of the version it
 * replaces, whatever day it is dated itself.  An embargo that has ended
 * counts as a change at its end: the output written while the item was
 * held is out of date since. */
static int add_bearing(const np_batch *b, np_each *e)
{
    size_t n = np_selection_noted(b->selection);
    noted *v = malloc((n ? n : 1) * sizeof *v);
    int64_t *mt = input_mtimes(b);
    if (!v || !mt) {
        free(v);
        free(mt);
        return NP_ERR_MEMORY;
    }
    for (size_t i = 0; i < n; i++) {
        v[i].s = np_selection_noted_at(b->selection, i);
        v[i].ns = v[i].s->file_no < b->stats.files ? mt[v[i].s->file_no] : -1;
        int64_t until;
        if (v[i].ns >= 0 && np_selection_noted_lifted(b->selection, i, &until) &&
            until * 1000000000 > v[i].ns)
            v[i].ns = until * 1000000000;
    }
    qsort(v, n, sizeof *v, cmp_noted_guid);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && !strcmp(v[j].s->guid, v[i].s->guid))
            j++;
        int64_t newest = 0;
        int known = 1;
        for (size_t k = i; k < j; k++) {
            if (v[k].ns < 0)
                known = 0;
            else if (v[k].ns > newest)
                newest = v[k].ns;
        }
        for (size_t k = i; k < j; k++) {
            char key[16];
            if (key_of(&v[k].s->date, e->by, key) < 0)
                continue;
            np_each_group *g = bsearch(key, e->groups, e->n, sizeof *e->groups, cmp_group_key);
            if (!g)
                continue; /* a day with nothing selected has no output */
            if (newest > g->newest_ns)
                g->newest_ns = newest;
            if (!known)
                g->newest_known = 0;
        }
        i = j;
    }
    free(v);
    free(mt);
    return NP_OK;
}

/* ---- the plan ------------------------------------------------------------------ */

int np_each_plan(const np_batch *b, np_each_by by, np_each *out)
{
    memset(out, 0, sizeof *out);
    out->by = by;
    size_t n = np_selection_count(b->selection), nk = 0;
    keyed *k = malloc((n ? n : 1) * sizeof *k);
    if (!k)
        return NP_ERR_MEMORY;
    for (size_t i = 0; i < n; i++) {
        k[nk].e = np_selection_at(b->selection, i);
        if (key_of(&k[nk].e->date, by, k[nk].key) < 0)
            out->undated++;
        else
            nk++;
    }
    qsort(k, nk, sizeof *k, cmp_keyed);
    out->store = malloc((nk ? nk : 1) * sizeof *out->store);
    size_t ngroups = 0;
    for (size_t i = 0; i < nk; i++)
        ngroups += i == 0 || strcmp(k[i].key, k[i - 1].key) != 0;
    out->groups = calloc(ngroups ? ngroups : 1, sizeof *out->groups);
    if (!out->store || !out->groups) {
        free(k);
        np_each_free(out);
        return NP_ERR_MEMORY;
    }
    for (size_t i = 0; i < nk; i++) {
        out->store[i] = k[i].e;
        if (i == 0 || strcmp(k[i].key, k[i - 1].key) != 0) {
            np_each_group *g = &out->groups[out->n++];
            memcpy(g->key, k[i].key, sizeof g->key);
            g->entries = &out->store[i];
            g->newest_known = 1;
            name_group(g, by);
        }
        out->groups[out->n - 1].n++;
    }
    free(k);
    int rc = add_bearing(b, out);
    if (rc != NP_OK)
        np_each_free(out);
    return rc;
}

void np_each_free(np_each *e)
{
    free(e->groups);
    free(e->store);
    memset(e, 0, sizeof *e);
}

/* ---- shards ---------------------------------------------------------------------- */

uint32_t np_each_hash(const char *key)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        h ^= *p;
        h *= 16777619u;
    }
    return h;
}

int np_each_shard_parse(const char *s, unsigned *k, unsigned *n)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    unsigned long a = strtoul(s, &end, 10);
    if (*end != '/' || end[1] < '0' || end[1] > '9')
        return -1;
    unsigned long c = strtoul(end + 1, &end, 10);
    if (*end || c < 1 || c > 100000 || a >= c)
        return -1;
    *k = (unsigned)a;
    *n = (unsigned)c;
    return 0;
}

void np_each_keep_shard(np_each *e, unsigned k, unsigned n)
{
    size_t kept = 0;
    for (size_t i = 0; i < e->n; i++)
        if (np_each_hash(e->groups[i].key) % n == k)
            e->groups[kept++] = e->groups[i];
    e->n = kept;
}

/* ---- output names ----------------------------------------------------------------- */

static const char *const placeholders[] = {"{date}", "{week}"};

/* Which placeholder starts at p: 0 {date}, 1 {week}, -1 none. */
static int placeholder_at(const char *p)
{
    for (int i = 0; i < 2; i++)
        if (!strncmp(p, placeholders[i], strlen(placeholders[i])))
            return i;
    return -1;
}

int np_each_pattern_check(const char *pattern, np_each_by by, np_error *err)
{
    if (!pattern || !*pattern || !strcmp(pattern, "-"))
        return np_error_set(err, NP_ERR_USAGE, NULL, 0,
                            "--each writes files: give -o a file name pattern such as %s",
                            by == NP_EACH_DAY ? "'epaper-{date}.pdf'" : "'digest-{week}.epub'");
    const char *slash = strrchr(pattern, '/');
    int seen[2] = {0, 0};
    for (const char *p = strchr(pattern, '{'); p; p = strchr(p + 1, '{')) {
        int ph = placeholder_at(p);
        if (ph < 0)
            return np_error_set(err, NP_ERR_USAGE, NULL, 0,
                                "-o '%s': unknown placeholder (use {date} or {week})", pattern);
        if (slash && p < slash)
            return np_error_set(err, NP_ERR_USAGE, NULL, 0,
                                "-o '%s': placeholders go in the file name, not the folder",
                                pattern);
        seen[ph] = 1;
    }
    int need = by == NP_EACH_DAY ? 0 : 1;
    if (!seen[need])
        return np_error_set(err, NP_ERR_USAGE, NULL, 0,
                            "-o '%s': --each %s needs %s in the file name, one output per %s",
                            pattern, by == NP_EACH_DAY ? "day" : "week", placeholders[need],
                            by == NP_EACH_DAY ? "day" : "week");
    if (slash && !slash[1])
        return np_error_set(err, NP_ERR_USAGE, NULL, 0, "-o '%s': no file name", pattern);
    if (slash) {
        size_t len = (size_t)(slash - pattern);
        np_buf dir = NP_BUF_INIT;
        np_buf_put(&dir, pattern, len ? len : 1); /* "/x" is in "/" */
        struct stat st;
        int ok = stat(np_buf_cstr(&dir), &st) == 0 && S_ISDIR(st.st_mode);
        np_buf_free(&dir);
        if (!ok)
            return np_error_set(err, NP_ERR_USAGE, NULL, 0,
                                "-o '%s': the folder does not exist", pattern);
    }
    return NP_OK;
}

void np_each_path(const char *pattern, const np_each_group *g, np_buf *out)
{
    for (const char *p = pattern; *p;) {
        int ph = *p == '{' ? placeholder_at(p) : -1;
        if (ph < 0) {
            np_buf_putc(out, *p++);
            continue;
        }
        np_buf_puts(out, ph == 0 ? g->date : g->week);
        p += strlen(placeholders[ph]);
    }
}

int np_each_fresh(const np_each_group *g, const char *path)
{
    struct stat st;
    if (!g->newest_known || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    int64_t t = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    return t > g->newest_ns;
}
