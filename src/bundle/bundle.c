/* Syndication bundles: partner profiles, one framed file per item, kill
 * notices, manifest.json, directory or zip, atomic commit, sequence state. */
#define _GNU_SOURCE /* renameat2 (RENAME_EXCHANGE), syncfs */
#include "newsprint/bundle.h"
#include "newsprint/layout.h"
#include "newsprint/meta.h"
#include "newsprint/render_text.h"
#include "newsprint/style.h"
#include "newsprint/outfile.h"

#include "util/arena.h"
#include "charset.h"
#include "manifest.h"
#include "safename.h"
#include "util/sha256.h"
#include "wire.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

enum {
    MIN_WIDTH = 40,          /* the wire header lines must fit */
    MAX_WIDTH = 1000,
    ANPA_KEYWORD_MAX = 24,
    ANPA_HEADLINE_MAX = 64,
    SLUG_PART_MAX = 60,      /* bytes of {slug} / {guid} in a file name */
    MANIFEST_COPY_CHUNK = 65536
};

/* Latest time a zip can hold and far enough for "embargoes ignored". */
#define FAR_FUTURE INT64_C(253402300799) /* 9999-12-31T23:59:59Z */

/* ---- partner profile --------------------------------------------------- */

typedef struct profile {
    np_style *style;
    char *name;
    np_framing framing;
    int width;
    const char *eol;
    np_charset_id charset;
    unsigned fields;         /* NP_TXT_* header fields */
    int para_indent, blank_between;
    int embargo_include;
    const char *pattern;     /* file name pattern */
    const char *kill_pattern;
    const char *prio[10];    /* by urgency 1..9; [0] = no urgency */
    char *prio_buf;          /* holds prio[1..9] */
    const char *prio_kill;
    const char *source, *selector, *signoff, *keyword_prefix, *category;
    unsigned long long seq_start;
} profile;

static char *xstrdup(const char *s)
{
    np_buf b = NP_BUF_INIT;
    np_buf_puts(&b, s ? s : "");
    return np_buf_detach(&b);
}

/* A profile value that goes into a wire header: letters and digits only. */
static int alnum_value(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return 0;
    }
    return 1;
}

static int profile_error(np_error *err, const char *path, const char *fmt, const char *a)
{
    return np_error_set(err, NP_ERR_USAGE, path, 0, fmt, a);
}

static int load_profile(profile *p, const char *name_or_path, np_error *err)
{
    memset(p, 0, sizeof *p);
    np_buf path = NP_BUF_INIT;
    if (np_style_find(name_or_path, "partners", ".profile", &path, err) != NP_OK) {
        np_buf_free(&path);
        return NP_ERR_USAGE;
    }
    p->style = np_style_load(path.data, err);
    if (!p->style) {
        np_buf_free(&path);
        return NP_ERR_USAGE;
    }
    const np_style *s = p->style;
    const char *f = path.data;
    int rc = NP_OK;

    /* name: from the profile, else the file's stem */
    const char *nm = np_style_get(s, "name", NULL);
    np_buf stem = NP_BUF_INIT;
    if (!nm || !*nm) {
        const char *base = strrchr(f, '/') ? strrchr(f, '/') + 1 : f;
        const char *dot = strrchr(base, '.');
        np_buf_put(&stem, base, dot && dot > base ? (size_t)(dot - base) : strlen(base));
        nm = np_buf_cstr(&stem);
    }
    np_buf safe = NP_BUF_INIT;
    np_safename(nm, 64, &safe);
    p->name = np_buf_detach(&safe);
    np_buf_free(&stem);

    if (np_framing_parse(np_style_get(s, "format.framing", "plain"), &p->framing))
        rc = profile_error(err, f, "format.framing: expected plain, iptc7901 or anpa1312, got '%s'",
                           np_style_get(s, "format.framing", ""));
    double w = np_style_num(s, "format.width", p->framing == NP_FRAME_IPTC7901 ? 69 : 72);
    if (!rc && (w < MIN_WIDTH || w > MAX_WIDTH || w != (int)w))
        rc = profile_error(err, f, "format.width: expected a whole number from 40 to 1000, got '%s'",
                           np_style_get(s, "format.width", ""));
    p->width = (int)w;
    const char *le = np_style_get(s, "format.line_ending", p->framing == NP_FRAME_PLAIN ? "LF" : "CRLF");
    if (!strcasecmp(le, "LF"))
        p->eol = "\n";
    else if (!strcasecmp(le, "CRLF"))
        p->eol = "\r\n";
    else if (!rc)
        rc = profile_error(err, f, "format.line_ending: expected LF or CRLF, got '%s'", le);
    const char *cs = np_style_get(s, "format.charset", "utf-8");
    if (np_charset_parse(cs, &p->charset) && !rc)
        rc = profile_error(err, f, "format.charset: expected utf-8, latin-1 or ascii, got '%s'", cs);
    int wire = p->framing != NP_FRAME_PLAIN;
    p->para_indent = (int)np_style_num(s, "format.para_indent", wire ? 3 : 0);
    p->blank_between = (int)np_style_num(s, "format.blank_between", wire ? 0 : 1);
    if (p->para_indent < 0 || p->para_indent > 8)
        p->para_indent = 3;
    if (p->blank_between < 0 || p->blank_between > 2)
        p->blank_between = wire ? 0 : 1;

    static const struct {
        const char *key;
        unsigned flag;
        int def;
    } fields[] = {{"header.subheadline", NP_TXT_SUBHEADLINE, 1},
                  {"header.byline", NP_TXT_BYLINE, 1},
                  {"header.dateline", NP_TXT_DATELINE, 1},
                  {"header.slugline", NP_TXT_SLUGLINE, 0},
                  {"header.keywords", NP_TXT_KEYWORDS, 0},
                  {"header.copyright", NP_TXT_COPYRIGHT, 1},
                  {"header.usage_terms", NP_TXT_USAGE, 0},
                  {"header.ednote", NP_TXT_EDNOTE, 0}};
    p->fields = NP_TXT_HEADLINE;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (np_style_bool(s, fields[i].key, fields[i].def))
            p->fields |= fields[i].flag;

    const char *emb = np_style_get(s, "policy.embargo", "hold");
    if (!strcmp(emb, "include"))
        p->embargo_include = 1;
    else if (strcmp(emb, "hold") && !rc)
        rc = profile_error(err, f, "policy.embargo: expected hold or include, got '%s'", emb);

    p->pattern = np_style_get(s, "files.name", "{seq}-{slug}.txt");
    p->kill_pattern = np_style_get(s, "files.kill_name", NULL);

    /* priority: "map" lists 9 values for urgency 1..9 */
    const char *map = np_style_get(s, "priority.map", p->framing == NP_FRAME_ANPA1312
                                                          ? "f b u r r r d d d"
                                                          : "1 2 3 4 4 5 5 6 6");
    p->prio[0] = np_style_get(s, "priority.default", p->framing == NP_FRAME_ANPA1312 ? "r" : "4");
    p->prio_kill = np_style_get(s, "priority.kill", p->framing == NP_FRAME_ANPA1312 ? "b" : "2");
    p->source = np_style_get(s, "wire.source", p->framing == NP_FRAME_ANPA1312 ? "a" : "NPW");
    p->selector = np_style_get(s, "wire.selector", NULL);
    p->signoff = np_style_get(s, "wire.signoff", NULL);
    p->keyword_prefix = np_style_get(s, "wire.keyword_prefix", p->framing == NP_FRAME_ANPA1312 ? "bc-" : "");
    p->category = np_style_get(s, "category.default", p->framing == NP_FRAME_ANPA1312 ? "i" : "X");
    if (!rc && !alnum_value(p->source, p->framing == NP_FRAME_ANPA1312 ? 1 : 10))
        rc = profile_error(err, f, "wire.source: letters and digits only (1 for ANPA-1312, up to 10), got '%s'",
                           p->source);
    if (!rc && p->selector && !alnum_value(p->selector, 20))
        rc = profile_error(err, f, "wire.selector: up to 20 letters and digits, got '%s'", p->selector);
    if (!rc && p->signoff && !alnum_value(p->signoff, 20))
        rc = profile_error(err, f, "wire.signoff: up to 20 letters and digits, got '%s'", p->signoff);
    if (!rc && !alnum_value(p->category, p->framing == NP_FRAME_ANPA1312 ? 1 : 3))
        rc = profile_error(err, f, "category.default: 1 letter (ANPA-1312) or up to 3, got '%s'",
                           p->category);
    double start = np_style_num(s, "sequence.start", 1);
    p->seq_start = start >= 1 && start < 1e15 ? (unsigned long long)start : 1;
    np_buf_free(&path);
    if (rc)
        return rc;

    /* the priority map: 9 tokens separated by spaces */
    np_buf toks = NP_BUF_INIT;
    np_buf_puts(&toks, map);
    p->prio_buf = np_buf_detach(&toks);
    char *save = NULL;
    int n = 0;
    for (char *t = strtok_r(p->prio_buf, " \t,", &save); t; t = strtok_r(NULL, " \t,", &save)) {
        if (n == 9) {
            n++;
            break;
        }
        p->prio[++n] = t;
    }
    if (n != 9)
        return profile_error(err, np_style_path(s), "priority.map: expected 9 values (urgency 1 to 9), got '%s'", map);
    for (int i = 0; i <= 9; i++)
        if (!*p->prio[i] || !alnum_value(p->prio[i], 3))
            return profile_error(err, np_style_path(s), "priority: values are 1 to 3 letters or digits, got '%s'",
                                 p->prio[i]);
    if (!*p->prio_kill || !alnum_value(p->prio_kill, 3))
        return profile_error(err, np_style_path(s), "priority.kill: 1 to 3 letters or digits, got '%s'", p->prio_kill);
    return NP_OK;
}

