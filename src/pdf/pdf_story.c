/* PDF stories: an item as header pieces (headline, subheadline, byline,
 * lead picture) and its body as a vertical list of lines, gaps and
 * pictures broken for the column width, with the keeps that prevent widows
 * and orphans (no column break after the first or before the last line of
 * a paragraph, none after a subhead). */
#include "pdf.h"
#include "util/alloc.h"

#include "newsprint/lang.h"
#include "newsprint/media.h"
#include "newsprint/meta.h"
#include "newsprint/park.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Column width of the page style. */
static double column_width(const pdf_ctx *ctx)
{
    const pdf_geom *g = &ctx->st.g;
    double tw = g->page_w - g->m_inner - g->m_outer;
    return (tw - g->gutter * (g->columns - 1)) / g->columns;
}

static double body_leading(const pdf_ctx *ctx)
{
    return ctx->st.r[R_BODY].leading;
}

/* Round a height up to whole body lines (columns keep a common grid). */
static double on_grid(const pdf_ctx *ctx, double h)
{
    double l = body_leading(ctx);
    return ceil(h / l - 1e-6) * l;
}

static fl_item *push(pdf_story *s, fl_kind kind, double h)
{
    NP_GROW(s->pc->fl, s->pc->nfl, s->pc->capfl, 64);
    fl_item *f = &s->pc->fl[s->pc->nfl++];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->h = h;
    return f;
}

static void push_gap(pdf_ctx *ctx, pdf_story *s)
{
    if (s->pc->nfl && s->pc->fl[s->pc->nfl - 1].kind != FL_GAP)
        push(s, FL_GAP, body_leading(ctx) * 0.5);
}

int pdf_story_is_brief(const pdf_ctx *ctx, size_t body_lines)
{
    const pdf_geom *g = &ctx->st.g;
    return g->brief_lines > 0 && g->columns > 1 &&
           body_lines <= (size_t)g->columns * (size_t)g->brief_lines;
}

/* Counting a story that is no brief any more: the rest need not be broken. */
static void lines_added(const pdf_ctx *ctx, pdf_story *s)
{
    if (s->counting && !pdf_story_is_brief(ctx, s->body_lines))
        s->skim = 1;
}

/* The lines of a broken paragraph with their keeps. */
static void push_lines(pdf_story *s, pt_para *p, int keep_with_next)
{
    size_t n = pt_nlines(p);
    for (size_t i = 0; i < n; i++) {
        fl_item *f = push(s, FL_LINE, p->role->leading);
        f->para = p;
        f->line = i;
        f->keep = p->keep || (n > 1 && (i == 0 || i + 2 == n)) || (i + 1 == n && keep_with_next);
        s->body_lines++;
    }
    lines_added(p->ctx, s);
}

static pt_para *story_para(pdf_ctx *ctx, pdf_story *s, int role)
{
    pt_para *p = pdf_para_new(ctx, &ctx->st.r[role]);
    p->story = s;
    p->rtl = s->rtl;
    p->lang = s->lang;
    return p;
}

static void add_inlines(pt_para *p, const np_inline *in, int style)
{
    for (; in; in = in->next) {
        switch (in->kind) {
        case NP_INL_TEXT:
            pt_adds(p, in->text, style);
            break;
        case NP_INL_EM:
            add_inlines(p, in->children, style ^ PT_ITALIC);
            break;
        case NP_INL_STRONG:
            add_inlines(p, in->children, style | PT_BOLD);
            break;
        case NP_INL_LINK:
            add_inlines(p, in->children, style);
            break;
        case NP_INL_BREAK:
            pt_add(p, "\n", 1, style);
            break;
        }
    }
}

static int block_rtl(const pdf_story *s, const np_block *b)
{
    if (b->dir)
        return !strcmp(b->dir, "rtl");
    if (b->lang)
        return np_lang_is_rtl(b->lang);
    return s->rtl;
}

/* A picture box `w` wide: the picture (if any) no taller than `max_h`, its
 * caption and credit broken to that width; the height on the body's grid. */
