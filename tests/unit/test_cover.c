/* Unit tests: the EPUB's raster cover (src/epub/epub_cover_png.c and what
 * draws it: epub_canvas.c, epub_glyphs.c) and the PNG encoder it uses. */
#include "unit.h"

#include "epub/epub_raster.h"
#include "util/mem.h"
#include "model/font_search.h"

/* The cover rendered and decoded again by the project's own PNG reader. */
static void render(const ep_cover_spec *s, np_buf *png, np_picture *pic, size_t *missing)
{
    np_error err = NP_ERROR_INIT;
    assert_int_equal(ep_cover_png(s, png, missing, &err), NP_OK);
    memset(pic, 0, sizeof *pic);
    assert_int_equal(np_picture_check((const unsigned char *)png->data, png->len, "cover.png", 1,
                                      pic, &err),
                     NP_OK);
    np_error_clear(&err);
}

/* Pixels darker than mid-grey in [x0, x1) x [y0, y1). */
static long ink(const np_picture *p, int x0, int y0, int x1, int y1)
{
    long n = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            const unsigned char *d = p->pixels + ((size_t)y * (size_t)p->width + (size_t)x) * 3;
            n += d[0] + d[1] + d[2] < 3 * 128;
        }
    return n;
}

static const ep_cover_spec plain = {
    .title = "The Newsprint Weekly",
    .kicker = "THE WEEK IN NEWS",
    .issue_line = "Issue 47 \xc2\xb7 Nov. 16\xe2\x80\x93" "22, 2026",
    .week_text = "Week 47 of 2026",
    .publisher = "Newsprint Press",
};

static void test_png_round_trip(void **state)
{
    (void)state;
    ep_canvas c;
    ep_canvas_init(&c, 7, 5, 0x102030);
    ep_canvas_fill(&c, 2, 1, 3, 2, 0xff8000);
    ep_canvas_fill(&c, -4, -4, 5, 5, 0x00ff00); /* clipped to (0,0) */
    np_buf png = NP_BUF_INIT;
    np_error err = NP_ERROR_INIT;
    assert_int_equal(np_picture_encode_png(&c, &png, &err), NP_OK);
    assert_memory_equal(png.data, "\x89PNG", 4);
    np_picture back;
    assert_int_equal(np_picture_check((const unsigned char *)png.data, png.len, "x.png", 1,
                                      &back, &err),
                     NP_OK);
    assert_int_equal(back.width, 7);
    assert_int_equal(back.height, 5);
    assert_int_equal(back.channels, 3);
    assert_memory_equal(back.pixels, c.pixels, 7 * 5 * 3);
    assert_memory_equal(back.pixels, "\x00\xff\x00\x10\x20\x30", 6);
    assert_memory_equal(back.pixels + (1 * 7 + 2) * 3, "\xff\x80\x00", 3);
    assert_null(strstr((const char *)png.data + 8, "tIME")); /* no time in the file */
    np_picture_free(&back);
    ep_canvas_free(&c);
    np_buf_free(&png);
    np_error_clear(&err);
}

/* Rows that repeat the one above (filter Up, deflated as runs) between rows
 * that do not (unfiltered), gray and RGB, with noise enough that the image
 * data takes several IDAT chunks: every pixel comes back. */
static void png_rows_round_trip(int channels)
{
    enum { W = 500, H = 700 };
    np_picture c;
    memset(&c, 0, sizeof c);
    c.width = W;
    c.height = H;
    c.channels = channels;
    size_t stride = (size_t)W * (size_t)channels;
    c.pixels = malloc(stride * H);
    assert_non_null(c.pixels);
    uint32_t seed = 12345;
    for (int y = 0; y < H; y++) {
        unsigned char *row = c.pixels + stride * (size_t)y;
        if (y % 7 >= 3 && y > 0) { /* four rows in seven repeat the row above */
            memcpy(row, row - stride, stride);
            continue;
        }
        for (size_t x = 0; x < stride; x++) {
            seed = seed * 1103515245u + 12345u;
            row[x] = (unsigned char)(y % 3 ? seed >> 24 : 200 + x % 3);
        }
    }
    np_buf png = NP_BUF_INIT;
    np_error err = NP_ERROR_INIT;
    assert_int_equal(np_picture_encode_png(&c, &png, &err), NP_OK);
    assert_true(png.len > 65536 + 1000); /* more than one IDAT chunk of 64 KB */
    np_picture back;
    assert_int_equal(np_picture_check((const unsigned char *)png.data, png.len, "x.png", 1,
                                      &back, &err),
                     NP_OK);
    assert_int_equal(back.width, W);
    assert_int_equal(back.height, H);
    assert_int_equal(back.channels, channels);
    assert_memory_equal(back.pixels, c.pixels, stride * H);
    np_picture_free(&back);
    np_picture_free(&c);
    np_buf_free(&png);
    np_error_clear(&err);
}

