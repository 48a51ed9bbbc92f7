#!/bin/bash
# Golden files: tests/cases/NAME.xml -> NAME.txt (newsml2txt at width 72,
# or the width in NAME.width).  A mismatch prints a diff.  After a change
# that is meant to alter the output, review and run tests/update-golden.sh.
. "$(dirname "$0")/lib.sh"
for x in "$NP_ROOT"/tests/cases/*.xml; do
    name=golden/$(basename "$x" .xml)
    expected=${x%.xml}.txt
    width=72; [ -f "${x%.xml}.width" ] && width=$(cat "${x%.xml}.width")
    if [ ! -f "$expected" ]; then fail "$name (no expected output $expected)"; continue; fi
    "$BIN/newsml2txt" --quiet --at 2026-11-28 --width "$width" "$x" >"$NP_TMP/out.txt" 2>"$NP_TMP/err"
    if diff -u "$expected" "$NP_TMP/out.txt" >"$NP_TMP/diff"; then
        pass "$name"
    else
        fail "$name"; head -60 "$NP_TMP/diff" | sed 's/^/    /'; sed 's/^/    stderr: /' "$NP_TMP/err"
    fi
done
