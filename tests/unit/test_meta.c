/* Unit tests: metadata — bylines, datelines, upper-casing, copyright
 * lines.  (Times: test_time.c.) */
#include "unit.h"

#include <locale.h>
#include <wctype.h>

#define EN_DASH "\xE2\x80\x93"

typedef void (*item_fmt)(const np_item *, np_buf *);

static void assert_item(item_fmt f, const np_item *it, const char *want)
{
    np_buf b = NP_BUF_INIT;
    f(it, &b);
    assert_string_equal(np_buf_cstr(&b), want);
    np_buf_free(&b);
}

static np_item blank_item(void)
{
    np_item it;
    memset(&it, 0, sizeof it);
    it.version = 1;
    it.lang = "en";
    return it;
}

/* A concept with one name (and optional qcode); `next` cleared. */
static void set_concept(np_concept *c, np_text *name, const char *text, const char *qcode)
{
    memset(c, 0, sizeof *c);
    c->qcode = qcode;
    if (text) {
        memset(name, 0, sizeof *name);
        name->text = text;
        c->names = name;
    }
}

/* ---- byline --------------------------------------------------------------- */

static void test_byline(void **state)
{
    (void)state;
    np_item it = blank_item();
    np_concept c[4];
    np_text n[4];
    assert_item(np_meta_byline, &it, ""); /* no creators */

    set_concept(&c[0], &n[0], NULL, "nprov:staff"); /* only a qcode: no name */
    it.creators = &c[0];
    assert_item(np_meta_byline, &it, "");

    set_concept(&c[0], &n[0], "Jane Doe", "cont:1");
    assert_item(np_meta_byline, &it, "By Jane Doe");

    set_concept(&c[1], &n[1], "John Roe", NULL);
    c[0].next = &c[1];
    assert_item(np_meta_byline, &it, "By Jane Doe and John Roe");

    set_concept(&c[2], &n[2], "Ann Poe", NULL);
    c[1].next = &c[2];
    assert_item(np_meta_byline, &it, "By Jane Doe, John Roe and Ann Poe");

    set_concept(&c[3], &n[3], "Bob Moe", NULL);
    c[2].next = &c[3];
    assert_item(np_meta_byline, &it, "By Jane Doe, John Roe, Ann Poe and Bob Moe");

    /* a nameless creator in the middle is skipped, not counted */
    set_concept(&c[1], &n[1], NULL, NULL);
    c[1].uri = "http://example.com/people/42";
    c[1].next = &c[2];
    c[2].next = NULL;
    assert_item(np_meta_byline, &it, "By Jane Doe and Ann Poe");

    /* a literal is a name */
    c[1].literal = "  John \t Roe ";
    assert_item(np_meta_byline, &it, "By Jane Doe, John Roe and Ann Poe");

    /* whitespace normalised */
    n[0].text = "\n  Jane   Doe\t";
    assert_item(np_meta_byline, &it, "By Jane Doe, John Roe and Ann Poe");

    /* contributors are not in the byline */
    it.creators = NULL;
    it.contributors = &c[0];
    assert_item(np_meta_byline, &it, "");
}

static void test_byline_by_prefix(void **state)
{
    (void)state;
    np_item it = blank_item();
    np_concept c[3];
    np_text n[3];
    set_concept(&c[0], &n[0], "By Jane Doe, Reuters", NULL);
    it.creators = &c[0];
    assert_item(np_meta_byline, &it, "By Jane Doe, Reuters");

    n[0].text = "BY  JANE DOE";
    assert_item(np_meta_byline, &it, "BY JANE DOE");
    n[0].text = "by Jane Doe";
    assert_item(np_meta_byline, &it, "by Jane Doe");

    /* a full byline among plain names wins, alone */
    set_concept(&c[0], &n[0], "Jane Doe", NULL);
    set_concept(&c[1], &n[1], "By John Roe and Ann Poe in Paris", NULL);
    set_concept(&c[2], &n[2], "Bob Moe", NULL);
    c[0].next = &c[1];
    c[1].next = &c[2];
    assert_item(np_meta_byline, &it, "By John Roe and Ann Poe in Paris");

    /* "By" as the start of a word is a name */
    set_concept(&c[1], &n[1], "Byron Smith", NULL);
    c[1].next = NULL;
    assert_item(np_meta_byline, &it, "By Jane Doe and Byron Smith");
}

