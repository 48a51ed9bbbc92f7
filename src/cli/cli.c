/* Shared by the command-line programs: options, messages, progress, summary. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void np_cli_init(np_cli *cli, const char *prog)
{
    memset(cli, 0, sizeof *cli);
    cli->prog = prog;
}

void np_cli_error(const np_cli *cli, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", cli->prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static int time_arg(np_cli *cli, const char *opt, const char *arg, np_time *t)
{
    if (np_time_parse_arg(arg, t) != 0) {
        np_cli_error(cli, "%s: not a date or time: '%s' (use e.g. 2026-11-16 or 2026-11-16T09:00:00Z)",
                     opt, arg);
        return -1;
    }
    return 1;
}

void np_cli_usage_common(const np_cli *cli, FILE *f)
{
    fprintf(f,
          "      --from DATE       only items dated on or after DATE\n"
          "      --to DATE         only items dated on or before DATE\n"
          "      --at TIME         evaluate embargoes at TIME\n"
          "                        (default: $SOURCE_DATE_EPOCH or now)\n"
          "      --tz ZONE         the edition's time zone (Asia/Karachi, UTC...): the\n"
          "                        days of the date options and of times written\n"
          "                        without a zone (default: the style's, else $TZ)\n"
          "      --each day|week   one output per day or ISO week; -o is a name\n"
          "                        pattern with {date} or {week}, e.g. 'out-{date}%s';\n"
          "                        outputs newer than their inputs are left as they are\n"
          "      --force           with --each: write every output\n"
          "      --shard K/N       with --each: only the outputs of shard K of N\n"
          "                        (0 <= K < N; see doc/archive-runs.md)\n"
          "  -j, --jobs N          read and prepare items on N threads (default: one\n"
          "                        per CPU); the output is the same for every N\n"
          "  -v, --verbose         the summary also counts the documents parsed\n"
          "  -q, --quiet           no progress line, no summary unless something failed\n"
          "  -h, --help            show this help\n"
          "  -V, --version         show the version\n"
          "\n"
          "The latest version of each item goes in; canceled, withheld and embargoed\n"
          "items are left out.%s\n"
          "Exit status: 0 all converted, 1 some inputs failed, 2 usage error, 3 no\n"
          "output.  See %s(1).\n",
            cli->usage_ext ? cli->usage_ext : "",
            cli->usage_note ? cli->usage_note : "", cli->prog);
}

int np_cli_number(const np_cli *cli, const char *opt, const char *arg, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long n = strtol(arg, &end, 10);
    if (end == arg || *end || errno || n < lo || n > hi) {
        np_cli_error(cli, "%s: expected a number from %ld to %ld, got '%s'", opt, lo, hi, arg);
        return -1;
    }
    *out = n;
    return 0;
}

/* --help and --version were answered: exit with NP_EXIT_OK. */
enum { CLI_DONE = 2 };

/* A common option: 1 handled (CLI_DONE: --help or --version answered),
 * 0 not one of them, -1 a bad value (message printed). */
static int common_option(np_cli *cli, int opt, const char *arg)
{
    switch (opt) {
    case 'h':
        cli->usage(cli, stdout);
        return CLI_DONE;
    case 'V':
        np_cli_version(cli);
        return CLI_DONE;
    case 'o':
        cli->output = arg;
        return 1;
    case 'q':
        cli->quiet = 1;
        return 1;
    case 'Z':
        cli->tz_name = arg;
        return 1;
    case 'v':
        cli->verbose = 1;
        return 1;
    case 'j': {
        long j;
        if (np_cli_number(cli, "--jobs", arg, 1, 256, &j) < 0)
            return -1;
        cli->jobs = (unsigned)j;
        return 1;
    }
    case NP_CLI_OPT_EACH:
        if (np_each_by_parse(arg, &cli->each) != 0) {
            np_cli_error(cli, "--each: expected day or week, got '%s'", arg);
            return -1;
        }
        return 1;
    case NP_CLI_OPT_SHARD:
        if (np_each_shard_parse(arg, &cli->shard_k, &cli->shard_n) != 0) {
            np_cli_error(cli, "--shard: expected K/N with 0 <= K < N (e.g. 0/3), got '%s'", arg);
            return -1;
        }
        return 1;
    case NP_CLI_OPT_FORCE:
        cli->force = 1;
        return 1;
    case 'A':
        return time_arg(cli, "--at", arg, &cli->sel.at);
    case 'F':
        return time_arg(cli, "--from", arg, &cli->sel.from);
    case 'T':
        if (time_arg(cli, "--to", arg, &cli->sel.to) < 0)
            return -1;
        /* --to DATE includes that whole day */
        if (!cli->sel.to.has_time)
            cli->sel.to.utc += 86400;
        return 1;
    default:
        return 0;
    }
}

