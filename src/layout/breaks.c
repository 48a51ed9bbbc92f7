/* Break candidates of a paragraph.
 *
 * The paragraph is turned into a list of break candidates.  Between two
 * candidates lies material of known width (measured with the caller's
 * function); at a candidate there may be glue (the spaces at the
 * opportunity, which vanish at a break) or nothing (a zero-width
 * opportunity such as after a hyphen or between ideographs), or it may be a
 * hyphenation point inside a word (a flagged penalty that adds the width of
 * "-").  Cumulative sums of width, stretch and shrink up to each candidate
 * make the natural width of any line a subtraction.
 *
 * Opportunities come from libunibreak (UAX #14), computed once for the
 * whole paragraph.  A piece with no opportunity that is wider than the
 * narrowest line (a long URL, a 400-letter "word", a run of emoji) gets
 * overflow breaks at its grapheme cluster boundaries, so that no line has to
 * be squeezed: words are broken with a hyphen, URLs and paths preferably
 * after '/', '.', '?', '&' and the like, without one. */
#include "layout_priv.h"

#include <linebreak.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

/* Stretch given to a zero-width opportunity between two wide (CJK)
 * characters, as a fraction of the preceding character's width. */
#define CJK_STRETCH 0.25
/* Penalties of overflow breaks: inside a word, and in a URL after one of
 * its separators. */
#define OVERFLOW_PENALTY 900.0
#define URL_PENALTY 300.0
/* A grapheme cluster longer than this (a flood of combining marks) may be
 * broken anyway. */
#define MAX_CLUSTER 32
/* Pieces longer than this get overflow breaks at wider intervals. */
#define THIN_BYTES 4096

/* Spaces that vanish at a line break (UAX #14 classes SP and the space
 * separators of class BA). */
static int is_break_space(uint32_t cp)
{
    return cp == 0x20 || cp == 0x09 || cp == 0x3000 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x2006) || (cp >= 0x2008 && cp <= 0x200A) || cp == 0x205F;
}

/* Characters of the mandatory-break classes BK, CR, LF, NL. */
static int is_newline(uint32_t cp)
{
    return (cp >= 0x0A && cp <= 0x0D) || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

/* Inline: called once per word; growing is the rare case. */
static inline lt_cand *new_cand(lt_ctx *x)
{
    if (x->m + 2 > x->cap &&
        np_grow_array((void **)&x->c, &x->cap, x->m + 2, 16, sizeof *x->c))
        return NULL;
    lt_cand *c = &x->c[++x->m];
    /* every caller sets the ends and the sums (set_before, set_after);
     * the rest starts at zero */
    c->extra = c->penalty = 0.0;
    c->must = c->hyphen = c->flagged = 0;
    return c;
}

/* Primary language subtag for libunibreak ("zh-Hant-TW" -> "zh"). */
static const char *lb_lang(const char *lang, char *buf, size_t size)
{
    size_t n = 0;
    if (!lang)
        return NULL;
    while (n + 1 < size && ((lang[n] >= 'a' && lang[n] <= 'z') || (lang[n] >= 'A' && lang[n] <= 'Z'))) {
        buf[n] = (char)(lang[n] | 0x20);
        n++;
    }
    buf[n] = '\0';
    return n ? buf : NULL;
}

static int ascii_prefix_ci(const char *s, size_t n, const char *pre)
{
    size_t k = strlen(pre);
    if (n < k)
        return 0;
    for (size_t i = 0; i < k; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c | 0x20);
        if (c != pre[i])
            return 0;
    }
    return 1;
}

static int url_start(const char *s, size_t n)
{
    static const char *const pre[] = {"http://", "https://", "ftp://", "mailto:", "www."};
    for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++)
        if (ascii_prefix_ci(s, n, pre[i]))
            return 1;
    return 0;
}

