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
# The same files are also set by the pipeline a newsroom would otherwise
# use, xsltproc + WeasyPrint (bench/weasyprint/: three justified, hyphenated
# columns), when both are installed (.ci/install-deps bench), and the speed
# and size ratios are printed against the goals (20x faster; a PDF no
# larger).  Prints a table (also to BUILD_DIR/bench-pdf.txt).
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
export NEWSPRINT_STYLES="$PWD/styles" # the styles of this tree, installed or not
find "$DATA" -name '*.xml' | sort | head -n "$COUNT" >"$T/files"
n=$(wc -l <"$T/files")
xargs -d '\n' cat <"$T/files" >/dev/null # from the page cache, as for every row
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
    wall_s=$wall
    awk -v l="$label" -v n="$n" -v w="$wall" -v p="$pages" -v r="$rss" -v kb="$kb" -v note="$note" 'BEGIN {
        printf "%-24s %6d %6d %8.2f %9.1f %9.1f %8.1f %8d  %s\n", l, n, p, w,
            (w > 0 ? p / w : 0), (w > 0 ? n / w : 0), r / 1024, kb, note }'
}
# The alternative: xsltproc (NewsML-G2 -> HTML) + WeasyPrint (HTML -> PDF).
weasy() {
    if ! command -v xsltproc >/dev/null 2>&1 || ! command -v weasyprint >/dev/null 2>&1; then
        echo "xsltproc + WeasyPrint: not installed (.ci/install-deps bench); no comparison"
        return 0
    fi
    # document() resolves against list.xml's folder: absolute paths
    { echo '<files>'; sed -e "s|^[^/]|$(pwd)/&|" -e 's/.*/<f href="&"\/>/' "$T/files"; echo '</files>'; } >"$T/list.xml"
    cp bench/weasyprint/epaper.css "$T/"
    "$TIME" -v -o "$T/time" sh -c 'xsltproc "$1" "$2" >"$3/epaper.html" &&
        weasyprint -q "$3/epaper.html" "$3/weasy.pdf"' sh \
        bench/weasyprint/newsml2html.xsl "$T/list.xml" "$T" >/dev/null 2>"$T/err"
    rc=$?
    wall=$(sed -n 's/^.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$T/time" |
        awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }')
    rss=$(sed -n 's/^.*Maximum resident set size (kbytes): //p' "$T/time")
    pages=$(qpdf --show-npages "$T/weasy.pdf" 2>/dev/null || echo 0)
    kb=$(( $(wc -c <"$T/weasy.pdf" 2>/dev/null || echo 0) / 1024 ))
    ours_kb=$(( $(wc -c <"$T/ours.pdf") / 1024 ))
    note=""; [ $rc -eq 0 ] || note="exit $rc: $(head -c 200 "$T/err")"
    awk -v l="xsltproc + WeasyPrint" -v n="$n" -v w="$wall" -v p="$pages" -v r="$rss" -v kb="$kb" -v note="$note" 'BEGIN {
        printf "%-24s %6d %6d %8.2f %9.1f %9.1f %8.1f %8d  %s\n", l, n, p, w,
            (w > 0 ? p / w : 0), (w > 0 ? n / w : 0), r / 1024, kb, note }'
    awk -v o="$ours_wall" -v w="$wall" -v ok="$ours_kb" -v wk="$kb" 'BEGIN {
        x = (o > 0 ? w / o : 0)
        printf "broadsheet vs WeasyPrint: %.1fx faster (goal 20x: %s); PDF %d KB vs %d KB (goal no larger: %s)\n",
            x, (x >= 20 ? "met" : "missed"), ok, wk, (ok <= wk ? "met" : "missed") }'
}

{
    echo "newsml2pdf bench: $n items from $DATA, $(nproc 2>/dev/null || echo ?) CPUs"
    printf '%-24s %6s %6s %8s %9s %9s %8s %8s\n' "run" "items" "pages" "wall s" "pages/s" "items/s" "peak MB" "PDF KB"
    row "broadsheet e-paper"
    cp "$T/out.pdf" "$T/ours.pdf"; ours_wall=$wall_s
    row "tabloid e-paper" --style tabloid
    row "a4 print pages" --style a4 --article
    weasy
} | tee "$BUILD/bench-pdf.txt"
