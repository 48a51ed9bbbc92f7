#!/bin/bash
# No leaks and no memory errors under valgrind when each program converts
# samples/ (skipped under the sanitizers, which do their own checking).
. "$(dirname "$0")/lib.sh"
if ! command -v valgrind >/dev/null 2>&1; then skip "valgrind (not installed)"; exit 0; fi
if [ "${ASAN_OPTIONS+set}" = set ]; then skip "valgrind (sanitizer build)"; exit 0; fi
vg() {
    name=$1; shift
    if valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
        --error-exitcode=99 "$@" >"$NP_TMP/vg.out" 2>"$NP_TMP/vg.err"; [ $? -ne 99 ]; then
        pass "valgrind: $name"
    else
        fail "valgrind: $name"; grep '==' "$NP_TMP/vg.err" | head -30 | sed 's/^/    /'
    fi
}
S="$NP_ROOT/samples"
vg "newsml2txt samples" "$BIN/newsml2txt" --quiet --at 2026-11-28 -o "$NP_TMP/s.txt" "$S"
vg "newsml2txt bundle" "$BIN/newsml2txt" --quiet --at 2026-11-28 --bundle "$NP_TMP/b.zip" \
    --partner iptc7901-latin1 --state-dir "$NP_TMP" "$S"
[ -x "$BIN/newsml2epub" ] && vg "newsml2epub samples" "$BIN/newsml2epub" --quiet --at 2026-11-28 \
    --week 2026-W47 -o "$NP_TMP/d.epub" "$S"
[ -x "$BIN/newsml2pdf" ] && vg "newsml2pdf samples" "$BIN/newsml2pdf" --quiet --at 2026-11-28 \
    --date 2026-11-16 -o "$NP_TMP/e.pdf" "$S"
exit 0