static void free_profile(profile *p)
{
    free(p->prio_buf);
    free(p->name);
    np_style_free(p->style);
    memset(p, 0, sizeof *p);
}

/* The wire category: the first subject with a [category] mapping. */
static const char *category_of(const profile *p, const np_item *item)
{
    np_buf key = NP_BUF_INIT;
    const char *hit = NULL;
    for (const np_concept *c = item->subjects; c && !hit; c = c->next) {
        if (!c->qcode)
            continue;
        np_buf_reset(&key);
        np_buf_printf(&key, "category.%s", c->qcode);
        const char *v = np_style_get(p->style, key.data, NULL);
        if (v && alnum_value(v, p->framing == NP_FRAME_ANPA1312 ? 1 : 3) && *v)
            hit = v;
    }
    np_buf_free(&key);
    return hit ? hit : p->category;
}

static const char *priority_of(const profile *p, int urgency)
{
    return urgency >= 1 && urgency <= 9 ? p->prio[urgency] : p->prio[0];
}

/* ---- kill notices found in the metadata pass ---------------------------- */

typedef struct kill_note {
    char *guid;
    long version;            /* the canceled version */
    char *headline, *slug, *ednote;
    const char *category;    /* points into the profile */
    int urgency;
    np_received_entry *sent; /* what the partner had */
} kill_note;

/* ---- the bundle -------------------------------------------------------- */

struct np_bundle {
    np_bundle_opts o;
    profile p;
    np_charset *cs;
    np_received rcv;
    int delta;
    np_select_opts sel;       /* for the batch */
    np_time at;               /* transmission time, embargo time */
    char *out, *parent, *base;
    int is_zip;
    char *state_path;
    int lock_fd;
    unsigned long long seq, first_seq; /* next sequence number */
    char *tmpdir;
    int tmpfd;
    FILE *spool;              /* manifest "files" entries, one a line */
    FILE *content;            /* zip: every file's bytes, one after the other */
    struct zentry {
        char *name;
        off_t off;
        size_t len;
    } *zv;                    /* zip: where each file is in `content` */
    size_t nz, capz;
    size_t spooled;
    np_nameset names;
    np_bundle_counts c;
    kill_note *kills;
    size_t nkills, capkills;
    const np_batch *batch;
    int failed;
    np_error fail_err;
    long abort_after, kill_after;
    /* reused per file */
    np_buf text, body, tmp, framed, enc, name, line, json;
};

static np_bundle_counts zero_counts;

static long env_count(const char *name)
{
    const char *v = getenv(name);
    if (!v || !*v)
        return -1;
    char *end;
    long n = strtol(v, &end, 10);
    return *end || n < 0 ? -1 : n;
}

static int fail_io(np_bundle *bd, const char *path, int e, const char *what)
{
    if (!bd->failed) {
        bd->failed = 1;
        np_error_set(&bd->fail_err, NP_ERR_IO, path, 0, "%s: %s", what, strerror(e));
    }
    return NP_ERR_IO;
}

static int read_state(np_bundle *bd, np_error *err)
{
    struct stat st;
    bd->seq = bd->p.seq_start;
    if (stat(bd->state_path, &st) != 0)
        return NP_OK; /* first bundle for this partner */
    np_style *s = np_style_load(bd->state_path, err);
    if (!s)
        return NP_ERR_INVALID;
    const char *v = np_style_get(s, "next_sequence", NULL);
    char *end = NULL;
    unsigned long long n = v ? strtoull(v, &end, 10) : 0;
    int rc = NP_OK;
    if (!v || *end || n < 1)
        rc = np_error_set(err, NP_ERR_INVALID, bd->state_path, 0,
                          "sequence state: expected 'next_sequence = N' (N >= 1)");
    else
        bd->seq = n;
    np_style_free(s);
    return rc;
}

static int write_state(np_bundle *bd, np_error *err)
{
    np_buf s = NP_BUF_INIT;
    np_buf_puts(&s, "# newsprint: sequence state of a bundle partner (written after each complete bundle)\n");
    np_buf_printf(&s, "partner = %s\n", bd->p.name);
    np_buf_printf(&s, "next_sequence = %llu\n", bd->seq);
    np_buf_puts(&s, "last_bundle_time = ");
    np_time_format_iso(&bd->at, &s);
    np_buf_putc(&s, '\n');
    int rc = np_write_file_atomic(bd->state_path, s.data, s.len, err);
    np_buf_free(&s);
    return rc;
}

static int is_bundle_dir(const char *path)
{
    np_buf m = NP_BUF_INIT;
    np_buf_printf(&m, "%s/manifest.json", path);
    struct stat st;
    int ok = lstat(m.data, &st) == 0 && S_ISREG(st.st_mode);
    np_buf_free(&m);
    return ok;
}

