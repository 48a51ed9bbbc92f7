/* newsprint — growable byte buffer used for all output text. */
#ifndef NEWSPRINT_BUF_H
#define NEWSPRINT_BUF_H

#include "newsprint/export.h"

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A NUL-terminated, growable byte string.  Zero-initialise or use
 * NP_BUF_INIT; release with np_buf_free().  Allocation failure aborts
 * (there is nothing sensible a converter can do without memory). */
typedef struct np_buf {
    char *data; /* always NUL-terminated once anything was added */
    size_t len;
    size_t cap;
} np_buf;

#define NP_BUF_INIT {NULL, 0, 0}

NP_EXPORT void np_buf_grow(np_buf *b, size_t extra);
NP_EXPORT void np_buf_put(np_buf *b, const void *p, size_t n);
NP_EXPORT void np_buf_puts(np_buf *b, const char *s);
NP_EXPORT void np_buf_putc(np_buf *b, int c);
/* Append `n` copies of byte `c`. */
NP_EXPORT void np_buf_repeat(np_buf *b, int c, size_t n);
NP_EXPORT void np_buf_printf(np_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
NP_EXPORT void np_buf_vprintf(np_buf *b, const char *fmt, va_list ap);
/* Empty the buffer, keep its memory. */
NP_EXPORT void np_buf_reset(np_buf *b);
/* Shorten to `len` bytes (no-op if already shorter). */
NP_EXPORT void np_buf_truncate(np_buf *b, size_t len);
/* Remove trailing ASCII spaces/tabs/newlines. */
NP_EXPORT void np_buf_rtrim(np_buf *b);
/* Return a pointer the caller must free(); the buffer is left empty. */
NP_EXPORT char *np_buf_detach(np_buf *b);
/* A string view of the buffer; "" when nothing was added. */
NP_EXPORT const char *np_buf_cstr(const np_buf *b);
NP_EXPORT void np_buf_free(np_buf *b);

#ifdef __cplusplus
}
#endif
#endif
