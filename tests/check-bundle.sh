#!/bin/bash
# Syndication bundles (newsml2txt --bundle): golden bytes of each framing,
# charset and width limits, manifest checksums, zip integrity and
# determinism, hostile sluglines, --since deltas with a correction and a
# kill, interrupted runs, embargo policies, usage errors.
# NP_UPDATE_GOLDEN=1 rewrites tests/bundle/ (review the diff before committing).
. "$(dirname "$0")/lib.sh"
TXT="$BIN/newsml2txt"
# the same program built with the test hooks (NP_TEST_HOOKS): stop, kill or fail a run from inside
TXT_HOOKS="$BUILD/test-bin/newsml2txt"
S="$NP_ROOT/samples"
G="$NP_ROOT/tests/bundle"
export NEWSPRINT_STYLES="$NP_ROOT/styles"
AT=2026-11-28
if [ ! -x "$TXT" ]; then fail "bundle (no $TXT: build first)"; exit 0; fi
if ! command -v python3 >/dev/null; then skip "bundle (python3 is needed for the checks)"; exit 0; fi

bundle() { "$TXT" --quiet --at "$AT" "$@"; }

# python helpers: manifest queries and byte-level checks
cat >"$NP_TMP/check.py" <<'EOF'
import json, sys, os, unicodedata
def cols(s):
    return sum(0 if unicodedata.combining(c) or unicodedata.category(c) in ('Mn', 'Me', 'Cf') else
               2 if unicodedata.east_asian_width(c) in ('W', 'F') else 1 for c in s)
cmd = sys.argv[1]
if cmd == 'sums':            # "SHA256  FILE" lines for sha256sum -c
    m = json.load(open(sys.argv[2], encoding='utf-8'))
    for f in m['files']:
        print(f"{f['sha256']}  {f['file']}")
elif cmd == 'bytes':         # manifest byte counts match the files
    d = sys.argv[2]
    m = json.load(open(os.path.join(d, 'manifest.json'), encoding='utf-8'))
    names = sorted(os.listdir(d))
    listed = sorted([f['file'] for f in m['files']] + ['manifest.json'])
    assert names == listed, f'files {names} != manifest {listed}'
    for f in m['files']:
        assert os.path.getsize(os.path.join(d, f['file'])) == f['bytes'], f['file']
    assert m['counts']['files'] == len(m['files'])
elif cmd == 'limits':        # DIR CHARSET WIDTH EOL: bytes allowed, line widths
    d, charset, width, eol = sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    framing_ctl = {0x01, 0x02, 0x03, 0x04, 0x11, 0x13, 0x16, 0x1f}
    bad = []
    for name in sorted(os.listdir(d)):
        if name == 'manifest.json':
            continue
        data = open(os.path.join(d, name), 'rb').read()
        for i, b in enumerate(data):
            if b == 0x0d:
                if eol != 'CRLF' or data[i + 1:i + 2] != b'\n':
                    bad.append(f'{name}: CR not before LF at {i}')
            elif b == 0x0a:
                if eol == 'CRLF' and data[i - 1:i] != b'\r':
                    bad.append(f'{name}: bare LF at {i}')
            elif b < 0x20 or b == 0x7f:
                if b not in framing_ctl:
                    bad.append(f'{name}: control byte {b:#x} at {i}')
            elif charset == 'ascii' and b > 0x7e:
                bad.append(f'{name}: non-ASCII byte {b:#x} at {i}')
            elif charset == 'latin-1' and 0x80 <= b <= 0x9f:
                bad.append(f'{name}: C1 control {b:#x} at {i}')
        text = data.decode('utf-8' if charset == 'utf-8' else 'latin-1')
        for n, line in enumerate(text.replace('\r\n', '\n').split('\n'), 1):
            w = cols(''.join(c for c in line if ord(c) >= 0x20))
            if w > width:
                bad.append(f'{name}:{n}: {w} columns > {width}')
    print('\n'.join(bad[:20]))
    sys.exit(1 if bad else 0)
