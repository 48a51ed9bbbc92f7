/* Page make-up's output: lines, rules, figures and one-line texts added to
 * the display list at top-left coordinates of the current page. */
#include "pdf.h"
#include "pdf_makeup.h"
#include "util/alloc.h"

double mk_leading(const pdf_ctx *ctx)
{
    return ctx->st.r[R_BODY].leading;
}

double mk_colw(const mk *m)
{
    const pdf_geom *g = &m->ctx->st.g;
    return (m->x1 - m->x0 - g->gutter * (g->columns - 1)) / g->columns;
}

/* Baseline of a line of `p` in a line box `h` high. */
double mk_baseline(const pt_para *p, double h)
{
    double a = pt_ascent(p), d = pt_descent(p);
    double b = (h + a - d) / 2;
    if (b > h - d * 0.6)
        b = h - d * 0.6;
    return b;
}

/* The same for a text made later in role `r`. */
double mk_role_baseline(const pdf_ctx *ctx, const pdf_role *r, double h)
{
    double a = pf_ascent(ctx->pf, r->face[0]) * r->size / 1000.0;
    double d = pf_descent(ctx->pf, r->face[0]) * r->size / 1000.0;
    double b = (h + a - d) / 2;
    if (b > h - d * 0.6)
        b = h - d * 0.6;
    return b;
}

/* ---- display list helpers ---------------------------------------------- */

dl_obj *mk_add_box(mk *m, dl_kind kind, double x, double y, double w, double h)
{
    dl_obj *o = pdf_dl_add(m->ctx, kind, m->page);
    o->x = x;
    o->y = y;
    o->w = w;
    o->h = h;
    return o;
}

void mk_emit_line(mk *m, pt_para *p, size_t line, double x, double y, double w, double h)
{
    dl_obj *o = mk_add_box(m, DL_LINE, x, y, w, h);
    o->para = p;
    o->line = line;
    p->emitted++;
    p->pending++;
    o->base = mk_baseline(p, h);
    if (p->link >= 0) {
        if (line + 1 == pt_nlines(p)) {
            dl_obj *n = mk_add_box(m, DL_PAGENO, x, y, w, h);
            n->base = o->base;
            n->story = p->link;
            n->role = p->role;
        }
        dl_obj *l = mk_add_box(m, DL_LINK, x, y, w, h);
        l->story = p->link;
    }
}

/* All lines of a paragraph from y; returns the y below them. */
double mk_emit_para(mk *m, pt_para *p, double x, double y, double w)
{
    for (size_t i = 0; i < pt_nlines(p); i++) {
        mk_emit_line(m, p, i, x, y, w, p->role->leading);
        y += p->role->leading;
    }
    return y;
}

void mk_emit_rule(mk *m, double x, double y, double w, double h, double lw)
{
    mk_add_box(m, DL_RULE, x, y, w, h)->lw = lw;
}

static void text_para(pt_para *p, const char *text, int align, double w)
{
    p->align = align;
    p->hyphenate = 0;
    pt_adds(p, text, 0);
    pt_finish(p);
    pt_break(p, w);
}

/* A one-line text of a role, aligned in [x, x+w); returns its para. */
pt_para *mk_text_para(mk *m, int role, const char *text, int align, double w)
{
    pt_para *p = pdf_para_new(m->ctx, &m->ctx->st.r[role]);
    text_para(p, text, align, w);
    return p;
}

void mk_emit_text(mk *m, int role, const char *text, int align, double x, double y, double w,
                  double h)
{
    /* as pdf_para_new() makes it, but not the context's */
    pt_para *p = np_xrealloc(NULL, sizeof *p);
    pt_init(p, m->ctx, &m->ctx->st.r[role]);
    p->story = m->ctx->cur;
    text_para(p, text, align, w);
    mk_emit_line(m, p, 0, x, y, w, h);
    m->ctx->dl[m->ctx->ndl - 1].own_para = 1;
}

void mk_emit_figure(mk *m, pdf_figure *fig, double x, double y, double w, int story)
{
    double yy = y;
    if (fig->pic) {
        dl_obj *o = mk_add_box(m, DL_PIC, x + (w - fig->img_w) / 2, yy, fig->img_w, fig->img_h);
        o->pic = fig->pic;
        o->story = story;
        yy += fig->img_h + 3;
    }
    if (fig->caption)
        yy = mk_emit_para(m, fig->caption, x, yy, w);
    if (fig->credit)
        mk_emit_para(m, fig->credit, x, yy, w);
}
