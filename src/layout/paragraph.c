/* The paragraph being broken: the caller's measure and line widths (cached). */
#include "layout_priv.h"

#include <math.h>
#include <stdlib.h>

double lt_measure(const lt_ctx *x, size_t start, size_t end)
{
    if (end <= start)
        return 0.0;
    if (x->colw)
        return (double)(x->colw[end] - x->colw[start]); /* a subtraction, not a scan */
    double w = x->o->measure(x->o->ud, x->text + start, end - start);
    return isfinite(w) ? w : 0.0;
}

int lt_line_width(lt_ctx *x, size_t line, double *out)
{
    if (!x->o->line_width) {
        *out = x->o->width;
    } else {
        while (x->nlw <= line) {
            if (np_grow_array((void **)&x->lw, &x->caplw, x->nlw + 1, 16, sizeof *x->lw))
                return -1;
            x->lw[x->nlw] = x->o->line_width(x->o->ud, x->nlw);
            x->nlw++;
        }
        *out = x->lw[line];
    }
    if (isnan(*out) || *out < 0)
        *out = 0;
    return 0;
}

