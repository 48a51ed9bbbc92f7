#!/bin/bash
# Hostile inputs (tests/hostile/README.md): every one must end in time with
# a clear message or a clean conversion -- never a crash, a hang, or a byte
# of a file outside the input's folder in the output.
#
# Small cases are files in tests/hostile/; big and deep ones are generated
# here into $NP_TMP (nothing of that size is kept in the repository).
. "$(dirname "$0")/lib.sh"

H="$NP_ROOT/tests/hostile"
TXT="$BIN/newsml2txt"
LIMIT=${NP_HOSTILE_TIMEOUT:-20}
if [ ! -x "$TXT" ]; then
    fail "hostile: $TXT not built (make all)"
    exit 0
fi

# ---- generated cases --------------------------------------------------------
G="$NP_TMP/gen"
mkdir -p "$G"
NAR='http://iptc.org/std/nar/2006-10-01/'
NITF='http://iptc.org/std/NITF/2006-10-18/'
# item_open GUID: the start of a valid item up to and including <contentSet>
item_open() {
    printf '<?xml version="1.0" encoding="UTF-8"?>\n'
    printf '<newsItem xmlns="%s" guid="urn:hostile:%s" version="1" standard="NewsML-G2" standardversion="2.35" xml:lang="en">\n' "$NAR" "$1"
    printf '  <itemMeta><itemClass qcode="ninat:text"/><versionCreated>2026-11-16T09:30:00Z</versionCreated></itemMeta>\n'
    printf '  <contentMeta><headline>Generated case %s</headline><slugline>GEN-%s</slugline></contentMeta>\n' "$1" "$1"
    printf '  <contentSet>'
}
nitf_open() { printf '<inlineXML contenttype="application/nitf+xml"><nitf xmlns="%s"><body><body.content>\n' "$NITF"; }
nitf_close() { printf '\n</body.content></body></nitf></inlineXML></contentSet>\n</newsItem>\n'; }
repeat() { awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }
# words N: about N bytes of ordinary words on one line
words() { yes 'the harbour master said the water rose quickly' | head -c "$1" | tr '\n' ' '; }

{ item_open deep-nesting; nitf_open; repeat 100000 '<block>'; printf '<p>deepest</p>'
  repeat 100000 '</block>'; nitf_close; } > "$G/deep-nesting.xml"
# Deep, but inside libxml2's limit of 256: the body converter's own bound decides.
{ item_open deep-within-limit; nitf_open; printf '<p>Shallow paragraph.</p>'; repeat 240 '<block>'
  printf '<p>deepest</p>'; repeat 240 '</block>'; nitf_close; } > "$G/deep-within-limit.xml"
# The same depth as escaped HTML: parsed by libxml2's HTML parser, which has no depth limit.
{ item_open deep-html-escaped; printf '<inlineData contenttype="text/html">&lt;p&gt;Shallow paragraph.&lt;/p&gt;'
  repeat 100000 '&lt;div&gt;'; printf 'deepest'; repeat 100000 '&lt;/div&gt;'
  printf '</inlineData></contentSet>\n</newsItem>\n'; } > "$G/deep-html-escaped.xml"
{ item_open huge-text-50mb; nitf_open; printf '<p>'; words 52428800; printf '</p>'; nitf_close; } > "$G/huge-text-50mb.xml"
# 5 MB: under libxml2's text limit, so it reaches the body converter and the wrapper.
{ item_open long-paragraph-5mb; nitf_open; printf '<p>'; words 5242880; printf '</p>'; nitf_close; } > "$G/long-paragraph-5mb.xml"
{ item_open long-word-5mb; nitf_open; printf '<p>Before '; repeat 5242880 x; printf ' after.</p>'; nitf_close; } > "$G/long-word-5mb.xml"
{ item_open huge-attribute; nitf_open; printf '<p class="'; repeat 16777216 a; printf '">Text.</p>'; nitf_close; } > "$G/huge-attribute.xml"
{ item_open big-attribute-1mb; nitf_open; printf '<p class="'; repeat 1048576 a; printf '">Text after a big attribute.</p>'; nitf_close; } > "$G/big-attribute-1mb.xml"
# Many small elements: 200,000 paragraphs (about 5 MB).
{ item_open many-paragraphs; nitf_open; repeat 200000 '<p>One short paragraph.</p>'; nitf_close; } > "$G/many-paragraphs.xml"

