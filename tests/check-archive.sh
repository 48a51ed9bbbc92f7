#!/bin/bash
# Archive runs (doc/archive-runs.md): --each day|week writes one output per
# day or ISO week, each equal to the run for that day alone; reruns skip
# what is newer than its inputs; --force redoes all; -j does not change the
# bytes; shards run with GNU parallel make exactly the unsharded outputs;
# a bad output fails alone.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
export NEWSPRINT_STYLES="$NP_ROOT/styles"
PDF="$BIN/newsml2pdf"
EPUB="$BIN/newsml2epub"
TXT="$BIN/newsml2txt"

# Copies: the test changes modification times.
S="$NP_TMP/samples"
cp -r "$NP_ROOT/samples" "$S"
G="$NP_TMP/gen"
python3 "$NP_ROOT/bench/gen.py" -n 200 "$G" >/dev/null 2>&1

# "name=sha256 mtime" of every file in a folder, sorted.
state() { (cd "$1" && for f in *; do printf '%s %s %s\n' "$f" "$(sha256sum <"$f" | cut -c1-16)" "$(stat -c %Y.%y "$f")"; done); }
names() { (cd "$1" && ls); }

# ---- usage -------------------------------------------------------------------
usage_case() { # NAME ARGS...: must exit 2 with a message
    name=$1; shift
    out=$("$@" 2>&1); rc=$?
    if [ $rc -eq 2 ] && [ -n "$out" ]; then pass "archive: refused: $name"; else fail "archive: $name (status $rc): $out"; fi
}
usage_case "--each without a placeholder" "$PDF" --each day -o "$NP_TMP/epaper.pdf" "$S"
usage_case "--each week with {date} only" "$EPUB" --each week -o "$NP_TMP/d-{date}.epub" "$S"
usage_case "an unknown placeholder" "$PDF" --each day -o "$NP_TMP/e-{date}-{name}.pdf" "$S"
usage_case "a folder that does not exist" "$PDF" --each day -o "$NP_TMP/none/e-{date}.pdf" "$S"
usage_case "a placeholder in the folder" "$TXT" --each day -o "$NP_TMP/{date}/e.txt" "$S"
usage_case "standard input" "$TXT" --each day -o "$NP_TMP/t-{date}.txt" -
usage_case "no -o" "$TXT" --each day "$S"
usage_case "--shard without --each" "$PDF" --shard 0/2 -o "$NP_TMP/e.pdf" "$S"
usage_case "--force without --each" "$TXT" --force "$S"
usage_case "--shard 3/3" "$TXT" --each day --shard 3/3 -o "$NP_TMP/t-{date}.txt" "$S"
usage_case "--each month" "$TXT" --each month -o "$NP_TMP/t-{date}.txt" "$S"
left=$(find "$NP_TMP" -maxdepth 1 -newer "$G" ! -name gen ! -name samples -print)
[ -z "$left" ] && pass "archive: refused runs write nothing" || fail "archive: a refused run wrote: $left"

