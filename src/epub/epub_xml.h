/* EPUB converter: XML output through a writer that escapes what it writes
 * and keeps the stack of open elements, so every document is well-formed
 * by construction, plus the text hygiene that the writer leaves to us (characters XML 1.0 forbids, link targets, language
 * tags).  Private to the EPUB converter (src/epub_*.c, src/render_epub.c). */
#ifndef NP_EPUB_XML_H
#define NP_EPUB_XML_H

#include "newsprint/buf.h"

#include <stddef.h>

typedef struct ep_xw {
    np_buf doc;      /* the document so far */
    np_buf names;    /* the open elements' names, each ending in a NUL */
    size_t *open;    /* where each starts in `names`, outermost first */
    size_t depth;    /* open elements */
    int tag_open;    /* the innermost one's start tag lacks its '>' */
    int failed;      /* a writer call failed: the document is unusable */
    int pre;         /* inside <pre>: add no layout newlines */
    int heading;     /* level of the last heading written (for no skipped levels) */
    np_buf tmp;      /* cleaned text */
} ep_xw;

/* Start a document (XML declaration); 0 or -1. */
int ep_xw_open(ep_xw *x);
/* <!DOCTYPE html> */
void ep_xw_doctype_html(ep_xw *x);
void ep_xw_start(ep_xw *x, const char *name);
/* An attribute of the element just started; NULL value: nothing written. */
void ep_xw_attr(ep_xw *x, const char *name, const char *value);
void ep_xw_attr_int(ep_xw *x, const char *name, long value);
/* A number with `decimals` digits after the point ("%.1f"). */
void ep_xw_attr_fixed(ep_xw *x, const char *name, double value, int decimals);
/* An element that holds blocks: its start tag with the attributes `attrs`
 * (name, value, ...; ends at a NULL name; a NULL value writes nothing),
 * then a newline. */
void ep_xw_start_attrs(ep_xw *x, const char *name, const char *const *attrs);
/* ep_xw_open(), then the root element as ep_xw_start_attrs(); 0 or -1. */
int ep_xw_open_root(ep_xw *x, const char *root, const char *const *attrs);
/* An empty element with `attrs` (as above), then a newline. */
void ep_xw_empty_attrs(ep_xw *x, const char *name, const char *const *attrs);
/* lang + xml:lang (both, as XHTML wants them) and dir, each when not NULL. */
void ep_xw_lang(ep_xw *x, const char *lang, const char *dir);
void ep_xw_text(ep_xw *x, const char *s);
/* Close the element with an end tag (<p></p>, never <p/>). */
void ep_xw_end(ep_xw *x);
/* Close a void element (<br/>, <img/>) or an XML element that may be empty. */
void ep_xw_end_empty(ep_xw *x);
/* <name>text</name> */
void ep_xw_elem(ep_xw *x, const char *name, const char *text);
/* A newline between blocks, for people reading the source (not in <pre>). */
void ep_xw_nl(ep_xw *x);
/* End the document; the bytes go to `out` (reset first).  0 or -1. */
int ep_xw_finish(ep_xw *x, np_buf *out);
void ep_xw_free(ep_xw *x);

/* Text as XML 1.0 allows it: invalid UTF-8 becomes U+FFFD; C0 controls
 * other than tab/LF/CR, U+FFFE and U+FFFF are dropped.  Returns `s` itself
 * when nothing needed to change, else the cleaned copy in `tmp`. */
const char *ep_xml_clean(const char *s, np_buf *tmp);

/* A body link target that may become a hyperlink: http:// and https://
 * with a host, or mailto: with an address.  Anything that a URL may not
 * contain is percent-encoded into `out` (reset first).  1 if usable, 0 if
 * the link is to be shown as plain text. */
int ep_link_href(const char *href, np_buf *out);

#endif