# ---- expectations -----------------------------------------------------------
# NAME|FILE|EXIT|REGEX
#   EXIT 3: refused: one line "FILE[:LINE]: message" matching REGEX (extended, case-insensitive).
#   EXIT 0: converted: stdout contains REGEX (fixed string); warnings allowed if they name the file.
CASES="
xxe-local-file|$H/xxe-local-file.xml|3|entit
billion-laughs|$H/billion-laughs.xml|3|entit
parameter-entity|$H/parameter-entity.xml|3|entit
external-dtd-http|$H/external-dtd-http.xml|3|remote
external-dtd-local|$H/external-dtd-local.xml|3|leak
external-dtd-passwd|$H/external-dtd-passwd.xml|0|DTD path to passwd
invalid-utf8-headline|$H/invalid-utf8-headline.xml|3|utf-?8|encoding
empty|$H/empty.xml|3|empty
not-xml|$H/not-xml.xml|3|xml
root-rss|$H/root-rss.xml|3|rss
fragment-contentmeta|$H/fragment-contentmeta.xml|3|contentMeta
truncated|$H/truncated.xml|3|xml|end|premature|truncat
foreign-namespace|$H/foreign-namespace.xml|3|namespace
undefined-entity|$H/undefined-entity.xml|3|nbsp
nul-byte|$H/nul-byte.xml|3|0x0|nul
utf16-bom|$H/utf16-bom.xml|0|Ünïcödé in UTF-16: Ελληνικά 漢字
no-headline|$H/no-headline.xml|0|HOSTILE-no-headline
hostile-hrefs|$H/hostile-hrefs.xml|0|Last paragraph.
hostile-slugline|$H/hostile-slugline.xml|0|A slugline built to break file names
xinclude|$H/xinclude.xml|0|After the include.
html-escaped-doctype|$H/html-escaped-doctype.xml|0|Second paragraph.
deep-nesting|$G/deep-nesting.xml|3|depth|deep|nest
deep-within-limit|$G/deep-within-limit.xml|0|Shallow paragraph.
deep-html-escaped|$G/deep-html-escaped.xml|0|Shallow paragraph.
huge-text-50mb|$G/huge-text-50mb.xml|3|larger than the limit
long-paragraph-5mb|$G/long-paragraph-5mb.xml|0|the harbour master said
long-word-5mb|$G/long-word-5mb.xml|0|Before
huge-attribute|$G/huge-attribute.xml|3|attr|long|huge|limit
big-attribute-1mb|$G/big-attribute-1mb.xml|0|Text after a big attribute.
many-paragraphs|$G/many-paragraphs.xml|0|One short paragraph.
"

# Secrets that must never show: /etc/passwd's first line, the local DTD's marker,
# the text of the parameter entity, and expanded laughs.
leaked() {
    grep -a -q -e 'root:x:0:' -e 'LEAKED-FROM-LOCAL-DTD' -e 'parameter-entity-expanded' \
        -e 'lollollollol' "$@"
}

# is_summary LINE: the batch summary "newsml2txt: N converted, ..."
is_summary() { printf '%s\n' "$1" | grep -q -E '^newsml2txt: [0-9]+ converted, '; }

