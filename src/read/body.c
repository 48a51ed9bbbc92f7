/* Body conversion: NITF, XHTML and HTML element trees, and plain wire text,
 * into the model's block tree.
 *
 * Elements are mapped by local name, so NITF, XHTML (any namespace, or
 * none) and libxml2's HTML parser output go through the same code.  The
 * rule that keeps every word: an element we do not know is a transparent
 * container in block context and a transparent span in inline context.
 * Only document metadata (head, script, style...) is left out. */
#include "body.h"
#include "xmlutil.h"
#include "newsprint/buf.h"

#include <libxml/HTMLparser.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Deeper than this, a subtree is kept as plain text (no recursion). */
enum { MAX_DEPTH = 200 };

typedef struct blist {
    np_block *head;
    np_block **tail;
} blist;

typedef struct ilist {
    np_inline *head;
    np_inline **tail;
} ilist;

typedef struct conv {
    np_arena *a;
    const np_body_meta *meta; /* what the header already shows, or NULL */
} conv;

static void blist_init(blist *l) { l->head = NULL; l->tail = &l->head; }
static void ilist_init(ilist *l) { l->head = NULL; l->tail = &l->head; }

static void blist_add(blist *l, np_block *b)
{
    *l->tail = b;
    while (b->next)
        b = b->next;
    l->tail = &b->next;
}

static void ilist_add(ilist *l, np_inline *in)
{
    *l->tail = in;
    l->tail = &in->next;
}

static np_block *new_block(conv *c, np_block_kind kind, const xmlNode *n)
{
    np_block *b = NP_ANEW(c->a, np_block);
    b->kind = kind;
    if (n) {
        b->line = xmlGetLineNo(n);
        b->lang = np_xml_lang(c->a, n);
        if (!b->lang)
            b->lang = np_xml_attr(c->a, n, "lang");
        b->dir = np_xml_attr(c->a, n, "dir");
    }
    return b;
}

static np_inline *new_text(conv *c, const char *s, size_t n)
{
    np_inline *in = NP_ANEW(c->a, np_inline);
    in->kind = NP_INL_TEXT;
    in->text = np_arena_strndup(c->a, s, n);
    return in;
}

/* ---- element classes -------------------------------------------------- */

/* Document metadata, not reader-facing text. */
static int is_skipped(const char *name)
{
    static const char *const skip[] = {"head", "title", "meta", "script", "style", "link",
                                       "template", "noscript", "docdata", "classifier",
                                       "object", "embed", "iframe", "media-metadata",
                                       "media-object", NULL};
    return np_xml_name_in(name, skip);
}

static int heading_level(const char *name)
{
    if (strcmp(name, "hl1") == 0)
        return 1;
    if (strcmp(name, "hl2") == 0)
        return 2;
    if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && name[2] == '\0')
        return name[1] - '0';
    return 0;
}

/* ---- whitespace normalisation of a leaf's inlines --------------------- */

typedef struct ws_state {
    int space;        /* last emitted char was a space (or at line start) */
    np_inline *last;  /* last text run, for trimming its trailing space */
} ws_state;

static void trim_last(ws_state *st)
{
    if (st->last) {
        char *t = (char *)st->last->text;
        size_t n = strlen(t);
        if (n && t[n - 1] == ' ')
            t[n - 1] = '\0';
    }
}

static void normalize(np_inline *in, ws_state *st)
{
    for (; in; in = in->next) {
        if (in->kind == NP_INL_TEXT) {
            char *t = (char *)in->text, *w = np_squeeze_ws(t, &st->space, 0);
            *w = '\0';
            if (w > t)
                st->last = in;
        } else if (in->kind == NP_INL_BREAK) {
            trim_last(st);
            st->space = 1;
            st->last = NULL;
        } else {
            normalize(in->children, st);
        }
    }
}

static int has_text(const np_inline *in)
{
    for (; in; in = in->next) {
        if (in->kind == NP_INL_TEXT && in->text[0])
            return 1;
        if (in->children && has_text(in->children))
            return 1;
    }
    return 0;
}

/* Collapse whitespace, trim; 0 if nothing readable is left. */
static int finish_inlines(np_inline *in)
{
    ws_state st = {1, NULL};
    normalize(in, &st);
    trim_last(&st);
    return has_text(in);
}

/* ---- conversion ------------------------------------------------------- */

