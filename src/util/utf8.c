/* UTF-8 decoding and encoding through ICU's macros (strict: no overlongs,
 * surrogates or values above U+10FFFF). */
#include "utf8.h"

#include <unicode/utf8.h>

size_t np_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    int32_t i = 0, n = len > 4 ? 4 : (int32_t)len;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0)
        return 0;
    *cp = (uint32_t)c;
    return (size_t)i;
}

uint32_t np_utf8_next(const char *s, size_t len, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s + *i;
    if (u[0] < 0x80) {
        (*i)++;
        return u[0];
    }
    size_t rest = len - *i;
    int32_t k = 0, n = rest > 4 ? 4 : (int32_t)rest;
    UChar32 c;
    U8_NEXT_OR_FFFD(u, k, n, c);
    *i += (size_t)k;
    return (uint32_t)c;
}

size_t np_utf8_encode(uint32_t cp, char out[4])
{
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        cp = 0xfffd;
    int32_t k = 0;
    uint8_t *o = (uint8_t *)out;
    U8_APPEND_UNSAFE(o, k, (UChar32)cp);
    return (size_t)k;
}

void np_utf8_buf_put(np_buf *b, uint32_t cp)
{
    char t[4];
    np_buf_put(b, t, np_utf8_encode(cp, t));
}
