/* EPUB converter: the text alternative of every picture an article shows.
 * It comes from what the item says about the picture — an alt text, a
 * description (role alt text, caption), the caption under it — never from
 * its file name.  A picture marked as decoration (alt="" and no caption)
 * is presentation only; a picture with no words at all gets a warning and
 * keeps the digest from claiming that text alone is enough. */
#include "epub.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int blank(const char *s)
{
    return !s || !s[strspn(s, " \t\r\n")];
}

/* Does `s` look like the name of a file ("IMG_0042.JPG", "p1.png") or
 * is it the last part of `src`?  Such words describe nothing. */
static int is_file_name(const char *s, const char *src)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    if (src) {
        const char *base = strrchr(src, '/');
        base = base ? base + 1 : src;
        if (n && strlen(base) == n && !strncasecmp(base, s, n))
            return 1;
    }
    if (memchr(s, ' ', n))
        return 0;
    static const char *const exts[] = {".jpg", ".jpeg", ".png", ".gif", ".svg",
                                       ".tif", ".tiff", ".webp", ".bmp"};
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
        size_t e = strlen(exts[i]);
        if (n > e && !strncasecmp(s + n - e, exts[i], e))
            return 1;
    }
    return 0;
}

static int usable(const char *s, const char *src)
{
    return !blank(s) && !is_file_name(s, src);
}

/* A description whose role names alternative text ("drol:altText",
 * "alt-text", ...): the role's local name, letters only, is "alttext". */
static const char *alt_description(const np_item *it)
{
    for (const np_text *d = it->descriptions; d; d = d->next) {
        if (!d->role)
            continue;
        const char *r = strrchr(d->role, ':');
        r = r ? r + 1 : d->role;
        char letters[16];
        size_t k = 0;
        for (; *r && k < sizeof letters - 1; r++)
            if ((*r >= 'a' && *r <= 'z') || (*r >= 'A' && *r <= 'Z'))
                letters[k++] = (char)(*r | 0x20);
        letters[k] = '\0';
        if (!*r && !strcmp(letters, "alttext"))
            return d->text;
    }
    return NULL;
}

void ep_inline_text(const np_inline *in, np_buf *out)
{
    for (; in; in = in->next) {
        if (in->kind == NP_INL_TEXT && in->text)
            np_buf_puts(out, in->text);
        else if (in->kind == NP_INL_BREAK)
            np_buf_putc(out, ' ');
        else
            ep_inline_text(in->children, out);
    }
}

/* Fill f->alt (owned) or f->decorative; 0 when the picture has no text. */
static int figure_alt(ep_fig *f, const char *src)
{
    np_buf cap = NP_BUF_INIT;
    const char *alt = NULL;
    if (f->block) {
        const np_block *b = f->block;
        ep_inline_text(b->inl, &cap);
        if (usable(b->alt, src))
            alt = b->alt;
        else if (usable(cap.data, src))
            alt = cap.data;
        else if (b->alt && blank(b->alt) && blank(cap.data) && blank(b->credit))
            f->decorative = 1; /* alt="" said so, and nothing describes it */
    } else {
        const np_item *pic = f->picture;
        const char *cands[] = {alt_description(pic),
                               f->link ? f->link->description : NULL,
                               pic->caption, pic->headline, pic->summary};
        for (size_t i = 0; !alt && i < sizeof cands / sizeof *cands; i++)
            if (usable(cands[i], src))
                alt = cands[i];
    }
    if (alt)
        f->alt = np_xstrdup(alt);
    np_buf_free(&cap);
    return alt || f->decorative;
}

void ep_plan_alt(ep_plan *p)
{
    for (size_t i = 0; i < p->narts; i++) {
        ep_article *a = &p->arts[i];
        for (size_t k = 0; k < a->nfigs; k++) {
            ep_fig *f = &a->figs[k];
            if (f->pic < 0)
                continue; /* not shown: its words are in the caption */
            p->shown_pics++;
            if (figure_alt(f, p->pics[f->pic].path))
                continue;
            p->pics_without_text++;
            const np_item *owner = f->picture ? f->picture : a->it;
            long line = f->block && f->block->line ? f->block->line : owner->line;
            ep_warn(p, owner->source, line,
                    "picture has no text alternative (alt text, description or caption); "
                    "shown without one");
        }
    }
}
