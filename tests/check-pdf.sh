#!/bin/bash
# newsml2pdf: the e-papers of samples/ (one day, the whole week) and of a
# synthetic archive, print pages, every style.  Checked from the PDF itself
# (qpdf, pdffonts, pdftotext word boxes) with the program's layout and fonts
# reports telling which box belongs to which story (tests/pdf_check.py).
. "$(dirname "$0")/lib.sh"
P="$BIN/newsml2pdf"
T="$NP_TMP"
S="$NP_ROOT/samples"
CHECK="$NP_ROOT/tests/pdf_check.py"
AT=2026-11-28
if [ ! -x "$P" ]; then skip "newsml2pdf (not built)"; exit 0; fi
for tool in qpdf pdffonts pdftotext pdfinfo fc-query python3; do
    if ! command -v $tool >/dev/null 2>&1; then skip "newsml2pdf checks ($tool not installed)"; exit 0; fi
done
# pdftotext warns about libharu's ToUnicode CMaps (harmless, see doc/newsml2pdf.1)
quiet_poppler() { grep -v "begincidrange\|Syntax Warning" || true; }

# ---- the command ---------------------------------------------------------------
check "pdf: --help" "$P" --help
check "pdf: --version" "$P" --version
"$P" --bogus >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && pass "pdf: unknown option exits 2" || fail "pdf: unknown option exits 2 (got $rc)"
"$P" "$S" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && pass "pdf: no -o exits 2" || fail "pdf: no -o exits 2 (got $rc)"
"$P" --date 2026-11-16 --from 2026-11-16 -o "$T/x.pdf" "$S" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && pass "pdf: --date with --from exits 2" || fail "pdf: --date with --from exits 2 (got $rc)"
"$P" --style no-such-style -o "$T/x.pdf" "$S" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && pass "pdf: unknown style exits 2" || fail "pdf: unknown style exits 2 (got $rc)"
"$P" -q -o "$T/x.pdf" "$T/does-not-exist.xml" >/dev/null 2>&1; rc=$?
[ $rc -eq 3 ] && [ ! -e "$T/x.pdf" ] && pass "pdf: nothing readable exits 3, no output" ||
    fail "pdf: nothing readable exits 3, no output (got $rc)"

