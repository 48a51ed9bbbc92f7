/* The PDF e-paper renderer: sets up libharu (UTF-8 encoder, compression),
 * fonts and style, builds the stories, has the pages made and drawn, and
 * saves the document with dates and /ID of our own (reproducible), XMP
 * metadata, page boxes and valid ToUnicode maps.
 * The pieces: pdf.h. */
#include "pdf.h"
#include "util/alloc.h"
#include "util/mem.h"
#include "util/sha256.h"

#include "newsprint/meta.h"
#include "newsprint/newsprint.h"
#include "newsprint/outfile.h"
#include "newsprint/park.h"

#include <hpdf_streams.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *ud)
{
    pdf_ctx *ctx = ud;
    ctx->hpdf_error = (unsigned long)error_no;
    ctx->hpdf_detail = (unsigned long)detail_no;
}

/* ---- dates of the edition ------------------------------------------------- */

static void civil_utc(int64_t secs, int *y, int *m, int *d)
{
    np_time t = np_time_from_epoch(secs);
    np_time_civil(&t, y, m, d, NULL, NULL, NULL);
}

/* The first and last day that have items, in the edition's zone as the
 * selection decided them (np_selected.date); 0 if no item is dated. */
static int item_days(const np_collection *c, int *y1, int *m1, int *d1, int *y2, int *m2, int *d2)
{
    int have = 0;
    for (size_t i = 0; i < c->n; i++) {
        const np_selected *e = c->entries ? c->entries[i] : NULL;
        np_time when = {0};
        if (e && e->date.valid) {
            when = e->date;
        } else {
            /* a parked item is read back */
            const np_item *it;
            np_item *full;
            np_collection_item_open(c, i, &it, &full, NULL);
            const np_time *t = it ? np_meta_item_date(it) : NULL;
            if (t)
                when = *t;
            np_item_free(full);
        }
        const np_time *t = &when;
        if (!t->valid)
            continue;
        int y, m, d;
        np_time_civil(t, &y, &m, &d, NULL, NULL, NULL);
        long k = y * 10000L + m * 100 + d;
        if (!have || k < *y1 * 10000L + *m1 * 100 + *d1)
            *y1 = y, *m1 = m, *d1 = d;
        if (!have || k > *y2 * 10000L + *m2 * 100 + *d2)
            *y2 = y, *m2 = m, *d2 = d;
        have = 1;
    }
    return have;
}

/* The masthead's days: those that have items (a --from/--to range says
 * which days could have had some); without dated items the option range,
 * else the creation day. */
static void edition_dates(pdf_ctx *ctx)
{
    const np_pdf_opts *o = ctx->o;
    int y1 = 0, m1 = 0, d1 = 0, y2 = 0, m2 = 0, d2 = 0;
    if (item_days(ctx->c, &y1, &m1, &d1, &y2, &m2, &d2)) {
        /* dated items: their days */
    } else if (o->from.valid) {
        civil_utc(o->from.utc, &y1, &m1, &d1);
        if (o->to.valid && o->to.utc - o->from.utc > 86400)
            civil_utc(o->to.utc - 1, &y2, &m2, &d2);
        else
            y2 = y1, m2 = m1, d2 = d1;
    } else if (o->created.valid) {
        civil_utc(o->created.utc, &y1, &m1, &d1);
        y2 = y1, m2 = m1, d2 = d1;
    }
    if (!y1) {
        np_buf_puts(&ctx->date_text, "Undated");
        ctx->issue_no = ctx->volume_no = 1;
        return;
    }
    if (y1 == y2 && m1 == m2 && d1 == d2)
        np_buf_printf(&ctx->date_text, "%s, ", np_weekday_name(np_weekday(y1, m1, d1)));
    np_date_range_format(y1, m1, d1, y2, m2, d2, &ctx->date_text);
    /* volume: years since the paper was founded; issue: days */
    np_time f;
    int fy = 2020;
    int64_t fdays = 0;
    if (np_time_parse(ctx->st.founded, &f) == 0) {
        int fm, fd;
        np_time_civil(&f, &fy, &fm, &fd, NULL, NULL, NULL);
        fdays = f.utc / 86400;
    } else {
        if (np_time_parse("2020-01-01", &f) != 0)
            f = np_time_from_epoch(1577836800); /* cannot happen: the same day */
        fdays = f.utc / 86400;
    }
    np_buf iso = NP_BUF_INIT;
    np_buf_printf(&iso, "%04d-%02d-%02d", y1, m1, d1);
    np_time day;
    int64_t ddays = np_time_parse(iso.data, &day) == 0 ? day.utc / 86400 : fdays;
    np_buf_free(&iso);
    ctx->volume_no = y1 >= fy ? (size_t)(y1 - fy + 1) : 1;
    ctx->issue_no = ddays >= fdays ? (size_t)(ddays - fdays + 1) : 1;
}

