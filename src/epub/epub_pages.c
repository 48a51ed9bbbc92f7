/* EPUB converter: the content documents — cover (SVG picture and its XHTML
 * page) and one page per article (the front and section pages are in
 * epub_listing.c). */
#include "epub.h"
#include "newsprint/lang.h"
#include "newsprint/meta.h"

#include <string.h>

enum { SUMMARY_MAX = 260, SUMMARY_MAX_CJK = 150 };

/* Cut `b` to at most `max` bytes: at the last space when there is one in
 * the second half, else at a character boundary; add an ellipsis. */
static void shorten(np_buf *b, size_t max)
{
    if (b->len <= max)
        return;
    size_t cut = max;
    while (cut > 0 && ((unsigned char)b->data[cut] & 0xc0) == 0x80)
        cut--;
    for (size_t i = cut; i > max / 2; i--)
        if (b->data[i] == ' ') {
            cut = i;
            break;
        }
    np_buf_truncate(b, cut);
    np_buf_rtrim(b);
    while (b->len && strchr(",;:", b->data[b->len - 1]))
        np_buf_truncate(b, b->len - 1);
    np_buf_puts(b, "\xe2\x80\xa6"); /* … */
}

void ep_summary(const np_item *it, np_buf *out)
{
    np_buf_reset(out);
    if (it->summary && *it->summary) {
        np_buf_puts(out, it->summary);
        return;
    }
    const np_block *p = np_item_body_outline(it)->first_para;
    if (!p)
        return;
    ep_inline_text(p->inl, out);
    /* collapse whitespace */
    size_t w = 0;
    int space = 1;
    for (size_t r = 0; r < out->len; r++) {
        char c = out->data[r];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!space)
                out->data[w++] = ' ';
            space = 1;
        } else {
            out->data[w++] = c;
            space = 0;
        }
    }
    np_buf_truncate(out, w);
    np_buf_rtrim(out);
    /* a text without spaces (Chinese, Japanese) packs more in fewer characters */
    shorten(out, memchr(out->data, ' ', out->len) ? SUMMARY_MAX : SUMMARY_MAX_CJK);
}

int ep_headline(const np_item *it, np_buf *out)
{
    int ours = 0;
    np_buf_reset(out);
    np_buf_puts(out, np_item_display_headline_ours(it, &ours));
    return ours;
}

/* ---- common page frame ------------------------------------------------- */

void ep_xhtml_begin(ep_xw *x, const char *title, const char *title_lang, const char *lang,
                    const char *dir, const char *body_type)
{
    ep_xw_doctype_html(x);
    ep_xw_start(x, "html");
    ep_xw_attr(x, "xmlns", "http://www.w3.org/1999/xhtml");
    ep_xw_attr(x, "xmlns:epub", "http://www.idpf.org/2007/ops");
    ep_xw_lang(x, lang, dir);
    ep_xw_nl(x);
    ep_xw_start(x, "head");
    ep_xw_nl(x);
    ep_xw_start(x, "meta");
    ep_xw_attr(x, "charset", "utf-8");
    ep_xw_end_empty(x);
    ep_xw_nl(x);
    ep_start_in(x, "title", title_lang, ep_lang_dir(title_lang), lang, dir);
    ep_xw_text(x, title);
    ep_xw_end(x);
    ep_xw_nl(x);
    ep_xw_start(x, "link");
    ep_xw_attr(x, "rel", "stylesheet");
    ep_xw_attr(x, "type", "text/css");
    ep_xw_attr(x, "href", EP_CSS);
    ep_xw_end_empty(x);
    ep_xw_nl(x);
    ep_xw_end(x);
    ep_xw_nl(x);
    ep_xw_start(x, "body");
    ep_xw_attr(x, "epub:type", body_type);
    ep_xw_nl(x);
}

/* "Issue 47 · Nov. 16–22, 2026" */
void ep_issue_line(const ep_plan *p, np_buf *out)
{
    np_buf_reset(out);
    if (p->issue > 0)
        np_buf_printf(out, "Issue %d", p->issue);
    if (p->range_text && *p->range_text) {
        if (out->len)
            np_buf_puts(out, " \xc2\xb7 ");
        np_buf_puts(out, p->range_text);
    }
}

/* ---- cover ------------------------------------------------------------- */

