/* The page planner: a page of modules on the column grid, chosen by a
 * bounded (beam) search over the pieces waiting and their variants.
 *
 * A partial page is a skyline: for each grid column, where its free space
 * starts.  A step takes the lowest free segment (leftmost of the lowest
 * columns, as wide as the columns level with it) and either sets a module
 * there (one of the next few pieces, in a span that fits the segment, with
 * or without its picture; a piece that may jump also cut at the page foot
 * or part way down) or gives the segment up as empty space down to its
 * lower neighbour (or the foot).  The fitness of a page is its empty area
 * plus penalties for taking pieces out of reading order, leaving out a
 * picture, cutting a story, tall narrow modules and a page of one span;
 * the best partial pages of each step are kept (a beam), and a page that
 * comes out with room left is searched again with a wider beam and window.
 * The first module of a page is its lead, at the top left with the page's
 * biggest headline: on the front page the lead story, at least half the
 * page wide; inside, a first module under half the page wide is penalised
 * (cf. Strecker and Hennig, "Automatic Layouting of Personalized Newspaper
 * Pages": article variants on a grid, fitness of relevance and looks). */
#include "pdf.h"
#include "pdf_makeup.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

enum {
    BEAM = 48,       /* partial pages kept per step (first try) */
    WINDOW = 8,      /* pieces looked at for a segment, in order (first try) */
    TRIES = 3,       /* a page that comes out with room left is searched again, wider */
    PER_PARENT = 6,  /* of them, children of one partial page */
    MAX_STEPS = 160
};

/* penalties, in fractions of the page's area */
#define PEN_ORDER 0.012   /* per piece passed over */
#define PEN_SECTION 0.06  /* a piece of a later section before this one's end */
#define WASTE_OK 0.03     /* empty share of a page above which empty space costs 4 times */
#define PEN_NOPIC 0.06    /* a story set without its picture: worse than a cut */
#define PEN_CUT 0.03      /* a story cut, to go on on a later page */
#define PEN_TALL 0.004    /* per unit of height/width above 3 */
#define PEN_FLAT 0.04     /* per unit of height/width under 0.45: a strip of few lines */
#define PEN_FULL 0.03     /* a module across the page that is not its lead */
#define PEN_ONESPAN 0.04  /* a page whose modules all have one span */
#define PEN_LEAD 0.03     /* a page whose first module is under half its width */

typedef struct node {
    int parent;      /* in the pool, -1: the empty page */
    module v;        /* what this step set (v.p NULL: space given up) */
    double lvl[MAX_COLS];
    uint64_t used;
    double waste, pen;
    double dead;     /* estimate: free space too low for any piece waiting */
    unsigned spans;  /* bit s: a module s columns wide */
    int cuts;        /* stories cut: the paper goes on after this page */
    int nmod;
} node;

/* A child of a partial page while the step's children are ranked: it
 * differs from its parent only in the columns [c0, c0 + w) (all at
 * `to`), its scores and the module it set (used, spans, cuts and nmod
 * follow from that), so it is kept in under half a node, its module's
 * small numbers in bytes (`piece`: index in the queue, -1: none); the
 * beam's choices are made whole again (grow()).  A step of a wide search
 * has thousands. */
typedef struct child {
    int parent;
    signed char c0, w, piece, span, pic, rank, kicker, cut;
    const double *base; /* the parent's levels (the pool does not move while ranking) */
    double to;
    double waste, pen, dead;
    double y, h, stretch; /* its module's */
    size_t reached;
} child;

typedef struct plan {
    mk *m;
    piece *q;
    size_t n;
    int lead, fill, cuts, nc;
    int beam, window;
    double minh[64][MAX_COLS + 1]; /* piece_minh(), [i][0] = 0: not yet */
    double top, bottom, area, colw, gap;
    node *pool;
    size_t npool, cappool;
    child *kids;
    size_t nkids, capkids;
} plan;

/* A child of partial page `at` (nd), to be changed and then kept with
 * keep_kid(). */
static node kid_of(const node *nd, int at)
{
    node k = *nd;
    k.parent = at;
    memset(&k.v, 0, sizeof k.v);
    return k;
}

