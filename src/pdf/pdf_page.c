/* PDF page make-up.
 *
 * A page is a stack of bands across the type area.  A story band has the
 * headline across all columns, the lead picture across some of them, and
 * the body in columns: balanced when the story ends in the band, filled to
 * the foot of the page with "Continued on page N" when it does not (the
 * rest starts the next page under a short headline and "Continued from
 * page M").  Short stories go together into a briefs band, one column
 * headline each.  Filling a column takes whole entries of a story's
 * vertical list and breaks only where no keep forbids it; balancing looks
 * for the lowest common foot at which the columns still take everything.
 * Nothing is placed outside the type area and bands never overlap: each
 * starts where the previous one ended. */
#include "pdf.h"
#include "util/alloc.h"

#include "newsprint/meta.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct col {
    double x, w, top, bottom;
    double used;
} col;

typedef struct mk {
    pdf_ctx *ctx;
    size_t page;
    int have_page;
    double x0, y0, x1, y1; /* type area of the current page */
    double y;              /* where the free space starts */
    double content_top;    /* below the folio and any section header */
    int section;
    const char *title;
    size_t article;
} mk;

enum {
    MAX_COLS = 12,
    LOOKAHEAD = 8,   /* stories looked at to fill the foot of a page */
    MAX_BRIEFS = 16  /* briefs tried in one band */
};

static double leading(const pdf_ctx *ctx)
{
    return ctx->st.r[R_BODY].leading;
}

static double colw_of(const mk *m)
{
    const pdf_geom *g = &m->ctx->st.g;
    return (m->x1 - m->x0 - g->gutter * (g->columns - 1)) / g->columns;
}

/* Baseline of a line of `p` in a line box `h` high. */
static double baseline(const pt_para *p, double h)
{
    double a = pt_ascent(p), d = pt_descent(p);
    double b = (h + a - d) / 2;
    if (b > h - d * 0.6)
        b = h - d * 0.6;
    return b;
}

/* The same for a text made later in role `r`. */
static double role_baseline(const pdf_ctx *ctx, const pdf_role *r, double h)
{
    double a = pf_ascent(ctx->pf, r->face[0]) * r->size / 1000.0;
    double d = pf_descent(ctx->pf, r->face[0]) * r->size / 1000.0;
    double b = (h + a - d) / 2;
    if (b > h - d * 0.6)
        b = h - d * 0.6;
    return b;
}

/* ---- display list helpers ---------------------------------------------- */

static void emit_line(mk *m, pt_para *p, size_t line, double x, double y, double w, double h)
{
    dl_obj *o = pdf_dl_add(m->ctx, DL_LINE, m->page);
    o->para = p;
    o->line = line;
    p->emitted++;
    p->pending++;
    o->x = x;
    o->y = y;
    o->w = w;
    o->h = h;
    o->base = baseline(p, h);
    if (p->link >= 0) {
        if (line + 1 == pt_nlines(p)) {
            dl_obj *n = pdf_dl_add(m->ctx, DL_PAGENO, m->page);
            n->x = x;
            n->y = y;
            n->w = w;
            n->h = h;
            n->base = o->base;
            n->story = p->link;
            n->role = p->role;
        }
        dl_obj *l = pdf_dl_add(m->ctx, DL_LINK, m->page);
        l->x = x;
        l->y = y;
        l->w = w;
        l->h = h;
        l->story = p->link;
    }
}

/* All lines of a paragraph from y; returns the y below them. */
static double emit_para(mk *m, pt_para *p, double x, double y, double w)
{
    for (size_t i = 0; i < pt_nlines(p); i++) {
        emit_line(m, p, i, x, y, w, p->role->leading);
        y += p->role->leading;
    }
    return y;
}

static void emit_rule(mk *m, double x, double y, double w, double h, double lw)
{
    dl_obj *o = pdf_dl_add(m->ctx, DL_RULE, m->page);
    o->x = x;
    o->y = y;
    o->w = w;
    o->h = h;
    o->lw = lw;
}

/* A one-line text of a role, aligned in [x, x+w); returns its para. */
static pt_para *text_para(mk *m, int role, const char *text, int align, double w)
{
    pt_para *p = pdf_para_new(m->ctx, &m->ctx->st.r[role]);
    p->align = align;
    p->hyphenate = 0;
    pt_adds(p, text, 0);
    pt_finish(p);
    pt_break(p, w);
    return p;
}