/* ---- reports ------------------------------------------------------------------ */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void fonts_report(pdf_ctx *ctx, np_buf *out)
{
    for (size_t f = 0; f < pf_count(ctx->pf); f++)
        if (pf_used(ctx->pf, (int)f))
            np_buf_printf(out, "font\t%zu\t%s\t%d\t%s\n", f, pf_path(ctx->pf, (int)f),
                          pf_index(ctx->pf, (int)f), pf_family(ctx->pf, (int)f));
    np_buf where = NP_BUF_INIT;
    for (size_t i = 0; i < ctx->c->n; i++) {
        pdf_story *s = ctx->stories[i];
        if (!s || !s->drawn || !s->drawn->n)
            continue;
        const pdf_drawn *d = s->drawn;
        uint64_t *v = np_xrealloc(NULL, d->n * sizeof *v);
        size_t n = 0;
        for (size_t k = 0; k < d->cap; k++)
            if (d->v[k] != UINT64_MAX)
                v[n++] = d->v[k];
        qsort(v, n, sizeof *v, cmp_u64);
        for (size_t k = 0; k < n;) {
            uint32_t face = (uint32_t)(v[k] >> 32);
            np_buf_printf(out, "chars\t%s\t%u\t", pdf_story_where(ctx, s, &where), face);
            size_t j = k;
            for (; j < n && (uint32_t)(v[j] >> 32) == face; j++)
                np_buf_printf(out, "%sU+%04X", j > k ? " " : "", (unsigned)(v[j] & 0xffffffffu));
            np_buf_putc(out, '\n');
            k = j;
        }
        free(v);
    }
    np_buf_free(&where);
}

static void layout_report(pdf_ctx *ctx, np_buf *out)
{
    /* the boxes were written as the pages were drawn (pdf_flush) */
    for (size_t i = 0; i < ctx->npages; i++) {
        double x0, y0, x1, y1;
        pdf_type_area(ctx, i, &x0, &y0, &x1, &y1);
        np_buf_printf(out, "page\t%zu\t%zu\t%s\t%.2f\t%.2f\t%.2f\t%.2f\n", i, ctx->pages[i].number,
                      ctx->pages[i].title ? ctx->pages[i].title : "", x0, y0, x1, y1);
    }
    np_buf where = NP_BUF_INIT;
    for (size_t i = 0; i < ctx->c->n; i++) {
        pdf_story *s = ctx->stories[i];
        if (!s)
            continue;
        np_buf_printf(out, "story\t%zu\t%s\t%s\t%zu\t%s\t", i, pdf_story_where(ctx, s, &where),
                      np_collection_guid(ctx->c, i) ? np_collection_guid(ctx->c, i) : "", s->nseg, s->rtl ? "rtl" : "ltr");
        size_t start = out->len;
        int gap = 0;
        for (const char *h = s->headline; *h; h++) {
            if (*h == ' ' || *h == '\t' || *h == '\n' || *h == '\r') {
                gap = out->len > start;
                continue;
            }
            if (gap)
                np_buf_putc(out, ' ');
            gap = 0;
            np_buf_putc(out, *h);
        }
        np_buf_putc(out, '\n');
    }
    np_buf_free(&where);
}

/* ---- the document ------------------------------------------------------------- */

static void park_warn(void *ud, const np_error *err)
{
    pdf_warn(ud, err->file, err->line, "%s", err->message);
}

/* Every story measured, the items' metadata waits on disk (park_items):
 * the stories read their item back while they are set, and keep of it
 * what the make-up, the outline and the index need (pdf_story_new()). */
static void park_items(pdf_ctx *ctx)
{
    /* the collection's items are the converter's to replace (park_items) */
    if (!(ctx->spool = np_collection_park_meta((np_collection *)ctx->c, park_warn, ctx)))
        return; /* the items stay in memory */
    np_mem_give_back(); /* the items' memory, before the pages */
}

