/* PNG pictures through libpng: every libpng error ends in our setjmp
 * handler (an error callback that returns makes libpng abort()), the size
 * is checked from IHDR before a row is decoded, and the picture comes out
 * as 8-bit gray or RGB with any transparency flattened onto white.
 * Decoded pixels are encoded back as PNG (the EPUB's raster cover). */
#include "model/picture.h"

#include "util/alloc.h"

#include <png.h>
#include <pthread.h>
#include <zlib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct png_job {
    const unsigned char *data;
    size_t len, pos;
    char message[200];    /* libpng's last error */
    unsigned char *rows;  /* decoded, as libpng gives them */
    png_bytep *row_ptrs;
} png_job;

static void on_error(png_structp png, png_const_charp msg)
{
    png_job *job = png_get_error_ptr(png);
    snprintf(job->message, sizeof job->message, "%s", msg ? msg : "error");
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
    (void)png; /* benign: a bad ancillary chunk is skipped */
    (void)msg;
}

static void on_read(png_structp png, png_bytep out, png_size_t n)
{
    png_job *job = png_get_io_ptr(png);
    if (n > job->len - job->pos)
        png_error(png, "the file ends early");
    memcpy(out, job->data + job->pos, n);
    job->pos += n;
}

/* Gray, gray+alpha, RGB or RGBA rows -> gray or RGB, alpha over white. */
static void flatten(const unsigned char *src, int in_ch, size_t npix, unsigned char *dst)
{
    int colour = in_ch >= 3, out_ch = colour ? 3 : 1, has_alpha = in_ch == 2 || in_ch == 4;
    for (size_t i = 0; i < npix; i++, src += in_ch, dst += out_ch) {
        unsigned a = has_alpha ? src[in_ch - 1] : 255;
        for (int c = 0; c < out_ch; c++)
            dst[c] = (unsigned char)((src[c] * a + 255 * (255 - a) + 127) / 255);
    }
}

/* Everything libpng may longjmp out of; allocations are kept in `job` so
 * that the caller frees them whichever way this ends. */
