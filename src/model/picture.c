/* Pictures checked before use (see picture.h): the file read with care,
 * the bytes sniffed (np_image_sniff) and matched against the name, PNG and
 * JPEG decoded completely (picture_png.c, picture_jpeg.c), GIF walked
 * block by block. */
#include "model/picture.h"
#include "util/infile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

int np_picture_read(const char *path, size_t max, np_buf *out, np_error *err)
{
    np_buf_reset(out);
    /* O_NONBLOCK: opening a FIFO must not wait for a writer */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return np_error_set(err, NP_ERR_IO, NULL, 0, "%s",
                            errno == ELOOP ? "is a symbolic link" : strerror(errno));
    struct stat st;
    int rc = NP_OK, got;
    if (fstat(fd, &st) != 0)
        rc = np_error_set(err, NP_ERR_IO, NULL, 0, "cannot be examined: %s", strerror(errno));
    else if (!S_ISREG(st.st_mode))
        rc = np_error_set(err, NP_ERR_IO, NULL, 0, "is not a regular file");
    else if ((unsigned long long)st.st_size > max ||
             (got = np_infile_slurp(fd, max, out)) == 1) /* to the end: it may have grown */
        rc = np_error_set(err, NP_ERR_UNSAFE, NULL, 0, "is larger than %zu bytes", max);
    else if (got < 0)
        rc = np_error_set(err, NP_ERR_IO, NULL, 0, "cannot be read: %s", strerror(errno));
    close(fd);
    if (rc != NP_OK)
        np_buf_reset(out);
    return rc;
}

const char *np_picture_type_name(np_image_type t)
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
    case NP_IMG_WEBP:
        return "WebP";
    default:
        return "unknown";
    }
}

/* The type a file name promises by its extension; NP_IMG_UNKNOWN if none. */
static np_image_type type_of_name(const char *name)
{
    static const struct {
        const char *ext;
        np_image_type type;
    } known[] = {{"png", NP_IMG_PNG},  {"jpg", NP_IMG_JPEG}, {"jpeg", NP_IMG_JPEG},
                 {"jpe", NP_IMG_JPEG}, {"jfif", NP_IMG_JPEG}, {"gif", NP_IMG_GIF},
                 {"svg", NP_IMG_SVG},  {"webp", NP_IMG_WEBP}};
    const char *slash = name ? strrchr(name, '/') : NULL;
    const char *dot = name ? strrchr(slash ? slash : name, '.') : NULL;
    for (size_t i = 0; dot && i < sizeof known / sizeof known[0]; i++)
        if (!strcasecmp(dot + 1, known[i].ext))
            return known[i].type;
    return NP_IMG_UNKNOWN;
}

static size_t le16(const unsigned char *p) { return (size_t)p[0] | (size_t)p[1] << 8; }

/* A GIF's structure: header, colour tables, extension and image blocks
 * whose sub-blocks all lie inside the file, the trailer; every frame within
 * the pixel budget.  (The LZW data itself is not decoded.) */
static int gif_walk(const unsigned char *d, size_t len, long max_pixels, np_picture *pic,
                    np_error *err)
{
    if (len < 13)
        return np_error_set(err, NP_ERR_INVALID, NULL, 0, "is not a valid GIF (too short)");
    pic->width = (int)le16(d + 6);
    pic->height = (int)le16(d + 8);
    size_t i = 13 + (d[10] & 0x80 ? 3u << ((d[10] & 7) + 1) : 0);
    if ((double)pic->width * pic->height > (double)max_pixels)
        return np_error_set(err, NP_ERR_INVALID, NULL, 0,
                            "declares %d x %d pixels, more than the %ld allowed", pic->width,
                            pic->height, max_pixels);
    while (i < len) {
        unsigned block = d[i++];
        if (block == 0x3B)
            return NP_OK;
        if (block == 0x2C) { /* image: descriptor, local colour table, LZW code size */
            if (i + 10 > len)
                break;
            size_t w = le16(d + i + 4), h = le16(d + i + 6);
            if ((double)w * h > (double)max_pixels)
                return np_error_set(err, NP_ERR_INVALID, NULL, 0,
                                    "has a frame of %zu x %zu pixels, more than the %ld allowed",
                                    w, h, max_pixels);
            unsigned flags = d[i + 8];
            i += 9 + (flags & 0x80 ? 3u << ((flags & 7) + 1) : 0);
            if (i >= len || d[i] < 2 || d[i] > 11)
                break;
            i++;
        } else if (block == 0x21) { /* extension: its label */
            i++;
        } else {
            return np_error_set(err, NP_ERR_INVALID, NULL, 0,
                                "is not a valid GIF (unknown block 0x%02X)", block);
        }
        while (i < len && d[i] != 0) /* data sub-blocks up to the empty one */
            i += 1 + (size_t)d[i];
        if (i >= len)
            break;
        i++;
    }
    return np_error_set(err, NP_ERR_INVALID, NULL, 0, "is not a valid GIF (the file ends early)");
}

int np_picture_check(const unsigned char *data, size_t len, const char *name, int want_pixels,
                     np_picture *pic, np_error *err)
{
    memset(pic, 0, sizeof *pic);
    if (len == 0)
        return np_error_set(err, NP_ERR_INVALID, NULL, 0, "is empty");
    np_image_info info = np_image_sniff(data, len);
    pic->type = info.type;
    pic->media_type = info.media_type;
    pic->ext = info.ext;
    if (info.type == NP_IMG_UNKNOWN)
        return np_error_set(err, NP_ERR_INVALID, NULL, 0,
                            "is not a PNG, JPEG, GIF or SVG picture");
    np_image_type named = type_of_name(name);
    if (named != NP_IMG_UNKNOWN && named != info.type)
        return np_error_set(err, NP_ERR_INVALID, NULL, 0, "is %s data under a %s name",
                            np_picture_type_name(info.type), np_picture_type_name(named));
    char why[256];
    int rc;
    switch (info.type) {
    case NP_IMG_PNG:
    case NP_IMG_JPEG:
        rc = (info.type == NP_IMG_PNG ? np_picture_png_decode : np_picture_jpeg_decode)(
            data, len, NP_PICTURE_MAX_PIXELS, pic, why, sizeof why);
        if (rc != NP_OK || !want_pixels)
            np_picture_free(pic);
        if (rc == NP_ERR_INVALID)
            return np_error_set(err, rc, NULL, 0, "is not a valid %s (%s)",
                                np_picture_type_name(info.type), why);
        if (rc != NP_OK) /* over the budget, or out of memory */
            return np_error_set(err, rc == NP_ERR_MEMORY ? rc : NP_ERR_INVALID, NULL, 0, "%s",
                                why);
        return NP_OK;
    case NP_IMG_GIF:
        return gif_walk(data, len, NP_PICTURE_MAX_PIXELS, pic, err);
    case NP_IMG_SVG:
        return NP_OK;
    default:
        return np_error_set(err, NP_ERR_INVALID, NULL, 0,
                            "is %s data: not a format newsprint takes",
                            np_picture_type_name(info.type));
    }
}

void np_picture_free(np_picture *pic)
{
    if (!pic)
        return;
    free(pic->pixels);
    pic->pixels = NULL;
    pic->channels = 0;
}
