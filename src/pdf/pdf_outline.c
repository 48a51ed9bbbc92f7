/* Navigation: the page labels and the outline.  The outline is lean: libharu keeps an outline entry (HPDF_CreateOutline)
 * as a dictionary whose every key is an element with a 128-byte name,
 * about 2 KB an entry until the save, and an e-paper has one per story.
 * Here an entry is a line in the cross-reference table and a record of
 * 48 bytes (pdf_outline), its title in one buffer with all the others;
 * the table's lines of every entry lead to one dictionary, the writer,
 * which libharu writes once per entry, in the table's order, which is the
 * order the entries were made in: its write hooks give it, just before,
 * the next entry's keys, in libharu's order, and take them back once
 * they are written.  The records are made first, each story freed once
 * its record is (what the stories held then takes the objects), and the
 * entries and their destinations numbered after, in the order libharu
 * would have made them.  The bytes are those of HPDF_CreateOutline's
 * entries: same objects, same numbers, same keys (/Count as libharu's
 * BeforeWrite counts it). */
#include "pdf.h"
#include "util/alloc.h"

#include <hpdf_list.h>
#include <hpdf_objects.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An entry.  Links are indexes into the records plus one (0: none). */
typedef struct ol_rec {
    uint32_t num;                            /* the object number */
    uint32_t parent, first, last, prev, next;
    uint32_t page;                           /* where it leads: page index, */
    int32_t y8;                              /* height in 1/8 pt */
    uint32_t dest;                           /* the destination's object number, 0: none */
    uint32_t title_at, title_len;            /* in pdf_outline.titles */
    unsigned char root, opened, binary;
} ol_rec;

/* The links' stand-ins while an entry is written: an indirect object's
 * header is all a reference (libharu's proxy) reads of it. */
enum { L_PARENT, L_FIRST, L_LAST, L_PREV, L_NEXT, L_DEST, L_ROOT, L_N };

struct pdf_outline {
    ol_rec *v;
    size_t n, cap;
    np_buf titles;
    HPDF_Dict writer; /* what every entry's line in the table leads to */
    size_t cursor;    /* the entry written next */
    HPDF_Obj_Header link[L_N];
};

/* The entries under `r` an open outline shows (libharu's CountChild). */
static HPDF_INT32 count_shown(const pdf_outline *o, const ol_rec *r)
{
    HPDF_INT32 n = 0;
    for (uint32_t c = r->first; c; c = o->v[c - 1].next) {
        n++;
        if (o->v[c - 1].opened)
            n += count_shown(o, &o->v[c - 1]);
    }
    return n;
}

/* A reference to object `num` under `key` (none for 0). */
static HPDF_STATUS add_ref(pdf_outline *o, HPDF_Dict d, const char *key, int slot, uint32_t num)
{
    if (!num)
        return HPDF_OK;
    o->link[slot].obj_id = num | HPDF_OTYPE_INDIRECT;
    o->link[slot].gen_no = 0;
    return HPDF_Dict_Add(d, key, &o->link[slot]);
}

static uint32_t num_of(const pdf_outline *o, uint32_t link)
{
    return link ? o->v[link - 1].num : 0;
}

/* The keys of the next entry, in the order HPDF_CreateOutline and our
 * calls gave them. */
static HPDF_STATUS ol_before_write(HPDF_Dict d)
{
    pdf_outline *o = d->attr;
    if (o->cursor >= o->n)
        return HPDF_SetError(d->error, HPDF_INVALID_OBJECT, 0);
    const ol_rec *r = &o->v[o->cursor];
    HPDF_STATUS ret = HPDF_OK;
    if (!r->root) {
        char *title = o->titles.data + r->title_at;
        void *t = r->binary ? (void *)HPDF_Binary_New(d->mmgr, (HPDF_BYTE *)title, r->title_len)
                            : (void *)HPDF_String_New(d->mmgr, title, NULL);
        ret = HPDF_Dict_Add(d, "Title", t);
    }
    if (ret == HPDF_OK)
        ret = HPDF_Dict_AddName(d, "Type", "Outlines");
    if (ret == HPDF_OK)
        ret = add_ref(o, d, "Prev", L_PREV, num_of(o, r->prev));
    if (ret == HPDF_OK)
        ret = add_ref(o, d, "Parent", L_PARENT, num_of(o, r->parent));
    if (ret == HPDF_OK)
        ret = add_ref(o, d, "Dest", L_DEST, r->dest);
    if (ret == HPDF_OK)
        ret = add_ref(o, d, "First", L_FIRST, num_of(o, r->first));
    if (ret == HPDF_OK)
        ret = add_ref(o, d, "Last", L_LAST, num_of(o, r->last));
    if (ret == HPDF_OK)
        ret = add_ref(o, d, "Next", L_NEXT, num_of(o, r->next));
    HPDF_INT32 n = count_shown(o, r);
    if (ret == HPDF_OK && n)
        ret = HPDF_Dict_AddNumber(d, "Count", r->opened ? n : -n);
    return ret;
}

