/* NewsML-G2 reader: documents -> np_item, under safe libxml2 options.
 *
 * Safety: the document is parsed from memory with no network access, no DTD
 * loading and no entity substitution.  A DOCTYPE that declares entities is
 * refused outright (SAX entityDecl hook), which also rules out entity
 * expansion attacks.  libxml2 bounds nesting at 256 elements; we refuse
 * text nodes over 10 MB and documents over 256 MB; our walkers are bounded
 * separately. */
#include "newsprint/newsml.h"
#include "newsprint/buf.h"
#include "newsprint/lang.h"
#include "newsprint/meta.h"
#include "util/arena.h"
#include "util/infile.h"
#include "body.h"
#include "pubstatus.h"
#include "header.h"
#include "xmlutil.h"
#include "model/font_search.h"

#include <errno.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <unicode/uclean.h>

#define NAR_NS "http://iptc.org/std/nar/2006-10-01/"

enum { MAX_TEXT_BYTES = 10 * 1024 * 1024 };

void np_newsml_init(void)
{
    xmlInitParser();
}

void np_newsml_cleanup(void)
{
    xmlCleanupParser();
}

void np_cleanup(void)
{
    np_newsml_cleanup();
    np_font_config_cleanup();
    u_cleanup(); /* ICU transliterators (bundles) */
}

/* ---- a parser kept between documents ----------------------------------- */

/* Setting up a parser context (its tables, its name dictionary) cost
 * about 2% of a conversion.  xmlCtxtReadMemory() resets the context for
 * each document; what the reader changes besides (the SAX handlers) is
 * put back from the copy taken when the context was new. */
struct np_xml_parser {
    xmlParserCtxtPtr ctxt;
    xmlSAXHandler sax; /* the handlers of a new context */
};

/* Past this many names kept, the dictionary starts afresh (documents
 * with ever new element names do not grow it for the whole run). */
enum { MAX_KEPT_NAMES = 20000 };

np_xml_parser *np_xml_parser_new(void)
{
    np_newsml_init();
    np_xml_parser *p = calloc(1, sizeof *p);
    if (p && !(p->ctxt = xmlNewParserCtxt())) {
        free(p);
        return NULL;
    }
    if (p)
        p->sax = *p->ctxt->sax;
    return p;
}

void np_xml_parser_free(np_xml_parser *p)
{
    if (!p)
        return;
    xmlFreeParserCtxt(p->ctxt);
    free(p);
}

/* A context for one document: the kept one as new, or a fresh one. */
static xmlParserCtxtPtr parser_take(np_xml_parser *p)
{
    if (!p)
        return xmlNewParserCtxt();
    if (xmlDictSize(p->ctxt->dict) > MAX_KEPT_NAMES) {
        xmlParserCtxtPtr fresh = xmlNewParserCtxt();
        if (fresh) {
            xmlFreeParserCtxt(p->ctxt);
            p->ctxt = fresh;
        }
    }
    *p->ctxt->sax = p->sax;
    return p->ctxt;
}

static void parser_give_back(np_xml_parser *p, xmlParserCtxtPtr ctxt)
{
    if (!p)
        xmlFreeParserCtxt(ctxt);
    else
        xmlCtxtReset(ctxt); /* the document's input is not kept till the next */
}

/* ---- parse errors ------------------------------------------------------ */

typedef struct parse_state {
    const char *name;
    np_error *err;      /* first fatal problem */
    int refused;        /* an entity declaration was seen */
    xmlParserCtxtPtr ctxt;
    entityDeclSAXFunc orig_entity_decl;
    struct prune *prune; /* meta_only: the wrapped SAX handlers */
    int stop_at_content; /* np_read_opts.stop_at_content */
    int root_item;       /* the root is a newsItem */
    xmlDocPtr stopped;   /* the document as far as read, when stopped at its contentSet */
} parse_state;

static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *publicId,
                           const xmlChar *systemId, xmlChar *content)
{
    (void)type; (void)publicId; (void)systemId; (void)content;
    xmlParserCtxtPtr ctxt = ctx;
    parse_state *st = ctxt->_private;
    if (!st->refused) {
        st->refused = 1;
        np_error_set(st->err, NP_ERR_UNSAFE, st->name, xmlSAX2GetLineNumber(ctxt),
                     "the DOCTYPE declares entity '%s': documents that declare entities are refused",
                     name ? (const char *)name : "?");
    }
    xmlStopParser(ctxt);
}

static void on_structured_error(void *ud, xmlErrorPtr e)
{
    parse_state *st = ud;
    if (!e || e->level < XML_ERR_ERROR || st->refused || st->stopped ||
        (st->err && st->err->code))
        return;
    np_buf m = NP_BUF_INIT;
    np_buf_puts(&m, e->message ? e->message : "XML error");
    np_buf_rtrim(&m);
    /* libxml2 puts the offending bytes on a second line: keep one line */
    for (size_t i = 0; i < m.len; i++)
        if (m.data[i] == '\n')
            m.data[i] = ' ';
    int code = NP_ERR_XML;
    if (e->code == XML_ERR_INTERNAL_ERROR || strstr(np_buf_cstr(&m), "depth") ||
        strstr(np_buf_cstr(&m), "huge"))
        code = NP_ERR_UNSAFE;
    np_error_set(st->err, code, st->name, e->line, "not well-formed XML: %s", np_buf_cstr(&m));
    np_buf_free(&m);
}

/* ---- the metadata pass: bodies are not built -------------------------- */

