/* Paragraph layout: UAX #14 break opportunities (libunibreak), hyphenation
 * (libhyphen), greedy first fit and Knuth–Plass total fit, display width.
 *
 * The paragraph is turned into a list of break candidates.  Between two
 * candidates lies material of known width (measured with the caller's
 * function); at a candidate there may be glue (the spaces at the
 * opportunity, which vanish at a break) or nothing (a zero-width
 * opportunity such as after a hyphen or between ideographs), or it may be a
 * hyphenation point inside a word (a flagged penalty that adds the width of
 * "-").  Cumulative sums of width, stretch and shrink up to each candidate
 * make the natural width of any line a subtraction; the final line widths
 * are measured again over the real text. */
#define _XOPEN_SOURCE 700 /* wcwidth() */
#include "newsprint/layout.h"
#include "util/utf8.h"
#include "newsprint/buf.h"

#include <hyphen.h>
#include <linebreak.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>
#include <wctype.h>

#define NONE ((size_t)-1)
#define BAD_CP 0xFFFFFFFFu

/* Knuth–Plass constants (Knuth & Plass 1981). */
#define KP_LINE_PENALTY 10.0
#define KP_FLAGGED_DEMERITS 3000.0
#define KP_FITNESS_DEMERITS 100.0
#define KP_FINAL_HYPHEN_DEMERITS 5000.0
#define KP_OVERFULL_BADNESS 10000.0
#define KP_MAX_ACTIVE 1000 /* more: lines of hundreds of pieces; greedy is used */
/* Stretch given to a zero-width opportunity between two wide (CJK)
 * characters, as a fraction of the preceding character's width. */
#define CJK_STRETCH 0.25

/* ---------------------------------------------------------------- UTF-8 */

/* Decode one code point; an invalid byte gives BAD_CP and length 1. */
static size_t utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
    size_t n = np_utf8_decode(s, len, cp);
    if (!n) {
        *cp = BAD_CP;
        return 1;
    }
    return n;
}

static size_t utf8_put(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

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

/* ------------------------------------------------------- one-time setup */

static pthread_once_t lb_once = PTHREAD_ONCE_INIT;
static pthread_once_t loc_once = PTHREAD_ONCE_INIT;
static locale_t utf8_locale = (locale_t)0;

static void lb_init(void)
{
    init_linebreak();
}

static void loc_init(void)
{
    static const char *const names[] = {"C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8"};
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !utf8_locale; i++)
        utf8_locale = newlocale(LC_CTYPE_MASK, names[i], (locale_t)0);
}

static locale_t get_utf8_locale(void)
{
    pthread_once(&loc_once, loc_init);
    return utf8_locale;
}

/* ------------------------------------------------------ display width */

/* Width of one code point; the UTF-8 locale must be in use when `loc`. */
static int cp_width(uint32_t cp, int loc)
{
    if (cp == BAD_CP)
        return 1;
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return 0; /* control characters */
    if (cp < 0x7F)
        return 1;
    if (cp == 0xAD)
        return 0; /* soft hyphen: invisible unless a line breaks there */
    if (!loc)
        return 1;
    int w = wcwidth((wchar_t)cp);
    return w < 0 ? 1 : w;
}

size_t np_display_width(const char *text, size_t len)
{
    if (!text || !len)
        return 0;
    const unsigned char *s = (const unsigned char *)text;
    size_t w = 0, i = 0;
    /* ASCII needs no locale: most text is measured without switching */
    while (i < len && s[i] < 0x7F) {
        w += s[i] >= 0x20;
        i++;
    }
    if (i == len)
        return w;
    locale_t loc = get_utf8_locale();
    locale_t old = (locale_t)0;
    if (loc)
        old = uselocale(loc);
    while (i < len) {
        uint32_t cp;
        if (s[i] < 0x7F) {
            w += s[i] >= 0x20;
            i++;
            continue;
        }
        i += utf8_next(s + i, len - i, &cp);
        w += (size_t)cp_width(cp, loc != (locale_t)0);
    }
    if (loc)
        uselocale(old);
    return w;
}

double np_measure_columns(void *ud, const char *text, size_t len)
{
    (void)ud;
    return (double)np_display_width(text, len);
}

