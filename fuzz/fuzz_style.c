/* libFuzzer target for the style parser (page styles, the digest's style,
 * partner profiles share the format).  The input is handed to
 * np_style_load() through an in-memory file; every key is then read as a
 * string, a number and a flag. */
#define _GNU_SOURCE
#include "newsprint/error.h"
#include "newsprint/style.h"

#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz.style", 0);
    if (fd < 0)
        return 0;
    size_t off = 0;
    while (off < size) {
        ssize_t w = write(fd, data + off, size - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    np_error err = NP_ERROR_INIT;
    np_style *st = np_style_load(path, &err);
    if (st) {
        const char *k;
        for (size_t i = 0; (k = np_style_key_at(st, i)) != NULL; i++) {
            (void)np_style_get(st, k, NULL);
            (void)np_style_num(st, k, 0);
            (void)np_style_bool(st, k, 0);
        }
        np_style_free(st);
    }
    np_error_clear(&err);
    close(fd);
    return 0;
}
