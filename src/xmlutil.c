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

char *np_xml_text(np_arena *a, const xmlNode *n)
{
    if (!n)
        return NULL;
    np_buf b = NP_BUF_INIT;
    const xmlNode *cur = n->children;
    while (cur) {
        if ((cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) && cur->content)
            np_buf_puts(&b, (const char *)cur->content);
        if (cur->type == XML_ELEMENT_NODE && cur->children) {
            cur = cur->children;
            continue;
        }
        while (cur != n && !cur->next)
            cur = cur->parent;
        if (cur == n)
            break;
        cur = cur->next;
    }
    char *s = NULL;
    if (b.len) {
        s = np_collapse_ws(np_arena_strndup(a, b.data, b.len));
        if (!*s)
            s = NULL;
    }
    np_buf_free(&b);
    return s;
}
