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
 *   - In a run of three or more characters of one "plain" class (letters,
 *     digits, ideographs...: any class that goes through the pair table
 *     and leaves its state as (this class, after this class)), every
 *     character after the first meets the same state; so the run can be
 *     cut to its first and last characters, and the break after the first
 *     stands for every break inside the run.
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

static int named_by_a_language(uint32_t cp)
{
    for (const struct LineBreakPropertiesLang *m = lb_prop_lang_map; m->lang; m++)
        for (const struct LineBreakProperties *p = m->lbp; p->prop != LBP_Undefined; p++)
            if (cp >= p->start && cp <= p->end)
                return 1;
    return 0;
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
}

/* Classes whose runs may be cut short (see above): not the ones
 * libunibreak treats before its pair table (spaces, line ends, contingent
 * breaks), nor combining marks (which may leave its state as it was). */
static int plain(int cls)
{
    return cls != LBP_Undefined && cls != LBP_CM && cls != LBP_SP && cls != LBP_BK &&
           cls != LBP_CR && cls != LBP_LF && cls != LBP_NL && cls != LBP_CB;
}

int lt_unibreak(const char *text, size_t len, const char *lang, char *brks)
{
    if (len == 0)
        return 0;
    pthread_once(&once, init);
    const unsigned char *s = (const unsigned char *)text;
    /* seq: the characters given to libunibreak; span[j]: how many
     * characters of the text seq[j] stands for */
    uint32_t *seq = malloc(len * sizeof *seq);
    uint32_t *span = malloc(len * sizeof *span);
    char *out = malloc(len);
    if (!seq || !span || !out) {
        free(seq);
        free(span);
        free(out);
        return -1;
    }
    size_t m = 0;
    int run_cls = LBP_Undefined; /* class of the run ending at seq[m - 1] */
    size_t run_len = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        if (s[i] < 0x80) {
            cp = s[i++];
        } else {
            i += lt_utf8_next(s + i, len - i, &cp);
            if (cp == LT_BAD_CP)
                cp = 'x';
            else if (cp == EOS)
                cp = 0xFFFD;
        }
        int cls = cp < BMP ? bmp_class[cp] : LBP_Undefined;
        if (cls != LBP_Undefined && stand_in[cls])
            cp = stand_in[cls];
        if (plain(cls) && cls == run_cls) {
            run_len++;
            if (run_len > 2) {
                /* the last character moves up; the one before joins the
                 * characters that the first one stands for */
                span[m - 2]++;
                continue;
            }
        } else {
            run_cls = cls;
            run_len = 1;
        }
        seq[m] = cp;
        span[m++] = 1;
    }
    set_linebreaks_utf32(seq, m, lang, out);
    /* each character of the text takes its stand-in's break, on its last
     * byte; the bytes before that are inside it */
    size_t i = 0;
    for (size_t j = 0; j < m; j++) {
        for (uint32_t k = 0; k < span[j]; k++) {
            size_t n = 1;
            if (s[i] >= 0x80) {
                uint32_t cp;
                n = lt_utf8_next(s + i, len - i, &cp);
            }
            for (size_t b = 1; b < n; b++)
                brks[i++] = LINEBREAK_INSIDEACHAR;
            brks[i++] = out[j];
        }
    }
    free(seq);
    free(span);
    free(out);
    return 0;
}
