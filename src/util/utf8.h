/* UTF-8 decoding, strict: one place for it.  Private. */
#ifndef NP_UTF8_H
#define NP_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one code point from s[0..len) (len >= 1).  Returns its length in
 * bytes, or 0 for an invalid or truncated sequence, an overlong form, a
 * surrogate or a value above U+10FFFF (*cp is then untouched). */
size_t np_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

#endif
