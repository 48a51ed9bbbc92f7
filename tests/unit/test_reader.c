/* Unit tests: the NewsML-G2 reader and body conversion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "newsprint/newsprint.h"

#define NAR "xmlns=\"http://iptc.org/std/nar/2006-10-01/\""

typedef struct got {
    np_item *items[8];
    int n;
    np_error issues[8];
    int nissues;
} got;

static int keep(void *ud, np_item *it)
{
    got *g = ud;
    if (g->n < 8)
        g->items[g->n++] = it;
    else
        np_item_free(it);
    return 0;
}

static void note(void *ud, const np_error *e)
{
    got *g = ud;
    if (g->nissues < 8) {
        np_error *c = &g->issues[g->nissues++];
        memset(c, 0, sizeof *c);
        np_error_set(c, e->code, e->file, e->line, "%s", e->message);
    }
}

static int read_str(const char *xml, got *g, np_error *err)
{
    memset(g, 0, sizeof *g);
    np_read_opts o;
    memset(&o, 0, sizeof o);
    o.on_item = keep;
    o.on_issue = note;
    o.ud = g;
    return np_newsml_read_memory(xml, strlen(xml), "t.xml", &o, err);
}

/* read_str() with options: a kept parser (may be NULL), meta_only with
 * stop_at_content, selection_only. */
static int read_with(const char *xml, got *g, np_error *err, np_xml_parser *parser, int meta,
                     int selection)
{
    memset(g, 0, sizeof *g);
    np_read_opts o;
    memset(&o, 0, sizeof o);
    o.on_item = keep;
    o.on_issue = note;
    o.ud = g;
    o.parser = parser;
    o.meta_only = o.stop_at_content = meta;
    o.selection_only = selection;
    return np_newsml_read_memory(xml, strlen(xml), "t.xml", &o, err);
}

/* The same messages on the same lines, in the same order. */
static void assert_same_issues(const got *a, const got *b)
{
    assert_int_equal(a->nissues, b->nissues);
    for (int k = 0; k < a->nissues; k++) {
        assert_string_equal(a->issues[k].message, b->issues[k].message);
        assert_int_equal(a->issues[k].line, b->issues[k].line);
    }
}

static void got_free(got *g)
{
    for (int i = 0; i < g->n; i++)
        np_item_free(g->items[i]);
    for (int i = 0; i < g->nissues; i++)
        np_error_clear(&g->issues[i]);
}

static char *body_text(const np_item *it)
{
    np_buf b = NP_BUF_INIT;
    np_item_body_text(it, &b);
    return np_buf_detach(&b);
}