static int is_alnum_ascii(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Where a URL may begin at the earliest: every prefix holds ':' (at most
 * 6 bytes after its start) or is "www." (its '.' 3 bytes after); `len` if
 * the text holds neither. */
static size_t first_url_start(const char *s, size_t len)
{
    const char *colon = memchr(s, ':', len);
    size_t q = colon ? (size_t)(colon - s) : len;
    for (const char *d = memchr(s, '.', q); d; d = memchr(d + 1, '.', (size_t)(s + q - d - 1))) {
        size_t k = (size_t)(d - s);
        if (k >= 3 && ascii_prefix_ci(s + k - 3, 4, "www.")) {
            q = k;
            break;
        }
    }
    return q == len ? len : q > 6 ? q - 6 : 0;
}

/* Keep URLs whole: no break opportunities inside "http://...", "www...."
 * and the like (up to the next space; trailing punctuation stays
 * breakable after). */
static void protect_urls(const char *text, size_t len, char *brks)
{
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = first_url_start(text, len); i < len; i++) {
        unsigned char c = s[i] | 0x20; /* every prefix starts with h, f, m or w */
        if ((c != 'h' && c != 'f' && c != 'm' && c != 'w') ||
            (i > 0 && (is_alnum_ascii(s[i - 1]) || s[i - 1] >= 0x80)) || !url_start(text + i, len - i))
            continue;
        size_t e = i;
        while (e < len && s[e] > 0x20 && s[e] != '"' && s[e] != '<' && s[e] != '>' && s[e] != 0x7F)
            e++;
        size_t end = e;
        while (end > i && strchr(".,;:!?)]}'", s[end - 1]))
            end--;
        for (size_t k = i; k + 1 < end; k++)
            if (brks[k] == LINEBREAK_ALLOWBREAK)
                brks[k] = LINEBREAK_NOBREAK;
        i = e;
    }
}

/* A URL, path or address (broken without hyphens): holds '/', '@' or
 * "www.". */
static int is_path_like(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '/' || s[i] == '@' || (i + 4 <= n && ascii_prefix_ci(s + i, n - i, "www.")))
            return 1;
    return 0;
}

static int is_url_separator(uint32_t cp)
{
    return cp == '/' || cp == '.' || cp == '?' || cp == '&' || cp == '=' || cp == '-' ||
           cp == '_' || cp == '#' || cp == '~' || cp == ':' || cp == '@';
}

/* Does `cp` belong to the grapheme cluster of the character before it
 * (`prev`)?  Extended grapheme clusters of UAX #29, simplified: marks,
 * ZWJ sequences, Hangul syllable sequences. */
static int continues_cluster(uint32_t prev, uint32_t cp)
{
    if (cp == LT_BAD_CP || prev == LT_BAD_CP)
        return 0;
    if (cp < 0x300)
        return 0; /* nothing below the combining marks extends a cluster */
    int g = u_getIntPropertyValue((UChar32)cp, UCHAR_GRAPHEME_CLUSTER_BREAK);
    if (g == U_GCB_EXTEND || g == U_GCB_SPACING_MARK || g == U_GCB_ZWJ)
        return 1;
    int p = u_getIntPropertyValue((UChar32)prev, UCHAR_GRAPHEME_CLUSTER_BREAK);
    if (p == U_GCB_ZWJ || p == U_GCB_PREPEND)
        return 1;
    if (p == U_GCB_L)
        return g == U_GCB_L || g == U_GCB_V || g == U_GCB_LV || g == U_GCB_LVT;
    if (p == U_GCB_LV || p == U_GCB_V)
        return g == U_GCB_V || g == U_GCB_T;
    if (p == U_GCB_LVT || p == U_GCB_T)
        return g == U_GCB_T;
    return 0;
}

/* May an overflow break fall between `before` and `cp`?  Not before
 * closing punctuation, stops, commas and other non-starters, nor after
 * opening punctuation (UAX #14 classes CL, CP, EX, IS, NS, GL and OP). */
static int overflow_break_ok(uint32_t before, uint32_t cp)
{
    if (cp == LT_BAD_CP || before == LT_BAD_CP)
        return 1;
    int c = u_getIntPropertyValue((UChar32)cp, UCHAR_LINE_BREAK);
    if (c == U_LB_CLOSE_PUNCTUATION || c == U_LB_CLOSE_PARENTHESIS || c == U_LB_EXCLAMATION ||
        c == U_LB_INFIX_NUMERIC || c == U_LB_NONSTARTER || c == U_LB_GLUE)
        return 0;
    int b = u_getIntPropertyValue((UChar32)before, UCHAR_LINE_BREAK);
    return b != U_LB_OPEN_PUNCTUATION && b != U_LB_GLUE;
}

