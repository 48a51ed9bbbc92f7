/* Words and sentences of UTF-8 text with ICU's break iterators: counting
 * space-separated runs gives a 600-character Chinese story 6 words. */
#include "words.h"
#include "util/utf8.h"

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>

int np_is_spaced_word_char(uint32_t c)
{
    if (!u_isalnum((UChar32)c))
        return 0;
    UErrorCode st = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript((UChar32)c, &st);
    return !(sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA ||
             sc == USCRIPT_THAI || sc == USCRIPT_LAO || sc == USCRIPT_KHMER ||
             sc == USCRIPT_MYANMAR);
}

static uint32_t cp_at(const char *text, size_t len, size_t at)
{
    uint32_t cp = 0;
    if (at < len && !np_utf8_decode((const unsigned char *)text + at, len - at, &cp))
        cp = 0;
    return cp;
}

/* Is there whitespace in text[from, to)? */
static int has_space(const char *text, size_t len, size_t from, size_t to)
{
    for (size_t i = from; i < to && i < len;) {
        uint32_t cp = cp_at(text, len, i);
        if (u_isUWhiteSpace((UChar32)cp) || text[i] == ' ' || text[i] == '\n' || text[i] == '\t')
            return 1;
        size_t step = 1;
        while (i + step < len && ((unsigned char)text[i + step] & 0xc0) == 0x80)
            step++;
        i += step;
    }
    return 0;
}

/* An ICU break iterator over UTF-8 text (indexes are byte offsets). */
typedef struct breaks {
    UText *ut;
    UBreakIterator *bi;
} breaks;

/* Breaks of `type` over text[0, len): 0, or -1 for empty or too long text
 * or an ICU failure (nothing to close then). */
static int breaks_open(breaks *b, UBreakIteratorType type, const char *text, size_t len)
{
    UErrorCode st = U_ZERO_ERROR;
    b->ut = NULL;
    b->bi = NULL;
    if (!text || !len || len > (size_t)INT32_MAX)
        return -1;
    b->ut = utext_openUTF8(NULL, text, (int64_t)len, &st);
    if (U_FAILURE(st))
        return -1;
    b->bi = ubrk_open(type, "", NULL, 0, &st);
    if (U_SUCCESS(st))
        ubrk_setUText(b->bi, b->ut, &st);
    if (U_FAILURE(st)) {
        ubrk_close(b->bi);
        utext_close(b->ut);
        return -1;
    }
    return 0;
}

static void breaks_close(breaks *b)
{
    ubrk_close(b->bi);
    utext_close(b->ut);
}

size_t np_count_words(const char *text, size_t len)
{
    breaks br;
    if (breaks_open(&br, UBRK_WORD, text, len) < 0)
        return 0;
    UBreakIterator *bi = br.bi;
    size_t words = 0, prev_end = 0;
    int prev_spaced = 0; /* the last word counted is in a script with spaces */
    int32_t start = ubrk_first(bi), end;
    for (; (end = ubrk_next(bi)) != UBRK_DONE; start = end) {
        if (ubrk_getRuleStatus(bi) == UBRK_WORD_NONE) /* spaces, punctuation */
            continue;
        int spaced = np_is_spaced_word_char(cp_at(text, len, (size_t)start));
        /* "storm-surge", "U.S.": one word in a script written with spaces */
        int joined = spaced && prev_spaced && !has_space(text, len, prev_end, (size_t)start);
        if (!joined)
            words++;
        prev_spaced = spaced;
        prev_end = (size_t)end;
    }
    breaks_close(&br);
    return words;
}

int np_has_words(const char *text, size_t len)
{
    /* an ASCII letter or digit is in a word whatever surrounds it (UAX #29:
     * ALetter or Numeric); opening a break iterator costs more than most
     * bodies take to reach their first one */
    for (size_t i = 0; text && i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            return 1;
    }
    breaks br;
    if (breaks_open(&br, UBRK_WORD, text, len) < 0)
        return 0;
    int found = 0;
    ubrk_first(br.bi);
    while (!found && ubrk_next(br.bi) != UBRK_DONE)
        found = ubrk_getRuleStatus(br.bi) != UBRK_WORD_NONE;
    breaks_close(&br);
    return found;
}

size_t np_first_sentence_len(const char *text, size_t len)
{
    if (!text || !len)
        return 0;
    size_t end = len;
    breaks br;
    if (breaks_open(&br, UBRK_SENTENCE, text, len) == 0) {
        ubrk_first(br.bi);
        int32_t b = ubrk_next(br.bi);
        if (b != UBRK_DONE && b > 0 && (size_t)b < len)
            end = (size_t)b;
        breaks_close(&br);
    }
    while (end && (text[end - 1] == ' ' || text[end - 1] == '\n' || text[end - 1] == '\t' ||
                   text[end - 1] == '\r'))
        end--;
    return end;
}
