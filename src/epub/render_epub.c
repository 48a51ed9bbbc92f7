/* EPUB converter: plan a digest from a collection (articles and sections
 * here; pictures, fonts and metadata in epub_media.c and epub_meta.c) and
 * put its documents into the container.  The documents themselves are
 * written by epub_pages.c, epub_body.c, epub_nav.c and epub_opf.c. */
#include "epub.h"
#include "epub_zip.h"
#include "newsprint/lang.h"
#include "newsprint/media.h"
#include "newsprint/outfile.h"
#include "newsprint/park.h"
#include "model/font_search.h"
#include "util/alloc.h"
#include "util/mem.h"

#include <libxml/parser.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    MAX_CSS = 1024 * 1024,
    CHUNK = 32,      /* articles written and deflated together, at least */
    MAX_PARTS = 256 /* chunks at most: each is an open temporary file */
};

static const char default_title[] = "newsprint Weekly";

/* Used when neither the options nor the style name a stylesheet. */
static const char fallback_css[] =
    "body { font-family: serif; line-height: 1.45; margin: 0 1em; }\n"
    "h1 { line-height: 1.15; }\n"
    "figure { margin: 1em 0; } img { max-width: 100%; height: auto; }\n"
    "nav[hidden] { display: none; }\n";

/* ---- stylesheet -------------------------------------------------------- */

static int plan_css(ep_plan *p, np_error *err)
{
    const np_epub_opts *o = p->o;
    np_buf path = NP_BUF_INIT;
    if (o->css_path) {
        np_buf_puts(&path, o->css_path);
    } else if (ep_style_str(o, "stylesheet")) {
        /* a name: beside the style file, else in the styles folder */
        const char *name = ep_style_str(o, "stylesheet");
        const char *sp = np_style_path(o->style);
        const char *slash = sp ? strrchr(sp, '/') : NULL;
        if (name[0] == '/')
            np_buf_puts(&path, name);
        else if (slash)
            np_buf_printf(&path, "%.*s/%s", (int)(slash - sp), sp, name);
        else
            np_buf_puts(&path, name);
        FILE *f = fopen(path.data, "rb");
        if (f) {
            fclose(f);
        } else {
            np_buf dir = NP_BUF_INIT;
            if (np_style_dir(&dir) && !strchr(name, '/')) {
                np_buf_reset(&path);
                np_buf_printf(&path, "%s/%s", dir.data, name);
            }
            np_buf_free(&dir);
        }
    }
    int rc = NP_OK;
    if (path.len) {
        rc = np_file_read(path.data, MAX_CSS, &p->css, err);
        if (rc != NP_OK && err && err->message) {
            np_buf m = NP_BUF_INIT;
            np_buf_printf(&m, "stylesheet: %s", err->message);
            np_error_set(err, rc, path.data, 0, "%s", m.data);
            np_buf_free(&m);
        }
        if (rc == NP_OK)
            rc = ep_css_check(p, path.data, err);
    } else {
        np_buf_puts(&p->css, fallback_css);
    }
    np_buf_free(&path);
    return rc;
}

/* Would the text be empty once written (nothing but spaces and characters
 * XML cannot hold)?  Navigation labels must not be. */
static int blank_text(const char *s)
{
    np_buf tmp = NP_BUF_INIT;
    const char *c = ep_xml_clean(s ? s : "", &tmp);
    int blank = c[strspn(c, " \t\r\n")] == '\0';
    np_buf_free(&tmp);
    return blank;
}

