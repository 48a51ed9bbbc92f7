/* PDF fonts: fontconfig lookup and coverage (FcCharSet), libharu loading
 * (TrueType subsets, UTF-8 encoder), advance widths from the embedded
 * font's own metrics, and a search for a font that has a given character. */
#include "pdf.h"
#include "model/font_search.h"
#include "util/alloc.h"

#include <fontconfig/fontconfig.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

typedef struct pf_face {
    char *path;
    int index;
    char *family;
    FcCharSet *cs;
    HPDF_Font font;
    int loaded;            /* tried to load into the PDF */
    uint16_t *w[256];      /* advance widths by 256-code-point block, 0xffff unknown */
    uint8_t *drawn;        /* bitmap of the codes drawn with it (65536 bits), or NULL */
    double ascent, descent;
} pf_face;

typedef struct pf_hit {
    uint32_t cp;
    int face;              /* -1: none found */
    int used;
} pf_hit;

struct pf_fonts {
    HPDF_Doc pdf;
    FcConfig *fc;
    pf_face *v;
    size_t n, cap;
    pf_hit *hits;          /* pf_search cache, open addressing */
    size_t nhits, caphits;
    np_buf errors;
};

pf_fonts *pf_new(HPDF_Doc pdf)
{
    pf_fonts *pf = np_xrealloc(NULL, sizeof *pf);
    memset(pf, 0, sizeof *pf);
    pf->pdf = pdf;
    pf->fc = np_font_config_new();
    return pf;
}

void pf_free(pf_fonts *pf)
{
    if (!pf)
        return;
    for (size_t i = 0; i < pf->n; i++) {
        free(pf->v[i].path);
        free(pf->v[i].drawn);
        free(pf->v[i].family);
        if (pf->v[i].cs)
            FcCharSetDestroy(pf->v[i].cs);
        for (int b = 0; b < 256; b++)
            free(pf->v[i].w[b]);
    }
    free(pf->v);
    free(pf->hits);
    np_buf_free(&pf->errors);
    np_font_config_free(pf->fc);
    free(pf);
}

size_t pf_count(const pf_fonts *pf)
{
    return pf->n;
}

const char *pf_errors(const pf_fonts *pf)
{
    return np_buf_cstr(&pf->errors);
}

static int is_truetype(FcPattern *p)
{
    FcChar8 *fmt = NULL;
    if (FcPatternGetString(p, FC_FONTFORMAT, 0, &fmt) != FcResultMatch)
        return 1; /* unknown: let libharu try */
    return strcmp((const char *)fmt, "TrueType") == 0;
}

/* Add a face from a fontconfig pattern (file, index, charset, family). */
static int add_face(pf_fonts *pf, FcPattern *p, const char *path, int index)
{
    for (size_t i = 0; i < pf->n; i++)
        if (pf->v[i].index == index && !strcmp(pf->v[i].path, path))
            return (int)i;
    NP_GROW(pf->v, pf->n, pf->cap, 16);
    pf_face *f = &pf->v[pf->n];
    memset(f, 0, sizeof *f);
    f->path = np_xstrdup(path);
    f->index = index;
    FcChar8 *fam = NULL;
    f->family = np_xstrdup(FcPatternGetString(p, FC_FAMILY, 0, &fam) == FcResultMatch
                            ? (const char *)fam
                            : path);
    FcCharSet *cs = NULL;
    if (FcPatternGetCharSet(p, FC_CHARSET, 0, &cs) == FcResultMatch && cs)
        f->cs = FcCharSetCopy(cs);
    return (int)pf->n++;
}

/* "DIR/FILE.ttc#2" -> path and index */
static int open_path(pf_fonts *pf, const char *spec, const char *base_dir, np_error *err)
{
    np_buf path = NP_BUF_INIT;
    const char *hash = strrchr(spec, '#');
    size_t n = hash ? (size_t)(hash - spec) : strlen(spec);
    int index = hash ? atoi(hash + 1) : 0;
    if (spec[0] != '/' && base_dir && *base_dir) {
        np_buf_puts(&path, base_dir);
        np_buf_putc(&path, '/');
    }
    np_buf_put(&path, spec, n);
    int rc = -1;
    if (access(path.data, R_OK) != 0) {
        np_error_set(err, NP_ERR_IO, NULL, 0, "font file '%s' cannot be read", path.data);
    } else {
        int count = 0;
        FcPattern *p = FcFreeTypeQuery((const FcChar8 *)path.data, (unsigned)index, NULL, &count);
        if (!p) {
            np_error_set(err, NP_ERR_INVALID, NULL, 0, "'%s' is not a font fontconfig can read",
                         path.data);
        } else if (!is_truetype(p)) {
            np_error_set(err, NP_ERR_INVALID, NULL, 0,
                         "font '%s' has no TrueType outlines (libharu embeds TrueType only)",
                         path.data);
        } else {
            rc = add_face(pf, p, path.data, index);
        }
        if (p)
            FcPatternDestroy(p);
    }
    np_buf_free(&path);
    return rc;
}

