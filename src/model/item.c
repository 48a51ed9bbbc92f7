/* The article model: freeing, names, body text and word counts. */
#include "newsprint/item.h"
#include "newsprint/buf.h"
#include "util/arena.h"

#include <ctype.h>
#include <string.h>

void np_item_free(np_item *item)
{
    if (item)
        np_arena_free(item->arena); /* the item itself lives in its arena */
}

/* "en" matches "en", "en-GB", "en_GB"; case-insensitive. */
static int lang_matches(const char *have, const char *want)
{
    if (!have || !want)
        return 0;
    size_t n = strlen(want);
    const char *dash = strpbrk(want, "-_");
    if (dash)
        n = (size_t)(dash - want);
    if (strncasecmp(have, want, n) != 0)
        return 0;
    return have[n] == '\0' || have[n] == '-' || have[n] == '_';
}

const char *np_concept_name(const np_concept *c, const char *lang)
{
    if (!c)
        return NULL;
    if (lang) {
        for (const np_text *t = c->names; t; t = t->next)
            if (t->lang && strcasecmp(t->lang, lang) == 0)
                return t->text;
        for (const np_text *t = c->names; t; t = t->next)
            if (lang_matches(t->lang, lang))
                return t->text;
    }
    /* prefer a name without a role (the preferred label) */
    for (const np_text *t = c->names; t; t = t->next)
        if (!t->role)
            return t->text;
    if (c->names)
        return c->names->text;
    if (c->literal)
        return c->literal;
    return c->qcode ? c->qcode : c->uri;
}

static void inline_text(const np_inline *in, np_buf *out)
{
    for (; in; in = in->next) {
        switch (in->kind) {
        case NP_INL_TEXT:
            np_buf_puts(out, in->text);
            break;
        case NP_INL_BREAK:
            np_buf_putc(out, '\n');
            break;
        default:
            inline_text(in->children, out);
        }
    }
}

static void block_text(const np_block *b, np_buf *out)
{
    for (; b; b = b->next) {
        if (b->inl && b->kind != NP_BLK_FIGURE && b->kind != NP_BLK_TABLE) {
            if (out->len)
                np_buf_puts(out, "\n\n");
            inline_text(b->inl, out);
        }
        if (b->kind == NP_BLK_FIGURE || b->kind == NP_BLK_TABLE) {
            if (b->inl) {
                if (out->len)
                    np_buf_puts(out, "\n\n");
                inline_text(b->inl, out);
            }
        }
        block_text(b->children, out);
        if (b->kind == NP_BLK_FIGURE && b->credit) {
            if (out->len)
                np_buf_puts(out, "\n\n");
            np_buf_puts(out, b->credit);
        }
    }
}

void np_item_body_text(const np_item *item, np_buf *out)
{
    if (item && item->body)
        block_text(item->body, out);
}

size_t np_item_word_count(const np_item *item)
{
    np_buf b = NP_BUF_INIT;
    np_item_body_text(item, &b);
    size_t words = 0;
    int in_word = 0;
    for (size_t i = 0; i < b.len; i++) {
        unsigned char c = (unsigned char)b.data[i];
        int space = c < 0x80 && (isspace(c) || c == 0);
        if (!space && !in_word)
            words++;
        in_word = !space;
    }
    np_buf_free(&b);
    return words;
}
