/* Navigation: the page labels and the outline.  The outline is lean: libharu keeps an outline entry (HPDF_CreateOutline)
 * as a dictionary whose every key is an element with a 128-byte name,
 * about 2 KB an entry until the save, and an e-paper has one per story.
 * Here an entry is a dictionary in the cross-reference table without
 * elements, its title and links in a small record: libharu's own write
 * hooks give it, just before it is written, the keys libharu would have
 * given it, in libharu's order, and take them back once it is written.
 * The bytes are those of HPDF_CreateOutline's entries: same objects, same
 * numbers, same keys (/Count as libharu's BeforeWrite counts it). */
#include "pdf.h"
#include "util/alloc.h"

#include <hpdf_list.h>
#include <hpdf_objects.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ol_rec {
    HPDF_Dict parent, first, last, prev, next; /* NULL: none */
    HPDF_Destination dest;                     /* NULL: none */
    unsigned char root, opened, binary;
    size_t len;  /* of the title's bytes */
    char title[]; /* a PDFDocEncoding string, or UTF-16BE (binary) */
} ol_rec;

static ol_rec *rec_of(HPDF_Dict d)
{
    return d ? d->attr : NULL;
}

/* The entries under `r` an open outline shows (libharu's CountChild). */
static HPDF_INT32 count_shown(const ol_rec *r)
{
    HPDF_INT32 n = 0;
    for (const ol_rec *c = rec_of(r->first); c; c = rec_of(c->next)) {
        n++;
        if (c->opened)
            n += count_shown(c);
    }
    return n;
}

static HPDF_STATUS add_ref(HPDF_Dict d, const char *key, void *obj)
{
    return obj ? HPDF_Dict_Add(d, key, obj) : HPDF_OK;
}

/* The keys, in the order HPDF_CreateOutline and our calls gave them. */
static HPDF_STATUS ol_before_write(HPDF_Dict d)
{
    const ol_rec *r = d->attr;
    HPDF_STATUS ret = HPDF_OK;
    if (!r->root) {
        void *t = r->binary ? (void *)HPDF_Binary_New(d->mmgr, (HPDF_BYTE *)r->title,
                                                      (HPDF_UINT)r->len)
                            : (void *)HPDF_String_New(d->mmgr, r->title, NULL);
        ret = HPDF_Dict_Add(d, "Title", t);
    }
    if (ret == HPDF_OK)
        ret = HPDF_Dict_AddName(d, "Type", "Outlines");
    if (ret == HPDF_OK)
        ret = add_ref(d, "Prev", r->prev);
    if (ret == HPDF_OK)
        ret = add_ref(d, "Parent", r->parent);
    if (ret == HPDF_OK)
        ret = add_ref(d, "Dest", r->dest);
    if (ret == HPDF_OK)
        ret = add_ref(d, "First", r->first);
    if (ret == HPDF_OK)
        ret = add_ref(d, "Last", r->last);
    if (ret == HPDF_OK)
        ret = add_ref(d, "Next", r->next);
    HPDF_INT32 n = count_shown(r);
    if (ret == HPDF_OK && n)
        ret = HPDF_Dict_AddNumber(d, "Count", r->opened ? n : -n);
    return ret;
}

/* The keys go once written: memory for the next entry. */
static HPDF_STATUS ol_after_write(HPDF_Dict d)
{
    for (HPDF_UINT i = 0; i < d->list->count; i++) {
        HPDF_DictElement e = HPDF_List_ItemAt(d->list, i);
        HPDF_Obj_Free(d->mmgr, e->value);
        HPDF_FreeMem(d->mmgr, e);
    }
    HPDF_List_Clear(d->list);
    return HPDF_OK;
}

static void ol_free(HPDF_Dict d)
{
    free(d->attr);
    d->attr = NULL;
}

/* A new entry in the cross-reference table (the next object number). */
static HPDF_Dict ol_new(HPDF_Doc pdf, const char *title, size_t len, int binary)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (!d)
        return NULL;
    ol_rec *r = np_xrealloc(NULL, sizeof *r + len + 1);
    memset(r, 0, sizeof *r);
    memcpy(r->title, title, len);
    r->title[len] = '\0';
    r->len = len;
    r->binary = (unsigned char)binary;
    d->attr = r;
    d->free_fn = ol_free;
    d->before_write_fn = ol_before_write;
    d->after_write_fn = ol_after_write;
    d->header.obj_class |= HPDF_OSUBCLASS_OUTLINE;
    if (HPDF_Xref_Add(pdf->xref, d) != HPDF_OK)
        return NULL; /* libharu has freed it */
    return d;
}

