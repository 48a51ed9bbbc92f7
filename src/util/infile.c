/* Reading inputs without hanging or growing without bound (infile.h). */
#include "infile.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

/* Reads start small and grow with what came: a typical document is read
 * into a buffer of its size, not into 128 KiB that malloc would map or
 * consolidate for on every file. */
enum { FIRST_CHUNK = 16384 - 1, ROOM_ENOUGH = 4096, CHUNK = 65536 };

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
        size_t room = out->cap > out->len + 1 ? out->cap - out->len - 1 : 0;
        size_t step = room >= ROOM_ENOUGH ? room : got > FIRST_CHUNK ? got : FIRST_CHUNK;
        if (step > CHUNK)
            step = CHUNK;
        /* one byte past the limit tells "exactly max" from "more" */
        size_t want = max - got < step ? max - got + 1 : step;
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

const void *np_infile_map(const char *path, size_t max, size_t *len)
{
    struct stat st;
    int fd = np_infile_open(path, &st);
    if (fd < 0)
        return NULL;
    void *p = MAP_FAILED;
    if (S_ISREG(st.st_mode) && st.st_size > 0 && (uintmax_t)st.st_size <= max)
        p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return NULL;
    *len = (size_t)st.st_size;
    return p;
}

void np_infile_unmap(const void *p, size_t len)
{
    if (p)
        munmap((void *)p, len);
}