elif cmd == 'names':         # every file name is one safe component
    d = sys.argv[2]
    devices = {'CON', 'PRN', 'AUX', 'NUL'} | {f'{p}{i}' for p in ('COM', 'LPT') for i in range(10)}
    bad = []
    for name in os.listdir(d):
        raw = os.fsencode(name)
        try:
            raw.decode('utf-8')
        except UnicodeDecodeError:
            bad.append(f'not UTF-8: {raw!r}')
        if len(raw) > 100: bad.append(f'longer than 100 bytes: {name}')
        if '/' in name or '\\' in name or '..' in name: bad.append(f'path characters: {name!r}')
        if name.startswith('.') or name.startswith('-'): bad.append(f'leading dot or dash: {name!r}')
        if any(ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f or unicodedata.category(c) == 'Cf' for c in name):
            bad.append(f'control or format character: {name!r}')
        if name.split('.')[0].upper() in devices: bad.append(f'device name: {name}')
    print('\n'.join(bad))
    sys.exit(1 if bad else 0)
elif cmd == 'get':           # MANIFEST python-expression over m
    m = json.load(open(sys.argv[2], encoding='utf-8'))
    print(eval(sys.argv[3]))
EOF
py() { python3 "$NP_TMP/check.py" "$@"; }

# ---- golden bytes for each framing ------------------------------------------
GOLD_IN=("$S/2026-11-16-lead-harbour.xml" "$S/2026-11-17-wire-dairy-plain.xml"
         "$S/2026-11-19-urdu-lahore-smog-rtl.xml" "$S/2026-11-19-zh-harbin-ice-cjk.xml"
         "$S/2026-11-20-greek-ferry-strike.xml" "$S/2026-11-20-science-comet-v1.xml"
         "$S/2026-11-21-science-comet-v2-correction.xml" "$S/2026-11-22-embargoed-time-capsule.xml")