# ---- one output per day or week, equal to the run of that day ------------------
# The days of a folder, found without --each: every day from 14 to 24
# November 2026 (and the seed's) whose --date run converts something.
days_of() {
    for d in 2023-10-17 2026-11-{14..24}; do
        "$TXT" --from "$d" --to "$d" -o /dev/null "$1" 2>&1 | grep -q '^newsml2txt: 0 converted' || echo "$d"
    done
}
for set in S G; do
    in=${!set}
    out="$NP_TMP/each-$set"; mkdir -p "$out"
    "$PDF" -q --each day -o "$out/epaper-{date}.pdf" "$in"; rc=$?
    want=$(days_of "$in" | sed 's/.*/epaper-&.pdf/')
    got=$(names "$out")
    if [ $rc -eq 0 ] && [ -n "$got" ] && [ "$got" = "$want" ]; then
        pass "archive: --each day makes one e-paper per day ($set: $(echo "$got" | wc -l))"
    else
        fail "archive: --each day outputs ($set, status $rc): got [$got] want [$want]"
    fi
    bad=""
    for f in $got; do
        d=${f#epaper-}; d=${d%.pdf}
        "$PDF" -q --date "$d" -o "$NP_TMP/one.pdf" "$in"
        cmp -s "$NP_TMP/one.pdf" "$out/$f" || bad="$bad $d"
    done
    [ -z "$bad" ] && pass "archive: each day's e-paper equals --date DAY ($set)" ||
        fail "archive: e-papers differ from --date DAY ($set):$bad"
done
mkdir -p "$NP_TMP/weeks"
"$EPUB" -q --each week -o "$NP_TMP/weeks/digest-{week}.epub" "$S"
got=$(names "$NP_TMP/weeks" | tr '\n' ' ')
bad=""
for w in 2023-W42 2026-W47; do
    "$EPUB" -q --week "$w" -o "$NP_TMP/one.epub" "$S"
    cmp -s "$NP_TMP/one.epub" "$NP_TMP/weeks/digest-$w.epub" || bad="$bad $w"
done
[ "$got" = "digest-2023-W42.epub digest-2026-W47.epub " ] && [ -z "$bad" ] &&
    pass "archive: --each week makes one digest per ISO week, each equal to --week WEEK" ||
    fail "archive: --each week: [$got], differing:$bad"
mkdir -p "$NP_TMP/txt"
"$TXT" -q --each day -o "$NP_TMP/txt/t-{date}-{week}.txt" "$S"
bad=""
for d in $(days_of "$S"); do
    f=$(ls "$NP_TMP/txt"/t-"$d"-*.txt 2>/dev/null)
    "$TXT" -q --from "$d" --to "$d" -o "$NP_TMP/one.txt" "$S"
    [ -n "$f" ] && cmp -s "$NP_TMP/one.txt" "$f" || bad="$bad $d"
done
[ -z "$bad" ] && [ -f "$NP_TMP/txt/t-2026-11-16-2026-W47.txt" ] &&
    pass "archive: newsml2txt --each day, {date} and {week}, equal to --from/--to DAY" ||
    fail "archive: newsml2txt --each day:$bad ($(names "$NP_TMP/txt" | tr '\n' ' '))"

# ---- reruns: nothing changed, one day changed, --force ---------------------------
E="$NP_TMP/each-G"
before=$(state "$E")
sleep 0.05
msg=$("$PDF" --each day -o "$E/epaper-{date}.pdf" "$G" 2>&1)
n=$(names "$E" | wc -l)
[ "$(state "$E")" = "$before" ] && case $msg in *"$n outputs: 0 written, $n up to date, 0 failed"*) true ;; *) false ;; esac &&
    pass "archive: a rerun without changes skips every output" ||
    fail "archive: rerun without changes: $msg"
