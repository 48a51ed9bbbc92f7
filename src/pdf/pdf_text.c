/* PDF text: rich paragraphs (style bits per byte), a font per character
 * with fallback, widths from the embedded fonts, line breaking through the
 * shared layout module, and drawing: justified lines, right-to-left lines
 * reordered and Arabic letters joined with FriBiDi.
 *
 * Line breaking runs on the logical text; each line is reordered only when
 * it is drawn.  Measuring a piece of Arabic script shapes it first, so the
 * widths the line breaker sees are the widths of the joined forms. */
#include "pdf.h"
#include "util/alloc.h"
#include "util/utf8.h"

#include <fribidi.h>
#include <unicode/uchar.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { FACE_NONE = -1, FACE_MISSING = -2 };

/* The renderer's names for the one codec (util/utf8.c). */
uint32_t pdf_utf8_next(const char *str, size_t len, size_t *i)
{
    return np_utf8_next(str, len, i);
}

void pdf_utf8_put(np_buf *b, uint32_t cp)
{
    np_utf8_buf_put(b, cp);
}

/* ---- character classes ------------------------------------------------ */

/* Not drawn: soft hyphen, zero-width and bidi format characters, BOM,
 * variation selectors. */
static int is_ignorable(uint32_t cp)
{
    return cp == 0xad || cp == 0x34f || (cp >= 0x200b && cp <= 0x200f) ||
           (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff ||
           (cp >= 0xfe00 && cp <= 0xfe0f);
}

static int is_arabic(uint32_t cp)
{
    return (cp >= 0x600 && cp <= 0x6ff) || (cp >= 0x750 && cp <= 0x77f) ||
           (cp >= 0x8a0 && cp <= 0x8ff) || (cp >= 0xfb50 && cp <= 0xfdff) ||
           (cp >= 0xfe70 && cp <= 0xfefe);
}

static int is_cjk(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x2e80 && cp <= 0x2fdf) ||
           (cp >= 0x3000 && cp <= 0x33ff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
           (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xa960 && cp <= 0xa97f) ||
           (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0xf900 && cp <= 0xfaff) ||
           (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xffef);
}

/* Presentation forms of heh goal (U+FBA6..FBA9) and yeh barree
 * (U+FBAE..FBAF): sound glyphs in Amiri without OpenType features. */
static int is_urdu_form(uint32_t cp)
{
    return (cp >= 0xfba6 && cp <= 0xfba9) || cp == 0xfbae || cp == 0xfbaf;
}

/* Strong right-to-left (Hebrew, Arabic, Syriac, Thaana, NKo...). */
static int is_rtl_char(uint32_t cp)
{
    return (cp >= 0x590 && cp <= 0x8ff) || (cp >= 0xfb1d && cp <= 0xfdff) ||
           (cp >= 0xfe70 && cp <= 0xfefe);
}

/* The face that draws `cp` in `role` and `style`: FACE_NONE for characters
 * that are not drawn, FACE_MISSING when no font has it. */
static int face_for(pdf_ctx *ctx, const pdf_role *role, int style, uint32_t cp)
{
    pf_fonts *pf = ctx->pf;
    if (is_ignorable(cp) || cp == '\n')
        return FACE_NONE;
    if (is_arabic(cp)) {
        int a = role->arabic[(style & PT_BOLD) ? 1 : 0];
        if (pf_covers(pf, a, cp))
            return a;
        if (pf_covers(pf, role->arabic[0], cp))
            return role->arabic[0];
    }
    if (is_cjk(cp) && pf_covers(pf, role->cjk, cp))
        return role->cjk;
    if (pf_covers(pf, role->face[style & 3], cp))
        return role->face[style & 3];
    if (pf_covers(pf, role->face[style & PT_BOLD], cp))
        return role->face[style & PT_BOLD];
    if (pf_covers(pf, role->face[0], cp))
        return role->face[0];
    for (size_t i = 0; i < ctx->st.nfallback; i++)
        if (pf_covers(pf, ctx->st.fallback[i], cp))
            return ctx->st.fallback[i];
    if (cp == ' ')
        return role->face[style & 3];
    int f = pf_search(pf, cp, role->face[style & 3]);
    return f >= 0 ? f : FACE_MISSING;
}

/* ---- datelines ------------------------------------------------------------ */

/* Ends the place of a dateline: commas and spaces of any script, an opening
 * bracket, dashes, a colon, digits (哈尔滨11月19日). */
static int ends_place(uint32_t cp)
{
    return cp == 0 || cp == ',' || cp == ' ' || cp == '(' || cp == '-' || cp == ':' ||
           (cp >= '0' && cp <= '9') || cp == 0x60c || cp == 0x3000 || cp == 0x3001 ||
           cp == 0xff08 || cp == 0xff0c || cp == 0xff1a || cp == 0x2013 || cp == 0x2014 ||
           (cp >= 0xff10 && cp <= 0xff19);
}

/* Length of the place at the start of `s` (up to ends_place). */
static size_t place_len(const char *s)
{
    size_t n = strlen(s), i = 0, end = 0;
    while (i < n && !ends_place(np_utf8_next(s, n, &i)))
        end = i;
    return end;
}

/* A bracketed agency credit at the start of `s` ("(NPW)", "（新华社）"):
 * its length with the spaces after it, or 0. */
static size_t credit_len(const char *s)
{
    size_t n = strlen(s), i = 0;
    uint32_t open = np_utf8_next(s, n, &i);
    uint32_t close = open == '(' ? ')' : open == 0xff08 ? 0xff09 : 0;
    if (!close)
        return 0;
    while (i < n && i < 96) {
        uint32_t cp = np_utf8_next(s, n, &i);
        if (cp == close) {
            while (s[i] == ' ')
                i++;
            return i;
        }
    }
    return 0;
}

int pt_starts_with_place(const char *text, const char *dateline)
{
    if (!text || !dateline)
        return 0;
    while (*text == ' ')
        text++;
    size_t n = place_len(dateline);
    if (n < 3)
        return 0;
    for (int pass = 0; pass < 2; pass++) {
        if (!strncasecmp(text, dateline, n)) {
            size_t i = n;
            if (ends_place(np_utf8_next(text, n + strlen(text + n), &i)))
                return 1;
        }
        text += credit_len(text); /* then once more after an agency credit */
    }
    return 0;
}

/* ---- paragraphs --------------------------------------------------------- */

void pt_init(pt_para *p, pdf_ctx *ctx, const pdf_role *role)
{
    memset(p, 0, sizeof *p);
    p->ctx = ctx;
    p->role = role;
    p->hyphenate = 1;
    p->link = -1;
}

/* Text and lines are gone; the paragraph stays valid and empty. */
void pt_release(pt_para *p)
{
    pt_free(p);
    memset(&p->text, 0, sizeof p->text);
    p->st = NULL;
    p->face = NULL;
    p->cap = 0;
}

void pt_free(pt_para *p)
{
    np_layout_cache_free(p->lc);
    p->lc = NULL;
    np_buf_free(&p->text);
    free(p->st);
    free(p->face);
    np_lines_free(&p->lines);
}

static void reserve(pt_para *p, size_t need)
{
    NP_GROW2_TO(p->st, p->face, need, p->cap, 64);
}

static void put_char(pt_para *p, uint32_t cp, int style)
{
    size_t at = p->text.len;
    np_utf8_buf_put(&p->text, cp);
    reserve(p, p->text.len + 1);
    for (size_t k = at; k < p->text.len; k++) {
        p->st[k] = (unsigned char)style;
        p->face[k] = FACE_NONE;
    }
}

/* Combining marks kept on one base character: more are a "zalgo" flood
 * that would pile up glyphs (no script needs more than a handful). */
#define MAX_MARKS 8

static int is_mark(uint32_t cp)
{
    if (cp < 0x300)
        return 0;
    int8_t t = u_charType((UChar32)cp);
    return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK;
}

static void note_mark_flood(pt_para *p)
{
    if (p->story && p->story->warned_marks)
        return;
    pdf_warn_story(p->ctx, p->story,
                   "more than %d combining marks on one character; the rest are left out",
                   MAX_MARKS);
    if (p->story)
        p->story->warned_marks = 1;
}

void pt_add(pt_para *p, const char *s, size_t len, int style)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp = np_utf8_next(s, len, &i);
        if (cp == '\n') {
            while (p->text.len && p->text.data[p->text.len - 1] == ' ')
                np_buf_truncate(&p->text, p->text.len - 1);
            put_char(p, '\n', style);
            continue;
        }
        if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\f' || cp == '\v') {
            if (!p->text.len || p->text.data[p->text.len - 1] == ' ' ||
                p->text.data[p->text.len - 1] == '\n')
                continue;
            cp = ' ';
        }
        if (cp > 0xffff) {
            /* libharu draws 16-bit code units only */
            if (p->story && p->story->nmissing < 100 && !p->story->warned_bmp) {
                pdf_warn_story(p->ctx, p->story,
                               "U+%04X is outside the Basic Multilingual Plane, which libharu "
                               "cannot draw; printed as U+FFFD",
                               (unsigned)cp);
                p->story->warned_bmp = 1;
            } else if (!p->story) {
                pdf_warn(p->ctx, NULL, 0,
                         "U+%04X is outside the Basic Multilingual Plane; printed as U+FFFD",
                         (unsigned)cp);
            }
            cp = 0xfffd;
        }
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
            continue;
        if (is_mark(cp)) {
            if (p->marks >= MAX_MARKS) {
                note_mark_flood(p);
                continue;
            }
            p->marks++;
        } else {
            p->marks = 0;
        }
        put_char(p, cp, style);
    }
}