np_bundle *np_bundle_open(const np_bundle_opts *opts, np_error *err)
{
    if (!opts->out || !*opts->out || !opts->partner || !*opts->partner) {
        np_error_set(err, NP_ERR_USAGE, NULL, 0, "a bundle needs an output (--bundle) and a partner (--partner)");
        return NULL;
    }
    np_bundle *bd = calloc(1, sizeof *bd);
    if (!bd)
        abort();
    bd->o = *opts;
    bd->lock_fd = -1;
    bd->tmpfd = -1;
    bd->abort_after = env_count("NEWSPRINT_TEST_ABORT_AFTER");
    bd->kill_after = env_count("NEWSPRINT_TEST_KILL_AFTER");
    if (load_profile(&bd->p, opts->partner, err) != NP_OK) {
        if (err)
            err->code = NP_ERR_USAGE; /* a profile that cannot be used is a usage error */
        goto fail;
    }
    bd->cs = np_charset_open(bd->p.charset, err);
    if (!bd->cs)
        goto fail;

    /* OUT, its parent and base name (trailing slashes dropped) */
    np_buf o = NP_BUF_INIT;
    np_buf_puts(&o, opts->out);
    while (o.len > 1 && o.data[o.len - 1] == '/')
        np_buf_truncate(&o, o.len - 1);
    bd->out = np_buf_detach(&o);
    const char *slash = strrchr(bd->out, '/');
    np_buf par = NP_BUF_INIT;
    if (slash)
        np_buf_put(&par, bd->out, slash == bd->out ? 1 : (size_t)(slash - bd->out));
    else
        np_buf_puts(&par, ".");
    bd->parent = np_buf_detach(&par);
    bd->base = xstrdup(slash ? slash + 1 : bd->out);
    size_t bl = strlen(bd->base);
    bd->is_zip = bl > 4 && !strcasecmp(bd->base + bl - 4, ".zip");
    if (!*bd->base || !strcmp(bd->base, ".") || !strcmp(bd->base, "..")) {
        np_error_set(err, NP_ERR_USAGE, bd->out, 0, "not a usable bundle name");
        goto fail;
    }
    struct stat st;
    if (lstat(bd->out, &st) == 0) {
        if (bd->is_zip && !S_ISREG(st.st_mode)) {
            np_error_set(err, NP_ERR_USAGE, bd->out, 0, "exists and is not a file");
            goto fail;
        }
        if (!bd->is_zip && !(S_ISDIR(st.st_mode) && is_bundle_dir(bd->out))) {
            np_error_set(err, NP_ERR_USAGE, bd->out, 0,
                         "exists and is not a bundle directory (no manifest.json); not replacing it");
            goto fail;
        }
    }

    if (opts->since) {
        if (np_manifest_read(opts->since, &bd->rcv, err) != NP_OK)
            goto fail;
        if (bd->rcv.partner && strcmp(bd->rcv.partner, bd->p.name) != 0) {
            np_error_set(err, NP_ERR_USAGE, opts->since, 0,
                         "manifest of partner '%s', not '%s': a delta needs the partner's own manifest",
                         bd->rcv.partner, bd->p.name);
            goto fail;
        }
        bd->delta = 1;
    }

    /* times: transmission and embargo evaluation */
    bd->at = opts->sel.at.valid ? opts->sel.at : np_time_now_or_sde();
    bd->at = np_time_from_epoch(bd->at.utc); /* a date means its 00:00 UTC: show the time */
    bd->sel = opts->sel;
    bd->sel.at = bd->at;
    if (bd->p.embargo_include)
        bd->sel.at = np_time_from_epoch(FAR_FUTURE);

    /* sequence state and its lock */
    np_buf sp = NP_BUF_INIT;
    np_buf_printf(&sp, "%s/%s.seq", opts->state_dir ? opts->state_dir : bd->parent, bd->p.name);
    bd->state_path = np_buf_detach(&sp);
    np_buf lp = NP_BUF_INIT;
    np_buf_printf(&lp, "%s.lock", bd->state_path);
    bd->lock_fd = open(lp.data, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (bd->lock_fd < 0) {
        np_error_set(err, NP_ERR_IO, lp.data, 0, "cannot open the partner's lock file: %s", strerror(errno));
        np_buf_free(&lp);
        goto fail;
    }
    if (flock(bd->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        np_error_set(err, NP_ERR_IO, lp.data, 0,
                     "another bundle for partner '%s' is being written", bd->p.name);
        np_buf_free(&lp);
        goto fail;
    }
    np_buf_free(&lp);
    if (read_state(bd, err) != NP_OK)
        goto fail;
    bd->first_seq = bd->seq;
    return bd;
fail:
    np_bundle_free(bd);
    return NULL;
}

const np_select_opts *np_bundle_select_opts(const np_bundle *bd)
{
    return &bd->sel;
}

const np_bundle_counts *np_bundle_get_counts(const np_bundle *bd)
{
    return bd ? &bd->c : &zero_counts;
}

/* ---- text composition ---------------------------------------------------- */

/* Wrap s[0..n) (folded UTF-8) at the profile's width; `first`/`rest`
 * prefix the first and the other lines.  Lines end in '\n'. */
static void wrap(np_bundle *bd, const char *s, size_t n, const char *first, const char *rest, np_buf *out)
{
    np_text_wrap(s, n, (int)bd->p.width, first, rest, out);
}

/* Fold LABEL+VALUE to the charset, then wrap it; continuation lines are
 * indented by `rest`. */
static void field_as(np_bundle *bd, const char *label, const char *value, const char *rest, np_buf *out)
{
    if (!value || !*value)
        return;
    np_buf_reset(&bd->line);
    np_buf_puts(&bd->line, label);
    np_buf_puts(&bd->line, value);
    np_buf_reset(&bd->tmp);
    np_charset_fold(bd->cs, bd->line.data, bd->line.len, &bd->tmp);
    wrap(bd, bd->tmp.data, bd->tmp.len, "", rest, out);
}

static void field(np_bundle *bd, const char *label, const char *value, np_buf *out)
{
    field_as(bd, label, value, "  ", out);
}

/* Prefix of s[0..n) no wider than `cols` columns, on a character boundary,
 * preferring to end before a space when `words` is set. */
static size_t fit_prefix(const char *s, size_t n, size_t cols, int words)
{
    size_t end = 0, last_space = 0;
    while (end < n) {
        size_t k = 1;
        unsigned char c = (unsigned char)s[end];
        if (c >= 0xc0)
            k = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
        if (end + k > n)
            k = n - end;
        if (np_display_width(s, end + k) > cols)
            break;
        if (s[end] == ' ')
            last_space = end;
        end += k;
    }
    if (end < n && words && last_space > cols / 2)
        end = last_space;
    while (end && s[end - 1] == ' ')
        end--;
    return end;
}

/* Guarantee: no line wider than the profile's width.  The layout already
 * wraps; this splits what it could not (one unbreakable piece, or a
 * transliteration that made a rendered line longer). */
static void fit_lines(np_bundle *bd, np_buf *text)
{
    size_t cols = (size_t)bd->p.width;
    np_buf out = NP_BUF_INIT;
    const char *p = np_buf_cstr(text), *end = p + text->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        while (np_display_width(p, n) > cols) {
            size_t k = fit_prefix(p, n, cols, 1);
            if (k == 0)
                k = fit_prefix(p, n, cols, 0);
            if (k == 0) /* a single character wider than the line */
                k = 1;
            np_buf_put(&out, p, k);
            np_buf_putc(&out, '\n');
            p += k;
            n -= k;
            while (n && *p == ' ') {
                p++;
                n--;
            }
        }
        np_buf_put(&out, p, n);
        if (nl)
            np_buf_putc(&out, '\n');
        p += n + (nl ? 1 : 0);
    }
    np_buf_reset(text);
    np_buf_put(text, out.data ? out.data : "", out.len);
    np_buf_free(&out);
}

static void blank_lines(np_bundle *bd, np_buf *t)
{
    for (int i = 0; i < bd->p.blank_between; i++)
        np_buf_putc(t, '\n');
}

/* The header fields the profile asks for (byline, dateline...). */
static void header_fields(np_bundle *bd, const np_item *item, np_buf *t)
{
    unsigned f = bd->p.fields;
    np_buf b = NP_BUF_INIT;
    if (f & NP_TXT_BYLINE) {
        np_meta_byline(item, &b);
        field(bd, "", b.data, t);
        np_buf_reset(&b);
    }
    if (f & NP_TXT_DATELINE) {
        /* the dateline as written (it carries its own date), else the
         * place and the item's date */
        np_meta_place(item, &b);
        if (!item->dateline) {
            const np_time *d = np_meta_item_date(item);
            if (d) {
                if (b.len)
                    np_buf_puts(&b, ", ");
                np_time_format_human_time(d, &b);
            }
        }
        field(bd, "", b.data, t);
        np_buf_reset(&b);
    }
    if ((f & NP_TXT_SLUGLINE) && bd->p.framing == NP_FRAME_PLAIN)
        field(bd, "Slug: ", item->slugline, t);
    if ((f & NP_TXT_KEYWORDS) && item->keywords) {
        for (const np_text *k = item->keywords; k; k = k->next) {
            if (k != item->keywords)
                np_buf_puts(&b, ", ");
            np_buf_puts(&b, k->text);
        }
        field(bd, "Keywords: ", b.data, t);
        np_buf_reset(&b);
    }
    if (f & NP_TXT_COPYRIGHT) {
        np_meta_copyright(item, &b);
        field(bd, "", b.data, t);
        np_buf_reset(&b);
    }
    if (f & NP_TXT_USAGE)
        field(bd, "Usage: ", item->rights.usage_terms, t);
    if (f & NP_TXT_EDNOTE)
        field(bd, "Editor's note: ", item->ednote, t);
    np_buf_free(&b);
}

/* Fold every text of the body in place (copies in the item's arena), so
 * that the renderer wraps what will be written. */
static void fold_inlines(np_bundle *bd, np_arena *a, np_inline *in)
{
    for (; in; in = in->next) {
        if (in->text) {
            np_buf_reset(&bd->tmp);
            np_charset_fold(bd->cs, in->text, strlen(in->text), &bd->tmp);
            in->text = np_arena_strndup(a, np_buf_cstr(&bd->tmp), bd->tmp.len);
        }
        fold_inlines(bd, a, in->children);
    }
}

static const char *fold_str(np_bundle *bd, np_arena *a, const char *s)
{
    if (!s)
        return NULL;
    np_buf_reset(&bd->tmp);
    np_charset_fold(bd->cs, s, strlen(s), &bd->tmp);
    return np_arena_strndup(a, np_buf_cstr(&bd->tmp), bd->tmp.len);
}

static void fold_blocks(np_bundle *bd, np_arena *a, np_block *b)
{
    for (; b; b = b->next) {
        fold_inlines(bd, a, b->inl);
        b->alt = fold_str(bd, a, b->alt);
        b->credit = fold_str(bd, a, b->credit);
        fold_blocks(bd, a, b->children);
    }
}

/* A one-line piece (slug, keyword, ANPA headline): folded, newlines and
 * runs of spaces collapsed, at most `cols` columns. */
static void one_line(np_bundle *bd, const char *s, size_t cols, int words, np_buf *out)
{
    np_buf_reset(&bd->tmp);
    np_charset_fold(bd->cs, s ? s : "", s ? strlen(s) : 0, &bd->tmp);
    np_buf_reset(&bd->line);
    for (size_t i = 0; i < bd->tmp.len; i++) {
        char c = bd->tmp.data[i] == '\n' ? ' ' : bd->tmp.data[i];
        if (c == ' ' && (!bd->line.len || bd->line.data[bd->line.len - 1] == ' '))
            continue;
        np_buf_putc(&bd->line, c);
    }
    np_buf_rtrim(&bd->line);
    const char *l = np_buf_cstr(&bd->line);
    np_buf_put(out, l, fit_prefix(l, bd->line.len, cols, words));
}

/* ---- files ---------------------------------------------------------------- */

static void put_guid_tail(np_buf *out, const char *guid)
{
    size_t n = strlen(guid);
    size_t from = n > SLUG_PART_MAX ? n - SLUG_PART_MAX : 0;
    while (from < n && ((unsigned char)guid[from] & 0xc0) == 0x80)
        from++;
    np_buf_puts(out, guid + from);
}

static void put_cut(np_buf *out, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max) {
        n = max;
        while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
            n--;
    }
    np_buf_put(out, s, n);
}