static void plan_articles(ep_plan *p)
{
    p->arts = np_xcalloc(p->sections.narticles ? p->sections.narticles : 1, sizeof *p->arts);
    np_buf tag = NP_BUF_INIT;
    for (size_t s = 0; s < p->sections.n; s++)
        for (size_t k = 0; k < p->sections.v[s].n; k++) {
            size_t ci = p->sections.v[s].items[k];
            ep_article *a = &p->arts[p->narts];
            a->it = p->c->items[ci];
            a->at = ci;
            a->urgency = a->it->urgency;
            a->has_words = np_item_has_body_words(a->it);
            a->entry = p->c->entries ? p->c->entries[ci] : NULL;
            a->section = s;
            p->narts++;
            a->lang = np_xstrdup(np_lang_normalize(a->it->lang, &tag) ? tag.data : p->lang);
            a->our_headline = ep_headline(a->it, &tag);
            /* no headline of its own: with no text either, it shows nothing */
            a->untitled = !a->it->headline || blank_text(a->it->headline);
            a->headline = np_xstrdup(tag.data ? tag.data : ""); /* exact: 0.4 MB less at 10,000 */
            if (a->it->dir && (!strcmp(a->it->dir, "rtl") || !strcmp(a->it->dir, "ltr")))
                a->dir = !strcmp(a->it->dir, "rtl") ? "rtl" : "ltr";
            else
                a->dir = np_lang_is_rtl(a->lang) ? "rtl" : "ltr";
            /* the most important heading level used in the body (1 when none) */
            a->heading_top = np_item_body_outline(a->it)->top_heading;
            if (!a->heading_top)
                a->heading_top = 1;
        }
    np_buf_free(&tag);
    ep_plan_pictures(p);
    ep_plan_prune(p); /* numbers the articles */
    ep_plan_alt(p);
    ep_plan_pages(p);
    for (size_t i = 0; i < p->c->n; i++)
        if (np_item_is_empty(p->c->items[i]))
            ep_warn(p, p->c->items[i]->source, p->c->items[i]->line,
                    "item has no headline, text or picture; left out of the digest");
}

static int plan_build(ep_plan *p, const np_collection *c, const np_epub_opts *o, np_error *err)
{
    memset(p, 0, sizeof *p);
    p->c = c;
    p->o = o;
    const char *title = o->title && !blank_text(o->title) ? o->title : ep_style_str(o, "title");
    p->title = np_xstrdup(title && !blank_text(title) ? title : default_title);
    np_buf tag = NP_BUF_INIT;
    p->lang = np_xstrdup(np_lang_normalize(ep_style_str(o, "language"), &tag) ? tag.data : "en");
    np_buf_free(&tag);
    const char *series = ep_style_str(o, "series");
    p->series = np_xstrdup(series ? series : p->title);
    if (plan_css(p, err) != NP_OK)
        return -1;
    np_sections_build(&p->sections, c, o->section_by, p->lang);
    for (size_t i = 0; i < p->sections.n; i++)
        if (blank_text(p->sections.v[i].title)) {
            np_buf t = NP_BUF_INIT;
            np_buf_printf(&t, "Section %zu", i + 1);
            free(p->sections.v[i].title);
            p->sections.v[i].title = np_buf_detach(&t);
        }
    plan_articles(p);
    ep_plan_metadata(p);
    ep_plan_fonts(p);
    return 0;
}

/* ---- the container ----------------------------------------------------- */

typedef int (*doc_fn)(const ep_plan *p, np_buf *out);

/* `seen`: the characters of the documents a reader sees (for the fonts),
 * or NULL when no font is subset (see chars_wanted()). */
static int put_doc(ep_ocf *z, const ep_plan *p, const char *name, doc_fn fn, np_buf *tmp,
                   np_uset *seen, np_error *err)
{
    if (fn(p, tmp) < 0)
        return np_error_set(err, NP_ERR_INTERNAL, NULL, 0, "EPUB: cannot write %s", name);
    if (seen)
        np_uset_add_utf8(seen, tmp->data, tmp->len);
    return ep_ocf_add(z, name, tmp, 1, err);
}

static int container_doc(const ep_plan *p, np_buf *out)
{
    (void)p;
    return ep_write_container(out);
}

/* Articles are written and deflated in chunks, on np_epub_opts.jobs
 * threads: that is most of the work.  Chunk k always holds the same
 * articles and goes into the container in its place, so the EPUB is the
 * same whatever the number of threads.  The first job deflates the
 * documents written before the articles (`front`), which would otherwise
 * take one thread while the others wait. */
typedef struct chunks {
    const ep_plan *p;
    ep_part *front; /* job 0 closes it (NULL: none); job k > 0 writes chunk k - 1 */
    int front_rc;
    np_error front_err;
    size_t n;   /* chunks */
    size_t per; /* articles per chunk */
    int chars;  /* the characters of the articles are wanted */
    ep_part **parts;
    np_error *errs;
    int *rcs;
    pthread_mutex_t lock;
    size_t next; /* the next job to take */
} chunks;

