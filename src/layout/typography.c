/* Typographic quotation marks and dashes for wire copy typed on a
 * typewriter keyboard: straight double and single quotes become the
 * language's marks, an apostrophe inside a word becomes ’, a hyphen with a
 * space on each side becomes a dash.  Whether a quote opens or closes is
 * read from its neighbours (after a space, a bracket, a dash or at the
 * start it opens). */
#include "layout_priv.h"

#include <string.h>

typedef struct marks {
    const char *open2, *close2; /* double quotes */
    const char *open1, *close1; /* single quotes */
    const char *dash;           /* for " - " (with its spaces) */
} marks;

/* U+00A0 no-break space inside guillemets (French). */
static const marks EN = {"\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x98", "\xe2\x80\x99",
                         " \xe2\x80\x94 "};
static const marks DE = {"\xe2\x80\x9e", "\xe2\x80\x9c", "\xe2\x80\x9a", "\xe2\x80\x98",
                         " \xe2\x80\x93 "};
static const marks FR = {"\xc2\xab\xc2\xa0", "\xc2\xa0\xc2\xbb", "\xe2\x80\x9c", "\xe2\x80\x9d",
                         " \xe2\x80\x93 "};
static const marks GUILLEMETS = {"\xc2\xab", "\xc2\xbb", "\xe2\x80\x9c", "\xe2\x80\x9d",
                                 " \xe2\x80\x93 "};
static const marks NL = {"\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x98", "\xe2\x80\x99",
                         " \xe2\x80\x93 "};

/* The marks of a language (primary subtag), or NULL: leave the text. */
static const marks *marks_of(const char *lang)
{
    char p[4] = "";
    size_t n = 0;
    if (!lang)
        return NULL;
    while (n < 3 && ((lang[n] >= 'a' && lang[n] <= 'z') || (lang[n] >= 'A' && lang[n] <= 'Z'))) {
        p[n] = (char)(lang[n] | 0x20);
        n++;
    }
    p[n] = '\0';
    if (lang[n] && lang[n] != '-' && lang[n] != '_')
        return NULL;
    if (!strcmp(p, "en") || !strcmp(p, "pt") || !strcmp(p, "ga"))
        return &EN;
    if (!strcmp(p, "de") || !strcmp(p, "cs") || !strcmp(p, "sk") || !strcmp(p, "pl") ||
        !strcmp(p, "bg") || !strcmp(p, "lt"))
        return &DE;
    if (!strcmp(p, "fr"))
        return &FR;
    if (!strcmp(p, "es") || !strcmp(p, "it") || !strcmp(p, "el") || !strcmp(p, "ru") ||
        !strcmp(p, "uk") || !strcmp(p, "ca") || !strcmp(p, "no") || !strcmp(p, "nb"))
        return &GUILLEMETS;
    if (!strcmp(p, "nl") || !strcmp(p, "af") || !strcmp(p, "da") || !strcmp(p, "sv") ||
        !strcmp(p, "fi"))
        return &NL;
    return NULL; /* other scripts have their own marks, typed as such */
}

/* A quote after this character opens. */
static int opens_after(uint32_t cp)
{
    return cp == LT_BAD_CP || cp == ' ' || cp == '\n' || cp == '\t' || cp == 0xa0 || cp == '(' ||
           cp == '[' || cp == '{' || cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == '/' ||
           cp == 0x201c || cp == 0x2018 || cp == 0x201e || cp == 0xab;
}

static uint32_t cp_before(const char *s, size_t at)
{
    if (!at)
        return LT_BAD_CP;
    size_t k = at - 1;
    while (k > 0 && ((unsigned char)s[k] & 0xC0u) == 0x80u && at - k < 4)
        k--;
    uint32_t cp;
    lt_utf8_next((const unsigned char *)s + k, at - k, &cp);
    return cp;
}

static uint32_t cp_at(const char *s, size_t len, size_t at)
{
    if (at >= len)
        return LT_BAD_CP;
    uint32_t cp;
    lt_utf8_next((const unsigned char *)s + at, len - at, &cp);
    return cp;
}

/* Is there anything to change: a straight quote, " - " or "--"? */
static int has_marks(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] == '"' || s[i] == '\'' ||
            (s[i] == '-' && i + 1 < len && (s[i + 1] == '-' || (i > 0 && s[i - 1] == ' ' && s[i + 1] == ' '))))
            return 1;
    return 0;
}

int np_typeset_marks(const char *lang, const char *text, size_t len, np_marks_fn emit, void *ud)
{
    const marks *m = marks_of(lang);
    if (!m || !text || !emit || !has_marks(text, len))
        return 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = lt_utf8_next((const unsigned char *)text + i, len - i, &cp);
        uint32_t before = cp_before(text, i), after = cp_at(text, len, i + n);
        const char *rep = NULL;
        size_t skip = n;
        if (cp == '"') {
            rep = opens_after(before) ? m->open2 : m->close2;
        } else if (cp == '\'') {
            if (lt_is_letter(before) && lt_is_letter(after))
                rep = "\xe2\x80\x99"; /* an apostrophe: don't, l'eau */
            else
                rep = opens_after(before) && after != ' ' && after != LT_BAD_CP ? m->open1
                                                                                 : m->close1;
        } else if (cp == ' ' && after == '-' && cp_at(text, len, i + 2) == ' ') {
            rep = m->dash; /* " - " */
            skip = 3;
        } else if (cp == '-' && after == '-' && before != '-' && cp_at(text, len, i + 2) != '-') {
            rep = "\xe2\x80\x94"; /* "--" */
            skip = 2;
        }
        if (rep)
            emit(ud, i, skip, rep, strlen(rep));
        else
            emit(ud, i, n, text + i, n);
        i += skip;
    }
    return 1;
}
