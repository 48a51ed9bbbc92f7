/* Unit tests: the EPUB converter's pieces (identifier, XML hygiene, links,
 * OCF container) and the shared modules it brought (sections, ISO weeks,
 * language tags). */
#include "unit.h"

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>
#include <zip.h>

#include "epub/epub.h"
#include "epub/epub_zip.h"
#include "newsprint/lang.h"
#include "newsprint/render_epub.h"
#include "newsprint/sections.h"

/* ---- helpers ------------------------------------------------------------- */

typedef struct coll {
    np_item *items[8];
    const np_selected *entries[8];
    np_selected sel[8];
    np_collection c;
} coll;

static void coll_init(coll *k, np_item *items, size_t n)
{
    memset(k, 0, sizeof *k);
    for (size_t i = 0; i < n; i++) {
        k->items[i] = &items[i];
        k->sel[i].guid = items[i].guid;
        k->sel[i].version = items[i].version;
        k->sel[i].rank = i;
        k->entries[i] = &k->sel[i];
    }
    k->c.items = k->items;
    k->c.entries = k->entries;
    k->c.n = n;
}

/* ---- identifier ---------------------------------------------------------- */

static void test_identifier_stable(void **state)
{
    (void)state;
    np_buf x = NP_BUF_INIT, again = NP_BUF_INIT, week = NP_BUF_INIT, pub = NP_BUF_INIT;
    ep_identifier("The Newsprint Weekly", "2026-W47", &x);
    ep_identifier("The Newsprint Weekly", "2026-W47", &again);
    ep_identifier("The Newsprint Weekly", "2026-W48", &week);
    ep_identifier("Another Weekly", "2026-W47", &pub);
    /* urn:uuid:xxxxxxxx-xxxx-8xxx-[89ab]xxx-xxxxxxxxxxxx */
    assert_int_equal(x.len, 9 + 36);
    assert_memory_equal(x.data, "urn:uuid:", 9);
    assert_int_equal(x.data[9 + 14], '8');
    assert_non_null(strchr("89ab", x.data[9 + 19]));
    assert_string_equal(x.data, again.data);    /* one issue: one book, however corrected */
    assert_string_not_equal(x.data, week.data); /* the next week is another issue */
    assert_string_not_equal(x.data, pub.data);  /* and another publication another book */
    np_buf_free(&x);
    np_buf_free(&again);
    np_buf_free(&week);
    np_buf_free(&pub);
}

/* ---- XML hygiene --------------------------------------------------------- */

