#!/bin/bash
# Real agency shapes (tests/real-shapes/NAME.xml, each under 5 KB): every
# one converts with exit 0 to the expected text (NAME.txt: newsml2txt at
# width 72), with a headline, losing no body word; the e-paper and digest
# of all of them convert and show no "(no headline)" or "Untitled".
# Then, over samples/, the shapes, tests/golden/txt/ and the real files in
# ../shared: no output word is two words glued at an element boundary.
# To accept a changed output: NP_UPDATE_GOLDEN=1 (review the diff).
. "$(dirname "$0")/lib.sh"
D="$NP_ROOT/tests/real-shapes"
n=0
for x in "$D"/*.xml; do
    n=$((n + 1))
    name=real-shapes/$(basename "$x" .xml)
    expected=${x%.xml}.txt
    size=$(wc -c <"$x")
    [ "$size" -lt 5120 ] || fail "$name is under 5 KB ($size bytes)"
    if ! "$BIN/newsml2txt" --quiet --at 2026-11-28 --width 72 "$x" >"$NP_TMP/out.txt" 2>"$NP_TMP/err"; then
        fail "$name converts with exit 0"; sed 's/^/    /' "$NP_TMP/err"; continue
    fi
    if grep -v ': warning: ' "$NP_TMP/err" | grep -q .; then
        fail "$name converts without error messages"; sed 's/^/    /' "$NP_TMP/err"; continue
    fi
    if [ "${NP_UPDATE_GOLDEN:-}" = 1 ]; then
        cp "$NP_TMP/out.txt" "$expected"; skip "$name (updated)"; continue
    fi
    if [ ! -f "$expected" ]; then fail "$name (no expected output $expected)"; continue; fi
    if diff -u "$expected" "$NP_TMP/out.txt" >"$NP_TMP/diff"; then
        pass "$name"
    else
        fail "$name"; head -40 "$NP_TMP/diff" | sed 's/^/    /'
    fi
    first=$(head -n 1 "$NP_TMP/out.txt")
    if [ -n "$first" ] && ! grep -q '(no headline)\|^Untitled$' "$NP_TMP/out.txt"; then
        pass "$name has a headline"
    else
        fail "$name has a headline (first line: '$first')"
    fi
    check "$name loses no word of the body" python3 "$NP_ROOT/tests/body_words.py" "$x" "$NP_TMP/out.txt"
done
[ "$n" -ge 12 ] && pass "real-shapes: $n items (12 or more)" || fail "real-shapes: $n items (want 12 or more)"

# the same items through the digest and the e-paper
if "$BIN/newsml2epub" --quiet -o "$NP_TMP/shapes.epub" "$D"/*.xml 2>"$NP_TMP/err" &&
   ! unzip -p "$NP_TMP/shapes.epub" '*.xhtml' | grep -q '>Untitled<\|(no headline)'; then
    pass "real-shapes: digest converts, every article has a headline"
else
    fail "real-shapes: digest converts, every article has a headline"; sed 's/^/    /' "$NP_TMP/err"
fi
if "$BIN/newsml2pdf" --quiet --layout-report "$NP_TMP/layout" -o "$NP_TMP/shapes.pdf" "$D"/*.xml \
       2>"$NP_TMP/err"; then
    if command -v pdftotext >/dev/null && pdftotext "$NP_TMP/shapes.pdf" - 2>/dev/null |
        grep -q '(no headline)\|^Untitled$'; then
        fail "real-shapes: e-paper has no '(no headline)'"
    else
        pass "real-shapes: e-paper converts with a headline for every story"
    fi
    # stories without body words (the alert, the picture) stay off page 0
    front=$(awk -F'\t' 'NR == FNR { if ($1 == "story" && $4 ~ /alert-headline-only|caption-only-picture/) s[$2] = 1; next }
                        $1 == "box" && $3 == 0 && ($2 in s) { print $2 }' "$NP_TMP/layout" "$NP_TMP/layout" | sort -u | tr "\n" " ")
    if [ -z "$front" ] && grep -q 'alert-headline-only' "$NP_TMP/layout"; then
        pass "real-shapes: no story without body words on the front page"
    else
        fail "real-shapes: no story without body words on the front page (stories: $front)"
    fi
else
    fail "real-shapes: e-paper converts"; sed 's/^/    /' "$NP_TMP/err"
fi

# no words glued at element boundaries, anywhere
glued() {
    local x=$1 name=$2
    "$BIN/newsml2txt" --quiet --at 2030-01-01 "$x" >"$NP_TMP/g.txt" 2>/dev/null
    check "$name: no words glued at element boundaries" \
        python3 "$NP_ROOT/tests/glued_words.py" "$x" "$NP_TMP/g.txt"
}
for x in "$NP_ROOT"/samples/*.xml "$D"/*.xml "$NP_ROOT"/tests/golden/txt/*.xml; do
    glued "$x" "glued/$(basename "$(dirname "$x")")/$(basename "$x")"
done
if need_shared "glued words in the real agency files"; then
    for x in "$SHARED"/newsml-g2/real/*.xml; do glued "$x" "glued/real/$(basename "$x")"; done
fi

# the digest and the e-paper of the real agency files: sections named by
# names, never by bare codes; every story with a headline
if need_shared "sections of the real agency files"; then
    for by in subject genre; do
        if ! "$BIN/newsml2epub" --quiet --section-by "$by" -o "$NP_TMP/real-$by.epub" \
                "$SHARED"/newsml-g2/real/*.xml 2>"$NP_TMP/err"; then
            fail "real: digest by $by converts"; sed 's/^/    /' "$NP_TMP/err"; continue
        fi
        # each section has a page of its own, headed by its name
        unzip -p "$NP_TMP/real-$by.epub" 'EPUB/s[0-9]*.xhtml' | grep -o '<h1[^>]*>[^<]*</h1>' |
            sed 's/<[^>]*>//g' >"$NP_TMP/sections"
        codes=$(grep -E '[0-9]|^[A-Z]{1,4}$|^.$|^[a-z-]+:' "$NP_TMP/sections" | tr '\n' ' ')
        if [ -s "$NP_TMP/sections" ] && [ -z "$codes" ]; then
            pass "real: digest by $by has no section named by a code ($(tr '\n' '|' <"$NP_TMP/sections"))"
        else
            fail "real: digest by $by has no section named by a code (got: $codes)"
        fi
        if unzip -p "$NP_TMP/real-$by.epub" '*.xhtml' | grep -q '>Untitled<\|(no headline)'; then
            fail "real: digest by $by has a headline for every article"
        else
            pass "real: digest by $by has a headline for every article"
        fi
    done
    if "$BIN/newsml2pdf" --quiet -o "$NP_TMP/real.pdf" "$SHARED"/newsml-g2/real/*.xml 2>/dev/null &&
       ! { command -v pdftotext >/dev/null && pdftotext "$NP_TMP/real.pdf" - 2>/dev/null | grep -q '(no headline)'; }; then
        pass "real: e-paper converts with a headline for every story"
    else
        fail "real: e-paper converts with a headline for every story"
    fi
fi
