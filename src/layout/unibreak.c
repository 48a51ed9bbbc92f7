/* UAX #14 break opportunities from libunibreak, computed on a shorter
 * sequence that gives the same answer.
 *
 * libunibreak (1.x) decides every break from the line-breaking classes of
 * the characters alone, and spends most of its time finding each
 * character's class in its table.  Two facts make its work smaller without
 * changing its answer:
 *
 *   - Any character may be replaced by another of the same class that it
 *     finds sooner (the first character of that class in its table), as
 *     long as no language-specific table names either of them.
 *   - Its state after a character is the class of that character and
 *     whether the character before was a space.  After a character of a
 *     "plain" class X (letters, digits, ideographs...: a class that goes
 *     through its pair table, and does not depend on the language) the
 *     state is (X, not after a space) whatever came before.  So a stretch
 *     of X characters and spaces that begins and ends with X (the words of
 *     a phrase) can be given as its last character alone: inside it, a
 *     break before a space is never allowed, and the break between two X,
 *     or after the last space before an X, is what libunibreak answers for
 *     "X X X" or "X SP X", asked once per class.
 *
 * The result is written per byte exactly as set_linebreaks_utf8() writes
 * it for the text with each invalid byte read as 'x' and U+FFFF as U+FFFD
 * (libunibreak takes U+FFFF for the end of its input), and each regional
 * indicator (the halves of a flag) as a letter: libunibreak 1.x lists
 * their class but stops on an assertion when it meets one. */
#include "layout_priv.h"

#include <linebreak.h>
#include <linebreakdef.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define BMP 0x10000
#define NCLASS (LBP_XX + 1)

static pthread_once_t once = PTHREAD_ONCE_INIT;
/* class of each BMP code point that no language table names, else
 * LBP_Undefined (passed on as it is) */
static unsigned char bmp_class[BMP];
/* per class: the character libunibreak finds first, or 0 (none) */
static uint32_t stand_in[NCLASS];
/* per class: runs are given as one character (plain classes) */
static unsigned char cut[NCLASS];
/* the regional indicators (outside the BMP), read as letters */
static uint32_t ri_first = 1, ri_last = 0;
/* per class that is cut: the break between two X after an X, and the
 * break after the space in "X SP X" */
static char inner[NCLASS], after_space[NCLASS];

/* the ASCII letters are of class AL and ' ' of class SP (as in every
 * libunibreak 1.x): runs of them are skipped eight bytes at a time */
static int ascii_words;

static int named_by_a_language(uint32_t cp)
{
    for (const struct LineBreakPropertiesLang *m = lb_prop_lang_map; m->lang; m++)
        for (const struct LineBreakProperties *p = m->lbp; p->prop != LBP_Undefined; p++)
            if (cp >= p->start && cp <= p->end)
                return 1;
    return 0;
}

/* Classes whose runs may be cut short (see above): those of the pair
 * table but combining marks (which may leave its state as it was), and
 * those it always reads as letters (complex-context, surrogates,
 * unknown); not spaces and line ends (treated before the table), nor the
 * ambiguous class (resolved by language). */
static int plain(int cls)
{
    return (cls >= LBP_OP && cls <= LBP_JT && cls != LBP_CM) || cls == LBP_SA ||
           cls == LBP_SG || cls == LBP_XX;
}

static void init(void)
{
    init_linebreak();
    /* unlisted code points are LBP_XX, as for libunibreak */
    for (uint32_t cp = 0; cp < BMP; cp++)
        bmp_class[cp] = LBP_XX;
    for (const struct LineBreakProperties *p = lb_prop_default; p->prop != LBP_Undefined; p++) {
        for (uint32_t cp = p->start; cp <= p->end && cp < BMP; cp++)
            bmp_class[cp] = (unsigned char)p->prop;
        if (p->prop == LBP_RI && (ri_first > ri_last || p->start < ri_first))
            ri_first = p->start;
        if (p->prop == LBP_RI && p->end > ri_last)
            ri_last = p->end;
        if (p->prop < NCLASS && !stand_in[p->prop] && p->start != EOS &&
            !named_by_a_language(p->start))
            stand_in[p->prop] = p->start;
    }
    for (const struct LineBreakPropertiesLang *m = lb_prop_lang_map; m->lang; m++)
        for (const struct LineBreakProperties *p = m->lbp; p->prop != LBP_Undefined; p++)
            for (uint32_t cp = p->start; cp <= p->end && cp < BMP; cp++)
                bmp_class[cp] = LBP_Undefined;
    bmp_class[EOS] = LBP_Undefined;
    for (int c = 0; c < NCLASS; c++) {
        if (!plain(c) || !stand_in[c])
            continue;
        utf32_t xxx[3] = {stand_in[c], stand_in[c], stand_in[c]};
        utf32_t xsx[3] = {stand_in[c], ' ', stand_in[c]};
        char b[3];
        set_linebreaks_utf32(xxx, 3, NULL, b);
        inner[c] = b[1]; /* between the second and third: after an X that follows an X */
        set_linebreaks_utf32(xsx, 3, NULL, b);
        after_space[c] = b[1];
        cut[c] = 1;
    }
    ascii_words = bmp_class[' '] == LBP_SP;
    for (int c = 'A'; c <= 'z'; c++)
        if ((c <= 'Z' || c >= 'a') && bmp_class[c] != LBP_AL)
            ascii_words = 0;
}

