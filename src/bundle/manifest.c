/* manifest.json: writer helpers and a small strict JSON reader for exactly
 * what --since needs.  The reader is a recursive-descent parser over the
 * whole JSON grammar (so that any valid manifest, whatever members a later
 * version adds, is read) with bounded depth and size; it keeps only the
 * partner name and the (guid, version, signal, file, sequence) of each file. */
#include "manifest.h"
#include "util/utf8.h"
#include "newsprint/media.h"
#include "newsprint/meta.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

enum { MAX_MANIFEST = 64 * 1024 * 1024, MAX_DEPTH = 32 };

/* ---- writer ------------------------------------------------------------ */

void np_json_string(np_buf *out, const char *s)
{
    if (!s) {
        np_buf_puts(out, "null");
        return;
    }
    np_buf_putc(out, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '"': np_buf_puts(out, "\\\""); break;
        case '\\': np_buf_puts(out, "\\\\"); break;
        case '\n': np_buf_puts(out, "\\n"); break;
        case '\r': np_buf_puts(out, "\\r"); break;
        case '\t': np_buf_puts(out, "\\t"); break;
        default:
            if (c < 0x20 || c == 0x7f)
                np_buf_printf(out, "\\u%04x", c);
            else
                np_buf_putc(out, (char)c);
        }
    }
    np_buf_putc(out, '"');
}

static void iso_or_null(np_buf *out, const np_time *t)
{
    if (t && t->valid) {
        np_buf_putc(out, '"');
        np_time_format_iso(t, out);
        np_buf_putc(out, '"');
    } else {
        np_buf_puts(out, "null");
    }
}

void np_manifest_begin(const np_manifest_head *h, np_buf *out)
{
    np_buf_puts(out, "{\n  \"format\": \"newsprint-bundle\",\n  \"format_version\": 1,\n");
    np_buf_puts(out, "  \"partner\": ");
    np_json_string(out, h->partner);
    np_buf_printf(out, ",\n  \"profile\": {\"framing\": \"%s\", \"charset\": \"%s\", \"width\": %d, "
                       "\"line_ending\": \"%s\", \"embargo\": \"%s\"},\n",
                  h->framing, h->charset, h->width, h->line_ending, h->embargo);
    np_buf_puts(out, "  \"generated\": ");
    iso_or_null(out, h->generated);
    np_buf_puts(out, ",\n  \"selection\": {\"at\": ");
    iso_or_null(out, h->generated);
    np_buf_puts(out, ", \"from\": ");
    iso_or_null(out, h->from);
    np_buf_puts(out, ", \"to\": ");
    iso_or_null(out, h->to);
    np_buf_puts(out, ", \"since\": ");
    np_json_string(out, h->since);
    np_buf_printf(out, "},\n  \"delta\": %s,\n", h->since ? "true" : "false");
    np_buf_printf(out, "  \"sequence\": {\"first\": %llu, \"last\": %llu, \"next\": %llu},\n", h->first,
                  h->last, h->next);
    np_buf_printf(out, "  \"counts\": {\"files\": %zu, \"new\": %zu, \"correction\": %zu, \"kill\": %zu},\n",
                  h->files, h->new_items, h->corrections, h->kills);
    np_buf_printf(out, "  \"left_out\": {\"superseded\": %zu, \"canceled\": %zu, \"withheld\": %zu, "
                       "\"embargoed\": %zu, \"outside_dates\": %zu, \"package\": %zu, "
                       "\"already_sent\": %zu, \"not_text\": %zu, \"failed\": %zu},\n",
                  h->superseded, h->canceled, h->withheld, h->embargoed, h->outside_dates, h->package,
                  h->already_sent, h->not_text, h->failed);
    np_buf_puts(out, "  \"files\": [\n");
}

void np_manifest_middle(size_t n, np_buf *out)
{
    np_buf_puts(out, n ? "\n  ],\n  \"previously_delivered\": [" : "  ],\n  \"previously_delivered\": [");
}

