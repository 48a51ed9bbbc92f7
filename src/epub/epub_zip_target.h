/* EPUB converter: where libzip writes the container (epub_zip.c).  Private. */
#ifndef NP_EPUB_ZIP_TARGET_H
#define NP_EPUB_ZIP_TARGET_H

#include <zip.h>

/* A source libzip writes a new archive to: the file open on `fd` (not
 * taken over; empty), written a block at a time.  libzip's own file source
 * writes through a 4 KB stdio buffer and seeks back over each entry's
 * header: six system calls per entry, thousands in a digest, while nothing
 * else runs.  NULL on failure (`ze` filled). */
zip_source_t *ep_zip_target(int fd, zip_error_t *ze);

#endif
