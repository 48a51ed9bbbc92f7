/* Choosing line breaks among the candidates (breaks.c): greedy first fit
 * (ragged text) and Knuth–Plass total fit (justified columns).  Both keep
 * to at most MAX_HYPHEN_RUN hyphenated line ends in a row (a hard limit,
 * as TeX's \doublehyphendemerits is meant to be) unless a line cannot be
 * set otherwise; final line widths are measured again over the real text. */
#include "layout_priv.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Knuth–Plass constants (Knuth & Plass 1981). */
#define KP_LINE_PENALTY 10.0
#define KP_FLAGGED_DEMERITS 3000.0
#define KP_FITNESS_DEMERITS 100.0
#define KP_FINAL_HYPHEN_DEMERITS 5000.0
#define KP_OVERFULL_BADNESS 10000.0
#define KP_MAX_ACTIVE 1000 /* more: lines of hundreds of pieces; greedy is used */
#define MAX_HYPHEN_RUN 2

static double eps_of(double lw)
{
    return 1e-9 * (fabs(lw) + 1.0);
}

/* ------------------------------------------------------------- output */

static int emit(lt_ctx *x, np_lines *out, size_t a, size_t b, size_t line_no, int justify)
{
    if (np_grow_array((void **)&out->v, &out->cap, out->n + 1, 16, sizeof *out->v))
        return -1;
    const lt_cand *A = &x->c[a], *B = &x->c[b];
    np_line *l = &out->v[out->n++];
    l->start = A->next;
    l->end = B->end < A->next ? A->next : B->end;
    l->hyphen = B->hyphen;
    l->forced = B->must;
    l->width = lt_measure(x, l->start, l->end) + (B->hyphen ? x->hyw : 0.0);
    l->ratio = 0.0;
    if (justify && !B->must) {
        double lw;
        if (lt_line_width(x, line_no, &lw))
            return -1;
        double stretch = B->yb - A->ya, shrink = B->zb - A->za;
        if (l->width < lw && stretch > 0)
            l->ratio = (lw - l->width) / stretch;
        else if (l->width > lw && shrink > 0)
            l->ratio = (lw - l->width) / shrink;
    }
    return 0;
}

/* ------------------------------------------------------------- greedy */

static double natural(const lt_ctx *x, size_t a, size_t b)
{
    return x->c[b].wb - x->c[a].wa + x->c[b].extra;
}

/* Can a line from candidate `a` end at a candidate that is not a hyphen
 * within width `lw`? */
static int can_end_unflagged(const lt_ctx *x, size_t a, double lw)
{
    for (size_t b = a + 1; b <= x->m && natural(x, a, b) <= lw; b++)
        if (!x->c[b].flagged)
            return 1;
    return a + 1 > x->m;
}

static int greedy(lt_ctx *x, np_lines *out, int justify)
{
    size_t a = 0, line_no = 0;
    int run = 0; /* hyphenated line ends in a row so far */
    while (a < x->m) {
        double lw;
        if (lt_line_width(x, line_no, &lw))
            return -1;
        double eps = eps_of(lw);
        int no_flag = run >= MAX_HYPHEN_RUN;
        size_t last = LT_NONE, last_any = LT_NONE, chosen = LT_NONE;
        for (size_t b = a + 1; b <= x->m; b++) {
            if (natural(x, a, b) <= lw + eps) {
                last_any = b;
                if (!(no_flag && x->c[b].flagged))
                    last = b;
                if (x->c[b].must) {
                    chosen = b;
                    break;
                }
            } else {
                if (x->c[b].hyphen && last_any != LT_NONE &&
                    natural(x, a, b) - x->c[b].extra <= lw + eps)
                    continue; /* only the hyphen is too much: look further */
                chosen = last != LT_NONE ? last : last_any != LT_NONE ? last_any : b;
                break;
            }
        }
        if (chosen == LT_NONE)
            chosen = last != LT_NONE ? last : last_any != LT_NONE ? last_any : x->m;
        /* the last hyphen allowed in a row: only if the next line can end
         * without one (else end this line before the word) */
        if (run == MAX_HYPHEN_RUN - 1 && x->c[chosen].flagged) {
            double next_lw;
            if (lt_line_width(x, line_no + 1, &next_lw))
                return -1;
            if (!can_end_unflagged(x, chosen, next_lw + eps_of(next_lw))) {
                size_t b = chosen;
                while (b > a + 1 && x->c[b].flagged)
                    b--;
                if (!x->c[b].flagged)
                    chosen = b;
            }
        }
        /* The sums are an estimate: check with the real text. */
        while (chosen > a + 1 &&
               (lt_measure(x, x->c[a].next, x->c[chosen].end) + x->c[chosen].extra > lw + eps ||
                (no_flag && x->c[chosen].flagged)))
            chosen--;
        if (emit(x, out, a, chosen, line_no, justify))
            return -1;
        run = x->c[chosen].flagged ? run + 1 : 0;
        a = chosen;
        line_no++;
    }
    return 0;
}

/* -------------------------------------------------------- Knuth–Plass */

