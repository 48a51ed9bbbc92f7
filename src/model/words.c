/* Words and sentences of UTF-8 text with ICU's break iterators: counting
 * space-separated runs gives a 600-character Chinese story 6 words. */
#include "words.h"

#include <unicode/ubrk.h>
#include <unicode/utext.h>

/* An ICU break iterator of `type` over the UTF-8 text, or NULL. */
static UBreakIterator *open_breaks(UBreakIteratorType type, UText **ut, const char *text,
                                   size_t len)
{
    UErrorCode st = U_ZERO_ERROR;
    if (len > (size_t)INT32_MAX)
        return NULL;
    *ut = utext_openUTF8(NULL, text, (int64_t)len, &st);
    if (U_FAILURE(st))
        return NULL;
    UBreakIterator *bi = ubrk_open(type, "", NULL, 0, &st);
    if (U_SUCCESS(st))
        ubrk_setUText(bi, *ut, &st);
    if (U_FAILURE(st)) {
        ubrk_close(bi);
        utext_close(*ut);
        *ut = NULL;
        return NULL;
    }
    return bi;
}

size_t np_count_words(const char *text, size_t len)
{
    if (!text || !len)
        return 0;
    UText *ut = NULL;
    UBreakIterator *bi = open_breaks(UBRK_WORD, &ut, text, len);
    if (!bi)
        return 0;
    size_t words = 0;
    ubrk_first(bi);
    while (ubrk_next(bi) != UBRK_DONE)
        if (ubrk_getRuleStatus(bi) != UBRK_WORD_NONE) /* letters, numbers, kana, ideographs */
            words++;
    ubrk_close(bi);
    utext_close(ut);
    return words;
}

size_t np_first_sentence_len(const char *text, size_t len)
{
    if (!text || !len)
        return 0;
    UText *ut = NULL;
    UBreakIterator *bi = open_breaks(UBRK_SENTENCE, &ut, text, len);
    size_t end = len;
    if (bi) {
        ubrk_first(bi);
        int32_t b = ubrk_next(bi); /* UTF-8 UText: indexes are byte offsets */
        if (b != UBRK_DONE && b > 0 && (size_t)b < len)
            end = (size_t)b;
        ubrk_close(bi);
        utext_close(ut);
    }
    while (end && (text[end - 1] == ' ' || text[end - 1] == '\n' || text[end - 1] == '\t' ||
                   text[end - 1] == '\r'))
        end--;
    return end;
}
