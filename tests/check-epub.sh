#!/bin/bash
# newsml2epub: the weekly digest is a clean EPUB 3 (epubcheck: 0 errors,
# 0 warnings), holds every selected article's text and nothing that must not
# be published, is byte-identical across runs, and reads no file that a
# hostile picture reference points at.
. "$(dirname "$0")/lib.sh"
EPUB="$BIN/newsml2epub"
TXT="$BIN/newsml2txt"
PY="$NP_ROOT/tests/epub_text.py"
AT=2026-11-28
WEEK=2026-W47
if [ ! -x "$EPUB" ]; then
    fail "newsml2epub is built ($EPUB)"
    exit 0
fi

# convert NAME OUT ARGS...: run newsml2epub; FAIL with its messages if it fails.
convert() {
    local name=$1 out=$2
    shift 2
    if "$EPUB" --quiet -o "$out" "$@" 2>"$NP_TMP/err"; then return 0; fi
    fail "$name: newsml2epub $* (status $?)"
    sed 's/^/    /' "$NP_TMP/err" | head -20
    return 1
}

# ---- the samples: a week ----------------------------------------------------
S="$NP_TMP/samples.epub"
if convert "samples digest" "$S" --at "$AT" --week "$WEEK" "$NP_ROOT/samples"; then
    if grep -v ': warning: ' "$NP_TMP/err" | grep -q .; then
        fail "samples digest: no error messages"; sed 's/^/    /' "$NP_TMP/err"
    else
        pass "samples digest: converts without error messages"
    fi
    check_epub "epubcheck: digest of samples/ ($WEEK)" "$S"
    check "samples digest: mimetype first, stored, no extra field; the rest deflated (best level)" python3 "$PY" ocf "$S"
    "$TXT" --quiet --at "$AT" --from 2026-11-16 --to 2026-11-22 -o "$NP_TMP/samples.txt" "$NP_ROOT/samples" 2>/dev/null
    check "samples digest: every selected article's text is in the EPUB" \
        python3 "$PY" words "$NP_TMP/samples.txt" "$S"
    check "samples digest: the correction appears once, in its latest version" \
        python3 "$PY" correction "$S" "$NP_ROOT"/samples/*.xml
    check "samples digest: canceled, withheld and embargoed items are absent" \
        python3 "$PY" absent "$S" "$NP_ROOT"/samples/*.xml
    # the same again (another time zone too): the same bytes
    if TZ=Pacific/Auckland "$EPUB" --quiet -o "$NP_TMP/again.epub" --at "$AT" --week "$WEEK" \
        "$NP_ROOT/samples" 2>/dev/null && cmp -s "$S" "$NP_TMP/again.epub"; then
        pass "samples digest: two runs with the same SOURCE_DATE_EPOCH give identical bytes"
    else
        fail "samples digest: two runs with the same SOURCE_DATE_EPOCH give identical bytes"
        cmp "$S" "$NP_TMP/again.epub" 2>&1 | sed 's/^/    /'
    fi
    if SOURCE_DATE_EPOCH=1800000000 "$EPUB" --quiet -o "$NP_TMP/later.epub" --at "$AT" \
        --week "$WEEK" "$NP_ROOT/samples" 2>/dev/null && ! cmp -s "$S" "$NP_TMP/later.epub"; then
        pass "samples digest: SOURCE_DATE_EPOCH sets the times"
    else
        fail "samples digest: SOURCE_DATE_EPOCH sets the times"
    fi
fi

# ---- right to left and Chinese alone ---------------------------------------
RTL=$(grep -l 'dir="rtl"' "$NP_ROOT"/samples/*.xml | head -1)
CJK=$(grep -l 'xml:lang="zh' "$NP_ROOT"/samples/*.xml | head -1)
if [ -n "$RTL" ] && convert "RTL sample" "$NP_TMP/rtl.epub" --at "$AT" "$RTL"; then
    check_epub "epubcheck: the RTL sample alone ($(basename "$RTL"))" "$NP_TMP/rtl.epub"
    if [ "$(python3 "$PY" rtl "$NP_TMP/rtl.epub")" = rtl ] &&
       [ "$(python3 "$PY" rtl "$S")" = default ]; then
        pass "page-progression-direction is rtl only when the whole digest is right to left"
    else
        fail "page-progression-direction is rtl only when the whole digest is right to left"
    fi
fi
# The converter's own words keep their language in pages of another: with
# the digest's language Urdu, a day section's title (our English date) is
# lang="en" dir="ltr" wherever it appears; so is "Picture", the title of a
# picture item with no words, in an Urdu item's pages.
sed 's/^language = .*/language = ur/' "$NP_ROOT/styles/digest.style" >"$NP_TMP/ur.style"
if [ -n "$RTL" ] && convert "digest in Urdu" "$NP_TMP/ur.epub" --style "$NP_TMP/ur.style" --at "$AT" "$RTL"; then
    day="Thursday, Nov. 19, 2026" # the sample's day
    check "a digest in Urdu: the day section's title ($day) is marked English, left to right" \
        python3 "$PY" lang "$NP_TMP/ur.epub" "$day" en
