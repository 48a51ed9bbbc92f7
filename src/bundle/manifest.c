/* manifest.json: the writer's pieces and a reader for what --since needs,
 * both on Jansson.  The writer keeps the manifest's layout (one member a
 * line, one file a line) so that its lists can stream; the reader takes any
 * valid manifest (RFC 8259, whatever members a later version adds) within a
 * size and nesting bound, and keeps only the partner name and the (guid,
 * version, signal, file, sequence) of each file. */
#include "manifest.h"
#include "util/alloc.h"
#include "util/utf8.h"
#include "newsprint/media.h"
#include "newsprint/meta.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

enum { MAX_MANIFEST = 64 * 1024 * 1024, MAX_DEPTH = 32 };

/* ---- writer ------------------------------------------------------------ */

static json_t *must(json_t *v)
{
    if (!v)
        np_oom();
    return v;
}

/* A JSON string of `s` (NULL: null); bytes that are not UTF-8 become U+FFFD,
 * since JSON text must be UTF-8. */
static json_t *jstr(const char *s)
{
    if (!s)
        return must(json_null());
    json_t *v = json_string(s);
    if (v)
        return v;
    np_buf ok = NP_BUF_INIT;
    for (size_t i = 0, n = strlen(s); i < n;) {
        uint32_t cp;
        size_t k = np_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (k) {
            np_buf_put(&ok, s + i, k);
            i += k;
        } else {
            np_buf_puts(&ok, "\xef\xbf\xbd");
            i++;
        }
    }
    v = must(json_string(np_buf_cstr(&ok)));
    np_buf_free(&ok);
    return v;
}

static json_t *jint(long long n)
{
    return must(json_integer(n));
}

static json_t *jtime(const np_time *t)
{
    if (!t || !t->valid)
        return must(json_null());
    np_buf b = NP_BUF_INIT;
    np_time_format_iso(t, &b);
    json_t *v = jstr(np_buf_cstr(&b));
    np_buf_free(&b);
    return v;
}

static void set(json_t *obj, const char *key, json_t *v)
{
    if (json_object_set_new(obj, key, v) != 0)
        np_oom();
}

/* Append `v` as compact one-line JSON ("a": 1, "b": 2) and release it. */
static void put(np_buf *out, json_t *v)
{
    char *d = json_dumps(v, JSON_ENCODE_ANY);
    if (!d)
        np_oom();
    np_buf_puts(out, d);
    free(d);
    json_decref(v);
}

/* One top-level member on its own line. */
static void member(np_buf *out, const char *key, json_t *v)
{
    np_buf_printf(out, "  \"%s\": ", key);
    put(out, v);
    np_buf_puts(out, ",\n");
}

/* {"key": n, ...} from parallel lists. */
static json_t *counts_object(const char *const *keys, const size_t *n, size_t count)
{
    json_t *o = must(json_object());
    for (size_t i = 0; i < count; i++)
        set(o, keys[i], jint((long long)n[i]));
    return o;
}

void np_json_string(np_buf *out, const char *s)
{
    put(out, jstr(s));
}

void np_manifest_begin(const np_manifest_head *h, np_buf *out)
{
    np_buf_puts(out, "{\n");
    member(out, "format", jstr("newsprint-bundle"));
    member(out, "format_version", jint(1));
    member(out, "partner", jstr(h->partner));
    json_t *o = must(json_object());
    set(o, "framing", jstr(h->framing));
    set(o, "charset", jstr(h->charset));
    set(o, "width", jint(h->width));
    set(o, "line_ending", jstr(h->line_ending));
    set(o, "embargo", jstr(h->embargo));
    member(out, "profile", o);
    member(out, "generated", jtime(h->generated));
    o = must(json_object());
    set(o, "at", jtime(h->generated));
    set(o, "from", jtime(h->from));
    set(o, "to", jtime(h->to));
    set(o, "since", jstr(h->since));
    member(out, "selection", o);
    member(out, "delta", must(json_boolean(h->since != NULL)));
    o = must(json_object());
    set(o, "first", jint((long long)h->first));
    set(o, "last", jint((long long)h->last));
    set(o, "next", jint((long long)h->next));
    member(out, "sequence", o);
    static const char *const count_keys[] = {"files", "new", "correction", "kill"};
    const size_t counts[] = {h->files, h->new_items, h->corrections, h->kills};
    member(out, "counts", counts_object(count_keys, counts, 4));
    static const char *const left_keys[] = {"superseded", "canceled", "withheld", "embargoed", "outside_dates",
                                            "package", "already_sent", "not_text", "failed"};
    const size_t left[] = {h->superseded, h->canceled, h->withheld, h->embargoed, h->outside_dates,
                           h->package, h->already_sent, h->not_text, h->failed};
    member(out, "left_out", counts_object(left_keys, left, 9));
    np_buf_puts(out, "  \"files\": [\n");
}

void np_manifest_file_json(const np_manifest_file *f, size_t nth, np_buf *out)
{
    np_buf_puts(out, nth ? ",\n    " : "    ");
    json_t *o = must(json_object());
    set(o, "file", jstr(f->file));
    set(o, "sequence", jint((long long)f->sequence));
    set(o, "guid", jstr(f->guid));
    set(o, "version", jint(f->version));
    set(o, "signal", jstr(f->signal));
    if (f->replaces) {
        set(o, "replaces", jint(f->replaces));
        set(o, "replaces_file", jstr(f->replaces_file));
    }
    set(o, "headline", jstr(f->headline));
    set(o, "bytes", jint((long long)f->bytes));
    set(o, "sha256", jstr(f->sha256));
    set(o, "words", jint((long long)f->words));
    set(o, "embargo", jstr(f->embargo));
    set(o, "priority", jstr(f->priority));
    set(o, "urgency", jint(f->urgency));
    put(out, o);
}