static void svg_text(ep_xw *x, double y, const char *cls, double size, const char *text)
{
    ep_xw_start(x, "text");
    ep_xw_attr(x, "x", "300");
    ep_xw_attr_fixed(x, "y", y, 0);
    ep_xw_attr_fixed(x, "font-size", size, 1);
    ep_xw_attr(x, "class", cls);
    ep_xw_attr(x, "text-anchor", "middle");
    ep_xw_text(x, text);
    ep_xw_end(x);
    ep_xw_nl(x);
}

static void svg_rule(ep_xw *x, double y, double width)
{
    ep_xw_start(x, "rect");
    ep_xw_attr(x, "x", "40");
    ep_xw_attr_fixed(x, "y", y, 1);
    ep_xw_attr(x, "width", "520");
    ep_xw_attr_fixed(x, "height", width, 1);
    ep_xw_attr(x, "fill", "#1a1a1a");
    ep_xw_end_empty(x);
    ep_xw_nl(x);
}

/* Characters of a UTF-8 string (for sizing the masthead). */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

int ep_write_cover_svg(const ep_plan *p, np_buf *out)
{
    ep_xw x;
    if (ep_xw_open_root(&x, "svg", (const char *const[]){
            "xmlns", "http://www.w3.org/2000/svg",
            "version", "1.1",
            "width", "600",
            "height", "800",
            "viewBox", "0 0 600 800",
            "xml:lang", p->lang,
            NULL}) < 0)
        return -1;
    np_buf line = NP_BUF_INIT;
    ep_issue_line(p, &line);
    np_buf t = NP_BUF_INIT;
    np_buf_printf(&t, "%s, %s", p->title, line.data);
    ep_xw_elem(&x, "title", t.data);
    ep_xw_nl(&x);
    ep_xw_start(&x, "style");
    ep_xw_attr(&x, "type", "text/css");
    ep_xw_text(&x, "text{font-family:Georgia,'DejaVu Serif',serif;fill:#1a1a1a}"
                   ".mast{font-weight:bold}.kicker{letter-spacing:3px}.small{fill:#444}");
    ep_xw_end(&x);
    ep_xw_nl(&x);
    ep_xw_start(&x, "rect");
    ep_xw_attr(&x, "width", "600");
    ep_xw_attr(&x, "height", "800");
    ep_xw_attr(&x, "fill", "#f6f1e7");
    ep_xw_end_empty(&x);
    ep_xw_nl(&x);

    svg_rule(&x, 60, 6);
    svg_text(&x, 100, "kicker small", 16, EP_COVER_KICKER);
    /* the masthead shrinks to fit about 520 units */
    size_t nch = utf8_chars(p->title);
    double size = nch ? 900.0 / (double)nch : 60;
    if (size > 60)
        size = 60;
    if (size < 20)
        size = 20;
    svg_text(&x, 190, "mast", size, p->title);
    svg_rule(&x, 225, 2);
    if (p->issue > 0) {
        np_buf_reset(&t);
        np_buf_printf(&t, "Issue %d", p->issue);
        svg_text(&x, 270, "issue", 28, t.data);
    }
    if (p->range_text)
        svg_text(&x, 310, "dates", 24, p->range_text);
    if (p->week_text)
        svg_text(&x, 340, "small", 16, p->week_text);
    svg_rule(&x, 370, 1);

    /* what is inside: the sections */
    if (p->sections.n) {
        svg_text(&x, 420, "kicker small", 14, "INSIDE");
        double y = 465;
        for (size_t i = 0; i < p->sections.n && i < 8; i++, y += 38)
            svg_text(&x, y, "section", 24, p->sections.v[i].title);
        if (p->sections.n > 8)
            svg_text(&x, y, "small", 18, "\xe2\x80\xa6"); /* … */
    }
    svg_rule(&x, 740, 6);
    if (p->publisher)
        svg_text(&x, 775, "small", 16, p->publisher);
    ep_xw_end(&x);
    np_buf_free(&line);
    np_buf_free(&t);
    return ep_xw_finish(&x, out);
}

