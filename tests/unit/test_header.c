/* Unit tests: header fields from wherever an item carries them, mixed
 * content, display headlines, word counts per script, section names. */
#include "unit.h"

#include "model/words.h"
#include "newsprint/sections.h"

#define NAR "xmlns=\"http://iptc.org/std/nar/2006-10-01/\""

typedef ut_got got;

/* Read one document; every item must come through. */
static void read_doc(const char *xml, got *g)
{
    memset(g, 0, sizeof *g);
    np_read_opts o;
    memset(&o, 0, sizeof o);
    o.on_item = ut_keep_item;
    o.on_issue = ut_count_issue;
    o.ud = g;
    np_error err = NP_ERROR_INIT;
    assert_int_equal(np_newsml_read_memory(xml, strlen(xml), "t.xml", &o, &err), NP_OK);
    assert_true(g->n >= 1);
}

static char *body_text(const np_item *it)
{
    np_buf b = NP_BUF_INIT;
    np_item_body_text(it, &b);
    return np_buf_detach(&b);
}

static void test_nitf_header_fields(void **state)
{
    (void)state;
    got g;
    read_doc("<newsItem " NAR " guid=\"g\"><contentSet><inlineXML>"
             "<nitf><head><title>Title from head</title></head><body><body.head>"
             "<hedline><hl2>A deck</hl2></hedline>"
             "<byline>By<person>Staff Reporter</person><byttl>BusinessDesk</byttl></byline>"
             "<dateline><location>WELLINGTON</location>,<story.date>Nov. 16</story.date></dateline>"
             "<abstract> </abstract></body.head>"
             "<body.content><p>Prices rose.</p></body.content></body></nitf>"
             "</inlineXML></contentSet></newsItem>",
             &g);
    np_item *it = g.items[0];
    assert_string_equal(it->headline, "Title from head");
    assert_string_equal(it->subheadline, "A deck");
    assert_int_equal(g.nwarnings + g.nissues, 0); /* the headline was found */
    np_buf b = NP_BUF_INIT;
    np_meta_byline(it, &b);
    assert_string_equal(b.data, "By Staff Reporter, BusinessDesk");
    np_buf_free(&b);
    assert_string_equal(it->dateline, "WELLINGTON, Nov. 16");
    assert_null(it->summary); /* a whitespace-only abstract is absent */
    char *t = body_text(it);
    assert_string_equal(t, "Prices rose."); /* byline and dateline not repeated */
    free(t);
    ut_got_free(&g);
}

static void test_metadata_first(void **state)
{
    (void)state;
    got g;
    read_doc("<newsItem " NAR " guid=\"g\"><contentMeta><headline>Meta headline</headline>"
             "<creator><name>Jane Doe</name></creator><keyword/><keyword> </keyword>"
             "</contentMeta><contentSet><inlineXML>"
             "<nitf><body><body.head><hedline><hl1>NITF headline</hl1></hedline>"
             "<byline>By <person>Jane Doe</person></byline></body.head>"
             "<body.content><p>Text.</p></body.content></body></nitf>"
             "</inlineXML></contentSet></newsItem>",
             &g);
    np_item *it = g.items[0];
    assert_string_equal(it->headline, "Meta headline");
    assert_null(it->keywords); /* empty keywords are absent */
    np_buf b = NP_BUF_INIT;
    np_meta_byline(it, &b);
    assert_string_equal(b.data, "By Jane Doe");
    np_buf_free(&b);
    char *t = body_text(it);
    /* a differing hl1 stays as body text; the byline the header shows does not */
    assert_string_equal(t, "NITF headline\n\nText.");
    free(t);
    ut_got_free(&g);
}

