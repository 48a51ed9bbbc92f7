/* Unit tests: parking bodies (newsprint/park.h) and the body outline — a
 * parked body reads back as it was, the outline outlives the body, a
 * digest and an e-paper made from parked (and compacted) items are those
 * made from the items in memory. */
#include "unit.h"

#include "newsprint/batch.h"
#include "newsprint/park.h"
#include "newsprint/render_epub.h"
#include "newsprint/render_pdf.h"
#include "model/park_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

static const char story_xml[] =
    "<newsItem xmlns='http://iptc.org/std/nar/2006-10-01/' guid='urn:t:park' "
    "version='1'"
    " standard='NewsML-G2' standardversion='2.35' xml:lang='en'>"
    "<itemMeta><itemClass qcode='ninat:text'/><provider literal='T'/>"
    "<versionCreated>2026-11-16T10:00:00Z</versionCreated></itemMeta>"
    "<contentMeta><contentCreated>2026-11-16T09:00:00Z</contentCreated>"
    "<headline>Parked</headline></contentMeta>"
    "<contentSet><inlineXML contenttype='application/xhtml+xml'>"
    "<html xmlns='http://www.w3.org/1999/xhtml'><body>"
    "<h3>Third level</h3>"
    "<blockquote><p>Quoted <em>words</em> first.</p></blockquote>"
    "<p>Go <a href='https://example.org/x'>there</a> <strong>now</strong>.</p>"
    "<figure><img src='one.jpg' alt='The first' width='640' height='480'/>"
    "<figcaption>First caption</figcaption></figure>"
    "<h2>Second level</h2>"
    "<ul><li>one</li><li>two</li></ul>"
    "<p xml:lang='fr'>Un passage en fran\xc3\xa7"
    "ais.</p>"
    "<table><tr><th>Team</th><th>Points</th></tr><tr><td>A</td><td>12</td></"
    "tr></table>"
    "<figure><img src='two.png' "
    "alt=''/><figcaption>Second</figcaption></figure>"
    "<pre>line one\nline two</pre>"
    "<p dir='rtl' lang='ur'>\xd8\xa7\xd8\xb1\xd8\xaf\xd9\x88</p>"
    "</body></html></inlineXML></contentSet></newsItem>";

/* The `n` items of `xml`, read as if from file `name`, into *g. */
static void read_items(const char *xml, size_t len, const char *name, int n, ut_got *g)
{
    memset(g, 0, sizeof *g);
    np_read_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.on_item = ut_keep_item;
    ro.ud = g;
    np_error err = NP_ERROR_INIT;
    assert_int_equal(np_newsml_read_memory(xml, len, name, &ro, &err), NP_OK);
    assert_int_equal(g->n, n);
    np_error_clear(&err);
}

static np_item *read_story(void)
{
    ut_got g;
    read_items(story_xml, sizeof story_xml - 1, "park.xml", 1, &g);
    return g.items[0];
}

/* The story read twice: `*kept` as read, `*parked` with its body parked in
 * a new spool (returned; free it after the items). */
static np_body_spool *kept_and_parked(np_item **kept, np_item **parked)
{
    *kept = read_story();
    *parked = read_story();
    np_error err = NP_ERROR_INIT;
    np_body_spool *s = np_body_spool_new(&err);
    assert_non_null(s);
    np_buf frozen = NP_BUF_INIT;
    np_body_freeze((*parked)->body, &frozen);
    assert_true(frozen.len > 0);
    assert_int_equal(np_item_park_body(*parked, s, &frozen, &err), NP_OK);
    assert_null((*parked)->body);
    assert_true(np_item_has_body(*parked));
    np_buf_free(&frozen);
    return s;
}

static void same_str(const char *a, const char *b)
{
    if (!a || !b)
        assert_ptr_equal(a, b);
    else
        assert_string_equal(a, b);
}

static void same_inlines(const np_inline *a, const np_inline *b)
{
    for (; a && b; a = a->next, b = b->next) {
        assert_int_equal(a->kind, b->kind);
        same_str(a->text, b->text);
        same_str(a->href, b->href);
        same_inlines(a->children, b->children);
    }
    assert_ptr_equal(a, b); /* both lists end together */
}

