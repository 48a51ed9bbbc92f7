/* Font subsets with HarfBuzz's hb-subset, and character sets. */
#include "model/font_subset.h"
#include "util/alloc.h"
#include "util/utf8.h"

#include <hb-subset.h>
#include <hb.h>
#include <limits.h>
#include <unicode/ustring.h>
#include <stdlib.h>
#include <string.h>

#define USET_BYTES (0x110000 / 8)

/* Tables a PDF has no use for: shaping and positioning (done before the
 * glyphs are drawn, or not at all), vertical and bitmap variants, hinting
 * helpers. */
static const char *const pdf_drop[] = {"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern",
                                       "morx", "mort", "feat", "just", "trak", "vhea", "vmtx",
                                       "VORG", "EBDT", "EBLC", "EBSC", "CBDT", "CBLC", "sbix",
                                       "DSIG", "hdmx", "VDMX", "LTSH", "gasp", "PCLT", "name", "post"};

static hb_tag_t tag_of(const char *s)
{
    return HB_TAG(s[0], s[1], s[2], s[3]);
}

static hb_face_t *face_of(const unsigned char *data, size_t len, unsigned index)
{
    hb_blob_t *blob = hb_blob_create((const char *)data, len > UINT_MAX ? 0 : (unsigned)len,
                                     HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *face = hb_face_create(blob, index);
    hb_blob_destroy(blob); /* the face holds it */
    return face;
}

const char *np_font_outlines(const unsigned char *data, size_t len, unsigned index)
{
    hb_face_t *face = face_of(data, len, index);
    const char *kind = NULL;
    if (hb_face_get_glyph_count(face)) {
        hb_blob_t *cff = hb_face_reference_table(face, HB_TAG('C', 'F', 'F', ' '));
        hb_blob_t *cff2 = hb_face_reference_table(face, HB_TAG('C', 'F', 'F', '2'));
        kind = hb_blob_get_length(cff) || hb_blob_get_length(cff2) ? "otf" : "ttf";
        hb_blob_destroy(cff);
        hb_blob_destroy(cff2);
    }
    hb_face_destroy(face);
    return kind;
}

int np_font_subset(const unsigned char *data, size_t len, unsigned index, const np_font_keep *keep,
                   np_buf *out, uint32_t *new_ids, np_error *err)
{
    np_buf_reset(out);
    if (len > UINT_MAX)
        return np_error_set(err, NP_ERR_INVALID, NULL, 0, "font file too large to subset");
    hb_face_t *face = face_of(data, len, index);
    unsigned nglyphs = hb_face_get_glyph_count(face);
    hb_subset_input_t *in = nglyphs ? hb_subset_input_create_or_fail() : NULL;
    hb_subset_plan_t *plan = NULL;
    hb_face_t *sub = NULL;
    int rc = NP_ERR_INVALID;
    if (in) {
        hb_set_t *u = hb_subset_input_unicode_set(in);
        for (size_t i = 0; i < keep->nchars; i++)
            hb_set_add(u, keep->chars[i]);
        hb_set_t *g = hb_subset_input_glyph_set(in);
        hb_set_add(g, 0);
        for (size_t i = 0; i < keep->nglyphs; i++)
            if (keep->glyphs[i] < nglyphs)
                hb_set_add(g, keep->glyphs[i]);
        if (keep->for_pdf) {
            hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
            for (size_t i = 0; i < sizeof pdf_drop / sizeof *pdf_drop; i++)
                hb_set_add(drop, tag_of(pdf_drop[i]));
            hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
        }
        plan = hb_subset_plan_create_or_fail(face, in);
    }
    if (plan) {
        if (new_ids) {
            const hb_map_t *map = hb_subset_plan_old_to_new_glyph_mapping(plan);
            for (size_t i = 0; i < keep->nglyphs; i++) {
                hb_codepoint_t n = hb_map_get(map, keep->glyphs[i]);
                new_ids[i] = n == HB_MAP_VALUE_INVALID ? 0 : n;
            }
        }
        sub = hb_subset_plan_execute_or_fail(plan);
    }
    if (sub) {
        hb_blob_t *b = hb_face_reference_blob(sub);
        unsigned n = 0;
        const char *bytes = hb_blob_get_data(b, &n);
        if (bytes && n) {
            np_buf_put(out, bytes, n);
            rc = NP_OK;
        }
        hb_blob_destroy(b);
        hb_face_destroy(sub);
    }
    if (rc != NP_OK)
        np_error_set(err, rc, NULL, 0,
                     nglyphs ? "HarfBuzz cannot subset the font"
                             : "HarfBuzz finds no glyphs in the font (not TrueType or OpenType?)");
    hb_subset_plan_destroy(plan);
    hb_subset_input_destroy(in);
    hb_face_destroy(face);
    return rc;
}

/* ---- sets of characters ------------------------------------------------ */

void np_uset_add(np_uset *cs, uint32_t cp)
{
    if (cp >= 0x110000)
        return;
    if (!cs->bits)
        cs->bits = np_xcalloc(USET_BYTES, 1);
    cs->bits[cp >> 3] |= (uint8_t)(1u << (cp & 7));
}

void np_uset_add_utf8(np_uset *cs, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = np_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (n) {
            np_uset_add(cs, cp);
            i += n;
        } else {
            i++;
        }
    }
}

void np_uset_merge(np_uset *dst, const np_uset *src)
{
    if (!src->bits)
        return;
    if (!dst->bits)
        dst->bits = np_xcalloc(USET_BYTES, 1);
    for (size_t i = 0; i < USET_BYTES; i++)
        dst->bits[i] |= src->bits[i];
}

void np_uset_add_upper(np_uset *cs)
{
    for (uint32_t cp = 0; cs->bits && cp < 0x110000; cp++) {
        if (!((cs->bits[cp >> 3] >> (cp & 7)) & 1))
            continue;
        UChar src[2], up[8];
        int32_t n = 0;
        UErrorCode st = U_ZERO_ERROR;
        U16_APPEND_UNSAFE(src, n, cp);
        int32_t m = u_strToUpper(up, 8, src, n, "", &st);
        for (int32_t i = 0; U_SUCCESS(st) && i < m && m <= 8;) {
            UChar32 c;
            U16_NEXT(up, i, m, c);
            np_uset_add(cs, (uint32_t)c);
        }
    }
}

int np_uset_has(const np_uset *cs, uint32_t cp)
{
    return cs->bits && cp < 0x110000 && (cs->bits[cp >> 3] >> (cp & 7)) & 1;
}

uint32_t *np_uset_list(const np_uset *cs, size_t *n)
{
    size_t count = 0;
    for (size_t i = 0; cs->bits && i < USET_BYTES; i++)
        for (uint8_t b = cs->bits[i]; b; b &= (uint8_t)(b - 1))
            count++;
    uint32_t *v = np_xcalloc(count ? count : 1, sizeof *v);
    size_t k = 0;
    for (uint32_t cp = 0; cs->bits && cp < 0x110000; cp++)
        if ((cs->bits[cp >> 3] >> (cp & 7)) & 1)
            v[k++] = cp;
    *n = k;
    return v;
}

void np_uset_free(np_uset *cs)
{
    free(cs->bits);
    cs->bits = NULL;
}