void pdf_figure_size(const pdf_ctx *ctx, pdf_figure *fig, double w, double max_h)
{
    fig->w = w;
    double h = 0;
    if (fig->pic) {
        double iw = w, ih = w * fig->pic->h / fig->pic->w;
        if (ih > max_h) {
            ih = max_h;
            iw = ih * fig->pic->w / fig->pic->h;
        }
        fig->img_w = iw;
        fig->img_h = ih;
        h += ih + 3;
    }
    if (fig->caption) {
        pt_break(fig->caption, w);
        h += (double)pt_nlines(fig->caption) * fig->caption->role->leading;
    }
    if (fig->credit) {
        pt_break(fig->credit, w);
        h += (double)pt_nlines(fig->credit) * fig->credit->role->leading;
    }
    fig->h = on_grid(ctx, h + 2);
}

static pdf_figure *make_figure(pdf_ctx *ctx, pdf_story *s, pdf_pic *pic, const np_inline *cap,
                               const char *cap_text, const char *credit, int rtl)
{
    pdf_figure *fig = pdf_figure_new(ctx);
    fig->pic = pic;
    if (cap || (cap_text && *cap_text)) {
        fig->caption = story_para(ctx, s, R_CAPTION);
        fig->caption->align = PT_START;
        fig->caption->rtl = rtl;
        fig->caption->hyphenate = 0;
        fig->caption->keep = 1;
        if (cap)
            add_inlines(fig->caption, cap, 0);
        else
            pt_adds(fig->caption, cap_text, 0);
        pt_finish(fig->caption);
        if (!fig->caption->text.len)
            fig->caption = NULL;
    }
    if (credit && *credit) {
        fig->credit = story_para(ctx, s, R_CREDIT);
        fig->credit->align = PT_END;
        fig->credit->rtl = rtl;
        fig->credit->hyphenate = 0;
        fig->credit->keep = 1;
        pt_adds(fig->credit, credit, 0);
        pt_finish(fig->credit);
    }
    return fig;
}

typedef struct walk {
    pdf_ctx *ctx;
    pdf_story *s;
    const np_item *it;   /* the story's item */
    double colw;
    int indent_next;     /* the next paragraph gets a first-line indent */
    const char *dateline; /* to run into the first paragraph, then NULL */
    const char *seen_pic; /* path of the lead picture: not repeated in the body */
} walk;

static void blocks(walk *w, const np_block *b, int depth, int quote);

static const np_inline *first_text(const np_inline *in)
{
    for (; in; in = in->next) {
        if (in->kind == NP_INL_TEXT && in->text && *in->text)
            return in;
        if (in->children) {
            const np_inline *t = first_text(in->children);
            if (t)
                return t;
        }
    }
    return NULL;
}

/* Does the paragraph start with the place of the dateline ("WELLINGTON,
 * Nov 17 (NPW) - Global ...")? */
static int starts_with_dateline(const np_inline *inl, const char *dateline)
{
    const np_inline *t = first_text(inl);
    return t && pt_starts_with_place(t->text, dateline);
}

static void para_block(walk *w, const np_block *b, int role, int depth, const char *marker)
{
    pdf_ctx *ctx = w->ctx;
    pt_para *p = story_para(ctx, w->s, role);
    p->rtl = block_rtl(w->s, b);
    if (b->lang)
        p->lang = b->lang;
    double em = p->role->size;
    p->indent = depth * em * 1.2;
    if (role == R_BODY || role == R_QUOTE) {
        p->align = PT_JUSTIFY;
        if (w->indent_next && !marker)
            p->indent_first = em;
    } else {
        p->align = PT_START;
        p->hyphenate = 0;
    }
    if (b->kind == NP_BLK_PRE) {
        p->align = PT_START;
        p->hyphenate = 0;
    }
    p->marker = marker;
    if (w->dateline && role == R_BODY && starts_with_dateline(b->inl, w->dateline))
        w->dateline = NULL; /* the copy has it already (wire style) */
    if (w->dateline && role == R_BODY) {
        pt_adds(p, w->dateline, PT_BOLD);
        pt_adds(p, " ", 0);
        w->dateline = NULL;
    }
    add_inlines(p, b->inl, role == R_QUOTE ? 0 : 0);
    pt_finish(p);
    if (!p->text.len)
        return;
    if (role == R_SUBHEAD)
        p->keep = 1;
    pt_break(p, w->colw);
    push_lines(w->s, p, role == R_SUBHEAD);
    w->indent_next = role == R_BODY || role == R_QUOTE;
}