static void same_blocks(const np_block *a, const np_block *b)
{
    for (; a && b; a = a->next, b = b->next) {
        assert_int_equal(a->kind, b->kind);
        assert_int_equal(a->level, b->level);
        assert_int_equal(a->ordered, b->ordered);
        assert_int_equal(a->header, b->header);
        assert_int_equal(a->width, b->width);
        assert_int_equal(a->height, b->height);
        assert_int_equal(a->line, b->line);
        same_str(a->src, b->src);
        same_str(a->alt, b->alt);
        same_str(a->credit, b->credit);
        same_str(a->lang, b->lang);
        same_str(a->dir, b->dir);
        same_inlines(a->inl, b->inl);
        same_blocks(a->children, b->children);
    }
    assert_ptr_equal(a, b);
}

static void test_round_trip(void **state)
{
    (void)state;
    np_item *kept, *parked;
    np_body_spool *s = kept_and_parked(&kept, &parked);
    np_error err = NP_ERROR_INIT;
    const np_block *back;
    np_body_loan loan;
    assert_int_equal(np_item_body_open(parked, &back, &loan, &err), NP_OK);
    same_blocks(kept->body, back);
    /* figures are numbered in document order, as the outline's copies */
    int figures = 0;
    for (const np_block *b = back; b; b = b->next)
        if (b->kind == NP_BLK_FIGURE)
            assert_int_equal(b->seq, ++figures);
    assert_int_equal(figures, 2);
    np_item_body_close(&loan);

    /* the text converters' view of a parked body is the same too */
    np_buf t1 = NP_BUF_INIT, t2 = NP_BUF_INIT;
    np_item_body_text(kept, &t1);
    np_item_body_text(parked, &t2);
    assert_string_equal(t1.data, t2.data);
    np_buf_free(&t1);
    np_buf_free(&t2);
    np_item_free(kept);
    np_item_free(parked);
    np_body_spool_free(s);
}

static void test_outline_outlives_the_body(void **state)
{
    (void)state;
    np_item *kept, *parked;
    np_body_spool *s = kept_and_parked(&kept, &parked);
    const np_body_outline *a = np_item_body_outline(kept), *b = np_item_body_outline(parked);
    assert_int_equal(a->top_heading, 2);
    assert_int_equal(b->top_heading, 2);
    assert_true(a->has_text && b->has_text);
    assert_true(a->has_words && b->has_words);
    assert_true(np_item_has_body_words(parked));
    /* the first paragraph is the quote's, inside the blockquote */
    assert_non_null(b->first_para);
    same_inlines(a->first_para->inl, b->first_para->inl);
    assert_int_equal(b->nfigures, 2);
    for (size_t i = 0; i < 2; i++) {
        same_str(a->figures[i]->src, b->figures[i]->src);
        same_str(a->figures[i]->alt, b->figures[i]->alt);
        same_inlines(a->figures[i]->inl, b->figures[i]->inl);
        assert_int_equal(b->figures[i]->seq, (int)i + 1);
    }
    assert_int_equal(b->nlangs, a->nlangs);
    assert_true(b->nlangs >= 2);
    for (size_t i = 0; i < b->nlangs; i++)
        assert_string_equal(a->langs[i], b->langs[i]);
    np_item_free(kept);
    np_item_free(parked);
    np_body_spool_free(s);
}

/* `a` and `b` hold the same bytes; both are freed. */
static void same_bytes(np_buf *a, np_buf *b)
{
    assert_int_equal(a->len, b->len);
    assert_memory_equal(a->data, b->data, a->len);
    np_buf_free(a);
    np_buf_free(b);
}

/* The one-item digests of `a` and `b` are the same bytes. */
static void same_digest(np_item *a, np_item *b, np_error *err)
{
    np_epub_opts o;
    memset(&o, 0, sizeof o);
    o.modified = np_time_from_epoch(1795824000);
    np_buf z1 = NP_BUF_INIT, z2 = NP_BUF_INIT;
    np_item *i1[1] = {a}, *i2[1] = {b};
    np_collection c1 = {.items = i1, .n = 1}, c2 = {.items = i2, .n = 1};
    assert_int_equal(np_epub_build(&c1, &o, &z1, err), NP_OK);
    assert_int_equal(np_epub_build(&c2, &o, &z2, err), NP_OK);
    same_bytes(&z1, &z2);
}

