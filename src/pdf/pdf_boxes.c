/* Page boxes for a printer.  Every page gets a TrimBox: the page as
 * designed, which is what a printer cuts to.  When the style asks for
 * bleed (page.bleed > 0), the page also gets a BleedBox that far outside
 * the trim, a MediaBox with room for crop marks beyond the bleed, and the
 * crop marks: short hairlines in registration colour at the corners, in
 * line with the trim edges and clear of the bleed.  The MediaBox grows
 * around the drawn page (its origin goes negative), so nothing drawn moves. */
#include "pdf.h"

#include <hpdf_objects.h>

#define MARK_OFFSET 3.0  /* gap between the bleed edge and a mark */
#define MARK_LENGTH 12.0 /* length of a crop mark */
#define MARK_WIDTH 0.25  /* hairline */

static HPDF_STATUS set_box(HPDF_Doc pdf, HPDF_Page page, const char *name, double l, double b,
                           double r, double t)
{
    HPDF_Box box = {(HPDF_REAL)l, (HPDF_REAL)b, (HPDF_REAL)r, (HPDF_REAL)t};
    HPDF_Array a = HPDF_Box_Array_New(pdf->mmgr, box);
    if (!a)
        return HPDF_GetError(pdf);
    return HPDF_Dict_Add(page, name, a);
}

static void line(HPDF_Page page, double x0, double y0, double x1, double y1)
{
    HPDF_Page_MoveTo(page, (HPDF_REAL)x0, (HPDF_REAL)y0);
    HPDF_Page_LineTo(page, (HPDF_REAL)x1, (HPDF_REAL)y1);
}

/* Crop marks of a w x h page with bleed b: two per corner. */
static HPDF_STATUS crop_marks(HPDF_Page page, double w, double h, double b)
{
    double o = b + MARK_OFFSET, e = o + MARK_LENGTH;
    HPDF_Page_GSave(page);
    HPDF_Page_SetLineWidth(page, MARK_WIDTH);
    HPDF_Page_SetCMYKStroke(page, 1, 1, 1, 1); /* registration: on every plate */
    const double xs[2] = {0, w}, ys[2] = {0, h};
    for (int i = 0; i < 2; i++) {
        double out_x = i ? 1 : -1;
        for (int j = 0; j < 2; j++) {
            double out_y = j ? 1 : -1;
            /* horizontal mark in line with the horizontal trim edge */
            line(page, xs[i] + out_x * o, ys[j], xs[i] + out_x * e, ys[j]);
            /* vertical mark in line with the vertical trim edge */
            line(page, xs[i], ys[j] + out_y * o, xs[i], ys[j] + out_y * e);
        }
    }
    HPDF_Page_Stroke(page);
    return HPDF_Page_GRestore(page);
}

int pdf_page_boxes(pdf_ctx *ctx, np_error *err)
{
    HPDF_Doc pdf = ctx->pdf;
    double b = ctx->st.g.bleed;
    HPDF_STATUS st = HPDF_OK;
    for (size_t i = 0; i < ctx->npages && st == HPDF_OK; i++) {
        HPDF_Page page = ctx->pages[i].hp;
        if (!page)
            continue;
        /* as pdf_page_add() set them (the MediaBox of a drawn page is bytes) */
        double w = (HPDF_REAL)ctx->st.g.page_w, h = (HPDF_REAL)ctx->st.g.page_h;
        st = set_box(pdf, page, "TrimBox", 0, 0, w, h);
        if (st == HPDF_OK && b > 0) {
            double m = b + MARK_OFFSET + MARK_LENGTH + MARK_OFFSET;
            st = set_box(pdf, page, "BleedBox", -b, -b, w + b, h + b);
            if (st == HPDF_OK)
                st = crop_marks(page, w, h, b);
            if (st == HPDF_OK)
                st = set_box(pdf, page, "MediaBox", -m, -m, w + m, h + m);
        }
    }
    if (st != HPDF_OK) {
        HPDF_ResetError(pdf);
        return np_error_set(err, NP_ERR_INTERNAL, NULL, 0,
                            "libharu cannot take the page boxes (error 0x%04X)", (unsigned)st);
    }
    return NP_OK;
}
