/* newsprint — plain-text rendering of an item (newsml2txt, bundles). */
#ifndef NEWSPRINT_RENDER_TEXT_H
#define NEWSPRINT_RENDER_TEXT_H

#include "newsprint/export.h"

#include "buf.h"
#include "item.h"

#ifdef __cplusplus
extern "C" {
#endif

enum {
    NP_TXT_HEADLINE = 1 << 0,
    NP_TXT_SUBHEADLINE = 1 << 1,
    NP_TXT_BYLINE = 1 << 2,
    NP_TXT_DATELINE = 1 << 3,  /* dateline and date */
    NP_TXT_SLUGLINE = 1 << 4,
    NP_TXT_KEYWORDS = 1 << 5,
    NP_TXT_COPYRIGHT = 1 << 6,
    NP_TXT_USAGE = 1 << 7,     /* usage terms */
    NP_TXT_EDNOTE = 1 << 8,
    NP_TXT_HEADER_ALL = 0x1ff
};

typedef struct np_text_opts {
    int width;          /* wrap width in display columns (default 72) */
    unsigned fields;    /* NP_TXT_* header fields (0 = default set) */
    int para_indent;    /* spaces before the first line of a paragraph (wire: 3) */
    int blank_between;  /* blank line between paragraphs (default 1) */
} np_text_opts;

/* Wrap s[0..n) (UTF-8, one paragraph) at `width` display columns and
 * append the lines, each ending in '\n': `first` prefixes the first line,
 * `rest` the others, and both count against the width.  Greedy, with break
 * opportunities from the layout module. */
NP_EXPORT void np_text_wrap(const char *s, size_t n, int width, const char *first, const char *rest,
                  np_buf *out);

/* What a caller changes in the header block (the bundles: their charset). */
typedef struct np_text_hook {
    /* Called with each header line's text (label and value) before it is
     * wrapped; appends the text to use to `out`.  NULL: the text as it is. */
    void (*fold)(void *ud, const char *s, size_t n, np_buf *out);
    void *ud;
} np_text_hook;

/* Append the header fields that opts->fields asks for, from the byline to
 * the editor's note (not the headline and subheadline), each wrapped with
 * continuation lines indented.  `hook` may be NULL. */
NP_EXPORT void np_render_text_header(const np_item *item, const np_text_opts *opts,
                                     const np_text_hook *hook, np_buf *out);

/* Append the item (header block + body) to `out`, lines ending in '\n'. */
NP_EXPORT void np_render_text(const np_item *item, const np_text_opts *opts, np_buf *out);
/* Only the body. */
NP_EXPORT void np_render_text_body(const np_item *item, const np_text_opts *opts, np_buf *out);

#ifdef __cplusplus
}
#endif
#endif
