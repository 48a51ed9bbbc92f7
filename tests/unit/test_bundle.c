/* Unit tests for the bundle modules: SHA-256 (FIPS 180-4 / NIST vectors),
 * safe file names, charsets (glibc //TRANSLIT), wire framing bytes and the
 * manifest reader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "newsprint/newsprint.h"
#include "bundle/charset.h"
#include "bundle/manifest.h"
#include "bundle/safename.h"
#include "util/sha256.h"
#include "bundle/wire.h"

/* ---- SHA-256 ----------------------------------------------------------- */

static void test_sha256_vectors(void **state)
{
    (void)state;
    /* FIPS 180-4 examples (NIST CSRC "Example Algorithms": SHA256) */
    static const struct {
        const char *msg;
        const char *hex;
    } v[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };
    char hex[65];
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        np_sha256_hex(v[i].msg, strlen(v[i].msg), hex);
        assert_string_equal(hex, v[i].hex);
    }
}

static void test_sha256_million_a(void **state)
{
    (void)state;
    char chunk[1000];
    memset(chunk, 'a', sizeof chunk);
    np_sha256 s;
    unsigned char d[32];
    char hex[65];
    np_sha256_init(&s);
    for (int i = 0; i < 1000; i++)
        np_sha256_update(&s, chunk, sizeof chunk);
    np_sha256_final(&s, d);
    np_sha256_to_hex(d, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void test_sha256_split_updates(void **state)
{
    (void)state;
    /* every split of a 200-byte message (crossing the 55/56/64 byte padding
     * boundaries) gives the one-shot digest */
    unsigned char msg[200];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (unsigned char)(i * 7 + 3);
    for (size_t len = 0; len <= sizeof msg; len += 1) {
        char one[65], two[65];
        np_sha256_hex(msg, len, one);
        size_t cut = len / 3;
        np_sha256 s;
        unsigned char d[32];
        np_sha256_init(&s);
        np_sha256_update(&s, msg, cut);
        np_sha256_update(&s, msg + cut, len - cut);
        np_sha256_final(&s, d);
        np_sha256_to_hex(d, two);
        assert_string_equal(one, two);
    }
}

/* ---- safe names -------------------------------------------------------- */

static char *safe(const char *in)
{
    static char keep[8][256];
    static int k;
    np_buf b = NP_BUF_INIT;
    np_safename(in, 0, &b);
    char *out = keep[k++ % 8];
    snprintf(out, 256, "%s", np_buf_cstr(&b));
    np_buf_free(&b);
    return out;
}

static int valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 : (*p & 0xf0) == 0xe0 ? 3 : (*p & 0xf8) == 0xf0 ? 4 : 0;
        if (!n)
            return 0;
        for (int i = 1; i < n; i++)
            if ((p[i] & 0xc0) != 0x80)
                return 0;
        p += n;
    }
    return 1;
}

static void test_safename_paths(void **state)
{
    (void)state;
    assert_string_equal(safe("../../x"), "x");
    assert_string_equal(safe("/etc/passwd"), "etc-passwd");
    assert_string_equal(safe("SPACE-COMET/CHILE"), "SPACE-COMET-CHILE");
    assert_string_equal(safe("a\\b:c*d?e\"f<g>h|i"), "a-b-c-d-e-f-g-h-i");
    assert_string_equal(safe("..."), "item");
    assert_string_equal(safe(""), "item");
    assert_string_equal(safe(".hidden"), "hidden");
    assert_string_equal(safe("-rf"), "rf");
    assert_string_equal(safe("a..b...txt"), "a.b.txt");
    assert_string_equal(safe("name. "), "name");
    assert_string_equal(safe("BRITAIN-MUSIC/REUNION (KILL)"), "BRITAIN-MUSIC-REUNION-(KILL)");
    assert_string_equal(safe("\xd8\xa7\xd8\xb1\xd8\xaf\xd9\x88 \xe4\xb8\xad"), "\xd8\xa7\xd8\xb1\xd8\xaf\xd9\x88-\xe4\xb8\xad");
    /* no '/' and no ".." in anything */
    const char *nasty[] = {"../", "..\\..\\", "a/../b", ("\xef\xbc\x8f" "etc"), ".\xe2\x80\x8b."};
    for (size_t i = 0; i < sizeof nasty / sizeof nasty[0]; i++) {
        char *s = safe(nasty[i]);
        assert_null(strchr(s, '/'));
        assert_null(strstr(s, ".."));
        assert_true(s[0] != '.');
    }
}

