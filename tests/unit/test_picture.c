/* Unit tests: the picture module (src/model/picture*.c) -- safe reading,
 * type against name, pixel budget, PNG and JPEG decoding to 8-bit gray or
 * RGB, broken files refused without abort(), JPEG encoding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jpeglib.h>
#include <png.h>

#include "model/picture.h"

enum { W = 6, H = 4 };

/* ---- writing test pictures ------------------------------------------------ */

static void png_put(png_structp png, png_bytep d, png_size_t n)
{
    np_buf_put(png_get_io_ptr(png), d, n);
}
static void png_flush_none(png_structp png) { (void)png; }

/* A W x H PNG; `sample(x, y, c)` gives each 8- or 16-bit sample. */
static void make_png(np_buf *out, int depth, int ctype, int interlace, int with_trns,
                     unsigned (*sample)(int x, int y, int c))
{
    np_buf_reset(out);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    assert_non_null(info);
    if (setjmp(png_jmpbuf(png)))
        fail_msg("libpng cannot write the test picture");
    png_set_write_fn(png, out, png_put, png_flush_none);
    png_set_IHDR(png, info, W, H, depth, ctype, interlace, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    int ch = ctype == PNG_COLOR_TYPE_RGB ? 3 : ctype == PNG_COLOR_TYPE_RGBA ? 4
             : ctype == PNG_COLOR_TYPE_GRAY_ALPHA ? 2 : 1;
    png_color plte[4] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {10, 20, 30}};
    png_byte trns_index[2] = {255, 0}; /* palette entry 1 fully transparent */
    png_color_16 trns_rgb = {0, 0, 0, 0, 0}; /* black is transparent */
    if (ctype == PNG_COLOR_TYPE_PALETTE) {
        png_set_PLTE(png, info, plte, 4);
        if (with_trns)
            png_set_tRNS(png, info, trns_index, 2, NULL);
    } else if (with_trns) {
        png_set_tRNS(png, info, NULL, 0, &trns_rgb);
    }
    png_write_info(png, info);
    size_t bps = depth == 16 ? 2 : 1;
    unsigned char rows[H][W * 4 * 2];
    png_bytep ptrs[H];
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++)
            for (int c = 0; c < ch; c++) {
                unsigned v = sample(x, y, c);
                unsigned char *p = &rows[y][(x * ch + c) * bps];
                if (bps == 2)
                    p[0] = (unsigned char)(v >> 8), p[1] = (unsigned char)v;
                else
                    p[0] = (unsigned char)v;
            }
        ptrs[y] = rows[y];
    }
    png_write_image(png, ptrs);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
}

static unsigned rgb_black_left(int x, int y, int c)
{
    (void)y;
    return x == 0 ? 0 : (unsigned)(40 * c + 10 * x); /* column 0 black */
}
static unsigned rgba16(int x, int y, int c)
{
    (void)y;
    return c == 3 ? (x == 0 ? 0 : 65535) : 50000; /* column 0 transparent */
}
static unsigned palette_idx(int x, int y, int c)
{
    (void)y, (void)c;
    return (unsigned)(x % 2); /* 0 red, 1 transparent */
}
static unsigned gray_half_alpha(int x, int y, int c)
{
    (void)x, (void)y;
    return c == 0 ? 0 : 128; /* black at half opacity */
}

