/* EPUB converter: an article body (the model's blocks and inlines) as
 * XHTML, and figures. */
#include "epub.h"
#include "newsprint/lang.h"

#include <string.h>

/* Inline runs.  `in_link`: already inside <a> (HTML forbids nesting). */
static void inlines(ep_xw *x, const np_inline *in, int in_link)
{
    np_buf href = NP_BUF_INIT;
    for (; in; in = in->next) {
        switch (in->kind) {
        case NP_INL_TEXT:
            ep_xw_text(x, in->text);
            break;
        case NP_INL_EM:
        case NP_INL_STRONG:
            ep_xw_start(x, in->kind == NP_INL_EM ? "em" : "strong");
            inlines(x, in->children, in_link);
            ep_xw_end(x);
            break;
        case NP_INL_LINK:
            /* only web and mail links are followed; anything else stays text */
            if (!in_link && ep_link_href(in->href, &href)) {
                ep_xw_start(x, "a");
                ep_xw_attr(x, "href", href.data);
                inlines(x, in->children, 1);
                ep_xw_end(x);
            } else {
                inlines(x, in->children, in_link);
            }
            break;
        case NP_INL_BREAK:
            if (x->pre) {
                ep_xw_text(x, "\n");
            } else {
                ep_xw_start(x, "br");
                ep_xw_end_empty(x);
            }
            break;
        }
    }
    np_buf_free(&href);
}

/* lang/xml:lang/dir of a block that differs from its surroundings. */
static void block_lang(ep_xw *x, const np_block *b)
{
    if (b->lang) {
        np_buf tag = NP_BUF_INIT;
        if (np_lang_normalize(b->lang, &tag))
            ep_xw_lang(x, tag.data, NULL);
        np_buf_free(&tag);
    }
    if (b->dir && (!strcmp(b->dir, "rtl") || !strcmp(b->dir, "ltr")))
        ep_xw_attr(x, "dir", b->dir);
}

/* A block of inline text; 0 when it has none (nothing written). */
static int leaf(ep_xw *x, const char *name, const np_block *b)
{
    if (!np_inlines_have_text(b->inl))
        return 0;
    ep_xw_start(x, name);
    block_lang(x, b);
    inlines(x, b->inl, 0);
    ep_xw_end(x);
    ep_xw_nl(x);
    return 1;
}

/* A body figure's plan: the same block, or (a parked body read back) the
 * copy with the same number. */
static const ep_fig *fig_of(const ep_article *a, const np_block *b)
{
    for (size_t i = 0; i < a->nfigs; i++)
        if (a->figs[i].block == b ||
            (b->seq && a->figs[i].block && a->figs[i].block->seq == b->seq))
            return &a->figs[i];
    return NULL;
}

static int row_all_header(const np_block *row)
{
    if (!row->children)
        return 0;
    for (const np_block *c = row->children; c; c = c->next)
        if (c->kind != NP_BLK_CELL || !c->header)
            return 0;
    return 1;
}

static void table_row(ep_xw *x, const np_block *row)
{
    if (!row->children)
        return;
    ep_xw_start(x, "tr");
    for (const np_block *c = row->children; c; c = c->next) {
        ep_xw_start(x, c->kind == NP_BLK_CELL && c->header ? "th" : "td");
        block_lang(x, c);
        inlines(x, c->inl, 0);
        ep_xw_end(x);
    }
    ep_xw_end(x);
    ep_xw_nl(x);
}

static void table(ep_xw *x, const np_block *b)
{
    const np_block *first = b->children;
    while (first && (first->kind != NP_BLK_ROW || !first->children))
        first = first->next;
    if (!first)
        return; /* no cells: nothing to show (and a caption alone is no table) */
    ep_xw_start(x, "table");
    block_lang(x, b);
    if (np_inlines_have_text(b->inl)) {
        ep_xw_start(x, "caption");
        inlines(x, b->inl, 0);
        ep_xw_end(x);
    }
    ep_xw_nl(x);
    const np_block *rest = first;
    if (row_all_header(first) && first->next) {
        ep_xw_start(x, "thead");
        table_row(x, first);
        ep_xw_end(x);
        rest = first->next;
    }
    ep_xw_start(x, "tbody");
    ep_xw_nl(x);
    for (const np_block *r = rest; r; r = r->next)
        if (r->kind == NP_BLK_ROW)
            table_row(x, r);
    ep_xw_end(x);
    ep_xw_end(x);
    ep_xw_nl(x);
}

