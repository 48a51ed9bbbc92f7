/* Unit tests: lt_unibreak (src/layout/unibreak.c) gives, byte for byte,
 * what libunibreak's set_linebreaks_utf8 gives for the same text (each
 * invalid byte read as 'x', U+FFFF as U+FFFD, a regional indicator as a
 * letter), on random texts built to exercise every kind of class, long
 * runs and the language tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <linebreak.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout_priv.h"

/* Characters of many line-breaking classes; some invalid sequences. */
static const char *const ATOMS[] = {
    "a", "Z", "q", "0", "7", " ", "  ", "\t", "\n", "\r", "\r\n", "\v", "\f", "\x01", "\x7f",
    "!", "\"", "#", "$", "%", "&", "'", "(", ")", "*", "+", ",", "-", ".", "/", ":", ";",
    "<", "?", "@", "[", "\\", "]", "^", "_", "`", "{", "|", "}", "~",
    "\xc3\xa9",         /* é */
    "\xc2\xab",         /* « (a language table names it) */
    "\xc2\xbb",         /* » */
    "\xc2\xa0",         /* no-break space */
    "\xc2\xad",         /* soft hyphen */
    "\xc2\xb4",         /* acute accent */
    "\xc2\xb1",         /* plus-minus */
    "\xc2\x85",         /* next line */
    "\xcc\x81",         /* combining acute */
    "\xcd\xb8",         /* unassigned U+0378 */
    "\xd7\x90",         /* Hebrew alef */
    "\xe0\xb8\x81",     /* Thai ko kai */
    "\xe1\x84\x80",     /* Hangul L */
    "\xe1\x85\xa0",     /* Hangul V */
    "\xe1\x86\xa8",     /* Hangul T */
    "\xea\xb0\x80",     /* Hangul LV */
    "\xea\xb0\x81",     /* Hangul LVT */
    "\xe2\x80\x8b",     /* zero width space */
    "\xe2\x80\x94",     /* em dash */
    "\xe2\x80\x93",     /* en dash */
    "\xe2\x80\x98", "\xe2\x80\x99", "\xe2\x80\x9c", "\xe2\x80\x9d", /* quotes */
    "\xe2\x80\xb9", "\xe2\x80\xba", /* ‹ › */
    "\xe2\x80\xa4",     /* one dot leader */
    "\xe2\x80\xb0",     /* per mille */
    "\xe2\x80\xa8",     /* line separator */
    "\xe2\x81\xa0",     /* word joiner */
    "\xe2\x91\xa0",     /* circled one (ambiguous) */
    "\xe3\x80\x81",     /* ideographic comma */
    "\xe3\x80\x82",     /* ideographic full stop */
    "\xe3\x81\x81",     /* small hiragana a */
    "\xe4\xb8\x80",     /* CJK one */
    "\xe4\xba\xba",     /* CJK person */
    "\xee\x80\x80",     /* private use */
    "\xef\xbb\xbf",     /* BOM */
    "\xef\xbf\xbc",     /* object replacement (contingent break) */
    "\xef\xbf\xbd",     /* replacement character */
    "\xef\xbf\xbf",     /* U+FFFF */
    "\xf0\x9f\x98\x80", /* emoji */
    "\xf0\x9f\x87\xab", "\xf0\x9f\x87\xb7", /* regional indicators F, R */
    "\xf0\xa0\x80\x80", /* CJK extension B */
    "\xff", "\xc3", "\xe4\xb8", "\xed\xa0\x80", "\xc0\xaf", /* invalid */
};
#define NATOMS (sizeof ATOMS / sizeof ATOMS[0])

static const char *const LANGS[] = {NULL, "en", "de", "es", "fr", "ru", "zh", "ja", "ko", "xx"};

/* The text as libunibreak must see it: invalid bytes as 'x', U+FFFF as
 * U+FFFD, regional indicators (which libunibreak 1.x lists but cannot
 * take) as U+10000, a letter of the same length. */
