#!/bin/bash
# E-paper typography (issue 9 item 5): straight quotes and " - " of wire
# copy set as the language's quotation marks and dashes; a dateline that the
# copy of a non-Latin item already has at its head is not repeated.
. "$(dirname "$0")/lib.sh"
# libhyphen 2.8.8 still leaks a few allocations loading Debian's German
# dictionary (src/layout/hyphdict.c removes the repeated patterns that caused
# most of it; issue 14.9): LeakSanitizer is off for the runs that load it.
NOLEAK=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0")

P="$BIN/newsml2pdf"
S="$NP_ROOT/samples"
T="$NP_TMP/typo"
mkdir -p "$T"
if [ ! -x "$P" ]; then skip "pdf typography (newsml2pdf not built)"; exit 0; fi
for tool in pdftotext python3; do
    if ! command -v $tool > /dev/null 2>&1; then skip "pdf typography ($tool not installed)"; exit 0; fi
done

# ---- quotes and dashes by language ---------------------------------------------
python3 - "$T" <<'EOF'
import sys
out = sys.argv[1]
body = ('He said "the harbour is closed" - and left. It\'s the \'last\' word -- '
        'for now.')
for lang in ("en", "de", "fr", "zh"):
    with open("%s/%s.xml" % (out, lang), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:typo:%s" '
                'version="1" standard="NewsML-G2" standardversion="2.35" xml:lang="%s">\n'
                '<itemMeta><itemClass qcode="ninat:text"/>'
                '<versionCreated>2026-11-16T09:30:00Z</versionCreated></itemMeta>\n'
                '<contentMeta><headline>Quotes in %s</headline></contentMeta>\n'
                '<contentSet><inlineData contenttype="text/plain">%s</inlineData>'
                '</contentSet></newsItem>\n' % (lang, lang, lang, body))
EOF
# LANG EXPECTED...: the extracted text has each expected piece
expect_marks() {
    local lang=$1; shift
    "${NOLEAK[@]}" "$P" --quiet -o "$T/$lang.pdf" "$T/$lang.xml" > /dev/null 2>&1 || { echo "no PDF"; return 1; }
    pdftotext "$T/$lang.pdf" - 2> /dev/null | tr '\n' ' ' | tr -s ' ' > "$T/$lang.txt"
    local ok=0
    for want in "$@"; do
        grep -qF -- "$want" "$T/$lang.txt" || { echo "missing: $want"; ok=1; }
    done
    return $ok
}
check "pdf typography: English “quotes”, em dash, apostrophe" \
    expect_marks en "“the harbour is closed”" "closed” — and" "It’s the ‘last’ word — for"
check "pdf typography: German „Anführungszeichen“, en dash" \
    expect_marks de "„the harbour is closed“" "closed“ – and" "It’s the ‚last‘ word"
check "pdf typography: French « guillemets » with no-break spaces" \
    expect_marks fr "« the harbour is closed »" "closed » – and"
if [ -f "$T/en.txt" ] && ! grep -q '"' "$T/en.txt"; then
    pass "pdf typography: no straight double quote left in English"
else
    fail "pdf typography: straight quotes left in English"
fi
# A language without rules (Chinese types its own marks) keeps the text.
check "pdf typography: Chinese copy left as typed" expect_marks zh '"the harbour is closed" - and'

# ---- the dateline is not repeated ----------------------------------------------------
# COUNT ITEM WORD: occurrences of WORD in the item's e-paper text (NFKC,
# white space out: lines break inside CJK words)
count_in_pdf() {
    "$P" --quiet -o "$T/d.pdf" "$1" > /dev/null 2>&1 || { echo -1; return; }
    pdftotext "$T/d.pdf" - 2> /dev/null | python3 -c '
import sys, unicodedata
t = "".join(unicodedata.normalize("NFKC", sys.stdin.read()).split())
print(t.count(sys.argv[1]))' "$2"
}
n=$(count_in_pdf "$S/2026-11-19-zh-harbin-ice-cjk.xml" "哈尔滨11月19日")
[ "$n" = 1 ] && pass "pdf typography: Chinese dateline once (the copy has it)" ||
    fail "pdf typography: Chinese dateline $n times"
# The Urdu copy starts with the place: the dateline's date is not run in.
n=$(count_in_pdf "$S/2026-11-19-urdu-lahore-smog-rtl.xml" "نومبر")
[ "$n" = 0 ] && pass "pdf typography: Urdu dateline not repeated" ||
    fail "pdf typography: Urdu dateline repeated ($n)"
# Latin copy with the place at its head, as before.
n=$(count_in_pdf "$S/2026-11-17-wire-dairy-plain.xml" "WELLINGTON")
[ "$n" = 1 ] && pass "pdf typography: English wire dateline once" ||
    fail "pdf typography: English wire dateline $n times"

# ---- letter-spacing belongs to CJK --------------------------------------------------
# A justified line with no space to stretch is spread letter by letter (a
# Tc operator) only in Chinese, Japanese or Korean; other scripts are set
# ragged.  NAME INPUT...: no non-zero Tc in the e-paper's content.
no_letterspacing() {
    local n=$1; shift
    "${NOLEAK[@]}" "$P" --quiet -o "$T/$n.pdf" "$@" > /dev/null 2>&1 || { echo "no PDF"; return 1; }
    qpdf --qdf --object-streams=disable "$T/$n.pdf" "$T/$n.qdf" || return 1
    local tc
    tc=$(grep -a -c '^-\?[0-9.]*[1-9][0-9.]* Tc$' "$T/$n.qdf")
    [ "$tc" = 0 ] || { echo "$tc letter-spaced lines"; return 1; }
}
if command -v qpdf > /dev/null 2>&1; then
    if [ -d "$SHARED/newsml-g2/real" ]; then
        check "pdf typography: no letter-spacing in the real agency files" \
            no_letterspacing real "$SHARED/newsml-g2/real"
    else
        skip "pdf typography: letter-spacing in real files (../shared/ not present)"
    fi
fi