static void test_xml_clean(void **state)
{
    (void)state;
    np_buf tmp = NP_BUF_INIT;
    const char *ok = "plain \xc3\xa9t\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80 <&>";
    assert_ptr_equal(ep_xml_clean(ok, &tmp), ok); /* nothing to change: no copy */
    assert_string_equal(ep_xml_clean("a\x01" "b\x1f" "c\td\ne", &tmp), "abc\td\ne");
    /* U+FFFE and U+FFFF are not XML characters */
    assert_string_equal(ep_xml_clean("x\xef\xbf\xbey\xef\xbf\xbfz", &tmp), "xyz");
    /* invalid UTF-8: a lone continuation byte, an overlong form, a surrogate */
    assert_string_equal(ep_xml_clean("a\x80" "b", &tmp), "a\xef\xbf\xbd" "b");
    assert_string_equal(ep_xml_clean("\xc0\xaf", &tmp), "\xef\xbf\xbd\xef\xbf\xbd");
    assert_string_equal(ep_xml_clean("\xed\xa0\x80", &tmp), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    np_buf_free(&tmp);
}

static void test_writer_hostile_text(void **state)
{
    (void)state;
    const char *hostile = "</p><script>alert(1)</script> & \"quotes\" ]]> \x01\x02 \xff end";
    ep_xw x;
    assert_int_equal(ep_xw_open(&x), 0);
    ep_xhtml_begin(&x, hostile, "en", "en", "ltr", NULL);
    ep_xw_start(&x, "p");
    ep_xw_attr(&x, "title", hostile);
    ep_xw_text(&x, hostile);
    ep_xw_end(&x);
    np_buf out = NP_BUF_INIT;
    assert_int_equal(ep_xw_finish(&x, &out), 0);
    /* well-formed, and the text comes back as text */
    xmlDocPtr doc = xmlReadMemory(out.data, (int)out.len, "t.xhtml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    assert_non_null(doc);
    xmlNodePtr html = xmlDocGetRootElement(doc);
    assert_string_equal((const char *)html->name, "html");
    assert_null(strstr(out.data, "<script>"));
    xmlChar *all = xmlNodeGetContent(html);
    assert_non_null(strstr((const char *)all, "<script>alert(1)</script> & \"quotes\" ]]>"));
    xmlFree(all);
    xmlFreeDoc(doc);
    np_buf_free(&out);
}

/* The writer puts out what libxml2's xmlTextWriter wrote for the same
 * calls (the digests stay byte for byte what they were): the same
 * document through both. */
#define XC(s) ((const xmlChar *)(s))

static void test_writer_as_libxml2(void **state)
{
    (void)state;
    const char *value = "a\"b<c>d&e'f\tg\nh\ri \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80";
    const char *text = "<p>&amp; \"q\" \r\n\xc3\xa9";

    ep_xw x;
    assert_int_equal(ep_xw_open(&x), 0);
    ep_xw_doctype_html(&x);
    ep_xw_start(&x, "html");
    ep_xw_attr(&x, "title", value);
    ep_xw_attr_int(&x, "n", -42);
    ep_xw_attr_fixed(&x, "y", 3.25, 1);
    ep_xw_nl(&x);
    ep_xw_start(&x, "br");
    ep_xw_end_empty(&x);
    ep_xw_start(&x, "p");
    ep_xw_end(&x);
    ep_xw_start(&x, "q");
    ep_xw_text(&x, "\x01"); /* cleaned to nothing, yet content */
    ep_xw_end_empty(&x);
    ep_xw_start(&x, "r");
    ep_xw_start(&x, "s");
    ep_xw_end_empty(&x);
    ep_xw_end_empty(&x);
    ep_xw_elem(&x, "t", text);
    ep_xw_start(&x, "open");
    ep_xw_start(&x, "inner");
    ep_xw_attr(&x, "k", "v");
    np_buf mine = NP_BUF_INIT;
    assert_int_equal(ep_xw_finish(&x, &mine), 0);

    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    xmlTextWriterWriteDTD(w, XC("html"), NULL, NULL, NULL);
    xmlTextWriterWriteRaw(w, XC("\n"));
    xmlTextWriterStartElement(w, XC("html"));
    xmlTextWriterWriteAttribute(w, XC("title"), XC(value));
    xmlTextWriterWriteAttribute(w, XC("n"), XC("-42"));
    xmlTextWriterWriteFormatAttribute(w, XC("y"), "%.*f", 1, 3.25);
    xmlTextWriterWriteRaw(w, XC("\n"));
    xmlTextWriterStartElement(w, XC("br"));
    xmlTextWriterEndElement(w);
    xmlTextWriterStartElement(w, XC("p"));
    xmlTextWriterFullEndElement(w);
    xmlTextWriterStartElement(w, XC("q"));
    xmlTextWriterWriteRawLen(w, XC(""), 0);
    xmlTextWriterEndElement(w);
    xmlTextWriterStartElement(w, XC("r"));
    xmlTextWriterStartElement(w, XC("s"));
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
    xmlTextWriterStartElement(w, XC("t"));
    xmlTextWriterWriteString(w, XC(text));
    xmlTextWriterFullEndElement(w);
    xmlTextWriterStartElement(w, XC("open"));
    xmlTextWriterStartElement(w, XC("inner"));
    xmlTextWriterWriteAttribute(w, XC("k"), XC("v"));
    xmlTextWriterEndDocument(w);
    xmlTextWriterFlush(w);
    xmlFreeTextWriter(w);
    assert_string_equal(mine.data, (const char *)xmlBufferContent(buf));
    xmlBufferFree(buf);

    /* what the library refuses makes the document fail */
    assert_int_equal(ep_xw_open(&x), 0);
    ep_xw_start(&x, "p");
    ep_xw_text(&x, "x");
    ep_xw_attr(&x, "late", "1");
    assert_int_equal(ep_xw_finish(&x, &mine), -1);
    assert_int_equal(mine.len, 0);
    assert_int_equal(ep_xw_open(&x), 0);
    ep_xw_end(&x);
    assert_int_equal(ep_xw_finish(&x, &mine), -1);
    np_buf_free(&mine);
}

static void test_link_href(void **state)
{
    (void)state;
    np_buf b = NP_BUF_INIT;
    assert_true(ep_link_href("https://example.org/a?b=c#d", &b));
    assert_string_equal(b.data, "https://example.org/a?b=c#d");
    assert_true(ep_link_href("  HTTP://example.org/a b\"<>  ", &b));
    assert_string_equal(b.data, "http://example.org/a%20b%22%3C%3E");
    assert_true(ep_link_href("mailto:desk@example.org", &b));
    assert_true(ep_link_href("http://example.org/%41%zz", &b));
    assert_string_equal(b.data, "http://example.org/%41%25zz");
    assert_true(ep_link_href("https://example.org/caf\xc3\xa9", &b));
    assert_string_equal(b.data, "https://example.org/caf%C3%A9");
    static const char *const refused[] = {"javascript:alert(1)", "file:///etc/passwd",
                                          "data:text/html,x", "../../etc/passwd", "/etc/passwd",
                                          "http://", "http:///x", "mailto:", "ftp://example.org",
                                          "", NULL};
    for (size_t i = 0; refused[i]; i++)
        assert_false(ep_link_href(refused[i], &b));
    assert_false(ep_link_href(NULL, &b));
    np_buf_free(&b);
}

/* ---- language tags ------------------------------------------------------- */

static void test_lang(void **state)
{
    (void)state;
    np_buf b = NP_BUF_INIT;
    assert_true(np_lang_normalize("en", &b));
    assert_true(np_lang_normalize("zh-Hans", &b));
    assert_true(np_lang_normalize("en_GB", &b));
    assert_string_equal(b.data, "en-GB");
    assert_true(np_lang_normalize("x-nprint", &b));
    assert_true(np_lang_normalize("de-CH-1996", &b));
    static const char *const bad[] = {"", "e", "en-", "-en", "en--GB", "en GB", "toolongtag",
                                      "en-x", "x", "1en", "en-abcdefghi", NULL};
    for (size_t i = 0; bad[i]; i++) {
        assert_false(np_lang_normalize(bad[i], &b));
        assert_int_equal(b.len, 0);
    }
    assert_false(np_lang_normalize(NULL, &b));
    assert_true(np_lang_is_rtl("ur"));
    assert_true(np_lang_is_rtl("ar-EG"));
    assert_true(np_lang_is_rtl("ckb"));
    assert_false(np_lang_is_rtl("urd")); /* not "ur" */
    assert_false(np_lang_is_rtl("en"));
    assert_false(np_lang_is_rtl(NULL));
    assert_true(np_lang_is_rtl("AR_eg")); /* any case, either separator */
    assert_true(np_lang_is_rtl("SYR"));
    assert_false(np_lang_is_rtl("a"));
    assert_false(np_lang_is_rtl("arab"));
    assert_false(np_lang_is_rtl(""));
    assert_true(np_lang_same_primary("en-GB", "en"));
    assert_false(np_lang_same_primary("en", "el"));
    np_buf_free(&b);
}

/* ---- ISO weeks and date ranges ------------------------------------------- */

static void test_iso_week(void **state)
{
    (void)state;
    np_time f, t;
    assert_int_equal(np_iso_week_parse("2026-W47", &f, &t), 0);
    assert_int_equal(f.utc, 1794787200); /* 2026-11-16T00:00:00Z, a Monday */
    assert_int_equal(t.utc - f.utc, 7 * 86400);
    assert_int_equal(np_iso_week_parse("2026w47", &f, &t), 0);
    assert_int_equal(f.utc, 1794787200);
    /* 2020 has 53 ISO weeks, 2021 does not */
    assert_int_equal(np_iso_week_parse("2020-W53", &f, &t), 0);
    assert_int_equal(f.utc, 1609113600); /* 2020-12-28 */
    assert_int_equal(np_iso_week_parse("2021-W53", &f, &t), -1);
    static const char *const bad[] = {"2026-W00", "2026-W54", "2026-47", "26-W47", "2026-W4",
                                      "2026-W477", "", NULL};
    for (size_t i = 0; bad[i]; i++)
        assert_int_equal(np_iso_week_parse(bad[i], &f, &t), -1);
    int y, w;
    np_iso_week_of(2026, 11, 22, &y, &w);
    assert_int_equal(y, 2026);
    assert_int_equal(w, 47);
    np_iso_week_of(2027, 1, 1, &y, &w); /* a Friday: still week 53 of 2026 */
    assert_int_equal(y, 2026);
    assert_int_equal(w, 53);
    np_iso_week_of(2024, 12, 30, &y, &w); /* a Monday: week 1 of 2025 */
    assert_int_equal(y, 2025);
    assert_int_equal(w, 1);
    assert_int_equal(np_weekday(2026, 11, 16), 0);
    assert_string_equal(np_weekday_name(6), "Sunday");
}

static void test_date_range(void **state)
{
    (void)state;
    np_buf b = NP_BUF_INIT;
    np_date_range_format(2026, 11, 16, 2026, 11, 22, &b);
    assert_string_equal(b.data, "Nov. 16\xe2\x80\x93" "22, 2026");
    np_buf_reset(&b);
    np_date_range_format(2026, 11, 30, 2026, 12, 6, &b);
    assert_string_equal(b.data, "Nov. 30 \xe2\x80\x93 Dec. 6, 2026");
    np_buf_reset(&b);
    np_date_range_format(2026, 12, 28, 2027, 1, 3, &b);
    assert_string_equal(b.data, "Dec. 28, 2026 \xe2\x80\x93 Jan. 3, 2027");
    np_buf_reset(&b);
    np_date_range_format(2026, 3, 5, 2026, 3, 5, &b);
    assert_string_equal(b.data, "March 5, 2026");
    np_buf_free(&b);
}

/* ---- sections ------------------------------------------------------------ */

static void test_sections_by_day(void **state)
{
    (void)state;
    /* Tue, Mon, Tue (but in -05:00 still Monday there), undated, Mon */
    const int64_t mon = 1794787200, tue = mon + 86400; /* 2026-11-16T00:00:00Z */
    np_item it[5] = {ut_item("t1", 1, tue + 3600), ut_item("m1", 1, mon + 3600), ut_item("t2", 1, tue + 3600),
                     ut_item("u", 1, 0), ut_item("m2", 1, mon + 7200)};
    it[2].content_created.offset_min = -300; /* 2026-11-16T20:00-05:00: a Monday there */
    it[3].content_created.valid = 0;
    coll k;
    coll_init(&k, it, 5);
    np_sections s;
    np_sections_build(&s, &k.c, NP_SECTION_BY_DAY, "en");
    assert_int_equal(s.n, 3);
    assert_int_equal(s.narticles, 5);
    assert_string_equal(s.v[0].title, "Monday, Nov. 16, 2026");
    assert_string_equal(s.v[0].key, "day:2026-11-16");
    assert_int_equal(s.v[0].n, 3);
    assert_int_equal(s.v[0].items[0], 1); /* selection order within the day */
    assert_int_equal(s.v[0].items[1], 2);
    assert_int_equal(s.v[0].items[2], 4);
    assert_string_equal(s.v[1].title, "Tuesday, Nov. 17, 2026");
    assert_string_equal(s.v[2].title, "Undated");
    np_sections_free(&s);
}

static void test_sections_package_first(void **state)
{
    (void)state;
    np_text nm_en = {"economy, business and finance", "en", NULL, NULL};
    np_concept econ = {"medtop:04000000", NULL, NULL, NULL, NULL, &nm_en, NULL, NULL};
    np_concept sub = {"medtop:20000344", NULL, NULL, NULL, NULL, NULL, &econ, NULL};
    np_text g_an = {"Analysis", "en", NULL, NULL};
    np_concept genre = {"genre:Analysis", NULL, NULL, NULL, NULL, &g_an, NULL, NULL};
    np_concept genre_bare = {"genre:Feature", NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    np_item it[4] = {ut_item("p1", 1, 1795132800), ut_item("x", 1, 1795132800), ut_item("y", 1, 1795132800),
                     ut_item("z", 1, 1795132800)};
    it[1].subjects = &sub; /* narrower: grouped under its top-level broader topic */
    it[1].genres = &genre;
    it[2].subjects = &econ;
    it[2].genres = &genre_bare;
    coll k;
    coll_init(&k, it, 4);
    k.sel[0].section = "Front page";
    np_sections s;
    np_sections_build(&s, &k.c, NP_SECTION_BY_SUBJECT, "en");
    assert_int_equal(s.n, 3);
    assert_string_equal(s.v[0].title, "Front page");
    assert_true(s.v[0].from_package);
    assert_string_equal(s.v[1].title, "Economy, business and finance");
    assert_int_equal(s.v[1].n, 2);
    assert_string_equal(s.v[2].title, "Other news");
    np_sections_free(&s);

    np_sections_build(&s, &k.c, NP_SECTION_BY_GENRE, "en");
    assert_int_equal(s.n, 4);
    assert_string_equal(s.v[1].title, "Analysis");
    assert_string_equal(s.v[2].title, "Feature"); /* no name: the code without its scheme */
    assert_string_equal(s.v[3].title, "Other news");
    np_sections_free(&s);
}

static void test_linked_picture_not_an_article(void **state)
{
    (void)state;
    np_item it[3] = {ut_item("story", 1, 1795132800), ut_item("pic", 1, 1795132800),
                     ut_item("lonely-pic", 1, 1795132800)};
    np_link l = {"irel:associatedWith", NULL, "pic", NULL, NULL, NULL, NULL, NULL};
    it[0].links = &l;
    it[1].item_class = NP_CLASS_PICTURE;
    it[2].item_class = NP_CLASS_PICTURE;
    coll k;
    coll_init(&k, it, 3);
    assert_true(np_collection_is_article(&k.c, 0));
    assert_false(np_collection_is_article(&k.c, 1));
    assert_true(np_collection_is_article(&k.c, 2)); /* nobody shows it: its own page */
    assert_false(np_collection_is_article(&k.c, 3));
    np_section_by by;
    assert_int_equal(np_section_by_parse("genre", &by), 0);
    assert_int_equal(by, NP_SECTION_BY_GENRE);
    assert_int_equal(np_section_by_parse("week", &by), -1);
}

/* The index answers as the search does: a picture another item links to is
 * no article, its own link does not count, the first of two items with one
 * guid is found. */
static void test_collection_index(void **state)
{
    (void)state;
    np_item it[5] = {ut_item("story", 1, 1795132800), ut_item("pic", 1, 1795132800),
                     ut_item("selfie", 1, 1795132800), ut_item("twin", 1, 1795132800),
                     ut_item("twin", 2, 1795132800)};
    np_link l = {"irel:associatedWith", NULL, "pic", NULL, NULL, NULL, NULL, NULL};
    np_link self = {"irel:seeAlso", NULL, "selfie", NULL, NULL, NULL, NULL, NULL};
    np_link twin = {"irel:seeAlso", NULL, "twin", NULL, NULL, NULL, NULL, NULL};
    it[0].links = &l;
    it[1].item_class = it[2].item_class = it[3].item_class = NP_CLASS_PICTURE;
    it[2].links = &self;
    it[4].links = &twin; /* the second twin shows the first */
    coll k;
    coll_init(&k, it, 5);
    int searched[5];
    for (size_t i = 0; i < 5; i++)
        searched[i] = np_collection_is_article(&k.c, i);
    np_collection_index(&k.c);
    assert_non_null(k.c.index);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(np_collection_is_article(&k.c, i), searched[i]);
    assert_false(np_collection_is_article(&k.c, 1));
    assert_true(np_collection_is_article(&k.c, 2)); /* only itself links to it */
    assert_false(np_collection_is_article(&k.c, 3));
    assert_ptr_equal(np_collection_find(&k.c, "pic"), &it[1]);
    assert_ptr_equal(np_collection_find(&k.c, "twin"), &it[3]); /* the first */
    assert_null(np_collection_find(&k.c, "nobody"));
    assert_null(np_collection_find(&k.c, NULL));
    /* np_collection_free() would free the items: only the index here */
    np_collection bare = {.index = k.c.index};
    np_collection_free(&bare);
}

/* ---- OCF container ------------------------------------------------------- */

static unsigned le16(const unsigned char *p) { return p[0] | p[1] << 8; }

static void build_zip(np_buf *out)
{
    np_error err = NP_ERROR_INIT;
    ep_ocf *o = ep_ocf_new(1795824000, &err);
    assert_non_null(o);
    np_buf d = NP_BUF_INIT;
    np_buf_puts(&d, "<container/>");
    assert_int_equal(ep_ocf_add(o, "META-INF/container.xml", &d, 1, &err), 0);
    assert_int_equal(d.len, 0); /* taken */
    np_buf_repeat(&d, 'x', 5000);
    assert_int_equal(ep_ocf_add(o, "EPUB/big.txt", &d, 1, &err), 0);
    FILE *f = NULL;
    assert_int_equal(ep_ocf_finish(o, &f, &err), 0);
    assert_non_null(f);
    char block[4096];
    size_t n;
    while ((n = fread(block, 1, sizeof block, f)) > 0)
        np_buf_put(out, block, n);
    fclose(f);
    np_buf_free(&d);
    np_error_clear(&err);
}

static void test_ocf(void **state)
{
    (void)state;
    np_buf z1 = NP_BUF_INIT, z2 = NP_BUF_INIT;
    build_zip(&z1);
    build_zip(&z2);
    assert_int_equal(z1.len, z2.len);
    assert_memory_equal(z1.data, z2.data, z1.len); /* reproducible */
    const unsigned char *p = (const unsigned char *)z1.data;
    /* first local header: "mimetype", stored, no extra field, then the type */
    assert_memory_equal(p, "PK\3\4", 4);
    assert_int_equal(le16(p + 8), 0);  /* stored */
    assert_int_equal(le16(p + 26), 8); /* name length */
    assert_int_equal(le16(p + 28), 0); /* extra field length */
    assert_memory_equal(p + 30, "mimetypeapplication/epub+zip", 28);
    /* DOS time: 2026-11-28 00:00:00 in every time zone */
    assert_int_equal(le16(p + 10), 0);
    assert_int_equal(le16(p + 12), ((2026 - 1980) << 9) | (11 << 5) | 28);
    /* the 5000 x's were deflated */
    assert_true(z1.len < 1000);
    np_buf_free(&z1);
    np_buf_free(&z2);
}

/* Entries larger than the blocks the container is written and read back
 * in (64 KB), between small ones, and parts closed
 * beside it: every entry reads back whole, its CRC right. */
static void test_ocf_large(void **state)
{
    (void)state;
    enum { BIG = 200 * 1024, SMALL = 40 };
    np_error err = NP_ERROR_INIT;
    ep_ocf *o = ep_ocf_new(1795824000, &err);
    assert_non_null(o);
    np_buf want[SMALL + 2], d = NP_BUF_INIT;
    unsigned x = 12345; /* incompressible bytes: deflated, they stay large */
    for (size_t i = 0; i < SMALL + 2; i++) {
        want[i] = (np_buf)NP_BUF_INIT;
        size_t len = i == 3 || i == SMALL ? BIG : 2000 + i * 997;
        for (size_t k = 0; k < len; k++) {
            x = x * 1103515245u + 12345u;
            unsigned char c = (unsigned char)(x >> 16);
            np_buf_put(&want[i], &c, 1);
        }
    }
    for (size_t i = 0; i < SMALL + 2; i++) {
        char name[32];
        snprintf(name, sizeof name, "EPUB/e%zu.bin", i);
        np_buf_put(&d, want[i].data, want[i].len);
        if (i % 7 == 5) { /* a part of its own, as the articles' */
            ep_part *pt = ep_part_new(&err);
            assert_non_null(pt);
            assert_int_equal(ep_part_add(pt, name, &d, &err), 0);
            assert_int_equal(ep_part_close(pt, &err), 0);
            assert_int_equal(ep_ocf_add_part(o, pt, &err), 0);
        } else {
            assert_int_equal(ep_ocf_add(o, name, &d, 1, &err), 0);
        }
    }
    FILE *f = NULL;
    assert_int_equal(ep_ocf_finish(o, &f, &err), 0);
    np_buf z = NP_BUF_INIT;
    char block[65536];
    size_t n;
    while ((n = fread(block, 1, sizeof block, f)) > 0)
        np_buf_put(&z, block, n);
    fclose(f);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(z.data, z.len, 0, &ze);
    assert_non_null(src);
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    assert_non_null(za);
    assert_int_equal(zip_get_num_entries(za, 0), SMALL + 3); /* and mimetype */
    np_buf got = NP_BUF_INIT;
    for (size_t i = 0; i < SMALL + 2; i++) {
        char name[32];
        snprintf(name, sizeof name, "EPUB/e%zu.bin", i);
        zip_file_t *zf = zip_fopen(za, name, 0);
        assert_non_null(zf);
        np_buf_reset(&got);
        zip_int64_t r;
        while ((r = zip_fread(zf, block, sizeof block)) > 0)
            np_buf_put(&got, block, (size_t)r);
        assert_int_equal(r, 0); /* not -1: the CRC matched */
        assert_int_equal(zip_fclose(zf), 0);
        assert_int_equal(got.len, want[i].len);
        assert_memory_equal(got.data, want[i].data, got.len);
        np_buf_free(&want[i]);
    }
    zip_close(za);
    zip_error_fini(&ze);
    np_buf_free(&got);
    np_buf_free(&z);
    np_buf_free(&d);
    np_error_clear(&err);
}

/* ---- a whole digest in memory -------------------------------------------- */

static const char story_xml[] =
    "<newsItem xmlns='http://iptc.org/std/nar/2006-10-01/' guid='urn:t:1' version='1'"
    " standard='NewsML-G2' standardversion='2.35' xml:lang='en'>"
    "<itemMeta><itemClass qcode='ninat:text'/><provider literal='T'/>"
    "<versionCreated>2026-11-16T10:00:00Z</versionCreated></itemMeta>"
    "<contentMeta><contentCreated>2026-11-16T09:00:00Z</contentCreated>"
    "<headline>Hostile &lt;b&gt;headline&lt;/b&gt; &amp; more</headline></contentMeta>"
    "<contentSet><inlineXML contenttype='application/xhtml+xml'>"
    "<html xmlns='http://www.w3.org/1999/xhtml'><body>"
    "<p>Go <a href='javascript:alert(1)'>here</a> or"
    " <a href='https://example.org/x'>there</a>.</p>"
    "<figure><img src='../../etc/passwd' alt='evil'/>"
    "<figcaption>Caption stays</figcaption></figure>"
    "</body></html></inlineXML></contentSet></newsItem>";

typedef struct grab {
    np_item *item;
    int warnings;
} grab;

static int keep_item(void *ud, np_item *item)
{
    ((grab *)ud)->item = item;
    return 0;
}

static void count_warning(void *ud, const np_error *err)
{
    if (err->code == 0 && strstr(err->message, "not read"))
        ((grab *)ud)->warnings++;
}

static void test_digest_in_memory(void **state)
{
    (void)state;
    grab g = {NULL, 0};
    np_read_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.on_item = keep_item;
    ro.ud = &g;
    np_error err = NP_ERROR_INIT;
    assert_int_equal(
        np_newsml_read_memory(story_xml, sizeof story_xml - 1, "/tmp/t.xml", &ro, &err), 0);
    assert_non_null(g.item);
    np_item *items[1] = {g.item};
    np_collection c = {.items = items, .n = 1};
    np_epub_opts o;
    memset(&o, 0, sizeof o);
    o.modified = np_time_from_epoch(1795824000);
    o.on_issue = count_warning;
    o.ud = &g;
    np_buf z = NP_BUF_INIT, z2 = NP_BUF_INIT;
    assert_int_equal(np_epub_build(&c, &o, &z, &err), 0);
    assert_int_equal(g.warnings, 1); /* the picture, refused */
    assert_int_equal(np_epub_build(&c, &o, &z2, &err), 0);
    assert_int_equal(z.len, z2.len);
    assert_memory_equal(z.data, z2.data, z.len);
    assert_memory_equal(z.data + 30, "mimetypeapplication/epub+zip", 28);
    np_buf_free(&z);
    np_buf_free(&z2);
    np_item_free(g.item);
    np_error_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identifier_stable),
        cmocka_unit_test(test_xml_clean),
        cmocka_unit_test(test_writer_hostile_text),
        cmocka_unit_test(test_writer_as_libxml2),
        cmocka_unit_test(test_link_href),
        cmocka_unit_test(test_lang),
        cmocka_unit_test(test_iso_week),
        cmocka_unit_test(test_date_range),
        cmocka_unit_test(test_sections_by_day),
        cmocka_unit_test(test_sections_package_first),
        cmocka_unit_test(test_linked_picture_not_an_article),
        cmocka_unit_test(test_collection_index),
        cmocka_unit_test(test_ocf),
        cmocka_unit_test(test_ocf_large),
        cmocka_unit_test(test_digest_in_memory),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    np_newsml_cleanup();
    return rc;
}
