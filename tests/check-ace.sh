#!/bin/bash
# Ace by DAISY finds no accessibility violation (of any impact) in the
# digests of samples/, of the right-to-left and CJK samples alone, of a
# synthetic week of 1,000 items (bench/gen.py) and, when ../shared/ is
# there, of the real NewsML-G2 files.  The week's digest also passes
# epubcheck here (check-epub.sh checks the others).  Ace is installed on
# first use (.ci/install-ace); without it (no registry) the Ace checks skip.
. "$(dirname "$0")/lib.sh"
EPUB="$BIN/newsml2epub"
if [ ! -x "$EPUB" ]; then
    fail "newsml2epub is built ($EPUB)"
    exit 0
fi

# digest NAME OUT INPUTS...: make the digest; FAIL with its messages if not.
digest() {
    local name=$1 out=$2
    shift 2
    "$EPUB" --quiet --at 2026-11-28 -o "$out" "$@" 2>"$NP_TMP/err" && return 0
    fail "$name: newsml2epub $*"
    sed 's/^/    /' "$NP_TMP/err" | head
    return 1
}

# The digests, named by what they hold.
names=() files=()
add() { # NAME OUT INPUTS...
    digest "$@" && names+=("$1") && files+=("$2")
}
add "digest of samples/" "$NP_TMP/samples.epub" --week 2026-W47 "$NP_ROOT/samples"
add "the right-to-left sample alone" "$NP_TMP/rtl.epub" "$NP_ROOT"/samples/*-rtl.xml
add "the CJK sample alone" "$NP_TMP/cjk.epub" "$NP_ROOT"/samples/*-cjk.xml
if need_shared "Ace: digest of ../shared/newsml-g2/real/"; then
    add "digest of ../shared/newsml-g2/real/" "$NP_TMP/real.epub" "$SHARED/newsml-g2/real"
fi
# a week (Monday 2026-11-16 to Sunday 2026-11-22) of 1,000 items
WEEK_ITEMS=1000
if python3 "$NP_ROOT/bench/gen.py" --items $WEEK_ITEMS --seed 2026 "$NP_TMP/week" >/dev/null 2>&1; then
    if add "a week of $WEEK_ITEMS items" "$NP_TMP/week.epub" --week 2026-W47 "$NP_TMP/week"; then
        check_epub "epubcheck: digest of a week of $WEEK_ITEMS items (bench/gen.py)" "$NP_TMP/week.epub"
    fi
else
    fail "bench/gen.py --items $WEEK_ITEMS makes a week of items"
fi

if ! ACE=$("$NP_ROOT/.ci/install-ace" 2>"$NP_TMP/install.err"); then
    skip "Ace by DAISY (cannot be installed: $(tail -1 "$NP_TMP/install.err"))"
    exit 0
fi
export PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium

# ace NAME FILE: Ace's report lists no violation.
ace() {
    local name=$1 file=$2 out="$NP_TMP/ace-$RANDOM" t0=$SECONDS
    if ! (cd "$NP_TMP" && "$ACE" --silent --force --outdir "$out" "$file") >"$NP_TMP/ace.log" 2>&1 ||
       [ ! -f "$out/report.json" ]; then
        fail "Ace: $name (Ace did not run)"
        tail -5 "$NP_TMP/ace.log" | sed 's/^/    /'
        return
    fi
    check "Ace: $name: no violations ($((SECONDS - t0)) s)" python3 - "$out/report.json" <<'PY'
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

# Ace spends about 0.75 CPU-second a document (a chromium page with axe)
# and parses the package in time quadratic in the spine's length, so the
# week of 1,000 articles is by far the longest check: measured on
# 2026-12-02, 15 CPU-minutes (896 s) and 57 minutes on a shared 2-CPU
# machine, 975 documents, 0 violations.  It runs only with NP_SLOW_TESTS=1.
for i in "${!files[@]}"; do
    if [ "${files[$i]}" = "$NP_TMP/week.epub" ] && [ "${NP_SLOW_TESTS:-0}" != 1 ]; then
        skip "Ace: ${names[$i]} (slow: NP_SLOW_TESTS=1 runs it)"
        continue
    fi
    ace "${names[$i]}" "${files[$i]}"
done