static int decode(png_structp png, png_infop info, png_job *job, long max_pixels,
                  np_picture *pic)
{
    if (setjmp(png_jmpbuf(png)))
        return -1;
    png_set_read_fn(png, job, on_read);
    png_set_user_limits(png, 1000000, 1000000);
    png_set_chunk_malloc_max(png, 8 * 1024 * 1024); /* compressed text bombs */
    png_read_info(png, info);
    png_uint_32 w, h;
    int depth, ctype, interlace;
    png_get_IHDR(png, info, &w, &h, &depth, &ctype, &interlace, NULL, NULL);
    pic->width = (int)w;
    pic->height = (int)h;
    pic->bit_depth = depth;
    pic->interlaced = interlace != PNG_INTERLACE_NONE;
    pic->palette = ctype == PNG_COLOR_TYPE_PALETTE;
    pic->alpha = (ctype & PNG_COLOR_MASK_ALPHA) || png_get_valid(png, info, PNG_INFO_tRNS);
    if ((double)w * h > (double)max_pixels) {
        snprintf(job->message, sizeof job->message,
                 "declares %lu x %lu pixels, more than the %ld allowed", (unsigned long)w,
                 (unsigned long)h, max_pixels);
        return -2;
    }
    png_set_expand(png); /* palette -> RGB, gray < 8 bits -> 8, tRNS -> alpha */
    png_set_strip_16(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    int ch = png_get_channels(png, info);
    size_t stride = png_get_rowbytes(png, info);
    if (ch < 1 || ch > 4 || stride != (size_t)w * ch)
        png_error(png, "unexpected row layout");
    job->rows = malloc(stride * h);
    job->row_ptrs = malloc(sizeof *job->row_ptrs * h);
    if (!job->rows || !job->row_ptrs) {
        snprintf(job->message, sizeof job->message, "does not fit in memory (%lu x %lu pixels)",
                 (unsigned long)w, (unsigned long)h);
        return -3;
    }
    for (png_uint_32 y = 0; y < h; y++)
        job->row_ptrs[y] = job->rows + stride * y;
    png_read_image(png, job->row_ptrs);
    png_read_end(png, NULL);
    pic->channels = ch >= 3 ? 3 : 1;
    return ch;
}

int np_picture_png_decode(const unsigned char *data, size_t len, long max_pixels,
                          np_picture *pic, char *why, size_t why_size)
{
    png_job job = {data, len, 0, "", NULL, NULL};
    pic->type = NP_IMG_PNG;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &job, on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    int ch = info ? decode(png, info, &job, max_pixels, pic) : -3;
    png_destroy_read_struct(&png, info ? &info : NULL, NULL);
    free(job.row_ptrs);
    snprintf(why, why_size, "%s", job.message[0] ? job.message : "out of memory");
    if (ch < 0) {
        free(job.rows);
        return ch == -1 ? NP_ERR_INVALID : ch == -2 ? NP_ERR_UNSAFE : NP_ERR_MEMORY;
    }
    flatten(job.rows, ch, (size_t)pic->width * pic->height, job.rows); /* in place: out <= in */
    pic->pixels = job.rows;
    return NP_OK;
}

/* ---- encoding -------------------------------------------------------------- */

static void on_write(png_structp png, png_bytep d, png_size_t n)
{
    np_buf_put(png_get_io_ptr(png), d, n);
}

static void on_flush(png_structp png)
{
    (void)png;
}

/* Room for zlib to write into `z`: next_out/avail_out set (at most 64 KB
 * at a time; a block that did not fit stays in zlib until the next call). */
static void z_room(z_stream *zs, np_buf *z)
{
    np_buf_grow(z, 65536);
    zs->next_out = (Bytef *)z->data + z->len;
    zs->avail_out = (uInt)(z->cap - z->len < 65536 ? z->cap - z->len : 65536);
}

/* Account for what zlib wrote since z_room(). */
static void z_took(z_stream *zs, np_buf *z)
{
    z->len = (size_t)((char *)zs->next_out - z->data);
}

/* Deflate all of next_in (with Z_FINISH: to the end of the stream). */
static int z_pump(z_stream *zs, int flush, np_buf *z)
{
    for (;;) {
        z_room(zs, z);
        int r = deflate(zs, flush);
        z_took(zs, z);
        if (r == Z_STREAM_END)
            return 0;
        if (r != Z_OK && r != Z_BUF_ERROR)
            return -1;
        if (flush != Z_FINISH && !zs->avail_in && zs->avail_out)
            return 0;
    }
}

/* The image data (IDAT) of `pic`, deflated into `z` (zlib stream).  What we
 * encode is drawn (the raster cover: flat paper, rules, glyph edges, maybe a
 * photograph), and three rows in four repeat the row above.  A repeated row
 * is sent as filter Up, all zeros, deflated as runs (Z_RLE): a run costs a
 * compare per byte where level 6 hashes every byte of a match.  Other rows go
 * unfiltered (filters make drawn rows deflate worse) at level 3: the cover is
 * drawn while nothing else can run, and level 6 takes 1.7 to 2.5 times as
 * long for 13% (text alone, 1600x2400: 100 KB instead of 87 KB) to 23% (with
 * a photograph: 315 KB instead of 244 KB) fewer bytes; level 9 twice as long
 * again for 4% less.  The rows go in two bands, each its own raw deflate
 * stream (the second primed with the first's last 32 KB, so it loses
 * nothing), deflated at once on two threads when given: the bytes do not
 * depend on the number of threads. */
enum { ROW_LEVEL = 3, BANDS = 2, WINDOW = 32768 };

/* Row y of `pic` as PNG writes it, filter byte first: in `line`, or, when
 * it repeats the row above (sent as Up: zeros), NULL (see up_line()). */
static const unsigned char *filter_row(const np_picture *pic, int y, unsigned char *line)
{
    size_t stride = (size_t)pic->width * (size_t)pic->channels;
    const unsigned char *row = pic->pixels + stride * (size_t)y;
    if (y > 0 && !memcmp(row, row - stride, stride))
        return NULL;
    line[0] = 0; /* PNG filter type None */
    memcpy(line + 1, row, stride);
    return line;
}

/* A repeated row as sent: filter Up, then zeros.  Most of the cover's rows
 * are: made once, and their Adler-32 once (combined for each). */
static unsigned char *up_line(size_t stride, uLong *adler)
{
    unsigned char *up = np_xcalloc(1, stride + 1);
    up[0] = 2; /* PNG filter type Up */
    *adler = adler32(adler32(0, NULL, 0), up, (uInt)(stride + 1));
    return up;
}

typedef struct band {
    const np_picture *pic;
    int y0, y1, last; /* rows [y0, y1); the last band ends the stream */
    np_buf z;         /* raw deflate: byte-aligned at its end when not last */
    uLong adler;      /* Adler-32 of the filtered bytes */
    size_t len;       /* filtered bytes */
    int ok;
} band;

static void *deflate_band(void *ud)
{
    band *b = ud;
    const np_picture *pic = b->pic;
    size_t stride = (size_t)pic->width * (size_t)pic->channels;
    unsigned char *line = np_xmalloc(stride + 1);
    uLong up_adler;
    unsigned char *up = up_line(stride, &up_adler);
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    b->adler = adler32(0, NULL, 0);
    /* memLevel 6: a quarter of zlib's default hash table, which it walks
     * every 32 KB of input; 15% less work for 0.5% more bytes */
    b->ok = deflateInit2(&zs, ROW_LEVEL, Z_DEFLATED, -MAX_WBITS, 6, Z_DEFAULT_STRATEGY) == Z_OK;
    if (!b->ok) {
        free(line);
        free(up);
        return NULL;
    }
    if (b->y0 > 0) {
        /* the bytes the band follows, as the decoder has them */
        int from = b->y0 - (int)(WINDOW / (stride + 1)) - 1;
        np_buf dict = NP_BUF_INIT;
        for (int y = from < 0 ? 0 : from; y < b->y0; y++) {
            const unsigned char *sent = filter_row(pic, y, line);
            np_buf_put(&dict, sent ? sent : up, stride + 1);
        }
        size_t n = dict.len < WINDOW ? dict.len : WINDOW;
        b->ok = deflateSetDictionary(&zs, (const Bytef *)dict.data + dict.len - n, (uInt)n) ==
                Z_OK;
        np_buf_free(&dict);
    }
    int runs = 0;
    for (int y = b->y0; b->ok && y < b->y1; y++) {
        const unsigned char *sent = filter_row(pic, y, line);
        int same = !sent;
        if (same != runs) {
            /* the block so far is written out with the old strategy */
            z_room(&zs, &b->z);
            b->ok = deflateParams(&zs, ROW_LEVEL, same ? Z_RLE : Z_DEFAULT_STRATEGY) == Z_OK;
            z_took(&zs, &b->z);
            runs = same;
        }
        if (same) {
            sent = up;
            b->adler = adler32_combine(b->adler, up_adler, (z_off_t)(stride + 1));
        } else {
            b->adler = adler32(b->adler, sent, (uInt)(stride + 1));
        }
        b->len += stride + 1;
        zs.next_in = (Bytef *)sent;
        zs.avail_in = (uInt)(stride + 1);
        b->ok = b->ok && z_pump(&zs, Z_NO_FLUSH, &b->z) == 0;
    }
    b->ok = b->ok && z_pump(&zs, b->last ? Z_FINISH : Z_SYNC_FLUSH, &b->z) == 0;
    deflateEnd(&zs);
    free(line);
    free(up);
    return NULL;
}

static void put_u32be(np_buf *z, uLong v)
{
    unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};
    np_buf_put(z, b, 4);
}

