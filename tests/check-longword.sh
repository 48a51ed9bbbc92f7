#!/bin/bash
# Unbreakable words (issue 14 item 2, issue 13 item 3): a 276-character URL
# in a body, a 400-character headline, a zalgo flood and a run of 5,000
# emoji used to kill the whole e-paper (the line was squeezed below
# libharu's 10% horizontal scale, libharu then refused every later call:
# exit 3, no PDF).  Each case, and all of them in one paper, must give a
# valid PDF whose text keeps the words; the text output keeps to its width.
. "$(dirname "$0")/lib.sh"

PDF="$BIN/newsml2pdf"
TXT="$BIN/newsml2txt"
EPUB="$BIN/newsml2epub"
if [ ! -x "$PDF" ] || [ ! -x "$TXT" ]; then
    fail "longword: programs not built (make all)"
    exit 0
fi

G="${NP_LONGWORD_DIR:-$NP_TMP/longword}"
mkdir -p "$G"
python3 - "$G" <<'EOF'
import sys
out = sys.argv[1]
url = "https://example.com/" + "".join("seg%03d_path-" % i for i in range(21))
url = url[:276]
cases = {
    "url": ("A story with a long link", "Read it at %s today." % url),
    "headline": ("Overlong" * 50, "A short body under a long headline."),
    "zalgo": ("A flood of marks", "Z" + "\u0301\u0302\u0303\u0304" * 500 + " end."),
    "emoji": ("A run of emoji", "\U0001F600" * 5000),
}
for name, (head, body) in cases.items():
    with open("%s/%s.xml" % (out, name), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:longword:%s" '
                'version="1" standard="NewsML-G2" standardversion="2.35" xml:lang="en">\n'
                '<itemMeta><itemClass qcode="ninat:text"/>'
                '<versionCreated>2026-11-16T09:30:00Z</versionCreated></itemMeta>\n'
                '<contentMeta><headline>%s</headline></contentMeta>\n'
                '<contentSet><inlineData contenttype="text/plain">%s\n\n'
                'A second paragraph after the long word, to be set as well.</inlineData>'
                '</contentSet></newsItem>\n' % (name, head, body))
with open("%s/url.txt" % out, "w") as f:
    f.write(url)
EOF
url=$(cat "$G/url.txt")

for c in url headline zalgo emoji; do
    if "$PDF" -q -o "$G/$c.pdf" "$G/$c.xml" > "$G/$c.log" 2>&1 && [ -s "$G/$c.pdf" ]; then
        pass "longword: $c: PDF made"
    else
        fail "longword: $c: no PDF"; sed 's/^/    /' "$G/$c.log" | head -5
        continue
    fi
    if grep -q "libharu refused\|libharu failed\|libharu cannot add\|libharu cannot save" "$G/$c.log"; then
        fail "longword: $c: libharu refused a call"; sed 's/^/    /' "$G/$c.log" | head -5
    else
        pass "longword: $c: no libharu error"
    fi
    if command -v qpdf > /dev/null; then
        check "longword: $c: qpdf --check" qpdf --check "$G/$c.pdf"
    fi
done

# The flood of 2,000 marks on one letter is cut (with a warning).
if grep -q "combining marks" "$G/zalgo.log"; then
    pass "longword: zalgo: the flood of combining marks is bounded"
else
    fail "longword: zalgo: no bound on combining marks"
fi

# All four in one paper: one bad item cannot poison the others.
if "$PDF" -q -o "$G/all.pdf" "$G"/*.xml > "$G/all.log" 2>&1 && [ -s "$G/all.pdf" ]; then
    pass "longword: all four in one paper"
    if command -v pdftotext > /dev/null; then
        # hyphens out: pdftotext joins a line ending in '-' with the next
        pdftotext "$G/all.pdf" - 2>/dev/null | tr -d ' \n-' > "$G/all.txt"
        if grep -qF "Asecondparagraph" "$G/all.txt" &&
           grep -qF "$(printf '%s' "$url" | tr -d -- -)" "$G/all.txt"; then
            pass "longword: the URL and the text after it are in the PDF"
        else
            fail "longword: text lost in the PDF"
        fi
    fi
else
    fail "longword: all four in one paper"; sed 's/^/    /' "$G/all.log" | head -5
fi

# The text output: every line within its width, the URL there in pieces.
if "$TXT" -q -w 40 -o "$G/all.out" "$G"/*.xml > "$G/txt.log" 2>&1; then
    over=$(python3 -c '
import sys, unicodedata
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    w = sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
            for c in line)
    n += w > 40
print(n)' "$G/all.out")
    if [ "$over" = 0 ]; then
        pass "longword: text output keeps to 40 columns"
    else
        fail "longword: text output: $over lines wider than 40 columns"
    fi
    if tr -d ' \n' < "$G/all.out" | grep -qF "$url"; then
        pass "longword: text output keeps the URL (in pieces)"
    else
        fail "longword: text output lost the URL"
    fi
else
    fail "longword: newsml2txt failed"; sed 's/^/    /' "$G/txt.log" | head -5
fi

if [ -x "$EPUB" ]; then
    check "longword: EPUB made" "$EPUB" -q -o "$G/all.epub" "$G"/*.xml
fi
