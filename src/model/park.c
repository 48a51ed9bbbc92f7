/* Parking bodies in a temporary file (newsprint/park.h).
 *
 * The compact form: a list is its length, then its members; a block is its
 * kind and numbers, five strings, its inlines and its children; an inline
 * is its kind, two strings and its children.  Numbers are unsigned LEB128
 * (signed ones zigzagged), a string its length plus one (0: NULL) and its
 * bytes.  The spool is private to the process and read back by the code
 * that wrote it, but a read is still checked: a short or damaged record is
 * an error, never a wild read. */
#include "newsprint/park.h"
#include "park_priv.h"
#include "util/alloc.h"
#include "util/tempfile.h"
#include "util/arena.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_DEPTH = 512 }; /* deeper than any body the reader builds */
/* Parked bytes are gathered up to this before they are written: a
 * digest parks thousands of items of a few kilobytes, and a write call
 * costs several microseconds on a virtual machine. */
enum { TAIL_MAX = 64 * 1024 };

struct np_body_spool {
    int fd;
    pthread_mutex_t lock;
    uint64_t end;     /* bytes parked */
    uint64_t on_disk; /* of which in the file; the others are in `tail` */
    np_buf tail;      /* kept in memory for good once a write failed */
    int failed;       /* errno of the write that failed; later ones fail too */
};

np_body_spool *np_body_spool_new(np_error *err)
{
    np_buf path = NP_BUF_INIT;
    int fd = np_temp_anonymous("newsprint-park", &path);
    if (fd < 0)
        np_error_set(err, NP_ERR_IO, path.data, 0, "cannot make a temporary file: %s",
                     strerror(errno));
    np_buf_free(&path);
    if (fd < 0)
        return NULL;
    np_body_spool *s = np_xcalloc(1, sizeof *s);
    s->fd = fd;
    pthread_mutex_init(&s->lock, NULL);
    return s;
}

void np_body_spool_free(np_body_spool *s)
{
    if (!s)
        return;
    close(s->fd);
    pthread_mutex_destroy(&s->lock);
    np_buf_free(&s->tail);
    free(s);
}

/* ---- writing the compact form ----------------------------------------- */

static void put_num(np_buf *out, uint64_t v)
{
    do {
        unsigned char c = v & 0x7f;
        v >>= 7;
        np_buf_putc(out, (char)(c | (v ? 0x80 : 0)));
    } while (v);
}

static void put_int(np_buf *out, long v)
{
    put_num(out, v < 0 ? ((uint64_t)(-(v + 1)) << 1) | 1 : (uint64_t)v << 1);
}

static void put_str(np_buf *out, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    put_num(out, s ? (uint64_t)n + 1 : 0);
    np_buf_put(out, s, n);
}

static void put_inlines(np_buf *out, const np_inline *in)
{
    size_t n = 0;
    for (const np_inline *k = in; k; k = k->next)
        n++;
    put_num(out, n);
    for (; in; in = in->next) {
        put_num(out, (uint64_t)in->kind);
        put_str(out, in->text);
        put_str(out, in->href);
        put_inlines(out, in->children);
    }
}

static void put_blocks(np_buf *out, const np_block *b)
{
    size_t n = 0;
    for (const np_block *k = b; k; k = k->next)
        n++;
    put_num(out, n);
    for (; b; b = b->next) {
        put_num(out, (uint64_t)b->kind);
        put_int(out, b->level);
        put_int(out, b->ordered);
        put_int(out, b->header);
        put_int(out, b->width);
        put_int(out, b->height);
        put_int(out, b->line);
        put_str(out, b->src);
        put_str(out, b->alt);
        put_str(out, b->credit);
        put_str(out, b->lang);
        put_str(out, b->dir);
        put_inlines(out, b->inl);
        put_blocks(out, b->children);
    }
}

void np_body_freeze(const np_block *body, np_buf *out)
{
    np_buf_reset(out);
    put_blocks(out, body);
}

/* ---- reading it back ---------------------------------------------------- */

typedef struct reader {
    const unsigned char *p, *end;
    np_arena *a;
    int bad;
    int figures; /* numbered in document order, as the outline's */
} reader;

static uint64_t get_num(reader *r)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) {
            r->bad = 1;
            return 0;
        }
        unsigned char c = *r->p++;
        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80))
            return v;
    }
    r->bad = 1;
    return 0;
}

static long get_int(reader *r)
{
    uint64_t z = get_num(r);
    return z & 1 ? -(long)(z >> 1) - 1 : (long)(z >> 1);
}

static const char *get_str(reader *r)
{
    uint64_t n = get_num(r);
    if (!n || r->bad)
        return NULL;
    if (n - 1 > (uint64_t)(r->end - r->p)) {
        r->bad = 1;
        return NULL;
    }
    const char *s = np_arena_strndup(r->a, (const char *)r->p, (size_t)(n - 1));
    r->p += n - 1;
    return s;
}

/* A count no larger than the bytes left (each member takes at least one). */
static size_t get_count(reader *r)
{
    uint64_t n = get_num(r);
    if (n > (uint64_t)(r->end - r->p))
        r->bad = 1;
    return r->bad ? 0 : (size_t)n;
}

static np_inline *get_inlines(reader *r, int depth)
{
    size_t n = get_count(r);
    if (depth > MAX_DEPTH)
        r->bad = 1;
    np_inline *head = NULL, **tail = &head;
    for (size_t i = 0; i < n && !r->bad; i++) {
        np_inline *in = NP_ANEW(r->a, np_inline);
        uint64_t kind = get_num(r);
        if (kind > NP_INL_BREAK)
            r->bad = 1;
        in->kind = (np_inline_kind)kind;
        in->text = get_str(r);
        in->href = get_str(r);
        in->children = get_inlines(r, depth + 1);
        *tail = in;
        tail = &in->next;
    }
    return head;
}

