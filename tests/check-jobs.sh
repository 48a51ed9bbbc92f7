#!/bin/bash
# Every core, the same bytes: each program's output with -j 1 and -j 4 is
# byte-identical (samples/, and the real agency files when ../shared is
# there), and --verbose reports the documents parsed and the threads that
# wrote the digest's articles (-j bounds them).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
export NEWSPRINT_STYLES="$NP_ROOT/styles"
ins=("$NP_ROOT/samples")
[ -d "$SHARED/newsml-g2/real" ] && ins+=("$SHARED/newsml-g2/real")
run() { # J OUTDIR
    mkdir -p "$2"
    "$BIN/newsml2txt" -q -j "$1" -o "$2/out.txt" "${ins[@]}" 2>/dev/null
    "$BIN/newsml2txt" -q -j "$1" --partner web-utf8 --state-dir "$2" --bundle "$2/bundle.zip" "${ins[@]}" 2>/dev/null
    "$BIN/newsml2epub" -q -j "$1" -o "$2/out.epub" "${ins[@]}" 2>/dev/null
    "$BIN/newsml2pdf" -q -j "$1" -o "$2/out.pdf" "${ins[@]}" 2>/dev/null
}
run 1 "$NP_TMP/j1"
run 4 "$NP_TMP/j4"
for f in out.txt bundle.zip out.epub out.pdf; do
    if [ ! -s "$NP_TMP/j1/$f" ]; then
        fail "jobs: $f not made"
    elif cmp -s "$NP_TMP/j1/$f" "$NP_TMP/j4/$f"; then
        pass "jobs: $f identical with -j 1 and -j 4"
    else
        fail "jobs: $f differs between -j 1 and -j 4"
    fi
done
n=$(find "$NP_ROOT/samples" -name '*.xml' | wc -l)
msg=$("$BIN/newsml2txt" -v -j 2 -o "$NP_TMP/v.txt" "$NP_ROOT/samples" 2>&1 | tail -1)
# every file once for the selection (a newsItem up to its contentSet), then
# the files of the selected items again, whole: more than n, fewer than 2n
parsed=$(printf '%s\n' "$msg" | sed -n 's/.*; \([0-9]*\) documents parsed (\([0-9]*\) only up to their contentSet), 2 readers.*/\1 \2/p')
read -r p m <<<"${parsed:-0 0}"
if [ "$p" -gt "$n" ] && [ "$p" -lt $((2 * n)) ] && [ "$m" -gt 0 ] && [ "$m" -le "$n" ]; then
    pass "jobs: --verbose reports the parse count ($msg)"
else
    fail "jobs: --verbose parse count (expected between $n and $((2 * n)) documents parsed, some only up to their contentSet): $msg"
fi
# the digest's article threads follow -j too (-j 1: the calling thread alone)
for j in 1 2; do
    msg=$("$BIN/newsml2epub" -v -j "$j" -o "$NP_TMP/w$j.epub" "$NP_ROOT/samples" 2>&1 | tail -1)
    want="$j writer"
    [ "$j" -gt 1 ] && want="$j writers"
    case "$msg" in
    *", $want") pass "jobs: newsml2epub -j $j writes the articles on $j thread(s)" ;;
    *) fail "jobs: newsml2epub -j $j: expected '$want' at the end of the --verbose summary: $msg" ;;
    esac
done
