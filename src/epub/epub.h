/* EPUB converter: the plan of a digest — which documents, pictures and
 * fonts go into the container, under which names, with which metadata —
 * shared by the files that write its parts:
 *   render_epub.c  the plan and the container (public entry points)
 *   epub_media.c   pictures: found safely, checked, stored once
 *   epub_fonts.c   the fonts embed_fonts embeds, subset to the text
 *   epub_prune.c   articles with nothing to show left out
 *   epub_park.c    the items parked while the digest is written
 *   epub_alt.c     the text alternatives of pictures
 *   epub_a11y.c    accessibility metadata
 *   epub_lang.c    language and direction of runs of text
 *   epub_meta.c    metadata: identifier, languages, subjects, dates...
 *   epub_css.c     the stylesheet checked, the fonts it names packed
 *   epub_listing.c front page and section pages
 *   epub_pages.c   cover and article documents
 *   epub_cover_png.c the raster cover (drawn by epub_canvas.c and
 *                  epub_glyphs.c, see epub_raster.h)
 *   epub_body.c    an article body (blocks and inlines) as XHTML
 *   epub_nav.c     nav.xhtml and toc.ncx
 *   epub_opf.c     the package document and META-INF/container.xml
 *   epub_xml.c     the XML writer and text hygiene
 *   epub_zip.c     the OCF zip
 * Private to the EPUB converter. */
#ifndef NP_EPUB_H
#define NP_EPUB_H

#include <stddef.h>
#include "epub_xml.h"
#include "model/font_subset.h"
#include "newsprint/park.h"
#include "newsprint/render_epub.h"

/* Names inside the container: everything but META-INF lives in EPUB/. */
#define EP_DIR "EPUB/"
#define EP_CSS "css/digest.css"
#define EP_COVER_PNG "cover.png"
/* The line above the masthead on the covers. */
#define EP_COVER_KICKER "THE WEEK IN NEWS"
/* A listing page larger than this is split in parts. */
#define EP_MAX_PAGE (250 * 1000)
/* Fonts larger than this are not embedded. */
#define EP_MAX_FONT (32 * 1024 * 1024)

/* One embedded image file (shared when several articles show it). */
typedef struct ep_pic {
    char *path;             /* resolved real path (the key) */
    char *href;             /* "images/p0001.png" */
    char *id;               /* "p0001" */
    const char *media_type; /* from sniffing the bytes */
    int width, height;      /* pixels, 0 if unknown */
    np_buf data;            /* the bytes, until they go into the zip */
} ep_pic;

/* A picture shown in an article: a figure of the body, or a picture item
 * that the article links to. */
typedef struct ep_fig {
    const np_block *block;  /* body figure, or NULL */
    const np_item *picture; /* linked picture item, or NULL (also once parked) */
    size_t picture_at;      /* 1 + its place in the collection, once parked
                             * (ep_plan_park()); 0 none */
    const np_link *link;    /* the link to it */
    long pic;               /* index into ep_plan.pics, -1 when not embedded */
    char *alt;              /* text alternative (epub_alt.c), NULL when none */
    size_t block_no;        /* 1 + block's place in the outline's figures, 0 none */
    size_t link_no;         /* 1 + link's place in the item's links, 0 none */
    int decorative;         /* alt="" role="presentation" */
} ep_fig;

typedef struct ep_article {
    const np_item *it;      /* NULL once parked (ep_article_open() reads it back) */
    size_t at;              /* its place in the collection */
    int urgency;            /* the item's, and np_item_has_body_words(): */
    int has_words;          /* the cover's lead */
    const np_selected *entry;
    size_t section;         /* index into ep_plan.sections */
    size_t pos;             /* reading position 0.. */
    char id[16];            /* "a0001" (14 digits at most: with 10,000 articles, */
    char href[24];          /* "a0001.xhtml"  the array is 0.3 MB the smaller) */
    char *headline;         /* ep_headline() */
    char *lang;             /* well-formed tag: the item's, else the digest's */
    const char *dir;        /* "rtl" / "ltr" */
    int untitled;           /* no headline of its own (the title is a slugline or a sentence) */
    int our_headline;       /* the title is our word for what it is ("Picture"), in English */
    int heading_top;        /* the body's most important heading level: becomes h2 */
    ep_fig *figs;           /* body figures first (document order), then linked pictures */
    size_t nfigs;
    char *byline;           /* what the section page shows: np_meta_byline() */
    char *summary;          /* and ep_summary() (epub_park.c) */
} ep_article;

/* A listing page: the front page or a section page, or one part of it. */
typedef struct ep_page {
    char id[48];            /* "front", "front-2", "s001", "s001-2" */
    char href[56];          /* id + ".xhtml" */
    long section;           /* -1: the front page */
    size_t first, end;      /* the articles it lists: [first, end) */
    int part;               /* 1, 2... */
} ep_page;