/* --------------------------------------------------------- hyphenation */

struct np_hyphenator {
    HyphenDict *dict;
    int utf8;  /* the dictionary's encoding is UTF-8 (else ISO 8859-1) */
    int lhmin; /* letters kept before a hyphen */
    int rhmin; /* letters carried after it */
};

#define HYPH_MAX_BYTES 256 /* longer "words" are not words */

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static HyphenDict *try_dict(const char *dir, const char *stem)
{
    np_buf p = NP_BUF_INIT;
    np_buf_printf(&p, "%s/hyph_%s.dic", dir, stem);
    HyphenDict *d = file_exists(p.data) ? hnj_hyphen_load(p.data) : NULL;
    np_buf_free(&p);
    return d;
}

np_hyphenator *np_hyphenator_load(const char *lang, const char *dir)
{
    char prim[9], region[4] = "";
    size_t n = 0;
    if (!lang)
        return NULL;
    if (!dir || !*dir)
        dir = "/usr/share/hyphen";
    /* Primary subtag: 2-8 ASCII letters, lowercased. */
    const char *p = lang;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
        if (n >= 8)
            return NULL;
        prim[n++] = (char)(*p | 0x20);
        p++;
    }
    if (n < 2 || (*p && *p != '-' && *p != '_'))
        return NULL;
    prim[n] = '\0';
    /* Later subtags: a 2-letter region (script subtags and the rest skipped). */
    while (*p == '-' || *p == '_') {
        const char *s = ++p;
        while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
            p++;
        size_t sl = (size_t)(p - s);
        if (sl == 2 && !region[0] && !(s[0] >= '0' && s[0] <= '9') && !(s[1] >= '0' && s[1] <= '9')) {
            region[0] = (char)(s[0] & ~0x20);
            region[1] = (char)(s[1] & ~0x20);
            region[2] = '\0';
        }
    }
    if (*p)
        return NULL; /* stray characters: no guessing at file names */

    char stems[4][16];
    size_t ns = 0;
    if (region[0])
        snprintf(stems[ns++], sizeof stems[0], "%s_%s", prim, region);
    snprintf(stems[ns++], sizeof stems[0], "%s", prim);
    if (n == 2)
        snprintf(stems[ns++], sizeof stems[0], "%s_%c%c", prim, prim[0] & ~0x20, prim[1] & ~0x20);
    if (strcmp(prim, "en") == 0)
        snprintf(stems[ns++], sizeof stems[0], "en_US");

    HyphenDict *d = NULL;
    for (size_t i = 0; i < ns && !d; i++)
        d = try_dict(dir, stems[i]);
    if (!d)
        return NULL;
    np_hyphenator *h = calloc(1, sizeof *h);
    if (!h) {
        hnj_hyphen_free(d);
        return NULL;
    }
    h->dict = d;
    h->utf8 = d->utf8 != 0;
    h->lhmin = d->lhmin > 2 ? d->lhmin : 2;
    h->rhmin = d->rhmin > 3 ? d->rhmin : 3;
    return h;
}

void np_hyphenator_free(np_hyphenator *h)
{
    if (!h)
        return;
    if (h->dict)
        hnj_hyphen_free(h->dict);
    free(h);
}

static int is_letter(uint32_t cp, locale_t loc)
{
    if (cp == BAD_CP)
        return 0;
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    return loc ? iswalpha_l((wint_t)cp, loc) != 0 : 0;
}

static uint32_t to_lower(uint32_t cp, locale_t loc)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    return loc ? (uint32_t)towlower_l((wint_t)cp, loc) : cp;
}