static void ctx_free(pdf_ctx *ctx)
{
    pdf_drawn_free(ctx);
    free(ctx->done);
    pdf_pics_free(ctx);
    if (ctx->stories)
        for (size_t i = 0; i < ctx->c->n; i++)
            pdf_story_free(ctx->stories[i]);
    free(ctx->stories);
    free(ctx->order);
    if (ctx->pages)
        pdf_frozen_free(ctx);
    free(ctx->pages);
    np_sections_free(&ctx->sections);
    np_buf_free(&ctx->date_text);
    pdf_style_free(&ctx->st);
    pf_free(ctx->pf);
    pdf_codes_free(&ctx->codes);
    pdf_outline_free(ctx);
    if (ctx->pdf)
        HPDF_Free(ctx->pdf);
    pdf_dests_done(ctx);
    pdf_spill_close(ctx);
    np_body_spool_free(ctx->spool);
}

/* What the document's information takes of the items, while they are in
 * memory (park_items): the identifier's digest of what went in, so far,
 * and the latest item time. */
typedef struct pdf_items_facts {
    np_sha256 id;
    np_time when;
} pdf_items_facts;

static void items_facts(const pdf_ctx *ctx, pdf_items_facts *f)
{
    np_sha256 *h = &f->id;
    np_sha256_init(h);
    np_sha256_update(h, "newsml2pdf\n", 11);
    np_sha256_update(h, ctx->st.paper, strlen(ctx->st.paper) + 1);
    np_sha256_update(h, ctx->date_text.data ? ctx->date_text.data : "", ctx->date_text.len);
    memset(&f->when, 0, sizeof f->when);
    for (size_t i = 0; i < ctx->c->n; i++) {
        const np_item *it;
        np_item *full;
        if (np_collection_item_open(ctx->c, i, &it, &full, NULL) != NP_OK)
            continue; /* told when its story is set */
        char v[32];
        snprintf(v, sizeof v, "\n%ld\n", it->version);
        np_sha256_update(h, it->guid ? it->guid : "", it->guid ? strlen(it->guid) : 0);
        np_sha256_update(h, v, strlen(v));
        /* the latest item time: the same inputs give the same dates */
        const np_time *t = it->version_created.valid ? &it->version_created
                                                     : np_meta_item_date(it);
        if (t && t->valid && (!f->when.valid || t->utc > f->when.utc))
            f->when = *t;
        np_item_free(full);
    }
}

/* The document identifier: a digest of what went in. */
static void doc_id(pdf_ctx *ctx, pdf_items_facts *f, unsigned char id[16])
{
    np_sha256 h = f->id;
    char n[64];
    snprintf(n, sizeof n, "%zu pages %d", ctx->npages, ctx->o->article);
    np_sha256_update(&h, n, strlen(n));
    unsigned char d[32];
    np_sha256_final(&h, d);
    memcpy(id, d, 16);
}

static int doc_info(pdf_ctx *ctx, pdf_items_facts *f, size_t nst, np_error *err)
{
    np_buf title = NP_BUF_INIT, subject = NP_BUF_INIT, kw = NP_BUF_INIT;
    np_buf_printf(&title, "%s \xe2\x80\x94 %s", ctx->st.paper, np_buf_cstr(&ctx->date_text));
    const char *edition = ctx->o->edition ? ctx->o->edition : ctx->st.edition;
    if (edition)
        np_buf_printf(&title, " (%s)", edition);
    np_buf_printf(&subject, "%s of %s: %zu stor%s on %zu page%s",
                  ctx->o->article ? "Print pages" : "E-paper", np_buf_cstr(&ctx->date_text), nst,
                  nst == 1 ? "y" : "ies", ctx->npages, ctx->npages == 1 ? "" : "s");
    if (ctx->lead >= 0 && ctx->stories[ctx->lead] && ctx->stories[ctx->lead]->title)
        np_buf_printf(&subject, "; lead: %s", ctx->stories[ctx->lead]->title);
    for (size_t si = 0; si < ctx->sections.n && si < 40; si++)
        np_buf_printf(&kw, "%s%s", kw.len ? ", " : "", ctx->sections.v[si].title);
    np_time when = ctx->o->created.valid ? ctx->o->created : f->when;
    unsigned char id[16];
    doc_id(ctx, f, id);
    pdf_doc_info(ctx, title.data, subject.data, kw.data, &when, id);
    pdf_doc_facts facts = {title.data, subject.data, kw.data, ctx->st.paper, ctx->st.lang,
                           PDF_CREATOR, PDF_PRODUCER, &when, id};
    int rc = pdf_xmp(ctx, &facts, err);
    np_buf_free(&title);
    np_buf_free(&subject);
    np_buf_free(&kw);
    return rc;
}

