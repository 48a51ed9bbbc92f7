/* Character sets for bundles.  Transliteration in two well-kept steps:
 * ICU's "Any-Latin" transform romanises other scripts (Greek, Cyrillic,
 * Arabic, Urdu, Chinese pinyin...), which iconv cannot do; then glibc's
 * iconv //TRANSLIT (driven by the LC_CTYPE translit tables of the locale
 * current when iconv() runs, which we make C.UTF-8 for each call with
 * uselocale(), so the output does not depend on the user's environment)
 * folds what is left to the target: accents, quotes, dashes. */
#include "charset.h"
#include "util/alloc.h"

#include <errno.h>
#include <stdint.h>
#include <iconv.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

struct np_charset {
    np_charset_id id;
    iconv_t cd;     /* UTF-8 -> target//TRANSLIT; (iconv_t)-1 for UTF-8 */
    locale_t loc;   /* C.UTF-8 */
    UTransliterator *latin; /* ICU Any-Latin, or NULL */
};

int np_charset_parse(const char *name, np_charset_id *id)
{
    static const struct {
        const char *name;
        np_charset_id id;
    } names[] = {{"utf-8", NP_CHARSET_UTF8},      {"utf8", NP_CHARSET_UTF8},
                 {"latin-1", NP_CHARSET_LATIN1},  {"latin1", NP_CHARSET_LATIN1},
                 {"iso-8859-1", NP_CHARSET_LATIN1}, {"iso8859-1", NP_CHARSET_LATIN1},
                 {"ascii", NP_CHARSET_ASCII},     {"us-ascii", NP_CHARSET_ASCII}};
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
        if (!strcasecmp(name, names[i].name)) {
            *id = names[i].id;
            return 0;
        }
    return -1;
}

const char *np_charset_name(np_charset_id id)
{
    return id == NP_CHARSET_LATIN1 ? "latin-1" : id == NP_CHARSET_ASCII ? "ascii" : "utf-8";
}

np_charset_id np_charset_id_of(const np_charset *cs)
{
    return cs->id;
}

np_charset *np_charset_open(np_charset_id id, np_error *err)
{
    np_charset *cs = calloc(1, sizeof *cs);
    if (!cs)
        abort();
    cs->id = id;
    cs->cd = (iconv_t)-1;
    if (id == NP_CHARSET_UTF8)
        return cs;
    cs->loc = newlocale(LC_ALL_MASK, "C.UTF-8", (locale_t)0);
    if (cs->loc == (locale_t)0) {
        free(cs);
        np_error_set(err, NP_ERR_INTERNAL, NULL, 0,
                     "the C.UTF-8 locale is not available (needed for transliteration)");
        return NULL;
    }
    UErrorCode uerr = U_ZERO_ERROR;
    /* Any-Latin only: iconv then folds accents, quotes and dashes the
     * way wire copy expects ("--" for an em dash) */
    UChar uid[16];
    u_uastrcpy(uid, "Any-Latin");
    cs->latin = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &uerr);
    if (U_FAILURE(uerr))
        cs->latin = NULL; /* iconv alone still gives '?' for other scripts */
    cs->cd = iconv_open(id == NP_CHARSET_ASCII ? "ASCII//TRANSLIT" : "ISO-8859-1//TRANSLIT", "UTF-8");
    if (cs->cd == (iconv_t)-1) {
        freelocale(cs->loc);
        free(cs);
        np_error_set(err, NP_ERR_INTERNAL, NULL, 0, "iconv cannot convert UTF-8 to %s",
                     np_charset_name(id));
        return NULL;
    }
    return cs;
}

void np_charset_free(np_charset *cs)
{
    if (!cs)
        return;
    if (cs->cd != (iconv_t)-1)
        iconv_close(cs->cd);
    if (cs->latin)
        utrans_close(cs->latin);
    if (cs->loc != (locale_t)0)
        freelocale(cs->loc);
    free(cs);
}

/* Length of the UTF-8 sequence starting with byte c (1 for stray bytes). */
static size_t seq_len(unsigned char c)
{
    return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

/* Copy with control characters other than '\n' turned into spaces. */
static void sanitize(const char *s, size_t n, np_buf *out)
{
    np_buf_grow(out, n);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\n') || c == 0x7f) {
            np_buf_putc(out, ' ');
        } else if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
                   (unsigned char)s[i + 1] <= 0x9f) {
            np_buf_putc(out, ' '); /* C1 control, e.g. U+0085 NEL */
            i++;
        } else {
            np_buf_putc(out, (char)c);
        }
    }
}

/* Latin-1 bytes back to UTF-8, so that the layout can measure them. */
static void latin1_to_utf8(const unsigned char *s, size_t n, np_buf *out)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] < 0x80) {
            np_buf_putc(out, s[i]);
        } else {
            np_buf_putc(out, 0xc0 | (s[i] >> 6));
            np_buf_putc(out, 0x80 | (s[i] & 0x3f));
        }
    }
}

