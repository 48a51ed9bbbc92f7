/* Filling a column grid with the entries of a vertical list: every column
 * takes whole entries and breaks only where no keep forbids it; balancing
 * looks for the lowest common foot at which the columns still take
 * everything. */
#include "pdf.h"
#include "pdf_makeup.h"
#include "util/alloc.h"

#include <string.h>

/* ---- filling columns ------------------------------------------------------- */

static int hyphenated(const fl_item *f)
{
    return f->kind == FL_LINE && f->line < f->para->lines.n && f->para->lines.v[f->line].hyphen;
}

/* A table row at y in column `cl`: each cell's lines in its table column
 * (mirrored for right-to-left stories). */
static void emit_row(mk *m, const pdf_row *r, const col *cl, double y)
{
    int rtl = r->n && r->cell[0]->rtl;
    for (size_t j = 0; j < r->n; j++) {
        pt_para *p = r->cell[j];
        double x = rtl ? cl->x + cl->w - r->x[j] - r->w[j] : cl->x + r->x[j];
        for (size_t l = 0; l < pt_nlines(p); l++)
            mk_emit_line(m, p, l, x, y + (double)l * p->role->leading, r->w[j], p->role->leading);
    }
}

/* Vertical justification of a column holding fl[i..j) with `extra` points
 * under it: each gap between paragraphs grows by up to a line, then each
 * line by up to 1.5 points; what is left stays under the column. */
static void spread(const fl_item *fl, size_t i, size_t j, double extra, double lead,
                   double *per_gap, double *per_line)
{
    size_t gaps = 0, lines = 0;
    for (size_t k = i; k < j; k++) {
        gaps += fl[k].kind == FL_GAP && k > i && k + 1 < j;
        lines += fl[k].kind != FL_GAP;
    }
    if (extra <= 0.01)
        return;
    if (gaps) {
        *per_gap = extra / (double)gaps;
        if (*per_gap > lead)
            *per_gap = lead;
        extra -= *per_gap * (double)gaps;
    }
    if (lines > 1 && extra > 0.01) {
        *per_line = extra / (double)(lines - 1);
        if (*per_line > 1.5)
            *per_line = 1.5;
    }
}

/* Fill fl[i..n) into the columns; returns the index reached.  Every column
 * takes entries while they fit and ends at the last place a break is
 * allowed.  `force`: a column that cannot end anywhere takes what fits
 * anyway (a fresh page: nothing better will come).  With `commit`, the
 * entries are emitted.  `reserve`: room kept at the foot of the last column
 * for "Continued on page N"; the line before it ends a word (no hyphenated
 * word across a jump). */
size_t col_fill(mk *m, fl_item *fl, size_t i, size_t n, col *cols, int nc, double reserve,
                   int force, int commit, int story)
{
    int jump = reserve > 0;
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
            if (j == n || (!fl[j - 1].keep && !(jump && c == nc - 1 && hyphenated(&fl[j - 1])))) {
                brk = j;
                brk_h = h;
            }
        }
        if (brk == i && j > i && force) {
            brk = j;
            brk_h = h;
        }
        if (commit) {
            double y = cols[c].top, per_gap = 0, per_line = 0;
            if (cols[c].spread_to > 0)
                spread(fl, i, brk, cols[c].spread_to - cols[c].top - brk_h, mk_leading(m->ctx),
                       &per_gap, &per_line);
            for (size_t k = i; k < brk; k++) {
                fl_item *f = &fl[k];
                if (f->kind == FL_LINE)
                    mk_emit_line(m, f->para, f->line, cols[c].x, y, cols[c].w, f->h);
                else if (f->kind == FL_PIC)
                    mk_emit_figure(m, f->fig, cols[c].x, y, cols[c].w, story);
                else if (f->kind == FL_ROW)
                    emit_row(m, f->row, &cols[c], y);
                else if (f->kind == FL_RULE)
                    mk_emit_rule(m, cols[c].x, y + f->h / 2, cols[c].w, 0, m->ctx->st.g.rule);
                y += f->h + (f->kind == FL_GAP ? per_gap : per_line);
            }
        }
        cols[c].used = brk_h;
        i = brk;
    }
    return i;
}