/* Expand a file name pattern: {slug} {guid} {version} {seq} {date}. */
static void expand_name(np_bundle *bd, const char *pattern, const char *slug, const char *guid,
                        long version, const np_time *date, np_buf *out)
{
    np_buf raw = NP_BUF_INIT;
    for (const char *p = pattern; *p;) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            size_t n = close ? (size_t)(close - p - 1) : 0;
            if (close && n == 4 && !strncmp(p + 1, "slug", 4)) {
                put_cut(&raw, slug && *slug ? slug : "item", SLUG_PART_MAX);
            } else if (close && n == 4 && !strncmp(p + 1, "guid", 4)) {
                put_guid_tail(&raw, guid ? guid : "item");
            } else if (close && n == 7 && !strncmp(p + 1, "version", 7)) {
                np_buf_printf(&raw, "%ld", version);
            } else if (close && n == 3 && !strncmp(p + 1, "seq", 3)) {
                np_buf_printf(&raw, "%04llu", bd->seq);
            } else if (close && n == 4 && !strncmp(p + 1, "date", 4)) {
                if (date && date->valid)
                    np_time_format_date(date, &raw);
                else
                    np_buf_puts(&raw, "undated");
            } else {
                np_buf_putc(&raw, *p++);
                continue;
            }
            p = close + 1;
            continue;
        }
        np_buf_putc(&raw, *p++);
    }
    np_buf_reset(out);
    np_safename(np_buf_cstr(&raw), NP_SAFENAME_MAX, out);
    np_buf_free(&raw);
}

/* Create the file under a name not yet used (ignoring case): name, name-2,
 * name-3...  The final name is left in bd->name. */
static void unique_name(np_bundle *bd);

