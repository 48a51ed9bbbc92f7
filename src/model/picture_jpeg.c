/* JPEG pictures through libjpeg: errors and corrupt-data warnings end in
 * our setjmp handler (libjpeg's own error_exit calls exit()), the size is
 * checked from the frame header before decoding, the number of scans and
 * libjpeg's working memory are bounded, and CMYK is turned into RGB. */
#include "model/picture.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

enum { MAX_SCANS = 100 };                      /* real progressive files use about 10 */
#define MAX_JPEG_MEMORY (512L * 1024 * 1024)   /* libjpeg's own buffers */

typedef struct jpeg_job {
    struct jpeg_error_mgr mgr; /* first: libjpeg hands us a pointer to it */
    jmp_buf jump;
    struct jpeg_progress_mgr progress;
    char message[JMSG_LENGTH_MAX + 64];
    unsigned char *pixels;
    unsigned char *row;
} jpeg_job;

static void on_error(j_common_ptr c)
{
    jpeg_job *job = (jpeg_job *)c->err;
    if (!job->message[0])
        c->err->format_message(c, job->message);
    longjmp(job->jump, 1);
}

/* Warnings that a picture is damaged are errors here: libjpeg would fill
 * the missing part with gray and say nothing more. */
static void on_message(j_common_ptr c, int level)
{
    if (level >= 0)
        return; /* trace messages */
    switch (c->err->msg_code) {
    case JWRN_EXTRANEOUS_DATA: /* stray bytes between markers: common, harmless */
    case JWRN_JFIF_MAJOR:
    case JWRN_ADOBE_XFORM:
    case JWRN_BOGUS_ICC:
        return;
    default:
        on_error(c);
    }
}

static void on_progress(j_common_ptr c)
{
    if (c->is_decompressor && ((j_decompress_ptr)c)->input_scan_number > MAX_SCANS) {
        jpeg_job *job = (jpeg_job *)c->err;
        snprintf(job->message, sizeof job->message, "has more than %d scans", MAX_SCANS);
        longjmp(job->jump, 1);
    }
}

/* Markers in order from SOI to a SOF0/1/2 frame, as simple JPEG readers
 * (libharu's among them) walk them. */
static int markers_plain(const unsigned char *d, size_t len)
{
    size_t i = 2;
    while (i + 4 <= len) {
        unsigned m = d[i + 1];
        size_t seg = (size_t)d[i + 2] << 8 | d[i + 3];
        if (d[i] != 0xFF || m == 0xFF || m == 0x00 || m == 0x01 || (m >= 0xD0 && m <= 0xD9) ||
            seg < 2)
            return 0;
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC)
            return m <= 0xC2;
        i += 2 + seg;
    }
    return 0;
}

/* CMYK as Adobe writes it (inverted: 0 is full ink) or plainly -> RGB. */
static void cmyk_to_rgb(unsigned char *p, size_t npix, int inverted)
{
    for (size_t i = 0; i < npix; i++) {
        unsigned c = p[4 * i], m = p[4 * i + 1], y = p[4 * i + 2], k = p[4 * i + 3];
        if (!inverted)
            c = 255 - c, m = 255 - m, y = 255 - y, k = 255 - k;
        p[3 * i] = (unsigned char)((c * k + 127) / 255);
        p[3 * i + 1] = (unsigned char)((m * k + 127) / 255);
        p[3 * i + 2] = (unsigned char)((y * k + 127) / 255);
    }
}