/* Keep child k of pool[k->parent], which changed columns [c0, c0 + w). */
static void keep_kid(plan *pl, const node *k, int c0, int w)
{
    if (pl->nkids == pl->capkids) {
        pl->capkids = pl->capkids ? pl->capkids + pl->capkids / 2 : 256;
        pl->kids = np_xreallocarray(pl->kids, pl->capkids, sizeof *pl->kids);
    }
    child *c = &pl->kids[pl->nkids++];
    const module *v = &k->v;
    c->parent = k->parent;
    c->c0 = (signed char)c0;
    c->w = (signed char)w;
    c->piece = (signed char)(v->p ? v->p - pl->q : -1);
    c->span = (signed char)v->span;
    c->pic = (signed char)v->pic;
    c->rank = (signed char)v->rank;
    c->kicker = (signed char)v->kicker;
    c->cut = (signed char)v->cut;
    c->base = pl->pool[k->parent].lvl;
    c->to = k->lvl[c0];
    c->waste = k->waste;
    c->pen = k->pen;
    c->dead = k->dead;
    c->y = v->y;
    c->h = v->h;
    c->stretch = v->stretch;
    c->reached = v->reached;
}

/* The node child c stands for. */
static void grow(const plan *pl, const child *c, node *k)
{
    *k = kid_of(&pl->pool[c->parent], c->parent);
    for (int i = c->c0; i < c->c0 + c->w; i++)
        k->lvl[i] = c->to;
    k->waste = c->waste;
    k->pen = c->pen;
    k->dead = c->dead;
    module *v = &k->v;
    v->c0 = c->piece >= 0 ? c->c0 : 0;
    v->span = c->span;
    v->pic = c->pic;
    v->rank = c->rank;
    v->kicker = c->kicker;
    v->cut = c->cut;
    v->y = c->y;
    v->h = c->h;
    v->stretch = c->stretch;
    v->reached = c->reached;
    if (c->piece >= 0) {
        v->p = &pl->q[c->piece];
        k->used |= (uint64_t)1 << c->piece;
        k->nmod++;
        k->spans |= 1u << v->span;
        k->cuts += v->cut != 0;
    }
}

static double kid_lvl(const child *a, int c)
{
    return c >= a->c0 && c < a->c0 + a->w ? a->to : a->base[c];
}

static int by_score(const void *pa, const void *pb)
{
    const child *a = pa, *b = pb;
    double d = (a->waste + a->pen + a->dead) - (b->waste + b->pen + b->dead);
    if (d < -1e-12)
        return -1;
    if (d > 1e-12)
        return 1;
    /* more of the page set first, then the earlier made */
    for (int c = 0; c < MAX_COLS; c++) {
        double x = kid_lvl(a, c), y = kid_lvl(b, c);
        if (x != y)
            return x > y ? -1 : 1;
    }
    return (a->parent > b->parent) - (a->parent < b->parent);
}

/* Is some module of partial page `at` in piece p's section? */
static int section_on_page(const plan *pl, int at, const piece *p)
{
    for (int i = at; i >= 0; i = pl->pool[i].parent)
        if (pl->pool[i].v.p && pl->pool[i].v.p->section == p->section)
            return 1;
    return 0;
}

/* Height of piece p set whole in a module (measured once), or -1. */
static double whole_h(plan *pl, piece *p, int span, int pic, int rank, int kick)
{
    double *h = &mod_memo(p)->whole[span][pic > 0][rank - 1][kick];
    if (*h == 0) {
        module v = {.p = p, .span = span, .pic = pic, .rank = rank, .kicker = kick, .y = pl->top};
        *h = mod_set(pl->m, &v, pl->top + (pl->m->y1 - pl->m->y0), 0) ? v.h : -1;
    }
    return *h;
}

/* May piece q[i] be cut at a foot to go on on a later page?  On the front
 * page, its stories may jump (the paper's convention); inside, only a story
 * that would not fit whole on a page of its own: one that would fit goes
 * whole on a later page instead of being split. */
