/* Metadata: bylines, datelines, subject names, copyright lines,
 * upper-casing.  Times are in time.c. */
#include "newsprint/meta.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* ---- text helpers -------------------------------------------------------- */

/* Append `s` with runs of ASCII whitespace collapsed to one space and no
 * leading or trailing whitespace.  Returns the number of bytes appended. */
static size_t put_normalised(np_buf *out, const char *s)
{
    size_t start = out->len;
    int pending = 0;
    for (; s && *s; s++) {
        if (is_space((unsigned char)*s)) {
            pending = out->len > start;
            continue;
        }
        if (pending)
            np_buf_putc(out, ' ');
        pending = 0;
        np_buf_putc(out, *s);
    }
    return out->len - start;
}

/* Does `s` hold anything but whitespace? */
static int has_text(const char *s)
{
    for (; s && *s; s++)
        if (!is_space((unsigned char)*s))
            return 1;
    return 0;
}

/* A concept's real name (a <name> or literal) — never a bare qcode/uri. */
static const char *concept_real_name(const np_concept *c, const char *lang)
{
    if (!c || (!c->names && !c->literal))
        return NULL;
    const char *n = np_concept_name(c, lang); /* a name or the literal */
    return has_text(n) ? n : NULL;
}

/* Decode one UTF-8 sequence at s (n bytes left).  Returns its length, or 0
 * when it is not well-formed (the caller then takes one byte as is). */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t len;
    uint32_t c, min;
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2, c = s[0] & 0x1Fu, min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3, c = s[0] & 0x0Fu, min = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4, c = s[0] & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

static void utf8_put(np_buf *out, uint32_t c)
{
    unsigned char b[4];
    size_t n;
    if (c < 0x80) {
        b[0] = (unsigned char)c;
        n = 1;
    } else if (c < 0x800) {
        b[0] = (unsigned char)(0xC0 | (c >> 6));
        b[1] = (unsigned char)(0x80 | (c & 0x3F));
        n = 2;
    } else if (c < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (c >> 12));
        b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (c & 0x3F));
        n = 3;
    } else {
        b[0] = (unsigned char)(0xF0 | (c >> 18));
        b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
        b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        b[3] = (unsigned char)(0x80 | (c & 0x3F));
        n = 4;
    }
    np_buf_put(out, b, n);
}

/* In ranges where case pairs alternate: upper case on even code points
 * (`upper_even`) or on odd ones. */
static uint32_t pair_upper(uint32_t c, int upper_even)
{
    int is_odd = (int)(c & 1u);
    if (upper_even)
        return is_odd ? c - 1 : c;
    return is_odd ? c : c - 1;
}

/* Lower-case letters of Latin Extended-B and IPA whose capitals lie
 * elsewhere (African, Vietnamese, Azerbaijani letters, digraphs). */
static const uint16_t latin_b_upper[][2] = {
    {0x180, 0x243}, {0x183, 0x182}, {0x185, 0x184}, {0x188, 0x187}, {0x18C, 0x18B},
    {0x192, 0x191}, {0x195, 0x1F6}, {0x199, 0x198}, {0x19A, 0x23D}, {0x19E, 0x220},
    {0x1A1, 0x1A0}, {0x1A3, 0x1A2}, {0x1A5, 0x1A4}, {0x1A8, 0x1A7}, {0x1AD, 0x1AC},
    {0x1B0, 0x1AF}, {0x1B4, 0x1B3}, {0x1B6, 0x1B5}, {0x1B9, 0x1B8}, {0x1BD, 0x1BC},
    {0x1BF, 0x1F7}, {0x1C5, 0x1C4}, {0x1C6, 0x1C4}, {0x1C8, 0x1C7}, {0x1C9, 0x1C7},
    {0x1CB, 0x1CA}, {0x1CC, 0x1CA}, {0x1F2, 0x1F1}, {0x1F3, 0x1F1}, {0x1F5, 0x1F4},
    {0x23C, 0x23B}, {0x242, 0x241}, {0x253, 0x181}, {0x254, 0x186}, {0x256, 0x189},
    {0x257, 0x18A}, {0x259, 0x18F}, {0x25B, 0x190}, {0x260, 0x193}, {0x263, 0x194},
    {0x268, 0x197}, {0x269, 0x196}, {0x26F, 0x19C}, {0x272, 0x19D}, {0x275, 0x19F},
    {0x280, 0x1A6}, {0x283, 0x1A9}, {0x288, 0x1AE}, {0x289, 0x244}, {0x28A, 0x1B1},
    {0x28B, 0x1B2}, {0x28C, 0x245}, {0x292, 0x1B7},
};

/* Unicode simple upper-case mapping for the scripts place names come in:
 * Latin (Basic, Latin-1, Extended-A, the common part of Extended-B,
 * Extended Additional), modern Greek, Cyrillic, Armenian.  Anything else
 * (CJK, Arabic, Georgian, polytonic Greek...) is kept.
 * Fixed tables rather than towupper(): the same output on every system. */
