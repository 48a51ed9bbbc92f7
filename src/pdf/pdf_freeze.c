/* Page dictionaries, small: libharu keeps a page's keys (type, boxes,
 * contents, resources with every font and picture, parent, links) as a
 * tree of objects, each key with a 128-byte name, about 3 KB a page until
 * the save.  Here a page's keys are written, with libharu's own writer,
 * into bytes the context keeps (pdf_page.frozen), and the tree is freed;
 * the page's write hook writes those bytes where libharu would have
 * written the keys.  The objects the keys refer to have their numbers
 * already (a number is given when an object enters the cross-reference
 * table), so the bytes are the same.
 *
 * Twice: as soon as a page is drawn (pdf_flush, during the make-up), its
 * keys but the /Font dictionary, which a later text (a jump line, a page
 * number) may still add to: its fonts stay (pdf_fontres.c), in the
 * context's record of the page, and the bytes keep their place; the
 * keys added later (links, page boxes) stay libharu's; its content
 * stream's /Length key waits too (lean_contents).  Once nothing is drawn or
 * added on the pages any more, all of it. */
#include "pdf.h"
#include "util/alloc.h"

#include <hpdf_gstate.h>
#include <hpdf_list.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <stdlib.h>
#include <string.h>

#define NO_HOLE ((size_t)-1)

/* libharu's writer into a buffer; `hole`: where the /Font dictionary's
 * contents went (mark_hole). */
typedef struct sink {
    np_buf b;
    size_t hole;
} sink;

static HPDF_STATUS put_buf(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n)
{
    np_buf_put(&((sink *)s->attr)->b, p, n);
    return HPDF_OK;
}

static HPDF_STATUS write_frozen(HPDF_Dict d, HPDF_Stream out)
{
    const pdf_page *pg = pdf_page_of(d);
    if (!pg || !pg->frozen || pg->font_at != NO_HOLE)
        return HPDF_SetError(d->error, HPDF_INVALID_OBJECT, 0);
    return HPDF_Stream_Write(out, (const HPDF_BYTE *)pg->frozen, (HPDF_UINT)pg->frozen_len);
}

static int hidden(const HPDF_DictElement e)
{
    return (((HPDF_Obj_Header *)e->value)->obj_id & HPDF_OTYPE_HIDDEN) != 0;
}

/* The keys of `d` as HPDF_Dict_Write writes them (hidden ones skipped). */
static HPDF_STATUS write_keys(HPDF_Dict d, HPDF_Stream s)
{
    HPDF_STATUS st = HPDF_OK;
    for (HPDF_UINT i = 0; i < d->list->count && st == HPDF_OK; i++) {
        HPDF_DictElement e = HPDF_List_ItemAt(d->list, i);
        if (!e->value || hidden(e))
            continue;
        st = HPDF_Stream_WriteEscapeName(s, e->key);
        if (st == HPDF_OK)
            st = HPDF_Stream_WriteChar(s, ' ');
        if (st == HPDF_OK)
            st = HPDF_Obj_Write(e->value, s, NULL);
        if (st == HPDF_OK)
            st = HPDF_Stream_WriteStr(s, "\012");
    }
    return st;
}

/* Free the keys of `d` (hidden ones stay: they write nothing). */
static void free_keys(HPDF_Dict d)
{
    HPDF_UINT keep = 0;
    for (HPDF_UINT i = 0; i < d->list->count; i++) {
        HPDF_DictElement e = HPDF_List_ItemAt(d->list, i);
        if (e->value && hidden(e)) {
            d->list->obj[keep++] = e;
            continue;
        }
        HPDF_Obj_Free(d->mmgr, e->value);
        HPDF_FreeMem(d->mmgr, e);
    }
    d->list->count = keep;
    pdf_list_fit(d->list);
}

