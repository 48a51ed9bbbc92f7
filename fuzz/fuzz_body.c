/* libFuzzer target for the body converters and the text renderer.
 *
 * The first byte picks an envelope (NITF, XHTML, HTML in inlineData, plain
 * wire text); the rest is the body, set inside a fixed, valid newsItem so
 * that every input reaches the body code instead of failing in the header.
 * Each item is rendered to text at a width taken from the second byte. */
#include "fuzz_text.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char head[] =
    "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"urn:fuzz:1\" version=\"1\">"
    "<itemMeta><itemClass qcode=\"ninat:text\"/></itemMeta>"
    "<contentMeta><headline>Fuzz</headline><language tag=\"en\"/></contentMeta><contentSet>";
static const char *const open_tags[] = {
    "<inlineXML contenttype=\"application/nitf+xml\"><nitf xmlns=\"http://iptc.org/std/NITF/2006-10-18/\"><body><body.content>",
    "<inlineXML contenttype=\"application/xhtml+xml\"><html xmlns=\"http://www.w3.org/1999/xhtml\"><body>",
    "<inlineData contenttype=\"text/html\"><![CDATA[",
    "<inlineData contenttype=\"text/plain\">",
};
static const char *const close_tags[] = {
    "</body.content></body></nitf></inlineXML>",
    "</body></html></inlineXML>",
    "]]></inlineData>",
    "</inlineData>",
};
static const char tail[] = "</contentSet></newsItem>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    unsigned kind = data[0] % 4;
    np_buf doc = NP_BUF_INIT;
    np_buf_puts(&doc, head);
    np_buf_puts(&doc, open_tags[kind]);
    np_buf_put(&doc, data + 2, size - 2);
    np_buf_puts(&doc, close_tags[kind]);
    np_buf_puts(&doc, tail);
    fuzz_text_read(doc.data, doc.len, "fuzz-body.xml", 20 + data[1] % 100, 0);
    np_buf_free(&doc);
    return 0;
}