static void conv_blocks(conv *c, const xmlNode *parent, blist *out, int depth);
static void conv_inlines(conv *c, const xmlNode *parent, ilist *out, blist *deferred,
                         int flatten, int depth);
static void conv_inline_run(conv *c, const xmlNode *first, const xmlNode *stop, ilist *out,
                            blist *deferred, int flatten, int depth);
static void conv_element(conv *c, const xmlNode *n, blist *out, int depth);

/* A subtree too deep to walk recursively: keep its words as one paragraph. */
static void flat_paragraph(conv *c, const xmlNode *n, blist *out)
{
    char *t = np_xml_text(c->a, n);
    if (!t)
        return;
    np_block *p = new_block(c, NP_BLK_PARA, n);
    p->inl = new_text(c, t, strlen(t));
    blist_add(out, p);
}

/* A leaf block (paragraph, heading, cell...) from the children of n. */
static np_block *leaf(conv *c, np_block_kind kind, const xmlNode *n, blist *deferred,
                      int flatten, int depth)
{
    ilist il;
    ilist_init(&il);
    conv_inlines(c, n, &il, deferred, flatten, depth + 1);
    if (!finish_inlines(il.head))
        return NULL;
    np_block *b = new_block(c, kind, n);
    b->inl = il.head;
    return b;
}

static void add_leaf(conv *c, np_block_kind kind, int level, const xmlNode *n, blist *out,
                     int depth)
{
    blist deferred;
    blist_init(&deferred);
    np_block *b = leaf(c, kind, n, kind == NP_BLK_PARA ? &deferred : NULL,
                       kind != NP_BLK_PARA, depth);
    if (b) {
        b->level = level;
        blist_add(out, b);
    }
    if (deferred.head)
        blist_add(out, deferred.head);
}

static void text_to_inlines(conv *c, const char *s, ilist *out)
{
    if (s && *s)
        ilist_add(out, new_text(c, s, strlen(s)));
}

static void conv_inlines(conv *c, const xmlNode *parent, ilist *out, blist *deferred,
                         int flatten, int depth)
{
    if (depth > MAX_DEPTH) {
        char *t = np_xml_text(c->a, parent);
        if (t)
            ilist_add(out, new_text(c, t, strlen(t)));
        return;
    }
    conv_inline_run(c, parent->children, NULL, out, deferred, flatten, depth);
}

/* Inline content from `first` up to (not including) `stop`. */
static void conv_inline_run(conv *c, const xmlNode *first, const xmlNode *stop, ilist *out,
                            blist *deferred, int flatten, int depth)
{
    for (const xmlNode *n = first; n && n != stop; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            text_to_inlines(c, (const char *)n->content, out);
            continue;
        }
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = np_xml_name(n);
        if (is_skipped(name))
            continue;
        if (strcmp(name, "br") == 0) {
            np_inline *in = NP_ANEW(c->a, np_inline);
            in->kind = NP_INL_BREAK;
            ilist_add(out, in);
            continue;
        }
        if (np_xml_is_blockish(name)) {
            if (flatten || !deferred) {
                /* inside a heading, cell or caption: keep the words inline */
                text_to_inlines(c, " ", out);
                conv_inlines(c, n, out, NULL, 1, depth + 1);
                text_to_inlines(c, " ", out);
            } else {
                conv_element(c, n, deferred, depth + 1);
            }
            continue;
        }
        np_inline_kind kind = NP_INL_TEXT;
        if (!strcmp(name, "em") || !strcmp(name, "i") || !strcmp(name, "cite") ||
            !strcmp(name, "dfn") || !strcmp(name, "var"))
            kind = NP_INL_EM;
        else if (!strcmp(name, "strong") || !strcmp(name, "b"))
            kind = NP_INL_STRONG;
        else if (!strcmp(name, "a"))
            kind = NP_INL_LINK;
        if (kind == NP_INL_TEXT) { /* transparent span: person, org, span, q... */
            /* "By<person>Jane Doe</person><byttl>Editor": words, not "ByJane" */
            int spaced = np_xml_is_word_boundary(name);
            if (spaced && n != first && np_xml_words_meet(n->prev, n))
                text_to_inlines(c, " ", out);
            conv_inlines(c, n, out, deferred, flatten, depth + 1);
            if (spaced && n->next && n->next != stop && np_xml_words_meet(n, n->next))
                text_to_inlines(c, " ", out);
            continue;
        }
        np_inline *in = NP_ANEW(c->a, np_inline);
        in->kind = kind;
        if (kind == NP_INL_LINK)
            in->href = np_xml_attr(c->a, n, "href");
        ilist kids;
        ilist_init(&kids);
        conv_inlines(c, n, &kids, deferred, flatten, depth + 1);
        in->children = kids.head;
        ilist_add(out, in);
    }
}

