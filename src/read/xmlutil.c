/* Small libxml2 helpers shared by the reader and the body converter. */
#include "xmlutil.h"
#include "newsprint/buf.h"

#include <string.h>

const char *np_xml_name(const xmlNode *n)
{
    return (n && n->type == XML_ELEMENT_NODE && n->name) ? (const char *)n->name : "";
}

int np_xml_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
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

char *np_collapse_ws(char *s)
{
    if (!s)
        return s;
    char *w = s;
    int space = 1; /* drops leading whitespace */
    for (const char *r = s; *r; r++) {
        size_t ctl = np_control_len(r);
        if (ctl) {
            r += ctl - 1;
            continue;
        }
        if (is_ws((unsigned char)*r)) {
            if (!space)
                *w++ = ' ';
            space = 1;
        } else {
            *w++ = *r;
            space = 0;
        }
    }
    if (w > s && w[-1] == ' ')
        w--;
    *w = '\0';
    return s;
}

char *np_xml_attr(np_arena *a, const xmlNode *n, const char *name)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return NULL;
    for (xmlAttr *at = n->properties; at; at = at->next) {
        if (at->ns || strcmp((const char *)at->name, name) != 0)
            continue;
        xmlChar *v = xmlNodeGetContent((xmlNode *)at);
        if (!v)
            return NULL;
        char *s = np_collapse_ws(np_arena_strdup(a, (const char *)v));
        xmlFree(v);
        return *s ? s : NULL;
    }
    return NULL;
}

char *np_xml_lang(np_arena *a, const xmlNode *n)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return NULL;
    xmlChar *v = xmlGetNsProp(n, (const xmlChar *)"lang", XML_XML_NAMESPACE);
    if (!v)
        return NULL;
    char *s = np_collapse_ws(np_arena_strdup(a, (const char *)v));
    xmlFree(v);
    return *s ? s : NULL;
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

char *np_xml_text(np_arena *a, const xmlNode *n)
{
    if (!n)
        return NULL;
    np_buf b = NP_BUF_INIT;
    np_xml_raw_text(n, &b);
    char *s = NULL;
    if (b.len) {
        s = np_collapse_ws(np_arena_strndup(a, b.data, b.len));
        if (!*s)
            s = NULL;
    }
    np_buf_free(&b);
    return s;
}
