/* Unit tests of the PDF renderer's pieces: UTF-8/UTF-16, fonts (fontconfig
 * coverage, fallback search, libharu metrics), the page style, paragraphs
 * (measuring with Arabic shaping, hyphenated justified lines), and whole
 * builds (a valid, reproducible PDF; the layout report). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "newsprint/newsprint.h"
#include "newsprint/render_pdf.h"
#include "pdf/pdf.h"

#include <hpdf_objects.h>
#include <hpdf_pages.h>

void pdf_utf16be(const char *s, np_buf *out);

/* ---- a minimal context over a fresh document -------------------------------- */

typedef struct fixture {
    pdf_ctx ctx;
    np_pdf_opts o;
    int warnings;
} fixture;

static void count_issue(void *ud, const np_error *e)
{
    (void)e;
    ((fixture *)ud)->warnings++;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->o.on_issue = count_issue;
    f->o.ud = f;
    f->ctx.o = &f->o;
    f->ctx.pdf = HPDF_New(NULL, NULL);
    HPDF_UseUTFEncodings(f->ctx.pdf);
    HPDF_SetCurrentEncoder(f->ctx.pdf, "UTF-8");
    f->ctx.pf = pf_new(f->ctx.pdf);
    np_buf warn = NP_BUF_INIT;
    np_error err = NP_ERROR_INIT;
    int rc = pdf_style_load(&f->ctx.st, NULL, f->ctx.pf, &warn, &err);
    np_buf_free(&warn);
    np_error_clear(&err);
    if (rc != NP_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    pdf_style_free(&f->ctx.st);
    pf_free(f->ctx.pf);
    HPDF_Free(f->ctx.pdf);
    free(f);
    return 0;
}

/* ---- text encodings ---------------------------------------------------------- */

static void test_utf8(void **state)
{
    (void)state;
    const char *s = "a\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\xff!";
    size_t i = 0, n = strlen(s);
    assert_int_equal(pdf_utf8_next(s, n, &i), 'a');
    assert_int_equal(pdf_utf8_next(s, n, &i), 0xe9);
    assert_int_equal(pdf_utf8_next(s, n, &i), 0x4e2d);
    assert_int_equal(pdf_utf8_next(s, n, &i), 0x1f600);
    assert_int_equal(pdf_utf8_next(s, n, &i), 0xfffd); /* a stray byte */
    assert_int_equal(pdf_utf8_next(s, n, &i), '!');
    assert_int_equal(i, n);
    /* truncated sequence at the end */
    const char *t = "x\xe4\xb8";
    i = 1;
    assert_int_equal(pdf_utf8_next(t, 3, &i), 0xfffd);
    np_buf b = NP_BUF_INIT;
    pdf_utf8_put(&b, 0x4e2d);
    pdf_utf8_put(&b, 0x1f600);
    assert_string_equal(b.data, "\xe4\xb8\xad\xf0\x9f\x98\x80");
    np_buf_free(&b);
}

static void test_utf16(void **state)
{
    (void)state;
    np_buf b = NP_BUF_INIT;
    pdf_utf16be("A\xe2\x80\x94\xf0\x9f\x98\x80", &b);
    const unsigned char want[] = {0xfe, 0xff, 0x00, 0x41, 0x20, 0x14, 0xd8, 0x3d, 0xde, 0x00};
    assert_int_equal(b.len, sizeof want);
    assert_memory_equal(b.data, want, sizeof want);
    np_buf_free(&b);
}

/* ---- fonts -------------------------------------------------------------------- */

static void test_fonts(void **state)
{
    fixture *f = *state;
    pf_fonts *pf = f->ctx.pf;
    int body = f->ctx.st.r[R_BODY].face[0];
    assert_true(body >= 0);
    assert_non_null(strstr(pf_path(pf, body), ".ttf"));
    assert_true(pf_covers(pf, body, 'A'));
    assert_true(pf_covers(pf, body, 0x3b1)); /* Greek alpha */
    assert_false(pf_covers(pf, body, 0x4e2d));
    /* widths from the font itself: M is wider than i */
    assert_true(pf_advance(pf, body, 'M') > pf_advance(pf, body, 'i'));
    assert_true(pf_ascent(pf, body) > 500);
    /* a face for Chinese: the style's CJK font, else whatever fontconfig has */
    int cjk = f->ctx.st.r[R_BODY].cjk;
    if (!pf_covers(pf, cjk, 0x4e2d))
        cjk = pf_search(pf, 0x4e2d, body);
    if (cjk < 0)
        skip();
    assert_true(pf_covers(pf, cjk, 0x4e2d));
    assert_int_equal(pf_search(pf, 0x4e2d, body), pf_search(pf, 0x4e2d, body)); /* cached */
    /* a missing font file is an error, not a crash */
    np_error err = NP_ERROR_INIT;
    assert_int_equal(pf_open(pf, "/nonexistent/font.ttf", NULL, NULL, &err), -1);
    assert_non_null(err.message);
    np_error_clear(&err);
}

/* ---- the style ------------------------------------------------------------------ */

static void test_style_defaults(void **state)
{
    fixture *f = *state;
    const pdf_style *st = &f->ctx.st;
    assert_int_equal(st->g.columns, 6);
    assert_true(st->g.page_w > st->g.m_inner + st->g.m_outer);
    assert_string_equal(st->paper, "The Newsprint Daily");
    for (int r = 0; r < R__COUNT; r++) {
        assert_true(st->r[r].size > 0);
        assert_true(st->r[r].leading >= st->r[r].size * 0.8);
        for (int v = 0; v < 4; v++)
            assert_true(st->r[r].face[v] >= 0);
    }
    /* headline ranks go down in size */
    assert_true(st->r[R_HEAD1].size > st->r[R_HEAD2].size);
    assert_true(st->r[R_HEAD2].size > st->r[R_HEAD3].size);
    assert_true(st->r[R_HEAD3].size > st->r[R_HEAD4].size);
}

static void test_style_refused(void **state)
{
    fixture *f = *state;
    char path[] = "/tmp/np-pdf-style-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *text = "[page]\nwidth = 300\ncolumns = 8\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    np_error err = NP_ERROR_INIT;
    np_style *s = np_style_load(path, &err);
    assert_non_null(s);
    pdf_style ps;
    np_buf warn = NP_BUF_INIT;
    assert_true(pdf_style_load(&ps, s, f->ctx.pf, &warn, &err) < 0);
    assert_non_null(strstr(err.message, "columns"));
    pdf_style_free(&ps);
    np_style_free(s);
    np_buf_free(&warn);
    np_error_clear(&err);
    unlink(path);
}

/* ---- paragraphs ----------------------------------------------------------------- */

static void test_measure(void **state)
{
    fixture *f = *state;
    pt_para p;
    pt_init(&p, &f->ctx, &f->ctx.st.r[R_BODY]);
    pt_adds(&p, "  Two   spaces\tand a tab  ", 0);
    pt_finish(&p);
    assert_string_equal(p.text.data, "Two spaces and a tab"); /* white space collapsed */
    double k = p.role->size / 1000.0;
    int face = p.role->face[0];
    double want = (pf_advance(f->ctx.pf, face, 'T') + pf_advance(f->ctx.pf, face, 'w') +
                   pf_advance(f->ctx.pf, face, 'o')) * k;
    assert_true(fabs(pt_measure(&p, 0, 3) - want) < 1e-6);
    pt_free(&p);
}

static void test_arabic_shaped_width(void **state)
{
    fixture *f = *state;
    const pdf_role *r = &f->ctx.st.r[R_BODY];
    if (!pf_covers(f->ctx.pf, r->arabic[0], 0xfee3))
        skip();
    pt_para p;
    pt_init(&p, &f->ctx, r);
    p.rtl = 1;
    pt_adds(&p, "\xd9\x85\xd9\x85\xd9\x85", 0); /* meem meem meem: joined forms */
    pt_finish(&p);
    assert_true(p.bidi);
    double shaped = pt_measure(&p, 0, p.text.len);
    double isolated = 3 * pf_advance(f->ctx.pf, r->arabic[0], 0x645) * r->size / 1000.0;
    assert_true(shaped > 0);
    assert_true(fabs(shaped - isolated) > 0.01); /* the joined forms were measured */
    pt_free(&p);
}

static void test_justified_hyphenated(void **state)
{
    fixture *f = *state;
    np_hyphenator *h = np_hyphenator_load("en-US", NULL);
    if (!h)
        skip();
    pdf_story s;
    memset(&s, 0, sizeof s);
    s.hyph = h;
    pt_para p;
    pt_init(&p, &f->ctx, &f->ctx.st.r[R_BODY]);
    p.story = &s;
    p.align = PT_JUSTIFY;
    p.lang = "en-US";
    pt_adds(&p, "Internationalization of telecommunications infrastructure "
                "notwithstanding, extraordinarily comprehensive reorganizations "
                "characteristically necessitate unprecedented intergovernmental "
                "responsibilities and considerable administrative accountability.", 0);
    pt_finish(&p);
    assert_int_equal(pt_break(&p, 90), NP_OK);
    assert_true(pt_nlines(&p) > 4);
    int hyphens = 0;
    for (size_t i = 0; i < pt_nlines(&p); i++) {
        hyphens += p.lines.v[i].hyphen;
        assert_true(pt_line_width(&p, i) <= 90 + 0.5); /* nothing sticks out */
    }
    assert_true(hyphens > 0);
    pt_free(&p);
    np_hyphenator_free(h);
}

static void test_missing_glyph_noted(void **state)
{
    fixture *f = *state;
    pdf_story s;
    memset(&s, 0, sizeof s);
    pt_para p;
    pt_init(&p, &f->ctx, &f->ctx.st.r[R_BODY]);
    p.story = &s;
    pt_adds(&p, "Khmer \xe1\x9e\x80 here", 0); /* U+1780 */
    pt_finish(&p);
    if (pf_search(f->ctx.pf, 0x1780, -1) >= 0)
        skip(); /* a font has it on this machine */
    assert_non_null(s.missing);
    assert_non_null(strstr(np_buf_cstr(s.missing), "U+1780"));
    assert_int_equal(s.nmissing, 1);
    np_buf_free(s.missing);
    free(s.missing);
    pt_free(&p);
}

/* The short headline is made from the story's headline when asked: a
 * long one cut at its sixth space (an ellipsis), a
 * short one whole, less its closing colon or comma. */
static void test_short_head(void **state)
{
    (void)state;
    pdf_story s;
    memset(&s, 0, sizeof s);
    np_buf b = NP_BUF_INIT;
    char h1[] = "Storm barrier shuts, North Sea surge bears down on Rotterdam";
    s.headline = h1;
    assert_string_equal(pdf_story_short_head(&s, &b), "Storm barrier shuts, North Sea surge\xe2\x80\xa6");
    char h2[] = "Ferries resume";
    s.headline = h2;
    assert_string_equal(pdf_story_short_head(&s, &b), "Ferries resume");
    char h3[] = "Markets slide, then rally:";
    s.headline = h3;
    assert_string_equal(pdf_story_short_head(&s, &b), "Markets slide, then rally");
    np_buf_free(&b);
}

/* ---- whole builds ------------------------------------------------------------------- */

static const char ITEMS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\"><header><sent>2026-11-16T10:00:00Z</sent></header><itemSet>\n"
    "<newsItem guid=\"urn:t:1\" version=\"1\" standard=\"NewsML-G2\" standardversion=\"2.35\" xml:lang=\"en\">"
    "<itemMeta><itemClass qcode=\"ninat:text\"/><versionCreated>2026-11-16T09:00:00Z</versionCreated></itemMeta>"
    "<contentMeta><urgency>2</urgency><headline>Harbour reopens after the storm</headline>"
    "<dateline>ROTTERDAM, Nov 16</dateline></contentMeta>"
    "<contentSet><inlineXML contenttype=\"application/xhtml+xml\"><html xmlns=\"http://www.w3.org/1999/xhtml\"><body>"
    "<p>Ships moved again on Monday as the barrier opened and the pilots went out.</p>"
    "<h2>Queues</h2><p>More than forty vessels waited at anchor overnight.</p>"
    "</body></html></inlineXML></contentSet></newsItem>\n"
    "<newsItem guid=\"urn:t:2\" version=\"1\" standard=\"NewsML-G2\" standardversion=\"2.35\" xml:lang=\"el\">"
    "<itemMeta><itemClass qcode=\"ninat:text\"/><versionCreated>2026-11-16T08:00:00Z</versionCreated></itemMeta>"
    "<contentMeta><urgency>4</urgency><headline>Απεργία στα πλοία</headline></contentMeta>"
    "<contentSet><inlineXML contenttype=\"application/xhtml+xml\"><html xmlns=\"http://www.w3.org/1999/xhtml\"><body>"
    "<p>Δεμένα στα λιμάνια παραμένουν τα πλοία.</p></body></html></inlineXML></contentSet></newsItem>\n"
    "</itemSet></newsMessage>\n";

typedef struct items {
    np_item *v[8];
    size_t n;
} items;

static int take(void *ud, np_item *it)
{
    items *s = ud;
    if (s->n < 8)
        s->v[s->n++] = it;
    else
        np_item_free(it);
    return 0;
}

/* Does the PDF in `b` (binary streams and all) hold `s`? */
static int has(const np_buf *b, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i + n <= b->len; i++)
        if (!memcmp(b->data + i, s, n))
            return 1;
    return 0;
}