# run_case NAME FILE EXIT REGEX [INPUT-ARG]
run_case() {
    name=$1 file=$2 want=$3 re=$4 arg=${5:-$2}
    shown=$arg; [ "$arg" = - ] && shown='<stdin>'
    out="$NP_TMP/$name.out" err="$NP_TMP/$name.err"
    t0=$(date +%s%N)
    if [ "$arg" = - ]; then
        timeout "$LIMIT" "$TXT" --at 2026-11-28 - <"$file" >"$out" 2>"$err"
    else
        timeout "$LIMIT" "$TXT" --at 2026-11-28 "$arg" >"$out" 2>"$err"
    fi
    rc=$?
    ms=$((($(date +%s%N) - t0) / 1000000))
    secs=$((ms / 1000)).$(printf '%03d' $((ms % 1000)))
    why=
    if [ $rc -eq 124 ]; then
        why="timed out after ${LIMIT}s"
    elif [ $rc -ge 128 ]; then
        why="killed by signal $((rc - 128))"
    elif [ $rc -ne "$want" ]; then
        why="exit status $rc, expected $want"
    fi
    if leaked "$out" "$err"; then
        why="${why:+$why; }protected content appears in the output"
    fi
    # stderr: lines naming the file (its messages) and the summary; nothing else.
    mine=0 other=0 matched=0
    while IFS= read -r line; do
        case "$line" in
        "$shown: "* | "$shown:"[0-9]*": "*)
            mine=$((mine + 1))
            printf '%s\n' "${line#"$shown"}" | grep -q -i -E -e "$re" && matched=1 ;;
        *) is_summary "$line" || other=$((other + 1)) ;;
        esac
    done <"$err"
    if [ "$want" -eq 3 ]; then
        [ $mine -eq 1 ] || why="${why:+$why; }$mine messages naming the file on stderr, expected exactly 1"
        [ $matched -eq 1 ] || why="${why:+$why; }the message does not match /$re/"
        [ -s "$out" ] && why="${why:+$why; }output written for a refused input"
    else
        grep -a -q -F -e "$re" "$out" || why="${why:+$why; }stdout lacks '$re'"
    fi
    [ $other -eq 0 ] || why="${why:+$why; }$other stderr lines that neither name the file nor are the summary"
    if [ -z "$why" ]; then
        pass "hostile/$name (${secs}s)"
    else
        fail "hostile/$name: $why (${secs}s)"
        sed 's/^/    stderr: /' "$err" | cut -c1-300 | head -8
    fi
}

refused_files=()
all_files=()
while IFS='|' read -r name file want re; do
    [ -n "$name" ] || continue
    run_case "$name" "$file" "$want" "$re"
    all_files+=("$file")
    [ "$want" -eq 3 ] && refused_files+=("$file")
done <<EOF
$CASES
EOF

# The warning for an item with no headline, word for word: the slugline stands in.
if grep -q -F "$H/no-headline.xml:2: warning: item has no headline; using \"HOSTILE-no-headline\" instead" \
    "$NP_TMP/no-headline.err"; then
    pass "hostile/no-headline: warning names the slugline"
else
    fail "hostile/no-headline: warning text"; sed 's/^/    stderr: /' "$NP_TMP/no-headline.err"
fi
# A parse error points at its line.
if grep -q -E "^$H/truncated.xml:[0-9]+: " "$NP_TMP/truncated.err"; then
    pass "hostile/truncated: the message gives a line number"
else
    fail "hostile/truncated: no line number"; sed 's/^/    stderr: /' "$NP_TMP/truncated.err"
fi
# The UTF-16 item's headline comes out as UTF-8 at the top of the text.
if head -3 "$NP_TMP/utf16-bom.out" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 &&
    head -3 "$NP_TMP/utf16-bom.out" | grep -q -F 'Ελληνικά'; then
    pass "hostile/utf16-bom: headline converted to UTF-8"
else
    fail "hostile/utf16-bom: headline not converted"; head -5 "$NP_TMP/utf16-bom.out" | sed 's/^/    /'
