/* libFuzzer target for the NewsML-G2 reader.
 *
 * Every input goes through np_newsml_read_memory(); each item it delivers is
 * rendered to text (the path newsml2txt takes), its words are counted, and
 * it is freed.  Issues are counted and dropped.  Build and run: fuzz/run.sh. */
#include "newsprint/buf.h"
#include "newsprint/item.h"
#include "newsprint/newsml.h"
#include "newsprint/render_text.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct fuzz_state {
    size_t items, words, bytes, issues;
} fuzz_state;

static int on_item(void *ud, np_item *item)
{
    fuzz_state *st = ud;
    np_text_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.width = 40 + (int)(st->items % 3) * 16; /* vary the wrap width a little */
    opts.blank_between = 1;
    np_buf out = NP_BUF_INIT;
    np_render_text(item, &opts, &out);
    st->bytes += out.len;
    np_buf_free(&out);
    st->words += np_item_word_count(item);
    st->items++;
    np_item_free(item);
    return 0;
}

static void on_issue(void *ud, const np_error *err)
{
    fuzz_state *st = ud;
    (void)err;
    st->issues++;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    np_newsml_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_state st;
    memset(&st, 0, sizeof st);
    np_read_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.on_item = on_item;
    opts.on_issue = on_issue;
    opts.ud = &st;
    np_error err = NP_ERROR_INIT;
    np_newsml_read_memory((const char *)data, size, "fuzz.xml", &opts, &err);
    np_error_clear(&err);

    /* The selection pre-pass reads the same bytes with meta_only set. */
    memset(&st, 0, sizeof st);
    opts.on_item = on_item;
    opts.meta_only = 1;
    np_newsml_read_memory((const char *)data, size, "fuzz.xml", &opts, &err);
    np_error_clear(&err);
    return 0;
}
