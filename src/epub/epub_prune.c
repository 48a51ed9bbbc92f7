/* EPUB converter: which planned articles the digest keeps.  An article
 * whose only content was a picture that cannot be shown (unreadable, too
 * large, unsafe) has nothing left to read and goes; so does a section left
 * without articles.  The survivors are numbered in reading order, and the
 * collection items the digest shows are counted for the summary. */
#include "epub.h"
#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int has_something(const ep_article *a)
{
    if (!a->untitled || np_item_body_outline(a->it)->has_text)
        return 1;
    for (size_t i = 0; i < a->nfigs; i++)
        if (a->figs[i].pic >= 0)
            return 1;
    return 0;
}

void ep_plan_prune(ep_plan *p)
{
    size_t kept = 0;
    for (size_t i = 0; i < p->narts; i++) {
        ep_article *a = &p->arts[i];
        if (has_something(a)) {
            p->arts[kept++] = *a;
            continue;
        }
        ep_warn(p, a->it->source, a->it->line,
                "item has nothing to show without its picture; left out of the digest");
        free(a->lang);
        free(a->headline);
        for (size_t k = 0; k < a->nfigs; k++)
            free(a->figs[k].alt);
        free(a->figs);
    }
    p->narts = kept;
    /* sections that kept articles, renumbered */
    size_t *map = np_xcalloc(p->sections.n + 1, sizeof *map);
    unsigned char *used = np_xcalloc(p->sections.n + 1, 1);
    for (size_t i = 0; i < p->narts; i++)
        used[p->arts[i].section] = 1;
    size_t ns = 0;
    for (size_t s = 0; s < p->sections.n; s++) {
        if (used[s]) {
            map[s] = ns;
            p->sections.v[ns++] = p->sections.v[s];
        } else {
            free(p->sections.v[s].title);
            free(p->sections.v[s].key);
            free(p->sections.v[s].items);
        }
    }
    p->sections.n = ns;
    p->sections.narticles = p->narts;
    int all_rtl = 1;
    for (size_t i = 0; i < p->narts; i++) {
        ep_article *a = &p->arts[i];
        a->section = map[a->section];
        a->pos = i;
        /* fewer than 4e9 articles (each takes more than 160 bytes): 10 digits */
        snprintf(a->id, sizeof a->id, "a%04u", (unsigned)(i + 1));
        snprintf(a->href, sizeof a->href, "%s.xhtml", a->id);
        all_rtl &= !strcmp(a->dir, "rtl");
    }
    p->all_rtl = p->narts > 0 && all_rtl;
    free(map);
    free(used);
}

static int cmp_ptr(const void *a, const void *b)
{
    const void *x = *(const void *const *)a, *y = *(const void *const *)b;
    return x < y ? -1 : x > y;
}

size_t ep_plan_items_shown(const ep_plan *p)
{
    /* the articles, and the picture items they link to (once each) */
    size_t n = 0, cap = 0;
    const void **pics = NULL;
    for (size_t i = 0; i < p->narts; i++)
        for (const np_link *l = p->arts[i].it->links; l; l = l->next) {
            const np_item *pic = ep_linked_picture(p, p->arts[i].it, l);
            if (!pic)
                continue;
            NP_GROW(pics, n, cap, 16);
            pics[n++] = pic;
        }
    if (n)
        qsort(pics, n, sizeof *pics, cmp_ptr);
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++)
        distinct += i == 0 || pics[i] != pics[i - 1];
    free(pics);
    return p->narts + distinct;
}
