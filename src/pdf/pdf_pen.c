/* Text in the page content streams, written directly rather than through
 * libharu's text calls, so that it is small (issue 9, file size): one text
 * object (BT/ET) for as many lines as follow one another on a page, lines
 * placed relative to the previous one (TD, or T* for the same leading),
 * font, gray, scaling, letter and word spacing written only when they
 * change, each line's glyphs (spaces too: word spacing justifies) in one
 * string per font (pdf_codes.c: one byte a letter), and numbers in their
 * shortest form.  The pen remembers what
 * is in effect on the page it last wrote to; leaving that page (for another
 * page, or for a drawing that is not text) closes the text object, and a
 * page left for another page gets the defaults back so that the pen can
 * assume them when it returns. */
#include "pdf.h"

#include <hpdf_pages.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* A number with at most three decimals, no trailing zeros, no leading
 * "0" before the point ("12.375", ".5", "-.125", "9"). */
void pdf_pen_num(np_buf *b, double v)
{
    long long m = llround(v * 1000);
    if (m < 0) {
        np_buf_putc(b, '-');
        m = -m;
    }
    long long ip = m / 1000, fr = m % 1000;
    if (ip || !fr)
        np_buf_printf(b, "%lld", ip);
    if (fr) {
        char d[5];
        snprintf(d, sizeof d, ".%03lld", fr);
        size_t n = 4;
        while (d[n - 1] == '0')
            n--;
        np_buf_put(b, d, n);
    }
}

static void write_out(pdf_ctx *ctx, HPDF_Page page, np_buf *b)
{
    if (!b->len || !page)
        return;
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)b->data, (HPDF_UINT)b->len) != HPDF_OK)
        ctx->pen.failed = 1;
    np_buf_reset(b);
}

static void defaults(pdf_pen *pen)
{
    pen->font = NULL;
    pen->size = 0;
    pen->gray = 0;
    pen->tz = 100;
    pen->tc = 0;
    pen->tw = 0;
    pen->tl_known = 0;
}

void pdf_pen_end(pdf_ctx *ctx)
{
    pdf_pen *pen = &ctx->pen;
    if (!pen->in_text)
        return;
    np_buf b = NP_BUF_INIT;
    np_buf_puts(&b, "ET\n");
    write_out(ctx, pen->page, &b);
    np_buf_free(&b);
    pen->in_text = 0;
}

void pdf_pen_leave(pdf_ctx *ctx)
{
    pdf_pen *pen = &ctx->pen;
    pdf_pen_end(ctx);
    if (!pen->page)
        return;
    np_buf b = NP_BUF_INIT;
    if (pen->gray != 0)
        np_buf_puts(&b, "0 g\n");
    if (pen->tz != 100)
        np_buf_puts(&b, "100 Tz\n");
    if (pen->tc != 0)
        np_buf_puts(&b, "0 Tc\n");
    if (pen->tw != 0)
        np_buf_puts(&b, "0 Tw\n");
    write_out(ctx, pen->page, &b);
    np_buf_free(&b);
    pen->page = NULL;
    defaults(pen);
}

void pdf_pen_begin(pdf_ctx *ctx, HPDF_Page page, np_buf *out)
{
    pdf_pen *pen = &ctx->pen;
    if (pen->page != page) {
        pdf_pen_leave(ctx);
        pen->page = page;
        defaults(pen);
    }
    if (!pen->in_text) {
        np_buf_puts(out, "BT\n");
        pen->in_text = 1;
        pen->lx = pen->ly = 0;
    }
}

void pdf_pen_state(pdf_ctx *ctx, double gray, double tz, double tc, double tw, np_buf *out)
{
    pdf_pen *pen = &ctx->pen;
    if (gray != pen->gray) {
        pdf_pen_num(out, gray);
        np_buf_puts(out, " g\n");
        pen->gray = gray;
    }
    if (tz != pen->tz) {
        pdf_pen_num(out, tz);
        np_buf_puts(out, " Tz\n");
        pen->tz = tz;
    }
    if (tc != pen->tc) {
        pdf_pen_num(out, tc);
        np_buf_puts(out, " Tc\n");
        pen->tc = tc;
    }
    if (tw != pen->tw) {
        pdf_pen_num(out, tw);
        np_buf_puts(out, " Tw\n");
        pen->tw = tw;
    }
}

int pdf_pen_font(pdf_ctx *ctx, HPDF_Font font, double size, np_buf *out)
{
    pdf_pen *pen = &ctx->pen;
    if (font == pen->font && size == pen->size)
        return 1;
    char name[PDF_FONT_NAME];
    if (!pdf_font_name(pen->page, font, name))
        return 0;
    np_buf_printf(out, "/%s ", name);
    pdf_pen_num(out, size);
    np_buf_puts(out, " Tf\n");
    pen->font = font;
    pen->size = size;
    return 1;
}

void pdf_pen_line(pdf_ctx *ctx, double x, double y, np_buf *out)
{
    pdf_pen *pen = &ctx->pen;
    /* in thousandths of a point, as written: a place of the layout is
     * always the same number, and moves add up exactly */
    long long tx = llround(x * 1000), ty = llround(floor(y * 8 + 0.5) * 125);
    long long dx = tx - pen->lx, dy = ty - pen->ly;
    if (dx == 0 && pen->tl_known && dy == -pen->tl) {
        np_buf_puts(out, "T*\n");
    } else {
        pdf_pen_num(out, (double)dx / 1000);
        np_buf_putc(out, ' ');
        pdf_pen_num(out, (double)dy / 1000);
        np_buf_puts(out, " TD\n"); /* TD also sets the leading for T* */
        pen->tl = -dy;
        pen->tl_known = 1;
    }
    pen->lx = tx;
    pen->ly = ty;
}

void pdf_pen_flush(pdf_ctx *ctx, np_buf *out)
{
    write_out(ctx, ctx->pen.page, out);
}
