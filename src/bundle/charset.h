/* Output character sets for bundles: UTF-8, Latin-1 and ASCII, with
 * transliteration by iconv //TRANSLIT under a fixed UTF-8 locale.  Private. */
#ifndef NP_CHARSET_H
#define NP_CHARSET_H

#include <stddef.h>
#include "newsprint/buf.h"
#include "newsprint/error.h"

typedef enum np_charset_id {
    NP_CHARSET_UTF8 = 0,
    NP_CHARSET_LATIN1,
    NP_CHARSET_ASCII
} np_charset_id;

typedef struct np_charset np_charset;

/* "utf-8"/"utf8", "latin-1"/"latin1"/"iso-8859-1", "ascii"/"us-ascii"
 * (any case).  Returns 0, or -1 for an unknown name. */
int np_charset_parse(const char *name, np_charset_id *id);
const char *np_charset_name(np_charset_id id); /* "utf-8", "latin-1", "ascii" */

/* NULL with `err` filled when iconv or the C.UTF-8 locale is missing. */
np_charset *np_charset_open(np_charset_id id, np_error *err);
void np_charset_free(np_charset *cs);

/* Append s[0..n) (valid UTF-8) to `out`, still as UTF-8 but holding only
 * characters the charset can encode: iconv //TRANSLIT under the C.UTF-8
 * locale (curly quotes -> straight, dashes -> '-' or "--", accented letters
 * -> base letters, "EUR" for the euro sign...), '?' where glibc knows no
 * transliteration.  For every charset, control characters other than '\n'
 * (C0, DEL, C1 such as U+0085) become a space.  Folding first and wrapping
 * after keeps line widths right (a transliteration may be longer). */
void np_charset_fold(np_charset *cs, const char *s, size_t n, np_buf *out);

/* Append folded UTF-8 text encoded in the charset (UTF-8 and ASCII: as is;
 * Latin-1: one byte per character).  Characters the charset cannot hold
 * (text that was not folded) become '?'. */
void np_charset_encode(const np_charset *cs, const char *s, size_t n, np_buf *out);

np_charset_id np_charset_id_of(const np_charset *cs);

#endif