# the last file of the day folder 2026-11-19: its items are dated that day
f=$(ls "$G"/2026-11-19/*.xml | tail -1)
touch "$f"
msg=$("$PDF" --verbose --each day -o "$E/epaper-{date}.pdf" "$G" 2>&1)
after=$(state "$E")
changed=$(diff <(echo "$before") <(echo "$after") | grep '^>' | cut -d' ' -f2)
written=$(echo "$msg" | grep -c ': written (')
[ "$changed" = "epaper-2026-11-19.pdf" ] && [ "$written" = 1 ] &&
    pass "archive: touching one day's input redoes that day only" ||
    fail "archive: after touching $f: changed [$changed], $written written: $msg"
before=$after
sleep 0.05
"$PDF" -q --force --each day -o "$E/epaper-{date}.pdf" "$G"
after=$(state "$E")
same_bytes=$(diff <(echo "$before" | cut -d' ' -f1,2) <(echo "$after" | cut -d' ' -f1,2) && echo y)
redone=$(diff <(echo "$before") <(echo "$after") | grep -c '^>')
[ "$same_bytes" = y ] && [ "$redone" = "$n" ] &&
    pass "archive: --force rewrites all $n outputs, with the same bytes" ||
    fail "archive: --force: $redone of $n rewritten, same bytes: ${same_bytes:-no}"

# ---- -j 1, -j 2 and -j 4 ------------------------------------------------------------------
# Outputs are made up to -j at once: the same bytes, and the same messages
# (each output's warnings, then the summary) in the same order.  W: the
# lead story whose picture draws a warning, on four more days (five
# e-papers warn).
W="$NP_TMP/warn"
mkdir -p "$W"
cp -r "$NP_ROOT/samples/images" "$W/"
for d in 14 15 17 19; do
    for f in lead picture; do
        sed "s/picture-harbour/picture-harbour-$d/g; s/lead-harbour/lead-harbour-$d/g; s/2026-11-16/2026-11-$d/g" \
            "$NP_ROOT/samples/2026-11-16-$f-harbour.xml" >"$W/2026-11-$d-$f.xml"
    done
done
for j in 1 2 4; do
    mkdir -p "$NP_TMP/j$j"
    "$PDF" -j $j --each day -o "$NP_TMP/j$j/e-{date}.pdf" "$S" "$G" "$W" 2>"$NP_TMP/j$j.pdf.err"
    "$EPUB" -j $j --each week -o "$NP_TMP/j$j/d-{week}.epub" "$S" "$G" 2>"$NP_TMP/j$j.epub.err"
    "$TXT" -q -j $j --each day -o "$NP_TMP/j$j/t-{date}.txt" "$G"
done
for j in 2 4; do
    if [ "$(names "$NP_TMP/j1" | grep -c '^d-')" -ge 2 ] && diff -r "$NP_TMP/j1" "$NP_TMP/j$j" >/dev/null; then
        pass "archive: -j 1 and -j $j give identical files ($(names "$NP_TMP/j1" | wc -l), e-papers and digests)"
    else
        fail "archive: -j 1 and -j $j differ: $(diff -r "$NP_TMP/j1" "$NP_TMP/j$j" 2>&1 | head -3)"
    fi
    if [ "$(grep -c 'warning: ' "$NP_TMP/j1.pdf.err")" -ge 5 ] && cmp -s "$NP_TMP/j1.pdf.err" "$NP_TMP/j$j.pdf.err" &&
        cmp -s "$NP_TMP/j1.epub.err" "$NP_TMP/j$j.epub.err"; then
        pass "archive: -j 1 and -j $j print the same messages in the same order"
    else
        fail "archive: messages at -j $j differ: $(diff "$NP_TMP/j1.pdf.err" "$NP_TMP/j$j.pdf.err" | head -4)"
    fi
done

# ---- shards with GNU parallel ---------------------------------------------------------------
if command -v parallel >/dev/null; then
    mkdir -p "$NP_TMP/shards" "$NP_TMP/all"
    "$TXT" -q --each day -o "$NP_TMP/all/t-{date}.txt" "$G"
    "$PDF" -q --each day -o "$NP_TMP/all/e-{date}.pdf" "$S"
    # {} is parallel's; {date} is ours (parallel leaves it alone)
    parallel --will-cite -j 3 "$TXT" -q --each day --shard {}/3 -o "$NP_TMP/shards/t-{date}.txt" "$G" ::: 0 1 2
    prc=$?
    parallel --will-cite -j 3 "$PDF" -q --each day --shard {}/3 -o "$NP_TMP/shards/e-{date}.pdf" "$S" ::: 0 1 2
    prc=$((prc + $?))
    # every output in exactly one shard
    dup=$(for k in 0 1 2; do "$TXT" --each day --shard $k/3 --force -o "$NP_TMP/t-{date}.txt" "$G" 2>&1 |
        sed -n 's/.*: \([0-9]*\) outputs*:.*/\1/p'; done | awk '{s += $1} END {print s}')
    if [ $prc -eq 0 ] && [ -n "$(names "$NP_TMP/all")" ] && diff -r "$NP_TMP/all" "$NP_TMP/shards" >/dev/null &&
        [ "$dup" = "$(names "$NP_TMP/all" | grep -c '^t-')" ]; then
        pass "archive: 3 shards run with GNU parallel make exactly the unsharded outputs, byte for byte"
    else
        fail "archive: shards (status $prc, $dup outputs in shards): $(diff -r "$NP_TMP/all" "$NP_TMP/shards" 2>&1 | head -5)"
    fi
else
    skip "archive: shards (GNU parallel not installed: apt-get install parallel)"
fi

# ---- one bad output ------------------------------------------------------------------------
mkdir -p "$NP_TMP/bad/t-2026-11-18.txt" # a folder where one output should go
msg=$("$TXT" --each day -o "$NP_TMP/bad/t-{date}.txt" "$S" 2>&1); rc=$?
files=$(find "$NP_TMP/bad" -maxdepth 1 -type f -name 't-*.txt' | wc -l)
total=$(days_of "$S" | wc -l)
[ $rc -eq 1 ] && [ "$files" = $((total - 1)) ] &&
    case $msg in *"$total outputs: $((total - 1)) written, 0 up to date, 1 failed"*) true ;; *) false ;; esac &&
    pass "archive: one output that cannot be written fails alone (exit 1, the others written)" ||
    fail "archive: bad output: status $rc, $files of $total written: $msg"

