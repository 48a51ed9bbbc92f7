/* Words and sentences of UTF-8 text, by Unicode rules (ICU).  Private. */
#ifndef NP_WORDS_H
#define NP_WORDS_H

#include <stddef.h>

/* Words of `text` (len bytes of UTF-8) as UAX #29 word boundaries give
 * them: runs of letters, digits or ideographs; punctuation and spaces are
 * no words.  Chinese, Japanese and Thai text is split by ICU's
 * dictionaries, so "今天天气很好" counts several words, not one.  Invalid
 * UTF-8 counts as replacement characters. */
size_t np_count_words(const char *text, size_t len);

/* Length in bytes of the first sentence of `text` (UAX #29 sentence
 * boundaries), trailing spaces not included; 0 for empty text. */
size_t np_first_sentence_len(const char *text, size_t len);

#endif