static char *media_attr(conv *c, const xmlNode *n, const char *a1, const char *a2)
{
    char *v = np_xml_attr(c->a, n, a1);
    return v ? v : (a2 ? np_xml_attr(c->a, n, a2) : NULL);
}

static int int_attr(conv *c, const xmlNode *n, const char *name)
{
    char *v = np_xml_attr(c->a, n, name);
    if (!v)
        return 0;
    long x = strtol(v, NULL, 10);
    return x > 0 && x < 1000000 ? (int)x : 0;
}

static void figure_image(conv *c, np_block *fig, const xmlNode *img)
{
    if (fig->src)
        return;
    fig->src = media_attr(c, img, "src", "source");
    if (!fig->src)
        fig->src = np_xml_attr(c->a, img, "data");
    fig->alt = media_attr(c, img, "alt", "alternate-text");
    fig->width = int_attr(c, img, "width");
    fig->height = int_attr(c, img, "height");
}

/* NITF media, XHTML figure, or a lone img. */
static void conv_figure(conv *c, const xmlNode *n, blist *out, int depth)
{
    np_block *fig = new_block(c, NP_BLK_FIGURE, n);
    ilist cap;
    ilist_init(&cap);
    np_buf credit = NP_BUF_INIT;
    if (np_xml_is(n, "img")) {
        figure_image(c, fig, n);
    } else {
        for (const xmlNode *k = n->children; k; k = k->next) {
            const char *name = np_xml_name(k);
            if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
                text_to_inlines(c, (const char *)k->content, &cap);
            } else if (k->type != XML_ELEMENT_NODE || is_skipped(name)) {
                continue;
            } else if (!strcmp(name, "img") || !strcmp(name, "media-reference")) {
                figure_image(c, fig, k);
            } else if (!strcmp(name, "media-producer") || !strcmp(name, "credit")) {
                char *t = np_xml_text(c->a, k);
                if (t) {
                    if (credit.len)
                        np_buf_puts(&credit, "; ");
                    np_buf_puts(&credit, t);
                }
            } else {
                if (cap.head)
                    text_to_inlines(c, " ", &cap);
                conv_inlines(c, k, &cap, NULL, 1, depth + 1);
            }
        }
    }
    if (finish_inlines(cap.head))
        fig->inl = cap.head;
    if (credit.len)
        fig->credit = np_collapse_ws(np_arena_strndup(c->a, credit.data, credit.len));
    np_buf_free(&credit);
    if (fig->src || fig->inl || fig->credit)
        blist_add(out, fig);
}

static void conv_table(conv *c, const xmlNode *n, blist *out, int depth)
{
    np_block *t = new_block(c, NP_BLK_TABLE, n);
    blist rows;
    blist_init(&rows);
    /* rows may sit in thead/tbody/tfoot: walk two levels */
    for (const xmlNode *g = n->children; g; g = g->next) {
        const char *gname = np_xml_name(g);
        if (!strcmp(gname, "caption")) {
            np_block *cap = leaf(c, NP_BLK_PARA, g, NULL, 1, depth);
            if (cap)
                t->inl = cap->inl;
            continue;
        }
        int is_group = !strcmp(gname, "thead") || !strcmp(gname, "tbody") || !strcmp(gname, "tfoot");
        const xmlNode *first = is_group ? g->children : g;
        for (const xmlNode *r = first; r; r = is_group ? r->next : NULL) {
            if (!np_xml_is(r, "tr"))
                continue;
            np_block *row = new_block(c, NP_BLK_ROW, r);
            blist cells;
            blist_init(&cells);
            for (const xmlNode *d = r->children; d; d = d->next) {
                const char *dn = np_xml_name(d);
                if (strcmp(dn, "td") && strcmp(dn, "th"))
                    continue;
                np_block *cell = leaf(c, NP_BLK_CELL, d, NULL, 1, depth + 2);
                if (!cell)
                    cell = new_block(c, NP_BLK_CELL, d);
                cell->header = !strcmp(dn, "th");
                blist_add(&cells, cell);
            }
            row->children = cells.head;
            if (cells.head)
                blist_add(&rows, row);
        }
    }
    t->children = rows.head;
    if (t->children || t->inl)
        blist_add(out, t);
}

