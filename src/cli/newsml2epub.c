/* newsml2epub: a week (or any range) of NewsML-G2 items as a periodical
 * EPUB 3 digest. */
#include "cli.h"
#include "newsprint/outfile.h"
#include "newsprint/render_epub.h"
#include "newsprint/sections.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("Usage: newsml2epub [OPTIONS] INPUT... -o DIGEST.epub\n"
          "Make a periodical EPUB 3 digest of NewsML-G2 items (files, directories, '-').\n"
          "\n"
          "  -o, --output FILE     write the EPUB to FILE (atomically); required\n"
          "      --week YYYY-Www   the items of an ISO week (Monday to Sunday, UTC)\n"
          "      --from DATE       only items dated on or after DATE\n"
          "      --to DATE         only items dated on or before DATE\n"
          "      --at TIME         evaluate embargoes at TIME\n"
          "                        (default: $SOURCE_DATE_EPOCH or now)\n"
          "      --title TEXT      the digest's title (default: the style's)\n"
          "      --issue N         issue number (default: the style's, else the ISO week)\n"
          "      --style STYLE     digest style: a name in styles/ or a .style file;\n"
          "                        a .css file replaces the stylesheet only\n"
          "      --section-by BY   group items no package places by day (default),\n"
          "                        subject or genre\n"
          "  -q, --quiet           no progress line, no summary unless something failed\n"
          "  -h, --help            show this help\n"
          "  -V, --version         show the version\n"
          "\n"
          "The latest version of each item goes in; canceled, withheld and embargoed\n"
          "items are left out.  A packageItem among the inputs gives the sections and\n"
          "their order.  Exit status: 0 all converted, 1 some inputs failed, 2 usage\n"
          "error, 3 no output.  See newsml2epub(1).\n",
          f);
}

enum { OPT_WEEK = 1000, OPT_TITLE, OPT_STYLE, OPT_SECTION_BY, OPT_ISSUE };

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && !strcmp(s + n - t, tail);
}

int main(int argc, char **argv)
{
    np_cli cli;
    np_cli_init(&cli, "newsml2epub");
    static const struct option longopts[] = {NP_CLI_LONGOPTS,
                                             {"week", required_argument, NULL, OPT_WEEK},
                                             {"title", required_argument, NULL, OPT_TITLE},
                                             {"issue", required_argument, NULL, OPT_ISSUE},
                                             {"style", required_argument, NULL, OPT_STYLE},
                                             {"section-by", required_argument, NULL,
                                              OPT_SECTION_BY},
                                             {NULL, 0, NULL, 0}};
    np_epub_opts eo;
    memset(&eo, 0, sizeof eo);
    const char *week = NULL, *style_arg = NULL, *section_by = NULL;
    int c;
    while ((c = getopt_long(argc, argv, NP_CLI_SHORTOPTS, longopts, NULL)) != -1) {
        int r = np_cli_option(&cli, c, optarg);
        if (r < 0)
            return NP_EXIT_USAGE;
        if (r)
            continue;
        switch (c) {
        case 'h':
            usage(stdout);
            return NP_EXIT_OK;
        case 'V':
            np_cli_version(&cli);
            return NP_EXIT_OK;
        case OPT_WEEK:
            week = optarg;
            break;
        case OPT_TITLE:
            eo.title = optarg;
            break;
        case OPT_ISSUE: {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 1000000) {
                np_cli_error(&cli, "--issue: expected a positive number, got '%s'", optarg);
                return NP_EXIT_USAGE;
            }
            eo.issue = (int)n;
            break;
        }
        case OPT_STYLE:
            style_arg = optarg;
            break;
        case OPT_SECTION_BY:
            section_by = optarg;
            break;
        default:
            usage(stderr);
            return NP_EXIT_USAGE;
        }
    }
    if (np_cli_need_io(&cli, optind, argc, "DIGEST.epub") < 0)
        return NP_EXIT_USAGE;
    if (week) {
        if (cli.sel.from.valid || cli.sel.to.valid) {
            np_cli_error(&cli, "--week cannot be combined with --from or --to");
            return NP_EXIT_USAGE;
        }
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
    np_cli_ready(&cli);
    eo.from = cli.sel.from;
    eo.to = cli.sel.to;
    /* reproducible builds: SOURCE_DATE_EPOCH is the modification time */
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        np_buf at = NP_BUF_INIT;
        np_buf_printf(&at, "@%s", sde);
        if (np_time_parse_arg(at.data, &eo.modified) != 0)
            eo.modified.valid = 0;
        np_buf_free(&at);
    }
    eo.on_issue = np_cli_issue;
    eo.ud = &cli;

    np_batch b;
    np_collection col;
    np_batch_open_held(&b, argv + optind, (size_t)(argc - optind), &cli.sel, np_cli_issue,
                       np_cli_progress, &cli);
    np_batch_collect(&b, &col);

    /* the digest is built first, so that the summary counts what it holds */
    np_epub_stats st = {0, 0, 0};
    eo.stats = &st;
    np_buf zip = NP_BUF_INIT;
    np_error err = NP_ERROR_INIT;
    int rc = np_epub_build(&col, &eo, &zip, &err);
    if (rc == NP_OK || !st.articles) {
        b.stats.converted = st.items;
        b.stats.left_empty = st.left_out;
    }
    int status = np_cli_finish(&cli, &b);
    if (rc == NP_OK && status != NP_EXIT_FATAL)
        rc = np_write_file_atomic(cli.output, zip.data, zip.len, &err);
    if (rc != NP_OK) {
        np_cli_issue(&cli, &err);
        status = NP_EXIT_FATAL;
    }
    np_error_clear(&err);
    np_buf_free(&zip);
    np_collection_free(&col);
    np_batch_close(&b);
    np_style_free(style);
    np_cleanup();
    return status;
}
