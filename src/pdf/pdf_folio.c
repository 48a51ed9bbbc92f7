/* A new page of the paper: its folio (page number, section, paper and
 * date over a hairline), a section head across the type area, and the
 * record of the rectangles the make-up filled for the layout report. */
#include "pdf.h"
#include "pdf_makeup.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

static void folio(mk *m)
{
    pdf_ctx *ctx = m->ctx;
    pdf_page *pg = &ctx->pages[m->page];
    double w = m->x1 - m->x0;
    np_buf a = NP_BUF_INIT, b = NP_BUF_INIT;
    np_buf_printf(&a, "%zu", pg->number);
    if (m->title && *m->title)
        np_buf_printf(&a, "   %s", m->title);
    np_buf_printf(&b, "%s   %s", ctx->st.paper, np_buf_cstr(&ctx->date_text));
    int odd = pg->number % 2 == 1;
    double h = ctx->st.r[R_FOLIO].leading;
    /* the page number in bold: a second paragraph would be needed; the
     * folio stays in one weight */
    mk_emit_text(m, R_FOLIO, a.data, odd ? PT_END : PT_START, m->x0, m->y0, w, h);
    mk_emit_text(m, R_FOLIO, b.data, odd ? PT_START : PT_END, m->x0, m->y0, w, h);
    mk_emit_rule(m, m->x0, m->y0 + h + 2, w, 0, ctx->st.g.rule);
    m->y = m->y0 + h + 2 + mk_leading(ctx);
    np_buf_free(&a);
    np_buf_free(&b);
}

void mk_new_page(mk *m, int section, const char *title)
{
    pdf_ctx *ctx = m->ctx;
    /* the pages so far are complete */
    pdf_flush(ctx, ctx->npages);
    m->section = section;
    m->title = title;
    m->page = pdf_page_add(ctx, section, title);
    ctx->pages[m->page].article = m->article;
    if (m->article) {
        size_t n = 0;
        for (size_t i = 0; i < ctx->npages; i++)
            if (ctx->pages[i].article == m->article)
                n++;
        ctx->pages[m->page].number = n;
    }
    pdf_type_area(ctx, m->page, &m->x0, &m->y0, &m->x1, &m->y1);
    if (section != -1) {
        folio(m);
        mk_report_area(m, -1, ctx->st.g.columns, m->x0, m->y0, m->x1 - m->x0, m->y - m->y0);
    } else {
        m->y = m->y0;
    }
    m->content_top = m->y;
    m->page_h = m->y1 - m->y;
}

void mk_section_header(mk *m, const char *title)
{
    pdf_ctx *ctx = m->ctx;
    double w = m->x1 - m->x0;
    mk_emit_rule(m, m->x0, m->y, w, 0, 2.5);
    m->y += 4;
    pt_para *p = mk_text_para(m, R_SECTION, title, PT_START, w);
    m->y = mk_emit_para(m, p, m->x0, m->y, w);
    m->y += 3;
    mk_emit_rule(m, m->x0, m->y, w, 0, ctx->st.g.rule);
    m->y += mk_leading(ctx);
    mk_report_area(m, -1, ctx->st.g.columns, m->x0, m->content_top, w, m->y - m->content_top);
    m->content_top = m->y;
}

void mk_report_area(mk *m, int story, int span, double x, double y, double w, double h)
{
    dl_obj *o = mk_add_box(m, DL_AREA, x, y, w, h);
    o->story = story;
    o->seg = span;
}
