/* EPUB converter: the fonts the digest style embeds (embed_fonts = yes).
 * For each role of [fonts] (body, heading), every face of its family that
 * the documents can ask for — regular, bold (headings, bylines, strong),
 * italic (em, subheadlines, quotes) and bold italic — that fontconfig has
 * as a face of that family, with an @font-face rule each; a face the family
 * lacks is left to the reading system.  When the container is written,
 * each face is subset (HarfBuzz, src/model/font_subset.c) to the
 * characters of the digest's documents, collected while they were
 * written, so a collection (.ttc) can go in too, as its one face. */
#include "epub.h"
#include "model/font_search.h"
#include "model/font_subset.h"
#include "util/alloc.h"
#include "newsprint/media.h"

#include <fontconfig/fontconfig.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct face_style {
    const char *suffix; /* of the file name and id */
    int bold, italic;
} styles[] = {{"", 0, 0}, {"-bold", 1, 0}, {"-italic", 0, 1}, {"-bolditalic", 1, 1}};

/* The face of `family` in style `s`, or NULL (*index set) when the family
 * has no such face of its own.  The string belongs to `m` (FcPatternDestroy). */
static const char *find_face(FcConfig *fc, const char *family, const struct face_style *s,
                             FcPattern **m, int *index)
{
    FcPattern *pat = FcNameParse((const FcChar8 *)family);
    *m = NULL;
    if (!pat)
        return NULL;
    FcPatternAddInteger(pat, FC_WEIGHT, s->bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pat, FC_SLANT, s->italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
    FcConfigSubstitute(fc, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    *m = FcFontMatch(fc, pat, &res);
    FcPatternDestroy(pat);
    FcChar8 *file = NULL, *fam = NULL;
    int weight = 0, slant = 0;
    *index = 0;
    if (!*m || FcPatternGetString(*m, FC_FILE, 0, &file) != FcResultMatch ||
        FcPatternGetString(*m, FC_FAMILY, 0, &fam) != FcResultMatch ||
        strcasecmp((const char *)fam, family) != 0)
        return NULL;
    FcPatternGetInteger(*m, FC_INDEX, 0, index);
    FcPatternGetInteger(*m, FC_WEIGHT, 0, &weight);
    FcPatternGetInteger(*m, FC_SLANT, 0, &slant);
    if ((weight >= FC_WEIGHT_DEMIBOLD) != s->bold || (slant != FC_SLANT_ROMAN) != s->italic)
        return NULL; /* the nearest face is another style */
    return (const char *)file;
}

/* Plan the face `file`#index for the role; its index in p->fonts, or -1
 * (a warning says why). */
static long add_face(ep_plan *p, const char *role, const struct face_style *s, const char *file,
                     int index)
{
    for (size_t i = 0; i < p->nfonts; i++)
        if (p->fonts[i].subset && p->fonts[i].index == index && !strcmp(p->fonts[i].path, file))
            return (long)i; /* the other role's family too */
    np_buf data = NP_BUF_INIT;
    np_error e = NP_ERROR_INIT;
    const char *ext = NULL;
    if (np_file_read(file, EP_MAX_FONT, &data, &e) != NP_OK)
        ep_warn(p, file, 0, "font cannot be read or is too large; not embedded");
    else if (!(ext = np_font_outlines((const unsigned char *)data.data, data.len, (unsigned)index)))
        ep_warn(p, file, 0, "font is not a TrueType or OpenType file; not embedded");
    np_error_clear(&e);
    np_buf_free(&data);
    if (!ext)
        return -1;
    NP_GROW_POW2(p->fonts, p->nfonts);
    ep_font *f = &p->fonts[p->nfonts];
    memset(f, 0, sizeof *f);
    np_buf b = NP_BUF_INIT;
    f->path = np_xstrdup(file);
    f->index = index;
    f->subset = 1;
    np_buf_printf(&b, "fonts/%s%s.%s", role, s->suffix, ext);
    f->href = np_buf_detach(&b);
    np_buf_printf(&b, "font-%s%s", role, s->suffix);
    f->id = np_buf_detach(&b);
    np_buf_printf(&b, "np-%s", role);
    f->family = np_buf_detach(&b);
    f->media_type = !strcmp(ext, "otf") ? "font/otf" : "font/ttf";
    return (long)p->nfonts++;
}

void ep_plan_fonts(ep_plan *p)
{
    if (!np_style_bool(p->o->style, "embed_fonts", 0))
        return;
    FcConfig *fc = np_font_config_new();
    if (!fc) {
        ep_warn(p, np_style_path(p->o->style), 0,
                "fontconfig cannot be set up; fonts not embedded");
        return;
    }
    static const char *const roles[] = {"body", "heading"};
    for (size_t r = 0; r < 2; r++) {
        np_buf key = NP_BUF_INIT;
        np_buf_printf(&key, "fonts.%s", roles[r]);
        const char *family = ep_style_str(p->o, key.data);
        np_buf_free(&key);
        for (size_t k = 0; family && k < sizeof styles / sizeof *styles; k++) {
            FcPattern *m;
            int index;
            const char *file = find_face(fc, family, &styles[k], &m, &index);
            long i = file ? add_face(p, roles[r], &styles[k], file, index) : -1;
            if (i >= 0)
                np_buf_printf(&p->css,
                              "\n@font-face { font-family: \"np-%s\"; font-weight: %s; "
                              "font-style: %s; src: url(\"../%s\"); }\n",
                              roles[r], styles[k].bold ? "bold" : "normal",
                              styles[k].italic ? "italic" : "normal", p->fonts[i].href);
            else if (!file && k == 0)
                ep_warn(p, np_style_path(p->o->style), 0, "font '%s' not found; not embedded",
                        family);
            if (m)
                FcPatternDestroy(m);
            if (!file && k == 0)
                break; /* without its regular face the family is not embedded */
        }
    }
    np_font_config_free(fc);
}

/* Characters a reading system may draw with the fonts besides the text:
 * printable ASCII, no-break and soft hyphen, the hyphens of automatic
 * hyphenation, an ellipsis. */
static void add_always(np_uset *cs)
{
    for (uint32_t c = 0x20; c < 0x7f; c++)
        np_uset_add(cs, c);
    static const uint32_t more[] = {0xa0, 0xad, 0x2010, 0x2011, 0x2026};
    for (size_t i = 0; i < sizeof more / sizeof *more; i++)
        np_uset_add(cs, more[i]);
}

int ep_font_bytes(const ep_plan *p, size_t i, const np_uset *used, np_buf *out, np_error *err)
{
    const ep_font *f = &p->fonts[i];
    np_buf_reset(out);
    int rc = np_file_read(f->path, EP_MAX_FONT, out, err);
    if (rc != NP_OK || !f->subset)
        return rc;
    np_uset chars = NP_USET_INIT;
    np_uset_merge(&chars, used);
    add_always(&chars);
    np_uset_add_upper(&chars); /* text-transform: uppercase, small capitals */
    np_font_keep keep = {NULL, 0, NULL, 0, 0};
    uint32_t *list = np_uset_list(&chars, &keep.nchars);
    keep.chars = list;
    np_buf sub = NP_BUF_INIT;
    rc = np_font_subset((const unsigned char *)out->data, out->len, (unsigned)f->index, &keep, &sub,
                        NULL, err);
    if (rc == NP_OK) {
        np_buf_free(out);
        *out = sub;
    } else {
        np_buf_free(&sub);
        np_buf m = NP_BUF_INIT;
        np_buf_printf(&m, "font cannot be subset: %s",
                      err && err->message ? err->message : "HarfBuzz failed");
        np_error_set(err, rc, f->path, 0, "%s", m.data);
        np_buf_free(&m);
    }
    free(list);
    np_uset_free(&chars);
    return rc;
}