static void test_byline_language(void **state)
{
    (void)state;
    np_item it = blank_item();
    np_concept c;
    np_text en, de;
    memset(&c, 0, sizeof c);
    memset(&en, 0, sizeof en);
    memset(&de, 0, sizeof de);
    en.text = "Munich Desk";
    en.lang = "en";
    en.next = &de;
    de.text = "Redaktion M\xC3\xBCnchen";
    de.lang = "de";
    c.names = &en;
    it.creators = &c;
    it.lang = "de-DE";
    assert_item(np_meta_byline, &it, "Von Redaktion M\xC3\xBCnchen");
    it.lang = "en-GB";
    assert_item(np_meta_byline, &it, "By Munich Desk");
    /* a language whose byline words we do not know: the names alone */
    np_concept c2;
    np_text n2;
    memset(&c2, 0, sizeof c2);
    memset(&n2, 0, sizeof n2);
    n2.text = "Ayesha Malik";
    c2.names = &n2;
    c.next = &c2;
    it.lang = "ur";
    assert_item(np_meta_byline, &it, "Munich Desk, Ayesha Malik");
}

/* ---- dateline ------------------------------------------------------------- */

static void test_place(void **state)
{
    (void)state;
    np_item it = blank_item();
    assert_item(np_meta_place, &it, "");
    np_concept place;
    np_text pname;
    set_concept(&place, &pname, "Lahore", NULL);
    it.located = &place;
    assert_item(np_meta_place, &it, "Lahore");
    it.dateline = "London (dpa) -";
    assert_item(np_meta_place, &it, "London (dpa)");
    it.dateline = "BEIJING-UNS:";
    assert_item(np_meta_place, &it, "BEIJING-UNS");
    it.dateline = "PARIS " EN_DASH;
    assert_item(np_meta_place, &it, "PARIS");
    it.dateline = "ROMA \xe2\x80\x94 ";
    assert_item(np_meta_place, &it, "ROMA");
    it.dateline = "R\xc4\x93ga"; /* a final byte 0x93 inside a letter is not a dash */
    assert_item(np_meta_place, &it, "R\xc4\x93ga");
}

static void test_dateline_given(void **state)
{
    (void)state;
    np_item it = blank_item();
    np_concept place;
    np_text pname;
    set_concept(&place, &pname, "Ignored", NULL);
    it.located = &place; /* a given dateline wins over located */
    it.content_created = ut_time("2023-10-17T09:30:00+08:00");

    it.dateline = "BEIJING-UNS";
    assert_item(np_meta_dateline, &it, "BEIJING-UNS " EN_DASH);
    it.dateline = "MOSCOW, Monday (Reuters) -";
    assert_item(np_meta_dateline, &it, "MOSCOW, Monday (Reuters) -");
    it.dateline = "LONDON, Oct. 17 (dpa) " EN_DASH;
    assert_item(np_meta_dateline, &it, "LONDON, Oct. 17 (dpa) " EN_DASH);
    it.dateline = "PARIS \xE2\x80\x94"; /* em dash */
    assert_item(np_meta_dateline, &it, "PARIS \xE2\x80\x94");
    it.dateline = "WASHINGTON:";
    assert_item(np_meta_dateline, &it, "WASHINGTON:");
    it.dateline = "  NEW   YORK \n";
    assert_item(np_meta_dateline, &it, "NEW YORK " EN_DASH);
    it.dateline = "Z\xC3\xBCrich (sda) - ";
    assert_item(np_meta_dateline, &it, "Z\xC3\xBCrich (sda) -");

    /* an empty dateline element counts as absent */
    it.dateline = " \n ";
    assert_item(np_meta_dateline, &it, "IGNORED, Oct. 17 " EN_DASH);
}

