#!/bin/bash
# Benchmark syndication bundles (newsml2txt --bundle).
#
#   bench/bundle.sh BUILD_DIR DATA_DIR
#
# DATA_DIR holds items-N and items-SMALL made by bench/gen.py (bench/run.sh
# makes them in bench/data).  Measures wall time, items/s and peak RSS of a
# plain UTF-8 bundle (web-utf8) and an IPTC 7901 bundle (iptc7901-latin1),
# as directories, and the IPTC 7901 bundle as a zip, at N and at SMALL items,
# next to `xmllint --noout` on the same files.  Checks that peak RSS at N
# items is at most 1.2 times that at SMALL items (exit 1 if not).
# Environment: BENCH_ITEMS (default 10000), BENCH_SMALL (default 1000).
set -u
cd "$(dirname "$0")/.." || exit 2
BUILD=${1:-build}
DATA=${2:-bench/data}
N=${BENCH_ITEMS:-10000}
SMALL=${BENCH_SMALL:-1000}
TXT="$BUILD/bin/newsml2txt"
TIME=/usr/bin/time
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1795000000}
export LC_ALL=C.UTF-8
export NEWSPRINT_STYLES="$PWD/styles"
BIG="$DATA/items-$N"
LITTLE="$DATA/items-$SMALL"
for d in "$BIG" "$LITTLE"; do
    [ -d "$d" ] || { echo "bench/bundle: no $d (bench/run.sh or bench/gen.py --items makes it)" >&2; exit 2; }
done
[ -x "$TXT" ] || { echo "bench/bundle: $TXT not built (make all)" >&2; exit 2; }
"$TIME" -v true >/dev/null 2>&1 || { echo "bench/bundle: GNU time ($TIME -v) is needed" >&2; exit 2; }
T=$(mktemp -d "${TMPDIR:-/tmp}/newsprint-bench-bundle.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT

: >"$T/raw"
# measure LABEL ITEMS CMD...: one run under GNU time; a row "label|items|wall|rssKB|note"
measure() {
    local label=$1 items=$2
    shift 2
    "$TIME" -v -o "$T/time" "$@" >"$T/out" 2>"$T/err"
    local rc=$? wall rss note=""
    wall=$(sed -n 's/^.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$T/time" |
        awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }')
    rss=$(sed -n 's/^.*Maximum resident set size (kbytes): //p' "$T/time")
    [ $rc -eq 0 ] || note="exit $rc: $(tail -1 "$T/err" | cut -c1-60)"
    printf '%s|%s|%s|%s|%s\n' "$label" "$items" "$wall" "$rss" "$note" >>"$T/raw"
}
rss_of() { awk -F'|' -v l="$1" '$1 == l { print $4 }' "$T/raw"; }
wall_of() { awk -F'|' -v l="$1" '$1 == l { print $3 }' "$T/raw"; }

find "$BIG" -name '*.xml' | sort >"$T/big.list"
command -v xmllint >/dev/null && measure "xmllint --noout" "$N" xargs -d '\n' xmllint --noout --nonet <"$T/big.list"
OPTS=(--quiet --at 2026-11-28)
for p in web-utf8 iptc7901-latin1; do
    for set in "$N:$BIG" "$SMALL:$LITTLE"; do
        n=${set%%:*} dir=${set#*:}
        rm -rf "$T/b"; mkdir -p "$T/b"
        measure "$p dir $n" "$n" "$TXT" "${OPTS[@]}" --bundle "$T/b/out" --partner "$p" --state-dir "$T/b" "$dir"
    done
done
for set in "$N:$BIG" "$SMALL:$LITTLE"; do
    n=${set%%:*} dir=${set#*:}
    rm -rf "$T/b"; mkdir -p "$T/b"
    measure "iptc7901-latin1 zip $n" "$n" "$TXT" "${OPTS[@]}" --bundle "$T/b/out.zip" --partner iptc7901-latin1 --state-dir "$T/b" "$dir"
done

status=0
{
    echo "newsprint bundle bench: $N and $SMALL items, $(nproc 2>/dev/null || echo ?) CPUs"
    printf '%-28s %7s %8s %9s %8s\n' "run" "items" "wall s" "items/s" "peak MB"
    awk -F'|' '{ ips = ($3 > 0) ? $2 / $3 : 0; printf "%-28s %7d %8.2f %9.0f %8.1f  %s\n", $1, $2, $3, ips, $4 / 1024, $5 }' "$T/raw"
    floor=$(wall_of "xmllint --noout")
    for p in "web-utf8 dir" "iptc7901-latin1 dir" "iptc7901-latin1 zip"; do
        b=$(rss_of "$p $N") l=$(rss_of "$p $SMALL") w=$(wall_of "$p $N")
        [ -n "$b" ] && [ -n "$l" ] || continue
        ok=$(awk -v b="$b" -v l="$l" 'BEGIN { print (b <= 1.2 * l) ? "ok" : "TOO HIGH" }')
        ratio=$(awk -v b="$b" -v l="$l" 'BEGIN { printf "%.2f", b / l }')
        vs=""
        [ -n "$floor" ] && vs=$(awk -v w="$w" -v f="$floor" 'BEGIN { if (f > 0) printf ", %.1fx the xmllint time", w / f }')
        echo "$p: peak RSS $N/$SMALL items = $ratio ($ok, limit 1.2)$vs"
        [ "$ok" = ok ] || echo "FAIL" >"$T/failed"
    done
} | tee "$BUILD/bench-bundle.txt"
[ -f "$T/failed" ] && status=1
exit $status
