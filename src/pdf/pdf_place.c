/* Placing stories on pages: a page is a stack of bands across the type
 * area.  A story band has the headline across all columns, the lead picture
 * across some of them, and the body in columns: balanced when the story ends
 * in the band, filled to the foot of the page with "Continued on page N"
 * when it does not (the rest starts the next page under a short headline
 * and "Continued from page M").  Short stories go together into a briefs
 * band, one column headline each.  Nothing is placed outside the type area
 * and bands never overlap: each starts where the previous one ended. */
#include "pdf.h"
#include "pdf_makeup.h"
#include "util/alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- pages --------------------------------------------------------------- */

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
    pt_para *pa = mk_text_para(m, R_FOLIO, a.data, odd ? PT_END : PT_START, w);
    pt_para *pb = mk_text_para(m, R_FOLIO, b.data, odd ? PT_START : PT_END, w);
    double h = ctx->st.r[R_FOLIO].leading;
    /* the page number in bold: a second paragraph would be needed; the
     * folio stays in one weight */
    mk_emit_line(m, pa, 0, m->x0, m->y0, w, h);
    mk_emit_line(m, pb, 0, m->x0, m->y0, w, h);
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
    m->have_page = 1;
    pdf_type_area(ctx, m->page, &m->x0, &m->y0, &m->x1, &m->y1);
    if (section != -1)
        folio(m);
    else
        m->y = m->y0;
    m->content_top = m->y;
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
    m->content_top = m->y;
}

/* ---- bands -------------------------------------------------------------- */

static void band_separator(mk *m)
{
    if (m->y <= m->content_top + 0.5)
        return;
    double gap = m->ctx->st.g.band_gap;
    mk_emit_rule(m, m->x0, m->y + gap / 2, m->x1 - m->x0, 0, m->ctx->st.g.rule);
    m->y += gap;
}

double mk_band_top(mk *m)
{
    return m->y <= m->content_top + 0.5 ? m->y : m->y + m->ctx->st.g.band_gap;
}

static void record_segment(mk *m, pdf_story *s, double y)
{
    if (s->nseg == 0)
        s->top_y = y;
    if (s->nseg < sizeof s->seg_page / sizeof s->seg_page[0])
        s->seg_page[s->nseg++] = m->page;
}

/* Continuation heading: short headline and "Continued from page M". */
static pt_para *cont_head(mk *m, pdf_story *s, double w)
{
    pt_para *p = pdf_para_new(m->ctx, &m->ctx->st.r[R_CONTHEAD]);
    p->story = s;
    p->rtl = s->rtl;
    p->align = PT_START;
    p->hyphenate = 0;
    p->keep = 1;
    pt_adds(p, s->short_head, 0);
    pt_finish(p);
    pt_break(p, w);
    return p;
}

/* A picture `width` wide, no taller than `maxh`, with its caption and
 * credit broken to that width: sets the figure's sizes, its height rounded
 * up to whole lines of `lead`. */
static void size_figure(pdf_figure *fig, double width, double maxh, double lead)
{
    double iw = width, ih = width * fig->pic->h / fig->pic->w;
    if (ih > maxh) {
        ih = maxh;
        iw = ih * fig->pic->w / fig->pic->h;
    }
    fig->w = width;
    fig->img_w = iw;
    fig->img_h = ih;
    double h = ih + 3;
    if (fig->caption) {
        pt_break(fig->caption, width);
        h += (double)pt_nlines(fig->caption) * fig->caption->role->leading;
    }
    if (fig->credit) {
        pt_break(fig->credit, width);
        h += (double)pt_nlines(fig->credit) * fig->credit->role->leading;
    }
    fig->h = ceil((h + 2) / lead - 1e-6) * lead;
}

/* Place story `s` from flow entry `from` in a band at the current position
 * with its foot at most `limit`.  Returns the entry reached (s->nfl when the
 * story ended); `from` when it could not start here.  `dry`: only find out. */
