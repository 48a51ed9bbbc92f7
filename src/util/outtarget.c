/* What an output path leads to, and so how it may be written (outfile.h). */
#include "newsprint/outfile.h"
#include "outfile_priv.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void np_path_split(const char *path, np_buf *folder, const char **base)
{
    np_buf_reset(folder);
    const char *slash = strrchr(path, '/');
    *base = slash ? slash + 1 : path;
    if (!slash)
        np_buf_puts(folder, ".");
    else if (slash == path)
        np_buf_puts(folder, "/");
    else
        np_buf_put(folder, path, (size_t)(slash - path));
}

/* Names that mean this process's standard output. */
static int is_stdout_name(const char *path)
{
    return !strcmp(path, "-") || !strcmp(path, "/dev/stdout") || !strcmp(path, "/dev/fd/1") ||
           !strcmp(path, "/proc/self/fd/1");
}

static char *dup_str(const char *s)
{
    np_buf b = NP_BUF_INIT;
    np_buf_puts(&b, s);
    return np_buf_detach(&b);
}

/* A symbolic link to a regular file may be followed only when the file is
 * in the link's own folder: replacing it then is what the link's owner
 * would do by hand, and nothing outside that folder is touched. */
static int follow_link(const char *path, np_out_target *t, np_error *err)
{
    np_buf folder = NP_BUF_INIT;
    const char *base;
    np_path_split(path, &folder, &base);
    char *link_dir = realpath(folder.data, NULL);
    char *real = realpath(path, NULL);
    int rc = NP_OK;
    if (!link_dir || !real) {
        rc = np_error_set(err, NP_ERR_IO, path, 0, "cannot resolve the symbolic link: %s",
                          strerror(errno));
    } else {
        np_buf real_dir = NP_BUF_INIT;
        np_path_split(real, &real_dir, &base);
        if (strcmp(real_dir.data, link_dir) != 0)
            rc = np_error_set(err, NP_ERR_IO, path, 0,
                              "is a symbolic link to %s in another folder; not replaced "
                              "(give that path with -o to write it)",
                              real);
        else
            t->dest = dup_str(real);
        np_buf_free(&real_dir);
    }
    free(link_dir);
    free(real);
    np_buf_free(&folder);
    return rc;
}

int np_outfile_target(const char *path, np_out_target *t, np_error *err)
{
    memset(t, 0, sizeof *t);
    if (is_stdout_name(path)) {
        t->kind = NP_OUT_STDOUT;
        return NP_OK;
    }
    struct stat lst, st;
    if (lstat(path, &lst) != 0) {
        if (errno != ENOENT)
            return np_error_set(err, NP_ERR_IO, path, 0, "cannot write output: %s",
                                strerror(errno));
        size_t n = strlen(path);
        if (!n || path[n - 1] == '/')
            return np_error_set(err, NP_ERR_IO, path, 0,
                                "cannot write output: names a folder, not a file");
        t->kind = NP_OUT_REPLACE;
        t->dest = dup_str(path);
        return NP_OK;
    }
    if (stat(path, &st) != 0)
        return np_error_set(err, NP_ERR_IO, path, 0,
                            "is a symbolic link that leads nowhere (%s); not written",
                            strerror(errno));
    if (S_ISDIR(st.st_mode)) {
        t->kind = NP_OUT_DIRECTORY;
        t->dest = dup_str(path);
        return NP_OK;
    }
    if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) {
        t->kind = NP_OUT_IN_PLACE;
        t->dest = dup_str(path);
        return NP_OK;
    }
    if (!S_ISREG(st.st_mode))
        return np_error_set(err, NP_ERR_IO, path, 0,
                            "is a block device or other special file; not written");
    t->kind = NP_OUT_REPLACE;
    t->exists = 1;
    t->mode = (unsigned)(st.st_mode & 07777);
    t->uid = (long)st.st_uid;
    t->gid = (long)st.st_gid;
    if (S_ISLNK(lst.st_mode))
        return follow_link(path, t, err);
    t->dest = dup_str(path);
    return NP_OK;
}

void np_out_target_free(np_out_target *t)
{
    free(t->dest);
    t->dest = NULL;
}