static void emit_figure(mk *m, pdf_figure *fig, double x, double y, double w, int story)
{
    double yy = y;
    if (fig->pic) {
        dl_obj *o = pdf_dl_add(m->ctx, DL_PIC, m->page);
        o->pic = fig->pic;
        o->x = x + (w - fig->img_w) / 2;
        o->y = yy;
        o->w = fig->img_w;
        o->h = fig->img_h;
        o->story = story;
        yy += fig->img_h + 3;
    }
    if (fig->caption)
        yy = emit_para(m, fig->caption, x, yy, w);
    if (fig->credit)
        emit_para(m, fig->credit, x, yy, w);
}

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
    pt_para *pa = text_para(m, R_FOLIO, a.data, odd ? PT_END : PT_START, w);
    pt_para *pb = text_para(m, R_FOLIO, b.data, odd ? PT_START : PT_END, w);
    double h = ctx->st.r[R_FOLIO].leading;
    /* the page number in bold: a second paragraph would be needed; the
     * folio stays in one weight */
    emit_line(m, pa, 0, m->x0, m->y0, w, h);
    emit_line(m, pb, 0, m->x0, m->y0, w, h);
    emit_rule(m, m->x0, m->y0 + h + 2, w, 0, ctx->st.g.rule);
    m->y = m->y0 + h + 2 + leading(ctx);
    np_buf_free(&a);
    np_buf_free(&b);
}

static void new_page(mk *m, int section, const char *title)
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

static void section_header(mk *m, const char *title)
{
    pdf_ctx *ctx = m->ctx;
    double w = m->x1 - m->x0;
    emit_rule(m, m->x0, m->y, w, 0, 2.5);
    m->y += 4;
    pt_para *p = text_para(m, R_SECTION, title, PT_START, w);
    m->y = emit_para(m, p, m->x0, m->y, w);
    m->y += 3;
    emit_rule(m, m->x0, m->y, w, 0, ctx->st.g.rule);
    m->y += leading(ctx);
    m->content_top = m->y;
}

/* ---- filling columns ------------------------------------------------------- */

/* Fill fl[i..n) into the columns; returns the index reached.  Every column
 * takes entries while they fit and ends at the last place a break is
 * allowed.  `force`: a column that cannot end anywhere takes what fits
 * anyway (a fresh page: nothing better will come).  With `commit`, the
 * entries are emitted. */
static size_t fill(mk *m, fl_item *fl, size_t i, size_t n, col *cols, int nc, double reserve,
                   int force, int commit, int story)
{
    for (int c = 0; c < nc; c++) {
        cols[c].used = 0;
        double avail = cols[c].bottom - cols[c].top - (c == nc - 1 ? reserve : 0);
        while (i < n && fl[i].kind == FL_GAP)
            i++;
        if (i >= n)
            continue;
        size_t j = i, brk = i;
        double h = 0, brk_h = 0;
        while (j < n && h + fl[j].h <= avail + 0.01) {
            h += fl[j].h;
            j++;
            if (j == n || !fl[j - 1].keep) {
                brk = j;
                brk_h = h;
            }
        }
        if (brk == i && j > i && force) {
            brk = j;
            brk_h = h;
        }
        if (commit) {
            double y = cols[c].top;
            for (size_t k = i; k < brk; k++) {
                fl_item *f = &fl[k];
                if (f->kind == FL_LINE)
                    emit_line(m, f->para, f->line, cols[c].x, y, cols[c].w, f->h);
                else if (f->kind == FL_PIC)
                    emit_figure(m, f->fig, cols[c].x, y, cols[c].w, story);
                else if (f->kind == FL_RULE)
                    emit_rule(m, cols[c].x, y + f->h / 2, cols[c].w, 0, m->ctx->st.g.rule);
                y += f->h;
            }
        }
        cols[c].used = brk_h;
        i = brk;
    }
    return i;
}

/* The lowest common foot (<= cols' bottoms) at which fill() takes all of
 * fl[i..n); -1 if even the given bottoms do not. */
static double balance(mk *m, fl_item *fl, size_t i, size_t n, col *cols, int nc, int *forcep)
{
    double hi = cols[0].bottom;
    /* keeps are broken only when nothing else fits even at full height */
    if (*forcep && fill(m, fl, i, n, cols, nc, 0, 0, 0, -1) >= n)
        *forcep = 0;
    int force = *forcep;
    if (fill(m, fl, i, n, cols, nc, 0, force, 0, -1) < n)
        return -1;
    double lo = hi;
    for (int c = 0; c < nc; c++)
        if (cols[c].top < lo)
            lo = cols[c].top;
    for (int it = 0; it < 40 && hi - lo > 0.05; it++) {
        double mid = (lo + hi) / 2;
        for (int c = 0; c < nc; c++)
            cols[c].bottom = mid;
        if (fill(m, fl, i, n, cols, nc, 0, force, 0, -1) >= n)
            hi = mid;
        else
            lo = mid;
    }
    for (int c = 0; c < nc; c++)
        cols[c].bottom = hi + 0.02;
    return hi + 0.02;
}