static int may_cut(plan *pl, size_t i)
{
    piece *p = &pl->q[i];
    if (!p->s || !p->jumpable)
        return 0;
    if (pl->lead)
        return 1;
    if (p->page_fit == 0) {
        /* with its section head: it may open its section on the page */
        int kick = p->opens && p->from == 0 && p->section >= 0;
        double h = whole_h(pl, p, pl->nc, 0, mod_rank(pl->m, p, pl->nc, 1), kick);
        p->page_fit = h > 0 && h <= pl->m->page_h + 0.01 ? 1 : -1;
    }
    return p->page_fit < 0;
}

/* The lowest whole module of piece q[i] at each width (-1: none). */
static const double *piece_minh(plan *pl, size_t i)
{
    double *h = pl->minh[i];
    if (h[0] == 0) {
        piece *p = &pl->q[i];
        double best = -1;
        for (int w = 1; w <= pl->nc; w++) {
            double x = whole_h(pl, p, w, 0, mod_rank(pl->m, p, w, 0), 0);
            if (x > 0 && (best < 0 || x < best))
                best = x;
            h[w] = best;
        }
        h[0] = 1;
    }
    return h;
}

/* Free space of partial page k that no piece waiting (the next window)
 * fits in whole, as a share of the page: what will stay empty. */
static void dead_space(plan *pl, node *k)
{
    double minh[MAX_COLS + 1];
    k->dead = 0;
    for (int w = 0; w <= pl->nc; w++)
        minh[w] = -1;
    int seen = 0;
    for (size_t i = 0; i < pl->n && i < 64 && seen < pl->window; i++) {
        if (k->used >> i & 1)
            continue;
        seen++;
        if (may_cut(pl, i))
            return; /* a cut fills any height */
        const double *h = piece_minh(pl, i);
        for (int w = 1; w <= pl->nc; w++)
            if (h[w] > 0 && (minh[w] < 0 || h[w] < minh[w]))
                minh[w] = h[w];
    }
    if (!seen)
        return;
    for (int c = 0; c < pl->nc;) {
        int w = 1;
        while (c + w < pl->nc && k->lvl[c + w] < k->lvl[c] + 0.01 && k->lvl[c + w] > k->lvl[c] - 0.01)
            w++;
        double rem = pl->bottom - k->lvl[c];
        /* a neighbour's foot lower down lets a wider module in later */
        if (rem > 0.01 && (minh[w] < 0 || rem < minh[w] * 0.94))
            k->dead += rem * w * pl->colw / pl->area;
        c += w;
    }
}

/* The child of `nd` that sets module v at column c0 of level y. */
static void add_module(plan *pl, int at, const module *v, double pen)
{
    const node *nd = &pl->pool[at];
    node kn = kid_of(nd, at), *k = &kn;
    k->v = *v;
    k->used |= (uint64_t)1 << (v->p - pl->q);
    k->nmod++;
    k->spans |= 1u << v->span;
    /* a whole module grows (its gaps and leading) to meet the page foot or
     * a neighbour's foot when what it leaves under it is too small for
     * any module */
    if (!v->cut) {
        double cap = v->h * 0.06, end = v->y + v->h;
        double to[3] = {pl->bottom, -1, -1};
        if (v->c0 > 0)
            to[1] = nd->lvl[v->c0 - 1] - pl->gap;
        if (v->c0 + v->span < pl->nc)
            to[2] = nd->lvl[v->c0 + v->span] - pl->gap;
        double best = -1;
        for (int i = 0; i < 3; i++)
            if (to[i] >= end && to[i] - end <= cap && (best < 0 || to[i] < best))
                best = to[i];
        if (best >= 0) {
            k->v.stretch = best - end;
            k->v.h += k->v.stretch;
        }
    }
    double foot = k->v.y + k->v.h + pl->gap;
    /* a foot within a gap of the page foot fills the column */
    if (foot > pl->bottom - pl->gap * 0.5)
        foot = pl->bottom;
    for (int c = v->c0; c < v->c0 + v->span; c++)
        k->lvl[c] = foot;
    double aspect = v->h / (v->span * pl->colw);
    k->pen += pen + (aspect > 3 ? (aspect - 3) * PEN_TALL : 0);
    if (aspect < 0.45)
        k->pen += (0.45 - aspect) * PEN_FLAT;
    if (v->span == pl->nc && nd->nmod > 0)
        k->pen += PEN_FULL;
    if (v->p->has_pic && !v->pic && v->p->from == 0)
        k->pen += PEN_NOPIC;
    if (v->cut) {
        k->pen += PEN_CUT;
        k->cuts++;
    }
    dead_space(pl, k);
    keep_kid(pl, k, v->c0, v->span);
}

