/* Shared by the command-line programs: options, messages, progress, summary. */
#include "cli.h"

#include <stdarg.h>
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

int np_cli_option(np_cli *cli, int opt, const char *arg)
{
    switch (opt) {
    case 'o':
        cli->output = arg;
        return 1;
    case 'q':
        cli->quiet = 1;
        return 1;
    case 'v':
        cli->verbose = 1;
        return 1;
    case 'j': {
        char *end;
        long j = strtol(arg, &end, 10);
        if (*end || j < 1 || j > 256) {
            np_cli_error(cli, "--jobs: expected a number from 1 to 256, got '%s'", arg);
            return -1;
        }
        cli->jobs = (unsigned)j;
        return 1;
    }
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

int np_cli_need_io(const np_cli *cli, int optind_, int argc, const char *output_hint)
{
    if (optind_ >= argc) {
        np_cli_error(cli, "no input given (use '-' for standard input; --help for usage)");
        return -1;
    }
    if (output_hint && !cli->output) {
        np_cli_error(cli, "no output file: give -o %s", output_hint);
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
        np_cli_issue(cli, &err);
    np_error_clear(&err);
    np_buf_free(&path);
    return ok ? 0 : -1;
}

void np_cli_ready(np_cli *cli)
{
    if (!cli->sel.at.valid)
        cli->sel.at = np_time_now_or_sde();
    cli->progress_on = !cli->quiet && isatty(STDERR_FILENO);
    if (!cli->jobs) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        cli->jobs = n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
    }
}

int np_cli_batch(np_cli *cli, np_batch *b, char **inputs, size_t n, const np_select_opts *sel,
                 int hold)
{
    np_batch_opts o = {sel, np_cli_issue, np_cli_progress, cli, cli->jobs, hold};
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

int np_cli_finish(np_cli *cli, const np_batch *b)
{
    int failed = np_batch_failed(b);
    if (!cli->quiet || failed) {
        np_buf s = NP_BUF_INIT;
        np_batch_summary(b, &s);
        if (cli->verbose)
            np_buf_printf(&s, "; %zu document%s parsed, %u reader%s", b->stats.parses,
                          b->stats.parses == 1 ? "" : "s", cli->jobs, cli->jobs == 1 ? "" : "s");
        fprintf(stderr, "%s: %s\n", cli->prog, s.data);
        np_buf_free(&s);
    }
    if (!failed)
        return NP_EXIT_OK;
    return b->stats.converted ? NP_EXIT_PARTIAL : NP_EXIT_FATAL;
}

void np_cli_version(const np_cli *cli)
{
    printf("%s (newsprint) %s\n", cli->prog, NP_VERSION);
}