static void test_png_repeated_rows(void **state)
{
    (void)state;
    png_rows_round_trip(3);
    png_rows_round_trip(1);
}

static void test_cover_size_and_masthead(void **state)
{
    (void)state;
    np_buf png = NP_BUF_INIT;
    np_picture pic;
    size_t missing = 1;
    render(&plain, &png, &pic, &missing);
    assert_int_equal(pic.width, EP_COVER_W);
    assert_int_equal(pic.height, EP_COVER_H);
    assert_int_equal(missing, 0);
    /* the masthead is inked; the middle of a cover without a lead story is not */
    long mast = ink(&pic, 120, 260, 1480, 480);
    assert_true(mast > 20000);
    assert_int_equal(ink(&pic, 120, 1000, 1480, 1800), 0);
    np_picture_free(&pic);

    /* a longer title inks more of the masthead's band */
    ep_cover_spec longer = plain;
    longer.title = "The Newsprint Weekly Review";
    render(&longer, &png, &pic, NULL);
    assert_true(ink(&pic, 120, 260, 1480, 480) != mast);
    np_picture_free(&pic);
    np_buf_free(&png);
}

static void test_cover_deterministic(void **state)
{
    (void)state;
    ep_cover_spec s = plain;
    s.headline = "Storm barrier shuts as North Sea surge bears down on Rotterdam";
    s.headline_lang = "en";
    np_buf a = NP_BUF_INIT, b = NP_BUF_INIT;
    np_error err = NP_ERROR_INIT;
    assert_int_equal(ep_cover_png(&s, &a, NULL, &err), NP_OK);
    assert_int_equal(ep_cover_png(&s, &b, NULL, &err), NP_OK);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    np_buf_free(&a);
    np_buf_free(&b);
}

static void test_cover_picture(void **state)
{
    (void)state;
    ep_canvas red;
    ep_canvas_init(&red, 40, 30, 0xff0000);
    ep_cover_spec s = plain;
    s.picture = &red;
    s.headline = "Harbour closed";
    s.headline_lang = "en";
    np_buf png = NP_BUF_INIT;
    np_picture pic;
    render(&s, &png, &pic, NULL);
    const unsigned char *mid = pic.pixels + ((size_t)1200 * EP_COVER_W + 800) * 3;
    assert_memory_equal(mid, "\xff\x00\x00", 3);
    /* the headline under the picture, above the bottom rule */
    assert_true(ink(&pic, 120, 1700, 1480, 2190) > 1000);
    np_picture_free(&pic);
    s.headline = "A headline so long that it would not fit in the four lines under the "
                 "picture at the largest size, and is set smaller or cut, but never runs "
                 "over the rule at the foot of the cover or the publisher's name below it";
    render(&s, &png, &pic, NULL);
    assert_int_equal(ink(&pic, 120, 2160, 1480, 2199), 0);
    np_picture_free(&pic);
    ep_canvas_free(&red);
    np_buf_free(&png);
}