static int create_unique(np_bundle *bd, int *fd_out)
{
    np_buf base = NP_BUF_INIT;
    np_buf_puts(&base, np_buf_cstr(&bd->name));
    for (unsigned n = 1;; n++) {
        if (n > 1) {
            np_buf_reset(&bd->name);
            np_safename_variant(base.data, n, NP_SAFENAME_MAX, &bd->name);
        }
        if (!np_nameset_add(&bd->names, bd->name.data))
            continue;
        int fd = openat(bd->tmpfd, bd->name.data, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd >= 0) {
            *fd_out = fd;
            np_buf_free(&base);
            return NP_OK;
        }
        if (errno != EEXIST) {
            int e = errno;
            np_buf_free(&base);
            return fail_io(bd, bd->name.data, e, "cannot create a bundle file");
        }
    }
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* A name not yet used (ignoring case) in bd->name: name, name-2... */
static void unique_name(np_bundle *bd)
{
    if (np_nameset_add(&bd->names, bd->name.data))
        return;
    np_buf base = NP_BUF_INIT;
    np_buf_puts(&base, bd->name.data);
    for (unsigned n = 2;; n++) {
        np_buf_reset(&bd->name);
        np_safename_variant(base.data, n, NP_SAFENAME_MAX, &bd->name);
        if (np_nameset_add(&bd->names, bd->name.data))
            break;
    }
    np_buf_free(&base);
}

/* Zip: file `name` is content[off, off + len). */
static void note_range(np_bundle *bd, const char *name, off_t off, size_t len)
{
    if (bd->nz == bd->capz) {
        bd->capz = bd->capz ? bd->capz * 2 : 256;
        struct zentry *v = realloc(bd->zv, bd->capz * sizeof *v);
        if (!v)
            abort();
        bd->zv = v;
    }
    bd->zv[bd->nz].name = xstrdup(name);
    bd->zv[bd->nz].off = off;
    bd->zv[bd->nz].len = len;
    bd->nz++;
}

/* Zip: append a file's bytes to the content spool and note where. */
static int add_content(np_bundle *bd, const char *name, const char *data, size_t len)
{
    off_t off = ftello(bd->content);
    if (off < 0 || (len && fwrite(data, 1, len, bd->content) != len))
        return fail_io(bd, bd->tmpdir, errno, "cannot write the bundle");
    note_range(bd, name, off, len);
    return NP_OK;
}

typedef struct file_info {
    const char *guid;
    long version;
    const char *headline;
    size_t words;
    const char *embargo;
    const char *signal;
    long replaces;
    const char *replaces_file;
    const char *priority;
    int urgency;
} file_info;

/* Encode bd->framed, write it as bd->name, spool its manifest entry. */
static int emit_file(np_bundle *bd, const file_info *fi)
{
    np_buf_reset(&bd->enc);
    np_charset_encode(bd->cs, np_buf_cstr(&bd->framed), bd->framed.len, &bd->enc);
    if (bd->is_zip) {
        unique_name(bd);
        if (add_content(bd, bd->name.data, np_buf_cstr(&bd->enc), bd->enc.len) != NP_OK)
            return NP_ERR_IO;
    } else {
        int fd = -1;
        if (create_unique(bd, &fd) != NP_OK)
            return NP_ERR_IO;
        if (write_all(fd, np_buf_cstr(&bd->enc), bd->enc.len) != 0) {
            int e = errno;
            close(fd);
            return fail_io(bd, bd->name.data, e, "cannot write a bundle file");
        }
        if (close(fd) != 0)
            return fail_io(bd, bd->name.data, errno, "cannot write a bundle file");
    }
    char hex[65];
    np_sha256_hex(np_buf_cstr(&bd->enc), bd->enc.len, hex);
    np_manifest_file mf = {bd->name.data, fi->guid, fi->version, fi->headline, bd->enc.len, hex,
                           fi->words, fi->embargo, fi->signal, fi->replaces, fi->replaces_file,
                           bd->seq, fi->priority, fi->urgency};
    np_buf_reset(&bd->json);
    np_buf_puts(&bd->json, bd->spooled ? ",\n    " : "    ");
    np_manifest_file_json(&mf, &bd->json);
    if (fwrite(bd->json.data, 1, bd->json.len, bd->spool) != bd->json.len)
        return fail_io(bd, "manifest", errno, "cannot spool the manifest");
    bd->spooled++;
    bd->seq++;
    bd->c.files++;
    if (bd->abort_after >= 0 && (long)bd->c.files >= bd->abort_after) {
        bd->failed = 1;
        np_error_set(&bd->fail_err, NP_ERR_IO, bd->out, 0,
                     "stopped after %zu files (NEWSPRINT_TEST_ABORT_AFTER)", bd->c.files);
        return NP_ERR_IO;
    }
    if (bd->kill_after >= 0 && (long)bd->c.files >= bd->kill_after)
        raise(SIGKILL); /* test hook: an interrupted run */
    return NP_OK;
}

/* The wire message number shown in headers: 1..9999, wrapping. */
static unsigned wire_seq(unsigned long long seq)
{
    return (unsigned)((seq - 1) % 9999 + 1);
}

static void frame(np_bundle *bd, const char *slug_src, const char *headline, const char *prio,
                  const char *category, size_t words, const char *version_field,
                  unsigned long long ref_seq)
{
    const profile *p = &bd->p;
    np_buf slug = NP_BUF_INIT, head = NP_BUF_INIT, ref = NP_BUF_INIT;
    np_wire_msg m;
    memset(&m, 0, sizeof m);
    m.framing = p->framing;
    m.eol = p->eol;
    m.seq = wire_seq(bd->seq);
    m.source = p->source;
    m.selector = p->selector;
    m.priority = prio;
    m.category = category;
    m.words = words;
    m.signoff = p->signoff;
    m.sent = bd->at.utc;
    int y, mo, d, h, mi;
    np_wire_civil(bd->at.utc, &y, &mo, &d, &h, &mi);
    m.month = mo;
    m.day = d;
    if (p->framing == NP_FRAME_IPTC7901) {
        one_line(bd, slug_src, (size_t)p->width, 0, &slug);
        np_buf_reset(&bd->tmp);
        np_charset_fold(bd->cs, headline, strlen(headline), &bd->tmp);
        np_buf folded = NP_BUF_INIT;
        np_buf_put(&folded, np_buf_cstr(&bd->tmp), bd->tmp.len);
        wrap(bd, np_buf_cstr(&folded), folded.len, "", "", &head);
        np_buf_free(&folded);
        m.slug = np_buf_cstr(&slug);
        m.headline = np_buf_cstr(&head);
    } else if (p->framing == NP_FRAME_ANPA1312) {
        /* keyword: prefix + slug, no spaces (fields are space-separated) */
        np_buf kw = NP_BUF_INIT;
        np_buf_puts(&kw, p->keyword_prefix);
        one_line(bd, slug_src, ANPA_KEYWORD_MAX, 0, &kw);
        /* a keyword is one word: letters, digits, '-' and '.' */
        for (size_t i = 0; i < kw.len; i++) {
            unsigned char c = (unsigned char)kw.data[i];
            if (c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              (c >= '0' && c <= '9') || c == '.'))
                kw.data[i] = '-';
        }
        np_buf_put(&slug, kw.data, fit_prefix(kw.data, kw.len, ANPA_KEYWORD_MAX, 0));
        np_buf_free(&kw);
        one_line(bd, headline, ANPA_HEADLINE_MAX < p->width ? ANPA_HEADLINE_MAX : (size_t)p->width, 1, &head);
        m.slug = np_buf_cstr(&slug);
        m.headline = np_buf_cstr(&head);
        m.version = version_field;
        if (ref_seq)
            np_buf_printf(&ref, "%04u", wire_seq(ref_seq));
        m.reference = np_buf_cstr(&ref);
    }
    fit_lines(bd, &bd->text);
    m.text = np_buf_cstr(&bd->text);
    np_buf_reset(&bd->framed);
    np_wire_frame(&m, &bd->framed);
    np_buf_free(&slug);
    np_buf_free(&head);
    np_buf_free(&ref);
}

static void signal_lines(np_bundle *bd, const char *embargo, long replaces, const char *replaces_file,
                         np_buf *t)
{
    if (embargo)
        field(bd, "EMBARGOED-UNTIL: ", embargo, t);
    if (replaces) {
        np_buf_reset(&bd->body);
        np_buf_printf(&bd->body, "replaces version %ld", replaces);
        if (replaces_file)
            np_buf_printf(&bd->body, " sent as %s", replaces_file);
        field(bd, "CORRECTION: ", bd->body.data, t);
    }
}

/* ---- items -------------------------------------------------------------- */

static int is_text_class(np_item_class c)
{
    return c == NP_CLASS_TEXT || c == NP_CLASS_COMPOSITE;
}

static int write_item(void *ud, np_item *item, const np_selected *e)
{
    np_bundle *bd = ud;
    if (bd->failed) {
        np_item_free(item);
        return 0;
    }
    if (!is_text_class(item->item_class)) {
        bd->c.not_text++;
        np_item_free(item);
        return 0;
    }
    /* what the partner has: new, correction, or already sent */
    const char *signal = "new";
    long replaces = 0;
    const char *replaces_file = NULL;
    unsigned long long ref_seq = 0;
    np_received_entry *r = np_received_find(&bd->rcv, item->guid);
    if (r) {
        if (item->version <= r->version) {
            bd->c.already_sent++;
            np_item_free(item);
            return 0;
        }
        r->touched = 1;
        if (!r->killed) {
            signal = "correction";
            replaces = r->version;
            replaces_file = r->file;
            ref_seq = r->sequence;
        }
    } else if (!bd->delta && (e->is_correction || item->is_correction)) {
        signal = "correction";
        replaces = e->replaces ? e->replaces : item->version > 1 ? item->version - 1 : 0;
        if (!replaces)
            signal = "new";
    }
    if (!strcmp(signal, "correction"))
        bd->c.corrections++;
    else
        bd->c.new_items++;

    np_buf emb = NP_BUF_INIT;
    if (item->embargoed.valid && item->embargoed.utc > bd->at.utc) {
        np_time until = np_time_from_epoch(item->embargoed.utc);
        np_time_format_iso(&until, &emb);
    }
    const char *embargo = emb.len ? emb.data : NULL;
    size_t words = np_item_word_count(item);
    const char *headline = np_item_display_headline(item);
    headline = headline ? headline : "";
    const char *prio = priority_of(&bd->p, item->urgency);

    /* the text: signal lines, (plain: headline), header fields, body */
    np_buf *t = &bd->text;
    np_buf_reset(t);
    if (bd->p.framing == NP_FRAME_PLAIN) {
        signal_lines(bd, embargo, replaces, replaces_file, t);
        if (t->len)
            np_buf_putc(t, '\n');
        field_as(bd, "", headline, "", t);
        if (bd->p.fields & NP_TXT_SUBHEADLINE)
            field_as(bd, "", item->subheadline, "", t);
        np_buf_putc(t, '\n');
    } else {
        signal_lines(bd, embargo, replaces, replaces_file, t);
    }
    size_t before = t->len;
    header_fields(bd, item, t);
    if (t->len > before || (bd->p.framing != NP_FRAME_PLAIN && t->len))
        blank_lines(bd, t);

    fold_blocks(bd, item->arena, item->body);
    np_text_opts to = {bd->p.width, NP_TXT_HEADLINE, bd->p.para_indent, bd->p.blank_between};
    np_buf_reset(&bd->body);
    np_render_text_body(item, &to, &bd->body);
    /* the renderer's own punctuation (list marks, picture brackets) */
    np_charset_fold(bd->cs, np_buf_cstr(&bd->body), bd->body.len, t);
    while (t->len >= 2 && t->data[t->len - 1] == '\n' && t->data[t->len - 2] == '\n')
        np_buf_truncate(t, t->len - 1);

    const char *version_field = !strcmp(signal, "correction") ? "Writethru" : "";
    frame(bd, item->slugline ? item->slugline : headline, headline, prio,
          category_of(&bd->p, item), words, version_field, ref_seq);

    const np_time *date = np_meta_item_date(item);
    expand_name(bd, bd->p.pattern, item->slugline ? item->slugline : headline, item->guid,
                item->version, date, &bd->name);
    file_info fi = {item->guid, item->version, headline, words, embargo, signal,
                    replaces, replaces_file, prio, item->urgency};
    int rc = emit_file(bd, &fi);
    np_buf_free(&emb);
    np_item_free(item);
    return rc == NP_OK ? 0 : -1;
}

