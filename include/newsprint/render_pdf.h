/* newsprint — a collection of items as a PDF e-paper (or print pages).
 *
 * E-paper: a front page (masthead, the lead story with its headline across
 * the columns, further stories, an "Inside" index whose page numbers are
 * links), then one group of pages per section, each starting on a new page
 * under a section header.  Stories flow through justified, hyphenated
 * columns (Knuth–Plass, the shared layout module); a story that does not
 * fit continues on a later page with "Continued on page N" / "Continued
 * from page M".  Every page has a folio.  Print pages (`article`): each
 * article on its own page sequence.
 *
 * Fonts are TrueType, embedded as subsets; characters the style's fonts
 * lack are taken from a font fontconfig finds for them; right-to-left lines
 * are reordered and Arabic letters joined with FriBiDi.  The same
 * collection, options and `created` time give the same bytes. */
#ifndef NEWSPRINT_RENDER_PDF_H
#define NEWSPRINT_RENDER_PDF_H

#include "newsprint/export.h"

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

typedef struct np_pdf_opts {
    /* Page style (styles/NAME.style): page size, margins, columns, fonts,
     * sizes, the paper's name.  NULL: built-in defaults (broadsheet). */
    const np_style *style;
    const char *edition;      /* "Late edition"; NULL: the style's */
    np_time from, to;         /* the edition's dates [from, to); invalid: the items' */
    np_section_by section_by; /* for items no package places */
    int article;              /* print pages: each article on its own pages */
    np_time created;          /* CreationDate/ModDate; invalid: the latest item time */
    np_issue_fn on_issue;     /* warnings (code 0): fonts, missing glyphs, pictures */
    void *ud;
    /* Diagnostics (may be NULL), appended as lines of tab-separated fields:
     *   fonts:  "font\tFACE\tPATH\tINDEX\tFAMILY" for every embedded face, then
     *           "chars\tFILE:LINE\tFACE\tU+XXXX..." the non-ASCII characters
     *           each article drew with each face;
     *   layout: "page\tINDEX\tNUMBER\tTITLE\tX0\tY0\tX1\tY1" (the type area),
     *           "story\tID\tFILE:LINE\tGUID\tSEGMENTS\tltr|rtl\tHEADLINE",
     *           "box\tID\tPAGE\tKIND\tX\tY\tW\tH" for every placed line and
     *           picture in reading order (KIND head, col, pic, jumpout, jumpin,
     *           text; ID -1 for page furniture; points from the top left). */
    np_buf *fonts_report;
    np_buf *layout_report;
    int park_items;           /* once every story is measured, park the metadata of
                               * the collection's compacted items (np_item_compact())
                               * in a temporary file and read each back while its
                               * story is set: the collection then holds stubs
                               * (np_collection_park_meta()), good only for
                               * np_collection_free().  Items parked already
                               * (np_batch_opts.park_meta) are read back whenever
                               * they are needed, with or without it. */
} np_pdf_opts;

/* What a build made (for the program's summary). */
typedef struct np_pdf_result {
    size_t pages;
    size_t stories;
    size_t jumps;     /* "Continued on page N" lines */
    size_t pictures;  /* pictures drawn */
    size_t bytes;
    size_t warnings;  /* warnings given through on_issue */
} np_pdf_result;

/* Build the PDF into `out` (reset first); `res` may be NULL.  Returns
 * NP_OK, or a negative np_status with `err` filled (no usable font, a
 * libharu failure). */
NP_NODISCARD NP_EXPORT int np_pdf_build(const np_collection *c, const np_pdf_opts *opts, np_buf *out,
                 np_pdf_result *res, np_error *err);

/* np_pdf_build() and write the result to `path` atomically (temporary
 * file beside it, fsync, rename). */
NP_NODISCARD NP_EXPORT int np_pdf_write(const np_collection *c, const np_pdf_opts *opts, const char *path,
                 np_pdf_result *res, np_error *err);

#ifdef __cplusplus
}
#endif
#endif