static void test_build(void **state)
{
    (void)state;
    items its = {{0}, 0};
    np_read_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.on_item = take;
    ro.ud = &its;
    np_error err = NP_ERROR_INIT;
    assert_int_equal(np_newsml_read_memory(ITEMS, sizeof ITEMS - 1, "/tmp/mem.xml", &ro, &err), NP_OK);
    assert_int_equal(its.n, 2);
    np_collection c = {.items = its.v, .n = its.n};
    np_pdf_opts o;
    memset(&o, 0, sizeof o);
    o.created = np_time_from_epoch(1795000000);
    np_buf layout = NP_BUF_INIT, fonts = NP_BUF_INIT;
    o.layout_report = &layout;
    o.fonts_report = &fonts;
    np_buf a = NP_BUF_INIT, b = NP_BUF_INIT;
    np_pdf_result res;
    assert_int_equal(np_pdf_build(&c, &o, &a, &res, &err), NP_OK);
    assert_true(a.len > 1000);
    assert_memory_equal(a.data, "%PDF-", 5);
    assert_non_null(strstr(a.data + a.len - 8, "%%EOF"));
    assert_int_equal(res.stories, 2);
    assert_true(res.pages >= 1);
    assert_int_equal(res.bytes, a.len);
    assert_non_null(strstr(layout.data, "story\t0\t/tmp/mem.xml:"));
    assert_non_null(strstr(layout.data, "Harbour reopens after the storm"));
    assert_non_null(strstr(fonts.data, "chars\t/tmp/mem.xml:"));
    /* the same again, the stories freed as the outline is made: the same
     * bytes, the outline's entries and the information's story count */
    o.layout_report = o.fonts_report = NULL;
    assert_int_equal(np_pdf_build(&c, &o, &b, NULL, &err), NP_OK);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    assert_true(has(&b, "/Outlines "));
    assert_true(has(&b, "/Type /Outlines\n/First "));      /* the root */
    assert_true(has(&b, "/Title (Harbour reopens after the storm)"));
    assert_true(has(&b, "/Title <FEFF0391"));                /* the Greek headline */
    assert_true(has(&b, ": 2 stories on "));
    /* print pages: one page sequence per article */
    o.article = 1;
    assert_int_equal(np_pdf_build(&c, &o, &b, &res, &err), NP_OK);
    assert_int_equal(res.pages, 2);
    np_buf_free(&a);
    np_buf_free(&b);
    np_buf_free(&layout);
    np_buf_free(&fonts);
    for (size_t i = 0; i < its.n; i++)
        np_item_free(its.v[i]);
}