static void figure_block(walk *w, const np_block *b)
{
    pdf_ctx *ctx = w->ctx;
    const np_item *it = w->it;
    pdf_pic *pic = b->src ? pdf_pic_get(ctx, it->source, b->line ? b->line : it->line, b->src)
                          : NULL;
    if (pic && w->seen_pic && !strcmp(pic->path, w->seen_pic)) {
        /* the lead picture again: shown once, with the story's own caption */
        pdf_figure *lead = w->s->pc->lead_pic;
        if (b->inl || b->credit) {
            pdf_figure *f2 = make_figure(ctx, w->s, pic, b->inl, NULL,
                                         b->credit ? b->credit
                                         : lead->credit ? lead->credit->text.data
                                                        : NULL,
                                         block_rtl(w->s, b));
            if (f2->caption)
                lead->caption = f2->caption;
            if (f2->credit)
                lead->credit = f2->credit;
        }
        return;
    }
    pdf_figure *fig = make_figure(ctx, w->s, pic, b->inl, pic ? NULL : b->alt, b->credit,
                                  block_rtl(w->s, b));
    if (!fig->pic && !fig->caption && !fig->credit)
        return;
    const pdf_geom *g = &ctx->st.g;
    pdf_figure_size(ctx, fig, w->colw, (g->page_h - g->m_top - g->m_bottom) * g->pic_max);
    push_gap(ctx, w->s);
    fl_item *f = push(w->s, FL_PIC, fig->h);
    f->fig = fig;
    push_gap(ctx, w->s);
    w->indent_next = 0;
}

/* Does a cell hold a number (digits with signs, separators, units)? */
static int numeric(const pt_para *p)
{
    int digits = 0;
    for (size_t i = 0; i < p->text.len; i++) {
        unsigned char c = (unsigned char)p->text.data[i];
        if (c >= '0' && c <= '9')
            digits++;
        else if (c >= 0x80 ? 0 : !strchr(" +-.,%:/()$*", c))
            return 0;
    }
    return digits > 0;
}

static pdf_row *new_row(pdf_story *s, size_t n)
{
    NP_GROW(s->pc->rows, s->pc->nrows, s->pc->caprows, 8);
    pdf_row *r = np_xrealloc(NULL, sizeof *r);
    r->n = n;
    r->cell = np_xrealloc(NULL, (n ? n : 1) * sizeof *r->cell);
    r->x = np_xrealloc(NULL, (n ? n : 1) * sizeof *r->x);
    r->w = np_xrealloc(NULL, (n ? n : 1) * sizeof *r->w);
    s->pc->rows[s->pc->nrows++] = r;
    return r;
}

static void push_rule(pdf_story *s, int keep)
{
    fl_item *f = push(s, FL_RULE, 0);
    f->keep = keep;
}

/* A table: rows of cells in aligned columns across the story's column,
 * numbers flush right, rules above, under the header row and below. */