static int need_io(const np_cli *cli, int optind_, int argc)
{
    if (optind_ >= argc) {
        np_cli_error(cli, "no input given (use '-' for standard input; --help for usage)");
        return -1;
    }
    if (cli->output_hint && !cli->output) {
        np_cli_error(cli, "no output file: give -o %s", cli->output_hint);
        return -1;
    }
    return 0;
}

static int check_each(const np_cli *cli, int optind_, int argc, char **argv)
{
    if (!cli->each) {
        if (cli->shard_n || cli->force) {
            np_cli_error(cli, "%s goes with --each day|week", cli->force ? "--force" : "--shard");
            return -1;
        }
        return 0;
    }
    np_error err = NP_ERROR_INIT;
    if (np_each_pattern_check(cli->output, cli->each, &err) != NP_OK) {
        np_cli_error(cli, "%s", err.message);
        np_error_clear(&err);
        return -1;
    }
    for (int i = optind_; i < argc; i++)
        if (!strcmp(argv[i], "-")) {
            np_cli_error(cli, "--each reads an archive of files, not standard input");
            return -1;
        }
    return 0;
}

int np_cli_parse(np_cli *cli, int argc, char **argv, const char *shortopts,
                 const struct option *longopts, np_cli_opt_fn own, void *ud, int *first_input)
{
    int c;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        int r = common_option(cli, c, optarg);
        if (r == 0)
            r = own(cli, c, optarg, ud);
        if (r == CLI_DONE)
            return NP_EXIT_OK;
        if (r < 0)
            return NP_EXIT_USAGE;
        if (r == 0) {
            cli->usage(cli, stderr);
            return NP_EXIT_USAGE;
        }
    }
    if (need_io(cli, optind, argc) < 0 || check_each(cli, optind, argc, argv) < 0)
        return NP_EXIT_USAGE;
    *first_input = optind;
    return NP_CLI_GO;
}

int np_cli_range_alone(const np_cli *cli, const char *opt)
{
    if (cli->sel.from.valid || cli->sel.to.valid) {
        np_cli_error(cli, "%s cannot be combined with --from or --to", opt);
        return -1;
    }
    return 0;
}

int np_cli_load_style(np_cli *cli, const char *name, const char *default_name, np_style **out)
{
    *out = NULL;
    np_buf path = NP_BUF_INIT;
    np_error err = NP_ERROR_INIT;
    int rc = np_style_find(name ? name : default_name, "", ".style", &path, &err);
    if (rc == NP_OK)
        *out = np_style_load(path.data, &err);
    /* without a name given, a missing default style means the built-in one */
    int ok = *out != NULL || !name;
    if (!ok)
        np_cli_report(cli, &err);
    np_buf_free(&path);
    return ok ? 0 : -1;
}

int np_cli_ready(np_cli *cli, const np_style *style)
{
    np_error err = NP_ERROR_INIT;
    cli->tz = np_style_timezone(style, cli->tz_name, &err);
    if (!cli->tz) {
        if (cli->tz_name)
            np_cli_error(cli, "--tz: %s", err.message);
        else
            np_cli_issue(cli, &err); /* the style's key: "FILE: timezone: ..." */
        np_error_clear(&err);
        return -1;
    }
    cli->sel.zone = cli->tz;
    if (!cli->sel.at.valid)
        cli->sel.at = np_time_now_or_sde();
    /* every output (the bundle's transmission time too) takes --at as the
     * selection reads it */
    cli->sel.at = np_select_edition_time(&cli->sel, &cli->sel.at);
    cli->progress_on = !cli->quiet && isatty(STDERR_FILENO);
    if (!cli->jobs) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        cli->jobs = n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
    }
    return 0;
}