/* The digest of a parked item is byte for byte the digest of the same item
 * in memory: the planning reads only the outline, the writing the body
 * read back, and the figures match by their numbers. */
static void test_digest_same_when_parked(void **state)
{
    (void)state;
    np_item *kept, *parked;
    np_body_spool *s = kept_and_parked(&kept, &parked);
    np_error err = NP_ERROR_INIT;
    same_digest(kept, parked, &err);
    np_item_free(kept);
    np_item_free(parked);
    np_body_spool_free(s);
    np_error_clear(&err);
}

/* A compacted item keeps what the converters read, in one allocation:
 * its metadata equal to the original's, its outline intact (the first
 * paragraph too, with no summary), and the digest made from it is the
 * digest of the item in memory. */
static void test_compact(void **state)
{
    (void)state;
    np_item *kept, *parked;
    np_body_spool *s = kept_and_parked(&kept, &parked);
    np_item *c = np_item_compact(parked);
    assert_non_null(c);
    same_str(c->guid, kept->guid);
    same_str(c->headline, kept->headline);
    same_str(c->source, kept->source);
    same_str(c->lang, kept->lang);
    assert_int_equal(c->version, kept->version);
    assert_null(c->headlines); /* left out: nothing reads it */
    assert_non_null(c->provider);
    same_str(c->provider->literal, kept->provider->literal);
    assert_true(np_item_has_body(c));
    const np_body_outline *o = np_item_body_outline(c), *ko = np_item_body_outline(kept);
    assert_int_equal(o->nfigures, ko->nfigures);
    assert_int_equal(o->nlangs, ko->nlangs);
    assert_int_equal(o->top_heading, ko->top_heading);
    assert_non_null(o->first_para); /* no summary: it stands in for one */
    for (size_t i = 0; i < o->nfigures; i++) {
        same_str(o->figures[i]->src, ko->figures[i]->src);
        same_str(o->figures[i]->alt, ko->figures[i]->alt);
    }
    /* the body reads back from the spool as before */
    const np_block *body;
    np_body_loan loan;
    np_error err = NP_ERROR_INIT;
    assert_int_equal(np_item_body_open(c, &body, &loan, &err), NP_OK);
    same_blocks(body, kept->body);
    np_item_body_close(&loan);

    same_digest(kept, c, &err);
    np_item_free(kept);
    np_item_free(c);
    np_body_spool_free(s);
    np_error_clear(&err);
}

/* An item whose body is still in memory is not compacted: it is returned
 * as it is. */
static void test_compact_keeps_a_body_in_memory(void **state)
{
    (void)state;
    np_item *it = read_story();
    assert_ptr_equal(np_item_compact(it), it);
    assert_non_null(it->body);
    np_item_free(it);
}

/* A compacted item's metadata parked: the stub keeps its guid, class,
 * source and line; read back, the item is whole again (outline, figures,
 * body in the spool); an item not compacted is not parked. */
static void test_park_meta(void **state)
{
    (void)state;
    np_item *kept, *parked;
    np_body_spool *s = kept_and_parked(&kept, &parked);
    np_item *c = np_item_compact(parked);
    np_error err = NP_ERROR_INIT;
    np_item_stub stub, none;
    assert_int_equal(np_item_park_meta(c, s, &stub, &err), NP_OK);
    assert_int_equal(np_item_park_meta(kept, s, &none, &err), NP_ERR_INVALID); /* not compacted */
    assert_null(err.message);
    assert_null(none.meta.spool);
    same_str(stub.guid, kept->guid);
    same_str(stub.source, kept->source);
    assert_int_equal(stub.line, kept->line);
    assert_int_equal(stub.item_class, kept->item_class);
    np_item *full;
    assert_int_equal(np_item_meta_open(&stub, &full, &err), NP_OK);
    /* read back into one block of the size parked (not counted again):
     * parked again, it is that block */
    np_item_stub again;
    assert_int_equal(np_item_park_meta(full, s, &again, &err), NP_OK);
    assert_int_equal(again.meta.len, stub.meta.len);
    same_str(full->headline, kept->headline);
    same_str(full->provider->literal, kept->provider->literal);
    assert_int_equal(full->version, kept->version);
    assert_int_equal(np_item_has_body_words(full), np_item_has_body_words(kept));
    const np_body_outline *o = np_item_body_outline(full), *ko = np_item_body_outline(kept);
    assert_int_equal(o->nfigures, ko->nfigures);
    for (size_t i = 0; i < o->nfigures; i++)
        same_str(o->figures[i]->src, ko->figures[i]->src);
    const np_block *body;
    np_body_loan loan;
    assert_int_equal(np_item_body_open(full, &body, &loan, &err), NP_OK);
    same_blocks(body, kept->body);
    np_item_body_close(&loan);
    np_item_free(full);
    np_item_free(c);
    np_item_free(kept);
    np_body_spool_free(s);
    np_error_clear(&err);
}

