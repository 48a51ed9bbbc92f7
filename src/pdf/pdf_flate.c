/* Streams compressed at zlib's best level rather than libharu's default
 * (6): the page content streams, most of an e-paper, come out about 8%
 * smaller, and the subset font files.  (Not the streams of libharu's font
 * objects: it sets their filter again while saving.) */
#include "pdf.h"

#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <stdlib.h>
#include <zlib.h>

/* The bytes of a memory stream.  Its end is an error in libharu: cleared. */
static int read_all(HPDF_Doc pdf, HPDF_Stream s, np_buf *out)
{
    if (HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET) != HPDF_OK)
        return 0;
    for (;;) {
        HPDF_BYTE buf[8192];
        HPDF_UINT n = sizeof buf;
        HPDF_STATUS st = HPDF_Stream_Read(s, buf, &n);
        np_buf_put(out, buf, n);
        if (st == HPDF_STREAM_EOF) {
            HPDF_ResetError(pdf);
            return 1;
        }
        if (st != HPDF_OK)
            return 0;
    }
}

static int deflate_best(const np_buf *in, np_buf *out)
{
    z_stream z = {0};
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return 0;
    uLong cap = deflateBound(&z, (uLong)in->len);
    np_buf_grow(out, cap);
    z.next_in = (Bytef *)in->data;
    z.avail_in = (uInt)in->len;
    z.next_out = (Bytef *)out->data;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    out->len = z.total_out;
    deflateEnd(&z);
    return rc == Z_STREAM_END;
}

/* libharu writes /Filter only for the streams it compresses itself: this
 * writes it, at the end of the dictionary, for one compressed already. */
static HPDF_STATUS flate_key(HPDF_Dict d, HPDF_Stream out)
{
    (void)d;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* `ctx`: a page's content stream, which may be in the drawn pages' file
 * (pdf_spill.c); NULL: a memory stream. */
static HPDF_STATUS recompress(pdf_ctx *ctx, HPDF_Doc pdf, HPDF_Dict d, np_buf *raw, np_buf *z)
{
    np_buf_reset(raw);
    np_buf_reset(z);
    if (!read_all(pdf, d->stream, raw) || !raw->len || !deflate_best(raw, z))
        return HPDF_OK; /* left as it is: libharu compresses it */
    HPDF_STATUS st;
    if (ctx) {
        st = pdf_spill_replace(ctx, d->stream, z);
    } else {
        HPDF_MemStream_FreeData(d->stream);
        st = HPDF_Stream_Write(d->stream, (const HPDF_BYTE *)z->data, (HPDF_UINT)z->len);
    }
    d->filter = HPDF_STREAM_FILTER_NONE;
    d->write_fn = flate_key;
    while (HPDF_Dict_RemoveElement(d, "Filter") == HPDF_OK)
        ;
    HPDF_ResetError(pdf);
    return st;
}

HPDF_STATUS pdf_flate_dict(HPDF_Doc pdf, HPDF_Dict d)
{
    np_buf raw = NP_BUF_INIT, z = NP_BUF_INIT;
    HPDF_STATUS st = recompress(NULL, pdf, d, &raw, &z);
    np_buf_free(&raw);
    np_buf_free(&z);
    return st;
}

int pdf_flate_pages(pdf_ctx *ctx, np_error *err)
{
    np_buf raw = NP_BUF_INIT, z = NP_BUF_INIT;
    HPDF_STATUS st = HPDF_OK;
    for (size_t i = 0; i < ctx->npages && st == HPDF_OK; i++) {
        HPDF_Page page = ctx->pages[i].hp;
        HPDF_PageAttr attr = page ? (HPDF_PageAttr)page->attr : NULL;
        HPDF_Dict d = attr ? attr->contents : NULL;
        if (d && d->stream && d->filter == HPDF_STREAM_FILTER_FLATE_DECODE && !d->write_fn)
            st = recompress(ctx, ctx->pdf, d, &raw, &z);
    }
    np_buf_free(&raw);
    np_buf_free(&z);
    if (st != HPDF_OK) {
        HPDF_ResetError(ctx->pdf);
        return np_error_set(err, NP_ERR_INTERNAL, NULL, 0,
                            "libharu cannot take the compressed pages (error 0x%04X)",
                            (unsigned)st);
    }
    return NP_OK;
}
