#!/bin/bash
# Ace by DAISY finds no accessibility violation (of any impact) in the
# digests of samples/, of the right-to-left and CJK samples alone and, when
# ../shared/ is there, of the real NewsML-G2 files.  Ace is installed on
# first use (.ci/install-ace); without it (no registry) the test skips.
. "$(dirname "$0")/lib.sh"
EPUB="$BIN/newsml2epub"
if [ ! -x "$EPUB" ]; then
    fail "newsml2epub is built ($EPUB)"
    exit 0
fi
if ! ACE=$("$NP_ROOT/.ci/install-ace" 2>"$NP_TMP/install.err"); then
    skip "Ace by DAISY (cannot be installed: $(tail -1 "$NP_TMP/install.err"))"
    exit 0
fi
export PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium

# ace NAME FILE: Ace's report lists no violation.
ace() {
    local name=$1 file=$2 out="$NP_TMP/ace-$RANDOM"
    if ! (cd "$NP_TMP" && "$ACE" --silent --force --outdir "$out" "$file") >"$NP_TMP/ace.log" 2>&1 ||
       [ ! -f "$out/report.json" ]; then
        fail "Ace: $name (Ace did not run)"
        tail -5 "$NP_TMP/ace.log" | sed 's/^/    /'
        return
    fi
    check "Ace: $name: no violations" python3 - "$out/report.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
bad = [(a["earl:testSubject"]["url"], t["earl:test"]["dct:title"], t["earl:test"]["earl:impact"],
        t["earl:result"]["dct:description"][:200])
       for a in report["assertions"] for t in a["assertions"]
       if t["earl:result"]["earl:outcome"] == "fail"]
for b in bad:
    print(*b)
sys.exit(1 if bad else 0)
PY
}

digest() { # NAME OUT INPUTS...
    local name=$1 out=$2
    shift 2
    if "$EPUB" --quiet --at 2026-11-28 -o "$out" "$@" 2>"$NP_TMP/err"; then
        ace "$name" "$out"
    else
        fail "$name: newsml2epub $*"
        sed 's/^/    /' "$NP_TMP/err" | head
    fi
}

digest "digest of samples/" "$NP_TMP/samples.epub" --week 2026-W47 "$NP_ROOT/samples"
digest "the right-to-left sample alone" "$NP_TMP/rtl.epub" "$NP_ROOT"/samples/*-rtl.xml
digest "the CJK sample alone" "$NP_TMP/cjk.epub" "$NP_ROOT"/samples/*-cjk.xml
if need_shared "Ace: digest of ../shared/newsml-g2/real/"; then
    digest "digest of ../shared/newsml-g2/real/" "$NP_TMP/real.epub" "$SHARED/newsml-g2/real"
fi