static uint32_t simple_upper(uint32_t c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z' ? c - 0x20 : c;
    if (c == 0xB5) /* micro sign */
        return 0x39C;
    if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
        return c - 0x20;
    if (c == 0xFF)
        return 0x178;
    if (c >= 0x100 && c <= 0x17F) {
        if (c == 0x131) /* dotless i */
            return 'I';
        if (c == 0x17F) /* long s */
            return 'S';
        if (c == 0x130 || c == 0x138 || c == 0x149 || c == 0x178)
            return c;
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
            return pair_upper(c, 0);
        return pair_upper(c, 1);
    }
    if (c >= 0x1CD && c <= 0x1DC) /* Pinyin tones */
        return pair_upper(c, 0);
    if (c == 0x1DD) /* turned e */
        return 0x18E;
    if ((c >= 0x1DE && c <= 0x1EF) || (c >= 0x1F8 && c <= 0x21F) || (c >= 0x222 && c <= 0x233) ||
        (c >= 0x246 && c <= 0x24F))
        return pair_upper(c, 1);
    if (c >= 0x180 && c <= 0x292) {
        for (size_t i = 0; i < sizeof latin_b_upper / sizeof latin_b_upper[0]; i++)
            if (latin_b_upper[i][0] == c)
                return latin_b_upper[i][1];
        return c;
    }
    if (c >= 0x370 && c <= 0x3FF) { /* Greek */
        if (c == 0x3AC)
            return 0x386;
        if (c >= 0x3AD && c <= 0x3AF)
            return c - 0x25;
        if (c == 0x3C2) /* final sigma */
            return 0x3A3;
        if (c >= 0x3B1 && c <= 0x3CB)
            return c - 0x20;
        if (c == 0x3CC)
            return 0x38C;
        if (c == 0x3CD || c == 0x3CE)
            return c - 0x3F;
        return c;
    }
    if (c >= 0x430 && c <= 0x44F) /* Cyrillic */
        return c - 0x20;
    if (c >= 0x450 && c <= 0x45F)
        return c - 0x50;
    if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF) || (c >= 0x4D0 && c <= 0x52F))
        return pair_upper(c, 1);
    if (c >= 0x4C1 && c <= 0x4CE)
        return pair_upper(c, 0);
    if (c == 0x4CF)
        return 0x4C0;
    if (c >= 0x561 && c <= 0x586) /* Armenian */
        return c - 0x30;
    if ((c >= 0x1E00 && c <= 0x1E95) || (c >= 0x1EA0 && c <= 0x1EFF)) /* Vietnamese etc. */
        return pair_upper(c, 1);
    return c;
}

void np_meta_upper(const char *s, np_buf *out)
{
    if (!s || !out)
        return;
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n) {
        uint32_t cp;
        size_t len = utf8_decode(p, n, &cp);
        if (len == 0) {
            np_buf_put(out, p, 1); /* not UTF-8: keep the byte */
            p++;
            n--;
            continue;
        }
        utf8_put(out, simple_upper(cp));
        p += len;
        n -= len;
    }
}

/* ---- bylines, datelines, names, rights ---------------------------------- */

/* Starts with "By " (any case, any whitespace after "By"). */
static int starts_with_by(const char *s)
{
    while (is_space((unsigned char)*s))
        s++;
    return (s[0] == 'B' || s[0] == 'b') && (s[1] == 'Y' || s[1] == 'y') &&
           is_space((unsigned char)s[2]);
}

/* The words of a byline in the item's language.  Languages not listed get
 * the names alone, joined with commas: better no word than a wrong one. */
typedef struct byline_words {
    const char *lang, *by, *and_, *comma;
} byline_words;

static const byline_words bylines[] = {
    {"en", "By ", " and ", ", "},   {"de", "Von ", " und ", ", "}, {"fr", "Par ", " et ", ", "},
    {"es", "Por ", " y ", ", "},    {"it", "Di ", " e ", ", "},    {"pt", "Por ", " e ", ", "},
    {"nl", "Door ", " en ", ", "},  {NULL, "", ", ", ", "},
};

static const byline_words *byline_words_for(const char *lang)
{
    if (!lang || !*lang)
        return &bylines[0];
    const byline_words *w = bylines;
    for (; w->lang; w++) {
        size_t n = strlen(w->lang);
        if (!strncasecmp(lang, w->lang, n) && (lang[n] == '\0' || lang[n] == '-' || lang[n] == '_'))
            return w;
    }
    return w;
}

/* Does the byline open with its own "By" word in a language we know? */
static int has_by_word(const char *s)
{
    if (starts_with_by(s))
        return 1;
    for (const byline_words *w = bylines; w->lang; w++)
        if (!strncasecmp(s, w->by, strlen(w->by)))
            return 1;
    return 0;
}