size_t mk_place_story(mk *m, pdf_story *s, size_t from, int rank, double limit, int dry,
                          int force)
{
    pdf_ctx *ctx = m->ctx;
    const pdf_geom *g = &ctx->st.g;
    int nc = g->columns;
    double cw = mk_colw(m), width = m->x1 - m->x0, L = mk_leading(ctx);
    double top = mk_band_top(m);
    double head_h;
    pt_para *ch = NULL;
    double jumpL = ctx->st.r[R_JUMP].leading;
    if (from == 0) {
        pdf_story_header(ctx, s, rank, width);
        head_h = pdf_story_header_h(ctx, s);
    } else {
        ch = cont_head(m, s, width);
        head_h = (double)pt_nlines(ch) * ch->role->leading + jumpL + L * 0.5;
    }
    int span = 0;
    double pic_h = 0;
    pdf_figure *fig = from == 0 ? s->lead_pic : NULL;
    if (fig) {
        span = g->pic_span < nc ? g->pic_span : nc;
        if (s->body_lines < (size_t)nc * 6 && nc >= 3)
            span = nc / 3 > 0 ? nc / 3 : 1;
        double pw = span * cw + (span - 1) * g->gutter;
        double maxh = (m->y1 - m->y0) * g->pic_max;
        if (maxh > limit - top - head_h - 2 * L)
            maxh = limit - top - head_h - 2 * L;
        if (maxh < 3 * L)
            return from;
        size_figure(fig, pw, maxh, L);
        pic_h = fig->h + L;
    }
    double body_top = top + head_h;
    if (body_top + 2 * L > limit + 0.01)
        return from;
    col cols[MAX_COLS];
    col_setup(m, cols, nc, s->rtl, body_top, limit);
    for (int c = 0; c < span; c++)
        cols[c].top += pic_h;
    size_t n = s->nfl;
    double foot = -1;
    size_t reached;
    int jump = 0;
    if (col_fill(m, s->fl, from, n, cols, nc, 0, force, 0, -1) >= n) {
        foot = col_balance(m, s->fl, from, n, cols, nc, &force);
        reached = n;
        double under = fig ? foot - (body_top + pic_h) : 0;
        if (fig && under > 0.5 && under < 4 * L - 0.5) {
            /* a line or two under the picture looks lost: none there, or
             * enough to read */
            col alt[MAX_COLS];
            memcpy(alt, cols, sizeof alt);
            for (int c = 0; c < nc; c++)
                alt[c].bottom = limit;
            for (int c = 0; c < span; c++)
                alt[c].top = limit;
            int f2 = force;
            double foot2 = span < nc ? col_balance(m, s->fl, from, n, alt, nc, &f2) : -1;
            if (foot2 > 0 && foot2 <= body_top + fig->h + 0.5) {
                memcpy(cols, alt, sizeof alt);
                force = f2;
                foot = foot2;
            } else if (body_top + pic_h + 4 * L <= limit) {
                for (int c = 0; c < nc; c++)
                    cols[c].bottom = body_top + pic_h + 4 * L;
                if (col_fill(m, s->fl, from, n, cols, nc, 0, force, 0, -1) >= n)
                    foot = body_top + pic_h + 4 * L;
            }
        }
    } else {
        jump = 1;
        col_setup(m, cols, nc, s->rtl, body_top, limit);
        for (int c = 0; c < span; c++)
            cols[c].top += pic_h;
        reached = col_fill(m, s->fl, from, n, cols, nc, jumpL, force, 0, -1);
        if (reached == from)
            return from;
        foot = limit;
    }
    if (fig && foot < body_top + fig->h)
        foot = body_top + fig->h;
    if (dry)
        return reached;

    /* emit */
    band_separator(m);
    int story = (int)s->index;
    record_segment(m, s, top);
    double y = top;
    if (from == 0) {
        y = mk_emit_para(m, s->head, m->x0, y, width);
        if (s->deck)
            y = mk_emit_para(m, s->deck, m->x0, y + 3, width);
        if (s->byline)
            y = mk_emit_para(m, s->byline, m->x0, y + 3, width);
    } else {
        y = mk_emit_para(m, ch, m->x0, y, width);
        dl_obj *o = pdf_dl_add(ctx, DL_JUMP_IN, m->page);
        o->x = m->x0;
        o->y = y;
        o->w = width;
        o->h = jumpL;
        o->story = story;
        o->seg = (int)s->nseg - 1;
        o->role = &ctx->st.r[R_JUMP];
        o->align = PT_START;
        o->base = mk_role_baseline(ctx, o->role, jumpL);
        y += jumpL;
    }
    if (fig) {
        double fx = cols[span - 1].x < cols[0].x ? cols[span - 1].x : cols[0].x;
        mk_emit_figure(m, fig, fx, body_top, fig->w, story);
    }
    for (int c = 0; c < nc; c++)
        cols[c].bottom = foot;
    size_t r2 = col_fill(m, s->fl, from, n, cols, nc, jump ? jumpL : 0, force, 1, story);
    (void)r2;
    col_rules(m, cols, nc);
    if (jump) {
        dl_obj *o = pdf_dl_add(ctx, DL_JUMP_OUT, m->page);
        o->x = cols[nc - 1].x;
        o->y = foot - jumpL;
        o->w = cols[nc - 1].w;
        o->h = jumpL;
        o->story = story;
        o->seg = (int)s->nseg - 1;
        o->role = &ctx->st.r[R_JUMP];
        o->align = PT_END;
        o->base = mk_role_baseline(ctx, o->role, jumpL);
    }
    m->y = foot;
    return reached;
}

