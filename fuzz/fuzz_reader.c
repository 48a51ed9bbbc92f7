/* libFuzzer target for the NewsML-G2 reader.
 *
 * Every input goes through np_newsml_read_memory() twice, as a batch reads
 * it: whole (each item rendered to text, its words counted) and for the
 * selection pass (metadata only).  Build and run: fuzz/run.sh. */
#include "fuzz_text.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_text_read((const char *)data, size, "fuzz.xml", 40, 0);
    fuzz_text_read((const char *)data, size, "fuzz.xml", 40, 1);
    return 0;
}
