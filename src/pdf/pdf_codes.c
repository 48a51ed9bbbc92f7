/* The character codes of the content streams, and the encoding CMap that
 * gives their CIDs.
 *
 * The codes are one byte for ASCII (code = character) and two bytes,
 * 0x8000 + k, for the k-th other character drawn in the document: text
 * strings are then one byte a letter in most news copy rather than two,
 * and code 32 being a one-byte code, word spacing (Tw) applies to the
 * spaces, so that a justified line is one string.  Each code is its own
 * CID (the fonts' /W and CIDToGIDMap are by code, pdf_subset.c; MuPDF
 * wants the CIDs inside the codespace), so the CMap is identity ranges,
 * shared by every font, as the ToUnicode map is (pdf_tounicode.c). */
#include "pdf.h"
#include "util/alloc.h"

#include <hpdf_font.h>
#include <hpdf_objects.h>
#include <stdlib.h>
#include <string.h>

/* Two-byte codes: 0x8000 + k. */
#define FIRST_WIDE 0x8000u
#define MAX_WIDE 0x8000u

/* Entries per begincidrange/begincidchar block (the CMap format's limit). */
#define CMAP_BLOCK 100

unsigned pdf_code(pdf_ctx *ctx, uint32_t cp)
{
    pdf_codes *c = &ctx->codes;
    if (cp < 0x80)
        return cp;
    if (cp > 0xffff)
        return 0;
    if (!c->code)
        c->code = np_xcalloc(0x10000, sizeof *c->code);
    if (c->code[cp])
        return c->code[cp];
    if (c->n == MAX_WIDE)
        return 0; /* no code left: the character is not drawn */
    NP_GROW(c->cp, c->n, c->cap, 256);
    c->cp[c->n] = cp;
    c->code[cp] = (uint16_t)(FIRST_WIDE + c->n);
    return FIRST_WIDE + (unsigned)c->n++;
}

unsigned pdf_code_of(const pdf_ctx *ctx, uint32_t cp)
{
    if (cp < 0x80)
        return cp;
    return ctx->codes.code && cp <= 0xffff ? ctx->codes.code[cp] : 0;
}

size_t pdf_codes_wide(const pdf_ctx *ctx, const uint32_t **cps)
{
    *cps = ctx->codes.cp;
    return ctx->codes.n;
}

void pdf_codes_free(pdf_codes *c)
{
    free(c->code);
    free(c->cp);
    memset(c, 0, sizeof *c);
}

/* The CMap program: every code is its own CID (identity ranges, one per
 * high byte as in Adobe's Identity-H). */
static void cmap_text(const pdf_ctx *ctx, np_buf *out)
{
    np_buf_puts(out, "/CIDInit /ProcSet findresource begin\n"
                     "12 dict begin\n"
                     "begincmap\n"
                     "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def\n"
                     "/CMapName /Newsprint-UCS def\n"
                     "/CMapType 1 def\n"
                     "2 begincodespacerange\n<00> <7F>\n<8000> <FFFF>\nendcodespacerange\n");
    size_t n = ctx->codes.n, blocks = n ? (n - 1) / 256 + 1 : 0;
    for (size_t i = 0; i <= blocks; i += CMAP_BLOCK) {
        size_t m = blocks + 1 - i < CMAP_BLOCK ? blocks + 1 - i : CMAP_BLOCK;
        np_buf_printf(out, "%zu begincidrange\n", m);
        for (size_t j = i; j < i + m; j++) {
            if (j == 0)
                np_buf_puts(out, "<00> <7F> 0\n");
            else
                np_buf_printf(out, "<%02zX00> <%02zXFF> %zu\n", 0x7f + j, 0x7f + j,
                              (0x7f + j) << 8);
        }
        np_buf_puts(out, "endcidrange\n");
    }
    np_buf_puts(out, "endcmap\n"
                     "CMapName currentdict /CMap defineresource pop\n"
                     "end\n"
                     "end\n");
}

/* The CIDSystemInfo of the CMap and of the CID fonts (libharu writes the
 * ordering "Identity-H", which is a CMap's name, not an ordering). */
HPDF_Dict pdf_identity_info(HPDF_Doc pdf)
{
    HPDF_Dict info = HPDF_Dict_New(pdf->mmgr);
    if (!info)
        return NULL;
    HPDF_STATUS st = HPDF_Dict_Add(info, "Registry", HPDF_String_New(pdf->mmgr, "Adobe", NULL));
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(info, "Ordering", HPDF_String_New(pdf->mmgr, "Identity", NULL));
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(info, "Supplement", 0);
    return st == HPDF_OK ? info : NULL;
}

int pdf_codes_cmap(pdf_ctx *ctx, np_error *err)
{
    HPDF_Doc pdf = ctx->pdf;
    HPDF_Dict cmap = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    HPDF_STATUS st = cmap ? HPDF_OK : HPDF_GetError(pdf);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(cmap, "Type", "CMap");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(cmap, "CMapName", "Newsprint-UCS");
    HPDF_Dict info = st == HPDF_OK ? pdf_identity_info(pdf) : NULL;
    if (st == HPDF_OK)
        st = info ? HPDF_Dict_Add(cmap, "CIDSystemInfo", info) : HPDF_GetError(pdf);
    if (st == HPDF_OK) {
        np_buf text = NP_BUF_INIT;
        cmap_text(ctx, &text);
        st = HPDF_Stream_Write(cmap->stream, (const HPDF_BYTE *)text.data, (HPDF_UINT)text.len);
        np_buf_free(&text);
        cmap->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    }
    for (size_t f = 0; f < pf_count(ctx->pf) && st == HPDF_OK; f++) {
        if (!pf_used(ctx->pf, (int)f))
            continue;
        HPDF_Font font = pf_font(ctx->pf, (int)f);
        HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
        st = HPDF_Dict_Add(font, "Encoding", cmap);
        if (st == HPDF_OK && fa->descendant_font) {
            HPDF_Dict di = pdf_identity_info(pdf);
            st = di ? HPDF_Dict_Add(fa->descendant_font, "CIDSystemInfo", di) : HPDF_GetError(pdf);
        }
    }
    if (st != HPDF_OK) {
        HPDF_ResetError(pdf);
        return np_error_set(err, NP_ERR_INTERNAL, NULL, 0,
                            "libharu cannot take the fonts' encoding (error 0x%04X)", (unsigned)st);
    }
    return NP_OK;
}
