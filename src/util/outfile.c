/* Atomic output files: temporary in the same directory, fsync, rename. */
#include "newsprint/outfile.h"
#include "newsprint/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int np_outfile_open(np_outfile *of, const char *path, np_error *err)
{
    memset(of, 0, sizeof *of);
    np_buf t = NP_BUF_INIT;
    const char *slash = strrchr(path, '/');
    if (slash)
        np_buf_put(&t, path, (size_t)(slash - path + 1));
    np_buf_printf(&t, ".%s.tmp-XXXXXX", slash ? slash + 1 : path);
    char *tmp = np_buf_detach(&t);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return np_error_set(err, NP_ERR_IO, path, 0, "cannot create output: %s", strerror(e));
    }
    fchmod(fd, 0644);
    of->fp = fdopen(fd, "wb");
    if (!of->fp) {
        close(fd);
        unlink(tmp);
        free(tmp);
        return np_error_set(err, NP_ERR_IO, path, 0, "cannot open output");
    }
    np_buf p = NP_BUF_INIT;
    np_buf_puts(&p, path);
    of->path = np_buf_detach(&p);
    of->tmp = tmp;
    return NP_OK;
}

static void release(np_outfile *of)
{
    free(of->path);
    free(of->tmp);
    of->path = of->tmp = NULL;
    of->fp = NULL;
}

int np_outfile_commit(np_outfile *of, np_error *err)
{
    int ok = of->fp && fflush(of->fp) == 0 && fsync(fileno(of->fp)) == 0 && !ferror(of->fp);
    int e = errno;
    if (of->fp && fclose(of->fp) != 0)
        ok = 0;
    of->fp = NULL;
    if (ok && rename(of->tmp, of->path) != 0) {
        e = errno;
        ok = 0;
    }
    int rc = NP_OK;
    if (!ok) {
        unlink(of->tmp);
        rc = np_error_set(err, NP_ERR_IO, of->path, 0, "cannot write output: %s", strerror(e));
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
        np_outfile_abort(&of);
        return np_error_set(err, NP_ERR_IO, path, 0, "cannot write output");
    }
    return np_outfile_commit(&of, err);
}
