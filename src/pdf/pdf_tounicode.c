/* The ToUnicode map of the embedded fonts.
 *
 * libharu 2.3.0 attaches its UTF-8 encoding CMap as the fonts' ToUnicode
 * map: a CID range (`1 begincidrange <0000> <FFFF> 0`), which is not a
 * ToUnicode map at all, so poppler and MuPDF warn about every font.  The
 * codes in the content streams are ours (pdf_codes.c: ASCII itself, other
 * characters 0x8000 + their index), the same whatever the font, so one map
 * serves every font: ASCII to itself, each two-byte code to its character;
 * Arabic presentation forms (what FriBidi's shaping drew) map to their
 * letters (NFKC, ligatures in visual order), so that copied text has the
 * letters a reader typed.  libharu's maps are emptied (it cannot drop an
 * object) and the first rewritten in place before the document is saved,
 * through libharu's object API. */
#include "pdf.h"
#include "newsprint/buf.h"

#include <hpdf_objects.h>
#include <stdlib.h>
#include <hpdf_streams.h>
#include <unicode/unorm2.h>

/* bfrange/bfchar entries per block (the CMap format's limit). */
#define CMAP_BLOCK 100

static int is_presentation_form(uint32_t cp)
{
    return (cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfefe);
}

/* The characters code `cp` stands for: NFKC of a presentation form, else
 * itself.  Returns the number of UTF-16 units written to out[0..8). */
static int32_t unicode_of(uint32_t cp, UChar out[8])
{
    if (is_presentation_form(cp)) {
        UErrorCode st = U_ZERO_ERROR;
        const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&st);
        UChar src[1] = {(UChar)cp};
        int32_t n = U_SUCCESS(st) ? unorm2_normalize(nfkc, src, 1, out, 8, &st) : 0;
        if (U_SUCCESS(st) && n > 0) {
            /* a ligature (lam-alef) is drawn in a right-to-left line in
             * visual order: its letters go right to left too, so that an
             * extractor reading the line backwards (poppler) or keeping it
             * visual (MuPDF) gets them in the order of the other letters */
            for (int32_t i = 0; i < n / 2; i++) {
                UChar t = out[i];
                out[i] = out[n - 1 - i];
                out[n - 1 - i] = t;
            }
            return n;
        }
    }
    out[0] = (UChar)cp;
    return 1;
}

/* Entries of one kind (bfrange lines or bfchar lines), written in blocks
 * of at most CMAP_BLOCK. */
typedef struct block {
    np_buf *out;
    np_buf lines;
    size_t n;
    const char *kind; /* "bfrange" or "bfchar" */
} block;

static void block_flush(block *b)
{
    if (!b->n)
        return;
    np_buf_printf(b->out, "%zu begin%s\n", b->n, b->kind);
    np_buf_put(b->out, b->lines.data, b->lines.len);
    np_buf_printf(b->out, "end%s\n", b->kind);
    np_buf_reset(&b->lines);
    b->n = 0;
}

static void block_line(block *b)
{
    if (++b->n == CMAP_BLOCK)
        block_flush(b);
}

/* The CMap text for the codes drawn (pdf_codes.c). */
static void cmap_text(const pdf_ctx *ctx, np_buf *out)
{
    np_buf_puts(out, "/CIDInit /ProcSet findresource begin\n"
                     "12 dict begin\n"
                     "begincmap\n"
                     "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                     "/CMapName /Adobe-Identity-UCS def\n"
                     "/CMapType 2 def\n"
                     "2 begincodespacerange\n<00> <7F>\n<8000> <FFFF>\nendcodespacerange\n"
                     "1 beginbfrange\n<00> <7F> <0000>\nendbfrange\n");
    block ranges = {out, NP_BUF_INIT, 0, "bfrange"};
    block chars = {out, NP_BUF_INIT, 0, "bfchar"};
    const uint32_t *cp;
    size_t n = pdf_codes_wide(ctx, &cp);
    for (size_t k = 0; k < n;) {
        unsigned code = 0x8000u + (unsigned)k;
        UChar u[8];
        int32_t nu = unicode_of(cp[k], u);
        if (nu != 1 || u[0] != cp[k]) {
            np_buf_printf(&chars.lines, "<%04X> <", code);
            for (int32_t i = 0; i < nu; i++)
                np_buf_printf(&chars.lines, "%04X", (unsigned)u[i]);
            np_buf_puts(&chars.lines, ">\n");
            block_line(&chars);
            k++;
            continue;
        }
        /* codes of consecutive characters, within one high byte (a
         * bfrange may only vary the last byte) */
        size_t e = k;
        while (e + 1 < n && cp[e + 1] == cp[e] + 1 && ((code + (e + 1 - k)) & 0xff) != 0 &&
               !is_presentation_form(cp[e + 1]))
            e++;
        np_buf_printf(&ranges.lines, "<%04X> <%04X> <%04X>\n", code, code + (unsigned)(e - k),
                      (unsigned)cp[k]);
        block_line(&ranges);
        k = e + 1;
    }
    block_flush(&ranges);
    block_flush(&chars);
    np_buf_free(&ranges.lines);
    np_buf_free(&chars.lines);
    np_buf_puts(out, "endcmap\n"
                     "CMapName currentdict /CMap defineresource pop\n"
                     "end\n"
                     "end\n");
}