/* `seen`: as put_doc()'s. */
static int write_chunk(const ep_plan *p, size_t k, size_t per, ep_part **out, np_uset *seen,
                       np_error *err)
{
    ep_part *pt = ep_part_new(err);
    if (!pt)
        return NP_ERR_INTERNAL;
    np_buf b = NP_BUF_INIT, name = NP_BUF_INIT;
    int rc = NP_OK;
    size_t end = (k + 1) * per < p->narts ? (k + 1) * per : p->narts;
    for (size_t i = k * per; rc == NP_OK && i < end; i++) {
        np_buf_reset(&name);
        np_buf_printf(&name, EP_DIR "%s", p->arts[i].href);
        ep_open_article oa;
        if ((rc = ep_article_open(p, i, &oa, err)) != NP_OK)
            break;
        const np_item *it = oa.art.it;
        const np_block *body;
        np_body_loan loan;
        if ((rc = np_item_body_open(it, &body, &loan, err)) != NP_OK) {
            ep_article_close(&oa);
            break;
        }
        int wrote = ep_write_article(p, i, &oa.art, body, &b);
        np_item_body_close(&loan);
        if (wrote < 0)
            rc = np_error_set(err, NP_ERR_INTERNAL, it->source, it->line,
                              "EPUB: cannot write the article");
        else {
            if (seen)
                np_uset_add_utf8(seen, b.data, b.len);
            rc = ep_part_add(pt, name.data, &b, err);
        }
        ep_article_close(&oa);
    }
    if (rc == NP_OK)
        rc = ep_part_close(pt, err);
    np_buf_free(&b);
    np_buf_free(&name);
    if (rc != NP_OK) {
        ep_part_free(pt);
        pt = NULL;
    }
    *out = pt;
    return rc;
}

/* A thread: the chunks it takes, and the characters of their articles
 * (one set per thread, not per chunk: a set can take 100 KB). */
typedef struct chunk_thread {
    chunks *c;
    np_uset seen;
} chunk_thread;

static void *chunk_worker(void *ud)
{
    chunk_thread *t = ud;
    chunks *c = t->c;
    for (;;) {
        pthread_mutex_lock(&c->lock);
        size_t job = c->next++;
        pthread_mutex_unlock(&c->lock);
        if (job > c->n)
            return NULL;
        if (job == 0) {
            c->front_rc = c->front ? ep_part_close(c->front, &c->front_err) : NP_OK;
            continue;
        }
        size_t k = job - 1;
        c->rcs[k] = write_chunk(c->p, k, c->per, &c->parts[k], c->chars ? &t->seen : NULL,
                                &c->errs[k]);
    }
}

/* The threads that write the articles: ep_threads(), no more than there
 * are jobs. */
static size_t article_threads(const ep_plan *p, size_t jobs)
{
    size_t t = ep_threads(p);
    return t < jobs ? t : jobs;
}

/* `front` (taken over, open): the documents before the articles; `seen`:
 * as put_doc()'s. */
static int put_articles(ep_ocf *z, const ep_plan *p, ep_part *front, np_uset *seen,
                        np_error *err)
{
    chunks c;
    memset(&c, 0, sizeof c);
    c.p = p;
    c.chars = seen != NULL;
    c.front = front;
    c.per = (p->narts + MAX_PARTS - 1) / MAX_PARTS;
    if (c.per < CHUNK)
        c.per = CHUNK;
    c.n = (p->narts + c.per - 1) / c.per;
    c.parts = np_xcalloc(c.n ? c.n : 1, sizeof *c.parts);
    c.errs = np_xcalloc(c.n ? c.n : 1, sizeof *c.errs);
    c.rcs = np_xcalloc(c.n ? c.n : 1, sizeof *c.rcs);
    pthread_mutex_init(&c.lock, NULL);
    size_t nthreads = article_threads(p, c.n + 1);
    pthread_t tid[EP_MAX_THREADS];
    chunk_thread th[EP_MAX_THREADS];
    for (size_t t = 0; t < nthreads; t++)
        th[t] = (chunk_thread){&c, NP_USET_INIT};
    size_t started = 0;
    for (size_t t = 1; t < nthreads; t++)
        if (pthread_create(&tid[started], NULL, chunk_worker, &th[started + 1]) == 0)
            started++;
    chunk_worker(&th[0]); /* this thread works too */
    for (size_t t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&c.lock);
    for (size_t t = 0; t < nthreads; t++) {
        if (seen)
            np_uset_merge(seen, &th[t].seen);
        np_uset_free(&th[t].seen);
    }
    if (p->o->stats)
        p->o->stats->writers = (unsigned)(started + 1);

    int rc = c.front_rc;
    if (rc != NP_OK) {
        np_error_set(err, rc, c.front_err.file, c.front_err.line, "%s",
                     c.front_err.message ? c.front_err.message : "cannot write");
        ep_part_free(front);
    } else if (front) {
        rc = ep_ocf_add_part(z, front, err);
    }
    np_error_clear(&c.front_err);
    for (size_t k = 0; k < c.n; k++) {
        if (rc == NP_OK && c.rcs[k] != NP_OK)
            rc = np_error_set(err, c.rcs[k], c.errs[k].file, c.errs[k].line, "%s",
                              c.errs[k].message ? c.errs[k].message : "cannot write");
        if (rc == NP_OK)
            rc = ep_ocf_add_part(z, c.parts[k], err); /* the container owns it now */
        else
            ep_part_free(c.parts[k]);
        np_error_clear(&c.errs[k]);
    }
    free(c.parts);
    free(c.errs);
    free(c.rcs);
    return rc;
}