/* ---- kill notices -------------------------------------------------------- */

typedef struct kill_pass {
    np_bundle *bd;
    const np_batch *b;
} kill_pass;

static int note_canceled(void *ud, np_item *item)
{
    kill_pass *kp = ud;
    np_bundle *bd = kp->bd;
    np_received_entry *r;
    if (item->pubstatus != NP_PUB_CANCELED || !item->guid ||
        !(r = np_received_find(&bd->rcv, item->guid)) || r->killed || item->version < r->version ||
        np_selection_find(kp->b->selection, item->guid)) {
        np_item_free(item);
        return 0;
    }
    kill_note *k = NULL;
    for (size_t i = 0; i < bd->nkills; i++)
        if (!strcmp(bd->kills[i].guid, item->guid))
            k = &bd->kills[i];
    if (k && k->version >= item->version) {
        np_item_free(item);
        return 0;
    }
    if (!k) {
        if (bd->nkills == bd->capkills) {
            bd->capkills = bd->capkills ? bd->capkills * 2 : 8;
            kill_note *v = realloc(bd->kills, bd->capkills * sizeof *v);
            if (!v)
                abort();
            bd->kills = v;
        }
        k = &bd->kills[bd->nkills++];
        memset(k, 0, sizeof *k);
        k->guid = xstrdup(item->guid);
    } else {
        free(k->headline);
        free(k->slug);
        free(k->ednote);
    }
    k->version = item->version;
    k->headline = item->headline ? xstrdup(item->headline) : NULL;
    k->slug = item->slugline ? xstrdup(item->slugline) : NULL;
    k->ednote = item->ednote ? xstrdup(item->ednote) : NULL;
    k->category = category_of(&bd->p, item);
    k->urgency = item->urgency;
    k->sent = r;
    np_item_free(item);
    return 0;
}

static void quiet_issue(void *ud, const np_error *err)
{
    (void)ud;
    (void)err;
}

static int find_kills(np_bundle *bd, const np_batch *b)
{
    kill_pass kp = {bd, b};
    np_read_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.on_item = note_canceled;
    ro.on_issue = quiet_issue;
    ro.ud = &kp;
    ro.meta_only = 1;
    size_t n = np_sources_count(b->sources);
    for (size_t i = 0; i < n; i++) {
        if (b->file_failed && b->file_failed[i])
            continue;
        np_error err = NP_ERROR_INIT;
        np_sources_read(b->sources, i, &ro, &err); /* problems were reported in pass 1 */
        np_error_clear(&err);
    }
    return NP_OK;
}

static size_t count_words(const char *s)
{
    size_t w = 0;
    int in = 0;
    for (; *s; s++) {
        int sp = *s == ' ' || *s == '\n';
        if (!sp && !in)
            w++;
        in = !sp;
    }
    return w;
}

static int write_kill(np_bundle *bd, kill_note *k)
{
    np_received_entry *r = k->sent;
    r->touched = 1;
    np_buf head = NP_BUF_INIT;
    const char *h = k->headline ? k->headline : k->slug ? k->slug : k->guid;
    if (strncasecmp(h, "KILL", 4) != 0)
        np_buf_puts(&head, "KILL: ");
    np_buf_puts(&head, h);

    np_buf *t = &bd->text;
    np_buf_reset(t);
    if (bd->p.framing == NP_FRAME_PLAIN) {
        field_as(bd, "", head.data, "", t);
        np_buf_putc(t, '\n');
    }
    field(bd, "", "KILL KILL KILL", t);
    blank_lines(bd, t);
    np_buf what = NP_BUF_INIT;
    np_buf_puts(&what, "Withdraw ");
    if (r->file)
        np_buf_printf(&what, "%s, ", r->file);
    np_buf_printf(&what, "version %ld of %s. Do not publish it; remove it from websites and archives.",
                  r->version, k->guid);
    field(bd, "", what.data, t);
    if (k->ednote) {
        blank_lines(bd, t);
        field(bd, "Editor's note: ", k->ednote, t);
    }
    np_buf_free(&what);
    size_t words = count_words(np_buf_cstr(t));
    const char *prio = bd->p.prio_kill;
    frame(bd, k->slug ? k->slug : h, head.data, prio, k->category, words, "Kill", r->sequence);

    const char *pattern = bd->p.kill_pattern;
    np_buf pat = NP_BUF_INIT;
    if (!pattern) {
        np_buf_printf(&pat, "KILL-%s", bd->p.pattern);
        pattern = pat.data;
    }
    expand_name(bd, pattern, k->slug ? k->slug : h, k->guid, k->version, NULL, &bd->name);
    np_buf_free(&pat);
    file_info fi = {k->guid, k->version, head.data, words, NULL, "kill",
                    r->version, r->file, prio, k->urgency};
    int rc = emit_file(bd, &fi);
    if (rc == NP_OK)
        bd->c.kills++;
    np_buf_free(&head);
    return rc;
}

/* ---- manifest, commit ------------------------------------------------------ */

static void iso_or_null(np_buf *out, const np_time *t)
{
    if (t && t->valid) {
        np_buf_putc(out, '"');
        np_time_format_iso(t, out);
        np_buf_putc(out, '"');
    } else {
        np_buf_puts(out, "null");
    }
}

static size_t skipped(const np_batch *b, np_skip_reason r)
{
    return np_selection_skipped(b->selection, r);
}