void pt_adds(pt_para *p, const char *s, int style)
{
    if (s)
        pt_add(p, s, strlen(s), style);
}

static void note_missing(pt_para *p, uint32_t cp)
{
    pdf_story *s = p->story;
    char u[16];
    snprintf(u, sizeof u, "U+%04X", (unsigned)cp);
    if (!s) {
        pdf_warn(p->ctx, NULL, 0, "no font covers %s (in the page furniture)", u);
        return;
    }
    if (!s->missing)
        s->missing = np_xcalloc(1, sizeof *s->missing);
    if (strstr(np_buf_cstr(s->missing), u))
        return;
    s->nmissing++;
    size_t l = s->missing->len;
    if (l + strlen(u) + 2 < PDF_MISSING_MAX)
        np_buf_printf(s->missing, "%s%s", l ? " " : "", u);
}

/* The paragraph's text rebuilt with typographic marks, the style bits
 * carried along. */
typedef struct remark {
    np_buf text;
    unsigned char *st;
    size_t cap;
    const unsigned char *src_st;
} remark;

static void remark_piece(void *ud, size_t src, size_t src_len, const char *out, size_t out_len)
{
    (void)src_len;
    remark *r = ud;
    size_t at = r->text.len;
    np_buf_put(&r->text, out, out_len);
    NP_GROW_TO(r->st, r->text.len, r->cap, 64);
    memset(r->st + at, r->src_st[src], out_len);
}

