/* EPUB converter: the listing pages — the front page (every section with
 * its headlines) and one page per section (headline, byline and summary of
 * each article), which a periodical reader such as a Kindle shows between
 * the sections.  A listing that would pass EP_MAX_PAGE bytes is split in
 * parts (by section on the front page, by article on a section page):
 * Adobe RMSDK readers choke on XHTML files over about 300 KB. */
#include "epub.h"
#include "util/alloc.h"
#include "newsprint/meta.h"

#include <stdio.h>
#include <string.h>

/* Estimates of the bytes a listing takes, on the high side. */
enum {
    FRONT_ENTRY = 128,   /* tags and attributes around a headline on the front page */
    SECTION_ENTRY = 224, /* ... around headline, byline and summary on a section page */
    SUMMARY = 300,       /* a summary cut from the text (ep_summary) */
    PAGE_MARKUP = 2048   /* head, masthead and section headings of a part */
};

static size_t front_cost(const ep_plan *p, size_t a)
{
    return strlen(p->arts[a].headline) + FRONT_ENTRY;
}

static size_t section_cost(const ep_plan *p, size_t a)
{
    const np_item *it = p->arts[a].it;
    /* the summary is the item's, else a few hundred bytes of its text */
    size_t n = it->summary ? strlen(it->summary) : SUMMARY;
    for (const np_concept *c = it->creators; c; c = c->next)
        n += 64; /* a name in the byline */
    return strlen(p->arts[a].headline) + n + SECTION_ENTRY;
}

static void add_page(ep_plan *p, long section, size_t first, size_t end, int part)
{
    NP_GROW_POW2(p->pages, p->npages);
    ep_page *g = &p->pages[p->npages++];
    memset(g, 0, sizeof *g);
    g->section = section;
    g->first = first;
    g->end = end;
    g->part = part;
    if (section < 0)
        snprintf(g->id, sizeof g->id, part > 1 ? "front-%d" : "front", part);
    else if (part > 1)
        snprintf(g->id, sizeof g->id, "s%03ld-%d", section + 1, part);
    else
        snprintf(g->id, sizeof g->id, "s%03ld", section + 1);
    snprintf(g->href, sizeof g->href, "%s.xhtml", g->id);
}

/* Articles [first, end) in parts of at most EP_MAX_PAGE (estimated); on
 * the front page a part ends before a section that would not fit whole. */
static void plan_parts(ep_plan *p, long section, size_t first, size_t end,
                       size_t (*cost)(const ep_plan *, size_t))
{
    size_t start = first, used = PAGE_MARKUP;
    int part = 1;
    for (size_t a = first; a < end; a++) {
        size_t c = cost(p, a);
        int section_start = a > first && p->arts[a].section != p->arts[a - 1].section;
        if (a > start && section < 0 && section_start) {
            size_t whole = 0;
            for (size_t b = a; b < end && p->arts[b].section == p->arts[a].section; b++)
                whole += cost(p, b);
            if (used + whole > EP_MAX_PAGE)
                used = EP_MAX_PAGE; /* start a new part here */
        }
        if (a > start && used + c > EP_MAX_PAGE) {
            add_page(p, section, start, a, part++);
            start = a;
            used = PAGE_MARKUP;
        }
        used += c;
    }
    add_page(p, section, start, end, part);
}

void ep_plan_pages(ep_plan *p)
{
    plan_parts(p, -1, 0, p->narts, front_cost);
    p->nfront = p->npages;
    p->section_page = np_xcalloc(p->sections.n + 1, sizeof *p->section_page);
    size_t a = 0;
    for (size_t s = 0; s < p->sections.n; s++) {
        size_t first = a;
        while (a < p->narts && p->arts[a].section == s)
            a++;
        p->section_page[s] = p->npages;
        plan_parts(p, (long)s, first, a, section_cost);
    }
}

/* ---- writing ----------------------------------------------------------- */

static void continued(ep_xw *x, const ep_plan *p, const ep_page *g)
{
    if (g->part < 2)
        return;
    np_buf t = NP_BUF_INIT;
    np_buf_printf(&t, "Continued, part %d", g->part);
    ep_label(x, "p", "continued", t.data, p->lang, ep_lang_dir(p->lang));
    ep_xw_nl(x);
    np_buf_free(&t);
}

/* A headline linked to its article, in the headline's language, inside
 * an element in `lang` and `dir`. */
static void headline_link(ep_xw *x, const ep_article *art, const char *tag, const char *lang,
                          const char *dir)
{
    ep_start_in(x, tag, ep_art_lang(art), ep_art_dir(art), lang, dir);
    ep_xw_attr(x, "class", "headline");
    ep_xw_start(x, "a");
    ep_xw_attr(x, "href", art->href);
    ep_xw_text(x, art->headline);
    ep_xw_end(x);
    ep_xw_end(x);
}

