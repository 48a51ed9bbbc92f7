/* The paragraph being broken: its line widths (cached); measuring is
 * lt_measure(), inline in layout_priv.h. */
#include "layout_priv.h"

#include <math.h>
#include <stdlib.h>

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