/* Column x positions, in reading order (right to left for RTL stories). */
static void setup_cols(mk *m, col *cols, int nc, int rtl, double top, double bottom)
{
    double cw = colw_of(m), g = m->ctx->st.g.gutter;
    for (int c = 0; c < nc; c++) {
        int k = rtl ? nc - 1 - c : c;
        cols[c].x = m->x0 + k * (cw + g);
        cols[c].w = cw;
        cols[c].top = top;
        cols[c].bottom = bottom;
        cols[c].used = 0;
    }
}

static void column_rules(mk *m, col *cols, int nc)
{
    if (!m->ctx->st.g.column_rules)
        return;
    /* by x order */
    for (int a = 0; a < nc; a++)
        for (int b = 0; b < nc; b++) {
            if (cols[b].x <= cols[a].x || cols[b].x > cols[a].x + cols[a].w + m->ctx->st.g.gutter + 1)
                continue;
            if (cols[a].used <= 0 || cols[b].used <= 0)
                continue;
            double top = cols[a].top > cols[b].top ? cols[a].top : cols[b].top;
            double ea = cols[a].top + cols[a].used, eb = cols[b].top + cols[b].used;
            double bot = ea > eb ? ea : eb;
            if (bot - top < 1)
                continue;
            double x = cols[a].x + cols[a].w + m->ctx->st.g.gutter / 2;
            emit_rule(m, x, top, 0, bot - top, m->ctx->st.g.rule);
        }
}

/* A rule between two bands, when the band is not the first on the page. */
static void band_separator(mk *m)
{
    if (m->y <= m->content_top + 0.5)
        return;
    double gap = m->ctx->st.g.band_gap;
    emit_rule(m, m->x0, m->y + gap / 2, m->x1 - m->x0, 0, m->ctx->st.g.rule);
    m->y += gap;
}

static double band_top(mk *m)
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
static size_t place_story(mk *m, pdf_story *s, size_t from, int rank, double limit, int dry,
                          int force)
{
    pdf_ctx *ctx = m->ctx;
    const pdf_geom *g = &ctx->st.g;
    int nc = g->columns;
    double cw = colw_of(m), width = m->x1 - m->x0, L = leading(ctx);
    double top = band_top(m);
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
    setup_cols(m, cols, nc, s->rtl, body_top, limit);
    for (int c = 0; c < span; c++)
        cols[c].top += pic_h;
    size_t n = s->nfl;
    double foot = -1;
    size_t reached;
    int jump = 0;
    if (fill(m, s->fl, from, n, cols, nc, 0, force, 0, -1) >= n) {
        foot = balance(m, s->fl, from, n, cols, nc, &force);
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
            double foot2 = span < nc ? balance(m, s->fl, from, n, alt, nc, &f2) : -1;
            if (foot2 > 0 && foot2 <= body_top + fig->h + 0.5) {
                memcpy(cols, alt, sizeof alt);
                force = f2;
                foot = foot2;
            } else if (body_top + pic_h + 4 * L <= limit) {
                for (int c = 0; c < nc; c++)
                    cols[c].bottom = body_top + pic_h + 4 * L;
                if (fill(m, s->fl, from, n, cols, nc, 0, force, 0, -1) >= n)
                    foot = body_top + pic_h + 4 * L;
            }
        }
    } else {
        jump = 1;
        setup_cols(m, cols, nc, s->rtl, body_top, limit);
        for (int c = 0; c < span; c++)
            cols[c].top += pic_h;
        reached = fill(m, s->fl, from, n, cols, nc, jumpL, force, 0, -1);
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
        y = emit_para(m, s->head, m->x0, y, width);
        if (s->deck)
            y = emit_para(m, s->deck, m->x0, y + 3, width);
        if (s->byline)
            y = emit_para(m, s->byline, m->x0, y + 3, width);
    } else {
        y = emit_para(m, ch, m->x0, y, width);
        dl_obj *o = pdf_dl_add(ctx, DL_JUMP_IN, m->page);
        o->x = m->x0;
        o->y = y;
        o->w = width;
        o->h = jumpL;
        o->story = story;
        o->seg = (int)s->nseg - 1;
        o->role = &ctx->st.r[R_JUMP];
        o->align = PT_START;
        o->base = role_baseline(ctx, o->role, jumpL);
        y += jumpL;
    }
    if (fig) {
        double fx = cols[span - 1].x < cols[0].x ? cols[span - 1].x : cols[0].x;
        emit_figure(m, fig, fx, body_top, fig->w, story);
    }
    for (int c = 0; c < nc; c++)
        cols[c].bottom = foot;
    size_t r2 = fill(m, s->fl, from, n, cols, nc, jump ? jumpL : 0, force, 1, story);
    (void)r2;
    column_rules(m, cols, nc);
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
        o->base = role_baseline(ctx, o->role, jumpL);
    }
    m->y = foot;
    return reached;
}