/* Does the text hold a character beyond Latin-1 (a lead byte over 0xC3)? */
static int beyond_latin1(const np_buf *b)
{
    for (size_t i = 0; i < b->len; i++)
        if ((unsigned char)b->data[i] > 0xc3)
            return 1;
    return 0;
}

/* Romanise other scripts with ICU, in place; unchanged on any ICU error. */
static void romanise(const np_charset *cs, np_buf *text)
{
    if (!cs->latin || !text->len || text->len > INT32_MAX / 4 || !beyond_latin1(text))
        return;
    UErrorCode e = U_ZERO_ERROR;
    int32_t ulen = 0;
    u_strFromUTF8(NULL, 0, &ulen, text->data, (int32_t)text->len, &e);
    if (e != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(e))
        return;
    /* transliteration may lengthen the text: leave room, retry if short */
    int32_t cap = ulen * 4 + 16;
    for (int attempt = 0; attempt < 3; attempt++, cap *= 2) {
        UChar *u = malloc((size_t)cap * sizeof *u);
        if (!u)
            abort();
        e = U_ZERO_ERROR;
        u_strFromUTF8(u, cap, &ulen, text->data, (int32_t)text->len, &e);
        int32_t limit = ulen, len = ulen;
        if (U_SUCCESS(e))
            utrans_transUChars(cs->latin, u, &len, cap, 0, &limit, &e);
        if (e == U_BUFFER_OVERFLOW_ERROR) {
            free(u);
            continue;
        }
        if (U_SUCCESS(e)) {
            int32_t blen = 0;
            UErrorCode e2 = U_ZERO_ERROR;
            u_strToUTF8(NULL, 0, &blen, u, len, &e2);
            np_buf back = NP_BUF_INIT;
            np_buf_grow(&back, (size_t)blen + 1);
            e2 = U_ZERO_ERROR;
            u_strToUTF8(back.data, (int32_t)back.cap, &blen, u, len, &e2);
            if (U_SUCCESS(e2)) {
                back.len = (size_t)blen;
                back.data[back.len] = '\0';
                np_buf_free(text);
                *text = back;
            } else {
                np_buf_free(&back);
            }
        }
        free(u);
        return;
    }
}

void np_charset_fold(np_charset *cs, const char *s, size_t n, np_buf *out)
{
    np_buf clean = NP_BUF_INIT;
    sanitize(s, n, &clean);
    if (cs->id != NP_CHARSET_UTF8)
        romanise(cs, &clean);
    int ascii = 1;
    for (size_t i = 0; i < clean.len && ascii; i++)
        ascii = (unsigned char)clean.data[i] < 0x80;
    if (cs->id == NP_CHARSET_UTF8 || ascii) { /* nothing to transliterate */
        np_buf_put(out, clean.data ? clean.data : "", clean.len);
        np_buf_free(&clean);
        return;
    }
    /* ASCII and Latin-1 output of a transliteration is at most a few
     * times the input; grow on E2BIG anyway */
    size_t cap = clean.len * 2 + 16;
    char *tmp = np_xmalloc(cap);
    size_t used = 0;
    char *in = clean.data;
    size_t inleft = clean.len;
    locale_t old = uselocale(cs->loc);
    iconv(cs->cd, NULL, NULL, NULL, NULL);
    while (inleft) {
        char *o = tmp + used;
        size_t oleft = cap - used;
        size_t r = iconv(cs->cd, &in, &inleft, &o, &oleft);
        used = (size_t)(o - tmp);
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG) {
            NP_GROW_TO(tmp, cap + 1, cap, 0); /* doubles */
        } else {
            /* EILSEQ/EINVAL: a character without transliteration that
             * this iconv did not replace itself */
            NP_GROW(tmp, used, cap, 0);
            tmp[used++] = '?';
            size_t k = seq_len((unsigned char)*in);
            if (k > inleft)
                k = inleft;
            in += k;
            inleft -= k;
        }
    }
    uselocale(old);
    if (cs->id == NP_CHARSET_LATIN1) {
        latin1_to_utf8((const unsigned char *)tmp, used, out);
    } else {
        /* a transliteration could (in principle) yield a control byte */
        for (size_t i = 0; i < used; i++)
            np_buf_putc(out, ((unsigned char)tmp[i] < 0x20 && tmp[i] != '\n') || tmp[i] == 0x7f ? ' ' : tmp[i]);
    }
    free(tmp);
    np_buf_free(&clean);
}

void np_charset_encode(const np_charset *cs, const char *s, size_t n, np_buf *out)
{
    if (cs->id == NP_CHARSET_UTF8) {
        np_buf_put(out, s, n);
        return;
    }
    np_buf_grow(out, n);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = seq_len(c);
        if (k > n - i)
            k = n - i;
        if (c < 0x80) {
            np_buf_putc(out, c);
        } else if (cs->id == NP_CHARSET_LATIN1 && k == 2 && c <= 0xc3) {
            np_buf_putc(out, ((c & 0x03) << 6) | ((unsigned char)s[i + 1] & 0x3f));
        } else {
            np_buf_putc(out, '?');
        }
        i += k;
    }
}