/* With np_read_opts.meta_only the DOM builder's SAX callbacks are wrapped so
 * that nothing below a contentSet's children becomes a node: the selection
 * pass still checks the whole document (well-formedness, limits, entity
 * declarations) but builds only the item's metadata, and a body's text is
 * never copied.  contentSet's children themselves (inlineXML, inlineData,
 * remoteContent) are kept, empty, for their attributes.
 *
 * With selection_only too, a newsItem's metadata that the selection does
 * not read is not built either (rights, concepts, headlines, the
 * whitespace between elements: building and freeing them was most of the
 * selection pass); what may be wrong inside it is found by the full read
 * of a selected item, like what is wrong in its body. */
typedef struct prune {
    xmlSAXHandler sax;     /* the original handlers */
    unsigned long depth;   /* of the current element */
    unsigned long skip_at; /* elements deeper than this are not built; 0: none */
    int selection;         /* np_read_opts.selection_only */
    int in_message;        /* the root is a newsMessage */
    unsigned long item_at; /* selection: depth of the newsItem being read; 0: none */
    int meta_kind;         /* selection: the item's child open (META_*) */
    unsigned long drop_at; /* selection: depth of an element not built; 0: none */
} prune;

enum { META_OTHER, META_ITEM, META_CONTENT };

static prune *prune_of(void *ctx)
{
    return ((parse_state *)((xmlParserCtxtPtr)ctx)->_private)->prune;
}

static int is_nar_name(const xmlChar *localname, const xmlChar *uri, const char *name)
{
    return (!uri || !strcmp((const char *)uri, NAR_NS)) && !strcmp((const char *)localname, name);
}

/* np_read_opts.stop_at_content: at a newsItem's contentSet the parser
 * stops and keeps the document as built so far, the item's metadata: the
 * selection pass then tokenises no body (the conversion pass reads the
 * selected items whole).  Returns 1 when stopped. */
static int stop_here(void *ctx, unsigned long depth, const xmlChar *localname,
                     const xmlChar *uri)
{
    xmlParserCtxtPtr ctxt = ctx;
    parse_state *st = ctxt->_private;
    if (!st->stop_at_content)
        return 0;
    if (depth == 1) {
        st->root_item = is_nar_name(localname, uri, "newsItem");
        return 0;
    }
    if (!st->root_item || !is_nar_name(localname, uri, "contentSet"))
        return 0;
    /* libxml2 frees the document of a stopped parse: take it first (no
     * SAX callback runs after the stop, so nothing builds on it) */
    st->stopped = ctxt->myDoc;
    ctxt->myDoc = NULL;
    xmlStopParser(ctxt);
    return 1;
}

static int name_in(const xmlChar *localname, const char *const *names)
{
    for (; *names; names++)
        if (!strcmp((const char *)localname, *names))
            return 1;
    return 0;
}

/* selection_only: is the element (at p->depth) left out?  Only what
 * deliver_item() reads with selection_only is kept (by local name, as it
 * reads them), and a newsItem's inline catalogs (pubStatus resolution). */
static int dropped(prune *p, const xmlChar *localname)
{
    static const char *const item_kids[] = {"itemMeta", "contentMeta", "catalog", "contentSet",
                                            "groupSet", NULL};
    static const char *const item_meta[] = {"itemClass", "versionCreated", "firstCreated",
                                            "embargoed", "pubStatus", "signal", NULL};
    static const char *const content_meta[] = {"urgency", "contentCreated", NULL};
    if (!p->item_at)
        return 0;
    if (p->depth == p->item_at + 1) {
        p->meta_kind = !strcmp((const char *)localname, "itemMeta")      ? META_ITEM
                       : !strcmp((const char *)localname, "contentMeta") ? META_CONTENT
                                                                         : META_OTHER;
        return !name_in(localname, item_kids);
    }
    if (p->depth == p->item_at + 2 && p->meta_kind != META_OTHER)
        return !name_in(localname, p->meta_kind == META_ITEM ? item_meta : content_meta);
    return 0;
}

/* selection_only: a newsItem, the root or in a newsMessage, starts. */
static void note_item(prune *p, const xmlChar *localname, const xmlChar *uri)
{
    if (p->depth == 1)
        p->in_message = is_nar_name(localname, uri, "newsMessage");
    if ((p->depth == 1 || (p->depth == 3 && p->in_message)) &&
        is_nar_name(localname, uri, "newsItem"))
        p->item_at = p->depth;
}

static void prune_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                        const xmlChar *uri, int nb_ns, const xmlChar **ns, int nb_attrs,
                        int nb_defaulted, const xmlChar **attrs)
{
    prune *p = prune_of(ctx);
    p->depth++;
    if (p->drop_at || (p->skip_at && p->depth > p->skip_at))
        return;
    if (p->depth <= 2 && stop_here(ctx, p->depth, localname, uri))
        return;
    if (p->selection && dropped(p, localname)) {
        p->drop_at = p->depth;
        return;
    }
    p->sax.startElementNs(ctx, localname, prefix, uri, nb_ns, ns, nb_attrs, nb_defaulted, attrs);
    if (!p->skip_at && is_nar_name(localname, uri, "contentSet"))
        p->skip_at = p->depth + 1;
    if (p->selection && !p->item_at)
        note_item(p, localname, uri);
}

static void prune_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                      const xmlChar *uri)
{
    prune *p = prune_of(ctx);
    if (p->drop_at) {
        if (p->depth == p->drop_at)
            p->drop_at = 0;
    } else if (!(p->skip_at && p->depth > p->skip_at)) {
        p->sax.endElementNs(ctx, localname, prefix, uri);
        if (p->skip_at && p->depth + 1 == p->skip_at)
            p->skip_at = 0; /* the contentSet closed */
        if (p->depth == p->item_at)
            p->item_at = 0;
    }
    p->depth--;
}

