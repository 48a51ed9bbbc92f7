#!/bin/bash
# A PDF every reader accepts (issue 9 item 4): poppler (pdftotext), MuPDF
# (mutool draw -F txt) and qpdf --check print nothing on standard error for
# the e-papers of samples/ (each item alone, the week in every page style,
# print pages), the seed article and the real agency files; the fonts'
# ToUnicode maps give back the source text of the Urdu and Chinese samples
# (letters, after NFKC); every page has a TrimBox inside its MediaBox and
# the document an XMP metadata stream with its title, date and producer.
. "$(dirname "$0")/lib.sh"
# libhyphen 2.8.8 still leaks a few allocations loading Debian's German
# dictionary (src/layout/hyphdict.c removes the repeated patterns that caused
# most of it; issue 14.9): LeakSanitizer is off for the runs that load it.
NOLEAK=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0")

P="$BIN/newsml2pdf"
S="$NP_ROOT/samples"
T="$NP_TMP/pdfw"
mkdir -p "$T"
if [ ! -x "$P" ]; then skip "pdf warnings (newsml2pdf not built)"; exit 0; fi
for tool in pdftotext qpdf python3; do
    if ! command -v $tool > /dev/null 2>&1; then skip "pdf warnings ($tool not installed)"; exit 0; fi
done
have_mutool=1
command -v mutool > /dev/null 2>&1 || { have_mutool=0; skip "pdf warnings: mutool (mupdf-tools not installed)"; }
AT=2026-11-23T00:00:00Z

