/* The text of a bundle file: header fields and body folded to the
 * partner's charset, lines split to its width, framed for the wire. */
#include "bundle_int.h"
#include "wire.h"
#include "newsprint/layout.h"
#include "newsprint/meta.h"
#include "newsprint/render_text.h"

#include <string.h>

enum {
    ANPA_KEYWORD_MAX = 24,
    ANPA_HEADLINE_MAX = 64
};

/* Wrap s[0..n) (folded UTF-8) at the profile's width; `first`/`rest`
 * prefix the first and the other lines.  Lines end in '\n'. */
static void wrap(np_bundle *bd, const char *s, size_t n, const char *first, const char *rest, np_buf *out)
{
    np_text_wrap(s, n, (int)bd->p.width, first, rest, out);
}

/* Fold LABEL+VALUE to the charset, then wrap it; continuation lines are
 * indented by `rest`. */
void np_compose_field(np_bundle *bd, const char *label, const char *value, const char *rest, np_buf *out)
{
    if (!value || !*value)
        return;
    np_buf_reset(&bd->line);
    np_buf_puts(&bd->line, label);
    np_buf_puts(&bd->line, value);
    np_buf_reset(&bd->tmp);
    np_charset_fold(bd->cs, bd->line.data, bd->line.len, &bd->tmp);
    wrap(bd, bd->tmp.data, bd->tmp.len, "", rest, out);
}

static void field(np_bundle *bd, const char *label, const char *value, np_buf *out)
{
    np_compose_field(bd, label, value, "  ", out);
}

/* Prefix of s[0..n) no wider than `cols` columns, on a character boundary,
 * preferring to end before a space when `words` is set. */
static size_t fit_prefix(const char *s, size_t n, size_t cols, int words)
{
    size_t end = 0, last_space = 0;
    while (end < n) {
        size_t k = 1;
        unsigned char c = (unsigned char)s[end];
        if (c >= 0xc0)
            k = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
        if (end + k > n)
            k = n - end;
        if (np_display_width(s, end + k) > cols)
            break;
        if (s[end] == ' ')
            last_space = end;
        end += k;
    }
    if (end < n && words && last_space > cols / 2)
        end = last_space;
    while (end && s[end - 1] == ' ')
        end--;
    return end;
}

/* Guarantee: no line wider than the profile's width.  The layout already
 * wraps; this splits what it could not (one unbreakable piece, or a
 * transliteration that made a rendered line longer). */
static void fit_lines(np_bundle *bd, np_buf *text)
{
    size_t cols = (size_t)bd->p.width;
    np_buf out = NP_BUF_INIT;
    const char *p = np_buf_cstr(text), *end = p + text->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        while (np_display_width(p, n) > cols) {
            size_t k = fit_prefix(p, n, cols, 1);
            if (k == 0)
                k = fit_prefix(p, n, cols, 0);
            if (k == 0) /* a single character wider than the line */
                k = 1;
            np_buf_put(&out, p, k);
            np_buf_putc(&out, '\n');
            p += k;
            n -= k;
            while (n && *p == ' ') {
                p++;
                n--;
            }
        }
        np_buf_put(&out, p, n);
        if (nl)
            np_buf_putc(&out, '\n');
        p += n + (nl ? 1 : 0);
    }
    np_buf_reset(text);
    np_buf_put(text, out.data ? out.data : "", out.len);
    np_buf_free(&out);
}

void np_compose_blank_lines(const np_bundle *bd, np_buf *t)
{
    for (int i = 0; i < bd->p.blank_between; i++)
        np_buf_putc(t, '\n');
}

static void fold_hook(void *ud, const char *s, size_t n, np_buf *out)
{
    np_charset_fold(ud, s, n, out);
}

void np_compose_header(np_bundle *bd, const np_item *item, np_buf *t)
{
    /* the text renderer's header block, folded to the charset; a wire
     * framing carries the slug in its own header */
    unsigned fields = bd->p.fields;
    if (bd->p.framing != NP_FRAME_PLAIN)
        fields &= ~(unsigned)NP_TXT_SLUGLINE;
    np_text_opts to = {bd->p.width, fields, bd->p.para_indent, bd->p.blank_between};
    np_text_hook hook = {fold_hook, bd->cs};
    np_render_text_header(item, &to, &hook, t);
}

/* Fold every text of the body in place (copies in the item's arena), so
 * that the renderer wraps what will be written. */
static void fold_inlines(np_bundle *bd, np_arena *a, np_inline *in)
{
    for (; in; in = in->next) {
        if (in->text) {
            np_buf_reset(&bd->tmp);
            np_charset_fold(bd->cs, in->text, strlen(in->text), &bd->tmp);
            in->text = np_arena_strndup(a, np_buf_cstr(&bd->tmp), bd->tmp.len);
        }
        fold_inlines(bd, a, in->children);
    }
}

static const char *fold_str(np_bundle *bd, np_arena *a, const char *s)
{
    if (!s)
        return NULL;
    np_buf_reset(&bd->tmp);
    np_charset_fold(bd->cs, s, strlen(s), &bd->tmp);
    return np_arena_strndup(a, np_buf_cstr(&bd->tmp), bd->tmp.len);
}

