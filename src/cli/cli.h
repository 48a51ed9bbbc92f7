/* Shared by the command-line programs: common options, messages, progress
 * line, summary and exit status.  Private to src/cli/. */
#ifndef NP_CLI_H
#define NP_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include "newsprint/newsprint.h"

/* Exit statuses (documented in every man page). */
enum {
    NP_EXIT_OK = 0,      /* everything converted */
    NP_EXIT_PARTIAL = 1, /* output written, but some inputs or items failed */
    NP_EXIT_USAGE = 2,   /* bad options */
    NP_EXIT_FATAL = 3    /* no output: cannot write it, or nothing could be read */
};

typedef struct np_cli {
    const char *prog;
    void (*usage)(const struct np_cli *cli, FILE *f); /* the program's --help */
    const char *usage_ext;   /* its output's extension, for the --each example */
    const char *usage_note;  /* a sentence for the end of --help, or NULL */
    const char *output_hint; /* "DIGEST.epub": -o is required; NULL: stdout will do */
    const char *output;  /* -o, NULL = stdout (where allowed) */
    int quiet;
    int verbose;         /* --verbose: also the parse count */
    unsigned jobs;       /* -j: reader/worker threads (default: online CPUs) */
    unsigned writers;    /* threads that wrote the output, for --verbose; 0: not said */
    int park;            /* the program parks bodies (np_batch_opts.park) */
    int compact;         /* and compacts the items it keeps (np_batch_opts.compact) */
    int park_meta;       /* and parks their metadata too (np_batch_opts.park_meta) */
    np_select_opts sel;
    const char *tz_name; /* --tz */
    np_tz *tz;           /* the edition's zone, once np_cli_ready() opened it */
    int progress_on;     /* stderr is a terminal and not --quiet */
    size_t progress_last;
    /* archive runs: --each, --shard K/N, --force */
    np_each_by each;
    unsigned shard_k, shard_n; /* shard_n 0: every output */
    int force;
    double started;      /* monotonic seconds when the outputs began */
    size_t outputs_total, outputs_done, items_done;
} np_cli;

/* Long options every program takes; append to a program's table. */
#define NP_CLI_LONGOPTS                                                                     \
    {"output", required_argument, NULL, 'o'}, {"at", required_argument, NULL, 'A'},         \
    {"from", required_argument, NULL, 'F'}, {"to", required_argument, NULL, 'T'},           \
    {"quiet", no_argument, NULL, 'q'}, {"help", no_argument, NULL, 'h'},                    \
    {"version", no_argument, NULL, 'V'}, {"jobs", required_argument, NULL, 'j'},            \
    {"verbose", no_argument, NULL, 'v'}, {"tz", required_argument, NULL, 'Z'},              \
    {"each", required_argument, NULL, NP_CLI_OPT_EACH},                                     \
    {"shard", required_argument, NULL, NP_CLI_OPT_SHARD},                                   \
    {"force", no_argument, NULL, NP_CLI_OPT_FORCE}
/* codes of the long options without a letter (programs number theirs from 1000) */
enum { NP_CLI_OPT_EACH = 900, NP_CLI_OPT_SHARD, NP_CLI_OPT_FORCE };
#define NP_CLI_SHORTOPTS "o:qhVj:v"

void np_cli_init(np_cli *cli, const char *prog);
/* The options every program takes and the exit statuses, for --help. */
void np_cli_usage_common(const np_cli *cli, FILE *f);
/* A program's own option: 1 taken, 0 not one of its options, -1 a bad
 * value (message printed). */
typedef int (*np_cli_opt_fn)(np_cli *cli, int opt, const char *arg, void *ud);
/* Parse the command line: the common options here, the program's own
 * through `own`; then are there inputs, and an output file when the
 * program needs one (cli->output_hint)?  With --each, is every output a
 * file named by the -o pattern, and no input standard input (an archive is
 * files)?  Without it, --shard and --force are refused.  Returns
 * NP_CLI_GO with *first_input the index of the first input in argv, or the
 * status to exit with (NP_EXIT_OK after --help or --version). */