void np_cli_free(np_cli *cli)
{
    np_tz_free(cli->tz);
    cli->tz = NULL;
    cli->sel.zone = NULL;
}

int np_cli_exit(np_cli *cli, int status)
{
    np_cli_free(cli);
    np_cleanup();
    return status;
}

int np_cli_batch(np_cli *cli, np_batch *b, char **inputs, size_t n, const np_select_opts *sel,
                 int hold)
{
    np_batch_opts o = {sel, np_cli_issue, np_cli_progress, cli, cli->jobs, hold, cli->park,
                       cli->compact, cli->park_meta};
    return np_batch_start(b, inputs, n, &o);
}

void np_cli_issue(void *ud, const np_error *err)
{
    np_cli *cli = ud;
    if (cli->progress_on)
        fputs("\r\033[K", stderr);
    char *msg = np_error_format(err);
    fprintf(stderr, "%s\n", msg);
    free(msg);
}

void np_cli_report(np_cli *cli, np_error *err)
{
    np_cli_issue(cli, err);
    np_error_clear(err);
}

void np_cli_progress(void *ud, size_t done, size_t total)
{
    np_cli *cli = ud;
    if (!cli->progress_on || total < 2)
        return;
    if (done == total) {
        fputs("\r\033[K", stderr);
        return;
    }
    /* about a hundred updates per batch are plenty */
    size_t step = total / 100 ? total / 100 : 1;
    if (done != 0 && done - cli->progress_last < step)
        return;
    cli->progress_last = done;
    fprintf(stderr, "\r%s: %zu/%zu files (%zu%%)", cli->prog, done, total, done * 100 / total);
    fflush(stderr);
}

/* The batch's summary, and with --verbose the parse count. */
static void batch_summary(const np_cli *cli, const np_batch *b, np_buf *s)
{
    np_batch_summary(b, s);
    if (!cli->verbose)
        return;
    np_buf_printf(s, "; %zu document%s parsed", b->stats.parses, b->stats.parses == 1 ? "" : "s");
    if (b->stats.parses_partial)
        np_buf_printf(s, " (%zu only up to their contentSet)", b->stats.parses_partial);
    np_buf_printf(s, ", %u reader%s", cli->jobs, cli->jobs == 1 ? "" : "s");
    if (cli->writers)
        np_buf_printf(s, ", %u writer%s", cli->writers, cli->writers == 1 ? "" : "s");
}

int np_cli_finish(np_cli *cli, const np_batch *b)
{
    int failed = np_batch_failed(b);
    if (!cli->quiet || failed) {
        np_buf s = NP_BUF_INIT;
        batch_summary(cli, b, &s);
        fprintf(stderr, "%s: %s\n", cli->prog, s.data);
        np_buf_free(&s);
    }
    if (!failed)
        return NP_EXIT_OK;
    return b->stats.converted ? NP_EXIT_PARTIAL : NP_EXIT_FATAL;
}

/* ---- archive runs ---------------------------------------------------- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "\rPROG: 3/7 outputs, 412 items/s" on a terminal. */
static void each_progress(np_cli *cli)
{
    if (!cli->progress_on)
        return;
    if (cli->outputs_done == cli->outputs_total) {
        fputs("\r\033[K", stderr);
        return;
    }
    double dt = now_s() - cli->started;
    fprintf(stderr, "\r\033[K%s: %zu/%zu outputs, %.0f items/s", cli->prog, cli->outputs_done,
            cli->outputs_total, dt > 0 ? (double)cli->items_done / dt : 0.0);
    fflush(stderr);
}

