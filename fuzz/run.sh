#!/bin/bash
# Build the reader's libFuzzer target and fuzz it for SECONDS (default 60).
#
#   fuzz/run.sh [SECONDS]
#
# Builds build-fuzz/fuzz_reader with clang -fsanitize=fuzzer,address,undefined
# from the library (built by the Makefile into build-fuzz/) and fuzz/fuzz_reader.c, seeds
# build-fuzz/corpus from samples/, tests/cases/ and tests/hostile/, and runs
# with -max_len=65536 -timeout=10.
# Exit status: 0 no crash found, 1 a crash/leak/timeout (the input is saved
# under build-fuzz/artifacts/), 77 clang or its fuzzer runtime is missing,
# 2 the build failed.  Reproduce a crash: build-fuzz/fuzz_reader ARTIFACT
set -u
cd "$(dirname "$0")/.." || exit 2
secs=${1:-60}
case "$secs" in *[!0-9]* | '') echo "usage: fuzz/run.sh [SECONDS]" >&2; exit 2 ;; esac
OUT=build-fuzz
CC=${FUZZ_CC:-clang}
# the same libraries as the Makefile, from the Makefile
PKGS=$(make -s --no-print-directory print-PKGS) || exit 2
SYSLIBS=$(make -s --no-print-directory print-SYSLIBS) || exit 2
SAN="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
mkdir -p "$OUT/corpus" "$OUT/artifacts" || exit 2

if ! command -v "$CC" >/dev/null 2>&1; then
    echo "fuzz: $CC not found" >&2
    exit 77
fi
probe="$OUT/probe"
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' >"$probe.c"
if ! "$CC" $SAN -o "$probe" "$probe.c" >/dev/null 2>&1; then
    echo "fuzz: $CC cannot link -fsanitize=fuzzer (libFuzzer runtime missing)" >&2
    rm -f "$probe" "$probe.c"
    exit 77
fi
rm -f "$probe" "$probe.c"

# The library is built by the Makefile itself (same sources, same flags) into
# build-fuzz/, instrumented for coverage; only the target is linked here.
LIBSAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
make -s --no-print-directory BUILD="$OUT" CC="$CC" DATADIR=styles OPT="-O1 -g $LIBSAN" \
    "$OUT/libnewsprint.a" >/dev/null || { echo "fuzz: build failed (library)" >&2; exit 2; }
bin="$OUT/fuzz_reader"
if [ ! -x "$bin" ] || [ "$OUT/libnewsprint.a" -nt "$bin" ] || [ fuzz/fuzz_reader.c -nt "$bin" ]; then
    echo "fuzz: building $bin"
    # shellcheck disable=SC2046,SC2086
    if ! $CC -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g $SAN -Iinclude -Isrc \
        $(pkg-config --cflags $PKGS) -o "$bin" fuzz/fuzz_reader.c "$OUT/libnewsprint.a" \
        $(pkg-config --libs $PKGS) $SYSLIBS; then
        echo "fuzz: build failed (link)" >&2
        exit 2
    fi
fi

# Seeds: whatever exists (libFuzzer keeps the corpus between runs).
for f in samples/*.xml tests/golden/*/*.xml tests/hostile/*.xml; do
    [ -f "$f" ] || continue
    cp -p "$f" "$OUT/corpus/seed-$(basename "$f")" 2>/dev/null
done

echo "fuzz: running $bin for ${secs}s"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
"$bin" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -dict=fuzz/newsml.dict -artifact_prefix="$OUT/artifacts/" -print_final_stats=1 \
    "$OUT/corpus" >"$OUT/last-run.log" 2>&1
rc=$?
grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|Done )' "$OUT/last-run.log" | tail -3
if [ $rc -ne 0 ]; then
    echo "fuzz: FAILED (status $rc); log: $OUT/last-run.log" >&2
    grep -E 'ERROR: |SUMMARY: |runtime error|Test unit written' "$OUT/last-run.log" | head -10 >&2
    exit 1
fi
echo "fuzz: no crash in ${secs}s"
exit 0
