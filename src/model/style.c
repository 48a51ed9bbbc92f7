/* Styles: "key = value" files with [sections], and where to find them. */
#include "newsprint/style.h"
#include "util/alloc.h"
#include "newsprint/time.h"
#include "newsprint/media.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef NP_DATADIR
#define NP_DATADIR "/usr/local/share/newsprint"
#endif

enum { MAX_STYLE_BYTES = 1024 * 1024 };

typedef struct kv {
    char *key;
    char *value;
} kv;

struct np_style {
    char *path;
    kv *v;
    size_t n, cap;
};

static char *dup_range(const char *s, size_t n)
{
    np_buf b = NP_BUF_INIT;
    np_buf_put(&b, s, n);
    return np_buf_detach(&b);
}

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r'))
        (*n)--;
}

static void set(np_style *st, char *key, char *value)
{
    for (size_t i = 0; i < st->n; i++)
        if (!strcmp(st->v[i].key, key)) { /* the last one wins */
            free(st->v[i].value);
            free(key);
            st->v[i].value = value;
            return;
        }
    NP_GROW(st->v, st->n, st->cap, 32);
    st->v[st->n++] = (kv){key, value};
}

np_style *np_style_load(const char *path, np_error *err)
{
    np_buf data = NP_BUF_INIT;
    if (np_file_read(path, MAX_STYLE_BYTES, &data, err) != NP_OK) {
        np_buf_free(&data);
        return NULL;
    }
    np_style *st = calloc(1, sizeof *st);
    if (!st)
        abort();
    st->path = dup_range(path, strlen(path));
    np_buf section = NP_BUF_INIT;
    const char *p = np_buf_cstr(&data), *end = p + data.len;
    long line = 0;
    while (p < end) {
        line++;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        const char *s = p;
        p += n + (nl ? 1 : 0);
        trim(&s, &n);
        if (!n || s[0] == '#' || s[0] == ';')
            continue;
        if (memchr(s, '\0', n)) {
            np_error_set(err, NP_ERR_INVALID, path, line, "NUL byte in style file");
            goto fail;
        }
        if (s[0] == '[') {
            if (s[n - 1] != ']' || n < 3) {
                np_error_set(err, NP_ERR_INVALID, path, line, "expected [section]");
                goto fail;
            }
            np_buf_reset(&section);
            const char *name = s + 1;
            size_t nn = n - 2;
            trim(&name, &nn);
            np_buf_put(&section, name, nn);
            continue;
        }
        const char *eq = memchr(s, '=', n);
        if (!eq) {
            np_error_set(err, NP_ERR_INVALID, path, line, "expected 'key = value', got '%.*s'",
                         (int)(n > 60 ? 60 : n), s);
            goto fail;
        }
        const char *k = s, *v = eq + 1;
        size_t kn = (size_t)(eq - s), vn = n - kn - 1;
        trim(&k, &kn);
        trim(&v, &vn);
        if (!kn) {
            np_error_set(err, NP_ERR_INVALID, path, line, "missing key before '='");
            goto fail;
        }
        /* values may be quoted to keep leading/trailing spaces */
        if (vn >= 2 && v[0] == '"' && v[vn - 1] == '"') {
            v++;
            vn -= 2;
        }
        np_buf key = NP_BUF_INIT;
        if (section.len)
            np_buf_printf(&key, "%s.", section.data);
        np_buf_put(&key, k, kn);
        set(st, np_buf_detach(&key), dup_range(v, vn));
    }
    np_buf_free(&section);
    np_buf_free(&data);
    return st;
fail:
    np_buf_free(&section);
    np_buf_free(&data);
    np_style_free(st);
    return NULL;
}

void np_style_free(np_style *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].key);
        free(s->v[i].value);
    }
    free(s->v);
    free(s->path);
    free(s);
}

const char *np_style_get(const np_style *s, const char *key, const char *def)
{
    if (s)
        for (size_t i = 0; i < s->n; i++)
            if (!strcmp(s->v[i].key, key))
                return s->v[i].value;
    return def;
}

double np_style_num(const np_style *s, const char *key, double def)
{
    const char *v = np_style_get(s, key, NULL);
    if (!v || !*v)
        return def;
    char *end;
    double d = strtod(v, &end);
    while (*end == ' ')
        end++;
    return *end ? def : d;
}