static void each_done(void *ud, const np_each_group *g, const char *path, np_each_outcome outcome,
                      const np_error *err)
{
    np_cli *cli = ud;
    cli->outputs_done++;
    cli->items_done += outcome == NP_EACH_WRITTEN ? g->n : 0;
    if (outcome == NP_EACH_FAILED)
        np_cli_issue(cli, err);
    else if (cli->verbose)
        fprintf(stderr, "%s%s: %s: %s (%zu item%s)\n", cli->progress_on ? "\r\033[K" : "",
                cli->prog, path, outcome == NP_EACH_WRITTEN ? "written" : "up to date", g->n,
                g->n == 1 ? "" : "s");
    each_progress(cli);
}

int np_cli_each(np_cli *cli, char **inputs, size_t n, np_each_write_fn write, void *ud)
{
    np_batch b;
    np_each plan;
    np_each_stats st;
    memset(&st, 0, sizeof st);
    int rc = np_cli_batch(cli, &b, inputs, n, &cli->sel, 0);
    if (rc == NP_OK)
        rc = np_each_plan(&b, cli->each, &plan);
    else
        memset(&plan, 0, sizeof plan);
    size_t all = plan.n;
    if (cli->shard_n)
        np_each_keep_shard(&plan, cli->shard_k, cli->shard_n);
    if (plan.undated)
        np_cli_error(cli, "warning: %zu selected item%s without a date, in no output",
                     plan.undated, plan.undated == 1 ? "" : "s");
    if (!all && rc == NP_OK)
        np_cli_error(cli, "warning: no item selected: no output");
    cli->outputs_total = plan.n;
    cli->started = now_s();
    np_each_opts eo = {cli->output, cli->force, write, ud, each_done, cli};
    if (rc == NP_OK) {
        each_progress(cli);
        rc = np_each_run(&b, &plan, &eo, &st);
    }
    if (rc != NP_OK)
        np_cli_error(cli, "out of memory");
    int failed = rc != NP_OK || st.failed || np_batch_failed(&b);
    if (!cli->quiet || failed) {
        np_buf s = NP_BUF_INIT;
        np_buf_printf(&s, "%zu output%s: %zu written, %zu up to date, %zu failed", plan.n,
                      plan.n == 1 ? "" : "s", st.written, st.skipped, st.failed);
        if (cli->shard_n)
            np_buf_printf(&s, " (shard %u/%u of %zu)", cli->shard_k, cli->shard_n, all);
        np_buf_puts(&s, "; ");
        batch_summary(cli, &b, &s);
        fprintf(stderr, "%s: %s\n", cli->prog, s.data);
        np_buf_free(&s);
    }
    np_each_free(&plan);
    np_batch_close(&b);
    if (!failed)
        return NP_EXIT_OK;
    return st.written + st.skipped ? NP_EXIT_PARTIAL : NP_EXIT_FATAL;
}

void np_cli_version(const np_cli *cli)
{
    printf("%s (newsprint) %s\n", cli->prog, NP_VERSION);
}

int np_cli_run_collection(np_cli *cli, char **inputs, size_t n, np_each_write_fn each,
                          np_cli_count_fn count, np_cli_whole_fn whole, const char *empty_note,
                          void *ud)
{
    if (cli->each)
        return np_cli_each(cli, inputs, n, each, ud);
    np_batch b;
    np_collection col;
    if (np_cli_batch(cli, &b, inputs, n, &cli->sel, 1) != NP_OK ||
        np_batch_collect(&b, &col) != NP_OK) {
        np_cli_error(cli, "out of memory");
        np_batch_close(&b);
        return NP_EXIT_FATAL;
    }
    if (count)
        count(ud, &col, &b.stats);
    int status = np_cli_finish(cli, &b);
    if (status != NP_EXIT_FATAL) {
        if (!col.n)
            np_cli_error(cli, "warning: %s", empty_note);
        np_error err = NP_ERROR_INIT;
        if (whole(ud, &col, &err) != NP_OK) {
            if (err.message)
                np_cli_issue(cli, &err);
            status = NP_EXIT_FATAL;
        }
        np_error_clear(&err);
    }
    np_collection_free(&col);
    np_batch_close(&b);
    return status;
}
