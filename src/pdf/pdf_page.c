/* PDF page make-up of a whole paper: the front page, then the sections'
 * stories in order on pages of their own (a later story that fits whole
 * fills the foot of a page), the rest of the front page's stories after the
 * first section's header; with --article, every story on pages of its own. */
#include "pdf.h"
#include "pdf_makeup.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

static int rank_here(const mk *m)
{
    return m->y <= m->content_top + 0.5 ? 2 : 3;
}

/* The rest of front page stories, from their resume entries. */
static void place_jumps(mk *m, pdf_story **jumps, size_t nj)
{
    for (size_t i = 0; i < nj; i++) {
        pdf_story *s = jumps[i];
        size_t r = s->resume;
        while (r < s->nfl) {
            size_t r2 = mk_place_story(m, s, r, 2, m->y1, 0, 0);
            if (r2 == r) {
                mk_new_page(m, m->section, m->title);
                r2 = mk_place_story(m, s, r, 2, m->y1, 0, 1);
                if (r2 == r)
                    r2 = r + 1;
            }
            r = r2;
            if (r < s->nfl)
                mk_new_page(m, m->section, m->title);
        }
    }
}

/* Stories of one section, in order, on a new page (after the section's
 * header when `header`), the front page's jumps first. */
static void place_list(mk *m, pdf_story **list, size_t n, int section, const char *title,
                       int header, pdf_story **jumps, size_t nj)
{
    mk_new_page(m, section, title);
    if (header)
        mk_section_header(m, title);
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
            taken = mk_place_briefs(m, q, k, fresh, m->y1);
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
            if (m->y + mk_start_need(m, s, rank) <= m->y1 + 0.01 || fresh) {
                size_t before = s->nseg;
                mk_place_whole(m, s, rank);
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
                if (mk_place_briefs(m, q + k, 1, 0, m->y1)) {
                    memmove(q + k, q + k + 1, (qn - k - 1) * sizeof *q);
                    qn--;
                    placed = 1;
                }
                continue;
            }
            int rank = 3;
            if (m->y + mk_start_need(m, t, rank) > m->y1)
                continue;
            if (mk_place_story(m, t, 0, rank, m->y1, 1, 0) >= t->nfl) {
                mk_place_story(m, t, 0, rank, m->y1, 0, 0);
                memmove(q + k, q + k + 1, (qn - k - 1) * sizeof *q);
                qn--;
                placed = 1;
            }
        }
        if (!placed) {
            mk_new_page(m, section, title);
            fresh = 1;
        }
    }
    free(q);
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
            mk_place_whole(&m, s, 1);
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
    mk_front_page(&m, &jumps, &nj, &unused);
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
        mk_new_page(&m, -2, "From page 1");
        place_jumps(&m, jumps, nj);
    }
    free(jumps);
    return NP_OK;
}