static int pruned(void *ctx)
{
    prune *p = prune_of(ctx);
    return p->drop_at || (p->skip_at && p->depth >= p->skip_at) ||
           (p->item_at && p->depth <= p->item_at + 1); /* no text read there */
}

static void prune_characters(void *ctx, const xmlChar *ch, int len)
{
    if (!pruned(ctx))
        prune_of(ctx)->sax.characters(ctx, ch, len);
}

static void prune_cdata(void *ctx, const xmlChar *ch, int len)
{
    if (!pruned(ctx))
        prune_of(ctx)->sax.cdataBlock(ctx, ch, len);
}

static void prune_comment(void *ctx, const xmlChar *value)
{
    if (!pruned(ctx))
        prune_of(ctx)->sax.comment(ctx, value);
}

static void prune_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
    if (!pruned(ctx))
        prune_of(ctx)->sax.processingInstruction(ctx, target, data);
}

static void prune_install(xmlParserCtxtPtr ctxt, prune *p, int selection)
{
    memset(p, 0, sizeof *p);
    p->selection = selection;
    p->sax = *ctxt->sax;
    ctxt->sax->startElementNs = prune_start;
    ctxt->sax->endElementNs = prune_end;
    if (p->sax.characters)
        ctxt->sax->characters = prune_characters;
    if (p->sax.ignorableWhitespace == p->sax.characters)
        ctxt->sax->ignorableWhitespace = ctxt->sax->characters;
    if (p->sax.cdataBlock)
        ctxt->sax->cdataBlock = prune_cdata;
    if (p->sax.comment)
        ctxt->sax->comment = prune_comment;
    if (p->sax.processingInstruction)
        ctxt->sax->processingInstruction = prune_pi;
}

/* ---- item building ----------------------------------------------------- */

typedef struct reader {
    const char *name;
    const np_read_opts *opts;
    np_arena *a;
    np_item *item;
    int index;
    int stop;
} reader;

static int is_nar(const xmlNode *n)
{
    return n->ns == NULL || (n->ns->href && strcmp((const char *)n->ns->href, NAR_NS) == 0);
}

static char *text_of(reader *r, const xmlNode *n)
{
    return np_xml_text(r->a, n);
}

static void parse_time(reader *r, const xmlNode *n, np_time *t)
{
    char *s = text_of(r, n);
    if (s && np_time_parse(s, t) != 0)
        t->valid = 0; /* not a date this reader knows: absent */
}

static np_text *new_text_entry(reader *r, const xmlNode *n, const char *text)
{
    np_text *t = NP_ANEW(r->a, np_text);
    t->text = text;
    t->lang = np_xml_lang(r->a, n);
    t->role = np_xml_attr(r->a, n, "role");
    return t;
}

/* Append to a singly linked list (lists are short: walking is fine). */
#define APPEND(type, head, node)                                                            \
    do {                                                                                    \
        type **pp_ = &(head);                                                               \
        while (*pp_)                                                                        \
            pp_ = &(*pp_)->next;                                                            \
        *pp_ = (node);                                                                      \
    } while (0)

/* A concept-like element: qcode/uri/literal/type/role, <name>s, <broader>. */
static np_concept *read_concept(reader *r, const xmlNode *n, int depth)
{
    np_concept *c = NP_ANEW(r->a, np_concept);
    c->qcode = np_xml_attr(r->a, n, "qcode");
    c->uri = np_xml_attr(r->a, n, "uri");
    c->literal = np_xml_attr(r->a, n, "literal");
    c->type = np_xml_attr(r->a, n, "type");
    c->role = np_xml_attr(r->a, n, "role");
    np_text **tail = &c->names;
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (np_xml_is(k, "name")) {
            char *t = text_of(r, k);
            if (t) {
                *tail = new_text_entry(r, k, t);
                tail = &(*tail)->next;
            }
        } else if (np_xml_is(k, "broader") && !c->broader && depth < 16) {
            c->broader = read_concept(r, k, depth + 1);
        }
    }
    /* <provider>Name</provider> or <headline>-style text content */
    if (!c->names) {
        int has_elem = 0;
        for (const xmlNode *k = n->children; k; k = k->next)
            has_elem |= k->type == XML_ELEMENT_NODE;
        char *t = has_elem ? NULL : text_of(r, n);
        if (t)
            c->names = new_text_entry(r, n, t);
    }
    return c;
}

static void read_rights(reader *r, const xmlNode *n)
{
    np_rights *ri = &r->item->rights;
    if (ri->holder || ri->notice || ri->usage_terms)
        return; /* the first rightsInfo is the item's */
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (np_xml_is(k, "copyrightHolder")) {
            np_concept *c = read_concept(r, k, 0);
            ri->holder = np_concept_name(c, NULL);
        } else if (np_xml_is(k, "copyrightNotice")) {
            ri->notice = text_of(r, k);
        } else if (np_xml_is(k, "usageTerms")) {
            ri->usage_terms = text_of(r, k);
        }
    }
}

static np_link *read_link(reader *r, const xmlNode *n)
{
    np_link *l = NP_ANEW(r->a, np_link);
    l->rel = np_xml_attr(r->a, n, "rel");
    l->href = np_xml_attr(r->a, n, "href");
    l->residref = np_xml_attr(r->a, n, "residref");
    l->version = np_xml_attr(r->a, n, "version");
    l->contenttype = np_xml_attr(r->a, n, "contenttype");
    l->title = np_xml_attr(r->a, n, "title");
    for (const xmlNode *k = n->children; k; k = k->next) {
        if ((np_xml_is(k, "title") || np_xml_is(k, "headline")) && !l->title)
            l->title = text_of(r, k);
        else if (np_xml_is(k, "description") && !l->description)
            l->description = text_of(r, k);
    }
    return l;
}

