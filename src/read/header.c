/* Header fields in body markup: agencies that send NITF or XHTML often put
 * the headline, byline or dateline only there (<head><title>, <hedline>,
 * <byline>By<person>...</person><byttl>...</byttl></byline>). */
#include "header.h"
#include "newsprint/buf.h"
#include "xmlutil.h"

#include <string.h>
#include <strings.h>

/* Searches look this deep below the body root, no further. */
enum { MAX_SEARCH_DEPTH = 12 };

/* The first element named `name` below n in document order, not looking
 * inside elements named `skip` (may be NULL); bounded depth. */
static const xmlNode *find(const xmlNode *n, const char *name, const char *skip, int depth)
{
    for (const xmlNode *k = np_xml_first_elem(n); k && depth < MAX_SEARCH_DEPTH;
         k = np_xml_next_elem(k)) {
        if (np_xml_is(k, name))
            return k;
        if (skip && np_xml_is(k, skip))
            continue;
        const xmlNode *hit = find(k, name, skip, depth + 1);
        if (hit)
            return hit;
    }
    return NULL;
}

static const xmlNode *find_class(const xmlNode *n, const char *word, int depth)
{
    for (const xmlNode *k = np_xml_first_elem(n); k && depth < MAX_SEARCH_DEPTH;
         k = np_xml_next_elem(k)) {
        if (np_xml_is(k, "head"))
            continue;
        if (np_xml_has_class(k, word))
            return k;
        const xmlNode *hit = find_class(k, word, depth + 1);
        if (hit)
            return hit;
    }
    return NULL;
}

/* A NITF byline: its text, with each byttl (the writer's title or desk)
 * set off by a comma: "By Staff Reporter, BusinessDesk". */
static const char *byline_text(np_arena *a, const xmlNode *n)
{
    np_buf b = NP_BUF_INIT;
    for (const xmlNode *k = n->children; k; k = k->next) {
        int is_text = k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE;
        char *t = is_text ? (char *)k->content : np_xml_text(a, k);
        if (!t || (!is_text && k->type != XML_ELEMENT_NODE))
            continue;
        if (np_xml_is(k, "byttl")) {
            /* one comma before the title, whether the source has one or not */
            while (b.len && strchr(",; \t\n", b.data[b.len - 1]))
                np_buf_truncate(&b, b.len - 1);
            if (b.len)
                np_buf_puts(&b, ", ");
        } else if (k->prev && np_xml_words_meet(k->prev, k)) {
            np_buf_putc(&b, ' '); /* "By<person>Jane" */
        }
        np_buf_puts(&b, t);
    }
    char *s = b.len ? np_collapse_ws(np_arena_strndup(a, b.data, b.len)) : NULL;
    np_buf_free(&b);
    /* "By Jane Doe ," from a comma after an element: close it up */
    if (s) {
        char *w = s;
        for (const char *r = s; *r; r++) {
            if (*r == ' ' && r[1] == ',')
                continue;
            *w++ = *r;
        }
        *w = '\0';
        while (w > s && (w[-1] == ',' || w[-1] == ' '))
            *--w = '\0';
    }
    return s && *s ? s : NULL;
}

void np_body_header_read(np_arena *a, const xmlNode *root, np_body_header *out)
{
    memset(out, 0, sizeof *out);
    const xmlNode *bh = find(root, "body.head", NULL, 0);
    const xmlNode *hed = bh ? find(bh, "hedline", NULL, 0) : NULL;
    if (hed) {
        out->headline = np_xml_text(a, find(hed, "hl1", NULL, 0));
        out->subheadline = np_xml_text(a, find(hed, "hl2", NULL, 0));
    }
    /* the first h1 is what a reader of the page sees; a <title> may be a
     * file name or carry the site's name */
    if (!out->headline)
        out->headline = np_xml_text(a, find(root, "h1", "head", 0));
    const xmlNode *head = find(root, "head", "body", 0);
    if (!out->headline && head)
        out->headline = np_xml_text(a, find(head, "title", NULL, 0));

    const xmlNode *by = bh ? find(bh, "byline", NULL, 0) : NULL;
    if (!by)
        by = find(root, "byline", "head", 0);
    if (by)
        out->byline = byline_text(a, by);
    if (!out->byline) {
        const xmlNode *cls = find_class(root, "byline", 0);
        out->byline = cls ? np_xml_text(a, cls) : NULL;
    }
    const xmlNode *dl = bh ? find(bh, "dateline", NULL, 0) : NULL;
    out->dateline = dl ? np_xml_text(a, dl) : NULL;
    const xmlNode *ab = bh ? find(bh, "abstract", NULL, 0) : NULL;
    out->summary = ab ? np_xml_text(a, ab) : NULL;
}
