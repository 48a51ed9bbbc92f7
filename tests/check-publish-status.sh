#!/bin/bash
# Withheld, canceled and embargoed items never reach an output (issue 14.3):
# pubStatus is read through the catalog rules (uri or qcode, the item's own
# <catalog> aliases and the standard "stat:"), case-insensitively; a status
# that cannot be resolved and an empty or unreadable <embargoed> hold the
# item with a warning.  The files are tests/hostile/publish-*.xml.
. "$(dirname "$0")/lib.sh"

H="$NP_ROOT/tests/hostile"
TXT="$BIN/newsml2txt"
EPUB="$BIN/newsml2epub"
if [ ! -x "$TXT" ]; then
    fail "publish-status: $TXT not built (make all)"
    exit 0
fi

# NAME|WHAT (published, or the summary's reason)|WARNS (1: a warning names the file)
CASES="
uri-withheld|withheld|0
uri-canceled-upper|canceled|0
qcode-withheld-mixed-case|withheld|0
qcode-cancelled|canceled|0
alias-canceled|canceled|0
alias-usable|published|0
usable-upper|published|0
unknown-scheme|withheld|1
unknown-code|withheld|1
embargo-empty|under embargo|1
embargo-malformed|under embargo|1
"

while IFS='|' read -r name what warns; do
    [ -n "$name" ] || continue
    f="$H/publish-$name.xml"
    "$TXT" --at 2026-11-28 "$f" >"$NP_TMP/$name.out" 2>"$NP_TMP/$name.err"
    rc=$?
    why=
    nwarn=$(grep -c -E "^$f:[0-9]+: warning: " "$NP_TMP/$name.err")
    if [ "$what" = published ]; then
        [ $rc -eq 0 ] || why="exit status $rc, expected 0"
        grep -q -F "PUBLISH-$name body" "$NP_TMP/$name.out" || why="${why:+$why; }the item is missing"
    else
        grep -q -F "PUBLISH-$name" "$NP_TMP/$name.out" && why="the item was published"
        grep -q -E "^newsml2txt: 0 converted, 1 left out \\(1 $what\\)" "$NP_TMP/$name.err" ||
            why="${why:+$why; }the summary does not say '1 $what'"
    fi
    [ "$nwarn" -eq "$warns" ] || why="${why:+$why; }$nwarn warnings naming the file, expected $warns"
    if [ -z "$why" ]; then
        pass "publish-status/$name: $what"
    else
        fail "publish-status/$name: $why"; sed 's/^/    stderr: /' "$NP_TMP/$name.err" | head -5
    fi
done <<EOF
$CASES
EOF

# The warnings say what was read and that the item is held.
grep -q -F "publish-embargo-malformed.xml:8: warning: <embargoed> \"next Tuesday at noon\" is not a date and time; the item is held" \
    "$NP_TMP/embargo-malformed.err" && pass "publish-status: the embargo warning quotes the value and gives its line" ||
    { fail "publish-status: embargo warning text"; sed 's/^/    /' "$NP_TMP/embargo-malformed.err"; }
grep -q -F "warning: pubStatus \"xyz:usable\" is not a status of the IPTC scheme" "$NP_TMP/unknown-scheme.err" &&
    pass "publish-status: the pubStatus warning quotes the value" ||
    { fail "publish-status: pubStatus warning text"; sed 's/^/    /' "$NP_TMP/unknown-scheme.err"; }

# An unreadable embargo holds whatever the evaluation time...
"$TXT" --quiet --at 9999-12-31 "$H/publish-embargo-empty.xml" "$H/publish-embargo-malformed.xml" \
    >"$NP_TMP/far.out" 2>/dev/null
if [ ! -s "$NP_TMP/far.out" ]; then
    pass "publish-status: unreadable embargoes hold even at --at 9999-12-31"
else
    fail "publish-status: an unreadable embargo was released by a late --at"
fi
# ...and for a partner whose profile includes embargoed items.
B="$NP_TMP/bundle"
mkdir -p "$B"
"$TXT" --quiet --at 2026-11-28 --bundle "$B/out" --partner iptc7901-latin1 \
    "$H"/publish-*.xml >/dev/null 2>"$NP_TMP/bundle.err"
if [ -d "$B/out" ] && ! grep -r -q -E 'PUBLISH-(embargo|uri-withheld|qcode|alias-canceled|unknown)' "$B/out" &&
    grep -r -q 'PUBLISH-alias-usable' "$B/out"; then
    pass "publish-status: a bundle with embargo = include leaves out every held item"
else
    fail "publish-status: bundle"; sed 's/^/    /' "$NP_TMP/bundle.err" | head -5
    grep -r -l -E 'PUBLISH-' "$B/out" 2>/dev/null | sed 's/^/    has: /'
fi

# The digest applies the same rules.
if [ -x "$EPUB" ] && command -v unzip >/dev/null 2>&1; then
    "$EPUB" --quiet --at 2026-11-28 -o "$NP_TMP/p.epub" "$H"/publish-*.xml 2>/dev/null
    got=$(unzip -p "$NP_TMP/p.epub" 'EPUB/*.xhtml' 2>/dev/null | grep -o -E 'PUBLISH-[a-z-]+ body' | sort -u | tr '\n' ' ')
    if [ "$got" = "PUBLISH-alias-usable body PUBLISH-usable-upper body " ]; then
        pass "publish-status: the EPUB holds only the usable items"
    else
        fail "publish-status: the EPUB holds: $got"
    fi
else
    skip "publish-status: EPUB (newsml2epub or unzip missing)"
fi
