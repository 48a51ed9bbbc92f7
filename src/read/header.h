/* Header fields an item carries inside its body markup (NITF head and
 * body.head, XHTML head, h1, byline).  Private. */
#ifndef NP_HEADER_H
#define NP_HEADER_H

#include <libxml/tree.h>
#include "util/arena.h"

/* What the body markup says about the item; NULL where it says nothing.
 * Whitespace is normalised; an element holding only whitespace is absent. */
typedef struct np_body_header {
    const char *headline;    /* NITF hedline/hl1, else the first h1, else head/title */
    const char *subheadline; /* NITF hedline/hl2 */
    const char *byline;      /* NITF byline, else an element of class "byline":
                              * "By Jane Doe, Staff Reporter" (person, then byttl) */
    const char *dateline;    /* NITF dateline ("LONDON, Oct. 21": location, story.date) */
    const char *summary;     /* NITF abstract */
} np_body_header;

/* Read the header fields of the body under `root` (inlineXML content, or
 * a parsed HTML document's root element) into `out` (cleared first). */
void np_body_header_read(np_arena *a, const xmlNode *root, np_body_header *out);

#endif
