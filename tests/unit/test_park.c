/* Unit tests: parking bodies (newsprint/park.h) and the body outline — a
 * parked body reads back as it was, the outline outlives the body, a
 * digest made from parked (and compacted) items is the digest made from
 * items in memory. */
#include "unit.h"

#include "newsprint/park.h"
#include "newsprint/render_epub.h"

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

static np_item *read_story(void)
{
    ut_got g;
    memset(&g, 0, sizeof g);
    np_read_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.on_item = ut_keep_item;
    ro.ud = &g;
    np_error err = NP_ERROR_INIT;
    assert_int_equal(np_newsml_read_memory(story_xml, sizeof story_xml - 1, "park.xml", &ro, &err),
                     NP_OK);
    assert_int_equal(g.n, 1);
    np_error_clear(&err);
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

/* The one-item digests of `a` and `b` are the same bytes. */
static void same_digest(np_item *a, np_item *b, np_error *err)
{
    np_epub_opts o;
    memset(&o, 0, sizeof o);
    o.modified = np_time_from_epoch(1795824000);
    np_buf z1 = NP_BUF_INIT, z2 = NP_BUF_INIT;
    np_item *i1[1] = {a}, *i2[1] = {b};
    np_collection c1 = {i1, NULL, 1, NULL}, c2 = {i2, NULL, 1, NULL};
    assert_int_equal(np_epub_build(&c1, &o, &z1, err), NP_OK);
    assert_int_equal(np_epub_build(&c2, &o, &z2, err), NP_OK);
    assert_int_equal(z1.len, z2.len);
    assert_memory_equal(z1.data, z2.data, z1.len);
    np_buf_free(&z1);
    np_buf_free(&z2);
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

/* A compacted item's metadata parked: the stub keeps its numbers, guid
 * and the outline's flags; read back, the item is whole again (outline,
 * figures, body in the spool); and a digest that parks its items
 * (park_items) is the digest of the items in memory. */
static void test_park_meta(void **state)
{
    (void)state;
    np_item *kept, *parked;
    np_body_spool *s = kept_and_parked(&kept, &parked);
    np_item *c = np_item_compact(parked);
    np_error err = NP_ERROR_INIT;
    np_item *stub = np_item_park_meta(c, s, &err);
    assert_non_null(stub);
    assert_null(np_item_park_meta(kept, s, &err)); /* not compacted */
    same_str(stub->guid, kept->guid);
    same_str(stub->source, kept->source);
    assert_null(stub->headline);
    assert_null(stub->provider);
    assert_int_equal(stub->version, kept->version);
    assert_int_equal(np_item_has_body_words(stub), np_item_has_body_words(kept));
    np_item *full;
    assert_int_equal(np_item_meta_open(stub, &full, &err), NP_OK);
    same_str(full->headline, kept->headline);
    same_str(full->provider->literal, kept->provider->literal);
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
    np_item_free(stub);

    np_epub_opts eo;
    memset(&eo, 0, sizeof eo);
    eo.modified = np_time_from_epoch(1795824000);
    np_buf z1 = NP_BUF_INIT, z2 = NP_BUF_INIT;
    np_item *i1[1] = {kept}, *i2[1] = {c};
    np_collection c1 = {i1, NULL, 1, NULL}, c2 = {i2, NULL, 1, NULL};
    assert_int_equal(np_epub_build(&c1, &eo, &z1, &err), NP_OK);
    eo.park_items = 1;
    assert_int_equal(np_epub_build(&c2, &eo, &z2, &err), NP_OK);
    assert_non_null(c2.items[0]->parked_meta); /* a stub now */
    assert_int_equal(z1.len, z2.len);
    assert_memory_equal(z1.data, z2.data, z1.len);
    np_buf_free(&z1);
    np_buf_free(&z2);
    np_item_free(kept);
    np_item_free(c2.items[0]);
    np_body_spool_free(s);
    np_error_clear(&err);
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