/* Two stories (the less urgent one showing a picture item) and the
 * picture: what the e-paper and the digest read of an item after it is
 * parked (its guid, class, urgency, words, the picture's caption...)
 * must survive, so an e-paper or digest of parked items is the one of the
 * items in memory, byte for byte. */
static const char set_xml[] =
    "<newsMessage xmlns='http://iptc.org/std/nar/2006-10-01/'><header>"
    "<sent>2026-11-16T10:00:00Z</sent></header><itemSet>"
    "<newsItem guid='urn:t:a' version='2' standard='NewsML-G2' standardversion='2.35' "
    "xml:lang='en'><itemMeta><itemClass qcode='ninat:text'/>"
    "<versionCreated>2026-11-16T09:00:00Z</versionCreated>"
    "<link rel='irel:associatedWith' residref='urn:t:pic'/></itemMeta>"
    "<contentMeta><urgency>5</urgency><headline>Harbour reopens after the storm</headline>"
    "<creator><name>Jane Doe</name></creator><dateline>ROTTERDAM, Nov 16</dateline>"
    "</contentMeta><contentSet><inlineXML contenttype='application/xhtml+xml'>"
    "<html xmlns='http://www.w3.org/1999/xhtml'><body>"
    "<p>Ships moved again on Monday as the barrier opened and the pilots went out.</p>"
    "<h2>Queues</h2><p>More than forty vessels waited at anchor overnight.</p>"
    "</body></html></inlineXML></contentSet></newsItem>"
    "<newsItem guid='urn:t:pic' version='1' standard='NewsML-G2' standardversion='2.35' "
    "xml:lang='en'><itemMeta><itemClass qcode='ninat:picture'/>"
    "<versionCreated>2026-11-16T08:00:00Z</versionCreated></itemMeta>"
    "<contentMeta><headline>The harbour</headline>"
    "<description role='drol:caption'>Pilot boats at the barrier.</description>"
    "<creditline>T. Photographer</creditline></contentMeta>"
    "<contentSet><remoteContent href='images/harbour-thumb.png' contenttype='image/png' "
    "width='160' height='120'/></contentSet></newsItem>"
    "<newsItem guid='urn:t:b' version='1' standard='NewsML-G2' standardversion='2.35' "
    "xml:lang='en'><itemMeta><itemClass qcode='ninat:text'/>"
    "<versionCreated>2026-11-16T10:30:00Z</versionCreated></itemMeta>"
    "<contentMeta><urgency>1</urgency><headline>Ferries strike at dawn</headline>"
    "</contentMeta><contentSet><inlineXML contenttype='application/xhtml+xml'>"
    "<html xmlns='http://www.w3.org/1999/xhtml'><body>"
    "<p>The ferries stayed in port as the crews walked out before the first sailing.</p>"
    "</body></html></inlineXML></contentSet></newsItem>"
    "</itemSet></newsMessage>";

/* The set's items, their bodies parked in `s` and compacted, as the
 * programs hold them (named as if in samples/, where the picture is). */
static np_collection set_read(np_body_spool *s)
{
    ut_got g;
    read_items(set_xml, sizeof set_xml - 1, "samples/park-set.xml", 3, &g);
    np_error err = NP_ERROR_INIT;
    np_collection c;
    memset(&c, 0, sizeof c);
    c.n = (size_t)g.n;
    c.items = calloc(c.n, sizeof *c.items);
    np_buf frozen = NP_BUF_INIT;
    for (size_t i = 0; i < c.n; i++) {
        np_item *it = g.items[i];
        if (it->body) {
            np_body_freeze(it->body, &frozen);
            assert_int_equal(np_item_park_body(it, s, &frozen, &err), NP_OK);
        }
        c.items[i] = np_item_compact(it);
    }
    np_buf_free(&frozen);
    np_collection_index(&c);
    return c;
}

