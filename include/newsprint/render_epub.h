/* newsprint — a collection of items as a periodical EPUB 3 (weekly digest):
 * a cover, a front page listing the sections and their headlines, a page
 * per section (headline, byline and summary of each article), one XHTML
 * document per article with its pictures, nav.xhtml and a periodical
 * toc.ncx, and OPF metadata (accessibility included) derived from the
 * items.  The same
 * collection, options and `modified` time give the same bytes. */
#ifndef NEWSPRINT_RENDER_EPUB_H
#define NEWSPRINT_RENDER_EPUB_H

#include "newsprint/export.h"

#include <stdio.h>

#include "batch.h"
#include "buf.h"
#include "error.h"
#include "item.h"
#include "newsml.h"
#include "sections.h"
#include "style.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a digest holds, for the summary. */
typedef struct np_epub_stats {
    size_t articles;   /* article documents */
    size_t items;      /* collection items shown: the articles and the pictures in them */
    size_t left_out;   /* collection items with nothing to show, not in the digest */
    unsigned writers;  /* threads that wrote the articles */
} np_epub_stats;

typedef struct np_epub_opts {
    /* Digest settings (styles/digest.style): title, publisher, series,
     * language, rights, stylesheet, max_image_bytes, embed_fonts, fonts...
     * May be NULL: built-in defaults. */
    const np_style *style;
    const char *title;        /* overrides the style's title; NULL: style */
    const char *css_path;     /* stylesheet to use; NULL: the style's "stylesheet" */
    np_section_by section_by; /* for items no package places */
    np_time from, to;         /* the issue's dates, [from, to); invalid: from the items */
    int issue;                /* 0: the style's "issue", else the ISO week of the first day */
    np_time modified;         /* dcterms:modified and zip times; invalid: the latest item time */
    np_issue_fn on_issue;     /* warnings (code 0) about pictures, fonts...; may be NULL */
    void *ud;
    np_epub_stats *stats;     /* filled by np_epub_build() when not NULL */
    int park_items;           /* once the digest is planned, park the metadata of the
                               * collection's items (compacted ones, np_item_compact())
                               * in a temporary file and read each back while its
                               * article is written: the collection then holds stubs
                               * (np_collection_park_meta()), good only for
                               * np_collection_free() */
    unsigned jobs;            /* threads that write and deflate the articles and
                               * encode the cover, at most 8; 0: one per online
                               * CPU.  The bytes are the same whatever the number. */
} np_epub_opts;

/* Build the EPUB of the collection's items into `out` (the zip bytes;
 * reset first); the items in memory (a batch that parks them as it
 * collects them, np_batch_opts.park_meta, is for the e-paper).  Items that are not articles (pictures that an article
 * links to) appear inside their articles.  Pictures that cannot be used
 * (unsafe or missing reference, unknown type, too large) are reported
 * through on_issue and left out; the article stays unless it has nothing
 * else to show.  A digest without any article is not built
 * (NP_ERR_INVALID, stats->articles 0).
 * Returns NP_OK or a negative np_status with `err` filled. */
NP_NODISCARD NP_EXPORT int np_epub_build(const np_collection *c, const np_epub_opts *opts, np_buf *out, np_error *err);

/* The same, into `*out`: an unnamed temporary file (in $TMPDIR, else
 * /tmp) open for reading at its start, which the caller closes (NULL on
 * failure).  The digest is not held in memory: for large collections. */
NP_NODISCARD NP_EXPORT int np_epub_spool(const np_collection *c, const np_epub_opts *opts, FILE **out,
                            np_error *err);

/* np_epub_spool() and write the result to `path` atomically (temporary
 * file beside it, fsync, rename). */
NP_NODISCARD NP_EXPORT int np_epub_write(const np_collection *c, const np_epub_opts *opts, const char *path,
                  np_error *err);

#ifdef __cplusplus
}
#endif
#endif
