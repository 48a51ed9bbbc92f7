/* A page's font resources, lean: libharu's HPDF_Page_GetLocalFontName
 * keeps each font a page uses as a key of the page's /Font dictionary (an
 * element with a 128-byte name and a reference object, about 180 bytes),
 * a page of an e-paper uses about ten fonts, and every page stays until
 * the save.  Here the /Font dictionary has no elements: its fonts are in
 * a small array, and its write hook writes them as libharu writes its
 * keys ("/F1 12 0 R"), with the names libharu gives (F1, F2, ... in the
 * order of first use).  Once the page is drawn the array moves to the
 * context's record of the page (pdf_freeze.c), the dictionary goes. */
#include "pdf.h"
#include "util/alloc.h"

#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <stdio.h>
#include <stdlib.h>

struct pdf_fonts_res {
    HPDF_Font *f;
    size_t n, cap;
};
typedef pdf_fonts_res font_res;

HPDF_STATUS pdf_fonts_write(const pdf_fonts_res *r, HPDF_Stream s)
{
    HPDF_STATUS st = HPDF_OK;
    for (size_t i = 0; i < r->n && st == HPDF_OK; i++) {
        const HPDF_Obj_Header *h = (const HPDF_Obj_Header *)r->f[i];
        char b[64];
        snprintf(b, sizeof b, "/F%zu %u %u R\012", i + 1, (unsigned)(h->obj_id & 0x00FFFFFF),
                 (unsigned)h->gen_no);
        st = HPDF_Stream_WriteStr(s, b);
    }
    return st;
}

static HPDF_STATUS fr_write(HPDF_Dict d, HPDF_Stream s)
{
    return pdf_fonts_write(d->attr, s);
}

void pdf_fonts_free(pdf_fonts_res *r)
{
    if (r) {
        free(r->f);
        free(r);
    }
}

static void fr_free(HPDF_Dict d)
{
    pdf_fonts_free(d->attr);
    d->attr = NULL;
}

pdf_fonts_res *pdf_fonts_take(HPDF_Dict d)
{
    if (d->write_fn != fr_write || !d->attr)
        return NULL;
    font_res *r = d->attr;
    d->attr = NULL;
    return r;
}

/* The page's /Font dictionary, made in its /Resources on first use. */
static HPDF_Dict fonts_of(HPDF_Page page)
{
    HPDF_PageAttr attr = page->attr;
    if (attr->fonts)
        return attr->fonts;
    HPDF_Dict res = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);
    HPDF_Dict d = res ? HPDF_Dict_New(page->mmgr) : NULL;
    if (!d)
        return NULL;
    font_res *r = np_xrealloc(NULL, sizeof *r);
    *r = (font_res){NULL, 0, 0};
    d->attr = r;
    d->write_fn = fr_write;
    d->free_fn = fr_free;
    if (HPDF_Dict_Add(res, "Font", d) != HPDF_OK)
        return NULL; /* libharu has freed it */
    attr->fonts = d;
    return d;
}

int pdf_font_name(HPDF_Page page, HPDF_Font font, char name[PDF_FONT_NAME])
{
    font_res *r = NULL;
    if (page->write_fn) {
        /* drawn: the array is the context's (a jump line, a page number) */
        pdf_page *pg = pdf_page_of(page);
        r = pg ? pg->fonts : NULL;
        if (!r)
            return 0;
    } else {
        HPDF_Dict d = fonts_of(page);
        if (!d)
            return 0;
        if (d->write_fn != fr_write) {
            /* libharu's own (not made here): its names */
            const char *n = HPDF_Page_GetLocalFontName(page, font);
            if (n)
                snprintf(name, PDF_FONT_NAME, "%s", n);
            return n != NULL;
        }
        r = d->attr;
    }
    size_t i = 0;
    while (i < r->n && r->f[i] != font)
        i++;
    if (i == r->n) {
        NP_GROW(r->f, r->n, r->cap, 8);
        r->f[r->n++] = font;
    }
    snprintf(name, PDF_FONT_NAME, "F%zu", i + 1);
    return 1;
}