fi
U="$NP_TMP/urdu-picture"
mkdir -p "$U/images"
cp "$NP_ROOT/samples/images/harbour.png" "$U/images/"
sed -e 's|<headline>[^<]*</headline>||' -e 's|<slugline>[^<]*</slugline>||' -e 's|<description[^>]*>[^<]*</description>||' \
    -e 's|<title>[^<]*</title>||' -e 's|xml:lang="[^"]*"|xml:lang="ur"|' -e 's|<language tag="[^"]*"|<language tag="ur"|' \
    "$NP_ROOT/samples/2026-11-16-picture-harbour.xml" >"$U/picture.xml"
if convert "Urdu picture without words" "$NP_TMP/urdu-picture.epub" --at "$AT" "$U"; then
    check "an Urdu picture without words: its title \"Picture\" is marked English, left to right" \
        python3 "$PY" lang "$NP_TMP/urdu-picture.epub" Picture en
fi
if [ -n "$CJK" ] && convert "CJK sample" "$NP_TMP/cjk.epub" --at "$AT" "$CJK"; then
    check_epub "epubcheck: the CJK sample alone ($(basename "$CJK"))" "$NP_TMP/cjk.epub"
    "$TXT" --quiet --at "$AT" -o "$NP_TMP/cjk.txt" "$CJK" 2>/dev/null
    check "CJK digest: the article's text is in the EPUB" python3 "$PY" words "$NP_TMP/cjk.txt" "$NP_TMP/cjk.epub"
fi

# ---- a cover headline no font can draw ----------------------------------------
# Private-use characters: the raster cover (drawn on a thread of its own
# with more than one) says once how many it lacks, and the digest is the
# same bytes with one thread and with two.
P="$NP_TMP/pua"
mkdir -p "$P"
sed 's|<headline role="hlrole:main">[^<]*</headline>|<headline role="hlrole:main">Harbour \&#xE000;\&#xE001; reopens</headline>|' \
    "$NP_ROOT/samples/2026-11-16-lead-harbour.xml" >"$P/lead.xml"
for j in 1 2; do
    "$EPUB" -j $j --quiet --at "$AT" -o "$NP_TMP/pua-$j.epub" "$P" 2>"$NP_TMP/pua-$j.err"
done
if [ "$(grep -c 'the cover picture lacks 2 characters that no installed font has' "$NP_TMP/pua-1.err")" = 1 ] &&
   [ "$(grep -c 'the cover picture lacks 2 characters that no installed font has' "$NP_TMP/pua-2.err")" = 1 ] &&
   cmp -s "$NP_TMP/pua-1.epub" "$NP_TMP/pua-2.epub"; then
    pass "a cover headline with characters no font has: said once, same digest with -j 1 and -j 2"
else
    fail "a cover headline with characters no font has: said once, same digest with -j 1 and -j 2"
    sed 's/^/    /' "$NP_TMP/pua-1.err" "$NP_TMP/pua-2.err" | head -10
