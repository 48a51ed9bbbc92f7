/* EPUB converter: text drawn on the raster cover.  Fonts are found through
 * fontconfig (a family for the text's language, then for each character
 * it lacks a font that has it) and drawn with FreeType; FriBiDi gives the
 * direction of runs and Arabic joining, as presentation forms (FreeType
 * draws glyphs by code point and applies no OpenType shaping); lines are
 * broken by the layout module. */
#include "epub_raster.h"
#include "model/font_search.h"
#include "newsprint/layout.h"
#include "util/alloc.h"
#include "util/utf8.h"

#include <fontconfig/fontconfig.h>
#include <fribidi.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <string.h>

typedef struct eg_face {
    FT_Face face;
    char *path;
    int index;
} eg_face;

struct ep_fonts {
    FT_Library lib;
    FcConfig *fc;
    FcPattern *like;   /* family and language: fallbacks are searched like it */
    eg_face *v;        /* v[0] the family's own face, when found */
    size_t n, cap;
    uint32_t *none;    /* code points no font has */
    size_t nnone, capnone;
    int px;
    size_t missing;
};

/* A glyph to draw: the face and glyph index, in visual order. */
typedef struct eg_glyph {
    int face;
    unsigned gid;
} eg_glyph;

static int add_face(ep_fonts *f, const char *path, int index)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->v[i].index == index && !strcmp(f->v[i].path, path))
            return (int)i;
    FT_Face face;
    if (FT_New_Face(f->lib, path, index, &face))
        return -1;
    if (f->px)
        FT_Set_Pixel_Sizes(face, 0, (FT_UInt)f->px);
    NP_GROW(f->v, f->n, f->cap, 4);
    f->v[f->n].face = face;
    f->v[f->n].path = np_xstrdup(path);
    f->v[f->n].index = index;
    return (int)f->n++;
}

static int add_match(ep_fonts *f, FcPattern *m)
{
    FcChar8 *file = NULL;
    int index = 0;
    if (FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch)
        return -1;
    FcPatternGetInteger(m, FC_INDEX, 0, &index);
    return add_face(f, (const char *)file, index);
}

ep_fonts *ep_fonts_new(const char *family, const char *lang, const ep_fonts *share)
{
    ep_fonts *f = np_xcalloc(1, sizeof *f);
    if (FT_Init_FreeType(&f->lib)) {
        free(f);
        return NULL;
    }
    /* loading fontconfig's configuration and font list is most of the
     * cost of a set: the cover's sets share one (reference-counted) */
    f->fc = share ? FcConfigReference(share->fc) : np_font_config_new();
    f->like = FcNameParse((const FcChar8 *)family);
    if (!f->fc || !f->like) {
        ep_fonts_free(f);
        return NULL;
    }
    if (lang && *lang)
        FcPatternAddString(f->like, FC_LANG, (const FcChar8 *)lang);
    FcPattern *pat = FcPatternDuplicate(f->like);
    FcConfigSubstitute(f->fc, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *m = FcFontMatch(f->fc, pat, &res);
    if (m) {
        add_match(f, m);
        FcPatternDestroy(m);
    }
    FcPatternDestroy(pat);
    return f;
}

void ep_fonts_free(ep_fonts *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        FT_Done_Face(f->v[i].face);
        free(f->v[i].path);
    }
    free(f->v);
    free(f->none);
    if (f->like)
        FcPatternDestroy(f->like);
    np_font_config_free(f->fc);
    FT_Done_FreeType(f->lib);
    free(f);
}

void ep_fonts_size(ep_fonts *f, int px)
{
    f->px = px;
    for (size_t i = 0; i < f->n; i++)
        FT_Set_Pixel_Sizes(f->v[i].face, 0, (FT_UInt)px);
}

int ep_fonts_line_height(const ep_fonts *f)
{
    if (!f->n)
        return f->px * 6 / 5;
    return (int)(f->v[0].face->size->metrics.height >> 6);
}

int ep_fonts_ascent(const ep_fonts *f)
{
    if (!f->n)
        return f->px * 4 / 5;
    return (int)(f->v[0].face->size->metrics.ascender >> 6);
}

size_t ep_fonts_missing(const ep_fonts *f)
{
    return f->missing;
}

/* A font that has `cp`: one already open, else the best fontconfig finds
 * like the family; -1 when there is none. */
typedef struct glyph_try {
    ep_fonts *f;
    uint32_t cp;
    unsigned *gid;
} glyph_try;

