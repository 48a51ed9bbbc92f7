/* EPUB converter: OCF container with libzip, written to a temporary file
 * (a digest of a large archive is tens of megabytes: it is not held in
 * memory), and so are its parts' deflated bytes. */
#include "epub_zip.h"
#include "epub_zip_target.h"
#include "util/alloc.h"
#include "util/tempfile.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

enum {
    DEFLATE_LEVEL = 9,        /* zlib's best: a digest is written once and read many times */
    PENDING_MAX = 1024 * 1024 /* bytes of documents held before they are deflated */
};

/* An entry of a part: its document until the part is closed, then where
 * its deflated bytes are in the part's file. */
typedef struct part_entry {
    char *name;
    np_buf data;       /* until closed */
    uint32_t crc;      /* CRC-32 of the document */
    uint64_t size;     /* its length */
    uint64_t csize;    /* deflated (stored when the document is empty) */
    uint64_t offset;   /* of the deflated bytes in the part's file */
} part_entry;

struct ep_part {
    int fd; /* unnamed temporary file: the entries' deflated bytes back to back */
    part_entry *v;
    size_t n, cap;
    int closed;
    struct ep_part *next; /* the container's list of parts */
};

/* What zip_close() reads of the parts' files, a block at a time: their
 * entries come in the order they lie in the files, and one read per entry
 * (thousands of system calls while nothing else runs) would not do. */
typedef struct part_reader {
    const ep_part *pt; /* whose bytes buf holds (NULL: none) */
    uint64_t off;      /* where in its file they start */
    size_t len;
    unsigned char *buf; /* READ_BLOCK bytes, allocated at the first read */
} part_reader;

struct ep_ocf {
    char *path; /* the temporary file the archive is written to */
    int fd;     /* open on it (-1: none) */
    part_reader reader;
    zip_t *za;
    time_t mtime;   /* as libzip takes it (see dos_time) */
    ep_part *parts; /* read from at zip_close(): freed after it */
    /* Documents added one by one go through a part too: libzip would hold
     * each one's bytes until the container is finished (the front page and
     * the nav of a large digest are megabytes). */
    ep_part *pending;
    size_t pending_bytes;
};

static int flush_pending(ep_ocf *o, np_error *err);

/* Zip entries carry an MS-DOS date and time without a zone, and libzip
 * converts with localtime_r().  Hand it the instant whose local broken-down
 * time is the UTC one of `t`, so the archive is the same in every zone.
 * Digests are written on several threads at once (archive runs): gmtime_r,
 * and mktime, which POSIX requires to be thread-safe (glibc reads the zone
 * under its own lock; nothing here sets TZ). */
static time_t dos_time(int64_t t)
{
    const int64_t lo = 315532800;  /* 1980-01-01T00:00:00Z */
    const int64_t hi = 4354819198; /* 2107-12-31T23:59:58Z */
    if (t < lo)
        t = lo;
    if (t > hi)
        t = hi;
    time_t tt = (time_t)t;
    struct tm g;
    if (!gmtime_r(&tt, &g))
        return tt;
    g.tm_isdst = -1;
    time_t u = mktime(&g);
    return u == (time_t)-1 ? tt : u;
}

static int zip_fail(np_error *err, const char *what, zip_error_t *ze)
{
    return np_error_set(err, NP_ERR_INTERNAL, NULL, 0, "EPUB container: %s: %s", what,
                        ze ? zip_error_strerror(ze) : "failed");
}

static const char temp_prefix[] = "newsprint-epub-";

/* Temporaries are named newsprint-epub-PID-XXXXXX (libzip adds a suffix of
 * its own while it writes).  Those of a process that no longer runs were
 * left by a killed run: once per process, remove them (regular files of our
 * own user only; a live or unknown PID is left alone). */
