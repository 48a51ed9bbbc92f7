/* PDF drawing: the display list onto libharu pages (y turned upwards),
 * jump lines and index page numbers resolved now that every page is known,
 * index links, the outline (section -> story), page labels and the
 * document information with UTF-16 strings. */
#include "pdf.h"
#include "util/alloc.h"
#include "util/mem.h"
#include "newsprint/newsprint.h"

#include <hpdf_objects.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* UTF-8 -> UTF-16BE with a byte order mark: PDF text strings outside
 * PDFDocEncoding.  libharu writes a binary object as a hex string. */
void pdf_utf16be(const char *s, np_buf *out);
void pdf_utf16be(const char *s, np_buf *out)
{
    size_t len = strlen(s), i = 0;
    np_buf_putc(out, 0xfe);
    np_buf_putc(out, 0xff);
    while (i < len) {
        uint32_t cp = pdf_utf8_next(s, len, &i);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            uint32_t hi = 0xd800 + (cp >> 10), lo = 0xdc00 + (cp & 0x3ff);
            np_buf_putc(out, (int)(hi >> 8));
            np_buf_putc(out, (int)(hi & 0xff));
            np_buf_putc(out, (int)(lo >> 8));
            np_buf_putc(out, (int)(lo & 0xff));
        } else {
            np_buf_putc(out, (int)(cp >> 8));
            np_buf_putc(out, (int)(cp & 0xff));
        }
    }
}

/* The PDFDocEncoding byte of a character, 0 if it has none here: ASCII,
 * Latin-1's letters and signs, and the punctuation of news text. */
static int pdfdoc_byte(uint32_t cp)
{
    static const struct {
        uint16_t cp;
        uint8_t b;
    } SPECIAL[] = {{0x2022, 0x80}, {0x2026, 0x83}, {0x2014, 0x84}, {0x2013, 0x85},
                   {0x201c, 0x8d}, {0x201d, 0x8e}, {0x2018, 0x8f}, {0x2019, 0x90}};
    if ((cp >= 0x20 && cp < 0x7f) || (cp >= 0xa1 && cp <= 0xff && cp != 0xad))
        return (int)cp;
    for (size_t i = 0; i < sizeof SPECIAL / sizeof *SPECIAL; i++)
        if (SPECIAL[i].cp == cp)
            return SPECIAL[i].b;
    return 0;
}

int pdf_text_string(const char *utf8, np_buf *out)
{
    size_t len = strlen(utf8), i = 0, start = out->len;
    while (i < len) {
        int c = pdfdoc_byte(pdf_utf8_next(utf8, len, &i));
        if (!c) {
            np_buf_truncate(out, start);
            pdf_utf16be(utf8, out);
            return 1;
        }
        np_buf_putc(out, c);
    }
    return 0;
}

/* Set a text string entry of a dictionary (the information's). */
static void dict_text(pdf_ctx *ctx, HPDF_Dict dict, const char *key, const char *utf8)
{
    np_buf b = NP_BUF_INIT;
    void *v = pdf_text_string(utf8, &b)
                  ? (void *)HPDF_Binary_New(ctx->pdf->mmgr, (HPDF_BYTE *)b.data, (HPDF_UINT)b.len)
                  : (void *)HPDF_String_New(ctx->pdf->mmgr, b.data ? b.data : "", NULL);
    if (v)
        HPDF_Dict_Add(dict, key, v);
    np_buf_free(&b);
}

static const struct {
    HPDF_InfoType type;
    const char *key;
} INFO_KEYS[] = {{HPDF_INFO_TITLE, "Title"},     {HPDF_INFO_SUBJECT, "Subject"},
                 {HPDF_INFO_KEYWORDS, "Keywords"}, {HPDF_INFO_AUTHOR, "Author"},
                 {HPDF_INFO_CREATOR, "Creator"}, {HPDF_INFO_PRODUCER, "Producer"}};

static void info(pdf_ctx *ctx, HPDF_InfoType type, const char *value)
{
    if (!value || !*value)
        return;
    HPDF_SetInfoAttr(ctx->pdf, type, "-"); /* creates the dictionary */
    for (size_t i = 0; i < sizeof INFO_KEYS / sizeof INFO_KEYS[0]; i++)
        if (INFO_KEYS[i].type == type && ctx->pdf->info)
            dict_text(ctx, ctx->pdf->info, INFO_KEYS[i].key, value);
}

