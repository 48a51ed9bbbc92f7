/* The body outline: what planning needs of a body (np_body_outline), taken
 * in one walk, and parking the body once it is taken (the spool is in
 * park.c). */
#include "newsprint/item.h"
#include "newsprint/park.h"
#include "park_priv.h"
#include "util/alloc.h"
#include "util/arena.h"

#include <string.h>

int np_inlines_have_text(const np_inline *in)
{
    for (; in; in = in->next) {
        if (in->kind == NP_INL_TEXT && in->text && in->text[strspn(in->text, " \t\r\n")])
            return 1;
        if (in->children && np_inlines_have_text(in->children))
            return 1;
    }
    return 0;
}

static const np_block *first_para(const np_block *b)
{
    for (; b; b = b->next) {
        if (b->kind == NP_BLK_PARA && b->inl)
            return b;
        const np_block *in =
            b->kind == NP_BLK_LIST || b->kind == NP_BLK_ITEM || b->kind == NP_BLK_QUOTE
                ? first_para(b->children)
                : NULL;
        if (in)
            return in;
    }
    return NULL;
}

/* Arrays grown in the item's arena: counted first, filled second. */
static void walk(const np_block *b, np_body_outline *o, int fill)
{
    for (; b; b = b->next) {
        if (b->kind == NP_BLK_HEADING && b->level >= 1 && b->level <= 6 &&
            (!o->top_heading || b->level < o->top_heading))
            o->top_heading = b->level;
        if (!o->has_text && (np_inlines_have_text(b->inl) || (b->credit && *b->credit) ||
                             (b->kind == NP_BLK_FIGURE && b->alt && *b->alt)))
            o->has_text = 1;
        if (b->kind == NP_BLK_FIGURE) {
            if (fill)
                o->figures[o->nfigures] = b;
            o->nfigures++;
        }
        if (b->lang) {
            if (fill)
                o->langs[o->nlangs] = b->lang;
            o->nlangs++;
        }
        if (b->children)
            walk(b->children, o, fill);
    }
}

const np_body_outline *np_item_body_outline(const np_item *item)
{
    if (item->outline)
        return item->outline;
    np_item *it = (np_item *)item; /* a cache, as np_item_display_headline()'s */
    np_body_outline *o = NP_ANEW(it->arena, np_body_outline);
    walk(it->body, o, 0);
    size_t nfig = o->nfigures, nlang = o->nlangs;
    o->figures = nfig ? np_arena_alloc(it->arena, nfig * sizeof *o->figures) : NULL;
    o->langs = nlang ? np_arena_alloc(it->arena, nlang * sizeof *o->langs) : NULL;
    o->nfigures = o->nlangs = 0;
    o->top_heading = 0;
    o->has_text = 0;
    walk(it->body, o, 1);
    o->first_para = first_para(it->body);
    o->has_words = np_item_has_body_words(it);
    it->outline = o;
    return o;
}

/* ---- parking ----------------------------------------------------------- */

static np_inline *copy_inlines(np_arena *a, const np_inline *in)
{
    np_inline *head = NULL, **tail = &head;
    for (; in; in = in->next) {
        np_inline *c = NP_ANEW(a, np_inline);
        c->kind = in->kind;
        c->text = np_arena_strdup(a, in->text);
        c->href = np_arena_strdup(a, in->href);
        c->children = copy_inlines(a, in->children);
        *tail = c;
        tail = &c->next;
    }
    return head;
}

/* A leaf block (paragraph, figure) alone, into the item's arena. */
static const np_block *copy_leaf(np_arena *a, const np_block *b, int seq)
{
    if (!b)
        return NULL;
    np_block *c = NP_ANEW(a, np_block);
    *c = *b;
    c->next = c->children = NULL;
    c->src = np_arena_strdup(a, b->src);
    c->alt = np_arena_strdup(a, b->alt);
    c->credit = np_arena_strdup(a, b->credit);
    c->lang = np_arena_strdup(a, b->lang);
    c->dir = np_arena_strdup(a, b->dir);
    c->inl = copy_inlines(a, b->inl);
    c->seq = seq;
    return c;
}

int np_item_park_body(np_item *it, np_body_spool *s, const np_buf *frozen, np_error *err)
{
    if (!it->body || it->parked)
        return NP_OK;
    np_body_outline *o = (np_body_outline *)np_item_body_outline(it);
    np_parked *pk = np_body_spool_put(s, it->arena, frozen, it->source, it->line, err);
    if (!pk)
        return NP_ERR_IO;
    /* the outline's blocks must outlive the body */
    o->first_para = copy_leaf(it->arena, o->first_para, 0);
    for (size_t i = 0; i < o->nfigures; i++)
        o->figures[i] = copy_leaf(it->arena, o->figures[i], (int)i + 1);
    for (size_t i = 0; i < o->nlangs; i++)
        o->langs[i] = np_arena_strdup(it->arena, o->langs[i]);
    it->parked = pk;
    it->body = NULL;
    np_arena_free(it->body_arena);
    it->body_arena = NULL;
    return NP_OK;
}