void pdf_list_fit(HPDF_List l)
{
    if (l->block_siz <= l->count)
        return;
    void **v = NULL;
    if (l->count) {
        v = HPDF_GetMem(l->mmgr, l->count * sizeof *v);
        if (!v)
            return;
        memcpy(v, l->obj, l->count * sizeof *v);
    }
    HPDF_FreeMem(l->mmgr, l->obj);
    l->obj = v;
    l->block_siz = l->count;
}

/* Can the page's keys be written now?  libharu's Page_BeforeWrite would
 * close a text, path or saved state. */
static int settled(HPDF_Page page)
{
    HPDF_PageAttr attr = page->attr;
    return attr && attr->gmode == HPDF_GMODE_PAGE_DESCRIPTION &&
           !(attr->gstate && attr->gstate->prev);
}

/* What drawing needed: the resources are freed, the state is spent. */
static void spent(HPDF_Page page)
{
    HPDF_PageAttr attr = page->attr;
    attr->fonts = NULL;
    attr->xobjects = attr->ext_gstates = NULL;
    if (attr->gstate)
        HPDF_GState_Free(page->mmgr, attr->gstate);
    attr->gstate = NULL;
}

static void keep_bytes(pdf_page *pg, const np_buf *b, size_t hole)
{
    free(pg->frozen);
    pg->frozen = np_xrealloc(NULL, b->len ? b->len : 1);
    if (b->len)
        memcpy(pg->frozen, b->data, b->len);
    pg->frozen_len = b->len;
    pg->font_at = hole;
}

/* The kept /Font dictionary's contents at the writer's place. */
static HPDF_STATUS mark_hole(HPDF_Dict d, HPDF_Stream s)
{
    (void)d;
    ((sink *)s->attr)->hole = ((sink *)s->attr)->b.len;
    return HPDF_OK;
}

/* Take the key of `fonts` out of `res` (not the dictionary). */
static void detach(HPDF_Dict res, HPDF_Dict fonts)
{
    for (HPDF_UINT i = 0; i < res->list->count; i++) {
        HPDF_DictElement e = HPDF_List_ItemAt(res->list, i);
        if (e->value == fonts) {
            HPDF_List_Remove(res->list, e);
            HPDF_FreeMem(res->mmgr, e);
            return;
        }
    }
}

/* The content stream's /Length, its only key while the page is made, is
 * given back just before the stream is written (HPDF_Dict_Write looks for
 * it there); until then the number object (the cross-reference table's)
 * is in the dictionary's attr. */
static HPDF_STATUS length_back(HPDF_Dict d)
{
    HPDF_Number n = d->attr;
    d->attr = NULL;
    d->before_write_fn = NULL;
    return n ? HPDF_Dict_Add(d, "Length", n) : HPDF_OK;
}

static void lean_contents(HPDF_Dict d)
{
    if (!d || d->before_write_fn || d->attr || d->list->count != 1)
        return;
    HPDF_DictElement e = HPDF_List_ItemAt(d->list, 0);
    HPDF_Number n = HPDF_Dict_GetItem(d, "Length", HPDF_OCLASS_NUMBER);
    if (!n || !(n->header.obj_id & HPDF_OTYPE_INDIRECT) || strcmp(e->key, "Length") != 0)
        return;
    HPDF_List_Remove(d->list, e);
    HPDF_Obj_Free(d->mmgr, e->value); /* the proxy: the number is the table's */
    HPDF_FreeMem(d->mmgr, e);
    pdf_list_fit(d->list);
    d->attr = n;
    d->before_write_fn = length_back;
}

/* A drawn page's keys, but its /Font dictionary; left as it is when it
 * cannot be (nothing lost). */