fi

# ---- sections by subject and genre -------------------------------------------
for by in subject genre; do
    # without the package, so that the grouping applies to every item
    mkdir -p "$NP_TMP/nopkg"
    for f in "$NP_ROOT"/samples/*.xml; do
        grep -q '<packageItem' "$f" || cp "$f" "$NP_TMP/nopkg/"
    done
    cp -R "$NP_ROOT/samples/images" "$NP_TMP/nopkg/" 2>/dev/null
    if convert "digest by $by" "$NP_TMP/by-$by.epub" --at "$AT" --week "$WEEK" --section-by "$by" "$NP_TMP/nopkg"; then
        check_epub "epubcheck: digest of samples/ by $by" "$NP_TMP/by-$by.epub"
    fi
done

# ---- real agency files --------------------------------------------------------
if need_shared "real agency files as a digest"; then
    R="$NP_TMP/real.epub"
    if "$EPUB" --quiet --at 2030-01-01 -o "$R" "$SHARED"/newsml-g2/real/*.xml 2>"$NP_TMP/err"; then
        check_epub "epubcheck: digest of ../shared/newsml-g2/real/" "$R"
        "$TXT" --quiet --at 2030-01-01 -o "$NP_TMP/real.txt" "$SHARED"/newsml-g2/real/*.xml 2>/dev/null
        check "real digest: every article's text is in the EPUB" python3 "$PY" words "$NP_TMP/real.txt" "$R"
    else
        fail "real digest converts (status $?)"; sed 's/^/    /' "$NP_TMP/err" | head -20
    fi
fi

# ---- hostile picture references -------------------------------------------------
H="$NP_TMP/hostile"
mkdir -p "$H/images"
ln -s /etc/passwd "$H/images/link.png"
cat >"$H/story.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsprint:test:hostile" version="1"
    standard="NewsML-G2" standardversion="2.35" conformance="power" xml:lang="en">
  <catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_32.xml"/>
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider literal="Test"/>
    <versionCreated>2026-11-18T10:00:00Z</versionCreated>
    <link rel="irel:associatedWith" residref="urn:newsprint:test:hostile-pic"/>
  </itemMeta>
  <contentMeta>
    <contentCreated>2026-11-18T09:00:00Z</contentCreated>
    <headline>Hostile &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x202E;reversed</headline>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml"><body>
        <p>Links: <a href="javascript:alert(1)">script</a>, <a href="file:///etc/passwd">file</a>,
           <a href="https://example.org/ok">web</a>.</p>
        <figure><img src="../../etc/passwd" alt="climb"/><figcaption>Climbing</figcaption></figure>
        <figure><img src="/etc/passwd" alt="absolute"/><figcaption>Absolute</figcaption></figure>
        <figure><img src="file:///etc/passwd" alt="file"/><figcaption>File URL</figcaption></figure>
        <figure><img src="http://example.org/x.png" alt="web"/><figcaption>Web URL</figcaption></figure>
        <figure><img src="%2e%2e/%2e%2e/etc/passwd" alt="encoded"/><figcaption>Encoded</figcaption></figure>
        <figure><img src="images/link.png" alt="symlink"/><figcaption>Symlink</figcaption></figure>
        <figure><img src="images/missing.png" alt="missing"/><figcaption>Missing</figcaption></figure>
        <p>The article is kept.</p>
      </body></html>
    </inlineXML>
  </contentSet>
</newsItem>
EOF
cat >"$H/picture.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsprint:test:hostile-pic" version="1"
    standard="NewsML-G2" standardversion="2.35" conformance="power" xml:lang="en">
  <catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_32.xml"/>
  <itemMeta>
    <itemClass qcode="ninat:picture"/>
    <provider literal="Test"/>
    <versionCreated>2026-11-18T10:00:00Z</versionCreated>
  </itemMeta>
  <contentMeta>
    <contentCreated>2026-11-18T09:00:00Z</contentCreated>
    <headline>A picture that points outside</headline>
  </contentMeta>
  <contentSet>
    <remoteContent href="../../../etc/passwd" contenttype="image/png" width="10" height="10"/>
  </contentSet>
</newsItem>
EOF
HE="$NP_TMP/hostile.epub"
trace=()
# (LeakSanitizer cannot run under ptrace: leaks are checked by the other runs)
command -v strace >/dev/null 2>&1 &&
    trace=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
           strace -f -qq -e trace=open,openat -o "$NP_TMP/trace")
if "${trace[@]}" "$EPUB" --quiet --at "$AT" -o "$HE" "$H" 2>"$NP_TMP/err"; then
    n=$(grep -c ': warning: picture .*not read\|: warning: picture .*not found' "$NP_TMP/err")
    if [ "$n" -eq 8 ] && grep -q "^$H/story.xml" "$NP_TMP/err"; then
        pass "hostile hrefs: a warning for each picture that is not read (FILE: picture ... not read)"
    else
        fail "hostile hrefs: a warning for each picture that is not read ($n of 8)"; sed 's/^/    /' "$NP_TMP/err"
    fi
    if python3 "$PY" leak "$HE" "root:x:0:0" >/dev/null &&
       ! unzip -l "$HE" | grep -q 'images/' &&
       { [ ${#trace[@]} -eq 0 ] || ! grep -q '"/etc/passwd"' "$NP_TMP/trace"; }; then
        pass "hostile hrefs: nothing read, no picture embedded${trace[*]:+ (checked with strace)}"
    else
        fail "hostile hrefs: nothing read, no picture embedded"
        grep '/etc/passwd' "$NP_TMP/trace" 2>/dev/null | head -5 | sed 's/^/    /'
    fi
    if unzip -p "$HE" EPUB/a0001.xhtml | grep -q 'The article is kept' &&
       ! unzip -p "$HE" EPUB/a0001.xhtml | grep -q 'href="javascript:\|href="file:' &&
       unzip -p "$HE" EPUB/a0001.xhtml | grep -q 'href="https://example.org/ok"'; then
        pass "hostile hrefs: the article is kept; only web and mail links are links"
    else
        fail "hostile hrefs: the article is kept; only web and mail links are links"
    fi
    check_epub "epubcheck: digest with hostile hrefs" "$HE"
else
    fail "hostile hrefs: newsml2epub succeeds (status $?)"; sed 's/^/    /' "$NP_TMP/err"
fi

# ---- style limits ---------------------------------------------------------------
sed -e 's/^max_image_bytes = .*/max_image_bytes = 1000/' \
    -e "s|^stylesheet = .*|stylesheet = $NP_ROOT/styles/epub.css|" \
    "$NP_ROOT/styles/digest.style" >"$NP_TMP/small.style"