static void table_block(walk *w, const np_block *b, int depth)
{
    pdf_ctx *ctx = w->ctx;
    pdf_story *s = w->s;
    const pdf_role *role = &ctx->st.r[R_TABLE];
    push_gap(ctx, s);
    if (b->inl) {
        pt_para *c = story_para(ctx, s, R_TABLE);
        c->align = PT_START;
        c->hyphenate = 0;
        c->indent = depth * c->role->size;
        add_inlines(c, b->inl, PT_BOLD);
        pt_finish(c);
        c->keep = 1;
        pt_break(c, w->colw);
        push_lines(s, c, 1);
    }
    /* the cells, and the widest of each table column on one line */
    size_t ncol = 0, nrow = 0, first = s->pc->nrows;
    for (const np_block *r = b->children; r; r = r->next, nrow++) {
        size_t n = 0;
        for (const np_block *c = r->kind == NP_BLK_ROW ? r->children : r; c; c = c->next) {
            n++;
            if (r->kind != NP_BLK_ROW)
                break;
        }
        pdf_row *row = new_row(s, n);
        size_t k = 0;
        for (const np_block *c = r->kind == NP_BLK_ROW ? r->children : r; c && k < n; c = c->next) {
            pt_para *p = story_para(ctx, s, R_TABLE);
            p->hyphenate = 0;
            add_inlines(p, c->inl, c->header ? PT_BOLD : 0);
            pt_finish(p);
            p->align = numeric(p) ? PT_END : PT_START;
            row->cell[k++] = p;
        }
        if (n > ncol)
            ncol = n;
    }
    if (!ncol) {
        push_gap(ctx, s);
        return;
    }
    /* nat: a column's natural width; least: its widest word (a number cell
     * whole), below which a cell would be broken inside a word */
    double *nat = np_xrealloc(NULL, 2 * ncol * sizeof *nat), *least = nat + ncol, sum = 0,
           give = 0;
    for (size_t j = 0; j < ncol; j++)
        nat[j] = least[j] = role->size * 2;
    for (size_t i = first; i < s->pc->nrows; i++)
        for (size_t j = 0; j < s->pc->rows[i]->n; j++) {
            pt_para *p = s->pc->rows[i]->cell[j];
            double wd = pt_measure(p, 0, p->text.len) + 1;
            if (wd > nat[j])
                nat[j] = wd;
            for (size_t a = 0, e; a < p->text.len; a = e + 1) {
                const char *sp = p->align == PT_END ? NULL
                                 : memchr(p->text.data + a, ' ', p->text.len - a);
                e = sp ? (size_t)(sp - p->text.data) : p->text.len;
                wd = pt_measure(p, a, e - a) + 1;
                if (wd > least[j])
                    least[j] = wd;
            }
        }
    double gap = role->size * 0.8, indent = depth * role->size, words = 0;
    for (size_t j = 0; j < ncol; j++) {
        sum += nat[j];
        give += nat[j] - least[j];
        words += least[j];
    }
    /* a tight table: the gutters narrow (to half) before words break */
    if (ncol > 1 && words + gap * (double)(ncol - 1) > w->colw - indent) {
        gap = (w->colw - indent - words) / (double)(ncol - 1);
        if (gap < role->size * 0.4)
            gap = role->size * 0.4;
    }
    double avail = w->colw - indent - gap * (double)(ncol - 1);
    /* narrower than the column: the room left goes to the first column
     * (labels); wider: the columns whose cells can wrap between words give
     * way, down to their widest word; if that is not enough, every column
     * in proportion */
    for (size_t j = 0; j < ncol; j++) {
        if (sum <= avail)
            nat[j] += j == 0 ? avail - sum : 0;
        else if (give >= sum - avail)
            nat[j] -= (nat[j] - least[j]) * (sum - avail) / give;
        else
            nat[j] = avail * nat[j] / sum;
    }
    int rule_done = 0;
    push_rule(s, 1);
    for (size_t i = first; i < s->pc->nrows; i++) {
        pdf_row *row = s->pc->rows[i];
        size_t lines = 1;
        int header = 0;
        double x = indent;
        for (size_t j = 0; j < row->n; j++) {
            row->x[j] = x;
            row->w[j] = nat[j];
            x += nat[j] + gap;
            pt_break(row->cell[j], nat[j]);
            if (pt_nlines(row->cell[j]) > lines)
                lines = pt_nlines(row->cell[j]);
            header |= row->cell[j]->text.len && (row->cell[j]->st[0] & PT_BOLD) && i == first;
        }
        fl_item *f = push(s, FL_ROW, (double)lines * role->leading);
        f->row = row;
        f->keep = header;
        s->body_lines += lines;
        lines_added(w->ctx, s);
        if (header && !rule_done) {
            push_rule(s, 1);
            rule_done = 1;
        }
    }
    push_rule(s, 0);
    free(nat);
    push_gap(ctx, s);
    w->indent_next = 0;
}