/* A candidate of np_font_search(): a face FreeType loads with the glyph. */
static int try_match(void *ud, FcPattern *m)
{
    glyph_try *t = ud;
    int i = add_match(t->f, m);
    return i >= 0 && (*t->gid = FT_Get_Char_Index(t->f->v[i].face, t->cp)) != 0 ? i : -1;
}

static int search(ep_fonts *f, uint32_t cp, unsigned *gid)
{
    for (size_t i = 0; i < f->n; i++)
        if ((*gid = FT_Get_Char_Index(f->v[i].face, cp)) != 0)
            return (int)i;
    for (size_t i = 0; i < f->nnone; i++)
        if (f->none[i] == cp)
            return -1;
    glyph_try t = {f, cp, gid};
    int found = np_font_search(f->fc, f->like, NULL, cp, try_match, &t);
    if (found < 0) {
        NP_GROW(f->none, f->nnone, f->capnone, 8);
        f->none[f->nnone++] = cp;
    }
    return found;
}

/* Characters that are not drawn: controls, bidi marks, zero-width joiners. */
static int invisible(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x200b && cp <= 0x200f) ||
           (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff ||
           cp == FRIBIDI_CHAR_FILL;
}

/* Arabic presentation forms are taken from the family's own face only
 * (other fonts build them with OpenType positioning FreeType does not
 * apply), except the Urdu forms of heh goal and yeh barree, which DejaVu
 * lacks and Amiri draws whole. */
static int pres_ok(int face, uint32_t cp)
{
    int urdu = (cp >= 0xfba6 && cp <= 0xfba9) || cp == 0xfbae || cp == 0xfbaf;
    return cp < 0xfb50 || cp > 0xfeff || face == 0 || urdu;
}

/* The glyphs of one line of text in visual order; *n set.  Characters no
 * font has count in f->missing when `count` is set. */
static eg_glyph *shape(ep_fonts *f, const char *text, size_t len, int rtl, int count, size_t *n)
{
    FriBidiChar *cp = np_xmalloc((len + 1) * sizeof *cp);
    size_t m = 0;
    for (size_t i = 0; i < len;)
        cp[m++] = np_utf8_next(text, len, &i);
    *n = 0;
    eg_glyph *g = np_xmalloc((m + 1) * sizeof *g);
    if (!m) {
        free(cp);
        return g;
    }
    FriBidiStrIndex fn = (FriBidiStrIndex)m;
    FriBidiCharType *bt = np_xmalloc(m * sizeof *bt);
    FriBidiBracketType *brt = np_xmalloc(m * sizeof *brt);
    FriBidiLevel *lv = np_xmalloc(m * sizeof *lv);
    FriBidiArabicProp *ar = np_xmalloc(m * sizeof *ar);
    FriBidiChar *sh = np_xmalloc(m * sizeof *sh);
    FriBidiStrIndex *map = np_xmalloc(m * sizeof *map);
    fribidi_get_bidi_types(cp, fn, bt);
    fribidi_get_bracket_types(cp, fn, bt, brt);
    FriBidiParType base = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
    if (!fribidi_get_par_embedding_levels_ex(bt, brt, fn, &base, lv))
        memset(lv, rtl ? 1 : 0, m * sizeof *lv);
    fribidi_get_joining_types(cp, fn, ar);
    fribidi_join_arabic(bt, fn, lv, ar);
    memcpy(sh, cp, m * sizeof *sh);
    fribidi_shape(FRIBIDI_FLAGS_DEFAULT | FRIBIDI_FLAGS_ARABIC, lv, fn, ar, sh);
    for (size_t i = 0; i < m; i++)
        map[i] = (FriBidiStrIndex)i;
    if (!fribidi_reorder_line(FRIBIDI_FLAGS_DEFAULT, bt, fn, 0, base, lv, NULL, map))
        for (size_t i = 0; i < m; i++)
            map[i] = (FriBidiStrIndex)i;
    /* a presentation form no suitable font has: the letters as they were */
    for (size_t i = 0; i < m; i++) {
        if (sh[i] == cp[i] || sh[i] == FRIBIDI_CHAR_FILL)
            continue;
        unsigned gid;
        int face = search(f, sh[i], &gid);
        if (face < 0 || !pres_ok(face, sh[i])) {
            sh[i] = cp[i];
            if (i + 1 < m && sh[i + 1] == FRIBIDI_CHAR_FILL)
                sh[i + 1] = cp[i + 1];
        }
    }
    for (size_t k = 0; k < m; k++) {
        uint32_t c = sh[map[k]];
        if (invisible(c))
            continue;
        unsigned gid = 0;
        int face = search(f, c, &gid);
        if (face < 0) {
            f->missing += count && c != ' ';
            continue;
        }
        g[*n].face = face;
        g[*n].gid = gid;
        (*n)++;
    }
    free(cp);
    free(bt);
    free(brt);
    free(lv);
    free(ar);
    free(sh);
    free(map);
    return g;
}

