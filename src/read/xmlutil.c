/* Small libxml2 helpers shared by the reader and the body converter. */
#include "xmlutil.h"
#include "newsprint/buf.h"
#include "util/utf8.h"
#include "model/words.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

const char *np_xml_name(const xmlNode *n)
{
    return (n && n->type == XML_ELEMENT_NODE && n->name) ? (const char *)n->name : "";
}

int np_xml_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

const xmlNode *np_xml_next_elem(const xmlNode *n)
{
    for (n = n ? n->next : NULL; n && n->type != XML_ELEMENT_NODE; n = n->next)
        ;
    return n;
}

const xmlNode *np_xml_first_elem(const xmlNode *n)
{
    n = n ? n->children : NULL;
    return n && n->type != XML_ELEMENT_NODE ? np_xml_next_elem(n) : n;
}

xmlNode *np_xml_child(const xmlNode *n, const char *name)
{
    if (!n)
        return NULL;
    for (xmlNode *c = n->children; c; c = c->next)
        if (np_xml_is(c, name))
            return c;
    return NULL;
}

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Length of a control character at s (C0 but whitespace, DEL, C1), or 0.
 * Control characters are never reader-facing text: a C1 CSI (U+009B) is a
 * terminal escape in a text output. */
size_t np_control_len(const char *s)
{
    unsigned char c = (unsigned char)s[0];
    if ((c < 0x20 && !is_ws(c)) || c == 0x7f)
        return 1;
    if (c == 0xc2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9f)
        return 2;
    return 0;
}

/* U+202A..U+202E (embeddings, overrides, their end) and U+2066..U+2069
 * (isolates): in a headline, a slugline or a name they could reorder the
 * text around the field wherever it is shown (a table of contents, a file
 * name, a wire header).  Marks (LRM, RLM, ALM) reorder nothing: kept. */
static size_t bidi_control_len(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] != 0xe2)
        return 0;
    if (u[1] == 0x80 && u[2] >= 0xaa && u[2] <= 0xae)
        return 3;
    if (u[1] == 0x81 && u[2] >= 0xa6 && u[2] <= 0xa9)
        return 3;
    return 0;
}

/* A byte np_squeeze_ws() keeps as it is, without a space: printable
 * ASCII and UTF-8 bytes but the lead of a C1 control (0xc2) and, with
 * `bidi`, of a bidi control (0xe2): those are looked at closer. */
static int plain_byte(unsigned char c, int bidi)
{
    return c > 0x20 && c != 0x7f && c != 0xc2 && !(bidi && c == 0xe2);
}

/* The end of the run from r of plain bytes and single spaces (what
 * np_squeeze_ws() keeps as it is), at most `end`; `*space` in and out as
 * there.  With SSE2, sixteen bytes at a time: the byte loop costs about
 * seven instructions a byte of text, this less than one. */
static const char *plain_run(const char *r, const char *end, int *space, int bidi)
{
    int sp = *space;
#ifdef __SSE2__
    const __m128i blank = _mm_set1_epi8(' '), del = _mm_set1_epi8(0x7f),
                  c1 = _mm_set1_epi8((char)0xc2), bd = _mm_set1_epi8((char)0xe2);
    for (; end - r >= 16; r += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)r);
        __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(v, blank), v); /* <= 0x20 */
        __m128i spc = _mm_cmpeq_epi8(v, blank);
        __m128i odd = _mm_or_si128(_mm_cmpeq_epi8(v, del), _mm_cmpeq_epi8(v, c1));
        if (bidi)
            odd = _mm_or_si128(odd, _mm_cmpeq_epi8(v, bd));
        /* bit i: byte i */
        unsigned s = (unsigned)_mm_movemask_epi8(spc);
        unsigned bad = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_andnot_si128(spc, low), odd));
        bad |= s & ((s << 1) | (unsigned)sp); /* a space after a space */
        if (bad) {
            unsigned at = (unsigned)__builtin_ctz(bad);
            if (at)
                sp = (s >> (at - 1)) & 1;
            *space = sp;
            return r + at;
        }
        sp = (int)(s >> 15);
    }