static int write_manifest(np_bundle *bd, const np_batch *b)
{
    np_buf m = NP_BUF_INIT;
    const profile *p = &bd->p;
    np_buf_puts(&m, "{\n  \"format\": \"newsprint-bundle\",\n  \"format_version\": 1,\n");
    np_buf_puts(&m, "  \"partner\": ");
    np_json_string(&m, p->name);
    np_buf_printf(&m, ",\n  \"profile\": {\"framing\": \"%s\", \"charset\": \"%s\", \"width\": %d, "
                      "\"line_ending\": \"%s\", \"embargo\": \"%s\"},\n",
                  np_framing_name(p->framing), np_charset_name(p->charset), p->width,
                  p->eol[0] == '\r' ? "CRLF" : "LF", p->embargo_include ? "include" : "hold");
    np_buf_puts(&m, "  \"generated\": ");
    iso_or_null(&m, &bd->at);
    np_buf_puts(&m, ",\n  \"selection\": {\"at\": ");
    iso_or_null(&m, &bd->at);
    np_buf_puts(&m, ", \"from\": ");
    iso_or_null(&m, &bd->o.sel.from);
    np_buf_puts(&m, ", \"to\": ");
    iso_or_null(&m, &bd->o.sel.to);
    np_buf_puts(&m, ", \"since\": ");
    if (bd->delta)
        np_json_string(&m, bd->rcv.generated ? bd->rcv.generated : "");
    else
        np_buf_puts(&m, "null");
    np_buf_printf(&m, "},\n  \"delta\": %s,\n", bd->delta ? "true" : "false");
    np_buf_printf(&m, "  \"sequence\": {\"first\": %llu, \"last\": %llu, \"next\": %llu},\n",
                  bd->c.files ? bd->first_seq : 0, bd->c.files ? bd->seq - 1 : 0, bd->seq);
    np_buf_printf(&m, "  \"counts\": {\"files\": %zu, \"new\": %zu, \"correction\": %zu, \"kill\": %zu},\n",
                  bd->c.files, bd->c.new_items, bd->c.corrections, bd->c.kills);
    size_t canceled = skipped(b, NP_SKIP_CANCELED);
    canceled = canceled > bd->c.kills ? canceled - bd->c.kills : 0;
    np_buf_printf(&m, "  \"left_out\": {\"superseded\": %zu, \"canceled\": %zu, \"withheld\": %zu, "
                      "\"embargoed\": %zu, \"outside_dates\": %zu, \"package\": %zu, "
                      "\"already_sent\": %zu, \"not_text\": %zu, \"failed\": %zu},\n",
                  skipped(b, NP_SKIP_SUPERSEDED), canceled, skipped(b, NP_SKIP_WITHHELD),
                  skipped(b, NP_SKIP_EMBARGOED), skipped(b, NP_SKIP_OUT_OF_RANGE),
                  skipped(b, NP_SKIP_PACKAGE), bd->c.already_sent, bd->c.not_text, bd->c.failed);
    np_buf_puts(&m, "  \"files\": [\n");

    FILE *f = bd->content;
    off_t start = 0;
    if (bd->is_zip) {
        start = ftello(f);
    } else {
        int fd = openat(bd->tmpfd, "manifest.json", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        f = fd >= 0 ? fdopen(fd, "wb") : NULL;
        if (!f) {
            if (fd >= 0)
                close(fd);
            np_buf_free(&m);
            return fail_io(bd, "manifest.json", errno, "cannot create the manifest");
        }
    }
    int ok = start >= 0 && fwrite(m.data, 1, m.len, f) == m.len;
    /* the spooled file entries */
    if (ok && fflush(bd->spool) == 0 && fseek(bd->spool, 0, SEEK_SET) == 0) {
        char *chunk = malloc(MANIFEST_COPY_CHUNK);
        if (!chunk)
            abort();
        size_t got;
        while (ok && (got = fread(chunk, 1, MANIFEST_COPY_CHUNK, bd->spool)) > 0)
            ok = fwrite(chunk, 1, got, f) == got;
        ok = ok && !ferror(bd->spool);
        free(chunk);
    } else {
        ok = 0;
    }
    /* what the partner had before and still has (not superseded here) */
    np_buf_reset(&m);
    np_buf_puts(&m, bd->spooled ? "\n  ],\n  \"previously_delivered\": [" : "  ],\n  \"previously_delivered\": [");
    size_t k = 0;
    for (size_t i = 0; ok && i < bd->rcv.n; i++) {
        const np_received_entry *e = &bd->rcv.v[i];
        if (e->touched)
            continue;
        np_buf_puts(&m, k++ ? ",\n    " : "\n    ");
        np_buf_puts(&m, "{\"guid\": ");
        np_json_string(&m, e->guid);
        np_buf_printf(&m, ", \"version\": %ld, \"signal\": \"%s\", \"file\": ", e->version,
                      e->killed ? "kill" : "sent");
        np_json_string(&m, e->file);
        np_buf_printf(&m, ", \"sequence\": %llu}", e->sequence);
        if (m.len > MANIFEST_COPY_CHUNK) {
            ok = fwrite(m.data, 1, m.len, f) == m.len;
            np_buf_reset(&m);
        }
    }
    np_buf_puts(&m, k ? "\n  ]\n}\n" : "]\n}\n");
    ok = ok && fwrite(m.data, 1, m.len, f) == m.len;
    int e = errno;
    if (bd->is_zip) {
        off_t end = ftello(f);
        ok = ok && end >= start && fflush(f) == 0;
        if (ok)
            note_range(bd, "manifest.json", start, (size_t)(end - start));
    } else if (fclose(f) != 0) {
        ok = 0;
    }
    np_buf_free(&m);
    return ok ? NP_OK : fail_io(bd, "manifest.json", e, "cannot write the manifest");
}

/* MS-DOS date and time of a UTC instant (zip entries have no zone; we
 * write UTC so that the archive does not depend on TZ). */
static void dos_time(int64_t t, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
    if (t < 315532800) /* 1980-01-01, the earliest a zip can hold */
        t = 315532800;
    int y, mo, d, h, mi;
    np_wire_civil(t, &y, &mo, &d, &h, &mi);
    if (y > 2107) {
        y = 2107;
        mo = 12;
        d = 31;
        h = 23;
        mi = 59;
    }
    int s = (int)(t % 60);
    *dtime = (zip_uint16_t)(h << 11 | mi << 5 | s / 2);
    *ddate = (zip_uint16_t)((y - 1980) << 9 | mo << 5 | d);
}

static int64_t zip_mtime(const np_bundle *bd)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);
        if (!*end && v >= 0)
            return v;
    }
    return bd->at.utc;
}

static int fsync_path(const char *path, int dir)
{
    int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

static int cmp_zentry(const void *a, const void *b)
{
    return strcmp(((const struct zentry *)a)->name, ((const struct zentry *)b)->name);
}

/* The zip: entries sorted bytewise by name, each a range of the content
 * spool; fixed times and permissions so that the same input gives the same
 * bytes. */
static int build_zip(np_bundle *bd, np_error *err)
{
    if (fflush(bd->content) != 0)
        return np_error_set(err, NP_ERR_IO, bd->out, 0, "cannot write the bundle: %s", strerror(errno));
    if (bd->nz)
        qsort(bd->zv, bd->nz, sizeof *bd->zv, cmp_zentry);
    np_buf zpath = NP_BUF_INIT, cpath = NP_BUF_INIT;
    np_buf_printf(&zpath, "%s/.bundle.zip", bd->tmpdir);
    np_buf_printf(&cpath, "%s/.content", bd->tmpdir);
    int zerr = 0, rc = NP_OK;
    zip_t *za = zip_open(zpath.data, ZIP_CREATE | ZIP_EXCL, &zerr);
    if (!za) {
        rc = np_error_set(err, NP_ERR_IO, bd->out, 0, "cannot create the zip (libzip error %d)", zerr);
        goto out;
    }
    zip_uint16_t dt, dd;
    dos_time(zip_mtime(bd), &dt, &dd);
    for (size_t i = 0; i < bd->nz && rc == NP_OK; i++) {
        const struct zentry *e = &bd->zv[i];
        /* an empty range means "to the end of the file" to libzip */
        zip_source_t *src = e->len ? zip_source_file(za, cpath.data, (zip_uint64_t)e->off, (zip_int64_t)e->len)
                                   : zip_source_buffer(za, "", 0, 0);
        zip_int64_t idx = src ? zip_file_add(za, e->name, src, ZIP_FL_ENC_UTF_8) : -1;
        if (idx < 0) {
            if (src)
                zip_source_free(src);
            rc = np_error_set(err, NP_ERR_IO, bd->out, 0, "cannot add %s to the zip: %s", e->name,
                              zip_strerror(za));
            break;
        }
        if (zip_file_set_dostime(za, (zip_uint64_t)idx, dt, dd, 0) != 0 ||
            zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
                                             (zip_uint32_t)(0100644) << 16) != 0 ||
            zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 9) != 0)
            rc = np_error_set(err, NP_ERR_IO, bd->out, 0, "zip: %s", zip_strerror(za));
    }
    if (rc == NP_OK) {
        if (zip_close(za) != 0) {
            rc = np_error_set(err, NP_ERR_IO, bd->out, 0, "cannot write the zip: %s", zip_strerror(za));
            zip_discard(za);
        }
    } else {
        zip_discard(za);
    }
    if (rc == NP_OK && fsync_path(zpath.data, 0) != 0)
        rc = np_error_set(err, NP_ERR_IO, bd->out, 0, "cannot sync the zip: %s", strerror(errno));
    if (rc == NP_OK && rename(zpath.data, bd->out) != 0)
        rc = np_error_set(err, NP_ERR_IO, bd->out, 0, "cannot move the zip into place: %s", strerror(errno));
