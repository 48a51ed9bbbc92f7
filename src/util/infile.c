/* Reading inputs without hanging or growing without bound (infile.h). */
#include "infile.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

enum { CHUNK = 65536 };

int np_infile_open(const char *path, struct stat *st)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, st) == 0 && S_ISREG(st->st_mode))
        return fd; /* O_NONBLOCK changes nothing for a regular file: two calls fewer */
    int flags = fcntl(fd, F_GETFL);
    if (fstat(fd, st) != 0 || flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

int np_infile_slurp(int fd, size_t max, np_buf *out)
{
    size_t got = 0;
    for (;;) {
        /* one byte past the limit tells "exactly max" from "more" */
        size_t want = max - got < CHUNK ? max - got + 1 : CHUNK;
        np_buf_grow(out, want);
        ssize_t n = read(fd, out->data + out->len, want);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            return 0;
        if ((size_t)n > max - got)
            return 1;
        got += (size_t)n;
        out->len += (size_t)n;
        out->data[out->len] = '\0';
    }
}
