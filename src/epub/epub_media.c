/* EPUB converter: the pictures that go into a digest — found
 * safely (np_href_resolve), read and checked by the picture module (type
 * matching the name, pixel budget, complete decoding), limited in size, CMYK
 * JPEGs converted to RGB, each file stored once — and the figures of every
 * article that show them. */
#include "epub.h"
#include "util/alloc.h"
#include "newsprint/media.h"
#include "model/picture.h"

#include <libxml/parser.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { DEFAULT_MAX_IMAGE = 5 * 1024 * 1024 };

static int attr_is(const xmlAttr *a, const char *name)
{
    return a->name && !strcasecmp((const char *)a->name, name);
}

/* An SVG picture that reaches for nothing: no scripts, no foreign
 * content, no event handlers, no links other than to itself. */
static int svg_is_inert(const unsigned char *data, size_t len)
{
    if (len > INT32_MAX)
        return 0;
    xmlDocPtr doc = xmlReadMemory((const char *)data, (int)len, "picture.svg", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc)
        return 0;
    int ok = !doc->intSubset || !doc->intSubset->entities;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!root || !root->name || strcmp((const char *)root->name, "svg") != 0 || !root->ns ||
        strcmp((const char *)root->ns->href, "http://www.w3.org/2000/svg") != 0)
        ok = 0;
    /* iterative walk */
    for (xmlNodePtr n = root; ok && n;) {
        if (n->type == XML_ELEMENT_NODE) {
            if (!strcasecmp((const char *)n->name, "script") ||
                !strcasecmp((const char *)n->name, "foreignObject"))
                ok = 0;
            for (xmlAttr *a = n->properties; ok && a; a = a->next) {
                if (!strncasecmp((const char *)a->name, "on", 2))
                    ok = 0;
                if (attr_is(a, "href") || attr_is(a, "src")) {
                    xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
                    if (!v || v[0] != '#')
                        ok = 0;
                    xmlFree(v);
                }
            }
        }
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next)
            n = n->parent;
        n = n && n != root ? n->next : NULL;
    }
    xmlFreeDoc(doc);
    return ok;
}

/* A CMYK JPEG, which many reading systems show with wrong colours, as an
 * RGB JPEG in `data`; 0 (with a warning) if that cannot be done. */
static int to_rgb_jpeg(ep_plan *p, const char *source, long line, const char *href, np_buf *data)
{
    np_picture pic;
    np_error e = NP_ERROR_INIT;
    np_buf out = NP_BUF_INIT;
    int ok = np_picture_check((const unsigned char *)data->data, data->len, href, 1, &pic, &e) ==
                 NP_OK &&
             np_picture_encode_jpeg(&pic, 90, &out, &e) == NP_OK;
    if (ok) {
        ep_warn(p, source, line, "picture '%s' is a CMYK JPEG; converted to RGB", href);
        np_buf_free(data);
        *data = out;
    } else {
        ep_warn(p, source, line, "picture '%s' %s; article kept without it", href,
                e.message ? e.message : "cannot be converted");
        np_buf_free(&out);
    }
    np_picture_free(&pic);
    np_error_clear(&e);
    return ok;
}

/* The manifest index of the picture `href` of an item read from `source`,
 * adding it on first use; -1 (with a warning) when it cannot be used. */