static void test_safename_controls(void **state)
{
    (void)state;
    assert_string_equal(safe("a\x01" "b\x7f" "c\xc2\x85" "d\ne\tf"), "abcd-e-f");
    /* bidi override and zero-width characters are dropped */
    assert_string_equal(safe("evil\xe2\x80\xaetxt.exe"), "eviltxt.exe");
    assert_string_equal(safe("a\xe2\x80\x8b" "b"), "ab");
    /* invalid UTF-8 is dropped, never passed on */
    assert_string_equal(safe("a\xff\xc3(b"), "a(b");
}

static void test_safename_reserved(void **state)
{
    (void)state;
    assert_string_equal(safe("CON"), "_CON");
    assert_string_equal(safe("nul.txt"), "_nul.txt");
    assert_string_equal(safe("Com1"), "_Com1");
    assert_string_equal(safe("LPT9.log"), "_LPT9.log");
    assert_string_equal(safe("CONSOLE"), "CONSOLE");
    assert_string_equal(safe("AUX-2"), "AUX-2");
}

static void test_safename_length(void **state)
{
    (void)state;
    char in[1000];
    memset(in, 'x', 300);
    strcpy(in + 300, ".txt");
    char *s = safe(in);
    assert_int_equal(strlen(s), NP_SAFENAME_MAX);
    assert_string_equal(s + strlen(s) - 4, ".txt");
    /* multi-byte characters are never cut in half */
    in[0] = '\0';
    for (int i = 0; i < 150; i++)
        strcat(in, "\xc3\xa9"); /* é */
    for (int i = 0; i < 33; i++)
        strcat(in, "\xe4\xb8\xad"); /* 中 */
    s = safe(in);
    assert_true(strlen(s) <= NP_SAFENAME_MAX);
    assert_true(valid_utf8(s));
    np_buf b = NP_BUF_INIT;
    np_safename(in + 1, 0, &b); /* starts in the middle of a character */
    assert_true(valid_utf8(b.data));
    np_buf_reset(&b);
    np_safename_variant(s, 12, 0, &b);
    assert_true(b.len <= NP_SAFENAME_MAX);
    assert_true(valid_utf8(b.data));
    assert_string_equal(b.data + b.len - 3, "-12");
    np_buf_reset(&b);
    np_safename_variant("0001-a.txt", 2, 0, &b);
    assert_string_equal(b.data, "0001-a-2.txt");
    np_buf_free(&b);
}

static void test_nameset(void **state)
{
    (void)state;
    np_nameset s = {0};
    assert_true(np_nameset_add(&s, "manifest.json"));
    assert_false(np_nameset_add(&s, "MANIFEST.json"));
    char name[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof name, "file-%d.txt", i);
        assert_true(np_nameset_add(&s, name));
    }
    assert_false(np_nameset_add(&s, "FILE-999.TXT"));
    np_nameset_free(&s);
}

/* ---- charsets ---------------------------------------------------------- */

static char *fold(np_charset_id id, const char *in)
{
    static char out[4][512];
    static int k;
    np_error err = NP_ERROR_INIT;
    np_charset *cs = np_charset_open(id, &err);
    assert_non_null(cs);
    np_buf b = NP_BUF_INIT;
    np_charset_fold(cs, in, strlen(in), &b);
    char *o = out[k++ % 4];
    snprintf(o, 512, "%s", np_buf_cstr(&b));
    np_buf_free(&b);
    np_charset_free(cs);
    return o;
}

