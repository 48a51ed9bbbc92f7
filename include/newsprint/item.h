/* newsprint — the article model shared by every converter.
 *
 * One np_item is one NewsML-G2 item (news item, picture item or package).
 * Everything an item points to lives in the item's arena and goes with one
 * np_item_free().  All strings are valid UTF-8, NUL-terminated, whitespace
 * already normalised where the element is metadata (headline, names...).
 * A NULL string means "absent"; lists are singly linked through `next`. */
#ifndef NEWSPRINT_ITEM_H
#define NEWSPRINT_ITEM_H

#include "newsprint/export.h"

#include <stddef.h>
#include <stdint.h>
#include "time.h" /* np_time */

#ifdef __cplusplus
extern "C" {
#endif

typedef struct np_arena np_arena;

/* ---- body: blocks holding inline runs -------------------------------- */

typedef enum np_inline_kind {
    NP_INL_TEXT,   /* text */
    NP_INL_EM,     /* children */
    NP_INL_STRONG, /* children */
    NP_INL_LINK,   /* children, href */
    NP_INL_BREAK   /* hard line break */
} np_inline_kind;

typedef struct np_inline {
    np_inline_kind kind;
    const char *text;           /* NP_INL_TEXT only */
    const char *href;           /* NP_INL_LINK only (may be NULL) */
    struct np_inline *children; /* EM, STRONG, LINK */
    struct np_inline *next;
} np_inline;

typedef enum np_block_kind {
    NP_BLK_PARA,    /* leaf: inl */
    NP_BLK_HEADING, /* leaf: inl, level 1..6 (1 = most important subhead) */
    NP_BLK_LIST,    /* children are NP_BLK_ITEM; `ordered` */
    NP_BLK_ITEM,    /* children are blocks */
    NP_BLK_QUOTE,   /* children are blocks; `credit` = attribution if given */
    NP_BLK_FIGURE,  /* src, alt, width/height, caption (inl), credit */
    NP_BLK_TABLE,   /* children are NP_BLK_ROW; caption (inl) may be set */
    NP_BLK_ROW,     /* children are NP_BLK_CELL */
    NP_BLK_CELL,    /* leaf: inl; `header` for th */
    NP_BLK_RULE,    /* horizontal rule */
    NP_BLK_PRE      /* leaf: inl, preformatted (line breaks kept as NP_INL_BREAK) */
} np_block_kind;

typedef struct np_block {
    np_block_kind kind;
    int level;              /* HEADING */
    int ordered;            /* LIST */
    int header;             /* CELL: a header cell */
    np_inline *inl;         /* PARA, HEADING, CELL, PRE; FIGURE/TABLE: caption */
    struct np_block *children;
    struct np_block *next;
    const char *src;        /* FIGURE: image reference as written (untrusted!) */
    const char *alt;        /* FIGURE */
    const char *credit;     /* FIGURE, QUOTE */
    int width, height;      /* FIGURE: pixels if known, else 0 */
    const char *lang;       /* xml:lang/lang on the block if it differs, else NULL */
    const char *dir;        /* "rtl"/"ltr" if given on the block, else NULL */
    long line;              /* source line, for messages */
    int seq;                /* FIGURE of a parked or reloaded body: 1, 2... in
                             * document order (np_body_outline.figures[seq-1]);
                             * 0 otherwise */
} np_block;

/* What a converter plans with, taken from a body once, so that the body
 * itself can be parked out of memory (newsprint/park.h) until it is
 * written. */
typedef struct np_body_outline {
    int has_words;              /* np_item_has_body_words() */
    int has_text;               /* some text, a credit or a picture's alt text */
    int top_heading;            /* the most important heading level, 0 when none */
    const np_block *first_para; /* the first paragraph with inlines (also in
                                 * lists and quotes), or NULL; NULL too in a
                                 * compacted item with a summary (park.h) */
    const np_block **figures;   /* every figure block, in document order */
    size_t nfigures;
    const char **langs;         /* blocks' own xml:lang, as written, in order */
    size_t nlangs;
} np_body_outline;

/* ---- metadata --------------------------------------------------------- */

/* A name or text with the language and role it was given in. */
typedef struct np_text {
    const char *text;
    const char *lang; /* xml:lang, or NULL */
    const char *role; /* e.g. "hlrole:main", "drol:summary", or NULL */
    struct np_text *next;
} np_text;

/* A concept: subject, genre, provider, located place, signal... */
typedef struct np_concept {
    const char *qcode;   /* e.g. "medtop:04000000", or NULL */
    const char *uri;     /* or NULL */
    const char *literal; /* or NULL */
    const char *type;    /* e.g. "cpnat:abstract", or NULL */
    const char *role;    /* e.g. "crole:author", or NULL */
    np_text *names;      /* every <name>, in document order */
    struct np_concept *broader; /* located/subject hierarchy (first broader only chain) */
    struct np_concept *next;
} np_concept;

typedef struct np_rights {
    const char *holder;      /* copyrightHolder name or literal */
    const char *notice;      /* copyrightNotice */
    const char *usage_terms; /* usageTerms */
} np_rights;

/* A picture or other rendition (remoteContent). */
typedef struct np_rendition {
    const char *href;        /* as written (untrusted!) */
    const char *residref;
    const char *contenttype; /* e.g. "image/jpeg" */
    const char *rendition;   /* e.g. "rnd:highRes" */
    int width, height;       /* 0 if unknown */
    long size;               /* bytes, 0 if unknown */
    struct np_rendition *next;
} np_rendition;

/* An itemMeta/link or a package itemRef. */
typedef struct np_link {
    const char *rel;         /* e.g. "irel:seeAlso", "irel:associatedWith" */
    const char *href;
    const char *residref;    /* guid of the linked item */
    const char *version;
    const char *contenttype;
    const char *title;       /* title or itemRef headline */
    const char *description; /* itemRef description (caption/summary) */
    struct np_link *next;
} np_link;

/* A package group: name (section name) and its item refs in order. */
typedef struct np_group {
    const char *id;
    const char *role;
    const char *name;      /* <name> or the role's text: the section title */
    np_link *refs;         /* itemRef, in order */
    struct np_group *next; /* groups in document order, root first */
} np_group;

typedef enum np_item_class {
    NP_CLASS_TEXT = 0,  /* ninat:text and anything unknown with a body */
    NP_CLASS_PICTURE,
    NP_CLASS_GRAPHIC,
    NP_CLASS_VIDEO,
    NP_CLASS_AUDIO,
    NP_CLASS_COMPOSITE,
    NP_CLASS_PACKAGE
} np_item_class;

typedef enum np_pubstatus {
    NP_PUB_USABLE = 0, /* default when absent */
    NP_PUB_WITHHELD,
    NP_PUB_CANCELED
} np_pubstatus;

typedef struct np_item {
    np_arena *arena;

    /* where it came from */
    const char *source;   /* file name as given (or "-" / "<stdin>") */
    long line;            /* line of the item's root element */
    int index;            /* 0-based position of the item within its file */

    /* identity and status */
    const char *guid;
    long version;         /* 1 when absent */
    const char *item_class_qcode;
    np_item_class item_class;
    np_pubstatus pubstatus;
    np_concept *signals;  /* sig:correction, sig:update... */
    int is_correction;    /* a signal says correction (or version > 1 with sig:update) */
    const char *ednote;
    np_concept *provider; /* provider (NULL if absent) */
    np_rights rights;

    /* times */
    np_time first_created;
    np_time version_created;
    np_time content_created;
    np_time embargoed;     /* valid only when an embargo is set */
    int embargo_unknown;   /* <embargoed> empty or unreadable: held until
                            * a version says when it may go */

    /* language: `lang` from <language tag> or the root's xml:lang */
    const char *lang;
    const char *dir;       /* "rtl", "ltr" or NULL (unknown) */

    /* text metadata */
    np_text *headlines;    /* every headline with role and lang */
    const char *headline;  /* main headline (role main, or the first) */
    const char *subheadline; /* role subheadline/sub, else NULL */
    const char *slugline;
    np_concept *creators;    /* with role; names */
    const char *byline;      /* the body's own byline as written ("By Jane Doe, Staff
                              * Reporter"), when there is no creator or it names them all */
    np_concept *contributors;
    const char *dateline;
    np_concept *located;     /* first located, with broader chain */
    np_text *descriptions;   /* every description with role */
    const char *summary;     /* description role summary (or no role) */
    const char *caption;     /* description role caption */
    const char *creditline;
    np_concept *subjects;
    np_concept *genres;
    np_text *keywords;
    int urgency;             /* 1 (highest)..9, 0 when absent */
    np_link *links;          /* itemMeta/link: associated pictures etc. */

    /* content */
    np_block *body;          /* NULL when there is no text body, or parked */
    np_arena *body_arena;    /* the body's storage when apart from `arena` */
    struct np_parked *parked;/* where the body is parked (park.h), or NULL */
    np_body_outline *outline;/* np_item_body_outline()'s, once taken */
    const char *body_type;   /* content type the body was taken from */
    np_rendition *renditions;/* picture/graphic/video items */

    /* packages */
    np_group *groups;        /* packageItem groupSet, NULL otherwise */
} np_item;

/* Free an item and everything it owns.  NULL is fine. */
NP_EXPORT void np_item_free(np_item *item);

/* Convenience: a concept's display name in language `lang` (prefix match,
 * "en" matches "en-GB"), else the first name, else literal, else qcode. */
NP_EXPORT const char *np_concept_name(const np_concept *c, const char *lang);

/* Count words of the body as a reader would: by Unicode word boundaries
 * (UAX #29), so Chinese, Japanese and Thai text counts its words, not its
 * space-separated runs; punctuation is no word. */
NP_EXPORT size_t np_item_word_count(const np_item *item);

/* Does the body hold at least one word?  An alert with only a headline, a
 * picture item or a dateline with no text has none: such an item is never
 * the lead or a front-page story. */
NP_NODISCARD NP_EXPORT int np_item_has_body_words(const np_item *item);

/* The headline every output shows: the headline, else the slugline, else
 * the first sentence of the body (shortened to about 100 bytes with an
 * ellipsis), else that of the caption or summary, else for a picture,
 * graphic, video or audio item with no text at all what it is ("Picture");
 * otherwise NULL.  The string lives as long as the item (a sentence is
 * copied into the item's arena on every call: call it once per output, and
 * not from two threads on one item at a time). */
NP_EXPORT const char *np_item_display_headline(const np_item *item);
/* The same; *ours (when not NULL) is set to 1 when the headline is the
 * converter's own English word for what the item is ("Picture"), not the
 * item's words (a page in another language marks it as English). */
NP_EXPORT const char *np_item_display_headline_ours(const np_item *item, int *ours);

/* Does an inline run hold any visible text (not only spaces, tabs and
 * line ends)? */
NP_EXPORT int np_inlines_have_text(const np_inline *in);

/* Has the item a body (in memory or parked)? */
NP_EXPORT int np_item_has_body(const np_item *item);

/* The body's outline: taken on the first call (or when the body was
 * parked) and kept in the item; its blocks point into the body, or into
 * the item's own copies once the body is parked.  Not from two threads on
 * one item at a time. */
NP_EXPORT const np_body_outline *np_item_body_outline(const np_item *item);

/* Append all body text, blocks separated by "\n\n", to `out` (UTF-8). */
struct np_buf;
NP_EXPORT void np_item_body_text(const np_item *item, struct np_buf *out);

#ifdef __cplusplus
}
#endif
#endif