static int small(long v)
{
    return v >= -1000000000L && v <= 1000000000L;
}

static np_block *get_blocks(reader *r, int depth)
{
    size_t n = get_count(r);
    if (depth > MAX_DEPTH)
        r->bad = 1;
    np_block *head = NULL, **tail = &head;
    for (size_t i = 0; i < n && !r->bad; i++) {
        np_block *b = NP_ANEW(r->a, np_block);
        uint64_t kind = get_num(r);
        if (kind > NP_BLK_PRE)
            r->bad = 1;
        b->kind = (np_block_kind)kind;
        long level = get_int(r), ordered = get_int(r), header = get_int(r), width = get_int(r),
             height = get_int(r);
        if (!small(level) || !small(ordered) || !small(header) || !small(width) || !small(height))
            r->bad = 1;
        b->level = (int)level;
        b->ordered = (int)ordered;
        b->header = (int)header;
        b->width = (int)width;
        b->height = (int)height;
        b->line = get_int(r);
        b->src = get_str(r);
        b->alt = get_str(r);
        b->credit = get_str(r);
        b->lang = get_str(r);
        b->dir = get_str(r);
        if (b->kind == NP_BLK_FIGURE)
            b->seq = ++r->figures;
        b->inl = get_inlines(r, depth + 1);
        b->children = get_blocks(r, depth + 1);
        *tail = b;
        tail = &b->next;
    }
    return head;
}

/* ---- parking ----------------------------------------------------------- */

/* `len` bytes into the spool's file at `at`; 0, or -1 with s->failed set. */
static int put_file(np_body_spool *s, const char *data, size_t len, uint64_t at)
{
    size_t done = 0;
    while (done < len) {
        ssize_t w = pwrite(s->fd, data + done, len - done, (off_t)(at + done));
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            s->failed = w < 0 && errno ? errno : ENOSPC;
            return -1;
        }
        done += (size_t)w;
    }
    return 0;
}

/* Under the lock: the gathered bytes into the file (on failure they stay
 * in memory, readable). */
static int flush_tail(np_body_spool *s)
{
    if (!s->tail.len)
        return 0;
    if (put_file(s, s->tail.data, s->tail.len, s->on_disk) < 0)
        return -1;
    s->on_disk += s->tail.len;
    np_buf_reset(&s->tail);
    return 0;
}

int np_spool_write(np_body_spool *s, const np_buf *frozen, np_parked *pk, const char *file,
                   long line, np_error *err)
{
    pthread_mutex_lock(&s->lock);
    uint64_t at = s->end;
    int ok = !s->failed;
    if (ok && frozen->len >= TAIL_MAX) {
        /* a large one goes straight to the file, after those gathered */
        ok = flush_tail(s) == 0 && put_file(s, frozen->data, frozen->len, at) == 0;
        if (ok)
            s->on_disk += frozen->len;
    } else if (ok) {
        np_buf_put(&s->tail, frozen->data, frozen->len);
        if (s->tail.len >= TAIL_MAX)
            flush_tail(s); /* failing, the gathered bytes (this one's too) stay */
    }
    if (ok)
        s->end += frozen->len;
    int failed = s->failed;
    pthread_mutex_unlock(&s->lock);
    if (!ok)
        return np_error_set(err, NP_ERR_IO, file, line,
                            "cannot park the body in a temporary file: %s", strerror(failed));
    pk->spool = s;
    pk->at = at;
    pk->len = frozen->len;
    pk->base = 0;
    return NP_OK;
}

np_parked *np_body_spool_put(np_body_spool *s, np_arena *a, const np_buf *frozen, const char *file,
                             long line, np_error *err)
{
    np_parked where;
    if (np_spool_write(s, frozen, &where, file, line, err) != NP_OK)
        return NULL;
    np_parked *pk = NP_ANEW(a, np_parked);
    *pk = where;
    return pk;
}

unsigned char *np_parked_read(const np_parked *pk)
{
    unsigned char *bytes = np_xmalloc(pk->len ? pk->len : 1);
    np_body_spool *s = pk->spool;
    pthread_mutex_lock(&s->lock);
    int gathered = pk->at >= s->on_disk; /* not written yet */
    if (gathered && pk->len)
        memcpy(bytes, s->tail.data + (pk->at - s->on_disk), pk->len);
    pthread_mutex_unlock(&s->lock);
    if (gathered)
        return bytes;
    size_t done = 0;
    while (done < pk->len) {
        ssize_t n = pread(pk->spool->fd, bytes + done, pk->len - done, (off_t)(pk->at + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    if (done != pk->len) {
        free(bytes);
        return NULL;
    }
    return bytes;
}

int np_item_body_open(const np_item *it, const np_block **body, np_body_loan *loan, np_error *err)
{
    loan->arena = NULL;
    *body = it->body;
    if (it->body || !it->parked)
        return NP_OK;
    const np_parked *pk = it->parked;
    unsigned char *bytes = np_parked_read(pk);
    reader r = {bytes, bytes + pk->len, np_arena_new_bulk(), !bytes, 0};
    np_block *b = r.bad ? NULL : get_blocks(&r, 0);
    free(bytes);
    if (r.bad || r.p != r.end) {
        np_arena_free(r.a);
        return np_error_set(err, NP_ERR_IO, it->source, it->line,
                            "cannot read the parked body back from its temporary file");
    }
    loan->arena = r.a;
    *body = b;
    return NP_OK;
}

void np_item_body_close(np_body_loan *loan)
{
    np_arena_free(loan->arena);
    loan->arena = NULL;
}
