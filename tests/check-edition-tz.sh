#!/bin/bash
# The edition's day: --tz ZONE (and the style's "timezone", and TZ) makes
# --date, --from/--to, --week and the bundles' dates days in that zone, in
# all three programs; items at 00:30 and 23:30 local time in +05:00 and
# -08:00 land on the right day, and times written without a zone are the
# edition's (noted once in the summary).
. "$(dirname "$0")/lib.sh"
TXT="$BIN/newsml2txt"
PDF="$BIN/newsml2pdf"
EPUB="$BIN/newsml2epub"
for p in "$TXT" "$PDF" "$EPUB"; do
    if [ ! -x "$p" ]; then fail "edition-tz ($p not built)"; exit 0; fi
done

# item NAME DATE: a one-paragraph story "Story NAME" created at DATE.
item() {
    cat > "$NP_TMP/$3/$1.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="tag:tz.example,2026:$1"
    version="1" standard="NewsML-G2" standardversion="2.35" xml:lang="en">
  <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:TZ"/>
    <versionCreated>$2</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
  <contentMeta><contentCreated>$2</contentCreated><headline>Story $1</headline></contentMeta>
  <contentSet><inlineData contenttype="text/plain">Copy of story $1, filed for the edition test.</inlineData></contentSet>
</newsItem>
EOF
}

# One day, Monday 2026-11-16, seen from Karachi (+05:00) and Los Angeles (-08:00).
mkdir -p "$NP_TMP/day" "$NP_TMP/week"
item khi-0030 2026-11-16T00:30:00+05:00 day
item khi-2330 2026-11-16T23:30:00+05:00 day
item khi-prev-2330 2026-11-15T23:30:00+05:00 day
item khi-next-0030 2026-11-17T00:30:00+05:00 day
item la-0030 2026-11-16T00:30:00-08:00 day
item la-2330 2026-11-16T23:30:00-08:00 day
item la-prev-2330 2026-11-15T23:30:00-08:00 day
item la-next-0030 2026-11-17T00:30:00-08:00 day
item local-0030 "2026-11-16 00:30:00" day # no zone: the edition's
item local-2330 "2026-11-16 23:30:00" day

want_karachi="khi-0030 khi-2330 la-0030 la-prev-2330 local-0030 local-2330"
want_la="khi-2330 khi-next-0030 la-0030 la-2330 local-0030 local-2330"
want_utc="khi-2330 khi-next-0030 la-0030 la-prev-2330 local-0030 local-2330"

# stories FILE...: the story names a text holds, sorted, on one line.
stories() { grep -aoh 'Story [a-z0-9-]*' "$@" | sed 's/^Story //' | sort -u | tr '\n' ' ' | sed 's/ $//'; }
same() { # same NAME GOT WANT
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1"; echo "    got:  $2"; echo "    want: $3"; fi
}

