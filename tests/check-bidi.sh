#!/bin/bash
# Hostile text: bidi embedding, override and isolate controls (U+202A..U+202E,
# U+2066..U+2069) in a headline, slugline, byline, dateline and summary
# cannot reorder the text around them in any output: the reader drops them
# from every single-line field, so neither the text, the bundle (file
# names, wire headers, manifest), the digest nor the e-paper carries one.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
export NEWSPRINT_STYLES="$NP_ROOT/styles"
X="$NP_ROOT/tests/hostile/bidi-controls.xml"
# any of the controls, as UTF-8 bytes
has_controls() { LC_ALL=C grep -qaP '\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$@"; }

"$BIN/newsml2txt" -q --at 2026-11-28 -o "$NP_TMP/out.txt" "$X"
if [ ! -s "$NP_TMP/out.txt" ]; then fail "bidi: text not made"
elif has_controls "$NP_TMP/out.txt"; then fail "bidi: the text output has bidi controls"
elif ! grep -q 'Minister sniaga votes and resigns' "$NP_TMP/out.txt"; then fail "bidi: headline not kept"
else pass "bidi: text output without bidi controls, headline kept"; fi

for p in web-utf8 iptc7901-latin1; do
    d="$NP_TMP/bundle-$p"
    "$BIN/newsml2txt" -q --at 2026-11-28 --partner "$p" --state-dir "$NP_TMP" --bundle "$d" "$X"
    names=$(ls "$d" 2>/dev/null)
    if [ -z "$names" ]; then fail "bidi: bundle $p not made"
    elif printf '%s' "$names" | has_controls || has_controls "$d"/*; then
        fail "bidi: bundle $p has bidi controls in a file name or file"
    else pass "bidi: bundle $p file names and files without bidi controls"; fi
done

"$BIN/newsml2epub" -q --at 2026-11-28 -o "$NP_TMP/out.epub" "$X"
mkdir -p "$NP_TMP/epub" && (cd "$NP_TMP/epub" && unzip -q "$NP_TMP/out.epub")
if [ ! -s "$NP_TMP/out.epub" ]; then fail "bidi: digest not made"
elif has_controls -r "$NP_TMP/epub"; then fail "bidi: the digest has bidi controls"
else pass "bidi: digest without bidi controls"; fi

"$BIN/newsml2pdf" -q --at 2026-11-28 -o "$NP_TMP/out.pdf" "$X"
if [ ! -s "$NP_TMP/out.pdf" ]; then fail "bidi: e-paper not made"
elif pdftotext "$NP_TMP/out.pdf" - 2>/dev/null | has_controls; then fail "bidi: the e-paper's text has bidi controls"
else pass "bidi: e-paper text without bidi controls"; fi