static void test_parked_collection(void **state)
{
    (void)state;
    np_error err = NP_ERROR_INIT;
    np_body_spool *s = np_body_spool_new(&err);
    assert_non_null(s);
    np_collection c1 = set_read(s), c2 = set_read(s);

    /* the e-paper, with its layout report (guids, headlines, places) */
    np_pdf_opts po;
    memset(&po, 0, sizeof po);
    po.created = np_time_from_epoch(1795000000);
    np_buf p1 = NP_BUF_INIT, p2 = NP_BUF_INIT, l1 = NP_BUF_INIT, l2 = NP_BUF_INIT;
    po.layout_report = &l1;
    assert_int_equal(np_pdf_build(&c1, &po, &p1, NULL, &err), NP_OK);
    po.layout_report = &l2;
    po.park_items = 1;
    assert_int_equal(np_pdf_build(&c2, &po, &p2, NULL, &err), NP_OK);
    assert_non_null(c2.stubs);
    for (size_t i = 0; i < c2.n; i++)
        assert_null(c2.items[i]); /* parked */
    same_bytes(&l1, &l2);
    same_bytes(&p1, &p2);

    np_collection_free(&c2);

    /* a parked collection still finds, tells and reads back its items */
    c2 = set_read(s);
    np_body_spool *meta = np_collection_park_meta(&c2, NULL, NULL);
    assert_non_null(meta);
    size_t at = np_collection_find_at(&c2, "urn:t:pic");
    assert_int_equal(at, 1);
    assert_null(np_collection_find(&c2, "urn:t:pic")); /* not in memory */
    assert_int_equal(np_collection_find_at(&c2, "urn:t:none"), c2.n);
    assert_int_equal(np_collection_item_class(&c2, at), NP_CLASS_PICTURE);
    assert_string_equal(np_collection_guid(&c2, 2), "urn:t:b");
    assert_string_equal(c2.stubs[at].source, "samples/park-set.xml");
    long line = -1;
    assert_string_equal(np_collection_source(&c2, at, &line), "samples/park-set.xml");
    const np_item *it;
    np_item *full;
    assert_int_equal(np_collection_item_open(&c2, at, &it, &full, &err), NP_OK);
    assert_ptr_equal(it, full);
    assert_int_equal(line, it->line); /* the stub's, as the item's read back */
    assert_true(line > 0);
    assert_string_equal(it->caption, "Pilot boats at the barrier.");
    assert_string_equal(it->creditline, "T. Photographer");
    np_item_free(full);
    assert_int_equal(np_collection_item_open(&c1, at, &it, &full, &err), NP_OK);
    assert_ptr_equal(it, c1.items[at]); /* in memory: itself */
    assert_ptr_equal(np_collection_source(&c1, at, &line), it->source);
    assert_int_equal(line, it->line);
    assert_null(full);
    np_collection_free(&c2);
    np_body_spool_free(meta);

    /* the digest the same way */
    c2 = set_read(s);
    np_epub_opts eo;
    memset(&eo, 0, sizeof eo);
    eo.modified = np_time_from_epoch(1795824000);
    assert_int_equal(np_epub_build(&c1, &eo, &p1, &err), NP_OK);
    eo.park_items = 1;
    assert_int_equal(np_epub_build(&c2, &eo, &p2, &err), NP_OK);
    assert_null(c2.items[0]); /* parked */
    same_bytes(&p1, &p2);

    np_collection_free(&c1);
    np_collection_free(&c2);
    np_body_spool_free(s);
    np_error_clear(&err);
}

/* The set as a file in a new folder, the picture beside it when the
 * samples are at hand (else both e-papers below go without it). */
