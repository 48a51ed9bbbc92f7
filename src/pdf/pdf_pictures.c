/* PDF pictures: a reference from an item becomes a file only through
 * np_href_resolve() (nothing outside the item's folder is read); the bytes
 * are sniffed and PNG or JPEG loaded into the document once per file. */
#include "pdf.h"
#include "util/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_PICTURE_BYTES = 48 * 1024 * 1024 };

static const char *type_name(np_image_type t)
{
    switch (t) {
    case NP_IMG_PNG:
        return "PNG";
    case NP_IMG_JPEG:
        return "JPEG";
    case NP_IMG_GIF:
        return "GIF";
    case NP_IMG_SVG:
        return "SVG";
    default:
        return "of an unknown type";
    }
}

pdf_pic *pdf_pic_get(pdf_ctx *ctx, const char *item_source, long line, const char *href)
{
    np_buf path = NP_BUF_INIT, data = NP_BUF_INIT;
    np_error err = NP_ERROR_INIT;
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
    if (np_file_read(path.data, MAX_PICTURE_BYTES, &data, &err) != NP_OK) {
        pdf_warn(ctx, item_source, line, "picture '%s': %s; left out", href,
                 err.message ? err.message : "cannot be read");
        goto done;
    }
    np_image_info info = np_image_sniff((const unsigned char *)data.data, data.len);
    pdf_pic *p = np_xrealloc(NULL, sizeof *p);
    memset(p, 0, sizeof *p);
    p->path = np_buf_detach(&path);
    p->type = info.type;
    p->w = info.width;
    p->h = info.height;
    if (ctx->npics == ctx->cappics) {
        ctx->cappics = ctx->cappics ? ctx->cappics * 2 : 8;
        ctx->pics = np_xrealloc(ctx->pics, ctx->cappics * sizeof *ctx->pics);
    }
    ctx->pics[ctx->npics++] = p;
    if (info.type != NP_IMG_PNG && info.type != NP_IMG_JPEG) {
        pdf_warn(ctx, item_source, line,
                 "picture '%s' is %s; the PDF takes PNG and JPEG only; left out", href,
                 type_name(info.type));
        p->failed = 1;
        goto done;
    }
    if (p->w <= 0 || p->h <= 0) {
        pdf_warn(ctx, item_source, line, "picture '%s' has no size; left out", href);
        p->failed = 1;
        goto done;
    }
    HPDF_Image img;
    if (info.type == NP_IMG_PNG)
        img = HPDF_LoadPngImageFromMem(ctx->pdf, (const HPDF_BYTE *)data.data,
                                       (HPDF_UINT)data.len);
    else
        img = HPDF_LoadJpegImageFromMem(ctx->pdf, (const HPDF_BYTE *)data.data,
                                        (HPDF_UINT)data.len);
    if (!img) {
        pdf_warn(ctx, item_source, line,
                 "picture '%s': libharu cannot read this %s (error 0x%04X); left out", href,
                 type_name(info.type), (unsigned)HPDF_GetError(ctx->pdf));
        HPDF_ResetError(ctx->pdf);
        p->failed = 1;
        goto done;
    }
    p->image = img;
    pic = p;
done:
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

void pdf_pics_free(pdf_ctx *ctx)
{
    for (size_t i = 0; i < ctx->npics; i++) {
        free(ctx->pics[i]->path);
        free(ctx->pics[i]);
    }
    free(ctx->pics);
    ctx->pics = NULL;
    ctx->npics = ctx->cappics = 0;
}
