/* Small libxml2 helpers shared by the reader and the body converter.  Private. */
#ifndef NP_XMLUTIL_H
#define NP_XMLUTIL_H

#include <libxml/tree.h>
#include "util/arena.h"

/* Local name of an element node, or "" */
const char *np_xml_name(const xmlNode *n);
/* Is `n` an element with local name `name`? */
int np_xml_is(const xmlNode *n, const char *name);
/* First element child named `name` (any namespace), or NULL */
xmlNode *np_xml_child(const xmlNode *n, const char *name);
/* The first element among the children of `n`, and the next element
 * after `n` among its siblings; NULL when there is none. */
const xmlNode *np_xml_first_elem(const xmlNode *n);
const xmlNode *np_xml_next_elem(const xmlNode *n);
/* Attribute value (no namespace) copied into the arena, whitespace trimmed; NULL if absent/empty */
char *np_xml_attr(np_arena *a, const xmlNode *n, const char *name);
/* xml:lang of the element itself (not inherited), or NULL */
char *np_xml_lang(np_arena *a, const xmlNode *n);
/* All descendant text, whitespace runs collapsed to one space, trimmed;
 * where a word-boundary element meets a word without a space
 * ("By<person>Jane</person>"), a space.  Iterative (no recursion).  NULL
 * when there is no text (whitespace only is no text). */
char *np_xml_text(np_arena *a, const xmlNode *n);
/* All descendant text as written (no whitespace changes), appended to
 * `out`; iterative.  Returns the number of bytes appended. */
struct np_buf;
size_t np_xml_raw_text(const xmlNode *n, struct np_buf *out);
/* Total length of the descendant text, without copying it. */
size_t np_xml_text_len(const xmlNode *n);
/* The first text node in the subtree (or n itself) longer than `max` bytes, or NULL. */
const xmlNode *np_xml_find_long_text(const xmlNode *n, size_t max);

/* Does the element's class attribute hold the word `word` (any case)? */
int np_xml_has_class(const xmlNode *n, const char *word);
/* Is `name` one of the NULL-terminated `list`? */
int np_xml_name_in(const char *name, const char *const *list);
/* Block-like elements (p, div, li, hl1, byline...): they start a block
 * when met inside a paragraph. */
int np_xml_is_blockish(const char *name);
/* Elements whose edges separate words: all but inline formatting (b, em,
 * a, span...): blocks, cells, br, and the elements that mark names,
 * places and dates (person, byttl, location, story.date, org...). */
int np_xml_is_word_boundary(const char *name);
/* Do the text at the end of `left` and the text at the start of `right`
 * (siblings) join two words, or a comma, semicolon or colon and a word,
 * with no space between them?  Letters and digits of scripts written
 * without spaces (Chinese, Japanese, Thai...) never count. */
int np_xml_words_meet(const xmlNode *left, const xmlNode *right);

/* Length of a control character at s (C0 other than tab/CR/LF, DEL, C1
 * U+0080..U+009F), or 0. */
size_t np_control_len(const char *s);
/* The core of np_collapse_ws() for text in pieces: in place, each run of
 * whitespace becomes one space and control characters go (with `bidi`,
 * the bidi embedding and isolate controls too); `*space` says, in and out,
 * that the last character kept was a space.  Returns the new end (not
 * terminated). */
char *np_squeeze_ws(char *s, int *space, int bidi);
/* Collapse whitespace, drop control characters and the bidi embedding,
 * override and isolate controls, and trim a string in place; returns s */
char *np_collapse_ws(char *s);

#endif