typedef struct kp_node {
    size_t cand, line, prev, next_active;
    int fit;
    int hrun; /* hyphenated line ends in a row, ending at this break */
    double dem;
} kp_node;

typedef struct kp_best {
    size_t line, from;
    int fit, hrun;
    double dem;
} kp_best;

typedef struct kp_state {
    kp_node *n;
    size_t nn, capn;
    kp_best *best;
    size_t nbest, capbest;
} kp_state;

static int kp_push(kp_state *k, size_t cand_i, size_t line, size_t prev, int fit, int hrun,
                   double dem)
{
    if (np_grow_array((void **)&k->n, &k->capn, k->nn + 1, 16, sizeof *k->n))
        return -1;
    kp_node *d = &k->n[k->nn++];
    d->cand = cand_i;
    d->line = line;
    d->prev = prev;
    d->next_active = LT_NONE;
    d->fit = fit;
    d->hrun = hrun;
    d->dem = dem;
    return 0;
}

/* One pass.  `emergency`: lines looser than the tolerance are allowed (at a
 * high price).  Returns 1 with *end set to the best final node, 0 when no
 * solution was found, -1 on memory failure. */
static int kp_pass(lt_ctx *x, kp_state *k, double tol, int emergency, size_t *end)
{
    int uniform = x->o->line_width == NULL;
    k->nn = 0;
    if (kp_push(k, 0, 0, LT_NONE, 1, 0, 0.0))
        return -1;
    size_t active = 0, nactive = 1;
    for (size_t b = 1; b <= x->m; b++) {
        const lt_cand *B = &x->c[b];
        k->nbest = 0;
        size_t prevp = LT_NONE, a = active;
        while (a != LT_NONE) {
            kp_node A = k->n[a];
            const lt_cand *CA = &x->c[A.cand];
            double lw;
            if (lt_line_width(x, A.line, &lw))
                return -1;
            double eps = eps_of(lw);
            double nat = B->wb - CA->wa + B->extra;
            double stretch = B->yb - CA->ya, shrink = B->zb - CA->za;
            double r;
            if (nat < lw - eps)
                r = B->must ? 0.0 : stretch > 0 ? (lw - nat) / stretch : INFINITY;
            else if (nat > lw + eps)
                r = shrink > 0 ? (lw - nat) / shrink : -INFINITY;
            else
                r = 0.0;

            int feasible = 0, deactivate = B->must;
            double bad = 0;
            if (r < -1.0) {
                if (!B->hyphen)
                    deactivate = 1;
                if (b == A.cand + 1) { /* a single unbreakable piece */
                    feasible = 1;
                    bad = KP_OVERFULL_BADNESS;
                    r = -1.0;
                }
            } else if (r <= tol) {
                feasible = 1;
                bad = 100.0 * fabs(r * r * r);
            } else if (emergency) {
                double rr = r > 100.0 ? 100.0 : r;
                feasible = 1;
                bad = 100.0 * rr * rr * rr;
            }
            if (feasible && B->flagged && !B->must && A.hrun >= MAX_HYPHEN_RUN)
                feasible = 0; /* a third hyphenated line end in a row */
            if (feasible) {
                int hrun = B->flagged && !B->must ? A.hrun + 1 : 0;
                int fit = r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1.0 ? 2 : 3;
                double d = (KP_LINE_PENALTY + bad) * (KP_LINE_PENALTY + bad);
                if (!B->must && B->penalty > 0)
                    d += B->penalty * B->penalty;
                else if (!B->must && B->penalty < 0)
                    d -= B->penalty * B->penalty;
                if (B->flagged && CA->flagged && A.cand != 0)
                    d += KP_FLAGGED_DEMERITS;
                if (b == x->m && CA->hyphen)
                    d += KP_FINAL_HYPHEN_DEMERITS;
                if (abs(fit - A.fit) > 1)
                    d += KP_FITNESS_DEMERITS;
                d += A.dem;
                if (!(d < INFINITY))
                    d = DBL_MAX / 4; /* still comparable */
                size_t key = uniform ? 0 : A.line + 1;
                size_t j = 0;
                while (j < k->nbest && (k->best[j].line != key || k->best[j].fit != fit ||
                                        k->best[j].hrun != hrun))
                    j++;
                if (j == k->nbest) {
                    if (np_grow_array((void **)&k->best, &k->capbest, k->nbest + 1, 16,
                                      sizeof *k->best))
                        return -1;
                    k->nbest++;
                    k->best[j].line = key;
                    k->best[j].fit = fit;
                    k->best[j].hrun = hrun;
                    k->best[j].dem = INFINITY;
                    k->best[j].from = a;
                }
                if (d < k->best[j].dem) {
                    k->best[j].dem = d;
                    k->best[j].from = a;
                }
            }
            size_t next = A.next_active;
            if (deactivate) {
                if (prevp == LT_NONE)
                    active = next;
                else
                    k->n[prevp].next_active = next;
                nactive--;
            } else {
                prevp = a;
            }
            a = next;
        }
        for (size_t j = 0; j < k->nbest; j++) {
            const kp_best *e = &k->best[j];
            if (kp_push(k, b, k->n[e->from].line + 1, e->from, e->fit, e->hrun, e->dem))
                return -1;
            size_t id = k->nn - 1;
            if (prevp == LT_NONE)
                active = id;
            else
                k->n[prevp].next_active = id;
            prevp = id;
            nactive++;
        }
        if (active == LT_NONE || nactive > KP_MAX_ACTIVE)
            return 0;
    }
    /* All active nodes now sit at the final candidate. */
    size_t bestn = LT_NONE;
    for (size_t a = active; a != LT_NONE; a = k->n[a].next_active)
        if (k->n[a].cand == x->m && (bestn == LT_NONE || k->n[a].dem < k->n[bestn].dem))
            bestn = a;
    if (bestn == LT_NONE)
        return 0;
    *end = bestn;
    return 1;
}

