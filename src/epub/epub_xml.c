/* EPUB converter: the XML writer and text hygiene. */
#include "epub_xml.h"
#include "util/utf8.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#define X(s) ((const xmlChar *)(s))

static void check(ep_xw *x, int rc)
{
    if (rc < 0)
        x->failed = 1;
}

int ep_xw_open(ep_xw *x)
{
    memset(x, 0, sizeof *x);
    x->buf = xmlBufferCreate();
    x->w = x->buf ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
    if (!x->w) {
        if (x->buf)
            xmlBufferFree(x->buf);
        x->buf = NULL;
        x->failed = 1;
        return -1;
    }
    check(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL));
    return x->failed ? -1 : 0;
}

void ep_xw_doctype_html(ep_xw *x)
{
    check(x, xmlTextWriterWriteDTD(x->w, X("html"), NULL, NULL, NULL));
    ep_xw_nl(x);
}

void ep_xw_start(ep_xw *x, const char *name)
{
    check(x, xmlTextWriterStartElement(x->w, X(name)));
}

void ep_xw_attr(ep_xw *x, const char *name, const char *value)
{
    if (value)
        check(x, xmlTextWriterWriteAttribute(x->w, X(name), X(ep_xml_clean(value, &x->tmp))));
}

void ep_xw_attr_int(ep_xw *x, const char *name, long value)
{
    check(x, xmlTextWriterWriteFormatAttribute(x->w, X(name), "%ld", value));
}

void ep_xw_attr_fixed(ep_xw *x, const char *name, double value, int decimals)
{
    check(x, xmlTextWriterWriteFormatAttribute(x->w, X(name), "%.*f", decimals, value));
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

/* Text is escaped here as xmlTextWriterWriteString() escapes it in an
 * element (xmlEncodeSpecialChars(): < > & " and CR) and written raw, in
 * place: libxml2 would copy every string and test the room for each byte
 * (a twentieth of a digest's instructions).  The first write, if only of
 * nothing, closes the start tag as the library's does. */
void ep_xw_text(ep_xw *x, const char *s)
{
    if (!s || !*s)
        return;
    static const char special[] = "<>&\"\r";
    static const char *const entity[] = {"&lt;", "&gt;", "&amp;", "&quot;", "&#13;"};
    const char *c = ep_xml_clean(s, &x->tmp);
    for (;;) {
        size_t n = strcspn(c, special);
        check(x, xmlTextWriterWriteRawLen(x->w, X(c), (int)n));
        if (!c[n])
            break;
        check(x, xmlTextWriterWriteRaw(x->w, X(entity[strchr(special, c[n]) - special])));
        c += n + 1;
    }
}

void ep_xw_end(ep_xw *x)
{
    check(x, xmlTextWriterFullEndElement(x->w));
}

void ep_xw_end_empty(ep_xw *x)
{
    check(x, xmlTextWriterEndElement(x->w));
}

void ep_xw_elem(ep_xw *x, const char *name, const char *text)
{
    ep_xw_start(x, name);
    ep_xw_text(x, text);
    ep_xw_end(x);
}

void ep_xw_nl(ep_xw *x)
{
    if (!x->pre)
        check(x, xmlTextWriterWriteRaw(x->w, X("\n")));
}

int ep_xw_finish(ep_xw *x, np_buf *out)
{
    np_buf_reset(out);
    if (x->w) {
        check(x, xmlTextWriterEndDocument(x->w));
        check(x, xmlTextWriterFlush(x->w));
        xmlFreeTextWriter(x->w);
        x->w = NULL;
    }
    if (!x->failed && x->buf)
        np_buf_put(out, xmlBufferContent(x->buf), (size_t)xmlBufferLength(x->buf));
    int rc = x->failed ? -1 : 0;
    ep_xw_free(x);
    return rc;
}

void ep_xw_free(ep_xw *x)
{
    if (x->w)
        xmlFreeTextWriter(x->w);
    if (x->buf)
        xmlBufferFree(x->buf);
    np_buf_free(&x->tmp);
    x->w = NULL;
    x->buf = NULL;
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