/* The lowest common foot (<= cols' bottoms) at which col_fill() takes all
 * of fl[i..n), as the foot of the longest column; -1 if even the given
 * bottoms do not. */
double col_balance(mk *m, fl_item *fl, size_t i, size_t n, col *cols, int nc, int *forcep)
{
    double hi = cols[0].bottom;
    /* keeps are broken only when nothing else fits even at full height */
    if (*forcep && col_fill(m, fl, i, n, cols, nc, 0, 0, 0, -1) >= n)
        *forcep = 0;
    int force = *forcep;
    if (col_fill(m, fl, i, n, cols, nc, 0, force, 0, -1) < n)
        return -1;
    double lo = hi;
    for (int c = 0; c < nc; c++)
        if (cols[c].top < lo)
            lo = cols[c].top;
    for (int it = 0; it < 40 && hi - lo > 0.05; it++) {
        double mid = (lo + hi) / 2;
        for (int c = 0; c < nc; c++)
            cols[c].bottom = mid;
        if (col_fill(m, fl, i, n, cols, nc, 0, force, 0, -1) >= n)
            hi = mid;
        else
            lo = mid;
    }
    /* the foot of the longest column at that height: exact, whatever
     * range the search started from */
    for (int c = 0; c < nc; c++)
        cols[c].bottom = hi;
    col_fill(m, fl, i, n, cols, nc, 0, force, 0, -1);
    double foot = lo;
    for (int c = 0; c < nc; c++)
        if (cols[c].used > 0 && cols[c].top + cols[c].used > foot)
            foot = cols[c].top + cols[c].used;
    for (int c = 0; c < nc; c++)
        cols[c].bottom = foot;
    return foot;
}

void col_even(mk *m, fl_item *fl, size_t i, size_t n, col *cols, int nc, double foot, int force)
{
    double line = mk_leading(m->ctx);
    size_t at = i;
    for (int c = 0; c < nc; c++) {
        /* the foot all the columns left would share if the rest were
         * spread over them exactly; this one ends at the first break
         * below it */
        double rest = 0, tops = 0;
        for (size_t k = at; k < n; k++)
            rest += fl[k].h;
        for (int d = c; d < nc; d++)
            tops += cols[d].top;
        double even = (tops + rest) / (double)(nc - c) + line - 0.01;
        cols[c].bottom = c == nc - 1 || even > foot ? foot : even;
        at = col_fill(m, fl, at, n, &cols[c], 1, 0, force, 0, -1);
    }
    if (at < n) /* keeps got in the way: the columns as col_balance() left them */
        for (int c = 0; c < nc; c++)
            cols[c].bottom = foot;
}

void col_setup(mk *m, col *cols, int c0, int nc, int rtl, double top, double bottom)
{
    double cw = mk_colw(m), g = m->ctx->st.g.gutter;
    for (int c = 0; c < nc; c++) {
        int k = c0 + (rtl ? nc - 1 - c : c);
        cols[c].x = m->x0 + k * (cw + g);
        cols[c].w = cw;
        cols[c].top = top;
        cols[c].bottom = bottom;
        cols[c].used = 0;
        cols[c].spread_to = 0;
    }
}

void col_rules(mk *m, col *cols, int nc)
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
            mk_emit_rule(m, x, top, 0, bot - top, m->ctx->st.g.rule);
        }
}


/* ---- vertical lists of several paragraphs ------------------------------- */

void flow_push(flow *f, const fl_item *it)
{
    NP_GROW(f->v, f->n, f->cap, 128);
    f->v[f->n++] = *it;
}

void flow_para(flow *f, pt_para *p, int keep_last)
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