/* What the summary says of the stories. */
typedef struct pdf_told {
    size_t stories, jumps;
} pdf_told;

/* The stories counted, before the outline frees them. */
static void stories_told(const pdf_ctx *ctx, pdf_told *t)
{
    for (size_t i = 0; i < ctx->c->n; i++) {
        const pdf_story *s = ctx->stories[i];
        if (!s)
            continue;
        t->stories++;
        if (s->nseg > 1)
            t->jumps += s->nseg - 1;
    }
}

/* The stories the outline left (the lead's, those not placed), freed:
 * told in the outline and the information, they are not needed for the
 * fonts' subsets and the save. */
static void stories_release(pdf_ctx *ctx)
{
    for (size_t i = 0; i < ctx->c->n; i++) {
        pdf_story_free(ctx->stories[i]);
        ctx->stories[i] = NULL;
    }
    np_mem_give_back();
}

/* Where the bytes go: a buffer or a file. */
typedef struct sink {
    np_buf *buf;
    FILE *fp;
    size_t bytes;
    int failed;
} sink;

static int sink_put(sink *k, const void *p, size_t n)
{
    k->bytes += n;
    if (k->buf) {
        np_buf_put(k->buf, p, n);
        return 0;
    }
    return fwrite(p, 1, n, k->fp) == n ? 0 : -1;
}

/* libharu's writer into a sink (the stream's attr). */
static HPDF_STATUS sink_write(HPDF_Stream s, const HPDF_BYTE *p, HPDF_UINT n)
{
    sink *k = s->attr;
    if (sink_put(k, p, n) == 0)
        return HPDF_OK;
    k->failed = 1;
    return HPDF_FILE_IO_ERROR;
}