static void test_cover_scripts(void **state)
{
    (void)state;
    static const struct {
        const char *lang, *text;
        int rtl;
    } heads[] = {
        {"ur", "\xd9\x84\xd8\xa7\xdb\x81\xd9\x88\xd8\xb1 \xd9\x85\xdb\x8c\xda\xba \xd8\xb4\xd8\xaf"
               "\xdb\x8c\xd8\xaf \xd8\xa7\xd8\xb3\xd9\x85\xd9\x88\xda\xaf", 1}, /* لاہور میں شدید اسموگ */
        {"zh", "\xe5\x93\x88\xe5\xb0\x94\xe6\xbb\xa8\xe6\x9d\xbe\xe8\x8a\xb1\xe6\xb1\x9f\xe5\xbc"
               "\x80\xe5\xa7\x8b\xe9\x87\x87\xe5\x86\xb0", 0}, /* 哈尔滨松花江开始采冰 */
        {"el", "\xce\x94\xce\xb5\xce\xbc\xce\xad\xce\xbd\xce\xb1 \xcf\x83\xcf\x84\xce\xb1 "
               "\xce\xbb\xce\xb9\xce\xbc\xce\xac\xce\xbd\xce\xb9\xce\xb1", 0}, /* Δεμένα στα λιμάνια */
    };
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++) {
        ep_cover_spec s = plain;
        s.headline = heads[i].text;
        s.headline_lang = heads[i].lang;
        s.headline_rtl = heads[i].rtl;
        np_buf png = NP_BUF_INIT;
        np_picture pic;
        size_t missing = 1;
        render(&s, &png, &pic, &missing);
        assert_int_equal(missing, 0); /* every character has a glyph */
        assert_true(ink(&pic, 120, 800, 1480, 2100) > 5000);
        np_picture_free(&pic);
        np_buf_free(&png);
    }
}

/* A headline of half a megabyte is cut before it is laid out (this
 * would take minutes otherwise) and stays above the foot of the cover. */
static void test_huge_headline(void **state)
{
    (void)state;
    np_buf big = NP_BUF_INIT;
    for (int i = 0; i < 100000; i++)
        np_buf_puts(&big, "word ");
    ep_cover_spec s = plain;
    s.headline = big.data;
    s.headline_lang = "en";
    s.title = big.data;
    np_buf png = NP_BUF_INIT;
    np_picture pic;
    render(&s, &png, &pic, NULL);
    assert_int_equal(ink(&pic, 120, 2160, 1480, 2199), 0);
    np_picture_free(&pic);
    np_buf_free(&png);
    np_buf_free(&big);
}

/* Made smaller, pictures are averaged; made larger, interpolated. */
static void test_picture_scaling(void **state)
{
    (void)state;
    unsigned char checker[16], columns[4] = {0, 255, 0, 255};
    for (int i = 0; i < 16; i++)
        checker[i] = (unsigned char)(((i / 4 + i % 4) & 1) ? 255 : 0);
    np_picture small = {.width = 4, .height = 4, .channels = 1, .pixels = checker};
    ep_canvas c;
    ep_canvas_init(&c, 10, 10, 0x000000);
    ep_canvas_picture(&c, &small, 1, 1, 2, 2);
    for (int k = 0; k < 3; k++)
        assert_int_equal(c.pixels[(1 * 10 + 1) * 3 + k], 128); /* 2 black + 2 white */
    assert_int_equal(c.pixels[0], 0); /* outside the box: untouched */
    np_picture two = {.width = 2, .height = 2, .channels = 1, .pixels = columns};
    ep_canvas_picture(&c, &two, 0, 0, 8, 8);
    assert_int_equal(c.pixels[(4 * 10 + 0) * 3], 0);   /* the left column's centre */
    assert_int_equal(c.pixels[(4 * 10 + 7) * 3], 255); /* the right column's centre */
    unsigned mid = c.pixels[(4 * 10 + 4) * 3];
    assert_true(mid > 60 && mid < 200); /* between them, not a block edge */
    ep_canvas_free(&c);
}

/* Arabic letters are joined: four behs in a word take less room than
 * four standing alone (their initial, medial and final forms are narrow). */
static void test_arabic_joined(void **state)
{
    (void)state;
    ep_fonts *f = ep_fonts_new("DejaVu Sans:bold", "ar", NULL);
    assert_non_null(f);
    ep_fonts_size(f, 100);
    const char *one = "\xd8\xa8", *four = "\xd8\xa8\xd8\xa8\xd8\xa8\xd8\xa8";
    double w1 = ep_text_width(f, one, strlen(one), 1);
    double w4 = ep_text_width(f, four, strlen(four), 1);
    assert_true(w1 > 0);
    assert_true(w4 < 3.5 * w1);
    ep_fonts_free(f);
}

