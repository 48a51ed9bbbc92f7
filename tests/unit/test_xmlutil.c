/* Unit tests: the reader's fast paths against the general ones they
 * stand in for (whitespace squeezed sixteen bytes at a time, attribute
 * values and one-text-node elements read in place, attributes from a
 * DTD's defaults, the HTML sniffing of plain bodies). */
#include "unit.h"

#include "read/body.h"
#include "read/xmlutil.h"

#include <libxml/parser.h>

/* np_squeeze_ws() one byte at a time, as it was before any fast path:
 * controls (and with `bidi` the embedding, override and isolate
 * controls) go, each run of whitespace becomes one space. */
static size_t ref_bidi_len(const unsigned char *u)
{
    if (u[0] != 0xe2)
        return 0;
    if ((u[1] == 0x80 && u[2] >= 0xaa && u[2] <= 0xae) || (u[1] == 0x81 && u[2] >= 0xa6 && u[2] <= 0xa9))
        return 3;
    return 0;
}

static char *ref_squeeze(char *s, int *space, int bidi)
{
    char *w = s;
    int sp = *space;
    for (const char *r = s; *r;) {
        size_t ctl = np_control_len(r);
        if (!ctl && bidi)
            ctl = ref_bidi_len((const unsigned char *)r);
        if (ctl) {
            r += ctl;
            continue;
        }
        if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
            if (!sp)
                *w++ = ' ';
            sp = 1;
        } else {
            *w++ = *r;
            sp = 0;
        }
        r++;
    }
    *space = sp;
    return w;
}

/* Random texts of plain words, single and double spaces, tabs, newlines,
 * controls, C1 and bidi controls, other UTF-8 (and a truncated lead byte
 * at the end), at every offset from a sixteen-byte boundary. */
static void test_squeeze_matches_byte_loop(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "word", "Quick brown fox jumps", " ", "  ", "\t", "\n", "\r\n", "\x01", "\x7f",
        "\xc2\x85", "\xc2\xa0", "\xc2\xbb", "\xe2\x80\xae", "\xe2\x81\xa7", "\xe2\x80\x94",
        "\xc3\xa9t\xc3\xa9", "\xe4\xb8\xad\xe6\x96\x87", "x", ".", "~", "!", "      ", "\xf0\x9f\x98\x80"};
    const size_t npieces = sizeof pieces / sizeof *pieces;
    uint32_t seed = 12345;
    char a[512], b[512];
    for (int round = 0; round < 20000; round++) {
        size_t len = 0;
        seed = seed * 1103515245u + 12345u;
        int count = (int)((seed >> 16) % 24);
        for (int k = 0; k < count; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % npieces];
            size_t n = strlen(p);
            if (len + n + 2 >= sizeof a)
                break;
            memcpy(a + len, p, n);
            len += n;
        }
        if (round % 7 == 0 && len + 1 < sizeof a)
            a[len++] = (char)0xc2; /* a lead byte with nothing after it */
        a[len] = '\0';
        memcpy(b, a, len + 1);
        int bidi = round & 1, sp1 = (round >> 1) & 1, sp2 = sp1;
        char *e1 = np_squeeze_ws(a, &sp1, bidi);
        char *e2 = ref_squeeze(b, &sp2, bidi);
        assert_int_equal(e1 - a, e2 - b);
        assert_memory_equal(a, b, (size_t)(e1 - a));
        assert_int_equal(sp1, sp2);
    }
}

static void test_collapse(void **state)
{
    (void)state;
    char s[] = "  A  long\tline\n\nof text with \xe2\x80\xae" "bidi\xe2\x80\xac and  \x01 controls, "
               "past sixteen bytes   ";
    assert_string_equal(np_collapse_ws(s), "A long line of text with bidi and controls, past sixteen bytes");
    char t[] = "                                  ";
    assert_string_equal(np_collapse_ws(t), "");
}

static xmlNode *root_of(xmlDoc **doc, const char *xml)
{
    *doc = xmlReadMemory(xml, (int)strlen(xml), "t.xml", NULL, XML_PARSE_NONET);
    assert_non_null(*doc);
    return xmlDocGetRootElement(*doc);
}

static void test_attributes_and_text(void **state)
{
    (void)state;
    xmlDoc *doc;
    xmlNode *e = root_of(&doc, "<e a='  x &amp;  y ' b='' xml:lang=' en-GB ' "
                               "class='lead BYLINE\tx'><c>  one  text </c><d>By<f>Jane</f></d></e>");
    np_arena *a = np_arena_new();
    assert_string_equal(np_xml_attr(a, e, "a"), "x & y");
    assert_null(np_xml_attr(a, e, "b"));
    assert_null(np_xml_attr(a, e, "lang")); /* xml:lang is in a namespace */
    assert_string_equal(np_xml_lang(a, e), "en-GB");
    assert_true(np_xml_has_class(e, "byline"));
    assert_false(np_xml_has_class(e, "by"));
    const xmlNode *c = np_xml_first_elem(e), *d = np_xml_next_elem(c);
    assert_string_equal(np_xml_text(a, c), "one text");
    assert_string_equal(np_xml_text(a, d), "By Jane");
    assert_false(np_xml_has_class(c, "byline"));
    np_arena_free(a);
    xmlFreeDoc(doc);
}

/* Defaults from the DTD are attributes as well. */
static void test_dtd_defaults(void **state)
{
    (void)state;
    xmlDoc *doc;
    xmlNode *e = root_of(&doc, "<!DOCTYPE e [<!ATTLIST e class CDATA 'dateline byline'>"
                               "<!ATTLIST e xml:lang CDATA 'fr'>]><e/>");
    np_arena *a = np_arena_new();
    assert_true(np_xml_has_class(e, "byline"));
    assert_string_equal(np_xml_lang(a, e), "fr");
    np_arena_free(a);
    xmlFreeDoc(doc);
}

static void test_looks_like_html(void **state)
{
    (void)state;
    assert_true(np_body_looks_like_html("  \n<P>One</P>", 13));
    assert_true(np_body_looks_like_html("Text then <STRONG>bold", 22));
    assert_true(np_body_looks_like_html("x <a href='y'>", 15));
    assert_false(np_body_looks_like_html("1 < 2 and <pre", 14));
    assert_false(np_body_looks_like_html("ends in <di", 11));
    assert_false(np_body_looks_like_html("<b", 2));
    assert_false(np_body_looks_like_html("   ", 3));
    /* only the first 4096 bytes after the leading whitespace count */
    char big[5000];
    memset(big, 'x', sizeof big);
    memcpy(big + 4094, "<br>", 4);
    assert_false(np_body_looks_like_html(big, sizeof big));
    memcpy(big + 4093, "<br>", 4);
    assert_true(np_body_looks_like_html(big, sizeof big));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_squeeze_matches_byte_loop),
        cmocka_unit_test(test_collapse),
        cmocka_unit_test(test_attributes_and_text),
        cmocka_unit_test(test_dtd_defaults),
        cmocka_unit_test(test_looks_like_html),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    np_cleanup();
    return rc;
}
