#!/bin/bash
# Real agency files convert with no error and lose no word of the body;
# NewsML-G2 fragments are refused with a clear message.
. "$(dirname "$0")/lib.sh"
need_shared "real agency files" || exit 0
for f in "$SHARED"/newsml-g2/real/*.xml; do
    name=real/$(basename "$f")
    if ! "$BIN/newsml2txt" --quiet --at 2030-01-01 -o "$NP_TMP/out.txt" "$f" 2>"$NP_TMP/err"; then
        fail "$name converts without error"; sed 's/^/    /' "$NP_TMP/err"; continue
    fi
    if grep -v ': warning: ' "$NP_TMP/err" | grep -q .; then
        fail "$name converts without error messages"; sed 's/^/    /' "$NP_TMP/err"; continue
    fi
    check "$name loses no word of the body" python3 "$NP_ROOT/tests/body_words.py" "$f" "$NP_TMP/out.txt"
done
for f in "$SHARED"/newsml-g2/fragments/*.xml; do
    name=fragments/$(basename "$f")
    "$BIN/newsml2txt" --quiet "$f" >"$NP_TMP/out" 2>"$NP_TMP/err"
    rc=$?
    if [ $rc -ne 0 ] && [ $rc -lt 128 ] && [ "$(wc -l <"$NP_TMP/err")" -ge 1 ] &&
       grep -q "^$f:[0-9]*: root element <[a-zA-Z]*> is not a NewsML-G2 item" "$NP_TMP/err" &&
       [ ! -s "$NP_TMP/out" ]; then
        pass "$name is refused with a clear message"
    else
        fail "$name is refused with a clear message (status $rc)"; sed 's/^/    /' "$NP_TMP/err"
    fi
done
