/* A partner's sequence state (NAME.seq) and the locks that keep two runs
 * apart.  Private to src/bundle/. */
#ifndef NP_BUNDLE_STATE_H
#define NP_BUNDLE_STATE_H

#include "newsprint/error.h"
#include "newsprint/item.h"

/* The next sequence number from the state file at `path`; `start` when
 * there is no file yet (the partner's first bundle). */
int np_seq_read(const char *path, unsigned long long start, unsigned long long *next, np_error *err);
/* Replace the state file atomically. */
int np_seq_write(const char *path, const char *partner, unsigned long long next, const np_time *at,
                 np_error *err);

/* An exclusive lock held through a lock file.  flock(2): the lock dies with
 * the process, so a file left by a killed run never blocks the next one. */
typedef struct np_lock {
    int fd;
    char *path;
} np_lock;
#define NP_LOCK_INIT {-1, NULL}

/* Take the lock at `path` (the file is created) without waiting; when
 * another process holds it, NP_ERR_IO with `busy` as the message. */
int np_lock_take(np_lock *l, const char *path, const char *busy, np_error *err);
/* Remove the lock file and release the lock (nothing when not held). */
void np_lock_release(np_lock *l);

#endif