#endif
    for (; r < end; r++) {
        unsigned char c = (unsigned char)*r;
        if (plain_byte(c, bidi))
            sp = 0;
        else if (c == ' ' && !sp)
            sp = 1;
        else
            break;
    }
    *space = sp;
    return r;
}

char *np_squeeze_ws(char *s, int *space, int bidi)
{
    const char *end = s + strlen(s);
    char *w = s;
    int sp = *space;
    for (const char *r = s;;) {
        /* plain bytes and single spaces, most of a text: kept as they
         * are, moved in runs (not at all before the first change) */
        const char *run = r;
        r = plain_run(r, end, &sp, bidi);
        if (r > run) {
            if (w != run)
                memmove(w, run, (size_t)(r - run));
            w += r - run;
        }
        if (r == end)
            break;
        size_t ctl = np_control_len(r);
        if (!ctl && bidi)
            ctl = bidi_control_len(r);
        if (ctl) {
            r += ctl;
            continue;
        }
        if (is_ws((unsigned char)*r)) {
            if (!sp)
                *w++ = ' ';
            sp = 1;
        } else {
            *w++ = *r;
            sp = 0;
        }
        r++;
    }
    *space = sp;
    return w;
}

char *np_collapse_ws(char *s)
{
    if (!s)
        return s;
    int space = 1; /* drops leading whitespace */
    char *w = np_squeeze_ws(s, &space, 1);
    if (w > s && w[-1] == ' ')
        w--;
    *w = '\0';
    return s;
}

/* A copy of s in the arena, whitespace collapsed; NULL when that leaves
 * nothing. */
static char *collapsed_copy(np_arena *a, const xmlChar *s)
{
    char *c = np_collapse_ws(np_arena_strdup(a, (const char *)s));
    return *c ? c : NULL;
}

/* The content of `first`, a node's first child, when it is the only child
 * and a text (or CDATA) node: most attributes and fields, read where they
 * are rather than through a copy of libxml2's.  NULL otherwise. */
static const xmlChar *sole_text(const xmlNode *first)
{
    return first && !first->next &&
                   (first->type == XML_TEXT_NODE || first->type == XML_CDATA_SECTION_NODE)
               ? first->content
               : NULL;
}

/* An attribute's value, whitespace collapsed, copied into the arena;
 * NULL when empty. */
static char *attr_value(np_arena *a, const xmlAttr *at)
{
    const xmlChar *t = sole_text(at->children);
    if (t)
        return collapsed_copy(a, t);
    xmlChar *v = xmlNodeGetContent((const xmlNode *)at);
    if (!v)
        return NULL;
    char *s = collapsed_copy(a, v);
    xmlFree(v);
    return s;
}

char *np_xml_attr(np_arena *a, const xmlNode *n, const char *name)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return NULL;
    for (const xmlAttr *at = n->properties; at; at = at->next)
        if (!at->ns && at->name[0] == (xmlChar)name[0] && !strcmp((const char *)at->name, name))
            return attr_value(a, at);
    return NULL;
}

/* A document with a DTD may give attributes default values, which
 * libxml2's getters find there: those documents go through them. */
static int has_dtd(const xmlNode *n)
{
    return n->doc && (n->doc->intSubset || n->doc->extSubset);
}

char *np_xml_lang(np_arena *a, const xmlNode *n)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return NULL;
    if (!has_dtd(n)) {
        for (const xmlAttr *at = n->properties; at; at = at->next)
            if (at->ns && at->ns->href && !strcmp((const char *)at->name, "lang") &&
                !strcmp((const char *)at->ns->href, (const char *)XML_XML_NAMESPACE))
                return attr_value(a, at);
        return NULL;
    }
    xmlChar *v = xmlGetNsProp(n, (const xmlChar *)"lang", XML_XML_NAMESPACE);
    if (!v)
        return NULL;
    char *s = collapsed_copy(a, v);
    xmlFree(v);
    return s;
}

/* Visit every text node below n in document order, without recursion.
 * `fn` returns non-zero to stop; the stopping node is returned. */