# the same with outputs made at once: the e-paper and the digest of a week
# whose name is taken by a folder fail alone
mkdir -p "$NP_TMP/badj/e-2026-11-18.pdf" "$NP_TMP/badj/d-2026-W47.epub"
total=$(days_of "$S" | wc -l)
for j in 1 2 4; do
    msg=$("$PDF" -j $j --each day -o "$NP_TMP/badj/e-{date}.pdf" "$S" 2>&1); rc=$?
    files=$(find "$NP_TMP/badj" -maxdepth 1 -type f -name 'e-*.pdf' | wc -l)
    [ $rc -eq 1 ] && [ "$files" = $((total - 1)) ] &&
        case $msg in *"e-2026-11-18.pdf"*"$total outputs: $((total - 1)) written, 0 up to date, 1 failed"*) true ;; *) false ;; esac &&
        pass "archive: -j $j: one e-paper that cannot be written fails alone (exit 1, the others written)" ||
        fail "archive: -j $j: bad e-paper: status $rc, $files of $total written: $msg"
    msg=$("$EPUB" -j $j --each week -o "$NP_TMP/badj/d-{week}.epub" "$S" 2>&1); rc=$?
    files=$(find "$NP_TMP/badj" -maxdepth 1 -type f -name 'd-*.epub' | wc -l)
    [ $rc -eq 1 ] && [ "$files" -ge 1 ] &&
        case $msg in *"d-2026-W47.epub"*"outputs: $files written, 0 up to date, 1 failed"*) true ;; *) false ;; esac &&
        pass "archive: -j $j: one digest that cannot be written fails alone (exit 1, the others written)" ||
        fail "archive: -j $j: bad digest: status $rc, $files written: $msg"
    rm -f "$NP_TMP/badj"/*.pdf "$NP_TMP/badj"/*.epub 2>/dev/null
done

# ---- progress line and --quiet -----------------------------------------------------------------
msg=$("$TXT" -q --each day --force -o "$NP_TMP/txt/t-{date}.txt" "$S" 2>&1)
[ -z "$msg" ] && pass "archive: --quiet prints nothing" || fail "archive: --quiet printed: $msg"
if command -v script >/dev/null; then
    tty=$(script -qec "'$TXT' --each day --force -o '$NP_TMP/txt/t-{date}.txt' '$G'" /dev/null 2>&1)
    case $tty in *"outputs, "*" items/s"*) pass "archive: a terminal gets a progress line (outputs done/total, items/s)" ;;
    *) fail "archive: no progress line on a terminal: $(echo "$tty" | tr '\r' '\n' | head -3)" ;; esac
    tty=$(script -qec "'$TXT' -q --each day --force -o '$NP_TMP/txt/t-{date}.txt' '$G'" /dev/null 2>&1)
    [ -z "$tty" ] && pass "archive: no progress line with --quiet" || fail "archive: --quiet on a terminal: $tty"
fi
