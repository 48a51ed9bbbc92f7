/* A paragraph's break opportunities and hyphenation points, kept between
 * calls that break the same text for other widths (libunibreak and
 * libhyphen are the dear part of line breaking).  The cache holds a copy
 * of the text and the options they depend on, and is refilled when they
 * change. */
#include "layout_priv.h"

#include <stdlib.h>
#include <string.h>

struct np_layout_cache {
    char *text;      /* copy of the text */
    size_t len;
    char *lang;      /* the language tag given, or NULL */
    int break_urls;
    const np_hyphenator *hyph;
    char *brks;      /* libunibreak classes, len bytes */
    char *hy;        /* hyphenation points, len bytes, or NULL */
    int hy_ready;
    int valid;
};

np_layout_cache *np_layout_cache_new(void)
{
    return calloc(1, sizeof(np_layout_cache));
}

static void clear(np_layout_cache *c)
{
    free(c->text);
    free(c->lang);
    free(c->brks);
    free(c->hy);
    memset(c, 0, sizeof *c);
}

void np_layout_cache_free(np_layout_cache *c)
{
    if (!c)
        return;
    clear(c);
    free(c);
}

static int same_lang(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

const char *lt_cache_get(np_layout_cache *c, const lt_ctx *x, char **hy, int *hy_ready)
{
    if (!c || !c->valid || c->len != x->len || c->break_urls != x->o->break_urls ||
        c->hyph != x->o->hyphenator || !same_lang(c->lang, x->o->lang) ||
        memcmp(c->text, x->text, x->len) != 0)
        return NULL;
    *hy = c->hy;
    *hy_ready = c->hy_ready;
    return c->brks;
}

char *lt_cache_put(np_layout_cache *c, const lt_ctx *x, const char *brks, int *failed)
{
    *failed = 0;
    if (!c)
        return NULL;
    clear(c);
    c->text = malloc(x->len);
    c->brks = malloc(x->len);
    c->lang = x->o->lang ? strdup(x->o->lang) : NULL;
    c->hy = x->o->hyphenator ? calloc(x->len, 1) : NULL;
    if (!c->text || !c->brks || (x->o->lang && !c->lang) || (x->o->hyphenator && !c->hy)) {
        clear(c);
        *failed = 1;
        return NULL;
    }
    memcpy(c->text, x->text, x->len);
    memcpy(c->brks, brks, x->len);
    c->len = x->len;
    c->break_urls = x->o->break_urls;
    c->hyph = x->o->hyphenator;
    c->valid = 1;
    return c->hy;
}

void lt_cache_hy_done(np_layout_cache *c)
{
    if (c)
        c->hy_ready = 1;
}
