/* Finished pages out of memory: the content stream of a page that is
 * drawn moves to a temporary file of the document (in $TMPDIR, else /tmp;
 * unlinked as soon as it is made: nothing is left behind), and the page gets a libharu stream that reads it back when
 * the document is saved, where libharu compresses it as it would have.
 * What is drawn on the page later (jump lines, page numbers, crop marks)
 * is kept in memory after those bytes.  Without a temporary file the
 * pages stay in memory. */
#include "pdf.h"
#include "util/alloc.h"
#include "util/tempfile.h"

#include <errno.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct spilled {
    int fd;
    off_t off;   /* where the page's bytes start in the file */
    size_t len;  /* how many */
    np_buf tail; /* written after the move */
    size_t pos;  /* read position */
} spilled;

static HPDF_STATUS sp_write(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n)
{
    np_buf_put(&((spilled *)s->attr)->tail, p, n);
    return HPDF_OK;
}

static HPDF_STATUS sp_read(HPDF_Stream s, HPDF_BYTE *buf, HPDF_UINT *size)
{
    spilled *a = s->attr;
    size_t want = *size, got = 0;
    while (got < want && a->pos < a->len) {
        size_t n = a->len - a->pos < want - got ? a->len - a->pos : want - got;
        ssize_t r = pread(a->fd, buf + got, n, a->off + (off_t)a->pos);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return HPDF_SetError(s->error, HPDF_FILE_IO_ERROR, r < 0 ? (HPDF_STATUS)errno : 0);
        got += (size_t)r;
        a->pos += (size_t)r;
    }
    while (got < want && a->pos < a->len + a->tail.len) {
        size_t t = a->pos - a->len, n = a->tail.len - t;
        if (n > want - got)
            n = want - got;
        memcpy(buf + got, a->tail.data + t, n);
        got += n;
        a->pos += n;
    }
    *size = (HPDF_UINT)got;
    return got < want ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS sp_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
    spilled *a = s->attr;
    long long end = (long long)(a->len + a->tail.len), at = pos;
    if (mode == HPDF_SEEK_CUR)
        at += (long long)a->pos;
    else if (mode == HPDF_SEEK_END)
        at = end - pos; /* as libharu's memory streams count it */
    if (at < 0 || at > end)
        return HPDF_SetError(s->error, HPDF_STREAM_EOF, 0);
    a->pos = (size_t)at;
    return HPDF_OK;
}

static HPDF_INT32 sp_tell(HPDF_Stream s)
{
    return (HPDF_INT32)((spilled *)s->attr)->pos;
}

static HPDF_UINT32 sp_size(HPDF_Stream s)
{
    const spilled *a = s->attr;
    return (HPDF_UINT32)(a->len + a->tail.len);
}

static void sp_free(HPDF_Stream s)
{
    spilled *a = s->attr;
    if (a) {
        np_buf_free(&a->tail);
        free(a);
    }
    s->attr = NULL;
}

static int put_all(int fd, const void *p, size_t n, off_t at)
{
    const char *c = p;
    while (n) {
        ssize_t w = pwrite(fd, c, n, at);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        c += w;
        at += w;
        n -= (size_t)w;
    }
    return 0;
}

static FILE *spill_file(void)
{
    int fd = np_temp_anonymous("newsprint-pdf", NULL);
    FILE *fp = fd >= 0 ? fdopen(fd, "w+b") : NULL;
    if (!fp && fd >= 0)
        close(fd);
    return fp;
}

/* Move the bytes of memory stream `m` to the file; its replacement, or
 * NULL (nothing changed) when the file cannot take them. */
static HPDF_Stream spill_stream(pdf_ctx *ctx, HPDF_Stream m)
{
    if (m->type != HPDF_STREAM_MEMORY)
        return NULL;
    if (!ctx->spill_fp) {
        ctx->spill_fp = spill_file();
        if (!ctx->spill_fp)
            return NULL;
        ctx->spill_end = 0;
    }
    int fd = fileno(ctx->spill_fp);
    off_t off = (off_t)ctx->spill_end;
    size_t len = 0;
    for (HPDF_UINT i = 0; i < HPDF_MemStream_GetBufCount(m); i++) {
        HPDF_UINT n = 0;
        HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(m, i, &n);
        /* after a failed write the next page goes to the same place */
        if (!p || put_all(fd, p, n, off + (off_t)len) != 0)
            return NULL;
        len += n;
    }
    if (len != m->size)
        return NULL;
    HPDF_Stream s = HPDF_GetMem(m->mmgr, sizeof(HPDF_Stream_Rec));
    if (!s)
        return NULL;
    memset(s, 0, sizeof *s);
    spilled *a = np_xrealloc(NULL, sizeof *a);
    memset(a, 0, sizeof *a);
    a->fd = fd;
    a->off = off;
    a->len = len;
    s->sig_bytes = HPDF_STREAM_SIG_BYTES;
    s->type = HPDF_STREAM_CALLBACK;
    s->mmgr = m->mmgr;
    s->error = m->error;
    s->size = (HPDF_UINT)len;
    s->write_fn = sp_write;
    s->read_fn = sp_read;
    s->seek_fn = sp_seek;
    s->tell_fn = sp_tell;
    s->size_fn = sp_size;
    s->free_fn = sp_free;
    s->attr = a;
    ctx->spill_end = (long long)off + (long long)len;
    return s;
}

void pdf_spill_pages(pdf_ctx *ctx, size_t upto)
{
    for (; ctx->nspilled < upto && ctx->nspilled < ctx->npages; ctx->nspilled++) {
        HPDF_Page page = ctx->pages[ctx->nspilled].hp;
        HPDF_PageAttr attr = page ? (HPDF_PageAttr)page->attr : NULL;
        if (!attr || !attr->contents || attr->contents->stream != attr->stream)
            continue;
        HPDF_Stream s = spill_stream(ctx, attr->stream);
        if (!s)
            continue; /* it stays in memory */
        HPDF_Stream_Free(attr->stream);
        attr->stream = s;
        attr->contents->stream = s;
    }
}

HPDF_STATUS pdf_spill_replace(pdf_ctx *ctx, HPDF_Stream s, const np_buf *data)
{
    if (s->type == HPDF_STREAM_MEMORY || s->read_fn != sp_read) {
        HPDF_MemStream_FreeData(s);
        return HPDF_Stream_Write(s, (const HPDF_BYTE *)data->data, (HPDF_UINT)data->len);
    }
    spilled *a = s->attr;
    np_buf_reset(&a->tail);
    a->pos = 0;
    off_t at = (off_t)ctx->spill_end;
    if (put_all(a->fd, data->data, data->len, at) == 0) {
        a->off = at;
        a->len = data->len;
        s->size = (HPDF_UINT)data->len;
        ctx->spill_end += (long long)data->len;
        return HPDF_OK;
    }
    /* the file is full: in memory after all */
    a->len = 0;
    s->size = 0;
    return HPDF_Stream_Write(s, (const HPDF_BYTE *)data->data, (HPDF_UINT)data->len);
}

void pdf_spill_close(pdf_ctx *ctx)
{
    if (ctx->spill_fp)
        fclose(ctx->spill_fp);
    ctx->spill_fp = NULL;
}