static void test_charset_ascii(void **state)
{
    (void)state;
    /* glibc's C.UTF-8 transliterations */
    assert_string_equal(fold(NP_CHARSET_ASCII, "\xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x80\x98x\xe2\x80\x99"),
                        "\"quoted\" 'x'");
    assert_string_equal(fold(NP_CHARSET_ASCII, "a\xe2\x80\x93" "b"), "a-b");        /* en dash */
    assert_string_equal(fold(NP_CHARSET_ASCII, "a\xe2\x80\x94" "b"), "a--b");       /* em dash */
    assert_string_equal(fold(NP_CHARSET_ASCII, "Carolina M\xc3\xa9ndez, \xc3\x9c" "ber"), "Carolina Mendez, Uber");
    assert_string_equal(fold(NP_CHARSET_ASCII, "\xc2\xa9 2026 \xe2\x80\xa6"), "(C) 2026 ...");
    /* other scripts are romanised by ICU's Any-Latin, then folded */
    assert_string_equal(fold(NP_CHARSET_ASCII, "\xce\x95\xce\xbb\xce\xbb\xce\xac\xce\xb4\xce\xb1"), "Ellada");
    assert_string_equal(fold(NP_CHARSET_ASCII, "\xe4\xb8\xad\xe6\x96\x87"), "zhong wen");
    /* a character neither ICU nor glibc can romanise: '?' (Urdu heh goal) */
    assert_string_equal(fold(NP_CHARSET_ASCII, "\xdb\x81"), "?");
    /* control characters never get through */
    assert_string_equal(fold(NP_CHARSET_ASCII, "a\tb\xc2\x85" "c\x7f" "d\ne"), "a b c d\ne");
    assert_string_equal(fold(NP_CHARSET_UTF8, "a\tb\xc2\x85" "c\xc3\xa9"), "a b c\xc3\xa9");
}

static void test_charset_latin1(void **state)
{
    (void)state;
    /* Latin-1 keeps é and «», folds quotes and the euro */
    assert_string_equal(fold(NP_CHARSET_LATIN1, "\xc2\xab" "caf\xc3\xa9\xc2\xbb \xe2\x80\x9cx\xe2\x80\x9d \xe2\x82\xac"),
                        "\xc2\xab" "caf\xc3\xa9\xc2\xbb \"x\" EUR");
    np_error err = NP_ERROR_INIT;
    np_charset *cs = np_charset_open(NP_CHARSET_LATIN1, &err);
    np_buf b = NP_BUF_INIT;
    np_charset_encode(cs, "caf\xc3\xa9 \xc3\xbf", 8, &b);
    assert_int_equal(b.len, 6);
    assert_memory_equal(b.data, "caf\xe9 \xff", 6);
    np_buf_free(&b);
    np_charset_free(cs);
    np_charset_id id;
    assert_int_equal(np_charset_parse("ISO-8859-1", &id), 0);
    assert_int_equal(id, NP_CHARSET_LATIN1);
    assert_int_equal(np_charset_parse("ebcdic", &id), -1);
}

/* ---- wire framing ------------------------------------------------------- */

static void test_wire_times(void **state)
{
    (void)state;
    np_buf b = NP_BUF_INIT;
    np_wire_time_iptc(1795824000, &b); /* 2026-11-28T00:00:00Z */
    assert_string_equal(b.data, "280000 NOV 26");
    np_buf_reset(&b);
    np_wire_time_anpa(1795824000 + 13 * 3600 + 5 * 60, &b);
    assert_string_equal(b.data, "11-28-26 1305GMT");
    np_buf_free(&b);
}