/* Is a piece besides q[i] waiting after partial page nd? */
static int others_left(const plan *pl, const node *nd, size_t i)
{
    for (size_t j = 0; j < pl->n; j++)
        if (j != i && (j >= 64 || !(nd->used >> j & 1)))
            return 1;
    return 0;
}

/* Every way to go on from partial page `at`. */
static void expand(plan *pl, int at)
{
    const node nd = pl->pool[at];
    int nc = pl->nc, c0 = 0;
    for (int c = 1; c < nc; c++)
        if (nd.lvl[c] < nd.lvl[c0] - 0.01)
            c0 = c;
    double y = nd.lvl[c0];
    int w = 1;
    while (c0 + w < nc && nd.lvl[c0 + w] < y + 0.01 && nd.lvl[c0 + w] > y - 0.01)
        w++;
    double avail = pl->bottom - y;
    /* the page's first module is its lead: on the front page it must be
     * the lead story, at least half the page wide; inside, the first piece
     * wide is preferred */
    int first = nd.nmod == 0;
    int hard = first && pl->lead;
    int seen = 0, first_section = -2;
    for (size_t i = 0; i < pl->n && i < 64 && seen < pl->window; i++) {
        if (nd.used >> i & 1)
            continue;
        piece *p = &pl->q[i];
        if (first_section == -2)
            first_section = p->section;
        double pen = seen * PEN_ORDER + (p->section != first_section ? PEN_SECTION : 0);
        seen++;
        if (hard && i != 0)
            break;
        /* a section has one head, over its first module */
        int kick = p->opens && p->from == 0 && p->section >= 0 && !section_on_page(pl, at, p);
        int min_span = hard ? (nc + 1) / 2 : 1;
        for (int span = w; span >= min_span; span--) {
            double lead_pen = first && 2 * span < nc ? PEN_LEAD : 0;
            int rank = mod_rank(pl->m, p, span, first);
            int ps = p->from == 0 ? mod_pic_span(pl->m, p, span) : 0;
            for (int with = ps > 0; with >= 0; with--) {
                int pic = with ? ps : 0;
                double h = whole_h(pl, p, span, pic, rank, kick);
                module v = {.p = p, .c0 = c0, .span = span, .pic = pic, .rank = rank,
                            .kicker = kick, .y = y};
                if (h > 0 && h <= avail + 0.01) {
                    v.h = h;
                    add_module(pl, at, &v, pen + lead_pen);
                    continue;
                }
                int longer = may_cut(pl, i);
                if (!longer && !(pl->cuts && p->s && others_left(pl, &nd, i)))
                    continue;
                /* cut: at the foot, or part way down for stories under it */
                static const double share[] = {1.0, 0.55, 0.45};
                for (size_t k = 0; k < sizeof share / sizeof share[0]; k++) {
                    double lim = y + avail * share[k];
                    if (k && !longer)
                        break;
                    if (h > 0 && h <= lim - y + 0.01)
                        continue;
                    v.cut = 1;
                    if (mod_set(pl->m, &v, lim, 0)) {
                        v.h = lim - y;
                        add_module(pl, at, &v, pen + lead_pen);
                    }
                }
                v.cut = 0;
            }
        }
    }
    if (hard && pl->nkids)
        return;
    /* give the segment up down to its lower neighbour, or the foot */
    double to = pl->bottom;
    if (c0 > 0 && nd.lvl[c0 - 1] > y + 0.01 && nd.lvl[c0 - 1] < to)
        to = nd.lvl[c0 - 1];
    if (c0 + w < nc && nd.lvl[c0 + w] > y + 0.01 && nd.lvl[c0 + w] < to)
        to = nd.lvl[c0 + w];
    node k = kid_of(&nd, at);
    for (int c = c0; c < c0 + w; c++)
        k.lvl[c] = to;
    k.waste += (to - y) * (w * pl->colw) / pl->area;
    dead_space(pl, &k);
    keep_kid(pl, &k, c0, w);
}

