/* The output module: what a path leads to, and the clean-up of temporaries
 * left by killed runs (the programs' behaviour is in check-outputs.sh). */
#include "unit.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "util/outfile_priv.h"

static void test_kinds(void **state)
{
    (void)state;
    np_error err = NP_ERROR_INIT;
    np_out_target t;
    assert_int_equal(np_outfile_target("-", &t, &err), NP_OK);
    assert_int_equal(t.kind, NP_OUT_STDOUT);
    assert_int_equal(np_outfile_target("/dev/stdout", &t, &err), NP_OK);
    assert_int_equal(t.kind, NP_OUT_STDOUT);

    assert_int_equal(np_outfile_target(ut_path("new.txt"), &t, &err), NP_OK);
    assert_int_equal(t.kind, NP_OUT_REPLACE);
    assert_int_equal(t.exists, 0);
    assert_string_equal(t.dest, ut_path("new.txt"));
    np_out_target_free(&t);

    ut_put("old.txt", "old");
    chmod(ut_path("old.txt"), 0604);
    assert_int_equal(np_outfile_target(ut_path("old.txt"), &t, &err), NP_OK);
    assert_int_equal(t.kind, NP_OUT_REPLACE);
    assert_int_equal(t.exists, 1);
    assert_int_equal(t.mode, 0604);
    np_out_target_free(&t);

    assert_int_equal(np_outfile_target(ut_dir, &t, &err), NP_OK);
    assert_int_equal(t.kind, NP_OUT_DIRECTORY);
    np_out_target_free(&t);

    assert_int_equal(mkfifo(ut_path("fifo"), 0600), 0);
    assert_int_equal(np_outfile_target(ut_path("fifo"), &t, &err), NP_OK);
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
    ut_put("real.txt", "real");
    assert_int_equal(symlink("real.txt", ut_path("same")), 0);
    assert_int_equal(np_outfile_target(ut_path("same"), &t, &err), NP_OK);
    assert_int_equal(t.kind, NP_OUT_REPLACE);
    char *real = realpath(ut_path("real.txt"), NULL);
    assert_string_equal(t.dest, real);
    free(real);
    np_out_target_free(&t);

    mkdir(ut_path("sub"), 0755);
    assert_int_equal(symlink("../real.txt", ut_path("sub/away")), 0);
    assert_int_equal(np_outfile_target(ut_path("sub/away"), &t, &err), NP_ERR_IO);
    assert_non_null(strstr(err.message, "in another folder"));
    assert_string_equal(err.file, ut_path("sub/away"));
    np_error_clear(&err);

    assert_int_equal(symlink("missing.txt", ut_path("dangling")), 0);
    assert_int_equal(np_outfile_target(ut_path("dangling"), &t, &err), NP_ERR_IO);
    assert_non_null(strstr(err.message, "leads nowhere"));
    np_error_clear(&err);

    /* writing through the same-folder link replaces the file, not the link */
    assert_int_equal(np_write_file_atomic(ut_path("same"), "new", 3, &err), NP_OK);
    struct stat st;
    assert_int_equal(lstat(ut_path("same"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    np_buf b = NP_BUF_INIT;
    assert_int_equal(np_file_read(ut_path("real.txt"), 100, &b, &err), NP_OK);
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
    assert_int_equal(np_write_file_atomic(ut_dir, "x", 1, &err), NP_ERR_IO);
    assert_non_null(strstr(err.message, "is a directory"));
    np_error_clear(&err);
    /* a missing folder: named, with the reason */
    assert_int_equal(np_write_file_atomic(ut_path("no/such/x.txt"), "x", 1, &err), NP_ERR_IO);
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
    mkdir(ut_path("sw"), 0755);
    ut_put("sw/.day.txt.AbC123.tmp", "killed run");
    age(ut_path("sw/.day.txt.AbC123.tmp"), 600);
    ut_put("sw/.day.txt.Fresh1.tmp", "being written");
    ut_put("sw/.day.txt.Locked.tmp", "writer alive");
    age(ut_path("sw/.day.txt.Locked.tmp"), 600);
    ut_put("sw/.other.txt.AbC123.tmp", "another target's");
    age(ut_path("sw/.other.txt.AbC123.tmp"), 600);
    ut_put("sw/.day.txt.notours", "not a temporary name");
    age(ut_path("sw/.day.txt.notours"), 600);
    int fd = open(ut_path("sw/.day.txt.Locked.tmp"), O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_EX), 0);

    np_outtemp_sweep(ut_path("sw/day.txt"));
    assert_int_equal(access(ut_path("sw/.day.txt.AbC123.tmp"), F_OK), -1);
    assert_int_equal(access(ut_path("sw/.day.txt.Fresh1.tmp"), F_OK), 0);
    assert_int_equal(access(ut_path("sw/.day.txt.Locked.tmp"), F_OK), 0);
    assert_int_equal(access(ut_path("sw/.other.txt.AbC123.tmp"), F_OK), 0);
    assert_int_equal(access(ut_path("sw/.day.txt.notours"), F_OK), 0);
    close(fd);

    /* an open output's own temporary is locked: a sweep leaves it */
    np_error err = NP_ERROR_INIT;
    np_outfile of;
    assert_int_equal(np_outfile_open(&of, ut_path("sw/out.txt"), &err), NP_OK);
    age(of.tmp, 600);
    np_outtemp_sweep(ut_path("sw/out.txt"));
    assert_int_equal(access(of.tmp, F_OK), 0);
    fputs("done", of.fp);
    assert_int_equal(np_outfile_commit(&of, &err), NP_OK);
    assert_int_equal(access(ut_path("sw/out.txt"), F_OK), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_symlinks),
        cmocka_unit_test(test_write_errors),
        cmocka_unit_test(test_sweep),
    };
    return cmocka_run_group_tests(tests, ut_tmpdir_setup, ut_tmpdir_teardown);
}