#define ONES 0x0101010101010101u
#define HIGHS 0x8080808080808080u

/* The high bit of each byte of v (eight ASCII bytes) that is ' ' (no
 * carry crosses a byte: every byte stays below 0x100). */
static uint64_t ascii_spaces(uint64_t v)
{
    uint64_t t = v ^ (0x20 * ONES);
    return ~(t + 0x7F * ONES) & HIGHS;
}

/* Over s[k..len) while it holds only ASCII letters and spaces (eight
 * bytes at a time; the rest is left to the caller): *after_letter is
 * moved past the last letter seen.  Returns where it stopped. */
static size_t skip_ascii_words(const unsigned char *s, size_t k, size_t len, size_t *after_letter)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; k + 8 <= len; k += 8) {
        uint64_t v;
        memcpy(&v, s + k, 8);
        if (v & HIGHS)
            break;
        /* per byte (all below 0x80, so no carry crosses a byte): the
         * high bit of a letter (v | 0x20 in 'a'..'z') */
        uint64_t lo = v | (0x20 * ONES);
        uint64_t letter = ((lo + (0x80 - 'a') * ONES) & ~(lo + (0x80 - 'z' - 1) * ONES)) & HIGHS;
        if ((letter | ascii_spaces(v)) != HIGHS)
            break;
        if (letter)
            *after_letter = k + (size_t)(63 - __builtin_clzll(letter)) / 8 + 1;
    }
#else
    (void)s;
    (void)len;
    (void)after_letter;
#endif
    return k;
}

static int class_at(const unsigned char *s, size_t i, size_t e, size_t *n)
{
    if (s[i] < 0x80) {
        *n = 1;
        return bmp_class[s[i]];
    }
    uint32_t cp;
    *n = lt_utf8_next(s + i, e - i, &cp);
    return cp < BMP ? bmp_class[cp] : LBP_Undefined;
}

/* The end of the ASCII bytes of s[i..e): the first byte >= 0x80, or e;
 * eight bytes at a time. */
static size_t ascii_end(const unsigned char *s, size_t i, size_t e)
{
    for (; i + 8 <= e; i += 8) {
        uint64_t v;
        memcpy(&v, s + i, 8);
        if (v & 0x8080808080808080u)
            break;
    }
    while (i < e && s[i] < 0x80)
        i++;
    return i;
}

/* brks[i..k - 1) of ASCII text s[i..k) where only a space before a
 * non-space may break (giving `as`): eight bytes at a time, each against
 * the byte after it. */
static void spread_words(const unsigned char *s, size_t i, size_t k, char as, char *brks)
{
    const uint64_t other = (uint64_t)(LINEBREAK_NOBREAK ^ (unsigned char)as) * ONES;
    for (; i + 9 <= k; i += 8) {
        uint64_t v, w;
        memcpy(&v, s + i, 8);
        memcpy(&w, s + i + 1, 8);
        uint64_t at = ascii_spaces(v) & ~ascii_spaces(w);
        uint64_t out = (LINEBREAK_NOBREAK * ONES) ^ (other & ((at >> 7) * 0xFF));
        memcpy(brks + i, &out, 8);
    }
    for (; i + 1 < k; i++)
        brks[i] = s[i] == ' ' && s[i + 1] != ' ' ? as : LINEBREAK_NOBREAK;
}

/* Writes the breaks of text[i..i + n), a stretch of characters of class
 * `c` and spaces that ends with one of class `c`: `last` after its last
 * character, LINEBREAK_INSIDEACHAR inside characters. */
static void spread(const unsigned char *s, size_t i, size_t n, int c, char last, char *brks)
{
    size_t e = i + n;
    const char in = inner[c], as = after_space[c];
    while (i < e) {
        int cur, next;
        if (s[i] < 0x80 && i + 1 < e && s[i + 1] < 0x80) {
            /* ASCII, a character a byte: inside the stretch its only space
             * (class SP) is ' ', the rest is of class c */
            size_t k = ascii_end(s, i + 2, e);
            if (in == LINEBREAK_NOBREAK) {
                /* words of letters: no break but after a space that
                 * precedes a letter */
                spread_words(s, i, k, as, brks);
                i = k - 1;
                continue;
            }
            for (; i + 1 < k; i++)
                brks[i] = s[i + 1] == ' ' ? LINEBREAK_NOBREAK : s[i] == ' ' ? as : in;
            continue;
        }
        size_t k;
        cur = class_at(s, i, e, &k);
        for (size_t b = 1; b < k; b++)
            brks[i++] = LINEBREAK_INSIDEACHAR;
        if (i + 1 == e)
            break;
        next = class_at(s, i + 1, e, &k);
        brks[i++] = next == LBP_SP ? LINEBREAK_NOBREAK : cur == LBP_SP ? as : in;
    }
    brks[e - 1] = last;
}

