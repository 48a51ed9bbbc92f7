/* The embedded fonts cut down to what is drawn.
 *
 * libharu 2.3.0 writes, for every TrueType face, a /W array and a
 * CIDToGIDMap over the whole Basic Multilingual Plane (every code its
 * encoder knows: 128 KB of map, thousands of widths in an uncompressed
 * dictionary) and a font file with most tables of the face.  Before the
 * document is saved, through libharu's object API, each face is subset
 * with HarfBuzz to the glyphs of the characters drawn with it (pf_mark),
 * glyph ids renumbered; the CIDs are the codes of the content streams
 * (pdf_codes.c), so the CIDToGIDMap maps the codes drawn to the new ids
 * (others to 0), /W lists the codes drawn, and the new font file goes in
 * as FontFile2, compressed at zlib's best level.  If HarfBuzz cannot
 * subset a face, libharu's own font file stays (a warning says so), with
 * the map and widths still cut down. */
#include "pdf.h"
#include "model/font_subset.h"
#include "util/alloc.h"
#include "util/infile.h"

#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <stdlib.h>
#include <string.h>

/* Font files larger than this are left as libharu embeds them. */
#define MAX_FONT_FILE (64u * 1024 * 1024)

/* The codes drawn with face f, in increasing order. */
static uint32_t *drawn_codes(const pf_fonts *pf, int f, size_t *n)
{
    const uint8_t *bits = pf_marked(pf, f);
    size_t count = 0;
    for (uint32_t cp = 0; bits && cp <= 0xffff; cp++)
        count += (bits[cp >> 3] >> (cp & 7)) & 1;
    uint32_t *v = np_xcalloc(count ? count : 1, sizeof *v);
    *n = 0;
    for (uint32_t cp = 0; bits && cp <= 0xffff; cp++)
        if ((bits[cp >> 3] >> (cp & 7)) & 1)
            v[(*n)++] = cp;
    return v;
}

/* /W: [c [w w ...] c' [...] ...] over runs of consecutive CIDs drawn. */
static HPDF_STATUS put_widths(HPDF_Font font, HPDF_FontDef def, const uint32_t *codes,
                              const uint32_t *old_gids, size_t n)
{
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    HPDF_Array w = HPDF_Array_New(font->mmgr);
    if (!w)
        return HPDF_Error_GetCode(font->error);
    HPDF_STATUS st = HPDF_Dict_Add(fa->descendant_font, "W", w);
    HPDF_Array run = NULL;
    for (size_t i = 0; i < n && st == HPDF_OK; i++) {
        if (!run || codes[i] != codes[i - 1] + 1) {
            run = HPDF_Array_New(font->mmgr);
            if (!run)
                return HPDF_Error_GetCode(font->error);
            st = HPDF_Array_AddNumber(w, (HPDF_INT32)codes[i]);
            if (st == HPDF_OK)
                st = HPDF_Array_Add(w, run);
        }
        if (st == HPDF_OK)
            st = HPDF_Array_AddNumber(run, HPDF_TTFontDef_GetGidWidth(def, (HPDF_UINT16)old_gids[i]));
    }
    return st;
}

/* The CIDToGIDMap: two bytes per code up to the last one drawn. */
static HPDF_STATUS put_map(HPDF_Font font, const uint32_t *codes, const uint32_t *gids, size_t n)
{
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    if (!fa->map_stream)
        return HPDF_OK;
    size_t len = 2 * ((n ? codes[n - 1] : 0) + 1);
    HPDF_BYTE *map = np_xcalloc(len, 1);
    for (size_t i = 0; i < n; i++) {
        map[2 * codes[i]] = (HPDF_BYTE)(gids[i] >> 8);
        map[2 * codes[i] + 1] = (HPDF_BYTE)gids[i];
    }
    HPDF_MemStream_FreeData(fa->map_stream->stream);
    HPDF_STATUS st = HPDF_Stream_Write(fa->map_stream->stream, map, (HPDF_UINT)len);
    fa->map_stream->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    free(map);
    return st;
}

/* The font descriptor made now, without libharu's font file, and the
 * subset put in as FontFile2. */
static HPDF_STATUS put_file(HPDF_Doc pdf, HPDF_Font font, const np_buf *sub)
{
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    HPDF_FontDef def = fa->fontdef;
    HPDF_TTFontDefAttr da = (HPDF_TTFontDefAttr)def->attr;
    HPDF_STATUS st = HPDF_OK;
    if (!def->descriptor && font->before_write_fn) {
        /* libharu makes the descriptor when the font is first written; it
         * does not make it again, so its font file is never built */
        HPDF_BOOL embedding = da->embedding;
        da->embedding = HPDF_FALSE;
        st = font->before_write_fn(font);
        da->embedding = embedding;
    }
    if (st != HPDF_OK || !def->descriptor)
        return st != HPDF_OK ? st : HPDF_INVALID_FONTDEF_DATA;
    HPDF_Dict file = HPDF_DictStream_New(font->mmgr, fa->xref);
    if (!file)
        return HPDF_Error_GetCode(font->error);
    st = HPDF_Stream_Write(file->stream, (const HPDF_BYTE *)sub->data, (HPDF_UINT)sub->len);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(file, "Length1", (HPDF_UINT32)sub->len);
    file->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    if (st == HPDF_OK)
        st = pdf_flate_dict(pdf, file);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(def->descriptor, "FontFile2", file);
    return st;
}

