#!/bin/bash
# newsml2pdf's memory does not grow with the stories of an e-paper: one
# e-paper of 2,400 synthetic items (bench/gen.py) may take at most LIMIT
# times the peak RSS of one of 240 (1.11 times when this limit was set;
# on the way: 1.25 when a stub was a whole item and the items
# were held until every story was measured, 1.23 when a page's keys were
# kept as bytes only after the make-up, 1.36 when libharu held every key,
# 1.47 when every item's metadata was held to the end, 4.1 when every
# story was held laid out, with every item's body and every page's
# content).  Now the items are parked as they are collected (a 64-byte
# stub each), a story's built pieces are held only until its pages are
# drawn, and a page's keys are kept as bytes as soon as it is drawn
# (pdf_freeze.c).  What still grows: the stubs, the stories, a page's and
# a destination's objects (about 1.1 KB and 230 bytes) until the save.
# A ratio of one program's two runs, not a time; bench/run.sh has the
# figures of issue 12.  Skipped under the sanitizers, whose allocator
# keeps what is freed.
. "$(dirname "$0")/lib.sh"
P="$BIN/newsml2pdf"
TIME=/usr/bin/time
if [ ! -x "$P" ]; then skip "pdf memory (newsml2pdf not built)"; exit 0; fi
if [ "${ASAN_OPTIONS+set}" = set ]; then skip "pdf memory (sanitizer build)"; exit 0; fi
if ! "$TIME" -f %M -o /dev/null true 2>/dev/null; then skip "pdf memory (no GNU time)"; exit 0; fi
LIMIT=1.24

# peak KB of one e-paper of DIR
peak() {
    "$TIME" -f %M -o "$NP_TMP/rss" "$P" --quiet --at 2026-11-28 -j 1 -o "$NP_TMP/m.pdf" "$1" \
        2>"$NP_TMP/m.err" && tail -1 "$NP_TMP/rss"
}
for n in 240 2400; do
    if ! python3 "$NP_ROOT/bench/gen.py" --items $n --seed 5 "$NP_TMP/g$n" >/dev/null 2>&1; then
        skip "pdf memory (bench/gen.py failed)"
        exit 0
    fi
done
small=$(peak "$NP_TMP/g240")
big=$(peak "$NP_TMP/g2400")
if [ -z "$small" ] || [ -z "$big" ]; then
    fail "pdf memory: the e-papers of 240 and 2,400 items are made"
    sed 's/^/    /' "$NP_TMP/m.err" | head -5
elif awk -v a="$big" -v b="$small" -v l=$LIMIT 'BEGIN { exit !(a <= b * l) }'; then
    pass "pdf memory: 2,400 items take $(awk -v a="$big" -v b="$small" 'BEGIN { printf "%.2f", a / b }')x the peak RSS of 240 (at most ${LIMIT}x)"
else
    fail "pdf memory: 2,400 items take $big KB, 240 take $small KB (more than ${LIMIT}x)"
fi

# Without a usable $TMPDIR the items' text and the drawn pages stay in
# memory: the e-paper is the same, and a warning says why.
TMPDIR="$NP_TMP/none" "$P" --quiet --at 2026-11-28 -j 1 -o "$NP_TMP/nt.pdf" "$NP_TMP/g240" \
    2>"$NP_TMP/nt.err"
rc=$?
"$P" --quiet --at 2026-11-28 -j 1 -o "$NP_TMP/t.pdf" "$NP_TMP/g240" 2>/dev/null
if [ $rc -eq 0 ] && cmp -s "$NP_TMP/nt.pdf" "$NP_TMP/t.pdf" &&
   grep -q "warning: .*the items' text stays in memory" "$NP_TMP/nt.err"; then
    pass "pdf memory: without a usable TMPDIR the same e-paper, with a warning"
else
    fail "pdf memory: without a usable TMPDIR the same e-paper, with a warning (exit $rc)"
    sed 's/^/    /' "$NP_TMP/nt.err" | head -5
fi