static np_item_class class_of(const char *qcode)
{
    if (!qcode)
        return NP_CLASS_TEXT;
    const char *c = strchr(qcode, ':');
    c = c ? c + 1 : qcode;
    if (!strcasecmp(c, "picture") || !strcasecmp(c, "photo"))
        return NP_CLASS_PICTURE;
    if (!strcasecmp(c, "graphic"))
        return NP_CLASS_GRAPHIC;
    if (!strcasecmp(c, "video"))
        return NP_CLASS_VIDEO;
    if (!strcasecmp(c, "audio"))
        return NP_CLASS_AUDIO;
    if (!strcasecmp(c, "composite"))
        return NP_CLASS_COMPOSITE;
    return NP_CLASS_TEXT;
}

/* What a warning depends on: the metadata (given by the meta_only read of
 * the selection pass) or the content (given by the full read). */
enum { ON_META, ON_CONTENT };
static void report(reader *r, int on, int code, long line, const char *fmt, const char *arg);

/* An empty <embargoed/> means "under embargo, time not known yet"; one that
 * cannot be read is taken the same way: the item waits, never goes early. */
static void read_embargo(reader *r, const xmlNode *k)
{
    np_item *it = r->item;
    char *s = text_of(r, k);
    if (s && np_time_parse(s, &it->embargoed) == 0 && it->embargoed.valid)
        return;
    it->embargoed.valid = 0;
    it->embargo_unknown = 1;
    report(r, ON_META, 0, xmlGetLineNo(k),
           s ? "warning: <embargoed> \"%s\" is not a date and time; the item is held"
             : "warning: <embargoed> is empty%s; the item is held",
           s ? s : "");
}

/* pubStatus through the catalog rules; one this reader cannot resolve is
 * held like withheld, with a warning. */
static void read_pub_status(reader *r, const xmlNode *item, const xmlNode *k)
{
    const char *q = np_xml_attr(r->a, k, "qcode"), *u = np_xml_attr(r->a, k, "uri");
    if (np_pubstatus_resolve(r->a, item, q, u, &r->item->pubstatus) == 0)
        return;
    r->item->pubstatus = NP_PUB_WITHHELD;
    report(r, ON_META, 0, xmlGetLineNo(k),
           "warning: pubStatus \"%s\" is not a status of the IPTC scheme (usable, withheld, "
           "canceled); the item is held",
           q ? q : u ? u : "");
}

/* The itemMeta fields that both reads take alike; 0 when NAME is none of them. */
static int read_dates_and_status(reader *r, const xmlNode *n, const xmlNode *k, const char *name)
{
    np_item *it = r->item;
    if (!strcmp(name, "versionCreated"))
        parse_time(r, k, &it->version_created);
    else if (!strcmp(name, "firstCreated"))
        parse_time(r, k, &it->first_created);
    else if (!strcmp(name, "embargoed"))
        read_embargo(r, k);
    else if (!strcmp(name, "pubStatus"))
        read_pub_status(r, n->parent, k);
    else
        return 0;
    return 1;
}

/* np_read_opts.selection_only: the fields of an itemMeta that the
 * selection reads, with the same warnings as read_item_meta(). */
static void read_selection_meta(reader *r, const xmlNode *n, const xmlNode *k, const char *name)
{
    np_item *it = r->item;
    if (!read_dates_and_status(r, n, k, name) && !strcmp(name, "signal")) {
        char *q = np_xml_attr(r->a, k, "qcode"); /* as read_concept() reads it */
        if (q && strstr(q, "correction"))
            it->is_correction = 1;
    }
}

static void read_item_meta(reader *r, const xmlNode *n)
{
    np_item *it = r->item;
    for (const xmlNode *k = np_xml_first_elem(n); k; k = np_xml_next_elem(k)) {
        const char *name = np_xml_name(k);
        if (!strcmp(name, "itemClass")) {
            it->item_class_qcode = np_xml_attr(r->a, k, "qcode");
            if (it->item_class != NP_CLASS_PACKAGE)
                it->item_class = class_of(it->item_class_qcode);
        } else if (r->opts->selection_only) {
            read_selection_meta(r, n, k, name);
        } else if (!strcmp(name, "provider")) {
            it->provider = read_concept(r, k, 0);
        } else if (read_dates_and_status(r, n, k, name)) {
            continue;
        } else if (!strcmp(name, "signal")) {
            np_concept *s = read_concept(r, k, 0);
            APPEND(np_concept, it->signals, s);
            if (s->qcode && strstr(s->qcode, "correction"))
                it->is_correction = 1;
        } else if (!strcmp(name, "edNote")) {
            if (!it->ednote)
                it->ednote = text_of(r, k);
        } else if (!strcmp(name, "link")) {
            np_link *l = read_link(r, k);
            APPEND(np_link, it->links, l);
        }
    }
}