if convert "small-picture style" "$NP_TMP/small.epub" --style "$NP_TMP/small.style" --at "$AT" \
    --week "$WEEK" "$NP_ROOT/samples"; then
    if grep -q ": warning: picture .* is larger than 1000 bytes (max_image_bytes); not embedded" "$NP_TMP/err" &&
       ! unzip -l "$NP_TMP/small.epub" | grep -q 'EPUB/images/'; then
        pass "pictures larger than max_image_bytes: warning, not embedded"
    else
        fail "pictures larger than max_image_bytes: warning, not embedded"; sed 's/^/    /' "$NP_TMP/err"
    fi
fi
printf 'body { color: #123456; }\n' >"$NP_TMP/mine.css"
if convert "--style FILE.css" "$NP_TMP/css.epub" --style "$NP_TMP/mine.css" --title "The Test Weekly" \
    --at "$AT" --week "$WEEK" "$NP_ROOT/samples" &&
   unzip -p "$NP_TMP/css.epub" EPUB/css/digest.css | grep -q '#123456' &&
   unzip -p "$NP_TMP/css.epub" EPUB/content.opf | grep -q '>The Test Weekly — Nov. 16–22, 2026</dc:title>'; then
    pass "--style FILE.css replaces the stylesheet; --title sets dc:title (with the issue's dates)"