static char *cleaned(const char *s, size_t len)
{
    char *c = malloc(len ? len : 1);
    assert_non_null(c);
    memcpy(c, s, len);
    for (size_t i = 0; i < len;) {
        const unsigned char *u = (const unsigned char *)s + i;
        uint32_t cp;
        size_t n = lt_utf8_next(u, len - i, &cp);
        if (cp == LT_BAD_CP)
            c[i] = 'x';
        else if (cp == 0xFFFF)
            memcpy(c + i, "\xef\xbf\xbd", 3);
        else if (cp >= 0x1F1E6 && cp <= 0x1F1FF)
            memcpy(c + i, "\xf0\x90\x80\x80", 4);
        i += n;
    }
    return c;
}

static void check_same(const char *text, size_t len, const char *lang)
{
    char *ours = malloc(len), *ref = malloc(len);
    char *clean = cleaned(text, len);
    assert_non_null(ours);
    assert_non_null(ref);
    set_linebreaks_utf8((const utf8_t *)clean, len, lang, ref);
    assert_int_equal(lt_unibreak(text, len, lang, ours, NULL), 0);
    if (memcmp(ours, ref, len) != 0) {
        for (size_t i = 0; i < len; i++)
            if (ours[i] != ref[i])
                print_error("lang %s: byte %zu of %zu: %d, libunibreak %d\n", lang ? lang : "-",
                            i, len, ours[i], ref[i]);
        fail();
    }
    free(ours);
    free(ref);
    free(clean);
}

/* Random texts of `natoms_max` atoms at most from `atoms`, each checked
 * in turn with every language. */
static void random_texts(const char *const *atoms, size_t n_atoms, size_t natoms_max, int count)
{
    unsigned long seed = 2026;
    char buf[1024];
    for (int t = 0; t < count; t++) {
        size_t len = 0, natoms;
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        natoms = 1 + (seed >> 33) % natoms_max;
        size_t prev = 0;
        for (size_t k = 0; k < natoms; k++) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            unsigned long r = seed >> 33;
            /* often the same atom again: runs of one class */
            size_t a = (k > 0 && r % 3 == 0) ? prev : (r / 3) % n_atoms;
            size_t n = strlen(atoms[a]);
            if (len + n > sizeof buf)
                break;
            memcpy(buf + len, atoms[a], n);
            len += n;
            prev = a;
        }
        check_same(buf, len, LANGS[t % (sizeof LANGS / sizeof LANGS[0])]);
    }
}

static void test_random_texts(void **state)
{
    (void)state;
    random_texts(ATOMS, NATOMS, 60, 20000);
}

/* Words and spaces, mostly: the stretches that are given as one
 * character. */
static void test_random_phrases(void **state)
{
    (void)state;
    static const char *const words[] = {
        "a", "b", "a", "b", "7", " ", " ", " ", "  ", "\xc3\xa9", "\xe4\xb8\x80", ",", ".", "-",
        "(", ")", "\"", "'", "\n", "\xcc\x81", "\xe2\x80\x94", "\xe2\x80\x99", "\xc2\xa0", "\xff",
        "\xe3\x80\x80", "%", "$",
    };
    random_texts(words, sizeof words / sizeof words[0], 120, 20000);
}

static void test_prose(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "The council voted 12-3 on Tuesday (after a 4\xc2\xbd-hour debate) to spend $2.5bn.",
        "\xe2\x80\x9cWe\xe2\x80\x99re ready,\xe2\x80\x9d she said \xe2\x80\x94 \xc2\xabvraiment\xc2\xbb.",
        "\xe4\xb8\x80\xe4\xba\xba\xe4\xb8\x80\xe4\xba\xba\xe3\x80\x82\xe4\xb8\x80\xe4\xba\xba",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 1234567890123456789 ....... !!!!",
        "https://example.org/a/b?c=d&e=f#g www.example.com",
        "x",
        "\xef\xbf\xbf",
        "\xff\xfe",
        "Paris \xf0\x9f\x87\xab\xf0\x9f\x87\xb7 wins", /* a flag: libunibreak alone stops */
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        for (size_t l = 0; l < sizeof LANGS / sizeof LANGS[0]; l++)
            check_same(texts[i], strlen(texts[i]), LANGS[l]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prose),
        cmocka_unit_test(test_random_texts),
        cmocka_unit_test(test_random_phrases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