enum { NP_CLI_GO = -1 };
int np_cli_parse(np_cli *cli, int argc, char **argv, const char *shortopts,
                 const struct option *longopts, np_cli_opt_fn own, void *ud, int *first_input);
/* A whole number from `lo` to `hi` for option `opt` (such as "--width"):
 * 0 with *out set, or -1 (message printed). */
int np_cli_number(const np_cli *cli, const char *opt, const char *arg, long lo, long hi, long *out);
/* An option that sets the selection's range itself (--week, --date):
 * returns -1 (message printed) when --from or --to was given too. */
int np_cli_range_alone(const np_cli *cli, const char *opt);
/* An archive run (--each): the selection pass over the inputs, then one
 * output per day or week (of the shard), each written by `write`; progress
 * line (outputs done/total, items/s), summary.  Returns the exit status. */
int np_cli_each(np_cli *cli, char **inputs, size_t n, np_each_write_fn write, void *ud);
/* Writes a whole run's collection to cli->output: NP_OK, or a negative
 * status with `err` filled (or left empty when already reported). */
typedef int (*np_cli_whole_fn)(void *ud, const np_collection *c, np_error *err);
/* Before the summary of a whole run: may set the counts to what the output
 * really holds (items left out as empty...). */
typedef void (*np_cli_count_fn)(void *ud, const np_collection *c, np_batch_stats *stats);
/* The run of a program that sets a collection (the digest, the e-paper):
 * with --each one output per group through `each`, else the selection read
 * whole, collected, counted by `count` (may be NULL) and handed to `whole`
 * (`empty_note` is printed when nothing was selected).  Returns the exit status. */
int np_cli_run_collection(np_cli *cli, char **inputs, size_t n, np_each_write_fn each,
                          np_cli_count_fn count, np_cli_whole_fn whole, const char *empty_note,
                          void *ud);
/* Load the .style file `name` (a name in styles/ or a path); without a
 * name, `default_name`, which may be missing (built-in
 * settings then: *out stays NULL).  Returns 0, or -1 (message printed). */
int np_cli_load_style(np_cli *cli, const char *name, const char *default_name, np_style **out);
/* After option parsing: the edition's time zone (--tz, else the style's
 * "timezone", else TZ; `style` may be NULL) for the selection, the
 * evaluation time, progress line, jobs.  Returns 0, or -1 for an unknown
 * zone (message printed). */
int np_cli_ready(np_cli *cli, const np_style *style);
/* Free what np_cli_ready() opened. */
void np_cli_free(np_cli *cli);
/* At the end of main(): np_cli_free() and the library's global state
 * (np_cleanup()); returns `status`. */
int np_cli_exit(np_cli *cli, int status);
/* Start a batch over the inputs with the program's options (selection
 * `sel`, -j, issues and progress to the terminal); `hold` as
 * np_batch_opts.hold. */
int np_cli_batch(np_cli *cli, np_batch *b, char **inputs, size_t n, const np_select_opts *sel,
                 int hold);
/* Print "PROG: message" to stderr. */
void np_cli_error(const np_cli *cli, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* np_issue_fn: prints "FILE:LINE: message" (ud is the np_cli). */
void np_cli_issue(void *ud, const np_error *err);
/* An error the program reports and is done with: np_cli_issue(), then
 * np_error_clear(). */
void np_cli_report(np_cli *cli, np_error *err);
/* np_progress_fn: "\rPROG: 12/100 files" on a terminal. */
void np_cli_progress(void *ud, size_t done, size_t total);
/* Summary line on stderr and the exit status for a finished batch. */
int np_cli_finish(np_cli *cli, const np_batch *b);
void np_cli_version(const np_cli *cli);

#endif
