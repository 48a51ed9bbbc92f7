#!/bin/bash
# Fonts cut down to what is drawn (issue 9, file size): every font of the
# e-papers of samples/ (the week, the Urdu and Chinese items alone) and of
# the seed article is an embedded, compressed subset with a six-capital
# tag, maps no more characters than its text holds and all of them
# together map that text (tests/font_subset.py); the seed article's PDF
# stays small.  The EPUB's subset fonts are checked in check-epub.sh.
. "$(dirname "$0")/lib.sh"
P="$BIN/newsml2pdf"
S="$NP_ROOT/samples"
T="$NP_TMP/fonts"
mkdir -p "$T"
if [ ! -x "$P" ]; then skip "fonts (newsml2pdf not built)"; exit 0; fi
for tool in pdftotext qpdf fc-query python3; do
    if ! command -v $tool > /dev/null 2>&1; then skip "fonts ($tool not installed)"; exit 0; fi
done
AT=2026-11-23T00:00:00Z
subset_pdf() { # NAME ARGS...
    local n=$1; shift
    if ! "$P" --quiet --at "$AT" -o "$T/$n.pdf" "$@" > "$T/$n.log" 2>&1; then
        fail "fonts: $n: newsml2pdf failed"; sed 's/^/    /' "$T/$n.log" | head -5; return
    fi
    check "fonts: $n: every font an embedded, compressed subset covering the text" \
        python3 "$NP_ROOT/tests/font_subset.py" pdf "$T/$n.pdf"
}
subset_pdf week "$S"
subset_pdf urdu "$S/2026-11-19-urdu-lahore-smog-rtl.xml"
subset_pdf chinese "$S/2026-11-19-zh-harbin-ice-cjk.xml"
if [ -f "$S/seed-kakar-putin.xml" ]; then
    subset_pdf seed "$S/seed-kakar-putin.xml"
    # whole faces made it 433 KB; subsets about 40 KB
    size=$(wc -c < "$T/seed.pdf" 2>/dev/null || echo 0)
    [ "$size" -gt 0 ] && [ "$size" -lt 65536 ] && pass "fonts: the seed article's PDF is under 64 KB ($size bytes)" ||
        fail "fonts: the seed article's PDF is under 64 KB ($size bytes)"
fi