static void blocks(walk *w, const np_block *b, int depth, int quote)
{
    pdf_ctx *ctx = w->ctx;
    for (; b; b = b->next) {
        switch (b->kind) {
        case NP_BLK_PARA:
        case NP_BLK_CELL:
        case NP_BLK_PRE:
            para_block(w, b, quote ? R_QUOTE : R_BODY, depth, NULL);
            break;
        case NP_BLK_HEADING:
            push_gap(ctx, w->s);
            para_block(w, b, R_SUBHEAD, depth, NULL);
            w->indent_next = 0;
            break;
        case NP_BLK_LIST: {
            int n = 1;
            w->indent_next = 0;
            for (const np_block *it = b->children; it; it = it->next, n++) {
                char *marker = NULL;
                np_buf m = NP_BUF_INIT;
                if (b->ordered)
                    np_buf_printf(&m, "%d.", n);
                else
                    np_buf_puts(&m, "\xe2\x80\xa2");
                /* the marker string lives as long as the paragraph: keep it in
                 * a paragraph of its own that is never drawn */
                pt_para *holder = pdf_para_new(ctx, &ctx->st.r[R_BODY]);
                np_buf_puts(&holder->text, m.data);
                marker = holder->text.data;
                np_buf_free(&m);
                const np_block *k = it->kind == NP_BLK_ITEM ? it->children : it;
                if (k && (k->kind == NP_BLK_PARA || k->kind == NP_BLK_HEADING)) {
                    para_block(w, k, quote ? R_QUOTE : R_BODY, depth + 1, marker);
                    w->indent_next = 0;
                    blocks(w, k->next, depth + 1, quote);
                } else {
                    blocks(w, k, depth + 1, quote);
                }
                w->indent_next = 0;
            }
            w->indent_next = 0;
            break;
        }
        case NP_BLK_ITEM:
        case NP_BLK_ROW:
            blocks(w, b->children, depth, quote);
            break;
        case NP_BLK_QUOTE: {
            push_gap(ctx, w->s);
            w->indent_next = 0;
            blocks(w, b->children, depth + 1, 1);
            if (b->credit) {
                pt_para *c = story_para(ctx, w->s, R_QUOTE);
                c->align = PT_END;
                c->hyphenate = 0;
                c->indent = (depth + 1) * c->role->size * 1.2;
                pt_adds(c, "\xe2\x80\x94 ", 0);
                pt_adds(c, b->credit, PT_ITALIC);
                pt_finish(c);
                pt_break(c, w->colw);
                push_lines(w->s, c, 0);
            }
            push_gap(ctx, w->s);
            w->indent_next = 0;
            break;
        }
        case NP_BLK_FIGURE:
            figure_block(w, b);
            break;
        case NP_BLK_TABLE:
            table_block(w, b, depth);
            break;
        case NP_BLK_RULE: {
            push_gap(ctx, w->s);
            push(w->s, FL_RULE, 0);
            push_gap(ctx, w->s);
            w->indent_next = 0;
            break;
        }
        }
    }
}

/* Item i of the collection whole: in memory, or its parked metadata read
 * back into *full, which the caller frees; NULL (told) when it cannot be
 * read. */
static const np_item *item_open(pdf_ctx *ctx, size_t i, np_item **full)
{
    const np_item *it;
    np_error err = NP_ERROR_INIT;
    if (np_collection_item_open(ctx->c, i, &it, full, &err) != NP_OK) {
        pdf_warn(ctx, err.file, err.line, "%s", err.message ? err.message : "?");
        np_error_clear(&err);
    }
    return it;
}

/* The same, but an item that cannot be read is `none`: of its class,
 * with nothing else to show. */
static const np_item *item_or_none(pdf_ctx *ctx, size_t i, np_item **full, np_item *none)
{
    const np_item *it = item_open(ctx, i, full);
    if (it)
        return it;
    memset(none, 0, sizeof *none);
    none->item_class = np_collection_item_class(ctx->c, i);
    return none;
}

/* The lead picture: the first picture item the story links to. */
static void lead_picture(pdf_ctx *ctx, pdf_story *s, const np_item *it, const np_collection *c)
{
    for (const np_link *l = it->links; l; l = l->next) {
        size_t k = l->residref ? np_collection_find_at(c, l->residref) : c->n;
        if (k == c->n || (np_collection_item_class(c, k) != NP_CLASS_PICTURE &&
                          np_collection_item_class(c, k) != NP_CLASS_GRAPHIC))
            continue;
        np_item *full;
        const np_item *pic = item_open(ctx, k, &full);
        if (!pic)
            continue;
        const np_rendition *r = np_picture_rendition(pic);
        pdf_pic *pp = r ? pdf_pic_get(ctx, pic->source, pic->line, r->href) : NULL;
        if (!pp) {
            np_item_free(full);
            continue;
        }
        const char *cap = pic->caption ? pic->caption
                          : l->description ? l->description
                                           : pic->headline;
        np_buf credit = NP_BUF_INIT;
        if (pic->creditline)
            np_buf_puts(&credit, pic->creditline);
        else
            for (const np_concept *cr = pic->creators; cr; cr = cr->next) {
                const char *name = np_concept_name(cr, NULL);
                if (name)
                    np_buf_printf(&credit, "%s%s", credit.len ? ", " : "", name);
            }
        s->pc->lead_pic = make_figure(ctx, s, pp, NULL, cap, np_buf_cstr(&credit),
                                  pic->dir ? !strcmp(pic->dir, "rtl") : s->rtl);
        np_buf_free(&credit);
        np_item_free(full);
        return;
    }
}

