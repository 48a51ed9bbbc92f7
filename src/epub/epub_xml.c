/* EPUB converter: the XML writer and text hygiene.
 *
 * The writer puts out what libxml2's xmlTextWriter (memory, no indent,
 * UTF-8, which the EPUB converter used before) wrote for the same calls,
 * byte for byte: every call of the library's went through its output
 * buffer, its UTF-8 "conversion" and a list node per element, a tenth of
 * a digest's instructions.  Its rules, kept here: a start tag stays open
 * for attributes until content, a child or the end comes; an element ended
 * while its start tag is open is written <name/> (ep_xw_end_empty) or
 * <name></name> (ep_xw_end); an attribute anywhere else, an end with no
 * element open or a doctype inside the root make the document fail; the
 * end of the document closes what is open and adds a newline. */
#include "epub_xml.h"
#include "util/alloc.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PUT(x, lit) np_buf_put(&(x)->doc, lit, sizeof lit - 1)

/* The start tag of the innermost element gets its '>' before anything
 * else is written. */
static void close_tag(ep_xw *x)
{
    if (x->tag_open) {
        np_buf_putc(&x->doc, '>');
        x->tag_open = 0;
    }
}

int ep_xw_open(ep_xw *x)
{
    memset(x, 0, sizeof *x);
    np_buf_grow(&x->doc, 4096);
    PUT(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    return 0;
}

void ep_xw_doctype_html(ep_xw *x)
{
    if (x->depth) {
        x->failed = 1; /* a DTD belongs in the prolog */
        return;
    }
    PUT(x, "<!DOCTYPE html>");
    ep_xw_nl(x);
}

void ep_xw_start(ep_xw *x, const char *name)
{
    close_tag(x);
    size_t n = strlen(name);
    np_buf_putc(&x->doc, '<');
    np_buf_put(&x->doc, name, n);
    x->tag_open = 1;
    /* the name, kept for the end tag (NUL-separated, innermost last) */
    NP_GROW_POW2(x->open, x->depth);
    x->open[x->depth++] = x->names.len;
    np_buf_put(&x->names, name, n + 1);
}

/* `s` into `b`, each character of `special` written as its `entity`
 * (same place in both). */
static void put_escaped(np_buf *b, const char *s, const char *special,
                        const char *const *entity)
{
    for (;;) {
        size_t n = strcspn(s, special);
        np_buf_put(b, s, n);
        if (!s[n])
            return;
        np_buf_puts(b, entity[strchr(special, s[n]) - special]);
        s += n + 1;
    }
}

/* An attribute value escaped as libxml2 escapes one (the quote, markup
 * and the white space a parser would normalise away). */
static void put_attr_value(np_buf *b, const char *v)
{
    static const char special[] = "\n\r\t\"<>&";
    static const char *const entity[] = {"&#10;", "&#13;", "&#9;", "&quot;",
                                         "&lt;",  "&gt;",  "&amp;"};
    put_escaped(b, v, special, entity);
}

static void put_attr(ep_xw *x, const char *name, const char *value)
{
    if (!x->tag_open) {
        x->failed = 1; /* only in a start tag */
        return;
    }
    np_buf_putc(&x->doc, ' ');
    np_buf_puts(&x->doc, name);
    PUT(x, "=\"");
    put_attr_value(&x->doc, value);
    np_buf_putc(&x->doc, '"');
}

void ep_xw_attr(ep_xw *x, const char *name, const char *value)
{
    if (value)
        put_attr(x, name, ep_xml_clean(value, &x->tmp));
}

void ep_xw_attr_int(ep_xw *x, const char *name, long value)
{
    char v[32];
    snprintf(v, sizeof v, "%ld", value);
    put_attr(x, name, v);
}

void ep_xw_attr_fixed(ep_xw *x, const char *name, double value, int decimals)
{
    char v[400]; /* %f of the largest double has 309 digits before the point */
    snprintf(v, sizeof v, "%.*f", decimals < 0 ? 0 : decimals > 20 ? 20 : decimals, value);
    put_attr(x, name, v);
}

static void start_with(ep_xw *x, const char *name, const char *const *attrs)
{
    ep_xw_start(x, name);
    for (; attrs[0]; attrs += 2)
        ep_xw_attr(x, attrs[0], attrs[1]);
}

void ep_xw_start_attrs(ep_xw *x, const char *name, const char *const *attrs)
{
    start_with(x, name, attrs);
    ep_xw_nl(x);
}

int ep_xw_open_root(ep_xw *x, const char *root, const char *const *attrs)
{
    if (ep_xw_open(x) < 0)
        return -1;
    ep_xw_start_attrs(x, root, attrs);
    return 0;
}

void ep_xw_empty_attrs(ep_xw *x, const char *name, const char *const *attrs)
{
    start_with(x, name, attrs);
    ep_xw_end_empty(x);
    ep_xw_nl(x);
}

void ep_xw_lang(ep_xw *x, const char *lang, const char *dir)
{
    if (lang) {
        ep_xw_attr(x, "lang", lang);
        ep_xw_attr(x, "xml:lang", lang);
    }
    ep_xw_attr(x, "dir", dir);
}

/* Text is escaped as xmlTextWriterWriteString() escapes it in an element
 * (xmlEncodeSpecialChars(): < > & " and CR).  Any text, even one that the
 * cleaning leaves empty, closes the start tag. */
void ep_xw_text(ep_xw *x, const char *s)
{
    if (!s || !*s)
        return;
    close_tag(x);
    static const char special[] = "<>&\"\r";
    static const char *const entity[] = {"&lt;", "&gt;", "&amp;", "&quot;", "&#13;"};
    put_escaped(&x->doc, ep_xml_clean(s, &x->tmp), special, entity);
}

/* Close the innermost element: `empty`, <name/> when nothing was written
 * in it, else <name></name>. */
static void end_element(ep_xw *x, int empty)
{
    if (!x->depth) {
        x->failed = 1;
        return;
    }
    size_t at = x->open[--x->depth];
    if (x->tag_open && empty) {
        PUT(x, "/>");
        x->tag_open = 0;
    } else {
        close_tag(x);
        PUT(x, "</");
        np_buf_put(&x->doc, x->names.data + at, x->names.len - at - 1);
        np_buf_putc(&x->doc, '>');
    }
    np_buf_truncate(&x->names, at);
}

void ep_xw_end(ep_xw *x)
{
    end_element(x, 0);
}

void ep_xw_end_empty(ep_xw *x)
{
    end_element(x, 1);
}

void ep_xw_elem(ep_xw *x, const char *name, const char *text)
{
    ep_xw_start(x, name);
    ep_xw_text(x, text);
    ep_xw_end(x);
}

void ep_xw_nl(ep_xw *x)
{
    if (!x->pre) {
        close_tag(x);
        np_buf_putc(&x->doc, '\n');
    }
}

int ep_xw_finish(ep_xw *x, np_buf *out)
{
    while (x->depth)
        end_element(x, 1);
    np_buf_putc(&x->doc, '\n');
    int rc = x->failed ? -1 : 0;
    np_buf_free(out);
    if (!rc) {
        *out = x->doc; /* the caller's now */
        memset(&x->doc, 0, sizeof x->doc);
    }
    ep_xw_free(x);
    return rc;
}

void ep_xw_free(ep_xw *x)
{
    np_buf_free(&x->doc);
    np_buf_free(&x->names);
    np_buf_free(&x->tmp);
    free(x->open);
    x->open = NULL;
    x->depth = 0;
}

/* ---- text hygiene ------------------------------------------------------ */

static int xml_char_ok(uint32_t c)
{
    if (c < 0x20)
        return c == 0x9 || c == 0xa || c == 0xd;
    return c != 0xfffe && c != 0xffff;
}

const char *ep_xml_clean(const char *s, np_buf *tmp)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0;
    uint32_t cp;
    /* fast path: nothing to change; printable ASCII eight bytes at a time
     * (no byte with its top bit set, none below 0x20) */
    const uint64_t ones = 0x0101010101010101u, tops = 0x8080808080808080u;
    while (i < n) {
        uint64_t w;
        if (n - i >= 8 && (memcpy(&w, p + i, 8), !(w & tops)) && !((w - 0x20 * ones) & ~w & tops)) {
            i += 8;
            continue;
        }
        if (p[i] >= 0x20 && p[i] < 0x80) {
            i++;
            continue;
        }
        size_t len = np_utf8_decode(p + i, n - i, &cp);
        if (!len || !xml_char_ok(cp))
            break;
        i += len;
    }
    if (i == n)
        return s;
    np_buf_reset(tmp);
    np_buf_put(tmp, s, i);
    while (i < n) {
        size_t len = np_utf8_decode(p + i, n - i, &cp);
        if (!len) {
            np_buf_puts(tmp, "\xef\xbf\xbd"); /* U+FFFD */
            i++;
            continue;
        }
        if (xml_char_ok(cp))
            np_buf_put(tmp, p + i, len);
        i += len;
    }
    return np_buf_cstr(tmp);
}