static void test_metadata(void **state)
{
    (void)state;
    const char *xml =
        "<newsItem " NAR " guid=\"urn:x:1\" version=\"3\" xml:lang=\"en-GB\">"
        "<rightsInfo><copyrightHolder><name>Acme</name></copyrightHolder>"
        "<copyrightNotice> (c) 2026 Acme </copyrightNotice><usageTerms>No resale</usageTerms></rightsInfo>"
        "<itemMeta><itemClass qcode=\"ninat:text\"/><provider qcode=\"nprov:ACME\"><name>Acme News</name></provider>"
        "<versionCreated>2026-11-16T10:00:00+01:00</versionCreated><firstCreated>2026-11-16T08:00:00Z</firstCreated>"
        "<embargoed>2026-11-17T00:00:00Z</embargoed><pubStatus qcode=\"stat:usable\"/>"
        "<edNote>Note</edNote><signal qcode=\"sig:correction\"/>"
        "<link rel=\"irel:associatedWith\" residref=\"urn:x:pic\"/></itemMeta>"
        "<contentMeta><urgency>2</urgency><located><name>Lyon</name><broader><name>France</name></broader></located>"
        "<creator role=\"crole:author\"><name>Jane Doe</name></creator><contributor role=\"crole:editor\"><name>Ed</name></contributor>"
        "<dateline>LYON, Nov. 16</dateline><description role=\"drol:summary\">Sum</description>"
        "<subject qcode=\"medtop:04000000\"><name xml:lang=\"en\">economy</name><name xml:lang=\"fr\">économie</name></subject>"
        "<genre qcode=\"genre:News\"><name>News</name></genre><keyword>k1</keyword><keyword>k2</keyword>"
        "<language tag=\"en\"/><headline role=\"hlrole:main\">Main  head</headline>"
        "<headline role=\"hlrole:sub\">Sub head</headline><slugline>SLUG</slugline></contentMeta>"
        "<contentSet><inlineData contenttype=\"text/plain\">Hello world.</inlineData></contentSet></newsItem>";
    got g;
    np_error err = NP_ERROR_INIT;
    assert_int_equal(read_str(xml, &g, &err), NP_OK);
    assert_int_equal(g.n, 1);
    np_item *it = g.items[0];
    assert_string_equal(it->guid, "urn:x:1");
    assert_int_equal(it->version, 3);
    assert_string_equal(it->headline, "Main head");
    assert_string_equal(it->subheadline, "Sub head");
    assert_string_equal(it->slugline, "SLUG");
    assert_string_equal(it->rights.holder, "Acme");
    assert_string_equal(it->rights.notice, "(c) 2026 Acme");
    assert_string_equal(it->rights.usage_terms, "No resale");
    assert_true(it->is_correction);
    assert_int_equal(it->urgency, 2);
    assert_string_equal(it->lang, "en");
    assert_string_equal(it->dir, "ltr");
    assert_string_equal(it->dateline, "LYON, Nov. 16");
    assert_string_equal(it->summary, "Sum");
    assert_string_equal(it->ednote, "Note");
    assert_string_equal(np_concept_name(it->located, NULL), "Lyon");
    assert_string_equal(np_concept_name(it->located->broader, NULL), "France");
    assert_string_equal(np_concept_name(it->creators, NULL), "Jane Doe");
    assert_string_equal(it->creators->role, "crole:author");
    assert_string_equal(np_concept_name(it->contributors, NULL), "Ed");
    assert_string_equal(np_concept_name(it->subjects, "fr"), "économie");
    assert_string_equal(np_concept_name(it->subjects, "en-GB"), "economy");
    assert_string_equal(it->subjects->qcode, "medtop:04000000");
    assert_string_equal(it->keywords->next->text, "k2");
    assert_string_equal(it->links->residref, "urn:x:pic");
    assert_true(it->embargoed.valid);
    assert_true(it->version_created.valid);
    assert_int_equal(it->version_created.utc, 1794819600); /* 2026-11-16T09:00:00Z */
    char *t = body_text(it);
    assert_string_equal(t, "Hello world.");
    free(t);
    got_free(&g);
}