static void test_wire_iptc7901(void **state)
{
    (void)state;
    np_wire_msg m;
    memset(&m, 0, sizeof m);
    m.framing = NP_FRAME_IPTC7901;
    m.eol = "\r\n";
    m.seq = 12;
    m.source = "NPW";
    m.priority = "4";
    m.category = "S";
    m.words = 123;
    m.slug = "SPACE-COMET/CHILE";
    m.headline = "Comet found\n";
    m.text = "   First para.\n   Second.\n";
    m.sent = 1795824000;
    np_buf b = NP_BUF_INIT;
    np_wire_frame(&m, &b);
    const char want[] = "\x01NPW0012 4 S 0123\r\nSPACE-COMET/CHILE\r\n\x02" "Comet found\r\n"
                        "   First para.\r\n   Second.\r\n\x03" "280000 NOV 26\r\n\x04";
    assert_int_equal(b.len, sizeof want - 1);
    assert_memory_equal(b.data, want, sizeof want - 1);
    np_buf_free(&b);
}

static void test_wire_anpa1312(void **state)
{
    (void)state;
    np_wire_msg m;
    memset(&m, 0, sizeof m);
    m.framing = NP_FRAME_ANPA1312;
    m.eol = "\r\n";
    m.seq = 7;
    m.source = "a";
    m.selector = "npw01";
    m.priority = "u";
    m.category = "i";
    m.words = 45;
    m.slug = "bc-Comet";
    m.version = "Writethru";
    m.reference = "0003";
    m.month = 11;
    m.day = 28;
    m.headline = "Comet found";
    m.text = "   Text.";
    m.signoff = "NPW";
    m.sent = 1795824000;
    np_buf b = NP_BUF_INIT;
    np_wire_frame(&m, &b);
    const char want[] = "\x16\x16\x01" "a0007\x1f" "npw01\r\nu i\x13\x11 bc-Comet Writethru 0003 11-28 0045\r\n"
                        "\x02" "Comet found\r\n   Text.\r\n\x03" "NPW-11-28-26 0000GMT\r\n\x04";
    assert_int_equal(b.len, sizeof want - 1);
    assert_memory_equal(b.data, want, sizeof want - 1);
    /* the message number wraps at 4 digits, word counts are capped */
    np_buf_reset(&b);
    m.seq = 10003;
    m.words = 123456;
    m.selector = NULL;
    m.version = "";
    m.reference = "";
    np_wire_frame(&m, &b);
    assert_non_null(strstr(b.data, "\x01" "a0003\r\n"));
    assert_non_null(strstr(b.data, " bc-Comet   11-28 9999\r\n"));
    np_buf_free(&b);
}

static void test_wire_plain(void **state)
{
    (void)state;
    np_wire_msg m;
    memset(&m, 0, sizeof m);
    m.framing = NP_FRAME_PLAIN;
    m.eol = "\n";
    m.text = "Headline\n\nText\n";
    np_buf b = NP_BUF_INIT;
    np_wire_frame(&m, &b);
    assert_string_equal(b.data, "Headline\n\nText\n");
    np_buf_free(&b);
}

/* ---- manifest reader ---------------------------------------------------- */