/* The keys go once written; the next entry is next (a second save
 * starts again). */
static HPDF_STATUS ol_after_write(HPDF_Dict d)
{
    pdf_outline *o = d->attr;
    for (HPDF_UINT i = 0; i < d->list->count; i++) {
        HPDF_DictElement e = HPDF_List_ItemAt(d->list, i);
        HPDF_Obj_Free(d->mmgr, e->value);
        HPDF_FreeMem(d->mmgr, e);
    }
    HPDF_List_Clear(d->list);
    o->cursor = o->cursor + 1 < o->n ? o->cursor + 1 : 0;
    return HPDF_OK;
}

/* The outline, on first use: its writer, and room for a record per
 * story and section, the root's and the front page's. */
static pdf_outline *ol_get(pdf_ctx *ctx)
{
    pdf_outline *o = ctx->outline;
    if (o)
        return o->writer ? o : NULL;
    o = ctx->outline = np_xcalloc(1, sizeof *o);
    o->cap = 2 + ctx->sections.n + ctx->norder;
    o->v = np_xreallocarray(NULL, o->cap, sizeof *o->v);
    if (!(o->writer = HPDF_Dict_New(ctx->pdf->mmgr)))
        return NULL;
    o->writer->attr = o;
    o->writer->before_write_fn = ol_before_write;
    o->writer->after_write_fn = ol_after_write;
    o->writer->header.obj_class |= HPDF_OSUBCLASS_OUTLINE;
    return o;
}

/* A new record (its number comes with ol_number()): its index plus one,
 * 0 if it cannot be. */
static uint32_t ol_new(pdf_outline *o, const char *title, size_t len, int binary)
{
    if (o->n >= UINT32_MAX - 1 || len > UINT32_MAX || o->titles.len + len >= UINT32_MAX)
        return 0;
    if (o->n == o->cap) {
        o->cap *= 2;
        o->v = np_xreallocarray(o->v, o->cap, sizeof *o->v);
    }
    ol_rec *r = &o->v[o->n++];
    memset(r, 0, sizeof *r);
    r->title_at = (uint32_t)o->titles.len;
    r->title_len = (uint32_t)len;
    r->binary = (unsigned char)binary;
    np_buf_put(&o->titles, title, len);
    np_buf_putc(&o->titles, '\0');
    return (uint32_t)o->n;
}

void pdf_outline_free(pdf_ctx *ctx)
{
    pdf_outline *o = ctx->outline;
    if (!o)
        return;
    /* the table's lines lead to the writer no more: libharu frees it once */
    HPDF_Xref xref = ctx->pdf ? ctx->pdf->xref : NULL;
    for (size_t i = 0; xref && i < o->n; i++) {
        if (!o->v[i].num)
            continue;
        HPDF_XrefEntry e = HPDF_List_ItemAt(xref->entries, o->v[i].num - xref->start_offset);
        if (e && e->obj == o->writer)
            e->obj = NULL;
    }
    if (ctx->pdf && ctx->pdf->catalog)
        HPDF_Dict_RemoveElement(ctx->pdf->catalog, "Outlines");
    if (o->writer) {
        o->writer->attr = NULL;
        HPDF_Dict_Free(o->writer);
    }
    free(o->v);
    np_buf_free(&o->titles);
    free(o);
    ctx->outline = NULL;
}

static int is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80 || (unsigned char)*s < 0x20)
            return 0;
    return 1;
}

/* The record of an entry under `parent` (0: the root, made on first use
 * as HPDF_CreateOutline makes it), leading to height y of page `page`. */