static void test_nitf_body(void **state)
{
    (void)state;
    const char *xml =
        "<newsItem " NAR " guid=\"g\"><contentMeta><headline>H</headline></contentMeta><contentSet>"
        "<inlineXML contenttype=\"application/nitf+xml\"><nitf xmlns=\"http://iptc.org/std/NITF/2006-10-18/\">"
        "<head><title>not body</title></head><body><body.head><hedline><hl1>H</hl1></hedline></body.head>"
        "<body.content><p>One <em>two</em> <strong>three</strong> <a href=\"http://x\">four</a><br/>five</p>"
        "<hl2>Sub</hl2><block><p>six</p><custom>seven</custom></block>"
        "<ul><li>eight</li><li><p>nine</p></li></ul><bq><block><p>ten</p></block><credit>Cred</credit></bq>"
        "<media media-type=\"image\"><media-reference source=\"img/a.png\" width=\"10\" height=\"20\"/>"
        "<media-caption>Cap</media-caption><media-producer>Prod</media-producer></media>"
        "<table><tr><th>a</th><td>b</td></tr></table></body.content></body></nitf></inlineXML></contentSet></newsItem>";
    got g;
    np_error err = NP_ERROR_INIT;
    assert_int_equal(read_str(xml, &g, &err), NP_OK);
    assert_int_equal(g.n, 1);
    const np_block *b = g.items[0]->body;
    assert_non_null(b);
    assert_int_equal(b->kind, NP_BLK_PARA);
    assert_int_equal(b->inl->kind, NP_INL_TEXT);
    assert_string_equal(b->inl->text, "One ");
    assert_int_equal(b->inl->next->kind, NP_INL_EM);
    b = b->next;
    assert_int_equal(b->kind, NP_BLK_HEADING);
    assert_int_equal(b->level, 2);
    b = b->next;
    assert_int_equal(b->kind, NP_BLK_PARA); /* six */
    b = b->next;
    assert_int_equal(b->kind, NP_BLK_PARA); /* seven: unknown element keeps its text */
    assert_string_equal(b->inl->text, "seven");
    b = b->next;
    assert_int_equal(b->kind, NP_BLK_LIST);
    assert_int_equal(b->children->kind, NP_BLK_ITEM);
    b = b->next;
    assert_int_equal(b->kind, NP_BLK_QUOTE);
    assert_string_equal(b->credit, "Cred");
    b = b->next;
    assert_int_equal(b->kind, NP_BLK_FIGURE);
    assert_string_equal(b->src, "img/a.png");
    assert_int_equal(b->width, 10);
    assert_string_equal(b->credit, "Prod");
    b = b->next;
    assert_int_equal(b->kind, NP_BLK_TABLE);
    assert_true(b->children->children->header);
    char *t = body_text(g.items[0]);
    assert_non_null(strstr(t, "One two three four\nfive"));
    assert_null(strstr(t, "not body"));
    assert_null(strstr(t, "\n\nH\n")); /* the repeated headline is left out */
    free(t);
    got_free(&g);
}

static void test_xhtml_and_alternatives(void **state)
{
    (void)state;
    const char *xml =
        "<newsItem " NAR " guid=\"g\"><contentMeta><headline>H</headline></contentMeta><contentSet>"
        "<inlineData contenttype=\"text/plain\">plain version</inlineData>"
        "<inlineXML contenttype=\"application/xhtml+xml\"><html xmlns=\"http://www.w3.org/1999/xhtml\">"
        "<body><h3>Head</h3><p>rich <i>version</i></p><figure><img src=\"p.jpg\" alt=\"Alt\"/>"
        "<figcaption>Fig cap</figcaption></figure></body></html></inlineXML></contentSet></newsItem>";
    got g;
    np_error err = NP_ERROR_INIT;
    assert_int_equal(read_str(xml, &g, &err), NP_OK);
    char *t = body_text(g.items[0]);
    assert_string_equal(t, "Head\n\nrich version\n\nFig cap");
    assert_string_equal(g.items[0]->body->next->next->src, "p.jpg");
    free(t);
    got_free(&g);
}

static void test_wire_reflow(void **state)
{
    (void)state;
    const char *xml =
        "<newsItem " NAR " guid=\"g\"><contentMeta><headline>H</headline></contentMeta><contentSet>"
        "<inlineData contenttype=\"text/plain\">   ROME (AP) - The first paragraph is hard-wrapped at\n"
        "seventy columns like old wire copy always was, and goes on.\n"
        "   The second one starts with an indent and has a well-\n"
        "known word split.\n</inlineData></contentSet></newsItem>";
    got g;
    np_error err = NP_ERROR_INIT;
    assert_int_equal(read_str(xml, &g, &err), NP_OK);
    char *t = body_text(g.items[0]);
    assert_string_equal(t, "ROME (AP) - The first paragraph is hard-wrapped at seventy columns like "
                           "old wire copy always was, and goes on.\n\nThe second one starts with an "
                           "indent and has a well-known word split.");
    free(t);
    got_free(&g);
}

