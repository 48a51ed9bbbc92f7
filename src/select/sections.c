/* Sections of a multi-item output: articles, grouping, issue dates. */
#include "newsprint/sections.h"
#include "util/alloc.h"
#include "newsprint/meta.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int np_section_by_parse(const char *s, np_section_by *out)
{
    if (!s)
        return -1;
    if (!strcmp(s, "day"))
        *out = NP_SECTION_BY_DAY;
    else if (!strcmp(s, "subject"))
        *out = NP_SECTION_BY_SUBJECT;
    else if (!strcmp(s, "genre"))
        *out = NP_SECTION_BY_GENRE;
    else
        return -1;
    return 0;
}

/* ---- articles ---------------------------------------------------------- */

int np_item_is_empty(const np_item *it)
{
    return !it->headline && !it->summary && !it->caption && !it->slugline && !it->body &&
           !it->renditions;
}

int np_collection_is_article(const np_collection *c, size_t i)
{
    if (i >= c->n)
        return 0;
    const np_item *it = c->items[i];
    if (np_item_is_empty(it))
        return 0;
    if (it->item_class != NP_CLASS_PICTURE && it->item_class != NP_CLASS_GRAPHIC)
        return 1;
    if (!it->guid)
        return 1;
    for (size_t j = 0; j < c->n; j++) {
        if (j == i)
            continue;
        for (const np_link *l = c->items[j]->links; l; l = l->next)
            if (l->residref && !strcmp(l->residref, it->guid))
                return 0;
    }
    return 1;
}

/* ---- grouping ---------------------------------------------------------- */

typedef struct sec_build {
    np_sections *s;
    size_t cap;
    int *rank;   /* per section: 0 package, 1 grouped, 2 the catch-all last */
} sec_build;

static np_section *section_for(sec_build *b, const char *key, const char *title, int rank)
{
    np_sections *s = b->s;
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].key, key))
            return &s->v[i];
    if (s->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 8;
        s->v = np_xrealloc(s->v, b->cap * sizeof *s->v);
        b->rank = np_xrealloc(b->rank, b->cap * sizeof *b->rank);
    }
    np_section *sec = &s->v[s->n];
    memset(sec, 0, sizeof *sec);
    sec->key = np_xstrdup(key);
    sec->title = np_xstrdup(title);
    sec->from_package = rank == 0;
    b->rank[s->n++] = rank;
    return sec;
}

static void section_add(np_section *sec, size_t item)
{
    /* grow in powers of two */
    if ((sec->n & (sec->n - 1)) == 0)
        sec->items = np_xrealloc(sec->items, (sec->n ? sec->n * 2 : 1) * sizeof *sec->items);
    sec->items[sec->n++] = item;
}

/* Upper-case an ASCII first letter ("weather" -> "Weather"). */
static void put_capitalised(np_buf *b, const char *s)
{
    size_t at = b->len;
    np_buf_puts(b, s);
    if (b->len > at && b->data[at] >= 'a' && b->data[at] <= 'z')
        b->data[at] = (char)(b->data[at] - 'a' + 'A');
}

static int is_iptc_subject(const np_concept *c)
{
    return c->qcode && (!strncmp(c->qcode, "medtop:", 7) || !strncmp(c->qcode, "subj:", 5));
}

/* medtop:17000000 and subj:17000000 are top-level (the first two digits). */
static int is_top_level(const np_concept *c)
{
    const char *colon = c->qcode ? strchr(c->qcode, ':') : NULL;
    if (!colon || strlen(colon + 1) != 8)
        return 0;
    return strspn(colon + 1, "0123456789") == 8 && !strcmp(colon + 3, "000000");
}

static const np_concept *subject_group(const np_item *it)
{
    const np_concept *first = NULL;
    for (const np_concept *c = it->subjects; c; c = c->next)
        if (is_iptc_subject(c)) {
            first = c;
            break;
        }
    if (!first)
        first = it->subjects;
    if (!first)
        return NULL;
    if (is_iptc_subject(first) && !is_top_level(first))
        for (const np_concept *b = first->broader; b; b = b->broader)
            if (is_top_level(b))
                return b;
    return first;
}