/* A headline too long for its lines ends in an ellipsis on the last one. */
static void test_headline_cut(void **state)
{
    (void)state;
    ep_fonts *f = ep_fonts_new("serif:bold", "en", NULL);
    assert_non_null(f);
    ep_fonts_size(f, 80);
    const char *text = "one two three four five six seven eight nine ten eleven twelve "
                       "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty";
    size_t n = ep_text_lines(f, text, "en", 0, 600);
    assert_true(n > 3);
    ep_canvas c;
    ep_canvas_init(&c, 800, 600, 0xffffff);
    int lh = ep_fonts_line_height(f);
    int y = ep_text_block(f, &c, text, "en", 0, 400, 100, 600, 2, 0);
    assert_int_equal(y, 100 + 2 * lh); /* two lines drawn */
    assert_true(ink(&c, 0, 100 + lh + 30, 800, 600) == 0); /* nothing below them */
    ep_canvas_free(&c);
    ep_fonts_free(f);
}

/* The canvas's large block: every byte written and read back, for sizes
 * around a huge page's and none at all; a canvas larger than one huge
 * page keeps its fill to the last pixel. */
static void test_big_block(void **state)
{
    (void)state;
    const size_t sizes[] = {0, 1, 4095, 2 * 1024 * 1024 - 1, 2 * 1024 * 1024,
                            2 * 1024 * 1024 + 1, 5 * 1024 * 1024 + 3};
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        size_t n = sizes[k];
        unsigned char *p = np_mem_big(n);
        assert_non_null(p);
        for (size_t i = 0; i < n; i++)
            p[i] = (unsigned char)(i * 7 + k);
        for (size_t i = 0; i < n; i++)
            if (p[i] != (unsigned char)(i * 7 + k))
                fail_msg("size %zu: byte %zu changed", n, i);
        np_mem_big_free(p, n);
    }
    ep_canvas c;
    ep_canvas_init(&c, 1000, 1000, 0x123456);
    const unsigned char *last = c.pixels + (1000 * 1000 - 1) * 3;
    assert_int_equal(last[0], 0x12);
    assert_int_equal(last[1], 0x34);
    assert_int_equal(last[2], 0x56);
    ep_canvas_free(&c);
    assert_null(c.pixels);
}

/* A configuration loaded ahead is the next one asked for; one never
 * taken is freed by the clean-up (no leak under the sanitizers); asking
 * twice loads one. */
static void test_font_config_warm(void **state)
{
    (void)state;
    np_font_config_warm();
    np_font_config_warm(); /* loading already: nothing more */
    FcConfig *a = np_font_config_new();
    assert_non_null(a);
    FcPattern *p = FcNameParse((const FcChar8 *)"serif");
    FcConfigSubstitute(a, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult r;
    FcPattern *m = FcFontMatch(a, p, &r);
    assert_non_null(m); /* a usable configuration */
    FcPatternDestroy(m);
    FcPatternDestroy(p);
    FcConfig *b = np_font_config_new(); /* none loaded ahead: its own */
    assert_non_null(b);
    assert_ptr_not_equal(a, b);
    np_font_config_free(a);
    np_font_config_free(b);
    np_font_config_warm(); /* after one was taken: again */
    np_font_config_cleanup(); /* not taken: freed */
    np_font_config_cleanup();
    FcConfig *c = np_font_config_new();
    assert_non_null(c);
    np_font_config_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_png_round_trip),
        cmocka_unit_test(test_png_repeated_rows),
        cmocka_unit_test(test_cover_size_and_masthead),
        cmocka_unit_test(test_cover_deterministic),
        cmocka_unit_test(test_cover_picture),
        cmocka_unit_test(test_cover_scripts),
        cmocka_unit_test(test_huge_headline),
        cmocka_unit_test(test_picture_scaling),
        cmocka_unit_test(test_arabic_joined),
        cmocka_unit_test(test_headline_cut),
        cmocka_unit_test(test_big_block),
        cmocka_unit_test(test_font_config_warm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