static int same_str(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static int role_is(const char *role, const char *what)
{
    if (!role)
        return 0;
    const char *c = strchr(role, ':');
    c = c ? c + 1 : role;
    return strcasecmp(c, what) == 0;
}

static void read_content_meta(reader *r, const xmlNode *n)
{
    np_item *it = r->item;
    for (const xmlNode *k = np_xml_first_elem(n); k; k = np_xml_next_elem(k)) {
        const char *name = np_xml_name(k);
        if (r->opts->selection_only && strcmp(name, "urgency") && strcmp(name, "contentCreated"))
            continue;
        if (!strcmp(name, "urgency")) {
            char *t = text_of(r, k);
            long u = t ? strtol(t, NULL, 10) : 0;
            it->urgency = (u >= 1 && u <= 9) ? (int)u : 0;
        } else if (!strcmp(name, "contentCreated")) {
            parse_time(r, k, &it->content_created);
        } else if (!strcmp(name, "located")) {
            if (!it->located)
                it->located = read_concept(r, k, 0);
        } else if (!strcmp(name, "creator")) {
            np_concept *c = read_concept(r, k, 0);
            APPEND(np_concept, it->creators, c);
        } else if (!strcmp(name, "contributor")) {
            np_concept *c = read_concept(r, k, 0);
            APPEND(np_concept, it->contributors, c);
        } else if (!strcmp(name, "dateline")) {
            if (!it->dateline)
                it->dateline = text_of(r, k);
        } else if (!strcmp(name, "description")) {
            char *t = text_of(r, k);
            if (t) {
                np_text *d = new_text_entry(r, k, t);
                APPEND(np_text, it->descriptions, d);
            }
        } else if (!strcmp(name, "subject")) {
            np_concept *c = read_concept(r, k, 0);
            APPEND(np_concept, it->subjects, c);
        } else if (!strcmp(name, "genre")) {
            np_concept *c = read_concept(r, k, 0);
            APPEND(np_concept, it->genres, c);
        } else if (!strcmp(name, "keyword")) {
            char *t = text_of(r, k);
            if (t) {
                np_text *kw = new_text_entry(r, k, t);
                APPEND(np_text, it->keywords, kw);
            }
        } else if (!strcmp(name, "language")) {
            char *tag = np_xml_attr(r->a, k, "tag");
            if (tag && !it->lang)
                it->lang = tag;
        } else if (!strcmp(name, "headline")) {
            char *t = text_of(r, k);
            if (t) {
                np_text *h = new_text_entry(r, k, t);
                APPEND(np_text, it->headlines, h);
                char *dir = np_xml_attr(r->a, k, "dir");
                if (dir && !it->dir)
                    it->dir = dir;
            }
        } else if (!strcmp(name, "slugline")) {
            if (!it->slugline)
                it->slugline = text_of(r, k);
        } else if (!strcmp(name, "creditline")) {
            if (!it->creditline)
                it->creditline = text_of(r, k);
        }
    }
}

/* Prefer the richest alternative: markup over HTML-in-text over plain. */
static int content_rank(const xmlNode *n, size_t *len_out)
{
    int rank = 0;
    if (np_xml_is(n, "inlineXML")) {
        rank = 3;
    } else if (np_xml_is(n, "inlineData")) {
        xmlChar *ct = xmlGetProp(n, (const xmlChar *)"contenttype");
        const char *c = ct ? (const char *)ct : "text/plain";
        if (strstr(c, "html") || strstr(c, "xml"))
            rank = 2;
        else if (!strncmp(c, "text/", 5))
            rank = 1;
        xmlFree(ct);
    }
    if (rank) {
        *len_out = np_xml_text_len(n);
        if (np_xml_is(n, "inlineXML")) {
            int has_elem = 0;
            for (const xmlNode *k = n->children; k; k = k->next)
                has_elem |= k->type == XML_ELEMENT_NODE;
            if (!has_elem)
                rank = *len_out ? 1 : 0;
        }
    }
    return rank;
}

/* Does `byline` name every creator of the item (true when there is none)?
 * Then it is the richer byline: "By Jane Doe, Staff Reporter". */
static int names_all_creators(const np_item *it, const char *byline)
{
    for (const np_concept *c = it->creators; c; c = c->next) {
        int named = 0;
        for (const np_text *t = c->names; t && !named; t = t->next)
            named = strstr(byline, t->text) != NULL;
        if (!named && (c->names || c->literal))
            return 0;
    }
    return 1;
}

/* Header fields the item's metadata lacks, from its body markup: the
 * precedence order of newsml2txt(1).  The body's byline is taken when it
 * names every creator (or there is none). */
static void fill_from_body(reader *r, const np_body_header *bh)
{
    np_item *it = r->item;
    if (!it->headline)
        it->headline = bh->headline;
    if (!it->subheadline && bh->subheadline && !same_str(bh->subheadline, it->headline))
        it->subheadline = bh->subheadline;
    if (bh->byline && names_all_creators(it, bh->byline))
        it->byline = bh->byline;
    if (!it->dateline)
        it->dateline = bh->dateline;
    if (!it->summary)
        it->summary = bh->summary;
}

/* What the header shows, for the body converter to leave out. */
static void body_meta_of(const np_item *it, np_buf *names, np_buf *place, np_body_meta *bm)
{
    for (const np_concept *c = it->creators; c; c = c->next)
        for (const np_text *t = c->names; t; t = t->next)
            np_buf_printf(names, "%s ", t->text);
    np_buf_puts(names, it->byline);
    np_buf_puts(place, it->dateline);
    for (const np_concept *c = it->located; c; c = c->broader)
        for (const np_text *t = c->names; t; t = t->next)
            np_buf_printf(place, " %s", t->text);
    *bm = (np_body_meta){it->headline, it->subheadline, names->data, place->data};
}

/* The body from the chosen content alternative.  Markup (inlineXML, or
 * HTML sent as text) is read for header fields first. */
static void read_content(reader *r, const xmlNode *best, int best_rank)
{
    np_item *it = r->item;
    int markup = np_xml_is(best, "inlineXML") && best_rank == 3;
    np_buf v = NP_BUF_INIT;
    /* text content is needed for HTML header fields, and for the body */
    int need_text = !markup && (best_rank == 2 || !r->opts->meta_only);
    size_t len = need_text ? np_xml_raw_text(best, &v) : 0;
    const char *text = np_buf_cstr(&v);
    xmlDoc *html = best_rank == 2 ? np_html_parse(text, len) : NULL;
    const xmlNode *root = markup ? best : html ? xmlDocGetRootElement(html) : NULL;
    if (root) {
        np_body_header bh;
        np_body_header_read(r->a, root, &bh);
        fill_from_body(r, &bh);
    }
    if (!r->opts->meta_only) {
        np_buf names = NP_BUF_INIT, place = NP_BUF_INIT;
        np_body_meta bm;
        body_meta_of(it, &names, &place, &bm);
        /* apart from the metadata, so that it can be parked (park.h) */
        np_arena *ba = it->body_arena = np_arena_new_bulk();
        if (markup)
            it->body = np_body_from_markup(ba, best, &bm);
        else if (html)
            it->body = np_body_from_html_doc(ba, html, &bm);
        else if (np_body_looks_like_html(text, len))
            it->body = np_body_from_tagged_plain(ba, text, len);
        else
            it->body = np_body_from_plain(ba, text, len);
        np_buf_free(&names);
        np_buf_free(&place);
    }
    if (html)
        xmlFreeDoc(html);
    np_buf_free(&v);
}

static void read_content_set(reader *r, const xmlNode *n)
{
    np_item *it = r->item;
    const xmlNode *best = NULL;
    int best_rank = 0;
    size_t best_len = 0;
    for (const xmlNode *k = np_xml_first_elem(n); k; k = np_xml_next_elem(k)) {
        if (np_xml_is(k, "remoteContent")) {
            np_rendition *rd = NP_ANEW(r->a, np_rendition);
            rd->href = np_xml_attr(r->a, k, "href");
            rd->residref = np_xml_attr(r->a, k, "residref");
            rd->contenttype = np_xml_attr(r->a, k, "contenttype");
            rd->rendition = np_xml_attr(r->a, k, "rendition");
            char *w = np_xml_attr(r->a, k, "width"), *h = np_xml_attr(r->a, k, "height"),
                 *sz = np_xml_attr(r->a, k, "size");
            long wv = w ? strtol(w, NULL, 10) : 0, hv = h ? strtol(h, NULL, 10) : 0;
            rd->width = wv > 0 && wv < 1000000 ? (int)wv : 0;
            rd->height = hv > 0 && hv < 1000000 ? (int)hv : 0;
            rd->size = sz ? strtol(sz, NULL, 10) : 0;
            if (rd->size < 0)
                rd->size = 0;
            APPEND(np_rendition, it->renditions, rd);
            continue;
        }
        size_t len = 0;
        int rank = content_rank(k, &len);
        if (rank > best_rank || (rank == best_rank && rank && len > best_len)) {
            best = k;
            best_rank = rank;
            best_len = len;
        }
    }
    if (!best)
        return;
    char *dir = np_xml_attr(r->a, best, "dir");
    if (dir)
        it->dir = dir;
    char *lang = np_xml_lang(r->a, best);
    if (lang && !it->lang)
        it->lang = lang;
    char *ct = np_xml_attr(r->a, best, "contenttype");
    it->body_type = ct ? ct : (np_xml_is(best, "inlineXML") ? "application/xml" : "text/plain");
    read_content(r, best, best_rank);
}

static void read_group_set(reader *r, const xmlNode *n)
{
    np_item *it = r->item;
    for (const xmlNode *g = n->children; g; g = g->next) {
        if (!np_xml_is(g, "group"))
            continue;
        np_group *grp = NP_ANEW(r->a, np_group);
        grp->id = np_xml_attr(r->a, g, "id");
        grp->role = np_xml_attr(r->a, g, "role");
        for (const xmlNode *k = g->children; k; k = k->next) {
            if ((np_xml_is(k, "name") || np_xml_is(k, "title")) && !grp->name) {
                grp->name = text_of(r, k);
            } else if (np_xml_is(k, "itemRef")) {
                np_link *l = read_link(r, k);
                APPEND(np_link, grp->refs, l);
            } else if (np_xml_is(k, "groupRef")) {
                /* kept as a ref with rel "groupRef" and the group id in residref */
                np_link *l = NP_ANEW(r->a, np_link);
                l->rel = "groupRef";
                l->residref = np_xml_attr(r->a, k, "idref");
                APPEND(np_link, grp->refs, l);
            }
        }
        if (!grp->name && grp->role) {
            const char *c = strchr(grp->role, ':');
            grp->name = c ? c + 1 : grp->role;
        }
        APPEND(np_group, it->groups, grp);
    }
}

/* A packageItem with itemRefs directly under it (seen in the guidelines). */
static void read_loose_refs(reader *r, const xmlNode *n)
{
    np_group *grp = NULL;
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (!np_xml_is(k, "itemRef"))
            continue;
        if (!grp) {
            grp = NP_ANEW(r->a, np_group);
            APPEND(np_group, r->item->groups, grp);
        }
        np_link *l = read_link(r, k);
        APPEND(np_link, grp->refs, l);
    }
}