/* Place a story whole, jumping to new pages as needed. */
static void place_whole(mk *m, pdf_story *s, int rank)
{
    size_t r = place_story(m, s, 0, rank, m->y1, 0, 0);
    if (r == 0) {
        new_page(m, m->section, m->title);
        r = place_story(m, s, 0, rank, m->y1, 0, 1);
    }
    while (r < s->nfl) {
        new_page(m, m->section, m->title);
        size_t r2 = place_story(m, s, r, rank, m->y1, 0, 1);
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

typedef struct flow {
    fl_item *v;
    size_t n, cap;
} flow;

static void flow_push(flow *f, const fl_item *it)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 128;
        f->v = np_xrealloc(f->v, f->cap * sizeof *f->v);
    }
    f->v[f->n++] = *it;
}

static void flow_para(flow *f, pt_para *p, int keep_last)
{
    size_t n = pt_nlines(p);
    for (size_t i = 0; i < n; i++) {
        fl_item it;
        memset(&it, 0, sizeof it);
        it.kind = FL_LINE;
        it.h = p->role->leading;
        it.para = p;
        it.line = i;
        it.keep = i + 1 < n || keep_last;
        flow_push(f, &it);
    }
}

static void brief_flow(mk *m, pdf_story *s, flow *f, int first)
{
    pdf_ctx *ctx = m->ctx;
    double cw = colw_of(m);
    fl_item gap;
    memset(&gap, 0, sizeof gap);
    gap.kind = FL_GAP;
    gap.h = leading(ctx);
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
        size_figure(fig, cw, maxh, leading(ctx));
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
static size_t place_briefs(mk *m, pdf_story **list, size_t k, int force, double limit)
{
    pdf_ctx *ctx = m->ctx;
    if (k > MAX_BRIEFS)
        k = MAX_BRIEFS;
    int nc = ctx->st.g.columns;
    double top = band_top(m);
    if (top + 4 * leading(ctx) > limit)
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
        setup_cols(m, cols, nc, 0, top, limit);
        int fc = force;
        foot = balance(m, f.v, 0, ends[cnt - 1], cols, nc, &fc);
        if (foot > 0)
            break;
        cnt--;
    }
    if (cnt > 0) {
        band_separator(m);
        setup_cols(m, cols, nc, 0, m->y, foot);
        /* story of each entry for the picture owner: the briefs' own */
        int fc = force;
        setup_cols(m, cols, nc, 0, m->y, limit);
        balance(m, f.v, 0, ends[cnt - 1], cols, nc, &fc);
        setup_cols(m, cols, nc, 0, m->y, foot);
        fill(m, f.v, 0, ends[cnt - 1], cols, nc, 0, fc, 1, -1);
        column_rules(m, cols, nc);
        for (size_t i = 0; i < cnt; i++)
            record_segment(m, list[i], m->y);
        m->y = foot;
    }
    free(f.v);
    free(ends);
    return cnt;
}

/* ---- sections ---------------------------------------------------------------- */

static double start_need(mk *m, pdf_story *s, int rank)
{
    pdf_ctx *ctx = m->ctx;
    pdf_story_header(ctx, s, rank, m->x1 - m->x0);
    double need = pdf_story_header_h(ctx, s) + ctx->st.g.min_start_lines * leading(ctx);
    if (m->y > m->content_top + 0.5)
        need += ctx->st.g.band_gap;
    return need;
}

static int rank_here(const mk *m)
{
    return m->y <= m->content_top + 0.5 ? 2 : 3;
}

/* Stories of one section (or the jump page), in order, starting on a new
 * page unless `same_page`. */
/* The rest of front page stories, from their resume entries. */
static void place_jumps(mk *m, pdf_story **jumps, size_t nj)
{
    for (size_t i = 0; i < nj; i++) {
        pdf_story *s = jumps[i];
        size_t r = s->resume;
        while (r < s->nfl) {
            size_t r2 = place_story(m, s, r, 2, m->y1, 0, 0);
            if (r2 == r) {
                new_page(m, m->section, m->title);
                r2 = place_story(m, s, r, 2, m->y1, 0, 1);
                if (r2 == r)
                    r2 = r + 1;
            }
            r = r2;
            if (r < s->nfl)
                new_page(m, m->section, m->title);
        }
    }
}