void np_compose_fold_body(np_bundle *bd, np_arena *a, np_block *b)
{
    for (; b; b = b->next) {
        fold_inlines(bd, a, b->inl);
        b->alt = fold_str(bd, a, b->alt);
        b->credit = fold_str(bd, a, b->credit);
        np_compose_fold_body(bd, a, b->children);
    }
}

/* A one-line piece (slug, keyword, ANPA headline): folded, newlines and
 * runs of spaces collapsed, at most `cols` columns. */
static void one_line(np_bundle *bd, const char *s, size_t cols, int words, np_buf *out)
{
    np_buf_reset(&bd->tmp);
    np_charset_fold(bd->cs, s ? s : "", s ? strlen(s) : 0, &bd->tmp);
    np_buf_reset(&bd->line);
    for (size_t i = 0; i < bd->tmp.len; i++) {
        char c = bd->tmp.data[i] == '\n' ? ' ' : bd->tmp.data[i];
        if (c == ' ' && (!bd->line.len || bd->line.data[bd->line.len - 1] == ' '))
            continue;
        np_buf_putc(&bd->line, c);
    }
    np_buf_rtrim(&bd->line);
    const char *l = np_buf_cstr(&bd->line);
    np_buf_put(out, l, fit_prefix(l, bd->line.len, cols, words));
}

/* The wire message number shown in headers: 1..9999, wrapping. */
static unsigned wire_seq(unsigned long long seq)
{
    return (unsigned)((seq - 1) % 9999 + 1);
}

void np_compose_frame(np_bundle *bd, const char *slug_src, const char *headline, const char *prio,
                      const char *category, size_t words, const char *version_field,
                      unsigned long long ref_seq)
{
    const np_profile *p = &bd->p;
    np_buf slug = NP_BUF_INIT, head = NP_BUF_INIT, ref = NP_BUF_INIT;
    np_wire_msg m;
    memset(&m, 0, sizeof m);
    m.framing = p->framing;
    m.eol = p->eol;
    m.seq = wire_seq(bd->seq);
    m.source = p->source;
    m.selector = p->selector;
    m.priority = prio;
    m.category = category;
    m.words = words;
    m.signoff = p->signoff;
    m.sent = bd->at.utc;
    int y, mo, d, h, mi;
    np_wire_civil(bd->at.utc, &y, &mo, &d, &h, &mi);
    m.month = mo;
    m.day = d;
    if (p->framing == NP_FRAME_IPTC7901) {
        one_line(bd, slug_src, (size_t)p->width, 0, &slug);
        np_buf_reset(&bd->tmp);
        np_charset_fold(bd->cs, headline, strlen(headline), &bd->tmp);
        np_buf folded = NP_BUF_INIT;
        np_buf_put(&folded, np_buf_cstr(&bd->tmp), bd->tmp.len);
        wrap(bd, np_buf_cstr(&folded), folded.len, "", "", &head);
        np_buf_free(&folded);
        m.slug = np_buf_cstr(&slug);
        m.headline = np_buf_cstr(&head);
    } else if (p->framing == NP_FRAME_ANPA1312) {
        /* keyword: prefix + slug, no spaces (fields are space-separated) */
        np_buf kw = NP_BUF_INIT;
        np_buf_puts(&kw, p->keyword_prefix);
        one_line(bd, slug_src, ANPA_KEYWORD_MAX, 0, &kw);
        /* a keyword is one word: letters, digits, '-' and '.' */
        for (size_t i = 0; i < kw.len; i++) {
            unsigned char c = (unsigned char)kw.data[i];
            if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              (c >= '0' && c <= '9') || c == '.'))
                kw.data[i] = '-';
        }
        np_buf_put(&slug, kw.data, fit_prefix(kw.data, kw.len, ANPA_KEYWORD_MAX, 0));
        np_buf_free(&kw);
        one_line(bd, headline, ANPA_HEADLINE_MAX < p->width ? ANPA_HEADLINE_MAX : (size_t)p->width, 1, &head);
        m.slug = np_buf_cstr(&slug);
        m.headline = np_buf_cstr(&head);
        m.version = version_field;
        if (ref_seq)
            np_buf_printf(&ref, "%04u", wire_seq(ref_seq));
        m.reference = np_buf_cstr(&ref);
    }
    fit_lines(bd, &bd->text);
    m.text = np_buf_cstr(&bd->text);
    np_buf_reset(&bd->framed);
    np_wire_frame(&m, &bd->framed);
    np_buf_free(&slug);
    np_buf_free(&head);
    np_buf_free(&ref);
}

void np_compose_signal_lines(np_bundle *bd, const char *embargo, long replaces, const char *replaces_file,
                             np_buf *t)
{
    if (embargo)
        field(bd, "EMBARGOED-UNTIL: ", embargo, t);
    if (replaces) {
        np_buf_reset(&bd->body);
        np_buf_printf(&bd->body, "replaces version %ld", replaces);
        if (replaces_file)
            np_buf_printf(&bd->body, " sent as %s", replaces_file);
        field(bd, "CORRECTION: ", bd->body.data, t);
    }
}