static void remove_stale_temps(void)
{
    const char *dir = np_temp_dir();
    DIR *d = opendir(dir);
    if (!d)
        return;
    size_t plen = sizeof temp_prefix - 1;
    np_buf path = NP_BUF_INIT;
    for (struct dirent *e; (e = readdir(d));) {
        const char *n = e->d_name;
        if (strncmp(n, temp_prefix, plen) != 0)
            continue;
        char *end;
        errno = 0;
        long pid = strtol(n + plen, &end, 10);
        if (errno || end == n + plen || *end != '-' || pid <= 0 || pid == (long)getpid())
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        struct stat st;
        np_buf_reset(&path);
        np_buf_printf(&path, "%s/%s", dir, n);
        if (lstat(path.data, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid())
            (void)unlink(path.data);
    }
    closedir(d);
    np_buf_free(&path);
}

/* A new empty file for the archive, open on `*fd`: in $TMPDIR, else /tmp.
 * Its name, or NULL on failure (err filled).  The name holds our process's
 * number (see remove_stale_temps()). */
static char *temp_file(int *fd, np_error *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, remove_stale_temps);
    const char *dir = np_temp_dir();
    np_buf b = NP_BUF_INIT;
    np_buf_printf(&b, "%s/%s%ld-XXXXXX", dir, temp_prefix, (long)getpid());
    *fd = mkstemp(b.data);
    if (*fd < 0) {
        np_error_set(err, NP_ERR_IO, NULL, 0,
                     "EPUB container: cannot create a temporary file in %s", dir);
        np_buf_free(&b);
        return NULL;
    }
    return np_buf_detach(&b);
}

/* A new archive written to the file open on `fd` (see ep_zip_target()): no
 * temporary file of libzip's own renamed over it either, which ext4 would
 * sync (its guard for programs that replace a file without fsync), a disk
 * write of the whole digest. */
static zip_t *new_zip(int fd, np_error *err)
{
    zip_error_t e;
    zip_error_init(&e);
    zip_source_t *src = ep_zip_target(fd, &e);
    zip_t *za = src ? zip_open_from_source(src, ZIP_CREATE | ZIP_EXCL, &e) : NULL;
    if (!za) {
        zip_source_free(src);
        zip_fail(err, "cannot create", &e);
    }
    zip_error_fini(&e);
    return za;
}

ep_ocf *ep_ocf_new(int64_t mtime, np_error *err)
{
    ep_ocf *o = np_xcalloc(1, sizeof *o);
    o->fd = -1;
    o->mtime = dos_time(mtime);
    o->path = temp_file(&o->fd, err);
    if (!o->path || !(o->za = new_zip(o->fd, err))) {
        ep_ocf_free(o);
        return NULL;
    }
    np_buf mt = NP_BUF_INIT;
    np_buf_puts(&mt, "application/epub+zip");
    int rc = ep_ocf_add(o, "mimetype", &mt, 0, err);
    np_buf_free(&mt);
    if (rc != NP_OK) {
        ep_ocf_free(o);
        return NULL;
    }
    return o;
}

/* `data` (taken over; empty after) as the archive's entry `name`: its index,
 * or -1 with `err` filled. */
static zip_int64_t add_buffer(zip_t *za, const char *name, np_buf *data, np_error *err)
{
    size_t len = data->len;
    void *bytes = np_buf_detach(data); /* NULL when empty */
    zip_source_t *src = zip_source_buffer(za, bytes, len, 1);
    if (!src) {
        free(bytes);
        zip_fail(err, name, zip_get_error(za));
        return -1;
    }
    zip_int64_t idx = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(src);
        zip_fail(err, name, zip_get_error(za));
    }
    return idx;
}

int ep_ocf_add(ep_ocf *o, const char *name, np_buf *data, int deflate, np_error *err)
{
    if (deflate) {
        int rc = NP_OK;
        if (!o->pending && !(o->pending = ep_part_new(err)))
            return NP_ERR_INTERNAL;
        o->pending_bytes += data->len;
        rc = ep_part_add(o->pending, name, data, err);
        if (rc == NP_OK && o->pending_bytes > PENDING_MAX)
            rc = flush_pending(o, err);
        return rc;
    }
    int rc = flush_pending(o, err); /* entries stay in the order they came */
    if (rc != NP_OK)
        return rc;
    zip_int64_t idx = add_buffer(o->za, name, data, err);
    if (idx < 0)
        return NP_ERR_INTERNAL; /* reported */
    zip_uint64_t i = (zip_uint64_t)idx;
    if (zip_set_file_compression(o->za, i, deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
                                 DEFLATE_LEVEL) < 0 ||
        zip_file_set_mtime(o->za, i, o->mtime, 0) < 0 ||
        zip_file_set_external_attributes(o->za, i, 0, ZIP_OPSYS_UNIX, 0100644u << 16) < 0)
        return zip_fail(err, name, zip_get_error(o->za));
    return NP_OK;
}

