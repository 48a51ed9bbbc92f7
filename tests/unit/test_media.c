/* Unit tests: picture href safety, image sniffing, style files, atomic output. */
#include "unit.h"
#include "util/infile.h"

#include <sys/stat.h>
#include <unistd.h>


static char item[300];

static int setup(void **state)
{
    if (ut_tmpdir_setup(state) != 0)
        return -1;
    char p[512];
    snprintf(p, sizeof p, "%s/items", ut_dir);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/items/img", ut_dir);
    mkdir(p, 0755);
    snprintf(item, sizeof item, "%s/items/story.xml", ut_dir);
    ut_put("items/img/a b.png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x20\0\0\0\x10");
    ut_put("secret.txt", "secret");
    snprintf(p, sizeof p, "%s/items/img/link", ut_dir);
    char target[512];
    snprintf(target, sizeof target, "%s/secret.txt", ut_dir);
    if (symlink(target, p) != 0)
        return -1;
    return 0;
}

static void test_href_ok(void **state)
{
    (void)state;
    np_buf out = NP_BUF_INIT;
    np_error err = NP_ERROR_INIT;
    assert_int_equal(np_href_resolve(item, "img/a%20b.png", &out, &err), NP_OK);
    assert_non_null(strstr(out.data, "/items/img/a b.png"));
    assert_int_equal(np_href_resolve(item, "./img/a b.png", &out, &err), NP_OK);
    np_buf_free(&out);
}

static void test_href_hostile(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "../secret.txt", "img/../../secret.txt", "/etc/passwd", "file:///etc/passwd",
        "http://example.com/a.png", "HTTPS://x/y", "data:image/png;base64,AAAA",
        "%2e%2e/secret.txt", "img%2f..%2f..%2fsecret.txt", "img\\..\\..\\secret.txt",
        "img/link", "", "img/a%00.png", "C:/Windows/x.png"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        np_buf out = NP_BUF_INIT;
        np_error err = NP_ERROR_INIT;
        int rc = np_href_resolve(item, bad[i], &out, &err);
        if (rc != NP_ERR_UNSAFE)
            fail_msg("href '%s' gave %d (%s)", bad[i], rc, out.data ? out.data : "");
        assert_int_equal(out.len, 0);
        assert_non_null(err.message);
        np_error_clear(&err);
        np_buf_free(&out);
    }
}

static void test_href_missing_and_stdin(void **state)
{
    (void)state;
    np_buf out = NP_BUF_INIT;
    np_error err = NP_ERROR_INIT;
    assert_int_equal(np_href_resolve(item, "img/none.png", &out, &err), NP_ERR_IO);
    assert_non_null(strstr(err.message, "not found"));
    np_error_clear(&err);
    assert_int_equal(np_href_resolve("<stdin>", "img/a.png", &out, &err), NP_ERR_UNSAFE);
    np_error_clear(&err);
    np_buf_free(&out);
}

static void test_sniff(void **state)
{
    (void)state;
    const unsigned char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\x00\0\0\0\x80";
    np_image_info i = np_image_sniff(png, sizeof png - 1);
    assert_int_equal(i.type, NP_IMG_PNG);
    assert_int_equal(i.width, 256);
    assert_int_equal(i.height, 128);
    assert_string_equal(i.media_type, "image/png");
    const unsigned char gif[] = "GIF89a\x10\x00\x20\x00";
    i = np_image_sniff(gif, sizeof gif - 1);
    assert_int_equal(i.type, NP_IMG_GIF);
    assert_int_equal(i.width, 16);
    assert_int_equal(i.height, 32);
    const unsigned char jpg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00,
                                 0x11, 0x08, 0x00, 0x30, 0x00, 0x40, 0x03, 0x00, 0x00, 0x00, 0x00};
    i = np_image_sniff(jpg, sizeof jpg);
    assert_int_equal(i.type, NP_IMG_JPEG);
    assert_int_equal(i.width, 64);
    assert_int_equal(i.height, 48);
    const unsigned char svg[] = "<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>";
    assert_int_equal(np_image_sniff(svg, sizeof svg - 1).type, NP_IMG_SVG);
    const unsigned char junk[] = "PNG but not really";
    assert_int_equal(np_image_sniff(junk, sizeof junk - 1).type, NP_IMG_UNKNOWN);
}

