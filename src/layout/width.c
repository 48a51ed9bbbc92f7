/* Display width of text in terminal columns, from the Unicode properties
 * (ICU: East Asian width, general category), whatever the C locale; and
 * the character classes the other layout files need from a UTF-8 locale. */
#include "layout_priv.h"
#include "util/utf8.h"

#include <pthread.h>
#include <string.h>
#include <unicode/uchar.h>
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

/* Width of one non-ASCII code point, as wcwidth() gives it in a UTF-8
 * locale, but from ICU's properties (so from no locale at all). */
static int cp_width(uint32_t cp)
{
    if (cp == LT_BAD_CP)
        return 1;
    if (cp < 0xA0)
        return 0; /* C1 controls */
    if (cp == 0xAD)
        return 0; /* soft hyphen: invisible unless a line breaks there */
    UChar32 c = (UChar32)cp;
    int8_t gc = u_charType(c);
    if (gc == U_UNASSIGNED)
        return 1; /* even in the ranges reserved for wide ideographs */
    /* combining and format characters (zero width space, joiners), and the
     * vowels and finals of a Hangul syllable written in jamo, join the
     * character before them */
    if (gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK ||
        (gc == U_FORMAT_CHAR && !u_hasBinaryProperty(c, UCHAR_PREPENDED_CONCATENATION_MARK)))
        return 0; /* (a prepended mark, the Arabic number sign, is seen) */
    int hst = u_getIntPropertyValue(c, UCHAR_HANGUL_SYLLABLE_TYPE);
    if (hst == U_HST_VOWEL_JAMO || hst == U_HST_TRAILING_JAMO)
        return 0;
    /* neutral or ambiguous symbols inside CJK blocks, drawn wide by
     * terminals (and by glibc's wcwidth) */
    if ((cp >= 0x3248 && cp <= 0x324F) || (cp >= 0x4DC0 && cp <= 0x4DFF))
        return 2;
    int ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
    return ea == U_EA_WIDE || ea == U_EA_FULLWIDTH ? 2 : 1;
}

size_t np_display_width(const char *text, size_t len)
{
    if (!text || !len)
        return 0;
    const unsigned char *s = (const unsigned char *)text;
    size_t w = 0, i = 0;
    while (i < len) {
        /* ASCII runs: printable characters count 1, controls 0 */
        while (i < len && s[i] < 0x80) {
            w += s[i] >= 0x20 && s[i] != 0x7F;
            i++;
        }
        if (i == len)
            break;
        uint32_t cp;
        i += lt_utf8_next(s + i, len - i, &cp);
        w += (size_t)cp_width(cp);
    }
    return w;
}

int lt_prefix_columns(const char *text, size_t len, uint32_t *out)
{
    const unsigned char *s = (const unsigned char *)text;
    uint32_t w = 0;
    size_t i = 0;
    out[0] = 0;
    while (i < len) {
        /* ASCII runs: printable characters (0x20..0x7E) count 1, controls
         * 0; eight printable ones at a time */
        for (;;) {
            uint64_t v;
            if (i + 8 > len)
                break;
            memcpy(&v, s + i, 8);
            const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
            uint64_t del = v ^ (0x7F * ones);
            /* any byte >= 0x80, < 0x20, or 0x7F? */
            if ((v | ((v - 0x20 * ones) & ~v) | ((del - ones) & ~del)) & highs)
                break;
            for (int k = 1; k <= 8; k++)
                out[i + k] = w + (uint32_t)k;
            w += 8;
            i += 8;
        }
        for (; i < len && s[i] < 0x80; i++)
            out[i + 1] = w += (uint32_t)(s[i] - 0x20u) < 0x5Fu;
        if (i == len)
            break;
        uint32_t cp;
        size_t n = lt_utf8_next(s + i, len - i, &cp);
        for (size_t k = 1; k < n; k++)
            out[i + k] = w; /* inside a character: never a boundary */
        w += (uint32_t)cp_width(cp);
        i += n;
        out[i] = w;
    }
    return 0;
}

double np_measure_columns(void *ud, const char *text, size_t len)
{
    (void)ud;
    return (double)np_display_width(text, len);
}

int lt_is_wide(uint32_t cp)
{
    return cp >= 0x1100 && cp != LT_BAD_CP && cp_width(cp) == 2;
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
