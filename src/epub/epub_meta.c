/* EPUB converter: the digest's metadata, derived from its articles and
 * the style — identifier, languages, subjects, rights, publisher, the
 * issue's dates and number, the modification time. */
#include "epub.h"
#include "util/alloc.h"
#include "util/sha256.h"
#include "newsprint/lang.h"
#include "newsprint/meta.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_RIGHTS = 6 }; /* distinct copyright lines named in dc:rights */

/* The digest's identifier: a name-based UUID (RFC 9562 version 8, the
 * layout it gives for SHA-256 names) of the publication and the week, the
 * same on every run and on every machine. */
void ep_identifier(const char *publication, const char *week, np_buf *out)
{
    np_sha256 h;
    np_sha256_init(&h);
    static const char ns[] = "newsprint digest 2\n";
    np_sha256_update(&h, ns, sizeof ns - 1);
    np_sha256_update(&h, publication, strlen(publication));
    np_sha256_update(&h, "\n", 1);
    np_sha256_update(&h, week, strlen(week));
    unsigned char d[32];
    np_sha256_final(&h, d);
    d[6] = (unsigned char)((d[6] & 0x0f) | 0x80); /* version 8 */
    d[8] = (unsigned char)((d[8] & 0x3f) | 0x80); /* RFC 4122/9562 variant */
    np_buf_puts(out, "urn:uuid:");
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            np_buf_putc(out, '-');
        np_buf_printf(out, "%02x", d[i]);
    }
}

/* Add `s` to a list of distinct strings; returns its index. */
static size_t list_add(char ***v, size_t *n, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*v)[i], s))
            return i;
    NP_GROW_POW2(*v, *n);
    (*v)[*n] = np_xstrdup(s);
    return (*n)++;
}

/* The languages of the body's blocks that differ from the article's. */
static void block_languages(ep_plan *p, const np_item *it, np_buf *tag)
{
    const np_body_outline *o = np_item_body_outline(it);
    for (size_t i = 0; i < o->nlangs; i++)
        if (np_lang_normalize(o->langs[i], tag))
            list_add(&p->langs, &p->nlangs, tag->data);
}

/* dc:language: the articles' languages, the majority first, then those of
 * passages in other languages, of the digest's own pages and of the
 * converter's own words. */
static void plan_languages(ep_plan *p)
{
    size_t *count = np_xcalloc(p->narts + 1, sizeof *count);
    for (size_t i = 0; i < p->narts; i++)
        count[list_add(&p->langs, &p->nlangs, p->arts[i].lang)]++;
    /* the majority first; ties keep the order of appearance (stable) */
    for (size_t i = 1; i < p->nlangs; i++)
        for (size_t j = i; j > 0 && count[j] > count[j - 1]; j--) {
            size_t tc = count[j];
            count[j] = count[j - 1];
            count[j - 1] = tc;
            char *ts = p->langs[j];
            p->langs[j] = p->langs[j - 1];
            p->langs[j - 1] = ts;
        }
    free(count);
    np_buf tag = NP_BUF_INIT;
    for (size_t i = 0; i < p->narts; i++)
        block_languages(p, p->arts[i].it, &tag);
    np_buf_free(&tag);
    list_add(&p->langs, &p->nlangs, p->lang);
    list_add(&p->langs, &p->nlangs, EP_OWN_LANG);
}

static int is_iptc_subject(const np_concept *c)
{
    return c->qcode && (!strncmp(c->qcode, "medtop:", 7) || !strncmp(c->qcode, "subj:", 5));
}

static void plan_subjects(ep_plan *p)
{
    for (size_t i = 0; i < p->narts; i++)
        for (const np_concept *s = p->arts[i].it->subjects; s; s = s->next) {
            if (!is_iptc_subject(s))
                continue;
            const char *name = np_meta_subject_name(s, p->lang);
            if (name && *name && name != s->qcode)
                list_add(&p->subjects, &p->nsubjects, name);
        }
}

static void plan_rights(ep_plan *p)
{
    const char *r = ep_style_str(p->o, "rights");
    if (r) {
        p->rights = np_xstrdup(r);
        return;
    }
    char **lines = NULL;
    size_t n = 0;
    np_buf b = NP_BUF_INIT;
    for (size_t i = 0; i < p->narts; i++) {
        np_buf_reset(&b);
        np_meta_copyright(p->arts[i].it, &b);
        if (b.len)
            list_add(&lines, &n, b.data);
    }
    np_buf_reset(&b);
    for (size_t i = 0; i < n; i++) {
        if (i < MAX_RIGHTS) {
            if (i)
                np_buf_puts(&b, "; ");
            np_buf_puts(&b, lines[i]);
        }
        free(lines[i]);
    }
    if (n > MAX_RIGHTS)
        np_buf_puts(&b, "; and other holders");
    free(lines);
    p->rights = b.len ? np_buf_detach(&b) : NULL;
    np_buf_free(&b);
}