const char *pdf_story_short_head(const pdf_story *s, np_buf *out)
{
    const char *h = s->headline;
    np_buf b = NP_BUF_INIT;
    size_t n = strlen(h), words = 0, i = 0, cut = n;
    size_t chars = 0;
    while (i < n) {
        if (h[i] == ' ') {
            words++;
            if (words >= 6 || chars > 34) {
                cut = i;
                break;
            }
        }
        if (((unsigned char)h[i] & 0xc0) != 0x80)
            chars++;
        i++;
    }
    /* CJK and other text without spaces: cut by characters */
    if (cut == n && chars > 40) {
        size_t k = 0, c = 0;
        while (k < n && c < 24) {
            k++;
            while (k < n && ((unsigned char)h[k] & 0xc0) == 0x80)
                k++;
            c++;
        }
        cut = k;
    }
    np_buf_put(&b, h, cut);
    while (b.len && strchr(",;:-", b.data[b.len - 1]))
        np_buf_truncate(&b, b.len - 1);
    if (cut < n)
        np_buf_puts(&b, "\xe2\x80\xa6");
    np_buf_free(out);
    *out = b;
    return np_buf_cstr(out);
}

/* A subhead has three lines of what follows it (a paragraph, a list, a
 * table) under it in the same column: no break after the first two. */
static void keep_after_subheads(const pdf_ctx *ctx, pdf_story *s)
{
    const pdf_role *sub = &ctx->st.r[R_SUBHEAD];
    for (size_t i = 0; i < s->pc->nfl; i++) {
        fl_item *f = &s->pc->fl[i];
        if (f->kind != FL_LINE || f->para->role != sub)
            continue;
        if (i + 1 < s->pc->nfl && s->pc->fl[i + 1].kind == FL_LINE && s->pc->fl[i + 1].para->role == sub)
            continue;
        int held = 0;
        for (size_t j = i + 1; j < s->pc->nfl && held < 2; j++) {
            s->pc->fl[j].keep = 1;
            held += s->pc->fl[j].kind != FL_GAP;
        }
    }
}

/* A header piece (headline, deck, byline): `text` at the start side,
 * unhyphenated, kept with what follows. */
static pt_para *header_para(pdf_ctx *ctx, pdf_story *s, int role, const char *text)
{
    pt_para *p = story_para(ctx, s, role);
    p->align = PT_START;
    p->hyphenate = 0;
    p->keep = 1;
    pt_adds(p, text, 0);
    pt_finish(p);
    return p;
}

/* The story's pieces: header, lead picture, body; the paragraphs and
 * figures go to the story's own list.  `it` is its item, or NULL: read
 * back (one that cannot be read has its headline alone). */
