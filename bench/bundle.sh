#!/bin/bash
# Benchmark syndication bundles (newsml2txt --bundle).
#
#   bench/bundle.sh BUILD_DIR
#
# Uses bench/data/items-N and items-SMALL (made by bench/gen.py through
# bench/lib.sh when missing).  Measures wall time, items/s and peak RSS of a
# plain UTF-8 bundle (web-utf8) and an IPTC 7901 bundle (iptc7901-latin1),
# as directories, and the IPTC 7901 bundle as a zip, at N and at SMALL items,
# next to `xmllint --noout` on the same files.  Checks that peak RSS at N
# items is at most 1.2 times that at SMALL items (exit 1 if not).
# Environment: BENCH_ITEMS (default 10000), BENCH_SMALL (default 1000).
set -u
# shellcheck source=bench/lib.sh
BENCH_QUIET=1
. "$(dirname "$0")/lib.sh" bench-bundle "${1:-build}"
need newsml2txt
dataset "$N"
dataset "$SMALL"
BIG="$DATA/items-$N"
LITTLE="$DATA/items-$SMALL"

find "$BIG" -name '*.xml' | sort >"$T/big.list"
command -v xmllint >/dev/null && measure "xmllint --noout" "$N" xargs -d '\n' xmllint --noout --nonet <"$T/big.list"
OPTS=(--quiet --at 2026-11-28)
bundle() { # KIND PARTNER OUT: at N and SMALL items
    for set in "$N:$BIG" "$SMALL:$LITTLE"; do
        n=${set%%:*} dir=${set#*:}
        rm -rf "$T/b"; mkdir -p "$T/b"
        measure "$2 $1 $n" "$n" "$BIN/newsml2txt" "${OPTS[@]}" --bundle "$T/b/$3" --partner "$2" --state-dir "$T/b" "$dir"
    done
}
bundle dir web-utf8 out
bundle dir iptc7901-latin1 out
bundle zip iptc7901-latin1 out.zip

{
    echo "newsprint bundle bench: $N and $SMALL items, $(nproc 2>/dev/null || echo ?) CPUs"
    row_head
    cut -d'|' -f1 "$T/raw" | while read -r l; do row "$l"; done
    floor=$(wall_of "xmllint --noout")
    for p in "web-utf8 dir" "iptc7901-latin1 dir" "iptc7901-latin1 zip"; do
        goal "$p: peak RSS $N/$SMALL items" "$(ratio "$(rss_of "$p $N")" "$(rss_of "$p $SMALL")")" 1.2 x
        [ -n "$floor" ] && echo "  $(ratio "$(wall_of "$p $N")" "$floor")x the xmllint time"
    done
} | tee "$BUILD/bench-bundle.txt"
[ "$(missed)" = 0 ]