/* Straight quotes and " - " of wire copy as the language sets them. */
static void typographic_marks(pt_para *p)
{
    remark r = {NP_BUF_INIT, NULL, 0, p->st};
    if (!np_typeset_marks(p->lang, p->text.data, p->text.len, remark_piece, &r)) {
        np_buf_free(&r.text);
        free(r.st);
        return;
    }
    np_buf_free(&p->text);
    p->text = r.text;
    reserve(p, p->text.len + 1);
    memcpy(p->st, r.st, p->text.len);
    free(r.st);
}

void pt_finish(pt_para *p)
{
    while (p->text.len && (p->text.data[p->text.len - 1] == ' ' ||
                           p->text.data[p->text.len - 1] == '\n'))
        np_buf_truncate(&p->text, p->text.len - 1);
    if (p->lang && p->text.len)
        typographic_marks(p);
    reserve(p, p->text.len + 1);
    p->bidi = p->rtl;
    size_t i = 0;
    while (i < p->text.len) {
        size_t at = i;
        uint32_t cp = np_utf8_next(p->text.data, p->text.len, &i);
        if (is_rtl_char(cp))
            p->bidi = 1;
        if (p->role->upper && cp >= 'a' && cp <= 'z')
            cp -= 32;
        int f = face_for(p->ctx, p->role, p->st[at], cp);
        if (f == FACE_MISSING)
            note_missing(p, cp);
        for (size_t k = at; k < i; k++)
            p->face[k] = (short)f;
    }
}

size_t pt_nlines(const pt_para *p)
{
    return p->lines.n;
}

/* ---- measuring ----------------------------------------------------------- */

static int draw_face(const pt_para *p, size_t at)
{
    int f = p->face[at];
    if (f == FACE_MISSING)
        f = p->role->face[p->st[at] & 3];
    return f;
}

/* The next drawn character of text[*i, end) of a paragraph that needs no
 * shaping (characters in no face are skipped; a role set in capitals
 * upper-cases ASCII): 1 with *cp and *face set, 0 at the end. */
static int next_drawn(const pt_para *p, size_t *i, size_t end, uint32_t *cp, int *face)
{
    while (*i < end) {
        size_t at = *i;
        uint32_t c = np_utf8_next(p->text.data, end, i);
        if (p->face[at] == FACE_NONE)
            continue;
        if (p->role->upper && c >= 'a' && c <= 'z')
            c -= 32;
        *cp = c;
        *face = draw_face(p, at);
        return 1;
    }
    return 0;
}

/* A range of the paragraph as code points with their byte offsets; Arabic
 * joined and shaped (logical order) when `shape`. */
typedef struct seq {
    uint32_t *cp;
    size_t *off;
    FriBidiCharType *bt;
    FriBidiLevel *lv;
    FriBidiStrIndex *map;
    size_t n;
    FriBidiParType base;
} seq;

