/* Temporary files of replaced outputs: ".NAME.XXXXXX.tmp" beside NAME,
 * locked (flock) for as long as the writing process lives.  A run killed
 * with SIGKILL leaves its temporary behind, unlocked; the next run writing
 * NAME removes such leftovers once they are over a minute old (the age
 * guards the instant between creating a temporary and locking it). */
#include "outfile_priv.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
    BASE_KEEP = 200,   /* bytes of NAME kept in the temporary's name (NAME_MAX is 255) */
    STALE_SECONDS = 60,
    RANDOM_LEN = 6     /* mkstemps' XXXXXX */
};
#define TMP_SUFFIX ".tmp"

/* "." + NAME (cut to BASE_KEEP bytes) + "." : every temporary of `base`
 * starts with it. */
static void temp_stem(const char *base, np_buf *out)
{
    size_t n = strlen(base);
    np_buf_putc(out, '.');
    np_buf_put(out, base, n < BASE_KEEP ? n : BASE_KEEP);
    np_buf_putc(out, '.');
}

int np_outtemp_create(const char *dest, const char *shown, char **tmp, np_error *err)
{
    np_buf folder = NP_BUF_INIT, name = NP_BUF_INIT;
    const char *base;
    np_path_split(dest, &folder, &base);
    np_buf_printf(&name, "%s/", folder.data);
    temp_stem(base, &name);
    np_buf_puts(&name, "XXXXXX" TMP_SUFFIX);
    int fd = mkstemps(name.data, (int)strlen(TMP_SUFFIX));
    if (fd < 0) {
        np_error_set(err, NP_ERR_IO, shown, 0, "cannot create a temporary file in %s: %s",
                     folder.data, strerror(errno));
        np_buf_free(&name);
    } else {
        (void)flock(fd, LOCK_EX | LOCK_NB); /* new and unique: cannot be held by another */
        *tmp = np_buf_detach(&name);
    }
    np_buf_free(&folder);
    return fd;
}

/* Does `name` look like one of our temporaries for the stem? */
static int is_temp_of(const char *name, const char *stem, size_t stem_len)
{
    size_t n = strlen(name), sfx = strlen(TMP_SUFFIX);
    if (n != stem_len + RANDOM_LEN + sfx || strncmp(name, stem, stem_len) != 0 ||
        strcmp(name + n - sfx, TMP_SUFFIX) != 0)
        return 0;
    for (size_t i = stem_len; i < stem_len + RANDOM_LEN; i++)
        if (!isalnum((unsigned char)name[i]))
            return 0;
    return 1;
}

/* Remove `path` if it is a regular file, old enough, and no process holds
 * its lock. */
static void remove_if_stale(const char *path, time_t now)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_mtime + STALE_SECONDS < now &&
        flock(fd, LOCK_EX | LOCK_NB) == 0)
        (void)unlink(path);
    close(fd);
}

void np_outtemp_sweep(const char *dest)
{
    np_buf folder = NP_BUF_INIT, stem = NP_BUF_INIT, path = NP_BUF_INIT;
    const char *base;
    np_path_split(dest, &folder, &base);
    temp_stem(base, &stem);
    DIR *d = opendir(folder.data);
    time_t now = time(NULL);
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        if (!is_temp_of(de->d_name, stem.data, stem.len))
            continue;
        np_buf_reset(&path);
        np_buf_printf(&path, "%s/%s", folder.data, de->d_name);
        remove_if_stale(path.data, now);
    }
    if (d)
        closedir(d);
    np_buf_free(&folder);
    np_buf_free(&stem);
    np_buf_free(&path);
}
