/* The front page: masthead, the lead and the next stories by urgency (or
 * the package's front group), briefs in the room left, and the "Inside"
 * index of what is not on the front. */
#include "pdf.h"
#include "pdf_makeup.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the front page ------------------------------------------------------------ */

static void masthead(mk *m)
{
    pdf_ctx *ctx = m->ctx;
    double w = m->x1 - m->x0, y = m->y0;
    np_buf t = NP_BUF_INIT;
    /* ears: volume and issue left, edition right */
    np_buf_printf(&t, "Vol. %zu \xc2\xb7 No. %zu", ctx->volume_no, ctx->issue_no);
    pt_para *l = mk_text_para(m, R_MASTINFO, t.data, PT_START, w);
    const char *edition = ctx->o->edition ? ctx->o->edition : ctx->st.edition;
    pt_para *r = edition ? mk_text_para(m, R_MASTINFO, edition, PT_END, w) : NULL;
    double ih = ctx->st.r[R_MASTINFO].leading;
    mk_emit_line(m, l, 0, m->x0, y, w, ih);
    if (r)
        mk_emit_line(m, r, 0, m->x0, y, w, ih);
    if (ctx->st.motto) {
        pt_para *mo = mk_text_para(m, R_MASTINFO, ctx->st.motto, PT_CENTER, w);
        mk_emit_line(m, mo, 0, m->x0, y, w, ih);
    }
    y += ih + 2;
    pt_para *name = mk_text_para(m, R_MAST, ctx->st.paper, PT_CENTER, w);
    y = mk_emit_para(m, name, m->x0, y, w);
    y += 3;
    mk_emit_rule(m, m->x0, y, w, 0, 2.5);
    y += 3;
    mk_emit_rule(m, m->x0, y, w, 0, ctx->st.g.rule);
    y += 2;
    np_buf_reset(&t);
    np_buf_puts(&t, np_buf_cstr(&ctx->date_text));
    pt_para *d = mk_text_para(m, R_MASTINFO, t.data, PT_START, w);
    mk_emit_line(m, d, 0, m->x0, y, w, ih);
    /* "Page 1 of N": N is known when the pages are made */
    dl_obj *o = mk_add_box(m, DL_TEXT, m->x0, y, w, ih);
    o->role = &ctx->st.r[R_MASTINFO];
    o->align = PT_END;
    o->base = mk_role_baseline(ctx, o->role, ih);
    y += ih + 2;
    mk_emit_rule(m, m->x0, y, w, 0, ctx->st.g.rule);
    y += mk_leading(ctx);
    m->y = y;
    m->content_top = y;
    np_buf_free(&t);
}

/* The "Inside" index: sections and their stories with page numbers. */
static void index_flow(mk *m, flow *f, int compact)
{
    pdf_ctx *ctx = m->ctx;
    double cw = mk_colw(m);
    np_buf short_head = NP_BUF_INIT;
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
            gap.h = mk_leading(ctx) * 0.5;
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
            if (!s->title || strlen(s->title) > 70)
                pt_adds(p, pdf_story_short_head(s, &short_head), 0);
            else
                pt_adds(p, s->title, 0);
            pt_finish(p);
            pt_break(p, cw);
            flow_para(f, p, 0);
        }
    }
    np_buf_free(&short_head);
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
    col_setup(m, cols, 0, nc, 0, top + hh, m->y1);
    int fc = 1;
    double foot = col_balance(m, f->v, 0, f->n, cols, nc, &fc);
    if (foot < 0)
        return -1;
    if (commit) {
        mk_report_area(m, -1, nc, m->x0, top, w, m->y1 - top);
        mk_emit_rule(m, m->x0, top, w, 0, 2.5);
        pt_para *p = mk_text_para(m, R_INDEXHEAD, "Inside", PT_START, w);
        mk_emit_line(m, p, 0, m->x0, top + 4, w, ctx->st.r[R_INDEXHEAD].leading);
        col_setup(m, cols, 0, nc, 0, top + hh, foot);
        col_fill(m, f->v, 0, f->n, cols, nc, 0, fc, 1, -1);
        col_rules(m, cols, nc);
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
    int u = s->urgency;
    return u >= 1 && u <= 9 ? u : 5;
}

/* May this story be on the front page?  Never one with no body words (an
 * alert, a picture alone, a dateline with no text). */
static int front_worthy(const pdf_story *s)
{
    return s && s->has_words;
}

/* Which stories go on the front page: the package's front group, else the
 * lead (package order, else the most urgent) and the next most urgent. */