static void test_escaped_html_and_cdata(void **state)
{
    (void)state;
    const char *xml =
        "<newsMessage " NAR "><itemSet>"
        "<newsItem guid=\"a\"><contentMeta><headline>A</headline></contentMeta><contentSet>"
        "<inlineData contenttype=\"text/html\">&lt;p&gt;Escaped &lt;b&gt;bold&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Two&lt;/p&gt;</inlineData>"
        "</contentSet></newsItem>"
        "<newsItem guid=\"b\"><contentMeta><headline>B</headline></contentMeta><contentSet>"
        "<inlineData contenttype=\"text/html\"><![CDATA[<p>In CDATA</p><ul><li>x</li></ul>]]></inlineData>"
        "</contentSet></newsItem>"
        "<conceptItem guid=\"c\"/>"
        "</itemSet></newsMessage>";
    got g;
    np_error err = NP_ERROR_INIT;
    assert_int_equal(read_str(xml, &g, &err), NP_OK);
    assert_int_equal(g.n, 2);
    char *t = body_text(g.items[0]);
    assert_string_equal(t, "Escaped bold\n\nTwo");
    free(t);
    t = body_text(g.items[1]);
    assert_string_equal(t, "In CDATA\n\nx");
    free(t);
    assert_int_equal(g.items[1]->index, 1);
    assert_int_equal(g.nissues, 1); /* the conceptItem: a warning */
    assert_int_equal(g.issues[0].code, 0);
    got_free(&g);
}

static void test_package(void **state)
{
    (void)state;
    const char *xml =
        "<packageItem " NAR " guid=\"pkg\" version=\"1\"><itemMeta><itemClass qcode=\"ninat:composite\"/></itemMeta>"
        "<groupSet root=\"root\"><group id=\"root\" role=\"group:main\"><groupRef idref=\"g1\"/></group>"
        "<group id=\"g1\" role=\"group:sect\"><name>Front page</name><itemRef residref=\"a\"/>"
        "<itemRef residref=\"b\"><title>B title</title></itemRef></group></groupSet></packageItem>";
    got g;
    np_error err = NP_ERROR_INIT;
    assert_int_equal(read_str(xml, &g, &err), NP_OK);
    np_item *p = g.items[0];
    assert_int_equal(p->item_class, NP_CLASS_PACKAGE);
    assert_non_null(p->groups->next);
    assert_string_equal(p->groups->next->name, "Front page");
    assert_string_equal(p->groups->next->refs->residref, "a");
    assert_string_equal(p->groups->next->refs->next->title, "B title");
    got_free(&g);
}

static void test_refusals(void **state)
{
    (void)state;
    static const struct {
        const char *xml;
        int code;
        const char *msg;
    } cases[] = {
        {"", NP_ERR_XML, "empty"},
        {"not xml at all", NP_ERR_XML, "not well-formed"},
        {"<newsItem " NAR "><contentMeta>", NP_ERR_XML, "not well-formed"},
        {"<!DOCTYPE newsItem [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><newsItem " NAR
         "><contentMeta><headline>&x;</headline></contentMeta></newsItem>",
         NP_ERR_UNSAFE, "entity"},
        {"<rss><channel/></rss>", NP_ERR_NOT_NEWSML, "not a NewsML-G2 item"},
        {"<newsItem xmlns=\"urn:other\"/>", NP_ERR_NOT_NEWSML, "not in the NewsML-G2 namespace"},
        {"<contentMeta " NAR "/>", NP_ERR_NOT_NEWSML, "not a NewsML-G2 item"},
        {"<newsItem " NAR "><contentMeta><headline>\xff\xfe</headline></contentMeta></newsItem>",
         NP_ERR_XML, "UTF-8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        got g;
        np_error err = NP_ERROR_INIT;
        int rc = read_str(cases[i].xml, &g, &err);
        assert_int_equal(rc, cases[i].code);
        assert_int_equal(g.n, 0);
        assert_non_null(err.message);
        if (!strstr(err.message, cases[i].msg))
            fail_msg("case %zu: '%s' lacks '%s'", i, err.message, cases[i].msg);
        assert_string_equal(err.file, "t.xml");
        np_error_clear(&err);
        got_free(&g);
    }
}

static void test_deep_nesting(void **state)
{
    (void)state;
    np_buf b = NP_BUF_INIT;
    np_buf_puts(&b, "<newsItem " NAR " guid=\"d\"><contentMeta><headline>H</headline></contentMeta>"
                    "<contentSet><inlineXML><div>");
    for (int i = 0; i < 100000; i++)
        np_buf_puts(&b, "<div>");
    got g;
    np_error err = NP_ERROR_INIT;
    int rc = read_str(b.data, &g, &err);
    assert_true(rc < 0);
    assert_non_null(strstr(err.message, "depth"));
    np_error_clear(&err);
    got_free(&g);
    np_buf_free(&b);
}

static void test_missing_headline_warns(void **state)
{
    (void)state;
    got g;
    np_error err = NP_ERROR_INIT;
    assert_int_equal(read_str("<newsItem " NAR " guid=\"g\"><contentMeta><slugline>SL</slugline>"
                              "</contentMeta></newsItem>",
                              &g, &err),
                     NP_OK);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.items[0]->headline, "SL");
    assert_int_equal(g.nissues, 1);
    assert_non_null(strstr(g.issues[0].message, "no headline"));
    got_free(&g);
}

