/* newsml2txt: NewsML-G2 items as wrapped UTF-8 plain text. */
#include "cli.h"
#include "newsprint/bundle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(const np_cli *cli, FILE *f)
{
    fputs("Usage: newsml2txt [OPTIONS] INPUT...\n"
          "Convert NewsML-G2 items (files, directories, '-' for stdin) to plain text.\n"
          "\n"
          "  -o, --output FILE     write to FILE (atomically; a device or pipe in\n"
          "                        place) instead of standard output ('-')\n"
          "  -w, --width N         wrap at N columns (default 72)\n"
          "      --bundle OUT      write a syndication bundle: one file per item and\n"
          "                        manifest.json, in directory OUT (zip if OUT ends\n"
          "                        in .zip)\n"
          "      --partner NAME    partner profile for --bundle\n"
          "                        (styles/partners/NAME.profile, or a path)\n"
          "      --since MANIFEST  delta bundle: only what the partner's previous\n"
          "                        manifest does not have, plus kill notices\n"
          "      --state-dir DIR   where the partner's sequence counter is kept\n"
          "                        (default: OUT's parent directory)\n",
          f);
    np_cli_usage_common(cli, f);
}

typedef struct txt_out {
    FILE *fp;
    np_text_opts opts;
    np_buf buf;
    size_t count;
} txt_out;

/* On a worker: the item's text. */
static int render_item(void *ud, const np_item *item, const np_selected *entry, np_buf *out)
{
    (void)entry;
    const txt_out *t = ud;
    np_render_text(item, &t->opts, out);
    return 0;
}

/* A rule between items, then the item's text. */
static int put_text(txt_out *t, const np_buf *text)
{
    np_buf_reset(&t->buf);
    if (t->count++) {
        np_buf_putc(&t->buf, '\n');
        np_buf_repeat(&t->buf, '-', (size_t)t->opts.width);
        np_buf_puts(&t->buf, "\n\n");
    }
    np_buf_put(&t->buf, text->data, text->len);
    return fwrite(t->buf.data, 1, t->buf.len, t->fp) == t->buf.len ? 0 : -1;
}

/* In input order. */
static int write_item(void *ud, np_item *item, const np_selected *entry, const np_buf *text)
{
    (void)entry;
    np_item_free(item);
    return put_text(ud, text);
}

typedef struct placed {
    const np_selected *e;
    const np_item *item;
} placed;