int ep_write_cover(const ep_plan *p, np_buf *out)
{
    ep_xw x;
    if (ep_xw_open(&x) < 0)
        return -1;
    ep_xhtml_begin(&x, p->title, p->lang, p->lang, ep_lang_dir(p->lang), NULL);
    ep_xw_start(&x, "section");
    ep_xw_attr(&x, "class", "cover");
    ep_xw_nl(&x);
    ep_xw_start(&x, "img");
    ep_xw_attr(&x, "epub:type", "cover");
    ep_xw_attr(&x, "role", "doc-cover");
    ep_xw_attr(&x, "src", "cover.svg");
    np_buf alt = NP_BUF_INIT, line = NP_BUF_INIT;
    ep_issue_line(p, &line);
    np_buf_printf(&alt, "%s. %s", p->title, line.data);
    ep_xw_attr(&x, "alt", alt.data);
    ep_xw_end_empty(&x);
    ep_xw_nl(&x);
    ep_xw_end(&x);
    np_buf_free(&alt);
    np_buf_free(&line);
    return ep_xw_finish(&x, out);
}

/* ---- articles ---------------------------------------------------------- */

/* The dateline without the dash that runs it into the first paragraph. */
static void dateline_alone(const np_item *it, np_buf *out)
{
    np_buf_reset(out);
    np_meta_dateline(it, out);
    np_buf_rtrim(out);
    static const char *const tails[] = {"\xe2\x80\x93", "\xe2\x80\x94", "-", ":"};
    for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
        size_t n = strlen(tails[i]);
        if (out->len >= n && !memcmp(out->data + out->len - n, tails[i], n)) {
            np_buf_truncate(out, out->len - n);
            np_buf_rtrim(out);
            break;
        }
    }
}

/* A previous/next link: our label, then the target's title (a headline
 * in its article's language, or a section title in the digest's). */
static void pager_link(ep_xw *x, const ep_article *from, const char *rel, const char *label,
                       const char *href, const char *title, const char *lang, const char *dir)
{
    ep_xw_start(x, "a");
    ep_xw_attr(x, "rel", rel);
    ep_xw_attr(x, "class", rel);
    ep_xw_attr(x, "href", href);
    ep_label(x, "span", "label", label, from->lang, from->dir);
    ep_xw_text(x, " ");
    ep_start_in(x, "span", lang, dir, from->lang, from->dir);
    ep_xw_attr(x, "class", "title");
    ep_xw_text(x, title);
    ep_xw_end(x);
    ep_xw_end(x);
    ep_xw_nl(x);
}

/* Previous and next in reading order: the neighbouring article of the
 * section, else the section's page, else the next section's page. */
static void section_link(ep_xw *x, const ep_plan *p, const ep_article *from, const char *rel,
                         const char *label, size_t s)
{
    const char *lang = ep_section_lang(p, s);
    pager_link(x, from, rel, label, p->pages[p->section_page[s]].href, p->sections.v[s].title,
               lang, ep_lang_dir(lang));
}

static void pager(ep_xw *x, const ep_plan *p, size_t ai)
{
    const ep_article *a = &p->arts[ai];
    const ep_article *prev = ai > 0 && p->arts[ai - 1].section == a->section ? &p->arts[ai - 1]
                                                                               : NULL;
    if (prev)
        pager_link(x, a, "prev", "Previous:", prev->href, prev->headline, ep_art_lang(prev),
                   ep_art_dir(prev));
    else
        section_link(x, p, a, "prev", "Previous:", a->section);
    if (ai + 1 >= p->narts)
        return;
    const ep_article *next = &p->arts[ai + 1];
    if (next->section == a->section)
        pager_link(x, a, "next", "Next:", next->href, next->headline, ep_art_lang(next),
                   ep_art_dir(next));
    else
        section_link(x, p, a, "next", "Next:", next->section);
}