static void test_rtl_from_language(void **state)
{
    (void)state;
    got g;
    np_error err = NP_ERROR_INIT;
    assert_int_equal(read_str("<newsItem " NAR " guid=\"g\" xml:lang=\"ur\"><contentMeta>"
                              "<headline>\xd8\xb3\xd8\xb1\xd8\xae\xDB\x8C</headline></contentMeta></newsItem>",
                              &g, &err),
                     NP_OK);
    assert_string_equal(g.items[0]->lang, "ur");
    assert_string_equal(g.items[0]->dir, "rtl");
    got_free(&g);
}

static const char *const kept_docs[] = {
    "<newsItem " NAR " guid=\"urn:k:1\"><itemMeta><pubStatus qcode=\"stat:gone\"/>"
    "<embargoed/></itemMeta><contentMeta><headline>One</headline></contentMeta>"
    "<contentSet><inlineData contenttype=\"text/plain\">First text.</inlineData></contentSet></newsItem>",
    "<!DOCTYPE newsItem [<!ENTITY x \"y\">]><newsItem " NAR "><contentMeta><headline>&x;</headline>"
    "</contentMeta></newsItem>",
    "<newsItem " NAR " guid=\"urn:k:2\">\n<contentMeta><headline>Two</headline></contentMeta>\n"
    "<contentSet><inlineXML><p>unclosed</inlineXML></contentSet></newsItem>",
    "<newsMessage " NAR "><itemSet><newsItem guid=\"urn:k:3\"><contentMeta><headline>Three"
    "</headline></contentMeta></newsItem><foo/></itemSet></newsMessage>",
    "<newsItem " NAR "><contentMeta><headline>\xff</headline></contentMeta></newsItem>",
};

/* One parser kept for many documents (good, refused, broken, stopped at
 * their contentSet) reads each as a new parser does. */
