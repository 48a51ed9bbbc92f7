/* libFuzzer target for the bundle manifest reader (what a partner sent
 * back, read for --since deltas): strict JSON with size and depth limits. */
#include "bundle/manifest.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    np_received r;
    np_error err = NP_ERROR_INIT;
    if (np_manifest_parse((const char *)data, size, "fuzz.json", &r, &err) == NP_OK) {
        for (size_t i = 0; i < r.n; i++)
            (void)np_received_find(&r, r.v[i].guid);
        np_received_free(&r);
    }
    np_error_clear(&err);
    return 0;
}
