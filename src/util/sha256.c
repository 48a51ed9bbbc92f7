/* SHA-256: nettle does the hashing; this keeps the small API the
 * renderers use. */
#include "sha256.h"

void np_sha256_init(np_sha256 *s)
{
    sha256_init(&s->ctx);
}

void np_sha256_update(np_sha256 *s, const void *data, size_t len)
{
    sha256_update(&s->ctx, len, data);
}

void np_sha256_final(np_sha256 *s, unsigned char out[32])
{
    sha256_digest(&s->ctx, SHA256_DIGEST_SIZE, out);
}

void np_sha256_to_hex(const unsigned char digest[32], char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = '\0';
}

void np_sha256_hex(const void *data, size_t len, char hex[65])
{
    np_sha256 s;
    unsigned char d[32];
    np_sha256_init(&s);
    np_sha256_update(&s, data, len);
    np_sha256_final(&s, d);
    np_sha256_to_hex(d, hex);
}