void np_meta_byline(const np_item *item, np_buf *out)
{
    if (!item || !out)
        return;
    if (has_text(item->byline)) {
        if (!has_by_word(item->byline))
            np_buf_puts(out, byline_words_for(item->lang)->by);
        put_normalised(out, item->byline);
        return;
    }
    size_t total = 0;
    for (const np_concept *c = item->creators; c; c = c->next) {
        const char *n = concept_real_name(c, item->lang);
        if (n && starts_with_by(n)) {
            put_normalised(out, n);
            return;
        }
        if (n)
            total++;
    }
    const byline_words *w = byline_words_for(item->lang);
    size_t i = 0;
    for (const np_concept *c = item->creators; c; c = c->next) {
        const char *n = concept_real_name(c, item->lang);
        if (!n)
            continue;
        if (i == 0)
            np_buf_puts(out, w->by);
        else if (i + 1 == total)
            np_buf_puts(out, w->and_);
        else
            np_buf_puts(out, w->comma);
        put_normalised(out, n);
        i++;
    }
}

static int ends_with(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

#define EN_DASH "\xE2\x80\x93"
#define EM_DASH "\xE2\x80\x94"

void np_meta_dateline(const np_item *item, np_buf *out)
{
    if (!item || !out)
        return;
    if (has_text(item->dateline)) {
        size_t start = out->len;
        size_t n = put_normalised(out, item->dateline);
        const char *s = out->data + start;
        if (!ends_with(s, n, "-") && !ends_with(s, n, ":") && !ends_with(s, n, EN_DASH) &&
            !ends_with(s, n, EM_DASH))
            np_buf_puts(out, " " EN_DASH);
        return;
    }

    size_t start = out->len;
    const char *city = concept_real_name(item->located, item->lang);
    if (city) {
        np_buf tmp = NP_BUF_INIT;
        put_normalised(&tmp, city);
        np_meta_upper(np_buf_cstr(&tmp), out);
        np_buf_free(&tmp);
    }
    const np_time *when = np_meta_item_date(item);
    if (when) {
        int m, d;
        np_time_civil(when, NULL, &m, &d, NULL, NULL, NULL);
        np_buf_printf(out, "%s%s %d", out->len > start ? ", " : "", np_month_ap(m), d);
    }
    const np_concept *pv = item->provider;
    const char *prov = pv ? np_concept_name(pv, NULL) : NULL;
    if (prov && pv->uri && prov == pv->uri && !pv->qcode)
        prov = NULL; /* a bare URI is no name */
    if (prov && pv->qcode && prov == pv->qcode) {
        const char *colon = strchr(prov, ':');
        if (colon)
            prov = colon + 1;
    }
    if (has_text(prov)) {
        np_buf_puts(out, out->len > start ? " (" : "(");
        put_normalised(out, prov);
        np_buf_putc(out, ')');
    }
    if (out->len > start)
        np_buf_puts(out, " " EN_DASH);
}

const char *np_meta_subject_name(const np_concept *subject, const char *lang)
{
    return np_concept_name(subject, lang);
}

void np_meta_copyright(const np_item *item, np_buf *out)
{
    if (!item || !out)
        return;
    if (has_text(item->rights.notice)) {
        put_normalised(out, item->rights.notice);
        return;
    }
    if (!has_text(item->rights.holder))
        return;
    np_buf_puts(out, "\xC2\xA9 ");
    const np_time *when = np_meta_item_date(item);
    if (when) {
        int y;
        np_time_civil(when, &y, NULL, NULL, NULL, NULL, NULL);
        np_buf_printf(out, "%d ", y);
    }
    put_normalised(out, item->rights.holder);
}

const np_time *np_meta_item_date(const np_item *item)
{
    if (!item)
        return NULL;
    if (item->content_created.valid)
        return &item->content_created;
    if (item->first_created.valid)
        return &item->first_created;
    if (item->version_created.valid)
        return &item->version_created;
    return NULL;
}

void np_meta_place(const np_item *item, np_buf *out)
{
    const char *place = item->dateline;
    if (!place)
        place = concept_real_name(item->located, item->lang); /* never a bare code */
    if (!place)
        return;
    size_t start = out->len;
    np_buf_puts(out, place);
    /* the dash or colon leads into a story, not into a header line */
    for (;;) {
        if (out->len > start && strchr(" -:", out->data[out->len - 1]))
            np_buf_truncate(out, out->len - 1);
        else if (out->len >= start + 3 && (ends_with(out->data + start, out->len - start, EN_DASH) ||
                                           ends_with(out->data + start, out->len - start, EM_DASH)))
            np_buf_truncate(out, out->len - 3);
        else
            break;
    }
}