/* Place a story whole, jumping to new pages as needed. */
void mk_place_whole(mk *m, pdf_story *s, int rank)
{
    size_t r = mk_place_story(m, s, 0, rank, m->y1, 0, 0);
    if (r == 0) {
        mk_new_page(m, m->section, m->title);
        r = mk_place_story(m, s, 0, rank, m->y1, 0, 1);
    }
    while (r < s->nfl) {
        mk_new_page(m, m->section, m->title);
        size_t r2 = mk_place_story(m, s, r, rank, m->y1, 0, 1);
        if (r2 == r) {
            /* cannot happen on a fresh page unless an entry is taller than
             * a column: drop it rather than loop */
            pdf_warn(m->ctx, s->where, 0, "an element taller than a column was left out");
            r2 = r + 1;
        }
        r = r2;
    }
}


/* ---- briefs ----------------------------------------------------------------- */

static void brief_flow(mk *m, pdf_story *s, flow *f, int first)
{
    pdf_ctx *ctx = m->ctx;
    double cw = mk_colw(m);
    fl_item gap;
    memset(&gap, 0, sizeof gap);
    gap.kind = FL_GAP;
    gap.h = mk_leading(ctx);
    if (!first)
        flow_push(f, &gap);
    pdf_story_header(ctx, s, 4, cw);
    flow_para(f, s->head, 1);
    if (s->deck)
        flow_para(f, s->deck, 1);
    if (s->byline)
        flow_para(f, s->byline, 1);
    if (s->lead_pic && s->lead_pic->pic) {
        /* a brief's picture: one column */
        pdf_figure *fig = s->lead_pic;
        double maxh = (m->y1 - m->y0) * ctx->st.g.pic_max;
        size_figure(fig, cw, maxh, mk_leading(ctx));
        fl_item it;
        memset(&it, 0, sizeof it);
        it.kind = FL_PIC;
        it.h = fig->h;
        it.fig = fig;
        flow_push(f, &it);
    }
    for (size_t i = 0; i < s->nfl; i++)
        flow_push(f, &s->fl[i]);
}

/* Briefs list[0..k) into one band; returns how many went in (a prefix). */
size_t mk_place_briefs(mk *m, pdf_story **list, size_t k, int force, double limit)
{
    pdf_ctx *ctx = m->ctx;
    if (k > MAX_BRIEFS)
        k = MAX_BRIEFS;
    int nc = ctx->st.g.columns;
    double top = mk_band_top(m);
    if (top + 4 * mk_leading(ctx) > limit)
        return 0;
    flow f = {0};
    size_t *ends = np_xrealloc(NULL, (k + 1) * sizeof *ends);
    for (size_t i = 0; i < k; i++) {
        brief_flow(m, list[i], &f, i == 0);
        ends[i] = f.n;
    }
    col cols[MAX_COLS];
    size_t cnt = k;
    double foot = -1;
    while (cnt > 0) {
        col_setup(m, cols, nc, 0, top, limit);
        int fc = force;
        foot = col_balance(m, f.v, 0, ends[cnt - 1], cols, nc, &fc);
        if (foot > 0)
            break;
        cnt--;
    }
    if (cnt > 0) {
        band_separator(m);
        col_setup(m, cols, nc, 0, m->y, foot);
        /* story of each entry for the picture owner: the briefs' own */
        int fc = force;
        col_setup(m, cols, nc, 0, m->y, limit);
        col_balance(m, f.v, 0, ends[cnt - 1], cols, nc, &fc);
        col_setup(m, cols, nc, 0, m->y, foot);
        col_fill(m, f.v, 0, ends[cnt - 1], cols, nc, 0, fc, 1, -1);
        col_rules(m, cols, nc);
        for (size_t i = 0; i < cnt; i++)
            record_segment(m, list[i], m->y);
        m->y = foot;
    }
    free(f.v);
    free(ends);
    return cnt;
}

double mk_start_need(mk *m, pdf_story *s, int rank)
{
    pdf_ctx *ctx = m->ctx;
    pdf_story_header(ctx, s, rank, m->x1 - m->x0);
    double need = pdf_story_header_h(ctx, s) + ctx->st.g.min_start_lines * mk_leading(ctx);
    if (m->y > m->content_top + 0.5)
        need += ctx->st.g.band_gap;
    return need;
}