static void build(pdf_ctx *ctx, pdf_story *s, const np_item *it)
{
    np_item *full = NULL, none;
    if (!it)
        it = item_or_none(ctx, s->index, &full, &none);
    const np_collection *c = ctx->c;
    s->pc = np_xcalloc(1, sizeof *s->pc);
    pdf_story *cur = ctx->cur;
    pdf_owned *own = ctx->own;
    ctx->cur = s;
    ctx->own = &s->pc->own;
    s->body_lines = 0;
    s->skim = 0;
    if (s->counting)
        lines_added(ctx, s); /* no briefs at all: nothing is broken */

    s->pc->head = header_para(ctx, s, R_HEAD3, s->headline);
    if (it->subheadline)
        s->pc->deck = header_para(ctx, s, R_DECK, it->subheadline);
    np_buf b = NP_BUF_INIT;
    np_meta_byline(it, &b);
    if (b.len)
        s->pc->byline = header_para(ctx, s, R_BYLINE, b.data);
    np_buf_reset(&b);
    lead_picture(ctx, s, it, c);
    s->pic = s->pc->lead_pic ? s->pc->lead_pic->pic : NULL;

    walk wk;
    memset(&wk, 0, sizeof wk);
    wk.ctx = ctx;
    wk.s = s;
    wk.it = it;
    wk.colw = column_width(ctx);
    np_meta_dateline(it, &b);
    wk.dateline = b.len ? b.data : NULL;
    wk.seen_pic = s->pic ? s->pic->path : NULL;
    /* the body may be parked (newsprint/park.h): read back for this build */
    const np_block *body = NULL;
    np_body_loan loan;
    memset(&loan, 0, sizeof loan);
    np_error err = NP_ERROR_INIT;
    if (np_item_body_open(it, &body, &loan, &err) != NP_OK) {
        pdf_warn(ctx, it->source, it->line, "the text cannot be read back: %s",
                 err.message ? err.message : "?");
        np_error_clear(&err);
    }
    blocks(&wk, body, 0, 0);
    if (!body && it->item_class == NP_CLASS_PICTURE) {
        /* a picture item no article links to: a picture story */
        const np_rendition *r = np_picture_rendition(it);
        pdf_pic *pp = r ? pdf_pic_get(ctx, it->source, it->line, r->href) : NULL;
        pdf_figure *fig = make_figure(ctx, s, pp, NULL, it->caption, it->creditline, s->rtl);
        if (fig->pic || fig->caption) {
            const pdf_geom *g = &ctx->st.g;
            pdf_figure_size(ctx, fig, wk.colw, (g->page_h - g->m_top - g->m_bottom) * g->pic_max);
            fl_item *f = push(s, FL_PIC, fig->h);
            f->fig = fig;
        }
    }
    if (wk.dateline && s->pc->nfl == 0) {
        /* no paragraph to run the dateline into */
        pt_para *p = story_para(ctx, s, R_BODY);
        pt_adds(p, wk.dateline, PT_BOLD);
        pt_finish(p);
        pt_break(p, wk.colw);
        push_lines(s, p, 0);
    }
    np_buf_reset(&b);
    np_meta_copyright(it, &b);
    if (b.len) {
        pt_para *p = story_para(ctx, s, R_RIGHTS);
        p->align = PT_END;
        p->hyphenate = 0;
        p->rtl = 0;
        pt_adds(p, b.data, 0);
        pt_finish(p);
        pt_break(p, wk.colw);
        push_lines(s, p, 0);
    }
    np_buf_free(&b);
    np_item_body_close(&loan);
    np_item_free(full);
    keep_after_subheads(ctx, s);
    /* drop gaps at the end */
    while (s->pc->nfl && s->pc->fl[s->pc->nfl - 1].kind == FL_GAP)
        s->pc->nfl--;
    ctx->cur = cur;
    ctx->own = own;
}

void pdf_owned_free(pdf_owned *o)
{
    for (size_t i = 0; i < o->nparas; i++) {
        pt_free(o->paras[i]);
        free(o->paras[i]);
    }
    free(o->paras);
    for (size_t i = 0; i < o->nfigs; i++)
        free(o->figs[i]);
    free(o->figs);
    memset(o, 0, sizeof *o);
}

/* Free the pieces build() made (the story can build them again). */
static void shed(pdf_story *s)
{
    pdf_pieces *pc = s->pc;
    if (!pc)
        return;
    pdf_owned_free(&pc->own);
    free(pc->fl);
    for (size_t i = 0; i < pc->nrows; i++) {
        free(pc->rows[i]->cell);
        free(pc->rows[i]->x);
        free(pc->rows[i]->w);
        free(pc->rows[i]);
    }
    free(pc->rows);
    free(pc);
    s->pc = NULL;
}

int pdf_story_is_header(const pdf_story *s, const pt_para *p)
{
    return s->pc && (p == s->pc->head || p == s->pc->deck || p == s->pc->byline);
}

static void missing_free(pdf_story *s)
{
    if (s->missing)
        np_buf_free(s->missing);
    free(s->missing);
    s->missing = NULL;
}