/* Running sums of width, stretch and shrink. */
typedef struct sums {
    double w, y, z;
} sums;

static void set_before(lt_cand *c, const sums *S)
{
    c->wb = S->w;
    c->yb = S->y;
    c->zb = S->z;
}

static void set_after(lt_cand *c, const sums *S)
{
    c->wa = S->w;
    c->ya = S->y;
    c->za = S->z;
}

/* Breaks at every grapheme cluster boundary of text[fa..fb) (where UAX #14
 * allows one between the characters); `hyphens`: a hyphen is drawn at
 * breaks between two letters. */
static int add_cluster_breaks(lt_ctx *x, sums *S, size_t fa, size_t fb, int hyphens,
                              double narrowest)
{
    /* a huge "word" (megabytes of one letter) gets a break only every
     * quarter line or so: memory stays in proportion to the lines */
    double step = fb - fa > THIN_BYTES ? narrowest / 4 : 0;
    const unsigned char *s = (const unsigned char *)x->text;
    uint32_t prev, base;
    size_t k = fa + lt_utf8_next(s + fa, fb - fa, &prev), from = fa, run = 0;
    base = prev;
    while (k < fb) {
        uint32_t cp;
        size_t n = lt_utf8_next(s + k, fb - k, &cp);
        if (run < MAX_CLUSTER && (continues_cluster(prev, cp) || !overflow_break_ok(prev, cp))) {
            run++;
        } else if (step > 0 && lt_measure(x, from, k) < step) {
            run = 0; /* a boundary, but too close to the last break */
        } else {
            S->w += lt_measure(x, from, k);
            lt_cand *c = new_cand(x);
            if (!c)
                return -1;
            c->end = c->next = k;
            c->penalty = OVERFLOW_PENALTY;
            c->hyphen = hyphens && lt_is_letter(base) && lt_is_letter(cp) && !lt_is_wide(base) &&
                        !lt_is_wide(cp);
            c->extra = c->hyphen ? x->hyw : 0.0;
            set_before(c, S);
            set_after(c, S);
            from = k;
            base = cp;
            run = 0;
        }
        prev = cp;
        k += n;
    }
    S->w += lt_measure(x, from, fb);
    return 0;
}

/* A stretch of a URL between two of its separators: cluster breaks only
 * when it is wider than a line itself. */
static int add_url_stretch(lt_ctx *x, sums *S, size_t fa, size_t fb, double narrowest)
{
    double w = lt_measure(x, fa, fb);
    if (w > narrowest * (1 + 1e-9) && fb - fa > 1)
        return add_cluster_breaks(x, S, fa, fb, 0, narrowest);
    S->w += w;
    return 0;
}

/* Overflow breaks inside text[fa..fb), a fragment wider than the narrowest
 * line.  URLs and paths break after their separators (then, if need be,
 * anywhere) without hyphens; other text at every grapheme cluster boundary,
 * with a hyphen between letters. */
static int add_overflow_breaks(lt_ctx *x, sums *S, size_t fa, size_t fb, double narrowest)
{
    if (!is_path_like(x->text + fa, fb - fa))
        return add_cluster_breaks(x, S, fa, fb, 1, narrowest);
    const unsigned char *s = (const unsigned char *)x->text;
    uint32_t prev;
    size_t k = fa + lt_utf8_next(s + fa, fb - fa, &prev), from = fa;
    while (k < fb) {
        uint32_t cp;
        size_t n = lt_utf8_next(s + k, fb - k, &cp);
        if (is_url_separator(prev) && !is_url_separator(cp) && overflow_break_ok(prev, cp)) {
            if (add_url_stretch(x, S, from, k, narrowest))
                return -1;
            lt_cand *c = new_cand(x);
            if (!c)
                return -1;
            c->end = c->next = k;
            c->penalty = URL_PENALTY;
            set_before(c, S);
            set_after(c, S);
            from = k;
        }
        prev = cp;
        k += n;
    }
    return add_url_stretch(x, S, from, fb, narrowest);
}

/* Width of the fragment text[fa..fb) added to the sums; a fragment wider
 * than the narrowest line gets overflow breaks. */