/* Advance of a glyph in 26.6 pixels (hinted, as drawn). */
static long advance(ep_fonts *f, const eg_glyph *g)
{
    FT_Face face = f->v[g->face].face;
    if (FT_Load_Glyph(face, g->gid, FT_LOAD_DEFAULT))
        return 0;
    return face->glyph->advance.x;
}

double ep_text_width(ep_fonts *f, const char *text, size_t len, int rtl)
{
    size_t n;
    eg_glyph *g = shape(f, text, len, rtl, 0, &n);
    long w = 0;
    for (size_t i = 0; i < n; i++)
        w += advance(f, &g[i]);
    free(g);
    return (double)w / 64.0;
}

void ep_text_draw(ep_fonts *f, ep_canvas *c, const char *text, size_t len, int rtl, int x,
                  int y, ep_rgb colour)
{
    size_t n;
    eg_glyph *g = shape(f, text, len, rtl, 1, &n);
    long pen = (long)x * 64;
    for (size_t i = 0; i < n; i++) {
        FT_Face face = f->v[g[i].face].face;
        if (FT_Load_Glyph(face, g[i].gid, FT_LOAD_DEFAULT | FT_LOAD_RENDER))
            continue;
        FT_GlyphSlot s = face->glyph;
        if (s->bitmap.pixel_mode == FT_PIXEL_MODE_GRAY && s->bitmap.pitch > 0)
            ep_canvas_mask(c, (int)(pen >> 6) + s->bitmap_left, y - s->bitmap_top,
                           s->bitmap.buffer, (int)s->bitmap.width, (int)s->bitmap.rows,
                           s->bitmap.pitch, colour);
        pen += s->advance.x;
    }
    free(g);
}

/* ---- paragraphs -------------------------------------------------------- */

typedef struct eg_measure {
    ep_fonts *f;
    int rtl;
} eg_measure;

static double measure(void *ud, const char *text, size_t len)
{
    eg_measure *m = ud;
    return ep_text_width(m->f, text, len, m->rtl);
}

static int break_lines(ep_fonts *f, const char *text, const char *lang, int rtl, int width,
                       np_lines *out)
{
    eg_measure m = {f, rtl};
    np_layout_opts o = {
        .measure = measure, .width = width, .ud = &m, .lang = lang, .mode = NP_LAYOUT_GREEDY};
    np_error err = {0};
    int rc = np_layout_paragraph(text, strlen(text), &o, out, &err);
    np_error_clear(&err);
    return rc;
}

size_t ep_text_lines(ep_fonts *f, const char *text, const char *lang, int rtl, int width)
{
    np_lines lines = {0};
    size_t n = break_lines(f, text, lang, rtl, width, &lines) == NP_OK ? lines.n : 0;
    np_lines_free(&lines);
    return n;
}

int ep_text_block(ep_fonts *f, ep_canvas *c, const char *text, const char *lang, int rtl,
                  int cx, int y, int width, int max_lines, ep_rgb colour)
{
    np_lines lines = {0};
    if (break_lines(f, text, lang, rtl, width, &lines) != NP_OK) {
        np_lines_free(&lines);
        return y;
    }
    int lh = ep_fonts_line_height(f);
    np_buf line = NP_BUF_INIT;
    for (size_t i = 0; i < lines.n && (int)i < max_lines; i++) {
        np_buf_reset(&line);
        np_buf_put(&line, text + lines.v[i].start, lines.v[i].end - lines.v[i].start);
        if ((int)i + 1 == max_lines && i + 1 < lines.n) {
            /* text left over: an ellipsis, the line shortened until it fits */
            np_buf_puts(&line, "\xe2\x80\xa6");
            while (line.len > 3 && ep_text_width(f, line.data, line.len, rtl) > width) {
                size_t cut = line.len - 3;
                do
                    cut--;
                while (cut > 0 && ((unsigned char)line.data[cut] & 0xc0) == 0x80);
                memmove(line.data + cut, line.data + line.len - 3, 3);
                np_buf_truncate(&line, cut + 3);
            }
        }
        double w = ep_text_width(f, line.data, line.len, rtl);
        ep_text_draw(f, c, line.data, line.len, rtl, cx - (int)(w / 2), y, colour);
        y += lh;
    }
    np_buf_free(&line);
    np_lines_free(&lines);
    return y;
}