# make NAME ARGS...: NAME.pdf, NAME.layout, NAME.fonts, NAME.err
make_pdf() {
    n=$1; shift
    "$P" --quiet --at "$AT" -o "$T/$n.pdf" --layout-report "$T/$n.layout" \
        --fonts-report "$T/$n.fonts" "$@" 2>"$T/$n.err"
}
# the common checks of one PDF: NAME STYLE-FILE [TXT]
common() {
    n=$1 style=$2 txt=${3:-}
    if qpdf --check "$T/$n.pdf" >"$T/qpdf.out" 2>&1; then pass "pdf $n: qpdf --check"
    else fail "pdf $n: qpdf --check"; tail -5 "$T/qpdf.out" | sed 's/^/    /'; fi
    pdffonts "$T/$n.pdf" 2>/dev/null | tail -n +3 >"$T/fonts.out"
    if [ -s "$T/fonts.out" ] && ! awk '$(NF-4) != "yes" { bad = 1 } END { exit !bad }' "$T/fonts.out"; then
        pass "pdf $n: every font embedded ($(wc -l <"$T/fonts.out") fonts)"
    else fail "pdf $n: every font embedded"; sed 's/^/    /' "$T/fonts.out"; fi
    check "pdf $n: no text outside the type area, no overlapping boxes" \
        python3 "$CHECK" area "$T/$n.pdf" "$T/$n.layout" "$style"
    [ -n "$txt" ] && check "pdf $n: every word of every article, in order" \
        python3 "$CHECK" words "$T/$n.pdf" "$T/$n.layout" "$txt"
    check "pdf $n: jump lines lead to their continuations and back" \
        python3 "$CHECK" jumps "$T/$n.pdf" "$T/$n.layout"
    # a folio on every page: the page number and the paper's name
    pages=$(pdfinfo "$T/$n.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
    missing=""
    for ((i = 1; i <= pages; i++)); do
        num=$(awk -F'\t' -v i=$((i - 1)) '$1 == "page" && $2 == i { print $3 }' "$T/$n.layout")
        # (poppler adds bidi marks around the lines of pages with right-to-left text)
        pdftotext -f $i -l $i "$T/$n.pdf" - 2>/dev/null | perl -CSD -pe 's/[\x{200e}\x{200f}\x{202a}-\x{202e}]//g' |
            tr '\n' ' ' >"$T/page.txt"
        grep -q "The Newsprint Daily" "$T/page.txt" && grep -Eqi "(^| |page )$num( |$)" "$T/page.txt" ||
            missing="$missing $i"
    done
    [ -z "$missing" ] && pass "pdf $n: a folio on each of the $pages pages" ||
        fail "pdf $n: no folio on pages$missing"
}

# ---- one day: --date -----------------------------------------------------------------
make_pdf day --date 2026-11-16 "$S"
"$BIN/newsml2txt" --quiet --at "$AT" --from 2026-11-16 --to 2026-11-16 "$S" >"$T/day.txt"
common day "$NP_ROOT/styles/broadsheet.style" "$T/day.txt"

# ---- the week: --from/--to, Urdu, Chinese, Greek -------------------------------------
make_pdf week --from 2026-11-16 --to 2026-11-22 "$S"
"$BIN/newsml2txt" --quiet --at "$AT" --from 2026-11-16 --to 2026-11-22 "$S" >"$T/week.txt"
common week "$NP_ROOT/styles/broadsheet.style" "$T/week.txt"
check "pdf week: Urdu and Chinese drawn with fonts that have their characters" \
    python3 "$CHECK" fonts "$T/week.fonts" urdu-lahore zh-harbin
if grep -q "no font covers\|outside the Basic" "$T/week.err"; then
    fail "pdf week: every character of the samples has a font"; grep "no font" "$T/week.err" | sed 's/^/    /'
else pass "pdf week: every character of the samples has a font"; fi
# the Urdu headline comes out of the PDF, letters joined (poppler gives it in
# reading order or, on pages it takes for left to right, in visual order)
pdftotext "$T/week.pdf" - 2>/dev/null | python3 -c '
import re, sys, unicodedata
t = unicodedata.normalize("NFKC", sys.stdin.read())
t = re.sub("[\u200e\u200f\u202a-\u202e]", " ", t)
words = set(t.split()) | {"".join(reversed(w)) for w in t.split()}
sys.exit(0 if all(w in words for w in ["لاہور", "شدید", "اسموگ", "اسکول"]) else 1)' &&
    pass "pdf week: Urdu words read back right to left" || fail "pdf week: Urdu words read back right to left"
pdftotext "$T/week.pdf" - 2>/dev/null | grep -q "哈尔滨" &&
    pass "pdf week: Chinese text extracts" || fail "pdf week: Chinese text extracts"
# navigation and metadata
qpdf --qdf --object-streams=disable "$T/week.pdf" "$T/week.qdf" 2>/dev/null
for key in /Outlines /PageLabels "/Subtype /Link" /CreationDate /ModDate /ID; do
    grep -aq "$key" "$T/week.qdf" && pass "pdf week: has $key" || fail "pdf week: has $key"
done
check "pdf week: tables drawn as tables (a line per row, numbers flush right, in their story)" \
    python3 "$CHECK" tables "$T/week.pdf" "$T/week.layout" $(grep -l "<table" "$S"/*.xml)
pdfinfo "$T/week.pdf" 2>/dev/null >"$T/info"
for f in Title Subject Keywords Creator Producer; do
    grep -q "^$f: .*[a-zA-Z]" "$T/info" && pass "pdf week: document $f" || fail "pdf week: document $f"
done
grep -q "^Keywords: .*Business" "$T/info" && grep -q "^Title: *The Newsprint Daily" "$T/info" &&
    pass "pdf week: title and sections in the document info" ||
    fail "pdf week: title and sections in the document info"
# the outline and the pages' fonts, which libharu's objects no longer hold
# (pdf_outline.c, pdf_fontres.c, pdf_freeze.c): as libharu writes them
nst=$(sed -n 's/^Subject: .*: \([0-9]*\) stor.*/\1/p' "$T/info")
check "pdf week: the outline linked both ways, counted, to every story; fonts /F1../Fn" \
    python3 "$NP_ROOT/tests/pdf_outline.py" "$T/week.pdf" "${nst:-0}"

# ---- the run's summary: what was really drawn, and the warnings -------------------------
"$P" --at "$AT" -o "$T/sum.pdf" --layout-report "$T/sum.layout" "$S" 2>"$T/sum.err"
drawn=$(grep -c "$(printf '^box\t.*\tpic\t')" "$T/sum.layout")
said=$(sed -n 's/.*sum\.pdf: .* \([0-9]*\) pictures\{0,1\},.*/\1/p' "$T/sum.err")
[ "$drawn" -gt 0 ] && [ "$said" = "$drawn" ] &&
    pass "pdf summary: the picture count is the pictures drawn ($drawn)" ||
    { fail "pdf summary: the picture count is the pictures drawn ($drawn drawn, summary: ${said:-none})"; sed 's/^/    /' "$T/sum.err"; }
# the samples' pictures are 107 ppi where they are printed: one warning per file, at its item
grep -Eq "^$S/2026-11-16-picture-harbour.xml:[0-9]+: warning: picture 'images/harbour.png' is 1[0-9][0-9] ppi at its printed size" "$T/sum.err" &&
    pass "pdf: a picture under 150 ppi at its printed size is named, with FILE:LINE" ||
    { fail "pdf: a picture under 150 ppi at its printed size is named, with FILE:LINE"; sed 's/^/    /' "$T/sum.err"; }
warned=$(grep -c ": warning: " "$T/sum.err")
grep -q "sum\.pdf: .*, $warned warnings\{0,1\}$" "$T/sum.err" &&
    pass "pdf summary: counts the warnings ($warned)" ||
    { fail "pdf summary: counts the warnings ($warned given)"; tail -1 "$T/sum.err" | sed 's/^/    /'; }
# a --from/--to run: the masthead shows the days that have items, not the options' range
"$P" --quiet --at "$AT" --from 2026-11-16 --to 2026-11-30 -o "$T/range.pdf" "$S" 2>/dev/null
mast=$(pdftotext -f 1 -l 1 "$T/range.pdf" - 2>/dev/null | grep -m1 "NOV\.")
[ "$mast" = "NOV. 16–21, 2026" ] && pass "pdf: the masthead of --from/--to shows the days with items" ||
    fail "pdf: the masthead of --from/--to shows the days with items (got '$mast')"

# ---- reproducible ---------------------------------------------------------------------------
"$P" --quiet --at "$AT" --from 2026-11-16 --to 2026-11-22 -o "$T/again.pdf" "$S" 2>/dev/null
cmp -s "$T/week.pdf" "$T/again.pdf" && pass "pdf: same inputs and SOURCE_DATE_EPOCH, same bytes" ||
    fail "pdf: same inputs and SOURCE_DATE_EPOCH, same bytes"
SOURCE_DATE_EPOCH=1800000000 "$P" --quiet --at "$AT" --from 2026-11-16 --to 2026-11-22 \
    -o "$T/later.pdf" "$S" 2>/dev/null
pdfinfo "$T/later.pdf" 2>/dev/null | grep -q "^CreationDate:.*2027" &&
    pass "pdf: SOURCE_DATE_EPOCH is the creation date" || fail "pdf: SOURCE_DATE_EPOCH is the creation date"

# ---- a synthetic archive: many stories, jumps, briefs, tabloid ----------------------------
if python3 "$NP_ROOT/bench/gen.py" --items 48 --seed 11 "$T/gen" >/dev/null 2>&1; then
    make_pdf gen --style tabloid "$T/gen"
    "$BIN/newsml2txt" --quiet --at "$AT" "$T/gen" >"$T/gen.txt"
    common gen "$NP_ROOT/styles/tabloid.style" "$T/gen.txt"
    check "pdf gen: front page stories jump to later pages" python3 "$CHECK" jumps "$T/gen.pdf" "$T/gen.layout" 2
    # front page: masthead, index with links to the stories' pages
    pdftotext -f 1 -l 1 "$T/gen.pdf" - 2>/dev/null | grep -q "INSIDE" &&
        pass "pdf gen: the front page has an Inside index" || fail "pdf gen: the front page has an Inside index"
    qpdf --qdf --object-streams=disable "$T/gen.pdf" "$T/gen.qdf" 2>/dev/null
    links=$(grep -ac "/Subtype /Link" "$T/gen.qdf")
    [ "$links" -ge 10 ] && pass "pdf gen: index entries link to pages ($links links)" ||
        fail "pdf gen: index entries link to pages ($links links)"
    check "pdf gen: one string per line and font in the content streams" \
        python3 "$NP_ROOT/tests/pdf_size.py" "$T/gen.pdf" "$T/gen.layout"
else
    skip "pdf gen (bench/gen.py failed)"
fi

# ---- size: the seed article (issue 9; 38 KB with a Tj per word, 31 KB now) ----------------
if [ -f "$S/seed-kakar-putin.xml" ]; then
    make_pdf seed "$S/seed-kakar-putin.xml"
    check "pdf seed: at most 33,000 bytes, one string per line and font" \
        python3 "$NP_ROOT/tests/pdf_size.py" "$T/seed.pdf" "$T/seed.layout" 33000
fi

# ---- print pages: --article ---------------------------------------------------------------
make_pdf article --article --style a4 --from 2026-11-16 --to 2026-11-22 "$S"
common article "$NP_ROOT/styles/a4.style" "$T/week.txt"
stories=$(grep -c '^story' "$T/article.layout")
starts=$(awk -F'\t' '$1 == "page" && $3 == 1' "$T/article.layout" | wc -l)
[ "$stories" -gt 0 ] && [ "$stories" = "$starts" ] &&
    pass "pdf article: each of the $stories articles starts its own pages" ||
    fail "pdf article: each article starts its own pages ($stories stories, $starts first pages)"

# ---- every style ---------------------------------------------------------------------------
for st in broadsheet tabloid a4 letter; do
    "$P" --quiet --at "$AT" --style "$st" --date 2026-11-19 -o "$T/$st.pdf" \
        --layout-report "$T/$st.layout" "$S" 2>/dev/null &&
        qpdf --check "$T/$st.pdf" >/dev/null 2>&1 &&
        python3 "$CHECK" area "$T/$st.pdf" "$T/$st.layout" "$NP_ROOT/styles/$st.style" >"$T/st.out" 2>&1 &&
        pass "pdf style $st" || { fail "pdf style $st"; head -5 "$T/st.out" | sed 's/^/    /'; }
done

# ---- what cannot be drawn is said, with the article ---------------------------------------
cat >"$T/scripts.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:test:scripts" version="1" standard="NewsML-G2" standardversion="2.35" xml:lang="en">
  <itemMeta><itemClass qcode="ninat:text"/><versionCreated>2026-11-16T10:00:00Z</versionCreated></itemMeta>
  <contentMeta><headline>Scripts without a font</headline></contentMeta>
  <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>
    <p>Khmer ក្រុង and Tibetan ཀ are not in any installed font; nor is 😀 in the BMP.</p>
  </body></html></inlineXML></contentSet>
</newsItem>
EOF
"$P" --quiet --at "$AT" -o "$T/scripts.pdf" "$T/scripts.xml" 2>"$T/scripts.err"
grep -q "scripts.xml:2: warning: no font covers U+1780" "$T/scripts.err" && grep -q "U+0F40" "$T/scripts.err" &&
    pass "pdf: characters no font covers are named, with FILE:LINE" ||
    { fail "pdf: characters no font covers are named, with FILE:LINE"; sed 's/^/    /' "$T/scripts.err"; }
grep -q "U+1F600 is outside the Basic Multilingual Plane" "$T/scripts.err" &&
    pass "pdf: characters outside the BMP are named" ||
    { fail "pdf: characters outside the BMP are named"; sed 's/^/    /' "$T/scripts.err"; }

# ---- pictures: only inside the item's folder -------------------------------------------------
if [ -f "$NP_ROOT/tests/hostile/hostile-hrefs.xml" ]; then
    strace -f -e trace=open,openat -o "$T/strace" "$P" --quiet --at "$AT" -o "$T/hostile.pdf" \
        "$NP_ROOT/tests/hostile/hostile-hrefs.xml" 2>"$T/hostile.err" >/dev/null
    if [ -s "$T/hostile.pdf" ] && ! grep -q "/etc/passwd" "$T/strace" 2>/dev/null &&
        grep -q "not read" "$T/hostile.err"; then
        pass "pdf: hostile picture references are refused, nothing outside the folder read"
    else
        fail "pdf: hostile picture references are refused, nothing outside the folder read"
        grep passwd "$T/strace" 2>/dev/null | head -3 | sed 's/^/    /'; head -5 "$T/hostile.err" | sed 's/^/    /'
    fi
fi
exit 0
