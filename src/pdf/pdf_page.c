/* PDF page make-up of a whole paper: the front page, then the rest of its
 * stories and the sections' stories in order, on pages of modules the
 * planner chooses (pdf_plan.c); a section opens with a section head over
 * its first module on a page, or (the style's section_break = page) on a
 * page of its own.  With --article, every story on pages of its own. */
#include "pdf.h"
#include "pdf_makeup.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

/* The pieces waiting for a page, in reading order. */
typedef struct queue {
    piece *v;
    size_t n, cap;
} queue;

static piece *q_push(queue *q)
{
    NP_GROW(q->v, q->n, q->cap, 32);
    piece *p = &q->v[q->n++];
    memset(p, 0, sizeof *p);
    return p;
}

static void q_free(queue *q)
{
    for (size_t i = 0; i < q->n; i++) {
        free(q->v[i].briefs);
        free(q->v[i].fl.v);
    }
    free(q->v);
}

/* A story longer than a page even across every column may jump. */
static int too_long(const pdf_ctx *ctx, const pdf_story *s)
{
    const pdf_geom *g = &ctx->st.g;
    double page = g->page_h - g->m_top - g->m_bottom;
    return (double)s->body_lines * ctx->st.r[R_BODY].leading / g->columns > page * 0.8;
}

static void story_piece(pdf_ctx *ctx, queue *q, pdf_story *s, size_t from)
{
    piece *p = q_push(q);
    p->s = s;
    p->from = from;
    p->section = s->section;
    p->jumpable = too_long(ctx, s);
    p->has_pic = from == 0 && s->lead_pic && s->lead_pic->pic;
}

enum { BRIEFS_PER_MODULE = 8 };


/* The stories of section si not on the front page: each a piece, the
 * briefs gathered in briefs modules at the section's end. */
static void section_pieces(pdf_ctx *ctx, queue *q, size_t si)
{
    const np_section *sec = &ctx->sections.v[si];
    piece *b = NULL;
    for (size_t j = 0; j < sec->n; j++) {
        pdf_story *s = ctx->stories[sec->items[j]];
        if (s && !s->on_front && !s->brief)
            story_piece(ctx, q, s, 0);
    }
    for (size_t j = 0; j < sec->n; j++) {
        pdf_story *s = ctx->stories[sec->items[j]];
        if (!s || s->on_front || !s->brief)
            continue;
        if (!b || b->nbriefs == BRIEFS_PER_MODULE) {
            b = q_push(q);
            b->section = (int)si;
            b->briefs = np_xrealloc(NULL, BRIEFS_PER_MODULE * sizeof *b->briefs);
        }
        b->briefs[b->nbriefs++] = s;
    }
}

/* Pages of modules until the queue is empty; with `heads`, the first page
 * opens with the section's head across the type area. */
static void fill_pages(mk *m, queue *q, int heads)
{
    pdf_ctx *ctx = m->ctx;
    int first = 1;
    while (q->n) {
        int sec = q->v[0].section;
        const char *title = sec >= 0 ? ctx->sections.v[sec].title : "";
        mk_new_page(m, sec, title);
        if (heads && first)
            mk_section_header(m, title);
        first = 0;
        size_t from[64];
        for (size_t i = 0; i < q->n && i < 64; i++) {
            if (!q->v[i].s && !q->v[i].fl.n)
                mod_briefs_flow(m, &q->v[i]);
            from[i] = q->v[i].from;
        }
        uint64_t placed = 0;
        double empty;
        /* a page that cannot be filled with whole stories: one may jump */
        int n = mk_plan_page(m, q->v, q->n, m->y1, PLAN_COMMIT | PLAN_IF_FULL, &placed, &empty);
        if (n && empty > PLAN_MAX_EMPTY) {
            double e2;
            uint64_t p2;
            mk_plan_page(m, q->v, q->n, m->y1, PLAN_CUTS, &p2, &e2);
            n = mk_plan_page(m, q->v, q->n, m->y1, PLAN_COMMIT | (e2 < empty - 0.01 ? PLAN_CUTS : 0),
                             &placed, &empty);
        }
        if (!n) {
            piece *p = &q->v[0];
            if (p->s && !p->jumpable) {
                /* no room even on a page of its own: let it jump */
                p->jumpable = 1;
                n = mk_plan_page(m, q->v, q->n, m->y1, PLAN_COMMIT, &placed, &empty);
            }
            if (!n) {
                pdf_warn(ctx, p->s ? p->s->where : NULL, 0,
                         "a story or its element taller than a page was left out");
                placed = 1;
                from[0] = p->from = (size_t)-1;
            }
        }
        size_t k = 0;
        for (size_t i = 0; i < q->n; i++) {
            int done = i < 64 && (placed >> i & 1) && q->v[i].from == from[i];
            if (done) {
                free(q->v[i].briefs);
                free(q->v[i].fl.v);
            } else {
                q->v[k++] = q->v[i];
            }
        }
        q->n = k;
    }
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
            mk_new_page(&m, (int)si, sec->title);
            mk_place_whole(&m, s);
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
    piece *jumps = NULL;
    size_t nj = 0;
    mk_front_page(&m, &jumps, &nj);
    /* inside: the rest of the front page's stories first, then the
     * sections, sharing pages unless the style gives each its own */
    queue q = {0};
    for (size_t i = 0; i < nj; i++)
        story_piece(ctx, &q, jumps[i].s, jumps[i].from);
    free(jumps);
    for (size_t si = 0; si < ctx->sections.n; si++) {
        section_pieces(ctx, &q, si);
        if (ctx->st.g.section_pages && q.n) {
            fill_pages(&m, &q, 1);
            q.n = 0;
        }
    }
    fill_pages(&m, &q, 0);
    q_free(&q);
    return NP_OK;
}