typedef struct ep_font {
    char *path;
    int index;              /* the face in a collection */
    int subset;             /* embedded by embed_fonts: subset to the text */
    char *href;             /* "fonts/body.ttf" */
    char *id;
    char *family;           /* CSS family name */
    const char *media_type;
} ep_font;

typedef struct ep_plan {
    const np_collection *c;
    const np_epub_opts *o;
    np_sections sections;
    ep_article *arts;       /* reading order: section by section */
    size_t narts;
    ep_page *pages;         /* the front page's parts, then each section's */
    size_t npages;
    size_t nfront;          /* parts of the front page: pages[0..nfront) */
    size_t *section_page;   /* each section's first page */
    ep_pic *pics;
    size_t npics;
    ep_font *fonts;
    size_t nfonts;
    size_t shown_pics;         /* pictures shown in articles (with repeats) */
    size_t pics_without_text;  /* of those, with neither alt text nor decoration */

    /* metadata, all owned */
    char *title;            /* the masthead */
    char *full_title;       /* dc:title: "The Newsprint Weekly — Nov. 16–22, 2026" */
    char *creator;          /* dc:creator: the publisher, else the title */
    char *publisher;        /* NULL: none */
    char *series;           /* NULL: none */
    char *rights;           /* NULL: none */
    char *identifier;       /* "urn:uuid:..." */
    char *lang;             /* the digest's own language (cover, front page, nav) */
    char **langs;           /* dc:language, the majority first */
    size_t nlangs;
    char **subjects;        /* dc:subject names, first seen first */
    size_t nsubjects;
    char *date;             /* dc:date "2026-11-22" */
    char *modified;         /* "2026-11-28T00:00:00Z" */
    int64_t mtime;          /* zip entry time */
    char *range_text;       /* "Nov. 16–22, 2026" */
    char *week_text;        /* "Week 47 of 2026" or NULL */
    char *week_key;         /* the issue's ISO week "2026-W47" (first day, else modified) */
    int issue;
    int all_rtl;            /* every article right to left */
    np_buf css;             /* the stylesheet */
    np_body_spool *spool;   /* the items' parked metadata (epub_park.c), or NULL */
} ep_plan;

/* epub_plan.c: helpers shared by the planning and writing files */
/* Free everything the plan owns and zero it. */
void ep_plan_free(ep_plan *p);
/* A style value; NULL when absent or empty. */
const char *ep_style_str(const np_epub_opts *o, const char *key);
/* The threads the digest works on: np_epub_opts.jobs, else one per online
 * CPU; at most EP_MAX_THREADS. */