static void test_build_empty(void **state)
{
    (void)state;
    np_collection c = {.n = 0};
    np_pdf_opts o;
    memset(&o, 0, sizeof o);
    np_buf a = NP_BUF_INIT;
    np_error err = NP_ERROR_INIT;
    np_pdf_result res;
    assert_int_equal(np_pdf_build(&c, &o, &a, &res, &err), NP_OK);
    assert_int_equal(res.pages, 1); /* the front page, masthead only */
    assert_int_equal(res.stories, 0);
    np_buf_free(&a);
}

/* ---- page dictionaries kept as bytes (pdf_freeze.c) ------------------------------ */

enum { FREEZE_NONE, FREEZE_END, FREEZE_DRAWN };

/* Two pages; the first drawn with one font, then (as late texts, links
 * and page boxes come) given a second font, a link and a TrimBox; its
 * keys kept as bytes as `how` says (FREEZE_DRAWN: as the make-up's
 * pdf_flush() does).  The document's bytes into `out`. */
static void freeze_doc(int how, np_buf *out)
{
    np_pdf_opts o;
    memset(&o, 0, sizeof o);
    pdf_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.o = &o;
    ctx.pdf = HPDF_New(NULL, &ctx); /* the page's write hook finds the context so */
    assert_non_null(ctx.pdf);
    ctx.st.g.page_w = 300;
    ctx.st.g.page_h = 400;
    pdf_page_add(&ctx, 0, NULL);
    pdf_page_add(&ctx, 0, NULL);
    HPDF_Page p = ctx.pages[0].hp;
    HPDF_Font a = HPDF_GetFont(ctx.pdf, "Helvetica", NULL);
    HPDF_Font b = HPDF_GetFont(ctx.pdf, "Courier", NULL);
    char name[PDF_FONT_NAME];
    assert_true(pdf_font_name(p, a, name));
    assert_string_equal(name, "F1");
    HPDF_Page_SetLineWidth(p, 2);
    HPDF_Page_MoveTo(p, 10, 10);
    HPDF_Page_LineTo(p, 100, 10);
    HPDF_Page_Stroke(p);
    if (how == FREEZE_DRAWN) {
        pdf_flush(&ctx, 1); /* page 0 is drawn: its content moves to a file */
        /* libharu's keys gone, but the fonts, which the bytes leave room for */
        assert_non_null(ctx.pages[0].frozen);
        assert_true(ctx.pages[0].font_at < ctx.pages[0].frozen_len);
        assert_int_equal(p->list->count, 0);
        assert_non_null(ctx.pages[0].fonts);
        assert_null(((HPDF_PageAttr)p->attr)->fonts);
        /* the content stream's /Length comes back when it is written */
        assert_int_equal(((HPDF_PageAttr)p->attr)->contents->list->count, 0);
    }
    /* what comes after the drawing: a late text's font, a link, the boxes */
    assert_true(pdf_font_name(p, b, name));
    assert_string_equal(name, "F2");
    HPDF_Destination d = HPDF_Page_CreateDestination(ctx.pages[1].hp);
    HPDF_Rect r = {10, 10, 50, 20};
    assert_non_null(HPDF_Page_CreateLinkAnnot(p, r, d));
    np_error err = NP_ERROR_INIT;
    assert_int_equal(pdf_page_boxes(&ctx, &err), NP_OK);
    if (how != FREEZE_NONE) {
        pdf_freeze_pages(&ctx);
        assert_non_null(ctx.pages[0].frozen);
        assert_int_equal(ctx.pages[0].font_at, (size_t)-1);
        assert_int_equal(p->list->count, 0);
    }
    assert_int_equal(HPDF_SaveToStream(ctx.pdf), HPDF_OK);
    HPDF_UINT32 n = HPDF_GetStreamSize(ctx.pdf);
    np_buf_reset(out);
    np_buf_grow(out, n);
    assert_int_equal(HPDF_ReadFromStream(ctx.pdf, (HPDF_BYTE *)out->data, &n), HPDF_OK);
    out->len = n;
    pdf_frozen_free(&ctx);
    HPDF_Free(ctx.pdf);
    free(ctx.pages);
    pdf_spill_close(&ctx);
    pdf_drawn_free(&ctx);
}