/* A text made at drawing time (jump lines, page numbers). */
static void draw_text(pdf_ctx *ctx, HPDF_Page page, double ph, const dl_obj *o, const char *text,
                      pdf_story *s)
{
    /* drawn and freed at once: an e-paper has thousands (the index's numbers) */
    pt_para p;
    pt_init(&p, ctx, o->role);
    p.align = o->align;
    p.hyphenate = 0;
    p.story = s;
    pt_adds(&p, text, 0);
    pt_finish(&p);
    pt_break(&p, o->w + 1000); /* one line */
    pt_draw_line(&p, page, 0, o->x, ph - (o->y + o->base), o->w);
    pt_free(&p);
}

static size_t page_no(const pdf_ctx *ctx, size_t physical)
{
    return physical < ctx->npages ? ctx->pages[physical].number : 0;
}

static double story_top(const pdf_ctx *ctx, const pdf_story *s)
{
    (void)ctx;
    return s->top_y;
}

static void *grow_late(pdf_ctx *ctx)
{
    NP_GROW(ctx->late, ctx->nlate, ctx->caplate, 64);
    return &ctx->late[ctx->nlate++];
}

static const char *kind_name(const dl_obj *o)
{
    switch (o->kind) {
    case DL_LINE: {
        const pdf_story *s = o->para ? o->para->story : NULL;
        if (!s)
            return "text";
        if (pdf_story_is_header(s, o->para) || o->para->role->size > 12)
            return "head";
        return "col";
    }
    case DL_PIC:
        return "pic";
    case DL_JUMP_OUT:
        return "jumpout";
    case DL_JUMP_IN:
        return "jumpin";
    default:
        return NULL;
    }
}

/* The layout report's line for a placed object. */
static void report_box(pdf_ctx *ctx, const dl_obj *o)
{
    np_buf *out = ctx->o->layout_report;
    if (out && o->kind == DL_AREA) {
        np_buf_printf(out, "area\t%d\t%zu\t%d\t%.2f\t%.2f\t%.2f\t%.2f\n", o->story, o->page,
                      o->seg, o->x, o->y, o->w, o->h);
        return;
    }
    const char *kind = kind_name(o);
    if (!out || !kind)
        return;
    int story = o->kind == DL_LINE ? (o->para && o->para->story ? (int)o->para->story->index : -1)
                                   : o->story;
    np_buf_printf(out, "box\t%d\t%zu\t%s\t%.2f\t%.2f\t%.2f\t%.2f", story, o->page, kind, o->x,
                  o->y, o->w, o->h);
    /* lines of paragraphs: which line of how many, and subheads */
    if (o->kind == DL_LINE && o->para)
        np_buf_printf(out, "\t%zu\t%zu\t%s", o->line, pt_nlines(o->para),
                      o->para->role == &ctx->st.r[R_SUBHEAD] ? "subhead" : "line");
    np_buf_putc(out, '\n');
}

static double grid8(double v)
{
    return floor(v * 8 + 0.5) / 8;
}

/* A link over the box of `o` to physical page `target`, `y` from its top. */
static void link_to(pdf_ctx *ctx, HPDF_Page page, const dl_obj *o, size_t target, double y)
{
    double ph = ctx->st.g.page_h;
    if (target >= ctx->npages || !ctx->pages[target].hp)
        return;
    /* the box on the 1/8 pt grid: short numbers */
    HPDF_Rect r = {(HPDF_REAL)grid8(o->x), (HPDF_REAL)grid8(ph - (o->y + o->h)),
                   (HPDF_REAL)grid8(o->x + o->w), (HPDF_REAL)grid8(ph - o->y)};
    HPDF_Destination d = pdf_dest_at(ctx, ctx->pages[target].hp, ph - y + 4);
    if (!d)
        return;
    HPDF_Annotation a = HPDF_Page_CreateLinkAnnot(page, r, d);
    if (a) {
        HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
        /* optional, and /H /I (invert) is the default highlighting */
        HPDF_Dict_RemoveElement(a, "P");
        HPDF_ResetError(ctx->pdf);
    }
}

