/* Sequence state files and lock files. */
#include "state.h"
#include "newsprint/meta.h"
#include "newsprint/outfile.h"
#include "newsprint/style.h"
#include "util/alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

enum { LOCK_TRIES = 8 };

int np_seq_read(const char *path, unsigned long long start, unsigned long long *next, np_error *err)
{
    struct stat st;
    *next = start;
    if (stat(path, &st) != 0)
        return NP_OK; /* first bundle for this partner */
    np_style *s = np_style_load(path, err);
    if (!s)
        return NP_ERR_INVALID;
    const char *v = np_style_get(s, "next_sequence", NULL);
    char *end = NULL;
    unsigned long long n = v ? strtoull(v, &end, 10) : 0;
    int rc = NP_OK;
    if (!v || *end || n < 1)
        rc = np_error_set(err, NP_ERR_INVALID, path, 0, "sequence state: expected 'next_sequence = N' (N >= 1)");
    else
        *next = n;
    np_style_free(s);
    return rc;
}

int np_seq_write(const char *path, const char *partner, unsigned long long next, const np_time *at,
                 np_error *err)
{
    np_buf s = NP_BUF_INIT;
    np_buf_puts(&s, "# newsprint: sequence state of a bundle partner (advanced before each bundle is put in place)\n");
    np_buf_printf(&s, "partner = %s\n", partner);
    np_buf_printf(&s, "next_sequence = %llu\n", next);
    np_buf_puts(&s, "last_bundle_time = ");
    np_time_format_iso(at, &s);
    np_buf_putc(&s, '\n');
    int rc = np_write_file_atomic(path, s.data, s.len, err);
    np_buf_free(&s);
    return rc;
}

/* Is `fd` still the file at `path`?  Not when its last holder removed it
 * between our open() and our flock(). */
static int same_file(int fd, const char *path)
{
    struct stat a, b;
    return fstat(fd, &a) == 0 && lstat(path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int np_lock_take(np_lock *l, const char *path, const char *busy, np_error *err)
{
    for (int i = 0; i < LOCK_TRIES; i++) {
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0)
            return np_error_set(err, NP_ERR_IO, path, 0, "cannot open the lock file: %s", strerror(errno));
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            close(fd);
            if (e == EWOULDBLOCK)
                return np_error_set(err, NP_ERR_IO, path, 0, "%s", busy);
            return np_error_set(err, NP_ERR_IO, path, 0, "cannot lock: %s", strerror(e));
        }
        if (same_file(fd, path)) {
            l->fd = fd;
            l->path = np_xstrdup(path);
            return NP_OK;
        }
        close(fd);
    }
    return np_error_set(err, NP_ERR_IO, path, 0, "%s", busy);
}

void np_lock_release(np_lock *l)
{
    if (l->fd >= 0) {
        unlink(l->path); /* still ours: whoever opened it before waits on a removed file and retries */
        close(l->fd);
    }
    free(l->path);
    l->fd = -1;
    l->path = NULL;
}