void np_manifest_received_json(const np_received_entry *e, size_t nth, np_buf *out)
{
    np_buf_puts(out, nth ? ",\n    " : "\n    ");
    np_buf_puts(out, "{\"guid\": ");
    np_json_string(out, e->guid);
    np_buf_printf(out, ", \"version\": %ld, \"signal\": \"%s\", \"file\": ", e->version,
                  e->killed ? "kill" : "sent");
    np_json_string(out, e->file);
    np_buf_printf(out, ", \"sequence\": %llu}", e->sequence);
}

void np_manifest_end(size_t n, np_buf *out)
{
    np_buf_puts(out, n ? "\n  ]\n}\n" : "]\n}\n");
}

void np_manifest_file_json(const np_manifest_file *f, size_t nth, np_buf *out)
{
    np_buf_puts(out, nth ? ",\n    " : "    ");
    np_buf_puts(out, "{\"file\": ");
    np_json_string(out, f->file);
    np_buf_printf(out, ", \"sequence\": %llu, \"guid\": ", f->sequence);
    np_json_string(out, f->guid);
    np_buf_printf(out, ", \"version\": %ld, \"signal\": ", f->version);
    np_json_string(out, f->signal);
    if (f->replaces) {
        np_buf_printf(out, ", \"replaces\": %ld, \"replaces_file\": ", f->replaces);
        np_json_string(out, f->replaces_file);
    }
    np_buf_puts(out, ", \"headline\": ");
    np_json_string(out, f->headline);
    np_buf_printf(out, ", \"bytes\": %zu, \"sha256\": ", f->bytes);
    np_json_string(out, f->sha256);
    np_buf_printf(out, ", \"words\": %zu, \"embargo\": ", f->words);
    np_json_string(out, f->embargo);
    np_buf_puts(out, ", \"priority\": ");
    np_json_string(out, f->priority);
    np_buf_printf(out, ", \"urgency\": %d}", f->urgency);
}

/* ---- reader ------------------------------------------------------------ */

typedef struct jp {
    const char *start, *p, *end;
    const char *name;
    np_error *err;
    int failed;
    np_received *out;
    size_t cap;
} jp;

static int fail(jp *j, const char *what)
{
    if (!j->failed) {
        long line = 1;
        for (const char *q = j->start; q < j->p; q++)
            line += *q == '\n';
        j->failed = 1;
        np_error_set(j->err, NP_ERR_INVALID, j->name, line, "not a bundle manifest: %s", what);
    }
    return NP_ERR_INVALID;
}

static void ws(jp *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
}

static int lit(jp *j, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
        return fail(j, "unexpected character");
    j->p += n;
    return 0;
}

static int hex4(jp *j, unsigned *v)
{
    *v = 0;
    if (j->end - j->p < 4)
        return fail(j, "short \\u escape");
    for (int i = 0; i < 4; i++) {
        char c = *j->p++;
        *v <<= 4;
        if (c >= '0' && c <= '9')
            *v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            *v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            *v |= (unsigned)(c - 'A' + 10);
        else
            return fail(j, "bad \\u escape");
    }
    return 0;
}