/* The map of the codes drawn, in the ToUnicode stream `tu`. */
static HPDF_STATUS write_map(const pdf_ctx *ctx, HPDF_Dict tu)
{
    HPDF_Doc pdf = ctx->pdf;
    HPDF_MemStream_FreeData(tu->stream);
    /* the dictionary of libharu's encoding CMap: say what the stream is now */
    HPDF_Dict info = HPDF_Dict_New(pdf->mmgr);
    if (!info)
        return HPDF_GetError(pdf);
    HPDF_STATUS st = HPDF_Dict_Add(tu, "CIDSystemInfo", info);
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(info, "Registry", HPDF_String_New(pdf->mmgr, "Adobe", NULL));
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(info, "Ordering", HPDF_String_New(pdf->mmgr, "UCS", NULL));
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(info, "Supplement", 0);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(tu, "CMapName", "Adobe-Identity-UCS");
    if (st != HPDF_OK)
        return st;
    np_buf text = NP_BUF_INIT;
    cmap_text(ctx, &text);
    st = HPDF_Stream_Write(tu->stream, (const HPDF_BYTE *)text.data, (HPDF_UINT)text.len);
    np_buf_free(&text);
    tu->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    return st;
}

/* libharu's map of a font that now shares another: an empty stream (it
 * stays in the file, unreferenced, as libharu cannot drop an object). */
static void empty_map(HPDF_Dict tu)
{
    static const char *const keys[] = {"Type", "CMapName", "CIDSystemInfo", "WMode", "Filter"};
    HPDF_MemStream_FreeData(tu->stream);
    tu->filter = HPDF_STREAM_FILTER_NONE;
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        HPDF_Dict_RemoveElement(tu, keys[i]);
}

/* Every font gets one map: the codes are the same whatever the font. */
int pdf_tounicode(pdf_ctx *ctx, np_error *err)
{
    int rc = pdf_codes_cmap(ctx, err);
    if (rc != NP_OK)
        return rc;
    size_t n = pf_count(ctx->pf);
    HPDF_Doc pdf = ctx->pdf;
    HPDF_Dict shared = NULL;
    HPDF_STATUS st = HPDF_OK;
    for (size_t f = 0; f < n && st == HPDF_OK; f++) {
        if (!pf_used(ctx->pf, (int)f))
            continue;
        HPDF_Font font = pf_font(ctx->pf, (int)f);
        HPDF_Dict tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
        HPDF_ResetError(pdf);
        if (!shared) {
            shared = tu ? tu : HPDF_DictStream_New(pdf->mmgr, pdf->xref);
            st = shared ? write_map(ctx, shared) : HPDF_GetError(pdf);
        } else if (tu && tu != shared) {
            empty_map(tu);
            HPDF_ResetError(pdf);
        }
        if (st == HPDF_OK && tu != shared)
            st = HPDF_Dict_Add(font, "ToUnicode", shared);
    }
    if (st != HPDF_OK) {
        HPDF_ResetError(ctx->pdf);
        return np_error_set(err, NP_ERR_INTERNAL, NULL, 0,
                            "libharu cannot take the fonts' ToUnicode maps (error 0x%04X)",
                            (unsigned)st);
    }
    return NP_OK;
}