static int cmp_input_order(const void *a, const void *b)
{
    const np_selected *x = ((const placed *)a)->e, *y = ((const placed *)b)->e;
    if (x->file_no != y->file_no)
        return x->file_no < y->file_no ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* --each: one output's items in input order, as a whole run writes them
 * (on a worker: its own txt_out, the options copied). */
static int write_each(void *ud, const np_collection *c, const np_each_group *g, const char *path,
                      np_issue_fn on_issue, void *issue_ud, np_error *err)
{
    (void)g;
    (void)on_issue; /* the text renderer has no warnings */
    (void)issue_ud;
    txt_out out = {NULL, ((const txt_out *)ud)->opts, NP_BUF_INIT, 0}, *t = &out;
    placed *v = malloc((c->n ? c->n : 1) * sizeof *v);
    if (!v)
        return np_error_set(err, NP_ERR_MEMORY, path, 0, "out of memory");
    for (size_t i = 0; i < c->n; i++)
        v[i] = (placed){c->entries[i], c->items[i]};
    qsort(v, c->n, sizeof *v, cmp_input_order);
    np_outfile of;
    if (np_outfile_open(&of, path, err) != NP_OK) {
        free(v);
        return err->code;
    }
    t->fp = of.fp;
    np_buf text = NP_BUF_INIT;
    int rc = 0;
    for (size_t i = 0; i < c->n && rc == 0; i++) {
        np_buf_reset(&text);
        np_render_text(v[i].item, &t->opts, &text);
        rc = put_text(t, &text);
    }
    np_buf_free(&text);
    np_buf_free(&out.buf);
    free(v);
    if (rc != 0) {
        np_outfile_abort(&of);
        return np_error_set(err, NP_ERR_IO, path, 0, "write error");
    }
    return np_outfile_commit(&of, err);
}

/* --bundle: everything is in the library (bundle.h). */
static int run_bundle(np_cli *cli, np_bundle_opts *bo, char **inputs, size_t n)
{
    np_error err = NP_ERROR_INIT;
    bo->sel = cli->sel;
    np_bundle *bd = np_bundle_open(bo, &err);
    if (!bd) {
        int usage = err.code == NP_ERR_USAGE;
        np_cli_report(cli, &err);
        return np_cli_exit(cli, usage ? NP_EXIT_USAGE : NP_EXIT_FATAL);
    }
    np_batch b;
    np_cli_batch(cli, &b, inputs, n, np_bundle_select_opts(bd), 0);
    int rc = np_bundle_write(bd, &b, &err);
    int status = np_cli_finish(cli, &b);
    if (rc != NP_OK) {
        np_cli_report(cli, &err);
        status = NP_EXIT_FATAL;
    } else if (!cli->quiet || status != NP_EXIT_OK) {
        np_buf s = NP_BUF_INIT;
        np_bundle_summary(bd, &s);
        fprintf(stderr, "%s: %s\n", cli->prog, s.data);
        np_buf_free(&s);
    }
    np_bundle_free(bd);
    np_batch_close(&b);
    return np_cli_exit(cli, status);
}

/* The text program's own options, as given. */
typedef struct txt_args {
    int width;
    np_bundle_opts bo;
} txt_args;

static int own_option(np_cli *cli, int opt, const char *arg, void *ud)
{
    txt_args *a = ud;
    switch (opt) {
    case 'w': {
        long w;
        if (np_cli_number(cli, "--width", arg, 20, 1000, &w) < 0)
            return -1;
        a->width = (int)w;
        return 1;
    }
    case 'B':
        a->bo.out = arg;
        return 1;
    case 'P':
        a->bo.partner = arg;
        return 1;
    case 'S':
        a->bo.since = arg;
        return 1;
    case 'D':
        a->bo.state_dir = arg;
        return 1;
    default:
        return 0;
    }
}

int main(int argc, char **argv)
{
    np_cli cli;
    np_cli_init(&cli, "newsml2txt");
    cli.usage = usage;
    cli.usage_ext = ".txt";
    static const struct option longopts[] = {
        NP_CLI_LONGOPTS,
        {"width", required_argument, NULL, 'w'},
        {"bundle", required_argument, NULL, 'B'},
        {"partner", required_argument, NULL, 'P'},
        {"since", required_argument, NULL, 'S'},
        {"state-dir", required_argument, NULL, 'D'},
        {NULL, 0, NULL, 0}};
    txt_args args;
    memset(&args, 0, sizeof args);
    args.width = 72;
    int first;
    int st = np_cli_parse(&cli, argc, argv, NP_CLI_SHORTOPTS "w:", longopts, own_option, &args,
                          &first);
    if (st != NP_CLI_GO)
        return st;
    txt_out t = {NULL, {args.width, 0, 0, 1}, NP_BUF_INIT, 0};
    np_bundle_opts bo = args.bo;
    if (cli.each && bo.out) {
        np_cli_error(&cli, "--each writes text files (-o PATTERN), not bundles");
        return NP_EXIT_USAGE;
    }
    if ((bo.partner || bo.since || bo.state_dir) && !bo.out) {
        np_cli_error(&cli, "--partner, --since and --state-dir go with --bundle OUT");
        return NP_EXIT_USAGE;
    }
    if (bo.out && (!bo.partner || cli.output)) {
        np_cli_error(&cli, bo.partner ? "--bundle and -o/--output exclude each other"
                                      : "--bundle needs --partner NAME (see styles/partners/)");
        return NP_EXIT_USAGE;
    }
    if (np_cli_ready(&cli, NULL) < 0)
        return NP_EXIT_USAGE;
    if (bo.out)
        return run_bundle(&cli, &bo, argv + first, (size_t)(argc - first));
    if (cli.each) {
        st = np_cli_each(&cli, argv + first, (size_t)(argc - first), write_each, &t);
        np_buf_free(&t.buf);
        return np_cli_exit(&cli, st);
    }

    /* standard output too goes through the output module */
    np_outfile of;
    np_error err = NP_ERROR_INIT;
    if (np_outfile_open(&of, cli.output ? cli.output : "-", &err) != NP_OK) {
        np_cli_report(&cli, &err);
        np_cli_free(&cli);
        return NP_EXIT_FATAL;
    }
    t.fp = of.fp;
    np_batch b;
    if (np_cli_batch(&cli, &b, argv + first, (size_t)(argc - first), &cli.sel, 0) != NP_OK ||
        np_batch_run_jobs(&b, render_item, write_item, &t) != NP_OK)
        np_cli_error(&cli, "out of memory: not every item was converted");
    np_buf_free(&t.buf);

    int status = np_cli_finish(&cli, &b);
    if (status == NP_EXIT_FATAL) {
        np_outfile_abort(&of); /* nothing readable: the earlier output stays */
    } else if (np_outfile_commit(&of, &err) != NP_OK) {
        np_cli_report(&cli, &err);
        status = NP_EXIT_FATAL;
    }
    np_batch_close(&b);
    return np_cli_exit(&cli, status);
}