static void write_front(ep_xw *x, const ep_plan *p, const ep_page *g)
{
    const char *dir = ep_lang_dir(p->lang);
    ep_xw_start(x, "header");
    ep_xw_attr(x, "class", "masthead");
    ep_xw_nl(x);
    ep_xw_elem(x, "h1", p->title);
    ep_xw_nl(x);
    np_buf line = NP_BUF_INIT;
    ep_issue_line(p, &line);
    ep_label(x, "p", "issue", line.data, p->lang, dir);
    ep_xw_nl(x);
    ep_xw_end(x);
    ep_xw_nl(x);
    np_buf_free(&line);
    continued(x, p, g);
    np_buf id = NP_BUF_INIT;
    for (size_t a = g->first; a < g->end;) {
        size_t s = p->arts[a].section;
        np_buf_reset(&id);
        np_buf_printf(&id, "s%zu", s + 1);
        ep_xw_start(x, "section");
        ep_xw_attr(x, "class", "section");
        ep_xw_attr(x, "id", id.data);
        ep_xw_nl(x);
        const char *slang = ep_section_lang(p, s);
        ep_start_in(x, "h2", slang, ep_lang_dir(slang), p->lang, dir);
        ep_xw_start(x, "a");
        ep_xw_attr(x, "href", p->pages[p->section_page[s]].href);
        ep_xw_text(x, p->sections.v[s].title);
        ep_xw_end(x);
        ep_xw_end(x);
        ep_xw_nl(x);
        ep_xw_start(x, "ul");
        ep_xw_attr(x, "class", "headlines");
        ep_xw_nl(x);
        for (; a < g->end && p->arts[a].section == s; a++) {
            headline_link(x, &p->arts[a], "li", p->lang, dir);
            ep_xw_nl(x);
        }
        ep_xw_end(x);
        ep_xw_nl(x);
        ep_xw_end(x);
        ep_xw_nl(x);
    }
    np_buf_free(&id);
}

/* <p class="CLS">text</p>, when there is text. */
static void para_if(ep_xw *x, const char *cls, const np_buf *text)
{
    if (!text->len)
        return;
    ep_xw_start(x, "p");
    ep_xw_attr(x, "class", cls);
    ep_xw_text(x, text->data);
    ep_xw_end(x);
    ep_xw_nl(x);
}

static void write_section(ep_xw *x, const ep_plan *p, const ep_page *g)
{
    const char *dir = ep_lang_dir(p->lang);
    const np_section *sec = &p->sections.v[g->section];
    ep_xw_start(x, "section");
    ep_xw_attr(x, "class", "section-page");
    ep_xw_nl(x);
    ep_xw_start(x, "header");
    ep_xw_nl(x);
    const char *slang = ep_section_lang(p, (size_t)g->section);
    ep_start_in(x, "h1", slang, ep_lang_dir(slang), p->lang, dir);
    ep_xw_text(x, sec->title);
    ep_xw_end(x);
    ep_xw_nl(x);
    continued(x, p, g);
    ep_xw_end(x);
    ep_xw_nl(x);
    ep_xw_start(x, "ol");
    ep_xw_attr(x, "class", "articles");
    ep_xw_nl(x);
    np_buf b = NP_BUF_INIT;
    for (size_t a = g->first; a < g->end; a++) {
        const ep_article *art = &p->arts[a];
        ep_start_in(x, "li", art->lang, art->dir, p->lang, dir);
        ep_xw_nl(x);
        headline_link(x, art, "h2", art->lang, art->dir);
        ep_xw_nl(x);
        np_buf_reset(&b);
        np_buf_puts(&b, art->byline);
        para_if(x, "byline", &b);
        np_buf_reset(&b);
        np_buf_puts(&b, art->summary);
        para_if(x, "summary", &b);
        ep_xw_end(x);
        ep_xw_nl(x);
    }
    np_buf_free(&b);
    ep_xw_end(x); /* ol */
    ep_xw_nl(x);
    ep_xw_end(x); /* section */
}

int ep_write_page(const ep_plan *p, size_t i, np_buf *out)
{
    const ep_page *g = &p->pages[i];
    ep_xw x;
    if (ep_xw_open(&x) < 0)
        return -1;
    const char *title = g->section < 0 ? p->title : p->sections.v[g->section].title;
    const char *title_lang = g->section < 0 ? p->lang : ep_section_lang(p, (size_t)g->section);
    ep_xhtml_begin(&x, title, title_lang, p->lang, ep_lang_dir(p->lang), NULL);
    if (g->section < 0)
        write_front(&x, p, g);
    else
        write_section(&x, p, g);
    return ep_xw_finish(&x, out);
}