pdf_story *pdf_story_new(pdf_ctx *ctx, size_t index)
{
    np_item *full, none;
    const np_item *it = item_or_none(ctx, index, &full, &none);
    pdf_story *s = np_xrealloc(NULL, sizeof *s);
    memset(s, 0, sizeof *s);
    s->index = index;
    s->urgency = it->urgency;
    s->has_words = np_item_has_body_words(it);
    s->section = -1;
    s->rtl = it->dir ? !strcmp(it->dir, "rtl") : np_lang_is_rtl(it->lang);
    s->hyph = pdf_hyphenator(ctx, it->lang);
    /* what the make-up needs of the item after it is parked (park_items):
     * its strings in one block of the exact size, `headline` first (its
     * place for messages is the collection's: pdf_story_where()) */
    const char *headline = np_item_display_headline(it);
    np_buf b = NP_BUF_INIT;
    size_t at_title = strlen(headline ? headline : "") + 1, at_lang = at_title;
    np_buf_puts(&b, headline ? headline : "");
    np_buf_put(&b, "", 1);
    int own_title = it->headline && it->headline != headline;
    if (own_title) {
        np_buf_puts(&b, it->headline);
        np_buf_put(&b, "", 1);
        at_lang = b.len;
    }
    if (it->lang) {
        np_buf_puts(&b, it->lang);
        np_buf_put(&b, "", 1);
    }
    s->headline = np_xmalloc(b.len);
    memcpy(s->headline, b.data, b.len);
    np_buf_free(&b);
    s->title = !it->headline ? NULL : own_title ? s->headline + at_title : s->headline;
    s->lang = it->lang ? s->headline + at_lang : NULL;
    /* built once now for its length and its warnings (in reading order,
     * and the fonts it needs loaded in that order), then freed */
    s->counting = 1;
    build(ctx, s, it);
    s->counting = s->skim = 0;
    if (s->nmissing)
        pdf_warn(ctx, it->source, it->line,
                 "no font covers %s%s; shown as empty boxes (install a font that has them, "
                 "or name one in the style's [fonts] fallback)",
                 np_buf_cstr(s->missing), s->nmissing > 12 ? " ..." : "");
    missing_free(s); /* told: 10,000 stories need no list */
    shed(s);
    np_item_free(full);
    return s;
}

void pdf_story_body(pdf_ctx *ctx, pdf_story *s)
{
    if (s->pc)
        return;
    /* what the first build noted stays as it was */
    size_t nmissing = s->nmissing, lines = s->body_lines;
    ctx->quiet++;
    build(ctx, s, NULL);
    ctx->quiet--;
    missing_free(s);
    s->nmissing = nmissing;
    s->body_lines = lines;
}

void pdf_story_done(pdf_ctx *ctx, pdf_story *s, size_t page)
{
    if (s->done)
        return;
    s->done = 1;
    s->done_page = page;
    NP_GROW(ctx->done, ctx->ndone, ctx->capdone, 64);
    ctx->done[ctx->ndone++] = s;
}

void pdf_stories_shed(pdf_ctx *ctx, size_t upto)
{
    size_t keep = 0;
    for (size_t i = 0; i < ctx->ndone; i++) {
        if (ctx->done[i]->done_page < upto)
            shed(ctx->done[i]);
        else
            ctx->done[keep++] = ctx->done[i];
    }
    ctx->ndone = keep;
}

void pdf_story_free(pdf_story *s)
{
    if (!s)
        return;
    shed(s);
    free(s->headline); /* and the strings after it */
    missing_free(s);
    if (s->drawn)
        free(s->drawn->v);
    free(s->drawn);
    free(s->seg);
    free(s);
}

/* Narrowest width that keeps the number of lines: balanced headlines. */
static void break_balanced(pt_para *p, double width)
{
    pt_break(p, width);
    size_t n = pt_nlines(p);
    if (n < 2)
        return;
    double lo = width * 0.55, hi = width;
    for (int k = 0; k < 12; k++) {
        double mid = (lo + hi) / 2;
        pt_break(p, mid);
        if (pt_nlines(p) > n)
            lo = mid;
        else
            hi = mid;
    }
    pt_break(p, hi);
    p->width = width; /* drawn in the full width */
}

void pdf_story_header(pdf_ctx *ctx, pdf_story *s, int rank, double width)
{
    if (rank < 1)
        rank = 1;
    if (rank > 4)
        rank = 4;
    s->rank = rank;
    s->pc->head->role = &ctx->st.r[R_HEAD1 + rank - 1];
    pt_finish(s->pc->head);
    break_balanced(s->pc->head, width);
    if (s->pc->deck) {
        /* decks of small headlines are smaller too */
        pt_para *d = s->pc->deck;
        d->role = rank >= 3 ? &ctx->st.r[R_QUOTE] : &ctx->st.r[R_DECK];
        pt_finish(d);
        break_balanced(d, width);
    }
    if (s->pc->byline)
        pt_break(s->pc->byline, width);
}

double pdf_story_header_h(pdf_ctx *ctx, const pdf_story *s)
{
    double h = (double)pt_nlines(s->pc->head) * s->pc->head->role->leading;
    if (s->pc->deck)
        h += 3 + (double)pt_nlines(s->pc->deck) * s->pc->deck->role->leading;
    if (s->pc->byline)
        h += 3 + (double)pt_nlines(s->pc->byline) * s->pc->byline->role->leading;
    return h + body_leading(ctx) * 0.5;
}