static void test_dateline_built(void **state)
{
    (void)state;
    np_item it = blank_item();
    np_concept place, prov;
    np_text pname, provname;
    set_concept(&place, &pname, "Beijing", "geo:1816670");
    set_concept(&prov, &provname, NULL, "nprov:UNS");
    it.located = &place;
    it.provider = &prov;
    /* 01:00 in Beijing is still the 16th in UTC: the source's day counts */
    it.content_created = ut_time("2023-10-17T01:00:00+08:00");
    it.first_created = ut_time("2023-09-01T00:00:00Z");
    assert_item(np_meta_dateline, &it, "BEIJING, Oct. 17 (UNS) " EN_DASH);

    /* provider with a name: as written */
    set_concept(&prov, &provname, "Reuters", "nprov:REUTERS");
    assert_item(np_meta_dateline, &it, "BEIJING, Oct. 17 (Reuters) " EN_DASH);

    /* date from firstCreated, then versionCreated */
    memset(&it.content_created, 0, sizeof it.content_created);
    assert_item(np_meta_dateline, &it, "BEIJING, Sept. 1 (Reuters) " EN_DASH);
    memset(&it.first_created, 0, sizeof it.first_created);
    it.version_created = ut_time("2024-03-05T12:00:00Z");
    assert_item(np_meta_dateline, &it, "BEIJING, March 5 (Reuters) " EN_DASH);

    /* non-ASCII place names are upper-cased too */
    pname.text = "Z\xC3\xBCrich";
    prov.names = NULL; /* back to the qcode */
    assert_item(np_meta_dateline, &it, "Z\xC3\x9CRICH, March 5 (REUTERS) " EN_DASH);
    pname.text = "S\xC3\xA3o  Paulo";
    assert_item(np_meta_dateline, &it, "S\xC3\x83O PAULO, March 5 (REUTERS) " EN_DASH);
}

static void test_dateline_partial(void **state)
{
    (void)state;
    np_item it = blank_item();
    np_concept place, prov;
    np_text pname, provname;
    set_concept(&place, &pname, "Beijing", NULL);
    set_concept(&prov, &provname, NULL, "nprov:UNS");

    assert_item(np_meta_dateline, &it, ""); /* nothing known */

    it.located = &place;
    it.provider = &prov;
    assert_item(np_meta_dateline, &it, "BEIJING (UNS) " EN_DASH);

    it.located = NULL;
    it.content_created = ut_time("2023-10-17");
    assert_item(np_meta_dateline, &it, "Oct. 17 (UNS) " EN_DASH);

    it.provider = NULL;
    assert_item(np_meta_dateline, &it, "Oct. 17 " EN_DASH);

    memset(&it.content_created, 0, sizeof it.content_created);
    it.provider = &prov;
    assert_item(np_meta_dateline, &it, "(UNS) " EN_DASH);

    it.provider = NULL;
    it.located = &place;
    assert_item(np_meta_dateline, &it, "BEIJING " EN_DASH);

    /* a located place with only a code is no name */
    set_concept(&place, &pname, NULL, "geo:1816670");
    assert_item(np_meta_dateline, &it, "");
    it.content_created = ut_time("2023-12-25T10:00:00Z");
    assert_item(np_meta_dateline, &it, "Dec. 25 " EN_DASH);

    /* a qcode without a colon is used whole; a bare URI is not a name */
    it.provider = &prov;
    prov.qcode = "AFP";
    assert_item(np_meta_dateline, &it, "Dec. 25 (AFP) " EN_DASH);
    prov.qcode = NULL;
    prov.uri = "http://cv.iptc.org/newscodes/newsprovider/UNS";
    assert_item(np_meta_dateline, &it, "Dec. 25 " EN_DASH);
}

