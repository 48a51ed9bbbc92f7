#!/bin/bash
# Build the libFuzzer targets and fuzz each for SECONDS (default 60).
#
#   fuzz/run.sh [SECONDS] [TARGET...]      TARGET: reader body layout style manifest picture
#
# Every fuzz/fuzz_TARGET.c is linked with clang -fsanitize=fuzzer,address,
# undefined against the library's objects, built by the Makefile into
# build-fuzz/ (the objects, not the archive: some targets reach private
# parsers).  Each target has its corpus in build-fuzz/corpus-TARGET (kept
# between runs, seeded from samples/ and tests/), its dictionary in
# fuzz/TARGET.dict when there is one, and runs with -max_len=65536 -timeout=10.
# Exit status: 0 no crash found, 1 a crash/leak/timeout (the input is saved
# under build-fuzz/artifacts/), 77 clang or its fuzzer runtime is missing,
# 2 the build failed.  Reproduce a crash: build-fuzz/fuzz_TARGET ARTIFACT
set -u
cd "$(dirname "$0")/.." || exit 2
secs=${1:-60}
case "$secs" in *[!0-9]* | '') echo "usage: fuzz/run.sh [SECONDS] [TARGET...]" >&2; exit 2 ;; esac
shift $(($# > 0 ? 1 : 0))
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for c in fuzz/fuzz_*.c; do t=${c#fuzz/fuzz_}; targets+=("${t%.c}"); done
fi
OUT=build-fuzz
CC=${FUZZ_CC:-clang}
# the same libraries as the Makefile, from the Makefile
PKGS=$(make -s --no-print-directory print-PKGS) || exit 2
SYSLIBS=$(make -s --no-print-directory print-SYSLIBS) || exit 2
SAN="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
mkdir -p "$OUT/artifacts" || exit 2

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

# The library is built by the Makefile itself (same sources, same flags),
# instrumented for coverage; only the targets are linked here.
LIBSAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
make -s --no-print-directory BUILD="$OUT" CC="$CC" DATADIR=styles OPT="-O1 -g $LIBSAN" \
    "$OUT/libnewsprint.a" >/dev/null || { echo "fuzz: build failed (library)" >&2; exit 2; }
objs=$(make -s --no-print-directory BUILD="$OUT" print-LIB_OBJ) || exit 2

# seeds: name PATTERN... (whatever exists; libFuzzer keeps the corpus)
seed() {
    t=$1; shift
    mkdir -p "$OUT/corpus-$t"
    for f in "$@"; do
        [ -f "$f" ] && cp -p "$f" "$OUT/corpus-$t/seed-$(basename "$f")" 2>/dev/null
    done
}

rc=0
for t in "${targets[@]}"; do
    src=fuzz/fuzz_$t.c
    bin=$OUT/fuzz_$t
    [ -f "$src" ] || { echo "fuzz: no target $t" >&2; exit 2; }
    if [ ! -x "$bin" ] || [ "$OUT/libnewsprint.a" -nt "$bin" ] || [ "$src" -nt "$bin" ]; then
        echo "fuzz: building $bin"
        # shellcheck disable=SC2046,SC2086
        if ! $CC -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g $SAN -Iinclude -Isrc \
            $(pkg-config --cflags $PKGS) -o "$bin" "$src" $objs \
            $(pkg-config --libs $PKGS) $SYSLIBS; then
            echo "fuzz: build failed ($t)" >&2
            exit 2
        fi
    fi
    case $t in
    reader) seed "$t" samples/*.xml tests/golden/*/*.xml tests/hostile/*.xml ;;
    body)
        mkdir -p "$OUT/corpus-$t"
        # the bodies of the samples, behind the envelope byte and width byte
        python3 - "$OUT/corpus-$t" samples/*.xml tests/golden/txt/*.xml <<'PY' 2>/dev/null || true
import re, sys
out = sys.argv[1]
kinds = {'application/nitf+xml': 0, 'application/xhtml+xml': 1, 'text/html': 2, 'text/plain': 3}
for n, path in enumerate(sys.argv[2:]):
    s = open(path, encoding='utf-8', errors='replace').read()
    for m, (ct, body) in enumerate(re.findall(r'<inline(?:XML|Data)[^>]*contenttype="([^"]+)"[^>]*>(.*?)</inline(?:XML|Data)>', s, re.S)):
        if ct not in kinds:
            continue
        inner = body
        for tag in ('body.content', 'body'):
            g = re.search(r'<%s[^>]*>(.*)</%s>' % (re.escape(tag), re.escape(tag)), inner, re.S)
            if g:
                inner = g.group(1)
                break
        inner = re.sub(r'^\s*<!\[CDATA\[|\]\]>\s*$', '', inner)
        open('%s/seed-%d-%d' % (out, n, m), 'wb').write(bytes([kinds[ct], 60]) + inner.encode('utf-8'))
PY
        ;;
    layout)
        mkdir -p "$OUT/corpus-$t"
        for f in tests/golden/txt/*.out; do
            { printf '\001\050\001'; head -c 2000 "$f"; } >"$OUT/corpus-$t/seed-$(basename "$f")"
        done ;;
    style) seed "$t" styles/*.style styles/partners/*.profile ;;
    manifest) seed "$t" tests/bundle/*/manifest.json ;;
    picture) seed "$t" samples/images/*.png tests/hostile/pictures/*.jpg ;;
    esac
    dict=()
    [ -f "fuzz/$t.dict" ] && dict=(-dict="fuzz/$t.dict")
    echo "fuzz: running $bin for ${secs}s"
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$bin" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        "${dict[@]}" -artifact_prefix="$OUT/artifacts/$t-" -print_final_stats=1 \
        "$OUT/corpus-$t" >"$OUT/last-run-$t.log" 2>&1
    r=$?
    runs=$(grep -E -o 'stat::number_of_executed_units: [0-9]+' "$OUT/last-run-$t.log" | awk '{print $2}')
    if [ $r -ne 0 ]; then
        echo "fuzz: $t FAILED (status $r); log: $OUT/last-run-$t.log" >&2
        grep -E 'ERROR: |SUMMARY: |runtime error|Test unit written' "$OUT/last-run-$t.log" | head -10 >&2
        rc=1
    else
        echo "fuzz: $t: no crash in ${secs}s (${runs:-?} runs)"
    fi
done
exit $rc
