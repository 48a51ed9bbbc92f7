/* EPUB converter: a stylesheet checked before it is packed.  A digest
 * loads nothing from the network: @import is refused (one file holds every
 * rule), and so is any url() that is not a font beside the stylesheet.
 * The fonts a url() names are found safely (np_href_resolve), packed under
 * fonts/ and the url() rewritten to point at them. */
#include "epub.h"
#include "util/alloc.h"
#include "newsprint/media.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static long line_at(const char *css, size_t pos)
{
    long line = 1;
    for (size_t i = 0; i < pos; i++)
        line += css[i] == '\n';
    return line;
}

/* The font type of `data` (TrueType, OpenType, WOFF, WOFF2), else NULL. */
static const char *font_type(const np_buf *data, const char **ext)
{
    static const struct {
        const char *magic, *type, *ext;
    } t[] = {{"\0\1\0\0", "font/ttf", "ttf"}, {"true", "font/ttf", "ttf"},
             {"OTTO", "font/otf", "otf"},     {"wOFF", "font/woff", "woff"},
             {"wOF2", "font/woff2", "woff2"}};
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (data->len > 4 && !memcmp(data->data, t[i].magic, 4)) {
            *ext = t[i].ext;
            return t[i].type;
        }
    return NULL;
}

/* A url() target: a font beside the stylesheet, packed; its href inside
 * the container in `out`.  NP_OK, or an error naming the reference. */
static int pack_font(ep_plan *p, const char *css_path, const char *ref, long line, np_buf *out,
                     np_error *err)
{
    np_buf path = NP_BUF_INIT, data = NP_BUF_INIT;
    np_error e = NP_ERROR_INIT;
    int rc = np_href_resolve(css_path, ref, &path, &e);
    if (rc == NP_OK)
        rc = np_file_read(path.data, EP_MAX_FONT, &data, &e);
    const char *ext = NULL, *type = rc == NP_OK ? font_type(&data, &ext) : NULL;
    if (rc != NP_OK)
        rc = np_error_set(err, NP_ERR_INVALID, css_path, line,
                          "stylesheet: url(%.80s) cannot be read (%s)", ref,
                          e.message ? e.message : "not found");
    else if (!type)
        rc = np_error_set(err, NP_ERR_INVALID, css_path, line,
                          "stylesheet: url(%.80s) is not a font (TrueType, OpenType or WOFF); "
                          "a digest's stylesheet may only name fonts beside it",
                          ref);
    if (rc == NP_OK) {
        size_t i = 0;
        while (i < p->nfonts && strcmp(p->fonts[i].path, path.data) != 0)
            i++;
        if (i == p->nfonts) {
            NP_GROW_POW2(p->fonts, p->nfonts);
            ep_font *f = &p->fonts[p->nfonts++];
            memset(f, 0, sizeof *f);
            np_buf s = NP_BUF_INIT;
            np_buf_printf(&s, "font-css%zu", p->nfonts);
            f->id = np_buf_detach(&s);
            np_buf_printf(&s, "fonts/css%zu.%s", p->nfonts, ext);
            f->href = np_buf_detach(&s);
            f->path = np_buf_detach(&path);
            f->media_type = type;
        }
        np_buf_reset(out);
        np_buf_printf(out, "../%s", p->fonts[i].href);
    }
    np_error_clear(&e);
    np_buf_free(&path);
    np_buf_free(&data);
    return rc;
}

/* 2: the reference names a host ("//host", "https:", "ftp:"...); 1: it
 * has another scheme ("data:", "file:"); 0: a relative path. */
static int scheme_kind(const char *ref)
{
    if (ref[0] == '/' && ref[1] == '/')
        return 2;
    const char *c = ref;
    if (!isalpha((unsigned char)*c))
        return 0;
    while (isalnum((unsigned char)*c) || *c == '+' || *c == '-' || *c == '.')
        c++;
    if (*c != ':')
        return 0;
    return strncasecmp(ref, "data:", 5) && strncasecmp(ref, "file:", 5) ? 2 : 1;
}

int ep_css_check(ep_plan *p, const char *css_path, np_error *err)
{
    const char *css = np_buf_cstr(&p->css);
    size_t n = p->css.len;
    np_buf out = NP_BUF_INIT, ref = NP_BUF_INIT, href = NP_BUF_INIT;
    int rc = NP_OK;
    size_t i = 0;
    while (rc == NP_OK && i < n) {
        if (css[i] == '/' && i + 1 < n && css[i + 1] == '*') { /* a comment */
            const char *end = strstr(css + i + 2, "*/");
            size_t stop = end ? (size_t)(end - css) + 2 : n;
            np_buf_put(&out, css + i, stop - i);
            i = stop;
        } else if (css[i] == '"' || css[i] == '\'') { /* a string */
            size_t j = i + 1;
            while (j < n && css[j] != css[i] && css[j] != '\n')
                j += css[j] == '\\' && j + 1 < n ? 2 : 1;
            j = j < n ? j + 1 : n;
            np_buf_put(&out, css + i, j - i);
            i = j;
        } else if (css[i] == '@' && !strncasecmp(css + i, "@import", 7)) {
            rc = np_error_set(err, NP_ERR_INVALID, css_path, line_at(css, i),
                              "stylesheet: @import is refused (a digest loads nothing from "
                              "elsewhere): put the rules into this file");
        } else if ((css[i] == 'u' || css[i] == 'U') && !strncasecmp(css + i, "url(", 4) &&
                   (i == 0 || !isalnum((unsigned char)css[i - 1]))) {
            size_t j = i + 4;
            while (j < n && isspace((unsigned char)css[j]))
                j++;
            char q = j < n && (css[j] == '"' || css[j] == '\'') ? css[j] : 0;
            size_t start = q ? j + 1 : j, end = start;
            while (end < n && (q ? css[end] != q : css[end] != ')'))
                end++;
            np_buf_reset(&ref);
            np_buf_put(&ref, css + start, end - start);
            while (ref.len && isspace((unsigned char)ref.data[ref.len - 1]))
                np_buf_truncate(&ref, ref.len - 1);
            size_t close = q ? end + 1 : end;
            while (close < n && css[close] != ')')
                close++;
            long line = line_at(css, i);
            if (close >= n)
                rc = np_error_set(err, NP_ERR_INVALID, css_path, line,
                                  "stylesheet: url( is not closed");
            else if (scheme_kind(ref.data) == 2)
                rc = np_error_set(err, NP_ERR_INVALID, css_path, line,
                                  "stylesheet: url(%.80s) is refused: a digest loads nothing "
                                  "from the network",
                                  ref.data);
            else if (scheme_kind(ref.data) == 1)
                rc = np_error_set(err, NP_ERR_INVALID, css_path, line,
                                  "stylesheet: url(%.80s) is refused: only fonts beside the "
                                  "stylesheet may be named",
                                  ref.data);
            else
                rc = pack_font(p, css_path, ref.data, line, &href, err);
            if (rc == NP_OK) {
                np_buf_printf(&out, "url(\"%s\")", href.data);
                i = close + 1;
            }
        } else {
            np_buf_putc(&out, css[i++]);
        }
    }
    if (rc == NP_OK) {
        np_buf_free(&p->css);
        p->css = out;
    } else {
        np_buf_free(&out);
    }
    np_buf_free(&ref);
    np_buf_free(&href);
    return rc;
}