/* ---- upper case ----------------------------------------------------------- */

static void assert_upper(const char *in, const char *want)
{
    np_buf b = NP_BUF_INIT;
    np_meta_upper(in, &b);
    assert_string_equal(np_buf_cstr(&b), want);
    np_buf_free(&b);
}

static void test_upper(void **state)
{
    (void)state;
    assert_upper("Beijing", "BEIJING");
    assert_upper("Z\xC3\xBCrich", "Z\xC3\x9CRICH");
    assert_upper("Krak\xC3\xB3w", "KRAK\xC3\x93W");
    assert_upper("\xC5\x81\xC3\xB3" "d\xC5\xBA", "\xC5\x81\xC3\x93" "D\xC5\xB9"); /* Łódź */
    assert_upper("\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1",
                 "\xCE\x91\xCE\x98\xCE\x89\xCE\x9D\xCE\x91"); /* Αθήνα */
    assert_upper("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0",
                 "\xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90"); /* Москва */
    assert_upper("H\xC3\xA0 N\xE1\xBB\x99i", "H\xC3\x80 N\xE1\xBB\x98I"); /* Hà Nội */
    assert_upper("C\xE1\xBA\xA7n Th\xC6\xA1", "C\xE1\xBA\xA6N TH\xC6\xA0"); /* Cần Thơ */
    assert_upper("\xE5\x8C\x97\xE4\xBA\xAC", "\xE5\x8C\x97\xE4\xBA\xAC"); /* 北京 unchanged */
    assert_upper("Stra\xC3\x9F" "e", "STRA\xC3\x9F" "E"); /* ß has no simple capital */
    assert_upper("a\xFF" "b\xC3", "A\xFF" "B\xC3");       /* invalid bytes kept */
    assert_upper("", "");
}

/* The built-in table agrees with the C library's C.UTF-8 towupper over the
 * ranges it claims (skipped where that locale does not exist). */
static void test_upper_matches_libc(void **state)
{
    (void)state;
    locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    if (!loc)
        loc = newlocale(LC_CTYPE_MASK, "C.utf8", (locale_t)0);
    if (!loc)
        skip();
    static const uint32_t ranges[][2] = {{0x20, 0x23E},   {0x241, 0x24F},   {0x386, 0x3CE},
                                         {0x400, 0x52F},  {0x531, 0x58F},   {0x1E00, 0x1E9A},
                                         {0x1E9C, 0x1EFF}};
    size_t checked = 0;
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
        for (uint32_t c = ranges[r][0]; c <= ranges[r][1]; c++) {
            char in[4] = {0};
            if (c < 0x80) {
                in[0] = (char)c;
            } else if (c < 0x800) {
                in[0] = (char)(0xC0 | (c >> 6));
                in[1] = (char)(0x80 | (c & 0x3F));
            } else {
                in[0] = (char)(0xE0 | (c >> 12));
                in[1] = (char)(0x80 | ((c >> 6) & 0x3F));
                in[2] = (char)(0x80 | (c & 0x3F));
            }
            uint32_t ref = (uint32_t)towupper_l((wint_t)c, loc);
            char want[4] = {0};
            if (ref < 0x80) {
                want[0] = (char)ref;
            } else if (ref < 0x800) {
                want[0] = (char)(0xC0 | (ref >> 6));
                want[1] = (char)(0x80 | (ref & 0x3F));
            } else {
                want[0] = (char)(0xE0 | (ref >> 12));
                want[1] = (char)(0x80 | ((ref >> 6) & 0x3F));
                want[2] = (char)(0x80 | (ref & 0x3F));
            }
            np_buf b = NP_BUF_INIT;
            np_meta_upper(in, &b);
            if (strcmp(np_buf_cstr(&b), want) != 0) {
                np_buf_free(&b);
                freelocale(loc);
                fail_msg("U+%04X: libc says U+%04X", (unsigned)c, (unsigned)ref);
            }
            np_buf_free(&b);
            checked++;
        }
    }
    freelocale(loc);
    assert_true(checked > 1000);
}

