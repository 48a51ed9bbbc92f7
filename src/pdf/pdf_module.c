/* A module: one story (or the rest of a jumped one, or a section's briefs)
 * set in a rectangle of the column grid.  From the top: a section head when
 * the module opens its section on the page, the headline, deck and byline
 * across the module (or a short headline and "Continued from page M"), the
 * lead picture across whole columns at the start side with its caption and
 * credit under it, and the body in the module's columns, balanced so that
 * they end level.  A cut module is filled down to its foot, ending with
 * "Continued on page N" and a whole word.  Measuring and setting run the
 * same code, so a module is set exactly as high as it was measured. */
#include "pdf.h"
#include "pdf_makeup.h"
#include "util/alloc.h"

#include <math.h>
#include <string.h>

/* x and width of grid columns c0..c0+span. */
static double frame_x(const mk *m, int c0)
{
    return m->x0 + c0 * (mk_colw(m) + m->ctx->st.g.gutter);
}

static double frame_w(const mk *m, int span)
{
    return span * mk_colw(m) + (span - 1) * m->ctx->st.g.gutter;
}

/* Continuation heading: the short headline. */
static pt_para *cont_head(mk *m, pdf_story *s, double w)
{
    pt_para *p = pdf_para_new(m->ctx, &m->ctx->st.r[R_CONTHEAD]);
    p->story = s;
    p->rtl = s->rtl;
    p->align = PT_START;
    p->hyphenate = 0;
    p->keep = 1;
    np_buf short_head = NP_BUF_INIT;
    pt_adds(p, pdf_story_short_head(s, &short_head), 0);
    np_buf_free(&short_head);
    pt_finish(p);
    pt_break(p, w);
    return p;
}

int mod_rank(const mk *m, const piece *p, int span, int top)
{
    int nc = m->ctx->st.g.columns;
    if (!p->s)
        return 4;
    if (p->lead && 2 * span >= nc)
        return 1;
    if (span == 1 && nc > 2)
        return 4;
    if (top && 2 * span >= nc)
        return 2;
    return 3;
}

int mod_pic_span(const mk *m, const piece *p, int span)
{
    if (!p->has_pic)
        return 0;
    const pdf_geom *g = &m->ctx->st.g;
    /* whole columns: the widest span (up to the style's) at which the
     * picture is no taller than the style allows */
    const pdf_pic *pic = p->s->pic;
    double maxh = (m->y1 - m->y0) * g->pic_max;
    int k = span < g->pic_span ? span : g->pic_span;
    if (span <= 3)
        k = span;
    while (k > 1 && frame_w(m, k) * pic->h / pic->w > maxh)
        k--;
    return k;
}

/* The section head over a module that opens its section on the page. */
static pt_para *kicker_para(mk *m, const module *v, double w)
{
    pdf_ctx *ctx = m->ctx;
    int big = 2 * v->span >= ctx->st.g.columns;
    const char *title = ctx->sections.v[v->p->section].title;
    return mk_text_para(m, big ? R_SECTION : R_INDEXHEAD, title ? title : "", PT_START, w);
}

static double kicker_h(const mk *m, const pt_para *k)
{
    return 4 + (double)pt_nlines(k) * k->role->leading + 3 + mk_leading(m->ctx) * 0.5;
}

piece_memo *mod_memo(piece *p)
{
    if (!p->memo) {
        p->memo = np_xrealloc(NULL, sizeof *p->memo);
        memset(p->memo, 0, sizeof *p->memo);
    }
    return p->memo;
}

void piece_free(piece *p)
{
    /* its section heads and headings are the context's until the end: those
     * the planner made for modules never set go now (the others once drawn) */
    for (int k = 0; p->memo && k <= MAX_COLS; k++) {
        if (p->memo->kick[k] && !p->memo->kick[k]->emitted)
            pt_release(p->memo->kick[k]);
        if (p->memo->head[k] && !p->memo->head[k]->emitted)
            pt_release(p->memo->head[k]);
    }
    free(p->memo);
    free(p->briefs);
    free(p->fl.v);
    p->memo = NULL;
    p->briefs = NULL;
    p->fl.v = NULL;
    p->fl.n = p->fl.cap = 0;
}

void mod_briefs_flow(mk *m, piece *p)
{
    pdf_ctx *ctx = m->ctx;
    double cw = mk_colw(m);
    p->fl.n = 0;
    for (size_t i = 0; i < p->nbriefs; i++) {
        pdf_story *s = p->briefs[i];
        if (i) {
            fl_item gap;
            memset(&gap, 0, sizeof gap);
            gap.kind = FL_GAP;
            gap.h = mk_leading(ctx);
            flow_push(&p->fl, &gap);
        }
        pdf_story_body(ctx, s);
        pdf_story_header(ctx, s, 4, cw);
        flow_para(&p->fl, s->pc->head, 1);
        if (s->pc->deck)
            flow_para(&p->fl, s->pc->deck, 1);
        if (s->pc->byline)
            flow_para(&p->fl, s->pc->byline, 1);
        if (s->pc->lead_pic && s->pc->lead_pic->pic) {
            /* a brief's picture: one column */
            pdf_figure *fig = s->pc->lead_pic;
            pdf_figure_size(ctx, fig, cw, (m->y1 - m->y0) * ctx->st.g.pic_max);
            fl_item it;
            memset(&it, 0, sizeof it);
            it.kind = FL_PIC;
            it.h = fig->h;
            it.fig = fig;
            it.keep = 1;
            flow_push(&p->fl, &it);
        }
        for (size_t k = 0; k < s->pc->nfl; k++)
            flow_push(&p->fl, &s->pc->fl[k]);
    }
}