static void report(reader *r, int on, int code, long line, const char *fmt, const char *arg)
{
    if (!r->opts->on_issue || (on == ON_META && r->opts->content_issues_only) ||
        (on == ON_CONTENT && r->opts->meta_only))
        return;
    np_error e = NP_ERROR_INIT;
    np_error_set(&e, code, r->name, line, fmt, arg);
    r->opts->on_issue(r->opts->ud, &e);
    np_error_clear(&e);
}

static int is_sub_role(const char *role)
{
    return role_is(role, "sub") || role_is(role, "subheadline") || role_is(role, "subtitle");
}

static void finish_headlines(reader *r)
{
    np_item *it = r->item;
    for (np_text *h = it->headlines; h; h = h->next) {
        if (!it->headline && (!h->role || role_is(h->role, "main") || role_is(h->role, "headline")))
            it->headline = h->text;
        else if (!it->subheadline && is_sub_role(h->role))
            it->subheadline = h->text;
    }
    for (np_text *h = it->headlines; h && !it->headline; h = h->next)
        if (h->text != it->subheadline)
            it->headline = h->text;
    for (np_text *d = it->descriptions; d; d = d->next) {
        if (role_is(d->role, "caption")) {
            if (!it->caption)
                it->caption = d->text;
        } else if (!it->summary && (!d->role || role_is(d->role, "summary") ||
                                     role_is(d->role, "abstract"))) {
            it->summary = d->text;
        }
    }
}