static void seq_free(seq *q)
{
    free(q->cp);
    free(q->off);
    free(q->bt);
    free(q->lv);
    free(q->map);
}

static void seq_decode(const pt_para *p, size_t off, size_t len, seq *q)
{
    memset(q, 0, sizeof *q);
    q->cp = np_xrealloc(NULL, (len + 2) * sizeof *q->cp);
    q->off = np_xrealloc(NULL, (len + 2) * sizeof *q->off);
    size_t i = off, end = off + len;
    while (i < end) {
        size_t at = i;
        uint32_t cp = np_utf8_next(p->text.data, end, &i);
        if (p->role->upper && cp >= 'a' && cp <= 'z')
            cp -= 32;
        q->cp[q->n] = cp;
        q->off[q->n++] = at;
    }
}

/* Bidi levels, Arabic joining and shaping; `reorder`: visual map too.
 * Presentation forms the drawing face lacks fall back to the base letter. */
static void seq_shape(pdf_ctx *ctx, const pt_para *p, seq *q, int reorder)
{
    size_t n = q->n;
    if (!n)
        return;
    FriBidiStrIndex fn = (FriBidiStrIndex)n;
    q->bt = np_xrealloc(NULL, n * sizeof *q->bt);
    q->lv = np_xrealloc(NULL, n * sizeof *q->lv);
    FriBidiBracketType *brt = np_xrealloc(NULL, n * sizeof *brt);
    FriBidiArabicProp *ar = np_xrealloc(NULL, n * sizeof *ar);
    FriBidiChar *orig = np_xrealloc(NULL, n * sizeof *orig);
    for (size_t i = 0; i < n; i++)
        orig[i] = q->cp[i];
    fribidi_get_bidi_types(orig, fn, q->bt);
    fribidi_get_bracket_types(orig, fn, q->bt, brt);
    q->base = p->rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
    if (!fribidi_get_par_embedding_levels_ex(q->bt, brt, fn, &q->base, q->lv))
        memset(q->lv, p->rtl ? 1 : 0, n * sizeof *q->lv);
    fribidi_get_joining_types(orig, fn, ar);
    fribidi_join_arabic(q->bt, fn, q->lv, ar);
    FriBidiChar *sh = np_xrealloc(NULL, n * sizeof *sh);
    memcpy(sh, orig, n * sizeof *sh);
    fribidi_shape(FRIBIDI_FLAGS_DEFAULT | FRIBIDI_FLAGS_ARABIC, q->lv, fn, ar, sh);
    for (size_t i = 0; i < n; i++) {
        if (sh[i] == orig[i])
            continue;
        if (sh[i] == FRIBIDI_CHAR_FILL) {
            q->cp[i] = FRIBIDI_CHAR_FILL; /* second half of a ligature */
            continue;
        }
        int f = draw_face(p, q->off[i]);
        /* presentation forms only from the style's Arabic fonts: other
         * fonts (Amiri, Noto Naskh) map them to glyphs that need OpenType
         * features libharu does not apply; their base letters are sound.
         * Except the Urdu forms of heh goal and yeh barree, which DejaVu
         * lacks and Amiri draws whole. */
        int pres_ok = f == p->role->arabic[0] || f == p->role->arabic[1] ||
                      (sh[i] < 0xfb50 || sh[i] > 0xfeff) || is_urdu_form(sh[i]);
        if (f >= 0 && pres_ok && pf_covers(ctx->pf, f, sh[i])) {
            q->cp[i] = sh[i];
        } else {
            q->cp[i] = orig[i];
            /* a ligature the font lacks: both letters as they were */
            if (i + 1 < n && sh[i + 1] == FRIBIDI_CHAR_FILL && orig[i + 1] != FRIBIDI_CHAR_FILL)
                sh[i + 1] = orig[i + 1];
            if (i > 0 && q->cp[i - 1] == FRIBIDI_CHAR_FILL && orig[i - 1] != FRIBIDI_CHAR_FILL)
                q->cp[i - 1] = orig[i - 1];
        }
    }
    if (reorder) {
        q->map = np_xrealloc(NULL, n * sizeof *q->map);
        for (size_t i = 0; i < n; i++)
            q->map[i] = (FriBidiStrIndex)i;
        if (!fribidi_reorder_line(FRIBIDI_FLAGS_DEFAULT, q->bt, fn, 0, q->base, q->lv, NULL,
                                  q->map))
            for (size_t i = 0; i < n; i++)
                q->map[i] = (FriBidiStrIndex)i;
    }
    free(brt);
    free(ar);
    free(orig);
    free(sh);
}