static int add_fragment(lt_ctx *x, sums *S, size_t fa, size_t fb, double narrowest)
{
    double w = lt_measure(x, fa, fb);
    if (w > narrowest * (1 + 1e-9) && fb - fa > 1)
        return add_overflow_breaks(x, S, fa, fb, narrowest);
    S->w += w;
    return 0;
}

/* Whether the character text[last..pos) and the one starting at `pos` are
 * both wide (East Asian Wide or Fullwidth). */
static int wide_pair(const lt_ctx *x, size_t last, size_t pos)
{
    const unsigned char *s = (const unsigned char *)x->text;
    if (pos >= x->len)
        return 0;
    uint32_t a, b;
    lt_utf8_next(s + last, pos - last, &a);
    lt_utf8_next(s + pos, x->len - pos, &b);
    return lt_is_wide(a) && lt_is_wide(b);
}

/* Hyphenation points of the paragraph: `hy` (len bytes) when kept in a
 * cache, filled in here unless `hy_ready`; else a scratch buffer `pts` per
 * word. */
typedef struct hyph_points {
    char *hy;
    int hy_ready;
    char *pts;
} hyph_points;

/* The points of the word text[seg..cend) (NULL if none). */
static const char *word_points(lt_ctx *x, hyph_points *h, size_t seg, size_t cend)
{
    if (!x->o->hyphenator || cend <= seg || cend - seg > HYPH_MAX_BYTES)
        return NULL;
    if (h->hy && h->hy_ready)
        return h->hy + seg;
    char *pts = h->hy ? h->hy + seg : h->pts;
    return np_hyphenate(x->o->hyphenator, x->text + seg, cend - seg, pts) ? pts : NULL;
}

/* The end of the content of s[seg..p): after its last character that is
 * neither a space nor a newline (seg if none).  Read backwards: a
 * character is a space only if it is a whole valid sequence, as reading
 * forwards from seg would find it. */
static size_t content_end(const unsigned char *s, size_t seg, size_t p)
{
    if (p - seg >= 2 && s[p - 1] == ' ' && s[p - 2] > ' ' && s[p - 2] < 0x80)
        return p - 1; /* most words: one space after a printable ASCII character */
    size_t k = p;
    while (k > seg) {
        unsigned char c = s[k - 1];
        if (c < 0x80) { /* ASCII: spaces, tabs and newlines are 0x09..0x0D, 0x20 */
            if (c != ' ' && (c < 0x09 || c > 0x0D))
                return k;
            k--;
            continue;
        }
        size_t j = k - 1;
        while (j > seg && k - j < 4 && (s[j] & 0xC0u) == 0x80u)
            j--;
        uint32_t cp;
        size_t n = lt_utf8_next(s + j, p - j, &cp);
        if (n != k - j || cp == LT_BAD_CP || (!is_break_space(cp) && !is_newline(cp)))
            return k;
        k = j;
    }
    return seg;
}

/* The opportunities (MUSTBREAK, ALLOWBREAK) are the values with bit 1
 * clear. */
_Static_assert(LINEBREAK_MUSTBREAK == 0 && LINEBREAK_ALLOWBREAK == 1 && LINEBREAK_NOBREAK == 2 &&
                   LINEBREAK_INSIDEACHAR == 3,
               "libunibreak's break values");

/* The first break opportunity in brks[i..len), or len: most bytes are
 * none, so eight at a time. */
static inline size_t next_opportunity(const char *brks, size_t i, size_t len)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; i + 8 <= len; i += 8) {
        uint64_t v;
        memcpy(&v, brks + i, 8);
        uint64_t m = ~v & 0x0202020202020202u;
        if (m)
            return i + (size_t)__builtin_ctzll(m) / 8;
    }
#endif
    while (i < len && (brks[i] & 2))
        i++;
    return i;
}

