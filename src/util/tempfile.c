/* Temporary files of a run (tempfile.h). */
#include "tempfile.h"

#include <stdlib.h>
#include <unistd.h>

const char *np_temp_dir(void)
{
    const char *dir = getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

int np_temp_anonymous(const char *prefix, np_buf *path)
{
    np_buf b = NP_BUF_INIT;
    np_buf_printf(&b, "%s/%s-XXXXXX", np_temp_dir(), prefix);
    int fd = mkstemp(b.data);
    if (fd >= 0)
        (void)unlink(b.data);
    if (path) {
        np_buf_reset(path);
        np_buf_puts(path, b.data);
    }
    np_buf_free(&b);
    return fd;
}
