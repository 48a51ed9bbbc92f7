/* newsprint — paragraph layout: text -> lines for a given width function.
 * Shared by the text converter (greedy, display columns) and the PDF
 * converter (Knuth–Plass total fit, font metrics, hyphenation).
 * Break opportunities come from libunibreak (UAX #14). */
#ifndef NEWSPRINT_LAYOUT_H
#define NEWSPRINT_LAYOUT_H

#include "newsprint/export.h"

#include <stddef.h>
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Width of text[0..len) in the caller's unit (columns, points...). */
typedef double (*np_measure_fn)(void *ud, const char *text, size_t len);
/* Available width for line number `line_no` (0-based) of the paragraph. */
typedef double (*np_linewidth_fn)(void *ud, size_t line_no);

typedef enum np_layout_mode {
    NP_LAYOUT_GREEDY = 0, /* first fit: ragged right (text output) */
    NP_LAYOUT_TOTAL_FIT   /* Knuth–Plass: justified columns */
} np_layout_mode;

typedef struct np_hyphenator np_hyphenator; /* a loaded libhyphen dictionary */

/* What a paragraph's line breaking keeps when the same text is broken
 * again for another width (a story set in several column spans): its
 * UAX #14 break opportunities and hyphenation points.  One cache per
 * paragraph; it notices when the text, language or hyphenator change. */
typedef struct np_layout_cache np_layout_cache;
NP_EXPORT np_layout_cache *np_layout_cache_new(void);
NP_EXPORT void np_layout_cache_free(np_layout_cache *c);

typedef struct np_layout_opts {
    np_measure_fn measure;      /* required */
    np_linewidth_fn line_width; /* NULL: every line is `width` wide */
    double width;
    void *ud;                   /* passed to measure and line_width */
    const char *lang;           /* BCP 47 tag for UAX #14 tailoring and hyphenation, or NULL */
    np_layout_mode mode;
    const np_hyphenator *hyphenator; /* NULL: no hyphenation */
    /* Knuth–Plass parameters (0 = defaults). */
    double tolerance;           /* max adjustment ratio, default 2.0 */
    double hyphen_penalty;      /* default 50 */
    double space_stretch;       /* fraction of a space's width, default 0.5 */
    double space_shrink;        /* default 0.33; negative: spaces never shrink,
                                   so no line's natural width exceeds its width */
    int break_urls;             /* 0: no breaks inside URLs (http://, www. ...);
                                   1: allow UAX #14's opportunities there (after '/') */
    np_layout_cache *cache;     /* NULL, or the paragraph's cache (see above) */
} np_layout_opts;

/* One line: bytes text[start..end) (trailing spaces excluded); when
 * `hyphen` is set the line ends inside a word and a hyphen is to be drawn
 * after it.  `width` is the natural width of the line's content
 * (including the hyphen if any); `ratio` is the Knuth–Plass adjustment
 * ratio (0 for greedy, and for the last line of a paragraph).
 *
 * Total fit: the line's spaces stretch by ratio*space_stretch (ratio > 0)
 * or shrink by ratio*space_shrink (ratio < 0, never below -1) times their
 * width, so a shrunk line's natural `width` exceeds the line width.  To
 * justify, spread (line width - width) over the line's spaces; a line
 * with no spaces (CJK) may spread it between its characters.  ratio is 0
 * for lines ended by a forced break and for lines that cannot be adjusted.
 * Where no layout within the tolerance exists, looser lines (ratio above
 * the tolerance) are used rather than overfull ones. */
typedef struct np_line {
    size_t start, end;
    int hyphen;
    int forced;       /* ended by a mandatory break (NL, LS, PS) or paragraph end */
    double width;
    double ratio;
} np_line;

typedef struct np_lines {
    np_line *v;
    size_t n, cap;
} np_lines;

/* Break `text` (UTF-8, one paragraph; '\n' is a forced break) into lines.
 * No line is wider than its width unless a single unbreakable piece is
 * (a long word without hyphenation points, a URL): that piece then stands
 * alone on its line.  Widths are measured with opts->measure over
 * text[start..end) of a line, so measure must be the renderer's own
 * (font metrics for PDF, np_measure_columns for text).
 * Fills `out` (append; caller frees with np_lines_free()).  Returns NP_OK
 * or a negative np_status. */
NP_NODISCARD NP_EXPORT int np_layout_paragraph(const char *text, size_t len, const np_layout_opts *opts,
                        np_lines *out, np_error *err);
NP_EXPORT void np_lines_free(np_lines *lines);

/* Typographic quotation marks and dashes for text in language `lang`
 * (BCP 47): straight double and single quotes become the language's marks
 * (“ ” English, „ “ German, « » with no-break spaces French, « » Spanish,
 * Italian, Greek...), an apostrophe between letters ’, " - " a spaced dash
 * (em dash in English, en dash elsewhere), "--" an em dash.  The result is
 * handed out in order as pieces: `emit(ud, src, src_len, out, out_len)`
 * says that text[src..src+src_len) becomes out[0..out_len).  Returns 1
 * when the text changes (every piece was emitted), 0 when it stays as it
 * is (nothing was emitted): no straight marks, or a language without rules
 * (other scripts type their marks as such). */
typedef void (*np_marks_fn)(void *ud, size_t src, size_t src_len, const char *out, size_t out_len);
NP_NODISCARD NP_EXPORT int np_typeset_marks(const char *lang, const char *text, size_t len, np_marks_fn emit,
                               void *ud);

/* Terminal/monospace display width of UTF-8 text: East Asian Wide and
 * Fullwidth characters count 2, combining marks and zero-width characters
 * 0, others 1.  Invalid bytes count 1. */
NP_EXPORT size_t np_display_width(const char *text, size_t len);
/* An np_measure_fn over np_display_width (ud unused). */
NP_EXPORT double np_measure_columns(void *ud, const char *text, size_t len);

/* Hyphenation dictionary for a language ("en-GB" -> hyph_en_GB.dic, then
 * hyph_en.dic ...) from `dir` (NULL = /usr/share/hyphen).  NULL when there
 * is none: no hyphenation rather than wrong hyphenation. */
NP_EXPORT np_hyphenator *np_hyphenator_load(const char *lang, const char *dir);
NP_EXPORT void np_hyphenator_free(np_hyphenator *h);
/* Allowed hyphenation points inside `word` (UTF-8): points[i] != 0 means a
 * hyphen may go after byte i.  `points` has room for len bytes.  Returns the
 * number of points. */
NP_EXPORT size_t np_hyphenate(const np_hyphenator *h, const char *word, size_t len, char *points);

#ifdef __cplusplus
}
#endif
#endif
