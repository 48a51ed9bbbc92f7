/* Sections of a multi-item output: articles, grouping, issue dates. */
#include "newsprint/sections.h"
#include "batch_priv.h"
#include "util/alloc.h"
#include "newsprint/meta.h"
#include "subjects.h"
#include "util/keyword.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int np_section_by_parse(const char *s, np_section_by *out)
{
    /* in the order of np_section_by */
    static const char *const names[] = {"day", "subject", "genre", NULL};
    int i = np_keyword_index(s, names);
    if (i < 0)
        return -1;
    *out = (np_section_by)i;
    return 0;
}

/* ---- grouping ---------------------------------------------------------- */

typedef struct sec_build {
    np_sections *s;
    size_t cap;
    int *rank;   /* per section: 0 package, 1 grouped, 2 the catch-all last */
    const np_style *catalog; /* IPTC subject names, or NULL */
} sec_build;

static np_section *section_for(sec_build *b, const char *key, const char *title, int rank)
{
    np_sections *s = b->s;
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].key, key))
            return &s->v[i];
    NP_GROW2(s->v, b->rank, s->n, b->cap, 8);
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
    NP_GROW_POW2(sec->items, sec->n);
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

/* "en" matches "en", "en-GB"; a name without a language is in the item's. */
static int lang_fits(const char *have, const char *want)
{
    size_t n = strcspn(want, "-_");
    return !strncasecmp(have, want, n) && (have[n] == '\0' || have[n] == '-' || have[n] == '_');
}

/* A name that is a provider's code rather than a name: one character,
 * an upper-case abbreviation of up to 4 letters ("ALR"), or one word with
 * a digit ("Int001", "11000000"). */
static int looks_like_code(const char *s)
{
    size_t n = strlen(s);
    if (strchr(s, ' '))
        return 0;
    if (strpbrk(s, "0123456789"))
        return 1;
    size_t upper = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    return n < 2 || (upper == n && n <= 4);
}

/* A concept's <name> in `lang` (the output's), else in the item's language
 * or without one; never a code or a literal (providers put codes and
 * headlines there).  NULL if none. */
static const char *real_name(const np_concept *c, const char *lang, const char *item_lang)
{
    const char *found = NULL;
    for (int pass = 0; pass < 3 && !found; pass++) {
        const char *want = pass == 0 ? lang : item_lang;
        for (const np_text *t = c->names; t && !found; t = t->next)
            if (pass == 2 ? !t->lang : t->lang && want && lang_fits(t->lang, want))
                found = t->text;
    }
    return found && !looks_like_code(found) ? found : NULL;
}

/* The concept a subject's <broader> names, as fully as the item gives it:
 * the item's own subject with that code when it has a broader itself. */
static const np_concept *next_broader(const np_item *it, const np_concept *c)
{
    const np_concept *b = c->broader;
    if (b && b->qcode)
        for (const np_concept *s = it->subjects; s; s = s->next)
            if (s->broader && s->qcode && !strcmp(s->qcode, b->qcode))
                return s;
    return b;
}

enum { MAX_BROADER = 16 }; /* hierarchies are shallow; cycles end here */

/* The reader-facing name a subject groups under, at the top level of its
 * scheme: for an IPTC subject the name of its top-level topic (from the
 * item, else the IPTC catalog), else its own name, else the catalog's name
 * of its code or parent; for another scheme the name of the top of its
 * <broader> chain, else its own.  NULL when there is none (never a code). */