static int same_text(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* Is every word of the element's text (but "By", "and") among `known`'s? */
static int words_within(conv *c, const xmlNode *n, const char *known)
{
    char *t = np_xml_text(c->a, n);
    if (!t || !known)
        return t == NULL;
    /* strtok_r: readers run on several threads at once (strtok's hidden
     * state made their bylines race: output changed with timing) */
    char *save = NULL;
    for (char *w = strtok_r(t, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        size_t len = strlen(w);
        while (len && strchr(",.;:()-", w[len - 1]))
            w[--len] = '\0';
        if (!len || !strcasecmp(w, "by") || !strcasecmp(w, "and"))
            continue;
        const char *hit = strstr(known, w);
        if (!hit)
            return 0;
    }
    return 1;
}

/* NITF body.head repeats the item's metadata (headline, byline, dateline)
 * for NITF-only readers.  A headline the header already shows is left out
 * (bylines and datelines: see repeats_header()); anything that differs is
 * kept as body text. */
static void conv_body_head(conv *c, const xmlNode *n, blist *out, int depth)
{
    const np_body_meta *m = c->meta;
    for (const xmlNode *k = n->children; k; k = k->next) {
        const char *name = np_xml_name(k);
        if (!strcmp(name, "hedline") || !strcmp(name, "headline")) {
            for (const xmlNode *h = k->children; h; h = h->next) {
                if (h->type != XML_ELEMENT_NODE)
                    continue;
                char *t = np_xml_text(c->a, h);
                if (!t || (m && (same_text(t, m->headline) || same_text(t, m->subheadline))))
                    continue;
                add_leaf(c, NP_BLK_HEADING, np_xml_is(h, "hl1") ? 1 : 2, h, out, depth);
            }
        } else if (k->type == XML_ELEMENT_NODE) {
            conv_element(c, k, out, depth + 1);
        }
    }
}

/* A byline or dateline (NITF, or XHTML class "byline"/"dateline") whose
 * words the header already shows: left out of the body. */
static int repeats_header(conv *c, const xmlNode *n)
{
    const np_body_meta *m = c->meta;
    if (!m)
        return 0;
    if (np_xml_is(n, "byline") || np_xml_has_class(n, "byline"))
        return words_within(c, n, m->names);
    if (np_xml_is(n, "dateline") || np_xml_has_class(n, "dateline"))
        return words_within(c, n, m->dateline);
    return 0;
}

static void conv_container(conv *c, np_block_kind kind, const xmlNode *n, blist *out, int depth)
{
    np_block *b = new_block(c, kind, n);
    blist kids;
    blist_init(&kids);
    if (kind == NP_BLK_QUOTE) {
        np_buf credit = NP_BUF_INIT;
        for (const xmlNode *k = n->children; k; k = k->next) {
            if (np_xml_is(k, "credit")) {
                char *t = np_xml_text(c->a, k);
                if (t)
                    np_buf_puts(&credit, t);
            }
        }
        if (credit.len)
            b->credit = np_arena_strndup(c->a, credit.data, credit.len);
        np_buf_free(&credit);
    }
    conv_blocks(c, n, &kids, depth + 1);
    b->children = kids.head;
    if (kids.head || b->credit)
        blist_add(out, b);
}

static void conv_list(conv *c, const xmlNode *n, blist *out, int depth)
{
    np_block *list = new_block(c, NP_BLK_LIST, n);
    list->ordered = np_xml_is(n, "ol");
    blist items;
    blist_init(&items);
    for (const xmlNode *k = n->children; k; k = k->next) {
        const char *name = np_xml_name(k);
        if (!strcmp(name, "li") || !strcmp(name, "dt") || !strcmp(name, "dd")) {
            conv_container(c, NP_BLK_ITEM, k, &items, depth + 1);
        } else if (k->type == XML_ELEMENT_NODE && !is_skipped(name)) {
            /* stray content in a list becomes an item of its own */
            blist tmp;
            blist_init(&tmp);
            conv_element(c, k, &tmp, depth + 1);
            if (tmp.head) {
                np_block *it = new_block(c, NP_BLK_ITEM, k);
                it->children = tmp.head;
                blist_add(&items, it);
            }
        } else if (k->type == XML_TEXT_NODE && k->content) {
            char *t = np_collapse_ws(np_arena_strdup(c->a, (const char *)k->content));
            if (*t) {
                np_block *p = new_block(c, NP_BLK_PARA, NULL);
                p->inl = new_text(c, t, strlen(t));
                np_block *it = new_block(c, NP_BLK_ITEM, NULL);
                it->children = p;
                blist_add(&items, it);
            }
        }
    }
    list->children = items.head;
    if (items.head)
        blist_add(out, list);
}

static void conv_pre(conv *c, const xmlNode *n, blist *out)
{
    np_buf v = NP_BUF_INIT;
    np_xml_raw_text(n, &v);
    char *raw = v.len ? np_arena_strndup(c->a, v.data, v.len) : NULL;
    np_buf_free(&v);
    if (!raw || !*np_collapse_ws(np_arena_strdup(c->a, raw)))
        return;
    /* keep the line structure, drop control characters and CRs */
    char *w = raw;
    for (const char *r = raw; *r; r++) {
        size_t ctl = np_control_len(r);
        if (ctl || *r == '\r') {
            r += ctl ? ctl - 1 : 0;
            continue;
        }
        *w++ = *r;
    }
    *w = '\0';
    np_block *b = new_block(c, NP_BLK_PRE, n);
    ilist il;
    ilist_init(&il);
    char *s = raw;
    while (*s == '\n')
        s++;
    for (char *nl; (nl = strchr(s, '\n')) != NULL; s = nl + 1) {
        ilist_add(&il, new_text(c, s, (size_t)(nl - s)));
        if (nl[1]) {
            np_inline *br = NP_ANEW(c->a, np_inline);
            br->kind = NP_INL_BREAK;
            ilist_add(&il, br);
        }
    }
    if (*s)
        ilist_add(&il, new_text(c, s, strlen(s)));
    b->inl = il.head;
    blist_add(out, b);
}

/* One element in block context. */
static void conv_element(conv *c, const xmlNode *n, blist *out, int depth)
{
    const char *name = np_xml_name(n);
    if (is_skipped(name) || repeats_header(c, n))
        return;
    if (depth > MAX_DEPTH) {
        flat_paragraph(c, n, out);
        return;
    }
    int level = heading_level(name);
    if (level) {
        add_leaf(c, NP_BLK_HEADING, level, n, out, depth);
    } else if (!strcmp(name, "p")) {
        add_leaf(c, NP_BLK_PARA, 0, n, out, depth);
    } else if (!strcmp(name, "ul") || !strcmp(name, "ol") || !strcmp(name, "dl")) {
        conv_list(c, n, out, depth);
    } else if (!strcmp(name, "li") || !strcmp(name, "dt") || !strcmp(name, "dd")) {
        conv_container(c, NP_BLK_ITEM, n, out, depth); /* li outside a list */
    } else if (!strcmp(name, "bq") || !strcmp(name, "blockquote")) {
        conv_container(c, NP_BLK_QUOTE, n, out, depth);
    } else if (!strcmp(name, "media") || !strcmp(name, "figure") || !strcmp(name, "img")) {
        conv_figure(c, n, out, depth);
    } else if (!strcmp(name, "table")) {
        conv_table(c, n, out, depth);
    } else if (!strcmp(name, "pre")) {
        conv_pre(c, n, out);
    } else if (!strcmp(name, "hr")) {
        blist_add(out, new_block(c, NP_BLK_RULE, n));
    } else if (!strcmp(name, "body.head")) {
        conv_body_head(c, n, out, depth);
    } else if (!strcmp(name, "credit") && n->parent && (np_xml_is(n->parent, "bq") ||
                                                       np_xml_is(n->parent, "blockquote"))) {
        return; /* taken as the quote's attribution */
    } else {
        conv_blocks(c, n, out, depth + 1); /* containers and unknown elements */
    }
}

static int is_inline_node(const xmlNode *n)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        return 1;
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    const char *name = np_xml_name(n);
    return !np_xml_is_blockish(name) && !is_skipped(name) && strcmp(name, "credit") != 0;
}

/* Nothing but whitespace text (and comments) from `first` up to `stop`? */
static int is_blank_run(const xmlNode *first, const xmlNode *stop)
{
    for (const xmlNode *n = first; n != stop; n = n->next) {
        if (n->type == XML_ELEMENT_NODE)
            return 0;
        if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
            for (const xmlChar *c = n->content; *c; c++)
                if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r')
                    return 0;
    }
    return 1;
}

/* Children of a container: blocks, with runs of loose inline content
 * gathered into paragraphs. */
static void conv_blocks(conv *c, const xmlNode *parent, blist *out, int depth)
{
    if (depth > MAX_DEPTH) {
        flat_paragraph(c, parent, out);
        return;
    }
    const xmlNode *n = parent->children;
    while (n) {
        if (is_inline_node(n)) {
            /* a run of inline nodes: wrap in an anonymous paragraph */
            const xmlNode *first = n, *last = n;
            while (last->next && (is_inline_node(last->next) || last->next->type != XML_ELEMENT_NODE))
                last = last->next;
            if (is_blank_run(first, last->next)) {
                n = last->next; /* the indent between blocks: no paragraph */
                continue;
            }
            ilist il;
            ilist_init(&il);
            blist deferred;
            blist_init(&deferred);
            conv_inline_run(c, first, last->next, &il, &deferred, 0, depth + 1);
            if (finish_inlines(il.head)) {
                np_block *p = new_block(c, NP_BLK_PARA, first->type == XML_ELEMENT_NODE ? first : parent);
                p->inl = il.head;
                blist_add(out, p);
            }
            if (deferred.head)
                blist_add(out, deferred.head);
            n = last->next;
            continue;
        }
        if (n->type == XML_ELEMENT_NODE)
            conv_element(c, n, out, depth);
        n = n->next;
    }
}

static void flat_text(const np_inline *in, np_buf *b)
{
    for (; in; in = in->next) {
        if (in->kind == NP_INL_TEXT)
            np_buf_puts(b, in->text);
        else if (in->kind == NP_INL_BREAK)
            np_buf_putc(b, ' ');
        else
            flat_text(in->children, b);
    }
}

/* XHTML bodies often open with the headline (and subheadline) as h1/h2:
 * the header shows them already. */
static np_block *drop_repeated_title(np_block *b, const np_body_meta *m)
{
    while (m && b && b->kind == NP_BLK_HEADING) {
        np_buf t = NP_BUF_INIT;
        flat_text(b->inl, &t);
        int same = same_text(np_buf_cstr(&t), m->headline) || same_text(np_buf_cstr(&t), m->subheadline);
        np_buf_free(&t);
        if (!same)
            break;
        b = b->next;
    }
    return b;
}

np_block *np_body_from_markup(np_arena *a, const xmlNode *root, const np_body_meta *meta)
{
    conv c = {a, meta};
    blist out;
    blist_init(&out);
    conv_blocks(&c, root, &out, 0);
    return drop_repeated_title(out.head, meta);
}

xmlDoc *np_html_parse(const char *html, size_t len)
{
    if (len > (size_t)INT32_MAX)
        return NULL;
    return htmlReadMemory(html, (int)len, NULL, "UTF-8",
                          HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                              HTML_PARSE_COMPACT);
}

np_block *np_body_from_html_doc(np_arena *a, xmlDoc *doc, const np_body_meta *meta)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!root)
        return NULL;
    xmlNode holder;
    memset(&holder, 0, sizeof holder);
    holder.type = XML_ELEMENT_NODE;
    holder.name = (const xmlChar *)"body";
    holder.children = root;
    return np_body_from_markup(a, &holder, meta);
}