fi
# No control characters reach the text: C0 other than tab/newline (a CR from
# &#xD; would overwrite a terminal line) and C1 (U+0080-U+009F; U+009B is CSI,
# a terminal escape).  hostile-slugline.xml carries &#x85;, &#x9B;2J and &#xD;.
ctl=$(LC_ALL=C grep -a -n -P '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$NP_TMP/hostile-slugline.out")
if [ -z "$ctl" ]; then
    pass "hostile/hostile-slugline: no control characters in the text"
else
    fail "hostile/hostile-slugline: control characters reach the text output"
    printf '%s\n' "$ctl" | cat -v | head -5 | sed 's/^/    /'
fi
# stdin gets the same treatment, named <stdin>.
run_case stdin-xxe "$H/xxe-local-file.xml" 3 entit -

# ---- no file outside the input's folder is opened, no socket ----------------
if command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true 2>/dev/null; then
    strace -f -qq -e trace=open,openat,connect,socket -o "$NP_TMP/strace.log" \
        timeout "$LIMIT" "$TXT" --quiet --at 2026-11-28 "$H"/*.xml >/dev/null 2>&1
    bad=$(grep -E '"(file://)?/etc/passwd"|leak\.dtd"|x\.dtd"|(^|[ ])(connect|socket)\(' "$NP_TMP/strace.log")
    if [ -z "$bad" ]; then
        pass "hostile/no-outside-reads: no /etc/passwd, DTD or socket touched"
    else
        fail "hostile/no-outside-reads"; printf '%s\n' "$bad" | head -10 | sed 's/^/    /'
    fi
else
    skip "hostile/no-outside-reads (strace not usable here)"
fi

# ---- one batch: a valid item among all the hostile files -------------------
valid="$NP_ROOT/samples/2026-11-16-lead-harbour.xml"
[ -f "$valid" ] || valid=$(ls "$NP_ROOT"/tests/golden/txt/*.xml | head -1)
headline=$(sed -n 's:.*<headline[^>]*>\([^<]*\)</headline>.*:\1:p' "$valid" | head -1)
[ -n "$headline" ] || headline="(no headline found in $valid)"
nref=${#refused_files[@]}
timeout $((LIMIT * 3)) "$TXT" --at 2026-11-28 "$valid" "${all_files[@]}" \
    >"$NP_TMP/batch.out" 2>"$NP_TMP/batch.err"
rc=$?
summary=$(grep -E '^newsml2txt: [0-9]+ converted, ' "$NP_TMP/batch.err" | tail -1)
why=
[ $rc -eq 1 ] || why="exit status $rc, expected 1 (partial)"
grep -q -F -e "$headline" "$NP_TMP/batch.out" || why="${why:+$why; }the valid item's headline '$headline' is missing"
printf '%s\n' "$summary" | grep -q -E " $nref failed \\($nref files unreadable\\)" ||
    why="${why:+$why; }summary does not count $nref failures: '$summary'"
leaked "$NP_TMP/batch.out" "$NP_TMP/batch.err" && why="${why:+$why; }protected content in the output"
grep -q -E 'AddressSanitizer|LeakSanitizer|runtime error:' "$NP_TMP/batch.err" && why="${why:+$why; }sanitizer report on stderr"
for f in "${refused_files[@]}"; do
    grep -q -F -e "$f:" "$NP_TMP/batch.err" || why="${why:+$why; }no message for $(basename "$f")"
done
if [ -z "$why" ]; then
    pass "hostile/batch: valid item converted among $nref refused files ($summary)"
else
    fail "hostile/batch: $why"; tail -5 "$NP_TMP/batch.err" | cut -c1-300 | sed 's/^/    stderr: /'
fi

# ---- inputs that are not files, or not in the folder (issue 14.5) ---------
# In an input folder: a *.xml FIFO, a *.xml symlink to a FIFO, a symlink to
# a file outside the folder (a valid item that must not be read) and one to
# a file inside it.  No program may hang; the FIFOs are refused, the outside
# link is refused with a warning naming it, the rest converts.
IN="$NP_TMP/inputs"
mkdir -p "$IN/news" "$IN/outside"
cp "$valid" "$IN/news/a-valid.xml"
mkfifo "$IN/news/fifo" "$IN/news/c-fifo.xml"
ln -s fifo "$IN/news/b-fifo-link.xml"
sed -e 's/guid="[^"]*"/guid="urn:newsprint:test:outside"/' \
    -e 's:<headline\([^>]*\)>[^<]*</headline>:<headline\1>OUTSIDE-SECRET</headline>:' "$valid" >"$IN/outside/secret.xml"
ln -s ../outside/secret.xml "$IN/news/d-outside-link.xml"
ln -s a-valid.xml "$IN/news/e-inside-link.xml"
for P in newsml2txt newsml2pdf newsml2epub; do
    [ -x "$BIN/$P" ] || { fail "hostile/inputs: $BIN/$P not built"; continue; }
    out="$NP_TMP/inputs.$P"
    timeout "$LIMIT" "$BIN/$P" --at 2026-11-28 -o "$out" "$IN/news" >/dev/null 2>"$NP_TMP/inputs.err"
    rc=$?
    why=
    [ $rc -eq 124 ] && why="timed out after ${LIMIT}s"
    [ $rc -eq 1 ] || [ -n "$why" ] || why="exit status $rc, expected 1"
    for f in b-fifo-link.xml c-fifo.xml; do
        grep -q -F "$IN/news/$f: not a regular file" "$NP_TMP/inputs.err" || why="${why:+$why; }no refusal for $f"
    done
    grep -q -F "$IN/news/d-outside-link.xml: warning: symbolic link to $(cd "$IN/outside" && pwd -P)/secret.xml, outside the input folder" \
        "$NP_TMP/inputs.err" || why="${why:+$why; }no warning for the outside link"
    grep -q -F "secret.xml:" "$NP_TMP/inputs.err" && why="${why:+$why; }the outside file was read"
    case $P in
    newsml2txt) text=$(cat "$out" 2>/dev/null) ;;
    newsml2epub) text=$(unzip -p "$out" 'EPUB/*.xhtml' 2>/dev/null) ;;
    *) text=$headline ;; # the PDF's text is compressed: stderr says enough
    esac
    printf '%s' "$text" | grep -q -F "$headline" || why="${why:+$why; }the valid item is missing"
    printf '%s' "$text" | grep -q -F OUTSIDE-SECRET && why="${why:+$why; }the outside file's item is in the output"
    if [ -z "$why" ]; then
        pass "hostile/inputs/$P: FIFOs refused, outside symlink refused with a warning, no hang"
    else
        fail "hostile/inputs/$P: $why"; sed 's/^/    stderr: /' "$NP_TMP/inputs.err" | head -8
    fi
done
# A FIFO named on the command line is refused too, not waited on.
timeout "$LIMIT" "$TXT" --at 2026-11-28 "$IN/news/c-fifo.xml" >/dev/null 2>"$NP_TMP/fifo.err"
rc=$?
if [ $rc -eq 3 ] && grep -q -F "$IN/news/c-fifo.xml: not a regular file" "$NP_TMP/fifo.err"; then
    pass "hostile/inputs: a FIFO given as input is refused (exit 3)"
else
    fail "hostile/inputs: a FIFO given as input: exit status $rc"; sed 's/^/    stderr: /' "$NP_TMP/fifo.err"
fi
# Standard input has the size limit of files: an endless stream is refused.
yes | timeout $((LIMIT * 3)) "$TXT" --at 2026-11-28 - >/dev/null 2>"$NP_TMP/yes.err"
rc=${PIPESTATUS[1]}
if [ $rc -eq 3 ] && grep -q -F "<stdin>: standard input is larger than the limit of 268435456 bytes" "$NP_TMP/yes.err"; then
    pass "hostile/inputs: an endless standard input stops at the size limit (exit 3)"
else
    fail "hostile/inputs: endless standard input: exit status $rc"; sed 's/^/    stderr: /' "$NP_TMP/yes.err" | head -3
fi
