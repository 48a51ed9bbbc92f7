/* EPUB converter: an RGB canvas for the raster cover — filled rectangles,
 * coverage masks (glyphs) blended in a colour, pictures scaled into a box.
 * Integer arithmetic only, so that the pixels are the same everywhere. */
#include "epub_raster.h"
#include "util/alloc.h"
#include "util/mem.h"

#include <string.h>

void ep_canvas_init(ep_canvas *c, int width, int height, ep_rgb background)
{
    memset(c, 0, sizeof *c);
    c->type = NP_IMG_PNG;
    c->media_type = "image/png";
    c->ext = "png";
    c->width = width;
    c->height = height;
    c->bit_depth = 8;
    c->channels = 3;
    c->pixels = np_mem_big((size_t)width * (size_t)height * 3);
    ep_canvas_fill(c, 0, 0, width, height, background);
}

void ep_canvas_free(ep_canvas *c)
{
    np_mem_big_free(c->pixels, (size_t)c->width * (size_t)c->height * 3);
    c->pixels = NULL;
    c->channels = 0;
}

/* Clip [*x, *x + *w) to [0, limit); 0 when nothing is left. */
static int clip(int *x, int *w, int limit, int *skip)
{
    *skip = 0;
    if (*x < 0) {
        *skip = -*x;
        *w += *x;
        *x = 0;
    }
    if (*x + *w > limit)
        *w = limit - *x;
    return *w > 0;
}

static unsigned char *at(ep_canvas *c, int x, int y)
{
    return c->pixels + ((size_t)y * (size_t)c->width + (size_t)x) * 3;
}

void ep_canvas_fill(ep_canvas *c, int x, int y, int w, int h, ep_rgb colour)
{
    int sx, sy;
    if (!clip(&x, &w, c->width, &sx) || !clip(&y, &h, c->height, &sy))
        return;
    unsigned char rgb[3] = {(unsigned char)(colour >> 16), (unsigned char)(colour >> 8),
                            (unsigned char)colour};
    unsigned char *first = at(c, x, y);
    for (int i = 0; i < w; i++)
        memcpy(first + 3 * i, rgb, 3);
    /* the other rows copy the first (the whole cover is filled once) */
    for (int j = 1; j < h; j++)
        memcpy(at(c, x, y + j), first, (size_t)w * 3);
}

void ep_canvas_mask(ep_canvas *c, int x, int y, const unsigned char *mask, int w, int h,
                    int pitch, ep_rgb colour)
{
    int sx, sy;
    if (!mask || !clip(&x, &w, c->width, &sx) || !clip(&y, &h, c->height, &sy))
        return;
    unsigned rgb[3] = {colour >> 16 & 0xff, colour >> 8 & 0xff, colour & 0xff};
    for (int j = 0; j < h; j++) {
        const unsigned char *m = mask + (size_t)(j + sy) * (size_t)pitch + (size_t)sx;
        unsigned char *d = at(c, x, y + j);
        for (int i = 0; i < w; i++, d += 3) {
            unsigned a = m[i];
            for (int k = 0; k < 3; k++)
                d[k] = (unsigned char)((d[k] * (255 - a) + rgb[k] * a + 127) / 255);
        }
    }
}

/* Sample (fx, fy), in 1/256 source pixels, interpolated between the four
 * pixels around it. */
static void bilinear(const np_picture *pic, long fx, long fy, unsigned char *d)
{
    long x0 = fx >> 8, y0 = fy >> 8, ax = fx & 255, ay = fy & 255;
    long x1 = x0 + 1 < pic->width ? x0 + 1 : x0, y1 = y0 + 1 < pic->height ? y0 + 1 : y0;
    int n = pic->channels;
    const unsigned char *r0 = pic->pixels + (size_t)y0 * (size_t)pic->width * (size_t)n;
    const unsigned char *r1 = pic->pixels + (size_t)y1 * (size_t)pic->width * (size_t)n;
    for (int k = 0; k < 3; k++) {
        int ch = n == 3 ? k : 0;
        long top = r0[x0 * n + ch] * (256 - ax) + r0[x1 * n + ch] * ax;
        long bottom = r1[x0 * n + ch] * (256 - ax) + r1[x1 * n + ch] * ax;
        d[k] = (unsigned char)((top * (256 - ay) + bottom * ay + 32768) >> 16);
    }
}

/* Source position, in 1/256 pixels, of the centre of canvas pixel i of
 * `w` over `span` source pixels from `origin`; clamped inside. */
static long centre_at(long origin, long span, int i, int w)
{
    long f = origin * 256 + ((2L * i + 1) * span * 256) / (2L * w) - 128;
    long max = (origin + span - 1) * 256;
    return f < origin * 256 ? origin * 256 : f > max ? max : f;
}

void ep_canvas_picture(ep_canvas *c, const np_picture *pic, int x, int y, int w, int h)
{
    if (!pic || !pic->pixels || pic->width < 1 || pic->height < 1 || w < 1 || h < 1)
        return;
    /* the part of the picture shown: the box's proportions, centred */
    long pw = pic->width, ph = pic->height, cw = pw, ch = ph;
    if (pw * h > ph * w)
        cw = ph * w / h;
    else
        ch = pw * h / w;
    if (cw < 1)
        cw = 1;
    if (ch < 1)
        ch = 1;
    long ox = (pw - cw) / 2, oy = (ph - ch) / 2;
    int n = pic->channels;
    if (cw < w && ch < h) {
        /* enlarged: interpolated, not in blocks */
        for (int j = 0; j < h; j++)
            for (int i = 0; i < w; i++)
                if (x + i >= 0 && x + i < c->width && y + j >= 0 && y + j < c->height)
                    bilinear(pic, centre_at(ox, cw, i, w), centre_at(oy, ch, j, h),
                             at(c, x + i, y + j));
        return;
    }
    for (int j = 0; j < h; j++) {
        if (y + j < 0 || y + j >= c->height)
            continue;
        long y0 = oy + ch * j / h, y1 = oy + ch * (j + 1) / h;
        if (y1 <= y0)
            y1 = y0 + 1;
        for (int i = 0; i < w; i++) {
            if (x + i < 0 || x + i >= c->width)
                continue;
            long x0 = ox + cw * i / w, x1 = ox + cw * (i + 1) / w;
            if (x1 <= x0)
                x1 = x0 + 1;
            unsigned long sum[3] = {0, 0, 0}, count = 0;
            for (long sy = y0; sy < y1; sy++) {
                const unsigned char *s = pic->pixels + ((size_t)sy * (size_t)pw + (size_t)x0) * (size_t)n;
                for (long sx = x0; sx < x1; sx++, s += n, count++)
                    for (int k = 0; k < 3; k++)
                        sum[k] += s[n == 3 ? k : 0];
            }
            unsigned char *d = at(c, x + i, y + j);
            for (int k = 0; k < 3; k++)
                d[k] = (unsigned char)((sum[k] + count / 2) / count);
        }
    }
}