/* ---- parts ------------------------------------------------------------- */

/* A part deflates its documents itself, with libzip's settings (zlib's best
 * level, no header, a 32 KB window, memLevel 9), into a file of its own,
 * and the container takes the deflated bytes through a source that says
 * so (part_source()): libzip copies them as they are.  libzip would start a
 * new zlib stream (a quarter of a megabyte, cleared) for every entry, write
 * each part as a zip archive and read it back; one stream per part, reset
 * for each entry, and one unnamed file do. */

ep_part *ep_part_new(np_error *err)
{
    ep_part *pt = np_xcalloc(1, sizeof *pt);
    if ((pt->fd = np_temp_anonymous("newsprint-part", NULL)) < 0) {
        np_error_set(err, NP_ERR_IO, NULL, 0,
                     "EPUB container: cannot create a temporary file in %s", np_temp_dir());
        free(pt);
        return NULL;
    }
    return pt;
}

int ep_part_add(ep_part *pt, const char *name, np_buf *data, np_error *err)
{
    (void)err;
    NP_GROW_POW2(pt->v, pt->n);
    part_entry *e = &pt->v[pt->n++];
    memset(e, 0, sizeof *e);
    e->name = np_xstrdup(name);
    e->data = *data;
    memset(data, 0, sizeof *data);
    return NP_OK;
}

/* The deflated bytes on their way to a part's file: written when the
 * buffer is full, not once per entry (a digest has thousands). */
typedef struct part_out {
    int fd;
    unsigned char *buf;
    size_t size, used;
    uint64_t at; /* the file's length: where buf goes */
} part_out;

static int part_out_flush(part_out *po)
{
    if (po->used && pwrite(po->fd, po->buf, po->used, (off_t)po->at) != (ssize_t)po->used)
        return -1;
    po->at += po->used;
    po->used = 0;
    return 0;
}

/* Deflate `e`'s document onto the end of the part's bytes. */
static int deflate_entry(z_stream *zs, part_entry *e, part_out *po)
{
    const unsigned char *in = (const unsigned char *)e->data.data;
    e->size = e->data.len;
    e->crc = (uint32_t)crc32_z(0, in, (z_size_t)e->size);
    e->offset = po->at + po->used;
    if (!e->size)
        return 0; /* stored, as libzip does */
    if (deflateReset(zs) != Z_OK)
        return -1;
    size_t left = e->size;
    int flush;
    do {
        uInt chunk = left > (1u << 30) ? 1u << 30 : (uInt)left;
        zs->next_in = (Bytef *)in;
        zs->avail_in = chunk;
        in += chunk;
        left -= chunk;
        flush = left ? Z_NO_FLUSH : Z_FINISH;
        int r;
        do {
            zs->next_out = po->buf + po->used;
            zs->avail_out = (uInt)(po->size - po->used);
            r = deflate(zs, flush);
            if (r == Z_STREAM_ERROR)
                return -1;
            po->used = po->size - zs->avail_out;
            if (po->used == po->size && part_out_flush(po) < 0)
                return -1;
        } while (zs->avail_out == 0 || (flush == Z_FINISH && r != Z_STREAM_END));
    } while (flush != Z_FINISH);
    e->csize = po->at + po->used - e->offset;
    return 0;
}