/* ---- plain text ------------------------------------------------------- */

static int blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

static int indented(const char *s, size_t n)
{
    return (n >= 2 && s[0] == ' ' && s[1] == ' ') || (n >= 1 && s[0] == '\t');
}

static void add_para_text(np_arena *a, blist *out, np_buf *para)
{
    if (!para->len)
        return;
    np_collapse_ws(para->data);
    size_t n = strlen(para->data);
    if (n) {
        conv c = {a, NULL};
        np_block *p = new_block(&c, NP_BLK_PARA, NULL);
        p->inl = new_text(&c, para->data, n);
        blist_add(out, p);
    }
    np_buf_reset(para);
}

/* Where the line from i ends: its newline, or len. */
static size_t line_end(const char *text, size_t i, size_t len)
{
    const char *nl = i < len ? memchr(text + i, '\n', len - i) : NULL;
    return nl ? (size_t)(nl - text) : len;
}

np_block *np_body_from_plain(np_arena *a, const char *text, size_t len)
{
    /* First look at the shape: are paragraphs marked by blank lines or
     * indents (wire copy), or is every line a paragraph? */
    size_t lines = 0, marked = 0;
    for (size_t i = 0; i < len;) {
        size_t e = line_end(text, i, len);
        if (blank_line(text + i, e - i) || indented(text + i, e - i))
            marked++;
        else
            lines++;
        i = e + 1;
    }
    int line_per_para = marked == 0 && lines > 1;
    /* Hard-wrapped copy without any markers: lines of similar length
     * are one paragraph.  Only a file of long lines is taken as one (its
     * last line may be short: it ends the paragraph). */
    if (line_per_para) {
        size_t longish = 0, last_short = 0;
        for (size_t i = 0; i < len;) {
            size_t e = line_end(text, i, len);
            int is_long = e - i >= 55 && e - i <= 80;
            longish += is_long;
            if (!blank_line(text + i, e - i))
                last_short = !is_long;
            i = e + 1;
        }
        if (longish * 10 >= (lines - last_short) * 8)
            line_per_para = 0;
    }

    blist out;
    blist_init(&out);
    np_buf para = NP_BUF_INIT;
    for (size_t i = 0; i <= len && len;) {
        size_t e = line_end(text, i, len);
        const char *s = text + i;
        size_t n = e - i;
        while (n && s[n - 1] == '\r')
            n--;
        if (blank_line(s, n)) {
            add_para_text(a, &out, &para);
        } else {
            if (line_per_para || indented(s, n))
                add_para_text(a, &out, &para);
            /* trim the line */
            while (n && (*s == ' ' || *s == '\t')) {
                s++;
                n--;
            }
            while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
                n--;
            if (para.len) {
                /* a word hyphenated at the wrap is joined back */
                char prev = para.data[para.len - 1];
                char prev2 = para.len > 1 ? para.data[para.len - 2] : ' ';
                int joined = prev == '-' && prev2 != ' ' && prev2 != '-' && n &&
                             ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'));
                if (!joined)
                    np_buf_putc(&para, ' ');
            }
            np_buf_put(&para, s, n);
        }
        if (e >= len)
            break;
        i = e + 1;
    }
    add_para_text(a, &out, &para);
    np_buf_free(&para);
    return out.head;
}