static int needs_shaping(const pt_para *p, size_t off, size_t len)
{
    if (!p->bidi)
        return 0;
    const unsigned char *s = (const unsigned char *)p->text.data;
    for (size_t i = off; i < off + len; i++)
        if (s[i] >= 0xd8 && s[i] <= 0xdf) /* lead bytes of U+0600..U+07FF */
            return 1;
        else if (s[i] == 0xef) /* U+F000..: presentation forms as written */
            return 1;
    return 0;
}

double pt_measure(const pt_para *p, size_t off, size_t len)
{
    pdf_ctx *ctx = p->ctx;
    double w = 0;
    if (needs_shaping(p, off, len)) {
        seq q;
        seq_decode(p, off, len, &q);
        seq_shape(ctx, p, &q, 0);
        for (size_t i = 0; i < q.n; i++) {
            int f = p->face[q.off[i]];
            if (f == FACE_NONE || q.cp[i] == FRIBIDI_CHAR_FILL)
                continue;
            w += pf_advance(ctx->pf, draw_face(p, q.off[i]), q.cp[i]);
        }
        seq_free(&q);
    } else {
        size_t i = off;
        uint32_t cp;
        int f;
        while (next_drawn(p, &i, off + len, &cp, &f))
            w += pf_advance(ctx->pf, f, cp);
    }
    return w * p->role->size / 1000.0;
}

/* Text that is not part of the paragraph (the hyphen the line breaker adds). */
static double measure_loose(const pt_para *p, const char *s, size_t len)
{
    double w = 0;
    size_t i = 0;
    while (i < len) {
        uint32_t cp = np_utf8_next(s, len, &i);
        int f = face_for(p->ctx, p->role, 0, cp);
        if (f >= 0)
            w += pf_advance(p->ctx->pf, f, cp);
    }
    return w * p->role->size / 1000.0;
}

static double measure_cb(void *ud, const char *text, size_t len)
{
    const pt_para *p = ud;
    const char *base = p->text.data;
    if (base && text >= base && text + len <= base + p->text.len)
        return pt_measure(p, (size_t)(text - base), len);
    return measure_loose(p, text, len);
}

static double avail(const pt_para *p, size_t line)
{
    double w = p->width - p->indent - p->indent_end - (line == 0 ? p->indent_first : 0);
    return w < p->role->size ? p->role->size : w;
}

static double linewidth_cb(void *ud, size_t line_no)
{
    return avail(ud, line_no);
}

int pt_break(pt_para *p, double width)
{
    p->width = width;
    p->lines.n = 0;
    if (!p->text.len)
        return NP_OK;
    if (p->story && p->story->skim) {
        /* the story's length is known (pdf_story.c): only the fonts its
         * lines would be measured in are loaded, in the same order */
        pt_measure(p, 0, p->text.len);
        return NP_OK;
    }
    np_layout_opts lo;
    memset(&lo, 0, sizeof lo);
    lo.measure = measure_cb;
    lo.line_width = linewidth_cb;
    lo.width = avail(p, 1);
    lo.ud = p;
    lo.lang = p->lang;
    lo.mode = p->align == PT_JUSTIFY ? NP_LAYOUT_TOTAL_FIT : NP_LAYOUT_GREEDY;
    lo.hyphenator = p->hyphenate && p->story ? p->story->hyph : NULL;
    /* page make-up breaks a paragraph again for other widths */
    if (!p->lc)
        p->lc = np_layout_cache_new();
    lo.cache = p->lc;
    np_error err = NP_ERROR_INIT;
    int rc = np_layout_paragraph(p->text.data, p->text.len, &lo, &p->lines, &err);
    if (rc != NP_OK) {
        pdf_warn_story(p->ctx, p->story, "line breaking failed%s: %s",
                       p->story ? "" : " in the page furniture", err.message ? err.message : "?");
        np_error_clear(&err);
    }
    return rc;
}

/* ---- drawing ------------------------------------------------------------- */

typedef struct glyph {
    uint32_t cp;
    int face;
    double w; /* points */
} glyph;

typedef struct gline {
    glyph *g;
    size_t n, cap;
} gline;

static void gl_push(gline *l, uint32_t cp, int face, double w)
{
    NP_GROW(l->g, l->n, l->cap, 64);
    l->g[l->n++] = (glyph){cp, face, w};
}

static void note_drawn(pt_para *p, int face, uint32_t cp);