static void place_list(mk *m, pdf_story **list, size_t n, int section, const char *title,
                       int header, pdf_story **jumps, size_t nj)
{
    new_page(m, section, title);
    if (header)
        section_header(m, title);
    place_jumps(m, jumps, nj);
    pdf_story **q = np_xrealloc(NULL, (n ? n : 1) * sizeof *q);
    memcpy(q, list, n * sizeof *q);
    size_t qn = n;
    int fresh = 1;
    while (qn) {
        pdf_story *s = q[0];
        size_t taken = 0;
        if (s->brief) {
            size_t k = 1;
            while (k < qn && q[k]->brief)
                k++;
            taken = place_briefs(m, q, k, fresh, m->y1);
            if (taken) {
                memmove(q, q + taken, (qn - taken) * sizeof *q);
                qn -= taken;
                fresh = 0;
                continue;
            }
            if (fresh) {
                /* a brief longer than a page: set it as a story */
                s->brief = 0;
                continue;
            }
        } else {
            int rank = rank_here(m);
            if (m->y + start_need(m, s, rank) <= m->y1 + 0.01 || fresh) {
                size_t before = s->nseg;
                place_whole(m, s, rank);
                if (s->nseg > before) {
                    memmove(q, q + 1, (qn - 1) * sizeof *q);
                    qn--;
                    fresh = 0;
                    continue;
                }
            }
        }
        /* the first does not fit here: a later story that fits whole? */
        int placed = 0;
        for (size_t k = 1; k < qn && k <= LOOKAHEAD && !placed; k++) {
            pdf_story *t = q[k];
            if (t->brief) {
                if (place_briefs(m, q + k, 1, 0, m->y1)) {
                    memmove(q + k, q + k + 1, (qn - k - 1) * sizeof *q);
                    qn--;
                    placed = 1;
                }
                continue;
            }
            int rank = 3;
            if (m->y + start_need(m, t, rank) > m->y1)
                continue;
            if (place_story(m, t, 0, rank, m->y1, 1, 0) >= t->nfl) {
                place_story(m, t, 0, rank, m->y1, 0, 0);
                memmove(q + k, q + k + 1, (qn - k - 1) * sizeof *q);
                qn--;
                placed = 1;
            }
        }
        if (!placed) {
            new_page(m, section, title);
            fresh = 1;
        }
    }
    free(q);
}

/* ---- the front page ------------------------------------------------------------ */

static void masthead(mk *m)
{
    pdf_ctx *ctx = m->ctx;
    double w = m->x1 - m->x0, y = m->y0;
    np_buf t = NP_BUF_INIT;
    /* ears: volume and issue left, edition right */
    np_buf_printf(&t, "Vol. %zu \xc2\xb7 No. %zu", ctx->volume_no, ctx->issue_no);
    pt_para *l = text_para(m, R_MASTINFO, t.data, PT_START, w);
    const char *edition = ctx->o->edition ? ctx->o->edition : ctx->st.edition;
    pt_para *r = edition ? text_para(m, R_MASTINFO, edition, PT_END, w) : NULL;
    double ih = ctx->st.r[R_MASTINFO].leading;
    emit_line(m, l, 0, m->x0, y, w, ih);
    if (r)
        emit_line(m, r, 0, m->x0, y, w, ih);
    if (ctx->st.motto) {
        pt_para *mo = text_para(m, R_MASTINFO, ctx->st.motto, PT_CENTER, w);
        emit_line(m, mo, 0, m->x0, y, w, ih);
    }
    y += ih + 2;
    pt_para *name = text_para(m, R_MAST, ctx->st.paper, PT_CENTER, w);
    y = emit_para(m, name, m->x0, y, w);
    y += 3;
    emit_rule(m, m->x0, y, w, 0, 2.5);
    y += 3;
    emit_rule(m, m->x0, y, w, 0, ctx->st.g.rule);
    y += 2;
    np_buf_reset(&t);
    np_buf_puts(&t, np_buf_cstr(&ctx->date_text));
    pt_para *d = text_para(m, R_MASTINFO, t.data, PT_START, w);
    emit_line(m, d, 0, m->x0, y, w, ih);
    /* "Page 1 of N": N is known when the pages are made */
    dl_obj *o = pdf_dl_add(ctx, DL_TEXT, m->page);
    o->x = m->x0;
    o->y = y;
    o->w = w;
    o->h = ih;
    o->role = &ctx->st.r[R_MASTINFO];
    o->align = PT_END;
    o->base = role_baseline(ctx, o->role, ih);
    y += ih + 2;
    emit_rule(m, m->x0, y, w, 0, ctx->st.g.rule);
    y += leading(ctx);
    m->y = y;
    m->content_top = y;
    np_buf_free(&t);
}