static void deliver_item(reader *r, const xmlNode *n, int is_package)
{
    r->a = np_arena_new();
    np_item *it = NP_ANEW(r->a, np_item);
    it->arena = r->a;
    r->item = it;
    it->source = np_arena_strdup(r->a, r->name);
    it->line = xmlGetLineNo(n);
    it->index = r->index++;
    it->guid = np_xml_attr(r->a, n, "guid");
    char *v = np_xml_attr(r->a, n, "version");
    long ver = v ? strtol(v, NULL, 10) : 1;
    it->version = ver >= 1 ? ver : 1;
    it->item_class = is_package ? NP_CLASS_PACKAGE : NP_CLASS_TEXT;
    char *root_lang = np_xml_lang(r->a, n);
    it->dir = np_xml_attr(r->a, n, "dir");

    const xmlNode *content_set = NULL;
    for (const xmlNode *k = np_xml_first_elem(n); k; k = np_xml_next_elem(k)) {
        const char *name = np_xml_name(k);
        if (!strcmp(name, "rightsInfo") && !r->opts->selection_only)
            read_rights(r, k);
        else if (!strcmp(name, "itemMeta"))
            read_item_meta(r, k);
        else if (!strcmp(name, "contentMeta")) {
            read_content_meta(r, k);
            if (!root_lang)
                root_lang = np_xml_lang(r->a, k);
        } else if (!strcmp(name, "contentSet"))
            content_set = k;
        else if (!strcmp(name, "groupSet"))
            read_group_set(r, k);
    }
    if (is_package && !it->groups)
        read_loose_refs(r, n);
    if (!it->lang)
        it->lang = root_lang;
    finish_headlines(r);
    if (content_set && !r->opts->selection_only)
        read_content_set(r, content_set);
    if (!it->dir)
        it->dir = np_lang_is_rtl(it->lang) ? "rtl" : (it->lang ? "ltr" : NULL);

    if (!it->guid) {
        /* the selection rules need an identity: name it after its place */
        np_buf g = NP_BUF_INIT;
        np_buf_printf(&g, "urn:newsprint:noguid:%s:%d", r->name, it->index);
        it->guid = np_arena_strndup(r->a, g.data, g.len);
        np_buf_free(&g);
        report(r, ON_META, 0, it->line, "warning: item has no guid; using %s", it->guid);
    }
    if (!it->headline && !is_package) {
        /* the last place of the precedence order; the outputs go on to
         * the first sentence (np_item_display_headline()) */
        it->headline = it->slugline;
        const char *shown = np_item_display_headline(it);
        report(r, ON_CONTENT, 0, it->line,
               shown ? "warning: item has no headline; using \"%s\" instead"
                     : "warning: item has no headline%s",
               shown ? shown : "");
    }
    r->item = NULL;
    if (r->opts->on_item) {
        if (r->opts->on_item(r->opts->ud, it))
            r->stop = 1;
    } else {
        np_item_free(it);
    }
    r->a = NULL;
}

static int read_root(reader *r, const xmlNode *root, np_error *err)
{
    const char *name = np_xml_name(root);
    if (!is_nar(root))
        return np_error_set(err, NP_ERR_NOT_NEWSML, r->name, xmlGetLineNo(root),
                            "root element <%s> is not in the NewsML-G2 namespace (%s)", name,
                            NAR_NS);
    if (!strcmp(name, "newsItem")) {
        deliver_item(r, root, 0);
        return NP_OK;
    }
    if (!strcmp(name, "packageItem")) {
        deliver_item(r, root, 1);
        return NP_OK;
    }
    if (!strcmp(name, "newsMessage")) {
        const xmlNode *set = np_xml_child(root, "itemSet");
        if (!set)
            return np_error_set(err, NP_ERR_INVALID, r->name, xmlGetLineNo(root),
                                "newsMessage has no itemSet");
        for (const xmlNode *k = np_xml_first_elem(set); k && !r->stop; k = np_xml_next_elem(k)) {
            const char *kn = np_xml_name(k);
            if (!strcmp(kn, "newsItem"))
                deliver_item(r, k, 0);
            else if (!strcmp(kn, "packageItem"))
                deliver_item(r, k, 1);
            else
                report(r, ON_META, 0, xmlGetLineNo(k), "warning: <%s> in itemSet is not a news item; skipped",
                       kn);
        }
        return NP_OK;
    }
    return np_error_set(err, NP_ERR_NOT_NEWSML, r->name, xmlGetLineNo(root),
                        "root element <%s> is not a NewsML-G2 item (expected newsItem, packageItem "
                        "or newsMessage)",
                        name);
}

