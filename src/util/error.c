/* Error reports: no printing, no exiting — the caller decides. */
#include "newsprint/error.h"
#include "newsprint/buf.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int np_error_set(np_error *err, int code, const char *file, long line, const char *fmt, ...)
{
    if (!err)
        return code;
    np_error_clear(err);
    np_buf b = NP_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    np_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    err->code = code;
    err->line = line;
    err->message = np_buf_detach(&b);
    if (file) {
        np_buf f = NP_BUF_INIT;
        np_buf_puts(&f, file);
        err->file = np_buf_detach(&f);
    }
    return code;
}

void np_error_clear(np_error *err)
{
    if (!err)
        return;
    free(err->file);
    free(err->message);
    err->file = NULL;
    err->message = NULL;
    err->code = 0;
    err->line = 0;
}

char *np_error_format(const np_error *err)
{
    np_buf b = NP_BUF_INIT;
    if (err->file) {
        np_buf_puts(&b, err->file);
        if (err->line > 0)
            np_buf_printf(&b, ":%ld", err->line);
        np_buf_puts(&b, ": ");
    }
    np_buf_puts(&b, err->message ? err->message : "unknown error");
    return np_buf_detach(&b);
}

/* ---- warnings about an item ------------------------------------------ */

void np_issue_vwarn(np_issue_fn fn, void *ud, const char *file, long line, const char *fmt,
                    va_list ap)
{
    if (!fn)
        return;
    np_buf m = NP_BUF_INIT;
    np_buf_vprintf(&m, fmt, ap);
    np_error e = NP_ERROR_INIT;
    np_error_set(&e, 0, file, line, "warning: %s", np_buf_cstr(&m));
    fn(ud, &e);
    np_error_clear(&e);
    np_buf_free(&m);
}

void np_issue_warn(np_issue_fn fn, void *ud, const char *file, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    np_issue_vwarn(fn, ud, file, line, fmt, ap);
    va_end(ap);
}