static const xmlNode *walk_text(const xmlNode *n, int (*fn)(void *, const xmlNode *), void *ud)
{
    if (!n)
        return NULL;
    const xmlNode *cur = n->children;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        return fn(ud, n) ? n : NULL;
    while (cur) {
        if ((cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) && cur->content &&
            fn(ud, cur))
            return cur;
        if ((cur->type == XML_ELEMENT_NODE || cur->type == XML_DOCUMENT_NODE) && cur->children) {
            cur = cur->children;
            continue;
        }
        while (cur != n && !cur->next)
            cur = cur->parent;
        if (cur == n)
            break;
        cur = cur->next;
    }
    return NULL;
}

static int add_raw(void *ud, const xmlNode *t)
{
    np_buf_puts(ud, (const char *)t->content);
    return 0;
}

size_t np_xml_raw_text(const xmlNode *n, np_buf *out)
{
    size_t before = out->len;
    walk_text(n, add_raw, out);
    return out->len - before;
}

static int add_len(void *ud, const xmlNode *t)
{
    *(size_t *)ud += strlen((const char *)t->content);
    return 0;
}

size_t np_xml_text_len(const xmlNode *n)
{
    size_t len = 0;
    walk_text(n, add_len, &len);
    return len;
}

static int too_long(void *ud, const xmlNode *t)
{
    size_t max = *(const size_t *)ud;
    return t->content && strnlen((const char *)t->content, max + 1) > max;
}

const xmlNode *np_xml_find_long_text(const xmlNode *n, size_t max)
{
    return walk_text(n, too_long, &max);
}

int np_xml_name_in(const char *name, const char *const *list)
{
    /* the first letters first: most names differ there (no call) */
    for (; *list; list++)
        if (name[0] == (*list)[0] && strcmp(name, *list) == 0)
            return 1;
    return 0;
}

int np_xml_is_blockish(const char *name)
{
    static const char *const blocks[] = {
        "p", "div", "ul", "ol", "dl", "li", "dt", "dd", "table", "blockquote", "bq", "media",
        "figure", "img", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "hl1", "hl2",
        "block", "section", "article", "aside", "header", "footer", "body.content",
        "body.end", "body.head", "nitf", "body", "html", "address", "fn", "note",
        "tagline", "abstract", "bibliography", "figcaption", "nav", "main", "center",
        "hedline", "byline", "dateline", "distributor", "series", NULL};
    return np_xml_name_in(name, blocks);
}

/* Inline formatting: its edges may fall inside a word ("<b>W</b>ELLINGTON",
 * "un<em>usual</em>"). */
static int is_formatting(const char *name)
{
    static const char *const fmt[] = {
        "b", "i", "em", "strong", "a", "span", "u", "sup", "sub", "small", "big", "tt",
        "code", "font", "s", "strike", "mark", "ins", "del", "dfn", "var", "kbd", "samp",
        "bdi", "bdo", "abbr", "acronym", "cite", "q", "wbr", "nobr", "lang", "emphasis",
        "pronounce", "ruby", "rb", "rt", "rp", NULL};
    return np_xml_name_in(name, fmt);
}

/* Elements whose edges separate words even when the source puts no space
 * there: everything but inline formatting, i.e. blocks, cells, line
 * breaks and the elements that mark a name, place or date
 * ("By<person>Jane Doe</person><byttl>Editor", "limited<Company>Alko"). */
int np_xml_is_word_boundary(const char *name)
{
    return !is_formatting(name);
}

/* The first / last code point of a string, 0 when empty or invalid. */
static uint32_t first_cp(const char *s)
{
    uint32_t cp = 0;
    if (s && *s && !np_utf8_decode((const unsigned char *)s, strlen(s), &cp))
        cp = 0;
    return cp;
}