static int build(const np_collection *c, const np_pdf_opts *opts, sink *out, np_pdf_result *res,
                 np_error *err)
{
    if (res)
        memset(res, 0, sizeof *res);
    pdf_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.o = opts;
    ctx.c = c;
    ctx.lead = -1;
    int rc = NP_OK;
    pdf_told told = {0, 0};
    pdf_items_facts facts;
    ctx.pdf = HPDF_New(hpdf_error, &ctx);
    if (!ctx.pdf)
        return np_error_set(err, NP_ERR_MEMORY, NULL, 0, "libharu cannot create a document");
    HPDF_SetCompressionMode(ctx.pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(ctx.pdf);
    HPDF_SetCurrentEncoder(ctx.pdf, "UTF-8");
    ctx.pf = pf_new(ctx.pdf);
    np_buf warn = NP_BUF_INIT;
    rc = pdf_style_load(&ctx.st, opts->style, ctx.pf, &warn, err);
    if (warn.len) {
        /* one warning per line */
        char *s = warn.data;
        while (s && *s) {
            char *nl = strchr(s, '\n');
            if (nl)
                *nl = 0;
            pdf_warn(&ctx, opts->style ? np_style_path(opts->style) : NULL, 0, "%s", s);
            s = nl ? nl + 1 : NULL;
        }
    }
    np_buf_free(&warn);
    if (rc != NP_OK)
        goto done;
    /* the main faces must load: without a body font there is no paper */
    if (!pf_font(ctx.pf, ctx.st.r[R_BODY].face[0])) {
        rc = np_error_set(err, NP_ERR_IO, NULL, 0, "the body font cannot be used: %s",
                          pf_errors(ctx.pf));
        goto done;
    }
    /* what reading freed goes back first: the readers' threads parse and
     * deliver the items, in their own malloc arenas, which the e-paper's
     * allocations (this thread's) would not reuse */
    np_mem_give_back();
    edition_dates(&ctx);
    np_sections_build(&ctx.sections, c, opts->section_by, ctx.st.lang);
    ctx.stories = np_xrealloc(NULL, (c->n ? c->n : 1) * sizeof *ctx.stories);
    memset(ctx.stories, 0, (c->n ? c->n : 1) * sizeof *ctx.stories);
    ctx.order = np_xrealloc(NULL, (c->n ? c->n : 1) * sizeof *ctx.order);
    for (size_t si = 0; si < ctx.sections.n; si++)
        for (size_t k = 0; k < ctx.sections.v[si].n; k++) {
            size_t i = ctx.sections.v[si].items[k];
            if (i >= c->n || ctx.stories[i])
                continue;
            ctx.stories[i] = pdf_story_new(&ctx, i);
            ctx.order[ctx.norder++] = (int)i;
        }
    items_facts(&ctx, &facts);
    if (opts->park_items)
        park_items(&ctx);
    rc = pdf_make_pages(&ctx, err);
    if (rc != NP_OK)
        goto done;
    for (size_t i = 0; i < ctx.norder && ctx.lead < 0; i++)
        if (ctx.stories[ctx.order[i]]->on_front)
            ctx.lead = ctx.order[i];
    if (!ctx.npages) {
        /* nothing selected: one page with the masthead or folio only */
        pdf_page_add(&ctx, -1, NULL);
    }
    rc = pdf_draw(&ctx, err);
    if (rc == NP_OK)
        rc = pdf_page_boxes(&ctx, err);
    if (rc != NP_OK)
        goto done;
    /* the pages are finished: their keys kept as bytes (pdf_freeze.c),
     * before the outline, about 2 KB of libharu's per story */
    pdf_freeze_pages(&ctx);
    /* only the reports read the stories after the information: the
     * outline frees each once its entry is made */
    int release = !opts->fonts_report && !opts->layout_report;
    stories_told(&ctx, &told);
    pdf_navigation(&ctx, release);
    rc = doc_info(&ctx, &facts, told.stories, err);
    if (rc != NP_OK)
        goto done;
    if (release)
        stories_release(&ctx);
    pf_complete_subsets(ctx.pf);
    if (pf_errors(ctx.pf)[0])
        pdf_warn(&ctx, NULL, 0, "%s", pf_errors(ctx.pf));
    rc = pdf_tounicode(&ctx, err);
    if (rc == NP_OK)
        rc = pdf_subset_fonts(&ctx, err);
    if (rc == NP_OK)
        rc = pdf_flate_pages(&ctx, err);
    if (rc != NP_OK)
        goto done;
    /* saved straight into the sink: the document is never whole in memory */
    ctx.pdf->stream = HPDF_CallbackWriter_New(ctx.pdf->mmgr, sink_write, out);
    if (!ctx.pdf->stream || HPDF_SaveToStream(ctx.pdf) != HPDF_OK) {
        if (out->failed)
            rc = np_error_set(err, NP_ERR_IO, NULL, 0, "cannot write the PDF");
        else
            rc = np_error_set(err, NP_ERR_INTERNAL, NULL, 0,
                              "libharu cannot save the PDF (error 0x%04X)",
                              (unsigned)HPDF_GetError(ctx.pdf));
        goto done;
    }
    if (res) {
        res->pages = ctx.npages;
        res->bytes = out->bytes;
        res->stories = told.stories;
        res->jumps = told.jumps;
        res->pictures = ctx.pics_drawn; /* the display list is flushed by now */
        res->warnings = ctx.warnings;
    }
    if (opts->fonts_report)
        fonts_report(&ctx, opts->fonts_report);
    if (opts->layout_report)
        layout_report(&ctx, opts->layout_report);
done:
    ctx_free(&ctx);
    return rc;
}

int np_pdf_build(const np_collection *c, const np_pdf_opts *opts, np_buf *out,
                 np_pdf_result *res, np_error *err)
{
    np_buf_reset(out);
    sink k = {out, NULL, 0, 0};
    return build(c, opts, &k, res, err);
}

int np_pdf_write(const np_collection *c, const np_pdf_opts *opts, const char *path,
                 np_pdf_result *res, np_error *err)
{
    np_outfile of;
    int rc = np_outfile_open(&of, path, err);
    if (rc != NP_OK)
        return rc;
    /* streamed from libharu's memory stream into the temporary file */
    sink k = {NULL, of.fp, 0, 0};
    rc = build(c, opts, &k, res, err);
    if (rc != NP_OK && ferror(of.fp)) {
        /* a failed write (a full disk): the commit fails as well, removes
         * the temporary and names the output and the reason */
        np_error_clear(err);
        rc = np_outfile_commit(&of, err);
        return rc != NP_OK ? rc : np_error_set(err, NP_ERR_IO, path, 0, "cannot write output");
    }
    if (rc == NP_OK)
        rc = np_outfile_commit(&of, err);
    else
        np_outfile_abort(&of);
    return rc;
}
