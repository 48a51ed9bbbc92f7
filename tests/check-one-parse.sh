#!/bin/bash
# One parse per item (issue 12.1): the selection pass reads a newsItem only
# up to its contentSet, and only the selected files are read whole, once;
# --verbose counts the parses.  A newer version broken past its contentSet
# still never hides a good older one: the broken file is reported
# (FILE:LINE) and counted, the older version is converted instead, and the
# exit status says that something failed.  Every program shares the rule.
. "$(dirname "$0")/lib.sh"
export NEWSPRINT_STYLES="$NP_ROOT/styles"
TXT="$BIN/newsml2txt"
if [ ! -x "$TXT" ]; then
    fail "one-parse: $TXT not built (make all)"
    exit 0
fi

# item FILE GUID VERSION HEADLINE [BROKEN]: a newsItem; BROKEN puts an
# unclosed element in its body (line 12), past the contentSet's start.
item() {
    local bad=
    [ -n "${5:-}" ] && bad='<p>unclosed'
    cat >"$1" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="$2" version="$3" standard="NewsML-G2" standardversion="2.33">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <versionCreated>2026-11-20T10:0$3:00Z</versionCreated>
    <pubStatus qcode="stat:usable"/>
  </itemMeta>
  <contentMeta><headline>$4</headline></contentMeta>
  <contentSet>
    <inlineXML contenttype="application/nitf+xml">
      <nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.content>
        <p>Text of $4.</p>$bad
      </body.content></body></nitf>
    </inlineXML>
  </contentSet>
</newsItem>
XML
}

D="$NP_TMP/in"
mkdir -p "$D"
item "$D/a-v1.xml" urn:test:a 1 "ALPHA one"
item "$D/a-v2.xml" urn:test:a 2 "ALPHA two"
item "$D/b-v1.xml" urn:test:b 1 "BRAVO one"
item "$D/b-v2.xml" urn:test:b 2 "BRAVO two" broken
item "$D/c-v1.xml" urn:test:c 1 "CHARLIE one"

# 1. The parse count: 5 files read up to their contentSet, then the 3
#    selected ones whole (a-v2, b-v2, c-v1), then b-v1 as b-v2's fall-back.
"$TXT" -v -j 2 -o "$NP_TMP/out.txt" "$D" 2>"$NP_TMP/err"
rc=$?
last=$(tail -1 "$NP_TMP/err")
case $last in
*"; 9 documents parsed (5 only up to their contentSet), 2 readers"*)
    pass "one-parse: --verbose counts 9 parses, 5 up to the contentSet" ;;
*) fail "one-parse: parse count (expected 9 documents parsed, 5 only up to their contentSet): $last" ;;
esac

# 2. The broken newer version is reported with its line, and counted.
if grep -q -E "^$D/b-v2.xml:1[0-9]: not well-formed XML" "$NP_TMP/err"; then
    pass "one-parse: the broken version is reported as FILE:LINE"
else
    fail "one-parse: no FILE:LINE error for b-v2.xml"; sed 's/^/    stderr: /' "$NP_TMP/err"
fi
case $last in
*"3 converted, 1 left out (1 superseded by a later version), 1 failed (1 file unreadable)"*)
    pass "one-parse: the summary counts the fall-back and the failure" ;;
*) fail "one-parse: summary: $last" ;;
esac
[ $rc -eq 1 ] && pass "one-parse: exit status 1 (output written, a file failed)" ||
    fail "one-parse: exit status $rc, expected 1"

# 3. The good older version stands in; the superseded one stays out.
got=$(grep -o -E '(ALPHA|BRAVO|CHARLIE) (one|two)' "$NP_TMP/out.txt" | sort -u | tr '\n' ,)
[ "$got" = "ALPHA two,BRAVO one,CHARLIE one," ] &&
    pass "one-parse: the older version of the broken item is converted" ||
    fail "one-parse: items converted: $got (expected ALPHA two, BRAVO one, CHARLIE one)"

# 4. The same with one reader, and as a bundle and as an --each run (the
#    shared batch layer): the fall-back is there, the failure is counted.
"$TXT" -j 1 -o "$NP_TMP/out1.txt" "$D" 2>/dev/null
cmp -s "$NP_TMP/out.txt" "$NP_TMP/out1.txt" && pass "one-parse: -j 1 and -j 2 give the same text" ||
    fail "one-parse: -j 1 and -j 2 differ"
mkdir -p "$NP_TMP/b"
"$TXT" -q --bundle "$NP_TMP/b/out" --partner web-utf8 --state-dir "$NP_TMP/b" "$D" 2>"$NP_TMP/berr"
brc=$?
if [ $brc -eq 1 ] && grep -r -q -F "BRAVO one" "$NP_TMP/b/out" && ! grep -r -q -F "BRAVO two" "$NP_TMP/b/out"; then
    pass "one-parse: the bundle falls back too (exit 1)"
else
    fail "one-parse: bundle (exit $brc)"; sed 's/^/    stderr: /' "$NP_TMP/berr"
fi
mkdir -p "$NP_TMP/each"
"$TXT" -q --each day -o "$NP_TMP/each/{date}.txt" "$D" 2>"$NP_TMP/eerr"
erc=$?
if [ $erc -eq 1 ] && grep -q -F "BRAVO one" "$NP_TMP/each/2026-11-20.txt" 2>/dev/null; then
    pass "one-parse: --each falls back too (exit 1)"
else
    fail "one-parse: --each (exit $erc)"; sed 's/^/    stderr: /' "$NP_TMP/eerr"
fi

# 5. A broken file whose item is superseded is never read whole: not reported.
rm "$D/b-v1.xml"
item "$D/b-v3.xml" urn:test:b 3 "BRAVO three"
"$TXT" -o "$NP_TMP/out3.txt" "$D" 2>"$NP_TMP/err3"
rc3=$?
if [ $rc3 -eq 0 ] && ! grep -q -F "b-v2.xml" "$NP_TMP/err3" && grep -q -F "BRAVO three" "$NP_TMP/out3.txt"; then
    pass "one-parse: a superseded broken file is not read whole (exit 0)"
else
    fail "one-parse: superseded broken file (exit $rc3)"; sed 's/^/    stderr: /' "$NP_TMP/err3"
fi