static void test_kept_parser(void **state)
{
    (void)state;
    np_xml_parser *kept = np_xml_parser_new();
    assert_non_null(kept);
    size_t n = sizeof kept_docs / sizeof kept_docs[0];
    for (size_t round = 0; round < 3 * n; round++) {
        size_t i = round % n;
        int meta = (int)(round / n) == 1;
        got a, b;
        np_error ea = NP_ERROR_INIT, eb = NP_ERROR_INIT;
        int ra = read_with(kept_docs[i], &a, &ea, NULL, meta, meta);
        int rb = read_with(kept_docs[i], &b, &eb, kept, meta, meta);
        assert_int_equal(ra, rb);
        assert_int_equal(ea.line, eb.line);
        if (ea.message || eb.message) {
            assert_non_null(ea.message);
            assert_non_null(eb.message);
            assert_string_equal(ea.message, eb.message);
        }
        assert_int_equal(a.n, b.n);
        for (int k = 0; k < a.n; k++) {
            assert_string_equal(a.items[k]->guid, b.items[k]->guid);
            assert_int_equal(a.items[k]->pubstatus, b.items[k]->pubstatus);
            if (a.items[k]->headline || b.items[k]->headline)
                assert_string_equal(a.items[k]->headline, b.items[k]->headline);
            char *ta = body_text(a.items[k]), *tb = body_text(b.items[k]);
            assert_string_equal(ta, tb);
            free(ta);
            free(tb);
        }
        assert_same_issues(&a, &b);
        np_error_clear(&ea);
        np_error_clear(&eb);
        got_free(&a);
        got_free(&b);
    }
    np_xml_parser_free(kept);
}

/* selection_only: what the selection reads, the same warnings as a
 * meta_only read, nothing else built. */
static void test_selection_only(void **state)
{
    (void)state;
    const char *xml =
        "<newsItem " NAR " guid=\"urn:s:1\" version=\"4\">"
        "<rightsInfo><copyrightHolder><name>Acme</name></copyrightHolder></rightsInfo>"
        "<itemMeta><itemClass qcode=\"ninat:picture\"/><provider><name>P</name></provider>"
        "<versionCreated>2026-11-16T10:00:00Z</versionCreated><firstCreated>2026-11-16T08:00:00Z</firstCreated>"
        "<embargoed>soon</embargoed><pubStatus qcode=\"stat:odd\"/><signal qcode=\"sig:correction\"/></itemMeta>"
        "<contentMeta><urgency>3</urgency><contentCreated>2026-11-15T07:00:00Z</contentCreated>"
        "<headline>Head</headline><subject qcode=\"medtop:1\"/><dateline>X</dateline></contentMeta>"
        "<contentSet><inlineData contenttype=\"text/plain\">Body.</inlineData></contentSet></newsItem>";
    got full, sel;
    np_error ef = NP_ERROR_INIT, es = NP_ERROR_INIT;
    assert_int_equal(read_with(xml, &full, &ef, NULL, 1, 0), NP_OK);
    assert_int_equal(read_with(xml, &sel, &es, NULL, 1, 1), NP_OK);
    assert_int_equal(sel.n, 1);
    const np_item *f = full.items[0], *s = sel.items[0];
    assert_string_equal(s->guid, "urn:s:1");
    assert_int_equal(s->version, 4);
    assert_int_equal(s->item_class, f->item_class);
    assert_int_equal(s->item_class, NP_CLASS_PICTURE);
    assert_int_equal(s->pubstatus, f->pubstatus);
    assert_true(s->is_correction);
    assert_int_equal(s->urgency, 3);
    assert_true(s->embargo_unknown);
    assert_int_equal(s->version_created.utc, f->version_created.utc);
    assert_int_equal(s->first_created.utc, f->first_created.utc);
    assert_int_equal(s->content_created.utc, f->content_created.utc);
    assert_true(s->content_created.valid);
    assert_null(s->headline);
    assert_null(s->subjects);
    assert_null(s->dateline);
    assert_null(s->provider);
    assert_null(s->rights.holder);
    assert_int_equal(sel.nissues, 2); /* the embargo and the status */
    assert_same_issues(&full, &sel);
    got_free(&full);
    got_free(&sel);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_metadata),
        cmocka_unit_test(test_nitf_body),
        cmocka_unit_test(test_xhtml_and_alternatives),
        cmocka_unit_test(test_wire_reflow),
        cmocka_unit_test(test_escaped_html_and_cdata),
        cmocka_unit_test(test_package),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_missing_headline_warns),
        cmocka_unit_test(test_rtl_from_language),
        cmocka_unit_test(test_kept_parser),
        cmocka_unit_test(test_selection_only),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    np_newsml_cleanup();
    return rc;
}
