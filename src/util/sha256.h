/* SHA-256 (FIPS 180-4) for the checksums in bundle manifests and the
 * identifiers of EPUBs and PDFs: a thin wrapper over nettle.  Private. */
#ifndef NP_SHA256_H
#define NP_SHA256_H

#include <stddef.h>
#include <nettle/sha2.h>

typedef struct np_sha256 {
    struct sha256_ctx ctx;
} np_sha256;

void np_sha256_init(np_sha256 *s);
void np_sha256_update(np_sha256 *s, const void *data, size_t len);
/* Finish: the 32-byte digest goes to `out`.  `s` must be re-initialised
 * before it is used again. */
void np_sha256_final(np_sha256 *s, unsigned char out[32]);
/* Lower-case hex of the digest of data[0..len) into hex[65] (NUL-terminated). */
void np_sha256_hex(const void *data, size_t len, char hex[65]);
/* Hex of a finished digest. */
void np_sha256_to_hex(const unsigned char digest[32], char hex[65]);

#endif
