#!/bin/bash
# Pictures of every kind, valid and hostile, in one folder of items (one item
# per picture): newsml2pdf and newsml2epub must make their output, show every
# valid picture, and leave out each bad one with a warning naming the item
# and the picture -- never crash (libharu's own PNG loader segfaults on a
# transparent colour, double-frees on 16-bit interlaced RGBA, and libpng
# aborts on a broken file), hang (a FIFO) or allocate gigabytes (a 1 KB PNG
# declaring 100000 x 100000 pixels).  Pictures are made by tests/pictures.py;
# the JPEGs it starts from are in tests/hostile/pictures/.
. "$(dirname "$0")/lib.sh"
PDF="$BIN/newsml2pdf"
EPUB="$BIN/newsml2epub"
AT=2026-11-28
if [ ! -x "$PDF" ] || [ ! -x "$EPUB" ]; then
    fail "pictures: newsml2pdf and newsml2epub are built"
    exit 0
fi

IN="$NP_TMP/in"
mkdir -p "$IN/pics"
python3 "$NP_ROOT/tests/pictures.py" "$IN/pics" "$NP_ROOT/tests/hostile/pictures"
cp "$NP_ROOT"/tests/hostile/pictures/*.jpg "$IN/pics/"
mkfifo "$IN/pics/fifo.png"
ln -s /etc/passwd "$IN/pics/outside.png"
ln -s ok.png "$IN/pics/inside-link.png"     # a symlink within the folder is followed

# NAME -> the start of the warning expected (after "picture 'pics/NAME' "); none: shown
GOOD="ok.png trns-rgb.png rgba16-interlaced.png palette.png gray-alpha.png gray1.png
inside-link.png baseline.jpg progressive.jpg gray.jpg"
declare -A BAD=(
    [truncated.png]="is not a valid PNG"
    [bad-crc.png]="is not a valid PNG (IDAT: CRC error)"
    [bad-zlib.png]="is not a valid PNG (IDAT:"
    [bad-ihdr.png]="is not a valid PNG (Invalid IHDR"
    [no-plte.png]="is not a valid PNG (IDAT: Missing PLTE"
    [huge.png]="declares 100000 x 100000 pixels, more than the 100000000 allowed"
    [huge.jpg]="declares 60000 x 60000 pixels, more than the 100000000 allowed"
    [truncated.jpg]="is not a valid JPEG"
    [corrupt.jpg]="is not a valid JPEG (Corrupt JPEG data"
    [gif-as.jpg]="is GIF data under a JPEG name"
    [webp-as.jpg]="is WebP data under a JPEG name"
    [svg-as.jpg]="is SVG data under a JPEG name"
    [text-as.png]="is not a PNG, JPEG, GIF or SVG picture"
    [empty.png]="is empty"
    [fifo.png]="is not a regular file"
)
# a device inside the folder (needs root; /dev/zero never ends)
if mknod "$IN/pics/device.png" c 1 5 2>/dev/null; then
    BAD[device.png]="is not a regular file"
else
    skip "pictures: a device node among the pictures (mknod not allowed here)"
fi
# refused before the file is opened: no "picture 'NAME'" prefix of ours
OUTSIDE="picture 'pics/outside.png' resolves outside the item's folder"

n=0
for f in "$IN"/pics/*; do
    name=$(basename "$f")
    n=$((n + 1))
    cat >"$IN/item-$name.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsprint:test:picture-$n" version="1" standard="NewsML-G2" standardversion="2.35" xml:lang="en">
  <itemMeta><itemClass qcode="ninat:text"/><versionCreated>2026-11-27T09:00:00Z</versionCreated></itemMeta>
  <contentMeta><headline>The picture $name</headline><slugline>PICTURE-$n</slugline></contentMeta>
  <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>
    <p>The story before the picture $name.</p>
    <figure><img src="pics/$name" alt="The picture $name"/><figcaption>Caption of $name.</figcaption></figure>
    <p>The story after the picture.</p>
  </body></html></inlineXML></contentSet>
</newsItem>
EOF
done

# expect_warnings TOOL ERRFILE: each bad picture named once with its item and
# line, no warning about a good one
expect_warnings() {
    local tool=$1 err=$2 name
    for name in "${!BAD[@]}"; do
        if grep -qF "item-$name.xml:7: warning: picture 'pics/$name' ${BAD[$name]}" "$err"; then
            pass "$tool: $name left out with a warning naming the item and the picture"
        else
            fail "$tool: $name left out with a warning naming the item and the picture"
            grep -F "$name" "$err" | head -3 | sed 's/^/    /'
        fi
    done
    if grep -qF "item-outside.png.xml:7: warning: $OUTSIDE" "$err"; then
        pass "$tool: a symlink out of the folder is not read"
    else
        fail "$tool: a symlink out of the folder is not read"; grep -F outside "$err" | sed 's/^/    /'
    fi
    local bad=""
    for name in $GOOD; do
        # (a low resolution is said of a picture that is shown)
        not_lowres "$err" | grep -qF "'pics/$name'" && bad="$bad $name"
    done
    if [ -z "$bad" ]; then
        pass "$tool: no warning about the valid pictures"
    else
        fail "$tool: no warning about the valid pictures:$bad"; grep -F "$bad" "$err" | head -5 | sed 's/^/    /'
    fi
}

# the warnings but those about a shown picture's resolution
not_lowres() { grep -v " ppi at its printed size" "$1" || true; }

# ---- the e-paper ------------------------------------------------------------------------
timeout 120 "$PDF" --quiet --at "$AT" --date 2026-11-27 -o "$NP_TMP/pictures.pdf" "$IN" 2>"$NP_TMP/pdf.err"
rc=$?
if [ $rc -eq 0 ] && [ -s "$NP_TMP/pictures.pdf" ] && ! grep -v ': warning: ' "$NP_TMP/pdf.err" | grep -q .; then
    pass "pdf: the e-paper is made with every kind of picture (exit 0, warnings only)"
else
    fail "pdf: the e-paper is made with every kind of picture (exit $rc)"; grep -v ': warning: ' "$NP_TMP/pdf.err" | head -10 | sed 's/^/    /'
fi
expect_warnings pdf "$NP_TMP/pdf.err"
not_lowres "$NP_TMP/pdf.err" | grep -qF "'pics/cmyk.jpg'" &&
    { fail "pdf: a CMYK JPEG is shown (as RGB)"; grep -F cmyk "$NP_TMP/pdf.err" | sed 's/^/    /'; } ||
    pass "pdf: a CMYK JPEG is shown (as RGB)"
if command -v qpdf >/dev/null; then
    check "pdf: qpdf --check passes" qpdf --check "$NP_TMP/pictures.pdf"
else
    skip "pdf: qpdf --check passes (qpdf not installed: make deps)"
fi
if command -v pdfimages >/dev/null; then
    # one image object per valid picture, 8-bit gray or RGB: inside-link.png is
    # ok.png (the same object shown twice), cmyk.jpg is not in $GOOD
    pdfimages -list "$NP_TMP/pictures.pdf" 2>/dev/null | awk 'NR > 2' >"$NP_TMP/images"
    want=$(echo $GOOD | wc -w)
    got=$(awk '{ print $11 }' "$NP_TMP/images" | sort -u | wc -l)
    odd=$(awk '$6 != "gray" && $6 != "rgb" || $8 != 8' "$NP_TMP/images")
    if [ "$got" -eq "$want" ] && [ -z "$odd" ]; then
        pass "pdf: every valid picture is in the e-paper once, as 8-bit gray or RGB ($got)"
    else
        fail "pdf: every valid picture is in the e-paper once, as 8-bit gray or RGB ($got of $want)"
        sed 's/^/    /' "$NP_TMP/images"
    fi
else
    skip "pdf: every valid picture is in the e-paper (pdfimages not installed: make deps)"
fi

# ---- the digest ---------------------------------------------------------------------------
timeout 120 "$EPUB" --quiet --at "$AT" --from 2026-11-27 --to 2026-11-27 -o "$NP_TMP/pictures.epub" "$IN" 2>"$NP_TMP/epub.err"
rc=$?
if [ $rc -eq 0 ] && [ -s "$NP_TMP/pictures.epub" ] && ! grep -v ': warning: ' "$NP_TMP/epub.err" | grep -q .; then
    pass "epub: the digest is made with every kind of picture (exit 0, warnings only)"
else
    fail "epub: the digest is made with every kind of picture (exit $rc)"; grep -v ': warning: ' "$NP_TMP/epub.err" | head -10 | sed 's/^/    /'
fi
expect_warnings epub "$NP_TMP/epub.err"
if grep -qF "item-cmyk.jpg.xml:7: warning: picture 'pics/cmyk.jpg' is a CMYK JPEG; converted to RGB" "$NP_TMP/epub.err" &&
    python3 - "$NP_TMP/pictures.epub" <<'EOF'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
jpegs = [z.read(n) for n in z.namelist() if n.endswith(".jpg")]
def components(d):  # of the frame header
    i = 2
    while i + 9 < len(d):
        m, n = d[i + 1], d[i + 2] << 8 | d[i + 3]
        if 0xC0 <= m <= 0xC2:
            return d[i + 9]
        i += 2 + n
assert len(jpegs) == 4, len(jpegs)            # baseline, progressive, gray, cmyk
assert all(components(d) in (1, 3) for d in jpegs), [components(d) for d in jpegs]
EOF
then
    pass "epub: a CMYK JPEG is converted to RGB, with a warning"
else
    fail "epub: a CMYK JPEG is converted to RGB, with a warning"; grep -F cmyk "$NP_TMP/epub.err" | sed 's/^/    /'
fi
if command -v java >/dev/null 2>&1 && [ -f /usr/share/java/epubcheck.jar ]; then
    out=$(java -jar /usr/share/java/epubcheck.jar "$NP_TMP/pictures.epub" 2>&1)
    if printf '%s\n' "$out" | grep -q 'Messages: 0 fatals / 0 errors'; then
        pass "epub: epubcheck finds no error in the digest"
    else
        fail "epub: epubcheck finds no error in the digest"
        printf '%s\n' "$out" | grep -E '^(FATAL|ERROR)|^Messages' | head -10 | sed 's/^/    /'
    fi
else
    skip "epub: epubcheck finds no error in the digest (epubcheck or java not installed: make deps)"
fi
exit 0
