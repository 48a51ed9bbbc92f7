/* EPUB converter: the raster cover (cover.png), for the reading systems
 * and stores that want a bitmap — calibre makes the cover record of an
 * AZW3/MOBI from it, and Kindle libraries show it.  Masthead, issue date,
 * the lead story's picture and headline, drawn at 1600 x 2400.  The SVG
 * cover page stays what readers page through. */
#include "epub.h"
#include "epub_raster.h"

#include <string.h>

enum {
    MARGIN = 120,
    TEXT_W = EP_COVER_W - 2 * MARGIN,
    PIC_H = 900,
    MAST_MAX = 190,
    MAST_MIN = 72,
    HEAD_MAX = 120,
    HEAD_MIN = 56
};

/* Text longer than this is cut before it is laid out: the cover shows a
 * few lines of it, and laying out a megabyte of headline would take long. */
#define TEXT_MAX 1024

#define PAPER 0xf6f1e7u
#define INK 0x1a1a1au
#define GREY 0x4a4a4au

/* `text` cut to at most TEXT_MAX bytes (at a character boundary) into
 * `out`; returns out's text. */
static const char *clip(const char *text, np_buf *out)
{
    np_buf_reset(out);
    size_t n = strlen(text);
    if (n > TEXT_MAX) {
        n = TEXT_MAX;
        while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
            n--;
    }
    np_buf_put(out, text, n);
    return np_buf_cstr(out);
}

/* One line of text centred on the cover; returns the next baseline. */
static int centred(ep_fonts *f, ep_canvas *c, const char *text, int y, ep_rgb colour)
{
    double w = ep_text_width(f, text, strlen(text), 0);
    ep_text_draw(f, c, text, strlen(text), 0, EP_COVER_W / 2 - (int)(w / 2), y, colour);
    return y + ep_fonts_line_height(f);
}

/* The masthead: as large as fits one line, else in two lines. */
static int masthead(ep_fonts *f, ep_canvas *c, const char *title, int y)
{
    int px = MAST_MAX;
    ep_fonts_size(f, px);
    double w = ep_text_width(f, title, strlen(title), 0);
    if (w > TEXT_W) {
        px = (int)(px * TEXT_W / w);
        if (px < MAST_MIN)
            px = MAST_MIN;
        ep_fonts_size(f, px);
    }
    y += ep_fonts_ascent(f);
    return ep_text_block(f, c, title, NULL, 0, EP_COVER_W / 2, y, TEXT_W, 2, INK);
}

/* The lead headline between y and `bottom`: the largest size at which it
 * takes at most `max_lines` lines and fits (cut with an ellipsis at the
 * smallest), centred in that space when `centre` is set. */
static int headline(ep_fonts *f, ep_canvas *c, const ep_cover_spec *s, int y, int bottom,
                    int max_lines, int centre)
{
    int px = HEAD_MAX, fit = 1;
    size_t n = 0;
    for (;; px -= 8) {
        ep_fonts_size(f, px);
        int room = (bottom - y) / ep_fonts_line_height(f);
        fit = room < max_lines ? (room > 1 ? room : 1) : max_lines;
        n = ep_text_lines(f, s->headline, s->headline_lang, s->headline_rtl, TEXT_W);
        if (n <= (size_t)fit || px - 8 < HEAD_MIN)
            break;
    }
    if (n > (size_t)fit)
        n = (size_t)fit;
    int height = (int)n * ep_fonts_line_height(f);
    if (centre && height < bottom - y)
        y += (bottom - y - height) / 2;
    y += ep_fonts_ascent(f);
    return ep_text_block(f, c, s->headline, s->headline_lang, s->headline_rtl, EP_COVER_W / 2, y,
                         TEXT_W, fit, INK);
}