np_tz *np_style_timezone(const np_style *s, const char *name, np_error *err)
{
    if (name)
        return np_tz_open(name, err);
    const char *key = np_style_get(s, "timezone", NULL);
    np_tz *tz = np_tz_open(key, err);
    if (!tz && err && err->message) { /* say which file has the wrong key */
        char *why = err->message;
        err->message = NULL;
        np_error_set(err, err->code, np_style_path(s), 0, "timezone: %s", why);
        free(why);
    }
    return tz;
}

int np_style_bool(const np_style *s, const char *key, int def)
{
    const char *v = np_style_get(s, key, NULL);
    if (!v)
        return def;
    if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcasecmp(v, "on") || !strcmp(v, "1"))
        return 1;
    if (!strcasecmp(v, "no") || !strcasecmp(v, "false") || !strcasecmp(v, "off") || !strcmp(v, "0"))
        return 0;
    return def;
}

const char *np_style_path(const np_style *s)
{
    return s ? s->path : NULL;
}

const char *np_style_key_at(const np_style *s, size_t i)
{
    return s && i < s->n ? s->v[i].key : NULL;
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Candidate style folders, in order, into out[0..3]. */
static size_t style_dirs(np_buf out[3])
{
    size_t n = 0;
    const char *env = getenv("NEWSPRINT_STYLES");
    if (env && *env)
        np_buf_puts(&out[n++], env);
    /* a program in BUILD/bin of a source tree: use that tree's styles/ */
    char exe[4096];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            np_buf_printf(&out[n], "%s/../../styles", exe);
            if (is_dir(out[n].data))
                n++;
            else {
                /* installed: PREFIX/bin/prog -> PREFIX/share/newsprint,
                 * right even when PREFIX changed after the build */
                np_buf_reset(&out[n]);
                np_buf_printf(&out[n], "%s/../share/newsprint", exe);
                if (is_dir(out[n].data))
                    n++;
                else
                    np_buf_reset(&out[n]);
            }
        }
    }
    np_buf_puts(&out[n++], NP_DATADIR);
    return n;
}

const char *np_style_dir(np_buf *out)
{
    np_buf dirs[3] = {NP_BUF_INIT, NP_BUF_INIT, NP_BUF_INIT};
    size_t n = style_dirs(dirs);
    const char *found = NULL;
    for (size_t i = 0; i < n && !found; i++)
        if (is_dir(dirs[i].data)) {
            np_buf_reset(out);
            np_buf_puts(out, dirs[i].data);
            found = out->data;
        }
    for (size_t i = 0; i < 3; i++)
        np_buf_free(&dirs[i]);
    return found;
}

int np_style_find(const char *name_or_path, const char *subdir, const char *ext, np_buf *out,
                  np_error *err)
{
    np_buf_reset(out);
    size_t nl = strlen(name_or_path), el = ext ? strlen(ext) : 0;
    int is_path = strchr(name_or_path, '/') || (el && nl > el && !strcmp(name_or_path + nl - el, ext));
    if (is_path) {
        if (access(name_or_path, R_OK) != 0)
            return np_error_set(err, NP_ERR_IO, name_or_path, 0, "style file not found");
        np_buf_puts(out, name_or_path);
        return NP_OK;
    }
    /* a name: letters, digits, '-', '_' only */
    for (const char *c = name_or_path; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '-' || *c == '_'))
            return np_error_set(err, NP_ERR_USAGE, NULL, 0, "'%s' is not a style name", name_or_path);
    np_buf dirs[3] = {NP_BUF_INIT, NP_BUF_INIT, NP_BUF_INIT};
    size_t n = style_dirs(dirs);
    int rc = NP_ERR_IO;
    for (size_t i = 0; i < n && rc != NP_OK; i++) {
        np_buf_reset(out);
        np_buf_printf(out, "%s/%s%s%s%s", dirs[i].data, subdir && *subdir ? subdir : "",
                      subdir && *subdir ? "/" : "", name_or_path, ext ? ext : "");
        if (access(out->data, R_OK) == 0)
            rc = NP_OK;
    }
    for (size_t i = 0; i < 3; i++)
        np_buf_free(&dirs[i]);
    if (rc != NP_OK) {
        np_buf_reset(out);
        return np_error_set(err, NP_ERR_IO, NULL, 0, "no style named '%s'%s%s", name_or_path,
                            subdir && *subdir ? " in " : "", subdir && *subdir ? subdir : "");
    }
    return NP_OK;
}