static long add_pic(ep_plan *p, const char *source, long line, const char *href)
{
    np_buf path = NP_BUF_INIT;
    np_error e = NP_ERROR_INIT;
    long idx = -1;
    if (np_href_resolve(source, href, &path, &e) != NP_OK) {
        ep_warn(p, source, line, "%s; article kept without it",
                e.message ? e.message : "picture not read");
        goto out;
    }
    for (size_t i = 0; i < p->npics; i++)
        if (!strcmp(p->pics[i].path, path.data)) {
            idx = p->pics[i].href ? (long)i : -1;
            goto out;
        }
    ep_pic pic;
    memset(&pic, 0, sizeof pic);
    double limit = np_style_num(p->o->style, "max_image_bytes", DEFAULT_MAX_IMAGE);
    size_t max = limit >= 1 && limit < 1e15 ? (size_t)limit : DEFAULT_MAX_IMAGE;
    int rc = np_picture_read(path.data, max, &pic.data, &e);
    np_picture info;
    memset(&info, 0, sizeof info);
    int usable = 0;
    if (rc == NP_ERR_UNSAFE)
        ep_warn(p, source, line,
                "picture '%s' is larger than %zu bytes (max_image_bytes); not embedded", href, max);
    else if (rc != NP_OK ||
             np_picture_check((const unsigned char *)pic.data.data, pic.data.len, href, 0, &info,
                              &e) != NP_OK)
        ep_warn(p, source, line, "picture '%s' %s; article kept without it", href,
                e.message ? e.message : "cannot be read");
    else if (info.type == NP_IMG_SVG &&
             !svg_is_inert((const unsigned char *)pic.data.data, pic.data.len))
        ep_warn(p, source, line,
                "picture '%s' is an SVG with scripts, links or errors; not embedded", href);
    else
        usable = !info.cmyk || to_rgb_jpeg(p, source, line, href, &pic.data);
    /* remembered either way, so that a picture used twice warns once */
    pic.path = np_buf_detach(&path);
    if (usable) {
        np_buf s = NP_BUF_INIT;
        np_buf_printf(&s, "p%04zu", p->npics + 1);
        pic.id = np_buf_detach(&s);
        np_buf_printf(&s, "images/%s.%s", pic.id, info.ext);
        pic.href = np_buf_detach(&s);
        pic.media_type = info.media_type;
        pic.width = info.width;
        pic.height = info.height;
        idx = (long)p->npics;
    } else {
        np_buf_free(&pic.data);
    }
    NP_GROW_POW2(p->pics, p->npics);
    p->pics[p->npics++] = pic;
out:
    np_error_clear(&e);
    np_buf_free(&path);
    return idx;
}

static void add_fig(ep_article *a, ep_fig f)
{
    NP_GROW_POW2(a->figs, a->nfigs);
    a->figs[a->nfigs++] = f;
}

static void body_figures(ep_plan *p, ep_article *a)
{
    const np_body_outline *o = np_item_body_outline(a->it);
    for (size_t i = 0; i < o->nfigures; i++) {
        const np_block *b = o->figures[i];
        ep_fig f = {.block = b, .pic = -1, .block_no = i + 1};
        if (b->src)
            f.pic = add_pic(p, a->it->source, b->line ? b->line : a->it->line, b->src);
        add_fig(a, f);
    }
}

/* link_no: 1 + the link's place in the article item's links, 0 none */
static void picture_figure(ep_plan *p, ep_article *a, const np_item *pic, const np_link *link,
                           size_t link_no)
{
    ep_fig f = {.picture = pic, .link = link, .pic = -1, .link_no = link_no};
    const np_rendition *r = np_picture_rendition(pic);
    if (r)
        f.pic = add_pic(p, pic->source, pic->line, r->href);
    else if (pic->renditions)
        ep_warn(p, pic->source, pic->line, "picture item has no image file to show");
    /* the body may already show the same image */
    for (size_t i = 0; f.pic >= 0 && i < a->nfigs; i++)
        if (a->figs[i].pic == f.pic)
            return;
    add_fig(a, f);
}

const np_item *ep_linked_picture(const ep_plan *p, const np_item *it, const np_link *l)
{
    const np_item *pic = l->residref ? np_collection_find(p->c, l->residref) : NULL;
    if (pic && pic != it &&
        (pic->item_class == NP_CLASS_PICTURE || pic->item_class == NP_CLASS_GRAPHIC))
        return pic;
    return NULL;
}

static void article_figures(ep_plan *p, ep_article *a)
{
    const np_item *it = a->it;
    body_figures(p, a);
    if (it->item_class == NP_CLASS_PICTURE || it->item_class == NP_CLASS_GRAPHIC)
        picture_figure(p, a, it, NULL, 0);
    size_t n = 0;
    for (const np_link *l = it->links; l; l = l->next) {
        const np_item *pic = ep_linked_picture(p, it, l);
        n++;
        if (pic)
            picture_figure(p, a, pic, l, n);
    }
}

void ep_plan_pictures(ep_plan *p)
{
    for (size_t i = 0; i < p->narts; i++)
        article_figures(p, &p->arts[i]);
}