static void draw_obj(pdf_ctx *ctx, const dl_obj *o, np_buf *t)
{
    double ph = ctx->st.g.page_h;
    HPDF_Page page = ctx->pages[o->page].hp;
    if (!page)
        return;
    pdf_story *s = o->story >= 0 && (size_t)o->story < ctx->c->n ? ctx->stories[o->story] : NULL;
    np_buf_reset(t);
    switch (o->kind) {
    case DL_AREA:
        break;
    case DL_LINE:
    case DL_TEXT:
        if (o->para) {
            pt_draw_line(o->para, page, o->line, o->x, ph - (o->y + o->base), o->w);
        } else {
            np_buf_printf(t, "Page %zu of %zu", page_no(ctx, o->page), ctx->npages);
            draw_text(ctx, page, ph, o, t->data, NULL);
        }
        break;
    case DL_RULE:
        pdf_pen_end(ctx);
        HPDF_Page_SetLineWidth(page, (HPDF_REAL)o->lw);
        HPDF_Page_MoveTo(page, (HPDF_REAL)o->x, (HPDF_REAL)(ph - o->y));
        HPDF_Page_LineTo(page, (HPDF_REAL)(o->x + o->w), (HPDF_REAL)(ph - (o->y + o->h)));
        HPDF_Page_Stroke(page);
        break;
    case DL_PIC: {
        HPDF_Image img = pdf_pic_image(ctx, o->pic);
        pdf_pen_end(ctx);
        if (img) {
            HPDF_Page_DrawImage(page, img, (HPDF_REAL)o->x, (HPDF_REAL)(ph - (o->y + o->h)),
                                (HPDF_REAL)o->w, (HPDF_REAL)o->h);
            pdf_pic_drawn(ctx, o->pic, o->w, o->h);
        }
        break;
    }
    case DL_JUMP_OUT:
        if (s && (size_t)o->seg + 1 < s->nseg) {
            np_buf_printf(t, "Continued on page %zu", page_no(ctx, s->seg[o->seg + 1].page));
            draw_text(ctx, page, ph, o, t->data, s);
            link_to(ctx, page, o, s->seg[o->seg + 1].page, s->seg[o->seg + 1].y);
        }
        break;
    case DL_JUMP_IN:
        if (s && o->seg >= 1) {
            np_buf_printf(t, "Continued from page %zu", page_no(ctx, s->seg[o->seg - 1].page));
            draw_text(ctx, page, ph, o, t->data, s);
            link_to(ctx, page, o, s->seg[o->seg - 1].page, s->seg[o->seg - 1].y);
        }
        break;
    case DL_PAGENO:
        if (s && s->nseg) {
            np_buf_printf(t, "%zu", page_no(ctx, s->seg[0].page));
            dl_obj q = *o;
            q.align = PT_END;
            draw_text(ctx, page, ph, &q, t->data, NULL);
        }
        break;
    case DL_LINK:
        if (s && s->nseg)
            link_to(ctx, page, o, s->seg[0].page, story_top(ctx, s));
        break;
    }
}

static int is_late(const dl_obj *o)
{
    return o->kind == DL_JUMP_OUT || o->kind == DL_JUMP_IN || o->kind == DL_PAGENO ||
           o->kind == DL_LINK || (o->kind == DL_TEXT && !o->para);
}

void pdf_flush(pdf_ctx *ctx, size_t upto)
{
    np_buf t = NP_BUF_INIT;
    size_t keep = 0;
    for (size_t i = 0; i < ctx->ndl; i++) {
        dl_obj *o = &ctx->dl[i];
        if (o->page >= upto) {
            ctx->dl[keep++] = *o;
            continue;
        }
        report_box(ctx, o);
        if (is_late(o)) {
            *(dl_obj *)grow_late(ctx) = *o;
            continue;
        }
        draw_obj(ctx, o, &t);
        pt_para *p = o->para;
        if (o->own_para) {
            pt_free(p);
            free(p);
            continue;
        }
        if (p && p->pending && --p->pending == 0 && p->emitted >= pt_nlines(p))
            pt_release(p);
    }
    ctx->ndl = keep;
    np_buf_free(&t);
    pdf_pen_leave(ctx);
    pdf_stories_shed(ctx, upto);
    size_t from = ctx->nspilled;
    pdf_spill_pages(ctx, upto);
    pdf_freeze_drawn(ctx, from, upto);
}

void pdf_drawn_free(pdf_ctx *ctx)
{
    pdf_owned_free(&ctx->owned);
    for (size_t i = 0; i < ctx->ndl; i++)
        if (ctx->dl[i].own_para) {
            pt_free(ctx->dl[i].para);
            free(ctx->dl[i].para);
        }
    free(ctx->dl);
    ctx->dl = NULL;
    ctx->ndl = ctx->capdl = 0;
    free(ctx->late);
    ctx->late = NULL;
    ctx->nlate = ctx->caplate = 0;
    for (size_t i = 0; i < ctx->nhy; i++) {
        free(ctx->hy[i].lang);
        np_hyphenator_free(ctx->hy[i].h);
    }
    ctx->nhy = 0;
}

