/* EPUB converter: the container's bytes go to their file through a buffer
 * that holds the latest stretch written; libzip's rewrites of an entry's
 * header, just behind, land in it (see epub_zip_target.h). */
#include "epub_zip_target.h"
#include "util/alloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { BLOCK = 64 * 1024 };

typedef struct target {
    int fd;
    unsigned char *buf; /* while writing: the bytes from buf_at, not yet in the file */
    uint64_t buf_at;
    size_t len;
    uint64_t pos, end; /* where the next write goes; the archive's length */
    zip_error_t error;
} target;

static int put_file(target *t, const void *data, size_t n, uint64_t at)
{
    const unsigned char *p = data;
    while (n) {
        ssize_t w = pwrite(t->fd, p, n, (off_t)at);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            zip_error_set(&t->error, ZIP_ER_WRITE, w < 0 ? errno : ENOSPC);
            return -1;
        }
        p += w;
        at += (uint64_t)w;
        n -= (size_t)w;
    }
    return 0;
}

static int flush(target *t)
{
    int rc = t->len ? put_file(t, t->buf, t->len, t->buf_at) : 0;
    t->len = 0;
    return rc;
}

/* `n` bytes at t->pos: into the buffer when they fall in or just after what
 * it holds, else the buffer goes to the file and they start it afresh. */
static zip_int64_t write_at(target *t, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t left = n; left;) {
        size_t k = left < BLOCK ? left : BLOCK;
        uint64_t at = t->pos;
        if (!t->len || at < t->buf_at || at - t->buf_at > t->len ||
            at - t->buf_at + k > BLOCK) {
            if (flush(t) < 0)
                return -1;
            t->buf_at = at;
        }
        size_t off = (size_t)(at - t->buf_at);
        memcpy(t->buf + off, p, k);
        if (off + k > t->len)
            t->len = off + k;
        p += k;
        left -= k;
        t->pos = at + k;
        if (t->pos > t->end)
            t->end = t->pos;
    }
    return (zip_int64_t)n;
}

static zip_int64_t target_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    target *t = ud;
    switch (cmd) {
    case ZIP_SOURCE_STAT:
        /* no archive there yet: libzip makes a new one */
        zip_error_set(&t->error, ZIP_ER_READ, ENOENT);
        return -1;
    case ZIP_SOURCE_BEGIN_WRITE:
        t->buf = np_xmalloc(BLOCK);
        t->len = 0;
        t->pos = t->end = 0;
        return 0;
    case ZIP_SOURCE_WRITE:
        return write_at(t, data, (size_t)len);
    case ZIP_SOURCE_SEEK_WRITE: {
        zip_int64_t to = zip_source_seek_compute_offset(t->pos, t->end, data, len, &t->error);
        if (to < 0)
            return -1;
        t->pos = (uint64_t)to;
        return 0;
    }
    case ZIP_SOURCE_TELL_WRITE:
        return (zip_int64_t)t->pos;
    case ZIP_SOURCE_COMMIT_WRITE: {
        int rc = flush(t);
        free(t->buf);
        t->buf = NULL;
        return rc;
    }
    case ZIP_SOURCE_ROLLBACK_WRITE:
        free(t->buf);
        t->buf = NULL;
        t->len = 0;
        return 0;
    case ZIP_SOURCE_REMOVE:
        return 0; /* the file is the caller's */
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&t->error, data, len);
    case ZIP_SOURCE_FREE:
        free(t->buf);
        zip_error_fini(&t->error);
        free(t);
        return 0;
    case ZIP_SOURCE_SUPPORTS:
        /* libzip opens for writing only what says it can be read too */
        return ZIP_SOURCE_SUPPORTS_WRITABLE;
    default: /* reading: there is nothing to read */
        zip_error_set(&t->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

zip_source_t *ep_zip_target(int fd, zip_error_t *ze)
{
    target *t = np_xcalloc(1, sizeof *t);
    t->fd = fd;
    zip_error_init(&t->error);
    zip_source_t *src = zip_source_function_create(target_cb, t, ze);
    if (!src) {
        zip_error_fini(&t->error);
        free(t);
    }
    return src;
}