static int decode(j_decompress_ptr c, jpeg_job *job, const unsigned char *data, size_t len,
                  long max_pixels, np_picture *pic)
{
    if (setjmp(job->jump))
        return -1;
    jpeg_create_decompress(c); /* zeroes all of c but its error manager */
    job->progress.progress_monitor = on_progress;
    c->progress = &job->progress;
    c->mem->max_memory_to_use = MAX_JPEG_MEMORY;
    jpeg_mem_src(c, data, (unsigned long)len);
    if (jpeg_read_header(c, TRUE) != JPEG_HEADER_OK) {
        snprintf(job->message, sizeof job->message, "holds no picture");
        return -1;
    }
    pic->width = (int)c->image_width;
    pic->height = (int)c->image_height;
    pic->bit_depth = c->data_precision;
    pic->interlaced = c->progressive_mode;
    pic->cmyk = c->jpeg_color_space == JCS_CMYK || c->jpeg_color_space == JCS_YCCK;
    if ((double)c->image_width * c->image_height > (double)max_pixels) {
        snprintf(job->message, sizeof job->message,
                 "declares %u x %u pixels, more than the %ld allowed", c->image_width,
                 c->image_height, max_pixels);
        return -2;
    }
    int ch;
    switch (c->jpeg_color_space) {
    case JCS_GRAYSCALE:
        ch = 1;
        break;
    case JCS_YCbCr:
    case JCS_RGB:
        ch = 3;
        c->out_color_space = JCS_RGB;
        break;
    case JCS_CMYK:
    case JCS_YCCK:
        ch = 4;
        c->out_color_space = JCS_CMYK;
        break;
    default:
        snprintf(job->message, sizeof job->message, "has %d colour components of no known kind",
                 c->num_components);
        return -2;
    }
    pic->jpeg_plain = ch != 4 && pic->bit_depth == 8 && markers_plain(data, len);
    jpeg_start_decompress(c);
    if (c->output_components != ch)
        ERREXIT(c, JERR_CONVERSION_NOTIMPL);
    size_t stride = (size_t)c->output_width * ch;
    job->pixels = malloc(stride * c->output_height);
    if (!job->pixels) {
        snprintf(job->message, sizeof job->message, "does not fit in memory (%u x %u pixels)",
                 c->output_width, c->output_height);
        return -3;
    }
    while (c->output_scanline < c->output_height) {
        JSAMPROW row = job->pixels + stride * c->output_scanline;
        if (jpeg_read_scanlines(c, &row, 1) != 1)
            ERREXIT(c, JERR_INPUT_EMPTY);
    }
    jpeg_finish_decompress(c);
    if (ch == 4)
        cmyk_to_rgb(job->pixels, (size_t)c->output_width * c->output_height,
                    c->saw_Adobe_marker);
    pic->channels = ch == 1 ? 1 : 3;
    return ch;
}

int np_picture_jpeg_decode(const unsigned char *data, size_t len, long max_pixels,
                           np_picture *pic, char *why, size_t why_size)
{
    struct jpeg_decompress_struct c;
    jpeg_job job;
    memset(&c, 0, sizeof c); /* destroyable even if creating it fails */
    memset(&job, 0, sizeof job);
    pic->type = NP_IMG_JPEG;
    c.err = jpeg_std_error(&job.mgr);
    job.mgr.error_exit = on_error;
    job.mgr.emit_message = on_message;
    int ch = decode(&c, &job, data, len, max_pixels, pic);
    jpeg_destroy_decompress(&c);
    snprintf(why, why_size, "%s", job.message);
    if (ch < 0) {
        free(job.pixels);
        return ch == -1 ? NP_ERR_INVALID : ch == -2 ? NP_ERR_UNSAFE : NP_ERR_MEMORY;
    }
    pic->pixels = job.pixels;
    return NP_OK;
}

static int encode(j_compress_ptr c, jpeg_job *job, const np_picture *pic, int quality,
                  unsigned char **out, unsigned long *outlen)
{
    if (setjmp(job->jump))
        return -1;
    jpeg_create_compress(c);
    jpeg_mem_dest(c, out, outlen);
    c->image_width = (JDIMENSION)pic->width;
    c->image_height = (JDIMENSION)pic->height;
    c->input_components = pic->channels;
    c->in_color_space = pic->channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(c);
    jpeg_set_quality(c, quality, TRUE);
    jpeg_start_compress(c, TRUE);
    size_t stride = (size_t)pic->width * pic->channels;
    while (c->next_scanline < c->image_height) {
        JSAMPROW row = pic->pixels + stride * c->next_scanline;
        jpeg_write_scanlines(c, &row, 1);
    }
    jpeg_finish_compress(c);
    return 0;
}

int np_picture_encode_jpeg(const np_picture *pic, int quality, np_buf *out, np_error *err)
{
    np_buf_reset(out);
    if (!pic->pixels || (pic->channels != 1 && pic->channels != 3))
        return np_error_set(err, NP_ERR_INTERNAL, NULL, 0, "has no decoded pixels to encode");
    struct jpeg_compress_struct c;
    jpeg_job job;
    memset(&c, 0, sizeof c);
    memset(&job, 0, sizeof job);
    c.err = jpeg_std_error(&job.mgr);
    job.mgr.error_exit = on_error;
    job.mgr.emit_message = on_message; /* never libjpeg's printing to stderr */
    unsigned char *buf = NULL;
    unsigned long n = 0;
    int ok = encode(&c, &job, pic, quality, &buf, &n) == 0;
    jpeg_destroy_compress(&c);
    if (ok)
        np_buf_put(out, buf, n);
    free(buf);
    return ok ? NP_OK
              : np_error_set(err, NP_ERR_INTERNAL, NULL, 0, "cannot be encoded as JPEG (%s)",
                             job.message);
}
