#!/bin/bash
# newsml2txt as a command: help, version, exit statuses, stdin, atomic -o,
# the progress line on a terminal and --quiet.
. "$(dirname "$0")/lib.sh"
TXT="$BIN/newsml2txt"
S="$NP_ROOT/samples"

check "newsml2txt --help" bash -c "'$TXT' --help | grep -q 'Usage: newsml2txt'"
check "newsml2txt --version" bash -c "'$TXT' --version | grep -q -E '^newsml2txt \\(newsprint\\) [0-9]'"
check "man page exists and formats" bash -c "man -l '$NP_ROOT/doc/newsml2txt.1' 2>/dev/null | grep -q 'EXIT STATUS' || groff -man -Tutf8 '$NP_ROOT/doc/newsml2txt.1' 2>/dev/null | grep -q 'EXIT STATUS'"

"$TXT" --bogus >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && pass "unknown option: status 2" || fail "unknown option: status $rc, expected 2"
"$TXT" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && pass "no input: status 2" || fail "no input: status $rc, expected 2"
"$TXT" --width 5 "$S" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && pass "bad --width: status 2" || fail "bad --width: status $rc, expected 2"

"$TXT" --quiet --at 2026-11-28 "$S" "$NP_TMP/does-not-exist.xml" >"$NP_TMP/out" 2>"$NP_TMP/err"; rc=$?
if [ $rc -eq 1 ] && grep -q "does-not-exist.xml: " "$NP_TMP/err" && grep -q "Storm barrier" "$NP_TMP/out"; then
    pass "a missing input: the rest converts, status 1, one message"
else
    fail "a missing input (status $rc)"; sed 's/^/    /' "$NP_TMP/err"
fi

"$TXT" --quiet --at 2026-11-28 - <"$S/2026-11-17-wire-dairy-plain.xml" >"$NP_TMP/stdin.out" 2>"$NP_TMP/err"; rc=$?
[ $rc -eq 0 ] && grep -q "Dairy prices rise" "$NP_TMP/stdin.out" && pass "reads standard input" ||
    fail "reads standard input (status $rc)"

# -o: written whole and renamed into place; nothing left beside it
mkdir -p "$NP_TMP/o"
"$TXT" --quiet --at 2026-11-28 -o "$NP_TMP/o/all.txt" "$S" 2>"$NP_TMP/err"; rc=$?
if [ $rc -eq 0 ] && [ -s "$NP_TMP/o/all.txt" ] && [ "$(ls -A "$NP_TMP/o")" = all.txt ]; then
    pass "-o writes one file and leaves no temporary"
else
    fail "-o (status $rc): $(ls -A "$NP_TMP/o" | tr '\n' ' ')"
fi
cmp -s "$NP_TMP/o/all.txt" <("$TXT" --quiet --at 2026-11-28 "$S" 2>/dev/null) &&
    pass "two runs give identical output" || fail "two runs give identical output"
"$TXT" --quiet -o "$NP_TMP/no-such-dir/x.txt" "$S" >/dev/null 2>"$NP_TMP/err"; rc=$?
[ $rc -eq 3 ] && grep -q "no-such-dir/x.txt" "$NP_TMP/err" && pass "unwritable output: status 3 and a message" ||
    fail "unwritable output (status $rc)"

# Summary on stderr, left out items counted with their reasons
"$TXT" --at 2026-11-28 -o /dev/null "$S" 2>"$NP_TMP/err"
grep -q -E '^newsml2txt: [0-9]+ converted, 4 left out \(1 superseded by a later version, 1 canceled, 1 withheld, 1 under embargo\), 0 failed$' "$NP_TMP/err" &&
    pass "summary counts converted, left out (and why) and failed" || { fail "summary line"; sed 's/^/    /' "$NP_TMP/err"; }

# Progress line: only on a terminal, and not with --quiet
if command -v script >/dev/null 2>&1; then
    script -qec "'$TXT' --at 2026-11-28 -o /dev/null '$S'" /dev/null >"$NP_TMP/tty" 2>&1
    grep -a -q $'\r''newsml2txt: [0-9]*/[0-9]* files' "$NP_TMP/tty" && pass "progress line on a terminal" ||
        { fail "progress line on a terminal"; cat -v "$NP_TMP/tty" | head -5 | sed 's/^/    /'; }
    script -qec "'$TXT' --quiet --at 2026-11-28 -o /dev/null '$S'" /dev/null >"$NP_TMP/tty" 2>&1
    [ ! -s "$NP_TMP/tty" ] && pass "--quiet: nothing on the terminal" ||
        { fail "--quiet: nothing on the terminal"; cat -v "$NP_TMP/tty" | head -5 | sed 's/^/    /'; }
    "$TXT" --at 2026-11-28 -o /dev/null "$S" 2>"$NP_TMP/err"
    grep -q $'\r' "$NP_TMP/err" && fail "no progress line when stderr is not a terminal" ||
        pass "no progress line when stderr is not a terminal"
else
    skip "progress line (script(1) not available)"
fi
