/* Compacting an item (newsprint/park.h): its metadata copied into one
 * allocation of the exact size, the arena it was read into (about a third
 * of it slack, in many chunks) freed.  The copy is made twice: once into a
 * scratch arena, counting the bytes the exact one needs (each allocation
 * aligned as np_arena_alloc() and np_arena_strndup() align it), then into
 * the exact arena. */
#include "newsprint/park.h"
#include "park_priv.h"
#include "util/alloc.h"
#include "util/arena.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct copier {
    np_arena *a;
    size_t need;        /* bytes taken so far, as an exact arena lays them out */
    const char **from;  /* strings copied so far (an item repeats many: */
    const char **to;    /* language tags, roles, the summary in the */
    size_t n, cap;      /* descriptions), and their copies */
} copier;

static void *cp_alloc(copier *c, size_t n)
{
    size_t al = alignof(max_align_t);
    c->need = ((c->need + al - 1) & ~(al - 1)) + n;
    return np_arena_alloc(c->a, n);
}

/* Equal strings of an item share one copy: the strings are never
 * written, and an item holds few enough for a linear search. */
static const char *cp_str(copier *c, const char *s)
{
    if (!s)
        return NULL;
    for (size_t i = 0; i < c->n; i++)
        if (c->from[i] == s || (c->from[i][0] == s[0] && !strcmp(c->from[i], s)))
            return c->to[i];
    size_t len = strlen(s);
    c->need += len + 1;
    NP_GROW2(c->from, c->to, c->n, c->cap, 32);
    c->from[c->n] = s;
    c->to[c->n] = np_arena_strndup(c->a, s, len);
    return c->to[c->n++];
}

static void *cp_memdup(copier *c, const void *from, size_t n)
{
    void *to = cp_alloc(c, n);
    memcpy(to, from, n);
    return to;
}

static np_text *cp_texts(copier *c, const np_text *t)
{
    np_text *head = NULL, **tail = &head;
    for (; t; t = t->next) {
        np_text *n = cp_memdup(c, t, sizeof *t);
        n->text = cp_str(c, t->text);
        n->lang = cp_str(c, t->lang);
        n->role = cp_str(c, t->role);
        n->next = NULL;
        *tail = n;
        tail = &n->next;
    }
    return head;
}

static np_concept *cp_concepts(copier *c, const np_concept *k)
{
    np_concept *head = NULL, **tail = &head;
    for (; k; k = k->next) {
        np_concept *n = cp_memdup(c, k, sizeof *k);
        n->qcode = cp_str(c, k->qcode);
        n->uri = cp_str(c, k->uri);
        n->literal = cp_str(c, k->literal);
        n->type = cp_str(c, k->type);
        n->role = cp_str(c, k->role);
        n->names = cp_texts(c, k->names);
        n->broader = cp_concepts(c, k->broader);
        n->next = NULL;
        *tail = n;
        tail = &n->next;
    }
    return head;
}

static np_link *cp_links(copier *c, const np_link *l)
{
    np_link *head = NULL, **tail = &head;
    for (; l; l = l->next) {
        np_link *n = cp_memdup(c, l, sizeof *l);
        n->rel = cp_str(c, l->rel);
        n->href = cp_str(c, l->href);
        n->residref = cp_str(c, l->residref);
        n->version = cp_str(c, l->version);
        n->contenttype = cp_str(c, l->contenttype);
        n->title = cp_str(c, l->title);
        n->description = cp_str(c, l->description);
        n->next = NULL;
        *tail = n;
        tail = &n->next;
    }
    return head;
}

static np_rendition *cp_renditions(copier *c, const np_rendition *r)
{
    np_rendition *head = NULL, **tail = &head;
    for (; r; r = r->next) {
        np_rendition *n = cp_memdup(c, r, sizeof *r);
        n->href = cp_str(c, r->href);
        n->residref = cp_str(c, r->residref);
        n->contenttype = cp_str(c, r->contenttype);
        n->rendition = cp_str(c, r->rendition);
        n->next = NULL;
        *tail = n;
        tail = &n->next;
    }
    return head;
}

static np_group *cp_groups(copier *c, const np_group *g)
{
    np_group *head = NULL, **tail = &head;
    for (; g; g = g->next) {
        np_group *n = cp_memdup(c, g, sizeof *g);
        n->id = cp_str(c, g->id);
        n->role = cp_str(c, g->role);
        n->name = cp_str(c, g->name);
        n->refs = cp_links(c, g->refs);
        n->next = NULL;
        *tail = n;
        tail = &n->next;
    }
    return head;
}

