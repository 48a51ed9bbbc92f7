/* Outputs written by the kind of target (see outfile.h): standard output,
 * in place for devices and pipes, else a temporary file renamed into place.
 *
 * Every output is a stdio stream over a small sink (fopencookie) that keeps
 * the first write error: stdio forgets why a buffered write failed, and the
 * message must say "No space left on device", not just "write error". */
#define _GNU_SOURCE 1 /* fopencookie */
#include "newsprint/outfile.h"
#include "newsprint/buf.h"
#include "outfile_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { NEW_FILE_MODE = 0644 };

typedef struct sink {
    int fd;
    int owned; /* closed with the stream (not standard output) */
    int err;   /* first errno of a failed write or close */
} sink;

static ssize_t sink_write(void *cookie, const char *buf, size_t n)
{
    sink *s = cookie;
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(s->fd, buf + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (!s->err)
                s->err = w < 0 ? errno : EIO;
            return (ssize_t)done; /* short: stdio marks the error (never < 0) */
        }
        done += (size_t)w;
    }
    return (ssize_t)done;
}

static int sink_close(void *cookie)
{
    sink *s = cookie;
    if (s->owned && close(s->fd) != 0) {
        if (!s->err)
            s->err = errno;
        return -1;
    }
    return 0;
}

/* of->fp over `fd`; on failure `fd` is closed when owned. */
static int attach(np_outfile *of, int fd, int owned, const char *path, np_error *err)
{
    sink *s = calloc(1, sizeof *s);
    cookie_io_functions_t io = {NULL, sink_write, NULL, sink_close};
    if (s) {
        *s = (sink){fd, owned, 0};
        of->fp = fopencookie(s, "w", io);
    }
    if (!of->fp) {
        free(s);
        if (owned)
            close(fd);
        return np_error_set(err, NP_ERR_MEMORY, path, 0, "cannot open output: out of memory");
    }
    of->sink = s;
    return NP_OK;
}

static int is_in_place_type(mode_t m)
{
    return S_ISCHR(m) || S_ISFIFO(m) || S_ISSOCK(m);
}

/* A device, FIFO or socket: opened as it is (no O_TRUNC, no O_CREAT), and
 * checked again once open in case the path was swapped meanwhile. */