# ---- plain text: --from/--to -------------------------------------------------
for z in Asia/Karachi America/Los_Angeles UTC; do
    case $z in Asia/*) want=$want_karachi ;; America/*) want=$want_la ;; *) want=$want_utc ;; esac
    "$TXT" --tz "$z" --from 2026-11-16 --to 2026-11-16 -o "$NP_TMP/t.txt" "$NP_TMP/day" 2> "$NP_TMP/t.err"
    same "txt --tz $z --from/--to: the day's items" "$(stories "$NP_TMP/t.txt")" "$want"
done
# the zone-less times are shown in the edition's zone; the summary says so once
"$TXT" --tz Asia/Karachi -o "$NP_TMP/t.txt" "$NP_TMP/day/local-2330.xml" "$NP_TMP/day/local-0030.xml" \
    2> "$NP_TMP/t.err"
check "txt: a time without a zone is the edition's" grep -q 'Nov. 16, 2026, 23:30 UTC+05:00' "$NP_TMP/t.txt"
n=$(grep -c 'dated without a time zone' "$NP_TMP/t.err")
check "txt: the summary notes zone-less times once a run ($n)" \
    grep -q '2 items dated without a time zone: read as Asia/Karachi time' "$NP_TMP/t.err"
[ "$n" = 1 ] || fail "txt: the zone note is printed $n times"
# an explicit time, also without a zone, is the edition's
"$TXT" --tz Asia/Karachi --from 2026-11-16T23:00 --to 2026-11-17T01:00 -o "$NP_TMP/t.txt" "$NP_TMP/day" 2>/dev/null
same "txt: --from/--to times without a zone" "$(stories "$NP_TMP/t.txt")" "khi-2330 khi-next-0030 local-2330"
# default: TZ as the C library reads it
TZ=Asia/Karachi "$TXT" --from 2026-11-16 --to 2026-11-16 -o "$NP_TMP/t.txt" "$NP_TMP/day" 2>/dev/null
same "txt: without --tz, TZ is the edition's zone" "$(stories "$NP_TMP/t.txt")" "$want_karachi"
if "$TXT" --tz Mars/Olympus_Mons "$NP_TMP/day" > /dev/null 2> "$NP_TMP/t.err"; then
    fail "txt: an unknown zone is refused"
else
    rc=$?
    [ $rc = 2 ] && grep -q "unknown time zone 'Mars/Olympus_Mons'" "$NP_TMP/t.err" &&
        pass "txt: an unknown zone is a usage error" || fail "txt: unknown zone gave $rc: $(cat "$NP_TMP/t.err")"
fi

# ---- bundles: their --from/--to ------------------------------------------------
for z in Asia/Karachi America/Los_Angeles; do
    case $z in Asia/*) want=$want_karachi ;; *) want=$want_la ;; esac
    rm -rf "$NP_TMP/b"
    "$TXT" --quiet --tz "$z" --from 2026-11-16 --to 2026-11-16 --bundle "$NP_TMP/b" \
        --partner web-utf8 --state-dir "$NP_TMP" "$NP_TMP/day" 2>/dev/null
    same "bundle --tz $z: the day's items" "$(stories "$NP_TMP/b/manifest.json")" "$want"
done

# ---- e-paper: --date, the masthead, the style's timezone key -----------------------
pdf_stories() { grep -a '^story' "$1" | stories /dev/stdin; }
for z in Asia/Karachi America/Los_Angeles; do
    case $z in Asia/*) want=$want_karachi ;; *) want=$want_la ;; esac
    "$PDF" --quiet --tz "$z" --date 2026-11-16 --style a4 --layout-report "$NP_TMP/p.layout" \
        -o "$NP_TMP/p.pdf" "$NP_TMP/day" 2>/dev/null
    same "pdf --tz $z --date: the day's items" "$(pdf_stories "$NP_TMP/p.layout")" "$want"
done
if command -v pdftotext >/dev/null; then
    pdftotext -f 1 -l 1 "$NP_TMP/p.pdf" "$NP_TMP/p.txt" 2>/dev/null
    check "pdf: the masthead shows the edition's day" grep -qi 'Monday, Nov. 16, 2026' "$NP_TMP/p.txt"
else
    skip "pdf: masthead (no pdftotext)"
fi
# (a key before the first [section] is a top-level key)
{ echo 'timezone = Asia/Karachi'; cat "$NP_ROOT/styles/a4.style"; } > "$NP_TMP/karachi.style"
"$PDF" --quiet --date 2026-11-16 --style "$NP_TMP/karachi.style" --layout-report "$NP_TMP/p.layout" \
    -o "$NP_TMP/p.pdf" "$NP_TMP/day" 2>/dev/null
same "pdf: the style's timezone key" "$(pdf_stories "$NP_TMP/p.layout")" "$want_karachi"
"$PDF" --quiet --tz UTC --date 2026-11-16 --style "$NP_TMP/karachi.style" --layout-report \
    "$NP_TMP/p.layout" -o "$NP_TMP/p.pdf" "$NP_TMP/day" 2>/dev/null
same "pdf: --tz wins over the style" "$(pdf_stories "$NP_TMP/p.layout")" "$want_utc"
sed -i 's|^timezone = .*|timezone = Asia/Karachii|' "$NP_TMP/karachi.style"
"$PDF" --quiet --date 2026-11-16 --style "$NP_TMP/karachi.style" -o "$NP_TMP/p.pdf" "$NP_TMP/day" \
    2> "$NP_TMP/p.err"
rc=$?
[ $rc = 2 ] && grep -q "karachi.style: timezone: unknown time zone 'Asia/Karachii'" "$NP_TMP/p.err" &&
    pass "pdf: a wrong timezone key names the style file" || fail "pdf: bad style zone gave $rc: $(cat "$NP_TMP/p.err")"

# ---- digest: --week and --from/--to ------------------------------------------------
# ISO week 2026-W47 is Monday Nov. 16 to Sunday Nov. 22.
item mon-khi-0030 2026-11-16T00:30:00+05:00 week
item sun-la-2330 2026-11-22T23:30:00-08:00 week
item wed-utc-1200 2026-11-18T12:00:00Z week
item mon-local-0030 "2026-11-16 00:30:00" week
item tue-la-2200 2026-11-17T22:00:00-08:00 week # Wednesday in Karachi
epub_stories() {
    python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in z.namelist():
    if n.endswith(".xhtml"):
        sys.stdout.write(z.read(n).decode("utf-8"))' "$1" | stories /dev/stdin
}
for z in Asia/Karachi America/Los_Angeles UTC; do
    case $z in
    Asia/*) want="mon-khi-0030 mon-local-0030 tue-la-2200 wed-utc-1200" ;;
    America/*) want="mon-local-0030 sun-la-2330 tue-la-2200 wed-utc-1200" ;;
    *) want="mon-local-0030 tue-la-2200 wed-utc-1200" ;;
    esac
    "$EPUB" --quiet --tz "$z" --week 2026-W47 -o "$NP_TMP/w.epub" "$NP_TMP/week" 2>/dev/null
    same "epub --tz $z --week: the week's items" "$(epub_stories "$NP_TMP/w.epub")" "$want"
done
"$EPUB" --quiet --tz Asia/Karachi --from 2026-11-16 --to 2026-11-16 -o "$NP_TMP/d.epub" "$NP_TMP/day" 2>/dev/null
same "epub --tz Asia/Karachi --from/--to: the day's items" "$(epub_stories "$NP_TMP/d.epub")" "$want_karachi"
# day sections are the edition's days: Tuesday 22:00 in Los Angeles is
# Wednesday in Karachi
"$EPUB" --quiet --tz Asia/Karachi --week 2026-W47 --section-by day -o "$NP_TMP/w.epub" "$NP_TMP/week" 2>/dev/null
python3 -c 'import sys, zipfile
nav = zipfile.ZipFile(sys.argv[1]).read("EPUB/nav.xhtml").decode("utf-8")
sys.exit(0 if "Monday, Nov. 16, 2026" in nav and "Tuesday" not in nav else 1)' "$NP_TMP/w.epub" &&
    pass "epub: day sections are the edition's days" || fail "epub: day sections are the edition's days"