static int total_fit(lt_ctx *x, np_lines *out)
{
    kp_state k;
    memset(&k, 0, sizeof k);
    size_t base = out->n;
    const double tols[3] = {x->tol, x->tol * 5 > 10 ? x->tol * 5 : 10, x->tol};
    int rc = 0;
    for (int pass = 0; pass < 3 && rc == 0; pass++) {
        size_t end = LT_NONE;
        rc = kp_pass(x, &k, tols[pass], pass == 2, &end);
        if (rc != 1)
            continue;
        /* Breaks, first to last. */
        size_t nl = 0;
        for (size_t a = end; k.n[a].prev != LT_NONE; a = k.n[a].prev)
            nl++;
        size_t *br = malloc((nl + 1) * sizeof *br);
        if (!br) {
            rc = -1;
            break;
        }
        size_t i = nl;
        for (size_t a = end; a != LT_NONE; a = k.n[a].prev)
            br[i--] = k.n[a].cand;
        for (i = 0; i < nl && rc == 1; i++)
            if (emit(x, out, br[i], br[i + 1], i, 1))
                rc = -1;
        /* The sums were estimates: no line may be squeezed beyond its
         * shrink when measured over the real text. */
        for (i = 0; i < nl && rc == 1; i++) {
            const np_line *l = &out->v[base + i];
            if (br[i + 1] != br[i] + 1 && l->ratio < -1.0 - 1e-6)
                rc = 0;
        }
        free(br);
        if (rc == 0)
            out->n = base;
    }
    free(k.n);
    free(k.best);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return greedy(x, out, 1);
    return 0;
}

int np_layout_paragraph(const char *text, size_t len, const np_layout_opts *opts,
                        np_lines *out, np_error *err)
{
    if (!opts || !opts->measure || !out || (!text && len))
        return np_error_set(err, NP_ERR_USAGE, NULL, 0, "layout: missing text, options or measure function");
    if (len == 0)
        return NP_OK;

    lt_ctx x;
    memset(&x, 0, sizeof x);
    x.text = text;
    x.len = len;
    x.o = opts;
    x.tol = opts->tolerance > 0 ? opts->tolerance : 2.0;
    x.hpen = opts->hyphen_penalty != 0 ? opts->hyphen_penalty : 50.0;
    x.stretch = opts->space_stretch > 0 ? opts->space_stretch : opts->space_stretch < 0 ? 0.0 : 0.5;
    x.shrink = opts->space_shrink > 0 ? opts->space_shrink : opts->space_shrink < 0 ? 0.0 : 0.33;
    /* the hyphen drawn at hyphenation points and overflow breaks */
    double w = opts->measure(opts->ud, "-", 1);
    x.hyw = isfinite(w) && w > 0 ? w : 0.0;

    size_t base = out->n;
    int rc = 0;
    /* one block for the paragraph's working arrays: the widths of the
     * prefixes (terminal columns: each measure is then a subtraction),
     * libunibreak's scratch and the break opportunities */
    int columns = opts->measure == np_measure_columns;
    size_t ncolw = columns ? len + 1 : 0;
    unsigned char *block = NULL;
    if (len > (SIZE_MAX - ncolw * sizeof *x.colw) / (LT_UNIBREAK_SCRATCH(1) + 1) ||
        !(block = malloc(ncolw * sizeof *x.colw + LT_UNIBREAK_SCRATCH(len) + len)))
        rc = -1;
    if (rc == 0) {
        x.colw = columns ? (uint32_t *)(void *)block : NULL;
        x.ub = block + ncolw * sizeof *x.colw;
        x.brks = (char *)x.ub + LT_UNIBREAK_SCRATCH(len);
        if (columns)
            lt_prefix_columns(text, len, x.colw);
        rc = lt_candidates(&x);
    }
    if (rc == 0)
        rc = opts->mode == NP_LAYOUT_TOTAL_FIT ? total_fit(&x, out) : greedy(&x, out, 0);
    free(x.c);
    free(x.lw);
    free(block);
    if (rc) {
        out->n = base;
        return np_error_set(err, NP_ERR_MEMORY, NULL, 0, "layout: out of memory");
    }
    return NP_OK;
}

void np_lines_free(np_lines *lines)
{
    if (!lines)
        return;
    free(lines->v);
    lines->v = NULL;
    lines->n = lines->cap = 0;
}