static uint32_t outline_add(pdf_ctx *ctx, uint32_t parent, const char *title, size_t page,
                            double y, int opened)
{
    pdf_outline *o = ctx->outline;
    if (!parent) {
        if (!o->n) {
            if (ol_new(o, "", 0, 0) != 1)
                return 0;
            o->v[0].root = o->v[0].opened = 1;
        }
        parent = 1;
    }
    np_buf b = NP_BUF_INIT;
    int binary = 0;
    if (!title)
        title = "";
    if (is_ascii(title))
        np_buf_put(&b, title, strlen(title));
    else
        binary = pdf_text_string(title, &b);
    uint32_t d = ol_new(o, b.data ? b.data : "", b.len, binary);
    np_buf_free(&b);
    if (!d)
        return 0;
    ol_rec *r = &o->v[d - 1], *p = &o->v[parent - 1];
    r->parent = parent;
    r->prev = p->last;
    if (p->last)
        o->v[p->last - 1].next = d;
    else
        p->first = d;
    p->last = d;
    r->page = (uint32_t)page;
    r->y8 = (int32_t)lround(y * 8); /* the destinations' grid (pdf_dest_at) */
    r->opened = opened != 0;
    return d;
}

/* The records made objects, in the order HPDF_CreateOutline would have
 * made them: the root (and the catalog's /Outlines), then each entry and
 * its destination (which may be one a link made before).  Each entry is a
 * line in the cross-reference table, leading to the writer. */
static void ol_number(pdf_ctx *ctx)
{
    pdf_outline *o = ctx->outline;
    HPDF_Xref xref = ctx->pdf->xref;
    for (size_t i = 0; i < o->n; i++) {
        ol_rec *r = &o->v[i];
        if (xref->entries->count >= HPDF_LIMIT_MAX_XREF_ELEMENT)
            return;
        HPDF_XrefEntry e = HPDF_GetMem(ctx->pdf->mmgr, sizeof *e);
        if (!e)
            return;
        if (HPDF_List_Add(xref->entries, e) != HPDF_OK) {
            HPDF_FreeMem(ctx->pdf->mmgr, e);
            return;
        }
        e->entry_typ = HPDF_IN_USE_ENTRY;
        e->byte_offset = 0;
        e->gen_no = 0;
        e->obj = o->writer;
        r->num = (uint32_t)(xref->start_offset + xref->entries->count - 1);
        if (r->root) {
            o->link[L_ROOT].obj_id = r->num | HPDF_OTYPE_INDIRECT;
            if (HPDF_Dict_Add(ctx->pdf->catalog, "Outlines", &o->link[L_ROOT]) != HPDF_OK)
                return;
            continue;
        }
        HPDF_Destination dest = pdf_dest_at(ctx, ctx->pages[r->page].hp, (double)r->y8 / 8);
        r->dest = dest ? (uint32_t)(dest->header.obj_id & 0x00FFFFFF) : 0;
    }
}

/* Story i's entry is made: with `release`, the story is freed (but the
 * lead's, which the document's information names). */
static void entry_made(pdf_ctx *ctx, int i, int release)
{
    if (!release || i == ctx->lead)
        return;
    pdf_story_free(ctx->stories[i]);
    ctx->stories[i] = NULL;
}

void pdf_navigation(pdf_ctx *ctx, int release)
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
    /* the records first, the stories freed as they go; their objects
     * after, in the same order, in the memory the stories left */
    if (ctx->npages && ol_get(ctx)) {
        uint32_t front = 0;
        if (!ctx->o->article) {
            front = outline_add(ctx, 0, "Front page", 0, ph, 1);
            for (size_t i = 0; i < ctx->norder; i++) {
                pdf_story *s = ctx->stories[ctx->order[i]];
                if (front && s && s->on_front && s->nseg) {
                    outline_add(ctx, front, s->title ? s->title : pdf_story_short_head(s, &b),
                                s->seg[0].page, ph - s->top_y + 4, 0);
                    entry_made(ctx, ctx->order[i], release);
                }
            }
        }
        for (size_t si = 0; si < ctx->sections.n; si++) {
            const np_section *sec = &ctx->sections.v[si];
            uint32_t so = 0;
            for (size_t k = 0; k < sec->n; k++) {
                pdf_story *s = ctx->stories[sec->items[k]];
                if (!s || !s->nseg || (s->on_front && !ctx->o->article))
                    continue;
                if (!so)
                    so = outline_add(ctx, 0, sec->title, s->seg[0].page, ph, 0);
                if (so)
                    outline_add(ctx, so, s->title ? s->title : pdf_story_short_head(s, &b),
                                s->seg[0].page, ph - s->top_y + 4, 0);
                entry_made(ctx, (int)sec->items[k], release);
            }
        }
        ol_number(ctx);
        HPDF_SetPageMode(ctx->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    }
    np_buf_free(&b);
    pdf_dests_free(ctx);
    HPDF_ResetError(ctx->pdf);
}
