#!/bin/sh
# make demo: convert samples/ into an e-paper, a weekly digest and a
# syndication bundle under out/, and say where they are.
set -u
BUILD=${1:-build}
BIN="$BUILD/bin"
cd "$(dirname "$0")/.." || exit 2
mkdir -p out
# The samples are the week 2026-W47; evaluate embargoes at the end of it so
# the demo shows the same thing whenever it runs.
AT=2026-11-28T00:00:00Z
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1795824000}
status=0
made=""
run() {
    what=$1; out=$2; shift 2
    if "$@"; then made="$made
  $what: $out"; else echo "demo: $what failed" >&2; status=1; fi
}
run "plain text" out/samples.txt "$BIN/newsml2txt" --quiet --at "$AT" -o out/samples.txt samples
if [ -x "$BIN/newsml2pdf" ]; then
    run "e-paper" out/epaper.pdf "$BIN/newsml2pdf" --quiet --at "$AT" --date 2026-11-16 -o out/epaper.pdf samples
fi
if [ -x "$BIN/newsml2epub" ]; then
    run "weekly digest" out/digest.epub "$BIN/newsml2epub" --quiet --at "$AT" --week 2026-W47 -o out/digest.epub samples
fi
if "$BIN/newsml2txt" --help | grep -q -- --bundle; then
    run "syndication bundle" out/bundle-web.zip "$BIN/newsml2txt" --quiet --at "$AT" --bundle out/bundle-web.zip --partner web-utf8 samples
    run "IPTC 7901 bundle" out/bundle-7901 "$BIN/newsml2txt" --quiet --at "$AT" --bundle out/bundle-7901 --partner iptc7901-latin1 samples
fi
echo "demo: made from samples/:$made"
exit $status
