/* The renderer's shared context helpers: warnings, new figures, display
 * list entries and pages, the type area of a page, hyphenators by language.
 * Every PDF file may call these; they call nothing of the renderer's. */
#include "pdf.h"
#include "util/alloc.h"

#include <stdarg.h>
#include <string.h>

void pdf_warn(pdf_ctx *ctx, const char *file, long line, const char *fmt, ...)
{
    va_list ap;
    if (ctx->quiet)
        return;
    ctx->warnings++;
    va_start(ap, fmt);
    np_issue_vwarn(ctx->o->on_issue, ctx->o->ud, file, line, fmt, ap);
    va_end(ap);
}

/* The item's place: a story keeps no copy of it (10,000 stories, a path
 * each); the collection has it, item parked or not. */
const char *pdf_story_where(const pdf_ctx *ctx, const pdf_story *s, np_buf *b)
{
    long line;
    const char *source = np_collection_source(ctx->c, s->index, &line);
    np_buf_reset(b);
    np_buf_printf(b, "%s:%ld", source ? source : "-", line);
    return b->data;
}

void pdf_warn_story(pdf_ctx *ctx, const pdf_story *s, const char *fmt, ...)
{
    va_list ap;
    if (ctx->quiet)
        return;
    ctx->warnings++;
    np_buf b = NP_BUF_INIT;
    va_start(ap, fmt);
    np_issue_vwarn(ctx->o->on_issue, ctx->o->ud, s ? pdf_story_where(ctx, s, &b) : NULL, 0, fmt,
                   ap);
    va_end(ap);
    np_buf_free(&b);
}

pdf_figure *pdf_figure_new(pdf_ctx *ctx)
{
    pdf_owned *o = ctx->own ? ctx->own : &ctx->owned;
    NP_GROW(o->figs, o->nfigs, o->capfigs, 16);
    pdf_figure *f = np_xrealloc(NULL, sizeof *f);
    memset(f, 0, sizeof *f);
    o->figs[o->nfigs++] = f;
    return f;
}

dl_obj *pdf_dl_add(pdf_ctx *ctx, dl_kind kind, size_t page)
{
    NP_GROW(ctx->dl, ctx->ndl, ctx->capdl, 1024);
    dl_obj *o = &ctx->dl[ctx->ndl++];
    memset(o, 0, sizeof *o);
    o->kind = kind;
    o->page = page;
    o->story = -1;
    return o;
}

size_t pdf_page_add(pdf_ctx *ctx, int section, const char *title)
{
    NP_GROW(ctx->pages, ctx->npages, ctx->cappages, 16);
    pdf_page *p = &ctx->pages[ctx->npages];
    memset(p, 0, sizeof *p);
    p->hp = HPDF_AddPage(ctx->pdf);
    if (p->hp) {
        HPDF_Page_SetWidth(p->hp, (HPDF_REAL)ctx->st.g.page_w);
        HPDF_Page_SetHeight(p->hp, (HPDF_REAL)ctx->st.g.page_h);
        /* libharu gives every page a /ProcSet, which PDF 1.4 made obsolete
         * and no reader needs: gone at once, not held to the end (five
         * names, about 1 KB a page) */
        HPDF_Dict res = HPDF_Dict_GetItem(p->hp, "Resources", HPDF_OCLASS_DICT);
        if (res)
            HPDF_Dict_RemoveElement(res, "ProcSet");
        HPDF_ResetError(ctx->pdf);
    }
    p->section = section;
    p->title = title;
    p->front = section == -1;
    p->number = ctx->npages + 1;
    return ctx->npages++;
}

void pdf_type_area(const pdf_ctx *ctx, size_t page, double *x0, double *y0, double *x1,
                   double *y1)
{
    const pdf_geom *g = &ctx->st.g;
    size_t number = page < ctx->npages ? ctx->pages[page].number : page + 1;
    /* right-hand (odd) pages have the inner margin on the left */
    double left = number % 2 == 1 ? g->m_inner : g->m_outer;
    double right = number % 2 == 1 ? g->m_outer : g->m_inner;
    *x0 = left;
    *x1 = g->page_w - right;
    *y0 = g->m_top;
    *y1 = g->page_h - g->m_bottom;
}

np_hyphenator *pdf_hyphenator(pdf_ctx *ctx, const char *lang)
{
    if (!lang || !*lang)
        return NULL;
    for (size_t i = 0; i < ctx->nhy; i++)
        if (!strcmp(ctx->hy[i].lang, lang))
            return ctx->hy[i].h;
    np_hyphenator *h = np_hyphenator_load(lang, NULL);
    if (ctx->nhy < sizeof ctx->hy / sizeof ctx->hy[0]) {
        np_buf b = NP_BUF_INIT;
        np_buf_puts(&b, lang);
        ctx->hy[ctx->nhy].lang = np_buf_detach(&b);
        ctx->hy[ctx->nhy++].h = h;
    } else if (h) {
        /* cache full: keep it anyway, freed with the others */
        np_hyphenator_free(h);
        h = NULL;
    }
    return h;
}

/* The page of dictionary `d`: the context is the document's error
 * handler's (HPDF_New), and pages are numbered in the order they are added. */
pdf_page *pdf_page_of(HPDF_Page d)
{
    pdf_ctx *ctx = d->error ? d->error->user_data : NULL;
    if (!ctx)
        return NULL;
    HPDF_UINT32 id = d->header.obj_id & 0x00FFFFFF;
    size_t lo = 0, hi = ctx->npages;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const HPDF_Page p = ctx->pages[mid].hp;
        if (p && (p->header.obj_id & 0x00FFFFFF) < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ctx->npages && ctx->pages[lo].hp == d ? &ctx->pages[lo] : NULL;
}