int ep_write_article(const ep_plan *p, size_t ai, const ep_article *a, const np_block *body,
                     np_buf *out)
{
    const np_item *it = a->it;
    ep_xw x;
    if (ep_xw_open(&x) < 0)
        return -1;
    ep_xhtml_begin(&x, a->headline, ep_art_lang(a), a->lang, a->dir, NULL);
    ep_xw_start(&x, "article");
    ep_xw_attr(&x, "class", "story");
    ep_xw_nl(&x);
    ep_xw_start(&x, "header");
    ep_xw_nl(&x);

    /* section kicker, back to the section's page */
    const np_section *sec = &p->sections.v[a->section];
    np_buf b = NP_BUF_INIT;
    const char *slang = ep_section_lang(p, a->section);
    ep_start_in(&x, "p", slang, ep_lang_dir(slang), a->lang, a->dir);
    ep_xw_attr(&x, "class", "kicker");
    ep_xw_start(&x, "a");
    ep_xw_attr(&x, "href", p->pages[p->section_page[a->section]].href);
    ep_xw_text(&x, sec->title);
    ep_xw_end(&x);
    ep_xw_end(&x);
    ep_xw_nl(&x);

    ep_start_in(&x, "h1", ep_art_lang(a), ep_art_dir(a), a->lang, a->dir);
    ep_xw_text(&x, a->headline);
    ep_xw_end(&x);
    ep_xw_nl(&x);
    if (it->subheadline) {
        ep_xw_start(&x, "p");
        ep_xw_attr(&x, "class", "subheadline");
        ep_xw_text(&x, it->subheadline);
        ep_xw_end(&x);
        ep_xw_nl(&x);
    }
    np_buf_reset(&b);
    np_meta_byline(it, &b);
    if (b.len) {
        ep_xw_start(&x, "p");
        ep_xw_attr(&x, "class", "byline");
        ep_xw_text(&x, b.data);
        ep_xw_end(&x);
        ep_xw_nl(&x);
    }
    dateline_alone(it, &b);
    const np_time *when = np_meta_item_date(it);
    if (b.len || (when && when->valid)) {
        ep_xw_start(&x, "p");
        ep_xw_attr(&x, "class", "dateline");
        if (b.len) {
            /* the item's own dateline, or one we made (English month) */
            if (it->dateline && *it->dateline)
                ep_xw_start(&x, "span");
            else
                ep_start_in(&x, "span", EP_OWN_LANG, NULL, a->lang, a->dir);
            ep_xw_attr(&x, "class", "place");
            ep_xw_text(&x, b.data);
            ep_xw_end(&x);
        }
        if (when && when->valid) {
            if (b.len)
                ep_xw_text(&x, " \xc2\xb7 ");
            np_buf_reset(&b);
            if (when->has_time)
                np_time_format_iso(when, &b);
            else
                np_time_format_date(when, &b);
            ep_start_in(&x, "time", EP_OWN_LANG, "ltr", a->lang, a->dir);
            ep_xw_attr(&x, "datetime", b.data);
            np_buf_reset(&b);
            np_time_format_human_time(when, &b);
            ep_xw_text(&x, b.data);
            ep_xw_end(&x);
        }
        ep_xw_end(&x);
        ep_xw_nl(&x);
    }
    if ((it->is_correction || (a->entry && a->entry->is_correction)) && it->ednote) {
        ep_xw_start(&x, "p");
        ep_xw_attr(&x, "class", "correction");
        ep_xw_text(&x, it->ednote);
        ep_xw_end(&x);
        ep_xw_nl(&x);
    }
    ep_xw_end(&x); /* header */
    ep_xw_nl(&x);

    /* pictures the article links to lead the story */
    for (size_t i = 0; i < a->nfigs; i++)
        if (!a->figs[i].block)
            ep_figure(&x, p, &a->figs[i]);

    ep_xw_start(&x, "div");
    ep_xw_attr(&x, "class", "body");
    ep_xw_nl(&x);
    x.heading = 1; /* the headline */
    ep_body(&x, p, a, body);
    ep_xw_end(&x);
    ep_xw_nl(&x);

    ep_xw_start(&x, "footer");
    ep_xw_nl(&x);
    np_buf_reset(&b);
    np_meta_copyright(it, &b);
    if (b.len) {
        /* a notice in any language and direction */
        ep_start_in(&x, "p", ep_text_lang(b.data, a->lang), NULL, a->lang, a->dir);
        ep_xw_attr(&x, "class", "copyright");
        ep_xw_text(&x, b.data);
        ep_xw_end(&x);
        ep_xw_nl(&x);
    }
    ep_xw_start(&x, "nav");
    ep_xw_attr(&x, "class", "pager");
    ep_xw_nl(&x);
    pager(&x, p, ai);
    ep_xw_end(&x);
    ep_xw_nl(&x);
    ep_xw_end(&x); /* footer */
    ep_xw_nl(&x);
    ep_xw_end(&x); /* article */
    np_buf_free(&b);
    return ep_xw_finish(&x, out);
}