static const char *subject_title(const np_concept *c, const np_item *it, const char *lang,
                                 const np_style *cat)
{
    const np_concept *top = c;
    const char *name = NULL;
    char code[9];
    if (is_iptc_subject(c)) {
        for (int i = 0; top && i < MAX_BROADER; i++, top = next_broader(it, top)) {
            const char *colon = top->qcode ? strchr(top->qcode, ':') : NULL;
            if (colon && np_subject_top_code(top->qcode, code) && !strcmp(code, colon + 1))
                break; /* a top-level topic */
        }
        name = top ? real_name(top, lang, it->lang) : NULL;
        if (!name && np_subject_top_code(top ? top->qcode : c->qcode, code)) {
            np_buf q = NP_BUF_INIT;
            np_buf_printf(&q, "subj:%s", code);
            name = np_subject_catalog_name(cat, q.data);
            np_buf_free(&q);
        }
        if (!name)
            name = real_name(c, lang, it->lang);
        return name ? name : np_subject_catalog_name(cat, c->qcode);
    }
    for (int i = 0; i < MAX_BROADER; i++) {
        const np_concept *b = next_broader(it, top);
        if (!b)
            break;
        top = b;
    }
    name = real_name(top, lang, it->lang);
    return name ? name : real_name(c, lang, it->lang);
}

/* A subject that is a place, person, organisation or event: what a story
 * is about, not the part of the paper it belongs in. */
static int is_entity(const np_concept *c)
{
    static const char *const kinds[] = {"geoArea", "person", "organisation", "poi", "event"};
    const char *t = c->type ? strchr(c->type, ':') : NULL;
    for (size_t i = 0; t && i < sizeof kinds / sizeof *kinds; i++)
        if (!strcmp(t + 1, kinds[i]))
            return 1;
    return 0;
}

/* The subject an item groups under: its first IPTC subject (medtop:,
 * subj:) with a name, else its first other topic with a name. */
static const char *subject_group(const np_item *it, const char *lang, const np_style *cat)
{
    for (int iptc = 1; iptc >= 0; iptc--)
        for (const np_concept *c = it->subjects; c; c = c->next)
            if (is_iptc_subject(c) == iptc && !is_entity(c)) {
                const char *t = subject_title(c, it, lang, cat);
                if (t)
                    return t;
            }
    return NULL;
}

/* A code that reads as a word ("genre:Analysis"), not an abbreviation or
 * a number ("ALR", "F", "Int001", "11000000"). */
static const char *readable_code(const char *qcode)
{
    const char *w = qcode ? strchr(qcode, ':') : NULL;
    w = w ? w + 1 : qcode;
    if (!w || strlen(w) < 4)
        return NULL;
    int lower = 0;
    for (const char *p = w; *p; p++) {
        if (*p >= 'a' && *p <= 'z')
            lower = 1;
        else if (!(*p >= 'A' && *p <= 'Z') && *p != '-' && *p != '_')
            return NULL;
    }
    return lower ? w : NULL;
}

static const char *genre_group(const np_item *it, const char *lang)
{
    for (const np_concept *c = it->genres; c; c = c->next) {
        const char *t = real_name(c, lang, it->lang);
        if (!t)
            t = readable_code(c->qcode);
        if (t)
            return t;
    }
    return NULL;
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
    const char *name = by == NP_SECTION_BY_SUBJECT ? subject_group(it, lang, b->catalog)
                                                   : genre_group(it, lang);
    if (!name || !*name)
        return section_for(b, "other", "Other news", 2);
    /* one section per name, whatever codes carry it */
    put_capitalised(title, name);
    np_buf_printf(key, "%s:", by == NP_SECTION_BY_SUBJECT ? "subject" : "genre");
    np_meta_upper(title->data, key);
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
    np_style *catalog = by == NP_SECTION_BY_SUBJECT ? np_subject_catalog_load() : NULL;
    sec_build b = {out, 0, NULL, catalog};
    np_buf key = NP_BUF_INIT, title = NP_BUF_INIT;
    for (size_t i = 0; i < c->n; i++) {
        /* a parked item is read back (one that cannot be read is left out) */
        const np_item *it;
        np_item *full;
        np_collection_item_open(c, i, &it, &full, NULL);
        if (np_collection_is_article_of(c, i, it)) {
            np_section *sec = group_of(&b, it, c->entries ? c->entries[i] : NULL, by, lang, &key,
                                       &title);
            section_add(sec, i);
            out->narticles++;
        }
        np_item_free(full);
    }
    np_buf_free(&key);
    np_buf_free(&title);
    np_style_free(catalog);

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