/* The glyphs of line i in visual order. */
static void line_glyphs(pt_para *p, size_t li, gline *out)
{
    pdf_ctx *ctx = p->ctx;
    const np_line *ln = &p->lines.v[li];
    double k = p->role->size / 1000.0;
    size_t s = ln->start, e = ln->end;
    while (e > s && (p->text.data[e - 1] == ' ' || p->text.data[e - 1] == '\n'))
        e--;
    int last_face = p->role->face[0];
    if (p->bidi) {
        seq q;
        seq_decode(p, s, e - s, &q);
        seq_shape(ctx, p, &q, 1);
        for (size_t v = 0; v < q.n; v++) {
            size_t i = (size_t)q.map[v];
            int f = p->face[q.off[i]];
            if (f == FACE_NONE || q.cp[i] == FRIBIDI_CHAR_FILL)
                continue;
            f = draw_face(p, q.off[i]);
            gl_push(out, q.cp[i], f, pf_advance(ctx->pf, f, q.cp[i]) * k);
            if (i + 1 == q.n)
                last_face = f;
        }
        seq_free(&q);
        if (ln->hyphen) {
            glyph h = {'-', last_face, pf_advance(ctx->pf, last_face, '-') * k};
            if (p->rtl) {
                gl_push(out, 0, 0, 0);
                memmove(out->g + 1, out->g, (out->n - 1) * sizeof *out->g);
                out->g[0] = h;
            } else {
                gl_push(out, h.cp, h.face, h.w);
            }
        }
        return;
    }
    size_t i = s;
    uint32_t cp;
    int f;
    while (next_drawn(p, &i, e, &cp, &f)) {
        gl_push(out, cp, f, pf_advance(ctx->pf, f, cp) * k);
        last_face = f;
    }
    if (ln->hyphen)
        gl_push(out, '-', last_face, pf_advance(ctx->pf, last_face, '-') * k);
}

double pt_line_width(const pt_para *p, size_t i)
{
    if (i >= p->lines.n)
        return 0;
    gline l = {0};
    line_glyphs((pt_para *)p, i, &l);
    double w = 0;
    for (size_t k = 0; k < l.n; k++)
        w += l.g[k].w;
    free(l.g);
    return w + p->indent + p->indent_end + (i == 0 ? p->indent_first : 0);
}

double pt_ascent(const pt_para *p)
{
    return pf_ascent(p->ctx->pf, p->role->face[0]) * p->role->size / 1000.0;
}

double pt_descent(const pt_para *p)
{
    return pf_descent(p->ctx->pf, p->role->face[0]) * p->role->size / 1000.0;
}

/* A libharu call's status: on failure the error is reported once per
 * paragraph and cleared, so that one bad line cannot stop the document
 * (libharu refuses every later call while an error is set). */
static int hpdf_ok(pt_para *p, HPDF_STATUS st, const char *what)
{
    if (st == HPDF_OK)
        return 1;
    HPDF_Doc pdf = p->ctx->pdf;
    unsigned long e = HPDF_GetError(pdf);
    HPDF_ResetError(pdf);
    p->ctx->hpdf_error = 0;
    if (!p->draw_failed)
        pdf_warn_story(p->ctx, p->story,
                       "libharu refused %s (error 0x%04lX)%s; the line is left out", what, e,
                       p->story ? "" : " in the page furniture");
    p->draw_failed = 1;
    return 0;
}

/* Three decimals: the precision of the numbers in the content stream. */
static double round3(double v)
{
    return floor(v * 1000 + 0.5) / 1000;
}

/* A byte of a code in a literal string. */
static void put_byte(np_buf *b, unsigned c)
{
    if (c == '(' || c == ')' || c == '\\')
        np_buf_putc(b, '\\');
    if (c == '\r') {
        np_buf_puts(b, "\\r");
        return;
    }
    np_buf_putc(b, (int)c);
}

/* A code (pdf_codes.c): one byte or two. */
static void put_code(np_buf *b, unsigned code)
{
    if (code >= 0x100)
        put_byte(b, code >> 8);
    put_byte(b, code & 255);
}

static int is_space(uint32_t cp)
{
    return cp == ' ';
}

/* A run of glyphs in one font: "(...)Tj", or "[(...)n(...)]TJ" when some
 * glyph needs moving to where the layout put it.  `start`: where its "["
 * is in `out`. */
static void end_run(np_buf *out, size_t start, int in_string, int moved)
{
    if (in_string)
        np_buf_putc(out, ')');
    if (moved) {
        np_buf_puts(out, "]TJ\n");
    } else {
        memmove(out->data + start, out->data + start + 1, out->len - start - 1);
        out->len--;
        np_buf_puts(out, "Tj\n");
    }
}

/* Glyphs a..b of a line from lx on the baseline, spaces too: one string
 * per font, the word spacing (Tw) making the spaces as wide as the layout
 * has them.  Where the pen drifts from the layout (rounding, letter
 * spacing on a space) by more than a hundredth of a point, an adjustment
 * (thousandths of the font size) brings the next word back. */
