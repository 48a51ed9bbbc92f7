/* Pictures checked before anything uses them (private; used by the PDF and
 * EPUB converters).  A picture file is read only if it is a regular file
 * within a size cap, opened without following a symlink or blocking on a
 * FIFO or device; its bytes must be what its name says (PNG, JPEG, GIF,
 * SVG), declare at most NP_PICTURE_MAX_PIXELS and decode completely with
 * libpng or libjpeg, whose errors end in our own setjmp handlers.  The
 * decoded pixels are normalised to 8-bit gray or RGB, alpha flattened onto
 * white (the paper), for consumers such as libharu that must never see the
 * original bytes. */
#ifndef NP_MODEL_PICTURE_H
#define NP_MODEL_PICTURE_H

#include <stddef.h>

#include "newsprint/buf.h"
#include "newsprint/error.h"
#include "newsprint/media.h"

/* width x height budget, checked from the header before decoding */
#define NP_PICTURE_MAX_PIXELS 100000000L

typedef struct np_picture {
    np_image_type type;
    const char *media_type; /* "image/png"... */
    const char *ext;        /* "png"... */
    int width, height;
    /* what the file holds */
    int bit_depth;         /* bits per sample (PNG 1..16, JPEG 8) */
    int interlaced;        /* PNG Adam7 or progressive JPEG */
    int palette;           /* PNG with a palette */
    int alpha;             /* PNG alpha channel or transparent colour */
    int cmyk;              /* JPEG in CMYK or YCCK */
    int jpeg_plain;        /* JPEG whose markers up to a baseline, extended or
                            * progressive Huffman frame are in order, in gray or
                            * YCbCr: fit to be copied into a PDF as it is */
    /* the decoded picture (np_picture_check with want_pixels) */
    int channels;          /* 1 gray, 3 RGB */
    unsigned char *pixels; /* width * height * channels, rows top to bottom */
} np_picture;

/* Read the picture file `path` into `out`: opened O_NONBLOCK|O_NOFOLLOW,
 * refused unless fstat says it is a regular file (NP_ERR_IO), or if it is
 * larger than `max` bytes (NP_ERR_UNSAFE).  Messages read after "picture
 * 'NAME' ", e.g. "is not a regular file". */
int np_picture_read(const char *path, size_t max, np_buf *out, np_error *err);

/* Check the bytes of the picture called `name` (its href: the extension
 * must agree with the content): signature, pixel budget, complete decoding.
 * SVG passes unchecked (its consumer parses it).  With `want_pixels` a PNG
 * or JPEG is left decoded in pic->pixels.  NP_ERR_INVALID with a message
 * that reads after "picture 'NAME' " when it cannot be used; NP_ERR_MEMORY
 * when its pixels do not fit in memory.  np_picture_free() in any case. */
int np_picture_check(const unsigned char *data, size_t len, const char *name, int want_pixels,
                     np_picture *pic, np_error *err);

/* Encode decoded pixels as a baseline JPEG into `out` (reset first). */
int np_picture_encode_jpeg(const np_picture *pic, int quality, np_buf *out, np_error *err);
/* Encode decoded pixels as an 8-bit PNG into `out` (reset first), with no
 * time or text chunk: the same pixels always give the same bytes. */
int np_picture_encode_png(const np_picture *pic, np_buf *out, np_error *err);
/* The same on up to `threads` threads (the same bytes whatever the number). */
int np_picture_encode_png_on(const np_picture *pic, unsigned threads, np_buf *out, np_error *err);

/* "PNG", "JPEG", "GIF", "SVG", "WebP", "of an unknown type" */
const char *np_picture_type_name(np_image_type t);

void np_picture_free(np_picture *pic);

/* The decoders behind np_picture_check (picture_png.c, picture_jpeg.c): they
 * fill the header fields of `pic`, refuse more than `max_pixels`
 * (NP_ERR_UNSAFE), decode everything into pic->pixels.  NP_ERR_INVALID when
 * the library finds the file broken, NP_ERR_MEMORY; `why` (of `why_size`
 * bytes) then says what is wrong, and nothing is left allocated. */
int np_picture_png_decode(const unsigned char *data, size_t len, long max_pixels,
                          np_picture *pic, char *why, size_t why_size);
int np_picture_jpeg_decode(const unsigned char *data, size_t len, long max_pixels,
                           np_picture *pic, char *why, size_t why_size);

#endif