static int deflate_rows(const np_picture *pic, unsigned threads, np_buf *z)
{
    band b[BANDS];
    int n = pic->height < BANDS ? 1 : BANDS;
    for (int i = 0; i < n; i++)
        b[i] = (band){pic, pic->height * i / n, pic->height * (i + 1) / n, i == n - 1,
                      NP_BUF_INIT, 0, 0, 0};
    pthread_t tid[BANDS];
    int started[BANDS] = {0};
    for (int i = 1; i < n && threads > 1; i++)
        started[i] = pthread_create(&tid[i], NULL, deflate_band, &b[i]) == 0;
    for (int i = 0; i < n; i++)
        if (!started[i])
            deflate_band(&b[i]);
    for (int i = 1; i < n; i++)
        if (started[i])
            pthread_join(tid[i], NULL);
    /* the zlib stream: header (32 KB window, the level's flag), the bands,
     * the Adler-32 of everything */
    unsigned head = (Z_DEFLATED + ((MAX_WBITS - 8) << 4)) << 8 | (ROW_LEVEL < 2 ? 0u : ROW_LEVEL < 6 ? 1u : ROW_LEVEL == 6 ? 2u : 3u) << 6;
    head += 31 - head % 31;
    unsigned char h[2] = {(unsigned char)(head >> 8), (unsigned char)head};
    np_buf_reset(z);
    np_buf_put(z, h, 2);
    uLong adler = adler32(0, NULL, 0);
    int ok = 1;
    for (int i = 0; i < n; i++) {
        ok = ok && b[i].ok;
        np_buf_put(z, b[i].z.data, b[i].z.len);
        adler = adler32_combine(adler, b[i].adler, (z_off_t)b[i].len);
        np_buf_free(&b[i].z);
    }
    put_u32be(z, adler);
    return ok ? 0 : -1;
}