/* ---- names, copyright, item date ----------------------------------------- */

static void test_subject_name(void **state)
{
    (void)state;
    np_concept s;
    np_text en, fr;
    memset(&s, 0, sizeof s);
    memset(&en, 0, sizeof en);
    memset(&fr, 0, sizeof fr);
    s.qcode = "medtop:04000000";
    assert_string_equal(np_meta_subject_name(&s, "en"), "medtop:04000000");
    en.text = "economy, business and finance";
    en.lang = "en";
    fr.text = "\xC3\xA9" "conomie";
    fr.lang = "fr";
    en.next = &fr;
    s.names = &en;
    assert_string_equal(np_meta_subject_name(&s, "fr-CA"), "\xC3\xA9" "conomie");
    assert_string_equal(np_meta_subject_name(&s, "en"), "economy, business and finance");
    assert_string_equal(np_meta_subject_name(&s, NULL), "economy, business and finance");
    assert_null(np_meta_subject_name(NULL, "en"));
}

static void test_copyright(void **state)
{
    (void)state;
    np_item it = blank_item();
    assert_item(np_meta_copyright, &it, "");

    it.content_created = ut_time("2023-10-17T09:30:00+05:00");
    assert_item(np_meta_copyright, &it, ""); /* a year alone says nothing */

    it.rights.holder = "United News Service";
    assert_item(np_meta_copyright, &it, "\xC2\xA9 2023 United News Service");

    /* the year of the source's own day, not of UTC */
    it.content_created = ut_time("2023-12-31T23:00:00-05:00");
    assert_item(np_meta_copyright, &it, "\xC2\xA9 2023 United News Service");

    memset(&it.content_created, 0, sizeof it.content_created);
    it.version_created = ut_time("2021-06-01");
    assert_item(np_meta_copyright, &it, "\xC2\xA9 2021 United News Service");
    memset(&it.version_created, 0, sizeof it.version_created);
    assert_item(np_meta_copyright, &it, "\xC2\xA9 United News Service");

    it.rights.notice = "  Copyright 2023\n  UNS.  All rights reserved. ";
    assert_item(np_meta_copyright, &it, "Copyright 2023 UNS. All rights reserved.");
    it.rights.holder = NULL;
    assert_item(np_meta_copyright, &it, "Copyright 2023 UNS. All rights reserved.");
    it.rights.notice = "   ";
    assert_item(np_meta_copyright, &it, "");
}

static void test_item_date(void **state)
{
    (void)state;
    np_item it = blank_item();
    assert_null(np_meta_item_date(&it));
    assert_null(np_meta_item_date(NULL));
    it.version_created = ut_time("2023-10-19");
    assert_ptr_equal(np_meta_item_date(&it), &it.version_created);
    it.first_created = ut_time("2023-10-18");
    assert_ptr_equal(np_meta_item_date(&it), &it.first_created);
    it.content_created = ut_time("2023-10-17");
    assert_ptr_equal(np_meta_item_date(&it), &it.content_created);
    /* an unparseable contentCreated does not count */
    assert_int_equal(np_time_parse("2023-10-32", &it.content_created), -1);
    assert_ptr_equal(np_meta_item_date(&it), &it.first_created);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_byline),
        cmocka_unit_test(test_byline_by_prefix),
        cmocka_unit_test(test_byline_language),
        cmocka_unit_test(test_place),
        cmocka_unit_test(test_dateline_given),
        cmocka_unit_test(test_dateline_built),
        cmocka_unit_test(test_dateline_partial),
        cmocka_unit_test(test_upper),
        cmocka_unit_test(test_upper_matches_libc),
        cmocka_unit_test(test_subject_name),
        cmocka_unit_test(test_copyright),
        cmocka_unit_test(test_item_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