static void test_style_file(void **state)
{
    (void)state;
    ut_put("t.style", "# comment\ntop = 1\n[page]\nwidth = 595.5\nname = \" The Paper \"\nflag = yes\n"
                   "[page]\nwidth = 600\n");
    char p[512];
    snprintf(p, sizeof p, "%s/t.style", ut_dir);
    np_error err = NP_ERROR_INIT;
    np_style *s = np_style_load(p, &err);
    assert_non_null(s);
    assert_string_equal(np_style_get(s, "top", NULL), "1");
    assert_true(np_style_num(s, "page.width", 0) == 600.0); /* the last one wins */
    assert_string_equal(np_style_get(s, "page.name", NULL), " The Paper ");
    assert_true(np_style_bool(s, "page.flag", 0));
    assert_true(np_style_num(s, "page.missing", 7.5) == 7.5);
    np_style_free(s);

    ut_put("bad.style", "[page]\nthis line is wrong\n");
    snprintf(p, sizeof p, "%s/bad.style", ut_dir);
    assert_null(np_style_load(p, &err));
    assert_int_equal(err.line, 2);
    np_error_clear(&err);

    np_buf out = NP_BUF_INIT;
    assert_int_equal(np_style_find("../etc/passwd-like", "", ".style", &out, &err), NP_ERR_IO);
    np_error_clear(&err);
    assert_int_equal(np_style_find("no such name", "", ".style", &out, &err), NP_ERR_USAGE);
    np_error_clear(&err);
    np_buf_free(&out);
}

static void test_atomic_output(void **state)
{
    (void)state;
    char p[512];
    snprintf(p, sizeof p, "%s/out.txt", ut_dir);
    np_error err = NP_ERROR_INIT;
    assert_int_equal(np_write_file_atomic(p, "first", 5, &err), NP_OK);
    np_outfile of;
    assert_int_equal(np_outfile_open(&of, p, &err), NP_OK);
    fputs("half-written", of.fp);
    np_outfile_abort(&of); /* the old content stays */
    np_buf b = NP_BUF_INIT;
    assert_int_equal(np_file_read(p, 100, &b, &err), NP_OK);
    assert_string_equal(b.data, "first");
    np_buf_free(&b);
    /* no temporary left behind */
    char cmd[700];
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s' | grep tmp)\"", ut_dir);
    assert_int_equal(system(cmd), 0);
}

/* np_infile_map(): a regular file's bytes, or NULL for what is read instead */
static void test_infile_map(void **state)
{
    (void)state;
    ut_put("map.bin", "glyf and loca");
    ut_put("empty.bin", "");
    size_t len = 0;
    const char *p = np_infile_map(ut_path("map.bin"), 100, &len);
    assert_non_null(p);
    assert_int_equal(len, 13);
    assert_memory_equal(p, "glyf and loca", 13);
    np_infile_unmap(p, len);
    assert_null(np_infile_map(ut_path("map.bin"), 12, &len)); /* larger than max */
    assert_null(np_infile_map(ut_path("empty.bin"), 100, &len));
    assert_null(np_infile_map(ut_dir, 100, &len));              /* a directory */
    assert_null(np_infile_map(ut_path("missing.bin"), 100, &len));
    np_infile_unmap(NULL, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_href_ok),
        cmocka_unit_test(test_href_hostile),
        cmocka_unit_test(test_href_missing_and_stdin),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_style_file),
        cmocka_unit_test(test_atomic_output),
        cmocka_unit_test(test_infile_map),
    };
    return cmocka_run_group_tests(tests, setup, ut_tmpdir_teardown);
}
