/* The article model: freeing, names, body text and word counts. */
#include "newsprint/item.h"
#include "newsprint/buf.h"
#include "newsprint/park.h"
#include "util/arena.h"
#include "words.h"

#include <string.h>
#include <strings.h>

void np_item_free(np_item *item)
{
    if (!item)
        return;
    np_arena_free(item->body_arena);
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
    if (!item)
        return;
    if (item->body) {
        block_text(item->body, out);
        return;
    }
    /* parked: read back for the moment (an unreadable spool reads as none) */
    const np_block *body = NULL;
    np_body_loan loan;
    if (item->parked && np_item_body_open(item, &body, &loan, NULL) == NP_OK) {
        block_text(body, out);
        np_item_body_close(&loan);
    }
}

size_t np_item_word_count(const np_item *item)
{
    np_buf b = NP_BUF_INIT;
    np_item_body_text(item, &b);
    size_t words = np_count_words(b.data, b.len);
    np_buf_free(&b);
    return words;
}

int np_item_has_body(const np_item *item)
{
    return item && (item->body || item->parked);
}

int np_item_has_body_words(const np_item *item)
{
    if (item && item->outline)
        return item->outline->has_words;
    if (!item || !item->body)
        return 0;
    np_buf b = NP_BUF_INIT;
    np_item_body_text(item, &b);
    int words = np_has_words(b.data, b.len);
    np_buf_free(&b);
    return words;
}

static int has_text(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 1;
    return 0;
}

enum { HEADLINE_MAX = 100 }; /* bytes of a headline made from a sentence */

/* The first sentence of the first paragraph of `text`, shortened at a
 * space (or, in text without spaces, at a character) to HEADLINE_MAX
 * bytes with an ellipsis; into the item's arena. */
static const char *sentence_headline(const np_item *item, const char *text, size_t len)
{
    const char *para_end = strstr(text, "\n\n");
    if (para_end && (size_t)(para_end - text) < len)
        len = (size_t)(para_end - text);
    while (len && (*text == ' ' || *text == '\n'))
        text++, len--;
    size_t n = np_first_sentence_len(text, len);
    if (!n || !item->arena)
        return NULL;
    if (n <= HEADLINE_MAX)
        return np_arena_strndup(item->arena, text, n);
    size_t cut = HEADLINE_MAX;
    while (cut > HEADLINE_MAX / 2 && text[cut] != ' ')
        cut--;
    if (text[cut] != ' ')
        for (cut = HEADLINE_MAX; cut && ((unsigned char)text[cut] & 0xc0) == 0x80; cut--)
            ; /* no space: cut before a character */
    while (cut && (text[cut - 1] == ' ' || text[cut - 1] == ',' || text[cut - 1] == ';'))
        cut--;
    np_buf b = NP_BUF_INIT;
    np_buf_put(&b, text, cut);
    np_buf_puts(&b, "\xe2\x80\xa6"); /* … */
    const char *h = np_arena_strndup(item->arena, b.data, b.len);
    np_buf_free(&b);
    return h;
}

static const char *display_headline(const np_item *item, int *ours)
{
    *ours = 0;
    if (!item)
        return NULL;
    if (has_text(item->headline))
        return item->headline;
    if (has_text(item->slugline))
        return item->slugline;
    const char *h = NULL;
    np_buf b = NP_BUF_INIT;
    np_item_body_text(item, &b);
    if (b.len)
        h = sentence_headline(item, b.data, b.len);
    np_buf_free(&b);
    const char *texts[] = {item->caption, item->summary};
    for (size_t i = 0; i < 2 && !h; i++)
        if (has_text(texts[i]))
            h = sentence_headline(item, texts[i], strlen(texts[i]));
    if (!h && item->renditions) {
        /* no text at all: say what it is */
        static const char *const what[] = {
            [NP_CLASS_PICTURE] = "Picture", [NP_CLASS_GRAPHIC] = "Graphic",
            [NP_CLASS_VIDEO] = "Video", [NP_CLASS_AUDIO] = "Audio"};
        if ((size_t)item->item_class < sizeof what / sizeof *what)
            h = what[item->item_class];
        *ours = h != NULL;
    }
    return h;
}

const char *np_item_display_headline(const np_item *item)
{
    int ours;
    return display_headline(item, &ours);
}

const char *np_item_display_headline_ours(const np_item *item, int *ours)
{
    int ignored;
    return display_headline(item, ours ? ours : &ignored);
}
