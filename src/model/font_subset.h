/* Subsets of font files (HarfBuzz's hb-subset), shared by the PDF and
 * EPUB writers, and the set of characters a document uses.  Private. */
#ifndef NP_MODEL_FONT_SUBSET_H
#define NP_MODEL_FONT_SUBSET_H

#include <stddef.h>
#include <stdint.h>

#include "newsprint/buf.h"
#include "newsprint/error.h"

/* What to keep of a face. */
typedef struct np_font_keep {
    const uint32_t *chars;  /* characters, through the font's own cmap */
    size_t nchars;
    const uint32_t *glyphs; /* glyph ids (of the original face) */
    size_t nglyphs;
    /* for a PDF: no hinting, no OpenType layout or bitmap tables (a PDF
     * draws glyphs by id; nothing shapes or hints them there).  Otherwise
     * (EPUB) the layout tables stay, closed over the characters kept, so
     * that a reading system still shapes and kerns the text. */
    int for_pdf;
} np_font_keep;

/* Subset face `index` (of a collection; 0 otherwise) of the TrueType or
 * OpenType file in data[0..len) to what `keep` asks for, .notdef always
 * included, glyph ids renumbered.  The subset (a plain TrueType/OpenType
 * file) goes into `out` (reset first); when `new_ids` is not NULL,
 * new_ids[i] is the new id of keep->glyphs[i] (0 if it was not kept).
 * NP_ERR_INVALID when HarfBuzz cannot read or subset the face. */
int np_font_subset(const unsigned char *data, size_t len, unsigned index, const np_font_keep *keep,
                   np_buf *out, uint32_t *new_ids, np_error *err);

/* "ttf" (TrueType outlines) or "otf" (CFF) for face `index` of the font
 * file in data[0..len), NULL when HarfBuzz finds no glyphs in it. */
const char *np_font_outlines(const unsigned char *data, size_t len, unsigned index);

/* A set of Unicode scalar values, allocated on first use. */
typedef struct np_uset {
    uint8_t *bits; /* 0x110000 bits */
} np_uset;

#define NP_USET_INIT {NULL}

void np_uset_add(np_uset *cs, uint32_t cp);
/* Every character of len bytes of UTF-8 text (invalid bytes skipped). */
void np_uset_add_utf8(np_uset *cs, const char *s, size_t len);
/* dst |= src */
void np_uset_merge(np_uset *dst, const np_uset *src);
/* Add the upper-case forms of every member (full case mapping: "ß" adds
 * "S"): text a stylesheet transforms to capitals or small capitals. */
void np_uset_add_upper(np_uset *cs);
int np_uset_has(const np_uset *cs, uint32_t cp);
/* The members in increasing order, into a new array (free()); *n their
 * number. */
uint32_t *np_uset_list(const np_uset *cs, size_t *n);
void np_uset_free(np_uset *cs);

#endif