/* The characters drawn with a face, with their old and new glyphs, made
 * into their CIDs and put in CID order. */
typedef struct cid_glyph {
    uint32_t cid, old_gid, new_gid;
} cid_glyph;

static int cmp_cid(const void *a, const void *b)
{
    uint32_t x = ((const cid_glyph *)a)->cid, y = ((const cid_glyph *)b)->cid;
    return x < y ? -1 : x > y;
}

static void by_cid(const pdf_ctx *ctx, uint32_t *codes, uint32_t *old_gids, uint32_t *new_gids,
                   size_t n)
{
    cid_glyph *v = np_xcalloc(n ? n : 1, sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = (cid_glyph){pdf_code_of(ctx, codes[i]), old_gids[i], new_gids[i]};
    qsort(v, n, sizeof *v, cmp_cid);
    for (size_t i = 0; i < n; i++) {
        codes[i] = v[i].cid;
        old_gids[i] = v[i].old_gid;
        new_gids[i] = v[i].new_gid;
    }
    free(v);
}

/* Subset face f.  A face HarfBuzz cannot subset keeps libharu's file:
 * a warning in `warn`. */
static HPDF_STATUS subset_face(pdf_ctx *ctx, int f, np_buf *warn)
{
    HPDF_Font font = pf_font(ctx->pf, f);
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    if (!fa || !fa->fontdef || fa->fontdef->type != HPDF_FONTDEF_TYPE_TRUETYPE ||
        !fa->descendant_font)
        return HPDF_OK;
    HPDF_FontDef def = fa->fontdef;
    size_t n;
    uint32_t *codes = drawn_codes(ctx->pf, f, &n);
    uint32_t *old_gids = np_xcalloc(n ? n : 1, sizeof *old_gids);
    uint32_t *new_gids = np_xcalloc(n ? n : 1, sizeof *new_gids);
    for (size_t i = 0; i < n; i++)
        old_gids[i] = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)codes[i]);
    np_buf data = NP_BUF_INIT, sub = NP_BUF_INIT;
    np_error e = NP_ERROR_INIT;
    np_font_keep keep = {codes, n, old_gids, n, 1};
    /* the file mapped, not read: its pages are not left in the heap
     * (where they would be the document's peak) */
    size_t len = 0;
    const void *map = np_infile_map(pf_path(ctx->pf, f), MAX_FONT_FILE, &len);
    int rc = map ? NP_OK : np_file_read(pf_path(ctx->pf, f), MAX_FONT_FILE, &data, &e);
    if (rc == NP_OK)
        rc = np_font_subset(map ? map : (const unsigned char *)data.data, map ? len : data.len,
                            (unsigned)pf_index(ctx->pf, f), &keep, &sub, new_gids, &e);
    np_infile_unmap(map, len);
    np_buf_free(&data);
    /* /W and the map are by CID, the code of the character (pdf_codes.c) */
    by_cid(ctx, codes, old_gids, new_gids, n);
    HPDF_STATUS st = put_widths(font, def, codes, old_gids, n);
    /* vertical metrics: no text is set vertically */
    HPDF_Dict_RemoveElement(fa->descendant_font, "DW2");
    HPDF_ResetError(ctx->pdf);
    if (rc != NP_OK) {
        np_buf_printf(warn, "%sfont '%s' is embedded whole: %s", warn->len ? "; " : "",
                      pf_path(ctx->pf, f), e.message ? e.message : "cannot be subset");
        if (st == HPDF_OK)
            st = put_map(font, codes, old_gids, n);
    } else {
        if (st == HPDF_OK)
            st = put_map(font, codes, new_gids, n);
        if (st == HPDF_OK)
            st = put_file(ctx->pdf, font, &sub);
    }
    np_error_clear(&e);
    np_buf_free(&sub);
    free(codes);
    free(old_gids);
    free(new_gids);
    return st;
}

int pdf_subset_fonts(pdf_ctx *ctx, np_error *err)
{
    np_buf warn = NP_BUF_INIT;
    HPDF_STATUS st = HPDF_OK;
    for (size_t f = 0; f < pf_count(ctx->pf) && st == HPDF_OK; f++)
        if (pf_used(ctx->pf, (int)f))
            st = subset_face(ctx, (int)f, &warn);
    if (warn.len)
        pdf_warn(ctx, NULL, 0, "%s", warn.data);
    np_buf_free(&warn);
    if (st != HPDF_OK) {
        HPDF_ResetError(ctx->pdf);
        return np_error_set(err, NP_ERR_INTERNAL, NULL, 0,
                            "libharu cannot take the subset fonts (error 0x%04X)", (unsigned)st);
    }
    return NP_OK;
}