void ep_body(ep_xw *x, const ep_plan *p, const ep_article *a, const np_block *b)
{
    for (; b; b = b->next) {
        switch (b->kind) {
        case NP_BLK_PARA:
        case NP_BLK_CELL: /* a cell outside a table: a paragraph */
            leaf(x, "p", b);
            break;
        case NP_BLK_HEADING: {
            /* the headline is h1: the body's top heading level is h2, and
             * no level is skipped (h2 then h4 becomes h2 then h3) */
            static const char *const h[] = {"h1", "h2", "h3", "h4", "h5", "h6"};
            int lv = b->level - a->heading_top + 2;
            if (lv > x->heading + 1)
                lv = x->heading + 1;
            lv = lv < 2 ? 2 : lv > 6 ? 6 : lv;
            if (leaf(x, h[lv - 1], b))
                x->heading = lv;
            break;
        }
        case NP_BLK_PRE:
            if (!np_inlines_have_text(b->inl))
                break;
            ep_xw_start(x, "pre");
            block_lang(x, b);
            x->pre++;
            inlines(x, b->inl, 0);
            x->pre--;
            ep_xw_end(x);
            ep_xw_nl(x);
            break;
        case NP_BLK_LIST:
            if (!b->children)
                break;
            ep_xw_start(x, b->ordered ? "ol" : "ul");
            block_lang(x, b);
            ep_xw_nl(x);
            for (const np_block *it = b->children; it; it = it->next) {
                ep_xw_start(x, "li");
                if (it->kind == NP_BLK_ITEM) {
                    block_lang(x, it);
                    ep_body(x, p, a, it->children);
                } else {
                    ep_body(x, p, a, it); /* not expected: keep it anyway */
                }
                ep_xw_end(x);
                ep_xw_nl(x);
                if (it->kind != NP_BLK_ITEM)
                    break; /* ep_body() went through the rest of the chain */
            }
            ep_xw_end(x);
            ep_xw_nl(x);
            break;
        case NP_BLK_ITEM:
        case NP_BLK_ROW:
            ep_body(x, p, a, b->children);
            break;
        case NP_BLK_QUOTE:
            if (!b->children && !b->credit)
                break;
            if (b->credit) {
                ep_xw_start(x, "figure");
                ep_xw_attr(x, "class", "quote");
                block_lang(x, b);
                ep_xw_nl(x);
            }
            ep_xw_start(x, "blockquote");
            if (!b->credit)
                block_lang(x, b);
            ep_xw_nl(x);
            ep_body(x, p, a, b->children);
            ep_xw_end(x);
            ep_xw_nl(x);
            if (b->credit) {
                ep_xw_start(x, "figcaption");
                ep_xw_text(x, "\xe2\x80\x94 "); /* em dash */
                ep_xw_text(x, b->credit);
                ep_xw_end(x);
                ep_xw_end(x);
                ep_xw_nl(x);
            }
            break;
        case NP_BLK_FIGURE: {
            const ep_fig *f = fig_of(a, b);
            if (f)
                ep_figure(x, p, f);
            break;
        }
        case NP_BLK_TABLE:
            table(x, b);
            break;
        case NP_BLK_RULE:
            ep_xw_start(x, "hr");
            ep_xw_end_empty(x);
            ep_xw_nl(x);
            break;
        }
    }
}

/* Caption and credit of a linked picture item. */
static const char *picture_caption(const ep_fig *f)
{
    const np_item *pic = f->picture;
    if (pic->caption)
        return pic->caption;
    if (f->link && f->link->description)
        return f->link->description;
    if (pic->summary)
        return pic->summary;
    return pic->headline;
}

static const char *picture_credit(const np_item *pic)
{
    if (pic->creditline)
        return pic->creditline;
    for (const np_concept *c = pic->creators; c; c = c->next) {
        const char *n = np_concept_name(c, NULL);
        if (n && (!c->qcode || n != c->qcode))
            return n;
    }
    return pic->rights.holder;
}

void ep_figure(ep_xw *x, const ep_plan *p, const ep_fig *f)
{
    const ep_pic *pic = f->pic >= 0 ? &p->pics[f->pic] : NULL;
    const np_inline *cap_inl = f->block ? f->block->inl : NULL;
    const char *cap = NULL, *credit = NULL;
    if (f->block) {
        credit = f->block->credit;
        /* a picture that is not shown still has its words: the alt text */
        if (!np_inlines_have_text(cap_inl) && !pic)
            cap = f->block->alt;
    } else {
        cap = picture_caption(f);
        credit = picture_credit(f->picture);
    }
    int has_caption = np_inlines_have_text(cap_inl) || (cap && *cap) || (credit && *credit);
    if (!pic && !has_caption)
        return;
    ep_xw_start(x, "figure");
    ep_xw_attr(x, "class", pic ? "picture" : "picture missing");
    if (f->block)
        block_lang(x, f->block);
    ep_xw_nl(x);
    if (pic) {
        ep_xw_start(x, "img");
        ep_xw_attr(x, "src", pic->href);
        ep_xw_attr(x, "alt", f->alt ? f->alt : "");
        if (f->decorative)
            ep_xw_attr(x, "role", "presentation");
        if (pic->width > 0 && pic->height > 0) {
            ep_xw_attr_int(x, "width", pic->width);
            ep_xw_attr_int(x, "height", pic->height);
        }
        ep_xw_end_empty(x);
        ep_xw_nl(x);
    }
    if (has_caption) {
        ep_xw_start(x, "figcaption");
        if (np_inlines_have_text(cap_inl) || (cap && *cap)) {
            ep_xw_start(x, "span");
            ep_xw_attr(x, "class", "caption");
            if (np_inlines_have_text(cap_inl))
                inlines(x, cap_inl, 0);
            else
                ep_xw_text(x, cap);
            ep_xw_end(x);
        }
        if (credit && *credit) {
            if (np_inlines_have_text(cap_inl) || (cap && *cap))
                ep_xw_text(x, " ");
            ep_xw_start(x, "span");
            ep_xw_attr(x, "class", "credit");
            ep_xw_text(x, credit);
            ep_xw_end(x);
        }
        ep_xw_end(x);
        ep_xw_nl(x);
    }
    ep_xw_end(x);
    ep_xw_nl(x);
}
