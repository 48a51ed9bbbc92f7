/* Finished page dictionaries, small: libharu keeps a page's keys (type,
 * boxes, contents, resources with every font, parent, links) as a tree of
 * objects, each key with a 128-byte name, about 4 KB a page until the
 * save.  Once nothing is drawn or added on the pages any more, each page's
 * keys are written now, with libharu's own writer, into one hidden key
 * (skipped by HPDF_Dict_Write, as libharu's own "_OPENED" is) and the tree
 * is freed; the page's write hook writes those bytes where libharu would
 * have written the keys.  The objects the keys refer to have their
 * numbers already (a number is given when an object enters the
 * cross-reference table), so the bytes are the same. */
#include "pdf.h"

#include <hpdf_gstate.h>
#include <hpdf_list.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <string.h>

#define FROZEN "_Frozen"

static HPDF_STATUS put_buf(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n)
{
    np_buf_put(s->attr, p, n);
    return HPDF_OK;
}

static HPDF_STATUS write_frozen(HPDF_Dict d, HPDF_Stream out)
{
    HPDF_Binary b = HPDF_Dict_GetItem(d, FROZEN, HPDF_OCLASS_BINARY);
    if (!b)
        return HPDF_SetError(d->error, HPDF_INVALID_OBJECT, 0);
    return HPDF_Stream_Write(out, b->value, b->len);
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

/* Freeze one page; left as it is when it cannot be (nothing lost). */
static void freeze(HPDF_Page page, HPDF_Stream s, np_buf *b)
{
    HPDF_PageAttr attr = page->attr;
    /* libharu's Page_BeforeWrite would close a text, path or saved state */
    if (page->write_fn || !attr || attr->gmode != HPDF_GMODE_PAGE_DESCRIPTION ||
        (attr->gstate && attr->gstate->prev))
        return;
    np_buf_reset(b);
    if (write_keys(page, s) != HPDF_OK || b->len > HPDF_LIMIT_MAX_STRING_LEN)
        return;
    HPDF_Binary v = HPDF_Binary_New(page->mmgr, (HPDF_BYTE *)b->data, (HPDF_UINT)b->len);
    if (!v)
        return;
    v->header.obj_id |= HPDF_OTYPE_HIDDEN;
    if (HPDF_Dict_Add(page, FROZEN, v) != HPDF_OK)
        return;
    /* the keys go, hidden ones (and the bytes) stay: they write nothing */
    HPDF_UINT keep = 0;
    for (HPDF_UINT i = 0; i < page->list->count; i++) {
        HPDF_DictElement e = HPDF_List_ItemAt(page->list, i);
        if (e->value && hidden(e)) {
            page->list->obj[keep++] = e;
            continue;
        }
        HPDF_Obj_Free(page->mmgr, e->value);
        HPDF_FreeMem(page->mmgr, e);
    }
    page->list->count = keep;
    page->write_fn = write_frozen;
    /* what drawing needed: the resources are freed, the state is spent */
    attr->fonts = attr->xobjects = attr->ext_gstates = NULL;
    if (attr->gstate)
        HPDF_GState_Free(page->mmgr, attr->gstate);
    attr->gstate = NULL;
}

void pdf_freeze_pages(pdf_ctx *ctx)
{
    if (ctx->pdf->encrypt_on)
        return; /* the keys would be written unencrypted */
    np_buf b = NP_BUF_INIT;
    HPDF_Stream s = HPDF_CallbackWriter_New(ctx->pdf->mmgr, put_buf, &b);
    if (!s)
        return;
    for (size_t i = 0; i < ctx->npages; i++)
        if (ctx->pages[i].hp)
            freeze(ctx->pages[i].hp, s, &b);
    HPDF_Stream_Free(s);
    np_buf_free(&b);
    HPDF_ResetError(ctx->pdf);
}