/* Are the characters the documents use wanted: is a font subset to them?
 * Collecting them is 8% of the instructions of a digest. */
static int chars_wanted(const ep_plan *p)
{
    for (size_t i = 0; i < p->nfonts; i++)
        if (p->fonts[i].subset)
            return 1;
    return 0;
}

/* The raster cover, deflated into a part of its own.  With more than one
 * thread it is drawn beside the documents and the articles: it is a fifth
 * of a 1,000-item digest's time, most of it the first touch of its canvas.
 * With one it is drawn first, so that its canvas is gone before the
 * package document and the navigation (large in a large digest) are
 * built.  Either way it goes into the container after the articles. */
typedef struct cover_job {
    const ep_plan *p;
    ep_part *part;
    size_t missing; /* characters no font had */
    int rc;
    np_error err;
} cover_job;

static void *cover_worker(void *ud)
{
    cover_job *j = ud;
    np_buf png = NP_BUF_INIT;
    j->rc = ep_write_cover_png(j->p, &png, &j->missing, &j->err);
    if (j->rc == NP_OK && !(j->part = ep_part_new(&j->err)))
        j->rc = NP_ERR_INTERNAL;
    if (j->rc == NP_OK)
        j->rc = ep_part_add(j->part, EP_DIR EP_COVER_PNG, &png, &j->err);
    if (j->rc == NP_OK)
        j->rc = ep_part_close(j->part, &j->err);
    np_buf_free(&png);
    return NULL;
}

/* Wait for the cover (`apart`: on its own thread) and put it into the
 * container; `rc`: how the rest went. */
static int put_cover(ep_ocf *z, const ep_plan *p, cover_job *j, pthread_t tid, int apart, int rc,
                     np_error *err)
{
    if (apart)
        pthread_join(tid, NULL);
    if (j->rc == NP_OK)
        ep_warn_cover(p, j->missing);
    if (rc == NP_OK && j->rc != NP_OK)
        rc = np_error_set(err, j->rc, j->err.file, j->err.line, "%s",
                          j->err.message ? j->err.message : "EPUB: cannot write the cover");
    np_error_clear(&j->err);
    if (rc == NP_OK)
        return ep_ocf_add_part(z, j->part, err); /* the container owns it now */
    ep_part_free(j->part);
    return rc;
}