/* A W x H JPEG written by libjpeg directly (CMYK and progressive). */
static void make_jpeg(np_buf *out, J_COLOR_SPACE cs, int comps, int progressive)
{
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr e;
    c.err = jpeg_std_error(&e);
    jpeg_create_compress(&c);
    unsigned char *mem = NULL;
    unsigned long n = 0;
    jpeg_mem_dest(&c, &mem, &n);
    c.image_width = W;
    c.image_height = H;
    c.input_components = comps;
    c.in_color_space = cs;
    jpeg_set_defaults(&c);
    if (progressive)
        jpeg_simple_progression(&c);
    jpeg_start_compress(&c, TRUE);
    unsigned char row[W * 4];
    memset(row, 0, sizeof row); /* CMYK: no ink at all (Adobe marker: inverted, so full ink) */
    for (int y = 0; y < H; y++) {
        JSAMPROW r = row;
        jpeg_write_scanlines(&c, &r, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    np_buf_reset(out);
    np_buf_put(out, mem, n);
    free(mem);
}

/* CRC-32 of PNG chunks (ISO 3309), to forge a header */
static unsigned long crc32_of(const unsigned char *p, size_t n)
{
    unsigned long c = 0xFFFFFFFFUL;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320UL ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xFFFFFFFFUL;
}

static int check(const np_buf *b, const char *name, int pixels, np_picture *pic, np_error *err)
{
    np_error_clear(err);
    return np_picture_check((const unsigned char *)b->data, b->len, name, pixels, pic, err);
}

/* ---- PNG -------------------------------------------------------------------- */

static void test_png_transparent_colour(void **state)
{
    (void)state;
    np_buf b = NP_BUF_INIT;
    np_error err = NP_ERROR_INIT;
    np_picture pic;
    make_png(&b, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, 1, rgb_black_left);
    assert_int_equal(check(&b, "a.png", 1, &pic, &err), NP_OK);
    assert_int_equal(pic.width, W);
    assert_int_equal(pic.height, H);
    assert_int_equal(pic.channels, 3);
    assert_true(pic.alpha);
    /* the transparent colour (black) is white paper now; the rest unchanged */
    assert_int_equal(pic.pixels[0], 255);
    assert_int_equal(pic.pixels[2], 255);
    assert_int_equal(pic.pixels[3 * 1 + 0], 10);
    assert_int_equal(pic.pixels[3 * 1 + 2], 90);
    np_picture_free(&pic);
    np_buf_free(&b);
}

static void test_png_16bit_interlaced_alpha(void **state)
{
    (void)state;
    np_buf b = NP_BUF_INIT;
    np_error err = NP_ERROR_INIT;
    np_picture pic;
    make_png(&b, 16, PNG_COLOR_TYPE_RGBA, PNG_INTERLACE_ADAM7, 0, rgba16);
    assert_int_equal(check(&b, "a.png", 1, &pic, &err), NP_OK);
    assert_int_equal(pic.bit_depth, 16);
    assert_true(pic.interlaced);
    assert_int_equal(pic.channels, 3);
    for (int y = 0; y < H; y++) {
        assert_int_equal(pic.pixels[(y * W) * 3], 255);              /* transparent: white */
        assert_int_equal(pic.pixels[(y * W + 1) * 3], 50000 >> 8);   /* opaque: 16 -> 8 bits */
    }
    np_picture_free(&pic);
    np_buf_free(&b);
}

static void test_png_palette_and_gray_alpha(void **state)
{
    (void)state;
    np_buf b = NP_BUF_INIT;
    np_error err = NP_ERROR_INIT;
    np_picture pic;
    make_png(&b, 8, PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE, 1, palette_idx);
    assert_int_equal(check(&b, "p.png", 1, &pic, &err), NP_OK);
    assert_true(pic.palette);
    assert_int_equal(pic.channels, 3);
    assert_memory_equal(pic.pixels, "\xff\x00\x00\xff\xff\xff", 6); /* red, then white */
    np_picture_free(&pic);
    make_png(&b, 8, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_INTERLACE_NONE, 0, gray_half_alpha);
    assert_int_equal(check(&b, "g.png", 1, &pic, &err), NP_OK);
    assert_int_equal(pic.channels, 1);
    assert_int_equal(pic.pixels[0], 127); /* black at 128/255 over white */
    np_picture_free(&pic);
    np_buf_free(&b);
}

static void test_png_pixel_budget(void **state)
{
    (void)state;
    np_buf b = NP_BUF_INIT;
    np_error err = NP_ERROR_INIT;
    np_picture pic;
    memset(&pic, 0, sizeof pic);
    make_png(&b, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, 0, rgb_black_left);
    const unsigned char *d = (const unsigned char *)b.data;
    char why[256];
    assert_int_equal(np_picture_png_decode(d, b.len, W * H, &pic, why, sizeof why), NP_OK);
    np_picture_free(&pic);
    assert_int_equal(np_picture_png_decode(d, b.len, W * H - 1, &pic, why, sizeof why),
                     NP_ERR_UNSAFE);
    assert_string_equal(why, "declares 6 x 4 pixels, more than the 23 allowed");
    assert_null(pic.pixels);
    /* the same header claiming 100000 x 100000 (CRC fixed): refused from IHDR */
    np_buf big = NP_BUF_INIT;
    np_buf_put(&big, b.data, b.len);
    unsigned char *ih = (unsigned char *)big.data + 16;
    memcpy(ih, "\x00\x01\x86\xa0\x00\x01\x86\xa0", 8);
    unsigned long crc = crc32_of(ih - 4, 17);
    for (int i = 0; i < 4; i++)
        ih[13 + i] = (unsigned char)(crc >> (24 - 8 * i));
    assert_int_equal(check(&big, "big.png", 1, &pic, &err), NP_ERR_INVALID);
    assert_non_null(strstr(err.message, "declares 100000 x 100000 pixels"));
    np_buf_free(&big);
    np_error_clear(&err);
    np_buf_free(&b);
}

static void test_png_broken(void **state)
{
    (void)state;
    np_buf b = NP_BUF_INIT, bad = NP_BUF_INIT;
    np_error err = NP_ERROR_INIT;
    np_picture pic;
    make_png(&b, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, 0, rgb_black_left);
    for (size_t cut = 8; cut < b.len; cut += 7) { /* every truncation: refused, no abort */
        np_buf_reset(&bad);
        np_buf_put(&bad, b.data, cut);
        assert_int_not_equal(check(&bad, "t.png", 1, &pic, &err), NP_OK);
        assert_null(pic.pixels);
    }
    np_buf_reset(&bad);
    np_buf_put(&bad, b.data, b.len);
    bad.data[33 + 8 + 4 + 2] ^= 0x55; /* inside the IDAT's zlib data */
    assert_int_equal(check(&bad, "z.png", 1, &pic, &err), NP_ERR_INVALID);
    assert_non_null(strstr(err.message, "is not a valid PNG"));
    np_error_clear(&err);
    np_buf_free(&bad);
    np_buf_free(&b);
}

/* ---- JPEG ------------------------------------------------------------------- */

static void test_jpeg_round_trip(void **state)
{
    (void)state;
    np_buf b = NP_BUF_INIT;
    np_error err = NP_ERROR_INIT;
    np_picture src, pic;
    memset(&src, 0, sizeof src);
    unsigned char px[W * H * 3];
    memset(px, 200, sizeof px);
    src.width = W, src.height = H, src.channels = 3, src.pixels = px;
    assert_int_equal(np_picture_encode_jpeg(&src, 95, &b, &err), NP_OK);
    assert_int_equal(check(&b, "x.jpeg", 1, &pic, &err), NP_OK);
    assert_int_equal(pic.type, NP_IMG_JPEG);
    assert_int_equal(pic.width, W);
    assert_int_equal(pic.channels, 3);
    assert_true(pic.jpeg_plain);
    assert_false(pic.cmyk);
    assert_in_range(pic.pixels[0], 195, 205);
    np_picture_free(&pic);
    /* cut short: libjpeg would pad it with gray; refused */
    b.len -= b.len / 3;
    assert_int_equal(check(&b, "x.jpg", 1, &pic, &err), NP_ERR_INVALID);
    assert_non_null(strstr(err.message, "is not a valid JPEG"));
    assert_null(pic.pixels);
    np_error_clear(&err);
    np_buf_free(&b);
}

static void test_jpeg_cmyk_progressive(void **state)
{
    (void)state;
    np_buf b = NP_BUF_INIT;
    np_error err = NP_ERROR_INIT;
    np_picture pic;
    make_jpeg(&b, JCS_CMYK, 4, 0);
    assert_int_equal(check(&b, "c.jpg", 1, &pic, &err), NP_OK);
    assert_true(pic.cmyk);
    assert_false(pic.jpeg_plain); /* never handed to libharu as it is */
    assert_int_equal(pic.channels, 3);
    assert_in_range(pic.pixels[0], 0, 3); /* Adobe CMYK of zeros: full ink, black */
    np_picture_free(&pic);
    make_jpeg(&b, JCS_GRAYSCALE, 1, 1);
    assert_int_equal(check(&b, "p.jpg", 1, &pic, &err), NP_OK);
    assert_true(pic.interlaced);
    assert_true(pic.jpeg_plain);
    assert_int_equal(pic.channels, 1);
    np_picture_free(&pic);
    /* checked without keeping pixels */
    assert_int_equal(check(&b, "p.jpg", 0, &pic, &err), NP_OK);
    assert_null(pic.pixels);
    np_buf_free(&b);
}

/* ---- other formats, names ---------------------------------------------------- */

static void test_types_and_names(void **state)
{
    (void)state;
    np_buf b = NP_BUF_INIT;
    np_error err = NP_ERROR_INIT;
    np_picture pic;
    static const char gif[] = "GIF89a\x06\0\x04\0\x80\0\0\0\0\0\xff\xff\xff"
                              ",\0\0\0\0\x06\0\x04\0\0\x02\x02\x44\x01\0;";
    np_buf_put(&b, gif, sizeof gif - 1);
    assert_int_equal(check(&b, "a.gif", 0, &pic, &err), NP_OK);
    assert_int_equal(pic.width, 6);
    assert_int_equal(check(&b, "dir.d/A.GIF", 0, &pic, &err), NP_OK);
    assert_int_equal(check(&b, "noext", 0, &pic, &err), NP_OK);
    assert_int_equal(check(&b, "a.jpg", 0, &pic, &err), NP_ERR_INVALID);
    assert_string_equal(err.message, "is GIF data under a JPEG name");
    b.len -= 2; /* no trailer */
    assert_int_equal(check(&b, "a.gif", 0, &pic, &err), NP_ERR_INVALID);
    assert_non_null(strstr(err.message, "ends early"));
    np_buf_reset(&b);
    np_buf_put(&b, "RIFF\x1e\0\0\0WEBPVP8L", 16);
    assert_int_equal(check(&b, "w.webp", 0, &pic, &err), NP_ERR_INVALID);
    assert_non_null(strstr(err.message, "WebP"));
    np_buf_reset(&b);
    np_buf_puts(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    assert_int_equal(check(&b, "s.svg", 1, &pic, &err), NP_OK);
    assert_null(pic.pixels);
    np_buf_reset(&b);
    assert_int_equal(check(&b, "e.png", 0, &pic, &err), NP_ERR_INVALID);
    assert_string_equal(err.message, "is empty");
    np_error_clear(&err);
    np_buf_free(&b);
}

/* ---- reading ----------------------------------------------------------------- */

static void test_read_only_regular_files(void **state)
{
    (void)state;
    char dir[256], p[300], q[300];
    snprintf(dir, sizeof dir, "%s/np-picture-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    assert_non_null(mkdtemp(dir));
    np_buf b = NP_BUF_INIT;
    np_error err = NP_ERROR_INIT;
    snprintf(p, sizeof p, "%s/ok.png", dir);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs("0123456789", f);
    fclose(f);
    assert_int_equal(np_picture_read(p, 10, &b, &err), NP_OK);
    assert_int_equal(b.len, 10);
    assert_int_equal(np_picture_read(p, 9, &b, &err), NP_ERR_UNSAFE);
    assert_int_equal(b.len, 0);
    snprintf(q, sizeof q, "%s/link.png", dir);
    assert_int_equal(symlink(p, q), 0);
    assert_int_equal(np_picture_read(q, 100, &b, &err), NP_ERR_IO);
    assert_string_equal(err.message, "is a symbolic link");
    snprintf(q, sizeof q, "%s/fifo.png", dir);
    assert_int_equal(mkfifo(q, 0600), 0);
    assert_int_equal(np_picture_read(q, 100, &b, &err), NP_ERR_IO); /* and does not wait */
    assert_string_equal(err.message, "is not a regular file");
    assert_int_equal(np_picture_read(dir, 100, &b, &err), NP_ERR_IO);
    assert_int_equal(np_picture_read("/dev/zero", 100, &b, &err), NP_ERR_IO);
    assert_string_equal(err.message, "is not a regular file");
    np_error_clear(&err);
    np_buf_free(&b);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_png_transparent_colour),
        cmocka_unit_test(test_png_16bit_interlaced_alpha),
        cmocka_unit_test(test_png_palette_and_gray_alpha),
        cmocka_unit_test(test_png_pixel_budget),
        cmocka_unit_test(test_png_broken),
        cmocka_unit_test(test_jpeg_round_trip),
        cmocka_unit_test(test_jpeg_cmyk_progressive),
        cmocka_unit_test(test_types_and_names),
        cmocka_unit_test(test_read_only_regular_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