size_t np_hyphenate(const np_hyphenator *h, const char *word, size_t len, char *points)
{
    if (points && len)
        memset(points, 0, len);
    if (!h || !h->dict || !word || !points || len == 0 || len > HYPH_MAX_BYTES)
        return 0;
    locale_t loc = get_utf8_locale();
    const unsigned char *s = (const unsigned char *)word;
    uint32_t cps[HYPH_MAX_BYTES];
    size_t off[HYPH_MAX_BYTES + 1], nc = 0;
    for (size_t i = 0; i < len;) {
        off[nc] = i;
        i += utf8_next(s + i, len - i, &cps[nc]);
        nc++;
    }
    off[nc] = len;

    /* The word proper: from the first letter to the last. */
    size_t f = 0, l = nc;
    while (f < nc && !is_letter(cps[f], loc))
        f++;
    while (l > f && !is_letter(cps[l - 1], loc))
        l--;
    if (f >= l)
        return 0;
    size_t letters = 0;
    for (size_t k = f; k < l; k++) {
        if (is_letter(cps[k], loc))
            letters++;
        else if (cps[k] != '\'' && cps[k] != 0x2019)
            return 0; /* digits, inner punctuation: not a plain word */
    }
    if (letters < 5 || (int)letters < h->lhmin + h->rhmin)
        return 0;

    /* Lowercase copy in the dictionary's encoding; cend[k] is the end of
     * letter k in that copy. */
    char low[HYPH_MAX_BYTES * 4 + 8];
    size_t cend[HYPH_MAX_BYTES], ll = 0;
    for (size_t k = f; k < l; k++) {
        uint32_t c = to_lower(cps[k], loc);
        if (cps[k] == 0x2019)
            c = '\''; /* the patterns know the ASCII apostrophe */
        if (h->utf8) {
            ll += utf8_put(low + ll, c);
        } else {
            if (c > 0xFF)
                return 0;
            low[ll++] = (char)c;
        }
        cend[k] = ll;
    }
    low[ll] = '\0';

    char *hy = malloc(ll + 5);
    if (!hy)
        return 0;
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    size_t count = 0;
    int ok = hnj_hyphen_hyphenate2(h->dict, low, (int)ll, hy, NULL, &rep, &pos, &cut) == 0;
    /* Non-standard hyphenation (a spelling change at the break, as in old
     * German "Schiffahrt" -> "Schiff-fahrt") cannot be drawn as a plain
     * hyphen: leave such words alone. */
    for (size_t j = 0; ok && rep && j < ll; j++)
        if (rep[j])
            ok = 0;
    if (ok) {
        size_t before = 0; /* letters up to and including k */
        for (size_t k = f; k + 1 < l; k++) {
            before++;
            size_t j = cend[k] - 1;
            if (!(hy[j] & 1))
                continue;
            if (!is_letter(cps[k], loc) || !is_letter(cps[k + 1], loc))
                continue;
            if (before < (size_t)h->lhmin || letters - before < (size_t)h->rhmin)
                continue;
            points[off[k + 1] - 1] = 1;
            count++;
        }
    }
    if (rep) {
        for (size_t j = 0; j < ll; j++)
            free(rep[j]);
        free(rep);
    }
    free(pos);
    free(cut);
    free(hy);
    return count;
}

/* ------------------------------------------------------ break candidates */

typedef struct cand {
    size_t end;       /* the line's content ends here when broken here */
    size_t next;      /* and the next line starts here */
    double wb, yb, zb; /* cumulative width, stretch, shrink up to `end` */
    double wa, ya, za; /* ... and up to `next` (glue included) */
    double extra;     /* hyphen width added when broken here */
    double penalty;
    unsigned char must, hyphen, flagged;
} cand;

typedef struct ctx {
    const char *text;
    size_t len;
    const np_layout_opts *o;
    cand *c; /* c[0] is the paragraph start; c[1..m] the candidates */
    size_t m, cap;
    double *lw; /* cached line widths */
    size_t nlw, caplw;
    double tol, hpen, stretch, shrink, hyw;
} ctx;

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : 16;
    while (nc < need) {
        if (nc > ((size_t)-1 / 2) / elem)
            return -1;
        nc *= 2;
    }
    void *q = realloc(*p, nc * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = nc;
    return 0;
}

static double measure(const ctx *x, size_t start, size_t end)
{
    if (end <= start)
        return 0.0;
    double w = x->o->measure(x->o->ud, x->text + start, end - start);
    return isfinite(w) ? w : 0.0;
}

static double eps_of(double lw)
{
    return 1e-9 * (fabs(lw) + 1.0);
}

