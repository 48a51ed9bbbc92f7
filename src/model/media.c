/* Pictures: safe href resolution, image sniffing, file reading. */
#include "newsprint/media.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decode; 0 if a %XX is malformed or decodes to NUL. */
static int percent_decode(const char *s, np_buf *out)
{
    for (; *s; s++) {
        if (*s == '%') {
            int h = hexval((unsigned char)s[1]), l = h < 0 ? -1 : hexval((unsigned char)s[2]);
            if (h < 0 || l < 0 || (h == 0 && l == 0))
                return 0;
            np_buf_putc(out, h * 16 + l);
            s += 2;
        } else {
            np_buf_putc(out, *s);
        }
    }
    return 1;
}

static int has_scheme(const char *s)
{
    /* RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
    const char *c = s;
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')))
        return 0;
    while ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
           *c == '+' || *c == '-' || *c == '.')
        c++;
    return *c == ':';
}

int np_href_resolve(const char *item_source, const char *href, np_buf *out, np_error *err)
{
    np_buf_reset(out);
    if (!href || !*href)
        return np_error_set(err, NP_ERR_UNSAFE, item_source, 0, "empty picture reference");
    if (has_scheme(href) || href[0] == '/' || strchr(href, '\\'))
        return np_error_set(err, NP_ERR_UNSAFE, item_source, 0,
                            "picture reference '%s' is not a relative path inside the item's "
                            "folder; not read",
                            href);
    np_buf rel = NP_BUF_INIT;
    int ok = percent_decode(href, &rel);
    const char *r = np_buf_cstr(&rel);
    for (const unsigned char *p = (const unsigned char *)r; ok && *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            ok = 0;
    if (ok && (r[0] == '/' || strchr(r, '?') || strchr(r, '#')))
        ok = 0;
    /* no ".." component anywhere */
    for (const char *seg = r; ok && *seg;) {
        size_t n = strcspn(seg, "/");
        if (n == 2 && seg[0] == '.' && seg[1] == '.')
            ok = 0;
        seg += n;
        if (*seg == '/')
            seg++;
    }
    if (!ok) {
        np_buf_free(&rel);
        return np_error_set(err, NP_ERR_UNSAFE, item_source, 0,
                            "picture reference '%s' climbs out of the item's folder or is "
                            "malformed; not read",
                            href);
    }
    if (!item_source || !strcmp(item_source, "<stdin>") || !strcmp(item_source, "-")) {
        np_buf_free(&rel);
        return np_error_set(err, NP_ERR_UNSAFE, item_source, 0,
                            "picture '%s' of an item read from standard input: no folder to "
                            "look in",
                            href);
    }
    np_buf dir = NP_BUF_INIT;
    const char *slash = strrchr(item_source, '/');
    if (slash)
        np_buf_put(&dir, item_source, (size_t)(slash - item_source));
    else
        np_buf_puts(&dir, ".");
    np_buf cand = NP_BUF_INIT;
    np_buf_printf(&cand, "%s/%s", dir.data, r);
    np_buf_free(&rel);

    int rc = NP_OK;
    char *real_dir = realpath(dir.data, NULL);
    char *real_file = realpath(cand.data, NULL);
    struct stat st;
    if (!real_file || stat(real_file, &st) != 0) {
        rc = np_error_set(err, NP_ERR_IO, item_source, 0, "picture '%s' not found", href);
    } else if (!real_dir || strncmp(real_file, real_dir, strlen(real_dir)) != 0 ||
               real_file[strlen(real_dir)] != '/') {
        rc = np_error_set(err, NP_ERR_UNSAFE, item_source, 0,
                          "picture '%s' resolves outside the item's folder; not read", href);
    } else if (!S_ISREG(st.st_mode)) {
        rc = np_error_set(err, NP_ERR_IO, item_source, 0, "picture '%s' is not a regular file",
                          href);
    } else {
        np_buf_puts(out, real_file);
    }
    free(real_dir);
    free(real_file);
    np_buf_free(&dir);
    np_buf_free(&cand);
    return rc;
}

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

np_image_info np_image_sniff(const unsigned char *d, size_t len)
{
    np_image_info info = {NP_IMG_UNKNOWN, 0, 0, NULL, NULL};
    if (len >= 24 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8) && !memcmp(d + 12, "IHDR", 4)) {
        info = (np_image_info){NP_IMG_PNG, (int)be32(d + 16), (int)be32(d + 20), "image/png", "png"};
    } else if (len >= 10 && (!memcmp(d, "GIF87a", 6) || !memcmp(d, "GIF89a", 6))) {
        info = (np_image_info){NP_IMG_GIF, d[6] | d[7] << 8, d[8] | d[9] << 8, "image/gif", "gif"};
    } else if (len >= 4 && d[0] == 0xFF && d[1] == 0xD8) {
        info = (np_image_info){NP_IMG_JPEG, 0, 0, "image/jpeg", "jpg"};
        /* walk the segments to a start-of-frame marker */
        size_t i = 2;
        while (i + 9 < len) {
            if (d[i] != 0xFF) {
                i++;
                continue;
            }
            unsigned m = d[i + 1];
            if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7) || m == 0xFF) {
                i += m == 0xFF ? 1 : 2;
                continue;
            }
            if ((m >= 0xC0 && m <= 0xCF) && m != 0xC4 && m != 0xC8 && m != 0xCC) {
                info.height = (int)be16(d + i + 5);
                info.width = (int)be16(d + i + 7);
                break;
            }
            i += 2 + be16(d + i + 2);
        }
    } else if (len >= 12 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "WEBP", 4)) {
        info = (np_image_info){NP_IMG_WEBP, 0, 0, "image/webp", "webp"};
    } else {
        size_t look = len < 4096 ? len : 4096;
        for (size_t i = 0; i + 4 <= look; i++)
            if (!memcmp(d + i, "<svg", 4)) {
                info = (np_image_info){NP_IMG_SVG, 0, 0, "image/svg+xml", "svg"};
                break;
            }
    }
    if (info.width < 0 || info.height < 0)
        info.width = info.height = 0;
    return info;
}

int np_file_read(const char *path, size_t max, np_buf *out, np_error *err)
{
    np_buf_reset(out);
    FILE *f = fopen(path, "rb");
    if (!f)
        return np_error_set(err, NP_ERR_IO, path, 0, "cannot open: %s", strerror(errno));
    char chunk[65536];
    size_t n;
    int rc = NP_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (out->len + n > max) {
            rc = np_error_set(err, NP_ERR_UNSAFE, path, 0, "file is larger than %zu bytes", max);
            break;
        }
        np_buf_put(out, chunk, n);
    }
    if (rc == NP_OK && ferror(f))
        rc = np_error_set(err, NP_ERR_IO, path, 0, "read error");
    fclose(f);
    return rc;
}

const np_rendition *np_picture_rendition(const np_item *picture)
{
    const np_rendition *best = NULL;
    for (const np_rendition *r = picture ? picture->renditions : NULL; r; r = r->next) {
        if (!r->href)
            continue;
        if (r->contenttype && strncmp(r->contenttype, "image/", 6) != 0)
            continue;
        if (!best || (long)r->width * r->height > (long)best->width * best->height)
            best = r;
    }
    return best;
}
