/* newsml2pdf: NewsML-G2 items as a PDF e-paper (or print pages). */
#include "cli.h"
#include "newsprint/render_pdf.h"
#include "newsprint/sections.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(const np_cli *cli, FILE *f)
{
    fputs("Usage: newsml2pdf [OPTIONS] INPUT... -o EPAPER.pdf\n"
          "Set NewsML-G2 items (files, directories, '-') as a PDF e-paper: a front page\n"
          "with masthead, lead story and index, then the sections in justified columns.\n"
          "\n"
          "  -o, --output FILE     write the PDF to FILE (atomically; a device or pipe\n"
          "                        in place; '-' standard output); required\n"
          "      --date DATE       the edition's day: items dated on DATE\n"
          "      --edition NAME    the edition's name in the masthead (\"Late edition\")\n"
          "      --style STYLE     page style: broadsheet (default), tabloid, a4, letter,\n"
          "                        or the path of a .style file\n"
          "      --article         print pages: each article on its own pages\n"
          "      --section-by BY   group items no package places by subject (default),\n"
          "                        genre or day\n"
          "      --fonts-report FILE   write the fonts used and the characters each\n"
          "                        article drew with each font to FILE\n"
          "      --layout-report FILE  write the pages and every placed line to FILE\n",
          f);
    np_cli_usage_common(cli, f);
}

enum {
    OPT_DATE = 1000,
    OPT_EDITION,
    OPT_STYLE,
    OPT_ARTICLE,
    OPT_SECTION_BY,
    OPT_FONTS_REPORT,
    OPT_LAYOUT_REPORT
};

static int write_report(np_cli *cli, const char *path, const np_buf *b)
{
    np_error err = NP_ERROR_INIT;
    if (np_write_file_atomic(path, b->data ? b->data : "", b->len, &err) != NP_OK) {
        np_cli_report(cli, &err);
        return -1;
    }
    return 0;
}

/* A whole run: the e-paper, its one-line summary, the reports asked for. */
typedef struct whole_run {
    np_cli *cli;
    const np_pdf_opts *po;
    const char *fonts_path, *layout_path;
} whole_run;

/* --each: one output's e-paper, dated like --date DAY (on a worker: the
 * options are copied, the warnings go where the run says). */
static int write_each(void *ud, const np_collection *c, const np_each_group *g, const char *path,
                      np_issue_fn on_issue, void *issue_ud, np_error *err)
{
    np_pdf_opts po = *((const whole_run *)ud)->po;
    po.from = g->from;
    po.to = g->to;
    po.on_issue = on_issue;
    po.ud = issue_ud;
    return np_pdf_write(c, &po, path, NULL, err);
}

static int write_whole(void *ud, const np_collection *c, np_error *err)
{
    const whole_run *w = ud;
    np_cli *cli = w->cli;
    np_pdf_result res;
    if (np_pdf_write(c, w->po, cli->output, &res, err) != NP_OK)
        return err->code ? err->code : NP_ERR_INTERNAL;
    if (!cli->quiet)
        fprintf(stderr,
                "%s: %s: %zu page%s, %zu stor%s, %zu jump%s, %zu picture%s, %zu KB, %zu warning%s\n",
                cli->prog, cli->output, res.pages, res.pages == 1 ? "" : "s", res.stories,
                res.stories == 1 ? "y" : "ies", res.jumps, res.jumps == 1 ? "" : "s", res.pictures,
                res.pictures == 1 ? "" : "s", (res.bytes + 1023) / 1024, res.warnings,
                res.warnings == 1 ? "" : "s");
    if ((w->fonts_path && write_report(cli, w->fonts_path, w->po->fonts_report) < 0) ||
        (w->layout_path && write_report(cli, w->layout_path, w->po->layout_report) < 0))
        return NP_ERR_IO; /* reported */
    return NP_OK;
}

/* The e-paper's own options, as given. */
typedef struct pdf_args {
    np_pdf_opts po;
    const char *date, *style, *section_by, *fonts_path, *layout_path;
} pdf_args;

static int own_option(np_cli *cli, int opt, const char *arg, void *ud)
{
    (void)cli;
    pdf_args *a = ud;
    switch (opt) {
    case OPT_DATE:
        a->date = arg;
        return 1;
    case OPT_EDITION:
        a->po.edition = arg;
        return 1;
    case OPT_STYLE:
        a->style = arg;
        return 1;
    case OPT_ARTICLE:
        a->po.article = 1;
        return 1;
    case OPT_SECTION_BY:
        a->section_by = arg;
        return 1;
    case OPT_FONTS_REPORT:
        a->fonts_path = arg;
        return 1;
    case OPT_LAYOUT_REPORT:
        a->layout_path = arg;
        return 1;
    default:
        return 0;
    }
}

