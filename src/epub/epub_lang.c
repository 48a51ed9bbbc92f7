/* EPUB converter: the language and direction of a run of text inside a page
 * in another language — the converter's own words (labels, dates, made-up
 * datelines) in an Urdu page, a copyright line in Latin letters in a
 * Chinese one — so that a reader voices it right and the bidi algorithm
 * lays it out right (no ".Copyright" in a right-to-left page). */
#include "epub.h"
#include "util/utf8.h"
#include "newsprint/lang.h"

#include <string.h>

/* Languages whose usual script is not Latin (primary subtags). */
static int non_latin_script(const char *lang)
{
    static const char *const tags[] = {"zh", "ja", "ko", "el", "ru", "uk", "bg", "mk", "be",
                                       "ka", "hy", "th", "hi", "mr", "ne", "bn", "ta", "te",
                                       "kn", "ml", "gu", "pa", "si", "km", "lo", "my", "am"};
    if (!lang)
        return 0;
    if (np_lang_is_rtl(lang))
        return 1;
    for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
        if (np_lang_same_primary(lang, tags[i]))
            return 1;
    return 0;
}

/* Nothing but Latin letters, digits, punctuation and symbols? */
static int latin_only(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = np_utf8_decode(p + i, n - i, &cp);
        if (!len)
            return 0;
        /* Latin, Latin-1, Latin Extended A/B, IPA; general punctuation,
         * letterlike symbols, Latin Extended Additional */
        if (!(cp < 0x0250 || (cp >= 0x1E00 && cp < 0x1F00) || (cp >= 0x2000 && cp < 0x2150)))
            return 0;
        i += len;
    }
    return 1;
}

const char *ep_text_lang(const char *s, const char *page_lang)
{
    if (s && non_latin_script(page_lang) && latin_only(s))
        return EP_OWN_LANG;
    return page_lang;
}

void ep_start_in(ep_xw *x, const char *name, const char *lang, const char *dir,
                 const char *page_lang, const char *page_dir)
{
    ep_xw_start(x, name);
    if (lang && (!page_lang || strcmp(lang, page_lang) != 0))
        ep_xw_lang(x, lang, NULL);
    if (!dir)
        ep_xw_attr(x, "dir", "auto");
    else if (!page_dir || strcmp(dir, page_dir) != 0)
        ep_xw_attr(x, "dir", dir);
}

void ep_label(ep_xw *x, const char *name, const char *cls, const char *text,
              const char *page_lang, const char *page_dir)
{
    ep_start_in(x, name, EP_OWN_LANG, "ltr", page_lang, page_dir);
    ep_xw_attr(x, "class", cls);
    ep_xw_text(x, text);
    ep_xw_end(x);
}

/* The title is the item's own words (a headline, slugline or first
 * sentence: np_item_display_headline()), so it has the item's language;
 * when the item has no words at all, it is ours ("Picture"). */
const char *ep_art_lang(const ep_article *a)
{
    return a->our_headline ? EP_OWN_LANG : a->lang;
}

const char *ep_art_dir(const ep_article *a)
{
    return a->our_headline ? "ltr" : a->dir;
}

const char *ep_lang_dir(const char *lang)
{
    return np_lang_is_rtl(lang) ? "rtl" : "ltr";
}

/* Keys as np_sections_build() makes them ("day:2026-11-16", "other"). */
const char *ep_section_lang(const ep_plan *p, size_t s)
{
    const char *key = p->sections.v[s].key;
    if (key && (!strncmp(key, "day:", 4) || !strcmp(key, "other")))
        return EP_OWN_LANG;
    return p->lang;
}