static int encode(png_structp png, png_infop info, const np_picture *pic, const np_buf *z,
                  np_buf *out)
{
    if (setjmp(png_jmpbuf(png)))
        return -1;
    png_set_write_fn(png, out, on_write, on_flush);
    png_set_IHDR(png, info, (png_uint_32)pic->width, (png_uint_32)pic->height, 8,
                 pic->channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    /* no tIME or text chunk: the same pixels give the same bytes */
    png_write_info(png, info);
    /* the image data deflated here (libpng sets one strategy for the whole
     * image), in chunks of at most 64 KB; then the end */
    for (size_t at = 0; at < z->len; at += 65536)
        png_write_chunk(png, (png_const_bytep) "IDAT", (png_const_bytep)z->data + at,
                        z->len - at < 65536 ? z->len - at : 65536);
    png_write_chunk(png, (png_const_bytep) "IEND", NULL, 0);
    return 0;
}

int np_picture_encode_png(const np_picture *pic, np_buf *out, np_error *err)
{
    return np_picture_encode_png_on(pic, 1, out, err);
}

int np_picture_encode_png_on(const np_picture *pic, unsigned threads, np_buf *out, np_error *err)
{
    np_buf_reset(out);
    if (!pic->pixels || (pic->channels != 1 && pic->channels != 3) || pic->width < 1 ||
        pic->height < 1)
        return np_error_set(err, NP_ERR_INTERNAL, NULL, 0, "has no decoded pixels to encode");
    png_job job = {NULL, 0, 0, "", NULL, NULL};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &job, on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    np_buf z = NP_BUF_INIT;
    int ok = info && deflate_rows(pic, threads, &z) == 0 && encode(png, info, pic, &z, out) == 0;
    np_buf_free(&z);
    png_destroy_write_struct(&png, info ? &info : NULL);
    if (!ok)
        np_buf_reset(out);
    return ok ? NP_OK
              : np_error_set(err, NP_ERR_INTERNAL, NULL, 0, "cannot be encoded as PNG (%s)",
                             job.message[0] ? job.message : "out of memory");
}