static int build_cands(lt_ctx *x, const char *brks, hyph_points *hp_, double narrowest)
{
    const unsigned char *s = (const unsigned char *)x->text;
    sums S = {0, 0, 0};
    size_t seg = 0;
    const int hyphenates = x->o->hyphenator != NULL;
    memset(&x->c[0], 0, sizeof x->c[0]);
    for (size_t i = next_opportunity(brks, 0, x->len); i < x->len;
         i = next_opportunity(brks, i + 1, x->len)) {
        size_t p = i + 1;
        int must = brks[i] == LINEBREAK_MUSTBREAK;
        size_t cend = content_end(s, seg, p);
        if (cend == seg && !must)
            continue; /* spaces only (leading spaces): part of the next piece */

        /* Hyphenation points inside the content. */
        size_t frag = seg;
        const char *pts = hyphenates ? word_points(x, hp_, seg, cend) : NULL;
        if (pts) {
            for (size_t k = 0; k + 1 < cend - seg; k++) {
                if (!pts[k])
                    continue;
                size_t hp = seg + k + 1;
                if (add_fragment(x, &S, frag, hp, narrowest))
                    return -1;
                lt_cand *c = new_cand(x);
                if (!c)
                    return -1;
                c->end = c->next = hp;
                set_before(c, &S);
                set_after(c, &S);
                c->extra = x->hyw;
                c->penalty = x->hpen;
                c->hyphen = c->flagged = 1;
                frag = hp;
            }
        }
        if (cend > frag && add_fragment(x, &S, frag, cend, narrowest))
            return -1;
        lt_cand *c = new_cand(x);
        if (!c)
            return -1;
        c->end = cend;
        c->next = p;
        set_before(c, &S);
        if (must) {
            c->must = 1;
            c->penalty = -INFINITY;
        } else if (p > cend) {
            double g = lt_measure(x, cend, p);
            S.w += g;
            S.y += g * x->stretch;
            S.z += g * x->shrink;
        } else {
            /* Zero-width opportunity. */
            uint32_t last = LT_BAD_CP;
            size_t lb = cend;
            if (cend > seg) {
                lb = cend - 1;
                while (lb > seg && (s[lb] & 0xC0u) == 0x80u && cend - lb < 4)
                    lb--;
                lt_utf8_next(s + lb, cend - lb, &last);
            }
            if (last == '-' || last == 0x2010) {
                c->penalty = x->hpen;
                c->flagged = 1;
            } else if (lb < cend && wide_pair(x, lb, cend)) {
                S.y += CJK_STRETCH * lt_measure(x, lb, cend);
            }
        }
        set_after(c, &S);
        seg = p;
    }
    return 0;
}

/* The narrowest of the first lines: pieces wider than it get overflow
 * breaks. */
static int narrowest_line(lt_ctx *x, double *out)
{
    double a, b;
    if (lt_line_width(x, 0, &a) || lt_line_width(x, 1, &b))
        return -1;
    *out = a < b ? a : b;
    return 0;
}

/* UAX #14 break opportunities of the paragraph into brks (len bytes). */
static int opportunities(const lt_ctx *x, char *brks)
{
    char lbuf[9];
    if (x->len == 0)
        return 0;
    if (lt_unibreak(x->text, x->len, lb_lang(x->o->lang, lbuf, sizeof lbuf), brks, x->ub))
        return -1;
    brks[x->len - 1] = LINEBREAK_MUSTBREAK; /* end of paragraph, even after a truncated sequence */
    if (!x->o->break_urls)
        protect_urls(x->text, x->len, brks);
    return 0;
}

int lt_candidates(lt_ctx *x)
{
    double narrowest;
    /* about one candidate per word to begin with */
    if (narrowest_line(x, &narrowest) ||
        np_grow_array((void **)&x->c, &x->cap, x->len / 6 + 2, 16, sizeof *x->c))
        return -1;
    hyph_points h = {NULL, 0, NULL};
    const char *brks = lt_cache_get(x->o->cache, x, &h.hy, &h.hy_ready);
    int rc = -1;
    if (!brks) {
        if (opportunities(x, x->brks))
            goto done;
        int failed;
        h.hy = lt_cache_put(x->o->cache, x, x->brks, &failed);
        if (failed)
            goto done;
        brks = x->brks;
    }
    if (x->o->hyphenator && !h.hy) {
        h.pts = malloc(HYPH_MAX_BYTES);
        if (!h.pts)
            goto done;
    }
    rc = build_cands(x, brks, &h, narrowest);
    if (rc == 0 && h.hy)
        lt_cache_hy_done(x->o->cache);
done:
    free(h.pts);
    return rc;
}
