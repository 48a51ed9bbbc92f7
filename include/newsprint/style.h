/* newsprint — styles: small "key = value" files with [sections], used for
 * PDF page styles, EPUB digest settings and partner profiles.
 *
 *   # comment
 *   [page]
 *   width = 595        ; values run to the end of the line
 *   name = The Daily Example
 *
 * Keys are looked up as "section.key" ("key" for keys before any section).
 * Styles are found by path, or by name in: $NEWSPRINT_STYLES, the styles/
 * folder of the source tree the program was built in (when run from
 * build/bin), and the installed data folder. */
#ifndef NEWSPRINT_STYLE_H
#define NEWSPRINT_STYLE_H

#include "newsprint/export.h"

#include <stddef.h>
#include "buf.h"
#include "error.h"
#include "time.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct np_style np_style;

/* Load a style file.  A line that is not "key = value", "[section]", blank
 * or a comment is an error "FILE:LINE: ...". */
NP_EXPORT np_style *np_style_load(const char *path, np_error *err);
/* Find a style: `name_or_path` containing '/' or ending in `ext` is a path;
 * otherwise NAME+ext is looked up in `subdir` ("" or "partners") of the
 * style folders.  The full path goes to `out`. */
NP_NODISCARD NP_EXPORT int np_style_find(const char *name_or_path, const char *subdir, const char *ext, np_buf *out,
                  np_error *err);
NP_EXPORT void np_style_free(np_style *s);

/* Value of "section.key", or `def` when absent. */
NP_EXPORT const char *np_style_get(const np_style *s, const char *key, const char *def);
/* Number (decimal); `def` when absent or not a number. */
NP_EXPORT double np_style_num(const np_style *s, const char *key, double def);
/* Boolean: yes/no, true/false, on/off, 1/0. */
NP_NODISCARD NP_EXPORT int np_style_bool(const np_style *s, const char *key, int def);
/* The edition's time zone: `name` when given (the --tz option), else the
 * style's "timezone" key (an IANA name such as Asia/Karachi, or UTC), else
 * the local zone as the C library reads TZ.  `s` may be NULL.  NULL with
 * `err` filled (naming the style file when the key is wrong) for a name
 * that is no zone.  Free with np_tz_free(). */
NP_NODISCARD NP_EXPORT np_tz *np_style_timezone(const np_style *s, const char *name, np_error *err);
/* The file the style came from. */
NP_EXPORT const char *np_style_path(const np_style *s);
/* Keys in file order (for iteration), NULL past the end. */
NP_EXPORT const char *np_style_key_at(const np_style *s, size_t i);

/* The folder that holds the styles (for other data files such as
 * epub.css): first existing of the searched folders; NULL if none. */
NP_EXPORT const char *np_style_dir(np_buf *out);

#ifdef __cplusplus
}
#endif
#endif
