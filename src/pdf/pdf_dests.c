/* Link and outline destinations, one object per place: libharu makes a new
 * destination array for every link, and an e-paper's index entries, jump
 * lines and outline entries lead to the same few places (the top of each
 * story, each continuation).  The place's height is on the 1/8 pt grid, so
 * that libharu writes it short ("1427.25", not "1427.19995").
 *
 * An e-paper of 10,000 items has about 7,000 places, and libharu's
 * destination, [page /FitH top], holds a name object with room for 127
 * bytes and a list with room for 20 items: here every destination shares
 * one /FitH, and its list has room for its three items. */
#include "pdf.h"
#include "util/alloc.h"

#include <hpdf_list.h>
#include <hpdf_objects.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t slot_of(const pdf_dest *v, size_t cap, HPDF_Page page, long y8)
{
    uint64_t h = ((uint64_t)(uintptr_t)page * 0x9e3779b97f4a7c15ull) ^ ((uint64_t)y8 * 0xff51afd7ed558ccdull);
    size_t i = (size_t)(h >> 20) & (cap - 1);
    while (v[i].page && !(v[i].page == page && v[i].y8 == y8))
        i = (i + 1) & (cap - 1);
    return i;
}

/* The name /FitH for every destination: marked indirect but never in the
 * cross-reference table, libharu writes it as a value (HPDF_Obj_Write)
 * and frees it with no array (HPDF_Obj_Free); the context frees it after
 * the document (pdf_dests_done). */
static HPDF_Name fith(pdf_ctx *ctx)
{
    if (!ctx->fith) {
        HPDF_Name n = np_xcalloc(1, sizeof *n);
        n->header.obj_class = HPDF_OCLASS_NAME;
        n->header.obj_id = HPDF_OTYPE_INDIRECT;
        n->error = &ctx->pdf->error;
        strcpy(n->value, "FitH");
        ctx->fith = n;
    }
    return ctx->fith;
}

/* [page /FitH top] as HPDF_Destination_SetFitH made it, its name the
 * shared one, its list cut to size. */
static void share_name(pdf_ctx *ctx, HPDF_Destination d)
{
    HPDF_Name own = d->list->count == 3 ? HPDF_List_ItemAt(d->list, 1) : NULL;
    if (!own || own->header.obj_class != HPDF_OCLASS_NAME || strcmp(own->value, "FitH") != 0)
        return;
    HPDF_Obj_Free(d->mmgr, own);
    d->list->obj[1] = fith(ctx);
    pdf_list_fit(d->list);
}

HPDF_Destination pdf_dest_at(pdf_ctx *ctx, HPDF_Page page, double y)
{
    long y8 = lround(y * 8);
    if ((ctx->ndests + 1) * 2 > ctx->capdests) {
        size_t cap = ctx->capdests ? ctx->capdests * 2 : 64;
        pdf_dest *v = np_xcalloc(cap, sizeof *v);
        for (size_t i = 0; i < ctx->capdests; i++)
            if (ctx->dests[i].page)
                v[slot_of(v, cap, ctx->dests[i].page, ctx->dests[i].y8)] = ctx->dests[i];
        free(ctx->dests);
        ctx->dests = v;
        ctx->capdests = cap;
    }
    pdf_dest *e = &ctx->dests[slot_of(ctx->dests, ctx->capdests, page, y8)];
    if (e->page)
        return e->d;
    HPDF_Destination d = HPDF_Page_CreateDestination(page);
    if (!d)
        return NULL;
    if (HPDF_Destination_SetFitH(d, (HPDF_REAL)((double)y8 / 8)) == HPDF_OK)
        share_name(ctx, d);
    *e = (pdf_dest){page, y8, d};
    ctx->ndests++;
    return d;
}

void pdf_dests_free(pdf_ctx *ctx)
{
    free(ctx->dests);
    ctx->dests = NULL;
    ctx->ndests = ctx->capdests = 0;
}

void pdf_dests_done(pdf_ctx *ctx)
{
    pdf_dests_free(ctx);
    free(ctx->fith);
    ctx->fith = NULL;
}
