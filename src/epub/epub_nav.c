/* EPUB converter: the navigation documents — nav.xhtml (EPUB 3: table of
 * contents with sections and their articles, landmarks) and toc.ncx (the
 * same tree for EPUB 2 reading systems). */
#include "epub.h"
#include "newsprint/lang.h"

#include <string.h>

/* A link whose text is in `lang` (the digest's, or the converter's own). */
static void nav_link(ep_xw *x, const ep_plan *p, const char *lang, const char *href,
                     const char *text, const char *type)
{
    const char *dir = np_lang_is_rtl(p->lang) ? "rtl" : "ltr";
    ep_start_in(x, "a", lang, strcmp(lang, EP_OWN_LANG) ? dir : "ltr", p->lang, dir);
    ep_xw_attr(x, "epub:type", type);
    ep_xw_attr(x, "href", href);
    ep_xw_text(x, text);
    ep_xw_end(x);
}

/* <nav> with `attrs` (as ep_xw_start_attrs()), its heading, and the
 * start of its list. */
static void nav_begin(ep_xw *x, const ep_plan *p, const char *const *attrs, const char *heading,
                      const char *title)
{
    const char *dir = np_lang_is_rtl(p->lang) ? "rtl" : "ltr";
    ep_xw_start_attrs(x, "nav", attrs);
    ep_label(x, heading, NULL, title, p->lang, dir);
    ep_xw_nl(x);
    ep_xw_start(x, "ol");
    ep_xw_nl(x);
}

/* A list item of the converter's own words linking to `href`. */
static void nav_item(ep_xw *x, const ep_plan *p, const char *href, const char *text,
                     const char *type)
{
    ep_xw_start(x, "li");
    nav_link(x, p, EP_OWN_LANG, href, text, type);
    ep_xw_end(x);
    ep_xw_nl(x);
}

int ep_write_nav(const ep_plan *p, np_buf *out)
{
    ep_xw x;
    if (ep_xw_open(&x) < 0)
        return -1;
    const char *dir = np_lang_is_rtl(p->lang) ? "rtl" : "ltr";
    ep_xhtml_begin(&x, "Contents", EP_OWN_LANG, p->lang, dir, NULL);

    nav_begin(&x, p, (const char *const[]){"epub:type", "toc", "role", "doc-toc", "id", "toc", NULL},
              "h1", "Contents");
    nav_item(&x, p, "front.xhtml", "In this issue", NULL);
    size_t a = 0;
    for (size_t s = 0; s < p->sections.n; s++) {
        ep_xw_start(&x, "li");
        nav_link(&x, p, ep_section_lang(p, s), p->pages[p->section_page[s]].href,
                 p->sections.v[s].title, NULL);
        ep_xw_nl(&x);
        ep_xw_start(&x, "ol");
        ep_xw_nl(&x);
        for (; a < p->narts && p->arts[a].section == s; a++) {
            const ep_article *art = &p->arts[a];
            ep_xw_start(&x, "li");
            ep_start_in(&x, "a", ep_art_lang(art), ep_art_dir(art), p->lang, dir);
            ep_xw_attr(&x, "href", art->href);
            ep_xw_text(&x, art->headline);
            ep_xw_end(&x);
            ep_xw_end(&x);
            ep_xw_nl(&x);
        }
        ep_xw_end(&x);
        ep_xw_end(&x);
        ep_xw_nl(&x);
    }
    ep_xw_end(&x); /* ol */
    ep_xw_nl(&x);
    ep_xw_end(&x); /* nav */
    ep_xw_nl(&x);

    nav_begin(&x, p, (const char *const[]){"epub:type", "landmarks", "id", "landmarks",
                                           "hidden", "hidden", NULL},
              "h2", "Landmarks");
    nav_item(&x, p, "cover.xhtml", "Cover", "cover");
    nav_item(&x, p, "front.xhtml", "In this issue", "toc");
    if (p->npages > p->nfront)
        nav_item(&x, p, p->pages[p->nfront].href, "Articles", "bodymatter");
    ep_xw_end(&x);
    ep_xw_nl(&x);
    ep_xw_end(&x);
    return ep_xw_finish(&x, out);
}

/* ---- toc.ncx ----------------------------------------------------------- */

static void ncx_meta(ep_xw *x, const char *name, const char *content)
{
    ep_xw_empty_attrs(x, "meta", (const char *const[]){"name", name, "content", content, NULL});
}

/* Opens a navPoint (the caller closes it). */
static void ncx_point(ep_xw *x, const char *id, long order, const char *cls, const char *label,
                      const char *src)
{
    ep_xw_start(x, "navPoint");
    ep_xw_attr(x, "id", id);
    ep_xw_attr(x, "class", cls);
    ep_xw_attr_int(x, "playOrder", order);
    ep_xw_start(x, "navLabel");
    ep_xw_elem(x, "text", label);
    ep_xw_end(x);
    ep_xw_start(x, "content");
    ep_xw_attr(x, "src", src);
    ep_xw_end_empty(x);
    ep_xw_nl(x);
}

/* The periodical structure that calibre (and through it a Kindle) reads:
 * the periodical, its sections, their articles.  (calibre would also take
 * an author and a description per article from calibre:meta elements
 * inside a navPoint, but the NCX schema allows no foreign element there:
 * the section pages carry both.) */
int ep_write_ncx(const ep_plan *p, np_buf *out)
{
    ep_xw x;
    if (ep_xw_open_root(&x, "ncx", (const char *const[]){
            "xmlns", "http://www.daisy.org/z3986/2005/ncx/",
            "version", "2005-1",
            "xml:lang", p->lang,
            NULL}) < 0)
        return -1;
    ep_xw_start(&x, "head");
    ep_xw_nl(&x);
    ncx_meta(&x, "dtb:uid", p->identifier);
    ncx_meta(&x, "dtb:depth", "3");
    ncx_meta(&x, "dtb:totalPageCount", "0");
    ncx_meta(&x, "dtb:maxPageNumber", "0");
    ep_xw_end(&x);
    ep_xw_nl(&x);
    ep_xw_start(&x, "docTitle");
    ep_xw_elem(&x, "text", p->full_title);
    ep_xw_end(&x);
    ep_xw_nl(&x);
    ep_xw_start(&x, "docAuthor");
    ep_xw_elem(&x, "text", p->creator);
    ep_xw_end(&x);
    ep_xw_nl(&x);
    ep_xw_start(&x, "navMap");
    ep_xw_nl(&x);
    long order = 1;
    ncx_point(&x, "periodical", order++, "periodical", p->full_title, p->pages[0].href);
    np_buf id = NP_BUF_INIT;
    size_t a = 0;
    for (size_t s = 0; s < p->sections.n; s++) {
        np_buf_reset(&id);
        np_buf_printf(&id, "nav-s%zu", s + 1);
        ncx_point(&x, id.data, order++, "section", p->sections.v[s].title,
                  p->pages[p->section_page[s]].href);
        for (; a < p->narts && p->arts[a].section == s; a++) {
            const ep_article *art = &p->arts[a];
            np_buf_reset(&id);
            np_buf_printf(&id, "nav-%s", art->id);
            ncx_point(&x, id.data, order++, "article", art->headline, art->href);
            ep_xw_end(&x);
            ep_xw_nl(&x);
        }
        ep_xw_end(&x);
        ep_xw_nl(&x);
    }
    ep_xw_end(&x); /* periodical */
    ep_xw_nl(&x);
    ep_xw_end(&x); /* navMap */
    ep_xw_nl(&x);
    ep_xw_end(&x);
    np_buf_free(&id);
    return ep_xw_finish(&x, out);
}