int np_body_looks_like_html(const char *text, size_t len)
{
    static const char *const tags[] = {"<p>", "<p ", "</p>", "<br", "<div", "<h1", "<h2",
                                       "<ul", "<ol", "<table", "<html", "<body", "<b>",
                                       "<i>", "<em>", "<strong>", "<a ", NULL};
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t'))
        i++;
    if (i >= len)
        return 0;
    /* look at the head of the text only: cheap and enough; at each '<',
     * for a tag in any case */
    const char *head = text + i, *end = head + (len - i < 4096 ? len - i : 4096);
    for (const char *lt = head; (lt = memchr(lt, '<', (size_t)(end - lt))) != NULL; lt++) {
        for (const char *const *t = tags; *t; t++) {
            size_t n = strlen(*t);
            if ((size_t)(end - lt) >= n && !strncasecmp(lt, *t, n))
                return 1;
        }
    }
    return 0;
}

/* HTML -> text with the line structure kept: block ends give blank lines,
 * br a newline, text as written (so wire indents survive). */
static void html_lines(const xmlNode *n, np_buf *out, int depth)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            np_buf_puts(out, (const char *)n->content);
        } else if (n->type == XML_ELEMENT_NODE) {
            const char *name = np_xml_name(n);
            if (is_skipped(name))
                continue;
            if (!strcmp(name, "br")) {
                np_buf_putc(out, '\n');
                continue;
            }
            int block = np_xml_is_blockish(name);
            if (block)
                np_buf_puts(out, "\n\n");
            if (depth < MAX_DEPTH)
                html_lines(n->children, out, depth + 1);
            else
                np_xml_raw_text(n, out);
            if (block)
                np_buf_puts(out, "\n\n");
        }
    }
}

np_block *np_body_from_tagged_plain(np_arena *a, const char *text, size_t len)
{
    xmlDoc *doc = np_html_parse(text, len);
    if (!doc)
        return np_body_from_plain(a, text, len);
    np_buf b = NP_BUF_INIT;
    html_lines(xmlDocGetRootElement(doc), &b, 0);
    xmlFreeDoc(doc);
    np_block *blocks = np_body_from_plain(a, np_buf_cstr(&b), b.len);
    np_buf_free(&b);
    return blocks;
}
