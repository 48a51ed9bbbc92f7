/* Words and sentences of UTF-8 text, by Unicode rules (ICU).  Private. */
#ifndef NP_WORDS_H
#define NP_WORDS_H

#include <stddef.h>
#include <stdint.h>

/* Words of `text` (len bytes of UTF-8), per script: UAX #29 word
 * boundaries split Chinese, Japanese and Thai text by ICU's dictionaries
 * ("今天天气很好" counts several words, not one); in scripts written with
 * spaces a word is a space-separated run holding a letter or digit
 * ("storm-surge" is one word, a lone dash none). */
size_t np_count_words(const char *text, size_t len);
/* np_count_words(text, len) > 0, without going past the first word. */
int np_has_words(const char *text, size_t len);

/* Is `c` a letter or digit of a script that separates words with spaces
 * (not Chinese, Japanese kana, Thai, Lao, Khmer, Myanmar)? */
int np_is_spaced_word_char(uint32_t c);

/* Length in bytes of the first sentence of `text` (UAX #29 sentence
 * boundaries), trailing spaces not included; 0 for empty text. */
size_t np_first_sentence_len(const char *text, size_t len);

#endif
