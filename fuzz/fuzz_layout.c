/* libFuzzer target for the layout module: one paragraph broken into lines.
 * Byte 0 picks the mode, URL breaking and hyphenation; byte 1 the width;
 * byte 2 a language; the rest is the paragraph (any bytes: the layout
 * module must cope with invalid UTF-8 too).  Every line must lie within
 * the text and follow the previous one. */
#include "newsprint/error.h"
#include "newsprint/layout.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const langs[] = {NULL, "en", "de", "fr", "zh", "ur", "el", "ja"};
static np_hyphenator *hyph_en;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    hyph_en = np_hyphenator_load("en", NULL); /* NULL when not installed */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    np_layout_opts o;
    memset(&o, 0, sizeof o);
    o.measure = np_measure_columns;
    o.mode = data[0] & 1 ? NP_LAYOUT_TOTAL_FIT : NP_LAYOUT_GREEDY;
    o.break_urls = (data[0] >> 1) & 1;
    o.hyphenator = (data[0] >> 2) & 1 ? hyph_en : NULL;
    o.space_shrink = (data[0] >> 3) & 1 ? -1 : 0;
    o.width = 1 + data[1] % 120;
    o.lang = langs[data[2] % 8];
    const char *text = (const char *)data + 3;
    size_t len = size - 3;
    np_lines lines = {0};
    np_error err = NP_ERROR_INIT;
    if (np_layout_paragraph(text, len, &o, &lines, &err) == NP_OK) {
        size_t prev = 0;
        for (size_t i = 0; i < lines.n; i++) {
            if (lines.v[i].start > lines.v[i].end || lines.v[i].end > len ||
                lines.v[i].start < prev)
                abort(); /* a line outside the text or out of order */
            prev = lines.v[i].end;
        }
    }
    np_lines_free(&lines);
    np_error_clear(&err);
    return 0;
}