/* The "Inside" index: sections and their stories with page numbers. */
static void index_flow(mk *m, flow *f, int compact)
{
    pdf_ctx *ctx = m->ctx;
    double cw = colw_of(m);
    for (size_t si = 0; si < ctx->sections.n; si++) {
        const np_section *sec = &ctx->sections.v[si];
        int first = -1, count = 0;
        for (size_t k = 0; k < sec->n; k++) {
            pdf_story *s = ctx->stories[sec->items[k]];
            if (s && !s->on_front) {
                if (first < 0)
                    first = (int)sec->items[k];
                count++;
            }
        }
        if (!count)
            continue;
        if (compact) {
            pt_para *p = pdf_para_new(ctx, &ctx->st.r[R_INDEX]);
            p->align = PT_START;
            p->hyphenate = 0;
            p->keep = 1;
            p->link = first;
            p->indent_end = ctx->st.r[R_INDEX].size * 2.2;
            pt_adds(p, sec->title, PT_BOLD);
            np_buf c = NP_BUF_INIT;
            np_buf_printf(&c, " (%d)", count);
            pt_adds(p, c.data, 0);
            np_buf_free(&c);
            pt_finish(p);
            pt_break(p, cw);
            flow_para(f, p, 0);
            continue;
        }
        pt_para *h = pdf_para_new(ctx, &ctx->st.r[R_INDEXSEC]);
        h->align = PT_START;
        h->hyphenate = 0;
        pt_adds(h, sec->title, 0);
        pt_finish(h);
        pt_break(h, cw);
        if (f->n) {
            fl_item gap;
            memset(&gap, 0, sizeof gap);
            gap.kind = FL_GAP;
            gap.h = leading(ctx) * 0.5;
            flow_push(f, &gap);
        }
        flow_para(f, h, 1);
        for (size_t k = 0; k < sec->n; k++) {
            pdf_story *s = ctx->stories[sec->items[k]];
            if (!s || s->on_front)
                continue;
            pt_para *p = pdf_para_new(ctx, &ctx->st.r[R_INDEX]);
            p->align = PT_START;
            p->hyphenate = 0;
            p->keep = 1;
            p->link = (int)s->index;
            p->rtl = 0; /* the index reads left to right; its entries keep their own order */
            p->indent = ctx->st.r[R_INDEX].size * 0.8;
            p->indent_first = -p->indent;
            p->indent_end = ctx->st.r[R_INDEX].size * 2.2;
            p->story = NULL;
            const char *hl = s->item->headline ? s->item->headline : s->short_head;
            pt_adds(p, strlen(hl) <= 70 ? hl : s->short_head, 0);
            pt_finish(p);
            pt_break(p, cw);
            flow_para(f, p, 0);
        }
    }
}

/* Would a story-by-story index take more than 40% of the front page?  (An
 * estimate before any entry is set: then the index lists sections only.) */
static int index_too_long(mk *m)
{
    pdf_ctx *ctx = m->ctx;
    double entries = 0;
    for (size_t si = 0; si < ctx->sections.n; si++) {
        const np_section *sec = &ctx->sections.v[si];
        int any = 0;
        for (size_t k = 0; k < sec->n; k++) {
            pdf_story *s = ctx->stories[sec->items[k]];
            if (s && !s->on_front) {
                entries += 1.6;
                any = 1;
            }
        }
        entries += any ? 1.5 : 0;
    }
    double cap = (m->y1 - m->y0) * 0.4 / ctx->st.r[R_INDEX].leading * ctx->st.g.columns;
    return entries > cap * 1.3;
}

/* Height of the index band (0: no index). */
static double index_band(mk *m, flow *f, int commit, double top)
{
    pdf_ctx *ctx = m->ctx;
    if (!f->n)
        return 0;
    int nc = ctx->st.g.columns;
    double w = m->x1 - m->x0;
    double hh = ctx->st.r[R_INDEXHEAD].leading + 6;
    col cols[MAX_COLS];
    setup_cols(m, cols, nc, 0, top + hh, m->y1);
    int fc = 1;
    double foot = balance(m, f->v, 0, f->n, cols, nc, &fc);
    if (foot < 0)
        return -1;
    if (commit) {
        emit_rule(m, m->x0, top, w, 0, 2.5);
        pt_para *p = text_para(m, R_INDEXHEAD, "Inside", PT_START, w);
        emit_line(m, p, 0, m->x0, top + 4, w, ctx->st.r[R_INDEXHEAD].leading);
        setup_cols(m, cols, nc, 0, top + hh, foot);
        fill(m, f->v, 0, f->n, cols, nc, 0, fc, 1, -1);
        column_rules(m, cols, nc);
    }
    return foot - top;
}

static int has_word_front(const char *t)
{
    for (; *t; t++)
        if (!strncasecmp(t, "front", 5))
            return 1;
    return 0;
}

static int urgency_key(const pdf_story *s)
{
    int u = s->item->urgency;
    return u >= 1 && u <= 9 ? u : 5;
}

/* Which stories go on the front page: the package's front group, else the
 * lead (package order, else the most urgent) and the next most urgent;
 * never a story with no body words (an alert, a picture alone). */
