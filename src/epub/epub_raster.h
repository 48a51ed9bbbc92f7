/* EPUB converter: drawing the raster cover (private).
 *   epub_canvas.c     an RGB canvas: rectangles, coverage masks, pictures
 *                     scaled into a box
 *   epub_glyphs.c     text on the canvas: fonts found through fontconfig,
 *                     drawn with FreeType, FriBiDi for direction and Arabic
 *                     shaping, the layout module for line breaks
 *   epub_cover_png.c  the cover composed from these and encoded as PNG */
#ifndef NP_EPUB_RASTER_H
#define NP_EPUB_RASTER_H

#include <stddef.h>
#include <stdint.h>

#include "model/picture.h"
#include "newsprint/buf.h"
#include "newsprint/error.h"

/* ---- epub_canvas.c ---- */

/* The canvas is a decoded picture: 8-bit RGB, rows top to bottom, so that
 * np_picture_encode_png() writes it. */
typedef np_picture ep_canvas;
typedef uint32_t ep_rgb; /* 0xRRGGBB */

void ep_canvas_init(ep_canvas *c, int width, int height, ep_rgb background);
/* Free a canvas made by ep_canvas_init() (not np_picture_free(): its
 * pixels are a large block, see np_mem_big()). */
void ep_canvas_free(ep_canvas *c);
/* Fill [x, x+w) x [y, y+h), clipped to the canvas. */
void ep_canvas_fill(ep_canvas *c, int x, int y, int w, int h, ep_rgb colour);
/* Blend `colour` through an 8-bit coverage mask of w x h (row stride
 * `pitch` bytes) placed at (x, y), clipped to the canvas. */
void ep_canvas_mask(ep_canvas *c, int x, int y, const unsigned char *mask, int w, int h,
                    int pitch, ep_rgb colour);
/* Draw the decoded picture `pic` (gray or RGB) into the box (x, y, w, h),
 * scaled to fill it and cropped evenly on the long side: made smaller, each
 * canvas pixel is the average of the picture's pixels under it; made
 * larger, interpolated between the nearest four. */
void ep_canvas_picture(ep_canvas *c, const np_picture *pic, int x, int y, int w, int h);

/* ---- epub_glyphs.c ---- */

typedef struct ep_fonts ep_fonts;

/* Fonts for one piece of text: `family` (a fontconfig name such as
 * "serif:bold") for `lang` (or NULL); characters it lacks come from the
 * fonts fontconfig finds for them.  `share` (or NULL): a set, used on the
 * same thread, whose fontconfig configuration this one uses too.  NULL when
 * FreeType or fontconfig cannot start. */
ep_fonts *ep_fonts_new(const char *family, const char *lang, const ep_fonts *share);
void ep_fonts_free(ep_fonts *f);
/* Sizes in pixels (the em). */
void ep_fonts_size(ep_fonts *f, int px);
/* Line height (ascender to descender plus gap) and ascender, in pixels. */
int ep_fonts_line_height(const ep_fonts *f);
int ep_fonts_ascent(const ep_fonts *f);
/* Characters drawn so far that no font has (drawn as nothing). */
size_t ep_fonts_missing(const ep_fonts *f);

/* Width in pixels of UTF-8 `text` set in one line, `rtl` its paragraph
 * direction. */
double ep_text_width(ep_fonts *f, const char *text, size_t len, int rtl);
/* Draw one line of UTF-8 `text` (logical order; reordered and shaped
 * here) with its left end at x and its baseline at y. */
void ep_text_draw(ep_fonts *f, ep_canvas *c, const char *text, size_t len, int rtl, int x,
                  int y, ep_rgb colour);
/* Break `text` into at most `max_lines` lines of `width` pixels (the
 * layout module, UAX #14 for `lang`); the last line kept ends in an
 * ellipsis when text is left over.  Each line centred at cx, the first
 * baseline at y.  Returns the baseline below the last line drawn. */
int ep_text_block(ep_fonts *f, ep_canvas *c, const char *text, const char *lang, int rtl,
                  int cx, int y, int width, int max_lines, ep_rgb colour);
/* How many lines ep_text_block would make of `text` with no limit. */
size_t ep_text_lines(ep_fonts *f, const char *text, const char *lang, int rtl, int width);

/* ---- epub_cover_png.c ---- */

/* What the raster cover shows. */
typedef struct ep_cover_spec {
    const char *title;        /* the masthead */
    const char *kicker;       /* small line above it, or NULL */
    const char *issue_line;   /* "Issue 47 · Nov. 16–22, 2026", or NULL */
    const char *week_text;    /* "Week 47 of 2026", or NULL */
    const char *headline;     /* the lead story's, or NULL */
    const char *headline_lang;
    int headline_rtl;
    const char *publisher;    /* or NULL */
    const np_picture *picture; /* the lead picture decoded, or NULL */
    unsigned threads;          /* encoding the PNG on at most this many (0: one) */
} ep_cover_spec;

enum { EP_COVER_W = 1600, EP_COVER_H = 2400 };

/* The cover as a PNG of EP_COVER_W x EP_COVER_H into `out` (reset first).
 * `missing` (may be NULL) receives the number of characters no font
 * could draw. */
int ep_cover_png(const ep_cover_spec *s, np_buf *out, size_t *missing, np_error *err);

#endif
