#!/bin/bash
# newsml2epub: the digest's memory does not grow with the archive as its
# items do (issue 12): peak RSS for a synthetic archive of 2,400 items
# (bench/gen.py) within LIMIT times that for 240 items.  Items are parked,
# compacted and the raster cover drawn before the large documents; a
# digest that kept each item as read grows past the limit (1.38 before
# issue 12's compaction and parking, 1.12 after).
. "$(dirname "$0")/lib.sh"
EPUB="$BIN/newsml2epub"
LIMIT=1.25
SMALL=240
BIG=2400
if [ ! -x "$EPUB" ]; then
    fail "newsml2epub is built ($EPUB)"
    exit 0
fi
# a sanitizer's quarantine and shadow memory say nothing about ours
if [ "${ASAN_OPTIONS+set}" = set ]; then skip "digest memory (sanitizer build)"; exit 0; fi
if [ ! -x /usr/bin/time ] || ! command -v python3 >/dev/null 2>&1; then
    skip "digest memory: needs GNU time (/usr/bin/time) and python3"
    exit 0
fi

# peak N: KB of peak RSS for the digest of N generated items (empty on failure)
peak() {
    local n=$1 dir="$NP_TMP/items-$1"
    python3 "$NP_ROOT/bench/gen.py" --items "$n" --seed 2026 "$dir" >/dev/null 2>&1 || return
    /usr/bin/time -f %M -o "$NP_TMP/rss-$n" "$EPUB" --quiet --at 2026-11-28 -o "$NP_TMP/d-$n.epub" \
        "$dir" 2>/dev/null || return
    tail -1 "$NP_TMP/rss-$n"
}
small=$(peak $SMALL)
big=$(peak $BIG)
if [ -z "$small" ] || [ -z "$big" ]; then
    fail "digest memory: the digests of $SMALL and $BIG generated items are made"
    exit 0
fi
ratio=$(awk -v a="$big" -v b="$small" 'BEGIN { printf "%.2f", a / b }')
if awk -v r="$ratio" -v l="$LIMIT" 'BEGIN { exit !(r <= l) }'; then
    pass "digest memory: peak RSS $BIG items / $SMALL items = $ratio (<= $LIMIT; $big KB / $small KB)"
else
    fail "digest memory: peak RSS $BIG items / $SMALL items = $ratio, over $LIMIT ($big KB / $small KB)"
fi