/* Is the page done: full, or nothing left to set on it? */
static int complete(const plan *pl, const node *nd)
{
    int full = 1;
    for (int c = 0; c < pl->nc; c++)
        full &= nd->lvl[c] >= pl->bottom - 0.01;
    if (full)
        return 1;
    for (size_t i = 0; i < pl->n && i < 64; i++)
        if (!(nd->used >> i & 1))
            return 0;
    return 1;
}

/* The share of a done page left empty. */
static double final_empty(const plan *pl, const node *nd)
{
    double s = nd->waste;
    /* the end of the paper: what is left under the lowest foot is not a
     * hole, the page just ends (unless it must be full, or pieces wait) */
    int ends = !pl->fill && !nd->cuts && !others_left(pl, nd, (size_t)-1);
    double hi = ends ? pl->top : pl->bottom;
    for (int c = 0; c < pl->nc; c++)
        if (ends && nd->lvl[c] < pl->bottom && nd->lvl[c] > hi)
            hi = nd->lvl[c];
    for (int c = 0; c < pl->nc; c++)
        if (nd->lvl[c] < hi)
            s += (hi - nd->lvl[c]) * pl->colw / pl->area;
    return s;
}

/* The final fitness of a done page. */
static double final_score(const plan *pl, const node *nd)
{
    double s = final_empty(pl, nd);
    /* a story cut on the last page of a run: its end would be alone on a
     * page of its own */
    if (nd->cuts && !pl->fill && !others_left(pl, nd, (size_t)-1))
        s += 1;
    if (s > WASTE_OK)
        s += 3 * (s - WASTE_OK);
    s += nd->pen;
    int kinds = 0;
    for (unsigned b = nd->spans; b; b &= b - 1)
        kinds++;
    if (nd->nmod > 1 && kinds < 2)
        s += PEN_ONESPAN;
    return s;
}

static void pool_add(plan *pl, const node *nd)
{
    if (pl->npool == pl->cappool) {
        pl->cappool = pl->cappool ? pl->cappool * 2 : 256;
        pl->pool = np_xrealloc(pl->pool, pl->cappool * sizeof *pl->pool);
    }
    pl->pool[pl->npool++] = *nd;
}

/* Set the modules of the page ending in node `at`, top to bottom. */
static void commit_page(plan *pl, int at)
{
    mk *m = pl->m;
    const pdf_geom *g = &m->ctx->st.g;
    int depth = 0;
    for (int i = at; i >= 0; i = pl->pool[i].parent)
        depth++;
    int *chain = np_xrealloc(NULL, (size_t)(depth ? depth : 1) * sizeof *chain);
    int k = depth;
    for (int i = at; i >= 0; i = pl->pool[i].parent)
        chain[--k] = i;
    double cw = pl->colw;
    for (int j = 0; j < depth; j++) {
        module v = pl->pool[chain[j]].v;
        if (!v.p)
            continue;
        double lim = v.cut ? v.y + v.h : pl->bottom;
        mod_set(m, &v, lim, 1);
        double x = m->x0 + v.c0 * (cw + g->gutter), w = v.span * cw + (v.span - 1) * g->gutter;
        double foot = v.y + v.h;
        if (foot + g->band_gap < pl->bottom - 1)
            mk_emit_rule(m, x, foot + g->band_gap / 2, w, 0, g->rule);
        if (g->column_rules && v.c0 + v.span < pl->nc)
            mk_emit_rule(m, x + w + g->gutter / 2, v.y, 0, v.h, g->rule);
        if (v.cut) {
            /* the rest goes on from here; what was made for this span is drawn */
            v.p->from = v.reached;
            v.p->lead = 0;
            piece_memo *mm = mod_memo(v.p);
            memset(mm->whole, 0, sizeof mm->whole);
            memset(mm->kick, 0, sizeof mm->kick);
            memset(mm->head, 0, sizeof mm->head);
            v.p->page_fit = 0; /* does its rest fit a page? */
        }
    }
    free(chain);
}

