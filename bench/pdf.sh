#!/bin/bash
# Benchmark of newsml2pdf: an e-paper of 60 synthetic items.
#
#   bench/pdf.sh BUILD_DIR DATA_DIR [COUNT]
#
# DATA_DIR is an archive written by bench/gen.py (bench/run.sh keeps one in
# bench/data/items-1000); the first COUNT (default 60) of its files in sorted
# order are set as one broadsheet e-paper, and as tabloid for comparison.
# Each run is timed once under GNU time: wall time, pages, pages/s, items/s,
# peak RSS.  For scale: xsltproc + WeasyPrint take about 12 s for 60 such
# items in three columns, without hyphenation.  Prints a table (also to
# BUILD_DIR/bench-pdf.txt).
set -u
cd "$(dirname "$0")/.." || exit 2
BUILD=${1:-build}
DATA=${2:-bench/data/items-1000}
COUNT=${3:-60}
P="$BUILD/bin/newsml2pdf"
TIME=/usr/bin/time
if [ ! -x "$P" ]; then echo "bench/pdf.sh: $P not built (make all)" >&2; exit 2; fi
if ! "$TIME" -v true >/dev/null 2>&1; then echo "bench/pdf.sh: GNU time is needed" >&2; exit 2; fi
if [ ! -d "$DATA" ]; then echo "bench/pdf.sh: no data in $DATA (bench/gen.py OUTDIR)" >&2; exit 2; fi
T=$(mktemp -d "${TMPDIR:-/tmp}/newsprint-bench-pdf.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1795000000}
export LC_ALL=C.UTF-8
find "$DATA" -name '*.xml' | sort | head -n "$COUNT" >"$T/files"
n=$(wc -l <"$T/files")
if [ "$n" -eq 0 ]; then echo "bench/pdf.sh: no .xml files in $DATA" >&2; exit 2; fi

row() {
    label=$1; shift
    "$TIME" -v -o "$T/time" "$P" --quiet --at 2026-11-28 "$@" -o "$T/out.pdf" $(cat "$T/files") \
        >/dev/null 2>"$T/err"
    rc=$?
    wall=$(sed -n 's/^.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$T/time" |
        awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }')
    rss=$(sed -n 's/^.*Maximum resident set size (kbytes): //p' "$T/time")
    pages=$(grep -ac '/Type /Page[^s]' "$T/out.pdf" 2>/dev/null)
    command -v qpdf >/dev/null 2>&1 && pages=$(qpdf --show-npages "$T/out.pdf" 2>/dev/null || echo "$pages")
    kb=$(( $(wc -c <"$T/out.pdf") / 1024 ))
    note=""; [ $rc -eq 0 ] || note="exit $rc"
    awk -v l="$label" -v n="$n" -v w="$wall" -v p="$pages" -v r="$rss" -v kb="$kb" -v note="$note" 'BEGIN {
        printf "%-24s %6d %6d %8.2f %9.1f %9.1f %8.1f %8d  %s\n", l, n, p, w,
            (w > 0 ? p / w : 0), (w > 0 ? n / w : 0), r / 1024, kb, note }'
}
{
    echo "newsml2pdf bench: $n items from $DATA, $(nproc 2>/dev/null || echo ?) CPUs"
    printf '%-24s %6s %6s %8s %9s %9s %8s %8s\n' "run" "items" "pages" "wall s" "pages/s" "items/s" "peak MB" "PDF KB"
    row "broadsheet e-paper"
    row "tabloid e-paper" --style tabloid
    row "a4 print pages" --style a4 --article
} | tee "$BUILD/bench-pdf.txt"