static void test_freeze_drawn(void **state)
{
    (void)state;
    np_buf plain = NP_BUF_INIT, end = NP_BUF_INIT, drawn = NP_BUF_INIT;
    freeze_doc(FREEZE_NONE, &plain);
    freeze_doc(FREEZE_END, &end);
    freeze_doc(FREEZE_DRAWN, &drawn);
    np_buf_putc(&plain, 0);
    assert_non_null(strstr(plain.data, "/Font <<\n/F1 "));
    assert_non_null(strstr(plain.data, "/F2 "));
    assert_non_null(strstr(plain.data, "/Annots [ "));
    assert_non_null(strstr(plain.data, "/TrimBox [ 0 0 300 400 ]"));
    plain.len--;
    /* as libharu writes the page, whenever its keys became bytes */
    assert_int_equal(end.len, plain.len);
    assert_memory_equal(end.data, plain.data, plain.len);
    assert_int_equal(drawn.len, plain.len);
    assert_memory_equal(drawn.data, plain.data, plain.len);
    np_buf_free(&plain);
    np_buf_free(&end);
    np_buf_free(&drawn);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_utf16),
        cmocka_unit_test_setup_teardown(test_fonts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_style_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_style_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_measure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_arabic_shaped_width, setup, teardown),
        cmocka_unit_test_setup_teardown(test_justified_hyphenated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_glyph_noted, setup, teardown),
        cmocka_unit_test(test_short_head),
        cmocka_unit_test(test_build),
        cmocka_unit_test(test_build_empty),
        cmocka_unit_test(test_freeze_drawn),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    np_cleanup();
    return rc;
}