static int open_in_place(np_outfile *of, const char *dest, const char *path, np_error *err)
{
    int fd = open(dest, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return np_error_set(err, NP_ERR_IO, path, 0, "cannot open output: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !is_in_place_type(st.st_mode)) {
        close(fd);
        return np_error_set(err, NP_ERR_IO, path, 0,
                            "changed while being opened (no longer a device or pipe); not written");
    }
    return attach(of, fd, 1, path, err);
}

/* A regular file or a new path: a temporary beside it, with the replaced
 * file's owner and permissions (or 0644 for a new file). */
static int open_replace(np_outfile *of, const np_out_target *t, const char *path, np_error *err)
{
    np_outtemp_sweep(t->dest);
    char *tmp = NULL;
    int fd = np_outtemp_create(t->dest, path, &tmp, err);
    if (fd < 0)
        return err && err->code ? err->code : NP_ERR_IO;
    if (t->exists) {
        /* only root may give a file away: otherwise it becomes ours, and
         * keeps the group when we are in it */
        if (fchown(fd, (uid_t)t->uid, (gid_t)t->gid) != 0 &&
            fchown(fd, (uid_t)-1, (gid_t)t->gid) != 0) {
            /* ours, with our group */
        }
        (void)fchmod(fd, (mode_t)t->mode);
    } else {
        (void)fchmod(fd, NEW_FILE_MODE);
    }
    int rc = attach(of, fd, 1, path, err);
    if (rc != NP_OK) {
        unlink(tmp);
        free(tmp);
        return rc;
    }
    of->tmp = tmp;
    np_buf d = NP_BUF_INIT;
    np_buf_puts(&d, t->dest);
    of->dest = np_buf_detach(&d);
    return NP_OK;
}

int np_outfile_open(np_outfile *of, const char *path, np_error *err)
{
    memset(of, 0, sizeof *of);
    np_out_target t;
    int rc = np_outfile_target(path, &t, err);
    if (rc == NP_OK) {
        switch (t.kind) {
        case NP_OUT_STDOUT:
            fflush(stdout); /* anything printed there before comes first */
            rc = attach(of, STDOUT_FILENO, 0, path, err);
            break;
        case NP_OUT_IN_PLACE:
            rc = open_in_place(of, t.dest, path, err);
            break;
        case NP_OUT_REPLACE:
            rc = open_replace(of, &t, path, err);
            break;
        case NP_OUT_DIRECTORY:
        default:
            rc = np_error_set(err, NP_ERR_IO, path, 0,
                              "is a directory; give the name of a file to write");
            break;
        }
    }
    np_out_target_free(&t);
    if (rc == NP_OK) {
        np_buf p = NP_BUF_INIT;
        np_buf_puts(&p, strcmp(path, "-") ? path : "<stdout>");
        of->path = np_buf_detach(&p);
    }
    return rc;
}

static void release(np_outfile *of)
{
    free(of->path);
    free(of->dest);
    free(of->tmp);
    free(of->sink);
    memset(of, 0, sizeof *of);
}

/* The rename is made durable by syncing the folder (best effort). */
static void sync_folder(const char *dest)
{
    np_buf folder = NP_BUF_INIT;
    const char *base;
    np_path_split(dest, &folder, &base);
    int fd = open(folder.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    np_buf_free(&folder);
}

int np_outfile_commit(np_outfile *of, np_error *err)
{
    if (!of->fp)
        return np_error_set(err, NP_ERR_INTERNAL, of->path, 0, "output is not open");
    sink *s = of->sink;
    int ok = fflush(of->fp) == 0 && !ferror(of->fp);
    if (ok && of->tmp && fsync(s->fd) != 0) {
        ok = 0;
        s->err = errno;
    }
    /* renamed while still open and locked: a sweeping run never takes it */
    int renamed = ok && of->tmp && rename(of->tmp, of->dest) == 0;
    if (ok && of->tmp && !renamed) {
        ok = 0;
        s->err = errno;
    }
    if (renamed)
        sync_folder(of->dest);
    /* a failed close after the rename loses nothing: the data was synced */
    if (fclose(of->fp) != 0 && !renamed)
        ok = 0;
    of->fp = NULL;
    int rc = NP_OK;
    if (!ok) {
        if (of->tmp)
            unlink(of->tmp);
        rc = np_error_set(err, NP_ERR_IO, of->path, 0, "cannot write output: %s%s",
                          s->err ? strerror(s->err) : "write error",
                          of->tmp ? "; the earlier file, if any, is unchanged" : "");
    }
    release(of);
    return rc;
}

void np_outfile_abort(np_outfile *of)
{
    if (of->fp)
        fclose(of->fp);
    if (of->tmp)
        unlink(of->tmp);
    release(of);
}

int np_write_file_atomic(const char *path, const void *data, size_t len, np_error *err)
{
    np_outfile of;
    int rc = np_outfile_open(&of, path, err);
    if (rc)
        return rc;
    if (len && fwrite(data, 1, len, of.fp) != len) {
        /* the commit reports it, with the reason the sink kept */
    }
    return np_outfile_commit(&of, err);
}

int np_write_file_from(const char *path, FILE *in, np_error *err)
{
    np_outfile of;
    int rc = np_outfile_open(&of, path, err);
    if (rc)
        return rc;
    char block[65536];
    size_t n;
    while ((n = fread(block, 1, sizeof block, in)) > 0)
        if (fwrite(block, 1, n, of.fp) != n)
            break; /* the commit reports it */
    if (ferror(in)) {
        np_outfile_abort(&of);
        return np_error_set(err, NP_ERR_IO, path, 0, "cannot read what was to be written");
    }
    return np_outfile_commit(&of, err);
}