static int put_all(ep_ocf *z, ep_plan *p, np_error *err)
{
    np_buf b = NP_BUF_INIT, name = NP_BUF_INIT;
    np_uset chars = NP_USET_INIT; /* characters of the documents, for the fonts */
    np_uset *seen = chars_wanted(p) ? &chars : NULL;
    np_mem_give_back(); /* what reading and planning freed, before the canvas */
    cover_job cover = {p, NULL, 0, NP_OK, NP_ERROR_INIT};
    pthread_t cover_tid;
    int apart = ep_threads(p) > 1 && pthread_create(&cover_tid, NULL, cover_worker, &cover) == 0;
    if (!apart) {
        cover_worker(&cover);
        np_mem_give_back();
    }
    int rc = put_doc(z, p, "META-INF/container.xml", container_doc, &b, NULL, err);
    if (!rc)
        rc = put_doc(z, p, EP_DIR "content.opf", ep_write_opf, &b, NULL, err);
    if (!rc)
        rc = put_doc(z, p, EP_DIR "nav.xhtml", ep_write_nav, &b, seen, err);
    if (!rc)
        rc = put_doc(z, p, EP_DIR "toc.ncx", ep_write_ncx, &b, NULL, err);
    if (!rc)
        rc = ep_ocf_add(z, EP_DIR EP_CSS, &p->css, 1, err);
    if (!rc)
        rc = put_doc(z, p, EP_DIR "cover.svg", ep_write_cover_svg, &b, seen, err);
    if (!rc)
        rc = put_doc(z, p, EP_DIR "cover.xhtml", ep_write_cover, &b, seen, err);
    for (size_t i = 0; !rc && i < p->npages; i++) {
        np_buf_reset(&name);
        np_buf_printf(&name, EP_DIR "%s", p->pages[i].href);
        if (ep_write_page(p, i, &b) < 0)
            rc = np_error_set(err, NP_ERR_INTERNAL, NULL, 0, "EPUB: cannot write %s", name.data);
        else {
            if (seen)
                np_uset_add_utf8(seen, b.data, b.len);
            rc = ep_ocf_add(z, name.data, &b, 1, err);
        }
    }
    ep_plan_drop_listing(p); /* the section pages are written */
    np_mem_give_back();
    ep_part *front = ep_ocf_take_pending(z);
    if (!rc)
        rc = put_articles(z, p, front, seen, err);
    else
        ep_part_free(front);
    rc = put_cover(z, p, &cover, cover_tid, apart, rc, err);
    np_mem_give_back(); /* what the articles' threads and the cover held */
    for (size_t i = 0; !rc && i < p->npics; i++) {
        if (!p->pics[i].href)
            continue;
        np_buf_reset(&name);
        np_buf_printf(&name, EP_DIR "%s", p->pics[i].href);
        rc = ep_ocf_add(z, name.data, &p->pics[i].data, 1, err);
    }
    for (size_t i = 0; !rc && i < p->nfonts; i++) {
        if ((rc = ep_font_bytes(p, i, &chars, &b, err)) != NP_OK)
            break;
        np_buf_reset(&name);
        np_buf_printf(&name, EP_DIR "%s", p->fonts[i].href);
        rc = ep_ocf_add(z, name.data, &b, 1, err);
    }
    np_uset_free(&chars);
    np_buf_free(&b);
    np_buf_free(&name);
    return rc;
}

int np_epub_spool(const np_collection *c, const np_epub_opts *opts, FILE **out, np_error *err)
{
    *out = NULL;
    np_epub_opts defaults;
    if (!opts) {
        memset(&defaults, 0, sizeof defaults);
        opts = &defaults;
    }
    xmlInitParser(); /* once, before any thread uses libxml2 */
    /* the cover's fonts: their configuration loads while this thread plans
     * and parks alone, with a core to spare */
    if (ep_threads_of(opts) > 1)
        np_font_config_warm();
    np_mem_give_back(); /* what reading freed (parsers, buffers), before the plan */
    ep_plan p;
    if (plan_build(&p, c, opts, err) < 0) {
        ep_plan_free(&p);
        return err && err->code ? err->code : NP_ERR_IO;
    }
    if (opts->stats) {
        opts->stats->articles = p.narts;
        /* a package shows nothing itself: it gives the sections */
        size_t packages = 0;
        for (size_t i = 0; i < c->n; i++)
            packages += c->items[i]->item_class == NP_CLASS_PACKAGE;
        opts->stats->items = ep_plan_items_shown(&p);
        opts->stats->left_out = c->n - packages - opts->stats->items;
    }
    ep_plan_park(&p);
    if (!p.narts) {
        ep_plan_free(&p);
        return np_error_set(err, NP_ERR_INVALID, NULL, 0,
                            "error: no article to put in the digest (every item was left out); "
                            "nothing written");
    }
    ep_ocf *z = ep_ocf_new(p.mtime, err);
    int rc = z ? put_all(z, &p, err) : NP_ERR_INTERNAL;
    if (z && rc == NP_OK) {
        np_mem_give_back();
        rc = ep_ocf_finish(z, out, err);
    }
    else
        ep_ocf_free(z);
    ep_plan_free(&p);
    return rc;
}

int np_epub_build(const np_collection *c, const np_epub_opts *opts, np_buf *out, np_error *err)
{
    np_buf_reset(out);
    FILE *f;
    int rc = np_epub_spool(c, opts, &f, err);
    if (rc != NP_OK)
        return rc;
    char block[65536];
    size_t n;
    while ((n = fread(block, 1, sizeof block, f)) > 0)
        np_buf_put(out, block, n);
    if (ferror(f)) {
        np_buf_reset(out);
        rc = np_error_set(err, NP_ERR_IO, NULL, 0, "EPUB: cannot read the container back");
    }
    fclose(f);
    return rc;
}

int np_epub_write(const np_collection *c, const np_epub_opts *opts, const char *path, np_error *err)
{
    FILE *f;
    int rc = np_epub_spool(c, opts, &f, err);
    if (rc == NP_OK) {
        rc = np_write_file_from(path, f, err);
        fclose(f);
    }
    return rc;
}