enum { EP_MAX_THREADS = 8 };
unsigned ep_threads(const ep_plan *p);
/* The same from the options, before there is a plan. */
unsigned ep_threads_of(const np_epub_opts *o);
/* A warning through the options' on_issue: "FILE:LINE: warning: ..." */
void ep_warn(const ep_plan *p, const char *file, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* epub_media.c: every article's figures and the picture files they show
 * (warnings for those left out). */
void ep_plan_pictures(ep_plan *p);
/* The picture or graphic item of the collection that link `l` of `it`
 * points at, or NULL. */
const np_item *ep_linked_picture(const ep_plan *p, const np_item *it, const np_link *l);

/* epub_fonts.c: the faces the style's fonts embed (embed_fonts), with
 * their @font-face rules appended to the stylesheet. */
void ep_plan_fonts(ep_plan *p);
/* The bytes of font i into `out`: the file, or for a face embed_fonts
 * chose, its subset to the characters `used` (those of every document
 * written; the printable ASCII and the upper-case forms too). */
int ep_font_bytes(const ep_plan *p, size_t i, const np_uset *used, np_buf *out, np_error *err);

/* epub_css.c: check the stylesheet read from css_path (in p->css):
 * @import and remote url() refused, fonts that url() names packed (into
 * p->fonts) and the url() rewritten.  NP_OK, or an error naming the line. */
int ep_css_check(ep_plan *p, const char *css_path, np_error *err);

/* epub_prune.c: leave out the articles that have nothing to show once
 * their pictures are planned (a warning each) and the sections left
 * empty; number the rest (id, href, pos) in reading order. */
void ep_plan_prune(ep_plan *p);
/* Collection items the digest shows: articles and the picture items
 * inside them. */
size_t ep_plan_items_shown(const ep_plan *p);

/* epub_park.c: keep in the plan what the section pages show of each
 * article; with park_items, park the items' metadata (np_item_park_meta())
 * so that only stubs stay in memory while the digest is written. */
void ep_plan_park(ep_plan *p);
/* Free what ep_plan_park() kept for the section pages, once written. */
void ep_plan_drop_listing(ep_plan *p);
/* Article ai as it is written: its item (and linked pictures) read back
 * when parked, the figures pointing into them. */
typedef struct ep_open_article {
    ep_article art;
    ep_fig *figs;    /* art.figs when it had to be remade, else NULL */
    np_item **items; /* items read back, freed by ep_article_close() */
    size_t nitems;
} ep_open_article;
int ep_article_open(const ep_plan *p, size_t ai, ep_open_article *o, np_error *err);
void ep_article_close(ep_open_article *o);

/* epub_alt.c: the text alternative of every shown picture (a warning
 * for each that has none); counts shown_pics and pics_without_text. */
void ep_plan_alt(ep_plan *p);
/* The text of inline runs, breaks as spaces, appended to `out`. */
void ep_inline_text(const np_inline *in, np_buf *out);

/* epub_lang.c: language and direction of runs of text. */
/* The language of the converter's own words (labels, dates, datelines). */
#define EP_OWN_LANG "en"
/* The language to mark `s` with on a page in `page_lang`: the page's,
 * except that text in nothing but Latin letters on a page whose language
 * is written in another script is taken for the converter's language. */
const char *ep_text_lang(const char *s, const char *page_lang);
/* Start element `name` for text in `lang` and direction `dir` ("ltr",
 * "rtl", NULL: not known, dir="auto") on a page in page_lang/page_dir:
 * lang and dir are written where they differ from the page's. */
void ep_start_in(ep_xw *x, const char *name, const char *lang, const char *dir,
                 const char *page_lang, const char *page_dir);
/* <name class=cls> with one of the converter's own words, marked. */
void ep_label(ep_xw *x, const char *name, const char *cls, const char *text,
              const char *page_lang, const char *page_dir);
/* The language and direction of an article's headline ("Untitled" is ours). */
const char *ep_art_lang(const ep_article *a);
const char *ep_art_dir(const ep_article *a);
/* "rtl" or "ltr" for a language tag. */
const char *ep_lang_dir(const char *lang);
/* The language of section s's title: a day or "Other news" is in the
 * converter's words, a package group, subject or genre in the digest's. */
const char *ep_section_lang(const ep_plan *p, size_t s);

/* epub_a11y.c: the schema.org accessibility metadata of the package;
 * whether the digest meets EPUB Accessibility 1.1 (WCAG 2.1 AA). */
void ep_write_a11y_meta(ep_xw *x, const ep_plan *p);
int ep_conforms(const ep_plan *p);

/* epub_meta.c: identifier, languages, subjects, rights, publisher, dates,
 * issue number, modification time of the plan's articles. */
void ep_plan_metadata(ep_plan *p);
/* "urn:uuid:..." of one issue of one publication: derived from the
 * publication's name and the issue's ISO week ("2026-W47"), so that a
 * corrected re-issue is the same book (with a new dcterms:modified).
 * Appended to `out`. */
void ep_identifier(const char *publication, const char *week, np_buf *out);

/* epub_listing.c: plan the front and section pages (in parts when
 * large); write page i. */
void ep_plan_pages(ep_plan *p);
int ep_write_page(const ep_plan *p, size_t i, np_buf *out);

/* epub_pages.c */
int ep_write_cover_svg(const ep_plan *p, np_buf *out);
int ep_write_cover(const ep_plan *p, np_buf *out);
/* epub_cover_png.c: the raster cover (masthead, issue, the lead story's
 * headline and picture) as PNG into `out` (reset first); `*missing`: the
 * characters no font had.  Reads the plan only: it may run on a thread of
 * its own while the documents are written. */
int ep_write_cover_png(const ep_plan *p, np_buf *out, size_t *missing, np_error *err);
/* The warning for the characters the cover lacks (none when 0). */
void ep_warn_cover(const ep_plan *p, size_t missing);
/* "Issue 47 · Nov. 16–22, 2026" into `out` (reset first). */
void ep_issue_line(const ep_plan *p, np_buf *out);
/* Article ai (`a`: as ep_article_open() gave it) with its body. */
int ep_write_article(const ep_plan *p, size_t ai, const ep_article *a, const np_block *body,
                     np_buf *out);
/* The headline to show for an item into `out` (reset first):
 * np_item_display_headline(); 1 when it is the converter's own word. */
int ep_headline(const np_item *it, np_buf *out);
/* Summary: the item's, else the start of the body; into `out`. */
void ep_summary(const np_item *it, np_buf *out);

/* epub_body.c */
void ep_body(ep_xw *x, const ep_plan *p, const ep_article *a, const np_block *b);
/* A figure (body or linked picture) as <figure>. */
void ep_figure(ep_xw *x, const ep_plan *p, const ep_fig *f);

/* epub_nav.c */
int ep_write_nav(const ep_plan *p, np_buf *out);
int ep_write_ncx(const ep_plan *p, np_buf *out);

/* epub_opf.c */
int ep_write_opf(const ep_plan *p, np_buf *out);
int ep_write_container(np_buf *out);

/* An XHTML document's start: declaration, doctype, <html> with the
 * namespaces, lang/dir, <head> with title (in title_lang) and stylesheet,
 * <body> open.  epub_pages.c; used by the nav too. */
void ep_xhtml_begin(ep_xw *x, const char *title, const char *title_lang, const char *lang,
                    const char *dir, const char *body_type);

#endif