else
    fail "--style FILE.css replaces the stylesheet; --title sets dc:title (with the issue's dates)"
fi

# ---- command line ---------------------------------------------------------------
"$EPUB" --help | grep -q -- '--week' && "$EPUB" --version | grep -q newsml2epub &&
    pass "newsml2epub --help and --version" || fail "newsml2epub --help and --version"
usage_errors=0
for args in "--week 2026-W54 samples -o x.epub" "--week 2026-W47 --from 2026-11-16 samples -o x.epub" \
            "--section-by month samples -o x.epub" "samples" "-o x.epub" "--style no-such-style samples -o x.epub"; do
    # shellcheck disable=SC2086
    (cd "$NP_ROOT" && "$EPUB" --quiet $args >/dev/null 2>&1)
    rc=$?
    [ $rc -eq 2 ] || { usage_errors=$((usage_errors + 1)); echo "    status $rc for: $args"; }
done
[ $usage_errors -eq 0 ] && pass "newsml2epub: usage errors exit with status 2" ||
    fail "newsml2epub: usage errors exit with status 2"
if "$EPUB" --quiet -o "$NP_TMP/none.epub" "$NP_TMP/does-not-exist.xml" 2>/dev/null; then rc=0; else rc=$?; fi
[ $rc -eq 3 ] && [ ! -e "$NP_TMP/none.epub" ] &&
    pass "newsml2epub: nothing readable: status 3 and no output" ||
    fail "newsml2epub: nothing readable: status 3 and no output (status $rc)"

