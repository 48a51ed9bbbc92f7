/* libFuzzer target for the picture checks (src/model/picture*.c): PNG and
 * JPEG through the decoders with a budget of one megapixel (the real budget
 * of 100 would make every run slow), everything else through
 * np_picture_check; decoded pixels are encoded as JPEG and checked again. */
#include "model/picture.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    np_picture pic;
    memset(&pic, 0, sizeof pic);
    np_error err = NP_ERROR_INIT;
    char why[256];
    np_image_type t = np_image_sniff(data, size).type;
    int rc;
    if (t == NP_IMG_PNG)
        rc = np_picture_png_decode(data, size, 1000000, &pic, why, sizeof why);
    else if (t == NP_IMG_JPEG)
        rc = np_picture_jpeg_decode(data, size, 1000000, &pic, why, sizeof why);
    else
        rc = np_picture_check(data, size, "picture", 1, &pic, &err);
    if (rc == NP_OK && pic.pixels) {
        np_buf jpeg = NP_BUF_INIT;
        np_picture again;
        if (np_picture_encode_jpeg(&pic, 80, &jpeg, &err) == NP_OK &&
            np_picture_check((const unsigned char *)jpeg.data, jpeg.len, "again.jpg", 0, &again,
                             &err) != NP_OK)
            __builtin_trap(); /* what we wrote must read back */
        np_buf_free(&jpeg);
    }
    np_picture_free(&pic);
    np_error_clear(&err);
    return 0;
}