static void record_segment(mk *m, pdf_story *s, double y)
{
    if (s->nseg == 0)
        s->top_y = y;
    if (s->nseg < PDF_MAX_SEGS) {
        NP_GROW_POW2(s->seg, s->nseg);
        s->seg[s->nseg++] = (pdf_seg){m->page, y};
    }
}

static void jump_line(mk *m, dl_kind kind, pdf_story *s, double x, double y, double w)
{
    pdf_ctx *ctx = m->ctx;
    double jl = ctx->st.r[R_JUMP].leading;
    dl_obj *o = mk_add_box(m, kind, x, y, w, jl);
    o->story = (int)s->index;
    o->seg = (int)s->nseg - 1;
    o->role = &ctx->st.r[R_JUMP];
    o->align = kind == DL_JUMP_OUT ? PT_END : PT_START;
    o->base = mk_role_baseline(ctx, o->role, jl);
}

/* Lines of flow entries [from, to). */
static size_t lines_in(const fl_item *fl, size_t from, size_t to)
{
    size_t n = 0;
    for (size_t i = from; i < to; i++)
        n += fl[i].kind == FL_LINE;
    return n;
}

int mod_set(mk *m, module *v, double limit, int commit)
{
    pdf_ctx *ctx = m->ctx;
    const pdf_geom *g = &ctx->st.g;
    piece *p = v->p;
    pdf_story *s = p->s;
    int nc = v->span;
    double x = frame_x(m, v->c0), width = frame_w(m, nc), L = mk_leading(ctx);
    double jumpL = ctx->st.r[R_JUMP].leading;
    double top = v->y, y = top;
    piece_memo *mm = mod_memo(p);
    pt_para *kick = NULL;
    if (v->kicker) {
        if (!mm->kick[nc])
            mm->kick[nc] = kicker_para(m, v, width);
        kick = mm->kick[nc];
    }
    if (kick)
        y += kicker_h(m, kick);
    double head_top = y;
    pt_para *ch = NULL, *bh = NULL;
    fl_item *fl;
    size_t n, from = p->from;
    if (!s) {
        if (!mm->head[nc])
            mm->head[nc] = mk_text_para(m, R_INDEXHEAD, "In brief", PT_START, width);
        bh = mm->head[nc];
        y += (double)pt_nlines(bh) * bh->role->leading + L * 0.5;
        fl = p->fl.v;
        n = p->fl.n;
        from = 0;
    } else {
        pdf_story_body(ctx, s);
        fl = s->pc->fl;
        n = s->pc->nfl;
        if (from == 0) {
            /* measured once per span and rank: breaking a headline is dear */
            double *hh = &mm->head_h[nc][v->rank - 1];
            if (commit || *hh <= 0) {
                pdf_story_header(ctx, s, v->rank, width);
                *hh = pdf_story_header_h(ctx, s);
            }
            y += *hh;
        } else {
            if (!mm->head[nc])
                mm->head[nc] = cont_head(m, s, width);
            ch = mm->head[nc];
            y += (double)pt_nlines(ch) * ch->role->leading + jumpL + L * 0.5;
        }
    }
    double body_top = y;
    pdf_figure *fig = s && from == 0 && v->pic > 0 ? s->pc->lead_pic : NULL;
    double pic_h = 0, fig_h = 0;
    if (fig) {
        if (commit || mm->fig_h[v->pic] <= 0) {
            pdf_figure_size(m->ctx, fig, frame_w(m, v->pic), (m->y1 - m->y0) * g->pic_max);
            mm->fig_h[v->pic] = fig->h;
        }
        fig_h = mm->fig_h[v->pic];
        pic_h = fig_h + L;
    }
    if (body_top + pic_h + 2 * L > limit + 0.01)
        return 0;
    col cols[MAX_COLS];
    int rtl = s && s->rtl;
    col_setup(m, cols, v->c0, nc, rtl, body_top, limit);
    for (int c = 0; c < v->pic; c++)
        cols[c].top += pic_h;
    int force = 1;
    double foot;
    size_t reached;
    if (!v->cut) {
        foot = col_balance(m, fl, from, n, cols, nc, &force);
        if (foot < 0)
            return 0;
        reached = n;
        double under = fig ? foot - (body_top + pic_h) : 0;
        if (fig && v->pic < nc && under > 0.5 && under < 4 * L - 0.5) {
            /* a line or two under the picture looks lost: none there */
            col alt[MAX_COLS];
            memcpy(alt, cols, sizeof alt);
            for (int c = 0; c < nc; c++)
                alt[c].bottom = limit;
            for (int c = 0; c < v->pic; c++)
                alt[c].top = limit;
            int f2 = 1;
            double foot2 = col_balance(m, fl, from, n, alt, nc, &f2);
            if (foot2 > 0 && foot2 <= body_top + fig_h + 0.5) {
                memcpy(cols, alt, sizeof alt);
                force = f2;
                foot = foot2;
            }
        }
        if (fig && foot < body_top + fig_h)
            foot = body_top + fig_h;
        if (foot > limit)
            foot = limit; /* the balancing's rounding margin */
    } else {
        force = 0;
        reached = col_fill(m, fl, from, n, cols, nc, jumpL, force, 0, -1);
        /* something in every column, and no last lines left over for a
         * continuation of their own */
        if (reached <= from || reached >= n || lines_in(fl, reached, n) < (size_t)g->min_start_lines)
            return 0;
        for (int c = 0; c < nc; c++)
            if (cols[c].used < 2 * L - 0.01)
                return 0;
        foot = limit;
    }
    v->h = foot - top;
    v->reached = reached;
    if (!commit)
        return 1;
    if (!v->cut) {
        /* level columns, down to the foot the planner gave it: shared
         * evenly, then each spread to that foot */
        for (int c = 0; c < nc; c++)
            cols[c].spread_to = foot + v->stretch;
        v->h += v->stretch;
    } else {
        /* a jump fills its columns to the foot, the last one to its
         * "Continued on page N" line; a keep may end one early */
        for (int c = 0; c < nc; c++)
            cols[c].spread_to = foot - (c == nc - 1 ? jumpL : 0);
    }

    /* set it */
    int story = s ? (int)s->index : -1;
    mk_report_area(m, story, nc, x, top, width, v->h);
    if (kick) {
        mk_emit_rule(m, x, top, width, 0, 2.5);
        double ky = mk_emit_para(m, kick, x, top + 4, width) + 3;
        mk_emit_rule(m, x, ky, width, 0, g->rule);
    }
    y = head_top;
    if (bh) {
        mk_emit_para(m, bh, x, y, width);
        for (size_t i = 0; i < p->nbriefs; i++)
            record_segment(m, p->briefs[i], top);
    } else if (from == 0) {
        record_segment(m, s, top);
        y = mk_emit_para(m, s->pc->head, x, y, width);
        if (s->pc->deck)
            y = mk_emit_para(m, s->pc->deck, x, y + 3, width);
        if (s->pc->byline)
            mk_emit_para(m, s->pc->byline, x, y + 3, width);
    } else {
        record_segment(m, s, top);
        y = mk_emit_para(m, ch, x, y, width);
        jump_line(m, DL_JUMP_IN, s, x, y, width);
    }
    if (fig) {
        double fx = cols[v->pic - 1].x < cols[0].x ? cols[v->pic - 1].x : cols[0].x;
        mk_emit_figure(m, fig, fx, body_top, fig->w, story);
    }
    for (int c = 0; c < nc; c++)
        cols[c].bottom = foot;
    if (!v->cut)
        col_even(m, fl, from, n, cols, nc, foot, force);
    col_fill(m, fl, from, n, cols, nc, v->cut ? jumpL : 0, force, 1, story);
    col_rules(m, cols, nc);
    if (v->cut)
        jump_line(m, DL_JUMP_OUT, s, cols[nc - 1].x, foot - jumpL, cols[nc - 1].w);
    return 1;
}