static void freeze_drawn(pdf_ctx *ctx, pdf_page *pg, HPDF_Stream s, sink *k)
{
    HPDF_Page page = pg->hp;
    if (!page || page->write_fn || pg->frozen || !settled(page))
        return;
    HPDF_PageAttr attr = page->attr;
    HPDF_Dict fonts = attr->fonts;
    HPDF_Dict res = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);
    /* the fonts only in the hook (pdf_fontres.c): a page without them yet
     * would have them made in its resources */
    if (!fonts || !fonts->write_fn || fonts->list->count || fonts->before_write_fn || !res ||
        HPDF_Dict_GetItem(res, "Font", HPDF_OCLASS_DICT) != fonts) {
        HPDF_ResetError(ctx->pdf);
        return;
    }
    HPDF_Dict_OnWriteFunc own = fonts->write_fn;
    fonts->write_fn = mark_hole;
    np_buf_reset(&k->b);
    k->hole = NO_HOLE;
    HPDF_STATUS st = write_keys(page, s);
    fonts->write_fn = own;
    if (st != HPDF_OK || k->hole == NO_HOLE || !(pg->fonts = pdf_fonts_take(fonts))) {
        HPDF_ResetError(ctx->pdf);
        return;
    }
    detach(res, fonts); /* found there above */
    HPDF_Obj_Free(page->mmgr, fonts);
    keep_bytes(pg, &k->b, k->hole);
    free_keys(page);
    lean_contents(attr->contents);
    page->write_fn = write_frozen;
    spent(page);
}

/* All of a page's keys. */
static void freeze(pdf_page *pg, HPDF_Stream s, sink *k)
{
    HPDF_Page page = pg->hp;
    if (pg->frozen && pg->font_at != NO_HOLE) {
        /* drawn early: the bytes with the fonts in their place, then the
         * keys added since */
        np_buf_reset(&k->b);
        np_buf_put(&k->b, pg->frozen, pg->font_at);
        HPDF_STATUS st = pdf_fonts_write(pg->fonts, s);
        np_buf_put(&k->b, pg->frozen + pg->font_at, pg->frozen_len - pg->font_at);
        if (st == HPDF_OK)
            st = write_keys(page, s);
        if (st != HPDF_OK)
            return; /* cannot be: the writer only fills a buffer */
        pdf_fonts_free(pg->fonts);
        pg->fonts = NULL;
    } else {
        if (page->write_fn || !settled(page))
            return;
        np_buf_reset(&k->b);
        if (write_keys(page, s) != HPDF_OK)
            return;
        page->write_fn = write_frozen;
        spent(page);
    }
    keep_bytes(pg, &k->b, NO_HOLE);
    free_keys(page);
}

/* Freeze the pages with `one`, through a writer into one buffer. */
static void each_page(pdf_ctx *ctx, size_t from, size_t upto,
                      void (*one)(pdf_ctx *, pdf_page *, HPDF_Stream, sink *))
{
    if (ctx->pdf->encrypt_on)
        return; /* the keys would be written unencrypted */
    sink k = {NP_BUF_INIT, NO_HOLE};
    HPDF_Stream s = HPDF_CallbackWriter_New(ctx->pdf->mmgr, put_buf, &k);
    if (!s)
        return;
    for (size_t i = from; i < upto && i < ctx->npages; i++)
        if (ctx->pages[i].hp)
            one(ctx, &ctx->pages[i], s, &k);
    HPDF_Stream_Free(s);
    np_buf_free(&k.b);
    HPDF_ResetError(ctx->pdf);
}

static void freeze_all(pdf_ctx *ctx, pdf_page *pg, HPDF_Stream s, sink *k)
{
    (void)ctx;
    freeze(pg, s, k);
}

void pdf_freeze_drawn(pdf_ctx *ctx, size_t from, size_t upto)
{
    /* crop marks are drawn on every page at the end (pdf_boxes.c) */
    if (ctx->st.g.bleed <= 0)
        each_page(ctx, from, upto, freeze_drawn);
}

void pdf_freeze_pages(pdf_ctx *ctx)
{
    each_page(ctx, 0, ctx->npages, freeze_all);
}

void pdf_frozen_free(pdf_ctx *ctx)
{
    for (size_t i = 0; i < ctx->npages; i++) {
        pdf_page *pg = &ctx->pages[i];
        pdf_fonts_free(pg->fonts); /* drawn early, never finished (a failed document) */
        pg->fonts = NULL;
        free(pg->frozen);
        pg->frozen = NULL;
    }
}
