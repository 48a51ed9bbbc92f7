/* Body conversion: NITF / XHTML / HTML / wire text -> np_block tree.  Private. */
#ifndef NP_BODY_H
#define NP_BODY_H

#include <libxml/tree.h>
#include <stddef.h>
#include "arena.h"
#include "newsprint/item.h"

/* Markup already parsed (inlineXML content: nitf, html, body.content...).
 * `headline` (may be NULL) lets a NITF body.head headline that repeats the
 * item's headline be left out. */
np_block *np_body_from_markup(np_arena *a, const xmlNode *root, const char *headline);
/* HTML that arrived as text (escaped or CDATA inside inlineData). */
np_block *np_body_from_html(np_arena *a, const char *html, size_t len, const char *headline);
/* Plain text; wire copy hard-wrapped with indented paragraphs is re-flowed. */
np_block *np_body_from_plain(np_arena *a, const char *text, size_t len);
/* Plain text that carries a few HTML tags (agency feeds label it text/plain):
 * tags become line structure, then the text is re-flowed as wire copy. */
np_block *np_body_from_tagged_plain(np_arena *a, const char *text, size_t len);
/* Does this text look like HTML markup rather than plain text? */
int np_body_looks_like_html(const char *text, size_t len);

#endif
