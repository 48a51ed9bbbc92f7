/* Plain-text renderer: header block and body, wrapped by the layout module. */
#include "newsprint/render_text.h"
#include "newsprint/layout.h"
#include "newsprint/meta.h"

#include <string.h>

enum { DEFAULT_WIDTH = 72, MIN_WIDTH = 16, QUOTE_INDENT = 4 };

typedef struct tr {
    np_buf *out;
    int width;
    const np_text_opts *o;
    int first_block; /* no blank line before the first block */
} tr;

/* Flatten inline runs to text ('\n' for line breaks). */
static void inline_plain(const np_inline *in, np_buf *b)
{
    for (; in; in = in->next) {
        if (in->kind == NP_INL_TEXT)
            np_buf_puts(b, in->text);
        else if (in->kind == NP_INL_BREAK)
            np_buf_putc(b, '\n');
        else
            inline_plain(in->children, b);
    }
}

typedef struct widths {
    double first, rest;
} widths;

static double line_width(void *ud, size_t line_no)
{
    const widths *w = ud;
    return line_no == 0 ? w->first : w->rest;
}

static double avail(int width, const char *prefix)
{
    double w = (double)width - (double)np_display_width(prefix, strlen(prefix));
    return w < MIN_WIDTH ? MIN_WIDTH : w;
}

void np_text_wrap(const char *s, size_t n, int width, const char *first, const char *rest,
                  np_buf *out)
{
    widths w = {avail(width, first), avail(width, rest)};
    np_layout_opts lo;
    memset(&lo, 0, sizeof lo);
    lo.measure = np_measure_columns;
    lo.line_width = line_width;
    lo.ud = &w;
    lo.width = w.rest;
    lo.mode = NP_LAYOUT_GREEDY;
    np_lines lines = {0};
    if (np_layout_paragraph(s, n, &lo, &lines, NULL) != NP_OK) {
        /* out of memory in the layout: the paragraph on one line, not lost */
        np_lines_free(&lines);
        np_buf_puts(out, first);
        np_buf_put(out, s, n);
        np_buf_putc(out, '\n');
        return;
    }
    for (size_t i = 0; i < lines.n; i++) {
        size_t start = out->len;
        np_buf_puts(out, i == 0 ? first : rest);
        np_buf_put(out, s + lines.v[i].start, lines.v[i].end - lines.v[i].start);
        if (lines.v[i].hyphen)
            np_buf_putc(out, '-');
        while (out->len > start && out->data[out->len - 1] == ' ')
            np_buf_truncate(out, out->len - 1);
        np_buf_putc(out, '\n');
    }
    np_lines_free(&lines);
}

static void emit_wrapped(tr *t, const char *text, size_t len, const char *first, const char *rest)
{
    np_text_wrap(text, len, t->width, first, rest, t->out);
}

static void block_gap(tr *t)
{
    if (!t->first_block) {
        int n = t->o->blank_between;
        for (int i = 0; i < n; i++)
            np_buf_putc(t->out, '\n');
    }
    t->first_block = 0;
}

static void leaf(tr *t, const np_inline *inl, const char *first, const char *rest)
{
    np_buf b = NP_BUF_INIT;
    inline_plain(inl, &b);
    if (b.len) {
        block_gap(t);
        emit_wrapped(t, b.data, b.len, first, rest);
    }
    np_buf_free(&b);
}

static void blocks(tr *t, const np_block *b, const char *indent);

static void with_prefix(np_buf *p, const char *indent, const char *more)
{
    np_buf_reset(p);
    np_buf_puts(p, indent);
    np_buf_puts(p, more);
}

static void figure(tr *t, const np_block *b, const char *indent)
{
    np_buf s = NP_BUF_INIT;
    np_buf_puts(&s, "[Picture");
    np_buf cap = NP_BUF_INIT;
    inline_plain(b->inl, &cap);
    const char *caption = cap.len ? cap.data : b->alt;
    if (caption) {
        np_buf_puts(&s, ": ");
        np_buf_puts(&s, caption);
    }
    if (b->credit) {
        np_buf_puts(&s, caption ? " — " : ": ");
        np_buf_puts(&s, b->credit);
    }
    np_buf_putc(&s, ']');
    block_gap(t);
    emit_wrapped(t, s.data, s.len, indent, indent);
    np_buf_free(&cap);
    np_buf_free(&s);
}