static void test_manifest_parse(void **state)
{
    (void)state;
    const char *j =
        "{\"format\": \"newsprint-bundle\", \"partner\": \"p\\u00e9\", \"generated\": \"2026-11-28T00:00:00Z\",\n"
        " \"counts\": {\"files\": 2, \"nested\": [1, 2.5e3, -0, true, false, null, {\"a\": []}]},\n"
        " \"files\": [{\"file\": \"0001-a.txt\", \"sequence\": 1, \"guid\": \"g:a\", \"version\": 2, \"signal\": \"new\"},\n"
        "            {\"guid\": \"g:b\\ud83d\\ude00\", \"version\": 1, \"signal\": \"kill\", \"file\": \"x\\/y\"}],\n"
        " \"previously_delivered\": [{\"guid\": \"g:a\", \"version\": 1, \"signal\": \"sent\"},\n"
        "                           {\"guid\": \"g:c\", \"version\": 4, \"signal\": \"sent\", \"file\": null}]}\n";
    np_received r;
    np_error err = NP_ERROR_INIT;
    assert_int_equal(np_manifest_parse(j, strlen(j), "m.json", &r, &err), NP_OK);
    assert_int_equal(r.n, 3);
    assert_string_equal(r.partner, "p\xc3\xa9");
    np_received_entry *a = np_received_find(&r, "g:a");
    assert_non_null(a);
    assert_int_equal(a->version, 2); /* "files" wins over previously_delivered */
    assert_string_equal(a->file, "0001-a.txt");
    assert_int_equal(a->sequence, 1);
    np_received_entry *b = np_received_find(&r, "g:b\xf0\x9f\x98\x80");
    assert_non_null(b);
    assert_true(b->killed);
    assert_string_equal(b->file, "x/y");
    assert_non_null(np_received_find(&r, "g:c"));
    assert_null(np_received_find(&r, "g:zz"));
    np_received_free(&r);
}

static void test_manifest_rejects(void **state)
{
    (void)state;
    const char *bad[] = {
        "",
        "[]",
        "{\"files\": []} x",
        "{\"files\": [}",
        "{\"files\": [{\"guid\": \"a\", \"version\": 1.5}]}",
        "{\"files\": [{\"guid\": \"\\ud800\"}]}",
        "{\"files\": [{\"guid\": \"a\\u0000\"}]}",
        "{\"files\": [{\"guid\": \"\xff\"}]}",
        "{\"files\": [{\"guid\": \"a\nb\"}]}",
        "{\"files\": [], \"x\": tru}",
        "{\"files\": [], \"x\": 01}",
        "{\"partner\": \"x\"}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        np_received r;
        np_error err = NP_ERROR_INIT;
        assert_int_not_equal(np_manifest_parse(bad[i], strlen(bad[i]), "m", &r, &err), NP_OK);
        assert_non_null(err.message);
        assert_int_equal(r.n, 0);
        np_error_clear(&err);
    }
    /* nesting bomb: refused, no stack overflow */
    size_t n = 100000;
    char *deep = malloc(n * 2 + 32);
    strcpy(deep, "{\"files\": [], \"x\": ");
    size_t k = strlen(deep);
    for (size_t i = 0; i < n; i++)
        deep[k++] = '[';
    for (size_t i = 0; i < n; i++)
        deep[k++] = ']';
    deep[k++] = '}';
    np_received r;
    np_error err = NP_ERROR_INIT;
    assert_int_not_equal(np_manifest_parse(deep, k, "deep", &r, &err), NP_OK);
    np_error_clear(&err);
    free(deep);
}

static void test_json_string(void **state)
{
    (void)state;
    np_buf b = NP_BUF_INIT;
    np_json_string(&b, "a\"b\\c\n\x01\xc3\xa9");
    assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\u0001\xc3\xa9\"");
    np_buf_reset(&b);
    np_json_string(&b, NULL);
    assert_string_equal(b.data, "null");
    np_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_sha256_million_a),
        cmocka_unit_test(test_sha256_split_updates),
        cmocka_unit_test(test_safename_paths),
        cmocka_unit_test(test_safename_controls),
        cmocka_unit_test(test_safename_reserved),
        cmocka_unit_test(test_safename_length),
        cmocka_unit_test(test_nameset),
        cmocka_unit_test(test_charset_ascii),
        cmocka_unit_test(test_charset_latin1),
        cmocka_unit_test(test_wire_times),
        cmocka_unit_test(test_wire_iptc7901),
        cmocka_unit_test(test_wire_anpa1312),
        cmocka_unit_test(test_wire_plain),
        cmocka_unit_test(test_manifest_parse),
        cmocka_unit_test(test_manifest_rejects),
        cmocka_unit_test(test_json_string),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