static int is_hex(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int ep_link_href(const char *href, np_buf *out)
{
    np_buf_reset(out);
    if (!href)
        return 0;
    while (*href == ' ' || *href == '\t' || *href == '\n' || *href == '\r')
        href++;
    size_t n = strlen(href);
    while (n && (href[n - 1] == ' ' || href[n - 1] == '\t' || href[n - 1] == '\n' ||
                 href[n - 1] == '\r'))
        n--;
    size_t scheme;
    if (n > 8 && !strncasecmp(href, "https://", 8))
        scheme = 8;
    else if (n > 7 && !strncasecmp(href, "http://", 7))
        scheme = 7;
    else if (n > 7 && !strncasecmp(href, "mailto:", 7))
        scheme = 7;
    else
        return 0;
    /* a host (or an address) must follow */
    unsigned char first = (unsigned char)href[scheme];
    if (first == '/' || first == '?' || first == '#' || first == '@' || first <= ' ')
        return 0;
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)href[i];
        if (i < scheme) {
            np_buf_putc(out, c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        } else if (c == '%' && i + 2 < n && is_hex(href[i + 1]) && is_hex(href[i + 2])) {
            np_buf_putc(out, '%');
        } else if (c <= 0x20 || c >= 0x7f || strchr("\"<>\\^`{|}%", c)) {
            np_buf_putc(out, '%');
            np_buf_putc(out, hex[c >> 4]);
            np_buf_putc(out, hex[c & 15]);
        } else {
            np_buf_putc(out, c);
        }
    }
    return 1;
}