static void put_utf8(np_buf *b, unsigned long cp)
{
    if (cp < 0x80) {
        np_buf_putc(b, (int)cp);
    } else if (cp < 0x800) {
        np_buf_putc(b, (int)(0xc0 | (cp >> 6)));
        np_buf_putc(b, (int)(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
        np_buf_putc(b, (int)(0xe0 | (cp >> 12)));
        np_buf_putc(b, (int)(0x80 | ((cp >> 6) & 0x3f)));
        np_buf_putc(b, (int)(0x80 | (cp & 0x3f)));
    } else {
        np_buf_putc(b, (int)(0xf0 | (cp >> 18)));
        np_buf_putc(b, (int)(0x80 | ((cp >> 12) & 0x3f)));
        np_buf_putc(b, (int)(0x80 | ((cp >> 6) & 0x3f)));
        np_buf_putc(b, (int)(0x80 | (cp & 0x3f)));
    }
}

/* Length of a valid UTF-8 sequence at p (at most n bytes), else 0. */
static size_t utf8_valid(const unsigned char *p, size_t n)
{
    uint32_t cp;
    return np_utf8_decode(p, n, &cp);
}

/* A string; its value goes to `val` when non-NULL. */
static int string(jp *j, np_buf *val)
{
    if (j->p >= j->end || *j->p != '"')
        return fail(j, "expected a string");
    j->p++;
    for (;;) {
        if (j->p >= j->end)
            return fail(j, "unterminated string");
        unsigned char c = (unsigned char)*j->p;
        if (c == '"') {
            j->p++;
            return 0;
        }
        if (c < 0x20)
            return fail(j, "control character in a string");
        if (c == '\\') {
            j->p++;
            if (j->p >= j->end)
                return fail(j, "unterminated string");
            char e = *j->p++;
            unsigned long cp;
            switch (e) {
            case '"': cp = '"'; break;
            case '\\': cp = '\\'; break;
            case '/': cp = '/'; break;
            case 'b': cp = '\b'; break;
            case 'f': cp = '\f'; break;
            case 'n': cp = '\n'; break;
            case 'r': cp = '\r'; break;
            case 't': cp = '\t'; break;
            case 'u': {
                unsigned hi;
                if (hex4(j, &hi))
                    return -1;
                cp = hi;
                if (hi >= 0xdc00 && hi <= 0xdfff)
                    return fail(j, "lone low surrogate");
                if (hi >= 0xd800 && hi <= 0xdbff) {
                    unsigned lo;
                    if (j->end - j->p < 2 || j->p[0] != '\\' || j->p[1] != 'u')
                        return fail(j, "lone high surrogate");
                    j->p += 2;
                    if (hex4(j, &lo))
                        return -1;
                    if (lo < 0xdc00 || lo > 0xdfff)
                        return fail(j, "bad surrogate pair");
                    cp = 0x10000 + ((unsigned long)(hi - 0xd800) << 10) + (lo - 0xdc00);
                }
                if (cp == 0)
                    return fail(j, "NUL in a string");
                break;
            }
            default:
                return fail(j, "bad escape");
            }
            if (val)
                put_utf8(val, cp);
            continue;
        }
        size_t k = utf8_valid((const unsigned char *)j->p, (size_t)(j->end - j->p));
        if (!k)
            return fail(j, "invalid UTF-8");
        if (val)
            np_buf_put(val, j->p, k);
        j->p += k;
    }
}

/* A number; an integer value (no fraction/exponent, |v| < 1e18) goes to
 * *iv with *is_int set. */
static int number(jp *j, long long *iv, int *is_int)
{
    const char *s = j->p;
    int neg = 0;
    long long v = 0;
    int digits = 0, integral = 1;
    if (j->p < j->end && *j->p == '-') {
        neg = 1;
        j->p++;
    }
    if (j->p >= j->end || *j->p < '0' || *j->p > '9')
        return fail(j, "bad number");
    if (*j->p == '0') {
        j->p++;
    } else {
        while (j->p < j->end && *j->p >= '0' && *j->p <= '9') {
            if (digits < 18)
                v = v * 10 + (*j->p - '0');
            else
                integral = 0;
            digits++;
            j->p++;
        }
    }
    if (j->p < j->end && *j->p == '.') {
        integral = 0;
        j->p++;
        if (j->p >= j->end || *j->p < '0' || *j->p > '9')
            return fail(j, "bad number");
        while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
            j->p++;
    }
    if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
        integral = 0;
        j->p++;
        if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
            j->p++;
        if (j->p >= j->end || *j->p < '0' || *j->p > '9')
            return fail(j, "bad number");
        while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
            j->p++;
    }
    (void)s;
    if (iv)
        *iv = neg ? -v : v;
    if (is_int)
        *is_int = integral;
    return 0;
}

static int value(jp *j, int depth);

static int skip_container(jp *j, int depth, char open, char close)
{
    if (depth > MAX_DEPTH)
        return fail(j, "nested too deeply");
    j->p++; /* open */
    (void)open;
    ws(j);
    if (j->p < j->end && *j->p == close) {
        j->p++;
        return 0;
    }
    for (;;) {
        ws(j);
        if (close == '}') {
            if (string(j, NULL))
                return -1;
            ws(j);
            if (j->p >= j->end || *j->p != ':')
                return fail(j, "expected ':'");
            j->p++;
            ws(j);
        }
        if (value(j, depth + 1))
            return -1;
        ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p < j->end && *j->p == close) {
            j->p++;
            return 0;
        }
        return fail(j, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

/* Any value, skipped. */
static int value(jp *j, int depth)
{
    ws(j);
    if (j->p >= j->end)
        return fail(j, "unexpected end");
    switch (*j->p) {
    case '{': return skip_container(j, depth, '{', '}');
    case '[': return skip_container(j, depth, '[', ']');
    case '"': return string(j, NULL);
    case 't': return lit(j, "true");
    case 'f': return lit(j, "false");
    case 'n': return lit(j, "null");
    default: return number(j, NULL, NULL);
    }
}

static char *dup_buf(np_buf *b)
{
    if (!b->data)
        np_buf_puts(b, "");
    return np_buf_detach(b);
}

/* One object of "files" or "previously_delivered". */
static int file_entry(jp *j, int depth, int from_files)
{
    if (j->p >= j->end || *j->p != '{')
        return value(j, depth); /* not an object: ignored */
    j->p++;
    np_buf guid = NP_BUF_INIT, file = NP_BUF_INIT, sig = NP_BUF_INIT;
    long long version = 0, seq = 0;
    int has_guid = 0, has_file = 0, rc = 0;
    ws(j);
    if (j->p < j->end && *j->p == '}') {
        j->p++;
        goto done;
    }
    for (;;) {
        np_buf key = NP_BUF_INIT;
        ws(j);
        if (string(j, &key)) {
            np_buf_free(&key);
            rc = -1;
            goto done;
        }
        ws(j);
        if (j->p >= j->end || *j->p != ':') {
            np_buf_free(&key);
            rc = fail(j, "expected ':'");
            goto done;
        }
        j->p++;
        ws(j);
        const char *k = np_buf_cstr(&key);
        int is_int = 0;
        if (!strcmp(k, "guid") && j->p < j->end && *j->p == '"') {
            np_buf_reset(&guid);
            rc = string(j, &guid);
            has_guid = 1;
        } else if (!strcmp(k, "file") && j->p < j->end && *j->p == '"') {
            np_buf_reset(&file);
            rc = string(j, &file);
            has_file = 1;
        } else if (!strcmp(k, "signal") && j->p < j->end && *j->p == '"') {
            np_buf_reset(&sig);
            rc = string(j, &sig);
        } else if (!strcmp(k, "version") && j->p < j->end && (*j->p == '-' || (*j->p >= '0' && *j->p <= '9'))) {
            rc = number(j, &version, &is_int);
            if (!rc && (!is_int || version < 0))
                rc = fail(j, "version is not a whole number");
        } else if (!strcmp(k, "sequence") && j->p < j->end && (*j->p == '-' || (*j->p >= '0' && *j->p <= '9'))) {
            rc = number(j, &seq, &is_int);
            if (!rc && (!is_int || seq < 0))
                seq = 0;
        } else {
            rc = value(j, depth + 1);
        }
        np_buf_free(&key);
        if (rc)
            goto done;
        ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p < j->end && *j->p == '}') {
            j->p++;
            break;
        }
        rc = fail(j, "expected ',' or '}'");
        goto done;
    }
done:
    if (!rc && has_guid && guid.len) {
        if (j->out->n == j->cap) {
            j->cap = j->cap ? j->cap * 2 : 64;
            np_received_entry *v = realloc(j->out->v, j->cap * sizeof *v);
            if (!v)
                abort();
            j->out->v = v;
        }
        np_received_entry *e = &j->out->v[j->out->n++];
        memset(e, 0, sizeof *e);
        e->guid = dup_buf(&guid);
        e->version = (long)version;
        e->killed = !strcmp(np_buf_cstr(&sig), "kill");
        e->file = has_file ? dup_buf(&file) : NULL;
        e->sequence = (unsigned long long)seq;
        e->touched = from_files; /* reused while reading: 1 = from "files" */
    }
    np_buf_free(&guid);
    np_buf_free(&file);
    np_buf_free(&sig);
    return rc;
}

static int file_list(jp *j, int depth, int from_files)
{
    if (j->p >= j->end || *j->p != '[')
        return fail(j, "expected an array of files");
    j->p++;
    ws(j);
    if (j->p < j->end && *j->p == ']') {
        j->p++;
        return 0;
    }
    for (;;) {
        ws(j);
        if (file_entry(j, depth + 1, from_files))
            return -1;
        ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        if (j->p < j->end && *j->p == ']') {
            j->p++;
            return 0;
        }
        return fail(j, "expected ',' or ']'");
    }
}

static int cmp_entry(const void *a, const void *b)
{
    const np_received_entry *x = a, *y = b;
    int c = strcmp(x->guid, y->guid);
    if (c)
        return c;
    /* "files" (touched = 1) after "previously_delivered"; then by version */
    if (x->touched != y->touched)
        return x->touched - y->touched;
    return x->version < y->version ? -1 : x->version > y->version;
}

static void free_entry(np_received_entry *e)
{
    free(e->guid);
    free(e->file);
}

int np_manifest_parse(const char *data, size_t len, const char *name, np_received *out,
                      np_error *err)
{
    memset(out, 0, sizeof *out);
    jp j = {data, data, data + len, name, err, 0, out, 0};
    int seen_files = 0, rc = 0;
    /* a UTF-8 byte order mark is not JSON, but harmless */
    if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
        j.p += 3;
    ws(&j);
    if (j.p >= j.end || *j.p != '{') {
        rc = fail(&j, "expected a JSON object");
        goto out;
    }
    j.p++;
    ws(&j);
    if (j.p < j.end && *j.p == '}') {
        j.p++;
    } else {
        for (;;) {
            np_buf key = NP_BUF_INIT;
            ws(&j);
            if (string(&j, &key)) {
                np_buf_free(&key);
                rc = -1;
                goto out;
            }
            ws(&j);
            if (j.p >= j.end || *j.p != ':') {
                np_buf_free(&key);
                rc = fail(&j, "expected ':'");
                goto out;
            }
            j.p++;
            ws(&j);
            const char *k = np_buf_cstr(&key);
            if (!strcmp(k, "files")) {
                rc = file_list(&j, 1, 1);
                seen_files = 1;
            } else if (!strcmp(k, "previously_delivered")) {
                rc = file_list(&j, 1, 0);
            } else if ((!strcmp(k, "partner") || !strcmp(k, "generated")) && j.p < j.end &&
                       *j.p == '"') {
                np_buf v = NP_BUF_INIT;
                rc = string(&j, &v);
                char **slot = !strcmp(k, "partner") ? &out->partner : &out->generated;
                free(*slot);
                *slot = dup_buf(&v);
            } else {
                rc = value(&j, 1);
            }
            np_buf_free(&key);
            if (rc)
                goto out;
            ws(&j);
            if (j.p < j.end && *j.p == ',') {
                j.p++;
                continue;
            }
            if (j.p < j.end && *j.p == '}') {
                j.p++;
                break;
            }
            rc = fail(&j, "expected ',' or '}'");
            goto out;
        }
    }
    ws(&j);
    if (j.p != j.end) {
        rc = fail(&j, "text after the manifest object");
        goto out;
    }
    if (!seen_files) {
        rc = np_error_set(err, NP_ERR_INVALID, name, 0, "not a bundle manifest: no \"files\" list");
        goto out;
    }
    /* one entry per guid: the last sent (files over previously_delivered,
     * then the highest version) */
    if (out->n) {
        qsort(out->v, out->n, sizeof *out->v, cmp_entry);
        size_t w = 0;
        for (size_t i = 0; i < out->n; i++) {
            if (w && !strcmp(out->v[w - 1].guid, out->v[i].guid)) {
                free_entry(&out->v[w - 1]);
                out->v[w - 1] = out->v[i];
            } else {
                out->v[w++] = out->v[i];
            }
        }
        out->n = w;
        for (size_t i = 0; i < out->n; i++)
            out->v[i].touched = 0;
    }
out:
    if (rc) {
        np_received_free(out);
        return NP_ERR_INVALID;
    }
    return NP_OK;
}

static int read_zip_manifest(const char *path, np_buf *data, np_error *err)
{
    int zerr = 0;
    zip_t *za = zip_open(path, ZIP_RDONLY, &zerr);
    if (!za)
        return np_error_set(err, NP_ERR_IO, path, 0, "cannot open the zip bundle");
    zip_stat_t st;
    zip_int64_t idx = zip_name_locate(za, "manifest.json", 0);
    int rc = NP_OK;
    if (idx < 0 || zip_stat_index(za, (zip_uint64_t)idx, 0, &st) != 0 ||
        !(st.valid & ZIP_STAT_SIZE)) {
        rc = np_error_set(err, NP_ERR_INVALID, path, 0, "no manifest.json in the zip bundle");
    } else if (st.size > MAX_MANIFEST) {
        rc = np_error_set(err, NP_ERR_UNSAFE, path, 0, "manifest.json is too large");
    } else {
        zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
        if (!zf) {
            rc = np_error_set(err, NP_ERR_IO, path, 0, "cannot read manifest.json in the zip");
        } else {
            np_buf_grow(data, (size_t)st.size + 1);
            zip_int64_t got = zip_fread(zf, data->data, st.size);
            if (got < 0 || (zip_uint64_t)got != st.size)
                rc = np_error_set(err, NP_ERR_IO, path, 0, "cannot read manifest.json in the zip");
            else {
                data->len = (size_t)got;
                data->data[data->len] = '\0';
            }
            zip_fclose(zf);
        }
    }
    zip_discard(za);
    return rc;
}

int np_manifest_read(const char *path, np_received *out, np_error *err)
{
    memset(out, 0, sizeof *out);
    np_buf data = NP_BUF_INIT, file = NP_BUF_INIT;
    struct stat st;
    size_t n = strlen(path);
    int rc;
    np_buf_puts(&file, path);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        np_buf_puts(&file, "/manifest.json");
        rc = np_file_read(file.data, MAX_MANIFEST, &data, err);
    } else if (n > 4 && !strcmp(path + n - 4, ".zip")) {
        rc = read_zip_manifest(path, &data, err);
    } else {
        rc = np_file_read(path, MAX_MANIFEST, &data, err);
    }
    if (rc == NP_OK)
        rc = np_manifest_parse(np_buf_cstr(&data), data.len, file.data, out, err);
    np_buf_free(&data);
    np_buf_free(&file);
    return rc;
}

static int cmp_key(const void *k, const void *e)
{
    return strcmp(k, ((const np_received_entry *)e)->guid);
}

np_received_entry *np_received_find(const np_received *r, const char *guid)
{
    if (!r || !r->n || !guid)
        return NULL;
    return bsearch(guid, r->v, r->n, sizeof *r->v, cmp_key);
}

void np_received_free(np_received *r)
{
    for (size_t i = 0; i < r->n; i++)
        free_entry(&r->v[i]);
    free(r->v);
    free(r->partner);
    free(r->generated);
    memset(r, 0, sizeof *r);
}