# ---- what the digest holds -----------------------------------------------------
# An empty digest (everything canceled, withheld or under embargo): no file.
if "$EPUB" --at "$AT" -o "$NP_TMP/empty.epub" "$NP_ROOT"/samples/*-canceled-*.xml \
    "$NP_ROOT"/samples/*-withheld-*.xml "$NP_ROOT"/samples/*-embargoed-*.xml 2>"$NP_TMP/err"; then rc=0; else rc=$?; fi
[ $rc -eq 3 ] && [ ! -e "$NP_TMP/empty.epub" ] && grep -q 'no article to put in the digest' "$NP_TMP/err" &&
    pass "newsml2epub: an empty digest: status 3, a message and no file" ||
    { fail "newsml2epub: an empty digest: status 3, a message and no file (status $rc)"; sed 's/^/    /' "$NP_TMP/err"; }
# A picture item with no words whose file cannot be read has nothing to show.
P="$NP_TMP/unreadable"
mkdir -p "$P"
cp "$NP_ROOT"/samples/2026-11-17-wire-dairy-plain.xml "$P/"
cat >"$P/picture.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsprint:test:no-words" version="1"
    standard="NewsML-G2" standardversion="2.35" conformance="power">
  <itemMeta><itemClass qcode="ninat:picture"/><provider literal="Test"/>
    <versionCreated>2026-11-18T10:00:00Z</versionCreated></itemMeta>
  <contentSet><remoteContent href="missing.jpg" contenttype="image/jpeg"/></contentSet>
</newsItem>
XML
if "$EPUB" --at "$AT" -o "$NP_TMP/unreadable.epub" "$P" 2>"$NP_TMP/err"; then
    if grep -q '^newsml2epub: 1 converted, 1 left out (1 with nothing to show), 0 failed$' "$NP_TMP/err" &&
       grep -q "^$P/picture.xml.*nothing to show" "$NP_TMP/err" &&
       [ "$(unzip -l "$NP_TMP/unreadable.epub" | grep -c 'EPUB/a[0-9]*\.xhtml')" -eq 1 ]; then
        pass "an unreadable picture alone does not make an article; the summary says so"
    else
        fail "an unreadable picture alone does not make an article; the summary says so"; sed 's/^/    /' "$NP_TMP/err"
    fi
else
    fail "digest with an unreadable picture item (status $?)"; sed 's/^/    /' "$NP_TMP/err"
fi
# The summary counts what the digest holds: its articles and the pictures they show.
"$EPUB" --at "$AT" --week "$WEEK" -o "$NP_TMP/count.epub" "$NP_ROOT/samples" 2>"$NP_TMP/err"
n=$(sed -n 's/^newsml2epub: \([0-9]*\) converted.*/\1/p' "$NP_TMP/err")
docs=$(unzip -l "$NP_TMP/count.epub" | grep -c 'EPUB/a[0-9]*\.xhtml')
linked=$(grep -L '<packageItem' "$NP_ROOT"/samples/*.xml | xargs grep -l '<itemClass qcode="ninat:picture"' | wc -l)
[ -n "$n" ] && [ "$n" -eq $((docs + linked)) ] &&
    pass "summary: $n converted = $docs articles + $linked picture shown in them" ||
    { fail "summary: converted ($n) = articles ($docs) + pictures ($linked)"; sed 's/^/    /' "$NP_TMP/err"; }

# ---- a periodical, accessible ----------------------------------------------------
for f in "$S" "$NP_TMP/real.epub"; do
    [ -f "$f" ] || continue
    which=$(basename "$f" .epub)
    check "$which digest: a periodical (sections with pages of their own, then their articles)" \
        python3 "$PY" periodical "$f"
    check "$which digest: pages under 250 KB, one h1, no skipped heading, text for every picture" \
        python3 "$PY" structure "$f"
done
title=$(python3 "$PY" meta "$S" dc:title)
[ "$title" = "newsprint Weekly — Nov. 16–22, 2026" ] &&
    pass "dc:title carries the issue's dates ($title)" || fail "dc:title carries the issue's dates ($title)"
[ "$(python3 "$PY" meta "$S" dcterms:conformsTo)" = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA" ] &&
    python3 "$PY" meta "$S" schema:accessModeSufficient | grep -qx textual &&
    python3 "$PY" meta "$S" schema:accessibilityHazard | grep -qx none &&
    pass "samples digest: conforms to EPUB Accessibility 1.1; text alone suffices; no hazards" ||
    fail "samples digest: conforms to EPUB Accessibility 1.1; text alone suffices; no hazards"
# A corrected re-issue of the week is the same book, modified later.
# (the comet story and an older one; then with the comet's correction)
mkdir -p "$NP_TMP/before" "$NP_TMP/after"
for f in "$NP_ROOT"/samples/*-comet-v1.xml "$NP_ROOT"/samples/*-wire-dairy-plain.xml; do
    cp "$f" "$NP_TMP/before/"
    cp "$f" "$NP_TMP/after/"
done
cp "$NP_ROOT"/samples/*-comet-v2-correction.xml "$NP_TMP/after/"
env -u SOURCE_DATE_EPOCH "$EPUB" --quiet --at "$AT" --week "$WEEK" -o "$NP_TMP/before.epub" "$NP_TMP/before" 2>/dev/null
env -u SOURCE_DATE_EPOCH "$EPUB" --quiet --at "$AT" --week "$WEEK" -o "$NP_TMP/after.epub" "$NP_TMP/after" 2>/dev/null
id1=$(python3 "$PY" meta "$NP_TMP/before.epub" dc:identifier)
id2=$(python3 "$PY" meta "$NP_TMP/after.epub" dc:identifier)
m1=$(python3 "$PY" meta "$NP_TMP/before.epub" dcterms:modified)
m2=$(python3 "$PY" meta "$NP_TMP/after.epub" dcterms:modified)
[ -n "$id1" ] && [ "$id1" = "$id2" ] && [[ "$m2" > "$m1" ]] &&
    pass "a corrected re-issue: the same identifier ($id1), a later dcterms:modified ($m1 -> $m2)" ||
    fail "a corrected re-issue: the same identifier ($id1 / $id2), a later dcterms:modified ($m1 / $m2)"
# A picture with no words at all: a warning, and no claim that text suffices.
N="$NP_TMP/nowords"
mkdir -p "$N/images"
cp "$NP_ROOT/samples/images/harbour.png" "$N/images/"
sed -e 's|<headline>[^<]*</headline>||' -e 's|<slugline>[^<]*</slugline>||' -e 's|<description[^>]*>[^<]*</description>||' \
    -e 's|guid="[^"]*"|guid="urn:newsprint:test:nowords"|' \
    "$NP_ROOT/samples/2026-11-16-picture-harbour.xml" >"$N/picture.xml"
cp "$NP_ROOT/samples/2026-11-17-wire-dairy-plain.xml" "$N/"
if convert "picture without words" "$NP_TMP/nowords.epub" --at "$AT" "$N"; then
    grep -q "^$N/picture.xml:[0-9]*: warning: picture has no text alternative" "$NP_TMP/err" &&
        [ -z "$(python3 "$PY" meta "$NP_TMP/nowords.epub" dcterms:conformsTo)" ] &&
        ! python3 "$PY" meta "$NP_TMP/nowords.epub" schema:accessModeSufficient | grep -qx textual &&
        pass "a picture without any text: a warning; no conformance or textual-sufficiency claim" ||
        { fail "a picture without any text: a warning; no conformance or textual-sufficiency claim"
          sed 's/^/    /' "$NP_TMP/err"; }
    check_epub "epubcheck: digest with a picture without words" "$NP_TMP/nowords.epub"
fi
# A section page that would pass 250 KB is split in parts.
B="$NP_TMP/big"
mkdir -p "$B"
python3 - "$B" <<'PY'
import sys
words = "harbour ferry council market weather season report river bridge station".split()
for i in range(80):
    summary = " ".join(words[(i + k) % len(words)] for k in range(600))
    open("%s/item%03d.xml" % (sys.argv[1], i), "w").write(f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsprint:test:big{i}" version="1"
    standard="NewsML-G2" standardversion="2.35" conformance="power" xml:lang="en">
  <itemMeta><itemClass qcode="ninat:text"/><provider literal="Test"/>
    <versionCreated>2026-11-18T10:00:00Z</versionCreated></itemMeta>
  <contentMeta><contentCreated>2026-11-18T09:00:00Z</contentCreated>
    <headline>Story number {i}</headline>
    <description role="drol:summary">{summary}</description></contentMeta>
  <contentSet><inlineXML contenttype="application/nitf+xml">
    <nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.content><p>{summary}</p></body.content></body></nitf>
  </inlineXML></contentSet>
</newsItem>
""")
PY
if convert "a large section" "$NP_TMP/big.epub" --at "$AT" "$B"; then
    unzip -l "$NP_TMP/big.epub" | grep -q 'EPUB/s001-2\.xhtml' &&
        pass "a section page over 250 KB is split in parts" || fail "a section page over 250 KB is split in parts"
    check "large section: pages under 250 KB, one h1, no skipped heading" python3 "$PY" structure "$NP_TMP/big.epub"
    check "large section: still a periodical" python3 "$PY" periodical "$NP_TMP/big.epub"
    check_epub "epubcheck: digest with a section in parts" "$NP_TMP/big.epub"
fi

# ---- a stylesheet checked before it is packed --------------------------------------
C="$NP_TMP/css"
mkdir -p "$C"
printf 'body { margin: 0 }\n@font-face { font-family: X; src: url("https://fonts.example.com/x.woff2"); }\n' >"$C/remote.css"
printf 'body { margin: 0 }\n@import "other.css";\n' >"$C/import.css"
for css in remote import; do
    if "$EPUB" --quiet --style "$C/$css.css" -o "$C/$css.epub" "$NP_ROOT/samples" 2>"$NP_TMP/err"; then rc=0; else rc=$?; fi
    [ $rc -ne 0 ] && [ ! -e "$C/$css.epub" ] && grep -q "^$C/$css.css:2: stylesheet: .*refused" "$NP_TMP/err" &&
        pass "stylesheet with a $css reference: refused (FILE:LINE message, status $rc, no file)" ||
        { fail "stylesheet with a $css reference: refused (status $rc)"; sed 's/^/    /' "$NP_TMP/err"; }
done
cp "$(fc-match -f '%{file}' 'DejaVu Sans')" "$C/face.ttf"
printf '@font-face { font-family: "Mine"; src: url( face.ttf ) format("truetype"); }\nbody { font-family: "Mine", serif; }\n' >"$C/font.css"
if convert "stylesheet with a font" "$C/font.epub" --style "$C/font.css" --at "$AT" "$NP_ROOT/samples"; then
    unzip -p "$C/font.epub" EPUB/css/digest.css | grep -q 'url("../fonts/css1.ttf")' &&
        unzip -l "$C/font.epub" | grep -q 'EPUB/fonts/css1.ttf' &&
        pass "a font the stylesheet names is packed and the url() rewritten" ||
        fail "a font the stylesheet names is packed and the url() rewritten"
    check_epub "epubcheck: digest with a stylesheet's font" "$C/font.epub"
fi
# embed_fonts = yes: the four faces of each role, each subset to the
# characters of the documents (tests/font_subset.py, with fc-query)
sed 's/^embed_fonts = no$/embed_fonts = yes/' "$NP_ROOT/styles/digest.style" >"$C/embed.style"
cp "$NP_ROOT/styles/epub.css" "$C/"
if convert "embedded fonts" "$C/embed.epub" --style "$C/embed.style" --at "$AT" "$NP_ROOT/samples"; then
    faces=()
    for f in "DejaVu Serif" "DejaVu Serif:bold" "DejaVu Serif:italic" "DejaVu Serif:bold:italic" \
             "DejaVu Sans" "DejaVu Sans:bold" "DejaVu Sans:italic" "DejaVu Sans:bold:italic"; do
        faces+=("$(fc-match -f '%{file}' "$f")")
    done
    check "embed_fonts: regular, bold, italic and bold italic of each role, each a subset holding the text's characters" \
        python3 "$NP_ROOT/tests/font_subset.py" epub "$C/embed.epub" "${faces[@]}"
    check_epub "epubcheck: digest with embedded subset fonts" "$C/embed.epub"
fi

# ---- the default stylesheet keeps text reflowable ------------------------------------
css_bad=$(python3 -c 'import re,sys; print(re.sub(r"/\*.*?\*/", "", open(sys.argv[1]).read(), flags=re.S))' \
    "$NP_ROOT/styles/epub.css" | grep -n -E '[0-9.]px\b|!important|position: *(fixed|absolute)' || true)
[ -z "$css_bad" ] && pass "styles/epub.css: no pixel sizes, no !important, no fixed positions" ||
    { fail "styles/epub.css: no pixel sizes, no !important, no fixed positions"; printf '%s\n' "$css_bad" | sed 's/^/    /'; }

# ---- temporaries a killed run left behind are removed by the next run ------------------
T="$NP_TMP/tmpdir"
mkdir -p "$T"
dead=$(sh -c 'echo $$')            # a process that has ended
: >"$T/newsprint-epub-$dead-AbC123"
: >"$T/newsprint-epub-$dead-AbC123.Xy9zQ1"  # libzip's own, mid-write
: >"$T/newsprint-epub-$$-LiVe12"   # this shell's: still running
: >"$T/newsprint-epub-notapid"
if TMPDIR="$T" "$EPUB" --quiet -o "$NP_TMP/stale.epub" --at "$AT" --week "$WEEK" "$NP_ROOT/samples" 2>/dev/null &&
    [ ! -e "$T/newsprint-epub-$dead-AbC123" ] && [ ! -e "$T/newsprint-epub-$dead-AbC123.Xy9zQ1" ] &&
    [ -e "$T/newsprint-epub-$$-LiVe12" ] && [ -e "$T/newsprint-epub-notapid" ] &&
    [ "$(ls "$T" | wc -l)" = 2 ]; then
    pass "a killed run's temporaries are removed by the next digest run; a live run's and other files are kept"
else
    fail "a killed run's temporaries are removed by the next digest run; a live run's and other files are kept"
    ls -la "$T" | sed 's/^/    /'
fi