int pdf_draw(pdf_ctx *ctx, np_error *err)
{
    for (size_t i = 0; i < ctx->npages; i++)
        if (!ctx->pages[i].hp)
            return np_error_set(err, NP_ERR_INTERNAL, NULL, 0,
                                "libharu cannot add a page (error 0x%04X)",
                                (unsigned)HPDF_GetError(ctx->pdf));
    pdf_flush(ctx, ctx->npages);
    np_buf t = NP_BUF_INIT;
    for (size_t i = 0; i < ctx->nlate; i++)
        draw_obj(ctx, &ctx->late[i], &t);
    np_buf_free(&t);
    pdf_pen_leave(ctx);
    /* what made the pages goes first, and the memory back: the outline
     * and the fonts' subsets follow */
    pdf_drawn_free(ctx);
    np_mem_give_back();
    HPDF_ResetError(ctx->pdf);
    if (HPDF_GetError(ctx->pdf) != HPDF_OK) {
        unsigned e = (unsigned)HPDF_GetError(ctx->pdf);
        HPDF_ResetError(ctx->pdf);
        return np_error_set(err, NP_ERR_INTERNAL, NULL, 0, "libharu failed drawing (error 0x%04X)",
                            e);
    }
    return NP_OK;
}

/* Document information and the file identifier. */
void pdf_doc_info(pdf_ctx *ctx, const char *title, const char *subject, const char *keywords,
                  const np_time *when, const unsigned char id[16]);
void pdf_doc_info(pdf_ctx *ctx, const char *title, const char *subject, const char *keywords,
                  const np_time *when, const unsigned char id[16])
{
    info(ctx, HPDF_INFO_TITLE, title);
    info(ctx, HPDF_INFO_SUBJECT, subject);
    info(ctx, HPDF_INFO_KEYWORDS, keywords);
    info(ctx, HPDF_INFO_AUTHOR, ctx->st.paper);
    info(ctx, HPDF_INFO_CREATOR, "newsml2pdf (newsprint " NP_VERSION ")");
    info(ctx, HPDF_INFO_PRODUCER, "newsprint " NP_VERSION " with Haru Free PDF Library "
                                  HPDF_VERSION_TEXT);
    if (when && when->valid) {
        /* np_time in UTC */
        int64_t secs = when->utc;
        int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
        int64_t rem = secs - days * 86400;
        /* civil from days (Howard Hinnant's algorithm) */
        int64_t z = days + 719468;
        int64_t era = (z >= 0 ? z : z - 146096) / 146097;
        int64_t doe = z - era * 146097;
        int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        int64_t y = yoe + era * 400;
        int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        int64_t mp = (5 * doy + 2) / 153;
        int64_t d = doy - (153 * mp + 2) / 5 + 1;
        int64_t mo = mp < 10 ? mp + 3 : mp - 9;
        if (mo <= 2)
            y++;
        HPDF_Date date;
        memset(&date, 0, sizeof date);
        date.year = (HPDF_INT)y;
        date.month = (HPDF_INT)mo;
        date.day = (HPDF_INT)d;
        date.hour = (HPDF_INT)(rem / 3600);
        date.minutes = (HPDF_INT)(rem % 3600 / 60);
        date.seconds = (HPDF_INT)(rem % 60);
        date.ind = 'Z';
        HPDF_SetInfoDateAttr(ctx->pdf, HPDF_INFO_CREATION_DATE, date);
        HPDF_SetInfoDateAttr(ctx->pdf, HPDF_INFO_MOD_DATE, date);
    }
    /* libharu writes no /ID unless encrypting: ours, derived from the content */
    HPDF_Array arr = HPDF_Array_New(ctx->pdf->mmgr);
    if (arr) {
        HPDF_Array_Add(arr, HPDF_Binary_New(ctx->pdf->mmgr, (HPDF_BYTE *)id, 16));
        HPDF_Array_Add(arr, HPDF_Binary_New(ctx->pdf->mmgr, (HPDF_BYTE *)id, 16));
        HPDF_Dict_Add(ctx->pdf->trailer, "ID", arr);
    }
}