static size_t choose_front(pdf_ctx *ctx, pdf_story **front, size_t max)
{
    size_t n = 0;
    const np_sections *ss = &ctx->sections;
    if (!ss->n)
        return 0;
    const np_section *s0 = &ss->v[0];
    if (s0->from_package && s0->title && has_word_front(s0->title)) {
        for (size_t k = 0; k < s0->n && n < max; k++)
            if (front_worthy(ctx->stories[s0->items[k]]))
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
            if (front_worthy(ctx->stories[ss->v[i].items[k]]))
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

/* The index for the stories on the front now: its flow and height. */
static double index_now(mk *m, flow *idx)
{
    idx->n = 0;
    int many = index_too_long(m);
    index_flow(m, idx, many);
    double ih = index_band(m, idx, 0, m->y0);
    if (!many && (ih < 0 || ih > (m->y1 - m->y0) * 0.4)) {
        idx->n = 0;
        index_flow(m, idx, 1);
        ih = index_band(m, idx, 0, m->y0);
    }
    return ih < 0 ? 0 : ih;
}

enum { FRONT_FILLERS = 6 };

static void front_piece(piece *p, pdf_story *s, int jumpable)
{
    memset(p, 0, sizeof *p);
    p->s = s;
    p->section = -1; /* no section heads on the front page */
    p->jumpable = jumpable;
    p->has_pic = s->pic != NULL;
}

void mk_front_page(mk *m, piece **jumps, size_t *njumps)
{
    pdf_ctx *ctx = m->ctx;
    const pdf_geom *g = &ctx->st.g;
    size_t max = (size_t)g->front_stories + 1;
    pdf_story *front[16];
    size_t nf = choose_front(ctx, front, max < 16 ? max : 16);
    /* the front stories jump when they must; after them, the next stories
     * of the paper that fit whole fill the page */
    piece *fp = np_xrealloc(NULL, (nf + FRONT_FILLERS + 1) * sizeof *fp);
    size_t n = 0;
    for (size_t i = 0; i < nf; i++) {
        front[i]->on_front = 1;
        front_piece(&fp[n++], front[i], 1);
    }
    if (n)
        fp[0].lead = 1;
    for (size_t si = 0; si < ctx->sections.n && n < nf + FRONT_FILLERS; si++)
        for (size_t k = 0; k < ctx->sections.v[si].n && n < nf + FRONT_FILLERS; k++) {
            pdf_story *s = ctx->stories[ctx->sections.v[si].items[k]];
            if (front_worthy(s) && !s->on_front && !s->brief)
                front_piece(&fp[n++], s, 0);
        }
    mk_new_page(m, -1, "Front page");
    masthead(m);
    mk_report_area(m, -1, g->columns, m->x0, m->y0, m->x1 - m->x0, m->y - m->y0);
    /* the index lists what is not on the front: it is made again until
     * the stories on the front and the index agree */
    flow idx = {0};
    double ih = 0, bottom = m->y1, empty;
    uint64_t placed = 0;
    for (int round = 0; round < 4; round++) {
        ih = index_now(m, &idx);
        bottom = ih > 0 ? m->y1 - ih - g->band_gap : m->y1;
        mk_plan_page(m, fp, n, bottom, PLAN_LEAD | PLAN_FILL, &placed, &empty);
        int changed = 0;
        for (size_t i = 0; i < n; i++) {
            int on = (int)(placed >> i & 1);
            changed |= on != fp[i].s->on_front;
            fp[i].s->on_front = on;
        }
        if (!changed)
            break;
    }
    mk_plan_page(m, fp, n, bottom, PLAN_LEAD | PLAN_FILL | PLAN_COMMIT, &placed, &empty);
    size_t nj = 0;
    for (size_t i = 0; i < n; i++) {
        piece_free(&fp[i]); /* what goes on is the story and where */
        fp[i].s->on_front = (int)(placed >> i & 1);
        if (fp[i].s->on_front && fp[i].from > 0)
            fp[nj++] = fp[i];
        else if (fp[i].s->on_front)
            pdf_story_done(ctx, fp[i].s, m->page);
    }
    /* the index in the room kept for it (a story that found no room after
     * all makes it longer: then it lists the sections only) */
    if (ih > 0) {
        double top = bottom + g->band_gap;
        double h = index_now(m, &idx);
        if (h > m->y1 - top + 0.01) {
            idx.n = 0;
            index_flow(m, &idx, 1);
        }
        index_band(m, &idx, 1, top);
    }
    free(idx.v);
    *jumps = fp;
    *njumps = nj;
}