/* The sequence given to libunibreak: seq[j] stands for bytes[j] bytes of
 * the text, a stretch of class cls[j] if cut (else 0: one character). */
typedef struct shortened {
    uint32_t *seq;
    uint32_t *bytes;
    unsigned char *cls;
    size_t m;
    size_t start; /* where the text of seq[m - 1] begins */
} shortened;

static uint32_t read_char(const unsigned char *s, size_t i, size_t len, size_t *n);

static void give(shortened *t, uint32_t cp, size_t at, size_t n, int cls)
{
    t->seq[t->m] = cp;
    t->start = at;
    t->bytes[t->m] = (uint32_t)n;
    t->cls[t->m++] = (unsigned char)cls;
}

/* Gives the characters of text[from..to) one by one. */
static void give_each(shortened *t, const unsigned char *s, size_t from, size_t to, size_t len)
{
    while (from < to) {
        size_t n;
        uint32_t cp = read_char(s, from, len, &n);
        give(t, cp, from, n, 0);
        from += n;
    }
}

/* The character at text[i] as libunibreak is to read it; *n: its length. */
static uint32_t read_char(const unsigned char *s, size_t i, size_t len, size_t *n)
{
    if (s[i] < 0x80) {
        *n = 1;
        return s[i];
    }
    uint32_t cp;
    *n = lt_utf8_next(s + i, len - i, &cp);
    return cp == LT_BAD_CP ? 'x' : cp == EOS ? 0xFFFD : cp;
}

int lt_unibreak(const char *text, size_t len, const char *lang, char *brks, void *scratch)
{
    if (len == 0)
        return 0;
    pthread_once(&once, init);
    const unsigned char *s = (const unsigned char *)text;
    void *own = scratch ? NULL : malloc(LT_UNIBREAK_SCRATCH(len));
    unsigned char *mem = scratch ? scratch : own;
    if (!mem)
        return -1;
    /* one block: seq and bytes (aligned first), then cls and libunibreak's answer */
    shortened t = {(uint32_t *)(void *)mem, (uint32_t *)(void *)(mem + len * sizeof(uint32_t)),
                   mem + 2 * len * sizeof(uint32_t), 0, 0};
    char *out = (char *)mem + 2 * len * sizeof(uint32_t) + len;
    int run = 0;        /* class of the stretch that seq[m - 1] stands for, if cut */
    size_t sp_from = 0; /* spaces after it from here, not given yet */
    size_t i = 0;
    while (i < len) {
        if (run) {
            /* the stretch goes on over ASCII: its class and spaces */
            size_t k = run == LBP_AL && ascii_words ? skip_ascii_words(s, i, len, &sp_from) : i;
            for (; k < len && s[k] < 0x80; k++) {
                int c = bmp_class[s[k]];
                if (c == run)
                    sp_from = k + 1;
                else if (c != LBP_SP)
                    break;
            }
            t.bytes[t.m - 1] = (uint32_t)(sp_from - t.start);
            i = k;
            if (i == len)
                break;
        }
        size_t n;
        uint32_t cp = read_char(s, i, len, &n);
        int c = cp < BMP ? bmp_class[cp] : LBP_Undefined;
        if (cp >= ri_first && cp <= ri_last) {
            c = LBP_AL;
            cp = 'x';
        }
        if (run && c == LBP_SP) {
            i += n; /* may be inside the stretch */
            continue;
        }
        if (run && c == run) {
            i = sp_from = i + n;
            t.bytes[t.m - 1] = (uint32_t)(sp_from - t.start);
            continue;
        }
        /* the stretch (if any) ends: the spaces after it go as they are */
        give_each(&t, s, sp_from, i, len);
        run = cut[c] ? c : LBP_Undefined;
        give(&t, c != LBP_Undefined && stand_in[c] ? stand_in[c] : cp, i, n, run);
        i = sp_from = i + n;
    }
    give_each(&t, s, sp_from, len, len);
    set_linebreaks_utf32(t.seq, t.m, lang, out);
    for (size_t j = 0, at = 0; j < t.m; at += t.bytes[j++]) {
        if (t.bytes[j] == 1)
            brks[at] = out[j];
        else
            spread(s, at, t.bytes[j], t.cls[j], out[j], brks);
    }
    free(own);
    return 0;
}
