/* newsprint — error reports.  Library functions never print or exit:
 * they return a status (0 = ok, <0 = failure) and fill an np_error. */
#ifndef NEWSPRINT_ERROR_H
#define NEWSPRINT_ERROR_H

#include "newsprint/export.h"

#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum np_status {
    NP_OK = 0,
    NP_ERR_IO = -1,        /* cannot open/read/write a file */
    NP_ERR_XML = -2,       /* not well-formed XML, bad encoding */
    NP_ERR_UNSAFE = -3,    /* DOCTYPE with entities, too deep, too big */
    NP_ERR_NOT_NEWSML = -4,/* wrong root element, a fragment */
    NP_ERR_INVALID = -5,   /* well-formed NewsML-G2 that breaks a rule we need */
    NP_ERR_USAGE = -6,     /* bad option or argument */
    NP_ERR_MEMORY = -7,
    NP_ERR_INTERNAL = -8
} np_status;

/* One error (or warning): where it is and what is wrong.
 * Strings are owned by the np_error; np_error_clear() frees them. */
typedef struct np_error {
    int code;      /* an np_status */
    char *file;    /* input file name, or NULL */
    long line;     /* 1-based line, 0 if unknown */
    char *message; /* human-readable, no trailing newline */
} np_error;

#define NP_ERROR_INIT {0, NULL, 0L, NULL}

/* Set (replace) the error; returns `code` so callers can `return np_error_set(...)`.
 * `err` may be NULL. */
NP_EXPORT int np_error_set(np_error *err, int code, const char *file, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
NP_EXPORT void np_error_clear(np_error *err);
/* "FILE:LINE: message" (or "FILE: message" / "message") into a malloc'd
 * string the caller frees. */
NP_EXPORT char *np_error_format(const np_error *err);

/* Called for a problem with one item of a document that is otherwise
 * readable (the item is skipped: err->code < 0) or a warning about an item
 * that is still delivered (err->code == 0).  May be NULL. */
typedef void (*np_issue_fn)(void *ud, const np_error *err);

/* Report a warning "FILE:LINE: warning: ..." through `fn` (NULL: nothing),
 * for problems that leave an output usable (a picture left out...). */
NP_EXPORT void np_issue_warn(np_issue_fn fn, void *ud, const char *file, long line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
NP_EXPORT void np_issue_vwarn(np_issue_fn fn, void *ud, const char *file, long line, const char *fmt,
                    va_list ap);

#ifdef __cplusplus
}
#endif
#endif