# (lib.sh's check() sets $name and $out: the loops here use other names)
for p in web-utf8 iptc7901-latin1 anpa1312-ascii; do
    dir="$NP_TMP/gold-$p"
    mkdir -p "$NP_TMP/state-gold-$p"
    if ! bundle --bundle "$dir" --partner "$p" --state-dir "$NP_TMP/state-gold-$p" "${GOLD_IN[@]}" 2>"$NP_TMP/err"; then
        fail "bundle/golden/$p (newsml2txt failed)"; sed 's/^/    /' "$NP_TMP/err"; continue
    fi
    if [ "${NP_UPDATE_GOLDEN:-0}" = 1 ]; then
        rm -rf "${G:?}/$p"; mkdir -p "$G/$p"; cp "$dir"/* "$G/$p/"; skip "bundle/golden/$p (updated)"; continue
    fi
    if [ ! -d "$G/$p" ]; then fail "bundle/golden/$p (no $G/$p; run with NP_UPDATE_GOLDEN=1)"; continue; fi
    if diff -r "$G/$p" "$dir" >"$NP_TMP/diff" 2>&1; then
        pass "bundle/golden/$p"
    else
        fail "bundle/golden/$p"
        head -5 "$NP_TMP/diff" | sed 's/^/    /'
        for f in "$G/$p"/*; do
            b=$(basename "$f")
            cmp -s "$f" "$dir/$b" || { diff -u <(cat -A "$f") <(cat -A "$dir/$b") | head -30 | sed 's/^/    /'; break; }
        done
    fi
done

# ---- every sample through every profile: limits, checksums, zip -------------------
for p in web-utf8:utf-8:72:LF iptc7901-latin1:latin-1:69:CRLF anpa1312-ascii:ascii:69:CRLF; do
    IFS=: read -r pname cs width eol <<<"$p"
    dir="$NP_TMP/all-$pname"
    if ! bundle --bundle "$dir" --partner "$pname" --state-dir "$NP_TMP" "$S" 2>"$NP_TMP/err"; then
        fail "bundle/all-samples/$pname"; sed 's/^/    /' "$NP_TMP/err"; continue
    fi
    check "bundle/limits/$pname ($cs, $width columns, $eol)" py limits "$dir" "$cs" "$width" "$eol"
    check "bundle/sha256sum/$pname" bash -c "cd '$dir' && python3 '$NP_TMP/check.py' sums manifest.json | sha256sum --quiet -c -"
    check "bundle/manifest-bytes/$pname" py bytes "$dir"
done

zip1="$NP_TMP/z1/iptc.zip"; zip2="$NP_TMP/z2/iptc.zip"
mkdir -p "$NP_TMP/z1" "$NP_TMP/z2"
if bundle --bundle "$zip1" --partner iptc7901-latin1 "$S" 2>"$NP_TMP/err" &&
   bundle --bundle "$zip2" --partner iptc7901-latin1 "$S" 2>>"$NP_TMP/err"; then
    check "bundle/zip/unzip-t" unzip -tq "$zip1"
    check "bundle/zip/deterministic" cmp "$zip1" "$zip2"
    check "bundle/zip/sorted-entries" bash -c "zipinfo -1 '$zip1' > '$NP_TMP/z.lst' && LC_ALL=C sort -c '$NP_TMP/z.lst'"
    mkdir -p "$NP_TMP/zx" && (cd "$NP_TMP/zx" && unzip -q "$zip1")
    check "bundle/zip/same-as-directory" diff -r "$NP_TMP/zx" "$NP_TMP/all-iptc7901-latin1"
    check "bundle/zip/sha256sum" bash -c "cd '$NP_TMP/zx' && python3 '$NP_TMP/check.py' sums manifest.json | sha256sum --quiet -c -"
    check "bundle/zip/no-temporary-left" bash -c "[ \$(ls -A '$NP_TMP/z1' | grep -vc -e '^iptc.zip\$' -e '\\.seq\$' -e '\\.seq\\.lock\$') = 0 ]"
else
    fail "bundle/zip"; sed 's/^/    /' "$NP_TMP/err"
fi

# ---- hostile sluglines -------------------------------------------------------
H="$NP_TMP/hostile"; mkdir -p "$H/in"
long=$(printf 'L%.0s' $(seq 300))
wide=$(printf '\xc3\xa9%.0s' $(seq 150))
n=0
for slug in '../../x' '/etc/passwd' '..' '.hidden' 'a&#x85;b&#x7f;c&#x9;d' 'CON' 'nul.txt' 'COM1' \
            "$long" "$wide" 'evil&#x202e;txt.exe' 'dup' 'DUP' 'dup' 'manifest.json' '&#x200b;'; do
    n=$((n + 1))
    sed -e "s|w47-wire-dairy\"|w47-hostile-$n\"|" -e "s|<slugline>[^<]*</slugline>|<slugline>$slug</slugline>|" \
        "$S/2026-11-17-wire-dairy-plain.xml" >"$H/in/h$(printf %02d $n).xml"
done
cat >"$H/slug.profile" <<'EOF'
name = hostile-test
[format]
framing = plain
width = 60
[files]
name = {slug}
EOF
before=$(ls -A "$NP_TMP" | sort)
if bundle --bundle "$H/out" --partner "$H/slug.profile" --state-dir "$H" "$H/in" 2>"$NP_TMP/err"; then
    check "bundle/hostile/safe-names" py names "$H/out"
    got=$(($(ls -A "$H/out" | wc -l) - 1))
    if [ "$got" = "$n" ]; then pass "bundle/hostile/all-$n-items-survive-collisions"; else fail "bundle/hostile/all-$n-items-survive-collisions (got $got)"; ls -A "$H/out" | sed 's/^/    /'; fi
    check "bundle/hostile/flat" bash -c "[ -z \"\$(find '$H/out' -mindepth 2)\" ] && [ -z \"\$(find '$H/out' -type l)\" ]"
    after=$(ls -A "$NP_TMP" | sort)
    if [ "$before" = "$after" ] && [ ! -e /x ] && [ ! -e "$H/x" ]; then pass "bundle/hostile/nothing-outside"; else fail "bundle/hostile/nothing-outside"; fi
    check "bundle/hostile/manifest-bytes" py bytes "$H/out"
else
    fail "bundle/hostile"; sed 's/^/    /' "$NP_TMP/err"
fi

# ---- --since: a delta after a correction and a kill ---------------------------------
D="$NP_TMP/delta"; mkdir -p "$D/in1" "$D/state"
for f in "$S"/*.xml; do
    case "$f" in *comet-v2-correction*|*canceled-kill-notice*) ;; *) cp "$f" "$D/in1/" ;; esac
done
# the story the kill notice withdraws, as it was first sent (version 1, usable)
sed -e 's|version="2"|version="1"|' -e 's|stat:canceled|stat:usable|' \
    "$S/2026-11-21-canceled-kill-notice.xml" >"$D/in1/2026-11-21-band-reunion-v1.xml"
cp -r "$D/in1" "$D/in2"
cp "$S/2026-11-21-science-comet-v2-correction.xml" "$S/2026-11-21-canceled-kill-notice.xml" "$D/in2/"
if bundle --bundle "$D/b1" --partner iptc7901-latin1 --state-dir "$D/state" "$D/in1" 2>"$NP_TMP/err" &&
   bundle --bundle "$D/b2" --partner iptc7901-latin1 --state-dir "$D/state" --since "$D/b1/manifest.json" "$D/in2" 2>>"$NP_TMP/err"; then
    m2="$D/b2/manifest.json"
    sig=$(py get "$m2" "' '.join(sorted(f['signal'] + ':' + f['guid'].split(':')[-1] + ':v' + str(f['version']) for f in m['files']))")
    want="correction:w47-science-comet:v2 kill:w47-culture-band-reunion:v2"
    if [ "$sig" = "$want" ]; then pass "bundle/since/exactly-correction-and-kill"; else fail "bundle/since/exactly-correction-and-kill (got '$sig')"; fi
    old=$(py get "$D/b1/manifest.json" "[f['file'] for f in m['files'] if f['guid'].endswith('science-comet')][0]")
    corr=$(py get "$m2" "[f['file'] for f in m['files'] if f['signal'] == 'correction'][0]")
    check "bundle/since/correction-line" grep -q "^CORRECTION: replaces version 1 sent as" "$D/b2/$corr"
    check "bundle/since/correction-names-old-file" test "$(py get "$m2" "[f['replaces_file'] for f in m['files'] if f['signal'] == 'correction'][0]")" = "$old"
    kill=$(py get "$m2" "[f['file'] for f in m['files'] if f['signal'] == 'kill'][0]")
    check "bundle/since/kill-notice" grep -q "KILL KILL KILL" "$D/b2/$kill"
    last1=$(py get "$D/b1/manifest.json" "m['sequence']['last']")
    first2=$(py get "$m2" "m['sequence']['first']")
    check "bundle/since/sequence-continues" test "$first2" = "$((last1 + 1))"
    check "bundle/since/state-file" grep -q "^next_sequence = $(py get "$m2" "m['sequence']['next']")\$" "$D/state/iptc7901-latin1.seq"
    # a third run with nothing new: an empty delta that still knows the history
    if bundle --bundle "$D/b3" --partner iptc7901-latin1 --state-dir "$D/state" --since "$D/b2" "$D/in2" 2>>"$NP_TMP/err"; then
        check "bundle/since/nothing-new" test "$(py get "$D/b3/manifest.json" "len(m['files']) == 0 and m['left_out']['already_sent'] > 10 and len(m['previously_delivered']) > 10")" = True
    else
        fail "bundle/since/nothing-new"; sed 's/^/    /' "$NP_TMP/err"
    fi
    # another partner's manifest is refused
    if bundle --bundle "$D/b4" --partner anpa1312-ascii --state-dir "$D/state" --since "$m2" "$D/in2" 2>"$NP_TMP/err4"; then
        fail "bundle/since/other-partner-refused"
    else
        check "bundle/since/other-partner-refused" test ! -e "$D/b4"
    fi
else
    fail "bundle/since"; sed 's/^/    /' "$NP_TMP/err"
fi

# ---- interrupted bundles: no partial output, counter unchanged -----------------------
if [ ! -x "$TXT_HOOKS" ]; then fail "bundle/interrupted (no $TXT_HOOKS: make units builds it)"; fi
I="$NP_TMP/intr"; mkdir -p "$I/state"
bundle --bundle "$I/first" --partner anpa1312-ascii --state-dir "$I/state" "$S/2026-11-16-lead-harbour.xml" 2>/dev/null
cp "$I/state/anpa1312-ascii.seq" "$I/seq.before"
for hook in NEWSPRINT_TEST_ABORT_AFTER NEWSPRINT_TEST_KILL_AFTER; do
    for dest in "$I/out-$hook" "$I/out-$hook.zip"; do
        # in a child shell, so that "Killed" is not reported here
        bash -c "$hook=3 '$TXT_HOOKS' --quiet --at $AT --bundle '$dest' --partner anpa1312-ascii --state-dir '$I/state' '$S'; exit \$?" >/dev/null 2>&1
        rc=$?
        tname="bundle/interrupted/$hook/$(basename "$dest") (exit $rc)"
        if [ $rc = 0 ]; then fail "$tname"; continue; fi
        if [ -e "$dest" ]; then fail "$tname: partial output at OUT"; continue; fi
        if ! cmp -s "$I/seq.before" "$I/state/anpa1312-ascii.seq"; then fail "$tname: counter moved"; continue; fi
        if [ $hook = NEWSPRINT_TEST_ABORT_AFTER ] && ls -A "$I" | grep -q partial; then fail "$tname: temporary left behind"; continue; fi
        pass "$tname"
    done
done
# the programs users run have no hooks: the same variables do nothing there
mkdir -p "$I/nohooks-state"
if NEWSPRINT_TEST_KILL_AFTER=1 NEWSPRINT_TEST_ABORT_AFTER=1 NEWSPRINT_TEST_FAIL_STATE=1 \
   bundle --bundle "$I/nohooks" --partner web-utf8 --state-dir "$I/nohooks-state" "$S/2026-11-16-lead-harbour.xml" 2>/dev/null; then
    check "bundle/hooks-only-in-test-builds" test -f "$I/nohooks/manifest.json"
else
    fail "bundle/hooks-only-in-test-builds (exit $?)"
fi
stale_lock=0; [ -e "$I/state/anpa1312-ascii.seq.lock" ] && stale_lock=1
rm -rf "$I"/.out-*.partial-* # what a killed run leaves: a hidden temporary beside OUT
if bundle --bundle "$I/after" --partner anpa1312-ascii --state-dir "$I/state" "$S" 2>/dev/null; then
    check "bundle/interrupted/next-run-continues" test "$(py get "$I/after/manifest.json" "m['sequence']['first']")" = \
        "$(( $(py get "$I/first/manifest.json" "m['sequence']['next']") ))"
else
    fail "bundle/interrupted/next-run-continues"
fi

# ---- sequence numbers are never reused ------------------------------------------------
# The state file cannot be written: either no bundle ships, or the next run
# starts after the numbers that bundle used.
Q="$NP_TMP/seq"; mkdir -p "$Q/state"
NEWSPRINT_TEST_FAIL_STATE=1 "$TXT_HOOKS" --quiet --at $AT --bundle "$Q/a" --partner web-utf8 --state-dir "$Q/state" \
    "$S/2026-11-16-lead-harbour.xml" "$S/2026-11-17-wire-dairy-plain.xml" >/dev/null 2>&1
rc_a=$?
if bundle --bundle "$Q/b" --partner web-utf8 --state-dir "$Q/state" "$S/2026-11-20-greek-ferry-strike.xml" 2>"$NP_TMP/err"; then
    if [ -e "$Q/a" ]; then
        last_a=$(py get "$Q/a/manifest.json" "m['sequence']['last']")
        first_b=$(py get "$Q/b/manifest.json" "m['sequence']['first']")
        check "bundle/sequence/state-write-fails-no-reuse (a: exit $rc_a, last $last_a; b: first $first_b)" test "$first_b" -gt "$last_a"
    else
        check "bundle/sequence/state-write-fails-no-bundle" test $rc_a != 0
    fi
else
    fail "bundle/sequence/state-write-fails"; sed 's/^/    /' "$NP_TMP/err"
fi
# the lock file a killed run left behind: its lock died with the run
check "bundle/sequence/lock-left-by-killed-run-does-not-block" test "$stale_lock" = 1 -a -f "$I/after/manifest.json"

# ---- one bundle at a time into one OUT, whatever the partner ---------------------------
# (another run holds OUT's lock: a second partner must not replace that bundle)
C="$NP_TMP/conc"; mkdir -p "$C"
if bundle --bundle "$C/out" --partner web-utf8 --state-dir "$C" "$S/2026-11-16-lead-harbour.xml" 2>"$NP_TMP/err"; then
    cp "$C/out/manifest.json" "$C/manifest.before"
    flock -n "$C/.out.lock" bash -c "'$TXT' --quiet --at $AT --bundle '$C/out' --partner anpa1312-ascii --state-dir '$C' '$S' 2>'$NP_TMP/err2'; echo \$? >'$C/rc'"
    rc=$(cat "$C/rc")
    check "bundle/one-writer-per-out/refused (exit $rc)" test "$rc" != 0
    check "bundle/one-writer-per-out/message" grep -q "being written" "$NP_TMP/err2"
    check "bundle/one-writer-per-out/first-bundle-kept" cmp -s "$C/manifest.before" "$C/out/manifest.json"
else
    fail "bundle/one-writer-per-out"; sed 's/^/    /' "$NP_TMP/err"
fi

# ---- embargo policies -----------------------------------------------------------------
EMB="$S/2026-11-22-embargoed-time-capsule.xml"
E="$NP_TMP/emb"; mkdir -p "$E"
if bundle --bundle "$E/inc" --partner iptc7901-latin1 --state-dir "$E" "$EMB" 2>/dev/null &&
   bundle --bundle "$E/hold" --partner anpa1312-ascii --state-dir "$E" "$EMB" 2>/dev/null; then
    check "bundle/embargo/include-line" grep -rq "^EMBARGOED-UNTIL: 2099-01-01T00:00:00Z" "$E/inc"
    check "bundle/embargo/include-manifest" test "$(py get "$E/inc/manifest.json" "m['files'][0]['embargo']")" = "2099-01-01T00:00:00Z"
    check "bundle/embargo/hold" test "$(py get "$E/hold/manifest.json" "len(m['files']), m['left_out']['embargoed']")" = "(0, 1)"
else
    fail "bundle/embargo"
fi

# ---- usage errors ------------------------------------------------------------------
U="$NP_TMP/usage"; mkdir -p "$U/notabundle"; echo keep >"$U/notabundle/keep.txt"
"$TXT" --quiet --bundle "$U/x" --partner no-such-partner "$S" 2>/dev/null
check "bundle/usage/unknown-partner" test $? = 2
"$TXT" --quiet --bundle "$U/notabundle" --partner web-utf8 "$S" 2>/dev/null
rc=$?
check "bundle/usage/refuses-foreign-directory" bash -c "[ $rc != 0 ] && [ \"\$(ls '$U/notabundle')\" = keep.txt ]"
"$TXT" --quiet --bundle "$U/y" "$S" 2>/dev/null
check "bundle/usage/needs-partner" test $? = 2
printf 'name = bad\n[format]\nframing = telex\n' >"$U/bad.profile"
"$TXT" --quiet --bundle "$U/z" --partner "$U/bad.profile" "$S" 2>"$NP_TMP/err"
check "bundle/usage/bad-profile" bash -c "[ $? = 2 ] && grep -q 'format.framing' '$NP_TMP/err'"
exit 0