int ep_cover_png(const ep_cover_spec *s, np_buf *out, size_t *missing, np_error *err)
{
    np_buf_reset(out);
    if (missing)
        *missing = 0;
    ep_fonts *serif_bold = ep_fonts_new("serif:bold", NULL, NULL);
    ep_fonts *serif = ep_fonts_new("serif", NULL, serif_bold);
    ep_fonts *sans = ep_fonts_new("sans", NULL, serif_bold);
    /* Arabic script from DejaVu Sans, whose presentation forms are whole glyphs */
    const char *head_family = s->headline_rtl ? "DejaVu Sans:bold" : "serif:bold";
    ep_fonts *head = s->headline ? ep_fonts_new(head_family, s->headline_lang, serif_bold) : NULL;
    if (!serif_bold || !serif || !sans || (s->headline && !head)) {
        ep_fonts_free(serif_bold);
        ep_fonts_free(serif);
        ep_fonts_free(sans);
        ep_fonts_free(head);
        return np_error_set(err, NP_ERR_INTERNAL, NULL, 0,
                            "EPUB: FreeType or fontconfig cannot start for the cover");
    }
    ep_canvas c;
    ep_canvas_init(&c, EP_COVER_W, EP_COVER_H, PAPER);
    np_buf title = NP_BUF_INIT, head_text = NP_BUF_INIT;
    ep_cover_spec cut = *s;
    cut.title = clip(s->title, &title);
    if (s->headline)
        cut.headline = clip(s->headline, &head_text);
    s = &cut;

    ep_canvas_fill(&c, MARGIN, 140, TEXT_W, 16, INK);
    int y = 240;
    if (s->kicker) {
        ep_fonts_size(sans, 40);
        y = centred(sans, &c, s->kicker, y, GREY);
    }
    y = masthead(serif_bold, &c, s->title, y);
    ep_canvas_fill(&c, MARGIN, y - 40, TEXT_W, 6, INK);
    y += 50;
    if (s->issue_line) {
        ep_fonts_size(serif, 64);
        y = centred(serif, &c, s->issue_line, y, INK);
    }
    if (s->week_text) {
        ep_fonts_size(sans, 40);
        y = centred(sans, &c, s->week_text, y, GREY);
    }
    ep_canvas_fill(&c, MARGIN, y - 20, TEXT_W, 3, INK);
    y += 40;
    if (s->picture) {
        ep_canvas_picture(&c, s->picture, MARGIN, y, TEXT_W, PIC_H);
        y += PIC_H + 40;
    }
    if (s->headline)
        headline(head, &c, s, y, EP_COVER_H - 260, s->picture ? 4 : 7, !s->picture);

    ep_canvas_fill(&c, MARGIN, EP_COVER_H - 200, TEXT_W, 16, INK);
    if (s->publisher) {
        ep_fonts_size(sans, 44);
        centred(sans, &c, s->publisher, EP_COVER_H - 100, GREY);
    }
    if (missing)
        *missing = ep_fonts_missing(serif_bold) + ep_fonts_missing(serif) +
                   ep_fonts_missing(sans) + (head ? ep_fonts_missing(head) : 0);
    int rc = np_picture_encode_png_on(&c, s->threads ? s->threads : 1, out, err);
    ep_canvas_free(&c);
    np_buf_free(&title);
    np_buf_free(&head_text);
    ep_fonts_free(serif_bold);
    ep_fonts_free(serif);
    ep_fonts_free(sans);
    ep_fonts_free(head);
    return rc;
}

/* ---- from the plan ----------------------------------------------------- */

/* The lead story: the first article of a package's groups, else the most
 * urgent; one with body words before a picture alone or an alert. */
static const ep_article *lead(const ep_plan *p)
{
    int pkg = 0;
    for (size_t i = 0; i < p->sections.n; i++)
        pkg |= p->sections.v[i].from_package;
    const ep_article *best = NULL;
    int best_key = 0;
    for (size_t i = 0; i < p->narts; i++) {
        const ep_article *a = &p->arts[i];
        int u = a->urgency > 0 ? a->urgency : 10;
        int key = (a->has_words ? 0 : 100) + (pkg ? 0 : u);
        if (!best || key < best_key) {
            best = &p->arts[i];
            best_key = key;
        }
    }
    return best;
}

/* The first of the article's pictures that is a bitmap, decoded. */
static int lead_picture(const ep_plan *p, const ep_article *a, np_picture *pic)
{
    for (size_t i = 0; i < a->nfigs; i++) {
        long k = a->figs[i].pic;
        if (k < 0 || !p->pics[k].data.len ||
            (strcmp(p->pics[k].media_type, "image/png") &&
             strcmp(p->pics[k].media_type, "image/jpeg")))
            continue;
        np_error e = NP_ERROR_INIT;
        int rc = np_picture_check((const unsigned char *)p->pics[k].data.data,
                                  p->pics[k].data.len, p->pics[k].href, 1, pic, &e);
        np_error_clear(&e);
        if (rc == NP_OK)
            return 1;
        np_picture_free(pic);
    }
    return 0;
}

int ep_write_cover_png(const ep_plan *p, np_buf *out, size_t *missing, np_error *err)
{
    const ep_article *a = lead(p);
    np_buf issue = NP_BUF_INIT;
    ep_issue_line(p, &issue);
    np_picture pic;
    memset(&pic, 0, sizeof pic);
    int has_pic = a && lead_picture(p, a, &pic);
    ep_cover_spec s = {
        .title = p->title,
        .kicker = EP_COVER_KICKER,
        .issue_line = issue.len ? issue.data : NULL,
        .week_text = p->week_text,
        .headline = a ? a->headline : NULL,
        .headline_lang = a ? ep_art_lang(a) : NULL,
        .headline_rtl = a && !strcmp(ep_art_dir(a), "rtl"),
        .publisher = p->publisher,
        .picture = has_pic ? &pic : NULL,
        .threads = ep_threads(p),
    };
    int rc = ep_cover_png(&s, out, missing, err);
    np_picture_free(&pic);
    np_buf_free(&issue);
    return rc;
}

void ep_warn_cover(const ep_plan *p, size_t missing)
{
    const ep_article *a = lead(p);
    if (missing)
        ep_warn(p, a ? np_collection_source(p->c, a->at, NULL) : NULL, 0,
                "the cover picture lacks %zu character%s that no installed font has", missing,
                missing == 1 ? "" : "s");
}
