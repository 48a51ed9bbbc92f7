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
 *     state is (X, not after a space) whatever came before; so in a run of
 *     X every break inside the run is the one between two X that follow an
 *     X, and the run can be given to libunibreak as its last character
 *     alone.  That inner break is asked of libunibreak once per class.
 *
 * The result is written per byte exactly as set_linebreaks_utf8() writes
 * it for the text with each invalid byte read as 'x' and U+FFFF as U+FFFD
 * (libunibreak takes U+FFFF for the end of its input). */
#include "layout_priv.h"

#include <linebreak.h>
#include <linebreakdef.h>
#include <pthread.h>
#include <stdlib.h>

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
/* per class that is cut: the break inside a run */
static char inner[NCLASS];

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
        utf32_t three[3] = {stand_in[c], stand_in[c], stand_in[c]};
        char b[3];
        set_linebreaks_utf32(three, 3, NULL, b);
        cut[c] = 1;
        inner[c] = b[1]; /* between the second and third: after an X that follows an X */
    }
}

/* Writes the breaks of text[i..i + n) (whole characters): `last` after
 * the last character, `fill` after each one before it, and
 * LINEBREAK_INSIDEACHAR inside characters. */
static void spread(const unsigned char *s, size_t i, size_t n, char fill, char last, char *brks)
{
    size_t e = i + n;
    while (i < e) {
        size_t k = 1;
        if (s[i] >= 0x80) {
            uint32_t cp;
            k = lt_utf8_next(s + i, e - i, &cp);
        }
        for (size_t b = 1; b < k; b++)
            brks[i++] = LINEBREAK_INSIDEACHAR;
        brks[i++] = fill;
    }
    brks[e - 1] = last;
}

int lt_unibreak(const char *text, size_t len, const char *lang, char *brks)
{
    if (len == 0)
        return 0;
    pthread_once(&once, init);
    const unsigned char *s = (const unsigned char *)text;
    /* seq: the characters given to libunibreak; bytes[j]: how many bytes
     * of the text seq[j] stands for; cls[j]: their class if cut, else 0 */
    uint32_t *seq = malloc(len * sizeof *seq);
    uint32_t *bytes = malloc(len * sizeof *bytes);
    unsigned char *cls = malloc(len);
    char *out = malloc(len);
    if (!seq || !bytes || !cls || !out) {
        free(seq);
        free(bytes);
        free(cls);
        free(out);
        return -1;
    }
    size_t m = 0;
    int run = 0; /* class of the run that seq[m - 1] stands for, if cut */
    for (size_t i = 0; i < len;) {
        uint32_t cp = s[i];
        size_t n = 1;
        if (cp >= 0x80) {
            uint32_t dec;
            n = lt_utf8_next(s + i, len - i, &dec);
            cp = dec == LT_BAD_CP ? 'x' : dec == EOS ? 0xFFFD : dec;
        }
        i += n;
        int c = cp < BMP ? bmp_class[cp] : LBP_Undefined;
        if (c != LBP_Undefined && c == run) {
            bytes[m - 1] += (uint32_t)n;
            continue;
        }
        run = cut[c] ? c : LBP_Undefined;
        seq[m] = c != LBP_Undefined && stand_in[c] ? stand_in[c] : cp;
        bytes[m] = (uint32_t)n;
        cls[m++] = (unsigned char)run;
    }
    set_linebreaks_utf32(seq, m, lang, out);
    for (size_t j = 0, i = 0; j < m; i += bytes[j++]) {
        if (bytes[j] == 1)
            brks[i] = out[j];
        else
            spread(s, i, bytes[j], inner[cls[j]], out[j], brks);
    }
    free(seq);
    free(bytes);
    free(cls);
    free(out);
    return 0;
}