static uint32_t last_cp(const char *s, size_t len)
{
    size_t i = len;
    while (i > 0 && len - i < 4 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
        i--;
    uint32_t cp = 0;
    if (i == 0 || !np_utf8_decode((const unsigned char *)s + i - 1, len - i + 1, &cp))
        return 0;
    return cp;
}

/* The first or last text node at the edge of a subtree (or n itself). */
static const xmlNode *edge_text(const xmlNode *n, int last)
{
    while (n && n->type == XML_ELEMENT_NODE)
        n = last ? n->last : n->children;
    return n && (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) ? n : NULL;
}

int np_xml_words_meet(const xmlNode *left, const xmlNode *right)
{
    const xmlNode *l = edge_text(left, 1), *r = edge_text(right, 0);
    if (!l || !r || !l->content || !r->content)
        return 0;
    const char *ls = (const char *)l->content;
    size_t ll = strlen(ls);
    /* "WELLINGTON,<story.date>Nov. 16": a comma closes up to the word before */
    int ends_word = ll && strchr(",;:", ls[ll - 1]) ? 1 : np_is_spaced_word_char(last_cp(ls, ll));
    return ends_word && np_is_spaced_word_char(first_cp((const char *)r->content));
}

static int appends_space(np_buf *b, const xmlNode *left, const xmlNode *right)
{
    if (left && right && np_xml_words_meet(left, right))
        np_buf_putc(b, ' ');
    return 0;
}

/* Descendant text as written, with a space where a word-boundary element
 * meets a word on either side; iterative. */
static void spaced_text(const xmlNode *n, np_buf *out)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        np_buf_puts(out, (const char *)n->content);
        return;
    }
    const xmlNode *cur = n->children;
    while (cur) {
        int boundary = cur->type == XML_ELEMENT_NODE && np_xml_is_word_boundary(np_xml_name(cur));
        if (boundary)
            appends_space(out, cur->prev, cur->children ? cur : cur->next); /* <br/> between words */
        if ((cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) && cur->content)
            np_buf_puts(out, (const char *)cur->content);
        if (cur->type == XML_ELEMENT_NODE && cur->children) {
            cur = cur->children;
            continue;
        }
        if (boundary)
            appends_space(out, cur, cur->next);
        while (cur != n && !cur->next) {
            cur = cur->parent;
            if (cur != n && cur->type == XML_ELEMENT_NODE &&
                np_xml_is_word_boundary(np_xml_name(cur)))
                appends_space(out, cur, cur->next);
        }
        if (cur == n)
            break;
        cur = cur->next;
    }
}

char *np_xml_text(np_arena *a, const xmlNode *n)
{
    if (!n)
        return NULL;
    const xmlChar *t = n->type == XML_ELEMENT_NODE ? sole_text(n->children) : NULL;
    if (t)
        return collapsed_copy(a, t); /* one text node: no spaces to add */
    np_buf b = NP_BUF_INIT;
    spaced_text(n, &b);
    char *s = NULL;
    if (b.len) {
        s = np_collapse_ws(np_arena_strndup(a, b.data, b.len));
        if (!*s)
            s = NULL;
    }
    np_buf_free(&b);
    return s;
}

/* Is `word` one of the whitespace-separated words of `list` (any case)? */
static int has_word(const char *list, const char *word)
{
    size_t wl = strlen(word);
    for (const char *p = list; p && *p;) {
        p += strspn(p, " \t\n\r");
        size_t l = strcspn(p, " \t\n\r");
        if (l == wl && !strncasecmp(p, word, wl))
            return 1;
        p += l;
    }
    return 0;
}

int np_xml_has_class(const xmlNode *n, const char *word)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return 0;
    if (!has_dtd(n)) {
        /* the first attribute so named, in any namespace, as xmlGetProp() */
        const xmlAttr *at = n->properties;
        while (at && strcmp((const char *)at->name, "class"))
            at = at->next;
        if (!at)
            return 0;
        const xmlChar *t = sole_text(at->children);
        if (t)
            return has_word((const char *)t, word);
    }
    if (!xmlHasProp(n, (const xmlChar *)"class"))
        return 0;
    xmlChar *cls = xmlGetProp(n, (const xmlChar *)"class");
    int found = has_word((const char *)cls, word);
    xmlFree(cls);
    return found;
}