out:
    np_buf_free(&zpath);
    np_buf_free(&cpath);
    return rc;
}

/* Remove a flat directory we made (regular files only, no recursion). */
static void remove_flat_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        DIR *d = fdopendir(fd);
        if (d) {
            struct dirent *de;
            while ((de = readdir(d)))
                if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
                    unlinkat(dirfd(d), de->d_name, 0);
            closedir(d);
        } else {
            close(fd);
        }
    }
    rmdir(path);
}

static int commit_dir(np_bundle *bd, np_error *err)
{
#ifdef __linux__
    if (syncfs(bd->tmpfd) != 0)
        return np_error_set(err, NP_ERR_IO, bd->out, 0, "cannot sync the bundle: %s", strerror(errno));
#else
    sync();
#endif
    struct stat st;
    if (lstat(bd->out, &st) != 0) {
        if (rename(bd->tmpdir, bd->out) != 0)
            return np_error_set(err, NP_ERR_IO, bd->out, 0, "cannot move the bundle into place: %s",
                                strerror(errno));
        return NP_OK;
    }
    /* replace a previous bundle: swap atomically, then remove the old one */
    if (!is_bundle_dir(bd->out))
        return np_error_set(err, NP_ERR_USAGE, bd->out, 0, "exists and is not a bundle directory");
#if defined(__linux__) && defined(RENAME_EXCHANGE)
    if (renameat2(AT_FDCWD, bd->tmpdir, AT_FDCWD, bd->out, RENAME_EXCHANGE) == 0) {
        remove_flat_dir(bd->tmpdir); /* now the old bundle */
        return NP_OK;
    }
#endif
    np_buf old = NP_BUF_INIT;
    np_buf_printf(&old, "%s/.%s.old-XXXXXX", bd->parent, bd->base);
    int rc = NP_OK;
    if (!mkdtemp(old.data) || rmdir(old.data) != 0 || rename(bd->out, old.data) != 0)
        rc = np_error_set(err, NP_ERR_IO, bd->out, 0, "cannot replace the bundle: %s", strerror(errno));
    else if (rename(bd->tmpdir, bd->out) != 0) {
        int e = errno;
        rename(old.data, bd->out);
        rc = np_error_set(err, NP_ERR_IO, bd->out, 0, "cannot move the bundle into place: %s", strerror(e));
    } else {
        remove_flat_dir(old.data);
    }
    np_buf_free(&old);
    return rc;
}

static void cleanup_tmp(np_bundle *bd)
{
    if (bd->content) {
        fclose(bd->content);
        bd->content = NULL;
    }
    if (bd->tmpfd >= 0) {
        close(bd->tmpfd);
        bd->tmpfd = -1;
    }
    if (bd->tmpdir) {
        remove_flat_dir(bd->tmpdir);
        free(bd->tmpdir);
        bd->tmpdir = NULL;
    }
}

int np_bundle_write(np_bundle *bd, np_batch *b, np_error *err)
{
    bd->batch = b;
    np_buf t = NP_BUF_INIT;
    np_buf_printf(&t, "%s/.%s.partial-XXXXXX", bd->parent, bd->base);
    if (!mkdtemp(t.data)) {
        int e = errno;
        np_buf_free(&t);
        return np_error_set(err, NP_ERR_IO, bd->out, 0, "cannot create a temporary directory: %s",
                            strerror(e));
    }
    bd->tmpdir = np_buf_detach(&t);
    /* mkdtemp makes it private; a bundle directory is for the partner */
    if (!bd->is_zip)
        chmod(bd->tmpdir, 0755);
    bd->tmpfd = open(bd->tmpdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    bd->spool = tmpfile();
    if (bd->is_zip && bd->tmpfd >= 0) {
        int cfd = openat(bd->tmpfd, ".content", O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        bd->content = cfd >= 0 ? fdopen(cfd, "w+b") : NULL;
        if (!bd->content && cfd >= 0)
            close(cfd);
    }
    if (bd->tmpfd < 0 || !bd->spool || (bd->is_zip && !bd->content)) {
        int e = errno;
        cleanup_tmp(bd);
        return np_error_set(err, NP_ERR_IO, bd->out, 0, "cannot prepare the bundle: %s", strerror(e));
    }
    np_nameset_add(&bd->names, "manifest.json");

    /* kill notices first: the partner should act on them before anything */
    if (bd->rcv.n) {
        find_kills(bd, b);
        for (size_t i = 0; i < bd->nkills && !bd->failed; i++)
            write_kill(bd, &bd->kills[i]);
    }
    if (!bd->failed)
        np_batch_run(b, write_item, bd);
    /* items this pass left out are not "converted" */
    size_t mine = bd->c.not_text + bd->c.already_sent;
    b->stats.converted = b->stats.converted > mine ? b->stats.converted - mine : 0;
    bd->c.failed = b->stats.items_failed;

    int rc = bd->failed ? NP_ERR_IO : write_manifest(bd, b);
    if (rc != NP_OK || bd->failed) {
        rc = bd->fail_err.code ? bd->fail_err.code : NP_ERR_IO;
        np_error_set(err, rc, bd->fail_err.file, 0, "%s; no bundle written",
                     bd->fail_err.message ? bd->fail_err.message : "failed");
    }
    if (rc == NP_OK)
        rc = bd->is_zip ? build_zip(bd, err) : commit_dir(bd, err);
    if (rc == NP_OK) {
        fsync_path(bd->parent, 1);
        if (!bd->is_zip) {
            free(bd->tmpdir); /* renamed: it is OUT now */
            bd->tmpdir = NULL;
        }
    }
    cleanup_tmp(bd);
    fclose(bd->spool);
    bd->spool = NULL;
    if (rc != NP_OK)
        return rc;
    /* only now, with the bundle in place, does the counter move on */
    return write_state(bd, err);
}

void np_bundle_summary(const np_bundle *bd, np_buf *out)
{
    const np_bundle_counts *c = &bd->c;
    np_buf_printf(out, "bundle %s for %s: %zu file%s (%zu new, %zu correction%s, %zu kill%s)",
                  bd->out, bd->p.name, c->files, c->files == 1 ? "" : "s", c->new_items,
                  c->corrections, c->corrections == 1 ? "" : "s", c->kills, c->kills == 1 ? "" : "s");
    if (c->files)
        np_buf_printf(out, ", sequence %llu-%llu", bd->first_seq, bd->seq - 1);
    if (c->already_sent)
        np_buf_printf(out, ", %zu already sent", c->already_sent);
    if (c->not_text)
        np_buf_printf(out, ", %zu not text", c->not_text);
}

void np_bundle_free(np_bundle *bd)
{
    if (!bd)
        return;
    cleanup_tmp(bd);
    if (bd->spool)
        fclose(bd->spool);
    if (bd->lock_fd >= 0)
        close(bd->lock_fd);
    for (size_t i = 0; i < bd->nkills; i++) {
        free(bd->kills[i].guid);
        free(bd->kills[i].headline);
        free(bd->kills[i].slug);
        free(bd->kills[i].ednote);
    }
    free(bd->kills);
    for (size_t i = 0; i < bd->nz; i++)
        free(bd->zv[i].name);
    free(bd->zv);
    free_profile(&bd->p);
    np_charset_free(bd->cs);
    np_received_free(&bd->rcv);
    free(bd->out);
    free(bd->parent);
    free(bd->base);
    free(bd->state_path);
    np_nameset_free(&bd->names);
    np_error_clear(&bd->fail_err);
    np_buf *bufs[] = {&bd->text, &bd->body, &bd->tmp, &bd->framed, &bd->enc, &bd->name, &bd->line, &bd->json};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        np_buf_free(bufs[i]);
    free(bd);
}