/* The document's outline root, made (and the catalog's /Outlines) on
 * first use, as HPDF_CreateOutline makes it. */
static HPDF_Dict ol_root(HPDF_Doc pdf)
{
    if (pdf->outlines)
        return pdf->outlines;
    HPDF_Dict root = ol_new(pdf, "", 0, 0);
    if (!root)
        return NULL;
    ol_rec *r = root->attr;
    r->root = r->opened = 1;
    if (HPDF_Dict_Add(pdf->catalog, "Outlines", root) != HPDF_OK)
        return NULL;
    pdf->outlines = root;
    return root;
}

static int is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80 || (unsigned char)*s < 0x20)
            return 0;
    return 1;
}

static HPDF_Outline outline_add(pdf_ctx *ctx, HPDF_Outline parent, const char *title,
                             HPDF_Page page, double y, int opened)
{
    if (!parent && !(parent = ol_root(ctx->pdf)))
        return NULL;
    np_buf b = NP_BUF_INIT;
    int binary = 0;
    if (!title)
        title = "";
    if (is_ascii(title))
        np_buf_put(&b, title, strlen(title));
    else
        binary = pdf_text_string(title, &b);
    HPDF_Dict d = ol_new(ctx->pdf, b.data ? b.data : "", b.len, binary);
    np_buf_free(&b);
    if (!d)
        return NULL;
    ol_rec *r = d->attr, *p = parent->attr;
    r->parent = parent;
    r->prev = p->last;
    if (p->last)
        rec_of(p->last)->next = d;
    else
        p->first = d;
    p->last = d;
    r->dest = pdf_dest_at(ctx, page, y); /* after the entry, as libharu numbers them */
    r->opened = opened != 0;
    return d;
}

void pdf_navigation(pdf_ctx *ctx)
{
    double ph = ctx->st.g.page_h;
    /* page labels: the printed numbers */
    if (ctx->o->article) {
        for (size_t i = 0; i < ctx->npages; i++)
            if (ctx->pages[i].number == 1) {
                char prefix[32];
                snprintf(prefix, sizeof prefix, "%zu-", ctx->pages[i].article);
                HPDF_AddPageLabel(ctx->pdf, (HPDF_UINT)i, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, prefix);
            }
    } else if (ctx->npages) {
        HPDF_AddPageLabel(ctx->pdf, 0, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL);
    }

    /* outline: front page, then sections, each with its stories */
    np_buf b = NP_BUF_INIT; /* a short headline */
    if (ctx->npages) {
        HPDF_Outline front = NULL;
        if (!ctx->o->article) {
            front = outline_add(ctx, NULL, "Front page", ctx->pages[0].hp, ph, 1);
            for (size_t i = 0; i < ctx->norder; i++) {
                pdf_story *s = ctx->stories[ctx->order[i]];
                if (front && s && s->on_front && s->nseg)
                    outline_add(ctx, front, s->title ? s->title : pdf_story_short_head(s, &b),
                                ctx->pages[s->seg[0].page].hp, ph - s->top_y + 4, 0);
            }
        }
        for (size_t si = 0; si < ctx->sections.n; si++) {
            const np_section *sec = &ctx->sections.v[si];
            HPDF_Outline so = NULL;
            for (size_t k = 0; k < sec->n; k++) {
                pdf_story *s = ctx->stories[sec->items[k]];
                if (!s || !s->nseg || (s->on_front && !ctx->o->article))
                    continue;
                if (!so)
                    so = outline_add(ctx, NULL, sec->title, ctx->pages[s->seg[0].page].hp,
                                     ph, 0);
                if (so)
                    outline_add(ctx, so, s->title ? s->title : pdf_story_short_head(s, &b),
                                ctx->pages[s->seg[0].page].hp, ph - s->top_y + 4, 0);
            }
        }
        HPDF_SetPageMode(ctx->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    }
    np_buf_free(&b);
    pdf_dests_free(ctx);
    HPDF_ResetError(ctx->pdf);
}
