/* Body conversion: NITF / XHTML / HTML / wire text -> np_block tree.  Private. */
#ifndef NP_BODY_H
#define NP_BODY_H

#include <libxml/tree.h>
#include <stddef.h>
#include "util/arena.h"
#include "newsprint/item.h"

/* What the item's header already shows: a NITF body.head that repeats it
 * is left out (anything that differs is kept). */
typedef struct np_body_meta {
    const char *headline;
    const char *subheadline;
    const char *names;    /* the byline's names, space-separated, or NULL */
    const char *dateline; /* the item's dateline or located place, or NULL */
} np_body_meta;

/* Markup already parsed (inlineXML content: nitf, html, body.content...). */
np_block *np_body_from_markup(np_arena *a, const xmlNode *root, const np_body_meta *meta);
/* HTML that arrived as text (escaped or CDATA inside inlineData): parse it
 * with libxml2's HTML parser (no network); NULL if it cannot be parsed.
 * Free with xmlFreeDoc(). */
xmlDoc *np_html_parse(const char *html, size_t len);
/* The body of a parsed HTML document. */
np_block *np_body_from_html_doc(np_arena *a, xmlDoc *doc, const np_body_meta *meta);
/* Plain text; wire copy hard-wrapped with indented paragraphs is re-flowed. */
np_block *np_body_from_plain(np_arena *a, const char *text, size_t len);
/* Plain text that carries a few HTML tags (agency feeds label it text/plain):
 * tags become line structure, then the text is re-flowed as wire copy. */
np_block *np_body_from_tagged_plain(np_arena *a, const char *text, size_t len);
/* Does this text look like HTML markup rather than plain text? */
int np_body_looks_like_html(const char *text, size_t len);

#endif