static int line_width(ctx *x, size_t line, double *out)
{
    if (!x->o->line_width) {
        *out = x->o->width;
    } else {
        while (x->nlw <= line) {
            if (grow((void **)&x->lw, &x->caplw, x->nlw + 1, sizeof *x->lw))
                return -1;
            x->lw[x->nlw] = x->o->line_width(x->o->ud, x->nlw);
            x->nlw++;
        }
        *out = x->lw[line];
    }
    if (isnan(*out) || *out < 0)
        *out = 0;
    return 0;
}

static cand *new_cand(ctx *x)
{
    if (grow((void **)&x->c, &x->cap, x->m + 2, sizeof *x->c))
        return NULL;
    cand *c = &x->c[++x->m];
    memset(c, 0, sizeof *c);
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

/* Whether the character text[last..pos) and the one starting at `pos` are
 * both wide (East Asian Wide or Fullwidth). */
static int wide_pair(const ctx *x, size_t last, size_t pos)
{
    if (pos >= x->len || np_display_width(x->text + last, pos - last) != 2)
        return 0;
    uint32_t cp;
    size_t n = utf8_next((const unsigned char *)x->text + pos, x->len - pos, &cp);
    return np_display_width(x->text + pos, n) == 2;
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

/* Keep URLs whole: no break opportunities inside "http://...", "www...."
 * and the like (up to the next space; trailing punctuation stays
 * breakable after). */
static void protect_urls(const char *text, size_t len, char *brks)
{
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len; i++) {
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

static int build_cands(ctx *x, char *brks, char *pts)
{
    const unsigned char *s = (const unsigned char *)x->text;
    double W = 0, Y = 0, Z = 0;
    size_t seg = 0;
    memset(&x->c[0], 0, sizeof x->c[0]);
    for (size_t i = 0; i < x->len; i++) {
        if (brks[i] != LINEBREAK_MUSTBREAK && brks[i] != LINEBREAK_ALLOWBREAK)
            continue;
        size_t p = i + 1;
        int must = brks[i] == LINEBREAK_MUSTBREAK;
        /* Content: up to the last character that is neither a space nor a
         * newline. */
        size_t cend = seg;
        for (size_t k = seg; k < p;) {
            uint32_t cp;
            k += utf8_next(s + k, p - k, &cp);
            if (!is_break_space(cp) && !is_newline(cp))
                cend = k;
        }
        if (cend == seg && !must)
            continue; /* spaces only (leading spaces): part of the next piece */

        /* Hyphenation points inside the content. */
        size_t frag = seg;
        if (x->o->hyphenator && cend > seg && cend - seg <= HYPH_MAX_BYTES &&
            np_hyphenate(x->o->hyphenator, x->text + seg, cend - seg, pts)) {
            for (size_t k = 0; k + 1 < cend - seg; k++) {
                if (!pts[k])
                    continue;
                size_t hp = seg + k + 1;
                W += measure(x, frag, hp);
                cand *c = new_cand(x);
                if (!c)
                    return -1;
                c->end = c->next = hp;
                c->wb = c->wa = W;
                c->yb = c->ya = Y;
                c->zb = c->za = Z;
                c->extra = x->hyw;
                c->penalty = x->hpen;
                c->hyphen = c->flagged = 1;
                frag = hp;
            }
        }
        W += measure(x, frag, cend);
        cand *c = new_cand(x);
        if (!c)
            return -1;
        c->end = cend;
        c->next = p;
        c->wb = W;
        c->yb = Y;
        c->zb = Z;
        if (must) {
            c->must = 1;
            c->penalty = -INFINITY;
        } else if (p > cend) {
            double g = measure(x, cend, p);
            W += g;
            Y += g * x->stretch;
            Z += g * x->shrink;
        } else {
            /* Zero-width opportunity. */
            uint32_t last = BAD_CP;
            size_t lb = cend;
            if (cend > seg) {
                lb = cend - 1;
                while (lb > seg && (s[lb] & 0xC0u) == 0x80u && cend - lb < 4)
                    lb--;
                utf8_next(s + lb, cend - lb, &last);
            }
            if (last == '-' || last == 0x2010) {
                c->penalty = x->hpen;
                c->flagged = 1;
            } else if (lb < cend && wide_pair(x, lb, cend)) {
                Y += CJK_STRETCH * measure(x, lb, cend);
            }
        }
        c->wa = W;
        c->ya = Y;
        c->za = Z;
        seg = p;
    }
    return 0;
}

/* ------------------------------------------------------------- output */

static int emit(ctx *x, np_lines *out, size_t a, size_t b, size_t line_no, int justify)
{
    if (grow((void **)&out->v, &out->cap, out->n + 1, sizeof *out->v))
        return -1;
    const cand *A = &x->c[a], *B = &x->c[b];
    np_line *l = &out->v[out->n++];
    l->start = A->next;
    l->end = B->end < A->next ? A->next : B->end;
    l->hyphen = B->hyphen;
    l->forced = B->must;
    l->width = measure(x, l->start, l->end) + (B->hyphen ? x->hyw : 0.0);
    l->ratio = 0.0;
    if (justify && !B->must) {
        double lw;
        if (line_width(x, line_no, &lw))
            return -1;
        double stretch = B->yb - A->ya, shrink = B->zb - A->za;
        if (l->width < lw && stretch > 0)
            l->ratio = (lw - l->width) / stretch;
        else if (l->width > lw && shrink > 0)
            l->ratio = (lw - l->width) / shrink;
    }
    return 0;
}

/* ------------------------------------------------------------- greedy */

static double natural(const ctx *x, size_t a, size_t b)
{
    return x->c[b].wb - x->c[a].wa + x->c[b].extra;
}

static int greedy(ctx *x, np_lines *out, int justify)
{
    size_t a = 0, line_no = 0;
    while (a < x->m) {
        double lw;
        if (line_width(x, line_no, &lw))
            return -1;
        double eps = eps_of(lw);
        size_t last = NONE, chosen = NONE;
        for (size_t b = a + 1; b <= x->m; b++) {
            if (natural(x, a, b) <= lw + eps) {
                last = b;
                if (x->c[b].must) {
                    chosen = b;
                    break;
                }
            } else {
                if (x->c[b].hyphen && last != NONE)
                    continue; /* only the hyphen is too much: look further */
                chosen = last != NONE ? last : b;
                break;
            }
        }
        if (chosen == NONE)
            chosen = last != NONE ? last : x->m;
        /* The sums are an estimate: check with the real text. */
        while (chosen > a + 1 &&
               measure(x, x->c[a].next, x->c[chosen].end) + x->c[chosen].extra > lw + eps)
            chosen--;
        if (emit(x, out, a, chosen, line_no, justify))
            return -1;
        a = chosen;
        line_no++;
    }
    return 0;
}

/* -------------------------------------------------------- Knuth–Plass */

typedef struct kp_node {
    size_t cand, line, prev, next_active;
    int fit;
    double dem;
} kp_node;

typedef struct kp_best {
    size_t line, from;
    int fit;
    double dem;
} kp_best;

typedef struct kp_state {
    kp_node *n;
    size_t nn, capn;
    kp_best *best;
    size_t nbest, capbest;
} kp_state;

static int kp_push(kp_state *k, size_t cand_i, size_t line, size_t prev, int fit, double dem)
{
    if (grow((void **)&k->n, &k->capn, k->nn + 1, sizeof *k->n))
        return -1;
    kp_node *d = &k->n[k->nn++];
    d->cand = cand_i;
    d->line = line;
    d->prev = prev;
    d->next_active = NONE;
    d->fit = fit;
    d->dem = dem;
    return 0;
}

/* One pass.  `emergency`: lines looser than the tolerance are allowed (at a
 * high price).  Returns 1 with *end set to the best final node, 0 when no
 * solution was found, -1 on memory failure. */
static int kp_pass(ctx *x, kp_state *k, double tol, int emergency, size_t *end)
{
    int uniform = x->o->line_width == NULL;
    k->nn = 0;
    if (kp_push(k, 0, 0, NONE, 1, 0.0))
        return -1;
    size_t active = 0, nactive = 1;
    for (size_t b = 1; b <= x->m; b++) {
        const cand *B = &x->c[b];
        k->nbest = 0;
        size_t prevp = NONE, a = active;
        while (a != NONE) {
            kp_node A = k->n[a];
            const cand *CA = &x->c[A.cand];
            double lw;
            if (line_width(x, A.line, &lw))
                return -1;
            double eps = eps_of(lw);
            double nat = B->wb - CA->wa + B->extra;
            double stretch = B->yb - CA->ya, shrink = B->zb - CA->za;
            double r;
            if (nat < lw - eps)
                r = B->must ? 0.0 : stretch > 0 ? (lw - nat) / stretch : INFINITY;
            else if (nat > lw + eps)
                r = shrink > 0 ? (lw - nat) / shrink : -INFINITY;
            else
                r = 0.0;

            int feasible = 0, deactivate = B->must;
            double bad = 0;
            if (r < -1.0) {
                if (!B->hyphen)
                    deactivate = 1;
                if (b == A.cand + 1) { /* a single unbreakable piece */
                    feasible = 1;
                    bad = KP_OVERFULL_BADNESS;
                    r = -1.0;
                }
            } else if (r <= tol) {
                feasible = 1;
                bad = 100.0 * fabs(r * r * r);
            } else if (emergency) {
                double rr = r > 100.0 ? 100.0 : r;
                feasible = 1;
                bad = 100.0 * rr * rr * rr;
            }
            if (feasible) {
                int fit = r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1.0 ? 2 : 3;
                double d = (KP_LINE_PENALTY + bad) * (KP_LINE_PENALTY + bad);
                if (!B->must && B->penalty > 0)
                    d += B->penalty * B->penalty;
                else if (!B->must && B->penalty < 0)
                    d -= B->penalty * B->penalty;
                if (B->flagged && CA->flagged && A.cand != 0)
                    d += KP_FLAGGED_DEMERITS;
                if (b == x->m && CA->hyphen)
                    d += KP_FINAL_HYPHEN_DEMERITS;
                if (abs(fit - A.fit) > 1)
                    d += KP_FITNESS_DEMERITS;
                d += A.dem;
                if (!(d < INFINITY))
                    d = DBL_MAX / 4; /* still comparable */
                size_t key = uniform ? 0 : A.line + 1;
                size_t j = 0;
                while (j < k->nbest && (k->best[j].line != key || k->best[j].fit != fit))
                    j++;
                if (j == k->nbest) {
                    if (grow((void **)&k->best, &k->capbest, k->nbest + 1, sizeof *k->best))
                        return -1;
                    k->nbest++;
                    k->best[j].line = key;
                    k->best[j].fit = fit;
                    k->best[j].dem = INFINITY;
                    k->best[j].from = a;
                }
                if (d < k->best[j].dem) {
                    k->best[j].dem = d;
                    k->best[j].from = a;
                }
            }
            size_t next = A.next_active;
            if (deactivate) {
                if (prevp == NONE)
                    active = next;
                else
                    k->n[prevp].next_active = next;
                nactive--;
            } else {
                prevp = a;
            }
            a = next;
        }
        for (size_t j = 0; j < k->nbest; j++) {
            const kp_best *e = &k->best[j];
            if (kp_push(k, b, k->n[e->from].line + 1, e->from, e->fit, e->dem))
                return -1;
            size_t id = k->nn - 1;
            if (prevp == NONE)
                active = id;
            else
                k->n[prevp].next_active = id;
            prevp = id;
            nactive++;
        }
        if (active == NONE || nactive > KP_MAX_ACTIVE)
            return 0;
    }
    /* All active nodes now sit at the final candidate. */
    size_t bestn = NONE;
    for (size_t a = active; a != NONE; a = k->n[a].next_active)
        if (k->n[a].cand == x->m && (bestn == NONE || k->n[a].dem < k->n[bestn].dem))
            bestn = a;
    if (bestn == NONE)
        return 0;
    *end = bestn;
    return 1;
}

static int total_fit(ctx *x, np_lines *out)
{
    kp_state k;
    memset(&k, 0, sizeof k);
    size_t base = out->n;
    const double tols[3] = {x->tol, x->tol * 5 > 10 ? x->tol * 5 : 10, x->tol};
    int rc = 0;
    for (int pass = 0; pass < 3 && rc == 0; pass++) {
        size_t end = NONE;
        rc = kp_pass(x, &k, tols[pass], pass == 2, &end);
        if (rc != 1)
            continue;
        /* Breaks, first to last. */
        size_t nl = 0;
        for (size_t a = end; k.n[a].prev != NONE; a = k.n[a].prev)
            nl++;
        size_t *br = malloc((nl + 1) * sizeof *br);
        if (!br) {
            rc = -1;
            break;
        }
        size_t i = nl;
        for (size_t a = end; a != NONE; a = k.n[a].prev)
            br[i--] = k.n[a].cand;
        for (i = 0; i < nl && rc == 1; i++)
            if (emit(x, out, br[i], br[i + 1], i, 1))
                rc = -1;
        /* The sums were estimates: no line may be squeezed beyond its
         * shrink when measured over the real text. */
        for (i = 0; i < nl && rc == 1; i++) {
            const np_line *l = &out->v[base + i];
            if (br[i + 1] != br[i] + 1 && l->ratio < -1.0 - 1e-6)
                rc = 0;
        }
        free(br);
        if (rc == 0)
            out->n = base;
    }
    free(k.n);
    free(k.best);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return greedy(x, out, 1);
    return 0;
}

/* --------------------------------------------------------------- entry */

int np_layout_paragraph(const char *text, size_t len, const np_layout_opts *opts,
                        np_lines *out, np_error *err)
{
    if (!opts || !opts->measure || !out || (!text && len))
        return np_error_set(err, NP_ERR_USAGE, NULL, 0, "layout: missing text, options or measure function");
    if (len == 0)
        return NP_OK;

    pthread_once(&lb_once, lb_init);
    ctx x;
    memset(&x, 0, sizeof x);
    x.text = text;
    x.len = len;
    x.o = opts;
    x.tol = opts->tolerance > 0 ? opts->tolerance : 2.0;
    x.hpen = opts->hyphen_penalty != 0 ? opts->hyphen_penalty : 50.0;
    x.stretch = opts->space_stretch > 0 ? opts->space_stretch : opts->space_stretch < 0 ? 0.0 : 0.5;
    x.shrink = opts->space_shrink > 0 ? opts->space_shrink : opts->space_shrink < 0 ? 0.0 : 0.33;
    if (opts->hyphenator) {
        double w = opts->measure(opts->ud, "-", 1);
        x.hyw = isfinite(w) ? w : 0.0;
    }

    size_t base = out->n;
    int rc = -1;
    char *brks = malloc(len);
    char *pts = opts->hyphenator ? malloc(HYPH_MAX_BYTES) : NULL;
    char *clean = NULL;
    if (!brks || (opts->hyphenator && !pts))
        goto done;

    /* libunibreak reads invalid UTF-8 its own way; give it a copy where
     * each invalid byte is a letter, so that offsets stay as they are. */
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_next(s + i, len - i, &cp);
        if (cp == BAD_CP) {
            if (!clean) {
                clean = malloc(len);
                if (!clean)
                    goto done;
                memcpy(clean, text, len);
            }
            clean[i] = 'x';
        }
        i += n;
    }
    char lbuf[9];
    set_linebreaks_utf8((const utf8_t *)(clean ? clean : text), len, lb_lang(opts->lang, lbuf, sizeof lbuf), brks);
    brks[len - 1] = LINEBREAK_MUSTBREAK; /* end of paragraph, even after a truncated sequence */
    if (!opts->break_urls)
        protect_urls(text, len, brks);

    if (grow((void **)&x.c, &x.cap, 1, sizeof *x.c) || build_cands(&x, brks, pts))
        goto done;
    if (opts->mode == NP_LAYOUT_TOTAL_FIT)
        rc = total_fit(&x, out);
    else
        rc = greedy(&x, out, 0);
done:
    free(brks);
    free(pts);
    free(clean);
    free(x.c);
    free(x.lw);
    if (rc) {
        out->n = base;
        return np_error_set(err, NP_ERR_MEMORY, NULL, 0, "layout: out of memory");
    }
    return NP_OK;
}

void np_lines_free(np_lines *lines)
{
    if (!lines)
        return;
    free(lines->v);
    lines->v = NULL;
    lines->n = lines->cap = 0;
}
