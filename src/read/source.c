/* Input enumeration: files, directories (recursive, sorted), stdin. */
#include "newsprint/source.h"
#include "newsprint/buf.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/infile.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

enum { MAX_DIR_DEPTH = 64 };
enum { STDIN_UNREAD = 0, STDIN_READ, STDIN_TOO_BIG, STDIN_FAILED };

/* One entry per input: its folder (shared by every file found in it, so a
 * batch of many thousands keeps each folder name once) and its name; the
 * strings live in an arena.  Standard input ("-") is read once and kept. */
typedef struct entry {
    const char *dir;  /* NULL for an input named on the command line */
    const char *base;
} entry;

struct np_sources {
    entry *v;
    size_t n, cap;
    np_buf name;      /* np_sources_name()'s result */
    const char **kept; /* np_sources_name_kept()'s, by input; NULL until asked */
    pthread_mutex_t kept_lock; /* kept and the arena, for np_sources_name_kept() */
    np_arena *strings;
    size_t stdin_index; /* (size_t)-1 when stdin is not an input */
    char *stdin_data;
    size_t stdin_len;
    int stdin_state;    /* STDIN_UNREAD... */
    int stdin_errno;
};

static void add(np_sources *s, const char *dir, const char *base)
{
    NP_GROW(s->v, s->n, s->cap, 64);
    s->v[s->n++] = (entry){dir, np_arena_strdup(s->strings, base)};
}

/* The path of input i into `out` (reset first). */
static const char *path_of(const np_sources *s, size_t i, np_buf *out)
{
    np_buf_reset(out);
    if (s->v[i].dir)
        np_buf_printf(out, "%s/", s->v[i].dir);
    np_buf_puts(out, s->v[i].base);
    return out->data;
}

static void issue(np_issue_fn fn, void *ud, size_t *failed, const char *path, const char *what)
{
    if (failed)
        (*failed)++;
    if (!fn)
        return;
    np_error e = NP_ERROR_INIT;
    np_error_set(&e, NP_ERR_IO, path, 0, "%s", what);
    fn(ud, &e);
    np_error_clear(&e);
}

/* A folder's entry: its name and what readdir() says it is. */
typedef struct dir_entry {
    char *name;
    unsigned char type; /* DT_*: DT_UNKNOWN when the file system does not say */
} dir_entry;

static int cmp_dir_entry(const void *a, const void *b)
{
    return strcmp(((const dir_entry *)a)->name, ((const dir_entry *)b)->name);
}

static int is_xml_name(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcasecmp(name + n - 4, ".xml") == 0 && name[0] != '.';
}

/* A symbolic link found in an input folder is read only when the file it
 * leads to is inside that folder (`root`, resolved); a dangling one is kept
 * so that reading it reports why. */
static int link_inside(const char *path, const char *root, np_issue_fn fn, void *ud)
{
    char *real = realpath(path, NULL);
    if (!real)
        return 1;
    size_t n = root ? strlen(root) : 0;
    int inside = root && !strncmp(real, root, n) && (real[n] == '/' || (n == 1 && root[0] == '/'));
    if (!inside)
        np_issue_warn(fn, ud, path, 0,
                      "symbolic link to %s, outside the input folder %s; not read", real,
                      root ? root : "(unknown)");
    free(real);
    return inside;
}

static void walk_dir(np_sources *s, const char *dir, const char *root, int depth, np_issue_fn fn,
                     void *ud, size_t *failed)
{
    if (depth > MAX_DIR_DEPTH) {
        issue(fn, ud, failed, dir, "directory nesting too deep; not read");
        return;
    }
    DIR *d = opendir(dir);
    if (!d) {
        issue(fn, ud, failed, dir, strerror(errno));
        return;
    }
    dir_entry *names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue; /* ., .. and hidden files */
        NP_GROW(names, n, cap, 32);
        np_buf b = NP_BUF_INIT;
        np_buf_puts(&b, de->d_name);
        names[n++] = (dir_entry){np_buf_detach(&b), de->d_type};
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_dir_entry);
    const char *shared_dir = NULL; /* this folder's name, kept once */
    np_buf full = NP_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        np_buf_reset(&full);
        np_buf_printf(&full, "%s/%s", dir, names[i].name);
        /* the entry's own type (lstat when the folder does not say, as
         * lstat: symlinked directories are not followed, no loops); a
         * FIFO, device or socket is taken so that reading refuses it aloud */
        unsigned char type = names[i].type;
        struct stat st;
        if (type == DT_UNKNOWN && lstat(full.data, &st) == 0)
            type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : DT_REG;
        if (type == DT_DIR) {
            walk_dir(s, full.data, root, depth + 1, fn, ud, failed);
        } else if (type != DT_UNKNOWN && is_xml_name(names[i].name) &&
                   (type != DT_LNK || link_inside(full.data, root, fn, ud))) {
            if (!shared_dir)
                shared_dir = np_arena_strdup(s->strings, dir);
            add(s, shared_dir, names[i].name);
        }
        free(names[i].name);
    }
    np_buf_free(&full);
    free(names);
}

