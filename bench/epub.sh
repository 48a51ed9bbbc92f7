#!/bin/bash
# Benchmark the weekly digest: newsml2epub on a synthetic archive against
# parsing the same files with `xmllint --noout` (the floor).
#
#   bench/epub.sh [BUILD_DIR [ITEMS_DIR]]
#
# ITEMS_DIR defaults to bench/data/items-1000, made with bench/gen.py when it
# is missing (BENCH_SMALL items, default 1000; BENCH_SEED, default 2026).
# Prints wall time and peak RSS of both, and the ratio; the goal is a digest
# within 4x of the parse time.  Exits 1 when the digest fails or misses it.
set -u
cd "$(dirname "$0")/.." || exit 2
BUILD=${1:-build}
N=${BENCH_SMALL:-1000}
SEED=${BENCH_SEED:-2026}
DIR=${2:-bench/data/items-$N}
TIME=/usr/bin/time
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1795000000}
export LC_ALL=C.UTF-8
T=$(mktemp -d "${TMPDIR:-/tmp}/newsprint-bench-epub.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

if [ ! -x "$BUILD/bin/newsml2epub" ]; then
    echo "bench/epub.sh: $BUILD/bin/newsml2epub not built (make all)" >&2
    exit 2
fi
if ! "$TIME" -v true >/dev/null 2>&1; then
    echo "bench/epub.sh: GNU time ($TIME -v) is needed for peak memory" >&2
    exit 2
fi
if [ ! -d "$DIR" ]; then
    echo "bench/epub.sh: generating $DIR ($N items)..." >&2
    python3 bench/gen.py --items "$N" --seed "$SEED" "$DIR" || exit 2
fi
find "$DIR" -name '*.xml' | sort >"$T/list"
files=$(wc -l <"$T/list")
[ "$files" -gt 0 ] || { echo "bench/epub.sh: no .xml files in $DIR" >&2; exit 2; }

# run LABEL CMD...: wall seconds and peak RSS (MB) into $T/LABEL.{s,mb}
run() {
    local label=$1
    shift
    if ! "$TIME" -v -o "$T/time" "$@" >"$T/out" 2>"$T/err"; then
        echo "bench/epub.sh: $label failed:" >&2
        tail -5 "$T/err" >&2
        return 1
    fi
    sed -n 's/^.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$T/time" |
        awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f\n", s }' >"$T/$label.s"
    sed -n 's/^.*Maximum resident set size (kbytes): //p' "$T/time" |
        awk '{ printf "%.1f\n", $1 / 1024 }' >"$T/$label.mb"
}

run xmllint xargs -d '\n' xmllint --noout --nonet <"$T/list" || exit 2
run epub "$BUILD/bin/newsml2epub" --quiet --at 2026-11-28 -o "$T/digest.epub" "$DIR" || exit 1
size=$(du -k "$T/digest.epub" | cut -f1)
articles=$(unzip -Z1 "$T/digest.epub" | grep -c '^EPUB/a[0-9]*\.xhtml$')

x=$(cat "$T/xmllint.s") e=$(cat "$T/epub.s")
printf '%-26s %8s %9s\n' "program ($files files)" "wall s" "peak MB"
printf '%-26s %8s %9s\n' "xmllint --noout (floor)" "$x" "$(cat "$T/xmllint.mb")"
printf '%-26s %8s %9s   %s articles, %s KB\n' "newsml2epub" "$e" "$(cat "$T/epub.mb")" "$articles" "$size"
awk -v e="$e" -v x="$x" 'BEGIN {
    r = (x > 0) ? e / x : 0
    printf "newsml2epub / xmllint: %.2fx (goal: within 4x)\n", r
    exit (x > 0 && r > 4) ? 1 : 0 }'