/* A concept's reader-facing name: its name, else its code without the
 * scheme ("genre:Analysis" -> "Analysis"). */
static void concept_title(const np_concept *c, const char *lang, np_buf *out)
{
    const char *name = np_concept_name(c, lang);
    if (name && c->qcode && name == c->qcode) {
        const char *colon = strchr(name, ':');
        if (colon && colon[1])
            name = colon + 1;
    }
    put_capitalised(out, name && *name ? name : "Other news");
}

static void concept_key(const np_concept *c, const char *lang, np_buf *out)
{
    if (c->qcode)
        np_buf_puts(out, c->qcode);
    else if (c->uri)
        np_buf_puts(out, c->uri);
    else
        np_buf_printf(out, "name:%s", np_concept_name(c, lang) ? np_concept_name(c, lang) : "");
}

static np_section *group_of(sec_build *b, const np_item *it, const np_selected *e, np_section_by by,
                            const char *lang, np_buf *key, np_buf *title)
{
    np_buf_reset(key);
    np_buf_reset(title);
    if (e && e->section && *e->section) {
        np_buf_printf(key, "group:%s", e->section);
        return section_for(b, key->data, e->section, 0);
    }
    if (by == NP_SECTION_BY_DAY) {
        /* the edition's day, as the selection placed the item */
        const np_time *t = e && e->date.valid ? &e->date : np_meta_item_date(it);
        if (!t || !t->valid)
            return section_for(b, "day:undated", "Undated", 2);
        int y, m, d, hh, mm, ss;
        np_time_civil(t, &y, &m, &d, &hh, &mm, &ss);
        np_buf_printf(key, "day:%04d-%02d-%02d", y, m, d);
        np_buf_printf(title, "%s, ", np_weekday_name(np_weekday(y, m, d)));
        np_date_range_format(y, m, d, y, m, d, title);
        return section_for(b, key->data, title->data, 1);
    }
    const np_concept *c = by == NP_SECTION_BY_SUBJECT ? subject_group(it) : it->genres;
    if (!c)
        return section_for(b, "other", "Other news", 2);
    concept_key(c, lang, key);
    concept_title(c, lang, title);
    return section_for(b, key->data, title->data, 1);
}

typedef struct order {
    size_t idx;
    int rank;
    int by_day; /* grouped sections sort by their key (the date) */
    const np_section *sec;
} order;

static int cmp_order(const void *a, const void *b)
{
    const order *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    if (x->rank == 1 && x->by_day) {
        int c = strcmp(x->sec->key, y->sec->key);
        if (c)
            return c;
    }
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

void np_sections_build(np_sections *out, const np_collection *c, np_section_by by,
                       const char *lang)
{
    memset(out, 0, sizeof *out);
    sec_build b = {out, 0, NULL};
    np_buf key = NP_BUF_INIT, title = NP_BUF_INIT;
    for (size_t i = 0; i < c->n; i++) {
        if (!np_collection_is_article(c, i))
            continue;
        np_section *sec = group_of(&b, c->items[i], c->entries ? c->entries[i] : NULL, by, lang,
                                   &key, &title);
        section_add(sec, i);
        out->narticles++;
    }
    np_buf_free(&key);
    np_buf_free(&title);

    /* package groups first (package order), then the grouped sections (days
     * in date order, others as first seen), then the catch-all */
    order *o = np_xrealloc(NULL, out->n * sizeof *o);
    for (size_t i = 0; i < out->n; i++)
        o[i] = (order){i, b.rank[i], by == NP_SECTION_BY_DAY, &out->v[i]};
    qsort(o, out->n, sizeof *o, cmp_order);
    np_section *v = np_xrealloc(NULL, out->n * sizeof *v);
    for (size_t i = 0; i < out->n; i++)
        v[i] = out->v[o[i].idx];
    free(out->v);
    out->v = v;
    free(o);
    free(b.rank);
}

void np_sections_free(np_sections *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].title);
        free(s->v[i].key);
        free(s->v[i].items);
    }
    free(s->v);
    memset(s, 0, sizeof *s);
}