np_sources *np_sources_collect(char *const *args, size_t nargs, np_issue_fn on_issue, void *ud,
                               size_t *failed)
{
    np_sources *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->strings = np_arena_new();
    pthread_mutex_init(&s->kept_lock, NULL);
    s->stdin_index = (size_t)-1;
    int stdin_taken = 0;
    for (size_t i = 0; i < nargs; i++) {
        const char *a = args[i];
        if (strcmp(a, "-") == 0) {
            if (stdin_taken) {
                issue(on_issue, ud, failed, "<stdin>", "standard input given twice; read once");
                continue;
            }
            stdin_taken = 1;
            s->stdin_index = s->n;
            add(s, NULL, "-");
            continue;
        }
        struct stat st;
        if (stat(a, &st) != 0) {
            issue(on_issue, ud, failed, a, strerror(errno));
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            /* strip trailing slashes for tidy names */
            np_buf b = NP_BUF_INIT;
            np_buf_puts(&b, a);
            while (b.len > 1 && b.data[b.len - 1] == '/')
                np_buf_truncate(&b, b.len - 1);
            char *root = realpath(b.data, NULL);
            walk_dir(s, b.data, root, 0, on_issue, ud, failed);
            free(root);
            np_buf_free(&b);
        } else {
            add(s, NULL, a);
        }
    }
    if (s->cap > s->n && s->n) { /* kept for the whole run: no growth slack */
        s->v = np_xreallocarray(s->v, s->n, sizeof *s->v);
        s->cap = s->n;
    }
    return s;
}

size_t np_sources_count(const np_sources *s)
{
    return s ? s->n : 0;
}

const char *np_sources_name(const np_sources *s, size_t i)
{
    return i == s->stdin_index ? "<stdin>" : path_of(s, i, &((np_sources *)s)->name);
}

const char *np_sources_name_kept(const np_sources *s, size_t i)
{
    if (!s || i >= s->n)
        return NULL;
    if (i == s->stdin_index)
        return "<stdin>";
    if (!s->v[i].dir)
        return s->v[i].base; /* named on the command line: kept already */
    /* several outputs of an archive run park their items at once */
    np_sources *m = (np_sources *)s;
    pthread_mutex_lock(&m->kept_lock);
    if (!m->kept)
        m->kept = np_xcalloc(m->n, sizeof *m->kept);
    if (!m->kept[i]) {
        np_buf b = NP_BUF_INIT;
        m->kept[i] = np_arena_strdup(m->strings, path_of(s, i, &b));
        np_buf_free(&b);
    }
    const char *kept = m->kept[i];
    pthread_mutex_unlock(&m->kept_lock);
    return kept;
}

/* Standard input is read once, up to the same size limit as files. */
static int read_stdin(np_sources *s, size_t max, np_error *err)
{
    if (s->stdin_state == STDIN_UNREAD) {
        np_buf b = NP_BUF_INIT;
        int got = np_infile_slurp(STDIN_FILENO, max, &b);
        s->stdin_errno = errno;
        s->stdin_state = got == 0 ? STDIN_READ : got > 0 ? STDIN_TOO_BIG : STDIN_FAILED;
        s->stdin_len = b.len;
        s->stdin_data = got == 0 ? np_buf_detach(&b) : NULL;
        np_buf_free(&b);
    }
    if (s->stdin_state == STDIN_TOO_BIG)
        return np_error_set(err, NP_ERR_UNSAFE, "<stdin>", 0,
                            "standard input is larger than the limit of %zu bytes; not read", max);
    if (s->stdin_state == STDIN_FAILED)
        return np_error_set(err, NP_ERR_IO, "<stdin>", 0, "read error: %s",
                            strerror(s->stdin_errno));
    return NP_OK;
}

int np_sources_read(const np_sources *cs, size_t i, const np_read_opts *opts, np_error *err)
{
    np_sources *s = (np_sources *)cs; /* stdin is read lazily, once */
    if (i != s->stdin_index) {
        np_buf path = NP_BUF_INIT;
        int rc = np_newsml_read_file(path_of(s, i, &path), opts, err);
        np_buf_free(&path);
        return rc;
    }
    int rc = read_stdin(s, opts->max_bytes ? opts->max_bytes : NP_READ_MAX_BYTES, err);
    if (rc != NP_OK)
        return rc;
    return np_newsml_read_memory(s->stdin_data, s->stdin_len, "<stdin>", opts, err);
}

void np_sources_free(np_sources *s)
{
    if (!s)
        return;
    free(s->v);
    free(s->kept);
    pthread_mutex_destroy(&s->kept_lock);
    np_buf_free(&s->name);
    free(s->stdin_data);
    np_arena_free(s->strings);
    free(s);
}