static void draw_glyphs(pt_para *p, HPDF_Page page, const gline *l, size_t a, size_t b,
                        double lx, double base, double scale, double sp_extra, double ch_extra)
{
    pdf_ctx *ctx = p->ctx;
    size_t k = a;
    while (k < b && (is_space(l->g[k].cp) || l->g[k].cp > 0xffff || !pf_font(ctx->pf, l->g[k].face)))
        k++;
    if (k == b)
        return;
    double size = p->role->size;
    if (size > HPDF_MAX_FONTSIZE)
        size = HPDF_MAX_FONTSIZE;
    double unit = size * scale / 1000; /* points per unit of adjustment */
    double tw = scale == 1 ? round3(sp_extra) : 0;
    np_buf out = NP_BUF_INIT;
    pdf_pen_begin(ctx, page, &out);
    pdf_pen_state(ctx, p->role->gray, scale * 100, ch_extra, tw, &out);
    pdf_pen_line(ctx, lx, base, &out);
    /* where the pen is and where the layout puts the glyph */
    double ax = (double)ctx->pen.lx / 1000, cx = lx;
    int face = -1, in_run = 0, in_string = 0, moved = 0, gap = 0;
    size_t run_start = 0;
    for (k = a; k < b; k++) {
        const glyph *g = &l->g[k];
        HPDF_Font font = pf_font(ctx->pf, g->face);
        int space = is_space(g->cp);
        unsigned code = font ? pdf_code(ctx, g->cp) : 0;
        double lay = g->w * scale + (space ? sp_extra : ch_extra);
        if (!code || (space && k + 1 < b && is_space(l->g[k + 1].cp))) {
            cx += lay; /* not drawn */
            gap = 1;
            continue;
        }
        if (g->face != face) {
            if (in_run)
                end_run(&out, run_start, in_string, moved);
            in_run = in_string = moved = 0;
            face = -1;
            if (!pdf_pen_font(ctx, font, size, &out)) {
                HPDF_STATUS st = HPDF_GetError(ctx->pdf);
                hpdf_ok(p, st ? st : HPDF_INVALID_FONT, "a font");
                cx += lay;
                gap = 1;
                continue;
            }
            face = g->face;
        }
        if (!in_run) {
            run_start = out.len;
            np_buf_putc(&out, '[');
            in_run = 1;
        }
        if (gap || fabs(ax - cx) > 0.01) {
            long n = lround((ax - cx) / unit);
            if (n && fabs(ax - cx) > 0.01) {
                if (in_string)
                    np_buf_putc(&out, ')');
                in_string = 0;
                np_buf_printf(&out, "%ld", n);
                ax -= (double)n * unit;
                moved = 1;
            }
            gap = 0;
        }
        if (!in_string)
            np_buf_putc(&out, '(');
        in_string = 1;
        put_code(&out, code);
        pf_mark(ctx->pf, g->face, g->cp);
        if (!space)
            note_drawn(p, g->face, g->cp);
        ax += (g->w + ch_extra + (space ? tw : 0)) * scale;
        cx += lay;
    }
    if (in_run)
        end_run(&out, run_start, in_string, moved);
    pdf_pen_flush(ctx, &out);
    np_buf_free(&out);
    if (ctx->pen.failed) {
        ctx->pen.failed = 0;
        hpdf_ok(p, HPDF_FAILD_TO_ALLOC_MEM, "a line of text");
    }
}