static size_t choose_front(pdf_ctx *ctx, pdf_story **front, size_t max)
{
    size_t n = 0;
    const np_sections *ss = &ctx->sections;
    if (!ss->n)
        return 0;
    const np_section *s0 = &ss->v[0];
    if (s0->from_package && s0->title && has_word_front(s0->title)) {
        for (size_t k = 0; k < s0->n && n < max; k++)
            if (ctx->stories[s0->items[k]] && np_item_has_body_words(ctx->stories[s0->items[k]]->item))
                front[n++] = ctx->stories[s0->items[k]];
        return n;
    }
    /* every article in reading order */
    size_t total = 0;
    for (size_t i = 0; i < ss->n; i++)
        total += ss->v[i].n;
    pdf_story **all = np_xrealloc(NULL, (total ? total : 1) * sizeof *all);
    size_t na = 0;
    for (size_t i = 0; i < ss->n; i++)
        for (size_t k = 0; k < ss->v[i].n; k++)
            if (ctx->stories[ss->v[i].items[k]] && np_item_has_body_words(ctx->stories[ss->v[i].items[k]]->item))
                all[na++] = ctx->stories[ss->v[i].items[k]];
    if (!na) {
        free(all);
        return 0;
    }
    int pkg = 0;
    for (size_t i = 0; i < ss->n; i++)
        pkg |= ss->v[i].from_package;
    size_t lead = 0;
    if (!pkg)
        for (size_t i = 1; i < na; i++)
            if (urgency_key(all[i]) < urgency_key(all[lead]))
                lead = i;
    front[n++] = all[lead];
    /* then by urgency, stable; briefs stay inside */
    for (int u = 1; u <= 9 && n < max; u++)
        for (size_t i = 0; i < na && n < max; i++)
            if (i != lead && urgency_key(all[i]) == u && !all[i]->brief)
                front[n++] = all[i];
    free(all);
    return n;
}

static void front_page(mk *m, pdf_story ***jumps, size_t *njumps, size_t *from_idx)
{
    pdf_ctx *ctx = m->ctx;
    const pdf_geom *g = &ctx->st.g;
    size_t max = (size_t)g->front_stories + 1;
    pdf_story *front[16];
    size_t nf = choose_front(ctx, front, max < 16 ? max : 16);
    for (size_t i = 0; i < nf; i++)
        front[i]->on_front = 1;
    new_page(m, -1, "Front page");
    masthead(m);
    flow idx = {0};
    double ih = 0, area_bottom = m->y1;
    for (int round = 0; round < 4; round++) {
        /* the index lists what is not on the front: recompute as the set
         * changes */
        idx.n = 0;
        int many = index_too_long(m);
        index_flow(m, &idx, many);
        ih = index_band(m, &idx, 0, m->y0);
        if (!many && (ih < 0 || ih > (m->y1 - m->y0) * 0.4)) {
            idx.n = 0;
            index_flow(m, &idx, 1);
            ih = index_band(m, &idx, 0, m->y0);
        }
        if (ih < 0)
            ih = 0;
        area_bottom = ih > 0 ? m->y1 - ih - g->band_gap : m->y1;
        /* do the stories fit at all? the lead gets its share */
        double avail = area_bottom - m->y;
        int dropped = 0;
        double y = m->y;
        for (size_t i = 0; i < nf; i++) {
            pdf_story *s = front[i];
            if (!s->on_front)
                continue;
            int rank = i == 0 ? 1 : 2;
            double need = 0;
            pdf_story_header(ctx, s, rank, m->x1 - m->x0);
            need = pdf_story_header_h(ctx, s) + g->min_start_lines * leading(ctx) +
                   (i ? g->band_gap : 0);
            if (y + need > area_bottom && i > 0) {
                s->on_front = 0;
                dropped = 1;
                continue;
            }
            y += i == 0 && nf > 1 ? avail * g->lead_share : need;
        }
        if (!dropped)
            break;
    }
    /* the stories */
    size_t nj = 0;
    pdf_story **jl = np_xrealloc(NULL, (nf + 1) * sizeof *jl);
    size_t *jf = np_xrealloc(NULL, (nf + 1) * sizeof *jf);
    size_t placed_front = 0;
    size_t on = 0;
    for (size_t i = 0; i < nf; i++)
        on += front[i]->on_front;
    for (size_t i = 0; i < nf; i++) {
        pdf_story *s = front[i];
        if (!s->on_front)
            continue;
        size_t left = on - placed_front;
        double limit = area_bottom;
        if (left > 1) {
            double share = placed_front == 0 ? g->lead_share : 1.0 / (double)left;
            limit = m->y + (area_bottom - m->y) * share;
        }
        int rank = placed_front == 0 ? 1 : 2;
        size_t r = place_story(m, s, 0, rank, limit, 0, 0);
        if (r == 0) {
            /* no room after all: inside with the others */
            s->on_front = 0;
            continue;
        }
        placed_front++;
        if (r < s->nfl) {
            jl[nj] = s;
            jf[nj++] = r;
        }
    }
    /* room left: further stories that fit whole, then the briefs */
    double min_need = ctx->st.r[R_HEAD3].leading * 2 + g->min_start_lines * leading(ctx);
    int tries = 0;
    for (size_t si = 0; si < ctx->sections.n; si++)
        for (size_t k = 0; k < ctx->sections.v[si].n; k++) {
            pdf_story *s = ctx->stories[ctx->sections.v[si].items[k]];
            if (!s || s->on_front || s->brief || !np_item_has_body_words(s->item))
                continue;
            if (area_bottom - m->y < min_need || tries++ >= LOOKAHEAD)
                break;
            if (m->y + start_need(m, s, 3) > area_bottom)
                continue;
            if (place_story(m, s, 0, 3, area_bottom, 1, 0) >= s->nfl) {
                place_story(m, s, 0, 3, area_bottom, 0, 0);
                s->on_front = 1;
            }
        }
    pdf_story **br = np_xrealloc(NULL, (ctx->c->n ? ctx->c->n : 1) * sizeof *br);
    size_t nb = 0;
    for (size_t si = 0; si < ctx->sections.n; si++)
        for (size_t k = 0; k < ctx->sections.v[si].n; k++) {
            pdf_story *s = ctx->stories[ctx->sections.v[si].items[k]];
            if (s && !s->on_front && s->brief && nb < MAX_BRIEFS && np_item_has_body_words(s->item))
                br[nb++] = s;
        }
    if (nb) {
        size_t got = place_briefs(m, br, nb, 0, area_bottom);
        for (size_t i = 0; i < got; i++)
            br[i]->on_front = 1;
    }
    free(br);
    /* the index, now with the final set */
    idx.n = 0;
    int many = index_too_long(m);
    index_flow(m, &idx, many);
    ih = index_band(m, &idx, 0, m->y0);
    if (!many && (ih < 0 || ih > (m->y1 - m->y0) * 0.4)) {
        idx.n = 0;
        index_flow(m, &idx, 1);
    }
    ih = index_band(m, &idx, 0, m->y0);
    if (ih > 0) {
        double top = m->y1 - ih;
        if (top < m->y + g->band_gap)
            top = m->y + g->band_gap; /* cannot happen: the stories kept clear */
        index_band(m, &idx, 1, top);
    }
    free(idx.v);
    *jumps = jl;
    *njumps = nj;
    *from_idx = 0;
    for (size_t i = 0; i < nj; i++)
        jl[i]->resume = jf[i];
    free(jf);
}