static np_inline *cp_inlines(copier *c, const np_inline *in)
{
    np_inline *head = NULL, **tail = &head;
    for (; in; in = in->next) {
        np_inline *n = cp_memdup(c, in, sizeof *in);
        n->text = cp_str(c, in->text);
        n->href = cp_str(c, in->href);
        n->children = cp_inlines(c, in->children);
        n->next = NULL;
        *tail = n;
        tail = &n->next;
    }
    return head;
}

/* A leaf block of a parked body's outline (no children, no next). */
static const np_block *cp_leaf(copier *c, const np_block *b)
{
    if (!b)
        return NULL;
    np_block *n = cp_memdup(c, b, sizeof *b);
    n->src = cp_str(c, b->src);
    n->alt = cp_str(c, b->alt);
    n->credit = cp_str(c, b->credit);
    n->lang = cp_str(c, b->lang);
    n->dir = cp_str(c, b->dir);
    n->inl = cp_inlines(c, b->inl);
    return n;
}

static np_body_outline *cp_outline(copier *c, const np_body_outline *o, int summary)
{
    np_body_outline *n = cp_memdup(c, o, sizeof *o);
    /* the first paragraph stands in for a summary, when there is none */
    n->first_para = summary ? NULL : cp_leaf(c, o->first_para);
    n->figures = o->nfigures ? cp_alloc(c, o->nfigures * sizeof *n->figures) : NULL;
    for (size_t i = 0; i < o->nfigures; i++)
        n->figures[i] = cp_leaf(c, o->figures[i]);
    n->langs = o->nlangs ? cp_alloc(c, o->nlangs * sizeof *n->langs) : NULL;
    for (size_t i = 0; i < o->nlangs; i++)
        n->langs[i] = cp_str(c, o->langs[i]);
    return n;
}

/* What no converter reads once the selection is made is left out: every
 * headline with its role (headline and subheadline stay), the signals
 * (is_correction stays), the contributors, the item class as written,
 * the body's content type, and the outline's first paragraph when there
 * is a summary. */
static np_item *cp_item(copier *c, const np_item *it)
{
    np_item *n = cp_memdup(c, it, sizeof *it);
    n->source = cp_str(c, it->source);
    n->guid = cp_str(c, it->guid);
    n->item_class_qcode = NULL;
    n->signals = NULL;
    n->ednote = cp_str(c, it->ednote);
    n->provider = cp_concepts(c, it->provider);
    n->rights.holder = cp_str(c, it->rights.holder);
    n->rights.notice = cp_str(c, it->rights.notice);
    n->rights.usage_terms = cp_str(c, it->rights.usage_terms);
    n->lang = cp_str(c, it->lang);
    n->dir = cp_str(c, it->dir);
    n->headlines = NULL;
    n->headline = cp_str(c, it->headline);
    n->subheadline = cp_str(c, it->subheadline);
    n->slugline = cp_str(c, it->slugline);
    n->creators = cp_concepts(c, it->creators);
    n->byline = cp_str(c, it->byline);
    n->contributors = NULL;
    n->dateline = cp_str(c, it->dateline);
    n->located = cp_concepts(c, it->located);
    n->descriptions = cp_texts(c, it->descriptions);
    n->summary = cp_str(c, it->summary);
    n->caption = cp_str(c, it->caption);
    n->creditline = cp_str(c, it->creditline);
    n->subjects = cp_concepts(c, it->subjects);
    n->genres = cp_concepts(c, it->genres);
    n->keywords = cp_texts(c, it->keywords);
    n->links = cp_links(c, it->links);
    n->parked = it->parked ? cp_memdup(c, it->parked, sizeof *it->parked) : NULL;
    n->outline = it->outline ? cp_outline(c, it->outline, it->summary && *it->summary) : NULL;
    n->body_type = NULL;
    n->renditions = cp_renditions(c, it->renditions);
    n->groups = cp_groups(c, it->groups);
    return n;
}

np_item *np_item_compact(np_item *it)
{
    if (!it || it->body)
        return it; /* a body in memory lives in the arena too: nothing to gain */
    /* taken now, into the copy, rather than later into a new chunk */
    np_item_body_outline(it);
    copier count = {np_arena_new_bulk(), 0, NULL, NULL, 0, 0};
    cp_item(&count, it);
    np_arena_free(count.a);
    copier exact = {np_arena_new_exact(count.need), 0, count.from, count.to, 0, count.cap};
    np_item *n = cp_item(&exact, it);
    free(exact.from);
    free(exact.to);
    n->arena = exact.a;
    n->body_arena = NULL;
    np_item_free(it);
    return n;
}