void pt_draw_line(pt_para *p, HPDF_Page page, size_t li, double x, double base, double width)
{
    if (li >= p->lines.n)
        return;
    gline l = {0};
    line_glyphs(p, li, &l);
    /* no spaces at either end */
    size_t a = 0, b = l.n;
    while (a < b && is_space(l.g[a].cp))
        a++;
    while (b > a && is_space(l.g[b - 1].cp))
        b--;
    double natural = 0;
    size_t spaces = 0, cjk = 0;
    for (size_t k = a; k < b; k++) {
        natural += l.g[k].w;
        if (is_space(l.g[k].cp))
            spaces++;
        if (is_cjk(l.g[k].cp))
            cjk++;
    }
    double start_ind = p->indent + (li == 0 ? p->indent_first : 0);
    double room = width - start_ind - p->indent_end;
    const np_line *ln = &p->lines.v[li];
    int last = li + 1 == p->lines.n || ln->forced;
    double sp_extra = 0, ch_extra = 0, scale = 1;
    if (natural > room + 0.01) {
        /* a grapheme cluster wider than the column (the layout breaks
         * everything else): squeezed, but never below libharu's floor */
        scale = room > 0 ? room / natural : 0;
        if (scale < HPDF_MIN_HORIZONTALSCALING / 100.0)
            scale = HPDF_MIN_HORIZONTALSCALING / 100.0;
    } else if (p->align == PT_JUSTIFY && !last) {
        double extra = room - natural;
        if (spaces && (!cjk || cjk * 2 < b - a))
            sp_extra = extra / (double)spaces;
        else if (cjk * 2 >= b - a && b - a > 1 && extra < (double)(b - a) * p->role->size * 0.5)
            ch_extra = extra / (double)(b - a - 1); /* letter-spacing: CJK lines only */
        if (ch_extra > HPDF_MAX_CHARSPACE)
            ch_extra = 0;
        if (sp_extra > 0 && !spaces)
            sp_extra = 0;
    }
    scale = round3(scale * 100) / 100; /* as written (Tz, Tc) */
    ch_extra = round3(ch_extra);
    double used = natural * scale + sp_extra * (double)spaces +
                  ch_extra * (double)(b > a ? b - a - 1 : 0);
    /* where the line starts, left to right */
    int align = p->align;
    if (align == PT_JUSTIFY)
        align = PT_START;
    double lx;
    int right = (align == PT_START && p->rtl) || (align == PT_END && !p->rtl);
    if (align == PT_CENTER)
        lx = x + start_ind + (room - used) / 2;
    else if (right)
        lx = x + width - (p->rtl ? start_ind : p->indent_end) - used;
    else
        lx = x + (p->rtl ? p->indent_end : start_ind);
    if (p->align == PT_JUSTIFY && !last && scale == 1 && (sp_extra > 0 || ch_extra > 0))
        lx = p->rtl ? x + p->indent_end : x + start_ind;

    draw_glyphs(p, page, &l, a, b, lx, base, scale, sp_extra, ch_extra);
    free(l.g);
    /* the list marker hangs in the indent */
    if (li == 0 && p->marker) {
        pt_para m;
        pt_init(&m, p->ctx, p->role);
        m.story = p->story;
        m.align = PT_START;
        m.rtl = p->rtl;
        m.hyphenate = 0;
        pt_adds(&m, p->marker, 0);
        pt_finish(&m);
        double mw = pt_measure(&m, 0, m.text.len);
        m.width = mw + 1;
        np_line one = {0, m.text.len, 0, 1, mw, 0};
        m.lines.v = &one;
        m.lines.n = 1;
        double gap = p->role->size * 0.35;
        double mx = p->rtl ? x + width - p->indent + gap : x + p->indent - mw - gap;
        pt_draw_line(&m, page, 0, mx, base, mw + 0.5);
        m.lines.v = NULL;
        m.lines.n = 0;
        pt_free(&m);
    }
}

/* ---- the fonts report ------------------------------------------------------ */

static void note_drawn(pt_para *p, int face, uint32_t cp)
{
    pdf_story *s = p->story;
    if (!s || cp < 0x80 || !p->ctx->o->fonts_report)
        return;
    uint64_t key = ((uint64_t)(uint32_t)face << 32) | cp;
    if (!s->drawn)
        s->drawn = np_xcalloc(1, sizeof *s->drawn);
    pdf_drawn *d = s->drawn;
    if (d->n * 2 >= d->cap) {
        size_t ncap = d->cap ? d->cap * 2 : 256;
        uint64_t *nv = np_xrealloc(NULL, ncap * sizeof *nv);
        for (size_t i = 0; i < ncap; i++)
            nv[i] = UINT64_MAX;
        for (size_t i = 0; i < d->cap; i++) {
            if (d->v[i] == UINT64_MAX)
                continue;
            size_t j = (size_t)(d->v[i] * 0x9e3779b97f4a7c15ull >> 32) & (ncap - 1);
            while (nv[j] != UINT64_MAX)
                j = (j + 1) & (ncap - 1);
            nv[j] = d->v[i];
        }
        free(d->v);
        d->v = nv;
        d->cap = ncap;
    }
    size_t j = (size_t)(key * 0x9e3779b97f4a7c15ull >> 32) & (d->cap - 1);
    while (d->v[j] != UINT64_MAX) {
        if (d->v[j] == key)
            return;
        j = (j + 1) & (d->cap - 1);
    }
    d->v[j] = key;
    d->n++;
}

/* A new paragraph of the current story, registered in the context (which
 * frees it). */
pt_para *pdf_para_new(pdf_ctx *ctx, const pdf_role *role)
{
    pdf_owned *o = ctx->own ? ctx->own : &ctx->owned;
    NP_GROW(o->paras, o->nparas, o->capparas, 64);
    pt_para *p = np_xrealloc(NULL, sizeof *p);
    pt_init(p, ctx, role);
    p->story = ctx->cur;
    o->paras[o->nparas++] = p;
    return p;
}