static void table(tr *t, const np_block *b, const char *indent)
{
    if (b->inl)
        leaf(t, b->inl, indent, indent);
    np_buf row = NP_BUF_INIT, pre = NP_BUF_INIT;
    with_prefix(&pre, indent, "  ");
    for (const np_block *r = b->children; r; r = r->next) {
        np_buf_reset(&row);
        for (const np_block *c = r->children; c; c = c->next) {
            if (c != r->children)
                np_buf_puts(&row, " | ");
            inline_plain(c->inl, &row);
        }
        if (r == b->children)
            block_gap(t);
        emit_wrapped(t, np_buf_cstr(&row), row.len, indent, pre.data);
    }
    np_buf_free(&row);
    np_buf_free(&pre);
}

static void blocks(tr *t, const np_block *b, const char *indent)
{
    np_buf p1 = NP_BUF_INIT, p2 = NP_BUF_INIT;
    for (; b; b = b->next) {
        switch (b->kind) {
        case NP_BLK_PARA:
            with_prefix(&p1, indent, "");
            np_buf_repeat(&p1, ' ', (size_t)t->o->para_indent);
            leaf(t, b->inl, p1.data, indent);
            break;
        case NP_BLK_HEADING: {
            /* subheads set apart: a blank line above and below */
            if (!t->first_block)
                np_buf_putc(t->out, '\n');
            leaf(t, b->inl, indent, indent);
            np_buf_putc(t->out, '\n');
            t->first_block = 1;
            break;
        }
        case NP_BLK_CELL:
        case NP_BLK_PRE:
            leaf(t, b->inl, indent, indent);
            break;
        case NP_BLK_LIST: {
            int n = 1;
            for (const np_block *it = b->children; it; it = it->next, n++) {
                np_buf marker = NP_BUF_INIT;
                if (b->ordered)
                    np_buf_printf(&marker, "%d. ", n);
                else
                    np_buf_puts(&marker, "- ");
                with_prefix(&p1, indent, marker.data);
                with_prefix(&p2, indent, "");
                np_buf_repeat(&p2, ' ', marker.len);
                np_buf_free(&marker);
                /* items follow each other without blank lines */
                if (it != b->children)
                    t->first_block = 1;
                /* the item's first paragraph carries the marker */
                const np_block *k = it->kind == NP_BLK_ITEM ? it->children : it;
                if (k && (k->kind == NP_BLK_PARA || k->kind == NP_BLK_HEADING)) {
                    leaf(t, k->inl, p1.data, p2.data);
                    blocks(t, k->next, p2.data);
                } else {
                    blocks(t, k, p2.data);
                }
            }
            break;
        }
        case NP_BLK_ITEM:
            with_prefix(&p1, indent, "- ");
            blocks(t, b->children, p1.data);
            break;
        case NP_BLK_QUOTE:
            with_prefix(&p1, indent, "");
            np_buf_repeat(&p1, ' ', QUOTE_INDENT);
            blocks(t, b->children, p1.data);
            if (b->credit) {
                np_buf c = NP_BUF_INIT;
                np_buf_puts(&c, "— ");
                np_buf_puts(&c, b->credit);
                emit_wrapped(t, c.data, c.len, p1.data, p1.data);
                np_buf_free(&c);
            }
            break;
        case NP_BLK_FIGURE:
            figure(t, b, indent);
            break;
        case NP_BLK_TABLE:
            table(t, b, indent);
            break;
        case NP_BLK_ROW:
            blocks(t, b->children, indent);
            break;
        case NP_BLK_RULE:
            block_gap(t);
            np_buf_puts(t->out, indent);
            np_buf_puts(t->out, "* * *\n");
            break;
        }
    }
    np_buf_free(&p1);
    np_buf_free(&p2);
}

static np_text_opts defaults(const np_text_opts *o)
{
    np_text_opts d = {DEFAULT_WIDTH, 0, 0, 1};
    if (o)
        d = *o;
    if (d.width <= 0)
        d.width = DEFAULT_WIDTH;
    if (d.width < MIN_WIDTH)
        d.width = MIN_WIDTH;
    if (!d.fields)
        d.fields = NP_TXT_HEADLINE | NP_TXT_SUBHEADLINE | NP_TXT_BYLINE | NP_TXT_DATELINE |
                   NP_TXT_SLUGLINE | NP_TXT_KEYWORDS | NP_TXT_COPYRIGHT;
    if (d.blank_between < 0)
        d.blank_between = 0;
    return d;
}

