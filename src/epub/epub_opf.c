/* EPUB converter: the package document (content.opf: metadata, manifest,
 * spine) and META-INF/container.xml. */
#include "epub.h"

static void meta_prop(ep_xw *x, const char *property, const char *refines, const char *id,
                      const char *value)
{
    ep_xw_start(x, "meta");
    ep_xw_attr(x, "property", property);
    ep_xw_attr(x, "refines", refines);
    ep_xw_attr(x, "id", id);
    ep_xw_text(x, value);
    ep_xw_end(x);
    ep_xw_nl(x);
}

static void dc(ep_xw *x, const char *name, const char *id, const char *value)
{
    if (!value || !*value)
        return;
    ep_xw_start(x, name);
    ep_xw_attr(x, "id", id);
    ep_xw_text(x, value);
    ep_xw_end(x);
    ep_xw_nl(x);
}

static void item(ep_xw *x, const char *id, const char *href, const char *type, const char *props)
{
    ep_xw_empty_attrs(x, "item", (const char *const[]){"id", id, "href", href, "media-type", type,
                                                       "properties", props, NULL});
}

static void itemref(ep_xw *x, const char *idref)
{
    ep_xw_empty_attrs(x, "itemref", (const char *const[]){"idref", idref, NULL});
}

int ep_write_opf(const ep_plan *p, np_buf *out)
{
    ep_xw x;
    if (ep_xw_open_root(&x, "package", (const char *const[]){
            "xmlns", "http://www.idpf.org/2007/opf",
            "version", "3.0",
            "unique-identifier", "pub-id",
            "xml:lang", p->lang,
            NULL}) < 0)
        return -1;

    ep_xw_start(&x, "metadata");
    ep_xw_attr(&x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
    ep_xw_nl(&x);
    dc(&x, "dc:identifier", "pub-id", p->identifier);
    dc(&x, "dc:title", "title", p->full_title);
    meta_prop(&x, "title-type", "#title", NULL, "main");
    dc(&x, "dc:creator", "creator", p->creator);
    /* "aut", not "pbl": readers such as calibre take only authors as the book's creator,
     * and a periodical's corporate author is its publication */
    meta_prop(&x, "role", "#creator", NULL, "aut");
    for (size_t i = 0; i < p->nlangs; i++)
        dc(&x, "dc:language", NULL, p->langs[i]);
    dc(&x, "dc:date", NULL, p->date);
    meta_prop(&x, "dcterms:modified", NULL, NULL, p->modified);
    dc(&x, "dc:publisher", NULL, p->publisher);
    dc(&x, "dc:rights", NULL, p->rights);
    np_buf desc = NP_BUF_INIT;
    if (p->issue > 0)
        np_buf_printf(&desc, "Issue %d", p->issue);
    if (p->range_text) {
        if (desc.len)
            np_buf_puts(&desc, ", ");
        np_buf_puts(&desc, p->range_text);
    }
    if (desc.len) {
        np_buf_printf(&desc, ": %zu article%s", p->narts, p->narts == 1 ? "" : "s");
        np_buf_putc(&desc, '.');
    }
    dc(&x, "dc:description", NULL, desc.data);
    np_buf_free(&desc);
    for (size_t i = 0; i < p->nsubjects; i++)
        dc(&x, "dc:subject", NULL, p->subjects[i]);
    if (p->series) {
        meta_prop(&x, "belongs-to-collection", NULL, "series", p->series);
        meta_prop(&x, "collection-type", "#series", NULL, "series");
        if (p->issue > 0) {
            np_buf n = NP_BUF_INIT;
            np_buf_printf(&n, "%d", p->issue);
            meta_prop(&x, "group-position", "#series", NULL, n.data);
            np_buf_free(&n);
        }
    }
    ep_write_a11y_meta(&x, p);
    /* calibre makes a periodical (sections and articles on a Kindle) of this */
    np_buf pt = NP_BUF_INIT;
    np_buf_printf(&pt, "periodical:magazine:%s", p->series ? p->series : p->title);
    ep_xw_start(&x, "meta");
    ep_xw_attr(&x, "name", "calibre:publication_type");
    ep_xw_attr(&x, "content", pt.data);
    ep_xw_end_empty(&x);
    ep_xw_nl(&x);
    np_buf_free(&pt);
    /* EPUB 2 reading systems find the cover picture this way */
    ep_xw_start(&x, "meta");
    ep_xw_attr(&x, "name", "cover");
    ep_xw_attr(&x, "content", "cover-image");
    ep_xw_end_empty(&x);
    ep_xw_nl(&x);
    ep_xw_end(&x); /* metadata */
    ep_xw_nl(&x);

    ep_xw_start(&x, "manifest");
    ep_xw_nl(&x);
    item(&x, "nav", "nav.xhtml", "application/xhtml+xml", "nav");
    item(&x, "ncx", "toc.ncx", "application/x-dtbncx+xml", NULL);
    item(&x, "css", EP_CSS, "text/css", NULL);
    /* the raster is the cover image (stores, calibre); the SVG is the cover page's */
    item(&x, "cover-image", EP_COVER_PNG, "image/png", "cover-image");
    item(&x, "cover-svg", "cover.svg", "image/svg+xml", NULL);
    item(&x, "cover", "cover.xhtml", "application/xhtml+xml", NULL);
    for (size_t i = 0; i < p->npages; i++)
        item(&x, p->pages[i].id, p->pages[i].href, "application/xhtml+xml", NULL);
    for (size_t i = 0; i < p->narts; i++)
        item(&x, p->arts[i].id, p->arts[i].href, "application/xhtml+xml", NULL);
    for (size_t i = 0; i < p->npics; i++)
        if (p->pics[i].href)
            item(&x, p->pics[i].id, p->pics[i].href, p->pics[i].media_type, NULL);
    for (size_t i = 0; i < p->nfonts; i++)
        item(&x, p->fonts[i].id, p->fonts[i].href, p->fonts[i].media_type, NULL);
    ep_xw_end(&x);
    ep_xw_nl(&x);

    ep_xw_start(&x, "spine");
    ep_xw_attr(&x, "toc", "ncx");
    if (p->all_rtl)
        ep_xw_attr(&x, "page-progression-direction", "rtl");
    ep_xw_nl(&x);
    itemref(&x, "cover");
    /* the front page, then each section: its page, its articles */
    size_t a = 0;
    for (size_t i = 0; i < p->npages; i++) {
        itemref(&x, p->pages[i].id);
        const ep_page *g = &p->pages[i];
        int last_part = i + 1 == p->npages || p->pages[i + 1].section != g->section;
        if (g->section >= 0 && last_part)
            for (; a < p->narts && p->arts[a].section == (size_t)g->section; a++)
                itemref(&x, p->arts[a].id);
    }
    ep_xw_end(&x);
    ep_xw_nl(&x);
    ep_xw_end(&x); /* package */
    return ep_xw_finish(&x, out);
}

int ep_write_container(np_buf *out)
{
    ep_xw x;
    if (ep_xw_open_root(&x, "container", (const char *const[]){
            "version", "1.0",
            "xmlns", "urn:oasis:names:tc:opendocument:xmlns:container",
            NULL}) < 0)
        return -1;
    ep_xw_start(&x, "rootfiles");
    ep_xw_nl(&x);
    ep_xw_empty_attrs(&x, "rootfile", (const char *const[]){
        "full-path", EP_DIR "content.opf",
        "media-type", "application/oebps-package+xml",
        NULL});
    ep_xw_end(&x);
    ep_xw_nl(&x);
    ep_xw_end(&x);
    return ep_xw_finish(&x, out);
}
