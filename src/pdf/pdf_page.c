/* PDF page make-up of a whole paper: the front page, then the rest of its
 * stories and the sections' stories in order, on pages of modules the
 * planner chooses (pdf_plan.c); a section opens with one section head over
 * its first module (its later pages name it in the folio only), or (the
 * style's section_break = page) on a new page under its head across the
 * type area when the page before is full.  With --article, every story on
 * pages of its own. */
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

/* Every story's piece is queued before the first page; as the pages
 * take them, the queue's memory goes back for theirs: cut to an eighth
 * over what is left whenever half of it is free. */
static void q_shrink(queue *q)
{
    if (q->cap > 256 && q->n < q->cap / 2) {
        q->cap = q->n + q->n / 8;
        q->v = np_xreallocarray(q->v, q->cap, sizeof *q->v);
    }
}

static void q_free(queue *q)
{
    for (size_t i = 0; i < q->n; i++)
        piece_free(&q->v[i]);
    free(q->v);
}

static void story_piece(queue *q, pdf_story *s, size_t from)
{
    piece *p = q_push(q);
    p->s = s;
    p->from = from;
    p->section = s->section;
    p->jumpable = 1; /* if it is longer than a page */
    p->has_pic = from == 0 && s->pic;
}

enum { BRIEFS_PER_MODULE = 8 };


/* The stories of section si not on the front page: each a piece, the
 * briefs gathered in briefs modules at the section's end. */
static void section_pieces(pdf_ctx *ctx, queue *q, size_t si)
{
    const np_section *sec = &ctx->sections.v[si];
    piece *b = NULL;
    size_t first = q->n;
    for (size_t j = 0; j < sec->n; j++) {
        pdf_story *s = ctx->stories[sec->items[j]];
        if (s && !s->on_front && !s->brief)
            story_piece(q, s, 0);
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
    for (size_t i = first; i < q->n; i++)
        q->v[i].opens = 1;
}

/* A piece is set whole (or left out): its stories go once drawn. */
static void piece_done(mk *m, const piece *p)
{
    if (p->s)
        pdf_story_done(m->ctx, p->s, m->page);
    for (size_t i = 0; i < p->nbriefs; i++)
        pdf_story_done(m->ctx, p->briefs[i], m->page);
}

/* Section `sec` has its head: none over its other pieces. */
static void section_opened(queue *q, int sec)
{
    for (size_t i = 0; i < q->n; i++)
        if (q->v[i].section == sec)
            q->v[i].opens = 0;
}

/* Plan the page from the first `nq` pieces of the queue (more wait after
 * them: the page must be full); with `if_full`, set it only if it is full.
 * Returns the number of modules (0: none, or not set). */
static int plan_nq(mk *m, queue *q, size_t nq, int if_full, uint64_t *placed)
{
    double empty;
    int fill = nq < q->n ? PLAN_FILL : 0;
    /* whole stories (and those longer than a page cut); a page they
     * cannot fill: one that fits a page may jump too */
    int n = mk_plan_page(m, q->v, nq, m->y1, PLAN_COMMIT | PLAN_IF_FULL | fill, placed, &empty);
    if (!n || empty <= PLAN_MAX_EMPTY)
        return n;
    double e2;
    uint64_t p2;
    mk_plan_page(m, q->v, nq, m->y1, PLAN_CUTS | fill, &p2, &e2);
    int cuts = e2 < empty - 0.01 ? PLAN_CUTS : 0;
    if (if_full && (cuts ? e2 : empty) > PLAN_MAX_EMPTY)
        return 0;
    return mk_plan_page(m, q->v, nq, m->y1, PLAN_COMMIT | cuts | fill, placed, &empty);
}

/* Pages of modules until the queue is empty.  With `heads` (the style's
 * section_break = page), a section opens a new page under its head across
 * the type area; only when the page before would stay more than
 * PLAN_MAX_EMPTY empty does the next section open in its room, under a
 * section head over its first module, as when sections share pages. */
static void fill_pages(mk *m, queue *q, int heads)
{
    pdf_ctx *ctx = m->ctx;
    while (q->n) {
        int sec = q->v[0].section;
        const char *title = sec >= 0 ? ctx->sections.v[sec].title : "";
        mk_new_page(m, sec, title);
        if (heads && q->v[0].opens && q->v[0].from == 0) {
            mk_section_header(m, title);
            section_opened(q, sec); /* its head is the page's */
        }
        size_t from[64];
        for (size_t i = 0; i < q->n && i < 64; i++) {
            if (!q->v[i].s && !q->v[i].fl.n)
                mod_briefs_flow(m, &q->v[i]);
            from[i] = q->v[i].from;
        }
        uint64_t placed = 0;
        /* this section's pieces; the next sections' too if they do not
         * fill the page */
        size_t nq = q->n;
        if (heads)
            for (nq = 1; nq < q->n && q->v[nq].section == sec; nq++)
                ;
        int n = plan_nq(m, q, nq, nq < q->n, &placed);
        if (!n && nq < q->n)
            n = plan_nq(m, q, q->n, 0, &placed);
        piece *p = &q->v[0];
        if (!n && p->s && p->page_fit >= 0) {
            /* no room for it whole even on a page of its own: it jumps */
            p->page_fit = -1;
            n = plan_nq(m, q, q->n, 0, &placed);
        }
        if (!n) {
            pdf_warn_story(ctx, p->s,
                           "a story or its element taller than a page was left out");
            placed = 1;
            from[0] = p->from = (size_t)-1;
        }
        for (size_t i = 0; i < q->n && i < 64; i++)
            if ((placed >> i & 1) && q->v[i].opens)
                section_opened(q, q->v[i].section);
        size_t k = 0;
        for (size_t i = 0; i < q->n; i++) {
            int done = i < 64 && (placed >> i & 1) && q->v[i].from == from[i];
            if (done) {
                piece_done(m, &q->v[i]);
                piece_free(&q->v[i]);
            } else {
                q->v[k++] = q->v[i];
            }
        }
        q->n = k;
        q_shrink(q);
    }
}

/* ---- whole documents -------------------------------------------------------------- */

static void mark_briefs(pdf_ctx *ctx)
{
    for (size_t i = 0; i < ctx->c->n; i++) {
        pdf_story *s = ctx->stories[i];
        if (!s)
            continue;
        s->brief = pdf_story_is_brief(ctx, s->body_lines);
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
            pdf_story_done(ctx, s, m.page);
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
        story_piece(&q, jumps[i].s, jumps[i].from);
    free(jumps);
    for (size_t si = 0; si < ctx->sections.n; si++)
        section_pieces(ctx, &q, si);
    fill_pages(&m, &q, ctx->st.g.section_pages);
    q_free(&q);
    return NP_OK;
}
