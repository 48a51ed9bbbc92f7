#!/bin/bash
# Benchmark the converters on a synthetic archive (bench/README.md).
#
#   bench/run.sh [BUILD_DIR]        (make bench: BUILD_DIR = build)
#
# Generates bench/data/items-10000 and bench/data/items-1000 with bench/gen.py
# (reused while their stamp matches), then measures wall time, items/s and
# peak RSS of each converter and of `xmllint --noout` (the floor: parsing
# alone) on the same files.  Prints a table; also writes it to
# BUILD_DIR/bench.txt.  Environment: BENCH_ITEMS (default 10000),
# BENCH_SMALL (default 1000), BENCH_SEED (default 2026).
set -u
cd "$(dirname "$0")/.." || exit 2
BUILD=${1:-build}
BIN="$BUILD/bin"
N=${BENCH_ITEMS:-10000}
SMALL=${BENCH_SMALL:-1000}
SEED=${BENCH_SEED:-2026}
DATA=bench/data
TIME=/usr/bin/time
T=$(mktemp -d "${TMPDIR:-/tmp}/newsprint-bench.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1795000000}
export LC_ALL=C.UTF-8

if [ ! -x "$BIN/newsml2txt" ]; then
    echo "bench: $BIN/newsml2txt not built (make all)" >&2
    exit 2
fi
if ! "$TIME" -v true >/dev/null 2>&1; then
    echo "bench: GNU time ($TIME -v) is needed for peak memory" >&2
    exit 2
fi

# ---- data -------------------------------------------------------------------
# dataset N: bench/data/items-N, regenerated when gen.py or the seed changed.
dataset() {
    local n=$1 dir="$DATA/items-$1" sum stamp
    sum=$(cksum <bench/gen.py | cut -d' ' -f1)
    stamp="n=$n seed=$SEED gen=$sum"
    if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ]; then
        return 0
    fi
    echo "bench: generating $dir ($n items)..." >&2
    rm -rf "$dir"
    python3 bench/gen.py --items "$n" --seed "$SEED" "$dir" || exit 2
    printf '%s\n' "$stamp" >"$dir/.stamp"
}
dataset "$N"
dataset "$SMALL"
BIG="$DATA/items-$N"
LITTLE="$DATA/items-$SMALL"
# file lists (sorted), for tools that take files rather than directories
find "$BIG" -name '*.xml' | sort >"$T/big.list"
find "$LITTLE" -name '*.xml' | sort >"$T/little.list"
mb() { du -sm --apparent-size "$1" | cut -f1; }
echo "bench: $N items in $(wc -l <"$T/big.list") files ($(mb "$BIG") MB); $SMALL items in $(wc -l <"$T/little.list") files" >&2

# ---- measuring --------------------------------------------------------------
# measure LABEL ITEMS CMD...: run CMD once under GNU time, add a table row.
# CMD's stdout goes to $T/out (its size is reported); a failing CMD is noted.
ROWS="$T/rows"
: >"$ROWS"
: >"$T/raw"
# rss LABEL: peak RSS in MB of a measured row
rss_of() { awk -F'|' -v l="$1" '$1 == l { printf "%.1f", $4 / 1024 }' "$T/raw"; }
measure() {
    local label=$1 items=$2
    shift 2
    "$TIME" -v -o "$T/time" "$@" >"$T/out" 2>"$T/err"
    local rc=$?
    local wall rss
    wall=$(sed -n 's/^.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$T/time" |
        awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }')
    rss=$(sed -n 's/^.*Maximum resident set size (kbytes): //p' "$T/time")
    local note=""
    [ $rc -eq 0 ] || note="exit $rc: $(grep -v '^ ' "$T/err" | tail -1 | cut -c1-60)"
    printf '%s|%s|%s|%s\n' "$label" "$items" "$wall" "$rss" >>"$T/raw"
    awk -v l="$label" -v n="$items" -v w="$wall" -v r="$rss" -v note="$note" 'BEGIN {
        ips = (w > 0) ? n / w : 0
        printf "%-28s %7d %9.2f %9.0f %9.1f  %s\n", l, n, w, ips, r / 1024, note }' >>"$ROWS"
    tail -1 "$ROWS" >&2
}
# have PROG: the converter is built (rows for later converters are skipped until then)
have() { [ -x "$BIN/$1" ]; }

# ---- the measurements: append new converters here ---------------------------
# The floor: libxml2 parsing every file once, nothing else.
if command -v xmllint >/dev/null 2>&1; then
    measure "xmllint --noout (floor)" "$N" xargs -d '\n' xmllint --noout --nonet <"$T/big.list"
fi
OPTS=(--quiet --at 2026-11-28)
measure "newsml2txt" "$N" "$BIN/newsml2txt" "${OPTS[@]}" "$BIG"
measure "newsml2txt ($SMALL items)" "$SMALL" "$BIN/newsml2txt" "${OPTS[@]}" "$LITTLE"
# Later converters (rows appear once the program is built; adjust options as they settle):
have newsml2epub && measure "newsml2epub" "$N" "$BIN/newsml2epub" "${OPTS[@]}" -o "$T/bench.epub" "$BIG"
have newsml2epub && measure "newsml2epub ($SMALL items)" "$SMALL" "$BIN/newsml2epub" "${OPTS[@]}" -o "$T/small.epub" "$LITTLE"

# ---- report -----------------------------------------------------------------
{
    echo "newsprint bench: $N items ($(mb "$BIG") MB, $(wc -l <"$T/big.list") files), seed $SEED, $(nproc 2>/dev/null || echo ?) CPUs"
    printf '%-28s %7s %9s %9s %9s\n' "program" "items" "wall s" "items/s" "peak MB"
    printf '%-28s %7s %9s %9s %9s\n' "----------------------------" "-------" "---------" "---------" "---------"
    cat "$ROWS"
    # Memory must not grow with the number of files: the two newsml2txt runs.
    b=$(rss_of "newsml2txt") l=$(rss_of "newsml2txt ($SMALL items)")
    if [ -n "$b" ] && [ -n "$l" ]; then
        echo "peak RSS of newsml2txt: $l MB for $SMALL items, $b MB for $N items"
    fi
} | tee "$BUILD/bench.txt"