int np_newsml_read_memory(const char *data, size_t len, const char *name,
                          const np_read_opts *opts, np_error *err)
{
    np_newsml_init();
    name = name ? name : "<memory>";
    size_t max = opts->max_bytes ? opts->max_bytes : NP_READ_MAX_BYTES;
    if (len == 0)
        return np_error_set(err, NP_ERR_XML, name, 0, "empty file: not a NewsML-G2 document");
    if (len > max || len > (size_t)INT32_MAX)
        return np_error_set(err, NP_ERR_UNSAFE, name, 0,
                            "document of %zu bytes is larger than the limit of %zu bytes", len, max);

    xmlParserCtxtPtr ctxt = parser_take(opts->parser);
    if (!ctxt)
        return np_error_set(err, NP_ERR_MEMORY, name, 0, "out of memory");
    np_error perr = NP_ERROR_INIT;
    prune pr;
    parse_state st = {name, &perr, 0, ctxt, NULL, opts->meta_only ? &pr : NULL,
                      opts->meta_only && opts->stop_at_content, 0, NULL};
    ctxt->_private = &st;
    ctxt->sax->entityDecl = on_entity_decl;
    if (opts->meta_only)
        prune_install(ctxt, &pr, opts->selection_only);
    xmlSetStructuredErrorFunc(&st, on_structured_error);
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
                  XML_PARSE_BIG_LINES | XML_PARSE_COMPACT;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL, options);
    xmlSetStructuredErrorFunc(NULL, NULL);
    int wellformed = ctxt->wellFormed;
    parser_give_back(opts->parser, ctxt);
    if (st.stopped) {
        /* well-formed as far as read (an error before the stop is in perr) */
        xmlFreeDoc(doc);
        doc = st.stopped;
        wellformed = 1;
        if (opts->stopped)
            *opts->stopped = 1;
    }

    int rc = NP_OK;
    if (st.refused || !doc || !wellformed || perr.code) {
        if (perr.code) {
            np_error_set(err, perr.code, perr.file, perr.line, "%s", perr.message);
        } else {
            np_error_set(err, NP_ERR_XML, name, 0, "not well-formed XML");
        }
        np_error_clear(&perr);
        xmlFreeDoc(doc);
        return err ? err->code : NP_ERR_XML;
    }
    if (doc->intSubset && doc->intSubset->entities) {
        xmlFreeDoc(doc);
        return np_error_set(err, NP_ERR_UNSAFE, name, 1,
                            "the DOCTYPE declares entities: documents that declare entities are refused");
    }
    /* libxml2 2.9 lets a text node grow past its documented 10 MB limit
     * when it arrives in pieces: enforce ours (not looked for in a
     * document too short to hold one: decoding makes a byte at most two
     * characters of at most four bytes, and the entities are refused) */
    const xmlNode *big = len <= MAX_TEXT_BYTES / 8
                             ? NULL
                             : np_xml_find_long_text((xmlNode *)doc, MAX_TEXT_BYTES);
    if (big) {
        long line = big->parent ? xmlGetLineNo(big->parent) : 0;
        xmlFreeDoc(doc);
        return np_error_set(err, NP_ERR_UNSAFE, name, line,
                            "a text node is larger than the limit of %d MB; document refused",
                            MAX_TEXT_BYTES / (1024 * 1024));
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    reader r = {name, opts, NULL, NULL, 0, 0};
    if (!root)
        rc = np_error_set(err, NP_ERR_XML, name, 0, "document has no root element");
    else
        rc = read_root(&r, root, err);
    xmlFreeDoc(doc);
    return rc;
}

int np_newsml_read_file(const char *path, const np_read_opts *opts, np_error *err)
{
    int from_stdin = strcmp(path, "-") == 0;
    const char *name = from_stdin ? "<stdin>" : path;
    struct stat st;
    int fd = from_stdin ? STDIN_FILENO : np_infile_open(path, &st);
    if (fd < 0)
        return np_error_set(err, NP_ERR_IO, name, 0, "cannot open: %s", strerror(errno));
    if (!from_stdin && !S_ISREG(st.st_mode)) {
        close(fd);
        return np_error_set(err, NP_ERR_IO, name, 0,
                            S_ISDIR(st.st_mode) ? "is a directory; not read"
                                                : "not a regular file (a FIFO, device or socket); "
                                                  "not read (pipe it to standard input, '-')");
    }
    size_t max = opts->max_bytes ? opts->max_bytes : NP_READ_MAX_BYTES;
    np_buf own = NP_BUF_INIT, *bp = opts->buffer ? opts->buffer : &own;
    np_buf_reset(bp);
    int got = np_infile_slurp(fd, max, bp);
    int e = errno;
    if (!from_stdin)
        close(fd);
    int rc;
    if (got < 0)
        rc = np_error_set(err, NP_ERR_IO, name, 0, "read error: %s", strerror(e));
    else if (got > 0)
        rc = np_error_set(err, NP_ERR_UNSAFE, name, 0, "%s is larger than the limit of %zu bytes",
                          from_stdin ? "standard input" : "file", max);
    else
        rc = np_newsml_read_memory(np_buf_cstr(bp), bp->len, name, opts, err);
    np_buf_free(&own);
    return rc;
}
