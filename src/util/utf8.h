/* UTF-8: the one codec of the tree, on ICU's U8_NEXT / U8_APPEND macros.
 * Private. */
#ifndef NP_UTF8_H
#define NP_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "newsprint/buf.h"

/* Decode one code point from s[0..len) (len >= 1).  Returns its length in
 * bytes, or 0 for an invalid or truncated sequence, an overlong form, a
 * surrogate or a value above U+10FFFF (*cp is then untouched). */
size_t np_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* The code point at s[*i] (i < len), advancing *i past it; an ill-formed
 * sequence gives U+FFFD and is skipped as one maximal subpart (at least
 * one byte). */
uint32_t np_utf8_next(const char *s, size_t len, size_t *i);

/* Encode `cp` (a Unicode scalar value; anything else becomes U+FFFD) into
 * out[0..4).  Returns the number of bytes written (1..4). */
size_t np_utf8_encode(uint32_t cp, char out[4]);

/* Append `cp` to a buffer (as np_utf8_encode). */
void np_utf8_buf_put(np_buf *b, uint32_t cp);

#endif
