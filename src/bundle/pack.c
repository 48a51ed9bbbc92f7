/* Packing: the bundle's files go into a temporary directory beside OUT
 * (a zip: into one content spool), with manifest.json; then the whole is
 * put in place at OUT in one rename, durably. */
#define _GNU_SOURCE /* renameat2 (RENAME_EXCHANGE), syncfs */
#include "bundle_int.h"
#include "names.h"
#include "wire.h"
#include "newsprint/select.h"
#include "newsprint/time.h"
#include "util/alloc.h"
#include "util/sha256.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

enum { MANIFEST_COPY_CHUNK = 65536 };

static int fail_io(np_bundle *bd, const char *path, int e, const char *what)
{
    if (!bd->failed) {
        bd->failed = 1;
        np_error_set(&bd->fail_err, NP_ERR_IO, path, 0, "%s: %s", what, strerror(e));
    }
    return NP_ERR_IO;
}

int np_pack_is_bundle_dir(const char *path)
{
    np_buf m = NP_BUF_INIT;
    np_buf_printf(&m, "%s/manifest.json", path);
    struct stat st;
    int ok = lstat(m.data, &st) == 0 && S_ISREG(st.st_mode);
    np_buf_free(&m);
    return ok;
}

/* Create bd->name in the temporary directory under a name not yet used. */
static int create_unique(np_bundle *bd, int *fd_out)
{
    np_buf base = NP_BUF_INIT;
    np_buf_puts(&base, np_buf_cstr(&bd->name));
    for (;;) {
        np_bundle_unique_name(&bd->names, &bd->name);
        int fd = openat(bd->tmpfd, bd->name.data,
                        O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
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
        /* taken on disk (the name set now has it too): the next variant */
        np_buf_reset(&bd->name);
        np_buf_puts(&bd->name, base.data);
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

/* Zip: file `name` is content[off, off + len). */
static void note_range(np_bundle *bd, const char *name, off_t off, size_t len)
{
    NP_GROW(bd->zv, bd->nz, bd->capz, 256);
    if (!bd->znames)
        bd->znames = np_arena_new(); /* no allocation per name */
    bd->zv[bd->nz].name = np_arena_strdup(bd->znames, name);
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

/* Encode bd->framed, write it as bd->name, spool its manifest entry. */
int np_pack_emit(np_bundle *bd, const np_file_info *fi)
{
    np_buf_reset(&bd->enc);
    np_charset_encode(bd->cs, np_buf_cstr(&bd->framed), bd->framed.len, &bd->enc);
    if (bd->is_zip) {
        np_bundle_unique_name(&bd->names, &bd->name);
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
    np_manifest_file mf = {bd->name.data, fi->guid,     fi->version,       fi->headline,
                           bd->enc.len,   hex,          fi->words,         fi->embargo,
                           fi->signal,    fi->replaces, fi->replaces_file, bd->seq,
                           fi->priority,  fi->urgency};
    np_buf_reset(&bd->json);
    np_manifest_file_json(&mf, bd->spooled, &bd->json);
    if (fwrite(bd->json.data, 1, bd->json.len, bd->spool) != bd->json.len)
        return fail_io(bd, "manifest", errno, "cannot spool the manifest");
    bd->spooled++;
    bd->seq++;
    bd->c.files++;
#ifdef NP_TEST_HOOKS
    if (bd->abort_after >= 0 && (long)bd->c.files >= bd->abort_after) {
        bd->failed = 1;
        np_error_set(&bd->fail_err, NP_ERR_IO, bd->out, 0,
                     "stopped after %zu files (NEWSPRINT_TEST_ABORT_AFTER)", bd->c.files);
        return NP_ERR_IO;
    }
    if (bd->kill_after >= 0 && (long)bd->c.files >= bd->kill_after)
        raise(SIGKILL); /* an interrupted run */
#endif
    return NP_OK;
}

static size_t skipped(const np_batch *b, np_skip_reason r)
{
    return np_selection_skipped(b->selection, r);
}

int np_pack_manifest(np_bundle *bd, const np_batch *b)
{
    const np_profile *p = &bd->p;
    size_t canceled = skipped(b, NP_SKIP_CANCELED);
    np_manifest_head h = {
        .partner = p->name,
        .framing = np_framing_name(p->framing),
        .charset = np_charset_name(p->charset),
        .line_ending = p->eol[0] == '\r' ? "CRLF" : "LF",
        .embargo = p->embargo_include ? "include" : "hold",
        .width = p->width,
        .generated = &bd->at,
        .from = &bd->o.sel.from,
        .to = &bd->o.sel.to,
        .since = !bd->delta          ? NULL
                 : bd->rcv.generated ? bd->rcv.generated
                                     : "",
        .first = bd->c.files ? bd->first_seq : 0,
        .last = bd->c.files ? bd->seq - 1 : 0,
        .next = bd->seq,
        .files = bd->c.files,
        .new_items = bd->c.new_items,
        .corrections = bd->c.corrections,
        .kills = bd->c.kills,
        .superseded = skipped(b, NP_SKIP_SUPERSEDED),
        .canceled = canceled > bd->c.kills ? canceled - bd->c.kills : 0,
        .withheld = skipped(b, NP_SKIP_WITHHELD),
        .embargoed = skipped(b, NP_SKIP_EMBARGOED),
        .outside_dates = skipped(b, NP_SKIP_OUT_OF_RANGE),
        .package = skipped(b, NP_SKIP_PACKAGE),
        .already_sent = bd->c.already_sent,
        .not_text = bd->c.not_text,
        .failed = bd->c.failed,
    };
    np_buf m = NP_BUF_INIT;
    np_manifest_begin(&h, &m);

    FILE *f = bd->content;
    off_t start = 0;
    if (bd->is_zip) {
        start = ftello(f);
    } else {
        int fd = openat(bd->tmpfd, "manifest.json",
                        O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
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
        char *chunk = np_xmalloc(MANIFEST_COPY_CHUNK);
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
    np_manifest_middle(bd->spooled, &m);
    size_t k = 0;
    for (size_t i = 0; ok && i < bd->rcv.n; i++) {
        const np_received_entry *e = &bd->rcv.v[i];
        if (e->touched)
            continue;
        np_manifest_received_json(e, k++, &m);
        if (m.len > MANIFEST_COPY_CHUNK) {
            ok = fwrite(m.data, 1, m.len, f) == m.len;
            np_buf_reset(&m);
        }
    }
    np_manifest_end(k, &m);
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
    np_time sde;
    return np_time_source_date_epoch(&sde) == 0 ? sde.utc : bd->at.utc;
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
    return strcmp(((const np_zentry *)a)->name, ((const np_zentry *)b)->name);
}

/* The entries' bytes: their ranges of the content spool, read with
 * pread() through one descriptor, by ONE source that every entry shares
 * (zip_source_keep()).  libzip keeps each entry's source until the zip is
 * closed: its own file source costs ~300 bytes and a copy of the spool's
 * path an entry, a function source of our own 80 bytes, this one nothing.
 * zip_close() reads the entries one after the other in index order, each
 * asked for its size (stat), opened, read to its end and closed; so the
 * open entry is the one after the last closed.  Should libzip ever do
 * otherwise, check_zspool() turns it into an error, never a wrong zip. */
typedef struct zspool {
    int fd;
    const np_zentry *v; /* the entries, in index order */
    size_t n;
    size_t next;     /* the entry to open next */
    int open;        /* v[next] is open */
    int out_of_step; /* libzip did not read as described above */
    zip_uint64_t at; /* bytes of the open entry read so far */
    zip_error_t error;
} zspool;

static zip_int64_t zspool_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    zspool *sp = ud;
    const np_zentry *e = sp->next < sp->n ? &sp->v[sp->next] : NULL;
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        if (!e || sp->open) {
            sp->out_of_step = 1;
            zip_error_set(&sp->error, ZIP_ER_INTERNAL, 0);
            return -1;
        }
        sp->open = 1;
        sp->at = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        if (!e || !sp->open) {
            sp->out_of_step = 1;
            zip_error_set(&sp->error, ZIP_ER_INTERNAL, 0);
            return -1;
        }
        zip_uint64_t left = (zip_uint64_t)e->len - sp->at;
        if (len > left)
            len = left;
        size_t done = 0;
        while (done < len) {
            ssize_t n = pread(sp->fd, (char *)data + done, (size_t)len - done,
                              e->off + (off_t)(sp->at + done));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                zip_error_set(&sp->error, ZIP_ER_READ, n < 0 ? errno : EIO);
                return -1;
            }
            done += (size_t)n;
        }
        sp->at += done;
        return (zip_int64_t)done;
    }
    case ZIP_SOURCE_CLOSE:
        if (!sp->open || sp->at != (zip_uint64_t)e->len)
            sp->out_of_step = 1;
        sp->open = 0;
        sp->next++;
        return 0;
    case ZIP_SOURCE_STAT: {
        /* the open entry, else the next one; once one is closed libzip
         * asks again, and then takes the size it counted itself */
        zip_stat_t *st = data;
        zip_stat_init(st);
        if (e) {
            st->size = (zip_uint64_t)e->len;
            st->valid |= ZIP_STAT_SIZE;
        }
        st->comp_method = ZIP_CM_STORE;
        st->encryption_method = ZIP_EM_NONE;
        st->valid |= ZIP_STAT_COMP_METHOD | ZIP_STAT_ENCRYPTION_METHOD;
        return sizeof *st;
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&sp->error, data, len);
    case ZIP_SOURCE_FREE:
        return 0; /* sp belongs to build_zip() */
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
                                              -1);
    default:
        zip_error_set(&sp->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

/* After zip_close(): was every entry read, once, in order? */
static int check_zspool(const zspool *sp)
{
    return !sp->out_of_step && !sp->open && sp->next == sp->n;
}

/* The zip: entries sorted bytewise by name, each a range of the content
 * spool; fixed times and permissions so that the same input gives the same
 * bytes. */
static int build_zip(np_bundle *bd, np_error *err)
{
    if (fflush(bd->content) != 0)
        return np_error_set(err, NP_ERR_IO, bd->out, 0, "cannot write the bundle: %s",
                            strerror(errno));
    if (bd->nz) {
        qsort(bd->zv, bd->nz, sizeof *bd->zv, cmp_zentry);
        /* no growth slack while libzip holds its own state per entry */
        bd->zv = np_xreallocarray(bd->zv, bd->nz, sizeof *bd->zv);
        bd->capz = bd->nz;
    }
    zspool sp = {fileno(bd->content), bd->zv, bd->nz, 0, 0, 0, 0, {0}};
    zip_error_init(&sp.error);
    np_buf zpath = NP_BUF_INIT;
    np_buf_printf(&zpath, "%s/.bundle.zip", bd->tmpdir);
    int zerr = 0, rc = NP_OK;
    zip_t *za = zip_open(zpath.data, ZIP_CREATE | ZIP_EXCL, &zerr);
    zip_source_t *src = za ? zip_source_function(za, zspool_cb, &sp) : NULL;
    if (!src) {
        rc = za ? np_error_set(err, NP_ERR_IO, bd->out, 0, "zip: %s", zip_strerror(za))
                : np_error_set(err, NP_ERR_IO, bd->out, 0,
                               "cannot create the zip (libzip error %d)", zerr);
        if (za)
            zip_discard(za);
        goto out;
    }
    zip_uint16_t dt, dd;
    dos_time(zip_mtime(bd), &dt, &dd);
    for (size_t i = 0; i < bd->nz && rc == NP_OK; i++) {
        const np_zentry *e = &bd->zv[i];
        zip_source_keep(src); /* the entry's reference */
        zip_int64_t idx = zip_file_add(za, e->name, src, ZIP_FL_ENC_UTF_8);
        if (idx < 0) {
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
    zip_source_free(src); /* ours: the entries hold theirs */
    /* libzip has its copy of the names: ours go before it writes */
    np_arena_free(bd->znames);
    bd->znames = NULL;
    for (size_t i = 0; i < bd->nz; i++)
        bd->zv[i].name = NULL;
    if (rc == NP_OK) {
        if (zip_close(za) != 0) {
            rc = np_error_set(err, NP_ERR_IO, bd->out, 0, "cannot write the zip: %s",
                              zip_strerror(za));
            zip_discard(za);
        }
    } else {
        zip_discard(za);
    }
    if (rc == NP_OK && !check_zspool(&sp))
        rc = np_error_set(err, NP_ERR_IO, bd->out, 0,
                          "cannot write the zip: libzip did not read its entries in order");
    if (rc == NP_OK && fsync_path(zpath.data, 0) != 0)
        rc = np_error_set(err, NP_ERR_IO, bd->out, 0, "cannot sync the zip: %s", strerror(errno));
    if (rc == NP_OK && rename(zpath.data, bd->out) != 0)
        rc = np_error_set(err, NP_ERR_IO, bd->out, 0, "cannot move the zip into place: %s",
                          strerror(errno));
out:
    zip_error_fini(&sp.error);
    np_buf_free(&zpath);
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
        return np_error_set(err, NP_ERR_IO, bd->out, 0, "cannot sync the bundle: %s",
                            strerror(errno));
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
    if (!np_pack_is_bundle_dir(bd->out))
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
        rc = np_error_set(err, NP_ERR_IO, bd->out, 0, "cannot replace the bundle: %s",
                          strerror(errno));
    else if (rename(bd->tmpdir, bd->out) != 0) {
        int e = errno;
        rename(old.data, bd->out);
        rc = np_error_set(err, NP_ERR_IO, bd->out, 0, "cannot move the bundle into place: %s",
                          strerror(e));
    } else {
        remove_flat_dir(old.data);
    }
    np_buf_free(&old);
    return rc;
}

void np_pack_cleanup(np_bundle *bd)
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
    if (bd->spool) {
        fclose(bd->spool);
        bd->spool = NULL;
    }
}

int np_pack_begin(np_bundle *bd, np_error *err)
{
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
        int cfd =
            openat(bd->tmpfd, ".content", O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        bd->content = cfd >= 0 ? fdopen(cfd, "w+b") : NULL;
        if (!bd->content && cfd >= 0)
            close(cfd);
    }
    if (bd->tmpfd < 0 || !bd->spool || (bd->is_zip && !bd->content)) {
        int e = errno;
        np_pack_cleanup(bd);
        return np_error_set(err, NP_ERR_IO, bd->out, 0, "cannot prepare the bundle: %s",
                            strerror(e));
    }
    np_nameset_add(&bd->names, "manifest.json");
    return NP_OK;
}

int np_pack_commit(np_bundle *bd, np_error *err)
{
    int rc = bd->is_zip ? build_zip(bd, err) : commit_dir(bd, err);
    if (rc == NP_OK) {
        fsync_path(bd->parent, 1);
        if (!bd->is_zip) {
            free(bd->tmpdir); /* renamed: it is OUT now */
            bd->tmpdir = NULL;
        }
    }
    return rc;
}