# ---- the PDFs ------------------------------------------------------------------
pdfs=()
NP_ENV=(env)
make_pdf() { # NAME ARGS...: the e-paper NAME.pdf, or a failure
    local n=$1; shift
    if "${NP_ENV[@]}" "$P" --quiet --at "$AT" -o "$T/$n.pdf" "$@" > "$T/$n.log" 2>&1; then
        pdfs+=("$n")
    else
        fail "pdf warnings: $n: newsml2pdf failed"; sed 's/^/    /' "$T/$n.log" | head -5
    fi
}
for f in "$S"/*.xml; do
    b=$(basename "$f" .xml)
    make_pdf "item-$b" "$f"
done
for st in broadsheet tabloid a4 letter; do
    make_pdf "week-$st" --style "$st" "$S"
done
make_pdf article --article --style a4 "$S"
[ -f "$S/seed-kakar-putin.xml" ] && make_pdf seed "$S/seed-kakar-putin.xml"
# print with bleed: the A4 style with 9 pt of bleed
sed 's/^\[page\]$/[page]\nbleed = 9/' "$NP_ROOT/styles/a4.style" > "$T/bleed.style"
make_pdf bleed --style "$T/bleed.style" "$S"
if [ -d "$SHARED/newsml-g2/real" ]; then
    NP_ENV=("${NOLEAK[@]}")
    make_pdf real "$SHARED/newsml-g2/real"
    NP_ENV=(env)
else
    skip "pdf warnings: real agency files (../shared/ not present)"
fi

# ---- no warnings -------------------------------------------------------------------
# MuPDF's Debian build announces "ICC support is not available" for every
# file: that is about mutool, not the PDF.
mutool_noise() { grep -v "^warning: ICC support is not available$" || true; }
for n in "${pdfs[@]}"; do
    f="$T/$n.pdf"
    err=$(pdftotext "$f" /dev/null 2>&1)
    [ -z "$err" ] && pass "pdf warnings: $n: pdftotext silent" ||
        { fail "pdf warnings: $n: pdftotext"; printf '%s\n' "$err" | sort | uniq -c | head -5 | sed 's/^/    /'; }
    if [ $have_mutool = 1 ]; then
        err=$(mutool draw -q -F txt -o /dev/null "$f" 2>&1 | mutool_noise)
        [ -z "$err" ] && pass "pdf warnings: $n: mutool silent" ||
            { fail "pdf warnings: $n: mutool"; printf '%s\n' "$err" | head -5 | sed 's/^/    /'; }
    fi
    if out=$(qpdf --check "$f" 2>&1) && ! printf '%s\n' "$out" | grep -qi "warning"; then
        pass "pdf warnings: $n: qpdf --check"
    else
        fail "pdf warnings: $n: qpdf --check"; printf '%s\n' "$out" | grep -i "warn\|error" | head -5 | sed 's/^/    /'
    fi
done

# ---- copy and paste gives the source text ---------------------------------------------
# The letters of every body paragraph of the item, in order, are in the
# text extracted from its PDF (NFKC on both sides; digits, punctuation,
# marks and spaces aside: extractors reorder those around right-to-left
# runs their own ways).
text_matches() { # ITEM PDF [mutool]
    local src=$1 pdf=$2 how=${3:-poppler}
    if [ "$how" = mutool ]; then
        mutool draw -q -F txt -o - "$pdf" 2> /dev/null
    else
        pdftotext "$pdf" - 2> /dev/null
    fi | python3 -c '
import re, sys, unicodedata, xml.etree.ElementTree as ET
src, how = sys.argv[1], sys.argv[2]
def letters(s):
    s = unicodedata.normalize("NFKC", s)
    return "".join(c for c in s if unicodedata.category(c).startswith("L"))
extracted = sys.stdin.read()
if how == "mutool":
    # MuPDF keeps right-to-left lines in visual order: turn each back
    extracted = "\n".join(l[::-1] if re.search("[\u0600-\u06ff]", l) else l
                          for l in extracted.split("\n"))
ext = letters(extracted)
ns = {"nar": "http://iptc.org/std/nar/2006-10-01/", "h": "http://www.w3.org/1999/xhtml"}
root = ET.parse(src).getroot()
paras = [("".join(p.itertext())) for p in root.iter("{http://www.w3.org/1999/xhtml}p")]
head = root.find(".//nar:headline", ns)
if head is not None:
    paras.append("".join(head.itertext()))
bad = [p for p in paras if letters(p) and letters(p) not in ext]
for p in bad[:3]:
    print("not found: " + p[:60])
print("%d of %d paragraphs found" % (len(paras) - len(bad), len(paras)))
sys.exit(1 if bad or not paras else 0)' "$src" "$how"
}
for b in 2026-11-19-urdu-lahore-smog-rtl 2026-11-19-zh-harbin-ice-cjk; do
    [ -f "$T/item-$b.pdf" ] || continue
    check "pdf warnings: $b: pdftotext gives the source letters" text_matches "$S/$b.xml" "$T/item-$b.pdf"
    if [ $have_mutool = 1 ]; then
        check "pdf warnings: $b: mutool gives the source letters" text_matches "$S/$b.xml" "$T/item-$b.pdf" mutool
    fi
done

# ---- Urdu letters DejaVu lacks: Amiri's joining forms --------------------------------------
u="$S/2026-11-19-urdu-lahore-smog-rtl.xml"
if "$P" --quiet --at "$AT" --fonts-report "$T/urdu.fonts" -o "$T/urdu.pdf" "$u" > /dev/null 2>&1; then
    amiri=$(awk -F'\t' '$1 == "font" && $5 ~ /Amiri/ { print $2 }' "$T/urdu.fonts" | head -1)
    forms=$(awk -F'\t' -v f="$amiri" '$1 == "chars" && $3 == f' "$T/urdu.fonts" |
            grep -o 'U+FBA[6-9]\|U+FBA[EF]' | sort -u | wc -l)
    if [ -n "$amiri" ] && [ "$forms" -ge 4 ]; then
        pass "pdf warnings: Urdu heh goal and yeh barree forms drawn with Amiri ($forms forms)"
    else
        fail "pdf warnings: Urdu heh goal and yeh barree forms (Amiri face '$amiri', $forms forms)"
    fi
else
    fail "pdf warnings: the Urdu sample with a fonts report"
fi

# ---- boxes and metadata ------------------------------------------------------------------
for n in week-broadsheet article; do
    [ -f "$T/$n.pdf" ] || continue
    check "pdf warnings: $n: boxes and XMP metadata" python3 "$NP_ROOT/tests/pdf_boxes.py" "$T/$n.pdf"
done
if [ -f "$T/bleed.pdf" ]; then
    check "pdf warnings: bleed: BleedBox, room for crop marks, XMP" \
        python3 "$NP_ROOT/tests/pdf_boxes.py" "$T/bleed.pdf" --bleed 9
fi
# The metadata is part of the deterministic output.
if [ -f "$T/week-broadsheet.pdf" ] &&
   "$P" --quiet --at "$AT" -o "$T/again.pdf" "$S" > /dev/null 2>&1 &&
   cmp -s "$T/week-broadsheet.pdf" "$T/again.pdf"; then
    pass "pdf warnings: the same e-paper twice, byte for byte"
else
    fail "pdf warnings: two runs differ"
fi
