/* Private to the layout stage (src/layout/):
 *
 *   width.c      display width of text (terminal columns), the UTF-8 locale
 *   hyphenate.c  libhyphen dictionaries and allowed hyphenation points
 *   hyphdict.c   reading a dictionary for libhyphen without its repeated patterns
 *   unibreak.c   UAX #14 break opportunities (libunibreak, on a shortened
 *                sequence that gives the same answer)
 *   breaks.c     break candidates of a paragraph: UAX #14 opportunities
 *                (libunibreak), hyphenation points, emergency breaks inside
 *                pieces wider than a line, cumulative widths
 *   linebreak.c  choosing breaks: greedy first fit and Knuth–Plass total fit
 *   paragraph.c  the paragraph context: line widths (lt_measure() is inline below)
 *   typography.c typographic quotation marks and dashes by language
 *   cache.c      a paragraph's break opportunities and hyphenation points,
 *                kept between calls
 */
#ifndef NP_LAYOUT_PRIV_H
#define NP_LAYOUT_PRIV_H

#include "newsprint/layout.h"
#include "util/alloc.h"

#include <locale.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#define LT_NONE ((size_t)-1)
#define LT_BAD_CP 0xFFFFFFFFu
#define HYPH_MAX_BYTES 256 /* longer "words" are not words */

/* Decode one code point; an invalid byte gives LT_BAD_CP and length 1. */
size_t lt_utf8_next(const unsigned char *s, size_t len, uint32_t *cp);

/* A UTF-8 LC_CTYPE locale for the wide-character functions, or 0. */
locale_t lt_utf8_locale(void);
/* East Asian Wide or Fullwidth (two terminal columns). */
int lt_is_wide(uint32_t cp);
/* Display widths of every prefix of text: out[i] = np_display_width of
 * text[0..i) for each character boundary i (out has len + 1 entries). */
int lt_prefix_columns(const char *text, size_t len, uint32_t *out);
/* A letter (iswalpha in the UTF-8 locale; ASCII letters without one). */
int lt_is_letter(uint32_t cp);
/* Uppercase or titlecase letter. */
int lt_is_upper(uint32_t cp);

/* A libhyphen dictionary from `path`, read without the repeated patterns
 * that libhyphen 2.8.8 would leak (hyphdict.c); NULL if it cannot be read. */
struct _HyphenDict;
struct _HyphenDict *lt_hyph_load(const char *path);

/* One break candidate.  c[0] is the paragraph start. */
typedef struct lt_cand {
    size_t end;        /* the line's content ends here when broken here */
    size_t next;       /* and the next line starts here */
    double wb, yb, zb; /* cumulative width, stretch, shrink up to `end` */
    double wa, ya, za; /* ... and up to `next` (glue included) */
    double extra;      /* hyphen width added when broken here */
    double penalty;
    unsigned char must;    /* mandatory break */
    unsigned char hyphen;  /* a hyphen is drawn when broken here */
    unsigned char flagged; /* a hyphenated line end (counts for the limits) */
} lt_cand;

typedef struct lt_ctx {
    const char *text;
    size_t len;
    const np_layout_opts *o;
    lt_cand *c; /* c[0] is the paragraph start; c[1..m] the candidates */
    size_t m, cap;
    double *lw; /* cached line widths */
    uint32_t *colw; /* measure is np_measure_columns: widths of the prefixes */
    char *brks;     /* len bytes for the break opportunities */
    void *ub;       /* LT_UNIBREAK_SCRATCH(len) bytes for lt_unibreak() */
    size_t nlw, caplw;
    double tol, hpen, stretch, shrink, hyw;
} lt_ctx;

/* Width of text[start..end) with the caller's measure (0 if not finite).
 * Inline: it is called a few times per word. */
static inline double lt_measure(const lt_ctx *x, size_t start, size_t end)
{
    if (end <= start)
        return 0.0;
    if (x->colw)
        return (double)(x->colw[end] - x->colw[start]); /* a subtraction, not a scan */
    double w = x->o->measure(x->o->ud, x->text + start, end - start);
    return isfinite(w) ? w : 0.0;
}
/* Available width of line `line` (cached); -1 on memory failure. */
int lt_line_width(lt_ctx *x, size_t line, double *out);

/* UAX #14 break opportunities of text (libunibreak's classes per byte, as
 * set_linebreaks_utf8() gives them, an invalid byte read as a letter) into
 * brks (len bytes), working in `scratch` (LT_UNIBREAK_SCRATCH(len) bytes,
 * aligned for uint32_t; NULL: allocated here); -1 on memory failure. */
#define LT_UNIBREAK_SCRATCH(len) ((len) * (2 * sizeof(uint32_t) + 2))
int lt_unibreak(const char *text, size_t len, const char *lang, char *brks, void *scratch);

/* Break opportunities of the paragraph and the candidate list x->c. */
int lt_candidates(lt_ctx *x);

/* The cache's break opportunities (libunibreak classes per byte) and
 * hyphenation points (per byte, 1: a hyphen may follow) for the text and
 * options of `x`, or NULL when it holds another text; *hy_ready tells
 * whether the points were filled in already. */
const char *lt_cache_get(np_layout_cache *c, const lt_ctx *x, char **hy, int *hy_ready);
/* Keep `brks` (copied) for the text of `x`; returns the array for the
 * hyphenation points to be filled (len bytes, zeroed; NULL without a
 * hyphenator), or NULL with *failed set on memory failure. */
char *lt_cache_put(np_layout_cache *c, const lt_ctx *x, const char *brks, int *failed);
/* The points are complete. */
void lt_cache_hy_done(np_layout_cache *c);

#endif
