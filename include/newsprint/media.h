/* newsprint — pictures: safe resolution of image references found in
 * items, and image type/size sniffing.  Shared by the EPUB and PDF
 * converters. */
#ifndef NEWSPRINT_MEDIA_H
#define NEWSPRINT_MEDIA_H

#include "newsprint/export.h"

#include <stddef.h>
#include "buf.h"
#include "error.h"
#include "item.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Resolve `href` (from an item read from `item_source`) to a file inside the
 * item's own folder (or below it).  Refused with NP_ERR_UNSAFE and nothing
 * read: absolute paths, URLs and other schemes (http:, file:, data:...),
 * any ".." component (also percent-encoded), backslashes, control
 * characters, and anything whose real path (symlinks resolved) leaves the
 * folder.  NP_ERR_IO when the file does not exist.  On success the path is
 * in `out` (reset first). */
NP_NODISCARD NP_EXPORT int np_href_resolve(const char *item_source, const char *href, np_buf *out, np_error *err);

typedef enum np_image_type {
    NP_IMG_UNKNOWN = 0,
    NP_IMG_PNG,
    NP_IMG_JPEG,
    NP_IMG_GIF,
    NP_IMG_SVG,
    NP_IMG_WEBP             /* recognised to be named, not used */
} np_image_type;

typedef struct np_image_info {
    np_image_type type;
    int width, height;      /* pixels; 0 when unknown (SVG) */
    const char *media_type; /* "image/png"... or NULL */
    const char *ext;        /* "png", "jpg", "gif", "svg", "webp" */
} np_image_info;

/* Sniff an image from its first bytes (the whole file for SVG). */
NP_EXPORT np_image_info np_image_sniff(const unsigned char *data, size_t len);

/* Read a whole (image) file up to `max` bytes into `out`.  NP_ERR_UNSAFE if
 * it is larger, NP_ERR_IO if it cannot be read. */
NP_NODISCARD NP_EXPORT int np_file_read(const char *path, size_t max, np_buf *out, np_error *err);

/* The picture to show for an item: the best rendition of a picture item
 * (the largest image rendition with an href), or NULL. */
NP_EXPORT const np_rendition *np_picture_rendition(const np_item *picture);

#ifdef __cplusplus
}
#endif
#endif