/* One beam search over a fresh pool: the done page found best, or -1. */
static int search(plan *pl, double *best_s)
{
    pl->npool = 0;
    node root;
    memset(&root, 0, sizeof root);
    root.parent = -1;
    for (int c = 0; c < pl->nc; c++)
        root.lvl[c] = pl->top;
    pool_add(pl, &root);
    int *beam = np_xrealloc(NULL, (size_t)pl->beam * sizeof *beam);
    size_t nbeam = 1;
    beam[0] = 0;
    int best = -1;
    for (int step = 0; step < MAX_STEPS && nbeam; step++) {
        pl->nkids = 0;
        for (size_t b = 0; b < nbeam; b++)
            expand(pl, beam[b]);
        qsort(pl->kids, pl->nkids, sizeof *pl->kids, by_score);
        nbeam = 0;
        for (size_t i = 0; i < pl->nkids && nbeam < (size_t)pl->beam; i++) {
            node kn, *k = &kn;
            grow(pl, &pl->kids[i], k);
            /* one of each skyline and set of pieces: the best; and room
             * for other beginnings: a few children of each partial page */
            int dup = 0, same = 0;
            for (size_t b = 0; b < nbeam && !dup; b++) {
                const node *o = &pl->pool[beam[b]];
                dup = o->used == k->used && !memcmp(o->lvl, k->lvl, sizeof o->lvl);
                same += o->parent == k->parent;
            }
            if (dup || same >= PER_PARENT)
                continue;
            if (complete(pl, k)) {
                double s = final_score(pl, k);
                if (best < 0 || s < *best_s - 1e-12) {
                    pool_add(pl, k);
                    best = (int)pl->npool - 1;
                    *best_s = s;
                }
                continue;
            }
            pool_add(pl, k);
            beam[nbeam++] = (int)pl->npool - 1;
        }
    }
    free(beam);
    return best;
}

int mk_plan_page(mk *m, piece *q, size_t n, double bottom, int flags, uint64_t *placed,
                 double *empty)
{
    const pdf_geom *g = &m->ctx->st.g;
    plan pl;
    memset(&pl, 0, sizeof pl);
    pl.m = m;
    pl.q = q;
    pl.n = n;
    pl.lead = flags & PLAN_LEAD;
    pl.fill = flags & PLAN_FILL;
    pl.cuts = flags & PLAN_CUTS;
    pl.nc = g->columns < MAX_COLS ? g->columns : MAX_COLS;
    pl.top = m->y;
    pl.bottom = bottom;
    pl.colw = mk_colw(m);
    pl.gap = g->band_gap;
    pl.area = (bottom - m->y) * (m->x1 - m->x0);
    *placed = 0;
    *empty = 1;
    if (pl.area <= 0 || !n)
        return 0;
    /* the best of up to TRIES searches, each wider than the last */
    node *keep = NULL;
    size_t nkeep = 0;
    int best = -1;
    double best_s = 0;
    for (int t = 0; t < TRIES; t++) {
        pl.beam = BEAM << t;
        pl.window = WINDOW + 4 * t;
        double s = 0;
        int b = search(&pl, &s);
        if (b >= 0 && (best < 0 || s < best_s - 1e-12)) {
            /* keep this try's chain */
            free(keep);
            keep = pl.pool;
            nkeep = pl.npool;
            pl.pool = NULL;
            pl.npool = pl.cappool = 0;
            best = b;
            best_s = s;
        }
        /* full enough: a wider search would only trade penalties */
        if (best >= 0 && final_empty(&pl, &keep[best]) <= WASTE_OK)
            break;
    }
    free(pl.pool);
    pl.pool = keep;
    pl.npool = pl.cappool = nkeep;
    int nmod = 0;
    if (best >= 0) {
        for (int i = best; i >= 0; i = pl.pool[i].parent)
            if (pl.pool[i].v.p)
                nmod++;
        *placed = pl.pool[best].used;
        *empty = final_empty(&pl, &pl.pool[best]);
        if ((flags & PLAN_COMMIT) && (!(flags & PLAN_IF_FULL) || *empty <= PLAN_MAX_EMPTY))
            commit_page(&pl, best);
    }
    free(pl.pool);
    free(pl.kids);
    return nmod;
}
