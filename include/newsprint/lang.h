/* newsprint — language tags: well-formedness (BCP 47) and writing
 * direction.  Shared by the converters (EPUB xml:lang/dc:language, PDF
 * bidi and hyphenation) and the reader. */
#ifndef NEWSPRINT_LANG_H
#define NEWSPRINT_LANG_H

#include "newsprint/export.h"

#include "buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Is `tag` a well-formed BCP 47 language tag ("en", "zh-Hans", "en-GB",
 * "x-private")?  The syntax of RFC 5646 without the registry: a primary
 * language of 2-8 letters (or a private-use "x-..." tag), then subtags of
 * 1-8 letters or digits, a singleton followed by at least one subtag.  '_'
 * is accepted as '-'.  The normalised tag (with '-') goes to `out` (reset
 * first).  Returns 1 if well-formed, 0 if not (out is then empty). */
NP_NODISCARD NP_EXPORT int np_lang_normalize(const char *tag, np_buf *out);

/* Is the language written right to left (Arabic, Urdu, Persian, Hebrew,
 * Yiddish, Pashto, Sindhi, Uyghur, Dhivehi, Sorani, Syriac)?  By the
 * primary subtag; NULL is left to right. */
NP_NODISCARD NP_EXPORT int np_lang_is_rtl(const char *tag);

/* Do two tags name the same primary language ("en-GB" and "en")? */
NP_NODISCARD NP_EXPORT int np_lang_same_primary(const char *a, const char *b);

#ifdef __cplusplus
}
#endif
#endif
