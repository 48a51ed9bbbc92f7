/* Shared by the fuzz targets that read documents: their libFuzzer
 * initialisation (the reader's), and fuzz_text_read(): read `len` bytes as
 * a NewsML-G2 document, render every item to text at `width` (the path
 * newsml2txt takes), count its words, free it; issues are dropped. */
#ifndef NP_FUZZ_TEXT_H
#define NP_FUZZ_TEXT_H

#include "newsprint/buf.h"
#include "newsprint/item.h"
#include "newsprint/newsml.h"
#include "newsprint/render_text.h"

#include <stddef.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    np_newsml_init();
    return 0;
}

typedef struct fuzz_text {
    int width;
    size_t items, bytes;
} fuzz_text;

static int fuzz_text_item(void *ud, np_item *item)
{
    fuzz_text *st = ud;
    np_text_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.width = st->width + (int)(st->items % 3) * 16; /* vary the wrap width a little */
    opts.blank_between = 1;
    np_buf out = NP_BUF_INIT;
    np_render_text(item, &opts, &out);
    st->bytes += out.len + np_item_word_count(item);
    st->items++;
    np_buf_free(&out);
    np_item_free(item);
    return 0;
}

static void fuzz_text_issue(void *ud, const np_error *err)
{
    (void)ud;
    (void)err;
}

static void fuzz_text_read(const char *doc, size_t len, const char *name, int width, int meta_only)
{
    fuzz_text st = {width, 0, 0};
    np_read_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.on_item = fuzz_text_item;
    opts.on_issue = fuzz_text_issue;
    opts.ud = &st;
    opts.meta_only = meta_only;
    np_error err = NP_ERROR_INIT;
    int rc = np_newsml_read_memory(doc, len, name, &opts, &err);
    (void)rc; /* a refused document is one of the outcomes looked for */
    np_error_clear(&err);
}

#endif