static void test_xhtml_h1_and_html_title(void **state)
{
    (void)state;
    got g;
    read_doc("<newsItem " NAR " guid=\"g\"><contentSet><inlineXML contenttype=\"application/xhtml+xml\">"
             "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><h1>From the h1</h1>"
             "<p class=\"byline\">By Ana Ruiz</p><p>Words here.</p></body></html>"
             "</inlineXML></contentSet></newsItem>",
             &g);
    assert_string_equal(g.items[0]->headline, "From the h1");
    char *t = body_text(g.items[0]);
    assert_string_equal(t, "Words here.");
    free(t);
    ut_got_free(&g);

    read_doc("<newsItem " NAR " guid=\"g\"><contentSet><inlineData contenttype=\"text/html\">"
             "&lt;html&gt;&lt;head&gt;&lt;title&gt;HTML title&lt;/title&gt;&lt;/head&gt;"
             "&lt;body&gt;&lt;p&gt;Body.&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;"
             "</inlineData></contentSet></newsItem>",
             &g);
    assert_string_equal(g.items[0]->headline, "HTML title");
    ut_got_free(&g);
}

static void test_mixed_content_spaces(void **state)
{
    (void)state;
    got g;
    read_doc("<newsItem " NAR " guid=\"g\"><contentMeta>"
             "<headline>Storm<br/>hits <b>W</b>ellington</headline></contentMeta>"
             "<contentSet><inlineXML><nitf><body><body.content>"
             "<p>Said<person><name.given>Jane</name.given><name.family>Doe</name.family></person>, "
             "of <org>Acme</org>'s board; <b>un</b>usual.</p>"
             "<p>\xe7\x8e\x8b<person>\xe5\xb0\x8f\xe6\x98\x8e</person>\xe8\xaf\xb4</p>"
             "</body.content></body></nitf></inlineXML></contentSet></newsItem>",
             &g);
    /* a line break separates words; a drop cap in <b> does not */
    assert_string_equal(g.items[0]->headline, "Storm hits Wellington");
    char *t = body_text(g.items[0]);
    /* name parts are words; punctuation stays put; Chinese gets no spaces */
    assert_string_equal(t, "Said Jane Doe, of Acme's board; unusual.\n\n"
                           "\xe7\x8e\x8b\xe5\xb0\x8f\xe6\x98\x8e\xe8\xaf\xb4");
    free(t);
    ut_got_free(&g);
}

static void test_display_headline(void **state)
{
    (void)state;
    got g;
    read_doc("<newsItem " NAR " guid=\"g\"><contentSet><inlineXML><nitf><body><body.content>"
             "<p>Ferries stayed in port on Tuesday. Unions said the strike goes on.</p>"
             "</body.content></body></nitf></inlineXML></contentSet></newsItem>",
             &g);
    assert_null(g.items[0]->headline);
    assert_int_equal(g.nwarnings + g.nissues, 1); /* no headline anywhere: warned */
    assert_string_equal(np_item_display_headline(g.items[0]), "Ferries stayed in port on Tuesday.");
    int ours = 1;
    assert_string_equal(np_item_display_headline_ours(g.items[0], &ours),
                        "Ferries stayed in port on Tuesday.");
    assert_int_equal(ours, 0); /* the item's words, not ours */
    assert_true(np_item_has_body_words(g.items[0]));
    ut_got_free(&g);

    read_doc("<newsItem " NAR " guid=\"g\"><contentMeta><headline>Alert only</headline>"
             "</contentMeta><contentSet><inlineXML><nitf><body><body.content><p> - </p>"
             "</body.content></body></nitf></inlineXML></contentSet></newsItem>",
             &g);
    assert_string_equal(np_item_display_headline(g.items[0]), "Alert only");
    assert_false(np_item_has_body_words(g.items[0])); /* a dash is no word */
    ut_got_free(&g);
}

