/* Growable byte buffer. */
#include "newsprint/buf.h"
#include "alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void np_buf_grow(np_buf *b, size_t extra)
{
    if (extra >= (size_t)-1 / 2 - b->len)
        np_oom();
    NP_GROW_TO(b->data, b->len + extra + 1, b->cap, 64);
}

void np_buf_put(np_buf *b, const void *p, size_t n)
{
    np_buf_grow(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void np_buf_puts(np_buf *b, const char *s)
{
    if (s)
        np_buf_put(b, s, strlen(s));
}

void np_buf_putc(np_buf *b, int c)
{
    np_buf_grow(b, 1);
    b->data[b->len++] = (char)c;
    b->data[b->len] = '\0';
}

void np_buf_repeat(np_buf *b, int c, size_t n)
{
    np_buf_grow(b, n);
    memset(b->data + b->len, c, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void np_buf_vprintf(np_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    char probe[1];
    int n = vsnprintf(probe, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    np_buf_grow(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void np_buf_printf(np_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    np_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void np_buf_reset(np_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void np_buf_truncate(np_buf *b, size_t len)
{
    if (len < b->len) {
        b->len = len;
        b->data[len] = '\0';
    }
}

void np_buf_rtrim(np_buf *b)
{
    while (b->len && strchr(" \t\r\n", b->data[b->len - 1]))
        b->len--;
    if (b->data)
        b->data[b->len] = '\0';
}

char *np_buf_detach(np_buf *b)
{
    char *p = b->data;
    if (!p) {
        p = malloc(1);
        if (!p)
            np_oom();
        p[0] = '\0';
    }
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

const char *np_buf_cstr(const np_buf *b)
{
    return b->data ? b->data : "";
}

void np_buf_free(np_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
