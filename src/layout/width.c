/* Display width of text in terminal columns (wcwidth in a UTF-8 locale),
 * and the character classes the other layout files need from that locale. */
#define _XOPEN_SOURCE 700 /* wcwidth() */
#include "layout_priv.h"
#include "util/utf8.h"

#include <pthread.h>
#include <wchar.h>
#include <wctype.h>

size_t lt_utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
    size_t n = np_utf8_decode(s, len, cp);
    if (!n) {
        *cp = LT_BAD_CP;
        return 1;
    }
    return n;
}

static pthread_once_t loc_once = PTHREAD_ONCE_INIT;
static locale_t utf8_locale = (locale_t)0;

static void loc_init(void)
{
    static const char *const names[] = {"C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8"};
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !utf8_locale; i++)
        utf8_locale = newlocale(LC_CTYPE_MASK, names[i], (locale_t)0);
}

locale_t lt_utf8_locale(void)
{
    pthread_once(&loc_once, loc_init);
    return utf8_locale;
}

/* Width of one non-ASCII code point; `loc`: the UTF-8 locale is in use
 * (else every such character counts 1). */
static int cp_width(uint32_t cp, int loc)
{
    if (cp == LT_BAD_CP)
        return 1;
    if (cp < 0xA0)
        return 0; /* C1 controls */
    if (cp == 0xAD)
        return 0; /* soft hyphen: invisible unless a line breaks there */
    if (!loc)
        return 1;
    int w = wcwidth((wchar_t)cp);
    return w < 0 ? 1 : w;
}

size_t np_display_width(const char *text, size_t len)
{
    if (!text || !len)
        return 0;
    const unsigned char *s = (const unsigned char *)text;
    size_t w = 0, i = 0;
    locale_t loc = (locale_t)0, old = (locale_t)0;
    int have_loc = 0;
    while (i < len) {
        /* ASCII runs: printable characters count 1, controls 0 */
        while (i < len && s[i] < 0x80) {
            w += s[i] >= 0x20 && s[i] != 0x7F;
            i++;
        }
        if (i == len)
            break;
        if (!have_loc) {
            loc = lt_utf8_locale();
            if (loc)
                old = uselocale(loc);
            have_loc = 1;
        }
        uint32_t cp;
        i += lt_utf8_next(s + i, len - i, &cp);
        w += (size_t)cp_width(cp, loc != (locale_t)0);
    }
    if (loc)
        uselocale(old);
    return w;
}

int lt_prefix_columns(const char *text, size_t len, uint32_t *out)
{
    const unsigned char *s = (const unsigned char *)text;
    locale_t loc = lt_utf8_locale(), old = (locale_t)0;
    if (loc)
        old = uselocale(loc);
    uint32_t w = 0;
    size_t i = 0;
    out[0] = 0;
    while (i < len) {
        if (s[i] < 0x80) {
            w += s[i] >= 0x20 && s[i] != 0x7F;
            out[++i] = w;
            continue;
        }
        uint32_t cp;
        size_t n = lt_utf8_next(s + i, len - i, &cp);
        for (size_t k = 1; k < n; k++)
            out[i + k] = w; /* inside a character: never a boundary */
        w += (uint32_t)cp_width(cp, loc != (locale_t)0);
        i += n;
        out[i] = w;
    }
    if (loc)
        uselocale(old);
    return 0;
}

double np_measure_columns(void *ud, const char *text, size_t len)
{
    (void)ud;
    return (double)np_display_width(text, len);
}

int lt_is_wide(uint32_t cp)
{
    if (cp < 0x1100 || cp == LT_BAD_CP)
        return 0;
    locale_t loc = lt_utf8_locale();
    if (!loc)
        return 0;
    locale_t old = uselocale(loc);
    int w = wcwidth((wchar_t)cp);
    uselocale(old);
    return w == 2;
}

int lt_is_letter(uint32_t cp)
{
    if (cp == LT_BAD_CP)
        return 0;
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    locale_t loc = lt_utf8_locale();
    return loc ? iswalpha_l((wint_t)cp, loc) != 0 : 0;
}

int lt_is_upper(uint32_t cp)
{
    if (cp == LT_BAD_CP)
        return 0;
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    locale_t loc = lt_utf8_locale();
    return loc ? iswupper_l((wint_t)cp, loc) != 0 : 0;
}