static int family_matches(FcPattern *match, const char *want)
{
    FcChar8 *fam;
    for (int i = 0; FcPatternGetString(match, FC_FAMILY, i, &fam) == FcResultMatch; i++)
        if (!strcasecmp((const char *)fam, want))
            return 1;
    return 0;
}

int pf_open(pf_fonts *pf, const char *spec, const char *base_dir, np_buf *warn, np_error *err)
{
    size_t n = strlen(spec);
    if (strchr(spec, '/') || (n > 4 && (!strcasecmp(spec + n - 4, ".ttf") ||
                                        !strcasecmp(spec + n - 4, ".ttc") ||
                                        !strcasecmp(spec + n - 4, ".otf"))) ||
        (strchr(spec, '#') && strstr(spec, ".tt")))
        return open_path(pf, spec, base_dir, err);
    if (!pf->fc)
        return np_error_set(err, NP_ERR_INTERNAL, NULL, 0,
                            "fontconfig is not available to find font '%s'", spec),
               -1;
    FcPattern *pat = FcNameParse((const FcChar8 *)spec);
    if (!pat)
        return np_error_set(err, NP_ERR_USAGE, NULL, 0, "bad font name '%s'", spec), -1;
    FcConfigSubstitute(pf->fc, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcFontSet *set = FcFontSort(pf->fc, pat, FcFalse, NULL, &res);
    FcChar8 *want = NULL;
    FcPatternGetString(pat, FC_FAMILY, 0, &want);
    int rc = -1;
    /* the best match that libharu can embed; say so when it is another family */
    for (int i = 0; set && i < set->nfont && rc < 0; i++) {
        FcPattern *m = FcFontRenderPrepare(pf->fc, pat, set->fonts[i]);
        FcChar8 *file = NULL;
        int index = 0;
        if (m && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch && is_truetype(m)) {
            FcPatternGetInteger(m, FC_INDEX, 0, &index);
            if (want && !family_matches(m, (const char *)want) && warn) {
                FcChar8 *fam = NULL;
                FcPatternGetString(m, FC_FAMILY, 0, &fam);
                np_buf_printf(warn, "font '%s' is not installed; using '%s' (%s)", spec,
                              fam ? (const char *)fam : "?", (const char *)file);
            }
            rc = add_face(pf, m, (const char *)file, index);
        }
        if (m)
            FcPatternDestroy(m);
    }
    if (rc < 0)
        np_error_set(err, NP_ERR_IO, NULL, 0, "no TrueType font found for '%s'", spec);
    if (set)
        FcFontSetDestroy(set);
    FcPatternDestroy(pat);
    return rc;
}

int pf_covers(const pf_fonts *pf, int f, uint32_t cp)
{
    if (f < 0 || (size_t)f >= pf->n || !pf->v[f].cs)
        return 0;
    if (pf->v[f].loaded && !pf->v[f].font)
        return 0; /* libharu could not load it */
    return FcCharSetHasChar(pf->v[f].cs, cp);
}

typedef struct pf_try {
    pf_fonts *pf;
    uint32_t cp;
} pf_try;

/* A candidate of np_font_search(): a TrueType face libharu can embed. */
static int try_face(void *ud, FcPattern *m)
{
    pf_try *t = ud;
    FcChar8 *file = NULL;
    int index = 0;
    if (!is_truetype(m) || FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch)
        return -1;
    FcPatternGetInteger(m, FC_INDEX, 0, &index);
    int f = add_face(t->pf, m, (const char *)file, index);
    return pf_covers(t->pf, f, t->cp) ? f : -1;
}

static int search_uncached(pf_fonts *pf, uint32_t cp, int like)
{
    pf_try t = {pf, cp};
    return np_font_search(pf->fc, NULL,
                          like >= 0 && (size_t)like < pf->n ? pf->v[like].family : NULL, cp,
                          try_face, &t);
}

int pf_search(pf_fonts *pf, uint32_t cp, int like)
{
    if (pf->nhits * 2 >= pf->caphits) {
        size_t ncap = pf->caphits ? pf->caphits * 2 : 256;
        pf_hit *nh = np_xrealloc(NULL, ncap * sizeof *nh);
        memset(nh, 0, ncap * sizeof *nh);
        for (size_t i = 0; i < pf->caphits; i++) {
            if (!pf->hits[i].used)
                continue;
            size_t j = (pf->hits[i].cp * 2654435761u) & (ncap - 1);
            while (nh[j].used)
                j = (j + 1) & (ncap - 1);
            nh[j] = pf->hits[i];
        }
        free(pf->hits);
        pf->hits = nh;
        pf->caphits = ncap;
    }
    size_t j = (cp * 2654435761u) & (pf->caphits - 1);
    while (pf->hits[j].used) {
        if (pf->hits[j].cp == cp)
            return pf->hits[j].face;
        j = (j + 1) & (pf->caphits - 1);
    }
    int f = search_uncached(pf, cp, like);
    /* the table may not have moved: search_uncached does not touch it */
    pf->hits[j].used = 1;
    pf->hits[j].cp = cp;
    pf->hits[j].face = f;
    pf->nhits++;
    return f;
}

static int is_collection(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char magic[4] = {0};
    if (!fp)
        return 0;
    size_t n = fread(magic, 1, 4, fp);
    fclose(fp);
    return n == 4 && !memcmp(magic, "ttcf", 4);
}

HPDF_Font pf_font(pf_fonts *pf, int f)
{
    if (f < 0 || (size_t)f >= pf->n)
        return NULL;
    pf_face *face = &pf->v[f];
    if (face->loaded)
        return face->font;
    face->loaded = 1;
    const char *name;
    if (is_collection(face->path))
        name = HPDF_LoadTTFontFromFile2(pf->pdf, face->path, (HPDF_UINT)face->index, HPDF_TRUE);
    else
        name = HPDF_LoadTTFontFromFile(pf->pdf, face->path, HPDF_TRUE);
    if (name)
        face->font = HPDF_GetFont(pf->pdf, name, "UTF-8");
    if (!face->font) {
        np_buf_printf(&pf->errors, "%sfont '%s' cannot be loaded by libharu (error 0x%04X)",
                      pf->errors.len ? "; " : "", face->path,
                      (unsigned)HPDF_GetError(pf->pdf));
        HPDF_ResetError(pf->pdf);
        return NULL;
    }
    face->ascent = HPDF_Font_GetAscent(face->font);
    face->descent = -(double)HPDF_Font_GetDescent(face->font);
    if (face->ascent <= 0)
        face->ascent = 800;
    if (face->descent <= 0)
        face->descent = 200;
    return face->font;
}

int pf_used(const pf_fonts *pf, int f)
{
    return f >= 0 && (size_t)f < pf->n && pf->v[f].font != NULL;
}

double pf_advance(pf_fonts *pf, int f, uint32_t cp)
{
    if (f < 0 || (size_t)f >= pf->n || cp > 0xffff)
        return 0;
    pf_face *face = &pf->v[f];
    uint16_t *blk = face->w[cp >> 8];
    if (!blk) {
        blk = face->w[cp >> 8] = np_xrealloc(NULL, 256 * sizeof *blk);
        memset(blk, 0xff, 256 * sizeof *blk);
    }
    if (blk[cp & 0xff] == 0xffff) {
        HPDF_Font font = pf_font(pf, f);
        HPDF_INT w = font ? HPDF_Font_GetUnicodeWidth(font, (HPDF_UNICODE)cp) : 500;
        if (w < 0)
            w = 0;
        if (w > 0xfffe)
            w = 0xfffe;
        blk[cp & 0xff] = (uint16_t)w;
    }
    return blk[cp & 0xff];
}

double pf_ascent(pf_fonts *pf, int f)
{
    if (!pf_font(pf, f))
        return 800;
    return pf->v[f].ascent;
}

double pf_descent(pf_fonts *pf, int f)
{
    if (!pf_font(pf, f))
        return 200;
    return pf->v[f].descent;
}

const char *pf_path(const pf_fonts *pf, int f)
{
    return f >= 0 && (size_t)f < pf->n ? pf->v[f].path : "";
}

int pf_index(const pf_fonts *pf, int f)
{
    return f >= 0 && (size_t)f < pf->n ? pf->v[f].index : 0;
}

const char *pf_family(const pf_fonts *pf, int f)
{
    return f >= 0 && (size_t)f < pf->n ? pf->v[f].family : "";
}

void pf_mark(pf_fonts *pf, int f, uint32_t cp)
{
    if (f < 0 || (size_t)f >= pf->n || cp > 0xffff)
        return;
    pf_face *face = &pf->v[f];
    if (!face->drawn) {
        face->drawn = np_xrealloc(NULL, 65536 / 8);
        memset(face->drawn, 0, 65536 / 8);
    }
    face->drawn[cp >> 3] |= (uint8_t)(1u << (cp & 7));
}

const uint8_t *pf_marked(const pf_fonts *pf, int f)
{
    return f >= 0 && (size_t)f < pf->n ? pf->v[f].drawn : NULL;
}

/* ---- complete subsets ------------------------------------------------------- */

/* TrueType composite glyph flags (OpenType 'glyf' table). */
#define CG_ARGS_ARE_WORDS 0x0001
#define CG_HAVE_SCALE 0x0008
#define CG_MORE_COMPONENTS 0x0020
#define CG_HAVE_XY_SCALE 0x0040
#define CG_HAVE_2X2 0x0080
#define CG_MAX_COMPONENTS 256

static int read_u16(HPDF_Stream s, unsigned *v)
{
    HPDF_BYTE b[2];
    HPDF_UINT n = 2;
    if (HPDF_Stream_Read(s, b, &n) != HPDF_OK || n != 2)
        return -1;
    *v = (unsigned)b[0] << 8 | b[1];
    return 0;
}

/* The components of glyph `gid` not marked yet: marked and pushed on
 * `stack`. */
static int push_components(HPDF_TTFontDefAttr a, unsigned gid, unsigned *stack, size_t *n)
{
    HPDF_UINT32 from = a->glyph_tbl.offsets[gid], to = a->glyph_tbl.offsets[gid + 1];
    if (to <= from)
        return 0; /* no outline */
    HPDF_UINT32 off = from * (a->header.index_to_loc_format == 0 ? 2 : 1) + a->glyph_tbl.base_offset;
    unsigned contours;
    if (HPDF_Stream_Seek(a->stream, (HPDF_INT)off, HPDF_SEEK_SET) != HPDF_OK ||
        read_u16(a->stream, &contours))
        return -1;
    if (!(contours & 0x8000))
        return 0; /* a simple glyph */
    if (HPDF_Stream_Seek(a->stream, 8, HPDF_SEEK_CUR) != HPDF_OK) /* bounding box */
        return -1;
    for (int k = 0; k < CG_MAX_COMPONENTS; k++) {
        unsigned flags, comp;
        if (read_u16(a->stream, &flags) || read_u16(a->stream, &comp))
            return -1;
        if (comp < a->num_glyphs && !a->glyph_tbl.flgs[comp]) {
            a->glyph_tbl.flgs[comp] = 1;
            stack[(*n)++] = comp;
        }
        if (!(flags & CG_MORE_COMPONENTS))
            break;
        int skip = (flags & CG_ARGS_ARE_WORDS) ? 4 : 2;
        skip += (flags & CG_HAVE_2X2) ? 8 : (flags & CG_HAVE_XY_SCALE) ? 4 : (flags & CG_HAVE_SCALE) ? 2 : 0;
        if (HPDF_Stream_Seek(a->stream, skip, HPDF_SEEK_CUR) != HPDF_OK)
            return -1;
    }
    return 0;
}

/* libharu 2.3.0 embeds the glyphs it was asked for and the components of
 * composite ones, but only one level deep: a font whose glyphs are
 * composites of composites (Amiri's Urdu heh goal and yeh barree forms)
 * loses those outlines.  Every component, at any depth, is marked used. */
static int complete_subset(HPDF_Font font)
{
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    if (!fa || !fa->fontdef || fa->fontdef->type != HPDF_FONTDEF_TYPE_TRUETYPE)
        return 0;
    HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)fa->fontdef->attr;
    if (!a || !a->embedding || !a->stream || !a->glyph_tbl.flgs || !a->glyph_tbl.offsets)
        return 0;
    unsigned *stack = np_xrealloc(NULL, ((size_t)a->num_glyphs + 1) * sizeof *stack);
    size_t n = 0;
    for (unsigned g = 0; g < a->num_glyphs; g++)
        if (a->glyph_tbl.flgs[g])
            stack[n++] = g;
    int rc = 0;
    while (n && rc == 0)
        rc = push_components(a, stack[--n], stack, &n);
    free(stack);
    return rc;
}

int pf_complete_subsets(pf_fonts *pf)
{
    int rc = 0;
    for (size_t i = 0; i < pf->n; i++)
        if (pf->v[i].font && complete_subset(pf->v[i].font))
            rc = -1;
    if (rc) {
        np_buf_printf(&pf->errors, "%scannot read the composite glyphs of a font (error 0x%04X)",
                      pf->errors.len ? "; " : "", (unsigned)HPDF_GetError(pf->pdf));
        HPDF_ResetError(pf->pdf);
    }
    return rc;
}