static void test_words_per_script(void **state)
{
    (void)state;
    const char *en = "The storm-surge barrier \xe2\x80\x93 shut at 10.30 p.m. on U.S. time.";
    assert_int_equal(np_count_words(en, strlen(en)), 10); /* the dash is none */
    /* 香港的天气今天很好，我们去公园散步吧。: ICU's dictionary finds several words */
    const char *zh = "\xe9\xa6\x99\xe6\xb8\xaf\xe7\x9a\x84\xe5\xa4\xa9\xe6\xb0\x94\xe4\xbb\x8a"
                     "\xe5\xa4\xa9\xe5\xbe\x88\xe5\xa5\xbd\xef\xbc\x8c\xe6\x88\x91\xe4\xbb\xac"
                     "\xe5\x8e\xbb\xe5\x85\xac\xe5\x9b\xad\xe6\x95\xa3\xe6\xad\xa5\xe5\x90\xa7"
                     "\xe3\x80\x82";
    size_t n = np_count_words(zh, strlen(zh));
    assert_true(n >= 8 && n <= 14);
    /* สวัสดีครับ ยินดีต้อนรับ: Thai words without spaces */
    const char *th = "\xe0\xb8\xaa\xe0\xb8\xa7\xe0\xb8\xb1\xe0\xb8\xaa\xe0\xb8\x94\xe0\xb8\xb5"
                     "\xe0\xb8\x84\xe0\xb8\xa3\xe0\xb8\xb1\xe0\xb8\x9a";
    assert_true(np_count_words(th, strlen(th)) >= 2);
    assert_int_equal(np_count_words("", 0), 0);
    assert_int_equal(np_count_words(" \xe2\x80\x94 ", 5), 0);
}

/* Collect the items of one document into sections. */
static void sections_of(got *g, np_section_by by, np_sections *s)
{
    np_collection c = {.items = g->items, .n = (size_t)g->n};
    np_sections_build(s, &c, by, "en");
}

#define ITEM(guid, meta)                                                                       \
    "<newsItem guid=\"" guid "\"><contentMeta><headline>H " guid "</headline>" meta            \
    "</contentMeta><contentSet><inlineData contenttype=\"text/plain\">Text.</inlineData>"      \
    "</contentSet></newsItem>"

static void test_section_names(void **state)
{
    (void)state;
    got g;
    read_doc("<newsMessage " NAR "><itemSet>"
             ITEM("a", "<subject qcode=\"subj:15054000\"/>")           /* catalog: parent sport */
             ITEM("b", "<subject qcode=\"medtop:15000000\"><name xml:lang=\"en\">sport</name></subject>")
             ITEM("c", "<subject qcode=\"medtop:20000822\"><name xml:lang=\"en\">football</name>"
                       "<broader qcode=\"medtop:15000000\"/></subject>") /* top level by broader */
             ITEM("d", "<subject type=\"cptype:cat\" literal=\"ALR\"/>"
                       "<subject qcode=\"ap:f\"><name>f</name></subject>") /* codes: no section */
             ITEM("e", "<subject qcode=\"x:1\"><name>Corporate stock</name><broader qcode=\"x:2\"/></subject>"
                       "<subject qcode=\"x:2\"><name>Corporate news</name><broader qcode=\"x:3\"><name>"
                       "Business</name></broader></subject>")
             ITEM("f", "<subject qcode=\"Int001\"/>")
             "</itemSet></newsMessage>",
             &g);
    assert_int_equal(g.n, 6);
    np_sections s;
    sections_of(&g, NP_SECTION_BY_SUBJECT, &s);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.v[0].title, "Sport");
    assert_int_equal(s.v[0].n, 3); /* one section for one name, whatever the codes */
    assert_string_equal(s.v[1].title, "Business"); /* top of a provider's own hierarchy */
    assert_string_equal(s.v[2].title, "Other news");
    assert_int_equal(s.v[2].n, 2);
    np_sections_free(&s);
    ut_got_free(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nitf_header_fields),
        cmocka_unit_test(test_metadata_first),
        cmocka_unit_test(test_xhtml_h1_and_html_title),
        cmocka_unit_test(test_mixed_content_spaces),
        cmocka_unit_test(test_display_headline),
        cmocka_unit_test(test_words_per_script),
        cmocka_unit_test(test_section_names),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    np_cleanup();
    return rc;
}