void np_manifest_middle(size_t n, np_buf *out)
{
    np_buf_puts(out, n ? "\n  ],\n  \"previously_delivered\": [" : "  ],\n  \"previously_delivered\": [");
}

void np_manifest_received_json(const np_received_entry *e, size_t nth, np_buf *out)
{
    np_buf_puts(out, nth ? ",\n    " : "\n    ");
    json_t *o = must(json_object());
    set(o, "guid", jstr(e->guid));
    set(o, "version", jint(e->version));
    set(o, "signal", jstr(e->killed ? "kill" : "sent"));
    set(o, "file", jstr(e->file));
    set(o, "sequence", jint((long long)e->sequence));
    put(out, o);
}

void np_manifest_end(size_t n, np_buf *out)
{
    np_buf_puts(out, n ? "\n  ]\n}\n" : "]\n}\n");
}

/* ---- reader ------------------------------------------------------------ */

static int bad(np_error *err, const char *name, int line, const char *what)
{
    return np_error_set(err, NP_ERR_INVALID, name, line, "not a bundle manifest: %s", what);
}

/* Is `v` nested deeper than `left` more levels?  (Stops at the bound.) */
static int too_deep(const json_t *v, int left)
{
    if (!json_is_object(v) && !json_is_array(v))
        return 0;
    if (left == 0)
        return 1;
    if (json_is_array(v)) {
        size_t i;
        const json_t *x;
        json_array_foreach(v, i, x)
            if (too_deep(x, left - 1))
                return 1;
    } else {
        const char *k;
        const json_t *x;
        json_object_foreach((json_t *)v, k, x)
            if (too_deep(x, left - 1))
                return 1;
    }
    return 0;
}

static char *dup_string(const json_t *v)
{
    return np_xstrdup(json_string_value(v));
}

/* The entries of "files" (from_files) or "previously_delivered"; objects
 * without a guid are skipped. */
static int file_list(const json_t *list, int from_files, np_received *out, size_t *cap, const char *name,
                     np_error *err)
{
    if (!json_is_array(list))
        return bad(err, name, 0, "expected an array of files");
    size_t i;
    const json_t *f;
    json_array_foreach(list, i, f) {
        const json_t *guid = json_object_get(f, "guid");
        const json_t *version = json_object_get(f, "version");
        const json_t *seq = json_object_get(f, "sequence");
        const json_t *file = json_object_get(f, "file");
        const json_t *sig = json_object_get(f, "signal");
        if (json_is_number(version) && (!json_is_integer(version) || json_integer_value(version) < 0))
            return bad(err, name, 0, "version is not a whole number");
        if (!json_is_string(guid) || !*json_string_value(guid))
            continue;
        NP_GROW(out->v, out->n, *cap, 64);
        np_received_entry *e = &out->v[out->n++];
        memset(e, 0, sizeof *e);
        e->guid = dup_string(guid);
        e->version = json_is_integer(version) ? (long)json_integer_value(version) : 0;
        e->killed = json_is_string(sig) && !strcmp(json_string_value(sig), "kill");
        e->file = json_is_string(file) ? dup_string(file) : NULL;
        e->sequence = json_is_integer(seq) && json_integer_value(seq) > 0
                          ? (unsigned long long)json_integer_value(seq)
                          : 0;
        e->touched = from_files; /* reused while reading: 1 = from "files" */
    }
    return NP_OK;
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
    if (len > MAX_MANIFEST)
        return np_error_set(err, NP_ERR_UNSAFE, name, 0, "manifest.json is too large");
    /* a UTF-8 byte order mark is not JSON, but harmless */
    if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) {
        data += 3;
        len -= 3;
    }
    size_t cap = 0;
    json_error_t je;
    json_t *root = json_loadb(data, len, 0, &je);
    int rc = NP_OK;
    if (!root)
        rc = bad(err, name, je.line > 0 ? je.line : 0, je.text);
    else if (!json_is_object(root))
        rc = bad(err, name, 1, "expected a JSON object");
    else if (too_deep(root, MAX_DEPTH + 1)) /* the members' values may nest MAX_DEPTH deep */
        rc = bad(err, name, 0, "nested too deeply");
    else if (!json_object_get(root, "files"))
        rc = bad(err, name, 0, "no \"files\" list");
    if (rc == NP_OK)
        rc = file_list(json_object_get(root, "files"), 1, out, &cap, name, err);
    const json_t *prev = root ? json_object_get(root, "previously_delivered") : NULL;
    if (rc == NP_OK && prev)
        rc = file_list(prev, 0, out, &cap, name, err);
    if (rc == NP_OK) {
        const json_t *partner = json_object_get(root, "partner"), *gen = json_object_get(root, "generated");
        out->partner = json_is_string(partner) ? dup_string(partner) : NULL;
        out->generated = json_is_string(gen) ? dup_string(gen) : NULL;
    }
    json_decref(root);
    if (rc != NP_OK) {
        np_received_free(out);
        return NP_ERR_INVALID;
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
