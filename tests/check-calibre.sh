#!/bin/bash
# calibre, which most people use to put a digest on a Kindle, converts the
# digest of samples/ to AZW3 without an error; the AZW3 has a cover record
# (EXTH CoverOffset, a real cover rather than one calibre makes up, from the
# raster cover.png at least 1600 px high) and the digest's table of
# contents, sections with their articles under them.  calibre is installed
# on first use (.ci/install-calibre); without it the test skips.
. "$(dirname "$0")/lib.sh"
EPUB="$BIN/newsml2epub"
if [ ! -x "$EPUB" ]; then
    fail "newsml2epub is built ($EPUB)"
    exit 0
fi
if ! CAL=$("$NP_ROOT/.ci/install-calibre" 2>"$NP_TMP/install.err"); then
    skip "calibre (cannot be installed: $(tail -1 "$NP_TMP/install.err"))"
    exit 0
fi
# calibre runs here as root with no display: Qt draws off screen, and its
# web engine (for pages with SVG) needs no sandbox
export QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS=--no-sandbox
export HOME="$NP_TMP" CALIBRE_CONFIG_DIRECTORY="$NP_TMP/calibre-config" # no state left behind

D="$NP_TMP/digest.epub" K="$NP_TMP/digest.azw3"
if ! "$EPUB" --quiet --at 2026-11-28 --week 2026-W47 -o "$D" "$NP_ROOT/samples" 2>"$NP_TMP/err"; then
    fail "calibre: the digest of samples/ is written"
    sed 's/^/    /' "$NP_TMP/err" | head
    exit 0
fi
if "$CAL/ebook-convert" "$D" "$K" >"$NP_TMP/convert.log" 2>&1 && [ -s "$K" ] &&
   ! grep -q "Traceback\|^ERROR" "$NP_TMP/convert.log"; then
    pass "calibre: ebook-convert digest.epub digest.azw3"
else
    fail "calibre: ebook-convert digest.epub digest.azw3"
    tail -15 "$NP_TMP/convert.log" | sed 's/^/    /'
    exit 0
fi
if ! (cd "$NP_TMP" && "$CAL/calibre-debug" --inspect-mobi "$K") >"$NP_TMP/inspect.log" 2>&1 ||
   [ ! -f "$NP_TMP/decompiled_digest/header.txt" ]; then
    fail "calibre: calibre-debug --inspect-mobi reads the AZW3"
    tail -5 "$NP_TMP/inspect.log" | sed 's/^/    /'
    exit 0
fi
H="$NP_TMP/decompiled_digest/header.txt"
"$CAL/ebook-meta" "$K" --get-cover="$NP_TMP/cover.jpg" >/dev/null 2>&1
check "calibre: the AZW3 has a cover record from the raster cover" python3 - "$H" "$NP_TMP/cover.jpg" <<'PY'
import re, struct, sys
header = open(sys.argv[1], encoding="utf-8", errors="replace").read()
if not re.search(r"^CoverOffset \(201\): \d+", header, re.M):
    sys.exit("no CoverOffset (EXTH 201): the AZW3 has no cover record")
if re.search(r"^Fake Cover \(203\): 1", header, re.M):
    sys.exit("calibre made the cover up (EXTH 203 'Fake Cover' is 1)")
# the cover's size, from its JPEG frame header (calibre keeps its proportions)
data = open(sys.argv[2], "rb").read() if len(sys.argv) > 2 else b""
i, size = 2, None
while data[:2] == b"\xff\xd8" and i + 9 < len(data):
    if data[i] != 0xFF:
        break
    marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
    if marker in (0xC0, 0xC1, 0xC2):
        h, w = struct.unpack(">HH", data[i + 5:i + 9])
        size = (w, h)
        break
    i += 2 + length
if not size:
    sys.exit("ebook-meta --get-cover gives no JPEG cover")
if max(size) < 1600 or size[1] <= size[0]:
    sys.exit("the cover is %dx%d: not the digest's portrait raster cover" % size)
PY
check "calibre: the AZW3's table of contents has the digest's sections with their articles" \
    python3 - "$D" "$NP_TMP/decompiled_digest/ncx.record" <<'PY'
import ast, re, sys, zipfile
import xml.etree.ElementTree as ET
NCX = "{http://www.daisy.org/z3986/2005/ncx/}"
with zipfile.ZipFile(sys.argv[1]) as z:
    ncx = ET.fromstring(z.read("EPUB/toc.ncx"))
def label(p):
    return " ".join(p.find(NCX + "navLabel/" + NCX + "text").text.split())
# the sections: navPoints whose children are articles (leaves), in order
want = []
for p in ncx.find(NCX + "navMap").iter(NCX + "navPoint"):
    kids = p.findall(NCX + "navPoint")
    if kids and not any(k.find(NCX + "navPoint") is not None for k in kids):
        want.append((label(p), [label(k) for k in kids]))
if len(want) < 2:
    sys.exit("the digest's NCX has %d sections with articles" % len(want))
entries = {}
pat = re.compile(r"NCXEntry\(index=(\d+), .*?depth=(\d+), parent=(\w+), .*?title=(.*), pos_fid=")
for line in open(sys.argv[2], encoding="utf-8"):
    m = pat.match(line.strip())
    if m:
        entries[int(m[1])] = (int(m[2]), None if m[3] == "None" else int(m[3]),
                              " ".join(ast.literal_eval(m[4]).split()))
got = []
for i in sorted(entries):
    depth, parent, title = entries[i]
    if depth == 0:
        kids = [t for j, (d, par, t) in sorted(entries.items()) if par == i]
        if kids:
            got.append((title, kids))
if got != want:
    print("digest: ", want)
    print("AZW3:   ", got)
    sys.exit("the sections and articles differ")
PY

# A periodical on a Kindle: calibre writes one (MOBI 6, type "News", CDE type
# NWPR) when the package says calibre:publication_type periodical:... and the
# NCX is periodical > sections > articles.  calibre 6 reads that flag from
# EPUB 2 package documents only (for a version 3.0 package it reads the
# metadata with opf3.read_metadata, which has no publication type), so the
# digest as written converts to a book; the same digest with its package
# marked version 2.0 must convert to a periodical: that checks that every
# flag and the structure calibre needs are in the digest.
P="$NP_TMP/periodical.epub" M="$NP_TMP/periodical.mobi"
if ! python3 - "$D" "$P" <<'PY'
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w") as out:
    for info in z.infolist():
        data = z.read(info.filename)
        if info.filename.endswith(".opf"):
            data = data.replace(b'version="3.0"', b'version="2.0"', 1)
        out.writestr(info, data, compress_type=info.compress_type)
PY
then
    fail "calibre: the digest with an EPUB 2 package version is written"
    exit 0
fi
if "$CAL/ebook-convert" "$P" "$M" >"$NP_TMP/mobi.log" 2>&1 && [ -s "$M" ] &&
   (cd "$NP_TMP" && "$CAL/calibre-debug" --inspect-mobi "$M") >/dev/null 2>&1 &&
   grep -q "^Type: News" "$NP_TMP/decompiled_periodical/header.txt" &&
   grep -q "NWPR" "$NP_TMP/decompiled_periodical/header.txt"; then
    pass "calibre: the digest's periodical flag and NCX make a Kindle periodical (MOBI type News, NWPR)"
else
    fail "calibre: the digest's periodical flag and NCX make a Kindle periodical (MOBI type News, NWPR)"
    grep -i "periodical\|error" "$NP_TMP/mobi.log" | head -5 | sed 's/^/    /'
fi
