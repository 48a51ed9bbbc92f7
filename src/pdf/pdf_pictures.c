/* PDF pictures: a reference from an item becomes a file only through
 * np_href_resolve() (nothing outside the item's folder is read); the file
 * is read and checked by the picture module, and libharu is given only what
 * cannot hurt it: decoded 8-bit gray or RGB pixels, or a JPEG whose frame
 * header it reads the way libjpeg did.  Its own PNG loader crashes on
 * ordinary pictures (a transparent colour, 16-bit interlaced) and aborts on
 * broken ones.  Each file is loaded once per document. */
#include "pdf.h"
#include "model/picture.h"
#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_PICTURE_BYTES = 48 * 1024 * 1024 };

/* The checked picture into the document; NULL if libharu refuses it. */
static HPDF_Image load(pdf_ctx *ctx, const np_buf *data, const np_picture *pic)
{
    if (pic->type == NP_IMG_JPEG && pic->jpeg_plain)
        return HPDF_LoadJpegImageFromMem(ctx->pdf, (const HPDF_BYTE *)data->data,
                                         (HPDF_UINT)data->len);
    return HPDF_LoadRawImageFromMem(ctx->pdf, pic->pixels, (HPDF_UINT)pic->width,
                                    (HPDF_UINT)pic->height,
                                    pic->channels == 1 ? HPDF_CS_DEVICE_GRAY : HPDF_CS_DEVICE_RGB,
                                    8);
}

pdf_pic *pdf_pic_get(pdf_ctx *ctx, const char *item_source, long line, const char *href)
{
    np_buf path = NP_BUF_INIT, data = NP_BUF_INIT;
    np_error err = NP_ERROR_INIT;
    np_picture decoded;
    memset(&decoded, 0, sizeof decoded);
    pdf_pic *pic = NULL;
    if (np_href_resolve(item_source, href, &path, &err) != NP_OK) {
        pdf_warn(ctx, item_source, line, "%s; picture left out",
                 err.message ? err.message : "picture reference refused");
        goto done;
    }
    for (size_t i = 0; i < ctx->npics; i++)
        if (!strcmp(ctx->pics[i]->path, path.data)) {
            pic = ctx->pics[i]->failed ? NULL : ctx->pics[i];
            goto done;
        }
    pdf_pic *p = np_xrealloc(NULL, sizeof *p);
    memset(p, 0, sizeof *p);
    p->path = np_buf_detach(&path);
    p->failed = 1; /* until loaded; remembered either way, so that it warns once */
    p->href = np_xstrdup(href);
    p->source = item_source ? np_xstrdup(item_source) : NULL;
    p->line = line;
    NP_GROW(ctx->pics, ctx->npics, ctx->cappics, 8);
    ctx->pics[ctx->npics++] = p;
    if (np_picture_read(p->path, MAX_PICTURE_BYTES, &data, &err) != NP_OK ||
        np_picture_check((const unsigned char *)data.data, data.len, href, 1, &decoded,
                         &err) != NP_OK) {
        pdf_warn(ctx, item_source, line, "picture '%s' %s; left out", href,
                 err.message ? err.message : "cannot be read");
        goto done;
    }
    p->type = decoded.type;
    if (!decoded.pixels) {
        pdf_warn(ctx, item_source, line,
                 "picture '%s' is %s data; the PDF takes PNG and JPEG only; left out", href,
                 np_picture_type_name(decoded.type));
        goto done;
    }
    if (decoded.width <= 0 || decoded.height <= 0) {
        pdf_warn(ctx, item_source, line, "picture '%s' has no size; left out", href);
        goto done;
    }
    HPDF_Image img = load(ctx, &data, &decoded);
    if (!img) {
        pdf_warn(ctx, item_source, line,
                 "picture '%s': libharu cannot take this %s (error 0x%04X); left out", href,
                 np_picture_type_name(decoded.type), (unsigned)HPDF_GetError(ctx->pdf));
        HPDF_ResetError(ctx->pdf);
        goto done;
    }
    p->w = decoded.width;
    p->h = decoded.height;
    p->image = img;
    p->failed = 0;
    pic = p;
done:
    np_picture_free(&decoded);
    np_buf_free(&path);
    np_buf_free(&data);
    np_error_clear(&err);
    return pic;
}

HPDF_Image pdf_pic_image(pdf_ctx *ctx, pdf_pic *pic)
{
    (void)ctx;
    return pic && !pic->failed ? pic->image : NULL;
}

enum { MIN_PPI = 150 }; /* below this a picture prints visibly soft */

void pdf_pic_drawn(pdf_ctx *ctx, pdf_pic *pic, double w, double h)
{
    ctx->pics_drawn++;
    if (pic->lowres_warned || w <= 0 || h <= 0)
        return;
    /* pixels per inch of the printed size, the worse of the two axes */
    double px = pic->w * 72.0 / w, py = pic->h * 72.0 / h;
    double ppi = px < py ? px : py;
    if (ppi >= MIN_PPI)
        return;
    pic->lowres_warned = 1;
    pdf_warn(ctx, pic->source, pic->line,
             "picture '%s' is %.0f ppi at its printed size (%.0f x %.0f mm), under %d; it will "
             "print soft",
             pic->href, ppi, w * 25.4 / 72, h * 25.4 / 72, MIN_PPI);
}

void pdf_pics_free(pdf_ctx *ctx)
{
    for (size_t i = 0; i < ctx->npics; i++) {
        free(ctx->pics[i]->href);
        free(ctx->pics[i]->source);
        free(ctx->pics[i]->path);
        free(ctx->pics[i]);
    }
    free(ctx->pics);
    ctx->pics = NULL;
    ctx->npics = ctx->cappics = 0;
}