void np_render_text_body(const np_item *item, const np_text_opts *opts, np_buf *out)
{
    np_text_opts o = defaults(opts);
    tr t = {out, o.width, &o, 1};
    blocks(&t, item->body, "");
    if (item->item_class == NP_CLASS_PICTURE && !item->body) {
        np_block fig;
        memset(&fig, 0, sizeof fig);
        fig.kind = NP_BLK_FIGURE;
        np_inline cap = {NP_INL_TEXT, item->caption, NULL, NULL, NULL};
        fig.inl = item->caption ? &cap : NULL;
        fig.credit = item->creditline;
        figure(&t, &fig, "");
    }
}

/* One header line: LABEL+VALUE through the hook, wrapped; continuation
 * lines indented. */
static void field(tr *t, const np_text_hook *hook, const char *label, const char *value)
{
    if (!value || !*value)
        return;
    np_buf b = NP_BUF_INIT;
    np_buf_puts(&b, label);
    np_buf_puts(&b, value);
    if (hook && hook->fold) {
        np_buf f = NP_BUF_INIT;
        hook->fold(hook->ud, b.data, b.len, &f);
        np_buf_free(&b);
        b = f;
    }
    emit_wrapped(t, np_buf_cstr(&b), b.len, "", "  ");
    np_buf_free(&b);
}

void np_render_text_header(const np_item *item, const np_text_opts *opts, const np_text_hook *hook,
                           np_buf *out)
{
    np_text_opts o = defaults(opts);
    tr t = {out, o.width, &o, 1};
    np_buf b = NP_BUF_INIT;
    if (o.fields & NP_TXT_BYLINE) {
        np_meta_byline(item, &b);
        field(&t, hook, "", b.data);
        np_buf_reset(&b);
    }
    if (o.fields & NP_TXT_DATELINE) {
        /* the place as the dateline gives it, then the full date */
        np_meta_place(item, &b);
        field(&t, hook, "", b.data);
        np_buf_reset(&b);
        const np_time *d = np_meta_item_date(item);
        if (d) {
            np_time_format_human_time(d, &b);
            field(&t, hook, "", b.data);
            np_buf_reset(&b);
        }
    }
    if (o.fields & NP_TXT_SLUGLINE)
        field(&t, hook, "Slug: ", item->slugline);
    if ((o.fields & NP_TXT_KEYWORDS) && item->keywords) {
        for (const np_text *k = item->keywords; k; k = k->next) {
            if (k != item->keywords)
                np_buf_puts(&b, ", ");
            np_buf_puts(&b, k->text);
        }
        field(&t, hook, "Keywords: ", b.data);
        np_buf_reset(&b);
    }
    if (o.fields & NP_TXT_COPYRIGHT) {
        np_meta_copyright(item, &b);
        field(&t, hook, "", b.data);
        np_buf_reset(&b);
    }
    if (o.fields & NP_TXT_USAGE)
        field(&t, hook, "Usage: ", item->rights.usage_terms);
    if (o.fields & NP_TXT_EDNOTE)
        field(&t, hook, "Editor's note: ", item->ednote);
    np_buf_free(&b);
}

void np_render_text(const np_item *item, const np_text_opts *opts, np_buf *out)
{
    np_text_opts o = defaults(opts);
    tr t = {out, o.width, &o, 1};
    size_t start = out->len;

    const char *headline = np_item_display_headline(item);
    if ((o.fields & NP_TXT_HEADLINE) && headline)
        emit_wrapped(&t, headline, strlen(headline), "", "");
    if ((o.fields & NP_TXT_SUBHEADLINE) && item->subheadline)
        emit_wrapped(&t, item->subheadline, strlen(item->subheadline), "", "");
    size_t title_end = out->len;

    np_render_text_header(item, &o, NULL, out);

    /* a blank line between the title and the rest of the header, and
     * between the header and the body */
    if (title_end > start && out->len > title_end) {
        np_buf tail = NP_BUF_INIT;
        np_buf_put(&tail, out->data + title_end, out->len - title_end);
        np_buf_truncate(out, title_end);
        np_buf_putc(out, '\n');
        np_buf_put(out, tail.data, tail.len);
        np_buf_free(&tail);
    }
    size_t body_start = out->len;
    np_buf body = NP_BUF_INIT;
    np_render_text_body(item, &o, &body);
    if (body.len && body_start > start)
        np_buf_putc(out, '\n');
    np_buf_put(out, body.data, body.len);
    np_buf_free(&body);
}