int ep_part_close(ep_part *pt, np_error *err)
{
    if (pt->closed)
        return NP_OK;
    pt->closed = 1;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    /* libzip's: best level, raw deflate, 32 KB window, memLevel 9 */
    if (deflateInit2(&zs, DEFLATE_LEVEL, Z_DEFLATED, -MAX_WBITS, MAX_MEM_LEVEL,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        return np_error_set(err, NP_ERR_MEMORY, NULL, 0, "EPUB container: zlib cannot start");
    enum { OUT = 64 * 1024 };
    part_out po = {pt->fd, np_xmalloc(OUT), OUT, 0, 0};
    const char *failed = NULL; /* the entry being written when a write failed */
    for (size_t i = 0; i < pt->n; i++) {
        if (!failed && deflate_entry(&zs, &pt->v[i], &po) < 0)
            failed = pt->v[i].name;
        np_buf_free(&pt->v[i].data); /* each document goes as soon as it is deflated */
    }
    if (!failed && pt->n && part_out_flush(&po) < 0)
        failed = pt->v[pt->n - 1].name;
    int rc = NP_OK;
    if (failed)
        rc = np_error_set(err, NP_ERR_IO, failed, 0,
                          "EPUB container: cannot write a temporary file in %s", np_temp_dir());
    deflateEnd(&zs);
    free(po.buf);
    return rc;
}

enum { READ_BLOCK = 64 * 1024 };

/* Up to `n` bytes of `pt`'s file from `off` into `data` (no more than a
 * block: libzip asks again): how many, 0 at its end, -1 on failure. */
static ssize_t part_read(part_reader *r, const ep_part *pt, uint64_t off, void *data, size_t n)
{
    if (r->pt != pt || off < r->off || off >= r->off + r->len) {
        if (!r->buf)
            r->buf = np_xmalloc(READ_BLOCK);
        r->pt = NULL;
        ssize_t got = pread(pt->fd, r->buf, READ_BLOCK, (off_t)off);
        if (got <= 0)
            return got;
        r->pt = pt;
        r->off = off;
        r->len = (size_t)got;
    }
    size_t at = (size_t)(off - r->off), have = r->len - at;
    if (n > have)
        n = have;
    memcpy(data, r->buf + at, n);
    return (ssize_t)n;
}

/* libzip's view of a closed part's entry: deflated bytes it copies. */
typedef struct part_source {
    part_reader *reader; /* the container's */
    const ep_part *pt;
    const part_entry *e;
    uint64_t pos;
    zip_error_t error;
} part_source;

static zip_int64_t part_source_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    part_source *ps = ud;
    const part_entry *e = ps->e;
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        ps->pos = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        uint64_t left = e->csize - ps->pos;
        size_t n = len < left ? (size_t)len : (size_t)left;
        if (!n)
            return 0;
        ssize_t got = part_read(ps->reader, ps->pt, e->offset + ps->pos, data, n);
        if (got <= 0) {
            zip_error_set(&ps->error, ZIP_ER_READ, errno);
            return -1;
        }
        ps->pos += (uint64_t)got;
        return got;
    }
    case ZIP_SOURCE_CLOSE:
        return 0;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = data;
        zip_stat_init(st);
        st->valid |= ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC |
                     ZIP_STAT_ENCRYPTION_METHOD;
        st->size = e->size;
        st->comp_size = e->csize;
        st->comp_method = e->size ? ZIP_CM_DEFLATE : ZIP_CM_STORE;
        st->crc = e->crc;
        st->encryption_method = ZIP_EM_NONE;
        return sizeof *st;
    }
    case ZIP_SOURCE_GET_FILE_ATTRIBUTES: {
        /* what libzip's deflate says of its entries: version 2.0, and the
         * general purpose bits that tell the best level */
        zip_file_attributes_t *a = data;
        if (e->size) {
            a->valid |= ZIP_FILE_ATTRIBUTES_VERSION_NEEDED |
                        ZIP_FILE_ATTRIBUTES_GENERAL_PURPOSE_BIT_FLAGS;
            a->version_needed = 20;
            a->general_purpose_bit_flags = 2;
            a->general_purpose_bit_mask = 6;
        }
        return sizeof *a;
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&ps->error, data, len);
    case ZIP_SOURCE_FREE:
        zip_error_fini(&ps->error);
        free(ps);
        return 0;
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
                                              ZIP_SOURCE_GET_FILE_ATTRIBUTES, -1);
    default:
        zip_error_set(&ps->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

ep_part *ep_ocf_take_pending(ep_ocf *o)
{
    ep_part *pt = o->pending;
    o->pending = NULL;
    o->pending_bytes = 0;
    return pt;
}

/* The documents held so far into the container. */
static int flush_pending(ep_ocf *o, np_error *err)
{
    ep_part *pt = o->pending;
    if (!pt)
        return NP_OK;
    o->pending = NULL;
    o->pending_bytes = 0;
    int rc = ep_part_close(pt, err);
    if (rc != NP_OK) {
        ep_part_free(pt);
        return rc;
    }
    return ep_ocf_add_part(o, pt, err);
}

int ep_ocf_add_part(ep_ocf *o, ep_part *pt, np_error *err)
{
    if (o->pending && pt != o->pending) {
        int rc = flush_pending(o, err);
        if (rc != NP_OK) {
            ep_part_free(pt);
            return rc;
        }
    }
    pt->next = o->parts;
    o->parts = pt;
    for (size_t k = 0; k < pt->n; k++) {
        const char *name = pt->v[k].name;
        part_source *ps = np_xcalloc(1, sizeof *ps);
        ps->reader = &o->reader;
        ps->pt = pt;
        ps->e = &pt->v[k];
        zip_error_init(&ps->error);
        zip_source_t *src = zip_source_function(o->za, part_source_cb, ps);
        if (!src) {
            zip_error_fini(&ps->error);
            free(ps);
            return zip_fail(err, name, zip_get_error(o->za));
        }
        zip_int64_t idx = zip_file_add(o->za, name, src, ZIP_FL_ENC_UTF_8);
        if (idx < 0) {
            zip_source_free(src);
            return zip_fail(err, name, zip_get_error(o->za));
        }
        zip_uint64_t i = (zip_uint64_t)idx;
        if (zip_file_set_mtime(o->za, i, o->mtime, 0) < 0 ||
            zip_file_set_external_attributes(o->za, i, 0, ZIP_OPSYS_UNIX, 0100644u << 16) < 0)
            return zip_fail(err, name, zip_get_error(o->za));
    }
    return NP_OK;
}

void ep_part_free(ep_part *pt)
{
    if (!pt)
        return;
    for (size_t i = 0; i < pt->n; i++) {
        free(pt->v[i].name);
        np_buf_free(&pt->v[i].data);
    }
    free(pt->v);
    if (pt->fd >= 0)
        close(pt->fd);
    free(pt);
}

static void free_parts(ep_ocf *o)
{
    while (o->parts) {
        ep_part *next = o->parts->next;
        ep_part_free(o->parts);
        o->parts = next;
    }
}

int ep_ocf_finish(ep_ocf *o, FILE **out, np_error *err)
{
    *out = NULL;
    int rc = flush_pending(o, err);
    if (rc != NP_OK) {
        ep_ocf_free(o);
        return rc;
    }
    if (zip_close(o->za) < 0) {
        rc = zip_fail(err, "cannot write", zip_get_error(o->za));
        zip_discard(o->za);
    }
    o->za = NULL;
    free_parts(o); /* their bytes are in the file now */
    free(o->reader.buf);
    o->reader = (part_reader){0};
    if (rc == NP_OK && (lseek(o->fd, 0, SEEK_SET) != 0 || !(*out = fdopen(o->fd, "rb"))))
        rc = np_error_set(err, NP_ERR_IO, NULL, 0, "EPUB container: cannot read back %s", o->path);
    if (*out)
        o->fd = -1; /* the stream's now */
    ep_ocf_free(o); /* removes the name; the open file stays readable */
    return rc;
}

void ep_ocf_free(ep_ocf *o)
{
    if (!o)
        return;
    if (o->za)
        zip_discard(o->za);
    ep_part_free(o->pending);
    free_parts(o);
    free(o->reader.buf);
    if (o->fd >= 0)
        close(o->fd);
    if (o->path) {
        (void)unlink(o->path);
        free(o->path);
    }
    free(o);
}
