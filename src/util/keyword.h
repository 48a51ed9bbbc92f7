/* Option values named by keywords ("day", "iptc7901"...).  Private. */
#ifndef NP_KEYWORD_H
#define NP_KEYWORD_H

/* The index of `s` in `words` (ends at NULL), or -1 when `s` is NULL or
 * not one of them.  Matching is exact. */
int np_keyword_index(const char *s, const char *const *words);

#endif
