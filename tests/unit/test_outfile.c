/* The output module: what a path leads to, and the clean-up of temporaries
 * left by killed runs (the programs' behaviour is in check-outputs.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "newsprint/newsprint.h"
#include "util/outfile_priv.h"

static char dir[256];

static const char *at(const char *rel)
{
    static char p[2][512];
    static int k;
    k = !k;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, rel);
    return p[k];
}

static void put(const char *rel, const char *text)
{
    FILE *f = fopen(at(rel), "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "%s/np-outfile-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_kinds(void **state)
{
    (void)state;
    np_error err = NP_ERROR_INIT;
    np_out_target t;
    assert_int_equal(np_outfile_target("-", &t, &err), NP_OK);
    assert_int_equal(t.kind, NP_OUT_STDOUT);
    assert_int_equal(np_outfile_target("/dev/stdout", &t, &err), NP_OK);
    assert_int_equal(t.kind, NP_OUT_STDOUT);

    assert_int_equal(np_outfile_target(at("new.txt"), &t, &err), NP_OK);
    assert_int_equal(t.kind, NP_OUT_REPLACE);
    assert_int_equal(t.exists, 0);
    assert_string_equal(t.dest, at("new.txt"));
    np_out_target_free(&t);

    put("old.txt", "old");
    chmod(at("old.txt"), 0604);
    assert_int_equal(np_outfile_target(at("old.txt"), &t, &err), NP_OK);
    assert_int_equal(t.kind, NP_OUT_REPLACE);
    assert_int_equal(t.exists, 1);
    assert_int_equal(t.mode, 0604);
    np_out_target_free(&t);

    assert_int_equal(np_outfile_target(dir, &t, &err), NP_OK);
    assert_int_equal(t.kind, NP_OUT_DIRECTORY);
    np_out_target_free(&t);

    assert_int_equal(mkfifo(at("fifo"), 0600), 0);
    assert_int_equal(np_outfile_target(at("fifo"), &t, &err), NP_OK);
    assert_int_equal(t.kind, NP_OUT_IN_PLACE);
    np_out_target_free(&t);
    assert_int_equal(np_outfile_target("/dev/full", &t, &err), NP_OK);
    assert_int_equal(t.kind, NP_OUT_IN_PLACE);
    np_out_target_free(&t);
}

static void test_symlinks(void **state)
{
    (void)state;
    np_error err = NP_ERROR_INIT;
    np_out_target t;
    put("real.txt", "real");
    assert_int_equal(symlink("real.txt", at("same")), 0);
    assert_int_equal(np_outfile_target(at("same"), &t, &err), NP_OK);
    assert_int_equal(t.kind, NP_OUT_REPLACE);
    char *real = realpath(at("real.txt"), NULL);
    assert_string_equal(t.dest, real);
    free(real);
    np_out_target_free(&t);

    mkdir(at("sub"), 0755);
    assert_int_equal(symlink("../real.txt", at("sub/away")), 0);
    assert_int_equal(np_outfile_target(at("sub/away"), &t, &err), NP_ERR_IO);
    assert_non_null(strstr(err.message, "in another folder"));
    assert_string_equal(err.file, at("sub/away"));
    np_error_clear(&err);

    assert_int_equal(symlink("missing.txt", at("dangling")), 0);
    assert_int_equal(np_outfile_target(at("dangling"), &t, &err), NP_ERR_IO);
    assert_non_null(strstr(err.message, "leads nowhere"));
    np_error_clear(&err);

    /* writing through the same-folder link replaces the file, not the link */
    assert_int_equal(np_write_file_atomic(at("same"), "new", 3, &err), NP_OK);
    struct stat st;
    assert_int_equal(lstat(at("same"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    np_buf b = NP_BUF_INIT;
    assert_int_equal(np_file_read(at("real.txt"), 100, &b, &err), NP_OK);
    assert_string_equal(b.data, "new");
    np_buf_free(&b);
}

static void test_write_errors(void **state)
{
    (void)state;
    np_error err = NP_ERROR_INIT;
    /* in place, with the reason */
    assert_int_equal(np_write_file_atomic("/dev/full", "x", 1, &err), NP_ERR_IO);
    assert_string_equal(err.file, "/dev/full");
    assert_non_null(strstr(err.message, "No space left on device"));
    np_error_clear(&err);
    /* a directory is refused */
    assert_int_equal(np_write_file_atomic(dir, "x", 1, &err), NP_ERR_IO);
    assert_non_null(strstr(err.message, "is a directory"));
    np_error_clear(&err);
    /* a missing folder: named, with the reason */
    assert_int_equal(np_write_file_atomic(at("no/such/x.txt"), "x", 1, &err), NP_ERR_IO);
    assert_non_null(strstr(err.message, "No such file or directory"));
    np_error_clear(&err);
}

static void age(const char *path, int seconds)
{
    struct timeval tv[2];
    gettimeofday(&tv[0], NULL);
    tv[0].tv_sec -= seconds;
    tv[1] = tv[0];
    assert_int_equal(utimes(path, tv), 0);
}

static void test_sweep(void **state)
{
    (void)state;
    mkdir(at("sw"), 0755);
    put("sw/.day.txt.AbC123.tmp", "killed run");
    age(at("sw/.day.txt.AbC123.tmp"), 600);
    put("sw/.day.txt.Fresh1.tmp", "being written");
    put("sw/.day.txt.Locked.tmp", "writer alive");
    age(at("sw/.day.txt.Locked.tmp"), 600);
    put("sw/.other.txt.AbC123.tmp", "another target's");
    age(at("sw/.other.txt.AbC123.tmp"), 600);
    put("sw/.day.txt.notours", "not a temporary name");
    age(at("sw/.day.txt.notours"), 600);
    int fd = open(at("sw/.day.txt.Locked.tmp"), O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_EX), 0);

    np_outtemp_sweep(at("sw/day.txt"));
    assert_int_equal(access(at("sw/.day.txt.AbC123.tmp"), F_OK), -1);
    assert_int_equal(access(at("sw/.day.txt.Fresh1.tmp"), F_OK), 0);
    assert_int_equal(access(at("sw/.day.txt.Locked.tmp"), F_OK), 0);
    assert_int_equal(access(at("sw/.other.txt.AbC123.tmp"), F_OK), 0);
    assert_int_equal(access(at("sw/.day.txt.notours"), F_OK), 0);
    close(fd);

    /* an open output's own temporary is locked: a sweep leaves it */
    np_error err = NP_ERROR_INIT;
    np_outfile of;
    assert_int_equal(np_outfile_open(&of, at("sw/out.txt"), &err), NP_OK);
    age(of.tmp, 600);
    np_outtemp_sweep(at("sw/out.txt"));
    assert_int_equal(access(of.tmp, F_OK), 0);
    fputs("done", of.fp);
    assert_int_equal(np_outfile_commit(&of, &err), NP_OK);
    assert_int_equal(access(at("sw/out.txt"), F_OK), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_symlinks),
        cmocka_unit_test(test_write_errors),
        cmocka_unit_test(test_sweep),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