int main(int argc, char **argv)
{
    np_cli cli;
    np_cli_init(&cli, "newsml2pdf");
    cli.usage = usage;
    cli.usage_ext = ".pdf";
    cli.park = 1; /* the stories are set a few at a time: their bodies wait on disk */
    cli.compact = 1; /* and each item in one tight allocation (np_item_compact()) */
    cli.park_meta = 1; /* and its metadata parked too: each story reads its item back */
    cli.usage_note = "  A packageItem among the inputs gives\nthe sections and their order.";
    cli.output_hint = "EPAPER.pdf";
    static const struct option longopts[] = {
        NP_CLI_LONGOPTS,
        {"date", required_argument, NULL, OPT_DATE},
        {"edition", required_argument, NULL, OPT_EDITION},
        {"style", required_argument, NULL, OPT_STYLE},
        {"article", no_argument, NULL, OPT_ARTICLE},
        {"section-by", required_argument, NULL, OPT_SECTION_BY},
        {"fonts-report", required_argument, NULL, OPT_FONTS_REPORT},
        {"layout-report", required_argument, NULL, OPT_LAYOUT_REPORT},
        {NULL, 0, NULL, 0}};
    pdf_args args;
    memset(&args, 0, sizeof args);
    int first;
    int st = np_cli_parse(&cli, argc, argv, NP_CLI_SHORTOPTS, longopts, own_option, &args, &first);
    if (st != NP_CLI_GO)
        return st;
    np_pdf_opts po = args.po;
    const char *date = args.date, *style_arg = args.style, *section_by = args.section_by;
    const char *fonts_path = args.fonts_path, *layout_path = args.layout_path;
    if (cli.each && (fonts_path || layout_path)) {
        np_cli_error(&cli, "--fonts-report and --layout-report describe one e-paper: not with --each");
        return NP_EXIT_USAGE;
    }
    if (date) {
        if (np_cli_range_alone(&cli, "--date") < 0)
            return NP_EXIT_USAGE;
        if (np_time_parse_arg(date, &cli.sel.from) != 0 || cli.sel.from.has_time) {
            np_cli_error(&cli, "--date: expected a day such as 2026-11-16, got '%s'", date);
            return NP_EXIT_USAGE;
        }
        cli.sel.to = cli.sel.from;
        cli.sel.to.utc += 86400;
    }
    if (section_by && np_section_by_parse(section_by, &po.section_by) != 0) {
        np_cli_error(&cli, "--section-by: expected subject, genre or day, got '%s'", section_by);
        return NP_EXIT_USAGE;
    }
    np_style *style = NULL;
    if (np_cli_load_style(&cli, style_arg, "broadsheet", &style) < 0)
        return NP_EXIT_USAGE;
    if (!section_by &&
        np_section_by_parse(np_style_get(style, "section_by", "subject"), &po.section_by) != 0)
        po.section_by = NP_SECTION_BY_SUBJECT;
    po.style = style;
    if (np_cli_ready(&cli, style) < 0) {
        np_style_free(style);
        return NP_EXIT_USAGE;
    }
    po.from = cli.sel.from;
    po.to = cli.sel.to;
    /* reproducible builds: SOURCE_DATE_EPOCH is the creation date */
    if (np_time_source_date_epoch(&po.created) != 0)
        po.created.valid = 0;
    po.on_issue = np_cli_issue;
    po.ud = &cli;
    po.park_items = 1; /* the collection is freed after the e-paper, never reused */
    np_buf fonts = NP_BUF_INIT, layout = NP_BUF_INIT;
    po.fonts_report = fonts_path ? &fonts : NULL;
    po.layout_report = layout_path ? &layout : NULL;

    whole_run w = {&cli, &po, fonts_path, layout_path};
    int status = np_cli_run_collection(&cli, argv + first, (size_t)(argc - first), write_each,
                                       NULL, write_whole, "no item selected; the e-paper has a front page only",
                                       &w);
    np_buf_free(&fonts);
    np_buf_free(&layout);
    np_style_free(style);
    return np_cli_exit(&cli, status);
}