static void plan_publisher(ep_plan *p)
{
    const char *s = ep_style_str(p->o, "publisher");
    if (s) {
        p->publisher = np_xstrdup(s);
        return;
    }
    /* the provider of most articles */
    char **names = NULL;
    size_t n = 0;
    size_t *count = np_xcalloc(p->narts + 1, sizeof *count);
    for (size_t i = 0; i < p->narts; i++) {
        const char *name = np_concept_name(p->arts[i].it->provider, p->lang);
        if (name && *name)
            count[list_add(&names, &n, name)]++;
    }
    size_t best = 0;
    for (size_t i = 1; i < n; i++)
        if (count[i] > count[best])
            best = i;
    p->publisher = n ? np_xstrdup(names[best]) : NULL;
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(count);
}

/* The issue's first and last day, its dates as text, issue number, dc:date. */
static void plan_dates(ep_plan *p)
{
    const np_epub_opts *o = p->o;
    np_time first = {0}, last = {0};
    for (size_t i = 0; i < p->narts; i++) {
        const np_time *t = np_meta_item_date(p->arts[i].it);
        if (!t || !t->valid)
            continue;
        if (!first.valid || t->utc < first.utc)
            first = *t;
        if (!last.valid || t->utc > last.utc)
            last = *t;
    }
    if (o->from.valid)
        first = o->from;
    if (o->to.valid) {
        last = o->to;
        last.utc -= 1; /* exclusive end: the day before */
    }
    int y1 = 0, m1 = 0, d1 = 0, y2 = 0, m2 = 0, d2 = 0, h, mi, s;
    if (first.valid && last.valid && last.utc >= first.utc) {
        np_time_civil(&first, &y1, &m1, &d1, &h, &mi, &s);
        np_time_civil(&last, &y2, &m2, &d2, &h, &mi, &s);
        np_buf b = NP_BUF_INIT;
        np_date_range_format(y1, m1, d1, y2, m2, d2, &b);
        p->range_text = np_buf_detach(&b);
        np_buf_printf(&b, "%04d-%02d-%02d", y2, m2, d2);
        p->date = np_buf_detach(&b);
        int wy, w;
        np_iso_week_of(y1, m1, d1, &wy, &w);
        p->issue = w;
        np_buf_printf(&b, "%04d-W%02d", wy, w);
        p->week_key = np_buf_detach(&b);
        /* a whole ISO week: name it */
        np_time wf, wt;
        np_buf_printf(&b, "%04d-W%02d", wy, w);
        if (o->from.valid && o->to.valid && np_iso_week_parse(b.data, &wf, &wt) == 0 &&
            wf.utc == o->from.utc && wt.utc == o->to.utc) {
            np_buf_reset(&b);
            np_buf_printf(&b, "Week %d of %d", w, wy);
            p->week_text = np_buf_detach(&b);
        }
        np_buf_free(&b);
    }
    double si = np_style_num(o->style, "issue", 0);
    if (si >= 1 && si < 1e9)
        p->issue = (int)si;
    if (o->issue > 0)
        p->issue = o->issue;

    /* modified: given, else the latest time of any collected item */
    np_time mod = o->modified;
    if (!mod.valid) {
        for (size_t i = 0; i < p->c->n; i++) {
            const np_item *it = p->c->items[i];
            const np_time *ts[] = {&it->version_created, &it->first_created, &it->content_created};
            for (size_t k = 0; k < 3; k++)
                if (ts[k]->valid && (!mod.valid || ts[k]->utc > mod.utc))
                    mod = *ts[k];
        }
    }
    if (!mod.valid)
        mod = np_time_from_epoch(315532800); /* 1980-01-01: the zip epoch */
    np_time utc = np_time_from_epoch(mod.utc);
    np_buf b = NP_BUF_INIT;
    np_time_format_iso(&utc, &b);
    p->modified = np_buf_detach(&b);
    p->mtime = mod.utc;
    if (!p->date) {
        np_time_format_date(&utc, &b);
        p->date = np_buf_detach(&b);
    }
    if (!p->week_key) {
        int y, m, d, wy, w;
        np_time_civil(&utc, &y, &m, &d, NULL, NULL, NULL);
        np_iso_week_of(y, m, d, &wy, &w);
        np_buf_printf(&b, "%04d-W%02d", wy, w);
        p->week_key = np_buf_detach(&b);
    }
    np_buf_free(&b);
}

void ep_plan_metadata(ep_plan *p)
{
    plan_languages(p);
    plan_subjects(p);
    plan_rights(p);
    plan_publisher(p);
    plan_dates(p);
    np_buf b = NP_BUF_INIT;
    ep_identifier(p->series, p->week_key, &b);
    p->identifier = np_buf_detach(&b);
    np_buf_puts(&b, p->title);
    if (p->range_text)
        np_buf_printf(&b, " \xe2\x80\x94 %s", p->range_text); /* em dash */
    p->full_title = np_buf_detach(&b);
    const char *creator = ep_style_str(p->o, "creator");
    p->creator = np_xstrdup(creator ? creator : p->publisher ? p->publisher : p->title);
}
