/* Hyphenation with libhyphen: dictionaries by language tag, and the points
 * where a word may be hyphenated.  Production rules on top of the patterns:
 * no hyphenation of words under six letters, of capitalised words (proper
 * names) in languages that do not capitalise nouns, of words with digits or
 * inner punctuation, or where the patterns ask for a spelling change. */
#include "layout_priv.h"
#include "newsprint/buf.h"
#include "util/utf8.h"

#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wctype.h>


struct np_hyphenator {
    HyphenDict *dict;
    int utf8;  /* the dictionary's encoding is UTF-8 (else ISO 8859-1) */
    int lhmin; /* letters kept before a hyphen */
    int rhmin; /* letters carried after it */
    int caps_nouns; /* the language capitalises common nouns (German) */
};

/* Words shorter than this are never hyphenated (a production rule: "in-to",
 * "Pa-ris" look like mistakes). */
#define HYPH_MIN_LETTERS 6

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static HyphenDict *try_dict(const char *dir, const char *stem)
{
    np_buf p = NP_BUF_INIT;
    np_buf_printf(&p, "%s/hyph_%s.dic", dir, stem);
    HyphenDict *d = file_exists(p.data) ? lt_hyph_load(p.data) : NULL;
    np_buf_free(&p);
    return d;
}

np_hyphenator *np_hyphenator_load(const char *lang, const char *dir)
{
    char prim[9], region[4] = "";
    size_t n = 0;
    if (!lang)
        return NULL;
    if (!dir || !*dir)
        dir = "/usr/share/hyphen";
    /* Primary subtag: 2-8 ASCII letters, lowercased. */
    const char *p = lang;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
        if (n >= 8)
            return NULL;
        prim[n++] = (char)(*p | 0x20);
        p++;
    }
    if (n < 2 || (*p && *p != '-' && *p != '_'))
        return NULL;
    prim[n] = '\0';
    /* Later subtags: a 2-letter region (script subtags and the rest skipped). */
    while (*p == '-' || *p == '_') {
        const char *s = ++p;
        while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
            p++;
        size_t sl = (size_t)(p - s);
        if (sl == 2 && !region[0] && !(s[0] >= '0' && s[0] <= '9') && !(s[1] >= '0' && s[1] <= '9')) {
            region[0] = (char)(s[0] & ~0x20);
            region[1] = (char)(s[1] & ~0x20);
            region[2] = '\0';
        }
    }
    if (*p)
        return NULL; /* stray characters: no guessing at file names */

    char stems[4][16];
    size_t ns = 0;
    if (region[0])
        snprintf(stems[ns++], sizeof stems[0], "%s_%s", prim, region);
    snprintf(stems[ns++], sizeof stems[0], "%s", prim);
    if (n == 2)
        snprintf(stems[ns++], sizeof stems[0], "%s_%c%c", prim, prim[0] & ~0x20, prim[1] & ~0x20);
    if (strcmp(prim, "en") == 0)
        snprintf(stems[ns++], sizeof stems[0], "en_US");

    HyphenDict *d = NULL;
    for (size_t i = 0; i < ns && !d; i++)
        d = try_dict(dir, stems[i]);
    if (!d)
        return NULL;
    np_hyphenator *h = calloc(1, sizeof *h);
    if (!h) {
        hnj_hyphen_free(d);
        return NULL;
    }
    h->dict = d;
    h->utf8 = d->utf8 != 0;
    h->lhmin = d->lhmin > 2 ? d->lhmin : 2;
    h->rhmin = d->rhmin > 3 ? d->rhmin : 3;
    h->caps_nouns = !strcmp(prim, "de") || !strcmp(prim, "lb");
    return h;
}

void np_hyphenator_free(np_hyphenator *h)
{
    if (!h)
        return;
    if (h->dict)
        hnj_hyphen_free(h->dict);
    free(h);
}

static uint32_t to_lower(uint32_t cp, locale_t loc)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    return loc ? (uint32_t)towlower_l((wint_t)cp, loc) : cp;
}

size_t np_hyphenate(const np_hyphenator *h, const char *word, size_t len, char *points)
{
    if (points && len)
        memset(points, 0, len);
    if (!h || !h->dict || !word || !points || len == 0 || len > HYPH_MAX_BYTES)
        return 0;
    locale_t loc = lt_utf8_locale();
    const unsigned char *s = (const unsigned char *)word;
    uint32_t cps[HYPH_MAX_BYTES];
    size_t off[HYPH_MAX_BYTES + 1], nc = 0;
    for (size_t i = 0; i < len;) {
        off[nc] = i;
        i += lt_utf8_next(s + i, len - i, &cps[nc]);
        nc++;
    }
    off[nc] = len;

    /* The word proper: from the first letter to the last. */
    size_t f = 0, l = nc;
    while (f < nc && !lt_is_letter(cps[f]))
        f++;
    while (l > f && !lt_is_letter(cps[l - 1]))
        l--;
    if (f >= l)
        return 0;
    size_t letters = 0;
    for (size_t k = f; k < l; k++) {
        if (lt_is_letter(cps[k]))
            letters++;
        else if (cps[k] != '\'' && cps[k] != 0x2019)
            return 0; /* digits, inner punctuation: not a plain word */
    }
    if (letters < HYPH_MIN_LETTERS || (int)letters < h->lhmin + h->rhmin)
        return 0;
    /* A capitalised word is taken for a proper name ("Pak-istan",
     * "Bei-jing") except where every noun is capitalised. */
    if (!h->caps_nouns && lt_is_upper(cps[f]))
        return 0;

    /* Lowercase copy in the dictionary's encoding; cend[k] is the end of
     * letter k in that copy. */
    char low[HYPH_MAX_BYTES * 4 + 8];
    size_t cend[HYPH_MAX_BYTES], ll = 0;
    for (size_t k = f; k < l; k++) {
        uint32_t c = to_lower(cps[k], loc);
        if (cps[k] == 0x2019)
            c = '\''; /* the patterns know the ASCII apostrophe */
        if (h->utf8) {
            ll += np_utf8_encode(c, low + ll);
        } else {
            if (c > 0xFF)
                return 0;
            low[ll++] = (char)c;
        }
        cend[k] = ll;
    }
    low[ll] = '\0';

    char *hy = malloc(ll + 5);
    if (!hy)
        return 0;
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    size_t count = 0;
    int ok = hnj_hyphen_hyphenate2(h->dict, low, (int)ll, hy, NULL, &rep, &pos, &cut) == 0;
    /* Non-standard hyphenation (a spelling change at the break, as in old
     * German "Schiffahrt" -> "Schiff-fahrt") cannot be drawn as a plain
     * hyphen: leave such words alone. */
    for (size_t j = 0; ok && rep && j < ll; j++)
        if (rep[j])
            ok = 0;
    if (ok) {
        size_t before = 0; /* letters up to and including k */
        for (size_t k = f; k + 1 < l; k++) {
            before++;
            size_t j = cend[k] - 1;
            if (!(hy[j] & 1))
                continue;
            if (!lt_is_letter(cps[k]) || !lt_is_letter(cps[k + 1]))
                continue;
            if (before < (size_t)h->lhmin || letters - before < (size_t)h->rhmin)
                continue;
            points[off[k + 1] - 1] = 1;
            count++;
        }
    }
    if (rep) {
        for (size_t j = 0; j < ll; j++)
            free(rep[j]);
        free(rep);
    }
    free(pos);
    free(cut);
    free(hy);
    return count;
}
