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

/* What np_body_header_read() looks for in the whole body, found in one
 * walk (the body is walked once, not once for each). */
typedef struct landmarks {
    const xmlNode *body_head; /* the first body.head */
    const xmlNode *h1;        /* the first h1 not inside a head */
    const xmlNode *head;      /* the first head not inside a body */
    const xmlNode *byline;    /* the first byline not inside a head */
    const xmlNode *by_class;  /* the first element of class "byline" not inside a head */
} landmarks;

/* As find() would for each, in document order; 1 when all are found. */
static int find_landmarks(const xmlNode *n, landmarks *m, int in_head, int in_body, int depth)
{
    for (const xmlNode *k = np_xml_first_elem(n); k && depth < MAX_SEARCH_DEPTH;
         k = np_xml_next_elem(k)) {
        const char *name = (const char *)k->name;
        int is_head = !strcmp(name, "head");
        if (!m->body_head && !strcmp(name, "body.head"))
            m->body_head = k;
        if (!m->head && !in_body && is_head)
            m->head = k;
        if (!in_head) {
            if (!m->h1 && !strcmp(name, "h1"))
                m->h1 = k;
            if (!m->byline && !strcmp(name, "byline"))
                m->byline = k;
            if (!m->by_class && !is_head && np_xml_has_class(k, "byline"))
                m->by_class = k;
        }
        if (m->body_head && m->h1 && m->head && m->byline && m->by_class)
            return 1;
        if (find_landmarks(k, m, in_head || is_head, in_body || !strcmp(name, "body"), depth + 1))
            return 1;
    }
    return 0;
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
    landmarks m = {NULL, NULL, NULL, NULL, NULL};
    find_landmarks(root, &m, 0, 0, 0);
    const xmlNode *bh = m.body_head;
    const xmlNode *hed = bh ? find(bh, "hedline", NULL, 0) : NULL;
    if (hed) {
        out->headline = np_xml_text(a, find(hed, "hl1", NULL, 0));
        out->subheadline = np_xml_text(a, find(hed, "hl2", NULL, 0));
    }
    /* the first h1 is what a reader of the page sees; a <title> may be a
     * file name or carry the site's name */
    if (!out->headline)
        out->headline = np_xml_text(a, m.h1);
    if (!out->headline && m.head)
        out->headline = np_xml_text(a, find(m.head, "title", NULL, 0));

    const xmlNode *by = bh ? find(bh, "byline", NULL, 0) : NULL;
    if (!by)
        by = m.byline;
    if (by)
        out->byline = byline_text(a, by);
    if (!out->byline)
        out->byline = m.by_class ? np_xml_text(a, m.by_class) : NULL;
    const xmlNode *dl = bh ? find(bh, "dateline", NULL, 0) : NULL;
    out->dateline = dl ? np_xml_text(a, dl) : NULL;
    const xmlNode *ab = bh ? find(bh, "abstract", NULL, 0) : NULL;
    out->summary = ab ? np_xml_text(a, ab) : NULL;
}