void mk_place_whole(mk *m, pdf_story *s)
{
    pdf_ctx *ctx = m->ctx;
    int nc = ctx->st.g.columns;
    piece p;
    memset(&p, 0, sizeof p);
    p.s = s;
    p.section = -1;
    p.jumpable = 1;
    p.lead = 1;
    p.has_pic = s->pic != NULL;
    module v;
    memset(&v, 0, sizeof v);
    v.p = &p;
    v.span = nc;
    v.rank = 1;
    for (;;) {
        v.pic = p.from == 0 ? mod_pic_span(m, &p, nc) : 0;
        v.y = m->y;
        v.cut = 0;
        if (mod_set(m, &v, m->y1, 0)) {
            mod_set(m, &v, m->y1, 1);
            break;
        }
        v.cut = 1;
        if (mod_set(m, &v, m->y1, 0)) {
            mod_set(m, &v, m->y1, 1);
            p.from = v.reached;
        } else if (v.pic) {
            /* no room with the picture: without it */
            p.has_pic = 0;
            continue;
        } else {
            /* an entry taller than a column: left out rather than loop */
            pdf_warn_story(ctx, s, "an element taller than a column was left out");
            if (++p.from >= s->pc->nfl)
                break;
        }
        mk_new_page(m, m->section, m->title);
    }
    piece_free(&p);
}