/* ---- whole documents -------------------------------------------------------------- */

static void mark_briefs(pdf_ctx *ctx)
{
    const pdf_geom *g = &ctx->st.g;
    for (size_t i = 0; i < ctx->c->n; i++) {
        pdf_story *s = ctx->stories[i];
        if (!s)
            continue;
        s->brief = g->brief_lines > 0 && g->columns > 1 &&
                   s->body_lines <= (size_t)g->columns * (size_t)g->brief_lines;
    }
}

static void make_articles(pdf_ctx *ctx)
{
    mk m;
    memset(&m, 0, sizeof m);
    m.ctx = ctx;
    size_t k = 0;
    for (size_t si = 0; si < ctx->sections.n; si++) {
        const np_section *sec = &ctx->sections.v[si];
        for (size_t j = 0; j < sec->n; j++) {
            pdf_story *s = ctx->stories[sec->items[j]];
            if (!s)
                continue;
            s->section = (int)si;
            m.article = ++k;
            new_page(&m, (int)si, sec->title);
            place_whole(&m, s, 1);
        }
    }
}

int pdf_make_pages(pdf_ctx *ctx, np_error *err)
{
    (void)err;
    mark_briefs(ctx);
    for (size_t si = 0; si < ctx->sections.n; si++)
        for (size_t j = 0; j < ctx->sections.v[si].n; j++) {
            pdf_story *s = ctx->stories[ctx->sections.v[si].items[j]];
            if (s)
                s->section = (int)si;
        }
    if (ctx->o->article) {
        make_articles(ctx);
        return NP_OK;
    }
    mk m;
    memset(&m, 0, sizeof m);
    m.ctx = ctx;
    pdf_story **jumps = NULL;
    size_t nj = 0, unused = 0;
    front_page(&m, &jumps, &nj, &unused);
    /* the rest of the front stories go on at the start of the first section
     * (after its header), else on pages of their own */
    int jumped = 0;
    /* the sections */
    for (size_t si = 0; si < ctx->sections.n; si++) {
        const np_section *sec = &ctx->sections.v[si];
        pdf_story **list = np_xrealloc(NULL, (sec->n ? sec->n : 1) * sizeof *list);
        size_t n = 0;
        for (size_t j = 0; j < sec->n; j++) {
            pdf_story *s = ctx->stories[sec->items[j]];
            if (s && !s->on_front)
                list[n++] = s;
        }
        if (n) {
            place_list(&m, list, n, (int)si, sec->title, 1, jumped ? NULL : jumps,
                       jumped ? 0 : nj);
            jumped = 1;
        }
        free(list);
    }
    if (!jumped && nj) {
        new_page(&m, -2, "From page 1");
        place_jumps(&m, jumps, nj);
    }
    free(jumps);
    return NP_OK;
}