static void set_write(char *dir)
{
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/park-set.xml", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(set_xml, 1, sizeof set_xml - 1, f), sizeof set_xml - 1);
    assert_int_equal(fclose(f), 0);
    snprintf(path, sizeof path, "%s/images", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    FILE *in = fopen("samples/images/harbour-thumb.png", "rb");
    if (!in)
        return;
    snprintf(path, sizeof path, "%s/images/harbour-thumb.png", dir);
    FILE *out = fopen(path, "wb");
    assert_non_null(out);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

/* A stub's source is its input's name, and a copy that lasts: not the
 * buffer np_sources_name() writes each name into (every stub would then
 * name the last input asked about, and point at freed memory once that
 * buffer grows). */
static void stub_source_kept(const np_collection *c, size_t i, const char *dir)
{
    char want[300];
    snprintf(want, sizeof want, "%s/park-set.xml", dir);
    assert_string_equal(c->stubs[i].source, want);
    size_t file_no = c->entries[i]->file_no;
    assert_ptr_equal(c->stubs[i].source, np_sources_name_kept(c->sources, file_no));
    assert_ptr_not_equal(c->stubs[i].source, np_sources_name(c->sources, file_no));
}

/* The folder's items as a batch collects them, holding them from the
 * first pass or not, their metadata parked as they come (park_meta) or
 * not. */
static void batch_collect(char *dir, int hold, int park_meta, np_batch *b, np_collection *c)
{
    char *inputs[] = {dir};
    np_select_opts sel;
    memset(&sel, 0, sizeof sel);
    np_batch_opts o;
    memset(&o, 0, sizeof o);
    o.sel = &sel;
    o.jobs = 2;
    o.hold = hold;
    o.park = o.compact = 1;
    o.park_meta = park_meta;
    assert_int_equal(np_batch_start(b, inputs, 1, &o), NP_OK);
    assert_int_equal(np_batch_collect(b, c), NP_OK);
    assert_int_equal(c->n, 3);
    for (size_t i = 0; i < c->n; i++)
        assert_true(park_meta ? !c->items[i] && c->stubs[i].meta.spool : c->items[i] != NULL);
    for (size_t i = 0; park_meta && i < c->n; i++)
        stub_source_kept(c, i, dir);
}

/* The e-paper (and its layout report) of the folder's items as
 * batch_collect() has them. */
static void batch_pdf(char *dir, int hold, int park_meta, np_buf *pdf, np_buf *layout)
{
    np_batch b;
    np_collection c;
    batch_collect(dir, hold, park_meta, &b, &c);
    assert_int_equal(np_collection_find_at(&c, "urn:t:pic"), 1);
    np_pdf_opts po;
    memset(&po, 0, sizeof po);
    po.created = np_time_from_epoch(1795000000);
    po.layout_report = layout;
    po.park_items = 1;
    np_error err = NP_ERROR_INIT;
    assert_int_equal(np_pdf_build(&c, &po, pdf, NULL, &err), NP_OK);
    np_collection_free(&c);
    np_batch_close(&b);
}

/* Items parked as the batch holds or collects them make the e-paper of
 * the items kept in memory, byte for byte. */
static void test_batch_parks_items(void **state)
{
    (void)state;
    char dir[] = "/tmp/np-park-XXXXXX";
    set_write(dir);
    for (int hold = 0; hold <= 1; hold++) {
        np_buf p1 = NP_BUF_INIT, p2 = NP_BUF_INIT, l1 = NP_BUF_INIT, l2 = NP_BUF_INIT;
        batch_pdf(dir, hold, 0, &p1, &l1);
        batch_pdf(dir, hold, 1, &p2, &l2);
        same_bytes(&l1, &l2);
        same_bytes(&p1, &p2);
    }
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* What np_collection_park_meta_taking() showed `take`. */
typedef struct taken {
    const np_collection *c;
    size_t n;
    char guids[3][16];
} taken;

static void take_one(void *ud, size_t i, const np_item *it)
{
    taken *t = ud;
    assert_int_equal(i, t->n); /* in order, each once */
    assert_ptr_equal(it, t->c->items[i]); /* in memory still */
    snprintf(t->guids[t->n++], sizeof t->guids[0], "%s", it->guid);
}

/* A batch's collection parked whole: `take` sees each item before it
 * goes, the stubs borrow the selection's guids and the inputs' kept
 * names (the same pointers), and the digest parked while it is written is
 * that of the items in memory, byte for byte. */
static void test_batch_collection_parked(void **state)
{
    (void)state;
    char dir[] = "/tmp/np-park-XXXXXX";
    set_write(dir);
    for (int hold = 0; hold <= 1; hold++) {
        np_batch b;
        np_collection c;
        batch_collect(dir, hold, 0, &b, &c);
        taken t = {&c, 0, {{0}}};
        np_body_spool *s = np_collection_park_meta_taking(&c, take_one, NULL, &t);
        assert_non_null(s);
        assert_int_equal(t.n, 3);
        for (size_t i = 0; i < c.n; i++) {
            assert_null(c.items[i]);
            assert_string_equal(t.guids[i], c.stubs[i].guid);
            assert_ptr_equal(c.stubs[i].guid, c.entries[i]->guid);
            stub_source_kept(&c, i, dir);
        }
        np_collection_free(&c);
        np_body_spool_free(s);
        np_batch_close(&b);

        np_buf e1 = NP_BUF_INIT, e2 = NP_BUF_INIT;
        np_epub_opts eo;
        memset(&eo, 0, sizeof eo);
        eo.modified = np_time_from_epoch(1795824000);
        np_error err = NP_ERROR_INIT;
        for (int park = 0; park <= 1; park++) {
            batch_collect(dir, hold, 0, &b, &c);
            eo.park_items = park;
            assert_int_equal(np_epub_build(&c, &eo, park ? &e2 : &e1, &err), NP_OK);
            assert_true(park ? !c.items[0] : c.items[0] != NULL);
            np_collection_free(&c);
            np_batch_close(&b);
        }
        same_bytes(&e1, &e2);
        np_error_clear(&err);
    }
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* The spool gathers small records before it writes them: each record is
 * read back as written, gathered or written, small or large; once the
 * file cannot grow (RLIMIT_FSIZE), what was gathered stays readable and
 * later records are refused with a message. */
enum { SPOOL_RECORDS = 400 };

static void spool_record(np_buf *b, int i)
{
    np_buf_reset(b);
    size_t n = i % 97 == 0 ? 70000 + (size_t)i : 200 + (size_t)(i * 37 % 1800);
    for (size_t k = 0; k < n; k++)
        np_buf_putc(b, (char)('a' + (i + k) % 26));
}

static void spool_round(int limited)
{
    np_error err = NP_ERROR_INIT;
    np_body_spool *s = np_body_spool_new(&err);
    assert_non_null(s);
    struct rlimit old, low;
    void (*was)(int) = SIG_DFL;
    if (limited) {
        was = signal(SIGXFSZ, SIG_IGN);
        assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
        low = old;
        low.rlim_cur = 200 * 1024;
        assert_int_equal(setrlimit(RLIMIT_FSIZE, &low), 0);
    }
    np_parked pk[SPOOL_RECORDS];
    int ok[SPOOL_RECORDS], refused = 0;
    np_buf b = NP_BUF_INIT;
    for (int i = 0; i < SPOOL_RECORDS; i++) {
        spool_record(&b, i);
        ok[i] = np_spool_write(s, &b, &pk[i], "x.xml", i + 1, &err) == NP_OK;
        if (!ok[i]) {
            refused++;
            assert_non_null(strstr(err.message, "cannot park the body in a temporary file"));
            np_error_clear(&err);
        }
    }
    if (limited)
        assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0), signal(SIGXFSZ, was);
    int kept = 0;
    for (int i = 0; i < SPOOL_RECORDS; i++) {
        if (!ok[i])
            continue;
        spool_record(&b, i);
        unsigned char *back = np_parked_read(&pk[i]);
        assert_non_null(back);
        assert_int_equal(pk[i].len, b.len);
        if (memcmp(back, b.data, b.len))
            fail_msg("record %d read back wrong (limited %d)", i, limited);
        free(back);
        kept++;
    }
    if (limited)
        assert_true(refused > 0 && kept > 50); /* the file filled; what it took is kept */
    else
        assert_int_equal(kept, SPOOL_RECORDS);
    np_buf_free(&b);
    np_body_spool_free(s);
}

static void test_spool_gathers(void **state)
{
    (void)state;
    spool_round(0);
    spool_round(1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_outline_outlives_the_body),
        cmocka_unit_test(test_digest_same_when_parked),
        cmocka_unit_test(test_compact),
        cmocka_unit_test(test_compact_keeps_a_body_in_memory),
        cmocka_unit_test(test_park_meta),
        cmocka_unit_test(test_parked_collection),
        cmocka_unit_test(test_batch_parks_items),
        cmocka_unit_test(test_batch_collection_parked),
        cmocka_unit_test(test_spool_gathers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
