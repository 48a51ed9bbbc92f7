/* newsml2epub: a week (or any range) of NewsML-G2 items as a periodical
 * EPUB 3 digest. */
#include "cli.h"
#include "newsprint/outfile.h"
#include "newsprint/render_epub.h"
#include "newsprint/sections.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(const np_cli *cli, FILE *f)
{
    fputs("Usage: newsml2epub [OPTIONS] INPUT... -o DIGEST.epub\n"
          "Make a periodical EPUB 3 digest of NewsML-G2 items (files, directories, '-').\n"
          "\n"
          "  -o, --output FILE     write the EPUB to FILE (atomically; a device or pipe\n"
          "                        in place; '-' standard output); required\n"
          "      --week YYYY-Www   the items of an ISO week (Monday to Sunday)\n"
          "      --title TEXT      the digest's title (default: the style's)\n"
          "      --issue N         issue number (default: the style's, else the ISO week)\n"
          "      --style STYLE     digest style: a name in styles/ or a .style file;\n"
          "                        a .css file replaces the stylesheet only\n"
          "      --section-by BY   group items no package places by day (default),\n"
          "                        subject or genre\n",
          f);
    np_cli_usage_common(cli, f);
}

enum { OPT_WEEK = 1000, OPT_TITLE, OPT_STYLE, OPT_SECTION_BY, OPT_ISSUE };

/* A run's options and, for a whole run, the digest built before the summary
 * (so that the summary counts what it holds) into a temporary file, then
 * written. */
typedef struct epub_run {
    np_cli *cli;
    np_epub_opts *eo;
    FILE *zip;
    int rc;
    np_error err;
} epub_run;

/* --each: one output's digest, dated like --week WEEK (or --date DAY; on
 * a worker: the options are copied, the warnings go where the run says). */
static int write_each(void *ud, const np_collection *c, const np_each_group *g, const char *path,
                      np_issue_fn on_issue, void *issue_ud, np_error *err)
{
    np_epub_opts eo = *((const epub_run *)ud)->eo;
    eo.from = g->from;
    eo.to = g->to;
    eo.on_issue = on_issue;
    eo.ud = issue_ud;
    return np_epub_write(c, &eo, path, err);
}

static void build_whole(void *ud, const np_collection *c, np_batch_stats *stats)
{
    epub_run *r = ud;
    np_epub_stats st = {0, 0, 0, 0};
    r->eo->stats = &st;
    r->rc = np_epub_spool(c, r->eo, &r->zip, &r->err);
    r->eo->stats = NULL;
    r->cli->writers = st.writers;
    if (r->rc == NP_OK || !st.articles) {
        stats->converted = st.items;
        stats->left_empty = st.left_out;
    }
}

static int write_whole(void *ud, const np_collection *c, np_error *err)
{
    (void)c;
    epub_run *r = ud;
    if (r->rc != NP_OK) {
        np_error_set(err, r->err.code, r->err.file, r->err.line, "%s", r->err.message);
        return r->rc;
    }
    return np_write_file_from(r->cli->output, r->zip, err);
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && !strcmp(s + n - t, tail);
}

/* The digest's own options, as given. */
typedef struct epub_args {
    np_epub_opts eo;
    const char *week, *style, *section_by;
} epub_args;

static int own_option(np_cli *cli, int opt, const char *arg, void *ud)
{
    epub_args *a = ud;
    switch (opt) {
    case OPT_WEEK:
        a->week = arg;
        return 1;
    case OPT_TITLE:
        a->eo.title = arg;
        return 1;
    case OPT_ISSUE: {
        long n;
        if (np_cli_number(cli, "--issue", arg, 1, 1000000, &n) < 0)
            return -1;
        a->eo.issue = (int)n;
        return 1;
    }
    case OPT_STYLE:
        a->style = arg;
        return 1;
    case OPT_SECTION_BY:
        a->section_by = arg;
        return 1;
    default:
        return 0;
    }
}

int main(int argc, char **argv)
{
    np_cli cli;
    np_cli_init(&cli, "newsml2epub");
    cli.park = 1; /* a week of items holds only their metadata until written */
    cli.compact = 1; /* in one tight allocation each */
    cli.usage = usage;
    cli.usage_ext = ".epub";
    cli.usage_note = "  A packageItem among the inputs gives\nthe sections and their order.";
    cli.output_hint = "DIGEST.epub";
    static const struct option longopts[] = {NP_CLI_LONGOPTS,
                                             {"week", required_argument, NULL, OPT_WEEK},
                                             {"title", required_argument, NULL, OPT_TITLE},
                                             {"issue", required_argument, NULL, OPT_ISSUE},
                                             {"style", required_argument, NULL, OPT_STYLE},
                                             {"section-by", required_argument, NULL,
                                              OPT_SECTION_BY},
                                             {NULL, 0, NULL, 0}};
    epub_args args;
    memset(&args, 0, sizeof args);
    int first;
    int st = np_cli_parse(&cli, argc, argv, NP_CLI_SHORTOPTS, longopts, own_option, &args, &first);
    if (st != NP_CLI_GO)
        return st;
    np_epub_opts eo = args.eo;
    const char *week = args.week, *style_arg = args.style, *section_by = args.section_by;
    if (week) {
        if (np_cli_range_alone(&cli, "--week") < 0)
            return NP_EXIT_USAGE;
        if (np_iso_week_parse(week, &cli.sel.from, &cli.sel.to) != 0) {
            np_cli_error(&cli, "--week: expected an ISO week such as 2026-W47, got '%s'", week);
            return NP_EXIT_USAGE;
        }
    }
    np_style *style = NULL;
    if (style_arg && ends_with(style_arg, ".css")) {
        eo.css_path = style_arg;
        style_arg = NULL;
        FILE *f = fopen(eo.css_path, "rb");
        if (!f) {
            np_cli_error(&cli, "--style: cannot read stylesheet '%s'", eo.css_path);
            return NP_EXIT_USAGE;
        }
        fclose(f);
    }
    if (np_cli_load_style(&cli, style_arg, "digest", &style) < 0)
        return NP_EXIT_USAGE;
    eo.style = style;
    if (!section_by)
        section_by = np_style_get(style, "section_by", "day");
    if (np_section_by_parse(section_by, &eo.section_by) != 0) {
        np_cli_error(&cli, "--section-by: expected day, subject or genre, got '%s'", section_by);
        np_style_free(style);
        return NP_EXIT_USAGE;
    }
    if (np_cli_ready(&cli, style) < 0) {
        np_style_free(style);
        return NP_EXIT_USAGE;
    }
    eo.from = cli.sel.from;
    eo.to = cli.sel.to;
    /* reproducible builds: SOURCE_DATE_EPOCH is the modification time */
    if (np_time_source_date_epoch(&eo.modified) != 0)
        eo.modified.valid = 0;
    eo.on_issue = np_cli_issue;
    eo.ud = &cli;
    eo.park_items = 1; /* the collection is freed after the digest, never reused */
    eo.jobs = cli.jobs; /* the article threads too */

    epub_run run = {&cli, &eo, NULL, NP_OK, NP_ERROR_INIT};
    int status = np_cli_run_collection(&cli, argv + first, (size_t)(argc - first), write_each,
                                       build_whole, write_whole,
                                       "no item selected; the digest is empty", &run);
    if (run.zip)
        fclose(run.zip);
    np_error_clear(&run.err);
    np_style_free(style);
    return np_cli_exit(&cli, status);
}
